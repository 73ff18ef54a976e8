//! The graph's vocabularies: categories, predicates, evidence levels and figure
//! views. They are data (read from `graph-data/schema/*.csv` by `load`), so a
//! curator adds a predicate without touching Rust.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::suggest;

/// Compact handle of a category (index into [`Schema::categories`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CategoryId(pub u16);

/// Compact handle of a predicate (index into [`Schema::predicates`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct PredicateId(pub u16);

/// How an edge acts on its object; drives arrowheads and colours in drawings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Activating,
    Inhibiting,
    Associative,
    /// Neither acts on the other: approvals, trials and studies, drawn
    /// without an activation arrow or an inhibition tee.
    Neutral,
}

impl Polarity {
    pub fn parse(text: &str) -> Option<Polarity> {
        match text.trim().to_ascii_lowercase().as_str() {
            "activating" => Some(Polarity::Activating),
            "inhibiting" => Some(Polarity::Inhibiting),
            "associative" | "" => Some(Polarity::Associative),
            "neutral" => Some(Polarity::Neutral),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Activating => "activating",
            Polarity::Inhibiting => "inhibiting",
            Polarity::Associative => "associative",
            Polarity::Neutral => "neutral",
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Category {
    pub name: String,
    pub biolink: String,
    pub description: String,
    /// Graphviz shape used when the category is drawn.
    pub shape: String,
    /// Fill colour (`#rrggbb`) used when the category is drawn.
    pub fill: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Predicate {
    pub name: String,
    /// How the edge reads when walked from object to subject.
    pub inverse: String,
    pub biolink: String,
    pub description: String,
    pub polarity: Polarity,
    /// Records where or in what a thing was studied (`observed_in`,
    /// `tests`, …) rather than how it acts: paths ranked `specific` prefer
    /// the other predicates (`kind` column of `schema/predicates.csv`).
    pub bookkeeping: bool,
    /// Drawn from object to subject (`draw` column `reverse`): the arrow shows
    /// the biological direction when the row is written the other way round,
    /// as in `develops_from`.
    pub draw_reversed: bool,
    /// Drawn faint and unlabelled (`draw` column `faint`), its reading kept
    /// in the tooltip: for predicates such as `involves` that link a process
    /// to its many participants and would otherwise bury the figure's point.
    pub draw_faint: bool,
}

impl Predicate {
    /// Forward reading for people: `overcome_by` → `overcome by`.
    pub fn reading(&self) -> String {
        self.name.replace('_', " ")
    }

    /// Backward reading for people.
    pub fn inverse_reading(&self) -> String {
        self.inverse.replace('_', " ")
    }
}

/// A level of evidence; a higher rank is stronger (FDA approval highest).
#[derive(Clone, Debug, Serialize)]
pub struct EvidenceLevel {
    pub name: String,
    pub rank: u8,
    pub label: String,
    /// Whether the level means a study in patients (`stage` column:
    /// `clinical` or `preclinical`).
    pub clinical: bool,
}

/// One allowed value of an edge provenance column (`schema/provenance.csv`).
#[derive(Clone, Debug, Serialize)]
pub struct ProvenanceValue {
    /// The edge column it belongs to (`support`, `setting`, …).
    pub field: String,
    pub value: String,
    pub description: String,
    /// Whether a curated edge file may hold it; `false` for values only
    /// icigraph itself produces (`logical_entailment`, `automated_agent`).
    pub stored: bool,
    /// A column that must be filled when an edge uses this value (`support`
    /// `section` needs the `section` column).
    pub requires: Option<String>,
    /// A few words shown beside an edge in tables ("section only",
    /// "NEGATIVE"); empty for the unremarkable values.
    pub marker: String,
}

/// A figure or table of the review drawn as a graph view; also the frame
/// (title, caption, layout hints) of any other drawing.
#[derive(Clone, Debug, Default, Serialize)]
pub struct View {
    pub id: String,
    pub title: String,
    pub caption: String,
    pub rankdir: String,
    pub clusters: Vec<String>,
    /// Predicates a cluster already states: an edge of one of these is not
    /// drawn when its subject sits in a cluster named after its object.
    pub implied: Vec<String>,
    /// Node ids placed around a ring in this order, the last joined back to
    /// the first (a cycle such as the cancer-immunity cycle).
    pub ring: Vec<String>,
    /// The table layout (`approvals`, `strategies`) when the view is one of
    /// the review's tables; empty for a figure drawn as a graph.
    pub table: String,
    /// `(node id, cluster)`: nodes drawn in another cluster than their own in
    /// this view (`schema/view_clusters.csv`), such as a figure's panels.
    pub placements: Vec<(String, String)>,
}

/// How edges of one polarity are drawn (`schema/polarities.csv`), so the
/// look of inhibition versus activation is data, not code.
#[derive(Clone, Debug, Serialize)]
pub struct PolarityStyle {
    pub polarity: Polarity,
    /// Graphviz colour (`#rrggbb` or a colour name).
    pub color: String,
    /// Graphviz arrowhead (`normal`, `tee`, `none`, …).
    pub arrowhead: String,
    /// Graphviz line style (`solid`, `dashed`, …).
    pub style: String,
    /// Words for the legend ("inhibits"); empty means the polarity's name.
    pub legend: String,
}

/// All vocabularies of a loaded graph.
///
/// A *closed* schema (the curated `graph-data/` layout) rejects unknown
/// categories and predicates; an *open* one (plain `nodes.csv`/`edges.csv` or
/// KGX folders) adds them as it meets them.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    categories: Vec<Category>,
    predicates: Vec<Predicate>,
    evidence: Vec<EvidenceLevel>,
    views: Vec<View>,
    polarity_styles: Vec<PolarityStyle>,
    provenance: Vec<ProvenanceValue>,
    /// Columns every edge carries in interchange exports unless it has its
    /// own value (`schema/sources.csv`: the review's DOI as `publications`, …).
    sources: Vec<(String, String)>,
    open: bool,
    category_index: FxHashMap<String, CategoryId>,
    predicate_index: FxHashMap<String, PredicateId>,
}

/// Why a schema entry could not be added.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SchemaError {
    #[error("{kind} \"{name}\" is defined twice")]
    Duplicate { kind: &'static str, name: String },
    #[error("too many {kind}s (at most 65535)")]
    TooMany { kind: &'static str },
}

impl Schema {
    /// An empty schema that accepts any category or predicate.
    pub fn open() -> Schema {
        Schema {
            open: true,
            ..Schema::default()
        }
    }

    /// An empty schema that accepts only what is added to it.
    pub fn closed() -> Schema {
        Schema::default()
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Lets a load add the vocabulary of a source read beside a curated graph.
    pub(crate) fn set_open(&mut self, open: bool) {
        self.open = open;
    }

    pub fn add_category(&mut self, category: Category) -> Result<CategoryId, SchemaError> {
        if self.category_index.contains_key(&category.name) {
            return Err(SchemaError::Duplicate {
                kind: "category",
                name: category.name,
            });
        }
        let id = CategoryId(
            u16::try_from(self.categories.len())
                .map_err(|_| SchemaError::TooMany { kind: "category" })?,
        );
        self.category_index.insert(category.name.clone(), id);
        self.categories.push(category);
        Ok(id)
    }

    pub fn add_predicate(&mut self, predicate: Predicate) -> Result<PredicateId, SchemaError> {
        if self.predicate_index.contains_key(&predicate.name) {
            return Err(SchemaError::Duplicate {
                kind: "predicate",
                name: predicate.name,
            });
        }
        let id = PredicateId(
            u16::try_from(self.predicates.len())
                .map_err(|_| SchemaError::TooMany { kind: "predicate" })?,
        );
        self.predicate_index.insert(predicate.name.clone(), id);
        self.predicates.push(predicate);
        Ok(id)
    }

    pub fn add_evidence(&mut self, level: EvidenceLevel) -> Result<(), SchemaError> {
        if self.evidence(&level.name).is_some() {
            return Err(SchemaError::Duplicate {
                kind: "evidence level",
                name: level.name,
            });
        }
        self.evidence.push(level);
        Ok(())
    }

    pub fn add_view(&mut self, view: View) -> Result<(), SchemaError> {
        if self.view(&view.id).is_some() {
            return Err(SchemaError::Duplicate {
                kind: "view",
                name: view.id,
            });
        }
        self.views.push(view);
        Ok(())
    }

    pub fn add_polarity_style(&mut self, style: PolarityStyle) -> Result<(), SchemaError> {
        if self.polarity_style(style.polarity).is_some() {
            return Err(SchemaError::Duplicate {
                kind: "polarity",
                name: style.polarity.as_str().to_owned(),
            });
        }
        self.polarity_styles.push(style);
        Ok(())
    }

    pub fn add_provenance(&mut self, value: ProvenanceValue) -> Result<(), SchemaError> {
        if self.provenance_value(&value.field, &value.value).is_some() {
            return Err(SchemaError::Duplicate {
                kind: "provenance value",
                name: format!("{}={}", value.field, value.value),
            });
        }
        self.provenance.push(value);
        Ok(())
    }

    /// Every allowed provenance value, in file order.
    pub fn provenance_values(&self) -> &[ProvenanceValue] {
        &self.provenance
    }

    /// Whether `column` is a provenance field with a closed list of values.
    pub fn is_provenance_field(&self, column: &str) -> bool {
        self.provenance.iter().any(|v| v.field == column)
    }

    pub fn provenance_value(&self, field: &str, value: &str) -> Option<&ProvenanceValue> {
        self.provenance
            .iter()
            .find(|v| v.field == field && v.value == value)
    }

    /// The values allowed in one provenance column.
    pub fn provenance_field(&self, field: &str) -> impl Iterator<Item = &ProvenanceValue> {
        self.provenance.iter().filter(move |v| v.field == field)
    }

    /// Looks a category up; an open schema creates it on first sight.
    pub fn category_or_add(&mut self, name: &str) -> Option<CategoryId> {
        if let Some(&id) = self.category_index.get(name) {
            return Some(id);
        }
        if !self.open {
            return None;
        }
        self.add_category(Category {
            name: name.to_owned(),
            biolink: biolink_curie(name),
            description: String::new(),
            shape: String::new(),
            fill: String::new(),
        })
        .ok()
    }

    /// Looks a predicate up; an open schema creates it on first sight.
    pub fn predicate_or_add(&mut self, name: &str) -> Option<PredicateId> {
        if let Some(&id) = self.predicate_index.get(name) {
            return Some(id);
        }
        if !self.open {
            return None;
        }
        self.add_predicate(Predicate {
            name: name.to_owned(),
            // Biolink's inverse when the model has one; otherwise the name
            // marked as read backwards.
            inverse: crate::biolink::inverse(name)
                .map_or_else(|| format!("{name}_(reversed)"), str::to_owned),
            biolink: biolink_curie(name),
            description: String::new(),
            polarity: Polarity::Associative,
            bookkeeping: false,
            draw_reversed: false,
            draw_faint: false,
        })
        .ok()
    }

    pub fn category_id(&self, name: &str) -> Option<CategoryId> {
        self.category_index.get(name).copied()
    }

    pub fn predicate_id(&self, name: &str) -> Option<PredicateId> {
        self.predicate_index.get(name).copied()
    }

    /// Finds a category ignoring case (CLI filters are typed by people).
    pub fn find_category(&self, name: &str) -> Option<CategoryId> {
        self.category_id(name).or_else(|| {
            self.categories
                .iter()
                .position(|c| c.name.eq_ignore_ascii_case(name))
                .map(|i| CategoryId(i as u16))
        })
    }

    /// Finds a predicate by name or inverse name, ignoring case, spaces and hyphens.
    pub fn find_predicate(&self, name: &str) -> Option<PredicateId> {
        let wanted = name.trim().replace([' ', '-'], "_");
        self.predicate_id(&wanted).or_else(|| {
            self.predicates
                .iter()
                .position(|p| {
                    p.name.eq_ignore_ascii_case(&wanted) || p.inverse.eq_ignore_ascii_case(&wanted)
                })
                .map(|i| PredicateId(i as u16))
        })
    }

    pub fn category(&self, id: CategoryId) -> &Category {
        &self.categories[id.0 as usize]
    }

    pub fn predicate(&self, id: PredicateId) -> &Predicate {
        &self.predicates[id.0 as usize]
    }

    pub fn categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn predicates(&self) -> &[Predicate] {
        &self.predicates
    }

    pub fn evidence(&self, name: &str) -> Option<&EvidenceLevel> {
        self.evidence.iter().find(|e| e.name == name)
    }

    /// Whether an evidence level means a study in patients.
    pub fn is_clinical(&self, level: &EvidenceLevel) -> bool {
        level.clinical
    }

    pub fn evidence_levels(&self) -> &[EvidenceLevel] {
        &self.evidence
    }

    pub fn view(&self, id: &str) -> Option<&View> {
        self.views.iter().find(|v| v.id == id)
    }

    pub fn view_mut(&mut self, id: &str) -> Option<&mut View> {
        self.views.iter_mut().find(|v| v.id == id)
    }

    pub fn views(&self) -> &[View] {
        &self.views
    }

    /// Adds an export source column (`schema/sources.csv`).
    pub fn add_source(&mut self, column: &str, value: &str) -> Result<(), SchemaError> {
        if self.sources.iter().any(|(c, _)| c == column) {
            return Err(SchemaError::Duplicate {
                kind: "source column",
                name: column.to_owned(),
            });
        }
        self.sources.push((column.to_owned(), value.to_owned()));
        Ok(())
    }

    /// The export source columns with their values.
    pub fn sources(&self) -> &[(String, String)] {
        &self.sources
    }

    /// Records the Biolink term of a category an open schema made up (read
    /// from a KGX file that names both).
    pub fn set_category_biolink(&mut self, id: CategoryId, biolink: &str) {
        if self.open {
            self.categories[id.0 as usize].biolink = biolink.to_owned();
        }
    }

    /// Records the Biolink term of a predicate an open schema made up.
    pub fn set_predicate_biolink(&mut self, id: PredicateId, biolink: &str) {
        if self.open {
            self.predicates[id.0 as usize].biolink = biolink.to_owned();
        }
    }

    /// How edges of this polarity are drawn, when the data says.
    /// Every edge style by polarity (`schema/polarities.csv`).
    pub fn polarity_styles(&self) -> &[PolarityStyle] {
        &self.polarity_styles
    }

    pub fn polarity_style(&self, polarity: Polarity) -> Option<&PolarityStyle> {
        self.polarity_styles.iter().find(|s| s.polarity == polarity)
    }

    /// Closest category names, for "did you mean" messages.
    pub fn suggest_category(&self, name: &str) -> Vec<String> {
        suggest::closest(name, self.categories.iter().map(|c| c.name.as_str()), 3)
    }

    /// Closest predicate names, for "did you mean" messages.
    pub fn suggest_predicate(&self, name: &str) -> Vec<String> {
        suggest::closest(name, self.predicates.iter().map(|p| p.name.as_str()), 3)
    }
}

/// `biolink:Gene` stays as is; a bare `Gene` becomes `biolink:Gene`.
fn biolink_curie(name: &str) -> String {
    if name.contains(':') {
        name.to_owned()
    } else {
        format!("biolink:{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn predicate(name: &str, inverse: &str) -> Predicate {
        Predicate {
            name: name.into(),
            inverse: inverse.into(),
            biolink: "biolink:related_to".into(),
            description: String::new(),
            polarity: Polarity::Associative,
            bookkeeping: false,
            draw_reversed: false,
            draw_faint: false,
        }
    }

    #[test]
    fn closed_schema_refuses_unknown_names() {
        let mut schema = Schema::closed();
        assert_eq!(schema.category_or_add("Gene"), None);
        assert_eq!(schema.predicate_or_add("binds"), None);
    }

    #[test]
    fn open_schema_adds_names_once() {
        let mut schema = Schema::open();
        let a = schema.category_or_add("biolink:Gene").unwrap();
        let b = schema.category_or_add("biolink:Gene").unwrap();
        assert_eq!(a, b);
        assert_eq!(schema.categories().len(), 1);
        assert_eq!(schema.category(a).biolink, "biolink:Gene");
    }

    #[test]
    fn duplicates_are_refused() {
        let mut schema = Schema::closed();
        schema
            .add_predicate(predicate("overcomes", "overcome_by"))
            .unwrap();
        assert!(matches!(
            schema.add_predicate(predicate("overcomes", "x")),
            Err(SchemaError::Duplicate { .. })
        ));
    }

    #[test]
    fn predicates_are_found_by_either_reading() {
        let mut schema = Schema::closed();
        let id = schema
            .add_predicate(predicate("overcomes", "overcome_by"))
            .unwrap();
        assert_eq!(schema.find_predicate("Overcome by"), Some(id));
        assert_eq!(schema.find_predicate("overcomes"), Some(id));
        assert_eq!(schema.predicate(id).inverse_reading(), "overcome by");
        assert_eq!(schema.suggest_predicate("overcome"), vec!["overcomes"]);
    }
}
