//! Reading what people type around a place name: "Dunay, RU", "Dunay (Russia)",
//! "Vostochny, Primorsky", "port of Tartus", "Najin port", "KPNJN" or "KP NJN".

use super::countries::country_code;
use super::fold::fold;

/// A query taken apart: the names to look up, best first, and the qualifiers.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ParsedQuery {
    /// Name variants to look up, as typed first, then with harbour words removed.
    pub names: Vec<NameVariant>,
    /// A country the place must be in (from a qualifier).
    pub country: Option<String>,
    /// Folded admin-1 qualifiers ("primorsky"); a place must match one of them.
    pub admin1: Vec<String>,
    /// The text is a UN/LOCODE in form (`KPNJN`, `KP NJN`): the code, uppercase.
    pub locode: Option<String>,
}

/// One way to read the name part.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NameVariant {
    /// Folded name.
    pub folded: String,
    /// The variant came from removing a harbour word ("port of"): ports are meant.
    pub port_hint: bool,
    /// Score taken off matches of this variant: a guess at what the words around
    /// the name mean ("Port Vostochny" may be a port's own name).
    pub penalty: f64,
}

/// Words around a name that say "the port" rather than naming it.
const PORT_PREFIXES: [&str; 5] = [
    "port of ",
    "seaport of ",
    "harbour of ",
    "harbor of ",
    "the port of ",
];
const PORT_SUFFIXES: [&str; 7] = [
    " port",
    " seaport",
    " sea port",
    " harbour",
    " harbor",
    " terminal",
    " port area",
];
/// Words after a name that say what kind of place, without naming it.
const OTHER_SUFFIXES: [&str; 5] = [
    " city",
    " station",
    " railway station",
    " rail station",
    " town",
];

/// True when `text` has the form of a UN/LOCODE as typed: two letters for the
/// country then three letters or digits 2-9, upper case, with or without one space.
pub(crate) fn locode_form(text: &str) -> Option<String> {
    let t = text.trim();
    let compact: String = match t.len() {
        5 => t.to_owned(),
        6 if t.as_bytes()[2] == b' ' => t.chars().filter(|c| *c != ' ').collect(),
        _ => return None,
    };
    let b = compact.as_bytes();
    let ok = b.len() == 5
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..]
            .iter()
            .all(|c| c.is_ascii_uppercase() || (b'2'..=b'9').contains(c));
    ok.then_some(compact)
}

/// Takes a query apart. Qualifiers that name no country become admin-1 qualifiers.
pub(crate) fn parse(text: &str) -> ParsedQuery {
    let mut q = ParsedQuery {
        locode: locode_form(text),
        ..ParsedQuery::default()
    };
    let mut name = text.trim();
    let mut qualifiers: Vec<&str> = Vec::new();
    // "Name (Country)"
    if let (Some(open), true) = (name.rfind('('), name.ends_with(')')) {
        let inner = &name[open + 1..name.len() - 1];
        if !inner.trim().is_empty() && open > 0 {
            qualifiers.push(inner);
            name = name[..open].trim_end();
        }
    }
    // "Name, Qualifier, Qualifier"
    let mut parts = name.split(',');
    let head = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if !rest.is_empty() {
        if head.trim().is_empty() {
            return q; // ", RU": qualifiers with no name
        }
        name = head;
        qualifiers.extend(rest);
    }
    for qual in qualifiers {
        let qual = qual.trim();
        if qual.is_empty() {
            continue;
        }
        match country_code(qual) {
            Some(cc) if q.country.is_none() => q.country = Some(cc),
            Some(_) => {}
            None => {
                let f = fold(qual);
                if !f.is_empty() {
                    q.admin1.push(f);
                }
            }
        }
    }
    let folded = fold(name);
    if folded.is_empty() {
        return q;
    }
    q.names.push(NameVariant {
        folded: folded.clone(),
        port_hint: false,
        penalty: 0.0,
    });
    let padded = format!(" {folded}");
    for p in PORT_PREFIXES {
        if let Some(rest) = folded.strip_prefix(p) {
            push_variant(&mut q.names, rest, true, 0.0);
        }
    }
    for s in PORT_SUFFIXES {
        if let Some(rest) = padded.strip_suffix(s) {
            push_variant(&mut q.names, rest.trim_start(), true, 0.0);
        }
    }
    for s in OTHER_SUFFIXES {
        if let Some(rest) = padded.strip_suffix(s) {
            push_variant(&mut q.names, rest.trim_start(), false, 0.0);
        }
    }
    // Abbreviated saints and mounts are the same name written short: "St Petersburg"
    // is Saint Petersburg's own name, not a different one.
    for (short, long) in [("st", "saint"), ("ste", "sainte"), ("mt", "mount")] {
        // only a word of its own, and not the last one ("Mt" alone is no name)
        let mut words = folded.split(' ');
        words.next_back();
        if words.any(|w| w == short) {
            let expanded: Vec<&str> = folded
                .split(' ')
                .map(|w| if w == short { long } else { w })
                .collect();
            push_variant(&mut q.names, &expanded.join(" "), false, 0.0);
        }
    }
    // "Port Vostochny": the port of Vostochny, unless a place is called so (Port Said).
    if let Some(rest) = folded.strip_prefix("port ") {
        push_variant(&mut q.names, rest, true, 0.1);
    }
    // Korean and Chinese names often carry or drop the word for city (시, 市).
    for city in ['시', '市'] {
        let script_fits = folded.chars().any(|c| {
            if city == '시' {
                ('\u{AC00}'..='\u{D7A3}').contains(&c)
            } else {
                ('\u{4E00}'..='\u{9FFF}').contains(&c)
            }
        });
        if !script_fits {
            continue;
        }
        match folded.strip_suffix(city) {
            Some(rest) => push_variant(&mut q.names, rest, false, 0.0),
            None => push_variant(&mut q.names, &format!("{folded}{city}"), false, 0.0),
        }
    }
    q
}

/// The whole text as one name, qualifiers and all (for names with brackets or commas
/// in them).
pub(crate) fn parse_whole(text: &str) -> ParsedQuery {
    let mut q = ParsedQuery::default();
    let folded = fold(text);
    if !folded.is_empty() {
        q.names.push(NameVariant {
            folded,
            port_hint: false,
            penalty: 0.0,
        });
    }
    q
}

fn push_variant(names: &mut Vec<NameVariant>, folded: &str, port_hint: bool, penalty: f64) {
    if !folded.is_empty() && !names.iter().any(|n| n.folded == folded) {
        names.push(NameVariant {
            folded: folded.to_owned(),
            port_hint,
            penalty,
        });
    }
}

/// True when an admin-1 qualifier (folded) fits an admin-1 name: one starts the other
/// word-wise, or their romanisation skeletons share a prefix of five letters or more
/// (`primorsky` fits `Primorye`, `hormozgan` fits `Hormozgān`).
pub(crate) fn admin1_fits(qualifier: &str, admin1: &str) -> bool {
    let a = fold(admin1);
    if a.is_empty() {
        return false;
    }
    if a.starts_with(qualifier) || qualifier.starts_with(&a) {
        return true;
    }
    let (Some(sq), Some(sa)) = (super::fold::skeleton(qualifier), super::fold::skeleton(&a)) else {
        return false;
    };
    let common = sq
        .bytes()
        .zip(sa.bytes())
        .take_while(|(x, y)| x == y)
        .count();
    common >= 5 || (common == sq.len().min(sa.len()) && common >= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_qualifiers_in_every_form() {
        for text in ["Dunay, RU", "Dunay, Russia", "Dunay (Russia)", "Dunay (RU)"] {
            let q = parse(text);
            assert_eq!(q.country.as_deref(), Some("RU"), "{text}");
            assert_eq!(q.names[0].folded, "dunay", "{text}");
            assert!(q.admin1.is_empty(), "{text}");
        }
    }

    #[test]
    fn admin1_qualifier_is_kept_folded() {
        let q = parse("Vostochny, Primorsky Krai, Russia");
        assert_eq!(q.names[0].folded, "vostochny");
        assert_eq!(q.admin1, vec!["primorsky krai"]);
        assert_eq!(q.country.as_deref(), Some("RU"));
    }

    #[test]
    fn harbour_words_make_port_variants() {
        let q = parse("Port of Tartus");
        assert_eq!(q.names[0].folded, "port of tartus");
        assert_eq!(q.names[1].folded, "tartus");
        assert!(q.names[1].port_hint);
        let q = parse("Najin port");
        assert_eq!(q.names[1].folded, "najin");
        let q = parse("Port Kavkaz");
        assert_eq!(q.names[0].folded, "port kavkaz");
        assert_eq!(
            (q.names[1].folded.as_str(), q.names[1].penalty),
            ("kavkaz", 0.1)
        );
    }

    #[test]
    fn saints_are_spelt_out() {
        let q = parse("St Petersburg");
        assert_eq!(q.names[1].folded, "saint petersburg");
        assert_eq!(q.names[1].penalty, 0.0);
        assert_eq!(parse("Mt Hermon").names[1].folded, "mount hermon");
        assert_eq!(parse("Stavanger").names.len(), 1);
    }

    #[test]
    fn cjk_names_try_with_and_without_city() {
        let q = parse("청진");
        assert_eq!(q.names[1].folded, "청진시");
        let q = parse("丹东市");
        assert_eq!(q.names[1].folded, "丹东");
    }

    #[test]
    fn locodes_need_their_form() {
        assert_eq!(locode_form("KPNJN").as_deref(), Some("KPNJN"));
        assert_eq!(locode_form("KP NJN").as_deref(), Some("KPNJN"));
        assert_eq!(locode_form("RULED").as_deref(), Some("RULED"));
        assert_eq!(locode_form("Najin"), None);
        assert_eq!(locode_form("KPNJ1"), None);
        assert_eq!(locode_form("KPN JN"), None);
    }

    #[test]
    fn admin1_fits_variants() {
        assert!(admin1_fits("primorsky", "Primorye"));
        assert!(admin1_fits("primorsky krai", "Primorye"));
        assert!(admin1_fits("hormozgan", "Hormozgan"));
        assert!(admin1_fits("astrakhan", "Astrakhan Oblast"));
        assert!(!admin1_fits("primorsky", "Khabarovsk"));
        assert!(!admin1_fits("primorsky", ""));
    }

    #[test]
    fn empty_and_odd_text_gives_no_names() {
        assert!(parse("").names.is_empty());
        assert!(parse(" , RU").names.is_empty());
        assert!(parse("()").names.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,60}") {
            let q = parse(&text);
            for n in &q.names {
                proptest::prop_assert!(!n.folded.is_empty());
            }
        }
    }
}
