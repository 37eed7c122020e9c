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
mod join;
mod route;
mod simplify;
mod snap;

use std::path::Path;

pub use join::{GapJoin, USER_JOIN_KM};
pub use route::{Search, BORDER_FLICKER_KM, LONG_CONNECTOR_KM, MIN_CONNECTOR_KM};
pub(crate) use simplify::pieces as simplify_pieces;
pub use simplify::simplify_km;

use super::graph::{EdgeId, Graph, NodeId};
use super::RouteError;
use crate::model::LonLat;
use snap::Grid;

/// The embedded rail network (see `data/README.md`).
static WORLD_RAIL: &[u8] = include_bytes!("../../../data/rail/world_rail.bin");

/// An edge that passes through more than one country.
const MIXED: u16 = u16::MAX;

/// The largest user network file read (`--rail-network`, `--road-network`):
/// 1 GiB. Reading takes about 5 bytes of memory a byte of GeoJSON (the points,
/// edges and the search graph; BENCHMARKS.md), so 1 GiB needs about 5 GB.
pub const MAX_NETWORK_FILE_BYTES: u64 = 1 << 30;

/// Searches cost an edge that is not on a main line this many times its length, so
/// that a leg keeps to the main lines (the Trans-Siberian over the Baikal-Amur) unless
/// a branch saves more than this share of the distance. Main lines are the named
/// trunk routes of `data/rail/main_lines.csv`, marked at build time. 1.2 keeps
/// Moscow-Vladivostok on the Trans-Siberian (the Baikal-Amur way is about 10% shorter
/// on the network) while a branch that saves a fifth of the way is still taken.
/// Networks with no main line (user networks) are not weighted.
pub const NON_MAIN_COST_FACTOR: f64 = 1.2;

/// Searches add this many km to an edge for each border it crosses: a rail border
/// crossing means customs, often a change of gauge, and hours or days of waiting, so
/// freight does not leave a country and come back to save a few hundred km
/// (Moscow-Vladivostok keeps to the Trans-Siberian rather than cutting across
/// Manchuria). Legs whose ends lie in different countries still cross where the
/// network leads; `within` and `avoid_countries` still rule.
pub const BORDER_COST_KM: f64 = 500.0;

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
    /// Per interior point: km along its edge from the edge's first junction, by the
    /// stored length (empty for user networks, whose edges have no interior points).
    interior_km: Vec<f32>,
    /// The one country an edge lies in, or [`MIXED`].
    edge_country: Vec<u16>,
    /// ISO alpha-2 codes; country index `k >= 1` is `codes[k - 1]`, 0 is none.
    codes: Vec<[u8; 2]>,
    component: Vec<u32>,
    grid: Grid,
    /// Gaps joined when a user network was read; their edges are the last ones,
    /// from `first_join_edge` on.
    joins: Vec<GapJoin>,
    first_join_edge: usize,
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
    ///
    /// The file is read as a stream, never held whole in memory; files over
    /// [`MAX_NETWORK_FILE_BYTES`] are refused, with their size, before reading.
    pub fn from_geojson_file(path: impl AsRef<Path>) -> Result<LandNetwork, RouteError> {
        let path = path.as_ref();
        let name = path.display().to_string();
        let bad = |reason: String| RouteError::BadNetwork {
            path: name.clone(),
            reason,
        };
        let file = std::fs::File::open(path).map_err(|e| bad(e.to_string()))?;
        let bytes = file.metadata().map_err(|e| bad(e.to_string()))?.len();
        if bytes > MAX_NETWORK_FILE_BYTES {
            return Err(bad(format!(
                "the file is {}, over the limit of {} for a network file;                  cut it to the region the legs cross",
                crate::text::byte_size(bytes),
                crate::text::byte_size(MAX_NETWORK_FILE_BYTES)
            )));
        }
        let reader = std::io::BufReader::with_capacity(1 << 16, file);
        let (raw, joins) = geojson::parse_reader(reader).map_err(bad)?;
        Self::with_joins(raw, joins, &name)
    }

    /// Like [`LandNetwork::from_geojson_file`], from text; `source` names it in errors.
    pub fn from_geojson_str(text: &str, source: &str) -> Result<LandNetwork, RouteError> {
        let (raw, joins) = geojson::parse(text).map_err(|reason| RouteError::BadNetwork {
            path: source.to_owned(),
            reason,
        })?;
        Self::with_joins(raw, joins, source)
    }

    fn with_joins(
        raw: format::Raw,
        joins: Vec<GapJoin>,
        source: &str,
    ) -> Result<LandNetwork, RouteError> {
        let mut net = Self::from_raw(raw, source)?;
        net.first_join_edge = net.graph.edge_count() - joins.len();
        net.joins = joins;
        Ok(net)
    }

    fn from_raw(raw: format::Raw, source: &str) -> Result<LandNetwork, RouteError> {
        let bad = |reason: String| RouteError::BadNetwork {
            path: source.to_owned(),
            reason,
        };
        if raw.edges.is_empty() {
            return Err(bad("the network has no edges".to_owned()));
        }
        // The search graph and the point grid are independent: built side by side
        // (the embedded network is decoded on the critical path of a map run).
        let nj = raw.junctions.len();
        let (graph, (grid, (edge_country, crossings))) = rayon::join(
            || -> Result<_, String> {
                let graph = Graph::new(&raw.junctions, &raw.edges).map_err(|e| e.to_string())?;
                let component = graph.components();
                Ok((graph, component))
            },
            || {
                let grid = Grid::new(nj + raw.interior.len(), |i| {
                    if i < nj {
                        raw.junctions[i]
                    } else {
                        raw.interior[i - nj]
                    }
                });
                (grid, countries_of_edges(&raw))
            },
        );
        let (mut graph, component) = graph.map_err(bad)?;
        let weighted = raw.edge_class.contains(&1);
        if weighted || !crossings.is_empty() {
            let class = &raw.edge_class;
            // the border cost of each edge that crosses, in edge order
            let extra: Vec<(u32, f64)> = crossings
                .iter()
                .map(|&(e, n)| {
                    (
                        e,
                        f64::from(n) * BORDER_COST_KM / graph.edge_km(e).max(0.001),
                    )
                })
                .collect();
            let next = std::cell::Cell::new(0usize); // edges are asked for in order
            graph.set_cost_factors(|e| {
                let base = match class.get(e as usize) {
                    Some(0) if weighted => NON_MAIN_COST_FACTOR,
                    _ => 1.0,
                };
                let mut i = next.get();
                if extra.get(i.wrapping_sub(1)).is_some_and(|x| x.0 >= e) {
                    i = extra.partition_point(|x| x.0 < e);
                }
                while extra.get(i).is_some_and(|x| x.0 < e) {
                    i += 1;
                }
                next.set(i);
                match extra.get(i) {
                    Some(&(at, add)) if at == e => base + add,
                    _ => base,
                }
            });
        }
        let raw_edge_count = raw.edges.len();
        Ok(LandNetwork {
            source: source.to_owned(),
            graph,
            junctions: raw.junctions,
            junction_country: raw.junction_country,
            interior_start: raw.interior_start,
            interior: raw.interior,
            interior_country: raw.interior_country,
            interior_km: raw.interior_km,
            edge_country,
            codes: raw.codes,
            component,
            grid,
            joins: Vec::new(),
            first_join_edge: raw_edge_count,
        })
    }

    /// Gaps between line ends and other lines that were joined when a user network
    /// was read (line ends within [`USER_JOIN_KM`] of a line they could not reach
    /// otherwise). The embedded network's joins are made at build time and listed
    /// in `data/rail/joins.csv`, so this is empty for it.
    pub fn joins(&self) -> &[GapJoin] {
        &self.joins
    }

    /// Whether an edge is a join made when a user network was read.
    fn is_join(&self, e: EdgeId) -> bool {
        e as usize >= self.first_join_edge
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

/// Each edge's one country (or [`MIXED`]), and the edges that cross borders with
/// how many times they cross.
fn countries_of_edges(raw: &format::Raw) -> (Vec<u16>, Vec<(u32, u32)>) {
    let mut border_crossings: Vec<(u32, u32)> = Vec::new(); // (edge, crossings)
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
        if !one {
            let along = std::iter::once(ca)
                .chain(raw.interior_country[s..t].iter().copied())
                .chain(std::iter::once(raw.junction_country[b as usize]));
            let mut last = 0u8;
            let mut n = 0u32;
            for c in along.filter(|&c| c != 0) {
                n += u32::from(last != 0 && c != last);
                last = c;
            }
            if n > 0 {
                border_crossings.push((e as u32, n));
            }
        }
    }
    (edge_country, border_crossings)
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
        assert_eq!(r.point_count(), 277_587);
        assert_eq!(r.graph().node_count(), 86_043);
        assert_eq!(r.graph().edge_count(), 143_465);
        assert!(r.has_countries());
        let biggest = {
            let mut size = std::collections::HashMap::new();
            for p in 0..r.point_count() as u32 {
                *size.entry(r.point_component(p)).or_insert(0usize) += 1;
            }
            size.into_values().max().unwrap()
        };
        // issue 20: the largest connected part had about 163,000 of 275,000 points
        // before the build joined false gaps
        assert!((185_000..200_000).contains(&biggest), "{biggest}");
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
