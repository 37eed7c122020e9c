//! `shipmap licenses`: the notices print with nothing beside the binary.

use crate::util::Dir;

#[test]
fn licenses_prints_every_dataset_and_its_licence() {
    let dir = Dir::new();
    let out = dir.run(&["licenses"]).expect_code(0);
    for needle in [
        "ODbL-1.0",
        "OpenStreetMap contributors",
        "CC-BY-4.0",
        "GeoNames",
        "EUPL-1.2",
        "MARNET",
        "OFL-1.1",
        "Natural Earth",
        "MIT OR Apache-2.0",
    ] {
        assert!(
            out.stdout.contains(needle),
            "{needle} missing from:\n{}",
            out.stdout
        );
    }
}

#[test]
fn licenses_text_prints_the_full_licence() {
    let dir = Dir::new();
    let out = dir.run(&["licenses", "--text", "odbl-1.0"]).expect_code(0);
    assert!(out.stdout.contains("Open Database License"));
    assert!(out.stdout.len() > 20_000, "{} bytes", out.stdout.len());
}

#[test]
fn licenses_text_unknown_id_names_the_choices() {
    let dir = Dir::new();
    let out = dir.run(&["licenses", "--text", "GPL-9"]).expect_code(1);
    assert!(
        out.stderr.contains("no licence text `GPL-9`"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("EUPL-1.2"), "{}", out.stderr);
}
