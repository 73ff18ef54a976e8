//! `icigraph shell`: load the graph once, then answer commands and Cypher
//! statements one after another. On a terminal it is a line editor with
//! history and completion; otherwise it reads standard input line by line,
//! so a saved session replays with `icigraph shell < session.txt`.
//!
//! Every input runs guarded: its error is reported as the one-shot command
//! would report it, and even a panic only ends that input, not the shell.

mod command;
mod complete;
mod input;
mod interactive;
mod result;
mod script;
mod session;

use std::io::{self, ErrorKind, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};

pub use command::{COMMANDS, Command, ExportFormat, Spec};
pub use complete::{ShellHelper, Vocabulary};
pub use result::LastResult;
pub use session::{Flow, Session};

use crate::cli::{Format, report};
use crate::error::Error;
use icigraph_engine::graph::Graph;
use icigraph_engine::path::strategies::Rules;
use icigraph_engine::query::Limits;

/// Runs the shell on `graph` until `:quit` or the end of input.
///
/// Reading a script, it reports each failing input and carries on, then
/// fails with a count of the failures so scripts can check the exit status.
pub fn run(
    graph: Graph,
    rules: Rules,
    format: Format,
    mut limits: Limits,
    writes: crate::cli::target::Writes,
    out: &mut dyn Write,
) -> Result<(), Error> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        // The Ctrl-C handler itself is installed by the interactive loop,
        // after the line editor (which takes SIGINT over when it starts).
        limits.cancel = Some(&crate::cli::limits::CANCEL);
    }
    let mut session = Session::new(graph, rules, format)
        .with_limits(limits)
        .with_writes(writes);
    if stdin.is_terminal() {
        interactive::run(&mut session, out)
    } else {
        script::run(&mut session, stdin.lock(), out, &mut io::stderr())
    }
}

/// How one guarded input ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Done(Flow),
    Failed,
    /// Standard output is closed (`icigraph shell < s.txt | head`): stop.
    Closed,
}

/// Runs one input, printing its output to `out` and any error (or panic) as
/// a report to `err`.
fn execute(session: &mut Session, text: &str, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let ran = panic::catch_unwind(AssertUnwindSafe(|| {
        let flow = session.run(text, out)?;
        out.flush()?;
        Ok(flow)
    }));
    let error = match ran {
        Ok(Ok(flow)) => return Outcome::Done(flow),
        Ok(Err(Error::Output(e))) if e.kind() == ErrorKind::BrokenPipe => return Outcome::Closed,
        Ok(Err(error)) => error,
        Err(payload) => {
            let what = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown cause".into());
            Error::Usage(format!(
                "internal error while running this input ({what}); the shell carries on — please report it"
            ))
        }
    };
    if out.flush().is_err() {
        return Outcome::Closed;
    }
    // Nowhere left to report: the terminal went away.
    if writeln!(err, "{}", report(error)).is_err() {
        return Outcome::Closed;
    }
    Outcome::Failed
}

#[cfg(test)]
mod tests {
    use super::*;
    use icigraph_engine::load::{Source, load};

    /// Output that breaks the way a bug would: by panicking.
    struct Exploding;

    impl Write for Exploding {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            panic!("boom")
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn session() -> Session {
        Session::new(
            load(&Source::Embedded).unwrap(),
            Rules::builtin(),
            Format::Table,
        )
    }

    #[test]
    fn a_panic_ends_only_the_input_that_caused_it() {
        let mut session = session();
        let mut err = Vec::new();
        let outcome = execute(&mut session, ":format", &mut Exploding, &mut err);
        assert_eq!(outcome, Outcome::Failed);
        let err = String::from_utf8(err).unwrap();
        assert!(
            err.contains("internal error while running this input (boom)"),
            "{err}"
        );
        let mut out = Vec::new();
        let outcome = execute(&mut session, ":format json", &mut out, &mut Vec::new());
        assert_eq!(outcome, Outcome::Done(Flow::Continue));
        assert_eq!(out, b"format: json\n");
    }

    #[test]
    fn errors_are_reported_and_quit_is_a_flow() {
        let mut session = session();
        let mut err = Vec::new();
        let outcome = execute(
            &mut session,
            ":node nobody-at-all",
            &mut Vec::new(),
            &mut err,
        );
        assert_eq!(outcome, Outcome::Failed);
        assert!(String::from_utf8(err).unwrap().contains("no node is named"));
        let outcome = execute(&mut session, ":q", &mut Vec::new(), &mut Vec::new());
        assert_eq!(outcome, Outcome::Done(Flow::Quit));
    }
}
