//! Dates along routes: durations and implied speeds, checks for contradictions, and
//! estimates of missing dates (only when asked).
//!
//! Checks (warnings; errors with `--strict`), each naming the route and legs:
//! - `arrive-before-depart`: a leg's latest possible arrival is before its earliest
//!   possible departure;
//! - `depart-before-arrival`: a leg leaves before the previous leg can have arrived;
//! - `implied-speed`: even the most favourable reading of the dates (window bounds
//!   included) gives a speed outside what the mode can do, from the routed length;
//! - `long-dwell`: cargo waits at a stop at least [`DWELL_LIMIT_DAYS`] days.

use crate::date::{leg_label as dates_label, DatePoint, DateSpec};
use crate::model::{Document, Leg, Mode, Route, Warning, KM_PER_NMI};

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
        if let (Some(d), Some(a)) = (&leg.depart, &leg.arrive) {
            if latest_end_s(a) <= d.earliest_s() {
                warn(
                    out,
                    "arrive-before-depart",
                    route,
                    leg,
                    format!("arrives ({}) before it departs ({})", a.label(), d.label()),
                );
            } else {
                check_speed(route, leg, d, a, out);
            }
        }
        if let Some(prev) = i.checked_sub(1).map(|j| &route.legs[j]) {
            if let (Some(arr), Some(dep)) = (&prev.arrive, &leg.depart) {
                if latest_end_s(dep) <= arr.earliest_s() {
                    warn(
                        out,
                        "depart-before-arrival",
                        route,
                        leg,
                        format!(
                            "departs ({}) before leg {} arrives at {} ({})",
                            dep.label(),
                            prev.index,
                            prev.to.name,
                            arr.label()
                        ),
                    );
                } else {
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
    for route in &mut doc.routes {
        for _ in 0..2 {
            forward(route);
            backward(route);
        }
    }
}

fn travel_s(leg: &Leg) -> i64 {
    (leg.distance_km / typical_speed_kmh(leg.mode) * 3600.0).round() as i64
}

fn forward(route: &mut Route) {
    for i in 0..route.legs.len() {
        if route.legs[i].depart.is_none() {
            if let Some(prev_arrive) = i.checked_sub(1).and_then(|j| route.legs[j].arrive) {
                route.legs[i].depart = Some(prev_arrive);
                route.legs[i].depart_estimated = true;
            }
        }
        let leg = &mut route.legs[i];
        if let (Some(d), None) = (leg.depart, leg.arrive) {
            leg.arrive = Some(shift(&d, travel_s(leg)));
            leg.arrive_estimated = true;
        }
    }
}

fn backward(route: &mut Route) {
    for i in (0..route.legs.len()).rev() {
        if route.legs[i].arrive.is_none() {
            if let Some(next_depart) = route.legs.get(i + 1).and_then(|l| l.depart) {
                route.legs[i].arrive = Some(next_depart);
                route.legs[i].arrive_estimated = true;
            }
        }
        let leg = &mut route.legs[i];
        if let (None, Some(a)) = (leg.depart, leg.arrive) {
            leg.depart = Some(shift(&a, -travel_s(leg)));
            leg.depart_estimated = true;
        }
    }
}

/// Moves a date value by a duration: instants exactly, days, months and windows by
/// whole days (a month becomes a window of days).
fn shift(d: &DateSpec, secs: i64) -> DateSpec {
    if let (DatePoint::Instant(t), None) = (d.start, d.end) {
        if let Ok(moved) = t.checked_add(jiff::SignedDuration::from_secs(secs)) {
            return DateSpec {
                start: DatePoint::Instant(moved),
                end: None,
                approx: d.approx,
            };
        }
    }
    let days = jiff::Span::new().days((secs as f64 / 86_400.0).round() as i64);
    let (first, last) = (d.earliest_day(), d.latest_day());
    let (Ok(first), Ok(last)) = (first.checked_add(days), last.checked_add(days)) else {
        return *d;
    };
    DateSpec {
        start: DatePoint::Day(first),
        end: (first != last).then_some(DatePoint::Day(last)),
        approx: d.approx,
    }
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
            connectors: vec![],
            connector_km: 0.0,
            carrier: None,
            cargo: None,
            notes: None,
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
        }
    }

    fn codes(d: &Document) -> Vec<String> {
        check(d).into_iter().map(|w| w.code).collect()
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

    #[test]
    fn arrival_before_departure_is_flagged_but_same_day_is_not() {
        assert_eq!(
            codes(&doc(vec![leg(
                1,
                Mode::Road,
                10.0,
                Some("2023-09-12"),
                Some("2023-09-11")
            )])),
            ["arrive-before-depart"]
        );
        assert!(codes(&doc(vec![leg(
            1,
            Mode::Road,
            10.0,
            Some("2023-09-12"),
            Some("2023-09-12")
        )]))
        .is_empty());
        assert_eq!(
            codes(&doc(vec![leg(
                1,
                Mode::Air,
                10.0,
                Some("2023-09-12T10:00:00Z"),
                Some("2023-09-12T09:00:00Z")
            )])),
            ["arrive-before-depart"]
        );
        assert!(codes(&doc(vec![leg(
            1,
            Mode::Sea,
            10.0,
            Some("2023-09-07/2023-10-01"),
            Some("2023-09-12")
        )]))
        .is_empty());
    }

    #[test]
    fn departing_before_the_previous_arrival_and_long_dwells_are_flagged() {
        let d = doc(vec![
            leg(1, Mode::Sea, 400.0, Some("2023-09-07"), Some("2023-09-12")),
            leg(2, Mode::Rail, 400.0, Some("2023-09-10"), None),
        ]);
        assert_eq!(codes(&d), ["depart-before-arrival"]);
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
