//! The compact binary form of a land network, written by `scripts/build_rail.py`.
//!
//! Little-endian. All integers after the header are LEB128 varints; signed ones are
//! zigzag-coded. Coordinates are integers in thousandths of a degree (the precision
//! of the source), each point stored as the difference from the previous one.
//!
//! ```text
//! magic        8 bytes  "SMLAND\0\3"
//! counts       4 x u32  junctions J, edges E, interior points I, countries C
//! countries    C x 2 ASCII bytes (ISO alpha-2); country index k >= 1 is entry k-1,
//!              index 0 means "in no country"
//! junctions    J x (zigzag dlon, zigzag dlat), from (0, 0), Hilbert-curve order
//! junction cc  J x u8 country index
//! edges        E x: delta a (from the previous edge's a), b - a, length in metres,
//!              interior count k, k x (zigzag dlon, zigzag dlat) from junction a,
//!              k x metres from the previous point (junction a first) to each
//!              interior point along the line (the stored length, not the drawing's:
//!              the source's lengths are not spread evenly over its thinned points),
//!              run count r, r x (u8 country index, run length); r = 0 means every
//!              interior point lies in junction a's country, then the line class
//!              (u8: 1 main line, 0 other; see data/rail/main_lines.csv)
//! ```

use crate::model::LonLat;

/// A decoded network, before indexing.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Raw {
    pub junctions: Vec<LonLat>,
    pub junction_country: Vec<u8>,
    pub edges: Vec<(u32, u32, f64)>,
    /// `interior_start[e]..interior_start[e + 1]` are edge `e`'s interior points.
    pub interior_start: Vec<u32>,
    pub interior: Vec<LonLat>,
    pub interior_country: Vec<u8>,
    /// Per interior point: km along its edge from junction a (the stored length).
    pub interior_km: Vec<f32>,
    pub codes: Vec<[u8; 2]>,
    /// Line class per edge: 1 main line, 0 other (user networks: all 0).
    pub edge_class: Vec<u8>,
}

const MAGIC: &[u8; 8] = b"SMLAND\x00\x03";

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("truncated")?;
        self.at += 1;
        Ok(b)
    }

    fn u32_le(&mut self) -> Result<u32, String> {
        let s = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or("truncated header")?;
        self.at += 4;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    #[inline]
    fn varint(&mut self) -> Result<u64, String> {
        // one-byte values are the common case: take them without the loop
        if let Some(&b) = self.bytes.get(self.at) {
            if b < 0x80 {
                self.at += 1;
                return Ok(u64::from(b));
            }
        }
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(value);
            }
        }
        Err(format!("varint too long at byte {}", self.at))
    }

    fn index(&mut self, limit: usize, what: &str) -> Result<u32, String> {
        let v = self.varint()?;
        if v as usize >= limit {
            return Err(format!("{what} {v} out of range (limit {limit})"));
        }
        Ok(v as u32)
    }

    fn zigzag(&mut self) -> Result<i64, String> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn point(&mut self, prev: &mut (i64, i64)) -> Result<LonLat, String> {
        prev.0 = prev
            .0
            .checked_add(self.zigzag()?)
            .ok_or("coordinate overflow")?;
        prev.1 = prev
            .1
            .checked_add(self.zigzag()?)
            .ok_or("coordinate overflow")?;
        LonLat::new(prev.0 as f64 / 1000.0, prev.1 as f64 / 1000.0).map_err(|e| e.to_string())
    }
}

/// Decodes a network. Every index is checked, so a corrupt file is an error, not a
/// panic.
pub(crate) fn decode(bytes: &[u8]) -> Result<Raw, String> {
    decode_with(bytes, SPLIT_EDGES)
}

/// [`decode`], splitting edge sections of at least `split_edges` edges.
fn decode_with(bytes: &[u8], split_edges: usize) -> Result<Raw, String> {
    if bytes.get(..8) != Some(&MAGIC[..]) {
        return Err("not a shipmap land network (bad magic)".to_owned());
    }
    let mut r = Reader { bytes, at: 8 };
    let (nj, ne, ni, nc) = (
        r.u32_le()? as usize,
        r.u32_le()? as usize,
        r.u32_le()? as usize,
        r.u32_le()? as usize,
    );
    // every record takes at least one byte: refuse counts the file cannot hold
    if nj.max(ne).max(ni) > bytes.len() || nc > 255 {
        return Err("counts larger than the file".to_owned());
    }
    let mut raw = Raw {
        junctions: Vec::with_capacity(nj),
        junction_country: Vec::with_capacity(nj),
        codes: Vec::with_capacity(nc),
        ..Raw::default()
    };
    for _ in 0..nc {
        raw.codes.push([r.byte()?, r.byte()?]);
    }
    let mut prev = (0, 0);
    for _ in 0..nj {
        raw.junctions.push(r.point(&mut prev)?);
    }
    for _ in 0..nj {
        let c = r.byte()?;
        if c as usize > nc {
            return Err(format!("country index {c} out of range"));
        }
        raw.junction_country.push(c);
    }
    let first = r.at;
    let junctions = Junctions {
        at: &raw.junctions,
        country: &raw.junction_country,
        nc,
    };
    // The edge records are written in place (the vectors are sized by the counts,
    // the file being at least that long): the halves below need no copying.
    let mut edges = vec![(0, 0, 0.0); ne];
    let mut interior_start = vec![0u32; ne + 1];
    let origin = LonLat::new(0.0, 0.0).map_err(|e| e.to_string())?;
    let mut interior = vec![origin; ni];
    let mut interior_country = vec![0u8; ni];
    let mut interior_km = vec![0f32; ni];
    let mut edge_class = vec![0u8; ne];
    let mut out = Out {
        edges: &mut edges,
        // interior_start[0] is 0: each edge writes where its points end
        interior_end: &mut interior_start[1..],
        interior: &mut interior,
        country: &mut interior_country,
        km: &mut interior_km,
        class: &mut edge_class,
    };
    // The edge section is most of the file and of the decoding time: when it is
    // large, a quick pass finds where its second half starts (and the state the
    // decoder has there), and the halves are decoded side by side. The result is
    // what one pass gives: each half must end where the other begins, in the same
    // state; anything else (a corrupt file) is decoded in one pass for its error.
    let split = (ne >= split_edges)
        .then(|| skip_edges(bytes, first, ne / 2, nj, ni))
        .flatten();
    let mut end = None;
    if let Some(mid) = split {
        let (head, tail) = out.split_at(ne / 2, mid.interior);
        let (head, tail) = rayon::join(
            || decode_edges(head, bytes, first, Seek::START, &junctions),
            || decode_edges(tail, bytes, mid.at, mid, &junctions),
        );
        if let (Ok(head), Ok(tail)) = (head, tail) {
            end = (head == mid).then_some(tail);
        }
        // not what one pass gives: decoded again in one pass, for its error
    }
    let end = match end {
        Some(end) => end,
        None => decode_edges(out, bytes, first, Seek::START, &junctions)?,
    };
    r.at = end.at;
    if end.interior != ni || r.at != bytes.len() {
        return Err("length does not match the counts".to_owned());
    }
    raw.edges = edges;
    raw.interior_start = interior_start;
    raw.interior = interior;
    raw.interior_country = interior_country;
    raw.interior_km = interior_km;
    raw.edge_class = edge_class;
    Ok(raw)
}

/// Edge sections of at least this many edges are decoded in two halves.
const SPLIT_EDGES: usize = 4096;

/// Where the edge decoder is: the byte it reads next, the previous edge's first
/// junction and the interior points decoded so far.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Seek {
    at: usize,
    a: u32,
    interior: usize,
}

impl Seek {
    const START: Seek = Seek {
        at: 0,
        a: 0,
        interior: 0,
    };
}

/// Passes over `n` edge records from byte `at` without decoding them: where the
/// next record starts and the decoder's state there. `None` when the records are
/// not well formed (one pass then finds the error).
fn skip_edges(bytes: &[u8], mut at: usize, n: usize, nj: usize, ni: usize) -> Option<Seek> {
    let mut a = 0u32;
    let mut interior = 0usize;
    let mut r = Reader { bytes, at };
    for _ in 0..n {
        a = a.checked_add(u32::try_from(r.varint().ok()?).ok()?)?;
        if a as usize >= nj {
            return None;
        }
        r.varint().ok()?; // b - a
        r.varint().ok()?; // metres
        let k = usize::try_from(r.varint().ok()?).ok()?;
        interior = interior.checked_add(k).filter(|&i| i <= ni)?;
        // 3k varints (the points' two coordinates and their distances): count ends
        at = r.at;
        let mut left = 3 * k;
        while left > 0 {
            left -= usize::from(*bytes.get(at)? < 0x80);
            at += 1;
        }
        r.at = at;
        let runs = r.varint().ok()?;
        for _ in 0..runs.min(bytes.len() as u64) {
            r.byte().ok()?;
            r.varint().ok()?;
        }
        r.byte().ok()?; // line class
        at = r.at;
    }
    Some(Seek { at, a, interior })
}

/// Where decoded edge records go: `edges[i]`, `class[i]` and `interior_end[i]`
/// for the i-th edge, its interior points at the next places of the others.
struct Out<'a> {
    edges: &'a mut [(u32, u32, f64)],
    interior_end: &'a mut [u32],
    interior: &'a mut [LonLat],
    country: &'a mut [u8],
    km: &'a mut [f32],
    class: &'a mut [u8],
}

impl Out<'_> {
    /// The places of the first `edges` edges and `points` interior points, and
    /// those of the rest.
    fn split_at(&mut self, edges: usize, points: usize) -> (Out<'_>, Out<'_>) {
        let (e0, e1) = self.edges.split_at_mut(edges);
        let (s0, s1) = self.interior_end.split_at_mut(edges);
        let (c0, c1) = self.class.split_at_mut(edges);
        let (i0, i1) = self.interior.split_at_mut(points);
        let (n0, n1) = self.country.split_at_mut(points);
        let (k0, k1) = self.km.split_at_mut(points);
        (
            Out {
                edges: e0,
                interior_end: s0,
                interior: i0,
                country: n0,
                km: k0,
                class: c0,
            },
            Out {
                edges: e1,
                interior_end: s1,
                interior: i1,
                country: n1,
                km: k1,
                class: c1,
            },
        )
    }
}

/// A decoded junction back in thousandths of a degree, exactly: it was `n /
/// 1000.0` for an integer `n` of at most 180,000 in size, and the error of that
/// division times 1000 is far below the half a unit `round` forgives.
fn thousandths(p: LonLat) -> (i64, i64) {
    (
        (p.lon() * 1000.0).round() as i64,
        (p.lat() * 1000.0).round() as i64,
    )
}

/// What edge records are decoded against: the junctions, their countries, and
/// the number of countries.
#[derive(Clone, Copy)]
struct Junctions<'a> {
    at: &'a [LonLat],
    country: &'a [u8],
    nc: usize,
}

/// Decodes as many edge records as `out` has places for, from byte `at` with the
/// decoder in state `start`, and returns its state after them.
fn decode_edges(
    out: Out<'_>,
    bytes: &[u8],
    at: usize,
    start: Seek,
    junctions: &Junctions<'_>,
) -> Result<Seek, String> {
    let Junctions {
        at: ends,
        country,
        nc,
    } = *junctions;
    let mut r = Reader { bytes, at };
    let nj = ends.len();
    let mut a = start.a;
    let mut j = 0usize; // interior points written
    for (e, edge) in out.edges.iter_mut().enumerate() {
        a = a
            .checked_add(r.index(nj, "edge start step")?)
            .ok_or("edge start overflow")?;
        let b = a
            .checked_add(r.index(nj, "edge end step")?)
            .ok_or("edge end overflow")?;
        if b as usize >= nj || a as usize >= nj {
            return Err(format!("edge joins junction {b} of {nj}"));
        }
        let metres = r.varint()?;
        *edge = (a, b, metres as f64 / 1000.0);
        let k = r.index(out.interior.len() + 1 - j, "interior count")? as usize;
        let mut prev = thousandths(ends[a as usize]);
        for p in &mut out.interior[j..j + k] {
            *p = r.point(&mut prev)?;
        }
        let mut along = 0u64;
        for km in &mut out.km[j..j + k] {
            along = along.saturating_add(r.varint()?);
            if along > metres {
                return Err(format!(
                    "an interior point lies {along} m along an edge of {metres} m"
                ));
            }
            *km = along as f32 / 1000.0;
        }
        let runs = r.varint()?;
        if runs == 0 {
            out.country[j..j + k].fill(country[a as usize]);
        } else {
            let mut filled = 0usize;
            for _ in 0..runs {
                let c = r.byte()?;
                let len = r.index(k + 1 - filled, "country run")? as usize;
                if c as usize > nc {
                    return Err(format!("country index {c} out of range"));
                }
                out.country[j + filled..j + filled + len].fill(c);
                filled += len;
            }
            if filled != k {
                return Err(format!("country runs cover {filled} of {k} points"));
            }
        }
        j += k;
        out.interior_end[e] = (start.interior + j) as u32;
        let class = r.byte()?;
        if class > 1 {
            return Err(format!("line class {class} out of range"));
        }
        out.class[e] = class;
    }
    Ok(Seek {
        at: r.at,
        a,
        interior: start.interior + j,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A hand-written file: two junctions, one edge with one interior point.
    fn tiny() -> Vec<u8> {
        let mut b = MAGIC.to_vec();
        for n in [2u32, 1, 1, 1] {
            b.extend(n.to_le_bytes());
        }
        b.extend(b"RU");
        // junctions (0.001, 0.002) then (+0.002, +0.002): zigzag 2,4 then 4,4
        b.extend([2, 4, 4, 4]);
        b.extend([1, 0]); // junction countries: RU, none
                          // edge: a step 0, b - a = 1, 1500 m, one interior point (+1, +1) 1000 m
                          // along (0xe8 0x07), no runs, class 1 (main line)
        b.extend([0, 1, 0xdc, 0x0b, 1, 2, 2, 0xe8, 0x07, 0, 1]);
        b
    }

    #[test]
    fn decodes_a_tiny_network() {
        let raw = decode(&tiny()).unwrap();
        assert_eq!(raw.codes, vec![*b"RU"]);
        assert_eq!(raw.junctions[1].lon(), 0.003);
        assert_eq!(raw.junctions[1].lat(), 0.004);
        assert_eq!(raw.edges, vec![(0, 1, 1.5)]);
        assert_eq!(
            (raw.interior[0].lon(), raw.interior[0].lat()),
            (0.002, 0.003)
        );
        assert_eq!(raw.interior_country, vec![1]);
        assert_eq!(raw.interior_km, vec![1.0]);
        assert_eq!(raw.interior_start, vec![0, 1]);
        assert_eq!(raw.edge_class, vec![1]);
    }

    #[test]
    fn an_interior_point_beyond_its_edge_is_an_error() {
        let mut b = tiny();
        let at = b.len() - 4; // the interior point's 1000 m (0xe8 0x07)
        b[at..at + 2].copy_from_slice(&[0xa0, 0x1f]); // 4000 m, on a 1500 m edge
        assert!(decode(&b)
            .unwrap_err()
            .contains("4000 m along an edge of 1500 m"));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let full = tiny();
        for cut in 0..full.len() {
            assert!(decode(&full[..cut]).is_err(), "cut at {cut}");
        }
        let mut extra = full.clone();
        extra.push(0);
        assert!(decode(&extra).is_err());
    }

    #[test]
    fn halves_decode_as_one_pass() {
        let world = include_bytes!("../../../data/rail/world_rail.bin");
        let one = decode_with(world, usize::MAX).unwrap();
        assert_eq!(one.edges.len(), 143_465);
        assert_eq!(decode_with(world, SPLIT_EDGES).unwrap(), one);
        // one edge: an empty first half
        assert_eq!(decode_with(&tiny(), 0).unwrap(), decode(&tiny()).unwrap());
    }

    #[test]
    fn halves_report_the_errors_of_one_pass() {
        let full = tiny();
        for i in 8..full.len() {
            for v in [0u8, 1, 0x7f, 0x80, 0xff] {
                let mut b = full.clone();
                b[i] = v;
                assert_eq!(
                    decode_with(&b, 0),
                    decode_with(&b, usize::MAX),
                    "byte {i} = {v}"
                );
            }
        }
        for cut in 0..full.len() {
            assert_eq!(
                decode_with(&full[..cut], 0),
                decode_with(&full[..cut], usize::MAX)
            );
        }
    }

    #[test]
    fn corrupt_bytes_never_panic() {
        let full = tiny();
        for i in 8..full.len() {
            for v in [0u8, 1, 0x7f, 0x80, 0xff] {
                let mut b = full.clone();
                b[i] = v;
                let _ = decode(&b);
            }
        }
    }
}
