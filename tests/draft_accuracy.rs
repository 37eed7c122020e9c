//! Accuracy of `shipmap draft` on the test set in tests/data/draft/cases.toml: legs
//! right (both ends within 25 km of the expected ones, mode right), legs with their
//! dates right, and spurious stops (drafted ends near no expected stop). Prints the
//! figures; fails below 90% legs, 80% dates, or above one spurious stop in ten
//! paragraphs. Every drafted document must also build (`shipmap::load`, as `check`).

use serde::Deserialize;
use shipmap::draft::{draft, DraftOptions};
use shipmap::gazetteer::embedded::EmbeddedGazetteer;
use shipmap::gazetteer::{Gazetteer, Query, UserPlaces};
use shipmap::model::{LonLat, Mode};
use shipmap::network::great_circle::distance_km;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    text: String,
    leg: Vec<Expected>,
}

#[derive(Deserialize)]
struct Expected {
    from: String,
    to: String,
    mode: String,
    depart: Option<String>,
    arrive: Option<String>,
}

const NEAR_KM: f64 = 25.0;

#[test]
fn draft_accuracy_on_the_test_set() {
    let text = std::fs::read_to_string("tests/data/draft/cases.toml").unwrap();
    let cases: Cases = toml::from_str(&text).unwrap();
    let g = Gazetteer::new(UserPlaces::default())
        .with_source(Box::new(EmbeddedGazetteer::load().unwrap()));
    let at = |name: &str, mode: Mode| -> LonLat {
        g.resolve(&Query {
            mode: Some(mode),
            ..Query::new(name)
        })
        .unwrap_or_else(|e| panic!("expected place `{name}`: {e}"))
        .place
        .at
    };
    let (mut legs, mut right, mut dated, mut spurious) = (0usize, 0usize, 0usize, 0usize);
    let mut report = String::new();
    for case in &cases.case {
        let d = draft(case.text.as_bytes(), &DraftOptions::default()).unwrap();
        let toml = d.toml();
        let src = shipmap::spec::Source::detect("d.toml", toml.clone());
        if d.routes.iter().any(|r| !r.is_empty()) {
            // the drafted document goes through the normal builder, as `check` runs it
            shipmap::load(&src, &shipmap::Options::default()).unwrap_or_else(|e| {
                panic!("{}: drafted document does not build: {e}\n{toml}", case.id)
            });
        }
        let mut expected_stops = Vec::new();
        for e in &case.leg {
            legs += 1;
            let mode = Mode::parse(&e.mode).unwrap();
            let (f, t) = (at(&e.from, mode), at(&e.to, mode));
            expected_stops.extend([f, t]);
            let hit = d.legs().find(|l| {
                l.mode == mode
                    && distance_km(l.from.place.at, f) < NEAR_KM
                    && distance_km(l.to.place.at, t) < NEAR_KM
            });
            let Some(l) = hit else {
                report.push_str(&format!(
                    "  {}: missed {} -{}-> {}\n",
                    case.id, e.from, e.mode, e.to
                ));
                continue;
            };
            right += 1;
            let got =
                |x: &Option<shipmap::draft::DraftDate>| x.as_ref().map(|d| d.spec.to_string());
            if got(&l.depart) == e.depart && got(&l.arrive) == e.arrive {
                dated += 1;
            } else {
                report.push_str(&format!(
                    "  {}: {} -> {} dates {:?}/{:?}, expected {:?}/{:?}\n",
                    case.id,
                    e.from,
                    e.to,
                    got(&l.depart),
                    got(&l.arrive),
                    e.depart,
                    e.arrive
                ));
            }
        }
        let mut seen: Vec<LonLat> = Vec::new();
        for l in d.legs() {
            for p in [l.from.place.at, l.to.place.at] {
                if seen.iter().any(|s| distance_km(*s, p) < NEAR_KM) {
                    continue;
                }
                seen.push(p);
                if !expected_stops.iter().any(|s| distance_km(*s, p) < NEAR_KM) {
                    spurious += 1;
                    report.push_str(&format!("  {}: spurious stop at {:?}\n", case.id, p));
                }
            }
        }
    }
    let n = cases.case.len();
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b as f64;
    println!(
        "draft accuracy: {n} paragraphs, {legs} legs; legs right {right} ({:.1}%), with dates right {dated} ({:.1}%), spurious stops {spurious} ({:.2} per 10 paragraphs)\n{report}",
        pct(right, legs),
        pct(dated, legs),
        10.0 * spurious as f64 / n as f64
    );
    assert!(n >= 40, "the test set has {n} paragraphs; at least 40");
    assert!(
        pct(right, legs) >= 90.0,
        "legs right {right}/{legs}\n{report}"
    );
    assert!(
        pct(dated, legs) >= 80.0,
        "dates right {dated}/{legs}\n{report}"
    );
    assert!(
        spurious * 10 <= n,
        "{spurious} spurious stops in {n} paragraphs\n{report}"
    );
}
