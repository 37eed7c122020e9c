//! Issue 21: the command line a briefer expects. Titles for every input form, output
//! names that do not overwrite another document's maps, country rules checked at the
//! ends, and `check` lines that say what each leg passes.

use crate::util::Dir;
use serde_json::Value;

const CHAIN: &str = "Najin -sea-> Dunay, RU -rail-> Tikhoretsk";

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

fn gpkg_description(path: &std::path::Path) -> String {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.query_row(
        "SELECT description FROM gpkg_contents WHERE table_name = 'legs'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn title_flags_reach_every_output() {
    let dir = Dir::new();
    dir.run(&[
        "map",
        "42.2456N 130.2967E -sea-> 42.8889N 132.3436E",
        "-o",
        "out",
        "--format",
        "geojson,gpkg,kml,svg",
        "--name",
        "m",
        "--title",
        "Shells & rockets <to Russia>",
        "--subtitle",
        "September 2023",
        "--source",
        "NSC briefing, 13 Oct 2023",
    ])
    .expect_code(0);
    let g = json(&dir.read("out/m_combined.geojson"));
    assert_eq!(g["title"], "Shells & rockets <to Russia>");
    assert_eq!(g["subtitle"], "September 2023");
    assert_eq!(g["source"], "NSC briefing, 13 Oct 2023");
    assert_eq!(json(&dir.read("out/m_legs.geojson"))["title"], g["title"]);
    let kml = dir.read("out/m.kml");
    assert!(kml.contains("<name>Shells &amp; rockets &lt;to Russia&gt;</name>"));
    assert!(
        kml.contains(
            "<description>September 2023&#10;Source: NSC briefing, 13 Oct 2023&#10;Data: Sea lanes"
        ),
        "{kml}"
    );
    assert_eq!(
        gpkg_description(&dir.path().join("out/m.gpkg")),
        "Shells & rockets <to Russia>. September 2023. Source: NSC briefing, 13 Oct 2023. \
         Sources: Sea lanes: Eurostat MARNET via searoute (EUPL 1.2)"
    );
    let svg = dir.read("out/m.svg");
    assert!(svg.contains("Shells &amp; rockets &lt;to Russia&gt;"));
    assert!(svg.contains("NSC briefing, 13 Oct 2023"));
}

#[test]
fn csv_comment_block_sets_titles_and_flags_override_it() {
    let dir = Dir::new();
    let csv = "# title: Shells to Russia\n# a plain comment\n# Source: NSC briefing\n\
               mode,from,to\nair,1N 1E,2N 2E\n";
    dir.create("legs.csv", csv);
    dir.run(&["map", "legs.csv", "-o", "out", "--format", "geojson"])
        .expect_code(0);
    let g = json(&dir.read("out/legs_combined.geojson"));
    assert_eq!(g["title"], "Shells to Russia");
    assert_eq!(g["source"], "NSC briefing");
    assert!(g.get("subtitle").is_none());
    dir.run(&[
        "map", "legs.csv", "-o", "out", "--format", "geojson", "--title", "Other",
    ])
    .expect_code(0);
    let g = json(&dir.read("out/legs_combined.geojson"));
    assert_eq!(g["title"], "Other");
    assert_eq!(
        g["source"], "NSC briefing",
        "a flag replaces only its own field"
    );
    // errors after a comment block still point at the right line
    dir.create("bad.csv", &csv.replace("air,", "boat,"));
    let out = dir.run(&["check", "bad.csv"]).expect_code(1);
    assert!(out.stderr.contains("bad.csv:5:1"), "{}", out.stderr);
}

#[test]
fn hostile_titles_are_cut_and_escaped_everywhere() {
    let dir = Dir::new();
    let title = format!("PWN\u{1b}]0;x\u{7}\n{}", "long ".repeat(2000));
    let out = dir
        .run(&[
            "map",
            "42.2456N 130.2967E -sea-> 42.8889N 132.3436E",
            "-o",
            "out",
            "--format",
            "geojson,kml,svg",
            "--name",
            "m",
            "--title",
            &title,
            "--source",
            "src\u{9b}2J",
        ])
        .expect_code(0);
    assert!(out
        .stderr
        .contains("the title is longer than 200 characters"));
    assert!(!out.stderr.contains('\u{1b}'), "{:?}", out.stderr);
    let g = json(&dir.read("out/m_combined.geojson"));
    let shown = g["title"].as_str().unwrap();
    assert!(shown.starts_with(r"PWN\x1B]0;x\x07 long long"), "{shown}");
    assert_eq!(shown.chars().count(), 200);
    assert!(shown.ends_with('…'));
    assert_eq!(g["source"], r"src\u{9B}2J");
    for file in ["out/m_combined.geojson", "out/m.kml", "out/m.svg"] {
        let text = dir.read(file);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{file} holds a control character"
        );
    }
}

#[test]
fn chains_and_stdin_are_named_after_their_ends_and_never_replace_another_set() {
    let dir = Dir::new();
    let out = dir
        .run(&["map", CHAIN, "-o", "out", "--format", "kml"])
        .expect_code(0);
    assert!(
        out.stderr.contains("wrote out/najin-tikhoretsk.kml"),
        "{}",
        out.stderr
    );
    let first = dir.read("out/najin-tikhoretsk.kml");
    let out = dir
        .run(&[
            "map",
            "Najin -sea-> Vladivostok -rail-> Tikhoretsk",
            "-o",
            "out",
            "--format",
            "kml",
        ])
        .expect_code(0);
    assert!(
        out.stderr
            .contains("note: najin-tikhoretsk.* exists in out; wrote najin-tikhoretsk-2.* instead"),
        "{}",
        out.stderr
    );
    assert_eq!(
        dir.read("out/najin-tikhoretsk.kml"),
        first,
        "first map kept"
    );
    assert!(dir.exists("out/najin-tikhoretsk-2.kml"));
    // standard input: named the same way
    let out = dir
        .run_with_stdin(
            &["map", "-", "-o", "out", "--format", "geojson"],
            "mode,from,to\nair,Tartus,Novorossiysk\n",
        )
        .expect_code(0);
    assert!(
        out.stderr
            .contains("wrote out/tartus-novorossiysk_combined.geojson"),
        "{}",
        out.stderr
    );
    // --name replaces on purpose
    dir.run(&[
        "map",
        "Najin -sea-> Vladivostok -rail-> Tikhoretsk",
        "-o",
        "out",
        "--format",
        "kml",
        "--name",
        "najin-tikhoretsk",
    ])
    .expect_code(0);
    assert_eq!(
        dir.read("out/najin-tikhoretsk.kml"),
        dir.read("out/najin-tikhoretsk-2.kml")
    );
    assert_ne!(first, dir.read("out/najin-tikhoretsk.kml"));
}

#[test]
fn names_that_leave_no_ascii_fall_back_to_route() {
    let dir = Dir::new();
    let doc = "[[place]]\nname = \"Тихорецк арсенал\"\nat = \"45.86N 40.13E\"\n\
               [[place]]\nname = \"Дунай\"\nat = \"42.89N 132.34E\"\n\
               [[leg]]\nmode = \"air\"\nfrom = \"Дунай\"\nto = \"Тихорецк арсенал\"\n";
    let out = dir
        .run_with_stdin(&["map", "-", "-o", "out", "--format", "geojson"], doc)
        .expect_code(0);
    assert!(
        out.stderr.contains("wrote out/route_combined.geojson"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_bad_name_is_refused_before_anything_is_written() {
    let dir = Dir::new();
    for name in ["../up", "a/b", "", ".", "..", "x\u{1b}[2J", "c:\\x"] {
        let out = dir
            .run(&["map", "1N 1E -air-> 2N 2E", "-o", "out", "--name", name])
            .expect_code(1);
        assert!(
            out.stderr.contains("error: --name:"),
            "{name:?}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains('\u{1b}'));
        assert!(!dir.exists("out"), "{name:?} wrote something");
    }
}

#[test]
fn a_rail_leg_starting_outside_within_is_an_error_at_the_place() {
    let dir = Dir::new();
    let out = dir
        .run(&["map", "Najin -rail[within RU]-> Tikhoretsk", "-o", "out"])
        .expect_code(1);
    assert!(
        out.stderr
            .contains("leg 1 starts at Najin, KP, outside within = [RU]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("<chain>:1:1"), "{}", out.stderr);
    assert!(out.stderr.contains("swapped"), "{}", out.stderr);
    assert!(!dir.exists("out"));
    // the same rule from the command line, and an end inside avoid_countries
    let out = dir
        .run(&["check", "Tikhoretsk -rail-> Najin", "--within", "ru"])
        .expect_code(1);
    assert!(
        out.stderr
            .contains("leg 1 ends at Najin, KP, outside within = [RU]"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("<chain>:1:20"), "{}", out.stderr);
    let out = dir
        .run(&["check", "Tikhoretsk -rail[avoid-countries RU]-> Moscow"])
        .expect_code(1);
    assert!(
        out.stderr
            .contains("leg 1 starts at Tikhoretsk, RU, inside avoid_countries = [RU]"),
        "{}",
        out.stderr
    );
    // a sea leg has no country rules at its ends
    dir.run(&["check", "Najin -sea[within RU]-> Vladivostok"])
        .expect_code(0);
}

#[test]
fn unknown_country_codes_are_errors_with_a_suggestion() {
    let dir = Dir::new();
    dir.create(
        "r.toml",
        "[[leg]]\nmode = \"rail\"\nfrom = \"Moscow\"\nto = \"Tikhoretsk\"\nwithin = [\"RUS\"]\n",
    );
    let out = dir.run(&["map", "r.toml", "-o", "out"]).expect_code(1);
    assert!(
        out.stderr.contains("unknown country code `RUS`"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("did you mean `RU` (Russia)?"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("r.toml:1:1"), "{}", out.stderr);
    let out = dir
        .run(&["map", "r.toml", "-o", "out", "--avoid-countries", "UK"])
        .expect_code(1);
    assert!(
        out.stderr
            .contains("--avoid-countries: unknown country code `UK`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("did you mean `GB`"), "{}", out.stderr);
    let out = dir
        .run(&["check", "Moscow -rail[within XQ]-> Tikhoretsk"])
        .expect_code(1);
    assert!(
        out.stderr.contains("unknown country code `XQ`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("ISO 3166-1 alpha-2"), "{}", out.stderr);
    assert!(!dir.exists("out"));
}

#[test]
fn check_lists_stops_passages_and_countries_with_plurals() {
    let dir = Dir::new();
    let out = dir.run(&["check", CHAIN]).expect_code(0);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(lines[0], "Najin to Tikhoretsk (route-1): 2 legs");
    assert!(
        lines[1].starts_with("  1. sea  Najin (KP, port) -> Dunay (RU, city): "),
        "{}",
        out.stdout
    );
    assert_eq!(lines[2], "     passages: none");
    assert!(lines[3].starts_with("  2. rail Dunay (RU, city) -> Tikhoretsk (RU, city): "));
    assert!(lines[4].starts_with("     countries: RU"), "{}", out.stdout);
    let out = dir
        .run(&["check", "Tartus -sea-> Novorossiysk"])
        .expect_code(0);
    assert!(out.stdout.contains("(route-1): 1 leg\n"), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("     passages: dardanelles, bosporus\n"),
        "{}",
        out.stdout
    );
}

#[test]
fn close_ups_past_the_limit_are_named_in_a_warning() {
    // Four berth shifts of about 1 km in four ports, joined by long flights: three
    // close-ups, and a warning naming the fourth place.
    let dir = Dir::new();
    let chain = "42.2300N 130.2960E -air-> 42.2380N 130.3020E -air-> \
                 44.7050N 37.8000E -air-> 44.6900N 37.8150E -air-> \
                 51.9500N 4.0500E -air-> 51.9580N 4.0560E -air-> \
                 1.2600N 103.8200E -air-> 1.2680N 103.8260E";
    let out = dir
        .run(&["map", chain, "-o", "out", "--format", "png", "--name", "m"])
        .expect_code(0);
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: map: "))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", out.stderr);
    assert!(
        warnings[0].starts_with(
            "warning: map: the map has room for 3 close-ups; 1 more place is drawn without one: "
        ),
        "{}",
        warnings[0]
    );
    assert!(dir.exists("out/m.png"));
    // with --json the same warning is in the result's warnings, as code "map"
    let out = dir
        .run(&[
            "map", chain, "-o", "out2", "--format", "png", "--name", "m", "--json",
        ])
        .expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let map: Vec<&serde_json::Value> = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "map")
        .collect();
    assert_eq!(map.len(), 1, "{}", out.stdout);
    assert!(
        map[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("the map has room for 3 close-ups; 1 more place is drawn without one: "),
        "{}",
        out.stdout
    );
}
