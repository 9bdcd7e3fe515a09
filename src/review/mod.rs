//! Review: what a team has already decided about the findings of a run.
//!
//! Takes the sorted checks of an audit and gives each failing one its fingerprint and a
//! [`Disposition`]: open, waived (accepted in the configuration, with a reason and a name),
//! or baselined (recorded by `--write-baseline` and given back with `--baseline`). Only open
//! findings are reported as findings and can fail the run. Waivers that expired or match
//! nothing come back as [`WaiverProblem`]s for the report.

pub mod baseline;
pub mod date;
pub mod fingerprint;
pub mod waiver;

pub use baseline::Baseline;
pub use date::Date;
pub use waiver::{Waiver, WaiverProblem, WaiverProblemKind};

use crate::eval::{Check, Disposition, Verdict, WaiverNote};
use crate::source::Document;

/// What review applies.
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub waivers: &'a [Waiver],
    /// Each document's path as the configuration's globs see it, by document id.
    pub paths: &'a [String],
    pub today: Date,
    pub baseline: Option<&'a Baseline>,
}

/// Fingerprints every failing check, applies waivers then the baseline, and reports the
/// waivers that need attention (sorted by their place in the configuration).
pub fn apply(
    checks: &mut [Check],
    documents: &[Document],
    settings: Settings<'_>,
) -> Vec<WaiverProblem> {
    fingerprint::assign(checks, documents);
    let mut matched = vec![0usize; settings.waivers.len()];
    for check in checks.iter_mut().filter(|c| c.verdict == Verdict::Fail) {
        let mut waived_by = None;
        for (i, waiver) in settings.waivers.iter().enumerate() {
            if waiver.matches(check, documents, settings.paths) {
                matched[i] += 1;
                if waived_by.is_none() && !waiver.is_expired(settings.today) {
                    waived_by = Some(waiver);
                }
            }
        }
        if let Some(w) = waived_by {
            check.disposition = Disposition::Waived(Box::new(WaiverNote {
                reason: w.reason.clone(),
                by: w.by.clone(),
                expires: w.expires.map(|d| d.to_string()),
            }));
        } else if settings
            .baseline
            .zip(check.fingerprint.as_deref())
            .is_some_and(|(b, f)| b.contains(f))
        {
            check.disposition = Disposition::Baselined;
        }
    }
    settings
        .waivers
        .iter()
        .zip(matched)
        .enumerate()
        .filter_map(|(i, (w, findings))| {
            let kind = match w.expires {
                Some(on) if w.is_expired(settings.today) => {
                    WaiverProblemKind::Expired { on, findings }
                }
                _ if findings == 0 => WaiverProblemKind::Unmatched,
                _ => return None,
            };
            Some(WaiverProblem {
                waiver: i,
                line: w.line,
                kind,
                described: w.describe(),
            })
        })
        .collect()
}
