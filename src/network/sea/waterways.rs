//! Rivers and ship channels up to river ports the land mask does not draw as water
//! (London up the Thames, Rouen up the Seine, Basra up the Shatt al-Arab).
//!
//! Each waterway in data/sea/waterways.csv is a polyline along the navigable channel,
//! from the highest port upstream down to open water, with the authority that
//! publishes the channel as its source. A leg's end on land next to a waterway (and
//! far from the network) goes along it to the sea; two ends on one waterway go along
//! it between them.

use crate::model::LonLat;
use crate::network::great_circle::distance_km;

/// An end further than this from a waterway's line is not on it.
pub const SNAP_KM: f64 = 12.0;

/// One navigable river or channel, upstream first.
#[derive(Debug, Clone, PartialEq)]
pub struct Waterway {
    /// Lowercase hyphenated name, e.g. `thames`.
    pub name: String,
    /// Who publishes the channel (the row's citation).
    pub source: String,
    /// The channel's line, from the highest port down to open water.
    pub points: Vec<LonLat>,
    /// The line's box (west, south, east, north), for skipping the waterways far
    /// from a point.
    bounds: [f64; 4],
}

impl Waterway {
    /// A waterway along `points`, upstream first.
    pub fn new(name: String, source: String, points: Vec<LonLat>) -> Waterway {
        let bounds = points.iter().fold(
            [
                f64::INFINITY,
                f64::INFINITY,
                f64::NEG_INFINITY,
                f64::NEG_INFINITY,
            ],
            |[w, s, e, n], p| {
                [
                    w.min(p.lon()),
                    s.min(p.lat()),
                    e.max(p.lon()),
                    n.max(p.lat()),
                ]
            },
        );
        Waterway {
            name,
            source,
            points,
            bounds,
        }
    }
}

/// Where a point meets a waterway's line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snap {
    /// Index of the waterway.
    pub waterway: usize,
    /// The segment (from `points[segment]` to `points[segment + 1]`).
    pub segment: usize,
    /// The nearest point on that segment.
    pub at: LonLat,
    /// Distance from the point to `at`, km.
    pub km: f64,
}

/// Parses data/sea/waterways.csv: `name,source,points` with the source quoted and
/// the points `lon lat` separated by `|`.
pub fn parse(csv: &str) -> Result<Vec<Waterway>, String> {
    let mut out = Vec::new();
    for (n, line) in csv.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let line_no = n + 1;
        let (name, rest) = line
            .split_once(',')
            .ok_or_else(|| format!("waterways.csv line {line_no}: expected name,source,points"))?;
        let rest = rest
            .strip_prefix('"')
            .ok_or_else(|| format!("waterways.csv line {line_no}: source must be quoted"))?;
        let (source, rest) = rest
            .split_once("\",")
            .ok_or_else(|| format!("waterways.csv line {line_no}: unclosed source quote"))?;
        let mut points = Vec::new();
        for pair in rest.split('|') {
            let mut it = pair.split_whitespace().map(str::parse::<f64>);
            let (Some(Ok(lon)), Some(Ok(lat)), None) = (it.next(), it.next(), it.next()) else {
                return Err(format!(
                    "waterways.csv line {line_no}: bad point `{pair}` (want `lon lat`)"
                ));
            };
            let p = LonLat::new(lon, lat)
                .map_err(|e| format!("waterways.csv line {line_no}: `{pair}`: {e}"))?;
            points.push(p);
        }
        if points.len() < 2 {
            return Err(format!("waterways.csv line {line_no}: needs two points"));
        }
        out.push(Waterway::new(
            name.trim().to_owned(),
            source.to_owned(),
            points,
        ));
    }
    Ok(out)
}

/// The nearest point to `p` on segment `a`-`b`, in a local flat frame (segments
/// are a few tens of km).
fn nearest_on(p: LonLat, a: LonLat, b: LonLat) -> LonLat {
    let k = p.lat().to_radians().cos();
    let (ax, ay) = ((a.lon() - p.lon()) * k, a.lat() - p.lat());
    let (bx, by) = ((b.lon() - p.lon()) * k, b.lat() - p.lat());
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    };
    LonLat::new(
        a.lon() + t * (b.lon() - a.lon()),
        a.lat() + t * (b.lat() - a.lat()),
    )
    .unwrap_or(a)
}

/// Distance in km in the local flat frame at `p` (degrees scaled by the cosine of
/// `p`'s latitude): close to the geodesic for nearby points, a quick filter.
fn flat_km(p: LonLat, q: LonLat) -> f64 {
    let k = p.lat().to_radians().cos();
    let (dx, dy) = ((q.lon() - p.lon()) * k, q.lat() - p.lat());
    (dx * dx + dy * dy).sqrt() * 111.195
}

/// The waterway nearest `p`, when within [`SNAP_KM`] of its line.
pub fn snap(waterways: &[Waterway], p: LonLat) -> Option<Snap> {
    let mut best: Option<Snap> = None;
    // a box round `p` first: a segment wholly outside it is too far (comparisons
    // only; this test was most of the time a route spent on waterways)
    let reach_lat = SNAP_KM * 1.05 / 111.195;
    let reach_lon = reach_lat / p.lat().to_radians().cos().max(0.01);
    let outside =
        |a: f64, b: f64, at: f64, reach: f64| a.min(b) > at + reach || a.max(b) < at - reach;
    for (w, way) in waterways.iter().enumerate() {
        let [west, south, east, north] = way.bounds;
        if outside(west, east, p.lon(), reach_lon) || outside(south, north, p.lat(), reach_lat) {
            continue;
        }
        for (s, seg) in way.points.windows(2).enumerate() {
            if outside(seg[0].lat(), seg[1].lat(), p.lat(), reach_lat)
                || outside(seg[0].lon(), seg[1].lon(), p.lon(), reach_lon)
            {
                continue;
            }
            let at = nearest_on(p, seg[0], seg[1]);
            // a flat-frame distance first: the geodesic is costly, and almost every
            // segment of almost every waterway is far from a leg's end (within a
            // few tens of km the flat distance is within 1% of the geodesic)
            if flat_km(p, at) > SNAP_KM * 1.05 {
                continue;
            }
            let km = distance_km(p, at);
            if km <= SNAP_KM && best.is_none_or(|b| km < b.km) {
                best = Some(Snap {
                    waterway: w,
                    segment: s,
                    at,
                    km,
                });
            }
        }
    }
    best
}

/// The way from `p` (snapped at `s`) down its waterway to open water: `p`, the point
/// on the channel, the channel's points below it, ending at the waterway's mouth.
pub fn to_sea(waterways: &[Waterway], p: LonLat, s: Snap) -> Vec<LonLat> {
    let pts = &waterways[s.waterway].points;
    let mut out = vec![p, s.at];
    out.extend_from_slice(&pts[s.segment + 1..]);
    out.dedup();
    out
}

/// The way along one waterway from `a` (snapped at `sa`) to `b` (snapped at `sb`).
pub fn along(waterways: &[Waterway], a: LonLat, sa: Snap, b: LonLat, sb: Snap) -> Vec<LonLat> {
    let pts = &waterways[sa.waterway].points;
    let mut out = vec![a, sa.at];
    if sa.segment < sb.segment {
        out.extend_from_slice(&pts[sa.segment + 1..=sb.segment]);
    } else if sb.segment < sa.segment {
        out.extend(pts[sb.segment + 1..=sa.segment].iter().rev());
    }
    out.push(sb.at);
    out.push(b);
    out.dedup();
    out
}

/// The way between two ends on waterways that are one or meet (the Danube's Kiliya
/// branch leaves the Sulina line at a shared point): along the first to where they
/// meet, then along the second. None when the lines do not meet.
pub fn joined(
    waterways: &[Waterway],
    a: LonLat,
    sa: Snap,
    b: LonLat,
    sb: Snap,
) -> Option<Vec<LonLat>> {
    if sa.waterway == sb.waterway {
        return Some(along(waterways, a, sa, b, sb));
    }
    let (pa, pb) = (
        &waterways[sa.waterway].points,
        &waterways[sb.waterway].points,
    );
    let (ja, jb) = pa
        .iter()
        .enumerate()
        .find_map(|(i, p)| pb.iter().position(|q| q == p).map(|j| (i, j)))?;
    let at = pa[ja];
    let meet_a = Snap {
        waterway: sa.waterway,
        segment: ja,
        at,
        km: 0.0,
    };
    let meet_b = Snap {
        waterway: sb.waterway,
        segment: jb,
        at,
        km: 0.0,
    };
    let mut path = along(waterways, a, sa, at, meet_a);
    path.extend(along(waterways, at, meet_b, b, sb).into_iter().skip(1));
    path.dedup();
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ll(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    fn all() -> Vec<Waterway> {
        parse(super::super::WATERWAYS_CSV).unwrap()
    }

    #[test]
    fn every_row_has_a_source_and_a_line() {
        let w = all();
        assert!(w.len() >= 9);
        for way in &w {
            assert!(way.source.len() > 20, "{}", way.name);
            assert!(way.points.len() >= 5, "{}", way.name);
        }
    }

    #[test]
    fn every_mouth_is_on_water() {
        let land = super::super::land::LandGrid::from_bytes(super::super::LAND_BIN).unwrap();
        for way in all() {
            let mouth = *way.points.last().unwrap();
            assert!(!land.is_land(mouth), "{} ends on land at {mouth}", way.name);
        }
    }

    #[test]
    fn london_snaps_to_the_thames_and_goes_down_it() {
        let w = all();
        let london = ll(-0.1257, 51.5085);
        let s = snap(&w, london).unwrap();
        assert_eq!(w[s.waterway].name, "thames");
        assert!(s.km < 3.0, "{}", s.km);
        let path = to_sea(&w, london, s);
        assert_eq!(path[0], london);
        assert_eq!(*path.last().unwrap(), *w[s.waterway].points.last().unwrap());
        let km = crate::network::great_circle::length_km(&path);
        assert!((65.0..90.0).contains(&km), "{km}");
    }

    #[test]
    fn along_runs_either_way() {
        let w = all();
        let nanjing = ll(118.7778, 32.0617);
        let wuhan = ll(114.2667, 30.5833);
        let (sa, sb) = (snap(&w, nanjing).unwrap(), snap(&w, wuhan).unwrap());
        assert_eq!(sa.waterway, sb.waterway);
        let up = along(&w, nanjing, sa, wuhan, sb);
        let down = along(&w, wuhan, sb, nanjing, sa);
        let (ku, kd) = (
            crate::network::great_circle::length_km(&up),
            crate::network::great_circle::length_km(&down),
        );
        assert!((ku - kd).abs() < 0.01);
        // by the river's own kilometre marks Nanjing-Wuhan is about 700 km; the line's
        // waypoints cut the smaller meanders, so it is shorter (578 km): a known limit
        assert!((550.0..750.0).contains(&ku), "{ku}");
    }

    #[test]
    fn branches_that_meet_are_followed_through_the_fork() {
        let w = all();
        let (reni, izmail) = (ll(28.2792, 45.4564), ll(28.8383, 45.3503));
        let (sa, sb) = (snap(&w, reni).unwrap(), snap(&w, izmail).unwrap());
        assert_ne!(sa.waterway, sb.waterway);
        let path = joined(&w, reni, sa, izmail, sb).unwrap();
        let km = crate::network::great_circle::length_km(&path);
        // Reni to Izmail is about 70 km by the river, never by way of the sea
        assert!((55.0..95.0).contains(&km), "{km}");
        let far = snap(&w, ll(114.3, 30.6)).unwrap();
        assert!(joined(&w, reni, sa, ll(114.3, 30.6), far).is_none());
    }

    #[test]
    fn bad_rows_are_refused() {
        assert!(parse("h\nx,\"a source\",1 2\n").is_err());
        assert!(parse("h\nx,no quote,1 2|3 4\n").is_err());
        assert!(parse("h\nx,\"s\",1 2|3\n").is_err());
        assert!(parse("h\nx,\"s\",1 2|3 95\n").is_err());
        assert_eq!(
            parse("h\nx,\"s, with comma\",1 2|3 4\n").unwrap()[0].source,
            "s, with comma"
        );
    }
}
