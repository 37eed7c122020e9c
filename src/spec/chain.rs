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
//! departure), `via PLACE` (repeat for more), `avoid PASSAGE`, `within CC`,
//! `avoid-countries CC`, `carrier TEXT`, `cargo TEXT`, `notes TEXT`, `approx`.

use super::{date_at, make_approx, mode_at, DocumentSpec, LegSpec, RouteSpec, Spanned, SpecError};
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

fn apply_options(
    leg: &mut LegSpec,
    options: &str,
    offset: usize,
    order: DateOrder,
) -> Result<(), SpecError> {
    let mut pos = offset;
    for item in options.split(';') {
        let lead = item.len() - item.trim_start().len();
        let text = item.trim();
        let span = Span::new(pos + lead, text.len());
        pos += item.len() + 1;
        if text.is_empty() {
            continue;
        }
        let (key, value) = text.split_once(' ').unwrap_or((text, ""));
        let value = value.trim();
        let value_span = Span::new(span.offset + text.len() - value.len(), value.len());
        let named = |v: &str| Spanned::new(v.to_owned(), value_span);
        match key.to_ascii_lowercase().as_str() {
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
                let field = match key.to_ascii_lowercase().as_str() {
                    "max_draught_m" | "draught" => &mut leg.vessel.max_draught_m,
                    "length_m" | "length" => &mut leg.vessel.length_m,
                    _ => &mut leg.vessel.beam_m,
                };
                *field = Some(metres);
            }
            "carrier" => leg.carrier = Some(value.to_owned()),
            "cargo" => leg.cargo = Some(value.to_owned()),
            "notes" => leg.notes = Some(value.to_owned()),
            "approx" => {
                make_approx(&mut leg.depart);
                make_approx(&mut leg.arrive);
            }
            _ if text.starts_with(|c: char| c.is_ascii_digit() || c == '~' || c == '.') => {
                let (depart, arrive) = text.split_once("..").unwrap_or((text, ""));
                if !depart.trim().is_empty() {
                    leg.depart = Some(date_at(
                        depart.trim(),
                        Span::new(span.offset, depart.trim_end().len()),
                        order,
                    )?);
                }
                if !arrive.trim().is_empty() {
                    let at = span.offset + text.len() - arrive.trim_start().len();
                    leg.arrive = Some(date_at(
                        arrive.trim(),
                        Span::new(at, arrive.trim().len()),
                        order,
                    )?);
                }
            }
            _ => {
                return Err(SpecError::Unknown {
                    what: "chain option",
                    name: key.to_owned(),
                    span,
                    expected: "DEPART..ARRIVE, via PLACE, avoid PASSAGE, within CC, \
                               avoid-countries CC, vessel CLASS, draught M, length M, beam M, \
                               carrier TEXT, cargo TEXT, notes TEXT, approx"
                        .to_owned(),
                })
            }
        }
        if value.is_empty()
            && !matches!(key, "approx")
            && !text.starts_with(|c: char| c.is_ascii_digit() || c == '~' || c == '.')
        {
            return Err(SpecError::Missing {
                message: format!("option `{key}` has no value"),
                span,
                help: format!("write `{key} VALUE`"),
            });
        }
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

    proptest! {
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
