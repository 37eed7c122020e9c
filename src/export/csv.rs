//! CSV out, for Excel, Tableau, Datawrapper and BigQuery: a row a leg (and a row an
//! off-network connector) and a row a stop, with the GeoJSON properties as columns
//! (the simplestyle keys left out), the geometry as WKT in the first column (`WKT`,
//! the name GDAL's CSV driver reads geometry from), and `lat`/`lon` (a stop, or a
//! leg's start) and `end_lat`/`end_lon` (a leg's end). Dates are ISO 8601, booleans
//! `true`/`false`. UTF-8 with a byte-order mark, so Excel reads the accents and
//! scripts in place names.

use geojson::{Feature, JsonValue, Value};

use super::geojson::{features, Part};
use crate::model::Document;

/// Columns left out: styling for geojson.io, meaningless in a table.
const STYLE_KEYS: [&str; 3] = ["stroke", "stroke-width", "marker-color"];

fn wkt_line(line: &[Vec<f64>]) -> String {
    let points: Vec<String> = line.iter().map(|p| format!("{} {}", p[0], p[1])).collect();
    format!("({})", points.join(", "))
}

/// The feature's geometry as WKT.
pub fn wkt(f: &Feature) -> String {
    match f.geometry.as_ref().map(|g| &g.value) {
        Some(Value::Point(p)) => format!("POINT ({} {})", p[0], p[1]),
        Some(Value::LineString(l)) => format!("LINESTRING {}", wkt_line(l)),
        Some(Value::MultiLineString(m)) => {
            let parts: Vec<String> = m.iter().map(|l| wkt_line(l)).collect();
            format!("MULTILINESTRING ({})", parts.join(", "))
        }
        _ => "GEOMETRYCOLLECTION EMPTY".to_owned(),
    }
}

/// The first and last positions of a feature.
fn ends(f: &Feature) -> (Option<Vec<f64>>, Option<Vec<f64>>) {
    match f.geometry.as_ref().map(|g| &g.value) {
        Some(Value::Point(p)) => (Some(p.clone()), None),
        Some(Value::LineString(l)) => (l.first().cloned(), l.last().cloned()),
        Some(Value::MultiLineString(m)) => (
            m.first().and_then(|l| l.first()).cloned(),
            m.last().and_then(|l| l.last()).cloned(),
        ),
        _ => (None, None),
    }
}

/// The document as CSV text (with its byte-order mark).
pub fn write(doc: &Document) -> String {
    let features = features(doc, Part::All);
    let mut columns: Vec<String> = Vec::new();
    for f in &features {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            if !STYLE_KEYS.contains(&k.as_str()) && !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut header = vec!["WKT".to_owned()];
    header.extend(columns.iter().cloned());
    header.extend(["lat", "lon", "end_lat", "end_lon"].map(String::from));
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    for f in &features {
        let props = f.properties.clone().unwrap_or_default();
        let mut row = vec![wkt(f)];
        for c in &columns {
            row.push(match props.get(c) {
                None | Some(JsonValue::Null) => String::new(),
                Some(JsonValue::String(s)) => s.clone(),
                Some(other) => other.to_string(),
            });
        }
        let (start, end) = ends(f);
        for p in [start, end] {
            match p {
                Some(p) => row.extend([p[1].to_string(), p[0].to_string()]),
                None => row.extend([String::new(), String::new()]),
            }
        }
        let _ = w.write_record(&row);
    }
    let body = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&body))
}

/// A GDAL `.csvt` sidecar: the type of each column of [`write()`]'s file, so GDAL
/// types them the same whatever the data.
pub fn csvt(doc: &Document) -> String {
    let with_time = crate::timeline::uses_time(doc);
    let text = write(doc);
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned();
    let types: Vec<&str> = header
        .split(',')
        .map(|c| match c {
            "WKT" => "WKT",
            "lat" | "lon" | "end_lat" | "end_lon" => "Real",
            name => match super::geojson::field_type(name, with_time) {
                super::geojson::FieldType::Text => "String",
                super::geojson::FieldType::Integer => "Integer",
                super::geojson::FieldType::Real => "Real",
                super::geojson::FieldType::Boolean => "Integer(Boolean)",
                super::geojson::FieldType::Date => "Date",
                super::geojson::FieldType::DateTime => "DateTime",
            },
        })
        .collect();
    format!("{}\r\n", types.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, spec::Source, Options};

    #[test]
    fn rows_columns_and_bom() {
        let src = Source::chain("42.2456N 130.2967E -sea[2023-09-07..2023-09-12; cargo shells, fuses]-> 42.8889N 132.3436E");
        let doc = load(&src, &Options::default()).unwrap();
        let text = write(&doc);
        assert!(text.starts_with("\u{feff}WKT,kind,route_id,"));
        let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header = r.headers().unwrap().clone();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(rows.len(), 3, "a leg and two stops");
        assert!(rows[0][0].starts_with("MULTILINESTRING (("));
        assert_eq!(&rows[0][col("depart")], "2023-09-07");
        assert_eq!(&rows[0][col("cargo")], "shells, fuses");
        assert_eq!(&rows[0][col("lat")], "42.2456");
        assert_eq!(&rows[0][col("end_lon")], "132.3436");
        assert_eq!(&rows[1][0], "POINT (130.2967 42.2456)");
        assert_eq!(&rows[1][col("end_lat")], "");
        assert!(!header.iter().any(|h| h == "stroke-width"));
        let t = csvt(&doc);
        assert_eq!(t.split(',').count(), header.len());
        assert!(t.starts_with("WKT,String,String,"));
    }
}
