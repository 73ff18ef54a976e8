//! The engine's layering, as ARCHITECTURE.md lists it, holds in the code:
//! a module imports only modules listed above it, so there are no import
//! cycles and a newcomer can read the crate top-down.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The engine's top-level modules in the order ARCHITECTURE.md lists them;
/// modules on one line (`detail.rs, stats.rs`) share a layer.
fn layers() -> HashMap<String, usize> {
    let doc = fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let start = doc
        .find("engine/src/ ")
        .expect("ARCHITECTURE.md lists engine/src/");
    let mut layers = HashMap::new();
    for (layer, line) in doc[start..]
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("src/"))
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .enumerate()
    {
        let head = line.trim_start().split("  ").next().unwrap();
        for word in head.split(',').map(str::trim) {
            let name = word.trim_end_matches(".rs").trim_end_matches('/');
            if !name.is_empty() && !name.contains(' ') {
                layers.insert(name.to_owned(), layer);
            }
        }
    }
    layers
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level modules a file names as `crate::x` or inside
/// `crate::{x, y::z}`, outside comments and test code.
fn uses(source: &str) -> Vec<String> {
    let code = source.split("#[cfg(test)]").next().unwrap();
    let code: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.push(ident(item.trim()));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            if !item.trim().is_empty() {
                found.push(ident(item.trim()));
            }
        } else {
            found.push(ident(rest));
        }
    }
    found
}

#[test]
fn engine_modules_import_only_modules_listed_above_them() {
    let layers = layers();
    for name in [
        "bytes", "graph", "walk", "path", "query", "export", "summary",
    ] {
        assert!(
            layers.contains_key(name),
            "{name} missing from ARCHITECTURE.md"
        );
    }
    let src = root().join("engine/src");
    let mut violations = Vec::new();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy()
            .trim_end_matches(".rs")
            .to_owned();
        if matches!(top.as_str(), "lib" | "agreement") || rel.ends_with("tests.rs") {
            continue;
        }
        let Some(&own) = layers.get(&top) else {
            violations.push(format!("{}: module `{top}` is not listed", rel.display()));
            continue;
        };
        let source = fs::read_to_string(&file).unwrap();
        for used in uses(&source) {
            if let Some(&layer) = layers.get(&used)
                && used != top
                && layer >= own
            {
                violations.push(format!("{} uses `{used}`, listed below it", rel.display()));
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

#[test]
fn the_import_reader_sees_grouped_and_nested_paths() {
    let found = uses(
        "use crate::{graph::{A, B}, schema};\nfn f() { crate::walk::x(); }\n// crate::query\n",
    );
    assert_eq!(found, ["graph", "schema", "walk"]);
}
