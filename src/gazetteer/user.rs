//! The user's own places: `[[place]]` entries and `--places` files, consulted first.

use std::collections::HashMap;

use crate::model::{LonLat, Place, PlaceKind};

/// Places defined by the user, looked up by name (case and spacing ignored).
#[derive(Debug, Clone, Default)]
pub struct UserPlaces {
    by_key: HashMap<String, Place>,
}

/// Folds a name for lookup: lowercase, single spaces, no surrounding space.
fn key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl UserPlaces {
    /// Adds a place; a later place with the same name replaces an earlier one.
    pub fn insert(&mut self, name: &str, at: LonLat, country: Option<String>) {
        let place = Place {
            id: format!("user:{}", name.trim()),
            name: name.trim().to_owned(),
            country,
            admin1: None,
            kind: PlaceKind::User,
            at,
            population: None,
        };
        self.by_key.insert(key(name), place);
    }

    /// True when `name` is already defined.
    pub fn contains(&self, name: &str) -> bool {
        self.by_key.contains_key(&key(name))
    }

    /// The place called `name`, if defined.
    pub fn get(&self, name: &str) -> Option<&Place> {
        self.by_key.get(&key(name))
    }

    /// How many places are defined.
    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    /// True when no place is defined.
    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }

    /// User place names within a small edit distance of `text`, closest first.
    pub fn suggest(&self, text: &str, limit: usize) -> Vec<String> {
        let wanted = key(text);
        let mut close: Vec<(usize, &str)> = self
            .by_key
            .iter()
            .map(|(k, p)| (strsim::levenshtein(k, &wanted), p.name.as_str()))
            .filter(|(d, _)| *d <= 2.max(wanted.chars().count() / 4))
            .collect();
        close.sort();
        close
            .into_iter()
            .take(limit)
            .map(|(_, n)| n.to_owned())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_ignores_case_and_spacing() {
        let mut u = UserPlaces::default();
        u.insert(
            "Tikhoretsk  arsenal",
            LonLat::new(40.13, 45.86).unwrap(),
            None,
        );
        assert_eq!(
            u.get("tikhoretsk arsenal").unwrap().name,
            "Tikhoretsk  arsenal"
        );
        assert_eq!(
            u.get(" TIKHORETSK ARSENAL ").unwrap().id,
            "user:Tikhoretsk  arsenal"
        );
        assert!(u.get("Tikhoretsk").is_none());
    }

    #[test]
    fn suggests_near_misses_only() {
        let mut u = UserPlaces::default();
        u.insert(
            "Tikhoretsk arsenal",
            LonLat::new(40.13, 45.86).unwrap(),
            None,
        );
        assert_eq!(
            u.suggest("Tikhoretsk arsenel", 3),
            vec!["Tikhoretsk arsenal"]
        );
        assert!(u.suggest("Vladivostok", 3).is_empty());
    }
}
