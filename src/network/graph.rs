//! A compact undirected graph over points on the Earth, with fast shortest paths.
//!
//! Nodes are points; edges carry a length in km. The graph is stored as compressed
//! adjacency arrays (CSR), so a network of a few hundred thousand edges takes a few
//! MB and is built in milliseconds. [`Graph::shortest_path`] is a bidirectional A*
//! whose potentials are great-circle distances (average potentials, so both searches
//! can stop as soon as their frontiers prove the best meeting point); it accepts
//! several start and end nodes with offsets (an end that lies part-way along an
//! edge) and an edge filter (edges closed by a rule of the leg). [`Graph::dijkstra`]
//! is the plain algorithm, kept as a reference and for benchmarks.
//!
//! The graph knows nothing of what its edges are (rails, roads, sea lanes), so every
//! network can use it.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::model::LonLat;

/// Index of a node.
pub type NodeId = u32;
/// Index of an edge.
pub type EdgeId = u32;

/// Mean Earth radius used for lower bounds, in km. Edge lengths shorter than the
/// great-circle distance between their ends are raised to it, so the A* potentials
/// stay admissible whatever the input says.
const EARTH_RADIUS_KM: f64 = 6371.0;

const NONE: u32 = u32::MAX;

/// Why a graph could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// An edge names a node that does not exist.
    #[error("edge {edge} joins node {node}, but there are only {nodes} nodes")]
    NodeOutOfRange {
        /// The edge at fault.
        edge: usize,
        /// The node it names.
        node: NodeId,
        /// How many nodes there are.
        nodes: usize,
    },
    /// An edge length is negative or not a number.
    #[error("edge {edge} has length {length_km} km")]
    BadLength {
        /// The edge at fault.
        edge: usize,
        /// Its length.
        length_km: f64,
    },
    /// More nodes or edges than a `u32` can index.
    #[error("graph too large: {0} items")]
    TooLarge(usize),
}

/// One end of a search: the point it stands for and the nodes it may start from,
/// each with the distance (km) from that point to the node along the network.
#[derive(Debug, Clone, Copy)]
pub struct Ends<'a> {
    /// Where the end lies (a node, or a point part-way along an edge).
    pub at: LonLat,
    /// Nodes the search may start from, with their offsets in km.
    pub nodes: &'a [(NodeId, f64)],
}

/// A shortest path found by a search.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphPath {
    /// Cost in km (lengths times cost factors), offsets at both ends included.
    pub cost_km: f64,
    /// Nodes from the start node to the end node.
    pub nodes: Vec<NodeId>,
    /// Edges between consecutive nodes (one fewer than `nodes`).
    pub edges: Vec<EdgeId>,
    /// Nodes taken off the heaps: the work the search did.
    pub settled: usize,
}

/// An undirected graph with edge lengths in km.
#[derive(Debug, Clone)]
pub struct Graph {
    xyz: Vec<[f64; 3]>,
    first: Vec<u32>,
    adj: Vec<(NodeId, EdgeId)>,
    ends: Vec<(NodeId, NodeId)>,
    length_km: Vec<f64>,
    /// What the searches minimise: the length times the edge's cost factor (>= 1,
    /// so the great-circle potentials stay admissible).
    cost_km: Vec<f64>,
}

impl Graph {
    /// Builds a graph from node positions and `(a, b, length_km)` edges.
    ///
    /// ```
    /// use shipmap::model::LonLat;
    /// use shipmap::network::graph::{Ends, Graph};
    /// let p = |lon, lat| LonLat::new(lon, lat).unwrap();
    /// let nodes = [p(0.0, 0.0), p(1.0, 0.0), p(2.0, 0.0)];
    /// let g = Graph::new(&nodes, &[(0, 1, 112.0), (1, 2, 112.0), (0, 2, 500.0)])?;
    /// let path = g
    ///     .shortest_path(&Ends { at: nodes[0], nodes: &[(0, 0.0)] },
    ///                    &Ends { at: nodes[2], nodes: &[(2, 0.0)] }, |_| true)
    ///     .unwrap();
    /// assert_eq!(path.nodes, vec![0, 1, 2]);
    /// assert_eq!(path.cost_km, 224.0);
    /// # Ok::<(), shipmap::network::graph::GraphError>(())
    /// ```
    pub fn new(nodes: &[LonLat], edges: &[(NodeId, NodeId, f64)]) -> Result<Graph, GraphError> {
        let n = nodes.len();
        if n >= NONE as usize || edges.len() >= NONE as usize / 2 {
            return Err(GraphError::TooLarge(n.max(edges.len())));
        }
        let xyz: Vec<[f64; 3]> = nodes.iter().map(|p| unit(*p)).collect();
        let mut degree = vec![0u32; n + 1];
        let mut ends = Vec::with_capacity(edges.len());
        let mut length_km = Vec::with_capacity(edges.len());
        for (i, &(a, b, len)) in edges.iter().enumerate() {
            for node in [a, b] {
                if node as usize >= n {
                    return Err(GraphError::NodeOutOfRange {
                        edge: i,
                        node,
                        nodes: n,
                    });
                }
            }
            if !(len >= 0.0 && len.is_finite()) {
                return Err(GraphError::BadLength {
                    edge: i,
                    length_km: len,
                });
            }
            degree[a as usize] += 1;
            degree[b as usize] += 1;
            ends.push((a, b));
            length_km.push(at_least_arc(len, &xyz[a as usize], &xyz[b as usize]));
        }
        // prefix sums: first[v]..first[v+1] are v's slots in adj
        let mut first = vec![0u32; n + 1];
        for v in 0..n {
            first[v + 1] = first[v] + degree[v];
        }
        // each node's next free slot (the degree table's memory, not a new one)
        let mut fill = degree;
        fill.copy_from_slice(&first);
        let mut adj = vec![(0, 0); first[n] as usize];
        for (e, &(a, b)) in ends.iter().enumerate() {
            adj[fill[a as usize] as usize] = (b, e as EdgeId);
            fill[a as usize] += 1;
            adj[fill[b as usize] as usize] = (a, e as EdgeId);
            fill[b as usize] += 1;
        }
        Ok(Graph {
            xyz,
            first,
            adj,
            ends,
            cost_km: length_km.clone(),
            length_km,
        })
    }

    /// Makes each edge cost `factor(e)` times its length in searches (factors below 1
    /// or not finite count as 1); [`Graph::edge_km`] and path lengths are unchanged.
    ///
    /// ```
    /// use shipmap::model::LonLat;
    /// use shipmap::network::graph::{Ends, Graph};
    /// let p = |lon, lat| LonLat::new(lon, lat).unwrap();
    /// let nodes = [p(0.0, 0.0), p(1.0, 0.0), p(2.0, 0.0)];
    /// let mut g = Graph::new(&nodes, &[(0, 1, 112.0), (1, 2, 112.0), (0, 2, 240.0)])?;
    /// g.set_cost_factors(|e| if e == 2 { 1.0 } else { 1.2 });
    /// let path = g
    ///     .shortest_path(&Ends { at: nodes[0], nodes: &[(0, 0.0)] },
    ///                    &Ends { at: nodes[2], nodes: &[(2, 0.0)] }, |_| true)
    ///     .unwrap();
    /// assert_eq!(path.edges, vec![2]); // 240 km of main line beat 224 km of branch
    /// assert_eq!(g.path_km(&path.edges), 240.0);
    /// # Ok::<(), shipmap::network::graph::GraphError>(())
    /// ```
    pub fn set_cost_factors(&mut self, factor: impl Fn(EdgeId) -> f64) {
        for (e, cost) in self.cost_km.iter_mut().enumerate() {
            let f = factor(e as EdgeId);
            let f = if f.is_finite() && f > 1.0 { f } else { 1.0 };
            *cost = self.length_km[e] * f;
        }
    }

    /// What an edge costs in searches (its length unless cost factors are set).
    ///
    /// # Units
    /// Kilometres (weighted).
    pub fn edge_cost(&self, e: EdgeId) -> f64 {
        self.cost_km[e as usize]
    }

    /// The length of a sequence of edges.
    ///
    /// # Units
    /// Kilometres.
    pub fn path_km(&self, edges: &[EdgeId]) -> f64 {
        edges.iter().map(|&e| self.length_km[e as usize]).sum()
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.xyz.len()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.ends.len()
    }

    /// The two nodes an edge joins, as given.
    pub fn edge_ends(&self, e: EdgeId) -> (NodeId, NodeId) {
        self.ends[e as usize]
    }

    /// An edge's length (never less than the great-circle distance of its ends).
    ///
    /// # Units
    /// Kilometres.
    pub fn edge_km(&self, e: EdgeId) -> f64 {
        self.length_km[e as usize]
    }

    /// Neighbours of a node with the edges that lead to them.
    pub fn neighbours(&self, v: NodeId) -> &[(NodeId, EdgeId)] {
        let (a, b) = (self.first[v as usize], self.first[v as usize + 1]);
        &self.adj[a as usize..b as usize]
    }

    /// Connected components: a label per node, labels numbered from 0 in order of
    /// each component's first node. Union-find over the edge list (a sequential
    /// scan, faster than a graph walk on large graphs).
    pub fn components(&self) -> Vec<u32> {
        let mut parent: Vec<u32> = (0..self.node_count() as u32).collect();
        fn find(parent: &mut [u32], mut v: u32) -> u32 {
            while parent[v as usize] != v {
                let up = parent[parent[v as usize] as usize];
                parent[v as usize] = up; // path halving
                v = up;
            }
            v
        }
        for &(a, b) in &self.ends {
            let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
            if ra != rb {
                // the smaller index becomes the root, so roots are first nodes
                let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
                parent[hi as usize] = lo;
            }
        }
        let mut label = vec![NONE; self.node_count()];
        let mut next = 0;
        for v in 0..self.node_count() as u32 {
            let root = find(&mut parent, v);
            if label[root as usize] == NONE {
                label[root as usize] = next;
                next += 1;
            }
            label[v as usize] = label[root as usize];
        }
        label
    }

    /// Shortest path between two ends by bidirectional A*, using only edges for
    /// which `edge_ok` is true. `None` when the ends are not connected.
    pub fn shortest_path(
        &self,
        from: &Ends<'_>,
        to: &Ends<'_>,
        edge_ok: impl Fn(EdgeId) -> bool,
    ) -> Option<GraphPath> {
        let (hs, ht) = (unit(from.at), unit(to.at));
        // average potentials: consistent for both directions, keys sum to path length
        let pot = |v: NodeId| {
            let p = &self.xyz[v as usize];
            0.5 * (arc_km(p, &ht) - arc_km(p, &hs))
        };
        let mut fwd = Side::new(self.node_count());
        let mut rev = Side::new(self.node_count());
        let mut best = Best::default();
        for (s, off) in self.clean(from, &hs) {
            fwd.offer(s, NONE, off, off + pot(s), &rev, &mut best);
        }
        for (t, off) in self.clean(to, &ht) {
            rev.offer(t, NONE, off, off - pot(t), &fwd, &mut best);
        }
        let mut settled = 0;
        loop {
            let (kf, kr) = (fwd.top(), rev.top());
            if kf + kr >= best.cost_km || (kf.is_infinite() && kr.is_infinite()) {
                break;
            }
            settled += 1;
            if kf <= kr {
                self.step(&mut fwd, &rev, &mut best, &edge_ok, pot);
            } else {
                self.step(&mut rev, &fwd, &mut best, &edge_ok, |v| -pot(v));
            }
        }
        (best.meet != NONE).then(|| self.trace(&fwd, &rev, best, settled))
    }

    /// Shortest path by plain Dijkstra from the start nodes until an end node is
    /// settled: the reference [`Graph::shortest_path`] is measured against.
    pub fn dijkstra(
        &self,
        from: &Ends<'_>,
        to: &Ends<'_>,
        edge_ok: impl Fn(EdgeId) -> bool,
    ) -> Option<GraphPath> {
        let (hs, ht) = (unit(from.at), unit(to.at));
        let mut fwd = Side::new(self.node_count());
        let mut target = vec![f64::INFINITY; 0];
        let targets = self.clean(to, &ht);
        let mut best = Best::default();
        if !targets.is_empty() {
            target = vec![f64::INFINITY; self.node_count()];
            for &(t, off) in &targets {
                target[t as usize] = target[t as usize].min(off);
            }
        }
        let mut rev = Side::new(0);
        for (s, off) in self.clean(from, &hs) {
            fwd.offer(s, NONE, off, off, &rev, &mut best);
        }
        let mut settled = 0;
        while fwd.top() < best.cost_km {
            let Some((_, u)) = fwd.pop() else { break };
            settled += 1;
            if let Some(&off) = target.get(u as usize) {
                let cost = fwd.dist[u as usize] + off;
                if cost < best.cost_km {
                    best = Best {
                        cost_km: cost,
                        meet: u,
                    };
                }
            }
            for &(v, e) in self.neighbours(u) {
                if edge_ok(e) {
                    let d = fwd.dist[u as usize] + self.cost_km[e as usize];
                    fwd.offer(v, e, d, d, &rev, &mut best);
                }
            }
        }
        if best.meet == NONE {
            return None;
        }
        rev = Side::new(self.node_count());
        rev.dist[best.meet as usize] = best.cost_km - fwd.dist[best.meet as usize];
        Some(self.trace(&fwd, &rev, best, settled))
    }

    /// Start nodes with offsets no shorter than the straight distance from the end's
    /// point (keeps the potentials admissible) and no NaN.
    fn clean(&self, ends: &Ends<'_>, at: &[f64; 3]) -> Vec<(NodeId, f64)> {
        ends.nodes
            .iter()
            .filter(|(v, off)| (*v as usize) < self.node_count() && *off >= 0.0)
            .map(|&(v, off)| (v, off.max(arc_km(&self.xyz[v as usize], at))))
            .collect()
    }

    fn step(
        &self,
        side: &mut Side,
        other: &Side,
        best: &mut Best,
        edge_ok: &impl Fn(EdgeId) -> bool,
        pot: impl Fn(NodeId) -> f64,
    ) {
        let Some((_, u)) = side.pop() else { return };
        let du = side.dist[u as usize];
        for &(v, e) in self.neighbours(u) {
            if edge_ok(e) {
                let d = du + self.cost_km[e as usize];
                side.offer(v, e, d, d + pot(v), other, best);
            }
        }
    }

    fn trace(&self, fwd: &Side, rev: &Side, best: Best, settled: usize) -> GraphPath {
        let mut nodes = vec![best.meet];
        let mut edges = Vec::new();
        let mut v = best.meet;
        while fwd.pred[v as usize] != NONE {
            let e = fwd.pred[v as usize];
            edges.push(e);
            v = self.other_end(e, v);
            nodes.push(v);
        }
        nodes.reverse();
        edges.reverse();
        let mut v = best.meet;
        while let Some(&e) = rev.pred.get(v as usize).filter(|&&e| e != NONE) {
            edges.push(e);
            v = self.other_end(e, v);
            nodes.push(v);
        }
        GraphPath {
            cost_km: best.cost_km,
            nodes,
            edges,
            settled,
        }
    }

    fn other_end(&self, e: EdgeId, v: NodeId) -> NodeId {
        let (a, b) = self.ends[e as usize];
        if a == v {
            b
        } else {
            a
        }
    }
}

#[derive(Clone, Copy)]
struct Best {
    cost_km: f64,
    meet: NodeId,
}

impl Default for Best {
    fn default() -> Best {
        Best {
            cost_km: f64::INFINITY,
            meet: NONE,
        }
    }
}

/// One direction of a search: tentative distances, predecessor edges, the heap.
struct Side {
    dist: Vec<f64>,
    pred: Vec<EdgeId>,
    heap: BinaryHeap<Entry>,
}

impl Side {
    fn new(n: usize) -> Side {
        Side {
            dist: vec![f64::INFINITY; n],
            pred: vec![NONE; n],
            heap: BinaryHeap::new(),
        }
    }

    /// Smallest key still queued (stale entries included: they only make it smaller,
    /// which delays stopping but never stops too early).
    fn top(&self) -> f64 {
        self.heap.peek().map_or(f64::INFINITY, |e| e.key)
    }

    fn pop(&mut self) -> Option<(f64, NodeId)> {
        while let Some(Entry { key, node, dist }) = self.heap.pop() {
            if dist <= self.dist[node as usize] {
                return Some((key, node));
            }
        }
        None
    }

    fn offer(&mut self, v: NodeId, via: EdgeId, d: f64, key: f64, other: &Side, best: &mut Best) {
        let slot = &mut self.dist[v as usize];
        if d < *slot {
            *slot = d;
            self.pred[v as usize] = via;
            self.heap.push(Entry {
                key,
                node: v,
                dist: d,
            });
            if let Some(&o) = other.dist.get(v as usize) {
                if d + o < best.cost_km {
                    *best = Best {
                        cost_km: d + o,
                        meet: v,
                    };
                }
            }
        }
    }
}

struct Entry {
    key: f64,
    node: NodeId,
    dist: f64,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    // reversed: BinaryHeap is a max-heap and we want the smallest key first
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .key
            .total_cmp(&self.key)
            .then(other.node.cmp(&self.node))
    }
}

fn unit(p: LonLat) -> [f64; 3] {
    let (sin_lon, cos_lon) = p.lon().to_radians().sin_cos();
    let (sin_lat, cos_lat) = p.lat().to_radians().sin_cos();
    [cos_lat * cos_lon, cos_lat * sin_lon, sin_lat]
}

/// `len_km`, raised to the great-circle distance between `a` and `b` if shorter.
/// Skips the `asin` when a cheap upper bound of the arc already lies below `len_km`
/// (`asin(h) <= h / sqrt(1 - h^2)`), which is the common case: it keeps loading fast.
fn at_least_arc(len_km: f64, a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    let h2 = 0.25 * (dx * dx + dy * dy + dz * dz);
    if h2 < 0.5 && len_km * len_km * (1.0 - h2) >= 4.0 * EARTH_RADIUS_KM * EARTH_RADIUS_KM * h2 {
        return len_km;
    }
    len_km.max(arc_km(a, b))
}

/// Great-circle distance between unit vectors on a sphere of radius
/// [`EARTH_RADIUS_KM`], from the chord (no trigonometry but one `asin`).
fn arc_km(a: &[f64; 3], b: &[f64; 3]) -> f64 {
    let (dx, dy, dz) = (a[0] - b[0], a[1] - b[1], a[2] - b[2]);
    let chord = (dx * dx + dy * dy + dz * dz).sqrt();
    2.0 * EARTH_RADIUS_KM * (0.5 * chord).min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    fn single(at: LonLat, v: NodeId) -> [(NodeId, f64); 1] {
        let _ = at;
        [(v, 0.0)]
    }

    /// A 5x5 grid of nodes 1 degree apart along the equator region, edges to the right
    /// and up, plus node 25 alone.
    fn grid() -> (Vec<LonLat>, Graph) {
        let mut nodes = Vec::new();
        for y in 0..5 {
            for x in 0..5 {
                nodes.push(p(x as f64, y as f64));
            }
        }
        nodes.push(p(50.0, 50.0));
        let mut edges = Vec::new();
        for y in 0..5u32 {
            for x in 0..5u32 {
                let v = y * 5 + x;
                if x < 4 {
                    edges.push((v, v + 1, 120.0));
                }
                if y < 4 {
                    edges.push((v, v + 5, 120.0));
                }
            }
        }
        let g = Graph::new(&nodes, &edges).unwrap();
        (nodes, g)
    }

    #[test]
    fn corner_to_corner_is_eight_steps() {
        let (nodes, g) = grid();
        let (a, b) = (single(nodes[0], 0), single(nodes[24], 24));
        let from = Ends {
            at: nodes[0],
            nodes: &a,
        };
        let to = Ends {
            at: nodes[24],
            nodes: &b,
        };
        let astar = g.shortest_path(&from, &to, |_| true).unwrap();
        let dij = g.dijkstra(&from, &to, |_| true).unwrap();
        assert_eq!(astar.cost_km, 960.0);
        assert_eq!(dij.cost_km, 960.0);
        assert_eq!(astar.nodes.len(), 9);
        assert_eq!(astar.edges.len(), 8);
        assert_eq!((astar.nodes[0], astar.nodes[8]), (0, 24));
    }

    #[test]
    fn short_edges_are_raised_to_the_great_circle() {
        let nodes = [p(0.0, 0.0), p(1.0, 0.0)];
        let g = Graph::new(&nodes, &[(0, 1, 1.0)]).unwrap();
        assert!((g.edge_km(0) - 111.19).abs() < 0.01, "{}", g.edge_km(0));
    }

    #[test]
    fn filter_closes_edges_and_disconnection_is_none() {
        let (nodes, g) = grid();
        let (a, b) = (single(nodes[0], 0), single(nodes[4], 4));
        let from = Ends {
            at: nodes[0],
            nodes: &a,
        };
        let to = Ends {
            at: nodes[4],
            nodes: &b,
        };
        // close the bottom row's first edge: detour up and over costs two more steps
        let path = g.shortest_path(&from, &to, |e| e != 0).unwrap();
        assert_eq!(path.cost_km, 720.0);
        let lone = single(nodes[25], 25);
        let island = Ends {
            at: nodes[25],
            nodes: &lone,
        };
        assert!(g.shortest_path(&from, &island, |_| true).is_none());
        assert!(g.dijkstra(&from, &island, |_| true).is_none());
    }

    #[test]
    fn offsets_pick_the_cheaper_start() {
        let (nodes, g) = grid();
        let starts = [(0, 500.0), (1, 130.0)];
        let end = single(nodes[4], 4);
        let from = Ends {
            at: p(0.9, 0.0),
            nodes: &starts,
        };
        let to = Ends {
            at: nodes[4],
            nodes: &end,
        };
        let path = g.shortest_path(&from, &to, |_| true).unwrap();
        assert_eq!(path.nodes[0], 1);
        assert_eq!(path.cost_km, 130.0 + 360.0);
    }

    #[test]
    fn same_start_and_end_is_zero() {
        let (nodes, g) = grid();
        let a = single(nodes[7], 7);
        let end = Ends {
            at: nodes[7],
            nodes: &a,
        };
        let path = g.shortest_path(&end, &end, |_| true).unwrap();
        assert_eq!(
            (path.cost_km, path.nodes.clone(), path.edges.len()),
            (0.0, vec![7], 0)
        );
    }

    #[test]
    fn at_least_arc_matches_the_plain_maximum() {
        for (lon, len) in [
            (0.001, 0.2),
            (0.01, 1.0),
            (0.01, 1.2),
            (1.0, 111.0),
            (1.0, 111.3),
            (120.0, 5000.0),
            (170.0, 30000.0),
        ] {
            let (a, b) = (unit(p(0.0, 10.0)), unit(p(lon, 10.5)));
            let plain = f64::max(len, arc_km(&a, &b));
            assert!(
                (at_least_arc(len, &a, &b) - plain).abs() < 1e-9,
                "{lon} {len}"
            );
        }
    }

    #[test]
    fn bad_edges_are_refused() {
        let nodes = [p(0.0, 0.0)];
        assert!(matches!(
            Graph::new(&nodes, &[(0, 3, 1.0)]),
            Err(GraphError::NodeOutOfRange { node: 3, .. })
        ));
        assert!(matches!(
            Graph::new(&nodes, &[(0, 0, f64::NAN)]),
            Err(GraphError::BadLength { .. })
        ));
        assert_eq!(grid().1.components().iter().max(), Some(&1));
    }

    proptest! {
        #[test]
        fn astar_matches_dijkstra(
            coords in prop::collection::vec((0.0f64..10.0, 0.0f64..10.0), 2..40),
            extra in prop::collection::vec((0usize..40, 0usize..40, 1.0f64..3.0), 0..80),
            closed in 0u32..100,
        ) {
            let nodes: Vec<LonLat> = coords.iter().map(|&(x, y)| p(x, y)).collect();
            let n = nodes.len();
            let edges: Vec<(NodeId, NodeId, f64)> = extra
                .iter()
                .map(|&(a, b, f)| {
                    let (a, b) = ((a % n) as u32, (b % n) as u32);
                    let km = arc_km(&unit(nodes[a as usize]), &unit(nodes[b as usize])) * f;
                    (a, b, km)
                })
                .collect();
            let g = Graph::new(&nodes, &edges).unwrap();
            let (s, t) = ([(0, 0.0)], [((n - 1) as u32, 0.0)]);
            let from = Ends { at: nodes[0], nodes: &s };
            let to = Ends { at: nodes[n - 1], nodes: &t };
            let ok = |e: EdgeId| e != closed;
            let a = g.shortest_path(&from, &to, ok).map(|p| p.cost_km);
            let d = g.dijkstra(&from, &to, ok).map(|p| p.cost_km);
            match (a, d) {
                (Some(a), Some(d)) => prop_assert!((a - d).abs() < 1e-6 * d.max(1.0), "{a} {d}"),
                (a, d) => prop_assert_eq!(a, d),
            }
        }
    }
}
