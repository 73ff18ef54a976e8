//! Runs a parsed command line: the interactive shell, or one command of the
//! CLI. Both front ends print through the CLI's printers; neither starts the
//! other.

use std::io::Write;

use crate::cli::{self, Cli, Command};
use crate::error::Error;
use crate::shell;

pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), Error> {
    if let Command::Shell = cli.command {
        let global = &cli.global;
        return shell::run(
            cli::load_graph(global)?,
            cli::strategy_rules(global)?,
            global.format,
            out,
        );
    }
    cli::run(cli, out)
}
