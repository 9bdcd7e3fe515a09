use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::Document;

/// What loading found: the documents to audit, and every path that could not be used.
#[derive(Debug, Default)]
pub struct Loaded {
    pub documents: Vec<Document>,
    pub problems: Vec<LoadProblem>,
}

/// Whether a problem only skips a file (the run goes on and its result stands) or means the
/// tool could not do what was asked (exit status 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemSeverity {
    Warning,
    Error,
}

/// A path that was skipped or could not be read, with the reason in words a user can act on.
#[derive(Debug, Clone)]
pub struct LoadProblem {
    pub path: PathBuf,
    pub severity: ProblemSeverity,
    pub reason: String,
}

impl fmt::Display for LoadProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.reason)
    }
}

impl LoadProblem {
    fn warning(path: &Path, reason: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            severity: ProblemSeverity::Warning,
            reason: reason.into(),
        }
    }

    fn error(path: &Path, reason: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            severity: ProblemSeverity::Error,
            reason: reason.into(),
        }
    }
}

/// Finds every file below `paths` (directories recursively, in sorted order, skipping hidden
/// files and what `.gitignore` / `.ignore` files exclude), reads them in parallel and keeps the
/// text files. A file given explicitly is always read.
pub fn load(paths: &[PathBuf]) -> Loaded {
    load_excluding(paths, &|_| false)
}

/// [`load`], passing over the files of directory walks that `excluded` names (the
/// configuration's `exclude:`). A file named on the command line is still always read.
pub fn load_excluding(paths: &[PathBuf], excluded: &dyn Fn(&Path) -> bool) -> Loaded {
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for root in paths {
        if !root.exists() {
            problems.push(LoadProblem::error(root, "no such file or directory"));
            continue;
        }
        if root.is_file() {
            files.push(root.clone());
            continue;
        }
        let before = files.len();
        let walker = ignore::WalkBuilder::new(root)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    if !is_documentation_or_config(entry.path()) && !excluded(entry.path()) {
                        files.push(entry.into_path());
                    }
                }
                Ok(_) => {}
                Err(err) => problems.push(LoadProblem::error(root, err.to_string())),
            }
        }
        if files.len() == before {
            problems.push(LoadProblem::error(
                root,
                "directory holds no files to audit",
            ));
        }
    }
    files.sort();
    files.dedup();

    let read: Vec<Result<(PathBuf, String), LoadProblem>> =
        files.into_par_iter().map(read_text).collect();
    let mut documents = Vec::new();
    for result in read {
        match result {
            Ok((path, text)) => documents.push(Document::new(documents.len(), path, text)),
            Err(problem) => problems.push(problem),
        }
    }
    Loaded {
        documents,
        problems,
    }
}

/// Files a directory walk passes over: documentation and configuration (`README.md`,
/// `tieout.yaml`, rule files) that live beside filings but are never filings themselves.
/// A file named on the command line is always read.
fn is_documentation_or_config(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "md" | "yaml" | "yml" | "json" | "toml" | "lock"
        )
    })
}

/// Reads one file and decides whether it is a text filing.
fn read_text(path: PathBuf) -> Result<(PathBuf, String), LoadProblem> {
    let bytes = std::fs::read(&path)
        .map_err(|err| LoadProblem::error(&path, format!("cannot be read: {err}")))?;
    if bytes.is_empty() {
        return Err(LoadProblem::warning(&path, "skipped: the file is empty"));
    }
    if bytes.contains(&0) {
        return Err(LoadProblem::warning(
            &path,
            "skipped: binary file (it contains NUL bytes)",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok((path, text)),
        Err(err) => Err(LoadProblem::warning(
            &path,
            format!(
                "skipped: not valid UTF-8 (first bad byte at offset {})",
                err.utf8_error().valid_up_to()
            ),
        )),
    }
}
