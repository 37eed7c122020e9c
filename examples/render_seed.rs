//! Writes the renderer's example maps next to their documents in examples/:
//! `cargo run --release --example render_seed [OUT_DIR]`.

#[path = "../tests/render_fixtures.rs"]
mod fixtures;

use shipmap::render::{self, Layout};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples".to_owned());
    let cases = [
        (
            "seed",
            fixtures::seed(),
            Layout {
                width_px: 1600,
                height_px: 1000,
                ..Layout::default()
            },
        ),
        (
            "sea-of-japan",
            fixtures::sea_of_japan(),
            Layout {
                width_px: 1600,
                height_px: 1000,
                ..Layout::default()
            },
        ),
        ("scripts", fixtures::scripts(), Layout::default()),
    ];
    for (name, doc, layout) in cases {
        let scene = render::scene(&doc, &layout);
        std::fs::write(format!("{out}/{name}.png"), render::png(&scene)?)?;
        std::fs::write(format!("{out}/{name}.svg"), render::svg(&scene))?;
    }
    Ok(())
}
