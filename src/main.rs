//! The command line: parses arguments, calls the library, maps the outcome to
//! an exit code (0 clean, 1 findings at or above --fail-on, 2 usage or I/O).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use devops_check::catalogue;
use devops_check::config::{self, Config, Threshold};
use devops_check::diff::ChangedLines;
use devops_check::finding::Severity;
use devops_check::report::{self, OutputFormat, RenderOptions};

const EXAMPLES: &str = "\
Examples:
  devops-check                        check the current directory
  devops-check deploy/ Dockerfile     check a directory and a file
  devops-check --format json . > findings.json
  devops-check --fail-on error .      fail the build on errors only
  helm template ./chart | devops-check -
  devops-check --stdin-filename Dockerfile - < Dockerfile
  devops-check rules                  list every rule
  devops-check explain container-runs-as-root";

#[derive(Parser)]
#[command(
    name = "devops-check",
    version,
    about = "Checks Dockerfiles, GitHub Actions workflows, Terraform and Kubernetes manifests \
             against security and reliability policies.",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Files or directories to check.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,

    /// Exit with 1 when a finding is at or above this severity
    /// [default: the config's `fail-on`, else warning].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,

    /// Report only findings on lines this unified diff adds or changes.
    #[arg(long, value_name = "FILE", conflicts_with = "new_from_rev")]
    diff: Option<String>,

    /// Report only findings on lines changed since this git revision
    /// (committed or not), e.g. `origin/main`.
    #[arg(long, value_name = "REV")]
    new_from_rev: Option<String>,

    /// The configuration file [default: .devops-check.toml, found upward
    /// from the first path].
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,

    /// Colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<usize>,

    /// Print findings only: no summary when there are none.
    #[arg(short, long)]
    quiet: bool,

    /// The name to report standard input (`-`) under; its format comes from
    /// it (default: Kubernetes manifests, as `helm template` prints).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// List every rule: id, family, default severity, summary.
    Rules,
    /// Explain one rule: why it matters, how to fix it, examples.
    Explain {
        /// The rule id, as shown in brackets in findings.
        rule: String,
    },
    /// Write a commented .devops-check.toml in the current directory.
    Init,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Error,
    Warning,
    Note,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Rules) => print_rules().map(|()| ExitCode::SUCCESS),
        Some(Command::Explain { rule }) => explain(rule),
        Some(Command::Init) => init(),
        None => run(&cli),
    };
    match result {
        Ok(code) => code,
        // `devops-check . | head`: the reader has gone; that is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("devops-check: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let config = Config::discover(cli.config.as_deref(), &cli.paths)?;
    let threshold = match cli.fail_on {
        Some(FailOn::Error) => Threshold(Some(Severity::Error)),
        Some(FailOn::Warning) => Threshold(Some(Severity::Warning)),
        Some(FailOn::Note) => Threshold(Some(Severity::Note)),
        Some(FailOn::Never) => Threshold(None),
        None => config.fail_on.unwrap_or(Threshold(Some(Severity::Warning))),
    };
    let changed = match (&cli.diff, &cli.new_from_rev) {
        (Some(file), _) => Some(ChangedLines::read(file)?),
        (None, Some(rev)) => Some(ChangedLines::since(rev)?),
        (None, None) => None,
    };
    let options = devops_check::Options {
        changed,
        paths: cli.paths.clone(),
        threads: cli.threads.or(config.threads).unwrap_or(0),
        stdin_filename: cli.stdin_filename.clone(),
        config,
    };
    let report = devops_check::check(&options)?;
    let stdout = io::stdout();
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let render_options = RenderOptions {
        color,
        quiet: cli.quiet,
        elapsed: started.elapsed(),
    };
    let mut out = io::BufWriter::new(stdout.lock());
    report::render(cli.format, &report, &render_options, &mut out)?;
    out.flush()?;
    Ok(if devops_check::has_internal_errors(&report) {
        ExitCode::from(2)
    } else if devops_check::fails(&report, threshold.0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn init() -> anyhow::Result<ExitCode> {
    let path = std::path::Path::new(config::FILE_NAME);
    if path.exists() {
        eprintln!(
            "devops-check: {} exists already; not overwritten",
            config::FILE_NAME
        );
        return Ok(ExitCode::from(2));
    }
    std::fs::write(path, config::TEMPLATE)?;
    println!("wrote {}", config::FILE_NAME);
    Ok(ExitCode::SUCCESS)
}

fn print_rules() -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let rules = catalogue::all();
    let id_width = rules.iter().map(|m| m.id.len()).max().unwrap_or(0);
    let family_width = rules.iter().map(|m| m.family.len()).max().unwrap_or(0);
    writeln!(
        out,
        "{:id_width$}  {:family_width$}  {:8}  SUMMARY",
        "ID", "FAMILY", "SEVERITY"
    )?;
    for meta in rules {
        writeln!(
            out,
            "{:id_width$}  {:family_width$}  {:8}  {}",
            meta.id,
            meta.family,
            meta.severity.as_str(),
            meta.summary
        )?;
    }
    out.flush()?;
    Ok(())
}

fn explain(rule: &str) -> anyhow::Result<ExitCode> {
    let Some(meta) = catalogue::get(rule) else {
        eprintln!("devops-check: unknown rule `{rule}`; `devops-check rules` lists them");
        return Ok(ExitCode::from(2));
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(out, "{} ({}, {})\n", meta.id, meta.family, meta.severity)?;
    writeln!(out, "{}\n", meta.summary)?;
    writeln!(out, "Why:\n{}\n", indent(&meta.rationale))?;
    writeln!(out, "Fix:\n{}\n", indent(&meta.remediation))?;
    writeln!(out, "Bad:\n{}\n", indent(&meta.bad_example))?;
    writeln!(out, "Good:\n{}", indent(&meta.good_example))?;
    if !meta.references.is_empty() {
        writeln!(out, "\nReferences:")?;
        for reference in &meta.references {
            writeln!(out, "  {reference}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|line| {
            if line.is_empty() {
                String::new()
            } else {
                format!("  {line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}
