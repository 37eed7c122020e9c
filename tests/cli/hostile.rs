//! Issue 19: received files are not trusted. No control character from a document,
//! place name or argument reaches the terminal raw, error messages stay short, and a
//! full standard output or error is an exit code, not a panic.

use crate::util::{Dir, Output};

/// Every C0 and C1 control character, and DEL.
fn controls() -> impl Iterator<Item = char> {
    (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32)
}

/// The only control character shipmap may print is the line break it writes itself.
fn assert_terminal_safe(what: &str, c: char, out: &Output) {
    for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        if let Some(bad) = text.chars().find(|&k| k.is_control() && k != '\n') {
            panic!(
                "{what} with U+{:04X}: raw U+{:04X} on {stream}:\n{text}",
                c as u32, bad as u32
            );
        }
    }
}

/// A CSV cell holding `c`: quoted, so line breaks stay inside it.
fn cell(c: char) -> String {
    format!("\"r{c}]0;PWN\"")
}

#[test]
fn no_control_character_reaches_the_terminal_on_any_printed_path() {
    let dir = Dir::new();
    for c in controls() {
        let id = cell(c);
        // a line break would end the comment line: that title gets a plain `x`
        let t = if c == '\n' { 'x' } else { c };
        // check: route id and name in the summary, the title in a warning
        dir.create(
            "ok.csv",
            &format!("# title: T{t}x\nroute,route_name,mode,from,to\n{id},{id},air,1N 1E,2N 2E\n"),
        );
        let out = dir.run(&["check", "ok.csv"]).expect_code(0);
        assert_terminal_safe("check", c, &out);
        assert!(out.stdout.contains(r"]0;PWN"), "{}", out.stdout);
        if c != '\n' && c != '\r' && c != '\t' && c != '\u{85}' {
            assert!(
                out.stderr.contains("warning: the title"),
                "{:?}",
                out.stderr
            );
        }
        // timeline: the same document as a table
        let out = dir.run(&["timeline", "ok.csv"]).expect_code(0);
        assert_terminal_safe("timeline", c, &out);
        // an error: the message and the source line under it
        dir.create(
            "bad.csv",
            &format!("route,mode,from,to\nr,s{c}a,1N 1E,2N 2E\n"),
        );
        let out = dir.run(&["check", "bad.csv"]).expect_code(1);
        assert_terminal_safe("error", c, &out);
        assert!(out.stderr.contains("bad.csv:2:"), "{}", out.stderr);
        // "wrote" lines: an output folder whose name holds it (NUL cannot be an argument)
        if c != '\0' {
            let folder = format!("o{c}ut");
            let out = dir
                .run(&[
                    "map",
                    "1N 1E -air-> 2N 2E",
                    "-o",
                    &folder,
                    "--format",
                    "kml",
                ])
                .expect_code(0);
            assert_terminal_safe("map", c, &out);
            assert!(out.stderr.contains("wrote o"), "{}", out.stderr);
            // resolve: a name that matches nothing is quoted back
            let out = dir.run(&["resolve", &format!("Naj{c}in")]);
            assert_terminal_safe("resolve", c, &out);
        }
    }
}

#[test]
fn escapes_are_visible_not_dropped() {
    let dir = Dir::new();
    dir.create(
        "ok.csv",
        "route,mode,from,to\n\"r\u{1b}]0;PWNED\u{7}\u{1b}[2J\",air,1N 1E,2N 2E\n",
    );
    let out = dir.run(&["check", "ok.csv"]).expect_code(0);
    assert!(
        out.stdout.contains(r"(r\x1B]0;PWNED\x07\x1B[2J): 1 leg"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_huge_value_gives_a_short_error_quickly() {
    let dir = Dir::new();
    let big = "x".repeat(10_000_000);
    dir.create(
        "big.csv",
        &format!("route,mode,from,to\nr,sea,{big},Najin\n"),
    );
    let out = dir.run(&["check", "big.csv"]).expect_code(1);
    assert!(
        out.stderr.len() < 2_000,
        "{} bytes of error",
        out.stderr.len()
    );
    assert!(out.stderr.contains("big.csv:2:7"), "{}", out.stderr);
    assert!(
        out.stderr.contains("xxx…"),
        "the cut is shown: {}",
        out.stderr
    );
    // a long line with the error far to the right: the snippet is cut around it
    dir.create(
        "wide.csv",
        &format!(
            "route,mode,from,notes,to\nr,air,1N 1E,{},2N 2E,boat\n",
            "y".repeat(5_000)
        ),
    );
    let out = dir.run(&["check", "wide.csv"]).expect_code(1);
    assert!(out.stderr.len() < 2_000, "{}", out.stderr);
    let out = dir.run(&["check", "big.csv", "--json"]).expect_code(1);
    assert!(
        out.stdout.len() < 3_000,
        "{} bytes of JSON",
        out.stdout.len()
    );
}

#[test]
fn crlf_csv_errors_point_at_the_right_line_and_column() {
    let dir = Dir::new();
    dir.create(
        "excel.csv",
        "route,mode,from,to\r\nr,air,1N 1E,2N 2E\r\nr,boat,,3N 3E\r\n",
    );
    let out = dir.run(&["check", "excel.csv"]).expect_code(1);
    assert!(out.stderr.contains("excel.csv:3:3"), "{}", out.stderr);
    assert!(
        out.stderr.contains(" 3 | r,boat,,3N 3E\n"),
        "{}",
        out.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_full_stdout_or_stderr_is_exit_1_not_a_panic() {
    use std::process::{Command, Stdio};
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full");
    let Ok(_) = full() else { return };
    let run = |args: &[&str], both: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_shipmap"));
        cmd.args(args).stdout(full().unwrap()).stdin(Stdio::null());
        if both {
            cmd.stderr(full().unwrap());
        } else {
            cmd.stderr(Stdio::piped());
        }
        let out = cmd.output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stderr) = run(&["completions", "bash"], false);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("cannot write to standard output"),
        "{stderr}"
    );
    let (code, _) = run(&["check", "1N 1E -air-> 2N 2E", "--json"], true);
    assert_eq!(code, Some(1));
    let (code, _) = run(&["check", "1N 1E -boat-> 2N 2E"], true);
    assert_eq!(code, Some(1));
}

/// A file of `bytes` bytes that takes no room on disk (sparse): the size checks
/// refuse it before reading a byte.
fn sparse(dir: &Dir, name: &str, bytes: u64) -> std::path::PathBuf {
    let path = dir.path().join(name);
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(bytes).unwrap();
    path
}

#[test]
fn inputs_over_the_documented_limits_are_refused_with_their_sizes() {
    let dir = Dir::new();
    sparse(
        &dir,
        "huge.csv",
        shipmap::spec::MAX_DOCUMENT_BYTES + 10_000_000,
    );
    let out = dir.run(&["check", "huge.csv"]).expect_code(1);
    assert!(
        out.stderr
            .contains("huge.csv is 77.1 MB, over the limit of 67.1 MB for a route document"),
        "{}",
        out.stderr
    );
    sparse(
        &dir,
        "places.csv",
        shipmap::gazetteer::MAX_PLACES_FILE_BYTES + 10_000_000,
    );
    let out = dir
        .run(&[
            "check",
            "Najin -sea-> Vladivostok",
            "--places",
            "places.csv",
        ])
        .expect_code(1);
    assert!(
        out.stderr
            .contains("places file places.csv is 77.1 MB, over the limit of 67.1 MB"),
        "{}",
        out.stderr
    );
    sparse(
        &dir,
        "net.geojson",
        shipmap::network::rail::MAX_NETWORK_FILE_BYTES + 200_000_000,
    );
    let out = dir
        .run(&[
            "check",
            "Moscow -rail-> Minsk",
            "--rail-network",
            "net.geojson",
        ])
        .expect_code(1);
    assert!(
        out.stderr
            .contains("the file is 1.3 GB, over the limit of 1.1 GB for a network file"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_places_file_whose_first_row_is_data_is_not_dropped_as_a_header() {
    let dir = Dir::new();
    dir.create("p.csv", "Arsenal X,45.86N,40.13E\nDepot Y,45.5,40.1\n");
    let out = dir
        .run(&["check", "Depot Y -rail-> Tikhoretsk", "--places", "p.csv"])
        .expect_code(1);
    assert!(
        out.stderr
            .contains("p.csv:1: the first row is neither a header"),
        "{}",
        out.stderr
    );
    // a header by its names, in its own order
    dir.create("q.csv", "lon,lat,name\n40.1,45.5,Depot Y\n");
    let out = dir
        .run(&["check", "Depot Y -rail-> Tikhoretsk", "--places", "q.csv"])
        .expect_code(0);
    assert!(out.stdout.contains("Depot Y"), "{}", out.stdout);
}
