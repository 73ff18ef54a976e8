//! Command-line grammar (clap). Every subcommand carries an example in its help.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "icigraph",
    version,
    about = "Explore the biology of acquired resistance to immune checkpoint inhibitors as a graph",
    long_about = "icigraph loads a cited knowledge graph of acquired resistance to immune checkpoint \
inhibitors (Wang et al., Cell & Bioscience 2023, 13:120) — or any CSV/KGX graph — and answers \
questions about it: look-ups with forgiving names, neighbourhoods, statistics and exports.",
    after_help = "Examples:\n  icigraph node β2M\n  icigraph neighbors 'B2M loss' --depth 2\n  icigraph stats --format json\n  icigraph check --data graph-data"
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct Global {
    /// Graph folder to load instead of the built-in data (curated layout,
    /// nodes.csv + edges.csv, or KGX nodes.tsv + edges.tsv or nodes.jsonl + edges.jsonl).
    #[arg(long, global = true, env = "ICIGRAPH_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// Binary snapshot (written by `icigraph build`) to load instead of
    /// parsing files: the fastest start for big graphs.
    #[arg(
        long,
        global = true,
        env = "ICIGRAPH_DB",
        value_name = "FILE",
        conflicts_with_all = ["data", "kgx_nodes"]
    )]
    pub db: Option<PathBuf>,
    /// KGX node file (with --kgx-edges) to load instead of a folder.
    #[arg(long, global = true, value_name = "FILE", requires = "kgx_edges")]
    pub kgx_nodes: Option<PathBuf>,
    /// KGX edge file (with --kgx-nodes).
    #[arg(long, global = true, value_name = "FILE", requires = "kgx_nodes")]
    pub kgx_edges: Option<PathBuf>,
    /// Folder loaded beside the graph (plain nodes.csv + edges.csv or KGX
    /// nodes.tsv + edges.tsv; repeatable), e.g. the Gene Ontology folder
    /// `graph-data-go` written by scripts/golink/golink.py.
    #[arg(long, global = true, value_name = "DIR", conflicts_with = "db")]
    pub with: Vec<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Leave out each edge's caveats (note, setting, outcome, context,
    /// trials): the lines under table rows and the fields in JSON.
    #[arg(long, global = true)]
    pub brief: bool,
    /// Draw no progress bars. Without it, a load, snapshot write, export or
    /// `generate` that runs over a second draws one on stderr when stderr is
    /// a terminal (never in pipes, files or CI).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Replace an existing regular file when writing (never a folder,
    /// device, FIFO, symbolic link or a file of the graph being read).
    #[arg(long, global = true)]
    pub force: bool,
}

/// `path --rank`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RankArg {
    Hops,
    Specific,
}

impl From<RankArg> for icigraph_engine::path::rank::Rank {
    fn from(rank: RankArg) -> Self {
        match rank {
            RankArg::Hops => icigraph_engine::path::rank::Rank::Hops,
            RankArg::Specific => icigraph_engine::path::rank::Rank::Specific,
        }
    }
}

impl Global {
    /// The progress bars this run draws (none with `--quiet`).
    pub fn bars(&self) -> super::progress::Bars {
        super::progress::Bars::new(self.quiet)
    }

    /// The write rule for this run: `--force`, and the graph's own files.
    pub fn writes(&self) -> super::target::Writes {
        let inputs: Vec<&std::path::Path> =
            [&self.data, &self.db, &self.kgx_nodes, &self.kgx_edges]
                .into_iter()
                .flatten()
                .map(PathBuf::as_path)
                .collect();
        super::target::Writes::new(self.force, &inputs)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for a terminal.
    Table,
    /// JSON for scripts.
    Json,
    /// CSV with a header line (query results; other commands print a table).
    Csv,
    /// Graphviz DOT (neighbors, path): the result emphasised, its context faded.
    Dot,
    /// Markdown (`export table`).
    #[value(name = "md", alias = "markdown")]
    Markdown,
    /// HTML (`export table`).
    Html,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the graph files and report every problem as file:line.
    #[command(after_help = "Example:\n  icigraph check --data graph-data")]
    Check,
    /// Counts per category and predicate, connected components, biggest hubs.
    #[command(after_help = "Example:\n  icigraph stats --format json")]
    Stats {
        /// How many hubs to list.
        #[arg(long, default_value_t = 10)]
        hubs: usize,
    },
    /// Everything about one node: id, category, synonyms, properties, edges.
    #[command(
        after_help = "Examples:\n  icigraph node β2M\n  icigraph node 'beta-2 microglobulin' --format json"
    )]
    Node {
        /// Id, name or synonym (forgiving: case, Greek letters, hyphens, plurals).
        name: String,
    },
    /// Nodes within N steps of a node, with the edge that reached each.
    #[command(
        visible_alias = "neighbours",
        after_help = "Examples:\n  icigraph neighbors 'B2M loss'\n  icigraph neighbors PD-1 --depth 2 --category Drug --predicate targets"
    )]
    Neighbors {
        /// Id, name or synonym of the centre node.
        name: String,
        /// How many steps to walk.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// Only list nodes of this category (repeatable).
        #[arg(long = "category", value_name = "CATEGORY")]
        categories: Vec<String>,
        /// Only walk edges of this predicate (repeatable).
        #[arg(long = "predicate", value_name = "PREDICATE")]
        predicates: Vec<String>,
        /// Follow edges only from subject to object.
        #[arg(long)]
        directed: bool,
    },
    /// Paths between two concepts, with the evidence of every edge.
    #[command(
        after_help = "Examples:\n  icigraph path 'β2M loss' 'cIAP1/2 antagonist'\n  icigraph path 'JAK1/2 loss' 'anti-CTLA-4' --k 5 --avoid 'acquired resistance'\n  icigraph path B2M 'NK cell therapy' --all --max-hops 4 --format json"
    )]
    Path(PathArgs),
    /// Strategies and drugs that counteract a resistance mechanism: those the
    /// review names for it first, then those of narrower mechanisms and those
    /// inherited from broader ones, labelled as inferred.
    #[command(
        after_help = "Examples:\n  icigraph strategies 'β2M mutation'\n  icigraph strategies 'JAK1 loss' --format json\n  icigraph strategies 'β2M loss' --direct-only\n  icigraph strategies MDSC"
    )]
    Strategies {
        /// Id, name or synonym of the mechanism (another node lists the
        /// mechanisms that involve it).
        mechanism: String,
        /// Only countermeasures the review names for this very mechanism,
        /// none inferred from broader or narrower ones.
        #[arg(long)]
        direct_only: bool,
    },
    /// Answer a Cypher query (a documented subset) over the graph.
    #[command(
        after_help = "Examples:\n  icigraph query 'MATCH (d:Drug)-[:targets]->(g) RETURN d.name, g.name LIMIT 5'\n  icigraph query -f queries/b2m-to-ciap.cypher\n  icigraph query 'MATCH (n {name: $name}) RETURN n' --param name=β2M --format json\n  icigraph query --empty 'CREATE (:A)-[:R]->(:B); MATCH p = (:A)-->() RETURN p'\n  icigraph query --save curated.icg 'MATCH (n {name: \"B2M\"}) SET n.checked = true'\n  icigraph query 'EXPLAIN MATCH (d:Drug)-[:targets]->(g) RETURN count(*)'\n  icigraph query --timing 'PROFILE MATCH (n:Gene) RETURN count(n)'"
    )]
    Query {
        /// The query text; several statements may be separated by `;`.
        #[arg(required_unless_present = "file", conflicts_with = "file")]
        query: Option<String>,
        /// Read the query from a file.
        #[arg(short, long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// A value for `$NAME` (repeatable). JSON values keep their type
        /// (`3`, `true`, `["a","b"]`); anything else is a string.
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Start from an empty graph instead of the data (scratch work with CREATE).
        #[arg(long)]
        empty: bool,
        /// Print parse, plan and execution times on stderr.
        #[arg(long)]
        timing: bool,
        /// Write the graph after the query (with what CREATE, MERGE, SET,
        /// REMOVE or DELETE changed) as a new snapshot; the files read are
        /// never rewritten. An existing FILE is kept unless --force.
        #[arg(long, value_name = "FILE.icg")]
        save: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Write the graph in another format.
    #[command(
        subcommand,
        after_help = "Examples:\n  icigraph export json -o graph.json\n  icigraph export dot --figure fig3 -o fig3.dot"
    )]
    Export(Export),
    /// Validate a graph and save it as a binary snapshot for instant start.
    #[command(
        after_help = "Examples:\n  icigraph build --data hetionet-size -o graph.icg\n  icigraph --db graph.icg stats"
    )]
    Build {
        /// Snapshot file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Benchmark workload (used by bench/run.sh): times the load, one
    /// shortest directed path per pair and one count of nodes within --hops
    /// directed steps per pair source; prints JSON.
    #[command(hide = true)]
    BenchQueries(BenchArgs),
    /// List the figure views (the review's figures and tables) with their titles.
    #[command(
        after_help = "Examples:\n  icigraph figures\n  icigraph render --figure fig2 -o fig2.svg"
    )]
    Figures,
    /// Draw a figure view or a neighbourhood as SVG, PNG or PDF.
    ///
    /// Uses Graphviz `dot` when it is installed; otherwise a built-in layout
    /// (clusters as boxes, straight edges between them) writes SVG or PNG.
    #[command(
        after_help = "Examples:\n  icigraph render --figure fig1 -o fig1.svg\n  icigraph render --neighbors 'B2M loss' --depth 2 -o b2m.png\n  icigraph render --all-figures -o docs/figures/"
    )]
    Render(Render),
    /// Write a synthetic knowledge graph (power-law degrees, 11 categories,
    /// 24 predicates) as nodes.csv + edges.csv or KGX TSV, byte-identical for a seed.
    #[command(
        after_help = "Examples:\n  icigraph generate --nodes 47031 --edges 2250197 --seed 1 --out hetionet-size\n  icigraph generate --nodes 1000 --edges 10000 --out small --layout kgx"
    )]
    Generate {
        /// Number of nodes.
        #[arg(long)]
        nodes: u32,
        /// Number of distinct edges (no self-loops, no repeated triples).
        #[arg(long)]
        edges: u64,
        /// Seed of the random generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Folder to write (created if missing).
        #[arg(long, short, value_name = "DIR")]
        out: PathBuf,
        /// Also write pairs.csv: this many seeded (source, target) pairs with
        /// target reachable from source, for `path --pairs` and benchmarks.
        #[arg(long, default_value_t = 0, value_name = "N")]
        pairs: usize,
        /// File layout: csv (nodes.csv, edges.csv) or kgx (nodes.tsv, edges.tsv).
        /// Named --layout because --format is the global output option
        /// (table or json); clap cannot give one flag two meanings.
        #[arg(long, value_enum, default_value_t = GenerateFormat::Csv)]
        layout: GenerateFormat,
    },
    /// The mechanism hierarchy as an indented tree: the broad classes down to
    /// each specific mechanism, with how many countermeasures target each
    /// mechanism or one below it.
    #[command(
        after_help = "Examples:\n  icigraph tree\n  icigraph tree 'tumor cell-intrinsic'\n  icigraph tree --format json\n  icigraph tree --format dot | dot -Tsvg > tree.svg"
    )]
    Tree {
        /// Start from this mechanism instead of every top-level one.
        name: Option<String>,
    },
    /// Explore interactively: load the graph once, then run colon commands
    /// (:node, :neighbors, :path, :render, …) and Cypher statements ending
    /// with `;`. Reads standard input line by line when it is not a terminal.
    #[command(
        after_help = "Examples:\n  icigraph shell\n  icigraph shell --data graph-data\n  icigraph shell < session.txt\n\nInside, :help lists the commands."
    )]
    Shell {
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Explore in a web browser: search, node cards, paths, strategies,
    /// Cypher and the figures, served on this machine only (prints the URL,
    /// opens nothing). Read-only unless --allow-writes.
    #[command(
        after_help = "Examples:\n  icigraph serve\n  icigraph serve --port 8080\n  icigraph --db graph.icg serve --max-expansions 1000000"
    )]
    Serve(crate::serve::ServeArgs),
}

/// Arguments of the hidden `bench-queries` command.
#[derive(Debug, Args)]
pub struct BenchArgs {
    /// CSV of `source,target` node ids.
    #[arg(long, value_name = "FILE")]
    pub pairs: PathBuf,
    /// Hops for the neighbourhood counts.
    #[arg(long, default_value_t = 2)]
    pub hops: usize,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["figure", "all_figures", "neighbors"])))]
pub struct Render {
    /// The figure view to draw (see `icigraph figures`).
    #[arg(long, value_name = "ID")]
    pub figure: Option<String>,
    /// Draw every figure view into the folder given by -o, as <view>.svg (or
    /// the extension of --image).
    #[arg(long)]
    pub all_figures: bool,
    /// Draw the neighbourhood of this node.
    #[arg(long, value_name = "NAME")]
    pub neighbors: Option<String>,
    /// Steps of the neighbourhood (with --neighbors).
    #[arg(long, default_value_t = 1, requires = "neighbors")]
    pub depth: usize,
    /// Beyond this many nodes, leaf neighbours of one category reached by
    /// one predicate are drawn as one summary node ("12 clinical trials").
    #[arg(long, default_value_t = icigraph_engine::export::drawing::NODE_BUDGET, requires = "neighbors")]
    pub budget: usize,
    /// Draw this category's leaf neighbours one by one even beyond the budget
    /// (repeatable).
    #[arg(long, value_name = "CATEGORY", requires = "neighbors")]
    pub expand: Vec<String>,
    /// Output file (.svg, .png or .pdf), or a folder with --all-figures.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// Picture format for --all-figures.
    #[arg(long, value_enum, default_value_t = ImageKind::Svg, requires = "all_figures")]
    pub image: ImageKind,
    /// Layout engine: Graphviz when installed (auto), Graphviz only, or the built-in layout.
    #[arg(long, value_enum, default_value_t = EngineKind::Auto)]
    pub engine: EngineKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImageKind {
    Svg,
    Png,
    Pdf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EngineKind {
    Auto,
    Graphviz,
    Builtin,
}

/// File layout written by `generate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GenerateFormat {
    /// nodes.csv (id,name,category) and edges.csv (subject,predicate,object).
    Csv,
    /// KGX nodes.tsv and edges.tsv with biolink: prefixes.
    Kgx,
}

/// What part of the graph an interchange export writes (the whole graph
/// when none is given).
#[derive(Debug, Args, Clone, Default)]
#[command(group(clap::ArgGroup::new("subset").args(["figure", "neighbors", "query", "path"])))]
pub struct SubsetArgs {
    /// Only the members of this figure view (see `icigraph figures`).
    #[arg(long, value_name = "ID")]
    pub figure: Option<String>,
    /// Only this node's neighbourhood (every edge among the nodes reached).
    #[arg(long, value_name = "NAME")]
    pub neighbors: Option<String>,
    /// Steps of the neighbourhood (with --neighbors).
    #[arg(long, default_value_t = 1, requires = "neighbors")]
    pub depth: usize,
    /// Only the nodes, relationships and paths a Cypher query returns,
    /// e.g. 'MATCH p = (:Gene {name: "β2M"})-[*..2]-() RETURN p'.
    #[arg(long, value_name = "CYPHER")]
    pub query: Option<String>,
    /// Only the shortest paths between two nodes, as `icigraph path FROM TO` finds them.
    #[arg(long, num_args = 2, value_names = ["FROM", "TO"])]
    pub path: Option<Vec<String>>,
}

/// Where an interchange export writes.
#[derive(Debug, Args, Clone)]
pub struct TargetArgs {
    /// Replace an existing file, or write into a folder that is not empty.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Subcommand)]
pub enum Export {
    /// KGX TSV (nodes.tsv, edges.tsv) with Biolink categories, predicates and
    /// provenance columns, into a folder.
    #[command(
        after_help = "Examples:\n  icigraph export kgx -o kgx/\n  icigraph export kgx --figure fig3 -o fig3-kgx/\n  icigraph --kgx-nodes kgx/nodes.tsv --kgx-edges kgx/edges.tsv stats"
    )]
    Kgx {
        /// Folder to write (created when missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        #[command(flatten)]
        subset: SubsetArgs,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// KGX JSON Lines (nodes.jsonl, edges.jsonl), typed values, into a folder.
    #[command(
        name = "kgx-jsonl",
        after_help = "Examples:\n  icigraph export kgx-jsonl -o kgx/\n  icigraph --kgx-nodes kgx/nodes.jsonl --kgx-edges kgx/edges.jsonl stats"
    )]
    KgxJsonl {
        /// Folder to write (created when missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        #[command(flatten)]
        subset: SubsetArgs,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// Parquet (nodes.parquet, edges.parquet): the KGX columns, typed, for
    /// Spark, DuckDB and Polars, into a folder.
    #[command(
        after_help = "Examples:\n  icigraph export parquet -o parquet/\n  icigraph export parquet --figure fig3 -o fig3-parquet/\n  spark.read.parquet('parquet/edges.parquet').groupBy('predicate').count()"
    )]
    Parquet {
        /// Folder to write (created when missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        #[command(flatten)]
        subset: SubsetArgs,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// GraphML with typed keys (networkx, igraph, Gephi, yEd).
    #[command(
        after_help = "Examples:\n  icigraph export graphml -o graph.graphml\n  icigraph export graphml --neighbors 'B2M loss' --depth 2 > b2m.graphml"
    )]
    Graphml {
        /// File to write (standard output when omitted).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        subset: SubsetArgs,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// cytoscape.js JSON with the schema's colours and shapes as its style.
    #[command(after_help = "Examples:\n  icigraph export cytoscape --figure fig4 -o fig4.cyjs")]
    Cytoscape {
        /// File to write (standard output when omitted).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        subset: SubsetArgs,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// CX2 (Cytoscape desktop, NDEx) with the schema's style as visualProperties.
    #[command(after_help = "Examples:\n  icigraph export cx2 --figure fig2 -o fig2.cx2")]
    Cx2 {
        /// File to write (standard output when omitted).
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        #[command(flatten)]
        subset: SubsetArgs,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// Neo4j admin-import CSVs plus import.sh with the neo4j-admin command, into a folder.
    #[command(
        after_help = "Examples:\n  icigraph export neo4j -o neo4j-import/\n  sh neo4j-import/import.sh"
    )]
    Neo4j {
        /// Folder to write (created when missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        #[command(flatten)]
        subset: SubsetArgs,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// A Kùzu folder: schema.cypher, copy.cypher and the CSV files.
    #[command(
        after_help = "Examples:\n  icigraph export kuzu -o kuzu-import/\n  (cd kuzu-import && kuzu db < schema.cypher && kuzu db < copy.cypher)"
    )]
    Kuzu {
        /// Folder to write (created when missing).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        #[command(flatten)]
        subset: SubsetArgs,
        #[command(flatten)]
        target: TargetArgs,
    },
    /// The whole graph as JSON: {"nodes":[…],"edges":[…]}.
    #[command(after_help = "Example:\n  icigraph export json -o graph.json")]
    Json {
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// A figure view or the whole graph as Graphviz DOT.
    #[command(
        after_help = "Examples:\n  icigraph export dot --figure fig2 -o fig2.dot\n  icigraph export dot --all | dot -Tsvg > graph.svg"
    )]
    #[command(group(clap::ArgGroup::new("what").required(true).args(["figure", "all"])))]
    Dot {
        /// The figure view to draw (see `icigraph figures`).
        #[arg(long, value_name = "ID")]
        figure: Option<String>,
        /// The whole graph.
        #[arg(long)]
        all: bool,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// One of the review's tables (Table 1, Table 2) as a real table built
    /// from the graph: --format md, csv, html or json (default md).
    #[command(
        after_help = "Examples:\n  icigraph export table --figure table1 --format md\n  icigraph export table --figure table2 --format csv -o table2.csv\n  icigraph export table --figure table1 --format html -o table1.html"
    )]
    Table {
        /// The table view (see `icigraph figures`).
        #[arg(long, value_name = "ID")]
        figure: String,
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

pub use super::limits::{DEFAULT_MAX_EXPANSIONS, LimitArgs};

/// The most paths `path --all --limit` lists (the paths are held to be
/// sorted and shown) and `path --k` asks Yen's algorithm for.
pub use icigraph_engine::path::{MAX_K, MAX_LIMIT as MAX_PATH_LIMIT};

/// How many paths `path` (and the shell's `:path`) lists unless told.
pub const DEFAULT_K: usize = 3;

/// Options of `icigraph path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the paths start (id, name or synonym).
    #[arg(required_unless_present = "pairs")]
    pub from: Option<String>,
    /// Where the paths end (id, name or synonym).
    #[arg(required_unless_present = "pairs")]
    pub to: Option<String>,
    /// Answer every pair of a CSV file with columns source,target (ids,
    /// names or synonyms) in one run: one result per pair, in file order.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["from", "to", "all"])]
    pub pairs: Option<std::path::PathBuf>,
    /// How many shortest loopless paths to list (Yen's algorithm; at most 10,000).
    #[arg(long, default_value_t = DEFAULT_K, conflicts_with = "all",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_K as u64))]
    pub k: usize,
    /// List every simple path of at most --max-hops hops, shortest first.
    #[arg(long)]
    pub all: bool,
    /// With --all: stop after this many paths (at most 100,000).
    #[arg(long, default_value_t = 1000, requires = "all",
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_PATH_LIMIT as u64))]
    pub limit: usize,
    /// Longest path, in hops.
    #[arg(long, default_value_t = icigraph_engine::path::DEFAULT_MAX_HOPS)]
    pub max_hops: usize,
    /// Order of paths of equal length: `specific` puts mechanistic edges
    /// before bookkeeping ones (observed in, tested in, …) and damps hubs;
    /// `hops` keeps the search's order (evidence). --all lists paths as found.
    #[arg(long, value_enum, default_value_t = RankArg::Specific)]
    pub rank: RankArg,
    /// Follow edges only from subject to object (by default an edge may be
    /// walked backwards, read by its inverse).
    #[arg(long)]
    pub directed: bool,
    /// Never pass through this node (repeatable), e.g. a generic hub.
    #[arg(long, value_name = "NAME")]
    pub avoid: Vec<String>,
    /// Pass through a node of this category (repeatable: each one).
    #[arg(long = "via-category", value_name = "CATEGORY")]
    pub via_categories: Vec<String>,
    /// Never pass through nodes of this category (repeatable).
    #[arg(long = "exclude-category", value_name = "CATEGORY")]
    pub exclude_categories: Vec<String>,
    /// Only use edges of this predicate (repeatable).
    #[arg(long = "predicate", value_name = "PREDICATE")]
    pub predicates: Vec<String>,
}

impl PathArgs {
    /// A plain `path FROM TO [--k K]` with every other option at the value
    /// clap gives it on the command line, so the shell never restates defaults.
    pub fn between(from: &str, to: &str, k: Option<usize>) -> PathArgs {
        #[derive(Parser)]
        struct Only {
            #[command(flatten)]
            args: PathArgs,
        }
        let k = k.unwrap_or(DEFAULT_K).to_string();
        // `--` keeps a name that starts with `-` from reading as an option.
        Only::try_parse_from(["path", "--k", k.as_str(), "--", from, to])
            .expect("two ends and a count are valid path arguments")
            .args
    }
}
