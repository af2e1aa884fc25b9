//! Lists the translation files under `locales/` so that the binary embeds
//! every one of them: each language folder contains Fluent files
//! (`locales/LANG/*.ftl`), and adding a file needs no code change.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut code = String::new();
    for language in ["en", "fr"] {
        let folder = root.join(language);
        let mut files: Vec<_> = fs::read_dir(&folder)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", folder.display()))
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
            .collect();
        files.sort();
        let _ = writeln!(
            code,
            "pub const {}: &[(&str, &str)] = &[",
            language.to_uppercase()
        );
        for path in files {
            let name = path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned());
            let _ = writeln!(
                code,
                "    ({:?}, include_str!({:?})),",
                format!("{language}/{}", name.unwrap_or_default()),
                path.display().to_string()
            );
        }
        let _ = writeln!(code, "];");
    }
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    fs::write(&out, code).unwrap_or_else(|error| panic!("cannot write {}: {error}", out.display()));
}
