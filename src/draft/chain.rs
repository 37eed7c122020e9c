//! Legs in the order of travel. Each sentence gives segments (from, to, via) with a
//! mode and dates; segments are joined where one ends at the place the next starts
//! (places compared as resolved, within 25 km), an earlier leg told later ("it had
//! left Novorossiysk") goes before the stop it reached, and a movement with no
//! destination ("then moved by rail") waits for one, else is written commented out.

use std::collections::HashMap;

use crate::gazetteer::{Gazetteer, Query};
use crate::model::{Mode, Place};

use super::cues::{self, Role};
use super::dates::{self, Anchor, Found};
use super::places::{self, Index, Mention, Named};
use super::text::{self, Token};
use super::{Draft, DraftDate, DraftLeg, DraftStop, MissingLeg};

/// Two mentions closer than this are one stop (Najin and Rajin resolve to one
/// place); border towns facing each other (Tumangang and Khasan, 3 km) stay two.
const SAME_STOP_KM: f64 = 2.0;

/// A sentence, analysed.
struct Analysed {
    text: String,
    paragraph: usize,
    tokens: Vec<Token>,
    mentions: Vec<Mention>,
    dates: Vec<Found>,
    /// Mode words: token, mode, strong.
    modes: Vec<(usize, Mode, bool)>,
    movement: bool,
    earlier: bool,
}

/// One from-to told in a sentence (either end may be missing).
#[derive(Debug, Clone, Default)]
struct Segment {
    from: Option<usize>,
    to: Option<usize>,
    via: Vec<usize>,
    depart: Option<usize>,
    arrive: Option<usize>,
    /// The range's ends split over depart and arrive.
    split: Option<usize>,
}

/// A stop in the chain: the sentence and mention that named it, and its place.
#[derive(Debug, Clone)]
struct StopRef {
    sentence: usize,
    mention: usize,
    place: Place,
}

/// A leg being drafted.
#[derive(Debug, Clone, Default)]
struct Building {
    mode: Option<(Mode, String)>,
    via: Vec<StopRef>,
    depart: Option<DraftDate>,
    arrive: Option<DraftDate>,
    sentences: Vec<usize>,
}

#[derive(Debug, Default)]
struct Route {
    stops: Vec<StopRef>,
    legs: Vec<Building>,
    /// A destination reached from a start the text has not named yet.
    open_start: Option<Building>,
    /// A movement with no destination yet: mode, words, sentence.
    pending: Option<(Mode, String, usize)>,
    /// A departure told alone ("it left Najin on 7 September"): the stop's index and
    /// what was told, waiting for the leg that starts there.
    next_depart: Option<(usize, Building)>,
}

impl Route {
    /// Adds a leg from the last stop to `to`, with a departure told before it.
    fn push(&mut self, to: StopRef, mut leg: Building) {
        let last = self.stops.len().saturating_sub(1);
        if let Some((k, told)) = self.next_depart.take() {
            if k == last {
                if leg.depart.is_none() {
                    leg.depart = told.depart;
                }
                if leg.mode.is_none() {
                    leg.mode = told.mode;
                }
                for s in told.sentences.into_iter().rev() {
                    if !leg.sentences.contains(&s) {
                        leg.sentences.insert(0, s);
                    }
                }
            }
        }
        self.stops.push(to);
        self.legs.push(leg);
    }
}

pub(super) fn assemble(plain: &str, index: &Index<'_>, gazetteer: &Gazetteer) -> Draft {
    let sentences = text::sentences(plain);
    let mut anchor = Anchor::default();
    let mut draft = Draft::default();
    let mut unanchored = Vec::new();
    // the dateline: a date with a year in the first sentence or line
    if let Some(first) = sentences.first() {
        // the first two lines, the date near the start of its line ("Seoul, 3 Nov
        // 2023 -", "**Tehran, 12 November 2022**")
        anchor.dateline = plain
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(2)
            .find_map(|l| {
                // a short line, or the head of a long one before its dash
                let head = if l.len() <= 100 {
                    l
                } else {
                    let cut = [" - ", " — ", " – "]
                        .iter()
                        .filter_map(|d| l.find(d))
                        .min()?;
                    l.get(..cut).filter(|h| h.len() <= 60)?
                };
                dates::dateline(&text::tokens(head))
            });
        let _ = first;
        if let Some(d) = anchor.dateline {
            draft.dateline = Some(
                crate::date::DateSpec {
                    start: crate::date::DatePoint::Day(d),
                    end: None,
                    approx: false,
                }
                .label(),
            );
        }
    }
    let mut analysed = Vec::with_capacity(sentences.len());
    for s in &sentences {
        let tokens = text::tokens(&s.text);
        let mentions = places::mentions(&tokens, index);
        for (name, _) in places::unknown_after_cues(&tokens, &mentions) {
            if !draft.unresolved.contains(&name) {
                draft.unresolved.push(name);
            }
        }
        let mut dates = dates::find(&tokens, &s.text, s.paragraph, &mut anchor, &mut unanchored);
        if analysed.len() < 2 {
            // the dateline dates the report, not a leg
            if let Some(d) = anchor.dateline {
                dates.retain(|f| !(f.first < 12 && f.spec.latest_day() == d));
            }
        }
        let modes = (0..tokens.len())
            .filter_map(|i| cues::mode_word(&tokens, i).map(|(m, strong)| (i, m, strong)))
            .collect();
        let movement = tokens.iter().any(|t| cues::is_movement(&t.lower));
        let earlier = cues::tells_earlier(&tokens);
        analysed.push(Analysed {
            text: s.text.clone(),
            paragraph: s.paragraph,
            tokens,
            mentions,
            dates,
            modes,
            movement,
            earlier,
        });
    }
    for u in unanchored {
        draft
            .dates_left_out
            .push(format!("'{u}': no year in the text to anchor it"));
    }
    let countries = text_countries(&analysed);
    draft.countries = countries.clone();
    let dominant = dominant_mode(&analysed);
    let mut resolver = Resolver {
        gazetteer,
        countries: &countries,
        cache: HashMap::new(),
        near_cache: HashMap::new(),
    };
    let mut routes: Vec<Route> = vec![Route::default()];
    let mut loose_dates: Vec<(usize, usize)> = Vec::new();
    let mut carry_mode: Option<(Mode, String, usize)> = None;
    for (si, a) in analysed.iter().enumerate() {
        let segments = segments(a);
        let sentence_mode = best_mode(a, None);
        if segments.is_empty() {
            // a movement with no stop: "the containers were then moved by rail"
            let strong = a.modes.iter().find(|m| m.2);
            let route = routes.last_mut().expect("routes starts with one route");
            if let (true, Some(&(t, mode, _))) = (a.movement, strong) {
                if !route.stops.is_empty() {
                    route.pending = Some((mode, a.tokens[t].text.clone(), si));
                    for d in 0..a.dates.len() {
                        loose_dates.push((si, d));
                    }
                    continue;
                }
            }
            if let Some((m, w)) = sentence_mode {
                carry_mode = Some((m, w, a.paragraph));
            }
            for d in 0..a.dates.len() {
                loose_dates.push((si, d));
            }
            continue;
        }
        let used: Vec<usize> = segments
            .iter()
            .flat_map(|s| [s.depart, s.arrive])
            .flatten()
            .collect();
        for d in 0..a.dates.len() {
            if !used.contains(&d) {
                loose_dates.push((si, d));
            }
        }
        let ranges = seg_ranges(a, &segments);
        for (seg, range) in segments.into_iter().zip(ranges) {
            let mode = seg_mode(a, &seg, range)
                .or_else(|| {
                    let route = routes.last()?;
                    route.pending.as_ref().map(|(m, w, _)| (*m, w.clone()))
                })
                .or_else(|| {
                    carry_mode
                        .as_ref()
                        .filter(|c| c.2 == a.paragraph)
                        .map(|c| (c.0, format!("{} (an earlier sentence)", c.1)))
                });
            if let Some((m, w)) = &mode {
                carry_mode = Some((*m, w.clone(), a.paragraph));
            }
            place_segment(
                &mut routes,
                &analysed,
                si,
                &seg,
                mode,
                dominant,
                &mut resolver,
            );
        }
        // a movement told after the legs of the sentence: "..., then moved by rail"
        if let Some(t) = then_after(a, 0) {
            let strong = a.modes.iter().find(|m| m.0 > t && m.2);
            let route = routes.last_mut().expect("routes starts with one route");
            if let (Some(&(w, mode, _)), false) = (strong, route.stops.is_empty()) {
                let word = match w.checked_sub(1).map(|p| a.tokens[p].lower.as_str()) {
                    Some("by") => format!("by {}", a.tokens[w].text),
                    _ => a.tokens[w].text.clone(),
                };
                route.pending = Some((mode, word, si));
            }
        }
    }
    // the whole operation's window: a range or month told apart from any leg
    let window = loose_dates.iter().find_map(|&(si, d)| {
        let f = &analysed[si].dates[d];
        (!f.spec.is_point()).then_some((si, d))
    });
    for &(si, d) in &loose_dates {
        if Some((si, d)) != window {
            let f = &analysed[si].dates[d];
            draft.dates_left_out.push(format!(
                "'{}' ({}): not tied to a leg by the words around it",
                f.written,
                f.spec.label()
            ));
        }
    }
    let mut first_leg_done = false;
    for route in &mut routes {
        if let (Some((si, d)), false, Some(first)) =
            (window, first_leg_done, route.legs.first_mut())
        {
            let f = &analysed[si].dates[d];
            let fits = route_arrivals_after(&route_clone_dates(first), f);
            if first.depart.is_none() && fits {
                first.depart = Some(DraftDate {
                    spec: f.spec,
                    why: format!(
                        "'{}': a window for the whole operation{}",
                        f.written,
                        f.note
                            .as_ref()
                            .map(|n| format!("; {n}"))
                            .unwrap_or_default()
                    ),
                });
                first.sentences.insert(0, si);
            } else {
                draft.dates_left_out.push(format!(
                    "'{}' ({}): the window of the operation; the first leg has its own date",
                    f.written,
                    f.spec.label()
                ));
            }
            first_leg_done = true;
        }
    }
    if window.is_some() && !first_leg_done {
        if let Some((si, d)) = window {
            let f = &analysed[si].dates[d];
            draft.dates_left_out.push(format!(
                "'{}' ({}): no leg to date",
                f.written,
                f.spec.label()
            ));
        }
    }
    finish(&mut draft, routes, &analysed, &mut resolver);
    draft
}

fn route_clone_dates(b: &Building) -> Option<i64> {
    b.arrive.as_ref().map(|a| a.spec.latest_s())
}

/// A window may date the first departure only if it starts before the first arrival.
fn route_arrivals_after(first_arrival_latest: &Option<i64>, f: &Found) -> bool {
    first_arrival_latest.is_none_or(|a| f.spec.earliest_s() < a)
}

/// Countries the text names as places of the shipment (not as context).
fn text_countries(analysed: &[Analysed]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in analysed {
        for m in &a.mentions {
            let cc = match (&m.named, &m.cue) {
                (Named::Country(cc), Some(c)) if c.role != Role::Context => Some(cc.clone()),
                (Named::Place { .. }, _) => m.country.clone(),
                _ => None,
            };
            if let Some(cc) = cc {
                if !out.contains(&cc) {
                    out.push(cc);
                }
            }
        }
    }
    out
}

fn dominant_mode(analysed: &[Analysed]) -> Option<Mode> {
    let mut counts = [0usize; 4];
    for a in analysed {
        for (_, m, strong) in &a.modes {
            counts[*m as usize] += if *strong { 2 } else { 1 };
        }
    }
    let (i, n) = counts.iter().enumerate().max_by_key(|(_, n)| **n)?;
    (*n > 0).then(|| [Mode::Sea, Mode::Rail, Mode::Road, Mode::Air][i])
}

/// The segments of a sentence, from its cued mentions in order.
fn segments(a: &Analysed) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut from: Option<usize> = None;
    let mut via: Vec<usize> = Vec::new();
    let mut last_dest: Option<usize> = None;
    for (mi, m) in a.mentions.iter().enumerate() {
        match m.stop_role() {
            Some(Role::Origin) => {
                // "arrived in Dunay from Najin": the origin after its destination
                let fresh = m.cue.as_ref().is_some_and(|c| {
                    c.at > 0 && matches!(a.tokens[c.at - 1].lower.as_str(), "and" | "then" | ",")
                });
                if let Some(seg) = out.last_mut().filter(|s| {
                    s.from.is_none()
                        && s.to.is_some_and(|t| a.mentions[t].written != m.written)
                        && !fresh
                }) {
                    if from.is_none() {
                        seg.from = Some(mi);
                        continue;
                    }
                }
                if from.is_some() && last_dest.is_none() {
                    // two origins in a row ("from Najin and Rajin"): keep the first
                    continue;
                }
                from = Some(mi);
                last_dest = None;
            }
            Some(Role::Destination) => {
                let start = from.take().or(last_dest);
                out.push(Segment {
                    from: start,
                    to: Some(mi),
                    via: std::mem::take(&mut via),
                    ..Segment::default()
                });
                last_dest = Some(mi);
            }
            Some(Role::Via) => match out.last_mut() {
                Some(seg) if from.is_none() && seg.to.is_some() && last_dest.is_some() => {
                    seg.via.push(mi)
                }
                _ => via.push(mi),
            },
            _ => {}
        }
    }
    // "crossed into Armenia at Agarak and arrived in Yerevan": a crossing point on
    // the way to a destination told in the same sentence is a via
    let mut k = 0;
    while k + 1 < out.len() {
        let crossing = out[k].to.is_some_and(|m| {
            a.mentions[m].cue.as_ref().is_some_and(|c| {
                let w = c.words.to_lowercase();
                w.starts_with("crossed") || w.starts_with("crossing") || w.starts_with("entered")
            })
        });
        if crossing && out[k].from.is_some() && out[k + 1].from == out[k].to {
            let next = out.remove(k + 1);
            let seg = &mut out[k];
            seg.via.extend(seg.to.take());
            seg.via.extend(next.via);
            seg.to = next.to;
        } else {
            k += 1;
        }
    }
    if out.is_empty() && !via.is_empty() {
        // "called at Olya after leaving Amirabad": a call with no other destination
        // is where the leg ended
        let to = via.remove(0);
        out.push(Segment {
            from: from.take(),
            to: Some(to),
            via: std::mem::take(&mut via),
            ..Segment::default()
        });
    }
    if let Some(f) = from {
        out.push(Segment {
            from: Some(f),
            via,
            ..Segment::default()
        });
    }
    assign_dates(a, &mut out);
    out
}

/// Gives each date of the sentence to a segment's depart or arrive, by the words
/// before it (an origin or a verb of leaving: depart; a destination or a verb of
/// arriving: arrive), else after it.
fn assign_dates(a: &Analysed, segs: &mut [Segment]) {
    if segs.is_empty() {
        return;
    }
    let role_at = |i: usize| -> Option<Role> {
        if let Some(m) = a.mentions.iter().find(|m| (m.first..m.last).contains(&i)) {
            // "moved from A to B in mid-February" dates the move, not an arrival:
            // only a verb of arriving ("arrived in B on ...") makes it the arrival
            let to_only = m.cue.as_ref().is_some_and(|c| {
                matches!(
                    c.words.to_lowercase().as_str(),
                    "to" | "into" | "towards" | "toward" | "for" | "on to" | "onward to"
                ) || c.words.to_lowercase().ends_with(" for")
            });
            return m
                .stop_role()
                .filter(|r| *r != Role::Via && !(to_only && *r == Role::Destination));
        }
        let w = a.tokens[i].lower.as_str();
        if matches!(
            w,
            "left"
                | "departed"
                | "departure"
                | "sailed"
                | "set"
                | "loaded"
                | "leaving"
                | "departing"
                | "took"
        ) {
            return Some(Role::Origin);
        }
        if matches!(
            w,
            "arrived"
                | "arrival"
                | "docked"
                | "reached"
                | "unloaded"
                | "offloaded"
                | "delivered"
                | "landed"
                | "berthed"
                | "arriving"
                | "crossed"
                | "entered"
        ) {
            return Some(Role::Destination);
        }
        None
    };
    for (d, f) in a.dates.iter().enumerate() {
        let back = (0..f.first).rev().find_map(|i| role_at(i).map(|r| (r, i)));
        let role =
            back.or_else(|| (f.last..a.tokens.len()).find_map(|i| role_at(i).map(|r| (r, i))));
        let Some((role, at)) = role else { continue };
        // a range in a one-leg sentence with both ends: depart at its start, arrive at its end
        if f.range
            && a.dates.len() == 1
            && segs.len() == 1
            && segs[0].from.is_some()
            && segs[0].to.is_some()
        {
            segs[0].split = Some(d);
            continue;
        }
        let near = |m: Option<usize>| m.map_or(usize::MAX, |m| a.mentions[m].first.abs_diff(at));
        let pick = match role {
            Role::Origin => segs
                .iter_mut()
                .filter(|s| s.depart.is_none())
                .min_by_key(|s| near(s.from).min(near(s.to).saturating_add(1000))),
            _ => segs
                .iter_mut()
                .filter(|s| s.arrive.is_none() && s.to.is_some())
                .min_by_key(|s| near(s.to)),
        };
        if let Some(s) = pick {
            match role {
                Role::Origin => s.depart = Some(d),
                _ => s.arrive = Some(d),
            }
        }
    }
}

/// The mode of a segment, from the words of its own part of the sentence (from the
/// end of the segment before to the start of the next): "by rail" first, then a
/// verb that tells the mode ("sailed", "trucked"), then the first vehicle noun (the
/// subject: "Trains carrying trucks"), then weak words ("shipped", "port"); else
/// the nearest mode word before it in the sentence.
fn seg_mode(a: &Analysed, seg: &Segment, range: (usize, usize)) -> Option<(Mode, String)> {
    let inside: Vec<&(usize, Mode, bool)> = a
        .modes
        .iter()
        .filter(|m| m.0 >= range.0 && m.0 < range.1)
        .collect();
    let by = |m: &&(usize, Mode, bool)| m.0 > 0 && a.tokens[m.0 - 1].lower == "by";
    let verb = |m: &&(usize, Mode, bool)| cues::is_mode_verb(&a.tokens[m.0].lower);
    let pick = inside
        .iter()
        .find(|m| by(m))
        .or_else(|| inside.iter().find(|m| verb(m)))
        .or_else(|| inside.iter().find(|m| m.2))
        .or_else(|| inside.iter().find(|m| !m.2))
        .copied()
        .or_else(|| {
            let at = seg.to.or(seg.from).map_or(0, |m| a.mentions[m].first);
            a.modes
                .iter()
                .filter(|m| m.0 < range.0 && m.0 < at)
                .max_by_key(|m| (m.2, m.0))
        })?;
    let (t, mode, _) = *pick;
    let word = match t.checked_sub(1).map(|p| a.tokens[p].lower.as_str()) {
        Some("by") => format!("by {}", a.tokens[t].text),
        _ => a.tokens[t].text.clone(),
    };
    Some((mode, word))
}

/// The first `then` after token `from` that starts a movement with no place after
/// it ("were then moved by rail").
fn then_after(a: &Analysed, from: usize) -> Option<usize> {
    let t = (from..a.tokens.len()).find(|&i| a.tokens[i].lower == "then")?;
    let moves = a.tokens[t..].iter().any(|w| cues::is_movement(&w.lower));
    let place_after = a
        .mentions
        .iter()
        .any(|m| m.first > t && m.stop_role().is_some());
    (moves && !place_after).then_some(t)
}

/// The token ranges of a sentence's segments: each from the end of the one before
/// to the start of the next one's destination.
fn seg_ranges(a: &Analysed, segs: &[Segment]) -> Vec<(usize, usize)> {
    let end_of = |s: &Segment| s.to.or(s.from).map_or(0, |m| a.mentions[m].last);
    let start_of = |s: &Segment| {
        s.from.or(s.to).map_or(0, |m| {
            a.mentions[m]
                .cue
                .as_ref()
                .map_or(a.mentions[m].first, |c| c.at)
        })
    };
    (0..segs.len())
        .map(|k| {
            let lo = if k == 0 { 0 } else { end_of(&segs[k - 1]) };
            let hi = segs
                .get(k + 1)
                .map_or(a.tokens.len(), |n| start_of(n).max(end_of(&segs[k])));
            // "... after a voyage from Najin were then moved by rail": what follows
            // `then` is the next leg's
            let hi = then_after(a, end_of(&segs[k])).map_or(hi, |t| t.min(hi));
            (lo, hi)
        })
        .collect()
}

fn best_mode(a: &Analysed, at: Option<usize>) -> Option<(Mode, String)> {
    let pick = |strong: bool| {
        a.modes
            .iter()
            .filter(|m| m.2 == strong)
            .min_by_key(|m| at.map_or(m.0, |at| m.0.abs_diff(at)))
    };
    let (t, mode, _) = pick(true).or_else(|| pick(false))?;
    let word = match t.checked_sub(1).map(|p| a.tokens[p].lower.as_str()) {
        Some("by") => format!("by {}", a.tokens[*t].text),
        _ => a.tokens[*t].text.clone(),
    };
    Some((*mode, word))
}

/// Resolves mentions to places in context, once per name, mode and country set.
struct Resolver<'a> {
    gazetteer: &'a Gazetteer,
    countries: &'a [String],
    cache: HashMap<(String, Option<Mode>), Option<Place>>,
    /// Resolutions with a `near` stop: name, mode, the stop's id, with the countries.
    near_cache: HashMap<(String, Mode, Option<String>, bool), Option<Place>>,
}

impl Resolver<'_> {
    /// A name resolved as the builder will: the mode, the other stop as `near`, and
    /// (`with_countries`) the text's countries.
    fn near(
        &mut self,
        text: &str,
        mode: Mode,
        near: Option<&Place>,
        with_countries: bool,
    ) -> Option<Place> {
        let key = (
            text.to_owned(),
            mode,
            near.map(|p| p.id.clone()),
            with_countries,
        );
        if let Some(p) = self.near_cache.get(&key) {
            return p.clone();
        }
        let q = Query {
            mode: Some(mode),
            near: near.map(|p| p.at),
            within: if with_countries { self.countries } else { &[] },
            ..Query::new(text)
        };
        let place = self.gazetteer.resolve(&q).ok().map(|r| r.place);
        self.near_cache.insert(key, place.clone());
        place
    }

    fn place(&mut self, query: &str, mode: Option<Mode>) -> Option<Place> {
        let key = (query.to_owned(), mode);
        if let Some(p) = self.cache.get(&key) {
            return p.clone();
        }
        let q = Query {
            mode,
            within: self.countries,
            ..Query::new(query)
        };
        let place = self.gazetteer.resolve(&q).ok().map(|r| r.place);
        self.cache.insert(key, place.clone());
        place
    }
}

/// One stop: closer than [`SAME_STOP_KM`]. A haversine distance is plenty at this
/// scale and costs a fraction of the ellipsoid's (this runs for every pair compared).
fn same(a: &Place, b: &Place) -> bool {
    let (la1, la2) = (a.at.lat().to_radians(), b.at.lat().to_radians());
    let dlat = la2 - la1;
    let dlon = (b.at.lon() - a.at.lon()).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    let km = 2.0 * 6371.0 * h.sqrt().min(1.0).asin();
    km < SAME_STOP_KM
}

#[allow(clippy::too_many_arguments)]
fn place_segment(
    routes: &mut Vec<Route>,
    analysed: &[Analysed],
    si: usize,
    seg: &Segment,
    mode: Option<(Mode, String)>,
    dominant: Option<Mode>,
    resolver: &mut Resolver<'_>,
) {
    let a = &analysed[si];
    let guess_mode = mode.as_ref().map(|m| m.0).or(dominant);
    let stop = |resolver: &mut Resolver<'_>, mi: usize| -> Option<StopRef> {
        let m = &a.mentions[mi];
        let mode = if m.port_words {
            Some(Mode::Sea)
        } else {
            guess_mode
        };
        resolver.place(&m.query(), mode).map(|place| StopRef {
            sentence: si,
            mention: mi,
            place,
        })
    };
    let from = seg.from.and_then(|m| stop(resolver, m));
    let to = seg.to.and_then(|m| stop(resolver, m));
    let via: Vec<StopRef> = seg.via.iter().filter_map(|&m| stop(resolver, m)).collect();
    let date = |d: Option<usize>| d.map(|d| draft_date(&a.dates[d]));
    let (mut depart, mut arrive) = (date(seg.depart), date(seg.arrive));
    if let Some(d) = seg.split {
        let f = &a.dates[d];
        let (start, end) = split_range(f);
        depart = Some(start);
        arrive = Some(end);
    }
    let route = routes.last_mut().expect("routes starts with one route");
    let mut leg = Building {
        mode: mode.clone(),
        via,
        depart,
        arrive,
        sentences: vec![si],
    };
    let take_pending = |route: &mut Route, leg: &mut Building| {
        if let Some((m, w, s)) = route.pending.take() {
            if leg.mode.as_ref().is_none_or(|(lm, _)| *lm == m) {
                leg.mode = Some((m, w));
                leg.sentences.insert(0, s);
            } else {
                route.pending = Some((m, w, s));
            }
        }
    };
    match (from, to) {
        (Some(f), Some(t)) => {
            if same(&f.place, &t.place) {
                return;
            }
            if route.stops.is_empty() {
                route.stops = vec![f];
                route.push(t, leg);
                return;
            }
            let last = route.stops.last().expect("not empty").place.clone();
            let first = route.stops[0].place.clone();
            if same(&f.place, &last) {
                take_pending(route, &mut leg);
                route.push(t, leg);
            } else if same(&t.place, &first) {
                route.stops.insert(0, f);
                route.legs.insert(0, leg);
            } else if let Some(k) = (0..route.legs.len()).find(|&k| {
                same(&route.stops[k].place, &f.place) && same(&route.stops[k + 1].place, &t.place)
            }) {
                merge(&mut route.legs[k], leg);
            } else if route
                .stops
                .iter()
                .any(|s| same(&s.place, &f.place) || same(&s.place, &t.place))
            {
                // a branch or a repeat told differently: the first account stands
            } else {
                let mut new = Route {
                    stops: vec![f],
                    ..Route::default()
                };
                new.push(t, leg);
                routes.push(new);
            }
        }
        (None, Some(t)) => {
            if route.stops.is_empty() {
                route.stops = vec![t];
                route.open_start = Some(leg);
                return;
            }
            if let Some(k) = route.stops.iter().position(|s| same(&s.place, &t.place)) {
                match k.checked_sub(1) {
                    Some(j) => merge(&mut route.legs[j], leg),
                    None => {
                        if let Some(open) = &mut route.open_start {
                            merge(open, leg);
                        }
                    }
                }
                return;
            }
            take_pending(route, &mut leg);
            route.push(t, leg);
        }
        (Some(f), None) => {
            if route.stops.is_empty() {
                // the start, and what was told of the departure, wait for the leg
                route.stops = vec![f];
                route.next_depart = Some((0, leg));
                return;
            }
            if let Some(mut open) = route.open_start.take() {
                // "it had left Novorossiysk": the start of the leg already told
                if !same(&f.place, &route.stops[0].place) {
                    open.depart = open.depart.or(leg.depart);
                    open.sentences.extend(leg.sentences);
                    if open.mode.is_none() {
                        open.mode = leg.mode;
                    }
                    route.stops.insert(0, f);
                    route.legs.insert(0, open);
                    return;
                }
                route.open_start = Some(open);
                return;
            }
            if let Some(k) = route.stops.iter().position(|s| same(&s.place, &f.place)) {
                if let Some(next) = route.legs.get_mut(k) {
                    merge(next, leg);
                } else {
                    route.next_depart = Some((k, leg));
                }
                return;
            }
            if a.earlier {
                // an earlier start told later, with no stop named between
                route.stops.insert(0, f);
                route.legs.insert(0, leg);
                return;
            }
            routes.push(Route {
                stops: vec![f],
                next_depart: Some((0, leg)),
                ..Route::default()
            });
        }
        (None, None) => {}
    }
}

fn merge(into: &mut Building, from: Building) {
    if into.depart.is_none() {
        into.depart = from.depart;
    }
    if into.arrive.is_none() {
        into.arrive = from.arrive;
    }
    if into.mode.is_none() {
        into.mode = from.mode;
    }
    for v in from.via {
        if !into.via.iter().any(|x| same(&x.place, &v.place)) {
            into.via.push(v);
        }
    }
    for s in from.sentences {
        if !into.sentences.contains(&s) {
            into.sentences.push(s);
        }
    }
}

fn draft_date(f: &Found) -> DraftDate {
    DraftDate {
        spec: f.spec,
        why: match &f.note {
            Some(n) => format!("'{}'; {n}", f.written),
            None => format!("'{}'", f.written),
        },
    }
}

/// "between 7 and 12 September" on a leg with both ends: departed the 7th, arrived
/// the 12th.
fn split_range(f: &Found) -> (DraftDate, DraftDate) {
    let one = |p| crate::date::DateSpec {
        start: p,
        end: None,
        approx: f.spec.approx,
    };
    let why = |which: &str| {
        format!(
            "{which} of '{}'{}",
            f.written,
            f.note
                .as_ref()
                .map(|n| format!("; {n}"))
                .unwrap_or_default()
        )
    };
    (
        DraftDate {
            spec: one(f.spec.start),
            why: why("start"),
        },
        DraftDate {
            spec: one(f.spec.end.unwrap_or(f.spec.start)),
            why: why("end"),
        },
    )
}

/// Turns the routes into drafted legs: modes settled, places resolved in context
/// (each end with the other as `near`, as the builder does), dates put in order,
/// and the left-out places listed.
fn finish(
    draft: &mut Draft,
    routes: Vec<Route>,
    analysed: &[Analysed],
    resolver: &mut Resolver<'_>,
) {
    let mut used: Vec<(usize, usize)> = Vec::new();
    let quote = |sentences: &[usize]| -> Vec<String> {
        let mut s = sentences.to_vec();
        s.sort_unstable();
        s.dedup();
        s.iter().map(|&i| analysed[i].text.clone()).collect()
    };
    for route in routes {
        let mut legs = Vec::new();
        if let (Some(open), Some(t)) = (&route.open_start, route.stops.first()) {
            draft.missing.push(MissingLeg {
                mode: open.mode.as_ref().map(|m| m.0),
                from: None,
                to: Some(mention(analysed, t).query()),
                missing: "the text does not say where this leg started".to_owned(),
                quote: quote(&open.sentences),
            });
            used.push((t.sentence, t.mention));
        }
        for (k, b) in route.legs.iter().enumerate() {
            let (f, t) = (&route.stops[k], &route.stops[k + 1]);
            used.push((f.sentence, f.mention));
            used.push((t.sentence, t.mention));
            let mut comments = Vec::new();
            let mode = match &b.mode {
                Some((m, w)) => {
                    comments.push(format!("mode from '{w}'"));
                    *m
                }
                None => {
                    let m = guess_mode(&f.place, &t.place);
                    comments.push(format!(
                        "mode guessed ({m}): the text gives no mode word for this leg"
                    ));
                    m
                }
            };
            let fm = mention(analysed, f);
            let tm = mention(analysed, t);
            let cue = |m: &Mention| m.cue.as_ref().map(|c| c.words.clone()).unwrap_or_default();
            comments.push(format!(
                "from: '{} {}'; to: '{} {}'",
                cue(fm),
                fm.written,
                cue(tm),
                tm.written
            ));
            // as the builder does: `from` near a first guess of `to`, then `to` near `from`
            let from = resolve_end(resolver, fm, mode, Some(&t.place));
            let to = resolve_end(resolver, tm, mode, from.as_ref().map(|s| &s.place));
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            for s in [&from, &to] {
                if s.query != mention_query(analysed, f) && s.query != mention_query(analysed, t) {
                    comments.push(format!(
                        "'{}' written as '{}': the text's countries ({}) pick it",
                        s.written,
                        s.query,
                        resolver.countries.join(", ")
                    ));
                }
            }
            let via: Vec<DraftStop> = b
                .via
                .iter()
                .filter_map(|v| {
                    used.push((v.sentence, v.mention));
                    resolve_end(resolver, mention(analysed, v), mode, Some(&from.place))
                })
                .collect();
            legs.push(DraftLeg {
                mode,
                from,
                to,
                via,
                depart: b.depart.clone(),
                arrive: b.arrive.clone(),
                quote: quote(&b.sentences),
                comments,
            });
        }
        if let Some((m, w, s)) = &route.pending {
            let from = route.stops.last().map(|s| mention(analysed, s).query());
            draft.missing.push(MissingLeg {
                mode: Some(*m),
                from,
                to: None,
                missing: format!("'{w}' with no destination: the text does not say where to"),
                quote: quote(&[*s]),
            });
        }
        order_dates(&mut legs, &mut draft.dates_left_out);
        if !legs.is_empty() {
            draft.routes.push(legs);
        }
    }
    for (si, a) in analysed.iter().enumerate() {
        for (mi, m) in a.mentions.iter().enumerate() {
            let stop_named = draft.routes.iter().flatten().any(|l| {
                [&l.from, &l.to].iter().any(|s| s.written == m.written)
                    || l.via.iter().any(|v| v.written == m.written)
            });
            if used.contains(&(si, mi)) || stop_named {
                continue;
            }
            let why = match (&m.named, &m.cue) {
                (Named::Country(_), _) => continue,
                (_, Some(c)) if c.role == Role::Context => {
                    format!("context: '{} {}'", c.words, m.written)
                }
                (_, Some(c)) => format!("after '{}' but not joined to the route", c.words),
                (
                    Named::Place {
                        population,
                        facility,
                    },
                    None,
                ) => {
                    if *population < 1000 && !facility && !m.written.contains(' ') {
                        continue; // a village sharing a common word's spelling
                    }
                    "named without a stop word before it".to_owned()
                }
            };
            if !draft.left_out.iter().any(|(n, _)| *n == m.written) {
                draft.left_out.push((m.written.clone(), why));
            }
        }
    }
    if draft.title.is_empty() {
        if let (Some(first), Some(last)) = (
            draft.routes.first().and_then(|r| r.first()),
            draft.routes.first().and_then(|r| r.last()),
        ) {
            draft.title = format!("{} to {}", first.from.written, last.to.written);
        }
    }
}

fn mention<'a>(analysed: &'a [Analysed], s: &StopRef) -> &'a Mention {
    &analysed[s.sentence].mentions[s.mention]
}

fn mention_query(analysed: &[Analysed], s: &StopRef) -> String {
    mention(analysed, s).query()
}

/// Resolves an end as the builder will (mode, the other end as `near`), and writes a
/// country qualifier when the text's countries pick another place than the name
/// alone would.
fn resolve_end(
    resolver: &mut Resolver<'_>,
    m: &Mention,
    mode: Mode,
    near: Option<&Place>,
) -> Option<DraftStop> {
    let text = m.query();
    let picked = resolver.near(&text, mode, near, true)?;
    let builder_pick = if m.country.is_none() && !resolver.countries.is_empty() {
        resolver.near(&text, mode, near, false)
    } else {
        None
    };
    let query = match (&builder_pick, &picked.country) {
        (Some(b), Some(cc)) if m.country.is_none() && !same(b, &picked) => {
            format!("{}, {cc}", m.written)
        }
        _ => text,
    };
    Some(DraftStop {
        written: m.written.clone(),
        query,
        place: picked,
    })
}

fn guess_mode(a: &Place, b: &Place) -> Mode {
    use crate::model::PlaceKind;
    let is = |p: &Place, k: PlaceKind| p.kind == k;
    if is(a, PlaceKind::Airbase) || is(b, PlaceKind::Airbase) {
        Mode::Air
    } else if is(a, PlaceKind::Port) && is(b, PlaceKind::Port) {
        Mode::Sea
    } else {
        Mode::Road
    }
}

/// Keeps the dates in travel order: a date before one already given on an earlier
/// leg (or a leg's arrival before its departure) is dropped, with a note.
fn order_dates(legs: &mut [DraftLeg], notes: &mut Vec<String>) {
    let mut floor = i64::MIN;
    for leg in legs.iter_mut() {
        for which in [0, 1] {
            let slot = if which == 0 {
                &mut leg.depart
            } else {
                &mut leg.arrive
            };
            if let Some(d) = slot {
                if d.spec.latest_s() <= floor {
                    notes.push(format!(
                        "{} ({}) for the leg {} to {}: before an earlier date of the route",
                        d.why,
                        d.spec.label(),
                        leg.from.written,
                        leg.to.written
                    ));
                    *slot = None;
                } else {
                    floor = floor.max(d.spec.earliest_s());
                }
            }
        }
    }
}
