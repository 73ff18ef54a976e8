//! Bundles the page's graph-drawing library (cytoscape.js, installed from npm
//! by `npm ci --prefix web` with the committed lockfile) into the binary when
//! it is there. Without it an empty file is embedded, so every other command
//! still builds on a machine with only Rust; `icigraph serve` then says how to
//! get the library.

use std::path::PathBuf;

fn main() {
    let bundle = "web/node_modules/cytoscape/dist/cytoscape.min.js";
    println!("cargo:rerun-if-changed={bundle}");
    // Written by every `npm ci`, so a fresh install is seen even when the
    // library file itself keeps an old timestamp.
    println!("cargo:rerun-if-changed=web/node_modules/.package-lock.json");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("cytoscape.min.js");
    let bytes = std::fs::read(bundle).unwrap_or_default();
    // Rewriting the same bytes would make cargo rebuild the crate every time.
    if std::fs::read(&out).ok().as_deref() != Some(bytes.as_slice()) {
        std::fs::write(&out, bytes).expect("OUT_DIR is writable");
    }
}
