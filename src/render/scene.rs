//! What to draw: the display list both backends translate. No pixels here.
//!
//! Every coordinate is in pixels of the output, y down. Text arrives already shaped
//! into glyph outlines, so the PNG and the SVG draw exactly the same letters.

/// An sRGB colour with alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha, 255 opaque.
    pub a: u8,
}

impl Color {
    /// An opaque colour from 0xRRGGBB.
    pub const fn hex(rgb: u32) -> Color {
        Color {
            r: (rgb >> 16) as u8,
            g: (rgb >> 8) as u8,
            b: rgb as u8,
            a: 255,
        }
    }

    /// The same colour with another alpha.
    pub const fn alpha(self, a: u8) -> Color {
        Color { a, ..self }
    }
}

/// One path command, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cmd {
    /// Start a subpath.
    Move(f32, f32),
    /// Straight line.
    Line(f32, f32),
    /// Quadratic Bézier (control, end).
    Quad(f32, f32, f32, f32),
    /// Cubic Bézier (control 1, control 2, end).
    Cubic(f32, f32, f32, f32, f32, f32),
    /// Close the subpath.
    Close,
}

/// A vector path.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Path {
    cmds: Vec<Cmd>,
}

impl Path {
    /// An empty path.
    pub fn new() -> Path {
        Path::default()
    }

    /// The commands.
    pub fn cmds(&self) -> &[Cmd] {
        &self.cmds
    }

    /// True when nothing would be drawn.
    pub fn is_empty(&self) -> bool {
        self.cmds.len() < 2
    }

    /// Appends a command.
    pub fn push(&mut self, c: Cmd) {
        self.cmds.push(c);
    }

    /// Appends a polyline (open) or a ring (closed).
    pub fn polyline(&mut self, pts: &[(f32, f32)], closed: bool) {
        let Some(&(x, y)) = pts.first() else { return };
        self.cmds.push(Cmd::Move(x, y));
        self.cmds
            .extend(pts[1..].iter().map(|&(x, y)| Cmd::Line(x, y)));
        if closed {
            self.cmds.push(Cmd::Close);
        }
    }

    /// Appends an axis-aligned rectangle.
    pub fn rect(&mut self, r: Rect) {
        self.polyline(
            &[(r.x0, r.y0), (r.x1, r.y0), (r.x1, r.y1), (r.x0, r.y1)],
            true,
        );
    }

    /// Appends a circle (four cubic arcs).
    pub fn circle(&mut self, cx: f32, cy: f32, r: f32) {
        let k = 0.552_284_8 * r; // cubic approximation of a quarter circle
        self.cmds.push(Cmd::Move(cx + r, cy));
        self.cmds
            .push(Cmd::Cubic(cx + r, cy + k, cx + k, cy + r, cx, cy + r));
        self.cmds
            .push(Cmd::Cubic(cx - k, cy + r, cx - r, cy + k, cx - r, cy));
        self.cmds
            .push(Cmd::Cubic(cx - r, cy - k, cx - k, cy - r, cx, cy - r));
        self.cmds
            .push(Cmd::Cubic(cx + k, cy - r, cx + r, cy - k, cx + r, cy));
        self.cmds.push(Cmd::Close);
    }

    /// Moves every point by (dx, dy).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        let cmds = std::mem::take(&mut self.cmds);
        self.append_moved(&Path { cmds }, dx, dy);
    }

    /// Appends another path moved by (dx, dy).
    pub fn append_moved(&mut self, other: &Path, dx: f32, dy: f32) {
        self.cmds.extend(other.cmds.iter().map(|c| match *c {
            Cmd::Move(x, y) => Cmd::Move(x + dx, y + dy),
            Cmd::Line(x, y) => Cmd::Line(x + dx, y + dy),
            Cmd::Quad(a, b, x, y) => Cmd::Quad(a + dx, b + dy, x + dx, y + dy),
            Cmd::Cubic(a, b, c, d, x, y) => {
                Cmd::Cubic(a + dx, b + dy, c + dx, d + dy, x + dx, y + dy)
            }
            Cmd::Close => Cmd::Close,
        }));
    }
}

/// An axis-aligned rectangle in pixels, x0 <= x1, y0 <= y1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x0: f32,
    /// Top.
    pub y0: f32,
    /// Right.
    pub x1: f32,
    /// Bottom.
    pub y1: f32,
}

impl Rect {
    /// A rectangle from its top-left corner and size.
    pub fn xywh(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect {
            x0: x,
            y0: y,
            x1: x + w.max(0.0),
            y1: y + h.max(0.0),
        }
    }

    /// Width.
    pub fn w(&self) -> f32 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn h(&self) -> f32 {
        self.y1 - self.y0
    }

    /// Grown by `d` on every side.
    pub fn grow(&self, d: f32) -> Rect {
        Rect {
            x0: self.x0 - d,
            y0: self.y0 - d,
            x1: self.x1 + d,
            y1: self.y1 + d,
        }
    }

    /// True when the interiors meet.
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    /// True when `o` lies wholly inside.
    pub fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    /// True when the point is inside or on the edge.
    pub fn has_point(&self, x: f32, y: f32) -> bool {
        x >= self.x0 && x <= self.x1 && y >= self.y0 && y <= self.y1
    }
}

/// How a fill decides what is inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FillRule {
    /// Non-zero winding.
    NonZero,
    /// Even-odd (holes in land are lakes and inland seas, whatever their winding).
    EvenOdd,
}

/// A fill.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fill {
    /// Colour.
    pub color: Color,
    /// Rule.
    pub rule: FillRule,
}

/// Line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cap {
    /// Square off at the end point.
    Butt,
    /// Round.
    Round,
}

/// A stroke.
#[derive(Debug, Clone, PartialEq)]
pub struct Stroke {
    /// Colour.
    pub color: Color,
    /// Width, px.
    pub width_px: f32,
    /// Dash pattern (on, off, ...), px; empty for solid.
    pub dash_px: Vec<f32>,
    /// Line ends.
    pub cap: Cap,
    /// True for round joins, false for miter joins.
    pub round_join: bool,
}

impl Stroke {
    /// A solid line with round joins and butt caps.
    pub fn solid(color: Color, width_px: f32) -> Stroke {
        Stroke {
            color,
            width_px,
            dash_px: Vec::new(),
            cap: Cap::Butt,
            round_join: true,
        }
    }

    /// The same stroke dashed.
    pub fn dashed(mut self, dash_px: &[f32]) -> Stroke {
        self.dash_px = dash_px.to_vec();
        self
    }

    /// The same stroke with round caps.
    pub fn round(mut self) -> Stroke {
        self.cap = Cap::Round;
        self
    }
}

/// How a text item was set: enough for an SVG `<text>` that a designer can retype.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextFont {
    /// Left end of the baseline, px.
    pub x: f32,
    /// Baseline, px.
    pub y: f32,
    /// Font size, px.
    pub size_px: f32,
    /// Bold (Noto Sans Bold) or regular.
    pub bold: bool,
    /// Extra space after each letter, px.
    pub tracking_px: f32,
    /// Sloped (water names).
    pub slant: bool,
}

/// What a tagged group of items shows: a leg or a stop, so an interactive output
/// (the HTML map) can attach that feature's facts to the drawing of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// A leg: the route's index in the document and the leg's index in the route,
    /// both from 0.
    Leg {
        /// Route index, from 0.
        route: usize,
        /// Leg index in the route, from 0.
        leg: usize,
    },
    /// A stop marker: its index in [`Scene::stop_place_ids`] (one marker per place,
    /// shared by every route that stops there).
    Stop {
        /// Stop index, from 0.
        index: usize,
    },
}

/// One thing to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A filled and/or stroked path.
    Path {
        /// Geometry.
        path: Path,
        /// Fill, if any.
        fill: Option<Fill>,
        /// Stroke, drawn over the fill, if any.
        stroke: Option<Stroke>,
    },
    /// Shaped text: a halo stroke under a fill of the glyph outlines.
    Text {
        /// What it says (kept for SVG titles and tests).
        text: String,
        /// Glyph outlines, placed.
        path: Path,
        /// Where the text sits.
        bounds: Rect,
        /// Letter colour.
        color: Color,
        /// Halo around the letters, if any.
        halo: Option<Stroke>,
        /// How the words were set, for SVG with live text.
        font: TextFont,
    },
    /// A named layer (basemap, water, routes, ...): an SVG group designers can
    /// hide or lock; drawn as its items.
    Group {
        /// Layer name, lowercase with hyphens.
        name: &'static str,
        /// What the layer holds.
        items: Vec<Item>,
    },
    /// Items that draw one leg or stop; drawn as its items (the static outputs
    /// write them as they are, the HTML map as a group it can point at).
    Tagged {
        /// Which feature.
        tag: Tag,
        /// Its drawing.
        items: Vec<Item>,
    },
    /// Items drawn clipped to a rectangle (insets).
    Clip {
        /// The clip rectangle.
        rect: Rect,
        /// What is drawn inside.
        items: Vec<Item>,
    },
}

impl Item {
    /// Moves the item by (dx, dy).
    pub fn translate(&mut self, dx: f32, dy: f32) {
        match self {
            Item::Path { path, .. } => path.translate(dx, dy),
            Item::Text {
                path, bounds, font, ..
            } => {
                path.translate(dx, dy);
                font.x += dx;
                font.y += dy;
                *bounds = Rect {
                    x0: bounds.x0 + dx,
                    y0: bounds.y0 + dy,
                    x1: bounds.x1 + dx,
                    y1: bounds.y1 + dy,
                };
            }
            Item::Clip { rect, items } => {
                *rect = Rect {
                    x0: rect.x0 + dx,
                    y0: rect.y0 + dy,
                    x1: rect.x1 + dx,
                    y1: rect.y1 + dy,
                };
                items.iter_mut().for_each(|i| i.translate(dx, dy));
            }
            Item::Group { items, .. } | Item::Tagged { items, .. } => {
                items.iter_mut().for_each(|i| i.translate(dx, dy))
            }
        }
    }
}

/// A map ready to draw: size, resolution and the display list, back to front.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub(crate) width_px: u32,
    pub(crate) height_px: u32,
    pub(crate) dpi: f32,
    pub(crate) background: Color,
    pub(crate) title: String,
    pub(crate) items: Vec<Item>,
    pub(crate) stop_place_ids: Vec<String>,
}

impl Scene {
    /// Width of the output, px.
    pub fn width_px(&self) -> u32 {
        self.width_px
    }

    /// Height of the output, px.
    pub fn height_px(&self) -> u32 {
        self.height_px
    }

    /// Dots per inch recorded in the outputs.
    pub fn dpi(&self) -> f32 {
        self.dpi
    }

    /// The colour under everything (the sea).
    pub fn background(&self) -> Color {
        self.background
    }

    /// The map's title, for metadata.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The display list, back to front.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// The place id (`Place::id`) of each stop marker, by [`Tag::Stop`] index.
    pub fn stop_place_ids(&self) -> &[String] {
        &self.stop_place_ids
    }

    /// Every text item, insets included, with its bounds.
    pub fn texts(&self) -> Vec<(&str, Rect)> {
        fn walk<'a>(items: &'a [Item], out: &mut Vec<(&'a str, Rect)>) {
            for it in items {
                match it {
                    Item::Text { text, bounds, .. } => out.push((text, *bounds)),
                    Item::Clip { items, .. }
                    | Item::Group { items, .. }
                    | Item::Tagged { items, .. } => walk(items, out),
                    Item::Path { .. } => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.items, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rect_overlap_is_strict() {
        let a = Rect::xywh(0.0, 0.0, 10.0, 10.0);
        assert!(a.overlaps(&Rect::xywh(5.0, 5.0, 10.0, 10.0)));
        assert!(
            !a.overlaps(&Rect::xywh(10.0, 0.0, 10.0, 10.0)),
            "touching edges do not overlap"
        );
        assert!(a.contains(&Rect::xywh(1.0, 1.0, 2.0, 2.0)));
        assert_eq!(
            a.grow(1.0),
            Rect {
                x0: -1.0,
                y0: -1.0,
                x1: 11.0,
                y1: 11.0
            }
        );
    }

    #[test]
    fn path_building() {
        let mut p = Path::new();
        assert!(p.is_empty());
        p.polyline(&[(0.0, 0.0), (1.0, 1.0)], true);
        assert_eq!(
            p.cmds(),
            &[Cmd::Move(0.0, 0.0), Cmd::Line(1.0, 1.0), Cmd::Close]
        );
        let mut q = Path::new();
        q.append_moved(&p, 2.0, 3.0);
        assert_eq!(q.cmds()[1], Cmd::Line(3.0, 4.0));
        assert_eq!(
            Color::hex(0x1f5fbf),
            Color {
                r: 0x1f,
                g: 0x5f,
                b: 0xbf,
                a: 255
            }
        );
    }
}
