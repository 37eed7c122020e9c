//! Outputs: the built document as files, written atomically.

pub mod attribution;
pub mod csv;
pub mod geojson;
pub mod gpkg;
pub mod kepler;
pub mod kml;
pub mod qml;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::Document;

/// An output format of `shipmap map`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// `NAME_legs.geojson` and `NAME_stops.geojson` (one geometry type each, for
    /// QGIS) with their `.qml` styles, and `NAME_combined.geojson` (both in one
    /// collection, for geojson.io, GitHub and scripts).
    Geojson,
    /// `NAME.gpkg`: layers legs and stops with styles stored inside.
    Gpkg,
    /// `NAME.kml`: for Google Earth.
    Kml,
    /// `NAME.csv`: a row a leg and a row a stop, WKT and lat/lon columns, for
    /// spreadsheets, Tableau, Datawrapper, BigQuery.
    Csv,
    /// `NAME_kepler.geojson`: timed trips for kepler.gl.
    Kepler,
}

/// One file to write: its name inside the output directory, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// File name, e.g. `seed_legs.geojson`.
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Makes every file of the requested formats, in memory, before anything is written.
pub fn files(
    doc: &Document,
    base: &str,
    formats: &[Format],
) -> Result<Vec<OutputFile>, gpkg::GpkgError> {
    let mut out = Vec::new();
    let mut add = |name: String, bytes: Vec<u8>| out.push(OutputFile { name, bytes });
    for format in formats {
        match format {
            Format::Geojson => {
                add(
                    format!("{base}_combined.geojson"),
                    geojson::write(doc, geojson::Part::All).into_bytes(),
                );
                add(
                    format!("{base}_legs.geojson"),
                    geojson::write(doc, geojson::Part::Legs).into_bytes(),
                );
                add(format!("{base}_legs.qml"), qml::legs(doc).into_bytes());
                add(
                    format!("{base}_stops.geojson"),
                    geojson::write(doc, geojson::Part::Stops).into_bytes(),
                );
                add(format!("{base}_stops.qml"), qml::stops(doc).into_bytes());
            }
            Format::Gpkg => add(format!("{base}.gpkg"), gpkg::write(doc)?),
            Format::Kml => add(format!("{base}.kml"), kml::write(doc).into_bytes()),
            Format::Csv => {
                add(format!("{base}.csv"), csv::write(doc).into_bytes());
                add(format!("{base}.csvt"), csv::csvt(doc).into_bytes());
            }
            Format::Kepler => add(
                format!("{base}_kepler.geojson"),
                kepler::write(doc).into_bytes(),
            ),
        }
    }
    Ok(out)
}

/// Writes files into a directory (created if missing), each atomically. With
/// `no_clobber`, every target is checked first, so a refusal writes nothing.
pub fn write_all(
    dir: &Path,
    files: &[OutputFile],
    no_clobber: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.name)).collect();
    if no_clobber {
        if let Some(existing) = paths.iter().find(|p| p.exists()) {
            return Err(WriteError::Exists(existing.clone()));
        }
    }
    for (file, path) in files.iter().zip(&paths) {
        write_atomic(path, &file.bytes, no_clobber)?;
    }
    Ok(paths)
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file exists and `--no-clobber` was given.
    #[error("{0} exists")]
    Exists(PathBuf),
    /// The file system refused.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

impl WriteError {
    /// What to do about it.
    pub fn help(&self) -> String {
        match self {
            WriteError::Exists(_) => {
                "remove it, choose another -o directory, or leave out --no-clobber".to_owned()
            }
            WriteError::Io { .. } => {
                "check that the directory exists or can be created, and that you may write there"
                    .to_owned()
            }
        }
    }
}

/// Writes a file atomically: the bytes go to a temporary file in the same directory,
/// which is then renamed over the target, so a failed run leaves no half-written
/// file. Missing parent directories are created. With `no_clobber`, an existing file
/// is an error and is left untouched.
pub fn write_atomic(path: &Path, bytes: &[u8], no_clobber: bool) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_owned(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    if no_clobber && path.exists() {
        return Err(WriteError::Exists(path.to_owned()));
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".shipmap-").suffix(".tmp");
    // Temporary files are private (0600); outputs are for sharing, like any file the
    // user's tools write.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if no_clobber {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                WriteError::Exists(path.to_owned())
            } else {
                io(e.error)
            }
        })?;
    } else {
        tmp.persist(path).map_err(|e| io(e.error))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replaces_and_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/out.geojson");
        write_atomic(&path, b"one", false).unwrap();
        write_atomic(&path, b"two", false).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o644, "outputs are readable by others");
        }
        assert!(matches!(
            write_atomic(&path, b"three", true),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary files left behind");
    }
}
