//! Where things go: free-space tests against obstacles, label candidates, furniture
//! placement by least cover, and round scale-bar lengths.

use super::draw::{fit_box, Pen};
use super::furniture::{self, Bands};
use super::project::{Extent, Projection, View};
use super::scene::Rect;
use super::{Layout, Panels};
use crate::model::{Document, LonLat};

pub use super::obstacles::Obstacles;

/// The share of the map area kept clear around the route and its labels: 6% of
/// the width on the left and right, 6% of the height above and below, the map
/// area being what the title and source bands leave.
pub const MARGIN: f64 = 0.06;

/// How a map is framed: its view, the map area (between the bands) and the
/// inner box (the map area less the margins) holding every leg, stop and route
/// label.
pub(super) struct Framing {
    pub view: View,
    pub frame: Rect,
    pub inner: Rect,
    pub bands: Option<Bands>,
}

/// Frames the route's points `all` (with `extent`, theirs): the bands take their
/// room first, the projection is chosen for the shape of the map area that is
/// left ([`Projection::choose_for`]), and the points are fitted inside the
/// margins, centred, so spare room is shared by both sides of the axis that has
/// it.
pub(super) fn frame_map(
    doc: &Document,
    layout: &Layout,
    pen: &Pen,
    all: &[LonLat],
    extent: &Extent,
) -> Framing {
    let (w, h) = (
        f64::from(layout.width_px.max(1)),
        f64::from(layout.height_px.max(1)),
    );
    let bands_for = |proj: &Projection, fine: bool| match layout.panels {
        Panels::Band => Some(furniture::bands(doc, proj, fine, pen, w as f32, h as f32)),
        Panels::Float => None,
    };
    let heights = |b: &Option<Bands>| b.as_ref().map_or((0.0, 0.0), |b| (b.top_h, b.bottom_h));
    let map_h = |(top, bottom): (f32, f32)| (h - f64::from(top + bottom)).max(h * 0.3);
    // The bands' heights barely depend on the projection named in the credits:
    // a first guess gives the map area's shape, then the chosen projection's
    // bands are made.
    let guess = Projection::Mercator { lon0_deg: 0.0 };
    let aspect = w / map_h(heights(&bands_for(&guess, false)));
    let proj = if all.is_empty() {
        Projection::choose(extent, layout.projection)
    } else {
        Projection::choose_for(all, extent, layout.projection, aspect)
    };
    let bbox = fit_box(&proj, all, extent);
    // the frame is at least as wide as the legs, and as tall (in the map's shape)
    let bands = bands_for(
        &proj,
        super::coast::beyond_detail((bbox.2 - bbox.0).max((bbox.3 - bbox.1) * aspect), extent),
    );
    let (top, bottom) = heights(&bands);
    let mh = map_h((top, bottom));
    // Room for a marker at least, on very small maps.
    let floor = f64::from(16.0 * pen.ui);
    let (mx, my) = ((MARGIN * w).max(floor), (MARGIN * mh).max(floor));
    let view = View::fit_area(
        proj,
        bbox,
        w,
        h,
        (0.0, f64::from(top), w, f64::from(top) + mh),
        (mx, my),
    );
    let frame = Rect::xywh(0.0, top, w as f32, mh as f32);
    let inner = Rect::xywh(
        mx as f32,
        top + my as f32,
        (w - 2.0 * mx).max(1.0) as f32,
        (mh - 2.0 * my).max(1.0) as f32,
    );
    Framing {
        view,
        frame,
        inner,
        bands,
    }
}

/// The part of segment p-q inside the box [x_min, x_max, y_min, y_max], as the
/// parameters (t0, t1) along it (0 at p, 1 at q), or `None` when it misses the box
/// (Liang-Barsky). Shared by label placement and basemap clipping.
pub fn clip_parameters(p: (f64, f64), q: (f64, f64), bounds: [f64; 4]) -> Option<(f64, f64)> {
    let [x_min, x_max, y_min, y_max] = bounds;
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (den, num) in [
        (-dx, p.0 - x_min),
        (dx, x_max - p.0),
        (-dy, p.1 - y_min),
        (dy, y_max - p.1),
    ] {
        if den == 0.0 {
            if num < 0.0 {
                return None;
            }
        } else {
            let t = num / den;
            if den < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return None;
            }
        }
    }
    Some((t0, t1))
}

/// True when the segment p-q meets the rectangle.
pub fn seg_meets_rect(p: (f32, f32), q: (f32, f32), r: &Rect) -> bool {
    let wide = |v: (f32, f32)| (f64::from(v.0), f64::from(v.1));
    let bounds = [r.x0, r.x1, r.y0, r.y1].map(f64::from);
    clip_parameters(wide(p), wide(q), bounds).is_some()
}

/// Candidate boxes of size `w`x`h` around a point marker of radius `r`: right,
/// left, above-right, below-right, above-left, below-left, above, below, at
/// growing distances (cartographers' preferred order, after Imhof).
pub fn around_point(x: f32, y: f32, r: f32, w: f32, h: f32) -> Vec<Rect> {
    let mut out = Vec::with_capacity(40);
    for k in [1.0f32, 2.2, 3.6, 5.5] {
        let d = r * k;
        let diag = d * 0.75;
        out.extend([
            Rect::xywh(x + d, y - h / 2.0, w, h),
            Rect::xywh(x - d - w, y - h / 2.0, w, h),
            Rect::xywh(x + diag, y - diag - h, w, h),
            Rect::xywh(x + diag, y + diag, w, h),
            Rect::xywh(x - diag - w, y - diag - h, w, h),
            Rect::xywh(x - diag - w, y + diag, w, h),
            Rect::xywh(x - w / 2.0, y - d - h, w, h),
            Rect::xywh(x - w / 2.0, y + d, w, h),
        ]);
    }
    out
}

/// Candidate boxes beside a polyline (a leg's date label): centred on points at
/// several fractions of its length, pushed off the line on either side.
pub fn along_line(pts: &[(f32, f32)], w: f32, h: f32, gap: f32) -> Vec<Rect> {
    let total: f32 = pts.windows(2).map(|s| dist(s[0], s[1])).sum();
    let mut out = Vec::new();
    if total <= 0.0 {
        if let Some(&(x, y)) = pts.first() {
            out.extend(around_point(x, y, gap, w, h));
        }
        return out;
    }
    for frac in [0.5f32, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.12, 0.88] {
        let Some(((x, y), (ux, uy))) = point_at(pts, frac * total) else {
            continue;
        };
        let (nx, ny) = (-uy, ux); // unit normal
        for k in [1.0f32, 2.0, 3.5, 5.5] {
            for side in [1.0f32, -1.0] {
                // Push the box centre out so its nearest edge clears the line by gap*k.
                let reach = (w / 2.0 * nx.abs() + h / 2.0 * ny.abs()) + gap * k;
                let cx = x + side * nx * reach;
                let cy = y + side * ny * reach;
                out.push(Rect::xywh(cx - w / 2.0, cy - h / 2.0, w, h));
            }
        }
    }
    out
}

/// The point at `d` along the polyline, and the unit direction there.
pub fn point_at(pts: &[(f32, f32)], d: f32) -> Option<((f32, f32), (f32, f32))> {
    let mut left = d;
    for s in pts.windows(2) {
        let len = dist(s[0], s[1]);
        if len > 0.0 && left <= len {
            let t = left / len;
            let u = ((s[1].0 - s[0].0) / len, (s[1].1 - s[0].1) / len);
            return Some((
                (
                    s[0].0 + t * (s[1].0 - s[0].0),
                    s[0].1 + t * (s[1].1 - s[0].1),
                ),
                u,
            ));
        }
        left -= len;
    }
    None
}

/// Douglas-Peucker simplification: drops points closer than `tol_px` to the line
/// between the points kept around them. Ends are always kept.
pub fn simplify(pts: &[(f32, f32)], tol_px: f32) -> Vec<(f32, f32)> {
    if pts.len() < 3 {
        return pts.to_vec();
    }
    let mut keep = vec![false; pts.len()];
    // Long lines in pieces, as `network::rail::simplify_km` does: linear cost
    // whatever the shape.
    for (a, b) in crate::network::rail::simplify_pieces(pts.len()) {
        keep[a] = true;
        keep[b] = true;
        keep_far_points(pts, a, b, tol_px, &mut keep);
    }
    pts.iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| *p)
        .collect()
}

/// Douglas-Peucker between the kept points `a` and `b`.
fn keep_far_points(pts: &[(f32, f32)], a: usize, b: usize, tol_px: f32, keep: &mut [bool]) {
    let mut stack = vec![(a, b)];
    while let Some((a, b)) = stack.pop() {
        let (p, q) = (pts[a], pts[b]);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let len = (dx * dx + dy * dy).sqrt();
        let mut worst = (0.0f32, a);
        for (i, r) in pts.iter().enumerate().take(b).skip(a + 1) {
            let d = if len > 0.0 {
                ((r.0 - p.0) * dy - (r.1 - p.1) * dx).abs() / len
            } else {
                dist(*r, p)
            };
            if d > worst.0 {
                worst = (d, i);
            }
        }
        if worst.0 > tol_px {
            keep[worst.1] = true;
            stack.push((a, worst.1));
            stack.push((worst.1, b));
        }
    }
}

/// Euclidean distance, px.
pub fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt()
}

/// Length of a polyline, px.
pub fn length_px(pts: &[(f32, f32)]) -> f32 {
    pts.windows(2).map(|s| dist(s[0], s[1])).sum()
}

/// Boxes of size `w`x`h` in the corners and along the edges of `frame`, `inset`
/// px in: top-left, top-right, bottom-left, bottom-right, then the edge middles.
pub fn corners(frame: Rect, w: f32, h: f32, inset: f32) -> Vec<Rect> {
    let (l, t) = (frame.x0 + inset, frame.y0 + inset);
    let (r, b) = (frame.x1 - inset - w, frame.y1 - inset - h);
    let (mx, my) = (
        (frame.x0 + frame.x1 - w) / 2.0,
        (frame.y0 + frame.y1 - h) / 2.0,
    );
    vec![
        Rect::xywh(l, t, w, h),
        Rect::xywh(r, t, w, h),
        Rect::xywh(l, b, w, h),
        Rect::xywh(r, b, w, h),
        Rect::xywh(mx, t, w, h),
        Rect::xywh(mx, b, w, h),
        Rect::xywh(l, my, w, h),
        Rect::xywh(r, my, w, h),
    ]
}

/// More places for furniture: along every edge of the frame at quarter steps,
/// and stacked against furniture already placed (above, below, beside).
pub fn edge_and_stack(frame: Rect, placed: &[Rect], w: f32, h: f32, inset: f32) -> Vec<Rect> {
    let mut out: Vec<Rect> = corners(frame, w, h, inset).into_iter().take(4).collect();
    // Stacked on furniture already placed comes before the edge middles, so pieces
    // gather in the corners and leave the middle of the map free.
    for p in placed {
        let g = inset * 0.5;
        out.extend([
            Rect::xywh(p.x0, p.y1 + g, w, h),
            Rect::xywh(p.x1 - w, p.y1 + g, w, h),
            Rect::xywh(p.x0, p.y0 - g - h, w, h),
            Rect::xywh(p.x1 - w, p.y0 - g - h, w, h),
            Rect::xywh(p.x1 + g, p.y0, w, h),
            Rect::xywh(p.x0 - g - w, p.y0, w, h),
            Rect::xywh(p.x1 + g, p.y1 - h, w, h),
            Rect::xywh(p.x0 - g - w, p.y1 - h, w, h),
        ]);
    }
    out.extend(corners(frame, w, h, inset).into_iter().skip(4));
    let (l, t) = (frame.x0 + inset, frame.y0 + inset);
    let (r, b) = (frame.x1 - inset - w, frame.y1 - inset - h);
    for q in [0.25f32, 0.75] {
        let x = l + (r - l) * q;
        let y = t + (b - t) * q;
        out.extend([
            Rect::xywh(x, t, w, h),
            Rect::xywh(x, b, w, h),
            Rect::xywh(l, y, w, h),
            Rect::xywh(r, y, w, h),
        ]);
    }
    out
}

/// Picks, among `candidates`, the box that covers least of `obs`, preferring
/// earlier candidates on ties.
pub fn least_cover(obs: &Obstacles, candidates: &[Rect]) -> Option<Rect> {
    candidates
        .iter()
        .enumerate()
        .map(|(i, r)| (obs.cover_cost(r) + i as f32 * 0.5, *r))
        .filter(|(c, _)| c.is_finite())
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, r)| r)
}

/// The longest "round" length (1, 2 or 5 times a power of ten) not above `max`.
/// `None` for a non-positive or non-finite `max`.
pub fn round_length(max: f64) -> Option<f64> {
    if !(max.is_finite() && max > 0.0) {
        return None;
    }
    let p = 10f64.powf(max.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v <= max * (1.0 + 1e-9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_lengths() {
        assert_eq!(round_length(730.0), Some(500.0));
        assert_eq!(round_length(499.0), Some(200.0));
        assert_eq!(round_length(1.0), Some(1.0));
        assert_eq!(round_length(0.37), Some(0.2));
        assert_eq!(round_length(0.0), None);
        assert_eq!(round_length(f64::NAN), None);
    }

    #[test]
    fn simplify_keeps_ends_and_corners() {
        let line = [(0.0, 0.0), (5.0, 0.1), (10.0, 0.0), (10.0, 10.0)];
        assert_eq!(
            simplify(&line, 0.3),
            vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]
        );
        assert_eq!(simplify(&line[..2], 0.3), line[..2].to_vec());
        // A closed ring (first == last) keeps its shape.
        let ring = [
            (0.0, 0.0),
            (10.0, 0.0),
            (10.0, 10.0),
            (0.0, 10.0),
            (0.0, 0.0),
        ];
        assert_eq!(simplify(&ring, 0.3).len(), 5);
    }

    #[test]
    fn segment_rect_meeting() {
        let r = Rect::xywh(0.0, 0.0, 10.0, 10.0);
        assert!(seg_meets_rect((-5.0, 5.0), (15.0, 5.0), &r));
        assert!(seg_meets_rect((2.0, 2.0), (3.0, 3.0), &r));
        assert!(!seg_meets_rect((-5.0, -5.0), (-1.0, 20.0), &r));
        assert!(!seg_meets_rect((11.0, 0.0), (20.0, 10.0), &r));
    }

    #[test]
    fn placement_avoids_obstacles_and_frame() {
        let mut obs = Obstacles::new(Rect::xywh(0.0, 0.0, 200.0, 100.0));
        obs.add_line(&[(0.0, 50.0), (200.0, 50.0)]);
        obs.add_rect(Rect::xywh(95.0, 45.0, 10.0, 10.0));
        let (r, free) = obs
            .best(&around_point(100.0, 50.0, 6.0, 40.0, 12.0))
            .unwrap();
        assert!(free);
        assert!(obs.is_free(&r));
        // Near the right edge, the right-hand candidates leave the frame.
        let (r, _) = obs
            .best(&around_point(195.0, 20.0, 6.0, 40.0, 12.0))
            .unwrap();
        assert!(r.x1 <= 200.0);
    }

    #[test]
    fn along_line_offers_both_sides() {
        let c = along_line(&[(0.0, 50.0), (100.0, 50.0)], 20.0, 10.0, 4.0);
        assert!(c.iter().any(|r| r.y1 <= 46.0));
        assert!(c.iter().any(|r| r.y0 >= 54.0));
        assert!(c
            .iter()
            .all(|r| !seg_meets_rect((0.0, 50.0), (100.0, 50.0), r)));
    }

    #[test]
    fn furniture_goes_where_it_covers_least() {
        let frame = Rect::xywh(0.0, 0.0, 400.0, 300.0);
        let mut obs = Obstacles::new(frame);
        // A route across the top half: the best spot is at the bottom.
        obs.add_line(&[(0.0, 40.0), (400.0, 40.0)]);
        let r = least_cover(&obs, &corners(frame, 100.0, 60.0, 10.0)).unwrap();
        assert!(r.y0 > 150.0, "{r:?}");
        assert!(frame.contains(&r));
    }
}
