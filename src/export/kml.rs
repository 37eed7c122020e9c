//! KML out, for Google Earth: a Document per route with folders of legs and stops,
//! a style per mode, TimeSpans from the dates, and every GeoJSON property as
//! ExtendedData (GDAL's LIBKML driver reads those as fields).

use geojson::{Feature, JsonValue, Value};

use super::geojson::{features, Part};
use super::qml::xml_escape;
use crate::model::{Document, Mode};
use crate::style::{line_style, STOP_COLOR};

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

fn time_span(begin: Option<String>, end: Option<String>) -> String {
    if begin.is_none() && end.is_none() {
        return String::new();
    }
    let mut s = String::from("<TimeSpan>");
    if let Some(b) = begin {
        s.push_str(&format!("<begin>{b}</begin>"));
    }
    if let Some(e) = end {
        s.push_str(&format!("<end>{e}</end>"));
    }
    s.push_str("</TimeSpan>");
    s
}

fn extended_data(props: &geojson::JsonObject) -> String {
    let mut s = String::from("<ExtendedData>");
    for (k, v) in props {
        if k == "stroke" || k == "stroke-width" || k == "marker-color" {
            continue;
        }
        let value = match v {
            JsonValue::Null => String::new(),
            JsonValue::String(t) => t.clone(),
            other => other.to_string(),
        };
        s.push_str(&format!(
            "<Data name=\"{}\"><value>{}</value></Data>",
            xml_escape(k),
            xml_escape(&value)
        ));
    }
    s.push_str("</ExtendedData>");
    s
}

fn placemark(f: &Feature) -> String {
    let props = f.properties.clone().unwrap_or_default();
    let kind = text(&props, "kind").unwrap_or_default();
    let (name, style, span) = if kind == "stop" {
        (
            text(&props, "name").unwrap_or_default(),
            "stop".to_owned(),
            time_span(text(&props, "arrive"), text(&props, "depart_latest")),
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
            "{}{}. {} to {}",
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
            time_span(text(&props, "depart"), text(&props, "arrive_latest")),
        )
    };
    let description = text(&props, "date_label").unwrap_or_default();
    format!(
        "<Placemark><name>{}</name><description>{}</description>{span}<styleUrl>#{style}</styleUrl>{}{}</Placemark>\n",
        xml_escape(&name),
        xml_escape(&description),
        extended_data(&props),
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
        "<Style id=\"stop\"><IconStyle><color>{}</color><scale>0.9</scale></IconStyle><LabelStyle><scale>0.9</scale></LabelStyle></Style>\n",
        kml_color(STOP_COLOR, 0xff)
    ));
    s
}

/// The document as KML 2.2.
pub fn write(doc: &Document) -> String {
    let legs = features(doc, Part::Legs);
    let stops = features(doc, Part::Stops);
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
    if !description.is_empty() {
        out.push_str(&format!(
            "<description>{}</description>\n",
            xml_escape(&description.join("\n"))
        ));
    }
    out.push_str(&styles());
    for route in &doc.routes {
        let of_route = |f: &&Feature| {
            f.properties.as_ref().and_then(|p| p.get("route_id"))
                == Some(&JsonValue::String(route.id.clone()))
        };
        out.push_str(&format!(
            "<Document id=\"{}\">\n<name>{}</name>\n",
            xml_escape(&route.id),
            xml_escape(&route.name)
        ));
        // LIBKML makes a layer of each folder: name them apart across routes.
        out.push_str(&format!(
            "<Folder><name>{} legs</name>\n",
            xml_escape(&route.id)
        ));
        legs.iter()
            .filter(of_route)
            .for_each(|f| out.push_str(&placemark(f)));
        out.push_str(&format!(
            "</Folder>\n<Folder><name>{} stops</name>\n",
            xml_escape(&route.id)
        ));
        stops
            .iter()
            .filter(of_route)
            .for_each(|f| out.push_str(&placemark(f)));
        out.push_str("</Folder>\n</Document>\n");
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
        assert!(kml.contains("<TimeSpan><begin>2023-09-07</begin><end>2023-09-12</end></TimeSpan>"));
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
