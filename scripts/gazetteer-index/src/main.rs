//! Builds the name index of shipmap's embedded gazetteer.
//!
//! Input: names.tsv lines `N<TAB>name<TAB>posting` (a place name) or
//! `L<TAB>LOCODE<TAB>posting`. A posting is a u32: record index << 2 | match kind
//! (0 primary, 1 ascii, 2 alternate, 3 locode).
//! Output in OUT_DIR: names.fst (key → value), postings.bin and multi.bin (little-endian
//! u32s). Keys: folded name; 0x01 + skeleton (of primary and ASCII names only: the
//! alternates already carry the common variants); 0x02 + LOCODE. An odd value is
//! `posting << 1 | 1`, the key's one posting inline; an even value is `m << 1`, and
//! the key's postings are postings.bin[multi[m]..multi[m + 1]]. Small values keep the
//! fst small: its outputs are stored in as few bytes as they need.
//! The key rules are shipmap's own (src/gazetteer/fold.rs, included below).

#[path = "../../../src/gazetteer/fold.rs"]
#[allow(dead_code)]
mod fold;

use std::collections::BTreeMap;
use std::io::{BufRead, BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (input, out_dir) = match args.as_slice() {
        [_, i, o] => (i, o),
        _ => return Err("usage: gazetteer-index NAMES_TSV OUT_DIR".into()),
    };
    let mut keys: BTreeMap<Vec<u8>, Vec<u32>> = BTreeMap::new();
    let file = std::io::BufReader::new(std::fs::File::open(input)?);
    for line in file.lines() {
        let line = line?;
        let mut cols = line.splitn(3, '\t');
        let (Some(kind), Some(text), Some(posting)) = (cols.next(), cols.next(), cols.next())
        else {
            return Err(format!("bad line: {line}").into());
        };
        let posting: u32 = posting.parse()?;
        match kind {
            "N" => {
                let folded = fold::fold(text);
                if folded.is_empty() {
                    continue;
                }
                let skeleton = if posting & 3 <= 1 { fold::skeleton(&folded) } else { None };
                if let Some(sk) = skeleton {
                    let mut k = vec![1u8];
                    k.extend_from_slice(sk.as_bytes());
                    add(&mut keys, k, posting);
                }
                add(&mut keys, folded.into_bytes(), posting);
            }
            "L" => {
                let mut k = vec![2u8];
                k.extend_from_slice(text.to_ascii_uppercase().as_bytes());
                add(&mut keys, k, posting);
            }
            _ => return Err(format!("bad kind: {line}").into()),
        }
    }
    let mut postings: Vec<u32> = Vec::new();
    let fst_file = std::fs::File::create(format!("{out_dir}/names.fst"))?;
    let mut builder = fst::MapBuilder::new(BufWriter::new(fst_file))?;
    let mut multi: Vec<u32> = Vec::new();
    for (key, mut list) in keys {
        // One posting per record: keep its best (lowest) match kind.
        list.sort_unstable();
        list.dedup_by_key(|p| *p >> 2);
        let value = if list.len() == 1 {
            (u64::from(list[0]) << 1) | 1
        } else {
            let v = (multi.len() as u64) << 1;
            multi.push(postings.len() as u32);
            postings.extend_from_slice(&list);
            v
        };
        builder.insert(&key, value)?;
    }
    builder.finish()?;
    let mut out = BufWriter::new(std::fs::File::create(format!("{out_dir}/postings.bin"))?);
    for p in &postings {
        out.write_all(&p.to_le_bytes())?;
    }
    out.flush()?;
    multi.push(postings.len() as u32);
    let mut out = BufWriter::new(std::fs::File::create(format!("{out_dir}/multi.bin"))?);
    for m in &multi {
        out.write_all(&m.to_le_bytes())?;
    }
    out.flush()?;
    eprintln!(
        "index: {} keys with several places, {} postings",
        multi.len() - 1,
        postings.len()
    );
    Ok(())
}

fn add(keys: &mut BTreeMap<Vec<u8>, Vec<u32>>, key: Vec<u8>, posting: u32) {
    keys.entry(key).or_default().push(posting);
}
