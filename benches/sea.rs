//! Sea routing speed: loading the embedded network, one route for each of the
//! port pairs in benches/searoute_compare.csv (the pairs the searoute-py comparison
//! uses), and coastal legs of 350 to 800 km (`sea/coastal`). `--oneshot` instead loads the network, routes Najin to Vostochny once and
//! exits, for timing the whole process with hyperfine.

use criterion::{criterion_group, Criterion};
use shipmap::model::{LonLat, Mode};
use shipmap::network::sea::SeaNetwork;
use shipmap::network::{LegRequest, Router};
use std::hint::black_box;

const PAIRS: &str = include_str!("searoute_compare.csv");

fn pairs() -> Vec<(String, LonLat, LonLat)> {
    PAIRS
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let num = |i: usize| c[i].parse::<f64>().unwrap();
            (
                format!("{}-{}", c[0], c[3]),
                LonLat::new(num(2), num(1)).unwrap(),
                LonLat::new(num(5), num(4)).unwrap(),
            )
        })
        .collect()
}

fn request(from: LonLat, to: LonLat) -> LegRequest<'static> {
    LegRequest {
        mode: Mode::Sea,
        from,
        to,
        via: &[],
        avoid_passages: &[],
        within: &[],
        avoid_countries: &[],
    }
}

fn load(c: &mut Criterion) {
    c.bench_function("sea/load", |b| b.iter(|| SeaNetwork::embedded().unwrap()));
}

fn routes(c: &mut Criterion) {
    let sea = SeaNetwork::embedded().unwrap();
    let pairs = pairs();
    // every pair once per iteration: the mean per route is the time / pairs.len()
    c.bench_function(&format!("sea/route/all-{}-pairs", pairs.len()), |b| {
        b.iter(|| {
            for (_, from, to) in &pairs {
                black_box(sea.route(&request(*from, *to)).unwrap());
            }
        })
    });
    let mut group = c.benchmark_group("sea/route");
    for (name, from, to) in &pairs {
        group.bench_function(name.as_str(), |b| {
            b.iter(|| sea.route(&request(*from, *to)).unwrap())
        });
    }
    group.finish();
}

/// Coastal legs whose ends are 350 to 800 km apart, which the coarse grid and its
/// corridor route when the lanes detour (issue 14): (name, from lat, lon, to lat, lon).
const COASTAL: [(&str, f64, f64, f64, f64); 5] = [
    ("Qingdao-Tianjin", 36.065, 120.3853, 38.9868, 117.7448),
    ("Xiamen-Shenzhen", 24.44, 118.0859, 22.5171, 114.0286),
    ("Haiphong-Hong Kong", 20.909, 106.7404, 22.2948, 114.1701),
    ("Gdansk-Riga", 54.3992, 18.6675, 56.9456, 24.1061),
    ("Odesa-Varna", 46.5, 30.7308, 43.2065, 27.9217),
];

fn coastal(c: &mut Criterion) {
    let sea = SeaNetwork::embedded().unwrap();
    let mut group = c.benchmark_group("sea/coastal");
    for (name, a_lat, a_lon, b_lat, b_lon) in COASTAL {
        let (from, to) = (
            LonLat::new(a_lon, a_lat).unwrap(),
            LonLat::new(b_lon, b_lat).unwrap(),
        );
        group.bench_function(name, |b| b.iter(|| sea.route(&request(from, to)).unwrap()));
    }
    group.finish();
}

criterion_group!(benches, load, routes, coastal);

fn main() {
    if std::env::args().any(|a| a == "--oneshot") {
        let sea = SeaNetwork::embedded().unwrap();
        let path = sea
            .route(&request(
                LonLat::new(130.3, 42.225).unwrap(),
                LonLat::new(133.08, 42.74).unwrap(),
            ))
            .unwrap();
        println!("{} points", path.points.len());
        return;
    }
    if std::env::args().any(|a| a == "--each") {
        // quick per-pair timings (diagnostic; the criterion figures are the record)
        let sea = SeaNetwork::embedded().unwrap();
        for (name, from, to) in pairs() {
            let t = std::time::Instant::now();
            let n = 20;
            for _ in 0..n {
                black_box(sea.route(&request(from, to)).unwrap());
            }
            println!(
                "{name}: {:.3} ms",
                t.elapsed().as_secs_f64() * 1e3 / n as f64
            );
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
