//! Names in other scripts read as Latin letters, so a query in a script a place's
//! record does not carry still finds it: `Амирабад` finds Iran's port of Amirabad,
//! whose supplement row has Latin and Persian names but no Cyrillic one.
//!
//! [`transliterate`] turns folded Cyrillic (Russian, Ukrainian, Belarusian), Greek,
//! Arabic and Persian, and Hangul into one Latin spelling, which the lookup tries as
//! a spelling variant (never as an exact name). The schemes are the common ones:
//! BGN/PCGN-like for Cyrillic, ELOT-like for Greek, Revised Romanization for Hangul
//! (each syllable on its own, without the sound changes between syllables), and for
//! Arabic and Persian the letters as written: the long vowels alif, waw and ya are
//! letters, the short vowels are not written at all, so "بندر عباس" reads `bndr abas`.
//! For those scripts [`Abjad`] matches the consonants alone, in order, against the
//! index (vowels and doubled letters free), as a last resort with the strength of a
//! spelling neighbour. Chinese and Japanese need a dictionary per character and are
//! not transliterated: their names match only where a record carries them.

/// A script other than Latin that [`transliterate`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    Cyrillic,
    Greek,
    Arabic,
    Hangul,
}

fn script_of(c: char) -> Option<Script> {
    match c {
        '\u{0400}'..='\u{04FF}' => Some(Script::Cyrillic),
        '\u{0370}'..='\u{03FF}' => Some(Script::Greek),
        '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{FB50}'..='\u{FDFF}' => {
            Some(Script::Arabic)
        }
        '\u{AC00}'..='\u{D7A3}' => Some(Script::Hangul),
        _ => None,
    }
}

/// The first script other than Latin that the folded text is written in, of those
/// [`transliterate`] reads.
pub(crate) fn script(folded: &str) -> Option<Script> {
    folded.chars().find_map(script_of)
}

/// The folded text in Latin letters, or `None` when it has none of the scripts this
/// module reads. Input must come from [`super::fold::fold`] (lower case, accents and
/// Arabic vowel marks already dropped, Hangul syllables whole).
///
/// ```text
/// амирабад → amirabad    나진 → najin    امیراباد → amirabad    θεσσαλονικη → thessaloniki
/// ```
pub(crate) fn transliterate(folded: &str) -> Option<String> {
    script(folded)?;
    let mut out = String::with_capacity(folded.len() * 2);
    for word in folded.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        let chars: Vec<char> = word.chars().collect();
        match chars.first().copied().and_then(script_of) {
            Some(Script::Arabic) => arabic_word(&chars, &mut out),
            _ => {
                for (i, &c) in chars.iter().enumerate() {
                    match script_of(c) {
                        Some(Script::Cyrillic) => out.push_str(cyrillic(c)),
                        Some(Script::Greek) => out.push_str(greek(c, chars.get(i.wrapping_sub(1)))),
                        Some(Script::Hangul) => hangul(c, chars.get(i + 1), &mut out),
                        Some(Script::Arabic) => arabic_word(&[c], &mut out),
                        None => out.push(c),
                    }
                }
            }
        }
    }
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    (!out.is_empty()).then_some(out)
}

fn cyrillic(c: char) -> &'static str {
    match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ґ' => "g",
        'д' => "d",
        'е' | 'э' | 'є' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' | 'і' | 'ї' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ў' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ы' => "y",
        'ю' => "yu",
        'я' => "ya",
        // ъ, ь and letters of other Cyrillic alphabets
        _ => "",
    }
}

fn greek(c: char, before: Option<&char>) -> &'static str {
    match c {
        'α' => "a",
        'β' => "v",
        'γ' => "g",
        'δ' => "d",
        'ε' => "e",
        'ζ' => "z",
        'η' | 'ι' => "i",
        'θ' => "th",
        'κ' => "k",
        'λ' => "l",
        'μ' => "m",
        'ν' => "n",
        'ξ' => "x",
        'ο' | 'ω' => "o",
        'π' => "p",
        'ρ' => "r",
        'σ' | 'ς' => "s",
        'τ' => "t",
        // ου is u; αυ, ευ are av, ev
        'υ' => match before {
            Some('ο') => "u",
            Some('α' | 'ε' | 'η') => "v",
            _ => "y",
        },
        'φ' => "f",
        'χ' => "ch",
        'ψ' => "ps",
        _ => "",
    }
}

/// Revised Romanization of one syllable; the final consonant as it sounds before a
/// pause, or carried over when the next syllable starts with a vowel (청진 cheongjin,
/// 울산 ulsan, 길음 gireum).
fn hangul(c: char, next: Option<&char>, out: &mut String) {
    const INITIAL: [&str; 19] = [
        "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t",
        "p", "h",
    ];
    const MEDIAL: [&str; 21] = [
        "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo",
        "we", "wi", "yu", "eu", "ui", "i",
    ];
    const FINAL: [&str; 28] = [
        "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p",
        "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
    ];
    /// The final consonant's sound before a vowel (liaison).
    const FINAL_BEFORE_VOWEL: [&str; 28] = [
        "", "g", "kk", "ks", "n", "nj", "n", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "r",
        "m", "b", "bs", "s", "ss", "ng", "j", "ch", "k", "t", "p", "",
    ];
    let s = u32::from(c) - 0xAC00;
    let (l, v, t) = (
        (s / 588) as usize,
        ((s % 588) / 28) as usize,
        (s % 28) as usize,
    );
    out.push_str(INITIAL[l]);
    out.push_str(MEDIAL[v]);
    let next_is_vowel = next.is_some_and(|n| {
        ('\u{AC00}'..='\u{D7A3}').contains(n) && (u32::from(*n) - 0xAC00) / 588 == 11
    });
    out.push_str(if next_is_vowel {
        FINAL_BEFORE_VOWEL[t]
    } else {
        FINAL[t]
    });
}

/// One Arabic-script word, letters as written; the article `al-` set apart so the
/// romanisation skeleton drops it as it does for Latin names.
fn arabic_word(chars: &[char], out: &mut String) {
    let mut chars = chars;
    if chars.len() > 3 && chars[0] == 'ا' && chars[1] == 'ل' {
        out.push_str("al ");
        chars = &chars[2..];
    }
    for (i, &c) in chars.iter().enumerate() {
        let first = i == 0;
        let vowel_next = chars.get(i + 1).is_some_and(|n| matches!(n, 'ا' | 'آ'));
        let s = match c {
            'ا' | 'آ' | 'أ' | 'إ' | 'ٱ' | 'ى' => "a",
            'ب' => "b",
            'پ' => "p",
            'ت' | 'ط' => "t",
            'ث' => "th",
            'ج' => "j",
            'چ' => "ch",
            'ح' | 'ه' | 'ھ' | 'ۀ' => "h",
            'خ' => "kh",
            'د' | 'ض' => "d",
            'ذ' => "dh",
            'ر' => "r",
            'ز' | 'ظ' => "z",
            'ژ' => "zh",
            'س' | 'ص' => "s",
            'ش' => "sh",
            'غ' => "gh",
            'ف' => "f",
            'ق' => "q",
            'ک' | 'ك' => "k",
            'گ' => "g",
            'ل' => "l",
            'م' => "m",
            'ن' => "n",
            // waw and ya: consonants at a word's start or before alif, long vowels
            // elsewhere
            'و' | 'ؤ' if first || vowel_next => "w",
            'و' | 'ؤ' => "u",
            'ی' | 'ي' | 'ئ' if first || vowel_next => "y",
            'ی' | 'ي' | 'ئ' => "i",
            'ة' => "a",
            _ => "",
        };
        out.push_str(s);
    }
}

/// Matches index keys whose consonants are the query's, in order: vowels (a, e, i, o,
/// u, y), spaces and hyphens in the key are free, and so is a letter repeated
/// (`trtus` matches `tartus`, `bndr abas` matches `bandar abbas`). For Arabic-script
/// queries, whose short vowels are not written. Only keys that start with the first
/// consonant are visited, so a walk costs about as much as a fuzzy search.
pub(crate) struct Abjad {
    consonants: Vec<u8>,
}

impl Abjad {
    /// The automaton for a Latin transliteration; `None` when it has fewer than three
    /// consonants (too little to tell names apart).
    pub fn new(latin: &str) -> Option<Abjad> {
        let mut consonants: Vec<u8> = Vec::new();
        for b in latin.bytes() {
            if b.is_ascii_lowercase() && !is_free(b) && consonants.last() != Some(&b) {
                consonants.push(b);
            }
        }
        (consonants.len() >= 3).then_some(Abjad { consonants })
    }
}

fn is_free(b: u8) -> bool {
    matches!(
        b,
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | b' ' | b'-' | b'\''
    )
}

impl fst::Automaton for Abjad {
    /// (consonants matched, the last one matched) or dead.
    type State = Option<(usize, u8)>;

    fn start(&self) -> Self::State {
        Some((0, 0))
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state.is_some_and(|(n, _)| n == self.consonants.len())
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let (n, last) = (*state)?;
        if n == 0 && is_free(byte) && byte != b'a' && byte != b'e' {
            // a key starts with the first consonant or a vowel a/e (Arabic alif)
            return None;
        }
        if is_free(byte) || (n > 0 && byte == last) {
            return Some((n, last));
        }
        match self.consonants.get(n) {
            Some(&c) if c == byte => Some((n + 1, byte)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fold::{fold, skeleton};
    use super::*;
    use fst::Automaton;

    fn latin(s: &str) -> String {
        transliterate(&fold(s)).unwrap_or_default()
    }

    #[test]
    fn each_script_reads_as_latin() {
        assert_eq!(latin("Амирабад"), "amirabad");
        assert_eq!(latin("Тихорецк"), "tikhoretsk");
        assert_eq!(latin("Пирей"), "pirei");
        assert_eq!(latin("Θεσσαλονίκη"), "thessaloniki");
        assert_eq!(latin("Πειραιάς"), "peiraias");
        assert_eq!(latin("나진"), "najin");
        assert_eq!(latin("남포"), "nampo");
        assert_eq!(latin("청진"), "cheongjin");
        assert_eq!(latin("부산"), "busan");
        assert_eq!(latin("امیرآباد"), "amirabad");
        assert_eq!(latin("بندر امیرآباد"), "bndr amirabad");
        assert_eq!(latin("طرطوس"), "trtus");
        assert_eq!(latin("اللاذقية"), "al ladhqia");
        assert_eq!(transliterate("najin"), None);
        assert_eq!(transliterate("霍尔果斯"), None);
    }

    #[test]
    fn transliterations_meet_latin_spellings_in_the_skeleton() {
        let sk = |s: &str| skeleton(&fold(s));
        for (other, latin_name) in [
            ("Амирабад", "Amirabad"),
            ("Восточный", "Vostochny"),
            ("Хасан", "Khasan"),
            ("청진", "Chongjin"),
            ("나진", "Najin"),
            ("Θεσσαλονίκη", "Thessaloniki"),
            ("امیرآباد", "Amirabad"),
        ] {
            assert_eq!(skeleton(&latin(other)), sk(latin_name), "{other}");
        }
    }

    fn abjad_matches(query: &str, key: &str) -> bool {
        let Some(a) = Abjad::new(&latin(query)) else {
            return false;
        };
        let mut state = a.start();
        for b in key.bytes() {
            state = a.accept(&state, b);
        }
        a.is_match(&state)
    }

    #[test]
    fn abjad_matches_consonants_in_order() {
        assert!(abjad_matches("طرطوس", "tartus"));
        assert!(abjad_matches("طرطوس", "tartous"));
        assert!(abjad_matches("بندر عباس", "bandar abbas"));
        assert!(abjad_matches("بندر عباس", "bandar e abbas"));
        assert!(!abjad_matches("طرطوس", "latakia"));
        assert!(!abjad_matches("طرطوس", "tartusk"));
        assert!(
            !abjad_matches("طرطوس", "stratus"),
            "the first consonant leads"
        );
        assert!(Abjad::new("ab").is_none());
    }

    proptest::proptest! {
        #[test]
        fn transliteration_is_ascii_or_kept(text in "\\PC{0,30}") {
            let f = fold(&text);
            if let Some(t) = transliterate(&f) {
                proptest::prop_assert!(!t.starts_with(' ') && !t.ends_with(' '));
                proptest::prop_assert!(!t.contains("  "));
                // letters of the scripts read here all become ASCII
                proptest::prop_assert!(t.chars().all(|c| script_of(c).is_none()));
            }
        }
    }
}
