//! The `shipmap` command: parses arguments, calls the library, prints. No logic here.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use shipmap::spec::Source;
use shipmap::{builder::BuildOptions, export, render, report, Error, Options};

/// Turn a written account of a shipment into maps, offline.
#[derive(Parser)]
#[command(name = "shipmap", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "Examples:
  shipmap map examples/dprk-russia-2023.toml -o out
  shipmap map \"Najin -sea[2023-09-07..2023-09-12]-> Dunay, RU -rail-> Tikhoretsk\" -o out
  shipmap check examples/dprk-russia-2023.toml --json
  shipmap timeline examples/dprk-russia-2023.toml
  cat legs.csv | shipmap map - -o - > legs.geojson";

#[derive(Subcommand)]
enum Command {
    /// Build the route document and write its maps (GeoJSON, GeoPackage, KML, PNG, SVG) into a directory.
    #[command(after_help = "Examples:
  shipmap map examples/dprk-russia-2023.toml -o out
      writes out/dprk-russia-2023.geojson
  shipmap map \"42.2456N 130.2967E -sea-> 42.8889N 132.3436E\" -o - | ogrinfo -al -so /vsistdin/
  shipmap map shipments.csv -o out --name shipments --no-clobber")]
    Map(MapArgs),
    /// Parse and build the document, print its legs and warnings; exit 1 on an error.
    #[command(after_help = "Examples:
  shipmap check examples/dprk-russia-2023.toml
  shipmap check legs.csv --json --strict")]
    Check(CheckArgs),
    /// Print every leg of every route in time order, with durations and speeds.
    #[command(after_help = "Examples:
  shipmap timeline examples/dprk-russia-2023.toml
  shipmap timeline examples/dprk-russia-2023.toml --estimate --json")]
    Timeline(CheckArgs),
    /// Look place names up in the gazetteer and print ranked candidates.
    #[command(after_help = "Examples:
  shipmap resolve Najin \"Dunay, RU\" KPNJN
  shipmap resolve Vostochny --mode sea --limit 3
  shipmap resolve Tartus --country SY --json")]
    Resolve(ResolveArgs),
    /// Print a shell completion script.
    #[command(after_help = "Example:
  shipmap completions bash > /etc/bash_completion.d/shipmap")]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

#[derive(Args)]
struct DocArgs {
    /// Route document: a .toml or .csv file, `-` for standard input, or a chain such as
    /// "Najin -sea-> Dunay, RU -rail-> Tikhoretsk".
    doc: String,
    /// Sea passages to keep closed for every sea leg, comma-separated (e.g. suez,panama).
    #[arg(long, value_delimiter = ',', value_name = "PASSAGES")]
    avoid: Vec<String>,
    /// Countries (ISO alpha-2) every rail and road leg must stay inside, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CC")]
    within: Vec<String>,
    /// Countries (ISO alpha-2) every rail and road leg must stay out of, comma-separated.
    #[arg(long, value_delimiter = ',', value_name = "CC")]
    avoid_countries: Vec<String>,
    /// Rail network to use instead of the embedded one: a GeoJSON file of LineStrings
    /// (lines join where they share a point).
    #[arg(long, value_name = "FILE")]
    rail_network: Option<PathBuf>,
    /// Road network for road legs: a GeoJSON file of LineStrings. Without one, road
    /// legs are drawn as great circles.
    #[arg(long, value_name = "FILE")]
    road_network: Option<PathBuf>,
    /// Fill missing dates from typical speeds (marked estimated in every output).
    #[arg(long)]
    estimate: bool,
    /// Treat timeline warnings (impossible dates, implausible speeds) as errors.
    #[arg(long)]
    strict: bool,
    /// Print results and warnings as JSON on standard output.
    #[arg(long)]
    json: bool,
    /// Extra places, ahead of the embedded gazetteer: CSV `name,lat,lon[,country]` or
    /// GeoJSON points with a `name` property.
    #[arg(long, value_name = "FILE")]
    places: Option<PathBuf>,
}

#[derive(Args)]
struct ResolveArgs {
    /// Place names: "Najin", "Dunay, RU", "Vostochny, Primorsky", "port of Tartus",
    /// UN/LOCODEs (KPNJN), or coordinates.
    #[arg(required = true, value_name = "NAME")]
    names: Vec<String>,
    /// Only places in this country (ISO alpha-2, e.g. RU).
    #[arg(long, value_name = "CC")]
    country: Option<String>,
    /// The mode of the leg the place ends: sea prefers ports.
    #[arg(long, value_name = "MODE", value_parser = parse_mode)]
    mode: Option<shipmap::model::Mode>,
    /// How many candidates to list per name.
    #[arg(long, default_value_t = 5, value_name = "N")]
    limit: usize,
    /// Extra places, ahead of the embedded gazetteer (CSV or GeoJSON).
    #[arg(long, value_name = "FILE")]
    places: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

fn parse_mode(s: &str) -> Result<shipmap::model::Mode, String> {
    shipmap::model::Mode::parse(s)
        .ok_or_else(|| format!("unknown mode `{s}`: use sea, rail, road or air"))
}

impl DocArgs {
    fn options(&self) -> Options {
        let upper = |v: &[String]| v.iter().map(|c| c.trim().to_ascii_uppercase()).collect();
        Options {
            build: BuildOptions {
                avoid_passages: self
                    .avoid
                    .iter()
                    .map(|p| p.trim().to_ascii_lowercase())
                    .collect(),
                within: upper(&self.within),
                avoid_countries: upper(&self.avoid_countries),
            },
            estimate: self.estimate,
            strict: self.strict,
            places: self.places.clone(),
            rail_network: self.rail_network.clone(),
            road_network: self.road_network.clone(),
        }
    }
}

#[derive(Args)]
struct MapArgs {
    #[command(flatten)]
    doc: DocArgs,
    /// Output directory (created if missing), or `-` for GeoJSON on standard output.
    #[arg(short, long, default_value = ".", value_name = "DIR")]
    out: String,
    /// Output formats, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "geojson,png")]
    format: Vec<Format>,
    /// Base name of the output files (default: the document's file name, or `route`).
    #[arg(long)]
    name: Option<String>,
    /// Refuse to replace existing output files.
    #[arg(long)]
    no_clobber: bool,
    #[command(flatten)]
    map: StaticMapArgs,
}

/// Flags of the static maps (`--format png,svg`).
#[derive(Args)]
struct StaticMapArgs {
    /// Size of PNG/SVG maps in pixels [default: 1920x1080, a slide].
    #[arg(long, value_name = "WxH", value_parser = parse_size)]
    size: Option<(u32, u32)>,
    /// Paper size for print maps, instead of --size (e.g. a4-landscape, a3-portrait,
    /// letter-landscape); the pixel size follows from --dpi.
    #[arg(long, value_name = "PAPER", value_parser = parse_paper)]
    paper: Option<render::Paper>,
    /// Resolution recorded in the PNG; with --paper it sets the pixel size
    /// [default: 96, or 300 with --paper].
    #[arg(long, value_name = "DPI")]
    dpi: Option<f32>,
    /// Look of PNG/SVG maps.
    #[arg(long, value_enum, default_value = "light")]
    theme: Theme,
    /// Map projection [default: chosen from the route's extent].
    #[arg(long, value_enum, default_value = "auto")]
    projection: Projection,
    /// Words in SVG maps: glyph outlines (look the same everywhere) or live text
    /// naming Noto Sans (a designer can retype them).
    #[arg(long, value_enum, default_value = "outlines")]
    svg_text: SvgTextArg,
    /// Where title, source and legend go on PNG/SVG maps: a title band above and
    /// the source below the map, or boxed panels floating over it.
    #[arg(long, value_enum, default_value = "band")]
    layout: LayoutArg,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LayoutArg {
    /// Title band above, source line below, unboxed legend.
    Band,
    /// Boxed panels over the map.
    Float,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SvgTextArg {
    /// Glyph outlines.
    Outlines,
    /// Live text.
    Live,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Theme {
    /// Soft colours for screens and slides.
    Light,
    /// Greys only, for black-and-white printing.
    Print,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Projection {
    /// Lambert conformal conic for wide mid-latitude extents, Mercator for small ones,
    /// azimuthal equal-area near the poles.
    Auto,
    /// Mercator.
    Mercator,
    /// Lambert conformal conic.
    Conic,
    /// Lambert azimuthal equal-area.
    EqualArea,
}

impl StaticMapArgs {
    fn layout(&self) -> Result<render::Layout, render::RenderError> {
        let theme = match self.theme {
            Theme::Light => render::Theme::Light,
            Theme::Print => render::Theme::Print,
        };
        let projection = match self.projection {
            Projection::Auto => render::ProjectionChoice::Auto,
            Projection::Mercator => render::ProjectionChoice::Mercator,
            Projection::Conic => render::ProjectionChoice::Conic,
            Projection::EqualArea => render::ProjectionChoice::EqualArea,
        };
        let mut layout =
            render::Layout::from_flags(self.size, self.paper, self.dpi, theme, projection)?;
        layout.svg_text = match self.svg_text {
            SvgTextArg::Outlines => render::SvgText::Outlines,
            SvgTextArg::Live => render::SvgText::Live,
        };
        layout.panels = match self.layout {
            LayoutArg::Band => render::Panels::Band,
            LayoutArg::Float => render::Panels::Float,
        };
        Ok(layout)
    }
}

fn parse_size(s: &str) -> Result<(u32, u32), String> {
    render::Layout::parse_size(s)
        .ok_or_else(|| format!("`{s}` is not a size; use WIDTHxHEIGHT, e.g. 1920x1080"))
}

fn parse_paper(s: &str) -> Result<render::Paper, String> {
    render::Paper::parse(s).ok_or_else(|| {
        format!(
            "unknown paper `{s}`; use one of {}",
            render::Paper::NAMES.join(", ")
        )
    })
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    doc: DocArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// NAME.geojson (all features), NAME_legs.geojson and NAME_stops.geojson with
    /// QGIS styles NAME_legs.qml and NAME_stops.qml.
    Geojson,
    /// NAME.gpkg: GeoPackage with layers legs and stops, styles stored inside.
    Gpkg,
    /// NAME.kml: for Google Earth.
    Kml,
    /// NAME.png: a static map (see --size, --paper, --dpi, --theme, --projection).
    Png,
    /// NAME.svg: the same static map as vectors.
    Svg,
}

impl Format {
    fn library(self) -> Option<export::Format> {
        match self {
            Format::Geojson => Some(export::Format::Geojson),
            Format::Gpkg => Some(export::Format::Gpkg),
            Format::Kml => Some(export::Format::Kml),
            Format::Png | Format::Svg => None,
        }
    }

    fn map(self) -> Option<render::MapFormat> {
        match self {
            Format::Png => Some(render::MapFormat::Png),
            Format::Svg => Some(render::MapFormat::Svg),
            _ => None,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse(); // clap reports usage errors itself, with exit code 2
    match cli.command {
        Command::Map(args) => run(&args.doc, false, |src, doc| {
            let name = args.name.clone().unwrap_or_else(|| src.stem());
            if args.out == "-" {
                print(&export::geojson::write(doc, export::geojson::Part::All));
                return Ok(Vec::new());
            }
            let formats: Vec<export::Format> =
                args.format.iter().filter_map(|f| f.library()).collect();
            let maps: Vec<render::MapFormat> = args.format.iter().filter_map(|f| f.map()).collect();
            let mut files = export::files(doc, &name, &formats)?;
            if !maps.is_empty() {
                files.extend(render::files(doc, &name, &maps, &args.map.layout()?)?);
            }
            let written = export::write_all(&PathBuf::from(&args.out), &files, args.no_clobber)?;
            Ok(written.iter().map(|p| p.display().to_string()).collect())
        }),
        Command::Check(args) => run(&args.doc, false, |_, doc| {
            if !args.doc.json {
                print(&report::summary(doc));
            }
            Ok(Vec::new())
        }),
        Command::Timeline(args) => run(&args.doc, true, |_, doc| {
            if args.doc.json {
                print(&format!("{:#}\n", report::timeline_json(doc)));
            } else {
                print(&report::timeline_table(doc));
            }
            Ok(Vec::new())
        }),
        Command::Resolve(args) => resolve(&args),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "shipmap",
                &mut std::io::stdout(),
            );
            ExitCode::SUCCESS
        }
    }
}

/// `shipmap resolve`: ranked candidates per name; exit 1 when a name matches nothing.
fn resolve(args: &ResolveArgs) -> ExitCode {
    use shipmap::gazetteer::{embedded::EmbeddedGazetteer, report, Gazetteer, UserPlaces};
    let mut user = UserPlaces::default();
    if let Some(path) = &args.places {
        if let Err(e) = user.load_file(path) {
            eprintln!("error: {e}\n  help: {}", e.help());
            return ExitCode::FAILURE;
        }
    }
    let embedded = match EmbeddedGazetteer::load() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let gazetteer = Gazetteer::new(user).with_source(Box::new(embedded));
    let options = report::ResolveOptions {
        country: args.country.clone(),
        mode: args.mode,
        limit: args.limit,
    };
    let reports = report::resolve_names(&gazetteer, &args.names, &options);
    if args.json {
        print(&format!("{:#}\n", report::json(&reports)));
    } else {
        print(&report::table(&reports));
    }
    if reports.iter().all(report::NameReport::is_ok) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Opens and loads the document, runs `then` on it, and prints warnings, errors and
/// (with --json) the JSON result. Returns exit code 0, or 1 on any error.
fn run(
    args: &DocArgs,
    timeline_json: bool,
    then: impl FnOnce(&Source, &shipmap::model::Document) -> Result<Vec<String>, Error>,
) -> ExitCode {
    let src = match Source::open(&args.doc) {
        Ok(src) => src,
        Err(e) => {
            eprintln!("error: {e}\n  help: {}", e.help());
            return ExitCode::FAILURE;
        }
    };
    let result = shipmap::load(&src, &args.options())
        .and_then(|doc| then(&src, &doc).map(|written| (doc, written)));
    match result {
        Ok((doc, written)) => {
            if args.json && !timeline_json {
                print(&format!(
                    "{:#}\n",
                    report::document_json(&src, &doc, &written)
                ));
            } else {
                for w in &doc.warnings {
                    eprintln!("{}", report::warning_line(&src, w));
                }
                for path in &written {
                    eprintln!("wrote {path}");
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            if args.json {
                print(&format!("{:#}\n", report::error_json(&src, &e)));
            } else {
                eprintln!("{:?}", diagnostic(&src, &e));
            }
            ExitCode::FAILURE
        }
    }
}

/// The error as a miette report pointing into the document.
fn diagnostic(src: &Source, e: &Error) -> miette::Report {
    let mut d = miette::MietteDiagnostic::new(e.to_string()).with_help(e.help());
    if let Some(span) = e.span() {
        d = d.with_label(miette::LabeledSpan::at(
            miette::SourceSpan::from(span),
            "here",
        ));
    }
    miette::Report::new(d).with_source_code(miette::NamedSource::new(&src.name, src.text.clone()))
}

/// Prints to standard output; a closed pipe (`shipmap ... | head`) is not an error:
/// the reader has what it wanted, so exit quietly as other Unix tools do.
fn print(text: &str) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(1);
    }
}
