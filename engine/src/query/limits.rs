//! Bounds on how deep a query may nest, so that parsing, planning and
//! evaluation (all recursive over the syntax tree) never overflow the stack.
//!
//! Two measures guard them. Before the text reaches the parser, [`prescan`]
//! walks its tokens (the lexer is not recursive) and estimates the depth of
//! the tree the parser would build: every bracket, `CASE` and operator adds
//! a level. A query past [`MAX_NESTING`] brackets or [`MAX_DEPTH`] levels is
//! refused with the position where it crossed the limit. Then the whole
//! pipeline runs with stack in proportion to that estimate ([`with_stack`]):
//! an ordinary query runs on the thread's own stack, a deep one on a segment
//! of up to [`STACK_BYTES`], sized so that a query just under the limits fits
//! with a wide margin in an unoptimised build (the test suite checks queries
//! at the limits). Recursion whose depth the text does not bound (a
//! variable-length walk) grows the stack where it recurses ([`grow`]).
//! Runtime values are bounded too: a list or map nested deeper than
//! [`MAX_VALUE_DEPTH`] is refused when it is built.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use open_cypher::{Keyword, TokenKind};

use super::error::{ErrorKind, QueryError, Result};
use super::value::Value;

/// Limits that keep a query from running without bound.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Steps of work a query may make: relationships expanded, nodes
    /// scanned, list items and string bytes built, rows unwound.
    pub expansions: u64,
    /// Rows an operator may hold.
    pub rows: usize,
    /// Bytes the rows and values an operator holds may take (an estimate
    /// the executor keeps as it builds them).
    pub memory: u64,
    /// Wall-clock time a query may take.
    pub timeout: Option<Duration>,
    /// Set from elsewhere (a Ctrl-C handler) to stop the running query.
    pub cancel: Option<&'static AtomicBool>,
}

/// The work budget unless told otherwise (`--max-expansions`).
pub const DEFAULT_EXPANSIONS: u64 = 20_000_000;

/// The memory budget of the engine used as a library; the command line sets
/// a fraction of the machine's memory instead.
pub const DEFAULT_MEMORY: u64 = 4 << 30;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            expansions: DEFAULT_EXPANSIONS,
            rows: 5_000_000,
            memory: DEFAULT_MEMORY,
            timeout: None,
            cancel: None,
        }
    }
}

/// How often (in steps) the clock and the cancel flag are read.
const CHECK_EVERY: u64 = 1024;

/// Work and memory left for the query; spending past either is an error.
pub struct Budget {
    left: Cell<u64>,
    total: u64,
    held: Cell<u64>,
    memory: u64,
    ticks: Cell<u64>,
    deadline: Option<(Instant, Duration)>,
    cancel: Option<&'static AtomicBool>,
}

impl Budget {
    pub fn new(limits: &Limits) -> Budget {
        Budget {
            left: Cell::new(limits.expansions),
            total: limits.expansions,
            held: Cell::new(0),
            memory: limits.memory,
            ticks: Cell::new(0),
            deadline: limits.timeout.map(|t| (Instant::now() + t, t)),
            cancel: limits.cancel,
        }
    }

    /// Spends `n` relationship expansions.
    pub fn spend(&self, n: u64) -> Result<()> {
        self.take(n, "walked more than {} relationships and nodes")
    }

    /// Spends `n` steps of expression work (list items, string bytes, rows).
    pub fn spend_items(&self, n: u64) -> Result<()> {
        self.take(n, "built more than {} list items, string bytes and rows")
    }

    fn take(&self, n: u64, what: &str) -> Result<()> {
        let left = self.left.get();
        if left < n {
            return Err(QueryError::new(
                ErrorKind::Limit,
                format!(
                    "the query {} and was stopped (--max-expansions)",
                    what.replace("{}", &self.total.to_string())
                ),
            )
            .with_help("bound variable-length patterns (e.g. `*1..3`), anchor the pattern on a node by id or name, use a shortest-path selector, or raise --max-expansions"));
        }
        self.left.set(left - n);
        let ticks = self.ticks.get() + n.max(1);
        self.ticks.set(ticks % CHECK_EVERY);
        if ticks >= CHECK_EVERY {
            self.check_time()?;
        }
        Ok(())
    }

    /// Stops the query if it was cancelled or ran out of time.
    pub fn check_time(&self) -> Result<()> {
        if let Some(flag) = self.cancel
            && flag.load(Ordering::Relaxed)
        {
            return Err(QueryError::new(ErrorKind::Limit, "the query was cancelled"));
        }
        if let Some((deadline, timeout)) = self.deadline
            && Instant::now() >= deadline
        {
            return Err(QueryError::new(
                ErrorKind::Limit,
                format!(
                    "the query ran longer than {} and was stopped (--timeout)",
                    humanize(timeout)
                ),
            ));
        }
        Ok(())
    }

    /// Counts `bytes` more held by the operator running now.
    pub fn hold(&self, bytes: u64) -> Result<()> {
        let held = self.held.get().saturating_add(bytes);
        if held > self.memory {
            return Err(QueryError::new(
                ErrorKind::Limit,
                format!(
                    "the query needed more than {} of memory and was stopped (--max-memory)",
                    bytes_text(self.memory)
                ),
            )
            .with_help("rows and values are held before LIMIT applies: aggregate with count(), bound the pattern or anchor it on a node"));
        }
        self.held.set(held);
        Ok(())
    }

    /// Starts a new operator: what it holds is what the previous one handed over.
    pub fn set_held(&self, bytes: u64) {
        self.held.set(bytes);
    }
}

/// What a value adds to the memory it lives in, one level deep: strings and
/// list items count, shared sub-values are not followed.
pub fn shallow_bytes(value: &Value) -> u64 {
    const SLOT: u64 = std::mem::size_of::<Value>() as u64;
    SLOT + match value {
        Value::Str(s) => s.len() as u64,
        Value::List(items) => items.len() as u64 * SLOT,
        Value::Map(m) => m.len() as u64 * (SLOT + 48),
        Value::Path(p) => (p.nodes.len() + p.rels.len()) as u64 * 4,
        _ => 0,
    }
}

/// The estimated bytes of a row.
pub fn row_bytes(row: &[Value]) -> u64 {
    row.iter().map(shallow_bytes).sum::<u64>() + 24
}

/// Refuses a list or map whose items nest past [`MAX_VALUE_DEPTH`] (walked
/// with an explicit stack, so the check itself cannot overflow).
pub fn check_nesting<'a>(items: impl IntoIterator<Item = &'a Value>) -> Result<()> {
    let mut stack: Vec<(&Value, usize)> = items
        .into_iter()
        .filter(|v| matches!(v, Value::List(_) | Value::Map(_)))
        .map(|v| (v, 2))
        .collect();
    while let Some((value, depth)) = stack.pop() {
        if depth > MAX_VALUE_DEPTH {
            return Err(QueryError::new(
                ErrorKind::Limit,
                format!("a list or map would nest more than {MAX_VALUE_DEPTH} levels deep"),
            ));
        }
        match value {
            Value::List(items) => stack.extend(
                items
                    .iter()
                    .filter(|v| matches!(v, Value::List(_) | Value::Map(_)))
                    .map(|v| (v, depth + 1)),
            ),
            Value::Map(m) => stack.extend(
                m.values()
                    .filter(|v| matches!(v, Value::List(_) | Value::Map(_)))
                    .map(|v| (v, depth + 1)),
            ),
            _ => {}
        }
    }
    Ok(())
}

fn humanize(d: Duration) -> String {
    if d.as_millis() < 1000 {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Bytes as MiB or GiB.
pub fn bytes_text(bytes: u64) -> String {
    if bytes >= 1 << 30 {
        format!("{:.1} GiB", bytes as f64 / (1u64 << 30) as f64)
    } else {
        format!("{:.1} MiB", bytes as f64 / (1u64 << 20) as f64)
    }
}

/// Brackets (`(`, `[`, `{`) and `CASE … END` open inside one another.
pub const MAX_NESTING: usize = 200;

/// Estimated depth of the syntax tree: nesting plus the operators met at
/// each enclosing level (a flat chain `1 + 1 + … + 1` of n terms is n deep,
/// because the parser nests each `+` in the previous one).
pub const MAX_DEPTH: usize = 12_000;

/// Lists and maps nested inside one another in a runtime value.
pub const MAX_VALUE_DEPTH: usize = 500;

/// The stack a query at [`MAX_DEPTH`] gets; it is reserved, not committed,
/// so only the pages a deep query touches use memory.
pub const STACK_BYTES: usize = 1 << 30;

/// Stack every query may use whatever its depth: the executor's own frames
/// and the recursion over runtime values ([`MAX_VALUE_DEPTH`] levels).
const STACK_BASE: usize = 2 << 20;

/// Stack per level of estimated depth.
const STACK_PER_LEVEL: usize = STACK_BYTES / MAX_DEPTH;

/// Runs the pipeline for `text` (parse, plan, run) with the stack its
/// nesting needs: on the current stack when enough of it is left (a
/// shallow query pays nothing), else on a new segment of that size.
pub fn with_stack<R>(text: &str, f: impl FnOnce() -> R) -> R {
    // Text past the limits is refused by the parser's prescan before any
    // recursion; it needs only the base.
    let depth = scan(text, 0).unwrap_or(0);
    let need = STACK_BASE + depth.min(MAX_DEPTH) * STACK_PER_LEVEL;
    stacker::maybe_grow(need, need, f)
}

/// Stack a recursion step of the executor must find left before it goes
/// deeper, and the segment it takes when it does not.
const RED_ZONE: usize = 256 << 10;
const SEGMENT: usize = 16 << 20;

/// Runs one level of a recursion whose depth the query text does not bound
/// (a variable-length walk), moving to a new stack segment when this one
/// runs low.
pub fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(RED_ZONE, SEGMENT, f)
}

/// Refuses text nested past [`MAX_NESTING`] or [`MAX_DEPTH`]; `offset` is the
/// text's byte offset in the whole script, for the error's position.
pub fn prescan(text: &str, offset: usize) -> Result<()> {
    scan(text, offset).map(|_| ())
}

/// The prescan, returning the stack the text needs in levels: the deepest
/// estimated depth, each open bracket weighing [`BRACKET_WEIGHT`] levels
/// (the parser descends through every precedence level inside one).
fn scan(text: &str, offset: usize) -> Result<usize> {
    let mut most = 0usize;
    let lexed = open_cypher::lex(text);
    // Operators met so far at each open level (index 0: the top level).
    let mut levels: Vec<usize> = vec![0];
    let mut depth = 0usize;
    for token in &lexed.tokens {
        let kind = token.kind;
        let span = (offset + token.span.start, offset + token.span.end);
        match kind {
            TokenKind::LeftParen
            | TokenKind::LeftBracket
            | TokenKind::LeftBrace
            | TokenKind::Keyword(Keyword::Case) => {
                levels.push(0);
                depth += 1;
                if levels.len() - 1 > MAX_NESTING {
                    return Err(too_deep(
                        format!("the query nests brackets more than {MAX_NESTING} deep"),
                        span,
                    ));
                }
            }
            TokenKind::RightParen
            | TokenKind::RightBracket
            | TokenKind::RightBrace
            | TokenKind::Keyword(Keyword::End)
                if levels.len() > 1 =>
            {
                let ops = levels.pop().unwrap_or(0);
                depth -= ops + 1;
            }
            k if counts_as_operator(k) => {
                if let Some(top) = levels.last_mut() {
                    *top += 1;
                }
                depth += 1;
            }
            _ => {}
        }
        if depth > MAX_DEPTH {
            return Err(too_deep(
                format!(
                    "the query's expressions nest more than {MAX_DEPTH} operators and brackets deep"
                ),
                span,
            ));
        }
        most = most.max(depth + (levels.len() - 1) * BRACKET_WEIGHT);
    }
    Ok(most)
}

/// Levels an open bracket counts for in [`scan`]'s stack estimate.
const BRACKET_WEIGHT: usize = 4;

/// Tokens that may become a level of the syntax tree: operators, property
/// access, pattern arrows and the keyword operators. Literals, names, commas
/// and colons do not (a long list literal is flat).
fn counts_as_operator(kind: TokenKind) -> bool {
    use TokenKind as T;
    match kind {
        T::Plus
        | T::Minus
        | T::Star
        | T::Slash
        | T::Percent
        | T::Caret
        | T::Bang
        | T::Equal
        | T::NotEqual
        | T::Less
        | T::LessEqual
        | T::Greater
        | T::GreaterEqual
        | T::PlusEqual
        | T::RegexMatch
        | T::LeftArrow
        | T::RightArrow
        | T::Dot
        | T::DotDot
        | T::Pipe
        | T::DoublePipe
        | T::Ampersand
        | T::Question
        | T::DoubleColon => true,
        T::Keyword(k) => matches!(
            k,
            Keyword::And
                | Keyword::Or
                | Keyword::Xor
                | Keyword::Not
                | Keyword::In
                | Keyword::Is
                | Keyword::Starts
                | Keyword::Ends
                | Keyword::Contains
                | Keyword::When
                | Keyword::Then
                | Keyword::Else
        ),
        _ => false,
    }
}

fn too_deep(message: String, span: (usize, usize)) -> QueryError {
    QueryError::new(ErrorKind::Limit, message)
        .at(span)
        .with_label("too deep here")
        .with_help(
            "split the expression with WITH, or pass a large value as a $parameter (see docs/limits.md)",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, n: usize) -> String {
        format!("RETURN {}1{}", open.repeat(n), close.repeat(n))
    }

    #[test]
    fn brackets_within_the_limit_pass_and_past_it_fail_at_the_crossing_bracket() {
        assert!(prescan(&nested("(", ")", MAX_NESTING), 0).is_ok());
        let text = nested("[", "]", MAX_NESTING + 1);
        let err = prescan(&text, 0).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Limit);
        let at = "RETURN ".len() + MAX_NESTING;
        assert_eq!(err.span(), Some((at, at + 1)));
    }

    #[test]
    fn a_flat_operator_chain_counts_each_operator() {
        let ok = format!("RETURN 1{}", " + 1".repeat(MAX_DEPTH - 1));
        assert!(prescan(&ok, 0).is_ok());
        let bad = format!("RETURN 1{}", " AND true".repeat(MAX_DEPTH + 1));
        assert!(prescan(&bad, 0).is_err());
    }

    #[test]
    fn closed_levels_give_their_depth_back() {
        let many = "RETURN ".to_owned() + &"[(1 + 2)], ".repeat(50_000) + "1";
        assert!(prescan(&many, 0).is_ok());
    }

    #[test]
    fn case_opens_a_level() {
        let text = format!(
            "RETURN {}1{}",
            "CASE WHEN true THEN ".repeat(MAX_NESTING + 1),
            " END".repeat(MAX_NESTING + 1)
        );
        assert!(prescan(&text, 0).is_err());
    }
}
