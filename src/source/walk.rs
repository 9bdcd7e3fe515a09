use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::decode::{decode, Decoded, Undecodable};
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

    /// A file whose text is no longer the text that was audited, so that its figures cannot
    /// be shown.
    pub(super) fn changed(path: &Path) -> Self {
        Self::error(
            path,
            "changed while it was audited: read it again to report its findings",
        )
    }

    /// A file that no longer holds the text whose facts were exported: its findings are
    /// shown without the lines around them.
    pub(super) fn changed_since_export(path: &Path) -> Self {
        Self::warning(
            path,
            "changed since its facts were exported: its findings are shown without the text around them",
        )
    }

    fn error(path: &Path, reason: impl Into<String>) -> Self {
        Self {
            path: path.to_path_buf(),
            severity: ProblemSeverity::Error,
            reason: reason.into(),
        }
    }
}

/// How files are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// The encoding given with `--encoding`: every file is read in it, no guessing.
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Finds every file below `paths` (directories recursively, in sorted order, following
/// symbolic links, skipping hidden files and what `.gitignore` / `.ignore` files exclude),
/// reads and decodes them in parallel and keeps the text files. A file given explicitly is
/// always read.
///
/// A path that cannot be read — a missing path, a permission error, a broken symbolic link,
/// a text that does not decode — is an error; a file that is not a filing — empty, binary,
/// not a regular file, a link back to a directory already walked — is a warning. Either way
/// the problem names the path and the rest is read.
pub fn load(paths: &[PathBuf], options: LoadOptions) -> Loaded {
    load_excluding(paths, options, &|_| false)
}

/// [`load`], passing over the files of directory walks that `excluded` names (the
/// configuration's `exclude:`). A file named on the command line is still always read.
pub fn load_excluding(
    paths: &[PathBuf],
    options: LoadOptions,
    excluded: &dyn Fn(&Path) -> bool,
) -> Loaded {
    let (files, mut problems) = discover(paths, excluded);
    let read: Vec<Result<(PathBuf, Decoded), LoadProblem>> = files
        .into_par_iter()
        .map(|path| read_text(path, options))
        .collect();
    let mut documents = Vec::new();
    for result in read {
        match result {
            Ok((path, decoded)) => {
                documents.push(Document::from_decoded(documents.len(), path, decoded))
            }
            Err(problem) => problems.push(problem),
        }
    }
    Loaded {
        documents,
        problems,
    }
}

/// The files [`load_excluding`] would read, in sorted order, without reading them, and the
/// problems met finding them: for a caller that reads each file when it comes to it.
pub fn discover(
    paths: &[PathBuf],
    excluded: &dyn Fn(&Path) -> bool,
) -> (Vec<PathBuf>, Vec<LoadProblem>) {
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
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => match entry.file_type() {
                    Some(t) if t.is_file() => {
                        if !is_documentation_or_config(entry.path()) && !excluded(entry.path()) {
                            files.push(entry.into_path());
                        }
                    }
                    Some(t) if t.is_dir() => {}
                    _ => problems.push(LoadProblem::warning(
                        entry.path(),
                        "skipped: not a regular file (a FIFO, socket or device)",
                    )),
                },
                Err(err) => problems.push(walk_problem(root, &err)),
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
    (files, problems)
}

/// Reads and decodes one file as document `id`; a problem when it cannot be read or is not
/// a text filing (see [`load`] for which problems are errors and which only warnings).
pub fn read_document(
    id: usize,
    path: PathBuf,
    options: LoadOptions,
) -> Result<Document, LoadProblem> {
    let (path, decoded) = read_text(path, options)?;
    Ok(Document::from_decoded(id, path, decoded))
}

/// A problem met while walking, named by the path it concerns. A symbolic link back to a
/// directory being walked is only a warning: what it points to is read once, by its own path.
fn walk_problem(root: &Path, err: &ignore::Error) -> LoadProblem {
    fn inner<'a>(
        err: &'a ignore::Error,
        path: Option<&'a Path>,
    ) -> (Option<&'a Path>, &'a ignore::Error) {
        match err {
            ignore::Error::WithPath { path, err } => inner(err, Some(path)),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner(err, path)
            }
            ignore::Error::Partial(errs) if errs.len() == 1 => inner(&errs[0], path),
            _ => (path, err),
        }
    }
    let (path, cause) = inner(err, None);
    match cause {
        ignore::Error::Loop { ancestor, child } => LoadProblem::warning(
            child,
            format!(
                "skipped: a symbolic link loop (it leads back to {})",
                ancestor.display()
            ),
        ),
        ignore::Error::Io(io) => {
            let path = path.unwrap_or(root);
            let reason = if io.kind() == std::io::ErrorKind::NotFound && path.is_symlink() {
                "cannot be read: a symbolic link to nothing".to_string()
            } else {
                format!("cannot be read: {io}")
            };
            LoadProblem::error(path, reason)
        }
        other => LoadProblem::error(path.unwrap_or(root), format!("cannot be read: {other}")),
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
fn read_text(path: PathBuf, options: LoadOptions) -> Result<(PathBuf, Decoded), LoadProblem> {
    let bytes = std::fs::read(&path)
        .map_err(|err| LoadProblem::error(&path, format!("cannot be read: {err}")))?;
    if bytes.is_empty() {
        return Err(LoadProblem::warning(&path, "skipped: the file is empty"));
    }
    match decode(bytes, options.encoding) {
        Ok(decoded) => Ok((path, decoded)),
        Err(Undecodable::Binary) => Err(LoadProblem::warning(
            &path,
            "skipped: binary file (it contains NUL bytes or control characters)",
        )),
        Err(err) => Err(LoadProblem::error(&path, format!("cannot be read: {err}"))),
    }
}
