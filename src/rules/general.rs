//! General rules: bind named sets of facts with selectors, join them on keys, and state what
//! must hold as an expression.
//!
//! ```yaml
//! id: ratio.rd-to-revenue
//! title: 研发费用占营业收入比例与两项金额一致
//! bind:
//!   rd:  { concept: 研发费用, unit: money }
//!   rev: { concept: 营业收入, unit: money }
//!   pct: { concept: 研发费用, measure: share, of: 营业收入 }
//! same: [document, period]
//! assert: pct == rd / rev * 100
//! message: '{pct} ≠ {rd} / {rev} = {expected}%'
//! ```
//!
//! In an expression, money is in base units (元), so figures printed in 万元 and 亿元 can be
//! combined; percentages and percentage points are their printed numbers (45.08 for 45.08%).

use std::collections::BTreeMap;

use globset::{Glob, GlobMatcher};
use regex::{Regex, RegexBuilder};
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Deserialize;

use super::expr::{self, Expr};

/// How many combinations of bound facts one rule may evaluate in one document: a rule that
/// would pair every fact with every other is stopped with a message, not left to run.
pub const MAX_COMBINATIONS: usize = 20_000;

/// One binding's selector as written.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BindSpec {
    /// A concept name (matched after normalisation and synonyms, see `rules/concepts.yaml`),
    /// or a regex on the normalised concept when it holds regex characters.
    pub concept: Option<String>,
    /// A normalised period (`2024`, `2024-01~06`, `2024-06-30`) or a regex on it.
    pub period: Option<String>,
    /// `money`, `percent`, `percentage_points`, `count` or `plain`.
    pub unit: Option<UnitKind>,
    /// `table` or `prose`.
    pub origin: Option<OriginKind>,
    /// `level`, `growth`, `point_change`, `share` or `cagr`.
    pub measure: Option<MeasureKind>,
    /// For `measure: share`: the concept it is a share of.
    pub of: Option<String>,
    /// A glob on the document's path.
    pub document: Option<String>,
    /// The kind of document: `prospectus`, `inquiry_reply`, `opinion`, `annual_report` or
    /// `other` (`tieout facts` names each document's).
    pub document_type: Option<crate::source::DocumentType>,
    /// A regex on the title printed above the fact's table.
    pub caption: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Money,
    Percent,
    PercentagePoints,
    Count,
    Length,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginKind {
    Table,
    Prose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeasureKind {
    Level,
    Growth,
    PointChange,
    Share,
    Cagr,
}

/// What two bound facts must share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JoinKey {
    /// The issuer: with `scope: corpus`, where it is always shared (a check never joins two
    /// issuers' documents), writing it says so.
    Entity,
    Document,
    Period,
    Table,
    Row,
    Column,
}

/// How a selector matches a text field.
#[derive(Debug, Clone)]
pub enum TextMatch {
    /// Equal after normalisation (concepts) or as written (periods).
    Exact(String),
    Regex(Regex),
}

/// A compiled selector.
#[derive(Debug, Clone)]
pub struct Selector {
    pub concept: Option<TextMatch>,
    pub period: Option<TextMatch>,
    pub unit: Option<UnitKind>,
    pub origin: Option<OriginKind>,
    pub measure: Option<MeasureKind>,
    pub of: Option<String>,
    pub document: Option<GlobMatcher>,
    pub document_type: Option<crate::source::DocumentType>,
    pub caption: Option<Regex>,
}

/// A piece of a message template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    /// A binding: its printed figure.
    Binding(String),
    /// `{expected}`, `{actual}`, `{difference}`, `{tolerance}`.
    Computed(String),
}

/// A compiled general rule.
#[derive(Debug, Clone)]
pub struct General {
    pub bindings: Vec<(String, Selector)>,
    pub same: Vec<JoinKey>,
    pub assert: Expr,
    pub assert_text: String,
    pub tolerance: Option<Decimal>,
    pub message: Vec<Piece>,
}

/// A mistake in a general rule, with the key it is under and where in that key's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneralError {
    /// The YAML key the mistake is in (`assert`, `message`, `bind`, `tolerance` …).
    pub key: String,
    /// Byte span within the key's value, when known.
    pub span: Option<std::ops::Range<usize>>,
    pub message: String,
    pub help: Option<String>,
}

fn has_regex_chars(text: &str) -> bool {
    text.contains([
        '^', '$', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '\\',
    ])
}

/// What is wrong with a regex that did not build, in words: one that is too large to run
/// (a rule file is untrusted: `(?:\w{100}){100}` would take megabytes) is not "invalid".
pub fn regex_problem(key: &str, err: &regex::Error) -> String {
    match err {
        regex::Error::CompiledTooBig(limit) => format!(
            "`{key}` is too large a regex (it compiles to more than {} KiB; simplify it)",
            limit / 1024
        ),
        _ => format!("`{key}` is not a valid regex"),
    }
}

fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .size_limit(1 << 20)
        .dfa_size_limit(1 << 20)
        .build()
}

fn text_match(key: &str, text: &str) -> Result<TextMatch, GeneralError> {
    if has_regex_chars(text) {
        regex(text).map(TextMatch::Regex).map_err(|e| GeneralError {
            key: key.to_string(),
            span: None,
            message: regex_problem(key, &e),
            help: Some(e.to_string()),
        })
    } else {
        Ok(TextMatch::Exact(text.to_string()))
    }
}

fn compile_selector(name: &str, spec: &BindSpec) -> Result<Selector, GeneralError> {
    let at = |e: GeneralError| GeneralError {
        key: format!("bind.{name}.{}", e.key),
        ..e
    };
    Ok(Selector {
        concept: spec
            .concept
            .as_deref()
            .map(|c| text_match("concept", c))
            .transpose()
            .map_err(at)?,
        period: spec
            .period
            .as_deref()
            .map(|p| text_match("period", p))
            .transpose()
            .map_err(at)?,
        unit: spec.unit,
        origin: spec.origin,
        measure: spec.measure,
        of: spec.of.clone(),
        document: spec
            .document
            .as_deref()
            .map(|g| {
                Glob::new(g).map(|g| g.compile_matcher()).map_err(|e| {
                    at(GeneralError {
                        key: "document".into(),
                        span: None,
                        message: "`document` is not a valid glob".into(),
                        help: Some(e.to_string()),
                    })
                })
            })
            .transpose()?,
        document_type: spec.document_type,
        caption: spec
            .caption
            .as_deref()
            .map(|c| {
                regex(c).map_err(|e| {
                    at(GeneralError {
                        key: "caption".into(),
                        span: None,
                        message: regex_problem("caption", &e),
                        help: Some(e.to_string()),
                    })
                })
            })
            .transpose()?,
    })
}

/// Parses a message template: `{name}` is a binding's printed figure; `{expected}`,
/// `{actual}`, `{difference}` and `{tolerance}` are the assertion's values; `{{` and `}}` are
/// braces.
pub fn parse_template(
    text: &str,
    bindings: &BTreeMap<String, BindSpec>,
) -> Result<Vec<Piece>, GeneralError> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    let mut offset = 0;
    while let Some(open) = rest.find(['{', '}']) {
        literal.push_str(&rest[..open]);
        let brace = &rest[open..];
        if brace.starts_with("{{") || brace.starts_with("}}") {
            literal.push(brace.as_bytes()[0] as char);
            offset += open + 2;
            rest = &rest[open + 2..];
            continue;
        }
        if brace.starts_with('}') {
            return Err(GeneralError {
                key: "message".into(),
                span: Some(offset + open..offset + open + 1),
                message: "a `}` with no `{` before it".into(),
                help: Some("write `}}` for a brace".into()),
            });
        }
        let Some(close) = brace.find('}') else {
            return Err(GeneralError {
                key: "message".into(),
                span: Some(offset + open..offset + rest.len()),
                message: "a `{` that is never closed".into(),
                help: Some("write `{{` for a brace".into()),
            });
        };
        let name = &brace[1..close];
        if !literal.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut literal)));
        }
        if bindings.contains_key(name) {
            pieces.push(Piece::Binding(name.to_string()));
        } else if matches!(name, "expected" | "actual" | "difference" | "tolerance") {
            pieces.push(Piece::Computed(name.to_string()));
        } else {
            let known: Vec<&str> = bindings.keys().map(String::as_str).collect();
            return Err(GeneralError {
                key: "message".into(),
                span: Some(offset + open..offset + open + close + 1),
                message: format!("`{{{name}}}` names no binding"),
                help: Some(format!(
                    "the bindings are {}; also expected, actual, difference, tolerance",
                    known.join(", ")
                )),
            });
        }
        offset += open + close + 1;
        rest = &rest[open + close + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Text(literal));
    }
    Ok(pieces)
}

/// Compiles the general part of a rule. Every mistake is collected.
pub fn compile(
    bind: &BTreeMap<String, BindSpec>,
    same: &[JoinKey],
    assert: &str,
    message: Option<&str>,
    tolerance: Option<&serde_yaml::Value>,
) -> Result<General, Vec<GeneralError>> {
    let mut errors = Vec::new();
    let mut bindings = Vec::new();
    for (name, spec) in bind {
        match compile_selector(name, spec) {
            Ok(selector) => bindings.push((name.clone(), selector)),
            Err(e) => errors.push(e),
        }
    }
    if bind.is_empty() {
        errors.push(GeneralError {
            key: "bind".into(),
            span: None,
            message: "a rule with `assert:` binds at least one fact".into(),
            help: Some(
                "add `bind:` with a name and a selector, e.g. `rev: { concept: 营业收入 }`".into(),
            ),
        });
    }
    let parsed = match expr::parse(assert) {
        Ok(e) => Some(e),
        Err(e) => {
            errors.push(GeneralError {
                key: "assert".into(),
                span: Some(e.span),
                message: format!("`assert` does not parse: {}", e.message),
                help: None,
            });
            None
        }
    };
    if let Some(e) = &parsed {
        if !matches!(e.kind, expr::ExprKind::Compare(..)) {
            errors.push(GeneralError {
                key: "assert".into(),
                span: Some(e.span.clone()),
                message: "`assert` must compare two values (==, ~=, <, <=, >, >=)".into(),
                help: None,
            });
        }
        for (name, span) in e.names() {
            if !bind.contains_key(name) {
                errors.push(GeneralError {
                    key: "assert".into(),
                    span: Some(span),
                    message: format!("`{name}` is not bound"),
                    help: Some(format!(
                        "the bindings are {}",
                        bind.keys().cloned().collect::<Vec<_>>().join(", ")
                    )),
                });
            }
        }
    }
    let tolerance = match tolerance {
        None => None,
        Some(serde_yaml::Value::String(s)) => match Decimal::from_str_exact(s.trim()) {
            Ok(t) if t >= Decimal::ZERO => Some(t),
            _ => {
                errors.push(GeneralError {
                    key: "tolerance".into(),
                    span: None,
                    message: format!("`tolerance` `{s}` is not a non-negative decimal"),
                    help: None,
                });
                None
            }
        },
        Some(_) => {
            errors.push(GeneralError {
                key: "tolerance".into(),
                span: None,
                message: "write `tolerance` in quotes, such as `tolerance: '0.01'`".into(),
                help: Some("a quoted decimal is read exactly; an unquoted number would pass through a binary float".into()),
            });
            None
        }
    };
    if let Some(e) = &parsed {
        if matches!(
            e.kind,
            expr::ExprKind::Compare(expr::Comparison::Approx, ..)
        ) && tolerance.is_none()
        {
            errors.push(GeneralError {
                key: "assert".into(),
                span: Some(e.span.clone()),
                message: "`~=` compares within an explicit tolerance, and the rule has none".into(),
                help: Some("add `tolerance: '0.01'` (in the unit of the compared values), or use `==`, which allows the printed roundings".into()),
            });
        }
    }
    let message = match message {
        Some(m) => match parse_template(m, bind) {
            Ok(p) => p,
            Err(e) => {
                errors.push(e);
                Vec::new()
            }
        },
        None => Vec::new(),
    };
    match (errors.is_empty(), parsed) {
        (true, Some(assert_expr)) => Ok(General {
            bindings,
            same: same.to_vec(),
            assert: assert_expr,
            assert_text: assert.to_string(),
            tolerance,
            message,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn binds(names: &[&str]) -> BTreeMap<String, BindSpec> {
        names
            .iter()
            .map(|n| (n.to_string(), BindSpec::default()))
            .collect()
    }

    #[test]
    fn templates_name_bindings_and_computed_values() {
        let pieces = parse_template(
            "{pct} ≠ {rd} / {rev} = {expected}{{x}}",
            &binds(&["pct", "rd", "rev"]),
        )
        .unwrap();
        assert_eq!(pieces[0], Piece::Binding("pct".into()));
        assert_eq!(pieces.last(), Some(&Piece::Text("{x}".into())));
        assert!(pieces.contains(&Piece::Computed("expected".into())));
    }

    #[test]
    fn an_unknown_placeholder_is_reported_at_its_place() {
        let err = parse_template("ok {nope} ok", &binds(&["a"])).unwrap_err();
        assert_eq!(err.span, Some(3..9));
        assert!(err.message.contains("names no binding"));
    }

    #[test]
    fn unbound_names_in_assert_are_reported_at_their_column() {
        let errors = compile(&binds(&["a"]), &[], "a == b * 2", None, None).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].span, Some(5..6));
    }

    #[test]
    fn tolerance_must_be_an_exact_decimal() {
        let float = serde_yaml::Value::Number(serde_yaml::Number::from(0.01));
        let errors = compile(&binds(&["a"]), &[], "a ~= 1", None, Some(&float)).unwrap_err();
        assert!(errors.iter().any(|e| e.key == "tolerance"));
        let quoted = serde_yaml::Value::String("0.01".into());
        let rule = compile(&binds(&["a"]), &[], "a ~= 1", None, Some(&quoted)).unwrap();
        assert_eq!(rule.tolerance, Some(Decimal::new(1, 2)));
    }
}
