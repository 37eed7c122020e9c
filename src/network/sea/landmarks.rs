//! Landmark distances for the network search's estimate (the "ALT" technique: A*,
//! landmarks and the triangle inequality). For a landmark node L, any node v and
//! target t, the network distance d(v, t) is at least |d(L, v) - d(L, t)|. With
//! distances from a few landmarks round the edge of the network stored for every node,
//! that bound sees continents in the way, which the great-circle estimate cannot: the
//! great circle from Rotterdam to Shanghai crosses Asia, so plain A* settles half the
//! network before it finds the Suez route.
//!
//! The table is derived from `marnet.bin` by `compute` and embedded as
//! `data/sea/landmarks.bin`; `tests/sea_routes.rs` checks that it is current and
//! rewrites it when run with `SHIPMAP_BLESS=1` (see scripts/build_sea_landmarks.sh).
//! Layout: magic `SEAK`, landmark count and node count (u32 LE), the landmark nodes
//! (u32 LE each), then two tables of u16 LE kilometres, node-major (all of one node's
//! landmark distances together): the first with the Arctic passages closed (the
//! default), the second with every passage open. Distances are rounded down to whole
//! kilometres; `u16::MAX` marks a node the landmark cannot reach.
//!
//! Closing passages only lengthens paths, so a table computed with fewer passages
//! closed than a search uses still gives lower bounds: the Arctic-closed table serves
//! every search that keeps the Arctic closed, the open table every other.

#[cfg(test)]
use super::graph::Graph;
use super::passages::{PassageSet, ARCTIC};

/// Landmarks chosen.
pub const COUNT: usize = 16;
/// Table entry for a node a landmark cannot reach.
const UNREACHABLE: u16 = u16::MAX;

/// The embedded landmark tables, read in place.
#[derive(Debug, Clone, Copy)]
pub struct Landmarks {
    arctic_closed: &'static [u8],
    open: &'static [u8],
}

impl Landmarks {
    /// Checks the header and sizes of `landmarks.bin` against a graph of `nodes` nodes.
    pub fn from_bytes(bytes: &'static [u8], nodes: usize) -> Result<Landmarks, String> {
        let header = bytes
            .get(..12)
            .ok_or("landmark table shorter than its header")?;
        if &header[..4] != b"SEAK" {
            return Err("landmark table has the wrong magic".to_owned());
        }
        let word = |i: usize| {
            u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]) as usize
        };
        let (count, n) = (word(4), word(8));
        if count != COUNT || n != nodes {
            return Err(format!(
                "landmark table is for {count} landmarks and {n} nodes, the network has \
                 {nodes} nodes (regenerate it: scripts/build_sea_landmarks.sh)"
            ));
        }
        let table = COUNT * nodes * 2;
        let start = 12 + COUNT * 4;
        if bytes.len() != start + 2 * table {
            return Err("landmark table size does not match its header".to_owned());
        }
        Ok(Landmarks {
            arctic_closed: &bytes[start..start + table],
            open: &bytes[start + table..],
        })
    }

    /// The table valid for a search with `closed` passages closed.
    fn table(&self, closed: PassageSet) -> &'static [u8] {
        if closed & ARCTIC == ARCTIC {
            self.arctic_closed
        } else {
            self.open
        }
    }

    /// The per-search estimator towards `targets` (node, finishing cost in km).
    pub fn estimator(&self, closed: PassageSet, targets: &[(u32, f64)]) -> Estimator {
        let table = self.table(closed);
        let mut ahead = [f64::NEG_INFINITY; COUNT];
        let mut behind = [f64::NEG_INFINITY; COUNT];
        for l in 0..COUNT {
            let ends: Option<Vec<(f64, f64)>> = targets
                .iter()
                .map(|&(t, cost)| {
                    let d = entry(table, t as usize, l);
                    (d != UNREACHABLE).then_some((f64::from(d), cost))
                })
                .collect();
            // a landmark that cannot reach every target gives no bound
            if let Some(ends) = ends.filter(|e| !e.is_empty()) {
                ahead[l] = ends
                    .iter()
                    .map(|&(d, c)| c + d)
                    .fold(f64::INFINITY, f64::min);
                behind[l] = ends
                    .iter()
                    .map(|&(d, c)| c - d)
                    .fold(f64::INFINITY, f64::min);
            }
        }
        Estimator {
            table,
            ahead,
            behind,
        }
    }
}

fn entry(table: &[u8], node: usize, landmark: usize) -> u16 {
    let i = (node * COUNT + landmark) * 2;
    u16::from_le_bytes([table[i], table[i + 1]])
}

/// The landmark lower bound for one search. With d(L, v) the distance from landmark L
/// to node v, each target t with finishing cost c(t) costs at least
/// c(t) + d(L, t) - d(L, v) and at least c(t) - d(L, t) + d(L, v) from v; so the least
/// of the first over all targets (`ahead`) less d(L, v), and the least of the second
/// (`behind`) plus d(L, v), are both lower bounds. Two numbers per landmark make each
/// estimate a handful of operations, whatever the number of targets; as a leg's
/// targets lie close together, little is lost against the exact minimum.
pub struct Estimator {
    table: &'static [u8],
    ahead: [f64; COUNT],
    behind: [f64; COUNT],
}

impl Estimator {
    /// A lower bound, in km, of the cost from `node` to the end of the search: the
    /// network distance to some target plus that target's finishing cost.
    pub fn lower_bound(&self, node: usize) -> f64 {
        let row = &self.table[node * COUNT * 2..(node + 1) * COUNT * 2];
        // in f64, so that rounding cannot add to the bound
        let mut best = 0.0f64;
        for (l, pair) in row.chunks_exact(2).enumerate() {
            let d = u16::from_le_bytes([pair[0], pair[1]]);
            if d == UNREACHABLE {
                continue;
            }
            let d = f64::from(d);
            let bound = (self.ahead[l] - d).max(d + self.behind[l]);
            if bound > best {
                best = bound;
            }
        }
        // each stored distance is rounded down, so a difference may be 1 km too large
        (best - 1.0).max(0.0)
    }
}

/// Builds `landmarks.bin` for a graph: landmarks picked farthest-first over the
/// network with the Arctic closed (each the node furthest by sea from those already
/// picked, starting from the node furthest from node 0), then every node's distance
/// from each, with the Arctic closed and with everything open.
#[cfg(test)]
pub fn compute(graph: &Graph) -> Vec<u8> {
    let n = graph.nodes.len();
    let mut picked: Vec<u32> = Vec::with_capacity(COUNT);
    let mut nearest_pick = graph.distances_from(0, ARCTIC);
    let mut closed_rows: Vec<Vec<f64>> = Vec::with_capacity(COUNT);
    while picked.len() < COUNT {
        // the reachable node furthest from every landmark so far (lowest number on ties)
        let far = (0..n)
            .filter(|&v| nearest_pick[v].is_finite() && !picked.contains(&(v as u32)))
            .fold(None::<(usize, f64)>, |best, v| match best {
                Some((_, d)) if d >= nearest_pick[v] => best,
                _ => Some((v, nearest_pick[v])),
            });
        let Some((far, _)) = far else { break };
        let row = graph.distances_from(far as u32, ARCTIC);
        if picked.is_empty() {
            nearest_pick = row.clone();
        } else {
            for (m, d) in nearest_pick.iter_mut().zip(&row) {
                *m = m.min(*d);
            }
        }
        picked.push(far as u32);
        closed_rows.push(row);
    }
    let open_rows: Vec<Vec<f64>> = picked.iter().map(|&l| graph.distances_from(l, 0)).collect();
    let mut out = Vec::with_capacity(12 + COUNT * 4 + 2 * COUNT * n * 2);
    out.extend_from_slice(b"SEAK");
    out.extend_from_slice(&(COUNT as u32).to_le_bytes());
    out.extend_from_slice(&(n as u32).to_le_bytes());
    for &l in &picked {
        out.extend_from_slice(&l.to_le_bytes());
    }
    for rows in [&closed_rows, &open_rows] {
        for v in 0..n {
            for row in rows.iter() {
                let d = row[v];
                let km = if d.is_finite() && d < UNREACHABLE as f64 {
                    d.floor() as u16
                } else {
                    UNREACHABLE
                };
                out.extend_from_slice(&km.to_le_bytes());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::sea::passages::Gates;
    use crate::network::sea::{LANDMARKS_BIN, MARNET_BIN, PASSAGES_CSV};

    fn graph() -> Graph {
        Graph::from_bytes(MARNET_BIN, &Gates::parse(PASSAGES_CSV).unwrap()).unwrap()
    }

    /// The embedded table is the one `compute` makes from the embedded network;
    /// `SHIPMAP_BLESS=1` rewrites it.
    #[test]
    fn embedded_table_is_current() {
        let want = compute(&graph());
        if std::env::var_os("SHIPMAP_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sea/landmarks.bin");
            std::fs::write(path, &want).unwrap();
            return;
        }
        assert!(
            want == LANDMARKS_BIN,
            "data/sea/landmarks.bin is out of date with marnet.bin: run \
             scripts/build_sea_landmarks.sh"
        );
    }

    #[test]
    fn bounds_never_exceed_network_distances() {
        let g = graph();
        let marks = Landmarks::from_bytes(LANDMARKS_BIN, g.nodes.len()).unwrap();
        // every 997th node as a target, its true distance to every 13th node compared
        for closed in [ARCTIC, 0, ARCTIC | 1] {
            for t in (0..g.nodes.len() as u32).step_by(997) {
                let exact = g.distances_from(t, closed);
                let est = marks.estimator(closed, &[(t, 0.0)]);
                for v in (0..g.nodes.len()).step_by(13) {
                    let bound = est.lower_bound(v);
                    assert!(
                        bound <= exact[v] + 1e-9,
                        "node {v} to {t}: {bound} > {}",
                        exact[v]
                    );
                }
            }
        }
    }

    #[test]
    fn bounds_with_fractional_costs_never_exceed_the_truth() {
        let g = graph();
        let marks = Landmarks::from_bytes(LANDMARKS_BIN, g.nodes.len()).unwrap();
        // two targets with fractional finishing costs; the truth is the least of
        // distance plus cost over both
        let targets = [(5000u32, 12.345_678_9), (5003u32, 0.987_654_3)];
        let exact: Vec<Vec<f64>> = targets
            .iter()
            .map(|&(t, _)| g.distances_from(t, ARCTIC))
            .collect();
        let est = marks.estimator(ARCTIC, &targets);
        for v in (0..g.nodes.len()).step_by(7) {
            let truth = targets
                .iter()
                .zip(&exact)
                .map(|(&(_, c), d)| d[v] + c)
                .fold(f64::INFINITY, f64::min);
            assert!(
                est.lower_bound(v) <= truth,
                "node {v}: {} > {truth}",
                est.lower_bound(v)
            );
        }
    }

    #[test]
    fn a_finishing_cost_counts_towards_the_bound() {
        let g = graph();
        let marks = Landmarks::from_bytes(LANDMARKS_BIN, g.nodes.len()).unwrap();
        let t = 4000;
        let plain = marks.estimator(ARCTIC, &[(t, 0.0)]).lower_bound(17);
        let costed = marks.estimator(ARCTIC, &[(t, 50.0)]).lower_bound(17);
        assert!((costed - plain - 50.0).abs() < 1e-3, "{plain} {costed}");
        assert_eq!(
            marks.estimator(ARCTIC, &[(t, 0.0)]).lower_bound(t as usize),
            0.0
        );
    }

    #[test]
    fn a_table_for_another_network_is_refused() {
        let err = Landmarks::from_bytes(LANDMARKS_BIN, 12).unwrap_err();
        assert!(err.contains("build_sea_landmarks"), "{err}");
        assert!(Landmarks::from_bytes(b"SEAK", 12).is_err());
    }
}
