//! The `rust-version` in Cargo.toml is the real minimum: no crate in Cargo.lock asks
//! for a newer compiler. Only one toolchain can be installed on the machines this is
//! built on, so this checks the dependency tree's own declarations (read from the
//! sources cargo unpacked for this build) instead of compiling with an old rustc;
//! clippy's `incompatible_msrv` lint checks our own use of std against the same value.

use std::path::{Path, PathBuf};

/// `1.88` and `1.88.0` are the same version: missing parts count as zero.
fn version_key(v: &str) -> [u32; 3] {
    let mut key = [0; 3];
    for (slot, part) in key.iter_mut().zip(v.split('.')) {
        *slot = part.parse().unwrap_or(0);
    }
    key
}

fn registry_sources() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
        .expect("CARGO_HOME or HOME is set under cargo test");
    let src = home.join("registry").join("src");
    std::fs::read_dir(&src)
        .map(|dirs| dirs.filter_map(|d| d.ok().map(|d| d.path())).collect())
        .unwrap_or_default()
}

#[test]
fn no_locked_crate_needs_a_newer_rust_than_rust_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let msrv = manifest["package"]["rust-version"]
        .as_str()
        .unwrap()
        .to_owned();
    let lock: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.lock")).unwrap()).unwrap();
    let sources = registry_sources();
    let mut checked = 0;
    let mut too_new = Vec::new();
    for pkg in lock["package"].as_array().unwrap() {
        let (name, version) = (
            pkg["name"].as_str().unwrap(),
            pkg["version"].as_str().unwrap(),
        );
        if pkg.get("source").is_none() {
            continue; // shipmap itself
        }
        // Crates for other platforms (windows-sys...) are never unpacked here, and
        // never compiled here either.
        let Some(dir) = sources
            .iter()
            .map(|s| s.join(format!("{name}-{version}")))
            .find(|d| d.join("Cargo.toml").is_file())
        else {
            continue;
        };
        let text = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        checked += 1;
        if let Some(rv) = table
            .get("package")
            .and_then(|p| p.get("rust-version"))
            .and_then(|v| v.as_str())
        {
            if version_key(rv) > version_key(&msrv) {
                too_new.push(format!("{name} {version} needs {rv}"));
            }
        }
    }
    assert!(checked > 50, "only {checked} locked crates found unpacked");
    assert!(
        too_new.is_empty(),
        "rust-version {msrv} is below what the lock file needs: {too_new:?}"
    );
}

#[test]
fn version_keys_compare_numerically() {
    assert!(version_key("1.88") > version_key("1.80"));
    assert_eq!(version_key("1.88.0"), version_key("1.88"));
    assert!(version_key("1.88.1") > version_key("1.88"));
    assert!(version_key("1.100") > version_key("1.99"));
}
