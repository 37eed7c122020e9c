//! Path simplification for output: Douglas-Peucker with a tolerance in km, measured
//! in a local equirectangular plane around each segment (accurate to well under a
//! metre at 100 m tolerances).

use crate::model::LonLat;

const KM_PER_DEG: f64 = 111.195;

/// Keeps the ends and every point needed so that no dropped point lies farther than
/// `tolerance_km` from the simplified line.
///
/// ```
/// use shipmap::model::LonLat;
/// use shipmap::network::rail::simplify_km;
/// let p = |lon, lat| LonLat::new(lon, lat).unwrap();
/// let line = [p(30.0, 50.0), p(30.5, 50.0005), p(31.0, 50.0)];
/// assert_eq!(simplify_km(&line, 0.1).len(), 2); // 56 m off the chord: dropped
/// assert_eq!(simplify_km(&line, 0.01).len(), 3);
/// ```
pub fn simplify_km(points: &[LonLat], tolerance_km: f64) -> Vec<LonLat> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    keep[0] = true;
    keep[points.len() - 1] = true;
    let mut stack = vec![(0, points.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let mut far = (0.0, 0);
        for i in a + 1..b {
            let d = offset_km(points[a], points[b], points[i]);
            if d > far.0 {
                far = (d, i);
            }
        }
        if far.0 > tolerance_km {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    points
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// Distance from `p` to the segment `a`-`b`, in km.
fn offset_km(a: LonLat, b: LonLat, p: LonLat) -> f64 {
    let coslat = a.lat().to_radians().cos();
    let xy = |q: LonLat| {
        let mut dlon = q.lon() - a.lon();
        if dlon > 180.0 {
            dlon -= 360.0;
        } else if dlon < -180.0 {
            dlon += 360.0;
        }
        (dlon * coslat * KM_PER_DEG, (q.lat() - a.lat()) * KM_PER_DEG)
    };
    let ((bx, by), (px, py)) = (xy(b), xy(p));
    let len2 = bx * bx + by * by;
    let t = if len2 > 0.0 {
        ((px * bx + py * by) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((px - t * bx).powi(2) + (py - t * by).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn degenerate_inputs_pass_through() {
        assert!(simplify_km(&[], 0.1).is_empty());
        assert_eq!(simplify_km(&[p(1.0, 1.0)], 0.1).len(), 1);
        let same = [p(1.0, 1.0), p(1.0, 1.0), p(1.0, 1.0)];
        assert_eq!(simplify_km(&same, 0.1).len(), 2);
    }

    #[test]
    fn a_corner_is_kept() {
        let l = [p(0.0, 0.0), p(1.0, 0.0), p(1.0, 1.0)];
        assert_eq!(simplify_km(&l, 0.1), l.to_vec());
    }

    proptest! {
        #[test]
        fn dropped_points_stay_within_tolerance(
            steps in prop::collection::vec((-0.01f64..0.01, -0.01f64..0.01), 3..60),
        ) {
            let mut pts = vec![p(40.0, 55.0)];
            for (dx, dy) in steps {
                let last = *pts.last().unwrap();
                pts.push(p(last.lon() + dx, last.lat() + dy));
            }
            let out = simplify_km(&pts, 0.1);
            prop_assert_eq!(out[0], pts[0]);
            prop_assert_eq!(*out.last().unwrap(), *pts.last().unwrap());
            // each original point is near some kept segment
            for q in &pts {
                let near = out.windows(2).any(|w| offset_km(w[0], w[1], *q) <= 0.1 + 1e-9);
                prop_assert!(near || out.len() < 2);
            }
        }
    }
}
