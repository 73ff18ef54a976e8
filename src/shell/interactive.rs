//! The shell on a terminal: rustyline with Emacs keys, history kept between
//! sessions, Tab completion, history hints and multi-line statements.

use std::io::{self, Write};
use std::path::PathBuf;

use rustyline::config::Configurer;
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{CompletionType, Config, EditMode, Editor};

use super::complete::ShellHelper;
use super::session::{Flow, Session};
use super::{Outcome, execute, input};
use crate::error::Error;

const PROMPT: &str = "icigraph> ";

/// Where history is kept: `$ICIGRAPH_HISTORY`, else the user's data folder
/// (`~/.local/share/icigraph/history.txt` on Linux).
pub fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("ICIGRAPH_HISTORY") {
        return Some(PathBuf::from(path));
    }
    dirs::data_dir().map(|dir| dir.join("icigraph").join("history.txt"))
}

fn terminal_error(err: ReadlineError) -> Error {
    match err {
        ReadlineError::Io(err) => Error::Output(err),
        other => Error::Output(io::Error::other(other)),
    }
}

pub fn run(session: &mut Session, out: &mut dyn Write) -> Result<(), Error> {
    let config = Config::builder()
        .edit_mode(EditMode::Emacs)
        .completion_type(CompletionType::List)
        .auto_add_history(false)
        .history_ignore_space(true)
        .build();
    let mut editor: Editor<ShellHelper, FileHistory> =
        Editor::with_config(config).map_err(terminal_error)?;
    editor
        .set_history_ignore_dups(true)
        .map_err(terminal_error)?;
    // rustyline installs its own SIGINT handler when the editor is made and
    // keeps it until the editor is dropped; Ctrl-C during a statement must
    // reach ours, which sets the flag the running query checks. (While a
    // line is read the terminal is raw, so Ctrl-C is a key, not a signal.)
    crate::cli::limits::cancel_on_ctrl_c();
    editor.set_helper(Some(ShellHelper::new(session.graph())));
    let history = history_path();
    if let Some(path) = &history {
        // A first session has no history yet; that is not an error.
        editor.load_history(path).ok();
    }
    let graph = session.graph();
    writeln!(
        out,
        "icigraph shell: {} nodes, {} edges. :help lists the commands, Tab completes, Ctrl-D leaves.",
        graph.node_count(),
        graph.edge_count()
    )?;
    out.flush()?;
    let mut stderr = io::stderr();
    loop {
        let text = match editor.readline(PROMPT) {
            Ok(text) => text,
            // Ctrl-C drops what was typed; the prompt comes back.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(err) => return Err(terminal_error(err)),
        };
        if text.trim().is_empty() {
            continue;
        }
        editor.add_history_entry(text.as_str()).ok();
        if let Some(path) = &history {
            save_history(&mut editor, path, &mut stderr);
        }
        let before = size(session.graph());
        let texts = if input::is_command(&text) {
            vec![text]
        } else {
            let split = input::split(&text);
            split.statements.into_iter().chain(split.rest).collect()
        };
        for text in texts {
            match execute(session, &text, out, &mut stderr) {
                Outcome::Done(Flow::Quit) | Outcome::Closed => return Ok(()),
                _ => {}
            }
        }
        // A CREATE or MERGE brings new names to complete.
        if size(session.graph()) != before
            && let Some(helper) = editor.helper_mut()
        {
            helper.refresh(session.graph());
        }
    }
    Ok(())
}

fn size(graph: &icigraph_engine::graph::Graph) -> (usize, usize) {
    (graph.node_count(), graph.edge_count())
}

/// Appends the new history entry, creating the folder the first time; a
/// failure is worth a warning, not the end of the session.
fn save_history(
    editor: &mut Editor<ShellHelper, FileHistory>,
    path: &std::path::Path,
    err: &mut dyn Write,
) {
    let saved = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
    .map_err(ReadlineError::from)
    .and_then(|()| editor.append_history(path));
    if let Err(problem) = saved {
        writeln!(
            err,
            "warning: cannot save history to {}: {problem}",
            path.display()
        )
        .ok();
    }
}
