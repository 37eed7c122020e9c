//! Finding and ranking candidates in the embedded gazetteer.
//!
//! Order of evidence: an exact name beats an alternate name, which beats a romanisation
//! variant, which beats a spelling neighbour (fuzzy, looked for only when nothing
//! else matched). Then importance: population, capital or seat, port, our curated
//! supplement. Then context: a sea leg (or "port of") prefers ports and coastal
//! places; a known other end of the leg makes nearer places win.

use super::embedded::{
    EmbeddedGazetteer, Record, FLAG_ADMIN1_SEAT, FLAG_ADMIN2_SEAT, FLAG_CAPITAL, FLAG_COASTAL,
    FLAG_CURATED, FLAG_DERIVED, FLAG_SECTION, FLAG_SHORE, LOCODE_PREFIX, SKELETON_PREFIX,
};
use super::fold::skeleton;
use super::query::{admin1_fits, parse, NameVariant, ParsedQuery};
use super::script::{script, Abjad, Script};
use super::suggest::{edit_budget, transliterate};
use super::{Candidate, MatchKind, Query};
use crate::model::{LonLat, Mode, PlaceKind};
use crate::network::great_circle::distance_km;

/// Candidates of one name closer than this are one place seen twice (a city and its
/// port, GeoNames and the supplement): only the better one is kept.
pub(crate) const SAME_PLACE_KM: f64 = 15.0;
/// Longer names are not looked up (a pasted paragraph is not a place name).
pub(crate) const MAX_NAME_BYTES: usize = 200;
/// How many keys a fuzzy search may visit before it stops.
const FUZZY_KEY_CAP: usize = 400;

#[derive(Debug, Clone, Copy)]
struct Hit {
    record: u32,
    matched: MatchKind,
    edits: u32,
    port_hint: bool,
    penalty: f64,
    /// A fuzzy hit found through an alternate name, not the place's own.
    alternate_key: bool,
}

fn match_kind(posting: u32) -> MatchKind {
    match posting & 3 {
        0 | 1 => MatchKind::Name,
        2 => MatchKind::Alternate,
        _ => MatchKind::Locode,
    }
}

fn base_score(h: &Hit) -> f64 {
    -h.penalty
        + match h.matched {
            MatchKind::Name | MatchKind::Locode | MatchKind::User | MatchKind::Coordinates => 1.0,
            // An alternate name is weaker evidence than the place's own name: 0.15 is
            // about what 100 times the population adds, so a village of that exact name
            // stays in view (Khasan, RU over Hassan, IN known as "Khasan").
            MatchKind::Alternate => 0.85,
            MatchKind::Variant => 0.7,
            MatchKind::Fuzzy => {
                0.6 - 0.2 * f64::from(h.edits.saturating_sub(1))
                    - if h.alternate_key { 0.1 } else { 0.0 }
            }
        }
}

/// A port or an oil or cargo terminal.
fn is_harbour(r: &Record) -> bool {
    matches!(r.kind, PlaceKind::Port | PlaceKind::Terminal)
}

/// Candidates for a query, best first, at most `limit`, one per distinct location
/// (a harbour and a town at one location count as two).
pub(crate) fn lookup(g: &EmbeddedGazetteer, query: &Query<'_>, limit: usize) -> Vec<Candidate> {
    let text = query.text.trim();
    if text.is_empty() || text.len() > MAX_NAME_BYTES || limit == 0 {
        return Vec::new();
    }
    let parsed = parse(text);
    let country = query
        .country
        .map(|c| c.trim().to_ascii_uppercase())
        .or_else(|| parsed.country.clone());
    let keep = |r: &Record| {
        country.as_deref().is_none_or(|cc| r.country() == cc)
            && (parsed.admin1.is_empty() || parsed.admin1.iter().any(|a| admin1_fits(a, r.admin1)))
    };
    let mut hits = gather(g, &parsed, false);
    hits.retain(|h| g.record(h.record).is_some_and(|r| keep(&r)));
    if hits.is_empty() && (parsed.country.is_some() || !parsed.admin1.is_empty()) {
        // "Jacksonville Naval Air Station (Towers Field)": the brackets or commas were
        // part of the name, not a qualifier
        let whole = super::query::parse_whole(text);
        hits = gather(g, &whole, false);
        if let Some(cc) = query.country {
            let cc = cc.trim().to_ascii_uppercase();
            hits.retain(|h| g.record(h.record).is_some_and(|r| r.country() == cc));
        }
    }
    if hits.is_empty() {
        hits = gather(g, &parsed, true);
        hits.retain(|h| g.record(h.record).is_some_and(|r| keep(&r)));
    }
    // Score first, and spend strings only on the candidates that are kept.
    let mut scored: Vec<(f64, Hit, Record)> = hits
        .iter()
        .filter_map(|h| {
            let r = g.record(h.record)?;
            Some((score(&r, h, query, None), *h, r))
        })
        .collect();
    if query.mode == Some(Mode::Sea) {
        promote_harbours(&mut scored);
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.2.index.cmp(&b.2.index)));
    let mut kept: Vec<(f64, Hit, Record)> = Vec::new();
    for item in scored {
        let at = item.2.at();
        // A port and the town beside it are both kept: the port is where a ship
        // calls, the town where a train or a plane does (the builder picks by mode).
        if kept.iter().any(|k| {
            distance_km(k.2.at(), at) < SAME_PLACE_KM && is_harbour(&k.2) == is_harbour(&item.2)
        }) {
            continue;
        }
        kept.push(item);
        if kept.len() == limit {
            break;
        }
    }
    kept.into_iter()
        .map(|(score_value, h, r)| {
            let mut why = Vec::new();
            if score(&r, &h, query, Some(&mut why)) < score_value - PROMOTED / 2.0 {
                why.push("the port of the town of that name: where a ship calls".to_owned());
            }
            Candidate {
                place: r.to_place(),
                score: score_value,
                matched: h.matched,
                why: why.join("; "),
            }
        })
        .collect()
}

/// A harbour and a town of the name this close are the town's port: for a sea leg the
/// port ranks first (the builder sails from it, `builder::port_of`).
pub(crate) const TOWN_PORT_KM: f64 = 30.0;

/// For a sea leg, a harbour of the name within [`TOWN_PORT_KM`] of a better-scored town
/// of the name ranks just above that town: the port is where a ship calls (the port of
/// Petropavlovsk-Kamchatsky, 16 km from the city's centre, over the city), while the
/// town still ranks above namesakes elsewhere.
fn promote_harbours(scored: &mut [(f64, Hit, Record)]) {
    let towns: Vec<(f64, LonLat)> = scored
        .iter()
        .filter(|s| s.2.kind == PlaceKind::City)
        .map(|s| (s.0, s.2.at()))
        .collect();
    for s in scored.iter_mut().filter(|s| is_harbour(&s.2)) {
        for &(town, at) in &towns {
            if town >= s.0 && distance_km(at, s.2.at()) <= TOWN_PORT_KM {
                s.0 = town + PROMOTED;
            }
        }
    }
}

/// What a promoted harbour scores above its town.
const PROMOTED: f64 = 0.001;

/// Every record the parsed query names, each once with its best match.
fn gather(g: &EmbeddedGazetteer, parsed: &ParsedQuery, fuzzy: bool) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let push = |hits: &mut Vec<Hit>, posting: u32, matched: MatchKind, edits, v: &NameVariant| {
        let record = posting >> 2;
        let h = Hit {
            record,
            matched,
            edits,
            port_hint: v.port_hint,
            penalty: v.penalty,
            alternate_key: posting & 3 == 2,
        };
        match hits.iter_mut().find(|x| x.record == record) {
            Some(x) if base_score(&h) > base_score(x) => *x = h,
            Some(_) => {}
            None => hits.push(h),
        }
    };
    if !fuzzy {
        if let Some(code) = &parsed.locode {
            let mut key = vec![LOCODE_PREFIX];
            key.extend_from_slice(code.as_bytes());
            let as_port = NameVariant {
                folded: String::new(),
                port_hint: true,
                penalty: 0.0,
            };
            for p in g.postings(&key) {
                push(&mut hits, p, MatchKind::Locode, 0, &as_port);
            }
        }
    }
    for variant in &parsed.names {
        // A name in another script is also looked up in Latin letters, as a spelling
        // variant: `Амирабад` finds the port whose record has no Cyrillic name.
        let latin = transliterate(&variant.folded);
        if fuzzy && script(&variant.folded) == Some(Script::Arabic) {
            // short vowels are not written: match the consonants alone, as a neighbour
            if let Some(abjad) = latin.as_deref().and_then(Abjad::new) {
                for (_, postings) in g.keys_matching(abjad, FUZZY_KEY_CAP) {
                    for p in postings {
                        // looser than one typo: scored as two
                        push(&mut hits, p, MatchKind::Fuzzy, 2, variant);
                    }
                }
            }
        }
        let keys = std::iter::once(&variant.folded).chain(latin.iter());
        for (i, key) in keys.enumerate() {
            if fuzzy {
                // Byte edits mean letters only in Latin script: in Hangul or Han one
                // byte apart is another syllable (청진 Chongjin, 천진 Tianjin).
                if key.is_ascii() && edit_budget(key) > 0 {
                    for (_, edits, postings) in g.fuzzy_keys(key, edit_budget(key), FUZZY_KEY_CAP) {
                        for p in postings {
                            push(&mut hits, p, MatchKind::Fuzzy, edits, variant);
                        }
                    }
                }
                continue;
            }
            // A transliteration (i > 0) is a variant spelling, never an exact name.
            for p in g.postings(key.as_bytes()) {
                let kind = if i == 0 {
                    match_kind(p)
                } else {
                    MatchKind::Variant
                };
                push(&mut hits, p, kind, 0, variant);
            }
            if let Some(sk) = skeleton(key) {
                let mut k = vec![SKELETON_PREFIX];
                k.extend_from_slice(sk.as_bytes());
                for p in g.postings(&k) {
                    push(&mut hits, p, MatchKind::Variant, 0, variant);
                }
            }
        }
    }
    hits
}

/// The score of one candidate; with `why`, also the reasons, for people.
fn score(r: &Record, h: &Hit, query: &Query<'_>, mut why: Option<&mut Vec<String>>) -> f64 {
    let mut note = |reason: &dyn Fn() -> String| {
        if let Some(w) = why.as_mut() {
            w.push(reason());
        }
    };
    let mut s = base_score(h);
    note(&|| match h.matched {
        MatchKind::Name => "exact name".to_owned(),
        MatchKind::Alternate => "alternate name".to_owned(),
        MatchKind::Locode => "UN/LOCODE".to_owned(),
        MatchKind::Variant => "spelling variant".to_owned(),
        MatchKind::Fuzzy => format!(
            "near spelling ({} edit{})",
            h.edits,
            if h.edits == 1 { "" } else { "s" }
        ),
        MatchKind::User => "user place".to_owned(),
        MatchKind::Coordinates => "coordinates".to_owned(),
    });
    if h.matched == MatchKind::Alternate
        && ((r.supplement && !r.has(FLAG_DERIVED)) || r.has(FLAG_CURATED))
    {
        // our supplement's alternates are the names reports use for the facility
        s += 0.1;
        note(&|| "curated alternate".to_owned());
    }
    if r.population > 0 {
        // 0.3 for ten million people, 0.21 for 100,000, 0.13 for 2,000.
        s += 0.3 * (f64::from(r.population) + 1.0).log10().min(7.0) / 7.0;
        note(&|| format!("population {}", thousands(r.population)));
    }
    if r.has(FLAG_CAPITAL) {
        s += 0.15;
        note(&|| "capital".to_owned());
    } else if r.has(FLAG_ADMIN1_SEAT) {
        s += 0.08;
        note(&|| "regional seat".to_owned());
    } else if r.has(FLAG_ADMIN2_SEAT) {
        // Small: a county seat is everywhere (3,000 in the US alone); 0.01 is what 1.7
        // times the population adds, so it breaks near-ties but never outranks a city
        // several times larger (Vancouver, BC over Vancouver, WA, the county seat).
        s += 0.01;
        note(&|| "district seat".to_owned());
    }
    if r.has(FLAG_SECTION) {
        s -= 0.1;
        note(&|| "part of a larger city".to_owned());
    }
    match r.kind {
        PlaceKind::Port => {
            // Ports carry no population: rank one like a town of a few thousand, so a
            // namesake port abroad does not rival a city (Hamburg, DE over Hamburg, NJ).
            s += 0.1;
            note(&|| "port".to_owned());
        }
        PlaceKind::City => {}
        kind => {
            // a named facility: what this field's reports mean by its name
            s += 0.15;
            note(&|| kind.as_str().to_owned());
        }
    }
    if r.supplement {
        s += 0.1;
        note(&|| "shipmap supplement".to_owned());
    }
    s += mode_fit(r, h, query, &mut note);
    if let Some(near) = query.near {
        let d_km = distance_km(near, r.at());
        // Up to 0.4 off for a place 3,000 km or more from the other stops: more than a
        // large city's importance, so a namesake abroad loses to one near the route.
        s -= 0.4 * (d_km / 3000.0).min(1.0);
        note(&|| format!("{} km from the other stops", d_km.round()));
    }
    if !query.within.is_empty() {
        if query
            .within
            .iter()
            .any(|c| c.eq_ignore_ascii_case(r.country()))
        {
            s += 0.1;
            note(&|| format!("in {} (within)", r.country()));
        } else {
            s -= 0.3;
            note(&|| format!("outside the leg's countries ({})", r.country()));
        }
    }
    s
}

/// How well the kind of place fits the leg: a sea leg wants a port or terminal (and,
/// as `via`, a strait); a rail leg a border crossing or station; an air leg an air
/// base. A strait is never a leg's end.
fn mode_fit(
    r: &Record,
    h: &Hit,
    query: &Query<'_>,
    note: &mut dyn FnMut(&dyn Fn() -> String),
) -> f64 {
    let kind = r.kind;
    if query.mode == Some(Mode::Sea) || h.port_hint {
        let reason = if h.port_hint {
            "port asked for"
        } else {
            "sea leg"
        };
        return match kind {
            PlaceKind::Strait if query.via => {
                note(&|| "sea via: strait".to_owned());
                0.3
            }
            PlaceKind::Port | PlaceKind::Terminal => {
                note(&|| format!("{reason}: {}", kind.as_str()));
                0.15
            }
            PlaceKind::Base if r.has(FLAG_COASTAL) || r.supplement => {
                note(&|| format!("{reason}: naval base"));
                0.1
            }
            PlaceKind::Strait => {
                note(&|| "a strait is no leg's end".to_owned());
                -0.3
            }
            PlaceKind::Airbase => {
                note(&|| format!("{reason}: an air base"));
                -0.15
            }
            _ if r.has(FLAG_COASTAL) => {
                note(&|| format!("{reason}: coastal"));
                0.1
            }
            // On the shore but with no port record: neither favoured nor marked down as
            // inland, so its population decides against namesakes abroad. Not a bonus: a
            // town's own port record, where one exists, stays the sea leg's pick.
            _ if r.has(FLAG_SHORE) && !h.port_hint => {
                note(&|| format!("{reason}: on the shore"));
                0.0
            }
            PlaceKind::City if !h.port_hint => {
                note(&|| "sea leg: inland".to_owned());
                -0.15
            }
            _ if h.port_hint => {
                note(&|| "port asked for: not a port".to_owned());
                -0.2
            }
            _ => 0.0,
        };
    }
    match (query.mode, kind) {
        (_, PlaceKind::Strait) if !query.via && query.mode.is_some() => {
            note(&|| "a strait is no land leg's end".to_owned());
            -0.3
        }
        (Some(Mode::Rail | Mode::Road), PlaceKind::BorderCrossing) => {
            note(&|| "land leg: border crossing".to_owned());
            0.15
        }
        (Some(Mode::Rail | Mode::Road), PlaceKind::Depot | PlaceKind::Plant | PlaceKind::Base) => {
            note(&|| "land leg: facility".to_owned());
            0.05
        }
        (Some(Mode::Air), PlaceKind::Airbase) => {
            note(&|| "air leg: air base".to_owned());
            0.2
        }
        _ => 0.0,
    }
}

fn thousands(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LonLat;

    fn g() -> EmbeddedGazetteer {
        EmbeddedGazetteer::load().unwrap()
    }

    fn top(text: &str) -> Candidate {
        lookup(&g(), &Query::new(text), 5).remove(0)
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(1_130_305), "1,130,305");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(0), "0");
    }

    #[test]
    fn najin_finds_rajin_or_its_port() {
        let c = top("Najin");
        assert!(distance_km(c.place.at, LonLat::new(130.283, 42.256).unwrap()) < 10.0);
    }

    #[test]
    fn sea_mode_prefers_the_port() {
        let mut q = Query::new("Najin");
        q.mode = Some(Mode::Sea);
        let c = lookup(&g(), &q, 3).remove(0);
        assert_eq!(c.place.id, "locode:KPNJN");
        assert!(c.why.contains("sea leg: port"), "{}", c.why);
    }

    #[test]
    fn country_qualifier_filters() {
        let c = top("Dunay, RU");
        assert_eq!(c.place.id, "geonames:2024800");
        assert!(lookup(&g(), &Query::new("Dunay, KP"), 5).iter().all(|c| c
            .place
            .country
            .as_deref()
            == Some("KP")));
    }

    #[test]
    fn near_breaks_ties() {
        let mut q = Query::new("Vostochnyy");
        q.near = Some(LonLat::new(52.2, 58.7).unwrap());
        let c = lookup(&g(), &q, 3).remove(0);
        assert_eq!(c.place.id, "geonames:471499");
    }

    #[test]
    fn exact_name_beats_a_distant_towns_alternate() {
        // Hassan, Karnataka lists "Khasan" among its alternates; Khasan, RU is the name
        let c = top("Khasan");
        assert_eq!(c.place.country.as_deref(), Some("RU"));
        assert_eq!(c.matched, MatchKind::Name);
    }

    #[test]
    fn rail_context_prefers_the_border_crossing_near_the_other_stop() {
        let q = Query {
            mode: Some(Mode::Rail),
            near: Some(LonLat::new(130.28, 42.26).unwrap()), // Rajin
            ..Query::new("Khasan")
        };
        let all = lookup(&g(), &q, 3);
        assert_eq!(all[0].place.id, "shipmap:khasan");
        assert_eq!(all[0].place.kind, PlaceKind::BorderCrossing);
        assert!(
            all[0].why.contains("land leg: border crossing"),
            "{}",
            all[0].why
        );
        assert!(all[1].score < all[0].score - 0.3, "{all:?}");
    }

    #[test]
    fn sea_via_prefers_a_strait() {
        let q = Query {
            mode: Some(Mode::Sea),
            via: true,
            ..Query::new("Bosporus")
        };
        let c = lookup(&g(), &q, 3).remove(0);
        assert_eq!(c.place.kind, PlaceKind::Strait);
        assert!(c.why.contains("sea via: strait"), "{}", c.why);
    }

    #[test]
    fn a_sea_leg_does_not_end_at_an_air_base_named_after_the_town() {
        // OurAirports lists "Sirte" among the keywords of Ghardabiya air base: a
        // package's keyword is no curated name, and a sea leg wants the coastal town
        let q = Query {
            mode: Some(Mode::Sea),
            ..Query::new("Sirte")
        };
        let c = lookup(&g(), &q, 3).remove(0);
        assert_eq!(
            (c.place.kind, c.place.country.as_deref()),
            (PlaceKind::City, Some("LY"))
        );
    }

    #[test]
    fn within_countries_weigh_in() {
        let within = ["SY".to_owned()];
        let q = Query {
            within: &within,
            ..Query::new("Palmyra")
        };
        let c = lookup(&g(), &q, 3).remove(0);
        assert_eq!(c.place.country.as_deref(), Some("SY"));
        assert!(c.why.contains("in SY (within)"), "{}", c.why);
    }

    #[test]
    fn a_namesake_port_abroad_does_not_rival_a_city() {
        let q = Query {
            mode: Some(Mode::Sea),
            ..Query::new("Hamburg")
        };
        let all = lookup(&g(), &q, 4);
        assert_eq!(all[0].place.country.as_deref(), Some("DE"));
        let abroad = all
            .iter()
            .find(|c| c.place.country.as_deref() != Some("DE"))
            .unwrap();
        assert!(abroad.score < all[0].score - 0.12, "{all:?}");
    }

    #[test]
    fn typos_are_fuzzy_and_say_so() {
        let c = top("Tikhoretks");
        assert_eq!(c.place.id, "geonames:483029");
        assert_eq!(c.matched, MatchKind::Fuzzy);
        assert!(c.why.starts_with("near spelling (2 edits)"), "{}", c.why);
    }

    #[test]
    fn cyrillic_and_variants_resolve() {
        assert_eq!(top("Тихорецк").place.id, "geonames:483029");
        assert_eq!(top("Novorossiiysk").matched, MatchKind::Variant);
        assert_eq!(top("Novorossiiysk").place.id, "geonames:518255");
    }

    #[test]
    fn same_place_twice_is_kept_once() {
        let harbour = |c: &Candidate| matches!(c.place.kind, PlaceKind::Port | PlaceKind::Terminal);
        let all = lookup(&g(), &Query::new("Nakhodka"), 10);
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert!(
                    distance_km(a.place.at, b.place.at) >= SAME_PLACE_KM
                        || harbour(a) != harbour(b),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn a_port_beside_its_town_ranks_first_for_a_sea_leg() {
        // The town would outscore its port; a sea leg's end is the port, and the town
        // stays listed next (for other modes, and for the builder's port_of).
        for (name, locode) in [("Novorossiysk", "locode:RUNVS"), ("London", "locode:GBLON")] {
            let all = lookup(
                &g(),
                &Query {
                    mode: Some(Mode::Sea),
                    ..Query::new(name)
                },
                8,
            );
            assert_eq!(all[0].place.id, locode, "{name}: {all:?}");
            assert!(
                all[0].why.contains("the port of the town"),
                "{}",
                all[0].why
            );
            assert_eq!(all[1].place.kind, PlaceKind::City, "{name}: {all:?}");
        }
        // Without a sea leg the town comes first.
        for name in ["Novorossiysk", "London"] {
            assert_eq!(top(name).place.kind, PlaceKind::City, "{name}");
        }
    }

    #[test]
    fn nonsense_and_huge_input_give_nothing() {
        assert!(lookup(&g(), &Query::new("qqqqxzzzv"), 5).is_empty());
        assert!(lookup(&g(), &Query::new(&"a".repeat(10_000)), 5).is_empty());
        assert!(lookup(&g(), &Query::new(""), 5).is_empty());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn lookup_never_panics_and_respects_limit(text in "\\PC{0,30}", limit in 0usize..6) {
            let got = lookup(&g(), &Query::new(&text), limit);
            proptest::prop_assert!(got.len() <= limit);
            for c in &got {
                proptest::prop_assert!(c.score.is_finite());
            }
        }
    }
}
