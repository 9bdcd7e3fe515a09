//! Rule-file mistakes as miette diagnostics that point into the YAML.

use std::path::Path;

use miette::{Diagnostic, SourceSpan};

use crate::source::NamedText;
use thiserror::Error;

/// A mistake in a rule file, with the place in the file where it is.
#[derive(Debug, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(tieout::rule))]
pub struct RuleError {
    pub message: String,
    #[source_code]
    pub source_code: Option<NamedText<String>>,
    #[label("{label}")]
    pub span: Option<SourceSpan>,
    pub label: String,
    #[help]
    pub help: Option<String>,
    /// 1-based line and column of the span, for tests and plain output.
    pub line: usize,
    pub column: usize,
}

impl RuleError {
    fn at(
        path: &Path,
        text: &str,
        offset: usize,
        len: usize,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> Self {
        // A span computed inside a YAML value that the reader unescaped or folded can land
        // inside a character of the file: widen it to character boundaries.
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let mut end = offset.saturating_add(len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let len = end - offset;
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Self {
            message,
            source_code: Some(NamedText::new(path.to_string_lossy(), text.to_string())),
            span: Some(SourceSpan::new(offset.into(), len)),
            label: label.to_string(),
            help,
            line,
            column,
        }
    }

    fn without_source(message: String, help: Option<String>) -> Self {
        Self {
            message,
            source_code: None,
            span: None,
            label: String::new(),
            help,
            line: 0,
            column: 0,
        }
    }

    /// A YAML syntax error or a value of the wrong shape (unknown key, wrong type).
    pub(crate) fn yaml(path: &Path, text: &str, err: &serde_yaml::Error) -> Self {
        let raw = err.to_string();
        // serde_yaml appends " at line L column C" to its message; the label shows that.
        let message = raw.split(" at line ").next().unwrap_or(&raw).to_string();
        let help = did_you_mean(&message);
        match err.location() {
            Some(loc) => {
                let len = token_len(text, loc.index());
                Self::at(
                    path,
                    text,
                    loc.index(),
                    len,
                    format!("{}: {message}", path.display()),
                    "here",
                    help,
                )
            }
            None => Self::without_source(format!("{}: {message}", path.display()), help),
        }
    }

    /// Brackets nested deeper than the YAML reader takes (it would take time in the square
    /// of the depth to say so itself).
    pub(super) fn nested_too_deep(path: &Path, text: &str, offset: usize, limit: usize) -> Self {
        Self::at(
            path,
            text,
            offset,
            1,
            format!(
                "{}: brackets nested deeper than {limit} levels",
                path.display()
            ),
            "here",
            Some("a rule needs a few levels at most; check for a runaway `[` or `{`".into()),
        )
    }

    pub(super) fn bad_regex(
        path: &Path,
        text: &str,
        id: &str,
        key: &str,
        pattern: &str,
        err: &regex::Error,
    ) -> Self {
        let (offset, len) = locate_value(text, id, key).unwrap_or((0, 0));
        let detail = err.to_string();
        // A huge pattern is not printed whole.
        let shown: String = pattern.chars().take(80).collect();
        let shown = if shown.len() < pattern.len() {
            format!("{shown}…")
        } else {
            shown
        };
        Self::at(
            path,
            text,
            offset,
            len,
            format!(
                "{}: rule `{id}`: {}",
                path.display(),
                super::general::regex_problem(key, err)
            ),
            "this regex does not compile",
            Some(format!("the regex `{shown}` failed:\n{detail}")),
        )
    }

    /// A mistake in a general rule: at its place inside the key's value when known.
    pub(super) fn general(
        path: &Path,
        text: &str,
        id: &str,
        err: &super::general::GeneralError,
    ) -> Self {
        let key = err.key.rsplit('.').next().unwrap_or(&err.key);
        let (offset, len) = match locate_value(text, id, key) {
            Some((value_start, value_len)) => {
                let value = &text[value_start..value_start + value_len];
                // Inside a quoted value, the expression starts after the quote.
                let quote = usize::from(value.starts_with(['\'', '"']));
                match &err.span {
                    Some(span) => (value_start + quote + span.start, span.len().max(1)),
                    None => (value_start, value_len),
                }
            }
            None => locate_value(text, id, "id").unwrap_or((0, 0)),
        };
        Self::at(
            path,
            text,
            offset,
            len,
            format!("{}: rule `{id}`: {}", path.display(), err.message),
            "here",
            err.help.clone(),
        )
    }

    pub(super) fn bad_test(path: &Path, text: &str, id: &str, number: usize) -> Self {
        let (offset, len) = locate_value(text, id, "tests").unwrap_or((0, 0));
        Self::at(
            path,
            text,
            offset,
            len,
            format!(
                "{}: rule `{id}`: test {number} needs exactly one of `pass:` and `fail:` (and `names:` only with `fail:`)",
                path.display()
            ),
            "in these tests",
            None,
        )
    }

    pub(super) fn kind_count(path: &Path, text: &str, id: &str, found: usize) -> Self {
        let (offset, len) = locate_value(text, id, "id").unwrap_or((0, 0));
        let message = if found == 0 {
            format!("{}: rule `{id}` names no check", path.display())
        } else {
            format!(
                "{}: rule `{id}` names {found} checks; a rule has one",
                path.display()
            )
        };
        Self::at(
            path,
            text,
            offset,
            len,
            message,
            "in this rule",
            Some(
                "add exactly one of `footing:`, `percent_total:`, `share_of_total:`, \
                 `change_column:`, `growth_rate:`, `pp_change:`, `cagr:`, `ratio:`, \
                 `agreement:` or `assert:`"
                    .into(),
            ),
        )
    }

    /// A rule whose scope does not fit its kind or its `same:` keys.
    pub(super) fn bad_scope(
        path: &Path,
        text: &str,
        id: &str,
        message: String,
        help: Option<String>,
    ) -> Self {
        let (offset, len) = locate_value(text, id, "scope")
            .or_else(|| locate_value(text, id, "same"))
            .or_else(|| locate_value(text, id, "id"))
            .unwrap_or((0, 0));
        Self::at(
            path,
            text,
            offset,
            len,
            format!("{}: rule `{id}`: {message}", path.display()),
            "here",
            help,
        )
    }

    pub(super) fn bad_id(path: &Path, text: &str, id: &str) -> Self {
        let (offset, len) = locate_value(text, id, "id").unwrap_or((0, 0));
        Self::at(
            path,
            text,
            offset,
            len,
            format!(
                "{}: rule id `{id}` is empty or has white space",
                path.display()
            ),
            "this id",
            Some("use letters, digits, `.` and `-`, such as `table.footing`".into()),
        )
    }

    pub(super) fn duplicate_id(id: &str, first: &Path, second: &Path) -> Self {
        Self::without_source(
            format!(
                "rule id `{id}` is defined twice: in {} and in {}",
                first.display(),
                second.display()
            ),
            Some("rename one of them, or turn the built-in one off".into()),
        )
    }

    /// No rule is left to run (`--no-default-rules` and no rule files found).
    pub fn no_rules(paths: &[std::path::PathBuf]) -> Self {
        let given = if paths.is_empty() {
            "no rule files were given".to_string()
        } else {
            format!(
                "no rule files were found in {}",
                paths
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        Self::without_source(
            format!("there are no rules to run: {given}"),
            Some("drop --no-default-rules, or point --rules at `*.yaml` rule files".into()),
        )
    }

    pub(super) fn missing(path: &Path) -> Self {
        Self::without_source(
            format!("{}: no such rule file or directory", path.display()),
            None,
        )
    }

    pub(super) fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::without_source(format!("{}: cannot be read: {err}", path.display()), None)
    }
}

/// Length of the token at `offset`: up to the end of the word or line.
fn token_len(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or("");
    let word = rest.find([':', '\n', '#']).unwrap_or(rest.len());
    word.max(1).min(rest.len())
}

/// Where the value of `key` is written in the YAML document of rule `id`: (offset, length).
fn locate_value(text: &str, id: &str, key: &str) -> Option<(usize, usize)> {
    // The rule's document: the one whose `id:` line names it.
    let mut doc_start = 0;
    let mut doc_end = text.len();
    let mut offset = 0;
    let mut found_id = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed == "---" {
            if found_id {
                doc_end = offset;
                break;
            }
            doc_start = offset + line.len();
        } else if let Some(value) = trimmed.strip_prefix("id:") {
            let value = value.trim().trim_matches(|c| c == '\'' || c == '"');
            if value == id {
                found_id = true;
            }
        }
        offset += line.len();
    }
    let doc = &text[doc_start..doc_end];
    // `key:` at the start of a line, or inside a flow mapping after `{` or `,`.
    let mut search = 0;
    while let Some(found) = doc[search..].find(key) {
        let at = search + found;
        search = at + key.len();
        let before = doc[..at].chars().next_back();
        if !before.is_none_or(|c| c.is_whitespace() || c == '{' || c == ',') {
            continue;
        }
        let rest = &doc[at + key.len()..];
        let Some(after_colon) = rest.trim_start_matches([' ', '\t']).strip_prefix(':') else {
            continue;
        };
        let value_start = doc.len() - after_colon.trim_start_matches([' ', '\t']).len();
        let value = &doc[value_start..];
        let len = match value.chars().next() {
            Some(q @ ('\'' | '"')) => value[1..].find(q).map_or(value.len(), |e| e + 2),
            _ => value.find([',', '}', '\n', '#']).unwrap_or(value.len()),
        };
        let len = value[..len].trim_end().len().max(1);
        return Some((doc_start + value_start, len));
    }
    None
}

/// For an unknown field, the closest expected name.
pub(crate) fn did_you_mean(message: &str) -> Option<String> {
    let unknown = &message[message.find("unknown field `")? + "unknown field `".len()..];
    let (name, rest) = unknown.split_once('`')?;
    let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    let best = expected
        .iter()
        .map(|e| (edit_distance(name, e), *e))
        .min()?;
    if best.0 <= 3 {
        Some(format!("did you mean `{}`?", best.1))
    } else {
        Some(format!("expected one of: {}", expected.join(", ")))
    }
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    /// Regression (fuzzing, rule_loader): an expression error in a folded plain scalar put the
    /// span inside `利`, and slicing the rule file there panicked.
    #[test]
    fn a_span_inside_a_character_is_widened_not_a_panic() {
        let text = "id: t\nassert: a\n  毛利\t1,5\\x\n";
        let inside = text.find('利').unwrap() + 1;
        let err = super::RuleError::at(
            std::path::Path::new("r.yaml"),
            text,
            inside,
            1,
            "m".into(),
            "here",
            None,
        );
        assert_eq!(err.line, 3);
        assert_eq!(err.column, 4);
    }

    use super::*;

    #[test]
    fn suggests_the_nearest_key() {
        assert_eq!(
            did_you_mean("unknown field `severty`, expected one of `id`, `title`, `severity`")
                .as_deref(),
            Some("did you mean `severity`?")
        );
    }

    #[test]
    fn locates_a_key_in_the_right_document() {
        let text = "id: a\nfooting:\n  total_rows: 'x'\n---\nid: b\nfooting:\n  total_rows: '(('\n";
        let (offset, len) = locate_value(text, "b", "total_rows").unwrap();
        assert_eq!(&text[offset..offset + len], "'(('");
    }

    #[test]
    fn locates_a_key_in_a_flow_mapping() {
        let text = "id: a\ntitle: t\nfooting: { total_rows: '(合计' }\n";
        let (offset, len) = locate_value(text, "a", "total_rows").unwrap();
        assert_eq!(&text[offset..offset + len], "'(合计'");
    }

    #[test]
    fn suggests_inside_a_nested_message() {
        assert_eq!(
            did_you_mean(
                "footing: unknown field `total_row`, expected one of `total_rows`, `subtotal_rows`"
            )
            .as_deref(),
            Some("did you mean `total_rows`?")
        );
    }
}
