//! Escaping shared by every interchange format, so one rule per target
//! syntax lives in one place.

use std::borrow::Cow;

/// Text for XML character data and attribute values (GraphML). Characters
/// XML 1.0 cannot carry at all (control characters other than tab, newline
/// and carriage return) become U+FFFD; newlines and tabs in attributes are
/// written as character references so parsers do not normalise them away.
pub fn xml(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| matches!(c, '<' | '>' | '&' | '"' | '\'' | '\n' | '\r' | '\t') || bad_xml(c))
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c if bad_xml(c) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn bad_xml(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// A KGX TSV cell. KGX TSV has no quoting, so a tab or line break inside a
/// value cannot be written as itself: each is written as a backslash escape
/// (`\t`, `\n`, `\r`) and a backslash as `\\`, which the KGX reader of
/// icigraph decodes again (see `load`'s KGX notes in docs/interchange.md).
pub fn tsv(text: &str) -> Cow<'_, str> {
    if !text.contains(['\t', '\n', '\r', '\\']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Reverses [`tsv`]; other backslashes are kept as they are.
pub fn untsv(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.clone().next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('\\') => out.push('\\'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    Cow::Owned(out)
}

/// A Cypher identifier in backticks (Kùzu DDL), doubling any backtick.
pub fn cypher_name(name: &str) -> String {
    format!("`{}`", name.replace('`', "``"))
}

/// A Cypher string literal in single quotes.
pub fn cypher_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('\'');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A word for the POSIX shell in single quotes.
pub fn shell(word: &str) -> String {
    format!("'{}'", word.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_escapes_round_trip() {
        for text in ["a\tb\nc\\d\r", "plain", "\\t literal", "end\\"] {
            assert_eq!(untsv(&tsv(text)), text);
        }
        assert!(!tsv("a\tb\nc").contains(['\t', '\n']));
    }

    #[test]
    fn xml_escapes_markup_and_controls() {
        assert_eq!(xml("a<b&\"c\"\n"), "a&lt;b&amp;&quot;c&quot;&#10;");
        assert_eq!(xml("x\u{1}y"), "x\u{FFFD}y");
    }
}
