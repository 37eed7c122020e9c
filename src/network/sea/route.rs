//! One sea leg: join each end to the network over water, search the network, compare
//! with a direct water path when the ends are close, and assemble the result.

use super::grid::{self, Reach, Rules};
use super::land::{approx_km, cell_of, centre, unwrap_lon, COLS, KM_PER_CELL_LAT, ROWS};
use super::passages::{self, PassageSet};
use super::waterways::{self, Snap};
use super::SeaNetwork;
use crate::model::{LonLat, Mode, PathKind};
use crate::network::great_circle::{distance_km, length_km};
use crate::network::{LegRequest, RouteError, RoutedPath};
use std::cell::RefCell;

/// Ends closer than this are the same place.
const SAME_PLACE_KM: f64 = 0.05;
/// Nearest nodes tried for a straight link from an end.
const LINK_CANDIDATES: usize = 12;
/// Straight links kept per end, nearest first.
const MAX_LINKS: usize = 6;
/// A straight link may cross at most this much land (a port placed a little inland).
const MAX_LINK_LAND_KM: f64 = 2.0;
/// Land a straight step may cross past its ends' own ground: a line that clips the
/// corner of a land cell at one arc-minute.
const STRAY_LAND_KM: f64 = 0.25;
/// Water cells nearest an end tried as the start of its way over water, when the
/// straight line to its water point crosses land past the end's own ground.
const JOIN_CANDIDATES: usize = 12;
/// Longest straight link from a port inside a named waterway (see `narrows.csv`).
const WATERWAY_LINK_KM: f64 = 25.0;
/// Search the water grid for nodes when the best straight link is longer than this.
const GRID_WHEN_LINK_KM: f64 = 40.0;
/// Radius of the water-grid search from an end to the network.
const REACH_RADIUS_KM: f64 = 400.0;
/// Ends nearer each other than this are also joined over the grid directly (a
/// coastal voyage).
const LOCAL_KM: f64 = 800.0;
/// Ends nearer each other than this are searched over the fine water grid alone
/// when the coarse grid finds no way; beyond it, over the coarse grid first (see
/// `grid::between_coarse`).
const COASTAL_KM: f64 = 350.0;
/// The longest coastal way searched, as a multiple of the great circle (plus
/// `DETOUR_PLUS_KM`): round a peninsula (Klaipeda to Riga round Courland, 1.7x).
const MAX_DETOUR: f64 = 2.5;
const DETOUR_PLUS_KM: f64 = 50.0;
/// Water cells reachable from an end's water point for it to count as open water,
/// not a pocket the one-arc-minute grid cuts off.
const OPEN_CELLS: usize = 60;
/// How near a waterway's line an end on water must be to count as on the river.
const ON_LINE_KM: f64 = 1.0;
/// ... or water this far away reachable from it.
const OPEN_KM: f64 = 8.0;
/// Water cells this much further than the nearest are tried when the nearest is a
/// pocket.
const POCKET_SLACK_KM: f64 = 20.0;
/// Search the grid end to end when the network path is longer than this times the
/// great-circle distance.
const LOCAL_DETOUR: f64 = 1.1;
/// A via point at or north of this latitude opens the Arctic passages for its leg.
const ARCTIC_LAT: f64 = 66.0;

/// How one end of a leg meets the network.
struct Anchor {
    /// Ways from `point` to network nodes, each path starting at `point`.
    links: Vec<Reach>,
}

pub(super) fn route(net: &SeaNetwork, req: &LegRequest<'_>) -> Result<RoutedPath, RouteError> {
    let asked = passages::closed_set(req.avoid_passages)?;
    // Arctic routes are ice-bound most of the year: closed unless the network was
    // opened to them or a via point lies in the Arctic.
    let arctic_via = req.via.iter().any(|v| v.lat() >= ARCTIC_LAT);
    let closed = if net.arctic_open || arctic_via {
        asked
    } else {
        asked | passages::ARCTIC
    };
    // An end up a river the land mask does not draw (London, Rouen, Basra) goes down
    // its waterway to the sea; two ends on one waterway go along it.
    let rules = Rules {
        land: &net.land,
        gates: &net.gates,
        closed,
    };
    let opens = Opens::new(rules);
    let (head, head_lanes) = on_waterway(net, req.from, &opens);
    let (tail, tail_lanes) = on_waterway(net, req.to, &opens);
    let by_river = by_waterways(net, req, &opens, head, tail);
    // an end on a waterway's line inside a named narrows has lanes too: down the
    // river to its mouth is right for the sea (Montreal to Halifax), the lanes for
    // the way up it (Rostov to the Volga-Don canal). The lanes are kept only when
    // they save more than half the stretches down the rivers, as a way down and back
    // up does; a lane that cuts the river's bends saves less
    if head_lanes.is_none() && tail_lanes.is_none() {
        return by_river;
    }
    let down_km = |end: LonLat, lanes: Option<Option<Snap>>, snap: Option<Snap>| match (lanes, snap)
    {
        (Some(_), Some(s)) => length_km(&waterways::to_sea(&net.waterways, end, s)),
        _ => 0.0,
    };
    let river_km = down_km(req.from, head_lanes, head) + down_km(req.to, tail_lanes, tail);
    let by_lanes = by_waterways(
        net,
        req,
        &opens,
        head_lanes.unwrap_or(head),
        tail_lanes.unwrap_or(tail),
    );
    match (by_river, by_lanes) {
        (Ok(river), Ok(lanes)) => Ok(
            if length_km(&lanes.points) + 0.5 * river_km < length_km(&river.points) {
                lanes
            } else {
                river
            },
        ),
        (Ok(one), Err(_)) | (Err(_), Ok(one)) => Ok(one),
        (Err(e), Err(_)) => Err(e),
    }
}

/// The leg with each end on a waterway (`head`, `tail`) going along its river to the
/// mouth, and the network between.
fn by_waterways(
    net: &SeaNetwork,
    req: &LegRequest<'_>,
    opens: &Opens<'_>,
    head: Option<Snap>,
    tail: Option<Snap>,
) -> Result<RoutedPath, RouteError> {
    let done = |points: Vec<LonLat>, warnings: Vec<String>| RoutedPath {
        passages: net.gates.used(&points),
        points,
        kind: PathKind::Network,
        countries: Vec::new(),
        // the approach to a port is part of the voyage: no off-network pieces
        connectors: Vec::new(),
        connector_km: 0.0,
        length_km: None,
        crossings: Vec::new(),
        warnings,
    };
    if let (Some(a), Some(b), true) = (head, tail, req.via.is_empty()) {
        if let Some(points) = waterways::joined(&net.waterways, req.from, a, req.to, b) {
            return Ok(done(points, Vec::new()));
        }
    }
    let mouth = |s: Snap| *net.waterways[s.waterway].points.last().unwrap_or(&req.from);
    let mut stops = Vec::with_capacity(req.via.len() + 2);
    stops.push(head.map_or(req.from, mouth));
    stops.extend_from_slice(req.via);
    stops.push(tail.map_or(req.to, mouth));
    let mut points: Vec<LonLat> = match head {
        Some(s) => waterways::to_sea(&net.waterways, req.from, s),
        None => vec![req.from],
    };
    let mut warnings = Vec::new();
    for pair in stops.windows(2) {
        let piece = route_pair(net, pair[0], pair[1], opens)?;
        points.extend(despur(net, &piece.points).into_iter().skip(1));
        warnings.extend(piece.warnings);
    }
    if let Some(s) = tail {
        let down = waterways::to_sea(&net.waterways, req.to, s);
        points.extend(down.into_iter().rev().skip(1));
    }
    points.dedup();
    Ok(done(points, warnings))
}

/// A turn sharper than 120 degrees doubles back: its cosine is below this.
const SPUR_TURN_COS: f64 = -0.5;

/// The path without out-and-back spurs: where it doubles back (a network edge's end
/// poking onto the shore, a link to a node behind the way on) and the line from the
/// point before the turn to the point after stays on water and crosses the same
/// passages, the turn's point is dropped, again until none is left. The ends stay.
pub(super) fn despur(net: &SeaNetwork, points: &[LonLat]) -> Vec<LonLat> {
    despur_with(points, |a, tip, c| {
        let way = std::iter::once(a)
            .chain(tip.iter().copied())
            .chain(std::iter::once(c));
        let way: Vec<LonLat> = way.collect();
        let crossed = way
            .windows(2)
            .fold(0, |set, w| set | net.gates.crossed(w[0], w[1]));
        net.land.land_run_km(a, c, |_, _| false) == 0.0 && net.gates.crossed(a, c) == crossed
    })
}

/// [`despur`] with the test of a shortcut given: `cut(a, tip, c)` says whether the
/// way from `a` over the points `tip` to `c` may be replaced by the line from `a`
/// to `c`. A spur's tip is one point where the way turns back, or two a short step
/// apart (under half the way in and the way out) turning back between them, as
/// where a grid path steps along the shore; a point repeated where the way came
/// back to it is one point, so a way out to a node and back to the same point
/// (then on the way it came) is one spur.
fn despur_with(points: &[LonLat], cut: impl Fn(LonLat, &[LonLat], LonLat) -> bool) -> Vec<LonLat> {
    let mut out: Vec<LonLat> = Vec::with_capacity(points.len());
    for &c in points {
        loop {
            // a point repeated (the way came back to it) is the same point
            if out.last() == Some(&c) {
                break;
            }
            let n = out.len();
            if n >= 2 {
                let (a, b) = (out[n - 2], out[n - 1]);
                if turn_cos(a, b, c) < SPUR_TURN_COS && cut(a, &[b], c) {
                    out.pop();
                    continue;
                }
            }
            if n >= 3 {
                let (a, b1, b2) = (out[n - 3], out[n - 2], out[n - 1]);
                // the flat-frame length is enough to compare steps a few km long, and
                // the geodesic here was a third of the routing time
                let step = flat_km(b1, b2);
                let short = || step < 0.5 * flat_km(a, b1).min(flat_km(b2, c));
                if heading_change_cos(a, b1, b2, c) < SPUR_TURN_COS
                    && short()
                    && cut(a, &[b1, b2], c)
                {
                    out.truncate(n - 2);
                    continue;
                }
            }
            out.push(c);
            break;
        }
    }
    out
}

/// The length from `p` to `q` in a flat frame at their mean latitude, km: for
/// comparing short steps, not for distances reported.
fn flat_km(p: LonLat, q: LonLat) -> f64 {
    approx_km(p.lon(), p.lat(), unwrap_lon(p.lon(), q.lon()), q.lat())
}

/// The cosine of how far the heading turns from the way `a` to `b` to the way `c`
/// to `d` (1 the same heading, -1 straight back), in a local flat frame at `b`.
fn heading_change_cos(a: LonLat, b: LonLat, c: LonLat, d: LonLat) -> f64 {
    let k = b.lat().to_radians().cos();
    let flat = |p: LonLat, q: LonLat| {
        (
            (unwrap_lon(p.lon(), q.lon()) - p.lon()) * k,
            q.lat() - p.lat(),
        )
    };
    let (u, v) = (flat(a, b), flat(c, d));
    unit_dot(u, v)
}

/// The cosine of how far the way turns at `b` going from `a` to `c` (1 straight on,
/// -1 straight back), in a local flat frame.
fn turn_cos(a: LonLat, b: LonLat, c: LonLat) -> f64 {
    let k = b.lat().to_radians().cos();
    let u = (
        (b.lon() - unwrap_lon(b.lon(), a.lon())) * k,
        b.lat() - a.lat(),
    );
    let v = (
        (unwrap_lon(b.lon(), c.lon()) - b.lon()) * k,
        c.lat() - b.lat(),
    );
    unit_dot(u, v)
}

/// The cosine of the angle between two flat vectors; 1 when either is zero (no turn).
/// Cosines are compared, not angles: the arc cosine was a tenth of despurring.
fn unit_dot(u: (f64, f64), v: (f64, f64)) -> f64 {
    let n = (u.0 * u.0 + u.1 * u.1) * (v.0 * v.0 + v.1 * v.1);
    if n == 0.0 {
        return 1.0;
    }
    ((u.0 * v.0 + u.1 * v.1) / n.sqrt()).clamp(-1.0, 1.0)
}

/// The waterway an end lies on, when it is on land by the mask (or on a stretch of
/// river water the mask cuts off from the sea, as at Kherson's quays), next to a
/// waterway's line, and not already served by a network node along a named narrows.
/// An end on the line inside a named narrows is on the river, and also has the
/// narrows' lanes: the second value is then how it meets the network otherwise.
fn on_waterway(
    net: &SeaNetwork,
    p: LonLat,
    opens: &Opens<'_>,
) -> (Option<Snap>, Option<Option<Snap>>) {
    // on the waterway's own line (a river port's quay, within a kilometre): the
    // river is the way out, whatever water the mask draws there; the mask's river
    // water can be a pool cut off from the sea (Kherson's port on the Dnieper)
    let snap = waterways::snap(&net.waterways, p);
    let on_line = snap.filter(|s| s.km < ON_LINE_KM);
    if on_line.is_some() {
        let lanes = net
            .in_narrows(p.lon(), p.lat())
            .then(|| off_line(net, p, opens, snap));
        return (on_line, lanes);
    }
    (off_line(net, p, opens, snap), None)
}

/// The waterway an end off every waterway's line goes down: when it is on land by
/// the mask and not served by a network node along a named narrows.
/// `snap` is `p`'s place on the nearest waterway line, found once by the caller.
fn off_line(net: &SeaNetwork, p: LonLat, opens: &Opens<'_>, snap: Option<Snap>) -> Option<Snap> {
    if !net.land.is_land(p) && opens.at(p) {
        return None;
    }
    let node_near = || {
        net.graph
            .nearest(p, 1)
            .first()
            .is_some_and(|&(_, km)| km <= WATERWAY_LINK_KM)
    };
    if net.in_narrows(p.lon(), p.lat()) && node_near() {
        return None;
    }
    snap
}

/// Whether water points open out (see [`grid::opens_out`]), asked once per point in
/// a route: each end is asked by its waterway test, its water point and its join.
struct Opens<'a> {
    rules: Rules<'a>,
    seen: RefCell<Vec<(LonLat, bool)>>,
}

impl<'a> Opens<'a> {
    fn new(rules: Rules<'a>) -> Self {
        Opens {
            rules,
            seen: RefCell::new(Vec::new()),
        }
    }

    fn at(&self, q: LonLat) -> bool {
        if let Some(&(_, open)) = self.seen.borrow().iter().find(|(p, _)| *p == q) {
            return open;
        }
        let open = grid::opens_out(self.rules, q, OPEN_CELLS, OPEN_KM);
        self.seen.borrow_mut().push((q, open));
        open
    }
}

struct Piece {
    points: Vec<LonLat>,
    warnings: Vec<String>,
}

fn route_pair(
    net: &SeaNetwork,
    from: LonLat,
    to: LonLat,
    opens: &Opens<'_>,
) -> Result<Piece, RouteError> {
    let rules = opens.rules;
    let closed = rules.closed;
    let gc_km = distance_km(from, to);
    if gc_km < SAME_PLACE_KM {
        return Ok(Piece {
            points: vec![from, to],
            warnings: vec![format!(
                "the leg starts and ends at the same place ({from})"
            )],
        });
    }
    let inland = |p: LonLat, which: &str, km: Option<f64>| RouteError::NoPath {
        mode: Mode::Sea,
        from,
        to,
        reason: match km {
            Some(km) if km > net.coast_km => format!(
                "the {which} ({p}) is {km:.0} km from navigable water, beyond the {:.0} km a \
                 port may lie from it",
                net.coast_km
            ),
            Some(km) => format!(
                "the {which} ({p}) is {km:.0} km from water, but that water (a lake or a \
                 cove the map cuts off) does not reach the sea"
            ),
            None => format!(
                "the {which} ({p}) is more than {REACH_RADIUS_KM:.0} km from navigable water"
            ),
        },
        help: format!(
            "a sea leg's ends lie within {:.0} km of navigable water (--coast-km): check \
             the coordinates (latitude and longitude swapped?), name the port, or make \
             this leg rail or road",
            net.coast_km
        ),
    };
    // each end's nearest network nodes, nearest first, found once for every use below
    let near_from = net.graph.nearest(from, LINK_CANDIDATES);
    let near_to = net.graph.nearest(to, LINK_CANDIDATES);
    // an end far from water is an error before anything is searched
    let water_from =
        water_for(net, from, &near_from, opens).map_err(|km| inland(from, "start", km))?;
    let water_to = water_for(net, to, &near_to, opens).map_err(|km| inland(to, "end", km))?;
    // each end's way to its water point (the end alone when it is on open water)
    let join_from = join(net, rules, from, water_from);
    let join_to = join(net, rules, to, water_to);
    let ends = [&join_from[..], &join_to[..]];
    let local = gc_km <= LOCAL_KM;
    // Close ends: a straight line over water beats everything; it may cross land
    // only as each end's way to its water does, on the end's own ground.
    let straight_ok = || {
        net.land.little_land(
            from,
            to,
            |_, _| false,
            MAX_LINK_LAND_KM,
            STRAY_LAND_KM,
            water_from != from,
            water_to != to,
        )
    };
    if local && straight_ok() && !net.gates.blocks(from, to, closed) {
        return Ok(Piece {
            points: vec![from, to],
            warnings: Vec::new(),
        });
    }
    // Close ends with one far from the sea lanes (in a bay, as Najin): the water grid
    // from end to end, searched first as joining such an end to the network costs
    // more; a path this close to the great circle is one the network cannot beat by
    // much, and it needs no connectors.
    let far_from_lanes =
        |near: &[(u32, f64)]| near.first().is_none_or(|&(_, km)| km > GRID_WHEN_LINK_KM);
    let mut local_path = None;
    if local && (far_from_lanes(&near_from) || far_from_lanes(&near_to)) {
        if let Some(path) = water_between(rules, ends, gc_km, gc_km * 1.3 + 30.0) {
            if length_km(&path) <= LOCAL_DETOUR * gc_km {
                return Ok(Piece {
                    points: path,
                    warnings: Vec::new(),
                });
            }
            local_path = Some(path);
        }
    }
    let a = anchor(net, &join_from, &near_from, rules).map_err(|km| inland(from, "start", km))?;
    let b = anchor(net, &join_to, &near_to, rules).map_err(|km| inland(to, "end", km))?;
    let sources: Vec<(u32, f64)> = a.links.iter().map(|l| (l.node, l.km)).collect();
    let targets: Vec<(u32, f64)> = b.links.iter().map(|l| (l.node, l.km)).collect();
    let walk = net.shortest(&sources, &targets, to, closed);
    let network_km = walk.as_ref().map_or(f64::INFINITY, |w| w.total_km);
    // When the network detours, try the water grid from end to end (searched only
    // then, as it costs more than the network): on a coastal voyage the network
    // often goes out to a lane and back in (Tartus to Latakia, 120 km by the lanes,
    // 79 km along the coast; Xiamen to Shenzhen, 682 km by the lanes, 593 along the
    // coast), or an end lies
    // in a bay far from its nodes (Najin). Only a way shorter than the network's is
    // of use, so the search never looks further (and stops early when there is none).
    if local_path.is_none() && local && network_km > LOCAL_DETOUR * gc_km {
        let bound = network_km.min(MAX_DETOUR * gc_km + DETOUR_PLUS_KM);
        local_path = water_between(rules, ends, gc_km, bound).or_else(|| {
            // an end whose water is a basin the mask cuts off from the other end's (a
            // lagoon behind a spit, as Klaipeda's): from the nearest open water
            // outside the basin, across the spit
            let outer_from = outer_join(net, opens, from, water_from);
            let outer_to = outer_join(net, opens, to, water_to);
            if outer_from.is_none() && outer_to.is_none() {
                return None;
            }
            let ja = outer_from.unwrap_or_else(|| join_from.clone());
            let jb = outer_to.unwrap_or_else(|| join_to.clone());
            water_between(rules, [&ja, &jb], gc_km, bound)
        });
    }
    if let Some(path) = local_path.filter(|p| length_km(p) <= network_km) {
        return Ok(Piece {
            points: path,
            warnings: Vec::new(),
        });
    }
    let Some(walk) = walk else {
        return Err(no_path(from, to, closed));
    };
    let head = a
        .links
        .iter()
        .find(|l| l.node == walk.source)
        .map(|l| l.path.clone())
        .unwrap_or_default();
    let mut tail = b
        .links
        .iter()
        .find(|l| l.node == walk.target)
        .map(|l| l.path.clone())
        .unwrap_or_default();
    tail.reverse();
    let mut points = head.clone();
    for &(edge, reversed) in &walk.steps {
        net.graph.extend_with_edge(&mut points, edge, reversed);
    }
    points.extend(tail.iter().skip(1).copied());
    points.dedup();
    Ok(Piece {
        points,
        warnings: Vec::new(),
    })
}

/// A water path between two ends over the grid, each end given by its way to its
/// water point (see [`join`]), when the grid joins them by a way of about `max_km`
/// or less. Ends
/// within `COASTAL_KM` are searched over the fine grid (the coarse grid first when
/// the way may be long); further ends over the coarse grid and then the fine grid
/// in a corridor along its way: the fine search then settles a few thousand cells
/// where alone it would fill the water between the ends (Qingdao to Tianjin round
/// Shandong).
fn water_between(
    rules: Rules<'_>,
    [join_a, join_b]: [&[LonLat]; 2],
    gc_km: f64,
    max_km: f64,
) -> Option<Vec<LonLat>> {
    let (&wa, &wb) = (join_a.last()?, join_b.last()?);
    let fine = || grid::between(rules, wa, wb, gc_km * 1.3 + 30.0);
    let mut path = if gc_km <= COASTAL_KM && max_km <= gc_km * 1.3 + 30.0 {
        fine()?
    } else if gc_km <= COASTAL_KM {
        match grid::between_coarse(rules, wa, wb, max_km) {
            Some(path) => path,
            // the coarse grid joined water the fine grid does not (a block holding
            // water either side of a spit: Klaipeda's lagoon and the open sea, or a
            // chain of lakes across Courland): the fine grid alone, as far as the
            // way may go (round Courland to Riga, 390 km for 235 km apart)
            None if grid::coarse_joins(rules, wa, wb, max_km) => {
                grid::between(rules, wa, wb, max_km)?
            }
            None => fine()?,
        }
    } else {
        grid::between_coarse(rules, wa, wb, max_km)?
    };
    let mut out = join_a[..join_a.len() - 1].to_vec();
    out.append(&mut path);
    out.extend(join_b.iter().rev().skip(1));
    Some(out)
}

fn no_path(from: LonLat, to: LonLat, closed: PassageSet) -> RouteError {
    let names = passages::names(closed);
    let (reason, help) = if names.is_empty() {
        (
            "the two ends lie in waters the network does not connect (an inland sea or lake?)"
                .to_owned(),
            "check the coordinates; for a lake or river port give the nearest sea port".to_owned(),
        )
    } else {
        (
            format!("closing {} cuts off every sea route", names.join(", ")),
            if closed & passages::ARCTIC != 0 {
                format!(
                    "reopen one of: {}; the Arctic passages are closed unless the network is \
                     opened to them or a via point lies north of {ARCTIC_LAT}N",
                    names.join(", ")
                )
            } else {
                format!("reopen one of: {}; or add a `via` point", names.join(", "))
            },
        )
    };
    RouteError::NoPath {
        mode: Mode::Sea,
        from,
        to,
        reason,
        help,
    }
}

/// Joins a point to the network, given its way to its water point (`join`, from the
/// point to the water; see [`join`]) and its nearest network nodes (`candidates`,
/// nearest first). Err carries the distance to the water when the point is inland
/// and no link reaches the network.
fn anchor(
    net: &SeaNetwork,
    join: &[LonLat],
    candidates: &[(u32, f64)],
    rules: Rules<'_>,
) -> Result<Anchor, Option<f64>> {
    let (Some(&p), Some(&water)) = (join.first(), join.last()) else {
        return Err(None);
    };
    let join_km = length_km(join);
    // A port up a canal or river the land mask does not draw (Rotterdam, Hamburg)
    // links straight to network nodes close by along that waterway.
    let in_waterway = net.in_narrows(p.lon(), p.lat());
    let narrow = |x: f64, y: f64| in_waterway && net.in_narrows(x, y);
    let mut links: Vec<Reach> = candidates
        .iter()
        .copied()
        .filter(|&(_, km)| km <= REACH_RADIUS_KM && (!in_waterway || km <= WATERWAY_LINK_KM))
        .scan(None, |nearest: &mut Option<f64>, (node, km)| {
            let first = *nearest.get_or_insert(km);
            Some((node, km, may_start(km, first)))
        })
        .filter(|&(_, _, near)| near)
        .filter_map(|(node, km, _)| {
            let q = net.graph.nodes[node as usize];
            // straight from the end, crossing land only on the end's own ground (a
            // port placed a little inland), or from its water point after its way there
            let straight = |a: LonLat, own: bool| {
                !net.gates.blocks(a, q, rules.closed)
                    && net.land.little_land(
                        a,
                        q,
                        narrow,
                        MAX_LINK_LAND_KM,
                        STRAY_LAND_KM,
                        own,
                        false,
                    )
            };
            // the sphere distance `nearest` gives serves as the link's cost: within
            // 0.5% of the geodesic, and the leg's length is measured on the ellipsoid
            // once the path is drawn
            if straight(p, water != p) {
                Some(Reach {
                    node,
                    km,
                    path: vec![p, q],
                })
            } else if water != p && straight(water, false) {
                let mut path = join.to_vec();
                path.push(q);
                Some(Reach {
                    node,
                    km: join_km + distance_km(water, q),
                    path,
                })
            } else {
                None
            }
        })
        .take(MAX_LINKS)
        .collect();
    let best_link = links.iter().map(|l| l.km).fold(f64::INFINITY, f64::min);
    if best_link > GRID_WHEN_LINK_KM {
        // A* to the few nearest nodes first; a flood fill only if none is reachable
        // and none is linked straight.
        // The candidates are the straight links' (`may_start`): the searches to
        // nodes well beyond the nearest were the costliest (Santos, Mumbai: 170 and
        // 140 km away, for nodes 6 and 4 km off). A node linked straight is reached already and is
        // not searched: no way over the grid is shorter than the straight line
        // (its cost, on the ellipsoid, can be up to 0.5% below the link's on the
        // sphere, which is no reason to search).
        let first = candidates.first().map_or(0.0, |&(_, km)| km);
        let near: Vec<(u32, f64, bool)> = candidates
            .iter()
            .copied()
            .filter(|&(_, km)| km <= REACH_RADIUS_KM && may_start(km, first))
            .take(4)
            .map(|(node, km)| (node, km, links.iter().any(|l| l.node == node)))
            .collect();
        let mut reached = grid::reach_listed(rules, &net.graph, water, &near, 3);
        if reached.is_empty() && !near.iter().any(|&(_, _, linked)| linked) {
            reached = grid::reach_nodes(rules, &net.graph, water, REACH_RADIUS_KM, 6);
        }
        for mut reach in reached {
            if water != p {
                let mut path = join[..join.len() - 1].to_vec();
                path.append(&mut reach.path);
                reach.path = path;
                reach.km += join_km;
            }
            if !links
                .iter()
                .any(|l| l.node == reach.node && l.km <= reach.km)
            {
                links.retain(|l| l.node != reach.node);
                links.push(reach);
            }
        }
    }
    if links.is_empty() && net.land.is_land(p) {
        // the distance to the water proper (`water` is `p` itself on a waterway)
        return Err(match nearest_water(net, p) {
            Ok(w) => Some(distance_km(p, w)),
            Err(far) => far,
        });
    }
    Ok(Anchor { links })
}

/// Whether a network node `km` from a leg's end may start its way, the nearest node
/// being `nearest_km` away: one well beyond the nearest cannot make a better start,
/// the network from the nearer one being about as short (the rule for straight links
/// and for joins over the grid alike).
fn may_start(km: f64, nearest_km: f64) -> bool {
    km <= nearest_km * 3.0 + 50.0
}

/// The way from an end `p` to its water point `w` (`p` alone when it is on open
/// water), both included: straight when the line crosses no land past the end's own
/// ground (the first stretch over land from it); otherwise straight to the nearest
/// water cell whose line from `p` does so and which the water grid joins to `w`, then
/// over the grid to `w`. A line that leaves the end's ground, crosses water and then
/// a spit or headland (a port behind a lagoon, Kerch's, Sevastopol's) is not a join.
/// When no such cell is found the straight line is kept.
fn join(net: &SeaNetwork, rules: Rules<'_>, p: LonLat, w: LonLat) -> Vec<LonLat> {
    if p == w {
        return vec![p];
    }
    let own = |q: LonLat| {
        net.land.land_past_ends_km(p, q, true, false, |_, _| false) <= STRAY_LAND_KM
            && !net.gates.blocks(p, q, rules.closed)
    };
    if own(w) {
        return vec![p, w];
    }
    let km = distance_km(p, w);
    for &(_, q) in water_cells(net, p, km).iter().take(JOIN_CANDIDATES) {
        if q == w || !own(q) {
            continue;
        }
        if let Some(way) = grid::between(rules, q, w, 2.0 * distance_km(q, w) + 5.0) {
            let mut out = vec![p];
            out.extend(way);
            return out;
        }
    }
    vec![p, w]
}

/// Water cells near an end tried as its water outside a basin cut off from the sea.
const OUTER_CANDIDATES: usize = 24;

/// A straight way from `p` to the nearest water cell outside the basin of its water
/// point `w` (one the grid does not join to `w` nearby) that opens out: for an end
/// whose water is a lagoon the one arc-minute mask cuts off from the sea, as the
/// Curonian Lagoon at Klaipeda (its strait is 400 m wide). None when `p`'s water is
/// not such a basin or no such cell lies within the coast distance.
fn outer_join(net: &SeaNetwork, opens: &Opens<'_>, p: LonLat, w: LonLat) -> Option<Vec<LonLat>> {
    let rules = opens.rules;
    // an end in a named canal or river (Kiel, the Neva) is served by its narrows
    if net.in_narrows(p.lon(), p.lat()) {
        return None;
    }
    // the line may cross the end's own ground (no more than its way to its water)
    // and a spit of under `MAX_LINK_LAND_KM`
    let own_km = distance_km(p, w);
    let across = |q: LonLat| {
        let land = net.land.land_stretches(p, q, |_, _| false);
        land.longest_km() < own_km + MAX_LINK_LAND_KM
            && land.past_ends_km(p != w, false) < MAX_LINK_LAND_KM
            && !net.gates.blocks(p, q, rules.closed)
    };
    let mut inside: Vec<LonLat> = Vec::new();
    for &(km, q) in water_cells(net, p, POCKET_SLACK_KM)
        .iter()
        .take(OUTER_CANDIDATES)
    {
        if km > net.coast_km {
            break;
        }
        // a cell next to one found inside the basin is inside it too
        if q == w
            || inside
                .iter()
                .any(|&b| approx_km(b.lon(), b.lat(), q.lon(), q.lat()) < 2.5)
        {
            continue;
        }
        let around = 3.0 * distance_km(w, q) + 5.0;
        if grid::between(rules, w, q, around).is_some() {
            inside.push(q);
            continue;
        }
        if across(q) && opens.at(q) {
            return Some(vec![p, q]);
        }
    }
    None
}

/// The water point an end starts from: its nearest water, or the end itself when it
/// lies on a named waterway the land map does not draw (a river port such as
/// Astrakhan, up the Volga) with a network node along it close by.
fn water_for(
    net: &SeaNetwork,
    p: LonLat,
    near: &[(u32, f64)],
    opens: &Opens<'_>,
) -> Result<LonLat, Option<f64>> {
    // on a waterway with its lane close by (Astrakhan), the end itself: the nearest
    // open water may be across land (the Caspian shore, 50 km off)
    // (or on water the mask cuts off from the sea there, as at Kherson's quays)
    let on_waterway = (net.land.is_land(p) || !opens.at(p))
        && net.in_narrows(p.lon(), p.lat())
        && near.first().is_some_and(|&(_, km)| km <= WATERWAY_LINK_KM);
    if on_waterway {
        return Ok(p);
    }
    open_water(net, p, opens)
}

/// The nearest water point to `p` that opens out (`p` itself on such water): the
/// water cells nearest `p` in order, skipping pockets the grid cuts off. Err with
/// the distance to the nearest water when none is within the coast distance.
fn open_water(net: &SeaNetwork, p: LonLat, opens: &Opens<'_>) -> Result<LonLat, Option<f64>> {
    let opens = |q: LonLat| opens.at(q);
    if !net.land.is_land(p) && opens(p) {
        return Ok(p);
    }
    let cells = water_cells(net, p, POCKET_SLACK_KM);
    let Some(&(nearest, _)) = cells.first() else {
        return Err(None);
    };
    if nearest > net.coast_km {
        return Err(Some(nearest));
    }
    let mut pockets: Vec<LonLat> = Vec::new();
    for &(km, q) in &cells {
        if km > net.coast_km {
            break;
        }
        // a cell next to one already found cut off is in the same pocket
        if pockets
            .iter()
            .any(|&b| approx_km(b.lon(), b.lat(), q.lon(), q.lat()) < 2.5)
        {
            continue;
        }
        if opens(q) {
            return Ok(q);
        }
        pockets.push(q);
        if pockets.len() > 24 {
            break;
        }
    }
    Err(Some(nearest))
}

/// The distance from `p` to its nearest water (Err as for [`open_water`]).
fn nearest_water(net: &SeaNetwork, p: LonLat) -> Result<LonLat, Option<f64>> {
    if !net.land.is_land(p) {
        return Ok(p);
    }
    match water_cells(net, p, 0.0).first() {
        Some(&(km, q)) if km <= net.coast_km => Ok(q),
        Some(&(km, _)) => Err(Some(km)),
        None => Err(None),
    }
}

/// The centres of the water cells nearest `p`, nearest first: every one within
/// `slack_km` of the nearest, searching outwards ring by ring.
fn water_cells(net: &SeaNetwork, p: LonLat, slack_km: f64) -> Vec<(f64, LonLat)> {
    let (r0, c0) = cell_of(p.lon(), p.lat());
    let max_rings = (REACH_RADIUS_KM / KM_PER_CELL_LAT).ceil() as i64;
    // columns are narrower than rows away from the equator: widen the ring to match
    let stretch = 1.0 / p.lat().abs().min(89.0).to_radians().cos();
    let span = |ring: i64| ((ring as f64 * stretch).ceil() as i64).min((COLS / 2) as i64 - 1);
    let mut best: Option<f64> = None;
    let mut found: Vec<(f64, LonLat)> = Vec::new();
    for ring in 0..=max_rings {
        // once a ring is wholly further than the best found and the slack, stop
        if let Some(km) = best {
            if (ring as f64 - 1.0) * KM_PER_CELL_LAT > km + slack_km {
                break;
            }
        }
        let col_span = span(ring);
        let inner = span(ring - 1);
        for dr in -ring..=ring {
            let r = r0 as i64 + dr;
            if r < 0 || r >= ROWS as i64 {
                continue;
            }
            // the new cells of this ring: whole edge rows, and the widened sides
            let cols: Vec<i64> = if dr.abs() == ring {
                (-col_span..=col_span).collect()
            } else {
                (inner + 1..=col_span).flat_map(|c| [-c, c]).collect()
            };
            for dc in cols {
                let c = (c0 as i64 + dc).rem_euclid(COLS as i64) as usize;
                if !net.land.is_land_cell(r as usize, c) {
                    let q = centre(r as usize, c);
                    let km = approx_km(p.lon(), p.lat(), unwrap_lon(p.lon(), q.lon()), q.lat());
                    if best.is_none_or(|b| km < b) {
                        best = Some(km);
                    }
                    found.push((km, q));
                }
            }
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ll(lat: f64, lon: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    /// Stockholm's archipelago (issue 14, point 7): the way east reaches a water
    /// point A, goes out to a network node B and back to A, then west to C before
    /// turning on. Going back to A left A twice, and the turn at a point repeated is
    /// no turn, so A, B and the repeat stayed: a 0.9 km out-and-back.
    #[test]
    fn a_way_out_and_back_to_the_same_point_is_one_spur() {
        let p0 = ll(59.3917, 18.3417);
        let a = ll(59.4083, 18.4583);
        let b = ll(59.4259, 18.4550);
        let c = ll(59.4083, 18.4417);
        let d = ll(59.4250, 18.4250);
        let open = |_: LonLat, _: &[LonLat], _: LonLat| true;
        assert_eq!(despur_with(&[p0, a, b, a, c, d], open), vec![p0, c, d]);
        // with the embedded land mask and gates: the same, all of it is water
        let net = SeaNetwork::embedded().unwrap();
        assert_eq!(despur(&net, &[p0, a, b, a, c, d]), vec![p0, c, d]);
        // where the line past the turn is refused, the way stays as it was, less
        // the repeat
        let shut = |_: LonLat, _: &[LonLat], _: LonLat| false;
        assert_eq!(
            despur_with(&[p0, a, b, a, c, d], shut),
            vec![p0, a, b, a, c, d]
        );
    }

    #[test]
    fn a_spur_with_a_tip_of_two_points_goes() {
        // east 10 km, a 1 km step north at the tip, back west 9 km, then north
        let p0 = ll(60.0, 20.0);
        let b1 = ll(60.0, 20.18);
        let b2 = ll(60.009, 20.18);
        let c = ll(60.009, 20.02);
        let d = ll(60.2, 20.02);
        let open = |_: LonLat, _: &[LonLat], _: LonLat| true;
        assert_eq!(despur_with(&[p0, b1, b2, c, d], open), vec![p0, c, d]);
        // a wide U-turn is not a spur: its step across is no short one
        let far = ll(60.09, 20.18);
        let back = ll(60.09, 20.0);
        assert_eq!(
            despur_with(&[p0, b1, far, back], open),
            vec![p0, b1, far, back]
        );
        // the ends stay, however the way turns
        assert_eq!(despur_with(&[b1, p0, c], open), vec![b1, c]);
    }
}
