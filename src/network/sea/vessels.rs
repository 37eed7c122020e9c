//! Vessel classes and the passages they fit.
//!
//! A class (data/sea/vessels.csv) is a typical length, beam and design draught with
//! its source; data/sea/passage_limits.csv gives the published limits of the canals
//! and straits that have them, one row per lock where a canal has two (Panama). A
//! vessel is kept out of every passage it does not fit; the default (no vessel) fits
//! everything.

use super::passages::{self, PassageSet};

const VESSELS_CSV: &str = include_str!("../../../data/sea/vessels.csv");
const LIMITS_CSV: &str = include_str!("../../../data/sea/passage_limits.csv");

/// A ship's size: any dimension may be unknown (then it limits nothing).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Vessel {
    /// The class name (`aframax`), or None for dimensions given alone.
    pub class: Option<String>,
    /// Length overall, m.
    pub length_m: Option<f64>,
    /// Beam, m.
    pub beam_m: Option<f64>,
    /// Draught, m.
    pub max_draught_m: Option<f64>,
}

/// One published limit of a passage (or of one of its locks).
#[derive(Debug, Clone, PartialEq)]
struct Limit {
    passage: &'static str,
    lock: &'static str,
    draught: Option<f64>,
    length: Option<f64>,
    beam: Option<f64>,
}

/// A passage a vessel does not fit, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    /// The passage's name, as in [`passages::NAMES`].
    pub passage: &'static str,
    /// Which limits the vessel exceeds, e.g. `length 245 m > 235 m, draught 14.5 m > 9.5 m`.
    pub reason: String,
}

/// Splits a CSV line on commas outside double quotes.
fn cells(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, ch) in line.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&line[start..]);
    out
}

fn num(s: &str) -> Result<Option<f64>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<f64>()
        .map(Some)
        .map_err(|e| format!("`{s}`: {e}"))
}

/// The class names, in data order.
pub fn class_names() -> Vec<&'static str> {
    VESSELS_CSV
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .filter(|n| !n.trim().is_empty())
        .collect()
}

impl Vessel {
    /// The vessel of a class (`aframax`, `VLCC`, `container ULCV`), or Err with the
    /// class names.
    pub fn class(name: &str) -> Result<Vessel, String> {
        let key = name.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        for line in VESSELS_CSV.lines().skip(1) {
            let c = cells(line);
            if c.first().map(|s| s.trim()) == Some(key.as_str()) && c.len() >= 4 {
                return Ok(Vessel {
                    class: Some(key),
                    length_m: num(c[1])?,
                    beam_m: num(c[2])?,
                    max_draught_m: num(c[3])?,
                });
            }
        }
        Err(format!(
            "unknown vessel class `{name}`; classes: {}",
            class_names().join(", ")
        ))
    }

    /// A short description: `aframax (245 m, beam 44 m, draught 14.5 m)`.
    pub fn describe(&self) -> String {
        let mut dims = Vec::new();
        if let Some(l) = self.length_m {
            dims.push(format!("{l} m"));
        }
        if let Some(b) = self.beam_m {
            dims.push(format!("beam {b} m"));
        }
        if let Some(d) = self.max_draught_m {
            dims.push(format!("draught {d} m"));
        }
        let name = self.class.as_deref().unwrap_or("the vessel");
        format!("{name} ({})", dims.join(", "))
    }

    /// The passages this vessel does not fit, in [`passages::NAMES`] order.
    pub fn closures(&self) -> Result<Vec<Closure>, String> {
        let limits = limits()?;
        let mut out: Vec<Closure> = Vec::new();
        for &name in passages::NAMES.iter() {
            let rows: Vec<&Limit> = limits.iter().filter(|l| l.passage == name).collect();
            if rows.is_empty() {
                continue;
            }
            // a canal with two sets of locks is open when either fits
            let reasons: Vec<String> = rows.iter().map(|l| self.exceeds(l)).collect();
            if reasons.iter().all(|r| !r.is_empty()) {
                out.push(Closure {
                    passage: name,
                    reason: reasons.join("; "),
                });
            }
        }
        Ok(out)
    }

    /// What of `limit` this vessel exceeds ("" when it fits).
    fn exceeds(&self, limit: &Limit) -> String {
        let mut over = Vec::new();
        for (what, mine, max) in [
            ("length", self.length_m, limit.length),
            ("beam", self.beam_m, limit.beam),
            ("draught", self.max_draught_m, limit.draught),
        ] {
            if let (Some(v), Some(m)) = (mine, max) {
                if v > m {
                    over.push(format!("{what} {v} m > {m} m"));
                }
            }
        }
        if over.is_empty() {
            return String::new();
        }
        let joined = over.join(", ");
        if limit.lock.is_empty() {
            joined
        } else {
            format!("{}: {joined}", limit.lock)
        }
    }

    /// The closures as a passage set.
    pub fn closed_set(&self) -> Result<PassageSet, String> {
        let names: Vec<String> = self
            .closures()?
            .iter()
            .map(|c| c.passage.to_owned())
            .collect();
        passages::closed_set(&names).map_err(|e| e.to_string())
    }
}

fn limits() -> Result<Vec<Limit>, String> {
    let mut out = Vec::new();
    for (n, line) in LIMITS_CSV.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let c = cells(line);
        let bad = |e: String| format!("passage_limits.csv line {}: {e}", n + 1);
        let [passage, lock, draught, length, beam, source] = c[..] else {
            return Err(bad("expected 6 fields".to_owned()));
        };
        if source.trim().len() < 10 {
            return Err(bad("no source".to_owned()));
        }
        let known = passages::NAMES
            .iter()
            .find(|&&k| k == passage.trim())
            .ok_or_else(|| bad(format!("unknown passage `{passage}`")))?;
        out.push(Limit {
            passage: known,
            lock,
            draught: num(draught).map_err(bad)?,
            length: num(length).map_err(bad)?,
            beam: num(beam).map_err(bad)?,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(class: &str) -> Vec<&'static str> {
        Vessel::class(class)
            .unwrap()
            .closures()
            .unwrap()
            .iter()
            .map(|c| c.passage)
            .collect()
    }

    #[test]
    fn every_class_and_limit_reads() {
        assert_eq!(class_names().len(), 9);
        for name in class_names() {
            let v = Vessel::class(name).unwrap();
            assert!(v.length_m.is_some() && v.beam_m.is_some() && v.max_draught_m.is_some());
        }
        assert_eq!(limits().unwrap().len(), 10);
    }

    #[test]
    fn an_aframax_does_not_fit_the_kiel_canal() {
        let c = closed("Aframax");
        assert!(c.contains(&"kiel"), "{c:?}");
        assert!(!c.contains(&"suez") && !c.contains(&"great-belt") && !c.contains(&"panama"));
        let v = Vessel::class("aframax").unwrap();
        let kiel = v
            .closures()
            .unwrap()
            .into_iter()
            .find(|c| c.passage == "kiel");
        assert_eq!(
            kiel.unwrap().reason,
            "length 245 m > 235 m, beam 44 m > 32.5 m, draught 14.5 m > 9.5 m"
        );
    }

    #[test]
    fn a_laden_vlcc_keeps_out_of_suez_malacca_and_panama() {
        let c = closed("VLCC");
        for p in ["suez", "malacca", "panama", "kiel", "great-belt", "oresund"] {
            assert!(c.contains(&p), "{p} {c:?}");
        }
    }

    #[test]
    fn panama_is_open_when_either_lock_fits() {
        // a panamax at 14 m draught fits only the new locks
        assert!(!closed("panamax").contains(&"panama"));
        assert!(closed("container-ulcv").contains(&"panama"));
    }

    #[test]
    fn small_ships_fit_everything_but_the_volga_don() {
        assert_eq!(closed("small"), vec!["volga-don"]);
        assert!(closed("warship").contains(&"corinth"));
    }

    #[test]
    fn unknown_class_lists_the_classes() {
        let e = Vessel::class("capesize").unwrap_err();
        assert!(e.contains("aframax") && e.contains("capesize"), "{e}");
    }

    #[test]
    fn dimensions_alone_limit_too() {
        let v = Vessel {
            max_draught_m: Some(10.0),
            ..Vessel::default()
        };
        let names: Vec<_> = v.closures().unwrap().iter().map(|c| c.passage).collect();
        assert_eq!(
            names,
            vec![
                "kiel",
                "corinth",
                "oresund",
                "volga-don",
                "st-lawrence-seaway"
            ]
        );
    }
}
