//! The drafted document as TOML: values the document format reads, comments saying
//! where each came from, commented-out legs for what the text leaves open, and a
//! closing block of what was left out.

use std::fmt::Write;

use super::{Draft, DraftDate, DraftLeg, MissingLeg};

/// A TOML basic string (quotes and escapes by the toml crate).
fn string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Text for a comment: one line, no control characters, cut to a reasonable length.
fn comment(s: &str) -> String {
    let one: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    crate::text::cut(&one, 240).into_owned()
}

pub(super) fn toml(d: &Draft) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Drafted by `shipmap draft` from {}. Check every value against the text:",
        comment(&d.input_name)
    );
    out.push_str(
        "# each leg quotes the sentences it came from, and comments say what was guessed.\n",
    );
    if let Some(dl) = &d.dateline {
        let _ = writeln!(out, "# Dateline: {dl}.");
    }
    out.push('\n');
    if !d.title.is_empty() {
        let _ = writeln!(out, "title  = {}", string(&d.title));
    }
    if !d.source.is_empty() {
        let _ = writeln!(out, "source = {}", string(&d.source));
    }
    for (r, legs) in d.routes.iter().enumerate() {
        out.push('\n');
        out.push_str("[[route]]\n");
        let _ = writeln!(out, "id   = {}", string(&format!("drafted-{}", r + 1)));
        if let (Some(a), Some(b)) = (legs.first(), legs.last()) {
            let _ = writeln!(
                out,
                "name = {}",
                string(&format!("{} to {}", a.from.written, b.to.written))
            );
        }
        for (k, leg) in legs.iter().enumerate() {
            out.push('\n');
            write_leg(&mut out, leg, k == 0);
        }
    }
    for m in &d.missing {
        out.push('\n');
        write_missing(&mut out, m, d.routes.is_empty());
    }
    write_left_out(&mut out, d);
    out
}

fn write_leg(out: &mut String, leg: &DraftLeg, first: bool) {
    out.push_str("  [[route.leg]]\n");
    for c in &leg.comments {
        let _ = writeln!(out, "  # {}", comment(c));
    }
    let date_comment = |out: &mut String, key: &str, d: &Option<DraftDate>| {
        if let Some(d) = d {
            let _ = writeln!(out, "  # {key}: {}", comment(&d.why));
        }
    };
    date_comment(out, "depart", &leg.depart);
    date_comment(out, "arrive", &leg.arrive);
    let _ = writeln!(out, "  mode   = {}", string(leg.mode.as_str()));
    if first {
        let _ = writeln!(out, "  from   = {}", string(&leg.from.query));
    } else {
        let _ = writeln!(
            out,
            "  # from {} (where the leg before ended)",
            comment(&leg.from.query)
        );
    }
    let _ = writeln!(out, "  to     = {}", string(&leg.to.query));
    if !leg.via.is_empty() {
        let list: Vec<String> = leg.via.iter().map(|v| string(&v.query)).collect();
        let _ = writeln!(out, "  via    = [{}]", list.join(", "));
    }
    if let Some(d) = &leg.depart {
        let _ = writeln!(out, "  depart = {}", string(&d.spec.to_string()));
    }
    if let Some(d) = &leg.arrive {
        let _ = writeln!(out, "  arrive = {}", string(&d.spec.to_string()));
    }
    let _ = writeln!(out, "  quote  = {}", string(&leg.quote.join(" ")));
}

fn write_missing(out: &mut String, m: &MissingLeg, alone: bool) {
    let _ = writeln!(out, "  # Not drafted: {}.", comment(&m.missing));
    let _ = writeln!(
        out,
        "  # Fill in the missing end and remove the # marks to keep it."
    );
    out.push_str("  # [[route.leg]]\n");
    if let Some(mode) = m.mode {
        let _ = writeln!(out, "  # mode   = {}", string(mode.as_str()));
    }
    match (&m.from, alone) {
        (Some(f), true) => {
            let _ = writeln!(out, "  # from   = {}", string(f));
        }
        (Some(f), false) => {
            let _ = writeln!(out, "  # from {} (where the leg before ended)", comment(f));
        }
        (None, _) => {
            let _ = writeln!(out, "  # from   = \"?\"   # not in the text");
        }
    }
    match &m.to {
        Some(t) => {
            let _ = writeln!(out, "  # to     = {}", string(t));
        }
        None => {
            let _ = writeln!(out, "  # to     = \"?\"   # not in the text");
        }
    }
    let _ = writeln!(out, "  # quote  = {}", string(&comment(&m.quote.join(" "))));
}

fn write_left_out(out: &mut String, d: &Draft) {
    let any = !d.left_out.is_empty()
        || !d.unresolved.is_empty()
        || !d.dates_left_out.is_empty()
        || !d.countries.is_empty();
    if !any {
        return;
    }
    out.push_str("\n# Left out of the draft:\n");
    if !d.left_out.is_empty() {
        out.push_str("#   places named but not used as stops:\n");
        for (name, why) in d.left_out.iter().take(100) {
            let _ = writeln!(out, "#     {} ({})", comment(name), comment(why));
        }
        if d.left_out.len() > 100 {
            let _ = writeln!(out, "#     ... and {} more", d.left_out.len() - 100);
        }
    }
    if !d.unresolved.is_empty() {
        out.push_str("#   names in stop position the gazetteer does not know (add a [[place]]):\n");
        for name in d.unresolved.iter().take(50) {
            let _ = writeln!(out, "#     {}", comment(name));
        }
    }
    if !d.countries.is_empty() {
        let _ = writeln!(
            out,
            "#   countries the text names for the shipment (used to pick places): {}",
            d.countries.join(", ")
        );
    }
    if !d.dates_left_out.is_empty() {
        out.push_str("#   dates not used:\n");
        for note in d.dates_left_out.iter().take(50) {
            let _ = writeln!(out, "#     {}", comment(note));
        }
    }
}
