//! The main job end to end: documents in, GeoJSON out.

use crate::util::{check_golden, seed_path, Dir};
use serde_json::Value;

fn features(geojson: &str) -> Vec<Value> {
    let v: Value = serde_json::from_str(geojson).expect("valid JSON");
    assert_eq!(v["type"], "FeatureCollection");
    v["features"].as_array().unwrap().clone()
}

/// The seed's text outputs: compared with the goldens and with the copies committed
/// in examples/ (regenerate those with `cargo run -- map examples/dprk-russia-2023.toml
/// -o examples --format geojson,kml,csv,kepler`).
const SEED_TEXT_OUTPUTS: [&str; 10] = [
    "dprk-russia-2023_combined.geojson",
    "dprk-russia-2023.csv",
    "dprk-russia-2023.csvt",
    "dprk-russia-2023_kepler.geojson",
    "dprk-russia-2023_legs.geojson",
    "dprk-russia-2023_legs.qml",
    "dprk-russia-2023_stops.geojson",
    "dprk-russia-2023_stops.qml",
    "dprk-russia-2023.kml",
    "dprk-russia-2023.qml",
];

#[test]
fn seed_example_matches_golden_and_committed_outputs() {
    let dir = Dir::new();
    let seed = seed_path();
    dir.run(&[
        "map",
        seed.to_str().unwrap(),
        "-o",
        "out",
        "--format",
        "geojson,gpkg,kml,csv,kepler",
    ])
    .expect_code(0);
    for file in SEED_TEXT_OUTPUTS {
        let actual = dir.read(&format!("out/{file}"));
        check_golden("seed", file, &actual);
        let committed = std::fs::read_to_string(seed.with_file_name(file))
            .expect("examples/ holds the seed's outputs");
        assert!(
            committed == actual,
            "examples/{file} is stale; regenerate it (see README)"
        );
    }
    assert!(dir.exists("out/dprk-russia-2023.gpkg"));
}

#[test]
fn split_layers_have_one_geometry_type_each() {
    let dir = Dir::new();
    dir.run(&["map", seed_path().to_str().unwrap(), "-o", "out"])
        .expect_code(0);
    let kinds = |file: &str| -> Vec<String> {
        features(&dir.read(file))
            .iter()
            .map(|f| f["geometry"]["type"].as_str().unwrap().to_owned())
            .collect()
    };
    let legs = kinds("out/dprk-russia-2023_legs.geojson");
    assert!(
        legs.len() >= 2 && legs.iter().all(|k| k == "MultiLineString"),
        "{legs:?}"
    );
    assert_eq!(
        kinds("out/dprk-russia-2023_stops.geojson"),
        ["Point", "Point", "Point"]
    );
    let all = features(&dir.read("out/dprk-russia-2023_combined.geojson"));
    let legs = features(&dir.read("out/dprk-russia-2023_legs.geojson"));
    assert_eq!(all[0], legs[0], "the split files carry the same features");
    assert!(dir
        .read("out/dprk-russia-2023_legs.qml")
        .contains("categorizedSymbol"));
}

#[test]
fn gpkg_reads_back_with_layers_styles_and_types() {
    let dir = Dir::new();
    dir.run(&[
        "map",
        seed_path().to_str().unwrap(),
        "-o",
        "out",
        "--format",
        "gpkg",
    ])
    .expect_code(0);
    let conn = rusqlite::Connection::open(dir.path().join("out/dprk-russia-2023.gpkg")).unwrap();
    let count = |sql: &str| -> i64 { conn.query_row(sql, (), |r| r.get(0)).unwrap() };
    assert_eq!(count("SELECT count(*) FROM legs WHERE kind = 'leg'"), 2);
    assert_eq!(count("SELECT count(*) FROM stops"), 3);
    assert_eq!(count("SELECT count(*) FROM gpkg_geometry_columns"), 2);
    assert_eq!(count("SELECT count(*) FROM layer_styles WHERE useAsDefault = 1 AND f_table_name IN ('legs', 'stops')"), 2);
    let depart: String = conn
        .query_row(
            "SELECT depart_text FROM legs WHERE leg = 1 AND kind = 'leg'",
            (),
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(depart, "2023-09-07/2023-10-01");
    assert_eq!(
        dir.files(),
        vec!["out/dprk-russia-2023.gpkg"],
        "only the GeoPackage, no temporary files"
    );
}

#[test]
fn seed_features_have_the_contract_properties() {
    let dir = Dir::new();
    let out = dir
        .run(&["map", seed_path().to_str().unwrap(), "-o", "-"])
        .expect_code(0);
    let fs = features(&out.stdout);
    let legs: Vec<&Value> = fs
        .iter()
        .filter(|f| f["properties"]["kind"] == "leg")
        .collect();
    let stops: Vec<&Value> = fs
        .iter()
        .filter(|f| f["properties"]["kind"] == "stop")
        .collect();
    assert_eq!((legs.len(), stops.len()), (2, 3));
    let sea = &legs[0]["properties"];
    assert_eq!(sea["mode"], "sea");
    assert_eq!(sea["depart"], "2023-09-07");
    // The window 7 Sep - 1 Oct narrows to 12 Sep, the reported arrival.
    assert_eq!(sea["depart_latest"], "2023-09-12");
    assert_eq!(sea["depart_inferred"], true);
    assert_eq!(sea["depart_text"], "2023-09-07/2023-10-01");
    assert_eq!(sea["arrive"], "2023-09-12");
    assert_eq!(sea["path"], "network");
    let km = sea["distance_km"].as_f64().unwrap();
    assert!(
        (175.0..300.0).contains(&km),
        "Najin to Dunay by sea: {km} km"
    );
    let nmi = sea["distance_nmi"].as_f64().unwrap();
    assert!((nmi - km / 1.852).abs() < 0.1, "{nmi} nmi for {km} km");
    assert_eq!(
        sea["from_id"], "locode:KPNJN",
        "a sea leg's end prefers the port"
    );
    assert_eq!(
        sea["duration_h"],
        Value::Null,
        "a window does not pin the duration"
    );
    let rail = &legs[1]["properties"];
    assert_eq!(rail["depart"], "2023-09-12", "after the sea leg arrives");
    assert_eq!(rail["depart_inferred"], true);
    assert_eq!(rail["depart_estimated"], false, "nothing estimated");
    assert_eq!(rail["depart_text"], Value::Null, "nothing written");
    assert_eq!(rail["arrive_latest"], Value::Null, "open above");
    assert_eq!(rail["date_label"], "after 12 Sep 2023");
    // Every feature of a kind has the same keys, and each key one JSON type (or null).
    for group in [&legs, &stops] {
        let keys: Vec<&String> = group[0]["properties"].as_object().unwrap().keys().collect();
        for f in group.iter() {
            let these: Vec<&String> = f["properties"].as_object().unwrap().keys().collect();
            assert_eq!(these, keys);
        }
    }
    for f in &fs {
        let mut coords = Vec::new();
        collect(&f["geometry"]["coordinates"], &mut coords);
        for c in coords.chunks(2) {
            assert!(c[0].abs() <= 180.0 && c[1].abs() <= 90.0);
        }
    }
}

fn collect(v: &Value, out: &mut Vec<f64>) {
    match v {
        Value::Number(n) => out.push(n.as_f64().unwrap()),
        Value::Array(a) => a.iter().for_each(|x| collect(x, out)),
        _ => {}
    }
}

#[test]
fn estimate_fills_and_marks_dates() {
    let dir = Dir::new();
    let out = dir
        .run(&[
            "map",
            seed_path().to_str().unwrap(),
            "-o",
            "-",
            "--estimate",
        ])
        .expect_code(0);
    let fs = features(&out.stdout);
    let rail = &fs
        .iter()
        .find(|f| f["properties"]["mode"] == "rail")
        .unwrap()["properties"];
    assert_eq!(rail["depart"], "2023-09-12");
    assert_eq!(rail["depart_estimated"], true);
    assert!(rail["date_label"].as_str().unwrap().starts_with("est. "));
}

#[test]
fn three_forms_write_the_same_legs() {
    let dir = Dir::new();
    dir.create("a.toml", "[[leg]]\nmode = \"sea\"\nfrom = \"42.2456N 130.2967E\"\nto = \"42.8889N 132.3436E\"\ndepart = \"2023-09-07\"\narrive = \"2023-09-12\"\n[[leg]]\nmode = \"rail\"\nto = \"45.8546N 40.1255E\"\n");
    dir.create("a.csv", "mode,from,to,depart,arrive\nsea,42.2456N 130.2967E,42.8889N 132.3436E,2023-09-07,2023-09-12\nrail,,45.8546N 40.1255E,,\n");
    let chain = "42.2456N 130.2967E -sea[2023-09-07..2023-09-12]-> 42.8889N 132.3436E -rail-> 45.8546N 40.1255E";
    let a = dir.run(&["map", "a.toml", "-o", "-"]).expect_code(0).stdout;
    let b = dir.run(&["map", "a.csv", "-o", "-"]).expect_code(0).stdout;
    let c = dir.run(&["map", chain, "-o", "-"]).expect_code(0).stdout;
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn stdin_in_stdout_out() {
    let dir = Dir::new();
    let out = dir
        .run_with_stdin(&["map", "-", "-o", "-"], "mode,from,to\nair,1N 1E,2N 2E\n")
        .expect_code(0);
    assert_eq!(features(&out.stdout).len(), 3);
    assert!(dir.files().is_empty(), "nothing written to disk");
}

#[test]
fn trans_pacific_leg_is_split_at_the_antimeridian() {
    let dir = Dir::new();
    let out = dir
        .run(&["map", "35.10N 129.04E -air-> 33.74N 118.27W", "-o", "-"])
        .expect_code(0);
    let fs = features(&out.stdout);
    let g = &fs[0]["geometry"];
    assert_eq!(g["type"], "MultiLineString");
    let parts = g["coordinates"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[0].as_array().unwrap().last().unwrap()[0], 180.0);
    assert_eq!(parts[1][0][0], -180.0);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let bbox = v["bbox"].as_array().unwrap();
    assert!(
        bbox[0].as_f64().unwrap() > bbox[2].as_f64().unwrap(),
        "bbox crosses the antimeridian: {bbox:?}"
    );
}

#[test]
fn check_json_lists_legs_and_warnings() {
    let dir = Dir::new();
    dir.create("r.toml", "[[leg]]\nmode = \"sea\"\nfrom = \"1N 1E\"\nto = \"30N 30W\"\ndepart = \"2023-09-07\"\narrive = \"2023-09-08\"\n");
    let out = dir.run(&["check", "r.toml", "--json"]).expect_code(0);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["routes"][0]["legs"][0]["mode"], "sea");
    // (the sea router may add a warning of its own, e.g. a long connector)
    let speed = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["code"] == "implied-speed")
        .expect("an implied-speed warning");
    assert_eq!(speed["line"], 1);
}

#[test]
fn timeline_prints_legs_in_time_order() {
    let dir = Dir::new();
    dir.create(
        "r.toml",
        "[[route]]\nid = \"late\"\n[[route.leg]]\nmode = \"sea\"\nfrom = \"1N 1E\"\nto = \"2N 2E\"\ndepart = \"2023-10-01\"\n\
         [[route]]\nid = \"early\"\n[[route.leg]]\nmode = \"sea\"\nfrom = \"1N 1E\"\nto = \"2N 2E\"\ndepart = \"2023-09-01\"\narrive = \"2023-09-03\"\n",
    );
    let out = dir.run(&["timeline", "r.toml"]).expect_code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert!(lines[0].starts_with("route"));
    assert!(lines[1].starts_with("early"), "{}", out.stdout);
    assert!(lines[2].starts_with("late"));
    assert!(lines[1].contains("2.0"), "two days: {}", lines[1]);
    let out = dir.run(&["timeline", "r.toml", "--json"]).expect_code(0);
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["route_id"], "early");
    assert_eq!(v[0]["duration_h"], 48.0);
}

#[test]
fn completions_and_help_have_substance() {
    let dir = Dir::new();
    let out = dir.run(&["completions", "bash"]).expect_code(0);
    assert!(out.stdout.contains("shipmap") && out.stdout.contains("timeline"));
    let out = dir.run(&["map", "--help"]).expect_code(0);
    assert!(out
        .stdout
        .contains("shipmap map examples/dprk-russia-2023.toml -o out"));
    assert!(out.stdout.contains("--no-clobber"));
}

#[test]
fn broken_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipmap"))
        .args([
            "map",
            "35.10N 129.04E -air-> 33.74N 118.27W -air-> 35.10N 129.04E",
            "-o",
            "-",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(0),
        "{:?}",
        out
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
}
