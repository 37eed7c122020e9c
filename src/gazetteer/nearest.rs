//! Reverse lookup: the embedded gazetteer's place of given kinds nearest a point,
//! e.g. to name the border crossing a rail path passes.
//!
//! The first three (`SCANS`) lookups of a process read every embedded place's position
//! (a map run makes one or two: a scan costs less than sorting); later ones sort
//! every place by latitude once (positions are read without the names, and sorted
//! by bucket) and then read only the places in the latitude band of their radius.
//! Either way only the names of places of the kinds asked within the radius are
//! decoded, and the place found is the same.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use super::embedded::{EmbeddedGazetteer, Record};
use super::Gazetteer;
use crate::model::{LonLat, Place, PlaceKind};

/// Mean Earth radius, km (IUGG).
const EARTH_RADIUS_KM: f64 = 6371.0088;
/// Words in a name that mark a station, border post or crossing: such places are
/// preferred to plain towns at the same distance.
const STATION_WORDS: &[&str] = &[
    "station",
    "border",
    "crossing",
    "checkpoint",
    "stantsiya",
    "vokzal",
    "pass",
    "gate",
];

/// Lookups that scan every place before the latitude index is made.
const SCANS: usize = 3;

/// Lookups made in this process.
static LOOKUPS: AtomicUsize = AtomicUsize::new(0);

/// Embedded places as (latitude·1e5, record index), sorted.
fn by_latitude() -> &'static [(i32, u32)] {
    static INDEX: OnceLock<Vec<(i32, u32)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let Ok(g) = EmbeddedGazetteer::load() else {
            return Vec::new();
        };
        let v: Vec<(i32, u32)> = (0..g.len() as u32)
            .filter_map(|i| g.locate(i).map(|(lat, _, _)| (lat, i)))
            .collect();
        sort_by_latitude(v)
    })
}

/// Sorts (latitude·1e5, index) pairs as `sort_unstable` would, in linear time: a
/// counting sort into buckets of 0.01 degree, then each small bucket sorted.
fn sort_by_latitude(v: Vec<(i32, u32)>) -> Vec<(i32, u32)> {
    const WIDTH: i64 = 1000;
    let bucket =
        |lat: i32| ((i64::from(lat).clamp(-9_000_000, 9_000_000) + 9_000_000) / WIDTH) as usize;
    let mut start = vec![0usize; bucket(9_000_000) + 2];
    for &(lat, _) in &v {
        start[bucket(lat) + 1] += 1;
    }
    for b in 1..start.len() {
        start[b] += start[b - 1];
    }
    let mut out = vec![(0i32, 0u32); v.len()];
    let mut next = start.clone();
    for &(lat, i) in &v {
        let b = bucket(lat);
        out[next[b]] = (lat, i);
        next[b] += 1;
    }
    for w in start.windows(2) {
        out[w[0]..w[1]].sort_unstable();
    }
    out
}

fn haversine_km(a: LonLat, b: LonLat) -> f64 {
    let (la1, la2) = (a.lat().to_radians(), b.lat().to_radians());
    let dlat = la2 - la1;
    let dlon = (b.lon() - a.lon()).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * h.sqrt().min(1.0).asin()
}

/// How far a place effectively is: its distance, shortened for kinds listed earlier
/// in `kinds`, for station-like names, and for towns of some size (a crossing is
/// better named after Zabaykalsk than after a hamlet 500 m closer).
fn score(r: &Record, km: f64, kinds: &[PlaceKind]) -> Option<f64> {
    let rank = kinds.iter().position(|k| *k == r.kind)?;
    let mut s = km * (1.0 + 0.5 * rank as f64);
    let lower = r.name.to_lowercase();
    if STATION_WORDS.iter().any(|w| lower.contains(w)) {
        s *= 0.5;
    }
    if r.population >= 10_000 {
        s *= 0.7;
    }
    Some(s)
}

impl Gazetteer {
    /// The embedded gazetteer's place of one of `kinds` nearest `at`, at most
    /// `max_km` away: kinds listed first, station-like names and towns of 10,000 or
    /// more are preferred to places a little closer. `None` when nothing fits.
    ///
    /// ```
    /// use shipmap::gazetteer::Gazetteer;
    /// use shipmap::model::{LonLat, PlaceKind};
    /// let g = Gazetteer::default();
    /// let at = LonLat::new(23.66, 52.08).unwrap(); // on the Bug, at Brest
    /// let p = g.nearest_of_kind(at, &[PlaceKind::City], 20.0).unwrap();
    /// assert_eq!(p.country.as_deref(), Some("BY"));
    /// assert!(g.nearest_of_kind(LonLat::new(-30.0, 0.0).unwrap(), &[PlaceKind::City], 50.0).is_none());
    /// ```
    pub fn nearest_of_kind(&self, at: LonLat, kinds: &[PlaceKind], max_km: f64) -> Option<Place> {
        let scan = LOOKUPS.fetch_add(1, Ordering::Relaxed) < SCANS;
        nearest(at, kinds, max_km, scan)
    }
}

/// [`Gazetteer::nearest_of_kind`], by a scan of every place or by the latitude
/// index.
fn nearest(at: LonLat, kinds: &[PlaceKind], max_km: f64, scan: bool) -> Option<Place> {
    if max_km.is_nan() || max_km < 0.0 || kinds.is_empty() {
        return None;
    }
    let g = EmbeddedGazetteer::load().ok()?;
    let band = ((max_km / 111.0 + 0.01) * 1e5).min(2e7) as i32;
    let lat = (at.lat() * 1e5) as i32;
    let (south, north) = (lat.saturating_sub(band), lat.saturating_add(band));
    // Places in the band are taken in (latitude, index) order, the first of the
    // best score kept: a scan keeps the same one by that order on ties.
    let mut best: Option<(f64, (i32, u32), Record)> = None;
    let mut consider = |i: u32, lat_e5: i32, lon_e5: i32, kind: PlaceKind| {
        // kind and distance first, from the fixed fields; names only for those kept
        if !kinds.contains(&kind) {
            return;
        }
        let here = LonLat::wrapped(f64::from(lon_e5) / 1e5, f64::from(lat_e5) / 1e5);
        let km = haversine_km(at, here);
        if km > max_km {
            return;
        }
        let Some(r) = g.record(i) else { return };
        let Some(s) = score(&r, km, kinds) else {
            return;
        };
        let first = (lat_e5, i);
        if best
            .as_ref()
            .is_none_or(|(b, at, _)| s < *b || (s == *b && first < *at))
        {
            best = Some((s, first, r));
        }
    };
    if scan {
        for i in 0..g.len() as u32 {
            if let Some((lat_e5, lon_e5, kind)) = g.locate(i) {
                if (south..=north).contains(&lat_e5) {
                    consider(i, lat_e5, lon_e5, kind);
                }
            }
        }
    } else {
        let index = by_latitude();
        let from = index.partition_point(|&(l, _)| l < south);
        let to = index.partition_point(|&(l, _)| l <= north);
        for &(_, i) in &index[from..to] {
            if let Some((lat_e5, lon_e5, kind)) = g.locate(i) {
                consider(i, lat_e5, lon_e5, kind);
            }
        }
    }
    best.map(|(_, _, r)| r.to_place())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(lon: f64, lat: f64) -> LonLat {
        LonLat::new(lon, lat).unwrap()
    }

    #[test]
    fn names_rail_border_towns() {
        let g = Gazetteer::default();
        let kinds = [PlaceKind::Facility, PlaceKind::City];
        // the Trans-Manchurian at the Russian-Chinese border
        let z = g.nearest_of_kind(p(117.36, 49.63), &kinds, 25.0).unwrap();
        assert!(
            z.name.starts_with("Zabaykal") || z.name == "Manzhouli",
            "{}",
            z.name
        );
        // Naushki, the Trans-Mongolian's Russian border station
        let n = g.nearest_of_kind(p(106.12, 50.38), &kinds, 25.0).unwrap();
        assert!(
            n.name.starts_with("Naushki") || n.name == "Kyakhta",
            "{}",
            n.name
        );
    }

    #[test]
    fn a_scan_finds_what_the_index_finds() {
        let kinds = [PlaceKind::Facility, PlaceKind::City];
        let ports = [PlaceKind::Port, PlaceKind::Terminal];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut found = 0;
        for k in 0..300 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // a third on land in Eurasia, the rest anywhere
            let (lon, lat) = if k % 3 == 0 {
                (
                    20.0 + (x % 12_000) as f64 / 100.0,
                    30.0 + (x >> 20) as f64 % 35.0,
                )
            } else {
                (
                    (x % 36_000) as f64 / 100.0 - 180.0,
                    ((x >> 20) % 17_000) as f64 / 100.0 - 85.0,
                )
            };
            let at = p(lon, lat);
            for (kinds, km) in [(&kinds[..], 25.0), (&ports[..], 30.0), (&kinds[..], 150.0)] {
                let by_index = nearest(at, kinds, km, false);
                found += usize::from(by_index.is_some());
                assert_eq!(nearest(at, kinds, km, true), by_index, "{at:?} {km}");
            }
        }
        assert!(found > 100, "{found}");
    }

    #[test]
    fn only_the_kinds_asked_for_and_within_range() {
        let g = Gazetteer::default();
        let at = p(37.62, 55.75); // Moscow
        assert_eq!(
            g.nearest_of_kind(at, &[PlaceKind::City], 30.0)
                .map(|c| c.kind),
            Some(PlaceKind::City)
        );
        assert!(g.nearest_of_kind(at, &[], 30.0).is_none());
        assert!(g.nearest_of_kind(at, &[PlaceKind::City], -1.0).is_none());
        assert!(g
            .nearest_of_kind(at, &[PlaceKind::City], f64::NAN)
            .is_none());
        let far = g.nearest_of_kind(p(-140.0, -50.0), &[PlaceKind::City], 100.0);
        assert!(far.is_none(), "{far:?}");
    }

    #[test]
    fn bucket_sort_matches_a_plain_sort() {
        // ties, bucket edges, the poles and values past them (damaged data)
        let mut v: Vec<(i32, u32)> = vec![
            (9_000_000, 3),
            (-9_000_000, 9),
            (-9_500_000, 1),
            (i32::MAX, 0),
            (i32::MIN, 2),
            (999, 7),
            (1000, 5),
            (999, 4),
            (-1, 8),
            (0, 6),
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for i in 10..5000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v.push(((x % 18_000_001) as i32 - 9_000_000, i % 97));
        }
        let mut plain = v.clone();
        plain.sort_unstable();
        assert_eq!(sort_by_latitude(v), plain);
        let index = by_latitude();
        assert_eq!(index.len(), EmbeddedGazetteer::load().unwrap().len());
        assert!(index.windows(2).all(|w| w[0] < w[1]));
    }
}
