//! Dates as reports give them: a day, a date-time, a month, an approximate date, or a
//! window ("some time between"), each keeping its meaning all the way to the outputs.
//!
//! Accepted forms (ISO 8601):
//!
//! | written                    | meaning                                   |
//! |----------------------------|-------------------------------------------|
//! | `2023-09-12`               | that day                                  |
//! | `2023-09-12T06:30:00+09:00`| that instant (stored and written as UTC)  |
//! | `2023-09`                  | some time in that month                   |
//! | `~2023-09-12`              | about that day (also `~` before any form) |
//! | `2023-09-07/2023-10-01`    | some time in that window, ends included   |
//! | `2023`                     | some time in that year                    |
//! | `2023-09-12~`              | about that day (EDTF; `~2023-09-12` too)  |
//!
//! and as reports write them, in English: `7 September 2023`, `7 Sep 2023`,
//! `Sept. 7, 2023`, `September 2023`, `7-12 Sep 2023`, `7 Sep - 1 Oct 2023`,
//! `early September 2023` (days 1-10), `mid` (11-20), `late` (21 to the month's end;
//! these three are windows marked approximate), `c.`/`about`/`around` before any form,
//! and numeric days `7/9/2023` or `7.9.2023` read with a [`DateOrder`]: without one,
//! a numeric date is read only when it cannot be misread (`13/9/2023`).
//!
//! Values are written back in EDTF (ISO 8601-2): `2023-09-12~` for "about", a window
//! as `start/end` with each end qualified, and a window between two instants as
//! `[start..end]` (EDTF "one of a set"), so that no written form that is not a plain
//! date reads as a date in GDAL.

use std::fmt;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;

mod natural;
pub(crate) use natural::is_date_word;

/// One end of a date value: a day, an instant, or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePoint {
    /// A calendar day.
    Day(Date),
    /// An instant, in UTC.
    Instant(Timestamp),
    /// A calendar month (year, month 1-12).
    Month(i16, i8),
    /// A calendar year.
    Year(i16),
}

/// How to read numeric day-month forms such as `7/9/2023`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Read them only when they cannot be misread (one number above 12).
    #[default]
    Unknown,
    /// Day first, as in most of the world: `7/9/2023` is 7 September (`--day-first`).
    DayFirst,
    /// Month first, as in the United States: `7/9/2023` is 9 July (`--month-first`).
    MonthFirst,
}

/// A date value from a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpec {
    /// First (or only) point.
    pub start: DatePoint,
    /// Last point of a window; `None` for a single point.
    pub end: Option<DatePoint>,
    /// "About": the value is approximate.
    pub approx: bool,
}

/// Why a date value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Not in any accepted form.
    #[error("`{0}` is not a date shipmap understands")]
    Form(String),
    /// Month outside 1-12.
    #[error("month {month} does not exist in `{text}`")]
    Month {
        /// The text.
        text: String,
        /// The month number given.
        month: i64,
    },
    /// Day outside the month.
    #[error("day {day} does not exist in {month_name} {year}")]
    Day {
        /// The day given.
        day: i64,
        /// The month's English name.
        month_name: &'static str,
        /// The year.
        year: i64,
    },
    /// A date-time that cannot be read (bad time or offset).
    #[error("bad date-time `{text}`: {reason}")]
    DateTime {
        /// The text.
        text: String,
        /// What is wrong.
        reason: String,
    },
    /// A window whose end comes before its start.
    #[error("window `{0}` ends before it starts")]
    Reversed(String),
    /// A numeric day-month date that reads two ways.
    #[error("`{text}` could be {day_first} or {month_first}")]
    Ambiguous {
        /// The text.
        text: String,
        /// Its reading with the day first.
        day_first: String,
        /// Its reading with the month first.
        month_first: String,
    },
}

/// The accepted forms, for error hints.
pub const HELP: &str = "use 2023-09-12 or 7 September 2023 (a day), 2023-09-12T06:30:00Z (a time, \
                        with Z or an offset such as +09:00), 2023-09 or September 2023 (a month), \
                        2023 (a year), 2023-09-12~ or c. 7 Sep 2023 (about), 2023-09-07/2023-10-01 \
                        or 7-12 Sep 2023 (some time in a window), early/mid/late September 2023; \
                        numeric dates such as 7/9/2023 need --day-first or --month-first";

/// English month names, January first (read by the chain tests and `draft`).
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl DateSpec {
    /// Reads a date value in one of the accepted forms.
    ///
    /// ```
    /// use shipmap::date::DateSpec;
    /// let w = DateSpec::parse("2023-09-07/2023-10-01").unwrap();
    /// assert_eq!(w.to_string(), "2023-09-07/2023-10-01");
    /// assert_eq!(DateSpec::parse("~2023-09-12").unwrap().label(), "c. 12 Sep 2023");
    /// assert!(DateSpec::parse("2023-02-30").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<DateSpec, DateError> {
        DateSpec::parse_with(text, DateOrder::Unknown)
    }

    /// Reads a date value, numeric day-month forms in the given order.
    ///
    /// ```
    /// use shipmap::date::{DateOrder, DateSpec};
    /// let d = DateSpec::parse_with("7/9/2023", DateOrder::DayFirst).unwrap();
    /// assert_eq!(d.to_string(), "2023-09-07");
    /// assert_eq!(DateSpec::parse("Sept. 7, 2023").unwrap().to_string(), "2023-09-07");
    /// assert_eq!(DateSpec::parse("7-12 Sep 2023").unwrap().to_string(), "2023-09-07/2023-09-12");
    /// assert_eq!(DateSpec::parse("late September 2023").unwrap().to_string(), "2023-09-21~/2023-09-30~");
    /// assert!(DateSpec::parse("7/9/2023").is_err());
    /// ```
    pub fn parse_with(text: &str, order: DateOrder) -> Result<DateSpec, DateError> {
        let trimmed = text.trim();
        if trimmed.starts_with(|c: char| c.is_ascii_digit() || c == '~' || c == '[')
            && !is_numeric_day(trimmed.trim_start_matches('~'))
            && looks_iso(trimmed)
        {
            return parse_iso(trimmed);
        }
        crate::date::natural::parse(trimmed, order)
    }

    /// True when the value has a time of day (so outputs must use date-times).
    pub fn has_time(&self) -> bool {
        matches!(self.start, DatePoint::Instant(_))
            || matches!(self.end, Some(DatePoint::Instant(_)))
    }

    /// True for a single day or instant, the only forms that pin a duration.
    pub fn is_point(&self) -> bool {
        self.end.is_none() && !matches!(self.start, DatePoint::Month(..) | DatePoint::Year(_))
    }

    /// The earliest instant the value allows, as seconds since the Unix epoch (UTC).
    pub fn earliest_s(&self) -> i64 {
        range_secs(&self.start).0
    }

    /// The end of the latest moment the value allows (exclusive), seconds since epoch.
    pub fn latest_s(&self) -> i64 {
        range_secs(self.end.as_ref().unwrap_or(&self.start)).1
    }

    /// A representative instant: the day's start or the instant itself, for point
    /// values; `None` when the value is a month or a window.
    pub fn point_s(&self) -> Option<i64> {
        self.is_point().then(|| range_secs(&self.start).0)
    }

    /// The earliest day the value allows.
    pub fn earliest_day(&self) -> Date {
        first_day(&self.start)
    }

    /// The latest day the value allows.
    pub fn latest_day(&self) -> Date {
        last_day(self.end.as_ref().unwrap_or(&self.start))
    }

    /// The earliest bound in ISO 8601: a date, or a UTC date-time when `with_time`.
    pub fn earliest_iso(&self, with_time: bool) -> String {
        bound_iso(&self.start, with_time, true)
    }

    /// The latest bound in ISO 8601: a date, or a UTC date-time when `with_time`.
    pub fn latest_iso(&self, with_time: bool) -> String {
        bound_iso(self.end.as_ref().unwrap_or(&self.start), with_time, false)
    }

    /// How a reader expects it: "12 Sep 2023", "c. 12 Sep 2023", "Sep 2023",
    /// "7 Sep - 1 Oct 2023", "12 Sep 2023 06:30 UTC".
    pub fn label(&self) -> String {
        let text = match &self.end {
            None => point_label(&self.start),
            Some(end) => span_label(&self.start, end),
        };
        if self.approx {
            format!("c. {text}")
        } else {
            text
        }
    }
}

/// A leg's dates as one label: "7-12 Sep 2023", "7 Sep - 1 Oct 2023", "dep. 7 Sep 2023".
///
/// ```
/// use shipmap::date::{leg_label, DateSpec};
/// let d = DateSpec::parse("2023-09-07").unwrap();
/// let a = DateSpec::parse("2023-09-12").unwrap();
/// assert_eq!(leg_label(Some(&d), Some(&a)).unwrap(), "7-12 Sep 2023");
/// ```
pub fn leg_label(depart: Option<&DateSpec>, arrive: Option<&DateSpec>) -> Option<String> {
    match (depart, arrive) {
        (None, None) => None,
        (Some(d), None) => Some(format!("dep. {}", d.label())),
        (None, Some(a)) => Some(format!("arr. {}", a.label())),
        (Some(d), Some(a)) if d.is_point() && a.is_point() && !d.has_time() && !a.has_time() => {
            let text = span_label(&d.start, &a.start);
            Some(if d.approx || a.approx {
                format!("c. {text}")
            } else {
                text
            })
        }
        (Some(d), Some(a)) => Some(format!("dep. {}, arr. {}", d.label(), a.label())),
    }
}

/// True when the text is in an ISO 8601 / EDTF form (digits, `-`, `/`, `:`, `T`,
/// `Z`, `+`, `~`, `?`, `[`, `]`, `.`) rather than words.
fn looks_iso(text: &str) -> bool {
    let body = text.trim_start_matches(['~', '[']);
    body.len() >= 4
        && body.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && (body.len() == 4 || matches!(body.as_bytes()[4], b'-' | b'~' | b'?' | b'/' | b'%'))
}

/// True for `7/9/2023`, `07.09.2023`: numbers and a four-digit year last.
fn is_numeric_day(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    parts.len() == 3
        && parts[..2]
            .iter()
            .all(|p| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[2].len() == 4
        && parts[2].bytes().all(|b| b.is_ascii_digit())
}

/// Strips EDTF qualifiers from one end: `~` or `?` or `%` before or after it.
fn qualified(text: &str) -> (&str, bool) {
    let t = text.trim();
    let (t, before) = match t.strip_prefix(['~', '?', '%']) {
        Some(rest) => (rest.trim_start(), true),
        None => (t, false),
    };
    match t.strip_suffix(['~', '?', '%']) {
        Some(rest) => (rest.trim_end(), true),
        None => (t, before),
    }
}

fn parse_iso(trimmed: &str) -> Result<DateSpec, DateError> {
    // `[a..b]`: EDTF "one of a set", our window.
    let (whole_approx, body) = match trimmed.strip_prefix('~') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, trimmed),
    };
    let window = body
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .and_then(|b| b.split_once(".."))
        .or_else(|| body.split_once('/'));
    if let Some((a, b)) = window {
        let (a, qa) = qualified(a);
        let (b, qb) = qualified(b);
        let start = parse_point(a)?;
        let end = parse_point(b)?;
        if range_secs(&end).1 <= range_secs(&start).0 {
            return Err(DateError::Reversed(trimmed.to_owned()));
        }
        return Ok(DateSpec {
            start,
            end: Some(end),
            approx: whole_approx || qa || qb,
        });
    }
    let (point, q) = qualified(body);
    Ok(DateSpec {
        start: parse_point(point)?,
        end: None,
        approx: whole_approx || q,
    })
}

fn month_abbr(m: i8) -> &'static str {
    MONTHS
        .get((m as usize).saturating_sub(1))
        .map(|s| &s[..3])
        .unwrap_or("???")
}

fn point_label(p: &DatePoint) -> String {
    match p {
        DatePoint::Day(d) => format!("{} {} {}", d.day(), month_abbr(d.month()), d.year()),
        DatePoint::Instant(t) => {
            let z = t.to_zoned(jiff::tz::TimeZone::UTC);
            format!(
                "{} {} {} {:02}:{:02} UTC",
                z.day(),
                month_abbr(z.month()),
                z.year(),
                z.hour(),
                z.minute()
            )
        }
        DatePoint::Month(y, m) => format!("{} {y}", month_abbr(*m)),
        DatePoint::Year(y) => y.to_string(),
    }
}

fn span_label(a: &DatePoint, b: &DatePoint) -> String {
    match (a, b) {
        (DatePoint::Day(x), DatePoint::Day(y)) if x == y => point_label(a),
        (DatePoint::Day(x), DatePoint::Day(y))
            if x.year() == y.year() && x.month() == y.month() =>
        {
            format!(
                "{}-{} {} {}",
                x.day(),
                y.day(),
                month_abbr(y.month()),
                y.year()
            )
        }
        (DatePoint::Day(x), DatePoint::Day(y)) if x.year() == y.year() => format!(
            "{} {} - {} {} {}",
            x.day(),
            month_abbr(x.month()),
            y.day(),
            month_abbr(y.month()),
            y.year()
        ),
        _ => format!("{} - {}", point_label(a), point_label(b)),
    }
}

fn parse_point(text: &str) -> Result<DatePoint, DateError> {
    let form = || DateError::Form(text.to_owned());
    if text.contains('T') || text.contains('t') || text.contains(' ') && text.len() > 10 {
        return parse_instant(text);
    }
    let parts: Vec<&str> = text.split('-').collect();
    let number = |s: &str, len: usize| -> Result<i64, DateError> {
        if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
            s.parse().map_err(|_| form())
        } else {
            Err(form())
        }
    };
    match parts.as_slice() {
        [y] => Ok(DatePoint::Year(number(y, 4)? as i16)),
        [y, m] => {
            let (year, month) = (number(y, 4)?, number(m, 2)?);
            if !(1..=12).contains(&month) {
                return Err(DateError::Month {
                    text: text.to_owned(),
                    month,
                });
            }
            Ok(DatePoint::Month(year as i16, month as i8))
        }
        [y, m, d] => {
            let (year, month, day) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
            if !(1..=12).contains(&month) {
                return Err(DateError::Month {
                    text: text.to_owned(),
                    month,
                });
            }
            Date::new(year as i16, month as i8, day as i8)
                .map(DatePoint::Day)
                .map_err(|_| DateError::Day {
                    day,
                    month_name: MONTHS[month as usize - 1],
                    year,
                })
        }
        _ => Err(form()),
    }
}

fn parse_instant(text: &str) -> Result<DatePoint, DateError> {
    let (date_part, _) = text.split_at(text.find(['T', 't', ' ']).unwrap_or(text.len()));
    // Check the calendar part first for a precise message ("day 30 does not exist").
    parse_point(date_part)?;
    if let Some(hours) = offset_hours(text) {
        // jiff takes offsets up to ±25:59; real time zones run from -12:00 to +14:00.
        if !(-12..=14).contains(&hours) {
            return Err(DateError::DateTime {
                text: text.to_owned(),
                reason: format!("offset of {hours} hours is out of range (-12:00 to +14:00)"),
            });
        }
    }
    text.parse::<Timestamp>()
        .map(DatePoint::Instant)
        .map_err(|e| DateError::DateTime {
            text: text.to_owned(),
            reason: if text.ends_with(|c: char| c.is_ascii_digit())
                && !text.contains(['+', 'Z', 'z'])
                && text.matches('-').count() < 3
            {
                "it needs a time zone: end it with Z (UTC) or an offset such as +09:00".to_owned()
            } else {
                e.to_string()
            },
        })
}

/// The hours of a trailing `+hh:mm` or `-hh:mm` offset after the time, if any.
fn offset_hours(text: &str) -> Option<i64> {
    let time = &text[text.find(['T', 't', ' '])?..];
    let at = time.rfind(['+', '-'])?;
    let sign = if time[at..].starts_with('-') { -1 } else { 1 };
    let hours: i64 = time.get(at + 1..at + 3)?.parse().ok()?;
    Some(sign * hours)
}

const DAY_S: i64 = 86_400;

fn day_start_s(d: Date) -> i64 {
    // Days since 1970-01-01; jiff's spans between civil dates are exact in days.
    let epoch = Date::constant(1970, 1, 1);
    let days = (d - epoch).get_days() as i64;
    days * DAY_S
}

fn first_day(p: &DatePoint) -> Date {
    match p {
        DatePoint::Day(d) => *d,
        DatePoint::Instant(t) => t.to_zoned(jiff::tz::TimeZone::UTC).date(),
        DatePoint::Month(y, m) => Date::new(*y, *m, 1).unwrap_or(Date::constant(1970, 1, 1)),
        DatePoint::Year(y) => Date::new(*y, 1, 1).unwrap_or(Date::constant(1970, 1, 1)),
    }
}

fn last_day(p: &DatePoint) -> Date {
    match p {
        DatePoint::Month(..) => first_day(p).last_of_month(),
        DatePoint::Year(y) => Date::new(*y, 12, 31).unwrap_or(Date::constant(1970, 1, 1)),
        _ => first_day(p),
    }
}

/// The instants a point covers: [start, end) in seconds since the epoch.
fn range_secs(p: &DatePoint) -> (i64, i64) {
    match p {
        DatePoint::Day(d) => (day_start_s(*d), day_start_s(*d) + DAY_S),
        DatePoint::Instant(t) => (t.as_second(), t.as_second()),
        DatePoint::Month(..) | DatePoint::Year(_) => {
            (day_start_s(first_day(p)), day_start_s(last_day(p)) + DAY_S)
        }
    }
}

fn bound_iso(p: &DatePoint, with_time: bool, earliest: bool) -> String {
    match (p, with_time) {
        (DatePoint::Instant(t), true) => iso_instant(*t),
        (_, true) => format!(
            "{}T00:00:00Z",
            if earliest { first_day(p) } else { last_day(p) }
        ),
        (_, false) => (if earliest { first_day(p) } else { last_day(p) }).to_string(),
    }
}

fn iso_instant(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn point_iso(p: &DatePoint) -> String {
    match p {
        DatePoint::Day(d) => d.to_string(),
        DatePoint::Instant(t) => iso_instant(*t),
        DatePoint::Month(y, m) => format!("{y:04}-{m:02}"),
        DatePoint::Year(y) => format!("{y:04}"),
    }
}

impl fmt::Display for DateSpec {
    /// The value in EDTF (date-times normalised to UTC `Z`): `2023-09-12~` for about,
    /// `2023-09-07/2023-10-01` for a window of days, `[a..b]` for a window of instants
    /// (a form GDAL does not read as a date-time), `~` before an instant.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = |f: &mut fmt::Formatter<'_>, p: &DatePoint| -> fmt::Result {
            match (p, self.approx) {
                (DatePoint::Instant(_), true) => write!(f, "~{}", point_iso(p)),
                (_, true) => write!(f, "{}~", point_iso(p)),
                (_, false) => f.write_str(&point_iso(p)),
            }
        };
        match &self.end {
            None => end(f, &self.start),
            Some(last) if matches!(self.start, DatePoint::Instant(_)) => {
                f.write_str("[")?;
                end(f, &self.start)?;
                f.write_str("..")?;
                end(f, last)?;
                f.write_str("]")
            }
            Some(last) => {
                end(f, &self.start)?;
                f.write_str("/")?;
                end(f, last)
            }
        }
    }
}

impl Serialize for DateSpec {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(text: &str) -> DateSpec {
        DateSpec::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn every_form_round_trips() {
        for text in [
            "2023-09-12",
            "2023-09",
            "2023",
            "2023-09-12~",
            "2023-09~",
            "2023-09-07/2023-10-01",
            "2023-09-07~/2023-10-01~",
            "2023-09-12T06:30:00Z",
            "~2023-09-12T06:30:00Z",
            "[2023-09-12T06:30:00Z..2023-09-13T08:00:00Z]",
            "2023-09/2023-10",
            "2024-02-29",
        ] {
            assert_eq!(p(text).to_string(), text);
        }
        // The older prefix form is still read, and written in EDTF.
        assert_eq!(p("~2023-09-12").to_string(), "2023-09-12~");
        assert_eq!(
            p("~2023-09-07/2023-10-01").to_string(),
            "2023-09-07~/2023-10-01~"
        );
        assert_eq!(
            p("2023-09-07/2023-10-01~").to_string(),
            "2023-09-07~/2023-10-01~"
        );
    }

    #[test]
    fn dates_as_reports_write_them() {
        for (text, edtf) in [
            ("7 September 2023", "2023-09-07"),
            ("7 Sep 2023", "2023-09-07"),
            ("Sept. 7, 2023", "2023-09-07"),
            ("September 7, 2023", "2023-09-07"),
            ("7th September 2023", "2023-09-07"),
            ("September 2023", "2023-09"),
            ("2022", "2022"),
            ("7-12 Sep 2023", "2023-09-07/2023-09-12"),
            ("7–12 September 2023", "2023-09-07/2023-09-12"),
            ("28 Sep - 3 Oct 2023", "2023-09-28/2023-10-03"),
            ("30 Dec 2023 - 2 Jan 2024", "2023-12-30/2024-01-02"),
            ("early September 2023", "2023-09-01~/2023-09-10~"),
            ("mid-September 2023", "2023-09-11~/2023-09-20~"),
            ("late February 2024", "2024-02-21~/2024-02-29~"),
            ("c. 7 Sep 2023", "2023-09-07~"),
            ("about September 2023", "2023-09~"),
            ("13/9/2023", "2023-09-13"),
            ("9/13/2023", "2023-09-13"),
            ("7/7/2023", "2023-07-07"),
        ] {
            assert_eq!(p(text).to_string(), edtf, "{text}");
        }
        assert_eq!(p("2022").label(), "2022");
        assert_eq!(p("2022").latest_day().to_string(), "2022-12-31");
        assert!(!p("2022").is_point());
        let day_first = DateSpec::parse_with("7/9/2023", DateOrder::DayFirst).unwrap();
        assert_eq!(day_first.to_string(), "2023-09-07");
        let month_first = DateSpec::parse_with("7.9.2023", DateOrder::MonthFirst).unwrap();
        assert_eq!(month_first.to_string(), "2023-07-09");
        assert_eq!(
            DateSpec::parse("7/9/2023").unwrap_err().to_string(),
            "`7/9/2023` could be 7 Sep 2023 or 9 Jul 2023"
        );
        assert!(matches!(
            DateSpec::parse_with("9/13/2023", DateOrder::DayFirst),
            Err(DateError::Month { month: 13, .. })
        ));
        assert!(matches!(
            DateSpec::parse("12-7 Sep 2023"),
            Err(DateError::Reversed(_))
        ));
        assert_eq!(
            DateSpec::parse("31 September 2023")
                .unwrap_err()
                .to_string(),
            "day 31 does not exist in September 2023"
        );
        for bad in [
            "September",
            "7 Sep",
            "Smarch 2023",
            "early 7 Sep 2023",
            "7 9 Sep 2023",
            "sometime",
        ] {
            assert!(DateSpec::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn offsets_are_stored_as_utc_even_across_midnight() {
        let d = p("2023-09-12T02:00:00+09:00");
        assert_eq!(d.to_string(), "2023-09-11T17:00:00Z");
        assert_eq!(d.earliest_day().to_string(), "2023-09-11");
        assert_eq!(
            p("2023-12-31T23:30:00-01:00").to_string(),
            "2024-01-01T00:30:00Z"
        );
    }

    #[test]
    fn bad_dates_name_the_fault() {
        assert_eq!(
            DateSpec::parse("2023-02-30").unwrap_err().to_string(),
            "day 30 does not exist in February 2023"
        );
        assert_eq!(
            DateSpec::parse("2023-02-29").unwrap_err().to_string(),
            "day 29 does not exist in February 2023"
        );
        assert!(DateSpec::parse("2024-02-29").is_ok(), "2024 is a leap year");
        assert!(matches!(
            DateSpec::parse("2023-13-01"),
            Err(DateError::Month { month: 13, .. })
        ));
        assert!(matches!(
            DateSpec::parse("2023-10-01/2023-09-07"),
            Err(DateError::Reversed(_))
        ));
        assert!(matches!(
            DateSpec::parse("mid-September"),
            Err(DateError::Form(_))
        ));
        assert!(DateSpec::parse("1/2/3").is_err());
        assert!(matches!(
            DateSpec::parse("2023-09-12T06:30:00+25:00"),
            Err(DateError::DateTime { .. })
        ));
        assert!(matches!(
            DateSpec::parse("2023-09-12T25:30:00Z"),
            Err(DateError::DateTime { .. })
        ));
        assert!(DateSpec::parse("2023-09-12T06:30:00")
            .unwrap_err()
            .to_string()
            .contains("time zone"));
        assert!(matches!(DateSpec::parse(""), Err(DateError::Form(_))));
        assert!(matches!(
            DateSpec::parse("12/09/2023"),
            Err(DateError::Ambiguous { .. })
        ));
    }

    #[test]
    fn bounds_cover_month_and_window() {
        let m = p("2024-02");
        assert_eq!(
            (m.earliest_iso(false), m.latest_iso(false)),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        assert_eq!(m.latest_s() - m.earliest_s(), 29 * DAY_S);
        let w = p("2023-12-30/2024-01-02");
        assert_eq!(
            (w.earliest_iso(true), w.latest_iso(true)),
            ("2023-12-30T00:00:00Z".into(), "2024-01-02T00:00:00Z".into())
        );
        assert_eq!(w.latest_s() - w.earliest_s(), 4 * DAY_S);
        assert!(!w.is_point() && !m.is_point() && p("2023-09-12").is_point());
    }

    #[test]
    fn labels_read_as_people_write_them() {
        assert_eq!(p("2023-09-12").label(), "12 Sep 2023");
        assert_eq!(p("~2023-09-12").label(), "c. 12 Sep 2023");
        assert_eq!(p("2023-09").label(), "Sep 2023");
        assert_eq!(p("2023-09-07/2023-10-01").label(), "7 Sep - 1 Oct 2023");
        assert_eq!(
            p("2023-12-30/2024-01-02").label(),
            "30 Dec 2023 - 2 Jan 2024"
        );
        assert_eq!(p("2023-09-12T06:30:00Z").label(), "12 Sep 2023 06:30 UTC");
        let (d, a) = (p("2023-09-07"), p("2023-09-12"));
        assert_eq!(leg_label(Some(&d), Some(&a)).unwrap(), "7-12 Sep 2023");
        assert_eq!(
            leg_label(Some(&p("2023-09-28")), Some(&p("2023-10-03"))).unwrap(),
            "28 Sep - 3 Oct 2023"
        );
        assert_eq!(leg_label(None, Some(&a)).unwrap(), "arr. 12 Sep 2023");
        assert_eq!(leg_label(None, None), None);
    }

    proptest! {
        #[test]
        fn parse_never_panics(text in "\\PC{0,40}") {
            let _ = DateSpec::parse(&text);
        }

        #[test]
        fn printing_then_parsing_gives_the_value_back(days in 0i64..40_000, span in 0i64..400, approx: bool, form in 0u8..4) {
            let start = Date::constant(1950, 1, 1) + jiff::Span::new().days(days);
            let end = start + jiff::Span::new().days(span + 1);
            let text = match form {
                0 => start.to_string(),
                1 => format!("{}-{:02}", start.year(), start.month()),
                2 => format!("{start}/{end}"),
                _ => format!("{start}T{:02}:17:00Z", span % 24),
            };
            let written = match (approx, form) {
                (false, _) => text.clone(),
                (true, 3) => format!("~{text}"),
                (true, 2) => format!("{start}~/{end}~"),
                (true, _) => format!("{text}~"),
            };
            let text = if approx { format!("~{text}") } else { text };
            let parsed = DateSpec::parse(&text).unwrap();
            prop_assert_eq!(parsed.to_string(), written);
            prop_assert_eq!(DateSpec::parse(&parsed.to_string()).unwrap(), parsed);
        }
    }
}
