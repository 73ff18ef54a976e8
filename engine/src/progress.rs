//! Progress of long work (loading, generating, writing), reported to
//! whatever front end draws it. The engine only counts; drawing a bar is the
//! front end's business, so this crate stays free of terminal dependencies.
//!
//! Callers report at coarse steps (a file, a batch of rows), never per row,
//! so a silent [`Progress`] costs nothing measurable.

/// Receives the progress of one piece of work at a time: `start`, any number
/// of `advance`s, then `finish`. Shared by reader threads, hence `&self`.
pub trait Progress: Sync {
    /// A new piece of work of `total` units (bytes, rows or steps, as `what`
    /// says) begins; `total` is 0 when it is not known in advance.
    fn start(&self, what: &str, total: u64);
    /// `n` more units are done.
    fn advance(&self, n: u64);
    /// The current piece of work is done (or abandoned on an error).
    fn finish(&self);
}

/// Reports nothing: the default for library callers and tests.
#[derive(Clone, Copy, Debug, Default)]
pub struct Silent;

impl Progress for Silent {
    fn start(&self, _what: &str, _total: u64) {}
    fn advance(&self, _n: u64) {}
    fn finish(&self) {}
}

/// Calls `finish` when dropped, so every way out of a piece of work (an
/// error, `?`) ends its bar.
pub(crate) struct Started<'a>(pub &'a dyn Progress);

impl<'a> Started<'a> {
    pub(crate) fn new(progress: &'a dyn Progress, what: &str, total: u64) -> Self {
        progress.start(what, total);
        Started(progress)
    }
}

impl Drop for Started<'_> {
    fn drop(&mut self) {
        self.0.finish();
    }
}

/// Records every call, for tests of the callers.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct Recorder {
    pub calls: std::sync::Mutex<Vec<Call>>,
}

#[cfg(test)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Call {
    Start(String, u64),
    Advance(u64),
    Finish,
}

#[cfg(test)]
impl Recorder {
    pub fn calls(&self) -> Vec<Call> {
        self.calls.lock().unwrap().clone()
    }

    /// (what, total, units advanced) of each started piece of work, after
    /// checking that every start is finished before the next begins.
    pub fn pieces(&self) -> Vec<(String, u64, u64)> {
        let mut pieces = Vec::new();
        let mut open: Option<(String, u64, u64)> = None;
        for call in self.calls() {
            match call {
                Call::Start(what, total) => {
                    assert!(open.is_none(), "{what} started before the last finished");
                    open = Some((what, total, 0));
                }
                Call::Advance(n) => open.as_mut().expect("advance after start").2 += n,
                Call::Finish => pieces.push(open.take().expect("finish after start")),
            }
        }
        assert!(open.is_none(), "every start is finished");
        pieces
    }
}

#[cfg(test)]
impl Progress for Recorder {
    fn start(&self, what: &str, total: u64) {
        self.calls
            .lock()
            .unwrap()
            .push(Call::Start(what.to_owned(), total));
    }
    fn advance(&self, n: u64) {
        self.calls.lock().unwrap().push(Call::Advance(n));
    }
    fn finish(&self) {
        self.calls.lock().unwrap().push(Call::Finish);
    }
}
