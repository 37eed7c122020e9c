//! Static maps: a route document drawn as PNG and SVG.
//!
//! [`scene()`] decides everything (projection, basemap, leg styles, labels, furniture)
//! and returns a [`Scene`], a display list in pixels; [`png`] and [`svg`] only
//! translate it, so the two outputs show the same map.
//!
//! ```
//! use shipmap::render::{self, Layout};
//! let doc = shipmap::model::Document {
//!     title: Some("Empty".into()), subtitle: None, source: None,
//!     routes: vec![], warnings: vec![], embedded_rail: false,
//! };
//! let layout = Layout { width_px: 320, height_px: 200, ..Layout::default() };
//! let scene = render::scene(&doc, &layout);
//! assert_eq!((scene.width_px(), scene.height_px()), (320, 200));
//! assert!(render::svg(&scene).starts_with("<svg"));
//! assert_eq!(&render::png(&scene)?[1..4], b"PNG");
//! # Ok::<(), render::RenderError>(())
//! ```

mod basemap;
mod coast;
mod draw;
#[cfg(test)]
mod framing_tests;
mod furniture;
mod inset;
mod labels;
pub mod layout;
mod obstacles;
mod png;
pub mod project;
mod reference;
mod refit;
pub mod scene;
mod style;
mod svg;
mod text;

pub use self::png::png;
pub use self::project::ProjectionChoice;
pub use self::scene::Scene;
pub use self::style::Theme;
pub(crate) use self::svg::svg_inline;
pub use self::svg::{svg, svg_with, SvgText};

/// How the map is framed: size, resolution, look and projection.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// Output width, px.
    pub width_px: u32,
    /// Output height, px.
    pub height_px: u32,
    /// Resolution recorded in the PNG, dots per inch; furniture and lines scale
    /// with it when it is above 96 (print).
    pub dpi: f32,
    /// Colours.
    pub theme: Theme,
    /// Projection, or `Auto` to choose from the extent.
    pub projection: ProjectionChoice,
    /// Words in the SVG as outlines (default) or live text.
    pub svg_text: SvgText,
    /// Title band above and source line below the map (default), or floating
    /// panels over it.
    pub panels: Panels,
}

/// Where title, source and legend go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Panels {
    /// A title band above the map, the source line below it, an unboxed legend
    /// (news-graphics practice).
    #[default]
    Band,
    /// Boxed panels floating over the map where they cover least.
    Float,
}

impl Default for Layout {
    /// A 1920x1080 slide at 96 dpi, light theme, projection chosen from the extent.
    fn default() -> Layout {
        Layout {
            width_px: 1920,
            height_px: 1080,
            dpi: 96.0,
            theme: Theme::Light,
            projection: ProjectionChoice::Auto,
            svg_text: SvgText::Outlines,
            panels: Panels::Band,
        }
    }
}

/// A paper size, for `--paper`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Paper {
    /// Width, mm.
    pub width_mm: f64,
    /// Height, mm.
    pub height_mm: f64,
}

impl Paper {
    /// The names accepted by `--paper`.
    pub const NAMES: [&'static str; 8] = [
        "a4-landscape",
        "a4-portrait",
        "a3-landscape",
        "a3-portrait",
        "letter-landscape",
        "letter-portrait",
        "a5-landscape",
        "a5-portrait",
    ];

    /// Parses a `--paper` value such as `a4-landscape` (ISO 216 and US letter).
    pub fn parse(s: &str) -> Option<Paper> {
        let s = s.trim().to_ascii_lowercase();
        let (name, orient) = s.split_once('-').unwrap_or((s.as_str(), "landscape"));
        let (short, long) = match name {
            "a5" => (148.0, 210.0),
            "a4" => (210.0, 297.0),
            "a3" => (297.0, 420.0),
            "letter" => (215.9, 279.4),
            _ => return None,
        };
        match orient {
            "landscape" => Some(Paper {
                width_mm: long,
                height_mm: short,
            }),
            "portrait" => Some(Paper {
                width_mm: short,
                height_mm: long,
            }),
            _ => None,
        }
    }
}

impl Layout {
    /// A layout for paper at a resolution: A4 landscape at 300 dpi is 3508x2480 px.
    pub fn for_paper(paper: Paper, dpi: f32) -> Result<Layout, RenderError> {
        let px = |mm: f64| (mm / 25.4 * f64::from(dpi)).round();
        let (w, h) = (px(paper.width_mm), px(paper.height_mm));
        let fits = |v: f64| (1.0..=f64::from(u32::MAX)).contains(&v);
        if !(dpi.is_finite() && dpi > 0.0 && fits(w) && fits(h)) {
            return Err(RenderError::Dpi { dpi });
        }
        Ok(Layout {
            width_px: w as u32,
            height_px: h as u32,
            dpi,
            ..Layout::default()
        })
    }

    /// Parses `--size` values such as `1920x1080`.
    pub fn parse_size(s: &str) -> Option<(u32, u32)> {
        let (w, h) = s
            .trim()
            .to_ascii_lowercase()
            .split_once('x')
            .map(|(a, b)| (a.trim().parse().ok(), b.trim().parse().ok()))?;
        Some((w?, h?)).filter(|&(w, h): &(u32, u32)| w > 0 && h > 0)
    }

    /// How much furniture, text and lines are enlarged: in proportion to the
    /// frame (1 on a 1600x1000 map, 2 on 3200x2000, by the shorter of width/1600
    /// and height/1000), so every screen size shows the same design; for print
    /// (dpi above 96) at least dpi/96, so sizes hold on paper. Kept within
    /// 0.6..=8; texts have minimum sizes of their own.
    pub fn ui_scale(&self) -> f32 {
        let by_dpi = if self.dpi > 96.0 {
            self.dpi / 96.0
        } else {
            0.0
        };
        let by_size = (self.width_px as f32 / 1600.0).min(self.height_px as f32 / 1000.0);
        by_dpi.max(by_size).clamp(0.6, 8.0)
    }
}

/// Why a map could not be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RenderError {
    /// The image size is zero or too large.
    #[error("image size {width_px}x{height_px} px cannot be drawn (at most {} Mpx)", png::MAX_PIXELS / 1_000_000)]
    Size {
        /// Width asked for.
        width_px: u32,
        /// Height asked for.
        height_px: u32,
    },
    /// The resolution is not a positive number.
    #[error("resolution {dpi} dpi is not usable")]
    Dpi {
        /// Dots per inch asked for.
        dpi: f32,
    },
    /// The PNG encoder failed.
    #[error("PNG encoding failed: {0}")]
    Encode(String),
}

impl RenderError {
    /// A hint on what to do, for the CLI to show.
    pub fn help(&self) -> String {
        match self {
            RenderError::Size { .. } => {
                "use --size WIDTHxHEIGHT with both sides above 0, e.g. --size 1920x1080".to_owned()
            }
            RenderError::Dpi { .. } => {
                "use --dpi with a positive number, e.g. --dpi 300".to_owned()
            }
            RenderError::Encode(_) => {
                "this is a bug in shipmap; please report it with the route document".to_owned()
            }
        }
    }
}

/// A static-map output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapFormat {
    /// `NAME.png`: exactly the layout's size, its DPI recorded.
    Png,
    /// `NAME.svg`: the same map as vectors, text as outlines.
    Svg,
    /// `NAME.html`: the same map inline in one self-contained page, with cards of
    /// facts, a timeline and a day slider ([`crate::export::html`]).
    Html,
}

/// The colour of route `i` of `n` on a light-theme map, `#rrggbb`, when the map
/// colours routes (several of them); `None` when legs take their mode's colour.
pub(crate) fn route_color_hex(i: usize, n: usize) -> Option<String> {
    style::route_color(Theme::Light, i, n).map(|c| format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b))
}

/// Reads the tables every map draws from (reference names, fonts) now rather than
/// on first use, so that a caller can do it beside other work ([`crate::load`] does
/// with `Options::prepare_maps`).
pub fn prepare() {
    reference::prepare();
    text::prepare();
}

/// The map files made by [`files`], and warnings on what the map could not show
/// (a close-up without room, places too small to read that got none).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct MapFiles {
    /// The files, in the order of the formats asked for.
    pub files: Vec<crate::export::OutputFile>,
    /// One sentence each, without a "warning:" prefix.
    pub warnings: Vec<String>,
}

/// Draws the document once and makes `NAME.png`, `NAME.svg` and/or `NAME.html` in memory, for
/// the CLI's atomic writer ([`crate::export::write_all`]). The formats are made side
/// by side from the one scene.
pub fn files(
    doc: &crate::model::Document,
    base: &str,
    formats: &[MapFormat],
    layout: &Layout,
) -> Result<MapFiles, RenderError> {
    if formats.is_empty() {
        return Ok(MapFiles::default());
    }
    use rayon::prelude::*;
    let composed = draw::compose_all(doc, layout);
    let (scene, warnings) = (composed.scene, composed.notes);
    let files = formats
        .par_iter()
        .map(|f| {
            let (name, bytes) = match f {
                MapFormat::Png => (format!("{base}.png"), png(&scene)?),
                MapFormat::Svg => (
                    format!("{base}.svg"),
                    svg_with(&scene, layout.svg_text).into_bytes(),
                ),
                MapFormat::Html => (
                    format!("{base}.html"),
                    crate::export::html::write(doc, &scene).into_bytes(),
                ),
            };
            Ok(crate::export::OutputFile { name, bytes })
        })
        .collect::<Result<Vec<_>, RenderError>>()?;
    Ok(MapFiles { files, warnings })
}

impl Layout {
    /// The layout the CLI's flags ask for: `--paper` (at `--dpi`, 300 when not
    /// given) wins over `--size` (1920x1080 when not given, at `--dpi` or 96).
    pub fn from_flags(
        size: Option<(u32, u32)>,
        paper: Option<Paper>,
        dpi: Option<f32>,
        theme: Theme,
        projection: ProjectionChoice,
    ) -> Result<Layout, RenderError> {
        let mut layout = match paper {
            Some(p) => Layout::for_paper(p, dpi.unwrap_or(300.0))?,
            None => {
                let (width_px, height_px) = size.unwrap_or((1920, 1080));
                let dpi = dpi.unwrap_or(96.0);
                if !(dpi.is_finite() && dpi > 0.0) {
                    return Err(RenderError::Dpi { dpi });
                }
                Layout {
                    width_px,
                    height_px,
                    dpi,
                    ..Layout::default()
                }
            }
        };
        if u64::from(layout.width_px) * u64::from(layout.height_px) > png::MAX_PIXELS
            || layout.width_px == 0
            || layout.height_px == 0
        {
            return Err(RenderError::Size {
                width_px: layout.width_px,
                height_px: layout.height_px,
            });
        }
        layout.theme = theme;
        layout.projection = projection;
        Ok(layout)
    }
}

/// Builds the map of a document: every decision is made here, nothing in the
/// backends. Never fails: an empty document gives a world map with its title.
pub fn scene(doc: &crate::model::Document, layout: &Layout) -> Scene {
    draw::build(doc, layout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_at_300_dpi() {
        let l = Layout::for_paper(Paper::parse("a4-landscape").unwrap(), 300.0).unwrap();
        assert_eq!((l.width_px, l.height_px), (3508, 2480));
        assert!((l.ui_scale() - 3.125).abs() < 1e-6);
        assert!(Layout::for_paper(Paper::parse("a4").unwrap(), 0.0).is_err());
        assert_eq!(Paper::parse("a4-portrait").map(|p| p.width_mm), Some(210.0));
        assert_eq!(Paper::parse("b5-landscape"), None);
    }

    #[test]
    fn flags_make_layouts() {
        let a4 = Paper::parse("a4-landscape");
        let l = Layout::from_flags(
            Some((800, 600)),
            a4,
            None,
            Theme::Print,
            ProjectionChoice::Conic,
        )
        .unwrap();
        assert_eq!((l.width_px, l.height_px, l.dpi), (3508, 2480, 300.0));
        assert_eq!(
            (l.theme, l.projection),
            (Theme::Print, ProjectionChoice::Conic)
        );
        let l = Layout::from_flags(None, None, None, Theme::Light, ProjectionChoice::Auto).unwrap();
        assert_eq!((l.width_px, l.height_px, l.dpi), (1920, 1080, 96.0));
        assert!(Layout::from_flags(
            Some((20_000, 20_000)),
            None,
            None,
            Theme::Light,
            ProjectionChoice::Auto
        )
        .is_err());
        assert!(
            Layout::from_flags(None, None, Some(-1.0), Theme::Light, ProjectionChoice::Auto)
                .is_err()
        );
    }

    #[test]
    fn files_are_named_after_the_base() {
        let doc = crate::model::Document {
            title: None,
            subtitle: None,
            source: None,
            routes: vec![],
            warnings: vec![],
            embedded_rail: false,
        };
        let layout = Layout {
            width_px: 64,
            height_px: 40,
            ..Layout::default()
        };
        let f = files(&doc, "m", &[MapFormat::Png, MapFormat::Svg], &layout).unwrap();
        assert_eq!(
            f.files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["m.png", "m.svg"]
        );
        assert!(f.warnings.is_empty());
        assert!(files(&doc, "m", &[], &layout).unwrap().files.is_empty());
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(Layout::parse_size("1920x1080"), Some((1920, 1080)));
        assert_eq!(Layout::parse_size(" 800 X 600 "), Some((800, 600)));
        assert_eq!(Layout::parse_size("0x10"), None);
        assert_eq!(Layout::parse_size("big"), None);
        assert!(
            (Layout {
                width_px: 1600,
                height_px: 1000,
                ..Layout::default()
            }
            .ui_scale()
                - 1.0)
                .abs()
                < 1e-6
        );
    }
}
