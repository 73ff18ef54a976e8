//! `render`: figure views and neighbourhoods as SVG, PNG or PDF files.

use std::io::Write;

use super::args::{EngineKind, ImageKind, Render};
use super::browse::{NeighborWalk, neighbor_filter};
use crate::error::Error;
use crate::render::{self, Engine, Rendered};
use icigraph_engine::export::{Drawing, Style};
use icigraph_engine::graph::Graph;
use icigraph_engine::neighborhood::{NeighborFilter, neighborhood};

pub fn render(graph: &Graph, args: &Render, out: &mut dyn Write) -> Result<(), Error> {
    let style = Style::from_schema(graph.schema());
    let engine = match args.engine {
        EngineKind::Auto => Engine::Auto,
        EngineKind::Graphviz => Engine::Graphviz,
        EngineKind::Builtin => Engine::Builtin,
    };
    if args.all_figures {
        return all_figures(graph, &style, args, engine, out);
    }
    let drawing = if let Some(view) = &args.figure {
        Drawing::figure(graph, view, &style)?
    } else if let Some(name) = &args.neighbors {
        let ix = graph.resolve(name)?;
        let filter: NeighborFilter = neighbor_filter(
            graph,
            &NeighborWalk {
                categories: &[],
                predicates: &[],
                directed: false,
            },
        )?;
        let hood = neighborhood(graph, ix, args.depth, &filter);
        Drawing::neighborhood_within(graph, &hood, &style, args.budget, &args.expand)?
    } else {
        return Err(Error::Usage(
            "say what to draw: --figure ID, --all-figures or --neighbors NAME".into(),
        ));
    };
    let rendered = render::render(&drawing, &args.output, engine)?;
    report(&rendered, out)
}

fn all_figures(
    graph: &Graph,
    style: &Style,
    args: &Render,
    engine: Engine,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let dir = &args.output;
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.display().to_string(),
        source,
    })?;
    let views = graph.schema().views();
    if views.is_empty() {
        return Err(icigraph_engine::export::DrawError::NoViews.into());
    }
    let ext = match args.image {
        ImageKind::Svg => "svg",
        ImageKind::Png => "png",
        ImageKind::Pdf => "pdf",
    };
    let mut notes_shown = false;
    for view in views {
        let drawing = Drawing::figure(graph, &view.id, style)?;
        let path = dir.join(format!("{}.{ext}", file_stem(&view.id)));
        let rendered = render::render(&drawing, &path, engine)?;
        // The same fallback notes apply to every view: say them once.
        if notes_shown {
            writeln!(out, "wrote {}", rendered.path.display())?;
        } else {
            report(&rendered, out)?;
            notes_shown = true;
        }
    }
    Ok(())
}

/// A view id made safe as a file name.
fn file_stem(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Says what was written, with any notes about the engine used; shared by
/// `icigraph render` and the shell's `:render`.
pub fn report(rendered: &Rendered, out: &mut dyn Write) -> Result<(), Error> {
    for note in &rendered.notes {
        eprintln!("note: {note}");
    }
    writeln!(
        out,
        "wrote {}{}",
        rendered.path.display(),
        if rendered.graphviz {
            " (Graphviz)"
        } else {
            " (built-in layout)"
        }
    )?;
    Ok(())
}
