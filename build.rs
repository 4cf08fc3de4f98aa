//! Embeds the rule catalogue (`policies/<family>/<id>.yaml`) in the binary,
//! so that `rules`, `explain` and every report read the same text.

use std::{env, fs, path::Path};

fn main() {
    // Read at run time: `env!` would freeze the directory the build script
    // was compiled in, and a target directory shared by several checkouts
    // (git worktrees) would embed another checkout's catalogue.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join("policies");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut entries = Vec::new();
    for family in sorted_dir(&root) {
        println!("cargo:rerun-if-changed={}", family.display());
        if !family.is_dir() {
            continue;
        }
        for file in sorted_dir(&family) {
            if file.extension().is_some_and(|e| e == "yaml") {
                entries.push(file);
            }
        }
    }
    let mut code = String::from("pub static CATALOGUE_SOURCES: &[(&str, &str)] = &[\n");
    for file in entries {
        let relative = file.strip_prefix(&manifest_dir).unwrap_or(&file);
        code.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            relative.display().to_string(),
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("catalogue.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}

fn sorted_dir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut paths: Vec<_> = fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.sort();
    paths
}
