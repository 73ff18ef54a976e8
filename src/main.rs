//! The `icigraph` binary: parse arguments, run, report errors. All logic
//! lives in the library.

use std::io::{self, BufWriter, ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;
use icigraph::cli::{self, Cli};

#[global_allocator]
static ALLOC: icigraph_engine::alloc::HugePages = icigraph_engine::alloc::HugePages;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let result = icigraph::app::run(cli, &mut out).and_then(|()| out.flush().map_err(Into::into));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A closed pipe (`icigraph export json | head`) is not a failure.
        Err(icigraph::Error::Output(err)) if err.kind() == ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(err) => {
            let code = err.exit_code();
            drop(out);
            eprintln!("{}", cli::report(err));
            ExitCode::from(code)
        }
    }
}
