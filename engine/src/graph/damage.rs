//! Damage found while reading a snapshot whose big columns were not checked
//! when it was opened ([`crate::snapshot::read_unchecked`]).
//!
//! Checking every edge and adjacency entry at open reads the whole file
//! (1.7 GB for 50M edges), which costs more than most commands. A one-shot
//! command instead checks each value where it is read: an out-of-range
//! value reads as nothing (no neighbours, a placeholder edge), the first
//! such problem is recorded here, and the front end reports the snapshot as
//! corrupted when the command ends, discarding its answer.

use std::sync::OnceLock;

/// The first problem a read found; shared by a graph and its adjacency.
#[derive(Debug, Default)]
pub struct Damage(OnceLock<&'static str>);

impl Damage {
    pub(crate) fn record(&self, what: &'static str) {
        let _ = self.0.set(what);
    }

    /// What was found out of range, if anything.
    pub fn found(&self) -> Option<&'static str> {
        self.0.get().copied()
    }
}
