//! A GeoJSON for kepler.gl's Trip layer: per leg one LineString whose positions are
//! `[lon, lat, 0, unix_seconds]` (kepler's documented trip format), the times spread
//! along the path in proportion to distance between the leg's departure and arrival
//! bounds; plus `depart_epoch`/`arrive_epoch` (seconds) and `depart_time`/
//! `arrive_time` (ISO 8601 UTC date-times, which kepler types as timestamps) for its
//! time filters. Only legs: a Trip layer animates lines (stops are in every other
//! output).
//!
//! A leg's trip runs from its earliest departure to the end of its latest arrival
//! day, inferred along the chain ([`crate::timeline::windows`]). With one end open,
//! the other end and the mode's typical speed ([`crate::timeline::typical_speed_kmh`])
//! close it; a leg with no bound at all (a document without dates) has no trip and
//! is left out. Longitudes run on across the antimeridian (190 rather than -170) so
//! a trip stays one line, as deck.gl draws it.

use serde_json::{json, Value};

use crate::model::{Document, Leg, LonLat};
use crate::network::great_circle::length_km;
use crate::timeline::{self, LegWindows};

/// Seconds since the epoch as ISO 8601 UTC.
fn iso(s: i64) -> Value {
    jiff::Timestamp::from_second(s)
        .map(|t| json!(t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()))
        .unwrap_or(Value::Null)
}

/// When the trip starts and ends, seconds since the epoch.
fn trip_times(leg: &Leg, w: &LegWindows) -> Option<(i64, i64)> {
    let travel = (leg.distance_km / timeline::typical_speed_kmh(leg.mode) * 3600.0).round() as i64;
    match (w.depart.earliest_s(), w.arrive.latest_end_s()) {
        (Some(a), Some(b)) if b > a => Some((a, b)),
        (Some(a), Some(_)) | (Some(a), None) => Some((a, a + travel.max(1))),
        (None, Some(b)) => Some((b - travel.max(1), b)),
        (None, None) => None,
    }
}

/// The path with continuous longitudes and a time at every position.
fn timed_path(path: &[LonLat], start: i64, end: i64) -> Vec<Value> {
    let total = length_km(path).max(f64::MIN_POSITIVE);
    let mut out = Vec::with_capacity(path.len());
    let (mut walked, mut offset, mut prev): (f64, f64, Option<LonLat>) = (0.0, 0.0, None);
    for p in path {
        if let Some(q) = prev {
            walked += length_km(&[q, *p]);
            let jump = p.lon() - q.lon();
            if jump > 180.0 {
                offset -= 360.0;
            } else if jump < -180.0 {
                offset += 360.0;
            }
        }
        prev = Some(*p);
        let t = start + ((end - start) as f64 * (walked / total).min(1.0)).round() as i64;
        let r6 = |v: f64| (v * 1e6).round() / 1e6;
        out.push(json!([r6(p.lon() + offset), r6(p.lat()), 0, t]));
    }
    out
}

/// The document as a kepler.gl trip GeoJSON.
pub fn write(doc: &Document) -> String {
    let windows = timeline::windows(doc).unwrap_or_default();
    let mut features = Vec::new();
    for (r, route) in doc.routes.iter().enumerate() {
        let wins = windows.get(r).cloned().unwrap_or_default();
        for (i, leg) in route.legs.iter().enumerate() {
            let w = wins.get(i).copied().unwrap_or_default();
            let Some((start, end)) = trip_times(leg, &w) else {
                continue;
            };
            if leg.path.len() < 2 {
                continue;
            }
            let mut p = super::geojson::leg_identity(route, leg);
            p.insert("depart_epoch".into(), json!(start));
            p.insert("arrive_epoch".into(), json!(end));
            p.insert("depart_time".into(), iso(start));
            p.insert("arrive_time".into(), iso(end));
            p.insert(
                "date_label".into(),
                json!(timeline::leg_label_within(leg, &w)),
            );
            p.insert(
                "distance_km".into(),
                json!((leg.distance_km * 10.0).round() / 10.0),
            );
            p.insert("carrier".into(), json!(leg.carrier));
            p.insert("cargo".into(), json!(leg.cargo));
            p.insert("quote".into(), json!(leg.quote));
            features.push(json!({
                "type": "Feature",
                "properties": p,
                "geometry": {"type": "LineString", "coordinates": timed_path(&leg.path, start, end)},
            }));
        }
    }
    let mut out = json!({"type": "FeatureCollection"});
    if let Some(a) = super::attribution::attribution(doc) {
        out["attribution"] = json!(a);
    }
    out["features"] = Value::Array(features);
    serde_json::to_string(&out).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, spec::Source, Options};

    #[test]
    fn every_position_has_a_time_spread_over_the_leg() {
        let src =
            Source::chain("42.2456N 130.2967E -sea[2023-09-07..2023-09-12]-> 42.8889N 132.3436E");
        let out: Value =
            serde_json::from_str(&write(&load(&src, &Options::default()).unwrap())).unwrap();
        let f = &out["features"][0];
        let coords = f["geometry"]["coordinates"].as_array().unwrap();
        assert!(coords.len() >= 2);
        assert!(coords.iter().all(|c| c.as_array().unwrap().len() == 4));
        // 2023-09-07T00:00Z to the end of 12 Sep.
        assert_eq!(coords[0][3], json!(1_694_044_800));
        assert_eq!(coords.last().unwrap()[3], json!(1_694_044_800 + 6 * 86_400));
        let times: Vec<i64> = coords.iter().map(|c| c[3].as_i64().unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(
            f["properties"]["depart_time"],
            json!("2023-09-07T00:00:00Z")
        );
        assert_eq!(f["properties"]["arrive_epoch"], json!(1_694_563_200));
    }

    #[test]
    fn longitudes_run_on_across_the_antimeridian() {
        let path = [
            LonLat::new(179.0, 0.0).unwrap(),
            LonLat::new(-179.0, 0.0).unwrap(),
        ];
        let timed = timed_path(&path, 0, 100);
        assert_eq!(timed[1][0], json!(181.0));
        assert_eq!(timed[1][3], json!(100));
    }
}
