//! Rail speed measured in CPU time as well as wall time, for a shared machine.
//!
//! Criterion (`benches/rail.rs`) times wall clock, which on a busy machine counts the
//! time other processes hold the CPU. This bench also reads the thread's own CPU time
//! from `/proc/thread-self/schedstat` (nanoseconds on the CPU, Linux), which stays
//! close to what a quiet machine would show. Run:
//! `cargo bench --bench rail_cpu` (figures in BENCHMARKS.md).

use std::hint::black_box;
use std::time::Instant;

use shipmap::model::{LonLat, Mode};
use shipmap::network::rail::{LandNetwork, Search};
use shipmap::network::LegRequest;

/// Name, from (lat, lon), to (lat, lon), `within`.
type BenchLeg = (
    &'static str,
    (f64, f64),
    (f64, f64),
    &'static [&'static str],
);

const LEGS: &[BenchLeg] = &[
    (
        "vladivostok-tikhoretsk-within-ru",
        (43.1155, 131.8855),
        (45.8546, 40.1256),
        &["RU"],
    ),
    (
        "vladivostok-tikhoretsk",
        (43.1155, 131.8855),
        (45.8546, 40.1256),
        &[],
    ),
    (
        "dunay-tikhoretsk-within-ru",
        (42.8889, 132.3436),
        (45.8546, 40.1256),
        &["RU"],
    ),
    (
        "rajin-vladivostok",
        (42.2456, 130.2967),
        (43.1155, 131.8855),
        &[],
    ),
    ("berlin-warsaw", (52.525, 13.369), (52.229, 21.003), &[]),
    ("paris-madrid", (48.844, 2.375), (40.407, -3.691), &[]),
    (
        "beijing-shanghai",
        (39.903, 116.427),
        (31.249, 121.456),
        &[],
    ),
    ("tehran-mashhad", (35.659, 51.399), (36.297, 59.606), &[]),
    ("hamburg-munich", (53.553, 10.007), (48.140, 11.558), &[]),
    ("almaty-tashkent", (43.270, 76.943), (41.292, 69.286), &[]),
];

/// CPU time of this thread so far, in ns (0 where /proc is missing).
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// Runs `f` `n` times; returns (median wall ms, mean CPU ms) per run.
fn measure(n: usize, mut f: impl FnMut()) -> (f64, f64) {
    f(); // warm up
    let mut walls = Vec::with_capacity(n);
    let cpu0 = cpu_ns();
    for _ in 0..n {
        let t = Instant::now();
        f();
        walls.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let cpu_ms = (cpu_ns() - cpu0) as f64 / 1e6 / n as f64;
    walls.sort_by(f64::total_cmp);
    (walls[n / 2], cpu_ms)
}

fn p((lat, lon): (f64, f64)) -> LonLat {
    LonLat::new(lon, lat).expect("bench coordinates are in range")
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` and test discovery
    }
    println!("{:<44} {:>12} {:>12}", "case", "wall median", "CPU mean");
    let (wall, cpu) = measure(30, || {
        black_box(LandNetwork::embedded_rail().expect("embedded network decodes"));
    });
    println!("{:<44} {wall:>9.2} ms {cpu:>9.2} ms", "rail/load/embedded");
    let rail = LandNetwork::embedded_rail().expect("embedded network decodes");
    for &(name, from, to, within) in LEGS {
        let within: Vec<String> = within.iter().map(|s| s.to_string()).collect();
        let req = LegRequest {
            mode: Mode::Rail,
            from: p(from),
            to: p(to),
            via: &[],
            avoid_passages: &[],
            within: &within,
            avoid_countries: &[],
        };
        for (label, search) in [("astar", Search::AStar), ("dijkstra", Search::Dijkstra)] {
            let (wall, cpu) = measure(40, || {
                black_box(rail.route_using(&req, search).expect("bench legs route"));
            });
            println!(
                "{:<44} {wall:>9.2} ms {cpu:>9.2} ms",
                format!("rail/route/{name}/{label}")
            );
        }
    }
}
