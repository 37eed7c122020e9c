//! Known rail routes on the embedded network: where they go, how long they are,
//! which countries they cross, and the errors for legs that cannot go by rail.

use std::sync::OnceLock;

use shipmap::model::{LonLat, Mode, PathKind};
use shipmap::network::great_circle::length_km;
use shipmap::network::rail::LandNetwork;
use shipmap::network::{LegRequest, RouteError, RoutedPath, Router};

fn rail() -> &'static LandNetwork {
    static RAIL: OnceLock<LandNetwork> = OnceLock::new();
    RAIL.get_or_init(|| LandNetwork::embedded_rail().unwrap())
}

fn p(lat: f64, lon: f64) -> LonLat {
    LonLat::new(lon, lat).unwrap()
}

// Places (lat, lon), from GeoNames / Wikipedia coordinates.
const RAJIN: (f64, f64) = (42.2456, 130.2967);
const VLADIVOSTOK: (f64, f64) = (43.1155, 131.8855);
const DUNAY: (f64, f64) = (42.8889, 132.3436);
const TIKHORETSK: (f64, f64) = (45.8546, 40.1256);
const TUMANGANG: (f64, f64) = (42.4226, 130.6183);
const KHASAN: (f64, f64) = (42.4303, 130.6446);
const KHABAROVSK: (f64, f64) = (48.4802, 135.0719);
const KRASNOYARSK: (f64, f64) = (56.0184, 92.8672);
const NOVOSIBIRSK: (f64, f64) = (55.0302, 82.9204);
const OMSK: (f64, f64) = (54.9885, 73.3242);

struct Leg<'a> {
    from: (f64, f64),
    to: (f64, f64),
    via: Vec<LonLat>,
    within: &'a [&'a str],
    avoid: &'a [&'a str],
}

fn leg(from: (f64, f64), to: (f64, f64)) -> Leg<'static> {
    Leg {
        from,
        to,
        via: Vec::new(),
        within: &[],
        avoid: &[],
    }
}

impl Leg<'_> {
    fn route_on(&self, net: &LandNetwork) -> Result<RoutedPath, RouteError> {
        let within: Vec<String> = self.within.iter().map(|s| s.to_string()).collect();
        let avoid: Vec<String> = self.avoid.iter().map(|s| s.to_string()).collect();
        net.route(&LegRequest {
            mode: Mode::Rail,
            from: p(self.from.0, self.from.1),
            to: p(self.to.0, self.to.1),
            via: &self.via,
            avoid_passages: &[],
            within: &within,
            avoid_countries: &avoid,
        })
    }

    fn route(&self) -> Result<RoutedPath, RouteError> {
        self.route_on(rail())
    }
}

/// Distance from a place to the nearest segment of a path, in km (local flat plane).
fn miss_km(path: &[LonLat], place: (f64, f64)) -> f64 {
    let (lat, lon) = place;
    let k = lat.to_radians().cos() * 111.195;
    let xy = |q: &LonLat| ((q.lon() - lon) * k, (q.lat() - lat) * 111.195);
    path.windows(2)
        .map(|w| {
            let ((ax, ay), (bx, by)) = (xy(&w[0]), xy(&w[1]));
            let (dx, dy) = (bx - ax, by - ay);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 {
                (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
            } else {
                0.0
            };
            ((ax + t * dx).powi(2) + (ay + t * dy).powi(2)).sqrt()
        })
        .fold(f64::INFINITY, f64::min)
}

fn assert_length(path: &RoutedPath, lo: f64, hi: f64) {
    let km = length_km(&path.points);
    assert!(
        (lo..=hi).contains(&km),
        "length {km:.0} km not in {lo}..{hi}; countries {:?}",
        path.countries
    );
}

#[test]
fn rajin_to_vladivostok_crosses_at_tumangang_and_khasan() {
    let path = leg(RAJIN, VLADIVOSTOK).route().unwrap();
    assert_eq!(path.kind, PathKind::Network);
    assert_eq!(path.countries, vec!["KP", "RU"]);
    assert!(
        miss_km(&path.points, TUMANGANG) < 15.0,
        "{}",
        miss_km(&path.points, TUMANGANG)
    );
    assert!(
        miss_km(&path.points, KHASAN) < 15.0,
        "{}",
        miss_km(&path.points, KHASAN)
    );
    assert_length(&path, 250.0, 420.0);
    assert!(path.warnings.is_empty(), "{:?}", path.warnings);
}

fn assert_trans_siberian(path: &RoutedPath) {
    for (name, place) in [
        ("Khabarovsk", KHABAROVSK),
        ("Krasnoyarsk", KRASNOYARSK),
        ("Novosibirsk", NOVOSIBIRSK),
        ("Omsk", OMSK),
    ] {
        let miss = miss_km(&path.points, place);
        assert!(miss < 15.0, "{name} missed by {miss:.0} km");
    }
    assert_eq!(path.countries, vec!["RU"]);
    assert_length(path, 8500.0, 10500.0);
}

#[test]
fn vladivostok_to_tikhoretsk_within_russia_takes_the_trans_siberian() {
    let path = Leg {
        within: &["RU"],
        ..leg(VLADIVOSTOK, TIKHORETSK)
    }
    .route()
    .unwrap();
    assert_trans_siberian(&path);
    assert!(path.warnings.is_empty(), "{:?}", path.warnings);
}

#[test]
fn dunay_to_tikhoretsk_within_russia_connects_then_runs_west() {
    let path = Leg {
        within: &["RU"],
        ..leg(DUNAY, TIKHORETSK)
    }
    .route()
    .unwrap();
    assert_trans_siberian(&path);
    // Dunay's nearest rail is a fragment that reaches nothing: the connector goes to
    // the main network instead, and is reported
    let first = length_km(&path.connectors[0]);
    assert!((5.0..80.0).contains(&first), "{first}");
    assert!(
        (path.connector_km - first).abs() < 0.5,
        "{}",
        path.connector_km
    );
    assert!(
        path.warnings
            .iter()
            .any(|w| w.contains("off-network connector")),
        "{:?}",
        path.warnings
    );
}

#[test]
fn vladivostok_to_tikhoretsk_unconstrained_keeps_to_russia() {
    // Through Manchuria is shorter, but every border crossing costs BORDER_COST_KM:
    // freight stays on the Trans-Siberian (it used to cut through China)
    let path = leg(VLADIVOSTOK, TIKHORETSK).route().unwrap();
    assert_trans_siberian(&path);
    assert!(path.crossings.is_empty(), "{:?}", path.crossings);
    let avoided = Leg {
        avoid: &["CN", "KZ", "MN"],
        ..leg(VLADIVOSTOK, TIKHORETSK)
    }
    .route()
    .unwrap();
    assert_trans_siberian(&avoided);
}

/// Name, from (lat, lon), to, shortest and longest acceptable length in km.
type Case = (&'static str, (f64, f64), (f64, f64), f64, f64);

/// Known routes with their rail lengths (timetable distances, with slack for the
/// network's simplifications). Delhi-Mumbai (2,035 km on this network against 1,384 km
/// by timetable) and Istanbul-Ankara (a 78 km connector: Haydarpasa's lines are a
/// separate part) show gaps in the source data and are left out.
#[test]
fn known_routes_have_plausible_lengths() {
    let cases: &[Case] = &[
        (
            "Berlin-Warsaw",
            (52.525, 13.369),
            (52.229, 21.003),
            520.0,
            700.0,
        ),
        (
            "Paris-Madrid",
            (48.844, 2.375),
            (40.407, -3.691),
            1150.0,
            1600.0,
        ),
        (
            "Moscow-St Petersburg",
            (55.776, 37.655),
            (59.930, 30.362),
            600.0,
            760.0,
        ),
        (
            "Beijing-Shanghai",
            (39.903, 116.427),
            (31.249, 121.456),
            1150.0,
            1600.0,
        ),
        (
            "Tehran-Mashhad",
            (35.659, 51.399),
            (36.297, 59.606),
            800.0,
            1100.0,
        ),
        (
            "Vienna-Budapest",
            (48.185, 16.376),
            (47.500, 19.084),
            220.0,
            320.0,
        ),
        (
            "Almaty-Tashkent",
            (43.270, 76.943),
            (41.292, 69.286),
            750.0,
            1250.0,
        ),
        (
            "Riyadh-Dammam",
            (24.648, 46.727),
            (26.411, 50.120),
            380.0,
            560.0,
        ),
        (
            "Seoul-Busan",
            (37.555, 126.971),
            (35.115, 129.041),
            350.0,
            480.0,
        ),
        (
            "Tokyo-Osaka",
            (35.681, 139.767),
            (34.733, 135.500),
            450.0,
            650.0,
        ),
        (
            "Hamburg-Munich",
            (53.553, 10.007),
            (48.140, 11.558),
            700.0,
            950.0,
        ),
        (
            "Delhi-Kolkata",
            (28.642, 77.219),
            (22.583, 88.343),
            1350.0,
            1700.0,
        ),
        (
            "Tehran-Tabriz",
            (35.659, 51.399),
            (38.080, 46.294),
            650.0,
            900.0,
        ),
    ];
    for &(name, from, to, lo, hi) in cases {
        let path = leg(from, to)
            .route()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let km = length_km(&path.points);
        assert!(
            (lo..=hi).contains(&km),
            "{name}: {km:.0} km not in {lo}..{hi} ({:?})",
            path.countries
        );
    }
}

#[test]
fn via_forces_the_path_through_a_station() {
    let bratislava = (48.158, 17.106);
    let plain = leg((48.185, 16.376), (47.500, 19.084)).route().unwrap();
    let forced = Leg {
        via: vec![p(bratislava.0, bratislava.1)],
        ..leg((48.185, 16.376), (47.500, 19.084))
    }
    .route()
    .unwrap();
    assert!(miss_km(&forced.points, bratislava) < 2.0);
    assert!(miss_km(&plain.points, bratislava) > 10.0);
    assert_eq!(forced.countries, vec!["AT", "SK", "HU"]);
}

#[test]
fn separate_networks_suggest_a_sea_leg() {
    let err = leg((35.681, 139.767), (37.555, 126.971))
        .route()
        .unwrap_err();
    let RouteError::NoPath { reason, help, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(reason.contains("separate rail networks"), "{reason}");
    assert!(help.contains("sea leg"), "{help}");
}

#[test]
fn impossible_country_rules_are_an_error() {
    // Warsaw is more than 400 km from any German line
    let err = Leg {
        within: &["DE"],
        ..leg((52.525, 13.369), (52.229, 21.003))
    }
    .route()
    .unwrap_err();
    let RouteError::NoPath { reason, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(reason.contains("staying within DE"), "{reason}");
}

#[test]
fn user_network_from_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("line.geojson");
    std::fs::write(
        &file,
        r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[30.0,50.0],[30.5,50.0]]}},
          {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[30.5,50.0],[31.0,50.2]]}}]}"#,
    )
    .unwrap();
    let net = LandNetwork::from_geojson_file(&file).unwrap();
    let path = Leg {
        within: &["UA"],
        ..leg((50.0, 30.0), (50.2, 31.0))
    }
    .route_on(&net)
    .unwrap();
    assert_eq!(path.points.len(), 3);
    assert!(path.countries.is_empty());
    assert!(
        path.warnings.iter().any(|w| w.contains("no country tags")),
        "{:?}",
        path.warnings
    );
    assert_length(&path, 75.0, 78.0);

    let missing = LandNetwork::from_geojson_file(dir.path().join("nope.geojson")).unwrap_err();
    assert!(matches!(missing, RouteError::BadNetwork { .. }));
    std::fs::write(&file, r#"{"type":"FeatureCollection","features":[]}"#).unwrap();
    let empty = LandNetwork::from_geojson_file(&file).unwrap_err();
    assert!(matches!(empty, RouteError::BadNetwork { .. }), "{empty:?}");
    std::fs::write(
        &file,
        r#"{"type":"LineString","coordinates":[[1,1],[1,1]]}"#,
    )
    .unwrap();
    let RouteError::BadNetwork { reason, .. } = LandNetwork::from_geojson_file(&file).unwrap_err()
    else {
        panic!()
    };
    assert!(reason.contains("no edges"), "{reason}");
}

#[test]
fn astar_and_dijkstra_find_paths_of_the_same_length() {
    use shipmap::network::rail::Search;
    for l in [
        Leg {
            within: &["RU"],
            ..leg(VLADIVOSTOK, TIKHORETSK)
        },
        leg((52.525, 13.369), (52.229, 21.003)),
    ] {
        let within: Vec<String> = l.within.iter().map(|s| s.to_string()).collect();
        let req = LegRequest {
            mode: Mode::Rail,
            from: p(l.from.0, l.from.1),
            to: p(l.to.0, l.to.1),
            via: &[],
            avoid_passages: &[],
            within: &within,
            avoid_countries: &[],
        };
        let a = rail().route_using(&req, Search::AStar).unwrap();
        let d = rail().route_using(&req, Search::Dijkstra).unwrap();
        let (ka, kd) = (length_km(&a.points), length_km(&d.points));
        assert!((ka - kd).abs() < 0.5, "A* {ka} km, Dijkstra {kd} km");
        assert_eq!(a.countries, d.countries);
    }
}

/// Runs the shipmap binary in a fresh directory.
fn shipmap(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_shipmap"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn cli_rail_network_flag_replaces_the_embedded_network() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("net.geojson"),
        r#"{"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[30.0,50.0],[30.5,50.0],[31.0,50.2]]}}]}"#,
    )
    .unwrap();
    let chain = "50.0N 30.0E -rail-> 50.2N 31.0E";
    let out = shipmap(
        dir.path(),
        &["map", chain, "--rail-network", "net.geojson", "-o", "-"],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let leg = &json["features"][0];
    assert_eq!(leg["properties"]["path"], "network");
    assert_eq!(
        leg["geometry"]["coordinates"][0].as_array().unwrap().len(),
        3
    );

    std::fs::write(
        dir.path().join("points.geojson"),
        r#"{"type":"Point","coordinates":[1,2]}"#,
    )
    .unwrap();
    let bad = shipmap(
        dir.path(),
        &["check", chain, "--rail-network", "points.geojson"],
    );
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("points.geojson") && stderr.contains("LineString"),
        "{stderr}"
    );
}

#[test]
fn cli_within_keeps_the_leg_in_russia_and_reports_countries() {
    let dir = tempfile::tempdir().unwrap();
    let chain = "43.1155N 131.8855E -rail-> 45.8546N 40.1256E";
    let out = shipmap(dir.path(), &["map", chain, "--within", "ru", "-o", "-"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = &json["features"][0]["properties"];
    assert_eq!(props["countries"], "RU");
    let km = props["distance_km"].as_f64().unwrap();
    assert!((8500.0..10500.0).contains(&km), "{km}");
}

/// A pair with its published railway distance: name, from (lat, lon), to, km, whether
/// the whole way is on a named main line (4% tolerance; 8% otherwise), source.
type Published = (
    &'static str,
    (f64, f64),
    (f64, f64),
    f64,
    bool,
    &'static str,
);

// Stations (lat, lon).
const MOSCOW_YAR: (f64, f64) = (55.7766, 37.6575);
const YAROSLAVL: (f64, f64) = (57.6262, 39.8393);
const KIROV: (f64, f64) = (58.5853, 49.6298);
const PERM: (f64, f64) = (58.0050, 56.1878);
const YEKATERINBURG: (f64, f64) = (56.8586, 60.6011);
const TYUMEN: (f64, f64) = (57.1417, 65.5253);
const OMSK_ST: (f64, f64) = (54.9392, 73.3856);
const NOVOSIBIRSK_ST: (f64, f64) = (55.0354, 82.8974);
const KRASNOYARSK_ST: (f64, f64) = (56.0060, 92.8510);
const IRKUTSK: (f64, f64) = (52.2823, 104.2572);
const ULAN_UDE: (f64, f64) = (51.8283, 107.5859);
const CHITA: (f64, f64) = (52.0290, 113.4990);
const KHABAROVSK_ST: (f64, f64) = (48.5036, 135.0609);
const VLADIVOSTOK_ST: (f64, f64) = (43.1111, 131.8821);
const USSURIYSK: (f64, f64) = (43.8008, 131.9496);
const NAUSHKI: (f64, f64) = (50.3933, 106.1172);
const ULAANBAATAR: (f64, f64) = (47.9094, 106.8854);
const DARKHAN_ST: (f64, f64) = (49.4700, 105.9550);
const ERENHOT: (f64, f64) = (43.6520, 111.9800);
const ZABAYKALSK: (f64, f64) = (49.6499, 117.3250);
const MANZHOULI: (f64, f64) = (49.5980, 117.4302);
const HARBIN: (f64, f64) = (45.7609, 126.6318);
const BREST: (f64, f64) = (52.0983, 23.6883);
const WARSAW: (f64, f64) = (52.2289, 21.0031);
const MINSK: (f64, f64) = (53.8908, 27.5506);
const POZNAN: (f64, f64) = (52.4020, 16.9120);
const FRANKFURT_ODER: (f64, f64) = (52.3363, 14.5470);
const BERLIN_OST: (f64, f64) = (52.5104, 13.4347);
const BERLIN_HBF: (f64, f64) = (52.5251, 13.3694);
const HAMBURG: (f64, f64) = (53.5528, 10.0069);
const MOSCOW_LEN: (f64, f64) = (55.7765, 37.6551);
const ST_PETERSBURG: (f64, f64) = (59.9299, 30.3619);
const TASHKENT: (f64, f64) = (41.2917, 69.2861);
const SAMARKAND: (f64, f64) = (39.6780, 66.9260);
const MUMBAI_CENTRAL: (f64, f64) = (18.9696, 72.8195);
const MUMBAI_CSMT: (f64, f64) = (18.9400, 72.8353);
const NEW_DELHI: (f64, f64) = (28.6425, 77.2194);
const AHMEDABAD: (f64, f64) = (23.0265, 72.6013);
const HOWRAH: (f64, f64) = (22.5839, 88.3425);
const CHENNAI: (f64, f64) = (13.0825, 80.2753);
const TEHRAN: (f64, f64) = (35.6593, 51.3987);
const MASHHAD: (f64, f64) = (36.2970, 59.6060);
const TABRIZ: (f64, f64) = (38.0800, 46.2940);
const SEOUL: (f64, f64) = (37.5547, 126.9707);
const BUSAN: (f64, f64) = (35.1151, 129.0419);
const BORZYA: (f64, f64) = (50.3833, 116.5167);

const TSR: &str =
    "Wikipedia, Trans-Siberian Railway: route table, km posts from Moscow Yaroslavsky (2014 copy); differences checked against the Rossiya timetable (kolejtranssyberyjska.pl/en/the-trans-siberian-route)";

/// Published railway distances. Trans-Siberian pairs are differences of the km posts
/// (Moscow 0, Yaroslavl-Glavny 284, Kirov 957, Perm II 1,436, Yekaterinburg 1,816, Tyumen 2,144,
/// Omsk 2,712, Novosibirsk 3,343, Krasnoyarsk 4,104, Irkutsk 5,185, Ulan-Ude 5,642,
/// Chita 6,199, Khabarovsk 8,521, Ussuriysk 9,177, Vladivostok 9,288).
const PUBLISHED: &[Published] = &[
    ("Moscow-Yaroslavl", MOSCOW_YAR, YAROSLAVL, 284.0, true, TSR),
    ("Yaroslavl-Kirov", YAROSLAVL, KIROV, 673.0, true, TSR),
    ("Kirov-Perm", KIROV, PERM, 479.0, true, TSR),
    ("Perm-Yekaterinburg", PERM, YEKATERINBURG, 380.0, true, TSR),
    ("Moscow-Yekaterinburg", MOSCOW_YAR, YEKATERINBURG, 1816.0, true, TSR),
    ("Yekaterinburg-Tyumen", YEKATERINBURG, TYUMEN, 328.0, true, TSR),
    ("Tyumen-Omsk", TYUMEN, OMSK_ST, 568.0, true, TSR),
    ("Omsk-Novosibirsk", OMSK_ST, NOVOSIBIRSK_ST, 631.0, true, TSR),
    ("Moscow-Novosibirsk", MOSCOW_YAR, NOVOSIBIRSK_ST, 3343.0, true, TSR),
    ("Novosibirsk-Krasnoyarsk", NOVOSIBIRSK_ST, KRASNOYARSK_ST, 761.0, true, TSR),
    ("Krasnoyarsk-Irkutsk", KRASNOYARSK_ST, IRKUTSK, 1081.0, true, TSR),
    ("Novosibirsk-Irkutsk", NOVOSIBIRSK_ST, IRKUTSK, 1842.0, true, TSR),
    ("Moscow-Irkutsk", MOSCOW_YAR, IRKUTSK, 5185.0, true, TSR),
    ("Irkutsk-Ulan-Ude", IRKUTSK, ULAN_UDE, 457.0, true, TSR),
    ("Ulan-Ude-Chita", ULAN_UDE, CHITA, 557.0, true, TSR),
    ("Irkutsk-Chita", IRKUTSK, CHITA, 1014.0, true, TSR),
    ("Chita-Khabarovsk", CHITA, KHABAROVSK_ST, 2322.0, true, TSR),
    ("Khabarovsk-Vladivostok", KHABAROVSK_ST, VLADIVOSTOK_ST, 767.0, true, TSR),
    ("Ussuriysk-Vladivostok", USSURIYSK, VLADIVOSTOK_ST, 111.0, true, TSR),
    ("Moscow-Vladivostok", MOSCOW_YAR, VLADIVOSTOK_ST, 9288.0, true, TSR),
    (
        "Ulan-Ude-Naushki",
        ULAN_UDE,
        NAUSHKI,
        253.0,
        true,
        "Wikipedia, Trans-Mongolian Railway (Naushki km 5,895) and Trans-Siberian (Ulan-Ude km 5,642)",
    ),
    (
        "Naushki-Ulaanbaatar",
        NAUSHKI,
        ULAANBAATAR,
        404.0,
        true,
        "Wikipedia, Trans-Mongolian Railway route map (Mongolian km from Naushki: Ulaanbaatar 404); timetables Irkutsk-Ulaanbaatar 1,113 km and Moscow-Ulaanbaatar 6,266 km agree (transsib.eyand.de)",
    ),
    (
        // Darkhan lies inside one long source edge (Darkhan-Choir) whose drawing is
        // thinned unevenly: the last 31 km of drawing before Ulaanbaatar stand for
        // 61 km of track, so a length spread evenly over the drawing came to 250 km
        "Darkhan-Ulaanbaatar",
        DARKHAN_ST,
        ULAANBAATAR,
        281.0,
        true,
        "Wikipedia, Trans-Mongolian Railway route map (Mongolian km from Naushki: Darkhan 123, Ulaanbaatar 404)",
    ),
    (
        "Ulaanbaatar-Erenhot",
        ULAANBAATAR,
        ERENHOT,
        719.0,
        true,
        "Wikipedia, Trans-Mongolian Railway: Ulaanbaatar km 6,304, Erenhot km 7,023",
    ),
    (
        "Chita-Zabaykalsk",
        CHITA,
        ZABAYKALSK,
        462.0,
        true,
        "ru-Wikipedia, Borzya station: 344 km to Chita II and 118 km to Zabaykalsk (timetable: 460 km)",
    ),
    (
        "Moscow-Zabaykalsk",
        MOSCOW_YAR,
        ZABAYKALSK,
        6666.0,
        true,
        "Km posts: Borzya 6,542 plus 118 km to Zabaykalsk = 6,660 (ru-Wikipedia, Borzya station); Wikipedia, Trans-Manchurian Railway: 6,666",
    ),
    (
        "Manzhouli-Harbin",
        MANZHOULI,
        HARBIN,
        935.0,
        true,
        "Wikipedia, Binzhou railway (Harbin-Manzhouli, 935 km)",
    ),
    (
        "Brest-Warsaw",
        BREST,
        WARSAW,
        218.0,
        true,
        "Wikipedia, Warsaw-Terespol railway (PKP line 2, 210 km) plus Terespol-Brest (8 km)",
    ),
    (
        "Minsk-Brest",
        MINSK,
        BREST,
        347.0,
        true,
        "ru-Wikipedia, Brest-Tsentralny: 347 km from Minsk (ja-Wikipedia, Minsk-Brest railway: 347 km)",
    ),
    (
        "Warsaw-Poznan",
        WARSAW,
        POZNAN,
        302.0,
        true,
        "de-Wikipedia, Bahnstrecke Warszawa-Poznan: 301.574 km from Warszawa Centralna",
    ),
    (
        "Poznan-Frankfurt (Oder)",
        POZNAN,
        FRANKFURT_ODER,
        177.0,
        true,
        "Wikipedia, Warsaw-Kunowice railway (PKP line 3, 475 km to Kunowice) and Kunowice-Frankfurt (Oder)",
    ),
    (
        "Frankfurt (Oder)-Berlin",
        FRANKFURT_ODER,
        BERLIN_OST,
        81.0,
        true,
        "Wikipedia, Berlin-Frankfurt (Oder) railway (81 km)",
    ),
    (
        "Berlin-Hamburg",
        BERLIN_HBF,
        HAMBURG,
        286.0,
        false,
        "Wikipedia, Berlin-Hamburg railway (286 km)",
    ),
    (
        "Moscow-St Petersburg",
        MOSCOW_LEN,
        ST_PETERSBURG,
        650.0,
        false,
        "Wikipedia, Moscow-Saint Petersburg railway (650 km)",
    ),
    (
        "Tashkent-Samarkand",
        TASHKENT,
        SAMARKAND,
        344.0,
        false,
        "Wikipedia, Afrosiyob (Tashkent-Samarkand, 344 km)",
    ),
    (
        "Mumbai-New Delhi",
        MUMBAI_CENTRAL,
        NEW_DELHI,
        1384.0,
        false,
        "Wikipedia, Mumbai Rajdhani Express (12951/12952, 1,384 km via Kota)",
    ),
    (
        "Mumbai-Ahmedabad",
        MUMBAI_CENTRAL,
        AHMEDABAD,
        491.0,
        false,
        "Wikipedia, Gujarat Mail (Mumbai Central-Ahmedabad, 491 km)",
    ),
    (
        "New Delhi-Howrah",
        NEW_DELHI,
        HOWRAH,
        1452.0,
        false,
        "Wikipedia, Howrah-New Delhi Rajdhani Express via Gaya (12301/12302, 1,452 km)",
    ),
    (
        "Mumbai-Chennai",
        MUMBAI_CSMT,
        CHENNAI,
        1284.0,
        false,
        "Financial Express on train 22159/22160 CSMT-Chennai Central (1,284 km)",
    ),
    (
        "Tehran-Mashhad",
        TEHRAN,
        MASHHAD,
        926.0,
        false,
        "de-Wikipedia, Bahnstrecke Garmsar-Maschhad: 812 km, Garmsar at km 114.3 from Tehran",
    ),
    (
        "Tehran-Tabriz",
        TEHRAN,
        TABRIZ,
        748.0,
        false,
        "Wikipedia, Tabriz railway station: 748 km to Tehran by the old line, which the network follows (the 2023 Mianeh-Bostanabad cut-off makes it 612 km)",
    ),
    (
        "Seoul-Busan",
        SEOUL,
        BUSAN,
        417.5,
        false,
        "UIC e-news 210, Gyeongbu high-speed railway: Seoul-Busan 417.5 km by the high-speed line the network follows (the conventional Gyeongbu Line is 441.7 km)",
    ),
    (
        "Borzya-Zabaykalsk",
        BORZYA,
        ZABAYKALSK,
        118.0,
        true,
        "ru-Wikipedia, Borzya station: 118 km to Zabaykalsk",
    ),
    (
        "Khasan-Rajin",
        KHASAN,
        RAJIN,
        54.0,
        false,
        "The Moscow Times and Railway Pro on the reopened Khasan-Rajin line: 54 km",
    ),
];

/// Pairs known to miss the tolerance, with why; they must stay within 12%. None
/// today: Naushki-Ulaanbaatar was here (371 km against 404) until the network kept
/// each interior point's stored length (see Darkhan-Ulaanbaatar above).
const KNOWN_OFF: &[(&str, &str)] = &[];

#[test]
fn legs_are_as_long_as_published_railway_distances() {
    assert!(PUBLISHED.len() >= 40);
    let mut report = String::new();
    let mut failed = 0;
    for &(name, from, to, km, main, source) in PUBLISHED {
        let path = leg(from, to)
            .route()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = path.length_km.expect("rail legs carry the network length");
        let off = (got - km) / km;
        let known = KNOWN_OFF.iter().find(|k| k.0 == name);
        let tolerance = match (known, main) {
            (Some(_), _) => 0.12,
            (None, true) => 0.04,
            (None, false) => 0.08,
        };
        let bad = off.abs() > tolerance;
        failed += usize::from(bad);
        report += &format!(
            "{} {name:<26} {got:7.0} km, published {km:6.0} ({:+5.1}%, limit {:.0}%) [{source}]{}\n",
            if bad { "FAIL" } else { "ok  " },
            off * 100.0,
            tolerance * 100.0,
            known.map(|k| format!(" known: {}", k.1)).unwrap_or_default()
        );
    }
    assert_eq!(failed, 0, "\n{report}");
    eprintln!("{report}"); // the table, with `--nocapture`
}

#[test]
fn moscow_to_vladivostok_takes_the_trans_siberian_through_irkutsk_and_chita() {
    let path = leg(MOSCOW_YAR, VLADIVOSTOK_ST).route().unwrap();
    for (name, place) in [
        ("Irkutsk", IRKUTSK),
        ("Chita", CHITA),
        ("Khabarovsk", KHABAROVSK_ST),
    ] {
        let miss = miss_km(&path.points, place);
        assert!(miss < 15.0, "{name} missed by {miss:.0} km");
    }
    assert_eq!(path.countries, vec!["RU"]);
    let km = path.length_km.unwrap();
    assert!((9000.0..9500.0).contains(&km), "{km}");
}

#[test]
fn via_tynda_still_takes_the_baikal_amur_line() {
    const TYNDA: (f64, f64) = (55.1547, 124.7260);
    const SEVEROBAYKALSK: (f64, f64) = (55.6353, 109.3140);
    let path = Leg {
        via: vec![p(TYNDA.0, TYNDA.1)],
        ..leg(MOSCOW_YAR, VLADIVOSTOK_ST)
    }
    .route()
    .unwrap();
    assert!(miss_km(&path.points, TYNDA) < 5.0);
    let bam = miss_km(&path.points, SEVEROBAYKALSK);
    assert!(bam < 15.0, "Severobaykalsk missed by {bam:.0} km");
    let chita = miss_km(&path.points, CHITA);
    assert!(chita > 100.0, "passes Chita ({chita:.0} km)");
}

/// The corridors the issue found cut by false gaps: each pair is linked along its
/// line, not round a detour (network length within 1.6 x the great circle) and with
/// no connector longer than 15 km (the places are towns, not their stations).
#[test]
fn corridors_cut_by_false_gaps_are_connected() {
    let places: &[(&str, (f64, f64))] = &[
        ("Brest", BREST),
        ("Warsaw", WARSAW),
        ("Astrakhan", (46.3497, 48.0408)),
        ("Atyrau", (47.1167, 51.8833)),
        ("Kandyagash", (49.4660, 57.4190)),
        ("Beyneu", (45.3167, 55.2000)),
        ("Zhetygen", (43.6833, 77.1167)),
        ("Altynkol", (44.1700, 80.2700)),
        ("Jinghe", (44.6050, 82.8990)),
        ("Aktobe", (50.2800, 57.1670)),
        ("Kyzylorda", (44.8530, 65.5090)),
        ("Turkistan", (43.2980, 68.2520)),
        ("Makhachkala", (42.9830, 47.5040)),
        ("Baku", (40.3800, 49.8700)),
        ("Bereket", (39.2446, 55.5154)),
        ("Ashgabat", (37.9500, 58.3800)),
        ("Tejen", (37.3786, 60.5062)),
        ("Turkmenabat", (39.0733, 63.5786)),
        ("Komsomolsk-on-Amur", (50.5500, 137.0000)),
        ("Khabarovsk", KHABAROVSK_ST),
        ("Bhusawal", (21.0500, 75.7800)),
        ("Manmad", (20.2500, 74.4400)),
        ("Ahmedabad", AHMEDABAD),
        ("Surat", (21.2050, 72.8400)),
        ("Mumbai", MUMBAI_CENTRAL),
    ];
    let at = |name: &str| places.iter().find(|p| p.0 == name).unwrap().1;
    let pairs = [
        ("Brest", "Warsaw"),
        ("Astrakhan", "Atyrau"),
        ("Atyrau", "Kandyagash"),
        ("Kandyagash", "Beyneu"),
        ("Zhetygen", "Altynkol"),
        ("Altynkol", "Jinghe"),
        ("Aktobe", "Kandyagash"),
        ("Kyzylorda", "Turkistan"),
        ("Makhachkala", "Baku"),
        ("Bereket", "Ashgabat"),
        ("Ashgabat", "Tejen"),
        ("Tejen", "Turkmenabat"),
        ("Komsomolsk-on-Amur", "Khabarovsk"),
        ("Bhusawal", "Manmad"),
        ("Manmad", "Mumbai"),
        ("Ahmedabad", "Surat"),
        ("Surat", "Mumbai"),
    ];
    let mut bad = Vec::new();
    for (a, b) in pairs {
        let path = leg(at(a), at(b))
            .route()
            .unwrap_or_else(|e| panic!("{a}-{b}: {e}"));
        let km = path.length_km.unwrap();
        let straight =
            shipmap::network::great_circle::distance_km(p(at(a).0, at(a).1), p(at(b).0, at(b).1));
        if km > 1.6 * straight || path.connectors.iter().any(|c| length_km(c) > 15.0) {
            bad.push(format!(
                "{a}-{b}: {km:.0} km on the network, {straight:.0} km straight, connectors {:.1} km",
                path.connector_km
            ));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn border_crossings_are_reported_in_order() {
    let path = leg(BREST, WARSAW).route().unwrap();
    assert_eq!(path.crossings.len(), 1, "{:?}", path.crossings);
    let c = &path.crossings[0];
    assert_eq!(
        (c.from_country.as_str(), c.to_country.as_str()),
        ("BY", "PL")
    );
    // the Bug, between Brest and Terespol
    assert!((c.at.lon() - 23.63).abs() < 0.1, "{}", c.at);
    let rajin = leg(RAJIN, VLADIVOSTOK).route().unwrap();
    let codes: Vec<_> = rajin
        .crossings
        .iter()
        .map(|c| format!("{}-{}", c.from_country, c.to_country))
        .collect();
    assert_eq!(codes, vec!["KP-RU"]);
    assert!(miss_km(&[rajin.crossings[0].at, rajin.crossings[0].at], KHASAN) < 10.0);
}

#[test]
fn a_via_on_another_continent_is_an_error_not_a_panic() {
    let err = Leg {
        via: vec![p(40.7506, -73.9935)], // New York Penn Station
        ..leg(BREST, WARSAW)
    }
    .route()
    .unwrap_err();
    let RouteError::NoPath { reason, help, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(reason.contains("separate rail networks"), "{reason}");
    assert!(help.contains("sea leg"), "{help}");
}

#[test]
fn a_user_network_of_lines_a_kilometre_apart_is_joined_and_routed() {
    // 60 parallel north-south lines of 20 km, 0.99 km apart, none touching
    let mut features = Vec::new();
    for i in 0..60 {
        let lon = 30.0 + f64::from(i) * 0.0139; // 0.99 km at 50N
        features.push(format!(
            r#"{{"type":"Feature","properties":{{}},"geometry":{{"type":"LineString","coordinates":[[{lon},50.0],[{lon},50.09],[{lon},50.18]]}}}}"#
        ));
    }
    let text = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    );
    let net = LandNetwork::from_geojson_str(&text, "comb.geojson").unwrap();
    // line ends are joined to their neighbours
    assert!(
        (30..=120).contains(&net.joins().len()),
        "{}",
        net.joins().len()
    );
    assert!(net.joins().iter().all(|j| j.km <= 1.0));
    // line 0 to line 1: 0.99 km across instead of none at all, with a warning
    let path = leg((50.18, 30.0), (50.18, 30.0139)).route_on(&net).unwrap();
    assert!(
        path.warnings
            .iter()
            .any(|w| w.contains("gap(s) of comb.geojson")),
        "{:?}",
        path.warnings
    );
    let km = path.length_km.unwrap();
    assert!((0.9..1.1).contains(&km), "{km}");
    // across the whole comb: a path or a clear error, never a panic
    match leg((50.09, 30.0), (50.09, 30.0 + 59.0 * 0.0139)).route_on(&net) {
        Ok(path) => assert!(path.length_km.unwrap() > 58.0),
        Err(e) => assert!(matches!(e, RouteError::NoPath { .. }), "{e:?}"),
    }
}
