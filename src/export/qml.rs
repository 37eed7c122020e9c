//! QGIS layer styles (`.qml`), applied by QGIS when it loads `NAME_legs.geojson` or
//! `NAME_stops.geojson` beside a style of the same base name, and stored in the
//! GeoPackage's `layer_styles` table.
//!
//! Legs are categorised on their `style` property (the mode, or `connector`) in the colours of [`crate::style`]; approximate or
//! estimated legs are dashed by a data-defined stroke style; off-network connectors
//! are thin, grey and dashed. Stops are labelled with name and date. Temporal
//! settings use expressions so that undated features stay visible (a NULL start
//! would hide them) and a leg stays visible through its whole arrival day.

use crate::model::Mode;
use crate::style::{line_style, STOP_COLOR};

/// Where the temporal controller's fallbacks sit when a date is unknown: far enough
/// out to cover any shipment, close enough for QGIS's date arithmetic.
const FAR_PAST: &str = "1900-01-01";
const FAR_FUTURE: &str = "2100-01-01";

/// Millimetres in a typographic point.
const MM_PER_PT: f64 = 25.4 / 72.0;

fn rgba(hex: &str) -> String {
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
    format!("{},{},{},255", channel(1), channel(3), channel(5))
}

/// Escapes text for an XML attribute.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            // XML 1.0 has no way to write other C0 characters, nor U+FFFE/U+FFFF:
            // they are shown escaped (`\x00`) so the file stays well-formed
            c if (c < ' ' && c != '\t' && c != '\r') || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                if c.is_control() {
                    out.push_str(&crate::text::escape_controls(&c.to_string()));
                } else {
                    out.push_str(&format!("\\u{{{:X}}}", c as u32));
                }
            }
            c => out.push(c),
        }
    }
    out
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
pub fn legs() -> String {
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
    let start = format!(
        "coalesce(to_datetime(\"depart\"), to_datetime(\"arrive\"), to_datetime('{FAR_PAST}'))"
    );
    let end = format!(
        "coalesce(to_datetime(\"arrive_latest\"), to_datetime('{FAR_FUTURE}')) + to_interval('1 day')"
    );
    format!(
        r#"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- shipmap: legs categorised by mode (connectors apart), dashed when their dates are
     approximate or estimated. Temporal: from the earliest departure to the end of the
     latest arrival day; an unknown date leaves that side open. -->
<qgis version="3.22.16" styleCategories="Symbology|Temporal">
  <temporal enabled="1" mode="4" startField="" endField="" limitMode="0" accumulate="0"
            durationUnit="d" fixedDuration="0" durationField=""
            startExpression="{}"
            endExpression="{}">
    <fixedRange><start></start><end></end></fixedRange>
  </temporal>
  <renderer-v2 type="categorizedSymbol" attr="style" symbollevels="0" forceraster="0" enableorderby="0">
    <categories>
{categories}    </categories>
    <symbols>
{symbols}    </symbols>
  </renderer-v2>
</qgis>
"#,
        xml_escape(&start),
        xml_escape(&end),
    )
}

/// The style for the stops layer.
pub fn stops() -> String {
    let start = format!("coalesce(to_datetime(\"arrive\"), to_datetime('{FAR_PAST}'))");
    let end = format!("coalesce(to_datetime(\"depart_latest\"), to_datetime('{FAR_FUTURE}')) + to_interval('1 day')");
    let label = "\"name\" || coalesce('\\n' || \"date_label\", '')";
    format!(
        r#"<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<!-- shipmap: stops as red dots labelled with name and dates. Temporal: a stop is
     shown from the arrival there to the end of the departure day from it (origins
     from the start, destinations to the end). -->
<qgis version="3.22.16" styleCategories="Symbology|Labeling|Temporal" labelsEnabled="1">
  <temporal enabled="1" mode="4" startField="" endField="" limitMode="0" accumulate="0"
            durationUnit="d" fixedDuration="0" durationField=""
            startExpression="{}"
            endExpression="{}">
    <fixedRange><start></start><end></end></fixedRange>
  </temporal>
  <renderer-v2 type="singleSymbol" symbollevels="0" forceraster="0" enableorderby="0">
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
        xml_escape(&start),
        xml_escape(&end),
        rgba(STOP_COLOR),
        xml_escape(label),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_come_from_the_shared_palette() {
        assert_eq!(rgba("#1f6fb5"), "31,111,181,255");
        let legs = legs();
        assert!(legs.contains(&rgba(line_style(Mode::Sea).color)));
        assert!(legs.contains("value=\"connector\""));
        assert!(legs.contains("to_interval(&apos;1 day&apos;)"));
    }

    #[test]
    fn styles_are_well_formed_xml() {
        for qml in [legs(), stops()] {
            // Every opened element closes: count tags, ignoring self-closing ones.
            let opens = qml.matches('<').count()
                - qml.matches("</").count()
                - qml.matches("/>").count()
                - qml.matches("<!").count();
            assert_eq!(opens, qml.matches("</").count(), "{qml}");
            assert!(
                !qml.contains("\"\"depart"),
                "quotes inside attributes are escaped"
            );
        }
    }
}
