//! Dates in running text: found word by word, completed with a year from the text
//! (the year nearby, else the dateline), then read by the document date grammar
//! (`DateSpec::parse`), so a drafted date means what a typed one would. Relative
//! dates ("two days later", "the following week") count from the last date before.

use jiff::civil::Date;
use jiff::ToSpan;

use crate::date::{DatePoint, DateSpec, MONTHS};

use super::cues::NUMBER_WORDS;
use super::text::Token;

/// A date found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub spec: DateSpec,
    /// First and one-past-last token.
    pub first: usize,
    pub last: usize,
    /// The words as written.
    pub written: String,
    /// How the year or the day was supplied, when the text did not give it whole.
    pub note: Option<String>,
    /// A range written with two ends ("between 7 and 12 September").
    pub range: bool,
}

/// One end as written: parts may be missing until completed.
#[derive(Debug, Clone, Copy, Default)]
struct Atom {
    third: Option<&'static str>,
    day: Option<i8>,
    month: Option<i8>,
    year: Option<i16>,
}

/// What the text has told so far: the dateline, the last year and date seen.
#[derive(Debug, Clone, Default)]
pub(crate) struct Anchor {
    pub dateline: Option<Date>,
    /// The last explicit year, and the paragraph it was in.
    pub year: Option<(i16, usize)>,
    /// The last date found (its latest day), for relative dates.
    pub last: Option<Date>,
}

fn month_of(word: &str) -> Option<i8> {
    let w = word.trim_end_matches('.');
    if w == "sept" {
        return Some(9);
    }
    if w.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| {
            m.eq_ignore_ascii_case(w)
                || (w.len() == 3 && m[..3].eq_ignore_ascii_case(w) && w != "mar" && w != "may")
        })
        .or_else(|| (w == "mar").then_some(2))
        .map(|i| i as i8 + 1)
}

fn day_of(word: &str) -> Option<i8> {
    let digits = word.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    let suffix = &word[digits.len()..];
    if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse::<i8>().ok().filter(|d| (1..=31).contains(d))
}

fn year_of(word: &str) -> Option<i16> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse::<i16>().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// Reads one end starting at token `i`: `[early|mid|late] [DAY [of]] MONTH [DAY] [,]
/// [YEAR]`, or a bare year. Returns the atom and the token after it.
fn atom(tokens: &[Token], i: usize) -> Option<(Atom, usize)> {
    let mut a = Atom::default();
    let mut k = i;
    let word = |k: usize| tokens.get(k).map(|t| t.lower.as_str());
    if let Some(w) = word(k) {
        for third in ["early", "mid", "late", "middle"] {
            if w == third {
                a.third = Some(if third == "middle" { "mid" } else { third });
                k += 1;
            } else if let Some(rest) = w.strip_prefix(third).and_then(|r| r.strip_prefix('-')) {
                if let Some(m) = month_of(rest) {
                    a.third = Some(third);
                    a.month = Some(m);
                    k += 1;
                }
            }
        }
        if a.third.is_some() && word(k) == Some("of") {
            k += 1;
        }
    }
    if a.month.is_none() {
        if let Some(d) = word(k).and_then(day_of) {
            let mut m = k + 1;
            if word(m) == Some("of") {
                m += 1;
            }
            if let Some(month) = word(m).and_then(month_of) {
                a.day = Some(d);
                a.month = Some(month);
                k = m + 1;
            }
        } else if let Some(month) = word(k).and_then(month_of) {
            // "may" is a month only with a day or a year beside it
            a.month = Some(month);
            k += 1;
            if let Some(d) = word(k).and_then(day_of) {
                if word(k + 1).and_then(month_of).is_none() {
                    a.day = Some(d);
                    k += 1;
                }
            }
        }
    }
    if a.month.is_some() {
        let mut y = k;
        if word(y) == Some(",") {
            y += 1;
        }
        if let Some(year) = word(y).and_then(year_of) {
            a.year = Some(year);
            k = y + 1;
        }
        let may = word(i) == Some("may") && a.day.is_none() && a.year.is_none();
        return (!may).then_some((a, k));
    }
    if a.third.is_none() {
        if let Some(year) = word(k).and_then(year_of) {
            a.year = Some(year);
            return Some((a, k + 1));
        }
    }
    None
}

/// The text of an atom for the date grammar, once it has a year.
fn grammar_text(a: &Atom) -> Option<String> {
    let year = a.year?;
    let Some(month) = a.month else {
        return Some(year.to_string());
    };
    let name = MONTHS[month as usize - 1];
    Some(match (a.third, a.day) {
        (Some(t), _) => format!("{t} {name} {year}"),
        (None, Some(d)) => format!("{d} {name} {year}"),
        (None, None) => format!("{name} {year}"),
    })
}

/// The year of a date written without one: the last year given in the paragraph,
/// else the dateline's (the year before when the month is well after the dateline's),
/// else the last year given anywhere.
fn complete_year(a: &mut Atom, anchor: &Anchor, paragraph: usize) -> Option<String> {
    if a.year.is_some() {
        return None;
    }
    if let Some((y, p)) = anchor.year.filter(|(_, p)| *p == paragraph) {
        a.year = Some(y);
        return Some(format!(
            "year from '{y}' earlier in the paragraph (p. {})",
            p + 1
        ));
    }
    if let Some(d) = anchor.dateline {
        let month = a.month.unwrap_or(d.month());
        let y = if month > d.month() + 1 {
            d.year() - 1
        } else {
            d.year()
        };
        a.year = Some(y);
        return Some(format!("year from the dateline {}", label(d)));
    }
    if let Some((y, _)) = anchor.year {
        a.year = Some(y);
        return Some(format!("year from '{y}' earlier in the text"));
    }
    None
}

fn label(d: Date) -> String {
    DateSpec {
        start: DatePoint::Day(d),
        end: None,
        approx: false,
    }
    .label()
}

/// Dates in one sentence, in order. Dates whose year cannot be told are returned in
/// `unanchored` as written.
pub(crate) fn find(
    tokens: &[Token],
    sentence: &str,
    paragraph: usize,
    anchor: &mut Anchor,
    unanchored: &mut Vec<String>,
) -> Vec<Found> {
    let mut out = Vec::new();
    let mut i = 0;
    let word = |k: usize| tokens.get(k).map(|t| t.lower.as_str());
    let span_text = |a: usize, b: usize| -> String {
        let s = tokens[a].start;
        let e = tokens[b.saturating_sub(1).max(a)].end;
        sentence.get(s..e).unwrap_or_default().to_owned()
    };
    while i < tokens.len() {
        // ISO dates and numeric days as one token
        let t = &tokens[i];
        if t.text.len() >= 8
            && t.text.starts_with(|c: char| c.is_ascii_digit())
            && (t.text.contains('-') || t.text.contains('/'))
        {
            if let Ok(spec) = DateSpec::parse(&t.text) {
                if !matches!(spec.start, DatePoint::Year(_)) {
                    push(
                        &mut out,
                        anchor,
                        spec,
                        i,
                        i + 1,
                        t.text.clone(),
                        None,
                        false,
                        paragraph,
                    );
                    i += 1;
                    continue;
                }
            }
        }
        // "7-12 September 2023": a day range in one token
        if let Some((d1, d2)) = t
            .text
            .split_once('-')
            .and_then(|(a, b)| Some((day_of(a)?, day_of(b)?)))
        {
            if let Some((mut b, next)) =
                atom(tokens, i + 1).filter(|(b, _)| b.day.is_none() && b.month.is_some())
            {
                let note = complete_year(&mut b, anchor, paragraph);
                let a = Atom { day: Some(d1), ..b };
                let b = Atom { day: Some(d2), ..b };
                let written = span_text(i, next);
                match range(&a, &b) {
                    Some(spec) => push(
                        &mut out, anchor, spec, i, next, written, note, true, paragraph,
                    ),
                    None => unanchored.push(written),
                }
                i = next;
                continue;
            }
        }
        // relative: "two days later", "the next day", "the following week"
        if let Some((days, approx, next)) = relative(tokens, i) {
            if let Some(base) = anchor.last {
                if let Ok(d) = base.checked_add(days.days()) {
                    let spec = DateSpec {
                        start: DatePoint::Day(d),
                        end: None,
                        approx,
                    };
                    let written = span_text(i, next);
                    let note = Some(format!("'{written}' counted from {}", label(base)));
                    push(
                        &mut out, anchor, spec, i, next, written, note, false, paragraph,
                    );
                }
            } else {
                unanchored.push(span_text(i, next));
            }
            i = next;
            continue;
        }
        // "between 7 and 12 September": a bare day before a connector
        let between =
            word(i.wrapping_sub(1)) == Some("between") || word(i.wrapping_sub(1)) == Some("from");
        if let Some(d) = word(i).and_then(day_of).filter(|_| between) {
            if matches!(word(i + 1), Some("and" | "to" | "-" | "until" | "through")) {
                if let Some((mut b, next)) =
                    atom(tokens, i + 2).filter(|(b, _)| b.month.is_some() && b.day.is_some())
                {
                    let note = complete_year(&mut b, anchor, paragraph);
                    let a = Atom {
                        day: Some(d),
                        third: None,
                        ..b
                    };
                    let written = span_text(i, next);
                    match range(&a, &b) {
                        Some(spec) => push(
                            &mut out, anchor, spec, i, next, written, note, true, paragraph,
                        ),
                        None => unanchored.push(written),
                    }
                    i = next;
                    continue;
                }
            }
        }
        let Some((mut a, next)) = atom(tokens, i) else {
            i += 1;
            continue;
        };
        if a.month.is_none() {
            // a bare year: an anchor, not a leg's date
            if let Some(y) = a.year {
                anchor.year = Some((y, paragraph));
            }
            i = next;
            continue;
        }
        // a second end: "Sept. 7 and Oct. 1", "7 September to 1 October 2023"
        let connector = matches!(word(next), Some("-" | "to" | "until" | "through" | "till"))
            || (word(next) == Some("and") && between);
        let second = connector
            .then(|| atom(tokens, next + 1))
            .flatten()
            .filter(|(b, _)| b.month.is_some());
        if let Some((mut b, end)) = second {
            if a.year.is_none() {
                a.year = b.year;
            }
            let note = complete_year(&mut a, anchor, paragraph);
            if b.year.is_none() {
                b.year = a.year;
            }
            let written = span_text(i, end);
            match range(&a, &b) {
                Some(spec) => push(
                    &mut out, anchor, spec, i, end, written, note, true, paragraph,
                ),
                None => unanchored.push(written),
            }
            i = end;
            continue;
        }
        let note = complete_year(&mut a, anchor, paragraph);
        let written = span_text(i, next);
        match grammar_text(&a).and_then(|t| DateSpec::parse(&t).ok()) {
            Some(spec) => push(
                &mut out, anchor, spec, i, next, written, note, false, paragraph,
            ),
            None => unanchored.push(written),
        }
        i = next;
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Found>,
    anchor: &mut Anchor,
    spec: DateSpec,
    first: usize,
    last: usize,
    written: String,
    note: Option<String>,
    range: bool,
    paragraph: usize,
) {
    if note.is_none() && !written.is_empty() {
        anchor.year = Some((spec.earliest_day().year(), paragraph));
    }
    anchor.last = Some(spec.latest_day());
    out.push(Found {
        spec,
        first,
        last,
        written,
        note,
        range,
    });
}

/// A window from two ends, each read by the date grammar.
fn range(a: &Atom, b: &Atom) -> Option<DateSpec> {
    let start = DateSpec::parse(&grammar_text(a)?).ok()?;
    let end = DateSpec::parse(&grammar_text(b)?).ok()?;
    if end.latest_s() <= start.earliest_s() {
        return None;
    }
    Some(DateSpec {
        start: start.start,
        end: Some(end.end.unwrap_or(end.start)),
        approx: start.approx || end.approx,
    })
}

/// "two days later" (+2), "a week later" (~+7), "the next day" (+1), "the following
/// week" (~+7), "the same day" (0), "days later" (~+3): days and whether approximate.
fn relative(tokens: &[Token], i: usize) -> Option<(i64, bool, usize)> {
    let word = |k: usize| tokens.get(k).map(|t| t.lower.as_str());
    let unit = |w: &str| -> Option<(i64, bool)> {
        match w {
            "day" | "days" => Some((1, false)),
            "week" | "weeks" => Some((7, true)),
            "month" | "months" => Some((30, true)),
            _ => None,
        }
    };
    let w = word(i)?;
    // "the next day", "the following week", "the same day"
    if w == "the" {
        let which = word(i + 1)?;
        let (u, approx) = unit(word(i + 2)?)?;
        let n = match which {
            "next" | "following" => u,
            "same" if u == 1 => 0,
            _ => return None,
        };
        return Some((n, approx || u > 1, i + 3));
    }
    // "two days later", "12 days later", "days later", "a week after"
    let (count, k, vague) = match NUMBER_WORDS.iter().find(|(n, _)| *n == w) {
        Some((_, n)) => (*n, i + 1, w == "several" || w == "few"),
        None => match w.parse::<i64>().ok().filter(|n| (1..=400).contains(n)) {
            Some(n) => (n, i + 1, false),
            None if unit(w).is_some() => (3, i, true),
            None => return None,
        },
    };
    let (u, approx) = unit(word(k)?)?;
    if !matches!(
        word(k + 1),
        Some("later" | "after" | "afterwards" | "afterward")
    ) {
        return None;
    }
    if word(k + 1) == Some("after") && word(k + 2).is_some_and(|w| w != "that" && w != ",") {
        return None; // "three days after the ship left" needs that event's date
    }
    let end = if word(k + 2) == Some("that") {
        k + 3
    } else {
        k + 2
    };
    Some((count * u, approx || vague, end))
}

/// The dateline: the first date with a year in the text's first line or sentence.
pub(crate) fn dateline(tokens: &[Token]) -> Option<Date> {
    let mut i = 0;
    while i < tokens.len() {
        if let Some((a, next)) = atom(tokens, i) {
            if let (Some(_), Some(_)) = (a.month, a.year) {
                let spec = DateSpec::parse(&grammar_text(&a)?).ok()?;
                return Some(spec.latest_day());
            }
            i = next;
        } else {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::text::tokens;

    fn dates(s: &str, anchor: &mut Anchor) -> Vec<String> {
        let mut un = Vec::new();
        find(&tokens(s), s, 0, anchor, &mut un)
            .iter()
            .map(|f| f.spec.to_string())
            .collect()
    }

    #[test]
    fn forms_reports_use() {
        let mut a = Anchor {
            dateline: Some(Date::new(2023, 10, 13).unwrap()),
            ..Anchor::default()
        };
        assert_eq!(
            dates("It happened between Sept. 7 and Oct. 1.", &mut a),
            ["2023-09-07/2023-10-01"]
        );
        assert_eq!(dates("It arrived on Sept. 12.", &mut a), ["2023-09-12"]);
        assert_eq!(dates("Two days later it left.", &mut a), ["2023-09-14"]);
        assert_eq!(
            dates("The following week it left.", &mut a),
            ["2023-09-21~"]
        );
        assert_eq!(dates("on 12 September 2022", &mut a), ["2022-09-12"]);
        assert_eq!(
            dates("in late November 2022", &mut a),
            ["2022-11-21~/2022-11-30~"]
        );
        assert_eq!(
            dates("between 7 and 12 September 2023", &mut a),
            ["2023-09-07/2023-09-12"]
        );
        assert_eq!(
            dates("on 2023-03-04 and 3-5 March 2024", &mut a),
            ["2023-03-04", "2024-03-03/2024-03-05"]
        );
        assert_eq!(dates("in May 2024 and may go", &mut a), ["2024-05"]);
        assert_eq!(dates("On the 5th of June, 2023", &mut a), ["2023-06-05"]);
    }

    #[test]
    fn unanchored_dates_are_reported() {
        let mut a = Anchor::default();
        let mut un = Vec::new();
        let s = "It arrived on Sept. 12.";
        assert!(find(&tokens(s), s, 0, &mut a, &mut un).is_empty());
        assert_eq!(un, ["Sept. 12"]);
    }
}
