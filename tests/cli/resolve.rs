//! `shipmap resolve` and `--places` end to end.

use crate::util::Dir;

#[test]
fn resolve_prints_a_table_per_name() {
    let out = Dir::new()
        .run(&["resolve", "Najin", "Dunay, RU", "KPNJN", "--limit", "2"])
        .expect_code(0);
    assert!(out.stdout.starts_with("Najin\n"), "{}", out.stdout);
    assert!(out.stdout.contains("geonames:2024800"), "{}", out.stdout);
    assert!(out.stdout.contains("locode:KPNJN"), "{}", out.stdout);
    assert!(out.stdout.contains("UN/LOCODE; port"), "{}", out.stdout);
}

#[test]
fn resolve_json_is_one_object_per_name() {
    let out = Dir::new()
        .run(&[
            "resolve", "Najin", "Xqzvbnmw", "--mode", "sea", "--limit", "1", "--json",
        ])
        .expect_code(1); // one name matched nothing
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["query"], "Najin");
    assert_eq!(v[0]["candidates"][0]["id"], "locode:KPNJN");
    assert_eq!(v[0]["candidates"][0]["kind"], "port");
    assert_eq!(v[1]["error"], "no place called `Xqzvbnmw`");
    assert!(v[1]["help"].as_str().unwrap().contains("[[place]]"));
}

#[test]
fn resolve_refuses_bad_input_with_a_message() {
    let dir = Dir::new();
    let out = dir.run(&["resolve", "XXNJN"]).expect_code(1);
    assert!(out.stdout.contains("not a country code"), "{}", out.stdout);
    let out = dir.run(&["resolve", "Naj\u{7}in"]).expect_code(1);
    assert!(out.stdout.contains("control character"), "{}", out.stdout);
    let long = "a".repeat(10_000);
    let out = dir.run(&["resolve", &long]).expect_code(1);
    assert!(out.stdout.contains("not looked up"), "{}", out.stdout);
    dir.run(&["resolve", "Najin", "--mode", "boat"])
        .expect_code(2);
}

#[test]
fn places_file_comes_before_the_gazetteer() {
    let dir = Dir::new();
    dir.create("p.csv", "name,lat,lon,country\nNajin,42.2456,130.2967,KP\n");
    let out = dir
        .run(&["resolve", "Najin", "--places", "p.csv", "--json"])
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["candidates"][0]["id"], "user:Najin");
    let out = dir
        .run(&[
            "check",
            "Najin -sea-> Dunay, RU",
            "--places",
            "p.csv",
            "--json",
        ])
        .expect_code(0);
    assert!(out.stdout.contains("user:Najin"), "{}", out.stdout);
    let out = dir
        .run(&["check", "Najin -sea-> Dunay", "--places", "missing.csv"])
        .expect_code(1);
    assert!(
        out.stderr.contains("cannot read places file missing.csv"),
        "{}",
        out.stderr
    );
}

#[test]
fn resolve_takes_the_routes_context() {
    let dir = Dir::new();
    // Khasan by rail near Rajin is the Russian border station, not Hassan, India
    let out = dir
        .run(&[
            "resolve", "Khasan", "--mode", "rail", "--near", "Rajin", "--json",
        ])
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["candidates"][0]["id"], "shipmap:khasan");
    assert_eq!(v[0]["candidates"][0]["country"], "RU");
    assert_eq!(v[0]["candidates"][0]["kind"], "border-crossing");
    assert!(v[0]["warning"].is_null(), "{}", out.stdout);
    // --near as coordinates
    let out = dir
        .run(&[
            "resolve",
            "Tartus",
            "--mode",
            "sea",
            "--near",
            "35.5,35.8",
            "--json",
        ])
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["candidates"][0]["country"], "SY");
}

#[test]
fn resolve_near_that_does_not_resolve_is_an_error() {
    let out = Dir::new()
        .run(&["resolve", "Khasan", "--near", "Xqzvbnmw"])
        .expect_code(1);
    assert!(
        out.stderr
            .contains("--near `Xqzvbnmw`: no place called `Xqzvbnmw`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("help:"), "{}", out.stderr);
}

#[test]
fn resolve_catches_typos_as_routes_do() {
    let dir = Dir::new();
    for (typo, id) in [
        ("Novorssiysk", "geonames:518255"),
        ("Chongjn", "geonames:2044757"),
    ] {
        let out = dir.run(&["resolve", typo, "--json"]).expect_code(0);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v[0]["candidates"][0]["id"], id, "{typo}");
        let warning = v[0]["warning"].as_str().unwrap();
        assert!(warning.contains("by spelling alone"), "{warning}");
    }
}

#[test]
fn country_filter_is_hard_even_in_suggestions() {
    let out = Dir::new()
        .run(&["resolve", "Kozino", "--country", "RU", "--json"])
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    for c in v[0]["candidates"].as_array().unwrap() {
        assert_eq!(c["country"], "RU", "{}", out.stdout);
    }
    assert!(!out.stdout.contains(", HR"), "{}", out.stdout);
}

#[test]
fn resolve_shows_label_kind_and_gazetteer_name() {
    let out = Dir::new()
        .run(&["resolve", "Zabaykalsk", "Nampo", "--limit", "1", "--json"])
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v[0]["candidates"][0]["name"], "Zabaykalsk station");
    assert_eq!(v[1]["candidates"][0]["name"], "Nampo");
    assert_eq!(v[1]["candidates"][0]["gazetteer_name"], "Namp’o");
}

#[test]
fn strict_turns_a_doubtful_pick_into_an_error() {
    let dir = Dir::new();
    let out = dir.run(&["check", "Chongjn -air-> Khasan"]).expect_code(0);
    assert!(out.stderr.contains("by spelling alone"), "{}", out.stderr);
    let out = dir
        .run(&["check", "Chongjn -air-> Khasan", "--strict"])
        .expect_code(1);
    assert!(out.stderr.contains("by spelling alone"), "{}", out.stderr);
    assert!(
        out.stderr.contains("choose, write `Chongjin, KP`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("leave out"), "{}", out.stderr);
}

#[test]
fn build_script_refuses_bad_supplement_rows_naming_them() {
    let dir = Dir::new();
    let header = "name,alternates,country,admin1,lat,lon,kind,population,locode,source\n";
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/build_gazetteer.py");
    let cases = [
        (
            "Far Port,,RU,,95.10,30.20,port,,,\"Wikipedia, Far Port\"\n",
            "row `Far Port`: lat 95.10 is out of range",
        ),
        (
            "No Source,,RU,,45.10,30.20,port,,,\n",
            "row `No Source`: no source",
        ),
        (
            "Coarse,,RU,,45,30,port,,,\"Wikipedia, Coarse\"\n",
            "row `Coarse`: lat 45 has fewer than two decimals",
        ),
        (
            "Odd Kind,,RU,,45.10,30.20,castle,,,\"Wikipedia, Odd Kind\"\n",
            "row `Odd Kind`: kind `castle` is not one of",
        ),
        (
            "Nowhere,,RU,,0.00,0.00,port,,,\"Wikipedia, Nowhere\"\n",
            "row `Nowhere`: coordinates 0,0",
        ),
    ];
    for (row, message) in cases {
        let path = dir.create("bad.csv", &format!("{header}{row}"));
        let out = std::process::Command::new("python3")
            .args([script, "--check"])
            .arg(&path)
            .output()
            .expect("python3 runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{row}: {stderr}");
        assert!(stderr.contains(":2: "), "{stderr}");
        assert!(stderr.contains(message), "{message} not in {stderr}");
    }
}

#[test]
fn label_keys_set_the_printed_name_and_keep_the_gazetteers() {
    let dir = Dir::new();
    dir.create(
        "doc.toml",
        r#"
[[place]]
name  = "Arsenal"
at    = "45.86N 40.13E"
label = "Tikhoretsk (arsenal)"

[[leg]]
mode     = "road"
from     = "Nampo"
to       = "Sinuiju"
to_label = "Sinuiju yard"

[[leg]]
mode = "air"
to   = "Arsenal"
"#,
    );
    dir.run(&["map", "doc.toml", "-o", "out", "--format", "geojson"])
        .expect_code(0);
    let stops: serde_json::Value =
        serde_json::from_str(&dir.read("out/doc_stops.geojson")).unwrap();
    let props: Vec<&serde_json::Value> = stops["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["properties"])
        .collect();
    assert_eq!(props[0]["name"], "Nampo");
    assert_eq!(props[0]["gazetteer_name"], "Namp’o");
    assert_eq!(props[1]["name"], "Sinuiju yard");
    assert_eq!(props[1]["place_kind"], "border-crossing");
    assert_eq!(props[2]["name"], "Tikhoretsk (arsenal)");
    assert_eq!(props[2]["place_id"], "user:Arsenal");
}

#[test]
fn bad_labels_are_refused_where_they_are_written() {
    let dir = Dir::new();
    dir.create(
        "ctl.toml",
        "[[leg]]\nmode = \"sea\"\nfrom = \"Najin\"\nto = \"Dunay, RU\"\nto_label = \"Du\\u0007nay\"\n",
    );
    let out = dir.run(&["check", "ctl.toml"]).expect_code(1);
    assert!(
        out.stderr
            .contains("`to_label` contains a control character (U+0007)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("ctl.toml:5"), "{}", out.stderr);
    let long = "x".repeat(10_000);
    dir.create(
        "long.toml",
        &format!("[[place]]\nname = \"P\"\nat = \"42.0N 130.0E\"\nlabel = \"{long}\"\n[[leg]]\nmode = \"air\"\nfrom = \"P\"\nto = \"Najin\"\n"),
    );
    let out = dir.run(&["check", "long.toml"]).expect_code(1);
    assert!(
        out.stderr.contains("`label` is 10000 bytes long"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("long.toml:4"), "{}", out.stderr);
}

#[test]
fn a_refused_sea_leg_says_what_its_names_resolved_to() {
    let out = Dir::new()
        .run(&["check", "Tikhoretsk -sea-> Novorossiysk"])
        .expect_code(1);
    let flat: String = out
        .stderr
        .split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("`Tikhoretsk` resolved to Tikhoretsk, Krasnodar Krai, RU (city);"),
        "{}",
        out.stderr
    );
}
