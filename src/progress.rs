//! A progress bar on stderr for long runs: files done, facts read and findings so far.
//!
//! Drawn only when stderr is a terminal, more than one file is audited and `--quiet` is not
//! given; otherwise every call is a no-op, so that logs and pipes never see it.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts of a run in progress, shown as a bar when there is a terminal to show it on.
pub struct Progress {
    bar: Option<ProgressBar>,
    facts: AtomicUsize,
    findings: AtomicUsize,
}

impl Progress {
    /// A bar over `files` files, drawn if `wanted` and stderr is a terminal.
    pub fn new(files: usize, wanted: bool) -> Self {
        let shown = wanted && files > 1 && std::io::stderr().is_terminal();
        let bar = shown.then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
            if let Ok(style) =
                ProgressStyle::with_template("{bar:30} {pos}/{len} files, {msg} [{elapsed}]")
            {
                bar.set_style(style);
            }
            bar.set_message("0 facts, 0 findings");
            bar
        });
        Self {
            bar,
            facts: AtomicUsize::new(0),
            findings: AtomicUsize::new(0),
        }
    }

    /// One more file audited, with its facts and failing checks.
    pub fn document_done(&self, facts: usize, findings: usize) {
        let Some(bar) = &self.bar else {
            return;
        };
        let facts = self.facts.fetch_add(facts, Ordering::Relaxed) + facts;
        let findings = self.findings.fetch_add(findings, Ordering::Relaxed) + findings;
        bar.set_message(format!("{facts} facts, {findings} findings"));
        bar.inc(1);
    }

    /// Removes the bar, so that the report starts on a clean line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
