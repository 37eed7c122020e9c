//! CSV route documents: one leg a row, header required, unknown columns refused.
//!
//! Columns: route, route_name, mode, from, to, from_label, to_label, depart, arrive,
//! approx, via, avoid, within, avoid_countries, vessel, max_draught_m, length_m,
//! beam_m, carrier, cargo, notes, quote. `mode` and `to` are required; `from_label`
//! and `to_label` set the names printed for the leg's ends (as in TOML); list cells
//! (via, avoid, within, avoid_countries) separate items with `;`. The vessel cells
//! are a sea leg's ship, as the TOML keys of the same names: a class name and
//! dimensions in metres.
//!
//! Lines starting with `#` before the header are a comment block; in it,
//! `# title: ...`, `# subtitle: ...` and `# source: ...` set the document's title,
//! subtitle and source (the TOML keys of the same names). Other comment lines are
//! ignored.

use super::{
    date_at, label_at, make_approx, mode_at, non_empty, DocumentSpec, LegSpec, RouteSpec, Spanned,
    SpecError,
};
use crate::date::DateOrder;
use crate::model::Span;

const COLUMNS: [&str; 22] = [
    "route",
    "route_name",
    "mode",
    "from",
    "to",
    "from_label",
    "to_label",
    "depart",
    "arrive",
    "approx",
    "via",
    "avoid",
    "within",
    "avoid_countries",
    "vessel",
    "max_draught_m",
    "length_m",
    "beam_m",
    "carrier",
    "cargo",
    "notes",
    "quote",
];

/// The comment block before the header: the byte where the header starts, and the
/// document fields it sets.
fn comment_block(text: &str) -> (usize, DocumentSpec) {
    let mut doc = DocumentSpec::default();
    let mut at = 0;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = text[at..end].trim_start_matches('\u{feff}').trim();
        if !line.starts_with('#') {
            if line.is_empty() && text[end..].trim_start().starts_with('#') {
                at = end;
                continue;
            }
            break;
        }
        let body = line[1..].trim();
        if let Some((key, value)) = body.split_once(':') {
            let value = non_empty(value);
            match key.trim().to_ascii_lowercase().as_str() {
                "title" => doc.title = value,
                "subtitle" => doc.subtitle = value,
                "source" => doc.source = value,
                _ => {}
            }
        }
        at = end;
    }
    (at, doc)
}

/// Reads the text with numeric dates refused unless unambiguous (tests).
#[cfg(test)]
pub(super) fn parse(text: &str) -> Result<DocumentSpec, SpecError> {
    parse_with(text, DateOrder::Unknown)
}

pub(super) fn parse_with(text: &str, order: DateOrder) -> Result<DocumentSpec, SpecError> {
    let (skip, mut doc) = comment_block(text);
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .trim(::csv::Trim::All)
        .from_reader(&text.as_bytes()[skip..]);
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(SpecError::Missing {
                message: "the CSV document is empty".to_owned(),
                span: Span::new(0, 0),
                help: format!("start with a header row: {}", COLUMNS.join(",")),
            })
        }
        Some(r) => r.map_err(|e| csv_error(&e, text, skip))?,
    };
    let header_spans = field_spans(text, skip);
    let mut columns = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        let span = header_spans.get(i).copied().unwrap_or_default();
        let key = name.trim().to_ascii_lowercase();
        if !COLUMNS.contains(&key.as_str()) {
            return Err(SpecError::Unknown {
                what: "column",
                name: name.to_owned(),
                span,
                expected: format!("{} (the first row must be the header)", COLUMNS.join(", ")),
            });
        }
        if columns.contains(&key) {
            return Err(SpecError::Syntax {
                message: format!("column `{key}` appears twice"),
                span,
                help: "keep one column of each name".to_owned(),
            });
        }
        columns.push(key);
    }
    for required in ["mode", "to"] {
        if !columns.iter().any(|c| c == required) {
            return Err(SpecError::Missing {
                message: format!("the header has no `{required}` column"),
                span: Span::new(skip, text[skip..].find('\n').unwrap_or(text.len() - skip)),
                help: format!("columns are: {}", COLUMNS.join(", ")),
            });
        }
    }
    for record in records {
        let record = record.map_err(|e| csv_error(&e, text, skip))?;
        // with CRLF line ends (Excel's default) the csv crate reports a record as
        // starting at the `\n` of the line before; the record starts after it
        let start = line_start(
            text,
            skip + record.position().map_or(0, |p| p.byte() as usize),
        );
        let spans = field_spans(text, start);
        let row_span = Span::new(start, spans.last().map_or(0, |s| s.offset + s.len - start));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let cell = |name: &str| -> Option<(String, Span)> {
            let i = columns.iter().position(|c| c == name)?;
            let value = record.get(i)?.trim();
            (!value.is_empty())
                .then(|| (value.to_owned(), spans.get(i).copied().unwrap_or(row_span)))
        };
        let list = |name: &str| -> Vec<Spanned<String>> {
            cell(name)
                .map(|(v, span)| {
                    v.split(';')
                        .filter_map(non_empty)
                        .map(|item| Spanned::new(item, span))
                        .collect()
                })
                .unwrap_or_default()
        };
        let (mode_text, mode_span) = cell("mode").ok_or_else(|| missing("mode", row_span))?;
        let (to, to_span) = cell("to").ok_or_else(|| missing("to", row_span))?;
        let mut depart = cell("depart")
            .map(|(v, s)| date_at(&v, s, order))
            .transpose()?;
        let mut arrive = cell("arrive")
            .map(|(v, s)| date_at(&v, s, order))
            .transpose()?;
        if let Some((v, span)) = cell("approx") {
            match v.to_ascii_lowercase().as_str() {
                "true" | "yes" | "1" => {
                    make_approx(&mut depart);
                    make_approx(&mut arrive);
                }
                "false" | "no" | "0" => {}
                _ => {
                    return Err(SpecError::Syntax {
                        message: format!("approx is `{v}`"),
                        span,
                        help: "write true or false (or leave the cell empty)".to_owned(),
                    })
                }
            }
        }
        let label = |name: &str| cell(name).map(|(v, s)| label_at(&v, name, s)).transpose();
        let metres = |name: &str| -> Result<Option<f64>, SpecError> {
            cell(name).map(|(v, span)| metres_at(&v, span)).transpose()
        };
        let vessel = super::VesselSpec {
            class: cell("vessel").map(|(v, s)| Spanned::new(v, s)),
            max_draught_m: metres("max_draught_m")?,
            length_m: metres("length_m")?,
            beam_m: metres("beam_m")?,
        };
        let leg = LegSpec {
            from_label: label("from_label")?,
            to_label: label("to_label")?,
            mode: mode_at(&mode_text, mode_span)?,
            from: cell("from").map(|(v, s)| Spanned::new(v, s)),
            to: Spanned::new(to, to_span),
            depart,
            arrive,
            via: list("via"),
            avoid: list("avoid"),
            within: list("within")
                .into_iter()
                .map(|s| s.value.to_ascii_uppercase())
                .collect(),
            avoid_countries: list("avoid_countries")
                .into_iter()
                .map(|s| s.value.to_ascii_uppercase())
                .collect(),
            vessel,
            carrier: cell("carrier").map(|c| c.0),
            cargo: cell("cargo").map(|c| c.0),
            notes: cell("notes").map(|c| c.0),
            quote: cell("quote").map(|c| c.0),
            span: row_span,
        };
        let id = cell("route").map_or_else(|| "route-1".to_owned(), |c| c.0);
        let name = cell("route_name").map(|c| c.0);
        match doc.routes.iter_mut().find(|r| r.id == id) {
            Some(route) => {
                route.legs.push(leg);
                route.span = Span::from(route.span.offset..row_span.offset + row_span.len);
                if route.name.is_none() {
                    route.name = name;
                }
            }
            None => doc.routes.push(RouteSpec {
                id,
                name,
                legs: vec![leg],
                span: row_span,
            }),
        }
    }
    Ok(doc)
}

/// A ship dimension cell: a positive number of metres (`9.5`, `9.5 m`).
fn metres_at(value: &str, span: Span) -> Result<f64, SpecError> {
    value
        .trim_end_matches('m')
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|m| m.is_finite() && *m > 0.0)
        .ok_or_else(|| SpecError::Syntax {
            message: format!("`{value}` is not a ship's size in metres"),
            span,
            help: "give a positive number of metres, e.g. 9.5 (or leave the cell empty)".to_owned(),
        })
}

fn missing(column: &str, span: Span) -> SpecError {
    SpecError::Missing {
        message: format!("this row has no `{column}`"),
        span,
        help: format!("every row needs a `{column}` value"),
    }
}

fn csv_error(e: &::csv::Error, text: &str, skip: usize) -> SpecError {
    let mut offset = line_start(
        text,
        (skip + e.position().map_or(0, |p| p.byte() as usize)).min(text.len()),
    );
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_len = text[offset..]
        .find(['\r', '\n'])
        .unwrap_or(text.len() - offset);
    let help = match e.kind() {
        ::csv::ErrorKind::UnequalLengths { .. } => {
            "every row needs as many cells as the header has columns; quote cells that \
             contain commas, e.g. \"Dunay, RU\""
        }
        ::csv::ErrorKind::Utf8 { .. } => "save the file as UTF-8",
        _ => "check the quoting on this row",
    };
    SpecError::Syntax {
        message: match e.kind() {
            ::csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!("this row has {len} cells but the header has {expected_len}")
            }
            _ => e.to_string(),
        },
        span: Span::new(offset, line_len),
        help: help.to_owned(),
    }
}

/// The first byte at or after `at` that is not a line break.
fn line_start(text: &str, mut at: usize) -> usize {
    while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    at.min(text.len())
}

/// Byte spans of the cells of the record that starts at `start`, quotes included.
/// The csv crate reports where a record starts but not where its cells are.
fn field_spans(text: &str, start: usize) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut cell_start = start;
    let mut in_quotes = false;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => {
                spans.push(trimmed(text, cell_start, i));
                cell_start = i + 1;
            }
            b'\n' | b'\r' if !in_quotes => break,
            _ => {}
        }
        i += 1;
    }
    spans.push(trimmed(text, cell_start, i));
    spans
}

fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let cell = &text[start..end];
    let lead = cell.len() - cell.trim_start().len();
    Span::new(start + lead, cell.trim().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_column_is_refused_and_located() {
        let text = "route,mode,from,to,speed\nr,sea,A,B,12\n";
        match parse(text).unwrap_err() {
            SpecError::Unknown { name, span, .. } => {
                assert_eq!(name, "speed");
                assert_eq!(span, Span::new(19, 5));
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn label_columns_set_the_printed_names() {
        let text = "mode,from,to,from_label,to_label\nsea,Najin,Dunay,Rajin port,\"Dunay (naval pier), RU\"\nrail,,Tikhoretsk,,\n";
        let doc = parse(text).unwrap();
        let legs = &doc.routes[0].legs;
        assert_eq!(legs[0].from_label.as_ref().unwrap().value, "Rajin port");
        assert_eq!(
            legs[0].to_label.as_ref().unwrap().value,
            "Dunay (naval pier), RU"
        );
        assert!(legs[1].from_label.is_none() && legs[1].to_label.is_none());
        let bad = "mode,from,to,to_label\nsea,A,B,x\u{7}y\n";
        let e = parse(bad).unwrap_err();
        assert_eq!(
            e.to_string(),
            "`to_label` contains a control character (U+0007)"
        );
        assert_eq!(&bad[e.span().offset..][..e.span().len], "x\u{7}y");
        let long = format!("mode,from,to,from_label\nsea,A,B,{}\n", "x".repeat(10_000));
        assert!(parse(&long)
            .unwrap_err()
            .to_string()
            .contains("10000 bytes"));
    }

    #[test]
    fn headerless_file_names_the_first_cell() {
        let e = parse("1,sea,Najin,Dunay\n").unwrap_err();
        assert!(e.to_string().contains("unknown column `1`"), "{e}");
        assert!(e.help().contains("header"));
    }

    #[test]
    fn rows_group_into_routes_and_cells_are_located() {
        let text =
            "route,mode,from,to,depart\na,sea,X,Y,2023-09-07\nb,air,P,Q,\na,rail,,Z,2023-09-40\n";
        let e = parse(text).unwrap_err();
        assert_eq!(
            &text[e.span().offset..e.span().offset + e.span().len],
            "2023-09-40"
        );
        let doc = parse(&text.replace("2023-09-40", "")).unwrap();
        assert_eq!(doc.routes.len(), 2);
        assert_eq!(doc.routes[0].legs.len(), 2);
        assert_eq!(doc.routes[1].id, "b");
    }

    #[test]
    fn short_rows_and_missing_columns_are_errors() {
        let e = parse("mode,from,to\nsea,A\n").unwrap_err();
        assert_eq!(e.to_string(), "this row has 2 cells but the header has 3");
        let e = parse("mode,from\nsea,A\n").unwrap_err();
        assert_eq!(e.to_string(), "the header has no `to` column");
        let e = parse("mode,from,to\nsea,A,\n").unwrap_err();
        assert_eq!(e.to_string(), "this row has no `to`");
    }

    #[test]
    fn crlf_rows_are_located_on_their_own_line() {
        let text = "route,mode,from,to\r\nr,sea,Najin,Dunay\r\nr,boat,,Dunay\r\n";
        let e = parse(text).unwrap_err();
        assert_eq!(
            &text[e.span().offset..e.span().offset + e.span().len],
            "boat"
        );
        let e = parse("mode,from,to\r\nsea,A\r\n").unwrap_err();
        assert_eq!(e.span().offset, 14, "{e:?}");
        let doc = parse("# title: T\r\nmode,from,to\r\nsea,A,B\r\n").unwrap();
        assert_eq!(doc.title.as_deref(), Some("T"));
        assert_eq!(doc.routes[0].legs[0].to.value, "B");
    }

    #[test]
    fn vessel_columns_set_the_legs_ship() {
        let text = "mode,from,to,vessel,max_draught_m,length_m,beam_m\n\
                    sea,Primorsk,Sikka,aframax,14.5,245 m,\n\
                    sea,Sikka,Fujairah,,,,32.3\n";
        let doc = parse(text).unwrap();
        let legs = &doc.routes[0].legs;
        let class = legs[0].vessel.class.as_ref().unwrap();
        assert_eq!(class.value, "aframax");
        assert_eq!(&text[class.span.offset..][..class.span.len], "aframax");
        assert_eq!(legs[0].vessel.max_draught_m, Some(14.5));
        assert_eq!(legs[0].vessel.length_m, Some(245.0));
        assert_eq!(legs[0].vessel.beam_m, None);
        assert!(legs[1].vessel.class.is_none());
        assert_eq!(legs[1].vessel.beam_m, Some(32.3));
        assert_eq!(legs[1].vessel.max_draught_m, None);
    }

    #[test]
    fn bad_ship_sizes_are_located_in_their_cell() {
        for bad in ["deep", "-3", "0", "NaN", "inf"] {
            let text = format!("mode,from,to,max_draught_m\nsea,A,B,{bad}\n");
            let e = parse(&text).unwrap_err();
            assert_eq!(&text[e.span().offset..][..e.span().len], bad, "{e:?}");
            assert_eq!(
                e.to_string(),
                format!("`{bad}` is not a ship's size in metres")
            );
            assert!(
                e.help().contains("positive number of metres"),
                "{}",
                e.help()
            );
        }
    }

    #[test]
    fn spans_handle_quotes_with_commas() {
        let text = "mode,from,to\nsea,Najin,\"Dunay, RU\"\n";
        let spans = field_spans(text, 13);
        assert_eq!(
            &text[spans[2].offset..spans[2].offset + spans[2].len],
            "\"Dunay, RU\""
        );
    }
}
