//! TOML route documents, as in DESIGN.md.

use serde::Deserialize;
use toml::Spanned as At;

use super::{
    coords_at, date_at, label_at, make_approx, mode_at, non_empty, DocumentSpec, LegSpec,
    PlaceSpec, RouteSpec, Spanned, SpecError,
};
use crate::date::DateOrder;
use crate::model::Span;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDoc {
    title: Option<String>,
    subtitle: Option<String>,
    source: Option<String>,
    estimate: Option<bool>,
    #[serde(default)]
    place: Vec<At<RawPlace>>,
    #[serde(default)]
    route: Vec<At<RawRoute>>,
    #[serde(default)]
    leg: Vec<At<RawLeg>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    name: At<String>,
    at: At<String>,
    country: Option<String>,
    label: Option<At<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    id: Option<String>,
    name: Option<String>,
    #[serde(default)]
    leg: Vec<At<RawLeg>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLeg {
    mode: At<String>,
    from: Option<At<String>>,
    to: At<String>,
    from_label: Option<At<String>>,
    to_label: Option<At<String>>,
    depart: Option<At<DateValue>>,
    arrive: Option<At<DateValue>>,
    approx: Option<bool>,
    via: Option<At<OneOrMany>>,
    avoid: Option<At<OneOrMany>>,
    within: Option<At<OneOrMany>>,
    avoid_countries: Option<At<OneOrMany>>,
    vessel: Option<At<String>>,
    max_draught_m: Option<f64>,
    length_m: Option<f64>,
    beam_m: Option<f64>,
    carrier: Option<String>,
    cargo: Option<String>,
    notes: Option<String>,
    quote: Option<String>,
}

/// A date written as a string (`"2023-09-07"`, `"~2023-09"`) or as a bare TOML date.
#[derive(Deserialize)]
#[serde(untagged)]
enum DateValue {
    Text(String),
    Native(toml::value::Datetime),
}

/// A list that may also be written as one string. (Items share the list's span: the
/// TOML crate's spans do not survive serde's untagged buffering.)
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

fn spanned_list(list: Option<At<OneOrMany>>) -> Vec<Spanned<String>> {
    let Some(list) = list else {
        return Vec::new();
    };
    let span = span_of(&list);
    let items = match list.into_inner() {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
    };
    items
        .iter()
        .filter_map(|s| non_empty(s))
        .map(|s| Spanned::new(s, span))
        .collect()
}

fn codes(list: Option<At<OneOrMany>>) -> Vec<String> {
    spanned_list(list)
        .into_iter()
        .map(|s| s.value.to_ascii_uppercase())
        .collect()
}

fn span_of<T>(v: &At<T>) -> Span {
    v.span().into()
}

const DOC_KEYS: &str = "title, subtitle, source, estimate, [[place]], [[route]], [[leg]]";
const LEG_KEYS: &str = "mode, from, to, from_label, to_label, depart, arrive, approx, via, avoid, \
                        within, avoid_countries, vessel, max_draught_m, length_m, beam_m, \
                        carrier, cargo, notes, quote";

/// Reads the text with numeric dates refused unless unambiguous (tests).
#[cfg(test)]
pub(super) fn parse(text: &str) -> Result<DocumentSpec, SpecError> {
    parse_with(text, DateOrder::Unknown)
}

pub(super) fn parse_with(text: &str, order: DateOrder) -> Result<DocumentSpec, SpecError> {
    let raw: RawDoc = toml::from_str(text).map_err(|e| toml_error(&e, text))?;
    let mut doc = DocumentSpec {
        title: raw.title.as_deref().and_then(non_empty),
        subtitle: raw.subtitle.as_deref().and_then(non_empty),
        source: raw.source.as_deref().and_then(non_empty),
        estimate: raw.estimate.unwrap_or(false),
        ..DocumentSpec::default()
    };
    for place in raw.place {
        let place = place.into_inner();
        let name_span = span_of(&place.name);
        let name = place.name.into_inner();
        if name.trim().is_empty() {
            return Err(SpecError::Missing {
                message: "a [[place]] has an empty name".to_owned(),
                span: name_span,
                help: "give the place the name legs use for it".to_owned(),
            });
        }
        let at_span = span_of(&place.at);
        doc.places.push(PlaceSpec {
            name: Spanned::new(name.trim().to_owned(), name_span),
            at: coords_at(place.at.get_ref(), at_span)?,
            country: place.country.map(|c| c.trim().to_ascii_uppercase()),
            label: place
                .label
                .map(|l| label_at(l.get_ref(), "label", span_of(&l)))
                .transpose()?,
        });
    }
    if !raw.leg.is_empty() && !raw.route.is_empty() {
        let span = span_of(&raw.leg[0]);
        return Err(SpecError::Syntax {
            message: "the document has both [[leg]] and [[route]] tables".to_owned(),
            span,
            help: "put every leg under its route as [[route.leg]], or use [[leg]] alone \
                   for a document with one route"
                .to_owned(),
        });
    }
    if !raw.leg.is_empty() {
        let span = Span::from(raw.leg[0].span().start..raw.leg[raw.leg.len() - 1].span().end);
        doc.routes.push(RouteSpec {
            id: "route-1".to_owned(),
            name: None,
            legs: legs(raw.leg, order)?,
            span,
        });
    }
    for (i, route) in raw.route.into_iter().enumerate() {
        let span = span_of(&route);
        let route = route.into_inner();
        doc.routes.push(RouteSpec {
            id: route
                .id
                .as_deref()
                .and_then(non_empty)
                .unwrap_or_else(|| format!("route-{}", i + 1)),
            name: route.name.as_deref().and_then(non_empty),
            legs: legs(route.leg, order)?,
            span,
        });
    }
    Ok(doc)
}

fn legs(raw: Vec<At<RawLeg>>, order: DateOrder) -> Result<Vec<LegSpec>, SpecError> {
    raw.into_iter().map(|l| leg(l, order)).collect()
}

fn leg(raw: At<RawLeg>, order: DateOrder) -> Result<LegSpec, SpecError> {
    let span = span_of(&raw);
    let raw = raw.into_inner();
    let name = |v: At<String>, key: &str| -> Result<Spanned<String>, SpecError> {
        let s = span_of(&v);
        non_empty(v.get_ref())
            .map(|t| Spanned::new(t, s))
            .ok_or_else(|| SpecError::Missing {
                message: format!("`{key}` is empty"),
                span: s,
                help: "write a place name, a UN/LOCODE or coordinates".to_owned(),
            })
    };
    let date = |v: Option<At<DateValue>>| match v {
        None => Ok(None),
        Some(v) => {
            let s = span_of(&v);
            match v.into_inner() {
                DateValue::Text(t) => date_at(&t, s, order).map(Some),
                DateValue::Native(d) => date_at(&d.to_string(), s, order).map(Some),
            }
        }
    };
    let mode_span = span_of(&raw.mode);
    let mut depart = date(raw.depart)?;
    let mut arrive = date(raw.arrive)?;
    if raw.approx == Some(true) {
        make_approx(&mut depart);
        make_approx(&mut arrive);
    }
    Ok(LegSpec {
        mode: mode_at(raw.mode.get_ref(), mode_span)?,
        from: raw.from.map(|f| name(f, "from")).transpose()?,
        to: name(raw.to, "to")?,
        from_label: raw
            .from_label
            .map(|l| label_at(l.get_ref(), "from_label", span_of(&l)))
            .transpose()?,
        to_label: raw
            .to_label
            .map(|l| label_at(l.get_ref(), "to_label", span_of(&l)))
            .transpose()?,
        depart,
        arrive,
        via: spanned_list(raw.via),
        avoid: spanned_list(raw.avoid),
        within: codes(raw.within),
        avoid_countries: codes(raw.avoid_countries),
        vessel: super::VesselSpec {
            class: raw.vessel.map(|v| {
                let span = span_of(&v);
                Spanned::new(v.into_inner(), span)
            }),
            max_draught_m: raw.max_draught_m,
            length_m: raw.length_m,
            beam_m: raw.beam_m,
        },
        carrier: raw.carrier.as_deref().and_then(non_empty),
        cargo: raw.cargo.as_deref().and_then(non_empty),
        notes: raw.notes.as_deref().and_then(non_empty),
        quote: raw.quote.as_deref().and_then(non_empty),
        span,
    })
}

/// Turns the TOML crate's error into ours, keeping its span and adding a hint.
fn toml_error(e: &toml::de::Error, text: &str) -> SpecError {
    let span = e
        .span()
        .map(Span::from)
        .unwrap_or_else(|| Span::new(0, text.len().min(1)));
    let message = e.message().trim().to_owned();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("").to_owned();
        let expected = if message.contains("`mode`") {
            LEG_KEYS
        } else if message.contains("`title`") {
            DOC_KEYS
        } else if message.contains("`at`") {
            "name, at, country, label"
        } else {
            "id, name, [[route.leg]]"
        };
        return SpecError::Unknown {
            what: "key",
            name,
            span,
            expected: expected.to_owned(),
        };
    }
    let help = if message.starts_with("missing field") {
        "every leg needs `mode` and `to` (and the first leg of a route `from`); \
         every [[place]] needs `name` and `at`"
    } else if message.contains("invalid type") {
        "names, modes and dates are strings in quotes; via, avoid and within are lists \
         such as [\"Khabarovsk\", \"Omsk\"]"
    } else {
        "check the TOML syntax at this spot: strings in double quotes, one key = value a line"
    };
    SpecError::Syntax {
        message,
        span,
        help: help.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SpecError {
        parse(text).map(|_| ()).unwrap_err()
    }

    #[test]
    fn routes_with_legs_and_defaults() {
        let doc = parse(
            "title = \"T\"\n[[route]]\nid = \"a\"\nname = \"A\"\n[[route.leg]]\nmode = \"air\"\n\
             from = \"X\"\nto = \"Y\"\ndepart = 2023-09-07\n[[route]]\n[[route.leg]]\nmode = \"road\"\n\
             from = \"Y\"\nto = \"Z\"\napprox = true\narrive = \"2023-09\"\nwithin = \"ru\"\n",
        )
        .unwrap();
        assert_eq!(doc.title.as_deref(), Some("T"));
        assert_eq!(doc.routes[0].id, "a");
        assert_eq!(doc.routes[1].id, "route-2");
        assert_eq!(
            doc.routes[0].legs[0]
                .depart
                .as_ref()
                .unwrap()
                .value
                .to_string(),
            "2023-09-07"
        );
        assert_eq!(
            doc.routes[1].legs[0]
                .arrive
                .as_ref()
                .unwrap()
                .value
                .to_string(),
            "2023-09~"
        );
        assert_eq!(doc.routes[1].legs[0].within, vec!["RU"]);
    }

    #[test]
    fn unknown_key_is_located_and_named() {
        let text = "[[leg]]\nmode = \"sea\"\nfrom = \"A\"\nto = \"B\"\nspeed = 12\n";
        match err(text) {
            SpecError::Unknown {
                name,
                span,
                expected,
                ..
            } => {
                assert_eq!(name, "speed");
                assert_eq!(&text[span.offset..span.offset + span.len], "speed");
                assert!(expected.contains("carrier"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_values_point_at_the_value() {
        let text = "[[leg]]\nmode = \"boat\"\nfrom = \"A\"\nto = \"B\"\n";
        let e = err(text);
        assert!(matches!(e, SpecError::Mode { .. }));
        assert_eq!(
            &text[e.span().offset..e.span().offset + e.span().len],
            "\"boat\""
        );
        let text = "[[leg]]\nmode = \"sea\"\nfrom = \"A\"\nto = \"B\"\ndepart = \"2023-02-30\"\n";
        let e = err(text);
        assert_eq!(e.to_string(), "day 30 does not exist in February 2023");
        assert_eq!(
            &text[e.span().offset..e.span().offset + e.span().len],
            "\"2023-02-30\""
        );
        let text = "[[place]]\nname = \"X\"\nat = \"95N 10E\"\n";
        let e = err(text);
        assert!(e.to_string().contains("latitude 95"), "{e}");
        assert!(text[e.span().offset..].starts_with("\"95N"));
    }

    #[test]
    fn syntax_errors_and_missing_fields_are_located() {
        let e = err("[[leg]]\nmode = \"sea\nto = \"B\"\n");
        assert!(matches!(e, SpecError::Syntax { .. }), "{e:?}");
        let e = err("[[leg]]\nmode = \"sea\"\nfrom = \"A\"\n");
        assert!(e.to_string().contains("missing field `to`"), "{e}");
        assert!(e.help().contains("every leg needs"));
        let e = err("[[leg]]\nmode = \"sea\"\nfrom = \"A\"\nto = \"  \"\n");
        assert_eq!(e.to_string(), "`to` is empty");
        assert!(matches!(
            err("[[leg]]\nmode=\"sea\"\nfrom=\"A\"\nto=\"B\"\n[[route]]\n"),
            SpecError::Syntax { .. }
        ));
    }
}
