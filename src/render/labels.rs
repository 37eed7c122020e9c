//! Labels: stop names and leg dates with a halo, each placed where it meets no
//! line, marker, furniture, other label or frame edge.

use super::draw::{LegGeom, Pen};
use super::layout::{self, Obstacles};
use super::scene::{Color, Item, Path, Rect, Stroke};
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
    path.append_moved(&t.path, at.x0 + pad, at.y0 + pad + t.ascent_px);
    Item::Text {
        text: s.to_owned(),
        path,
        bounds: at,
        color,
        halo,
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
        let size = 14.0 * ui;
        let (w, h) = label_size(name, Weight::Bold, size, pad);
        let cands = layout::around_point(*x, *y, r + 3.0 * ui, w, h);
        let Some((rect, _)) = obs.best(&cands) else {
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
        let size = 12.5 * ui;
        let (w, h) = label_size(label, Weight::Regular, size, pad);
        let cands = layout::along_line(line, w, h, 4.0 * ui);
        let Some((rect, _)) = obs.best(&cands) else {
            continue;
        };
        items.push(label_item(
            label,
            Weight::Regular,
            size,
            rect,
            pad,
            pen.pal.mode_color(pen.theme, leg.mode),
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
