//! The maritime graph: nodes, edges with their geodesic lengths and drawn geometry,
//! read from the compact `marnet.bin` (see scripts/build_sea.py for the layout), and
//! the shortest-path search over it.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::landmarks::{Estimator, Landmarks};
use super::nearest::{unit_vector, NodeIndex};
use super::passages::{Gates, PassageSet};
use crate::model::LonLat;

/// Mean Earth radius times a margin so that sphere distances never exceed the
/// ellipsoidal geodesic lengths of the edges (the A* estimate must not overshoot).
const LOWER_BOUND_RADIUS_KM: f64 = 6371.0 * 0.993;

/// One edge: both ends, its geodesic length, and its interior points (from a to b).
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub a: u32,
    pub b: u32,
    pub km: f64,
    start: u32,
    len: u32,
    /// Passages whose gates the edge crosses.
    pub passages: PassageSet,
}

/// The maritime graph.
#[derive(Debug, Clone)]
pub struct Graph {
    pub nodes: Vec<LonLat>,
    unit: Vec<[f64; 3]>,
    /// Nodes by position, for `nearest`.
    index: NodeIndex,
    adj_start: Vec<u32>,
    /// Each node's edges, from `adj_start[node]`, with what the search reads.
    adj: Vec<Arc>,
    pub edges: Vec<Edge>,
    geometry: Vec<LonLat>,
    /// (grid cell key, node) sorted by key: nodes as the water grid sees them.
    node_cells: Vec<(u32, u32)>,
    /// Each node's first cell key in `node_cells` (`u32::MAX` for none), for
    /// `water_cell` without a scan of the list.
    cell_of_node: Vec<u32>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let s = self
            .bytes
            .get(self.at..self.at + N)
            .ok_or_else(|| format!("network data cut short at byte {}", self.at))?;
        self.at += N;
        let mut out = [0u8; N];
        out.copy_from_slice(s);
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, String> {
        self.take::<4>().map(u32::from_le_bytes)
    }
    fn f64(&mut self) -> Result<f64, String> {
        self.take::<8>().map(f64::from_le_bytes)
    }
    fn lonlat(&mut self) -> Result<LonLat, String> {
        let (lon, lat) = (self.f64()?, self.f64()?);
        LonLat::new(lon, lat).map_err(|e| format!("network point: {e}"))
    }
}

impl Graph {
    /// Reads `marnet.bin` and tags each edge with the passages it crosses.
    pub fn from_bytes(bytes: &[u8], gates: &Gates) -> Result<Graph, String> {
        let mut r = Reader { bytes, at: 0 };
        if &r.take::<4>()? != b"SEAN" {
            return Err("network data has the wrong magic".to_owned());
        }
        let (n_nodes, n_edges, n_geom, n_cells) = (
            r.u32()? as usize,
            r.u32()? as usize,
            r.u32()? as usize,
            r.u32()? as usize,
        );
        if bytes.len() != 20 + n_nodes * 16 + n_edges * 24 + n_geom * 16 + n_cells * 8 {
            return Err("network data size does not match its header".to_owned());
        }
        if n_nodes as u64 > NODE_MASK + 1 {
            return Err(format!(
                "network data has {n_nodes} nodes, more than the {} the search can hold",
                NODE_MASK + 1
            ));
        }
        let nodes = (0..n_nodes)
            .map(|_| r.lonlat())
            .collect::<Result<Vec<_>, _>>()?;
        let mut edges = Vec::with_capacity(n_edges);
        for _ in 0..n_edges {
            let (a, b, km, start, len) = (r.u32()?, r.u32()?, r.f64()?, r.u32()?, r.u32()?);
            if a as usize >= n_nodes
                || b as usize >= n_nodes
                || (start as usize + len as usize) > n_geom
                || !km.is_finite()
                || km < 0.0
            {
                return Err(format!("network edge {a}-{b} is out of range"));
            }
            edges.push(Edge {
                a,
                b,
                km,
                start,
                len,
                passages: 0,
            });
        }
        let geometry = (0..n_geom)
            .map(|_| r.lonlat())
            .collect::<Result<Vec<_>, _>>()?;
        let mut node_cells = Vec::with_capacity(n_cells);
        for _ in 0..n_cells {
            node_cells.push((r.u32()?, r.u32()?));
        }
        let mut cell_of_node = vec![u32::MAX; n_nodes];
        for &(key, node) in &node_cells {
            let slot = cell_of_node
                .get_mut(node as usize)
                .ok_or_else(|| format!("network cell list names node {node}, out of range"))?;
            if *slot == u32::MAX {
                *slot = key;
            }
        }
        let unit: Vec<[f64; 3]> = nodes.iter().map(|&p| unit_vector(p)).collect();
        let index = NodeIndex::new(&nodes);
        let mut degree = vec![0u32; n_nodes + 1];
        for e in &edges {
            degree[e.a as usize] += 1;
            degree[e.b as usize] += 1;
        }
        let mut adj_start = vec![0u32; n_nodes + 1];
        for i in 0..n_nodes {
            adj_start[i + 1] = adj_start[i] + degree[i];
        }
        let mut graph = Graph {
            nodes,
            unit,
            index,
            adj_start,
            adj: Vec::new(),
            edges,
            geometry,
            node_cells,
            cell_of_node,
        };
        for i in 0..graph.edges.len() {
            let pts = graph.edge_points(i as u32, false);
            graph.edges[i].passages = pts.windows(2).fold(0, |s, w| s | gates.crossed(w[0], w[1]));
        }
        let mut fill = graph.adj_start.clone();
        let blank = Arc {
            to: 0,
            edge: 0,
            passages: 0,
            km: 0.0,
        };
        let mut adj = vec![blank; graph.edges.len() * 2];
        for (i, e) in graph.edges.iter().enumerate() {
            for (from, to) in [(e.a, e.b), (e.b, e.a)] {
                adj[fill[from as usize] as usize] = Arc {
                    to,
                    edge: i as u32,
                    passages: e.passages,
                    km: e.km,
                };
                fill[from as usize] += 1;
            }
        }
        graph.adj = adj;
        Ok(graph)
    }

    /// The points of an edge from end to end, reversed when walked from b to a.
    pub fn edge_points(&self, edge: u32, reversed: bool) -> Vec<LonLat> {
        let e = &self.edges[edge as usize];
        let inner = &self.geometry[e.start as usize..(e.start + e.len) as usize];
        let mut pts = Vec::with_capacity(inner.len() + 2);
        pts.push(self.nodes[e.a as usize]);
        pts.extend_from_slice(inner);
        pts.push(self.nodes[e.b as usize]);
        if reversed {
            pts.reverse();
        }
        pts
    }

    /// Appends an edge's points after its first, walked from b to a when `reversed`,
    /// to a path that ends at the edge's start: `edge_points` without its first point
    /// and without a vector of its own (one per edge was a tenth of a long route's
    /// assembly).
    pub fn extend_with_edge(&self, out: &mut Vec<LonLat>, edge: u32, reversed: bool) {
        let e = &self.edges[edge as usize];
        let inner = &self.geometry[e.start as usize..(e.start + e.len) as usize];
        if reversed {
            out.extend(inner.iter().rev());
            out.push(self.nodes[e.a as usize]);
        } else {
            out.extend_from_slice(inner);
            out.push(self.nodes[e.b as usize]);
        }
    }

    /// The `k` nodes nearest to `p` on the sphere, nearest first, with their distances
    /// (ties by node number); see [`NodeIndex::nearest`].
    pub fn nearest(&self, p: LonLat, k: usize) -> Vec<(u32, f64)> {
        self.index.nearest(p, k)
    }

    /// Nodes whose water cell is `key`.
    pub fn nodes_in_cell(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let from = self.node_cells.partition_point(|&(k, _)| k < key);
        self.node_cells[from..]
            .iter()
            .take_while(move |&&(k, _)| k == key)
            .map(|&(_, n)| n)
    }

    /// The water cell (row, column) the grid searches use for a node, if it has one.
    pub fn water_cell(&self, node: u32) -> Option<(usize, usize)> {
        let cols = super::land::COLS as u32;
        let key = *self.cell_of_node.get(node as usize)?;
        (key != u32::MAX).then(|| ((key / cols) as usize, (key % cols) as usize))
    }

    /// Shortest path from any source to any target, each with a starting or finishing
    /// cost in km, never using an edge through a `closed` passage. Returns the total
    /// cost, the source and target used, and the walked edges (edge, reversed).
    pub fn shortest(
        &self,
        sources: &[(u32, f64)],
        targets: &[(u32, f64)],
        goal: LonLat,
        closed: PassageSet,
        landmarks: &Landmarks,
    ) -> Option<Walk> {
        let goal_u = unit_vector(goal);
        // the great circle to the goal point, less the most any target's finishing leg
        // can save
        let slack = targets
            .iter()
            .map(|&(t, c)| sphere_km(&self.unit[t as usize], &goal_u) - c)
            .fold(0.0f64, f64::max);
        let estimate = Estimate {
            landmarks: landmarks.estimator(closed, targets),
            goal_u,
            slack,
        };
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let Scratch { stamp, state, heap } = &mut *scratch;
            *stamp = stamp.wrapping_add(1);
            if *stamp == 0 || state.len() != self.nodes.len() {
                // first use, another graph, or the stamp came round: start clean
                state.clear();
                state.resize(self.nodes.len(), NodeState::FRESH);
                *stamp = 1;
            }
            heap.clear();
            self.search(sources, targets, &estimate, closed, *stamp, state, heap)
        })
    }

    /// Network distances in km from `source` to every node, with the `closed` passages
    /// closed (infinite where unreachable): plain Dijkstra, for the landmark tables.
    #[cfg(test)]
    pub fn distances_from(&self, source: u32, closed: PassageSet) -> Vec<f64> {
        let mut dist = vec![f64::INFINITY; self.nodes.len()];
        let mut heap = BinaryHeap::new();
        dist[source as usize] = 0.0;
        heap.push(Item::new(0.0, source));
        while let Some(item) = heap.pop() {
            let (f, node) = (item.f(), item.node());
            let i = node as usize;
            // the key is rounded down: relax from the node's distance, not the key
            let d = dist[i];
            if f > d {
                continue;
            }
            for arc in &self.adj[self.adj_start[i] as usize..self.adj_start[i + 1] as usize] {
                let nd = d + arc.km;
                if arc.passages & closed == 0 && nd < dist[arc.to as usize] {
                    dist[arc.to as usize] = nd;
                    heap.push(Item::new(nd, arc.to));
                }
            }
        }
        dist
    }

    /// The A* of `shortest` over reusable state: a node's entry in `state` counts only
    /// when its stamp is `stamp`, so nothing is cleared between searches.
    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        sources: &[(u32, f64)],
        targets: &[(u32, f64)],
        estimate: &Estimate,
        closed: PassageSet,
        stamp: u32,
        state: &mut [NodeState],
        heap: &mut BinaryHeap<Item>,
    ) -> Option<Walk> {
        // a node's state, made fresh on first touch in this search; its estimate is
        // computed then, once
        let touch = |state: &mut [NodeState], i: usize| {
            if state[i].stamp != stamp {
                state[i] = NodeState {
                    stamp,
                    prev: u32::MAX,
                    dist: f64::INFINITY,
                    h: estimate
                        .landmarks
                        .lower_bound(i)
                        .max(sphere_km(&self.unit[i], &estimate.goal_u) - estimate.slack),
                    finish: f64::NAN,
                };
            }
        };
        for &(t, c) in targets {
            touch(state, t as usize);
            let f = &mut state[t as usize].finish;
            *f = if f.is_nan() { c } else { f.min(c) };
        }
        for &(s, c) in sources {
            touch(state, s as usize);
            let st = &mut state[s as usize];
            if c < st.dist {
                st.dist = c;
                heap.push(Item::new(c + st.h, s));
            }
        }
        let mut best: Option<(f64, u32)> = None;
        while let Some(item) = heap.pop() {
            let (f, node) = (item.f(), item.node());
            if best.is_some_and(|(b, _)| f >= b) {
                break;
            }
            let i = node as usize;
            let g = state[i].dist;
            // an entry pushed before the node's cost last fell is stale; its estimate is
            // the node's own, so comparing f compares the costs (a stale key within the
            // rounding of the current one is taken again: it relaxes nothing new)
            if f > g + state[i].h {
                continue;
            }
            let finish = state[i].finish;
            if !finish.is_nan() && best.is_none_or(|(b, _)| g + finish < b) {
                best = Some((g + finish, node));
            }
            for arc in &self.adj[self.adj_start[i] as usize..self.adj_start[i + 1] as usize] {
                if arc.passages & closed != 0 {
                    continue;
                }
                let nd = g + arc.km;
                let j = arc.to as usize;
                touch(state, j);
                let st = &mut state[j];
                if nd < st.dist {
                    st.dist = nd;
                    st.prev = arc.edge;
                    heap.push(Item::new(nd + st.h, arc.to));
                }
            }
        }
        let (total_km, target) = best?;
        let mut steps = Vec::new();
        let mut at = target;
        while state[at as usize].prev != u32::MAX {
            let edge = state[at as usize].prev;
            let e = &self.edges[edge as usize];
            let from = if e.b == at { e.a } else { e.b };
            steps.push((edge, e.a == at));
            at = from;
        }
        steps.reverse();
        Some(Walk {
            total_km,
            source: at,
            target,
            steps,
        })
    }
}

/// The A* estimate of one search: the larger of the landmark bound (which sees
/// continents in the way) and the great circle to the goal (tight on open ocean).
struct Estimate {
    landmarks: Estimator,
    goal_u: [f64; 3],
    slack: f64,
}

/// One node's search state; see `Graph::search`.
#[derive(Debug, Clone, Copy)]
struct NodeState {
    /// The search this entry belongs to.
    stamp: u32,
    /// The edge the best path arrives by (u32::MAX at a source).
    prev: u32,
    dist: f64,
    /// The A* estimate to the goal.
    h: f64,
    /// The finishing cost when the node is a target (NaN otherwise).
    finish: f64,
}

impl NodeState {
    const FRESH: NodeState = NodeState {
        stamp: 0,
        prev: u32::MAX,
        dist: f64::INFINITY,
        h: 0.0,
        finish: f64::NAN,
    };
}

/// Search state kept between routes on a thread, so that a route neither allocates
/// nor clears a table the size of the graph.
#[derive(Default)]
struct Scratch {
    stamp: u32,
    state: Vec<NodeState>,
    heap: BinaryHeap<Item>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// One direction of an edge, as a node's adjacency list holds it.
#[derive(Debug, Clone, Copy)]
struct Arc {
    to: u32,
    edge: u32,
    passages: PassageSet,
    km: f64,
}

/// A path found over the graph.
#[derive(Debug, Clone)]
pub struct Walk {
    pub total_km: f64,
    pub source: u32,
    pub target: u32,
    pub steps: Vec<(u32, bool)>,
}

/// Bits of a heap entry that hold the node: the network may have up to 2^20 nodes.
const NODE_BITS: u32 = 20;
const NODE_MASK: u64 = (1 << NODE_BITS) - 1;

/// A heap entry in one word: the estimate's bits with the node in their last
/// `NODE_BITS` (BinaryHeap is a max-heap, hence `Reverse`). Estimates are never
/// negative (costs and bounds are not), and the bits of non-negative floats order as
/// the floats do, so entries compare as integers: the smallest estimate first, then
/// the lowest node. Giving up the estimate's last bits rounds it down by at most a
/// part in 2^32 (5 mm round the world), which the search allows for: a key never
/// exceeds the estimate it stands for. One word instead of two makes the heap's moves
/// half the memory, and its pops were a third of a long route's search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Item(Reverse<u64>);

impl Item {
    pub(super) fn new(f: f64, node: u32) -> Item {
        debug_assert!(f >= 0.0);
        debug_assert!(u64::from(node) <= NODE_MASK);
        Item(Reverse(
            ((f + 0.0).to_bits() & !NODE_MASK) | u64::from(node),
        ))
    }
    /// The estimate, rounded down.
    pub(super) fn f(self) -> f64 {
        f64::from_bits(self.0 .0 & !NODE_MASK)
    }
    pub(super) fn node(self) -> u32 {
        (self.0 .0 & NODE_MASK) as u32
    }
}

/// A lower bound of the geodesic distance between two unit vectors, in km: the arc is
/// 2 asin(chord / 2), and as every term of the series of asin is positive, its first
/// four terms are a lower bound (within 0.01% up to 60 degrees of arc, 0.3% at 90, 18%
/// at the antipode, where the landmark bound takes over) that costs a square root
/// instead of an `asin` in the search's inner loop.
fn sphere_km(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    let x = (dx * dx + dy * dy + dz * dz).sqrt() * 0.5;
    let x2 = x * x;
    2.0 * LOWER_BOUND_RADIUS_KM
        * x
        * (1.0 + x2 * (1.0 / 6.0 + x2 * (3.0 / 40.0 + x2 * (5.0 / 112.0))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::great_circle::distance_km;

    fn graph() -> Graph {
        let gates = Gates::parse(super::super::PASSAGES_CSV).unwrap();
        Graph::from_bytes(super::super::MARNET_BIN, &gates).unwrap()
    }

    fn ll(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn loads_the_embedded_network() {
        let g = graph();
        assert!(g.nodes.len() > 9_000, "{}", g.nodes.len());
        assert!(g.edges.len() > 15_000, "{}", g.edges.len());
        assert!(
            g.edges.iter().any(|e| e.passages & 1 != 0),
            "an edge crosses the Suez gate"
        );
    }

    #[test]
    fn sphere_bound_is_close_to_the_arc() {
        for deg in [0.01f64, 1.0, 30.0, 90.0, 179.0] {
            let (a, b) = (ll(0.0, 0.0), ll(deg, 0.0));
            let arc = LOWER_BOUND_RADIUS_KM * deg.to_radians();
            let bound = sphere_km(&unit_vector(a), &unit_vector(b));
            assert!(bound <= arc * (1.0 + 1e-12), "{deg}: {bound} > {arc}");
            let slack = if deg <= 90.0 { 0.006 } else { 0.2 };
            assert!(bound >= arc * (1.0 - slack), "{deg}: {bound} vs {arc}");
        }
    }

    #[test]
    fn sphere_bound_never_exceeds_the_geodesic() {
        for (a, b) in [
            ((0.0, 0.0), (0.0, 10.0)),
            ((0.0, 0.0), (10.0, 0.0)),
            ((170.0, 60.0), (-170.0, 62.0)),
        ] {
            let (p, q) = (ll(a.0, a.1), ll(b.0, b.1));
            assert!(sphere_km(&unit_vector(p), &unit_vector(q)) <= distance_km(p, q));
        }
    }

    #[test]
    fn nearest_node_is_found_across_the_antimeridian() {
        let g = graph();
        let p = ll(179.99, 52.0);
        let (n, km) = g.nearest(p, 1)[0];
        let brute = g
            .nodes
            .iter()
            .map(|&q| distance_km(p, q))
            .fold(f64::INFINITY, f64::min);
        assert!((distance_km(p, g.nodes[n as usize]) - brute).abs() < 1.0);
        assert!((km - brute).abs() < brute * 0.01 + 0.5);
    }

    #[test]
    fn nearest_matches_a_scan_of_every_node() {
        let g = graph();
        for (lon, lat) in [
            (4.0, 51.9),
            (130.25, 42.25),
            (179.99, 52.0),
            (-179.9, -16.0),
            (0.0, 89.9),
            (10.0, -89.0),
            (-30.0, 0.0),
        ] {
            let p = ll(lon, lat);
            let got: Vec<u32> = g.nearest(p, 12).iter().map(|&(i, _)| i).collect();
            assert_eq!(got, brute_nearest(&g, p, 12), "at {p}");
        }
    }

    fn brute_nearest(g: &Graph, p: LonLat, k: usize) -> Vec<u32> {
        let u = unit_vector(p);
        let mut all: Vec<(f64, u32)> = g
            .unit
            .iter()
            .enumerate()
            .map(|(i, v)| (u[0] * v[0] + u[1] * v[1] + u[2] * v[2], i as u32))
            .collect();
        all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        all.iter().take(k).map(|&(_, i)| i).collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// The indexed search finds what a scan of every node finds, anywhere on Earth.
        #[test]
        fn nearest_matches_a_scan_anywhere(
            lon in -180.0f64..=180.0, lat in -90.0f64..=90.0, k in 1usize..30,
        ) {
            let g = GRAPH.with(|g| g.clone());
            let p = LonLat::wrapped(lon, lat);
            let got: Vec<u32> = g.nearest(p, k).iter().map(|&(i, _)| i).collect();
            proptest::prop_assert_eq!(got, brute_nearest(&g, p, k), "at {}", p);
        }

        /// A heap key keeps its node, never stands above its estimate and is below it
        /// by at most a part in 2^32; keys order as (estimate, node) whenever the
        /// estimates differ by more than that.
        #[test]
        fn heap_keys_round_down_and_keep_the_order(
            f in 0.0f64..50_000.0, g in 0.0f64..50_000.0,
            a in 0u32..(1 << NODE_BITS), b in 0u32..(1 << NODE_BITS),
        ) {
            let (x, y) = (Item::new(f, a), Item::new(g, b));
            proptest::prop_assert_eq!((x.node(), y.node()), (a, b));
            proptest::prop_assert!(x.f() <= f && f - x.f() <= f * 2f64.powi(-32));
            if (f - g).abs() > f.max(g) * 2f64.powi(-31) {
                // BinaryHeap pops the greatest: the smaller estimate is the greater item
                proptest::prop_assert_eq!(x > y, f < g);
            } else if f == g {
                proptest::prop_assert_eq!(x > y, a < b);
            }
        }
    }

    thread_local! {
        static GRAPH: Graph = graph();
    }

    #[test]
    fn truncated_data_is_refused() {
        let gates = Gates::parse(super::super::PASSAGES_CSV).unwrap();
        assert!(Graph::from_bytes(&super::super::MARNET_BIN[..100], &gates).is_err());
        assert!(Graph::from_bytes(b"NOPE", &gates).is_err());
    }

    #[test]
    fn a_network_too_big_for_the_heap_keys_is_refused() {
        let gates = Gates::parse(super::super::PASSAGES_CSV).unwrap();
        let n = (1u32 << NODE_BITS) + 1;
        let mut bytes = b"SEAN".to_vec();
        for word in [n, 0, 0, 0] {
            bytes.extend_from_slice(&word.to_le_bytes());
        }
        bytes.resize(20 + n as usize * 16, 0);
        let err = Graph::from_bytes(&bytes, &gates).unwrap_err();
        assert!(
            err.contains("1048577 nodes, more than the 1048576"),
            "{err}"
        );
    }
}
