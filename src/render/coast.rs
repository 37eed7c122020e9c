//! The port-scale coastline: GSHHG full resolution (Debian `gmt-gshhg-full` 2.3.7),
//! cut into 0.25-degree tiles around the world's ports and the sea network's coastal
//! nodes by `scripts/build_basemap.py`. Maps whose frame is under
//! [`DETAIL_KM`] wide draw it instead of (or, where tiles are missing, over) the
//! Natural Earth 1:10m land, so quays, moles and harbour mouths show.
//!
//! File format (little endian): `SMCT`, u32 version (1), u32 tile size in grid
//! units, u32 columns, u32 rows, u32 tile count; then per tile 12 bytes sorted by
//! id: u32 id (row * columns + column; row 0 starts at 90S, column 0 at 180W),
//! u32 byte offset (from the start of the data), u32 byte length; then the data.
//! A tile's data, compressed on its own (raw deflate): varint ring count, then per ring a varint point count and the
//! points as zigzag varint deltas of the grid coordinates, the first from the
//! tile's south-west corner. The grid is 1e-4 degree from (180W, 90S). Rings are
//! the GSHHG shorelines of every level (land, lakes, islands in lakes, ponds)
//! clipped to the tile, so an even-odd fill of a tile's rings is its land; a tile
//! inside land holds its own square, a tile of open sea holds no ring. Only the
//! tiles a frame meets are decoded.

use super::basemap::{unzigzag, varint};
use super::draw::{project_line, Pen};
use super::project::{Extent, View};
use super::scene::{Fill, FillRule, Item, Path, Stroke};

/// Frames narrower than this (km) draw the full-resolution coastline where it is
/// embedded.
pub(super) const DETAIL_KM: f64 = 200.0;

/// Frames narrower than this (km) are finer than even the full-resolution
/// coastline can show (GSHHG full is drawn from 1:250,000 charts: its points are
/// about 100 m apart and good to a few hundred metres); the credits say so.
pub(super) const DETAIL_FINE_KM: f64 = 8.0;

/// Frames narrower than this (km) are finer than the Natural Earth 1:10m coastline
/// can show.
pub(super) const COARSE_FINE_KM: f64 = 40.0;

/// Degrees per grid unit.
const GRID_DEG: f64 = 1e-4;

const HEADER_LEN: usize = 24;
/// No tile inflates to more than this (the largest is under 100 KB).
const MAX_TILE: usize = 4 << 20;
const TILE_LEN: usize = 12;

fn bytes() -> &'static [u8] {
    include_bytes!("../../data/basemap/coast-f.bin")
}

/// Why the embedded coastline could not be read (a build that shipped a bad file).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("full-resolution coastline is damaged: {0}")]
pub struct CoastError(pub &'static str);

/// The tiled full-resolution coastline, borrowed from the binary.
pub(super) struct Coast {
    tile_units: i64,
    cols: u32,
    rows: u32,
    count: usize,
    bytes: &'static [u8],
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// One ring of a tile, in degrees, and for each of its edges whether it is real
/// coastline (false: it runs along the tile's border, where the ring was cut).
pub(super) struct Ring<'a> {
    /// The points, degrees.
    pub pts: &'a [(f64, f64)],
    /// `coast[i]`: the edge from `pts[i]` to `pts[(i + 1) % len]` is shoreline.
    pub coast: &'a [bool],
}

/// The tiles a box meets: how many there are, and how many are embedded.
#[cfg(test)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Coverage {
    /// Tiles the box meets.
    pub tiles: usize,
    /// Of those, the ones in the file.
    pub embedded: usize,
}

/// What a tile of a frame holds, for drawing the frame in one coastline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TileState {
    /// Its full-resolution rings are embedded.
    Embedded,
    /// Not embedded; the 1:10m land has no coast in it and it is sea.
    Sea,
    /// Not embedded; the 1:10m land has no coast in it and it is land.
    Land,
    /// Not embedded, and the 1:10m coast runs through it.
    Coast,
}

/// The tiles a frame meets, row by row from the south-west one, with their state.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    /// Tile column (unwrapped: may lie beyond the grid by whole turns) of the first.
    pub c0: i64,
    /// Tile row of the first.
    pub r0: u32,
    /// Columns.
    pub ncols: usize,
    /// Rows.
    pub nrows: usize,
    /// Row-major states.
    pub states: Vec<TileState>,
    tile_deg: f64,
}

impl Plan {
    /// The state of the tile holding a point (longitude in the frame's window).
    pub fn state_at(&self, lon: f64, lat: f64) -> Option<TileState> {
        let c = ((lon + 180.0) / self.tile_deg).floor() as i64 - self.c0;
        let r = ((lat + 90.0) / self.tile_deg).floor() as i64 - i64::from(self.r0);
        if c < 0 || r < 0 || c as usize >= self.ncols || r as usize >= self.nrows {
            return None;
        }
        self.states
            .get(r as usize * self.ncols + c as usize)
            .copied()
    }

    /// The frame is drawn with the full-resolution coastline: some tile is
    /// embedded and every tile meeting `focus` (the legs' and stops' box) is
    /// embedded or has no coast. Tiles away from it without full-resolution rings
    /// keep the 1:10m coast, which may meet the full-resolution one in a step at
    /// their edge; near the route that step would misdraw the water the route is
    /// on, so there the frame keeps the 1:10m land everywhere.
    pub fn usable_around(&self, focus: &Extent) -> bool {
        if !self.states.contains(&TileState::Embedded) {
            return false;
        }
        let t = self.tile_deg;
        let c = |lon: f64| ((lon + 180.0) / t).floor() as i64 - self.c0;
        let r = |lat: f64| ((lat + 90.0) / t).floor() as i64 - i64::from(self.r0);
        let (ca, cb) = (
            c(focus.lon_min_deg).max(0),
            c(focus.lon_max_deg).min(self.ncols as i64 - 1),
        );
        let (ra, rb) = (
            r(focus.lat_min_deg).max(0),
            r(focus.lat_max_deg).min(self.nrows as i64 - 1),
        );
        for row in ra..=rb {
            for col in ca..=cb {
                if self.states[row as usize * self.ncols + col as usize] == TileState::Coast {
                    return false;
                }
            }
        }
        true
    }
}

impl Coast {
    /// Opens the embedded file: reads the header only.
    pub fn open() -> Result<Coast, CoastError> {
        Coast::from_bytes(bytes())
    }

    fn from_bytes(bytes: &'static [u8]) -> Result<Coast, CoastError> {
        if bytes.get(0..4) != Some(b"SMCT".as_slice()) || u32_at(bytes, 4) != Some(1) {
            return Err(CoastError("not a version 1 SMCT file"));
        }
        let h = |at| u32_at(bytes, at).ok_or(CoastError("short header"));
        let (tile_units, cols, rows, count) = (h(8)?, h(12)?, h(16)?, h(20)? as usize);
        if tile_units == 0 || cols == 0 || rows == 0 {
            return Err(CoastError("empty tile grid"));
        }
        if f64::from(tile_units) * f64::from(cols) * GRID_DEG > 360.0 + 1e-9 {
            return Err(CoastError("tile grid wider than the world"));
        }
        let end = count
            .checked_mul(TILE_LEN)
            .and_then(|n| n.checked_add(HEADER_LEN))
            .ok_or(CoastError("tile count overflows"))?;
        if end > bytes.len() {
            return Err(CoastError("tile table runs past the end"));
        }
        Ok(Coast {
            tile_units: i64::from(tile_units),
            cols,
            rows,
            count,
            bytes,
        })
    }

    fn tile_deg(&self) -> f64 {
        self.tile_units as f64 * GRID_DEG
    }

    fn id_at(&self, i: usize) -> u32 {
        u32_at(self.bytes, HEADER_LEN + i * TILE_LEN).unwrap_or(u32::MAX)
    }

    /// Index in the table of tile `id`, if embedded.
    fn find(&self, id: u32) -> Option<usize> {
        let (mut lo, mut hi) = (0usize, self.count);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.id_at(mid).cmp(&id) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }

    /// The tiles `view` meets, as (table index if embedded, column, row, longitude
    /// shift in whole turns that puts the tile into the view's window).
    fn tiles_in(&self, view: &Extent) -> Vec<(Option<usize>, u32, u32, f64)> {
        let t = self.tile_deg();
        let mut out = Vec::new();
        if !(view.lon_min_deg.is_finite()
            && view.lon_max_deg.is_finite()
            && view.lat_min_deg.is_finite()
            && view.lat_max_deg.is_finite())
            || view.lon_max_deg - view.lon_min_deg > 360.0
        {
            return out;
        }
        let r0 = ((view.lat_min_deg + 90.0) / t).floor().max(0.0) as u32;
        let r1 = (((view.lat_max_deg + 90.0) / t).ceil() as u32).min(self.rows);
        let c0 = ((view.lon_min_deg + 180.0) / t).floor() as i64;
        let c1 = ((view.lon_max_deg + 180.0) / t).ceil() as i64;
        let cols = i64::from(self.cols);
        for r in r0..r1 {
            for c in c0..c1 {
                let col = c.rem_euclid(cols) as u32;
                let shift = (c.div_euclid(cols)) as f64 * 360.0;
                let id = r * self.cols + col;
                out.push((self.find(id), col, r, shift));
            }
        }
        out
    }

    /// Every tile `view` meets with its state: embedded, or else sea, land or
    /// crossed by the coast according to the Natural Earth 1:10m land.
    ///
    /// A map asks for the plan of the same box more than once (framing and the
    /// credits ask whether the route's box is drawn in full detail, the basemap
    /// draws it): the last few plans are kept, by the data they were made from and
    /// the box.
    pub fn plan(&self, view: &Extent) -> Plan {
        type Kept = Vec<((usize, [u64; 4]), Plan)>;
        static KEPT: std::sync::Mutex<Kept> = std::sync::Mutex::new(Vec::new());
        let key = (
            self.bytes.as_ptr() as usize,
            [
                view.lon_min_deg.to_bits(),
                view.lon_max_deg.to_bits(),
                view.lat_min_deg.to_bits(),
                view.lat_max_deg.to_bits(),
            ],
        );
        let kept = || KEPT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, plan)) = kept().iter().find(|(at, _)| *at == key) {
            return plan.clone();
        }
        let plan = self.make_plan(view);
        let mut k = kept();
        if k.len() >= 4 {
            k.remove(0);
        }
        k.push((key, plan.clone()));
        plan
    }

    fn make_plan(&self, view: &Extent) -> Plan {
        let t = self.tile_deg();
        let tiles = self.tiles_in(view);
        let (c0, r0, ncols, nrows) = if tiles.is_empty() {
            (0, 0, 0, 0)
        } else {
            let r0 = ((view.lat_min_deg + 90.0) / t).floor().max(0.0) as u32;
            let r1 = (((view.lat_max_deg + 90.0) / t).ceil() as u32).min(self.rows);
            let c0 = ((view.lon_min_deg + 180.0) / t).floor() as i64;
            let c1 = ((view.lon_max_deg + 180.0) / t).ceil() as i64;
            (c0, r0, (c1 - c0) as usize, (r1 - r0) as usize)
        };
        let mut states: Vec<TileState> = tiles
            .iter()
            .map(|x| {
                if x.0.is_some() {
                    TileState::Embedded
                } else {
                    TileState::Sea
                }
            })
            .collect();
        let mut plan = Plan {
            c0,
            r0,
            ncols,
            nrows,
            states: Vec::new(),
            tile_deg: t,
        };
        if states.len() != ncols * nrows || !states.contains(&TileState::Sea) {
            plan.states = states;
            return plan;
        }
        // The tiles without full-resolution rings: the 1:10m coast crossing them
        // (an edge's box meeting the tile's), and even-odd parity of their
        // centres along a ray to the west. The rings are clipped to a box a little
        // larger than the tiles', so the clip's own edges lie outside every tile.
        let grid_box = Extent {
            lon_min_deg: c0 as f64 * t - 180.0 - 0.05,
            lon_max_deg: (c0 + ncols as i64) as f64 * t - 180.0 + 0.05,
            lat_min_deg: f64::from(r0) * t - 90.0 - 0.05,
            lat_max_deg: f64::from(r0 + nrows as u32) * t - 90.0 + 0.05,
        };
        let mut coast = vec![false; states.len()];
        let mut parity = vec![false; states.len()];
        let col = |lon: f64| ((lon + 180.0) / t).floor() as i64 - c0;
        let row = |lat: f64| ((lat + 90.0) / t).floor() as i64 - i64::from(r0);
        let read = super::basemap::Layer::open(super::basemap::LayerId::Land10m).and_then(|l| {
            l.for_each_in(&grid_box, |ring| {
                for k in 0..ring.len() {
                    let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
                    let (ca, cb) = (col(a.0), col(b.0));
                    let (ra, rb) = (row(a.1), row(b.1));
                    for r in ra.min(rb).max(0)..=ra.max(rb).min(nrows as i64 - 1) {
                        for c in ca.min(cb).max(0)..=ca.max(cb).min(ncols as i64 - 1) {
                            coast[r as usize * ncols + c as usize] = true;
                        }
                    }
                    // Rows whose centre latitude the edge crosses.
                    let (lo, hi) = (a.1.min(b.1), a.1.max(b.1));
                    let first = ((lo + 90.0) / t - 0.5).ceil() as i64 - i64::from(r0);
                    for r in first.max(0)..nrows as i64 {
                        let yc = (f64::from(r0) + r as f64 + 0.5) * t - 90.0;
                        if yc >= hi {
                            break;
                        }
                        if (a.1 > yc) == (b.1 > yc) {
                            continue;
                        }
                        let x = a.0 + (yc - a.1) / (b.1 - a.1) * (b.0 - a.0);
                        // Centres east of the crossing see it on their ray west.
                        for c in 0..ncols {
                            let xc = ((c0 + c as i64) as f64 + 0.5) * t - 180.0;
                            if xc > x {
                                let i = r as usize * ncols + c;
                                parity[i] = !parity[i];
                            }
                        }
                    }
                }
            })
        });
        for (i, s) in states.iter_mut().enumerate() {
            if *s == TileState::Embedded {
                continue;
            }
            *s = if read.is_err() || coast[i] {
                TileState::Coast
            } else if parity[i] {
                TileState::Land
            } else {
                TileState::Sea
            };
        }
        plan.states = states;
        plan
    }

    /// How many of the tiles `view` meets are embedded.
    #[cfg(test)]
    pub fn coverage(&self, view: &Extent) -> Coverage {
        let tiles = self.tiles_in(view);
        Coverage {
            tiles: tiles.len(),
            embedded: tiles.iter().filter(|t| t.0.is_some()).count(),
        }
    }

    /// Calls `square` with the corners of every embedded tile `view` meets
    /// (degrees, shifted into the view's longitude window), then `ring` with each
    /// of their rings.
    pub fn for_each_in(
        &self,
        view: &Extent,
        mut square: impl FnMut([(f64, f64); 4]),
        mut ring: impl FnMut(Ring<'_>),
    ) -> Result<(), CoastError> {
        let data_start = HEADER_LEN + self.count * TILE_LEN;
        let t = self.tile_deg();
        let mut pts: Vec<(f64, f64)> = Vec::new();
        let mut coast: Vec<bool> = Vec::new();
        for (idx, col, row, shift) in self.tiles_in(view) {
            let Some(i) = idx else { continue };
            let at = HEADER_LEN + i * TILE_LEN;
            let off = u32_at(self.bytes, at + 4).ok_or(CoastError("short tile entry"))? as usize;
            let len = u32_at(self.bytes, at + 8).ok_or(CoastError("short tile entry"))? as usize;
            let packed = data_start
                .checked_add(off)
                .and_then(|s| Some(s..s.checked_add(len)?))
                .and_then(|r| self.bytes.get(r))
                .ok_or(CoastError("tile data runs past the end"))?;
            let data = &miniz_oxide::inflate::decompress_to_vec_with_limit(packed, MAX_TILE)
                .map_err(|_| CoastError("tile data does not inflate"))?;
            let (x0, y0) = (
                i64::from(col) * self.tile_units,
                i64::from(row) * self.tile_units,
            );
            let (x1, y1) = (x0 + self.tile_units, y0 + self.tile_units);
            let w = col as f64 * t - 180.0 + shift;
            let s = row as f64 * t - 90.0;
            square([(w, s), (w + t, s), (w + t, s + t), (w, s + t)]);
            let mut pos = 0usize;
            let rings = varint(data, &mut pos).ok_or(CoastError("bad varint"))?;
            for _ in 0..rings {
                let n = varint(data, &mut pos).ok_or(CoastError("bad varint"))? as usize;
                if n > data.len() {
                    return Err(CoastError("ring longer than its tile's data"));
                }
                pts.clear();
                coast.clear();
                let (mut x, mut y) = (x0, y0);
                let mut grid: Vec<(i64, i64)> = Vec::with_capacity(n);
                for _ in 0..n {
                    x += unzigzag(varint(data, &mut pos).ok_or(CoastError("bad varint"))?);
                    y += unzigzag(varint(data, &mut pos).ok_or(CoastError("bad varint"))?);
                    grid.push((x, y));
                    pts.push((
                        x as f64 * GRID_DEG - 180.0 + shift,
                        y as f64 * GRID_DEG - 90.0,
                    ));
                }
                for k in 0..grid.len() {
                    let (a, b) = (grid[k], grid[(k + 1) % grid.len()]);
                    let border = (a.0 == b.0 && (a.0 == x0 || a.0 == x1))
                        || (a.1 == b.1 && (a.1 == y0 || a.1 == y1));
                    coast.push(!border);
                }
                if pts.len() >= 3 {
                    ring(Ring {
                        pts: &pts,
                        coast: &coast,
                    });
                }
            }
        }
        Ok(())
    }
}

/// True when a frame `frame_km` wide showing `area` is finer than the coastline
/// drawn there can show: under [`DETAIL_FINE_KM`] where the full-resolution
/// coastline is drawn around `area` (the route's box, [`Plan::usable_around`]),
/// under [`COARSE_FINE_KM`] elsewhere.
pub(super) fn beyond_detail(frame_km: f64, area: &Extent) -> bool {
    let detailed =
        frame_km < DETAIL_KM && Coast::open().is_ok_and(|c| c.plan(area).usable_around(area));
    frame_km
        < if detailed {
            DETAIL_FINE_KM
        } else {
            COARSE_FINE_KM
        }
}

/// The full-resolution coastline of a view, ready to draw.
pub(super) struct Detail {
    /// The land, to fill even-odd: the embedded tiles' rings and the squares of
    /// the tiles without them that are land. One path, so tiles that meet share
    /// their edges exactly and the fill shows no seam.
    pub land: Path,
    /// The shoreline, to stroke (the tiles' cut edges left out).
    pub shore: Path,
    /// The frame's tiles.
    pub plan: Plan,
}

/// The full-resolution coastline for `view`, when its frame is narrower than
/// [`DETAIL_KM`] and it covers `focus` (the whole frame when `None`;
/// [`Plan::usable_around`]). Tiles of the frame without it draw the 1:10m land
/// clipped to the tile, in the same path.
pub(super) fn detail(view: &View, focus: Option<&Extent>) -> Option<Detail> {
    let frame_km = view.km_per_px_at(view.width_px / 2.0, view.height_px / 2.0)? * view.width_px;
    if frame_km >= DETAIL_KM {
        return None;
    }
    let coast = Coast::open().ok()?;
    let bx = view.lonlat_box(0.01);
    let plan = coast.plan(&bx);
    if !plan.usable_around(focus.unwrap_or(&bx)) {
        return None;
    }
    let mut land = Path::new();
    let mut shore = Path::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    let t = plan.tile_deg;
    // The 1:10m land is read once for all the coast tiles, then clipped per tile.
    let mut coarse: Vec<Vec<(f64, f64)>> = Vec::new();
    if plan.states.contains(&TileState::Coast) {
        if let Ok(layer) = super::basemap::Layer::open(super::basemap::LayerId::Land10m) {
            let grid = Extent {
                lon_min_deg: plan.c0 as f64 * t - 180.0 - 0.05,
                lon_max_deg: (plan.c0 + plan.ncols as i64) as f64 * t - 180.0 + 0.05,
                lat_min_deg: f64::from(plan.r0) * t - 90.0 - 0.05,
                lat_max_deg: (f64::from(plan.r0) + plan.nrows as f64) * t - 90.0 + 0.05,
            };
            let _ = layer.for_each_in(&grid, |ring| coarse.push(ring.to_vec()));
        }
    }
    let mut row_rings: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut clipped = Vec::new();
    for r in 0..plan.nrows {
        // This row's share of the 1:10m land, so each tile clips only that.
        row_rings.clear();
        let row = &plan.states[r * plan.ncols..(r + 1) * plan.ncols];
        if row.contains(&TileState::Coast) {
            let s = (f64::from(plan.r0) + r as f64) * t - 90.0;
            let band = Extent {
                lon_min_deg: plan.c0 as f64 * t - 180.0 - 0.05,
                lon_max_deg: (plan.c0 + plan.ncols as i64) as f64 * t - 180.0 + 0.05,
                lat_min_deg: s - 1e-6,
                lat_max_deg: s + t + 1e-6,
            };
            for ring in &coarse {
                if ring.iter().all(|p| p.1 < band.lat_min_deg)
                    || ring.iter().all(|p| p.1 > band.lat_max_deg)
                {
                    continue;
                }
                super::basemap::clip_ring(ring, &band, &mut clipped);
                if clipped.len() >= 3 {
                    row_rings.push(clipped.clone());
                }
            }
        }
        for c in 0..plan.ncols {
            let w = (plan.c0 + c as i64) as f64 * t - 180.0;
            let s = (f64::from(plan.r0) + r as f64) * t - 90.0;
            match plan.states[r * plan.ncols + c] {
                TileState::Land => {
                    let sq = [(w, s), (w + t, s), (w + t, s + t), (w, s + t), (w, s)];
                    for piece in project_line(view, sq, 0.5) {
                        if piece.len() >= 3 {
                            land.polyline(&piece, true);
                        }
                    }
                }
                TileState::Coast => coarse_tile(view, &row_rings, (w, s, t), &mut land, &mut shore),
                TileState::Embedded | TileState::Sea => {}
            }
        }
    }
    coast
        .for_each_in(
            &bx,
            |_| {},
            |ring| {
                let pts = ring.pts;
                for piece in
                    project_line(view, pts.iter().copied().chain(pts.first().copied()), 0.5)
                {
                    if piece.len() >= 3 {
                        land.polyline(&piece, true);
                    }
                }
                // Shoreline: the runs of real coast edges. Start after a cut edge
                // so a run is never split at the ring's first point.
                let n = pts.len();
                let start = ring.coast.iter().position(|c| !c).map_or(0, |k| k + 1);
                run.clear();
                for j in 0..=n {
                    let k = (start + j) % n;
                    if j < n && ring.coast[k] {
                        if run.is_empty() {
                            run.push(pts[k]);
                        }
                        run.push(pts[(k + 1) % n]);
                    } else if run.len() >= 2 {
                        for piece in project_line(view, run.iter().copied(), 0.5) {
                            shore.polyline(&piece, false);
                        }
                        run.clear();
                    } else {
                        run.clear();
                    }
                }
            },
        )
        .ok()?;
    Some(Detail { land, shore, plan })
}

/// The 1:10m land (`rings`) of the tile with south-west corner `(w, s)` and side
/// `t` degrees, clipped to it: its rings into `land`, its coast (not the clip's
/// edges) into `shore`.
fn coarse_tile(
    view: &View,
    rings: &[Vec<(f64, f64)>],
    (w, s, t): (f64, f64, f64),
    land: &mut Path,
    shore: &mut Path,
) {
    let tile = Extent {
        lon_min_deg: w,
        lon_max_deg: w + t,
        lat_min_deg: s,
        lat_max_deg: s + t,
    };
    let on_edge = |a: (f64, f64), b: (f64, f64)| {
        let near = |x: f64, v: f64| (x - v).abs() < 1e-9;
        [w, w + t].iter().any(|&v| near(a.0, v) && near(b.0, v))
            || [s, s + t].iter().any(|&v| near(a.1, v) && near(b.1, v))
    };
    let mut clipped = Vec::new();
    for full in rings {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in full {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
        if x1 < w || x0 > w + t || y1 < s || y0 > s + t {
            continue;
        }
        super::basemap::clip_ring(full, &tile, &mut clipped);
        if clipped.len() < 3 {
            continue;
        }
        let ring = &clipped[..];
        for piece in project_line(view, ring.iter().copied().chain(ring.first().copied()), 0.5) {
            if piece.len() >= 3 {
                land.polyline(&piece, true);
            }
        }
        let n = ring.len();
        let start = (0..n)
            .position(|k| on_edge(ring[k], ring[(k + 1) % n]))
            .map_or(0, |k| k + 1);
        let mut run: Vec<(f64, f64)> = Vec::new();
        for j in 0..=n {
            let k = (start + j) % n;
            if j < n && !on_edge(ring[k], ring[(k + 1) % n]) {
                if run.is_empty() {
                    run.push(ring[k]);
                }
                run.push(ring[(k + 1) % n]);
            } else {
                for piece in project_line(view, run.iter().copied(), 0.5) {
                    shore.polyline(&piece, false);
                }
                run.clear();
            }
        }
    }
}

/// Adds the detailed coastline to the basemap group's items: its land and
/// shoreline (the 1:10m land is not drawn under it).
pub(super) fn push_items(d: &Detail, pen: &Pen, items: &mut Vec<Item>) {
    let land = Item::Path {
        path: d.land.clone(),
        fill: Some(Fill {
            color: pen.pal.land,
            rule: FillRule::EvenOdd,
        }),
        stroke: None,
    };
    let shore = Item::Path {
        path: d.shore.clone(),
        fill: None,
        stroke: Some(Stroke::solid(pen.pal.coast, 0.8 * pen.ui)),
    };
    let group = match items.iter_mut().find_map(|it| match it {
        Item::Group {
            name: "basemap",
            items,
        } => Some(items),
        _ => None,
    }) {
        Some(g) => g,
        None => items,
    };
    group.push(land);
    group.push(shore);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::basemap::{Layer, LayerId};
    use crate::render::draw::basemap;
    use crate::render::project::Projection;
    use crate::render::scene::Scene;
    use crate::render::style::{Palette, Theme};

    fn bx(w: f64, s: f64, e: f64, n: f64) -> Extent {
        Extent {
            lon_min_deg: w,
            lon_max_deg: e,
            lat_min_deg: s,
            lat_max_deg: n,
        }
    }

    #[test]
    fn the_file_parses_and_every_tile_decodes_inside_itself() {
        let c = Coast::open().unwrap();
        assert!(c.count > 10_000, "{} tiles", c.count);
        let mut prev = None;
        let t = c.tile_deg();
        let (mut rings, mut points) = (0usize, 0usize);
        for i in 0..c.count {
            let id = c.id_at(i);
            assert!(prev.is_none_or(|p| p < id), "tile ids not sorted at {i}");
            prev = Some(id);
            let (row, col) = (id / c.cols, id % c.cols);
            assert!(row < c.rows);
            let (w, s) = (f64::from(col) * t - 180.0, f64::from(row) * t - 90.0);
            // A box strictly inside the tile selects it alone.
            let inner = bx(w + 0.01, s + 0.01, w + t - 0.01, s + t - 0.01);
            assert_eq!(
                c.coverage(&inner),
                Coverage {
                    tiles: 1,
                    embedded: 1
                }
            );
            c.for_each_in(
                &inner,
                |_| {},
                |r| {
                    rings += 1;
                    points += r.pts.len();
                    assert_eq!(r.pts.len(), r.coast.len());
                    for &(x, y) in r.pts {
                        assert!(
                            (w - 1e-9..=w + t + 1e-9).contains(&x)
                                && (s - 1e-9..=s + t + 1e-9).contains(&y),
                            "tile {id}: {x} {y} outside"
                        );
                    }
                },
            )
            .unwrap();
        }
        assert!(
            rings > 50_000 && points > 2_000_000,
            "{rings} rings, {points} points"
        );
    }

    #[test]
    fn damaged_files_are_refused() {
        assert!(Coast::from_bytes(b"SMBM\x01\0\0\0").is_err());
        let mut b = b"SMCT".to_vec();
        for v in [1u32, 2500, 1440, 720, 5] {
            b.extend(v.to_le_bytes());
        }
        // Five tiles announced, no table.
        let leaked: &'static [u8] = Box::leak(b.into_boxed_slice());
        assert_eq!(
            Coast::from_bytes(leaked).err(),
            Some(CoastError("tile table runs past the end"))
        );
    }

    #[test]
    fn tiles_are_chosen_by_frame() {
        let c = Coast::open().unwrap();
        // Rajin: 130.2-130.4E, 42.1-42.3N meets 2 x 2 quarter-degree tiles, all
        // embedded (a port).
        assert_eq!(
            c.coverage(&bx(130.2, 42.1, 130.4, 42.3)),
            Coverage {
                tiles: 4,
                embedded: 4
            }
        );
        // Mid-Pacific, far from any port or coast: nothing embedded.
        assert_eq!(c.coverage(&bx(-140.1, -30.1, -139.9, -29.9)).embedded, 0);
        // The same port one turn east (a view unwrapped past 180) finds the same
        // tiles, shifted.
        let mut a = Vec::new();
        let mut b = Vec::new();
        let v = bx(130.25, 42.2, 130.35, 42.3);
        c.for_each_in(&v, |sq| a.push(sq[0]), |_| {}).unwrap();
        let v2 = bx(490.25, 42.2, 490.35, 42.3);
        c.for_each_in(&v2, |sq| b.push(sq[0]), |_| {}).unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(
            a,
            b.iter().map(|&(x, y)| (x - 360.0, y)).collect::<Vec<_>>()
        );
    }

    /// Even-odd: is the point inside the rings of a layer's items near it?
    fn natural_earth_land(lon: f64, lat: f64) -> bool {
        let layer = Layer::open(LayerId::Land10m).unwrap();
        let mut inside = false;
        layer
            .for_each_in(&bx(lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5), |ring| {
                for k in 0..ring.len() {
                    let (a, b) = (ring[k], ring[(k + 1) % ring.len()]);
                    if (a.1 > lat) != (b.1 > lat)
                        && lon < a.0 + (lat - a.1) / (b.1 - a.1) * (b.0 - a.0)
                    {
                        inside = !inside;
                    }
                }
            })
            .unwrap();
        inside
    }

    /// A 20 km frame at a harbour draws its basin as water and its moles as land,
    /// where the 1:10m land gets them wrong (all but Najin bay).
    #[test]
    fn harbours_show_at_a_20_km_frame() {
        let pal = Palette::of(Theme::Light);
        let pen = Pen {
            theme: Theme::Light,
            pal,
            ui: 1.0,
            dpi_k: 1.0,
            boxed: false,
        };
        // (name, centre, water points, land points), checked against the GSHHG
        // full shoreline.
        let mut faults = Vec::new();
        let mut coarse_wrong = Vec::new();
        for (name, centre, water, land) in HARBOURS {
            let proj = Projection::Mercator { lon0_deg: centre.0 };
            let (x, y) = proj.forward(centre.0, centre.1).unwrap();
            let view = View::fit(
                proj,
                (x - 10.0, y - 10.0, x + 10.0, y + 10.0),
                800.0,
                800.0,
                0.0,
            );
            let items = basemap(&view, LayerId::Land10m, None, &pen);
            let scene = Scene {
                width_px: 800,
                height_px: 800,
                dpi: 96.0,
                background: pal.sea,
                title: String::new(),
                items,
                stop_place_ids: Vec::new(),
            };
            let pm = crate::render::png::rasterize(&scene).unwrap();
            let is_land = |lon: f64, lat: f64| {
                let (px, py) = view.to_px(lon, lat).unwrap();
                let c = pm.pixel(px as u32, py as u32).unwrap();
                (i32::from(c.red()) - i32::from(pal.land.r)).abs() < 6
                    && (i32::from(c.blue()) - i32::from(pal.land.b)).abs() < 6
            };
            let mut ne_wrong = 0;
            for &(lon, lat) in *water {
                if is_land(lon, lat) {
                    faults.push(format!("{name}: {lon},{lat} should be water"));
                }
                ne_wrong += usize::from(natural_earth_land(lon, lat));
            }
            for &(lon, lat) in *land {
                if !is_land(lon, lat) {
                    faults.push(format!("{name}: {lon},{lat} should be land"));
                }
                ne_wrong += usize::from(!natural_earth_land(lon, lat));
            }
            if ne_wrong > 0 {
                coarse_wrong.push(*name);
            }
        }
        assert!(faults.is_empty(), "{faults:#?}");
        // Najin bay is wide enough for 1:10m; the other three are not.
        assert_eq!(coarse_wrong, ["Vladivostok", "Istanbul", "Tartus"]);
    }

    type Harbour = (
        &'static str,
        (f64, f64),
        &'static [(f64, f64)],
        &'static [(f64, f64)],
    );

    const HARBOURS: &[Harbour] = &[
        // Najin (Rajin) bay: its head, where the port is, and the town west of it.
        (
            "Rajin",
            (130.30, 42.235),
            &[(130.300, 42.235), (130.300, 42.225)],
            &[(130.285, 42.250)],
        ),
        // Vladivostok: the Golden Horn bay and the Churkin shore south of it.
        (
            "Vladivostok",
            (131.89, 43.105),
            &[(131.895, 43.109), (131.905, 43.110)],
            &[(131.90, 43.100), (131.88, 43.120)],
        ),
        // Istanbul: the Golden Horn, a few hundred metres wide, between Eminonu
        // and Karakoy, and the old city south of it.
        (
            "Istanbul",
            (28.965, 41.025),
            &[(28.960, 41.0225), (28.9675, 41.0180)],
            &[(28.950, 41.0375), (28.975, 41.0195)],
        ),
        // Tartus: the northern breakwater of the port, 100 m wide.
        (
            "Tartus",
            (35.87, 34.895),
            &[(35.860, 34.895)],
            &[(35.8685, 34.9050)],
        ),
    ];

    #[test]
    fn credits_note_follows_the_coastline_drawn() {
        let rajin = bx(130.29, 42.23, 130.31, 42.25);
        // Detailed coastline: only frames under 8 km are too fine.
        assert!(!beyond_detail(20.0, &rajin));
        assert!(beyond_detail(4.0, &rajin));
        // Open ocean, no detail embedded: 1:10m is too coarse under 40 km.
        let ocean = bx(-140.1, -30.1, -139.9, -29.9);
        assert!(beyond_detail(20.0, &ocean));
        assert!(!beyond_detail(60.0, &ocean));
    }

    /// A frame mixing embedded tiles with tiles drawn from the 1:10m land
    /// (Hamburg and Holstein, 80 km): no seam where tiles meet. Every tile edge is
    /// walked; where the land a few pixels either side is plain land colour, the
    /// edge's own pixels are too.
    #[test]
    fn tiles_meet_without_a_seam() {
        let pal = Palette::of(Theme::Light);
        let pen = Pen {
            theme: Theme::Light,
            pal,
            ui: 1.0,
            dpi_k: 1.0,
            boxed: false,
        };
        let centre = (10.2, 53.75);
        let proj = Projection::Mercator { lon0_deg: centre.0 };
        let (x, y) = proj.forward(centre.0, centre.1).unwrap();
        let view = View::fit(
            proj,
            (x - 40.0, y - 25.0, x + 40.0, y + 25.0),
            1600.0,
            1000.0,
            0.0,
        );
        // The river's own box, as a route down it to Hamburg would have; the
        // frame reaches east into Holstein, where no tile is embedded.
        let elbe = bx(9.7, 53.5, 10.0, 53.6);
        let d = detail(&view, Some(&elbe)).expect("the lower Elbe draws the detailed coastline");
        // The frame mixes the kinds of tile this test is about.
        assert!(d.plan.states.contains(&TileState::Embedded));
        assert!(d
            .plan
            .states
            .iter()
            .any(|s| matches!(s, TileState::Land | TileState::Coast)));
        let items: Vec<Item> = crate::render::draw::basemap_with_water(
            &view,
            LayerId::Land10m,
            None,
            &pen,
            Some(&elbe),
        )
        .0
        .into_iter()
        .filter(|it| {
            matches!(
                it,
                Item::Group {
                    name: "basemap",
                    ..
                }
            )
        })
        .collect();
        let scene = Scene {
            width_px: 1600,
            height_px: 1000,
            dpi: 96.0,
            background: pal.sea,
            title: String::new(),
            items,
            stop_place_ids: Vec::new(),
        };
        let pm = crate::render::png::rasterize(&scene).unwrap();
        let plain = |px: f64, py: f64| {
            px >= 0.0
                && py >= 0.0
                && pm.pixel(px as u32, py as u32).is_some_and(|c| {
                    c.red() == pal.land.r && c.green() == pal.land.g && c.blue() == pal.land.b
                })
        };
        let t = d.plan.tile_deg;
        let (mut checked, mut seams) = (0, Vec::new());
        for k in 0..=d.plan.ncols {
            let lon = (d.plan.c0 + k as i64) as f64 * t - 180.0;
            for j in 0..2000 {
                let lat = 53.4 + 0.7 * f64::from(j) / 2000.0;
                let Some((px, py)) = view.to_px(lon, lat) else {
                    continue;
                };
                if plain(px - 3.0, py) && plain(px + 3.0, py) {
                    checked += 1;
                    for dx in [-1.0, 0.0, 1.0] {
                        if !plain(px + dx, py) {
                            seams.push((lon, lat));
                        }
                    }
                }
            }
        }
        for k in 0..=d.plan.nrows {
            let lat = (f64::from(d.plan.r0) + k as f64) * t - 90.0;
            for j in 0..2000 {
                let lon = 9.4 + 1.6 * f64::from(j) / 2000.0;
                let Some((px, py)) = view.to_px(lon, lat) else {
                    continue;
                };
                if plain(px, py - 3.0) && plain(px, py + 3.0) {
                    checked += 1;
                    for dy in [-1.0, 0.0, 1.0] {
                        if !plain(px, py + dy) {
                            seams.push((lon, lat));
                        }
                    }
                }
            }
        }
        assert!(checked > 1000, "{checked} edge points on land");
        assert!(
            seams.is_empty(),
            "{} seam pixels, first {:?}",
            seams.len(),
            seams.first()
        );
    }
}
