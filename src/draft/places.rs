//! Place mentions in a sentence: runs of capitalised words (and words in scripts
//! without case) looked up whole in the gazetteer's exact and alternate-name index,
//! longest first, countries first. No fuzzy scan: a word that is not a name in the
//! index is not a place.

use crate::gazetteer::countries::country_code;
use crate::gazetteer::embedded::EmbeddedGazetteer;
use crate::gazetteer::fold::fold;
use crate::gazetteer::UserPlaces;
use crate::model::PlaceKind;

use super::cues::{adjective_country, cue_before, Cue, Role};
use super::text::Token;

/// The longest name tried, in words ("Bandar-e Anzali", "Port of Spain").
const MAX_WORDS: usize = 4;

/// Capitalised words that are never taken as places: they start sentences, or name
/// people, bodies and things more often than a village of that name.
const NOT_PLACES: &[&str] = &[
    "the",
    "a",
    "an",
    "it",
    "its",
    "they",
    "their",
    "he",
    "she",
    "his",
    "her",
    "we",
    "our",
    "this",
    "that",
    "these",
    "those",
    "then",
    "there",
    "but",
    "and",
    "or",
    "after",
    "before",
    "from",
    "to",
    "by",
    "for",
    "of",
    "with",
    "as",
    "when",
    "while",
    "later",
    "some",
    "most",
    "all",
    "in",
    "on",
    "at",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "officials",
    "ship",
    "ships",
    "vessel",
    "vessels",
    "train",
    "trains",
    "trucks",
    "north",
    "south",
    "east",
    "west",
    "central",
    "sea",
    "port",
    "gulf",
    "strait",
    "river",
    "mr",
    "ms",
    "president",
    "minister",
    "ministry",
    "navy",
    "army",
    "air",
    "force",
    "defense",
    "defence",
    "department",
    "council",
    "national",
    "security",
    "white",
    "house",
    "reuters",
    "press",
    "times",
    "post",
    "institute",
    "center",
    "centre",
    "group",
    "company",
    "bank",
    "kremlin",
    "pentagon",
    "united",
    "states",
    "nations",
    "union",
    "treasury",
    "satellite",
    "imagery",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "early",
    "mid",
    "late",
    "about",
    "between",
    "during",
    "since",
    "until",
    "among",
    "according",
    "several",
    "both",
    "each",
    "every",
    "no",
    "not",
    "only",
    "also",
    "however",
    "meanwhile",
    "once",
    "if",
    "so",
    "yet",
    "such",
    "many",
    "more",
    "other",
    "another",
    "new",
    "old",
    "great",
    "little",
    "big",
    "grand",
    "victoria",
    "general",
    "colonel",
    "captain",
    "admiral",
    "marshal",
    "ocean",
    "black",
    "red",
    "white",
    "caspian",
    "baltic",
    "pacific",
    "atlantic",
    "arctic",
    "mediterranean",
    "far",
    "middle",
    "western",
    "eastern",
    "northern",
    "southern",
    "day",
    "week",
    "month",
    "year",
    "cargo",
    "containers",
    "container",
    "arms",
    "weapons",
    "munitions",
    "shells",
    "drones",
    "missiles",
    "oil",
    "fuel",
    "grain",
    "tanker",
    "tankers",
    "flight",
    "flights",
    "trade",
    "customs",
    "border",
    "rail",
    "railway",
    "road",
    "highway",
    "station",
    "terminal",
    "base",
    "airport",
    "airbase",
    "field",
    "fleet",
    "shadow",
    "ukrainian",
    "russian",
    "iranian",
    "korean",
    "chinese",
    "syrian",
    "belarusian",
    "american",
    "european",
    "western",
    "soviet",
    "said",
    "says",
    "told",
    "data",
    "tracking",
    "images",
    "photos",
    "report",
    "reports",
    "lloyd",
    "marinetraffic",
    "maxar",
    "planet",
    "google",
    "earth",
    "flightradar24",
    "tass",
    "ria",
    "interfax",
    "kcna",
    "yonhap",
    "bbc",
    "cnn",
    "nsc",
    "un",
    "eu",
    "nato",
    "usa",
    "uk",
    "us",
    "wagner",
    "houthi",
    "houthis",
    "hamas",
    "hezbollah",
    "irgc",
    "quds",
    "fsb",
    "gru",
    "mod",
    "sanctions",
    "unit",
    "brigade",
    "division",
    "regiment",
    "corps",
    "fleet",
    "line",
    "lines",
    "bridge",
    "canal",
    "corridor",
    "route",
    "island",
    "islands",
    "bay",
    "cape",
    "point",
    "mount",
    "lake",
    "peninsula",
    "region",
    "province",
    "oblast",
    "krai",
    "district",
    "state",
    "city",
    "town",
    "village",
    "capital",
    "republic",
    "kingdom",
    "federation",
    "union",
    "coast",
    "guard",
    "ministry",
    "agency",
    "service",
    "services",
    "office",
    "forces",
    "troops",
    "military",
    "officers",
    "soldiers",
    "crew",
    "crews",
    "captain",
    "owner",
    "owners",
    "operator",
    "operators",
    "flag",
    "flagged",
    "registered",
    "ilyushin",
    "antonov",
    "boeing",
    "airbus",
    "il-76",
    "an-124",
    "hormuz",
    "suez",
    "bosporus",
    "bosphorus",
    "dardanelles",
    "german",
    "french",
    "british",
    "italian",
    "greek",
    "spanish",
    "dutch",
    "polish",
    "japanese",
    "norwegian",
    "swedish",
    "danish",
    "finnish",
    "israeli",
    "lebanese",
    "iraqi",
    "afghan",
    "pakistani",
    "indian",
    "egyptian",
    "african",
    "asian",
    "arab",
    "persian",
    "telegram",
    "kazakh",
    "uzbek",
    "turkmen",
    "kyrgyz",
    "tajik",
    "azerbaijani",
    "georgian",
    "armenian",
    "mongolian",
    "libyan",
    "yemeni",
    "sudanese",
    "turkish",
];

/// What a mention names.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Named {
    /// A country (ISO alpha-2).
    Country(String),
    /// A place in the gazetteer or the user's places.
    Place {
        /// The largest population among the records of this name (0 when none).
        population: u32,
        /// A port, terminal, base or other facility of this name exists.
        facility: bool,
    },
}

/// A place or country named in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    /// The words as written.
    pub written: String,
    /// First and one-past-last token.
    pub first: usize,
    pub last: usize,
    pub named: Named,
    /// A country the text gives for it: "Dunay, Russia", "Russia's Vostochny", "the
    /// Russian port of Ust-Luga".
    pub country: Option<String>,
    /// The cue before it, if any.
    pub cue: Option<Cue>,
    /// "port of", "harbour", "naval base" right before it: the place is a port.
    pub port_words: bool,
}

impl Mention {
    /// Its role as a stop; `None` for context, countries and uncued places.
    pub fn stop_role(&self) -> Option<Role> {
        match (&self.named, &self.cue) {
            (Named::Place { .. }, Some(c)) if c.role != Role::Context => Some(c.role),
            _ => None,
        }
    }

    /// The text to resolve: the name, qualified with the country the text gives.
    pub fn query(&self) -> String {
        match &self.country {
            Some(cc) => format!("{}, {cc}", self.written),
            None => self.written.clone(),
        }
    }
}

/// Where names are looked up, with the answers kept: an article repeats its names.
pub(crate) struct Index<'a> {
    pub embedded: &'a EmbeddedGazetteer,
    pub user: &'a UserPlaces,
    pub seen: std::cell::RefCell<std::collections::HashMap<(String, usize), Option<Named>>>,
}

impl Index<'_> {
    fn lookup_cached(&self, text: &str, words: usize) -> Option<Named> {
        let key = (text.to_owned(), words);
        if let Some(hit) = self.seen.borrow().get(&key) {
            return hit.clone();
        }
        let named = self.lookup(text, words);
        self.seen.borrow_mut().insert(key, named.clone());
        named
    }

    /// A large city under exactly this name (Hong Kong, Singapore, Kuwait, Djibouti).
    fn city_named(&self, text: &str) -> bool {
        let key = fold(text);
        self.embedded.postings(key.as_bytes()).iter().any(|p| {
            p & 3 <= 1
                && self.embedded.record(p >> 2).is_some_and(|r| {
                    r.population >= 300_000
                        && fold(r.name) == key
                        && country_code(text).as_deref() == Some(r.country())
                })
        })
    }

    /// What `text` names, if anything: a country, a user place, or an embedded place
    /// under its own or an alternate name.
    fn lookup(&self, text: &str, words: usize) -> Option<Named> {
        let short = text.chars().count() <= 3;
        let all_caps = text.chars().all(|c| !c.is_lowercase());
        if (!short || all_caps) && words <= 3 {
            if let Some(cc) = country_code(text) {
                // A two- or three-letter code counts only written in capitals (`DPRK`,
                // `UAE`), not `Ira` or `Per`; a city-state (Hong Kong, Singapore) is a
                // place too.
                if !self.city_named(text) {
                    return Some(Named::Country(cc));
                }
            }
        }
        if self.user.contains(text) {
            return Some(Named::Place {
                population: 0,
                facility: true,
            });
        }
        if words == 1 && NOT_PLACES.contains(&text.to_lowercase().as_str()) {
            return None;
        }
        let key = fold(text);
        if key.chars().count() < 3 {
            return None;
        }
        let postings = self.embedded.postings(key.as_bytes());
        let mut best: Option<(u32, bool)> = None;
        for p in postings {
            let Some(r) = self.embedded.record(p >> 2) else {
                continue;
            };
            let facility = r.kind != PlaceKind::City;
            let b = best.get_or_insert((0, false));
            b.0 = b.0.max(r.population);
            b.1 |= facility;
        }
        best.map(|(population, facility)| Named::Place {
            population,
            facility,
        })
    }
}

/// Whether a token may be part of a name: capitalised, or a joining word inside one.
fn name_word(t: &Token) -> bool {
    !t.punct && (t.capitalised() || t.text.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

fn joiner(t: &Token) -> bool {
    matches!(
        t.lower.as_str(),
        "de" | "del" | "al" | "el" | "e" | "na" | "on" | "upon" | "la" | "le" | "do" | "da" | "di"
    )
}

/// The mentions of one sentence, in order, with their qualifiers and cues.
pub(crate) fn mentions(tokens: &[Token], index: &Index<'_>) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !tokens[i].capitalised() || tokens[i].punct {
            i += 1;
            continue;
        }
        let mut found = None;
        for n in (1..=MAX_WORDS).rev() {
            let Some(run) = tokens.get(i..i + n) else {
                continue;
            };
            let inner_ok = run
                .iter()
                .enumerate()
                .all(|(k, t)| name_word(t) || (k > 0 && k + 1 < n && joiner(t)));
            if !inner_ok || !name_word(&run[n - 1]) {
                continue;
            }
            let written = join(tokens, i, i + n);
            if let Some(named) = index.lookup_cached(&written, n) {
                found = Some((n, written, named));
                break;
            }
        }
        let Some((n, written, named)) = found else {
            i += 1;
            continue;
        };
        if ship_word_before(tokens, i) {
            // "the cargo ship Angara", "the landing ship Nikolai Filchenkov": a name
            i = skip_name(tokens, i);
            continue;
        }
        out.push(Mention {
            written,
            first: i,
            last: i + n,
            named,
            country: None,
            cue: None,
            port_words: false,
        });
        i += n;
    }
    qualify(tokens, &mut out);
    for m in &mut out {
        m.cue = cue_before(tokens, m.first, 0);
        m.port_words = port_words_before(tokens, m.first);
    }
    out
}

/// The words from token `a` to token `b` (exclusive), as written.
fn join(tokens: &[Token], a: usize, b: usize) -> String {
    let mut s = String::new();
    for (k, t) in tokens[a..b].iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        s.push_str(&t.text);
    }
    s
}

/// Attaches country qualifiers: a country right after a place, after a comma or in
/// brackets ("Dunay, Russia"), is the place's country and no mention of its own; so
/// is a country or nationality adjective shortly before it ("Russia's port of
/// Vostochny").
fn qualify(tokens: &[Token], mentions: &mut Vec<Mention>) {
    let mut k = 0;
    while k < mentions.len() {
        if matches!(mentions[k].named, Named::Place { .. }) {
            let next = mentions.get(k + 1);
            let end = mentions[k].last;
            let sep = tokens.get(end).map(|t| t.lower.as_str());
            if let Some(Named::Country(cc)) = next.map(|m| m.named.clone()) {
                if matches!(sep, Some("," | "(")) && next.is_some_and(|m| m.first == end + 1) {
                    mentions[k].country = Some(cc);
                    mentions.remove(k + 1);
                }
            }
            if mentions[k].country.is_none() {
                let first = mentions[k].first;
                let floor = first.saturating_sub(4);
                for j in (floor..first).rev() {
                    let t = &tokens[j];
                    if let Some(cc) = adjective_country(&t.lower) {
                        mentions[k].country = Some(cc.to_owned());
                        break;
                    }
                    if let Some(prev) = k.checked_sub(1).map(|p| &mentions[p]) {
                        if prev.last == j + 1 {
                            // "Russia's Vostochny": a possessive country right before
                            let possessive = tokens[j].text.len()
                                < (tokens[j].end - tokens[j].start) + 2
                                && sentence_has_possessive(tokens, j);
                            if let Named::Country(cc) = &prev.named {
                                if possessive || j + 1 == first {
                                    mentions[k].country = Some(cc.clone());
                                }
                            }
                            break;
                        }
                    }
                    let filler = matches!(
                        t.lower.as_str(),
                        "port"
                            | "of"
                            | "the"
                            | "city"
                            | "town"
                            | "harbour"
                            | "harbor"
                            | "naval"
                            | "base"
                            | "border"
                            | "station"
                            | "terminal"
                            | "air"
                            | "airbase"
                            | "airport"
                            | "far"
                            | "east"
                            | "eastern"
                            | "western"
                            | "southern"
                            | "northern"
                            | "caspian"
                            | "black"
                            | "sea"
                            | "baltic"
                            | "coast"
                    );
                    if !filler {
                        break;
                    }
                }
            }
        }
        k += 1;
    }
}

/// Whether token `j` was written with a possessive `'s` (cut off by the tokenizer).
fn sentence_has_possessive(tokens: &[Token], j: usize) -> bool {
    let t = &tokens[j];
    let next_start = tokens.get(j + 1).map_or(usize::MAX, |n| n.start);
    next_start > t.end + 1
}

/// A vessel word right before a name: the name is a ship's.
fn ship_word_before(tokens: &[Token], i: usize) -> bool {
    i.checked_sub(1).is_some_and(|j| {
        matches!(
            tokens[j].lower.as_str(),
            "ship"
                | "vessel"
                | "tanker"
                | "freighter"
                | "carrier"
                | "ferry"
                | "dhow"
                | "trawler"
                | "boat"
                | "barge"
                | "ro-ro"
                | "tug"
                | "icebreaker"
                | "frigate"
                | "corvette"
                | "mv"
                | "m/v"
                | "yacht"
        )
    })
}

/// The token after a run of capitalised words starting at `i`.
fn skip_name(tokens: &[Token], i: usize) -> usize {
    let mut j = i;
    while j < tokens.len() && name_word(&tokens[j]) {
        j += 1;
    }
    j.max(i + 1)
}

fn port_words_before(tokens: &[Token], first: usize) -> bool {
    let floor = first.saturating_sub(3);
    tokens[floor..first].iter().any(|t| {
        matches!(
            t.lower.as_str(),
            "port" | "harbour" | "harbor" | "naval" | "seaport" | "terminal" | "pier" | "docks"
        )
    })
}

/// Capitalised words right after a stop cue that name nothing the gazetteer knows:
/// names the analyst must supply ("shipped to the Kotluban arsenal").
pub(crate) fn unknown_after_cues(tokens: &[Token], mentions: &[Mention]) -> Vec<(String, Role)> {
    let mut out = Vec::new();
    let taken = |i: usize| mentions.iter().any(|m| (m.first..m.last).contains(&i));
    let mut i = 0;
    while i < tokens.len() {
        let t = &tokens[i];
        if t.punct || !t.capitalised() || taken(i) || i == 0 {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < tokens.len() && name_word(&tokens[j]) && !taken(j) {
            j += 1;
        }
        let before = i.saturating_sub(2);
        let cued = tokens[before..i].iter().any(|b| {
            matches!(
                b.lower.as_str(),
                "from" | "to" | "via" | "into" | "at" | "reached" | "left" | "through"
            )
        });
        if cued {
            if let Some(cue) = cue_before(tokens, i, 0) {
                let name = join(tokens, i, j);
                let lower = name.to_lowercase();
                if cue.role != Role::Context
                    && !NOT_PLACES.contains(&lower.as_str())
                    && !name.chars().any(|c| c.is_ascii_digit())
                {
                    out.push((name, cue.role));
                }
            }
        }
        i = j.max(i + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::text::tokens;

    fn found(sentence: &str) -> Vec<(String, Option<Role>, Option<String>)> {
        let g = EmbeddedGazetteer::load().unwrap();
        let user = UserPlaces::default();
        let index = Index {
            embedded: &g,
            user: &user,
            seen: Default::default(),
        };
        mentions(&tokens(sentence), &index)
            .into_iter()
            .map(|m| (m.written.clone(), m.stop_role(), m.country.clone()))
            .collect()
    }

    #[test]
    fn stops_qualifiers_and_context() {
        let m = found("The arms were shipped from Najin, North Korea, and arrived in Dunay, Russia on Sept. 12.");
        assert_eq!(
            m[0],
            ("Najin".into(), Some(Role::Origin), Some("KP".into()))
        );
        assert_eq!(
            m[1],
            ("Dunay".into(), Some(Role::Destination), Some("RU".into()))
        );
        assert_eq!(m.len(), 2);
        let m = found("Officials in Seoul said the drones were sent to Russia for use in Ukraine.");
        assert_eq!(m[0].1, None, "a speaker's city is context: {m:?}");
        assert!(
            m.iter().all(|x| x.1.is_none()),
            "countries are never stops: {m:?}"
        );
    }

    #[test]
    fn via_and_adjectives() {
        let m = found(
            "The train crossed into Russia via Khasan and reached the Russian port of Vostochny.",
        );
        let khasan = m.iter().find(|x| x.0 == "Khasan").unwrap();
        assert_eq!(khasan.1, Some(Role::Via));
        let v = m.iter().find(|x| x.0 == "Vostochny").unwrap();
        assert_eq!(v.1, Some(Role::Destination));
        assert_eq!(v.2.as_deref(), Some("RU"));
    }
}
