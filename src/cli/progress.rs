//! Progress bars on stderr (indicatif) for the engine's long work: a load,
//! a snapshot write, an export, `generate`. A bar appears only once its work
//! has run for [`SHOW_AFTER`], and never with `--quiet`, when stderr is not
//! a terminal, or under CI, so piped and tested output never holds one.

use std::io::{self, IsTerminal, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use icigraph_engine::export::Files;
use icigraph_engine::progress::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work shorter than this draws nothing.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// Redraw interval once a bar is shown (it also moves between reports).
const TICK: Duration = Duration::from_millis(200);

/// The bars of one command: at most one piece of work at a time.
pub struct Bars {
    enabled: bool,
    current: Arc<Mutex<Current>>,
}

#[derive(Default)]
struct Current {
    /// Counts pieces of work, so a timer does not show a later piece early.
    piece: u64,
    bar: Option<ProgressBar>,
}

impl Bars {
    /// Bars unless `quiet`, when stderr is a terminal and `CI` is unset.
    pub fn new(quiet: bool) -> Bars {
        let enabled = !quiet
            && io::stderr().is_terminal()
            && std::env::var_os("CI").is_none_or(|v| v.is_empty());
        Bars {
            enabled,
            current: Arc::default(),
        }
    }
}

fn lock(current: &Mutex<Current>) -> std::sync::MutexGuard<'_, Current> {
    current
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Progress for Bars {
    fn start(&self, what: &str, total: u64) {
        if !self.enabled {
            return;
        }
        let style = if total > 0 {
            ProgressStyle::with_template(
                "{msg:>18} [{wide_bar}] {percent:>3}% ({elapsed}, {eta} left)",
            )
        } else {
            ProgressStyle::with_template("{spinner} {human_pos} {msg} ({elapsed})")
        }
        .expect("the templates are valid")
        .progress_chars("=> ");
        let bar = ProgressBar::with_draw_target(
            (total > 0).then_some(total),
            ProgressDrawTarget::hidden(),
        )
        .with_style(style)
        .with_message(what.to_owned());
        let piece = {
            let mut current = lock(&self.current);
            current.piece += 1;
            current.bar = Some(bar);
            current.piece
        };
        // Shown from a timer so that work with no report for a while (a
        // phase between two reports) still draws once it has taken long.
        let current = Arc::clone(&self.current);
        std::thread::spawn(move || {
            std::thread::sleep(SHOW_AFTER);
            let current = lock(&current);
            if current.piece == piece
                && let Some(bar) = &current.bar
            {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(TICK);
            }
        });
    }

    fn advance(&self, n: u64) {
        if self.enabled
            && let Some(bar) = &lock(&self.current).bar
        {
            bar.inc(n);
        }
    }

    fn finish(&self) {
        if let Some(bar) = lock(&self.current).bar.take() {
            bar.finish_and_clear();
        }
    }
}

/// Reports what passes through to a `Progress`, in steps of [`STEP`] bytes.
pub struct Counted<'a, W> {
    inner: W,
    progress: &'a dyn Progress,
    pending: u64,
}

/// Bytes between two reports of a [`Counted`] writer.
const STEP: u64 = 1 << 20;

impl<'a, W: Write> Counted<'a, W> {
    pub fn new(inner: W, progress: &'a dyn Progress) -> Self {
        Counted {
            inner,
            progress,
            pending: 0,
        }
    }
}

impl<W: Write> Write for Counted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.pending += n as u64;
        if self.pending >= STEP {
            self.progress.advance(self.pending);
            self.pending = 0;
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W> Drop for Counted<'_, W> {
    fn drop(&mut self) {
        self.progress.advance(self.pending);
    }
}

/// An export's folder whose files report their bytes as they are written.
pub struct CountedFiles<'a> {
    pub inner: &'a mut dyn Files,
    pub progress: &'a dyn Progress,
}

impl Files for CountedFiles<'_> {
    fn write(
        &mut self,
        name: &str,
        body: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let progress = self.progress;
        self.inner
            .write(name, &mut |out| body(&mut Counted::new(out, progress)))
    }
}
