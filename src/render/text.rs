//! Text: shaping with rustybuzz and glyph outlines with ttf-parser, from fonts
//! embedded in the binary (subset Noto, see data/README.md).
//!
//! A label is cut into runs by the font that has its letters (Noto Sans for Latin,
//! Greek and Cyrillic; Noto Sans Arabic; Noto Sans CJK KR for Hangul), each run is
//! shaped on its own (Arabic joins and runs right to left) and the runs are set
//! side by side. Outlines come out as [`Path`]s, so both backends draw the same
//! letters and SVG viewers need no fonts.

use std::sync::OnceLock;

use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};
use rustybuzz::{Face, UnicodeBuffer};

use super::scene::{Cmd, Path};

/// Regular or bold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Regular.
    Regular,
    /// Bold (titles).
    Bold,
}

struct Fonts {
    regular: Face<'static>,
    bold: Face<'static>,
    arabic: Face<'static>,
    hangul: Face<'static>,
}

/// Parses the fonts now (see [`super::prepare`]).
pub(super) fn prepare() {
    fonts();
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        // The fonts are compiled in and checked by `embedded_fonts_parse`; a
        // failure here means the build shipped a damaged file.
        let face = |bytes: &'static [u8]| {
            Face::from_slice(bytes, 0).expect("embedded font parses (tested)")
        };
        Fonts {
            regular: face(include_bytes!(
                "../../data/fonts/NotoSans-Regular.subset.ttf"
            )),
            bold: face(include_bytes!("../../data/fonts/NotoSans-Bold.subset.ttf")),
            arabic: face(include_bytes!(
                "../../data/fonts/NotoSansArabic-Regular.subset.ttf"
            )),
            hangul: face(include_bytes!(
                "../../data/fonts/NotoSansKR-Regular.subset.otf"
            )),
        }
    })
}

/// A shaped line of text, its outline with the baseline's left end at (0, 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    /// Glyph outlines, px, y down.
    pub path: Path,
    /// Advance width, px.
    pub width_px: f32,
    /// Height above the baseline that capitals and most letters reach, px.
    pub ascent_px: f32,
    /// Depth below the baseline of descenders, px (positive).
    pub descent_px: f32,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Script {
    Latin,
    Arabic,
    Hangul,
    Neutral,
}

fn script_of(c: char) -> Script {
    match c as u32 {
        0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Script::Arabic,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => Script::Hangul,
        _ if c.is_alphanumeric() => Script::Latin,
        _ => Script::Neutral,
    }
}

/// Shapes one line of text at `size_px`. Letters no embedded font has come out as
/// the font's missing-glyph box, never as a panic.
pub fn shape(text: &str, weight: Weight, size_px: f32) -> Shaped {
    shape_styled(text, weight, size_px, 0.0, 0.0)
}

/// [`shape`] with letter spacing (`tracking_em`, a fraction of the size added after
/// each letter: spaced capitals for country names) and a slant (`slant`, the
/// horizontal shift per unit of height: 0.2 sets water names in a sloped roman,
/// as the embedded fonts have no italic).
pub fn shape_styled(
    text: &str,
    weight: Weight,
    size_px: f32,
    tracking_em: f32,
    slant: f32,
) -> Shaped {
    let f = fonts();
    let latin = match weight {
        Weight::Regular => &f.regular,
        Weight::Bold => &f.bold,
    };
    // Cut into runs by script. Spaces and punctuation stay in a run only when the
    // next letter continues it (so "تهران Tehran" keeps its space on the Latin side)
    // and its font has them; otherwise they go with the Latin font.
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    let mut runs: Vec<(Script, String)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let mut s = script_of(c);
        if s == Script::Neutral {
            let prev = runs.last().map(|r| r.0);
            let next = chars[i + 1..]
                .iter()
                .map(|&c| script_of(c))
                .find(|&s| s != Script::Neutral);
            let face = |s: Script| match s {
                Script::Arabic => &f.arabic,
                Script::Hangul => &f.hangul,
                _ => latin,
            };
            s = match prev {
                Some(p)
                    if p != Script::Latin
                        && next == Some(p)
                        && face(p).glyph_index(c).is_some() =>
                {
                    p
                }
                _ => Script::Latin,
            };
        }
        // Symbols Noto Sans lacks (arrows, CJK punctuation) come from the CJK font.
        if s == Script::Latin && latin.glyph_index(c).is_none() && f.hangul.glyph_index(c).is_some()
        {
            s = Script::Hangul;
        }
        match runs.last_mut() {
            Some((rs, buf)) if *rs == s => buf.push(c),
            _ => runs.push((s, c.to_string())),
        }
    }
    let mut path = Path::new();
    let mut pen_px = 0.0f32;
    for (script, run) in &runs {
        let face = match script {
            Script::Arabic => &f.arabic,
            Script::Hangul => &f.hangul,
            _ => latin,
        };
        let scale = size_px / face.units_per_em().max(1) as f32;
        let mut buf = UnicodeBuffer::new();
        buf.push_str(run);
        buf.guess_segment_properties();
        let glyphs = rustybuzz::shape(face, &[], buf);
        for (info, pos) in glyphs.glyph_infos().iter().zip(glyphs.glyph_positions()) {
            let gid = GlyphId(u16::try_from(info.glyph_id).unwrap_or(0));
            let mut sink = Sink {
                path: &mut path,
                scale,
                dx: pen_px + pos.x_offset as f32 * scale,
                dy: -(pos.y_offset as f32) * scale,
                slant,
            };
            face.outline_glyph(gid, &mut sink);
            pen_px += pos.x_advance as f32 * scale;
            if pos.x_advance != 0 {
                pen_px += tracking_em * size_px;
            }
        }
    }
    let r = &f.regular;
    let em = r.units_per_em().max(1) as f32;
    if tracking_em > 0.0 && !chars.is_empty() {
        pen_px -= tracking_em * size_px; // no space after the last letter
    }
    Shaped {
        path,
        width_px: pen_px.max(0.0),
        // Cap height plus a little for accents; the descender from the font.
        ascent_px: size_px * f32::from(r.capital_height().unwrap_or(714)) / em * 1.1,
        descent_px: size_px * f32::from(r.descender()).abs() / em * 0.8,
    }
}

struct Sink<'a> {
    path: &'a mut Path,
    scale: f32,
    dx: f32,
    dy: f32,
    slant: f32,
}

impl Sink<'_> {
    fn p(&self, x: f32, y: f32) -> (f32, f32) {
        let y_px = self.dy - y * self.scale;
        (self.dx + x * self.scale - self.slant * y_px, y_px)
    }
}

impl OutlineBuilder for Sink<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.path.push(Cmd::Move(x, y));
    }
    fn line_to(&mut self, x: f32, y: f32) {
        let (x, y) = self.p(x, y);
        self.path.push(Cmd::Line(x, y));
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        let (a, b) = self.p(x1, y1);
        let (x, y) = self.p(x, y);
        self.path.push(Cmd::Quad(a, b, x, y));
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (a, b) = self.p(x1, y1);
        let (c, d) = self.p(x2, y2);
        let (x, y) = self.p(x, y);
        self.path.push(Cmd::Cubic(a, b, c, d, x, y));
    }
    fn close(&mut self) {
        self.path.push(Cmd::Close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_parse() {
        let f = fonts();
        for face in [&f.regular, &f.bold, &f.arabic, &f.hangul] {
            assert!(face.units_per_em() > 0);
        }
        assert!(f.regular.glyph_index('Ж').is_some());
        assert!(f.arabic.glyph_index('ب').is_some());
        assert!(f.hangul.glyph_index('진').is_some());
    }

    #[test]
    fn width_grows_with_text_and_size() {
        let a = shape("Najin", Weight::Regular, 12.0);
        let b = shape("Najin port", Weight::Regular, 12.0);
        let c = shape("Najin", Weight::Regular, 24.0);
        assert!(a.width_px > 20.0 && a.width_px < 50.0, "{}", a.width_px);
        assert!(b.width_px > a.width_px);
        assert!((c.width_px - 2.0 * a.width_px).abs() < 0.01);
        assert!(shape("", Weight::Bold, 12.0).path.is_empty());
    }

    #[test]
    fn cyrillic_hangul_and_arabic_get_outlines() {
        for s in ["Тихорецк", "나진", "بندر عباس", "Najin 나진 Тихорецк"]
        {
            let t = shape(s, Weight::Regular, 14.0);
            assert!(t.path.cmds().len() > 20, "{s}");
            assert!(t.width_px > 14.0, "{s}");
        }
    }

    #[test]
    fn arabic_letters_join() {
        // Joined (initial/medial/final) forms are narrower than isolated letters.
        let joined = shape("بندر", Weight::Regular, 20.0).width_px;
        let apart = "بندر"
            .chars()
            .map(|c| shape(&c.to_string(), Weight::Regular, 20.0).width_px)
            .sum::<f32>();
        assert!(joined < apart, "{joined} vs {apart}");
    }
}
