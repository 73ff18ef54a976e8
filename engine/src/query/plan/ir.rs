//! The logical plan: clauses become operators over rows of slots, variables
//! become slot numbers, and names are checked. The executor only sees this.

use super::super::value::Value;

/// Byte range in the query text.
pub type Span = (usize, usize);

/// One statement of a script.
#[derive(Debug)]
pub struct Statement {
    pub query: Query,
    /// Labels, types and properties the statement names, for strict checks.
    pub names: Vec<NameUse>,
}

#[derive(Debug)]
pub enum Query {
    Single(SingleQuery),
    /// `UNION` (distinct rows) or `UNION ALL`.
    Union {
        parts: Vec<SingleQuery>,
        all: bool,
    },
}

impl Query {
    /// The result columns (every part of a UNION has the same).
    pub fn columns(&self) -> &[String] {
        match self {
            Query::Single(q) => &q.columns,
            Query::Union { parts, .. } => &parts[0].columns,
        }
    }

    /// Whether running it may change the graph.
    pub fn writes(&self) -> bool {
        let parts: &[SingleQuery] = match self {
            Query::Single(s) => std::slice::from_ref(s),
            Query::Union { parts, .. } => parts,
        };
        parts.iter().flat_map(|p| &p.ops).any(|op| {
            matches!(
                op,
                Op::Create(_) | Op::Set(_) | Op::Delete(_) | Op::Merge(_)
            )
        })
    }
}

#[derive(Debug)]
pub struct SingleQuery {
    pub ops: Vec<Op>,
    /// Result columns; empty when the query ends without `RETURN`.
    pub columns: Vec<String>,
}

#[derive(Debug)]
pub enum Op {
    Match(MatchOp),
    Unwind {
        expr: Expr,
        slot: usize,
        span: Span,
    },
    Create(CreateOp),
    /// `SET` and `REMOVE` (a removal sets null or takes labels away).
    Set(SetOp),
    Delete(DeleteOp),
    Merge(Box<MergeOp>),
    Project(ProjectOp),
    /// A MATCH and the aggregation it feeds, rewritten by
    /// [`super::rewrite::count_last_hop`].
    CountLastHop(Box<CountLastHopOp>),
    Call(Box<CallOp>),
    /// A one-relationship MATCH grouped by `type(r)`, rewritten by
    /// `rewrite::count_by_type`.
    CountByType(Box<CountByTypeOp>),
    /// A MATCH of every node grouped by its labels, rewritten by
    /// `rewrite::count_by_label`.
    CountByLabel(Box<CountByLabelOp>),
}

/// `MATCH (n) RETURN labels(n), count(*)`: nodes are counted per set of
/// labels and each set's key is evaluated once, on its first node.
#[derive(Debug)]
pub struct CountByLabelOp {
    pub slot: usize,
    pub width: usize,
    pub span: Span,
    pub project: ProjectOp,
}

/// What a [`CountLastHopOp`] does with the last hops from each prefix match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastHop {
    /// Counts them: the grouping keys read only the prefix.
    Count,
    /// Counts them per set of labels of the end node: the keys read the end
    /// node only through its labels.
    ByEndLabels,
    /// Collects the end nodes in one set over all matches: the only
    /// aggregate is `count(DISTINCT end)`, without grouping keys.
    DistinctEnds,
}

/// `MATCH ()-[r]->() RETURN type(r), count(*)`: counts per type from each
/// node's relationship list, in the order enumeration meets the types.
#[derive(Debug)]
pub struct CountByTypeOp {
    pub rel_slot: usize,
    pub start_slot: usize,
    pub end_slot: usize,
    pub dir: RelDir,
    /// Allowed types; empty: any.
    pub types: Vec<String>,
    pub width: usize,
    pub span: Span,
    pub project: ProjectOp,
}

/// `CALL proc(args) YIELD …`: one call per input row, one row per output
/// row of the procedure.
#[derive(Debug)]
pub struct CallOp {
    pub procedure: std::rc::Rc<super::super::procedures::Procedure>,
    pub args: Vec<Expr>,
    /// (output index, slot) for each yielded output.
    pub yields: Vec<(usize, usize)>,
    /// `YIELD … WHERE`.
    pub filter: Option<Expr>,
    /// `OPTIONAL CALL`: a row without outputs gets nulls.
    pub optional: bool,
    pub width: usize,
    pub span: Span,
}

/// A MATCH whose last hop only feeds a count: `…-[:T]->(c) RETURN count(c)`.
/// The matches of the rest of the pattern (`prefix`) are enumerated and the
/// last hop is counted from each one's `from_slot` node.
#[derive(Debug)]
pub struct CountLastHopOp {
    pub prefix: PatternPlan,
    pub from_slot: usize,
    pub last: RelPat,
    /// Slot of the end node of the last hop.
    pub end_slot: usize,
    pub mode: LastHop,
    /// Relationships of the prefix, which the last hop may not reuse.
    pub prefix_rel_slots: Vec<usize>,
    /// Row width after the original MATCH.
    pub width: usize,
    /// The MATCH clause, for errors.
    pub span: Span,
    /// The aggregation the counts feed.
    pub project: ProjectOp,
    /// Set by the `top_by_count` pass: see [`TopByCount`].
    pub top: Option<TopByCount>,
}

/// Only the groups with the largest counts are wanted (`ORDER BY count
/// DESC … LIMIT k`) and a grouping key names the prefix's one node, so each
/// prefix match is a group of its own and a match whose count is below the
/// k-th largest needs no group at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopByCount {
    /// The node property that key reads, which must hold a distinct value
    /// on every node (checked when the query runs); `None` when the key is
    /// the node itself or its `id()`.
    pub unique_property: Option<String>,
}

#[derive(Debug)]
pub struct MatchOp {
    pub optional: bool,
    pub pattern: PatternPlan,
    pub filter: Option<Expr>,
    /// Row width after the match.
    pub width: usize,
    pub span: Span,
}

/// Several comma-separated paths matched together (relationships distinct).
#[derive(Debug, Clone)]
pub struct PatternPlan {
    pub paths: Vec<PathPlan>,
    /// Slots below this are bound before the pattern is matched.
    pub first_new: usize,
    /// Row width the matcher needs.
    pub width: usize,
}

#[derive(Debug, Clone)]
pub struct PathPlan {
    /// Slot of the named path (`p = …`).
    pub binding: Option<usize>,
    pub selector: Selector,
    pub nodes: Vec<NodePat>,
    pub rels: Vec<RelPat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selector {
    /// Every match (plain Cypher semantics).
    All,
    /// `shortestPath`, `ANY SHORTEST`: one shortest path per pair of ends.
    AnyShortest,
    /// `allShortestPaths`, `ALL SHORTEST`: every path of the shortest length.
    AllShortest,
    /// `SHORTEST k`: the k shortest paths, in order of length (Yen).
    Shortest(usize),
}

#[derive(Debug, Clone)]
pub struct NodePat {
    pub slot: usize,
    pub labels: Vec<String>,
    pub props: Vec<(String, Expr)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelDir {
    /// `-->`
    Right,
    /// `<--`
    Left,
    /// `--`
    Either,
}

#[derive(Debug, Clone)]
pub struct RelPat {
    pub slot: usize,
    pub types: Vec<String>,
    pub dir: RelDir,
    /// `*min..max`; `None` for a single relationship.
    pub length: Option<(usize, Option<usize>)>,
    pub props: Vec<(String, Expr)>,
    pub span: Span,
}

#[derive(Debug)]
pub struct CreateOp {
    pub paths: Vec<CreatePath>,
    pub width: usize,
    pub span: Span,
}

#[derive(Debug)]
pub struct CreatePath {
    pub binding: Option<usize>,
    pub nodes: Vec<CreateNode>,
    /// Relationship `i` joins node `i` and node `i + 1`.
    pub rels: Vec<CreateRel>,
}

#[derive(Debug)]
pub struct CreateNode {
    pub slot: usize,
    /// Already bound: reuse the node, create nothing.
    pub existing: bool,
    pub labels: Vec<String>,
    pub props: Vec<(String, Expr)>,
}

#[derive(Debug)]
pub struct CreateRel {
    pub slot: usize,
    pub rel_type: String,
    /// Written `<-`: the relationship starts at node `i + 1`.
    pub backwards: bool,
    /// Written `--` (MERGE only): matches either way, created forwards.
    pub undirected: bool,
    pub props: Vec<(String, Expr)>,
}

#[derive(Debug)]
pub struct SetOp {
    pub items: Vec<SetItem>,
    pub span: Span,
}

/// One assignment, applied to each row in order.
#[derive(Debug)]
pub enum SetItem {
    /// `SET x.key = value`; `REMOVE x.key` sets null.
    Prop {
        target: Expr,
        key: String,
        value: Expr,
        span: Span,
    },
    /// `SET x = map` (`merge: false`) or `SET x += map`.
    Props {
        target: Expr,
        value: Expr,
        merge: bool,
        span: Span,
    },
    /// `SET x:A:B` (`present`) or `REMOVE x:A:B`.
    Labels {
        target: Expr,
        labels: Vec<String>,
        present: bool,
        span: Span,
    },
}

#[derive(Debug)]
pub struct DeleteOp {
    pub exprs: Vec<(Expr, Span)>,
    /// `DETACH DELETE`: relationships of deleted nodes go too.
    pub detach: bool,
    pub span: Span,
}

/// `MERGE`: the pattern is matched; where it has no match it is created.
#[derive(Debug)]
pub struct MergeOp {
    pub pattern: PatternPlan,
    pub create: CreateOp,
    pub on_create: Vec<SetItem>,
    pub on_match: Vec<SetItem>,
    pub span: Span,
}

#[derive(Debug)]
pub struct ProjectOp {
    /// Expressions over the input row; aggregates appear as [`Expr::Agg`].
    pub items: Vec<Expr>,
    /// Per item: true when it holds no aggregate (a grouping key).
    pub is_key: Vec<bool>,
    pub aggregates: Vec<AggCall>,
    pub distinct: bool,
    /// Sort keys. Without aggregation or DISTINCT they are evaluated over
    /// the projected values followed by the input row; otherwise over the
    /// projected values only.
    pub order: Vec<(Expr, bool)>,
    pub skip: Option<Expr>,
    pub limit: Option<Expr>,
    /// `WITH … WHERE`, over the projected values.
    pub filter: Option<Expr>,
    /// Set by [`super::rewrite`]'s top-k pass: select the first
    /// `skip + limit` rows in order instead of sorting them all.
    pub top_k: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggFn {
    Count,
    CountStar,
    Collect,
    Sum,
    Avg,
    Min,
    Max,
    StDev,
    StDevP,
    PercentileCont,
    PercentileDisc,
}

#[derive(Debug, Clone)]
pub struct AggCall {
    pub func: AggFn,
    pub distinct: bool,
    pub args: Vec<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    StartsWith,
    EndsWith,
    Contains,
    Regex,
    In,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    All,
    Any,
    None,
    Single,
}

#[derive(Debug, Clone)]
pub enum MapItem {
    Property(String),
    AllProperties,
    Entry(String, Expr),
}

#[derive(Debug, Clone)]
pub enum Expr {
    Const(Value),
    Param(String),
    Slot(usize),
    Prop(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Slice(Box<Expr>, Option<Box<Expr>>, Option<Box<Expr>>),
    List(Vec<Expr>),
    Map(Vec<(String, Expr)>),
    MapProjection(Box<Expr>, Vec<MapItem>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Xor(Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Bin(BinOp, Box<Expr>, Box<Expr>, Span),
    IsNull(Box<Expr>, bool),
    HasLabels(Box<Expr>, Vec<String>),
    Call(super::functions::Func, Vec<Expr>, Span),
    Agg(usize),
    Case {
        operand: Option<Box<Expr>>,
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    ListComp {
        slot: usize,
        list: Box<Expr>,
        filter: Option<Box<Expr>>,
        map: Option<Box<Expr>>,
    },
    Quantified {
        kind: Quantifier,
        slot: usize,
        list: Box<Expr>,
        filter: Box<Expr>,
    },
    Reduce {
        acc: usize,
        init: Box<Expr>,
        slot: usize,
        list: Box<Expr>,
        expr: Box<Expr>,
    },
    /// A pattern used as a predicate: true when it has a match.
    Exists(Box<PatternPlan>),
    /// `EXISTS { … }` (`count: false`) or `COUNT { … }`: runs the subquery
    /// from the current row.
    Subquery {
        count: bool,
        query: std::rc::Rc<SingleQuery>,
    },
    /// `[(a)-->(b) WHERE … | expr]`.
    PatternComp {
        pattern: Box<PatternPlan>,
        filter: Option<Box<Expr>>,
        map: Box<Expr>,
    },
}

/// What kind of name a query mentions, for "did you mean" checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Label,
    RelType,
    Property,
}

#[derive(Debug, Clone)]
pub struct NameUse {
    pub kind: NameKind,
    pub name: String,
    pub span: Span,
}

impl Expr {
    /// Whether the expression reads a slot for which `hit` holds; nested
    /// patterns count as reading every slot (callers use this to be safe).
    pub fn reads_slot(&self, hit: &dyn Fn(usize) -> bool) -> bool {
        self.reads_slot_outside(hit, &|_| false)
    }

    /// [`Expr::reads_slot`] not counting reads inside subexpressions for
    /// which `inside` holds (`labels(n)` when only a node's labels matter).
    pub fn reads_slot_outside(
        &self,
        hit: &dyn Fn(usize) -> bool,
        inside: &dyn Fn(&Expr) -> bool,
    ) -> bool {
        if inside(self) {
            return false;
        }
        let r = |e: &Expr| e.reads_slot_outside(hit, inside);
        let ro = |e: &Option<Box<Expr>>| {
            e.as_deref()
                .is_some_and(|e| e.reads_slot_outside(hit, inside))
        };
        match self {
            Expr::Const(_) | Expr::Param(_) | Expr::Agg(_) => false,
            Expr::Slot(s) => hit(*s),
            Expr::Prop(e, _) | Expr::Not(e) | Expr::Neg(e) | Expr::IsNull(e, _) => r(e),
            Expr::HasLabels(e, _) => r(e),
            Expr::Index(a, b) | Expr::And(a, b) | Expr::Or(a, b) | Expr::Xor(a, b) => r(a) || r(b),
            Expr::Bin(_, a, b, _) => r(a) || r(b),
            Expr::Slice(e, a, b) => r(e) || ro(a) || ro(b),
            Expr::List(items) | Expr::Call(_, items, _) => items.iter().any(r),
            Expr::Map(entries) => entries.iter().any(|(_, e)| r(e)),
            Expr::MapProjection(base, items) => {
                r(base)
                    || items
                        .iter()
                        .any(|i| matches!(i, MapItem::Entry(_, e) if r(e)))
            }
            Expr::Case {
                operand,
                whens,
                otherwise,
            } => ro(operand) || ro(otherwise) || whens.iter().any(|(a, b)| r(a) || r(b)),
            Expr::ListComp {
                slot,
                list,
                filter,
                map,
            } => r(list) || hit(*slot) || ro(filter) || ro(map),
            Expr::Quantified {
                slot, list, filter, ..
            } => r(list) || hit(*slot) || r(filter),
            Expr::Reduce {
                acc,
                init,
                slot,
                list,
                expr,
            } => hit(*acc) || hit(*slot) || r(init) || r(list) || r(expr),
            Expr::Exists(_) | Expr::PatternComp { .. } | Expr::Subquery { .. } => true,
        }
    }
}
