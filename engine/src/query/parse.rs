//! Parsing: the query text becomes open-cypher's syntax tree (every node
//! carries a byte span). A script is split on top-level `;` first, because
//! the parser reads one statement at a time; spans are kept relative to the
//! whole script so errors point at the right line.

use open_cypher::TokenKind;
use open_cypher::ast;

use super::error::{QueryError, Result, syntax};
use super::explain::Mode;

/// One statement of a script with its byte offset in the script.
pub struct Parsed {
    pub offset: usize,
    pub text: String,
    pub statement: ast::QueryStatement,
    /// `EXPLAIN` or `PROFILE` written before the statement.
    pub mode: Mode,
}

/// Reads a leading `EXPLAIN` or `PROFILE` (the parser does not know them)
/// and blanks it out, so the rest parses and spans stay where they were.
fn take_mode(text: &str) -> (Mode, std::borrow::Cow<'_, str>) {
    let lexed = open_cypher::lex(text);
    let first = lexed.tokens.iter().find(|t| {
        !matches!(
            t.kind,
            TokenKind::Whitespace | TokenKind::LineComment | TokenKind::BlockComment
        )
    });
    let Some(token) = first else {
        return (Mode::Run, text.into());
    };
    let word = &text[token.span.start..token.span.end];
    let mode = if word.eq_ignore_ascii_case("explain") {
        Mode::Explain
    } else if word.eq_ignore_ascii_case("profile") {
        Mode::Profile
    } else {
        return (Mode::Run, text.into());
    };
    let mut blanked = text.to_owned();
    blanked.replace_range(token.span.start..token.span.end, &" ".repeat(word.len()));
    (mode, blanked.into())
}

/// Splits a script on `;` outside strings and comments.
fn split(script: &str) -> Vec<(usize, &str)> {
    let lexed = open_cypher::lex(script);
    let mut parts = Vec::new();
    let mut start = 0;
    for token in &lexed.tokens {
        if token.kind == TokenKind::Semicolon {
            parts.push((start, &script[start..token.span.start]));
            start = token.span.end;
        }
    }
    parts.push((start, &script[start..]));
    parts
        .into_iter()
        .filter(|(_, text)| !is_blank(text))
        .collect()
}

/// Whether a piece holds only whitespace and comments.
fn is_blank(text: &str) -> bool {
    open_cypher::lex(text).tokens.iter().all(|t| {
        matches!(
            t.kind,
            TokenKind::Whitespace | TokenKind::LineComment | TokenKind::BlockComment
        )
    })
}

/// Parses every statement of a script.
pub fn parse_script(script: &str) -> Result<Vec<Parsed>> {
    let pieces = split(script);
    if pieces.is_empty() {
        return Err(syntax("the query is empty", (0, script.len())));
    }
    pieces
        .into_iter()
        .map(|(offset, text)| parse_one(text, offset))
        .collect()
}

fn parse_one(text: &str, offset: usize) -> Result<Parsed> {
    super::limits::prescan(text, offset)?;
    let (mode, text) = take_mode(text);
    let text = text.as_ref();
    if mode != Mode::Run && is_blank(text) {
        return Err(syntax(
            "EXPLAIN and PROFILE need a query after them",
            (offset, offset + text.len()),
        ));
    }
    let program = open_cypher::parse(text).map_err(|errors| {
        let first = &errors.diagnostics()[0];
        let span = first.primary_span;
        let mut err = QueryError::new(super::error::ErrorKind::Syntax, first.message.clone())
            .at((offset + span.start, offset + span.end));
        if let Some(help) = &first.help {
            err = err.with_help(help.clone());
        }
        err
    })?;
    let mut statements = program.program.statements;
    if statements.len() != 1 {
        return Err(syntax(
            "expected one statement",
            (offset, offset + text.len()),
        ));
    }
    match statements.remove(0).kind {
        ast::StatementKind::Query(statement) => Ok(Parsed {
            offset,
            text: text.to_owned(),
            statement,
            mode,
        }),
        _ => Err(syntax("not a query", (offset, offset + text.len()))),
    }
}
