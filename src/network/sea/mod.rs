//! Sea routing: legs follow water, through the straits and canals ships use.
//!
//! The network is Eurostat's marnet as shipped in searoute 1.6.0 (EUPL-1.2), with
//! segments that crossed land re-drawn over water and the Kiel and Corinth canals
//! added; the land is Natural Earth 10m rasterised at one arc-minute. Both are
//! embedded as compact binaries built by `scripts/build_sea.py` and read without
//! decompression, so [`SeaNetwork::embedded`] takes a few milliseconds.
//!
//! A leg's ends reach the network over water: straight when the line stays on water,
//! otherwise over the water grid (`grid`). Two ends near each other are joined over the
//! grid directly when that is shorter. Distances are on the sphere or the ellipsoid,
//! never in flat degrees; every output longitude lies within ±180 (paths may jump
//! across the antimeridian; exporters split them there).
//!
//! ```
//! use shipmap::model::{LonLat, Mode};
//! use shipmap::network::{LegRequest, Router, sea::SeaNetwork};
//! let sea = SeaNetwork::embedded()?;
//! let req = LegRequest {
//!     mode: Mode::Sea,
//!     from: LonLat::new(4.05, 51.98).unwrap(),   // Rotterdam, Maasvlakte
//!     to: LonLat::new(121.80, 31.00).unwrap(),   // Shanghai, Yangtze mouth
//!     via: &[],
//!     avoid_passages: &["suez".to_owned(), "panama".to_owned()],
//!     within: &[],
//!     avoid_countries: &[],
//! };
//! let path = sea.route(&req)?;
//! assert!(path.passages.contains(&"cape-of-good-hope".to_owned()));
//! # Ok::<(), shipmap::network::RouteError>(())
//! ```

mod graph;
mod grid;
mod hierarchy;
pub mod land;
mod landmarks;
mod nearest;
pub mod passages;
mod route;
pub mod vessels;
pub mod waterways;

use graph::{Graph, Walk};
use hierarchy::Hierarchy;
use land::LandGrid;
use landmarks::Landmarks;
use passages::Gates;
use std::sync::OnceLock;

use super::{LegRequest, RouteError, RoutedPath, Router};
use crate::model::LonLat;

pub(crate) const LAND_BIN: &[u8] = include_bytes!("../../../data/sea/land.bin");
pub(crate) const MARNET_BIN: &[u8] = include_bytes!("../../../data/sea/marnet.bin");
pub(crate) const LANDMARKS_BIN: &[u8] = include_bytes!("../../../data/sea/landmarks.bin");
pub(crate) const HIERARCHY_BIN: &[u8] = include_bytes!("../../../data/sea/hierarchy.bin");
pub(crate) const PASSAGES_CSV: &str = include_str!("../../../data/sea/passages.csv");
pub(crate) const NARROWS_CSV: &str = include_str!("../../../data/sea/narrows.csv");
pub(crate) const WATERWAYS_CSV: &str = include_str!("../../../data/sea/waterways.csv");

/// How far a leg's end may lie from navigable water by default (`--coast-km`).
pub const DEFAULT_COAST_KM: f64 = 60.0;

/// The maritime router.
#[derive(Debug, Clone)]
pub struct SeaNetwork {
    graph: Graph,
    landmarks: Landmarks,
    /// Read at the first search that can use it (a millisecond of a process's start
    /// otherwise); None when the table fails its checks, when the A* serves instead.
    hierarchy: OnceLock<Option<Hierarchy>>,
    land: LandGrid,
    gates: Gates,
    narrows: Vec<Narrow>,
    waterways: Vec<waterways::Waterway>,
    arctic_open: bool,
    coast_km: f64,
}

/// A canal, narrow strait or inland waterway where the network may cross land as the
/// Natural Earth 10m land mask draws it (too narrow to show, or not drawn as water).
#[derive(Debug, Clone, PartialEq)]
pub struct Narrow {
    /// Lowercase hyphenated name, e.g. `suez-canal`.
    pub name: String,
    /// Western edge, degrees east.
    pub min_lon: f64,
    /// Southern edge, degrees north.
    pub min_lat: f64,
    /// Eastern edge, degrees east.
    pub max_lon: f64,
    /// Northern edge, degrees north.
    pub max_lat: f64,
}

impl Narrow {
    /// Whether a point lies inside this narrow's box.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        (self.min_lon..=self.max_lon).contains(&lon) && (self.min_lat..=self.max_lat).contains(&lat)
    }
}

/// Checks a `--coast-km` value: positive and finite.
pub fn check_coast_km(km: f64) -> Result<(), RouteError> {
    if km.is_finite() && km > 0.0 {
        return Ok(());
    }
    Err(RouteError::BadOption {
        option: "--coast-km".to_owned(),
        reason: format!("{km} is not a distance a port can lie from the water"),
        help: format!(
            "give a positive number of km (default {DEFAULT_COAST_KM}); a sea leg's ends \
             within that distance of navigable water are joined to it"
        ),
    })
}

fn bad(reason: String) -> RouteError {
    RouteError::BadNetwork {
        path: "embedded data/sea".to_owned(),
        reason,
    }
}

/// The embedded list of canals, narrow straits and inland waterways
/// (`data/sea/narrows.csv`), without loading the network: the renderer draws them
/// open. Empty only if the embedded file were damaged (a test checks it is not).
pub fn narrows() -> Vec<Narrow> {
    parse_narrows(NARROWS_CSV).unwrap_or_default()
}

fn parse_narrows(csv: &str) -> Result<Vec<Narrow>, String> {
    let mut out = Vec::new();
    for (n, line) in csv
        .lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty())
    {
        // name, the box, and the source last (it may hold commas inside its quotes)
        let cells: Vec<&str> = line.splitn(6, ',').collect();
        let [name, a, b, c, d, source] = cells[..] else {
            return Err(format!(
                "narrows.csv line {}: expected 6 fields (name, box, source)",
                n + 1
            ));
        };
        if source.trim_matches(['"', ' ']).is_empty() {
            return Err(format!("narrows.csv line {}: no source", n + 1));
        }
        let num = |s: &str| {
            s.trim()
                .parse::<f64>()
                .map_err(|e| format!("narrows.csv line {}: {e}", n + 1))
        };
        out.push(Narrow {
            name: name.to_owned(),
            min_lon: num(a)?,
            min_lat: num(b)?,
            max_lon: num(c)?,
            max_lat: num(d)?,
        });
    }
    Ok(out)
}

impl SeaNetwork {
    /// The network embedded in the binary. Reads the compact tables in place; takes
    /// a few milliseconds.
    pub fn embedded() -> Result<SeaNetwork, RouteError> {
        let gates = Gates::parse(PASSAGES_CSV).map_err(bad)?;
        let land = LandGrid::from_bytes(LAND_BIN).map_err(bad)?;
        let graph = Graph::from_bytes(MARNET_BIN, &gates).map_err(bad)?;
        let landmarks = Landmarks::from_bytes(LANDMARKS_BIN, graph.nodes.len()).map_err(bad)?;
        hierarchy::check_header(HIERARCHY_BIN, &graph).map_err(bad)?;
        let narrows = parse_narrows(NARROWS_CSV).map_err(bad)?;
        let waterways = waterways::parse(WATERWAYS_CSV).map_err(bad)?;
        Ok(SeaNetwork {
            graph,
            landmarks,
            hierarchy: OnceLock::new(),
            land,
            gates,
            narrows,
            waterways,
            arctic_open: false,
            coast_km: DEFAULT_COAST_KM,
        })
    }

    /// Sets how far (km) a leg's end may lie from navigable water and still be joined
    /// to it (`--coast-km`, default [`DEFAULT_COAST_KM`]). Err unless positive and
    /// finite.
    pub fn with_coast_km(mut self, km: f64) -> Result<SeaNetwork, RouteError> {
        check_coast_km(km)?;
        self.coast_km = km;
        Ok(self)
    }

    /// The rivers and ship channels to river ports (data/sea/waterways.csv).
    pub fn waterways(&self) -> &[waterways::Waterway] {
        &self.waterways
    }

    /// Opens (or closes) the Arctic passages, `northwest-passage` and
    /// `northern-sea-route`, for every leg. They are closed by default, as ice closes
    /// them most of the year; a leg with a `via` point north of 66N opens them too.
    /// `avoid` still closes each one.
    pub fn with_arctic(mut self, open: bool) -> SeaNetwork {
        self.arctic_open = open;
        self
    }

    /// The names of the passages that can be closed, lowercase and hyphenated.
    pub fn passage_names() -> &'static [&'static str] {
        &passages::NAMES
    }

    /// The canals, narrow straits and inland waterways where network edges may cross
    /// land as Natural Earth draws it: the one list of exceptions to "never over land".
    pub fn narrows(&self) -> &[Narrow] {
        &self.narrows
    }

    /// The land mask the router uses (Natural Earth 10m land at one arc-minute).
    pub fn land(&self) -> &LandGrid {
        &self.land
    }

    /// Every network edge as a polyline, for checks and drawing.
    pub fn edges(&self) -> impl Iterator<Item = Vec<LonLat>> + '_ {
        (0..self.graph.edges.len() as u32).map(|e| self.graph.edge_points(e, false))
    }

    /// The point where the sea lanes cross a passage's gate, for a `via` that names
    /// the passage (`Bosporus`, `Strait of Malacca`, `Kiel Canal`): its canonical name
    /// and the crossing nearest the gate's first end. None for a name that is not a
    /// passage.
    pub fn passage_point(&self, name: &str) -> Option<(String, LonLat)> {
        let i = passages::lookup(name)?;
        let bit: passages::PassageSet = 1 << i;
        let (ga, gb) = self.gates.line(bit)?;
        let mut best: Option<(f64, LonLat)> = None;
        for (e, edge) in self.graph.edges.iter().enumerate() {
            if edge.passages & bit == 0 {
                continue;
            }
            let pts = self.graph.edge_points(e as u32, false);
            for w in pts.windows(2) {
                let a = (w[0].lon(), w[0].lat());
                let b = (land::unwrap_lon(a.0, w[1].lon()), w[1].lat());
                for shift in [0.0, -360.0, 360.0] {
                    let (p3, p4) = ((ga.0 + shift, ga.1), (gb.0 + shift, gb.1));
                    if let Some((x, y)) = passages::crossing(a, b, p3, p4) {
                        let Ok(at) = LonLat::new(land::wrap_lon(x), y) else {
                            continue;
                        };
                        let d = (x - p3.0).hypot(y - p3.1);
                        if best.is_none_or(|(bd, _)| d < bd) {
                            best = Some((d, at));
                        }
                    }
                }
            }
        }
        best.map(|(_, at)| (passages::NAMES[i].to_owned(), at))
    }

    /// Whether a point lies inside one of the named narrows.
    pub fn in_narrows(&self, lon: f64, lat: f64) -> bool {
        self.narrows.iter().any(|n| n.contains(lon, lat))
    }

    /// The shortest way over the network from any source to any target (node, cost
    /// in km to start or finish there), never through a `closed` passage: by the
    /// contraction hierarchy when `closed` is the default it was built for (and its
    /// table passes its checks), else by the landmark A* towards `goal`: the same
    /// answer either way.
    fn shortest(
        &self,
        sources: &[(u32, f64)],
        targets: &[(u32, f64)],
        goal: LonLat,
        closed: passages::PassageSet,
    ) -> Option<Walk> {
        let hierarchy = (closed == hierarchy::CLOSED).then(|| {
            self.hierarchy
                .get_or_init(|| Hierarchy::from_bytes(HIERARCHY_BIN, &self.graph).ok())
        });
        if let Some(Some(h)) = hierarchy {
            h.shortest(&self.graph, sources, targets)
        } else {
            self.graph
                .shortest(sources, targets, goal, closed, &self.landmarks)
        }
    }
}

impl Router for SeaNetwork {
    fn route(&self, req: &LegRequest<'_>) -> Result<RoutedPath, RouteError> {
        route::route(self, req)
    }

    fn passage_point(&self, name: &str) -> Option<(String, LonLat)> {
        SeaNetwork::passage_point(self, name)
    }
}

#[cfg(test)]
mod narrows_tests {
    use super::*;

    #[test]
    fn every_narrows_box_cites_its_source() {
        let all = parse_narrows(NARROWS_CSV).unwrap();
        assert!(all.len() >= 40, "{}", all.len());
        for name in [
            "elbe",
            "thames",
            "houston-ship-channel",
            "mississippi",
            "bosporus",
        ] {
            assert!(all.iter().any(|n| n.name == name), "{name}");
        }
        let bare = "name,min_lon,min_lat,max_lon,max_lat,source\nelbe,9.7,53.5,10.0,53.58,\n";
        assert!(parse_narrows(bare).unwrap_err().contains("no source"));
        let short = "name,min_lon,min_lat,max_lon,max_lat,source\nelbe,9.7,53.5,10.0\n";
        assert!(parse_narrows(short).unwrap_err().contains("line 2"));
    }
}
