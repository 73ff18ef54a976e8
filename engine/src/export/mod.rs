//! Output formats for whole graphs, subsets and results.
//!
//! Interchange formats (KGX, GraphML, Cytoscape, Neo4j, Kùzu, Parquet) each live in
//! one module, write a [`Subset`] and name their files through [`Files`], so
//! where and how files are created (refusing to overwrite, temporary name
//! then rename) is decided by the front end once for all of them.

pub mod columns;
pub mod cytoscape;
pub mod dot;
pub mod drawing;
pub mod graphml;
pub mod json;
pub mod kgx;
pub mod kuzu;
pub mod neo4j;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod style;
pub mod subset;
pub mod table;

pub use drawing::{DrawError, Drawing, Emphasis};
pub use style::Style;
pub use subset::Subset;
pub use table::{Table, TableError};

use std::io::{self, Write};

/// Where a format writes its files: `write(name, body)` creates the file
/// `name` (which may contain `/` for a sub-folder) and lets `body` fill it.
pub trait Files {
    fn write(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()>;
}
