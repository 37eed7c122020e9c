//! Accuracy of the embedded gazetteer on realistic queries (tests/data/gazetteer_queries.csv:
//! what analysts type, with the coordinates of the place meant, from GeoNames or a
//! cited source; made by scripts/gazetteer_queries.py), and its answers to bad input.
//!
//! A query counts as right when the top pick is within 10 km of the expected place (25
//! km for large facilities: bases, air bases, plants, depots, straits), and as
//! confidently wrong when the pick is farther and came with no warning (no doubt).
//! tests/data/gazetteer_context.csv holds context cases, built as route documents.

use shipmap::gazetteer::embedded::EmbeddedGazetteer;
use shipmap::gazetteer::{Gazetteer, Query, ResolveError, UserPlaces};
use shipmap::model::{LonLat, Mode, Place, PlaceKind};
use shipmap::network::great_circle::distance_km;

fn gazetteer() -> Gazetteer {
    Gazetteer::new(UserPlaces::default()).with_source(Box::new(EmbeddedGazetteer::load().unwrap()))
}

struct Case {
    query: String,
    mode: Option<Mode>,
    expected: LonLat,
    source: String,
}

fn cases() -> Vec<Case> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gazetteer_queries.csv"
    );
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            Case {
                query: r[0].to_owned(),
                mode: Mode::parse(&r[1]),
                expected: LonLat::new(r[3].parse().unwrap(), r[2].parse().unwrap()).unwrap(),
                source: r[4].to_owned(),
            }
        })
        .collect()
}

/// How far a pick may be from the expected point and still be the place meant.
fn tolerance_km(p: &Place) -> f64 {
    match p.kind {
        PlaceKind::Base
        | PlaceKind::Airbase
        | PlaceKind::Plant
        | PlaceKind::Depot
        | PlaceKind::Strait => 25.0,
        _ => 10.0,
    }
}

#[test]
fn at_least_97_percent_right_and_none_confidently_wrong() {
    let g = gazetteer();
    let cases = cases();
    assert!(cases.len() >= 500, "only {} queries", cases.len());
    let (mut right, mut warned_wrong, mut confident_wrong, mut failed) = (0, 0, 0, 0);
    let mut report = String::new();
    for case in &cases {
        let mut q = Query::new(&case.query);
        q.mode = case.mode;
        match g.resolve(&q) {
            Ok(r) => {
                let d_km = distance_km(r.place.at, case.expected);
                if d_km <= tolerance_km(&r.place) {
                    right += 1;
                } else if r.doubt.is_some() {
                    warned_wrong += 1;
                    report += &format!(
                        "  wrong, warned: {:?} -> {} {} ({d_km:.0} km off; expected {})\n",
                        case.query, r.place.id, r.place.name, case.source
                    );
                } else {
                    confident_wrong += 1;
                    report += &format!(
                        "  WRONG, NO WARNING: {:?} -> {} {} ({d_km:.0} km off; expected {})\n",
                        case.query, r.place.id, r.place.name, case.source
                    );
                }
            }
            Err(e) => {
                failed += 1;
                report += &format!("  not resolved: {:?}: {e}\n", case.query);
            }
        }
    }
    let n = cases.len() as f64;
    let right_pct = 100.0 * f64::from(right) / n;
    let confident_wrong_pct = 100.0 * f64::from(confident_wrong) / n;
    println!(
        "gazetteer accuracy: {} queries; top hit within 10 km: {right} ({right_pct:.1}%); \
         wrong with a warning: {warned_wrong}; confidently wrong: {confident_wrong} \
         ({confident_wrong_pct:.1}%); not resolved: {failed}\n{report}",
        cases.len()
    );
    assert!(right_pct >= 97.0, "only {right_pct:.1}% right\n{report}");
    assert_eq!(confident_wrong, 0, "confidently wrong:\n{report}");
}

struct ContextCase {
    chain: String,
    stop: usize,
    expected: LonLat,
    source: String,
}

fn context_cases() -> Vec<ContextCase> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/gazetteer_context.csv"
    );
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            ContextCase {
                chain: r[0].to_owned(),
                stop: r[1].parse().unwrap(),
                expected: LonLat::new(r[3].parse().unwrap(), r[2].parse().unwrap()).unwrap(),
                source: r[4].to_owned(),
            }
        })
        .collect()
}

/// Each chain is built as a route document (with great-circle paths, so only the
/// names are under test): the stop must be the place meant, or carry a warning.
#[test]
fn context_cases_run_as_route_documents() {
    use shipmap::builder::{build, BuildOptions};
    use shipmap::network::Networks;
    use shipmap::spec::{parse, Source};
    let g = gazetteer();
    let cases = context_cases();
    assert!(cases.len() >= 50, "only {} context cases", cases.len());
    let (mut right, mut confident_wrong) = (0, 0);
    let mut report = String::new();
    for case in &cases {
        let spec = parse(&Source::chain(&case.chain)).unwrap();
        let doc = build(&spec, &g, &Networks::default(), &BuildOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", case.chain));
        let legs = &doc.routes[0].legs;
        let place = if case.stop == 0 {
            &legs[0].from
        } else {
            &legs[case.stop - 1].to
        };
        let d_km = distance_km(place.at, case.expected);
        let warned = doc
            .warnings
            .iter()
            .any(|w| w.code == "ambiguous-place" && w.leg == Some(case.stop.max(1)));
        if d_km <= tolerance_km(place) {
            right += 1;
        } else {
            if !warned {
                confident_wrong += 1;
            }
            report += &format!(
                "  {}: {:?} stop {} -> {} {} ({d_km:.0} km off; expected {})\n",
                if warned {
                    "wrong, warned"
                } else {
                    "WRONG, NO WARNING"
                },
                case.chain,
                case.stop,
                place.id,
                place.name,
                case.source
            );
        }
    }
    let pct = 100.0 * f64::from(right) / cases.len() as f64;
    println!(
        "context cases: {} route documents; right {right} ({pct:.1}%); confidently wrong \
         {confident_wrong}\n{report}",
        cases.len()
    );
    assert!(pct >= 97.0, "only {pct:.1}% right\n{report}");
    assert_eq!(confident_wrong, 0, "{report}");
}

#[test]
fn empty_name_is_refused() {
    let g = gazetteer();
    assert_eq!(g.resolve(&Query::new("")), Err(ResolveError::Empty));
    assert_eq!(
        g.resolve(&Query::new("   \u{a0} ")),
        Err(ResolveError::Empty)
    );
}

#[test]
fn ten_kilobyte_name_is_refused_quickly() {
    let long = "Najin ".repeat(1_700);
    let e = gazetteer().resolve(&Query::new(&long)).unwrap_err();
    assert!(
        matches!(e, ResolveError::TooLong { max_bytes: 200, .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("10199 bytes"), "{e}");
}

#[test]
fn control_characters_are_refused() {
    let e = gazetteer().resolve(&Query::new("Naj\u{7}in")).unwrap_err();
    assert_eq!(
        e,
        ResolveError::ControlCharacter {
            shown: "Naj\\u{7}in".to_owned(),
            code: 7
        }
    );
    assert!(e.help().contains("invisible"));
    assert!(gazetteer().resolve(&Query::new("Dunay\n, RU")).is_err());
}

#[test]
fn locode_of_no_country_is_named_as_such() {
    let e = gazetteer().resolve(&Query::new("XXNJN")).unwrap_err();
    assert_eq!(
        e,
        ResolveError::UnknownCountry {
            text: "XXNJN".to_owned(),
            country: "XX".to_owned()
        }
    );
    assert!(e.to_string().contains("not a country code"));
}

#[test]
fn unknown_name_suggests_without_guessing() {
    match gazetteer().resolve(&Query::new("Xqzvbnmw")) {
        Err(ResolveError::NotFound { text, .. }) => assert_eq!(text, "Xqzvbnmw"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn typo_pick_always_carries_a_warning() {
    let r = gazetteer().resolve(&Query::new("Vladivistok")).unwrap();
    assert_eq!(r.place.id, "geonames:2013348");
    let doubt = r.doubt.unwrap();
    assert!(doubt.contains("matches no place exactly"), "{doubt}");
}

#[test]
fn a_city_and_its_port_of_one_name_are_one_stop() {
    // For a sea leg, "Shanghai" picks the port (CNSHA); the city of the same name 20 km
    // away draws the same map, so it is listed but raises no warning (a warning there
    // taught analysts to ignore the ones that matter). The LOCODE still selects it.
    for (name, port) in [("Shanghai", "locode:CNSHA"), ("Tianjin", "locode:CNTSN")] {
        let q = Query {
            mode: Some(shipmap::model::Mode::Sea),
            ..Query::new(name)
        };
        let r = gazetteer().resolve(&q).unwrap();
        assert_eq!(r.place.id, port);
        assert_eq!(r.doubt, None, "{name}");
        assert!(r
            .also
            .iter()
            .any(|c| c.place.kind == shipmap::model::PlaceKind::City));
    }
    let chosen = gazetteer().resolve(&Query::new("CNSHA")).unwrap();
    assert_eq!(chosen.place.id, "locode:CNSHA");
}
