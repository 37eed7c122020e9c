//! Fuzzing on stable Rust: every parser fed arbitrary bytes (and byte soup shaped like
//! its input), by proptest. None may panic, and errors in documents point inside them.
//! A second property builds random documents (air legs, and cheap sea, rail and road
//! legs on the networks) and checks that every output parses:
//! GeoJSON as JSON, the GeoPackage by SQLite's integrity_check, KML as XML.
//!
//! Cases per property: `PROPTEST_CASES` (default 256 here; CI runs the default, about
//! 4,000 inputs in all in well under a minute). A failing input is shrunk and saved
//! under `proptest-regressions/`, which is kept.

use proptest::prelude::*;
use shipmap::spec::{parse, Source};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Bytes: arbitrary, or pieces of the input language glued at random.
fn soup(pieces: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400).prop_map(|b| text(&b)),
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(pieces).prop_map(str::to_owned),
                "\\PC{0,6}",
                proptest::collection::vec(any::<u8>(), 0..4).prop_map(|b| text(&b)),
            ],
            0..40
        )
        .prop_map(|v| v.concat()),
    ]
}

const TOML: &[&str] = &[
    "[[leg]]\n",
    "[[route]]\n",
    "[[route.leg]]\n",
    "[[place]]\n",
    "mode = \"sea\"\n",
    "from = \"1N 1E\"\n",
    "to = \"2N 2E\"\n",
    "depart = ",
    "\"2023-09-07\"",
    "within = [\"RU\"]\n",
    "title = \"",
    "\"\n",
    "=",
    "\n",
    "[",
    "]",
    "\"",
    "approx = true\n",
    "at = \"95N 10E\"\n",
];
const CSV: &[&str] = &[
    "route,mode,from,to,depart,arrive,via\n",
    "# title: x\n",
    ",",
    "\n",
    "\r\n",
    "\"",
    "sea",
    "rail",
    "1N 1E",
    "2023-09",
    ";",
    "Najin",
];
const CHAIN: &[&str] = &[
    "-sea->",
    "-rail[",
    "]->",
    "-air->",
    "..",
    "2023-09-07",
    ";",
    "via ",
    "within ",
    "1N 1E",
    " ",
    "->",
    "-",
    "[",
    "]",
];
const DATES: &[&str] = &[
    "2023", "-", "09", "12", "T", ":", "00", "Z", "+09:00", "~", "/", "9999", "-12-31", "0000",
];
const COORDS: &[&str] = &[
    "42", ".", "2456", "N", "S", "E", "W", " ", ",", "°", "'", "\"", "-", "180", "90", "1e9",
];
const GEOJSON: &[&str] = &[
    "{\"type\":\"FeatureCollection\",\"features\":[",
    "{\"type\":\"Feature\",",
    "\"geometry\":{\"type\":\"LineString\",\"coordinates\":[",
    "[1,2]",
    ",",
    "]}",
    "}",
    "]}",
    "\"properties\":{\"name\":\"x\"}",
    "{\"type\":\"Point\",\"coordinates\":[1e308,-1e308]}",
    "null",
    "NaN",
];

fn check_spec(name: &str, t: &str) -> Result<(), TestCaseError> {
    if let Err(e) = parse(&Source::detect(name, t.to_owned())) {
        let s = e.span();
        prop_assert!(
            s.offset + s.len <= t.len(),
            "{e:?} outside {} bytes",
            t.len()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn toml_documents(t in soup(TOML)) { check_spec("x.toml", &t)?; }

    #[test]
    fn csv_documents(t in soup(CSV)) { check_spec("x.csv", &t)?; }

    #[test]
    fn chains(t in soup(CHAIN)) { check_spec("<chain>", &t)?; }

    #[test]
    fn sniffed_stdin(t in soup(CSV)) { check_spec("<stdin>", &t)?; }

    #[test]
    fn dates(t in soup(DATES)) { let _ = shipmap::date::DateSpec::parse(&t); }

    #[test]
    fn coordinates(t in soup(COORDS)) {
        if let Ok(p) = shipmap::gazetteer::coords::parse_coordinates(&t) {
            prop_assert!(p.lat().abs() <= 90.0 && p.lon().abs() <= 180.0);
        }
    }

    #[test]
    fn networks(t in soup(GEOJSON)) {
        let _ = shipmap::network::rail::LandNetwork::from_geojson_str(&t, "fuzz");
    }

    #[test]
    fn place_files(t in soup(CSV), geo in soup(GEOJSON)) {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in [("p.csv", &t), ("p.geojson", &geo), ("p", &t)] {
            let path = dir.path().join(name);
            std::fs::write(&path, body).unwrap();
            let _ = shipmap::gazetteer::UserPlaces::default().load_file(&path);
        }
    }
}

/// Sea, rail and road legs cheap to route (a few milliseconds each), so documents
/// with network paths (connectors, passages, crossings, many points) are fuzzed
/// too, not only great circles.
const CHEAP_LEGS: &[(&str, &str, &str)] = &[
    ("sea", "42.2456N 130.2967E", "42.8889N 132.3436E"),
    ("sea", "Vladivostok", "Nakhodka"),
    ("sea", "Novorossiysk", "Tuapse"),
    ("rail", "Khabarovsk", "Vladivostok"),
    ("rail", "Moscow", "Tver"),
    ("rail", "Brest, BY", "Minsk"),
    ("road", "Berlin", "Potsdam"),
];

/// Dates as documents write them: a day, a month, approximate, a window, none.
const LEG_DATES: &[&str] = &[
    "2023-09-07",
    "2023-09",
    "~2023-09-07",
    "2023-09-07/2023-10-01",
    "",
];

/// A random document, with hostile free text: each route is a chain of air legs
/// between random points, or one of [`CHEAP_LEGS`] (sea, rail, road) followed by
/// that chain, its first leg dated.
fn document() -> impl Strategy<Value = String> {
    let point =
        (-89.0..89.0f64, -180.0..=180.0f64).prop_map(|(lat, lon)| format!("{lat:.4}, {lon:.4}"));
    let free = "\\PC{0,20}|[\\x00-\\x1f\\x7f-\\u{9f}<>&\"']{0,8}";
    let route = (free, 0..=CHEAP_LEGS.len(), 0..LEG_DATES.len());
    (
        proptest::collection::vec(point, 2..6),
        free,
        free,
        proptest::collection::vec(route, 1..4),
    )
        .prop_map(|(points, title, cargo, routes)| {
            let q = |s: &str| toml_string(s);
            let mut doc = format!("title = {}\n", q(&title));
            for (r, (id, cheap, date)) in routes.iter().enumerate() {
                doc.push_str(&format!("[[route]]\nid = {}\n", q(&format!("{r}{id}"))));
                let depart = match LEG_DATES[*date] {
                    "" => String::new(),
                    d => format!("depart = {}\n", q(d)),
                };
                let chained = CHEAP_LEGS.get(*cheap).is_some();
                if let Some((mode, from, to)) = CHEAP_LEGS.get(*cheap) {
                    doc.push_str(&format!(
                        "[[route.leg]]\nmode = \"{mode}\"\nfrom = {}\nto = {}\n{depart}carrier = {}\n",
                        q(from),
                        q(to),
                        q(&cargo)
                    ));
                }
                for (i, w) in points.windows(2).enumerate() {
                    doc.push_str(&format!(
                        "[[route.leg]]\nmode = \"air\"\n{}to = {}\ncargo = {}\n",
                        // after a network leg the chain goes on from its end
                        if i == 0 && !chained {
                            format!("from = {}\n", q(&w[0]))
                        } else {
                            String::new()
                        },
                        q(&w[1]),
                        q(&cargo)
                    ));
                }
            }
            doc
        })
}

fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256) / 8 + 1
    ))]

    #[test]
    fn every_output_of_any_document_parses(doc in document()) {
        let src = Source::detect("x.toml", doc.clone());
        let built = match shipmap::load(&src, &shipmap::Options::default()) {
            Ok(d) => d,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n{doc}"))),
        };
        for part in [
            shipmap::export::geojson::Part::All,
            shipmap::export::geojson::Part::Legs,
            shipmap::export::geojson::Part::Stops,
        ] {
            let g = shipmap::export::geojson::write(&built, part);
            prop_assert!(serde_json::from_str::<serde_json::Value>(&g).is_ok(), "{g}");
        }
        let kml = shipmap::export::kml::write(&built);
        prop_assert!(roxmltree::Document::parse(&kml).is_ok(), "KML not well-formed:\n{kml}");
        let bytes = shipmap::export::gpkg::write(&built).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.gpkg");
        std::fs::write(&path, bytes).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let ok: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
        prop_assert_eq!(ok, "ok");
    }
}
