//! What the CLI prints: summaries, warnings and errors, for people and as JSON.
//! Kept in the library so the binary only chooses and prints.

use serde_json::{json, Value};

use crate::model::{Document, Span, Warning, KM_PER_NMI};
use crate::spec::Source;
use crate::timeline;
use crate::Error;

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

/// A warning as one line for people: `warning: MESSAGE (FILE:LINE:COL)`.
pub fn warning_line(src: &Source, w: &Warning) -> String {
    match w.span {
        Some(s) => {
            let (line, column) = line_column(&src.text, s.offset);
            format!("warning: {} ({}:{line}:{column})", w.message, src.name)
        }
        None => format!("warning: {}", w.message),
    }
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

/// The result of `check` (or `map`) as JSON: routes, legs and warnings.
pub fn document_json(src: &Source, doc: &Document, outputs: &[String]) -> Value {
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
        "warnings": warnings_json(src, &doc.warnings),
    })
}

/// An error as JSON, located in the document where it can be.
pub fn error_json(src: &Source, error: &Error) -> Value {
    let mut e = json!({ "message": error.to_string(), "help": error.help() });
    if let (Some(obj), Value::Object(loc)) = (e.as_object_mut(), location(src, error.span())) {
        obj.extend(loc);
    }
    json!({ "ok": false, "file": src.name, "error": e, "warnings": [] })
}

/// A short summary for people: one line a leg.
pub fn summary(doc: &Document) -> String {
    let mut out = String::new();
    for r in &doc.routes {
        out.push_str(&format!("{} ({}): {} legs\n", r.name, r.id, r.legs.len()));
        for l in &r.legs {
            out.push_str(&format!(
                "  {}. {:<4} {} -> {}: {:.0} km ({:.0} nmi), {}{}\n",
                l.index,
                l.mode.as_str(),
                l.from.name,
                l.to.name,
                l.distance_km,
                l.distance_km / KM_PER_NMI,
                l.path_kind.as_str(),
                timeline::leg_label(l)
                    .map(|d| format!(", {d}"))
                    .unwrap_or_default()
            ));
        }
    }
    out
}

/// Every leg of every route in time order (by earliest departure, else arrival;
/// undated legs last, in document order).
pub fn legs_in_time_order(doc: &Document) -> Vec<(&crate::model::Route, &crate::model::Leg)> {
    let mut rows: Vec<_> = doc
        .routes
        .iter()
        .flat_map(|r| r.legs.iter().map(move |l| (r, l)))
        .collect();
    let key = |l: &crate::model::Leg| l.depart.or(l.arrive).map_or(i64::MAX, |d| d.earliest_s());
    rows.sort_by_key(|(_, l)| key(l));
    rows
}

fn flags(l: &crate::model::Leg) -> String {
    let mut f = Vec::new();
    if l.depart.is_some_and(|d| d.approx) || l.arrive.is_some_and(|d| d.approx) {
        f.push("approx".to_owned());
    }
    if l.depart_estimated || l.arrive_estimated {
        f.push("est".to_owned());
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
    for (r, l) in legs_in_time_order(doc) {
        let label = |d: Option<crate::date::DateSpec>, est: bool| {
            d.map(|d| format!("{}{}", if est { "est. " } else { "" }, d.label()))
                .unwrap_or_else(|| "-".into())
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
            label(l.depart, l.depart_estimated),
            label(l.arrive, l.arrive_estimated),
            timeline::duration_h(l).map_or("-".into(), |h| format!("{:.1}", h / 24.0)),
            format!("{:.0}", l.distance_km),
            speed,
            flags(l),
        ]);
    }
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
        .map(|(r, l)| {
            json!({
                "route_id": r.id, "leg": l.index, "mode": l.mode.as_str(),
                "from": l.from.name, "to": l.to.name,
                "depart": l.depart.map(|d| d.to_string()), "depart_estimated": l.depart_estimated,
                "arrive": l.arrive.map(|d| d.to_string()), "arrive_estimated": l.arrive_estimated,
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
