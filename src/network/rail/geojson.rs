//! User networks from GeoJSON: every LineString (or MultiLineString part) becomes a
//! chain of edges; lines join where they share a point (to 1e-7 degree, about 1 cm).

use std::collections::HashMap;

use geojson::{GeoJson, Geometry, Value};

use super::format::Raw;
use super::join::{close_gaps, GapJoin, USER_JOIN_KM};
use super::snap::haversine_km;
use crate::model::LonLat;

/// Reads the lines of a GeoJSON text into a network with no country tags, with the
/// gaps under [`super::join::USER_JOIN_KM`] between line ends and other lines joined
/// (the joins' edges come last in `edges`).
pub(crate) fn parse(text: &str) -> Result<(Raw, Vec<GapJoin>), String> {
    let gj: GeoJson = text.parse().map_err(|e| format!("not GeoJSON: {e}"))?;
    let mut lines: Vec<&[Vec<f64>]> = Vec::new();
    let mut other = 0usize;
    match &gj {
        GeoJson::FeatureCollection(fc) => {
            for f in &fc.features {
                match &f.geometry {
                    Some(g) => collect(g, &mut lines, &mut other),
                    None => other += 1,
                }
            }
        }
        GeoJson::Feature(f) => match &f.geometry {
            Some(g) => collect(g, &mut lines, &mut other),
            None => other += 1,
        },
        GeoJson::Geometry(g) => collect(g, &mut lines, &mut other),
    }
    if lines.is_empty() {
        return Err(format!(
            "no LineString or MultiLineString geometry ({other} other geometries)"
        ));
    }
    let mut raw = Raw::default();
    let mut index: HashMap<(i64, i64), u32> = HashMap::new();
    for (n, line) in lines.iter().enumerate() {
        let mut prev: Option<u32> = None;
        for pos in line.iter() {
            let (lon, lat) = match pos.as_slice() {
                [lon, lat, ..] => (*lon, *lat),
                _ => {
                    return Err(format!(
                        "line {} has a position with fewer than 2 numbers",
                        n + 1
                    ))
                }
            };
            let at = LonLat::new(lon, lat).map_err(|e| format!("line {}: {e}", n + 1))?;
            let key = ((lon * 1e7).round() as i64, (lat * 1e7).round() as i64);
            let next = raw.junctions.len() as u32;
            let v = *index.entry(key).or_insert_with(|| {
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
    }
    let joins = close_gaps(&mut raw, USER_JOIN_KM);
    raw.interior_start = vec![0; raw.edges.len() + 1];
    raw.edge_class = vec![0; raw.edges.len()];
    Ok((raw, joins))
}

fn collect<'a>(g: &'a Geometry, lines: &mut Vec<&'a [Vec<f64>]>, other: &mut usize) {
    match &g.value {
        Value::LineString(l) => lines.push(l),
        Value::MultiLineString(ls) => lines.extend(ls.iter().map(Vec::as_slice)),
        Value::GeometryCollection(gs) => gs.iter().for_each(|g| collect(g, lines, other)),
        _ => *other += 1,
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
}
