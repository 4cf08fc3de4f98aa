//! A progress bar on stderr for long scans at a terminal. It stays hidden
//! for the first half second, so the usual sub-second run prints nothing.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

const SHOW_AFTER: Duration = Duration::from_millis(500);

#[derive(Clone, Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar that draws on stderr once the scan has run for a while; only
    /// create it when stderr is a terminal.
    pub fn terminal() -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} checking {pos}/{len} files {wide_bar} {eta}")
        {
            bar.set_style(style);
        }
        Progress { bar }
    }

    pub(crate) fn start(&self, files: usize) {
        self.bar.set_length(files as u64);
        self.bar.reset_elapsed();
    }

    pub(crate) fn advance(&self) {
        self.bar.inc(1);
        if self.bar.is_hidden() && self.bar.elapsed() > SHOW_AFTER {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    pub(crate) fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
