#!/usr/bin/env bash
# A short deterministic run of every fuzz target in fuzz/ (seed corpus from
# the TCK in ../shared/tck, the saved queries, the fixtures and the shipped
# data, then fixed-seed mutations): a few seconds once built. It builds on
# stable; real fuzzing needs nightly and cargo-fuzz:
#   cargo install cargo-fuzz
#   cd fuzz && cargo +nightly fuzz run query --features libfuzzer -- -max_total_time=600
set -euo pipefail
cd "$(dirname "$0")/../.."
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}" cargo test --manifest-path fuzz/Cargo.toml
