//! Rail network speed: loading the embedded network, and routing known legs with
//! bidirectional A* (what shipmap uses) beside plain Dijkstra on the same graph.
//!
//! Run: `cargo bench --bench rail` (figures in BENCHMARKS.md).

use criterion::{black_box, criterion_group, criterion_main, Criterion};
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
];

fn p((lat, lon): (f64, f64)) -> LonLat {
    LonLat::new(lon, lat).expect("bench coordinates are in range")
}

fn load(c: &mut Criterion) {
    c.bench_function("rail/load/embedded", |b| {
        b.iter(|| LandNetwork::embedded_rail().expect("embedded network decodes"))
    });
}

fn route(c: &mut Criterion) {
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
        let mut group = c.benchmark_group(format!("rail/route/{name}"));
        for (label, search) in [("astar", Search::AStar), ("dijkstra", Search::Dijkstra)] {
            group.bench_function(label, |b| {
                b.iter(|| {
                    rail.route_using(black_box(&req), search)
                        .expect("bench legs route")
                })
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = load, route
}
criterion_main!(benches);
