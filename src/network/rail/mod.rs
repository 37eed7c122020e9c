//! Rail and road networks: legs that follow the rails or the roads.
//!
//! A [`LandNetwork`] is a graph of junctions joined by edges that keep every point of
//! the line between them, each point tagged with the country it lies in. The default
//! rail network is embedded in the binary ([`LandNetwork::embedded_rail`]): the
//! OpenStreetMap-derived world railway graph of `scgraph-data` 2.0.0, with Natural
//! Earth countries tagged at data build time (`scripts/build_rail.py`, see
//! `data/README.md`). [`LandNetwork::from_geojson_file`] reads a user's own network.
//!
//! As a [`Router`](super::Router) it snaps each end of a leg to the nearest point of a
//! part of the network that reaches the other end, routes through `via` stations,
//! keeps to the leg's `within` / `avoid_countries` rules, reports the countries passed
//! and simplifies the path to 100 m.
//!
//! ```
//! use shipmap::model::{LonLat, Mode};
//! use shipmap::network::{rail::LandNetwork, LegRequest, Router};
//! let rail = LandNetwork::embedded_rail()?;
//! let p = |lon, lat| LonLat::new(lon, lat).unwrap();
//! let req = LegRequest {
//!     mode: Mode::Rail,
//!     from: p(13.37, 52.52), // Berlin
//!     to: p(21.01, 52.23),   // Warsaw
//!     via: &[], avoid_passages: &[], within: &[], avoid_countries: &[],
//! };
//! let path = rail.route(&req)?;
//! assert_eq!(path.countries, vec!["DE", "PL"]);
//! let km = shipmap::network::great_circle::length_km(&path.points);
//! assert!((520.0..700.0).contains(&km), "{km}");
//! # Ok::<(), shipmap::network::RouteError>(())
//! ```

mod format;
mod geojson;
mod route;
mod simplify;
mod snap;

use std::path::Path;

pub use route::{Search, LONG_CONNECTOR_KM, MIN_CONNECTOR_KM};
pub use simplify::simplify_km;

use super::graph::{Graph, NodeId};
use super::RouteError;
use crate::model::LonLat;
use snap::Grid;

/// The embedded rail network (see `data/README.md`).
static WORLD_RAIL: &[u8] = include_bytes!("../../../data/rail/world_rail.bin");

/// An edge that passes through more than one country.
const MIXED: u16 = u16::MAX;

/// A rail or road network ready to route on.
#[derive(Debug, Clone)]
pub struct LandNetwork {
    /// Where it came from, for messages: `embedded rail` or a file path.
    source: String,
    graph: Graph,
    junctions: Vec<LonLat>,
    junction_country: Vec<u8>,
    /// `interior_start[e]..interior_start[e + 1]` are edge `e`'s interior points.
    interior_start: Vec<u32>,
    interior: Vec<LonLat>,
    interior_country: Vec<u8>,
    /// The one country an edge lies in, or [`MIXED`].
    edge_country: Vec<u16>,
    /// ISO alpha-2 codes; country index `k >= 1` is `codes[k - 1]`, 0 is none.
    codes: Vec<[u8; 2]>,
    component: Vec<u32>,
    grid: Grid,
}

impl LandNetwork {
    /// The embedded world rail network (about 88,000 junctions, 141,000 edges and
    /// 275,000 points), decoded in milliseconds.
    pub fn embedded_rail() -> Result<LandNetwork, RouteError> {
        Self::from_bytes(WORLD_RAIL, "embedded rail network")
    }

    /// Decodes a network in the binary form `scripts/build_rail.py` writes.
    pub fn from_bytes(bytes: &[u8], source: &str) -> Result<LandNetwork, RouteError> {
        let raw = format::decode(bytes).map_err(|reason| RouteError::BadNetwork {
            path: source.to_owned(),
            reason,
        })?;
        Self::from_raw(raw, source)
    }

    /// Reads a user network: a GeoJSON file of LineString or MultiLineString
    /// features (other geometries are skipped). Lines join where they share a point.
    /// Such a network has no country tags, so `within` / `avoid_countries` cannot be
    /// applied on it (legs say so in a warning).
    pub fn from_geojson_file(path: impl AsRef<Path>) -> Result<LandNetwork, RouteError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| RouteError::BadNetwork {
            path: name.clone(),
            reason: e.to_string(),
        })?;
        Self::from_geojson_str(&text, &name)
    }

    /// Like [`LandNetwork::from_geojson_file`], from text; `source` names it in errors.
    pub fn from_geojson_str(text: &str, source: &str) -> Result<LandNetwork, RouteError> {
        let raw = geojson::parse(text).map_err(|reason| RouteError::BadNetwork {
            path: source.to_owned(),
            reason,
        })?;
        Self::from_raw(raw, source)
    }

    fn from_raw(raw: format::Raw, source: &str) -> Result<LandNetwork, RouteError> {
        let bad = |reason: String| RouteError::BadNetwork {
            path: source.to_owned(),
            reason,
        };
        if raw.edges.is_empty() {
            return Err(bad("the network has no edges".to_owned()));
        }
        let graph = Graph::new(&raw.junctions, &raw.edges).map_err(|e| bad(e.to_string()))?;
        let mut edge_country = Vec::with_capacity(raw.edges.len());
        for (e, &(a, b, _)) in raw.edges.iter().enumerate() {
            let (s, t) = (
                raw.interior_start[e] as usize,
                raw.interior_start[e + 1] as usize,
            );
            let ca = raw.junction_country[a as usize];
            let one = raw.junction_country[b as usize] == ca
                && raw.interior_country[s..t].iter().all(|&c| c == ca);
            edge_country.push(if one { u16::from(ca) } else { MIXED });
        }
        let component = graph.components();
        let nj = raw.junctions.len();
        let grid = Grid::new(nj + raw.interior.len(), |i| {
            if i < nj {
                raw.junctions[i]
            } else {
                raw.interior[i - nj]
            }
        });
        Ok(LandNetwork {
            source: source.to_owned(),
            graph,
            junctions: raw.junctions,
            junction_country: raw.junction_country,
            interior_start: raw.interior_start,
            interior: raw.interior,
            interior_country: raw.interior_country,
            edge_country,
            codes: raw.codes,
            component,
            grid,
        })
    }

    /// Where the network came from: `embedded rail network` or the file path.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The routing graph (junctions and edges), e.g. for benchmarks.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Number of points (junctions and the points along edges).
    pub fn point_count(&self) -> usize {
        self.junctions.len() + self.interior.len()
    }

    /// Whether the network carries country tags (the embedded ones do).
    pub fn has_countries(&self) -> bool {
        !self.codes.is_empty()
    }

    /// The ISO alpha-2 code of a country index (0 is none).
    fn code(&self, country: u8) -> Option<&str> {
        let c = self.codes.get((country as usize).checked_sub(1)?)?;
        std::str::from_utf8(c).ok()
    }

    /// The index of an ISO alpha-2 code, if the network knows it.
    fn country_index(&self, code: &str) -> Option<u8> {
        let code = code.trim().to_ascii_uppercase();
        let i = self.codes.iter().position(|c| c[..] == *code.as_bytes())?;
        u8::try_from(i + 1).ok()
    }

    fn point_at(&self, p: u32) -> LonLat {
        let nj = self.junctions.len();
        match (p as usize).checked_sub(nj) {
            None => self.junctions[p as usize],
            Some(i) => self.interior[i],
        }
    }

    fn point_country(&self, p: u32) -> u8 {
        let nj = self.junctions.len();
        match (p as usize).checked_sub(nj) {
            None => self.junction_country[p as usize],
            Some(i) => self.interior_country[i],
        }
    }

    /// The component a point belongs to.
    fn point_component(&self, p: u32) -> u32 {
        self.component[self.junction_of(p) as usize]
    }

    /// The edge interior point `i` lies on (a binary search: `interior_start` is
    /// sorted, and keeping no per-point table saves memory and load time).
    fn edge_of_interior(&self, i: usize) -> u32 {
        let after = self.interior_start.partition_point(|&s| s as usize <= i);
        // interior_start[0] == 0 <= i, so `after` >= 1
        after.saturating_sub(1) as u32
    }

    /// A junction the point is, or the first junction of the edge it lies on.
    fn junction_of(&self, p: u32) -> NodeId {
        let nj = self.junctions.len();
        match (p as usize).checked_sub(nj) {
            None => p,
            Some(i) => self.graph.edge_ends(self.edge_of_interior(i)).0,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::sync::OnceLock;

    pub(crate) fn rail() -> &'static LandNetwork {
        static RAIL: OnceLock<LandNetwork> = OnceLock::new();
        RAIL.get_or_init(|| LandNetwork::embedded_rail().unwrap())
    }

    #[test]
    fn embedded_rail_has_the_documented_size() {
        let r = rail();
        assert_eq!(r.point_count(), 274_974);
        assert_eq!(r.graph().node_count(), 87_653);
        assert_eq!(r.graph().edge_count(), 141_429);
        assert!(r.has_countries());
        let biggest = {
            let mut size = std::collections::HashMap::new();
            for p in 0..r.point_count() as u32 {
                *size.entry(r.point_component(p)).or_insert(0usize) += 1;
            }
            size.into_values().max().unwrap()
        };
        // the issue: the largest connected part has about 163,000 nodes
        assert!((150_000..175_000).contains(&biggest), "{biggest}");
    }

    #[test]
    fn countries_are_tagged() {
        let r = rail();
        assert_eq!(r.country_index("ru").and_then(|i| r.code(i)), Some("RU"));
        assert_eq!(r.country_index("XX"), None);
        assert_eq!(r.code(0), None);
    }

    #[test]
    fn corrupt_embedded_bytes_are_an_error() {
        let err = LandNetwork::from_bytes(&WORLD_RAIL[..1000], "cut").unwrap_err();
        assert!(matches!(err, RouteError::BadNetwork { .. }), "{err:?}");
    }
}
