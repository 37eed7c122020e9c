//! Framing and scale tests on real documents: the 6% margin at four output
//! sizes, furniture kept off the route and dropped in its fixed order, the
//! projection chosen by score, and minimum text sizes.

use super::draw::{compose_all, Composed};
use super::layout::{self, MARGIN};
use super::project::{Extent, Projection, ProjectionChoice};
use super::scene::{Cmd, Item, Path, Rect, Tag};
use super::{Layout, Paper};
use crate::model::{Document, LonLat};
use crate::spec::Source;

fn load(path: &str) -> Document {
    crate::load(&Source::open(path).unwrap(), &crate::Options::default()).unwrap()
}

fn sized(w: u32, h: u32) -> Layout {
    Layout {
        width_px: w,
        height_px: h,
        ..Layout::default()
    }
}

/// The four sizes of issue 13: small screen, slide, 4K, A4 at 300 dpi.
fn four_sizes() -> Vec<Layout> {
    vec![
        sized(800, 450),
        sized(1920, 1080),
        sized(3840, 2160),
        Layout::for_paper(Paper::parse("a4-landscape").unwrap(), 300.0).unwrap(),
    ]
}

fn points(p: &Path) -> Vec<(f32, f32)> {
    p.cmds()
        .iter()
        .filter_map(|c| match *c {
            Cmd::Move(x, y) | Cmd::Line(x, y) => Some((x, y)),
            Cmd::Quad(_, _, x, y) | Cmd::Cubic(_, _, _, _, x, y) => Some((x, y)),
            Cmd::Close => None,
        })
        .collect()
}

type Polyline = Vec<(f32, f32)>;

/// The drawn legs' lines (strokes, not the filled arrows) as polylines, and the
/// stop markers' centres, from the main map's `routes` and `stops` layers.
fn route_geometry(c: &Composed) -> (Vec<Polyline>, Vec<(f32, f32)>) {
    let (mut lines, mut stops) = (Vec::new(), Vec::new());
    for it in c.scene.items() {
        let Item::Group { name, items } = it else {
            continue;
        };
        for t in items {
            let Item::Tagged { tag, items } = t else {
                continue;
            };
            for p in items {
                let Item::Path { path, fill, .. } = p else {
                    continue;
                };
                match (tag, *name) {
                    (Tag::Leg { .. }, "routes") if fill.is_none() => {
                        // One polyline per subpath.
                        let mut cur = Vec::new();
                        for c in path.cmds() {
                            match *c {
                                Cmd::Move(x, y) => {
                                    if cur.len() > 1 {
                                        lines.push(std::mem::take(&mut cur));
                                    }
                                    cur = vec![(x, y)];
                                }
                                Cmd::Line(x, y) => cur.push((x, y)),
                                _ => {}
                            }
                        }
                        if cur.len() > 1 {
                            lines.push(cur);
                        }
                    }
                    (Tag::Stop { .. }, "stops") => {
                        // The marker's centre: the middle of its circle's box.
                        let pts = points(path);
                        let (mut x0, mut y0, mut x1, mut y1) =
                            (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
                        for p in &pts {
                            (x0, y0, x1, y1) = (x0.min(p.0), y0.min(p.1), x1.max(p.0), y1.max(p.1));
                        }
                        stops.push(((x0 + x1) / 2.0, (y0 + y1) / 2.0));
                    }
                    _ => {}
                }
            }
        }
    }
    (lines, stops)
}

fn inside(r: &Rect, p: (f32, f32)) -> bool {
    r.grow(0.5).has_point(p.0, p.1)
}

/// Issue 13 point 4: every leg point, stop and stop name lies inside the margin
/// (6% of the map area's width left and right, 6% of its height above and
/// below), and no furniture covers a leg or a stop, at four sizes.
#[test]
fn route_and_its_labels_keep_the_margin_at_four_sizes() {
    for path in [
        "examples/dprk-russia-2023.toml",
        "examples/gallery/northern-sea-route.toml",
        "examples/gallery/busan-los-angeles.toml",
    ] {
        let doc = load(path);
        let names: Vec<String> = doc
            .routes
            .iter()
            .flat_map(|r| &r.legs)
            .flat_map(|l| [l.from.name.clone(), l.to.name.clone()])
            .collect();
        for layout in four_sizes() {
            let size = format!("{path} {}x{}", layout.width_px, layout.height_px);
            let c = compose_all(&doc, &layout);
            let frame = c.before.frame();
            let inner = c.inner;
            // The margin is 6% of the map area's width and of its height.
            let w = f64::from(frame.w());
            let h = f64::from(frame.h());
            assert!(
                (f64::from(inner.x0 - frame.x0) - MARGIN * w).abs() < 1.0,
                "{size}"
            );
            assert!(
                (f64::from(inner.y0 - frame.y0) - MARGIN * h).abs() < 1.0,
                "{size}"
            );
            assert!(
                (f64::from(frame.x1 - inner.x1) - MARGIN * w).abs() < 1.0,
                "{size}"
            );
            assert!(
                (f64::from(frame.y1 - inner.y1) - MARGIN * h).abs() < 1.0,
                "{size}"
            );
            let (lines, stops) = route_geometry(&c);
            assert!(!lines.is_empty() && stops.len() >= 2, "{size}");
            for p in lines.iter().flatten() {
                assert!(
                    inside(&inner, *p),
                    "{size}: leg point {p:?} outside {inner:?}"
                );
            }
            for p in &stops {
                assert!(inside(&inner, *p), "{size}: stop {p:?} outside {inner:?}");
            }
            let mut named = 0;
            for (t, r) in c.scene.texts() {
                // Stop names on the main map (the close-up repeats some inside it).
                if names.iter().any(|n| n == t)
                    && !c
                        .furniture
                        .iter()
                        .any(|(k, f)| *k == "close-up" && f.contains(&r))
                {
                    assert!(inner.contains(&r), "{size}: {t} at {r:?} outside {inner:?}");
                    named += 1;
                }
            }
            assert!(named >= 2, "{size}: {named} stop names");
            for (k, f) in &c.furniture {
                for l in &lines {
                    for s in l.windows(2) {
                        assert!(
                            !layout::seg_meets_rect(s[0], s[1], f),
                            "{size}: {k} at {f:?} covers the leg at {s:?}"
                        );
                    }
                }
                for p in &stops {
                    assert!(
                        !f.grow(4.0).has_point(p.0, p.1),
                        "{size}: {k} covers a stop"
                    );
                }
            }
        }
    }
}

/// Spare room is shared: the route's box is centred in the inner box.
#[test]
fn spare_room_is_shared_by_both_sides() {
    let c = compose_all(&load("examples/dprk-russia-2023.toml"), &sized(1920, 1080));
    let (lines, _) = route_geometry(&c);
    let pts: Vec<(f32, f32)> = lines.into_iter().flatten().collect();
    let (x0, x1) = pts
        .iter()
        .fold((f32::MAX, f32::MIN), |a, p| (a.0.min(p.0), a.1.max(p.0)));
    let (y0, y1) = pts
        .iter()
        .fold((f32::MAX, f32::MIN), |a, p| (a.0.min(p.1), a.1.max(p.1)));
    let i = c.inner;
    // The seed is wide: it fills the width; the height's spare room is split.
    assert!(
        (x0 - i.x0).abs() < 3.0 && (i.x1 - x1).abs() < 3.0,
        "{x0} {x1} {i:?}"
    );
    let (above, below) = (y0 - i.y0, i.y1 - y1);
    assert!(
        above > 50.0 && (above - below).abs() < 8.0,
        "{above} {below}"
    );
}

fn route_points(doc: &Document) -> Vec<LonLat> {
    let mut all = Vec::new();
    for l in doc.routes.iter().flat_map(|r| &r.legs) {
        all.extend(l.path.iter().copied());
        all.push(l.from.at);
        all.push(l.to.at);
    }
    all
}

/// Issue 13 point 4: the Northern Sea Route gets a polar projection that fills
/// the frame much more than the oblique equal-area the old rule chose;
/// Busan-Los Angeles gets the Mercator arch rather than the flat conic.
#[test]
fn projection_is_chosen_by_how_much_the_route_fills() {
    let aspect = 1920.0 / 990.0;
    let nsr = load("examples/gallery/northern-sea-route.toml");
    let pts = route_points(&nsr);
    let e = Extent::of(&pts).unwrap();
    let chosen = Projection::choose_for(&pts, &e, ProjectionChoice::Auto, aspect);
    assert!(
        matches!(chosen, Projection::AzimuthalEquidistant { lat0_deg, .. } if lat0_deg == 90.0),
        "{chosen:?}"
    );
    let old = Projection::AzimuthalEqualArea {
        lon0_deg: e.lon_mid_deg(),
        lat0_deg: e.lat_mid_deg(),
    };
    let conic = Projection::choose_for(&pts, &e, ProjectionChoice::Conic, aspect);
    let (f_new, f_old, f_conic) = (
        chosen.fill(&pts, aspect),
        old.fill(&pts, aspect),
        conic.fill(&pts, aspect),
    );
    assert!(f_new > 0.75, "polar fills {f_new}");
    assert!(
        f_new > f_old + 0.15 && f_new > f_conic + 0.15,
        "{f_new} {f_old} {f_conic}"
    );
    let c = compose_all(&nsr, &sized(1920, 1080));
    assert!(c
        .scene
        .texts()
        .iter()
        .any(|t| t.0.contains("Polar azimuthal equidistant")));

    let busan = load("examples/gallery/busan-los-angeles.toml");
    let pts = route_points(&busan);
    let e = Extent::of(&pts).unwrap();
    let chosen = Projection::choose_for(&pts, &e, ProjectionChoice::Auto, aspect);
    assert!(matches!(chosen, Projection::Mercator { .. }), "{chosen:?}");
    let conic = Projection::choose_for(&pts, &e, ProjectionChoice::Conic, aspect);
    assert!(chosen.fill(&pts, aspect) > 0.35 && conic.fill(&pts, aspect) < 0.15);

    // The seed stays on the conformal conic.
    let seed = load("examples/dprk-russia-2023.toml");
    let pts = route_points(&seed);
    let e = Extent::of(&pts).unwrap();
    assert!(matches!(
        Projection::choose_for(&pts, &e, ProjectionChoice::Auto, aspect),
        Projection::LambertConic { .. }
    ));
}

fn text_sizes(items: &[Item], out: &mut Vec<(String, f32, Rect)>) {
    for it in items {
        match it {
            Item::Text {
                text, font, bounds, ..
            } => out.push((text.clone(), font.size_px, *bounds)),
            Item::Group { items, .. } | Item::Tagged { items, .. } | Item::Clip { items, .. } => {
                text_sizes(items, out)
            }
            Item::Path { .. } => {}
        }
    }
}

/// Issue 13 point 5: sizes follow the short side (the same design at 1920x1080
/// and 3840x2160, twice as large), with minimums on small maps: stop names 11
/// px, the credits line 9 px, every name on the main map at least 9 px.
#[test]
fn text_scales_with_the_frame_within_minimums() {
    let doc = load("examples/dprk-russia-2023.toml");
    let size_of = |layout: &Layout, want: &dyn Fn(&str) -> bool| {
        let c = compose_all(&doc, layout);
        let mut all = Vec::new();
        text_sizes(c.scene.items(), &mut all);
        all.into_iter()
            .find(|(t, _, _)| want(t))
            .map(|(_, s, _)| s)
            .unwrap_or_else(|| panic!("text missing"))
    };
    let stop = |t: &str| t == "Tikhoretsk";
    let credits = |t: &str| t.starts_with("Source:");
    let (s1, s2) = (
        size_of(&sized(1920, 1080), &stop),
        size_of(&sized(3840, 2160), &stop),
    );
    assert!((s2 / s1 - 2.0).abs() < 0.01, "{s1} {s2}");
    let small = sized(800, 450);
    assert!(size_of(&small, &stop) >= 11.0);
    assert!(size_of(&small, &credits) >= 9.0);
    assert!(size_of(&sized(320, 200), &credits) >= 9.0);
    // A4 at 300 dpi: the 96-dpi design at 300/96.
    let a4 = Layout::for_paper(Paper::parse("a4-landscape").unwrap(), 300.0).unwrap();
    assert!((size_of(&a4, &stop) - 14.0 * 300.0 / 96.0).abs() < 0.01);
    // Every text outside the insets (the close-up's own sizes are its own) is at
    // least 9 px on the small map.
    let c = compose_all(&doc, &small);
    let mut all = Vec::new();
    text_sizes(c.scene.items(), &mut all);
    let insets: Vec<Rect> = c
        .furniture
        .iter()
        .filter(|f| f.0 == "close-up" || f.0 == "locator")
        .map(|f| f.1.grow(1.0))
        .collect();
    let mut checked = 0;
    for (t, s, r) in all {
        if insets.iter().any(|i| i.contains(&r)) {
            continue;
        }
        assert!(s >= 9.0 - 1e-3, "{t} at {s} px");
        checked += 1;
    }
    assert!(checked > 10, "{checked}");
}

/// Issue 13 point 5: furniture is dropped in a fixed order (locator, scale bar,
/// legend): by size for the locator, then by room. The close-up is placed first,
/// near its area (`inset::place`), or not at all.
#[test]
fn furniture_is_dropped_in_a_fixed_order() {
    let doc = load("examples/dprk-russia-2023.toml");
    let names = |layout: &Layout| -> Vec<&'static str> {
        compose_all(&doc, layout)
            .furniture
            .iter()
            .map(|f| f.0)
            .collect()
    };
    assert_eq!(
        names(&sized(1920, 1080)),
        ["close-up", "legend", "scale bar", "locator"]
    );
    // The small screen map has no room for a locator.
    assert_eq!(names(&sized(800, 450)), ["close-up", "legend", "scale bar"]);
    // A route that criss-crosses the whole frame (a lattice on Mercator with the
    // map area's shape) leaves no free corner: every piece is dropped rather than
    // laid over it.
    let mut lattice = doc.clone();
    let template = lattice.routes[0].legs[0].clone();
    let mut legs = Vec::new();
    let (s, n) = (35.0, 63.7);
    let mut leg = |k: usize, a: (f64, f64), b: (f64, f64)| {
        let mut l = template.clone();
        l.from.at = LonLat::new(a.0, a.1).unwrap();
        l.to.at = LonLat::new(b.0, b.1).unwrap();
        l.from.id = format!("a{k}");
        l.to.id = format!("b{k}");
        l.path = (0..=60)
            .map(|i| {
                let t = f64::from(i) / 60.0;
                LonLat::new(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t).unwrap()
            })
            .collect();
        l.connectors.clear();
        legs.push(l);
    };
    for row in 0..=14u32 {
        let lat = s + (n - s) * f64::from(row) / 14.0;
        leg(row as usize, (40.0, lat), (131.0, lat));
    }
    for col in 0..=14u32 {
        let lon = 40.0 + 91.0 * f64::from(col) / 14.0;
        leg(100 + col as usize, (lon, s), (lon, n));
    }
    lattice.routes[0].legs = legs;
    let layout = Layout {
        projection: ProjectionChoice::Mercator,
        ..sized(1920, 1080)
    };
    let placed = compose_all(&lattice, &layout).furniture;
    assert!(placed.is_empty(), "{placed:?}");
}

/// Issue 13 point 4: borders are densified before projection, so the 49th
/// parallel is a curve on a conic: a two-point chord along it comes out of
/// `project_line` bowed, and the US-Canada border as drawn bows by as much.
#[test]
fn the_49th_parallel_curves_on_a_conic() {
    use super::basemap::{Layer, LayerId};
    let proj = Projection::LambertConic {
        lon0_deg: -100.0,
        lat0_deg: 45.0,
        lat1_deg: 35.0,
        lat2_deg: 55.0,
    };
    let (x0, y0) = proj.forward(-125.0, 40.0).unwrap();
    let (x1, y1) = proj.forward(-75.0, 55.0).unwrap();
    let view = super::project::View::fit(proj, (x0, y0, x1, y1), 1600.0, 1000.0, 0.0);
    // How far the middle of a polyline lies from the chord of its ends, px.
    let sag = |pts: &[(f32, f32)]| {
        let (p, q) = (pts[0], pts[pts.len() - 1]);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len = (dx * dx + dy * dy).sqrt();
        pts.iter()
            .map(|r| ((r.0 - p.0) * dy - (r.1 - p.1) * dx).abs() / len)
            .fold(0.0f32, f32::max)
    };
    let chord = super::draw::project_line(&view, [(-122.0, 49.0), (-96.0, 49.0)], 0.7);
    assert_eq!(chord.len(), 1);
    assert!(chord[0].len() > 10, "{} points", chord[0].len());
    let want = sag(&chord[0]);
    assert!(want > 10.0, "chord bows {want} px");
    // The border as the basemap draws it, -122 to -96 along 49N.
    let bx = Extent {
        lon_min_deg: -123.0,
        lon_max_deg: -95.0,
        lat_min_deg: 48.0,
        lat_max_deg: 50.0,
    };
    let mut along: Vec<(f64, (f32, f32))> = Vec::new();
    Layer::open(LayerId::Borders50m)
        .unwrap()
        .for_each_in(&bx, |line| {
            for &(lon, lat) in line {
                if (lat - 49.0).abs() < 0.02 && (-122.0..=-96.0).contains(&lon) {
                    let (x, y) = view.to_px(lon, lat).unwrap();
                    along.push((lon, (x as f32, y as f32)));
                }
            }
        })
        .unwrap();
    along.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert!(along.len() > 20, "{} border points on 49N", along.len());
    let px: Vec<(f32, f32)> = along.iter().map(|a| a.1).collect();
    let got = sag(&px);
    assert!(
        (got - want).abs() < 0.15 * want,
        "border bows {got} px, parallel {want} px"
    );
}

/// Issue 13 point 4: no false border along the 180th meridian: across
/// Chukotka, where the land is cut at 180 degrees, the meridian's pixels are
/// land-coloured on the rendered basemap.
#[test]
fn no_false_border_along_the_180th_meridian() {
    use super::basemap::LayerId;
    use super::draw::{basemap, Pen};
    use super::style::{Palette, Theme};
    let pal = Palette::of(Theme::Light);
    let pen = Pen {
        theme: Theme::Light,
        pal,
        ui: 1.0,
        boxed: false,
        dpi_k: 1.0,
    };
    for (land, half_km) in [(LayerId::Land50m, 600.0), (LayerId::Land10m, 150.0)] {
        let proj = Projection::LambertConic {
            lon0_deg: 178.0,
            lat0_deg: 67.0,
            lat1_deg: 64.0,
            lat2_deg: 70.0,
        };
        let (x, y) = proj.forward(180.0, 67.0).unwrap();
        let view = super::project::View::fit(
            proj,
            (x - half_km, y - half_km, x + half_km, y + half_km),
            400.0,
            400.0,
            0.0,
        );
        let scene = super::Scene {
            width_px: 400,
            height_px: 400,
            dpi: 96.0,
            background: pal.sea,
            title: String::new(),
            items: basemap(&view, land, None, &pen),
            stop_place_ids: Vec::new(),
        };
        let pm = super::png::rasterize(&scene).unwrap();
        let mut land_px = 0;
        for k in 0..=20 {
            let lat = 66.0 + 2.0 * f64::from(k) / 20.0;
            let Some((px, py)) = view.to_px(180.0, lat) else {
                continue;
            };
            if !(2.0..398.0).contains(&px) || !(2.0..398.0).contains(&py) {
                continue;
            }
            let is_land = |x: f64| {
                let c = pm.pixel(x as u32, py as u32).unwrap();
                (i32::from(c.red()) - i32::from(pal.land.r)).abs() < 4
                    && (i32::from(c.green()) - i32::from(pal.land.g)).abs() < 4
                    && (i32::from(c.blue()) - i32::from(pal.land.b)).abs() < 4
            };
            // Land a few px either side: then the meridian itself must be land too.
            if is_land(px - 4.0) && is_land(px + 4.0) {
                for dx in [-1.0, 0.0, 1.0] {
                    assert!(is_land(px + dx), "{land:?}: a line on 180E at {lat:.2}N");
                }
                land_px += 1;
            }
        }
        assert!(
            land_px >= 8,
            "{land:?}: only {land_px} points of Chukotka checked"
        );
    }
}
