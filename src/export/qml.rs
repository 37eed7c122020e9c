//! QGIS layer styles (`.qml`), applied by QGIS when it loads `NAME_legs.geojson` or
//! `NAME_stops.geojson` beside a style of the same base name, and stored in the
//! GeoPackage's `layer_styles` table; and `NAME.qml` for both layers of `NAME.kml`
//! ([`kml`]).
//!
//! Legs are categorised on their `style` property (the mode, or `connector`) in the colours of [`crate::style`]; approximate or
//! estimated legs are dashed by a data-defined stroke style; off-network connectors
//! are thin, grey and dashed. Stops are labelled with name and date. Temporal
//! settings use expressions over each feature's time window (`depart` to
//! `arrive_latest` for a leg, `arrive` to `depart_latest` for a stop, inferred along
//! the chain where the document is silent), through the whole last day; an open
//! end is open to the document's span, which is also the layer's temporal range, so
//! QGIS's time slider opens on the shipment's own dates. A document without dates
//! has no temporal settings.

use crate::model::{Document, Mode};
use crate::style::{line_style, STOP_COLOR};
use crate::xml::escape as xml_escape;

/// The document's time span: its earliest moment and the end (exclusive) of its
/// latest, or `None` without dates. In UTC (`Z`) when the document has times; for a
/// document of dates, without a zone, as QGIS reads a Date field (local midnight),
/// so the fallbacks and the fields agree in any time zone.
fn span(doc: &Document) -> Option<(String, String)> {
    let (a, b) = crate::timeline::span_s(doc)?;
    let format = if crate::timeline::uses_time(doc) {
        "%Y-%m-%dT%H:%M:%SZ"
    } else {
        "%Y-%m-%dT%H:%M:%S"
    };
    let iso = |s: i64| {
        jiff::Timestamp::from_second(s)
            .map(|t| t.strftime(format).to_string())
            .ok()
    };
    Some((iso(a)?, iso(b)?))
}

/// A field's value as a date-time, NULL when the field is absent from the file (a
/// GeoJSON layer leaves out columns that are null throughout): QGIS 3.22's
/// one-argument `attribute()` gives NULL for a missing field where `"name"` fails.
fn field(name: &str) -> String {
    format!("to_datetime(attribute('{name}'))")
}

/// The end of a latest bound: a date's whole day (a date-only value is its first
/// moment), or the instant itself.
fn through(name: &str) -> String {
    let f = field(name);
    format!("if(format_date({f}, 'HH:mm:ss') = '00:00:00', {f} + to_interval('1 day'), {f})")
}

/// The `<temporal>` element: a feature is visible from `start` to the end of `end`;
/// open ends (NULL) are open to the document's span.
fn temporal(doc: &Document, start: &[&str], end: &str) -> String {
    let Some((first, last)) = span(doc) else {
        return r#"  <temporal enabled="0" mode="0" startField="" endField="" limitMode="0" accumulate="0"
            durationUnit="d" fixedDuration="0" durationField="" startExpression="" endExpression="">
    <fixedRange><start></start><end></end></fixedRange>
  </temporal>
"#
        .to_owned();
    };
    let starts: Vec<String> = start.iter().map(|s| field(s)).collect();
    let start_expr = format!("coalesce({}, to_datetime('{first}'))", starts.join(", "));
    let end_expr = format!("coalesce({}, to_datetime('{last}'))", through(end));
    format!(
        r#"  <temporal enabled="1" mode="4" startField="" endField="" limitMode="0" accumulate="0"
            durationUnit="d" fixedDuration="0" durationField=""
            startExpression="{}"
            endExpression="{}">
    <fixedRange><start>{first}</start><end>{last}</end></fixedRange>
  </temporal>
"#,
        xml_escape(&start_expr),
        xml_escape(&end_expr),
    )
}

/// Millimetres in a typographic point.
const MM_PER_PT: f64 = 25.4 / 72.0;

fn rgba(hex: &str) -> String {
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    format!("{},{},{},255", channel(1), channel(3), channel(5))
}

/// The expression, true for a leg whose dates are approximate or estimated.
const UNCERTAIN: &str =
    "\"depart_approx\" OR \"arrive_approx\" OR \"depart_estimated\" OR \"arrive_estimated\"";

fn line_symbol(
    index: usize,
    color: &str,
    width_mm: f64,
    dashed_when: Option<&str>,
    always_dashed: bool,
) -> String {
    let style = if always_dashed { "dash" } else { "solid" };
    let data_defined = match dashed_when {
        Some(expr) => format!(
            r#"
          <data_defined_properties>
            <Option type="Map">
              <Option name="name" type="QString" value=""/>
              <Option name="properties" type="Map">
                <Option name="outlineStyle" type="Map">
                  <Option name="active" type="bool" value="true"/>
                  <Option name="expression" type="QString" value="{}"/>
                  <Option name="type" type="int" value="3"/>
                </Option>
              </Option>
              <Option name="type" type="QString" value="collection"/>
            </Option>
          </data_defined_properties>"#,
            xml_escape(&format!("CASE WHEN {expr} THEN 'dash' ELSE 'solid' END"))
        ),
        None => String::new(),
    };
    format!(
        r#"      <symbol name="{index}" type="line" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleLine" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="line_color" type="QString" value="{}"/>
            <Option name="line_width" type="QString" value="{width_mm:.2}"/>
            <Option name="line_width_unit" type="QString" value="MM"/>
            <Option name="line_style" type="QString" value="{style}"/>
            <Option name="capstyle" type="QString" value="round"/>
            <Option name="joinstyle" type="QString" value="round"/>
          </Option>{data_defined}
        </layer>
      </symbol>
"#,
        rgba(color)
    )
}

/// The style for the legs layer.
pub fn legs(doc: &Document) -> String {
    let mut categories = String::new();
    let mut symbols = String::new();
    for (i, mode) in Mode::ALL.iter().enumerate() {
        let s = line_style(*mode);
        let label = match mode {
            Mode::Sea => "Sea",
            Mode::Rail => "Rail",
            Mode::Road => "Road",
            Mode::Air => "Air",
        };
        categories.push_str(&format!(
            "      <category symbol=\"{i}\" value=\"{}\" label=\"{label}\" render=\"true\"/>\n",
            mode.as_str()
        ));
        symbols.push_str(&line_symbol(
            i,
            s.color,
            s.width_pt * MM_PER_PT,
            Some(UNCERTAIN),
            !s.dash.is_empty(),
        ));
    }
    let connector = Mode::ALL.len();
    categories.push_str(&format!(
        "      <category symbol=\"{connector}\" value=\"connector\" label=\"Off-network connector\" render=\"true\"/>\n"
    ));
    symbols.push_str(&line_symbol(connector, "#8a8a8a", 0.35, None, true));
    let temporal = temporal(doc, &["depart"], "arrive_latest");
    format!(
        r#"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- shipmap: legs categorised by mode (connectors apart), dashed when their dates are
     approximate or estimated. Temporal: from the earliest departure to the end of the
     latest arrival day, inferred along the chain; an open end is open to the
     document's span. -->
<qgis version="3.22.16" styleCategories="Symbology|Temporal">
{temporal}  <renderer-v2 type="categorizedSymbol" attr="style" symbollevels="0" forceraster="0" enableorderby="0">
    <categories>
{categories}    </categories>
    <symbols>
{symbols}    </symbols>
  </renderer-v2>
</qgis>
"#
    )
}

/// The style for the stops layer.
pub fn stops(doc: &Document) -> String {
    let temporal = temporal(doc, &["arrive"], "depart_latest");
    let label = "\"name\" || coalesce('\\n' || \"date_label\", '')";
    format!(
        r#"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- shipmap: stops as red dots labelled with name and dates. Temporal: a stop is
     shown from the earliest arrival there to the end of the latest departure day
     from it (origins from the document's start, destinations to its end). -->
<qgis version="3.22.16" styleCategories="Symbology|Labeling|Temporal" labelsEnabled="1">
{temporal}  <renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" enableorderby="0">
    <symbols>
      <symbol name="0" type="marker" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" type="QString" value="circle"/>
            <Option name="color" type="QString" value="{}"/>
            <Option name="outline_color" type="QString" value="255,255,255,255"/>
            <Option name="outline_width" type="QString" value="0.4"/>
            <Option name="size" type="QString" value="3"/>
            <Option name="size_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="{}" isExpression="1" fontSize="9" fontSizeUnit="Point" textColor="30,30,30,255" fontFamily="Noto Sans">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255"/>
      </text-style>
      <placement placement="6" dist="1.5" distUnits="MM"/>
    </settings>
  </labeling>
</qgis>
"#,
        rgba(STOP_COLOR),
        xml_escape(label),
    )
}

/// The style QGIS applies to a KML's layers: `NAME.qml` beside `NAME.kml`, which
/// QGIS loads for each layer of the file (`legs` and `stops` alike), and for
/// `NAME.csv` when that is opened beside it.
///
/// QGIS cannot label KML points from the KML itself: GDAL reads a `LabelStyle` as a
/// label style with no text, QGIS 3.22 makes labels from no embedded style, and it
/// draws the stop icon (a web URL, which Google Earth needs) as a hollow square when
/// offline (`scripts/kml_in_qgis.py`). So this one style serves both geometry types
/// with rules on the geometry: points are red dots labelled with name and dates,
/// lines coloured by their `style` (the mode, or `connector`). Temporal: each feature
/// from its TimeSpan's `begin` to its `end` (the KML's own window, open ends closed at
/// the document's span); a layer without those fields (the CSV) shows every feature
/// over the span.
pub fn kml(doc: &Document) -> String {
    let mut rules = String::new();
    let mut symbols = String::new();
    let stop_symbol = format!(
        r#"      <symbol name="0" type="marker" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" pass="0" enabled="1" locked="0">
          <Option type="Map">
            <Option name="name" type="QString" value="circle"/>
            <Option name="color" type="QString" value="{}"/>
            <Option name="outline_color" type="QString" value="255,255,255,255"/>
            <Option name="outline_width" type="QString" value="0.4"/>
            <Option name="size" type="QString" value="3"/>
            <Option name="size_unit" type="QString" value="MM"/>
          </Option>
        </layer>
      </symbol>
"#,
        rgba(STOP_COLOR)
    );
    symbols.push_str(&stop_symbol);
    rules.push_str(&format!(
        "      <rule key=\"stop\" symbol=\"0\" label=\"Stop\" filter=\"{}\"/>\n",
        xml_escape("geometry_type($geometry) = 'Point'")
    ));
    // symbol 0 is the stop's; each line rule has the next
    let mut line_rules: Vec<(&str, &str, String)> = Vec::new();
    for m in Mode::ALL {
        let label = match m {
            Mode::Sea => "Sea",
            Mode::Rail => "Rail",
            Mode::Road => "Road",
            Mode::Air => "Air",
        };
        let st = line_style(m);
        let n = line_rules.len() + 1;
        let symbol = line_symbol(
            n,
            st.color,
            st.width_pt * MM_PER_PT,
            Some(UNCERTAIN),
            !st.dash.is_empty(),
        );
        line_rules.push((m.as_str(), label, symbol));
    }
    let n = line_rules.len() + 1;
    line_rules.push((
        "connector",
        "Off-network connector",
        line_symbol(n, "#8a8a8a", 0.35, None, true),
    ));
    for (i, (value, label, symbol)) in line_rules.iter().enumerate() {
        symbols.push_str(symbol);
        rules.push_str(&format!(
            "      <rule key=\"{value}\" symbol=\"{}\" label=\"{label}\" filter=\"{}\"/>\n",
            i + 1,
            xml_escape(&format!(
                "geometry_type($geometry) = 'Line' AND \"style\" = '{value}'"
            ))
        ));
    }
    let temporal = match span(doc) {
        None => temporal(doc, &[], ""),
        Some((first, last)) => format!(
            r#"  <temporal enabled="1" mode="4" startField="" endField="" limitMode="0" accumulate="0"
            durationUnit="d" fixedDuration="0" durationField=""
            startExpression="{}"
            endExpression="{}">
    <fixedRange><start>{first}</start><end>{last}</end></fixedRange>
  </temporal>
"#,
            xml_escape(&format!(
                "coalesce({}, to_datetime('{first}'))",
                field("begin")
            )),
            xml_escape(&format!(
                "coalesce({}, to_datetime('{last}'))",
                field("end")
            )),
        ),
    };
    let label = "CASE WHEN geometry_type($geometry) = 'Point' \
                 THEN \"Name\" || coalesce('\\n' || \"date_label\", '') END";
    format!(
        r#"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- shipmap: the style of NAME.kml in QGIS, applied to both of its layers (QGIS loads
     NAME.qml for each): stops as red dots labelled with name and dates, legs by mode.
     QGIS does not label KML points from the KML's own styles. -->
<qgis version="3.22.16" styleCategories="Symbology|Labeling|Temporal" labelsEnabled="1">
{temporal}  <renderer-v2 type="RuleRenderer" symbollevels="0" forceraster="0" enableorderby="0">
    <rules key="root">
{rules}    </rules>
    <symbols>
{symbols}    </symbols>
  </renderer-v2>
  <labeling type="simple">
    <settings calloutType="simple">
      <text-style fieldName="{}" isExpression="1" fontSize="9" fontSizeUnit="Point" textColor="30,30,30,255" fontFamily="Noto Sans">
        <text-buffer bufferDraw="1" bufferSize="1" bufferSizeUnits="MM" bufferColor="255,255,255,255"/>
      </text-style>
      <placement placement="6" dist="1.5" distUnits="MM"/>
    </settings>
  </labeling>
</qgis>
"#,
        xml_escape(label),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{load, spec::Source, Options};

    #[test]
    fn kml_style_serves_both_layers_by_geometry() {
        let d = doc("Najin -sea[2023-09-07..2023-09-12]-> Dunay, RU -rail-> Tikhoretsk");
        let text = kml(&d);
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        };
        let xml = roxmltree::Document::parse_with_options(&text, options).unwrap();
        let rules: Vec<(String, String)> = xml
            .descendants()
            .filter(|n| n.has_tag_name("rule"))
            .map(|n| {
                (
                    n.attribute("filter").unwrap().to_owned(),
                    n.attribute("symbol").unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(rules.len(), 6, "a stop rule, four modes and connectors");
        assert_eq!(
            rules[0],
            (
                "geometry_type($geometry) = 'Point'".to_owned(),
                "0".to_owned()
            )
        );
        assert_eq!(
            rules[1].0,
            "geometry_type($geometry) = 'Line' AND \"style\" = 'sea'"
        );
        // every rule's symbol exists, of the type its geometry needs
        for (filter, symbol) in &rules {
            let sym = xml
                .descendants()
                .find(|n| n.has_tag_name("symbol") && n.attribute("name") == Some(symbol))
                .unwrap_or_else(|| panic!("symbol {symbol}"));
            let want = if filter.contains("'Point'") {
                "marker"
            } else {
                "line"
            };
            assert_eq!(sym.attribute("type"), Some(want), "{filter}");
        }
        let label = xml
            .descendants()
            .find(|n| n.has_tag_name("text-style"))
            .unwrap();
        assert!(label.attribute("fieldName").unwrap().contains("\"Name\""));
        let temporal = xml
            .descendants()
            .find(|n| n.has_tag_name("temporal"))
            .unwrap();
        assert_eq!(temporal.attribute("enabled"), Some("1"));
        assert!(temporal
            .attribute("startExpression")
            .unwrap()
            .contains("attribute('begin')"));
        // no dates, no time
        let undated = kml(&doc("Najin -sea-> Dunay, RU"));
        assert!(undated.contains(r#"<temporal enabled="0""#));
    }

    fn doc(chain: &str) -> Document {
        load(&Source::chain(chain), &Options::default()).unwrap()
    }

    #[test]
    fn colours_come_from_the_shared_palette() {
        assert_eq!(rgba("#1f6fb5"), "31,111,181,255");
        let legs = legs(&doc("42.2456N 130.2967E -sea-> 42.8889N 132.3436E"));
        assert!(legs.contains(&rgba(line_style(Mode::Sea).color)));
        assert!(legs.contains("value=\"connector\""));
    }

    #[test]
    fn the_temporal_range_is_the_documents_span() {
        let d = doc("42.2456N 130.2967E -sea[2023-09-07..2023-09-12]-> 42.8889N 132.3436E -rail-> 45.8546N 40.1255E");
        for qml in [legs(&d), stops(&d)] {
            let opts = roxmltree::ParsingOptions {
                allow_dtd: true,
                ..Default::default()
            };
            let xml = roxmltree::Document::parse_with_options(&qml, opts).unwrap();
            let t = xml
                .descendants()
                .find(|n| n.has_tag_name("temporal"))
                .unwrap();
            assert_eq!(t.attribute("enabled"), Some("1"));
            let start = t.attribute("startExpression").unwrap();
            let end = t.attribute("endExpression").unwrap();
            assert!(
                start.ends_with("to_datetime('2023-09-07T00:00:00'))"),
                "{start}"
            );
            assert!(
                end.ends_with("to_datetime('2023-09-13T00:00:00'))"),
                "{end}"
            );
            assert!(!qml.contains("1900") && !qml.contains("2100"));
            let range = xml
                .descendants()
                .find(|n| n.has_tag_name("fixedRange"))
                .unwrap();
            assert_eq!(
                range.first_element_child().unwrap().text(),
                Some("2023-09-07T00:00:00")
            );
        }
        let undated = legs(&doc("42.2456N 130.2967E -sea-> 42.8889N 132.3436E"));
        assert!(undated.contains("<temporal enabled=\"0\""));
    }
}
