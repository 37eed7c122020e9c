//! The land mask: Natural Earth 10m land rasterised at one arc-minute, stored as sorted
//! land runs per row and read in place from the embedded bytes (nothing is decoded at
//! load). A cell is land when its centre lies inside a Natural Earth land polygon.

use crate::model::LonLat;

/// Cells per degree of latitude and longitude (one arc-minute cells).
pub const CELLS_PER_DEG: f64 = 60.0;
/// Rows of the grid, south to north.
pub const ROWS: usize = 180 * 60;
/// Columns of the grid, west to east from 180W.
pub const COLS: usize = 360 * 60;
/// Kilometres per arc-minute of latitude (one nautical mile, by definition).
pub const KM_PER_CELL_LAT: f64 = 1.852;

/// The one arc-minute land mask, borrowed from embedded bytes.
#[derive(Debug, Clone, Copy)]
pub struct LandGrid {
    offsets: &'static [u8],
    runs: &'static [u8],
}

impl LandGrid {
    /// Checks the header and sizes of `land.bin` (see scripts/build_sea.py).
    pub fn from_bytes(bytes: &'static [u8]) -> Result<LandGrid, String> {
        let header = bytes.get(..16).ok_or("land mask shorter than its header")?;
        if &header[..4] != b"SEAL" {
            return Err("land mask has the wrong magic".to_owned());
        }
        let word = |i: usize| {
            u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]) as usize
        };
        let (rows, cols, n_runs) = (word(4), word(8), word(12));
        if rows != ROWS || cols != COLS {
            return Err(format!(
                "land mask is {rows}x{cols}, expected {ROWS}x{COLS}"
            ));
        }
        let off_len = (rows + 1) * 4;
        let offsets = bytes
            .get(16..16 + off_len)
            .ok_or("land mask offsets cut short")?;
        let runs = bytes
            .get(16 + off_len..16 + off_len + n_runs * 2)
            .ok_or("land mask runs cut short")?;
        let grid = LandGrid { offsets, runs };
        if grid.offset(rows) != n_runs || (0..rows).any(|r| grid.offset(r) > grid.offset(r + 1)) {
            return Err("land mask row offsets are inconsistent".to_owned());
        }
        Ok(grid)
    }

    fn offset(&self, row: usize) -> usize {
        let i = row * 4;
        u32::from_le_bytes([
            self.offsets[i],
            self.offsets[i + 1],
            self.offsets[i + 2],
            self.offsets[i + 3],
        ]) as usize
    }

    fn run(&self, i: usize) -> usize {
        u16::from_le_bytes([self.runs[2 * i], self.runs[2 * i + 1]]) as usize
    }

    /// Whether the cell at `row`, `col` is land. Out-of-range rows count as land.
    pub fn is_land_cell(&self, row: usize, col: usize) -> bool {
        self.span_at(row, col).0
    }

    /// Whether a point lies on land.
    pub fn is_land(&self, p: LonLat) -> bool {
        let (r, c) = cell_of(p.lon(), p.lat());
        self.is_land_cell(r, c)
    }

    /// How many cells of `row` from column `c0` up to (not including) `c1` are water.
    pub fn water_in_row(&self, row: usize, c0: usize, c1: usize) -> usize {
        let c1 = c1.min(COLS);
        if row >= ROWS || c0 >= c1 {
            return 0;
        }
        // one search for the stretch holding `c0`, then the boundaries in order
        let (lo, hi) = (self.offset(row), self.offset(row + 1));
        let mut k = self.boundaries_upto(lo, hi, c0);
        let (mut water, mut c) = (0, c0);
        while c < c1 {
            let end = if lo + k == hi { COLS } else { self.run(lo + k) }.min(c1);
            if k.is_multiple_of(2) {
                water += end - c;
            }
            c = end;
            k += 1;
        }
        water
    }

    /// How many of a row's boundaries (`runs[lo..hi]`) lie at or before `col`.
    fn boundaries_upto(&self, lo: usize, hi: usize, col: usize) -> usize {
        let (mut a, mut b) = (0usize, hi - lo);
        while a < b {
            let mid = (a + b) / 2;
            if self.run(lo + mid) <= col {
                a = mid + 1;
            } else {
                b = mid;
            }
        }
        a
    }

    /// The maximal stretch of one kind (land or water) around `col` in `row`:
    /// (is land, first column, one past the last column).
    pub(super) fn span_at(&self, row: usize, col: usize) -> (bool, usize, usize) {
        if row >= ROWS {
            return (true, 0, COLS);
        }
        let (lo, hi) = (self.offset(row), self.offset(row + 1));
        // boundaries b0 < b1 < ... alternate water|land: land is [b0, b1), [b2, b3), ...
        // count the boundaries at or before col
        let a = self.boundaries_upto(lo, hi, col);
        let start = if a == 0 { 0 } else { self.run(lo + a - 1) };
        let end = if a == hi - lo { COLS } else { self.run(lo + a) };
        (a % 2 == 1, start, end)
    }

    /// Walks the cells the straight lon/lat segment from `a` to `b` passes through (the
    /// short way round the antimeridian), in order, calling `visit` with each cell's
    /// land flag and the segment's parameter range `t0..t1` (0 at `a`, 1 at `b`) inside
    /// it; stops when `visit` says so. Exact cell traversal (Amanatides and Woo), with
    /// the runs of the last row looked up remembered, so a walk over open water costs a
    /// few operations a cell.
    fn walk(&self, a: LonLat, b: LonLat, mut visit: impl FnMut(bool, f64, f64, f64, f64) -> bool) {
        let (ax, ay) = (a.lon(), a.lat());
        let bx = unwrap_lon(ax, b.lon());
        let by = b.lat();
        let (x0, y0) = ((ax + 180.0) * CELLS_PER_DEG, (ay + 90.0) * CELLS_PER_DEG);
        let (x1, y1) = ((bx + 180.0) * CELLS_PER_DEG, (by + 90.0) * CELLS_PER_DEG);
        let (dx, dy) = (x1 - x0, y1 - y0);
        let (mut cx, mut cy) = (x0.floor() as i64, y0.floor() as i64);
        let (ex, ey) = (x1.floor() as i64, y1.floor() as i64);
        let axis = |d: f64, c: i64, p0: f64| -> (i64, f64, f64) {
            if d > 0.0 {
                (1, (c as f64 + 1.0 - p0) / d, 1.0 / d)
            } else if d < 0.0 {
                (-1, (p0 - c as f64) / -d, -1.0 / d)
            } else {
                (0, f64::INFINITY, f64::INFINITY)
            }
        };
        let (sx, mut tx, dtx) = axis(dx, cx, x0);
        let (sy, mut ty, dty) = axis(dy, cy, y0);
        let steps = (ex - cx).unsigned_abs() + (ey - cy).unsigned_abs();
        // the runs around the last cell looked up: (row, is land, first, end column)
        let mut known: Option<(usize, bool, usize, usize)> = None;
        let mut t0 = 0.0;
        for _ in 0..=steps {
            let row = cy.clamp(0, ROWS as i64 - 1) as usize;
            let col = cx.rem_euclid(COLS as i64) as usize;
            let land = match known {
                Some((r, land, lo, hi)) if r == row && (lo..hi).contains(&col) => land,
                _ => {
                    let (land, lo, hi) = self.span_at(row, col);
                    known = Some((row, land, lo, hi));
                    land
                }
            };
            let t1 = tx.min(ty).min(1.0);
            let tm = (t0 + t1) * 0.5;
            if !visit(land, t0, t1, ax + tm * (bx - ax), ay + tm * (by - ay)) {
                return;
            }
            if t1 >= 1.0 {
                // an end exactly on a cell edge lies in the next cell, which the walk
                // reaches with no length left: look at it too, as a point check would
                if (cx, cy) != (ex, ey) {
                    let (row, col) = (
                        ey.clamp(0, ROWS as i64 - 1) as usize,
                        ex.rem_euclid(COLS as i64) as usize,
                    );
                    visit(self.is_land_cell(row, col), 1.0, 1.0, bx, by);
                }
                return;
            }
            t0 = t1;
            if tx < ty {
                cx += sx;
                tx += dtx;
            } else {
                cy += sy;
                ty += dty;
            }
        }
    }

    /// The longest stretch over land, in km, along the straight lon/lat segment from
    /// `a` to `b` (the short way round the antimeridian), leaving out cells for which
    /// `allowed` says yes at the middle of the segment's way through them. Water
    /// shorter than [`WATER_GAP_KM`] does not end a stretch: a line that clips the
    /// corner of a water cell for a few metres is still crossing land.
    ///
    /// # Units
    /// Kilometres.
    pub fn land_run_km(&self, a: LonLat, b: LonLat, allowed: impl Fn(f64, f64) -> bool) -> f64 {
        let length_km = approx_km(a.lon(), a.lat(), unwrap_lon(a.lon(), b.lon()), b.lat());
        let mut runs = LandRuns::new(length_km);
        self.walk(a, b, |land, t0, t1, x, y| {
            runs.step(land && !allowed(wrap_lon(x), y), t0, t1);
            true
        });
        runs.longest()
    }

    /// The land, in km, the straight segment from `a` to `b` crosses outside the
    /// cells `allowed` says yes to (at the middle of the segment's way through them),
    /// leaving out its first stretch over land when `skip_first` and its last when
    /// `skip_last`: the ground an end on land (or in a pocket of water the grid cuts
    /// off) must cross to reach its water is the end's own. Water shorter than
    /// [`WATER_GAP_KM`] does not end a stretch.
    ///
    /// # Units
    /// Kilometres.
    pub fn land_past_ends_km(
        &self,
        a: LonLat,
        b: LonLat,
        skip_first: bool,
        skip_last: bool,
        allowed: impl Fn(f64, f64) -> bool,
    ) -> f64 {
        self.land_stretches(a, b, allowed)
            .past_ends_km(skip_first, skip_last)
    }

    /// The stretches over land along the straight segment from `a` to `b`, outside
    /// the cells `allowed` says yes to, as [`LandGrid::land_run_km`] and
    /// [`LandGrid::land_past_ends_km`] see them: one walk for callers that ask both.
    pub fn land_stretches(
        &self,
        a: LonLat,
        b: LonLat,
        allowed: impl Fn(f64, f64) -> bool,
    ) -> LandStretches {
        self.stretches_while(a, b, allowed, |_| true)
    }

    /// Whether the straight segment from `a` to `b` crosses land (outside the cells
    /// `allowed` says yes to) only in stretches shorter than `longest_km`, and at
    /// most `past_km` of it past the ends' own ground: the same answer as
    /// `longest_km() < longest_km && past_ends_km(skip_first, skip_last) <= past_km`
    /// on [`LandGrid::land_stretches`], but the walk stops at the first cell that
    /// makes it no. Both measures only grow along the walk (a stretch lengthens or
    /// a new one starts, and the stretch last so far is left out by `skip_last` as
    /// the line's last would be; a sum of more or longer lengths, never negative,
    /// rounds no lower), so a measure past its limit part of the way is past it at
    /// the end. A leg's end tries a dozen straight links to nodes, most of them
    /// across land near the end, and the walks on to the nodes were a tenth of a
    /// route.
    #[allow(clippy::too_many_arguments)]
    pub fn little_land(
        &self,
        a: LonLat,
        b: LonLat,
        allowed: impl Fn(f64, f64) -> bool,
        longest_km: f64,
        past_km: f64,
        skip_first: bool,
        skip_last: bool,
    ) -> bool {
        let within = |s: &LandStretches| {
            s.longest_km() < longest_km && s.past_ends_km(skip_first, skip_last) <= past_km
        };
        within(&self.stretches_while(a, b, allowed, within))
    }

    /// The stretches over land along the segment as far as the walk goes: to the
    /// end, or to the first land cell after which `go_on` says no to the stretches
    /// so far.
    fn stretches_while(
        &self,
        a: LonLat,
        b: LonLat,
        allowed: impl Fn(f64, f64) -> bool,
        go_on: impl Fn(&LandStretches) -> bool,
    ) -> LandStretches {
        let mut stretches = LandStretches {
            length_km: approx_km(a.lon(), a.lat(), unwrap_lon(a.lon(), b.lon()), b.lat()),
            runs: Vec::new(),
        };
        self.walk(a, b, |land, t0, t1, x, y| {
            if !land || allowed(wrap_lon(x), y) {
                return true;
            }
            let length_km = stretches.length_km;
            match stretches.runs.last_mut() {
                Some(run) if (t0 - run.1) * length_km < WATER_GAP_KM => run.1 = t1,
                _ => stretches.runs.push((t0, t1)),
            }
            go_on(&stretches)
        });
        stretches
    }

    /// Whether the straight segment from `a` to `b` stays off land entirely.
    pub fn clear(&self, a: LonLat, b: LonLat) -> bool {
        let mut clear = true;
        self.walk(a, b, |land, _, _, _, _| {
            clear = !land;
            clear
        });
        clear
    }
}

/// The stretches over land along a line (see [`LandGrid::land_stretches`]), water
/// under [`WATER_GAP_KM`] bridged.
pub struct LandStretches {
    length_km: f64,
    /// Each stretch as (start, end) in the line's parameter (0 at its start, 1 at
    /// its end), in order.
    runs: Vec<(f64, f64)>,
}

impl LandStretches {
    /// The longest stretch, km: [`LandGrid::land_run_km`].
    pub fn longest_km(&self) -> f64 {
        self.runs
            .iter()
            .map(|&(t0, t1)| (t1 - t0) * self.length_km)
            .fold(0.0, f64::max)
    }

    /// The land past the first stretch when `skip_first` and the last when
    /// `skip_last`, km: [`LandGrid::land_past_ends_km`].
    pub fn past_ends_km(&self, skip_first: bool, skip_last: bool) -> f64 {
        let n = self.runs.len();
        self.runs
            .iter()
            .enumerate()
            .filter(|&(i, _)| !(skip_first && i == 0 || skip_last && i + 1 == n))
            .map(|(_, &(t0, t1))| (t1 - t0) * self.length_km)
            .sum()
    }
}

/// Water shorter than this along a line does not end a stretch over land.
pub const WATER_GAP_KM: f64 = 0.25;

/// The longest run over land along a line, fed stretch by stretch in order, with
/// water gaps under [`WATER_GAP_KM`] bridged.
struct LandRuns {
    length_km: f64,
    /// Water shorter than this does not end a run ([`WATER_GAP_KM`]; tests vary it).
    gap_km: f64,
    /// Where the current run over land started, and where water interrupted it.
    run: Option<(f64, Option<f64>)>,
    longest: f64,
    end: f64,
}

impl LandRuns {
    fn new(length_km: f64) -> LandRuns {
        LandRuns::with_gap(length_km, WATER_GAP_KM)
    }

    fn with_gap(length_km: f64, gap_km: f64) -> LandRuns {
        LandRuns {
            length_km,
            gap_km,
            run: None,
            longest: 0.0,
            end: 0.0,
        }
    }

    /// The stretch `t0..t1` of the line (0 at its start, 1 at its end) is land or not.
    fn step(&mut self, land: bool, t0: f64, t1: f64) {
        self.end = t1;
        self.run = match (self.run, land) {
            (None, true) => Some((t0, None)),
            (None, false) => None,
            (Some((start, _)), true) => Some((start, None)),
            (Some((start, water)), false) => {
                let water = water.unwrap_or(t0);
                if (t1 - water) * self.length_km >= self.gap_km {
                    self.longest = self.longest.max((water - start) * self.length_km);
                    None
                } else {
                    Some((start, Some(water)))
                }
            }
        };
    }

    fn longest(&self) -> f64 {
        match self.run {
            Some((start, water)) => {
                let stop = water.unwrap_or(self.end);
                self.longest.max((stop - start) * self.length_km)
            }
            None => self.longest,
        }
    }
}

/// The cell holding a point; longitudes wrap, latitudes clamp.
pub fn cell_of(lon: f64, lat: f64) -> (usize, usize) {
    let c = ((wrap_lon(lon) + 180.0) * CELLS_PER_DEG).floor() as i64;
    let r = ((lat + 90.0) * CELLS_PER_DEG).floor() as i64;
    (
        r.clamp(0, ROWS as i64 - 1) as usize,
        c.clamp(0, COLS as i64 - 1) as usize,
    )
}

/// The centre of a cell.
pub fn centre(row: usize, col: usize) -> LonLat {
    LonLat::wrapped(
        (col as f64 + 0.5) / CELLS_PER_DEG - 180.0,
        (row as f64 + 0.5) / CELLS_PER_DEG - 90.0,
    )
}

/// `lon` moved by 360 degrees so that it lies within 180 of `from`.
pub fn unwrap_lon(from: f64, lon: f64) -> f64 {
    let d = lon - from;
    if d > 180.0 {
        lon - 360.0
    } else if d < -180.0 {
        lon + 360.0
    } else {
        lon
    }
}

/// A longitude folded into -180..180.
pub fn wrap_lon(lon: f64) -> f64 {
    (lon + 180.0).rem_euclid(360.0) - 180.0
}

/// Equirectangular distance for short steps (grid moves, sampling), in km.
pub fn approx_km(ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    approx_km_scaled(ax, ay, bx, by, mid_cos(ay, by))
}

/// The cosine [`approx_km`] scales longitude by: that of the latitude midway.
pub fn mid_cos(ay: f64, by: f64) -> f64 {
    ((ay + by) * 0.5).to_radians().cos()
}

/// [`approx_km`] with its cosine given (`mid_cos(ay, by)`), for searches that meet
/// the same pair of latitudes again and again.
pub fn approx_km_scaled(ax: f64, ay: f64, bx: f64, by: f64, cos: f64) -> f64 {
    let k = KM_PER_CELL_LAT * CELLS_PER_DEG;
    let dx = (bx - ax) * cos;
    (dx * dx + (by - ay) * (by - ay)).sqrt() * k
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> LandGrid {
        LandGrid::from_bytes(super::super::LAND_BIN).unwrap()
    }

    fn ll(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn continents_are_land_and_oceans_are_water() {
        let g = grid();
        for (lon, lat) in [
            (2.35, 48.85),
            (-100.0, 40.0),
            (20.0, 0.0),
            (135.0, -25.0),
            (100.0, 60.0),
        ] {
            assert!(g.is_land(ll(lon, lat)), "{lon},{lat}");
        }
        for (lon, lat) in [
            (-30.0, 30.0),
            (-150.0, 0.0),
            (70.0, -20.0),
            (179.9, 0.0),
            (-179.9, 50.0),
        ] {
            assert!(!g.is_land(ll(lon, lat)), "{lon},{lat}");
        }
    }

    #[test]
    fn antimeridian_land_is_land_on_both_sides() {
        let g = grid();
        // Chukotka runs across 180 near 66N; Wrangel Island too near 71N.
        assert!(g.is_land(ll(179.5, 67.0)));
        assert!(g.is_land(ll(-179.5, 67.0)));
        assert!(g.is_land(ll(-179.8, 71.2)));
    }

    #[test]
    fn a_segment_across_a_peninsula_has_a_land_run() {
        let g = grid();
        // Across Italy from the Tyrrhenian to the Adriatic: over 100 km of land.
        let run = g.land_run_km(ll(11.0, 42.0), ll(15.0, 42.5), |_, _| false);
        assert!(run > 100.0, "{run}");
        assert!(g.clear(ll(-30.0, 30.0), ll(-20.0, 35.0)));
        assert!(!g.clear(ll(11.0, 42.0), ll(15.0, 42.5)));
    }

    /// The longest land run by dense sampling (forty samples a cell, each standing for
    /// an equal share of the line), for comparison.
    fn sampled_land_run_km(g: &LandGrid, a: LonLat, b: LonLat, gap_km: f64) -> f64 {
        let (ax, ay) = (a.lon(), a.lat());
        let (bx, by) = (unwrap_lon(ax, b.lon()), b.lat());
        let km = approx_km(ax, ay, bx, by);
        let n =
            (((bx - ax).abs().max((by - ay).abs()) * CELLS_PER_DEG * 40.0).ceil() as usize).max(1);
        let mut runs = LandRuns::with_gap(km, gap_km);
        for i in 0..=n {
            let (t0, t1) = (i as f64 / (n + 1) as f64, (i + 1) as f64 / (n + 1) as f64);
            let f = i as f64 / n as f64;
            let (r, c) = cell_of(ax + f * (bx - ax), ay + f * (by - ay));
            runs.step(g.is_land_cell(r, c), t0, t1);
        }
        runs.longest()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The water of a stretch of a row, counted over its runs, is the number of
        /// its cells that are not land (rows on coasts at every latitude, stretches
        /// up to a few hundred cells, and past the last column).
        #[test]
        fn water_in_row_counts_the_water_cells(
            row in 0usize..ROWS, c0 in 0usize..COLS, len in 0usize..400,
        ) {
            let g = grid();
            let want = (c0..(c0 + len).min(COLS)).filter(|&c| !g.is_land_cell(row, c)).count();
            proptest::prop_assert_eq!(g.water_in_row(row, c0, c0 + len), want);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// The longest of one walk's stretches is the longest run `LandRuns` finds
        /// as the walk goes (two ways of bridging short water, which must agree:
        /// callers take both measures from one walk); lines up to a few hundred km,
        /// with and without cells allowed.
        #[test]
        fn land_stretches_agree_with_the_longest_run(
            lon in -180.0f64..180.0, lat in -70.0f64..70.0,
            dlon in -3.0f64..3.0, dlat in -2.0f64..2.0,
        ) {
            let g = grid();
            let a = LonLat::wrapped(lon, lat);
            let b = LonLat::wrapped(lon + dlon, lat + dlat);
            // cells west of the line's middle allowed, as a narrows box might be
            let mid = lon + dlon / 2.0;
            let allowed = |x: f64, _: f64| unwrap_lon(mid, x) < mid;
            for with_allowed in [false, true] {
                let ok = |x: f64, y: f64| with_allowed && allowed(x, y);
                let land = g.land_stretches(a, b, ok);
                proptest::prop_assert_eq!(land.longest_km(), g.land_run_km(a, b, ok));
            }
        }

        /// The walk that stops early answers as the whole walk's measures do, for
        /// limits on either side of the line's own (the limits a link uses, and
        /// each measure itself, where a rounding would tell).
        #[test]
        fn little_land_agrees_with_the_whole_walk(
            lon in -180.0f64..180.0, lat in -70.0f64..70.0,
            dlon in -3.0f64..3.0, dlat in -2.0f64..2.0,
            skip_first: bool, skip_last: bool,
        ) {
            let g = grid();
            let a = LonLat::wrapped(lon, lat);
            let b = LonLat::wrapped(lon + dlon, lat + dlat);
            let no = |_: f64, _: f64| false;
            let land = g.land_stretches(a, b, no);
            let (longest, past) = (land.longest_km(), land.past_ends_km(skip_first, skip_last));
            for (lim_longest, lim_past) in [
                (2.0, 0.25),
                (longest, past),
                (longest + 1e-9, past),
                (longest, past - 1e-9),
                (f64::INFINITY, past),
                (longest + 1.0, f64::INFINITY),
            ] {
                proptest::prop_assert_eq!(
                    g.little_land(a, b, no, lim_longest, lim_past, skip_first, skip_last),
                    longest < lim_longest && past <= lim_past
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The exact cell walk agrees with dense sampling, on coasts and across the
        /// antimeridian.
        #[test]
        fn cell_walk_agrees_with_sampling(
            lon in -180.0f64..180.0, lat in -70.0f64..70.0,
            dlon in -1.5f64..1.5, dlat in -1.0f64..1.0,
        ) {
            walk_agrees_with_sampling(lon, lat, dlon, dlat)?;
        }
    }

    /// Lines where a water gap of about WATER_GAP_KM split a run under sampling and
    /// not under the exact walk (found by the property test above, in Glacier Bay
    /// and the Seto Inland Sea).
    #[test]
    fn gaps_at_the_threshold_are_bracketed() {
        for (lon, lat, dlon, dlat) in [
            (
                -135.81917412348224,
                58.14394588289361,
                -1.4253783984715602,
                -0.9394418740947968,
            ),
            (132.284, 34.154, -1.097, -0.344),
        ] {
            walk_agrees_with_sampling(lon, lat, dlon, dlat).unwrap();
        }
    }

    fn walk_agrees_with_sampling(
        lon: f64,
        lat: f64,
        dlon: f64,
        dlat: f64,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        {
            let g = grid();
            let a = LonLat::wrapped(lon, lat);
            let b = LonLat::wrapped(lon + dlon, lat + dlat);
            let exact = g.land_run_km(a, b, |_, _| false);
            // sampling misses up to a fortieth of a cell at each end of a run
            let cell_km = approx_km(a.lon(), a.lat(), unwrap_lon(a.lon(), b.lon()), b.lat())
                / ((dlon.abs().max(dlat.abs()) * CELLS_PER_DEG).max(1.0));
            // and so measures a water gap up to two samples long or short: a gap
            // within that of WATER_GAP_KM may be bridged by one method and not the
            // other, joining or splitting whole runs. Sampling with the threshold
            // moved by that much either way brackets what the exact walk may find.
            let slack_km = cell_km / 20.0;
            let short = sampled_land_run_km(&g, a, b, (WATER_GAP_KM - slack_km).max(0.0));
            let long = sampled_land_run_km(&g, a, b, WATER_GAP_KM + slack_km);
            let tol = cell_km * 0.1 + 1e-6;
            proptest::prop_assert!(
                exact >= short.min(long) - tol && exact <= short.max(long) + tol,
                "exact {exact} sampled {short}..{long}"
            );
            proptest::prop_assert_eq!(g.clear(a, b), exact == 0.0 && !g.is_land(a));
        }
        Ok(())
    }

    #[test]
    fn an_end_on_a_cell_edge_is_looked_at() {
        let g = grid();
        // whole-degree points on land whose western neighbour cell is water: a line
        // along the parallel from that water cell ends exactly on the land cell's edge
        let mut found = 0;
        for lat in -60..70 {
            for lon in -179..180 {
                let b = ll(lon as f64, lat as f64);
                let (r, c) = cell_of(b.lon(), b.lat());
                if !g.is_land(b) || g.is_land_cell(r, c - 1) {
                    continue;
                }
                let a = ll(lon as f64 - 0.01, lat as f64);
                assert!(!g.clear(a, b), "{a} to {b}");
                assert!(!g.clear(b, a), "{b} to {a}");
                found += 1;
            }
        }
        assert!(found > 10, "{found}");
    }

    #[test]
    fn cells_wrap_and_clamp() {
        assert_eq!(cell_of(-180.0, -90.0), (0, 0));
        assert_eq!(cell_of(180.0, 90.0), (ROWS - 1, 0));
        assert_eq!(unwrap_lon(179.0, -179.0), 181.0);
        assert_eq!(wrap_lon(181.0), -179.0);
    }

    #[test]
    fn bad_bytes_are_refused() {
        assert!(LandGrid::from_bytes(b"SEAL").is_err());
        assert!(LandGrid::from_bytes(b"XXXX000000000000").is_err());
    }
}
