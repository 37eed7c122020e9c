//! Coordinates in the notations people paste: `42.2456, 130.2967`,
//! `42.2456N 130.2967E`, `42°14'44"N 130°17'48"E`, `N42 14 44 E130 17 48`,
//! with or without spaces and degree signs.
//!
//! Written by hand: the crates that parse coordinates accept one notation each, and
//! pasted text mixes them.

/// What the accepted notations are, for error hints.
pub const HELP: &str = "write latitude then longitude: `42.2456, 130.2967`, \
                        `42.2456N 130.2967E` or `42°14'44\"N 130°17'48\"E`";

use crate::model::{CoordError, LonLat};

/// Why a text is not a valid coordinate pair.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CoordParseError {
    /// The text is not an attempt at coordinates (it has words, or no digits).
    #[error("not coordinates")]
    NotCoordinates,
    /// The text looks like coordinates but cannot be read.
    #[error("{0}")]
    Malformed(String),
    /// A value is out of range.
    #[error("{0}; are latitude and longitude swapped? Latitude comes first")]
    Range(CoordError),
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Unit {
    Deg,
    Min,
    Sec,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Num {
        value: f64,
        negative: bool,
        fractional: bool,
    },
    Unit(Unit),
    Hemi(char),
    Sep,
    Space,
}

/// Reads a coordinate pair, latitude first unless hemisphere letters say otherwise.
///
/// ```
/// use shipmap::gazetteer::coords::parse_coordinates;
/// let p = parse_coordinates("42°14'44\"N 130°17'48\"E").unwrap();
/// assert!((p.lat() - 42.245_555).abs() < 1e-5 && (p.lon() - 130.296_666).abs() < 1e-5);
/// assert_eq!(parse_coordinates("33.87S, 151.21E").unwrap().lat(), -33.87);
/// assert!(parse_coordinates("Najin").is_err());
/// ```
pub fn parse_coordinates(text: &str) -> Result<LonLat, CoordParseError> {
    let tokens = tokenize(text)?;
    let halves = split_halves(&tokens)?;
    let (a, b) = (read_half(&halves.0)?, read_half(&halves.1)?);
    let (lat, lon) = match (a.axis, b.axis) {
        (Some(Axis::Lat), Some(Axis::Lat)) | (Some(Axis::Lon), Some(Axis::Lon)) => {
            return Err(CoordParseError::Malformed(
                "both values carry the same kind of hemisphere letter; use N or S for \
                 latitude and E or W for longitude"
                    .to_owned(),
            ))
        }
        (Some(Axis::Lon), _) | (_, Some(Axis::Lat)) => (b.value, a.value),
        _ => (a.value, b.value),
    };
    LonLat::new(lon, lat).map_err(CoordParseError::Range)
}

fn tokenize(text: &str) -> Result<Vec<Token>, CoordParseError> {
    if !text.chars().any(|c| c.is_ascii_digit()) {
        return Err(CoordParseError::NotCoordinates);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit()
            || c == '.'
            || ((c == '-' || c == '+' || c == '\u{2212}') && next_is_number(&chars, i))
        {
            let negative = c == '-' || c == '\u{2212}';
            if !c.is_ascii_digit() && c != '.' {
                i += 1;
            }
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            let value: f64 = digits
                .parse()
                .map_err(|_| CoordParseError::Malformed(format!("`{digits}` is not a number")))?;
            tokens.push(Token::Num {
                value,
                negative,
                fractional: digits.contains('.'),
            });
            continue;
        }
        if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.to_ascii_uppercase().as_str() {
                h @ ("N" | "S" | "E" | "W") => {
                    tokens.push(Token::Hemi(h.chars().next().unwrap_or('N')))
                }
                "DEG" | "D" => tokens.push(Token::Unit(Unit::Deg)),
                _ => return Err(CoordParseError::NotCoordinates),
            }
            continue;
        }
        let token = match c {
            '°' | 'º' | '˚' => Token::Unit(Unit::Deg),
            '\'' | '′' | '’' | '‘' if chars.get(i + 1) == Some(&c) => {
                i += 1;
                Token::Unit(Unit::Sec)
            }
            '\'' | '′' | '’' | '‘' => Token::Unit(Unit::Min),
            '"' | '″' | '”' | '“' => Token::Unit(Unit::Sec),
            ',' | ';' | '/' => Token::Sep,
            c if c.is_whitespace() => Token::Space,
            other => {
                return Err(CoordParseError::Malformed(format!(
                    "unexpected character `{other}`"
                )))
            }
        };
        tokens.push(token);
        i += 1;
    }
    Ok(tokens)
}

fn next_is_number(chars: &[char], i: usize) -> bool {
    chars
        .get(i + 1)
        .is_some_and(|c| c.is_ascii_digit() || *c == '.')
}

type Halves = (Vec<Token>, Vec<Token>);

fn split_halves(tokens: &[Token]) -> Result<Halves, CoordParseError> {
    let solid: Vec<&Token> = tokens.iter().filter(|t| **t != Token::Space).collect();
    let hemis = solid.iter().filter(|t| matches!(t, Token::Hemi(_))).count();
    let malformed = || CoordParseError::Malformed("cannot tell latitude from longitude".to_owned());
    if hemis > 0 {
        if hemis != 2 {
            return Err(CoordParseError::Malformed(
                "give one hemisphere letter for each of latitude and longitude".to_owned(),
            ));
        }
        let prefix = matches!(solid.first(), Some(Token::Hemi(_)));
        // Suffix style ("42N 130E"): the first letter ends the first half.
        // Prefix style ("N42 E130"): the second letter starts the second half.
        let nth = if prefix { 2 } else { 1 };
        let mut seen = 0;
        let cut = tokens
            .iter()
            .position(|t| {
                if matches!(t, Token::Hemi(_)) {
                    seen += 1;
                }
                seen == nth
            })
            .ok_or_else(malformed)?;
        let cut = if prefix { cut } else { cut + 1 };
        return Ok((tokens[..cut].to_vec(), tokens[cut..].to_vec()));
    }
    let seps: Vec<usize> = positions(tokens, |t| *t == Token::Sep);
    if seps.len() == 1 {
        return Ok((tokens[..seps[0]].to_vec(), tokens[seps[0] + 1..].to_vec()));
    }
    if !seps.is_empty() {
        return Err(malformed());
    }
    let degs = positions(tokens, |t| *t == Token::Unit(Unit::Deg));
    if degs.len() == 2 {
        // The number before the second degree sign starts the second half.
        let cut = tokens[..degs[1]]
            .iter()
            .rposition(|t| matches!(t, Token::Num { .. }))
            .ok_or_else(malformed)?;
        return Ok((tokens[..cut].to_vec(), tokens[cut..].to_vec()));
    }
    let nums = positions(tokens, |t| matches!(t, Token::Num { .. }));
    let per_half = match nums.len() {
        2 => 1,
        4 => 2,
        6 => 3,
        _ => return Err(malformed()),
    };
    let cut = nums[per_half];
    Ok((tokens[..cut].to_vec(), tokens[cut..].to_vec()))
}

fn positions(tokens: &[Token], pred: impl Fn(&Token) -> bool) -> Vec<usize> {
    tokens
        .iter()
        .enumerate()
        .filter(|(_, t)| pred(t))
        .map(|(i, _)| i)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Axis {
    Lat,
    Lon,
}

struct Half {
    value: f64,
    axis: Option<Axis>,
}

fn read_half(tokens: &[Token]) -> Result<Half, CoordParseError> {
    let mut parts: Vec<(f64, bool, Option<Unit>)> = Vec::new();
    let mut negative = false;
    let mut hemi = None;
    for t in tokens {
        match t {
            Token::Num {
                value,
                negative: neg,
                fractional,
            } => {
                if *neg {
                    if !parts.is_empty() {
                        return Err(CoordParseError::Malformed(
                            "a minus sign may only stand before the degrees".to_owned(),
                        ));
                    }
                    negative = true;
                }
                parts.push((*value, *fractional, None));
            }
            Token::Unit(u) => match parts.last_mut() {
                Some(last) if last.2.is_none() => last.2 = Some(*u),
                _ => {
                    return Err(CoordParseError::Malformed(
                        "a degree, minute or second sign without a number".to_owned(),
                    ))
                }
            },
            Token::Hemi(h) => hemi = Some(*h),
            Token::Sep | Token::Space => {}
        }
    }
    if parts.is_empty() || parts.len() > 3 {
        return Err(CoordParseError::Malformed(
            "each coordinate needs degrees, and at most minutes and seconds".to_owned(),
        ));
    }
    let expected = [Unit::Deg, Unit::Min, Unit::Sec];
    let mut value = 0.0;
    for (i, (v, fractional, unit)) in parts.iter().enumerate() {
        if unit.is_some_and(|u| u != expected[i]) {
            return Err(CoordParseError::Malformed(
                "write degrees, then minutes, then seconds".to_owned(),
            ));
        }
        if *fractional && i + 1 < parts.len() {
            return Err(CoordParseError::Malformed(
                "only the last of degrees, minutes and seconds may have decimals".to_owned(),
            ));
        }
        if i > 0 && *v >= 60.0 {
            return Err(CoordParseError::Malformed(format!(
                "{} of {v} is 60 or more",
                if i == 1 { "minutes" } else { "seconds" }
            )));
        }
        value += v / 60f64.powi(i as i32);
    }
    let axis = match hemi {
        Some('N') | Some('S') => Some(Axis::Lat),
        Some('E') | Some('W') => Some(Axis::Lon),
        _ => None,
    };
    if matches!(hemi, Some('S') | Some('W')) {
        if negative {
            return Err(CoordParseError::Malformed(
                "a minus sign and S or W both; use one".to_owned(),
            ));
        }
        negative = true;
    }
    Ok(Half {
        value: if negative { -value } else { value },
        axis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ok(text: &str) -> (f64, f64) {
        let p = parse_coordinates(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (p.lat(), p.lon())
    }

    fn close(a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < 1e-4 && (a.1 - b.1).abs() < 1e-4
    }

    #[test]
    fn pasted_notations_all_read_najin() {
        let najin = (42.2456, 130.2967);
        let dms = (
            42.0 + 14.0 / 60.0 + 44.0 / 3600.0,
            130.0 + 17.0 / 60.0 + 48.0 / 3600.0,
        );
        for text in [
            "42.2456, 130.2967",
            "42.2456 130.2967",
            "42.2456,130.2967",
            "42.2456N 130.2967E",
            "42.2456N130.2967E",
            "42.2456 N, 130.2967 E",
            "N42.2456 E130.2967",
            "130.2967E 42.2456N",
            "42.2456°N 130.2967°E",
        ] {
            assert!(close(ok(text), najin), "{text}: {:?}", ok(text));
        }
        for text in [
            "42°14'44\"N 130°17'48\"E",
            "42°14′44″N 130°17′48″E",
            "42°14'44\"N130°17'48\"E",
            "42 14 44 N 130 17 48 E",
            "N 42 14 44 E 130 17 48",
            "42 14 44 130 17 48",
            "42°14'44\" 130°17'48\"",
            "42d14'44\"N 130d17'48\"E",
        ] {
            assert!(close(ok(text), dms), "{text}: {:?}", ok(text));
        }
    }

    #[test]
    fn southern_and_western_hemispheres_are_negative() {
        assert_eq!(ok("33.87S 151.21E"), (-33.87, 151.21));
        assert_eq!(ok("-33.87, -70.5"), (-33.87, -70.5));
        assert_eq!(ok("40 30 S, 70 15 W"), (-40.5, -70.25));
    }

    #[test]
    fn decimal_minutes_are_accepted() {
        assert!(close(
            ok("42 14.5N 130 17.25E"),
            (42.0 + 14.5 / 60.0, 130.0 + 17.25 / 60.0)
        ));
    }

    #[test]
    fn names_are_not_coordinates() {
        for text in [
            "Najin",
            "Dunay, RU",
            "Port of Tartus",
            "",
            "Sinpo",
            "Route 66 East",
        ] {
            assert_eq!(
                parse_coordinates(text),
                Err(CoordParseError::NotCoordinates),
                "{text}"
            );
        }
    }

    #[test]
    fn out_of_range_latitude_is_refused_with_swap_hint() {
        let err = parse_coordinates("95, 10").unwrap_err();
        assert_eq!(err, CoordParseError::Range(CoordError::Latitude(95.0)));
        assert!(err.to_string().contains("swapped"));
        assert!(parse_coordinates("95N 10E").is_err());
        assert!(parse_coordinates("10, 181").is_err());
    }

    #[test]
    fn malformed_attempts_are_errors() {
        for text in [
            "42N 43N",
            "42.5 10 20",
            "42 61 00 N 130 0 0 E",
            "42.5 30 N 130 E",
            "-42S 130E",
            "1,2,3",
            "42°°N 130E",
        ] {
            assert!(
                matches!(parse_coordinates(text), Err(CoordParseError::Malformed(_))),
                "{text}: {:?}",
                parse_coordinates(text)
            );
        }
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,60}") {
            let _ = parse_coordinates(&text);
        }

        #[test]
        fn dms_round_trips(lat in -89.99f64..89.99, lon in -179.99f64..179.99) {
            let dms = |v: f64| {
                let a = v.abs();
                let d = a.floor();
                let m = ((a - d) * 60.0).floor();
                let s = (a - d - m / 60.0) * 3600.0;
                format!("{d}°{m}'{s:.3}\"")
            };
            let text = format!("{}{} {}{}", dms(lat), if lat < 0.0 { 'S' } else { 'N' }, dms(lon), if lon < 0.0 { 'W' } else { 'E' });
            let p = parse_coordinates(&text).unwrap();
            prop_assert!((p.lat() - lat).abs() < 1e-5 && (p.lon() - lon).abs() < 1e-5, "{} -> {:?}", text, p);
        }

        #[test]
        fn decimal_round_trips(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0) {
            let p = parse_coordinates(&format!("{lat:.6}, {lon:.6}")).unwrap();
            prop_assert!((p.lat() - lat).abs() < 1e-6 && (p.lon() - lon).abs() < 1e-6);
        }
    }
}
