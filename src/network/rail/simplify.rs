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
///
/// Lines of up to 50,000 points are simplified whole. Douglas-Peucker
/// costs up to the square of the points on a line whose farthest point is always
/// next to an end (a zigzag: one 3M-point line took 106 s), so longer lines are
/// simplified in consecutive pieces of 1,000 points, each keeping its ends: the
/// cost is then linear in the points whatever the shape, and the tolerance holds.
pub fn simplify_km(points: &[LonLat], tolerance_km: f64) -> Vec<LonLat> {
    if points.len() < 3 {
        return points.to_vec();
    }
    let mut keep = vec![false; points.len()];
    for (a, b) in pieces(points.len()) {
        keep[a] = true;
        keep[b] = true;
        let mut stack = vec![(a, b)];
        while let Some((a, b)) = stack.pop() {
            let mut far = (0.0, 0);
            let plane = Plane::at(points[a], points[b]);
            for (i, &p) in points.iter().enumerate().take(b).skip(a + 1) {
                let d = plane.offset_km(p);
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
    }
    points
        .iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// Lines up to this many points are simplified whole (at worst some 10^9 distance
/// tests, a few seconds, on a zigzag; in practice far fewer).
pub const WHOLE_MAX_POINTS: usize = 50_000;
/// Longer lines are simplified in pieces of this many points.
pub const PIECE_POINTS: usize = 1_000;

/// The (first, last) index pairs a line of `n` points is simplified in: the whole
/// line, or consecutive pieces sharing their ends.
pub(crate) fn pieces(n: usize) -> Vec<(usize, usize)> {
    if n <= WHOLE_MAX_POINTS {
        return vec![(0, n.saturating_sub(1))];
    }
    (0..n - 1)
        .step_by(PIECE_POINTS - 1)
        .map(|a| (a, (a + PIECE_POINTS - 1).min(n - 1)))
        .collect()
}

/// A local equirectangular plane at segment a-b's start, for distances to it.
struct Plane {
    a: LonLat,
    coslat: f64,
    b: (f64, f64),
    len2: f64,
}

impl Plane {
    fn at(a: LonLat, b: LonLat) -> Plane {
        let mut plane = Plane {
            a,
            coslat: a.lat().to_radians().cos(),
            b: (0.0, 0.0),
            len2: 0.0,
        };
        plane.b = plane.xy(b);
        plane.len2 = plane.b.0 * plane.b.0 + plane.b.1 * plane.b.1;
        plane
    }

    fn xy(&self, q: LonLat) -> (f64, f64) {
        let mut dlon = q.lon() - self.a.lon();
        if dlon > 180.0 {
            dlon -= 360.0;
        } else if dlon < -180.0 {
            dlon += 360.0;
        }
        (
            dlon * self.coslat * KM_PER_DEG,
            (q.lat() - self.a.lat()) * KM_PER_DEG,
        )
    }

    /// Distance from `p` to the segment, in km.
    fn offset_km(&self, p: LonLat) -> f64 {
        let ((bx, by), (px, py)) = (self.b, self.xy(p));
        let t = if self.len2 > 0.0 {
            ((px * bx + py * by) / self.len2).clamp(0.0, 1.0)
        } else {
            0.0
        };
        ((px - t * bx).powi(2) + (py - t * by).powi(2)).sqrt()
    }
}

/// Distance from `p` to the segment `a`-`b`, in km.
#[cfg(test)]
fn offset_km(a: LonLat, b: LonLat, p: LonLat) -> f64 {
    Plane::at(a, b).offset_km(p)
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

    #[test]
    fn a_long_zigzag_is_simplified_in_pieces_within_tolerance() {
        // Every point 330 m off the axis, alternately: all are kept, and whole
        // Douglas-Peucker would split off one point at a time.
        let n = WHOLE_MAX_POINTS * 2 + 7;
        let line: Vec<LonLat> = (0..n)
            .map(|i| {
                p(
                    40.0 + i as f64 * 3e-5,
                    if i % 2 == 0 { 55.0 } else { 55.006 },
                )
            })
            .collect();
        let out = simplify_km(&line, 0.1);
        assert!(out.len() > n / 2, "{}", out.len());
        // Every point is within the tolerance of the kept segment around it
        // (longitudes grow, so the kept points bracket each one in order).
        let mut k = 0;
        for q in &line {
            while k + 2 < out.len() && out[k + 1].lon() <= q.lon() {
                k += 1;
            }
            assert!(offset_km(out[k], out[k + 1], *q) <= 0.1 + 1e-9, "{q:?}");
        }
        let pieces = pieces(n);
        assert_eq!(pieces.first().unwrap().0, 0);
        assert_eq!(pieces.last().unwrap().1, n - 1);
        assert!(pieces.windows(2).all(|w| w[0].1 == w[1].0));
        assert!(pieces.iter().all(|&(a, b)| b - a < PIECE_POINTS));
        // A straight line of as many points keeps only its ends and piece ends.
        let straight: Vec<LonLat> = (0..n).map(|i| p(40.0 + i as f64 * 3e-5, 55.0)).collect();
        assert_eq!(simplify_km(&straight, 0.1).len(), pieces.len() + 1);
        assert_eq!(super::pieces(10), vec![(0, 9)]);
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
