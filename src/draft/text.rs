//! The article as plain text: HTML tags and Markdown marks stripped, then split into
//! paragraphs, sentences and word tokens.

/// Abbreviations whose full stop does not end a sentence (lower case, no dot).
const ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mr",
    "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "adm", "sgt", "st", "no", "nos", "vs",
    "approx", "ca", "c", "e.g", "i.e", "etc", "inc", "corp", "co", "ltd", "u.s", "u.k", "u.n",
    "jr", "sr", "gov", "sen", "rep", "pres", "min", "dept", "est", "fig", "vol", "al",
];

/// Plain text from an article in plain text, Markdown or HTML.
pub(crate) fn plain(input: &str) -> String {
    let text = if looks_html(input) {
        strip_html(input)
    } else {
        input.to_owned()
    };
    strip_markdown(&text)
}

fn looks_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(2000)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<p>")
        || head.contains("<p ")
        || head.contains("<body")
        || head.contains("<div")
        || head.contains("<!doctype")
        || head.contains("<article")
}

/// Tags removed (block tags become paragraph breaks), `script` and `style` bodies
/// dropped, the common entities decoded.
fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = after[1..gt].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &after[gt + 1..];
        if (name == "script" || name == "style") && !tag.starts_with('/') {
            let close = format!("</{name}");
            match rest.to_ascii_lowercase().find(&close) {
                Some(end) => rest = &rest[end..],
                None => rest = "",
            }
            continue;
        }
        let block = matches!(
            name.as_str(),
            "p" | "div"
                | "br"
                | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "li"
                | "tr"
                | "article"
                | "section"
                | "blockquote"
                | "header"
                | "footer"
                | "title"
        );
        if block {
            out.push_str("\n\n");
        }
    }
    out.push_str(&decode_entities(rest));
    out
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" | "#39" | "rsquo" | "lsquo" => '\'',
                "nbsp" => ' ',
                "ndash" => '–',
                "mdash" => '—',
                "ldquo" | "rdquo" => '"',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Heading marks, emphasis, links (`[text](url)` keeps the text), quotes and list
/// bullets removed.
fn strip_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut l = line.trim_start();
        l = l.trim_start_matches('#').trim_start();
        l = l.trim_start_matches('>').trim_start();
        if let Some(rest) = l.strip_prefix("* ").or_else(|| l.strip_prefix("- ")) {
            l = rest;
        }
        let mut s = String::with_capacity(l.len());
        let mut chars = l.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '*' | '_' if is_emphasis(l, i) => {}
                '`' => {}
                '[' => {
                    // [text](url) -> text
                    if let Some(close) = l[i..].find("](") {
                        let text_end = i + close;
                        if let Some(paren) = l[text_end + 2..].find(')') {
                            s.push_str(&l[i + 1..text_end]);
                            let skip_to = text_end + 2 + paren + 1;
                            while chars.peek().is_some_and(|(j, _)| *j < skip_to) {
                                chars.next();
                            }
                            continue;
                        }
                    }
                    s.push(c);
                }
                _ => s.push(c),
            }
        }
        out.push_str(&s);
        out.push('\n');
    }
    out
}

/// An underscore or star that marks emphasis: not inside a word (`snake_case` keeps it).
fn is_emphasis(line: &str, i: usize) -> bool {
    let before = line[..i].chars().next_back();
    let after = line[i + 1..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    !(word(before) && word(after))
}

/// One sentence: its text and the paragraph it is in.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub text: String,
    pub paragraph: usize,
}

/// Sentences in order, with their paragraph numbers. Line breaks inside a paragraph
/// are spaces.
pub(crate) fn sentences(plain: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (p, para) in plain.split("\n\n").enumerate() {
        let joined: String = para.split_whitespace().collect::<Vec<_>>().join(" ");
        if joined.is_empty() {
            continue;
        }
        let mut start = 0;
        let bytes = joined.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if matches!(b, b'.' | b'!' | b'?') && ends_sentence(&joined, i) {
                let mut end = i + 1;
                // closing quotes and brackets belong to the sentence
                while end < bytes.len() && matches!(bytes[end], b'"' | b'\'' | b')') {
                    end += 1;
                }
                push(&mut out, &joined[start..end], p);
                start = end;
                i = end;
                continue;
            }
            i += 1;
        }
        push(&mut out, &joined[start..], p);
    }
    out
}

fn push(out: &mut Vec<Sentence>, text: &str, paragraph: usize) {
    let t = text.trim();
    if !t.is_empty() {
        out.push(Sentence {
            text: t.to_owned(),
            paragraph,
        });
    }
}

/// Whether the stop at byte `i` ends a sentence: followed by a space and a capital,
/// digit or quote, and not after an abbreviation or an initial.
fn ends_sentence(text: &str, i: usize) -> bool {
    let rest = &text[i + 1..];
    let rest = rest.trim_start_matches(['"', '\'', ')', '”', '’']);
    if !rest.starts_with(' ') {
        return rest.is_empty();
    }
    let next = rest.trim_start().chars().next();
    let Some(next) = next else {
        return true;
    };
    if !(next.is_uppercase() || next.is_ascii_digit() || matches!(next, '"' | '“' | '\'' | '(')) {
        return false;
    }
    if text.as_bytes()[i] != b'.' {
        return true;
    }
    let word: String = text[..i]
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let lower = word.to_lowercase();
    if lower.chars().count() == 1 && lower.chars().all(char::is_alphabetic) {
        return false; // an initial: "J. Smith", "U.S."
    }
    if ABBREVIATIONS.contains(&lower.as_str()) {
        // "Oct. 1" continues; "in Dec. The ship" is rare enough to accept
        return false;
    }
    true
}

/// A word of a sentence: its text, lower-cased form and byte range.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub text: String,
    pub lower: String,
    pub start: usize,
    pub end: usize,
    /// A punctuation mark (`,`, `;`, `(`, a dash), not a word.
    pub punct: bool,
}

impl Token {
    /// Starts with a capital letter, or is written in a script without case (Han,
    /// Hangul, Arabic).
    pub fn capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(|c| {
            c.is_uppercase() || (c.is_alphabetic() && !c.is_lowercase() && !c.is_ascii())
        })
    }
}

/// Words and punctuation. A word keeps inner hyphens, apostrophes and dots
/// (`Il-76`, `U.S.`); a possessive `'s` is cut off.
pub(crate) fn tokens(sentence: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = sentence.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                let joiner = matches!(d, '-' | '\'' | '’' | '.' | '/');
                let next_is_word = sentence[j + d.len_utf8()..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                if d.is_alphanumeric() || (joiner && next_is_word) {
                    end = j + d.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let mut word = &sentence[i..end];
            for s in ["'s", "’s"] {
                if let Some(w) = word.strip_suffix(s) {
                    word = w;
                }
            }
            out.push(Token {
                text: word.to_owned(),
                lower: word.to_lowercase(),
                start: i,
                end: i + word.len(),
                punct: false,
            });
        } else if matches!(
            c,
            ',' | ';' | ':' | '(' | ')' | '–' | '—' | '-' | '"' | '“' | '”'
        ) {
            let t = match c {
                '–' | '—' => "-".to_owned(),
                '“' | '”' => "\"".to_owned(),
                _ => c.to_string(),
            };
            out.push(Token {
                lower: t.clone(),
                text: t,
                start: i,
                end: i + c.len_utf8(),
                punct: true,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        let s = sentences("It left on Sept. 7 from Najin. The U.S. said so. It arrived Oct. 1.");
        let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "It left on Sept. 7 from Najin.",
                "The U.S. said so.",
                "It arrived Oct. 1."
            ]
        );
    }

    #[test]
    fn html_and_markdown_become_plain_text() {
        let html = "<html><head><style>p{}</style></head><body><p>Shipped from <b>Najin</b> &amp; Rajin.</p><p>Then by rail.</p></body></html>";
        let p = plain(html);
        let s = sentences(&p);
        assert_eq!(s[0].text, "Shipped from Najin & Rajin.");
        assert_eq!(s[1].text, "Then by rail.");
        assert_ne!(s[0].paragraph, s[1].paragraph);
        let md = "# Title\n\nThe **ship** left [Najin](http://x) for _Dunay_.";
        let s = sentences(&plain(md));
        assert_eq!(s[1].text, "The ship left Najin for Dunay.");
    }

    #[test]
    fn tokens_keep_inner_marks_and_cut_possessives() {
        let t = tokens("Russia's Il-76, via U.S. ports");
        let words: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, ["Russia", "Il-76", ",", "via", "U.S", "ports"]);
    }
}
