//! Hints for a query that found nothing: a `name` compared with a string
//! that is no node's exact name but that the forgiving name resolver finds
//! (`{name: "NSCLC"}`). The rows keep openCypher semantics; the hint only
//! tells the user about `resolve()`.

use crate::graph::Graph;

/// One string compared with `name` that resolves to a node with another name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameHint {
    pub literal: String,
    pub id: String,
    pub name: String,
}

impl std::fmt::Display for NameHint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no node is named exactly \"{}\", but the name finds {} ({}); to match forgiving names write `WHERE n = resolve('{}')`",
            self.literal,
            self.name,
            self.id,
            self.literal.replace('\'', "\\'")
        )
    }
}

/// String literals written as `name: "…"` or `.name = "…"` in `text`.
fn name_literals(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(pos) = text[at..].find("name") {
        let start = at + pos;
        at = start + 4;
        let before_ok = start == 0 || {
            let b = bytes[start - 1];
            !(b.is_ascii_alphanumeric() || b == b'_')
        };
        if !before_ok {
            continue;
        }
        let rest = text[at..].trim_start();
        let Some(rest) = rest.strip_prefix(':').or_else(|| rest.strip_prefix('=')) else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            found.push(rest[1..1 + end].to_owned());
        }
    }
    found
}

/// Hints for every `name` literal of `text` that matches no node's name
/// exactly but resolves to one node.
pub fn name_hints(graph: &Graph, text: &str) -> Vec<NameHint> {
    let mut hints: Vec<NameHint> = Vec::new();
    for literal in name_literals(text) {
        let Ok(ix) = graph.resolve(&literal) else {
            continue;
        };
        let node = graph.node(ix);
        if node.name() != literal && !hints.iter().any(|h| h.literal == literal) {
            hints.push(NameHint {
                literal,
                id: node.id().to_owned(),
                name: node.name().to_owned(),
            });
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_after_name_are_found() {
        assert_eq!(
            name_literals(r#"MATCH (d {name: "NSCLC"}) WHERE x.name = 'PD-1' RETURN d.surname"#),
            vec!["NSCLC", "PD-1"]
        );
        assert!(name_literals("MATCH (d {surname: 'x'}) RETURN d").is_empty());
    }
}
