//! Folding names into lookup keys: the one definition shared by the index builder
//! (scripts/gazetteer-index includes this file) and the lookups, so both sides agree.
//!
//! Two keys per name:
//! - [`fold`]: case, accents and punctuation ignored (`Namp’o` → `nampo`,
//!   `Rostov-na-Donu` → `rostov na donu`); any script.
//! - [`skeleton`]: for Latin-script names, a coarser key that also merges common
//!   romanisation variants: McCune-Reischauer vs Revised Romanization (`Ch'ŏngjin` /
//!   `Cheongjin`), Russian `-yy`/`-iy`/`-yj` endings, `kh`/`h`, `ou`/`u`, doubled
//!   letters, Arabic and Persian article and ezafe words (`al-`, `Bandar-e`).
//!
//! Depends on std and unicode-normalization only (it is compiled by the index builder too).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Apostrophes and transliteration marks that are dropped, not turned into a space:
/// `Namp’o`, `Zabaykal’sk`, `Ch'ŏngjin`, `Bandar ‘Abbās`.
fn is_dropped_mark(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2019}'
            | '\u{2018}'
            | '\u{02BC}'
            | '\u{02BB}'
            | '`'
            | '\u{00B4}'
            | '\u{02B9}'
            | '\u{02BA}'
            | '\u{02BE}'
            | '\u{02BF}'
            | '\u{2032}'
            | '\u{055A}'
            | '\u{05F3}'
    )
}

/// Letters that do not decompose into a base letter plus accent.
fn special_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ß' => "ss",
        'ø' | 'Ø' => "o",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ł' | 'Ł' => "l",
        'ı' => "i",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'þ' | 'Þ' => "th",
        'ħ' | 'Ħ' => "h",
        _ => return None,
    })
}

/// Folds a name: lowercase, accents stripped, apostrophes dropped, any other
/// non-alphanumeric run turned into one space, no surrounding space.
///
/// ```
/// use shipmap::gazetteer::fold::fold;
/// assert_eq!(fold("Namp’o"), "nampo");
/// assert_eq!(fold("  Rostov-na-Donu "), "rostov na donu");
/// assert_eq!(fold("Ţarţūs"), "tartus");
/// assert_eq!(fold("ДУНАЙ"), "дунаи"); // й decomposes to и + breve; both sides fold alike
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    // Hangul syllables stay whole: decomposed into jamo they would take three times the
    // bytes in the index, and both sides fold them alike either way.
    let chars = text.chars().flat_map(|c| {
        let hangul = ('\u{AC00}'..='\u{D7A3}').contains(&c);
        let (whole, parts) = if hangul {
            (Some(c), None)
        } else {
            (None, Some(std::iter::once(c).nfkd()))
        };
        whole.into_iter().chain(parts.into_iter().flatten())
    });
    for c in chars {
        if is_combining_mark(c) || is_dropped_mark(c) {
            continue;
        }
        if let Some(s) = special_letter(c) {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push_str(s);
        } else if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.extend(c.to_lowercase());
        } else {
            pending_space = true;
        }
    }
    out
}

/// Words dropped from skeletons: Arabic articles and the Persian ezafe (`Bandar-e`).
const FILLER_WORDS: [&str; 12] = [
    "e", "al", "el", "ad", "as", "ash", "at", "an", "ar", "az", "ul", "ol",
];

/// Letter groups rewritten in skeletons, longest first so `dzh` wins over `zh`.
const REWRITES: [(&str, &str); 21] = [
    ("dzh", "j"),
    ("tch", "ch"),
    ("kh", "h"),
    ("zh", "j"),
    ("dj", "j"),
    ("ts", "c"),
    ("tz", "c"),
    ("ck", "k"),
    // The DPRK writes aspirates with h (Nampho, Phyongyang): ph and th are p and t.
    ("ph", "p"),
    ("th", "t"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("eo", "o"),
    ("eu", "u"),
    ("ae", "e"),
    ("w", "v"),
    ("q", "k"),
    ("g", "k"),
    ("d", "t"),
    ("b", "p"),
];

/// The romanisation-insensitive key of a folded Latin-script name; `None` for other
/// scripts or when nothing is left. Input must come from [`fold`].
///
/// ```
/// use shipmap::gazetteer::fold::{fold, skeleton};
/// let sk = |s: &str| skeleton(&fold(s));
/// assert_eq!(sk("Vostochnyy"), sk("Vostochny"));
/// assert_eq!(sk("Novorossiisk"), sk("Novorossiysk"));
/// assert_eq!(sk("Ch'ŏngjin"), sk("Cheongjin"));
/// assert_eq!(sk("Bandar-e Abbas"), sk("Bandar Abbas"));
/// assert_eq!(sk("Tartous"), sk("Tartus"));
/// assert_eq!(sk("Дунай"), None);
/// ```
pub fn skeleton(folded: &str) -> Option<String> {
    if folded.is_empty() || !folded.is_ascii() {
        return None;
    }
    let words: Vec<&str> = folded.split(' ').collect();
    let kept: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !FILLER_WORDS.contains(w))
        .collect();
    let words = if kept.is_empty() { words } else { kept };
    let mut s = String::with_capacity(folded.len());
    for w in &words {
        // Russian й written j at a word's end (Dunaj, Vostochnyj) is the y of Dunay.
        match w.strip_suffix('j') {
            Some(stem) if !stem.is_empty() => {
                s.push_str(stem);
                s.push('y');
            }
            _ => s.push_str(w),
        }
    }
    let s = s.strip_prefix("ye").map(|r| format!("e{r}")).unwrap_or(s);
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    let mut i = 0;
    'outer: while i < bytes.len() {
        for (from, to) in REWRITES {
            if bytes[i..].starts_with(from.as_bytes()) {
                out.push_str(to);
                i += from.len();
                continue 'outer;
            }
        }
        let c = match bytes[i] {
            b'y' | b'j' if i + 1 == bytes.len() || !is_vowel(bytes[i + 1]) => 'i',
            b'y' => 'i',
            b => b as char,
        };
        out.push(c);
        i += 1;
    }
    // A final h after a vowel is silent in most romanisations (Hamah / Hama).
    if out.len() > 3 && out.ends_with('h') && out.as_bytes()[out.len() - 2].is_ascii_lowercase() {
        let before = out.as_bytes()[out.len() - 2];
        if is_vowel(before) {
            out.pop();
        }
    }
    let mut dedup = String::with_capacity(out.len());
    for c in out.chars() {
        if !dedup.ends_with(c) {
            dedup.push(c);
        }
    }
    if dedup.is_empty() {
        None
    } else {
        Some(dedup)
    }
}

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sk(s: &str) -> Option<String> {
        skeleton(&fold(s))
    }

    #[test]
    fn fold_drops_case_accents_and_punctuation() {
        assert_eq!(fold("Sovetskaya Gavan’"), "sovetskaya gavan");
        assert_eq!(fold("Bandar-e ‘Abbās"), "bandar e abbas");
        assert_eq!(fold("Hŭngnam"), "hungnam");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("...  "), "");
        assert_eq!(fold("Port of Tartus!"), "port of tartus");
    }

    #[test]
    fn fold_keeps_other_scripts() {
        assert_eq!(fold("طرطوس"), "طرطوس");
        assert!(!fold("라진").is_empty());
        assert_eq!(fold("大连"), "大连");
    }

    #[test]
    fn skeleton_merges_romanisations() {
        assert_eq!(sk("Vostochnyj"), sk("Vostochniy"));
        assert_eq!(sk("Dunaj"), sk("Dunay"));
        assert_eq!(sk("Hamhung"), sk("Hamheung"));
        assert_eq!(sk("Pusan"), sk("Busan"));
        assert_eq!(sk("Kaesong"), sk("Gaeseong"));
        assert_eq!(sk("Latakia"), sk("Lattakia"));
        assert_eq!(sk("Baniyas"), sk("Banias"));
        assert_eq!(sk("Hamah"), sk("Hama"));
        assert_eq!(sk("Yevpatoriya"), sk("Evpatoria"));
        assert_eq!(sk("Dzhankoy"), sk("Djankoi"));
        assert_eq!(sk("Al Hasakah"), sk("Hasakah"));
    }

    #[test]
    fn skeleton_keeps_different_names_apart() {
        assert_ne!(sk("Najin"), sk("Nampo"));
        assert_ne!(sk("Tartus"), sk("Latakia"));
        assert_eq!(sk("al"), Some("al".to_owned()));
        assert_eq!(sk(""), None);
    }

    proptest::proptest! {
        #[test]
        fn fold_is_idempotent_and_tidy(text in "\\PC{0,40}") {
            let once = fold(&text);
            proptest::prop_assert_eq!(fold(&once), once.clone());
            proptest::prop_assert!(!once.starts_with(' ') && !once.ends_with(' '));
            proptest::prop_assert!(!once.contains("  "));
            if let Some(sk) = skeleton(&once) {
                proptest::prop_assert!(sk.is_ascii() && !sk.is_empty());
            }
        }
    }
}
