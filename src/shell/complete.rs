//! Line-editor help: Tab completion of commands, node names, labels,
//! relationship types and property keys; hints from history; a validator that
//! keeps a Cypher statement open until its `;`.

use std::borrow::Cow;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{Context, Helper};

use super::command;
use super::input;
use icigraph_engine::graph::Graph;
use icigraph_engine::resolve::{full_key, short_key};

/// Words Cypher statements are built from, offered where no name fits.
const KEYWORDS: &[&str] = &[
    "MATCH",
    "OPTIONAL MATCH",
    "WHERE",
    "RETURN",
    "WITH",
    "UNWIND",
    "ORDER BY",
    "SKIP",
    "LIMIT",
    "DISTINCT",
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH DELETE",
    "REMOVE",
    "AND",
    "OR",
    "NOT",
    "XOR",
    "IN",
    "AS",
    "IS NULL",
    "IS NOT NULL",
    "CONTAINS",
    "STARTS WITH",
    "ENDS WITH",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "ASC",
    "DESC",
    "UNION",
    "CALL",
    "YIELD",
    "EXISTS",
    "COUNT",
    "shortestPath",
    "allShortestPaths",
];

/// Every name the completer offers, gathered from the graph once.
pub struct Vocabulary {
    /// Node names, synonyms and ids, sorted, each with its lookup keys.
    names: Vec<NameEntry>,
    categories: Vec<String>,
    predicates: Vec<String>,
    keys: Vec<String>,
}

impl Vocabulary {
    pub fn of(graph: &Graph) -> Vocabulary {
        let index = graph.names();
        let mut names: Vec<NameEntry> = index
            .names()
            .map(|name| {
                let full = full_key(name);
                let short = short_key(&full);
                let canonical = match index.lookup(name).as_slice() {
                    [one] => graph.node(*one).name().to_owned(),
                    _ => name.to_owned(),
                };
                NameEntry {
                    name: name.to_owned(),
                    full,
                    short,
                    canonical,
                }
            })
            .collect();
        names.sort_by(|a, b| a.name.cmp(&b.name));
        let schema = graph.schema();
        let mut keys: Vec<String> = ["id", "name", "synonyms"].map(String::from).to_vec();
        for ix in graph.node_indices() {
            keys.extend(graph.node(ix).props().map(|(k, _)| k.to_owned()));
        }
        for e in graph.edge_indices() {
            keys.extend(graph.edge(e).props().map(|(k, _)| k.to_owned()));
        }
        keys.sort();
        keys.dedup();
        Vocabulary {
            names,
            categories: schema.categories().iter().map(|c| c.name.clone()).collect(),
            predicates: schema.predicates().iter().map(|p| p.name.clone()).collect(),
            keys,
        }
    }

    /// Names starting with `prefix`: those that start with it as typed (any
    /// case) if there are some; else the names of the nodes whose lookup keys
    /// do (Greek letters, punctuation), so `beta2m lo` offers `β2M loss`
    /// once rather than each of its synonyms.
    fn names_from(&self, prefix: &str) -> Vec<&str> {
        let lower = prefix.to_lowercase();
        let literal: Vec<&str> = self
            .names
            .iter()
            .filter(|e| e.name.to_lowercase().starts_with(&lower))
            .map(|e| e.name.as_str())
            .collect();
        if !literal.is_empty() {
            return literal;
        }
        let full = full_key(prefix);
        if full.is_empty() {
            return Vec::new();
        }
        let short = short_key(&full);
        let mut found: Vec<&str> = self
            .names
            .iter()
            .filter(|e| e.full.starts_with(&full) || e.short.starts_with(&short))
            .map(|e| e.canonical.as_str())
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// A name as typed and as name resolution compares it.
struct NameEntry {
    name: String,
    full: String,
    short: String,
    /// The node's own name when this name means one node.
    canonical: String,
}

/// Candidates from `words` that start with `prefix`, ignoring case.
fn starting<'a>(words: impl IntoIterator<Item = &'a str>, prefix: &str) -> Vec<String> {
    let lower = prefix.to_lowercase();
    let mut out: Vec<String> = words
        .into_iter()
        .filter(|w| w.to_lowercase().starts_with(&lower))
        .map(str::to_owned)
        .collect();
    out.dedup();
    out
}

fn pairs(words: Vec<String>) -> Vec<Pair> {
    words
        .into_iter()
        .map(|w| Pair {
            display: w.clone(),
            replacement: w,
        })
        .collect()
}

/// Quotes a name that holds spaces or quotes, so a command reads it as one
/// argument.
fn quoted(name: &str, quote: Option<char>) -> String {
    match quote {
        Some(q) => format!("{q}{name}{q}"),
        None if name.contains(char::is_whitespace) || name.contains(['\'', '"']) => {
            if name.contains('"') {
                format!("'{name}'")
            } else {
                format!("\"{name}\"")
            }
        }
        None => name.to_owned(),
    }
}

pub struct ShellHelper {
    vocabulary: Vocabulary,
    files: FilenameCompleter,
    hinter: HistoryHinter,
}

impl ShellHelper {
    pub fn new(graph: &Graph) -> ShellHelper {
        ShellHelper {
            vocabulary: Vocabulary::of(graph),
            files: FilenameCompleter::new(),
            hinter: HistoryHinter::new(),
        }
    }

    /// Re-reads names after a statement changed the graph.
    pub fn refresh(&mut self, graph: &Graph) {
        self.vocabulary = Vocabulary::of(graph);
    }

    /// Completions for the text before the cursor: where they start and
    /// the candidates.
    pub fn candidates(&self, before: &str) -> (usize, Vec<Pair>) {
        if input::is_command(before) {
            self.command_candidates(before)
        } else {
            self.cypher_candidates(before)
        }
    }

    fn command_candidates(&self, before: &str) -> (usize, Vec<Pair>) {
        let lead = before.len() - before.trim_start().len();
        let Some(space) = before[lead..].find(char::is_whitespace).map(|i| i + lead) else {
            let words = starting(command::all_names(), &before[lead..]);
            return (lead, pairs(words));
        };
        let Some(spec) = command::spec(&before[lead..space]) else {
            return (0, Vec::new());
        };
        let args_at = space + (before[space..].len() - before[space..].trim_start().len());
        let args = &before[args_at..];
        let (index, start) = current_arg(args);
        let at = args_at + start;
        let word = &args[start..];
        match (spec.name, index) {
            // The whole rest of the line is one name.
            (":node" | ":strategies", _) => self.name_candidates(args_at, args, false),
            (":neighbors", 0) | (":path", 0 | 1) => self.name_candidates(at, word, true),
            (":format", 0) => (at, pairs(starting(["table", "json", "csv", "dot"], word))),
            (":export", 0) => (at, pairs(starting(["json", "dot"], word))),
            (":help", 0) => (
                at,
                pairs(starting(
                    command::COMMANDS
                        .iter()
                        .map(|s| s.name.trim_start_matches(':')),
                    word,
                )),
            ),
            (":export", 1) | (":render", 0) => match self.files.complete_path(word, word.len()) {
                Ok((start, found)) => (at + start, found),
                Err(_) => (at, Vec::new()),
            },
            _ => (at, Vec::new()),
        }
    }

    /// Node names starting like `typed`, which may open with a quote.
    fn name_candidates(&self, at: usize, typed: &str, quote: bool) -> (usize, Vec<Pair>) {
        let open = typed.chars().next().filter(|c| *c == '"' || *c == '\'');
        let prefix = open.map_or(typed, |q| &typed[q.len_utf8()..]);
        let found = self
            .vocabulary
            .names_from(prefix)
            .into_iter()
            .map(|name| Pair {
                display: name.to_owned(),
                replacement: if quote || open.is_some() {
                    quoted(name, open)
                } else {
                    name.to_owned()
                },
            })
            .collect();
        (at, found)
    }

    fn cypher_candidates(&self, before: &str) -> (usize, Vec<Pair>) {
        if let Some((quote_at, quote)) = input::open_quote(before) {
            let at = quote_at + quote.len_utf8();
            let found = self
                .vocabulary
                .names_from(&before[at..])
                .into_iter()
                .map(|name| Pair {
                    display: name.to_owned(),
                    replacement: name.replace(quote, &format!("\\{quote}")),
                })
                .collect();
            return (at, found);
        }
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map_or(before.len(), |(i, _)| i);
        let word = &before[start..];
        let previous = before[..start].chars().next_back();
        let words = match previous {
            Some(':') => match innermost_bracket(&before[..start]) {
                Some('[') => &self.vocabulary.predicates,
                Some('(') => &self.vocabulary.categories,
                _ => return (start, Vec::new()),
            },
            Some('.') => &self.vocabulary.keys,
            _ if word.is_empty() => return (start, Vec::new()),
            _ => {
                let found = starting(KEYWORDS.iter().copied(), word);
                return (start, pairs(found));
            }
        };
        let found = starting(words.iter().map(String::as_str), word)
            .into_iter()
            .map(|w| {
                if w.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    w
                } else {
                    format!("`{w}`")
                }
            })
            .collect();
        (start, pairs(found))
    }
}

/// Which argument the cursor is in (0 for the first) and where it starts,
/// reading quotes as `shlex` does.
fn current_arg(args: &str) -> (usize, usize) {
    let mut index = 0;
    let mut start = 0;
    let mut quote = None;
    let mut in_word = false;
    for (i, c) in args.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c.is_whitespace() => {
                if in_word {
                    index += 1;
                    in_word = false;
                }
            }
            None => {
                if !in_word {
                    start = i;
                    in_word = true;
                }
                if c == '"' || c == '\'' {
                    quote = Some(c);
                }
            }
        }
    }
    if !in_word {
        start = args.len();
    }
    (index, start)
}

/// The innermost bracket still open in Cypher text: `(` for a node pattern,
/// `[` for a relationship, `{` for a map.
fn innermost_bracket(text: &str) -> Option<char> {
    let mut stack = Vec::new();
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => stack.push(c),
            ')' | ']' | '}' => {
                stack.pop();
            }
            _ => {}
        }
    }
    stack.pop()
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        _ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        // The buffer may hold several lines of one statement; positions are
        // offsets in the whole buffer, so earlier lines give the context.
        Ok(self.candidates(&line[..pos]))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hinter.hint(line, pos, ctx)
    }
}

impl Highlighter for ShellHelper {
    /// History hints in grey, so they read as a suggestion.
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("\x1b[90m{hint}\x1b[0m"))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        false
    }
}

impl Validator for ShellHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        Ok(if input::needs_more(ctx.input()) {
            ValidationResult::Incomplete
        } else {
            ValidationResult::Valid(None)
        })
    }
}

impl Helper for ShellHelper {}

#[cfg(test)]
mod tests {
    use super::*;
    use icigraph_engine::load::{Source, load};

    fn helper() -> ShellHelper {
        ShellHelper::new(&load(&Source::Embedded).expect("shipped data loads"))
    }

    fn complete(before: &str) -> (usize, Vec<String>) {
        let (start, found) = helper().candidates(before);
        (start, found.into_iter().map(|p| p.replacement).collect())
    }

    #[test]
    fn completes_command_names() {
        assert_eq!(
            complete(":neigh"),
            (0, vec![":neighbors".into(), ":neighbours".into()])
        );
        assert_eq!(complete(":format j"), (8, vec!["json".into()]));
        assert_eq!(complete(":help pat"), (6, vec!["path".into()]));
        assert_eq!(
            complete(":help par"),
            (6, vec!["param".into(), "params".into()])
        );
    }

    #[test]
    fn completes_greek_and_spaced_names() {
        let (start, found) = complete(":node beta2m");
        assert_eq!(start, 6);
        assert!(found.iter().any(|n| n == "β2M"), "{found:?}");
        assert!(found.iter().any(|n| n.starts_with("β2M ")), "{found:?}");
        assert_eq!(
            complete(":node beta2m lo").1,
            vec!["β2M loss/mutation".to_owned()]
        );
        let (_, found) = complete(":node b2m");
        assert!(
            found.iter().all(|n| n.to_lowercase().starts_with("b2m")),
            "{found:?}"
        );
        let (start, found) = complete(":path \"β2M l");
        assert_eq!(start, 6);
        assert!(found.iter().all(|n| n.starts_with('"') && n.ends_with('"')));
        assert!(!found.is_empty());
        let (start, found) = complete(":path B2M PD-");
        assert_eq!(start, 10);
        assert!(found.iter().any(|n| n == "PD-1"), "{found:?}");
    }

    #[test]
    fn completes_labels_types_and_keys_in_cypher() {
        let (start, found) = complete("MATCH (m:Mech");
        assert_eq!((start, found), (9, vec!["Mechanism".into()]));
        let (_, found) = complete("MATCH (a)-[r:");
        assert!(!found.is_empty() && found.iter().all(|p| !p.starts_with('`')));
        let (_, found) = complete("MATCH (n) RETURN n.desc");
        assert_eq!(found, vec!["description".to_owned()]);
        let (start, found) = complete("MATCH (n {name: 'IFN-");
        assert_eq!(start, 17);
        assert!(found.iter().any(|n| n.starts_with("IFN-")), "{found:?}");
        assert_eq!(complete("MATCH (n) RET").1, vec!["RETURN".to_owned()]);
        assert!(complete("MATCH (n {name: ").1.is_empty());
    }

    #[test]
    fn finds_the_argument_under_the_cursor() {
        assert_eq!(current_arg(""), (0, 0));
        assert_eq!(current_arg("B2M "), (1, 4));
        assert_eq!(current_arg("\"B2M loss\" PD"), (1, 11));
        assert_eq!(current_arg("\"B2M lo"), (0, 0));
    }
}
