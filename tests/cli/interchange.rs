//! Round trips of the interchange formats icigraph reads back (KGX TSV and
//! KGX JSON Lines): hostile names and properties — quotes, tabs, line
//! breaks, `|`, backslashes, non-ASCII — come back as they were written.
//!
//! What each format cannot carry is excluded from its generator and stated:
//! KGX TSV is untyped (every property comes back as text) and `|` separates
//! list items (so it cannot occur inside a synonym or a list item, or in a
//! text property other than the free-text ones, which are never split);
//! cells are trimmed, so no value starts or ends with a space. JSON Lines
//! keeps types and any character.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use icigraph_engine::export::{Files, Subset, kgx};
use icigraph_engine::graph::{Graph, NewNode, NewValue};
use icigraph_engine::load::{Source, load};
use icigraph_engine::schema::Schema;
use proptest::prelude::*;

struct Dir(PathBuf);

impl Files for Dir {
    fn write(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut file = io::BufWriter::new(std::fs::File::create(self.0.join(name))?);
        body(&mut file)?;
        file.flush()
    }
}

/// Characters that break naive writers, plus ordinary ones. Raw control
/// characters other than those the formats escape are refused at load by
/// rule, so they are not part of a round trip.
const HOSTILE: &[char] = &[
    '"', '\'', '\t', '\n', '\r', '|', '\\', ',', ';', '<', '&', '{', '[', ':', 'é', 'β', '中',
    '🧬', 'a', 'Z', '0', ' ',
];

fn text(exclude: &'static [char]) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(HOSTILE), 1..12).prop_map(move |chars| {
        let s: String = chars.into_iter().filter(|c| !exclude.contains(c)).collect();
        let s = s.trim_matches(' ').to_owned();
        if s.is_empty() { "x".to_owned() } else { s }
    })
}

/// A node: (name, synonyms, description, a text property).
type NodeSpec = (String, Vec<String>, String, String);

fn build(nodes: &[NodeSpec], typed: bool) -> Graph {
    let mut schema = Schema::open();
    let category = schema.category_or_add("Gene").unwrap();
    let predicate = schema.predicate_or_add("part_of").unwrap();
    let mut graph = Graph::new(schema);
    let mut ixs = Vec::new();
    for (i, (name, synonyms, description, note)) in nodes.iter().enumerate() {
        let id = format!("ici:n{i}\"é|{i}");
        let mut props = vec![
            ("description", NewValue::Str(description.clone())),
            ("label_note", NewValue::Str(note.clone())),
        ];
        if typed {
            props.push(("rank", NewValue::Int(i as i64 - 3)));
            props.push((
                "refs",
                NewValue::List(vec![NewValue::Int(i as i64 + 1), NewValue::Int(7)]),
            ));
        }
        let new = NewNode {
            id: &id,
            name,
            synonyms: synonyms.iter().map(String::as_str).collect(),
            props,
        };
        ixs.push(graph.add_node(category, new).unwrap());
    }
    for w in ixs.windows(2) {
        let note = graph.node(w[0]).name().to_owned();
        graph
            .add_edge(w[0], predicate, w[1], vec![("note", NewValue::Str(note))])
            .unwrap();
    }
    graph
}

/// Everything a reader can see of a graph, as plain values.
fn contents(graph: &Graph) -> (Vec<String>, Vec<String>) {
    let nodes = graph
        .node_indices()
        .map(|n| {
            let node = graph.node(n);
            let props: BTreeMap<&str, serde_json::Value> = node
                .props()
                .map(|(k, v)| (k, graph.value_json(v)))
                .collect();
            format!(
                "{:?} {:?} {:?} {:?} {:?}",
                node.id(),
                node.category().name,
                node.name(),
                node.synonyms().collect::<Vec<_>>(),
                props
            )
        })
        .collect();
    let edges = graph
        .edge_indices()
        .map(|e| {
            let edge = graph.edge(e);
            let props: BTreeMap<&str, serde_json::Value> = edge
                .props()
                .map(|(k, v)| (k, graph.value_json(v)))
                .collect();
            format!(
                "{:?} {:?} {:?} {:?}",
                graph.node(edge.subject()).id(),
                edge.predicate().name,
                graph.node(edge.object()).id(),
                props
            )
        })
        .collect();
    (nodes, edges)
}

fn round_trip(graph: &Graph, jsonl: bool) -> Graph {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Dir(dir.path().to_owned());
    let subset = Subset::whole(graph);
    let (nodes, edges) = if jsonl {
        kgx::write_jsonl(graph, &subset, &mut files).unwrap();
        ("nodes.jsonl", "edges.jsonl")
    } else {
        kgx::write_tsv(graph, &subset, &mut files).unwrap();
        ("nodes.tsv", "edges.tsv")
    };
    let at = |name: &str| Path::new(dir.path()).join(name);
    load(&Source::Kgx {
        nodes: at(nodes),
        edges: at(edges),
    })
    .unwrap_or_else(|err| panic!("{err}: {err:?}"))
}

fn node_specs(list_char: &'static [char]) -> impl Strategy<Value = Vec<NodeSpec>> {
    proptest::collection::vec(
        (
            text(&[]),
            proptest::collection::vec(text(list_char), 0..3),
            text(&[]),
            text(list_char),
        ),
        1..6,
    )
}

/// Reads one Parquet file's column `name` (text, or a list of text or of
/// integers, as strings) for every row, through the `parquet` crate's reader.
fn parquet_column(path: &Path, name: &str) -> Vec<Option<String>> {
    use arrow_array::cast::AsArray;
    use arrow_array::types::Int64Type;
    use arrow_array::{Array, RecordBatch};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let file = std::fs::File::open(path).unwrap();
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap();
    let mut out = Vec::new();
    for batch in reader {
        let batch: RecordBatch = batch.unwrap();
        let column = batch
            .column_by_name(name)
            .unwrap_or_else(|| panic!("{name}"));
        for i in 0..column.len() {
            if column.is_null(i) {
                out.push(None);
            } else if let Some(text) = column.as_string_opt::<i32>() {
                out.push(Some(text.value(i).to_owned()));
            } else if let Some(ints) = column.as_primitive_opt::<Int64Type>() {
                out.push(Some(ints.value(i).to_string()));
            } else {
                let list = column.as_list::<i32>().value(i);
                let items: Vec<String> = match list.as_string_opt::<i32>() {
                    Some(text) => text.iter().map(|s| s.unwrap().to_owned()).collect(),
                    None => list
                        .as_primitive::<Int64Type>()
                        .iter()
                        .map(|v| v.unwrap().to_string())
                        .collect(),
                };
                out.push(Some(format!("{items:?}")));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Parquet keeps every character and type: hostile names, synonyms and
    /// text properties come back as written, integers as integers and lists
    /// of integers as lists.
    #[test]
    fn parquet_keeps_hostile_text_and_types(nodes in node_specs(&[])) {
        use icigraph_engine::export::parquet;
        let graph = build(&nodes, true);
        let dir = tempfile::tempdir().unwrap();
        parquet::write(&graph, &Subset::whole(&graph), &mut Dir(dir.path().to_owned())).unwrap();
        let at = dir.path().join("nodes.parquet");
        let some = |v: Vec<String>| v.into_iter().map(Some).collect::<Vec<_>>();
        let ids: Vec<String> = (0..nodes.len()).map(|i| format!("ici:n{i}\"é|{i}")).collect();
        prop_assert_eq!(parquet_column(&at, "id"), some(ids));
        prop_assert_eq!(parquet_column(&at, "name"), some(nodes.iter().map(|n| n.0.clone()).collect()));
        prop_assert_eq!(
            parquet_column(&at, "synonym"),
            some(nodes.iter().map(|n| format!("{:?}", n.1)).collect())
        );
        prop_assert_eq!(parquet_column(&at, "description"), some(nodes.iter().map(|n| n.2.clone()).collect()));
        prop_assert_eq!(parquet_column(&at, "ici:label_note"), some(nodes.iter().map(|n| n.3.clone()).collect()));
        prop_assert_eq!(
            parquet_column(&at, "ici:rank"),
            some((0..nodes.len()).map(|i| (i as i64 - 3).to_string()).collect())
        );
        prop_assert_eq!(
            parquet_column(&at, "ici:refs"),
            some((0..nodes.len()).map(|i| format!("{:?}", [(i + 1).to_string(), "7".into()])).collect())
        );
        let edges = dir.path().join("edges.parquet");
        prop_assert_eq!(
            parquet_column(&edges, "ici:note"),
            some(nodes.iter().take(nodes.len().saturating_sub(1)).map(|n| n.0.clone()).collect())
        );
        prop_assert_eq!(
            parquet_column(&edges, "knowledge_level"),
            vec![Some("not_provided".to_owned()); nodes.len().saturating_sub(1)]
        );
    }

    #[test]
    fn kgx_tsv_keeps_hostile_text(nodes in node_specs(&['|'])) {
        let graph = build(&nodes, false);
        let back = round_trip(&graph, false);
        prop_assert_eq!(contents(&back), contents(&graph));
    }

    #[test]
    fn kgx_jsonl_keeps_hostile_text_and_types(nodes in node_specs(&[])) {
        let graph = build(&nodes, true);
        let back = round_trip(&graph, true);
        prop_assert_eq!(contents(&back), contents(&graph));
    }
}

#[test]
fn exports_of_a_read_back_graph_are_identical() {
    let graph = load(&Source::Embedded).unwrap();
    for jsonl in [false, true] {
        let once = round_trip(&graph, jsonl);
        let twice = round_trip(&once, jsonl);
        assert_eq!(contents(&twice), contents(&once));
        assert_eq!(once.node_count(), graph.node_count());
        assert_eq!(once.edge_count(), graph.edge_count());
    }
}

#[test]
fn open_graph_paths_read_backwards_by_biolink_inverses_and_without_refs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("nodes.tsv"),
        "id\tcategory\tname\nX:1\tbiolink:Gene\tgene one\nX:2\tbiolink:Pathway\tpathway two\nX:3\tbiolink:Gene\tgene three\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("edges.tsv"),
        "subject\tpredicate\tobject\nX:1\tbiolink:part_of\tX:2\nX:3\tbiolink:regulates\tX:2\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("icigraph")
        .unwrap()
        .args([
            "--data",
            dir.path().to_str().unwrap(),
            "path",
            "pathway two",
            "gene one",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("pathway two —has part→ gene one"), "{text}");
    assert!(
        !text.contains("inverse") && !text.contains("refs"),
        "{text}"
    );
    let out = assert_cmd::Command::cargo_bin("icigraph")
        .unwrap()
        .args([
            "--data",
            dir.path().to_str().unwrap(),
            "path",
            "pathway two",
            "gene three",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("—regulated by→ gene three"), "{text}");
}
