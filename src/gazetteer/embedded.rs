//! The gazetteer embedded in the binary: GeoNames cities500, the searoute ports with
//! their UN/LOCODEs, and our supplement of facilities, read in place with no decoding.
//!
//! Files (data/gazetteer/, made by scripts/build_gazetteer.py):
//! - `places.bin`: a 32-byte header (`SHGZ`, version u32, count u32) then one 32-byte
//!   little-endian record per place: lat·1e5 i32, lon·1e5 i32, population u32, id u32
//!   (GeoNames id; for ports the LOCODE's last three letters; for the supplement its
//!   row), name offset u32 and admin-1 offset u32 into `strings.bin`, name length u8,
//!   admin-1 length u8, country [u8; 2], kind u8 (0 city, 1 port, 2 facility,
//!   3 terminal, 4 border-crossing, 5 base, 6 airbase, 7 depot, 8 plant, 9 strait; bit 7
//!   set for supplement rows), flags u8 (see `FLAG_*`), 2 bytes padding. The name is the
//!   display label (data/gazetteer/labels.csv, or GeoNames' ASCII name without
//!   romanisation apostrophes).
//! - `gznames.bin`: for records whose label differs from the gazetteer's own name,
//!   12-byte entries (record index u32, offset u32 and length u32 into `strings.bin`),
//!   sorted by record index.
//! - `names.fst`, `postings.bin`, `multi.bin`: folded names to records (layout in
//!   scripts/gazetteer-index/src/main.rs).

use fst::{IntoStreamer, Streamer};

use super::fold::fold;
use super::{Candidate, PlaceSource, Query};
use crate::model::{LonLat, Place, PlaceKind};

static PLACES: &[u8] = include_bytes!("../../data/gazetteer/places.bin");
static STRINGS: &[u8] = include_bytes!("../../data/gazetteer/strings.bin");
static NAMES_FST: &[u8] = include_bytes!("../../data/gazetteer/names.fst");
static POSTINGS: &[u8] = include_bytes!("../../data/gazetteer/postings.bin");
static MULTI: &[u8] = include_bytes!("../../data/gazetteer/multi.bin");
static GZNAMES: &[u8] = include_bytes!("../../data/gazetteer/gznames.bin");

const HEADER_BYTES: usize = 32;
const RECORD_BYTES: usize = 32;
const FORMAT_VERSION: u32 = 2;

/// The place is its country's capital (GeoNames PPLC).
pub(crate) const FLAG_CAPITAL: u8 = 1;
/// The place is the seat of a first-level division (PPLA).
pub(crate) const FLAG_ADMIN1_SEAT: u8 = 2;
/// The place is the seat of a lower division (PPLA2-4).
pub(crate) const FLAG_ADMIN2_SEAT: u8 = 4;
/// A seaport lies within 10 km.
pub(crate) const FLAG_COASTAL: u8 = 8;
/// A section of a larger city (PPLX).
pub(crate) const FLAG_SECTION: u8 = 16;
/// A port whose alternate names come from our cited supplement.
pub(crate) const FLAG_CURATED: u8 = 32;
/// A supplement row derived from a package (OurAirports air bases): its alternates are
/// the package's keywords, not names we checked.
pub(crate) const FLAG_DERIVED: u8 = 64;
/// A town on the sea shore (sea water within 5 km by the sea router's land mask) with
/// no seaport record within 10 km: a sea leg may well mean it (Taman on Taman Bay).
pub(crate) const FLAG_SHORE: u8 = 128;

/// Prefix of romanisation-skeleton keys in the name index.
pub(crate) const SKELETON_PREFIX: u8 = 1;
/// Prefix of UN/LOCODE keys in the name index.
pub(crate) const LOCODE_PREFIX: u8 = 2;

/// Why the embedded data could not be opened (a build problem, never user input).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EmbeddedError {
    /// places.bin is not in the format this code reads.
    #[error("embedded gazetteer places.bin is malformed: {0}")]
    Places(String),
    /// names.fst could not be opened.
    #[error("embedded gazetteer names.fst is malformed: {0}")]
    Names(String),
}

/// One place record, borrowed from the embedded data.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Record {
    pub index: u32,
    pub lat_e5: i32,
    pub lon_e5: i32,
    pub population: u32,
    pub ident: u32,
    pub name: &'static str,
    pub admin1: &'static str,
    pub country: [u8; 2],
    pub kind: PlaceKind,
    pub supplement: bool,
    pub flags: u8,
}

impl Record {
    pub fn at(&self) -> LonLat {
        LonLat::wrapped(f64::from(self.lon_e5) / 1e5, f64::from(self.lat_e5) / 1e5)
    }

    pub fn country(&self) -> &'static str {
        country_str(self.country)
    }

    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }

    /// A stable id: `geonames:2042645`, `locode:KPNJN`, `shipmap:port-kavkaz`.
    pub fn id(&self) -> String {
        if self.supplement {
            let slug = fold(self.name).replace(' ', "-");
            return format!("shipmap:{slug}");
        }
        match self.kind {
            PlaceKind::Port => {
                let tail = self.ident.to_le_bytes();
                let tail = String::from_utf8_lossy(&tail[..3]).into_owned();
                format!("locode:{}{tail}", self.country())
            }
            _ => format!("geonames:{}", self.ident),
        }
    }

    /// The gazetteer's own name when the record's name is a display label.
    pub fn gazetteer_name(&self) -> Option<&'static str> {
        let n = GZNAMES.len() / 12;
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            match u32_at(GZNAMES, mid * 12).cmp(&self.index) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    let len = u32_at(GZNAMES, mid * 12 + 8) as usize;
                    let start = u32_at(GZNAMES, mid * 12 + 4) as usize;
                    let bytes = STRINGS.get(start..start.checked_add(len)?)?;
                    return std::str::from_utf8(bytes).ok();
                }
            }
        }
        None
    }

    pub fn to_place(self) -> Place {
        Place {
            id: self.id(),
            name: self.name.to_owned(),
            gazetteer_name: self.gazetteer_name().map(str::to_owned),
            country: (!self.country().trim().is_empty()).then(|| self.country().to_owned()),
            admin1: (!self.admin1.is_empty()).then(|| self.admin1.to_owned()),
            kind: self.kind,
            at: self.at(),
            population: (self.population > 0).then_some(u64::from(self.population)),
        }
    }
}

/// Country codes are ASCII letters written by our build script; anything else reads
/// as two spaces rather than failing a lookup.
fn country_str(cc: [u8; 2]) -> &'static str {
    static CODES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let table = CODES.get_or_init(|| {
        (0..26 * 26)
            .map(|i| {
                let a = (b'A' + (i / 26) as u8) as char;
                let b = (b'A' + (i % 26) as u8) as char;
                format!("{a}{b}")
            })
            .collect()
    });
    if cc[0].is_ascii_uppercase() && cc[1].is_ascii_uppercase() {
        let i = usize::from(cc[0] - b'A') * 26 + usize::from(cc[1] - b'A');
        if let Some(s) = table.get(i) {
            return s;
        }
    }
    "  "
}

/// The embedded gazetteer: opened in constant time, read in place.
pub struct EmbeddedGazetteer {
    names: fst::Map<&'static [u8]>,
    count: u32,
}

impl EmbeddedGazetteer {
    /// Opens the embedded data: checks the headers, decodes nothing.
    ///
    /// ```
    /// use shipmap::gazetteer::embedded::EmbeddedGazetteer;
    /// let g = EmbeddedGazetteer::load().unwrap();
    /// assert!(g.len() > 200_000);
    /// ```
    pub fn load() -> Result<EmbeddedGazetteer, EmbeddedError> {
        let header = PLACES
            .get(..HEADER_BYTES)
            .ok_or_else(|| EmbeddedError::Places("shorter than its header".into()))?;
        if &header[..4] != b"SHGZ" {
            return Err(EmbeddedError::Places("bad magic".into()));
        }
        let version = u32_at(header, 4);
        if version != FORMAT_VERSION {
            return Err(EmbeddedError::Places(format!(
                "version {version}, expected {FORMAT_VERSION}"
            )));
        }
        let count = u32_at(header, 8);
        let expected = (count as usize)
            .checked_mul(RECORD_BYTES)
            .and_then(|n| n.checked_add(HEADER_BYTES));
        if expected != Some(PLACES.len()) {
            return Err(EmbeddedError::Places(format!(
                "{count} records do not fill {} bytes",
                PLACES.len()
            )));
        }
        let names = fst::Map::new(NAMES_FST).map_err(|e| EmbeddedError::Names(e.to_string()))?;
        Ok(EmbeddedGazetteer { names, count })
    }

    /// How many places are embedded.
    pub fn len(&self) -> usize {
        self.count as usize
    }

    /// True when no place is embedded (never, for a correct build).
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The record at `index`, or `None` out of range or if its strings are broken.
    pub(crate) fn record(&self, index: u32) -> Option<Record> {
        if index >= self.count {
            return None;
        }
        let start = HEADER_BYTES + index as usize * RECORD_BYTES;
        let r = PLACES.get(start..start + RECORD_BYTES)?;
        let name = string_at(u32_at(r, 16), r[24])?;
        let admin1 = string_at(u32_at(r, 20), r[25]).unwrap_or("");
        Some(Record {
            index,
            lat_e5: u32_at(r, 0) as i32,
            lon_e5: u32_at(r, 4) as i32,
            population: u32_at(r, 8),
            ident: u32_at(r, 12),
            name,
            admin1,
            country: [r[26], r[27]],
            kind: kind_of(r[28]),
            supplement: r[28] & 0x80 != 0,
            flags: r[29],
        })
    }

    /// Latitude and longitude (1e-5 degrees) and kind of the record at `index`,
    /// read without its strings: for scans that filter many records before they
    /// decode the few they keep. `None` out of range.
    pub(crate) fn locate(&self, index: u32) -> Option<(i32, i32, PlaceKind)> {
        if index >= self.count {
            return None;
        }
        let start = HEADER_BYTES + index as usize * RECORD_BYTES;
        let r = PLACES.get(start..start + RECORD_BYTES)?;
        Some((u32_at(r, 0) as i32, u32_at(r, 4) as i32, kind_of(r[28])))
    }

    /// Postings (record << 2 | match kind) stored under one index key.
    pub(crate) fn postings(&self, key: &[u8]) -> Vec<u32> {
        match self.names.get(key) {
            Some(v) => self.decode_value(v),
            None => Vec::new(),
        }
    }

    fn decode_value(&self, value: u64) -> Vec<u32> {
        if value & 1 == 1 {
            return u32::try_from(value >> 1)
                .map(|p| vec![p])
                .unwrap_or_default();
        }
        let m = (value >> 1) as usize;
        let (Some(from), Some(to)) = (u32_at_opt(MULTI, m * 4), u32_at_opt(MULTI, m * 4 + 4))
        else {
            return Vec::new();
        };
        (from..to)
            .filter_map(|i| u32_at_opt(POSTINGS, i as usize * 4))
            .collect()
    }

    /// Plain-name index keys an automaton accepts (no skeleton or LOCODE keys), with
    /// their postings, at most `cap` keys.
    pub(crate) fn keys_matching<A: fst::Automaton>(
        &self,
        automaton: A,
        cap: usize,
    ) -> Vec<(String, Vec<u32>)> {
        let mut stream = self.names.search(automaton).into_stream();
        let mut out = Vec::new();
        while let Some((key, value)) = stream.next() {
            if key
                .first()
                .is_some_and(|b| *b == SKELETON_PREFIX || *b == LOCODE_PREFIX)
            {
                continue;
            }
            let Ok(k) = std::str::from_utf8(key) else {
                continue;
            };
            out.push((k.to_owned(), self.decode_value(value)));
            if out.len() >= cap {
                break;
            }
        }
        out
    }

    /// Index keys within `max_edits` byte edits of `folded` (plain names only), with
    /// their postings and edit distances, at most `cap` keys.
    pub(crate) fn fuzzy_keys(
        &self,
        folded: &str,
        max_edits: u32,
        cap: usize,
    ) -> Vec<(String, u32, Vec<u32>)> {
        let automaton = super::suggest::Levenshtein::new(folded.as_bytes(), max_edits);
        let mut stream = self.names.search(&automaton).into_stream();
        let mut out = Vec::new();
        while let Some((key, value)) = stream.next() {
            if key
                .first()
                .is_some_and(|b| *b == SKELETON_PREFIX || *b == LOCODE_PREFIX)
            {
                continue;
            }
            let Ok(k) = std::str::from_utf8(key) else {
                continue;
            };
            let edits = super::suggest::edit_distance(folded.as_bytes(), key);
            out.push((k.to_owned(), edits, self.decode_value(value)));
            if out.len() >= cap {
                break;
            }
        }
        out
    }
}

/// A record's kind from its kind byte (the top bit marks the supplement).
fn kind_of(b: u8) -> PlaceKind {
    match b & 0x7F {
        0 => PlaceKind::City,
        1 => PlaceKind::Port,
        3 => PlaceKind::Terminal,
        4 => PlaceKind::BorderCrossing,
        5 => PlaceKind::Base,
        6 => PlaceKind::Airbase,
        7 => PlaceKind::Depot,
        8 => PlaceKind::Plant,
        9 => PlaceKind::Strait,
        _ => PlaceKind::Facility,
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32_at_opt(b, at).unwrap_or(0)
}

fn u32_at_opt(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn string_at(offset: u32, len: u8) -> Option<&'static str> {
    let start = offset as usize;
    let bytes = STRINGS.get(start..start + usize::from(len))?;
    std::str::from_utf8(bytes).ok()
}

impl PlaceSource for EmbeddedGazetteer {
    fn lookup(&self, query: &Query<'_>, limit: usize) -> Vec<Candidate> {
        super::rank::lookup(self, query, limit)
    }

    fn suggest(&self, text: &str, limit: usize) -> Vec<String> {
        super::suggest::suggest(self, text, limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g() -> EmbeddedGazetteer {
        EmbeddedGazetteer::load().unwrap()
    }

    #[test]
    fn loads_every_source() {
        let g = g();
        assert!(g.len() > 203_000, "{}", g.len());
        let kinds: Vec<PlaceKind> = (0..g.len() as u32)
            .step_by(1)
            .filter_map(|i| g.record(i))
            .map(|r| r.kind)
            .collect();
        assert!(kinds.iter().filter(|k| **k == PlaceKind::Port).count() > 3_900);
        for kind in [
            PlaceKind::Terminal,
            PlaceKind::BorderCrossing,
            PlaceKind::Base,
            PlaceKind::Airbase,
            PlaceKind::Depot,
            PlaceKind::Plant,
            PlaceKind::Strait,
        ] {
            assert!(kinds.contains(&kind), "{kind:?}");
        }
        // the supplement: our cited rows and the OurAirports air bases
        let sup = (0..g.len() as u32)
            .filter_map(|i| g.record(i))
            .filter(|r| r.supplement)
            .count();
        assert!(sup >= 600, "{sup} supplement places");
    }

    #[test]
    fn exact_key_finds_rajin_under_najin() {
        let g = g();
        let recs: Vec<Record> = g
            .postings(b"najin")
            .into_iter()
            .filter_map(|p| g.record(p >> 2))
            .collect();
        let rajin = recs.iter().find(|r| r.name == "Rajin").unwrap();
        assert_eq!(rajin.id(), "geonames:2042645");
        assert_eq!(rajin.country(), "KP");
        assert!((rajin.at().lat() - 42.25559).abs() < 1e-5);
        assert!(recs.iter().any(|r| r.id() == "locode:KPNJN"));
    }

    #[test]
    fn locode_keys_and_ids_round_trip() {
        let g = g();
        let p = g.postings(b"\x02KPNJN");
        assert_eq!(p.len(), 1);
        let r = g.record(p[0] >> 2).unwrap();
        assert_eq!((r.id().as_str(), r.kind), ("locode:KPNJN", PlaceKind::Port));
        assert_eq!(p[0] & 3, 3);
    }

    #[test]
    fn out_of_range_record_is_none() {
        assert!(g().record(u32::MAX).is_none());
        assert!(g().postings(b"no such place anywhere").is_empty());
    }

    #[test]
    fn labels_keep_the_gazetteer_name_beside_them() {
        let g = g();
        let p = g.postings(b"nampo");
        let nampo = p
            .iter()
            .filter_map(|p| g.record(p >> 2))
            .find(|r| r.id() == "geonames:1873757")
            .unwrap()
            .to_place();
        assert_eq!(nampo.name, "Nampo");
        assert_eq!(nampo.gazetteer_name.as_deref(), Some("Namp’o"));
        // Aktau, not its Soviet name, from data/gazetteer/labels.csv
        let p = g.postings(b"aktau");
        let aktau = p
            .iter()
            .filter_map(|p| g.record(p >> 2))
            .find(|r| r.id() == "geonames:610612")
            .unwrap()
            .to_place();
        assert_eq!(aktau.name, "Aktau");
        assert_eq!(aktau.gazetteer_name.as_deref(), Some("Shevchenko"));
        // a name with no diacritics keeps no second name
        let p = g.postings(b"tikhoretsk");
        let t = g.record(p[0] >> 2).unwrap().to_place();
        assert_eq!(t.gazetteer_name, None);
    }

    #[test]
    fn supplement_rows_have_ids_and_admin1() {
        let g = g();
        let p = g.postings(b"port kavkaz");
        let r = g.record(p[0] >> 2).unwrap();
        assert_eq!(r.id(), "shipmap:port-kavkaz");
        assert_eq!(r.admin1, "Krasnodar Krai");
        assert_eq!(r.to_place().population, None);
    }
}
