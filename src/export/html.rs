//! `NAME.html`: one self-contained page that shows the static map and lets a reader
//! ask it questions. The map is the scene's own SVG, inline (the same drawing as
//! `NAME.svg`, so the two never disagree, and the page is a map with JavaScript
//! off or when printed); a script adds a card of facts to each leg and stop (on
//! hover, tap or keyboard focus), a timeline of the legs' time windows and a day
//! slider that fades legs in as they can have started, as QGIS's temporal
//! controller does with the GeoJSON layers. A table lists the legs in words.
//!
//! Safety: the page asks for nothing over the network (no fonts, tiles, scripts or
//! styles from elsewhere; a Content-Security-Policy of `default-src 'none'` says so
//! to the browser too). Text from the document reaches the page two ways only:
//! escaped by [`crate::xml::escape`] in the static markup, and inside a JSON block
//! whose `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026`, so no string
//! can close the block; the script puts it on the page with `textContent` only.
//!
//! The cards show the properties the GeoJSON export writes for the feature
//! ([`super::geojson::route_features`]), so a property added there shows up in the
//! card with no change here.

use ::geojson::JsonObject;
use serde_json::{json, Value};

use super::geojson::{self, RouteFeatures};
use crate::model::Document;
use crate::render::Scene;

const SCRIPT: &str = include_str!("html/shipmap.js");
const STYLE: &str = include_str!("html/shipmap.css");

/// The page for a document and its scene (from [`mod@crate::render::scene`]).
///
/// ```
/// let doc = shipmap::load(
///     &shipmap::spec::Source::chain("42.2456N 130.2967E -sea[2023-09-07..2023-09-12]-> 42.8889N 132.3436E"),
///     &shipmap::Options::default(),
/// )?;
/// let layout = shipmap::render::Layout { width_px: 640, height_px: 400, ..Default::default() };
/// let page = shipmap::export::html::write(&doc, &shipmap::render::scene(&doc, &layout));
/// assert!(page.starts_with("<!DOCTYPE html>"));
/// assert!(page.contains("<g data-leg=\"0-0\">"));
/// assert!(!page.contains("https://"));
/// # Ok::<(), shipmap::Error>(())
/// ```
pub fn write(doc: &Document, scene: &Scene) -> String {
    let routes = geojson::route_features(doc);
    let svg = crate::render::svg_inline(scene);
    let data = json_for_script(&data(doc, scene, &routes));
    let title = doc.title.as_deref().unwrap_or("Route map");
    let mut s = String::with_capacity(svg.len() + data.len() + SCRIPT.len() + 16 * 1024);
    s.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    s.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // Nothing may be fetched; inline script and style only.
    s.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         script-src 'unsafe-inline'; style-src 'unsafe-inline'\">\n",
    );
    s.push_str("<meta name=\"generator\" content=\"shipmap\">\n");
    s.push_str(&format!("<title>{}</title>\n", esc(title)));
    s.push_str("<style>\n");
    s.push_str(STYLE);
    s.push_str("</style>\n</head>\n<body>\n<main class=\"sm\">\n");
    // The map shows title and subtitle as drawn text; these are for screen readers
    // and search.
    s.push_str(&format!("<h1 class=\"sm-vh\">{}</h1>\n", esc(title)));
    if let Some(sub) = &doc.subtitle {
        s.push_str(&format!("<p class=\"sm-vh\">{}</p>\n", esc(sub)));
    }
    s.push_str("<figure class=\"sm-figure\" id=\"sm-figure\">\n");
    s.push_str(&svg);
    s.push_str(
        "<div class=\"sm-card\" id=\"sm-card\" role=\"tooltip\" hidden></div>\n\
         <figcaption class=\"sm-vh\">The map's legs are listed in words in the table \
         below it.</figcaption>\n</figure>\n",
    );
    s.push_str(
        "<p class=\"sm-hint sm-ui\" hidden>Point at, tap or tab to a leg or stop for its facts. \
         Press Esc to close a card.</p>\n",
    );
    s.push_str(
        "<section class=\"sm-time sm-ui\" id=\"sm-time\" aria-labelledby=\"sm-time-h\" hidden>\n\
         <h2 id=\"sm-time-h\">Timeline</h2>\n\
         <div class=\"sm-controls\"><button type=\"button\" id=\"sm-play\">Play</button>\n\
         <label for=\"sm-day\">Day</label>\n\
         <input type=\"range\" id=\"sm-day\" step=\"1\">\n\
         <output id=\"sm-day-label\" for=\"sm-day\"></output></div>\n\
         <p id=\"sm-status\" class=\"sm-status\" aria-live=\"polite\"></p>\n\
         <div id=\"sm-bars\" class=\"sm-bars\"></div>\n</section>\n",
    );
    s.push_str(
        "<noscript><p class=\"sm-note\">With JavaScript on, this page adds a card of \
         facts to each leg and stop and a timeline with a day slider. The table below \
         lists every leg.</p></noscript>\n",
    );
    text_alternative(&mut s, doc, &routes);
    s.push_str("<script type=\"application/json\" id=\"sm-data\">");
    s.push_str(&data);
    s.push_str("</script>\n<script>\n");
    s.push_str(SCRIPT);
    s.push_str("</script>\n</main>\n</body>\n</html>\n");
    s
}

/// Text for HTML element content or a quoted attribute.
fn esc(t: &str) -> String {
    crate::xml::escape(t)
}

/// JSON that cannot end a `<script>` block or open a comment in one: `<`, `>`
/// and `&` are only ever inside strings, where `\u003c` means the same; U+2028 and
/// U+2029 are escaped too, for older JavaScript parsers.
fn json_for_script(v: &Value) -> String {
    let raw = serde_json::to_string(v).unwrap_or_else(|_| "{}".to_owned());
    let mut out = String::with_capacity(raw.len() + 64);
    for c in raw.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// What the script needs: the document's titles, each leg's properties (as the
/// GeoJSON export writes them), colour and time window in seconds since the epoch
/// (`null` for an open end), each stop marker's features, and the document's span.
fn data(doc: &Document, scene: &Scene, routes: &[RouteFeatures]) -> Value {
    let n_routes = doc.routes.len();
    let mut legs = Vec::new();
    for (r, rf) in routes.iter().enumerate() {
        for (l, ((feature, _), w)) in rf.legs.iter().zip(&rf.windows).enumerate() {
            let props = feature.properties.clone().unwrap_or_default();
            let color = crate::render::route_color_hex(r, n_routes).or_else(|| {
                props
                    .get("stroke")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            });
            legs.push(json!({
                "key": format!("{r}-{l}"),
                "route": r,
                "color": color,
                "dep": [w.depart.earliest_s(), w.depart.latest_end_s()],
                "arr": [w.arrive.earliest_s(), w.arrive.latest_end_s()],
                "props": props,
            }));
        }
    }
    let stops: Vec<Value> = scene
        .stop_place_ids()
        .iter()
        .enumerate()
        .map(|(k, place_id)| {
            let mut features = Vec::new();
            let mut start: Option<i64> = None;
            for rf in routes {
                for f in &rf.stops {
                    let Some(p) = f.properties.as_ref() else {
                        continue;
                    };
                    if p.get("place_id").and_then(Value::as_str) != Some(place_id) {
                        continue;
                    }
                    if let Some(t) = stop_start_s(rf, p) {
                        start = Some(start.map_or(t, |s| s.min(t)));
                    }
                    features.push(Value::Object(p.clone()));
                }
            }
            json!({ "key": k.to_string(), "start": start, "features": features })
        })
        .collect();
    let routes_v: Vec<Value> = doc
        .routes
        .iter()
        .map(|r| json!({ "id": r.id, "name": r.name }))
        .collect();
    json!({
        "title": doc.title,
        "subtitle": doc.subtitle,
        "source": doc.source,
        "attribution": super::attribution::attribution(doc),
        "span": crate::timeline::span_s(doc).map(|(a, b)| [a, b]),
        "routes": routes_v,
        "legs": legs,
        "stops": stops,
    })
}

/// When a stop is first reached: its earliest arrival, or for an origin its
/// earliest departure (`None`: open, from the document's span).
fn stop_start_s(rf: &RouteFeatures, p: &JsonObject) -> Option<i64> {
    let i = usize::try_from(p.get("stop")?.as_u64()?.checked_sub(1)?).ok()?;
    match i.checked_sub(1).and_then(|j| rf.windows.get(j)) {
        Some(arriving) => arriving.arrive.earliest_s(),
        None => rf.windows.get(i)?.depart.earliest_s(),
    }
}

/// The legs in words: a table that works with no script, for screen readers, and
/// as the text alternative of the map.
fn text_alternative(s: &mut String, doc: &Document, routes: &[RouteFeatures]) {
    s.push_str(
        "<section class=\"sm-alt\" aria-labelledby=\"sm-alt-h\">\n\
         <h2 id=\"sm-alt-h\">The legs in words</h2>\n\
         <div class=\"sm-table-wrap\"><table>\n<thead><tr><th scope=\"col\">Route</th>\
         <th scope=\"col\">Leg</th><th scope=\"col\">Mode</th><th scope=\"col\">From</th>\
         <th scope=\"col\">To</th><th scope=\"col\">Dates</th><th scope=\"col\">Distance</th>\
         <th scope=\"col\">Carrier</th><th scope=\"col\">Cargo</th></tr></thead>\n<tbody>\n",
    );
    for rf in routes {
        for (f, _) in &rf.legs {
            let Some(p) = f.properties.as_ref() else {
                continue;
            };
            let t = |k: &str| match p.get(k) {
                Some(Value::String(v)) => esc(v),
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            };
            let distance = match (p.get("distance_km"), p.get("distance_nmi")) {
                (Some(Value::Number(km)), Some(Value::Number(nmi))) => {
                    format!("{km} km ({nmi} nmi)")
                }
                _ => String::new(),
            };
            s.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
                 <td>{distance}</td><td>{}</td><td>{}</td></tr>\n",
                t("route_name"),
                t("leg"),
                t("mode"),
                t("from"),
                t("to"),
                t("date_label"),
                t("carrier"),
                t("cargo"),
            ));
        }
    }
    s.push_str("</tbody>\n</table></div>\n");
    if let Some(src) = &doc.source {
        s.push_str(&format!(
            "<p class=\"sm-source\">Source: {}</p>\n",
            esc(src)
        ));
    }
    if let Some(a) = super::attribution::attribution(doc) {
        s.push_str(&format!("<p class=\"sm-source\">Data: {}</p>\n", esc(&a)));
    }
    s.push_str("<p class=\"sm-source\">Made with shipmap, offline.</p>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_block_cannot_close_it() {
        let v = json!({ "cargo": "</script><script>alert(1)</script> & <!-- \u{2028}" });
        let out = json_for_script(&v);
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        assert!(out.contains("\\u003c/script\\u003e"));
        assert!(out.contains("\\u2028"));
        // and it still means the same
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, v);
    }
}
