//! The shell without a terminal: inputs read line by line from a pipe or a
//! file, no prompt, no history.

use std::io::{BufRead, Write};

use super::session::{Flow, Session};
use super::{Outcome, execute, input};
use crate::cli::report;
use crate::error::Error;

/// How many inputs ran and how many failed.
#[derive(Default)]
struct Tally {
    inputs: usize,
    failed: usize,
}

impl Tally {
    fn count(&mut self, outcome: Outcome) -> Outcome {
        self.inputs += 1;
        if outcome == Outcome::Failed {
            self.failed += 1;
        }
        outcome
    }

    /// Reports a problem with the input itself (not with one command).
    fn problem(&mut self, err: &mut dyn Write, message: String) -> std::io::Result<()> {
        self.inputs += 1;
        self.failed += 1;
        writeln!(err, "{}", report(Error::Usage(message)))
    }
}

pub fn run(
    session: &mut Session,
    mut reader: impl BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Error> {
    let mut tally = Tally::default();
    let mut pending = String::new();
    let mut bytes = Vec::new();
    let mut line_no = 0usize;
    loop {
        bytes.clear();
        if reader.read_until(b'\n', &mut bytes)? == 0 {
            break;
        }
        line_no += 1;
        let Ok(line) = std::str::from_utf8(&bytes) else {
            tally.problem(
                err,
                format!("line {line_no} of the input is not UTF-8 text"),
            )?;
            continue;
        };
        let line = line.trim_end_matches(['\n', '\r']);
        let mut texts = Vec::new();
        if pending.is_empty() && input::is_command(line) {
            texts.push(line.to_owned());
        } else {
            if !pending.is_empty() {
                pending.push('\n');
            }
            pending.push_str(line);
            let split = input::split(&pending);
            pending = split.rest.unwrap_or_default();
            texts = split.statements;
        }
        for text in texts {
            match tally.count(execute(session, &text, out, err)) {
                Outcome::Done(Flow::Quit) => return finish(tally),
                Outcome::Closed => return Ok(()),
                _ => {}
            }
        }
    }
    if let Some(first) = pending.lines().next() {
        tally.problem(
            err,
            format!("the input ended inside a statement (is a ; missing?): {first}"),
        )?;
    }
    finish(tally)
}

fn finish(tally: Tally) -> Result<(), Error> {
    if tally.failed > 0 {
        return Err(Error::Usage(format!(
            "{} of {} inputs failed",
            tally.failed, tally.inputs
        )));
    }
    Ok(())
}
