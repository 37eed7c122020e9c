//! Reference layers: the names a reader needs to find the route (countries, seas
//! and straits, lakes, cities), as label requests for the placement pass.
//!
//! Data (see data/README.md): `data/basemap/countries.tsv` (label points of Natural
//! Earth 1:50m countries), `marine.csv` (our supplement of sea, strait, canal and
//! lake names, each row citing its source) and `cities.tsv` (GeoNames cities of
//! 250,000 people or more, and every capital, largest first).

use std::sync::OnceLock;

use super::project::View;

/// What kind of reference name: decides the type style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum RefKind {
    /// A country: spaced capitals, grey.
    Country,
    /// An ocean: large spaced italic, blue.
    Ocean,
    /// A sea, gulf or bay: italic, blue.
    Sea,
    /// A strait or canal: small italic, blue.
    Strait,
    /// A lake: small italic, blue.
    Lake,
    /// A city with a dot; `capital` marks national capitals.
    City { capital: bool },
}

/// A reference name to place, in pixels of the view, highest priority first.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct RefLabel {
    pub text: String,
    pub kind: RefKind,
    pub x: f32,
    pub y: f32,
    /// The room the named thing has, px (a country's size); labels wider than this
    /// are left out. Infinite for water and cities.
    pub room_px: f32,
}

struct Country {
    name: String,
    lon: f64,
    lat: f64,
    area_km2: f64,
}

struct Water {
    name: String,
    kind: RefKind,
    rank: u8,
    lon: f64,
    lat: f64,
    passage: String,
}

struct City {
    name: String,
    lon: f64,
    lat: f64,
    capital: bool,
}

struct Tables {
    countries: Vec<Country>,
    water: Vec<Water>,
    cities: Vec<City>,
}

/// Parses the reference tables now (see [`super::prepare`]).
pub(super) fn prepare() {
    tables();
}

fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| Tables {
        countries: parse_countries(include_str!("../../data/basemap/countries.tsv")),
        water: parse_water(include_str!("../../data/basemap/marine.csv")),
        cities: parse_cities(include_str!("../../data/basemap/cities.tsv")),
    })
}

/// Rows that do not parse are skipped; a test checks that none do.
fn parse_countries(text: &str) -> Vec<Country> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Some(Country {
                name: (*c.first()?).to_owned(),
                lon: c.get(1)?.parse().ok()?,
                lat: c.get(2)?.parse().ok()?,
                area_km2: c.get(3)?.parse().ok()?,
            })
        })
        .collect()
}

fn parse_water(text: &str) -> Vec<Water> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let kind = match *c.get(1)? {
                "ocean" => RefKind::Ocean,
                "sea" | "gulf" | "bay" => RefKind::Sea,
                "strait" | "canal" => RefKind::Strait,
                "lake" => RefKind::Lake,
                _ => return None,
            };
            Some(Water {
                name: (*c.first()?).to_owned(),
                kind,
                rank: c.get(2)?.parse().ok()?,
                lon: c.get(3)?.parse().ok()?,
                lat: c.get(4)?.parse().ok()?,
                passage: (*c.get(5)?).to_owned(),
            })
        })
        .collect()
}

fn parse_cities(text: &str) -> Vec<City> {
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Some(City {
                name: (*c.first()?).to_owned(),
                lon: c.get(1)?.parse().ok()?,
                lat: c.get(2)?.parse().ok()?,
                capital: *c.get(4)? == "1",
            })
        })
        .collect()
}

/// Where a point falls in the frame, if it does (with `inset` px kept clear).
fn in_frame(view: &View, lon: f64, lat: f64, inset: f64) -> Option<(f32, f32)> {
    let (x, y) = view.to_px(lon, lat)?;
    let inside =
        x >= inset && y >= inset && x <= view.width_px - inset && y <= view.height_px - inset;
    inside.then_some((x as f32, y as f32))
}

/// The reference names for a view, in the order the placement pass should try
/// them: straits the legs pass, then oceans and seas, countries, lakes, smaller
/// waters, cities. `passages` are the legs' passage names (`bosporus`); `stops`
/// the stop markers in px, so a city already marked as a stop is not repeated;
/// `ui` the furniture scale.
pub(super) fn requests(
    view: &View,
    passages: &[String],
    stops: &[(f32, f32)],
    ui: f32,
) -> Vec<RefLabel> {
    let t = tables();
    let km_px = view
        .km_per_px_at(view.width_px / 2.0, view.height_px / 2.0)
        .unwrap_or(1.0);
    let frame_km = km_px * view.width_px.max(view.height_px);
    let mut out = Vec::new();
    let water = |w: &Water| RefLabel {
        text: w.name.clone(),
        kind: w.kind,
        x: 0.0,
        y: 0.0,
        room_px: f32::INFINITY,
    };
    // Straits and canals a leg passes: always named when their point is in frame.
    for w in t.water.iter().filter(|w| !w.passage.is_empty()) {
        if passages.contains(&w.passage) {
            if let Some((x, y)) = in_frame(view, w.lon, w.lat, 0.0) {
                out.push(RefLabel { x, y, ..water(w) });
            }
        }
    }
    // Which waters a frame this wide names: oceans and seas on a continental map,
    // gulfs and lakes below 9,000 km, straits below 3,500 km.
    let max_rank = if frame_km > 9000.0 {
        2
    } else if frame_km > 3500.0 {
        3
    } else {
        4
    };
    let waters = |rank: u8, out: &mut Vec<RefLabel>| {
        for w in t
            .water
            .iter()
            .filter(|w| w.rank == rank && w.rank <= max_rank)
        {
            if out.iter().any(|r| r.text == w.name) {
                continue;
            }
            if let Some((x, y)) = in_frame(view, w.lon, w.lat, 0.0) {
                out.push(RefLabel { x, y, ..water(w) });
            }
        }
    };
    waters(1, &mut out);
    waters(2, &mut out);
    // Countries, largest first: the main label point when in frame, else the
    // in-frame point of the largest tile of the country (Russia's far east).
    let mut named: Vec<&str> = Vec::new();
    for c in &t.countries {
        if named.contains(&c.name.as_str()) {
            continue;
        }
        let Some((x, y)) = in_frame(view, c.lon, c.lat, 0.0) else {
            continue;
        };
        named.push(&c.name);
        out.push(RefLabel {
            text: c.name.to_uppercase(),
            kind: RefKind::Country,
            x,
            y,
            room_px: (c.area_km2.sqrt() / km_px) as f32 * 1.4,
        });
    }
    waters(3, &mut out);
    waters(4, &mut out);
    // Cities: the largest in frame, more on larger frames; capitals first among
    // equals. Not where a stop is already marked.
    let area = (view.width_px * view.height_px) as f32 / (ui * ui).max(0.25);
    let want = ((area / 90_000.0) as usize).clamp(3, 24);
    let mut n = 0;
    for c in &t.cities {
        if n >= want {
            break;
        }
        let Some((x, y)) = in_frame(view, c.lon, c.lat, 0.0) else {
            continue;
        };
        if stops
            .iter()
            .any(|&(sx, sy)| (sx - x).hypot(sy - y) < 14.0 * ui)
        {
            continue;
        }
        // Spread out: no city within 110 px (at ui 1) of a larger one already named,
        // so one crowded region does not take every name.
        if out
            .iter()
            .filter(|r| matches!(r.kind, RefKind::City { .. }))
            .any(|r| (r.x - x).hypot(r.y - y) < 110.0 * ui)
        {
            continue;
        }
        out.push(RefLabel {
            text: c.name.clone(),
            kind: RefKind::City { capital: c.capital },
            x,
            y,
            room_px: f32::INFINITY,
        });
        n += 1;
    }
    out
}

/// The largest city (by the table's order, largest first) whose point falls in
/// the box `x0..x1`, `y0..y1` px of the view, and where: the close-up's spare room
/// goes towards it, so its inset names a city the reader knows.
pub(super) fn largest_city_in(
    view: &View,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
) -> Option<(f64, f64)> {
    tables().cities.iter().find_map(|c| {
        let (x, y) = view.to_px(c.lon, c.lat)?;
        (x >= x0 && x <= x1 && y >= y0 && y <= y1).then_some((x, y))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_whole() {
        let t = tables();
        let rows = |s: &str| s.lines().count() - 1;
        assert_eq!(
            t.countries.len(),
            rows(include_str!("../../data/basemap/countries.tsv"))
        );
        assert_eq!(
            t.water.len(),
            rows(include_str!("../../data/basemap/marine.csv"))
        );
        assert_eq!(
            t.cities.len(),
            rows(include_str!("../../data/basemap/cities.tsv"))
        );
        assert!(t.cities.iter().any(|c| c.name == "Moscow" && c.capital));
        assert!(t.water.iter().any(|w| w.passage == "bosporus"));
        // Every passage the router knows that is a water body has a name here.
        for p in [
            "suez",
            "bosporus",
            "dardanelles",
            "malacca",
            "hormuz",
            "gibraltar",
        ] {
            assert!(t.water.iter().any(|w| w.passage == p), "{p}");
        }
    }
}
