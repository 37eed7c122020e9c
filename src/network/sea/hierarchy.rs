//! A contraction hierarchy over the sea network, for the search nearly every leg
//! makes: the Arctic passages closed and every other passage open (the default). The
//! nodes are put in an order and taken out of the network one by one ("contracted");
//! where taking a node out would break the only shortest way between two of its
//! neighbours, a shortcut arc between them stands in for the way through it. A
//! search then climbs the order from both ends at once, along arcs to later nodes
//! only, and meets near the top: on this network it pops 100 to 200 heap entries in
//! all whatever the distance, where the landmark A* popped 1,186 from Rotterdam to
//! Shanghai and 678 to New York (on the short legs of the 24-pair comparison the two
//! cost about the same). The answer is the same shortest path, its shortcuts
//! unpacked into the network's edges. Searches with other passages closed (a vessel
//! too big for a canal, `avoid`, the Arctic opened) use the landmark A* of
//! [`Graph::shortest`].
//!
//! The arcs are derived from `marnet.bin` by `compute` and embedded as
//! `data/sea/hierarchy.bin`; a test checks that it is current and rewrites it with
//! `SHIPMAP_BLESS=1` (scripts/build_sea_landmarks.sh runs both tables' tests).
//! Layout: magic `SEAH`, node count and arc count (u32 LE), the network's fingerprint
//! (u64 LE, see [`fingerprint`]); then the nodes in the order they were contracted
//! (u32 LE each), and node count + 1 offsets (u32 LE): the arcs up from the node
//! contracted `r`-th are arcs `offsets[r]..offsets[r + 1]`; then the arcs, 24 bytes
//! each: the earlier end and the later end (u32 LE), the length in km (f64
//! LE), and what the arc stands for: a network edge (its number, then `u32::MAX`), or
//! a shortcut (the arc from its earlier end to the node it passes, then the arc from
//! that node to its later end; the node passed comes before both ends).

use std::cell::RefCell;
use std::collections::BinaryHeap;

use super::graph::{Graph, Item, Walk};
use super::passages::{PassageSet, ARCTIC};

/// The passages closed in the searches the hierarchy answers.
pub const CLOSED: PassageSet = ARCTIC;
/// `second` of an arc that is a network edge.
const EDGE: u32 = u32::MAX;
const HEADER: usize = 20;
const ARC_BYTES: usize = 24;

/// One arc, from an earlier node to a later one.
#[derive(Debug, Clone, Copy)]
struct Arc {
    low: u32,
    high: u32,
    km: f64,
    /// The network edge (when `second` is `EDGE`), or the arc from `low` to the node
    /// the shortcut passes.
    first: u32,
    /// The arc from the node passed to `high`, or `EDGE`.
    second: u32,
}

/// The embedded hierarchy, its arcs read in place.
#[derive(Debug, Clone)]
pub struct Hierarchy {
    /// The arcs up from node `v`: arcs `up[v].0..up[v].1`.
    up: Vec<(u32, u32)>,
    arcs: Arcs,
}

/// The table's arcs, read where they lie in the binary: no copy of the 0.9 MB
/// table at a process's first search.
#[derive(Debug, Clone, Copy)]
struct Arcs(&'static [u8]);

impl Arcs {
    fn len(self) -> usize {
        self.0.len() / ARC_BYTES
    }

    fn get(self, i: usize) -> Arc {
        let b = &self.0[i * ARC_BYTES..(i + 1) * ARC_BYTES];
        let mut km = [0u8; 8];
        km.copy_from_slice(&b[8..16]);
        Arc {
            low: word(b, 0),
            high: word(b, 4),
            km: f64::from_le_bytes(km),
            first: word(b, 16),
            second: word(b, 20),
        }
    }
}

/// A number that changes whenever the network the hierarchy was built for does, as
/// far as the hierarchy depends on it: the node count and every edge's ends, length
/// and whether it crosses a closed passage. FNV-1a's steps taken a word at a time
/// over those values (a byte at a time was a third of a millisecond at every start):
/// a check against a stale table, not a cryptographic hash, so no crate is needed.
pub fn fingerprint(graph: &Graph) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |x: u64| {
        h = (h ^ x).wrapping_mul(0x0000_0100_0000_01b3);
    };
    eat(graph.nodes.len() as u64);
    for e in &graph.edges {
        eat(u64::from(e.a) << 32 | u64::from(e.b));
        eat(e.km.to_bits());
        eat(u64::from(e.passages & CLOSED != 0));
    }
    h
}

/// Checks a table read from bytes against the network before a search may follow it,
/// so that no table can send a search or an unpacking astray (an index out of range,
/// an unpacking without end) or give a way the network does not have: the order is a
/// permutation of the nodes; each node's arcs climb from it to later nodes; an arc
/// that is an edge has the edge's ends and length and is open with the Arctic
/// closed; a shortcut's parts come before it in the table, meet at a node earlier
/// than both its ends, and add up to its length; and no arc stands for more edges
/// than a path can have. Returns each node's range of arcs.
fn check(
    order: &[u32],
    offsets: &[u32],
    arcs: Arcs,
    graph: &Graph,
) -> Result<Vec<(u32, u32)>, String> {
    let nodes = order.len();
    let mut rank = vec![u32::MAX; nodes];
    for (r, &v) in order.iter().enumerate() {
        match rank.get_mut(v as usize) {
            Some(slot) if *slot == u32::MAX => *slot = r as u32,
            _ => return Err(format!("the order names node {v} twice or out of range")),
        }
    }
    if offsets.first() != Some(&0)
        || offsets.last().map(|&o| o as usize) != Some(arcs.len())
        || offsets.windows(2).any(|w| w[0] > w[1])
    {
        return Err("the arc offsets are out of order".to_owned());
    }
    let mut up = vec![(0, 0); nodes];
    // how many edges each arc stands for, up to a path's most (fewer than `nodes`)
    let mut edges_in = vec![0usize; arcs.len()];
    for (r, &v) in order.iter().enumerate() {
        up[v as usize] = (offsets[r], offsets[r + 1]);
        for i in offsets[r] as usize..offsets[r + 1] as usize {
            let a = arcs.get(i);
            let bad = |why: &str| Err(format!("arc {i} {why}"));
            if a.low != v || rank.get(a.high as usize).is_none_or(|&h| h as usize <= r) {
                return bad("does not climb from its node");
            }
            if !a.km.is_finite() || a.km < 0.0 {
                return bad("has no length");
            }
            if a.second == EDGE {
                let Some(e) = graph.edges.get(a.first as usize) else {
                    return bad("names no edge");
                };
                let ends = (e.a == a.low && e.b == a.high) || (e.b == a.low && e.a == a.high);
                if !ends || e.km != a.km || e.passages & CLOSED != 0 {
                    return bad("is not its edge");
                }
                edges_in[i] = 1;
            } else {
                let (f, g) = (a.first as usize, a.second as usize);
                if f >= i || g >= i {
                    return bad("comes before its parts");
                }
                let (first, second) = (arcs.get(f), arcs.get(g));
                if first.low != second.low
                    || first.high != a.low
                    || second.high != a.high
                    || first.km + second.km != a.km
                {
                    return bad("is not the way through its parts");
                }
                edges_in[i] = (edges_in[f] + edges_in[g]).min(nodes);
                if edges_in[i] >= nodes {
                    return bad("stands for more edges than a path has");
                }
            }
        }
    }
    Ok(up)
}

/// Checks `hierarchy.bin`'s header against the network it serves: done when the
/// network loads, so that a table left stale by a change to the network is an error
/// there (reading the arcs waits for the first search, see [`Hierarchy::from_bytes`]).
pub fn check_header(bytes: &[u8], graph: &Graph) -> Result<(), String> {
    header(bytes, graph).map(|_| ())
}

/// The node and arc counts of a table whose header fits `graph`.
fn header(bytes: &[u8], graph: &Graph) -> Result<(usize, usize), String> {
    let stale = "data/sea/hierarchy.bin was not built from this network and its \
                 Arctic gates (regenerate it: scripts/build_sea_landmarks.sh)";
    let header = bytes
        .get(..HEADER)
        .ok_or("the network's hierarchy is shorter than its header")?;
    if &header[..4] != b"SEAH" {
        return Err("the network's hierarchy has the wrong magic".to_owned());
    }
    let (nodes, count) = (word(header, 4) as usize, word(header, 8) as usize);
    let mut print = [0u8; 8];
    print.copy_from_slice(&header[12..20]);
    if nodes != graph.nodes.len() || u64::from_le_bytes(print) != fingerprint(graph) {
        return Err(stale.to_owned());
    }
    let size = count
        .checked_mul(ARC_BYTES)
        .map(|b| b + HEADER + (2 * nodes + 1) * 4);
    if size != Some(bytes.len()) {
        return Err("the network's hierarchy size does not match its header".to_owned());
    }
    Ok((nodes, count))
}

fn word(b: &[u8], i: usize) -> u32 {
    u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

impl Hierarchy {
    /// Reads `hierarchy.bin`, checking it against the network it serves.
    pub fn from_bytes(bytes: &'static [u8], graph: &Graph) -> Result<Hierarchy, String> {
        let (nodes, _) = header(bytes, graph)?;
        let arcs_at = HEADER + (2 * nodes + 1) * 4;
        let order: Vec<u32> = (0..nodes).map(|r| word(bytes, HEADER + r * 4)).collect();
        let offsets: Vec<u32> = (0..=nodes)
            .map(|r| word(bytes, HEADER + (nodes + r) * 4))
            .collect();
        let arcs = Arcs(&bytes[arcs_at..]);
        let up = check(&order, &offsets, arcs, graph).map_err(|what| {
            format!(
                "data/sea/hierarchy.bin is damaged: {what} (regenerate it: \
                 scripts/build_sea_landmarks.sh)"
            )
        })?;
        Ok(Hierarchy { up, arcs })
    }

    /// The numbers of the arcs up from `v`.
    fn arcs_up(&self, v: u32) -> std::ops::Range<usize> {
        let (from, to) = self.up[v as usize];
        from as usize..to as usize
    }

    /// [`Graph::shortest`] with the passages of [`CLOSED`] closed: the same sources and
    /// targets with their costs, the same answer (the shortest way, as a walk over
    /// the network's edges).
    pub fn shortest(
        &self,
        graph: &Graph,
        sources: &[(u32, f64)],
        targets: &[(u32, f64)],
    ) -> Option<Walk> {
        SCRATCH.with(|cell| {
            let scratch = &mut *cell.borrow_mut();
            scratch.begin(graph.nodes.len());
            self.search(graph, scratch, sources, targets)
        })
    }

    fn search(
        &self,
        graph: &Graph,
        sc: &mut Scratch,
        sources: &[(u32, f64)],
        targets: &[(u32, f64)],
    ) -> Option<Walk> {
        for (side, ends) in [(0, sources), (1, targets)] {
            for &(v, c) in ends {
                let s = sc.node(v);
                if c < s.dist[side] {
                    (s.dist[side], s.arc[side]) = (c, NONE);
                    sc.heaps[side].push(Item::new(c, v));
                }
            }
        }
        // the least cost through a node both searches reached, and the node
        let mut best = (f64::INFINITY, u32::MAX);
        loop {
            let side = match (sc.heaps[0].peek(), sc.heaps[1].peek()) {
                (Some(a), Some(b)) => usize::from(b > a),
                (Some(_), None) => 0,
                (None, Some(_)) => 1,
                (None, None) => break,
            };
            let Some(item) = sc.heaps[side].pop() else {
                break;
            };
            // keys are rounded down (see `Item`): every way still open on this side
            // costs at least this, and when none can beat the best found, the side
            // is done
            if item.f() >= best.0 {
                sc.heaps[side].clear();
                continue;
            }
            let v = item.node();
            let here = *sc.node(v);
            let d = here.dist[side];
            // an entry pushed before the node's cost last fell (one within the
            // rounding of the current key relaxes nothing new)
            if item < Item::new(d, v) {
                continue;
            }
            if d + here.dist[1 - side] < best.0 {
                best = (d + here.dist[1 - side], v);
            }
            let ups = self.arcs_up(v);
            // stalled: a later node reached already gives a shorter way here, so the
            // shortest way does not climb on from this node on this side
            if ups.clone().any(|k| {
                let a = self.arcs.get(k);
                sc.peek(a.high, side) + a.km < d
            }) {
                continue;
            }
            for k in ups {
                let a = self.arcs.get(k);
                let nd = d + a.km;
                let s = sc.node(a.high);
                if nd < s.dist[side] {
                    (s.dist[side], s.arc[side]) = (nd, k as u32);
                    sc.heaps[side].push(Item::new(nd, a.high));
                }
            }
        }
        let (_, meet) = best;
        if meet == u32::MAX {
            return None;
        }
        // the arcs from a source up to the meeting node, and from there down to a
        // target, each unpacked into the network's edges in the order walked
        let mut steps = Vec::new();
        let mut climb = Vec::new();
        let mut at = meet;
        loop {
            let arc = sc.node(at).arc[0];
            if arc == NONE {
                break;
            }
            climb.push(arc);
            at = self.arcs.get(arc as usize).low;
        }
        let source = at;
        for &arc in climb.iter().rev() {
            self.unpack(graph, arc, true, &mut steps);
        }
        let mut at = meet;
        loop {
            let arc = sc.node(at).arc[1];
            if arc == NONE {
                break;
            }
            self.unpack(graph, arc, false, &mut steps);
            at = self.arcs.get(arc as usize).low;
        }
        let target = at;
        // the total summed as the A* sums it (from the source's cost, edge by edge, then
        // the finishing cost), so both searches report the same length for one path
        let start = sc.node(source).dist[0];
        let finish = sc.node(target).dist[1];
        let total_km = steps
            .iter()
            .fold(start, |km, &(e, _)| km + graph.edges[e as usize].km)
            + finish;
        Some(Walk {
            total_km,
            source,
            target,
            steps,
        })
    }

    /// Appends the network edges `arc` stands for, walked up (from its earlier end to
    /// its later end) or down, as (edge, walked from its end b to its end a).
    fn unpack(&self, graph: &Graph, arc: u32, up: bool, steps: &mut Vec<(u32, bool)>) {
        let mut stack = vec![(arc, up)];
        while let Some((i, up)) = stack.pop() {
            let a = self.arcs.get(i as usize);
            if a.second == EDGE {
                let from = if up { a.low } else { a.high };
                steps.push((a.first, graph.edges[a.first as usize].a != from));
                continue;
            }
            // up: from `low` down `first` to the node passed, then up `second`; down:
            // the reverse. Pushed last first.
            if up {
                stack.push((a.second, true));
                stack.push((a.first, false));
            } else {
                stack.push((a.first, true));
                stack.push((a.second, false));
            }
        }
    }
}

/// No arc: a search's start.
const NONE: u32 = u32::MAX;

/// A node's labels, one per side (0 from the sources, 1 from the targets): the cost
/// so far and the arc it came by; `stamp` says which search they belong to.
#[derive(Debug, Clone, Copy)]
struct Labels {
    stamp: u32,
    arc: [u32; 2],
    dist: [f64; 2],
}

const UNREACHED: Labels = Labels {
    stamp: 0,
    arc: [NONE; 2],
    dist: [f64::INFINITY; 2],
};

/// Both searches' labels, kept between routes on a thread: an entry counts only when
/// its stamp is the current search's, so nothing is cleared between searches.
#[derive(Default)]
struct Scratch {
    search: u32,
    labels: Vec<Labels>,
    heaps: [BinaryHeap<Item>; 2],
}

impl Scratch {
    fn begin(&mut self, nodes: usize) {
        self.search = self.search.wrapping_add(1);
        if self.search == 0 || self.labels.len() != nodes {
            self.labels = vec![UNREACHED; nodes];
            self.search = 1;
        }
        self.heaps.iter_mut().for_each(BinaryHeap::clear);
    }

    /// Node `v`'s labels, made fresh on first touch in this search.
    fn node(&mut self, v: u32) -> &mut Labels {
        let l = &mut self.labels[v as usize];
        if l.stamp != self.search {
            *l = Labels {
                stamp: self.search,
                ..UNREACHED
            };
        }
        l
    }

    /// Node `v`'s cost on `side`, without touching it.
    fn peek(&self, v: u32, side: usize) -> f64 {
        let l = &self.labels[v as usize];
        if l.stamp == self.search {
            l.dist[side]
        } else {
            f64::INFINITY
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// Builds `hierarchy.bin` for a graph: the nodes contracted in turn, least "edge
/// difference" first (the shortcuts a node's contraction adds, less the arcs it
/// removes, plus the neighbours already contracted, which spreads the order evenly
/// over the network), each node's priority brought up to date when it comes to the
/// front. Taking `v` out joins two of its neighbours `u`, `w` by a shortcut unless a
/// way from `u` to `w` avoiding `v` (a "witness", found by a bounded Dijkstra) is no
/// longer than the way through `v`.
#[cfg(test)]
pub fn compute(graph: &Graph) -> Vec<u8> {
    let n = graph.nodes.len();
    // arcs as built: (ends, km, first, second)
    let mut built: Vec<([u32; 2], f64, u32, u32)> = Vec::new();
    // each node's arcs to nodes not yet contracted: (neighbour, arc), the shortest arc
    // for each neighbour
    let mut live: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n];
    let link = |live: &mut Vec<Vec<(u32, u32)>>, built: &[([u32; 2], f64, u32, u32)], k: u32| {
        let ([u, w], km, _, _) = built[k as usize];
        for (x, y) in [(u, w), (w, u)] {
            match live[x as usize].iter_mut().find(|(to, _)| *to == y) {
                Some(slot) => {
                    if km < built[slot.1 as usize].1 {
                        slot.1 = k;
                    }
                }
                None => live[x as usize].push((y, k)),
            }
        }
    };
    for (i, e) in graph.edges.iter().enumerate() {
        if e.passages & CLOSED != 0 || e.a == e.b {
            continue;
        }
        built.push(([e.a, e.b], e.km, i as u32, EDGE));
        link(&mut live, &built, (built.len() - 1) as u32);
    }
    let mut done = vec![false; n];
    let mut gone_near = vec![0i64; n];
    let mut witness = Witness::new(n);
    // the shortcuts contracting `v` needs now: (u, w, arc v-u, arc v-w, km)
    let shortcuts = |v: u32,
                     live: &[Vec<(u32, u32)>],
                     built: &[([u32; 2], f64, u32, u32)],
                     witness: &mut Witness|
     -> Vec<(u32, u32, u32, u32, f64)> {
        let near = &live[v as usize];
        let mut out = Vec::new();
        for (i, &(u, au)) in near.iter().enumerate() {
            let du = built[au as usize].1;
            let rest = &near[i + 1..];
            let limit = rest
                .iter()
                .map(|&(_, aw)| du + built[aw as usize].1)
                .fold(0.0, f64::max);
            witness.run(live, built, u, v, limit);
            for &(w, aw) in rest {
                let via = du + built[aw as usize].1;
                if witness.dist(w) > via {
                    out.push((u, w, au, aw, via));
                }
            }
        }
        out
    };
    // the shortcuts `v` needs now, and its priority with them
    let priority = |v: u32,
                    live: &[Vec<(u32, u32)>],
                    built: &[([u32; 2], f64, u32, u32)],
                    witness: &mut Witness,
                    gone_near: &[i64]| {
        let cuts = shortcuts(v, live, built, witness);
        let p = cuts.len() as i64 - live[v as usize].len() as i64 + gone_near[v as usize];
        (p, cuts)
    };
    let mut queue: BinaryHeap<std::cmp::Reverse<(i64, u32)>> = (0..n as u32)
        .map(|v| std::cmp::Reverse((priority(v, &live, &built, &mut witness, &gone_near).0, v)))
        .collect();
    let mut order: Vec<u32> = Vec::with_capacity(n);
    // each node's arcs up, as they stood when it was contracted
    let mut ups: Vec<Vec<u32>> = vec![Vec::new(); n];
    while let Some(std::cmp::Reverse((p, v))) = queue.pop() {
        if done[v as usize] {
            continue;
        }
        let (now, cuts) = priority(v, &live, &built, &mut witness, &gone_near);
        if now > p {
            queue.push(std::cmp::Reverse((now, v)));
            continue;
        }
        for (u, w, au, aw, km) in cuts {
            built.push(([u, w], km, au, aw));
            link(&mut live, &built, (built.len() - 1) as u32);
        }
        done[v as usize] = true;
        order.push(v);
        let near = std::mem::take(&mut live[v as usize]);
        for &(u, _) in &near {
            live[u as usize].retain(|&(to, _)| to != v);
            gone_near[u as usize] += 1;
        }
        ups[v as usize] = near.iter().map(|&(_, a)| a).collect();
    }
    let mut rank = vec![0u32; n];
    for (r, &v) in order.iter().enumerate() {
        rank[v as usize] = r as u32;
    }
    // arcs numbered in the order written: by their earlier end's place in the order,
    // so that a shortcut's parts (arcs up from the node it passes, which comes before
    // either end) come before it
    let mut number = vec![u32::MAX; built.len()];
    let mut count = 0u32;
    let mut offsets = Vec::with_capacity(n + 1);
    for &v in &order {
        offsets.push(count);
        for &a in &ups[v as usize] {
            number[a as usize] = count;
            count += 1;
        }
    }
    offsets.push(count);
    let mut out = Vec::new();
    out.extend_from_slice(b"SEAH");
    out.extend_from_slice(&(n as u32).to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&fingerprint(graph).to_le_bytes());
    for w in order.iter().chain(&offsets) {
        out.extend_from_slice(&w.to_le_bytes());
    }
    for &v in &order {
        for &a in &ups[v as usize] {
            let ([x, y], km, first, second) = built[a as usize];
            let (low, high) = if rank[x as usize] < rank[y as usize] {
                (x, y)
            } else {
                (y, x)
            };
            let (first, second) = if second == EDGE {
                (first, EDGE)
            } else {
                // the parts as built run from the node passed to each end; `first`
                // is the part at `low`
                let at_low = |p: u32| built[p as usize].0.contains(&low);
                let (f, s) = if at_low(first) {
                    (first, second)
                } else {
                    (second, first)
                };
                (number[f as usize], number[s as usize])
            };
            for w in [low, high] {
                out.extend_from_slice(&w.to_le_bytes());
            }
            out.extend_from_slice(&km.to_le_bytes());
            out.extend_from_slice(&first.to_le_bytes());
            out.extend_from_slice(&second.to_le_bytes());
        }
    }
    out
}

/// The bounded Dijkstra of `compute`'s witness searches, over the nodes not yet
/// contracted.
#[cfg(test)]
struct Witness {
    dist: Vec<f64>,
    touched: Vec<u32>,
}

#[cfg(test)]
impl Witness {
    /// Most nodes one witness search settles; a search cut short only adds shortcuts
    /// that were not needed.
    const MAX_SETTLED: usize = 500;

    fn new(n: usize) -> Witness {
        Witness {
            dist: vec![f64::INFINITY; n],
            touched: Vec::new(),
        }
    }

    fn dist(&self, v: u32) -> f64 {
        self.dist[v as usize]
    }

    /// Distances from `from` avoiding `skip`, settled up to `limit` km.
    fn run(
        &mut self,
        live: &[Vec<(u32, u32)>],
        built: &[([u32; 2], f64, u32, u32)],
        from: u32,
        skip: u32,
        limit: f64,
    ) {
        for &t in &self.touched {
            self.dist[t as usize] = f64::INFINITY;
        }
        self.touched.clear();
        let mut heap = BinaryHeap::new();
        self.dist[from as usize] = 0.0;
        self.touched.push(from);
        heap.push(Item::new(0.0, from));
        let mut settled = 0;
        while let Some(item) = heap.pop() {
            let v = item.node();
            let d = self.dist[v as usize];
            if item < Item::new(d, v) {
                continue;
            }
            settled += 1;
            if d > limit || settled > Self::MAX_SETTLED {
                break;
            }
            for &(w, a) in &live[v as usize] {
                if w == skip {
                    continue;
                }
                let nd = d + built[a as usize].1;
                if nd < self.dist[w as usize] {
                    if self.dist[w as usize].is_infinite() {
                        self.touched.push(w);
                    }
                    self.dist[w as usize] = nd;
                    heap.push(Item::new(nd, w));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::sea::landmarks::Landmarks;
    use crate::network::sea::passages::Gates;
    use crate::network::sea::{HIERARCHY_BIN, LANDMARKS_BIN, MARNET_BIN, PASSAGES_CSV};

    fn graph() -> Graph {
        Graph::from_bytes(MARNET_BIN, &Gates::parse(PASSAGES_CSV).unwrap()).unwrap()
    }

    /// The embedded hierarchy is the one `compute` makes from the embedded network;
    /// `SHIPMAP_BLESS=1` rewrites it.
    #[test]
    fn embedded_hierarchy_is_current() {
        let want = compute(&graph());
        if std::env::var_os("SHIPMAP_BLESS").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/sea/hierarchy.bin");
            std::fs::write(path, &want).unwrap();
            return;
        }
        assert!(
            want == HIERARCHY_BIN,
            "data/sea/hierarchy.bin is out of date with marnet.bin: run \
             scripts/build_sea_landmarks.sh"
        );
    }

    /// The hierarchy's answer is the landmark A*'s on 3,000 random searches across
    /// the network, as a leg makes them: one to six sources and targets, each the
    /// nodes nearest a random node with their distances as costs (so that one source
    /// is often reached more cheaply through another), or scattered nodes, or sources
    /// that are targets too. The same length, summed the same way; the same path
    /// (source, target, edges) but for ties; and a walk over the network's edges from
    /// the source it names to the target, as long as it says.
    #[test]
    fn answers_as_the_landmark_search_does() {
        let g = graph();
        let h = Hierarchy::from_bytes(HIERARCHY_BIN, &g).unwrap();
        let marks = Landmarks::from_bytes(LANDMARKS_BIN, g.nodes.len()).unwrap();
        let n = g.nodes.len() as u64;
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            seed >> 33
        };
        let (mut found, mut ties) = (0, 0);
        for round in 0..3000 {
            let k = 1 + (next() % 6) as usize;
            let mut ends = |k: usize| -> Vec<(u32, f64)> {
                if round % 3 == 0 {
                    (0..k)
                        .map(|_| ((next() % n) as u32, (next() % 50) as f64))
                        .collect()
                } else {
                    let at = g.nodes[(next() % n) as usize];
                    g.nearest(at, k)
                }
            };
            let sources = ends(k);
            let targets = if round % 10 == 1 {
                // sources that are targets too, with other costs
                sources.iter().map(|&(v, c)| (v, c * 0.5 + 1.0)).collect()
            } else {
                ends(k)
            };
            let goal = g.nodes[targets[0].0 as usize];
            let want = g.shortest(&sources, &targets, goal, CLOSED, &marks);
            let got = h.shortest(&g, &sources, &targets);
            let (Some(want), Some(got)) = (&want, &got) else {
                assert!(want.is_none() && got.is_none(), "{sources:?} {targets:?}");
                continue;
            };
            found += 1;
            assert!(
                (want.total_km - got.total_km).abs() < 1e-6,
                "{sources:?} to {targets:?}: {} km by A*, {} km by the hierarchy",
                want.total_km,
                got.total_km
            );
            if (want.source, want.target, &want.steps) != (got.source, got.target, &got.steps) {
                ties += 1;
            }
            let cost = |ends: &[(u32, f64)], v: u32| {
                ends.iter()
                    .filter(|e| e.0 == v)
                    .map(|e| e.1)
                    .fold(f64::INFINITY, f64::min)
            };
            let mut at = got.source;
            let mut km = cost(&sources, at);
            for &(e, reversed) in &got.steps {
                let edge = &g.edges[e as usize];
                assert_eq!(edge.passages & CLOSED, 0);
                let (from, to) = if reversed {
                    (edge.b, edge.a)
                } else {
                    (edge.a, edge.b)
                };
                assert_eq!(from, at);
                (at, km) = (to, km + edge.km);
            }
            assert_eq!(at, got.target);
            assert_eq!(km + cost(&targets, at), got.total_km);
        }
        assert!(found > 2500, "{found}");
        // a different path of the same length (to rounding) now and then, never often
        assert!(
            ties * 100 < found,
            "{ties} of {found} searches took another path"
        );
    }

    /// A table built for another network (another length, an edge's Arctic flag),
    /// or damaged in any one field the search or the unpacking follows, is refused
    /// with a message saying how to rebuild it, before a search can use it.
    #[test]
    fn a_stale_or_damaged_table_is_refused() {
        let g = graph();
        let mut other = g.clone();
        other.edges[0].km += 0.001;
        let err = Hierarchy::from_bytes(HIERARCHY_BIN, &other).unwrap_err();
        assert!(err.contains("scripts/build_sea_landmarks.sh"), "{err}");
        let mut other = g.clone();
        let open = other.edges.iter().position(|e| e.passages == 0).unwrap();
        other.edges[open].passages |= CLOSED;
        assert!(Hierarchy::from_bytes(HIERARCHY_BIN, &other).is_err());
        let n = g.nodes.len();
        let arcs_at = HEADER + (2 * n + 1) * 4;
        let arc = |i: usize, field: usize| arcs_at + i * ARC_BYTES + field;
        // the first shortcut and the first edge arc in the table
        let second_of = |i: usize| {
            u32::from_le_bytes(HIERARCHY_BIN[arc(i, 20)..arc(i, 24)].try_into().unwrap())
        };
        let count = (HIERARCHY_BIN.len() - arcs_at) / ARC_BYTES;
        let shortcut = (0..count).find(|&i| second_of(i) != EDGE).unwrap();
        let edge = (0..count).find(|&i| second_of(i) == EDGE).unwrap();
        let cases: Vec<(&str, usize, u32)> = vec![
            ("fingerprint", 12, 1),
            (
                "order: a node twice",
                HEADER,
                u32::from_le_bytes(HIERARCHY_BIN[HEADER + 4..HEADER + 8].try_into().unwrap()),
            ),
            ("order: out of range", HEADER, n as u32),
            ("offsets out of order", HEADER + (n + 1) * 4, u32::MAX),
            ("arc's low end", arc(edge, 0), 0xFFFF_FFF0),
            ("arc's high end", arc(edge, 4), n as u32 + 7),
            ("edge number", arc(edge, 16), u32::MAX - 1),
            (
                "edge's other edge",
                arc(edge, 16),
                u32::from_le_bytes(
                    HIERARCHY_BIN[arc(edge, 16)..arc(edge, 20)]
                        .try_into()
                        .unwrap(),
                ) ^ 1,
            ),
            (
                "shortcut's first part after it",
                arc(shortcut, 16),
                shortcut as u32,
            ),
            (
                "shortcut's parts swapped",
                arc(shortcut, 16),
                second_of(shortcut),
            ),
            ("shortcut made an edge", arc(shortcut, 20), EDGE),
        ];
        for (what, at, value) in cases {
            let mut bad = HIERARCHY_BIN.to_vec();
            if what == "fingerprint" {
                bad[at] ^= value as u8;
            } else {
                bad[at..at + 4].copy_from_slice(&value.to_le_bytes());
            }
            let bad: &'static [u8] = Box::leak(bad.into_boxed_slice());
            assert!(Hierarchy::from_bytes(bad, &g).is_err(), "{what} accepted");
        }
        let mut bad = HIERARCHY_BIN.to_vec();
        let km = arc(shortcut, 8);
        let longer = f64::from_le_bytes(bad[km..km + 8].try_into().unwrap()) + 1.0;
        bad[km..km + 8].copy_from_slice(&longer.to_le_bytes());
        let bad: &'static [u8] = Box::leak(bad.into_boxed_slice());
        assert!(
            Hierarchy::from_bytes(bad, &g).is_err(),
            "a shortcut's length"
        );
        assert!(Hierarchy::from_bytes(&HIERARCHY_BIN[..100], &g).is_err());
        assert!(Hierarchy::from_bytes(b"SEAK", &g).is_err());
    }
}
