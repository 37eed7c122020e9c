//! Dates along routes: durations and implied speeds, checks for contradictions, and
//! estimates of missing dates (only when asked).
//!
//! Errors ([`TimelineError`], from [`windows`]), each located at a leg:
//! - a leg that arrives before it departs;
//! - dates that contradict through the chain: a leg must leave after the previous leg
//!   can have arrived and arrive before the next can leave, so "leg 1 arrives 12 Sep"
//!   and "leg 3 departs 10 Sep" leave leg 2 no time at all (the error names both).
//!
//! Every leg and stop gets the tightest time window the chain implies
//! ([`windows`]): an undated leg between dated ones is bounded on both sides, one
//! after the last date is bounded below and open above. Bounds taken from another
//! leg are flagged inferred, and labelled "after 12 Sep 2023".
//!
//! Checks (warnings; errors with `--strict`), each naming the route and legs:
//! - `distant-date`: a date before 1900 or after 2100, most likely a typo (shipmap
//!   maps modern shipments; older voyages still work, with this warning);
//! - `implied-speed`: even the most favourable reading of the dates (window bounds
//!   included) gives a speed outside what the mode can do, from the routed length;
//! - `long-dwell`: cargo waits at a stop at least [`DWELL_LIMIT_DAYS`] days.

use crate::date::{leg_label as dates_label, DatePoint, DateSpec};
use crate::model::{Document, Leg, Mode, Route, Span, Warning, KM_PER_NMI};

/// The longest wait at a stop that is not remarked on: 30 days. Longer waits happen
/// (storage, sanctions checks), but in a report they usually mean a date is wrong.
pub const DWELL_LIMIT_DAYS: f64 = 30.0;

/// Plausible average speeds over a whole leg, stops included, in km/h: (min, max).
/// Sea: 2 to 30 knots. Rail: up to 120 km/h (no freight train averages more).
/// Road: up to 90 km/h. Air: 100 to 1,000 km/h (block speed of cargo aircraft).
/// Minimum 2 km/h for rail and road: slower means the cargo waited, not travelled.
pub fn speed_limits_kmh(mode: Mode) -> (f64, f64) {
    match mode {
        Mode::Sea => (2.0 * KM_PER_NMI, 30.0 * KM_PER_NMI),
        Mode::Rail => (2.0, 120.0),
        Mode::Road => (2.0, 90.0),
        Mode::Air => (100.0, 1000.0),
    }
}

/// Typical average speeds for `--estimate`, in km/h, stops included: sea 12 knots,
/// rail 40 km/h, road 45 km/h, air 600 km/h (block speed, loading excluded).
pub fn typical_speed_kmh(mode: Mode) -> f64 {
    match mode {
        Mode::Sea => 12.0 * KM_PER_NMI,
        Mode::Rail => 40.0,
        Mode::Road => 45.0,
        Mode::Air => 600.0,
    }
}

/// True when any date in the document has a time of day, so every date field is
/// written as a UTC date-time (one JSON form per field across all features).
pub fn uses_time(doc: &Document) -> bool {
    doc.routes
        .iter()
        .flat_map(|r| &r.legs)
        .flat_map(|l| [l.depart.as_ref(), l.arrive.as_ref()])
        .flatten()
        .any(DateSpec::has_time)
}

/// The leg's duration when both dates are single days or instants (days count from
/// the start of each day), else `None`: never invented.
///
/// # Units
/// Hours.
pub fn duration_h(leg: &Leg) -> Option<f64> {
    let d = leg.depart.as_ref()?.point_s()?;
    let a = leg.arrive.as_ref()?.point_s()?;
    (a > d).then(|| (a - d) as f64 / 3600.0)
}

/// Average speed over the leg's routed length, when [`duration_h`] is known.
///
/// # Units
/// Kilometres per hour.
pub fn speed_kmh(leg: &Leg) -> Option<f64> {
    duration_h(leg).map(|h| leg.distance_km / h)
}

/// The leg's dates as one label ("7-12 Sep 2023"), "est." first when estimated.
pub fn leg_label(leg: &Leg) -> Option<String> {
    let label = dates_label(leg.depart.as_ref(), leg.arrive.as_ref())?;
    Some(if leg.depart_estimated || leg.arrive_estimated {
        format!("est. {label}")
    } else {
        label
    })
}

/// A stop's dates as one label: "dep. 7 Sep 2023", "arr. 12 Sep 2023", or both.
pub fn stop_label(arriving: Option<&Leg>, leaving: Option<&Leg>) -> Option<String> {
    let part = |d: Option<&DateSpec>, estimated: bool, word: &str| {
        d.map(|d| {
            format!(
                "{}{word} {}",
                if estimated { "est. " } else { "" },
                d.label()
            )
        })
    };
    let arr = arriving.and_then(|l| part(l.arrive.as_ref(), l.arrive_estimated, "arr."));
    let dep = leaving.and_then(|l| part(l.depart.as_ref(), l.depart_estimated, "dep."));
    match (arr, dep) {
        (Some(a), Some(d)) => Some(format!("{a}, {d}")),
        (a, d) => a.or(d),
    }
}

/// A leg's dates as one label with what the chain implies where the document is
/// silent: "7-12 Sep 2023", "after 12 Sep 2023", "dep. 7 Sep 2023, arr. before
/// 20 Sep 2023"; "est." first when estimated.
pub fn leg_label_within(leg: &Leg, w: &LegWindows) -> Option<String> {
    let has = |d: &Option<DateSpec>, win: &Window| d.is_some() && !win.inferred();
    match (has(&leg.depart, &w.depart), has(&leg.arrive, &w.arrive)) {
        (true, true) => leg_label(leg),
        (false, false) => Window {
            earliest: w.depart.earliest,
            latest: w.arrive.latest,
        }
        .label(),
        (true, false) => {
            let own = leg_label(&Leg {
                arrive: None,
                ..leg.clone()
            })?;
            Some(match w.arrive.label().filter(|_| w.arrive.inferred()) {
                Some(arr) => format!("{own}, arr. {arr}"),
                None => own,
            })
        }
        (false, true) => {
            let own = leg_label(&Leg {
                depart: None,
                ..leg.clone()
            })?;
            Some(match w.depart.label().filter(|_| w.depart.inferred()) {
                Some(dep) => format!("dep. {dep}, {own}"),
                None => own,
            })
        }
    }
}

/// A stop's dates as one label, inferred ends included: "arr. after 12 Sep 2023".
pub fn stop_label_within(
    arriving: Option<(&Leg, &LegWindows)>,
    leaving: Option<(&Leg, &LegWindows)>,
) -> Option<String> {
    let part = |d: Option<&DateSpec>, estimated: bool, win: &Window, word: &str| {
        end_label(d, estimated, win).map(|l| format!("{word} {l}"))
    };
    let arr =
        arriving.and_then(|(l, w)| part(l.arrive.as_ref(), l.arrive_estimated, &w.arrive, "arr."));
    let dep =
        leaving.and_then(|(l, w)| part(l.depart.as_ref(), l.depart_estimated, &w.depart, "dep."));
    match (arr, dep) {
        (Some(a), Some(d)) => Some(format!("{a}, {d}")),
        (a, d) => a.or(d),
    }
}

/// One end of a leg (its departure or its arrival) as one label: the date as written
/// ("12 Sep 2023", "est. 12 Sep 2023") when the chain adds nothing to it, else the
/// window the chain implies ("after 12 Sep 2023", "between 12 and 30 Sep 2023");
/// `None` when open both ways.
///
/// ```
/// use shipmap::timeline::{end_label, Limit, Window};
/// use shipmap::date::DateSpec;
/// let sep12 = DateSpec::parse("2023-09-12").unwrap();
/// let after = Window { earliest: Some(Limit { date: sep12, from_leg: 1, inferred: true }), latest: None };
/// assert_eq!(end_label(None, false, &after).unwrap(), "after 12 Sep 2023");
/// let own = Window { earliest: Some(Limit { date: sep12, from_leg: 2, inferred: false }), ..after };
/// assert_eq!(end_label(Some(&sep12), true, &own).unwrap(), "est. 12 Sep 2023");
/// ```
pub fn end_label(date: Option<&DateSpec>, estimated: bool, window: &Window) -> Option<String> {
    match date {
        Some(d) if !window.inferred() => Some(format!(
            "{}{}",
            if estimated { "est. " } else { "" },
            d.label()
        )),
        _ => window.label(),
    }
}

/// Exclusive end of the value's latest moment (an instant counts as one second).
fn latest_end_s(d: &DateSpec) -> i64 {
    let end = d.latest_s();
    if end == d.earliest_s() || matches!(d.end.unwrap_or(d.start), DatePoint::Instant(_)) {
        end + 1
    } else {
        end
    }
}

/// Checks every route's timeline; returns the warnings, in route and leg order.
pub fn check(doc: &Document) -> Vec<Warning> {
    let mut out = Vec::new();
    for route in &doc.routes {
        check_route(route, &mut out);
    }
    out
}

fn warn(out: &mut Vec<Warning>, code: &str, route: &Route, leg: &Leg, message: String) {
    out.push(Warning {
        code: code.to_owned(),
        message: format!(
            "route `{}`, leg {} ({} to {}): {message}",
            route.id, leg.index, leg.from.name, leg.to.name
        ),
        route_id: Some(route.id.clone()),
        leg: Some(leg.index),
        span: Some(leg.span),
    });
}

fn check_route(route: &Route, out: &mut Vec<Warning>) {
    for (i, leg) in route.legs.iter().enumerate() {
        for d in [&leg.depart, &leg.arrive].into_iter().flatten() {
            let year = d.earliest_day().year();
            if !(1900..=2100).contains(&year) || !(1900..=2100).contains(&d.latest_day().year()) {
                warn(
                    out,
                    "distant-date",
                    route,
                    leg,
                    format!(
                        "{} is outside 1900-2100: check the year (shipmap maps it as written)",
                        d.label()
                    ),
                );
                break;
            }
        }
        if let (Some(d), Some(a)) = (&leg.depart, &leg.arrive) {
            if latest_end_s(a) > d.earliest_s() {
                check_speed(route, leg, d, a, out);
            }
        }
        if let Some(prev) = i.checked_sub(1).map(|j| &route.legs[j]) {
            if let (Some(arr), Some(dep)) = (&prev.arrive, &leg.depart) {
                let dwell_days = (dep.earliest_s() - latest_end_s(arr)) as f64 / 86_400.0;
                if dwell_days >= DWELL_LIMIT_DAYS {
                    warn(out, "long-dwell", route, leg, format!(
                        "waits at least {dwell_days:.0} days at {} (arrived {}, departs {}); the limit is {DWELL_LIMIT_DAYS:.0} days",
                        leg.from.name, arr.label(), dep.label()
                    ));
                }
            }
        }
    }
}

/// One limit of a time window: the date value it comes from (its earliest moment
/// for a lower limit, its latest for an upper one), the leg that gave it, and
/// whether it was taken from another leg (inferred) rather than the leg's own date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The date value the limit comes from.
    pub date: DateSpec,
    /// The 1-based leg whose date it is.
    pub from_leg: usize,
    /// True when `from_leg` is another leg: the limit was inferred along the chain.
    pub inferred: bool,
}

/// When something can happen: no earlier than `earliest`, no later than `latest`;
/// `None` is an open end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Window {
    /// Lower limit (its date's earliest moment).
    pub earliest: Option<Limit>,
    /// Upper limit (its date's latest moment).
    pub latest: Option<Limit>,
}

impl Window {
    /// True when either limit was inferred from another leg.
    pub fn inferred(&self) -> bool {
        self.earliest.is_some_and(|l| l.inferred) || self.latest.is_some_and(|l| l.inferred)
    }

    /// The earliest moment, seconds since the epoch.
    pub fn earliest_s(&self) -> Option<i64> {
        self.earliest.map(|l| l.date.earliest_s())
    }

    /// The end of the latest moment (exclusive), seconds since the epoch.
    pub fn latest_end_s(&self) -> Option<i64> {
        self.latest.map(|l| latest_end_s(&l.date))
    }

    /// "after 12 Sep 2023", "before 20 Sep 2023", "12-20 Sep 2023" (between), or
    /// `None` when open both ways.
    pub fn label(&self) -> Option<String> {
        let low = self.earliest.map(|l| bound_label(&l.date, true));
        let high = self.latest.map(|l| bound_label(&l.date, false));
        match (low, high) {
            (Some(a), Some(b)) if a == b => Some(a),
            (Some(a), Some(b)) => {
                let (x, y) = (
                    self.earliest?.date.earliest_day(),
                    self.latest?.date.latest_day(),
                );
                let instants = matches!(self.earliest?.date.start, DatePoint::Instant(_))
                    || matches!(
                        self.latest?.date.end.unwrap_or(self.latest?.date.start),
                        DatePoint::Instant(_)
                    );
                Some(if instants || x.year() != y.year() {
                    format!("between {a} and {b}")
                } else if x.month() != y.month() {
                    let (a_day, _) = a.rsplit_once(' ')?;
                    format!("between {a_day} and {b}")
                } else {
                    format!("between {} and {b}", x.day())
                })
            }
            (Some(a), None) => Some(format!("after {a}")),
            (None, Some(b)) => Some(format!("before {b}")),
            (None, None) => None,
        }
    }
}

/// A day or instant as a reader says one end of a value: its first day for a lower
/// bound, its last for an upper one.
fn bound_label(d: &DateSpec, earliest: bool) -> String {
    let point = match (d.end.unwrap_or(d.start), d.start, earliest) {
        (_, DatePoint::Instant(t), true) => DatePoint::Instant(t),
        (DatePoint::Instant(t), _, false) => DatePoint::Instant(t),
        (_, _, true) => DatePoint::Day(d.earliest_day()),
        (_, _, false) => DatePoint::Day(d.latest_day()),
    };
    DateSpec {
        start: point,
        end: None,
        approx: false,
    }
    .label()
}

/// A leg's time windows: when it can depart and when it can arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LegWindows {
    /// When it can leave.
    pub depart: Window,
    /// When it can arrive.
    pub arrive: Window,
}

/// Dates that cannot all be true.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct TimelineError {
    /// What contradicts what, naming the route and legs.
    pub message: String,
    /// The route.
    pub route_id: String,
    /// The 1-based leg the error is located at.
    pub leg: usize,
    /// Where that leg is in the document.
    pub span: Span,
}

impl TimelineError {
    /// What to do about it.
    pub fn help(&self) -> String {
        "check the dates against the report: one of them is wrong, or the legs are out of order"
            .to_owned()
    }
}

fn lower(own: Option<Limit>, chain: Option<Limit>) -> Option<Limit> {
    match (own, chain) {
        (Some(a), Some(b)) if b.date.earliest_s() > a.date.earliest_s() => Some(b),
        (a, b) => a.or(b),
    }
}

fn upper(own: Option<Limit>, chain: Option<Limit>) -> Option<Limit> {
    match (own, chain) {
        (Some(a), Some(b)) if latest_end_s(&b.date) < latest_end_s(&a.date) => Some(b),
        (a, b) => a.or(b),
    }
}

fn inferred(l: Option<Limit>) -> Option<Limit> {
    l.map(|l| Limit {
        inferred: true,
        ..l
    })
}

/// The tightest time windows every leg's dates and the chain imply, per route (in
/// document order), or the first contradiction found. Estimated dates
/// (`--estimate`) narrow a window only where they fit inside it.
pub fn windows(doc: &Document) -> Result<Vec<Vec<LegWindows>>, TimelineError> {
    doc.routes.iter().map(route_windows).collect()
}

fn route_windows(route: &Route) -> Result<Vec<LegWindows>, TimelineError> {
    let own = |leg: &Leg, d: Option<DateSpec>, estimated: bool| {
        d.filter(|_| !estimated).map(|date| Limit {
            date,
            from_leg: leg.index,
            inferred: false,
        })
    };
    let n = route.legs.len();
    let mut w = vec![LegWindows::default(); n];
    for (i, leg) in route.legs.iter().enumerate() {
        if let (Some(d), Some(a)) = (&leg.depart, &leg.arrive) {
            if !leg.depart_estimated && !leg.arrive_estimated && latest_end_s(a) <= d.earliest_s() {
                return Err(at(route, leg, format!(
                    "route `{}`, leg {} ({} to {}) arrives ({}) before it departs ({}): swap them or correct one",
                    route.id, leg.index, leg.from.name, leg.to.name, a.label(), d.label()
                )));
            }
        }
        let before = i
            .checked_sub(1)
            .and_then(|j| inferred(w[j].arrive.earliest));
        w[i].depart.earliest = lower(own(leg, leg.depart, leg.depart_estimated), before);
        w[i].arrive.earliest = lower(
            own(leg, leg.arrive, leg.arrive_estimated),
            inferred(w[i].depart.earliest),
        );
    }
    for i in (0..n).rev() {
        let leg = &route.legs[i];
        let after = w.get(i + 1).and_then(|x| inferred(x.depart.latest));
        w[i].arrive.latest = upper(own(leg, leg.arrive, leg.arrive_estimated), after);
        w[i].depart.latest = upper(
            own(leg, leg.depart, leg.depart_estimated),
            inferred(w[i].arrive.latest),
        );
    }
    for lw in &w {
        for win in [&lw.depart, &lw.arrive] {
            let (Some(lo), Some(hi)) = (win.earliest, win.latest) else {
                continue;
            };
            if latest_end_s(&hi.date) <= lo.date.earliest_s() {
                let source = |l: &Limit| &route.legs[l.from_leg - 1];
                let lo_arrives = source(&lo).arrive == Some(lo.date);
                let hi_departs = source(&hi).depart == Some(hi.date);
                // An arrival too late for what follows leaves the next leg no time to
                // depart; a departure too late, its own leg no time to arrive.
                let (leg, side) = if lo_arrives {
                    (route.legs.get(lo.from_leg).unwrap_or(source(&lo)), "depart")
                } else {
                    (source(&lo), "arrive")
                };
                let name = |l: &Limit, word: &str| {
                    let other = source(l);
                    format!(
                        "leg {} ({} to {}) {word} {}",
                        other.index,
                        other.from.name,
                        other.to.name,
                        l.date.label()
                    )
                };
                return Err(at(route, leg, format!(
                    "route `{}`: the dates leave leg {} ({} to {}) no time to {side}: {}, but {}; a leg leaves only after the one before arrives",
                    route.id, leg.index, leg.from.name, leg.to.name,
                    name(&lo, if lo_arrives { "arrives" } else { "departs" }),
                    name(&hi, if hi_departs { "departs" } else { "arrives" })
                )));
            }
        }
    }
    // Estimates narrow what they fit inside.
    for (leg, lw) in route.legs.iter().zip(w.iter_mut()) {
        for (date, estimated, win) in [
            (leg.depart, leg.depart_estimated, &mut lw.depart),
            (leg.arrive, leg.arrive_estimated, &mut lw.arrive),
        ] {
            let Some(d) = date.filter(|_| estimated) else {
                continue;
            };
            let fits = win.earliest_s().is_none_or(|lo| d.earliest_s() >= lo)
                && win.latest_end_s().is_none_or(|hi| latest_end_s(&d) <= hi);
            if fits {
                let limit = Some(Limit {
                    date: d,
                    from_leg: leg.index,
                    inferred: false,
                });
                *win = Window {
                    earliest: limit,
                    latest: limit,
                };
            }
        }
    }
    Ok(w)
}

fn at(route: &Route, leg: &Leg, message: String) -> TimelineError {
    TimelineError {
        message,
        route_id: route.id.clone(),
        leg: leg.index,
        span: leg.span,
    }
}

/// The document's time span: the earliest and the end of the latest moment any date
/// allows (seconds since the epoch), or `None` when it has no dates.
pub fn span_s(doc: &Document) -> Option<(i64, i64)> {
    let dates = doc
        .routes
        .iter()
        .flat_map(|r| &r.legs)
        .flat_map(|l| [l.depart, l.arrive])
        .flatten();
    dates.fold(None, |acc, d| {
        let (lo, hi) = (d.earliest_s(), latest_end_s(&d));
        Some(match acc {
            None => (lo, hi),
            Some((a, b)) => (a.min(lo), b.max(hi)),
        })
    })
}

fn check_speed(route: &Route, leg: &Leg, d: &DateSpec, a: &DateSpec, out: &mut Vec<Warning>) {
    let (min_kmh, max_kmh) = speed_limits_kmh(leg.mode);
    let longest_h = (latest_end_s(a) - d.earliest_s()) as f64 / 3600.0;
    let shortest_h = (a.earliest_s() - latest_end_s(d)).max(0) as f64 / 3600.0;
    let unit = |kmh: f64| match leg.mode {
        Mode::Sea => format!("{:.1} knots", kmh / KM_PER_NMI),
        _ => format!("{kmh:.0} km/h"),
    };
    let slowest = leg.distance_km / longest_h;
    if longest_h > 0.0 && slowest > max_kmh {
        warn(
            out,
            "implied-speed",
            route,
            leg,
            format!(
                "{:.0} km in at most {:.0} h means at least {}, above the {} limit of {}",
                leg.distance_km,
                longest_h,
                unit(slowest),
                leg.mode,
                unit(max_kmh)
            ),
        );
    }
    if shortest_h > 0.0 {
        let fastest = leg.distance_km / shortest_h;
        if fastest < min_kmh {
            warn(
                out,
                "implied-speed",
                route,
                leg,
                format!(
                    "{:.0} km in at least {:.0} h means at most {}, below the {} minimum of {}",
                    leg.distance_km,
                    shortest_h,
                    unit(fastest),
                    leg.mode,
                    unit(min_kmh)
                ),
            );
        }
    }
}

/// Fills missing dates from typical speeds ([`typical_speed_kmh`]), marking each one
/// estimated: forwards from known departures and arrivals, then backwards from known
/// arrivals. A stop's departure defaults to the arrival there (no dwell).
pub fn estimate(doc: &mut Document) {
    let mut beyond = Vec::new();
    for route in &mut doc.routes {
        for _ in 0..2 {
            forward(route, &mut beyond);
            backward(route, &mut beyond);
        }
    }
    // each pass may meet the same leg again: keep the first note of each
    let mut seen = std::collections::HashSet::new();
    beyond.retain(|(r, l, _)| seen.insert((r.clone(), *l)));
    for (route_id, leg, span) in beyond {
        doc.warnings.push(Warning {
            code: "estimate-out-of-range".to_owned(),
            message: format!(
                "route `{route_id}`, leg {leg}: its dates cannot be estimated: they would fall \
                 outside the calendar shipmap handles (years -9999 to 9999); give them"
            ),
            route_id: Some(route_id),
            leg: Some(leg),
            span: Some(span),
        });
    }
}

/// Legs whose estimate would run off the calendar: route id, leg, span.
type Beyond = Vec<(String, usize, crate::model::Span)>;

fn note_beyond(beyond: &mut Beyond, route_id: &str, leg: &Leg) {
    beyond.push((route_id.to_owned(), leg.index, leg.span));
}

fn travel_s(leg: &Leg) -> i64 {
    (leg.distance_km / typical_speed_kmh(leg.mode) * 3600.0).round() as i64
}

fn forward(route: &mut Route, beyond: &mut Beyond) {
    for i in 0..route.legs.len() {
        if route.legs[i].depart.is_none() {
            if let Some(prev_arrive) = i.checked_sub(1).and_then(|j| route.legs[j].arrive) {
                route.legs[i].depart = Some(prev_arrive);
                route.legs[i].depart_estimated = true;
            }
        }
        let leg = &mut route.legs[i];
        if let (Some(d), None) = (leg.depart, leg.arrive) {
            match shift(&d, travel_s(leg)) {
                Some(a) => {
                    leg.arrive = Some(a);
                    leg.arrive_estimated = true;
                }
                None => note_beyond(beyond, &route.id, &route.legs[i]),
            }
        }
    }
}

fn backward(route: &mut Route, beyond: &mut Beyond) {
    for i in (0..route.legs.len()).rev() {
        if route.legs[i].arrive.is_none() {
            if let Some(next_depart) = route.legs.get(i + 1).and_then(|l| l.depart) {
                route.legs[i].arrive = Some(next_depart);
                route.legs[i].arrive_estimated = true;
            }
        }
        let leg = &mut route.legs[i];
        if let (None, Some(a)) = (leg.depart, leg.arrive) {
            match shift(&a, -travel_s(leg)) {
                Some(d) => {
                    leg.depart = Some(d);
                    leg.depart_estimated = true;
                }
                None => note_beyond(beyond, &route.id, &route.legs[i]),
            }
        }
    }
}

/// Moves a date value by a duration: instants exactly, days, months and windows by
/// whole days (a month becomes a window of days). `None` past the calendar's ends.
fn shift(d: &DateSpec, secs: i64) -> Option<DateSpec> {
    if let (DatePoint::Instant(t), None) = (d.start, d.end) {
        let moved = t.checked_add(jiff::SignedDuration::from_secs(secs)).ok()?;
        return Some(DateSpec {
            start: DatePoint::Instant(moved),
            end: None,
            approx: d.approx,
        });
    }
    let days = jiff::Span::new().days((secs as f64 / 86_400.0).round() as i64);
    let (first, last) = (d.earliest_day(), d.latest_day());
    let (Ok(first), Ok(last)) = (first.checked_add(days), last.checked_add(days)) else {
        return None;
    };
    Some(DateSpec {
        start: DatePoint::Day(first),
        end: (first != last).then_some(DatePoint::Day(last)),
        approx: d.approx,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LonLat, PathKind, Place, PlaceKind, Span};

    fn place(name: &str) -> Place {
        Place {
            id: format!("user:{name}"),
            name: name.to_owned(),
            gazetteer_name: None,
            country: None,
            admin1: None,
            kind: PlaceKind::User,
            at: LonLat::new(0.0, 0.0).unwrap(),
            population: None,
        }
    }

    fn leg(index: usize, mode: Mode, km: f64, depart: Option<&str>, arrive: Option<&str>) -> Leg {
        Leg {
            index,
            mode,
            from: place(&format!("P{index}")),
            to: place(&format!("P{}", index + 1)),
            depart: depart.map(|d| DateSpec::parse(d).unwrap()),
            arrive: arrive.map(|d| DateSpec::parse(d).unwrap()),
            depart_estimated: false,
            arrive_estimated: false,
            via: vec![],
            path: vec![],
            path_kind: PathKind::GreatCircle,
            distance_km: km,
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
            span: Span::default(),
        }
    }

    fn doc(legs: Vec<Leg>) -> Document {
        Document {
            title: None,
            subtitle: None,
            source: None,
            routes: vec![Route {
                id: "r".into(),
                name: "r".into(),
                legs,
            }],
            warnings: vec![],
            embedded_rail: false,
        }
    }

    fn codes(d: &Document) -> Vec<String> {
        check(d).into_iter().map(|w| w.code).collect()
    }

    #[test]
    fn estimates_past_the_calendar_end_are_refused_with_a_warning() {
        use crate::spec::{parse, Source};
        let spec = parse(&Source::chain("1N 1E -sea[9999-12-31..]-> 50N 50W")).unwrap();
        let mut d = crate::builder::build(
            &spec,
            &crate::gazetteer::Gazetteer::default(),
            &crate::network::Networks::default(),
            &Default::default(),
        )
        .unwrap();
        estimate(&mut d);
        let leg = &d.routes[0].legs[0];
        assert_eq!(leg.arrive, None, "no made-up arrival");
        assert!(!leg.arrive_estimated);
        let w: Vec<_> = d
            .warnings
            .iter()
            .filter(|w| w.code == "estimate-out-of-range")
            .collect();
        assert_eq!(w.len(), 1, "{:?}", d.warnings);
        assert!(w[0].message.contains("cannot be estimated"));
    }

    #[test]
    fn duration_and_speed_only_when_pinned() {
        let l = leg(1, Mode::Sea, 1200.0, Some("2023-09-07"), Some("2023-09-12"));
        assert_eq!(duration_h(&l), Some(120.0));
        assert_eq!(speed_kmh(&l), Some(10.0));
        assert_eq!(
            duration_h(&leg(1, Mode::Sea, 1.0, Some("2023-09"), Some("2023-10-02"))),
            None
        );
        assert_eq!(
            duration_h(&leg(
                1,
                Mode::Sea,
                1.0,
                Some("2023-09-07/2023-09-09"),
                Some("2023-10-02")
            )),
            None
        );
        assert_eq!(
            duration_h(&leg(1, Mode::Sea, 1.0, Some("2023-09-07"), None)),
            None
        );
        let t = leg(
            1,
            Mode::Air,
            1.0,
            Some("2023-12-31T22:00:00Z"),
            Some("2024-01-01T01:30:00+01:00"),
        );
        assert_eq!(duration_h(&t), Some(2.5), "01:30+01:00 is 00:30Z");
        let leap = leg(1, Mode::Rail, 1.0, Some("2024-02-28"), Some("2024-03-01"));
        assert_eq!(duration_h(&leap), Some(48.0), "2024 has 29 February");
    }

    fn err(d: &Document) -> String {
        windows(d).unwrap_err().message
    }

    #[test]
    fn arrival_before_departure_is_an_error_at_the_leg_but_same_day_is_not() {
        let reversed = doc(vec![leg(
            1,
            Mode::Road,
            10.0,
            Some("2023-09-12"),
            Some("2023-09-07"),
        )]);
        let e = windows(&reversed).unwrap_err();
        assert_eq!(e.leg, 1);
        assert_eq!(
            e.message,
            "route `r`, leg 1 (P1 to P2) arrives (7 Sep 2023) before it departs (12 Sep 2023): swap them or correct one"
        );
        assert!(windows(&doc(vec![leg(
            1,
            Mode::Road,
            10.0,
            Some("2023-09-12"),
            Some("2023-09-12")
        )]))
        .is_ok());
        let instants = doc(vec![leg(
            1,
            Mode::Air,
            10.0,
            Some("2023-09-12T10:00:00Z"),
            Some("2023-09-12T09:00:00Z"),
        )]);
        assert!(err(&instants).contains("arrives (12 Sep 2023 09:00 UTC) before it departs"));
        assert!(windows(&doc(vec![leg(
            1,
            Mode::Sea,
            10.0,
            Some("2023-09-07/2023-10-01"),
            Some("2023-09-12")
        )]))
        .is_ok());
    }

    #[test]
    fn contradictions_through_the_chain_name_both_legs() {
        let d = doc(vec![
            leg(1, Mode::Sea, 400.0, Some("2023-09-07"), Some("2023-09-12")),
            leg(2, Mode::Rail, 400.0, Some("2023-09-10"), None),
        ]);
        assert_eq!(
            err(&d),
            "route `r`: the dates leave leg 2 (P2 to P3) no time to depart: leg 1 (P1 to P2) arrives 12 Sep 2023, but leg 2 (P2 to P3) departs 10 Sep 2023; a leg leaves only after the one before arrives"
        );
        let d = doc(vec![
            leg(1, Mode::Sea, 400.0, Some("2023-09-07"), Some("2023-09-12")),
            leg(2, Mode::Rail, 400.0, None, None),
            leg(3, Mode::Road, 40.0, Some("2023-09-10"), None),
        ]);
        let e = windows(&d).unwrap_err();
        assert!(
            e.message.contains(
                "leg 1 (P1 to P2) arrives 12 Sep 2023, but leg 3 (P3 to P4) departs 10 Sep 2023"
            ),
            "{}",
            e.message
        );
        assert_eq!(e.leg, 2, "located at the leg left no time");
    }

    #[test]
    fn undated_legs_get_the_bounds_the_chain_implies() {
        let d = doc(vec![
            leg(1, Mode::Sea, 400.0, Some("2023-09-07"), Some("2023-09-12")),
            leg(2, Mode::Rail, 400.0, None, None),
            leg(3, Mode::Rail, 400.0, None, Some("2023-09-30")),
            leg(4, Mode::Road, 40.0, None, None),
        ]);
        let w = &windows(&d).unwrap()[0];
        let s = |l: Option<Limit>| l.map(|l| (l.date.to_string(), l.from_leg, l.inferred));
        assert_eq!(
            s(w[0].depart.earliest),
            Some(("2023-09-07".into(), 1, false))
        );
        assert_eq!(
            s(w[1].depart.earliest),
            Some(("2023-09-12".into(), 1, true))
        );
        assert_eq!(s(w[1].arrive.latest), Some(("2023-09-30".into(), 3, true)));
        assert_eq!(s(w[2].depart.latest), Some(("2023-09-30".into(), 3, true)));
        assert_eq!(s(w[2].arrive.latest), Some(("2023-09-30".into(), 3, false)));
        assert_eq!(
            s(w[3].depart.earliest),
            Some(("2023-09-30".into(), 3, true))
        );
        assert_eq!(w[3].arrive.latest, None, "after the last date: open above");
        let legs = &d.routes[0].legs;
        assert_eq!(leg_label_within(&legs[0], &w[0]).unwrap(), "7-12 Sep 2023");
        assert_eq!(
            leg_label_within(&legs[1], &w[1]).unwrap(),
            "between 12 and 30 Sep 2023"
        );
        assert_eq!(
            leg_label_within(&legs[2], &w[2]).unwrap(),
            "dep. between 12 and 30 Sep 2023, arr. 30 Sep 2023"
        );
        assert_eq!(
            leg_label_within(&legs[3], &w[3]).unwrap(),
            "after 30 Sep 2023"
        );
        assert_eq!(
            stop_label_within(Some((&legs[0], &w[0])), Some((&legs[1], &w[1]))).unwrap(),
            "arr. 12 Sep 2023, dep. between 12 and 30 Sep 2023"
        );
        assert_eq!(span_s(&d).map(|(a, b)| (b - a) / 86_400), Some(24));
        let window = |a: &str, b: &str| Window {
            earliest: Some(Limit {
                date: DateSpec::parse(a).unwrap(),
                from_leg: 1,
                inferred: true,
            }),
            latest: Some(Limit {
                date: DateSpec::parse(b).unwrap(),
                from_leg: 2,
                inferred: true,
            }),
        };
        assert_eq!(
            window("2023-09-28", "2023-10-03").label().unwrap(),
            "between 28 Sep and 3 Oct 2023"
        );
        assert_eq!(
            window("2023-12-30", "2024-01-02").label().unwrap(),
            "between 30 Dec 2023 and 2 Jan 2024"
        );
        assert_eq!(
            window("2023-09", "2023-09-20").label().unwrap(),
            "between 1 and 20 Sep 2023"
        );
    }

    #[test]
    fn distant_years_are_warned_about() {
        let d = doc(vec![leg(
            1,
            Mode::Sea,
            400.0,
            Some("1823-09-07"),
            Some("1823-09-12"),
        )]);
        assert_eq!(codes(&d), ["distant-date"]);
        let d = doc(vec![leg(
            1,
            Mode::Sea,
            400.0,
            Some("2023-09-07"),
            Some("2223-09-12"),
        )]);
        assert!(codes(&d).contains(&"distant-date".to_owned()));
    }

    #[test]
    fn long_dwells_are_flagged() {
        let d = doc(vec![
            leg(1, Mode::Sea, 400.0, Some("2023-09-07"), Some("2023-09-12")),
            leg(2, Mode::Rail, 400.0, Some("2023-11-12"), None),
        ]);
        assert_eq!(codes(&d), ["long-dwell"]);
    }

    #[test]
    fn implied_speed_uses_the_favourable_bound() {
        // 183 km in 1-2 days by sea: 4 to 8 km/h is about 2 to 4 knots: fine.
        assert!(codes(&doc(vec![leg(
            1,
            Mode::Sea,
            183.0,
            Some("2023-09-07"),
            Some("2023-09-08")
        )]))
        .is_empty());
        // 2,000 km by sea in at most 2 days is at least 22.5 knots: fine; 3,000 km is 33.7: too fast.
        assert!(codes(&doc(vec![leg(
            1,
            Mode::Sea,
            2000.0,
            Some("2023-09-07"),
            Some("2023-09-08")
        )]))
        .is_empty());
        assert_eq!(
            codes(&doc(vec![leg(
                1,
                Mode::Sea,
                3000.0,
                Some("2023-09-07"),
                Some("2023-09-08")
            )])),
            ["implied-speed"]
        );
        // 9,000 km by rail within a month's window is fine; in 3 days it is not.
        assert!(codes(&doc(vec![leg(
            1,
            Mode::Rail,
            9000.0,
            Some("2023-09"),
            Some("2023-10")
        )]))
        .is_empty());
        assert_eq!(
            codes(&doc(vec![leg(
                1,
                Mode::Rail,
                9000.0,
                Some("2023-09-12"),
                Some("2023-09-14")
            )])),
            ["implied-speed"]
        );
        // 100 km by sea over at least 28 days is under 2 knots.
        assert_eq!(
            codes(&doc(vec![leg(
                1,
                Mode::Sea,
                100.0,
                Some("2023-09-01"),
                Some("2023-09-30")
            )])),
            ["implied-speed"]
        );
    }

    #[test]
    fn estimates_fill_only_missing_dates_and_mark_them() {
        let mut d = doc(vec![
            leg(1, Mode::Sea, 183.0, Some("2023-09-07"), Some("2023-09-12")),
            leg(2, Mode::Rail, 9600.0, None, None),
        ]);
        estimate(&mut d);
        let rail = &d.routes[0].legs[1];
        assert_eq!(rail.depart.unwrap().to_string(), "2023-09-12");
        // 9,600 km at 40 km/h is 240 h, 10 days.
        assert_eq!(rail.arrive.unwrap().to_string(), "2023-09-22");
        assert!(rail.depart_estimated && rail.arrive_estimated);
        assert!(!d.routes[0].legs[0].arrive_estimated);
        assert_eq!(leg_label(rail).unwrap(), "est. 12-22 Sep 2023");
    }

    #[test]
    fn estimates_work_backwards_and_carry_windows() {
        let mut d = doc(vec![
            leg(1, Mode::Sea, 22.224 * 48.0, None, None),
            leg(2, Mode::Rail, 400.0, Some("2023-09-07/2023-10-01"), None),
        ]);
        estimate(&mut d);
        let sea = &d.routes[0].legs[0];
        assert_eq!(sea.arrive.unwrap().to_string(), "2023-09-07/2023-10-01");
        assert_eq!(sea.depart.unwrap().to_string(), "2023-09-05/2023-09-29");
        assert_eq!(
            d.routes[0].legs[1].arrive.unwrap().to_string(),
            "2023-09-07/2023-10-01"
        );
    }
}
