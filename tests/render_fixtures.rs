//! Route documents built by hand for the renderer's tests, benches and examples
//! (the builder that makes them from text lives elsewhere).
#![allow(dead_code)]

use shipmap::date::DateSpec;
use shipmap::model::{Document, Leg, LonLat, Mode, PathKind, Place, PlaceKind, Route};
use shipmap::network::great_circle::{arc, length_km};

pub fn place(id: &str, name: &str, lat: f64, lon: f64) -> Place {
    Place {
        id: id.to_owned(),
        name: name.to_owned(),
        gazetteer_name: None,
        country: None,
        admin1: None,
        kind: PlaceKind::City,
        at: LonLat::new(lon, lat).unwrap(),
        population: None,
    }
}

/// A path through waypoints, each stretch a great-circle arc in 20 km steps.
pub fn through(points: &[&Place]) -> Vec<LonLat> {
    let mut out: Vec<LonLat> = Vec::new();
    for w in points.windows(2) {
        let a = arc(w[0].at, w[1].at, 20.0);
        out.extend(if out.is_empty() { &a[..] } else { &a[1..] });
    }
    out
}

pub fn leg(
    index: usize,
    mode: Mode,
    from: &Place,
    to: &Place,
    via: &[&Place],
    kind: PathKind,
) -> Leg {
    let mut pts = vec![from];
    pts.extend(via.iter().copied());
    pts.push(to);
    let path = through(&pts);
    Leg {
        index,
        mode,
        from: from.clone(),
        to: to.clone(),
        depart: None,
        arrive: None,
        depart_estimated: false,
        arrive_estimated: false,
        via: via.iter().map(|p| (*p).clone()).collect(),
        distance_km: length_km(&path),
        path,
        path_kind: kind,
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
        span: Default::default(),
    }
}

fn d(s: &str) -> Option<DateSpec> {
    Some(DateSpec::parse(s).unwrap())
}

pub fn najin() -> Place {
    place("geonames:2039055", "Najin", 42.2456, 130.2967)
}
pub fn dunay() -> Place {
    place("geonames:2125906", "Dunay", 42.8889, 132.3436)
}
pub fn tikhoretsk() -> Place {
    place("geonames:484907", "Tikhoretsk", 45.8546, 40.1255)
}

/// The seed case: Najin by sea to Dunay, 7-12 Sep 2023, then by rail to
/// Tikhoretsk along the Trans-Siberian (waypoints stand in for the rail network).
pub fn seed() -> Document {
    let (najin, dunay, tikh) = (najin(), dunay(), tikhoretsk());
    let ways: Vec<Place> = [
        ("Ussuriysk", 43.80, 131.95),
        ("Khabarovsk", 48.48, 135.08),
        ("Belogorsk", 50.92, 128.47),
        ("Chita", 52.03, 113.50),
        ("Ulan-Ude", 51.83, 107.58),
        ("Irkutsk", 52.29, 104.28),
        ("Krasnoyarsk", 56.01, 92.87),
        ("Novosibirsk", 55.03, 82.92),
        ("Omsk", 54.99, 73.37),
        ("Chelyabinsk", 55.16, 61.40),
        ("Samara", 53.20, 50.15),
        ("Saratov", 51.53, 46.03),
        ("Volgograd", 48.71, 44.51),
    ]
    .iter()
    .map(|&(n, lat, lon)| place(&format!("geonames:{n}"), n, lat, lon))
    .collect();
    let via: Vec<&Place> = ways.iter().collect();
    let mut sea = leg(1, Mode::Sea, &najin, &dunay, &[], PathKind::Network);
    sea.depart = d("2023-09-07");
    sea.arrive = d("2023-09-12");
    sea.carrier = Some("Angara".to_owned());
    let mut rail = leg(2, Mode::Rail, &dunay, &tikh, &via, PathKind::Network);
    rail.via = vec![];
    Document {
        title: Some("DPRK munitions to Russia".to_owned()),
        subtitle: Some("September 2023".to_owned()),
        source: Some("White House NSC briefing, 13 Oct 2023".to_owned()),
        routes: vec![Route {
            id: "dprk-ru-2023".to_owned(),
            name: "Najin to Tikhoretsk".to_owned(),
            legs: vec![sea, rail],
        }],
        warnings: vec![],
        embedded_rail: true,
    }
}

/// The Sea of Japan: the sea leg, then rail to Ussuriysk with an estimated arrival.
pub fn sea_of_japan() -> Document {
    let (najin, dunay) = (najin(), dunay());
    let uss = place("geonames:2013279", "Ussuriysk", 43.7971, 131.9518);
    let mut sea = leg(1, Mode::Sea, &najin, &dunay, &[], PathKind::Network);
    sea.depart = d("2023-09-07");
    sea.arrive = d("2023-09-12");
    let mut rail = leg(2, Mode::Rail, &dunay, &uss, &[], PathKind::GreatCircle);
    rail.depart = d("2023-09-13");
    rail.arrive = d("2023-09-14");
    rail.arrive_estimated = true;
    Document {
        title: Some("Najin to Dunay".to_owned()),
        subtitle: Some("Sea of Japan, September 2023".to_owned()),
        source: Some("Seed case".to_owned()),
        routes: vec![Route {
            id: "soj".to_owned(),
            name: "Najin to Dunay".to_owned(),
            legs: vec![sea, rail],
        }],
        warnings: vec![],
        embedded_rail: true,
    }
}

/// Every mode and script: Hangul, Cyrillic and Arabic names, an air leg, a road leg
/// with an off-network connector, approximate dates.
pub fn scripts() -> Document {
    let pyongyang = place("geonames:1871859", "평양 Pyongyang", 39.0339, 125.7543);
    let vladivostok = place("geonames:2013348", "Владивосток", 43.1056, 131.8735);
    let tehran = place("geonames:112931", "تهران Tehran", 35.6944, 51.4215);
    let bandar = place("geonames:141681", "بندر عباس", 27.1865, 56.2808);
    let mut air = leg(
        1,
        Mode::Air,
        &pyongyang,
        &vladivostok,
        &[],
        PathKind::GreatCircle,
    );
    air.depart = d("~2024-03-02");
    air.arrive = d("~2024-03-02");
    let mut rail = leg(
        2,
        Mode::Rail,
        &vladivostok,
        &tehran,
        &[],
        PathKind::GreatCircle,
    );
    rail.depart = d("2024-03");
    let mut road = leg(3, Mode::Road, &tehran, &bandar, &[], PathKind::Network);
    road.arrive = d("2024-04-01/2024-04-09");
    road.connectors = vec![vec![
        LonLat::new(56.2808, 27.1865).unwrap(),
        LonLat::new(56.20, 27.10).unwrap(),
    ]];
    Document {
        title: Some("Тестовая карта: 평양 → بندر عباس".to_owned()),
        subtitle: Some("All modes, three scripts".to_owned()),
        source: None,
        routes: vec![Route {
            id: "s".to_owned(),
            name: "scripts".to_owned(),
            legs: vec![air, rail, road],
        }],
        warnings: vec![],
        embedded_rail: true,
    }
}
