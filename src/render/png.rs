//! Scene to pixels with tiny-skia, encoded as an RGB PNG that records its DPI.

use tiny_skia::{
    FillRule as SkRule, LineCap, LineJoin, Mask, Paint, PathBuilder, Pixmap, StrokeDash, Transform,
};

use super::scene::{Cap, Cmd, Color, FillRule, Item, Path, Rect, Scene, Stroke};
use super::RenderError;

/// The largest image drawn, in pixels (A0 at 600 dpi is about 280 Mpx; we stop at
/// 100 Mpx, 400 MB of pixels, to stay inside an analyst's laptop).
pub const MAX_PIXELS: u64 = 100_000_000;

/// Draws the scene and encodes it as PNG.
pub fn png(scene: &Scene) -> Result<Vec<u8>, RenderError> {
    let pixmap = rasterize(scene)?;
    encode(&pixmap, scene.dpi)
}

/// Draws the scene into a pixmap.
pub(crate) fn rasterize(scene: &Scene) -> Result<Pixmap, RenderError> {
    let (w, h) = (scene.width_px, scene.height_px);
    if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(RenderError::Size {
            width_px: w,
            height_px: h,
        });
    }
    let mut pixmap = Pixmap::new(w, h).ok_or(RenderError::Size {
        width_px: w,
        height_px: h,
    })?;
    pixmap.fill(sk_color(scene.background));
    draw_items(&mut pixmap, &scene.items, None);
    Ok(pixmap)
}

fn draw_items(pm: &mut Pixmap, items: &[Item], mask: Option<&Mask>) {
    for item in items {
        match item {
            Item::Path { path, fill, stroke } => {
                let Some(p) = sk_path(path) else { continue };
                if let Some(f) = fill {
                    let rule = match f.rule {
                        FillRule::NonZero => SkRule::Winding,
                        FillRule::EvenOdd => SkRule::EvenOdd,
                    };
                    pm.fill_path(&p, &paint(f.color), rule, Transform::identity(), mask);
                }
                if let Some(s) = stroke {
                    stroke_path(pm, &p, s, mask);
                }
            }
            Item::Text {
                path, color, halo, ..
            } => {
                let Some(p) = sk_path(path) else { continue };
                if let Some(h) = halo {
                    stroke_path(pm, &p, h, mask);
                }
                pm.fill_path(
                    &p,
                    &paint(*color),
                    SkRule::Winding,
                    Transform::identity(),
                    mask,
                );
            }
            Item::Clip { rect, items } => {
                let m = clip_mask(pm.width(), pm.height(), *rect);
                draw_items(pm, items, m.as_ref());
            }
            Item::Group { items, .. } | Item::Tagged { items, .. } => draw_items(pm, items, mask),
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

fn stroke_path(pm: &mut Pixmap, p: &tiny_skia::Path, s: &Stroke, mask: Option<&Mask>) {
    let stroke = tiny_skia::Stroke {
        width: s.width_px,
        line_cap: match s.cap {
            Cap::Butt => LineCap::Butt,
            Cap::Round => LineCap::Round,
        },
        line_join: if s.round_join {
            LineJoin::Round
        } else {
            LineJoin::Miter
        },
        dash: if s.dash_px.is_empty() {
            None
        } else {
            StrokeDash::new(s.dash_px.clone(), 0.0)
        },
        ..Default::default()
    };
    pm.stroke_path(p, &paint(s.color), &stroke, Transform::identity(), mask);
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

fn sk_path(path: &Path) -> Option<tiny_skia::Path> {
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

fn encode(pm: &Pixmap, dpi: f32) -> Result<Vec<u8>, RenderError> {
    // The background is opaque, so premultiplied RGBA is plain RGBA: drop alpha.
    let rgb: Vec<u8> = pm
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::with_capacity(rgb.len() / 8);
    {
        let mut enc = png::Encoder::new(&mut out, pm.width(), pm.height());
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
        w.write_image_data(&rgb)
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
}
