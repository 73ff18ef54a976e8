//! The second curation pass over the shipped graph: provenance on every edge,
//! the cancer-type hierarchy, each finding of the domain audit and each claim
//! or entity it found missing. The expectations are read from the review, not
//! from the data.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::fs;
use std::path::Path;

use assert_cmd::Command;
use icigraph_engine::graph::{EdgeIx, NodeIx};
use icigraph_engine::{Graph, Source, load};
use petgraph::Direction;

fn graph() -> Graph {
    load(&Source::Embedded).expect("the shipped graph loads without problems")
}

fn ix(g: &Graph, id: &str) -> NodeIx {
    let id = if id.contains(':') {
        id.to_owned()
    } else {
        format!("ici:{id}")
    };
    g.find_id(&id).unwrap_or_else(|| panic!("no node {id}"))
}

/// The edge `s p o` (ids without the `ici:` prefix are completed).
fn find(g: &Graph, s: &str, p: &str, o: &str) -> Option<EdgeIx> {
    let (s, o) = (ix(g, s), ix(g, o));
    g.edges(s, Direction::Outgoing).find(|&e| {
        let e = g.edge(e);
        e.predicate().name == p && e.object() == o
    })
}

fn edge(g: &Graph, s: &str, p: &str, o: &str) -> EdgeIx {
    find(g, s, p, o).unwrap_or_else(|| panic!("no edge {s} {p} {o}"))
}

fn text(g: &Graph, e: EdgeIx, key: &str) -> String {
    g.edge(e).prop_text(key).unwrap_or_default()
}

fn category(g: &Graph, id: &str) -> String {
    g.node(ix(g, id)).category().name.clone()
}

fn describe(g: &Graph, e: EdgeIx) -> String {
    let edge = g.edge(e);
    format!(
        "{} {} {}",
        g.node(edge.subject()).id(),
        edge.predicate().name,
        g.node(edge.object()).id()
    )
}

const PROVENANCE: [&str; 6] = [
    "knowledge_level",
    "agent_type",
    "support",
    "section",
    "setting",
    "outcome",
];

fn data_dir() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/graph-data"))
}

/// The allowed values of each provenance field, from schema/provenance.csv.
fn allowed_provenance() -> BTreeMap<String, BTreeSet<String>> {
    let mut allowed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    // field,value,description; descriptions may hold unquoted commas
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(data_dir().join("schema/provenance.csv"))
        .unwrap();
    for row in reader.records() {
        let row = row.unwrap();
        allowed
            .entry(row[0].to_owned())
            .or_default()
            .insert(row[1].to_owned());
    }
    allowed
}

#[test]
fn every_edge_file_ends_with_the_six_provenance_columns() {
    let mut files: Vec<_> = fs::read_dir(data_dir().join("edges"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    files.sort();
    assert!(files.len() >= 8);
    for file in files {
        let mut reader = csv::Reader::from_path(&file).unwrap();
        let header: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let base = [
            "subject",
            "predicate",
            "object",
            "refs",
            "evidence",
            "context",
            "trials",
            "figures",
            "note",
        ];
        let expected: Vec<&str> = base.iter().chain(PROVENANCE.iter()).copied().collect();
        assert_eq!(header, expected, "{}", file.display());
    }
}

#[test]
fn every_edge_carries_allowed_provenance_values() {
    let g = graph();
    let allowed = allowed_provenance();
    for e in g.edge_indices() {
        let what = describe(&g, e);
        for field in PROVENANCE {
            let value = text(&g, e, field);
            if field == "section" {
                if text(&g, e, "support") == "section" {
                    assert!(
                        !value.is_empty(),
                        "{what}: support section without a section"
                    );
                }
                continue;
            }
            assert!(
                allowed[field].contains(&value),
                "{what}: {field} {value:?} is not an allowed value"
            );
        }
        assert_eq!(text(&g, e, "agent_type"), "manual_agent", "{what}");
        assert_ne!(
            text(&g, e, "knowledge_level"),
            "logical_entailment",
            "{what}: curated edges are never entailed"
        );
    }
}

#[test]
fn edges_drawn_in_a_view_bring_ends_that_belong_to_it() {
    let g = graph();
    for e in g.edge_indices() {
        let edge = g.edge(e);
        for view in edge.prop_list("figures") {
            for end in [edge.subject(), edge.object()] {
                assert!(
                    g.node(end).prop_list("figures").contains(&view),
                    "{}: {} is not in {view}",
                    describe(&g, e),
                    g.node(end).id()
                );
            }
        }
    }
}

/// Every `context` cell has its traversable summary: `observed_in` for a
/// mechanism, `studied_for` for a countermeasure's `overcomes` or
/// `combined_with`; a summary cites nothing its source edges do not.
#[test]
fn context_cells_have_their_summary_edges() {
    let g = graph();
    let mut sources: BTreeMap<(NodeIx, &str, NodeIx), BTreeSet<i64>> = BTreeMap::new();
    for e in g.edge_indices() {
        let edge = g.edge(e);
        let subject = edge.subject();
        let cat = g.node(subject).category().name.as_str();
        let summary = match (cat, edge.predicate().name.as_str()) {
            ("Mechanism", _) => "observed_in",
            ("Strategy" | "Drug", "overcomes" | "combined_with") => "studied_for",
            _ => continue,
        };
        for d in edge.prop_list("context") {
            let d = ix(&g, d);
            assert_eq!(g.node(d).category().name, "Disease");
            sources
                .entry((subject, summary, d))
                .or_default()
                .extend(edge.refs());
        }
    }
    for ((s, p, d), refs) in sources {
        let summary = g
            .edges(s, Direction::Outgoing)
            .find(|&e| g.edge(e).predicate().name == p && g.edge(e).object() == d)
            .unwrap_or_else(|| {
                panic!(
                    "{} has a context {} but no {p} edge",
                    g.node(s).id(),
                    g.node(d).id()
                )
            });
        let cited: BTreeSet<i64> = g.edge(summary).refs().into_iter().collect();
        assert!(
            cited.is_subset(&refs),
            "{} cites {cited:?}, its sources {refs:?}",
            describe(&g, summary)
        );
    }
}

/// Everything below `top` through `subclass_of` edges, `top` included.
fn narrower(g: &Graph, top: NodeIx) -> HashSet<NodeIx> {
    let mut seen = HashSet::from([top]);
    let mut queue = VecDeque::from([top]);
    while let Some(n) = queue.pop_front() {
        for e in g.edges(n, Direction::Incoming) {
            let edge = g.edge(e);
            if edge.predicate().name == "subclass_of" && seen.insert(edge.subject()) {
                queue.push_back(edge.subject());
            }
        }
    }
    seen
}

#[test]
fn a_question_about_lung_cancer_finds_nsclc_sclc_and_luad() {
    let g = graph();
    let lung = narrower(&g, ix(&g, "lung_cancer"));
    for id in ["nsclc", "sclc", "lung_adenocarcinoma"] {
        assert!(lung.contains(&ix(&g, id)), "{id} is not under lung cancer");
    }
    let trials: BTreeSet<&str> = g
        .edge_indices()
        .map(|e| g.edge(e))
        .filter(|e| e.predicate().name == "studies" && lung.contains(&e.object()))
        .map(|e| g.node(e.subject()).id())
        .collect();
    // KEYNOTE-189 (NSCLC), IMpower133 (SCLC), the vorinostat trial in ICI-resistant NSCLC
    for t in ["NCT02578680", "NCT02763579", "NCT02638090"] {
        assert!(
            trials.contains(format!("CLINICALTRIALS:{t}").as_str()),
            "{t} is not found for lung cancer"
        );
    }
    // and a lung adenocarcinoma finding is reached the same way
    assert!(
        find(
            &g,
            "tim3_upregulation",
            "observed_in",
            "lung_adenocarcinoma"
        )
        .is_some()
    );
}

#[test]
fn cancer_types_nest_as_the_review_names_them() {
    let g = graph();
    for (narrow, broad) in [
        ("nsclc", "lung_cancer"),
        ("sclc", "lung_cancer"),
        ("lung_adenocarcinoma", "nsclc"),
        ("escc", "esophageal_cancer"),
        ("colon_cancer", "colorectal_cancer"),
        ("msi_negative_crc", "colorectal_cancer"),
        ("tnbc", "breast_cancer"),
        ("claudin_low_breast_cancer", "breast_cancer"),
        ("bladder_cancer", "urothelial_carcinoma"),
    ] {
        let e = edge(&g, narrow, "subclass_of", broad);
        assert_eq!(category(&g, narrow), "Disease");
        assert_eq!(category(&g, broad), "Disease");
        assert!(!g.edge(e).refs().is_empty());
    }
    // the hierarchy has no cycle: nothing is narrower than itself
    for n in g.node_indices() {
        if g.node(n).category().name != "Disease" {
            continue;
        }
        let below = narrower(&g, n);
        for e in g.edges(n, Direction::Outgoing) {
            let edge = g.edge(e);
            if edge.predicate().name == "subclass_of" {
                assert!(
                    !below.contains(&edge.object()),
                    "cycle at {}",
                    g.node(n).id()
                );
            }
        }
    }
}

#[test]
fn pten_loss_is_its_own_intrinsic_mechanism() {
    let g = graph();
    assert!(find(&g, "pten_loss", "subclass_of", "neoantigen_loss").is_none());
    let e = edge(&g, "pten_loss", "subclass_of", "intrinsic_factors");
    assert_eq!(text(&g, e, "support"), "section");
    let e = edge(&g, "pten_loss", "contributes_to", "acquired_resistance");
    assert_eq!(g.edge(e).refs(), vec![32]);
    assert_eq!(text(&g, e, "setting"), "ici_resistant");
}

#[test]
fn tolerogenic_bacteroides_and_not_the_genus_impair_ctla4_blockade() {
    let g = graph();
    let genus = ix(&g, "bacteroides");
    assert!(
        g.node(genus)
            .synonyms()
            .all(|s| !s.to_lowercase().contains("tolerogenic"))
    );
    assert!(find(&g, "bacteroides", "impairs", "anti_ctla4").is_none());
    let e = edge(&g, "tolerogenic_bacteroides", "impairs", "anti_ctla4");
    assert_eq!(g.edge(e).refs(), vec![94]);
    edge(&g, "tolerogenic_bacteroides", "subclass_of", "bacteroides");
    edge(&g, "b_fragilis", "enhances", "anti_ctla4");
    assert_eq!(
        g.resolve("tolerogenic Bacteroides species").unwrap(),
        ix(&g, "tolerogenic_bacteroides")
    );
}

#[test]
fn adoptive_cell_therapies_are_separate_nodes() {
    let g = graph();
    assert!(find(&g, "adoptive_cell_therapy", "targets", "kras_g12d").is_none());
    for (kind, target, refs) in [
        ("cd19_car_t", "cd19", vec![33, 34]),
        ("kras_til_therapy", "kras_g12d", vec![45]),
        ("gp100_t_cell_transfer", "gp100", vec![36]),
    ] {
        edge(&g, kind, "subclass_of", "adoptive_cell_therapy");
        let e = edge(&g, kind, "targets", target);
        assert_eq!(g.edge(e).refs(), refs);
    }
    edge(&g, "cd19_epitope_loss", "impairs", "cd19_car_t");
    edge(&g, "hla_haplotype_loss", "impairs", "kras_til_therapy");
    edge(
        &g,
        "tumor_dedifferentiation",
        "impairs",
        "gp100_t_cell_transfer",
    );
    // the B16 experiments keep the plain ACT, and its JAK1 failure is recorded
    edge(&g, "adoptive_cell_therapy", "overcomes", "jak2_loss");
    edge(&g, "jak1_loss", "impairs", "adoptive_cell_therapy");
    // old names stay findable
    assert_eq!(
        g.resolve("CD19 adoptive T-cell therapy").unwrap(),
        ix(&g, "cd19_car_t")
    );
    assert_eq!(
        g.resolve("TIL therapy").unwrap(),
        ix(&g, "kras_til_therapy")
    );
}

#[test]
fn mechanisms_seen_after_cell_therapy_are_flagged_not_presented_as_ici_resistance() {
    let g = graph();
    for (s, o, word) in [
        ("cd19_epitope_loss", "neoantigen_loss", "CAR-T"),
        ("hla_haplotype_loss", "mhc1_loss", "TIL"),
        (
            "tumor_dedifferentiation",
            "cytokine_induced_neoantigen_loss",
            "T cells",
        ),
    ] {
        let e = edge(&g, s, "subclass_of", o);
        assert_ne!(text(&g, e, "setting"), "ici_resistant", "{s}");
        let note = text(&g, e, "note");
        assert!(
            note.contains(word) && note.contains("not checkpoint blockade"),
            "{s}: {note}"
        );
    }
    // the CD19 epitope is no neoantigen: that nesting rests on the review's placement only
    let e = edge(&g, "cd19_epitope_loss", "subclass_of", "neoantigen_loss");
    assert_eq!(text(&g, e, "support"), "section");
}

#[test]
fn aspire_carries_an_antibody_not_a_strategy() {
    let g = graph();
    let aspire = ix(&g, "aspire_nanovaccine");
    for e in g.edges(aspire, Direction::Outgoing) {
        let edge = g.edge(e);
        if edge.predicate().name == "has_part" {
            assert_ne!(g.node(edge.object()).category().name, "Strategy");
        }
    }
    edge(&g, "aspire_nanovaccine", "has_part", "aspire_anti_pd1");
    edge(&g, "aspire_anti_pd1", "targets", "pd1");
    assert_eq!(category(&g, "aspire_anti_pd1"), "Molecule");
}

#[test]
fn the_unnumbered_vegf_sentence_says_so_on_every_edge() {
    let g = graph();
    let v = ix(&g, "vegf_inhibition");
    let mut n = 0;
    for e in g.edges(v, Direction::Outgoing) {
        if g.edge(e).predicate().name == "studied_for" {
            continue;
        }
        n += 1;
        assert!(
            text(&g, e, "note").contains("no number"),
            "{}",
            describe(&g, e)
        );
    }
    assert!(n >= 7);
    assert!(find(&g, "vegf", "binds", "vegfr").is_none());
    let e = edge(&g, "vegf_inhibition", "overcomes", "vegf_angiogenesis");
    assert_eq!(text(&g, e, "support"), "section");
}

#[test]
fn ctla4_plus_pd1_blockade_is_encoded_once() {
    let g = graph();
    assert!(find(&g, "anti_ctla4", "combined_with", "anti_pd1").is_none());
    assert!(find(&g, "anti_pd1", "combined_with", "anti_ctla4").is_none());
    edge(&g, "ctla4_pd1_combination", "has_part", "anti_ctla4");
    edge(&g, "ctla4_pd1_combination", "has_part", "anti_pd1");
    for d in ["hcc", "melanoma", "rcc", "colorectal_cancer"] {
        edge(&g, "ctla4_pd1_combination", "approved_for", d);
        assert!(find(&g, "anti_ctla4", "studied_for", d).is_none());
    }
}

#[test]
fn jak1_jak2_mutations_name_both_genes() {
    let g = graph();
    let both = ix(&g, "jak1_jak2_loss");
    for name in ["JAK1/JAK2 mutations", "JAK1/2 loss"] {
        assert_eq!(g.resolve(name).unwrap(), both, "{name}");
    }
    edge(&g, "jak1_jak2_loss", "involves", "jak1");
    edge(&g, "jak1_jak2_loss", "involves", "jak2");
    edge(&g, "jak1_loss", "subclass_of", "jak1_jak2_loss");
    edge(&g, "jak2_loss", "subclass_of", "jak1_jak2_loss");
    edge(&g, "jak1_jak2_loss", "subclass_of", "ifng_jak_defect");
    assert_eq!(g.resolve("JAK1 loss").unwrap(), ix(&g, "jak1_loss"));
}

#[test]
fn ifng_insensitivity_is_one_concept_with_the_ifng_jak_defect() {
    let g = graph();
    assert!(g.find_id("ici:ifng_insensitivity").is_none());
    assert_eq!(
        g.resolve("insensitivity to IFN-γ").unwrap(),
        ix(&g, "ifng_jak_defect")
    );
    for (p, o) in [
        ("downregulates", "pd_l1"),
        ("downregulates", "mhc_i"),
        ("impairs", "anti_pd1_pd_l1"),
        ("impairs", "anti_ctla4"),
    ] {
        let e = edge(&g, "ifng_jak_defect", p, o);
        assert_eq!(g.edge(e).refs(), vec![48, 49, 51]);
    }
}

#[test]
fn enzyme_families_and_proteins_are_molecules_like_their_peers() {
    let g = graph();
    for id in [
        "dnmt", "hdac", "ezh2", "cd19", "ido", "ck2", "mek", "ciap", "cd25",
    ] {
        assert_eq!(category(&g, id), "Molecule", "{id}");
    }
    assert_eq!(category(&g, "antibiotics"), "Strategy");
    edge(&g, "imipenem", "member_of", "antibiotics");
    assert_eq!(category(&g, "imipenem"), "Drug");
}

#[test]
fn secreted_ido_is_kept_as_the_reviews_wording_and_flagged() {
    let g = graph();
    let e = edge(&g, "tumor_cell", "secretes", "ido");
    assert_eq!(text(&g, e, "knowledge_level"), "knowledge_assertion");
    let note = text(&g, e, "note");
    assert!(
        note.contains("review's wording") && note.contains("intracellular"),
        "{note}"
    );
}

#[test]
fn partial_edges_say_what_the_text_says() {
    let g = graph();
    // PD-1 inhibits the effector stage; where blockade acts is not stated
    edge(&g, "pd1", "inhibits", "tumor_cell_killing");
    for (s, o) in [
        ("anti_pd1", "tumor_cell_killing"),
        ("anti_pd_l1", "tumor_cell_killing"),
        ("anti_ctla4", "t_cell_priming"),
    ] {
        assert!(find(&g, s, "acts_at", o).is_none(), "{s} acts_at {o}");
    }
    // T-VEC: filed under neoantigen depletion; the trial compared response rates
    let e = edge(&g, "t_vec", "overcomes", "neoantigen_loss");
    assert_eq!(text(&g, e, "support"), "section");
    assert_eq!(text(&g, e, "outcome"), "not_reported");
    let e = edge(&g, "t_vec", "enhances", "ipilimumab");
    assert_eq!(text(&g, e, "evidence"), "phase2");
    assert_eq!(
        g.edge(e).prop_list("trials"),
        vec!["CLINICALTRIALS:NCT01740297"]
    );
    // IDO1 inhibition: the phase III failure is part of the class edge
    let e = edge(&g, "ido1_inhibition", "overcomes", "ido_kynurenine");
    assert!(g.edge(e).refs().contains(&129));
    assert_eq!(text(&g, e, "outcome"), "mixed");
    // IFN-γ pathway mutations "may be associated with" primary resistance
    assert!(
        find(
            &g,
            "ifng_jak_defect",
            "contributes_to",
            "primary_resistance"
        )
        .is_none()
    );
    let e = edge(
        &g,
        "ifng_jak_defect",
        "associated_with",
        "primary_resistance",
    );
    assert_eq!(text(&g, e, "knowledge_level"), "statistical_association");
    assert_eq!(text(&g, e, "setting"), "ici_naive");
    // BNT111: ICI-experienced patients, not shown to be resistant
    let e = edge(&g, "bnt111", "overcomes", "acquired_resistance");
    assert_eq!(text(&g, e, "setting"), "ici_experienced");
    assert_eq!(text(&g, e, "support"), "section");
    // BMS-211: fewer macrophages differentiate
    assert!(find(&g, "bms_211", "inhibits", "macrophage").is_none());
    edge(&g, "bms_211", "inhibits", "macrophage_differentiation");
    // BO-112 works through IFN signalling, so it is not a cure for a broken one
    assert!(find(&g, "bo_112", "overcomes", "ifng_jak_defect").is_none());
    let e = edge(&g, "bo_112", "overcomes", "ici_resistance");
    assert_eq!(text(&g, e, "setting"), "ici_resistant");
}

/// The countermeasures the review files under a heading without a sentence
/// saying they counter that mechanism.
const SECTION_PLACED: [(&str, &str); 15] = [
    ("neo_pv_01", "neoantigen_loss"),
    ("isa_101", "neoantigen_loss"),
    ("dc_neoantigen_vaccine", "neoantigen_loss"),
    ("t_vec", "neoantigen_loss"),
    ("pegilodecakin", "immunosuppressive_tme"),
    ("vegf_inhibition", "vegf_angiogenesis"),
    ("epigenetic_drugs", "epigenetic_modification"),
    ("decitabine", "epigenetic_modification"),
    ("panobinostat", "epigenetic_modification"),
    ("romidepsin", "epigenetic_modification"),
    ("hbi_8000", "epigenetic_modification"),
    ("azacitidine", "epigenetic_modification"),
    ("bacterial_supplementation", "gut_dysbiosis"),
    ("edp1503", "gut_dysbiosis"),
    ("bnt111", "acquired_resistance"),
];

#[test]
fn countermeasures_filed_only_under_a_heading_say_so() {
    let g = graph();
    let placed: HashSet<EdgeIx> = SECTION_PLACED
        .iter()
        .map(|(s, o)| edge(&g, s, "overcomes", o))
        .collect();
    for &e in &placed {
        assert_eq!(text(&g, e, "support"), "section", "{}", describe(&g, e));
        assert!(!text(&g, e, "section").is_empty());
        assert_eq!(text(&g, e, "outcome"), "not_reported");
    }
    for e in g.edge_indices() {
        if g.edge(e).predicate().name == "overcomes" && !placed.contains(&e) {
            assert_ne!(
                text(&g, e, "support"),
                "section",
                "{} is not in the list",
                describe(&g, e)
            );
        }
    }
    // STING-LNP and BO-112 rest on sentences about resistance to anti-PD-1
    for s in ["sting_lnp", "bo_112"] {
        let e = edge(&g, s, "overcomes", "ici_resistance");
        assert_eq!(text(&g, e, "support"), "sentence");
    }
    edge(&g, "acquired_resistance", "subclass_of", "ici_resistance");
    edge(&g, "primary_resistance", "subclass_of", "ici_resistance");
}

#[test]
fn claims_the_audit_found_missing_are_edges_with_their_refs() {
    let g = graph();
    for (s, p, o, r) in [
        ("pegilodecakin", "has_part", "il10", 136),
        ("b_fragilis", "overcomes", "antibiotic_dysbiosis", 94),
        ("l_johnsonii", "activates", "cd4_t_cell", 154),
        ("l_johnsonii", "activates", "cd8_t_cell", 154),
        ("b_pseudolongum", "activates", "cd4_t_cell", 154),
        ("b_pseudolongum", "activates", "cd8_t_cell", 154),
        ("olsenella", "activates", "cd4_t_cell", 154),
        ("olsenella", "activates", "cd8_t_cell", 154),
        ("edp1503", "promotes", "effector_treg_ratio", 155),
        ("music_platform", "targets", "apc", 160),
        ("anti_btla", "activates", "cd8_t_cell", 117),
        ("anti_btla", "depletes", "treg", 117),
        ("il10_inhibition", "promotes", "cd8_t_cell", 135),
        ("cd8_t_cell", "expresses", "klrg1", 135),
        ("mogamulizumab", "promotes", "cd8_t_cell", 121),
        ("jak1_loss", "impairs", "adoptive_cell_therapy", 112),
    ] {
        let e = edge(&g, s, p, o);
        assert_eq!(g.edge(e).refs(), vec![r], "{s} {p} {o}");
    }
    // epacadostat: encouraging phase I/II, failed phase III
    let e = edge(&g, "epacadostat", "overcomes", "ido_kynurenine");
    assert_eq!(g.edge(e).refs(), vec![128, 129]);
    assert_eq!(text(&g, e, "evidence"), "phase3");
    assert_eq!(text(&g, e, "outcome"), "negative");
    let e = edge(&g, "epacadostat", "combined_with", "pembrolizumab");
    assert_eq!(text(&g, e, "outcome"), "mixed");
}

#[test]
fn entities_the_audit_found_missing_are_nodes_with_cited_edges() {
    let g = graph();
    for (id, cat, r) in [
        ("radiotherapy", "Strategy", 66),
        ("lkb1", "Gene", 125),
        ("klrg1", "Molecule", 135),
        ("type_i_ifn", "Molecule", 110),
        ("mapk_pathway", "Pathway", 106),
        ("msi_status", "Biomarker", 46),
        ("msi_negative_crc", "Disease", 46),
        ("car_t_cell", "CellType", 33),
        ("naive_t_cell", "CellType", 16),
        ("mhc1_heavy_chain", "Molecule", 43),
        ("ecm", "AnatomicalSite", 60),
        ("butyrate", "Molecule", 92),
        ("immune_related_colitis", "Phenotype", 92),
        ("ct26", "TumorModel", 116),
        ("b16", "TumorModel", 112),
        ("b16_f10", "TumorModel", 159),
        ("lkb1_deficient_model", "TumorModel", 125),
        ("tmb", "Biomarker", 27),
    ] {
        assert_eq!(category(&g, id), cat, "{id}");
        let n = ix(&g, id);
        let cited = g
            .edges(n, Direction::Outgoing)
            .chain(g.edges(n, Direction::Incoming))
            .any(|e| g.edge(e).refs().contains(&r));
        assert!(cited, "{id} has no edge citing [{r}]");
    }
    // the tumor models lead to the cancers they stand for
    edge(&g, "ct26", "model_of", "colon_cancer");
    edge(&g, "b16", "model_of", "melanoma");
    edge(&g, "b16_f10", "subclass_of", "b16");
    edge(&g, "sting_lnp", "studied_for", "b16_f10");
    edge(&g, "atra", "studied_for", "lkb1_deficient_model");
    // the biomarkers of the conclusion
    for b in ["tmb", "pd_l1", "til", "tls"] {
        let e = edge(&g, b, "associated_with", "ici_response");
        assert_eq!(
            text(&g, e, "section"),
            "Future perspectives and conclusions"
        );
    }
    for x in [
        "butyrate_l2_21",
        "f_prausnitzii",
        "gemmiger_formicilis",
        "firmicutes",
    ] {
        edge(&g, x, "associated_with", "immune_related_colitis");
    }
    edge(&g, "butyrate_l2_21", "produces", "butyrate");
    edge(&g, "immunosuppressive_tme", "promotes", "ecm_remodeling");
    edge(&g, "ecm_remodeling", "involves", "ecm");
}

/// The facts the strategy exclusion rules rely on: what a countermeasure acts
/// through, and what a mechanism removes or disrupts.
#[test]
fn mechanism_of_action_edges_are_stated_with_refs() {
    let g = graph();
    for (s, p, o, refs) in [
        ("trametinib", "upregulates", "mhc_i", vec![106]),
        ("chloroquine", "upregulates", "mhc_i", vec![107]),
        ("dnmt_inhibition", "upregulates", "mhc_i", vec![141]),
        ("trametinib", "inhibits", "mapk_pathway", vec![106]),
        ("bo_112", "acts_through", "ifng_jak_stat_pathway", vec![110]),
        ("bo_112", "acts_through", "type_i_ifn", vec![110]),
        ("pegilodecakin", "has_part", "il10", vec![136]),
        (
            "il10_immunosuppression",
            "involves",
            "il10",
            vec![63, 64, 71],
        ),
        (
            "b2m_loss",
            "disrupts",
            "mhc1_surface_expression",
            vec![42, 43, 44],
        ),
        ("mhc1_surface_expression", "involves", "b2m", vec![42, 43]),
        (
            "mhc1_transcriptional_loss",
            "downregulates",
            "mhc_i",
            vec![41],
        ),
        (
            "jak1_jak2_loss",
            "disrupts",
            "ifng_jak_stat_pathway",
            vec![43],
        ),
        ("jak1_loss", "disrupts", "ifng_jak_stat_pathway", vec![43]),
        ("jak2_loss", "disrupts", "ifng_jak_stat_pathway", vec![43]),
        (
            "ifng_jak_defect",
            "disrupts",
            "ifng_jak_stat_pathway",
            vec![48, 49, 51],
        ),
    ] {
        let e = edge(&g, s, p, o);
        assert_eq!(g.edge(e).refs(), refs, "{s} {p} {o}");
    }
}

#[test]
fn strategies_for_ido_show_epacadostats_failed_phase3_as_negative() {
    let g = graph();
    let out = Command::cargo_bin("icigraph")
        .unwrap()
        .env_remove("ICIGRAPH_DATA")
        .args([
            "strategies",
            "IDO-mediated tryptophan catabolism",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["mechanism"]["id"], "ici:ido_kynurenine");
    let epacadostat = v["strategies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["strategy"]["id"] == "ici:epacadostat")
        .expect("epacadostat is a countermeasure of IDO/kynurenine");
    assert_eq!(epacadostat["evidence"], "phase3");
    assert_eq!(epacadostat["refs"], serde_json::json!([128, 129]));
    let last = epacadostat["path"]["edges"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let e = edge(
        &g,
        last["subject"].as_str().unwrap(),
        last["predicate"].as_str().unwrap(),
        last["object"].as_str().unwrap(),
    );
    assert_eq!(text(&g, e, "outcome"), "negative");
}
