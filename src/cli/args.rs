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
    /// nodes.csv + edges.csv, or KGX nodes.tsv + edges.tsv).
    #[arg(long, global = true, env = "ICIGRAPH_DATA", value_name = "DIR")]
    pub data: Option<PathBuf>,
    /// KGX node file (with --kgx-edges) to load instead of a folder.
    #[arg(long, global = true, value_name = "FILE", requires = "kgx_edges")]
    pub kgx_nodes: Option<PathBuf>,
    /// KGX edge file (with --kgx-nodes).
    #[arg(long, global = true, value_name = "FILE", requires = "kgx_nodes")]
    pub kgx_edges: Option<PathBuf>,
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned text for a terminal.
    Table,
    /// JSON for scripts.
    Json,
    /// Graphviz DOT (for commands that draw).
    Dot,
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
    /// Strategies and drugs that counteract a resistance mechanism, directly or
    /// through a broader mechanism it belongs to, strongest evidence first.
    #[command(
        after_help = "Examples:\n  icigraph strategies 'β2M mutation'\n  icigraph strategies 'JAK1/2 loss' --format json"
    )]
    Strategies {
        /// Id, name or synonym of the mechanism.
        mechanism: String,
    },
    /// Write the graph in another format.
    #[command(subcommand)]
    Export(Export),
}

#[derive(Debug, Subcommand)]
pub enum Export {
    /// The whole graph as JSON: {"nodes":[…],"edges":[…]}.
    #[command(after_help = "Example:\n  icigraph export json -o graph.json")]
    Json {
        /// Write here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Options of `icigraph path`.
#[derive(Debug, Args)]
pub struct PathArgs {
    /// Where the paths start (id, name or synonym).
    pub from: String,
    /// Where the paths end (id, name or synonym).
    pub to: String,
    /// How many shortest loopless paths to list (Yen's algorithm).
    #[arg(long, default_value_t = 3, conflicts_with = "all")]
    pub k: usize,
    /// List every simple path of at most --max-hops hops, shortest first.
    #[arg(long)]
    pub all: bool,
    /// With --all: stop after this many paths.
    #[arg(long, default_value_t = 1000, requires = "all")]
    pub limit: usize,
    /// Longest path, in hops.
    #[arg(long, default_value_t = crate::path::DEFAULT_MAX_HOPS)]
    pub max_hops: usize,
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
