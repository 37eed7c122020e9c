//! Sea routing end to end through the library: lengths, passages, closures, via
//! points, the antimeridian and degenerate legs (issue 4).

use shipmap::model::{LonLat, Mode};
use shipmap::network::great_circle::{distance_km, length_km};
use shipmap::network::sea::SeaNetwork;
use shipmap::network::{LegRequest, RouteError, RoutedPath, Router};
use std::sync::OnceLock;

const KM_PER_NMI: f64 = 1.852;

fn sea() -> &'static SeaNetwork {
    static SEA: OnceLock<SeaNetwork> = OnceLock::new();
    SEA.get_or_init(|| SeaNetwork::embedded().unwrap())
}

fn ll(lat: f64, lon: f64) -> LonLat {
    LonLat::new(lon, lat).unwrap()
}

fn arctic() -> &'static SeaNetwork {
    static SEA: OnceLock<SeaNetwork> = OnceLock::new();
    SEA.get_or_init(|| SeaNetwork::embedded().unwrap().with_arctic(true))
}

fn route(
    from: LonLat,
    to: LonLat,
    via: &[LonLat],
    avoid: &[&str],
) -> Result<RoutedPath, RouteError> {
    route_on(sea(), from, to, via, avoid)
}

fn route_on(
    net: &SeaNetwork,
    from: LonLat,
    to: LonLat,
    via: &[LonLat],
    avoid: &[&str],
) -> Result<RoutedPath, RouteError> {
    let avoid: Vec<String> = avoid.iter().map(|s| (*s).to_owned()).collect();
    net.route(&LegRequest {
        mode: Mode::Sea,
        from,
        to,
        via,
        avoid_passages: &avoid,
        within: &[],
        avoid_countries: &[],
    })
}

fn nmi(p: &RoutedPath) -> f64 {
    length_km(&p.points) / KM_PER_NMI
}

const ROTTERDAM: (f64, f64) = (51.95, 4.10);
const SHANGHAI: (f64, f64) = (31.23, 121.47);
const BUSAN: (f64, f64) = (35.10, 129.04);
const LOS_ANGELES: (f64, f64) = (33.74, -118.27);
const NAJIN: (f64, f64) = (42.2456, 130.2967);
const VOSTOCHNY: (f64, f64) = (42.74, 133.08);
const DUNAY: (f64, f64) = (42.8889, 132.3436);

fn p(x: (f64, f64)) -> LonLat {
    ll(x.0, x.1)
}

#[test]
fn rotterdam_shanghai_via_suez_is_about_10550_nmi() {
    let r = route(p(ROTTERDAM), p(SHANGHAI), &[], &[]).unwrap();
    let n = nmi(&r);
    println!("{n:.0} nmi via {:?}", r.passages);
    assert!((n / 10_550.0 - 1.0).abs() <= 0.02, "{n:.0} nmi");
    for name in ["dover", "gibraltar", "suez", "bab-el-mandeb", "malacca"] {
        assert!(
            r.passages.iter().any(|p| p == name),
            "{name} not in {:?}",
            r.passages
        );
    }
}

#[test]
fn rotterdam_shanghai_round_the_cape_is_about_13800_nmi() {
    // With Suez alone closed the shortest way is through Panama (about 13,500 nmi).
    let r = route(p(ROTTERDAM), p(SHANGHAI), &[], &["suez", "panama"]).unwrap();
    let n = nmi(&r);
    println!("{n:.0} nmi via {:?}", r.passages);
    assert!((n / 13_800.0 - 1.0).abs() <= 0.02, "{n:.0} nmi");
    assert!(r.passages.iter().any(|p| p == "cape-of-good-hope"));
    assert!(!r.passages.iter().any(|p| p == "suez"));
}

#[test]
fn busan_los_angeles_crosses_the_pacific_in_range() {
    let r = route(p(BUSAN), p(LOS_ANGELES), &[], &[]).unwrap();
    let n = nmi(&r);
    println!("{n:.0} nmi via {:?}", r.passages);
    assert!((n / 5_300.0 - 1.0).abs() <= 0.05, "{n:.0} nmi");
    assert!(r
        .points
        .iter()
        .all(|q| q.lon().abs() <= 180.0 && q.lat().abs() <= 90.0));
    let jumps = r
        .points
        .windows(2)
        .filter(|w| (w[0].lon() - w[1].lon()).abs() > 180.0)
        .count();
    assert_eq!(jumps, 1, "crosses the antimeridian once");
}

#[test]
fn najin_to_vostochny_and_dunay_stay_close_to_the_great_circle() {
    for (to, name) in [(VOSTOCHNY, "Vostochny"), (DUNAY, "Dunay")] {
        let r = route(p(NAJIN), p(to), &[], &[]).unwrap();
        let ratio = length_km(&r.points) / distance_km(p(NAJIN), p(to));
        println!(
            "Najin-{name}: {:.1} km, {ratio:.3} x great circle, {} points",
            length_km(&r.points),
            r.points.len()
        );
        assert!(ratio <= 1.2, "Najin-{name} {ratio:.3}");
        let over = r
            .points
            .windows(2)
            .map(|w| sea().land().land_run_km(w[0], w[1], |_, _| false))
            .fold(0.0, f64::max);
        assert!(over < 2.0, "Najin-{name} crosses {over:.1} km of land");
    }
}

#[test]
fn each_passage_closes_on_its_own() {
    // Closing the Northwest Passage leaves the Northern Sea Route open, and back.
    let from = ll(69.0, 33.1); // Murmansk
    let to = ll(60.0, 170.0); // Bering Sea
    let open = route_on(arctic(), from, to, &[], &[]).unwrap();
    println!("{:.0} nmi via {:?}", nmi(&open), open.passages);
    assert_eq!(open.passages, vec!["northern-sea-route", "bering"]);
    let nwp = route_on(arctic(), from, to, &[], &["northwest-passage"]).unwrap();
    assert_eq!(nwp.passages, open.passages);
    assert_eq!(nmi(&nwp).round(), nmi(&open).round());
    let nsr = route_on(arctic(), from, to, &[], &["northern-sea-route"]).unwrap();
    println!("{:.0} nmi via {:?}", nmi(&nsr), nsr.passages);
    assert!(!nsr.passages.iter().any(|p| p == "northern-sea-route"));
    assert!(nmi(&nsr) > nmi(&open) + 1_000.0);
    // By default the Arctic is closed, and a via point in it opens it.
    let default = route(from, to, &[], &[]).unwrap();
    assert!(
        !default.passages.iter().any(|p| p == "northern-sea-route"),
        "{:?}",
        default.passages
    );
    let via = route(from, to, &[ll(77.8, 104.0)], &[]).unwrap();
    assert!(
        via.passages.iter().any(|p| p == "northern-sea-route"),
        "{:?}",
        via.passages
    );
}

#[test]
fn each_named_passage_changes_a_route_that_uses_it() {
    // (from, to, passage): closing the passage removes it from the route.
    let cases = [
        (ll(31.2, 29.9), ll(12.8, 45.0), "suez"),
        (ll(9.35, -79.9), ll(8.9, -79.5), "panama"),
        (ll(21.5, 39.1), ll(11.6, 43.2), "bab-el-mandeb"),
        (ll(25.3, 55.3), ll(23.6, 58.6), "hormuz"),
        (ll(1.26, 103.8), ll(5.4, 100.3), "malacca"),
        (ll(-6.1, 106.8), ll(-6.0, 100.0), "sunda"),
        (ll(36.13, -5.35), ll(36.5, -7.5), "gibraltar"),
        (ll(50.6, 1.2), ll(51.3, 1.8), "dover"),
        (ll(41.0, 28.98), ll(41.4, 29.3), "bosporus"),
        (ll(40.35, 26.68), ll(39.9, 25.9), "dardanelles"),
        (ll(54.37, 10.2), ll(53.85, 8.9), "kiel"),
        (ll(37.95, 22.85), ll(37.90, 23.10), "corinth"),
        (ll(64.5, -168.0), ll(67.5, -168.5), "bering"),
        (ll(-33.9, 18.4), ll(-29.9, 31.0), "cape-of-good-hope"),
        (ll(-53.1, -70.9), ll(-52.0, -68.0), "magellan"),
    ];
    for (from, to, name) in cases {
        let open = route(from, to, &[], &[]).unwrap();
        assert!(
            open.passages.iter().any(|p| p == name),
            "{name}: {:?}",
            open.passages
        );
        match route(from, to, &[], &[name]) {
            Ok(closed) => {
                assert!(
                    !closed.passages.iter().any(|p| p == name),
                    "{name}: {:?}",
                    closed.passages
                );
                assert!(nmi(&closed) > nmi(&open), "{name}");
            }
            Err(RouteError::NoPath { reason, .. }) => assert!(reason.contains(name), "{reason}"),
            Err(e) => panic!("{name}: {e}"),
        }
    }
}

#[test]
fn no_route_left_names_the_closures() {
    // The Black Sea opens to the Mediterranean only through the Bosporus.
    let e = route(ll(37.94, 23.63), ll(46.49, 30.74), &[], &["bosporus"]);
    match e {
        Err(RouteError::NoPath { reason, help, .. }) => {
            println!("{reason} / {help}");
            assert!(reason.contains("bosporus"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_passage_lists_the_valid_names() {
    match route(p(ROTTERDAM), p(SHANGHAI), &[], &["sues"]) {
        Err(e @ RouteError::UnknownPassage { .. }) => {
            assert!(e.help().contains("suez") && e.help().contains("northern-sea-route"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn via_points_are_visited() {
    let via = [ll(-34.5, 18.0)]; // off the Cape of Good Hope
    let r = route(p(ROTTERDAM), p(SHANGHAI), &via, &[]).unwrap();
    assert!(r.points.contains(&via[0]));
    assert!(r.passages.iter().any(|p| p == "cape-of-good-hope"));
    assert!(!r.passages.iter().any(|p| p == "suez"));
}

#[test]
fn same_place_gives_a_zero_length_path_and_a_warning() {
    let r = route(p(NAJIN), p(NAJIN), &[], &[]).unwrap();
    assert_eq!(length_km(&r.points), 0.0);
    assert_eq!(r.warnings.len(), 1);
}

#[test]
fn ends_nearer_each_other_than_the_network_join_directly() {
    // Two points in Najin bay, 5 km apart: never a detour to a node 100 km away.
    let r = route(ll(42.20, 130.32), ll(42.17, 130.38), &[], &[]).unwrap();
    assert!(length_km(&r.points) < 10.0, "{}", length_km(&r.points));
}

#[test]
fn an_end_far_inland_is_an_error_with_the_distance() {
    match route(ll(45.86, 40.13), p(NAJIN), &[], &[]) {
        Err(RouteError::NoPath { reason, .. }) => {
            println!("{reason}");
            assert!(reason.contains("km from"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_river_port_on_a_named_waterway_is_reached_along_it() {
    // Astrakhan is 56 km up the Volga from the Caspian, on the network's Volga lane;
    // the land map has no river there. From Bandar Anzali (Iran) across the Caspian.
    let astrakhan = ll(46.3497, 48.0408);
    let path = route(ll(37.4769, 49.4718), astrakhan, &[], &[]).unwrap();
    let km = length_km(&path.points);
    assert!((1000.0..1200.0).contains(&km), "{km:.0} km");
    assert_eq!(*path.points.last().unwrap(), astrakhan);
    // the Caspian joins the Black Sea by the Volga-Don canal
    let to_istanbul = route(ll(40.35, 49.87), ll(41.0, 28.98), &[], &[]).unwrap();
    assert!(length_km(&to_istanbul.points) > 2500.0);
    // a town inland, in the waterway's box but far from its lane, is still refused
    match route(ll(47.2, 44.0), astrakhan, &[], &[]) {
        Err(RouteError::NoPath { reason, .. }) => {
            assert!(reason.contains("km from"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
}
