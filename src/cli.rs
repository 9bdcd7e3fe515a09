//! The command line: arguments → validated settings → the pipeline → an exit status.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use miette::{GraphicalReportHandler, GraphicalTheme};

use crate::audit::{audit, read_document};
use crate::eval::Verdict;
use crate::report;
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
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
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
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Human)]
    pub format: AuditFormat,
    /// With JSON output, list every evaluated check, passes too.
    #[arg(long)]
    pub evidence: bool,
    /// The least severity of a finding that makes the exit status 1.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
    /// Colour in human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
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
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// Files or directories to read.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = FactsFormat::Table)]
    pub format: FactsFormat,
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
    let base = if args.no_default_rules {
        RuleSet::concepts_only()?
    } else {
        RuleSet::builtin()?
    };
    let rules = base.add_paths(&args.rules)?;
    if rules.rules.is_empty() {
        // An audit with no rule checks nothing; saying "clean" would be a lie.
        return Err(vec![RuleError::no_rules(&args.rules)]);
    }
    Ok(rules)
}

fn print_rule_errors(errors: &[RuleError]) {
    let theme = if std::io::stderr().is_terminal() {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme);
    let mut out = String::new();
    for err in errors {
        if handler.render_report(&mut out, err).is_err() {
            out.push_str(&err.message);
        }
        out.push('\n');
    }
    eprint!("{out}");
}

/// Loads documents, printing warnings and errors; `Err` when nothing can be audited.
fn load_documents(paths: &[PathBuf], read: &ReadArgs) -> (Vec<source::Document>, bool) {
    let loaded = source::load(paths, read.options());
    let mut trouble = false;
    for problem in &loaded.problems {
        match problem.severity {
            ProblemSeverity::Warning => eprintln!("warning: {problem}"),
            ProblemSeverity::Error => {
                trouble = true;
                eprintln!("error: {problem}");
            }
        }
    }
    if loaded.documents.is_empty() {
        eprintln!("error: no text filings to audit in the paths given");
        trouble = true;
    }
    (loaded.documents, trouble)
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
    let rules = match load_rules(&args.rule_args) {
        Ok(rules) => rules,
        Err(errors) => {
            print_rule_errors(&errors);
            return Exit::Trouble;
        }
    };
    let (documents, load_trouble) = load_documents(&args.paths, &args.read);
    if documents.is_empty() {
        return Exit::Trouble;
    }
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
    let outcome = pool.install(|| audit(&documents, &rules));
    // A rule stopped before it checked anything (too many combinations) says so in any format.
    for check in &outcome.checks {
        if check.verdict == Verdict::Indeterminate && check.figures.is_empty() {
            eprintln!("warning: {}", check.message);
        }
    }
    let text = match args.format {
        AuditFormat::Json => {
            report::json::render(&documents, outcome.facts, &outcome.checks, args.evidence)
        }
        AuditFormat::Human => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => std::io::stdout().is_terminal(),
            };
            report::human::render(&documents, outcome.facts, &outcome.checks, color)
        }
    };
    if write_stdout(&text) == Exit::Trouble || load_trouble {
        return Exit::Trouble;
    }
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failing = threshold.is_some_and(|t| {
        outcome
            .checks
            .iter()
            .any(|c| c.verdict == Verdict::Fail && c.severity >= t)
    });
    if failing {
        Exit::Findings
    } else {
        Exit::Clean
    }
}

fn run_facts(args: &FactsArgs) -> Exit {
    let rules = match RuleSet::builtin() {
        Ok(rules) => rules,
        Err(errors) => {
            print_rule_errors(&errors);
            return Exit::Trouble;
        }
    };
    let (documents, trouble) = load_documents(&args.paths, &args.read);
    let mut out = String::new();
    let mut json = Vec::new();
    for doc in &documents {
        let (_, extraction) = read_document(doc);
        match args.format {
            FactsFormat::Table => out.push_str(&report::facts::table(doc, &extraction)),
            FactsFormat::Json => {
                json.extend(report::facts::json(doc, &extraction, &rules.concepts))
            }
        }
    }
    if args.format == FactsFormat::Json {
        out = serde_json::to_string_pretty(&json).unwrap_or_default();
        out.push('\n');
    }
    if write_stdout(&out) == Exit::Trouble || trouble {
        Exit::Trouble
    } else {
        Exit::Clean
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
