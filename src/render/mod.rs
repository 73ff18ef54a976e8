//! Pictures from a [`Drawing`]: Graphviz `dot` (through graphviz-rust's exec)
//! when it is installed, otherwise the built-in layout ([`builtin`], on
//! layout-rs) for SVG and `resvg` for PNG, so a user always gets a picture.

pub mod builtin;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use graphviz_rust::cmd::{CommandArg, Format as DotFormat};
use graphviz_rust::printer::PrinterContext;
use resvg::{tiny_skia, usvg};

use icigraph_engine::export::dot;
use icigraph_engine::export::drawing::Drawing;

/// Pixels per SVG unit for PNG output, so a slide stays sharp.
const PNG_SCALE: f32 = 2.0;
const PNG_DPI: u32 = 144;

/// What to write, from the output file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
    Pdf,
}

impl ImageFormat {
    pub fn from_path(path: &Path) -> Option<ImageFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(ImageFormat::Svg),
            "png" => Some(ImageFormat::Png),
            "pdf" => Some(ImageFormat::Pdf),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
            ImageFormat::Pdf => "pdf",
        }
    }
}

/// Which layout engine to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Engine {
    /// Graphviz when `dot` is on PATH, else the built-in layout.
    #[default]
    Auto,
    /// Graphviz only; an error when it is missing.
    Graphviz,
    /// The built-in layout even when Graphviz is installed.
    Builtin,
}

/// What was written and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub path: PathBuf,
    pub graphviz: bool,
    /// Things the user should know (fallback used, features lost).
    pub notes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(
        "cannot tell the picture format of {path}: name the file .svg, .png or .pdf (or use `export dot` for DOT text)"
    )]
    UnknownFormat { path: String },
    #[error(
        "Graphviz `dot` was not found on PATH; install it with `apt-get install graphviz` (Debian/Ubuntu) or drop --engine graphviz to use the built-in layout"
    )]
    NoGraphviz,
    #[error("Graphviz failed: {0}")]
    Graphviz(String),
    #[error("the built-in layout failed on this graph: {0}")]
    Layout(String),
    #[error("cannot rasterise the SVG: {0}")]
    Raster(String),
    #[error(
        "cannot write {path}: the built-in layout draws SVG and PNG only; install Graphviz (apt-get install graphviz) for PDF, or name the file .svg or .png"
    )]
    PdfNeedsGraphviz { path: String },
    #[error("cannot write {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Whether Graphviz's `dot` program is on PATH.
pub fn graphviz_available() -> bool {
    let Some(paths) = std::env::var_os("PATH") else {
        return false;
    };
    std::env::split_paths(&paths).any(|dir| {
        let candidate = dir.join(if cfg!(windows) { "dot.exe" } else { "dot" });
        candidate.is_file()
    })
}

/// Writes `drawing` to `path` in the format its extension names.
pub fn render(drawing: &Drawing, path: &Path, engine: Engine) -> Result<Rendered, RenderError> {
    let format = ImageFormat::from_path(path).ok_or_else(|| RenderError::UnknownFormat {
        path: path.display().to_string(),
    })?;
    let use_graphviz = match engine {
        Engine::Builtin => false,
        Engine::Graphviz if !graphviz_available() => return Err(RenderError::NoGraphviz),
        Engine::Graphviz => true,
        Engine::Auto => graphviz_available(),
    };
    if use_graphviz {
        let bytes = graphviz(drawing, format)?;
        write(path, &bytes)?;
        return Ok(Rendered {
            path: path.to_owned(),
            graphviz: true,
            notes: Vec::new(),
        });
    }
    let mut notes = Vec::new();
    if engine == Engine::Auto {
        notes.push(
            "Graphviz `dot` is not installed (apt-get install graphviz); drawn with the built-in layout instead"
                .to_owned(),
        );
    }
    notes.push(
        "the built-in layout draws edges between boxes straight and leaves labels it cannot place to the tooltips; Graphviz routes them"
            .to_owned(),
    );
    let svg = builtin_svg(drawing)?;
    let (path, bytes) = match format {
        ImageFormat::Svg => (path.to_owned(), svg.into_bytes()),
        ImageFormat::Png => (path.to_owned(), png(&svg)?),
        ImageFormat::Pdf => {
            return Err(RenderError::PdfNeedsGraphviz {
                path: path.display().to_string(),
            });
        }
    };
    write(&path, &bytes)?;
    Ok(Rendered {
        path,
        graphviz: false,
        notes,
    })
}

/// Writes a target the caller has checked (`cli::target`), never through a
/// symbolic link and keeping an existing file's permissions and links.
fn write(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    crate::cli::target::open(path)
        .and_then(|mut file| file.write_all(bytes))
        .map_err(|source| RenderError::Write {
            path: path.display().to_string(),
            source,
        })
}

/// Runs `dot` on the drawing and returns the picture's bytes.
pub fn graphviz(drawing: &Drawing, format: ImageFormat) -> Result<Vec<u8>, RenderError> {
    let mut args: Vec<CommandArg> = vec![
        match format {
            ImageFormat::Svg => DotFormat::Svg,
            ImageFormat::Png => DotFormat::Png,
            ImageFormat::Pdf => DotFormat::Pdf,
        }
        .into(),
    ];
    if format == ImageFormat::Png {
        args.push(CommandArg::Custom(format!("-Gdpi={PNG_DPI}")));
    }
    graphviz_rust::exec(dot::to_graph(drawing), &mut PrinterContext::default(), args)
        .map_err(|err| RenderError::Graphviz(err.to_string().trim().to_owned()))
}

/// Rasterises an SVG document to PNG with resvg, using the system's fonts.
pub fn png(svg: &str) -> Result<Vec<u8>, RenderError> {
    let mut options = usvg::Options::default();
    let fonts = options.fontdb_mut();
    fonts.load_system_fonts();
    // Generic families (`serif`, `sans-serif`) default to fonts most Linux
    // machines lack; point them at a family that is installed.
    if let Some(family) = installed_family(fonts) {
        fonts.set_serif_family(family.clone());
        fonts.set_sans_serif_family(family.clone());
        options.font_family = family;
    }
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| RenderError::Raster(e.to_string()))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(PNG_SCALE)
        .ok_or_else(|| RenderError::Raster("the picture is too large".into()))?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| RenderError::Raster("the picture is too large".into()))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| RenderError::Raster(e.to_string()))
}

/// A sans-serif family present on this machine, preferring common ones.
fn installed_family(fonts: &usvg::fontdb::Database) -> Option<String> {
    let families: Vec<String> = fonts
        .faces()
        .flat_map(|face| face.families.iter().map(|(name, _)| name.clone()))
        .collect();
    [
        "DejaVu Sans",
        "Liberation Sans",
        "Noto Sans",
        "Arial",
        "Helvetica",
    ]
    .iter()
    .find(|want| families.iter().any(|f| f == *want))
    .map(|s| (*s).to_owned())
    .or_else(|| families.first().cloned())
}

/// Lays the drawing out with the built-in layout and returns SVG text.
pub fn builtin_svg(drawing: &Drawing) -> Result<String, RenderError> {
    builtin::svg(drawing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_come_from_extensions() {
        assert_eq!(
            ImageFormat::from_path(Path::new("a/fig1.SVG")),
            Some(ImageFormat::Svg)
        );
        assert_eq!(
            ImageFormat::from_path(Path::new("x.png")),
            Some(ImageFormat::Png)
        );
        assert_eq!(ImageFormat::from_path(Path::new("x.dot")), None);
        assert_eq!(ImageFormat::from_path(Path::new("noext")), None);
    }
}
