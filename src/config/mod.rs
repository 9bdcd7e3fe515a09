//! Configuration: `tieout.yaml`, found in the working directory or above it, or named with
//! `--config`.
//!
//! Read in two phases, like rule files: plain serde structs that reject unknown keys, then
//! validation into [`Config`] — globs compiled, dates read, waivers complete. Validation
//! collects every problem, each a [`ConfigError`] pointing at its place in the file; rule ids
//! are checked once the rules are loaded ([`Config::apply_to_rules`]). Relative paths in the
//! file are relative to the file's directory.

mod error;
pub mod locate;

pub use error::ConfigError;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::cli::FailOn;
use crate::review::{Date, Waiver};
use crate::rules::{RuleSet, Severity};
use locate::{locate, Step};

/// The file name looked for in the working directory and its parents.
pub const FILE_NAME: &str = "tieout.yaml";

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigSpec {
    /// Rule files or directories added to the rules in force.
    #[serde(default)]
    rules: Vec<String>,
    /// Whether the built-in rule pack is loaded (default yes).
    #[serde(default)]
    default_rules: Option<bool>,
    /// Rule ids turned off.
    #[serde(default)]
    disable: Vec<String>,
    /// A severity for a rule id, in place of the rule's own.
    #[serde(default)]
    severity: BTreeMap<String, Severity>,
    /// Globs of files that directory walks pass over.
    #[serde(default)]
    exclude: Vec<String>,
    /// The least severity that fails the run; `--fail-on` overrides it.
    #[serde(default)]
    fail_on: Option<FailOn>,
    /// Documents that belong together.
    #[serde(default)]
    groups: Vec<GroupSpec>,
    /// Findings a reviewer has accepted.
    #[serde(default)]
    waivers: Vec<WaiverSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GroupSpec {
    name: String,
    paths: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaiverSpec {
    rule: String,
    #[serde(default)]
    fingerprint: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    by: Option<String>,
    #[serde(default)]
    expires: Option<String>,
}

/// Documents that belong together: a prospectus and the replies to its inquiry letters.
#[derive(Debug, Clone)]
pub struct Group {
    pub name: String,
    globs: GlobSet,
}

impl Group {
    /// Whether a document (its path relative to the configuration) is in the group.
    pub fn contains(&self, relative_path: &str) -> bool {
        self.globs.is_match(relative_path)
    }
}

/// A validated configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file, as it is named in messages.
    pub path: PathBuf,
    /// The directory relative paths are resolved against.
    pub dir: PathBuf,
    /// The directory, absolute and canonical, for matching documents' paths.
    canonical_dir: Option<PathBuf>,
    pub rules: Vec<PathBuf>,
    pub default_rules: bool,
    pub fail_on: Option<FailOn>,
    pub groups: Vec<Group>,
    pub waivers: Vec<Waiver>,
    disable: Vec<String>,
    severity: BTreeMap<String, Severity>,
    exclude: GlobSet,
    text: String,
}

impl Config {
    /// The configuration of a run: the file named, else `tieout.yaml` in the working
    /// directory or the nearest parent that has one, else none.
    pub fn discover(explicit: Option<&Path>) -> Result<Option<Self>, Vec<ConfigError>> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => match find_upwards() {
                Some(path) => path,
                None => return Ok(None),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|err| {
            vec![ConfigError::without_source(
                format!("{}: cannot read the configuration: {err}", path.display()),
                None,
            )]
        })?;
        Self::parse(&path, &text).map(Some)
    }

    /// Reads and validates the text of a configuration file, collecting every problem.
    pub fn parse(path: &Path, text: &str) -> Result<Self, Vec<ConfigError>> {
        // An empty file (or one of comments only) is an empty configuration.
        let spec: ConfigSpec = if text.lines().all(|l| {
            let l = l.trim();
            l.is_empty() || l.starts_with('#') || l == "---"
        }) {
            ConfigSpec::default()
        } else {
            serde_yaml::from_str(text).map_err(|e| vec![ConfigError::yaml(path, text, &e)])?
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut v = Validator {
            path,
            text,
            errors: Vec::new(),
        };
        let rules = spec
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let resolved = dir.join(r);
                if !resolved.exists() {
                    v.error(
                        &[Step::Key("rules"), Step::Index(i)],
                        format!("no such rule file or directory: {}", resolved.display()),
                        "not found",
                        Some("rule paths are relative to the configuration file".into()),
                    );
                }
                resolved
            })
            .collect();
        let exclude = v.glob_set(&spec.exclude, &[Step::Key("exclude")]);
        let groups = v.groups(&spec.groups);
        let waivers = v.waivers(&spec.waivers);
        if !v.errors.is_empty() {
            return Err(v.errors);
        }
        let canonical_dir = std::fs::canonicalize(if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &dir
        })
        .ok();
        Ok(Self {
            path: path.to_path_buf(),
            dir,
            canonical_dir,
            rules,
            default_rules: spec.default_rules.unwrap_or(true),
            fail_on: spec.fail_on,
            groups,
            waivers,
            disable: spec.disable,
            severity: spec.severity,
            exclude,
            text: text.to_string(),
        })
    }

    /// Turns rules off and overrides severities; every rule id the file names (in `disable`,
    /// `severity` and `waivers`) must be a rule in force.
    pub fn apply_to_rules(&self, rules: &mut RuleSet) -> Result<(), Vec<ConfigError>> {
        let known: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        let mut v = Validator {
            path: &self.path,
            text: &self.text,
            errors: Vec::new(),
        };
        for (i, id) in self.disable.iter().enumerate() {
            v.rule_id(id, &known, &[Step::Key("disable"), Step::Index(i)]);
        }
        for id in self.severity.keys() {
            v.rule_id(id, &known, &[Step::Key("severity"), Step::KeyName(id)]);
        }
        for (i, w) in self.waivers.iter().enumerate() {
            v.rule_id(
                &w.rule,
                &known,
                &[Step::Key("waivers"), Step::Index(i), Step::Key("rule")],
            );
        }
        if !v.errors.is_empty() {
            return Err(v.errors);
        }
        let off: HashSet<&str> = self.disable.iter().map(String::as_str).collect();
        rules.rules.retain(|r| !off.contains(r.id.as_str()));
        for rule in &mut rules.rules {
            if let Some(severity) = self.severity.get(&rule.id) {
                rule.severity = *severity;
            }
        }
        Ok(())
    }

    /// A path as the file's globs see it: relative to the file's directory, with `/`
    /// separators; a path outside that directory stays as it is.
    pub fn relative_path(&self, path: &Path) -> String {
        let relative = self.canonical_dir.as_ref().and_then(|dir| {
            let full = std::fs::canonicalize(path).ok()?;
            full.strip_prefix(dir).ok().map(Path::to_path_buf)
        });
        relative
            .as_deref()
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/")
    }

    /// Whether a directory walk passes over this file.
    pub fn is_excluded(&self, path: &Path) -> bool {
        !self.exclude.is_empty() && self.exclude.is_match(self.relative_path(path))
    }

    /// The group a document belongs to: the first that names it.
    pub fn group_of(&self, relative_path: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.contains(relative_path))
    }
}

/// `tieout.yaml` in the working directory or the nearest parent that has one.
fn find_upwards() -> Option<PathBuf> {
    let here = Path::new(FILE_NAME);
    if here.is_file() {
        return Some(here.to_path_buf());
    }
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors()
        .skip(1)
        .map(|dir| dir.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Collects validation errors with their places in the file.
struct Validator<'a> {
    path: &'a Path,
    text: &'a str,
    errors: Vec<ConfigError>,
}

impl Validator<'_> {
    fn error(&mut self, at: &[Step<'_>], message: String, label: &str, help: Option<String>) {
        let span = locate(self.text, at);
        self.errors.push(ConfigError::at(
            self.path, self.text, span, message, label, help,
        ));
    }

    fn glob(&mut self, pattern: &str, at: &[Step<'_>]) -> Option<GlobMatcher> {
        match compile_glob(pattern) {
            Ok(glob) => Some(glob.compile_matcher()),
            Err(err) => {
                self.error(
                    at,
                    format!("`{pattern}` is not a valid glob"),
                    "this glob",
                    Some(err.kind().to_string()),
                );
                None
            }
        }
    }

    fn glob_set(&mut self, patterns: &[String], at: &[Step<'_>]) -> GlobSet {
        let mut builder = GlobSetBuilder::new();
        for (i, pattern) in patterns.iter().enumerate() {
            let mut here = at.to_vec();
            here.push(Step::Index(i));
            match compile_glob(pattern) {
                Ok(glob) => {
                    builder.add(glob);
                }
                Err(err) => self.error(
                    &here,
                    format!("`{pattern}` is not a valid glob"),
                    "this glob",
                    Some(err.kind().to_string()),
                ),
            }
        }
        builder.build().unwrap_or_else(|_| GlobSet::empty())
    }

    fn groups(&mut self, specs: &[GroupSpec]) -> Vec<Group> {
        let mut names = HashSet::new();
        let mut groups = Vec::new();
        for (i, g) in specs.iter().enumerate() {
            let at = [Step::Key("groups"), Step::Index(i)];
            if g.name.trim().is_empty() {
                self.error(
                    &[at[0], at[1], Step::Key("name")],
                    "a group needs a name".into(),
                    "empty",
                    None,
                );
            } else if !names.insert(g.name.as_str()) {
                self.error(
                    &[at[0], at[1], Step::Key("name")],
                    format!("group `{}` is defined twice", g.name),
                    "a second time",
                    None,
                );
            }
            if g.paths.is_empty() {
                self.error(
                    &[at[0], at[1], Step::Key("paths")],
                    format!("group `{}` names no paths", g.name),
                    "empty",
                    Some("list globs of the group's documents, such as `ipo/*.txt`".into()),
                );
            }
            let globs = self.glob_set(&g.paths, &[at[0], at[1], Step::Key("paths")]);
            groups.push(Group {
                name: g.name.clone(),
                globs,
            });
        }
        groups
    }

    fn waivers(&mut self, specs: &[WaiverSpec]) -> Vec<Waiver> {
        let mut waivers = Vec::new();
        for (i, w) in specs.iter().enumerate() {
            let at = |key| [Step::Key("waivers"), Step::Index(i), Step::Key(key)];
            let item = [Step::Key("waivers"), Step::Index(i)];
            let before = self.errors.len();
            if w.fingerprint.is_none() && w.path.is_none() && w.text.is_none() {
                self.error(
                    &item,
                    format!("waiver {} of rule `{}` names no finding", i + 1, w.rule),
                    "this waiver",
                    Some(
                        "add `fingerprint:` (from the JSON output), `path:` or `text:`; to turn \
                         a rule off everywhere, use `disable:`"
                            .into(),
                    ),
                );
            }
            for (key, value) in [("reason", &w.reason), ("by", &w.by)] {
                if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                    let what = if key == "reason" {
                        "why the finding is accepted"
                    } else {
                        "who accepted it"
                    };
                    let here = at(key);
                    self.error(
                        if value.is_some() {
                            &here[..]
                        } else {
                            &item[..]
                        },
                        format!("waiver {} needs `{key}:`: {what}", i + 1),
                        "here",
                        None,
                    );
                }
            }
            if let Some(f) = &w.fingerprint {
                if f.len() != 16 || !f.bytes().all(|b| b.is_ascii_hexdigit()) {
                    self.error(
                        &at("fingerprint"),
                        format!("`{f}` is not a fingerprint"),
                        "here",
                        Some(
                            "a fingerprint is 16 hexadecimal digits; copy it from the \
                             `fingerprint` of a finding in the JSON output"
                                .into(),
                        ),
                    );
                }
            }
            let path = w
                .path
                .as_ref()
                .and_then(|p| Some((p.clone(), self.glob(p, &at("path"))?)));
            let expires = w.expires.as_ref().and_then(|e| {
                let date = Date::parse(e.trim());
                if date.is_none() {
                    self.error(
                        &at("expires"),
                        format!("`{e}` is not a date"),
                        "here",
                        Some("write the last day the waiver holds as YYYY-MM-DD".into()),
                    );
                }
                date
            });
            if self.errors.len() > before {
                continue;
            }
            let line = locate(self.text, &item).map_or(0, |(offset, _)| {
                self.text[..offset].matches('\n').count() + 1
            });
            waivers.push(Waiver {
                rule: w.rule.clone(),
                fingerprint: w.fingerprint.as_ref().map(|f| f.to_ascii_lowercase()),
                path,
                text: w.text.clone(),
                reason: w.reason.clone().unwrap_or_default(),
                by: w.by.clone().unwrap_or_default(),
                expires,
                line,
            });
        }
        waivers
    }

    fn rule_id(&mut self, id: &str, known: &[&str], at: &[Step<'_>]) {
        if known.contains(&id) {
            return;
        }
        let nearest = known
            .iter()
            .map(|k| (crate::rules::edit_distance(id, k), *k))
            .min()
            .filter(|(d, _)| *d <= 3);
        let help = match nearest {
            Some((_, k)) => format!("did you mean `{k}`?"),
            None => format!("the rules in force are: {}", known.join(", ")),
        };
        self.error(at, format!("no rule `{id}`"), "unknown rule", Some(help));
    }
}

/// A glob on a path relative to the configuration: one without a `/` matches a file name in
/// any directory (`*.draft.txt`), one ending in `/` everything below a directory.
fn compile_glob(pattern: &str) -> Result<globset::Glob, globset::Error> {
    let trimmed = pattern.trim();
    let mut full = trimmed
        .trim_start_matches("./")
        .trim_start_matches('/')
        .to_string();
    if full.ends_with('/') {
        full.push_str("**");
    }
    if !trimmed.contains('/') {
        full = format!("**/{full}");
    }
    GlobBuilder::new(&full).literal_separator(true).build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<ConfigError> {
        match Config::parse(Path::new("tieout.yaml"), text) {
            Ok(_) => panic!("should not parse:\n{text}"),
            Err(e) => e,
        }
    }

    #[test]
    fn an_empty_file_is_an_empty_configuration() {
        let config = Config::parse(Path::new("tieout.yaml"), "# nothing yet\n").unwrap();
        assert!(config.waivers.is_empty());
        assert!(config.default_rules);
        assert_eq!(config.fail_on, None);
    }

    #[test]
    fn reads_every_section() {
        let text = "\
fail_on: warning
default_rules: true
disable: [table.percent-total]
severity:
  table.share-of-total: warning
exclude: ['*.draft.txt', 'old/']
groups:
  - name: ipo
    paths: ['ipo/*.txt']
waivers:
  - rule: table.share-of-total
    text: '25.77%'
    reason: 四舍五入所致
    by: 张三
    expires: 2027-03-31
";
        let config = Config::parse(Path::new("tieout.yaml"), text).unwrap();
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        assert_eq!(config.groups[0].name, "ipo");
        assert!(config.groups[0].contains("ipo/a.txt"));
        assert!(!config.groups[0].contains("ipo/x/a.txt"));
        let w = &config.waivers[0];
        assert_eq!(
            w.expires.map(|d| d.to_string()).as_deref(),
            Some("2027-03-31")
        );
        assert_eq!(
            (w.reason.as_str(), w.by.as_str(), w.line),
            ("四舍五入所致", "张三", 11)
        );
        assert!(config.exclude.is_match("a/b/c.draft.txt"));
        assert!(config.exclude.is_match("old/x/y.txt"));
        assert!(!config.exclude.is_match("new/y.txt"));
    }

    #[test]
    fn an_unknown_key_is_placed_and_the_nearest_key_suggested() {
        let e = errors("fail_on: error\nwaviers: []\n");
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].line, e[0].column), (2, 1));
        assert_eq!(e[0].help.as_deref(), Some("did you mean `waivers`?"));
    }

    #[test]
    fn a_bad_fail_on_value_is_placed() {
        let e = errors("fail_on: sometimes\n");
        assert_eq!((e[0].line, e[0].column), (1, 10));
        assert!(
            e[0].message.contains("unknown variant `sometimes`"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn every_mistake_of_the_waivers_is_reported_at_its_place() {
        let text = "\
waivers:
  - rule: table.footing
    text: '1,234'
    by: 张三
    expires: 2027-02-30
  - rule: table.footing
    reason: ok
    by: 李四
  - { rule: table.footing, path: 'a/[', reason: r, by: b, fingerprint: xyz }
";
        let e = errors(text);
        let places: Vec<(usize, usize, &str)> = e
            .iter()
            .map(|e| (e.line, e.column, e.message.as_str()))
            .collect();
        assert_eq!(
            places,
            [
                (
                    2,
                    5,
                    "tieout.yaml: waiver 1 needs `reason:`: why the finding is accepted"
                ),
                (5, 14, "tieout.yaml: `2027-02-30` is not a date"),
                (
                    6,
                    5,
                    "tieout.yaml: waiver 2 of rule `table.footing` names no finding"
                ),
                (9, 72, "tieout.yaml: `xyz` is not a fingerprint"),
                (9, 34, "tieout.yaml: `a/[` is not a valid glob"),
            ]
        );
    }

    #[test]
    fn a_bad_glob_in_exclude_and_in_a_group_are_both_reported() {
        let e = errors("exclude: ['a/{']\ngroups:\n  - name: g\n    paths: ['[']\n");
        let places: Vec<(usize, usize)> = e.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(places, [(1, 11), (4, 13)]);
    }

    #[test]
    fn unknown_rule_ids_are_placed_with_a_suggestion() {
        let text = "disable: [table.footin]\nseverity:\n  table.nothing: info\n";
        let config = Config::parse(Path::new("tieout.yaml"), text).unwrap();
        let mut rules = RuleSet::builtin().unwrap();
        let e = config.apply_to_rules(&mut rules).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[0].column), (1, 11));
        assert_eq!(e[0].help.as_deref(), Some("did you mean `table.footing`?"));
        assert_eq!((e[1].line, e[1].column), (3, 3));
    }

    #[test]
    fn disable_and_severity_change_the_rules_in_force() {
        let text = "disable: [table.footing]\nseverity: { table.share-of-total: info }\n";
        let config = Config::parse(Path::new("tieout.yaml"), text).unwrap();
        let mut rules = RuleSet::builtin().unwrap();
        config.apply_to_rules(&mut rules).unwrap();
        let ids: Vec<(&str, Severity)> = rules
            .rules
            .iter()
            .map(|r| (r.id.as_str(), r.severity))
            .collect();
        assert_eq!(
            ids,
            [
                ("doc.agreement", Severity::Error),
                ("prose.cagr", Severity::Error),
                ("prose.growth-rate", Severity::Error),
                ("prose.pp-change", Severity::Error),
                ("prose.ratio", Severity::Error),
                ("table.change-column", Severity::Error),
                ("table.gross-margin", Severity::Error),
                ("table.percent-total", Severity::Error),
                ("table.share-of-total", Severity::Info)
            ]
        );
    }
}
