//! Scene to SVG text. Text goes out as glyph outlines (each label a `<path>` in
//! `<defs>`, drawn twice: halo then letters) inside a group titled with the words,
//! so the file looks the same everywhere without fonts and the words stay findable.

use std::fmt::Write;

use super::scene::{Cap, Cmd, Color, FillRule, Item, Path, Scene, Stroke, Tag};

/// How words go into the SVG.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SvgText {
    /// Glyph outlines: looks the same everywhere, no fonts needed (the default).
    #[default]
    Outlines,
    /// `<text>` elements naming the font (Noto Sans), so a designer can retype
    /// them; needs Noto Sans installed to look as the PNG does.
    Live,
}

/// Writes the scene as a standalone SVG 1.1 document, text as outlines.
pub fn svg(scene: &Scene) -> String {
    svg_with(scene, SvgText::Outlines)
}

/// Writes the scene as a standalone SVG 1.1 document. Its size is in millimetres
/// when the scene is for print (above 96 dpi), else in pixels; named layers are
/// groups with `id` and `inkscape:label` (Illustrator and Inkscape show them as
/// layers).
pub fn svg_with(scene: &Scene, text: SvgText) -> String {
    write_svg(
        scene,
        Opts {
            text,
            inline: false,
        },
    )
}

/// Writes the scene as an `<svg>` element for inside an HTML page: no namespace
/// declarations or Inkscape attributes (the HTML parser puts it in the SVG
/// namespace), the `<svg>` given `class="sm-map"`, and each leg's and stop's
/// drawing a group `<g data-leg="ROUTE-LEG">` or `<g data-stop="INDEX">` (indices
/// from 0) that the page's script attaches facts to. Drawn exactly as [`svg`].
pub(crate) fn svg_inline(scene: &Scene) -> String {
    write_svg(
        scene,
        Opts {
            text: SvgText::Outlines,
            inline: true,
        },
    )
}

#[derive(Debug, Clone, Copy)]
struct Opts {
    text: SvgText,
    /// Inside an HTML page (see [`svg_inline`]).
    inline: bool,
}

fn write_svg(scene: &Scene, opts: Opts) -> String {
    let mut s = String::with_capacity(256 * 1024);
    let (w, h) = (scene.width_px, scene.height_px);
    let (sw, sh) = if scene.dpi > 96.0 {
        let mm = |px: u32| {
            format!(
                "{}mm",
                num((f64::from(px) / f64::from(scene.dpi) * 25.4) as f32)
            )
        };
        (mm(w), mm(h))
    } else {
        (w.to_string(), h.to_string())
    };
    if opts.inline {
        let _ = write!(
            s,
            "<svg class=\"sm-map\" width=\"{sw}\" height=\"{sh}\" viewBox=\"0 0 {w} {h}\" \
             role=\"img\" aria-labelledby=\"sm-map-title\">\n<title id=\"sm-map-title\">{}</title>\n",
            escape(&scene.title),
        );
    } else {
        let _ = write!(
            s,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
             xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" \
             version=\"1.1\" width=\"{sw}\" height=\"{sh}\" viewBox=\"0 0 {w} {h}\">\n<title>{}</title>\n",
            escape(&scene.title),
        );
    }
    let _ = writeln!(
        s,
        "<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
        color(scene.background)
    );
    let mut ids = 0usize;
    write_items(&mut s, &scene.items, &mut ids, opts, false);
    s.push_str("</svg>\n");
    s
}

fn write_items(s: &mut String, items: &[Item], ids: &mut usize, opts: Opts, nested: bool) {
    let mode = opts.text;
    for item in items {
        match item {
            Item::Path { path, fill, stroke } => {
                if path.is_empty() {
                    continue;
                }
                s.push_str("<path d=\"");
                path_data(s, path);
                s.push('"');
                match fill {
                    Some(f) => {
                        paint_attr(s, "fill", f.color);
                        if f.rule == FillRule::EvenOdd {
                            s.push_str(" fill-rule=\"evenodd\"");
                        }
                    }
                    None => s.push_str(" fill=\"none\""),
                }
                if let Some(st) = stroke {
                    stroke_attrs(s, st);
                }
                s.push_str("/>\n");
            }
            Item::Text {
                text,
                color: c,
                halo,
                font,
                ..
            } if mode == SvgText::Live => {
                // The halo as a stroke under the fill (paint-order), one element.
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" font-family=\"Noto Sans, sans-serif\" font-size=\"{}\"",
                    num(font.x),
                    num(font.y),
                    num(font.size_px)
                );
                if font.bold {
                    s.push_str(" font-weight=\"bold\"");
                }
                if font.slant {
                    s.push_str(" font-style=\"italic\"");
                }
                if font.tracking_px != 0.0 {
                    let _ = write!(s, " letter-spacing=\"{}\"", num(font.tracking_px));
                }
                paint_attr(s, "fill", *c);
                if let Some(hs) = halo {
                    stroke_attrs(s, hs);
                    s.push_str(" paint-order=\"stroke\"");
                }
                let _ = writeln!(s, ">{}</text>", escape(text));
            }
            Item::Text {
                text,
                path,
                color: c,
                halo,
                ..
            } => {
                if path.is_empty() {
                    continue;
                }
                *ids += 1;
                let id = *ids;
                let _ = write!(
                    s,
                    "<g><title>{}</title><defs><path id=\"t{id}\" d=\"",
                    escape(text)
                );
                path_data(s, path);
                s.push_str("\"/></defs>");
                if let Some(hs) = halo {
                    let _ = write!(s, "<use xlink:href=\"#t{id}\" fill=\"none\"");
                    stroke_attrs(s, hs);
                    s.push_str("/>");
                }
                let _ = write!(s, "<use xlink:href=\"#t{id}\"");
                paint_attr(s, "fill", *c);
                s.push_str("/></g>\n");
            }
            Item::Clip { rect, items } => {
                *ids += 1;
                let id = *ids;
                let _ = writeln!(
                    s,
                    "<clipPath id=\"c{id}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath><g clip-path=\"url(#c{id})\">",
                    num(rect.x0),
                    num(rect.y0),
                    num(rect.w()),
                    num(rect.h())
                );
                write_items(s, items, ids, opts, true);
                s.push_str("</g>\n");
            }
            Item::Tagged { tag, items } if opts.inline => {
                match tag {
                    Tag::Leg { route, leg } => {
                        let _ = writeln!(s, "<g data-leg=\"{route}-{leg}\">");
                    }
                    Tag::Stop { index } => {
                        let _ = writeln!(s, "<g data-stop=\"{index}\">");
                    }
                }
                write_items(s, items, ids, opts, nested);
                s.push_str("</g>\n");
            }
            // The static SVG is a drawing: tags leave no trace in it.
            Item::Tagged { items, .. } => write_items(s, items, ids, opts, nested),
            Item::Group { name, items } => {
                // Top-level layers are named as they are; an inset's get a number.
                if opts.inline {
                    // ids in a page are the page's: an inset's layers get none
                    if nested {
                        s.push_str("<g>\n");
                    } else {
                        let _ = writeln!(s, "<g id=\"{name}\">");
                    }
                } else if nested {
                    *ids += 1;
                    let _ = writeln!(s, "<g id=\"{name}-{}\" inkscape:label=\"{name}\">", *ids);
                } else {
                    let _ = writeln!(
                        s,
                        "<g id=\"{name}\" inkscape:groupmode=\"layer\" inkscape:label=\"{name}\">"
                    );
                }
                write_items(s, items, ids, opts, nested);
                s.push_str("</g>\n");
            }
        }
    }
}

fn stroke_attrs(s: &mut String, st: &Stroke) {
    paint_attr(s, "stroke", st.color);
    let _ = write!(s, " stroke-width=\"{}\"", num(st.width_px));
    if st.round_join {
        s.push_str(" stroke-linejoin=\"round\"");
    }
    if st.cap == Cap::Round {
        s.push_str(" stroke-linecap=\"round\"");
    }
    if !st.dash_px.is_empty() {
        let d: Vec<String> = st.dash_px.iter().map(|&v| num(v)).collect();
        let _ = write!(s, " stroke-dasharray=\"{}\"", d.join(" "));
    }
}

fn paint_attr(s: &mut String, name: &str, c: Color) {
    let _ = write!(s, " {name}=\"{}\"", color(c));
    if c.a != 255 {
        let _ = write!(s, " {name}-opacity=\"{}\"", num(f32::from(c.a) / 255.0));
    }
}

fn color(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// A number with at most two decimals and no trailing zeros.
fn num(v: f32) -> String {
    let r = (v * 100.0).round() / 100.0;
    let t = format!("{r:.2}");
    let t = t.trim_end_matches('0').trim_end_matches('.');
    if t == "-0" {
        "0".to_owned()
    } else {
        t.to_owned()
    }
}

/// Path data with relative commands on a 0.1 px grid: short numbers, no drift
/// (each point is rounded absolutely, then differenced).
fn path_data(s: &mut String, path: &Path) {
    let q = |v: f32| (v * 10.0).round() as i64;
    let (mut cx, mut cy) = (0i64, 0i64);
    let (mut sx, mut sy) = (0i64, 0i64);
    let mut last = ' ';
    let put = |s: &mut String, cmd: char, vals: &[i64], last: &mut char| {
        if *last != cmd || cmd == 'm' {
            s.push(cmd);
        } else if vals.first().is_some_and(|&v| v >= 0) {
            s.push(' ');
        }
        for (k, v) in vals.iter().enumerate() {
            if k > 0 && *v >= 0 {
                s.push(' ');
            }
            tenths(s, *v);
        }
        *last = cmd;
    };
    for c in path.cmds() {
        match *c {
            Cmd::Move(x, y) => {
                let (x, y) = (q(x), q(y));
                put(s, 'm', &[x - cx, y - cy], &mut last);
                (cx, cy, sx, sy) = (x, y, x, y);
            }
            Cmd::Line(x, y) => {
                let (x, y) = (q(x), q(y));
                if (x, y) == (cx, cy) {
                    continue;
                }
                put(s, 'l', &[x - cx, y - cy], &mut last);
                (cx, cy) = (x, y);
            }
            Cmd::Quad(a, b, x, y) => {
                let (a, b, x, y) = (q(a), q(b), q(x), q(y));
                put(s, 'q', &[a - cx, b - cy, x - cx, y - cy], &mut last);
                (cx, cy) = (x, y);
            }
            Cmd::Cubic(a, b, c2, d, x, y) => {
                let (a, b, c2, d, x, y) = (q(a), q(b), q(c2), q(d), q(x), q(y));
                put(
                    s,
                    'c',
                    &[a - cx, b - cy, c2 - cx, d - cy, x - cx, y - cy],
                    &mut last,
                );
                (cx, cy) = (x, y);
            }
            Cmd::Close => {
                s.push('z');
                last = 'z';
                (cx, cy) = (sx, sy);
            }
        }
    }
}

fn tenths(s: &mut String, v: i64) {
    if v < 0 {
        s.push('-');
    }
    let a = v.unsigned_abs();
    let _ = write!(s, "{}", a / 10);
    if !a.is_multiple_of(10) {
        let _ = write!(s, ".{}", a % 10);
    }
}

fn escape(t: &str) -> String {
    crate::xml::escape(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_data_is_relative_and_short() {
        let mut p = Path::new();
        p.polyline(&[(10.0, 10.0), (12.5, 10.0), (12.5, 7.25)], true);
        let mut s = String::new();
        path_data(&mut s, &p);
        assert_eq!(s, "m10 10l2.5 0 0-2.7z"); // 7.25 rounds to 7.3 on the grid
    }

    #[test]
    fn tags_are_groups_in_a_page_and_leave_no_trace_in_the_plain_svg() {
        let mut line = Path::new();
        line.polyline(&[(1.0, 1.0), (9.0, 9.0)], false);
        let drawn = Item::Path {
            path: line,
            fill: None,
            stroke: Some(Stroke::solid(Color::hex(0x1f6fb5), 2.0)),
        };
        let scene = Scene {
            width_px: 10,
            height_px: 10,
            dpi: 96.0,
            background: Color::hex(0xffffff),
            title: "T <b>".into(),
            items: vec![Item::Group {
                name: "routes",
                items: vec![
                    Item::Tagged {
                        tag: Tag::Leg { route: 1, leg: 2 },
                        items: vec![drawn.clone()],
                    },
                    Item::Tagged {
                        tag: Tag::Stop { index: 3 },
                        items: vec![drawn],
                    },
                ],
            }],
            stop_place_ids: vec![],
        };
        let plain = svg(&scene);
        let page = svg_inline(&scene);
        assert!(!plain.contains("data-") && plain.contains("xmlns="));
        assert!(page.starts_with("<svg class=\"sm-map\""));
        assert!(!page.contains("xmlns") && !page.contains("inkscape"));
        assert!(page.contains("<g id=\"routes\">\n<g data-leg=\"1-2\">\n<path d=\"m1 1l8 8\""));
        assert!(page.contains("<g data-stop=\"3\">"));
        assert!(page.contains("<title id=\"sm-map-title\">T &lt;b&gt;</title>"));
    }

    #[test]
    fn numbers_are_trimmed() {
        assert_eq!(num(2.0), "2");
        assert_eq!(num(0.333), "0.33");
        assert_eq!(num(-0.001), "0");
        assert_eq!(escape("A & <B>"), "A &amp; &lt;B&gt;");
    }
}
