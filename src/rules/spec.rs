//! The rule file format as plain serde structs (phase one), and their compilation into
//! [`Rule`]s (phase two).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use regex::{Regex, RegexBuilder};
use schemars::JsonSchema;
use serde::Deserialize;

use super::error::RuleError;
use super::general::{self, BindSpec, JoinKey};
use super::{Kind, LinkedKind, RowLabels, Rule, RuleTest, Scope, Severity, ShareColumns};

/// Regexes from rule files are untrusted: bound what they may compile to.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

// A unit may follow in brackets: `小计（万元）`.
const DEFAULT_TOTAL: &str =
    r"^(合计|合計|总计|總計|总额|總額|共计|共計|[Tt]otal|TOTAL)([（(][^）)]{1,8}[）)])?$";
const DEFAULT_SUBTOTAL: &str = r"^(小计|小計|[Ss]ubtotal)([（(][^）)]{1,8}[）)])?$";
const DEFAULT_PART_OF_ABOVE: &str = r"^(其中|其中：|其中:)";
const DEFAULT_SHARE: &str = r"(占比|佔比|比重|[占佔].*比例|份额|份額|百分比|构成|構成|^%$)";
const DEFAULT_NON_ADDITIVE: &str = r"(单价|單價|均价|均價|平均|价格|價格|率|倍|比例|比率|天数|天數|年限|期限|单位成本|單位成本|时间|時間|年份)";
const DEFAULT_CHANGE: &str =
    r"(变动|變動|增减|增減|增长率|增長率|增幅|变化|變化|同比|较上年|較上年|较前一年|較前一年)";
const DEFAULT_RATE: &str = r"(率|增长|增長|增减|增減|变动|變動|变化|變化|同比|环比|環比|影响|影響)";

/// One rule as written in YAML.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Unique id, such as `table.footing`.
    pub id: String,
    /// One line that says what must hold.
    pub title: String,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// `document` (the default): every figure of a check comes from one document. `corpus`:
    /// the figures may come from different documents of one issuer (its prospectus, inquiry
    /// replies, opinions and annual report); for `agreement:` and `assert:` rules.
    #[serde(default)]
    pub scope: Scope,
    /// What the rule checks.
    #[serde(default)]
    pub description: String,
    /// Why a reviewer cares.
    #[serde(default)]
    pub rationale: String,
    /// A snippet of filing text the rule applies to.
    #[serde(default)]
    pub example: String,
    /// Built-in kind: a total row equals the sum of its parts.
    #[serde(default)]
    pub footing: Option<FootingSpec>,
    /// Built-in kind: a share column adds up to its total (100).
    #[serde(default)]
    pub percent_total: Option<PercentTotalSpec>,
    /// Built-in kind: each share equals amount over total.
    #[serde(default)]
    pub share_of_total: Option<ShareOfTotalSpec>,
    /// Built-in kind: a table's change column against the two levels of its row.
    #[serde(default)]
    pub change_column: Option<ChangeColumnSpec>,
    /// Built-in kind: a stated growth rate against the two levels it compares.
    #[serde(default)]
    pub growth_rate: Option<LinkedSpec>,
    /// Built-in kind: a change in percentage points against the two percentages.
    #[serde(default)]
    pub pp_change: Option<LinkedSpec>,
    /// Built-in kind: a compound annual growth rate against the first and last levels.
    #[serde(default)]
    pub cagr: Option<LinkedSpec>,
    /// Built-in kind: a stated ratio (占…的比例) against numerator and denominator.
    #[serde(default)]
    pub ratio: Option<LinkedSpec>,
    /// Built-in kind: the same concept, period and unit printed twice agrees.
    #[serde(default)]
    pub agreement: Option<LinkedSpec>,
    /// General rule: named selectors of facts.
    #[serde(default)]
    pub bind: Option<BTreeMap<String, BindSpec>>,
    /// General rule: what bound facts must share (`document`, `period`, `table`, `row`,
    /// `column`).
    #[serde(default)]
    pub same: Vec<JoinKey>,
    /// General rule: what must hold, as an expression over the bindings.
    #[serde(default)]
    pub assert: Option<String>,
    /// General rule: the finding's message, a template over the bindings and `{expected}`,
    /// `{actual}`, `{difference}`, `{tolerance}`.
    #[serde(default)]
    pub message: Option<String>,
    /// The tolerance of `~=`, a quoted decimal such as `'0.01'`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub tolerance: Option<serde_yaml::Value>,
    /// Snippets of filing text the rule must pass or fail on; `tieout test` runs them.
    #[serde(default)]
    pub tests: Vec<RuleTestSpec>,
}

/// Parameters of the document-level kinds.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkedSpec {
    /// A regex on the normalised concept: only concepts it matches are checked. Default: every
    /// concept (for `agreement`, every concept named in the concept table).
    pub concepts: Option<String>,
}

/// One entry of `tests:`: exactly one of `pass:` and `fail:`, and for a failure the figures
/// the finding must name.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleTestSpec {
    pub pass: Option<Snippet>,
    pub fail: Option<Snippet>,
    #[serde(default)]
    pub names: Vec<String>,
}

/// The text of a rule test: one snippet of a filing, or several files (a map of file name to
/// text) audited together as the documents of one issuer, for a `scope: corpus` rule.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Snippet {
    One(String),
    Files(BTreeMap<String, String>),
}

impl Snippet {
    fn documents(self) -> Vec<(String, String)> {
        match self {
            Snippet::One(text) => vec![(String::new(), text)],
            Snippet::Files(files) => files.into_iter().collect(),
        }
    }
}

fn default_severity() -> Severity {
    Severity::Error
}

/// Row labels shared by the table kinds; each defaults to the usual Chinese and English words.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FootingSpec {
    /// Regex on a row's label for a total row. Default: 合计 / 合計 / 总计 / 總計 / Total …
    pub total_rows: Option<String>,
    /// Regex for a subtotal row (closes a group). Default: 小计 / 小計 / Subtotal.
    pub subtotal_rows: Option<String>,
    /// Regex for a row that is part of the row above (not added). Default: 其中.
    pub part_of_above_rows: Option<String>,
    /// Regex on a column's header for figures that do not add up: unit prices, averages,
    /// ratios. Default: 单价 / 均价 / 平均 / 价格 / 率 / 倍 / 比例 / 天数 …
    pub non_additive_columns: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PercentTotalSpec {
    pub total_rows: Option<String>,
    pub subtotal_rows: Option<String>,
    pub part_of_above_rows: Option<String>,
    /// Regex on a column's header for a share column. Default: 占比 / 份额 / 百分比 / `%`.
    pub share_columns: Option<String>,
    /// Regex on a column's header for a rate column (never summed). Default: 率 / 增长 / 变动 …
    pub rate_columns: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeColumnSpec {
    /// Regex on a column's header for a change column. Default: 变动 / 增减 / 增长率 / 变化 /
    /// 同比 / 较上年.
    pub change_columns: Option<String>,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareOfTotalSpec {
    pub total_rows: Option<String>,
    pub subtotal_rows: Option<String>,
    pub part_of_above_rows: Option<String>,
    pub share_columns: Option<String>,
    pub rate_columns: Option<String>,
}

struct Compiler<'a> {
    path: &'a Path,
    text: &'a str,
    id: &'a str,
    errors: Vec<RuleError>,
}

impl Compiler<'_> {
    fn regex(&mut self, key: &str, written: Option<&str>, default: &str) -> Regex {
        // The built-in rules share their default patterns: each is compiled once a process
        // (a compiled regex is shared, not copied, when cloned).
        static COMPILED: OnceLock<Mutex<HashMap<String, Regex>>> = OnceLock::new();
        let pattern = written.unwrap_or(default);
        let compiled = COMPILED.get_or_init(Default::default);
        if let Some(re) = compiled.lock().ok().and_then(|c| c.get(pattern).cloned()) {
            return re;
        }
        match RegexBuilder::new(pattern)
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(REGEX_SIZE_LIMIT)
            .build()
        {
            Ok(re) => {
                if let Ok(mut c) = compiled.lock() {
                    c.insert(pattern.to_string(), re.clone());
                }
                re
            }
            Err(err) => {
                self.errors.push(RuleError::bad_regex(
                    self.path, self.text, self.id, key, pattern, &err,
                ));
                Regex::new("$^").expect("an empty regex compiles")
            }
        }
    }

    fn rows(
        &mut self,
        total: Option<&str>,
        subtotal: Option<&str>,
        part: Option<&str>,
    ) -> RowLabels {
        RowLabels {
            total: self.regex("total_rows", total, DEFAULT_TOTAL),
            subtotal: self.regex("subtotal_rows", subtotal, DEFAULT_SUBTOTAL),
            part_of_above: self.regex("part_of_above_rows", part, DEFAULT_PART_OF_ABOVE),
        }
    }

    fn columns(&mut self, share: Option<&str>, rate: Option<&str>) -> ShareColumns {
        ShareColumns {
            share: self.regex("share_columns", share, DEFAULT_SHARE),
            rate: self.regex("rate_columns", rate, DEFAULT_RATE),
        }
    }
}

impl RuleSpec {
    /// Validates the rule and builds its regexes.
    pub fn compile(self, path: &Path, text: &str) -> Result<Rule, Vec<RuleError>> {
        let mut c = Compiler {
            path,
            text,
            id: &self.id,
            errors: Vec::new(),
        };
        let kinds = [
            self.footing.is_some(),
            self.percent_total.is_some(),
            self.share_of_total.is_some(),
            self.change_column.is_some(),
            self.growth_rate.is_some(),
            self.pp_change.is_some(),
            self.cagr.is_some(),
            self.ratio.is_some(),
            self.agreement.is_some(),
            self.assert.is_some(),
        ]
        .iter()
        .filter(|k| **k)
        .count();
        if kinds != 1 {
            c.errors
                .push(RuleError::kind_count(path, text, &self.id, kinds));
        }
        if self.id.trim().is_empty() || self.id.contains(char::is_whitespace) {
            c.errors.push(RuleError::bad_id(path, text, &self.id));
        }
        let kind = if let Some(assert) = &self.assert {
            let no_bindings = BTreeMap::new();
            let bind = self.bind.as_ref().unwrap_or(&no_bindings);
            match general::compile(
                bind,
                &self.same,
                assert,
                self.message.as_deref(),
                self.tolerance.as_ref(),
            ) {
                Ok(g) => Kind::General(Box::new(g)),
                Err(errors) => {
                    c.errors.extend(
                        errors
                            .into_iter()
                            .map(|e| RuleError::general(path, text, &self.id, &e)),
                    );
                    return Err(c.errors);
                }
            }
        } else if let Some((linked, which)) = [
            (&self.growth_rate, LinkedKind::GrowthRate),
            (&self.pp_change, LinkedKind::PpChange),
            (&self.cagr, LinkedKind::Cagr),
            (&self.ratio, LinkedKind::Ratio),
            (&self.agreement, LinkedKind::Agreement),
        ]
        .into_iter()
        .find_map(|(spec, which)| spec.as_ref().map(|s| (s, which)))
        {
            let concepts = linked
                .concepts
                .as_deref()
                .map(|re| c.regex("concepts", Some(re), ""));
            Kind::Linked { which, concepts }
        } else if let Some(cc) = &self.change_column {
            Kind::ChangeColumn {
                changes: c.regex(
                    "change_columns",
                    cc.change_columns.as_deref(),
                    DEFAULT_CHANGE,
                ),
            }
        } else if let Some(f) = &self.footing {
            Kind::Footing {
                rows: c.rows(
                    f.total_rows.as_deref(),
                    f.subtotal_rows.as_deref(),
                    f.part_of_above_rows.as_deref(),
                ),
                non_additive: c.regex(
                    "non_additive_columns",
                    f.non_additive_columns.as_deref(),
                    DEFAULT_NON_ADDITIVE,
                ),
            }
        } else if let Some(p) = &self.percent_total {
            Kind::PercentTotal {
                rows: c.rows(
                    p.total_rows.as_deref(),
                    p.subtotal_rows.as_deref(),
                    p.part_of_above_rows.as_deref(),
                ),
                columns: c.columns(p.share_columns.as_deref(), p.rate_columns.as_deref()),
            }
        } else {
            let s = self.share_of_total.as_ref();
            Kind::ShareOfTotal {
                rows: c.rows(
                    s.and_then(|s| s.total_rows.as_deref()),
                    s.and_then(|s| s.subtotal_rows.as_deref()),
                    s.and_then(|s| s.part_of_above_rows.as_deref()),
                ),
                columns: c.columns(
                    s.and_then(|s| s.share_columns.as_deref()),
                    s.and_then(|s| s.rate_columns.as_deref()),
                ),
            }
        };
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        let fits_corpus = match &kind {
            Kind::Linked { which, .. } => *which == LinkedKind::Agreement,
            Kind::General(_) => true,
            _ => false,
        };
        if self.scope == Scope::Corpus && !fits_corpus {
            c.errors.push(RuleError::bad_scope(
                path,
                text,
                &self.id,
                "`scope: corpus` is for `agreement:` and `assert:` rules".into(),
                Some("table and prose checks read one document; drop `scope:` for them".into()),
            ));
        }
        if let Kind::General(g) = &kind {
            if self.scope == Scope::Document && g.same.contains(&general::JoinKey::Entity) {
                c.errors.push(RuleError::bad_scope(
                    path,
                    text,
                    &self.id,
                    "`same: [entity]` joins the documents of an issuer, and this rule reads one document at a time".into(),
                    Some("add `scope: corpus`".into()),
                ));
            }
        }
        let mut tests = Vec::new();
        for (i, t) in self.tests.into_iter().enumerate() {
            match (t.pass, t.fail) {
                (Some(snippet), None) if t.names.is_empty() => tests.push(RuleTest {
                    expect_fail: false,
                    documents: snippet.documents(),
                    names: Vec::new(),
                }),
                (None, Some(snippet)) => tests.push(RuleTest {
                    expect_fail: true,
                    documents: snippet.documents(),
                    names: t.names,
                }),
                _ => c
                    .errors
                    .push(RuleError::bad_test(path, text, &self.id, i + 1)),
            }
        }
        if !c.errors.is_empty() {
            return Err(c.errors);
        }
        Ok(Rule {
            id: self.id,
            title: self.title,
            severity: self.severity,
            scope: self.scope,
            description: self.description,
            rationale: self.rationale,
            example: self.example,
            kind,
            source: path.to_path_buf(),
            tests,
        })
    }
}
