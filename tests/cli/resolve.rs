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
