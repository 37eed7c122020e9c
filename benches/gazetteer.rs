//! Gazetteer speed: exact lookups, qualified and context lookups, typo candidates and
//! "did you mean" suggestions, on real names from the accuracy test set.
//!
//! Run: `cargo bench --bench gazetteer`. Targets (issue 3): at least 200,000 exact
//! lookups a second in-process; typo suggestions under 10 ms.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use shipmap::gazetteer::embedded::EmbeddedGazetteer;
use shipmap::gazetteer::{Gazetteer, PlaceSource, Query, UserPlaces};
use shipmap::model::{LonLat, Mode};

/// Exact names (primary or alternate) as analysts type them.
const EXACT: [&str; 16] = [
    "Najin",
    "Dunay",
    "Tikhoretsk",
    "Vladivostok",
    "Nakhodka",
    "Novorossiysk",
    "Tartus",
    "Latakia",
    "Bandar Abbas",
    "Chongjin",
    "Rajin",
    "Sevastopol",
    "Odesa",
    "Dalian",
    "Khabarovsk",
    "Moscow",
];

fn embedded() -> EmbeddedGazetteer {
    EmbeddedGazetteer::load().expect("embedded gazetteer loads")
}

fn load(c: &mut Criterion) {
    c.bench_function("gazetteer/load", |b| {
        b.iter(|| black_box(EmbeddedGazetteer::load()))
    });
}

fn exact(c: &mut Criterion) {
    let g = embedded();
    let mut group = c.benchmark_group("gazetteer/exact");
    group.throughput(Throughput::Elements(EXACT.len() as u64));
    group.bench_function("lookup_16_names_top1", |b| {
        b.iter(|| {
            for name in EXACT {
                black_box(g.lookup(&Query::new(black_box(name)), 1));
            }
        })
    });
    group.finish();
    let gz = Gazetteer::new(UserPlaces::default()).with_source(Box::new(embedded()));
    c.bench_function("gazetteer/resolve/Najin", |b| {
        b.iter(|| black_box(gz.resolve(&Query::new(black_box("Najin")))))
    });
    c.bench_function("gazetteer/resolve/qualified/Vostochny, Primorsky", |b| {
        b.iter(|| black_box(gz.resolve(&Query::new(black_box("Vostochny, Primorsky")))))
    });
    let near = LonLat::new(130.3, 42.23).expect("valid point");
    c.bench_function("gazetteer/resolve/sea_near/Dunay", |b| {
        b.iter(|| {
            let q = Query {
                text: black_box("Dunay"),
                mode: Some(Mode::Sea),
                near: Some(near),
                ..Query::new("")
            };
            black_box(gz.resolve(&q))
        })
    });
    // a pick in doubt: each qualifier in the warning is checked by resolving it
    c.bench_function("gazetteer/resolve/doubt/Amirabad", |b| {
        b.iter(|| black_box(gz.resolve(&Query::new(black_box("Amirabad")))))
    });
    // a supplement facility by a rail leg, other stop known
    let rajin = LonLat::new(130.28, 42.26).expect("valid point");
    c.bench_function("gazetteer/resolve/rail_near/Khasan", |b| {
        b.iter(|| {
            let q = Query {
                mode: Some(Mode::Rail),
                near: Some(rajin),
                ..Query::new(black_box("Khasan"))
            };
            black_box(gz.resolve(&q))
        })
    });
    c.bench_function("gazetteer/resolve/locode/KPNJN", |b| {
        b.iter(|| black_box(gz.resolve(&Query::new(black_box("KPNJN")))))
    });
    c.bench_function("gazetteer/resolve/cyrillic/Тихорецк", |b| {
        b.iter(|| black_box(gz.resolve(&Query::new(black_box("Тихорецк")))))
    });
}

fn typos(c: &mut Criterion) {
    let g = embedded();
    for typo in ["Vladivistok", "Tikhoretks", "Novorosisk", "Chongjn"] {
        c.bench_function(&format!("gazetteer/suggest/{typo}"), |b| {
            b.iter(|| black_box(g.suggest(black_box(typo), 5)))
        });
    }
    let gz = Gazetteer::new(UserPlaces::default()).with_source(Box::new(embedded()));
    c.bench_function("gazetteer/resolve/typo/Tikhoretks", |b| {
        b.iter(|| black_box(gz.resolve(&Query::new(black_box("Tikhoretks")))))
    });
    c.bench_function("gazetteer/resolve/not_found/Xqzvbnmwkk", |b| {
        b.iter(|| black_box(gz.resolve(&Query::new(black_box("Xqzvbnmwkk")))))
    });
}

criterion_group!(benches, load, exact, typos);
criterion_main!(benches);
