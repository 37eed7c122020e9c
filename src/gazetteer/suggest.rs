//! Near misses: edit-distance search over the name index (a Levenshtein automaton
//! walked over the fst, so only keys near the query are visited), and names in other
//! scripts read as Latin ([`super::script`]), for "did you mean" and for typo candidates.

use super::embedded::EmbeddedGazetteer;
use super::fold::fold;

/// The longest query (in bytes) the automaton takes; longer names are not fuzzed.
pub(crate) const MAX_FUZZY_BYTES: usize = 63;

/// An fst automaton that accepts keys within `max_edits` byte edits of a query, by
/// carrying one row of the edit-distance table per state (on the stack: the fst
/// walk makes one state per byte visited, so no allocation there).
pub(crate) struct Levenshtein<'a> {
    query: &'a [u8],
    max_edits: u8,
}

/// One row of the edit-distance table; distances saturate at 255.
#[derive(Clone, Copy)]
pub(crate) struct Row {
    cells: [u8; MAX_FUZZY_BYTES + 1],
}

impl<'a> Levenshtein<'a> {
    /// An automaton for `query`, cut to [`MAX_FUZZY_BYTES`].
    pub fn new(query: &'a [u8], max_edits: u32) -> Levenshtein<'a> {
        let len = query.len().min(MAX_FUZZY_BYTES);
        Levenshtein {
            query: &query[..len],
            max_edits: u8::try_from(max_edits).unwrap_or(u8::MAX),
        }
    }
}

impl fst::Automaton for Levenshtein<'_> {
    type State = Option<Row>;

    fn start(&self) -> Self::State {
        let mut cells = [0u8; MAX_FUZZY_BYTES + 1];
        for (i, c) in cells.iter_mut().enumerate().take(self.query.len() + 1) {
            *c = i as u8; // i <= MAX_FUZZY_BYTES < 255
        }
        Some(Row { cells })
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state
            .as_ref()
            .is_some_and(|row| row.cells[self.query.len()] <= self.max_edits)
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        let prev = &state.as_ref()?.cells;
        let mut cells = [0u8; MAX_FUZZY_BYTES + 1];
        cells[0] = prev[0].saturating_add(1);
        let mut best = cells[0];
        for (i, q) in self.query.iter().enumerate() {
            let substitute = prev[i].saturating_add(u8::from(*q != byte));
            let delete = prev[i + 1].saturating_add(1);
            let insert = cells[i].saturating_add(1);
            cells[i + 1] = substitute.min(delete).min(insert);
            best = best.min(cells[i + 1]);
        }
        (best <= self.max_edits).then_some(Row { cells })
    }
}

/// Byte edit distance (insertions, deletions, substitutions).
pub(crate) fn edit_distance(a: &[u8], b: &[u8]) -> u32 {
    let mut prev: Vec<u32> = (0..=a.len() as u32).collect();
    for (j, cb) in b.iter().enumerate() {
        let mut row = Vec::with_capacity(prev.len());
        row.push(j as u32 + 1);
        for (i, ca) in a.iter().enumerate() {
            row.push(
                (prev[i] + u32::from(ca != cb))
                    .min(prev[i + 1] + 1)
                    .min(row[i] + 1),
            );
        }
        prev = row;
    }
    prev.last().copied().unwrap_or(0)
}

/// How many edits a typo may have for a folded name of this many bytes: none for
/// very short names (too many near neighbours), one up to 7 bytes, two beyond.
pub(crate) fn edit_budget(folded: &str) -> u32 {
    match folded.len() {
        0..=3 => 0,
        4..=7 => 1,
        n if n <= MAX_FUZZY_BYTES => 2,
        _ => 0,
    }
}

pub(crate) use super::script::transliterate;

/// "Did you mean" names for `text`: spelling neighbours and transliterations, the
/// most important places first, each written `Name, CC` so it can be pasted back.
pub(crate) fn suggest(g: &EmbeddedGazetteer, text: &str, limit: usize) -> Vec<String> {
    let folded = fold(text);
    if folded.is_empty() || folded.len() > MAX_FUZZY_BYTES || limit == 0 {
        return Vec::new();
    }
    // (edits, -importance, label)
    let mut found: Vec<(u32, i64, String)> = Vec::new();
    let mut add = |postings: &[u32], edits: u32| {
        for p in postings {
            if let Some(r) = g.record(p >> 2) {
                let label = format!("{}, {}", r.name, r.country());
                let importance = i64::from(r.population) + if r.supplement { 1 << 40 } else { 0 };
                found.push((edits, -importance, label));
            }
        }
    };
    let latin = transliterate(&folded);
    for key in std::iter::once(&folded).chain(latin.iter()) {
        if let Some(sk) = super::fold::skeleton(key) {
            let mut k = vec![super::embedded::SKELETON_PREFIX];
            k.extend_from_slice(sk.as_bytes());
            add(&g.postings(&k), 0);
        }
        add(&g.postings(key.as_bytes()), 0);
        if !key.is_ascii() {
            continue; // byte edits are not letter edits outside Latin script
        }
        let budget = edit_budget(key).max(1);
        for (_, edits, postings) in g.fuzzy_keys(key, budget, 200) {
            add(&postings, edits);
        }
    }
    found.sort();
    let mut out: Vec<String> = Vec::new();
    for (_, _, label) in found {
        if !out.contains(&label) {
            out.push(label);
        }
        if out.len() == limit {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use fst::{IntoStreamer, Streamer};

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance(b"najin", b"najin"), 0);
        assert_eq!(edit_distance(b"najin", b"nadjin"), 1);
        assert_eq!(edit_distance(b"tikhoretsk", b"tikhorestk"), 2);
        assert_eq!(edit_distance(b"", b"abc"), 3);
    }

    #[test]
    fn automaton_matches_within_budget_only() {
        let keys = ["dunai", "dunay", "dunayivtsi", "duna", "nampo"];
        let set = fst::Set::from_iter(
            keys.iter()
                .copied()
                .collect::<std::collections::BTreeSet<_>>(),
        )
        .unwrap();
        let lev = Levenshtein::new(b"dunay", 1);
        let mut stream = set.search(&lev).into_stream();
        let mut got = Vec::new();
        while let Some(k) = stream.next() {
            got.push(String::from_utf8(k.to_vec()).unwrap());
        }
        assert_eq!(got, vec!["duna", "dunai", "dunay"]);
    }

    #[test]
    fn transliterates_russian() {
        assert_eq!(
            transliterate(&fold("Тихорецк")).as_deref(),
            Some("tikhoretsk")
        );
        assert_eq!(
            transliterate(&fold("Восточный")).as_deref(),
            Some("vostochnyi")
        );
        assert_eq!(transliterate("najin"), None);
    }

    #[test]
    fn suggests_real_places_for_typos() {
        let g = EmbeddedGazetteer::load().unwrap();
        let s = suggest(&g, "Tikhoretks", 5);
        assert!(s.iter().any(|x| x == "Tikhoretsk, RU"), "{s:?}");
        let s = suggest(&g, "Vladivostock", 3);
        assert_eq!(s.first().map(String::as_str), Some("Vladivostok, RU"));
        assert!(suggest(&g, "", 3).is_empty());
    }
}
