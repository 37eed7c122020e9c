//! Named passages (straits, canals, capes) as gate lines: a path uses a passage when it
//! crosses the passage's gate, and closing a passage forbids crossing it. Gates come
//! from data/sea/passages.csv, one line per passage, each drawn from land to land
//! across the water it guards (checked against the land mask by scripts/build_sea.py).

use super::land::unwrap_lon;
use crate::model::LonLat;
use crate::network::RouteError;

/// Every passage that can be closed, in the order of data/sea/passages.csv.
pub const NAMES: [&str; 21] = [
    "suez",
    "panama",
    "bab-el-mandeb",
    "hormuz",
    "malacca",
    "sunda",
    "gibraltar",
    "dover",
    "bosporus",
    "dardanelles",
    "kiel",
    "corinth",
    "bering",
    "northwest-passage",
    "northern-sea-route",
    "cape-of-good-hope",
    "magellan",
    "great-belt",
    "oresund",
    "volga-don",
    "st-lawrence-seaway",
];

/// Other names for passages, as written in reports (after the normalising of
/// [`lookup`]), with the passage each means.
const ALIASES: [(&str, &str); 22] = [
    ("bosphorus", "bosporus"),
    ("istanbul", "bosporus"),
    ("canakkale", "dardanelles"),
    ("hellespont", "dardanelles"),
    ("nord-ostsee", "kiel"),
    ("nord-ostsee-kanal", "kiel"),
    ("north-sea-baltic", "kiel"),
    ("good-hope", "cape-of-good-hope"),
    ("cape", "cape-of-good-hope"),
    ("singapore", "malacca"),
    ("malacca-and-singapore", "malacca"),
    ("bab-al-mandab", "bab-el-mandeb"),
    ("bab-el-mandab", "bab-el-mandeb"),
    ("pas-de-calais", "dover"),
    ("calais", "dover"),
    ("storebaelt", "great-belt"),
    ("store-baelt", "great-belt"),
    ("sound", "oresund"),
    ("the-sound", "oresund"),
    ("volgo-don", "volga-don"),
    ("st-lawrence", "st-lawrence-seaway"),
    ("saint-lawrence-seaway", "st-lawrence-seaway"),
];

/// The index in [`NAMES`] of a passage name or alias: case, spaces and underscores do
/// not matter, nor "Strait of", "the", "Canal", "Strait" or "Straits" around it
/// ("Strait of Malacca", "Bosphorus", "Suez Canal", "Øresund").
pub fn lookup(name: &str) -> Option<usize> {
    let mut key = name
        .trim()
        .to_lowercase()
        .replace(['ø', 'ö'], "o")
        .replace(['æ'], "ae")
        .replace(['ç'], "c")
        .replace([' ', '_'], "-");
    for prefix in ["the-", "strait-of-", "straits-of-", "canal-of-"] {
        if let Some(rest) = key.strip_prefix(prefix) {
            key = rest.to_owned();
        }
    }
    for suffix in ["-canal", "-straits", "-strait", "-passage-route"] {
        if let Some(rest) = key.strip_suffix(suffix) {
            if NAMES.contains(&rest) || ALIASES.iter().any(|(a, _)| *a == rest) {
                key = rest.to_owned();
            }
        }
    }
    let key = ALIASES
        .iter()
        .find(|(a, _)| *a == key)
        .map_or(key.as_str(), |(_, n)| *n);
    NAMES.iter().position(|&k| k == key)
}

/// A set of passages as bits, bit i for `NAMES[i]`.
pub type PassageSet = u32;

/// The Arctic passages (Northwest Passage, Northern Sea Route): closed by default.
pub const ARCTIC: PassageSet = (1 << 13) | (1 << 14);

/// One gate line, lon/lat.
#[derive(Debug, Clone, Copy)]
struct Gate {
    bit: PassageSet,
    a: (f64, f64),
    b: (f64, f64),
}

/// The gate lines of all passages.
#[derive(Debug, Clone)]
pub struct Gates {
    gates: Vec<Gate>,
}

impl Gates {
    /// Parses data/sea/passages.csv: `name,lon1,lat1,lon2,lat2` after a header line.
    pub fn parse(csv: &str) -> Result<Gates, String> {
        let mut gates = Vec::new();
        for (n, line) in csv.lines().enumerate().skip(1) {
            if line.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = line.split(',').collect();
            let [name, x1, y1, x2, y2] = cells[..] else {
                return Err(format!("passages.csv line {}: expected 5 fields", n + 1));
            };
            let i = NAMES
                .iter()
                .position(|&k| k == name)
                .ok_or_else(|| format!("passages.csv line {}: unknown passage `{name}`", n + 1))?;
            let num = |s: &str| {
                s.trim()
                    .parse::<f64>()
                    .map_err(|e| format!("passages.csv line {}: {e}", n + 1))
            };
            gates.push(Gate {
                bit: 1 << i,
                a: (num(x1)?, num(y1)?),
                b: (num(x2)?, num(y2)?),
            });
        }
        if let Some(missing) = (0..NAMES.len()).find(|&i| !gates.iter().any(|g| g.bit == 1 << i)) {
            return Err(format!("passages.csv has no gate for `{}`", NAMES[missing]));
        }
        Ok(Gates { gates })
    }

    /// The passages whose gates the segment from `p` to `q` crosses (the short way
    /// round the antimeridian).
    pub fn crossed(&self, p: LonLat, q: LonLat) -> PassageSet {
        self.crossed_of(p, q, PassageSet::MAX)
    }

    /// Whether the segment from `p` to `q` crosses a gate of a passage in `closed`.
    pub fn blocks(&self, p: LonLat, q: LonLat, closed: PassageSet) -> bool {
        closed != 0 && self.crossed_of(p, q, closed) != 0
    }

    /// Like [`Gates::crossed`], testing only the passages in `only`.
    fn crossed_of(&self, p: LonLat, q: LonLat, only: PassageSet) -> PassageSet {
        let a = (p.lon(), p.lat());
        let b = (unwrap_lon(p.lon(), q.lon()), q.lat());
        let (south, north) = (a.1.min(b.1), a.1.max(b.1));
        let mut set = 0;
        for g in &self.gates {
            // a gate wholly north or south of the segment cannot cross it (most gates,
            // for most segments: the test was most of the time spent here)
            if g.a.1.min(g.b.1) > north || g.a.1.max(g.b.1) < south {
                continue;
            }
            if set & g.bit == 0 && only & g.bit != 0 {
                for shift in [0.0, -360.0, 360.0] {
                    let (ga, gb) = ((g.a.0 + shift, g.a.1), (g.b.0 + shift, g.b.1));
                    if segments_cross(a, b, ga, gb) {
                        set |= g.bit;
                        break;
                    }
                }
            }
        }
        set
    }

    /// The passages whose gates may cross the box `west..=east`, `south..=north` (in
    /// degrees; `east` may exceed 180 and `west` fall below -180 for a box across the
    /// antimeridian): a quick filter before testing many short segments in the box.
    pub fn near_box(&self, west: f64, south: f64, east: f64, north: f64) -> PassageSet {
        if east - west >= 360.0 {
            return self.gates.iter().fold(0, |s, g| s | g.bit);
        }
        let mid = (west + east) / 2.0;
        let half = (east - west) / 2.0;
        self.gates
            .iter()
            .filter(|g| {
                let ga = unwrap_lon(mid, g.a.0);
                let gb = unwrap_lon(ga, g.b.0);
                ga.max(gb) >= mid - half
                    && ga.min(gb) <= mid + half
                    && g.a.1.max(g.b.1) >= south
                    && g.a.1.min(g.b.1) <= north
            })
            .fold(0, |s, g| s | g.bit)
    }

    /// The gate line of a passage (one of its bits), as two lon/lat pairs.
    pub fn line(&self, bit: PassageSet) -> Option<((f64, f64), (f64, f64))> {
        self.gates.iter().find(|g| g.bit == bit).map(|g| (g.a, g.b))
    }

    /// The passages a polyline crosses, in order of first use.
    pub fn used(&self, points: &[LonLat]) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for w in points.windows(2) {
            let set = self.crossed(w[0], w[1]);
            for (i, name) in NAMES.iter().enumerate() {
                if set & (1 << i) != 0 && out.last().map(String::as_str) != Some(name) {
                    out.push((*name).to_owned());
                }
            }
        }
        out
    }
}

/// Reads passage names to close. Names are matched after trimming, lowercasing and
/// turning spaces and underscores into hyphens.
pub fn closed_set(names: &[String]) -> Result<PassageSet, RouteError> {
    let mut set = 0;
    for name in names {
        let i = lookup(name).ok_or_else(|| RouteError::UnknownPassage {
            name: name.clone(),
            valid: NAMES.iter().map(|s| (*s).to_owned()).collect(),
        })?;
        set |= 1 << i;
    }
    Ok(set)
}

/// The names in a set, in `NAMES` order.
pub fn names(set: PassageSet) -> Vec<&'static str> {
    NAMES
        .iter()
        .enumerate()
        .filter(|(i, _)| set & (1 << i) != 0)
        .map(|(_, n)| *n)
        .collect()
}

/// Where segment `p1`-`p2` crosses segment `p3`-`p4`, if it does.
pub fn crossing(
    p1: (f64, f64),
    p2: (f64, f64),
    p3: (f64, f64),
    p4: (f64, f64),
) -> Option<(f64, f64)> {
    if !segments_cross(p1, p2, p3, p4) {
        return None;
    }
    let d = (p2.0 - p1.0) * (p4.1 - p3.1) - (p2.1 - p1.1) * (p4.0 - p3.0);
    let t = ((p3.0 - p1.0) * (p4.1 - p3.1) - (p3.1 - p1.1) * (p4.0 - p3.0)) / d;
    Some((p1.0 + t * (p2.0 - p1.0), p1.1 + t * (p2.1 - p1.1)))
}

fn segments_cross(p1: (f64, f64), p2: (f64, f64), p3: (f64, f64), p4: (f64, f64)) -> bool {
    // quick reject on bounding boxes
    if p1.0.max(p2.0) < p3.0.min(p4.0)
        || p3.0.max(p4.0) < p1.0.min(p2.0)
        || p1.1.max(p2.1) < p3.1.min(p4.1)
        || p3.1.max(p4.1) < p1.1.min(p2.1)
    {
        return false;
    }
    let d = (p2.0 - p1.0) * (p4.1 - p3.1) - (p2.1 - p1.1) * (p4.0 - p3.0);
    if d == 0.0 {
        return false;
    }
    let t = ((p3.0 - p1.0) * (p4.1 - p3.1) - (p3.1 - p1.1) * (p4.0 - p3.0)) / d;
    let u = ((p3.0 - p1.0) * (p2.1 - p1.1) - (p3.1 - p1.1) * (p2.0 - p1.0)) / d;
    (0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gates() -> Gates {
        Gates::parse(super::super::PASSAGES_CSV).unwrap()
    }

    fn ll(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn arctic_bits_name_the_arctic_passages() {
        assert_eq!(
            names(ARCTIC),
            vec!["northwest-passage", "northern-sea-route"]
        );
    }

    #[test]
    fn every_name_has_a_gate() {
        assert_eq!(gates().gates.len(), NAMES.len());
    }

    #[test]
    fn crossing_the_strait_of_gibraltar_uses_it() {
        let used = gates().used(&[ll(-7.0, 35.9), ll(-4.0, 36.0)]);
        assert_eq!(used, vec!["gibraltar".to_owned()]);
    }

    #[test]
    fn a_box_finds_the_gates_in_it() {
        let g = gates();
        let bit = |name: &str| 1 << NAMES.iter().position(|&n| n == name).unwrap();
        assert_eq!(g.near_box(-6.0, 35.0, -5.0, 37.0), bit("gibraltar"));
        assert_eq!(g.near_box(-40.0, 30.0, -30.0, 40.0), 0);
        // across the antimeridian, east of 180 written as more than 180
        assert_eq!(g.near_box(170.0, 60.0, 195.0, 70.0), bit("bering"));
        assert_eq!(g.near_box(-190.0, 60.0, -160.0, 70.0), bit("bering"));
        assert_eq!(g.near_box(-180.0, -90.0, 180.0, 90.0).count_ones(), 21);
    }

    #[test]
    fn bering_gate_works_across_the_antimeridian() {
        // a step written from 179.9E to the Bering Strait's west side
        let g = gates();
        assert_eq!(g.crossed(ll(-168.9, 66.3), ll(-169.3, 65.2)), 1 << 12);
        assert_eq!(g.crossed(ll(170.0, 60.0), ll(-170.0, 60.0)), 0);
    }

    #[test]
    fn names_are_normalised_and_typos_rejected() {
        let set = closed_set(&[
            "Suez".into(),
            "cape of good hope".into(),
            "northern_sea_route".into(),
        ])
        .unwrap();
        assert_eq!(
            names(set),
            vec!["suez", "northern-sea-route", "cape-of-good-hope"]
        );
        match closed_set(&["sues".into()]) {
            Err(RouteError::UnknownPassage { name, valid }) => {
                assert_eq!(name, "sues");
                assert_eq!(valid.len(), 21);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bad_csv_is_refused() {
        assert!(Gates::parse("h\nnowhere,1,2,3,4\n").is_err());
        assert!(Gates::parse("h\nsuez,1,2,3\n").is_err());
        assert!(
            Gates::parse("h\nsuez,1,2,3,4\n").is_err(),
            "other passages missing"
        );
    }
}
