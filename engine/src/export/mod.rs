//! Output formats for whole graphs and results.

pub mod dot;
pub mod drawing;
pub mod json;
pub mod style;

pub use drawing::{DrawError, Drawing, Emphasis, Frame};
pub use style::Style;
