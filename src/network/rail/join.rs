//! Closing false gaps in a user network: a line end that stops just short of another
//! line is joined to it, as `scripts/build_rail.py` does for the embedded network.
//!
//! A dead end (a junction with one edge) is joined to the nearest junction of
//! another line within [`USER_JOIN_KM`] when the network cannot already lead from one
//! to the other in less than twice the gap plus 1 km. The search behind that test
//! is bounded (in distance and in nodes settled), so a pathological file (every line
//! a kilometre from the next) costs a bounded time per dead end.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};

use super::format::Raw;
use super::snap::Grid;
use crate::model::LonLat;

/// How close a dead end must be to another line to be joined to it, in km.
pub const USER_JOIN_KM: f64 = 1.0;
/// The search that proves two points apart settles at most this many nodes.
const MAX_SETTLED: usize = 4096;

/// A join made between a line end and another line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GapJoin {
    /// The dead end.
    pub from: LonLat,
    /// The point of the other line it was joined to.
    pub to: LonLat,
    /// Length of the join.
    ///
    /// # Units
    /// Kilometres.
    pub km: f64,
}

/// Joins dead ends of `raw` to lines within `join_km`; returns the joins made, in
/// the order of the new edges appended to `raw.edges`.
pub(crate) fn close_gaps(raw: &mut Raw, join_km: f64) -> Vec<GapJoin> {
    let n = raw.junctions.len();
    let mut adj: Vec<Vec<(u32, f64)>> = vec![Vec::new(); n];
    for &(a, b, km) in &raw.edges {
        if a != b {
            adj[a as usize].push((b, km));
            adj[b as usize].push((a, km));
        }
    }
    let grid = Grid::new(n, |i| raw.junctions[i]);
    let mut joins = Vec::new();
    let limit = 2.0 * join_km + 1.0;
    for u in 0..n as u32 {
        if adj[u as usize].len() != 1 {
            continue;
        }
        let mut near: Vec<(f64, u32)> = Vec::new();
        grid.near(
            raw.junctions[u as usize],
            join_km,
            |p| raw.junctions[p as usize],
            |p, km| {
                if p != u {
                    near.push((km, p));
                }
            },
        );
        if near.is_empty() {
            continue;
        }
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let dist = bounded(&adj, u, limit);
        let pick = near
            .into_iter()
            .find(|&(km, v)| dist.get(&v).is_none_or(|&d| d > 2.0 * km + 1.0));
        if let Some((km, v)) = pick {
            let km = km.max(0.001);
            adj[u as usize].push((v, km));
            adj[v as usize].push((u, km));
            raw.edges.push((u, v, km));
            joins.push(GapJoin {
                from: raw.junctions[u as usize],
                to: raw.junctions[v as usize],
                km,
            });
        }
    }
    joins
}

/// Network distances from `s` up to `limit` km (at most [`MAX_SETTLED`] nodes).
fn bounded(adj: &[Vec<(u32, f64)>], s: u32, limit: f64) -> HashMap<u32, f64> {
    let mut dist: HashMap<u32, f64> = HashMap::new();
    let mut heap = BinaryHeap::new();
    dist.insert(s, 0.0);
    heap.push(Reverse((0u64, s)));
    let mut settled = 0;
    while let Some(Reverse((key, u))) = heap.pop() {
        let d = key as f64 / 1e6;
        if d > dist.get(&u).copied().unwrap_or(f64::INFINITY) {
            continue;
        }
        settled += 1;
        if settled > MAX_SETTLED {
            break;
        }
        for &(v, w) in &adj[u as usize] {
            let nd = d + w;
            if nd <= limit && nd < dist.get(&v).copied().unwrap_or(f64::INFINITY) {
                dist.insert(v, nd);
                heap.push(Reverse(((nd * 1e6) as u64, v)));
            }
        }
    }
    dist
}

#[cfg(test)]
mod tests {
    use super::super::snap::haversine_km;
    use super::*;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    fn raw(points: &[LonLat], edges: &[(u32, u32)]) -> Raw {
        Raw {
            junctions: points.to_vec(),
            junction_country: vec![0; points.len()],
            edges: edges
                .iter()
                .map(|&(a, b)| (a, b, haversine_km(points[a as usize], points[b as usize])))
                .collect(),
            ..Raw::default()
        }
    }

    #[test]
    fn a_line_stopping_short_of_another_is_joined() {
        // a line along 50N, and one coming from the north that stops 500 m short of it
        let pts = [
            p(30.0, 50.0),
            p(30.1, 50.0),
            p(30.05, 50.5),
            p(30.05, 50.0045),
        ];
        let mut r = raw(&pts, &[(0, 1), (2, 3)]);
        let joins = close_gaps(&mut r, USER_JOIN_KM);
        // the north line's end is 3.6 km from either junction of 50N: no node in reach
        assert!(joins.is_empty(), "{joins:?}");
        let pts = [
            p(30.0, 50.0),
            p(30.05, 50.0),
            p(30.1, 50.0),
            p(30.05, 50.5),
            p(30.05, 50.0045),
        ];
        let mut r = raw(&pts, &[(0, 1), (1, 2), (3, 4)]);
        let joins = close_gaps(&mut r, USER_JOIN_KM);
        assert_eq!(joins.len(), 1);
        assert_eq!((joins[0].from, joins[0].to), (pts[4], pts[1]));
        assert!((joins[0].km - 0.5).abs() < 0.01, "{}", joins[0].km);
        assert_eq!(r.edges.len(), 4);
    }

    #[test]
    fn ends_already_linked_close_by_are_left_alone() {
        // a hairpin: the two ends are 300 m apart but 1.4 km apart along the line
        let pts = [p(30.0, 50.0), p(30.0, 50.006), p(30.004, 50.0)];
        let mut r = raw(&pts, &[(0, 1), (1, 2)]);
        assert!(close_gaps(&mut r, USER_JOIN_KM).is_empty());
        // ... but a hairpin 30 km round is joined
        let pts = [p(30.0, 50.0), p(30.0, 50.3), p(30.004, 50.0)];
        let mut r = raw(&pts, &[(0, 1), (1, 2)]);
        assert_eq!(close_gaps(&mut r, USER_JOIN_KM).len(), 1);
    }
}
