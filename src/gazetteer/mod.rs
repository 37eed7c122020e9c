//! Names to places: one interface, [`Gazetteer::resolve`], over every source.
//!
//! A query is tried, in order, against the document's own places (`[[place]]`,
//! `--places`), then as coordinates (`42.2456N 130.2967E`), then against each
//! [`PlaceSource`] (the embedded gazetteer plugs in here). Ambiguity is reported,
//! never guessed silently.

pub mod coords;
pub mod countries;
pub mod embedded;
pub mod fold;
pub mod nearest;
mod query;
mod rank;
pub(crate) use rank::TOWN_PORT_KM;
pub mod report;
mod script;
mod suggest;
pub mod user;

use crate::model::{LonLat, Mode, Place, PlaceKind};
pub use user::{PlacesFileError, UserPlaces, MAX_PLACES_FILE_BYTES};

/// One name to resolve, with the context that helps pick among candidates.
#[derive(Debug, Clone, Copy)]
pub struct Query<'a> {
    /// The text as typed: a name, "Name, CC", a UN/LOCODE, or coordinates.
    pub text: &'a str,
    /// The mode of the leg the place ends or starts (sea prefers ports).
    pub mode: Option<Mode>,
    /// The leg's other end, when already known: nearer candidates win ties.
    pub near: Option<LonLat>,
    /// A country (ISO alpha-2) to restrict to, e.g. from `--country`: a hard filter.
    pub country: Option<&'a str>,
    /// Countries the leg keeps to (`within`): places there are preferred, not required.
    pub within: &'a [String],
    /// The name is a `via` of the leg: on a sea leg a strait or a port is meant.
    pub via: bool,
}

impl<'a> Query<'a> {
    /// A query with no context.
    pub fn new(text: &'a str) -> Query<'a> {
        Query {
            text,
            mode: None,
            near: None,
            country: None,
            within: &[],
            via: false,
        }
    }
}

/// How a candidate's name matched the query, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// A user place (`[[place]]`, `--places`).
    User,
    /// The text was coordinates.
    Coordinates,
    /// The place's own name (case, accents and punctuation aside).
    Name,
    /// The place's UN/LOCODE.
    Locode,
    /// One of the place's alternate names, in any script.
    Alternate,
    /// A romanisation or transliteration variant (`Novorossiisk`, `Тихорецк` → Latin).
    Variant,
    /// A spelling neighbour (a typo): never picked without a warning.
    Fuzzy,
}

impl MatchKind {
    /// The snake_case name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::User => "user",
            MatchKind::Coordinates => "coordinates",
            MatchKind::Name => "name",
            MatchKind::Locode => "locode",
            MatchKind::Alternate => "alternate",
            MatchKind::Variant => "variant",
            MatchKind::Fuzzy => "fuzzy",
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
    /// How the name matched.
    pub matched: MatchKind,
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
#[non_exhaustive]
pub enum ResolveError {
    /// The name is empty or only spaces.
    #[error("empty place name")]
    Empty,
    /// The name is too long to be a place name.
    #[error("place name is {len_bytes} bytes long; names longer than {max_bytes} bytes are not looked up")]
    TooLong {
        /// Length of the text given.
        len_bytes: usize,
        /// The most accepted.
        max_bytes: usize,
    },
    /// The name holds a control character (a tab, a newline, an escape...).
    #[error("place name `{shown}` contains a control character (U+{code:04X})")]
    ControlCharacter {
        /// The text with control characters shown escaped.
        shown: String,
        /// The first control character's code point.
        code: u32,
    },
    /// A UN/LOCODE whose first two letters are no country.
    #[error("`{text}` looks like a UN/LOCODE, but `{country}` is not a country code")]
    UnknownCountry {
        /// The text given.
        text: String,
        /// Its first two letters.
        country: String,
    },
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
            ResolveError::TooLong { .. } => {
                "write just the place name, e.g. `Najin` or `Dunay, RU`".to_owned()
            }
            ResolveError::ControlCharacter { .. } => {
                "remove tabs, line breaks and other invisible characters from the name".to_owned()
            }
            ResolveError::UnknownCountry { .. } => {
                "a UN/LOCODE is a two-letter ISO country code and three letters, e.g. `KPNJN`; \
                 if this is a place name, write it in lower or mixed case"
                    .to_owned()
            }
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

    /// Resolves one query to one place, noting any doubt about the pick.
    ///
    /// A pick is doubtful when it was found only by spelling (a typo), or when a
    /// runner-up elsewhere scores within [`AMBIGUITY_MARGIN`] of it; the doubt names
    /// the runners-up and how to qualify the name.
    ///
    /// ```
    /// use shipmap::gazetteer::{Gazetteer, Query};
    /// let g = Gazetteer::default();
    /// let p = g.resolve(&Query::new("42°14'44\"N 130°17'48\"E")).unwrap().place;
    /// assert!((p.at.lat() - 42.2456).abs() < 1e-3);
    /// ```
    pub fn resolve(&self, query: &Query<'_>) -> Result<Resolution, ResolveError> {
        let mut ranked = self.rank(query, 8)?;
        let best = ranked.remove(0);
        let doubt = self.doubt(query, &best, &ranked);
        let mut place = best.place;
        if best.matched != MatchKind::Fuzzy {
            keep_users_spelling(query.text, &mut place);
        }
        Ok(Resolution {
            place,
            also: ranked,
            doubt,
        })
    }

    /// Why the pick is in doubt, if it is: found by spelling alone, or a runner-up
    /// elsewhere is nearly as likely. The message names each candidate with its
    /// country and kind and a qualifier checked to select it.
    fn doubt(&self, query: &Query<'_>, best: &Candidate, rest: &[Candidate]) -> Option<String> {
        let text = query.text.trim();
        let margin = match best.matched {
            // a spelling variant ("Korgas") may be some other place's name
            MatchKind::Variant => VARIANT_MARGIN,
            _ => AMBIGUITY_MARGIN,
        };
        let close: Vec<&Candidate> = rest
            .iter()
            .filter(|c| c.score > best.score - margin && !one_stop(best, c))
            .take(3)
            .collect();
        if best.matched != MatchKind::Fuzzy && close.is_empty() {
            return weak_evidence(query, best).or_else(|| transliterated_only(query, best));
        }
        let mut all: Vec<&Candidate> = vec![best];
        all.extend(&close);
        let choose: Vec<String> = all
            .iter()
            .map(|c| format!("`{}`", self.qualifier_for(query, c)))
            .collect();
        let also = |list: &[&Candidate]| {
            list.iter()
                .map(|c| {
                    let km = crate::network::great_circle::distance_km(best.place.at, c.place.at);
                    format!("{} ({km:.0} km away)", describe(c))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mut msg = if best.matched == MatchKind::Fuzzy {
            format!(
                "`{text}` matches no place exactly: picked {} at {} by spelling alone ({})",
                describe(best),
                best.place.at,
                best.why
            )
        } else {
            format!(
                "`{text}` is ambiguous: picked {} at {}",
                describe(best),
                best.place.at
            )
        };
        if !close.is_empty() {
            msg.push_str(&format!("; also {}", also(&close)));
        }
        msg.push_str(&format!(". To choose, write {}", choose[0]));
        if choose.len() > 1 {
            msg.push_str(&format!(" (or {})", choose[1..].join(", ")));
        }
        if best.matched == MatchKind::Fuzzy {
            msg.push_str("; check the spelling, or add a [[place]] with coordinates");
        }
        Some(msg)
    }

    /// The shortest text that resolves to `c` in this context: a port's UN/LOCODE,
    /// `Name, CC`, `Name, Admin-1, CC`, else coordinates. Each is checked by
    /// resolving it, so a hint never selects another place.
    fn qualifier_for(&self, query: &Query<'_>, c: &Candidate) -> String {
        let p = &c.place;
        let mut tries: Vec<String> = Vec::new();
        // a port's UN/LOCODE names it whatever the context
        if let Some(code) = p.id.strip_prefix("locode:") {
            tries.push(code.to_owned());
        }
        if let Some(cc) = &p.country {
            tries.push(format!("{}, {cc}", p.name));
            if let Some(a) = &p.admin1 {
                tries.push(format!("{}, {a}, {cc}", p.name));
            }
        }
        let selects = |text: &str| {
            let q = Query { text, ..*query };
            self.rank(&q, 1)
                .ok()
                .and_then(|r| r.into_iter().next())
                .is_some_and(|top| {
                    crate::network::great_circle::distance_km(top.place.at, p.at)
                        < rank::SAME_PLACE_KM
                        && top.matched != MatchKind::Fuzzy
                })
        };
        tries
            .into_iter()
            .find(|t| selects(t))
            .unwrap_or_else(|| p.at.to_string())
    }

    /// Candidates for a query, best first, at most `limit` (at least one): user places
    /// and coordinates first, then every source's. Bad text, or text that matches
    /// nothing, is an error; the latter carries "did you mean" suggestions.
    ///
    /// ```
    /// use shipmap::gazetteer::{embedded::EmbeddedGazetteer, Gazetteer, Query, UserPlaces};
    /// let g = Gazetteer::new(UserPlaces::default())
    ///     .with_source(Box::new(EmbeddedGazetteer::load().unwrap()));
    /// let top = &g.rank(&Query::new("Tikhoretsk"), 3).unwrap()[0];
    /// assert_eq!((top.place.id.as_str(), top.place.country.as_deref()), ("geonames:483029", Some("RU")));
    /// assert!(g.rank(&Query::new("Xqzvbnm"), 3).is_err());
    /// ```
    pub fn rank(&self, query: &Query<'_>, limit: usize) -> Result<Vec<Candidate>, ResolveError> {
        let text = checked_text(query.text)?;
        let limit = limit.max(1);
        if let Some(place) = self.user.get(text) {
            return Ok(vec![Candidate {
                place: place.clone(),
                score: 1.0,
                matched: MatchKind::User,
                why: "user place".to_owned(),
            }]);
        }
        match coords::parse_coordinates(text) {
            Ok(at) => {
                return Ok(vec![Candidate {
                    place: coordinate_place(text, at),
                    score: 1.0,
                    matched: MatchKind::Coordinates,
                    why: "coordinates".to_owned(),
                }])
            }
            Err(coords::CoordParseError::NotCoordinates) => {}
            Err(e) => {
                return Err(ResolveError::BadCoordinates {
                    text: text.to_owned(),
                    reason: e.to_string(),
                })
            }
        }
        let query = Query { text, ..*query };
        let mut ranked: Vec<Candidate> = Vec::new();
        for source in &self.sources {
            ranked.extend(source.lookup(&query, limit));
        }
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
        ranked.truncate(limit);
        if !ranked.is_empty() {
            return Ok(ranked);
        }
        if let Some(code) = query::locode_form(text) {
            let country = &code[..2];
            if !countries::is_country_code(country) {
                return Err(ResolveError::UnknownCountry {
                    text: text.to_owned(),
                    country: country.to_owned(),
                });
            }
        }
        // A country asked for is a hard rule: no suggestion elsewhere.
        let country = query
            .country
            .map(|c| c.trim().to_ascii_uppercase())
            .or_else(|| query::parse(text).country);
        let mut suggestions: Vec<String> = self.user.suggest(text, 3);
        for source in &self.sources {
            for s in source.suggest(text, 60) {
                let fits = country
                    .as_ref()
                    .is_none_or(|cc| s.ends_with(&format!(", {cc}")));
                if fits && !suggestions.contains(&s) {
                    suggestions.push(s);
                }
            }
        }
        suggestions.truncate(5);
        Err(ResolveError::NotFound {
            text: text.to_owned(),
            suggestions,
        })
    }

    /// Candidates for a query from every source, best first, at most `limit`; user
    /// places and coordinates come first with score 1.0. Empty when nothing matches or
    /// the text is not a usable name; [`Gazetteer::rank`] says why.
    pub fn candidates(&self, query: &Query<'_>, limit: usize) -> Vec<Candidate> {
        self.rank(query, limit).unwrap_or_default()
    }
}

/// How close (in score) a runner-up at another location may come before the pick is
/// reported as ambiguous. Scores run from about 0.5 (a typo of a hamlet) to 1.7 (the
/// exact name of a capital port); 0.12 is a little more than the gap between a city of
/// 20,000 and one of 50,000 people.
pub const AMBIGUITY_MARGIN: f64 = 0.12;

/// The margin when the pick matched only as a spelling variant (a romanisation
/// skeleton): such a match is weaker evidence, so a runner-up further behind still
/// counts as plausible.
pub const VARIANT_MARGIN: f64 = 0.3;

/// Trims the text and refuses what cannot be a place name.
fn checked_text(text: &str) -> Result<&str, ResolveError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ResolveError::Empty);
    }
    if text.len() > rank::MAX_NAME_BYTES {
        return Err(ResolveError::TooLong {
            len_bytes: text.len(),
            max_bytes: rank::MAX_NAME_BYTES,
        });
    }
    if let Some(c) = text.chars().find(|c| c.is_control()) {
        return Err(ResolveError::ControlCharacter {
            shown: text.escape_debug().to_string(),
            code: u32::from(c),
        });
    }
    Ok(text)
}

/// A village of under this many people, picked with nothing in its context to
/// support it, is reported: it is how a facility the gazetteer lacks turns into a
/// namesake hamlet abroad (Amirabad, Pakistan for Iran's Caspian port).
pub const SMALL_PLACE_POPULATION: u64 = 1_000;

/// The doubt for a lone pick that only a small place of that name supports: no other
/// stop within 1,500 km, no `within` country, no country qualifier.
fn weak_evidence(query: &Query<'_>, best: &Candidate) -> Option<String> {
    let p = &best.place;
    let small = p.kind == PlaceKind::City
        && p.population.unwrap_or(0) < SMALL_PLACE_POPULATION
        && matches!(
            best.matched,
            MatchKind::Name | MatchKind::Alternate | MatchKind::Variant
        );
    if !small || context_supports(query, p) {
        return None;
    }
    let people = p.population.map_or_else(
        || "no population given".to_owned(),
        |n| format!("{n} people"),
    );
    Some(format!(
        "`{}` matches only a small place: picked {} at {} ({people}), with no other stop \
         near it to confirm it. If a facility or another place is meant, add a [[place]] \
         with coordinates; to keep this one, write `{}`",
        query.text.trim(),
        describe(best),
        p.at,
        p.country
            .as_deref()
            .map_or_else(|| p.at.to_string(), |cc| format!("{}, {cc}", p.name))
    ))
}

/// True when the query's context backs a pick: another stop within 1,500 km, a
/// country asked for (`--country`, `Name, CC`), or a `within` country the place is in.
fn context_supports(query: &Query<'_>, p: &Place) -> bool {
    query
        .near
        .is_some_and(|n| crate::network::great_circle::distance_km(n, p.at) < 1_500.0)
        || query.country.is_some()
        || query::parse(query.text).country.is_some()
        || query
            .within
            .iter()
            .any(|c| Some(c.as_str()) == p.country.as_deref())
}

/// The doubt for a pick reached only through a transliteration: the name was written
/// in a script none of the candidates' names is in (`Амирабад`), so it was read in
/// Latin letters, and nothing in the context backs the place found. A record that
/// lacks that script's name (Iran's port of Amirabad has no Cyrillic one) must not
/// lose silently to a namesake abroad that happens to match the Latin reading.
fn transliterated_only(query: &Query<'_>, best: &Candidate) -> Option<String> {
    let text = query.text.trim();
    let latin = script::transliterate(&fold::fold(text))?;
    if best.matched != MatchKind::Variant || context_supports(query, &best.place) {
        return None;
    }
    let p = &best.place;
    Some(format!(
        "`{text}` matches no name in its own script: picked {} at {} by its Latin reading \
         `{latin}`, with no other stop near it to confirm it. If another place is meant, \
         write its name in Latin letters or add a [[place]] with coordinates; to keep \
         this one, write `{}`",
        describe(best),
        p.at,
        p.country
            .as_deref()
            .map_or_else(|| p.at.to_string(), |cc| format!("{}, {cc}", p.name))
    ))
}

/// `Khasan, Primorye, RU (border-crossing)`: name, admin-1, country and kind.
/// A port and the town it is named for (the port of Shanghai and Shanghai, Tianjin
/// Xingang and Tianjin) are one stop: the same name in the same country, one of them a
/// port or terminal, within [`PORT_TOWN_KM`]. Either pick draws the same map, so
/// neither is a rival worth a warning.
fn one_stop(a: &Candidate, b: &Candidate) -> bool {
    use crate::model::PlaceKind;
    let harbour = |c: &Candidate| matches!(c.place.kind, PlaceKind::Port | PlaceKind::Terminal);
    let km = crate::network::great_circle::distance_km(a.place.at, b.place.at);
    // a harbour and a town at one location, whatever their names (Najin's port and
    // Rajin): ranking lists both, so a sea leg can find the port
    if harbour(a) != harbour(b) && km < rank::SAME_PLACE_KM {
        return true;
    }
    (harbour(a) || harbour(b))
        && a.place.country.is_some()
        && a.place.country == b.place.country
        && fold::fold(&a.place.name) == fold::fold(&b.place.name)
        && km <= PORT_TOWN_KM
}

/// How far a port may lie from the town of its name and still be the same stop
/// (Tianjin's port at Xingang is 52 km from the city centre).
const PORT_TOWN_KM: f64 = 60.0;

fn describe(c: &Candidate) -> String {
    let mut s = c.place.name.clone();
    if let Some(a) = &c.place.admin1 {
        s.push_str(", ");
        s.push_str(a);
    }
    if let Some(cc) = &c.place.country {
        s.push_str(", ");
        s.push_str(cc);
    }
    s.push_str(&format!(" ({})", c.place.kind.as_str()));
    s
}

/// The user's spelling becomes the label when it is a real other spelling of the
/// place (`Tartous`, `Shevchenko`), not the label in other case or a qualifier
/// (`tartus`, `Tartus, SY`); the gazetteer's own name is kept beside it.
fn keep_users_spelling(text: &str, place: &mut Place) {
    if !matches!(
        place.id.split(':').next(),
        Some("geonames" | "locode" | "shipmap")
    ) {
        return;
    }
    let name_part = text.split([',', '(']).next().unwrap_or("").trim();
    if name_part.is_empty()
        || !name_part.chars().any(char::is_uppercase)
        || !name_part.chars().any(char::is_lowercase)
        || query::locode_form(name_part).is_some()
    {
        return;
    }
    let label = fold::fold(&place.name);
    let parsed = query::parse(name_part);
    // "Port of Tartus", "Najin port", "St Petersburg": the label with words around it
    if parsed.names.iter().any(|v| v.folded == label)
        || parsed.names.iter().skip(1).any(|v| v.port_hint)
    {
        return;
    }
    let gazetteer = place
        .gazetteer_name
        .take()
        .unwrap_or_else(|| place.name.clone());
    place.gazetteer_name = (gazetteer != name_part).then_some(gazetteer);
    place.name = name_part.to_owned();
}

fn coordinate_place(text: &str, at: LonLat) -> Place {
    Place {
        id: format!("coord:{:.6},{:.6}", at.lat(), at.lon()),
        name: text.to_owned(),
        gazetteer_name: None,
        country: None,
        admin1: None,
        kind: PlaceKind::Coordinates,
        at,
        population: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::embedded::EmbeddedGazetteer;

    fn g() -> Gazetteer {
        Gazetteer::new(UserPlaces::default())
            .with_source(Box::new(EmbeddedGazetteer::load().unwrap()))
    }

    #[test]
    fn every_qualifier_in_a_warning_selects_its_place() {
        let g = g();
        for text in ["Palmyra", "Amirabad", "Vostochnyy", "Alexandria", "Tripoli"] {
            let r = g.resolve(&Query::new(text)).unwrap();
            let doubt = r.doubt.unwrap_or_else(|| panic!("{text}: no doubt"));
            let choose = doubt.split("To choose, write ").nth(1).unwrap();
            let qualifiers: Vec<&str> = choose.split('`').skip(1).step_by(2).collect();
            assert!(qualifiers.len() >= 2, "{doubt}");
            let mut places = vec![r.place.at];
            places.extend(r.also.iter().map(|c| c.place.at));
            for q in &qualifiers {
                let got = g.resolve(&Query::new(q)).unwrap().place;
                assert!(
                    places
                        .iter()
                        .any(|p| crate::network::great_circle::distance_km(*p, got.at)
                            < rank::SAME_PLACE_KM),
                    "{q} -> {got:?}"
                );
            }
            // the first qualifier selects the pick itself
            let first = g.resolve(&Query::new(qualifiers[0])).unwrap().place;
            assert!(
                crate::network::great_circle::distance_km(first.at, r.place.at)
                    < rank::SAME_PLACE_KM,
                "{text}: {} -> {first:?}",
                qualifiers[0]
            );
        }
    }

    /// Issue 12: a name written in a script the right record does not carry (the
    /// supplement's Amirabad port has Latin and Persian names, no Cyrillic) is read in
    /// Latin letters, so that record is a candidate; a pick found only that way, with
    /// nothing in its context to back it, is never silent.
    #[test]
    fn a_name_in_a_script_the_record_lacks_is_never_a_silent_wrong_country() {
        let g = g();
        let ids = |r: &Resolution| -> Vec<String> {
            std::iter::once(&r.place)
                .chain(r.also.iter().map(|c| &c.place))
                .map(|p| p.id.clone())
                .collect()
        };
        let r = g.resolve(&Query::new("Амирабад")).unwrap();
        assert!(
            ids(&r).contains(&"shipmap:amirabad-port".to_owned()),
            "{r:?}"
        );
        let doubt = r.doubt.expect("Амирабад: two countries, a warning");
        assert!(doubt.contains("IR") && doubt.contains("PK"), "{doubt}");
        // in context (a sea leg from Bandar Anzali) the port, silently, as in Latin
        let anzali = LonLat::new(49.46, 37.47).unwrap();
        for text in ["Амирабад", "Amirabad", "امیرآباد"] {
            let q = Query {
                mode: Some(crate::model::Mode::Sea),
                near: Some(anzali),
                ..Query::new(text)
            };
            let r = g.resolve(&q).unwrap();
            assert_eq!(r.place.id, "shipmap:amirabad-port", "{text}");
            assert_eq!(r.doubt, None, "{text}");
        }
        // several scripts and names: the right place first; without context, a pick
        // found only through the Latin reading carries a warning
        for (text, id, cc) in [
            ("Вадинар", "shipmap:vadinar", "IN"),
            ("Хорgos", "shipmap:khorgos", "KZ"),
            ("두만강", "shipmap:tumangang", "KP"),
            ("Θεσσαλονίκη", "geonames:734077", "GR"),
            ("كوزمينو", "shipmap:kozmino", "RU"),
            ("Сабетта", "shipmap:sabetta", "RU"),
        ] {
            let r = g.resolve(&Query::new(text)).unwrap();
            assert_eq!(
                (r.place.id.as_str(), r.place.country.as_deref()),
                (id, Some(cc)),
                "{text}"
            );
            let top = &g.rank(&Query::new(text), 1).unwrap()[0];
            if matches!(top.matched, MatchKind::Variant | MatchKind::Fuzzy) {
                assert!(
                    r.doubt.is_some(),
                    "{text}: found by its reading, no warning"
                );
            }
        }
        // with a country, the reading is backed: no warning
        let q = Query {
            country: Some("IN"),
            ..Query::new("Вадинар")
        };
        let r = g.resolve(&q).unwrap();
        assert_eq!((r.place.id.as_str(), r.doubt), ("shipmap:vadinar", None));
    }

    #[test]
    fn a_qualifier_never_selects_another_country() {
        let g = g();
        let q = Query {
            country: Some("RU"),
            ..Query::new("Kozino")
        };
        let r = g.resolve(&q).unwrap();
        assert_eq!(r.place.country.as_deref(), Some("RU"));
        assert!(r
            .also
            .iter()
            .all(|c| c.place.country.as_deref() == Some("RU")));
        assert!(!r.doubt.unwrap_or_default().contains(", HR"));
    }

    #[test]
    fn clear_picks_carry_no_warning() {
        let g = g();
        for (text, mode) in [
            ("Hamburg", Some(Mode::Sea)),
            ("St Petersburg", Some(Mode::Sea)),
            ("Port Sudan", None),
            ("Port Sudan", Some(Mode::Sea)),
            ("Tikhoretsk", Some(Mode::Rail)),
            ("Khasan", Some(Mode::Rail)),
        ] {
            let r = g
                .resolve(&Query {
                    mode,
                    ..Query::new(text)
                })
                .unwrap();
            assert_eq!(r.doubt, None, "{text}");
        }
    }

    #[test]
    fn a_lone_hamlet_with_nothing_to_support_it_is_reported() {
        let g = g();
        let r = g.resolve(&Query::new("Hoergas")).unwrap();
        assert_eq!(r.place.country.as_deref(), Some("AT"));
        let doubt = r.doubt.unwrap();
        assert!(doubt.contains("matches only a small place"), "{doubt}");
        assert!(doubt.contains("write `Hoergas, AT`"), "{doubt}");
        // qualified, or near another stop of the route: no warning
        assert_eq!(g.resolve(&Query::new("Hoergas, AT")).unwrap().doubt, None);
        let near = Query {
            near: Some(LonLat::new(15.4, 47.1).unwrap()), // Graz
            ..Query::new("Hoergas")
        };
        assert_eq!(g.resolve(&near).unwrap().doubt, None);
    }

    #[test]
    fn the_users_own_spelling_is_kept_as_the_label() {
        let g = g();
        let r = g.resolve(&Query::new("Tartous")).unwrap().place;
        assert_eq!(r.name, "Tartous");
        assert_eq!(r.gazetteer_name.as_deref(), Some("Ţarţūs"));
        // the label itself, in any case, or with harbour words: the label
        assert_eq!(
            g.resolve(&Query::new("tartus")).unwrap().place.name,
            "Tartus"
        );
        assert_eq!(
            g.resolve(&Query::new("Aktau, KZ")).unwrap().place.name,
            "Aktau"
        );
        // a typo is never kept
        let typo = g.resolve(&Query::new("Novorssiysk")).unwrap().place;
        assert_eq!(typo.name, "Novorossiysk");
    }

    #[test]
    fn scripts_of_the_region_resolve() {
        let g = g();
        for (text, cc) in [
            ("나진", "KP"),
            ("남포", "KP"),
            ("청진", "KP"),
            ("霍尔果斯", "KZ"),
            ("满洲里", "CN"),
            ("丹东", "CN"),
            ("بندر عباس", "IR"),
            ("طرطوس", "SY"),
            ("Хасан", "RU"),
            ("Козьмино", "RU"),
        ] {
            let p = g.resolve(&Query::new(text)).unwrap().place;
            assert_eq!(p.country.as_deref(), Some(cc), "{text} -> {p:?}");
        }
    }
}
