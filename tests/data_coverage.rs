//! Coverage of the shipped knowledge graph (graph-data/) against the review it encodes:
//! Table 1 complete, every NCT id of the review present, every edge cited, every node connected,
//! every mechanism under the acquired-resistance concept, every named countermeasure linked.
//! The expected lists below are taken from the review text, not from the data.

use std::collections::{BTreeSet, HashSet, VecDeque};

use icigraph_engine::graph::NodeIx;
use icigraph_engine::{Graph, Source, load};
use petgraph::Direction;

fn graph() -> Graph {
    load(&Source::Embedded).expect("the shipped graph loads without problems")
}

fn ix(g: &Graph, id: &str) -> NodeIx {
    g.find_id(id).unwrap_or_else(|| panic!("no node {id}"))
}

fn has_edge(g: &Graph, s: NodeIx, predicate: &str, o: NodeIx) -> bool {
    g.edges(s, Direction::Outgoing).any(|e| {
        let e = g.edge(e);
        e.predicate().name == predicate && e.object() == o
    })
}

const TABLE1_ROWS: [(&str, &str, &str); 85] = [
    ("pembrolizumab", "melanoma", "NCT01704287"),
    ("pembrolizumab", "melanoma", "NCT01866319"),
    ("pembrolizumab", "melanoma", "NCT02362594"),
    ("pembrolizumab", "nsclc", "NCT02220894"),
    ("pembrolizumab", "nsclc", "NCT02578680"),
    ("pembrolizumab", "nsclc", "NCT03875092"),
    ("pembrolizumab", "nsclc", "NCT02039674"),
    ("pembrolizumab", "nsclc", "NCT01905657"),
    ("pembrolizumab", "hnscc", "NCT02358031"),
    ("pembrolizumab", "hnscc", "NCT01848834"),
    ("pembrolizumab", "chl", "NCT02684292"),
    ("pembrolizumab", "chl", "NCT02453594"),
    ("pembrolizumab", "pmbcl", "NCT02576990"),
    ("pembrolizumab", "urothelial_carcinoma", "NCT02335424"),
    ("pembrolizumab", "urothelial_carcinoma", "NCT02256436"),
    ("pembrolizumab", "colorectal_cancer", "NCT02563002"),
    ("pembrolizumab", "gastric_cancer", "NCT03615326"),
    ("pembrolizumab", "esophageal_cancer", "NCT03881111"),
    ("pembrolizumab", "esophageal_cancer", "NCT03933449"),
    ("pembrolizumab", "cervical_cancer", "NCT03635567"),
    ("pembrolizumab", "cervical_cancer", "NCT02628067"),
    ("pembrolizumab", "hcc", "NCT02702414"),
    ("pembrolizumab", "mcc", "NCT02267603"),
    ("pembrolizumab", "rcc", "NCT02853331"),
    ("pembrolizumab", "rcc", "NCT02811861"),
    ("pembrolizumab", "rcc", "NCT03142334"),
    ("pembrolizumab", "endometrial_carcinoma", "NCT02628067"),
    ("pembrolizumab", "endometrial_carcinoma", "NCT03517449"),
    ("pembrolizumab", "tmb_high_cancer", "NCT02628067"),
    ("pembrolizumab", "cscc", "NCT03284424"),
    ("pembrolizumab", "tnbc", "NCT03036488"),
    ("pembrolizumab", "tnbc", "NCT02819518"),
    ("nivolumab", "melanoma", "NCT01721746"),
    ("nivolumab", "melanoma", "NCT01721772"),
    ("nivolumab", "melanoma", "NCT01844505"),
    ("nivolumab", "melanoma", "NCT02388906"),
    ("nivolumab", "nsclc", "NCT02477826"),
    ("nivolumab", "nsclc", "NCT02998528"),
    ("nivolumab", "nsclc", "NCT03215706"),
    ("nivolumab", "nsclc", "NCT01673867"),
    ("nivolumab", "mesothelioma", "NCT02899299"),
    ("nivolumab", "rcc", "NCT02231749"),
    ("nivolumab", "rcc", "NCT03141177"),
    ("nivolumab", "rcc", "NCT01668784"),
    ("nivolumab", "chl", "NCT01592370"),
    ("nivolumab", "hnscc", "NCT02105636"),
    ("nivolumab", "urothelial_carcinoma", "NCT02632409"),
    ("nivolumab", "urothelial_carcinoma", "NCT02387996"),
    ("nivolumab", "colorectal_cancer", "NCT02060188"),
    ("nivolumab", "hcc", "NCT01658878"),
    ("nivolumab", "esophageal_cancer", "NCT02743494"),
    ("nivolumab", "esophageal_cancer", "NCT03143153"),
    ("nivolumab", "esophageal_cancer", "NCT02872116"),
    ("nivolumab", "esophageal_cancer", "NCT02569242"),
    ("cemiplimab", "cscc", "NCT02383212"),
    ("cemiplimab", "cscc", "NCT02760498"),
    ("cemiplimab", "basal_cell_carcinoma", "NCT03132636"),
    ("cemiplimab", "nsclc", "NCT03088540"),
    ("dostarlimab", "endometrial_carcinoma", "NCT02715284"),
    ("dostarlimab", "solid_tumors", "NCT02715284"),
    ("atezolizumab", "hcc", "NCT03434379"),
    ("atezolizumab", "urothelial_carcinoma", "NCT02108652"),
    ("atezolizumab", "urothelial_carcinoma", "NCT02807636"),
    ("atezolizumab", "nsclc", "NCT02486718"),
    ("atezolizumab", "nsclc", "NCT02409342"),
    ("atezolizumab", "nsclc", "NCT02366143"),
    ("atezolizumab", "nsclc", "NCT02367781"),
    ("atezolizumab", "nsclc", "NCT02008227"),
    ("atezolizumab", "sclc", "NCT02763579"),
    ("atezolizumab", "melanoma", "NCT02908672"),
    ("durvalumab", "sclc", "NCT03043872"),
    ("durvalumab", "nsclc", "NCT02125461"),
    ("durvalumab", "urothelial_carcinoma", "NCT01693562"),
    ("avelumab", "rcc", "NCT02684006"),
    ("avelumab", "urothelial_carcinoma", "NCT01772004"),
    ("avelumab", "mcc", "NCT02155647"),
    ("ipilimumab", "hcc", "NCT01658878"),
    ("ipilimumab", "colorectal_cancer", "NCT02060188"),
    ("ipilimumab", "rcc", "NCT02231749"),
    ("ipilimumab", "melanoma", "NCT00094653"),
    ("ipilimumab", "escc", "NCT03143153"),
    ("ipilimumab", "mesothelioma", "NCT02899299"),
    ("ipilimumab", "nsclc", "NCT03215706"),
    ("ipilimumab", "nsclc", "NCT02477826"),
    ("relatlimab", "melanoma", "NCT03470922"),
];

const REVIEW_NCT_IDS: [&str; 97] = [
    "NCT00094653",
    "NCT01592370",
    "NCT01658878",
    "NCT01668784",
    "NCT01673867",
    "NCT01693562",
    "NCT01704287",
    "NCT01721746",
    "NCT01721772",
    "NCT01740297",
    "NCT01772004",
    "NCT01844505",
    "NCT01848834",
    "NCT01866319",
    "NCT01905657",
    "NCT02008227",
    "NCT02009449",
    "NCT02039674",
    "NCT02060188",
    "NCT02105636",
    "NCT02108652",
    "NCT02125461",
    "NCT02155647",
    "NCT02178722",
    "NCT02220894",
    "NCT02231749",
    "NCT02256436",
    "NCT02267603",
    "NCT02335424",
    "NCT02358031",
    "NCT02362594",
    "NCT02366143",
    "NCT02367781",
    "NCT02383212",
    "NCT02387996",
    "NCT02388906",
    "NCT02397720",
    "NCT02403778",
    "NCT02409342",
    "NCT02410733",
    "NCT02423343",
    "NCT02453594",
    "NCT02460224",
    "NCT02476123",
    "NCT02477826",
    "NCT02486718",
    "NCT02563002",
    "NCT02569242",
    "NCT02576990",
    "NCT02578680",
    "NCT02628067",
    "NCT02632409",
    "NCT02638090",
    "NCT02658890",
    "NCT02684006",
    "NCT02684292",
    "NCT02702414",
    "NCT02715284",
    "NCT02743494",
    "NCT02760498",
    "NCT02763579",
    "NCT02807636",
    "NCT02811861",
    "NCT02819518",
    "NCT02828098",
    "NCT02853331",
    "NCT02872116",
    "NCT02897765",
    "NCT02899299",
    "NCT02908672",
    "NCT02998528",
    "NCT03036488",
    "NCT03043872",
    "NCT03088540",
    "NCT03132636",
    "NCT03141177",
    "NCT03142334",
    "NCT03143153",
    "NCT03215706",
    "NCT03284424",
    "NCT03341143",
    "NCT03353402",
    "NCT03434379",
    "NCT03470922",
    "NCT03517449",
    "NCT03525795",
    "NCT03563716",
    "NCT03615326",
    "NCT03635567",
    "NCT03637803",
    "NCT03775850",
    "NCT03805594",
    "NCT03854474",
    "NCT03875092",
    "NCT03881111",
    "NCT03933449",
    "NCT04390763",
];

const MECHANISM_COUNTERMEASURES: [(&str, &str); 60] = [
    ("acquired_resistance", "bnt111"),
    ("acquired_resistance", "t_vec"),
    ("adenosine_pathway", "adenosine_targeting"),
    ("adenosine_pathway", "cd39_targeting"),
    ("adenosine_pathway", "nir178"),
    ("adenosine_pathway", "oleclumab"),
    ("alternate_checkpoint_activation", "ctla4_pd1_combination"),
    ("antigen_presentation_defect", "aspire_nanovaccine"),
    ("antigen_presentation_defect", "chloroquine"),
    ("antigen_presentation_defect", "tlr_agonism"),
    ("antigen_presentation_defect", "trametinib"),
    ("b2m_loss", "ciap_antagonism"),
    ("btla_upregulation", "anti_btla"),
    ("caf_immunosuppression", "caf_inhibition"),
    ("epigenetic_modification", "azacitidine"),
    ("epigenetic_modification", "decitabine"),
    ("epigenetic_modification", "dnmt_inhibition"),
    ("epigenetic_modification", "entinostat"),
    ("epigenetic_modification", "epigenetic_drugs"),
    ("epigenetic_modification", "ezh2_inhibition"),
    ("epigenetic_modification", "hbi_8000"),
    ("epigenetic_modification", "panobinostat"),
    ("epigenetic_modification", "romidepsin"),
    ("epigenetic_modification", "vorinostat"),
    ("gut_dysbiosis", "bacterial_supplementation"),
    ("gut_dysbiosis", "edp1503"),
    ("gut_dysbiosis", "fmt"),
    ("gut_dysbiosis", "microbiota_modulation"),
    ("hypoxic_tme", "hypoxia_targeting"),
    ("ici_resistance", "bo_112"),
    ("ici_resistance", "sting_lnp"),
    ("ido_kynurenine", "epacadostat"),
    ("ido_kynurenine", "ido1_inhibition"),
    ("ido_kynurenine", "linrodostat"),
    ("il10_immunosuppression", "il10_inhibition"),
    ("immunosuppressive_tme", "nanoparticles_8fn"),
    ("immunosuppressive_tme", "pegilodecakin"),
    ("immunosuppressive_tme", "tls_induction"),
    ("jak1_loss", "nlrc5_overexpression"),
    ("jak2_loss", "adoptive_cell_therapy"),
    ("lag3_upregulation", "ieramilimab"),
    ("mdsc_accumulation", "atra"),
    ("mdsc_accumulation", "blz945"),
    ("mdsc_accumulation", "bms_211"),
    ("neoantigen_loss", "dc_neoantigen_vaccine"),
    ("neoantigen_loss", "isa_101"),
    ("neoantigen_loss", "neo_pv_01"),
    ("neoantigen_loss", "oncolytic_virotherapy"),
    ("neoantigen_loss", "t_vec"),
    ("neoantigen_loss", "tumor_vaccination"),
    ("tam_infiltration", "csf1r_blockade"),
    ("tam_infiltration", "plx3397"),
    ("tgfb_immunosuppression", "tgfb_pdl1_coblockade"),
    ("tigit_treg_expansion", "tiragolumab"),
    ("tim3_upregulation", "anti_tim3"),
    ("treg_accumulation", "anti_cd25"),
    ("treg_accumulation", "ccr4_antagonism"),
    ("treg_accumulation", "mogamulizumab"),
    ("vegf_angiogenesis", "vegf_inhibition"),
    ("vista_upregulation", "anti_vista"),
];

#[test]
fn table1_rows_are_recoverable_through_approved_for_edges() {
    let g = graph();
    let mut rows = BTreeSet::new();
    for e in g.edge_indices() {
        let e = g.edge(e);
        if e.predicate().name != "approved_for" || !e.prop_list("figures").contains(&"table1") {
            continue;
        }
        let drug = g.node(e.subject());
        assert_eq!(drug.category().name, "Drug", "{}", drug.id());
        let trials = e.prop_list("trials");
        assert!(
            !trials.is_empty(),
            "{} approved_for edge without trials",
            drug.id()
        );
        for t in trials {
            rows.insert((
                drug.id().to_string(),
                g.node(e.object()).id().to_string(),
                t.to_string(),
            ));
        }
    }
    let expected: BTreeSet<(String, String, String)> = TABLE1_ROWS
        .iter()
        .map(|(d, i, t)| {
            (
                format!("ici:{d}"),
                format!("ici:{i}"),
                format!("CLINICALTRIALS:{t}"),
            )
        })
        .collect();
    assert_eq!(expected.len(), 85);
    assert_eq!(rows, expected);
    let trials: HashSet<&str> = TABLE1_ROWS.iter().map(|r| r.2).collect();
    assert_eq!(trials.len(), 75);
    for (d, i, t) in TABLE1_ROWS {
        let (d, i, t) = (
            ix(&g, &format!("ici:{d}")),
            ix(&g, &format!("ici:{i}")),
            ix(&g, &format!("CLINICALTRIALS:{t}")),
        );
        assert_eq!(g.node(t).category().name, "ClinicalTrial");
        assert!(
            has_edge(&g, t, "tests", d),
            "{} does not test {}",
            g.node(t).id(),
            g.node(d).id()
        );
        assert!(
            has_edge(&g, t, "studies", i),
            "{} does not study {}",
            g.node(t).id(),
            g.node(i).id()
        );
    }
}

#[test]
fn every_nct_id_of_the_review_is_a_trial_that_tests_something() {
    let g = graph();
    for nct in REVIEW_NCT_IDS {
        let t = ix(&g, &format!("CLINICALTRIALS:{nct}"));
        assert_eq!(g.node(t).category().name, "ClinicalTrial");
        assert!(
            g.edges(t, Direction::Outgoing)
                .any(|e| g.edge(e).predicate().name == "tests"),
            "{nct} is linked to nothing it tests"
        );
    }
    let listed: HashSet<&str> = REVIEW_NCT_IDS.into_iter().collect();
    for n in g.node_indices() {
        if let Some(nct) = g.node(n).id().strip_prefix("CLINICALTRIALS:") {
            assert!(listed.contains(nct), "{nct} is not in the review");
        }
    }
}

#[test]
fn every_edge_cites_the_review() {
    let g = graph();
    for e in g.edge_indices() {
        let e = g.edge(e);
        let refs = e.refs();
        let what = format!(
            "{} {} {}",
            g.node(e.subject()).id(),
            e.predicate().name,
            g.node(e.object()).id()
        );
        assert!(!refs.is_empty(), "{what} has no refs");
        assert!(
            refs.iter().all(|r| (1..=164).contains(r)),
            "{what} refs {refs:?}"
        );
    }
}

#[test]
fn no_node_is_without_edges() {
    let g = graph();
    for n in g.node_indices() {
        assert!(
            g.edges(n, Direction::Outgoing).next().is_some()
                || g.edges(n, Direction::Incoming).next().is_some(),
            "{} has no edges",
            g.node(n).id()
        );
    }
}

#[test]
fn every_mechanism_reaches_acquired_resistance() {
    let g = graph();
    let top = ix(&g, "ici:acquired_resistance");
    let mut count = 0;
    for n in g.node_indices() {
        if g.node(n).category().name != "Mechanism" {
            continue;
        }
        count += 1;
        let axis = g.node(n).prop_text("axis");
        assert!(
            matches!(axis.as_deref(), Some("intrinsic") | Some("extrinsic")),
            "{} axis {axis:?}",
            g.node(n).id()
        );
        let mut seen = HashSet::from([n]);
        let mut queue = VecDeque::from([n]);
        let mut found = false;
        while let Some(m) = queue.pop_front() {
            if m == top {
                found = true;
                break;
            }
            for e in g.edges(m, Direction::Outgoing) {
                let o = g.edge(e).object();
                if seen.insert(o) {
                    queue.push_back(o);
                }
            }
        }
        assert!(
            found,
            "{} does not reach ici:acquired_resistance",
            g.node(n).id()
        );
    }
    assert!(count >= 50, "only {count} mechanisms");
}

#[test]
fn every_mechanism_with_a_named_countermeasure_is_overcome_by_it() {
    let g = graph();
    for (mechanism, countermeasure) in MECHANISM_COUNTERMEASURES {
        let m = ix(&g, &format!("ici:{mechanism}"));
        let c = ix(&g, &format!("ici:{countermeasure}"));
        let cat = &g.node(c).category().name;
        assert!(
            cat == "Drug" || cat == "Strategy",
            "{countermeasure} is a {cat}"
        );
        assert!(
            has_edge(&g, c, "overcomes", m),
            "{countermeasure} does not overcome {mechanism}"
        );
    }
    // the worked example of the issue: β2M loss is overcome by cIAP1/2 antagonism (ref 105)
    let b2m = ix(&g, "ici:b2m_loss");
    let ciap = ix(&g, "ici:ciap_antagonism");
    let e = g
        .edges(ciap, Direction::Outgoing)
        .map(|e| g.edge(e))
        .find(|e| e.object() == b2m && e.predicate().name == "overcomes")
        .expect("β2M loss → cIAP1/2 antagonism");
    assert_eq!(e.refs(), vec![105]);
}
