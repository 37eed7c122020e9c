//! User networks from GeoJSON: every LineString (or MultiLineString part) becomes a
//! chain of edges; lines join where they share a point (to 1e-7 degree, about 1 cm).
//!
//! The text is read as a stream (serde visitors over the JSON, feature by feature):
//! no document tree is built, properties are skipped unread, and a file can be read
//! straight from disk. A tree of a 200 MB network took 4.6 GB (a boxed value per
//! number); streamed, memory is the network itself (issue 19, point 6).

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::format::Raw;
use super::join::{close_gaps, GapJoin, USER_JOIN_KM};
use super::snap::haversine_km;
use crate::model::LonLat;

/// Reads the lines of a GeoJSON text into a network with no country tags, with the
/// gaps under [`super::join::USER_JOIN_KM`] between line ends and other lines joined
/// (the joins' edges come last in `edges`).
pub(crate) fn parse(text: &str) -> Result<(Raw, Vec<GapJoin>), String> {
    read(&mut serde_json::Deserializer::from_str(text))
}

/// Like [`parse`], reading from `reader` (a buffered file) without holding its text.
pub(crate) fn parse_reader(reader: impl std::io::Read) -> Result<(Raw, Vec<GapJoin>), String> {
    read(&mut serde_json::Deserializer::from_reader(reader))
}

fn read<'de, R: serde_json::de::Read<'de>>(
    de: &mut serde_json::Deserializer<R>,
) -> Result<(Raw, Vec<GapJoin>), String> {
    let mut b = Builder::default();
    let parsed = Top(&mut b).deserialize(&mut *de).and_then(|()| de.end());
    if let Some(e) = b.error.take() {
        return Err(e);
    }
    parsed.map_err(|e| format!("not GeoJSON: {e}"))?;
    if b.lines == 0 {
        return Err(format!(
            "no LineString or MultiLineString geometry ({} other geometries)",
            b.other
        ));
    }
    let mut raw = b.raw;
    drop(b.index);
    let joins = close_gaps(&mut raw, USER_JOIN_KM);
    raw.interior_start = vec![0; raw.edges.len() + 1];
    raw.edge_class = vec![0; raw.edges.len()];
    Ok((raw, joins))
}

/// The network as it is read: junctions shared between lines by position.
#[derive(Default)]
struct Builder {
    raw: Raw,
    index: HashMap<(i64, i64), u32>,
    /// Lines read so far (for error messages: "line 3").
    lines: usize,
    /// Geometries that are not lines (skipped).
    other: usize,
    /// The first error found in the content; reported instead of the parser's.
    error: Option<String>,
}

impl Builder {
    /// Adds one geometry once its type and coordinates are both known.
    fn geometry(&mut self, kind: Option<&str>, coords: Option<Coords>) -> Result<(), String> {
        let Some(c) = coords else {
            if kind != Some("GeometryCollection") {
                self.other += 1;
            }
            return Ok(());
        };
        let level = match kind {
            Some("LineString") => 1,
            Some("MultiLineString") => 2,
            _ => {
                self.other += 1;
                return Ok(());
            }
        };
        let mut start = 0;
        for part in &c.parts {
            let points = &c.points[start..part.end];
            start = part.end;
            if points.is_empty() {
                continue; // an empty line or part, at any depth: nothing to add
            }
            if part.level != level {
                return Err(format!(
                    "line {}: a {}'s coordinates must be nested {} deep",
                    self.lines + 1,
                    kind.unwrap_or_default(),
                    if level == 1 {
                        "two arrays"
                    } else {
                        "three arrays"
                    }
                ));
            }
            self.line(points)?;
        }
        Ok(())
    }

    fn line(&mut self, positions: &[[f64; 2]]) -> Result<(), String> {
        self.lines += 1;
        let n = self.lines;
        let mut prev: Option<u32> = None;
        for &[lon, lat] in positions {
            if lon.is_nan() && lat.is_nan() {
                return Err(format!("line {n} has a position with fewer than 2 numbers"));
            }
            let at = LonLat::new(lon, lat).map_err(|e| format!("line {n}: {e}"))?;
            let key = ((lon * 1e7).round() as i64, (lat * 1e7).round() as i64);
            let next = u32::try_from(self.raw.junctions.len())
                .map_err(|_| "the network has more than 4 billion points".to_owned())?;
            let raw = &mut self.raw;
            let v = *self.index.entry(key).or_insert_with(|| {
                raw.junctions.push(at);
                raw.junction_country.push(0);
                next
            });
            if let Some(u) = prev.filter(|&u| u != v) {
                let km = haversine_km(raw.junctions[u as usize], at);
                raw.edges.push((u, v, km));
            }
            prev = Some(v);
        }
        Ok(())
    }
}

/// A geometry's `coordinates`, flattened: every position in order, and where each
/// innermost run of positions ends, with how deep it was nested.
#[derive(Default)]
struct Coords {
    points: Vec<[f64; 2]>,
    parts: Vec<Part>,
}

struct Part {
    end: usize,
    /// 1 for a LineString's `[[x, y], ...]`, 2 for a MultiLineString's parts.
    level: usize,
}

/// The top-level object: a FeatureCollection, a Feature or a bare geometry.
struct Top<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut kind: Option<String> = None;
        let mut coords: Option<Coords> = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => kind = Some(map.next_value()?),
                "features" => map.next_value_seed(Features(self.0))?,
                "geometry" => map.next_value_seed(OptGeometry(self.0))?,
                "geometries" => map.next_value_seed(Geometries(self.0))?,
                "coordinates" => coords = Some(map.next_value_seed(CoordsSeed)?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if self.0.error.is_some() {
                return Err(de::Error::custom("invalid content"));
            }
        }
        match kind.as_deref() {
            None => Err(de::Error::custom("the object has no `type` member")),
            Some("FeatureCollection" | "Feature") => Ok(()),
            Some(k) => finish(self.0, Some(k), coords),
        }
    }
}

/// Adds a geometry, keeping the content error for the caller.
fn finish<E: de::Error>(
    b: &mut Builder,
    kind: Option<&str>,
    coords: Option<Coords>,
) -> Result<(), E> {
    b.geometry(kind, coords).map_err(|e| {
        b.error = Some(e);
        E::custom("invalid content")
    })
}

/// `features`: each feature is read and added before the next is parsed.
struct Features<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for Features<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Features<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of features")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Feature(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

struct Feature<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for Feature<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Feature<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Feature object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut geometry = false;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if key == "geometry" {
                geometry = true;
                map.next_value_seed(OptGeometry(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        if !geometry {
            self.0.other += 1;
        }
        Ok(())
    }
}

/// A feature's `geometry`: an object or `null` (counted as another geometry).
struct OptGeometry<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for OptGeometry<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for OptGeometry<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a geometry or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        self.0.other += 1;
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        self.visit_none()
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(Geometry(self.0))
    }
}

/// A geometry object; a GeometryCollection's members are added as they come.
struct Geometry<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for Geometry<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Geometry<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a GeoJSON geometry")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut kind: Option<String> = None;
        let mut coords: Option<Coords> = None;
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            match key.as_ref() {
                "type" => kind = Some(map.next_value()?),
                "coordinates" => coords = Some(map.next_value_seed(CoordsSeed)?),
                "geometries" => map.next_value_seed(Geometries(&mut *self.0))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            if self.0.error.is_some() {
                return Err(de::Error::custom("invalid content"));
            }
        }
        if kind.is_none() {
            return Err(de::Error::custom("a geometry has no `type` member"));
        }
        finish(self.0, kind.as_deref(), coords)
    }
}

struct Geometries<'a>(&'a mut Builder);

impl<'de> DeserializeSeed<'de> for Geometries<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Geometries<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of geometries")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Geometry(&mut *self.0))?.is_some() {}
        Ok(())
    }
}

/// `coordinates`, read into a flat [`Coords`].
struct CoordsSeed;

impl<'de> DeserializeSeed<'de> for CoordsSeed {
    type Value = Coords;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Coords, D::Error> {
        let mut c = Coords::default();
        d.deserialize_seq(Level {
            coords: &mut c,
            level: 0,
        })?;
        Ok(c)
    }
}

/// One array inside `coordinates`, `level` arrays deep (the outer one is 0).
struct Level<'a> {
    coords: &'a mut Coords,
    level: usize,
}

/// What an array held: a position's numbers, or arrays.
enum Held {
    Number(f64),
    Array { position: bool },
}

impl<'de> DeserializeSeed<'de> for Level<'_> {
    type Value = Held;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Held, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level<'_> {
    type Value = Held;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("numbers or arrays of coordinates")
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Held, E> {
        Ok(Held::Number(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Held, E> {
        Ok(Held::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Held, E> {
        Ok(Held::Number(v as f64))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Held, A::Error> {
        let (mut numbers, mut first) = (0usize, [f64::NAN; 2]);
        let (mut arrays, mut positions) = (0usize, 0usize);
        loop {
            let next = Level {
                coords: &mut *self.coords,
                level: self.level + 1,
            };
            match seq.next_element_seed(next)? {
                None => break,
                Some(Held::Number(v)) => {
                    if numbers < 2 {
                        first[numbers] = v;
                    }
                    numbers += 1;
                }
                Some(Held::Array { position }) => {
                    arrays += 1;
                    positions += usize::from(position);
                }
            }
        }
        if numbers > 0 && arrays > 0 {
            return Err(de::Error::custom("an array mixes numbers and arrays"));
        }
        if positions > 0 && positions < arrays {
            return Err(de::Error::custom(
                "an array mixes positions and other arrays",
            ));
        }
        if numbers > 0 {
            // A position; with fewer than 2 numbers it is kept as NaN, NaN and
            // reported with its line's number when the line is added.
            let p = if numbers >= 2 { first } else { [f64::NAN; 2] };
            self.coords.points.push(p);
            return Ok(Held::Array { position: true });
        }
        if positions > 0 || (arrays == 0 && self.level > 0) {
            // a run of positions (an empty array inside coordinates is an empty run)
            self.coords.parts.push(Part {
                end: self.coords.points.len(),
                level: self.level + 1,
            });
        } else if arrays == 0 {
            // `"coordinates": []`: an empty LineString
            self.coords.parts.push(Part {
                end: self.coords.points.len(),
                level: 1,
            });
        }
        Ok(Held::Array { position: false })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_join_at_shared_points() {
        let text = r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[10,50],[11,50],[12,50]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[11,50],[11,51]],[[20,20],[20,20]]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#;
        let (raw, joins) = parse(text).unwrap();
        assert!(joins.is_empty());
        assert_eq!(raw.junctions.len(), 5);
        assert_eq!(raw.edges.len(), 3); // the zero-length line adds no edge
        assert_eq!(raw.edges[2].0, 1); // the second line starts at the first's middle
        assert!((raw.edges[0].2 - 71.5).abs() < 0.5, "{}", raw.edges[0].2);
    }

    #[test]
    fn not_lines_is_an_error() {
        assert!(parse("hello").unwrap_err().starts_with("not GeoJSON"));
        let pts = r#"{"type":"Point","coordinates":[1,2]}"#;
        assert!(parse(pts).unwrap_err().contains("no LineString"));
        let bad = r#"{"type":"LineString","coordinates":[[1,95],[1,2]]}"#;
        assert!(parse(bad).unwrap_err().contains("latitude"));
    }

    #[test]
    fn members_in_any_order_and_properties_skipped() {
        // `coordinates` before `type`, properties with nested values, a
        // GeometryCollection, a null geometry, a bare Feature and a bare geometry.
        let fc = r#"{"features":[
          {"properties":{"a":[1,{"b":[[2]]}],"name":"x"},"geometry":{"coordinates":[[10,50],[11,50]],"type":"LineString"},"type":"Feature"},
          {"type":"Feature","geometry":null,"properties":null},
          {"type":"Feature","geometry":{"type":"GeometryCollection","geometries":[
             {"type":"LineString","coordinates":[[11,50],[12,50]]},
             {"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}]}}],
          "type":"FeatureCollection"}"#;
        let (raw, _) = parse(fc).unwrap();
        assert_eq!((raw.junctions.len(), raw.edges.len()), (3, 2));
        let feature = r#"{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[1,2],[1,3]],[]]}}"#;
        assert_eq!(parse(feature).unwrap().0.edges.len(), 1);
        let bare = r#"{"coordinates":[[1,2],[1,3],[1,4]],"type":"LineString"}"#;
        assert_eq!(parse(bare).unwrap().0.edges.len(), 2);
        assert_eq!(
            parse_reader(bare.as_bytes()).unwrap().0.edges.len(),
            2,
            "the reader gives the same network"
        );
    }

    #[test]
    fn malformed_coordinates_are_errors_not_panics() {
        for (text, want) in [
            (
                r#"{"type":"LineString","coordinates":[[1],[2,3]]}"#,
                "fewer than 2",
            ),
            (
                r#"{"type":"LineString","coordinates":[[[1,2],[2,3]]]}"#,
                "nested",
            ),
            (
                r#"{"type":"MultiLineString","coordinates":[[1,2],[2,3]]}"#,
                "nested",
            ),
            (r#"{"type":"LineString","coordinates":[[1,2],3]}"#, "mixes"),
            (r#"{"type":"LineString","coordinates":[[1,2],[]]}"#, "mixes"),
            (r#"{"type":"LineString","coordinates":"x"}"#, "not GeoJSON"),
            (r#"{"coordinates":[[1,2],[2,3]]}"#, "no `type`"),
            (
                r#"{"type":"FeatureCollection","features":[]} x"#,
                "trailing",
            ),
            (r#"[1,2]"#, "not GeoJSON"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(want), "{text}: {e}");
        }
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let text = format!(r#"{{"type":"LineString","coordinates":{deep}}}"#);
        assert!(parse(&text).unwrap_err().contains("recursion"));
    }
}
