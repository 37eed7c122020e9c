//! Everything already on the map that new text or furniture must not cover, kept in
//! a uniform grid over the frame so that a test looks only at what lies in the
//! cells the box covers, not at every line and box on the map: placing a label
//! costs the same on a map of ten legs as on a map of ten thousand (issue 19,
//! point 4: an all-pairs scan made a 10,000-leg map take many minutes).
//!
//! Identical segments (shipments on the same lanes project to the very same
//! pixels) are kept once with a count, so the answers are exactly those of a
//! scan over every segment added, at the cost of the distinct ones.

use std::collections::HashMap;

use super::layout::seg_meets_rect;
use super::scene::Rect;

/// Cells per side at most; a cell is at least this many pixels wide.
const MAX_CELLS_PER_SIDE: f32 = 256.0;
const MIN_CELL_PX: f32 = 16.0;
/// Slack added around a segment when finding its cells, so rounding at a cell's
/// edge can never leave a segment out of a cell it touches.
const SLACK_PX: f32 = 0.5;

/// Everything already on the map that new text or furniture must not cover.
#[derive(Debug, Clone)]
pub struct Obstacles {
    frame: Rect,
    rects: Vec<Rect>,
    /// Distinct segments, each with how many times it was added.
    segs: Vec<([(f32, f32); 2], u32)>,
    seg_ids: HashMap<[u32; 4], u32>,
    rect_cells: Grid,
    seg_cells: Grid,
}

impl Obstacles {
    /// No obstacles yet; everything must stay inside `frame`.
    pub fn new(frame: Rect) -> Obstacles {
        Obstacles {
            frame,
            rects: Vec::new(),
            segs: Vec::new(),
            seg_ids: HashMap::new(),
            rect_cells: Grid::over(frame),
            seg_cells: Grid::over(frame),
        }
    }

    /// The frame everything must stay inside.
    pub fn frame(&self) -> Rect {
        self.frame
    }

    /// Narrows (or restores) the frame later boxes must stay inside; `frame`
    /// must lie within the one the obstacles were made with.
    pub fn set_frame(&mut self, frame: Rect) {
        self.frame = frame;
    }

    /// Adds a box (a marker, a label, a piece of furniture).
    pub fn add_rect(&mut self, r: Rect) {
        let id = index_u32(self.rects.len());
        self.rects.push(r);
        let (c0, c1, r0, r1) = self.rect_cells.span(&r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                self.rect_cells.push(row, col, id);
            }
        }
    }

    /// Adds a polyline (a leg, a leader line).
    pub fn add_line(&mut self, pts: &[(f32, f32)]) {
        for w in pts.windows(2) {
            let key = [w[0].0, w[0].1, w[1].0, w[1].1].map(f32::to_bits);
            if let Some(&id) = self.seg_ids.get(&key) {
                self.segs[id as usize].1 += 1;
                continue;
            }
            let id = index_u32(self.segs.len());
            self.seg_ids.insert(key, id);
            self.segs.push(([w[0], w[1]], 1));
            let grid = &mut self.seg_cells;
            for (row, col) in grid.cells_of_segment(w[0], w[1]) {
                grid.push(row, col, id);
            }
        }
    }

    /// The boxes added so far.
    pub fn rects(&self) -> &[Rect] {
        &self.rects
    }

    /// True when `r` is inside the frame and meets nothing.
    pub fn is_free(&self, r: &Rect) -> bool {
        if !self.frame.contains(r) {
            return false;
        }
        let (c0, c1, r0, r1) = self.rect_cells.span(r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                let boxes = self.rect_cells.at(row, col);
                if boxes.iter().any(|&i| self.rects[i as usize].overlaps(r)) {
                    return false;
                }
                let segs = self.seg_cells.at(row, col);
                if segs.iter().any(|&i| {
                    let [p, q] = self.segs[i as usize].0;
                    seg_meets_rect(p, q, r)
                }) {
                    return false;
                }
            }
        }
        true
    }

    /// How much `r` would cover: boxes met count 1000, line segments 10 each
    /// (a segment added twice counts twice); leaving the frame is infinite.
    pub fn cover_cost(&self, r: &Rect) -> f32 {
        self.cost_within(r, usize::MAX).unwrap_or(f32::INFINITY)
    }

    /// [`Obstacles::cover_cost`], or `None` when `r` leaves the frame or meets
    /// more than `max_boxes` boxes.
    fn cost_within(&self, r: &Rect, max_boxes: usize) -> Option<f32> {
        if !self.frame.contains(r) {
            return None;
        }
        let mut boxes = self.rect_cells.ids_in(r);
        boxes.retain(|&i| self.rects[i as usize].overlaps(r));
        if boxes.len() > max_boxes {
            return None;
        }
        let mut segs = self.seg_cells.ids_in(r);
        segs.retain(|&i| {
            let [p, q] = self.segs[i as usize].0;
            seg_meets_rect(p, q, r)
        });
        let seg_count: u64 = segs
            .iter()
            .map(|&i| u64::from(self.segs[i as usize].1))
            .sum();
        Some(boxes.len() as f32 * 1000.0 + seg_count as f32 * 10.0)
    }

    /// What the segment p-q (a leader line) would cross: boxes it meets count
    /// 1000, line segments it crosses 10 each (a segment added twice counts twice).
    pub fn segment_cost(&self, p: (f32, f32), q: (f32, f32)) -> f32 {
        let cells = self.seg_cells.cells_of_segment(p, q);
        let mut boxes: Vec<u32> = Vec::new();
        let mut segs: Vec<u32> = Vec::new();
        for &(row, col) in &cells {
            boxes.extend_from_slice(self.rect_cells.at(row, col));
            segs.extend_from_slice(self.seg_cells.at(row, col));
        }
        for ids in [&mut boxes, &mut segs] {
            ids.sort_unstable();
            ids.dedup();
        }
        let n_boxes = boxes
            .iter()
            .filter(|&&i| seg_meets_rect(p, q, &self.rects[i as usize]))
            .count();
        let n_segs: u64 = segs
            .iter()
            .map(|&i| &self.segs[i as usize])
            .filter(|(s, _)| segments_cross(p, q, s[0], s[1]))
            .map(|(_, n)| u64::from(*n))
            .sum();
        n_boxes as f32 * 1000.0 + n_segs as f32 * 10.0
    }

    /// The first free candidate; failing that, the one that covers least.
    pub fn best(&self, candidates: &[Rect]) -> Option<(Rect, bool)> {
        self.best_within(candidates, usize::MAX)
    }

    /// [`Obstacles::best`] among the candidates that meet at most `max_boxes`
    /// boxes. Labels are placed with a small limit: where more boxes than that
    /// are already piled up the label could not be read anyway, and the limit
    /// keeps the boxes over any point few, so each test stays cheap however
    /// many legs the map has.
    pub fn best_within(&self, candidates: &[Rect], max_boxes: usize) -> Option<(Rect, bool)> {
        if let Some(r) = candidates.iter().find(|r| self.is_free(r)) {
            return Some((*r, true));
        }
        candidates
            .iter()
            .filter_map(|r| Some((self.cost_within(r, max_boxes)?, *r)))
            .filter(|(c, _)| c.is_finite())
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, r)| (r, false))
    }
}

/// True when segments a-b and c-d meet (touching counts).
fn segments_cross(a: (f32, f32), b: (f32, f32), c: (f32, f32), d: (f32, f32)) -> bool {
    let orient = |p: (f32, f32), q: (f32, f32), r: (f32, f32)| {
        let v = (q.0 - p.0) * (r.1 - p.1) - (q.1 - p.1) * (r.0 - p.0);
        if v.abs() < 1e-6 {
            0
        } else if v > 0.0 {
            1
        } else {
            -1
        }
    };
    let on = |p: (f32, f32), q: (f32, f32), r: (f32, f32)| {
        r.0 >= p.0.min(q.0) && r.0 <= p.0.max(q.0) && r.1 >= p.1.min(q.1) && r.1 <= p.1.max(q.1)
    };
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    (o1 != o2 && o3 != o4)
        || (o1 == 0 && on(a, b, c))
        || (o2 == 0 && on(a, b, d))
        || (o3 == 0 && on(c, d, a))
        || (o4 == 0 && on(c, d, b))
}

/// An id as stored in the grid. A map holds far fewer than 4 billion boxes or
/// distinct segments (each is at least one pixel of drawing), so saturating is
/// only a guard: a saturated id would index past the end and is never made.
fn index_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A uniform grid of cells over a frame, each holding ids. Positions outside the
/// frame fall in its edge cells, which keeps every lookup in range; the tests in
/// [`Obstacles`] only ask about boxes inside the frame.
#[derive(Debug, Clone)]
struct Grid {
    x0: f32,
    y0: f32,
    cell_px: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    fn over(frame: Rect) -> Grid {
        let (w, h) = (frame.x1 - frame.x0, frame.y1 - frame.y0);
        let cell_px = MIN_CELL_PX
            .max(w / MAX_CELLS_PER_SIDE)
            .max(h / MAX_CELLS_PER_SIDE);
        // NaN or infinite frames give one cell; `as` saturates and maps NaN to 0.
        let count =
            |len: f32| ((len / cell_px).ceil() as usize).clamp(1, 1 + MAX_CELLS_PER_SIDE as usize);
        let (cols, rows) = (count(w), count(h));
        Grid {
            x0: if frame.x0.is_finite() { frame.x0 } else { 0.0 },
            y0: if frame.y0.is_finite() { frame.y0 } else { 0.0 },
            cell_px,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }

    fn col(&self, x: f32) -> usize {
        (((x - self.x0) / self.cell_px).floor().max(0.0) as usize).min(self.cols - 1)
    }

    fn row(&self, y: f32) -> usize {
        (((y - self.y0) / self.cell_px).floor().max(0.0) as usize).min(self.rows - 1)
    }

    /// Columns and rows (inclusive) a box covers.
    fn span(&self, r: &Rect) -> (usize, usize, usize, usize) {
        (
            self.col(r.x0),
            self.col(r.x1),
            self.row(r.y0),
            self.row(r.y1),
        )
    }

    fn push(&mut self, row: usize, col: usize, id: u32) {
        let cell = &mut self.cells[row * self.cols + col];
        if cell.last() != Some(&id) {
            cell.push(id);
        }
    }

    fn at(&self, row: usize, col: usize) -> &[u32] {
        &self.cells[row * self.cols + col]
    }

    /// The distinct ids in the cells a box covers.
    fn ids_in(&self, r: &Rect) -> Vec<u32> {
        let (c0, c1, r0, r1) = self.span(r);
        let mut ids = Vec::new();
        for row in r0..=r1 {
            for col in c0..=c1 {
                ids.extend_from_slice(self.at(row, col));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The cells segment p-q passes through, row by row: in each row's band the
    /// segment spans one run of columns. Generous by `SLACK_PX` on every side.
    fn cells_of_segment(&self, p: (f32, f32), q: (f32, f32)) -> Vec<(usize, usize)> {
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let r0 = self.row(p.1.min(q.1) - SLACK_PX);
        let r1 = self.row(p.1.max(q.1) + SLACK_PX);
        let mut out = Vec::new();
        for row in r0..=r1 {
            let band0 = self.y0 + row as f32 * self.cell_px - SLACK_PX;
            let band1 = band0 + self.cell_px + 2.0 * SLACK_PX;
            let (xa, xb) = if dy.abs() < 1e-6 {
                (p.0, q.0)
            } else {
                let ta = ((band0 - p.1) / dy).clamp(0.0, 1.0);
                let tb = ((band1 - p.1) / dy).clamp(0.0, 1.0);
                (p.0 + dx * ta, p.0 + dx * tb)
            };
            let c0 = self.col(xa.min(xb) - SLACK_PX);
            let c1 = self.col(xa.max(xb) + SLACK_PX);
            out.extend((c0..=c1).map(|col| (row, col)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain scan the grid replaces: every box and every segment.
    fn scan_cost(frame: Rect, rects: &[Rect], segs: &[[(f32, f32); 2]], r: &Rect) -> f32 {
        if !frame.contains(r) {
            return f32::INFINITY;
        }
        let boxes = rects.iter().filter(|o| o.overlaps(r)).count() as f32;
        let n = segs
            .iter()
            .filter(|s| seg_meets_rect(s[0], s[1], r))
            .count() as f32;
        boxes * 1000.0 + n * 10.0
    }

    /// A small deterministic generator (xorshift), so the test needs no crate.
    struct Rng(u64);
    impl Rng {
        fn f(&mut self, lo: f32, hi: f32) -> f32 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            lo + (hi - lo) * ((self.0 >> 40) as f32 / (1u64 << 24) as f32)
        }
    }

    #[test]
    fn the_grid_answers_as_a_scan_over_everything_would() {
        let frame = Rect::xywh(0.0, 40.0, 1920.0, 1000.0);
        let mut obs = Obstacles::new(frame);
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut rects, mut segs) = (Vec::new(), Vec::new());
        for i in 0..400 {
            // Boxes and lines partly outside the frame too, long and short, some
            // horizontal or vertical, some repeated exactly.
            let r = Rect::xywh(
                rng.f(-50.0, 1950.0),
                rng.f(0.0, 1080.0),
                rng.f(1.0, 120.0),
                rng.f(1.0, 40.0),
            );
            obs.add_rect(r);
            rects.push(r);
            let p = (rng.f(-100.0, 2000.0), rng.f(0.0, 1100.0));
            let q = match i % 4 {
                0 => (p.0 + rng.f(-900.0, 900.0), p.1),
                1 => (p.0, p.1 + rng.f(-500.0, 500.0)),
                _ => (p.0 + rng.f(-60.0, 60.0), p.1 + rng.f(-60.0, 60.0)),
            };
            let times = if i % 10 == 0 { 3 } else { 1 };
            for _ in 0..times {
                obs.add_line(&[p, q]);
                segs.push([p, q]);
            }
        }
        for _ in 0..3000 {
            let r = Rect::xywh(
                rng.f(-20.0, 1900.0),
                rng.f(20.0, 1040.0),
                rng.f(0.5, 90.0),
                rng.f(0.5, 30.0),
            );
            let want = scan_cost(frame, &rects, &segs, &r);
            assert_eq!(obs.cover_cost(&r), want, "{r:?}");
            assert_eq!(obs.is_free(&r), want == 0.0, "{r:?}");
        }
        assert_eq!(obs.rects().len(), 400);
    }

    #[test]
    fn a_segment_counts_the_lines_it_crosses_and_the_boxes_it_meets() {
        let mut obs = Obstacles::new(Rect::xywh(0.0, 0.0, 400.0, 300.0));
        obs.add_line(&[(100.0, 0.0), (100.0, 300.0)]);
        obs.add_line(&[(100.0, 0.0), (100.0, 300.0)]);
        obs.add_rect(Rect::xywh(200.0, 140.0, 10.0, 20.0));
        // Across the doubled line and through the box.
        assert_eq!(obs.segment_cost((50.0, 150.0), (300.0, 150.0)), 1020.0);
        // Beside the line, short of the box.
        assert_eq!(obs.segment_cost((110.0, 150.0), (190.0, 150.0)), 0.0);
        // Parallel to the line, not on it; diagonal between both.
        assert_eq!(obs.segment_cost((90.0, 10.0), (90.0, 290.0)), 0.0);
        assert_eq!(obs.segment_cost((150.0, 10.0), (380.0, 290.0)), 0.0);
        assert!(segments_cross(
            (0.0, 0.0),
            (10.0, 10.0),
            (0.0, 10.0),
            (10.0, 0.0)
        ));
        assert!(!segments_cross(
            (0.0, 0.0),
            (10.0, 0.0),
            (0.0, 1.0),
            (10.0, 1.0)
        ));
    }

    #[test]
    fn degenerate_frames_and_coordinates_do_not_panic() {
        for frame in [
            Rect::xywh(0.0, 0.0, 0.0, 0.0),
            Rect::xywh(f32::NAN, 0.0, 10.0, f32::INFINITY),
            Rect::xywh(-1e30, -1e30, 2e30, 2e30),
        ] {
            let mut obs = Obstacles::new(frame);
            obs.add_line(&[(f32::NAN, 1.0), (f32::INFINITY, -1e38), (3.0, 4.0)]);
            obs.add_rect(Rect::xywh(f32::NEG_INFINITY, 0.0, f32::NAN, 5.0));
            let _ = obs.cover_cost(&Rect::xywh(1.0, 1.0, 2.0, 2.0));
            let _ = obs.is_free(&Rect::xywh(1.0, 1.0, 2.0, 2.0));
        }
    }
}
