//! Issue 19: a progress bar on a terminal for runs over a second; none when standard
//! error is not a terminal, none with --quiet.

use crate::util::Dir;

/// 400 sea legs between real ports: a run of a few seconds in a debug build.
fn many_legs() -> String {
    let ports = [
        "Najin",
        "Vladivostok",
        "Vostochny",
        "Nakhodka",
        "Busan",
        "Dalian",
        "Tianjin",
        "Shanghai",
        "Qingdao",
        "Nampo",
    ];
    let mut csv = String::from("route,mode,from,to\n");
    for i in 0..400 {
        let (a, b) = (ports[i % 10], ports[(i * 7 + 3) % 10]);
        let b = if a == b { ports[(i + 1) % 10] } else { b };
        csv.push_str(&format!("r{i},sea,{a},{b}\n"));
    }
    csv
}

#[test]
fn no_bar_when_stderr_is_not_a_terminal() {
    let dir = Dir::new();
    dir.create("many.csv", &many_legs());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shipmap"))
        .args(["map", "many.csv", "-o", "out", "--format", "geojson"])
        .current_dir(dir.path())
        .env("SHIPMAP_PROGRESS_DELAY_MS", "0")
        .output()
        .unwrap();
    let out = crate::util::Output {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
    .expect_code(0);
    assert!(!out.stderr.contains("legs ("), "{}", out.stderr);
    assert!(out.stderr.contains("wrote out/many_combined.geojson"));
}

/// Under a pseudo-terminal (util-linux `script`), the bar shows; `-q` hides it.
#[cfg(target_os = "linux")]
#[test]
fn bar_on_a_terminal_and_quiet_hides_it() {
    use std::process::Command;
    if Command::new("script").arg("--version").output().is_err() {
        return; // no `script` here: nothing to drive a terminal with
    }
    let dir = Dir::new();
    dir.create("many.csv", &many_legs());
    let run = |extra: &str| {
        let cmd = format!(
            "{} map many.csv -o out --format geojson {extra}",
            env!("CARGO_BIN_EXE_shipmap")
        );
        let out = Command::new("script")
            .args(["-qc", &cmd, "/dev/null"])
            .current_dir(dir.path())
            .env("SHIPMAP_PROGRESS_DELAY_MS", "0")
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = run("");
    assert!(shown.contains("/400 legs ("), "{shown}");
    let quiet = run("--quiet");
    assert!(!quiet.contains("legs ("), "{quiet}");
    assert!(quiet.contains("wrote out/many_combined.geojson"), "{quiet}");
}

/// Routes are built in parallel; what is printed keeps the document's order.
#[test]
fn parallel_routes_print_in_document_order() {
    let dir = Dir::new();
    dir.create("many.csv", &many_legs());
    let out = dir.run(&["check", "many.csv", "-q"]).expect_code(0);
    let ids: Vec<String> = out
        .stdout
        .lines()
        .filter(|l| !l.starts_with(' '))
        .filter_map(|l| Some(l.split_once(" (r")?.1.split_once(')')?.0.to_owned()))
        .collect();
    let want: Vec<String> = (0..400).map(|i| i.to_string()).collect();
    assert_eq!(ids, want);
    let again = dir.run(&["check", "many.csv", "-q"]).expect_code(0);
    assert_eq!(out.stdout, again.stdout);
    assert_eq!(out.stderr, again.stderr);
}

/// The legs of one route are routed in parallel too: one route of 120 sea, rail and
/// air legs prints the same legs and warnings, in leg order, whether the builder
/// has one thread or four, and an error is the first in leg order.
#[test]
fn parallel_legs_of_one_route_print_in_leg_order() {
    use std::process::Command;
    let dir = Dir::new();
    let mut doc = String::from("route,mode,from,to\nr,sea,Najin,Vladivostok\n");
    for i in 0..40 {
        // rail inland (a connector warning), back to the coast, a sea hop
        let _ = i;
        doc.push_str("r,rail,,Khabarovsk\nr,rail,,Vladivostok\nr,sea,,Nakhodka\n");
        doc.push_str("r,sea,,Vladivostok\n");
    }
    dir.create("one.csv", &doc);
    let run = |threads: &str, file: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_shipmap"))
            .args(["check", file, "-q"])
            .current_dir(dir.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let serial = run("1", "one.csv");
    assert_eq!(serial.0, Some(0), "{}", serial.2);
    assert!(serial.1.contains("161. sea"), "{}", serial.1);
    assert_eq!(run("4", "one.csv"), serial);
    // Legs 3 and 6 have no path (inland by sea); leg 3's error is the one shown.
    dir.create(
        "bad.csv",
        "route,mode,from,to\nr,sea,Najin,Vladivostok\nr,rail,,Khabarovsk\nr,sea,,Moscow\n\
         r,rail,,Vladivostok\nr,air,,Minsk\nr,sea,,Kazan\n",
    );
    let bad = run("4", "bad.csv");
    assert_eq!(bad.0, Some(1));
    assert!(bad.2.contains("bad.csv:4:"), "{}", bad.2);
    assert_eq!(run("1", "bad.csv"), bad);
}
