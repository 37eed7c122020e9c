//! The two inset maps: a locator showing where the frame sits in the world, and a
//! close-up of legs too short to read at the main scale. Both are drawn at the
//! origin; furniture moves them into place.

use super::basemap::LayerId;
use super::draw::{self, LegGeom, Pen, Stop};
use super::furniture::bar_length;
use super::labels;
use super::layout;
use super::layout::Obstacles;
use super::project::{Projection, View};
use super::scene::{Color, Fill, FillRule, Item, Path, Rect, Stroke};
use super::text::Weight;
use crate::model::Document;

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

/// A close-up is drawn only when it magnifies its area at least this much.
pub(super) const MIN_ZOOM: f64 = 3.0;
/// A leg shorter than this on the main map (px at ui 1) is too short to read.
pub(super) const SHORT_LEG_PX: f32 = 60.0;
/// Distinct stops closer than this on the main map (px at ui 1) sit on top of
/// each other.
const STACKED_STOP_PX: f32 = 14.0;
/// Stops nearer each other than this on the ground are one place drawn twice; a
/// close-up would not part them.
const SAME_PLACE_KM: f64 = 0.1;
/// Short legs and stacked stops this close to each other (px at ui 1) share a
/// close-up; the close-up shows the group with the most of them.
const GROUP_PX: f32 = 90.0;
/// The share of the close-up's width or height its legs and stops fill.
const FILL: f64 = 0.8;
/// The least ground a close-up shows across, km: a quay's length; stops on top of
/// each other a few metres apart are not parted further.
const MIN_ACROSS_KM: f64 = 0.25;
/// The least size of the area's outline on the main map, px at ui 1.
const MARK_PX: f32 = 16.0;

/// The close-up inset chosen for a map: the area it magnifies and what it shows.
#[derive(Debug, Clone)]
pub(super) struct Closeup {
    /// The area on the main map, px; its shape is the inset's map part.
    #[cfg_attr(not(test), allow(dead_code))] // read by the tests
    pub area: Rect,
    /// The area as outlined on the main map: at least [`MARK_PX`] across, so a
    /// close-up of a few hundred metres on a continent-wide map still shows where
    /// it is.
    pub marked: Rect,
    /// How much the inset magnifies the area (ground per pixel on the main map
    /// over ground per pixel in the inset, measured at the area's centre); at
    /// least [`MIN_ZOOM`].
    #[cfg_attr(not(test), allow(dead_code))] // read by the tests
    pub zoom: f64,
    /// The legs the close-up is about: labelled there, not on the main map.
    pub legs: Vec<usize>,
    /// Every leg that crosses the area (drawn in the inset).
    pub shown_legs: Vec<usize>,
    /// The stops inside the area.
    pub stops: Vec<usize>,
    /// Its title ("Close-up: Najin to Dunay").
    pub title: String,
    /// The dates of the one leg it shows, under the title.
    pub subtitle: Option<String>,
    /// Size of the whole inset, px, and of its title strip at the top.
    pub w: f32,
    pub h: f32,
    pub strip_h: f32,
    /// The inset's map part as a view: the main projection, magnified.
    pub view: View,
}

/// A close-up placed on the map.
#[derive(Debug, Clone)]
pub(super) struct Placed {
    pub closeup: Closeup,
    /// Where the inset went, px.
    pub rect: Rect,
    /// The leader line from the area's outline to the inset, px.
    #[cfg_attr(not(test), allow(dead_code))] // read by the tests
    pub leader: [(f32, f32); 2],
}

/// Title type size (before `ui`) and padding of the close-up's title strip.
const TITLE_PX: f32 = 12.0;
const TITLE_PAD: f32 = 5.0;
const SUBTITLE_PX: f32 = 10.5;

/// At most this many close-ups on one map; further groups are named in a note.
pub(super) const MAX_CLOSEUPS: usize = 3;
/// Least type sizes in the close-up at 96 dpi (times dpi/96 for print), as the
/// main map's: its title as the stop names' minimum less one, its dates and scale
/// bar as the legend's.
const TITLE_MIN_PX: f32 = 10.0;
const SUBTITLE_MIN_PX: f32 = 9.0;
const BAR_MIN_PX: f32 = 9.0;
/// The least width of a close-up at 96 dpi: room for a short title.
const MIN_W_PX: f32 = 170.0;

/// What the map's close-ups show, and what is too small but gets none.
#[derive(Debug, Clone, Default)]
pub(super) struct Plan {
    /// The close-ups, most needed first (the group with the most short legs and
    /// stacked stops).
    pub closeups: Vec<Closeup>,
    /// Notes on the groups that get no close-up (past [`MAX_CLOSEUPS`], or too
    /// spread out for a 3x close-up), for the warnings the CLI prints.
    pub notes: Vec<String>,
}

/// Decides whether the map needs close-ups, and of what: legs shorter than
/// [`SHORT_LEG_PX`] and distinct stops drawn on top of each other, grouped by
/// nearness; each group gets its own inset (most items first, at most
/// [`MAX_CLOSEUPS`]) when the inset can magnify it at least [`MIN_ZOOM`] times.
/// `leg_px` and `markers` are the legs and stop markers as drawn on the main map.
#[allow(clippy::too_many_arguments)]
pub(super) fn plan(
    doc: &Document,
    view: &View,
    frame: Rect,
    legs: &[LegGeom],
    stops: &[Stop],
    leg_px: &[Vec<Vec<(f32, f32)>>],
    markers: &[Option<(f32, f32, f32)>],
    pen: &Pen,
) -> Plan {
    let ui = pen.ui;
    // What is too small to read: (box on the main map, leg, stops).
    let mut small: Vec<Small> = Vec::new();
    for (i, pieces) in leg_px.iter().enumerate() {
        let len: f32 = pieces.iter().map(|p| layout::length_px(p)).sum();
        if len >= SHORT_LEG_PX * ui {
            continue;
        }
        // A leg under a pixel long has no piece drawn: its path's points, projected.
        let b = if pieces.is_empty() {
            legs.get(i).and_then(|l| {
                bbox(l.path.iter().filter_map(|p| {
                    let (x, y) = view.to_px(p.lon(), p.lat())?;
                    Some((x as f32, y as f32))
                }))
                .filter(|b| frame.contains(b))
            })
        } else {
            bbox(pieces.iter().flatten().copied())
        };
        if let Some(b) = b {
            small.push((b, Some(i), Vec::new()));
        }
    }
    for (a, b) in stacked_stops(stops, markers, STACKED_STOP_PX * ui) {
        let (Some(p), Some(q)) = (markers[a], markers[b]) else {
            continue;
        };
        if let Some(r) = bbox([(p.0, p.1), (q.0, q.1)].into_iter()) {
            small.push((r, None, vec![a, b]));
        }
    }
    let mut out = Plan::default();
    let (mut past_cap, mut spread) = (Vec::new(), Vec::new());
    for group in groups(&small, GROUP_PX * ui) {
        let items: Vec<&Small> = group.iter().map(|&k| &small[k]).collect();
        let full = out.closeups.len() >= MAX_CLOSEUPS;
        let planned = if full {
            None
        } else {
            plan_group(doc, view, frame, legs, stops, leg_px, markers, pen, &items)
        };
        match planned {
            Some(c) => out.closeups.push(c),
            None => {
                let list = if full { &mut past_cap } else { &mut spread };
                // Named only a few: a batch map can have thousands of groups.
                if list.len() < 4 {
                    let (about, named) = about_and_named(&items);
                    let t = title(doc, legs, stops, &about, &named, f32::INFINITY, 10.0);
                    list.push(Some(t.trim_start_matches("Close-up: ").to_owned()));
                } else {
                    list.push(None);
                }
            }
        }
    }
    if !past_cap.is_empty() {
        out.notes.push(format!(
            "the map has room for {MAX_CLOSEUPS} close-ups; {} without one: {} \
             (draw {} as a map of its own)",
            count(
                past_cap.len(),
                "more place is drawn",
                "more places are drawn"
            ),
            names(&past_cap),
            if past_cap.len() == 1 { "it" } else { "each" }
        ));
    }
    if !spread.is_empty() {
        out.notes.push(format!(
            "{} too small to read at this scale but too spread out for a close-up \
             of at least {MIN_ZOOM}x: {} (draw {} as a map of its own)",
            count(spread.len(), "place is drawn", "places are drawn"),
            names(&spread),
            if spread.len() == 1 { "it" } else { "each" }
        ));
    }
    out
}

/// "1 more place is drawn", "2 more places are drawn".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "A to B; C and D" and "and 3 more" for names not worked out.
fn names(list: &[Option<String>]) -> String {
    let known: Vec<&str> = list.iter().flatten().map(String::as_str).collect();
    let rest = list.len() - known.len();
    if rest == 0 {
        known.join("; ")
    } else {
        format!("{} and {rest} more", known.join("; "))
    }
}

/// Something too small to read: its box on the main map, the short leg, the
/// stops stacked.
type Small = (Rect, Option<usize>, Vec<usize>);

/// The short legs of a group, and its stacked stops, each sorted.
fn about_and_named(items: &[&Small]) -> (Vec<usize>, Vec<usize>) {
    let mut about: Vec<usize> = items.iter().filter_map(|it| it.1).collect();
    about.sort_unstable();
    about.dedup();
    let mut named: Vec<usize> = items.iter().flat_map(|it| it.2.clone()).collect();
    named.sort_unstable();
    named.dedup();
    (about, named)
}

/// The close-up of one group, when it magnifies at least [`MIN_ZOOM`] times.
#[allow(clippy::too_many_arguments)]
fn plan_group(
    doc: &Document,
    view: &View,
    frame: Rect,
    legs: &[LegGeom],
    stops: &[Stop],
    leg_px: &[Vec<Vec<(f32, f32)>>],
    markers: &[Option<(f32, f32, f32)>],
    pen: &Pen,
    items: &[&Small],
) -> Option<Closeup> {
    let ui = pen.ui;
    let bx = items.iter().map(|it| it.0).reduce(|a, b| Rect {
        x0: a.x0.min(b.x0),
        y0: a.y0.min(b.y0),
        x1: a.x1.max(b.x1),
        y1: a.y1.max(b.y1),
    })?;
    let (about, named) = about_and_named(items);

    // The inset scales with the map, but never below a width that holds a short
    // title at the least type size.
    let (w, h) = (
        (300.0 * ui).max(MIN_W_PX * pen.dpi_k).min(frame.w() * 0.34),
        (220.0 * ui)
            .max(MIN_W_PX * 0.73 * pen.dpi_k)
            .min(frame.h() * 0.36),
    );
    let pad = TITLE_PAD * ui;
    let title_size = pen.text_px(TITLE_PX, TITLE_MIN_PX);
    let sub_size = pen.text_px(SUBTITLE_PX, SUBTITLE_MIN_PX);
    let (_, th) = labels::label_size("Close-up", Weight::Bold, title_size, 0.0);
    // One leg: its dates under the title, when they fit there.
    let subtitle = match about[..] {
        [i] => legs[i]
            .label
            .clone()
            .filter(|t| labels::label_size(t, Weight::Regular, sub_size, 0.0).0 <= w - 2.0 * pad),
        _ => None,
    };
    let sub_h = subtitle.as_ref().map_or(0.0, |t| {
        labels::label_size(t, Weight::Regular, sub_size, 0.0).1 + 3.0 * ui
    });
    let strip_h = th + sub_h + 2.0 * pad;
    let (cw, ch) = (f64::from(w), f64::from(h - strip_h));
    if !(cw > 20.0 && ch > 20.0) {
        return None;
    }
    let (cx, cy) = (
        f64::from(bx.x0 + bx.x1) / 2.0,
        f64::from(bx.y0 + bx.y1) / 2.0,
    );
    let km_px = view.km_per_px_at(cx, cy)?;
    let (bw, bh) = (f64::from(bx.w()).max(1e-3), f64::from(bx.h()).max(1e-3));
    let zoom = (cw * FILL / bw)
        .min(ch * FILL / bh)
        .min(cw * km_px / MIN_ACROSS_KM);
    if !(zoom >= MIN_ZOOM && zoom.is_finite()) {
        return None;
    }
    let (aw, ah) = (cw / zoom, ch / zoom);
    let (cx, cy) = towards_city(view, (cx, cy), (aw, ah), &bx);
    let area = Rect::xywh(
        (cx - aw / 2.0) as f32,
        (cy - ah / 2.0) as f32,
        aw as f32,
        ah as f32,
    );
    let marked = {
        let (mw, mh) = (area.w().max(MARK_PX * ui), area.h().max(MARK_PX * ui));
        let (mx, my) = (cx as f32, cy as f32);
        Rect::xywh(mx - mw / 2.0, my - mh / 2.0, mw, mh)
    };
    let inset_view = View {
        projection: view.projection,
        px_per_km: view.px_per_km * zoom,
        centre_km: (
            view.centre_km.0 + (cx - view.width_px / 2.0) / view.px_per_km,
            view.centre_km.1 - (cy - view.height_px / 2.0) / view.px_per_km,
        ),
        width_px: cw,
        height_px: ch,
    };
    // The magnification as measured on the ground, not as intended: the check
    // that the inset is a close-up.
    let measured = km_px / inset_view.km_per_px_at(cw / 2.0, ch / 2.0)?;
    if measured.is_nan() || measured < MIN_ZOOM * 0.999 {
        return None;
    }
    let grown = area.grow(2.0 * ui);
    let shown_legs: Vec<usize> = leg_px
        .iter()
        .enumerate()
        .filter(|(_, pieces)| {
            pieces.iter().any(|p| {
                p.windows(2)
                    .any(|s| layout::seg_meets_rect(s[0], s[1], &grown))
            })
        })
        .map(|(i, _)| i)
        .chain(about.iter().copied())
        .collect::<std::collections::BTreeSet<usize>>()
        .into_iter()
        .collect();
    let inside: Vec<usize> = markers
        .iter()
        .enumerate()
        .filter(|(_, m)| m.is_some_and(|(x, y, _)| grown.has_point(x, y)))
        .map(|(i, _)| i)
        .collect();
    let title = title(doc, legs, stops, &about, &named, w - 2.0 * pad, title_size);
    Some(Closeup {
        area,
        marked,
        zoom: measured,
        legs: about,
        shown_legs,
        stops: inside,
        title,
        subtitle,
        w,
        h,
        strip_h,
        view: inset_view,
    })
}

/// The close-up's centre, moved within the room its area has around the group
/// (`bx`, kept at least [`CITY_EDGE`] of the area from each edge) so that the
/// largest city that room can take falls inside, [`CITY_EDGE`] from the edge: a
/// close-up of Najin and Dunay shows and names Vladivostok. Unmoved when no
/// city is in reach.
fn towards_city(view: &View, c: (f64, f64), (aw, ah): (f64, f64), bx: &Rect) -> (f64, f64) {
    let (mx, my) = (aw * CITY_EDGE, ah * CITY_EDGE);
    let (bx0, by0, bx1, by1) = (
        f64::from(bx.x0),
        f64::from(bx.y0),
        f64::from(bx.x1),
        f64::from(bx.y1),
    );
    // The area's left edge may lie in lo..=hi and keep the group inside.
    let (lo_x, hi_x) = (bx1 + mx - aw, bx0 - mx);
    let (lo_y, hi_y) = (by1 + my - ah, by0 - my);
    if !(lo_x <= hi_x && lo_y <= hi_y) {
        return c;
    }
    // Where a city can be and still fall inside some such area.
    let Some((x, y)) = super::reference::largest_city_in(
        view,
        lo_x + mx,
        lo_y + my,
        hi_x + aw - mx,
        hi_y + ah - my,
    ) else {
        return c;
    };
    let x0 = (c.0 - aw / 2.0)
        .clamp(x + mx - aw, x - mx)
        .clamp(lo_x, hi_x);
    let y0 = (c.1 - ah / 2.0)
        .clamp(y + my - ah, y - my)
        .clamp(lo_y, hi_y);
    (x0 + aw / 2.0, y0 + ah / 2.0)
}

/// How far from the close-up's edge, as a share of its size, the group and a
/// city it is moved to show stay.
const CITY_EDGE: f64 = 0.08;

/// The box around some points.
fn bbox(pts: impl Iterator<Item = (f32, f32)>) -> Option<Rect> {
    let mut r: Option<Rect> = None;
    for (x, y) in pts.filter(|p| p.0.is_finite() && p.1.is_finite()) {
        r = Some(match r {
            None => Rect {
                x0: x,
                y0: y,
                x1: x,
                y1: y,
            },
            Some(r) => Rect {
                x0: r.x0.min(x),
                y0: r.y0.min(y),
                x1: r.x1.max(x),
                y1: r.y1.max(y),
            },
        });
    }
    r
}

/// Pairs of distinct stops whose markers lie closer than `near` px, found through
/// a grid of cells `near` wide (a batch map has thousands of stops). Each stop is
/// compared with a few stops of each neighbouring cell at most: stops piled up
/// in one cell are all stacked anyway.
fn stacked_stops(
    stops: &[Stop],
    markers: &[Option<(f32, f32, f32)>],
    near: f32,
) -> Vec<(usize, usize)> {
    let mut cells: std::collections::HashMap<(i64, i64), Vec<usize>> =
        std::collections::HashMap::new();
    let cell = |x: f32, y: f32| ((x / near).floor() as i64, (y / near).floor() as i64);
    for (i, m) in markers.iter().enumerate() {
        if let Some((x, y, _)) = m {
            if x.is_finite() && y.is_finite() {
                cells.entry(cell(*x, *y)).or_default().push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (i, m) in markers.iter().enumerate() {
        let Some((x, y, _)) = *m else { continue };
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let (c, r) = cell(x, y);
        for dc in -1..=1 {
            for dr in -1..=1 {
                let Some(ids) = cells.get(&(c + dc, r + dr)) else {
                    continue;
                };
                for &j in ids.iter().filter(|&&j| j > i).take(8) {
                    let Some((xj, yj, _)) = markers[j] else {
                        continue;
                    };
                    let apart_km =
                        crate::network::great_circle::distance_km(stops[i].at, stops[j].at);
                    if layout::dist((x, y), (xj, yj)) < near && apart_km >= SAME_PLACE_KM {
                        out.push((i, j));
                    }
                }
            }
        }
        if out.len() > 4096 {
            break;
        }
    }
    out
}

/// The groups of boxes whose centres link up within `link` px (cells `link`
/// wide, neighbouring occupied cells joined; linear in the number of boxes),
/// each as indices into `boxes`, the largest group first; ties keep the order
/// their first boxes come in (short legs in document order, then stacked stops).
fn groups(boxes: &[Small], link: f32) -> Vec<Vec<usize>> {
    use std::collections::HashMap;
    let mut cells: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    let mut order: Vec<(i64, i64)> = Vec::new();
    for (k, (r, _, _)) in boxes.iter().enumerate() {
        let (x, y) = ((r.x0 + r.x1) / 2.0, (r.y0 + r.y1) / 2.0);
        if !(x.is_finite() && y.is_finite()) {
            continue;
        }
        let key = ((x / link).floor() as i64, (y / link).floor() as i64);
        let e = cells.entry(key).or_default();
        if e.is_empty() {
            order.push(key);
        }
        e.push(k);
    }
    let mut seen: std::collections::HashSet<(i64, i64)> = std::collections::HashSet::new();
    let mut all: Vec<Vec<usize>> = Vec::new();
    for start in order {
        if !seen.insert(start) {
            continue;
        }
        let mut group = Vec::new();
        let mut todo = vec![start];
        while let Some(c) = todo.pop() {
            group.extend_from_slice(&cells[&c]);
            for dc in -1..=1 {
                for dr in -1..=1 {
                    let n = (c.0 + dc, c.1 + dr);
                    if cells.contains_key(&n) && seen.insert(n) {
                        todo.push(n);
                    }
                }
            }
        }
        group.sort_unstable();
        all.push(group);
    }
    all.sort_by_key(|g| std::cmp::Reverse(g.len()));
    all
}

/// "Close-up: Najin to Dunay" for a run of legs, "Close-up: Najin and Rajin"
/// for stops; shortened until it fits `max_w` px.
fn title(
    doc: &Document,
    legs: &[LegGeom],
    stops: &[Stop],
    about: &[usize],
    named: &[usize],
    max_w: f32,
    size: f32,
) -> String {
    let leg_of = |i: usize| {
        legs.get(i)
            .and_then(|l| doc.routes.get(l.route)?.legs.get(l.leg))
    };
    let mut names: Vec<String> = Vec::new();
    let mut push = |n: &str| {
        if !names.iter().any(|m| m == n) {
            names.push(n.to_owned());
        }
    };
    let mut candidates: Vec<String> = Vec::new();
    // One run of consecutive legs of one route: "A to B".
    let run = about.windows(2).all(|w| {
        legs.get(w[0])
            .zip(legs.get(w[1]))
            .is_some_and(|(a, b)| a.route == b.route && a.leg + 1 == b.leg)
    });
    // Stacked stops that are the run's own ends say nothing more than "A to B".
    let ends: Vec<&str> = about
        .iter()
        .filter_map(|&i| leg_of(i))
        .flat_map(|l| [l.from.name.as_str(), l.to.name.as_str()])
        .collect();
    let only_ends = named.iter().all(|&i| {
        stops
            .get(i)
            .is_some_and(|s| ends.contains(&s.name.as_str()))
    });
    if run && !about.is_empty() && only_ends {
        if let (Some(a), Some(b)) = (
            about.first().and_then(|&i| leg_of(i)),
            about.last().and_then(|&i| leg_of(i)),
        ) {
            candidates.push(format!("Close-up: {} to {}", a.from.name, b.to.name));
        }
    }
    for &i in about {
        if let Some(l) = leg_of(i) {
            push(&l.from.name);
            push(&l.to.name);
        }
    }
    for &i in named {
        if let Some(s) = stops.get(i) {
            push(&s.name);
        }
    }
    for shown in (1..=names.len().min(3)).rev() {
        let rest = names.len() - shown;
        let list = &names[..shown];
        let text = match (shown, rest) {
            (1, 0) => list[0].clone(),
            (_, 0) => format!("{} and {}", list[..shown - 1].join(", "), list[shown - 1]),
            (_, r) => format!("{} and {r} more", list.join(", ")),
        };
        candidates.push(format!("Close-up: {text}"));
    }
    // Short of room: the first place's name alone says more than "Close-up".
    if let Some(first) = names.first() {
        candidates.push(first.clone());
    }
    candidates.push("Close-up".to_owned());
    candidates
        .into_iter()
        .find(|t| labels::label_size(t, Weight::Bold, size, 0.0).0 <= max_w)
        .unwrap_or_else(|| "Close-up".to_owned())
}

/// Places the close-up near its area: candidate boxes around the area at growing
/// distances and in the frame's corners, each scored on its distance to the area,
/// on what it covers (route lines, stops, furniture, and the room the area's stop
/// names need) and on what its leader line would cross; draws the inset and the
/// leader and adds both to the obstacles ([`outline`] draws the area).
///
/// Hard rules: the inset covers no stop marker, no other furniture or close-up
/// (`placed`) and no close-up's area (`areas`), and its leader crosses no
/// close-up; `None` when no candidate keeps them.
#[allow(clippy::too_many_arguments)]
pub(super) fn place(
    c: &Closeup,
    legs: &[LegGeom],
    stops: &[Stop],
    markers: &[Option<(f32, f32, f32)>],
    pen: &Pen,
    placed: &[Rect],
    areas: &[Rect],
    items: &mut Vec<Item>,
    obs: &mut Obstacles,
) -> Option<Placed> {
    let ui = pen.ui;
    let frame = obs.frame();
    let gap = 14.0 * ui;
    let a = c.marked;
    let (w, h) = (c.w, c.h);
    let mut cands: Vec<Rect> = Vec::new();
    let diag = frame.w().hypot(frame.h());
    let mut d = gap;
    while d < diag {
        for t in [0.5f32, 0.0, 1.0] {
            let x = a.x0 + (a.w() - w) * t;
            let y = a.y0 + (a.h() - h) * t;
            cands.extend([
                Rect::xywh(a.x1 + d, y, w, h),
                Rect::xywh(a.x0 - d - w, y, w, h),
                Rect::xywh(x, a.y0 - d - h, w, h),
                Rect::xywh(x, a.y1 + d, w, h),
            ]);
        }
        let dd = d * std::f32::consts::FRAC_1_SQRT_2;
        cands.extend([
            Rect::xywh(a.x1 + dd, a.y0 - dd - h, w, h),
            Rect::xywh(a.x1 + dd, a.y1 + dd, w, h),
            Rect::xywh(a.x0 - dd - w, a.y0 - dd - h, w, h),
            Rect::xywh(a.x0 - dd - w, a.y1 + dd, w, h),
        ]);
        d *= 1.5;
    }
    cands.extend(layout::edge_and_stack(frame, placed, w, h, 12.0 * ui));
    // Room the names of the area's stops will want, beside their markers.
    let name_room: Vec<Rect> = c
        .stops
        .iter()
        .filter_map(|&i| {
            let (x, y, r) = markers.get(i).copied().flatten()?;
            let (lw, lh) = labels::label_size(&stops.get(i)?.name, Weight::Bold, 14.0 * ui, 0.0);
            Some(Rect {
                x0: x - r - lw - 4.0 * ui,
                y0: y - r - lh,
                x1: x + r + lw + 4.0 * ui,
                y1: y + r + lh,
            })
        })
        .collect();
    let keep_clear = a.grow(gap * 0.75);
    let others: Vec<Rect> = areas.iter().map(|r| r.grow(4.0 * ui)).collect();
    let dots: Vec<Rect> = markers
        .iter()
        .flatten()
        .map(|&(x, y, r)| Rect::xywh(x - r, y - r, 2.0 * r, 2.0 * r).grow(2.0 * ui))
        .collect();
    let scored = cands
        .into_iter()
        .filter(|r| !r.overlaps(&keep_clear))
        .filter(|r| {
            !placed
                .iter()
                .chain(&others)
                .chain(&dots)
                .any(|o| o.overlaps(r))
        })
        .filter_map(|r| {
            let cover = obs.cover_cost(&r);
            if !cover.is_finite() {
                return None;
            }
            let leader = leader(&a, &r);
            let (p, q) = trim(leader, 2.0 * ui);
            if placed
                .iter()
                .any(|o| layout::seg_meets_rect(p, q, &o.grow(2.0 * ui)))
            {
                return None;
            }
            let crossing = obs.segment_cost(p, q);
            let names = name_room.iter().filter(|n| n.overlaps(&r)).count() as f32;
            let far = layout::dist(leader[0], leader[1]) / ui;
            Some((
                cover + 50.0 * crossing + 2000.0 * names + 0.6 * far,
                r,
                leader,
            ))
        })
        .min_by(|x, y| x.0.total_cmp(&y.0))?;
    let (_, rect, lead) = scored;
    for mut it in closeup(c, legs, stops, pen) {
        it.translate(rect.x0, rect.y0);
        items.push(it);
    }
    // The leader, in the colour of the inset's frame, on a thin halo.
    let mut line = Path::new();
    line.polyline(&lead, false);
    items.push(Item::Path {
        path: line.clone(),
        fill: None,
        stroke: Some(Stroke::solid(pen.pal.halo, 3.0 * ui)),
    });
    items.push(Item::Path {
        path: line,
        fill: None,
        stroke: Some(Stroke::solid(pen.pal.highlight, 1.4 * ui)),
    });
    obs.add_rect(rect.grow(3.0 * ui));
    obs.add_line(&lead);
    Some(Placed {
        closeup: c.clone(),
        rect,
        leader: lead,
    })
}

/// The close-up's area outlined on the main map. Drawn under the labels and not
/// an obstacle to them: the names of the stops inside the area sit across it,
/// on their halo, beside their markers.
pub(super) fn outline(p: &Placed, pen: &Pen) -> Item {
    let mut path = Path::new();
    path.rect(p.closeup.marked);
    Item::Path {
        path,
        fill: None,
        stroke: Some(Stroke::solid(pen.pal.highlight, 1.4 * pen.ui)),
    }
}

/// The shortest line between two boxes that do not overlap: from the area's
/// outline to the inset's edge.
fn leader(area: &Rect, inset: &Rect) -> [(f32, f32); 2] {
    let span = |a0: f32, a1: f32, b0: f32, b1: f32| {
        if a1 < b0 {
            (a1, b0)
        } else if b1 < a0 {
            (a0, b1)
        } else {
            let m = (a0.max(b0) + a1.min(b1)) / 2.0;
            (m, m)
        }
    };
    let (ax, bx) = span(area.x0, area.x1, inset.x0, inset.x1);
    let (ay, by) = span(area.y0, area.y1, inset.y0, inset.y1);
    [(ax, ay), (bx, by)]
}

/// The segment without `d` px at each end (where it touches the outlines it
/// joins).
fn trim(s: [(f32, f32); 2], d: f32) -> ((f32, f32), (f32, f32)) {
    let len = layout::dist(s[0], s[1]);
    if len <= 2.0 * d {
        let m = ((s[0].0 + s[1].0) / 2.0, (s[0].1 + s[1].1) / 2.0);
        return (m, m);
    }
    let (ux, uy) = ((s[1].0 - s[0].0) / len, (s[1].1 - s[0].1) / len);
    (
        (s[0].0 + ux * d, s[0].1 + uy * d),
        (s[1].0 - ux * d, s[1].1 - uy * d),
    )
}

/// The close-up inset, drawn at the origin: a title strip, then the area in the
/// main map's projection magnified, with the legs that cross it, the stops in it,
/// their names and the labels of the legs it is about.
fn closeup(c: &Closeup, legs: &[LegGeom], stops: &[Stop], pen: &Pen) -> Vec<Item> {
    let ui = pen.ui;
    let view = &c.view;
    let (w, ch) = (view.width_px as f32, view.height_px as f32);
    let km_px = view
        .km_per_px_at(view.width_px / 2.0, view.height_px / 2.0)
        .unwrap_or(1.0);
    let land = if km_px > 1.2 {
        (LayerId::Land50m, LayerId::Borders50m)
    } else {
        (LayerId::Land10m, LayerId::Borders10m)
    };
    let mut content = draw::basemap(view, land.0, Some(land.1), pen);
    let base_items = content.len();
    let mut obs = Obstacles::new(Rect::xywh(0.0, 0.0, w, ch).grow(-2.0));
    let shown: Vec<LegGeom> = c
        .shown_legs
        .iter()
        .filter_map(|&i| {
            let l = legs.get(i)?;
            Some(LegGeom {
                label: if c.legs.contains(&i) && c.subtitle.is_none() {
                    l.label.clone()
                } else {
                    None
                },
                ..l.clone()
            })
        })
        .collect();
    let leg_px = draw::draw_legs(view, &shown, pen, &mut content, &mut obs);
    let inside: Vec<Stop> = c
        .stops
        .iter()
        .filter_map(|&i| stops.get(i).cloned())
        .collect();
    let markers = draw::draw_markers(view, &inside, pen, &mut content, &mut obs);
    let names: Vec<(String, f32, f32, f32)> = inside
        .iter()
        .zip(&markers)
        .filter_map(|(s, m)| m.map(|(x, y, r)| (s.name.clone(), x, y, r)))
        .collect();
    labels::place_labels(&names, &shown, &leg_px, pen, &mut content, &mut obs, false);
    // Reference names (countries, seas, cities) in the room the route's labels
    // left, drawn under the legs.
    let stop_px: Vec<(f32, f32)> = markers.iter().flatten().map(|&(x, y, _)| (x, y)).collect();
    let passages: Vec<String> = shown.iter().flat_map(|l| l.passages.clone()).collect();
    let requests = super::reference::requests(view, &passages, &stop_px, ui);
    let mut reference = Vec::new();
    labels::place_reference(&requests, pen, &mut reference, &mut obs);
    content.splice(base_items..base_items, reference);
    content.extend(small_scale_bar(view, &obs, pen));
    for it in &mut content {
        it.translate(0.0, c.strip_h);
    }
    // Title on a paper strip above the map part.
    let mut head = Vec::new();
    let mut strip = Path::new();
    strip.rect(Rect::xywh(0.0, 0.0, w, c.strip_h));
    head.push(Item::Path {
        path: strip,
        fill: Some(Fill {
            color: Color::hex(0xffffff),
            rule: FillRule::NonZero,
        }),
        stroke: None,
    });
    let size = pen.text_px(TITLE_PX, TITLE_MIN_PX);
    let (tw, th) = labels::label_size(&c.title, Weight::Bold, size, 0.0);
    head.push(labels::label_item(
        &c.title,
        Weight::Bold,
        size,
        Rect::xywh(TITLE_PAD * ui, TITLE_PAD * ui, tw, th),
        0.0,
        pen.pal.text,
        None,
    ));
    if let Some(sub) = &c.subtitle {
        let size = pen.text_px(SUBTITLE_PX, SUBTITLE_MIN_PX);
        let (sw, sh) = labels::label_size(sub, Weight::Regular, size, 0.0);
        head.push(labels::label_item(
            sub,
            Weight::Regular,
            size,
            Rect::xywh(TITLE_PAD * ui, TITLE_PAD * ui + th + 3.0 * ui, sw, sh),
            0.0,
            c.legs
                .first()
                .and_then(|&i| legs.get(i))
                .map_or(pen.pal.text, |l| l.color(pen)),
            None,
        ));
    }
    let mut rule = Path::new();
    rule.polyline(&[(0.0, c.strip_h), (w, c.strip_h)], false);
    head.push(Item::Path {
        path: rule,
        fill: None,
        stroke: Some(Stroke::solid(pen.pal.highlight, 1.0 * ui)),
    });
    let mut items = framed_clip(content, Rect::xywh(0.0, c.strip_h, w, ch), c.w, c.h, pen);
    let edge = items.pop();
    items.extend(head);
    items.extend(edge);
    items
}

/// Panel, clip and frame as [`framed`], with the clip set to `clip` and the
/// frame (the last item) in the highlight colour that links inset and area.
fn framed_clip(content: Vec<Item>, clip: Rect, w: f32, h: f32, pen: &Pen) -> Vec<Item> {
    let mut items = framed(content, w, h, pen, pen.pal.highlight);
    for it in &mut items {
        if let Item::Clip { rect, .. } = it {
            *rect = clip;
        }
    }
    items
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
    let size = pen.text_px(10.5, BAR_MIN_PX);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Mode, Route};
    use crate::render::draw::tests::{leg, place, seed};
    use crate::render::draw::{compose_all, Composed};
    use crate::render::scene::{Cmd, Tag};
    use crate::render::{Layout, Paper};

    fn sizes() -> Vec<(&'static str, Layout)> {
        let px = |w, h| Layout {
            width_px: w,
            height_px: h,
            ..Layout::default()
        };
        vec![
            ("800x450", px(800, 450)),
            ("1920x1080", px(1920, 1080)),
            (
                "A4 300 dpi",
                Layout::for_paper(Paper::parse("a4-landscape").unwrap(), 300.0).unwrap(),
            ),
        ]
    }

    /// The segments of every leg drawn on the main map.
    type Segment = ((f32, f32), (f32, f32));

    fn route_segments(items: &[Item], out: &mut Vec<Segment>) {
        for it in items {
            match it {
                Item::Group { name, items } if *name == "routes" => route_segments(items, out),
                Item::Tagged {
                    tag: Tag::Leg { .. },
                    items,
                } => {
                    for it in items {
                        if let Item::Path { path, .. } = it {
                            let mut last = None;
                            for c in path.cmds() {
                                match *c {
                                    Cmd::Move(x, y) => last = Some((x, y)),
                                    Cmd::Line(x, y) => {
                                        if let Some(p) = last {
                                            out.push((p, (x, y)));
                                        }
                                        last = Some((x, y));
                                    }
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The close-up of a document at a size, checked: a zoom-in of at least 3x
    /// measured two ways, a title, and a leader line that crosses no leg and no
    /// label.
    fn checked_closeup(doc: &Document, name: &str, layout: &Layout) -> Option<Placed> {
        let c = compose_all(doc, layout);
        assert!(
            c.closeups.len() <= 1,
            "{name}: {} close-ups",
            c.closeups.len()
        );
        let p = c.closeups.into_iter().next()?;
        let k = &p.closeup;
        assert!(k.zoom >= MIN_ZOOM, "{name}: zoom {}", k.zoom);
        // The inset's map part over the area's outline, in pixels.
        let px_zoom = f64::from(p.rect.w() / k.area.w());
        assert!(px_zoom >= MIN_ZOOM * 0.999, "{name}: {px_zoom}x in pixels");
        let texts: Vec<&str> = c.scene.texts().iter().map(|t| t.0).collect();
        assert!(texts.contains(&k.title.as_str()), "{name}: no title");
        assert!(texts.contains(&"Area of close-up"), "{name}: {texts:?}");
        // The leader joins the area's outline to the inset's edge.
        let [a, b] = p.leader;
        assert!(
            layout::dist(a, b) >= 8.0 * layout.ui_scale(),
            "{name}: {a:?} {b:?}"
        );
        let on_edge = |r: &Rect, q: (f32, f32)| {
            r.grow(0.01).has_point(q.0, q.1) && !r.grow(-0.01).has_point(q.0, q.1)
        };
        assert!(on_edge(&k.marked, a) && on_edge(&p.rect, b), "{name}");
        assert!(k.marked.contains(&k.area.grow(-0.01)), "{name}");
        let mut segs = Vec::new();
        route_segments(c.scene.items(), &mut segs);
        assert!(!segs.is_empty());
        let mut obs = Obstacles::new(Rect::xywh(
            -10.0,
            -10.0,
            layout.width_px as f32 + 20.0,
            layout.height_px as f32 + 20.0,
        ));
        for (s, t) in &segs {
            obs.add_line(&[*s, *t]);
        }
        for r in &c.labels {
            obs.add_rect(*r);
        }
        let (s, t) = trim(p.leader, 2.0);
        assert_eq!(obs.segment_cost(s, t), 0.0, "{name}: the leader crosses");
        Some(p)
    }

    #[test]
    fn the_seed_close_up_is_a_titled_zoom_in_near_its_area_at_every_size() {
        for (name, layout) in sizes() {
            let p = checked_closeup(&seed(), name, &layout)
                .unwrap_or_else(|| panic!("{name}: no close-up"));
            assert_eq!(p.closeup.title, "Close-up: Najin to Dunay", "{name}");
            assert_eq!(p.closeup.legs, [0], "{name}");
            assert_eq!(
                p.closeup.subtitle.as_deref(),
                Some("7-12 Sep 2023"),
                "{name}"
            );
            // Near its area: closer than a third of the frame's width.
            let gap = layout::dist(p.leader[0], p.leader[1]);
            assert!(gap < layout.width_px as f32 / 3.0, "{name}: {gap} px away");
        }
    }

    #[test]
    fn a_one_leg_document_gets_a_close_up_when_its_leg_is_tiny_in_the_frame() {
        // 80 m inside a harbour: the frame is at least 4 km wide.
        let (a, b) = (
            place("Quay A", 42.2440, 130.2990),
            place("Quay B", 42.2445, 130.2997),
        );
        let mut doc = seed();
        doc.routes[0].legs = vec![leg(1, Mode::Sea, &a, &b, None)];
        for (name, layout) in sizes() {
            let p = checked_closeup(&doc, name, &layout)
                .unwrap_or_else(|| panic!("{name}: no close-up"));
            assert_eq!(p.closeup.title, "Close-up: Quay A to Quay B");
        }
        // A one-leg document whose leg fills the frame needs none.
        let mut long = seed();
        long.routes[0].legs.truncate(1);
        assert!(compose_all(&long, &Layout::default()).closeups.is_empty());
    }

    #[test]
    fn stops_on_top_of_each_other_get_a_close_up() {
        // Najin port and a berth 1 km away, each the start of a 7,000 km route.
        let (n, berth, t) = (
            place("Najin", 42.2456, 130.2967),
            place("Rajin berth", 42.2500, 130.3060),
            place("Tikhoretsk", 45.8546, 40.1255),
        );
        let mut doc = seed();
        doc.routes = vec![
            Route {
                id: "a".into(),
                name: "A".into(),
                legs: vec![leg(1, Mode::Rail, &n, &t, None)],
            },
            Route {
                id: "b".into(),
                name: "B".into(),
                legs: vec![leg(1, Mode::Rail, &berth, &t, None)],
            },
        ];
        for (name, layout) in sizes() {
            let p = checked_closeup(&doc, name, &layout)
                .unwrap_or_else(|| panic!("{name}: no close-up"));
            assert_eq!(p.closeup.title, "Close-up: Najin and Rajin berth", "{name}");
            assert!(p.closeup.legs.is_empty());
        }
    }

    #[test]
    fn no_close_up_when_it_would_magnify_less_than_3x() {
        // 450 legs of 5 km spread over the whole frame: one group, as large as the
        // map.
        let mut doc = seed();
        let mut legs = Vec::new();
        for i in 0..30 {
            for j in 0..15 {
                let (lon, lat) = (30.0 + f64::from(i) * 0.5, 40.0 + f64::from(j) * 0.5);
                let a = place(&format!("a{i}-{j}"), lat, lon);
                let b = place(&format!("b{i}-{j}"), lat, lon + 0.06);
                legs.push(leg(legs.len() + 1, Mode::Road, &a, &b, None));
            }
        }
        doc.routes[0].legs = legs;
        for (name, layout) in sizes() {
            let c = compose_all(&doc, &layout);
            assert!(c.closeups.is_empty(), "{name}");
            let texts: Vec<&str> = c.scene.texts().iter().map(|t| t.0).collect();
            assert!(!texts.contains(&"Area of close-up"), "{name}");
        }
    }

    #[test]
    fn odd_documents_keep_the_close_up_rules() {
        let layout = Layout::default();
        // Fifty routes over the seed's legs: the close-up, if any, still magnifies.
        let mut many = seed();
        let first = many.routes[0].clone();
        many.routes = (0..50)
            .map(|i| Route {
                id: format!("r{i}"),
                name: format!("Route {i}"),
                ..first.clone()
            })
            .collect();
        checked_closeup(&many, "50 routes", &layout);
        // Inside one harbour, and at the pole.
        let (a, b) = (place("A", 42.2440, 130.2990), place("B", 42.2480, 130.3040));
        let (p, q) = (place("P", 89.9, 0.0), place("Q", 89.5, 120.0));
        for (name, x, y, mode) in [("harbour", a, b, Mode::Sea), ("pole", p, q, Mode::Air)] {
            let mut doc = seed();
            doc.routes[0].legs = vec![leg(1, mode, &x, &y, None)];
            checked_closeup(&doc, name, &layout);
            crate::render::png(&compose_all(&doc, &layout).scene).unwrap();
        }
    }

    /// A berth shift at Najin, a long voyage, and a berth shift at Novorossiysk.
    fn two_harbours() -> Document {
        let (a, b) = (
            place("Najin berth 1", 42.2300, 130.2960),
            place("Najin berth 2", 42.2380, 130.3020),
        );
        let (c, d) = (
            place("Novorossiysk", 44.7150, 37.7950),
            place("Sheskharis", 44.7000, 37.8100),
        );
        let mut doc = seed();
        doc.routes[0].legs = vec![
            leg(1, Mode::Sea, &a, &b, Some(("2023-09-07", "2023-09-07"))),
            leg(2, Mode::Sea, &b, &c, Some(("2023-09-08", "2023-10-20"))),
            leg(3, Mode::Sea, &c, &d, Some(("2023-10-21", "2023-10-21"))),
        ];
        doc
    }

    /// Every close-up of a composed map: a zoom-in of at least 3x (on the ground
    /// and in pixels), clear of every other close-up, its area and leader, of
    /// every stop marker, with all its text inside it at the least sizes.
    fn check_all(c: &Composed, name: &str, layout: &Layout) {
        let ui = layout.ui_scale();
        let dpi_k = (layout.dpi / 96.0).max(1.0);
        let texts = c.scene.texts();
        for (i, p) in c.closeups.iter().enumerate() {
            let k = &p.closeup;
            assert!(k.zoom >= MIN_ZOOM, "{name}: zoom {}", k.zoom);
            let px_zoom = f64::from(p.rect.w() / k.area.w());
            assert!(px_zoom >= MIN_ZOOM * 0.999, "{name}: {px_zoom}x in pixels");
            assert!(layout::dist(p.leader[0], p.leader[1]) >= 8.0 * ui, "{name}");
            for (j, q) in c.closeups.iter().enumerate().filter(|&(j, _)| j != i) {
                assert!(
                    !p.rect.overlaps(&q.rect),
                    "{name}: insets {i} and {j} overlap"
                );
                assert!(
                    !p.rect.overlaps(&q.closeup.marked),
                    "{name}: {i} covers area {j}"
                );
                let (s, t) = trim(p.leader, 2.0);
                assert!(
                    !layout::seg_meets_rect(s, t, &q.rect),
                    "{name}: leader {i} crosses inset {j}"
                );
            }
            for r in &c.labels {
                assert!(
                    !p.rect.overlaps(r),
                    "{name}: inset {i} covers a label at {r:?}"
                );
            }
            // Its text: inside the inset, at the least sizes or more.
            let inside: Vec<&(&str, Rect)> = texts
                .iter()
                .filter(|(_, b)| p.rect.has_point((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0))
                .collect();
            assert!(
                inside.iter().any(|(t, _)| *t == k.title),
                "{name}: no title"
            );
            for (t, b) in &inside {
                assert!(
                    p.rect.grow(0.5).contains(b),
                    "{name}: {t:?} {b:?} leaves {:?}",
                    p.rect
                );
            }
            let (_, least) =
                labels::label_size("Close-up", Weight::Bold, TITLE_MIN_PX * dpi_k, 0.0);
            let title = inside.iter().find(|(t, _)| *t == k.title).unwrap();
            assert!(title.1.h() >= least * 0.99, "{name}: title {:?}", title.1);
        }
    }

    fn sizes_and_4k() -> Vec<(&'static str, Layout)> {
        let mut v = sizes();
        v.push((
            "3840x2160",
            Layout {
                width_px: 3840,
                height_px: 2160,
                ..Layout::default()
            },
        ));
        v
    }

    #[test]
    fn two_harbour_moves_far_apart_get_a_close_up_each() {
        let doc = two_harbours();
        for (name, layout) in sizes_and_4k() {
            let c = compose_all(&doc, &layout);
            let titles: Vec<&str> = c
                .closeups
                .iter()
                .map(|p| p.closeup.title.as_str())
                .collect();
            // Shortened to fit on small maps.
            let full = [
                "Close-up: Najin berth 1 to Najin berth 2",
                "Close-up: Novorossiysk to Sheskharis",
            ];
            assert_eq!(titles.len(), 2, "{name}: {titles:?} {:?}", c.notes);
            if layout.width_px >= 1920 {
                assert_eq!(titles, full, "{name}");
            } else {
                assert!(
                    titles[0].starts_with("Close-up: Najin"),
                    "{name}: {titles:?}"
                );
                assert!(
                    titles[1].starts_with("Close-up: Novorossiysk"),
                    "{name}: {titles:?}"
                );
            }
            assert_eq!(c.closeups[0].closeup.legs, [0], "{name}");
            assert_eq!(c.closeups[1].closeup.legs, [2], "{name}");
            assert!(c.notes.is_empty(), "{name}: {:?}", c.notes);
            check_all(&c, name, &layout);
            // Each sits nearer its own area than the other's.
            for (i, p) in c.closeups.iter().enumerate() {
                let own = layout::dist(p.leader[0], p.leader[1]);
                let other = &c.closeups[1 - i].closeup.marked;
                let centre = ((p.rect.x0 + p.rect.x1) / 2.0, (p.rect.y0 + p.rect.y1) / 2.0);
                let to_other = layout::dist(centre, ((other.x0 + other.x1) / 2.0, other.y0));
                assert!(own < to_other, "{name}: inset {i} far from its area");
            }
        }
    }

    #[test]
    fn past_three_close_ups_the_rest_are_named_in_a_note() {
        let spots = [
            ("Najin", 42.2300, 130.2960),
            ("Novorossiysk", 44.7150, 37.7950),
            ("Rotterdam", 51.9500, 4.0500),
            ("Singapore", 1.2600, 103.8200),
            ("Mumbai", 18.9300, 72.8500),
        ];
        let mut doc = seed();
        let mut legs = Vec::new();
        let mut prev: Option<crate::model::Place> = None;
        for (n, lat, lon) in spots {
            let a = place(&format!("{n} A"), lat, lon);
            let b = place(&format!("{n} B"), lat + 0.008, lon + 0.006);
            if let Some(p) = &prev {
                legs.push(leg(legs.len() + 1, Mode::Sea, p, &a, None));
            }
            legs.push(leg(legs.len() + 1, Mode::Sea, &a, &b, None));
            prev = Some(b);
        }
        doc.routes[0].legs = legs;
        let layout = Layout::default();
        let c = compose_all(&doc, &layout);
        assert_eq!(c.closeups.len(), MAX_CLOSEUPS, "{:?}", c.notes);
        check_all(&c, "five harbours", &layout);
        assert_eq!(c.notes.len(), 1, "{:?}", c.notes);
        assert!(
            c.notes[0].starts_with("the map has room for 3 close-ups; 2 more places are drawn"),
            "{}",
            c.notes[0]
        );
        let named = ["Najin", "Novorossiysk", "Rotterdam", "Singapore", "Mumbai"]
            .iter()
            .filter(|n| c.notes[0].contains(&format!("{n} A to {n} B")))
            .count();
        assert_eq!(named, 2, "{}", c.notes[0]);
    }

    #[test]
    fn close_up_text_keeps_the_least_sizes_and_stays_inside() {
        for (name, layout) in sizes_and_4k() {
            let c = compose_all(&seed(), &layout);
            assert_eq!(c.closeups.len(), 1, "{name}");
            check_all(&c, name, &layout);
            // Its spare room goes to the large city next to Dunay, which it names.
            let r = c.closeups[0].rect;
            let named: Vec<&str> = c
                .scene
                .texts()
                .into_iter()
                .filter(|(_, b)| r.contains(b))
                .map(|(t, _)| t)
                .collect();
            assert!(named.contains(&"Vladivostok"), "{name}: {named:?}");
        }
    }

    #[test]
    fn titles_fit_and_fall_back() {
        assert_eq!(
            leader(
                &Rect::xywh(0.0, 0.0, 10.0, 10.0),
                &Rect::xywh(20.0, 2.0, 10.0, 10.0)
            ),
            [(10.0, 6.0), (20.0, 6.0)]
        );
        assert_eq!(
            leader(
                &Rect::xywh(0.0, 0.0, 10.0, 10.0),
                &Rect::xywh(-30.0, -40.0, 10.0, 10.0)
            ),
            [(0.0, 0.0), (-20.0, -30.0)]
        );
        let doc = seed();
        let (legs, stops) = crate::render::draw::gather(&doc, crate::render::Theme::Light);
        assert_eq!(
            title(&doc, &legs, &stops, &[0], &[], 400.0, 12.0),
            "Close-up: Najin to Dunay"
        );
        assert_eq!(
            title(&doc, &legs, &stops, &[0, 1], &[], 400.0, 12.0),
            "Close-up: Najin to Tikhoretsk"
        );
        assert_eq!(
            title(&doc, &legs, &stops, &[0], &[2], 400.0, 12.0),
            "Close-up: Najin, Dunay and Tikhoretsk"
        );
        assert_eq!(title(&doc, &legs, &stops, &[0], &[], 40.0, 12.0), "Najin");
        assert_eq!(
            title(&doc, &legs, &stops, &[0], &[], 10.0, 12.0),
            "Close-up"
        );
    }
}
