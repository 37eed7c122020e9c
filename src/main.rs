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

/// Examples of `shipmap help map`. The files listed are what the first command writes
/// (tests/cli/docs.rs runs it and compares).
const MAP_EXAMPLES: &str = "Examples:
  shipmap map examples/dprk-russia-2023.toml -o out
      writes out/dprk-russia-2023_combined.geojson, out/dprk-russia-2023_legs.geojson,
      out/dprk-russia-2023_legs.qml, out/dprk-russia-2023_stops.geojson,
      out/dprk-russia-2023_stops.qml, out/dprk-russia-2023.png
  shipmap map \"Najin -sea-> Dunay, RU -rail-> Tikhoretsk\" -o out --format gpkg,kml
      writes out/najin-tikhoretsk.gpkg, out/najin-tikhoretsk.kml and
      out/najin-tikhoretsk.qml (the KML's style in QGIS)
  shipmap map legs.csv -o out --title \"Munitions by rail\" --source \"NSC, 13 Oct 2023\"
  shipmap map \"42.2456N 130.2967E -sea-> 42.8889N 132.3436E\" -o - | ogrinfo -al -so /vsistdin/
  shipmap map shipments.csv -o out --name shipments --no-clobber";

#[derive(Subcommand)]
enum Command {
    /// Build the route document and write its maps (GeoJSON, GeoPackage, KML, PNG, SVG, HTML) into a directory.
    #[command(after_help = MAP_EXAMPLES)]
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
    /// Draft a route document from a report (plain text, Markdown or HTML): legs,
    /// modes and dates found in the text, each leg quoting its sentences.
    #[command(after_help = "Examples:
  shipmap draft examples/dprk-russia-2023-article.txt
  shipmap draft article.html -o route.toml
  shipmap draft article.txt --map -o maps/")]
    Draft(DraftArgs),
    /// Look place names up in the gazetteer and print ranked candidates.
    #[command(after_help = "Examples:
  shipmap resolve Najin \"Dunay, RU\" KPNJN
  shipmap resolve Vostochny --mode sea --limit 3
  shipmap resolve Tartus --country SY --json
  shipmap resolve Khasan --mode rail --near Rajin")]
    Resolve(ResolveArgs),
    /// Print the licences and attributions of the code and the embedded data.
    #[command(after_help = "Examples:
  shipmap licenses
  shipmap licenses --text ODbL-1.0")]
    Licenses {
        /// Print the full text of one licence (an SPDX id such as ODbL-1.0, CC-BY-4.0).
        #[arg(long, value_name = "SPDX-ID")]
        text: Option<String>,
    },
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
    /// How far (km) a sea leg's end may lie from navigable water and still be joined
    /// to it over the shortest water path (default 60).
    #[arg(long, value_name = "KM", allow_negative_numbers = true)]
    coast_km: Option<f64>,
    /// The vessel of every sea leg: a class (small, handysize, panamax, aframax,
    /// suezmax, vlcc, container-feeder, container-ulcv, warship). Sea legs keep out of
    /// the canals and straits it does not fit.
    #[arg(long, value_name = "CLASS", value_parser = parse_vessel)]
    vessel: Option<shipmap::network::sea::vessels::Vessel>,
    /// Fill missing dates from typical speeds (marked estimated in every output).
    #[arg(long)]
    estimate: bool,
    /// Treat timeline warnings (impossible dates, implausible speeds) as errors.
    #[arg(long)]
    strict: bool,
    /// Read numeric dates day first: 7/9/2023 is 7 September 2023.
    #[arg(long, conflicts_with = "month_first")]
    day_first: bool,
    /// Read numeric dates month first: 7/9/2023 is 9 July 2023.
    #[arg(long)]
    month_first: bool,
    /// Print results and warnings as JSON on standard output.
    #[arg(long)]
    json: bool,
    /// No progress bar (one is shown on a terminal when a run takes over a second).
    #[arg(short, long)]
    quiet: bool,
    /// Extra places, ahead of the embedded gazetteer: CSV `name,lat,lon[,country]` or
    /// GeoJSON points with a `name` property.
    #[arg(long, value_name = "FILE")]
    places: Option<PathBuf>,
}

#[derive(Args)]
struct DraftArgs {
    /// The report: a text, Markdown or HTML file, or `-` for standard input.
    input: String,
    /// Write the drafted document to FILE (atomically) instead of standard output;
    /// with --map, the directory for the maps and the document.
    #[arg(short, long, value_name = "FILE|DIR")]
    out: Option<String>,
    /// Draft, then map in one step: the document and the maps go into -o DIR.
    #[arg(long)]
    map: bool,
    /// The document's `source` line [default: the text's first line].
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
    /// The document's title [default: first stop to last stop].
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Extra places, ahead of the embedded gazetteer: CSV `name,lat,lon[,country]` or
    /// GeoJSON points with a `name` property.
    #[arg(long, value_name = "FILE")]
    places: Option<PathBuf>,
    /// With --map: output formats, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "geojson,png")]
    format: Vec<Format>,
    /// With --map: base name of the files [default: the input's file name].
    #[arg(long)]
    name: Option<String>,
    /// Refuse to replace existing files.
    #[arg(long)]
    no_clobber: bool,
    /// With --map: no progress bar.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    map_args: StaticMapArgs,
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
    /// The mode of the leg the place ends: sea prefers ports and terminals, rail
    /// border crossings and stations.
    #[arg(long, value_name = "MODE", value_parser = parse_mode)]
    mode: Option<shipmap::model::Mode>,
    /// Another stop of the route (a place name or `LAT,LON`): nearer candidates win.
    #[arg(long, value_name = "PLACE")]
    near: Option<String>,
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

fn parse_vessel(s: &str) -> Result<shipmap::network::sea::vessels::Vessel, String> {
    shipmap::network::sea::vessels::Vessel::class(s)
}

fn parse_mode(s: &str) -> Result<shipmap::model::Mode, String> {
    shipmap::model::Mode::parse(s)
        .ok_or_else(|| format!("unknown mode `{s}`: use sea, rail, road or air"))
}

impl DocArgs {
    fn options(&self) -> Options {
        let upper = |v: &[String]| v.iter().map(|c| c.trim().to_ascii_uppercase()).collect();
        // field by field: the library's option types are #[non_exhaustive]
        let mut build = BuildOptions::default();
        build.avoid_passages = self
            .avoid
            .iter()
            .map(|p| p.trim().to_ascii_lowercase())
            .collect();
        build.within = upper(&self.within);
        build.avoid_countries = upper(&self.avoid_countries);
        build.coast_km = self.coast_km;
        build.vessel = self.vessel.clone();
        let mut options = Options::default();
        options.build = build;
        options.estimate = self.estimate;
        options.strict = self.strict;
        options.date_order = match (self.day_first, self.month_first) {
            (true, _) => shipmap::date::DateOrder::DayFirst,
            (_, true) => shipmap::date::DateOrder::MonthFirst,
            _ => shipmap::date::DateOrder::Unknown,
        };
        options.places = self.places.clone();
        options.rail_network = self.rail_network.clone();
        options.road_network = self.road_network.clone();
        options
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
    /// Base name of the output files, a plain file name [default: the document's file
    /// name; for a chain or standard input its first and last places, e.g.
    /// najin-tikhoretsk, numbered (najin-tikhoretsk-2) when that set exists].
    #[arg(long)]
    name: Option<String>,
    /// Refuse to replace existing output files.
    #[arg(long)]
    no_clobber: bool,
    #[command(flatten)]
    titles: TitleArgs,
    #[command(flatten)]
    map: StaticMapArgs,
}

/// Title, subtitle and source of the maps, over the document's own.
#[derive(Args)]
struct TitleArgs {
    /// Map title, replacing the document's (all outputs: map title band, GeoJSON, KML,
    /// GeoPackage); at most 200 characters.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// Map subtitle, replacing the document's.
    #[arg(long, value_name = "TEXT")]
    subtitle: Option<String>,
    /// Source line ("Source: ..." on the map), replacing the document's.
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
}

/// Flags of the static maps (`--format png,svg,html`).
#[derive(Args)]
struct StaticMapArgs {
    /// Size of PNG/SVG/HTML maps in pixels [default: 1920x1080, a slide].
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
    /// Look of PNG/SVG/HTML maps.
    #[arg(long, value_enum, default_value = "light")]
    theme: Theme,
    /// Map projection [default: chosen from the route's extent].
    #[arg(long, value_enum, default_value = "auto")]
    projection: Projection,
    /// Words in SVG maps: glyph outlines (look the same everywhere) or live text
    /// naming Noto Sans (a designer can retype them).
    #[arg(long, value_enum, default_value = "outlines")]
    svg_text: SvgTextArg,
    /// Where title, source and legend go on PNG/SVG/HTML maps: a title band above and
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
    /// The candidate (conic, Mercator, azimuthal, polar azimuthal) the route fills
    /// best, for the least scale error.
    Auto,
    /// Mercator.
    Mercator,
    /// Lambert conformal conic.
    Conic,
    /// Lambert azimuthal equal-area.
    EqualArea,
    /// Azimuthal equidistant (polar for Arctic and Antarctic routes).
    Azimuthal,
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
            Projection::Azimuthal => render::ProjectionChoice::Azimuthal,
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
    /// NAME_legs.geojson and NAME_stops.geojson with QGIS styles NAME_legs.qml and
    /// NAME_stops.qml (drag these into QGIS), and NAME_combined.geojson (all
    /// features in one file, for geojson.io, GitHub and scripts).
    Geojson,
    /// NAME.gpkg: GeoPackage with layers legs and stops, styles stored inside.
    Gpkg,
    /// NAME.kml: for Google Earth; with NAME.qml, the style QGIS applies to it.
    Kml,
    /// NAME.csv (+ NAME.csvt for GDAL): a row a leg and a row a stop, WKT and
    /// lat/lon columns, for Excel, Tableau, Datawrapper, BigQuery.
    Csv,
    /// NAME_kepler.geojson: timed trips for kepler.gl's Trip layer.
    Kepler,
    /// NAME.png: a static map (see --size, --paper, --dpi, --theme, --projection).
    Png,
    /// NAME.svg: the same static map as vectors.
    Svg,
    /// NAME.html: the same map in one self-contained web page (no network), with a
    /// card of facts for each leg and stop, a timeline and a day slider.
    Html,
}

impl Format {
    fn library(self) -> Option<export::Format> {
        match self {
            Format::Geojson => Some(export::Format::Geojson),
            Format::Gpkg => Some(export::Format::Gpkg),
            Format::Kml => Some(export::Format::Kml),
            Format::Csv => Some(export::Format::Csv),
            Format::Kepler => Some(export::Format::Kepler),
            Format::Png | Format::Svg | Format::Html => None,
        }
    }

    fn map(self) -> Option<render::MapFormat> {
        match self {
            Format::Png => Some(render::MapFormat::Png),
            Format::Svg => Some(render::MapFormat::Svg),
            Format::Html => Some(render::MapFormat::Html),
            _ => None,
        }
    }
}

mod hugepages;

#[global_allocator]
static ALLOCATOR: hugepages::HugePages = hugepages::HugePages;

fn main() -> ExitCode {
    let cli = Cli::parse(); // clap reports usage errors itself, with exit code 2
    match cli.command {
        Command::Map(args) => {
            // Ctrl-C or SIGTERM: remove this run's temporaries (after a rename phase in
            // progress has finished, so the outputs stay wholly old or wholly new)
            let _ = ctrlc::set_handler(|| {
                export::remove_temporaries_then(|| std::process::exit(130));
            });
            let mut options = args.doc.options();
            options.prepare_maps = true;
            options.title = args.titles.title.clone();
            options.subtitle = args.titles.subtitle.clone();
            options.source = args.titles.source.clone();
            run(&args.doc, options, false, |src, doc| {
                if args.out == "-" {
                    print(&export::geojson::write(doc, export::geojson::Part::All));
                    return Ok(Written::default());
                }
                let out = MapOut {
                    out: &args.out,
                    format: &args.format,
                    name: args.name.as_ref(),
                    no_clobber: args.no_clobber,
                    map: &args.map,
                    extra: Vec::new(),
                };
                map_files(&out, src, doc)
            })
        }
        Command::Check(args) => run(&args.doc, args.doc.options(), false, |_, doc| {
            if !args.doc.json {
                print(&report::summary(doc));
            }
            Ok(Written::default())
        }),
        Command::Timeline(args) => run(&args.doc, args.doc.options(), true, |_, doc| {
            if args.doc.json {
                print(&format!("{:#}\n", report::timeline_json(doc)));
            } else {
                print(&report::timeline_table(doc));
            }
            Ok(Written::default())
        }),
        Command::Draft(args) => draft(&args),
        Command::Resolve(args) => resolve(&args),
        Command::Licenses { text } => licenses(text.as_deref()),
        Command::Completions { shell } => {
            // generated in memory: clap_complete panics when standard output is full
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "shipmap", &mut script);
            print(&String::from_utf8_lossy(&script));
            ExitCode::SUCCESS
        }
    }
}

/// `shipmap licenses`: the notices, or one licence's full text.
fn licenses(text: Option<&str>) -> ExitCode {
    use shipmap::licenses;
    let out = match text {
        None => licenses::summary(),
        Some(id) => match licenses::text(id) {
            Some(t) => t.to_owned(),
            None => {
                let ids: Vec<&str> = licenses::LICENSES.iter().map(|l| l.spdx).collect();
                eprintln!(
                    "error: no licence text `{}` ships with shipmap\n  help: choose one of {}",
                    id.escape_debug(),
                    ids.join(", ")
                );
                return ExitCode::FAILURE;
            }
        },
    };
    print(&out);
    ExitCode::SUCCESS
}

/// `shipmap draft`: the drafted document on standard output or in a file; with
/// --map, the document and its maps in a directory.
fn draft(args: &DraftArgs) -> ExitCode {
    use std::io::Read;
    let (name, bytes) = if args.input == "-" {
        let mut bytes = Vec::new();
        // one byte past the limit is enough to refuse a too-long input
        let limit = shipmap::draft::MAX_INPUT_BYTES as u64 + 1;
        if let Err(e) = std::io::stdin().take(limit).read_to_end(&mut bytes) {
            eprint(&format!("error: cannot read standard input: {e}\n"));
            return ExitCode::FAILURE;
        }
        ("<stdin>".to_owned(), bytes)
    } else {
        match std::fs::File::open(&args.input).and_then(|f| {
            let mut bytes = Vec::new();
            f.take(shipmap::draft::MAX_INPUT_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .map(|_| bytes)
        }) {
            Ok(bytes) => (args.input.clone(), bytes),
            Err(e) => {
                eprint(&format!(
                    "error: cannot read {}: {e}\n  help: give the path of a text, Markdown or HTML file, or `-` for standard input\n",
                    args.input
                ));
                return ExitCode::FAILURE;
            }
        }
    };
    let mut options = shipmap::draft::DraftOptions::default();
    options.source = args.source.clone();
    options.title = args.title.clone();
    options.places = args.places.clone();
    options.input_name = name.clone();
    let drafted = match shipmap::draft::draft(&bytes, &options) {
        Ok(d) => d,
        Err(e) => {
            eprint(&format!("error: {e}\n  help: {}\n", e.help()));
            return ExitCode::FAILURE;
        }
    };
    let toml = drafted.toml();
    if drafted.routes.is_empty() {
        print(&toml);
        eprint(&format!(
            "error: no leg could be drafted from {name}: no two places are tied by words such as \
             'shipped from', 'arrived in', 'via'\n  help: the comments above list the places and \
             dates found; write the legs by hand, or give --places for names the gazetteer lacks\n"
        ));
        return ExitCode::FAILURE;
    }
    if args.map {
        let Some(dir) = &args.out else {
            eprint("error: --map needs -o DIR, the directory for the document and the maps\n");
            return ExitCode::from(2);
        };
        let base = args.name.clone().unwrap_or_else(|| {
            std::path::Path::new(&name)
                .file_stem()
                .filter(|_| name != "<stdin>")
                .map_or_else(|| "draft".to_owned(), |s| s.to_string_lossy().into_owned())
        });
        let src = Source::detect(&format!("{base}.toml"), toml.clone());
        let mut opts = Options::default();
        opts.places = args.places.clone();
        let out = MapOut {
            out: dir,
            format: &args.format,
            name: Some(&base),
            no_clobber: args.no_clobber,
            map: &args.map_args,
            extra: vec![export::OutputFile {
                name: format!("{base}.toml"),
                bytes: toml.into_bytes(),
            }],
        };
        return run_source(src, opts, false, args.quiet, false, |src, doc| {
            map_files(&out, src, doc)
        });
    }
    match &args.out {
        Some(path) => {
            match export::write_atomic(std::path::Path::new(path), toml.as_bytes(), args.no_clobber)
            {
                Ok(()) => {
                    eprint(&format!("wrote {path}\n"));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprint(&format!("error: {e}\n  help: {}\n", e.help()));
                    ExitCode::FAILURE
                }
            }
        }
        None => {
            print(&toml);
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
            eprint(&format!("error: {e}\n  help: {}\n", e.help()));
            return ExitCode::FAILURE;
        }
    }
    let embedded = match EmbeddedGazetteer::load() {
        Ok(g) => g,
        Err(e) => {
            eprint(&format!("error: {e}\n"));
            return ExitCode::FAILURE;
        }
    };
    let gazetteer = Gazetteer::new(user).with_source(Box::new(embedded));
    let near = match &args.near {
        None => None,
        Some(text) => match gazetteer.resolve(&shipmap::gazetteer::Query::new(text)) {
            Ok(r) => Some(r.place.at),
            Err(e) => {
                eprintln!("error: --near `{text}`: {e}\n  help: {}", e.help());
                return ExitCode::FAILURE;
            }
        },
    };
    let mut options = report::ResolveOptions::default();
    options.country = args.country.clone();
    options.mode = args.mode;
    options.limit = args.limit;
    options.near = near;
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

/// A progress bar on standard error, drawn only on a terminal and only once a run has
/// taken a second (short runs print nothing extra). `SHIPMAP_PROGRESS_DELAY_MS` sets
/// that delay (the tests use 0).
struct Progress {
    bar: indicatif::ProgressBar,
    start: std::time::Instant,
    delay_s: f64,
}

impl Progress {
    fn new() -> Progress {
        let bar = indicatif::ProgressBar::hidden();
        let style = indicatif::ProgressStyle::with_template(
            "{msg:>8} [{bar:30}] {pos}/{len} legs ({elapsed})",
        )
        .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.set_message("routing");
        let delay_s = std::env::var("SHIPMAP_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(1.0, |ms| ms / 1000.0);
        Progress {
            bar,
            start: std::time::Instant::now(),
            delay_s,
        }
    }

    fn show_if_slow(bar: &indicatif::ProgressBar, start: std::time::Instant, delay_s: f64) {
        use std::io::IsTerminal;
        if bar.is_hidden()
            && start.elapsed().as_secs_f64() >= delay_s
            && std::io::stderr().is_terminal()
        {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn on_leg(&self) -> shipmap::builder::OnLeg {
        let (bar, start, delay_s) = (self.bar.clone(), self.start, self.delay_s);
        shipmap::builder::OnLeg(std::sync::Arc::new(move |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
            Progress::show_if_slow(&bar, start, delay_s);
        }))
    }

    fn stage(&self, what: &str) {
        self.bar.set_message(what.to_owned());
        Progress::show_if_slow(&self.bar, self.start, self.delay_s);
    }

    fn clear(self) {
        self.bar.finish_and_clear();
    }
}

/// What `map` wrote: the files, a note when the default name was taken, and the
/// map's warnings (what it could not show).
#[derive(Default)]
struct Written {
    files: Vec<String>,
    note: Option<String>,
    warnings: Vec<String>,
}

/// Where and how `map` (and `draft --map`) write.
struct MapOut<'a> {
    out: &'a str,
    format: &'a [Format],
    name: Option<&'a String>,
    no_clobber: bool,
    map: &'a StaticMapArgs,
    /// Files written in the same all-or-nothing set (the drafted document).
    extra: Vec<export::OutputFile>,
}

/// `map` into a directory: every requested format under the output name.
fn map_files(
    args: &MapOut<'_>,
    src: &Source,
    doc: &shipmap::model::Document,
) -> Result<Written, Error> {
    if let Some(name) = args.name {
        shipmap::check_output_name(name)?;
    }
    let (base, made_up) = match args.name {
        Some(name) => (name.clone(), false),
        None => shipmap::output_name(src, doc),
    };
    let formats: Vec<export::Format> = args.format.iter().filter_map(|f| f.library()).collect();
    let maps: Vec<render::MapFormat> = args.format.iter().filter_map(|f| f.map()).collect();
    let dir = PathBuf::from(args.out);
    let mut files = export::files_in(doc, &base, &formats, &dir)?;
    files.extend(args.extra.iter().cloned());
    let mut warnings = Vec::new();
    if !maps.is_empty() {
        let made = render::files(doc, &base, &maps, &args.map.layout()?)?;
        files.extend(made.files);
        warnings = made.warnings;
    }
    let mut note = None;
    if made_up {
        let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        let free = shipmap::free_name(&dir, &base, &names);
        if free != base {
            for f in &mut files {
                f.name = format!("{free}{}", &f.name[base.len()..]);
            }
            note = Some(format!(
                "{base}.* exists in {}; wrote {free}.* instead (give --name {base} to replace it)",
                dir.display()
            ));
        }
    }
    let written = export::write_all(&dir, &files, args.no_clobber)?;
    Ok(Written {
        files: written.iter().map(|p| p.display().to_string()).collect(),
        note,
        warnings,
    })
}

/// Opens and loads the document, runs `then` on it, and prints warnings, errors and
/// (with --json) the JSON result. Returns exit code 0, or 1 on any error.
fn run(
    args: &DocArgs,
    options: Options,
    timeline_json: bool,
    then: impl FnOnce(&Source, &shipmap::model::Document) -> Result<Written, Error>,
) -> ExitCode {
    let src = match Source::open(&args.doc) {
        Ok(src) => src,
        Err(e) => {
            eprint(&format!("error: {e}\n  help: {}\n", e.help()));
            return ExitCode::FAILURE;
        }
    };
    run_source(src, options, args.json, args.quiet, timeline_json, then)
}

/// [`run`] on a document already read.
fn run_source(
    src: Source,
    options: Options,
    json: bool,
    quiet: bool,
    timeline_json: bool,
    then: impl FnOnce(&Source, &shipmap::model::Document) -> Result<Written, Error>,
) -> ExitCode {
    let args = RunFlags { json };
    let mut options = options;
    let bar = (!quiet).then(Progress::new);
    if let Some(bar) = &bar {
        options.build.on_leg = Some(bar.on_leg());
    }
    let result = shipmap::load(&src, &options).and_then(|doc| {
        if let Some(bar) = &bar {
            bar.stage("writing");
        }
        then(&src, &doc).map(|written| (doc, written))
    });
    if let Some(bar) = bar {
        bar.clear();
    }
    match result {
        Ok((doc, written)) => {
            if args.json && !timeline_json {
                print(&format!(
                    "{:#}\n",
                    report::document_json(&src, &doc, &written.files, &written.warnings)
                ));
            } else {
                let mut lines = String::new();
                for w in &doc.warnings {
                    lines.push_str(&report::warning_line(&src, w));
                    lines.push('\n');
                }
                for w in &written.warnings {
                    lines.push_str(&format!("warning: map: {w}\n"));
                }
                if let Some(note) = &written.note {
                    lines.push_str(&format!("note: {note}\n"));
                }
                for path in &written.files {
                    lines.push_str(&format!("wrote {path}\n"));
                }
                eprint(&lines);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            if args.json {
                print(&format!("{:#}\n", report::error_json(&src, &e)));
            } else {
                eprint(&report::error_text(&src, &e));
            }
            ExitCode::FAILURE
        }
    }
}

/// The flags of [`run_source`]'s printing.
struct RunFlags {
    json: bool,
}

/// Prints to standard output; a closed pipe (`shipmap ... | head`) is not an error:
/// the reader has what it wanted, so exit quietly as other Unix tools do. Any other
/// failure (a full disk behind `> file`) exits 1 with one line on standard error.
/// Control characters other than line breaks are shown escaped: the text may hold
/// values from a received file, and a terminal acts on them.
fn print(text: &str) {
    let text = shipmap::text::escape_controls_keep_lines(text);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprint(&format!("error: cannot write to standard output: {e}\n"));
        std::process::exit(1);
    }
}

/// Prints to standard error, escaped as [`print`] does. `eprintln!` would panic on a
/// full or closed standard error; here the message is dropped and the exit code
/// still tells.
fn eprint(text: &str) {
    let text = shipmap::text::escape_controls_keep_lines(text);
    let mut err = std::io::stderr().lock();
    if err
        .write_all(text.as_bytes())
        .and_then(|_| err.flush())
        .is_err()
    {
        std::process::exit(1);
    }
}
