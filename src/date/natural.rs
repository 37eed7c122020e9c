//! Dates as English-language reports write them: `7 September 2023`,
//! `Sept. 7, 2023`, `September 2023`, `7-12 Sep 2023`, `7 Sep - 1 Oct 2023`,
//! `early/mid/late September 2023`, `c. 7 Sep 2023`, and numeric `7/9/2023` read
//! in a [`DateOrder`].

use jiff::civil::Date;

use super::{DateError, DateOrder, DatePoint, DateSpec, MONTHS};

/// Words before a date meaning "about".
const ABOUT: [&str; 7] = [
    "c.",
    "ca.",
    "circa",
    "about",
    "around",
    "approx.",
    "approximately",
];

/// Part of a month: early (days 1-10), mid (11-20), late (21 to the end).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Third {
    Early,
    Mid,
    Late,
}

/// One end as written, possibly missing its month or year (`7` in `7-12 Sep 2023`).
#[derive(Debug, Clone, Copy, Default)]
struct Partial {
    third: Option<Third>,
    day: Option<i64>,
    month: Option<i8>,
    year: Option<i64>,
}

pub(super) fn parse(text: &str, order: DateOrder) -> Result<DateSpec, DateError> {
    let form = || DateError::Form(text.to_owned());
    let mut body = text.trim();
    let mut approx = false;
    loop {
        let lower = body.to_ascii_lowercase();
        if let Some(rest) = body.strip_prefix('~') {
            body = rest.trim_start();
            approx = true;
            continue;
        }
        let Some(word) = ABOUT.iter().find(|w| {
            lower.starts_with(*w)
                && lower[w.len()..].starts_with(|c: char| c.is_whitespace() || w.ends_with('.'))
        }) else {
            break;
        };
        body = body[word.len()..].trim_start();
        approx = true;
    }
    if body.is_empty() {
        return Err(form());
    }
    if body.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'/' || b == b'.')
    {
        let start = numeric(body, text, order)?;
        return Ok(DateSpec {
            start,
            end: None,
            approx,
        });
    }
    // Dashes: "7-12 Sep 2023", "7 Sep – 1 Oct 2023"; "mid-September" is one word.
    let normalised = body.replace(['–', '—'], "-");
    let lower = normalised.to_ascii_lowercase();
    let unhyphenated = ["early-", "mid-", "late-"]
        .iter()
        .fold(lower, |acc, q| acc.replace(q, &q.replace('-', " ")));
    let (first, last) = match unhyphenated.split_once('-') {
        Some((a, b)) => (
            partial(a).ok_or_else(form)?,
            Some(partial(b).ok_or_else(form)?),
        ),
        None => (partial(&unhyphenated).ok_or_else(form)?, None),
    };
    let Some(last) = last else {
        let (start, end, third_approx) = resolve(first, text)?;
        return Ok(DateSpec {
            start,
            end,
            approx: approx || third_approx,
        });
    };
    // The first end takes what it leaves out from the last: "7-12 Sep 2023".
    let first = Partial {
        month: first.month.or(last.month),
        year: first.year.or(last.year),
        ..first
    };
    let (a, a_end, qa) = resolve(first, text)?;
    let (b0, b_end, qb) = resolve(last, text)?;
    let end = b_end.unwrap_or(b0);
    if super::range_secs(&end).1 <= super::range_secs(&a).0 {
        return Err(DateError::Reversed(text.to_owned()));
    }
    let _ = a_end;
    Ok(DateSpec {
        start: a,
        end: Some(end),
        approx: approx || qa || qb,
    })
}

/// True when a word (any case, trailing `.` or `,` ignored) can open a date as reports
/// write them: a month name or abbreviation, early/mid/late, or a word for "about".
pub(crate) fn is_date_word(word: &str) -> bool {
    let lower = word.trim_end_matches(',').to_ascii_lowercase();
    let bare = lower.trim_end_matches('.');
    month_number(bare).is_some()
        || matches!(bare, "early" | "mid" | "middle" | "late")
        || bare.starts_with("mid-")
        || bare.starts_with("early-")
        || bare.starts_with("late-")
        || ABOUT.iter().any(|w| w.trim_end_matches('.') == bare)
}

fn month_number(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.');
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| {
            let m = m.to_ascii_lowercase();
            m == w || (w.len() == 3 && m.starts_with(w))
        })
        .map(|i| i as i8 + 1)
}

/// Reads one end from its words: an optional early/mid/late, an optional day, a
/// month name, an optional year, in either order of day and month.
fn partial(text: &str) -> Option<Partial> {
    let mut p = Partial::default();
    let cleaned = text.replace(',', " ");
    for word in cleaned.split_whitespace() {
        let bare = word.trim_end_matches('.');
        let digits = bare.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &bare[digits.len()..];
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            // "7th", "1st": ordinal suffixes after a day.
            if !suffix.is_empty() && !matches!(suffix, "st" | "nd" | "rd" | "th") {
                return None;
            }
            let n: i64 = digits.parse().ok()?;
            match digits.len() {
                1 | 2 if p.day.is_none() => p.day = Some(n),
                4 if suffix.is_empty() && p.year.is_none() => p.year = Some(n),
                _ => return None,
            }
        } else if let Some(m) = month_number(bare).filter(|_| p.month.is_none()) {
            p.month = Some(m);
        } else {
            p.third = match (bare, p.third) {
                ("early", None) => Some(Third::Early),
                ("mid", None) | ("middle", None) => Some(Third::Mid),
                ("late", None) => Some(Third::Late),
                ("of", Some(t)) => Some(t),
                _ => return None,
            };
        }
    }
    (p.day.is_some() || p.month.is_some() || p.year.is_some()).then_some(p)
}

/// Turns one end into points: (start, end of a window, approximate).
fn resolve(p: Partial, text: &str) -> Result<(DatePoint, Option<DatePoint>, bool), DateError> {
    let form = || DateError::Form(text.to_owned());
    let year = p.year.ok_or_else(form)?;
    let Some(month) = p.month else {
        return match (p.day, p.third) {
            (None, None) => Ok((DatePoint::Year(year as i16), None, false)),
            _ => Err(form()),
        };
    };
    let day = |d: i64| {
        Date::new(year as i16, month, d as i8)
            .ok()
            .filter(|_| (1..=31).contains(&d))
            .map(DatePoint::Day)
            .ok_or(DateError::Day {
                day: d,
                month_name: MONTHS[month as usize - 1],
                year,
            })
    };
    match (p.day, p.third) {
        (Some(d), None) => Ok((day(d)?, None, false)),
        (None, None) => Ok((DatePoint::Month(year as i16, month), None, false)),
        (None, Some(third)) => {
            let last = Date::new(year as i16, month, 1)
                .map_err(|_| form())?
                .last_of_month()
                .day() as i64;
            let (a, b) = match third {
                Third::Early => (1, 10),
                Third::Mid => (11, 20),
                Third::Late => (21, last),
            };
            Ok((day(a)?, Some(day(b)?), true))
        }
        (Some(_), Some(_)) => Err(form()),
    }
}

/// Reads `7/9/2023` or `7.9.2023` in the given order; without one, only when one
/// number is above 12.
fn numeric(body: &str, text: &str, order: DateOrder) -> Result<DatePoint, DateError> {
    let parts: Vec<&str> = body.split(['/', '.']).collect();
    let [a, b, y] = parts.as_slice() else {
        return Err(DateError::Form(text.to_owned()));
    };
    let num = |s: &str| {
        s.parse::<i64>()
            .map_err(|_| DateError::Form(text.to_owned()))
    };
    let (a, b, y) = (num(a)?, num(b)?, num(y)?);
    if !(1000..=9999).contains(&y) {
        return Err(DateError::Form(text.to_owned()));
    }
    let make = |day: i64, month: i64| -> Result<DatePoint, DateError> {
        if !(1..=12).contains(&month) {
            return Err(DateError::Month {
                text: text.to_owned(),
                month,
            });
        }
        Date::new(y as i16, month as i8, day.clamp(0, 99) as i8)
            .map(DatePoint::Day)
            .map_err(|_| DateError::Day {
                day,
                month_name: MONTHS[month as usize - 1],
                year: y,
            })
    };
    match order {
        DateOrder::DayFirst => make(a, b),
        DateOrder::MonthFirst => make(b, a),
        DateOrder::Unknown if a > 12 && b <= 12 => make(a, b),
        DateOrder::Unknown if b > 12 && a <= 12 => make(b, a),
        DateOrder::Unknown if a == b => make(a, b),
        DateOrder::Unknown => {
            let show = |p: Result<DatePoint, DateError>| match p {
                Ok(p) => super::point_label(&p),
                Err(_) => "no date".to_owned(),
            };
            Err(DateError::Ambiguous {
                text: text.to_owned(),
                day_first: show(make(a, b)),
                month_first: show(make(b, a)),
            })
        }
    }
}
