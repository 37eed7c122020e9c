//! Criterion benches for the renderer: scene building and each backend, on the
//! seed route (Eurasia) and the Sea of Japan at 1600x1000.

#[path = "../tests/render_fixtures.rs"]
mod render_fixtures;

use criterion::{criterion_group, criterion_main, Criterion};
use shipmap::render::{self, Layout};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let layout = Layout {
        width_px: 1600,
        height_px: 1000,
        ..Layout::default()
    };
    for (name, doc) in [
        ("seed", render_fixtures::seed()),
        ("sea-of-japan", render_fixtures::sea_of_japan()),
    ] {
        let scene = render::scene(&doc, &layout);
        c.bench_function(&format!("render/scene/{name}"), |b| {
            b.iter(|| render::scene(black_box(&doc), &layout))
        });
        c.bench_function(&format!("render/png/{name}"), |b| {
            b.iter(|| render::png(black_box(&scene)))
        });
        c.bench_function(&format!("render/svg/{name}"), |b| {
            b.iter(|| render::svg(black_box(&scene)))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
