//! Helpers shared by the integration tests that read the development corpora in ../shared.

use std::path::{Path, PathBuf};

/// The .eml files of `../shared/corpus/<name>`, sorted; None (with a SKIPPED message) when the
/// shared folder is absent, as on a user's clone.
pub fn corpus(name: &str) -> Option<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(name);
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!(
            "SKIPPED: {} is absent (the shared corpus is only on dev machines and CI)",
            dir.display()
        );
        return None;
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .collect();
    v.sort();
    Some(v)
}
