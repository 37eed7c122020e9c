//! Paths for legs: one interface, [`Router`], over every network.
//!
//! The builder asks a router for each leg's path. Until a real network is plugged in
//! for a mode, [`great_circle::GreatCircle`] draws a geodesic arc densified to at most
//! 50 km between points and marks the path `great_circle`.

pub mod graph;
pub mod great_circle;
pub mod rail;
pub mod sea;

use crate::model::{LonLat, Mode, PathKind};

/// What the builder asks of a network for one leg. Every field is resolved already.
#[derive(Debug, Clone, Copy)]
pub struct LegRequest<'a> {
    /// The leg's mode.
    pub mode: Mode,
    /// Start point.
    pub from: LonLat,
    /// End point.
    pub to: LonLat,
    /// Points the path must pass through, in order.
    pub via: &'a [LonLat],
    /// Sea passages to keep closed (lowercase names such as `suez`).
    pub avoid_passages: &'a [String],
    /// Countries (ISO alpha-2) the path must stay inside; empty means no rule.
    pub within: &'a [String],
    /// Countries (ISO alpha-2) the path must stay out of.
    pub avoid_countries: &'a [String],
}

/// A path made by a network for one leg.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutedPath {
    /// The whole path from start to end, connectors included, every point in range.
    pub points: Vec<LonLat>,
    /// How it was made.
    pub kind: PathKind,
    /// Named passages used, in order (sea).
    pub passages: Vec<String>,
    /// Countries passed through, in order (rail, road).
    pub countries: Vec<String>,
    /// Off-network pieces at the ends (each a polyline), to be drawn distinctly.
    pub connectors: Vec<Vec<LonLat>>,
    /// Total length of `connectors` in km.
    pub connector_km: f64,
    /// The whole leg's length as the network measures it (its stored edge lengths
    /// plus the connectors' own), in km; `None` when the length of `points` is the
    /// leg's length (great circles, networks without stored lengths).
    pub length_km: Option<f64>,
    /// Border crossings along the path (rail, road), unnamed: the builder names them.
    pub crossings: Vec<crate::model::Crossing>,
    /// Doubts to pass on as warnings (e.g. a long connector).
    pub warnings: Vec<String>,
}

/// Why a network could not make a path.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum RouteError {
    /// No path exists under the leg's rules.
    #[error("no {mode} path from {from} to {to}: {reason}")]
    NoPath {
        /// The leg's mode.
        mode: Mode,
        /// Start point.
        from: LonLat,
        /// End point.
        to: LonLat,
        /// What cut it off.
        reason: String,
        /// What to do about it.
        help: String,
    },
    /// A passage name in `avoid` is not one the network knows.
    #[error("unknown passage `{name}`")]
    UnknownPassage {
        /// The name given.
        name: String,
        /// The names that exist.
        valid: Vec<String>,
    },
    /// A routing option has a value it cannot take.
    #[error("{option}: {reason}")]
    BadOption {
        /// The option, as written on the command line.
        option: String,
        /// What is wrong with the value.
        reason: String,
        /// What to do about it.
        help: String,
    },
    /// A user network file could not be used.
    #[error("network file {path}: {reason}")]
    BadNetwork {
        /// The file.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
}

impl RouteError {
    /// A hint on what to do, for the CLI to show.
    pub fn help(&self) -> String {
        match self {
            RouteError::NoPath { help, .. } | RouteError::BadOption { help, .. } => help.clone(),
            RouteError::UnknownPassage { name, valid } => {
                let key = name.trim().to_ascii_lowercase();
                let closest = valid
                    .iter()
                    .map(|v| (strsim::jaro_winkler(&key, v), v))
                    .filter(|(score, _)| *score >= 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0));
                let all = format!("passages that can be closed: {}", valid.join(", "));
                match closest {
                    Some((_, v)) => format!("did you mean `{v}`? {all}"),
                    None => all,
                }
            }
            RouteError::BadNetwork { .. } => {
                "give a GeoJSON file of LineString or MultiLineString features".to_owned()
            }
        }
    }
}

/// A network that can make paths for legs.
pub trait Router: Send + Sync {
    /// Makes the path for one leg.
    fn route(&self, req: &LegRequest<'_>) -> Result<RoutedPath, RouteError>;

    /// A named passage (strait, canal) as a point a `via` may give: its canonical
    /// name and where the network crosses it. None when the name is not a passage or
    /// the network has none.
    fn passage_point(&self, _name: &str) -> Option<(String, LonLat)> {
        None
    }
}

/// A shared router routes as the router it shares: the embedded networks are read
/// once per process and shared by every document built in it.
impl<R: Router + ?Sized> Router for std::sync::Arc<R> {
    fn route(&self, req: &LegRequest<'_>) -> Result<RoutedPath, RouteError> {
        (**self).route(req)
    }
}

/// The routers to use, one per mode. A mode without one gets great-circle paths.
#[derive(Default)]
pub struct Networks {
    /// Router for sea legs.
    pub sea: Option<Box<dyn Router>>,
    /// Router for rail legs.
    pub rail: Option<Box<dyn Router>>,
    /// Router for road legs.
    pub road: Option<Box<dyn Router>>,
}

impl Networks {
    /// The router for a mode: the plugged-in network, or great circles.
    pub fn router(&self, mode: Mode) -> &dyn Router {
        let chosen = match mode {
            Mode::Sea => self.sea.as_deref(),
            Mode::Rail => self.rail.as_deref(),
            Mode::Road => self.road.as_deref(),
            Mode::Air => None,
        };
        chosen.unwrap_or(&great_circle::GreatCircle)
    }
}
