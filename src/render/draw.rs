//! Builds the scene: projection and frame, basemap, legs, arrows, markers, then
//! furniture and labels (in that order, so labels avoid everything else).

use super::basemap::{Layer, LayerId};
use super::furniture;
use super::inset;
use super::labels::place_labels;
use super::layout::{self, Obstacles};
use super::project::{wrap180, Extent, Projection, View};
use super::refit::Water;
use super::scene::{Color, Fill, FillRule, Item, Path, Rect, Scene, Stroke, Tag};
use super::style::{connector_stroke, leg_strokes_in, Palette, Theme};
use super::Layout;
use crate::model::{Document, LonLat, Mode};

/// One leg as the renderer needs it.
#[derive(Debug, Clone)]
pub(super) struct LegGeom {
    pub mode: Mode,
    pub approx: bool,
    pub path: Vec<LonLat>,
    pub connectors: Vec<Vec<LonLat>>,
    pub label: Option<String>,
    /// Index of the route in the document.
    pub route: usize,
    /// Index of the leg in its route, from 0.
    pub leg: usize,
    /// The route's colour when the document has several routes.
    pub color: Option<Color>,
    /// Named passages (straits, canals) a sea leg uses.
    pub passages: Vec<String>,
}

impl LegGeom {
    /// The colour of the leg's line, arrows and label.
    pub fn color(&self, pen: &Pen) -> Color {
        self.color
            .unwrap_or_else(|| pen.pal.mode_color(pen.theme, self.mode))
    }
}

/// A stop: where a leg starts or ends.
#[derive(Debug, Clone)]
pub(super) struct Stop {
    pub name: String,
    pub at: LonLat,
    /// The place's id, and the stop's index among the document's stops.
    pub place_id: String,
    pub index: usize,
    /// First origin or last destination of a route: drawn larger.
    pub major: bool,
}

/// Drawing settings shared by the main map and the insets.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pen {
    pub theme: Theme,
    pub pal: Palette,
    pub ui: f32,
    /// Panels are boxes floating over the map (`--layout float`), not bands.
    pub boxed: bool,
    /// Pixels per 96-dpi pixel (1 on screens, 3.125 at 300 dpi): minimum sizes
    /// are given at 96 dpi and multiplied by this.
    pub dpi_k: f32,
}

impl Pen {
    /// A text size: `base` px at ui scale 1, never under `min` px at 96 dpi.
    pub fn text_px(&self, base: f32, min: f32) -> f32 {
        (base * self.ui).max(min * self.dpi_k)
    }
}

pub(super) fn build(doc: &Document, layout: &Layout) -> Scene {
    compose(doc, layout).0
}

/// The scene, the obstacles as they stood before labelling, and the label boxes.
fn compose(doc: &Document, layout: &Layout) -> (Scene, Obstacles, Vec<Rect>) {
    let c = compose_all(doc, layout);
    (c.scene, c.before, c.labels)
}

/// What [`compose`] gives, and the furniture placed, the map's frame and inner
/// (margin) box, the close-ups placed (for tests), and notes on what the map
/// could not show (close-ups left out), for the CLI to print.
pub(super) struct Composed {
    pub scene: Scene,
    pub before: Obstacles,
    pub labels: Vec<Rect>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub furniture: Vec<(&'static str, Rect)>,
    #[cfg_attr(not(test), allow(dead_code))]
    pub inner: Rect,
    #[cfg_attr(not(test), allow(dead_code))] // read by the tests
    pub closeups: Vec<inset::Placed>,
    pub notes: Vec<String>,
}

pub(super) fn compose_all(doc: &Document, layout: &Layout) -> Composed {
    let (w, h) = (
        f64::from(layout.width_px.max(1)),
        f64::from(layout.height_px.max(1)),
    );
    let pen = Pen {
        theme: layout.theme,
        pal: Palette::of(layout.theme),
        ui: layout.ui_scale(),
        boxed: layout.panels == super::Panels::Float,
        dpi_k: (layout.dpi / 96.0).max(1.0),
    };
    let (legs, stops) = gather(doc, layout.theme);
    let mut all: Vec<LonLat> = legs
        .iter()
        .flat_map(|l| l.path.iter().chain(l.connectors.iter().flatten()).copied())
        .collect();
    all.extend(stops.iter().map(|s| s.at));
    let extent = Extent::of(&all).unwrap_or(Extent {
        lon_min_deg: -180.0,
        lon_max_deg: 180.0,
        lat_min_deg: -60.0,
        lat_max_deg: 80.0,
    });
    let framing = layout::frame_map(doc, layout, &pen, &all, &extent);
    let (view, frame, inner, bands) = (framing.view, framing.frame, framing.inner, framing.bands);

    let mut items = Vec::new();
    let km_px = view.km_per_px_at(w / 2.0, h / 2.0).unwrap_or(1.0);
    let (land, borders) = if km_px > 1.2 {
        (LayerId::Land50m, LayerId::Borders50m)
    } else {
        (LayerId::Land10m, LayerId::Borders10m)
    };
    // Routes, stops, close-ups and furniture, over the basemap's detailed water when
    // it has any (port scale: legs are drawn along it, see `refit`).
    let place = |water: Option<&Water>| {
        let mut obs = Obstacles::new(frame);
        let mut routes = Vec::new();
        let leg_px = draw_legs_on(&view, &legs, &pen, &mut routes, &mut obs, water);
        let mut stop_items = Vec::new();
        let markers = draw_markers(&view, &stops, &pen, &mut stop_items, &mut obs);

        // Legs too short to read at this scale, and stops drawn on top of each other,
        // get a close-up inset.
        let plan = inset::plan(doc, &view, frame, &legs, &stops, &leg_px, &markers, &pen);
        let mut furn = Vec::new();
        let placed = furniture::place_all(
            doc,
            &legs,
            &view,
            &plan.closeups,
            &markers,
            &pen,
            &mut furn,
            &mut obs,
        );
        (obs, routes, leg_px, stop_items, markers, furn, plan, placed)
    };
    let (base, (mut obs, mut routes, leg_px, stop_items, markers, mut furn, plan, placed)) =
        if land == LayerId::Land10m {
            // The detailed coastline may come with water to draw the legs on: first.
            let (base, water) = basemap_with_water(&view, land, Some(borders), &pen, Some(&extent));
            let rest = place(water.as_ref());
            (base, rest)
        } else {
            // Coarser scales have no such water: the basemap reads only the view and
            // is drawn on the other core while the rest is placed.
            rayon::join(
                || basemap_with_water(&view, land, Some(borders), &pen, Some(&extent)).0,
                || place(None),
            )
        };
    items.extend(base);
    let (furniture, closeups, dropped) = placed;
    if let Some(b) = bands {
        furn.extend(b.items);
    }
    let mut notes = plan.notes;
    notes.extend(dropped);
    for p in &closeups {
        routes.push(inset::outline(p, &pen));
    }
    // Stops in the close-up are labelled there; on the main map only the first
    // stop of a cluster keeps its label.
    let mut labelled: Vec<(f32, f32)> = Vec::new();
    let mut stop_labels = Vec::new();
    for (s, m) in stops.iter().zip(&markers) {
        let Some(&(x, y, r)) = m.as_ref() else {
            continue;
        };
        if !closeups.is_empty()
            && labelled
                .iter()
                .any(|&p| layout::dist(p, (x, y)) < 40.0 * pen.ui)
        {
            continue;
        }
        labelled.push((x, y));
        stop_labels.push((s.name.clone(), x, y, r));
    }
    let before = obs.clone();
    let mut label_items = Vec::new();
    // The route's own labels stay inside the margin, as the route does.
    obs.set_frame(inner);
    // The legs the close-up is about are labelled there.
    let about: Vec<usize> = closeups
        .iter()
        .flat_map(|p| p.closeup.legs.iter().copied())
        .collect();
    let main_legs: Vec<LegGeom> = legs
        .iter()
        .enumerate()
        .map(|(i, l)| LegGeom {
            label: if about.contains(&i) {
                None
            } else {
                l.label.clone()
            },
            ..l.clone()
        })
        .collect();
    let mut labels = place_labels(
        &stop_labels,
        &main_legs,
        &leg_px,
        &pen,
        &mut label_items,
        &mut obs,
        false,
    );
    obs.set_frame(frame);
    // Reference names last, in the same pass over the same obstacles: they take
    // only the room the route's own labels left.
    let passages: Vec<String> = legs.iter().flat_map(|l| l.passages.clone()).collect();
    let stop_px: Vec<(f32, f32)> = markers.iter().flatten().map(|&(x, y, _)| (x, y)).collect();
    let requests = super::reference::requests(&view, &passages, &stop_px, pen.ui);
    let mut reference = Vec::new();
    labels.extend(super::labels::place_reference(
        &requests,
        &pen,
        &mut reference,
        &mut obs,
    ));
    // Back to front: reference names sit under the routes (they never meet them),
    // furniture and the route's own labels on top.
    for (name, group) in [
        ("reference-labels", reference),
        ("routes", routes),
        ("stops", stop_items),
        ("labels", label_items),
        ("furniture", furn),
    ] {
        items.push(Item::Group { name, items: group });
    }

    let scene = Scene {
        width_px: layout.width_px,
        height_px: layout.height_px,
        dpi: layout.dpi,
        background: pen.pal.sea,
        title: doc.title.clone().unwrap_or_default(),
        items,
        stop_place_ids: stops.iter().map(|s| s.place_id.clone()).collect(),
    };
    Composed {
        scene,
        before,
        labels,
        furniture,
        inner,
        closeups,
        notes,
    }
}

/// The part of a leg's path on the network: without the connectors at its start and
/// end (a leg's path runs through them, and they are drawn apart, thin and dashed;
/// drawn over by the leg's own line they would not show). The whole path when the
/// connectors are all there is.
fn network_part<'a>(path: &'a [LonLat], connectors: &[Vec<LonLat>]) -> &'a [LonLat] {
    let matches = |piece: &[LonLat], c: &[LonLat]| {
        piece.iter().eq(c.iter()) || piece.iter().eq(c.iter().rev())
    };
    let mut start = 0;
    let mut end = path.len();
    for c in connectors.iter().filter(|c| c.len() >= 2) {
        let n = c.len();
        if n <= path.len() && start == 0 && matches(&path[..n], c) {
            start = n - 1;
        } else if n <= path.len() && end == path.len() && matches(&path[path.len() - n..], c) {
            end = path.len() - n + 1;
        }
    }
    if end >= start + 2 {
        &path[start..end]
    } else {
        path
    }
}

/// Legs and stops of every route, in order.
pub(super) fn gather(doc: &Document, theme: Theme) -> (Vec<LegGeom>, Vec<Stop>) {
    let mut legs = Vec::new();
    let mut stops: Vec<Stop> = Vec::new();
    // Place id -> index in `stops`: a map, since a batch has thousands of stops.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let n_routes = doc.routes.len();
    // A built document has passed `timeline::windows`; should one not have, its legs
    // are labelled with their own dates only.
    let windows = crate::timeline::windows(doc).unwrap_or_default();
    for (ri, route) in doc.routes.iter().enumerate() {
        let n = route.legs.len();
        for (i, leg) in route.legs.iter().enumerate() {
            let approx = leg.depart_estimated
                || leg.arrive_estimated
                || leg.depart.is_some_and(|d| d.approx)
                || leg.arrive.is_some_and(|d| d.approx);
            let path = if leg.path.len() >= 2 {
                leg.path.clone()
            } else {
                vec![leg.from.at, leg.to.at]
            };
            // The same label as every other output ("after 12 Sep 2023" for a bound
            // inferred along the chain, "est." first when estimated).
            let dates = match windows.get(ri).and_then(|w| w.get(i)) {
                Some(w) => crate::timeline::leg_label_within(leg, w),
                None => crate::timeline::leg_label(leg),
            };
            let label = match (&leg.carrier, dates) {
                (Some(c), Some(d)) => Some(format!("{c}, {d}")),
                (Some(c), None) => Some(c.clone()),
                (None, d) => d,
            };
            legs.push(LegGeom {
                mode: leg.mode,
                approx,
                path: network_part(&path, &leg.connectors).to_vec(),
                connectors: leg.connectors.clone(),
                label,
                route: ri,
                leg: i,
                color: super::style::route_color(theme, ri, n_routes),
                passages: leg.passages.clone(),
            });
            for (place, major) in [(&leg.from, i == 0), (&leg.to, i + 1 == n)] {
                if let Some(&k) = seen.get(place.id.as_str()) {
                    stops[k].major |= major;
                } else {
                    seen.insert(&place.id, stops.len());
                    stops.push(Stop {
                        name: place.name.clone(),
                        at: place.at,
                        place_id: place.id.clone(),
                        index: stops.len(),
                        major,
                    });
                }
            }
        }
    }
    (legs, stops)
}

/// The projected box to fit: every point, and at least 4 km across.
pub(super) fn fit_box(proj: &Projection, pts: &[LonLat], extent: &Extent) -> (f64, f64, f64, f64) {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    let mut add = |lon: f64, lat: f64| {
        if let Some((x, y)) = proj.forward(lon, lat) {
            (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
        }
    };
    for p in pts {
        add(p.lon(), p.lat());
    }
    if pts.is_empty() {
        for k in 0..=36 {
            let lon = extent.lon_min_deg
                + (extent.lon_max_deg - extent.lon_min_deg) * f64::from(k) / 36.0;
            add(lon, extent.lat_min_deg);
            add(lon, extent.lat_max_deg);
        }
    }
    if x0 > x1 {
        return (-1000.0, -1000.0, 1000.0, 1000.0);
    }
    // A few km at least: a harbour move gets a harbour-sized frame.
    let min_km = 4.0;
    let (cx, cy) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let (hw, hh) = (
        ((x1 - x0) / 2.0).max(min_km / 2.0),
        ((y1 - y0) / 2.0).max(min_km / 2.0),
    );
    (cx - hw, cy - hh, cx + hw, cy + hh)
}

/// Projects a line to pixels, split where it crosses the map's back meridian or
/// leaves the projection; points closer than `min_step` px to the last kept one
/// are dropped.
pub(super) fn project_line(
    view: &View,
    pts: impl IntoIterator<Item = (f64, f64)>,
    min_step: f32,
) -> Vec<Vec<(f32, f32)>> {
    let lon0 = view.projection.lon0_deg();
    let mut out: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut cur: Vec<(f32, f32)> = Vec::new();
    let mut prev: Option<(f64, (f64, f64))> = None;
    for (lon, lat) in pts {
        let rel = wrap180(lon - lon0);
        let seam = prev.is_some_and(|(r, _)| (rel - r).abs() > 180.0);
        let step_deg = prev.map_or(0.0, |(r, (_, plat))| {
            (rel - r).abs().max((lat - plat).abs())
        });
        let here = view.to_px(lon, lat);
        if seam || here.is_none() {
            if cur.len() >= 2 {
                out.push(std::mem::take(&mut cur));
            }
            cur.clear();
        }
        // Long straight pieces (box edges, sparse paths) bend under projection:
        // densify to 1 degree.
        if !seam && step_deg > 1.0 {
            if let Some((prel, (_, plat))) = prev {
                let n = step_deg.ceil() as usize;
                for k in 1..n {
                    let t = k as f64 / n as f64;
                    if let Some((x, y)) =
                        view.to_px(lon0 + prel + t * (rel - prel), plat + t * (lat - plat))
                    {
                        cur.push((x as f32, y as f32));
                    }
                }
            }
        }
        if let Some((x, y)) = here {
            let p = (x as f32, y as f32);
            if cur.last().is_none_or(|&q| layout::dist(p, q) >= min_step) {
                cur.push(p);
            }
        }
        prev = Some((rel, (lon, lat)));
    }
    if cur.len() >= 2 {
        out.push(cur);
    }
    // A third of a pixel off is invisible; dropping those points keeps the SVG
    // small and the rasteriser quick on network paths with thousands of points.
    out.into_iter().map(|p| layout::simplify(&p, 0.3)).collect()
}

/// Land, coastline, lakes, rivers, open straits and borders for a view. The water
/// layers follow the land layer's detail: none on a 1:110m locator, low-resolution
/// GSHHG with 1:50m land, intermediate with 1:10m.
pub(super) fn basemap(
    view: &View,
    land: LayerId,
    borders: Option<LayerId>,
    pen: &Pen,
) -> Vec<Item> {
    basemap_with_water(view, land, borders, pen, None).0
}

/// [`basemap`], and at port scale (the full-resolution coastline drawn) the
/// frame's water as a raster for drawing sea legs on (`refit.rs`). The
/// full-resolution coastline is drawn when it covers `focus` (the route's box;
/// the whole frame when `None`).
pub(super) fn basemap_with_water(
    view: &View,
    land: LayerId,
    borders: Option<LayerId>,
    pen: &Pen,
    focus: Option<&Extent>,
) -> (Vec<Item>, Option<Water>) {
    let bx = view.lonlat_box(2.0);
    let mut items = Vec::new();
    let mut land_path = Path::new();
    // Rings cut at the antimeridian keep their cut edge in the fill (holes stay
    // holes under even-odd); the edge is then painted over in the land colour, so
    // 180 degrees shows no false border.
    let mut seam = Path::new();
    // Port scale: the full-resolution coastline, when the frame can be drawn in it
    // alone; the 1:10m land is then not drawn at all.
    let detail = if land == LayerId::Land10m {
        super::coast::detail(view, focus)
    } else {
        None
    };
    let complete = detail.is_some();
    if complete {
        // Nothing of the 1:10m land to draw.
    } else if let Ok(layer) = Layer::open(land) {
        let _ = layer.for_each_in(&bx, |ring| {
            for piece in project_line(view, ring.iter().copied().chain(ring.first().copied()), 0.7)
            {
                if piece.len() >= 3 {
                    land_path.polyline(&piece, true);
                }
            }
            for (a, b) in ring.iter().zip(ring.iter().cycle().skip(1)) {
                if on_seam(a.0) && on_seam(b.0) {
                    for piece in project_line(view, [*a, *b], 0.7) {
                        seam.polyline(&piece, false);
                    }
                }
            }
        });
    }
    items.push(Item::Group {
        name: "basemap",
        items: vec![
            Item::Path {
                path: land_path,
                fill: Some(Fill {
                    color: pen.pal.land,
                    rule: FillRule::EvenOdd,
                }),
                stroke: Some(Stroke::solid(pen.pal.coast, 0.8 * pen.ui)),
            },
            // Wide enough to cover every pixel the coast stroke touches.
            Item::Path {
                path: seam,
                fill: None,
                stroke: Some(Stroke::solid(pen.pal.land, 0.8 * pen.ui + 2.2)),
            },
        ],
    });
    let mut fitted = None;
    if let Some(d) = &detail {
        super::coast::push_items(d, pen, &mut items);
        fitted = Water::new(
            &d.land,
            view.width_px as f32,
            view.height_px as f32,
            2.0 * pen.ui.max(1.0),
        );
    }
    let mut water = Vec::new();
    let (lakes, rivers) = match land {
        LayerId::Land110m => (Some(LayerId::LakesLow), None),
        LayerId::Land50m => (Some(LayerId::LakesLow), Some(LayerId::RiversLow)),
        _ => (
            Some(LayerId::LakesIntermediate),
            Some(LayerId::RiversIntermediate),
        ),
    };
    if let Some(r) = rivers.and_then(|r| Layer::open(r).ok()) {
        let mut p = Path::new();
        let _ = r.for_each_in(&bx, |line| {
            for piece in project_line(view, line.iter().copied(), 0.7) {
                p.polyline(&piece, false);
            }
        });
        water.push(Item::Path {
            path: p,
            fill: None,
            stroke: Some(Stroke::solid(pen.pal.river, 0.75 * pen.ui).round()),
        });
    }
    // The full-resolution coastline holds the lakes of its tiles already: only
    // lakes in none of them are drawn from the coarser layer.
    let plan = detail.as_ref().map(|d| &d.plan);
    if let Some(l) = lakes.and_then(|l| Layer::open(l).ok()) {
        let mut p = Path::new();
        let _ = l.for_each_in(&bx, |ring| {
            let detailed = |&(lon, lat): &(f64, f64)| {
                plan.and_then(|pl| pl.state_at(lon, lat))
                    .is_some_and(|s| s == super::coast::TileState::Embedded)
            };
            if ring.iter().any(detailed) {
                return;
            }
            for piece in project_line(view, ring.iter().copied().chain(ring.first().copied()), 0.7)
            {
                if piece.len() >= 3 {
                    p.polyline(&piece, true);
                }
            }
        });
        water.push(Item::Path {
            path: p,
            fill: Some(Fill {
                color: pen.pal.sea,
                rule: FillRule::NonZero,
            }),
            stroke: Some(Stroke::solid(pen.pal.coast, 0.6 * pen.ui)),
        });
    }
    if land != LayerId::Land110m {
        let mut lines = channel_lines(view);
        let width = channel_width(view, pen);
        if let Some(w) = fitted.as_mut() {
            // At port scale the detailed coastline shows most straits open: only
            // the stretches it does not show are stroked, and those are water for
            // the legs drawn over it.
            if super::refit::enabled() {
                lines = lines.iter().flat_map(|l| w.unshown(l)).collect();
            }
            w.open(&lines, width);
        }
        if !lines.is_empty() {
            let mut p = Path::new();
            for l in &lines {
                p.polyline(l, false);
            }
            water.push(Item::Path {
                path: p,
                fill: None,
                stroke: Some(Stroke::solid(pen.pal.sea, width).round()),
            });
        }
    }
    items.push(Item::Group {
        name: "water",
        items: water,
    });
    if let Some(b) = borders.and_then(|b| Layer::open(b).ok()) {
        let mut p = Path::new();
        let _ = b.for_each_in(&bx, |line| {
            for piece in project_line(view, line.iter().copied(), 0.7) {
                p.polyline(&piece, false);
            }
        });
        items.push(Item::Group {
            name: "borders",
            items: vec![Item::Path {
                path: p,
                fill: None,
                stroke: Some(Stroke::solid(pen.pal.border, 0.9 * pen.ui)),
            }],
        });
    }
    (items, fitted)
}

/// True for a longitude on the antimeridian (180 degrees, whole turns apart).
fn on_seam(lon: f64) -> bool {
    (lon.rem_euclid(360.0) - 180.0).abs() < 1e-7
}

/// The sea network's edges inside each narrow (canal, strait, waterway) of
/// `data/sea/narrows.csv`, in degrees: where ships pass, whatever the land layer
/// draws. Read once per process.
fn narrow_channels() -> &'static [Vec<(f64, f64)>] {
    static CHANNELS: std::sync::OnceLock<Vec<Vec<(f64, f64)>>> = std::sync::OnceLock::new();
    CHANNELS.get_or_init(|| {
        let narrows = crate::network::sea::narrows();
        let Ok(net) = crate::embedded_sea() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for edge in net.edges() {
            let mut run: Vec<(f64, f64)> = Vec::new();
            for p in &edge {
                if narrows.iter().any(|n| n.contains(p.lon(), p.lat())) {
                    run.push((p.lon(), p.lat()));
                } else {
                    if run.len() >= 2 {
                        out.push(std::mem::take(&mut run));
                    }
                    run.clear();
                }
            }
            if run.len() >= 2 {
                out.push(run);
            }
        }
        out
    })
}

/// Straits and canals of the narrows list drawn open: the network's channels in
/// view, in pixels, to be stroked water-coloured at [`channel_width`], so no sea
/// route is drawn over land where the generalised coastline closes them.
fn channel_lines(view: &View) -> Vec<Vec<(f32, f32)>> {
    let bx = view.lonlat_box(0.5);
    // The network is read only when a narrow is in view.
    let mid = (bx.lon_min_deg + bx.lon_max_deg) / 2.0;
    let any = crate::network::sea::narrows().iter().any(|n| {
        let (w, e) = (
            mid + wrap180(n.min_lon - mid),
            mid + wrap180(n.max_lon - mid),
        );
        w <= bx.lon_max_deg
            && e >= bx.lon_min_deg
            && n.min_lat <= bx.lat_max_deg
            && n.max_lat >= bx.lat_min_deg
    });
    let mut p = Vec::new();
    if !any {
        return p;
    }
    for ch in narrow_channels() {
        // The run's box meets the view's (a long straight edge may pass through
        // the frame with both ends outside it).
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        let mid = (bx.lon_min_deg + bx.lon_max_deg) / 2.0;
        for &(lon, lat) in ch {
            let lon = mid + wrap180(lon - mid);
            (x0, y0, x1, y1) = (x0.min(lon), y0.min(lat), x1.max(lon), y1.max(lat));
        }
        let inside = x0 <= bx.lon_max_deg
            && x1 >= bx.lon_min_deg
            && y0 <= bx.lat_max_deg
            && y1 >= bx.lat_min_deg;
        if !inside {
            continue;
        }
        p.extend(project_line(view, ch.iter().copied(), 0.5));
    }
    p
}

/// The channels' stroke: about a kilometre of water, never under 1.5 px.
fn channel_width(view: &View, pen: &Pen) -> f32 {
    let km_px = view
        .km_per_px_at(view.width_px / 2.0, view.height_px / 2.0)
        .unwrap_or(1.0);
    ((1.0 / km_px) as f32).max(1.5 * pen.ui.max(1.0))
}

fn lonlats(pts: &[LonLat]) -> impl Iterator<Item = (f64, f64)> + '_ {
    pts.iter().map(|p| (p.lon(), p.lat()))
}

/// Draws connectors, legs and arrows; returns each leg's pixel pieces.
pub(super) fn draw_legs(
    view: &View,
    legs: &[LegGeom],
    pen: &Pen,
    items: &mut Vec<Item>,
    obs: &mut Obstacles,
) -> Vec<Vec<Vec<(f32, f32)>>> {
    draw_legs_on(view, legs, pen, items, obs, None)
}

/// [`draw_legs`]; with the frame's `water` (port scale), sea legs are drawn along
/// it where they would cross the detailed land (`refit.rs`).
pub(super) fn draw_legs_on(
    view: &View,
    legs: &[LegGeom],
    pen: &Pen,
    items: &mut Vec<Item>,
    obs: &mut Obstacles,
    water: Option<&Water>,
) -> Vec<Vec<Vec<(f32, f32)>>> {
    let ui = pen.ui;
    let mut all = Vec::new();
    for leg in legs {
        let mut drawn = Vec::new();
        for c in &leg.connectors {
            let mut p = Path::new();
            for piece in project_line(view, lonlats(c), 0.75) {
                p.polyline(&piece, false);
                obs.add_line(&piece);
            }
            drawn.push(Item::Path {
                path: p,
                fill: None,
                stroke: Some(connector_stroke(pen.theme, leg.mode, ui, leg.color)),
            });
        }
        let mut pieces = project_line(view, lonlats(&leg.path), 0.75);
        if let Some(w) = water.filter(|_| leg.mode == Mode::Sea && super::refit::enabled()) {
            pieces = pieces.iter().map(|piece| w.refit(piece)).collect();
        }
        let mut p = Path::new();
        for piece in &pieces {
            p.polyline(piece, false);
            obs.add_line(piece);
        }
        for s in leg_strokes_in(pen.theme, leg.mode, leg.approx, ui, leg.color) {
            drawn.push(Item::Path {
                path: p.clone(),
                fill: None,
                stroke: Some(s),
            });
        }
        items.push(Item::Tagged {
            tag: leg_tag(leg),
            items: drawn,
        });
        all.push(pieces);
    }
    // Arrows after every line, so no leg's line covers another's arrow; tagged
    // apart with their leg.
    for (leg, pieces) in legs.iter().zip(&all) {
        let color = leg.color(pen);
        let mut drawn = Vec::new();
        for piece in pieces {
            arrows(piece, color, pen, &mut drawn);
        }
        if !drawn.is_empty() {
            items.push(Item::Tagged {
                tag: leg_tag(leg),
                items: drawn,
            });
        }
    }
    all
}

fn leg_tag(leg: &LegGeom) -> Tag {
    Tag::Leg {
        route: leg.route,
        leg: leg.leg,
    }
}

/// Direction arrows: one at the middle of a readable piece, more every ~260 px.
fn arrows(piece: &[(f32, f32)], color: Color, pen: &Pen, items: &mut Vec<Item>) {
    let ui = pen.ui;
    let len = layout::length_px(piece);
    if len < 36.0 * ui {
        return;
    }
    let n = ((len / (260.0 * ui)).floor() as usize).max(1);
    let mut path = Path::new();
    for k in 0..n {
        let d = len * (k as f32 + 0.5) / n as f32;
        let Some(((x, y), _)) = layout::point_at(piece, d) else {
            continue;
        };
        // Point the arrow along the chord through the path 12 px either side, not
        // along the local segment: network paths zig-zag at the pixel scale.
        let reach = 12.0 * ui;
        let (Some((a, _)), Some((b, _))) = (
            layout::point_at(piece, (d - reach).max(0.0)),
            layout::point_at(piece, (d + reach).min(len - 1e-3)),
        ) else {
            continue;
        };
        let chord = layout::dist(a, b);
        if chord <= 0.0 {
            continue;
        }
        let (ux, uy) = ((b.0 - a.0) / chord, (b.1 - a.1) / chord);
        let (s, b) = (15.0 * ui, 7.0 * ui);
        let tip = (x + ux * s * 0.6, y + uy * s * 0.6);
        let back = (x - ux * s * 0.4, y - uy * s * 0.4);
        path.polyline(
            &[
                tip,
                (back.0 - uy * b, back.1 + ux * b),
                (back.0 + ux * s * 0.15, back.1 + uy * s * 0.15),
                (back.0 + uy * b, back.1 - ux * b),
            ],
            true,
        );
    }
    items.push(Item::Path {
        path,
        fill: Some(Fill {
            color,
            rule: FillRule::NonZero,
        }),
        stroke: Some(Stroke::solid(pen.pal.halo, 1.6 * ui)),
    });
}

/// Stop markers; returns each stop's pixel position and radius (None off-map).
pub(super) fn draw_markers(
    view: &View,
    stops: &[Stop],
    pen: &Pen,
    items: &mut Vec<Item>,
    obs: &mut Obstacles,
) -> Vec<Option<(f32, f32, f32)>> {
    let ui = pen.ui;
    let mut out = Vec::new();
    for s in stops {
        let Some((x, y)) = view.to_px(s.at.lon(), s.at.lat()) else {
            out.push(None);
            continue;
        };
        let (x, y) = (x as f32, y as f32);
        let r = if s.major { 6.0 * ui } else { 4.5 * ui };
        let mut p = Path::new();
        p.circle(x, y, r);
        let (fill, edge) = if s.major {
            (pen.pal.marker_edge, pen.pal.marker_fill)
        } else {
            (pen.pal.marker_fill, pen.pal.marker_edge)
        };
        let mut drawn = Vec::new();
        drawn.push(Item::Path {
            path: p,
            fill: Some(Fill {
                color: fill,
                rule: FillRule::NonZero,
            }),
            stroke: Some(Stroke::solid(edge, 1.8 * ui)),
        });
        if s.major {
            let mut dot = Path::new();
            dot.circle(x, y, r * 0.35);
            drawn.push(Item::Path {
                path: dot,
                fill: Some(Fill {
                    color: pen.pal.marker_fill,
                    rule: FillRule::NonZero,
                }),
                stroke: None,
            });
        }
        items.push(Item::Tagged {
            tag: Tag::Stop { index: s.index },
            items: drawn,
        });
        obs.add_rect(Rect::xywh(x - r, y - r, 2.0 * r, 2.0 * r).grow(1.0 * ui));
        out.push(Some((x, y, r)));
    }
    out
}

#[cfg(test)]
pub(super) mod tests {
    #[test]
    fn connectors_are_left_out_of_the_drawn_leg() {
        let ll = |x: f64| LonLat::new(x, 0.0).unwrap();
        let path: Vec<LonLat> = (0..6).map(|i| ll(i as f64)).collect();
        // a start connector 0-1, an end connector given end first, 5-4
        let connectors = vec![vec![ll(0.0), ll(1.0)], vec![ll(5.0), ll(4.0)]];
        let part = super::network_part(&path, &connectors);
        assert_eq!(part, &path[1..5]);
        // no connectors: the whole path
        assert_eq!(super::network_part(&path, &[]), &path[..]);
        // a leg that is all connector keeps its line
        let short = vec![ll(0.0), ll(1.0)];
        assert_eq!(
            super::network_part(&short, std::slice::from_ref(&short)),
            &short[..]
        );
        // a connector elsewhere on the path is not cut out
        assert_eq!(
            super::network_part(&path, &[vec![ll(2.0), ll(3.0)]]),
            &path[..]
        );
    }

    use super::*;
    use crate::model::{Leg, PathKind, Place, PlaceKind, Route};
    use crate::network::great_circle::arc;

    pub(in crate::render) fn place(name: &str, lat: f64, lon: f64) -> Place {
        Place {
            id: format!("geonames:{name}"),
            name: name.to_owned(),
            gazetteer_name: None,
            country: None,
            admin1: None,
            kind: PlaceKind::City,
            at: LonLat::new(lon, lat).unwrap(),
            population: None,
        }
    }

    pub(in crate::render) fn leg(
        index: usize,
        mode: Mode,
        a: &Place,
        b: &Place,
        dates: Option<(&str, &str)>,
    ) -> Leg {
        let d = |s: &str| Some(crate::date::DateSpec::parse(s).unwrap());
        Leg {
            index,
            mode,
            from: a.clone(),
            to: b.clone(),
            depart: dates.and_then(|x| d(x.0)),
            arrive: dates.and_then(|x| d(x.1)),
            depart_estimated: false,
            arrive_estimated: false,
            via: vec![],
            path: arc(a.at, b.at, 20.0),
            path_kind: PathKind::GreatCircle,
            distance_km: 0.0,
            passages: vec![],
            countries: vec![],
            crossings: Vec::new(),
            connectors: vec![],
            connector_km: 0.0,
            carrier: None,
            cargo: None,
            notes: None,
            quote: None,
            warnings: vec![],
            span: Default::default(),
        }
    }

    pub(in crate::render) fn seed() -> Document {
        let (n, d, t) = (
            place("Najin", 42.2456, 130.2967),
            place("Dunay", 42.8889, 132.3436),
            place("Tikhoretsk", 45.8546, 40.1255),
        );
        let legs = vec![
            leg(1, Mode::Sea, &n, &d, Some(("2023-09-07", "2023-09-12"))),
            leg(2, Mode::Rail, &d, &t, None),
        ];
        Document {
            title: Some("Seed".into()),
            subtitle: Some("September 2023".into()),
            source: Some("NSC".into()),
            routes: vec![Route {
                id: "r".into(),
                name: "r".into(),
                legs,
            }],
            warnings: vec![],
            embedded_rail: false,
        }
    }

    #[test]
    fn labels_meet_no_obstacle_and_no_other_label() {
        for (w, h) in [(1600, 1000), (1920, 1080), (800, 500), (1000, 1000)] {
            let layout = Layout {
                width_px: w,
                height_px: h,
                ..Layout::default()
            };
            let (_, before, labels) = compose(&seed(), &layout);
            assert!(!labels.is_empty());
            for (i, r) in labels.iter().enumerate() {
                assert!(
                    before.is_free(r),
                    "{w}x{h}: label {r:?} meets a line, marker, frame edge or furniture"
                );
                assert!(
                    labels[i + 1..].iter().all(|o| !o.overlaps(r)),
                    "{w}x{h}: labels overlap"
                );
            }
        }
    }

    /// Every narrow's channel is water in the rendered basemap, at a regional
    /// scale (1:50m land) and a close one (1:10m), wherever it falls in the frame.
    #[test]
    fn straits_in_the_narrows_list_are_drawn_open() {
        let pal = Palette::of(Theme::Light);
        let pen = Pen {
            theme: Theme::Light,
            pal,
            ui: 1.0,
            boxed: false,
            dpi_k: 1.0,
        };
        let mut checked = 0;
        for n in crate::network::sea::narrows() {
            let (cx, cy) = ((n.min_lon + n.max_lon) / 2.0, (n.min_lat + n.max_lat) / 2.0);
            for half_km in [600.0, 60.0] {
                let proj = Projection::Mercator { lon0_deg: cx };
                let Some((x, y)) = proj.forward(cx, cy) else {
                    continue;
                };
                let view = View::fit(
                    proj,
                    (x - half_km, y - half_km, x + half_km, y + half_km),
                    400.0,
                    400.0,
                    0.0,
                );
                let land = if half_km > 100.0 {
                    LayerId::Land50m
                } else {
                    LayerId::Land10m
                };
                let items = basemap(&view, land, None, &pen);
                let scene = Scene {
                    width_px: 400,
                    height_px: 400,
                    dpi: 96.0,
                    background: pal.sea,
                    title: String::new(),
                    items,
                    stop_place_ids: Vec::new(),
                };
                let pm = crate::render::png::rasterize(&scene).unwrap();
                // At port scale the detailed coastline draws the strait and the
                // lane may cut its bends (the leg is then drawn along the water,
                // `refit.rs`): a channel point there may be on land when the
                // strait's water is within 1.5 km of it.
                let detailed =
                    land == LayerId::Land10m && super::super::coast::detail(&view, None).is_some();
                let reach = view
                    .km_per_px_at(200.0, 200.0)
                    .map_or(2.0, |k| (1.5 / k).max(2.0));
                let water_near = |px: f64, py: f64| {
                    let r = reach.ceil() as i64;
                    (-r..=r).any(|dy| {
                        (-r..=r).any(|dx| {
                            let (x, y) = (px + dx as f64, py + dy as f64);
                            (dx * dx + dy * dy) as f64 <= reach * reach
                                && x >= 0.0
                                && y >= 0.0
                                && pm.pixel(x as u32, y as u32).is_some_and(|c| {
                                    (i32::from(c.red()) - i32::from(pal.sea.r)).abs() < 6
                                        && (i32::from(c.blue()) - i32::from(pal.sea.b)).abs() < 6
                                })
                        })
                    })
                };
                for ch in narrow_channels() {
                    for w in ch.windows(2) {
                        let (lon, lat) = ((w[0].0 + w[1].0) / 2.0, (w[0].1 + w[1].1) / 2.0);
                        if !n.contains(lon, lat) {
                            continue;
                        }
                        let Some((px, py)) = view.to_px(lon, lat) else {
                            continue;
                        };
                        if !(2.0..398.0).contains(&px) || !(2.0..398.0).contains(&py) {
                            continue;
                        }
                        let c = pm.pixel(px as u32, py as u32).unwrap();
                        let land_like = (i32::from(c.red()) - i32::from(pal.land.r)).abs() < 6
                            && (i32::from(c.blue()) - i32::from(pal.land.b)).abs() < 6;
                        assert!(
                            !land_like || (detailed && water_near(px, py)),
                            "{} at {lon:.3},{lat:.3} is land at {half_km} km: {c:?} seg {w:?}",
                            n.name
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 200, "only {checked} channel points checked");
    }

    #[test]
    fn several_routes_get_distinct_colours_and_a_legend_entry_each() {
        let mut doc = seed();
        let mut second = doc.routes[0].clone();
        second.id = "b".into();
        second.name = "Second vessel".into();
        doc.routes.push(second);
        let (legs, _) = gather(&doc, Theme::Light);
        assert_ne!(legs[0].color, None);
        assert_ne!(legs[0].color, legs[2].color);
        let layout = Layout {
            width_px: 1600,
            height_px: 1000,
            ..Layout::default()
        };
        let (scene, _, _) = compose(&doc, &layout);
        let texts: Vec<&str> = scene.texts().iter().map(|t| t.0).collect();
        assert!(texts.contains(&"Second vessel"), "{texts:?}");
        // One route keeps the mode colours.
        let (legs, _) = gather(&seed(), Theme::Light);
        assert_eq!(legs[0].color, None);
    }

    #[test]
    fn rings_cut_at_the_antimeridian_are_found() {
        let world = Extent {
            lon_min_deg: -180.0,
            lon_max_deg: 180.0,
            lat_min_deg: -90.0,
            lat_max_deg: 90.0,
        };
        for id in [LayerId::Land50m, LayerId::Land10m] {
            let mut cut = 0;
            Layer::open(id)
                .unwrap()
                .for_each_in(&world, |ring| {
                    if ring
                        .iter()
                        .zip(ring.iter().cycle().skip(1))
                        .any(|(a, b)| on_seam(a.0) && on_seam(b.0))
                    {
                        cut += 1;
                    }
                })
                .unwrap();
            // Chukotka and Antarctica, each cut into a west and an east part, at least.
            assert!(cut >= 3, "{id:?}: {cut} rings cut at 180");
        }
    }

    #[test]
    fn odd_documents_render_without_panic() {
        let layout = Layout {
            width_px: 960,
            height_px: 540,
            ..Layout::default()
        };
        // Fifty routes: colours cycle, the legend names eight and sums up the rest.
        let mut many = seed();
        let first = many.routes[0].clone();
        many.routes = (0..50)
            .map(|i| Route {
                id: format!("r{i}"),
                name: format!("Route {i}"),
                ..first.clone()
            })
            .collect();
        let (scene, _, _) = compose(&many, &layout);
        let texts: Vec<&str> = scene.texts().iter().map(|t| t.0).collect();
        assert!(
            texts.contains(&"and 42 more routes (colours repeat)"),
            "{texts:?}"
        );
        assert!(!texts.contains(&"Route 8"));
        // A route inside one harbour (600 m) gets a frame of a few km.
        let (a, b) = (place("A", 42.2440, 130.2990), place("B", 42.2480, 130.3040));
        let mut harbour = seed();
        harbour.routes[0].legs = vec![leg(1, Mode::Sea, &a, &b, None)];
        let (scene, _, _) = compose(&harbour, &layout);
        assert!(scene
            .texts()
            .iter()
            .any(|t| t.0.contains("coastline not detailed enough")));
        // A route at the pole.
        let (p, q) = (place("P", 89.9, 0.0), place("Q", 89.5, 120.0));
        let mut pole = seed();
        pole.routes[0].legs = vec![leg(1, Mode::Air, &p, &q, None)];
        let (scene, _, _) = compose(&pole, &layout);
        assert_eq!(scene.width_px(), 960);
        crate::render::png(&scene).unwrap();
    }

    #[test]
    fn layers_are_named_groups() {
        let (scene, _, _) = compose(&seed(), &Layout::default());
        let names: Vec<&str> = scene
            .items()
            .iter()
            .filter_map(|i| match i {
                Item::Group { name, .. } => Some(*name),
                _ => None,
            })
            .collect();
        assert_eq!(
            names,
            [
                "basemap",
                "water",
                "borders",
                "reference-labels",
                "routes",
                "stops",
                "labels",
                "furniture"
            ]
        );
        let svg = crate::render::svg(&scene);
        assert!(svg.contains("<g id=\"water\" inkscape:groupmode=\"layer\""));
        let live = crate::render::svg_with(&scene, crate::render::SvgText::Live);
        assert!(live.contains(">Tikhoretsk</text>") && live.contains("font-family=\"Noto Sans"));
    }

    #[test]
    fn reference_names_appear_and_meet_nothing() {
        let (scene, _, _) = compose(&seed(), &Layout::default());
        let texts: Vec<&str> = scene.texts().iter().map(|t| t.0).collect();
        for want in ["RUSSIA", "KAZAKHSTAN", "Caspian Sea", "Lake Baikal"] {
            assert!(texts.contains(&want), "{want} missing from {texts:?}");
        }
    }

    #[test]
    fn furniture_stays_inside_the_frame() {
        let layout = Layout {
            width_px: 1600,
            height_px: 1000,
            ..Layout::default()
        };
        let (scene, before, _) = compose(&seed(), &layout);
        let frame = Rect::xywh(0.0, 0.0, 1600.0, 1000.0);
        // Every text (titles, legend, scale, credits, inset labels) lies in the frame.
        for (t, r) in scene.texts() {
            assert!(frame.contains(&r), "{t} at {r:?}");
        }
        assert!(before
            .rects()
            .iter()
            .all(|r| r.x0 >= -4.0 && r.x1 <= 1604.0 && r.y0 >= -4.0 && r.y1 <= 1004.0));
        let texts: Vec<&str> = scene.texts().iter().map(|t| t.0).collect();
        for want in [
            "Seed",
            "September 2023",
            "Sea",
            "Rail",
            "Stop",
            "Area of close-up",
            "7-12 Sep 2023",
        ] {
            assert!(texts.contains(&want), "{want} missing from {texts:?}");
        }
        assert!(
            texts.iter().any(|t| t.ends_with(" km")) && texts.iter().any(|t| t.ends_with(" nmi"))
        );
        assert!(texts.iter().any(|t| t.contains("Source: NSC")
            && t.contains("GeoNames")
            && t.contains("Natural Earth")));
    }

    #[test]
    fn short_legs_get_a_close_up_and_long_ones_do_not() {
        let layout = Layout {
            width_px: 1600,
            height_px: 1000,
            ..Layout::default()
        };
        let (scene, _, _) = compose(&seed(), &layout);
        assert!(scene.texts().iter().any(|t| t.0 == "Area of close-up"));
        let mut only_sea = seed();
        only_sea.routes[0].legs.truncate(1);
        let (scene, _, _) = compose(&only_sea, &layout);
        assert!(!scene.texts().iter().any(|t| t.0 == "Area of close-up"));
    }
}
