//! Bad input: a located message, exit code 1, no output written, input untouched.

use crate::util::Dir;

/// Runs `map` on a document and checks the failure: exit 1, `FILE:LINE:COL` and the
/// message on stderr, nothing written, the input unchanged.
fn fails_located(name: &str, text: &str, line_col: &str, message: &str) {
    let dir = Dir::new();
    dir.create(name, text);
    let out = dir.run(&["map", name, "-o", "out"]).expect_code(1);
    assert!(
        out.stderr.contains(&format!("{name}:{line_col}")),
        "want {name}:{line_col} in:\n{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(message),
        "want `{message}` in:\n{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("help:"),
        "every error gives a hint:\n{}",
        out.stderr
    );
    assert!(!dir.exists("out"), "no output on failure");
    assert_eq!(dir.read(name), text, "input unchanged");
}

const LEG: &str =
    "[[leg]]\nmode = \"sea\"\nfrom = \"42.2456N 130.2967E\"\nto = \"42.8889N 132.3436E\"\n";

#[test]
fn malformed_toml_is_located() {
    fails_located(
        "r.toml",
        "[[leg]]\nmode = \"sea\nfrom = \"A\"\n",
        "2:",
        "invalid",
    );
}

#[test]
fn unknown_key_is_located() {
    fails_located(
        "r.toml",
        &format!("{LEG}speed = 12\n"),
        "5:1",
        "unknown key `speed`",
    );
}

#[test]
fn bad_date_is_located() {
    fails_located(
        "r.toml",
        &format!("{LEG}depart = \"2023-02-30\"\n"),
        "5:10",
        "day 30 does not exist in February 2023",
    );
    fails_located(
        "r.toml",
        &format!("{LEG}depart = \"2023-13-01\"\n"),
        "5:10",
        "month 13 does not exist",
    );
    fails_located(
        "r.toml",
        &format!("{LEG}depart = \"2023-09-12T06:00:00+15:00\"\n"),
        "5:10",
        "offset of 15 hours",
    );
    fails_located(
        "r.toml",
        &format!("{LEG}arrive = \"mid-September\"\n"),
        "5:10",
        "not a date shipmap understands",
    );
    fails_located(
        "r.toml",
        &format!("{LEG}depart = \"2023-10-01/2023-09-07\"\n"),
        "5:10",
        "ends before it starts",
    );
}

#[test]
fn latitude_of_95_is_located() {
    fails_located(
        "r.toml",
        "[[place]]\nname = \"X\"\nat = \"95N 10E\"\n",
        "3:6",
        "latitude 95 is out of range",
    );
}

#[test]
fn bad_coordinates_in_a_leg_are_located() {
    fails_located(
        "r.toml",
        "[[leg]]\nmode = \"sea\"\nfrom = \"95, 130\"\nto = \"1N 1E\"\n",
        "3:8",
        "latitude 95",
    );
}

#[test]
fn empty_route_and_empty_document_are_errors() {
    fails_located(
        "r.toml",
        "title = \"x\"\n[[route]]\nid = \"empty\"\n",
        "2:1",
        "route `empty` has no legs",
    );
    fails_located(
        "r.toml",
        "title = \"nothing\"\n",
        "1:1",
        "the document has no legs",
    );
}

#[test]
fn unknown_mode_and_place_are_located() {
    fails_located(
        "r.csv",
        "mode,from,to\nboat,1N 1E,2N 2E\n",
        "2:1",
        "unknown mode `boat`",
    );
    fails_located(
        "r.csv",
        "mode,from,to\nsea,1N 1E,Xqzvbnmw\n",
        "2:11",
        "no place called `Xqzvbnmw`",
    );
    fails_located(
        "r.csv",
        "mode,from,to,speed\nsea,1N 1E,2N 2E,3\n",
        "1:14",
        "unknown column `speed`",
    );
}

#[test]
fn a_chain_that_does_not_connect_names_the_leg() {
    let text = format!("{LEG}[[leg]]\nmode = \"rail\"\nfrom = \"45N 40E\"\nto = \"46N 41E\"\n");
    fails_located(
        "r.toml",
        &text,
        "7:8",
        "leg 2 starts at 45N 40E but leg 1 ended at",
    );
}

#[test]
fn reversed_dates_are_an_error_at_the_leg() {
    let text = format!("{LEG}depart = \"12 Sep 2023\"\narrive = \"7 Sep 2023\"\n");
    let dir = Dir::new();
    dir.create("r.toml", &text);
    let out = dir.run(&["map", "r.toml", "-o", "out"]).expect_code(1);
    assert!(
        out.stderr
            .contains("(7 Sep 2023) before it departs (12 Sep 2023)"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("r.toml:1:1"), "{}", out.stderr);
    assert!(!dir.exists("out"), "nothing written");
}

#[test]
fn strict_turns_timeline_warnings_into_errors() {
    let text = format!("{LEG}depart = \"1823-09-07\"\narrive = \"1823-09-12\"\n");
    let dir = Dir::new();
    dir.create("r.toml", &text);
    let out = dir.run(&["check", "r.toml"]).expect_code(0);
    assert!(
        out.stderr.contains("7 Sep 1823 is outside 1900-2100"),
        "{}",
        out.stderr
    );
    let out = dir.run(&["check", "r.toml", "--strict"]).expect_code(1);
    assert!(out.stderr.contains("r.toml:1:1"), "{}", out.stderr);
}

#[test]
fn chain_errors_point_into_the_chain() {
    let dir = Dir::new();
    let out = dir.run(&["check", "Najin -boat-> Dunay"]).expect_code(1);
    assert!(out.stderr.contains("<chain>:1:8"), "{}", out.stderr);
    assert!(out.stderr.contains("unknown mode `boat`"));
}

#[test]
fn missing_file_and_usage_errors() {
    let dir = Dir::new();
    let out = dir.run(&["map", "nothere.toml"]).expect_code(1);
    assert!(out.stderr.contains("no such file: nothere.toml"));
    dir.run(&["map"]).expect_code(2);
    dir.run(&["map", "x.toml", "--format", "pdf"])
        .expect_code(2);
}

#[test]
fn json_errors_carry_line_and_column() {
    let dir = Dir::new();
    dir.create("r.toml", "[[place]]\nname = \"X\"\nat = \"95N 10E\"\n");
    let out = dir.run(&["check", "r.toml", "--json"]).expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["error"]["line"], 3);
    assert_eq!(v["error"]["column"], 6);
    assert_eq!(v["error"]["file"], "r.toml");
}

#[test]
fn unwritable_output_leaves_nothing_and_no_clobber_refuses() {
    let dir = Dir::new();
    dir.create("r.toml", LEG);
    dir.create("blocker", "a file where a directory should be");
    let out = dir
        .run(&["map", "r.toml", "-o", "blocker/out"])
        .expect_code(1);
    assert!(out.stderr.contains("cannot write"), "{}", out.stderr);
    dir.run(&["map", "r.toml", "-o", "out"]).expect_code(0);
    let before = dir.read("out/r_combined.geojson");
    let out = dir
        .run(&["map", "r.toml", "-o", "out", "--no-clobber"])
        .expect_code(1);
    assert!(out.stderr.contains("exists"), "{}", out.stderr);
    assert_eq!(dir.read("out/r_combined.geojson"), before);
    assert_eq!(
        dir.files(),
        vec![
            "blocker",
            "out/r.png",
            "out/r_combined.geojson",
            "out/r_legs.geojson",
            "out/r_legs.qml",
            "out/r_stops.geojson",
            "out/r_stops.qml",
            "r.toml"
        ],
        "no temporary files left"
    );
}

#[test]
fn a_misspelt_passage_is_located_where_it_is_written() {
    fails_located(
        "r.toml",
        &format!("{LEG}avoid = [\"sues\"]\n"),
        "5:9",
        "did you mean `suez`?",
    );
}

#[test]
fn a_misspelt_passage_on_the_command_line_names_the_option() {
    let dir = Dir::new();
    dir.create("r.toml", LEG);
    let out = dir
        .run(&["map", "r.toml", "-o", "out", "--avoid", "suez,panam"])
        .expect_code(1);
    assert!(
        out.stderr.contains("--avoid: unknown passage `panam`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `panama`?"),
        "{}",
        out.stderr
    );
    assert!(!dir.exists("out"), "no output on failure");
}

#[test]
fn numeric_dates_are_read_in_the_order_given() {
    let dir = Dir::new();
    let chain = "1N 1E -air[7/9/2023..12/9/2023]-> 2N 2E";
    let out = dir.run(&["check", chain]).expect_code(1);
    assert!(
        out.stderr
            .contains("`7/9/2023` could be 7 Sep 2023 or 9 Jul 2023"),
        "{}",
        out.stderr
    );
    let out = dir
        .run(&["map", chain, "--day-first", "-o", "-"])
        .expect_code(0);
    assert!(
        out.stdout.contains("\"depart\":\"2023-09-07\""),
        "{}",
        out.stdout
    );
    let out = dir
        .run(&["map", chain, "--month-first", "-o", "-"])
        .expect_code(0);
    assert!(
        out.stdout.contains("\"arrive\":\"2023-12-09\""),
        "{}",
        out.stdout
    );
    dir.run(&["check", chain, "--day-first", "--month-first"])
        .expect_code(2);
}

#[test]
fn a_coast_distance_that_is_not_positive_is_refused() {
    for km in ["0", "-5"] {
        let dir = Dir::new();
        dir.create("r.toml", LEG);
        let out = dir
            .run(&["map", "r.toml", "-o", "out", "--coast-km", km])
            .expect_code(1);
        assert!(out.stderr.contains("--coast-km"), "{}", out.stderr);
        assert!(
            out.stderr.contains("positive number of km"),
            "{}",
            out.stderr
        );
        assert!(!dir.exists("out"), "no output on failure");
    }
}

#[test]
fn a_vessel_class_that_fits_no_way_names_the_passages() {
    // Rostov-on-Don to Astrakhan is only by the Volga-Don canal: 140 m, 3.5 m draught
    fails_located(
        "r.toml",
        "[[leg]]\nmode = \"sea\"\nfrom = \"47.20N 39.70E\"\nto = \"46.35N 48.04E\"\nvessel = \"aframax\"\n",
        "1:1",
        "volga-don",
    );
}

#[test]
fn an_unknown_vessel_class_is_located() {
    fails_located(
        "r.toml",
        &format!("{LEG}vessel = \"capesize\"\n"),
        "5:10",
        "unknown vessel class `capesize`",
    );
}

#[test]
fn an_end_in_a_landlocked_lake_is_refused_with_its_distance() {
    // Lake Baikal: the land map has no lakes, and no waterway reaches it
    fails_located(
        "r.toml",
        "[[leg]]\nmode = \"sea\"\nfrom = \"53.50N 108.00E\"\nto = \"35.10N 129.04E\"\n",
        "1:1",
        "km from",
    );
}
