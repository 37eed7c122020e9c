//! Port scale: sea legs drawn on the water of the detailed coastline.
//!
//! The sea router works on a one-arc-minute land mask and generalised lanes; at
//! port scale the map draws GSHHG's full-resolution coastline (`coast.rs`), on
//! which those lines cut corners over land (the Bosporus lane over Besiktas) and
//! a port point on the quay starts its leg on land. Where a drawn sea leg crosses
//! the detailed land, the crossing is drawn instead along the frame's water: an A*
//! search over a raster of the frame (cells of about two pixels), from the last
//! water before the crossing to the first water after it, pulled taut. Land cells
//! are not forbidden but cost [`LAND_COST`] times water, so a leg that starts on
//! land reaches the water by its shortest crossing. Only the drawing changes: the
//! leg's path, distance and every other output stay the builder's (DESIGN.md,
//! "Port scale").
//!
//! The same raster decides which straits of the narrows list the detailed
//! coastline already shows open: their channel strokes are kept only over the
//! stretches where it does not (a canal GSHHG lacks, a river above its mouth).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::png::sk_path;
use super::scene::Path;

/// Cost of a land cell against a water cell.
const LAND_COST: u32 = 30;
/// Cost of a water cell next to land (keeps redrawn legs off the shore line).
const SHORE_COST: u32 = 2;
/// Samples (half cells) of the line kept in a redrawn crossing either side of it.
const LEAD: usize = 16;
/// Step costs, straight and diagonal, per cell.
const STEP: u32 = 100;
const DIAG: u32 = 141;

#[cfg(test)]
thread_local! {
    /// Tests measure the drawing before this module with it switched off.
    pub(super) static OFF: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// True unless a test on this thread switched the port-scale fitting off.
pub(super) fn enabled() -> bool {
    #[cfg(test)]
    {
        !OFF.with(|o| o.get())
    }
    #[cfg(not(test))]
    {
        true
    }
}

/// The frame's land and water on a grid of square cells.
pub(super) struct Water {
    /// Pixels per cell.
    cell: f32,
    w: usize,
    h: usize,
    /// Per cell: 0 water, 1 water by the shore, 2 land.
    kind: Vec<u8>,
}

impl Water {
    /// The land of `land` (filled even-odd) on a `width` x `height` px frame in
    /// cells of `cell` px; a cell is land when more than half of it is.
    pub fn new(land: &Path, width: f32, height: f32, cell: f32) -> Option<Water> {
        let cell = cell.max(1.0);
        let (w, h) = (
            (width / cell).ceil().max(1.0) as usize,
            (height / cell).ceil().max(1.0) as usize,
        );
        if w * h > 4_000_000 {
            return None;
        }
        let mut mask = tiny_skia::Mask::new(w as u32, h as u32)?;
        if let Some(p) = sk_path(land) {
            mask.fill_path(
                &p,
                tiny_skia::FillRule::EvenOdd,
                true,
                tiny_skia::Transform::from_scale(1.0 / cell, 1.0 / cell),
            );
        }
        let kind = mask
            .data()
            .iter()
            .map(|&a| if a >= 128 { 2 } else { 0 })
            .collect();
        let mut water = Water { cell, w, h, kind };
        water.mark_shore();
        Some(water)
    }

    fn mark_shore(&mut self) {
        let (w, h) = (self.w, self.h);
        for k in self.kind.iter_mut() {
            if *k != 2 {
                *k = 0;
            }
        }
        for y in 0..h {
            for x in 0..w {
                if self.kind[y * w + x] != 2 {
                    continue;
                }
                for yy in y.saturating_sub(1)..(y + 2).min(h) {
                    for xx in x.saturating_sub(1)..(x + 2).min(w) {
                        let k = &mut self.kind[yy * w + xx];
                        if *k == 0 {
                            *k = 1;
                        }
                    }
                }
            }
        }
    }

    /// Opens water along `lines` (pixel polylines), `width` px wide: the straits
    /// whose channel strokes stay drawn.
    pub fn open(&mut self, lines: &[Vec<(f32, f32)>], width: f32) {
        let Some(mut mask) = tiny_skia::Mask::new(self.w as u32, self.h as u32) else {
            return;
        };
        let mut p = Path::new();
        for l in lines {
            p.polyline(l, false);
        }
        let Some(sp) = sk_path(&p) else { return };
        let stroke = tiny_skia::Stroke {
            width: width.max(self.cell),
            line_cap: tiny_skia::LineCap::Round,
            line_join: tiny_skia::LineJoin::Round,
            ..tiny_skia::Stroke::default()
        };
        let Some(outline) = sp.stroke(&stroke, 1.0) else {
            return;
        };
        mask.fill_path(
            &outline,
            tiny_skia::FillRule::Winding,
            true,
            tiny_skia::Transform::from_scale(1.0 / self.cell, 1.0 / self.cell),
        );
        for (k, &a) in self.kind.iter_mut().zip(mask.data()) {
            if a > 0 {
                *k = 0;
            }
        }
        self.mark_shore();
    }

    fn cell_of(&self, p: (f32, f32)) -> Option<usize> {
        let (x, y) = (p.0 / self.cell, p.1 / self.cell);
        if !(x >= 0.0 && y >= 0.0) {
            return None;
        }
        let (x, y) = (x as usize, y as usize);
        (x < self.w && y < self.h).then_some(y * self.w + x)
    }

    /// True when the point is on land (off the frame counts as water: nothing is
    /// known there).
    pub fn is_land(&self, p: (f32, f32)) -> bool {
        self.cell_of(p).is_some_and(|i| self.kind[i] == 2)
    }

    fn cost(&self, i: usize) -> u32 {
        match self.kind[i] {
            2 => LAND_COST,
            1 => SHORE_COST,
            _ => 1,
        }
    }

    /// Points every half cell along `line`, each with the index of the segment
    /// it lies on and whether it is on land.
    fn samples(&self, line: &[(f32, f32)]) -> Vec<((f32, f32), usize, bool)> {
        let step = self.cell * 0.5;
        let mut out = Vec::new();
        for (i, s) in line.windows(2).enumerate() {
            let len = super::layout::dist(s[0], s[1]);
            let n = ((len / step).ceil() as usize).max(1);
            for k in 0..n {
                let t = k as f32 / n as f32;
                let p = (
                    s[0].0 + t * (s[1].0 - s[0].0),
                    s[0].1 + t * (s[1].1 - s[0].1),
                );
                out.push((p, i, self.is_land(p)));
            }
        }
        if let Some(&p) = line.last() {
            out.push((p, line.len().saturating_sub(2), self.is_land(p)));
        }
        out
    }

    /// The runs of land samples: (first, last) sample indices.
    fn land_runs(samples: &[((f32, f32), usize, bool)]) -> Vec<(usize, usize)> {
        let mut runs = Vec::new();
        let mut start = None;
        for (k, s) in samples.iter().enumerate() {
            match (s.2, start) {
                (true, None) => start = Some(k),
                (false, Some(a)) => {
                    runs.push((a, k - 1));
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(a) = start {
            runs.push((a, samples.len() - 1));
        }
        runs
    }

    /// A* from `from` to `to` inside a window around them (`pad` cells more on
    /// every side); land impassable when `water_only`. The cells' centres, first
    /// and last replaced by the points, with the cost so far at each.
    fn search(
        &self,
        from: (f32, f32),
        to: (f32, f32),
        pad: usize,
        water_only: bool,
    ) -> Option<Vec<((f32, f32), u32)>> {
        let (s, g) = (self.cell_of(from)?, self.cell_of(to)?);
        let (sx, sy, gx, gy) = (s % self.w, s / self.w, g % self.w, g / self.w);
        let (x0, x1) = (
            sx.min(gx).saturating_sub(pad),
            (sx.max(gx) + pad).min(self.w - 1),
        );
        let (y0, y1) = (
            sy.min(gy).saturating_sub(pad),
            (sy.max(gy) + pad).min(self.h - 1),
        );
        let ww = x1 - x0 + 1;
        let local = |i: usize| (i / self.w - y0) * ww + (i % self.w - x0);
        let n = ww * (y1 - y0 + 1);
        let mut best = vec![u32::MAX; n];
        let mut prev = vec![u32::MAX; n];
        let h = |i: usize| {
            let (dx, dy) = (
                (i % self.w).abs_diff(gx) as u32,
                (i / self.w).abs_diff(gy) as u32,
            );
            STEP * dx.max(dy) + (DIAG - STEP) * dx.min(dy)
        };
        let mut heap = BinaryHeap::new();
        best[local(s)] = 0;
        heap.push(Reverse((h(s), 0u32, s)));
        while let Some(Reverse((_, d, i))) = heap.pop() {
            if d > best[local(i)] {
                continue;
            }
            if i == g {
                break;
            }
            let (x, y) = (i % self.w, i / self.w);
            for (dx, dy) in [
                (-1i64, 0i64),
                (1, 0),
                (0, -1),
                (0, 1),
                (-1, -1),
                (1, -1),
                (-1, 1),
                (1, 1),
            ] {
                let (nx, ny) = (x as i64 + dx, y as i64 + dy);
                if nx < x0 as i64 || nx > x1 as i64 || ny < y0 as i64 || ny > y1 as i64 {
                    continue;
                }
                let j = ny as usize * self.w + nx as usize;
                if water_only && self.kind[j] == 2 {
                    continue;
                }
                let step = if dx != 0 && dy != 0 { DIAG } else { STEP };
                let nd = d + step * (self.cost(i) + self.cost(j)) / 2;
                let lj = local(j);
                if nd < best[lj] {
                    best[lj] = nd;
                    prev[lj] = i as u32;
                    heap.push(Reverse((nd + h(j), nd, j)));
                }
            }
        }
        if best[local(g)] == u32::MAX {
            return None;
        }
        let mut cells = vec![g];
        let mut i = g;
        while i != s {
            i = prev[local(i)] as usize;
            cells.push(i);
        }
        cells.reverse();
        let c = self.cell;
        let mut out: Vec<((f32, f32), u32)> = cells
            .iter()
            .map(|&i| {
                (
                    (
                        ((i % self.w) as f32 + 0.5) * c,
                        ((i / self.w) as f32 + 0.5) * c,
                    ),
                    best[local(i)],
                )
            })
            .collect();
        out[0].0 = from;
        if let Some(l) = out.last_mut() {
            l.0 = to;
        }
        Some(out)
    }

    /// The cost of the straight segment from `a` to `b`, in the search's units.
    fn straight_cost(&self, a: (f32, f32), b: (f32, f32)) -> u32 {
        let len = super::layout::dist(a, b);
        let n = ((len / (self.cell * 0.5)).ceil() as usize).max(1);
        let per = len / self.cell * STEP as f32 / n as f32;
        let mut sum = 0.0f32;
        for k in 0..n {
            let t = (k as f32 + 0.5) / n as f32;
            let p = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
            let c = self.cell_of(p).map_or(1, |i| self.cost(i));
            sum += per * c as f32;
        }
        sum as u32
    }

    /// A searched way pulled taut: from each point, straight to the furthest
    /// next point that costs no more straight than along the way.
    fn pull(&self, way: &[((f32, f32), u32)]) -> Vec<(f32, f32)> {
        let mut out = vec![way[0].0];
        let mut i = 0;
        while i + 1 < way.len() {
            let mut j = i + 1;
            while j + 1 < way.len()
                && self.straight_cost(way[i].0, way[j + 1].0) <= way[j + 1].1 - way[i].1 + STEP / 2
            {
                j += 1;
            }
            out.push(way[j].0);
            i = j;
        }
        out
    }

    /// `line` with every stretch over land drawn along the water instead (see the
    /// module). Unchanged when it meets no land.
    pub fn refit(&self, line: &[(f32, f32)]) -> Vec<(f32, f32)> {
        if line.len() < 2 {
            return line.to_vec();
        }
        let samples = self.samples(line);
        let runs = Self::land_runs(&samples);
        if runs.is_empty() {
            return line.to_vec();
        }
        let last = samples.len() - 1;
        // Each crossing is redrawn from a little before the water's edge to a
        // little after it (the line's own ends at most), so the new way joins the
        // old one smoothly; crossings whose stretches meet are redrawn as one.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (a, b) in runs {
            let (ka, kb) = (a.saturating_sub(LEAD), (b + LEAD).min(last));
            match spans.last_mut() {
                Some(s) if ka <= s.1 => s.1 = kb,
                _ => spans.push((ka, kb)),
            }
        }
        let mut out: Vec<(f32, f32)> = Vec::with_capacity(line.len() + 16);
        // The next original vertex not yet written.
        let mut next = 0usize;
        for (ka, kb) in spans {
            let (from, seg_a) = (samples[ka].0, samples[ka].1);
            let (to, seg_b) = (samples[kb].0, samples[kb].1);
            let run_px = super::layout::dist(from, to);
            let pad = ((run_px / self.cell) as usize * 2).max(40);
            // Vertices up to and including the start of the segment `from` is on.
            while next <= seg_a {
                out.push(line[next]);
                next += 1;
            }
            match self.search(from, to, pad, false) {
                Some(way) if way.len() >= 2 => out.extend(self.pull(&way)),
                _ => {
                    out.push(from);
                    out.push(to);
                }
            }
            // Skip the vertices inside the run: up to the start of `to`'s segment,
            // and its end too when `to` is the line's last point.
            next = next.max(seg_b + 1);
            if kb == last {
                next = line.len();
            }
        }
        out.extend_from_slice(&line[next.min(line.len())..]);
        out.dedup_by(|p, q| super::layout::dist(*p, *q) < 0.01);
        out
    }

    /// The parts of a channel (a pixel polyline) the detailed coastline does not
    /// show open: each stretch over land whose water either side is not joined in
    /// the frame by a way at most three times as long, from the water before it to
    /// the water after it (or to the line's end).
    pub fn unshown(&self, line: &[(f32, f32)]) -> Vec<Vec<(f32, f32)>> {
        if line.len() < 2 {
            return Vec::new();
        }
        let samples = self.samples(line);
        let last = samples.len() - 1;
        let mut out = Vec::new();
        for (a, b) in Self::land_runs(&samples) {
            let (ka, kb) = (a.saturating_sub(1), (b + 1).min(last));
            let (from, to) = (samples[ka].0, samples[kb].0);
            let along = (ka..kb)
                .map(|k| super::layout::dist(samples[k].0, samples[k + 1].0))
                .sum::<f32>();
            let joined = a > 0
                && b < last
                && self
                    .search(from, to, ((along / self.cell) as usize).max(20), true)
                    .is_some_and(|w| {
                        let len: f32 = w
                            .windows(2)
                            .map(|p| super::layout::dist(p[0].0, p[1].0))
                            .sum();
                        len <= 3.0 * along + 4.0 * self.cell
                    });
            if !joined {
                out.push(samples[ka..=kb].iter().map(|s| s.0).collect());
            }
        }
        out
    }

    /// Length (px) of `line` over land.
    #[cfg(test)]
    pub fn land_px(&self, line: &[(f32, f32)]) -> f32 {
        let s = self.samples(line);
        s.windows(2)
            .filter(|p| p[0].2 && p[1].2)
            .map(|p| super::layout::dist(p[0].0, p[1].0))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::Cmd;

    /// A 100 x 60 px frame with a land block in the middle from x 40 to 60 and y
    /// 0 to 40: water round its south end.
    fn block() -> Water {
        let mut land = Path::new();
        land.polyline(
            &[(40.0, -5.0), (60.0, -5.0), (60.0, 40.0), (40.0, 40.0)],
            true,
        );
        Water::new(&land, 100.0, 60.0, 2.0).unwrap()
    }

    #[test]
    fn a_line_over_land_goes_round_it_by_water() {
        let w = block();
        let line = [(10.0, 20.0), (90.0, 20.0)];
        assert!(w.land_px(&line) > 15.0);
        let fitted = w.refit(&line);
        assert_eq!(fitted.first(), Some(&(10.0, 20.0)));
        assert_eq!(fitted.last(), Some(&(90.0, 20.0)));
        assert_eq!(w.land_px(&fitted), 0.0, "{fitted:?}");
        // Round the block's south end (y 40), not far beyond it.
        let low = fitted.iter().map(|p| p.1).fold(0.0f32, f32::max);
        assert!((40.0..48.0).contains(&low), "{low}");
        // A line on water is left as it is.
        let sea = [(10.0, 50.0), (90.0, 55.0)];
        assert_eq!(w.refit(&sea), sea.to_vec());
    }

    #[test]
    fn a_line_starting_on_land_reaches_the_water_by_the_shortest_crossing() {
        let w = block();
        // Starts 4 px inside the block's west side, runs east over all of it.
        let line = [(44.0, 10.0), (90.0, 10.0)];
        let fitted = w.refit(&line);
        assert_eq!(fitted[0], (44.0, 10.0));
        let over = w.land_px(&fitted);
        assert!(over <= 6.0, "{over} px over land: {fitted:?}");
    }

    #[test]
    fn channels_the_coast_shows_open_are_dropped_and_others_kept() {
        let w = block();
        // A channel cutting the block's corner has water round it: shown.
        assert!(w.unshown(&[(30.0, 30.0), (50.0, 45.0)]).is_empty());
        // One ending inside the land: the stretch from the water kept.
        let kept = w.unshown(&[(20.0, 10.0), (50.0, 10.0)]);
        assert_eq!(kept.len(), 1);
        assert!((kept[0][0].0 - 39.0).abs() <= 1.0, "{kept:?}");
        assert_eq!(kept[0].last(), Some(&(50.0, 10.0)));
    }

    /// The drawn sea legs' length over the detailed land, in px, outside the stop
    /// markers (which cover a port's first pixels), read off the rendered basemap:
    /// a leg pixel counts when the basemap under it is land-coloured (not coast,
    /// not water). Per leg end on land, the shortest way to the water is allowed.
    fn land_under_legs(scene: &crate::render::scene::Scene) -> (f32, f32) {
        use crate::render::scene::{Item, Scene, Tag};
        let pal = crate::render::style::Palette::of(crate::render::style::Theme::Light);
        let base: Vec<Item> = scene
            .items()
            .iter()
            .filter(|it| {
                matches!(it, Item::Group { name, .. } if *name == "basemap" || *name == "water")
            })
            .cloned()
            .collect();
        let pm = crate::render::png::rasterize(&Scene {
            width_px: scene.width_px(),
            height_px: scene.height_px(),
            dpi: 96.0,
            background: pal.sea,
            title: String::new(),
            items: base,
            stop_place_ids: Vec::new(),
        })
        .unwrap();
        let land = |x: f32, y: f32| {
            if x < 0.0 || y < 0.0 {
                return false;
            }
            pm.pixel(x as u32, y as u32).is_some_and(|c| {
                (i32::from(c.red()) - i32::from(pal.land.r)).abs() < 6
                    && (i32::from(c.green()) - i32::from(pal.land.g)).abs() < 6
                    && (i32::from(c.blue()) - i32::from(pal.land.b)).abs() < 6
            })
        };
        let bbox = |p: &Path| {
            let mut b = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            for c in p.cmds() {
                if let Cmd::Move(x, y) | Cmd::Line(x, y) | Cmd::Cubic(_, _, _, _, x, y) = *c {
                    b = (b.0.min(x), b.1.min(y), b.2.max(x), b.3.max(y));
                }
            }
            b
        };
        let (mut lines, mut stops) = (Vec::new(), Vec::new());
        for it in scene.items() {
            let Item::Group { name, items } = it else {
                continue;
            };
            for t in items {
                let Item::Tagged { tag, items } = t else {
                    continue;
                };
                let first = items.iter().find_map(|i| match i {
                    Item::Path {
                        path, fill: None, ..
                    } => Some(path),
                    _ => None,
                });
                match (tag, *name, first) {
                    (Tag::Leg { .. }, "routes", Some(p)) => lines.push(p.clone()),
                    (Tag::Stop { .. }, "stops", _) => {
                        if let Some(Item::Path { path, .. }) = items.first() {
                            let b = bbox(path);
                            stops.push(((b.0 + b.2) / 2.0, (b.1 + b.3) / 2.0, (b.2 - b.0) / 2.0));
                        }
                    }
                    _ => {}
                }
            }
        }
        let sea = |x: f32, y: f32| {
            pm.pixel(x as u32, y as u32).is_some_and(|c| {
                (i32::from(c.red()) - i32::from(pal.sea.r)).abs() < 6
                    && (i32::from(c.green()) - i32::from(pal.sea.g)).abs() < 6
                    && (i32::from(c.blue()) - i32::from(pal.sea.b)).abs() < 6
            })
        };
        // Distance from a stop on land to the nearest sea-coloured pixel.
        let to_water = |(x, y, _): (f32, f32, f32)| {
            if !land(x, y) {
                return 0.0f32;
            }
            let mut best = f32::MAX;
            for dy in -200i32..=200 {
                for dx in -200i32..=200 {
                    let (px, py) = (x + dx as f32, y + dy as f32);
                    if px >= 0.0
                        && py >= 0.0
                        && px < scene.width_px() as f32
                        && py < scene.height_px() as f32
                        && sea(px, py)
                    {
                        best = best.min(((dx * dx + dy * dy) as f32).sqrt());
                    }
                }
            }
            best
        };
        let allowed: f32 = stops.iter().map(|&s| to_water(s)).sum();
        let mut over = 0.0f32;
        for p in &lines {
            let mut prev: Option<(f32, f32)> = None;
            for c in p.cmds() {
                match *c {
                    Cmd::Move(x, y) => prev = Some((x, y)),
                    Cmd::Line(x, y) => {
                        if let Some(a) = prev {
                            let len = crate::render::layout::dist(a, (x, y));
                            let n = (len / 0.5).ceil().max(1.0) as usize;
                            for k in 0..n {
                                let t = (k as f32 + 0.5) / n as f32;
                                let q = (a.0 + t * (x - a.0), a.1 + t * (y - a.1));
                                let hidden = stops.iter().any(|&(sx, sy, r)| {
                                    crate::render::layout::dist(q, (sx, sy)) <= r + 2.0
                                });
                                if !hidden && land(q.0, q.1) {
                                    over += len / n as f32;
                                }
                            }
                        }
                        prev = Some((x, y));
                    }
                    _ => {}
                }
            }
        }
        (over, allowed)
    }

    /// Port-scale maps (frames of 10-70 km) of real straits, rivers and ports:
    /// before this module their sea legs crossed the detailed land; now only a
    /// port on land has a crossing, no longer than its way to the water plus a
    /// few pixels.
    #[test]
    fn port_scale_sea_legs_keep_off_the_detailed_land() {
        let layout = crate::render::Layout {
            width_px: 1280,
            height_px: 720,
            ..crate::render::Layout::default()
        };
        let mut report = Vec::new();
        let mut faults = Vec::new();
        for name in [
            "bosporus",
            "istanbul-izmit",
            "kerch",
            "rotterdam",
            "hamburg",
            "singapore",
        ] {
            let path = format!("tests/data/portscale/{name}.toml");
            let doc = crate::load(
                &crate::spec::Source::open(&path).unwrap(),
                &crate::Options::default(),
            )
            .unwrap();
            OFF.with(|o| o.set(true));
            let (before, _) =
                land_under_legs(&crate::render::draw::compose_all(&doc, &layout).scene);
            OFF.with(|o| o.set(false));
            let (after, allowed) =
                land_under_legs(&crate::render::draw::compose_all(&doc, &layout).scene);
            report.push(format!(
                "{name}: before {before:.0} px, after {after:.0} px (allowed {allowed:.0})"
            ));
            if after > allowed + 4.0 {
                faults.push(name);
            }
        }
        eprintln!("{}", report.join("\n"));
        assert!(faults.is_empty(), "{faults:?}\n{}", report.join("\n"));
    }
}
