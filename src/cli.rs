//! The command line: arguments → validated settings → the pipeline → an exit status.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::audit::{
    audit_exported, audit_files, read_document, retain_for_report, AuditOutcome, Files,
    FilesAudited, Keep,
};
use crate::config::{Config, ConfigError};
use crate::eval::{Disposition, Verdict};
use crate::progress::Progress;
use crate::report;
use crate::review::{self, Baseline, Date};
use crate::rules::{RuleError, RuleSet, Severity};
use crate::source::{self, ProblemSeverity};

/// What the process should exit with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// No finding at or above `--fail-on`.
    Clean = 0,
    /// At least one finding at or above `--fail-on`.
    Findings = 1,
    /// The tool could not do what was asked: a usage error, an unreadable path, a bad rule.
    Trouble = 2,
}

#[derive(Debug, Parser)]
#[command(
    name = "tieout",
    version,
    about = "Checks that every figure in a financial filing agrees with every other."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit files and directories of filings against the rules.
    Audit(AuditArgs),
    /// Print the facts extracted from files, as the rules see them.
    Facts(FactsArgs),
    /// List the rules (id, severity, title).
    Rules(RuleArgs),
    /// Run the `tests:` of rule files (the built-in pack when no path is given).
    Test(TestArgs),
    /// Print a rule's description, rationale and example.
    Explain(ExplainArgs),
    /// Print the JSON Schema of rule files, for editors.
    Schema,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, as `tieout rules` lists it.
    pub rule: String,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Rule files or directories whose tests to run; without one, the built-in pack's.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Where rules come from; shared by the subcommands that use rules.
#[derive(Debug, Args)]
pub struct RuleArgs {
    /// Add the rules of a YAML file or of a directory of them (repeatable).
    #[arg(long = "rules", value_name = "PATH")]
    pub rules: Vec<PathBuf>,
    /// Do not load the built-in rule pack.
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// Diagnostics for a person.
    Human,
    /// The JSON contract, version 1.
    Json,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
    /// JUnit XML: one test case per check.
    Junit,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// A self-contained HTML evidence report: every checked figure marked in the text.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Files and directories to audit (directories recursively).
    #[arg(required_unless_present = "facts", value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Audit facts exported with `tieout facts --format jsonl` instead of files: the rules
    /// run on the exported tables and facts, and give the findings an audit of the files
    /// gives (repeatable; the exports of several shards are joined). Snippets are read from
    /// the files when they are where the export found them, unchanged.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with = "paths")]
    pub facts: Vec<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub format: AuditFormat,
    /// Write the report to FILE instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// With JSON output, list every evaluated check, passes too (the HTML report always does).
    #[arg(long)]
    pub evidence: bool,
    /// The least severity of a finding that makes the exit status 1 [default: the
    /// configuration's `fail_on`, else error].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// The configuration file [default: tieout.yaml in the working directory or above].
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Do not read any configuration file.
    #[arg(long)]
    pub no_config: bool,
    /// Report, and fail on, only findings that are not in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the run's findings in FILE as the new baseline; they are then not reported.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// No progress bar and no notes on stderr (warnings and errors are still printed).
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// Audit only shard K of N (`--shard 2/8`): a stable share of the documents, chosen by
    /// the issuer each is about (its group in the configuration, else the name its head
    /// gives, else its path), so that a family of filings stays in one shard. The N shards
    /// together audit every document once.
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// How filings are read; shared by the subcommands that read filings.
#[derive(Debug, Args)]
pub struct ReadArgs {
    /// Read every file in this encoding (utf-8, gb18030, gbk, big5, utf-16le, utf-16be, …)
    /// instead of detecting it.
    #[arg(long, value_name = "NAME", value_parser = source::encoding_for_label)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

impl ReadArgs {
    fn options(&self) -> source::LoadOptions {
        source::LoadOptions {
            encoding: self.encoding,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FactsFormat {
    /// One line a fact, for a person.
    Table,
    /// One JSON array of every fact.
    Json,
    /// JSON lines: one compact JSON object a fact, the same fields as `json`, written as each
    /// document is read.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Files or directories to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = FactsFormat::Table)]
    pub format: FactsFormat,
    /// Read only shard K of N (`--shard 2/8`): the documents `tieout audit --shard K/N`
    /// would take, by the issuer each names (a configuration's groups are applied by
    /// `tieout audit --facts` when it joins the exports).
    #[arg(long, value_name = "K/N", value_parser = Shard::parse)]
    pub shard: Option<Shard>,
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Runs a parsed command line, writing to stdout and stderr.
pub fn run(cli: Cli) -> Exit {
    match cli.command {
        Command::Audit(args) => run_audit(&args),
        Command::Facts(args) => run_facts(&args),
        Command::Rules(args) => run_rules(&args),
        Command::Test(args) => run_tests(&args),
        Command::Explain(args) => run_explain(&args),
        Command::Schema => write_stdout(&(crate::rules::json_schema() + "\n")),
    }
}

fn load_rules(args: &RuleArgs) -> Result<RuleSet, Vec<RuleError>> {
    load_rules_with(args, None)
}

/// The rules of the command line and of the configuration: the built-in pack unless either
/// turns it off, then the configuration's rule paths, then the command line's.
fn load_rules_with(args: &RuleArgs, config: Option<&Config>) -> Result<RuleSet, Vec<RuleError>> {
    let default_rules = !args.no_default_rules && config.is_none_or(|c| c.default_rules);
    let base = if default_rules {
        RuleSet::builtin()?
    } else {
        RuleSet::concepts_only()?
    };
    let mut paths: Vec<PathBuf> = config.map(|c| c.rules.clone()).unwrap_or_default();
    paths.extend(args.rules.iter().cloned());
    let rules = base.add_paths(&paths)?;
    if rules.rules.is_empty() {
        // An audit with no rule checks nothing; saying "clean" would be a lie.
        return Err(vec![RuleError::no_rules(&args.rules)]);
    }
    Ok(rules)
}

fn print_rule_errors(errors: &[RuleError]) {
    print_diagnostics(errors);
}

fn print_diagnostics<D: miette::Diagnostic>(errors: &[D]) {
    let theme = if std::io::stderr().is_terminal() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme);
    let mut out = String::new();
    for err in errors {
        if handler.render_report(&mut out, err).is_err() {
            out.push_str(&err.to_string());
        }
        out.push('\n');
    }
    eprint!("{out}");
}

/// The audit of the files under the command line's paths: the documents taken (parked unless
/// `keep` keeps everything), the outcome, and whether a file could not be read. `None` when
/// there was nothing to audit (said on stderr).
fn audit_paths(
    args: &AuditArgs,
    config: Option<&Config>,
    pool: &rayon::ThreadPool,
    keep: Keep,
    admit: &(dyn Fn(&mut source::Document) -> bool + Sync),
    rules: &RuleSet,
) -> Option<(Vec<source::Document>, AuditOutcome, bool)> {
    // Files are read by the workers as they come to them; problems finding them are told
    // at once, problems reading one when the audit is over, in path order.
    let (files, found_problems) = match config {
        Some(config) => source::discover(&args.paths, &|p| config.is_excluded(p)),
        None => source::discover(&args.paths, &|_| false),
    };
    let mut load_trouble = report_load_problems(&found_problems);
    let progress = Progress::new(files.len(), !args.quiet);
    let audited = pool.install(|| {
        audit_files(
            Files {
                paths: &files,
                options: args.read.options(),
                admit,
            },
            rules,
            keep,
            &|facts, checks| {
                let failed = checks.iter().filter(|c| c.verdict == Verdict::Fail).count();
                progress.document_done(facts, failed);
            },
        )
    });
    progress.finish();
    let FilesAudited {
        documents,
        outcome,
        problems,
        read,
    } = audited;
    load_trouble |= report_load_problems(&problems);
    if read == 0 {
        eprintln!("error: no text filings to audit in the paths given");
        return None;
    }
    Some((documents, outcome, load_trouble))
}

/// The audit of exported facts (`--facts`): the documents they hold, taken as `admit` says
/// and numbered again in path order, checked with their exported tables and facts. `None`
/// when an export cannot be read or the output cannot be made from one (said on stderr).
fn audit_exports(
    args: &AuditArgs,
    pool: &rayon::ThreadPool,
    keep: Keep,
    admit: &(dyn Fn(&mut source::Document) -> bool + Sync),
    rules: &RuleSet,
) -> Option<(Vec<source::Document>, AuditOutcome, bool)> {
    if args.format == AuditFormat::Html {
        eprintln!(
            "error: the HTML evidence report shows the documents' text, which exported facts do not hold; audit the files for it"
        );
        return None;
    }
    let imported = match crate::facts::export::read(&args.facts) {
        Ok(imported) => imported,
        Err(err) => {
            eprintln!("error: {err}");
            return None;
        }
    };
    let mut documents = Vec::new();
    let mut extractions = Vec::new();
    for mut item in imported {
        if !admit(&mut item.document) {
            continue;
        }
        let id = documents.len();
        item.document.id = id;
        for fact in &mut item.extraction.facts {
            fact.doc = id;
        }
        documents.push(item.document);
        extractions.push(item.extraction);
    }
    let progress = Progress::new(documents.len(), !args.quiet);
    let outcome = pool.install(|| {
        audit_exported(&documents, &extractions, rules, keep, &|facts, checks| {
            let failed = checks.iter().filter(|c| c.verdict == Verdict::Fail).count();
            progress.document_done(facts, failed);
        })
    });
    progress.finish();
    Some((documents, outcome, false))
}

/// Prints problems finding or reading files; whether one of them is an error.
fn report_load_problems(problems: &[source::LoadProblem]) -> bool {
    let mut trouble = false;
    for problem in problems {
        match problem.severity {
            ProblemSeverity::Warning => eprintln!("warning: {problem}"),
            ProblemSeverity::Error => {
                trouble = true;
                eprintln!("error: {problem}");
            }
        }
    }
    trouble
}

/// One share of a run's documents: `index` (0-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl Shard {
    fn parse(text: &str) -> Result<Self, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}` is not K/N (for example 2/8)"))?;
        let (k, n): (u64, u64) = match (k.trim().parse(), n.trim().parse()) {
            (Ok(k), Ok(n)) => (k, n),
            _ => return Err(format!("`{text}` is not K/N with whole numbers")),
        };
        if n == 0 || k == 0 || k > n {
            return Err(format!("shard {k} of {n}: K must be between 1 and N"));
        }
        Ok(Self {
            index: k - 1,
            count: n,
        })
    }

    /// Whether the documents of `entity` belong to this shard.
    fn takes(&self, entity: &str) -> bool {
        crate::review::fingerprint::fnv1a64(entity.as_bytes()) % self.count == self.index
    }

    /// Whether a document belongs to this shard. It goes by its issuer (its group's, when
    /// the configuration has put it in one), else by its path.
    fn takes_document(&self, doc: &source::Document) -> bool {
        match &doc.entity {
            Some(entity) => self.takes(&format!("entity:{entity}")),
            None => self.takes(&format!("path:{}", doc.display_path())),
        }
    }
}

/// Writes the report to the file given with `--output`, or to stdout.
fn write_report(text: &str, output: Option<&std::path::Path>) -> Exit {
    let Some(path) = output else {
        return write_stdout(text);
    };
    match std::fs::write(path, text) {
        Ok(()) => Exit::Clean,
        Err(err) => {
            eprintln!(
                "error: cannot write the report to {}: {err}",
                path.display()
            );
            Exit::Trouble
        }
    }
}

fn write_stdout(text: &str) -> Exit {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Exit::Clean,
        // A closed pipe (`tieout … | head`) is not a failure of the audit.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Exit::Clean,
        Err(err) => {
            eprintln!("error: cannot write the report: {err}");
            Exit::Trouble
        }
    }
}

fn run_audit(args: &AuditArgs) -> Exit {
    let config = if args.no_config {
        None
    } else {
        match Config::discover(args.config.as_deref()) {
            Ok(config) => config,
            Err(errors) => {
                print_diagnostics(&errors);
                return Exit::Trouble;
            }
        }
    };
    let config = config.as_ref();
    let mut rules = match load_rules_with(&args.rule_args, config) {
        Ok(rules) => rules,
        Err(errors) => {
            print_rule_errors(&errors);
            return Exit::Trouble;
        }
    };
    if let Some(config) = config {
        if let Err(errors) = config.apply_to_rules(&mut rules) {
            print_diagnostics::<ConfigError>(&errors);
            return Exit::Trouble;
        }
        if rules.rules.is_empty() {
            eprintln!(
                "error: {} turns off every rule: there is nothing to check",
                config.path.display()
            );
            return Exit::Trouble;
        }
    }
    let baseline = match &args.baseline {
        Some(path) => match Baseline::read(path) {
            Ok(baseline) => Some(baseline),
            Err(err) => {
                eprintln!("error: {err}");
                return Exit::Trouble;
            }
        },
        None => None,
    };
    let waivers = config.map_or(&[][..], |c| c.waivers.as_slice());
    let today = match Date::today() {
        Ok(today) => today,
        Err(err) => {
            eprintln!("error: {err}");
            return Exit::Trouble;
        }
    };
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool,
        Err(err) => {
            eprintln!("error: cannot start worker threads: {err}");
            return Exit::Trouble;
        }
    };
    // Passed checks are shown only as evidence; elsewhere they are counted, not kept, and
    // each document is parked once it is checked.
    let keep = match args.format {
        AuditFormat::Html | AuditFormat::Junit => Keep::Everything,
        AuditFormat::Json if args.evidence => Keep::Everything,
        _ => Keep::Findings,
    };
    let admit = |doc: &mut source::Document| {
        // A group of the configuration is an issuer: its documents are compared with each
        // other and kept in one shard, whatever their text names.
        if let Some(config) = config {
            if let Some(group) = config.group_of(&config.relative_path(&doc.path)) {
                doc.entity = Some(format!("group:{}", group.name));
            }
        }
        args.shard.is_none_or(|shard| shard.takes_document(doc))
    };
    let audited = if args.facts.is_empty() {
        audit_paths(args, config, &pool, keep, &admit, &rules)
    } else {
        audit_exports(args, &pool, keep, &admit, &rules)
    };
    let Some((mut documents, mut outcome, mut load_trouble)) = audited else {
        return Exit::Trouble;
    };
    // A shard may hold no document: it then reports nothing, which is no trouble.
    let problems = retain_for_report(&mut documents, &outcome.checks);
    load_trouble |= report_load_problems(&problems);
    if problems
        .iter()
        .any(|p| p.severity == ProblemSeverity::Error)
    {
        return Exit::Trouble;
    }
    // A rule stopped before it checked anything (too many combinations) says so in any format.
    for check in &outcome.checks {
        if check.verdict == Verdict::Indeterminate && check.figures.is_empty() {
            eprintln!("warning: {}", check.message);
        }
    }

    // Paths as the configuration's globs see them, and the group of each document.
    let relative: Vec<String> = documents
        .iter()
        .map(|d| config.map_or_else(|| d.display_path(), |c| c.relative_path(&d.path)))
        .collect();
    let groups: Vec<Option<String>> = relative
        .iter()
        .map(|p| config.and_then(|c| c.group_of(p)).map(|g| g.name.clone()))
        .collect();
    let waiver_problems = review::apply(
        &mut outcome.checks,
        &documents,
        review::Settings {
            waivers,
            paths: &relative,
            today,
            baseline: baseline.as_ref(),
        },
    );
    let config_name = config.map(|c| c.path.to_string_lossy().replace('\\', "/"));
    for problem in &waiver_problems {
        eprintln!(
            "warning: {}:{}: {problem}",
            config_name.as_deref().unwrap_or(crate::config::FILE_NAME),
            problem.line
        );
    }

    if let Some(path) = &args.write_baseline {
        let (text, count) = review::baseline::render(&outcome.checks, &documents);
        if let Err(err) = std::fs::write(path, text) {
            eprintln!(
                "error: cannot write the baseline to {}: {err}",
                path.display()
            );
            return Exit::Trouble;
        }
        // Recorded findings are known from now on, as if the baseline had been given.
        for check in outcome.checks.iter_mut().filter(|c| c.is_open_finding()) {
            check.disposition = Disposition::Baselined;
        }
        if !args.quiet {
            eprintln!(
                "note: recorded {count} finding{} in the baseline {}",
                if count == 1 { "" } else { "s" },
                path.display()
            );
        }
    }

    let run = report::Run {
        documents: &documents,
        facts: outcome.facts,
        checks: &outcome.checks,
        passes_counted: outcome.passes_counted,
        rules: &rules,
        waiver_problems: &waiver_problems,
        config_path: config_name.as_deref(),
        groups: &groups,
        baseline: baseline.is_some(),
    };
    let text = match args.format {
        AuditFormat::Json => report::json::render(&run, args.evidence),
        AuditFormat::Sarif => report::sarif::render(&run),
        AuditFormat::Junit => report::junit::render(&run),
        AuditFormat::Github => report::github::render(&run),
        AuditFormat::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => args.output.is_none() && std::io::stdout().is_terminal(),
            };
            report::human::render(&run, color)
        }
        AuditFormat::Html => report::html::render(run.documents, run.facts, run.checks),
    };
    if write_report(&text, args.output.as_deref()) == Exit::Trouble || load_trouble {
        return Exit::Trouble;
    }
    let fail_on = args
        .fail_on
        .or_else(|| config.and_then(|c| c.fail_on))
        .unwrap_or(FailOn::Error);
    let threshold = match fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| {
        outcome
            .checks
            .iter()
            .any(|c| c.is_open_finding() && c.severity >= t)
    });
    if failing {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

fn run_facts(args: &FactsArgs) -> Exit {
    // The concept table names each fact's concept key in JSON; the table format has none,
    // and starts faster without it.
    let rules = if args.format == FactsFormat::Table {
        RuleSet::default()
    } else {
        match RuleSet::builtin() {
            Ok(rules) => rules,
            Err(errors) => {
                print_rule_errors(&errors);
                return Exit::Trouble;
            }
        }
    };
    let (files, found_problems) = source::discover(&args.paths, &|_| false);
    let mut trouble = report_load_problems(&found_problems);
    let (written, read_trouble) = if args.format == FactsFormat::Json {
        let mut json = Vec::new();
        let read_trouble = each_document(args, &files, |doc, extraction| {
            json.extend(report::facts::json(doc, extraction, &rules.concepts));
            Ok(())
        });
        let mut out = serde_json::to_string_pretty(&json).unwrap_or_default();
        out.push('\n');
        (write_stdout(&out), read_trouble)
    } else {
        stream_facts(args, &files, &rules)
    };
    trouble |= read_trouble;
    if written == Exit::Trouble || trouble {
        Exit::Trouble
    } else {
        Exit::Clean
    }
}

/// Reads the files of `facts` a few at a time, in parallel, and hands each document of the
/// shard with its extraction to `each` in path order; the texts of only a few files are held
/// at once. Stops at `each`'s first error, returning it; says on stderr which files could
/// not be read, and returns whether one was an error or none could be read (in the `Ok`).
fn each_document_until(
    args: &FactsArgs,
    files: &[PathBuf],
    mut each: impl FnMut(&source::Document, &crate::extract::Extraction) -> std::io::Result<()>,
) -> std::io::Result<bool> {
    use rayon::prelude::*;
    let batch = 4 * rayon::current_num_threads().max(1);
    let mut trouble = false;
    let mut read_any = false;
    let mut id = 0;
    for chunk in files.chunks(batch) {
        let read: Vec<Result<Option<_>, source::LoadProblem>> = chunk
            .par_iter()
            .map(|path| {
                let doc = source::read_document(0, path.clone(), args.read.options())?;
                if args.shard.is_some_and(|shard| !shard.takes_document(&doc)) {
                    return Ok(None);
                }
                let (_, extraction) = read_document(&doc);
                Ok(Some((doc, extraction)))
            })
            .collect();
        for item in read {
            match item {
                Err(problem) => trouble |= report_load_problems(&[problem]),
                Ok(None) => read_any = true,
                Ok(Some((mut doc, extraction))) => {
                    read_any = true;
                    doc.id = id;
                    id += 1;
                    each(&doc, &extraction)?;
                }
            }
        }
    }
    if !read_any {
        eprintln!("error: no text filings to read in the paths given");
        trouble = true;
    }
    Ok(trouble)
}

/// [`each_document_until`] with an `each` that cannot fail.
fn each_document(
    args: &FactsArgs,
    files: &[PathBuf],
    mut each: impl FnMut(&source::Document, &crate::extract::Extraction) -> std::io::Result<()>,
) -> bool {
    each_document_until(args, files, |d, e| each(d, e)).unwrap_or(true)
}

/// Writes the facts of each document to stdout as soon as it is read, flushing after each
/// one: a consumer of `--format jsonl` sees the first document's facts while the rest are
/// still being read, and neither the output nor the corpus is ever held whole in memory.
fn stream_facts(args: &FactsArgs, files: &[PathBuf], rules: &RuleSet) -> (Exit, bool) {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let result = each_document_until(args, files, |doc, extraction| {
        match args.format {
            FactsFormat::Table => {
                stdout.write_all(report::facts::table(doc, extraction).as_bytes())?
            }
            FactsFormat::Json | FactsFormat::Jsonl => {
                report::facts::jsonl(&mut stdout, doc, extraction, &rules.concepts)?
            }
        }
        stdout.flush()
    });
    match result {
        Ok(trouble) => (Exit::Clean, trouble),
        // A closed pipe (`tieout facts … | head`) is not a failure.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => (Exit::Clean, false),
        Err(err) => {
            eprintln!("error: cannot write the facts: {err}");
            (Exit::Trouble, false)
        }
    }
}

fn run_rules(args: &RuleArgs) -> Exit {
    match load_rules(args) {
        Ok(rules) => {
            let mut out = String::new();
            for rule in &rules.rules {
                out.push_str(&format!(
                    "{:<28} {:<8} {}\n",
                    rule.id, rule.severity, rule.title
                ));
            }
            write_stdout(&out)
        }
        Err(errors) => {
            print_rule_errors(&errors);
            Exit::Trouble
        }
    }
}

fn run_tests(args: &TestArgs) -> Exit {
    let rule_args = RuleArgs {
        rules: args.paths.clone(),
        no_default_rules: !args.paths.is_empty(),
    };
    let rules = match load_rules(&rule_args) {
        Ok(rules) => rules,
        Err(errors) => {
            print_rule_errors(&errors);
            return Exit::Trouble;
        }
    };
    let outcomes = crate::rule_tests::run(&rules);
    let mut out = String::new();
    let untested: Vec<&str> = rules
        .rules
        .iter()
        .filter(|r| r.tests.is_empty())
        .map(|r| r.id.as_str())
        .collect();
    for o in &outcomes {
        let kind = if o.expect_fail { "fail" } else { "pass" };
        match &o.problem {
            None => out.push_str(&format!("ok     {} #{} ({kind})\n", o.rule, o.number)),
            Some(p) => out.push_str(&format!("FAILED {} #{} ({kind}): {p}\n", o.rule, o.number)),
        }
    }
    for id in &untested {
        out.push_str(&format!("warning: rule `{id}` has no tests\n"));
    }
    let failed = outcomes.iter().filter(|o| o.problem.is_some()).count();
    out.push_str(&format!(
        "rule-tests: {} passed, {} failed\n",
        outcomes.len() - failed,
        failed
    ));
    let written = write_stdout(&out);
    if written == Exit::Trouble {
        Exit::Trouble
    } else if failed > 0 {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

fn run_explain(args: &ExplainArgs) -> Exit {
    let rules = match load_rules(&args.rule_args) {
        Ok(rules) => rules,
        Err(errors) => {
            print_rule_errors(&errors);
            return Exit::Trouble;
        }
    };
    let Some(rule) = rules.rules.iter().find(|r| r.id == args.rule) else {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        eprintln!(
            "error: no rule `{}`; the rules are: {}",
            args.rule,
            ids.join(", ")
        );
        return Exit::Trouble;
    };
    let mut out = format!("{} ({})\n{}\n", rule.id, rule.severity, rule.title);
    for (heading, text) in [
        ("What it does", &rule.description),
        ("Why it matters", &rule.rationale),
        ("Example", &rule.example),
    ] {
        if !text.trim().is_empty() {
            out.push_str(&format!("\n## {heading}\n\n{}\n", text.trim_end()));
        }
    }
    out.push_str(&format!(
        "\nDefined in {}, with {} test{}.\n",
        rule.source.display(),
        rule.tests.len(),
        if rule.tests.len() == 1 { "" } else { "s" }
    ));
    write_stdout(&out)
}
