//! GeoPackage out: layers `stops` and `legs` with the GeoJSON fields as typed columns,
//! the QGIS styles stored in `layer_styles` as each layer's default, written with
//! SQLite (bundled) as the OGC GeoPackage 1.3 standard lays out; no GDAL needed.
//!
//! Column names are ArcGIS-valid ([`column_name`]: the simplestyle `stroke-width` and
//! `marker-color` become `stroke_width` and `marker_color`). `stops` is written
//! first, which QGIS lists (and draws) on top of `legs`. Each layer's extent in
//! `gpkg_contents` is the plain bounding box of its own coordinates; its
//! description names the data sources ([`super::attribution`]).
//!
//! Geometry blobs are the GeoPackage binary header (magic `GP`, version 0, flags,
//! SRS id, envelope) followed by little-endian WKB. Written by hand: no maintained
//! crate writes GeoPackage without GDAL, and WKB for lines and points is small.

use geojson::{Feature, JsonValue, Value};
use rusqlite::{params_from_iter, Connection};

use super::geojson::{features, field_type, FieldType, Part};
use super::qml;
use crate::model::Document;
use crate::timeline;

/// Why the GeoPackage could not be made.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the GeoPackage: {0}")]
pub struct GpkgError(String);

impl From<rusqlite::Error> for GpkgError {
    fn from(e: rusqlite::Error) -> Self {
        GpkgError(e.to_string())
    }
}

impl From<std::io::Error> for GpkgError {
    fn from(e: std::io::Error) -> Self {
        GpkgError(e.to_string())
    }
}

/// "GPKG" as a big-endian integer: the SQLite application id of a GeoPackage.
const APPLICATION_ID: i32 = 0x4750_4B47;
/// GeoPackage 1.3.0.
const USER_VERSION: i32 = 10300;

/// EPSG:4326 in OGC WKT 1, as GeoPackage readers expect in gpkg_spatial_ref_sys.
const WGS84_WKT: &str = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,\
AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],\
UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],\
AUTHORITY[\"EPSG\",\"4326\"]]";

const SCHEMA: &str = "
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE layer_styles (
  id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
  f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT,
  styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
  update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')));
INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
  VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles');
";

/// The document as GeoPackage bytes, built in a private folder under the system's
/// temporary folder (see [`write_in`]).
pub fn write(doc: &Document) -> Result<Vec<u8>, GpkgError> {
    let dir = tempfile::tempdir()?;
    write_in(doc, dir.path())
}

/// The document as GeoPackage bytes, built as `out.gpkg` in `dir` (a folder the
/// caller owns and removes: the CLI's is inside the output folder).
pub fn write_in(doc: &Document, dir: &std::path::Path) -> Result<Vec<u8>, GpkgError> {
    // SQLite writes to a file; build it there, then hand back the bytes for the
    // caller's all-or-nothing write.
    let path = dir.join("out.gpkg");
    {
        let conn = Connection::open(&path)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        conn.pragma_update(None, "user_version", USER_VERSION)?;
        conn.execute_batch(SCHEMA)?;
        conn.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            (
                "WGS 84 geodetic",
                4326,
                "EPSG",
                4326,
                WGS84_WKT,
                "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid",
            ),
        )?;
        conn.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system')",
            (),
        )?;
        conn.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')",
            (),
        )?;
        let with_time = timeline::uses_time(doc);
        let sources = super::attribution::attribution(doc);
        let describe = |table: &str| {
            let base = contents_description(doc, table);
            match &sources {
                Some(s) => format!("{base}. Sources: {s}"),
                None => base,
            }
        };
        layer(
            &conn,
            "stops",
            "POINT",
            &features(doc, Part::Stops),
            with_time,
            &qml::stops(doc),
            &describe("stops"),
        )?;
        layer(
            &conn,
            "legs",
            "MULTILINESTRING",
            &features(doc, Part::Legs),
            with_time,
            &qml::legs(doc),
            &describe("legs"),
        )?;
    }
    Ok(std::fs::read(&path)?)
}

fn sql_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Text => "TEXT",
        FieldType::Integer => "INTEGER",
        FieldType::Real => "REAL",
        FieldType::Boolean => "BOOLEAN",
        FieldType::Date => "DATE",
        FieldType::DateTime => "DATETIME",
    }
}

/// A property's column name, valid in ArcGIS and every SQL dialect: letters, digits
/// and underscores (the simplestyle keys' hyphens become underscores).
pub fn column_name(property: &str) -> String {
    property.replace('-', "_")
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The layer's description in `gpkg_contents`: the document's title, subtitle and
/// source, which QGIS shows in the layer's metadata.
fn contents_description(doc: &Document, table: &str) -> String {
    let mut parts = vec![doc
        .title
        .clone()
        .unwrap_or_else(|| format!("shipmap {table}"))];
    if let Some(s) = &doc.subtitle {
        parts.push(s.clone());
    }
    if let Some(s) = &doc.source {
        parts.push(format!("Source: {s}"));
    }
    parts.join(". ")
}

fn layer(
    conn: &Connection,
    table: &str,
    geometry_type: &str,
    features: &[Feature],
    with_time: bool,
    style: &str,
    description: &str,
) -> Result<(), GpkgError> {
    let Some(first) = features.first().and_then(|f| f.properties.as_ref()) else {
        return Ok(());
    };
    let names: Vec<&String> = first.keys().collect();
    let columns: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                "{} {}",
                quote(&column_name(n)),
                sql_type(field_type(n, with_time))
            )
        })
        .collect();
    conn.execute_batch(&format!(
        "CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom {geometry_type}, {});",
        columns.join(", ")
    ))?;
    let (min_x, min_y, max_x, max_y) = extent(features);
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id)
         VALUES (?1, 'features', ?1, ?2, ?3, ?4, ?5, ?6, 4326)",
        (table, description, min_x, min_y, max_x, max_y),
    )?;
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', ?2, 4326, 0, 0)",
        (table, geometry_type),
    )?;
    let placeholders = vec!["?"; names.len() + 1].join(", ");
    let column_list: Vec<String> = names.iter().map(|n| quote(&column_name(n))).collect();
    let mut insert = conn.prepare(&format!(
        "INSERT INTO {table} (geom, {}) VALUES ({placeholders})",
        column_list.join(", ")
    ))?;
    conn.execute_batch("BEGIN")?;
    for f in features {
        let props = f.properties.clone().unwrap_or_default();
        let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(names.len() + 1);
        values.push(rusqlite::types::Value::Blob(geometry_blob(f)));
        for n in &names {
            values.push(sql_value(
                props.get(n.as_str()).unwrap_or(&JsonValue::Null),
                field_type(n, with_time),
            ));
        }
        insert.execute(params_from_iter(values))?;
    }
    conn.execute_batch("COMMIT")?;
    conn.execute(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner, ui)
         VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1, 'shipmap default style', '', '')",
        (table, style),
    )?;
    Ok(())
}

/// The plain bounding box of a layer's coordinates, [min_x, min_y, max_x, max_y]:
/// what GDAL and QGIS read as the layer's extent (a box across the antimeridian has
/// no plain form; a line split there spans both sides, stops only where they are).
fn extent(features: &[Feature]) -> (f64, f64, f64, f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut visit = |p: &Vec<f64>| {
        x0 = x0.min(p[0]);
        x1 = x1.max(p[0]);
        y0 = y0.min(p[1]);
        y1 = y1.max(p[1]);
    };
    for f in features {
        match f.geometry.as_ref().map(|g| &g.value) {
            Some(Value::Point(p)) => visit(p),
            Some(Value::LineString(l)) => l.iter().for_each(&mut visit),
            Some(Value::MultiLineString(m)) => m.iter().flatten().for_each(&mut visit),
            _ => {}
        }
    }
    if x0 > x1 {
        (0.0, 0.0, 0.0, 0.0)
    } else {
        (x0, y0, x1, y1)
    }
}

fn sql_value(v: &JsonValue, t: FieldType) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match (v, t) {
        (JsonValue::Null, _) => V::Null,
        (JsonValue::Bool(b), _) => V::Integer(i64::from(*b)),
        (JsonValue::Number(n), FieldType::Integer) => n.as_i64().map_or(V::Null, V::Integer),
        (JsonValue::Number(n), _) => n.as_f64().map_or(V::Null, V::Real),
        // GeoPackage date-times are `YYYY-MM-DDTHH:MM:SS.SSSZ`.
        (JsonValue::String(s), FieldType::DateTime) => V::Text(s.replace('Z', ".000Z")),
        (JsonValue::String(s), _) => V::Text(s.clone()),
        (other, _) => V::Text(other.to_string()),
    }
}

/// GeoPackage binary: header with an [minx, maxx, miny, maxy] envelope, then WKB.
fn geometry_blob(f: &Feature) -> Vec<u8> {
    let value = f.geometry.as_ref().map(|g| &g.value);
    let lines: Vec<&Vec<Vec<f64>>> = match value {
        Some(Value::LineString(l)) => vec![l],
        Some(Value::MultiLineString(m)) => m.iter().collect(),
        _ => Vec::new(),
    };
    let point = match value {
        Some(Value::Point(p)) => Some(p),
        _ => None,
    };
    let all: Vec<&Vec<f64>> = lines.iter().flat_map(|l| l.iter()).chain(point).collect();
    let mut out = Vec::with_capacity(8 + 32 + 16 * all.len() + 16);
    out.extend_from_slice(b"GP");
    out.push(0); // version 1
    out.push(0b0000_0011); // little-endian, envelope type 1 (xy)
    out.extend_from_slice(&4326i32.to_le_bytes());
    let (mut min_x, mut max_x, mut min_y, mut max_y) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in &all {
        min_x = min_x.min(p[0]);
        max_x = max_x.max(p[0]);
        min_y = min_y.min(p[1]);
        max_y = max_y.max(p[1]);
    }
    for v in [min_x, max_x, min_y, max_y] {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let push_point = |out: &mut Vec<u8>, p: &[f64]| {
        out.extend_from_slice(&p[0].to_le_bytes());
        out.extend_from_slice(&p[1].to_le_bytes());
    };
    out.push(1); // WKB little-endian
    if let Some(p) = point {
        out.extend_from_slice(&1u32.to_le_bytes()); // Point
        push_point(&mut out, p);
        return out;
    }
    out.extend_from_slice(&5u32.to_le_bytes()); // MultiLineString
    out.extend_from_slice(&(lines.len() as u32).to_le_bytes());
    for line in lines {
        out.push(1);
        out.extend_from_slice(&2u32.to_le_bytes()); // LineString
        out.extend_from_slice(&(line.len() as u32).to_le_bytes());
        for p in line {
            push_point(&mut out, p);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, spec::Source, Options};

    fn seedish() -> Document {
        let src = Source::chain("42.2456N 130.2967E -sea[2023-09-07..2023-09-12]-> 42.8889N 132.3436E -rail-> 45.8546N 40.1255E");
        load(&src, &Options::default()).unwrap()
    }

    #[test]
    fn layers_columns_and_styles_read_back() {
        let bytes = write(&seedish()).unwrap();
        assert_eq!(&bytes[..16], b"SQLite format 3\0");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.gpkg");
        std::fs::write(&path, &bytes).unwrap();
        let conn = Connection::open(&path).unwrap();
        let app: i32 = conn
            .query_row("PRAGMA application_id", (), |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM legs WHERE kind = 'leg'", (), |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n, 2);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM stops", (), |r| r.get(0))
            .unwrap();
        assert_eq!(n, 3);
        let depart: String = conn
            .query_row("SELECT depart FROM legs WHERE leg = 1", (), |r| r.get(0))
            .unwrap();
        assert_eq!(depart, "2023-09-07");
        let km: f64 = conn
            .query_row("SELECT distance_km FROM legs WHERE leg = 1", (), |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(km, 199.2);
        let ty: String = conn
            .query_row(
                "SELECT type FROM pragma_table_info('legs') WHERE name = 'duration_h'",
                (),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ty, "REAL", "typed even when every value is null");
        let styles: i64 = conn
            .query_row(
                "SELECT count(*) FROM layer_styles WHERE useAsDefault = 1",
                (),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(styles, 2);
        let names: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info('legs') UNION SELECT name FROM pragma_table_info('stops')")
            .unwrap()
            .query_map((), |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert!(
            names.contains(&"stroke_width".to_owned())
                && names.contains(&"marker_color".to_owned())
        );
        // ArcGIS: a letter first, then letters, digits, underscores; no reserved word.
        const RESERVED: [&str; 12] = [
            "and", "in", "not", "or", "end", "on", "off", "data", "day", "text", "user", "year",
        ];
        for n in &names {
            assert!(n.starts_with(|c: char| c.is_ascii_alphabetic()), "{n}");
            assert!(
                n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{n}"
            );
            assert!(!RESERVED.contains(&n.to_ascii_lowercase().as_str()), "{n}");
            assert!(n.len() <= 64);
        }
        let order: Vec<String> = conn
            .prepare(
                "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid",
            )
            .unwrap()
            .query_map((), |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(order, ["stops", "legs"], "stops listed first, drawn on top");
        let (min_x, max_x, description): (f64, f64, String) = conn
            .query_row(
                "SELECT min_x, max_x, description FROM gpkg_contents WHERE table_name = 'stops'",
                (),
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!((min_x, max_x), (40.1255, 132.3436));
        assert!(description.contains("OpenStreetMap"), "{description}");
        let blob: Vec<u8> = conn
            .query_row("SELECT geom FROM stops WHERE stop = 1", (), |r| r.get(0))
            .unwrap();
        assert_eq!(&blob[..4], &[b'G', b'P', 0, 3]);
        assert_eq!(blob.len(), 8 + 32 + 1 + 4 + 16);
        assert_eq!(
            f64::from_le_bytes(blob[45..53].try_into().unwrap()),
            130.2967
        );
    }

    /// Issue 12: the stops layer keeps the gazetteer's own name and id beside the
    /// label, as the GeoJSON does, typed TEXT even when every value is null.
    #[test]
    fn stops_keep_the_gazetteer_name_beside_the_label() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.gpkg");
        // an air leg: a sea leg would end at the port record, which has no other name
        let doc = load(&Source::chain("Nampo -air-> Tartus"), &Options::default()).unwrap();
        std::fs::write(&path, write(&doc).unwrap()).unwrap();
        let conn = Connection::open(&path).unwrap();
        let rows: Vec<(String, String, Option<String>)> = conn
            .prepare("SELECT name, place_id, gazetteer_name FROM stops ORDER BY stop")
            .unwrap()
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        assert_eq!(rows[0].0, "Nampo");
        assert_eq!(rows[0].2.as_deref(), Some("Namp’o"));
        assert_eq!(rows[1].0, "Tartus");
        assert!(rows[1].1.starts_with("locode:") || rows[1].1.starts_with("geonames:"));
        let columns: Vec<String> = conn
            .prepare("SELECT name FROM pragma_table_info('stops')")
            .unwrap()
            .query_map((), |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect();
        let at = |c: &str| columns.iter().position(|n| n == c).unwrap();
        assert_eq!(at("gazetteer_name"), at("place_id") + 1);
        // coordinates only: no gazetteer name anywhere, the column is still there
        let conn = Connection::open({
            let p = dir.path().join("y.gpkg");
            std::fs::write(&p, write(&seedish()).unwrap()).unwrap();
            p
        })
        .unwrap();
        let ty: String = conn
            .query_row(
                "SELECT type FROM pragma_table_info('stops') WHERE name = 'gazetteer_name'",
                (),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ty, "TEXT");
    }
}
