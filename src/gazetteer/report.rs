//! `shipmap resolve`: ranked candidates for names, as a table for people or JSON.

use super::{Candidate, Gazetteer, Query, ResolveError};
use crate::model::{LonLat, Mode};

/// What `shipmap resolve` was asked, besides the names.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct ResolveOptions {
    /// Only places in this country (ISO alpha-2), from `--country`.
    pub country: Option<String>,
    /// The mode of the leg the place ends (sea prefers ports), from `--mode`.
    pub mode: Option<Mode>,
    /// How many candidates to list per name (at least 1), from `--limit`.
    pub limit: usize,
    /// Where the other stops are (`--near`): nearer candidates win.
    pub near: Option<LonLat>,
}

/// The answer for one name: ranked candidates, or why there are none.
#[derive(Debug, Clone, PartialEq)]
pub struct NameReport {
    /// The name as given.
    pub query: String,
    /// Candidates best first, or the error (with suggestions) when nothing matched.
    pub result: Result<Vec<Candidate>, ResolveError>,
    /// Set when the first candidate would be picked with a warning: the warning.
    pub doubt: Option<String>,
}

impl NameReport {
    /// True when the name resolved to at least one candidate.
    pub fn is_ok(&self) -> bool {
        self.result.is_ok()
    }
}

/// Ranks candidates for each name.
///
/// ```
/// use shipmap::gazetteer::{embedded::EmbeddedGazetteer, report, Gazetteer, UserPlaces};
/// let g = Gazetteer::new(UserPlaces::default())
///     .with_source(Box::new(EmbeddedGazetteer::load().unwrap()));
/// let mut opts = report::ResolveOptions::default();
/// opts.limit = 3;
/// let r = report::resolve_names(&g, &["Tikhoretsk".to_owned()], &opts);
/// assert_eq!(r[0].result.as_ref().unwrap()[0].place.id, "geonames:483029");
/// ```
pub fn resolve_names(g: &Gazetteer, names: &[String], options: &ResolveOptions) -> Vec<NameReport> {
    names
        .iter()
        .map(|name| {
            let query = Query {
                text: name,
                mode: options.mode,
                near: options.near,
                country: options.country.as_deref(),
                within: &[],
                via: false,
            };
            let doubt = g.resolve(&query).ok().and_then(|r| r.doubt);
            NameReport {
                query: name.clone(),
                result: g.rank(&query, options.limit.max(1)),
                doubt,
            }
        })
        .collect()
}

/// A table for people: one block per name.
pub fn table(reports: &[NameReport]) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!("{}\n", r.query));
        match &r.result {
            Ok(candidates) => {
                out.push_str(&format!(
                    "  {:>2}  {:>5}  {:<24} {:<28} {:<2}  {:<24} {:<8} {:>9} {:>10} {:>11}  {}\n",
                    "#",
                    "score",
                    "id",
                    "name",
                    "cc",
                    "admin-1",
                    "kind",
                    "lat",
                    "lon",
                    "population",
                    "why"
                ));
                for (i, c) in candidates.iter().enumerate() {
                    let p = &c.place;
                    out.push_str(&format!(
                        "  {:>2}  {:>5.2}  {:<24} {:<28} {:<2}  {:<24} {:<8} {:>9.5} {:>10.5} {:>11}  {}\n",
                        i + 1,
                        c.score,
                        p.id,
                        clip(&p.name, 28),
                        p.country.as_deref().unwrap_or(""),
                        clip(p.admin1.as_deref().unwrap_or(""), 24),
                        p.kind.as_str(),
                        p.at.lat(),
                        p.at.lon(),
                        p.population.map(|n| n.to_string()).unwrap_or_default(),
                        c.why
                    ));
                }
                if let Some(d) = &r.doubt {
                    out.push_str(&format!("  warning: {d}\n"));
                }
            }
            Err(e) => out.push_str(&format!("  error: {e}\n  help: {}\n", e.help())),
        }
    }
    out
}

fn clip(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_owned();
    }
    let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// JSON: an array with one object per name (`query`, `candidates`, `warning`, and
/// `error`, `help`, `suggestions` when nothing matched).
pub fn json(reports: &[NameReport]) -> serde_json::Value {
    let items = reports
        .iter()
        .map(|r| {
            let mut o = serde_json::Map::new();
            o.insert("query".into(), r.query.clone().into());
            match &r.result {
                Ok(candidates) => {
                    let list = candidates.iter().map(candidate_json).collect::<Vec<_>>();
                    o.insert("candidates".into(), list.into());
                    o.insert("warning".into(), r.doubt.clone().into());
                }
                Err(e) => {
                    o.insert("candidates".into(), serde_json::Value::Array(Vec::new()));
                    o.insert("error".into(), e.to_string().into());
                    o.insert("help".into(), e.help().into());
                    let suggestions = match e {
                        ResolveError::NotFound { suggestions, .. } => suggestions.clone(),
                        _ => Vec::new(),
                    };
                    o.insert("suggestions".into(), suggestions.into());
                }
            }
            serde_json::Value::Object(o)
        })
        .collect();
    serde_json::Value::Array(items)
}

fn candidate_json(c: &Candidate) -> serde_json::Value {
    let p = &c.place;
    serde_json::json!({
        "id": p.id,
        "name": p.name,
        "gazetteer_name": p.gazetteer_name,
        "country": p.country,
        "admin1": p.admin1,
        "kind": p.kind.as_str(),
        "lat": (p.at.lat() * 1e6).round() / 1e6,
        "lon": (p.at.lon() * 1e6).round() / 1e6,
        "population": p.population,
        "score": (c.score * 1e3).round() / 1e3,
        "matched": c.matched.as_str(),
        "why": c.why,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::embedded::EmbeddedGazetteer;
    use crate::gazetteer::UserPlaces;

    fn reports(names: &[&str], opts: ResolveOptions) -> Vec<NameReport> {
        let g = Gazetteer::new(UserPlaces::default())
            .with_source(Box::new(EmbeddedGazetteer::load().unwrap()));
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        resolve_names(&g, &names, &opts)
    }

    #[test]
    fn table_lists_candidates_and_errors() {
        let r = reports(
            &["Najin", "Xqzvbnmw"],
            ResolveOptions {
                limit: 2,
                ..Default::default()
            },
        );
        let t = table(&r);
        assert!(t.starts_with("Najin\n"), "{t}");
        assert!(t.contains("KP"), "{t}");
        assert!(
            t.contains("Xqzvbnmw\n  error: no place called `Xqzvbnmw`"),
            "{t}"
        );
        assert!(r[0].is_ok() && !r[1].is_ok());
    }

    #[test]
    fn json_has_every_field() {
        let opts = ResolveOptions {
            mode: Some(Mode::Sea),
            limit: 1,
            ..Default::default()
        };
        let j = json(&reports(&["Najin"], opts));
        let c = &j[0]["candidates"][0];
        assert_eq!(c["id"], "locode:KPNJN");
        for key in [
            "name",
            "country",
            "admin1",
            "kind",
            "lat",
            "lon",
            "population",
            "score",
            "matched",
            "why",
        ] {
            assert!(c.get(key).is_some(), "{key} missing: {c}");
        }
        assert_eq!(j[0]["candidates"].as_array().unwrap().len(), 1);
    }

    #[test]
    fn country_option_restricts() {
        let opts = ResolveOptions {
            country: Some("US".to_owned()),
            limit: 5,
            ..Default::default()
        };
        let r = reports(&["Moscow"], opts);
        let list = r[0].result.as_ref().unwrap();
        assert!(list
            .iter()
            .all(|c| c.place.country.as_deref() == Some("US")));
    }

    #[test]
    fn clip_marks_cut_text() {
        assert_eq!(clip("Vostochny", 5), "Vost…");
        assert_eq!(clip("Dunay", 5), "Dunay");
    }
}
