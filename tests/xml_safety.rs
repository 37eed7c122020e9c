//! Any document, whatever characters its text carries (control characters, markup,
//! quotes, non-characters), gives well-formed KML, QGIS styles and SVG: every XML
//! output goes through `shipmap::xml::escape`.

mod render_fixtures;

use proptest::prelude::*;
use shipmap::export::{kml, qml};
use shipmap::render::{self, Layout};

/// Text as reports and pastes carry it: anything, with the awkward characters often.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        "[\\x00-\\x1f\\u{7f}\\u{fffe}\\u{ffff}&<>\"'\\]\\-a-z ]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn parse(kind: &str, text: &str) -> Result<(), TestCaseError> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    roxmltree::Document::parse_with_options(text, opts)
        .map(|_| ())
        .map_err(|e| TestCaseError::fail(format!("{kind} is not well-formed: {e}")))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_document_gives_well_formed_kml_qml_and_svg(
        title in nasty(), source in nasty(), route in nasty(), cargo in nasty(), place in nasty()
    ) {
        let mut doc = render_fixtures::seed();
        doc.title = Some(title.clone());
        doc.subtitle = Some(title);
        doc.source = Some(source);
        doc.routes[0].id = route.clone();
        doc.routes[0].name = route;
        for leg in &mut doc.routes[0].legs {
            leg.cargo = Some(cargo.clone());
            leg.carrier = Some(cargo.clone());
            leg.notes = Some(cargo.clone());
            leg.warnings = vec![cargo.clone()];
        }
        doc.routes[0].legs[1].to.name = place;
        parse("KML", &kml::write(&doc))?;
        parse("legs QML", &qml::legs(&doc))?;
        parse("stops QML", &qml::stops(&doc))?;
        parse("KML QML", &qml::kml(&doc))?;
        let layout = Layout { width_px: 320, height_px: 200, ..Layout::default() };
        parse("SVG", &render::svg(&render::scene(&doc, &layout)))?;
    }
}
