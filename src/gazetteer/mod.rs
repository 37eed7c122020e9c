//! Names to places: one interface, [`Gazetteer::resolve`], over every source.
//!
//! A query is tried, in order, against the document's own places (`[[place]]`,
//! `--places`), then as coordinates (`42.2456N 130.2967E`), then against each
//! [`PlaceSource`] (the embedded gazetteer plugs in here). Ambiguity is reported,
//! never guessed silently.

pub mod coords;
pub mod user;

use crate::model::{LonLat, Mode, Place, PlaceKind};
pub use user::UserPlaces;

/// One name to resolve, with the context that helps pick among candidates.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The text as typed: a name, "Name, CC", a UN/LOCODE, or coordinates.
    pub text: &'a str,
    /// The mode of the leg the place ends or starts (sea prefers ports).
    pub mode: Option<Mode>,
    /// The leg's other end, when already known: nearer candidates win ties.
    pub near: Option<LonLat>,
    /// A country (ISO alpha-2) to restrict to, e.g. from `--country`.
    pub country: Option<&'a str>,
}

impl<'a> Query<'a> {
    /// A query with no context.
    pub fn new(text: &'a str) -> Query<'a> {
        Query {
            text,
            mode: None,
            near: None,
            country: None,
        }
    }
}

/// A candidate place for a query, with its score and the reason for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// The place.
    pub place: Place,
    /// Higher is better; comparable only within one query.
    pub score: f64,
    /// Why it ranked so, for people (`exact name; port; population 34,000`).
    pub why: String,
}

/// A source of places: the embedded gazetteer, or anything else that can look up names.
pub trait PlaceSource: Send + Sync {
    /// Candidates for a query, best first, at most `limit`.
    fn lookup(&self, query: &Query<'_>, limit: usize) -> Vec<Candidate>;
    /// Names close to `text` (edit distance, transliteration) for "did you mean".
    fn suggest(&self, text: &str, limit: usize) -> Vec<String>;
}

/// The place a query resolved to, the runners-up, and any doubt about the pick.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolution {
    /// The pick.
    pub place: Place,
    /// Other candidates, best first (may be empty).
    pub also: Vec<Candidate>,
    /// Set when the pick is not clear-cut: names the runners-up and how to qualify.
    pub doubt: Option<String>,
}

/// Why a name could not be resolved.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    /// The name is empty or only spaces.
    #[error("empty place name")]
    Empty,
    /// The text looks like coordinates but is not valid.
    #[error("bad coordinates `{text}`: {reason}")]
    BadCoordinates {
        /// The text given.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// Nothing matches.
    #[error("no place called `{text}`")]
    NotFound {
        /// The text given.
        text: String,
        /// Close names, best first.
        suggestions: Vec<String>,
    },
}

impl ResolveError {
    /// A hint on what to do, for the CLI to show.
    pub fn help(&self) -> String {
        match self {
            ResolveError::Empty => "write a place name, a UN/LOCODE or coordinates".to_owned(),
            ResolveError::BadCoordinates { .. } => coords::HELP.to_owned(),
            ResolveError::NotFound { suggestions, .. } if !suggestions.is_empty() => format!(
                "did you mean {}? Or add a [[place]] with `name` and `at` coordinates",
                suggestions
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ResolveError::NotFound { .. } => {
                "add a [[place]] with `name` and `at` coordinates, or give coordinates \
                 such as `42.2456N 130.2967E`"
                    .to_owned()
            }
        }
    }
}

/// Resolves names to places: user places first, then coordinates, then the sources.
#[derive(Default)]
pub struct Gazetteer {
    user: UserPlaces,
    sources: Vec<Box<dyn PlaceSource>>,
}

impl Gazetteer {
    /// A gazetteer with user places only (and coordinates, which always work).
    pub fn new(user: UserPlaces) -> Gazetteer {
        Gazetteer {
            user,
            sources: Vec::new(),
        }
    }

    /// Adds a source, consulted after the ones already added.
    pub fn with_source(mut self, source: Box<dyn PlaceSource>) -> Gazetteer {
        self.sources.push(source);
        self
    }

    /// Resolves one query.
    ///
    /// ```
    /// use shipmap::gazetteer::{Gazetteer, Query};
    /// let g = Gazetteer::default();
    /// let p = g.resolve(&Query::new("42°14'44\"N 130°17'48\"E")).unwrap().place;
    /// assert!((p.at.lat() - 42.2456).abs() < 1e-3);
    /// ```
    pub fn resolve(&self, query: &Query<'_>) -> Result<Resolution, ResolveError> {
        let text = query.text.trim();
        if text.is_empty() {
            return Err(ResolveError::Empty);
        }
        if let Some(place) = self.user.get(text) {
            return Ok(Resolution {
                place: place.clone(),
                also: Vec::new(),
                doubt: None,
            });
        }
        match coords::parse_coordinates(text) {
            Ok(at) => {
                return Ok(Resolution {
                    place: coordinate_place(text, at),
                    also: Vec::new(),
                    doubt: None,
                })
            }
            Err(coords::CoordParseError::NotCoordinates) => {}
            Err(e) => {
                return Err(ResolveError::BadCoordinates {
                    text: text.to_owned(),
                    reason: e.to_string(),
                })
            }
        }
        let mut ranked: Vec<Candidate> = Vec::new();
        for source in &self.sources {
            ranked.extend(source.lookup(query, 8));
        }
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        if ranked.is_empty() {
            let mut suggestions: Vec<String> = self.user.suggest(text, 3);
            for source in &self.sources {
                suggestions.extend(source.suggest(text, 5));
            }
            suggestions.dedup();
            suggestions.truncate(5);
            return Err(ResolveError::NotFound {
                text: text.to_owned(),
                suggestions,
            });
        }
        let best = ranked.remove(0);
        let doubt = ranked
            .first()
            .filter(|second| second.score > 0.9 * best.score)
            .map(|_| ambiguity_message(text, &best, &ranked));
        Ok(Resolution {
            place: best.place,
            also: ranked,
            doubt,
        })
    }

    /// Candidates for a query from every source, best first, at most `limit`; user
    /// places and coordinates come first with score 1.0.
    pub fn candidates(&self, query: &Query<'_>, limit: usize) -> Vec<Candidate> {
        let text = query.text.trim();
        let mut out = Vec::new();
        if let Some(place) = self.user.get(text) {
            out.push(Candidate {
                place: place.clone(),
                score: 1.0,
                why: "user place".to_owned(),
            });
        }
        if let Ok(at) = coords::parse_coordinates(text) {
            out.push(Candidate {
                place: coordinate_place(text, at),
                score: 1.0,
                why: "coordinates".to_owned(),
            });
        }
        let mut ranked: Vec<Candidate> = Vec::new();
        for source in &self.sources {
            ranked.extend(source.lookup(query, limit));
        }
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        out.extend(ranked);
        out.truncate(limit);
        out
    }
}

fn coordinate_place(text: &str, at: LonLat) -> Place {
    Place {
        id: format!("coord:{:.6},{:.6}", at.lat(), at.lon()),
        name: text.to_owned(),
        country: None,
        admin1: None,
        kind: PlaceKind::Coordinates,
        at,
        population: None,
    }
}

fn ambiguity_message(text: &str, best: &Candidate, rest: &[Candidate]) -> String {
    let describe = |c: &Candidate| {
        let mut s = c.place.name.clone();
        if let Some(a) = &c.place.admin1 {
            s.push_str(", ");
            s.push_str(a);
        }
        if let Some(cc) = &c.place.country {
            s.push_str(", ");
            s.push_str(cc);
        }
        s
    };
    let others: Vec<String> = rest.iter().take(3).map(describe).collect();
    format!(
        "`{text}` is ambiguous: picked {} ({}); also {}. Qualify the name, e.g. `{}`",
        describe(best),
        best.place.at,
        others.join("; "),
        describe(best)
    )
}
