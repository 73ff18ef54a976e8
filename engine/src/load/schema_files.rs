//! Reads `schema/*.csv` (categories, predicates, evidence levels, views) into
//! a [`Schema`].

use crate::schema::{
    Category, EvidenceLevel, Polarity, PolarityStyle, Predicate, ProvenanceValue, Schema, View,
};

use super::columns::{self, Columns};
use super::report::Report;
use super::table::{self, Dialect, InputFile};

/// `schema/knowledge_source.csv`: `property,value` rows, e.g. the
/// `primary_knowledge_source` of the curated edges.
pub fn read_knowledge_source(file: &InputFile, report: &mut Report) -> Vec<(String, String)> {
    let mut out = Vec::new();
    read_rows(file, report, &["property", "value"], |cols, row, _| {
        out.push((
            cols.get(row, "property").to_owned(),
            cols.get(row, "value").to_owned(),
        ));
    });
    out
}

pub fn read_categories(file: &InputFile, schema: &mut Schema, report: &mut Report) {
    read_rows(
        file,
        report,
        &["category", "biolink_category"],
        |cols, row, report| {
            let category = Category {
                name: cols.get(row, "category").to_owned(),
                biolink: cols.get(row, "biolink_category").to_owned(),
                description: cols.get(row, "description").to_owned(),
                shape: cols.get(row, "shape").to_owned(),
                fill: cols.get(row, "fill").to_owned(),
            };
            if let Err(err) = schema.add_category(category) {
                report.at(&file.display, row.line, Some("category"), err.to_string());
            }
        },
    );
}

pub fn read_predicates(file: &InputFile, schema: &mut Schema, report: &mut Report) {
    read_rows(
        file,
        report,
        &["predicate", "inverse"],
        |cols, row, report| {
            let polarity_text = cols.get(row, "polarity");
            let Some(polarity) = Polarity::parse(polarity_text) else {
                report.at(
                &file.display,
                row.line,
                Some("polarity"),
                format!(
                    "unknown polarity \"{polarity_text}\": expected activating, inhibiting, associative or neutral"
                ),
            );
                return;
            };
            let bookkeeping = match cols.get(row, "kind") {
                "" | "mechanistic" => false,
                "bookkeeping" => true,
                other => {
                    report.at(
                        &file.display,
                        row.line,
                        Some("kind"),
                        format!("unknown kind \"{other}\": expected mechanistic or bookkeeping"),
                    );
                    return;
                }
            };
            let draw = cols.get(row, "draw").trim();
            let (mut draw_reversed, mut draw_faint) = (false, false);
            for hint in draw.split('|').map(str::trim) {
                match hint.to_ascii_lowercase().as_str() {
                    "" | "forward" => {}
                    "reverse" => draw_reversed = true,
                    "faint" => draw_faint = true,
                    _ => {
                        report.at(
                            &file.display,
                            row.line,
                            Some("draw"),
                            format!(
                                "unknown drawing hint \"{hint}\": expected forward, reverse or faint (several joined by |)"
                            ),
                        );
                        return;
                    }
                }
            }
            let predicate = Predicate {
                name: cols.get(row, "predicate").to_owned(),
                inverse: cols.get(row, "inverse").to_owned(),
                biolink: cols.get(row, "biolink_predicate").to_owned(),
                description: cols.get(row, "description").to_owned(),
                polarity,
                bookkeeping,
                draw_reversed,
                draw_faint,
            };
            if let Err(err) = schema.add_predicate(predicate) {
                report.at(&file.display, row.line, Some("predicate"), err.to_string());
            }
        },
    );
}

pub fn read_evidence(file: &InputFile, schema: &mut Schema, report: &mut Report) {
    read_rows(file, report, &["evidence", "rank"], |cols, row, report| {
        let rank_text = cols.get(row, "rank");
        let Ok(rank) = rank_text.parse::<u8>() else {
            report.at(
                &file.display,
                row.line,
                Some("rank"),
                format!("rank \"{rank_text}\" is not a whole number from 0 to 255"),
            );
            return;
        };
        let clinical = match cols.get(row, "stage") {
            "clinical" => true,
            "" | "preclinical" => false,
            other => {
                report.at(
                    &file.display,
                    row.line,
                    Some("stage"),
                    format!("unknown stage \"{other}\": expected clinical or preclinical"),
                );
                return;
            }
        };
        let level = EvidenceLevel {
            name: cols.get(row, "evidence").to_owned(),
            rank,
            label: cols.get(row, "label").to_owned(),
            clinical,
        };
        if let Err(err) = schema.add_evidence(level) {
            report.at(&file.display, row.line, Some("evidence"), err.to_string());
        }
    });
}

pub fn read_views(file: &InputFile, schema: &mut Schema, report: &mut Report) {
    read_rows(file, report, &["view", "title"], |cols, row, report| {
        let view = View {
            id: cols.get(row, "view").to_owned(),
            title: cols.get(row, "title").to_owned(),
            caption: cols.get(row, "caption").to_owned(),
            rankdir: cols.get(row, "rankdir").to_owned(),
            clusters: split_list(cols.get(row, "clusters")),
            implied: split_list(cols.get(row, "implied")),
            ring: split_list(cols.get(row, "ring")),
            table: cols.get(row, "table").trim().to_owned(),
            placements: Vec::new(),
        };
        if let Err(err) = schema.add_view(view) {
            report.at(&file.display, row.line, Some("view"), err.to_string());
        }
    });
}

/// `view_clusters.csv`: in one view, a node drawn in another cluster than its
/// own `cluster` cell names (the panels of a multi-panel figure).
pub fn read_view_clusters(file: &InputFile, schema: &mut Schema, report: &mut Report) {
    read_rows(
        file,
        report,
        &["view", "node", "cluster"],
        |cols, row, report| {
            let id = cols.get(row, "view").trim();
            let node = cols.get(row, "node").trim().to_owned();
            let cluster = cols.get(row, "cluster").trim().to_owned();
            match schema.view_mut(id) {
                Some(view) => view.placements.push((node, cluster)),
                None => report.at(
                    &file.display,
                    row.line,
                    Some("view"),
                    format!("unknown view \"{id}\": define it in schema/views.csv first"),
                ),
            }
        },
    );
}

pub fn read_polarities(file: &InputFile, schema: &mut Schema, report: &mut Report) {
    read_rows(file, report, &["polarity"], |cols, row, report| {
        let text = cols.get(row, "polarity");
        // An empty cell means associative for predicates, but here a row must
        // name the polarity it styles.
        let Some(polarity) = Polarity::parse(text).filter(|_| !text.trim().is_empty()) else {
            report.at(
                &file.display,
                row.line,
                Some("polarity"),
                format!(
                    "unknown polarity \"{text}\": expected activating, inhibiting, associative or neutral"
                ),
            );
            return;
        };
        let style = PolarityStyle {
            polarity,
            color: cols.get(row, "color").to_owned(),
            arrowhead: cols.get(row, "arrowhead").to_owned(),
            style: cols.get(row, "style").to_owned(),
            legend: cols.get(row, "legend").to_owned(),
        };
        if let Err(err) = schema.add_polarity_style(style) {
            report.at(&file.display, row.line, Some("polarity"), err.to_string());
        }
    });
}

pub fn read_provenance(file: &InputFile, schema: &mut Schema, report: &mut Report) {
    read_rows(file, report, &["field", "value"], |cols, row, report| {
        let stored = match cols.get(row, "stored") {
            "" | "yes" => true,
            "no" => false,
            other => {
                report.at(
                    &file.display,
                    row.line,
                    Some("stored"),
                    format!("\"{other}\" is not yes or no"),
                );
                return;
            }
        };
        let value = ProvenanceValue {
            field: cols.get(row, "field").to_owned(),
            value: cols.get(row, "value").to_owned(),
            description: cols.get(row, "description").to_owned(),
            stored,
            requires: Some(cols.get(row, "requires"))
                .filter(|r| !r.is_empty())
                .map(str::to_owned),
            marker: cols.get(row, "marker").to_owned(),
        };
        if let Err(err) = schema.add_provenance(value) {
            report.at(&file.display, row.line, Some("value"), err.to_string());
        }
    });
}

/// Splits a `|`-separated cell, dropping empty items.
pub fn split_list(cell: &str) -> Vec<String> {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn read_rows(
    file: &InputFile,
    report: &mut Report,
    required: &[&str],
    visit: impl FnMut(&Columns, &table::Row<'_>, &mut Report),
) {
    columns::read_checked(file, Dialect::Csv, report, required, visit);
}

/// `schema/sources.csv`: `column,value,description`.
pub fn read_sources(file: &InputFile, schema: &mut Schema, report: &mut Report) {
    read_rows(file, report, &["column", "value"], |cols, row, report| {
        if let Err(err) = schema.add_source(cols.get(row, "column"), cols.get(row, "value")) {
            report.at(&file.display, row.line, Some("column"), err.to_string());
        }
    });
}
