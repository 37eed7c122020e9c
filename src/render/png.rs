//! Scene to pixels with tiny-skia, encoded as an RGB PNG that records its DPI.

use tiny_skia::{
    FillRule as SkRule, LineCap, LineJoin, Mask, Paint, PathBuilder, Pixmap, PixmapMut, StrokeDash,
    Transform,
};

use super::scene::{Cap, Cmd, Color, FillRule, Item, Path, Rect, Scene, Stroke};
use super::RenderError;

/// The largest image drawn, in pixels (A0 at 600 dpi is about 280 Mpx; we stop at
/// 100 Mpx, 400 MB of pixels, to stay inside an analyst's laptop).
pub const MAX_PIXELS: u64 = 100_000_000;

/// Draws the scene and encodes it as PNG.
pub fn png(scene: &Scene) -> Result<Vec<u8>, RenderError> {
    // The background is opaque, so premultiplied RGBA is plain RGBA: alpha is
    // dropped as the bands are drawn.
    let rgb = draw(scene, 3)?;
    encode(&rgb, scene.width_px, scene.height_px, scene.dpi)
}

/// Draws the scene into a pixmap.
#[cfg(test)]
pub(crate) fn rasterize(scene: &Scene) -> Result<Pixmap, RenderError> {
    let size = tiny_skia::IntSize::from_wh(scene.width_px, scene.height_px);
    let size_error = RenderError::Size {
        width_px: scene.width_px,
        height_px: scene.height_px,
    };
    let rgba = draw(scene, 4)?;
    size.and_then(|s| Pixmap::from_vec(rgba, s))
        .ok_or(size_error)
}

/// Rows drawn past each side of a band and thrown away: a hairline cut at the edge
/// of what is drawn shades the pixels next to the cut a little differently.
const BAND_PAD: usize = 8;

/// Draws the scene as rows of RGBA (`channels` 4) or RGB (3) pixels.
///
/// The scene is first turned into tiny-skia paths once ([`ops`]: dashes cut, and
/// strokes a pixel or more wide outlined), then replayed on horizontal bands of the
/// image in parallel, each band skipping what lies wholly above or below it and
/// drawing [`BAND_PAD`] rows more on each inner side than it keeps. Paths under a
/// clip (insets, locator) are first cut to it. Bands other than the first are the
/// image shifted up by whole pixels; f32 rounding of the shift moves a few edge
/// pixels by a shade (golden tests allow for it).
fn draw(scene: &Scene, channels: usize) -> Result<Vec<u8>, RenderError> {
    use rayon::prelude::*;
    let (w, h) = (scene.width_px, scene.height_px);
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(RenderError::Size {
            width_px: w,
            height_px: h,
        });
    }
    let (wu, hu) = (w as usize, h as usize);
    // Items to operations side by side (outlining strokes and text halos is most
    // of it), kept in drawing order.
    let mut clips = Vec::new();
    let mut items = Vec::new();
    leaves(&scene.items, None, &mut clips, &mut items);
    let list: Vec<Op> = items
        .par_iter()
        .map(|&(item, clip)| {
            let mut ops = Vec::new();
            item_ops(item, clip, &clips, &mut ops);
            ops.into_iter()
                .filter_map(|op| op.cut_to_clip(&clips))
                .collect::<Vec<Op>>()
        })
        .collect::<Vec<Vec<Op>>>()
        .into_iter()
        .flatten()
        .collect();
    // Two bands per thread, so a busy band does not hold the others up, each of at
    // least 64 rows.
    let bands = (2 * rayon::current_num_threads()).clamp(1, (hu / 64).max(1));
    let rows = hu.div_ceil(bands);
    let background = sk_color(scene.background);
    let mut out = vec![0u8; wu * hu * channels];
    out.par_chunks_mut(rows * wu * channels)
        .enumerate()
        .for_each(|(i, chunk)| {
            let (top, n) = (i * rows, chunk.len() / (wu * channels));
            let above = top.min(BAND_PAD);
            let below = (hu - top - n).min(BAND_PAD);
            let Some(mut band) = Pixmap::new(w, (above + n + below) as u32) else {
                return;
            };
            band.fill(background);
            replay(&mut band.as_mut(), (top - above) as f32, &list, &clips);
            let kept = &band.data()[above * wu * 4..(above + n) * wu * 4];
            if channels == 4 {
                chunk.copy_from_slice(kept);
            } else {
                // RGB: fixed-size copies, so each pixel is three moves, not a memcpy call
                for (to, from) in chunk
                    .as_chunks_mut::<3>()
                    .0
                    .iter_mut()
                    .zip(kept.as_chunks::<4>().0)
                {
                    *to = [from[0], from[1], from[2]];
                }
            }
        });
    Ok(out)
}

/// One drawing operation in whole-image pixels.
enum Op {
    /// An anti-aliased fill: a filled path, text, or a stroke a pixel or more wide
    /// already outlined.
    Fill {
        path: tiny_skia::Path,
        color: Color,
        rule: SkRule,
        clip: Option<usize>,
    },
    /// A stroke under a pixel wide, drawn as a hairline (dashes already cut).
    Hairline {
        path: tiny_skia::Path,
        color: Color,
        width: f32,
        cap: LineCap,
        clip: Option<usize>,
    },
}

impl Op {
    fn path(&self) -> &tiny_skia::Path {
        match self {
            Op::Fill { path, .. } | Op::Hairline { path, .. } => path,
        }
    }

    fn clip(&self) -> Option<usize> {
        match self {
            Op::Fill { clip, .. } | Op::Hairline { clip, .. } => *clip,
        }
    }

    /// The operation with its path cut to its clip rectangle (grown by
    /// [`CUT_MARGIN`], so the cuts fall where the mask hides them): an inset's basemap reaches far
    /// past the inset, and drawing that only for the mask to hide it is wasted.
    /// `None` when nothing of it is inside.
    fn cut_to_clip(mut self, clips: &[Rect]) -> Option<Op> {
        let Some(r) = self.clip().and_then(|c| clips.get(c)) else {
            return Some(self);
        };
        let r = r.grow(CUT_MARGIN);
        let (path, rings) = match &mut self {
            Op::Fill { path, .. } => (path, true),
            Op::Hairline { path, .. } => (path, false),
        };
        match cut(path, r, rings) {
            Cut::Whole => {}
            Cut::Empty => return None,
            Cut::Part(p) => *path = p,
        }
        Some(self)
    }
}

/// How far outside a clip paths are cut, px: an anti-aliased line shades the
/// pixel rows next to its cut end a little differently from an uncut line.
const CUT_MARGIN: f32 = 4.0;

/// What is left of a path inside a rectangle.
enum Cut {
    /// All of it, or a path with curves (left to the mask).
    Whole,
    /// Nothing.
    Empty,
    /// The part inside.
    Part(tiny_skia::Path),
}

/// Cuts a path of straight lines to `r`: as rings for a fill (Sutherland-Hodgman;
/// the winding of every point inside `r` is kept), as lines for a stroke (the
/// pieces inside). Subpaths wholly inside are kept as they are.
fn cut(path: &tiny_skia::Path, r: Rect, rings: bool) -> Cut {
    use tiny_skia::PathSegment;
    let b = path.bounds();
    if b.right() < r.x0 || b.left() > r.x1 || b.bottom() < r.y0 || b.top() > r.y1 {
        return Cut::Empty;
    }
    if b.left() >= r.x0 && b.right() <= r.x1 && b.top() >= r.y0 && b.bottom() <= r.y1 {
        return Cut::Whole;
    }
    // (points, closed) per subpath
    let mut subpaths: Vec<(Vec<(f32, f32)>, bool)> = Vec::new();
    for seg in path.segments() {
        match seg {
            PathSegment::MoveTo(p) => subpaths.push((vec![(p.x, p.y)], false)),
            PathSegment::LineTo(p) => match subpaths.last_mut() {
                Some((pts, _)) => pts.push((p.x, p.y)),
                None => return Cut::Whole,
            },
            PathSegment::Close => {
                if let Some((_, closed)) = subpaths.last_mut() {
                    *closed = true;
                }
            }
            PathSegment::QuadTo(..) | PathSegment::CubicTo(..) => return Cut::Whole,
        }
    }
    let inside = |&(x, y): &(f32, f32)| x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;
    let mut pb = PathBuilder::new();
    let mut add = |pts: &[(f32, f32)], close: bool| {
        pb.move_to(pts[0].0, pts[0].1);
        for &(x, y) in &pts[1..] {
            pb.line_to(x, y);
        }
        if close {
            pb.close();
        }
    };
    for (mut pts, closed) in subpaths {
        if pts.iter().all(inside) {
            add(&pts, closed);
        } else if rings {
            let ring = clip_ring(&pts, r);
            if ring.len() >= 3 {
                add(&ring, closed);
            }
        } else {
            if closed {
                // start at a point outside, so every piece ends at a cut
                if let Some(k) = pts.iter().position(|p| !inside(p)) {
                    pts.rotate_left(k);
                }
                pts.push(pts[0]);
            }
            let mut piece: Vec<(f32, f32)> = Vec::new();
            for w in pts.windows(2) {
                match clip_segment(w[0], w[1], r) {
                    Some((p, q)) => {
                        if piece.last() != Some(&p) {
                            if piece.len() >= 2 {
                                add(&piece, false);
                            }
                            piece.clear();
                            piece.push(p);
                        }
                        piece.push(q);
                    }
                    None => {
                        if piece.len() >= 2 {
                            add(&piece, false);
                        }
                        piece.clear();
                    }
                }
            }
            if piece.len() >= 2 {
                add(&piece, false);
            }
        }
    }
    match pb.finish() {
        Some(p) => Cut::Part(p),
        None => Cut::Empty,
    }
}

/// Sutherland-Hodgman: the ring clipped to `r`, running along its edges where the
/// ring is outside.
fn clip_ring(ring: &[(f32, f32)], r: Rect) -> Vec<(f32, f32)> {
    let mut cur = ring.to_vec();
    // (is x, keep the side above, bound)
    for (is_x, above, v) in [
        (true, true, r.x0),
        (true, false, r.x1),
        (false, true, r.y0),
        (false, false, r.y1),
    ] {
        let keep = |p: (f32, f32)| {
            let c = if is_x { p.0 } else { p.1 };
            if above {
                c >= v
            } else {
                c <= v
            }
        };
        let cross = |p: (f32, f32), q: (f32, f32)| {
            if is_x {
                (v, p.1 + (v - p.0) / (q.0 - p.0) * (q.1 - p.1))
            } else {
                (p.0 + (v - p.1) / (q.1 - p.1) * (q.0 - p.0), v)
            }
        };
        let mut next = Vec::with_capacity(cur.len() + 4);
        for k in 0..cur.len() {
            let p = cur[(k + cur.len() - 1) % cur.len()];
            let q = cur[k];
            match (keep(p), keep(q)) {
                (true, true) => next.push(q),
                (false, true) => {
                    next.push(cross(p, q));
                    next.push(q);
                }
                (true, false) => next.push(cross(p, q)),
                (false, false) => {}
            }
        }
        cur = next;
        if cur.is_empty() {
            break;
        }
    }
    cur
}

/// The part of segment p-q inside `r`, if any (Liang-Barsky, by
/// [`super::layout::clip_parameters`]); the ends inside `r` are kept exactly.
fn clip_segment(p: (f32, f32), q: (f32, f32), r: Rect) -> Option<((f32, f32), (f32, f32))> {
    let wide = |a: (f32, f32)| (f64::from(a.0), f64::from(a.1));
    let bounds = [r.x0, r.x1, r.y0, r.y1].map(f64::from);
    let (t0, t1) = super::layout::clip_parameters(wide(p), wide(q), bounds)?;
    let at = |t: f64| {
        if t == 0.0 {
            p
        } else if t == 1.0 {
            q
        } else {
            let t = t as f32;
            (p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1))
        }
    };
    Some((at(t0), at(t1)))
}

/// The items that draw (paths and text) in drawing order, each with the index in
/// `clips` of the rectangle it is clipped to (an inner clip replaces an outer one).
fn leaves<'a>(
    items: &'a [Item],
    clip: Option<usize>,
    clips: &mut Vec<Rect>,
    out: &mut Vec<(&'a Item, Option<usize>)>,
) {
    for item in items {
        match item {
            Item::Path { .. } | Item::Text { .. } => out.push((item, clip)),
            Item::Clip { rect, items } => {
                clips.push(*rect);
                leaves(items, Some(clips.len() - 1), clips, out);
            }
            Item::Group { items, .. } | Item::Tagged { items, .. } => {
                leaves(items, clip, clips, out)
            }
        }
    }
}

/// Turns a path or text item into operations, in drawing order; `clip` indexes
/// `clips`.
fn item_ops(item: &Item, clip: Option<usize>, clips: &[Rect], out: &mut Vec<Op>) {
    match item {
        Item::Path { path, fill, stroke } => {
            let Some(p) = sk_path(path) else { return };
            // the stroke is drawn over the fill; a wide undashed one under a clip
            // is outlined from the part of the line near the clip only
            let stroked = stroke.as_ref().and_then(|s| {
                let near = clip
                    .and_then(|c| clips.get(c))
                    .filter(|_| s.width_px > 1.0 && s.dash_px.is_empty())
                    .map(|r| cut(&p, r.grow(CUT_MARGIN + s.width_px / 2.0), false));
                match near {
                    Some(Cut::Empty) => None,
                    Some(Cut::Part(part)) => stroke_op(&part, s, clip),
                    Some(Cut::Whole) | None => stroke_op(&p, s, clip),
                }
            });
            if let Some(f) = fill {
                let rule = match f.rule {
                    FillRule::NonZero => SkRule::Winding,
                    FillRule::EvenOdd => SkRule::EvenOdd,
                };
                out.push(Op::Fill {
                    path: p,
                    color: f.color,
                    rule,
                    clip,
                });
            }
            out.extend(stroked);
        }
        Item::Text {
            path, color, halo, ..
        } => {
            let Some(p) = sk_path(path) else { return };
            if let Some(h) = halo {
                out.extend(stroke_op(&p, h, clip));
            }
            out.push(Op::Fill {
                path: p,
                color: *color,
                rule: SkRule::Winding,
                clip,
            });
        }
        Item::Clip { .. } | Item::Group { .. } | Item::Tagged { .. } => {}
    }
}

/// A stroke as tiny-skia would draw it with an identity transform: dashes cut,
/// then a hairline if at most a pixel wide, else the outline filled.
fn stroke_op(p: &tiny_skia::Path, s: &Stroke, clip: Option<usize>) -> Option<Op> {
    if s.width_px.is_nan() || s.width_px < 0.0 {
        return None;
    }
    let cap = match s.cap {
        Cap::Butt => LineCap::Butt,
        Cap::Round => LineCap::Round,
    };
    let dashed;
    let p = match (!s.dash_px.is_empty())
        .then(|| StrokeDash::new(s.dash_px.clone(), 0.0))
        .flatten()
    {
        Some(dash) => {
            dashed = p.dash(&dash, 1.0)?;
            &dashed
        }
        None => p,
    };
    if s.width_px <= 1.0 {
        return Some(Op::Hairline {
            path: p.clone(),
            color: s.color,
            width: s.width_px,
            cap,
            clip,
        });
    }
    let stroke = tiny_skia::Stroke {
        width: s.width_px,
        line_cap: cap,
        line_join: if s.round_join {
            LineJoin::Round
        } else {
            LineJoin::Miter
        },
        ..Default::default()
    };
    Some(Op::Fill {
        path: p.stroke(&stroke, 1.0)?,
        color: s.color,
        rule: SkRule::Winding,
        clip,
    })
}

/// Draws the operations on a band whose first row is image row `top`.
fn replay(band: &mut PixmapMut<'_>, top: f32, list: &[Op], clips: &[Rect]) {
    let bottom = top + band.height() as f32;
    let shift = Transform::from_translate(0.0, -top);
    let mut masks: Vec<Option<Option<Mask>>> = (0..clips.len()).map(|_| None).collect();
    for op in list {
        // anti-aliasing and round caps reach a little past the path
        let b = op.path().bounds();
        if b.bottom() + 2.0 < top || b.top() - 2.0 > bottom {
            continue;
        }
        let mask = op.clip().and_then(|c| {
            masks[c]
                .get_or_insert_with(|| {
                    let r = clips[c];
                    clip_mask(
                        band.width(),
                        band.height(),
                        Rect {
                            y0: r.y0 - top,
                            y1: r.y1 - top,
                            ..r
                        },
                    )
                })
                .as_ref()
        });
        match op {
            Op::Fill {
                path, color, rule, ..
            } => band.fill_path(path, &paint(*color), *rule, shift, mask),
            Op::Hairline {
                path,
                color,
                width,
                cap,
                ..
            } => {
                let stroke = tiny_skia::Stroke {
                    width: *width,
                    line_cap: *cap,
                    ..Default::default()
                };
                band.stroke_path(path, &paint(*color), &stroke, shift, mask);
            }
        }
    }
}

fn clip_mask(w: u32, h: u32, r: Rect) -> Option<Mask> {
    let mut m = Mask::new(w, h)?;
    let rect = tiny_skia::Rect::from_ltrb(r.x0, r.y0, r.x1, r.y1)?;
    m.fill_path(
        &PathBuilder::from_rect(rect),
        SkRule::Winding,
        false,
        Transform::identity(),
    );
    Some(m)
}

fn sk_color(c: Color) -> tiny_skia::Color {
    tiny_skia::Color::from_rgba8(c.r, c.g, c.b, c.a)
}

fn paint(c: Color) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(sk_color(c));
    p.anti_alias = true;
    p
}

/// The scene path as a tiny-skia path (None when it has no segment).
pub(super) fn sk_path(path: &Path) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::with_capacity(path.cmds().len(), path.cmds().len());
    for c in path.cmds() {
        match *c {
            Cmd::Move(x, y) => pb.move_to(x, y),
            Cmd::Line(x, y) => pb.line_to(x, y),
            Cmd::Quad(a, b, x, y) => pb.quad_to(a, b, x, y),
            Cmd::Cubic(a, b, c, d, x, y) => pb.cubic_to(a, b, c, d, x, y),
            Cmd::Close => pb.close(),
        }
    }
    pb.finish()
}

fn encode(rgb: &[u8], width: u32, height: u32, dpi: f32) -> Result<Vec<u8>, RenderError> {
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, width, height);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let ppm = (f64::from(dpi) / 0.0254).round();
        if ppm.is_finite() && ppm >= 1.0 && ppm <= f64::from(u32::MAX) {
            enc.set_pixel_dims(Some(png::PixelDimensions {
                xppu: ppm as u32,
                yppu: ppm as u32,
                unit: png::Unit::Meter,
            }));
        }
        let mut w = enc
            .write_header()
            .map_err(|e| RenderError::Encode(e.to_string()))?;
        w.write_image_data(rgb)
            .map_err(|e| RenderError::Encode(e.to_string()))?;
        w.finish().map_err(|e| RenderError::Encode(e.to_string()))?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::scene::Fill;

    fn scene(w: u32, h: u32, items: Vec<Item>) -> Scene {
        Scene {
            width_px: w,
            height_px: h,
            dpi: 300.0,
            background: Color::hex(0xffffff),
            title: String::new(),
            items,
            stop_place_ids: Vec::new(),
        }
    }

    #[test]
    fn exact_size_and_dpi_in_phys() {
        let bytes = png(&scene(40, 30, vec![])).unwrap();
        let dec = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = dec.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (40, 30));
        let dims = info.pixel_dims.unwrap();
        assert_eq!(dims.xppu, 11811); // 300 dpi = 11811 px per metre
    }

    #[test]
    fn refuses_empty_and_huge_images() {
        assert!(matches!(
            png(&scene(0, 10, vec![])),
            Err(RenderError::Size { .. })
        ));
        assert!(matches!(
            png(&scene(20_000, 20_000, vec![])),
            Err(RenderError::Size { .. })
        ));
    }

    #[test]
    fn clip_keeps_drawing_inside() {
        let mut p = Path::new();
        p.rect(Rect::xywh(0.0, 0.0, 20.0, 20.0));
        let fill = Some(Fill {
            color: Color::hex(0x000000),
            rule: FillRule::NonZero,
        });
        let s = scene(
            20,
            20,
            vec![Item::Clip {
                rect: Rect::xywh(0.0, 0.0, 10.0, 20.0),
                items: vec![Item::Path {
                    path: p,
                    fill,
                    stroke: None,
                }],
            }],
        );
        let pm = rasterize(&s).unwrap();
        assert_eq!(pm.pixel(5, 5).unwrap().red(), 0);
        assert_eq!(pm.pixel(15, 5).unwrap().red(), 255);
    }

    /// A star ring and a zigzag line reaching far outside the clip: cut to the clip,
    /// they draw inside it what they draw unclipped, and nothing outside.
    #[test]
    fn cut_paths_draw_the_same_inside_the_clip() {
        let mut ring = Path::new();
        let star: Vec<(f32, f32)> = (0..10)
            .map(|k| {
                let a = k as f32 * std::f32::consts::PI / 5.0;
                let r = if k % 2 == 0 { 90.0 } else { 30.0 };
                (60.0 + r * a.cos(), 50.0 + r * a.sin())
            })
            .collect();
        ring.polyline(&star, true);
        let mut line = Path::new();
        let zig: Vec<(f32, f32)> = (0..12)
            .map(|k| {
                (
                    -20.0 + 13.7 * k as f32,
                    if k % 2 == 0 { -15.0 } else { 95.0 },
                )
            })
            .collect();
        line.polyline(&zig, false);
        let items = vec![
            Item::Path {
                path: ring,
                fill: Some(Fill {
                    color: Color::hex(0x336699),
                    rule: FillRule::EvenOdd,
                }),
                stroke: Some(Stroke::solid(Color::hex(0x000000), 0.8)),
            },
            Item::Path {
                path: line,
                fill: None,
                stroke: Some(Stroke::solid(Color::hex(0xcc0000), 0.7).round()),
            },
        ];
        let clip = Rect::xywh(31.0, 17.0, 47.0, 41.0);
        let whole = rasterize(&scene(120, 100, items.clone())).unwrap();
        let cut = rasterize(&scene(120, 100, vec![Item::Clip { rect: clip, items }])).unwrap();
        let (mut inside, mut drawn, mut shaded) = (0, 0, 0);
        for y in 0..100 {
            for x in 0..120 {
                let c = cut.pixel(x, y).unwrap();
                if clip.has_point(x as f32 + 0.5, y as f32 + 0.5) {
                    inside += 1;
                    // an edge that was cut is quantised from its new end (1/64 px):
                    // a few shades at most, on the pixels along cut edges
                    let w = whole.pixel(x, y).unwrap();
                    let near = |a: u8, b: u8| a.abs_diff(b) <= 4;
                    assert!(
                        near(c.red(), w.red())
                            && near(c.green(), w.green())
                            && near(c.blue(), w.blue()),
                        "at {x},{y}: {c:?} cut, {w:?} whole"
                    );
                    shaded += usize::from(c != w);
                    drawn += usize::from(c.red() != 255 || c.green() != 255);
                } else {
                    assert_eq!(
                        (c.red(), c.green(), c.blue()),
                        (255, 255, 255),
                        "at {x},{y}"
                    );
                }
            }
        }
        assert_eq!(inside, 47 * 41);
        assert!(drawn > inside / 4, "{drawn}");
        assert!(shaded < inside / 4, "{shaded} of {inside} differ");
    }

    #[test]
    fn cut_keeps_inner_subpaths_and_drops_outer_ones() {
        let mut pb = PathBuilder::new();
        pb.move_to(10.0, 10.0);
        pb.line_to(20.0, 10.0);
        pb.line_to(20.0, 20.0);
        pb.close();
        let inner = pb.finish().unwrap();
        let r = Rect::xywh(0.0, 0.0, 50.0, 50.0);
        assert!(matches!(cut(&inner, r, true), Cut::Whole));
        let far = Rect::xywh(100.0, 100.0, 5.0, 5.0);
        assert!(matches!(cut(&inner, far, false), Cut::Empty));
        let mut pb = PathBuilder::new();
        pb.move_to(-10.0, 5.0);
        pb.quad_to(30.0, 5.0, 60.0, 40.0);
        let curve = pb.finish().unwrap();
        assert!(matches!(cut(&curve, r, false), Cut::Whole));
        let mut pb = PathBuilder::new();
        pb.move_to(-10.0, 5.0);
        pb.line_to(60.0, 5.0);
        let Cut::Part(p) = cut(&pb.finish().unwrap(), r, false) else {
            panic!("a line across is cut");
        };
        let b = p.bounds();
        assert_eq!((b.left(), b.right(), b.top()), (0.0, 50.0, 5.0));
    }
}
