//! Map furniture: title, attribution, legend, scale bar and insets, each built at
//! the origin, then moved to the corner or edge where it covers least.

use super::draw::{self, LegGeom, Pen};
use super::inset;
use super::labels;
use super::layout::{self, Obstacles};
use super::project::{Projection, View};
use super::scene::{Color, Fill, FillRule, Item, Path, Rect, Stroke};
use super::style::{connector_stroke, leg_strokes_in};
use super::text::Weight;
use crate::model::{Document, Mode, PathKind, KM_PER_NMI};

/// Builds a piece of furniture when its turn comes (none when it has nothing to show).
type MakePiece<'a> = Box<dyn FnOnce() -> Option<Piece> + 'a>;

/// A piece of furniture: items drawn at the origin and its size.
struct Piece {
    items: Vec<Item>,
    w: f32,
    h: f32,
}

/// Builds and places every piece of furniture, adding each to the obstacles;
/// returns the name and box of each piece placed, in placing order, the
/// close-ups placed, and a note for each close-up left out.
///
/// The float layout's title and credits go where they cover least. The close-ups
/// go next, most needed first, each near the area it shows (`inset::place`), or
/// not at all (a close-up without room is dropped, the next still tried). The other
/// pieces go, in the order legend, scale bar, locator, only where they cover no
/// leg, stop marker or other piece. A piece that finds no such place is dropped,
/// and so is every piece after it: furniture is dropped in the fixed order
/// locator, scale bar, legend. The locator is also left out of map areas whose
/// short side is under [`LOCATOR_MIN_PX`] (at 96 dpi).
#[allow(clippy::too_many_arguments)]
pub(super) fn place_all(
    doc: &Document,
    legs: &[LegGeom],
    view: &View,
    closeups: &[inset::Closeup],
    markers: &[Option<(f32, f32, f32)>],
    pen: &Pen,
    items: &mut Vec<Item>,
    obs: &mut Obstacles,
) -> (Vec<(&'static str, Rect)>, Vec<inset::Placed>, Vec<String>) {
    let ui = pen.ui;
    let float = pen.boxed;
    let frame = obs.frame();
    let gap = 12.0 * ui;
    let mut placed: Vec<(&'static str, Rect)> = Vec::new();
    let put_at = |name: &'static str,
                  piece: Piece,
                  r: Rect,
                  items: &mut Vec<Item>,
                  obs: &mut Obstacles,
                  placed: &mut Vec<(&'static str, Rect)>| {
        for mut it in piece.items {
            it.translate(r.x0, r.y0);
            items.push(it);
        }
        obs.add_rect(r.grow(3.0 * ui));
        placed.push((name, r));
    };
    let rects = |placed: &[(&'static str, Rect)]| placed.iter().map(|p| p.1).collect::<Vec<_>>();
    if float {
        let title = title_block(doc, pen, frame.w() * 0.6, true);
        let c = layout::edge_and_stack(frame, &rects(&placed), title.w, title.h, gap);
        if let Some(r) = layout::least_cover(obs, &c) {
            put_at("title", title, r, items, obs, &mut placed);
        }
    }

    let frame_km = view
        .km_per_px_at(view.width_px / 2.0, view.height_px / 2.0)
        .unwrap_or(1.0)
        * view.width_px;
    // The coastline drawn is chosen by the route's own box (`coast::detail`).
    let route_pts: Vec<crate::model::LonLat> =
        legs.iter().flat_map(|l| l.path.iter().copied()).collect();
    let area = super::project::Extent::of(&route_pts).unwrap_or_else(|| view.lonlat_box(0.0));
    let fine = super::coast::beyond_detail(frame_km, &area);
    if float {
        let attr = attribution(
            doc,
            &view.projection,
            fine,
            pen,
            frame.w() - 2.0 * gap,
            true,
        );
        let c = vec![
            Rect::xywh(
                frame.x1 - gap * 0.5 - attr.w,
                frame.y1 - gap * 0.5 - attr.h,
                attr.w,
                attr.h,
            ),
            Rect::xywh(
                frame.x0 + gap * 0.5,
                frame.y1 - gap * 0.5 - attr.h,
                attr.w,
                attr.h,
            ),
        ];
        if let Some(r) = layout::least_cover(obs, &c) {
            put_at("credits", attr, r, items, obs, &mut placed);
        }
    }

    // The close-ups go near their areas before the rest of the furniture takes
    // room.
    let (_, stops) = draw::gather(doc, pen.theme);
    let areas: Vec<Rect> = closeups.iter().map(|c| c.marked).collect();
    let mut done: Vec<inset::Placed> = Vec::new();
    let mut dropped: Vec<&str> = Vec::new();
    for (k, c) in closeups.iter().enumerate() {
        let others: Vec<Rect> = areas
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != k)
            .map(|(_, r)| *r)
            .collect();
        match inset::place(
            c,
            legs,
            &stops,
            markers,
            pen,
            &rects(&placed),
            &others,
            items,
            obs,
        ) {
            Some(p) => {
                placed.push(("close-up", p.rect));
                done.push(p);
            }
            None => dropped.push(c.title.trim_start_matches("Close-up: ")),
        }
    }
    let mut notes = Vec::new();
    if !dropped.is_empty() {
        notes.push(format!(
            "no room for the close-up of {} beside {} area (give --size or --paper a \
             larger size, or draw {} as a map of its own)",
            dropped.join("; "),
            if dropped.len() == 1 { "its" } else { "their" },
            if dropped.len() == 1 { "it" } else { "each" },
        ));
    }

    // The rest in order of need; each only where it meets nothing.
    let mut order: Vec<(&'static str, MakePiece<'_>)> = Vec::new();
    let with_closeup = !done.is_empty();
    order.push((
        "legend",
        Box::new(move || {
            let connectors_seen = legs.iter().any(|l| {
                l.connectors.iter().any(|c| {
                    draw::project_line(view, c.iter().map(|p| (p.lon(), p.lat())), 0.5)
                        .iter()
                        .any(|piece| layout::length_px(piece) >= 4.0 * ui)
                })
            });
            Some(legend(doc, legs, with_closeup, connectors_seen, float, pen))
        }),
    ));
    order.push((
        "scale bar",
        Box::new(|| scale_bar(view, legs.iter().any(|l| l.mode == Mode::Sea), pen)),
    ));
    // Small maps go without the locator: it is the piece a reader misses least.
    if frame.h().min(frame.w()) >= LOCATOR_MIN_PX * pen.dpi_k {
        order.push((
            "locator",
            Box::new(|| {
                let w = (230.0 * ui).min(frame.w() * 0.3);
                let h = w * 142.0 / 360.0;
                Some(Piece {
                    items: inset::locator(view, w, h, pen),
                    w,
                    h,
                })
            }),
        ));
    }
    for (name, make) in order {
        let Some(piece) = make() else { continue };
        let c = layout::edge_and_stack(frame, &rects(&placed), piece.w, piece.h, gap);
        let free: Vec<Rect> = c.into_iter().filter(|r| obs.is_free(r)).collect();
        let Some(r) = layout::least_cover(obs, &free) else {
            break; // this piece and every one after it are dropped
        };
        put_at(name, piece, r, items, obs, &mut placed);
    }
    (placed, done, notes)
}

fn panel(w: f32, h: f32, pen: &Pen) -> Item {
    let mut p = Path::new();
    p.rect(Rect::xywh(0.0, 0.0, w, h));
    Item::Path {
        path: p,
        fill: Some(Fill {
            color: pen.pal.panel,
            rule: FillRule::NonZero,
        }),
        stroke: Some(Stroke::solid(pen.pal.panel_edge, 1.0 * pen.ui)),
    }
}

fn wash(w: f32, h: f32, pen: &Pen) -> Item {
    let mut p = Path::new();
    p.rect(Rect::xywh(0.0, 0.0, w, h));
    Item::Path {
        path: p,
        fill: Some(Fill {
            color: pen.pal.land.alpha(215),
            rule: FillRule::NonZero,
        }),
        stroke: None,
    }
}

/// The title band and source line of the band layout: items in frame pixels and
/// the heights they take at the top and bottom.
pub(super) struct Bands {
    pub items: Vec<Item>,
    pub top_h: f32,
    pub bottom_h: f32,
}

/// Builds the bands for a `width` x `height` frame: title and subtitle on a plain
/// band above the map over a thin rule, and the source and credits in small print
/// on a band below it.
pub(super) fn bands(
    doc: &Document,
    proj: &Projection,
    fine: bool,
    pen: &Pen,
    width: f32,
    height: f32,
) -> Bands {
    let ui = pen.ui;
    let title = title_block(doc, pen, width * 0.9, false);
    let attr = attribution(doc, proj, fine, pen, width - 8.0 * ui, false);
    let (top_h, bottom_h) = (title.h, attr.h);
    let mut items = Vec::new();
    let paper = Color::hex(0xffffff);
    for r in [
        Rect::xywh(0.0, 0.0, width, top_h),
        Rect::xywh(0.0, height - bottom_h, width, bottom_h),
    ] {
        let mut band = Path::new();
        band.rect(r);
        items.push(Item::Path {
            path: band,
            fill: Some(Fill {
                color: paper,
                rule: FillRule::NonZero,
            }),
            stroke: None,
        });
    }
    for y in [top_h, height - bottom_h] {
        let mut rule = Path::new();
        rule.polyline(&[(0.0, y), (width, y)], false);
        items.push(stroke_item(
            rule,
            Stroke::solid(pen.pal.panel_edge, 1.0 * ui),
        ));
    }
    items.extend(title.items);
    for mut it in attr.items {
        it.translate(0.0, height - bottom_h);
        items.push(it);
    }
    Bands {
        items,
        top_h,
        bottom_h,
    }
}

fn text_at(s: &str, weight: Weight, size: f32, x: f32, y: f32, color: Color) -> (Item, f32, f32) {
    let (w, h) = labels::label_size(s, weight, size, 0.0);
    (
        labels::label_item(s, weight, size, Rect::xywh(x, y, w, h), 0.0, color, None),
        w,
        h,
    )
}

fn title_block(doc: &Document, pen: &Pen, max_w: f32, boxed: bool) -> Piece {
    let ui = pen.ui;
    let pad = 10.0 * ui;
    let title = doc.title.clone().unwrap_or_else(|| {
        let names: Vec<&str> = doc.routes.iter().map(|r| r.name.as_str()).collect();
        if names.is_empty() {
            "Shipment route".to_owned()
        } else {
            names.join("; ")
        }
    });
    let mut size = pen.text_px(26.0, 15.0);
    let (mut tw, _) = labels::label_size(&title, Weight::Bold, size, 0.0);
    if tw > max_w {
        size *= max_w / tw;
        tw = max_w;
    }
    let mut items = Vec::new();
    let (t, _, th) = text_at(&title, Weight::Bold, size, pad, pad, pen.pal.text);
    let mut h = pad + th;
    let mut w = tw;
    let mut rest = Vec::new();
    rest.push(t);
    if let Some(sub) = &doc.subtitle {
        let (s, sw, sh) = text_at(
            sub,
            Weight::Regular,
            pen.text_px(16.0, 11.0),
            pad,
            h + 6.0 * ui,
            pen.pal.text_quiet,
        );
        rest.push(s);
        h += 6.0 * ui + sh;
        w = w.max(sw);
    }
    let (w, h) = (w + 2.0 * pad, h + pad);
    if boxed {
        items.push(panel(w, h, pen));
    }
    items.extend(rest);
    Piece { items, w, h }
}

/// The data sources the map actually uses, for the small print.
pub(super) fn credits(doc: &Document, proj: &Projection, fine: bool) -> String {
    let mut parts = Vec::new();
    if let Some(s) = &doc.source {
        parts.push(format!("Source: {s}"));
    }
    let legs = || doc.routes.iter().flat_map(|r| &r.legs);
    let places = || {
        legs().flat_map(|l| {
            std::iter::once(&l.from)
                .chain(std::iter::once(&l.to))
                .chain(&l.via)
        })
    };
    // Reference cities are GeoNames' on every map.
    let mut place_src = vec!["GeoNames (CC BY 4.0)"];
    if places().any(|p| p.id.starts_with("locode:")) {
        place_src.push("UN/LOCODE");
    }
    if !place_src.is_empty() {
        parts.push(format!("Places: {}", place_src.join(", ")));
    }
    if legs().any(|l| l.mode == Mode::Sea && l.path_kind == PathKind::Network) {
        parts.push("Sea lanes: Eurostat MARNET via searoute".to_owned());
    }
    // OpenStreetMap is credited for the embedded rail network only: a user's own
    // rail or road network carries whatever credit its owner gives it
    if doc.embedded_rail && legs().any(|l| l.mode == Mode::Rail && l.path_kind == PathKind::Network)
    {
        parts.push("Rail: © OpenStreetMap contributors (ODbL)".to_owned());
    }
    parts.push("Basemap: Natural Earth, GSHHG (LGPL)".to_owned());
    if fine {
        parts.push(
            "coastline not detailed enough for this scale: quays and basins are not shown"
                .to_owned(),
        );
    }
    parts.push(proj.name().to_owned());
    parts.join(" · ")
}

fn attribution(
    doc: &Document,
    proj: &Projection,
    fine: bool,
    pen: &Pen,
    max_w: f32,
    boxed: bool,
) -> Piece {
    let ui = pen.ui;
    let size = pen.text_px(11.0, CREDITS_MIN_PX);
    let pad = 4.0 * ui;
    let full = credits(doc, proj, fine);
    // Break at the separators into as many lines as the width needs.
    let mut lines: Vec<String> = Vec::new();
    for part in full.split(" · ") {
        match lines.last_mut() {
            Some(l)
                if labels::label_size(&format!("{l} · {part}"), Weight::Regular, size, 0.0).0
                    <= max_w - 2.0 * pad =>
            {
                l.push_str(" · ");
                l.push_str(part);
            }
            _ => lines.push(part.to_owned()),
        }
    }
    let mut items = Vec::new();
    let mut y = pad;
    let mut w: f32 = 0.0;
    let mut texts = Vec::new();
    for l in &lines {
        let (t, tw, th) = text_at(l, Weight::Regular, size, pad, y, pen.pal.text_quiet);
        texts.push(t);
        y += th + 3.0 * ui;
        w = w.max(tw);
    }
    let (w, h) = (w + 2.0 * pad, y - 3.0 * ui + pad);
    if boxed {
        items.push(panel(w, h, pen));
    }
    items.extend(texts);
    Piece { items, w, h }
}

/// Map areas whose short side is under this (px at 96 dpi) get no locator.
pub(super) const LOCATOR_MIN_PX: f32 = 400.0;

/// The credits line is never smaller than this (px at 96 dpi).
pub(super) const CREDITS_MIN_PX: f32 = 9.0;

/// How many routes the legend names one by one; more are summarised in one row.
const LEGEND_ROUTES: usize = 8;

/// A route's legend entry: its name, and its carrier when all its legs share one.
fn route_entry(route: &crate::model::Route) -> String {
    let carrier = route.legs.first().and_then(|l| l.carrier.as_deref());
    let same = carrier.is_some() && route.legs.iter().all(|l| l.carrier.as_deref() == carrier);
    match carrier {
        Some(c) if same && !route.name.contains(c) => format!("{} ({c})", route.name),
        _ => route.name.clone(),
    }
}

fn legend(
    doc: &Document,
    legs: &[LegGeom],
    closeup: bool,
    connectors: bool,
    boxed: bool,
    pen: &Pen,
) -> Piece {
    let ui = pen.ui;
    let size = pen.text_px(13.0, 10.0);
    let (pad, row, sample_w) = (10.0 * ui, (22.0 * ui).max(size * 1.6), 44.0 * ui);
    let mut rows: Vec<(Vec<Item>, String)> = Vec::new();
    let line = |y: f32| {
        let mut p = Path::new();
        p.polyline(&[(pad, y), (pad + sample_w, y)], false);
        p
    };
    // Several routes: one row per route in its colour, then the modes in grey,
    // told apart by pattern only.
    let coloured = legs.iter().any(|l| l.color.is_some());
    if coloured {
        for (ri, route) in doc.routes.iter().enumerate().take(LEGEND_ROUTES) {
            let Some(l) = legs.iter().find(|l| l.route == ri) else {
                continue;
            };
            rows.push((
                leg_strokes_in(pen.theme, Mode::Sea, false, ui, l.color)
                    .into_iter()
                    .map(|s| stroke_item(line(0.0), s))
                    .collect(),
                route_entry(route),
            ));
        }
        if doc.routes.len() > LEGEND_ROUTES {
            rows.push((
                Vec::new(),
                format!(
                    "and {} more routes (colours repeat)",
                    doc.routes.len() - LEGEND_ROUTES
                ),
            ));
        }
    }
    let mode_color = coloured.then_some(pen.pal.text_quiet);
    let names = [
        (Mode::Sea, "Sea"),
        (Mode::Rail, "Rail"),
        (Mode::Road, "Road"),
        (Mode::Air, "Air"),
    ];
    for (mode, name) in names {
        if legs.iter().any(|l| l.mode == mode) {
            rows.push((
                leg_strokes_in(pen.theme, mode, false, ui, mode_color)
                    .into_iter()
                    .map(|s| (s, false))
                    .map(|(s, _)| stroke_item(line(0.0), s))
                    .collect(),
                name.to_owned(),
            ));
        }
    }
    if let Some(l) = legs.iter().find(|l| l.approx) {
        let s = leg_strokes_in(pen.theme, l.mode, true, ui, mode_color);
        rows.push((
            s.into_iter().map(|s| stroke_item(line(0.0), s)).collect(),
            "Approximate or estimated dates".to_owned(),
        ));
    }
    if let Some(l) = legs.iter().find(|l| connectors && !l.connectors.is_empty()) {
        rows.push((
            vec![stroke_item(
                line(0.0),
                connector_stroke(pen.theme, l.mode, ui, mode_color),
            )],
            "Off-network connection".to_owned(),
        ));
    }
    let mut m = Path::new();
    m.circle(pad + sample_w / 2.0, 0.0, 4.5 * ui);
    rows.push((
        vec![Item::Path {
            path: m,
            fill: Some(Fill {
                color: pen.pal.marker_fill,
                rule: FillRule::NonZero,
            }),
            stroke: Some(Stroke::solid(pen.pal.marker_edge, 1.8 * ui)),
        }],
        "Stop".to_owned(),
    ));
    if closeup {
        let mut r = Path::new();
        r.rect(Rect::xywh(
            pad + sample_w * 0.2,
            -6.0 * ui,
            sample_w * 0.6,
            12.0 * ui,
        ));
        rows.push((
            vec![Item::Path {
                path: r,
                fill: None,
                stroke: Some(Stroke::solid(pen.pal.highlight, 1.5 * ui)),
            }],
            "Area of close-up".to_owned(),
        ));
    }
    let mut items = Vec::new();
    let mut w: f32 = 0.0;
    for (k, (samples, name)) in rows.into_iter().enumerate() {
        let y = pad + row * (k as f32 + 0.5);
        for mut s in samples {
            s.translate(0.0, y);
            items.push(s);
        }
        let (tw, th) = labels::label_size(&name, Weight::Regular, size, 0.0);
        let (t, _, _) = text_at(
            &name,
            Weight::Regular,
            size,
            pad + sample_w + 8.0 * ui,
            y - th / 2.0,
            pen.pal.text,
        );
        items.push(t);
        w = w.max(tw);
    }
    let w = pad + sample_w + 8.0 * ui + w + pad;
    let h = 2.0 * pad
        + row
            * (items
                .iter()
                .filter(|i| matches!(i, Item::Text { .. }))
                .count() as f32);
    // Unboxed (band layout): a quiet wash of the land colour keeps the key legible
    // over the map, without a frame.
    let mut all = vec![if boxed {
        panel(w, h, pen)
    } else {
        wash(w, h, pen)
    }];
    all.extend(items);
    Piece { items: all, w, h }
}

fn stroke_item(path: Path, s: Stroke) -> Item {
    Item::Path {
        path,
        fill: None,
        stroke: Some(s),
    }
}

/// The scale bar's lengths: a round km length no longer than `max_px`, and its
/// length in px, from the scale at the frame's centre.
pub(super) fn bar_length(km_per_px: f64, max_px: f64, unit_km: f64) -> Option<(f64, f64)> {
    let len = layout::round_length(km_per_px * max_px / unit_km)?;
    Some((len, len * unit_km / km_per_px))
}

fn fmt_len(v: f64) -> String {
    if v >= 1.0 {
        format!("{}", v.round() as i64)
    } else {
        format!("{v}")
    }
}

fn scale_bar(view: &View, nmi: bool, pen: &Pen) -> Option<Piece> {
    let ui = pen.ui;
    let (cx, cy) = (view.width_px / 2.0, view.height_px / 2.0);
    let km_px = view.km_per_px_at(cx, cy)?;
    let (_, lat) = view.to_lonlat(cx, cy)?;
    let (pad, bar_h, size) = (10.0 * ui, 6.0 * ui, pen.text_px(12.0, 9.0));
    let max_px = f64::from(170.0 * ui);
    let mut bars = vec![(bar_length(km_px, max_px, 1.0)?, "km")];
    if nmi {
        bars.push((bar_length(km_px, max_px, KM_PER_NMI)?, "nmi"));
    }
    let mut items = Vec::new();
    let mut y = pad;
    let mut w: f32 = 0.0;
    for ((len, px), unit) in bars {
        let px = px as f32;
        let (label, lw, lh) = text_at(
            &format!("{} {unit}", fmt_len(len)),
            Weight::Regular,
            size,
            pad + px + 6.0 * ui,
            y,
            pen.pal.text,
        );
        let by = y + lh / 2.0 - bar_h / 2.0;
        for k in 0..4 {
            let mut p = Path::new();
            p.rect(Rect::xywh(pad + px * k as f32 / 4.0, by, px / 4.0, bar_h));
            let c = if k % 2 == 0 {
                pen.pal.text
            } else {
                pen.pal.marker_fill
            };
            items.push(Item::Path {
                path: p,
                fill: Some(Fill {
                    color: c,
                    rule: FillRule::NonZero,
                }),
                stroke: Some(Stroke::solid(pen.pal.text, 0.8 * ui)),
            });
        }
        items.push(label);
        w = w.max(px + 6.0 * ui + lw);
        y += lh.max(bar_h) + 8.0 * ui;
    }
    let hemi = if lat < 0.0 { 'S' } else { 'N' };
    let (note, nw, nh) = text_at(
        &format!("Scale at {:.0}°{hemi}", lat.abs()),
        Weight::Regular,
        pen.text_px(10.5, 9.0),
        pad,
        y,
        pen.pal.text_quiet,
    );
    items.push(note);
    w = w.max(nw);
    let (w, h) = (w + 2.0 * pad, y + nh + pad);
    let mut all = vec![panel(w, h, pen)];
    all.extend(items);
    Some(Piece { items: all, w, h })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_is_round_and_true_to_scale() {
        // 2.5 km per px, at most 170 px: 425 km, so a 200 km bar of 80 px.
        let (len, px) = bar_length(2.5, 170.0, 1.0).unwrap();
        assert_eq!(len, 200.0);
        assert!((px - 80.0).abs() < 1e-9);
        let (len, px) = bar_length(2.5, 170.0, KM_PER_NMI).unwrap();
        assert_eq!(len, 200.0);
        assert!((px * 2.5 - 200.0 * KM_PER_NMI).abs() < 1e-6);
        assert_eq!(fmt_len(0.5), "0.5");
        assert_eq!(fmt_len(500.0), "500");
    }
}
