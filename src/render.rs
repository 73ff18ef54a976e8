//! Pictures from a [`Drawing`]: Graphviz `dot` (through graphviz-rust's exec)
//! when it is installed, otherwise the pure-Rust `layout-rs` layout for SVG
//! and `resvg` for PNG, so a user always gets a picture.

use std::fs;
use std::path::{Path, PathBuf};

use graphviz_rust::cmd::{CommandArg, Format as DotFormat};
use graphviz_rust::printer::PrinterContext;
use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;
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
        "the built-in layout does not keep a cluster's nodes together (its boxes may overlap); Graphviz gives the full figure"
            .to_owned(),
    );
    let svg = builtin_svg(drawing)?;
    let (path, bytes) = match format {
        ImageFormat::Svg => (path.to_owned(), svg.into_bytes()),
        ImageFormat::Png => (path.to_owned(), png(&svg)?),
        ImageFormat::Pdf => {
            let svg_path = path.with_extension("svg");
            notes.push(format!(
                "PDF needs Graphviz; wrote SVG to {} instead",
                svg_path.display()
            ));
            (svg_path, svg.into_bytes())
        }
    };
    write(&path, &bytes)?;
    Ok(Rendered {
        path,
        graphviz: false,
        notes,
    })
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), RenderError> {
    fs::write(path, bytes).map_err(|source| RenderError::Write {
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

/// Lays the drawing out with layout-rs and returns SVG text. layout-rs has no
/// clusters or HTML labels: nodes, edges, colours and a legend are kept.
pub fn builtin_svg(drawing: &Drawing) -> Result<String, RenderError> {
    let orientation = match drawing.rankdir.as_str() {
        "LR" | "RL" => Orientation::LeftToRight,
        _ => Orientation::TopToBottom,
    };
    let mut graph = VisualGraph::new(orientation);
    let handles: Vec<_> = drawing
        .nodes
        .iter()
        .map(|n| {
            let shape = shape(&n.shape, &n.label);
            graph.add_node(element(
                shape,
                &n.border,
                Some(&n.fill),
                n.penwidth,
                orientation,
            ))
        })
        .collect();
    for e in &drawing.edges {
        let (from, to) = (handles[e.from], handles[e.to]);
        graph.add_edge(arrow(&e.label, &e.color, &e.style, e.penwidth), from, to);
    }
    // layout-rs asserts on shapes of graphs it cannot handle; a panic there
    // must become an error message, not a crash of the command.
    let laid_out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
        let mut svg = SVGWriter::new();
        graph.do_it(false, false, false, &mut svg);
        svg.finalize()
    }));
    let svg = laid_out.map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "internal error".to_owned());
        RenderError::Layout(message)
    })?;
    Ok(finish(drawing, &svg))
}

/// Markers for the arrowheads the schema names, keyed by Graphviz name.
const MARKERS: &str = r##"<marker id="head-tee" markerWidth="4" markerHeight="12" refX="3" refY="6" orient="auto"><rect x="0" y="0" width="3" height="12" fill="context-stroke"/></marker><marker id="head-empty" markerWidth="11" markerHeight="8" refX="10" refY="4" orient="auto"><polygon points="0 0, 10 4, 0 8" fill="white" stroke="context-stroke"/></marker><marker id="head-vee" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto"><polyline points="0 0, 9 4, 0 8" fill="none" stroke="context-stroke" stroke-width="1.5"/></marker>"##;

fn marker(arrowhead: &str) -> &'static str {
    match arrowhead {
        "tee" => "url(#head-tee)",
        "empty" | "onormal" => "url(#head-empty)",
        "vee" | "open" => "url(#head-vee)",
        "none" => "none",
        _ => "url(#endarrow)",
    }
}

/// Turns layout-rs's picture into a finished figure: arrowheads by polarity,
/// a pale box behind each cluster's nodes, and one title-and-legend block
/// beside the graph instead of legend keys scattered among the nodes.
fn finish(drawing: &Drawing, svg: &str) -> String {
    let open_end = svg
        .find("<svg")
        .and_then(|at| svg[at..].find('>').map(|i| at + i + 1));
    let (Some(open_end), Some(close)) = (open_end, svg.rfind("</svg>")) else {
        return svg.to_owned();
    };
    let head = &svg[..open_end];
    let number = |name: &str| -> f32 {
        head.split(&format!("{name}=\"")[..])
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0)
    };
    let (width, height) = (number("width"), number("height"));
    let mut body = svg[open_end..close].to_owned();
    // Edges are written in the order they were added, as `id="arrowN"`.
    for (i, edge) in drawing.edges.iter().enumerate() {
        let id = format!("id=\"arrow{i}\"");
        if let Some(at) = body.find(&id)
            && let Some(rel) = body[at..].find("marker-end=\"url(#endarrow)\"")
        {
            let start = at + rel;
            let end = start + "marker-end=\"url(#endarrow)\"".len();
            body.replace_range(
                start..end,
                &format!("marker-end=\"{}\"", marker(&edge.arrowhead)),
            );
        }
    }
    let boxes = cluster_boxes(drawing, &body);
    let body = match body.find("</style>") {
        Some(i) => format!("{}{boxes}{}", &body[..i + 8], &body[i + 8..]),
        None => format!("{boxes}{body}"),
    };

    // The title and legend block, above the graph.
    let font = "font-family=\"DejaVu Sans, Helvetica, sans-serif\"";
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut top = String::new();
    let mut y = 24.0;
    if !drawing.title.trim().is_empty() {
        top.push_str(&format!(
            "<text x=\"16\" y=\"{y}\" font-size=\"18\" font-weight=\"bold\" {font}>{}</text>",
            esc(drawing.title.trim())
        ));
        y += 20.0;
    }
    for line in icigraph_engine::export::drawing::wrap(drawing.caption.trim(), 120).lines() {
        top.push_str(&format!(
            "<text x=\"16\" y=\"{y}\" font-size=\"12\" {font}>{}</text>",
            esc(line)
        ));
        y += 16.0;
    }
    let legend_top = y + 6.0;
    let mut x = 24.0;
    let mut row_y = legend_top + 32.0;
    let mut legend = String::new();
    let row_width = width.max(900.0) - 24.0;
    for (name, look) in &drawing.legend.categories {
        let w = 24.0 + 7.0 * name.chars().count() as f32 + 18.0;
        if x + w > row_width {
            x = 24.0;
            row_y += 24.0;
        }
        legend.push_str(&format!(
            "<rect x=\"{x}\" y=\"{}\" width=\"18\" height=\"12\" rx=\"3\" fill=\"{}\" stroke=\"#424242\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" {font}>{}</text>",
            row_y - 10.0,
            look.fill,
            x + 24.0,
            row_y,
            esc(name)
        ));
        x += w;
    }
    x = 24.0;
    row_y += 24.0;
    for look in &drawing.legend.polarities {
        let w = 60.0 + 7.0 * look.legend.chars().count() as f32 + 18.0;
        if x + w > row_width {
            x = 24.0;
            row_y += 24.0;
        }
        let dash = if look.style == "dashed" || look.style == "dotted" {
            " stroke-dasharray=\"5,5\""
        } else {
            ""
        };
        legend.push_str(&format!(
            "<path d=\"M {x} {ly} L {} {ly}\" stroke=\"{}\" stroke-width=\"1.5\"{dash} marker-end=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" {font}>{}</text>",
            x + 44.0,
            look.color,
            marker(&look.arrowhead),
            x + 54.0,
            row_y,
            esc(&look.legend),
            ly = row_y - 4.0,
        ));
        x += w;
    }
    let legend_height = row_y - legend_top + 12.0;
    let block = if drawing.legend.categories.is_empty() && drawing.legend.polarities.is_empty() {
        String::new()
    } else {
        format!(
            "<rect x=\"12\" y=\"{legend_top}\" width=\"{}\" height=\"{legend_height}\" rx=\"6\" fill=\"white\" stroke=\"#bdbdbd\"/><text x=\"20\" y=\"{}\" font-size=\"11\" font-weight=\"bold\" {font}>Legend</text>{legend}",
            row_width,
            legend_top + 12.0
        )
    };
    let offset = legend_top + legend_height + 12.0;
    let total_w = width.max(row_width + 24.0);
    let total_h = height + offset;
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?><svg width=\"{total_w}\" height=\"{total_h}\" viewBox=\"0 0 {total_w} {total_h}\" xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"100%\" height=\"100%\" fill=\"white\"/><defs>{MARKERS}</defs>{top}{block}<g transform=\"translate(0 {offset})\">{body}</g></svg>"
    )
}

/// A rounded box behind the nodes of each cluster, from the node shapes
/// layout-rs wrote (in the order the nodes were added).
fn cluster_boxes(drawing: &Drawing, body: &str) -> String {
    let value = |tag: &str, name: &str| -> Option<f32> {
        tag.split(&format!(" {name}=\"")[..])
            .nth(1)?
            .split('"')
            .next()?
            .parse()
            .ok()
    };
    let mut frames: Vec<(f32, f32, f32, f32)> = Vec::new();
    let mut rest = body;
    while frames.len() < drawing.nodes.len() {
        let e = rest.find("<ellipse ");
        let r = rest.find("<rect ");
        let at = match (e, r) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => break,
        };
        let end = rest[at..].find('>').map_or(rest.len(), |i| at + i);
        let tag = &rest[at..end];
        let frame = if tag.starts_with("<ellipse") {
            value(tag, "cx")
                .zip(value(tag, "cy"))
                .zip(value(tag, "rx").zip(value(tag, "ry")))
                .map(|((cx, cy), (rx, ry))| (cx - rx, cy - ry, cx + rx, cy + ry))
        } else {
            value(tag, "x")
                .zip(value(tag, "y"))
                .zip(value(tag, "width").zip(value(tag, "height")))
                .map(|((x, y), (w, h))| (x, y, x + w, y + h))
        };
        frames.push(frame.unwrap_or_default());
        rest = &rest[end..];
    }
    if frames.len() < drawing.nodes.len() {
        return String::new();
    }
    const FILLS: &[&str] = &["#f1f6fb", "#fdf5ea", "#f2f9f1", "#f9f1f8", "#f5f5f5"];
    let mut out = String::new();
    for (c, name) in drawing.clusters.iter().enumerate() {
        let members: Vec<&(f32, f32, f32, f32)> = drawing
            .nodes
            .iter()
            .zip(&frames)
            .filter(|(n, _)| n.cluster == Some(c))
            .map(|(_, f)| f)
            .collect();
        if members.is_empty() {
            continue;
        }
        let pad = 10.0;
        let x0 = members.iter().map(|f| f.0).fold(f32::MAX, f32::min) - pad;
        let y0 = members.iter().map(|f| f.1).fold(f32::MAX, f32::min) - pad - 14.0;
        let x1 = members.iter().map(|f| f.2).fold(f32::MIN, f32::max) + pad;
        let y1 = members.iter().map(|f| f.3).fold(f32::MIN, f32::max) + pad;
        let label = name
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        out.push_str(&format!(
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{}\" fill-opacity=\"0.8\" stroke=\"#9e9e9e\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" font-family=\"DejaVu Sans, Helvetica, sans-serif\" fill=\"#424242\">{label}</text>",
            x1 - x0,
            y1 - y0,
            FILLS[c % FILLS.len()],
            x0 + 6.0,
            y0 + 13.0
        ));
    }
    out
}

fn shape(shape: &str, label: &str) -> ShapeKind {
    match shape {
        "ellipse" | "oval" | "circle" | "doublecircle" => ShapeKind::new_circle(label),
        _ => ShapeKind::new_box(label),
    }
}

fn element(
    shape: ShapeKind,
    border: &str,
    fill: Option<&str>,
    width: f32,
    orientation: Orientation,
) -> Element {
    const FONT: usize = 13;
    let dir = orientation.flip();
    let rounded = if matches!(shape, ShapeKind::Box(_)) {
        6
    } else {
        0
    };
    let size = get_shape_size(dir, &shape, FONT, false);
    let look = StyleAttr::new(
        Color::fast(border),
        width.round().max(1.0) as usize,
        fill.map(Color::fast),
        rounded,
        FONT,
    );
    Element::create(shape, look, dir, size)
}

fn arrow(label: &str, color: &str, style: &str, width: f32) -> Arrow {
    let line = if style == "dashed" || style == "dotted" {
        LineStyleKind::Dashed
    } else {
        LineStyleKind::Normal
    };
    let look = StyleAttr::new(
        Color::fast(color),
        width.round().max(1.0) as usize,
        None,
        0,
        11,
    );
    Arrow::new(
        LineEndKind::None,
        LineEndKind::Arrow,
        line,
        label,
        &look,
        &None,
        &None,
    )
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
