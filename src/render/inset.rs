//! The two inset maps: a locator showing where the frame sits in the world, and a
//! close-up of legs too short to read at the main scale. Both are drawn at the
//! origin; furniture moves them into place.

use super::basemap::LayerId;
use super::draw::{self, LegGeom, Pen, Stop};
use super::furniture::bar_length;
use super::labels;
use super::layout;
use super::layout::Obstacles;
use super::project::{Extent, Projection, View};
use super::scene::{Color, Fill, FillRule, Item, Path, Rect, Stroke};
use super::text::Weight;
use crate::model::LonLat;

/// The lon/lat box around the short legs, padded, at least 1.5 degrees across.
pub(super) fn closeup_region(legs: &[LegGeom], short: &[usize]) -> Option<Extent> {
    let pts: Vec<LonLat> = short
        .iter()
        .filter_map(|&i| legs.get(i))
        .flat_map(|l| l.path.iter().chain(l.connectors.iter().flatten()).copied())
        .collect();
    let e = Extent::of(&pts)?;
    let (cx, cy) = ((e.lon_min_deg + e.lon_max_deg) / 2.0, e.lat_mid_deg());
    let half_lon = ((e.lon_max_deg - e.lon_min_deg) * 0.8).max(0.9);
    let half_lat = ((e.lat_max_deg - e.lat_min_deg) * 0.8).max(0.6);
    Some(Extent {
        lon_min_deg: cx - half_lon,
        lon_max_deg: cx + half_lon,
        lat_min_deg: (cy - half_lat).max(-85.0),
        lat_max_deg: (cy + half_lat).min(85.0),
    })
}

/// The region's outline on a map, px.
pub(super) fn region_outline_px(view: &View, r: &Extent) -> Vec<(f32, f32)> {
    let mut ring = Vec::new();
    let n = 12;
    let edge = |t: f64, a: f64, b: f64| a + (b - a) * t;
    for k in 0..=n {
        ring.push((
            edge(k as f64 / n as f64, r.lon_min_deg, r.lon_max_deg),
            r.lat_max_deg,
        ));
    }
    for k in 0..=n {
        ring.push((
            edge(k as f64 / n as f64, r.lon_max_deg, r.lon_min_deg),
            r.lat_min_deg,
        ));
    }
    ring.iter()
        .filter_map(|&(lon, lat)| view.to_px(lon, lat))
        .map(|(x, y)| (x as f32, y as f32))
        .collect()
}

/// Panel, clip and frame around inset content of size w x h.
fn framed(content: Vec<Item>, w: f32, h: f32, pen: &Pen, edge: Color) -> Vec<Item> {
    let rect = Rect::xywh(0.0, 0.0, w, h);
    let mut bg = Path::new();
    bg.rect(rect);
    let mut items = vec![Item::Path {
        path: bg.clone(),
        fill: Some(Fill {
            color: pen.pal.sea,
            rule: FillRule::NonZero,
        }),
        stroke: None,
    }];
    items.push(Item::Clip {
        rect,
        items: content,
    });
    items.push(Item::Path {
        path: bg,
        fill: None,
        stroke: Some(Stroke::solid(edge, 1.4 * pen.ui)),
    });
    items
}

/// The close-up inset: the region in Mercator, with every leg, the stops inside
/// and the labels of the short legs.
pub(super) fn closeup(
    region: &Extent,
    legs: &[LegGeom],
    short: &[usize],
    stops: &[Stop],
    w: f32,
    h: f32,
    pen: &Pen,
) -> Vec<Item> {
    let proj = Projection::Mercator {
        lon0_deg: LonLat::wrapped((region.lon_min_deg + region.lon_max_deg) / 2.0, 0.0).lon(),
    };
    let corners = [
        (region.lon_min_deg, region.lat_min_deg),
        (region.lon_max_deg, region.lat_max_deg),
    ];
    let pts: Vec<(f64, f64)> = corners
        .iter()
        .filter_map(|&(lon, lat)| proj.forward(lon, lat))
        .collect();
    if pts.len() < 2 {
        return Vec::new();
    }
    let bbox = (
        pts[0].0.min(pts[1].0),
        pts[0].1.min(pts[1].1),
        pts[0].0.max(pts[1].0),
        pts[0].1.max(pts[1].1),
    );
    let view = View::fit(proj, bbox, f64::from(w), f64::from(h), 4.0);
    let mut content = draw::basemap(&view, LayerId::Land10m, Some(LayerId::Borders10m), pen);
    let mut obs = Obstacles::new(Rect::xywh(0.0, 0.0, w, h).grow(-2.0));
    let leg_px = draw::draw_legs(&view, legs, pen, &mut content, &mut obs);
    let inside: Vec<Stop> = stops
        .iter()
        .filter(|s| {
            let lon = s.at.lon() + 360.0 * ((region.lon_min_deg - s.at.lon()) / 360.0).ceil();
            lon <= region.lon_max_deg
                && (region.lat_min_deg..=region.lat_max_deg).contains(&s.at.lat())
        })
        .cloned()
        .collect();
    let markers = draw::draw_markers(&view, &inside, pen, &mut content, &mut obs);
    let labels: Vec<(String, f32, f32, f32)> = inside
        .iter()
        .zip(&markers)
        .filter_map(|(s, m)| m.map(|(x, y, r)| (s.name.clone(), x, y, r)))
        .collect();
    let only_short: Vec<LegGeom> = legs
        .iter()
        .enumerate()
        .map(|(i, l)| LegGeom {
            label: if short.contains(&i) {
                l.label.clone()
            } else {
                None
            },
            ..l.clone()
        })
        .collect();
    labels::place_labels(
        &labels,
        &only_short,
        &leg_px,
        pen,
        &mut content,
        &mut obs,
        false,
    );
    content.extend(small_scale_bar(&view, &obs, pen));
    // Framed in the colour of the close-up outline on the main map, to link them.
    framed(content, w, h, pen, pen.pal.highlight)
}

/// The locator: the world (Natural Earth 1:110m) in plate carrée centred on the
/// map, with the main frame outlined.
pub(super) fn locator(main: &View, w: f32, h: f32, pen: &Pen) -> Vec<Item> {
    let lon0 = main.projection.lon0_deg();
    let proj = Projection::Equirectangular {
        lon0_deg: lon0,
        lat_ts_deg: 0.0,
    };
    let r = super::project::EARTH_RADIUS_KM;
    let deg = |d: f64| r * d.to_radians();
    let view = View::fit(
        proj,
        (deg(-180.0), deg(-58.0), deg(180.0), deg(84.0)),
        f64::from(w),
        f64::from(h),
        0.0,
    );
    let mut content = draw::basemap(&view, LayerId::Land110m, None, pen);
    // The main frame's outline, walked along its edges.
    let (fw, fh) = (main.width_px, main.height_px);
    let mut edge = Vec::new();
    let n = 16;
    for k in 0..=n {
        edge.push((fw * k as f64 / n as f64, 0.0));
    }
    for k in 0..=n {
        edge.push((fw, fh * k as f64 / n as f64));
    }
    for k in 0..=n {
        edge.push((fw * (1.0 - k as f64 / n as f64), fh));
    }
    for k in 0..=n {
        edge.push((0.0, fh * (1.0 - k as f64 / n as f64)));
    }
    let ring: Vec<(f32, f32)> = edge
        .iter()
        .filter_map(|&(x, y)| main.to_lonlat(x, y))
        .map(|(lon, lat)| {
            // Plate carrée by hand: `to_lonlat` already unwrapped the longitude
            // around the shared central meridian, so a world-wide frame stays whole.
            let (x, y) = view.km_to_px(deg(lon - lon0), deg(lat));
            (x as f32, y as f32)
        })
        .collect();
    let mut p = Path::new();
    let (x0, x1) = ring
        .iter()
        .fold((f32::MAX, f32::MIN), |a, q| (a.0.min(q.0), a.1.max(q.0)));
    let (y0, y1) = ring
        .iter()
        .fold((f32::MAX, f32::MIN), |a, q| (a.0.min(q.1), a.1.max(q.1)));
    if ring.len() > 2 && (x1 - x0).max(y1 - y0) >= 8.0 * pen.ui {
        p.polyline(&ring, true);
        content.push(Item::Path {
            path: p,
            fill: Some(Fill {
                color: pen.pal.highlight.alpha(40),
                rule: FillRule::NonZero,
            }),
            stroke: Some(Stroke::solid(pen.pal.highlight, 1.6 * pen.ui)),
        });
    } else if let Some((cx, cy)) = main
        .to_lonlat(fw / 2.0, fh / 2.0)
        .and_then(|(lon, lat)| view.to_px(lon, lat))
    {
        p.circle(cx as f32, cy as f32, 5.0 * pen.ui);
        content.push(Item::Path {
            path: p,
            fill: None,
            stroke: Some(Stroke::solid(pen.pal.highlight, 1.8 * pen.ui)),
        });
    }
    framed(content, w, h, pen, pen.pal.panel_edge)
}

/// A plain scale bar for an inset (a line with end ticks and its length), in the
/// inset corner that covers least.
fn small_scale_bar(view: &View, obs: &Obstacles, pen: &Pen) -> Vec<Item> {
    let ui = pen.ui;
    let (cx, cy) = (view.width_px / 2.0, view.height_px / 2.0);
    let Some(km_px) = view.km_per_px_at(cx, cy) else {
        return Vec::new();
    };
    let Some((len_km, bar_px)) = bar_length(km_px, f64::from(70.0 * ui), 1.0) else {
        return Vec::new();
    };
    let label = if len_km >= 1.0 {
        format!("{} km", len_km.round() as i64)
    } else {
        format!("{len_km} km")
    };
    let size = 10.5 * ui;
    let (tw, th) = labels::label_size(&label, Weight::Regular, size, 0.0);
    let bar_px = bar_px as f32;
    let (w, h) = (bar_px + 6.0 * ui + tw, th.max(8.0 * ui));
    let frame = obs.frame();
    let cands = layout::corners(frame, w, h, 6.0 * ui);
    let Some(r) = layout::least_cover(obs, &cands[..4]) else {
        return Vec::new();
    };
    let y = r.y0 + h / 2.0;
    let mut p = Path::new();
    p.polyline(
        &[
            (r.x0, y - 3.0 * ui),
            (r.x0, y),
            (r.x0 + bar_px, y),
            (r.x0 + bar_px, y - 3.0 * ui),
        ],
        false,
    );
    let halo = Stroke::solid(pen.pal.halo, 3.0 * ui);
    vec![
        Item::Path {
            path: p.clone(),
            fill: None,
            stroke: Some(halo.clone()),
        },
        Item::Path {
            path: p,
            fill: None,
            stroke: Some(Stroke::solid(pen.pal.text, 1.3 * ui)),
        },
        labels::label_item(
            &label,
            Weight::Regular,
            size,
            Rect::xywh(r.x0 + bar_px + 6.0 * ui, y - th / 2.0, tw, th),
            0.0,
            pen.pal.text,
            Some(halo),
        ),
    ]
}
