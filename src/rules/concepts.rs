//! The concept table (`rules/concepts.yaml`): character folds and the names of each concept.
//! A user's `--rules` directory may hold a `concepts.yaml` of its own; its entries are added
//! to the built-in ones (a concept named in both gets the names of both).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::error::RuleError;
use crate::extract::concept::Concepts;

/// `concepts.yaml` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConceptFile {
    /// Characters folded before matching, e.g. `帐: 账`.
    #[serde(default)]
    pub fold: BTreeMap<char, char>,
    /// Canonical name → other names of the same figure.
    #[serde(default)]
    pub concepts: BTreeMap<String, Vec<String>>,
}

pub(super) const BUILTIN: &str = include_str!("../../rules/concepts.yaml");

/// Whether a rule path is a concept table rather than a rule file.
pub fn is_concept_file(path: &Path) -> bool {
    path.file_stem().is_some_and(|s| s == "concepts")
}

pub(super) fn parse(path: &Path, text: &str) -> Result<ConceptFile, Box<RuleError>> {
    serde_yaml::from_str(text).map_err(|err| Box::new(RuleError::yaml(path, text, &err)))
}

/// Merges concept files into one table.
pub(super) fn build(files: &[ConceptFile]) -> Concepts {
    let mut folds = BTreeMap::new();
    let mut concepts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in files {
        folds.extend(file.fold.iter().map(|(a, b)| (*a, *b)));
        for (name, names) in &file.concepts {
            concepts
                .entry(name.clone())
                .or_default()
                .extend(names.iter().cloned());
        }
    }
    Concepts::new(folds, concepts)
}
