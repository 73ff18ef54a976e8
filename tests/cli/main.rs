//! The integration tests of the `icigraph` package, one binary: each module
//! covers one area, through the binary (`common::Test`, `common::icigraph`)
//! or through the engine library. Shared helpers live in `common`; fixtures
//! in `tests/fixtures/`; insta goldens in `tests/snapshots/`.
//!
//! To add tests for a new area, add a file here and a `mod` line below.

mod architecture;
mod common;

mod data_coverage;
mod data_curation;
mod data_model_doc;
mod dot;
mod figures;
mod foundation;
mod generate;
mod golink;
mod interchange;
mod open_folders;
mod pairs;
mod paths;
mod progress;
mod queries;
mod query_call;
mod query_cli;
mod query_counts;
mod query_paths;
mod query_plan;
mod query_rewrites;
mod query_writes;
mod reliability;
mod saved_queries;
mod serve;
mod shell;
mod shell_tty;
mod snapshot;
mod temporal;
mod trust;
mod writes;
