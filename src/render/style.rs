//! Colours and line styles: the two themes and how each mode is drawn.
//!
//! Modes differ in pattern as well as colour so they survive greyscale printing:
//! sea is a solid line, rail a line with cross ties, road a cased (double) line and
//! air a dotted line. Approximate or estimated legs are dashed; off-network
//! connectors are thin and dashed.

use super::scene::{Color, Stroke};
use crate::model::Mode;

/// The look of the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Soft colours for screens and slides.
    #[default]
    Light,
    /// Greys only, for black-and-white printing.
    Print,
}

impl Theme {
    /// The names accepted by `--theme`.
    pub const NAMES: [&'static str; 2] = ["light", "print"];

    /// Parses a `--theme` value.
    pub fn parse(s: &str) -> Option<Theme> {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Theme::Light),
            "print" => Some(Theme::Print),
            _ => None,
        }
    }
}

/// The palette of a theme.
#[derive(Debug, Clone, Copy)]
pub struct Palette {
    pub sea: Color,
    pub land: Color,
    pub coast: Color,
    pub border: Color,
    pub text: Color,
    pub text_quiet: Color,
    pub halo: Color,
    pub panel: Color,
    pub panel_edge: Color,
    pub marker_fill: Color,
    pub marker_edge: Color,
    pub highlight: Color,
    /// Rivers.
    pub river: Color,
    /// Names of seas, straits and lakes.
    pub water_text: Color,
    /// Names of countries.
    pub country_text: Color,
    /// City dots and names.
    pub city: Color,
}

impl Palette {
    /// The palette for a theme.
    pub fn of(theme: Theme) -> Palette {
        match theme {
            Theme::Light => Palette {
                sea: Color::hex(0xd4e4ee),
                land: Color::hex(0xf4f1ea),
                coast: Color::hex(0x9db3c4),
                border: Color::hex(0xb9aea0),
                text: Color::hex(0x1d2327),
                text_quiet: Color::hex(0x4d565c),
                halo: Color::hex(0xffffff).alpha(235),
                panel: Color::hex(0xffffff).alpha(230),
                panel_edge: Color::hex(0x9aa5ad),
                marker_fill: Color::hex(0xffffff),
                marker_edge: Color::hex(0x1d2327),
                highlight: Color::hex(0xc92a2a),
                river: Color::hex(0xa6c5dc),
                water_text: Color::hex(0x2f6a99),
                country_text: Color::hex(0x85898d),
                city: Color::hex(0x3a4045),
            },
            Theme::Print => Palette {
                sea: Color::hex(0xffffff),
                land: Color::hex(0xe9e9e9),
                coast: Color::hex(0x8c8c8c),
                border: Color::hex(0xa6a6a6),
                text: Color::hex(0x000000),
                text_quiet: Color::hex(0x333333),
                halo: Color::hex(0xffffff),
                panel: Color::hex(0xffffff),
                panel_edge: Color::hex(0x666666),
                marker_fill: Color::hex(0xffffff),
                marker_edge: Color::hex(0x000000),
                highlight: Color::hex(0x000000),
                river: Color::hex(0xb0b0b0),
                water_text: Color::hex(0x555555),
                country_text: Color::hex(0x808080),
                city: Color::hex(0x333333),
            },
        }
    }

    /// The main colour of a mode, for arrows and legend swatches: in the light
    /// theme the colours every other output uses ([`crate::style::line_style`]).
    pub fn mode_color(&self, theme: Theme, mode: Mode) -> Color {
        match (theme, mode) {
            (Theme::Light, _) => {
                parse_hex(crate::style::line_style(mode).color).unwrap_or(self.text)
            }
            (Theme::Print, Mode::Sea) => Color::hex(0x404040),
            (Theme::Print, _) => Color::hex(0x000000),
        }
    }
}

/// Route colours when a document has several routes: the Okabe-Ito palette
/// (Okabe and Ito 2008, "Color Universal Design"), told apart by the common forms
/// of colour blindness; yellow is left out as it vanishes on the light land.
pub const ROUTE_COLORS: [Color; 7] = [
    Color::hex(0x0072b2),
    Color::hex(0xd55e00),
    Color::hex(0x009e73),
    Color::hex(0xcc79a7),
    Color::hex(0xe69f00),
    Color::hex(0x56b4e9),
    Color::hex(0x000000),
];

/// The colour of route `i` of `n`: None for a single route (it keeps the mode
/// colours) and in the print theme (greys only; modes differ by pattern).
pub fn route_color(theme: Theme, i: usize, n: usize) -> Option<Color> {
    (n > 1 && theme == Theme::Light).then(|| ROUTE_COLORS[i % ROUTE_COLORS.len()])
}

/// `#rrggbb` to a colour.
fn parse_hex(s: &str) -> Option<Color> {
    let v = u32::from_str_radix(s.strip_prefix('#')?, 16).ok()?;
    (s.len() == 7).then_some(Color::hex(v))
}

/// The strokes that draw one leg, bottom first, at a given ui scale.
/// In a route's colour instead of the mode's, when given.
pub fn leg_strokes_in(
    theme: Theme,
    mode: Mode,
    approx: bool,
    ui: f32,
    color: Option<Color>,
) -> Vec<Stroke> {
    let p = Palette::of(theme);
    let c = color.unwrap_or(p.mode_color(theme, mode));
    let dash = |s: Stroke| {
        if approx {
            s.dashed(&[9.0 * ui, 5.0 * ui])
        } else {
            s
        }
    };
    match mode {
        Mode::Sea => vec![
            Stroke::solid(p.halo, 6.0 * ui),
            dash(Stroke::solid(c, 3.2 * ui)),
        ],
        Mode::Rail => vec![
            Stroke::solid(p.halo, 6.0 * ui),
            // Cross ties: a wide stroke dashed into short bars across the line.
            Stroke::solid(c, 8.0 * ui).dashed(&[1.6 * ui, 6.4 * ui]),
            dash(Stroke::solid(c, 2.2 * ui)),
        ],
        Mode::Road => vec![
            Stroke::solid(c, 5.6 * ui),
            dash(Stroke::solid(Color::hex(0xffffff), 2.4 * ui)),
        ],
        Mode::Air => vec![
            Stroke::solid(p.halo, 5.0 * ui).round(),
            if approx {
                Stroke::solid(c, 2.6 * ui)
                    .dashed(&[6.0 * ui, 4.0 * ui, 0.1, 4.0 * ui])
                    .round()
            } else {
                Stroke::solid(c, 3.0 * ui).dashed(&[0.1, 6.0 * ui]).round()
            },
        ],
    }
}

/// The stroke of an off-network connector.
pub fn connector_stroke(theme: Theme, mode: Mode, ui: f32, color: Option<Color>) -> Stroke {
    let p = Palette::of(theme);
    Stroke::solid(color.unwrap_or(p.mode_color(theme, mode)), 1.4 * ui)
        .dashed(&[3.0 * ui, 3.0 * ui])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grey(c: Color) -> u32 {
        // Rec. 601 luma, what a greyscale printer keeps.
        (299 * u32::from(c.r) + 587 * u32::from(c.g) + 114 * u32::from(c.b)) / 1000
    }

    #[test]
    fn modes_differ_in_pattern_not_only_colour() {
        let sig = |m| {
            leg_strokes_in(Theme::Print, m, false, 1.0, None)
                .iter()
                .map(|s| (s.dash_px.len(), (s.width_px * 10.0) as i32))
                .collect::<Vec<_>>()
        };
        let all: Vec<_> = Mode::ALL.iter().map(|&m| sig(m)).collect();
        for i in 0..all.len() {
            for j in i + 1..all.len() {
                assert_ne!(
                    all[i],
                    all[j],
                    "{:?} and {:?} look alike",
                    Mode::ALL[i],
                    Mode::ALL[j]
                );
            }
        }
    }

    #[test]
    fn route_colours_are_distinct_and_cycle() {
        let cs: Vec<Color> = (0..7)
            .map(|i| route_color(Theme::Light, i, 7).unwrap())
            .collect();
        for i in 0..cs.len() {
            for j in i + 1..cs.len() {
                let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).abs();
                let dist = d(cs[i].r, cs[j].r) + d(cs[i].g, cs[j].g) + d(cs[i].b, cs[j].b);
                assert!(dist > 75, "route colours {i} and {j} are too close");
            }
        }
        assert_eq!(route_color(Theme::Light, 7, 50), Some(cs[0]));
        assert_eq!(route_color(Theme::Light, 0, 1), None);
        assert_eq!(route_color(Theme::Print, 1, 3), None);
    }

    #[test]
    fn approx_legs_are_dashed() {
        for m in Mode::ALL {
            let solid = leg_strokes_in(Theme::Light, m, false, 1.0, None);
            let dashed = leg_strokes_in(Theme::Light, m, true, 1.0, None);
            assert_ne!(solid, dashed, "{m}");
        }
    }

    #[test]
    fn print_theme_is_grey_and_route_stands_out() {
        let p = Palette::of(Theme::Print);
        for c in [p.sea, p.land, p.coast, p.border, p.text] {
            assert!(c.r == c.g && c.g == c.b);
        }
        let l = Palette::of(Theme::Light);
        assert!(grey(l.mode_color(Theme::Light, Mode::Sea)) + 80 < grey(l.sea));
        assert_eq!(Theme::parse("PRINT"), Some(Theme::Print));
        assert_eq!(parse_hex("#1f6fb5"), Some(Color::hex(0x1f6fb5)));
        assert_eq!(parse_hex("1f6fb5"), None);
    }
}
