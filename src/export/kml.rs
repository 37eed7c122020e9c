//! KML out, for Google Earth and QGIS: folders of legs and stops, a style per mode,
//! stops as labelled dots, TimeSpans over each feature's time window (through the
//! whole arrival day, open ends closed at the document's span), every GeoJSON
//! property as typed `SchemaData` (GDAL's LIBKML driver reads those as typed
//! fields), and the sources in the document's description.

use geojson::{Feature, JsonValue, Value};

use super::geojson::{features, field_type, FieldType, Part};
use crate::model::{Document, Mode};
use crate::style::{line_style, STOP_COLOR};
use crate::xml::escape as xml_escape;

/// KML colours are `aabbggrr`.
fn kml_color(hex: &str, alpha: u8) -> String {
    let h = |i: usize| hex.get(i..i + 2).unwrap_or("00").to_ascii_lowercase();
    format!("{alpha:02x}{}{}{}", h(5), h(3), h(1))
}

fn text(props: &geojson::JsonObject, key: &str) -> Option<String> {
    match props.get(key) {
        Some(JsonValue::String(s)) => Some(s.clone()),
        Some(JsonValue::Null) | None => None,
        Some(other) => Some(other.to_string()),
    }
}

fn coordinates(line: &[Vec<f64>]) -> String {
    line.iter()
        .map(|p| format!("{},{}", p[0], p[1]))
        .collect::<Vec<_>>()
        .join(" ")
}

fn geometry(f: &Feature) -> String {
    match f.geometry.as_ref().map(|g| &g.value) {
        Some(Value::Point(p)) => format!(
            "<Point><coordinates>{},{}</coordinates></Point>",
            p[0], p[1]
        ),
        Some(Value::LineString(l)) => format!(
            "<LineString><tessellate>1</tessellate><coordinates>{}</coordinates></LineString>",
            coordinates(l)
        ),
        Some(Value::MultiLineString(m)) => {
            let parts: String = m
                .iter()
                .map(|l| format!("<LineString><tessellate>1</tessellate><coordinates>{}</coordinates></LineString>", coordinates(l)))
                .collect();
            format!("<MultiGeometry>{parts}</MultiGeometry>")
        }
        _ => String::new(),
    }
}

/// The `<TimeSpan>` of a feature: from `begin` (an ISO date or date-time) to the end
/// of `last` (a date's whole day: KML's `end` is an instant, so the day after), open
/// ends closed at the document's span so that every tool's time filter keeps the
/// feature (`span` in the same form as the fields).
fn time_span(
    begin: Option<String>,
    last: Option<String>,
    span: &Option<(String, String)>,
) -> String {
    let Some((first, end_of_doc)) = span else {
        return String::new();
    };
    let end = match last {
        Some(d) if d.len() == 10 => d
            .parse::<jiff::civil::Date>()
            .ok()
            .and_then(|d| d.tomorrow().ok())
            .map_or(d, |d| d.to_string()),
        Some(t) if t.ends_with("T00:00:00Z") => t
            .get(..10)
            .and_then(|d| d.parse::<jiff::civil::Date>().ok())
            .and_then(|d| d.tomorrow().ok())
            .map_or(t.clone(), |d| format!("{d}T00:00:00Z")),
        Some(t) => t,
        None => end_of_doc.clone(),
    };
    format!(
        "<TimeSpan><begin>{}</begin><end>{}</end></TimeSpan>",
        xml_escape(&begin.unwrap_or_else(|| first.clone())),
        xml_escape(&end)
    )
}

/// Properties not written as data: simplestyle keys, which KML's own styles replace.
const STYLE_KEYS: [&str; 3] = ["stroke", "stroke-width", "marker-color"];

/// The KML type of a property ([`FieldType`] dates are strings: KML has no date type;
/// the TimeSpan carries the time).
fn kml_type(t: FieldType) -> &'static str {
    match t {
        FieldType::Integer => "int",
        FieldType::Real => "double",
        FieldType::Boolean => "bool",
        FieldType::Text | FieldType::Date | FieldType::DateTime => "string",
    }
}

/// A `<Schema>` typing every property of these features.
fn schema(id: &str, features: &[Feature], with_time: bool) -> String {
    let mut names: Vec<&String> = Vec::new();
    for f in features {
        for k in f.properties.iter().flat_map(|p| p.keys()) {
            if !STYLE_KEYS.contains(&k.as_str()) && !names.contains(&k) {
                names.push(k);
            }
        }
    }
    let mut s = format!("<Schema name=\"{id}\" id=\"{id}\">");
    for n in names {
        s.push_str(&format!(
            "<SimpleField name=\"{}\" type=\"{}\"/>",
            xml_escape(n),
            kml_type(field_type(n, with_time))
        ));
    }
    s.push_str("</Schema>\n");
    s
}

fn extended_data(schema: &str, props: &geojson::JsonObject) -> String {
    let mut s = format!("<ExtendedData><SchemaData schemaUrl=\"#{schema}\">");
    for (k, v) in props {
        if STYLE_KEYS.contains(&k.as_str()) {
            continue;
        }
        let value = match v {
            JsonValue::Null => continue,
            JsonValue::String(t) => t.clone(),
            JsonValue::Bool(b) => (if *b { "1" } else { "0" }).to_owned(),
            other => other.to_string(),
        };
        s.push_str(&format!(
            "<SimpleData name=\"{}\">{}</SimpleData>",
            xml_escape(k),
            xml_escape(&value)
        ));
    }
    s.push_str("</SchemaData></ExtendedData>");
    s
}

fn placemark(f: &Feature, span: &Option<(String, String)>, route_prefix: bool) -> String {
    let props = f.properties.clone().unwrap_or_default();
    let kind = text(&props, "kind").unwrap_or_default();
    let prefix = if route_prefix {
        format!("{}: ", text(&props, "route_name").unwrap_or_default())
    } else {
        String::new()
    };
    let (name, style, span, schema) = if kind == "stop" {
        (
            format!("{prefix}{}", text(&props, "name").unwrap_or_default()),
            "stop".to_owned(),
            time_span(text(&props, "arrive"), text(&props, "depart_latest"), span),
            "stop",
        )
    } else {
        let mode = text(&props, "mode").unwrap_or_default();
        let uncertain = [
            "depart_approx",
            "arrive_approx",
            "depart_estimated",
            "arrive_estimated",
        ]
        .iter()
        .any(|k| props.get(*k) == Some(&JsonValue::Bool(true)));
        let style = if kind == "connector" {
            "connector".to_owned()
        } else if uncertain {
            format!("{mode}-uncertain")
        } else {
            mode
        };
        let name = format!(
            "{prefix}{}{}. {} to {}",
            if kind == "connector" {
                "connector, leg "
            } else {
                ""
            },
            text(&props, "leg").unwrap_or_default(),
            text(&props, "from").unwrap_or_default(),
            text(&props, "to").unwrap_or_default()
        );
        (
            name,
            style,
            time_span(text(&props, "depart"), text(&props, "arrive_latest"), span),
            "leg",
        )
    };
    let description = text(&props, "date_label").unwrap_or_default();
    format!(
        "<Placemark><name>{}</name><description>{}</description>{span}<styleUrl>#{style}</styleUrl>{}{}</Placemark>\n",
        xml_escape(&name),
        xml_escape(&description),
        extended_data(schema, &props),
        geometry(f)
    )
}

fn styles() -> String {
    let mut s = String::new();
    for mode in Mode::ALL {
        let st = line_style(mode);
        let width = st.width_pt * 1.5;
        s.push_str(&format!(
            "<Style id=\"{m}\"><LineStyle><color>{}</color><width>{width:.1}</width></LineStyle></Style>\n\
             <Style id=\"{m}-uncertain\"><LineStyle><color>{}</color><width>{:.1}</width></LineStyle></Style>\n",
            kml_color(st.color, 0xff),
            kml_color(st.color, 0x99),
            width * 0.7,
            m = mode.as_str(),
        ));
    }
    s.push_str("<Style id=\"connector\"><LineStyle><color>ff8a8a8a</color><width>1.5</width></LineStyle></Style>\n");
    s.push_str(&format!(
        "<Style id=\"stop\"><IconStyle><color>{}</color><scale>0.9</scale><Icon><href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href></Icon></IconStyle><LabelStyle><scale>1</scale></LabelStyle></Style>\n",
        kml_color(STOP_COLOR, 0xff)
    ));
    s
}

/// The document's span in the form of its date fields (dates, or UTC date-times).
fn doc_span(doc: &Document, with_time: bool) -> Option<(String, String)> {
    let (a, b) = crate::timeline::span_s(doc)?;
    let format = if with_time {
        "%Y-%m-%dT%H:%M:%SZ"
    } else {
        "%Y-%m-%d"
    };
    let iso = |s: i64| {
        jiff::Timestamp::from_second(s)
            .ok()
            .map(|t| t.strftime(format).to_string())
    };
    Some((iso(a)?, iso(b)?))
}

/// The document as KML 2.2: two folders, `legs` and `stops` (GDAL's LIBKML driver
/// makes a layer of each; no empty ones), typed by a `<Schema>` each.
pub fn write(doc: &Document) -> String {
    let legs = features(doc, Part::Legs);
    let stops = features(doc, Part::Stops);
    let with_time = crate::timeline::uses_time(doc);
    let span = doc_span(doc, with_time);
    let several = doc.routes.len() > 1;
    let title = doc.title.clone().unwrap_or_else(|| "shipmap".to_owned());
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document>\n");
    out.push_str(&format!("<name>{}</name>\n", xml_escape(&title)));
    let mut description = Vec::new();
    if let Some(subtitle) = &doc.subtitle {
        description.push(subtitle.clone());
    }
    if let Some(source) = &doc.source {
        description.push(format!("Source: {source}"));
    }
    if let Some(a) = super::attribution::attribution(doc) {
        description.push(format!("Data: {a}"));
    }
    if !description.is_empty() {
        out.push_str(&format!(
            "<description>{}</description>\n",
            xml_escape(&description.join("\n"))
        ));
    }
    out.push_str(&styles());
    out.push_str(&schema("leg", &legs, with_time));
    out.push_str(&schema("stop", &stops, with_time));
    for (name, features) in [("legs", &legs), ("stops", &stops)] {
        if features.is_empty() {
            continue;
        }
        out.push_str(&format!("<Folder><name>{name}</name>\n"));
        features
            .iter()
            .for_each(|f| out.push_str(&placemark(f, &span, several)));
        out.push_str("</Folder>\n");
    }
    out.push_str("</Document>\n</kml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, spec::Source, Options};

    #[test]
    fn routes_legs_stops_and_times() {
        let src = Source::chain("42.2456N 130.2967E -sea[2023-09-07..~2023-09-12; cargo shells & fuses]-> 42.8889N 132.3436E");
        let kml = write(&load(&src, &Options::default()).unwrap());
        assert_eq!(kml.matches("<Placemark>").count(), 3);
        assert!(
            kml.contains("<TimeSpan><begin>2023-09-07</begin><end>2023-09-13</end></TimeSpan>"),
            "{kml}"
        );
        assert!(kml.contains("<SimpleField name=\"distance_km\" type=\"double\"/>"));
        assert!(kml.contains("<SimpleData name=\"leg\">1</SimpleData>"));
        assert!(
            kml.contains("<styleUrl>#sea-uncertain</styleUrl>"),
            "approximate arrival"
        );
        assert!(kml.contains("shells &amp; fuses"));
        assert!(
            kml.contains("<color>ffb56f1f</color>"),
            "sea blue as aabbggrr"
        );
    }
}
