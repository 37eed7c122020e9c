//! The k nearest network nodes to a point, on the sphere: exact across the antimeridian
//! and near the poles, and fast because it looks only at nodes near the point.
//!
//! Nodes are kept in one-degree latitude rows, sorted by longitude within each row. A
//! search visits rows outwards from the point's and, within a row, nodes outwards in
//! longitude from the point's, and stops in each direction once no node further on can
//! beat the k-th best found: in latitude because a row `g` degrees away is at least
//! `g` degrees of arc away, in longitude because a point `dl` degrees of longitude away
//! is at least `asin(cos(lat) sin(dl))` of arc away (for `dl` up to 90; beyond that, no
//! nearer than at 90). The geo crates' nearest-neighbour searches work in the plane,
//! which is wrong across the antimeridian and stretched near the poles, hence this.

use crate::model::LonLat;

/// Rows of one degree of latitude.
const ROWS: usize = 180;

/// Network nodes by latitude row and longitude.
#[derive(Debug, Clone)]
pub struct NodeIndex {
    /// Where each row's nodes start in `lons` and `ids` (ROWS + 1 entries).
    row_start: Vec<u32>,
    /// Longitudes, ascending within each row.
    lons: Vec<f64>,
    ids: Vec<u32>,
    /// Unit vectors of the nodes, in the order of `lons`: a row's scan reads them in
    /// turn (by node number, each was a jump through memory).
    unit: Vec<[f64; 3]>,
}

fn row_of(lat: f64) -> usize {
    ((lat + 90.0).floor().max(0.0) as usize).min(ROWS - 1)
}

impl NodeIndex {
    /// Indexes the nodes (numbered by their position in `nodes`).
    pub fn new(nodes: &[LonLat]) -> NodeIndex {
        let mut order: Vec<u32> = (0..nodes.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (p, q) = (nodes[a as usize], nodes[b as usize]);
            row_of(p.lat())
                .cmp(&row_of(q.lat()))
                .then(p.lon().total_cmp(&q.lon()))
                .then(a.cmp(&b))
        });
        let mut row_start = vec![0u32; ROWS + 1];
        for &i in &order {
            row_start[row_of(nodes[i as usize].lat()) + 1] += 1;
        }
        for r in 0..ROWS {
            row_start[r + 1] += row_start[r];
        }
        NodeIndex {
            row_start,
            lons: order.iter().map(|&i| nodes[i as usize].lon()).collect(),
            unit: order
                .iter()
                .map(|&i| unit_vector(nodes[i as usize]))
                .collect(),
            ids: order,
        }
    }

    /// The `k` nodes nearest to `p` on the sphere, nearest first, with their distances
    /// in km on a sphere of the mean Earth radius (ties by node number).
    pub fn nearest(&self, p: LonLat, k: usize) -> Vec<(u32, f64)> {
        if k == 0 {
            return Vec::new();
        }
        let cos_lat = p.lat().to_radians().cos();
        let mut best = Best {
            u: unit_vector(p),
            k,
            cos_lat,
            list: Vec::with_capacity(k + 1),
            kth_dot: -2.0,
            lon_limit: 180.0,
        };
        let row = row_of(p.lat()) as i64;
        // rows outwards, alternately north and south, each side until it is too far
        let (mut north, mut south) = (row, row - 1);
        loop {
            let gap = |r: i64| {
                // degrees of latitude between p and the row's band
                let (lo, hi) = (r as f64 - 90.0, r as f64 - 89.0);
                (lo - p.lat()).max(p.lat() - hi).max(0.0)
            };
            let north_ok = north < ROWS as i64 && best.may_hold(gap(north));
            let south_ok = south >= 0 && best.may_hold(gap(south));
            if !north_ok && !south_ok {
                break;
            }
            if north_ok {
                self.scan_row(north as usize, p.lon(), &mut best);
                north += 1;
            }
            if south_ok {
                self.scan_row(south as usize, p.lon(), &mut best);
                south -= 1;
            }
        }
        best.list
            .into_iter()
            .map(|(dot, i)| (i, 6371.0088 * dot.clamp(-1.0, 1.0).acos()))
            .collect()
    }

    /// Offers a row's nodes to `best`, outwards in longitude from `lon` both ways.
    fn scan_row(&self, row: usize, lon: f64, best: &mut Best) {
        let (start, end) = (
            self.row_start[row] as usize,
            self.row_start[row + 1] as usize,
        );
        let n = end - start;
        if n == 0 {
            return;
        }
        let lons = &self.lons[start..end];
        let mid = lons.partition_point(|&l| l < lon);
        // eastwards from mid, westwards from mid - 1, wrapping; each node once
        let (mut east, mut west, mut seen) = (0usize, 0usize, 0usize);
        let (mut east_open, mut west_open) = (true, true);
        while seen < n && (east_open || west_open) {
            if east_open {
                let j = (mid + east) % n;
                if lon_gap(lon, lons[j]) <= best.lon_limit {
                    best.offer(&self.unit[start + j], self.ids[start + j]);
                    east += 1;
                    seen += 1;
                } else {
                    east_open = false;
                }
            }
            if west_open && seen < n {
                let j = (mid + n - 1 - west) % n;
                if lon_gap(lon, lons[j]) <= best.lon_limit {
                    best.offer(&self.unit[start + j], self.ids[start + j]);
                    west += 1;
                    seen += 1;
                } else {
                    west_open = false;
                }
            }
        }
    }
}

/// Degrees of longitude between two longitudes, the short way round (0..=180).
fn lon_gap(a: f64, b: f64) -> f64 {
    // both in -180..=180, so the difference is at most 360: no division needed
    let d = (a - b).abs();
    let d = if d >= 360.0 { d - 360.0 } else { d };
    d.min(360.0 - d)
}

/// The best `k` so far, as (dot product with the point's unit vector, node), best first,
/// and how far a node may lie and still make the list.
struct Best {
    u: [f64; 3],
    k: usize,
    cos_lat: f64,
    list: Vec<(f64, u32)>,
    /// The k-th best dot product (-2 until k are found).
    kth_dot: f64,
    /// Degrees of longitude beyond which no node can make the list.
    lon_limit: f64,
}

impl Best {
    fn offer(&mut self, v: &[f64; 3], i: u32) {
        let dot = self.u[0] * v[0] + self.u[1] * v[1] + self.u[2] * v[2];
        let ahead = |&(d, j): &(f64, u32)| d > dot || (d == dot && j < i);
        if self.list.len() < self.k || self.list.last().is_some_and(|last| !ahead(last)) {
            let at = self.list.partition_point(ahead);
            self.list.insert(at, (dot, i));
            self.list.truncate(self.k);
            if self.list.len() == self.k {
                self.tighten();
            }
        }
    }

    /// Recomputes the limits from the k-th best.
    fn tighten(&mut self) {
        // a margin covers rounding: limits err on the far side
        self.kth_dot = self.list[self.k - 1].0 - 1e-12;
        // asin(cos_lat sin(dl)) <= kth  <=>  sin(dl) <= sin(kth) / cos_lat, with
        // sin(kth) from its cosine: a root, not an arc cosine and a sine (the list
        // tightens a few dozen times a look-up)
        let d = self.kth_dot.clamp(-1.0, 1.0);
        let ratio = if d <= 0.0 {
            f64::INFINITY
        } else {
            (1.0 - d * d).sqrt() / self.cos_lat.max(1e-12)
        };
        self.lon_limit = if ratio >= 1.0 {
            180.0
        } else {
            ratio.asin().to_degrees() + 1e-9
        };
    }

    /// Whether a node at least `gap_deg` degrees of arc away may still make the list.
    fn may_hold(&self, gap_deg: f64) -> bool {
        gap_deg.to_radians().cos() >= self.kth_dot
    }
}

/// A point as a unit vector (spherical Earth).
pub fn unit_vector(p: LonLat) -> [f64; 3] {
    let (lon, lat) = (p.lon().to_radians(), p.lat().to_radians());
    [lat.cos() * lon.cos(), lat.cos() * lon.sin(), lat.sin()]
}
