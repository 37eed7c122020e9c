//! The land test (issue 4): every network edge, and the routes between 70+ pairs of
//! ports worldwide, checked against Natural Earth 10m land (as the router's one
//! arc-minute mask draws it). No stretch of 2 km or more may run over land, except
//! inside the canals, narrow straits and inland waterways of one list:
//! data/sea/narrows.csv, exposed as `SeaNetwork::narrows`.

use shipmap::model::{LonLat, Mode};
use shipmap::network::sea::SeaNetwork;
use shipmap::network::{LegRequest, Router};

const MAX_LAND_KM: f64 = 2.0;

/// Ports as points on their harbour waters (latitude, longitude).
const PORTS: &[(&str, f64, f64)] = &[
    ("Rotterdam", 51.992, 4.058),
    ("Vlissingen", 51.43, 3.55),
    ("Cuxhaven", 53.88, 8.7),
    ("Felixstowe", 51.93, 1.35),
    ("Le Havre", 49.48, 0.05),
    ("Bilbao", 43.4, -3.1),
    ("Lisbon", 38.658, -9.258),
    ("Algeciras", 36.12, -5.4),
    ("Marseille", 43.3, 5.3),
    ("Genoa", 44.38, 8.9),
    ("Piraeus", 37.93, 23.6),
    ("Istanbul", 40.95, 28.95),
    ("Odessa", 46.475, 30.792),
    ("Novorossiysk", 44.7, 37.82),
    ("Port Said", 31.3, 32.35),
    ("Jeddah", 21.45, 39.1),
    ("Djibouti", 11.62, 43.15),
    ("Salalah", 16.93, 54.0),
    ("Jebel Ali", 25.03, 55.02),
    ("Bandar Abbas", 27.1, 56.25),
    ("Karachi", 24.8, 66.95),
    ("Mumbai", 18.908, 72.792),
    ("Colombo", 6.95, 79.83),
    ("Chennai", 13.1, 80.32),
    ("Chittagong", 22.2, 91.75),
    ("Singapore", 1.22, 103.85),
    ("Port Klang", 2.95, 101.3),
    ("Jakarta", -6.08, 106.88),
    ("Manila", 14.55, 120.9),
    ("Vung Tau", 10.3, 107.05),
    ("Hong Kong", 22.292, 114.158),
    ("Kaohsiung", 22.55, 120.25),
    ("Yangshan", 30.6, 122.05),
    ("Qingdao", 36.042, 120.358),
    ("Tianjin", 38.95, 117.85),
    ("Busan", 35.08, 129.05),
    ("Najin", 42.225, 130.308),
    ("Vladivostok", 43.08, 131.88),
    ("Vostochny", 42.74, 133.08),
    ("Yokohama", 35.425, 139.692),
    ("Kobe", 34.66, 135.2),
    ("Petropavlovsk", 52.975, 158.658),
    ("Sydney", -33.85, 151.25),
    ("Melbourne", -37.875, 144.925),
    ("Fremantle", -32.05, 115.72),
    ("Auckland", -36.83, 174.8),
    ("Durban", -29.88, 31.05),
    ("Cape Town", -33.9, 18.43),
    ("Lagos", 6.4, 3.4),
    ("Dakar", 14.68, -17.42),
    ("Santos", -23.975, -46.292),
    ("Montevideo", -34.92, -56.2),
    ("Valparaiso", -33.008, -71.625),
    ("Callao", -12.042, -77.158),
    ("Balboa", 8.9, -79.55),
    ("Colon", 9.37, -79.9),
    ("Kingston", 17.95, -76.8),
    ("Galveston", 29.3, -94.75),
    ("Southwest Pass", 28.95, -89.45),
    ("Miami", 25.77, -80.13),
    ("New York", 40.55, -74.05),
    ("Halifax", 44.62, -63.55),
    ("Los Angeles", 33.72, -118.25),
    ("San Francisco", 37.8, -122.38),
    ("Seattle", 47.608, -122.358),
    ("Vancouver", 49.3, -123.1),
    ("Anchorage", 61.22, -149.92),
    ("Murmansk", 69.05, 33.05),
    ("Reykjavik", 64.175, -21.942),
    ("St Petersburg", 59.93, 30.2),
    ("Gdansk", 54.408, 18.692),
];

fn ll(lat: f64, lon: f64) -> LonLat {
    LonLat::new(lon, lat).unwrap()
}

fn worst_land_km(sea: &SeaNetwork, points: &[LonLat]) -> (f64, Option<(LonLat, LonLat)>) {
    let mut worst = (0.0, None);
    for w in points.windows(2) {
        let km = sea
            .land()
            .land_run_km(w[0], w[1], |x, y| sea.in_narrows(x, y));
        if km > worst.0 {
            worst = (km, Some((w[0], w[1])));
        }
    }
    worst
}

#[test]
fn the_narrows_list_is_named_and_small() {
    let sea = SeaNetwork::embedded().unwrap();
    let names: Vec<&str> = sea.narrows().iter().map(|n| n.name.as_str()).collect();
    for name in [
        "suez-canal",
        "panama-canal",
        "kiel-canal",
        "corinth-canal",
        "bosporus",
    ] {
        assert!(names.contains(&name), "{name}");
    }
    assert!(sea.narrows().len() < 60);
}

#[test]
fn no_network_edge_crosses_land() {
    let sea = SeaNetwork::embedded().unwrap();
    let mut bad = Vec::new();
    let mut count = 0;
    for edge in sea.edges() {
        count += 1;
        let (km, at) = worst_land_km(&sea, &edge);
        if km >= MAX_LAND_KM {
            bad.push(format!("{km:.1} km at {at:?}"));
        }
    }
    assert!(count > 15_000);
    assert!(
        bad.is_empty(),
        "{} edges cross land: {:#?}",
        bad.len(),
        &bad[..bad.len().min(20)]
    );
}

#[test]
fn the_ports_lie_on_water() {
    let sea = SeaNetwork::embedded().unwrap();
    for &(name, lat, lon) in PORTS {
        assert!(!sea.land().is_land(ll(lat, lon)), "{name}");
    }
}

#[test]
fn routes_between_ports_do_not_cross_land() {
    let sea = SeaNetwork::embedded().unwrap();
    // each port to the next in the list, and to the port half the list away
    let n = PORTS.len();
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|i| [(i, (i + 1) % n), (i, (i + n / 2) % n)])
        .collect();
    assert!(pairs.len() >= 50);
    let mut bad = Vec::new();
    let mut routed = 0;
    for (i, j) in pairs {
        let (a, b) = (PORTS[i], PORTS[j]);
        let req = LegRequest {
            mode: Mode::Sea,
            from: ll(a.1, a.2),
            to: ll(b.1, b.2),
            via: &[],
            avoid_passages: &[],
            within: &[],
            avoid_countries: &[],
        };
        match sea.route(&req) {
            Ok(path) => {
                routed += 1;
                assert!(path.points.iter().all(|p| p.lon().abs() <= 180.0));
                let (km, at) = worst_land_km(&sea, &path.points);
                if km >= MAX_LAND_KM {
                    bad.push(format!("{} - {}: {km:.1} km at {at:?}", a.0, b.0));
                }
            }
            Err(e) => bad.push(format!("{} - {}: {e}", a.0, b.0)),
        }
    }
    assert!(routed >= 50);
    assert!(
        bad.is_empty(),
        "{} routes cross land or fail: {bad:#?}",
        bad.len()
    );
}
