//! The route builder: [`DocumentSpec`] + [`Gazetteer`] + [`Networks`] → [`Document`].
//!
//! It resolves every name (recording doubts as warnings), chains legs (a leg without
//! `from` starts where the previous one ended), asks each mode's network for a path,
//! and measures it. Dates pass through unchanged; `timeline` checks them afterwards.

use std::collections::HashMap;

use crate::gazetteer::{Gazetteer, Query, ResolveError};
use crate::model::{Document, Leg, Mode, Place, PlaceKind, Route, Span, Warning};
use crate::network::great_circle::{distance_km, length_km};
use crate::network::{LegRequest, Networks, RouteError, RoutedPath, Router};
use crate::spec::{DocumentSpec, LegSpec, RouteSpec, Spanned};

/// Two ends closer than this are the same stop: a leg may start here when the
/// previous one ended there (a port and its town often sit a few km apart).
pub const SAME_STOP_KM: f64 = 5.0;

/// A city's port record this close to it is where its sea legs start and end (the
/// port of Tokyo, 10 km from the city's centre); a port and the town of the same
/// name this close are also one stop between legs.
pub const PORT_TOWN_KM: f64 = crate::gazetteer::TOWN_PORT_KM;

/// Called after each leg is built with (legs built, legs in all), for a progress bar.
#[derive(Clone)]
pub struct OnLeg(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for OnLeg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OnLeg(..)")
    }
}

/// Run-wide rules, from the command line; they add to each leg's own.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct BuildOptions {
    /// Told after each leg is built (the CLI's progress bar); prints nothing itself.
    pub on_leg: Option<OnLeg>,
    /// Sea passages closed for every sea leg (`--avoid`).
    pub avoid_passages: Vec<String>,
    /// Countries every rail and road leg must stay inside (`--within`).
    pub within: Vec<String>,
    /// Countries every rail and road leg must stay out of (`--avoid-countries`).
    pub avoid_countries: Vec<String>,
    /// How far (km) a sea leg's end may lie from navigable water (`--coast-km`);
    /// None for the network's default.
    pub coast_km: Option<f64>,
    /// The vessel of every sea leg (`--vessel`): it is kept out of the passages it
    /// does not fit. None: no limit.
    pub vessel: Option<crate::network::sea::vessels::Vessel>,
}

/// Why a document could not be built. Each variant says where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A name could not be resolved.
    #[error("{error}")]
    Place {
        /// What went wrong.
        error: ResolveError,
        /// The name in the document.
        span: Span,
    },
    /// A network could not make a path for a leg.
    #[error("route `{route_id}`, leg {leg}: {ends}{error}")]
    Path {
        /// What went wrong (boxed: routing errors carry coordinates and hints).
        error: Box<RouteError>,
        /// Which places the leg's names resolved to (`from X = Amirabad, ..., PK
        /// (city); `), so a wrong pick shows before any hint about coordinates.
        ends: String,
        /// The route.
        route_id: String,
        /// The 1-based leg.
        leg: usize,
        /// The leg in the document.
        span: Span,
    },
    /// A leg starts somewhere other than where the previous leg ended.
    #[error("route `{route_id}`, leg {leg} starts at {starts} but leg {} ended at {ended}, {gap_km:.0} km away", leg - 1)]
    Gap {
        /// The route.
        route_id: String,
        /// The 1-based leg that does not connect.
        leg: usize,
        /// Where the previous leg ended.
        ended: String,
        /// Where this leg starts.
        starts: String,
        /// The distance between them.
        gap_km: f64,
        /// This leg's `from`.
        span: Span,
    },
    /// A rail or road leg starts or ends in a country its rules exclude.
    #[error("route `{route_id}`, leg {leg} {what}")]
    EndCountry {
        /// The route.
        route_id: String,
        /// The 1-based leg.
        leg: usize,
        /// The end, the place, its country and the rule it breaks:
        /// `starts at Najin (Rajin), KP, outside within = [RU]`.
        what: String,
        /// The place's name in the document (or the leg, when `from` is left out).
        span: Span,
    },
}

impl BuildError {
    /// Where in the document the error is.
    pub fn span(&self) -> Span {
        match self {
            BuildError::Place { span, .. }
            | BuildError::Path { span, .. }
            | BuildError::Gap { span, .. }
            | BuildError::EndCountry { span, .. } => *span,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            BuildError::Place { error, .. } => error.help(),
            BuildError::Path { error, .. } => error.help(),
            BuildError::Gap { .. } => "leave `from` out to continue from where the previous leg \
                                       ended, or start a new [[route]] for a separate shipment"
                .to_owned(),
            BuildError::EndCountry { .. } => {
                "the rule applies to the whole leg, its ends included: \
                 check whether `from` and `to` are swapped, or widen `within` / narrow \
                 `avoid_countries` (a crossing into another country needs its own leg, \
                 or that country in `within`)"
                    .to_owned()
            }
        }
    }
}

/// Builds every route of a document.
///
/// ```
/// use shipmap::{builder, gazetteer::Gazetteer, network::Networks, spec};
/// let doc = spec::parse(&spec::Source::chain("42.2456N 130.2967E -sea-> 42.8889N 132.3436E"))?;
/// let built = builder::build(&doc, &Gazetteer::default(), &Networks::default(), &Default::default())?;
/// assert!((built.routes[0].legs[0].distance_km - 182.6).abs() < 0.5);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn build(
    spec: &DocumentSpec,
    gazetteer: &Gazetteer,
    networks: &Networks,
    options: &BuildOptions,
) -> Result<Document, BuildError> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Routes are independent shipments: built in parallel, each with its own
    // warnings, then put back in document order, so the output does not depend on
    // scheduling. The first error in document order wins, as before.
    let total: usize = spec.routes.iter().map(|r| r.legs.len()).sum();
    let paths = PathCache::default();
    let done = AtomicUsize::new(0);
    let built: Vec<Result<(Route, Vec<Warning>), BuildError>> = spec
        .routes
        .par_iter()
        .map(|route| {
            let mut warnings = Vec::new();
            let r = build_route(route, gazetteer, networks, &paths, options, &mut warnings)?;
            let now = done.fetch_add(route.legs.len(), Ordering::Relaxed) + route.legs.len();
            if let Some(on_leg) = &options.on_leg {
                (on_leg.0)(now, total);
            }
            Ok((r, warnings))
        })
        .collect();
    let mut warnings = Vec::new();
    let mut routes = Vec::with_capacity(spec.routes.len());
    // `[[place]]` labels by place id, looked up once per stop (a scan of every
    // place for every stop was quadratic in a batch with many places)
    let mut labels: std::collections::HashMap<String, Option<&str>> =
        std::collections::HashMap::new();
    for p in &spec.places {
        // the first entry of a name, as a scan would find it
        labels
            .entry(format!("user:{}", p.name.value))
            .or_insert(p.label.as_ref().map(|l| l.value.as_str()));
    }
    for result in built {
        let (mut route, route_warnings) = result?;
        // a [[place]]'s `label` is printed wherever the place is a stop
        for leg in &mut route.legs {
            for place in std::iter::once(&mut leg.from)
                .chain(std::iter::once(&mut leg.to))
                .chain(leg.via.iter_mut())
            {
                if let Some(Some(label)) = labels.get(&place.id) {
                    apply_label(place, label);
                }
            }
        }
        routes.push(route);
        warnings.extend(route_warnings);
    }
    Ok(Document {
        title: spec.title.clone(),
        subtitle: spec.subtitle.clone(),
        source: spec.source.clone(),
        routes,
        warnings,
        // the builder does not know where its networks came from; `load` says
        embedded_rail: false,
    })
}

/// Paths already made in this build, by request: a batch of shipments repeats its
/// lanes (the same ports, the same railheads), and routing is a pure function of
/// the request, so an identical leg gets the same path without a second search.
#[derive(Default)]
struct PathCache(std::sync::Mutex<HashMap<String, Result<RoutedPath, RouteError>>>);

impl PathCache {
    /// The path for `request`, made by `router` unless an identical request was
    /// made before. Two threads asking at once may both search; they find the same.
    fn route(&self, router: &dyn Router, request: &LegRequest) -> Result<RoutedPath, RouteError> {
        // Debug prints every float exactly (shortest round trip), so equal keys
        // are equal requests.
        let key = format!("{request:?}");
        let known = self.0.lock().ok().and_then(|m| m.get(&key).cloned());
        if let Some(result) = known {
            return result;
        }
        let result = router.route(request);
        if let Ok(mut m) = self.0.lock() {
            m.insert(key, result.clone());
        }
        result
    }
}

fn build_route(
    spec: &RouteSpec,
    gazetteer: &Gazetteer,
    networks: &Networks,
    paths: &PathCache,
    options: &BuildOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Route, BuildError> {
    use rayon::prelude::*;
    // Names first, in order: a leg's `from` defaults to the previous leg's `to`,
    // and each name is resolved near the other end. Then the paths, which depend
    // only on their own leg's places, in parallel; the legs and their warnings are
    // put back in leg order, and the first error in leg order wins, as when legs
    // were built one after the other.
    let mut prepared: Vec<Prepared> = Vec::with_capacity(spec.legs.len());
    let mut resolve_error = None;
    let mut prev_to: Option<Place> = None;
    for (i, leg) in spec.legs.iter().enumerate() {
        match prepare_leg(
            spec,
            i + 1,
            leg,
            prev_to.as_ref(),
            gazetteer,
            networks,
            options,
        ) {
            Ok(p) => {
                prev_to = Some(p.to.clone());
                prepared.push(p);
            }
            Err(e) => {
                resolve_error = Some(e);
                break;
            }
        }
    }
    let built: Vec<Result<(Leg, Vec<Warning>), BuildError>> = prepared
        .into_par_iter()
        .map(|p| {
            let mut leg_warnings = p.warnings;
            let noted = leg_warnings.len();
            let mut built = build_leg(
                spec,
                p.index,
                p.leg,
                p.from,
                p.to,
                p.via.clone(),
                networks,
                paths,
                options,
                &mut leg_warnings,
            );
            // a port record the sea data cannot reach (a quay up a river the land
            // mask closes, as Guangzhou's) must not fail a leg its town would build
            if let (Err(_), Some((from_town, to_town))) = (&built, p.towns) {
                leg_warnings.truncate(noted);
                built = build_leg(
                    spec,
                    p.index,
                    p.leg,
                    from_town,
                    to_town,
                    p.via,
                    networks,
                    paths,
                    options,
                    &mut leg_warnings,
                );
            }
            if let Ok(leg) = &mut built {
                name_crossings(leg, gazetteer, &spec.id, &mut leg_warnings);
            }
            built.map(|leg| (leg, leg_warnings))
        })
        .collect();
    let mut legs: Vec<Leg> = Vec::with_capacity(spec.legs.len());
    for result in built {
        let (leg, leg_warnings) = result?;
        warnings.extend(leg_warnings);
        legs.push(leg);
    }
    if let Some(e) = resolve_error {
        return Err(e);
    }
    let name = spec
        .name
        .clone()
        .unwrap_or_else(|| match (legs.first(), legs.last()) {
            (Some(first), Some(last)) => format!("{} to {}", first.from.name, last.to.name),
            _ => spec.id.clone(),
        });
    Ok(Route {
        id: spec.id.clone(),
        name,
        legs,
    })
}

/// A leg with its places resolved, ready to be routed.
struct Prepared<'a> {
    index: usize,
    leg: &'a LegSpec,
    from: Place,
    to: Place,
    via: Vec<Place>,
    /// The towns a sea leg's ends named, when `from`/`to` are their port records:
    /// the leg is built from the towns if the ports cannot be reached.
    towns: Option<(Place, Place)>,
    /// Warnings from resolving its names.
    warnings: Vec<Warning>,
}

/// Resolves a leg's places: `from` (or the previous leg's end), `to` and `via`,
/// and checks its ends against the country rules.
fn prepare_leg<'a>(
    spec: &RouteSpec,
    index: usize,
    leg: &'a LegSpec,
    previous_to: Option<&Place>,
    gazetteer: &Gazetteer,
    networks: &Networks,
    options: &BuildOptions,
) -> Result<Prepared<'a>, BuildError> {
    let mut leg_warnings = Vec::new();
    let mut resolver = Resolver {
        gazetteer,
        route_id: &spec.id,
        leg: index,
        warnings: &mut leg_warnings,
    };
    let within: &[String] = if leg.within.is_empty() {
        &options.within
    } else {
        &leg.within
    };
    let context = Context {
        mode: leg.mode.value,
        within,
    };
    let mut from = match (&leg.from, previous_to) {
        (Some(name), previous) => {
            // The leg's other end is evidence for this one (Khasan by rail from
            // Rajin is Khasan, RU): a first guess at it, without context.
            let other = gazetteer
                .resolve(&Query {
                    mode: Some(leg.mode.value),
                    within,
                    ..Query::new(&leg.to.value)
                })
                .ok()
                .map(|r| r.place);
            let place = resolver.place(name, &context, other.as_ref(), false)?;
            if let Some(prev) = previous {
                check_connects(&spec.id, index, prev, &place, name.span)?;
            }
            place
        }
        (None, Some(prev)) => prev.clone(),
        // spec::parse guarantees the first leg has a `from`; say so if not.
        (None, None) => {
            return Err(BuildError::Place {
                error: ResolveError::Empty,
                span: leg.span,
            })
        }
    };
    if let Some(label) = &leg.from_label {
        apply_label(&mut from, &label.value);
    }
    let mut to = resolver.place(&leg.to, &context, Some(&from), false)?;
    if let Some(label) = &leg.to_label {
        apply_label(&mut to, &label.value);
    }
    // a sea leg's city is its port, when the gazetteer has one close by
    let towns = (from.clone(), to.clone());
    let (from, to) = match (leg.mode.value, &leg.from) {
        (Mode::Sea, Some(_)) => (port_of(gazetteer, from), port_of(gazetteer, to)),
        (Mode::Sea, None) => (from, port_of(gazetteer, to)),
        _ => (from, to),
    };
    let towns = (from != towns.0 || to != towns.1).then_some(towns);
    // in a sea leg, a via naming a passage (`Bosporus`) forces it: checked before
    // the gazetteer, which may know a town of that name
    let passage = |name: &str| match leg.mode.value {
        Mode::Sea => networks.router(Mode::Sea).passage_point(name),
        _ => None,
    };
    let via = leg
        .via
        .iter()
        .map(|v| match passage(&v.value) {
            Some((name, at)) => Ok(passage_place(&from, name, at)),
            None => resolver.place(v, &context, Some(&from), true),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let from_span = leg.from.as_ref().map_or(leg.span, |f| f.span);
    let from_written = leg.from.as_ref().map(|f| f.value.as_str());
    check_end_countries(
        &spec.id,
        index,
        leg,
        options,
        [
            ("starts", &from, from_written, from_span),
            ("ends", &to, Some(leg.to.value.as_str()), leg.to.span),
        ],
    )?;
    Ok(Prepared {
        index,
        leg,
        from,
        to,
        via,
        towns,
        warnings: leg_warnings,
    })
}

#[allow(clippy::too_many_arguments)] // one call site; a struct would only rename these
fn build_leg(
    route: &RouteSpec,
    index: usize,
    leg: &LegSpec,
    from: Place,
    to: Place,
    via: Vec<Place>,
    networks: &Networks,
    paths: &PathCache,
    options: &BuildOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Leg, BuildError> {
    let via_points: Vec<_> = via.iter().map(|p| p.at).collect();
    let mut avoid: Vec<String> = options.avoid_passages.clone();
    avoid.extend(leg.avoid.iter().map(|a| a.value.to_ascii_lowercase()));
    let within = if leg.within.is_empty() {
        &options.within
    } else {
        &leg.within
    };
    let mut avoid_countries = options.avoid_countries.clone();
    avoid_countries.extend(leg.avoid_countries.iter().cloned());
    // a vessel is kept out of the passages it does not fit, and the leg says which
    let vessel = leg_vessel(leg, options).map_err(|(error, span)| BuildError::Path {
        error: Box::new(error),
        ends: String::new(),
        route_id: route.id.clone(),
        leg: index,
        span,
    })?;
    let vessel = vessel.as_ref();
    let mut vessel_note = None;
    if let Some(v) = vessel {
        let closures = v.closures().map_err(|reason| BuildError::Path {
            error: Box::new(RouteError::BadNetwork {
                path: "embedded data/sea/passage_limits.csv".to_owned(),
                reason,
            }),
            ends: String::new(),
            route_id: route.id.clone(),
            leg: index,
            span: leg.span,
        })?;
        if !closures.is_empty() {
            let list: Vec<String> = closures
                .iter()
                .map(|c| format!("{} ({})", c.passage, c.reason))
                .collect();
            vessel_note = Some(format!(
                "{} does not fit, so is kept out of: {}",
                v.describe(),
                list.join("; ")
            ));
        }
        avoid.extend(closures.iter().map(|c| c.passage.to_owned()));
    }
    let request = LegRequest {
        mode: leg.mode.value,
        from: from.at,
        to: to.at,
        via: &via_points,
        avoid_passages: &avoid,
        within,
        avoid_countries: &avoid_countries,
    };
    let routed = paths
        .route(networks.router(leg.mode.value), &request)
        .map_err(|error| {
            // a misspelt passage is shown where it is written, when it is in the leg
            let span = match &error {
                RouteError::UnknownPassage { name, .. } => leg
                    .avoid
                    .iter()
                    .find(|a| a.value == *name)
                    .map_or(leg.span, |a| a.span),
                _ => leg.span,
            };
            // name the ends the router gives by coordinates (an end too far inland)
            let error = match error {
                RouteError::NoPath {
                    mode,
                    from: at_from,
                    to: at_to,
                    reason,
                    help,
                } => RouteError::NoPath {
                    mode,
                    from: at_from,
                    to: at_to,
                    reason: reason
                        .replace(
                            &format!("the start ({at_from})"),
                            &format!("the start, {} ({at_from}),", from.name),
                        )
                        .replace(
                            &format!("the end ({at_to})"),
                            &format!("the end, {} ({at_to}),", to.name),
                        ),
                    help,
                },
                other => other,
            };
            // say which vessel closed the passages that cut the way off
            let error = match (error, vessel) {
                (
                    RouteError::NoPath {
                        mode,
                        from,
                        to,
                        reason,
                        help,
                    },
                    Some(v),
                ) => RouteError::NoPath {
                    mode,
                    from,
                    to,
                    reason: format!("{reason} for {}", v.describe()),
                    help: format!("{help}; or give a smaller vessel (--vessel)"),
                },
                (error, _) => error,
            };
            BuildError::Path {
                error: Box::new(error),
                ends: ends_resolved(leg, &from, &to),
                route_id: route.id.clone(),
                leg: index,
                span,
            }
        })?;
    let mut routed = routed;
    one_antimeridian(&mut routed.points);
    if from.id == to.id || distance_km(from.at, to.at) < SAME_PLACE_KM {
        // the sea router says so itself; every other mode says it here
        if !routed.warnings.iter().any(|w| w.contains("same place")) {
            routed.warnings.push(format!(
                "the leg starts and ends at the same place ({}); check its `from` and `to`",
                from.name
            ));
        }
    }
    let mut leg_warnings = Vec::new();
    for message in routed.warnings.into_iter().chain(vessel_note) {
        leg_warnings.push(message.clone());
        warnings.push(Warning {
            code: "network".to_owned(),
            message: format!("route `{}`, leg {index}: {message}", route.id),
            route_id: Some(route.id.clone()),
            leg: Some(index),
            span: Some(leg.span),
        });
    }
    // Ambiguity warnings noted while resolving this leg's names belong to it too.
    leg_warnings.extend(
        warnings
            .iter()
            .filter(|w| {
                w.route_id.as_deref() == Some(&route.id)
                    && w.leg == Some(index)
                    && w.code != "network"
            })
            .map(|w| w.message.clone()),
    );
    Ok(Leg {
        index,
        mode: leg.mode.value,
        distance_km: routed
            .length_km
            .unwrap_or_else(|| length_km(&routed.points)),
        from,
        to,
        depart: leg.depart.as_ref().map(|d| d.value),
        arrive: leg.arrive.as_ref().map(|d| d.value),
        depart_estimated: false,
        arrive_estimated: false,
        via,
        path: routed.points,
        path_kind: routed.kind,
        passages: routed.passages,
        countries: routed.countries,
        crossings: routed.crossings,
        connectors: routed.connectors,
        connector_km: routed.connector_km,
        carrier: leg.carrier.clone(),
        cargo: leg.cargo.clone(),
        notes: leg.notes.clone(),
        quote: leg.quote.clone(),
        warnings: leg_warnings,
        span: leg.span,
    })
}

/// A rail or road leg's country rules hold at its ends too: a start or end outside
/// `within`, or inside `avoid_countries`, is an error (most often `from` and `to`
/// swapped), not a connector drawn across a border. Places of unknown country
/// (coordinates) are left to the network's own check.
fn check_end_countries(
    route_id: &str,
    index: usize,
    leg: &LegSpec,
    options: &BuildOptions,
    ends: [(&'static str, &Place, Option<&str>, Span); 2],
) -> Result<(), BuildError> {
    if !matches!(leg.mode.value, Mode::Rail | Mode::Road) {
        return Ok(());
    }
    let within = if leg.within.is_empty() {
        &options.within
    } else {
        &leg.within
    };
    let avoid: Vec<&String> = options
        .avoid_countries
        .iter()
        .chain(&leg.avoid_countries)
        .collect();
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    for (end, place, written, span) in ends {
        let Some(country) = place.country.as_deref() else {
            continue;
        };
        let rule = if !within.is_empty() && !within.iter().any(|c| same(c, country)) {
            format!("outside within = [{}]", within.join(", "))
        } else if avoid.iter().any(|c| same(c, country)) {
            let list: Vec<&str> = avoid.iter().map(|c| c.as_str()).collect();
            format!("inside avoid_countries = [{}]", list.join(", "))
        } else {
            continue;
        };
        // the name as written, with the gazetteer's when it differs (Najin / Rajin)
        let name = match written {
            Some(w) if !w.eq_ignore_ascii_case(&place.name) => format!("{w} ({})", place.name),
            _ => place.name.clone(),
        };
        return Err(BuildError::EndCountry {
            route_id: route_id.to_owned(),
            leg: index,
            what: format!("{end} at {name}, {country}, {rule}"),
            span,
        });
    }
    Ok(())
}

/// Ends closer than this are one place: a leg between them goes nowhere.
const SAME_PLACE_KM: f64 = 0.1;

/// 180°E and 180°W are one meridian: a point written with either sign takes the sign
/// of its neighbour off the meridian (the previous one, else the next), so a path
/// along or onto the antimeridian never seems to jump 360 degrees of longitude.
fn one_antimeridian(path: &mut [crate::model::LonLat]) {
    use crate::model::LonLat;
    let on = |p: &LonLat| p.lon().abs() == 180.0;
    let n = path.len();
    for i in 0..n {
        if !on(&path[i]) {
            continue;
        }
        let side = path[..i]
            .iter()
            .rev()
            .chain(path[i + 1..].iter())
            .find(|p| !on(p))
            .map(|p| p.lon().signum())
            .unwrap_or_else(|| path[0].lon().signum());
        path[i] = LonLat::wrapped(180.0 * side, path[i].lat());
    }
}

/// Kinds of place a border crossing is named after, most fitting first.
const CROSSING_KINDS: &[PlaceKind] = &[
    PlaceKind::BorderCrossing,
    PlaceKind::Facility,
    PlaceKind::City,
];
/// A border crossing takes the name of a place at most this far away.
const CROSSING_NAME_KM: f64 = 25.0;

/// Names each border crossing of a leg after the nearest fitting gazetteer place and
/// reports it as a warning on the leg ("crosses from RU into CN at Zabaykalsk").
fn name_crossings(
    leg: &mut Leg,
    gazetteer: &Gazetteer,
    route_id: &str,
    warnings: &mut Vec<Warning>,
) {
    for c in &mut leg.crossings {
        c.name = gazetteer
            .nearest_of_kind(c.at, CROSSING_KINDS, CROSSING_NAME_KM)
            .map(|p| p.name);
        let place = match &c.name {
            Some(n) => format!("at {n} ({})", c.at),
            None => format!("at {}", c.at),
        };
        let message = format!(
            "the {} path crosses from {} into {} {place}",
            leg.mode, c.from_country, c.to_country
        );
        leg.warnings.push(message.clone());
        warnings.push(Warning {
            code: "border-crossing".to_owned(),
            message: format!("route `{route_id}`, leg {}: {message}", leg.index),
            route_id: Some(route_id.to_owned()),
            leg: Some(leg.index),
            span: Some(leg.span),
        });
    }
}

/// Sets the label a stop is printed with; the gazetteer's own name stays beside it.
fn apply_label(place: &mut Place, label: &str) {
    if place.name == label {
        return;
    }
    let from_gazetteer = !matches!(
        place.kind,
        crate::model::PlaceKind::User | crate::model::PlaceKind::Coordinates
    );
    if from_gazetteer && place.gazetteer_name.is_none() {
        place.gazetteer_name = Some(place.name.clone());
    }
    place.name = label.to_owned();
}

/// "`Amirabad` resolved to Amirabad, Khyber Pakhtunkhwa, PK (city); ": how each
/// named end of a leg was read, for errors about the leg's path.
fn ends_resolved(leg: &LegSpec, from: &Place, to: &Place) -> String {
    let mut out = String::new();
    let ends = [
        (leg.from.as_ref().map(|f| f.value.as_str()), from),
        (Some(leg.to.value.as_str()), to),
    ];
    for (text, place) in ends {
        let Some(text) = text else { continue };
        if matches!(place.kind, crate::model::PlaceKind::Coordinates) {
            continue;
        }
        let mut desc = place.name.clone();
        for part in [place.admin1.as_deref(), place.country.as_deref()]
            .into_iter()
            .flatten()
        {
            desc.push_str(", ");
            desc.push_str(part);
        }
        out.push_str(&format!(
            "`{text}` resolved to {desc} ({}); ",
            place.kind.as_str()
        ));
    }
    out
}

/// The ship of a sea leg: the leg's `vessel` class or else `--vessel`, with the
/// leg's own dimensions over the class's. None for other modes or no vessel.
fn leg_vessel(
    leg: &LegSpec,
    options: &BuildOptions,
) -> Result<Option<crate::network::sea::vessels::Vessel>, (RouteError, Span)> {
    use crate::network::sea::vessels::Vessel;
    if leg.mode.value != Mode::Sea {
        return Ok(None);
    }
    let spec = &leg.vessel;
    let mut vessel = match &spec.class {
        Some(class) => Some(Vessel::class(&class.value).map_err(|reason| {
            let error = RouteError::BadOption {
                option: "vessel".to_owned(),
                reason,
                help: "name a class, or give max_draught_m, length_m and beam_m".to_owned(),
            };
            (error, class.span)
        })?),
        None => options.vessel.clone(),
    };
    for (given, name) in [
        (spec.max_draught_m, "max_draught_m"),
        (spec.length_m, "length_m"),
        (spec.beam_m, "beam_m"),
    ] {
        if let Some(m) = given {
            if !(m.is_finite() && m > 0.0) {
                let error = RouteError::BadOption {
                    option: name.to_owned(),
                    reason: format!("{m} is not a ship's size in metres"),
                    help: "give a positive number of metres".to_owned(),
                };
                return Err((error, leg.span));
            }
            let v = vessel.get_or_insert_with(Vessel::default);
            match name {
                "max_draught_m" => v.max_draught_m = Some(m),
                "length_m" => v.length_m = Some(m),
                _ => v.beam_m = Some(m),
            }
        }
    }
    Ok(vessel)
}

/// The port record of a city (for a sea leg's end), named as the city: the port of
/// Tokyo on the bay rather than the city's centre. The place itself when it is not
/// a city or has no port within [`PORT_TOWN_KM`].
fn port_of(gazetteer: &Gazetteer, place: Place) -> Place {
    if place.kind != crate::model::PlaceKind::City {
        return place;
    }
    // The port record may carry the local spelling the city's label does not
    // (Antwerpen for Antwerp), so ask under the gazetteer's own name too.
    let mut names = vec![place.name.as_str()];
    names.extend(place.gazetteer_name.as_deref().filter(|n| *n != place.name));
    // The town often outranks its own port (a big coastal city scores above a port
    // record with no population), so look past the top pick for the harbour.
    let harbour = names.into_iter().find_map(|name| {
        let text = format!("port of {name}");
        let query = Query {
            text: &text,
            mode: Some(Mode::Sea),
            near: Some(place.at),
            country: place.country.as_deref(),
            within: &[],
            via: false,
        };
        gazetteer
            .candidates(&query, 8)
            .into_iter()
            .find(|c| {
                matches!(
                    c.place.kind,
                    crate::model::PlaceKind::Port | crate::model::PlaceKind::Terminal
                ) && distance_km(c.place.at, place.at) <= PORT_TOWN_KM
            })
            .map(|c| c.place)
    });
    // Last, the nearest harbour whose own name is a name of this city (Genova for
    // Genoa, Napoli for Naples: the port list keeps the local spelling only).
    let harbour = harbour.or_else(|| {
        use crate::model::PlaceKind;
        let near = gazetteer.nearest_of_kind(
            place.at,
            &[PlaceKind::Port, PlaceKind::Terminal],
            PORT_TOWN_KM,
        )?;
        let query = Query {
            text: &near.name,
            mode: None,
            near: Some(place.at),
            country: place.country.as_deref(),
            within: &[],
            via: false,
        };
        let names_this_city = gazetteer.candidates(&query, 8).iter().any(|c| {
            c.place.kind == PlaceKind::City
                && c.place.id == place.id
                && c.matched != crate::gazetteer::MatchKind::Fuzzy
        });
        names_this_city.then_some(near)
    });
    match harbour {
        Some(mut port) => {
            // the town's label, with the port record's own name kept beside it
            let own = std::mem::replace(&mut port.name, place.name);
            if port.gazetteer_name.is_none() && own != port.name {
                port.gazetteer_name = Some(own);
            }
            port
        }
        None => place,
    }
}

/// A passage named as a `via`, as a place: where the sea lanes cross it.
fn passage_place(like: &Place, name: String, at: crate::model::LonLat) -> Place {
    let mut place = like.clone();
    place.id = format!("passage:{name}");
    place.name = name;
    place.country = None;
    place.admin1 = None;
    place.kind = crate::model::PlaceKind::Strait;
    place.gazetteer_name = None;
    place.at = at;
    place.population = None;
    place
}

fn check_connects(
    route_id: &str,
    leg: usize,
    ended: &Place,
    starts: &Place,
    span: Span,
) -> Result<(), BuildError> {
    let gap_km = distance_km(ended.at, starts.at);
    // a port and the town of its name (a sea leg ends at the port of Tokyo, the next
    // leg names Tokyo) are one stop
    let port_and_town = (ended.kind == crate::model::PlaceKind::Port
        || starts.kind == crate::model::PlaceKind::Port)
        && ended.name.eq_ignore_ascii_case(&starts.name)
        && gap_km <= PORT_TOWN_KM;
    if gap_km > SAME_STOP_KM && !port_and_town {
        return Err(BuildError::Gap {
            route_id: route_id.to_owned(),
            leg,
            ended: ended.name.clone(),
            starts: starts.name.clone(),
            gap_km,
            span,
        });
    }
    Ok(())
}

/// Resolves the names of one leg, noting doubts as warnings.
struct Resolver<'a> {
    gazetteer: &'a Gazetteer,
    route_id: &'a str,
    leg: usize,
    warnings: &'a mut Vec<Warning>,
}

/// What a leg tells about the names at its ends.
struct Context<'a> {
    mode: Mode,
    within: &'a [String],
}

impl Resolver<'_> {
    fn place(
        &mut self,
        name: &Spanned<String>,
        context: &Context<'_>,
        near: Option<&Place>,
        via: bool,
    ) -> Result<Place, BuildError> {
        let query = Query {
            text: &name.value,
            mode: Some(context.mode),
            near: near.map(|p| p.at),
            country: None,
            within: context.within,
            via,
        };
        let resolution = self
            .gazetteer
            .resolve(&query)
            .map_err(|error| BuildError::Place {
                error,
                span: name.span,
            })?;
        if let Some(doubt) = resolution.doubt {
            self.warnings.push(Warning {
                code: "ambiguous-place".to_owned(),
                message: doubt,
                route_id: Some(self.route_id.to_owned()),
                leg: Some(self.leg),
                span: Some(name.span),
            });
        }
        Ok(resolution.place)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::UserPlaces;
    use crate::model::{LonLat, PathKind};
    use crate::spec::{parse, Source};

    fn built(chain: &str, user: UserPlaces) -> Result<Document, BuildError> {
        let spec = parse(&Source::chain(chain)).unwrap();
        build(
            &spec,
            &Gazetteer::new(user),
            &Networks::default(),
            &BuildOptions::default(),
        )
    }

    #[test]
    fn legs_chain_and_are_measured() {
        let mut user = UserPlaces::default();
        user.insert(
            "Najin",
            LonLat::new(130.2967, 42.2456).unwrap(),
            Some("KP".into()),
        );
        user.insert(
            "Dunay",
            LonLat::new(132.3436, 42.8889).unwrap(),
            Some("RU".into()),
        );
        let doc = built("Najin -sea-> Dunay -rail-> 45.8546N 40.1255E", user).unwrap();
        let legs = &doc.routes[0].legs;
        assert_eq!(legs[1].from.name, "Dunay");
        assert_eq!(legs[0].path_kind, PathKind::GreatCircle);
        assert!(
            (legs[0].distance_km - 182.6).abs() < 0.5,
            "{}",
            legs[0].distance_km
        );
        // Dunay to Tikhoretsk: 6,900 km on a sphere (haversine), 6,919 km on WGS84.
        assert!(
            (legs[1].distance_km - 6919.1).abs() < 0.5,
            "{}",
            legs[1].distance_km
        );
        assert_eq!(doc.routes[0].name, "Najin to 45.8546N 40.1255E");
    }

    #[test]
    fn unknown_place_is_located() {
        let err = built("Najin -sea-> Dunay", UserPlaces::default()).unwrap_err();
        assert!(matches!(
            err,
            BuildError::Place {
                error: ResolveError::NotFound { .. },
                ..
            }
        ));
        assert_eq!(err.span(), Span::new(0, 5));
    }

    #[test]
    fn a_leg_that_starts_elsewhere_is_an_error_naming_it() {
        let spec = parse(&Source::detect(
            "x.toml",
            "[[leg]]\nmode=\"sea\"\nfrom=\"1N 1E\"\nto=\"2N 2E\"\n[[leg]]\nmode=\"rail\"\nfrom=\"5N 5E\"\nto=\"6N 6E\"\n".into(),
        ))
        .unwrap();
        let err = build(
            &spec,
            &Gazetteer::default(),
            &Networks::default(),
            &BuildOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(err, BuildError::Gap { leg: 2, .. }), "{err:?}");
        assert!(err
            .to_string()
            .starts_with("route `route-1`, leg 2 starts at 5N 5E but leg 1 ended at 2N 2E"));
    }

    #[test]
    fn same_origin_and_destination_gives_a_zero_length_leg() {
        let doc = built("1N 1E -air-> 1N 1E", UserPlaces::default()).unwrap();
        assert_eq!(doc.routes[0].legs[0].distance_km, 0.0);
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        assert!(doc.warnings[0]
            .message
            .contains("starts and ends at the same place"));
    }

    #[test]
    fn both_signs_of_the_antimeridian_are_one_meridian() {
        let doc = built(
            "10N 179E -air-> 10N 180E -air-> 11N 180W",
            UserPlaces::default(),
        )
        .unwrap();
        for leg in &doc.routes[0].legs {
            assert!(leg.path.iter().all(|p| p.lon() > 0.0), "{:?}", leg.path);
        }
        assert!((doc.routes[0].legs[1].distance_km - 110.6).abs() < 0.5);
        let doc = built("10N 180W -air-> 10N 179W", UserPlaces::default()).unwrap();
        assert!(doc.routes[0].legs[0].path.iter().all(|p| p.lon() < 0.0));
    }
}
