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

use std::fmt;

use jiff::civil::Date;
use jiff::Timestamp;
use serde::Serialize;

/// One end of a date value: a day, an instant, or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DatePoint {
    /// A calendar day.
    Day(Date),
    /// An instant, in UTC.
    Instant(Timestamp),
    /// A calendar month (year, month 1-12).
    Month(i16, i8),
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
}

/// The accepted forms, for error hints.
pub const HELP: &str = "use 2023-09-12 (a day), 2023-09-12T06:30:00Z (a time, with Z or an offset \
                        such as +09:00), 2023-09 (a month), ~2023-09-12 (about), or \
                        2023-09-07/2023-10-01 (some time in a window)";

const MONTHS: [&str; 12] = [
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
        let trimmed = text.trim();
        let (approx, body) = match trimmed.strip_prefix('~') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, trimmed),
        };
        if let Some((a, b)) = body.split_once('/') {
            let start = parse_point(a.trim())?;
            let end = parse_point(b.trim().trim_start_matches('~'))?;
            if range_secs(&end).1 <= range_secs(&start).0 {
                return Err(DateError::Reversed(trimmed.to_owned()));
            }
            return Ok(DateSpec {
                start,
                end: Some(end),
                approx,
            });
        }
        Ok(DateSpec {
            start: parse_point(body)?,
            end: None,
            approx,
        })
    }

    /// True when the value has a time of day (so outputs must use date-times).
    pub fn has_time(&self) -> bool {
        matches!(self.start, DatePoint::Instant(_))
            || matches!(self.end, Some(DatePoint::Instant(_)))
    }

    /// True for a single day or instant, the only forms that pin a duration.
    pub fn is_point(&self) -> bool {
        self.end.is_none() && !matches!(self.start, DatePoint::Month(..))
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
    }
}

fn last_day(p: &DatePoint) -> Date {
    match p {
        DatePoint::Month(..) => first_day(p).last_of_month(),
        _ => first_day(p),
    }
}

/// The instants a point covers: [start, end) in seconds since the epoch.
fn range_secs(p: &DatePoint) -> (i64, i64) {
    match p {
        DatePoint::Day(d) => (day_start_s(*d), day_start_s(*d) + DAY_S),
        DatePoint::Instant(t) => (t.as_second(), t.as_second()),
        DatePoint::Month(..) => (day_start_s(first_day(p)), day_start_s(last_day(p)) + DAY_S),
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
    }
}

impl fmt::Display for DateSpec {
    /// The value in the form it was written (date-times normalised to UTC `Z`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.approx {
            f.write_str("~")?;
        }
        f.write_str(&point_iso(&self.start))?;
        if let Some(end) = &self.end {
            write!(f, "/{}", point_iso(end))?;
        }
        Ok(())
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
            "~2023-09-12",
            "~2023-09",
            "2023-09-07/2023-10-01",
            "~2023-09-07/2023-10-01",
            "2023-09-12T06:30:00Z",
            "2023-09/2023-10",
            "2024-02-29",
        ] {
            assert_eq!(p(text).to_string(), text);
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
        assert!(DateSpec::parse("12/09/2023").is_err());
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
            let text = if approx { format!("~{text}") } else { text };
            let parsed = DateSpec::parse(&text).unwrap();
            prop_assert_eq!(parsed.to_string(), text.clone());
            prop_assert_eq!(DateSpec::parse(&parsed.to_string()).unwrap(), parsed);
        }
    }
}
