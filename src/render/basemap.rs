//! The embedded basemap: Natural Earth land and country borders (via npm
//! `world-atlas` 2.0.2), GSHHG lakes and WDBII rivers (Debian `gmt-gshhg-*` 2.3.7),
//! preprocessed by `scripts/build_basemap.py`.
//!
//! File format (little endian): `SMBM`, u32 version (1), u32 kind (0 closed rings,
//! 1 open lines), u32 item count, f64 x scale, f64 y scale, f64 x translate, f64 y
//! translate (TopoJSON's quantisation: degrees = grid * scale + translate); then per
//! item 28 bytes: i32 min x, min y, max x, max y (grid), u32 point count, u32 byte
//! offset, u32 byte length; then the points, zigzag varint deltas of x and y.
//! Rings were cut at the antimeridian by the script, so every item lies in -180..180.
//! Only items whose box meets the view are decoded.

use super::project::Extent;

/// Which layer of the basemap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerId {
    /// Land, Natural Earth 1:110m (locator maps).
    Land110m,
    /// Land, 1:50m.
    Land50m,
    /// Land, 1:10m.
    Land10m,
    /// Country borders, 1:50m.
    Borders50m,
    /// Country borders, 1:10m.
    Borders10m,
    /// Lakes of at least 100 km2 (the Caspian among them), GSHHG low resolution.
    LakesLow,
    /// Lakes of at least 20 km2, GSHHG intermediate resolution.
    LakesIntermediate,
    /// Double-lined and major rivers (WDBII levels 1-2), GSHHG low resolution.
    RiversLow,
    /// Rivers of WDBII levels 1-3, GSHHG intermediate resolution.
    RiversIntermediate,
}

impl LayerId {
    fn bytes(self) -> &'static [u8] {
        match self {
            LayerId::Land110m => include_bytes!("../../data/basemap/land-110m.bin"),
            LayerId::Land50m => include_bytes!("../../data/basemap/land-50m.bin"),
            LayerId::Land10m => include_bytes!("../../data/basemap/land-10m.bin"),
            LayerId::Borders50m => include_bytes!("../../data/basemap/borders-50m.bin"),
            LayerId::Borders10m => include_bytes!("../../data/basemap/borders-10m.bin"),
            LayerId::LakesLow => include_bytes!("../../data/basemap/lakes-l.bin"),
            LayerId::LakesIntermediate => include_bytes!("../../data/basemap/lakes-i.bin"),
            LayerId::RiversLow => include_bytes!("../../data/basemap/rivers-l.bin"),
            LayerId::RiversIntermediate => include_bytes!("../../data/basemap/rivers-i.bin"),
        }
    }
}

/// Why an embedded layer could not be read (a build that shipped a bad file).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("basemap layer {layer:?} is damaged: {reason}")]
pub struct BasemapError {
    /// The layer.
    pub layer: LayerId,
    /// What is wrong.
    pub reason: &'static str,
}

const HEADER_LEN: usize = 4 + 4 * 3 + 8 * 4;
const ITEM_LEN: usize = 28;

/// One basemap layer, borrowed from the binary.
pub struct Layer {
    id: LayerId,
    closed: bool,
    count: usize,
    scale: (f64, f64),
    translate: (f64, f64),
    bytes: &'static [u8],
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn i32_at(b: &[u8], at: usize) -> Option<i32> {
    Some(i32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn f64_at(b: &[u8], at: usize) -> Option<f64> {
    Some(f64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

impl Layer {
    /// Opens an embedded layer: reads the header only.
    pub fn open(id: LayerId) -> Result<Layer, BasemapError> {
        let bytes = id.bytes();
        let bad = |reason| BasemapError { layer: id, reason };
        if bytes.get(0..4) != Some(b"SMBM".as_slice()) || u32_at(bytes, 4) != Some(1) {
            return Err(bad("not a version 1 SMBM file"));
        }
        let kind = u32_at(bytes, 8).ok_or(bad("short header"))?;
        let count = u32_at(bytes, 12).ok_or(bad("short header"))? as usize;
        let f = |at| f64_at(bytes, at).ok_or(bad("short header"));
        let layer = Layer {
            id,
            closed: kind == 0,
            count,
            scale: (f(16)?, f(24)?),
            translate: (f(32)?, f(40)?),
            bytes,
        };
        let table_end = count
            .checked_mul(ITEM_LEN)
            .and_then(|n| n.checked_add(HEADER_LEN))
            .ok_or(bad("item count overflows"))?;
        if table_end > bytes.len() {
            return Err(bad("item table runs past the end"));
        }
        Ok(layer)
    }

    /// Calls `f` with every item (in degrees) that meets `view`, shifted by whole
    /// turns into the view's longitude window and clipped to it: rings stay closed
    /// rings, lines are cut into the pieces inside.
    pub fn for_each_in(
        &self,
        view: &Extent,
        mut f: impl FnMut(&[(f64, f64)]),
    ) -> Result<(), BasemapError> {
        let mut pts: Vec<(f64, f64)> = Vec::new();
        let mut clipped: Vec<(f64, f64)> = Vec::new();
        let data_start = HEADER_LEN + self.count * ITEM_LEN;
        for i in 0..self.count {
            let at = HEADER_LEN + i * ITEM_LEN;
            let bad = |reason| BasemapError {
                layer: self.id,
                reason,
            };
            let g = |k: usize| i32_at(self.bytes, at + 4 * k).ok_or(bad("short item"));
            let (x0, y0, x1, y1) = (g(0)?, g(1)?, g(2)?, g(3)?);
            let lat0 = y0 as f64 * self.scale.1 + self.translate.1;
            let lat1 = y1 as f64 * self.scale.1 + self.translate.1;
            if lat1 < view.lat_min_deg || lat0 > view.lat_max_deg {
                continue;
            }
            let lon0 = x0 as f64 * self.scale.0 + self.translate.0;
            let lon1 = x1 as f64 * self.scale.0 + self.translate.0;
            let shifts: Vec<f64> = [-360.0, 0.0, 360.0]
                .into_iter()
                .filter(|s| lon1 + s >= view.lon_min_deg && lon0 + s <= view.lon_max_deg)
                .collect();
            if shifts.is_empty() {
                continue;
            }
            let n = u32_at(self.bytes, at + 16).ok_or(bad("short item"))? as usize;
            let off = u32_at(self.bytes, at + 20).ok_or(bad("short item"))? as usize;
            let len = u32_at(self.bytes, at + 24).ok_or(bad("short item"))? as usize;
            let data = data_start
                .checked_add(off)
                .and_then(|s| Some(s..s.checked_add(len)?))
                .and_then(|r| self.bytes.get(r))
                .ok_or(bad("item data runs past the end"))?;
            self.decode(data, n, &mut pts).ok_or(bad("bad varint"))?;
            let inside = lon0 >= view.lon_min_deg
                && lon1 <= view.lon_max_deg
                && lat0 >= view.lat_min_deg
                && lat1 <= view.lat_max_deg;
            for s in shifts {
                if inside && s == 0.0 {
                    f(&pts);
                    continue;
                }
                let moved: Vec<(f64, f64)>;
                let moved = if s == 0.0 {
                    &pts
                } else {
                    moved = pts.iter().map(|&(x, y)| (x + s, y)).collect();
                    &moved
                };
                if self.closed {
                    clip_ring(moved, view, &mut clipped);
                    if clipped.len() >= 3 {
                        f(&clipped);
                    }
                } else {
                    clip_line(moved, view, &mut f);
                }
            }
        }
        Ok(())
    }

    fn decode(&self, data: &[u8], n: usize, out: &mut Vec<(f64, f64)>) -> Option<()> {
        out.clear();
        let (mut x, mut y) = (0i64, 0i64);
        let mut pos = 0;
        for _ in 0..n {
            x += unzigzag(varint(data, &mut pos)?);
            y += unzigzag(varint(data, &mut pos)?);
            out.push((
                x as f64 * self.scale.0 + self.translate.0,
                y as f64 * self.scale.1 + self.translate.1,
            ));
        }
        Some(())
    }
}

pub(super) fn varint(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    for shift in (0..64).step_by(7) {
        let b = *data.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

pub(super) fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

/// Sutherland-Hodgman clip of a ring to the box. The result may run along the box
/// edges; the box is drawn larger than the frame, so those edges never show.
pub(super) fn clip_ring(ring: &[(f64, f64)], b: &Extent, out: &mut Vec<(f64, f64)>) {
    // `out` and one more buffer take turns (a big ring is hundreds of kB, and
    // fresh memory is the dear part of a run)
    out.clear();
    out.extend_from_slice(ring);
    let mut next: Vec<(f64, f64)> = Vec::with_capacity(ring.len() + 4);
    let edges: [(bool, bool, f64); 4] = [
        (true, true, b.lon_min_deg),
        (true, false, b.lon_max_deg),
        (false, true, b.lat_min_deg),
        (false, false, b.lat_max_deg),
    ];
    for (is_x, keep_above, v) in edges {
        let inside = |p: &(f64, f64)| {
            let c = if is_x { p.0 } else { p.1 };
            if keep_above {
                c >= v
            } else {
                c <= v
            }
        };
        let cross = |p: &(f64, f64), q: &(f64, f64)| {
            if is_x {
                let t = (v - p.0) / (q.0 - p.0);
                (v, p.1 + t * (q.1 - p.1))
            } else {
                let t = (v - p.1) / (q.1 - p.1);
                (p.0 + t * (q.0 - p.0), v)
            }
        };
        next.clear();
        let cur = &*out;
        for k in 0..cur.len() {
            let p = cur[(k + cur.len() - 1) % cur.len()];
            let q = cur[k];
            if inside(&q) {
                if !inside(&p) {
                    next.push(cross(&p, &q));
                }
                next.push(q);
            } else if inside(&p) {
                next.push(cross(&p, &q));
            }
        }
        std::mem::swap(out, &mut next);
        if out.is_empty() {
            break;
        }
    }
}

/// Cuts a polyline into the pieces inside the box (Liang-Barsky per segment).
fn clip_line(line: &[(f64, f64)], b: &Extent, f: &mut impl FnMut(&[(f64, f64)])) {
    let mut piece: Vec<(f64, f64)> = Vec::new();
    for w in line.windows(2) {
        match clip_segment(w[0], w[1], b) {
            Some((p, q)) => {
                if piece.last() != Some(&p) {
                    if piece.len() >= 2 {
                        f(&piece);
                    }
                    piece.clear();
                    piece.push(p);
                }
                piece.push(q);
            }
            None => {
                if piece.len() >= 2 {
                    f(&piece);
                }
                piece.clear();
            }
        }
    }
    if piece.len() >= 2 {
        f(&piece);
    }
}

fn clip_segment(p: (f64, f64), q: (f64, f64), b: &Extent) -> Option<((f64, f64), (f64, f64))> {
    let bounds = [b.lon_min_deg, b.lon_max_deg, b.lat_min_deg, b.lat_max_deg];
    let (t0, t1) = super::layout::clip_parameters(p, q, bounds)?;
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    Some((
        (p.0 + t0 * dx, p.1 + t0 * dy),
        (p.0 + t1 * dx, p.1 + t1 * dy),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> Extent {
        Extent {
            lon_min_deg: -180.0,
            lon_max_deg: 180.0,
            lat_min_deg: -90.0,
            lat_max_deg: 90.0,
        }
    }

    #[test]
    fn every_layer_opens_and_decodes_in_range() {
        for id in [
            LayerId::Land110m,
            LayerId::Land50m,
            LayerId::Land10m,
            LayerId::Borders50m,
            LayerId::Borders10m,
            LayerId::LakesLow,
            LayerId::LakesIntermediate,
            LayerId::RiversLow,
            LayerId::RiversIntermediate,
        ] {
            let layer = Layer::open(id).unwrap();
            let mut n = 0usize;
            layer
                .for_each_in(&world(), |pts| {
                    n += pts.len();
                    for &(x, y) in pts {
                        assert!(
                            (-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y),
                            "{id:?} {x} {y}"
                        );
                    }
                })
                .unwrap();
            assert!(n > 4000, "{id:?} has {n} points");
        }
    }

    #[test]
    fn window_past_the_antimeridian_gets_shifted_land() {
        // Chukotka and Alaska: a window 160E..200E (= 160W) must hold land east of 180.
        let b = Extent {
            lon_min_deg: 160.0,
            lon_max_deg: 200.0,
            lat_min_deg: 55.0,
            lat_max_deg: 72.0,
        };
        let layer = Layer::open(LayerId::Land50m).unwrap();
        let mut east = 0;
        layer
            .for_each_in(&b, |pts| {
                for &(x, y) in pts {
                    assert!((160.0..=200.0).contains(&x) && (55.0..=72.0).contains(&y));
                    if x > 185.0 {
                        east += 1;
                    }
                }
            })
            .unwrap();
        assert!(east > 100, "{east}");
    }

    #[test]
    fn ring_clip_keeps_the_inside() {
        let b = Extent {
            lon_min_deg: 0.0,
            lon_max_deg: 10.0,
            lat_min_deg: 0.0,
            lat_max_deg: 10.0,
        };
        let mut out = Vec::new();
        clip_ring(
            &[(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)],
            &b,
            &mut out,
        );
        assert_eq!(out.len(), 4);
        assert!(out
            .iter()
            .all(|&(x, y)| (0.0..=5.0).contains(&x) && (0.0..=5.0).contains(&y)));
        clip_ring(&[(20.0, 20.0), (30.0, 20.0), (30.0, 30.0)], &b, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn line_clip_splits_into_pieces() {
        let b = Extent {
            lon_min_deg: 0.0,
            lon_max_deg: 10.0,
            lat_min_deg: 0.0,
            lat_max_deg: 10.0,
        };
        let mut pieces = Vec::new();
        clip_line(
            &[
                (-5.0, 5.0),
                (5.0, 5.0),
                (15.0, 5.0),
                (15.0, 6.0),
                (5.0, 6.0),
            ],
            &b,
            &mut |p| pieces.push(p.to_vec()),
        );
        assert_eq!(
            pieces,
            vec![
                vec![(0.0, 5.0), (5.0, 5.0), (10.0, 5.0)],
                vec![(10.0, 6.0), (5.0, 6.0)]
            ]
        );
    }
}
