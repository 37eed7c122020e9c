//! Image tests for the static-map renderer: rendered PNGs against committed
//! references, the SVG read back by usvg and drawn by resvg to the same picture,
//! exact sizes and DPI, labels that overlap nothing, and no panic on odd routes.
//!
//! `SHIPMAP_BLESS=1 cargo test --test render` rewrites the references; review the
//! images before committing them.

mod render_fixtures;

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use render_fixtures as fx;
use shipmap::model::{Document, Mode, PathKind, Route};
use shipmap::render::{self, Layout, Scene, Theme};

fn small(theme: Theme) -> Layout {
    Layout {
        width_px: 800,
        height_px: 500,
        theme,
        ..Layout::default()
    }
}

fn decode(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = dec.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn target_dir() -> PathBuf {
    let dir =
        PathBuf::from(std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into()))
            .join("render-diffs");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Compares with the reference: a pixel differs when a channel is off by more
/// than 1; at most 0.05% of pixels may differ (anti-aliasing jitter).
fn check_golden(name: &str, actual_png: &[u8]) {
    let path = Path::new("tests/golden/render").join(format!("{name}.png"));
    if std::env::var_os("SHIPMAP_BLESS").is_some() {
        std::fs::write(&path, actual_png).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|_| panic!("missing {}; run with SHIPMAP_BLESS=1", path.display()));
    let (ew, eh, e) = decode(&expected);
    let (aw, ah, a) = decode(actual_png);
    assert_eq!((ew, eh), (aw, ah), "{name}: size changed");
    let mut diff = vec![255u8; a.len()];
    let mut bad = 0usize;
    for (i, (pe, pa)) in e.chunks(3).zip(a.chunks(3)).enumerate() {
        if pe.iter().zip(pa).any(|(x, y)| x.abs_diff(*y) > 1) {
            bad += 1;
            diff[i * 3..i * 3 + 3].copy_from_slice(&[255, 0, 0]);
        }
    }
    if bad * 2000 > (aw * ah) as usize {
        let out = target_dir();
        std::fs::write(out.join(format!("{name}.actual.png")), actual_png).unwrap();
        let mut f = std::fs::File::create(out.join(format!("{name}.diff.png"))).unwrap();
        let mut enc = png::Encoder::new(&mut f, aw, ah);
        enc.set_color(png::ColorType::Rgb);
        enc.write_header().unwrap().write_image_data(&diff).unwrap();
        panic!("{name}: {bad} pixels differ; see {}", out.display());
    }
}

fn assert_labels_apart(scene: &Scene) {
    let texts = scene.texts();
    let frame = shipmap::render::scene::Rect::xywh(
        0.0,
        0.0,
        scene.width_px() as f32,
        scene.height_px() as f32,
    );
    for (i, (ta, a)) in texts.iter().enumerate() {
        assert!(frame.contains(a), "{ta} leaves the frame: {a:?}");
        for (tb, b) in &texts[i + 1..] {
            assert!(!a.overlaps(b), "`{ta}` {a:?} overlaps `{tb}` {b:?}");
        }
    }
}

#[test]
fn seed_matches_reference() {
    let scene = render::scene(&fx::seed(), &small(Theme::Light));
    assert_labels_apart(&scene);
    check_golden("seed-800x500", &render::png(&scene).unwrap());
}

#[test]
fn sea_of_japan_matches_reference() {
    let scene = render::scene(&fx::sea_of_japan(), &small(Theme::Light));
    assert_labels_apart(&scene);
    check_golden("sea-of-japan-800x500", &render::png(&scene).unwrap());
}

#[test]
fn scripts_in_print_theme_match_reference() {
    let scene = render::scene(
        &fx::scripts(),
        &Layout {
            width_px: 960,
            height_px: 540,
            theme: Theme::Print,
            ..Layout::default()
        },
    );
    assert_labels_apart(&scene);
    let texts: Vec<&str> = scene.texts().iter().map(|t| t.0).collect();
    for name in ["Владивосток", "평양 Pyongyang", "بندر عباس"] {
        assert!(texts.contains(&name), "{name} not labelled: {texts:?}");
    }
    let (_, _, px) = decode(&render::png(&scene).unwrap());
    assert!(
        px.chunks(3).all(|p| p[0] == p[1] && p[1] == p[2]),
        "print theme must be grey only"
    );
    check_golden("scripts-print-960x540", &render::png(&scene).unwrap());
}

#[test]
fn svg_parses_and_draws_the_same_picture() {
    let scene = render::scene(&fx::seed(), &small(Theme::Light));
    let svg = render::svg(&scene);
    let tree =
        resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).expect("SVG parses");
    assert_eq!((tree.size().width(), tree.size().height()), (800.0, 500.0));
    let mut pm = resvg::tiny_skia::Pixmap::new(800, 500).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pm.as_mut(),
    );
    let (_, _, ours) = decode(&render::png(&scene).unwrap());
    let close = pm
        .data()
        .chunks(4)
        .zip(ours.chunks(3))
        .filter(|(s, p)| s.iter().zip(p.iter()).all(|(a, b)| a.abs_diff(*b) <= 24))
        .count();
    let share = close as f64 / (800.0 * 500.0);
    assert!(share > 0.995, "only {:.2}% of pixels agree", share * 100.0);
    for word in ["Najin", "Tikhoretsk", "DPRK munitions to Russia"] {
        assert!(svg.contains(&format!("<title>{word}</title>")), "{word}");
    }
}

#[test]
fn png_is_exactly_the_size_asked_with_its_dpi() {
    let doc = fx::sea_of_japan();
    let scene = render::scene(&doc, &Layout::default());
    let dec = png::Decoder::new(std::io::Cursor::new(render::png(&scene).unwrap()));
    let r = dec.read_info().unwrap();
    assert_eq!((r.info().width, r.info().height), (1920, 1080));
    assert_eq!(r.info().pixel_dims.unwrap().xppu, 3780); // 96 dpi

    let a4 = Layout::for_paper(render::Paper::parse("a4-landscape").unwrap(), 300.0).unwrap();
    let scene = render::scene(&doc, &a4);
    assert_labels_apart(&scene);
    let dec = png::Decoder::new(std::io::Cursor::new(render::png(&scene).unwrap()));
    let r = dec.read_info().unwrap();
    assert_eq!((r.info().width, r.info().height), (3508, 2480));
    assert_eq!(r.info().pixel_dims.unwrap().xppu, 11811); // 300 dpi
}

#[test]
fn seed_svg_at_slide_size_is_small() {
    let svg = render::svg(&render::scene(
        &fx::seed(),
        &Layout {
            width_px: 1600,
            height_px: 1000,
            ..Layout::default()
        },
    ));
    assert!(svg.len() < 500_000, "{} bytes", svg.len());
}

#[test]
fn empty_and_degenerate_documents_draw() {
    let empty = Document {
        title: None,
        subtitle: None,
        source: None,
        routes: vec![],
        warnings: vec![],
        embedded_rail: false,
    };
    let scene = render::scene(&empty, &small(Theme::Light));
    assert!(render::png(&scene).is_ok());
    // from == to, a zero-length path.
    let p = fx::najin();
    let mut same = fx::leg(1, Mode::Road, &p, &p, &[], PathKind::GreatCircle);
    same.path = vec![p.at];
    let doc = Document {
        routes: vec![Route {
            id: "r".into(),
            name: "r".into(),
            legs: vec![same],
        }],
        ..empty.clone()
    };
    assert!(render::png(&render::scene(&doc, &small(Theme::Light))).is_ok());
    // Across the antimeridian and near the pole.
    let a = fx::place("c:a", "Anadyr", 64.73, 177.51);
    let b = fx::place("c:b", "Nome", 64.50, -165.41);
    let c = fx::place("c:c", "Alert", 82.50, -62.35);
    let legs = vec![
        fx::leg(1, Mode::Air, &a, &b, &[], PathKind::GreatCircle),
        fx::leg(2, Mode::Air, &b, &c, &[], PathKind::GreatCircle),
    ];
    let doc = Document {
        routes: vec![Route {
            id: "r".into(),
            name: "r".into(),
            legs,
        }],
        ..empty
    };
    let scene = render::scene(&doc, &small(Theme::Light));
    assert_labels_apart(&scene);
    assert!(render::png(&scene).is_ok());
}

fn arb_place() -> impl Strategy<Value = shipmap::model::Place> {
    (-89.0f64..89.0, -180.0f64..180.0).prop_map(|(lat, lon)| fx::place("c:x", "X", lat, lon))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]
    #[test]
    fn any_two_places_make_a_scene_with_apart_labels(a in arb_place(), b in arb_place()) {
        let mut b = b;
        b.id = "c:y".into();
        b.name = "Y".into();
        let legs = vec![fx::leg(1, Mode::Sea, &a, &b, &[], PathKind::GreatCircle)];
        let doc = Document { title: Some("T".into()), subtitle: None, source: None, routes: vec![Route { id: "r".into(), name: "r".into(), legs }], warnings: vec![], embedded_rail: false };
        let scene = render::scene(&doc, &Layout { width_px: 400, height_px: 250, ..Layout::default() });
        assert_labels_apart(&scene);
        prop_assert!(render::svg(&scene).ends_with("</svg>\n"));
    }
}

fn shipmap(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shipmap"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn cli_writes_png_and_svg_at_the_size_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let chain = "42.2456N 130.2967E -sea-> 42.8889N 132.3436E";
    let r = shipmap(&[
        "map",
        chain,
        "-o",
        out,
        "--name",
        "m",
        "--format",
        "png,svg",
        "--size",
        "640x400",
        "--theme",
        "print",
        "--projection",
        "conic",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let (w, h, _) = decode(&std::fs::read(dir.path().join("m.png")).unwrap());
    assert_eq!((w, h), (640, 400));
    assert!(std::fs::read_to_string(dir.path().join("m.svg"))
        .unwrap()
        .contains("width=\"640\""));

    let r = shipmap(&[
        "map",
        chain,
        "-o",
        out,
        "--name",
        "p",
        "--format",
        "png",
        "--paper",
        "a5-landscape",
        "--dpi",
        "150",
    ]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let (w, h, _) = decode(&std::fs::read(dir.path().join("p.png")).unwrap());
    assert_eq!((w, h), (1240, 874));
}

#[test]
fn cli_refuses_bad_map_flags_with_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let chain = "42.2456N 130.2967E -sea-> 42.8889N 132.3436E";
    for bad in [
        ["--size", "0x400"],
        ["--paper", "b7-sideways"],
        ["--theme", "dark"],
        ["--projection", "robinson"],
    ] {
        let mut args = vec!["map", chain, "-o", out, "--format", "png"];
        args.extend(bad);
        let r = shipmap(&args);
        assert_eq!(r.status.code(), Some(2), "{bad:?}");
    }
    let r = shipmap(&[
        "map",
        chain,
        "-o",
        out,
        "--format",
        "png",
        "--size",
        "20000x20000",
    ]);
    assert_eq!(r.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&r.stderr).contains("--size"),
        "hint names the flag"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
