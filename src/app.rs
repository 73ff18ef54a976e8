//! Runs a parsed command line: the interactive shell, the web server, or one
//! command of the CLI. The shell and the server use the CLI's loading and
//! printers; the CLI starts neither.

use std::io::Write;

use crate::cli::{self, Cli, Command};
use crate::error::Error;
use crate::{serve, shell};

pub fn run(cli: Cli, out: &mut dyn Write) -> Result<(), Error> {
    if let Command::Shell { limits } = &cli.command {
        let global = &cli.global;
        return shell::run(
            cli::load_graph(global)?,
            cli::strategy_rules(global)?,
            global.format,
            limits.limits(),
            global.writes(),
            out,
        );
    }
    if let Command::Serve(args) = &cli.command {
        return serve::run(&cli.global, args, out);
    }
    cli::run(cli, out)
}
