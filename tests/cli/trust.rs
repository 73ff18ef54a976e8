//! Answers a scientist can trust: provenance on every edge, honest
//! `strategies`, caveats in every output, forgiving names in Cypher and
//! paths that lead with the mechanism. Driven through the binary on the
//! shipped data and on copies of it changed one cell at a time.

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

use crate::common::data_copy;

fn icigraph() -> Command {
    let mut cmd = Command::cargo_bin("icigraph").unwrap();
    cmd.env_remove("ICIGRAPH_DATA");
    cmd
}

fn run(args: &[&str]) -> (String, String) {
    let out = icigraph().args(args).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(out.status.success(), "{args:?} failed:\n{stderr}");
    (stdout, stderr)
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&run(&all).0).unwrap()
}

/// Replaces the last six cells (the provenance columns) of the first row of
/// `edges/strategies.csv` whose line starts with `prefix`; returns its line.
fn set_provenance(dir: &Path, prefix: &str, cells: &str) -> usize {
    let file = dir.join("edges/strategies.csv");
    let text = fs::read_to_string(&file).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(prefix))
        .expect("the row exists");
    let fields: Vec<&str> = lines[at].rsplitn(7, ',').collect();
    lines[at] = format!("{},{cells}", fields[6]);
    fs::write(&file, lines.join("\n") + "\n").unwrap();
    at + 1
}

/// Text with every run of whitespace made one space, so a phrase wrapped
/// across lines still matches.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strategy_list(report: &Value) -> &Vec<Value> {
    report["strategies"].as_array().unwrap()
}

fn ids(list: &[Value]) -> Vec<&str> {
    list.iter()
        .map(|s| s["strategy"]["id"].as_str().unwrap())
        .collect()
}

// 1. Provenance on every edge.

#[test]
fn a_bad_provenance_value_is_reported_with_file_line_and_a_suggestion() {
    let dir = data_copy();
    let line = set_provenance(
        dir.path(),
        "ici:ciap_antagonism,overcomes",
        "observation,manual_agent,sentense,,ici_resistant,positive",
    );
    let file = dir.path().join("edges/strategies.csv");
    icigraph()
        .arg("--data")
        .arg(dir.path())
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:{line}: column \"support\": unknown value \"sentense\"; did you mean \"sentence\"?",
            file.display()
        )));
}

#[test]
fn values_only_icigraph_produces_and_section_support_without_a_section_are_refused() {
    let dir = data_copy();
    set_provenance(
        dir.path(),
        "ici:ciap_antagonism,overcomes",
        "logical_entailment,manual_agent,sentence,,ici_resistant,positive",
    );
    set_provenance(
        dir.path(),
        "ici:trametinib,overcomes",
        "knowledge_assertion,manual_agent,section,,not_stated,positive",
    );
    icigraph()
        .arg("--data")
        .arg(dir.path())
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "column \"knowledge_level\": \"logical_entailment\" is never stored in a data file",
        ))
        .stderr(predicate::str::contains(
            "column \"section\": support \"section\" needs the section column filled",
        ));
}

#[test]
fn the_allowed_values_are_data_not_code() {
    // A value added to provenance.csv is accepted at once.
    let dir = data_copy();
    let schema = dir.path().join("schema/provenance.csv");
    let mut text = fs::read_to_string(&schema).unwrap();
    text.push_str("support,supplement,a supplementary table states it,yes,,supplement\n");
    fs::write(&schema, text).unwrap();
    set_provenance(
        dir.path(),
        "ici:ciap_antagonism,overcomes",
        "observation,manual_agent,supplement,,ici_resistant,positive",
    );
    let (out, _) = run(&["--data", dir.path().to_str().unwrap(), "check"]);
    assert!(out.starts_with("ok:"), "{out}");
    let v = json(&[
        "--data",
        dir.path().to_str().unwrap(),
        "path",
        "β2M loss",
        "cIAP1/2 antagonism",
    ]);
    assert_eq!(v["paths"][0]["edges"][0]["support"], "supplement");
}

#[test]
fn every_exported_edge_carries_its_provenance() {
    let v = json(&["export", "json"]);
    let edges = v["edges"].as_array().unwrap();
    assert!(edges.len() > 1000);
    for e in edges {
        for key in [
            "knowledge_level",
            "agent_type",
            "support",
            "setting",
            "outcome",
        ] {
            assert!(e[key].is_string(), "{key} missing on {e}");
        }
        if e["support"] == "section" {
            assert!(
                e["section"].is_string(),
                "section-placed without a section: {e}"
            );
        }
    }
    // The countermeasures the audit found resting only on where the review
    // places them say so.
    for agent in [
        "ici:neo_pv_01",
        "ici:isa_101",
        "ici:dc_neoantigen_vaccine",
        "ici:pegilodecakin",
        "ici:decitabine",
        "ici:panobinostat",
        "ici:romidepsin",
        "ici:hbi_8000",
        "ici:azacitidine",
        "ici:edp1503",
        "ici:bnt111",
    ] {
        let overcomes: Vec<&Value> = edges
            .iter()
            .filter(|e| e["subject"] == agent && e["predicate"] == "overcomes")
            .collect();
        assert!(!overcomes.is_empty(), "{agent} overcomes something");
        for e in overcomes {
            assert_eq!(e["support"], "section", "{e}");
        }
    }
}

#[test]
fn kgx_provenance_columns_are_read_when_present_and_optional_otherwise() {
    let dir = tempfile::tempdir().unwrap();
    let nodes = dir.path().join("nodes.tsv");
    let edges = dir.path().join("edges.tsv");
    fs::write(
        &nodes,
        "id\tname\tcategory\nX:1\ta\tbiolink:Gene\nX:2\tb\tbiolink:Disease\nX:3\tc\tbiolink:Disease\n",
    )
    .unwrap();
    fs::write(
        &edges,
        "subject\tpredicate\tobject\tknowledge_level\tagent_type\nX:1\tbiolink:related_to\tX:2\tknowledge_assertion\tmanual_agent\nX:1\tbiolink:related_to\tX:3\t\t\n",
    )
    .unwrap();
    let v = json(&[
        "--kgx-nodes",
        nodes.to_str().unwrap(),
        "--kgx-edges",
        edges.to_str().unwrap(),
        "node",
        "X:1",
    ]);
    let edges = v["edges"].as_array().unwrap();
    let to_b = edges.iter().find(|e| e["neighbor"]["id"] == "X:2").unwrap();
    assert_eq!(to_b["knowledge_level"], "knowledge_assertion");
    assert_eq!(to_b["agent_type"], "manual_agent");
    let to_c = edges.iter().find(|e| e["neighbor"]["id"] == "X:3").unwrap();
    assert!(to_c.get("knowledge_level").is_none(), "{to_c}");
}

#[test]
fn a_snapshot_keeps_provenance_and_its_markers() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.icg");
    run(&["build", "-o", db.to_str().unwrap()]);
    let (from_files, _) = run(&["node", "epacadostat"]);
    let (from_db, _) = run(&["--db", db.to_str().unwrap(), "node", "epacadostat"]);
    assert_eq!(from_files, from_db);
    assert!(from_db.contains("NEGATIVE"), "{from_db}");
}

// 2. Evidence that means what it says.

#[test]
fn a_member_keeps_its_own_trials_and_level() {
    let v = json(&["strategies", "gut dysbiosis"]);
    let list = strategy_list(&v);
    let mrx = list
        .iter()
        .find(|s| s["strategy"]["id"] == "ici:mrx0518")
        .expect("MRx0518 is a member of bacterial supplementation");
    assert_eq!(mrx["evidence"], "phase1/2");
    assert_eq!(
        mrx["trials"],
        serde_json::json!(["CLINICALTRIALS:NCT03637803"])
    );
    assert_eq!(mrx["member_of"]["id"], "ici:bacterial_supplementation");
    assert_eq!(mrx["knowledge_level"], "logical_entailment");
    assert_eq!(mrx["via"], "ici:bacterial_supplementation");
}

// 3. Honest strategies.

#[test]
fn b2m_loss_leads_with_ciap_antagonism_and_leaves_out_mhc_raising_agents_with_a_reason() {
    let v = json(&["strategies", "β2M loss"]);
    let list = strategy_list(&v);
    let first = &list[0];
    assert_eq!(first["strategy"]["id"], "ici:ciap_antagonism");
    assert_eq!(first["scope"], "direct");
    assert_eq!(first["refs"], serde_json::json!([105]));
    assert!(first.get("via").is_none());
    for dropped in ["ici:trametinib", "ici:chloroquine"] {
        assert!(!ids(list).contains(&dropped), "{dropped} is listed");
        let x = v["excluded"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["strategy"]["id"] == dropped)
            .expect("excluded with its reason");
        assert_eq!(x["rule"], "raises_what_is_lost");
        assert_eq!(x["component"]["id"], "ici:mhc_i");
        assert!(x["reason"].as_str().unwrap().contains("MHC-I"), "{x}");
        assert_eq!(x["via"], "ici:antigen_presentation_defect");
    }
    let (table, _) = run(&["strategies", "β2M loss"]);
    assert!(
        flat(&table).contains("trametinib works by raising MHC-I, which β2M loss/mutation removes"),
        "{table}"
    );
}

#[test]
fn every_item_says_how_it_is_known_and_inferred_ones_say_through_what() {
    for mechanism in [
        "β2M loss",
        "JAK1 loss",
        "gut dysbiosis",
        "IL-10-mediated immunosuppression",
        "activation of alternate inhibitory immune checkpoints",
        "CD19 epitope loss",
    ] {
        let v = json(&["strategies", mechanism]);
        for s in strategy_list(&v) {
            assert!(s["knowledge_level"].is_string(), "{mechanism}: {s}");
            let direct = s["scope"] == "direct" && s.get("member_of").is_none();
            if direct {
                assert_ne!(s["knowledge_level"], "logical_entailment", "{s}");
            } else {
                assert_eq!(s["knowledge_level"], "logical_entailment", "{s}");
                assert_eq!(s["agent_type"], "automated_agent", "{s}");
                assert!(s["via"].is_string(), "{s}");
                assert!(
                    s["inference"]
                        .as_str()
                        .unwrap()
                        .contains("the review names")
                );
            }
        }
        // Direct ones come first.
        let scopes: Vec<bool> = strategy_list(&v)
            .iter()
            .filter(|s| s["outcome"] != "negative")
            .map(|s| s["scope"] == "direct")
            .collect();
        assert!(
            scopes.windows(2).all(|w| w[0] >= w[1]),
            "{mechanism}: {scopes:?}"
        );
    }
}

#[test]
fn inherited_ones_say_what_the_review_names_them_for() {
    let v = json(&["strategies", "CD19 epitope loss"]);
    let isa = strategy_list(&v)
        .iter()
        .find(|s| s["strategy"]["id"] == "ici:isa_101")
        .unwrap();
    assert_eq!(
        isa["inference"],
        "the review names ISA 101 for loss of immunogenic neoantigens, not for CD19 epitope loss"
    );
    assert_eq!(isa["via"], "ici:neoantigen_loss");
}

#[test]
fn the_exclusion_rules_are_data() {
    // Without the rules file's rows, trametinib comes back, as inferred.
    let dir = data_copy();
    fs::write(
        dir.path().join("schema/strategy_exclusions.csv"),
        "rule,agent_predicates,mechanism_predicates,action,reason\n",
    )
    .unwrap();
    let v = json(&[
        "--data",
        dir.path().to_str().unwrap(),
        "strategies",
        "β2M loss",
    ]);
    let trametinib = strategy_list(&v)
        .iter()
        .find(|s| s["strategy"]["id"] == "ici:trametinib")
        .expect("no rule drops it");
    assert_eq!(trametinib["knowledge_level"], "logical_entailment");
    // A flag rule keeps it, with the reason.
    fs::write(
        dir.path().join("schema/strategy_exclusions.csv"),
        "rule,agent_predicates,mechanism_predicates,action,reason\nraises,upregulates,downregulates,flag,{agent} raises {component}; {mechanism} removes it\n",
    )
    .unwrap();
    let v = json(&[
        "--data",
        dir.path().to_str().unwrap(),
        "strategies",
        "β2M loss",
    ]);
    let list = strategy_list(&v);
    let trametinib = list
        .iter()
        .find(|s| s["strategy"]["id"] == "ici:trametinib")
        .unwrap();
    assert_eq!(
        trametinib["flags"][0]["reason"],
        "trametinib raises MHC-I; β2M loss/mutation removes it"
    );
    // Flagged ones rank after the unflagged inherited ones.
    let position = |id: &str| ids(list).iter().position(|x| *x == id).unwrap();
    assert!(position("ici:trametinib") > position("ici:aspire_nanovaccine"));
}

#[test]
fn pegilodecakin_is_flagged_for_il10_suppression() {
    let v = json(&["strategies", "IL-10-mediated immunosuppression"]);
    let list = strategy_list(&v);
    let peg = list
        .iter()
        .find(|s| s["strategy"]["id"] == "ici:pegilodecakin")
        .expect("inherited from the immunosuppressive TME");
    assert_eq!(peg["flags"][0]["rule"], "is_the_factor");
    assert_eq!(peg["flags"][0]["component"]["id"], "ici:il10");
    assert_eq!(list[0]["strategy"]["id"], "ici:il10_inhibition");
}

#[test]
fn direct_only_lists_what_the_review_names_for_the_mechanism() {
    let v = json(&["strategies", "β2M loss", "--direct-only"]);
    assert_eq!(ids(strategy_list(&v)), ["ici:ciap_antagonism"]);
    let v = json(&[
        "strategies",
        "IDO-mediated tryptophan catabolism",
        "--direct-only",
    ]);
    assert!(strategy_list(&v).iter().all(|s| s["scope"] == "direct"));
}

#[test]
fn a_class_mechanism_gathers_its_narrower_ones_grouped() {
    let v = json(&[
        "strategies",
        "activation of alternate inhibitory immune checkpoints",
    ]);
    let list = strategy_list(&v);
    let got = ids(list);
    for id in [
        "ici:ctla4_pd1_combination",
        "ici:anti_tim3",
        "ici:ieramilimab",
        "ici:anti_btla",
        "ici:anti_vista",
        "ici:tiragolumab",
    ] {
        assert!(got.contains(&id), "{id} missing from {got:?}");
    }
    assert_eq!(list[0]["scope"], "direct");
    // Grouped: the items of one narrower mechanism are consecutive.
    let groups: Vec<&str> = list
        .iter()
        .filter(|s| s["scope"] == "narrower")
        .map(|s| s["counteracts"]["id"].as_str().unwrap())
        .collect();
    let mut seen: Vec<&str> = Vec::new();
    for g in groups {
        if seen.last() != Some(&g) {
            assert!(!seen.contains(&g), "{g} is split");
            seen.push(g);
        }
    }
}

#[test]
fn a_negative_outcome_is_said_and_ranked_last() {
    let v = json(&["strategies", "IDO-mediated tryptophan catabolism"]);
    let list = strategy_list(&v);
    let last = list.last().unwrap();
    assert_eq!(last["strategy"]["id"], "ici:epacadostat");
    assert_eq!(last["outcome"], "negative");
    let (table, _) = run(&["strategies", "IDO-mediated tryptophan catabolism"]);
    assert!(table.contains("Tested with a negative outcome (ranked last)"));
    assert!(table.contains("NEGATIVE"));
}

#[test]
fn not_stated_evidence_is_said_and_never_ranked_below_preclinical() {
    for mechanism in ["gut dysbiosis", "β2M loss", "MDSC accumulation"] {
        let v = json(&["strategies", mechanism]);
        let list = strategy_list(&v);
        for pair in list.windows(2) {
            let same_group = pair[0]["scope"] == pair[1]["scope"]
                && pair[0]["member_of"].is_null() == pair[1]["member_of"].is_null()
                && pair[0]["flags"].is_null() == pair[1]["flags"].is_null()
                && pair[0]["outcome"] != "negative"
                && pair[1]["outcome"] != "negative";
            if same_group {
                assert!(
                    !(pair[0]["tier"] == "preclinical" && pair[1]["tier"] == "not_stated"),
                    "{mechanism}: {} before {}",
                    pair[0]["strategy"]["id"],
                    pair[1]["strategy"]["id"]
                );
            }
        }
    }
    let (table, _) = run(&["strategies", "β2M loss"]);
    assert!(table.contains("evidence level not stated"));
}

#[test]
fn a_non_mechanism_answers_with_the_mechanisms_that_involve_it() {
    let v = json(&["strategies", "MDSC"]);
    assert_eq!(v["mechanism"]["id"], "ici:mdsc");
    let involved: Vec<&str> = v["involved_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["report"]["mechanism"]["id"].as_str().unwrap())
        .collect();
    assert!(involved.contains(&"ici:mdsc_accumulation"), "{involved:?}");
    let (table, _) = run(&["strategies", "IDO"]);
    assert!(table.contains("is not a resistance mechanism"), "{table}");
    assert!(
        table.contains("IDO-mediated tryptophan catabolism"),
        "{table}"
    );
}

// 4. Caveats visible.

#[test]
fn caveats_show_under_rows_and_in_json_and_brief_hides_them() {
    let note = "β2M aberrations in about 30% of progressing melanomas cause total MHC-I loss";
    for args in [
        &["node", "β2M loss"][..],
        &["neighbors", "β2M loss"],
        &["path", "β2M loss", "loss of MHC-I"],
    ] {
        let (table, _) = run(args);
        assert!(table.contains("↳"), "{args:?}: {table}");
        assert!(
            flat(&table).contains("30% of progressing"),
            "{args:?}: {table}"
        );
        let mut brief = args.to_vec();
        brief.push("--brief");
        let (table, _) = run(&brief);
        assert!(!table.contains("↳"), "{args:?} --brief: {table}");
        let text = serde_json::to_string(&json(args)).unwrap();
        assert!(text.contains(note), "{args:?}");
        assert!(text.contains("\"setting\""), "{args:?}");
        let text = serde_json::to_string(&json(&brief)).unwrap();
        assert!(!text.contains(note), "{args:?} --brief");
        assert!(text.contains("\"knowledge_level\""), "{args:?} --brief");
    }
    let (table, _) = run(&["strategies", "β2M loss"]);
    assert!(table.contains("↳ setting ICI-resistant"), "{table}");
    let v = json(&["strategies", "β2M loss"]);
    assert!(strategy_list(&v)[0]["note"].is_string());
    let v = json(&["strategies", "β2M loss", "--brief"]);
    assert!(strategy_list(&v)[0].get("note").is_none());
}

// 5. Names in Cypher.

#[test]
fn resolve_finds_a_node_by_a_forgiving_name() {
    let (out, _) = run(&[
        "query",
        "MATCH (d) WHERE d = resolve('NSCLC') RETURN d.id",
        "--format",
        "csv",
    ]);
    assert_eq!(out, "d.id\nici:nsclc\n");
    let (out, _) = run(&[
        "query",
        "MATCH (m)-[:involves]->(g) WHERE g = resolve('beta-2 microglobulin') RETURN m.id ORDER BY m.id LIMIT 1",
        "--format",
        "csv",
    ]);
    assert!(out.starts_with("m.id\nici:"), "{out}");
}

#[test]
fn resolve_raises_the_command_lines_errors_at_line_and_column() {
    icigraph()
        .args(["query", "MATCH (d)\nWHERE d = resolve('NSLC') RETURN d"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no node is named \"NSLC\"; did you mean",
        ))
        .stderr(predicate::str::contains("non-small cell lung cancer"))
        .stderr(predicate::str::contains("query:2:11"));
}

#[test]
fn a_name_equality_that_finds_nothing_points_to_resolve() {
    let (out, err) = run(&[
        "query",
        "MATCH (d {name: 'NSCLC'}) RETURN d",
        "--format",
        "csv",
    ]);
    // openCypher semantics: no row.
    assert_eq!(out, "d\n");
    assert!(
        err.contains("non-small cell lung cancer (ici:nsclc)") && err.contains("resolve('NSCLC')"),
        "{err}"
    );
    // An exact name gets no note.
    let (_, err) = run(&[
        "query",
        "MATCH (d {name: 'melanoma'}) WHERE d.id = 'x' RETURN d",
    ]);
    assert!(err.is_empty(), "{err}");
}

// 6. Paths that explain.

#[test]
fn the_jak1_to_ctla4_example_leads_with_the_mechanism() {
    let v = json(&["path", "JAK1 loss", "anti-CTLA-4", "--k", "2"]);
    let first = &v["paths"][0];
    let predicates: Vec<&str> = first["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["predicate"].as_str().unwrap())
        .collect();
    for bookkeeping in ["observed_in", "studied_for", "tests", "studies"] {
        assert!(!predicates.contains(&bookkeeping), "{predicates:?}");
    }
    assert!(
        !first["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["id"] == "ici:melanoma")
    );
    // `--rank hops` keeps the search's order, which here starts at the hub.
    let hops = json(&[
        "path",
        "JAK1 loss",
        "anti-CTLA-4",
        "--k",
        "2",
        "--rank",
        "hops",
    ]);
    let specific_ids: Vec<&Value> = v["paths"].as_array().unwrap().iter().collect();
    assert_eq!(hops["paths"][0]["hops"], specific_ids[0]["hops"]);
    assert_ne!(hops["paths"][0]["nodes"], v["paths"][0]["nodes"]);
}

#[test]
fn ranking_never_reorders_across_lengths() {
    let v = json(&["path", "β2M loss", "PD-1", "--k", "8"]);
    let hops: Vec<u64> = v["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["hops"].as_u64().unwrap())
        .collect();
    assert!(hops.windows(2).all(|w| w[0] <= w[1]), "{hops:?}");
}

#[test]
fn an_agent_that_works_through_a_pathway_the_mechanism_disrupts_is_left_out() {
    // Were BO-112 (which acts through IFN-γ signalling) placed against the
    // whole IFN-γ/JAK defect, JAK1 loss would not inherit it.
    let dir = data_copy();
    let file = dir.path().join("edges/mechanism-of-action.csv");
    let mut text = fs::read_to_string(&file).unwrap();
    text.push_str("ici:bo_112,overcomes,ici:ifng_jak_defect,110,preclinical,,,,test row,knowledge_assertion,manual_agent,section,Targeting the IFN-γ/JAK signaling pathway,not_stated,positive\n");
    fs::write(&file, text).unwrap();
    let data = dir.path().to_str().unwrap();
    let v = json(&["--data", data, "strategies", "JAK1 loss"]);
    assert!(!ids(strategy_list(&v)).contains(&"ici:bo_112"));
    let x = &v["excluded"][0];
    assert_eq!(x["strategy"]["id"], "ici:bo_112");
    assert_eq!(x["rule"], "needs_what_is_disrupted");
    assert_eq!(x["component"]["id"], "ici:ifng_jak_stat_pathway");
    // The class itself keeps it: the review names it there.
    let v = json(&[
        "--data",
        data,
        "strategies",
        "defective IFN-γ/JAK signalling",
    ]);
    let bo = strategy_list(&v)
        .iter()
        .find(|s| s["strategy"]["id"] == "ici:bo_112")
        .unwrap();
    assert_eq!(bo["scope"], "direct");
    assert_eq!(bo["support"], "section");
}

#[test]
fn a_curated_edge_file_without_the_provenance_columns_is_refused() {
    let dir = data_copy();
    fs::write(
        dir.path().join("edges/extra.csv"),
        "subject,predicate,object,refs,evidence,context,trials,figures,note\nici:b2m_loss,involves,ici:mhc_i,44,,,,,\n",
    )
    .unwrap();
    icigraph()
        .arg("--data")
        .arg(dir.path())
        .arg("check")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("extra.csv:1: missing provenance columns \"knowledge_level\", \"agent_type\", \"support\", \"setting\", \"outcome\""));
}

#[test]
fn resolve_lists_the_candidates_of_an_ambiguous_name() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("nodes.csv"),
        "id,name,category,synonyms\nX:1,JAK1 gene,Gene,JAK\nX:2,JAK2 gene,Gene,JAK\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("edges.csv"),
        "subject,predicate,object\nX:1,binds,X:2\n",
    )
    .unwrap();
    icigraph()
        .arg("--data")
        .arg(dir.path())
        .args(["query", "MATCH (g) WHERE g = resolve('jak') RETURN g"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("\"jak\" is ambiguous"))
        .stderr(predicate::str::contains("JAK1 gene"))
        .stderr(predicate::str::contains("JAK2 gene"))
        .stderr(predicate::str::contains("query:1:21"));
}
