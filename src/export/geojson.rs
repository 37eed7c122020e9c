//! GeoJSON (RFC 7946) out, as DESIGN.md's contract says: one feature per leg and per
//! stop, flat typed properties present on every feature of a kind, lines always
//! MultiLineStrings (split at the antimeridian), coordinates rounded to 6 decimals,
//! a `bbox` and an `attribution`.
//!
//! GDAL (and so QGIS) types a GeoJSON field from its values, and a field with only
//! nulls becomes String. So a file leaves out a property that is null in every one
//! of its features: every field it does write has the one type its values give,
//! whatever the data (a layer never has `duration_h` as String). The `*_text`
//! fields are null for an exact day or instant (the typed field says it all) and
//! otherwise EDTF (`2023-09-12~`, `2023-09`, `2023-09-07/2023-10-01`), which GDAL
//! keeps as text.

use geojson::{Feature, Geometry, JsonObject, JsonValue, Value};
use serde_json::json;

use crate::date::DateSpec;
use crate::model::{Document, Leg, LonLat, Mode, Route, KM_PER_NMI};
use crate::style::{line_style, STOP_COLOR};
use crate::timeline::{self, LegWindows, Window};

/// Which features to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Legs and stops in one collection (for geojson.io, GitHub, scripts).
    All,
    /// Legs only (one geometry type, for QGIS).
    Legs,
    /// Stops only (one geometry type, for QGIS).
    Stops,
}

/// The type a property has in every feature (and the column type in a GeoPackage).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Text.
    Text,
    /// Whole number.
    Integer,
    /// Floating-point number.
    Real,
    /// true or false.
    Boolean,
    /// ISO 8601 date (`2023-09-07`).
    Date,
    /// ISO 8601 UTC date-time (`2023-09-07T06:30:00Z`).
    DateTime,
}

/// The type of a property, by name. `with_time` is [`timeline::uses_time`].
pub fn field_type(name: &str, with_time: bool) -> FieldType {
    match name {
        "leg" | "stop" => FieldType::Integer,
        "distance_km" | "distance_nmi" | "duration_h" | "speed_kmh" | "speed_kn"
        | "connector_km" | "stroke-width" => FieldType::Real,
        "depart" | "depart_latest" | "arrive" | "arrive_latest" if with_time => FieldType::DateTime,
        "depart" | "depart_latest" | "arrive" | "arrive_latest" => FieldType::Date,
        n if n.ends_with("_approx") || n.ends_with("_estimated") || n.ends_with("_inferred") => {
            FieldType::Boolean
        }
        _ => FieldType::Text,
    }
}

/// The features of a document, in output order: per route, its legs (each followed
/// by its off-network connectors, `kind = "connector"`), then its stops.
pub fn features(doc: &Document, part: Part) -> Vec<Feature> {
    let mut features = Vec::new();
    for route in route_features(doc) {
        if part != Part::Stops {
            for (leg, connectors) in route.legs {
                features.push(leg);
                features.extend(connectors);
            }
        }
        if part != Part::Legs {
            features.extend(route.stops);
        }
    }
    features
}

/// One route's features, as [`features`] writes them.
#[derive(Debug, Clone)]
pub struct RouteFeatures {
    /// Each leg's feature, in order, with its off-network connectors.
    pub legs: Vec<(Feature, Vec<Feature>)>,
    /// The stops, origin first.
    pub stops: Vec<Feature>,
    /// Each leg's time windows (from [`timeline::windows`]), in order.
    pub windows: Vec<LegWindows>,
}

/// Every route's features, route by route: what [`features`] writes, kept apart
/// by route and leg for outputs that address them (the HTML map's cards).
pub fn route_features(doc: &Document) -> Vec<RouteFeatures> {
    let with_time = timeline::uses_time(doc);
    // A built document has passed `timeline::windows`; should one not have, its
    // legs are written with open windows rather than not at all.
    let windows = timeline::windows(doc).unwrap_or_default();
    let mut out = Vec::with_capacity(doc.routes.len());
    for (r, route) in doc.routes.iter().enumerate() {
        let wins = windows
            .get(r)
            .cloned()
            .filter(|w| w.len() == route.legs.len())
            .unwrap_or_else(|| vec![LegWindows::default(); route.legs.len()]);
        let legs = route
            .legs
            .iter()
            .zip(&wins)
            .map(|(leg, w)| {
                let feature = leg_feature(doc, route, leg, w, with_time);
                let connectors = connector_features(&feature, leg);
                (feature, connectors)
            })
            .collect();
        out.push(RouteFeatures {
            legs,
            stops: stop_features(route, &wins, with_time),
            windows: wins,
        });
    }
    out
}

/// Off-network pieces of a leg (rail and road only: a sea leg's approach is part of
/// its path), with the leg's properties: `kind = "connector"`, `distance_km` zero (the
/// leg's feature already counts it, so summing `distance_km` gives the total),
/// `connector_km` the piece's own length, and a thin grey stroke.
fn connector_features(leg_feature: &Feature, leg: &Leg) -> Vec<Feature> {
    leg.connectors
        .iter()
        .filter(|c| c.len() >= 2)
        .map(|c| {
            let mut p = leg_feature.properties.clone().unwrap_or_default();
            let km = crate::network::great_circle::length_km(c);
            p.insert("kind".into(), json!("connector"));
            p.insert("style".into(), json!("connector"));
            p.insert("distance_km".into(), number(Some(0.0), 1));
            p.insert("distance_nmi".into(), number(Some(0.0), 1));
            p.insert("connector_km".into(), number(Some(km), 1));
            p.insert("stroke".into(), json!("#8a8a8a"));
            p.insert("stroke-width".into(), json!(1.0));
            Feature {
                bbox: None,
                geometry: Some(line_geometry(c)),
                id: None,
                properties: Some(p),
                foreign_members: None,
            }
        })
        .collect()
}

/// Removes the properties that are null in every feature (see the module docs).
pub fn drop_null_columns(features: &mut [Feature]) {
    let mut keep = std::collections::HashSet::new();
    for f in features.iter() {
        for (k, v) in f.properties.iter().flatten() {
            if !v.is_null() {
                keep.insert(k.clone());
            }
        }
    }
    for f in features.iter_mut() {
        if let Some(p) = f.properties.as_mut() {
            p.retain(|k, _| keep.contains(k));
        }
    }
}

/// The document as a GeoJSON FeatureCollection, one feature a line.
pub fn write(doc: &Document, part: Part) -> String {
    let mut features = features(doc, part);
    drop_null_columns(&mut features);
    let bbox = bbox(&features);
    let mut out = String::with_capacity(features.len() * 2048);
    out.push_str("{\"type\":\"FeatureCollection\",");
    // the document's title, subtitle and source as collection members (RFC 7946 6.1)
    for (key, value) in [
        ("title", &doc.title),
        ("subtitle", &doc.subtitle),
        ("source", &doc.source),
    ] {
        if let Some(v) = value {
            out.push_str(&format!("\"{key}\":{},", json!(v)));
        }
    }
    if let Some(a) = super::attribution::attribution(doc) {
        out.push_str("\"attribution\":");
        out.push_str(&serde_json::to_string(&a).unwrap_or_default());
        out.push(',');
    }
    out.push_str("\"bbox\":");
    out.push_str(&serde_json::to_string(&bbox).unwrap_or_else(|_| "[]".to_owned()));
    out.push_str(",\"features\":[\n");
    for (i, f) in features.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        // Serialising a Feature of finite numbers and strings cannot fail.
        out.push_str(&serde_json::to_string(f).unwrap_or_default());
    }
    out.push_str("\n]}\n");
    out
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn round_to(v: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (v * f).round() / f
}

fn position(p: LonLat) -> Vec<f64> {
    vec![round6(p.lon()), round6(p.lat())]
}

/// Splits a path where it crosses the antimeridian (consecutive longitudes more than
/// 180 degrees apart), ending one part at ±180 and starting the next at ∓180 at the
/// interpolated latitude. Every input point is kept, in range.
pub fn split_antimeridian(path: &[LonLat]) -> Vec<Vec<LonLat>> {
    let mut parts = Vec::new();
    let mut current: Vec<LonLat> = Vec::new();
    for p in path {
        if let Some(&a) = current.last() {
            if (p.lon() - a.lon()).abs() > 180.0 {
                let side = if a.lon() > 0.0 { 180.0 } else { -180.0 };
                let b_lon = p.lon() + 2.0 * side; // p unwrapped onto a's side
                let t = (side - a.lon()) / (b_lon - a.lon());
                let lat = (a.lat() + t * (p.lat() - a.lat())).clamp(-90.0, 90.0);
                if let (Ok(end), Ok(start)) = (LonLat::new(side, lat), LonLat::new(-side, lat)) {
                    if a != end {
                        current.push(end);
                    }
                    parts.push(std::mem::take(&mut current));
                    if *p != start {
                        current.push(start);
                    }
                }
            }
        }
        current.push(*p);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

fn line_geometry(path: &[LonLat]) -> Geometry {
    let mut parts = split_antimeridian(path);
    // A LineString needs two positions; a one-point part (a leg that starts exactly
    // on the antimeridian) is doubled rather than dropped.
    for part in &mut parts {
        if part.len() == 1 {
            let only = part[0];
            part.push(only);
        }
    }
    let lines: Vec<Vec<Vec<f64>>> = parts
        .iter()
        .map(|part| part.iter().map(|p| position(*p)).collect())
        .collect();
    // Always a MultiLineString, split or not, so no file mixes geometry types.
    Geometry::new(Value::MultiLineString(lines))
}

fn text(v: &Option<String>) -> JsonValue {
    v.as_ref().map_or(JsonValue::Null, |s| json!(s))
}

fn list(v: &[String]) -> JsonValue {
    if v.is_empty() {
        JsonValue::Null
    } else {
        json!(v.join("; "))
    }
}

fn number(v: Option<f64>, decimals: i32) -> JsonValue {
    match v {
        Some(x) if x.is_finite() => json!(round_to(x, decimals)),
        _ => JsonValue::Null,
    }
}

/// Adds `PREFIX` (earliest moment, inferred along the chain where the document is
/// silent), `PREFIX_latest`, `PREFIX_text` (EDTF as written, null for an exact day
/// or instant), `PREFIX_approx`, `PREFIX_estimated`, `PREFIX_inferred`.
fn date_fields(
    props: &mut JsonObject,
    prefix: &str,
    date: Option<&DateSpec>,
    estimated: bool,
    window: &Window,
    with_time: bool,
) {
    let earliest = window
        .earliest
        .map_or(JsonValue::Null, |l| json!(l.date.earliest_iso(with_time)));
    let latest = window
        .latest
        .map_or(JsonValue::Null, |l| json!(l.date.latest_iso(with_time)));
    props.insert(prefix.to_owned(), earliest);
    props.insert(format!("{prefix}_latest"), latest);
    props.insert(format!("{prefix}_text"), text_value(date));
    props.insert(
        format!("{prefix}_approx"),
        json!(date.is_some_and(|d| d.approx)),
    );
    props.insert(
        format!("{prefix}_estimated"),
        json!(estimated && date.is_some()),
    );
    props.insert(format!("{prefix}_inferred"), json!(window.inferred()));
}

/// The `*_text` value: EDTF, or null when the typed field holds all of it.
pub fn text_value(date: Option<&DateSpec>) -> JsonValue {
    match date {
        Some(d) if !d.is_point() || d.approx => json!(d.to_string()),
        _ => JsonValue::Null,
    }
}

/// The properties that say which leg a feature is, first in every leg feature of
/// every GeoJSON output (the QGIS layers and kepler's trips alike).
pub(super) fn leg_identity(route: &Route, leg: &Leg) -> JsonObject {
    let mut p = JsonObject::new();
    p.insert("kind".into(), json!("leg"));
    p.insert("route_id".into(), json!(route.id));
    p.insert("route_name".into(), json!(route.name));
    p.insert("leg".into(), json!(leg.index));
    p.insert("mode".into(), json!(leg.mode.as_str()));
    p.insert("from".into(), json!(leg.from.name));
    p.insert("to".into(), json!(leg.to.name));
    p
}

fn leg_feature(
    doc: &Document,
    route: &Route,
    leg: &Leg,
    w: &LegWindows,
    with_time: bool,
) -> Feature {
    let style = line_style(leg.mode);
    let duration_h = timeline::duration_h(leg);
    let speed_kmh = timeline::speed_kmh(leg);
    let mut p = leg_identity(route, leg);
    p.insert("from_id".into(), json!(leg.from.id));
    p.insert("to_id".into(), json!(leg.to.id));
    date_fields(
        &mut p,
        "depart",
        leg.depart.as_ref(),
        leg.depart_estimated,
        &w.depart,
        with_time,
    );
    date_fields(
        &mut p,
        "arrive",
        leg.arrive.as_ref(),
        leg.arrive_estimated,
        &w.arrive,
        with_time,
    );
    p.insert(
        "date_label".into(),
        text(&timeline::leg_label_within(leg, w)),
    );
    p.insert("distance_km".into(), number(Some(leg.distance_km), 1));
    p.insert(
        "distance_nmi".into(),
        number(Some(leg.distance_km / KM_PER_NMI), 1),
    );
    p.insert("duration_h".into(), number(duration_h, 1));
    p.insert("speed_kmh".into(), number(speed_kmh, 2));
    p.insert(
        "speed_kn".into(),
        number(
            speed_kmh
                .filter(|_| leg.mode == Mode::Sea)
                .map(|v| v / KM_PER_NMI),
            2,
        ),
    );
    p.insert("path".into(), json!(leg.path_kind.as_str()));
    p.insert(
        "via".into(),
        list(&leg.via.iter().map(|v| v.name.clone()).collect::<Vec<_>>()),
    );
    p.insert("passages".into(), list(&leg.passages));
    p.insert("countries".into(), list(&leg.countries));
    let crossings: Vec<String> = leg
        .crossings
        .iter()
        .map(|c| c.name.clone().unwrap_or_else(|| c.label()))
        .collect();
    p.insert("crossings".into(), list(&crossings));
    p.insert("connector_km".into(), number(Some(leg.connector_km), 1));
    p.insert("carrier".into(), text(&leg.carrier));
    p.insert("cargo".into(), text(&leg.cargo));
    p.insert("notes".into(), text(&leg.notes));
    p.insert("quote".into(), text(&leg.quote));
    p.insert("source".into(), text(&doc.source));
    p.insert("warnings".into(), list(&leg.warnings));
    p.insert("style".into(), json!(leg.mode.as_str()));
    p.insert("stroke".into(), json!(style.color));
    p.insert("stroke-width".into(), json!(style.width_pt));
    Feature {
        bbox: None,
        geometry: Some(line_geometry(&leg.path)),
        id: None,
        properties: Some(p),
        foreign_members: None,
    }
}

fn stop_features(route: &Route, wins: &[LegWindows], with_time: bool) -> Vec<Feature> {
    let mut out = Vec::with_capacity(route.legs.len() + 1);
    let n = route.legs.len();
    for i in 0..=n {
        // Stop i is where leg i ends (none for the origin) and leg i+1 starts.
        let arriving = i.checked_sub(1).and_then(|j| route.legs.get(j));
        let leaving = route.legs.get(i);
        let Some(place) = leaving.map(|l| &l.from).or(arriving.map(|l| &l.to)) else {
            continue;
        };
        let role = match (arriving, leaving) {
            (None, _) => "origin",
            (_, None) => "destination",
            _ => "transit",
        };
        let mut p = JsonObject::new();
        p.insert("kind".into(), json!("stop"));
        p.insert("route_id".into(), json!(route.id));
        p.insert("route_name".into(), json!(route.name));
        p.insert("stop".into(), json!(i + 1));
        p.insert("role".into(), json!(role));
        p.insert("name".into(), json!(place.name));
        p.insert("place_id".into(), json!(place.id));
        p.insert("gazetteer_name".into(), text(&place.gazetteer_name));
        p.insert("place_kind".into(), json!(place.kind.as_str()));
        p.insert("country".into(), text(&place.country));
        let open = LegWindows::default();
        let arriving_w = i.checked_sub(1).and_then(|j| wins.get(j)).unwrap_or(&open);
        let leaving_w = wins.get(i).unwrap_or(&open);
        date_fields(
            &mut p,
            "arrive",
            arriving.and_then(|l| l.arrive.as_ref()),
            arriving.is_some_and(|l| l.arrive_estimated),
            if arriving.is_some() {
                &arriving_w.arrive
            } else {
                &open.arrive
            },
            with_time,
        );
        date_fields(
            &mut p,
            "depart",
            leaving.and_then(|l| l.depart.as_ref()),
            leaving.is_some_and(|l| l.depart_estimated),
            if leaving.is_some() {
                &leaving_w.depart
            } else {
                &open.depart
            },
            with_time,
        );
        let label = timeline::stop_label_within(
            arriving.map(|l| (l, arriving_w)),
            leaving.map(|l| (l, leaving_w)),
        );
        p.insert("date_label".into(), text(&label));
        p.insert("marker-color".into(), json!(STOP_COLOR));
        out.push(Feature {
            bbox: None,
            geometry: Some(Geometry::new(Value::Point(position(place.at)))),
            id: None,
            properties: Some(p),
            foreign_members: None,
        });
    }
    out
}

/// The smallest box holding every position, as [west, south, east, north]; when the
/// features straddle the antimeridian, west is greater than east (RFC 7946 §5.2).
pub fn bbox(features: &[Feature]) -> Vec<f64> {
    let mut lons = Vec::new();
    let (mut south, mut north) = (f64::INFINITY, f64::NEG_INFINITY);
    let mut visit = |pos: &[f64]| {
        if let [lon, lat, ..] = pos {
            lons.push(*lon);
            south = south.min(*lat);
            north = north.max(*lat);
        }
    };
    for f in features {
        match f.geometry.as_ref().map(|g| &g.value) {
            Some(Value::Point(p)) => visit(p),
            Some(Value::LineString(l)) => l.iter().for_each(|p| visit(p)),
            Some(Value::MultiLineString(m)) => m.iter().flatten().for_each(|p| visit(p)),
            _ => {}
        }
    }
    if lons.is_empty() {
        return Vec::new();
    }
    lons.sort_by(f64::total_cmp);
    // The widest gap between neighbouring longitudes, the wrap-around one included,
    // is the part of the globe the box leaves out.
    let wrap_gap = lons[0] + 360.0 - lons[lons.len() - 1];
    let (mut west, mut east, mut widest) = (lons[0], lons[lons.len() - 1], wrap_gap);
    for w in lons.windows(2) {
        if w[1] - w[0] > widest {
            widest = w[1] - w[0];
            west = w[1];
            east = w[0];
        }
    }
    vec![west, south, east, north]
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ll(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn split_at_the_antimeridian_interpolates_the_crossing() {
        let parts = split_antimeridian(&[ll(170.0, 10.0), ll(-170.0, 20.0)]);
        assert_eq!(
            parts,
            vec![
                vec![ll(170.0, 10.0), ll(180.0, 15.0)],
                vec![ll(-180.0, 15.0), ll(-170.0, 20.0)]
            ]
        );
        let back = split_antimeridian(&[ll(-175.0, 0.0), ll(175.0, 10.0)]);
        assert_eq!(back[0].last(), Some(&ll(-180.0, 5.0)));
        assert_eq!(back[1][0], ll(180.0, 5.0));
    }

    #[test]
    fn paths_that_do_not_cross_stay_whole() {
        let path = vec![ll(130.0, 42.0), ll(131.0, 42.5), ll(132.0, 43.0)];
        assert_eq!(split_antimeridian(&path), vec![path]);
    }

    #[test]
    fn bbox_straddling_the_antimeridian_has_west_greater_than_east() {
        let f = |lon: f64| Feature {
            bbox: None,
            geometry: Some(Geometry::new(Value::Point(vec![lon, 0.0]))),
            id: None,
            properties: None,
            foreign_members: None,
        };
        assert_eq!(
            bbox(&[f(129.0), f(-118.0), f(170.0)]),
            vec![129.0, 0.0, -118.0, 0.0]
        );
        assert_eq!(bbox(&[f(4.0), f(121.0)]), vec![4.0, 0.0, 121.0, 0.0]);
    }

    #[test]
    fn all_null_columns_are_left_out_and_text_dates_never_read_as_dates() {
        use crate::{load, spec::Source, Options};
        let undated = load(
            &Source::chain("42.2456N 130.2967E -sea-> 42.8889N 132.3436E"),
            &Options::default(),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&write(&undated, Part::Legs)).unwrap();
        let p = v["features"][0]["properties"].as_object().unwrap();
        for gone in [
            "depart",
            "arrive_latest",
            "duration_h",
            "speed_kn",
            "depart_text",
            "carrier",
        ] {
            assert!(!p.contains_key(gone), "{gone} is null throughout: left out");
        }
        assert_eq!(
            p["depart_inferred"],
            json!(false),
            "booleans are always typed"
        );
        assert_eq!(
            v["features"][0]["geometry"]["type"],
            json!("MultiLineString")
        );
        let dated = load(
            &Source::chain("42.2456N 130.2967E -sea[2023-09-07..~2023-09-12]-> 42.8889N 132.3436E"),
            &Options::default(),
        )
        .unwrap();
        let v: serde_json::Value = serde_json::from_str(&write(&dated, Part::Legs)).unwrap();
        let p = &v["features"][0]["properties"];
        assert_eq!(p["depart"], json!("2023-09-07"));
        assert_eq!(p["duration_h"], json!(120.0));
        assert_eq!(
            p["arrive_text"],
            json!("2023-09-12~"),
            "EDTF, which GDAL keeps as text"
        );
        assert_eq!(p["depart_text"], json!(null), "an exact day is in `depart`");
        assert_eq!(
            text_value(
                DateSpec::parse("2023-09-12T06:00:00Z/2023-09-13T00:00:00Z")
                    .ok()
                    .as_ref()
            ),
            json!("[2023-09-12T06:00:00Z..2023-09-13T00:00:00Z]")
        );
    }

    proptest! {
        #[test]
        fn split_keeps_every_point_in_range(pts in proptest::collection::vec((-180.0f64..=180.0, -90.0f64..=90.0), 0..40)) {
            let path: Vec<LonLat> = pts.iter().map(|(x, y)| ll(*x, *y)).collect();
            let parts = split_antimeridian(&path);
            let flat: Vec<LonLat> = parts.iter().flatten().copied().collect();
            for p in &path {
                prop_assert!(flat.contains(p));
            }
            for part in &parts {
                for w in part.windows(2) {
                    prop_assert!((w[0].lon() - w[1].lon()).abs() <= 180.0);
                }
            }
        }

        #[test]
        fn rounding_twice_changes_nothing(v in -180.0f64..=180.0) {
            prop_assert_eq!(round6(round6(v)), round6(v));
        }
    }
}
