//! Drafts a route document from a written account: a news paragraph, a report, an
//! HTML page. One entry function, [`draft`]; the result prints as TOML that `check`
//! and `map` accept, each leg citing the sentences it came from (`quote`) and each
//! guess explained in a comment.
//!
//! Stages: plain text and sentences (`text.rs`), place mentions from the gazetteer's
//! name index (`places.rs`), stop cues and mode words (`cues.rs`), dates by the
//! document date grammar (`dates.rs`), legs in travel order (`chain.rs`), TOML out
//! (`write.rs`).

mod chain;
mod cues;
mod dates;
mod places;
mod text;
mod write;

use std::path::PathBuf;

use crate::date::DateSpec;
use crate::gazetteer::embedded::{EmbeddedError, EmbeddedGazetteer};
use crate::gazetteer::{Gazetteer, PlacesFileError, UserPlaces};
use crate::model::{Mode, Place};

/// The largest article drafted, in bytes: a long report is a few hundred kilobytes.
pub const MAX_INPUT_BYTES: usize = 2_000_000;

/// Options of a draft.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct DraftOptions {
    /// The document's `source` (`--source`); default: the text's first line.
    pub source: Option<String>,
    /// The document's `title` (`--title`); default: first stop to last stop.
    pub title: Option<String>,
    /// Extra places (`--places`), ahead of the embedded gazetteer.
    pub places: Option<PathBuf>,
    /// The input's name, for the opening comment (`article.txt`, `<stdin>`).
    pub input_name: String,
}

/// Why no draft could be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DraftError {
    /// The input holds no text.
    #[error("{name} is empty")]
    Empty {
        /// The input's name.
        name: String,
    },
    /// The input is not text (NUL bytes, or mostly invalid UTF-8).
    #[error("{name} is not text: {reason}")]
    Binary {
        /// The input's name.
        name: String,
        /// What gave it away.
        reason: String,
    },
    /// The input is longer than an article.
    #[error("{name} is {bytes} bytes; shipmap draft reads articles up to {max} bytes")]
    TooLarge {
        /// The input's name.
        name: String,
        /// Its length.
        bytes: usize,
        /// The most read.
        max: usize,
    },
    /// The `--places` file could not be read.
    #[error(transparent)]
    Places(#[from] PlacesFileError),
    /// The embedded gazetteer is broken (a build problem).
    #[error(transparent)]
    Gazetteer(#[from] EmbeddedError),
}

impl DraftError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            DraftError::Empty { .. } => {
                "give the text of a report: a file of plain text, Markdown or HTML, or `-` \
                 for standard input"
                    .to_owned()
            }
            DraftError::Binary { .. } => {
                "give the article as text (save a PDF or Word file as plain text first)".to_owned()
            }
            DraftError::TooLarge { .. } => {
                "draft one article at a time: cut the text down to the report about the \
                 shipment"
                    .to_owned()
            }
            DraftError::Places(e) => e.help().to_owned(),
            DraftError::Gazetteer(_) => {
                "this shipmap binary was built with broken gazetteer data; rebuild it".to_owned()
            }
        }
    }
}

/// A stop as the draft settled it: the name written, the text to resolve, the place.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftStop {
    /// The name as the text writes it.
    pub written: String,
    /// What the document will say (`Dunay, RU` when the text gives the country).
    pub query: String,
    /// The place the gazetteer picks for it in context.
    pub place: Place,
}

/// A date as drafted, with the words it came from and how it was completed.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftDate {
    /// The value.
    pub spec: DateSpec,
    /// Why it is there, for the comment ("'on Sept. 12'; year from the dateline").
    pub why: String,
}

/// One drafted leg.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftLeg {
    /// The mode.
    pub mode: Mode,
    /// Where it starts.
    pub from: DraftStop,
    /// Where it ends.
    pub to: DraftStop,
    /// Places named on the way (`via`, `through`).
    pub via: Vec<DraftStop>,
    /// Departure.
    pub depart: Option<DraftDate>,
    /// Arrival.
    pub arrive: Option<DraftDate>,
    /// The sentences it rests on.
    pub quote: Vec<String>,
    /// How each value was found, for comments.
    pub comments: Vec<String>,
}

/// A leg the text tells of but does not place: written commented out.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingLeg {
    /// The mode, when told.
    pub mode: Option<Mode>,
    /// The start, when known.
    pub from: Option<String>,
    /// The end, when known.
    pub to: Option<String>,
    /// What is missing, in words.
    pub missing: String,
    /// The sentences.
    pub quote: Vec<String>,
}

/// A drafted document: routes of legs, the legs it could not complete, and what it
/// left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    /// Title.
    pub title: String,
    /// Source line.
    pub source: String,
    /// Where the text came from, for the opening comment.
    pub input_name: String,
    /// The routes (usually one), each a chain of legs.
    pub routes: Vec<Vec<DraftLeg>>,
    /// Legs told without a start or an end.
    pub missing: Vec<MissingLeg>,
    /// Places named but not used as stops, with the reason.
    pub left_out: Vec<(String, String)>,
    /// Countries named.
    pub countries: Vec<String>,
    /// Names in stop position that the gazetteer does not know.
    pub unresolved: Vec<String>,
    /// Dates not used, with the reason.
    pub dates_left_out: Vec<String>,
    /// The dateline, when the text has one.
    pub dateline: Option<String>,
}

impl Draft {
    /// Every leg of every route.
    pub fn legs(&self) -> impl Iterator<Item = &DraftLeg> {
        self.routes.iter().flatten()
    }

    /// The document as TOML, with comments.
    pub fn toml(&self) -> String {
        write::toml(self)
    }
}

/// Drafts a route document from an article's bytes (plain text, Markdown or HTML).
///
/// ```
/// use shipmap::draft::{draft, DraftOptions};
/// let text = "Washington, Oct. 13, 2023\n\nThe arms were shipped from Najin, North Korea, \
///             and arrived in Dunay, Russia on Sept. 12.";
/// let d = draft(text.as_bytes(), &DraftOptions::default())?;
/// let leg = d.legs().next().unwrap();
/// assert_eq!((leg.from.written.as_str(), leg.to.written.as_str()), ("Najin", "Dunay"));
/// assert_eq!(leg.arrive.as_ref().unwrap().spec.to_string(), "2023-09-12");
/// assert!(d.toml().contains("quote  = \"The arms were shipped from Najin"));
/// # Ok::<(), shipmap::draft::DraftError>(())
/// ```
pub fn draft(input: &[u8], options: &DraftOptions) -> Result<Draft, DraftError> {
    let name = if options.input_name.is_empty() {
        "the input".to_owned()
    } else {
        options.input_name.clone()
    };
    let text = read_text(input, &name)?;
    let mut user = UserPlaces::default();
    if let Some(path) = &options.places {
        user.load_file(path)?;
    }
    let embedded = EmbeddedGazetteer::load()?;
    let index_source = EmbeddedGazetteer::load()?;
    let gazetteer = Gazetteer::new(user.clone()).with_source(Box::new(embedded));
    let index = places::Index {
        embedded: &index_source,
        user: &user,
        seen: Default::default(),
    };
    let plain = text::plain(&text);
    let mut d = chain::assemble(&plain, &index, &gazetteer);
    d.input_name = name;
    d.source = match &options.source {
        Some(s) => crate::text::clean_line(s, 300).0,
        None => plain
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(|l| crate::text::clean_line(l, 200).0)
            .unwrap_or_default(),
    };
    if let Some(t) = &options.title {
        d.title = crate::text::clean_line(t, 200).0;
    }
    Ok(d)
}

/// The input as text: refused when empty, too long or binary; invalid UTF-8 in
/// otherwise good text is replaced.
fn read_text(input: &[u8], name: &str) -> Result<String, DraftError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(DraftError::TooLarge {
            name: name.to_owned(),
            bytes: input.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    if input.iter().all(u8::is_ascii_whitespace) {
        return Err(DraftError::Empty {
            name: name.to_owned(),
        });
    }
    if let Some(at) = input.iter().position(|b| *b == 0) {
        return Err(DraftError::Binary {
            name: name.to_owned(),
            reason: format!("a NUL byte at byte {at}"),
        });
    }
    let text = String::from_utf8_lossy(input);
    let bad = text
        .chars()
        .filter(|c| *c == char::REPLACEMENT_CHARACTER)
        .count();
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !c.is_whitespace())
        .count();
    let total = text.chars().count().max(1);
    if (bad + controls) * 20 > total {
        return Err(DraftError::Binary {
            name: name.to_owned(),
            reason: format!(
                "{} of {total} characters are not valid UTF-8 text",
                bad + controls
            ),
        });
    }
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn draft_never_panics_and_its_document_parses(text in "\\PC{0,300}") {
            if let Ok(d) = draft(text.as_bytes(), &DraftOptions::default()) {
                if !d.routes.is_empty() {
                    let src = crate::spec::Source::detect("d.toml", d.toml());
                    prop_assert!(crate::spec::parse(&src).is_ok(), "{}", d.toml());
                }
            }
        }

        #[test]
        fn report_like_text_never_panics(words in proptest::collection::vec(
            "(from|to|via|arrived in|left|Najin|Rajin|Dunay|Vostochny|Tartus|by rail|by sea|\
              on|Sept\\.|12|7|2023|between|and|two days later|the following week|\\.|,|Russia|\
              North Korea|into|at|docked|[A-Z][a-z]{2,8})", 0..60)) {
            let text = words.join(" ");
            if let Ok(d) = draft(text.as_bytes(), &DraftOptions::default()) {
                let doc = d.toml();
                if !d.routes.is_empty() {
                    let src = crate::spec::Source::detect("d.toml", doc.clone());
                    prop_assert!(crate::spec::parse(&src).is_ok(), "{doc}");
                }
            }
        }
    }

    #[test]
    fn earlier_leg_told_later_goes_first() {
        let text = "The freighter docked at Novorossiysk on 19 May 2024. It had left Tartus on \
                    14 May 2024 with crates of ammunition.";
        let d = draft(text.as_bytes(), &DraftOptions::default()).unwrap();
        let leg = d.legs().next().unwrap();
        assert_eq!(
            (leg.from.written.as_str(), leg.to.written.as_str()),
            ("Tartus", "Novorossiysk")
        );
        assert_eq!(leg.depart.as_ref().unwrap().spec.to_string(), "2024-05-14");
        assert_eq!(leg.arrive.as_ref().unwrap().spec.to_string(), "2024-05-19");
        assert_eq!(leg.quote.len(), 2, "both sentences are quoted");
    }

    #[test]
    fn empty_binary_and_huge_input_are_refused() {
        assert!(matches!(
            draft(b"  \n", &DraftOptions::default()),
            Err(DraftError::Empty { .. })
        ));
        assert!(matches!(
            draft(&[1, 0, 2], &DraftOptions::default()),
            Err(DraftError::Binary { .. })
        ));
        let huge = vec![b'a'; MAX_INPUT_BYTES + 1];
        assert!(matches!(
            draft(&huge, &DraftOptions::default()),
            Err(DraftError::TooLarge { .. })
        ));
    }
}
