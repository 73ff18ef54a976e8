//! Colon commands: their table (names, usage, help) and the parser that turns
//! one typed line into a [`Command`], or into an error that says what was
//! expected.

use std::path::PathBuf;

use crate::cli::Format;
use crate::error::Error;
use icigraph_engine::suggest;

/// One shell command, parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Node {
        name: String,
    },
    Neighbors {
        name: String,
        depth: usize,
    },
    Path {
        from: String,
        to: String,
        k: Option<usize>,
    },
    Strategies {
        mechanism: String,
    },
    Render {
        file: PathBuf,
    },
    Export {
        format: ExportFormat,
        file: PathBuf,
    },
    /// Writes the graph, with the session's changes, as a new snapshot.
    Save {
        file: PathBuf,
    },
    Format(Option<Format>),
    /// `:timing on|off`; `None` shows the setting.
    Timing(Option<bool>),
    /// `:param name => value` (a Cypher expression).
    Param {
        name: String,
        value: String,
    },
    /// `:params`: the parameters set so far; `:params clear` forgets them.
    Params {
        clear: bool,
    },
    Schema,
    Stats,
    Help(Option<String>),
    Quit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Dot,
}

/// A command's names and help.
pub struct Spec {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub usage: &'static str,
    pub summary: &'static str,
    pub example: &'static str,
}

/// Every command, in the order `:help` lists them.
pub const COMMANDS: &[Spec] = &[
    Spec {
        name: ":node",
        aliases: &[],
        usage: ":node NAME",
        summary: "everything about one node: synonyms, properties, edges",
        example: ":node β2M",
    },
    Spec {
        name: ":neighbors",
        aliases: &[":neighbours"],
        usage: ":neighbors NAME [DEPTH]",
        summary: "nodes within DEPTH steps (default 1), with the edge that reached each",
        example: ":neighbors \"B2M loss\" 2",
    },
    Spec {
        name: ":path",
        aliases: &[],
        usage: ":path FROM TO [K]",
        summary: "the K shortest explained paths between two nodes (quote names with spaces)",
        example: ":path \"JAK1 loss\" \"PD-1\" 3",
    },
    Spec {
        name: ":strategies",
        aliases: &[],
        usage: ":strategies MECHANISM",
        summary: "ways to overcome a resistance mechanism, strongest evidence first",
        example: ":strategies \"B2M loss\"",
    },
    Spec {
        name: ":render",
        aliases: &[],
        usage: ":render FILE.svg",
        summary: "draw the last result (node, neighbourhood, path or query) as a picture",
        example: ":render b2m.svg",
    },
    Spec {
        name: ":export",
        aliases: &[],
        usage: ":export json|dot FILE",
        summary: "write the last result as JSON or Graphviz DOT",
        example: ":export json b2m.json",
    },
    Spec {
        name: ":save",
        aliases: &[],
        usage: ":save FILE.icg",
        summary: "write the graph with this session's changes (CREATE, SET, DELETE …) as a new snapshot",
        example: ":save curated.icg",
    },
    Spec {
        name: ":format",
        aliases: &[],
        usage: ":format [table|json|csv|dot]",
        summary: "show or choose how results are printed",
        example: ":format json",
    },
    Spec {
        name: ":timing",
        aliases: &[],
        usage: ":timing [on|off]",
        summary: "print parse, plan and execution times after each Cypher statement",
        example: ":timing on",
    },
    Spec {
        name: ":schema",
        aliases: &[],
        usage: ":schema",
        summary: "labels and relationship types with counts, and which labels each type joins",
        example: ":schema",
    },
    Spec {
        name: ":param",
        aliases: &[],
        usage: ":param NAME => VALUE",
        summary: "set $NAME for later statements (VALUE is a Cypher expression)",
        example: ":param cp => 'PD-1'",
    },
    Spec {
        name: ":params",
        aliases: &[],
        usage: ":params [clear]",
        summary: "list the parameters set with :param, or forget them",
        example: ":params",
    },
    Spec {
        name: ":stats",
        aliases: &[],
        usage: ":stats",
        summary: "counts per category and predicate, components, hubs",
        example: ":stats",
    },
    Spec {
        name: ":help",
        aliases: &[":h", ":?"],
        usage: ":help [COMMAND]",
        summary: "this list, or one command's usage",
        example: ":help path",
    },
    Spec {
        name: ":quit",
        aliases: &[":q", ":exit"],
        usage: ":quit",
        summary: "leave the shell (Ctrl-D does too)",
        example: ":quit",
    },
];

/// The command called `word` (with or without its colon, any case).
pub fn spec(word: &str) -> Option<&'static Spec> {
    let word = word.trim().to_lowercase();
    let word = if word.starts_with(':') {
        word
    } else {
        format!(":{word}")
    };
    COMMANDS
        .iter()
        .find(|s| s.name == word || s.aliases.contains(&word.as_str()))
}

/// Every command name and alias, for completion and suggestions.
pub fn all_names() -> impl Iterator<Item = &'static str> {
    COMMANDS
        .iter()
        .flat_map(|s| std::iter::once(s.name).chain(s.aliases.iter().copied()))
}

/// Commands spelt like `word`, compared without the colon that they all
/// share (which would make every command look alike).
pub fn suggestions(word: &str) -> Vec<String> {
    let bare = word.trim_start_matches(':');
    let mut found: Vec<String> = Vec::new();
    // One-letter aliases (:q, :h) look like anything to a string metric.
    let names = all_names()
        .map(|n| &n[1..])
        .filter(|n| n.chars().count() > 1);
    for near in suggest::closest(bare, names, 3) {
        // An alias stands for its command: suggest each command once.
        if let Some(spec) = spec(&near)
            && !found.iter().any(|f| f == spec.name)
        {
            found.push(spec.name.to_owned());
        }
    }
    found.truncate(2);
    found
}

/// Parses one colon command line (`:neighbors PD-1 2`).
pub fn parse(line: &str) -> Result<Command, Error> {
    let line = line.trim();
    let (word, rest) = line
        .split_once(char::is_whitespace)
        .map_or((line, ""), |(w, r)| (w, r.trim()));
    let Some(spec) = spec(word) else {
        let suggestions = suggestions(word);
        let mut message = crate::cli::browse::unknown("command", word, &suggestions);
        message.push_str(" (:help lists the commands)");
        return Err(Error::Usage(message));
    };
    let usage = || Error::Usage(format!("usage: {}   e.g. {}", spec.usage, spec.example));
    let args =
        || words(rest).ok_or_else(|| Error::Usage(format!("a quote is not closed in: {rest}")));
    let command = match spec.name {
        ":node" => Command::Node {
            name: one_name(rest).ok_or_else(usage)?,
        },
        ":strategies" => Command::Strategies {
            mechanism: one_name(rest).ok_or_else(usage)?,
        },
        ":neighbors" => {
            let mut args = args()?;
            let depth = trailing_number(&mut args, "depth")?.unwrap_or(1);
            if args.is_empty() {
                return Err(usage());
            }
            Command::Neighbors {
                name: args.join(" "),
                depth,
            }
        }
        ":path" => {
            let mut args = args()?;
            let k = trailing_number(&mut args, "K")?;
            match <[String; 2]>::try_from(args) {
                Ok([from, to]) => Command::Path { from, to, k },
                Err(args) if args.len() > 2 => {
                    return Err(Error::Usage(format!(
                        ":path takes two names, got {}: put quotes around names with spaces, e.g. {}",
                        args.len(),
                        spec.example
                    )));
                }
                Err(_) => return Err(usage()),
            }
        }
        ":render" => match args()?.as_slice() {
            [file] => Command::Render {
                file: PathBuf::from(file),
            },
            _ => return Err(usage()),
        },
        ":save" => match args()?.as_slice() {
            [file] => Command::Save {
                file: PathBuf::from(file),
            },
            _ => return Err(usage()),
        },
        ":export" => match args()?.as_slice() {
            [format, file] => Command::Export {
                format: match format.to_lowercase().as_str() {
                    "json" => ExportFormat::Json,
                    "dot" | "gv" => ExportFormat::Dot,
                    _ => {
                        return Err(Error::Usage(format!(
                            "cannot export as \"{format}\": choose json or dot"
                        )));
                    }
                },
                file: PathBuf::from(file),
            },
            _ => return Err(usage()),
        },
        ":format" => match rest.to_lowercase().as_str() {
            "" => Command::Format(None),
            "table" => Command::Format(Some(Format::Table)),
            "json" => Command::Format(Some(Format::Json)),
            "dot" => Command::Format(Some(Format::Dot)),
            "csv" => Command::Format(Some(Format::Csv)),
            other => {
                return Err(Error::Usage(format!(
                    "unknown format \"{other}\": choose table, json, csv or dot"
                )));
            }
        },
        ":timing" => match rest.to_lowercase().as_str() {
            "" => Command::Timing(None),
            "on" => Command::Timing(Some(true)),
            "off" => Command::Timing(Some(false)),
            _ => return Err(usage()),
        },
        ":param" => {
            let (name, value) = rest.split_once("=>").ok_or_else(usage)?;
            let name = name.trim().trim_start_matches('$');
            let valid = !name.is_empty()
                && name.chars().all(|c| c.is_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit());
            if !valid || value.trim().is_empty() {
                return Err(usage());
            }
            Command::Param {
                name: name.to_owned(),
                value: value.trim().to_owned(),
            }
        }
        ":params" => match rest.to_lowercase().as_str() {
            "" => Command::Params { clear: false },
            "clear" => Command::Params { clear: true },
            _ => return Err(usage()),
        },
        ":help" => Command::Help((!rest.is_empty()).then(|| rest.to_owned())),
        ":stats" | ":quit" | ":schema" if !rest.is_empty() => {
            return Err(Error::Usage(format!("{} takes no arguments", spec.name)));
        }
        ":stats" => Command::Stats,
        ":schema" => Command::Schema,
        _ => Command::Quit,
    };
    Ok(command)
}

/// Splits arguments like a POSIX shell: quotes group words with spaces.
fn words(rest: &str) -> Option<Vec<String>> {
    shlex::split(rest)
}

/// The whole argument text as one name, with surrounding quotes removed, so
/// `:node B2M loss` and `:node "B2M loss"` both work.
fn one_name(rest: &str) -> Option<String> {
    let name = match words(rest) {
        Some(words) if words.len() == 1 => words.into_iter().next()?,
        _ => rest.to_owned(),
    };
    (!name.trim().is_empty()).then_some(name)
}

/// Takes a final whole-number argument (depth, K) off `args` when one is
/// there and something precedes it; refuses negative numbers and zero.
fn trailing_number(args: &mut Vec<String>, what: &str) -> Result<Option<usize>, Error> {
    if args.len() < 2 {
        return Ok(None);
    }
    let last = &args[args.len() - 1];
    let digits = last.strip_prefix(['-', '+']).unwrap_or(last);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Ok(None);
    }
    match last.parse::<usize>() {
        Ok(n) if n >= 1 => {
            args.pop();
            Ok(Some(n))
        }
        _ => Err(Error::Usage(format!(
            "{what} must be a whole number from 1 up, not {last}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(line: &str) -> String {
        parse(line).unwrap_err().to_string()
    }

    #[test]
    fn parses_names_with_spaces_and_numbers() {
        assert_eq!(
            parse(":node B2M loss").unwrap(),
            Command::Node {
                name: "B2M loss".into()
            }
        );
        assert_eq!(
            parse(":neighbours 'B2M loss' 2").unwrap(),
            Command::Neighbors {
                name: "B2M loss".into(),
                depth: 2
            }
        );
        assert_eq!(
            parse(":NEIGHBORS JAK1").unwrap(),
            Command::Neighbors {
                name: "JAK1".into(),
                depth: 1
            }
        );
        assert_eq!(
            parse(r#":path "JAK1 loss" PD-1 3"#).unwrap(),
            Command::Path {
                from: "JAK1 loss".into(),
                to: "PD-1".into(),
                k: Some(3)
            }
        );
        assert_eq!(
            parse(":export DOT out.gv").unwrap(),
            Command::Export {
                format: ExportFormat::Dot,
                file: "out.gv".into()
            }
        );
        assert_eq!(parse(":q").unwrap(), Command::Quit);
        assert_eq!(parse(":format").unwrap(), Command::Format(None));
        assert_eq!(parse(":timing ON").unwrap(), Command::Timing(Some(true)));
        assert_eq!(
            parse(":param $cp => 'PD-1'").unwrap(),
            Command::Param {
                name: "cp".into(),
                value: "'PD-1'".into()
            }
        );
        assert_eq!(
            parse(":params clear").unwrap(),
            Command::Params { clear: true }
        );
    }

    #[test]
    fn unknown_commands_get_suggestions() {
        assert_eq!(
            err(":nod β2M"),
            "unknown command \":nod\"; did you mean \":node\"? (:help lists the commands)"
        );
        assert!(err(":zzzz").starts_with("unknown command \":zzzz\" ("));
        assert_eq!(
            err(":nieghbours x"),
            "unknown command \":nieghbours\"; did you mean \":neighbors\"? (:help lists the commands)"
        );
    }

    #[test]
    fn wrong_arguments_say_what_was_expected() {
        assert!(err(":node").starts_with("usage: :node NAME"));
        assert!(err(":path a").starts_with("usage: :path FROM TO [K]"));
        assert!(err(":path B2M loss PD-1").contains("put quotes around names with spaces"));
        assert!(err(":neighbors PD-1 0").contains("depth must be a whole number"));
        assert!(err(":neighbors PD-1 -2").contains("not -2"));
        assert!(err(":stats now").contains("takes no arguments"));
        assert!(err(":format xml").contains("choose table, json, csv or dot"));
        assert!(err(":export svg a.svg").contains("choose json or dot"));
        assert!(err(":render").starts_with("usage: :render FILE.svg"));
        assert!(err(":timing maybe").starts_with("usage: :timing [on|off]"));
        assert!(err(":param cp 'PD-1'").starts_with("usage: :param NAME => VALUE"));
        assert!(err(":param 1x => 2").starts_with("usage: :param"));
        assert!(err(":schema now").contains("takes no arguments"));
        assert_eq!(err(":path 'a b"), "a quote is not closed in: 'a b");
    }

    #[test]
    fn apostrophes_in_single_names_survive() {
        assert_eq!(
            parse(":node Crohn's disease").unwrap(),
            Command::Node {
                name: "Crohn's disease".into()
            }
        );
    }
}
