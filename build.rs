//! Bundles the page's graph-drawing library (cytoscape.js, installed from npm
//! by `npm ci --prefix web` with the committed lockfile) into the binary when
//! it is there. Without it an empty file is embedded, so every other command
//! still builds on a machine with only Rust; `icigraph serve` then says how to
//! get the library.

use std::path::PathBuf;

fn main() {
    let bundle = "web/node_modules/cytoscape/dist/cytoscape.min.js";
    println!("cargo:rerun-if-changed={bundle}");
    println!("cargo:rerun-if-changed=web/package-lock.json");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("cytoscape.min.js");
    let bytes = std::fs::read(bundle).unwrap_or_default();
    std::fs::write(&out, bytes).expect("OUT_DIR is writable");
}
