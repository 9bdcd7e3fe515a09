//! The outcome of one check: a verdict, the arithmetic, and every printed figure involved.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::rules::{Rule, Severity};
use crate::source::DocId;

/// Whether a relation holds on the printed figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Some choice of values within the printed roundings makes the relation hold.
    Pass,
    /// No choice of values within the printed roundings makes it hold.
    Fail,
    /// The relation cannot be decided (a text cell where a figure should be, a divisor that may
    /// be zero). Kept apart from failures.
    Indeterminate,
}

/// What a figure is to a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A total (合计) that should equal its parts.
    Total,
    /// A part added into a total.
    Part,
    /// A share (占比) being checked.
    Share,
    /// The amount a share is of.
    Amount,
    /// The total amount a share is over.
    TotalAmount,
    /// The total row's share.
    TotalShare,
    /// A change (变动) printed beside the two levels it compares.
    Change,
    /// The level a change is of.
    Current,
    /// The level a change is from.
    Base,
    /// A figure bound by a general rule; its binding name says what it is.
    Operand,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Total => "total",
            Role::Part => "part",
            Role::Share => "share",
            Role::Amount => "amount",
            Role::TotalAmount => "total_amount",
            Role::TotalShare => "total_share",
            Role::Change => "change",
            Role::Current => "current",
            Role::Base => "base",
            Role::Operand => "operand",
        }
    }
}

/// A printed figure that took part in a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FigureRef {
    pub doc: DocId,
    /// Byte span of the figure as printed.
    pub span: Range<usize>,
    pub role: Role,
    /// The binding name of a general rule's figure (`rev`, `pct`).
    pub name: Option<String>,
    /// What the figure is a figure of: its row label and column heading in a table, its
    /// concept and period in prose. Part of a finding's fingerprint, which must not depend
    /// on where the figure stands in the file.
    pub label: String,
}

/// One evaluated check.
#[derive(Debug, Clone)]
pub struct Check {
    pub rule: String,
    pub severity: Severity,
    pub verdict: Verdict,
    pub message: String,
    /// What the other figures say this one should be.
    pub expected: Option<Decimal>,
    /// What is printed.
    pub actual: Option<Decimal>,
    /// `actual − expected`.
    pub difference: Option<Decimal>,
    /// How far apart the two may be and still be explained by rounding.
    pub tolerance: Option<Decimal>,
    /// The figure being checked first, then the others.
    pub figures: Vec<FigureRef>,
    /// A remark that is not a finding, such as an accepted rounding adjustment.
    pub note: Option<String>,
    /// A failing check's fingerprint (see [`crate::review`]): stable under edits elsewhere in
    /// the file, so that a baseline or a waiver can name the finding. Set by review.
    pub fingerprint: Option<String>,
    /// What review made of a failing check: open, waived, or already in the baseline.
    pub disposition: Disposition,
}

/// What review made of a failing check. Only an open finding is reported as a finding and
/// can fail the run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Disposition {
    /// A finding to act on.
    #[default]
    Open,
    /// Accepted by a reviewer in the configuration.
    Waived(Box<WaiverNote>),
    /// Recorded in the baseline given with `--baseline`: known before, not reported again.
    Baselined,
}

/// Why and by whom a finding was accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WaiverNote {
    pub reason: String,
    pub by: String,
    /// `YYYY-MM-DD`, the last day the waiver holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl Check {
    /// A check of `rule` with no verdict yet; kinds fill in the rest.
    pub fn new(rule: &Rule, verdict: Verdict, message: String) -> Self {
        Self {
            rule: rule.id.clone(),
            severity: rule.severity,
            verdict,
            message,
            expected: None,
            actual: None,
            difference: None,
            tolerance: None,
            figures: Vec::new(),
            note: None,
            fingerprint: None,
            disposition: Disposition::Open,
        }
    }

    /// A failing check that review left open: what is reported as a finding.
    pub fn is_open_finding(&self) -> bool {
        self.verdict == Verdict::Fail && self.disposition == Disposition::Open
    }

    /// The document and byte offset the check is reported at: its first figure.
    pub fn anchor(&self) -> (DocId, usize) {
        self.figures
            .first()
            .map_or((usize::MAX, 0), |f| (f.doc, f.span.start))
    }
}

/// Formats a decimal with thousands separators, as filings print them: `1,234.56`.
pub fn group_thousands(value: Decimal) -> String {
    let text = value.to_string();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands_like_a_filing() {
        let d = |s| Decimal::from_str_exact(s).unwrap();
        assert_eq!(group_thousands(d("1234567.891")), "1,234,567.891");
        assert_eq!(group_thousands(d("-1234")), "-1,234");
        assert_eq!(group_thousands(d("999")), "999");
        assert_eq!(group_thousands(d("0.05")), "0.05");
    }
}
