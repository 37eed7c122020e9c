//! Outputs: the built document as files, written atomically.

pub mod attribution;
pub mod csv;
pub mod geojson;
pub mod gpkg;
pub mod html;
pub mod kepler;
pub mod kml;
pub mod qml;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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
    /// `NAME.kml`: for Google Earth, and `NAME.qml`, its style in QGIS.
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
/// The GeoPackage is built in a private folder under the system's temporary folder;
/// [`files_in`] builds it in the output folder instead.
pub fn files(
    doc: &Document,
    base: &str,
    formats: &[Format],
) -> Result<Vec<OutputFile>, gpkg::GpkgError> {
    files_in(doc, base, formats, &std::env::temp_dir())
}

/// Like [`files`], with the GeoPackage built in a temporary folder inside `scratch`
/// (the output folder): no copy of the data is left outside it, and the next run
/// there removes what a killed run left (see [`write_all`]).
pub fn files_in(
    doc: &Document,
    base: &str,
    formats: &[Format],
    scratch: &Path,
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
            Format::Gpkg => {
                std::fs::create_dir_all(scratch)?;
                // made and registered under the lock: an interrupt sees it or stops
                // this thread before it exists
                let mut list = registry();
                let dir = tempfile::Builder::new()
                    .prefix(&temp_prefix())
                    .suffix(".d")
                    .tempdir_in(scratch)?;
                list.push(dir.path().to_owned());
                drop(list);
                let guard = Registered(dir.path().to_owned());
                let bytes = gpkg::write_in(doc, dir.path())?;
                drop(dir);
                drop(guard);
                add(format!("{base}.gpkg"), bytes);
            }
            Format::Kml => {
                add(format!("{base}.kml"), kml::write(doc).into_bytes());
                // QGIS applies NAME.qml to both of the KML's layers on load
                add(format!("{base}.qml"), qml::kml(doc).into_bytes());
            }
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

/// Every temporary shipmap makes in an output folder starts with this, then the
/// process id: `.shipmap-4242-…`.
pub const TEMP_PREFIX: &str = ".shipmap-";

fn temp_prefix() -> String {
    format!("{TEMP_PREFIX}{}-", std::process::id())
}

/// Temporaries of this process that a signal handler must remove. The writer holds
/// the lock while it renames, so an interrupt waits until the set is whole.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn registry() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // a panic while holding the lock leaves a list that is still right
    TEMPORARIES.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every temporary file and folder this process still has, then runs `then`
/// (the CLI's SIGINT/SIGTERM handler exits there) still holding the registry, so the
/// writer cannot make another temporary in between. It waits for a rename phase in
/// progress to finish, so the outputs are left wholly old or wholly new: a journal is
/// removed first, which makes the set final.
pub fn remove_temporaries_then<T>(then: impl FnOnce() -> T) -> T {
    let mut list = registry();
    list.sort_by_key(|p| !p.to_string_lossy().ends_with(".journal"));
    for path in list.drain(..) {
        remove_any(&path);
    }
    then()
}

fn remove_any(path: &Path) {
    if !path.is_dir() {
        let _ = std::fs::remove_file(path);
        return;
    }
    // The writer may still be adding files to this folder (SQLite making its journal
    // while a signal is handled on another thread): a plain remove_dir_all then finds
    // the folder not empty and leaves it. Renamed first, the folder is gone from the
    // path the writer uses, so nothing new lands in it; the removal is retried for
    // a file that was being created at the moment of the rename.
    let doomed = path.with_extension("doomed");
    let target = if std::fs::rename(path, &doomed).is_ok() {
        doomed
    } else {
        path.to_owned()
    };
    for _ in 0..20 {
        if std::fs::remove_dir_all(&target).is_ok() || !target.exists() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
}

/// Takes a registered path out of the registry when dropped.
struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        registry().retain(|p| p != &self.0);
    }
}

/// Writes a set of files into a directory (created if missing), all or nothing.
///
/// Every file is first written completely to a temporary in the same directory
/// (`.shipmap-PID-N.tmp`) and synced; only when all are complete are they renamed
/// over their targets, with the previous files kept as hard links (`.bak`) until the
/// last rename has succeeded. A failure at any step puts every target back as it was
/// and removes every temporary. A journal (`.shipmap-PID.journal`) lists the renames
/// while they happen: the next run in the folder finds the journal of a killed run
/// (its process gone), puts the previous files back, and removes its temporaries.
/// With `no_clobber`, every target is checked first, so a refusal writes nothing.
pub fn write_all(
    dir: &Path,
    files: &[OutputFile],
    no_clobber: bool,
) -> Result<Vec<PathBuf>, WriteError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| WriteError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    recover(dir);
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(&f.name)).collect();
    for path in &paths {
        if path.is_dir() {
            return Err(WriteError::Io {
                path: path.clone(),
                source: std::io::Error::other("a directory has this name"),
            });
        }
        if no_clobber && path.symlink_metadata().is_ok() {
            return Err(WriteError::Exists(path.clone()));
        }
    }
    let mut set = Staged::new(dir);
    for (file, path) in files.iter().zip(&paths) {
        set.stage(path, &file.bytes).map_err(io(path))?;
    }
    set.commit(no_clobber)?;
    Ok(paths)
}

/// One target of a set being written: its new bytes' temporary and its backup.
struct Entry {
    target: PathBuf,
    temp: PathBuf,
    backup: Option<PathBuf>,
    renamed: bool,
}

/// A set of staged files; dropping it before `commit` undoes everything.
struct Staged {
    dir: PathBuf,
    entries: Vec<Entry>,
    journal: PathBuf,
    done: bool,
}

impl Staged {
    fn new(dir: &Path) -> Staged {
        let journal = dir.join(format!("{TEMP_PREFIX}{}.journal", std::process::id()));
        Staged {
            dir: dir.to_owned(),
            entries: Vec::new(),
            journal,
            done: false,
        }
    }

    fn name(&self, n: usize, ext: &str) -> PathBuf {
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        self.dir
            .join(format!("{}{n}-{unique}.{ext}", temp_prefix()))
    }

    fn stage(&mut self, target: &Path, bytes: &[u8]) -> std::io::Result<()> {
        let temp = self.name(self.entries.len(), "tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        // outputs are for sharing, like any file the user's tools write
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
        // created and registered under the lock (see remove_temporaries_then)
        let mut list = registry();
        let mut f = options.open(&temp)?;
        list.push(temp.clone());
        drop(list);
        self.entries.push(Entry {
            target: target.to_owned(),
            temp: temp.clone(),
            backup: None,
            renamed: false,
        });
        f.write_all(bytes)?;
        f.sync_all()
    }

    fn commit(mut self, no_clobber: bool) -> Result<(), WriteError> {
        let io = |path: &Path, source| WriteError::Io {
            path: path.to_owned(),
            source,
        };
        // keep the previous files reachable until every rename has succeeded
        for i in 0..self.entries.len() {
            if self.entries[i].target.symlink_metadata().is_err() {
                continue;
            }
            let backup = self.name(i, "bak");
            let mut list = registry();
            list.push(backup.clone());
            let made = std::fs::hard_link(&self.entries[i].target, &backup)
                .or_else(|_| std::fs::copy(&self.entries[i].target, &backup).map(|_| ()));
            drop(list);
            made.map_err(|e| io(&self.entries[i].target, e))?;
            self.entries[i].backup = Some(backup);
        }
        let mut journal = String::new();
        for e in &self.entries {
            journal.push_str(&format!(
                "{}\t{}\t{}\n",
                file_name(&e.target),
                e.backup.as_deref().map(file_name).unwrap_or_default(),
                file_name(&e.temp)
            ));
        }
        let mut list = registry();
        list.push(self.journal.clone());
        let written = write_synced(&self.journal, journal.as_bytes());
        drop(list);
        written.map_err(|e| io(&self.journal, e))?;
        // renames under the lock: an interrupt waits until the set is whole
        let lock = registry();
        for i in 0..self.entries.len() {
            let e = &self.entries[i];
            if no_clobber && e.backup.is_none() && e.target.symlink_metadata().is_ok() {
                drop(lock);
                return Err(WriteError::Exists(e.target.clone()));
            }
            if let Err(err) = std::fs::rename(&e.temp, &e.target) {
                let target = e.target.clone();
                drop(lock);
                return Err(io(&target, err));
            }
            self.entries[i].renamed = true;
        }
        self.done = true;
        drop(lock);
        sync_dir(&self.dir);
        Ok(())
    }
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Drop for Staged {
    fn drop(&mut self) {
        let mut list = registry();
        if !self.done {
            // put every target back as it was
            for e in self.entries.iter().filter(|e| e.renamed) {
                match &e.backup {
                    Some(b) => {
                        let _ = std::fs::rename(b, &e.target);
                    }
                    None => {
                        let _ = std::fs::remove_file(&e.target);
                    }
                }
            }
            sync_dir(&self.dir);
        }
        // the journal goes first: once it is gone the set is final (wholly new after a
        // commit, wholly old after the roll-back above), and what is left is litter
        let _ = std::fs::remove_file(&self.journal);
        list.retain(|q| q != &self.journal);
        sync_dir(&self.dir);
        for e in &self.entries {
            for p in [Some(&e.temp), e.backup.as_ref()].into_iter().flatten() {
                let _ = std::fs::remove_file(p);
                list.retain(|q| q != p);
            }
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes renames in a directory durable (Unix); elsewhere a no-op.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The process id in a temporary's name, if it is one of ours.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TEMP_PREFIX)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// True unless the process is known to have gone. On Linux, `/proc` tells; elsewhere
/// a temporary is taken as abandoned once it is an hour old.
fn alive(pid: u32, modified: Option<std::time::SystemTime>) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let proc_root = Path::new("/proc/self");
    if proc_root.exists() {
        return Path::new("/proc").join(pid.to_string()).exists();
    }
    modified
        .and_then(|m| m.elapsed().ok())
        .is_none_or(|age| age.as_secs() < 3600)
}

/// Finishes what killed runs left in `dir`: a journal puts the previous files back
/// (undoing renames that happened), then that run's temporaries are removed. Files
/// of running processes are left alone.
pub fn recover(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<(String, Option<std::time::SystemTime>)> = entries
        .flatten()
        .map(|e| {
            let m = e.metadata().ok().and_then(|m| m.modified().ok());
            (e.file_name().to_string_lossy().into_owned(), m)
        })
        .filter(|(n, _)| n.starts_with(TEMP_PREFIX))
        .collect();
    // journals first: they need the backups and temporaries they name
    names.sort_by_key(|(n, _)| !n.ends_with(".journal"));
    for (name, modified) in names {
        let Some(pid) = temp_pid(&name) else { continue };
        if alive(pid, modified) {
            continue;
        }
        let path = dir.join(&name);
        if name.ends_with(".journal") {
            if let Ok(text) = std::fs::read_to_string(&path) {
                roll_back(dir, &text);
            }
        }
        remove_any(&path);
    }
}

/// Undoes a killed run's renames from its journal (`target TAB backup TAB temp`).
fn roll_back(dir: &Path, journal: &str) {
    for line in journal.lines() {
        let mut cols = line.split('\t');
        let (Some(target), Some(backup), Some(temp)) = (cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        // names only: a journal never points outside its folder
        if [target, backup, temp]
            .iter()
            .any(|n| n.contains(['/', '\\']) || *n == "..")
        {
            continue;
        }
        let target = dir.join(target);
        let temp_exists = dir.join(temp).exists();
        if !backup.is_empty() && dir.join(backup).exists() {
            let _ = std::fs::rename(dir.join(backup), &target);
        } else if backup.is_empty() && !temp_exists && !temp.is_empty() {
            // the target did not exist before this run and its new file was renamed in
            let _ = std::fs::remove_file(&target);
        }
    }
    sync_dir(dir);
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    let prefix = temp_prefix();
    builder.prefix(&prefix).suffix(".tmp");
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

    fn set(names: &[&str], text: &str) -> Vec<OutputFile> {
        names
            .iter()
            .map(|n| OutputFile {
                name: (*n).to_owned(),
                bytes: format!("{text} {n}").into_bytes(),
            })
            .collect()
    }

    fn listing(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failing_set_leaves_the_previous_one_whole() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["a.geojson", "a.kml", "a.png"];
        write_all(dir.path(), &set(&names, "old"), false).unwrap();
        // one target is now a directory: nothing may change
        std::fs::create_dir(dir.path().join("b.kml")).unwrap();
        let mut bad = set(&names, "new");
        bad.push(OutputFile {
            name: "b.kml".into(),
            bytes: b"x".to_vec(),
        });
        assert!(write_all(dir.path(), &bad, false).is_err());
        for n in names {
            let text = std::fs::read_to_string(dir.path().join(n)).unwrap();
            assert_eq!(text, format!("old {n}"));
        }
        assert_eq!(
            listing(dir.path()),
            ["a.geojson", "a.kml", "a.png", "b.kml"]
        );
        write_all(dir.path(), &set(&names, "new"), false).unwrap();
        let text = std::fs::read_to_string(dir.path().join("a.kml")).unwrap();
        assert_eq!(text, "new a.kml");
        assert_eq!(
            listing(dir.path()),
            ["a.geojson", "a.kml", "a.png", "b.kml"]
        );
    }

    #[test]
    fn a_killed_runs_journal_is_rolled_back_by_the_next_run() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        // what a run killed between its renames leaves: a.kml replaced (old kept as a
        // backup), b.kml new (absent before), c.kml not yet renamed
        let dead = 4_000_000_000u32; // no such process
        std::fs::write(d.join("a.kml"), "new a").unwrap();
        std::fs::write(d.join(format!(".shipmap-{dead}-0-1.bak")), "old a").unwrap();
        std::fs::write(d.join("b.kml"), "new b").unwrap();
        std::fs::write(d.join("c.kml"), "old c").unwrap();
        std::fs::write(d.join(format!(".shipmap-{dead}-2-3.bak")), "old c").unwrap();
        std::fs::write(d.join(format!(".shipmap-{dead}-2-4.tmp")), "new c").unwrap();
        std::fs::create_dir(d.join(format!(".shipmap-{dead}-gpkg.d"))).unwrap();
        std::fs::write(
            d.join(format!(".shipmap-{dead}.journal")),
            format!(
                "a.kml\t.shipmap-{dead}-0-1.bak\t.shipmap-{dead}-0-0.tmp\n\
                 b.kml\t\t.shipmap-{dead}-1-2.tmp\n\
                 c.kml\t.shipmap-{dead}-2-3.bak\t.shipmap-{dead}-2-4.tmp\n"
            ),
        )
        .unwrap();
        // a running process's temporaries are left alone
        let mine = format!(".shipmap-{}-9-9.tmp", std::process::id());
        std::fs::write(d.join(&mine), "busy").unwrap();
        recover(d);
        assert_eq!(std::fs::read_to_string(d.join("a.kml")).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(d.join("c.kml")).unwrap(), "old c");
        assert_eq!(listing(d), [mine.as_str(), "a.kml", "c.kml"]);
    }
}
