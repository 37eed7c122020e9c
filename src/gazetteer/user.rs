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
    /// The file is larger than [`MAX_PLACES_FILE_BYTES`].
    #[error(
        "places file {path} is {}, over the limit of {}",
        crate::text::byte_size(*bytes),
        crate::text::byte_size(MAX_PLACES_FILE_BYTES)
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size.
        bytes: u64,
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
            PlacesFileError::TooLarge { .. } => {
                "keep only the places your documents name, or write them as CSV (a million places fit)"
            }
            PlacesFileError::Csv { .. } => {
                "write one place a row: name,lat,lon[,country], latitude first, decimal degrees"
            }
            PlacesFileError::GeoJson { .. } => {
                "give a FeatureCollection of Point features, each with a `name` property"
            }
        }
    }
}

/// Where a places CSV keeps each value (0-based columns).
#[derive(Debug, Clone, Copy)]
struct Columns {
    name: usize,
    lat: usize,
    lon: usize,
    country: Option<usize>,
}

impl Columns {
    /// `name,lat,lon[,country]`, the order without a header.
    const PLAIN: Columns = Columns {
        name: 0,
        lat: 1,
        lon: 2,
        country: Some(3),
    };

    /// The columns a first row names, `None` when it holds a place (its
    /// coordinates are numbers), or an error when it is neither: a row of data
    /// with a bad value must not be dropped as if it were a header.
    fn of_header(row: &csv::StringRecord) -> Result<Option<Columns>, String> {
        let number = |c: usize| row.get(c).is_some_and(|v| v.parse::<f64>().is_ok());
        if number(1) && number(2) {
            return Ok(None);
        }
        let mut found = [None; 4];
        let mut unknown = Vec::new();
        for (c, cell) in row.iter().enumerate() {
            let k = match cell.to_ascii_lowercase().as_str() {
                "name" | "place" => 0,
                "lat" | "latitude" => 1,
                "lon" | "lng" | "long" | "longitude" => 2,
                "country" | "cc" | "iso2" => 3,
                _ => {
                    unknown.push(crate::text::cut(cell, 40).into_owned());
                    continue;
                }
            };
            found[k].get_or_insert(c);
        }
        match found {
            [Some(name), Some(lat), Some(lon), country] if unknown.is_empty() => {
                Ok(Some(Columns {
                    name,
                    lat,
                    lon,
                    // `name,lat,lon` over rows with a fourth value: the country, as
                    // without a header
                    country: country.or((row.len() == 3).then_some(3)),
                }))
            }
            // Not a header, and the wrong width for a place: the caller says so.
            _ if found.iter().all(Option::is_none) && !(3..=4).contains(&row.len()) => Ok(None),
            _ if found.iter().any(Option::is_some) => Err(format!(
                "the header row needs the columns name, lat and lon (and may have \
                 country); it has {}",
                row.iter()
                    .map(|c| format!("`{}`", crate::text::cut(c, 40)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            _ => Err(format!(
                "the first row is neither a header (name,lat,lon[,country]) nor a \
                 place: latitude `{}` or longitude `{}` is not a number",
                crate::text::cut(row.get(1).unwrap_or(""), 40),
                crate::text::cut(row.get(2).unwrap_or(""), 40)
            )),
        }
    }
}

/// The largest `--places` file read: 64 MiB, about 1.8 million places in CSV
/// (750 MB of memory) or 470,000 GeoJSON features (1.3 GB: a GeoJSON places file
/// is still parsed into a document tree; BENCHMARKS.md).
pub const MAX_PLACES_FILE_BYTES: u64 = 64 << 20;

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
        let io = |e: std::io::Error| PlacesFileError::Io {
            path: shown.clone(),
            reason: e.to_string(),
        };
        let bytes = std::fs::metadata(path).map_err(io)?.len();
        if bytes > MAX_PLACES_FILE_BYTES {
            return Err(PlacesFileError::TooLarge {
                path: shown.clone(),
                bytes,
            });
        }
        let text = std::fs::read_to_string(path).map_err(io)?;
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

    /// Adds the places of CSV text `name,lat,lon[,country]`. The first row is a
    /// header when its cells are column names (`name`, `lat`/`latitude`,
    /// `lon`/`lng`/`longitude`, `country`/`cc`, any case), which may then come in any
    /// order; a first row that is neither a header nor a place is an error, so a
    /// place is never dropped as a header. `origin` names the file in errors.
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
        let mut cols = Columns::PLAIN;
        let mut first = true;
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
            if std::mem::take(&mut first) {
                match Columns::of_header(&row) {
                    Ok(Some(header)) => {
                        cols = header;
                        continue;
                    }
                    Ok(None) => {}
                    Err(reason) => return Err(err(line, reason)),
                }
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
            let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).unwrap_or("");
            let (name, lat, lon) = (
                cell(Some(cols.name)),
                cell(Some(cols.lat)),
                cell(Some(cols.lon)),
            );
            let (Ok(lat), Ok(lon)) = (lat.parse::<f64>(), lon.parse::<f64>()) else {
                return Err(err(
                    line,
                    format!("latitude `{lat}` or longitude `{lon}` is not a number"),
                ));
            };
            if name.is_empty() {
                return Err(err(line, "the place has no name".to_owned()));
            }
            let at = LonLat::new(lon, lat).map_err(|e| err(line, e.to_string()))?;
            let country = Some(cell(cols.country))
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
    fn csv_header_is_known_by_its_column_names() {
        // Any order and case; the country column optional.
        let mut u = UserPlaces::default();
        let text = "Longitude,Name,Latitude\n40.1,Depot A,45.5\n";
        assert_eq!(u.add_csv(text, "p.csv"), Ok(1));
        let a = u.get("depot a").unwrap();
        assert_eq!((a.at.lat(), a.at.lon()), (45.5, 40.1));
        // A first row of data whose coordinates are not numbers is an error at
        // line 1, never dropped as a header.
        let mut u = UserPlaces::default();
        let e = u
            .add_csv(
                "Tikhoretsk arsenal,45.86N,40.13E\nDepot,45.5,40.1\n",
                "p.csv",
            )
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "p.csv:1: the first row is neither a header (name,lat,lon[,country]) nor a \
             place: latitude `45.86N` or longitude `40.13E` is not a number"
        );
        // A header that names some columns but not all is an error naming them.
        let e = u
            .add_csv("name,y,x\nDepot,45.5,40.1\n", "p.csv")
            .unwrap_err();
        assert!(e.to_string().contains("it has `name`, `y`, `x`"), "{e}");
        // Comments and blank lines before the header are skipped.
        let mut u = UserPlaces::default();
        assert_eq!(u.add_csv("# mine\n\nname,lat,lon\nB,1,2\n", "p.csv"), Ok(1));
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
