//! Output formats for whole graphs and results.

pub mod json;
