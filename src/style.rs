//! The look of each mode, shared by every output (GeoJSON simplestyle, QGIS styles,
//! KML, static maps) so a leg looks the same everywhere.

use crate::model::Mode;

/// How lines of one mode are drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineStyle {
    /// Stroke colour, `#rrggbb`.
    pub color: &'static str,
    /// Stroke width in points (1/72 inch).
    pub width_pt: f64,
    /// Dash pattern in multiples of the width; empty for solid.
    pub dash: &'static [f64],
}

/// The style of a mode's legs. Sea and rail differ in colour and in lightness, so
/// they stay apart in greyscale (blue about 45% grey, rail near black).
///
/// ```
/// use shipmap::{model::Mode, style::line_style};
/// assert_ne!(line_style(Mode::Sea).color, line_style(Mode::Rail).color);
/// ```
pub fn line_style(mode: Mode) -> LineStyle {
    match mode {
        Mode::Sea => LineStyle {
            color: "#1f6fb5",
            width_pt: 2.2,
            dash: &[],
        },
        Mode::Rail => LineStyle {
            color: "#262626",
            width_pt: 2.0,
            dash: &[],
        },
        Mode::Road => LineStyle {
            color: "#c4561a",
            width_pt: 1.8,
            dash: &[],
        },
        Mode::Air => LineStyle {
            color: "#7b3fa0",
            width_pt: 1.6,
            dash: &[4.0, 2.0],
        },
    }
}

/// The dash pattern (in multiples of the width) for legs whose dates are approximate
/// or estimated, and for off-network connectors.
pub const UNCERTAIN_DASH: &[f64] = &[3.0, 2.0];

/// Colour of stop markers.
pub const STOP_COLOR: &str = "#b71c1c";
