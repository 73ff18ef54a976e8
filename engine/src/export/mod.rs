//! Output formats for whole graphs and results.

pub mod dot;
pub mod drawing;
pub mod json;
pub mod style;
pub mod table;

pub use drawing::{DrawError, Drawing, Emphasis, Frame};
pub use style::Style;
pub use table::{Table, TableError};
