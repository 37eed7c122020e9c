//! Great-circle paths: the router for modes with no network (air, and any mode until
//! its network is plugged in), and the geodesic helpers every router shares.

use geo::{Distance, Geodesic, InterpolatePoint, Point};

use super::{LegRequest, RouteError, RoutedPath, Router};
use crate::model::{LonLat, PathKind};

/// The longest step between points of a drawn great-circle path, in km.
pub const MAX_STEP_KM: f64 = 50.0;

/// Draws legs as geodesic arcs through their `via` points.
#[derive(Debug, Clone, Copy, Default)]
pub struct GreatCircle;

impl Router for GreatCircle {
    fn route(&self, req: &LegRequest<'_>) -> Result<RoutedPath, RouteError> {
        let mut stops = Vec::with_capacity(req.via.len() + 2);
        stops.push(req.from);
        stops.extend_from_slice(req.via);
        stops.push(req.to);
        let mut points = vec![req.from];
        for pair in stops.windows(2) {
            points.extend(arc(pair[0], pair[1], MAX_STEP_KM).into_iter().skip(1));
        }
        Ok(RoutedPath {
            points,
            kind: if req.via.is_empty() {
                PathKind::GreatCircle
            } else {
                PathKind::Via
            },
            passages: Vec::new(),
            countries: Vec::new(),
            connectors: Vec::new(),
            connector_km: 0.0,
            length_km: None,
            crossings: Vec::new(),
            warnings: Vec::new(),
        })
    }
}

/// Geodesic distance on the WGS84 ellipsoid.
///
/// # Units
/// Kilometres.
///
/// ```
/// use shipmap::model::LonLat;
/// let najin = LonLat::new(130.2967, 42.2456).unwrap();
/// let dunay = LonLat::new(132.3436, 42.8889).unwrap();
/// let km = shipmap::network::great_circle::distance_km(najin, dunay);
/// assert!((km - 182.6).abs() < 0.5, "{km}");
/// ```
pub fn distance_km(a: LonLat, b: LonLat) -> f64 {
    Geodesic.distance(Point(a.coord()), Point(b.coord())) / 1000.0
}

/// Geodesic length of a polyline.
///
/// # Units
/// Kilometres.
pub fn length_km(points: &[LonLat]) -> f64 {
    points.windows(2).map(|w| distance_km(w[0], w[1])).sum()
}

/// The geodesic from `a` to `b` as points no more than `max_step_km` apart, both ends
/// included. Longitudes stay within ±180 (the path may jump across the antimeridian;
/// exporters split it there).
pub fn arc(a: LonLat, b: LonLat, max_step_km: f64) -> Vec<LonLat> {
    let total = distance_km(a, b);
    let steps = (total / max_step_km.max(1e-3)).ceil().clamp(1.0, 100_000.0) as usize;
    let (pa, pb) = (Point(a.coord()), Point(b.coord()));
    let mut out = Vec::with_capacity(steps + 1);
    out.push(a);
    for i in 1..steps {
        let p = Geodesic.point_at_ratio_between(pa, pb, i as f64 / steps as f64);
        out.push(LonLat::wrapped(p.x(), p.y()));
    }
    if steps > 0 {
        out.push(b);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ll(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn arc_steps_are_at_most_50_km() {
        let path = arc(ll(4.48, 51.92), ll(121.47, 31.23), MAX_STEP_KM);
        assert!(path.len() > 150);
        for w in path.windows(2) {
            assert!(distance_km(w[0], w[1]) <= MAX_STEP_KM + 1e-6);
        }
        assert_eq!(path[0], ll(4.48, 51.92));
        assert_eq!(*path.last().unwrap(), ll(121.47, 31.23));
    }

    #[test]
    fn arc_across_the_antimeridian_stays_in_range() {
        let path = arc(ll(129.04, 35.10), ll(-118.27, 33.74), MAX_STEP_KM);
        assert!(path.iter().all(|p| p.lon().abs() <= 180.0));
        let jumps = path
            .windows(2)
            .filter(|w| (w[0].lon() - w[1].lon()).abs() > 180.0)
            .count();
        assert_eq!(
            jumps, 1,
            "a Busan-Los Angeles arc crosses the antimeridian once"
        );
        // Known geodesic distance Busan - Los Angeles is about 9,630 km.
        assert!(
            (length_km(&path) - 9630.0).abs() < 60.0,
            "{}",
            length_km(&path)
        );
    }

    #[test]
    fn same_point_gives_two_point_path_of_zero_length() {
        let p = ll(130.0, 42.0);
        let path = arc(p, p, MAX_STEP_KM);
        assert_eq!(path, vec![p, p]);
        assert_eq!(length_km(&path), 0.0);
    }

    proptest! {
        #[test]
        fn distance_is_symmetric(a in (-180.0f64..=180.0, -89.0f64..=89.0), b in (-180.0f64..=180.0, -89.0f64..=89.0)) {
            let (a, b) = (ll(a.0, a.1), ll(b.0, b.1));
            prop_assert!((distance_km(a, b) - distance_km(b, a)).abs() < 1e-6);
        }
    }
}
