//! Runs scenarios of the openCypher TCK (read from `../shared/tck`, beside
//! the repository) against the query engine, prints pass counts per folder,
//! and fails when a scenario listed in `tests/tck-passing.txt` stops
//! passing. `TCK_BLESS=1` rewrites that list; `TCK_FILTER=text` runs only
//! matching scenarios and shows why they fail; `TCK_SHOW_ERRORS=1` shows
//! the error raised where an error is expected.

mod gherkin;
mod procedures;
mod values;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::{env, fs, process};

use gherkin::Step;
use icigraph_engine::Graph;
use icigraph_engine::query::{self, ErrorKind, GraphAccess, Options, QueryError, Table, Value};
use icigraph_engine::schema::Schema;

/// Every folder under `features/` that holds `.feature` files, as a path
/// relative to it (`clauses/match`), sorted.
fn folders(features: &Path) -> Vec<String> {
    fn walk(dir: &Path, features: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut has_feature = false;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, features, out);
            } else if path.extension().is_some_and(|x| x == "feature") {
                has_feature = true;
            }
        }
        if has_feature && let Ok(rel) = dir.strip_prefix(features) {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    let mut out = Vec::new();
    walk(features, features, &mut out);
    out.sort();
    out
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tck/tck")
}

/// A step's text, doc string and table, with outline values filled in.
type StepText = (String, Option<String>, Option<Vec<Vec<String>>>);

/// One runnable scenario (an outline example is its own scenario).
struct Case {
    folder: String,
    id: String,
    steps: Vec<StepText>,
}

fn substitute(text: &str, names: &[String], row: &[String]) -> String {
    let mut out = text.to_owned();
    for (n, v) in names.iter().zip(row) {
        out = out.replace(&format!("<{n}>"), v);
    }
    out
}

fn step_parts(
    step: &Step,
    names: &[String],
    row: &[String],
) -> (String, Option<String>, Option<Vec<Vec<String>>>) {
    (
        substitute(&step.text, names, row),
        step.doc.as_ref().map(|d| substitute(d, names, row)),
        step.table.as_ref().map(|t| {
            t.iter()
                .map(|r| r.iter().map(|c| substitute(c, names, row)).collect())
                .collect()
        }),
    )
}

fn collect(folder: &str, path: &Path, cases: &mut Vec<Case>) -> Result<(), String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let feature = gherkin::parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let file = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    for scenario in &feature.scenarios {
        let base = format!("{folder}/{file}: {}", scenario.name);
        let all_steps: Vec<&Step> = feature
            .background
            .iter()
            .chain(scenario.steps.iter())
            .collect();
        if scenario.examples.is_empty() {
            cases.push(Case {
                folder: folder.to_owned(),
                id: base,
                steps: all_steps.iter().map(|s| step_parts(s, &[], &[])).collect(),
            });
            continue;
        }
        let mut n = 0;
        for table in &scenario.examples {
            let Some((header, rows)) = table.split_first() else {
                continue;
            };
            for row in rows {
                n += 1;
                cases.push(Case {
                    folder: folder.to_owned(),
                    id: format!("{base} #{n}"),
                    steps: all_steps
                        .iter()
                        .map(|s| step_parts(s, header, row))
                        .collect(),
                });
            }
        }
    }
    Ok(())
}

/// What a graph holds, to measure side effects as the TCK does: nodes,
/// relationships and properties as multisets (a node by its key, a
/// relationship by its end points and type, a property by its owner, key and
/// value) and labels as the set of names in use. Relationships have no key,
/// so parallel ones of one type are told apart only by count: deleting one
/// and creating another between the same nodes reads as no change. Keys survive the
/// renumbering a DELETE causes, so before and after compare by identity.
#[derive(Default)]
struct State {
    nodes: BTreeMap<String, i64>,
    rels: BTreeMap<String, i64>,
    labels: BTreeSet<String>,
    props: BTreeMap<String, i64>,
}

fn state(graph: &Graph) -> State {
    let g: &dyn GraphAccess = graph;
    let mut s = State::default();
    for n in 0..g.node_count() as u32 {
        let n = query::NodeId(n);
        let key = g.node_key(n);
        s.labels.extend(g.labels(n));
        for (k, v) in g.node_properties(n) {
            let v = values::from_value(g, &v).canon(false);
            *s.props.entry(format!("({key}).{k}={v}")).or_default() += 1;
        }
        *s.nodes.entry(key).or_default() += 1;
    }
    for r in 0..g.rel_count() as u32 {
        let r = query::RelId(r);
        let (a, b) = g.endpoints(r);
        let key = format!(
            "({})-[:{}]->({})",
            g.node_key(a),
            g.type_name(g.rel_type(r)),
            g.node_key(b)
        );
        for (k, v) in g.rel_properties(r) {
            let v = values::from_value(g, &v).canon(false);
            *s.props.entry(format!("{key}.{k}={v}")).or_default() += 1;
        }
        *s.rels.entry(key).or_default() += 1;
    }
    s
}

/// How many elements of multiset `a` are not matched in `b`.
fn excess(a: &BTreeMap<String, i64>, b: &BTreeMap<String, i64>) -> i64 {
    a.iter()
        .map(|(k, n)| (n - b.get(k).copied().unwrap_or(0)).max(0))
        .sum()
}

/// The side effects between two states, in the TCK's names, zeros left out.
fn side_effects(before: &State, after: &State) -> BTreeMap<String, i64> {
    [
        ("+nodes", excess(&after.nodes, &before.nodes)),
        ("-nodes", excess(&before.nodes, &after.nodes)),
        ("+relationships", excess(&after.rels, &before.rels)),
        ("-relationships", excess(&before.rels, &after.rels)),
        (
            "+labels",
            after.labels.difference(&before.labels).count() as i64,
        ),
        (
            "-labels",
            before.labels.difference(&after.labels).count() as i64,
        ),
        ("+properties", excess(&after.props, &before.props)),
        ("-properties", excess(&before.props, &after.props)),
    ]
    .into_iter()
    .filter(|(_, v)| *v != 0)
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn table_rows(table: &[Vec<String>]) -> (Vec<String>, Vec<Vec<String>>) {
    match table.split_first() {
        Some((h, rows)) => (
            h.iter().map(|c| c.trim().to_owned()).collect(),
            rows.to_vec(),
        ),
        None => (Vec::new(), Vec::new()),
    }
}

fn compare(
    graph: &Graph,
    result: &Table,
    expected: &[Vec<String>],
    ordered: bool,
    sort_lists: bool,
) -> Result<(), String> {
    let (header, rows) = table_rows(expected);
    let mut positions = Vec::new();
    for h in &header {
        match result.columns.iter().position(|c| c == h) {
            Some(i) => positions.push(i),
            None => return Err(format!("columns {:?}, expected {header:?}", result.columns)),
        }
    }
    if result.columns.len() != header.len() {
        return Err(format!("columns {:?}, expected {header:?}", result.columns));
    }
    let mut want = Vec::new();
    for row in &rows {
        let mut cells = Vec::new();
        for cell in row {
            cells.push(values::parse(cell)?.canon(sort_lists));
        }
        want.push(cells);
    }
    let mut got: Vec<Vec<String>> = result
        .rows
        .iter()
        .map(|r| {
            positions
                .iter()
                .map(|&i| values::from_value(graph, &r[i]).canon(sort_lists))
                .collect()
        })
        .collect();
    if !ordered {
        want.sort();
        got.sort();
    }
    if want == got {
        Ok(())
    } else {
        Err(format!("rows differ:\n  got  {got:?}\n  want {want:?}"))
    }
}

/// Whether an engine error is of the class the TCK expects. The classes
/// with a kind of their own (a constraint, a deleted entity, a missing
/// parameter) must match it; the engine finds many compile-time errors at
/// run time and the reverse, so syntax, semantic, type and argument errors
/// are taken for one another.
fn class_matches(class: &str, kind: ErrorKind) -> bool {
    use ErrorKind::*;
    match class {
        "ConstraintVerificationFailed" => kind == Constraint,
        "EntityNotFound" => kind == Semantic,
        "ParameterMissing" => kind == Parameter,
        "SyntaxError" | "SemanticError" | "TypeError" | "ArgumentError" => {
            matches!(kind, Syntax | Semantic | Type | Argument)
        }
        _ => true,
    }
}

fn run_setup(graph: &mut Graph, text: &str) -> Result<(), String> {
    query::run(graph, text, &Options::default())
        .map(|_| ())
        .map_err(|e| format!("set-up failed: {e}"))
}

fn run_case(case: &Case) -> Result<(), String> {
    let mut graph = Graph::new(Schema::open());
    let mut options = Options::default();
    let mut before = State::default();
    let mut outcome: Option<Result<Table, QueryError>> = None;
    for (text, doc, table) in &case.steps {
        let text = text.trim();
        let doc = doc.as_deref().unwrap_or("");
        match text {
            "an empty graph" | "any graph" => {}
            t if t.starts_with("the ") && t.ends_with(" graph") => {
                let name = &t[4..t.len() - 6];
                let script =
                    fs::read_to_string(root().join(format!("graphs/{name}/{name}.cypher")))
                        .map_err(|e| format!("named graph {name}: {e}"))?;
                run_setup(&mut graph, &script)?;
            }
            "having executed:" => run_setup(&mut graph, doc)?,
            t if t.starts_with("there exists a procedure ") => {
                procedures::declare(&mut options, t, table.as_deref().unwrap_or(&[]))?
            }
            "parameters are:" => {
                for row in table.as_deref().unwrap_or(&[]) {
                    let tv = values::parse(&row[1])?;
                    let v: Value = values::to_value(&tv).ok_or("unsupported parameter")?;
                    options.params.insert(row[0].trim().to_owned(), v);
                }
            }
            "executing query:" | "executing control query:" => {
                before = state(&graph);
                outcome = Some(query::run(&mut graph, doc, &options));
            }
            t if t.starts_with("the result should be") => {
                let result = match outcome.as_ref().ok_or("no query ran")? {
                    Ok(r) => r,
                    Err(e) => return Err(format!("query failed: {e}")),
                };
                if t == "the result should be empty" {
                    if !result.rows.is_empty() {
                        return Err(format!("expected no rows, got {}", result.rows.len()));
                    }
                    continue;
                }
                let expected = table.as_deref().unwrap_or(&[]);
                let ordered = t.contains("in order");
                let sort_lists = t.contains("ignoring element order for lists");
                compare(&graph, result, expected, ordered, sort_lists)?;
            }
            t if t.contains("should be raised") => match outcome.as_ref().ok_or("no query ran")? {
                Ok(_) => return Err(format!("expected an error ({t}), the query succeeded")),
                Err(e) if matches!(e.kind, ErrorKind::Unsupported | ErrorKind::Limit) => {
                    return Err(format!("expected an error ({t}), got: {e}"));
                }
                Err(e) => {
                    if env::var("TCK_SHOW_ERRORS").is_ok() {
                        println!("{}\n  expected {t}\n  got {e}", case.id);
                    }
                    let class = t
                        .split_whitespace()
                        .nth(1)
                        .unwrap_or_default()
                        .trim_end_matches(':');
                    if !class_matches(class, e.kind) {
                        return Err(format!("expected a {class}, got: {e}"));
                    }
                }
            },
            "no side effects" => {
                let got = side_effects(&before, &state(&graph));
                if !got.is_empty() {
                    return Err(format!("side effects {got:?}, expected none"));
                }
            }
            "the side effects should be:" => {
                let got = side_effects(&before, &state(&graph));
                let want: BTreeMap<String, i64> = table
                    .as_deref()
                    .unwrap_or(&[])
                    .iter()
                    .map(|row| (row[0].trim().to_owned(), row[1].trim().parse().unwrap_or(0)))
                    .filter(|(_, v)| *v != 0)
                    .collect();
                if got != want {
                    return Err(format!("side effects {got:?}, expected {want:?}"));
                }
            }
            t => return Err(format!("unsupported step: {t}")),
        }
    }
    Ok(())
}

fn main() {
    let features = root().join("features");
    if !features.is_dir() {
        eprintln!(
            "openCypher TCK not found at {} (it is expected beside the repository, in ../shared/tck)",
            features.display()
        );
        process::exit(1);
    }
    let started = std::time::Instant::now();
    let all_folders = folders(&features);
    let mut cases = Vec::new();
    for folder in &all_folders {
        let dir = features.join(folder);
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "feature"))
            .collect();
        files.sort();
        for file in files {
            if let Err(e) = collect(folder, &file, &mut cases) {
                eprintln!("cannot read {e}");
                process::exit(1);
            }
        }
    }
    let filter = env::var("TCK_FILTER").ok();
    let mut passing = BTreeSet::new();
    let mut per_folder: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for case in &cases {
        if filter
            .as_ref()
            .is_some_and(|f| !case.id.contains(f.as_str()))
        {
            continue;
        }
        let result = catch_unwind(AssertUnwindSafe(|| run_case(case)))
            .unwrap_or_else(|_| Err("PANIC".into()));
        let entry = per_folder.entry(case.folder.as_str()).or_default();
        entry.1 += 1;
        match result {
            Ok(()) => {
                entry.0 += 1;
                passing.insert(case.id.clone());
            }
            Err(why) => {
                if filter.is_some() || why == "PANIC" {
                    println!("FAIL {}\n  {why}", case.id);
                }
            }
        }
    }
    let (mut pass, mut total) = (0, 0);
    println!("openCypher TCK scenarios passing:");
    for folder in &all_folders {
        if let Some((p, t)) = per_folder.get(folder.as_str()) {
            println!(
                "  {folder:<40} {p:>4} / {t:<4} ({:.0}%)",
                100.0 * *p as f64 / (*t).max(1) as f64
            );
            pass += p;
            total += t;
        }
    }
    println!(
        "  {:<40} {pass:>4} / {total:<4} ({:.1}%) in {:.1} s",
        "all",
        100.0 * pass as f64 / total.max(1) as f64,
        started.elapsed().as_secs_f64()
    );
    if filter.is_some() {
        return;
    }
    let list_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tck-passing.txt");
    if env::var("TCK_BLESS").is_ok_and(|v| v == "1") {
        let text: String = passing.iter().map(|id| format!("{id}\n")).collect();
        fs::write(&list_path, text).expect("write tests/tck-passing.txt");
        println!(
            "wrote {} passing scenarios to tests/tck-passing.txt",
            passing.len()
        );
        return;
    }
    let listed: BTreeSet<String> = fs::read_to_string(&list_path)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let newly: Vec<&String> = passing.difference(&listed).collect();
    if !newly.is_empty() {
        println!(
            "{} scenarios pass that are not listed (update with TCK_BLESS=1):",
            newly.len()
        );
        for id in newly.iter().take(50) {
            println!("  + {id}");
        }
    }
    let lost: Vec<&String> = listed.difference(&passing).collect();
    if !lost.is_empty() {
        println!("{} listed scenarios no longer pass:", lost.len());
        for id in &lost {
            println!("  - {id}");
        }
        process::exit(1);
    }
}
