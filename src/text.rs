//! Text from documents, place files and flags made safe to show: control characters
//! escaped, lengths bounded, and names turned into file-safe words.
//!
//! Received files are not trusted: a route id holding `ESC ] 0 ; ... BEL` would
//! retitle the analyst's terminal if printed raw, and a 10 MB cell would flood it.

use std::borrow::Cow;
use std::fmt::Write as _;

/// True for the characters a terminal may act on: C0 (U+0000..U+001F), DEL and C1
/// (U+0080..U+009F).
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// Shows every control character as an escape (`\t`, `\n`, `\r`, `\x1B`, `\u{9B}`), so
/// the text prints as one harmless line. Text without any is borrowed.
///
/// ```
/// use shipmap::text::escape_controls;
/// assert_eq!(escape_controls("r\u{1b}]0;X\u{7}"), r"r\x1B]0;X\x07");
/// assert_eq!(escape_controls("a\tb\u{9b}"), r"a\tb\u{9B}");
/// assert_eq!(escape_controls("Дунай"), "Дунай");
/// ```
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        push_escaped(&mut out, c);
    }
    Cow::Owned(out)
}

/// Like [`escape_controls`] but keeps line breaks: for multi-line text that shipmap
/// composed itself (tables, messages) and that may hold values from documents.
///
/// ```
/// use shipmap::text::escape_controls_keep_lines;
/// assert_eq!(escape_controls_keep_lines("a\u{1b}\nb\r\n"), "a\\x1B\nb\\r\n");
/// ```
pub fn escape_controls_keep_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_control(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c == '\n' {
            out.push(c);
        } else {
            push_escaped(&mut out, c);
        }
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\t' => out.push_str("\\t"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        c if (c as u32) < 0x80 && is_control(c) => {
            // cannot fail: writing to a String
            let _ = write!(out, "\\x{:02X}", c as u32);
        }
        c if is_control(c) => {
            let _ = write!(out, "\\u{{{:X}}}", c as u32);
        }
        c => out.push(c),
    }
}

/// Cuts text to at most `max_chars` characters, ending with `…` when cut.
///
/// ```
/// use shipmap::text::cut;
/// assert_eq!(cut("Tartus to Novorossiysk", 9), "Tartus t…");
/// assert_eq!(cut("Najin", 9), "Najin");
/// ```
pub fn cut(text: &str, max_chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep = max_chars.saturating_sub(1);
            let end = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
            Cow::Owned(format!("{}…", &text[..end]))
        }
    }
}

/// The longest title or subtitle kept, in characters: two lines of a slide's title band.
pub const MAX_TITLE_CHARS: usize = 200;

/// The longest source line kept, in characters.
pub const MAX_SOURCE_CHARS: usize = 500;

/// A title, subtitle or source line as every output shows it: line breaks and tabs
/// become spaces, other control characters are escaped (`\x1B`), runs of spaces
/// shrink to one, and the text is cut to `max_chars` with `…`. Returns the clean text
/// and whether anything had to change beyond trimming.
///
/// ```
/// use shipmap::text::clean_line;
/// assert_eq!(clean_line(" DPRK\nmunitions\u{1b}[2J ", 200), ("DPRK munitions\\x1B[2J".to_owned(), true));
/// assert_eq!(clean_line("Angara", 3), ("An…".to_owned(), true));
/// ```
pub fn clean_line(text: &str, max_chars: usize) -> (String, bool) {
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut changed = false;
    let mut space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            if c != ' ' || space {
                changed = true;
            }
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if is_control(c) {
            changed = true;
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
        // stop early on huge input; the cut below adds the ellipsis
        if out.len() > max_chars * 16 {
            break;
        }
    }
    let cut_text = cut(&out, max_chars);
    if let Cow::Owned(s) = cut_text {
        return (s, true);
    }
    (out, changed)
}

/// A file-safe ASCII word for a place name: letters and digits, lowercase, joined by
/// `-`; accents dropped (`Ţarţūs` → `tartus`). Empty when nothing ASCII is left.
///
/// ```
/// use shipmap::text::slug;
/// assert_eq!(slug("Dunay, RU"), "dunay-ru");
/// assert_eq!(slug("Ţarţūs"), "tartus");
/// assert_eq!(slug("Тихорецк"), "");
/// assert_eq!(slug("42.2456N 130.2967E"), "42-2456n-130-2967e");
/// ```
pub fn slug(name: &str) -> String {
    let folded = crate::gazetteer::fold::fold(name);
    let mut out = String::with_capacity(folded.len());
    let mut dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    out
}

/// A byte count for people: `512 bytes`, `3.4 MB`, `1.2 GB` (decimal units, as
/// file managers show sizes).
///
/// ```
/// use shipmap::text::byte_size;
/// assert_eq!(byte_size(512), "512 bytes");
/// assert_eq!(byte_size(209_715_200), "209.7 MB");
/// assert_eq!(byte_size(1_073_741_824), "1.1 GB");
/// ```
pub fn byte_size(bytes: u64) -> String {
    let b = bytes as f64;
    if bytes < 1_000 {
        format!("{bytes} bytes")
    } else if b < 1e6 {
        format!("{:.1} kB", b / 1e3)
    } else if b < 1e9 {
        format!("{:.1} MB", b / 1e6)
    } else {
        format!("{:.1} GB", b / 1e9)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_c0_and_c1_character_is_escaped() {
        let controls = (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32);
        for c in controls {
            let text = format!("a{c}b");
            let shown = escape_controls(&text);
            assert!(
                !shown.chars().any(is_control),
                "{:?} -> {shown:?}",
                c as u32
            );
            assert!(shown.starts_with('a') && shown.ends_with('b'));
            let (clean, changed) = clean_line(&text, 100);
            assert!(!clean.chars().any(is_control), "{:?}", c as u32);
            assert!(changed);
        }
    }

    #[test]
    fn cut_counts_characters_not_bytes() {
        assert_eq!(cut("ДунайДунай", 5), "Дуна…");
        assert_eq!(cut("", 0), "");
        assert_eq!(cut("ab", 0), "…");
    }

    #[test]
    fn huge_lines_are_cut_quickly() {
        let big = "x".repeat(10_000_000);
        let (clean, changed) = clean_line(&big, MAX_TITLE_CHARS);
        assert_eq!(clean.chars().count(), MAX_TITLE_CHARS);
        assert!(clean.ends_with('…') && changed);
    }

    #[test]
    fn slug_of_punctuation_only_is_empty() {
        assert_eq!(slug("  ,;- "), "");
        assert_eq!(slug("Bandar-e Abbas"), "bandar-e-abbas");
    }
}
