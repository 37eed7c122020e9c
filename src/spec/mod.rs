//! Route documents to [`DocumentSpec`]: names and dates as written (dates and
//! coordinates checked), each value with its place in the text for error messages.
//!
//! Three forms give the same spec: TOML (`toml.rs`), CSV with one leg a row
//! (`csv.rs`), and the one-line chain (`chain.rs`).

mod chain;
mod csv;
mod toml;

use std::fmt;

use crate::date::{DateOrder, DateSpec};
use crate::model::{LonLat, Mode, Span};

/// Which form a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// TOML, as in DESIGN.md.
    Toml,
    /// CSV, one leg a row, header required.
    Csv,
    /// The one-line chain: `Najin -sea-> Dunay, RU -rail-> Tikhoretsk`.
    Chain,
}

/// A route document's text and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// File name for messages (`examples/seed.toml`, `<stdin>`, `<chain>`).
    pub name: String,
    /// The whole text.
    pub text: String,
    /// Its form.
    pub form: Form,
}

impl Source {
    /// A one-line chain given on the command line.
    pub fn chain(text: &str) -> Source {
        Source {
            name: "<chain>".to_owned(),
            text: text.to_owned(),
            form: Form::Chain,
        }
    }

    /// A document whose form is told by its file name (`.csv`, `.toml`), or, failing
    /// that (stdin), by its content.
    pub fn detect(name: &str, text: String) -> Source {
        let lower = name.to_ascii_lowercase();
        let form = if lower.ends_with(".csv") {
            Form::Csv
        } else if lower.ends_with(".toml") {
            Form::Toml
        } else {
            sniff(&text)
        };
        Source {
            name: name.to_owned(),
            text,
            form,
        }
    }
}

/// Why a route document could not be read from the command line argument.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The argument is neither a file nor a chain.
    #[error("no such file: {0}")]
    NotFound(String),
    /// The document is larger than [`MAX_DOCUMENT_BYTES`].
    #[error(
        "{path} is {}, over the limit of {} for a route document",
        crate::text::byte_size(*bytes),
        crate::text::byte_size(MAX_DOCUMENT_BYTES)
    )]
    TooLarge {
        /// The file.
        path: String,
        /// Its size (at least this much, for standard input).
        bytes: u64,
    },
}

/// The largest route document read: 64 MiB, over a million legs of CSV (the
/// 10,000-leg batch of `benches/batch_doc.py` is 0.4 MB). The whole text is kept
/// for error messages, and each leg costs far more memory built than written.
pub const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

impl InputError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            InputError::Read { .. } => "check the path, and that the file is UTF-8 text".to_owned(),
            InputError::TooLarge { .. } => "split the shipments into several documents and \
                                            map them one by one"
                .to_owned(),
            InputError::NotFound(_) => {
                "give a .toml or .csv route document, `-` for standard input, \
                                        or a chain such as \"Najin -sea-> Dunay, RU\""
                    .to_owned()
            }
        }
    }
}

impl Source {
    /// Opens the document a command-line argument names: `-` reads standard input, an
    /// existing path reads that file, and text with an arrow (`-sea->`) is a chain.
    pub fn open(arg: &str) -> Result<Source, InputError> {
        use std::io::Read;
        let read = |path: &str, e| InputError::Read {
            path: path.to_owned(),
            source: e,
        };
        let too_large = |path: &str, bytes: u64| InputError::TooLarge {
            path: path.to_owned(),
            bytes,
        };
        if arg == "-" {
            let mut text = String::new();
            std::io::stdin()
                .take(MAX_DOCUMENT_BYTES + 1)
                .read_to_string(&mut text)
                .map_err(|e| read("<stdin>", e))?;
            if text.len() as u64 > MAX_DOCUMENT_BYTES {
                return Err(too_large("<stdin>", text.len() as u64));
            }
            return Ok(Source::detect("<stdin>", text));
        }
        let path = std::path::Path::new(arg);
        if path.is_file() {
            let bytes = std::fs::metadata(path).map_err(|e| read(arg, e))?.len();
            if bytes > MAX_DOCUMENT_BYTES {
                return Err(too_large(arg, bytes));
            }
            let text = std::fs::read_to_string(path).map_err(|e| read(arg, e))?;
            return Ok(Source::detect(arg, text));
        }
        if arg.contains("->") {
            return Ok(Source::chain(arg));
        }
        Err(InputError::NotFound(arg.to_owned()))
    }

    /// A name for outputs: the file's stem, or `route` for a chain or standard input.
    pub fn stem(&self) -> String {
        match self.form {
            Form::Chain => "route".to_owned(),
            _ if self.name == "<stdin>" => "route".to_owned(),
            _ => std::path::Path::new(&self.name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "route".to_owned()),
        }
    }
}

/// Guesses the form of text with no telling file name.
fn sniff(text: &str) -> Form {
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    if first.starts_with('[') || first.contains('=') {
        Form::Toml
    } else if first.contains("->") {
        Form::Chain
    } else {
        Form::Csv
    }
}

/// A value and the bytes of the document it came from. Equality compares the values
/// only, so documents in different forms compare equal when they say the same.
#[derive(Debug, Clone, Default)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps a value with its span.
    pub fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

impl<T: PartialEq> PartialEq for Spanned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

/// A route document as written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentSpec {
    /// Map title.
    pub title: Option<String>,
    /// Map subtitle.
    pub subtitle: Option<String>,
    /// Where the account comes from.
    pub source: Option<String>,
    /// `estimate = true`: fill missing dates from typical speeds.
    pub estimate: bool,
    /// The user's own places.
    pub places: Vec<PlaceSpec>,
    /// The routes, at least one.
    pub routes: Vec<RouteSpec>,
}

/// A `[[place]]` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct PlaceSpec {
    /// The name legs use to refer to it.
    pub name: Spanned<String>,
    /// Where it is.
    pub at: Spanned<LonLat>,
    /// ISO alpha-2 country, if given.
    pub country: Option<String>,
    /// The label maps and briefings print for it (`label`), if given.
    pub label: Option<Spanned<String>>,
}

/// A `[[route]]`: one shipment. Equality ignores where things are written.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    /// Identifier (defaults to `route-N`).
    pub id: String,
    /// Display name (defaults to "FIRST to LAST").
    pub name: Option<String>,
    /// The legs, at least one.
    pub legs: Vec<LegSpec>,
    /// Where the route is written.
    pub span: Span,
}

/// One leg as written. Equality ignores where things are written.
#[derive(Debug, Clone)]
pub struct LegSpec {
    /// How it travels.
    pub mode: Spanned<Mode>,
    /// Start; `None` continues from the previous leg's end.
    pub from: Option<Spanned<String>>,
    /// End.
    pub to: Spanned<String>,
    /// The label for the start (`from_label`), printed instead of the place's name.
    pub from_label: Option<Spanned<String>>,
    /// The label for the end (`to_label`).
    pub to_label: Option<Spanned<String>>,
    /// Departure.
    pub depart: Option<Spanned<DateSpec>>,
    /// Arrival.
    pub arrive: Option<Spanned<DateSpec>>,
    /// Places the path must pass through.
    pub via: Vec<Spanned<String>>,
    /// Sea passages to keep closed for this leg.
    pub avoid: Vec<Spanned<String>>,
    /// Countries (ISO alpha-2) the path must stay inside.
    pub within: Vec<String>,
    /// Countries (ISO alpha-2) the path must stay out of.
    pub avoid_countries: Vec<String>,
    /// The ship of a sea leg: class and dimensions (all optional).
    pub vessel: VesselSpec,
    /// Vessel, train, operator.
    pub carrier: Option<String>,
    /// What was carried.
    pub cargo: Option<String>,
    /// Free notes.
    pub notes: Option<String>,
    /// The supporting sentence(s) from the source text.
    pub quote: Option<String>,
    /// Where the leg is written.
    pub span: Span,
}

impl PartialEq for RouteSpec {
    fn eq(&self, o: &Self) -> bool {
        (&self.id, &self.name, &self.legs) == (&o.id, &o.name, &o.legs)
    }
}

/// A sea leg's ship as written: a class (`aframax`) and dimensions overriding it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VesselSpec {
    /// The class name, as written.
    pub class: Option<Spanned<String>>,
    /// Draught, m.
    pub max_draught_m: Option<f64>,
    /// Length overall, m.
    pub length_m: Option<f64>,
    /// Beam, m.
    pub beam_m: Option<f64>,
}

impl VesselSpec {
    /// Whether nothing is given.
    pub fn is_empty(&self) -> bool {
        self.class.is_none()
            && self.max_draught_m.is_none()
            && self.length_m.is_none()
            && self.beam_m.is_none()
    }
}

impl PartialEq for LegSpec {
    fn eq(&self, o: &Self) -> bool {
        let key = |l: &LegSpec| {
            (
                (
                    l.mode.clone(),
                    l.from.clone(),
                    l.to.clone(),
                    l.depart.clone(),
                    l.arrive.clone(),
                ),
                (
                    l.via.clone(),
                    l.avoid.clone(),
                    l.within.clone(),
                    l.avoid_countries.clone(),
                ),
                (
                    l.carrier.clone(),
                    l.cargo.clone(),
                    l.notes.clone(),
                    l.quote.clone(),
                ),
                l.vessel.clone(),
            )
        };
        key(self) == key(o)
    }
}

/// Why a document could not be read. Each variant says where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SpecError {
    /// The text is not valid in its form (TOML syntax, CSV quoting, a wrong type).
    #[error("{message}")]
    Syntax {
        /// What is wrong.
        message: String,
        /// Where.
        span: Span,
        /// What to do.
        help: String,
    },
    /// A key or column shipmap does not know.
    #[error("unknown {what} `{name}`")]
    Unknown {
        /// "key" or "column".
        what: &'static str,
        /// The name found.
        name: String,
        /// Where.
        span: Span,
        /// The accepted names.
        expected: String,
    },
    /// A mode that is not sea, rail, road or air.
    #[error("unknown mode `{found}`")]
    Mode {
        /// What was written.
        found: String,
        /// Where.
        span: Span,
    },
    /// A date that cannot be read.
    #[error("{error}")]
    Date {
        /// What is wrong.
        error: crate::date::DateError,
        /// Where.
        span: Span,
    },
    /// Coordinates that cannot be read or are out of range.
    #[error("bad coordinates: {reason}")]
    Coordinates {
        /// What is wrong.
        reason: String,
        /// Where.
        span: Span,
    },
    /// Something required is missing or empty.
    #[error("{message}")]
    Missing {
        /// What is missing.
        message: String,
        /// Where it should be.
        span: Span,
        /// What to do.
        help: String,
    },
}

impl SpecError {
    /// Where in the document the error is.
    pub fn span(&self) -> Span {
        match self {
            SpecError::Syntax { span, .. }
            | SpecError::Unknown { span, .. }
            | SpecError::Mode { span, .. }
            | SpecError::Date { span, .. }
            | SpecError::Coordinates { span, .. }
            | SpecError::Missing { span, .. } => *span,
        }
    }

    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            SpecError::Syntax { help, .. } | SpecError::Missing { help, .. } => help.clone(),
            SpecError::Unknown { expected, .. } => format!("expected one of: {expected}"),
            SpecError::Mode { .. } => "a mode is one of sea, rail, road, air".to_owned(),
            SpecError::Date { .. } => crate::date::HELP.to_owned(),
            SpecError::Coordinates { .. } => crate::gazetteer::coords::HELP.to_owned(),
        }
    }
}

/// The longest `label` accepted, in bytes.
pub const MAX_LABEL_BYTES: usize = 200;

/// A `label` value checked: trimmed, not empty, no control characters, at most
/// [`MAX_LABEL_BYTES`].
pub(crate) fn label_at(text: &str, key: &str, span: Span) -> Result<Spanned<String>, SpecError> {
    let t = text.trim();
    let bad = |message: String, help: &str| SpecError::Syntax {
        message,
        span,
        help: help.to_owned(),
    };
    if t.is_empty() {
        return Err(bad(
            format!("`{key}` is empty"),
            "write the name to print, or leave the key out",
        ));
    }
    if let Some(c) = t.chars().find(|c| c.is_control()) {
        return Err(bad(
            format!(
                "`{key}` contains a control character (U+{:04X})",
                u32::from(c)
            ),
            "remove tabs, line breaks and other invisible characters from the label",
        ));
    }
    if t.len() > MAX_LABEL_BYTES {
        return Err(bad(
            format!(
                "`{key}` is {} bytes long; labels longer than {MAX_LABEL_BYTES} bytes are refused",
                t.len()
            ),
            "write a short label, e.g. `Tartus naval facility`; put longer text in `notes`",
        ));
    }
    Ok(Spanned::new(t.to_owned(), span))
}

/// Reads a route document in any supported form. Names stay unresolved; dates, modes
/// and `[[place]]` coordinates are checked here.
///
/// ```
/// let src = shipmap::spec::Source::chain("Najin -sea-> Dunay, RU -rail-> Tikhoretsk");
/// assert_eq!(shipmap::spec::parse(&src)?.routes[0].legs.len(), 2);
/// # Ok::<(), shipmap::spec::SpecError>(())
/// ```
pub fn parse(src: &Source) -> Result<DocumentSpec, SpecError> {
    parse_with(src, DateOrder::Unknown)
}

/// Reads a route document, numeric dates (`7/9/2023`) in the given order
/// (`--day-first`, `--month-first`).
pub fn parse_with(src: &Source, order: DateOrder) -> Result<DocumentSpec, SpecError> {
    let doc = match src.form {
        Form::Toml => toml::parse_with(&src.text, order)?,
        Form::Csv => csv::parse_with(&src.text, order)?,
        Form::Chain => chain::parse_with(&src.text, order)?,
    };
    check(&doc, src.text.len())?;
    Ok(doc)
}

/// Checks shared by all forms: at least one route, each with at least one leg, the
/// first leg with a start, route ids unique.
fn check(doc: &DocumentSpec, len: usize) -> Result<(), SpecError> {
    if doc.routes.is_empty() {
        return Err(SpecError::Missing {
            message: "the document has no legs".to_owned(),
            span: Span::new(0, len.min(1)),
            help: "add a [[leg]] (or [[route]] with [[route.leg]]) with mode, from and to"
                .to_owned(),
        });
    }
    for (i, route) in doc.routes.iter().enumerate() {
        if route.legs.is_empty() {
            return Err(SpecError::Missing {
                message: format!("route `{}` has no legs", route.id),
                span: route.span,
                help: "add [[route.leg]] tables with mode, from and to under it".to_owned(),
            });
        }
        let first = &route.legs[0];
        if first.from.is_none() {
            return Err(SpecError::Missing {
                message: format!("the first leg of route `{}` has no `from`", route.id),
                span: first.span,
                help: "say where the route starts: from = \"Najin\"".to_owned(),
            });
        }
        for leg in &route.legs {
            for code in leg.within.iter().chain(&leg.avoid_countries) {
                if let Err((message, help)) = check_country_code(code) {
                    return Err(SpecError::Syntax {
                        message,
                        span: leg.span,
                        help,
                    });
                }
            }
        }
        if let Some(dup) = doc.routes[..i].iter().find(|r| r.id == route.id) {
            return Err(SpecError::Syntax {
                message: format!("two routes have the id `{}`", dup.id),
                span: route.span,
                help: "give each [[route]] its own `id`".to_owned(),
            });
        }
    }
    Ok(())
}

/// Checks a `within` / `avoid_countries` value: an ISO 3166-1 alpha-2 code. Otherwise
/// returns the message and a hint that suggests the code when the value names a
/// country (`Russia`, `RUS`, `UK`).
///
/// ```
/// use shipmap::spec::check_country_code;
/// assert!(check_country_code("ru").is_ok());
/// let (message, help) = check_country_code("RUS").unwrap_err();
/// assert_eq!(message, "unknown country code `RUS`");
/// assert!(help.starts_with("did you mean `RU` (Russia)?"), "{help}");
/// ```
pub fn check_country_code(code: &str) -> Result<(), (String, String)> {
    use crate::gazetteer::countries::{country_code, country_name, is_country_code};
    let trimmed = code.trim();
    if trimmed.len() == 2 && trimmed.is_ascii() && is_country_code(trimmed) {
        return Ok(());
    }
    let shown = crate::text::escape_controls(&crate::text::cut(trimmed, 40)).into_owned();
    let message = format!("unknown country code `{shown}`");
    let general = "countries are ISO 3166-1 alpha-2 codes such as RU, CN, KZ, KP, BY \
                   (`shipmap resolve --country CC` lists places of one)";
    let suggestion = match trimmed.to_ascii_uppercase().as_str() {
        "UK" => Some("GB".to_owned()),
        "EL" => Some("GR".to_owned()),
        _ => country_code(trimmed),
    };
    let help = match suggestion {
        Some(c) => format!(
            "did you mean `{c}` ({})? {general}",
            country_name(&c).unwrap_or("")
        ),
        None => general.to_owned(),
    };
    Err((message, help))
}

/// Reads a mode name, or says where it is wrong.
fn mode_at(text: &str, span: Span) -> Result<Spanned<Mode>, SpecError> {
    Mode::parse(text)
        .map(|m| Spanned::new(m, span))
        .ok_or_else(|| SpecError::Mode {
            found: text.to_owned(),
            span,
        })
}

/// Reads a date value, or says where it is wrong.
fn date_at(text: &str, span: Span, order: DateOrder) -> Result<Spanned<DateSpec>, SpecError> {
    DateSpec::parse_with(text, order)
        .map(|d| Spanned::new(d, span))
        .map_err(|error| SpecError::Date { error, span })
}

/// Reads `[[place]]` coordinates, or says where they are wrong.
fn coords_at(text: &str, span: Span) -> Result<Spanned<LonLat>, SpecError> {
    use crate::gazetteer::coords::{parse_coordinates, CoordParseError};
    parse_coordinates(text)
        .map(|c| Spanned::new(c, span))
        .map_err(|e| SpecError::Coordinates {
            reason: match e {
                CoordParseError::NotCoordinates => format!("`{text}` is not a coordinate pair"),
                other => other.to_string(),
            },
            span,
        })
}

/// Marks both dates of a leg approximate (`approx = true`).
fn make_approx(date: &mut Option<Spanned<DateSpec>>) {
    if let Some(d) = date {
        d.value.approx = true;
    }
}

/// Trims a text value; empty means absent.
fn non_empty(text: &str) -> Option<String> {
    let t = text.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Form::Toml => "TOML",
            Form::Csv => "CSV",
            Form::Chain => "chain",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML_DOC: &str = r#"
title = "DPRK munitions to Russia"
[[place]]
name = "Tikhoretsk arsenal"
at = "45.86N 40.13E"
[[leg]]
mode = "sea"
from = "Najin"
to = "Dunay, RU"
depart = "2023-09-07"
arrive = "2023-09-12"
carrier = "Angara"
[[leg]]
mode = "rail"
to = "Tikhoretsk arsenal"
via = ["Khabarovsk", "Novosibirsk"]
"#;

    const CSV_DOC: &str = "route,mode,from,to,depart,arrive,via,carrier,cargo,notes\n\
        route-1,sea,Najin,\"Dunay, RU\",2023-09-07,2023-09-12,,Angara,,\n\
        route-1,rail,,Tikhoretsk arsenal,,,Khabarovsk;Novosibirsk,,,\n";

    const CHAIN_DOC: &str = "Najin -sea[2023-09-07..2023-09-12; carrier Angara]-> Dunay, RU \
        -rail[via Khabarovsk; via Novosibirsk]-> Tikhoretsk arsenal";

    use proptest::prelude::*;

    fn span_inside(e: &SpecError, text: &str) -> bool {
        let s = e.span();
        s.offset + s.len <= text.len()
    }

    proptest! {
        #[test]
        fn toml_parser_never_panics_and_points_inside(text in "\\PC{0,200}") {
            if let Err(e) = parse(&Source::detect("x.toml", text.clone())) {
                prop_assert!(span_inside(&e, &text), "{e:?}");
            }
        }

        #[test]
        fn toml_like_text_never_panics(lines in proptest::collection::vec(
            "(\\[\\[(leg|route|route\\.leg|place)\\]\\]|(mode|from|to|depart|arrive|via|at|name|approx|within) = (\"[^\"\n]{0,12}\"|\\[\"[a-z]{0,5}\"\\]|true|[0-9-]{0,10}))", 0..12)) {
            let text = lines.join("\n");
            if let Err(e) = parse(&Source::detect("x.toml", text.clone())) {
                prop_assert!(span_inside(&e, &text), "{e:?}");
            }
        }

        #[test]
        fn csv_parser_never_panics_and_points_inside(text in "\\PC{0,200}") {
            if let Err(e) = parse(&Source::detect("x.csv", text.clone())) {
                prop_assert!(span_inside(&e, &text), "{e:?}");
            }
        }

        #[test]
        fn csv_like_text_never_panics(rows in proptest::collection::vec("[a-z0-9 ,;\"~/.:-]{0,40}", 0..8)) {
            let text = format!("route,mode,from,to,depart,arrive,via\n{}", rows.join("\n"));
            if let Err(e) = parse(&Source::detect("x.csv", text.clone())) {
                prop_assert!(span_inside(&e, &text), "{e:?}");
            }
        }
    }

    #[test]
    fn three_forms_give_the_same_routes() {
        let t = parse(&Source::detect("a.toml", TOML_DOC.to_owned())).unwrap();
        let c = parse(&Source::detect("a.csv", CSV_DOC.to_owned())).unwrap();
        let h = parse(&Source::chain(CHAIN_DOC)).unwrap();
        assert_eq!(t.routes, c.routes);
        assert_eq!(t.routes, h.routes);
        assert_eq!(t.routes[0].legs[1].via.len(), 2);
        assert_eq!(t.routes[0].legs[0].carrier.as_deref(), Some("Angara"));
    }

    #[test]
    fn quote_is_read_from_toml_and_csv_and_reaches_the_geojson() {
        let toml = "[[leg]]\nmode = \"sea\"\nfrom = \"Najin\"\nto = \"Dunay, RU\"\n\
                    quote = \"The arms were shipped from Najin.\"\n";
        let csv = "mode,from,to,quote\nsea,Najin,\"Dunay, RU\",The arms were shipped from Najin.\n";
        let t = parse(&Source::detect("a.toml", toml.to_owned())).unwrap();
        let c = parse(&Source::detect("a.csv", csv.to_owned())).unwrap();
        let want = Some("The arms were shipped from Najin.");
        assert_eq!(t.routes[0].legs[0].quote.as_deref(), want);
        assert_eq!(c.routes[0].legs[0].quote.as_deref(), want);
        let doc = crate::load(
            &Source::detect("a.toml", toml.to_owned()),
            &crate::Options::default(),
        )
        .unwrap();
        assert_eq!(doc.routes[0].legs[0].quote.as_deref(), want);
        let geojson = crate::export::geojson::write(&doc, crate::export::geojson::Part::Legs);
        let v: serde_json::Value = serde_json::from_str(&geojson).unwrap();
        assert_eq!(
            v["features"][0]["properties"]["quote"],
            serde_json::json!("The arms were shipped from Najin.")
        );
    }

    #[test]
    fn sniffs_the_form_of_stdin() {
        assert_eq!(
            Source::detect("<stdin>", TOML_DOC.to_owned()).form,
            Form::Toml
        );
        assert_eq!(
            Source::detect("<stdin>", CSV_DOC.to_owned()).form,
            Form::Csv
        );
        assert_eq!(
            Source::detect("<stdin>", CHAIN_DOC.to_owned()).form,
            Form::Chain
        );
    }

    #[test]
    fn empty_documents_are_errors() {
        for (name, text) in [
            ("a.toml", "title = \"x\"\n"),
            ("a.csv", "mode,from,to\n"),
            ("c", ""),
        ] {
            let err = parse(&Source::detect(name, text.to_owned())).unwrap_err();
            assert!(
                matches!(err, SpecError::Missing { .. } | SpecError::Syntax { .. }),
                "{name}: {err:?}"
            );
        }
        let err = parse(&Source::detect(
            "a.toml",
            "[[route]]\nid = \"x\"\n".to_owned(),
        ))
        .unwrap_err();
        assert_eq!(err.to_string(), "route `x` has no legs");
    }
}
