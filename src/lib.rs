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
pub mod draft;
pub mod export;
pub mod gazetteer;
pub mod licenses;
pub mod model;
pub mod network;
pub mod render;
pub mod report;
pub mod spec;
pub mod style;
pub mod text;
pub mod timeline;
pub mod xml;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use builder::{BuildError, BuildOptions};
use gazetteer::{Gazetteer, UserPlaces};
use model::{Document, Span, Warning};
use network::Networks;
use spec::{DocumentSpec, Source, SpecError};

/// Options for a run, from the command line.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// Run-wide routing rules.
    pub build: BuildOptions,
    /// Fill missing dates from typical speeds (`--estimate`).
    pub estimate: bool,
    /// Treat timeline and place-resolution warnings as errors (`--strict`).
    pub strict: bool,
    /// How to read numeric dates such as `7/9/2023` (`--day-first`, `--month-first`).
    pub date_order: date::DateOrder,
    /// Extra places file (`--places`: CSV `name,lat,lon[,country]` or GeoJSON points),
    /// consulted after the document's `[[place]]` entries, before the embedded gazetteer.
    pub places: Option<PathBuf>,
    /// A GeoJSON rail network to use instead of the embedded one (`--rail-network`).
    pub rail_network: Option<PathBuf>,
    /// A GeoJSON road network for road legs (`--road-network`); without one, road
    /// legs are drawn as great circles.
    pub road_network: Option<PathBuf>,
    /// Map title (`--title`), replacing the document's own.
    pub title: Option<String>,
    /// Map subtitle (`--subtitle`), replacing the document's own.
    pub subtitle: Option<String>,
    /// Source line (`--source`), replacing the document's own.
    pub source: Option<String>,
    /// Maps will be drawn from the document: [`load`] reads the tables they draw
    /// from ([`render::prepare`]) beside decoding the networks, on the other core.
    pub prepare_maps: bool,
}

/// Why a run failed. Each variant knows where in the document and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document could not be read.
    #[error(transparent)]
    Spec(#[from] SpecError),
    /// The document could not be built.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// The dates contradict each other (a leg arrives before it departs, or the chain
    /// leaves a leg no time).
    #[error(transparent)]
    Timeline(#[from] timeline::TimelineError),
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
    /// A command-line value is wrong (`--within XX`, `--name ../x`).
    #[error("{flag}: {message}")]
    Flag {
        /// The option, e.g. `--within`.
        flag: &'static str,
        /// What is wrong.
        message: String,
        /// What to do.
        help: String,
    },
}

impl Error {
    /// Where in the document the error is, when it is in the document.
    pub fn span(&self) -> Option<Span> {
        match self {
            Error::Spec(e) => Some(e.span()),
            Error::Build(e) => Some(e.span()),
            Error::Strict(w) => w.span,
            Error::Timeline(e) => Some(e.span),
            Error::Write(_)
            | Error::Gpkg(_)
            | Error::Places(_)
            | Error::Gazetteer(_)
            | Error::Network(_)
            | Error::Avoid(_)
            | Error::Render(_)
            | Error::Flag { .. } => None,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            Error::Spec(e) => e.help(),
            Error::Build(e) => e.help(),
            Error::Timeline(e) => e.help(),
            Error::Strict(w) if w.code == "ambiguous-place" => {
                "write the qualifier the message gives, or add a [[place]] with coordinates; \
                 or leave out --strict to get a warning instead"
                    .to_owned()
            }
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
            Error::Flag { help, .. } => help.clone(),
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
    check_country_flag("--within", &options.build.within)?;
    check_country_flag("--avoid-countries", &options.build.avoid_countries)?;
    let spec = spec::parse_with(src, options.date_order)?;
    let gazetteer = gazetteer_for(&spec, options)?;
    // The lookup tables the maps read are made while the networks are decoded (the
    // rail network is the longest part of a run's critical path).
    let (networks, ()) = rayon::join(
        || networks_for(&spec, options),
        || {
            if options.prepare_maps {
                render::prepare();
            }
        },
    );
    let networks = networks?;
    let mut doc = builder::build(&spec, &gazetteer, &networks, &options.build)?;
    if options.strict {
        // a place picked in doubt is as wrong as a bad date for a briefing
        if let Some(w) = doc.warnings.iter().find(|w| w.code == "ambiguous-place") {
            return Err(Error::Strict(w.clone()));
        }
    }
    if options.estimate || spec.estimate {
        timeline::estimate(&mut doc);
    }
    set_titles(&mut doc, options);
    doc.embedded_rail = options.rail_network.is_none();
    timeline::windows(&doc)?;
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
    // Rail and sea are decoded side by side (tens of milliseconds each); a rail
    // error is still reported before a sea error, as when read one after the other.
    let rail = || -> Result<Option<Box<dyn network::Router>>, Error> {
        if !uses(Mode::Rail) {
            return Ok(None);
        }
        Ok(Some(match &options.rail_network {
            Some(path) => Box::new(LandNetwork::from_geojson_file(path)?),
            None => Box::new(shared(&EMBEDDED_RAIL, LandNetwork::embedded_rail)?),
        }))
    };
    let sea = || -> Result<Option<Box<dyn network::Router>>, Error> {
        if !uses(Mode::Sea) {
            return Ok(None);
        }
        Ok(Some(match options.build.coast_km {
            None => Box::new(embedded_sea()?),
            // a run-wide --coast-km changes how ends join the sea: a network of its own
            Some(km) => Box::new(network::sea::SeaNetwork::embedded()?.with_coast_km(km)?),
        }))
    };
    let (rail, sea) = rayon::join(rail, sea);
    networks.rail = rail?;
    networks.sea = sea?;
    if let (true, Some(path)) = (uses(Mode::Road), &options.road_network) {
        networks.road = Some(Box::new(LandNetwork::from_geojson_file(path)?));
    }
    Ok(networks)
}

static EMBEDDED_RAIL: OnceLock<Arc<network::rail::LandNetwork>> = OnceLock::new();
static EMBEDDED_SEA: OnceLock<Arc<network::sea::SeaNetwork>> = OnceLock::new();

/// The embedded sea network, decoded once per process and shared: the builder's sea
/// legs and the map's open straits ([`render`]) read the same copy.
pub(crate) fn embedded_sea() -> Result<Arc<network::sea::SeaNetwork>, network::RouteError> {
    shared(&EMBEDDED_SEA, network::sea::SeaNetwork::embedded)
}

/// An embedded network, read on first use and shared afterwards: a process that
/// builds many documents (the Python package in a Dask worker, a batch run) decodes
/// each network once. A failed read is not kept, so it is reported every time.
fn shared<T>(
    cell: &OnceLock<Arc<T>>,
    read: impl FnOnce() -> Result<T, network::RouteError>,
) -> Result<Arc<T>, network::RouteError> {
    if let Some(n) = cell.get() {
        return Ok(Arc::clone(n));
    }
    let n = Arc::new(read()?);
    Ok(Arc::clone(cell.get_or_init(|| n)))
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

/// Refuses a country flag value that is not an ISO 3166-1 alpha-2 code, suggesting the
/// code when the value names a country (`--within Russia`, `--within RUS`).
fn check_country_flag(flag: &'static str, codes: &[String]) -> Result<(), Error> {
    for code in codes {
        if let Err((message, help)) = spec::check_country_code(code) {
            return Err(Error::Flag {
                flag,
                message,
                help,
            });
        }
    }
    Ok(())
}

/// Applies `--title`, `--subtitle` and `--source` over the document's own, and makes
/// all three safe for every output: one line, control characters escaped, cut to a
/// length a map can show (with a warning when cut or changed).
fn set_titles(doc: &mut Document, options: &Options) {
    let fields: [(&str, &mut Option<String>, &Option<String>, usize); 3] = [
        (
            "title",
            &mut doc.title,
            &options.title,
            text::MAX_TITLE_CHARS,
        ),
        (
            "subtitle",
            &mut doc.subtitle,
            &options.subtitle,
            text::MAX_TITLE_CHARS,
        ),
        (
            "source",
            &mut doc.source,
            &options.source,
            text::MAX_SOURCE_CHARS,
        ),
    ];
    let mut notes = Vec::new();
    for (what, value, given, max) in fields {
        if let Some(g) = given {
            *value = Some(g.clone());
        }
        let Some(v) = value.as_deref() else { continue };
        let (clean, changed) = text::clean_line(v, max);
        if changed {
            let long = v.chars().nth(max).is_some();
            notes.push(Warning {
                code: "title-cleaned".to_owned(),
                message: if long {
                    format!(
                        "the {what} is longer than {max} characters; it is cut to \"{}\"",
                        text::cut(&clean, 60)
                    )
                } else {
                    format!(
                        "the {what} holds line breaks or control characters; shown as \"{}\"",
                        text::cut(&clean, 60)
                    )
                },
                route_id: None,
                leg: None,
                span: None,
            });
        }
        *value = (!clean.is_empty()).then_some(clean);
    }
    doc.warnings.extend(notes);
}

/// The base name of a document's output files when `--name` is not given, and
/// whether it was made up (so another document may already have used it).
///
/// A file gives its stem (`dprk-russia-2023`). A chain or standard input gives its
/// first and last places, ASCII only (`najin-tikhoretsk`); when neither place leaves
/// any letters (`Тихорецк` with no Latin name), `route`.
///
/// ```
/// use shipmap::{load, output_name, spec::Source, Options};
/// let src = Source::chain("42.2456N 130.2967E -sea-> 42.8889N 132.3436E");
/// let doc = load(&src, &Options::default())?;
/// assert_eq!(output_name(&src, &doc), ("42-2456n-130-2967e-42-8889n-132-3436e".to_owned(), true));
/// # Ok::<(), shipmap::Error>(())
/// ```
pub fn output_name(src: &Source, doc: &Document) -> (String, bool) {
    if src.form != spec::Form::Chain && src.name != "<stdin>" {
        return (src.stem(), false);
    }
    let first = doc
        .routes
        .first()
        .and_then(|r| r.legs.first())
        .map(|l| text::slug(&l.from.name));
    let last = doc
        .routes
        .last()
        .and_then(|r| r.legs.last())
        .map(|l| text::slug(&l.to.name));
    let parts: Vec<String> = [first, last]
        .into_iter()
        .flatten()
        .filter(|s| !s.is_empty())
        .map(|s| {
            text::cut(&s, 40)
                .trim_end_matches('…')
                .trim_matches('-')
                .to_owned()
        })
        .collect();
    let name = parts.join("-");
    if name.is_empty() {
        ("route".to_owned(), true)
    } else {
        (name, true)
    }
}

/// Checks a `--name`: a plain file name, no folders (`/`, `\`), not `.` or `..`, no
/// control characters, not empty, at most 200 bytes.
pub fn check_output_name(name: &str) -> Result<(), Error> {
    let bad = |message: &str| {
        Err(Error::Flag {
            flag: "--name",
            message: format!(
                "`{}` {message}",
                text::escape_controls(&text::cut(name, 60))
            ),
            help: "give a plain file name such as `najin-dunay`; choose the folder with -o"
                .to_owned(),
        })
    };
    if name.trim().is_empty() {
        return bad("is empty");
    }
    if name.contains(['/', '\\']) {
        return bad("is a path, not a file name");
    }
    if name == "." || name == ".." {
        return bad("is not a file name");
    }
    if name.chars().any(text::is_control) {
        return bad("holds control characters");
    }
    if name.len() > 200 {
        return bad("is longer than 200 bytes");
    }
    Ok(())
}

/// The first of `base`, `base-2`, `base-3`, ... whose files (`names`, each starting
/// with `base`) are all absent from `dir`.
pub fn free_name(dir: &std::path::Path, base: &str, names: &[String]) -> String {
    let taken = |b: &str| {
        names.iter().any(|n| {
            dir.join(format!("{b}{}", &n[base.len().min(n.len())..]))
                .exists()
        })
    };
    if !taken(base) {
        return base.to_owned();
    }
    (2..10_000)
        .map(|i| format!("{base}-{i}"))
        .find(|b| !taken(b))
        .unwrap_or_else(|| format!("{base}-{}", std::process::id()))
}
