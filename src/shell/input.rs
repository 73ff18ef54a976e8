//! Cutting typed text into shell inputs: a colon command is one line; a
//! Cypher statement runs until a `;` that is not inside a string, a
//! backquoted name or a comment, so statements can span lines.

/// What a piece of typed text holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    /// Statements ended by `;`, without the `;`, trimmed; empty ones dropped.
    pub statements: Vec<String>,
    /// Text after the last `;` that still has something besides blanks and
    /// comments: a statement not finished yet.
    pub rest: Option<String>,
}

/// Whether `text` is a colon command rather than Cypher.
pub fn is_command(text: &str) -> bool {
    text.trim_start().starts_with(':')
}

/// Whether the text needs more lines before it can run: Cypher that does not
/// yet end with `;`. Blank text and colon commands are always complete.
pub fn needs_more(text: &str) -> bool {
    !is_command(text) && split(text).rest.is_some()
}

/// Splits Cypher text at its top-level `;`s.
pub fn split(text: &str) -> Split {
    let mut statements = Vec::new();
    let mut start = 0;
    let mut has_code = false;
    let mut state = State::Code;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match state {
            State::Code => match c {
                ';' => {
                    if has_code {
                        statements.push(text[start..i].trim().to_owned());
                    }
                    start = i + 1;
                    has_code = false;
                }
                '\'' | '"' | '`' => {
                    state = State::Quoted(c);
                    has_code = true;
                }
                '/' if chars.peek().is_some_and(|&(_, n)| n == '/') => {
                    chars.next();
                    state = State::LineComment;
                }
                '/' if chars.peek().is_some_and(|&(_, n)| n == '*') => {
                    chars.next();
                    state = State::BlockComment;
                }
                c if c.is_whitespace() => {}
                _ => has_code = true,
            },
            State::Quoted(q) => {
                if c == '\\' && q != '`' {
                    chars.next();
                } else if c == q {
                    state = State::Code;
                }
            }
            State::LineComment => {
                if c == '\n' {
                    state = State::Code;
                }
            }
            State::BlockComment => {
                if c == '*' && chars.peek().is_some_and(|&(_, n)| n == '/') {
                    chars.next();
                    state = State::Code;
                }
            }
        }
    }
    let open = matches!(state, State::Quoted(_) | State::BlockComment);
    let rest = (has_code || open).then(|| text[start..].trim().to_owned());
    Split { statements, rest }
}

#[derive(Clone, Copy)]
enum State {
    Code,
    Quoted(char),
    LineComment,
    BlockComment,
}

/// The quote character of a string literal still open at the end of `text`
/// (`'` or `"`), for completing names inside it.
pub fn open_quote(text: &str) -> Option<(usize, char)> {
    let mut state = None;
    let mut chars = text.char_indices().peekable();
    let mut comment = false;
    while let Some((i, c)) = chars.next() {
        if comment {
            comment = c != '\n';
            continue;
        }
        match state {
            None if c == '\'' || c == '"' || c == '`' => state = Some((i, c)),
            None if c == '/' && chars.peek().is_some_and(|&(_, n)| n == '/') => comment = true,
            Some((_, q)) if c == '\\' && q != '`' => {
                chars.next();
            }
            Some((_, q)) if c == q => state = None,
            _ => {}
        }
    }
    state.filter(|&(_, q)| q != '`')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_end_at_semicolons_outside_strings_and_comments() {
        let got = split("MATCH (n {name: 'a;b'}) RETURN n; // a ; here\nRETURN \"x;\" ;");
        assert_eq!(
            got.statements,
            vec![
                "MATCH (n {name: 'a;b'}) RETURN n",
                "// a ; here\nRETURN \"x;\""
            ]
        );
        assert_eq!(got.rest, None);
    }

    #[test]
    fn unfinished_text_is_kept() {
        let got = split("RETURN 1; MATCH (n)\nRETURN n");
        assert_eq!(got.statements, vec!["RETURN 1"]);
        assert_eq!(got.rest.as_deref(), Some("MATCH (n)\nRETURN n"));
        assert!(needs_more("MATCH (n) RETURN 'it;s"));
        assert!(needs_more("MATCH (n) /* ; */"));
        assert!(!needs_more("MATCH (n) RETURN n; // done"));
    }

    #[test]
    fn blanks_comments_and_commands_are_complete() {
        assert!(!needs_more(""));
        assert!(!needs_more("  // just a note"));
        assert!(!needs_more(":node β2M"));
        assert!(split(";;").statements.is_empty());
    }

    #[test]
    fn escaped_quotes_stay_inside_strings() {
        assert!(needs_more(r"RETURN 'a\';"));
        assert!(!needs_more(r"RETURN 'a\'';"));
    }

    #[test]
    fn finds_an_open_string() {
        assert_eq!(open_quote("MATCH (n {name: 'B2M l"), Some((16, '\'')));
        assert_eq!(open_quote("MATCH (n {name: 'x'}) WHERE"), None);
        assert_eq!(open_quote("MATCH (`odd"), None);
    }
}
