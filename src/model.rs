//! The shared vocabulary of the pipeline: plain, serde-serializable data with no I/O.
//!
//! Every stage takes and returns these types. Types with an invariant (`LonLat`) keep
//! their fields private behind a checking constructor, so code that receives one can
//! trust it.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::date::DateSpec;

/// A point on the WGS84 ellipsoid, longitude first (as GeoJSON), checked on creation.
///
/// ```
/// let najin = shipmap::model::LonLat::new(130.2967, 42.2456).unwrap();
/// assert_eq!((najin.lat(), najin.lon()), (42.2456, 130.2967));
/// assert!(shipmap::model::LonLat::new(10.0, 95.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LonLat {
    lon: f64,
    lat: f64,
}

/// Why a coordinate pair was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CoordError {
    /// The latitude is outside 90S..90N (or not a number).
    #[error("latitude {0} is out of range (90S to 90N)")]
    Latitude(f64),
    /// The longitude is outside 180W..180E (or not a number).
    #[error("longitude {0} is out of range (180W to 180E)")]
    Longitude(f64),
}

impl LonLat {
    /// Checks and builds a point. NaN and infinities fail the range checks.
    pub fn new(lon: f64, lat: f64) -> Result<LonLat, CoordError> {
        if !(-90.0..=90.0).contains(&lat) {
            return Err(CoordError::Latitude(lat));
        }
        if !(-180.0..=180.0).contains(&lon) {
            return Err(CoordError::Longitude(lon));
        }
        Ok(LonLat { lon, lat })
    }

    /// Builds a point from any longitude, wrapping it into -180..=180; the latitude
    /// is clamped to the poles. For computed points (interpolation, projection
    /// inverses) whose longitude may have run past the antimeridian.
    pub fn wrapped(lon: f64, lat: f64) -> LonLat {
        let lon = if lon.is_finite() { lon } else { 0.0 };
        let lat = if lat.is_finite() {
            lat.clamp(-90.0, 90.0)
        } else {
            0.0
        };
        // a longitude in range is kept as it is (folding it would only round it)
        if (-180.0..=180.0).contains(&lon) {
            return LonLat { lon, lat };
        }
        let mut w = (lon + 180.0).rem_euclid(360.0) - 180.0;
        if w == -180.0 && lon > 0.0 {
            w = 180.0;
        }
        LonLat { lon: w, lat }
    }

    /// Longitude in degrees east, -180..=180.
    pub fn lon(&self) -> f64 {
        self.lon
    }

    /// Latitude in degrees north, -90..=90.
    pub fn lat(&self) -> f64 {
        self.lat
    }

    /// The point as a geo-types coordinate (x = lon, y = lat).
    pub fn coord(&self) -> geo::Coord<f64> {
        geo::Coord {
            x: self.lon,
            y: self.lat,
        }
    }
}

impl<'de> Deserialize<'de> for LonLat {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            lon: f64,
            lat: f64,
        }
        let raw = Raw::deserialize(d)?;
        LonLat::new(raw.lon, raw.lat).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for LonLat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ns = if self.lat < 0.0 { 'S' } else { 'N' };
        let ew = if self.lon < 0.0 { 'W' } else { 'E' };
        write!(f, "{:.4}{ns} {:.4}{ew}", self.lat.abs(), self.lon.abs())
    }
}

/// How a leg travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// By ship, over water.
    Sea,
    /// By train.
    Rail,
    /// By truck or car.
    Road,
    /// By aircraft.
    Air,
}

impl Mode {
    /// All modes, in the order they are listed in help texts and legends.
    pub const ALL: [Mode; 4] = [Mode::Sea, Mode::Rail, Mode::Road, Mode::Air];

    /// The lowercase name used in documents and outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Sea => "sea",
            Mode::Rail => "rail",
            Mode::Road => "road",
            Mode::Air => "air",
        }
    }

    /// Parses a mode name, case-insensitively; also accepts a few common synonyms.
    pub fn parse(s: &str) -> Option<Mode> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sea" | "ship" | "vessel" | "maritime" => Some(Mode::Sea),
            "rail" | "train" | "railway" => Some(Mode::Rail),
            "road" | "truck" | "lorry" => Some(Mode::Road),
            "air" | "plane" | "flight" => Some(Mode::Air),
            _ => None,
        }
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What sort of thing a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceKind {
    /// A populated place (GeoNames).
    City,
    /// A seaport.
    Port,
    /// A facility of no more specific kind (a rail station, a shipyard).
    Facility,
    /// An oil, gas or cargo terminal.
    Terminal,
    /// A rail or road border crossing, or a dry port at a border.
    BorderCrossing,
    /// A naval or army base.
    Base,
    /// A military air base.
    Airbase,
    /// An arsenal or storage depot.
    Depot,
    /// A defence or industrial plant, or an economic zone holding one.
    Plant,
    /// A strait or canal, as a named place.
    Strait,
    /// Coordinates typed or pasted by the user.
    Coordinates,
    /// A place defined by the user (`[[place]]` or `--places`).
    User,
}

impl PlaceKind {
    /// The lowercase name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::City => "city",
            PlaceKind::Port => "port",
            PlaceKind::Facility => "facility",
            PlaceKind::Terminal => "terminal",
            PlaceKind::BorderCrossing => "border-crossing",
            PlaceKind::Base => "base",
            PlaceKind::Airbase => "airbase",
            PlaceKind::Depot => "depot",
            PlaceKind::Plant => "plant",
            PlaceKind::Strait => "strait",
            PlaceKind::Coordinates => "coordinates",
            PlaceKind::User => "user",
        }
    }
}

/// A resolved place: where a name or coordinate string ended up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    /// A stable identifier: `geonames:2039055`, `locode:KPNJN`, `user:Tikhoretsk arsenal`,
    /// `coord:42.2456,130.2967`.
    pub id: String,
    /// The display name: the label a briefing prints (common English, the user's own
    /// spelling, or a `label` key).
    pub name: String,
    /// The gazetteer's own name for the place, when it differs from `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer_name: Option<String>,
    /// ISO 3166-1 alpha-2 country code, when known.
    pub country: Option<String>,
    /// First-level administrative division, when known.
    pub admin1: Option<String>,
    /// What sort of place it is.
    pub kind: PlaceKind,
    /// Where it is.
    pub at: LonLat,
    /// Population, for populated places.
    pub population: Option<u64>,
}

/// How a leg's path was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PathKind {
    /// Follows a transport network (sea lanes, rails, roads).
    Network,
    /// Straight (great-circle) segments through user `via` points only.
    Via,
    /// One great-circle arc from end to end.
    GreatCircle,
}

impl PathKind {
    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            PathKind::Network => "network",
            PathKind::Via => "via",
            PathKind::GreatCircle => "great_circle",
        }
    }
}

/// A byte range in a route document, for pointing errors and warnings at their cause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub offset: usize,
    /// Length in bytes.
    pub len: usize,
}

impl Span {
    /// A span from a byte range.
    pub fn new(offset: usize, len: usize) -> Span {
        Span { offset, len }
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Span {
        Span::new(r.start, r.end.saturating_sub(r.start))
    }
}

/// A doubt noted while building: printed by the CLI, carried into the outputs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// A short stable code, e.g. `ambiguous-place`, `implied-speed`, `long-connector`.
    pub code: String,
    /// The whole message, for people.
    pub message: String,
    /// The route it concerns, if any.
    pub route_id: Option<String>,
    /// The 1-based leg it concerns, if any.
    pub leg: Option<usize>,
    /// Where in the document it comes from, if known.
    #[serde(skip)]
    pub span: Option<Span>,
}

/// Where a rail or road path crosses from one country into another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Crossing {
    /// The border crossing's name (the nearest border-crossing or station-like place
    /// of the gazetteer), when one is near.
    pub name: Option<String>,
    /// The first point of the path in the new country.
    pub at: LonLat,
    /// ISO alpha-2 code of the country left.
    pub from_country: String,
    /// ISO alpha-2 code of the country entered.
    pub to_country: String,
}

impl Crossing {
    /// `Zabaykalsk (RU-CN)`, or `RU-CN at 49.6500N 117.3250E` when unnamed.
    pub fn label(&self) -> String {
        match &self.name {
            Some(n) => format!("{n} ({}-{})", self.from_country, self.to_country),
            None => format!("{}-{} at {}", self.from_country, self.to_country, self.at),
        }
    }
}

/// A leg once built: both ends resolved, path made, length measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Leg {
    /// 1-based position in its route.
    pub index: usize,
    /// How it travels.
    pub mode: Mode,
    /// Where it starts.
    pub from: Place,
    /// Where it ends.
    pub to: Place,
    /// When it leaves, as the document said (or estimated, see `depart_estimated`).
    pub depart: Option<DateSpec>,
    /// When it arrives.
    pub arrive: Option<DateSpec>,
    /// True when `depart` was computed by `--estimate`, not given.
    pub depart_estimated: bool,
    /// True when `arrive` was computed by `--estimate`, not given.
    pub arrive_estimated: bool,
    /// Points the path was forced through, resolved.
    pub via: Vec<Place>,
    /// The path, each point in range; consecutive points more than 180 degrees of
    /// longitude apart cross the antimeridian (the exporters split there).
    pub path: Vec<LonLat>,
    /// How the path was made.
    pub path_kind: PathKind,
    /// Geodesic length of the path.
    pub distance_km: f64,
    /// Named passages (straits, canals) the path uses, for sea legs.
    pub passages: Vec<String>,
    /// ISO country codes the path passes through, in order, for rail and road legs.
    pub countries: Vec<String>,
    /// Where a rail or road path crosses a border, in order.
    pub crossings: Vec<Crossing>,
    /// Off-network pieces at the ends of the path, drawn distinctly.
    pub connectors: Vec<Vec<LonLat>>,
    /// Total length of off-network connectors at the ends, in km (0 when none).
    pub connector_km: f64,
    /// Vessel, train or operator.
    pub carrier: Option<String>,
    /// What was carried.
    pub cargo: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// The sentence(s) of the source text that support this leg (`shipmap draft`
    /// writes them; any document may).
    pub quote: Option<String>,
    /// Messages of the warnings that concern this leg.
    pub warnings: Vec<String>,
    /// Where the leg is written in its document.
    #[serde(skip)]
    pub span: Span,
}

/// One shipment: legs in order, each starting where the previous one ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Identifier, unique in the document.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Legs in travel order.
    pub legs: Vec<Leg>,
}

/// A built route document: what every exporter and renderer takes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Title for maps and layer names.
    pub title: Option<String>,
    /// Subtitle for maps.
    pub subtitle: Option<String>,
    /// Where the account comes from.
    pub source: Option<String>,
    /// The routes.
    pub routes: Vec<Route>,
    /// Every warning noted while building, in order.
    pub warnings: Vec<Warning>,
    /// Rail legs were routed on the embedded rail network (OpenStreetMap, ODbL), not
    /// on a `--rail-network` file: outputs credit OpenStreetMap only then.
    pub embedded_rail: bool,
}

/// Kilometres in one international nautical mile (1,852 m exactly).
pub const KM_PER_NMI: f64 = 1.852;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lonlat_rejects_out_of_range_and_nan() {
        assert_eq!(LonLat::new(0.0, 95.0), Err(CoordError::Latitude(95.0)));
        assert_eq!(LonLat::new(181.0, 0.0), Err(CoordError::Longitude(181.0)));
        assert!(LonLat::new(f64::NAN, 0.0).is_err());
        assert!(LonLat::new(0.0, f64::INFINITY).is_err());
        assert!(LonLat::new(-180.0, -90.0).is_ok());
    }

    #[test]
    fn wrapped_brings_longitude_into_range() {
        assert_eq!(LonLat::wrapped(190.0, 10.0).lon(), -170.0);
        assert_eq!(LonLat::wrapped(-190.0, 10.0).lon(), 170.0);
        assert_eq!(LonLat::wrapped(180.0, 10.0).lon(), 180.0);
        assert_eq!(LonLat::wrapped(-180.0, 10.0).lon(), -180.0);
        assert_eq!(LonLat::wrapped(541.0, 100.0).lat(), 90.0);
    }

    #[test]
    fn mode_parses_synonyms() {
        assert_eq!(Mode::parse("Ship"), Some(Mode::Sea));
        assert_eq!(Mode::parse(" train "), Some(Mode::Rail));
        assert_eq!(Mode::parse("boat"), None);
    }

    #[test]
    fn display_uses_hemisphere_letters() {
        let p = LonLat::new(-70.5, -33.25).unwrap();
        assert_eq!(p.to_string(), "33.2500S 70.5000W");
    }
}
