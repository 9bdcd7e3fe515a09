//! Rules: YAML rule files read in two phases — plain serde structs that reject unknown keys,
//! then a validated, compiled [`Rule`] with its regexes built. Every mistake is a
//! [`RuleError`]: a miette diagnostic pointing at the line and column in the rule file.
//!
//! serde_yaml is used here and in `config` only, so that it can be exchanged in two places.

pub mod concepts;
mod error;
pub mod expr;
pub mod general;
mod spec;

pub use error::RuleError;
pub(crate) use error::{did_you_mean, edit_distance};
pub use spec::{ChangeColumnSpec, FootingSpec, PercentTotalSpec, RuleSpec, ShareOfTotalSpec};

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::extract::concept::Concepts;
use serde::{Deserialize, Serialize};

/// How serious a finding of a rule is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The rows of a table that total or qualify others, by their labels.
#[derive(Debug, Clone)]
pub struct RowLabels {
    /// A row that totals the rows above it: 合计, 总计, Total.
    pub total: Regex,
    /// A row that totals a group: 小计.
    pub subtotal: Regex,
    /// A row that is a part of the row above it rather than a row of its own: 其中.
    pub part_of_above: Regex,
}

/// The columns of percentages that are shares of a whole, and those that are rates.
#[derive(Debug, Clone)]
pub struct ShareColumns {
    /// Header words of a share column: 占比, 份额, 百分比, or a bare `%`.
    pub share: Regex,
    /// Header words that make a percentage a rate rather than a share: 毛利率, 增长率, 变动.
    pub rate: Regex,
}

/// A built-in check kind with its compiled parameters.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A total row equals the sum of the rows it totals, column by column.
    Footing {
        rows: RowLabels,
        /// Header words of columns whose figures do not add up (unit prices, averages).
        non_additive: Regex,
    },
    /// The parts of a share column add up to the total's share (100 when there is no total).
    PercentTotal {
        rows: RowLabels,
        columns: ShareColumns,
    },
    /// Each share equals its amount over the amount of the total row.
    ShareOfTotal {
        rows: RowLabels,
        columns: ShareColumns,
    },
    /// A change column (变动, 变动比例, 增减) against the two levels of its row it compares.
    ChangeColumn {
        /// Header words of a change column.
        changes: Regex,
    },
    /// A document-level kind that links a stated figure to the figures it derives from.
    Linked {
        which: LinkedKind,
        /// Only concepts this regex matches (normalised) are checked.
        concepts: Option<Regex>,
    },
    /// Bindings, joins and an assertion written by the rule's author.
    General(Box<general::General>),
}

/// The document-level built-in kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkedKind {
    GrowthRate,
    PpChange,
    Cagr,
    Ratio,
    Agreement,
}

/// Where a rule's figures come from.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One document at a time: every figure of a check is printed in the same document.
    #[default]
    Document,
    /// The documents of one issuer together (its prospectus, replies, opinions and annual
    /// reports): a check may compare figures printed in different documents, never figures
    /// of two issuers.
    Corpus,
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Scope::Document => "document",
            Scope::Corpus => "corpus",
        })
    }
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub severity: Severity,
    /// One document at a time, or the documents of one issuer together.
    pub scope: Scope,
    pub description: String,
    pub rationale: String,
    pub example: String,
    pub kind: Kind,
    /// Where the rule was read from (`<builtin>/footing.yaml` for the embedded pack).
    pub source: PathBuf,
    /// The rule's own tests: snippets of filing text it must pass or fail on.
    pub tests: Vec<RuleTest>,
}

/// One test of a rule, from its `tests:` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleTest {
    /// Whether the rule must find nothing (`pass:`) or something (`fail:`) in the snippet.
    pub expect_fail: bool,
    /// The documents of the test, in file-name order: one snippet (named `""`), or several
    /// named files audited together as the documents of one issuer.
    pub documents: Vec<(String, String)>,
    /// For a failure: printed figures every one of which a finding must name.
    pub names: Vec<String>,
}

/// The default rule pack, embedded in the binary.
const BUILTIN: &[(&str, &str)] = &[
    ("footing.yaml", include_str!("../../rules/footing.yaml")),
    (
        "percent-total.yaml",
        include_str!("../../rules/percent-total.yaml"),
    ),
    (
        "share-of-total.yaml",
        include_str!("../../rules/share-of-total.yaml"),
    ),
    (
        "change-column.yaml",
        include_str!("../../rules/change-column.yaml"),
    ),
    ("agreement.yaml", include_str!("../../rules/agreement.yaml")),
    (
        "growth-rate.yaml",
        include_str!("../../rules/growth-rate.yaml"),
    ),
    ("pp-change.yaml", include_str!("../../rules/pp-change.yaml")),
    ("cagr.yaml", include_str!("../../rules/cagr.yaml")),
    ("ratio.yaml", include_str!("../../rules/ratio.yaml")),
    (
        "gross-margin.yaml",
        include_str!("../../rules/gross-margin.yaml"),
    ),
];

/// The rules of one run, with the concept table they match labels by.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub concepts: Concepts,
    concept_files: Vec<concepts::ConceptFile>,
}

impl RuleSet {
    /// A set of just this rule, with the same concept table: what a rule's tests run.
    pub fn only(&self, rule: &Rule) -> Self {
        Self {
            rules: vec![rule.clone()],
            concepts: self.concepts.clone(),
            concept_files: Vec::new(),
        }
    }

    /// No rules, but the built-in concept table: what `--no-default-rules` starts from.
    pub fn concepts_only() -> Result<Self, Vec<RuleError>> {
        let mut set = RuleSet::default();
        match concepts::parse(Path::new("<builtin>/concepts.yaml"), concepts::BUILTIN) {
            Ok(file) => set.concept_files.push(file),
            Err(e) => return Err(vec![*e]),
        }
        set.finish(Vec::new())
    }

    /// The embedded default pack.
    pub fn builtin() -> Result<Self, Vec<RuleError>> {
        let mut set = RuleSet::concepts_only()?;
        let mut errors = Vec::new();
        for (name, text) in BUILTIN {
            let path = Path::new("<builtin>").join(name);
            match parse_rule_file(&path, text) {
                Ok(rules) => set.rules.extend(rules),
                Err(mut e) => errors.append(&mut e),
            }
        }
        set.finish(errors)
    }

    /// Adds the rules of files and directories (`*.yaml` / `*.yml`, recursively).
    pub fn add_paths(mut self, paths: &[PathBuf]) -> Result<Self, Vec<RuleError>> {
        let mut errors = Vec::new();
        for file in rule_files(paths, &mut errors) {
            match std::fs::read_to_string(&file) {
                Ok(text) if concepts::is_concept_file(&file) => {
                    match concepts::parse(&file, &text) {
                        Ok(table) => self.concept_files.push(table),
                        Err(e) => errors.push(*e),
                    }
                }
                Ok(text) => match parse_rule_file(&file, &text) {
                    Ok(rules) => self.rules.extend(rules),
                    Err(mut e) => errors.append(&mut e),
                },
                Err(err) => errors.push(RuleError::io(&file, &err)),
            }
        }
        self.finish(errors)
    }

    /// Rejects duplicate ids, and sorts by id so that output never depends on file order.
    fn finish(mut self, mut errors: Vec<RuleError>) -> Result<Self, Vec<RuleError>> {
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for rule in &self.rules {
            if let Some(first) = seen.insert(&rule.id, &rule.source) {
                errors.push(RuleError::duplicate_id(&rule.id, first, &rule.source));
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        self.rules.sort_by(|a, b| a.id.cmp(&b.id));
        self.concepts = concepts::build(&self.concept_files);
        Ok(self)
    }
}

fn rule_files(paths: &[PathBuf], errors: &mut Vec<RuleError>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            for entry in ignore::WalkBuilder::new(path)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build()
                .flatten()
            {
                let p = entry.path();
                if p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    files.push(p.to_path_buf());
                }
            }
        } else {
            errors.push(RuleError::missing(path));
        }
    }
    files
}

/// The JSON Schema of a rule file, generated from the types that parse it.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(RuleSpec);
    serde_json::to_string_pretty(&schema).unwrap_or_default()
}

/// Flow collections (`[…]`, `{…}`) nested deeper than this are refused before the YAML reader
/// sees them: it refuses them too (at 128), but only after time in the square of the depth.
const MAX_FLOW_DEPTH: usize = 100;

/// The offset of the first bracket that opens a flow collection deeper than
/// [`MAX_FLOW_DEPTH`], if any. Quoted strings and comments are passed over; a stray closing
/// bracket never makes the depth negative.
fn too_deep_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' | b'"' => {
                let quote = bytes[i];
                i += 1;
                while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                    i += if quote == b'"' && bytes[i] == b'\\' {
                        2
                    } else {
                        1
                    };
                }
            }
            b'#' if i == 0 || bytes[i - 1].is_ascii_whitespace() => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Parses every YAML document of a rule file into compiled rules, collecting every error.
pub fn parse_rule_file(path: &Path, text: &str) -> Result<Vec<Rule>, Vec<RuleError>> {
    if let Some(at) = too_deep_at(text) {
        return Err(vec![RuleError::nested_too_deep(
            path,
            text,
            at,
            MAX_FLOW_DEPTH,
        )]);
    }
    let mut rules = Vec::new();
    let mut errors = Vec::new();
    for document in serde_yaml::Deserializer::from_str(text) {
        match RuleSpec::deserialize(document) {
            Ok(spec) => match spec.compile(path, text) {
                Ok(rule) => rules.push(rule),
                Err(mut e) => errors.append(&mut e),
            },
            Err(err) => {
                errors.push(RuleError::yaml(path, text, &err));
                // A syntax error ends the stream; later documents cannot be read.
                break;
            }
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}
