//! Labels: stop names and leg dates with a halo, each placed where it meets no
//! line, marker, furniture, other label or frame edge.

use super::draw::{LegGeom, Pen};
use super::layout::{self, Obstacles};
use super::reference::{RefKind, RefLabel};
use super::scene::{Color, Fill, FillRule, Item, Path, Rect, Stroke, TextFont};
use super::text::{self, Weight};

/// A text item with a halo; the box is the text's ink box plus `pad` on each side,
/// placed with its top-left corner at (x, y).
pub(super) fn label_item(
    s: &str,
    weight: Weight,
    size_px: f32,
    at: Rect,
    pad: f32,
    color: Color,
    halo: Option<Stroke>,
) -> Item {
    let t = text::shape(s, weight, size_px);
    let mut path = Path::new();
    let (x, y) = (at.x0 + pad, at.y0 + pad + t.ascent_px);
    path.append_moved(&t.path, x, y);
    Item::Text {
        text: s.to_owned(),
        path,
        bounds: at,
        color,
        halo,
        font: TextFont {
            x,
            y,
            size_px,
            bold: weight == Weight::Bold,
            tracking_px: 0.0,
            slant: false,
        },
    }
}

/// The box a label needs (ink plus padding).
pub(super) fn label_size(s: &str, weight: Weight, size_px: f32, pad: f32) -> (f32, f32) {
    let t = text::shape(s, weight, size_px);
    (
        t.width_px + 2.0 * pad,
        t.ascent_px + t.descent_px + 2.0 * pad,
    )
}

/// A stop or leg label that cannot be placed free goes where it covers least,
/// but never over more than this many boxes (markers, labels, furniture): it is
/// left out instead. On a map of thousands of legs this drops the labels that
/// would pile up unread on the same lanes, and keeps placement linear in legs.
const MAX_BOXES_UNDER_LABEL: usize = 0;

/// Stop names are never smaller than this (px at 96 dpi).
pub(super) const STOP_MIN_PX: f32 = 11.0;
/// Leg labels (dates, carrier) are never smaller than this (px at 96 dpi).
pub(super) const LEG_MIN_PX: f32 = 10.0;
/// Reference names (countries, seas, cities) are never smaller than this.
pub(super) const REFERENCE_MIN_PX: f32 = 9.0;

/// Places stop names, then leg labels, each where it meets nothing; draws a
/// leader line when a label had to move away from its stop.
pub(super) fn place_labels(
    stops: &[(String, f32, f32, f32)],
    legs: &[LegGeom],
    leg_px: &[Vec<Vec<(f32, f32)>>],
    pen: &Pen,
    items: &mut Vec<Item>,
    obs: &mut Obstacles,
    skip_short: bool,
) -> Vec<Rect> {
    let mut placed = Vec::new();
    let ui = pen.ui;
    let halo = Some(Stroke::solid(pen.pal.halo, 3.2 * ui));
    let pad = 1.5 * ui;
    for (name, x, y, r) in stops {
        let size = pen.text_px(14.0, STOP_MIN_PX);
        let (w, h) = label_size(name, Weight::Bold, size, pad);
        let cands = layout::around_point(*x, *y, r + 3.0 * ui, w, h);
        let Some((rect, _)) = obs.best_within(&cands, MAX_BOXES_UNDER_LABEL) else {
            continue;
        };
        let (cx, cy) = ((rect.x0 + rect.x1) / 2.0, (rect.y0 + rect.y1) / 2.0);
        if layout::dist((cx, cy), (*x, *y)) > r + 3.0 * ui + w.max(h) * 0.75 + 2.0 * r {
            let end = nearest_on_rect(&rect, (*x, *y));
            let mut p = Path::new();
            p.polyline(&[(*x, *y), end], false);
            items.push(Item::Path {
                path: p,
                fill: None,
                stroke: Some(Stroke::solid(pen.pal.text_quiet, 0.9 * ui)),
            });
        }
        items.push(label_item(
            name,
            Weight::Bold,
            size,
            rect,
            pad,
            pen.pal.text,
            halo.clone(),
        ));
        obs.add_rect(rect);
        placed.push(rect);
    }
    for (leg, pieces) in legs.iter().zip(leg_px) {
        let Some(label) = &leg.label else { continue };
        let longest = pieces
            .iter()
            .max_by(|a, b| layout::length_px(a).total_cmp(&layout::length_px(b)));
        let Some(line) = longest else { continue };
        if skip_short && layout::length_px(line) < 60.0 * ui {
            continue; // labelled in the close-up
        }
        let size = pen.text_px(12.5, LEG_MIN_PX);
        let (w, h) = label_size(label, Weight::Regular, size, pad);
        let cands = layout::along_line(line, w, h, 4.0 * ui);
        let Some((rect, _)) = obs.best_within(&cands, MAX_BOXES_UNDER_LABEL) else {
            continue;
        };
        items.push(label_item(
            label,
            Weight::Regular,
            size,
            rect,
            pad,
            leg.color(pen),
            halo.clone(),
        ));
        obs.add_rect(rect);
        placed.push(rect);
    }
    placed
}

fn nearest_on_rect(r: &Rect, p: (f32, f32)) -> (f32, f32) {
    (p.0.clamp(r.x0, r.x1), p.1.clamp(r.y0, r.y1))
}

/// The type style of a reference name: weight, size (before `ui`), tracking,
/// slant and colour.
fn ref_style(kind: RefKind, pen: &Pen) -> (Weight, f32, f32, f32, Color) {
    match kind {
        RefKind::Country => (Weight::Regular, 11.5, 0.16, 0.0, pen.pal.country_text),
        RefKind::Ocean => (Weight::Regular, 15.0, 0.22, 0.2, pen.pal.water_text),
        RefKind::Sea => (Weight::Regular, 12.5, 0.04, 0.2, pen.pal.water_text),
        RefKind::Strait | RefKind::Lake => (Weight::Regular, 11.0, 0.0, 0.2, pen.pal.water_text),
        RefKind::City { .. } => (Weight::Regular, 11.5, 0.0, 0.0, pen.pal.city),
    }
}

/// Places reference names after the route's own labels, in the order given (the
/// priority [`super::reference::requests`] sets), each only where it meets nothing
/// already on the map: never over a route line, marker, route label, furniture or
/// another name. Cities get their dot only when their name fits. Returns the boxes.
pub(super) fn place_reference(
    requests: &[RefLabel],
    pen: &Pen,
    items: &mut Vec<Item>,
    obs: &mut Obstacles,
) -> Vec<Rect> {
    let ui = pen.ui;
    let pad = 1.0 * ui;
    let mut placed = Vec::new();
    for r in requests {
        let (weight, size, track, slant, color) = ref_style(r.kind, pen);
        let size = pen.text_px(size, REFERENCE_MIN_PX);
        let t = text::shape_styled(&r.text, weight, size, track, slant);
        let (w, h) = (
            t.width_px + 2.0 * pad,
            t.ascent_px + t.descent_px + 2.0 * pad,
        );
        if w > r.room_px {
            continue;
        }
        let halo_color = match r.kind {
            RefKind::Country | RefKind::City { .. } => pen.pal.land,
            _ => pen.pal.sea,
        };
        let halo = Some(Stroke::solid(halo_color.alpha(220), 2.4 * ui));
        let (cands, dot) = match r.kind {
            RefKind::City { capital } => {
                let rad = if capital { 3.4 * ui } else { 2.4 * ui };
                let dot = Rect::xywh(r.x - rad, r.y - rad, 2.0 * rad, 2.0 * rad);
                let cands = layout::around_point(r.x, r.y, rad + 2.0 * ui, w, h);
                (cands[..8].to_vec(), Some((dot, rad, capital)))
            }
            RefKind::Strait => (layout::around_point(r.x, r.y, 4.0 * ui, w, h), None),
            _ => {
                let (x0, y0) = (r.x - w / 2.0, r.y - h / 2.0);
                let c = [
                    (0.0, 0.0),
                    (0.0, -h),
                    (0.0, h),
                    (-w / 3.0, 0.0),
                    (w / 3.0, 0.0),
                    (0.0, -2.0 * h),
                    (0.0, 2.0 * h),
                    (-w / 2.0, -h),
                    (w / 2.0, h),
                    (-w / 2.0, h),
                    (w / 2.0, -h),
                    (0.0, -3.0 * h),
                    (0.0, 3.0 * h),
                ];
                (
                    c.iter()
                        .map(|&(dx, dy)| Rect::xywh(x0 + dx, y0 + dy, w, h))
                        .collect(),
                    None,
                )
            }
        };
        if let Some((d, _, _)) = dot {
            if !obs.is_free(&d.grow(1.0 * ui)) {
                continue;
            }
        }
        let Some(rect) = cands.into_iter().find(|c| obs.is_free(c)) else {
            continue;
        };
        if let Some((d, rad, capital)) = dot {
            let mut p = Path::new();
            p.circle(r.x, r.y, rad);
            items.push(Item::Path {
                path: p,
                fill: Some(Fill {
                    color: if capital { pen.pal.land } else { pen.pal.city },
                    rule: FillRule::NonZero,
                }),
                stroke: Some(Stroke::solid(pen.pal.city, 1.0 * ui)),
            });
            if capital {
                let mut p = Path::new();
                p.circle(r.x, r.y, rad * 0.45);
                items.push(Item::Path {
                    path: p,
                    fill: Some(Fill {
                        color: pen.pal.city,
                        rule: FillRule::NonZero,
                    }),
                    stroke: None,
                });
            }
            obs.add_rect(d);
        }
        let mut path = Path::new();
        let (x, y) = (rect.x0 + pad, rect.y0 + pad + t.ascent_px);
        path.append_moved(&t.path, x, y);
        items.push(Item::Text {
            text: r.text.clone(),
            path,
            bounds: rect,
            color,
            halo,
            font: TextFont {
                x,
                y,
                size_px: size,
                bold: weight == Weight::Bold,
                tracking_px: track * size,
                slant: slant != 0.0,
            },
        });
        obs.add_rect(rect);
        placed.push(rect);
    }
    placed
}
