//! Issue 19: a run killed at any moment leaves the previous set of outputs or the new
//! one, never a mix, and no temporary survives the next run (kill -9) or the
//! interrupt itself (SIGTERM, SIGINT).

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::Dir;

const DOC: &str = "Najin -sea-> Vladivostok";

fn map_args<'a>(title: &'a str, name: &'a str) -> Vec<&'a str> {
    vec![
        "map",
        DOC,
        "-o",
        "out",
        "--name",
        name,
        "--format",
        "geojson,gpkg,kml,svg",
        "--title",
        title,
    ]
}

fn start(dir: &Dir, args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_shipmap"))
        .args(args)
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("run shipmap")
}

/// The title each output of set `m` carries: one entry a file, in a fixed order.
fn titles(out: &Path) -> Vec<String> {
    let read = |n: &str| std::fs::read_to_string(out.join(n)).unwrap_or_default();
    let pick = |text: String| {
        ["Alpha", "Bravo"]
            .iter()
            .find(|t| text.contains(&format!("{t} run")))
            .map_or("none".to_owned(), |t| (*t).to_owned())
    };
    let gpkg = rusqlite::Connection::open_with_flags(
        out.join("m.gpkg"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .and_then(|c| {
        c.query_row(
            "SELECT description FROM gpkg_contents WHERE table_name = 'legs'",
            [],
            |r| r.get::<_, String>(0),
        )
    })
    .unwrap_or_default();
    vec![
        pick(read("m_combined.geojson")),
        pick(read("m_legs.geojson")),
        pick(read("m_stops.geojson")),
        pick(read("m.kml")),
        pick(read("m.svg")),
        pick(gpkg),
    ]
}

fn temporaries(out: &Path) -> Vec<String> {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".shipmap-"))
        .collect()
}

fn wholly_one(out: &Path, what: &str) -> String {
    let t = titles(out);
    assert!(
        t.iter().all(|x| x == &t[0]) && t[0] != "none",
        "{what}: a mixed set {t:?}"
    );
    t[0].clone()
}

/// A small deterministic sequence of delays (no rand in the test dependencies).
fn delays(n: usize, max: Duration) -> Vec<Duration> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            max.mul_f64((x % 1000) as f64 / 1000.0)
        })
        .collect()
}

/// How long a whole run takes here, so that kills land across all of it.
fn run_time(dir: &Dir) -> Duration {
    let t = Instant::now();
    dir.run(&map_args("Alpha run", "m")).expect_code(0);
    t.elapsed()
}

#[test]
fn kill_9_at_random_points_leaves_old_or_new_and_the_next_run_cleans_up() {
    let dir = Dir::new();
    let whole = run_time(&dir).mul_f64(1.3);
    let out = dir.path().join("out");
    let mut seen_new = 0;
    for (i, delay) in delays(24, whole).into_iter().enumerate() {
        let before = wholly_one(&out, "before");
        let next = if before == "Alpha" {
            "Bravo run"
        } else {
            "Alpha run"
        };
        let mut child = start(&dir, &map_args(next, "m"));
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        // any later run in the folder recovers: here one that writes another name
        dir.run(&[
            "map", DOC, "-o", "out", "--name", "other", "--format", "kml",
        ])
        .expect_code(0);
        let after = wholly_one(&out, &format!("kill {i} after {delay:?}"));
        if after != before {
            seen_new += 1;
        }
        assert!(
            temporaries(&out).is_empty(),
            "left: {:?}",
            temporaries(&out)
        );
    }
    assert!(
        seen_new > 0,
        "no kill landed after a run completed: the delays are too short"
    );
}

#[test]
fn sigterm_and_sigint_leave_old_or_new_and_no_temporaries() {
    let dir = Dir::new();
    let whole = run_time(&dir).mul_f64(1.3);
    let out = dir.path().join("out");
    for (i, delay) in delays(16, whole).into_iter().enumerate() {
        let before = wholly_one(&out, "before");
        let next = if before == "Alpha" {
            "Bravo run"
        } else {
            "Alpha run"
        };
        let mut child = start(&dir, &map_args(next, "m"));
        std::thread::sleep(delay);
        let signal = if i % 2 == 0 { "-TERM" } else { "-INT" };
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let _ = child.wait();
        wholly_one(&out, &format!("{signal} {i} after {delay:?}"));
        assert!(
            temporaries(&out).is_empty(),
            "{signal} after {delay:?} left: {:?}",
            temporaries(&out)
        );
    }
}
