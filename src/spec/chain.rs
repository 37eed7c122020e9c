//! The one-line chain: `Najin -sea-> Dunay, RU -rail-> Tikhoretsk`.
//!
//! Each arrow is `-MODE->`, optionally with options in brackets before the `->`,
//! separated by `;`:
//!
//! ```text
//! Najin -sea[2023-09-07..2023-09-12; carrier Angara]-> Dunay, RU -rail[via Khabarovsk]-> Tikhoretsk
//! ```
//!
//! Options: `DEPART..ARRIVE` (either side may be empty; a date alone is the
//! departure; any date form, `Sept. 7, 2023` too), `via PLACE` (repeat for more),
//! `avoid PASSAGE`, `within CC`, `avoid-countries CC`, `carrier TEXT`, `cargo TEXT`,
//! `notes TEXT`, `from-label TEXT`, `to-label TEXT` (the names printed for the leg's
//! start and end, as TOML's `from_label` and `to_label`), `approx`. Options are
//! separated by `;`, or by `,` before an option's name (`2023-09-07, carrier
//! Angara`); a comma inside a date or a place name separates nothing.

use super::{
    date_at, label_at, make_approx, mode_at, DocumentSpec, LegSpec, RouteSpec, Spanned, SpecError,
};
use crate::date::DateOrder;
use crate::model::{Mode, Span};

const HELP: &str = "write the chain as PLACE -MODE-> PLACE, e.g. \
                    `Najin -sea[2023-09-07..2023-09-12]-> Dunay, RU -rail-> Tikhoretsk`";

/// An arrow found in the text: where it is, its mode and its bracketed options.
struct Arrow {
    span: Span,
    mode: Spanned<Mode>,
    options: Option<(String, usize)>,
}

/// Reads the text with numeric dates refused unless unambiguous (tests).
#[cfg(test)]
pub(super) fn parse(text: &str) -> Result<DocumentSpec, SpecError> {
    parse_with(text, DateOrder::Unknown)
}

pub(super) fn parse_with(text: &str, order: DateOrder) -> Result<DocumentSpec, SpecError> {
    let arrows = find_arrows(text)?;
    if arrows.is_empty() {
        return Err(SpecError::Syntax {
            message: "the chain has no legs".to_owned(),
            span: Span::new(0, text.len()),
            help: HELP.to_owned(),
        });
    }
    let mut places = Vec::with_capacity(arrows.len() + 1);
    let mut cursor = 0;
    for arrow in &arrows {
        places.push(place(text, cursor, arrow.span.offset)?);
        cursor = arrow.span.offset + arrow.span.len;
    }
    places.push(place(text, cursor, text.len())?);
    let mut legs = Vec::with_capacity(arrows.len());
    for (i, arrow) in arrows.into_iter().enumerate() {
        let mut leg = LegSpec {
            from_label: None,
            to_label: None,
            mode: arrow.mode,
            from: (i == 0).then(|| places[0].clone()),
            to: places[i + 1].clone(),
            depart: None,
            arrive: None,
            via: Vec::new(),
            avoid: Vec::new(),
            within: Vec::new(),
            avoid_countries: Vec::new(),
            vessel: Default::default(),
            carrier: None,
            cargo: None,
            notes: None,
            quote: None,
            span: arrow.span,
        };
        if let Some((options, offset)) = &arrow.options {
            apply_options(&mut leg, options, *offset, order)?;
        }
        legs.push(leg);
    }
    Ok(DocumentSpec {
        routes: vec![RouteSpec {
            id: "route-1".to_owned(),
            name: None,
            legs,
            span: Span::new(0, text.len()),
        }],
        ..DocumentSpec::default()
    })
}

/// The trimmed place name between two arrows.
fn place(text: &str, start: usize, end: usize) -> Result<Spanned<String>, SpecError> {
    let raw = &text[start..end];
    let lead = raw.len() - raw.trim_start().len();
    let name = raw.trim();
    if name.is_empty() {
        return Err(SpecError::Missing {
            message: "a place name is missing in the chain".to_owned(),
            span: Span::new(start, end - start),
            help: HELP.to_owned(),
        });
    }
    Ok(Spanned::new(
        name.to_owned(),
        Span::new(start + lead, name.len()),
    ))
}

/// Finds every `-MODE[...]->` in the text. A hyphen inside a name ("Bandar-e Abbas")
/// is not an arrow because no `->` follows its word.
fn find_arrows(text: &str) -> Result<Vec<Arrow>, SpecError> {
    let bytes = text.as_bytes();
    let mut arrows = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-' && bytes.get(i + 1) == Some(&b'>') {
            return Err(SpecError::Missing {
                message: "an arrow has no mode".to_owned(),
                span: Span::new(i, 2),
                help: "say how the leg travels: -sea->, -rail->, -road-> or -air->".to_owned(),
            });
        }
        if bytes[i] == b'-' {
            if let Some(arrow) = arrow_at(text, i)? {
                i = arrow.span.offset + arrow.span.len;
                arrows.push(arrow);
                continue;
            }
        }
        i += 1;
    }
    Ok(arrows)
}

fn arrow_at(text: &str, start: usize) -> Result<Option<Arrow>, SpecError> {
    let bytes = text.as_bytes();
    let skip_spaces = |mut j: usize| {
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        j
    };
    let word_start = skip_spaces(start + 1);
    let mut j = word_start;
    while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
        j += 1;
    }
    if j == word_start {
        return Ok(None);
    }
    let word = &text[word_start..j];
    let word_span = Span::new(word_start, j - word_start);
    let mut k = skip_spaces(j);
    let mut options = None;
    if bytes.get(k) == Some(&b'[') {
        let close = text[k..]
            .find(']')
            .map(|c| k + c)
            .ok_or_else(|| SpecError::Syntax {
                message: "an option bracket `[` is not closed".to_owned(),
                span: Span::new(k, text.len() - k),
                help: "close the options with `]` before `->`".to_owned(),
            })?;
        options = Some((text[k + 1..close].to_owned(), k + 1));
        k = skip_spaces(close + 1);
    }
    if !text[k..].starts_with("->") {
        if options.is_some() {
            return Err(SpecError::Syntax {
                message: "options must be followed by `->`".to_owned(),
                span: Span::new(start, k - start),
                help: HELP.to_owned(),
            });
        }
        return Ok(None);
    }
    Ok(Some(Arrow {
        span: Span::new(start, k + 2 - start),
        mode: mode_at(word, word_span)?,
        options,
    }))
}

/// The options a bracket takes, lower case. A `,` followed by one of these starts a
/// new option, as `;` always does.
const OPTION_NAMES: [&str; 20] = [
    "via",
    "avoid",
    "within",
    "avoid-countries",
    "avoid_countries",
    "vessel",
    "max_draught_m",
    "draught",
    "length_m",
    "length",
    "beam_m",
    "beam",
    "carrier",
    "cargo",
    "notes",
    "approx",
    "from-label",
    "from_label",
    "to-label",
    "to_label",
];

/// True when `text` starts with an option's name followed by a space or nothing.
fn starts_with_option(text: &str) -> bool {
    let word = text
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .next()
        .unwrap_or("");
    OPTION_NAMES.iter().any(|n| n.eq_ignore_ascii_case(word))
}

/// Splits a bracket's text into options, each with its byte offset in `options`: at
/// every `;`, and at a `,` followed by an option's name (`2023-09-07, carrier Angara`).
/// A comma inside a date (`Sept. 7, 2023`) or a place (`via Dunay, RU`) is followed
/// by no option name, so it stays where it is.
fn split_options(options: &str) -> Vec<(usize, &str)> {
    let mut items = Vec::new();
    let mut start = 0;
    for (i, c) in options.char_indices() {
        let cut = match c {
            ';' => true,
            ',' => starts_with_option(options[i + 1..].trim_start()),
            _ => false,
        };
        if cut {
            items.push((start, &options[start..i]));
            start = i + 1;
        }
    }
    items.push((start, &options[start..]));
    items
}

/// True when an option that names no key is meant as dates: it starts with a digit,
/// `~`, `..`, or a word that opens a date as reports write them (`Sept. 7, 2023`,
/// `early September 2023`, `c. 7 Sep 2023`).
fn looks_like_dates(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit() || c == '~' || c == '.')
        || text
            .split_whitespace()
            .next()
            .is_some_and(crate::date::is_date_word)
}

/// Reads `DEPART..ARRIVE` (either side may be empty; a date alone is the departure)
/// at `offset` in the document. Dates written with dots (`Sept. 7, 2023..Sept. 12,
/// 2023`, `7 Sept. 2023...12 Sept. 2023`) may hold more than one `..`: the first split whose
/// two sides both read as dates is taken; when none does, the first split's error is
/// reported.
fn read_dates(
    leg: &mut LegSpec,
    text: &str,
    offset: usize,
    order: DateOrder,
) -> Result<(), SpecError> {
    let side =
        |from: usize, to: usize| -> Result<Option<Spanned<crate::date::DateSpec>>, SpecError> {
            let raw = &text[from..to];
            // a dot left over from `...` (`7 Sept. 2023...12 Sept. 2023`) is no
            // part of a date; one at a word's end (`Sept.`) is not needed
            let t = raw.trim().trim_start_matches('.').trim_start();
            if t.is_empty() {
                return Ok(None);
            }
            let lead = raw.trim_end().len() - t.len();
            date_at(t, Span::new(offset + from + lead, t.len()), order).map(Some)
        };
    let splits: Vec<usize> = text.match_indices("..").map(|(i, _)| i).collect();
    let Some(&first) = splits.first() else {
        leg.depart = side(0, text.len())?;
        return Ok(());
    };
    for &p in &splits {
        if let (Ok(depart), Ok(arrive)) = (side(0, p), side(p + 2, text.len())) {
            leg.depart = depart.or(leg.depart.take());
            leg.arrive = arrive.or(leg.arrive.take());
            return Ok(());
        }
    }
    side(0, first)?;
    side(first + 2, text.len())?;
    Ok(())
}

fn apply_options(
    leg: &mut LegSpec,
    options: &str,
    offset: usize,
    order: DateOrder,
) -> Result<(), SpecError> {
    let mut approx = false;
    for (at, item) in split_options(options) {
        let lead = item.len() - item.trim_start().len();
        let text = item.trim();
        let span = Span::new(offset + at + lead, text.len());
        if text.is_empty() {
            continue;
        }
        let (key, value) = text.split_once(' ').unwrap_or((text, ""));
        let value = value.trim();
        let value_span = Span::new(span.offset + text.len() - value.len(), value.len());
        let named = |v: &str| Spanned::new(v.to_owned(), value_span);
        let lower = key.to_ascii_lowercase();
        if !OPTION_NAMES.contains(&lower.as_str()) {
            if looks_like_dates(text) {
                read_dates(leg, text, span.offset, order)?;
                continue;
            }
            return Err(SpecError::Unknown {
                what: "chain option",
                name: key.to_owned(),
                span,
                expected: "DEPART..ARRIVE, via PLACE, avoid PASSAGE, within CC, \
                           avoid-countries CC, vessel CLASS, draught M, length M, beam M, \
                           carrier TEXT, cargo TEXT, notes TEXT, from-label TEXT, to-label TEXT, \
                           approx"
                    .to_owned(),
            });
        }
        if value.is_empty() && lower != "approx" {
            return Err(SpecError::Missing {
                message: format!("option `{key}` has no value"),
                span,
                help: format!("write `{key} VALUE`"),
            });
        }
        match lower.as_str() {
            "via" => leg.via.push(named(value)),
            "avoid" => leg.avoid.push(named(value)),
            "within" => leg.within.push(value.to_ascii_uppercase()),
            "avoid-countries" | "avoid_countries" => {
                leg.avoid_countries.push(value.to_ascii_uppercase())
            }
            "vessel" => leg.vessel.class = Some(named(value)),
            "max_draught_m" | "draught" | "length_m" | "length" | "beam_m" | "beam" => {
                let metres = value
                    .trim_end_matches('m')
                    .trim()
                    .parse::<f64>()
                    .map_err(|_| SpecError::Unknown {
                        what: "ship dimension",
                        name: value.to_owned(),
                        span: value_span,
                        expected: "metres as a number, e.g. `draught 9.5`".to_owned(),
                    })?;
                let field = match lower.as_str() {
                    "max_draught_m" | "draught" => &mut leg.vessel.max_draught_m,
                    "length_m" | "length" => &mut leg.vessel.length_m,
                    _ => &mut leg.vessel.beam_m,
                };
                *field = Some(metres);
            }
            "carrier" => leg.carrier = Some(value.to_owned()),
            "cargo" => leg.cargo = Some(value.to_owned()),
            "notes" => leg.notes = Some(value.to_owned()),
            "from-label" | "from_label" => {
                leg.from_label = Some(label_at(value, "from-label", value_span)?)
            }
            "to-label" | "to_label" => {
                leg.to_label = Some(label_at(value, "to-label", value_span)?)
            }
            _ => {
                // "approx"; a value after it is refused, not dropped
                if !value.is_empty() {
                    return Err(SpecError::Syntax {
                        message: format!("option `approx` takes no value (`{value}`)"),
                        span: value_span,
                        help: "write `approx` alone; separate options with `;`".to_owned(),
                    });
                }
                approx = true;
            }
        }
    }
    // after the loop, so `approx` applies wherever it stands among the options
    if approx {
        make_approx(&mut leg.depart);
        make_approx(&mut leg.arrive);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn hyphenated_names_are_not_arrows() {
        let doc = parse("Bandar-e Abbas -sea-> Port-au-Prince").unwrap();
        let leg = &doc.routes[0].legs[0];
        assert_eq!(leg.from.as_ref().unwrap().value, "Bandar-e Abbas");
        assert_eq!(leg.to.value, "Port-au-Prince");
    }

    #[test]
    fn dates_and_options_are_read() {
        let text = "Najin -sea[~2023-09-07..2023-09-12; avoid suez; within RU]-> Dunay -rail[..2023-10-01]-> X";
        let doc = parse(text).unwrap();
        let legs = &doc.routes[0].legs;
        assert_eq!(
            legs[0].depart.as_ref().unwrap().value.to_string(),
            "2023-09-07~"
        );
        assert_eq!(
            legs[0].arrive.as_ref().unwrap().value.to_string(),
            "2023-09-12"
        );
        assert_eq!(legs[0].avoid[0].value, "suez");
        assert_eq!(legs[0].within, vec!["RU"]);
        assert!(legs[1].depart.is_none());
        let arrive = legs[1].arrive.as_ref().unwrap();
        assert_eq!(
            &text[arrive.span.offset..arrive.span.offset + arrive.span.len],
            "2023-10-01"
        );
    }

    #[test]
    fn mistakes_are_located() {
        let e = parse("Najin -boat-> Dunay").unwrap_err();
        assert_eq!(e.to_string(), "unknown mode `boat`");
        assert_eq!(e.span(), Span::new(7, 4));
        assert!(matches!(
            parse("Najin -> Dunay").unwrap_err(),
            SpecError::Missing { .. }
        ));
        assert!(matches!(
            parse("Najin -sea-> ").unwrap_err(),
            SpecError::Missing { .. }
        ));
        assert!(matches!(
            parse("Najin").unwrap_err(),
            SpecError::Syntax { .. }
        ));
        assert!(matches!(
            parse("A -sea[2023-09-07-> B").unwrap_err(),
            SpecError::Syntax { .. }
        ));
        let e = parse("A -sea[speed 12]-> B").unwrap_err();
        assert_eq!(e.to_string(), "unknown chain option `speed`");
        let e = parse("A -sea[2023-02-30]-> B").unwrap_err();
        assert_eq!(e.span(), Span::new(7, 10));
    }

    fn leg0(text: &str) -> LegSpec {
        parse(text).unwrap().routes[0].legs[0].clone()
    }

    fn shown(d: &Option<Spanned<crate::date::DateSpec>>) -> String {
        d.as_ref().unwrap().value.to_string()
    }

    #[test]
    fn dates_as_reports_write_them_work_in_brackets() {
        let leg = leg0("Najin -sea[Sept. 7, 2023..Sept. 12, 2023; carrier Angara]-> Dunay");
        assert_eq!(shown(&leg.depart), "2023-09-07");
        assert_eq!(shown(&leg.arrive), "2023-09-12");
        assert_eq!(leg.carrier.as_deref(), Some("Angara"));
        // a comma before an option's name separates; the date's own comma does not
        let leg = leg0("Najin -sea[Sept. 7, 2023, carrier Angara, approx]-> Dunay");
        assert_eq!(shown(&leg.depart), "2023-09-07~");
        assert_eq!(leg.carrier.as_deref(), Some("Angara"));
        let leg = leg0("Najin -sea[early September 2023]-> Dunay");
        assert_eq!(shown(&leg.depart), "2023-09-01~/2023-09-10~");
        let leg = leg0("Najin -sea[7 Sept. 2023...12 Sept. 2023]-> Dunay");
        assert_eq!(shown(&leg.depart), "2023-09-07");
        assert_eq!(shown(&leg.arrive), "2023-09-12");
        let leg = leg0("Najin -sea[c. 7 Sep 2023..]-> Dunay");
        assert_eq!(shown(&leg.depart), "2023-09-07~");
        assert!(leg.arrive.is_none());
        // approx applies wherever it stands
        let leg = leg0("Najin -sea[approx; 2023-09-07]-> Dunay");
        assert_eq!(shown(&leg.depart), "2023-09-07~");
    }

    #[test]
    fn commas_in_places_and_text_stay() {
        let leg = leg0("A -rail[via Dunay, RU; cargo 1,000 containers, shells]-> B");
        assert_eq!(leg.via[0].value, "Dunay, RU");
        assert_eq!(leg.cargo.as_deref(), Some("1,000 containers, shells"));
        let leg = leg0("A -rail[via Khabarovsk, via Chita, within RU]-> B");
        let via: Vec<&str> = leg.via.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(via, ["Khabarovsk", "Chita"]);
        assert_eq!(leg.within, ["RU"]);
    }

    #[test]
    fn labels_in_brackets() {
        let text = "Najin -sea[from-label Rajin port; to-label Dunay (naval pier)]-> Dunay -rail[to_label Tikhoretsk arsenal]-> Tikhoretsk";
        let doc = parse(text).unwrap();
        let legs = &doc.routes[0].legs;
        assert_eq!(legs[0].from_label.as_ref().unwrap().value, "Rajin port");
        let to = legs[0].to_label.as_ref().unwrap();
        assert_eq!(to.value, "Dunay (naval pier)");
        assert_eq!(&text[to.span.offset..][..to.span.len], "Dunay (naval pier)");
        assert_eq!(
            legs[1].to_label.as_ref().unwrap().value,
            "Tikhoretsk arsenal"
        );
        let e = parse(&format!("A -sea[to-label {}]-> B", "x".repeat(300))).unwrap_err();
        assert!(e.to_string().contains("300 bytes"), "{e}");
    }

    #[test]
    fn date_mistakes_in_brackets_are_located() {
        let text = "A -sea[Sept. 31, 2023]-> B";
        let e = parse(text).unwrap_err();
        assert!(matches!(e, SpecError::Date { .. }), "{e:?}");
        assert_eq!(&text[e.span().offset..][..e.span().len], "Sept. 31, 2023");
        let text = "A -sea[7 Sep 2023..Sept. 40, 2023]-> B";
        let e = parse(text).unwrap_err();
        assert_eq!(&text[e.span().offset..][..e.span().len], "Sept. 40, 2023");
        let e = parse("A -sea[approx 3]-> B").unwrap_err();
        assert!(e.to_string().contains("takes no value"), "{e}");
    }

    /// A day written in one of the forms reports use, and what it means.
    fn written_day() -> impl Strategy<Value = (String, String)> {
        use crate::date::MONTHS;
        (1u8..=28, 0usize..12, 1990u16..2040, 0u8..5).prop_map(|(d, m, y, form)| {
            let name = MONTHS[m];
            let iso = format!("{y}-{:02}-{d:02}", m + 1);
            let text = match form {
                0 => iso.clone(),
                1 => format!("{d} {name} {y}"),
                2 => format!("{}. {d}, {y}", &name[..3]),
                3 => format!("{name} {d}, {y}"),
                _ => format!("{d} {} {y}", &name[..3]),
            };
            (text, iso)
        })
    }

    proptest! {
        #[test]
        fn any_day_form_reads_in_brackets_beside_other_options(
            (dep, dep_iso) in written_day(),
            (arr, arr_iso) in written_day(),
            comma in any::<bool>(),
            carrier_first in any::<bool>(),
        ) {
            let sep = if comma { ", " } else { "; " };
            let dates = format!("{dep}..{arr}");
            let opts = if carrier_first {
                format!("carrier Angara{sep}{dates}")
            } else {
                format!("{dates}{sep}carrier Angara")
            };
            let text = format!("Najin -sea[{opts}]-> Dunay, RU");
            let doc = parse(&text).map_err(|e| TestCaseError::fail(format!("{text}: {e}")))?;
            let leg = &doc.routes[0].legs[0];
            if comma && carrier_first {
                // a comma before a date separates nothing: it is the carrier's text
                let whole = format!("Angara, {dates}");
                prop_assert_eq!(leg.carrier.as_deref(), Some(whole.as_str()));
                prop_assert!(leg.depart.is_none());
            } else {
                {
                    let d = leg.depart.as_ref().unwrap();
                    let a = leg.arrive.as_ref().unwrap();
                    prop_assert_eq!(d.value.to_string(), dep_iso);
                    prop_assert_eq!(a.value.to_string(), arr_iso);
                    prop_assert_eq!(&text[d.span.offset..][..d.span.len], dep.as_str());
                    prop_assert_eq!(&text[a.span.offset..][..a.span.len], arr.as_str());
                    prop_assert_eq!(leg.carrier.as_deref(), Some("Angara"));
                }
            }
        }

        #[test]
        fn splitting_never_cuts_a_date(
            (day, _) in written_day(),
            before in "[a-z ]{0,8}",
        ) {
            let text = format!("{before};{day}");
            let items = split_options(&text);
            prop_assert!(items.iter().any(|(_, item)| item.trim() == day.trim()), "{:?}", items);
            for (at, item) in &items {
                prop_assert_eq!(&text[*at..*at + item.len()], *item);
            }
        }

        #[test]
        fn never_panics_and_spans_stay_inside(line in "\\PC{0,120}") {
            if let Err(e) = parse(&line) {
                prop_assert!(e.span().offset + e.span().len <= line.len());
                prop_assert!(line.is_char_boundary(e.span().offset));
            }
        }

        #[test]
        fn arrow_soup_never_panics(parts in proptest::collection::vec("[A-Za-z ,\\-\\[\\]>.;0-9~]{0,12}", 0..8)) {
            let line = parts.join("-sea->");
            if let Err(e) = parse(&line) {
                prop_assert!(e.span().offset + e.span().len <= line.len());
            }
        }
    }
}
