//! Finding network points near a place: a one-degree grid over every point of the
//! network (junctions and the points along edges).

use crate::model::LonLat;

/// Mean Earth radius for the haversine distances used in snapping, in km.
const EARTH_RADIUS_KM: f64 = 6371.0088;
const COLS: usize = 360;
const ROWS: usize = 180;

/// Points bucketed by one-degree cell.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// `start[c]..start[c + 1]` index `points` for cell `c`.
    start: Vec<u32>,
    points: Vec<u32>,
}

fn cell_of(p: LonLat) -> (usize, usize) {
    // both sums are >= 0, where truncation is floor
    let col = ((p.lon() + 180.0) as usize).min(COLS - 1);
    let row = ((p.lat() + 90.0) as usize).min(ROWS - 1);
    (col, row)
}

impl Grid {
    /// Buckets points `0..n`, whose positions `at(i)` gives.
    pub fn new(n: usize, at: impl Fn(usize) -> LonLat) -> Grid {
        let cell = |i| {
            let (c, r) = cell_of(at(i));
            r * COLS + c
        };
        // counting sort; cells are computed twice rather than stored (less memory)
        let mut count = vec![0u32; COLS * ROWS + 1];
        for i in 0..n {
            count[cell(i) + 1] += 1;
        }
        for c in 0..COLS * ROWS {
            count[c + 1] += count[c];
        }
        let mut fill = count.clone();
        let mut points = vec![0u32; n];
        for i in 0..n {
            let c = cell(i);
            points[fill[c] as usize] = i as u32;
            fill[c] += 1;
        }
        Grid {
            start: count,
            points,
        }
    }

    /// Every point within `radius_km` of `at` (and some a little beyond: whole cells
    /// are visited), passed to `visit` with its distance in km.
    pub fn near(
        &self,
        at: LonLat,
        radius_km: f64,
        pos: impl Fn(u32) -> LonLat,
        mut visit: impl FnMut(u32, f64),
    ) {
        let dlat = radius_km / 111.0 + 1.0;
        let (lat0, lat1) = ((at.lat() - dlat).max(-90.0), (at.lat() + dlat).min(90.0));
        let coslat = lat0.abs().max(lat1.abs()).to_radians().cos();
        let dlon = if coslat < 0.02 {
            360.0
        } else {
            radius_km / (111.0 * coslat) + 1.0
        };
        let (r0, r1) = (
            cell_of(LonLat::wrapped(0.0, lat0)).1,
            cell_of(LonLat::wrapped(0.0, lat1)).1,
        );
        let cols: Vec<usize> = if dlon >= 180.0 {
            (0..COLS).collect()
        } else {
            let c0 = (at.lon() - dlon + 180.0).floor() as i64;
            let c1 = (at.lon() + dlon + 180.0).floor() as i64;
            (c0..=c1)
                .map(|c| c.rem_euclid(COLS as i64) as usize)
                .collect()
        };
        for row in r0..=r1 {
            for &col in &cols {
                let cell = row * COLS + col;
                let (a, b) = (self.start[cell] as usize, self.start[cell + 1] as usize);
                for &p in &self.points[a..b] {
                    let d = haversine_km(at, pos(p));
                    if d <= radius_km {
                        visit(p, d);
                    }
                }
            }
        }
    }
}

/// Great-circle distance on a sphere: fast, within 0.5 % of the geodesic.
///
/// # Units
/// Kilometres.
pub(crate) fn haversine_km(a: LonLat, b: LonLat) -> f64 {
    let (la1, la2) = (a.lat().to_radians(), b.lat().to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon() - a.lon()).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn finds_points_across_the_antimeridian_and_cell_edges() {
        let pts = [p(179.9, 10.0), p(-179.9, 10.0), p(0.0, 0.0), p(180.0, 90.0)];
        let grid = Grid::new(pts.len(), |i| pts[i]);
        let mut found = Vec::new();
        grid.near(
            p(-179.95, 10.0),
            50.0,
            |i| pts[i as usize],
            |i, d| found.push((i, d)),
        );
        found.sort_by_key(|f| f.0);
        assert_eq!(found.iter().map(|f| f.0).collect::<Vec<_>>(), vec![0, 1]);
        assert!((found[0].1 - 16.4).abs() < 0.2, "{}", found[0].1);
        let mut polar = Vec::new();
        grid.near(
            p(10.0, 89.9),
            20.0,
            |i| pts[i as usize],
            |i, _| polar.push(i),
        );
        assert_eq!(polar, vec![3]);
    }

    #[test]
    fn haversine_of_one_degree_on_the_equator() {
        assert!((haversine_km(p(0.0, 0.0), p(1.0, 0.0)) - 111.195).abs() < 0.01);
        assert_eq!(haversine_km(p(5.0, 5.0), p(5.0, 5.0)), 0.0);
    }
}
