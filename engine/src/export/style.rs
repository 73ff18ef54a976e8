//! How categories and predicate polarities look in a drawing, read from the
//! schema (`categories.csv` shape and fill, `polarities.csv` colour, arrowhead
//! and line style), with checked values so a typo in the data never reaches
//! Graphviz as an unknown shape or colour.

use crate::schema::{CategoryId, Polarity, Schema};

/// Shapes Graphviz knows (its polygon shapes); anything else falls back to a box.
const SHAPES: &[&str] = &[
    "box",
    "rect",
    "rectangle",
    "square",
    "ellipse",
    "oval",
    "circle",
    "doublecircle",
    "diamond",
    "hexagon",
    "octagon",
    "parallelogram",
    "trapezium",
    "house",
    "invhouse",
    "triangle",
    "invtriangle",
    "pentagon",
    "septagon",
    "note",
    "tab",
    "folder",
    "box3d",
    "component",
    "cylinder",
    "underline",
    "plaintext",
    "plain",
    "cds",
    "star",
    "egg",
    "doubleoctagon",
    "tripleoctagon",
    "invtrapezium",
    "Mdiamond",
    "Msquare",
    "Mcircle",
    "larrow",
    "rarrow",
    "lpromoter",
    "rpromoter",
    "promoter",
    "signature",
];

/// Arrowheads Graphviz knows (the primitive shapes, optionally open).
const ARROWHEADS: &[&str] = &[
    "normal", "onormal", "inv", "oinv", "dot", "odot", "tee", "empty", "invempty", "diamond",
    "odiamond", "ediamond", "box", "obox", "open", "halfopen", "vee", "crow", "curve", "icurve",
    "none",
];

/// Line styles Graphviz knows for edges.
const LINE_STYLES: &[&str] = &["solid", "dashed", "dotted", "bold"];

const DEFAULT_SHAPE: &str = "box";
const DEFAULT_FILL: &str = "#eeeeee";

/// How nodes of one category are drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeLook {
    pub shape: String,
    /// `#rrggbb`.
    pub fill: String,
}

/// How edges of one polarity are drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeLook {
    pub polarity: Polarity,
    /// `#rrggbb`.
    pub color: String,
    pub arrowhead: String,
    pub style: String,
    /// Words for the legend.
    pub legend: String,
}

/// Every look a drawing needs, resolved once from a schema.
#[derive(Clone, Debug)]
pub struct Style {
    categories: Vec<NodeLook>,
    polarities: [EdgeLook; 4],
    /// Font family for every label.
    pub font: String,
    /// Node labels are wrapped to lines of about this many characters.
    pub wrap: usize,
}

impl Style {
    /// Looks from the schema; empty or unknown values get neutral defaults.
    pub fn from_schema(schema: &Schema) -> Style {
        let categories = schema
            .categories()
            .iter()
            .map(|c| NodeLook {
                shape: known(&c.shape, SHAPES).unwrap_or(DEFAULT_SHAPE).to_owned(),
                fill: hex_color(&c.fill).unwrap_or_else(|| DEFAULT_FILL.to_owned()),
            })
            .collect();
        let polarity = |polarity: Polarity| {
            let fallback = default_edge(polarity);
            match schema.polarity_style(polarity) {
                None => fallback,
                Some(s) => EdgeLook {
                    polarity,
                    color: hex_color(&s.color).unwrap_or(fallback.color),
                    arrowhead: known(&s.arrowhead, ARROWHEADS)
                        .map_or(fallback.arrowhead, str::to_owned),
                    style: known(&s.style, LINE_STYLES).map_or(fallback.style, str::to_owned),
                    legend: if s.legend.trim().is_empty() {
                        fallback.legend
                    } else {
                        s.legend.trim().to_owned()
                    },
                },
            }
        };
        Style {
            categories,
            polarities: [
                polarity(Polarity::Activating),
                polarity(Polarity::Inhibiting),
                polarity(Polarity::Associative),
                polarity(Polarity::Neutral),
            ],
            font: "Helvetica".to_owned(),
            wrap: 18,
        }
    }

    pub fn node(&self, category: CategoryId) -> NodeLook {
        self.categories
            .get(category.0 as usize)
            .cloned()
            .unwrap_or_else(|| NodeLook {
                shape: DEFAULT_SHAPE.to_owned(),
                fill: DEFAULT_FILL.to_owned(),
            })
    }

    pub fn edge(&self, polarity: Polarity) -> &EdgeLook {
        match polarity {
            Polarity::Activating => &self.polarities[0],
            Polarity::Inhibiting => &self.polarities[1],
            Polarity::Associative => &self.polarities[2],
            Polarity::Neutral => &self.polarities[3],
        }
    }
}

/// Built-in looks for graphs whose schema has no `polarities.csv` (plain CSV, KGX).
fn default_edge(polarity: Polarity) -> EdgeLook {
    let (color, arrowhead, style, legend) = match polarity {
        Polarity::Activating => ("#333333", "normal", "solid", "activates"),
        Polarity::Inhibiting => ("#333333", "tee", "solid", "inhibits"),
        Polarity::Associative => ("#777777", "vee", "dashed", "associated with"),
        Polarity::Neutral => ("#777777", "normal", "solid", "approved for / tested in"),
    };
    EdgeLook {
        polarity,
        color: color.to_owned(),
        arrowhead: arrowhead.to_owned(),
        style: style.to_owned(),
        legend: legend.to_owned(),
    }
}

fn known<'a>(value: &str, allowed: &[&'a str]) -> Option<&'a str> {
    let value = value.trim();
    allowed.iter().copied().find(|a| *a == value).or_else(|| {
        allowed
            .iter()
            .copied()
            .find(|a| a.eq_ignore_ascii_case(value))
    })
}

/// `#rgb` or `#rrggbb` as lower-case `#rrggbb`; anything else is refused, so
/// the fading arithmetic and both renderers always get a colour they read.
pub fn hex_color(value: &str) -> Option<String> {
    let hex = value.trim().strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    match hex.len() {
        6 => Some(format!("#{}", hex.to_ascii_lowercase())),
        3 => Some(
            hex.chars()
                .flat_map(|c| [c, c])
                .fold(String::from("#"), |mut s, c| {
                    s.push(c.to_ascii_lowercase());
                    s
                }),
        ),
        _ => None,
    }
}

/// Mixes a `#rrggbb` colour with white; `amount` 0 keeps it, 1 gives white.
/// Faded context stays recognisable by hue while the emphasised part stands out.
pub fn fade(color: &str, amount: f32) -> String {
    let Some(hex) = hex_color(color) else {
        return color.to_owned();
    };
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    let mix =
        |c: u8| (f32::from(c) + (255.0 - f32::from(c)) * amount.clamp(0.0, 1.0)).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(channel(1)),
        mix(channel(3)),
        mix(channel(5))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_checked_and_normalised() {
        assert_eq!(hex_color("#ABC").as_deref(), Some("#aabbcc"));
        assert_eq!(hex_color(" #1a2B3c ").as_deref(), Some("#1a2b3c"));
        assert_eq!(hex_color("red"), None);
        assert_eq!(hex_color("#12345g"), None);
    }

    #[test]
    fn fading_moves_towards_white() {
        assert_eq!(fade("#000000", 0.5), "#808080");
        assert_eq!(fade("#c62828", 0.0), "#c62828");
        assert_eq!(fade("#c62828", 1.0), "#ffffff");
    }

    #[test]
    fn unknown_values_fall_back() {
        assert_eq!(known("Hexagon", SHAPES), Some("hexagon"));
        assert_eq!(known("blob", SHAPES), None);
        let style = Style::from_schema(&Schema::closed());
        assert_eq!(style.node(CategoryId(7)).shape, "box");
        assert_eq!(style.edge(Polarity::Inhibiting).arrowhead, "tee");
    }
}
