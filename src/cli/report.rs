//! Errors as the user sees them: one miette report, the same from a command
//! and from the shell.

use crate::error::Error;

/// The error rendered as a diagnostic (message, causes, help), without a
/// trailing newline.
pub fn report(err: Error) -> String {
    // Long messages (candidate lists) stay on one line so they can be grepped.
    miette::set_hook(Box::new(|_| {
        Box::new(miette::MietteHandlerOpts::new().wrap_lines(false).build())
    }))
    .ok();
    format!("{:?}", miette::Report::new(err))
}
