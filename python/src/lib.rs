//! The native half of the `shipmap` Python package: thin calls into the shipmap
//! library that take and return plain strings and bytes. The Python half
//! (`python/shipmap/__init__.py`) turns them into dicts, dataclasses and exceptions,
//! so everything that crosses to Python pickles (Dask, PySpark) and no Rust type is
//! exposed. Work runs with the interpreter released, so threads run in parallel.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use serde_json::{json, Value};
use shipmap::spec::Source;
use shipmap::{export, render, report, Options};

/// Largest document text accepted (bytes): well above any real document, and small
/// enough that a mistaken call with a whole dataset fails at once, not after minutes.
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

fn source(text: String, name: Option<String>) -> PyResult<Source> {
    if text.len() > MAX_TEXT_BYTES {
        return Err(PyValueError::new_err(format!(
            "the document is {} bytes; shipmap reads documents of at most {} bytes",
            text.len(),
            MAX_TEXT_BYTES
        )));
    }
    Ok(match name {
        Some(name) => Source::detect(&name, text),
        None if text.contains("->") && !text.contains('\n') => Source::chain(&text),
        None => Source::detect("<text>", text),
    })
}

fn options(opts: &str) -> PyResult<Options> {
    let v: Value =
        serde_json::from_str(opts).map_err(|e| PyValueError::new_err(format!("options: {e}")))?;
    let list = |key: &str| -> Vec<String> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut o = Options::default();
    o.estimate = v.get("estimate").and_then(Value::as_bool).unwrap_or(false);
    o.strict = v.get("strict").and_then(Value::as_bool).unwrap_or(false);
    o.places = v
        .get("places")
        .and_then(Value::as_str)
        .map(std::path::PathBuf::from);
    o.build.avoid_passages = list("avoid");
    o.build.within = list("within");
    o.build.avoid_countries = list("avoid_countries");
    Ok(o)
}

/// Builds a document: `{"ok": true, "document": ..., "geojson": ...}` or
/// `{"ok": false, "file": ..., "error": {"message", "help", "line", "column"}}`.
#[pyfunction]
#[pyo3(signature = (text, name=None, opts="{}"))]
fn load_json(py: Python<'_>, text: String, name: Option<String>, opts: &str) -> PyResult<String> {
    let src = source(text, name)?;
    let options = options(opts)?;
    Ok(py.detach(|| match shipmap::load(&src, &options) {
        Ok(doc) => {
            let geojson: Value =
                serde_json::from_str(&export::geojson::write(&doc, export::geojson::Part::All))
                    .unwrap_or(Value::Null);
            json!({
                "ok": true,
                "document": report::document_json(&src, &doc, &[], &[]),
                "geojson": geojson,
            })
            .to_string()
        }
        Err(e) => report::error_json(&src, &e).to_string(),
    }))
}

/// Reads a document file as text; a path that is not UTF-8 text is a clear error.
#[pyfunction]
fn read_document(path: &str) -> PyResult<String> {
    let meta = std::fs::metadata(path)
        .map_err(|e| PyValueError::new_err(format!("cannot read {path}: {e}")))?;
    if meta.len() > MAX_TEXT_BYTES as u64 {
        return Err(PyValueError::new_err(format!(
            "{path} is {} bytes; shipmap reads documents of at most {MAX_TEXT_BYTES} bytes",
            meta.len()
        )));
    }
    std::fs::read_to_string(path)
        .map_err(|e| PyValueError::new_err(format!("cannot read {path}: {e}")))
}

/// Renders a document's map as PNG bytes; errors come back as JSON in a RuntimeError.
#[pyfunction]
#[pyo3(signature = (text, name=None, width=1920, height=1080, opts="{}"))]
fn render_png(
    py: Python<'_>,
    text: String,
    name: Option<String>,
    width: u32,
    height: u32,
    opts: &str,
) -> PyResult<Py<PyBytes>> {
    let src = source(text, name)?;
    let options = options(opts)?;
    let layout = render::Layout::from_flags(
        Some((width, height)),
        None,
        None,
        render::Theme::Light,
        render::ProjectionChoice::Auto,
    )
    .map_err(|e| PyValueError::new_err(format!("{e}: {}", e.help())))?;
    let result = py.detach(|| {
        let doc = shipmap::load(&src, &options).map_err(|e| report::error_json(&src, &e))?;
        let scene = render::scene(&doc, &layout);
        render::png(&scene).map_err(
            |e| json!({"ok": false, "error": {"message": e.to_string(), "help": e.help()}}),
        )
    });
    match result {
        Ok(bytes) => Ok(PyBytes::new(py, &bytes).unbind()),
        Err(e) => Err(PyRuntimeError::new_err(e.to_string())),
    }
}

/// Looks names up: the JSON `shipmap resolve --json` prints.
#[pyfunction]
#[pyo3(signature = (names, mode=None, country=None, limit=5))]
fn resolve_json(
    py: Python<'_>,
    names: Vec<String>,
    mode: Option<&str>,
    country: Option<String>,
    limit: usize,
) -> PyResult<String> {
    use shipmap::gazetteer::{
        embedded::EmbeddedGazetteer, report as greport, Gazetteer, UserPlaces,
    };
    let mode = match mode {
        None => None,
        Some(m) => Some(shipmap::model::Mode::parse(m).ok_or_else(|| {
            PyValueError::new_err(format!("mode `{m}`: expected sea, rail, road or air"))
        })?),
    };
    let embedded = EmbeddedGazetteer::load().map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
    let gazetteer = Gazetteer::new(UserPlaces::default()).with_source(Box::new(embedded));
    let mut options = greport::ResolveOptions::default();
    options.country = country;
    options.mode = mode;
    options.limit = limit;
    Ok(py.detach(|| {
        greport::json(&greport::resolve_names(&gazetteer, &names, &options)).to_string()
    }))
}

/// The licences and attributions of the embedded data (`shipmap licenses`).
#[pyfunction]
fn licenses() -> String {
    shipmap::licenses::summary()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(load_json, m)?)?;
    m.add_function(wrap_pyfunction!(read_document, m)?)?;
    m.add_function(wrap_pyfunction!(render_png, m)?)?;
    m.add_function(wrap_pyfunction!(resolve_json, m)?)?;
    m.add_function(wrap_pyfunction!(licenses, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
