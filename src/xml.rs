//! The one XML escape, shared by every XML output (KML, QGIS styles, SVG).
//!
//! XML 1.0 forbids most control characters outright, even as character references
//! (`&#1;` is as malformed as a raw U+0001), and the non-characters U+FFFE and
//! U+FFFF. A title or cargo pasted from a report can carry them; they are dropped,
//! so every document shipmap writes stays well-formed whatever the input.

/// True for a character XML 1.0 allows in a document (§2.2 `Char`).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for XML element content or a double- or single-quoted attribute:
/// `& < > " '` become entities, a newline becomes `&#10;` (kept through attribute
/// normalisation), a tab and a carriage return their references, and characters XML
/// forbids are dropped.
///
/// ```
/// assert_eq!(shipmap::xml::escape("shells & \"fuses\"\u{1}"), "shells &amp; &quot;fuses&quot;");
/// ```
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn forbidden_characters_are_dropped_and_markup_escaped() {
        assert_eq!(escape("a\u{0}b\u{1}c\u{1f}d"), "abcd");
        assert_eq!(escape("\u{FFFE}\u{FFFF}x"), "x");
        assert_eq!(
            escape("<a href='x'>&</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;"
        );
        assert_eq!(escape("line\nnext\ttab"), "line&#10;next&#9;tab");
        assert_eq!(escape("Находка 元山"), "Находка 元山");
    }

    proptest! {
        #[test]
        fn any_text_makes_well_formed_content_and_attributes(text in "\\PC*|[\\x00-\\x1f\\u{fffe}\\u{ffff}&<>\"']{0,20}") {
            let doc = format!("<a b=\"{0}\" c='{0}'>{0}</a>", escape(&text));
            let parsed = roxmltree::Document::parse(&doc);
            prop_assert!(parsed.is_ok(), "{doc:?}: {parsed:?}");
            let parsed = parsed.unwrap();
            let kept: String = text.chars().filter(|c| is_xml_char(*c)).collect();
            prop_assert_eq!(parsed.root_element().attribute("b"), Some(kept.as_str()));
            prop_assert_eq!(parsed.root_element().text().unwrap_or(""), kept.as_str());
        }
    }
}
