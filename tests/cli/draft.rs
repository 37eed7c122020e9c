//! `shipmap draft`: a report to a route document that `check` and `map` accept; bad
//! input gives a message or a commented document, never a panic.

use crate::util::Dir;

const ARTICLE: &str = "Seoul, 3 November 2023\n\nThe cargo ship Angara left Rajin on 28 October \
    and docked at Vostochny two days later, officials in Seoul said. The containers were then \
    moved by rail.\n";

#[test]
fn draft_prints_a_document_that_check_accepts() {
    let dir = Dir::new();
    dir.create("a.txt", ARTICLE);
    let out = dir.run(&["draft", "a.txt", "-o", "a.toml"]).expect_code(0);
    assert!(out.stderr.contains("wrote a.toml"), "{}", out.stderr);
    let doc = dir.read("a.toml");
    assert!(doc.contains("from   = \"Rajin\""), "{doc}");
    assert!(doc.contains("arrive = \"2023-10-30\""), "{doc}");
    assert!(
        doc.contains("# [[route.leg]]"),
        "the rail leg with no end is commented out:\n{doc}"
    );
    assert!(doc.contains("#     Seoul ("), "{doc}");
    let check = dir.run(&["check", "a.toml"]).expect_code(0);
    assert!(check.stdout.contains("Rajin"), "{}", check.stdout);
    let stdin = dir.run_with_stdin(&["draft", "-"], ARTICLE);
    assert_eq!(stdin.code, 0);
    assert!(stdin
        .stdout
        .contains("quote  = \"The cargo ship Angara left Rajin"));
}

#[test]
fn draft_and_map_in_one_step_writes_the_document_beside_the_maps() {
    let dir = Dir::new();
    dir.create("a.txt", ARTICLE);
    dir.run(&[
        "draft", "a.txt", "--map", "-o", "out", "--format", "geojson", "-q",
    ])
    .expect_code(0);
    assert!(dir.exists("out/a.toml") && dir.exists("out/a_legs.geojson"));
    let legs = dir.read("out/a_legs.geojson");
    assert!(
        legs.contains("\"quote\":\"The cargo ship Angara left Rajin"),
        "{legs}"
    );
}

#[test]
fn bad_input_is_refused_or_commented_never_a_panic() {
    let dir = Dir::new();
    dir.create("empty.txt", "");
    let out = dir.run(&["draft", "empty.txt"]).expect_code(1);
    assert!(out.stderr.contains("empty.txt is empty") && out.stderr.contains("help:"));
    std::fs::write(
        dir.path().join("bin.dat"),
        [0u8, 159, 146, 150, 1, 2, 3, 255],
    )
    .unwrap();
    let out = dir.run(&["draft", "bin.dat"]).expect_code(1);
    assert!(out.stderr.contains("is not text"), "{}", out.stderr);
    let big = "The ship sailed from Najin to Vostochny. ".repeat(250_000); // 10 MB
    dir.create("big.txt", &big);
    let out = dir.run(&["draft", "big.txt"]).expect_code(1);
    assert!(out.stderr.contains("up to 2000000 bytes"), "{}", out.stderr);
    dir.create(
        "none.txt",
        "Nothing happened here. Officials said talks went on.\n",
    );
    let out = dir.run(&["draft", "none.txt"]).expect_code(1);
    assert!(
        out.stderr.contains("no leg could be drafted"),
        "{}",
        out.stderr
    );
    assert!(out.stdout.starts_with("# Drafted by"), "{}", out.stdout);
    assert!(!out.stderr.contains("panicked"));
}

#[test]
fn two_hundred_places_give_a_commented_document_in_bounded_time() {
    // names of real places, most as context, a few as stops
    let names = [
        "Moscow", "Tehran", "Beijing", "Seoul", "Tokyo", "Kyiv", "Minsk", "Damascus", "Cairo",
        "Ankara",
    ];
    let mut text = String::from("The ship sailed from Najin to Vostochny on 3 May 2024.\n\n");
    for i in 0..200 {
        text.push_str(&format!(
            "Officials in {} said so. ",
            names[i % names.len()]
        ));
    }
    let dir = Dir::new();
    dir.create("many.txt", &text);
    let start = std::time::Instant::now();
    let out = dir.run(&["draft", "many.txt"]).expect_code(0);
    assert!(
        out.stdout.contains("to     = \"Vostochny"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("#     Damascus (context"),
        "{}",
        out.stdout
    );
    // bounded: a generous ceiling that only a runaway search would pass
    assert!(start.elapsed().as_secs() < 20);
}
