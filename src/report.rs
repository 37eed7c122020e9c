//! What the CLI prints: summaries, warnings and errors, for people and as JSON.
//! Kept in the library so the binary only chooses and prints.

use serde_json::{json, Value};

use crate::model::{Document, Leg, Mode, Place, Span, Warning, KM_PER_NMI};
use crate::spec::Source;
use crate::text::{cut, escape_controls};
use crate::timeline;
use crate::Error;

/// The widest source line shown under an error, in characters; longer lines are cut
/// around the error's column with `…` on the cut sides.
pub const SNIPPET_CHARS: usize = 100;

/// The longest message printed for one error or warning, in characters.
pub const MESSAGE_CHARS: usize = 600;

/// `1 leg`, `2 legs`.
///
/// ```
/// assert_eq!(shipmap::report::count(1, "leg"), "1 leg");
/// assert_eq!(shipmap::report::count(0, "route"), "0 routes");
/// ```
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A value from a document, safe for a terminal: control characters escaped.
fn safe(text: &str) -> String {
    escape_controls(text).into_owned()
}

/// A message for a terminal: cut to [`MESSAGE_CHARS`], control characters escaped.
fn safe_message(text: &str) -> String {
    safe(&cut(text, MESSAGE_CHARS))
}

/// 1-based line and column (in characters) of a byte offset in a text.
///
/// ```
/// assert_eq!(shipmap::report::line_column("ab\ncd", 4), (2, 2));
/// ```
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

fn location(src: &Source, span: Option<Span>) -> Value {
    match span {
        Some(s) => {
            let (line, column) = line_column(&src.text, s.offset);
            json!({ "file": src.name, "line": line, "column": column })
        }
        None => json!({ "file": src.name, "line": null, "column": null }),
    }
}

/// A warning as one line for people: `warning: MESSAGE (FILE:LINE:COL)`, with
/// control characters from the document shown escaped.
pub fn warning_line(src: &Source, w: &Warning) -> String {
    match w.span {
        Some(s) => {
            let (line, column) = line_column(&src.text, s.offset);
            format!(
                "warning: {} ({}:{line}:{column})",
                safe_message(&w.message),
                safe(&src.name)
            )
        }
        None => format!("warning: {}", safe_message(&w.message)),
    }
}

/// An error for people: the message, `--> FILE:LINE:COL`, the source line (cut to
/// [`SNIPPET_CHARS`] around the column) with the span underlined, and the hint.
/// Everything from the document is shown with control characters escaped.
///
/// ```
/// use shipmap::{load, spec::Source, Options, report::error_text};
/// let src = Source::chain("Najin -boat-> Dunay");
/// let e = load(&src, &Options::default()).unwrap_err();
/// assert_eq!(error_text(&src, &e), "error: unknown mode `boat`\n  --> <chain>:1:8\n   |\n 1 | Najin -boat-> Dunay\n   |        ^^^^ here\n  help: a mode is one of sea, rail, road, air\n");
/// ```
pub fn error_text(src: &Source, e: &Error) -> String {
    let mut out = format!("error: {}\n", safe_message(&e.to_string()));
    if let Some(span) = e.span() {
        out.push_str(&snippet(src, span));
    }
    let help = e.help();
    if !help.is_empty() {
        out.push_str(&format!("  help: {}\n", safe_message(&help)));
    }
    out
}

/// `--> FILE:LINE:COL` and the line with the span underlined, bounded in width.
fn snippet(src: &Source, span: Span) -> String {
    let text = &src.text;
    let mut start = span.offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let (line_no, column) = line_column(text, start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    // characters of the line before the span and inside it (the span may run on past
    // the line's end: underline to the end)
    let before = column - 1;
    let span_end = (start + span.len).min(line_end);
    let mut end = span_end.max(start);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let inside = text[start..end].chars().count().max(1);
    let first = before.saturating_sub(SNIPPET_CHARS / 3);
    let chars: Vec<char> = line.chars().skip(first).take(SNIPPET_CHARS).collect();
    let cut_left = first > 0;
    let cut_right = line.chars().nth(first + SNIPPET_CHARS).is_some();
    let mut shown = String::new();
    let mut marker_at = 0;
    let mut marker_len = 0;
    if cut_left {
        shown.push('…');
    }
    for (i, c) in chars.iter().enumerate() {
        let piece = escape_controls(&c.to_string()).into_owned();
        let width = piece.chars().count();
        let at = first + i;
        if at < before {
            marker_at += width;
        } else if at < before + inside {
            marker_len += width;
        }
        shown.push_str(&piece);
    }
    if cut_right {
        shown.push('…');
    }
    if cut_left {
        marker_at += 1;
    }
    let gutter = line_no.to_string().len();
    let pad = " ".repeat(gutter);
    format!(
        "{pad} --> {}:{line_no}:{column}\n{pad}  |\n {line_no} | {shown}\n{pad}  | {}{} here\n",
        safe(&cut(&src.name, 200)),
        " ".repeat(marker_at),
        "^".repeat(marker_len.max(1)),
    )
}

fn warnings_json(src: &Source, warnings: &[Warning]) -> Vec<Value> {
    warnings
        .iter()
        .map(|w| {
            let mut v = json!({ "code": w.code, "message": w.message, "route_id": w.route_id, "leg": w.leg });
            if let (Some(obj), Value::Object(loc)) = (v.as_object_mut(), location(src, w.span)) {
                obj.extend(loc);
            }
            v
        })
        .collect()
}

/// The result of a run as JSON: the routes and legs built, the files written, and
/// the warnings, the document's (located) then the maps' (`"code": "map"`: a
/// close-up dropped, a basemap too coarse for the frame).
pub fn document_json(
    src: &Source,
    doc: &Document,
    outputs: &[String],
    map_warnings: &[String],
) -> Value {
    let routes: Vec<Value> = doc
        .routes
        .iter()
        .map(|r| {
            let legs: Vec<Value> = r
                .legs
                .iter()
                .map(|l| {
                    json!({
                        "leg": l.index, "mode": l.mode.as_str(),
                        "from": l.from.name, "from_id": l.from.id,
                        "to": l.to.name, "to_id": l.to.id,
                        "depart": l.depart.map(|d| d.to_string()),
                        "arrive": l.arrive.map(|d| d.to_string()),
                        "distance_km": (l.distance_km * 10.0).round() / 10.0,
                        "distance_nmi": (l.distance_km / KM_PER_NMI * 10.0).round() / 10.0,
                        "path": l.path_kind.as_str(),
                        "points": l.path.len(),
                        "passages": l.passages,
                    })
                })
                .collect();
            json!({ "id": r.id, "name": r.name, "legs": legs })
        })
        .collect();
    json!({
        "ok": true,
        "file": src.name,
        "routes": routes,
        "outputs": outputs,
        "warnings": warnings_json(src, &doc.warnings)
            .into_iter()
            .chain(map_warnings.iter().map(|w| json!({
                "code": "map",
                "message": cut(w, MESSAGE_CHARS),
            })))
            .collect::<Vec<Value>>(),
    })
}

/// An error as JSON, located in the document where it can be.
pub fn error_json(src: &Source, error: &Error) -> Value {
    let mut e = json!({
        "message": cut(&error.to_string(), MESSAGE_CHARS),
        "help": cut(&error.help(), MESSAGE_CHARS),
    });
    if let (Some(obj), Value::Object(loc)) = (e.as_object_mut(), location(src, error.span())) {
        obj.extend(loc);
    }
    json!({ "ok": false, "file": src.name, "error": e, "warnings": [] })
}

/// A stop for people: `Najin (KP, port)`; coordinates and places of unknown country
/// show their kind only.
fn stop(p: &Place) -> String {
    match &p.country {
        Some(cc) => format!("{} ({}, {})", safe(&p.name), safe(cc), p.kind.as_str()),
        None => format!("{} ({})", safe(&p.name), p.kind.as_str()),
    }
}

/// What a leg passes, in order: the passages of a sea leg (`none` when it uses no
/// strait or canal), the countries of a rail or road leg.
fn passes(l: &Leg) -> Option<String> {
    let list = |v: &[String]| v.iter().map(|s| safe(s)).collect::<Vec<_>>().join(", ");
    match l.mode {
        Mode::Sea if l.passages.is_empty() => Some("passages: none".to_owned()),
        Mode::Sea => Some(format!("passages: {}", list(&l.passages))),
        Mode::Rail | Mode::Road if !l.countries.is_empty() => {
            Some(format!("countries: {}", list(&l.countries)))
        }
        _ => None,
    }
}

/// A short summary for people: one line a leg, each stop with its country and kind,
/// then what the leg passes (sea passages; countries on land), in order.
///
/// ```
/// use shipmap::{load, spec::Source, Options, report::summary};
/// let doc = load(&Source::chain("42.2456N 130.2967E -air-> 42.8889N 132.3436E"), &Options::default())?;
/// assert!(summary(&doc).starts_with("42.2456N 130.2967E to 42.8889N 132.3436E (route-1): 1 leg\n"));
/// # Ok::<(), shipmap::Error>(())
/// ```
pub fn summary(doc: &Document) -> String {
    let mut out = String::new();
    // A built document has passed `timeline::windows`; without it a leg shows its
    // own dates only.
    let windows = timeline::windows(doc).unwrap_or_default();
    for (ri, r) in doc.routes.iter().enumerate() {
        out.push_str(&format!(
            "{} ({}): {}\n",
            safe(&r.name),
            safe(&r.id),
            count(r.legs.len(), "leg")
        ));
        for (li, l) in r.legs.iter().enumerate() {
            let dates = match windows.get(ri).and_then(|w| w.get(li)) {
                Some(w) => timeline::leg_label_within(l, w),
                None => timeline::leg_label(l),
            };
            out.push_str(&format!(
                "  {}. {:<4} {} -> {}: {:.0} km ({:.0} nmi), {}{}\n",
                l.index,
                l.mode.as_str(),
                stop(&l.from),
                stop(&l.to),
                l.distance_km,
                l.distance_km / KM_PER_NMI,
                l.path_kind.as_str(),
                dates.map(|d| format!(", {}", safe(&d))).unwrap_or_default()
            ));
            if let Some(p) = passes(l) {
                out.push_str(&format!("     {p}\n"));
            }
            if !l.crossings.is_empty() {
                let c: Vec<String> = l.crossings.iter().map(|c| c.label()).collect();
                out.push_str(&format!("     border crossings: {}\n", c.join("; ")));
            }
        }
    }
    out
}

/// One leg in time order: its route, the leg, and the time windows its dates and the
/// chain imply.
pub type TimedLeg<'a> = (&'a crate::model::Route, &'a Leg, timeline::LegWindows);

/// Every leg of every route in time order, by the earliest moment it can depart (its
/// own date or one inferred along the chain), else arrive; legs with no bound at all
/// last, in document order.
pub fn legs_in_time_order(doc: &Document) -> Vec<TimedLeg<'_>> {
    let windows = timeline::windows(doc).unwrap_or_default();
    let mut rows: Vec<TimedLeg<'_>> = doc
        .routes
        .iter()
        .enumerate()
        .flat_map(|(ri, r)| {
            let windows = &windows;
            r.legs.iter().enumerate().map(move |(li, l)| {
                let w = windows
                    .get(ri)
                    .and_then(|w| w.get(li))
                    .copied()
                    .unwrap_or_default();
                (r, l, w)
            })
        })
        .collect();
    let key = |l: &Leg, w: &timeline::LegWindows| {
        w.depart
            .earliest_s()
            .or(w.arrive.earliest_s())
            .or_else(|| l.depart.or(l.arrive).map(|d| d.earliest_s()))
            .unwrap_or(i64::MAX)
    };
    rows.sort_by_key(|(_, l, w)| key(l, w));
    rows
}

fn flags(l: &Leg, w: &timeline::LegWindows) -> String {
    let mut f = Vec::new();
    if l.depart.is_some_and(|d| d.approx) || l.arrive.is_some_and(|d| d.approx) {
        f.push("approx".to_owned());
    }
    if l.depart_estimated || l.arrive_estimated {
        f.push("est".to_owned());
    }
    if w.depart.inferred() || w.arrive.inferred() {
        f.push("inferred".to_owned());
    }
    if !l.warnings.is_empty() {
        f.push(format!("{} warning(s)", l.warnings.len()));
    }
    f.join(", ")
}

/// The timeline as a table for people.
pub fn timeline_table(doc: &Document) -> String {
    let header = [
        "route", "leg", "mode", "from", "to", "depart", "arrive", "days", "km", "speed", "flags",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for (r, l, w) in legs_in_time_order(doc) {
        let label = |d: Option<crate::date::DateSpec>, est: bool, win: &timeline::Window| {
            timeline::end_label(d.as_ref(), est, win).unwrap_or_else(|| "-".into())
        };
        let speed = timeline::speed_kmh(l).map_or("-".to_owned(), |v| match l.mode {
            crate::model::Mode::Sea => format!("{:.1} kn", v / KM_PER_NMI),
            _ => format!("{v:.0} km/h"),
        });
        rows.push(vec![
            r.id.clone(),
            l.index.to_string(),
            l.mode.as_str().to_owned(),
            l.from.name.clone(),
            l.to.name.clone(),
            label(l.depart, l.depart_estimated, &w.depart),
            label(l.arrive, l.arrive_estimated, &w.arrive),
            timeline::duration_h(l).map_or("-".into(), |h| format!("{:.1}", h / 24.0)),
            format!("{:.0}", l.distance_km),
            speed,
            flags(l, &w),
        ]);
    }
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| r.iter().map(|c| safe(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// The timeline as JSON: one object a leg, in time order.
pub fn timeline_json(doc: &Document) -> Value {
    let legs: Vec<Value> = legs_in_time_order(doc)
        .into_iter()
        .map(|(r, l, w)| {
            json!({
                "route_id": r.id, "leg": l.index, "mode": l.mode.as_str(),
                "from": l.from.name, "to": l.to.name,
                "depart": l.depart.map(|d| d.to_string()), "depart_estimated": l.depart_estimated,
                "depart_inferred": w.depart.inferred(),
                "depart_label": timeline::end_label(l.depart.as_ref(), l.depart_estimated, &w.depart),
                "arrive": l.arrive.map(|d| d.to_string()), "arrive_estimated": l.arrive_estimated,
                "arrive_inferred": w.arrive.inferred(),
                "arrive_label": timeline::end_label(l.arrive.as_ref(), l.arrive_estimated, &w.arrive),
                "date_label": timeline::leg_label_within(l, &w),
                "duration_h": timeline::duration_h(l), "distance_km": (l.distance_km * 10.0).round() / 10.0,
                "speed_kmh": timeline::speed_kmh(l), "warnings": l.warnings,
            })
        })
        .collect();
    json!(legs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        assert_eq!(line_column("a", 0), (1, 1));
        assert_eq!(line_column("Дунай\nx", 11), (2, 1));
        assert_eq!(line_column("Дунай x", 11), (1, 7));
        assert_eq!(line_column("abc", 99), (1, 4));
        assert_eq!(
            line_column("Д", 1),
            (1, 1),
            "inside a character rounds down"
        );
    }
}
