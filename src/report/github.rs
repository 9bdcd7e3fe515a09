//! `--format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request's files.
//!
//! One `::error` / `::warning` / `::notice` a open finding, at its first figure (the one
//! being checked), with the other figures and the arithmetic in the message; one `::warning`
//! at the configuration file for each waiver that expired or matches nothing. Nothing else is
//! printed: every line is a command.

use std::fmt::Write as _;

use super::{Location, Run};
use crate::eval::check::group_thousands;
use crate::eval::Check;
use crate::rules::Severity;

/// Renders the run as workflow commands.
pub fn render(run: &Run<'_>) -> String {
    let mut out = String::new();
    for check in run.open_findings() {
        finding(&mut out, run, check);
    }
    for problem in run.waiver_problems {
        let place = match run.config_path {
            Some(config) => format!("file={},line={},", property(config), problem.line.max(1)),
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "::warning {place}title=tieout waiver::{}",
            data(&problem.to_string())
        );
    }
    out
}

fn finding(out: &mut String, run: &Run<'_>, check: &Check) {
    let locations: Vec<Location> = check
        .figures
        .iter()
        .filter_map(|f| Location::of(f, run.documents))
        .collect();
    let command = match check.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    let mut message = check.message.clone();
    if let (Some(e), Some(a), Some(d), Some(t)) = (
        check.expected,
        check.actual,
        check.difference,
        check.tolerance,
    ) {
        let _ = write!(
            message,
            "\nprinted {}, expected {}, difference {}, rounding tolerance {}",
            group_thousands(a),
            group_thousands(e),
            group_thousands(d),
            group_thousands(t)
        );
    }
    let primary_path = locations.first().map(|l| l.path.clone());
    for l in locations.iter().skip(1) {
        let file = if Some(&l.path) == primary_path.as_ref() {
            String::new()
        } else {
            format!(" of {}", l.path)
        };
        let _ = write!(
            message,
            "\n{} {} at line {}, column {}{file}",
            l.role.replace('_', " "),
            l.text,
            l.line,
            l.column
        );
    }
    let place = match locations.first() {
        Some(l) => format!(
            "file={},line={},col={},endLine={},endColumn={},",
            property(&l.path),
            l.line,
            l.column,
            l.end_line,
            l.end_column
        ),
        None => String::new(),
    };
    let _ = writeln!(
        out,
        "::{command} {place}title={}::{}",
        property(&check.rule),
        data(&message)
    );
    // A figure in another file is annotated there too, pointing back at the finding.
    if let Some(first) = locations.first() {
        for l in locations.iter().skip(1).filter(|l| l.path != first.path) {
            let _ = writeln!(
                out,
                "::notice file={},line={},col={},endLine={},endColumn={},title={}::{}",
                property(&l.path),
                l.line,
                l.column,
                l.end_line,
                l.end_column,
                property(&check.rule),
                data(&format!(
                    "{} {}: {} (see {} line {})",
                    l.role.replace('_', " "),
                    l.text,
                    check.message,
                    first.path,
                    first.line
                ))
            );
        }
    }
}

/// Escapes a command's message: `%`, carriage returns and line feeds.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, and also `:` and `,`, which end a property.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_reads_them() {
        assert_eq!(data("25.77%\nnext"), "25.77%25%0Anext");
        assert_eq!(property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
