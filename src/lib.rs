//! shipmap turns a written account of a shipment into maps: GeoJSON that drops into
//! QGIS, and (as they land) GeoPackage, KML, PNG and SVG. It works offline.
//!
//! The pipeline runs one way: [`spec::parse`] reads a route document,
//! [`builder::build`] resolves places through a [`gazetteer::Gazetteer`] and asks each
//! mode's [`network::Router`] for a path, [`timeline`] checks the dates, and
//! [`export`] writes the outputs. [`load`] runs the first stages in one call.
//!
//! ```
//! use shipmap::{load, spec::Source, Options};
//! let src = Source::chain("42.2456N 130.2967E -sea[2023-09-07..2023-09-12]-> 42.8889N 132.3436E");
//! let doc = load(&src, &Options::default())?;
//! let leg = &doc.routes[0].legs[0];
//! assert_eq!(leg.depart.unwrap().to_string(), "2023-09-07");
//! let geojson = shipmap::export::geojson::write(&doc, shipmap::export::geojson::Part::All);
//! assert!(geojson.contains(r#""depart":"2023-09-07""#));
//! # Ok::<(), shipmap::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod builder;
pub mod date;
pub mod export;
pub mod gazetteer;
pub mod model;
pub mod network;
pub mod render;
pub mod report;
pub mod spec;
pub mod style;
pub mod timeline;

use std::path::PathBuf;

use builder::{BuildError, BuildOptions};
use gazetteer::{Gazetteer, UserPlaces};
use model::{Document, Span, Warning};
use network::Networks;
use spec::{DocumentSpec, Source, SpecError};

/// Options for a run, from the command line.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Run-wide routing rules.
    pub build: BuildOptions,
    /// Fill missing dates from typical speeds (`--estimate`).
    pub estimate: bool,
    /// Treat timeline warnings as errors (`--strict`).
    pub strict: bool,
    /// Extra places file (`--places`: CSV `name,lat,lon[,country]` or GeoJSON points),
    /// consulted after the document's `[[place]]` entries, before the embedded gazetteer.
    pub places: Option<PathBuf>,
    /// A GeoJSON rail network to use instead of the embedded one (`--rail-network`).
    pub rail_network: Option<PathBuf>,
    /// A GeoJSON road network for road legs (`--road-network`); without one, road
    /// legs are drawn as great circles.
    pub road_network: Option<PathBuf>,
}

/// Why a run failed. Each variant knows where in the document and what to do.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The document could not be read.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// The document could not be built.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// A timeline check failed under `--strict`.
    #[error("{}", .0.message)]
    Strict(Warning),
    /// An output could not be written.
    #[error(transparent)]
    Write(#[from] export::WriteError),
    /// An output could not be made.
    #[error(transparent)]
    Gpkg(#[from] export::gpkg::GpkgError),
    /// The `--places` file could not be read.
    #[error(transparent)]
    Places(#[from] gazetteer::PlacesFileError),
    /// The embedded gazetteer is broken (a build problem).
    #[error(transparent)]
    Gazetteer(#[from] gazetteer::embedded::EmbeddedError),
    /// A network (`--rail-network`, `--road-network`, or embedded data) could not be
    /// loaded.
    #[error(transparent)]
    Network(#[from] network::RouteError),
    /// A passage named with `--avoid` does not exist.
    #[error("--avoid: {0}")]
    Avoid(network::RouteError),
    /// A static map (PNG, SVG) could not be drawn.
    #[error(transparent)]
    Render(#[from] render::RenderError),
}

impl Error {
    /// Where in the document the error is, when it is in the document.
    pub fn span(&self) -> Option<Span> {
        match self {
            Error::Spec(e) => Some(e.span()),
            Error::Build(e) => Some(e.span()),
            Error::Strict(w) => w.span,
            Error::Write(_)
            | Error::Gpkg(_)
            | Error::Places(_)
            | Error::Gazetteer(_)
            | Error::Network(_)
            | Error::Avoid(_)
            | Error::Render(_) => None,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Error::Spec(e) => e.help(),
            Error::Build(e) => e.help(),
            Error::Strict(_) => {
                "fix the dates, or leave out --strict to get a warning instead".to_owned()
            }
            Error::Write(e) => e.help(),
            Error::Gpkg(_) => "check that the temporary directory is writable".to_owned(),
            Error::Places(e) => e.help().to_owned(),
            Error::Gazetteer(_) => {
                "this shipmap binary was built with broken gazetteer data; rebuild it".to_owned()
            }
            Error::Network(e) | Error::Avoid(e) => e.help(),
            Error::Render(e) => e.help(),
        }
    }
}

/// Reads, resolves, builds and checks a route document: everything before export.
pub fn load(src: &Source, options: &Options) -> Result<Document, Error> {
    // passages closed for the whole run are checked before any work, so a misspelt
    // one is reported as the option's, not as the first sea leg's
    network::sea::passages::closed_set(&options.build.avoid_passages).map_err(Error::Avoid)?;
    if let Some(km) = options.build.coast_km {
        network::sea::check_coast_km(km)?;
    }
    let spec = spec::parse(src)?;
    let gazetteer = gazetteer_for(&spec, options)?;
    let networks = networks_for(&spec, options)?;
    let mut doc = builder::build(&spec, &gazetteer, &networks, &options.build)?;
    if options.estimate || spec.estimate {
        timeline::estimate(&mut doc);
    }
    let checks = timeline::check(&doc);
    if options.strict {
        if let Some(first) = checks.first() {
            return Err(Error::Strict(first.clone()));
        }
    }
    for warning in checks {
        attach(&mut doc, &warning);
        doc.warnings.push(warning);
    }
    Ok(doc)
}

/// The networks a document needs: rail (the user's file, or the embedded network)
/// only when it has a rail leg, road only from a user file. Loading is skipped for
/// modes the document does not use.
fn networks_for(spec: &DocumentSpec, options: &Options) -> Result<Networks, Error> {
    use model::Mode;
    use network::rail::LandNetwork;
    let uses = |mode: Mode| {
        spec.routes
            .iter()
            .flat_map(|r| r.legs.iter())
            .any(|l| l.mode.value == mode)
    };
    let mut networks = Networks::default();
    if uses(Mode::Rail) {
        let rail = match &options.rail_network {
            Some(path) => LandNetwork::from_geojson_file(path)?,
            None => LandNetwork::embedded_rail()?,
        };
        networks.rail = Some(Box::new(rail));
    }
    if uses(Mode::Sea) {
        let mut sea = network::sea::SeaNetwork::embedded()?;
        if let Some(km) = options.build.coast_km {
            sea = sea.with_coast_km(km)?;
        }
        networks.sea = Some(Box::new(sea));
    }
    if let (true, Some(path)) = (uses(Mode::Road), &options.road_network) {
        networks.road = Some(Box::new(LandNetwork::from_geojson_file(path)?));
    }
    Ok(networks)
}

/// The gazetteer for a document: its own `[[place]]` entries first, then the
/// `--places` file, then the embedded gazetteer.
fn gazetteer_for(spec: &DocumentSpec, options: &Options) -> Result<Gazetteer, Error> {
    let mut user = UserPlaces::default();
    if let Some(path) = &options.places {
        user.load_file(path)?;
    }
    for place in &spec.places {
        user.insert(&place.name.value, place.at.value, place.country.clone());
    }
    let embedded = gazetteer::embedded::EmbeddedGazetteer::load()?;
    Ok(Gazetteer::new(user).with_source(Box::new(embedded)))
}

/// Copies a warning's message onto the leg it concerns, so outputs carry it.
fn attach(doc: &mut Document, warning: &Warning) {
    let leg = doc
        .routes
        .iter_mut()
        .filter(|r| Some(&r.id) == warning.route_id.as_ref())
        .flat_map(|r| r.legs.iter_mut())
        .find(|l| Some(l.index) == warning.leg);
    if let Some(leg) = leg {
        leg.warnings.push(warning.message.clone());
    }
}
