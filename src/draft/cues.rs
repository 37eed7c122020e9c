//! The words that tell a stop from context, and the words that tell the mode.
//!
//! A place is a stop only when a cue before it in its clause says so ("shipped from",
//! "arrived in", "via", "crossed into"); the nearest cue wins, so "sent to Russia for
//! use in Ukraine" makes Russia a destination and Ukraine context.

use crate::model::Mode;

use super::text::Token;

/// What a cue says about the place after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Where a leg starts.
    Origin,
    /// Where a leg ends.
    Destination,
    /// A place passed on the way.
    Via,
    /// Not a stop: a speaker's city, a country at war, a visit.
    Context,
}

/// A cue found before a place: its role, the words, and the token where it starts.
#[derive(Debug, Clone)]
pub(crate) struct Cue {
    pub role: Role,
    pub words: String,
    pub at: usize,
}

/// Verbs of leaving: "left Najin", "departed from", "loaded at".
const LEAVE: &[&str] = &[
    "left",
    "leaving",
    "leave",
    "leaves",
    "departed",
    "departing",
    "departs",
    "depart",
    "loaded",
    "loading",
    "onloaded",
    "embarked",
];
/// Verbs of arriving: "arrived in", "docked at", "reached".
const ARRIVE: &[&str] = &[
    "arrived",
    "arriving",
    "arrive",
    "arrives",
    "docked",
    "docking",
    "berthed",
    "moored",
    "anchored",
    "unloaded",
    "offloaded",
    "discharged",
    "delivered",
    "landed",
    "landing",
    "reached",
    "reaching",
    "reach",
    "reaches",
    "entered",
    "entering",
    "crossed",
    "crossing",
    "returned",
    "received",
    "pulled",
    "put",
    "touched",
];
/// Verbs of passing: "called at", "stopped in", "transited".
const PASS: &[&str] = &[
    "called",
    "calling",
    "stopped",
    "stopping",
    "transited",
    "transiting",
    "transits",
    "refuelled",
    "refueled",
    "refuelling",
    "refueling",
    "passing",
    "passed",
];
/// Nouns and verbs before which a place is context: "officials in Seoul", "war in
/// Ukraine", "visited Tehran".
const CONTEXT: &[&str] = &[
    "said",
    "says",
    "told",
    "according",
    "officials",
    "official",
    "minister",
    "ministry",
    "government",
    "embassy",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "visited",
    "visit",
    "visiting",
    "talks",
    "summit",
    "war",
    "use",
    "used",
    "fighting",
    "front",
    "against",
    "invasion",
    "support",
    "based",
    "headquartered",
    "sanctions",
    "reported",
    "reporting",
    "analysts",
    "researchers",
    "correspondent",
    "born",
    "attack",
    "attacks",
    "strikes",
    "struck",
    "targets",
    "targeting",
    "shelling",
    "near",
    "outside",
    "capital",
    "intelligence",
    "think",
    "institute",
    "university",
    "dateline",
];

/// The role a cue word gives, looking at the word and the one before it.
fn role_of(tokens: &[Token], i: usize) -> Option<(Role, usize)> {
    let w = tokens[i].lower.as_str();
    let prev = i.checked_sub(1).map(|j| tokens[j].lower.as_str());
    let prev2 = i.checked_sub(2).map(|j| tokens[j].lower.as_str());
    let is = |list: &[&str], word: Option<&str>| word.is_some_and(|x| list.contains(&x));
    let role = match w {
        "from" | "out" => {
            if is(CONTEXT, prev) || prev == Some("delegation") || prev == Some("officials") {
                (Role::Context, i - 1)
            } else {
                (Role::Origin, i)
            }
        }
        "via" | "through" | "transiting" | "transited" => (Role::Via, i),
        "way" if prev == Some("by") => (Role::Via, i - 1),
        "into" | "toward" | "towards" => (Role::Destination, i),
        "to" => {
            if is(CONTEXT, prev) || prev == Some("visit") || prev == Some("trip") {
                (Role::Context, i - 1)
            } else if prev == Some("on") || prev == Some("onward") || prev == Some("onwards") {
                (Role::Destination, i - 1)
            } else {
                (Role::Destination, i)
            }
        }
        "for"
            if matches!(
                prev,
                Some(
                    "bound"
                        | "destined"
                        | "headed"
                        | "heading"
                        | "left"
                        | "sailed"
                        | "departed"
                        | "set"
                        | "course"
                        | "leaving"
                        | "sailing"
                        | "making"
                        | "shipped"
                        | "sent"
                        | "routed"
                        | "sails"
                        | "leaves"
                        | "departing"
                )
            ) || (prev == Some("off") && prev2 == Some("set")) =>
        {
            (Role::Destination, i)
        }
        "for" => return None,
        "at" | "in" | "on" | "off" | "alongside" | "near" => {
            if is(ARRIVE, prev) {
                (Role::Destination, i - 1)
            } else if is(LEAVE, prev) {
                (Role::Origin, i - 1)
            } else if is(PASS, prev) || (prev == Some("stop") || prev == Some("stopover")) {
                (Role::Via, i - 1)
            } else if prev.is_some_and(|p| p == "up")
                && prev2.is_some_and(|p| p == "picked" || p == "taken")
            {
                (Role::Origin, i - 2)
            } else if is(CONTEXT, prev) {
                (Role::Context, i)
            } else if let Some((role, at)) = verb_before(tokens, i) {
                // "unloaded military trucks at Tobruk", "arrived by rail at Lviv"
                (role, at)
            } else if matches!(w, "in" | "near" | "at" | "on" | "off") {
                (Role::Context, i)
            } else {
                return None;
            }
        }
        _ if LEAVE.contains(&w) => (Role::Origin, i),
        _ if ARRIVE.contains(&w) => (Role::Destination, i),
        _ if PASS.contains(&w) => (Role::Via, i),
        _ if CONTEXT.contains(&w) => (Role::Context, i),
        _ => return None,
    };
    Some(role)
}

/// A verb of leaving, arriving or passing a few words before a preposition, with
/// only plain words between (no comma, no other place, no context word).
fn verb_before(tokens: &[Token], i: usize) -> Option<(Role, usize)> {
    let floor = i.saturating_sub(6);
    for j in (floor..i).rev() {
        let t = &tokens[j];
        if t.punct || CONTEXT.contains(&t.lower.as_str()) {
            return None;
        }
        // only a country or the origin may stand between ("crossed from Tumangang into
        // Russia at Khasan"), not a stop ("reached Yekaterinburg via Petropavl on ...")
        let in_from_phrase = j > 0 && matches!(tokens[j - 1].lower.as_str(), "from" | "into");
        if t.capitalised()
            && !in_from_phrase
            && crate::gazetteer::countries::country_code(&t.text).is_none()
        {
            return None;
        }
        let w = t.lower.as_str();
        if ARRIVE.contains(&w) {
            return Some((Role::Destination, j));
        }
        if LEAVE.contains(&w) {
            return Some((Role::Origin, j));
        }
        if PASS.contains(&w) {
            return Some((Role::Via, j));
        }
    }
    None
}

/// The nearest cue before token `at`, within its clause (back to a `;`, a sentence
/// start, or `limit` tokens). Place names, commas and articles between are skipped.
pub(crate) fn cue_before(tokens: &[Token], at: usize, floor: usize) -> Option<Cue> {
    let lowest = at.saturating_sub(8).max(floor);
    let mut i = at;
    while i > lowest {
        i -= 1;
        let t = &tokens[i];
        if t.punct && matches!(t.lower.as_str(), ";" | ":" | "(" | ")" | "\"") {
            return None;
        }
        // a new clause: "..., and that Moscow was preparing"
        if matches!(
            t.lower.as_str(),
            "that"
                | "but"
                | "while"
                | "although"
                | "though"
                | "whereas"
                | "who"
                | "which"
                | "because"
        ) {
            return None;
        }
        if let Some((role, start)) = role_of(tokens, i) {
            let words = tokens[start..=i]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            return Some(Cue {
                role,
                words,
                at: start,
            });
        }
    }
    None
}

/// Words that name a mode, strong (`vessel`, `train`, `Il-76`) or weak (`shipped`,
/// `port`), with their strength.
pub(crate) fn mode_word(tokens: &[Token], i: usize) -> Option<(Mode, bool)> {
    let w = tokens[i].lower.as_str();
    let next = tokens.get(i + 1).map(|t| t.lower.as_str());
    let prev = i.checked_sub(1).map(|j| tokens[j].lower.as_str());
    if prev == Some("by") {
        match w {
            "sea" | "ship" | "ships" | "ferry" | "boat" | "water" | "barge" | "tanker" => {
                return Some((Mode::Sea, true))
            }
            "rail" | "train" | "trains" | "railway" | "railroad" => {
                return Some((Mode::Rail, true))
            }
            "road" | "truck" | "trucks" | "lorry" | "lorries" | "land" => {
                return Some((Mode::Road, true))
            }
            "air" | "plane" | "planes" | "aircraft" => return Some((Mode::Air, true)),
            _ => {}
        }
    }
    let strong = |m| Some((m, true));
    let weak = |m| Some((m, false));
    match w {
        "vessel" | "vessels" | "ship" | "ships" | "tanker" | "tankers" | "freighter"
        | "freighters" | "sailed" | "sailing" | "sails" | "sail" | "ferry" | "ferries"
        | "cargo-ship" | "carrier" | "carriers" | "docked" | "berthed" | "moored" | "voyage"
        | "seaport" | "barge" | "barges" | "dhow" | "dhows" | "boxship" | "ro-ro" | "steamed"
        | "hull" | "seaborne" | "maritime" | "navy" | "landing" | "anchored" | "anchorage"
        | "boat" | "boats" | "trawler" | "trawlers" => {
            if w == "landing" && next.is_some_and(|n| n == "ship" || n == "ships") {
                return strong(Mode::Sea);
            }
            if w == "landing" {
                return None;
            }
            if w == "carrier" || w == "carriers" {
                // "bulk carrier", "car carrier"; not "an air carrier"
                return (prev != Some("air")).then_some((Mode::Sea, true));
            }
            strong(Mode::Sea)
        }
        "port" | "ports" | "harbour" | "harbor" | "shipped" | "shipping" | "terminal" | "pier"
        | "quay" | "berth" => weak(Mode::Sea),
        "train" | "trains" | "rail" | "railway" | "railways" | "railroad" | "wagons" | "wagon"
        | "railcars" | "railcar" | "flatcars" | "flatcar" | "locomotive" | "locomotives"
        | "boxcars" | "trainload" | "trainloads" | "rail-ferry" => strong(Mode::Rail),
        "cars" if prev == Some("freight") => strong(Mode::Rail),
        "station" | "marshalling" | "junction" => weak(Mode::Rail),
        "truck" | "trucks" | "trucked" | "lorry" | "lorries" | "convoy" | "convoys" | "road"
        | "roads" | "highway" | "motorway" | "drove" | "driven" | "tractor-trailers"
        | "trailers" | "overland" => strong(Mode::Road),
        "flight" | "flights" | "flew" | "flown" | "fly" | "flying" | "plane" | "planes"
        | "aircraft" | "airlift" | "airlifted" | "airlifts" | "airliner" | "jet" | "jets"
        | "il-76" | "il-76s" | "il-76md" | "il-76td" | "an-124" | "an-124s" | "an-12" | "c-17"
        | "airborne" | "cargo-plane" | "freighter-jet" | "747" | "y-20" | "a330" => {
            strong(Mode::Air)
        }
        "airport" | "airfield" | "airbase" | "air" => weak(Mode::Air),
        _ => None,
    }
}

/// Verbs that tell the mode by themselves ("sailed", "trucked", "flew"): they name
/// how the goods moved, where a noun may name the cargo ("military trucks").
pub(crate) fn is_mode_verb(word: &str) -> bool {
    matches!(
        word,
        "sailed"
            | "sailing"
            | "steamed"
            | "trucked"
            | "drove"
            | "driven"
            | "flew"
            | "flown"
            | "airlifted"
            | "railed"
            | "docked"
            | "berthed"
            | "moored"
            | "anchored"
    )
}

/// Verbs that move goods without saying to where: "then moved by rail".
pub(crate) fn is_movement(word: &str) -> bool {
    matches!(
        word,
        "moved"
            | "transported"
            | "carried"
            | "taken"
            | "sent"
            | "shipped"
            | "forwarded"
            | "continued"
            | "transferred"
            | "trucked"
            | "railed"
            | "hauled"
            | "dispatched"
            | "loaded"
            | "reloaded"
            | "transshipped"
            | "flown"
            | "airlifted"
    )
}

/// Nationality adjectives: "the Russian port of Vostochny".
pub(crate) fn adjective_country(word: &str) -> Option<&'static str> {
    Some(match word {
        "russian" => "RU",
        "north" => return None,
        "iranian" => "IR",
        "syrian" => "SY",
        "chinese" => "CN",
        "belarusian" => "BY",
        "ukrainian" => "UA",
        "yemeni" => "YE",
        "libyan" => "LY",
        "turkish" => "TR",
        "kazakh" => "KZ",
        "georgian" => "GE",
        "azerbaijani" => "AZ",
        "egyptian" => "EG",
        "emirati" => "AE",
        "indian" => "IN",
        "mongolian" => "MN",
        "polish" => "PL",
        "lithuanian" => "LT",
        "latvian" => "LV",
        "estonian" => "EE",
        "finnish" => "FI",
        "korean" => return None,
        "sudanese" => "SD",
        "eritrean" => "ER",
        "omani" => "OM",
        "saudi" => "SA",
        "greek" => "GR",
        "maltese" => "MT",
        "algerian" => "DZ",
        "serbian" => "RS",
        "armenian" => "AM",
        "turkmen" => "TM",
        "uzbek" => "UZ",
        "venezuelan" => "VE",
        "cuban" => "CU",
        "myanmar" => "MM",
        _ => return None,
    })
}

/// Words that relate one thing to the one before: "two days later".
pub(crate) const NUMBER_WORDS: &[(&str, i64)] = &[
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("fourteen", 14),
    ("several", 3),
    ("few", 3),
];

/// Whether the sentence tells an earlier event ("had been", "before that").
pub(crate) fn tells_earlier(tokens: &[Token]) -> bool {
    tokens.windows(2).any(|w| {
        (w[0].lower == "had"
            && matches!(
                w[1].lower.as_str(),
                "been"
                    | "left"
                    | "sailed"
                    | "come"
                    | "arrived"
                    | "travelled"
                    | "traveled"
                    | "crossed"
            ))
            || (w[0].lower == "before" && matches!(w[1].lower.as_str(), "that" | "then" | "this"))
            || (w[0].lower == "prior" && w[1].lower == "to")
    }) || tokens
        .iter()
        .any(|t| t.lower == "earlier" || t.lower == "previously")
}
