//! The user's own places: `[[place]]` entries and `--places` files, consulted first.
//!
//! A `--places` file is CSV (`name,lat,lon[,country]`, with or without that header
//! row) or GeoJSON (Point features with a `name` property, and optionally `country`).

use std::collections::HashMap;
use std::path::Path;

use crate::model::{LonLat, Place, PlaceKind};

/// Why a `--places` file could not be read. Lines are 1-based.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum PlacesFileError {
    /// The file could not be read.
    #[error("cannot read places file {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The system's reason.
        reason: String,
    },
    /// A CSV row is not `name,lat,lon[,country]`.
    #[error("{path}:{line}: {reason}")]
    Csv {
        /// The file.
        path: String,
        /// The row's line.
        line: u64,
        /// What is wrong.
        reason: String,
    },
    /// The GeoJSON is malformed or a feature is unusable.
    #[error("{path}: {reason}")]
    GeoJson {
        /// The file.
        path: String,
        /// What is wrong (which feature).
        reason: String,
    },
}

impl PlacesFileError {
    /// A hint on what to do, for the CLI to show.
    pub fn help(&self) -> &'static str {
        match self {
            PlacesFileError::Io { .. } => "check the path given to --places",
            PlacesFileError::Csv { .. } => {
                "write one place a row: name,lat,lon[,country], latitude first, decimal degrees"
            }
            PlacesFileError::GeoJson { .. } => {
                "give a FeatureCollection of Point features, each with a `name` property"
            }
        }
    }
}

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
            gazetteer_name: None,
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

    /// Reads a `--places` file (CSV or GeoJSON, by extension, else by content) and
    /// adds its places; returns how many it added.
    pub fn load_file(&mut self, path: &Path) -> Result<usize, PlacesFileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| PlacesFileError::Io {
            path: shown.clone(),
            reason: e.to_string(),
        })?;
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let geojson = match ext.as_deref() {
            Some("geojson" | "json") => true,
            Some("csv" | "txt") => false,
            _ => text.trim_start().starts_with('{'),
        };
        if geojson {
            self.add_geojson(&text, &shown)
        } else {
            self.add_csv(&text, &shown)
        }
    }

    /// Adds the places of CSV text `name,lat,lon[,country]`; a first row whose
    /// latitude is not a number is taken as a header. `origin` names the file in errors.
    ///
    /// ```
    /// let mut u = shipmap::gazetteer::UserPlaces::default();
    /// let n = u.add_csv("name,lat,lon,country\nTikhoretsk arsenal,45.86,40.13,RU\n", "p.csv").unwrap();
    /// assert_eq!(n, 1);
    /// assert_eq!(u.get("tikhoretsk arsenal").unwrap().country.as_deref(), Some("RU"));
    /// ```
    pub fn add_csv(&mut self, text: &str, origin: &str) -> Result<usize, PlacesFileError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .comment(Some(b'#'))
            .from_reader(text.as_bytes());
        let mut added = 0;
        for (i, row) in reader.records().enumerate() {
            let err = |line: u64, reason: String| PlacesFileError::Csv {
                path: origin.to_owned(),
                line,
                reason,
            };
            let row = row.map_err(|e| {
                let line = e.position().map_or(0, |p| p.line());
                err(line, e.to_string())
            })?;
            let line = row.position().map_or(i as u64 + 1, |p| p.line());
            if row.iter().all(str::is_empty) {
                continue;
            }
            if row.len() < 3 || row.len() > 4 {
                return Err(err(
                    line,
                    format!(
                        "expected 3 or 4 columns (name,lat,lon[,country]), found {}",
                        row.len()
                    ),
                ));
            }
            let (name, lat, lon) = (&row[0], &row[1], &row[2]);
            let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
                if i == 0 {
                    continue; // a header row
                }
                return Err(err(
                    line,
                    format!("latitude `{lat}` or longitude `{lon}` is not a number"),
                ));
            };
            if name.is_empty() {
                return Err(err(line, "the place has no name".to_owned()));
            }
            let at = LonLat::new(lon, lat).map_err(|e| err(line, e.to_string()))?;
            let country = row
                .get(3)
                .filter(|c| !c.is_empty())
                .map(str::to_ascii_uppercase);
            self.insert(name, at, country);
            added += 1;
        }
        Ok(added)
    }

    /// Adds the Point features of GeoJSON text, named by their `name` property.
    pub fn add_geojson(&mut self, text: &str, origin: &str) -> Result<usize, PlacesFileError> {
        let err = |reason: String| PlacesFileError::GeoJson {
            path: origin.to_owned(),
            reason,
        };
        let gj: geojson::GeoJson = text
            .parse()
            .map_err(|e: geojson::Error| err(e.to_string()))?;
        let features = match gj {
            geojson::GeoJson::FeatureCollection(fc) => fc.features,
            geojson::GeoJson::Feature(f) => vec![f],
            geojson::GeoJson::Geometry(_) => {
                return Err(err(
                    "a bare geometry has no name; wrap it in a Feature".to_owned()
                ))
            }
        };
        let mut added = 0;
        for (i, f) in features.iter().enumerate() {
            let n = i + 1;
            let name = ["name", "Name", "NAME", "title"]
                .iter()
                .find_map(|k| f.property(k).and_then(|v| v.as_str()))
                .ok_or_else(|| err(format!("feature {n} has no `name` property")))?;
            let point = match f.geometry.as_ref().map(|g| &g.value) {
                Some(geojson::Value::Point(p)) if p.len() >= 2 => p,
                _ => return Err(err(format!("feature {n} (`{name}`) is not a Point"))),
            };
            let at = LonLat::new(point[0], point[1])
                .map_err(|e| err(format!("feature {n} (`{name}`): {e}")))?;
            let country = ["country", "cc", "iso2"]
                .iter()
                .find_map(|k| f.property(k).and_then(|v| v.as_str()))
                .map(str::to_ascii_uppercase);
            self.insert(name, at, country);
            added += 1;
        }
        Ok(added)
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
    fn csv_with_and_without_header() {
        let mut u = UserPlaces::default();
        let text = "name,lat,lon\nDepot A,45.5,40.1\n\nDepot B , 45.6 , 40.2 , ru\n";
        assert_eq!(u.add_csv(text, "p.csv"), Ok(2));
        assert_eq!(u.get("depot b").unwrap().country.as_deref(), Some("RU"));
        let mut u = UserPlaces::default();
        assert_eq!(u.add_csv("Depot C,45.5,40.1", "p.csv"), Ok(1));
    }

    #[test]
    fn csv_errors_name_the_line() {
        let mut u = UserPlaces::default();
        let e = u
            .add_csv("name,lat,lon\nA,45.5,40.1\nB,95,40\n", "p.csv")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.csv:3: latitude 95 is out of range (90S to 90N)"
        );
        let e = u.add_csv("A,45.5\n", "p.csv").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("p.csv:1: expected 3 or 4 columns"),
            "{e}"
        );
        let e = u
            .add_csv("name,lat,lon\nA,north,40\n", "p.csv")
            .unwrap_err();
        assert!(e.to_string().contains("not a number"), "{e}");
    }

    #[test]
    fn geojson_points_with_names() {
        let mut u = UserPlaces::default();
        let text = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"Depot","country":"ru"},
             "geometry":{"type":"Point","coordinates":[40.13,45.86]}}]}"#;
        assert_eq!(u.add_geojson(text, "p.geojson"), Ok(1));
        let p = u.get("depot").unwrap();
        assert_eq!(
            (p.at.lat(), p.at.lon(), p.country.as_deref()),
            (45.86, 40.13, Some("RU"))
        );
    }

    #[test]
    fn geojson_errors_name_the_feature() {
        let mut u = UserPlaces::default();
        let line = r#"{"type":"Feature","properties":{"name":"Line"},
            "geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}"#;
        let e = u.add_geojson(line, "p.geojson").unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.geojson: feature 1 (`Line`) is not a Point"
        );
        assert!(u.add_geojson("{not json", "p.geojson").is_err());
        let unnamed =
            r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}"#;
        assert!(u
            .add_geojson(unnamed, "p.geojson")
            .unwrap_err()
            .to_string()
            .contains("no `name`"));
    }

    #[test]
    fn load_file_reports_missing_file() {
        let mut u = UserPlaces::default();
        let e = u
            .load_file(Path::new("/nonexistent/places.csv"))
            .unwrap_err();
        assert!(matches!(e, PlacesFileError::Io { .. }));
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
