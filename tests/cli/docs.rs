//! The README and the help texts show what the tool prints, checked against real runs
//! so that no figure can drift. `SHIPMAP_BLESS=1 cargo test --test cli docs` rewrites
//! the README from the runs (review the diff before committing).
//!
//! - Every ```text block in README.md whose first line is `$ shipmap ...` is a
//!   transcript: each `$` line is run from the repository root and what follows it
//!   must be exactly its standard output then standard error.
//! - Figures in the prose listed in [`FIGURES`] must equal the km `check` prints.
//! - `shipmap help map` lists, under its first two examples, the files they write.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::Dir;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bless() -> bool {
    std::env::var_os("SHIPMAP_BLESS").is_some()
}

/// Splits a command line as a POSIX shell would for the simple quoting README uses:
/// words, "double" and 'single' quotes.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, ' ') => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// Runs `shipmap ARGS` in `dir`: standard output, then standard error.
fn transcript(dir: &Path, args: &[String]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_shipmap"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .expect("run shipmap");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    text
}

/// The README with every transcript block replaced by what the commands print now.
fn regenerate_transcripts(readme: &str) -> String {
    let mut out = String::with_capacity(readme.len());
    let mut lines = readme.split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        if line.trim_end() != "```text"
            || !lines.peek().is_some_and(|l| l.starts_with("$ shipmap "))
        {
            continue;
        }
        // the block: `$` lines are kept, everything else is output and regenerated
        let mut block = Vec::new();
        for l in lines.by_ref() {
            if l.trim_end() == "```" {
                block.push(None);
                break;
            }
            block.push(Some(l));
        }
        for l in block {
            match l {
                Some(cmd) if cmd.starts_with("$ ") => {
                    out.push_str(cmd);
                    let args = words(cmd.trim_end().trim_start_matches("$ shipmap "));
                    assert!(
                        !args.iter().any(|a| a == "map" || a == "-o"),
                        "README transcripts must not write files: {cmd}"
                    );
                    out.push_str(&transcript(&root(), &args));
                }
                Some(_) => {}
                None => out.push_str("```\n"),
            }
        }
    }
    out
}

/// A figure in the README prose: the text just before the number, the text just after,
/// the document (a chain or a path under the repository), and the leg it measures.
struct Figure {
    before: &'static str,
    after: &'static str,
    doc: &'static str,
    leg: usize,
}

const FIGURES: [Figure; 6] = [
    Figure {
        before: "Najin to Vostochny: ",
        after: " km",
        doc: "Najin -sea-> Vostochny",
        leg: 1,
    },
    Figure {
        before: "Najin to Dunay: ",
        after: " km",
        doc: "Najin -sea-> Dunay",
        leg: 1,
    },
    Figure {
        before: "Anzali to Astrakhan is ",
        after: " km",
        doc: "Bandar Anzali -sea-> Astrakhan",
        leg: 1,
    },
    Figure {
        before: "(Baku to Istanbul\n",
        after: " km)",
        doc: "Baku -sea-> Istanbul",
        leg: 1,
    },
    Figure {
        before: "Krasnoyarsk, Novosibirsk and Omsk: ",
        after: " km instead",
        doc: "examples/dprk-russia-2023.toml",
        leg: 2,
    },
    Figure {
        before: "main scale (the ",
        after: " km sea leg on a",
        doc: "examples/dprk-russia-2023.toml",
        leg: 1,
    },
];

/// `1,095`: whole km with thousands separators, as the README writes them.
fn km(v: f64) -> String {
    let digits = format!("{:.0}", v);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The length of a leg as `check` prints it (whole km).
fn leg_km(doc: &str, leg: usize) -> f64 {
    let text = transcript(&root(), &["check".into(), doc.into()]);
    let line = text
        .lines()
        .find(|l| l.starts_with(&format!("  {leg}. ")))
        .unwrap_or_else(|| panic!("{doc}: no leg {leg} in\n{text}"));
    let before_km = &line[..line.find(" km (").expect("km")];
    before_km[before_km.rfind(' ').map_or(0, |i| i + 1)..]
        .parse()
        .expect("a number")
}

/// The README with each listed figure set to what `check` measures now.
fn regenerate_figures(readme: &str) -> (String, Vec<String>) {
    let mut text = readme.to_owned();
    let mut missing = Vec::new();
    for f in &FIGURES {
        let Some(at) = text.find(f.before) else {
            missing.push(f.before.to_owned());
            continue;
        };
        let from = at + f.before.len();
        let len = text[from..]
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(0);
        if !text[from + len..].starts_with(f.after) || len == 0 {
            missing.push(format!("{}NUMBER{}", f.before, f.after));
            continue;
        }
        text.replace_range(from..from + len, &km(leg_km(f.doc, f.leg)));
    }
    (text, missing)
}

#[test]
fn readme_transcripts_and_figures_match_real_runs() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let fresh = regenerate_transcripts(&readme);
    let (fresh, missing) = regenerate_figures(&fresh);
    assert!(missing.is_empty(), "README no longer says: {missing:?}");
    if bless() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    if fresh != readme {
        let (old, new): (Vec<&str>, Vec<&str>) =
            (readme.lines().collect(), fresh.lines().collect());
        let first = old
            .iter()
            .zip(&new)
            .position(|(a, b)| a != b)
            .unwrap_or(old.len().min(new.len()));
        panic!(
            "README.md differs from real runs at line {}:\n  README: {:?}\n  now:    {:?}\n\
             rerun with SHIPMAP_BLESS=1 and review the diff",
            first + 1,
            old.get(first),
            new.get(first)
        );
    }
}

#[test]
fn readme_has_transcripts_and_the_splitter_quotes() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    assert!(readme.matches("```text\n$ shipmap ").count() >= 3);
    assert_eq!(
        words(r#"check "Najin -sea-> Dunay, RU" 'a b' --json"#),
        vec!["check", "Najin -sea-> Dunay, RU", "a b", "--json"]
    );
    assert_eq!(km(1095.4), "1,095");
    assert_eq!(km(197.0), "197");
    assert_eq!(km(9265.1), "9,265");
}

/// The files `help map` says its first two examples write are exactly the files
/// they write.
#[test]
fn help_map_examples_list_what_they_write() {
    let help = transcript(&root(), &["help".into(), "map".into()]);
    let examples = &help[help.find("Examples:").expect("examples")..];
    let mut blocks = examples.split("\n  shipmap ").skip(1);
    for _ in 0..2 {
        let block = blocks.next().expect("two examples");
        let (cmd, listed) = block.split_once("\n      writes ").expect("a writes line");
        let listed: Vec<String> = listed
            .replace("\n      ", " ")
            .split([',', ' '])
            .filter(|w| w.starts_with("out/"))
            .map(|w| w.trim().to_owned())
            .collect();
        let mut args = words(cmd.trim());
        for a in &mut args {
            if a == "examples/dprk-russia-2023.toml" {
                *a = root().join(&*a).display().to_string();
            }
        }
        let dir = Dir::new();
        let out = dir.run(&args.iter().map(String::as_str).collect::<Vec<_>>());
        let mut written: Vec<String> = out
            .stderr
            .lines()
            .filter_map(|l| l.strip_prefix("wrote "))
            .map(str::to_owned)
            .collect();
        let mut listed = listed;
        written.sort();
        listed.sort();
        assert_eq!(listed, written, "`shipmap {}` in help map", cmd.trim());
    }
}
