//! Writes the renderer's example maps (PNG and SVG):
//!
//! `cargo run --release --example render_seed [OUT_DIR] [CASE] [WxH]`
//!
//! CASE is `seed`, `sea-of-japan` or `scripts` (all three when left out); WxH the
//! size (1600x1000 when left out; `scripts` defaults to 1920x1080). Used by
//! benches/gmt_compare.sh to time a whole process until the CLI draws maps.

#[path = "../tests/render_fixtures.rs"]
mod render_fixtures;

use shipmap::render::{self, Layout};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let out = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "examples".to_owned());
    let only = args.get(2).cloned();
    let size = args.get(3).and_then(|s| Layout::parse_size(s));
    let cases = [
        ("seed", (1600, 1000)),
        ("sea-of-japan", (1600, 1000)),
        ("scripts", (1920, 1080)),
    ];
    for (name, (w, h)) in cases {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let doc = match name {
            "seed" => render_fixtures::seed(),
            "sea-of-japan" => render_fixtures::sea_of_japan(),
            _ => render_fixtures::scripts(),
        };
        let (width_px, height_px) = size.unwrap_or((w, h));
        let layout = Layout {
            width_px,
            height_px,
            ..Layout::default()
        };
        let scene = render::scene(&doc, &layout);
        std::fs::write(format!("{out}/{name}.png"), render::png(&scene)?)?;
        std::fs::write(format!("{out}/{name}.svg"), render::svg(&scene))?;
    }
    Ok(())
}
