//! Shortest paths over the one arc-minute water grid, near coasts: from a leg's end to
//! the nearest network nodes, and between two ends close to each other. Moves go to the
//! 8 neighbouring water cells, never cutting a land corner, never across a closed
//! passage's gate; the cell path is then straightened where the straight line stays
//! on water.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::Graph;
use super::land::{
    approx_km, approx_km_scaled, cell_of, centre, mid_cos, unwrap_lon, LandGrid, CELLS_PER_DEG,
    COLS, KM_PER_CELL_LAT, ROWS,
};
use super::passages::{Gates, PassageSet};
use crate::model::LonLat;

/// Most cells one search may settle, whatever its radius (bounds time and memory).
const MAX_SETTLED: usize = 400_000;
/// Weight on the A* estimate towards a goal (1 would be exact A*).
const GOAL_WEIGHT: f64 = 2.0;
/// Widest window in columns (high latitudes make columns narrow).
const MAX_HALF_COLS: usize = 3_000;

/// What a grid search may use.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    pub land: &'a LandGrid,
    pub gates: &'a Gates,
    pub closed: PassageSet,
}

impl Rules<'_> {
    /// Whether the straight step from `a` to `b` is allowed: all water, no closed gate.
    pub fn clear(&self, a: LonLat, b: LonLat) -> bool {
        !self.gates.blocks(a, b, self.closed) && self.land.clear(a, b)
    }
}

/// A search window: rows `r_lo..=r_hi` and the `cols` columns from `c_lo` (counted
/// from the start cell's column without wrapping, so it may run below 0 or past the
/// last column), around a start cell; moves are given as offsets from the start, and
/// local indices run row by row.
/// `x` folded into `0..n`, for indices at most one turn out of range (a division
/// a call was a fifth of the grid search).
fn wrap_index(x: i64, n: i64) -> i64 {
    if (0..n).contains(&x) {
        x
    } else if (-n..0).contains(&x) {
        x + n
    } else if (n..2 * n).contains(&x) {
        x - n
    } else {
        x.rem_euclid(n)
    }
}

struct Window {
    r0: i64,
    c0: i64,
    r_lo: i64,
    r_hi: i64,
    c_lo: i64,
    cols: i64,
}

impl Window {
    /// The cells within `radius_km` of `at` (a box, widened to the latitude).
    fn new(at: (usize, usize), radius_km: f64) -> Window {
        let half_rows = (radius_km / KM_PER_CELL_LAT).ceil() as i64 + 1;
        let lat_edge = ((at.0 as f64 + half_rows as f64) / CELLS_PER_DEG - 90.0)
            .abs()
            .max(((at.0 as f64 - half_rows as f64) / CELLS_PER_DEG - 90.0).abs())
            .min(89.0);
        let half_cols = ((half_rows as f64 / lat_edge.to_radians().cos()).ceil() as usize)
            .min(MAX_HALF_COLS)
            .min(COLS / 2 - 1) as i64;
        let (r0, c0) = (at.0 as i64, at.1 as i64);
        Window {
            r0,
            c0,
            r_lo: (r0 - half_rows).max(0),
            r_hi: (r0 + half_rows).min(ROWS as i64 - 1),
            c_lo: c0 - half_cols,
            cols: 2 * half_cols + 1,
        }
    }
    /// This window cut to rows `r_lo..=r_hi` and columns `c_lo..=c_hi` (columns
    /// counted as for `c_lo`).
    fn clip(self, r_lo: i64, r_hi: i64, c_lo: i64, c_hi: i64) -> Window {
        let lo = self.c_lo.max(c_lo);
        let hi = (self.c_lo + self.cols - 1).min(c_hi);
        Window {
            r_lo: self.r_lo.max(r_lo),
            r_hi: self.r_hi.min(r_hi),
            c_lo: lo,
            cols: (hi - lo + 1).max(0),
            ..self
        }
    }
    fn cells(&self) -> usize {
        ((self.r_hi - self.r_lo + 1).max(0) * self.cols) as usize
    }
    fn index(&self, dr: i64, dc: i64) -> Option<usize> {
        let (row, col) = (self.r0 + dr, self.c0 + dc);
        if row < self.r_lo || row > self.r_hi || col < self.c_lo || col >= self.c_lo + self.cols {
            return None;
        }
        Some(((row - self.r_lo) * self.cols + col - self.c_lo) as usize)
    }
    fn offsets(&self, idx: usize) -> (i64, i64) {
        (
            (idx as i64) / self.cols + self.r_lo - self.r0,
            (idx as i64) % self.cols + self.c_lo - self.c0,
        )
    }
    fn cell(&self, dr: i64, dc: i64) -> (usize, usize) {
        (
            (self.r0 + dr) as usize,
            wrap_index(self.c0 + dc, COLS as i64) as usize,
        )
    }
}

/// A heap entry: the smallest estimate first, then the lowest cell index. Estimates
/// are never negative, so their bits order as they do, and entries compare as
/// integers (the estimate's bits above the index).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Item(Reverse<u64>);

impl Item {
    fn new(f: f32, idx: u32) -> Item {
        debug_assert!(f >= 0.0);
        Item(Reverse(
            (u64::from((f + 0.0).to_bits()) << 32) | u64::from(idx),
        ))
    }
    fn idx(self) -> u32 {
        self.0 .0 as u32
    }
}

/// Cell flags in `Scratch::flags`.
const DONE: u8 = 1;
const LAND_KNOWN: u8 = 2;
const LAND: u8 = 4;

/// Which entries of a search's tables belong to the current search: an entry counts
/// only when its stamp is the current search's number, so a search neither allocates
/// nor clears tables the size of its area (up to a few million cells, of which it
/// touches a few thousand).
#[derive(Default)]
struct Stamps {
    search: u32,
    stamp: Vec<u32>,
}

impl Stamps {
    /// Starts a new search over `cells` entries. True when the tables must be made
    /// anew at that size (every entry then counts as fresh).
    fn begin(&mut self, cells: usize) -> bool {
        let grown = self.stamp.len() < cells;
        if grown {
            // zeroed tables come from the allocator untouched: pages are only mapped
            // when a search writes to them
            self.stamp = vec![0; cells];
            self.search = 0;
        }
        self.search = self.search.wrapping_add(1);
        if self.search == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.search = 1;
        }
        grown
    }

    /// Whether entry `i` is touched for the first time in this search; it is then
    /// marked as this search's.
    fn fresh(&mut self, i: usize) -> bool {
        if self.stamp[i] == self.search {
            return false;
        }
        self.stamp[i] = self.search;
        true
    }
}

/// Per-cell search state over a window, kept between searches on a thread (see
/// `Stamps`).
#[derive(Default)]
struct Scratch {
    stamps: Stamps,
    dist: Vec<f32>,
    prev: Vec<u32>,
    flags: Vec<u8>,
    heap: BinaryHeap<Item>,
    /// Per window row, the east-west and diagonal steps in km (NaN until the search
    /// first settles a cell of the row).
    row_steps: Vec<(f64, f32)>,
    /// Per window row, the mask's last run looked up (first and end grid column, is
    /// land; empty at first): the search mostly moves along a run it has just read,
    /// so most look-ups need no search of the row's boundaries.
    row_span: Vec<(u32, u32, bool)>,
}

impl Scratch {
    /// Makes room for `cells` cells and starts a new search.
    fn begin(&mut self, cells: usize) {
        if self.stamps.begin(cells) {
            self.dist = vec![0.0; cells];
            self.prev = vec![0; cells];
            self.flags = vec![0; cells];
        }
        self.heap.clear();
    }

    /// Makes cell `i` fresh in this search if it is not yet.
    fn touch(&mut self, i: usize) {
        if self.stamps.fresh(i) {
            self.dist[i] = f32::INFINITY;
            self.prev[i] = u32::MAX;
            self.flags[i] = 0;
        }
    }

    /// Whether cell `i` is land, when this search has looked it up already.
    fn known_land(&self, i: usize) -> Option<bool> {
        let f = self.flags[i];
        (self.stamps.stamp[i] == self.stamps.search && f & LAND_KNOWN != 0).then_some(f & LAND != 0)
    }

    /// Whether cell `i` (at grid `cell`, in `win`) is land, looked up once per search;
    /// a cell outside the search's corridor (when it has one) counts as land. The
    /// mask's run of land or water holding the cell is read once for the cells of
    /// the cell's 8-column group (a corridor block's width) that it covers.
    fn land(
        &mut self,
        land: &LandGrid,
        corridor: Option<&Corridor>,
        win: &Window,
        i: usize,
        local_col: i64,
        cell: (usize, usize),
    ) -> bool {
        self.touch(i);
        let f = self.flags[i];
        if f & LAND_KNOWN != 0 {
            return f & LAND != 0;
        }
        let (is, lo, hi) = if corridor.is_some_and(|c| !c.holds(cell)) {
            (true, 0, COLS)
        } else {
            let known = &mut self.row_span[(cell.0 as i64 - win.r_lo) as usize];
            let col = cell.1 as u32;
            if known.0 <= col && col < known.1 {
                (known.2, known.0 as usize, known.1 as usize)
            } else {
                let (is, lo, hi) = land.span_at(cell.0, cell.1);
                *known = (lo as u32, hi as u32, is);
                (is, lo, hi)
            }
        };
        let flag = LAND_KNOWN | if is { LAND } else { 0 };
        let group = cell.1 / BLOCK * BLOCK;
        // the cell's column in the window, less its column in the grid
        let local = local_col - cell.1 as i64;
        for col in lo.max(group)..hi.min(group + BLOCK) {
            // the same window row: the cell's local column moved by `col - cell.1`
            if !(0..win.cols).contains(&(local + col as i64)) {
                continue;
            }
            let j = (i as i64 + col as i64 - cell.1 as i64) as usize;
            self.touch(j);
            if self.flags[j] & LAND_KNOWN == 0 {
                self.flags[j] |= flag;
            }
        }
        is
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::default();
}

/// What a search visitor says about a settled cell.
struct Verdict {
    /// Keep this cell as a result.
    hit: bool,
    /// Stop searching.
    stop: bool,
}

/// A cell a search kept: the path of cell centres to it from the start cell.
struct Hit {
    path: Vec<LonLat>,
}

/// Dijkstra (or A* towards `goal`) over water cells from `start`, calling `visit` on
/// each settled cell with its cost in km; returns the cells it kept, in settling order.
fn search(
    rules: Rules<'_>,
    start: (usize, usize),
    radius_km: f64,
    goal: Option<LonLat>,
    visit: impl FnMut((usize, usize), f64) -> Verdict,
) -> Vec<Hit> {
    SCRATCH.with(|cell| {
        search_in(
            &mut cell.borrow_mut(),
            rules,
            start,
            radius_km,
            goal,
            None,
            visit,
        )
    })
}

fn search_in(
    sc: &mut Scratch,
    rules: Rules<'_>,
    start: (usize, usize),
    radius_km: f64,
    goal: Option<LonLat>,
    corridor: Option<&Corridor>,
    mut visit: impl FnMut((usize, usize), f64) -> Verdict,
) -> Vec<Hit> {
    let mut win = Window::new(start, radius_km);
    if let Some(c) = corridor {
        // the corridor holds every cell the search may use: a window no bigger than
        // its box touches fewer pages
        let (r_lo, r_hi, c_lo, c_hi) = c.cell_box();
        win = win.clip(r_lo, r_hi, c_lo, c_hi);
    }
    sc.begin(win.cells());
    // only the gates that reach into the window need testing, usually none
    let gated = rules.closed
        & rules.gates.near_box(
            win.c_lo as f64 / CELLS_PER_DEG - 180.0,
            win.r_lo as f64 / CELLS_PER_DEG - 90.0,
            (win.c_lo + win.cols) as f64 / CELLS_PER_DEG - 180.0,
            (win.r_hi + 1) as f64 / CELLS_PER_DEG - 90.0,
        );
    // weighted A*: an estimate above the true cost settles far fewer cells; the
    // straightening afterwards takes out most of the detour this allows. The estimate
    // scales longitude at the latitude midway to the goal, which is near enough for a
    // guide and saves a cosine a cell.
    // Distances are taken in cells (a row is one arc-minute of latitude), from the
    // cells' centres at (row + 0.5, column + 0.5): no division or wrapping of
    // degrees a push (the estimate was a tenth of every grid search).
    let from_start = centre(start.0, start.1);
    let guide = goal.map(|g| {
        let glon = super::land::unwrap_lon(from_start.lon(), g.lon());
        let x_scale = ((from_start.lat() + g.lat()) * 0.5).to_radians().cos();
        Guide {
            row: (g.lat() + 90.0) * CELLS_PER_DEG,
            col: (glon + 180.0) * CELLS_PER_DEG,
            rest: 0.0,
            x_scale,
        }
    });
    let h = |cell: (usize, usize)| -> f32 {
        // in a corridor, the way left along the coarse path: the search runs down the
        // corridor instead of filling it where the way turns from the goal
        // (longitude scaled at the guide block's latitude: a cosine a push was a
        // tenth of the corridor search)
        if let Some(to) = corridor.and_then(|c| c.get(block_key(cell))) {
            return (GUIDE_WEIGHT * to.km_from(cell)) as f32;
        }
        guide.map_or(0.0, |to| (GOAL_WEIGHT * to.km_from(cell)) as f32)
    };
    let mut hits = Vec::new();
    let Some(s) = win.index(0, 0) else {
        return Vec::new();
    };
    sc.touch(s);
    sc.dist[s] = 0.0;
    sc.heap.push(Item::new(h(start), s as u32));
    let mut settled = 0usize;
    let win_rows = (win.r_hi - win.r_lo + 1).max(0) as usize;
    sc.row_steps.clear();
    sc.row_steps.resize(win_rows, (f64::NAN, 0.0));
    sc.row_span.clear();
    sc.row_span.resize(win_rows, (0, 0, false));
    while let Some(item) = sc.heap.pop() {
        let idx = item.idx();
        let i = idx as usize;
        if sc.flags[i] & DONE != 0 {
            continue;
        }
        sc.flags[i] |= DONE;
        let g = sc.dist[i];
        settled += 1;
        let (dr, dc) = win.offsets(i);
        let cell = win.cell(dr, dc);
        let verdict = visit(cell, g as f64);
        if verdict.hit {
            hits.push(i);
        }
        if verdict.stop || settled > MAX_SETTLED || g as f64 > radius_km {
            break;
        }
        // the east-west and diagonal steps of the cell's row, worked out once a row
        let steps = &mut sc.row_steps[(cell.0 as i64 - win.r_lo) as usize];
        if steps.0.is_nan() {
            let lat = (cell.0 as f64 + 0.5) / CELLS_PER_DEG - 90.0;
            let dx_km = KM_PER_CELL_LAT * lat.to_radians().cos();
            let diagonal = (KM_PER_CELL_LAT * KM_PER_CELL_LAT + dx_km * dx_km).sqrt() as f32;
            *steps = (dx_km, diagonal);
        }
        let (dx_km, diagonal) = *steps;
        // land around the cell, looked up once per search for the moves and corners
        let mut land = [[true; 3]; 3];
        let mut index = [[None; 3]; 3];
        for (r, row) in land.iter_mut().enumerate() {
            for (c, at) in row.iter_mut().enumerate() {
                let (mr, mc) = (r as i64 - 1, c as i64 - 1);
                if (mr, mc) == (0, 0) {
                    *at = false;
                    continue;
                }
                // outside the window counts as land: the search never leaves it
                if let Some(j) = win.index(dr + mr, dc + mc) {
                    index[r][c] = Some(j);
                    // most cells are known already: no grid cell worked out for them
                    *at = match sc.known_land(j) {
                        Some(is) => is,
                        None => {
                            let local_col = win.c0 + dc + mc - win.c_lo;
                            sc.land(
                                rules.land,
                                corridor,
                                &win,
                                j,
                                local_col,
                                win.cell(dr + mr, dc + mc),
                            )
                        }
                    };
                }
            }
        }
        for (r, c) in [
            (0, 0),
            (0, 1),
            (0, 2),
            (1, 0),
            (1, 2),
            (2, 0),
            (2, 1),
            (2, 2),
        ] {
            let Some(j) = index[r][c] else {
                continue;
            };
            if land[r][c] || sc.flags[j] & DONE != 0 {
                continue;
            }
            let diagonal_move = r != 1 && c != 1;
            // a diagonal move may not cut a land corner
            if diagonal_move && (land[r][1] || land[1][c]) {
                continue;
            }
            let (mr, mc) = (r as i64 - 1, c as i64 - 1);
            let to = win.cell(dr + mr, dc + mc);
            if gated != 0
                && rules
                    .gates
                    .blocks(centre(cell.0, cell.1), centre(to.0, to.1), gated)
            {
                continue;
            }
            let step = if diagonal_move {
                diagonal
            } else if r == 1 {
                dx_km as f32
            } else {
                KM_PER_CELL_LAT as f32
            };
            let nd = g + step;
            if nd < sc.dist[j] {
                sc.dist[j] = nd;
                sc.prev[j] = i as u32;
                sc.heap.push(Item::new(nd + h(to), j as u32));
            }
        }
    }
    hits.into_iter()
        .map(|end| Hit {
            path: cell_path(&win, &sc.prev, end),
        })
        .collect()
}

fn cell_path(win: &Window, prev: &[u32], end: usize) -> Vec<LonLat> {
    let mut out = Vec::new();
    let mut at = end;
    loop {
        let (dr, dc) = win.offsets(at);
        let (r, c) = win.cell(dr, dc);
        out.push(centre(r, c));
        match prev[at] {
            u32::MAX => break,
            p => at = p as usize,
        }
    }
    out.reverse();
    out
}

/// Keeps only the corners a path needs: each kept point sees the next one over water.
pub fn straighten(points: &[LonLat], rules: Rules<'_>) -> Vec<LonLat> {
    let Some(&first) = points.first() else {
        return Vec::new();
    };
    let mut out = vec![first];
    let mut i = 0;
    while i + 1 < points.len() {
        let (mut lo, mut hi) = (i + 1, points.len() - 1);
        if rules.clear(points[i], points[hi]) {
            lo = hi;
        } else {
            while lo + 1 < hi {
                let mid = (lo + hi) / 2;
                if rules.clear(points[i], points[mid]) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
        out.push(points[lo]);
        i = lo;
    }
    out
}

/// A way from a water point to a network node: its length and polyline (both ends
/// included).
#[derive(Debug, Clone)]
pub struct Reach {
    pub node: u32,
    pub km: f64,
    pub path: Vec<LonLat>,
}

/// The network nodes nearest by water to `start` (a water point): up to `max_nodes`,
/// stopping once costs pass the first node's by half again plus 20 km, or `radius_km`.
pub fn reach_nodes(
    rules: Rules<'_>,
    graph: &Graph,
    start: LonLat,
    radius_km: f64,
    max_nodes: usize,
) -> Vec<Reach> {
    let mut found: Vec<u32> = Vec::new();
    let mut nodes_of_hits: Vec<Vec<u32>> = Vec::new();
    let mut first: Option<f64> = None;
    let searched = search(
        rules,
        cell_of(start.lon(), start.lat()),
        radius_km,
        None,
        |cell, km| {
            if first.is_some_and(|f| km > f * 1.5 + 20.0) {
                return Verdict {
                    hit: false,
                    stop: true,
                };
            }
            let key = (cell.0 * COLS + cell.1) as u32;
            let new: Vec<u32> = graph
                .nodes_in_cell(key)
                .filter(|n| !found.contains(n))
                .collect();
            if new.is_empty() {
                return Verdict {
                    hit: false,
                    stop: false,
                };
            }
            first.get_or_insert(km);
            found.extend_from_slice(&new);
            nodes_of_hits.push(new);
            Verdict {
                hit: true,
                stop: found.len() >= max_nodes,
            }
        },
    );
    let mut out = Vec::new();
    for (hit, nodes) in searched.into_iter().zip(&nodes_of_hits) {
        let mut cells = vec![start];
        cells.extend(hit.path);
        for &node in nodes {
            let mut pts = cells.clone();
            pts.push(graph.nodes[node as usize]);
            let pts = straighten(&pts, rules);
            let km = crate::network::great_circle::length_km(&pts);
            out.push(Reach {
                node,
                km,
                path: pts,
            });
        }
    }
    out
}

/// Ways over water from `start` (a water point) to the given nodes (node, distance
/// in km, and whether the caller has a way to it already), nearest first, each by
/// weighted A* towards the node's water cell; up to `max` nodes reached, counting
/// those the caller has, which are not searched.
pub fn reach_listed(
    rules: Rules<'_>,
    graph: &Graph,
    start: LonLat,
    nodes: &[(u32, f64, bool)],
    max: usize,
) -> Vec<Reach> {
    let mut out = Vec::new();
    let mut reached = 0;
    for &(node, km, known) in nodes {
        if reached >= max {
            break;
        }
        if known {
            reached += 1;
            continue;
        }
        let Some(goal) = graph.water_cell(node) else {
            continue;
        };
        let target = graph.nodes[node as usize];
        let searched = search(
            rules,
            cell_of(start.lon(), start.lat()),
            km * 1.5 + 30.0,
            Some(target),
            |cell, _| {
                let hit = cell == goal;
                Verdict { hit, stop: hit }
            },
        );
        let Some(hit) = searched.into_iter().next() else {
            continue;
        };
        let mut pts = vec![start];
        pts.extend(hit.path);
        pts.push(target);
        let pts = straighten(&pts, rules);
        let km = crate::network::great_circle::length_km(&pts);
        out.push(Reach {
            node,
            km,
            path: pts,
        });
        reached += 1;
    }
    out
}

/// Whether the water cell at `start` opens onto more than a pocket: `cells` water
/// cells, or water `radius_km` away, reachable from it. A cove cut off at one
/// arc-minute (the Golden Horn at Vladivostok) does not; a river drawn one cell wide
/// does.
pub fn opens_out(rules: Rules<'_>, start: LonLat, cells: usize, radius_km: f64) -> bool {
    open_flood(rules, start, cells, radius_km) == Some(true)
        || opens_out_by_search(rules, start, cells, radius_km)
}

/// [`opens_out`] by the grid search alone.
fn opens_out_by_search(rules: Rules<'_>, start: LonLat, cells: usize, radius_km: f64) -> bool {
    let mut settled = 0usize;
    let hits = search(
        rules,
        cell_of(start.lon(), start.lat()),
        radius_km,
        None,
        |_, km| {
            settled += 1;
            let hit = settled >= cells || km >= radius_km * 0.9;
            Verdict { hit, stop: hit }
        },
    );
    !hits.is_empty()
}

/// Rows a flood over bit rows may take (see [`open_flood`]).
const FLOOD_ROWS: usize = 32;

/// Whether the water reachable from `start` inside the window the search of
/// [`opens_out`] would use holds `cells` cells, by a flood over the window's rows as
/// bit masks (a few dozen word operations a row instead of a search): Some(true)
/// when it does, as the search would then settle `cells` of them. None when it does
/// not (the search decides, from the distances), or when the window is too wide for
/// the masks or a closed gate is near it.
fn open_flood(rules: Rules<'_>, start: LonLat, cells: usize, radius_km: f64) -> Option<bool> {
    let win = Window::new(cell_of(start.lon(), start.lat()), radius_km);
    let rows = (win.r_hi - win.r_lo + 1) as usize;
    if win.cols > 128 || rows > FLOOD_ROWS {
        return None;
    }
    let gated = rules.closed
        & rules.gates.near_box(
            win.c_lo as f64 / CELLS_PER_DEG - 180.0,
            win.r_lo as f64 / CELLS_PER_DEG - 90.0,
            (win.c_lo + win.cols) as f64 / CELLS_PER_DEG - 180.0,
            (win.r_hi + 1) as f64 / CELLS_PER_DEG - 90.0,
        );
    if gated != 0 {
        return None;
    }
    // bit k of a row: the window's k-th column
    let mut water = [0u128; FLOOD_ROWS];
    for (k, row) in (win.r_lo..=win.r_hi).enumerate() {
        let end = win.c_lo + win.cols;
        let mut col = win.c_lo;
        while col < end {
            let abs = col.rem_euclid(COLS as i64) as usize;
            let (land, _, span_end) = rules.land.span_at(row as usize, abs);
            let run = ((span_end - abs) as i64).min(end - col);
            if !land {
                let lo = (col - win.c_lo) as u32;
                water[k] |= if run >= 128 {
                    u128::MAX
                } else {
                    ((1u128 << run) - 1) << lo
                };
            }
            col += run;
        }
    }
    let mut reach = [0u128; FLOOD_ROWS];
    reach[(win.r0 - win.r_lo) as usize] = 1u128 << (win.c0 - win.c_lo);
    // the moves of the search: to a water cell beside, above or below; diagonally
    // only with water on both cells beside the move (no land corner cut)
    let grow = |reach: &[u128; FLOOD_ROWS], k: usize, n: usize| -> u128 {
        let (s, w) = (reach[k], water[k]);
        let mut out = s | ((s << 1) | (s >> 1)) & w;
        for m in [k.wrapping_sub(1), k + 1] {
            if m < n {
                let (b, wb) = (reach[m], water[m]);
                out |= b & w;
                out |= (b << 1) & w & wb & (w << 1);
                out |= (b >> 1) & w & wb & (w >> 1);
            }
        }
        out
    };
    loop {
        let mut changed = false;
        for k in (0..rows).chain((0..rows).rev()) {
            let grown = grow(&reach, k, rows);
            if grown != reach[k] {
                reach[k] = grown;
                changed = true;
            }
        }
        let count: u32 = reach[..rows].iter().map(|r| r.count_ones()).sum();
        if count as usize >= cells {
            return Some(true);
        }
        if !changed {
            return None;
        }
    }
}

/// A water path between two water points near each other, by A* over the grid.
pub fn between(rules: Rules<'_>, a: LonLat, b: LonLat, radius_km: f64) -> Option<Vec<LonLat>> {
    let goal = cell_of(b.lon(), b.lat());
    let searched = search(
        rules,
        cell_of(a.lon(), a.lat()),
        radius_km,
        Some(b),
        |cell, _| {
            let hit = cell == goal;
            Verdict { hit, stop: hit }
        },
    );
    let hit = searched.into_iter().next()?;
    let mut pts = vec![a];
    pts.extend(hit.path);
    pts.push(b);
    Some(straighten(&pts, rules))
}

/// Arc-minute cells a side of a block of the coarse grid (about 15 km).
const BLOCK: usize = 8;
/// Water cells (of 64) a block needs to be water to the coarse search.
const BLOCK_WATER: usize = 4;
/// Blocks either side of the coarse path that the fine search may use.
const CORRIDOR_BLOCKS: usize = 2;
/// Most blocks one coarse search may settle.
const MAX_BLOCKS: usize = 50_000;
/// Weight on the coarse search's estimate towards the goal.
const BLOCK_GOAL_WEIGHT: f64 = 1.2;
const BLOCK_ROWS: usize = ROWS / BLOCK;
const BLOCK_COLS: usize = COLS / BLOCK;

/// Weight on the corridor's estimate of the way left (see `Corridor`).
const GUIDE_WEIGHT: f64 = 1.5;

/// The blocks of the coarse grid a fine search may use, each with the block of the
/// coarse path it is best continued from (its centre) and the way left from there
/// to the goal along the coarse path, km: a table over the corridor's box of blocks,
/// rows from `r0`, columns from `c0` (counted from the start's block column without
/// wrapping).
struct Corridor {
    r0: usize,
    c0: i64,
    rows: usize,
    cols: usize,
    /// Per block: where the fine search in it is guided to (see `Guide`).
    blocks: Vec<Option<Guide>>,
}

/// Where a fine search is guided from a cell: a point in cell coordinates (a cell's
/// centre is at its row and column plus a half), the way left from there in km, and
/// the cosine the flat frame scales columns by.
#[derive(Clone, Copy)]
struct Guide {
    row: f64,
    col: f64,
    rest: f64,
    x_scale: f64,
}

impl Guide {
    /// The estimate from `cell`'s centre: the flat distance to the point, and on.
    fn km_from(&self, (r, c): (usize, usize)) -> f64 {
        let dy = r as f64 + 0.5 - self.row;
        let mut dx = c as f64 + 0.5 - self.col;
        // the short way round
        let half = (COLS / 2) as f64;
        if dx > half {
            dx -= COLS as f64;
        } else if dx < -half {
            dx += COLS as f64;
        }
        let dx = dx * self.x_scale;
        KM_PER_CELL_LAT * (dx * dx + dy * dy).sqrt() + self.rest
    }
}

impl Corridor {
    fn slot(&self, (r, c): (usize, usize)) -> Option<usize> {
        let lr = r.checked_sub(self.r0)?;
        let lc = wrap_index(c as i64 - self.c0, BLOCK_COLS as i64) as usize;
        (lr < self.rows && lc < self.cols).then_some(lr * self.cols + lc)
    }
    fn get(&self, block: (usize, usize)) -> Option<Guide> {
        self.slot(block).and_then(|i| self.blocks[i])
    }
    fn holds(&self, cell: (usize, usize)) -> bool {
        self.get(block_key(cell)).is_some()
    }
    /// The corridor's box in cells: first and last row, first and last column
    /// (counted as `c0`, from the start's column without wrapping).
    fn cell_box(&self) -> (i64, i64, i64, i64) {
        let b = BLOCK as i64;
        (
            self.r0 as i64 * b,
            (self.r0 + self.rows) as i64 * b - 1,
            self.c0 * b,
            (self.c0 + self.cols as i64) * b - 1,
        )
    }
}

fn block_key(cell: (usize, usize)) -> (usize, usize) {
    (cell.0 / BLOCK, cell.1 / BLOCK)
}

fn block_of(p: LonLat) -> (usize, usize) {
    let (r, c) = cell_of(p.lon(), p.lat());
    (r / BLOCK, c / BLOCK)
}

fn block_centre((r, c): (usize, usize)) -> LonLat {
    let half = BLOCK as f64 / 2.0;
    LonLat::wrapped(
        ((c * BLOCK) as f64 + half) / CELLS_PER_DEG - 180.0,
        ((r * BLOCK) as f64 + half) / CELLS_PER_DEG - 90.0,
    )
}

fn flat_km(p: LonLat, q: LonLat) -> f64 {
    approx_km(p.lon(), p.lat(), unwrap_lon(p.lon(), q.lon()), q.lat())
}

/// [`flat_km`] with its cosine given (`mid_cos(p.lat(), q.lat())`).
fn scaled_km(p: LonLat, q: LonLat, cos: f64) -> f64 {
    approx_km_scaled(p.lon(), p.lat(), unwrap_lon(p.lon(), q.lon()), q.lat(), cos)
}

/// The coarse search's tables, kept between searches on a thread like `Scratch` (see
/// `Stamps`). A search's box of blocks is tens of thousands of blocks, of which it
/// settles a few hundred; fresh tables cost more than the search (clearing them, and
/// the pages of a fresh allocation).
#[derive(Default)]
struct CoarseScratch {
    stamps: Stamps,
    /// Per block: 0 not looked at, 1 water, 2 land.
    water: Vec<u8>,
    /// Per block: its entry in `nodes`, or u32::MAX.
    index: Vec<u32>,
    /// Blocks reached: the block, cost so far, the entry it was reached from, settled.
    nodes: Vec<((usize, usize), f64, u32, bool)>,
    heap: BinaryHeap<Item>,
}

impl CoarseScratch {
    /// Makes room for `cells` blocks and starts a new search.
    fn begin(&mut self, cells: usize) {
        if self.stamps.begin(cells) {
            self.water = vec![0; cells];
            self.index = vec![0; cells];
        }
        self.nodes.clear();
        self.heap.clear();
    }

    /// Makes block `i` fresh in this search if it is not yet.
    fn touch(&mut self, i: usize) {
        if self.stamps.fresh(i) {
            self.water[i] = 0;
            self.index[i] = u32::MAX;
        }
    }
}

thread_local! {
    static COARSE: RefCell<CoarseScratch> = RefCell::default();
}

/// The blocks of a way over water from `a` to `b` on the coarse grid (blocks of
/// 8 x 8 cells holding a little water), no longer than `max_km` give or take a
/// block: A* with the estimate weighted a little, never settling a block from which
/// the way could not end within `max_km`. None when there is no such way.
fn coarse_path(rules: Rules<'_>, a: LonLat, b: LonLat, max_km: f64) -> Option<Vec<(usize, usize)>> {
    let (start, goal) = (block_of(a), block_of(b));
    // measuring between block centres: allow two block diagonals either way
    let limit = max_km + 4.0 * BLOCK as f64 * KM_PER_CELL_LAT;
    // only the gates near the ends need testing
    let (west, east) = {
        let bx = unwrap_lon(a.lon(), b.lon());
        (a.lon().min(bx), a.lon().max(bx))
    };
    let pad = limit / (KM_PER_CELL_LAT * CELLS_PER_DEG);
    let pad_lon = pad
        / a.lat()
            .abs()
            .max(b.lat().abs())
            .min(85.0)
            .to_radians()
            .cos();
    let gated = rules.closed
        & rules.gates.near_box(
            west - pad_lon,
            a.lat().min(b.lat()) - pad,
            east + pad_lon,
            a.lat().max(b.lat()) + pad,
        );
    // tables over a box of blocks round the start that holds every block a way of
    // `limit` can reach (with a margin for the flat distances); a block outside it
    // counts as land
    let block_km = BLOCK as f64 * KM_PER_CELL_LAT;
    let half_rows = (limit * 1.25 / block_km).ceil() as i64 + 2;
    let lat_of = |r: i64| ((r * BLOCK as i64) as f64 / CELLS_PER_DEG - 90.0).abs();
    let lat_edge = lat_of(start.0 as i64 - half_rows)
        .max(lat_of(start.0 as i64 + half_rows + 1))
        .min(85.0);
    let half_cols = ((half_rows as f64 / lat_edge.to_radians().cos()).ceil() as i64)
        .min(BLOCK_COLS as i64 / 2 - 1);
    let (box_r0, box_c0) = (start.0 as i64 - half_rows, start.1 as i64 - half_cols);
    let (box_rows, box_cols) = (2 * half_rows + 1, 2 * half_cols + 1);
    let slot = |blk: (usize, usize)| -> Option<usize> {
        let lr = blk.0 as i64 - box_r0;
        let lc = wrap_index(blk.1 as i64 - box_c0, BLOCK_COLS as i64);
        ((0..box_rows).contains(&lr) && lc < box_cols).then_some((lr * box_cols + lc) as usize)
    };
    let cells = (box_rows * box_cols) as usize;
    COARSE.with(|scratch| {
        let sc = &mut *scratch.borrow_mut();
        sc.begin(cells);
        coarse_search(
            rules,
            sc,
            start,
            goal,
            limit,
            gated,
            box_r0,
            box_rows as usize,
            slot,
        )
    })
}

/// The A* of `coarse_path` over the box of blocks `slot` numbers (rows from
/// `box_r0`, `box_rows` of them).
#[allow(clippy::too_many_arguments)]
fn coarse_search(
    rules: Rules<'_>,
    sc: &mut CoarseScratch,
    start: (usize, usize),
    goal: (usize, usize),
    limit: f64,
    gated: PassageSet,
    box_r0: i64,
    box_rows: usize,
    slot: impl Fn((usize, usize)) -> Option<usize>,
) -> Option<Vec<(usize, usize)>> {
    let goal_at = block_centre(goal);
    let is_water = |sc: &mut CoarseScratch, blk: (usize, usize)| -> bool {
        if blk == start || blk == goal {
            return true;
        }
        let Some(i) = slot(blk) else {
            return false;
        };
        sc.touch(i);
        if sc.water[i] == 0 {
            let (r0, c0) = (blk.0 * BLOCK, blk.1 * BLOCK);
            // rows counted until there is enough water: one row of open sea will do
            let mut seen = 0;
            let wet = (r0..r0 + BLOCK).any(|r| {
                seen += rules.land.water_in_row(r, c0, c0 + BLOCK);
                seen >= BLOCK_WATER
            });
            sc.water[i] = if wet { 1 } else { 2 };
        }
        sc.water[i] == 1
    };
    // the cosines of the flat distances, by row of the box: a block's step to the row
    // above, its own and below (`2 * row + dr + 1`), and a block's way to the goal;
    // the same pairs of latitudes come again for every block of a row
    let mut step_cos = vec![f64::NAN; 2 * box_rows + 1];
    let mut goal_cos = vec![f64::NAN; box_rows];
    let memo = |table: &mut [f64], i: usize, ay: f64, by: f64| {
        if table[i].is_nan() {
            table[i] = mid_cos(ay, by);
        }
        table[i]
    };
    if let Some(i) = slot(start) {
        sc.touch(i);
        sc.index[i] = 0;
    }
    sc.nodes.push((start, 0.0, u32::MAX, false));
    sc.heap.push(Item::new(0.0, 0));
    let mut settled = 0usize;
    let mut reached = None;
    while let Some(item) = sc.heap.pop() {
        let i = item.idx();
        let (blk, g, _, done) = sc.nodes[i as usize];
        if done {
            continue;
        }
        sc.nodes[i as usize].3 = true;
        if blk == goal {
            reached = Some(i);
            break;
        }
        settled += 1;
        if settled > MAX_BLOCKS {
            return None;
        }
        let here = block_centre(blk);
        for (dr, dc) in [
            (-1i64, -1i64),
            (-1, 0),
            (-1, 1),
            (0, -1),
            (0, 1),
            (1, -1),
            (1, 0),
            (1, 1),
        ] {
            let r = blk.0 as i64 + dr;
            if r < 0 || r >= BLOCK_ROWS as i64 {
                continue;
            }
            let wrap = |c: i64| wrap_index(c, BLOCK_COLS as i64) as usize;
            let to = (r as usize, wrap(blk.1 as i64 + dc));
            if !is_water(sc, to) {
                continue;
            }
            // a diagonal step needs water beside it on one side
            if dr != 0
                && dc != 0
                && !is_water(sc, (r as usize, blk.1))
                && !is_water(sc, (blk.0, to.1))
            {
                continue;
            }
            // `to` is water, so in the box (or the goal, always in it)
            let Some(k) = slot(to) else {
                continue;
            };
            let there = block_centre(to);
            let row_here = (blk.0 as i64 - box_r0) as usize;
            let row_there = (to.0 as i64 - box_r0) as usize;
            let cos = memo(
                &mut step_cos,
                2 * row_here + (dr + 1) as usize,
                here.lat(),
                there.lat(),
            );
            let nd = g + scaled_km(here, there, cos);
            let cos = memo(&mut goal_cos, row_there, there.lat(), goal_at.lat());
            let rest = scaled_km(there, goal_at, cos);
            if nd + rest > limit {
                continue;
            }
            if gated != 0 && rules.gates.blocks(here, there, gated) {
                continue;
            }
            sc.touch(k);
            if sc.index[k] == u32::MAX {
                sc.nodes.push((to, f64::INFINITY, u32::MAX, false));
                sc.index[k] = (sc.nodes.len() - 1) as u32;
            }
            let j = sc.index[k];
            let node = &mut sc.nodes[j as usize];
            if !node.3 && nd < node.1 {
                node.1 = nd;
                node.2 = i;
                sc.heap
                    .push(Item::new((nd + BLOCK_GOAL_WEIGHT * rest) as f32, j));
            }
        }
    }
    let mut at = reached?;
    let mut path = Vec::new();
    loop {
        let (blk, _, prev, _) = sc.nodes[at as usize];
        path.push(blk);
        if prev == u32::MAX {
            break;
        }
        at = prev;
    }
    path.reverse();
    Some(path)
}

/// Whether the coarse grid alone joins `a` and `b` within about `max_km` (see
/// [`between_coarse`], which fails also when the fine grid has no way inside the
/// coarse way's corridor: a block holding water on both sides of a spit joins them).
pub fn coarse_joins(rules: Rules<'_>, a: LonLat, b: LonLat, max_km: f64) -> bool {
    coarse_path(rules, a, b, max_km).is_some()
}

/// A water path between two water points up to a few hundred km apart, at most about
/// `max_km` long: a way is found on the coarse grid first, then by A* over the fine
/// grid inside a corridor a few blocks either side of it, so the fine search touches
/// only cells near the way. None when the coarse grid finds no way within `max_km`
/// or the fine grid none inside the corridor.
pub fn between_coarse(rules: Rules<'_>, a: LonLat, b: LonLat, max_km: f64) -> Option<Vec<LonLat>> {
    let blocks = coarse_path(rules, a, b, max_km)?;
    let reach = CORRIDOR_BLOCKS as i64;
    // the box of the path's blocks and their reach, columns from the start's block
    let start_col = block_of(a).1 as i64;
    let half = (BLOCK_COLS / 2) as i64;
    let (mut r_lo, mut r_hi, mut d_lo, mut d_hi) = (i64::MAX, i64::MIN, i64::MAX, i64::MIN);
    for &(r, c) in &blocks {
        let d = (c as i64 - start_col + half).rem_euclid(BLOCK_COLS as i64) - half;
        (r_lo, r_hi) = (r_lo.min(r as i64), r_hi.max(r as i64));
        (d_lo, d_hi) = (d_lo.min(d), d_hi.max(d));
    }
    let r0 = (r_lo - reach).max(0) as usize;
    let rows = ((r_hi + reach).min(BLOCK_ROWS as i64 - 1) + 1) as usize - r0;
    let cols = ((d_hi - d_lo + 2 * reach + 1) as usize).min(BLOCK_COLS);
    let mut corridor = Corridor {
        r0,
        c0: start_col + d_lo - reach,
        rows,
        cols,
        blocks: vec![None; rows * cols],
    };
    // the way left from each block of the path, along the path to `b`
    let mut rest = vec![0.0; blocks.len()];
    let mut next = b;
    for (i, &blk) in blocks.iter().enumerate().rev() {
        let at = block_centre(blk);
        rest[i] = flat_km(at, next) + rest.get(i + 1).copied().unwrap_or(0.0);
        next = at;
    }
    // each corridor block's way left through the path block it is guided to, the
    // least found so far
    let mut score = vec![f64::INFINITY; rows * cols];
    for (&(r, c), &left) in blocks.iter().zip(&rest) {
        let via = block_centre((r, c));
        let half = (BLOCK / 2) as f64;
        let guide = Guide {
            row: (r * BLOCK) as f64 + half,
            col: (c * BLOCK) as f64 + half,
            rest: left,
            x_scale: via.lat().to_radians().cos(),
        };
        for dr in -reach..=reach {
            let row = r as i64 + dr;
            if row < 0 || row >= BLOCK_ROWS as i64 {
                continue;
            }
            // every block of the row has the same latitude: one cosine for the row
            let row_lat = block_centre((row as usize, c)).lat();
            let cos = mid_cos(row_lat, via.lat());
            for dc in -reach..=reach {
                let col = (c as i64 + dc).rem_euclid(BLOCK_COLS as i64) as usize;
                let key = (row as usize, col);
                let Some(slot) = corridor.slot(key) else {
                    continue;
                };
                let here = scaled_km(block_centre(key), via, cos) + left;
                if here < score[slot] {
                    score[slot] = here;
                    corridor.blocks[slot] = Some(guide);
                }
            }
        }
    }
    let goal = cell_of(b.lon(), b.lat());
    let searched = SCRATCH.with(|cell| {
        search_in(
            &mut cell.borrow_mut(),
            rules,
            cell_of(a.lon(), a.lat()),
            max_km * 1.2 + 30.0,
            Some(b),
            Some(&corridor),
            |cell, _| {
                let hit = cell == goal;
                Verdict { hit, stop: hit }
            },
        )
    });
    let hit = searched.into_iter().next()?;
    let mut pts = vec![a];
    pts.extend(hit.path);
    pts.push(b);
    Some(straighten(&pts, rules))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::sea::{LAND_BIN, PASSAGES_CSV};

    /// A guide's estimate is the flat distance in km from a cell's centre, the short
    /// way round the antimeridian, plus the way left.
    #[test]
    fn a_guide_measures_from_cell_centres_the_short_way_round() {
        let row = 150 * CELLS_PER_DEG as usize;
        // a point on the antimeridian level with the centres of cells in `row` (near
        // 60N), guiding with the cosine of 60 degrees
        let to = Guide {
            row: row as f64 + 0.5,
            col: 0.0,
            rest: 10.0,
            x_scale: 0.5,
        };
        // the fourth cell east of 180W: 3.5 columns of half a row each
        let east = to.km_from((row, 3));
        assert!(
            (east - (1.75 * KM_PER_CELL_LAT + 10.0)).abs() < 1e-9,
            "{east}"
        );
        // the third west of 180E, across the antimeridian: 2.5 columns
        let west = to.km_from((row, COLS - 3));
        assert!(
            (west - (1.25 * KM_PER_CELL_LAT + 10.0)).abs() < 1e-9,
            "{west}"
        );
        // a row north, half a column east
        let north = to.km_from((row + 1, 0));
        let want = KM_PER_CELL_LAT * (0.25f64 * 0.25 + 1.0).sqrt() + 10.0;
        assert!((north - want).abs() < 1e-9, "{north}");
    }

    /// `reach_listed` searches only the nodes the caller has no way to, counts the
    /// others towards its limit, and keeps the order given: from Santos (an estuary
    /// whose straight lines to the lanes cross land), the nearest node known to the
    /// caller is not searched and takes one of two places, so only the second node
    /// is searched for, and the third never.
    #[test]
    fn reach_listed_counts_the_nodes_the_caller_has() {
        let sea = crate::network::sea::SeaNetwork::embedded().unwrap();
        let rules = Rules {
            land: &sea.land,
            gates: &sea.gates,
            closed: 0,
        };
        let start = LonLat::new(-46.292, -23.975).unwrap();
        let near = sea.graph.nearest(start, 3);
        let listed = |known: bool| {
            vec![
                (near[0].0, near[0].1, known),
                (near[1].0, near[1].1, false),
                (near[2].0, near[2].1, false),
            ]
        };
        let all = reach_listed(rules, &sea.graph, start, &listed(false), 2);
        let nodes: Vec<u32> = all.iter().map(|r| r.node).collect();
        assert_eq!(nodes, [near[0].0, near[1].0]);
        let rest = reach_listed(rules, &sea.graph, start, &listed(true), 2);
        assert_eq!(rest.len(), 1);
        assert_eq!(rest[0].node, near[1].0);
        // the same way to it as when the first was searched too
        assert_eq!(rest[0].path, all[1].path);
        assert!(
            // the way's length is on the ellipsoid, the node's distance on the sphere
            rest[0].km >= near[1].1 * 0.99 && rest[0].km < near[1].1 * 1.2,
            "{}",
            rest[0].km
        );
    }

    /// The flood over bit rows says yes only where the search does, and the two
    /// agree on every water cell of a few coasts with islands, fjords and straits
    /// (with the Bosporus and the Danish straits closed as well as open).
    #[test]
    fn flood_agrees_with_the_search() {
        let land = LandGrid::from_bytes(LAND_BIN).unwrap();
        let gates = Gates::parse(PASSAGES_CSV).unwrap();
        let mut floods = 0;
        for closed in [0, !0] {
            let rules = Rules {
                land: &land,
                gates: &gates,
                closed,
            };
            // (west, south): one degree squares, sampled every 3 arc-minutes
            for (west, south) in [
                (131.5, 42.8),  // Vladivostok, Golden Horn
                (28.6, 40.9),   // Bosporus
                (10.5, 55.0),   // Danish straits
                (5.0, 60.0),    // Norwegian fjords
                (-66.0, -55.5), // Tierra del Fuego
                (-70.0, 78.5),  // northern Greenland, narrow columns
            ] {
                for i in 0..20 {
                    for j in 0..20 {
                        let p =
                            LonLat::new(west + i as f64 * 0.05, south + j as f64 * 0.05).unwrap();
                        if land.is_land(p) {
                            continue;
                        }
                        let by_search = opens_out_by_search(rules, p, 60, 8.0);
                        if open_flood(rules, p, 60, 8.0) == Some(true) {
                            floods += 1;
                            assert!(by_search, "{p}");
                        }
                        assert_eq!(opens_out(rules, p, 60, 8.0), by_search, "{p}");
                    }
                }
            }
        }
        assert!(floods > 500, "{floods}");
    }
}
