//! Waivers: findings a reviewer has accepted, with a reason, a name and an optional expiry.
//!
//! A waiver names a rule and at least one of: a finding's fingerprint, a glob on the
//! document's path, a figure's printed text. Every condition given must hold. A waiver past
//! its expiry date waives nothing — the finding is open again — and is reported; so is a
//! waiver that matches no finding any more.

use std::fmt;

use globset::GlobMatcher;

use super::date::Date;
use crate::eval::Check;
use crate::source::Document;

/// One waiver from the configuration, validated.
#[derive(Debug, Clone)]
pub struct Waiver {
    pub rule: String,
    pub fingerprint: Option<String>,
    /// A glob on the document's path relative to the configuration file, as written and
    /// compiled.
    pub path: Option<(String, GlobMatcher)>,
    /// A figure's text exactly as printed (`25.77%`); any figure of the finding may match.
    pub text: Option<String>,
    pub reason: String,
    pub by: String,
    /// The last day the waiver holds.
    pub expires: Option<Date>,
    /// 1-based line of the waiver in the configuration file.
    pub line: usize,
}

impl Waiver {
    /// Whether the waiver names this failing check. `paths` are the documents' paths as the
    /// configuration's globs see them.
    pub fn matches(&self, check: &Check, documents: &[Document], paths: &[String]) -> bool {
        if check.rule != self.rule {
            return false;
        }
        if let Some(fingerprint) = &self.fingerprint {
            if check.fingerprint.as_deref() != Some(fingerprint.as_str()) {
                return false;
            }
        }
        if let Some((_, glob)) = &self.path {
            let on_path = check
                .figures
                .iter()
                .any(|f| paths.get(f.doc).is_some_and(|p| glob.is_match(p)));
            if !on_path {
                return false;
            }
        }
        if let Some(text) = &self.text {
            let printed = check.figures.iter().any(|f| {
                documents
                    .get(f.doc)
                    .map(|d| d.analysis(f.span.clone()))
                    .is_some_and(|t| t.trim() == text.trim())
            });
            if !printed {
                return false;
            }
        }
        true
    }

    /// Whether the waiver no longer holds on `today` (it holds through its expiry day).
    pub fn is_expired(&self, today: Date) -> bool {
        self.expires.is_some_and(|last| today > last)
    }

    /// How a message names the waiver: its rule and what else it matches on.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("rule {}", self.rule)];
        if let Some(f) = &self.fingerprint {
            parts.push(format!("fingerprint {f}"));
        }
        if let Some((p, _)) = &self.path {
            parts.push(format!("path {p}"));
        }
        if let Some(t) = &self.text {
            parts.push(format!("text {t}"));
        }
        parts.join(", ")
    }
}

/// A waiver that needs a reviewer's attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverProblem {
    /// Index of the waiver in the configuration.
    pub waiver: usize,
    /// 1-based line of the waiver in the configuration file.
    pub line: usize,
    pub kind: WaiverProblemKind,
    /// The waiver as a message names it.
    pub described: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WaiverProblemKind {
    /// Past its expiry date: the findings it matches are open again.
    Expired { on: Date, findings: usize },
    /// Matches no finding: the figure was corrected, or the waiver is mistyped.
    Unmatched,
}

impl fmt::Display for WaiverProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            WaiverProblemKind::Expired { on, findings } => write!(
                f,
                "waiver ({}) expired on {on}; the {findings} finding{} it matches {} open again",
                self.described,
                if *findings == 1 { "" } else { "s" },
                if *findings == 1 { "is" } else { "are" },
            ),
            WaiverProblemKind::Unmatched => write!(
                f,
                "waiver ({}) matches no finding; remove it if the figure was corrected",
                self.described
            ),
        }
    }
}
