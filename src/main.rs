//! The command line: parses arguments, calls the library, maps the outcome to
//! an exit code (0 clean, 1 findings at or above --fail-on, 2 usage or I/O).

use std::alloc::{GlobalAlloc, Layout};
use std::fs::{File, OpenOptions};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, bail};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

use devops_check::baseline::Baseline;
use devops_check::catalogue;
use devops_check::config::{self, Config, Threshold};
use devops_check::custom;
use devops_check::diff::ChangedLines;
use devops_check::finding::{Applicability, Severity};
use devops_check::fix::{Selection, unified_diff};
use devops_check::merge::MergeFormat;
use devops_check::output;
use devops_check::progress::Progress;
use devops_check::report::{self, OutputFormat, RenderOptions, SourceRoot};

/// Parsing builds and drops many small strings and trees (about a fifth of
/// a run's CPU time went to glibc's malloc and free); mimalloc serves them
/// from per-thread pages. Its version 2 keeps less memory than 3 (60 MiB
/// against 74 at the peak of a run over the corpus, glibc 41).
#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// mimalloc, asked for an alignment only when its plain allocation may not
/// give it. The `mimalloc` crate passes every layout's alignment to
/// `mi_malloc_aligned`, which tests it and then calls the plain allocation
/// for all but over-aligned layouts: 3-5% of a run's instructions, spent
/// learning what a Rust layout already says.
struct Mimalloc;

/// The alignment every `mi_malloc` block has when it is at least this
/// large: mimalloc's own `mi_malloc_is_naturally_aligned` (alloc-aligned.c)
/// serves such layouts from the plain allocation, and the test
/// `the_allocator_gives_every_layout_its_alignment` checks it over sizes
/// and alignments.
const NATURAL_ALIGNMENT: usize = 16;

fn naturally_aligned(align: usize, size: usize) -> bool {
    align <= NATURAL_ALIGNMENT && align <= size
}

type Plain = unsafe extern "C" fn(usize) -> *mut std::ffi::c_void;
type Aligned = unsafe extern "C" fn(usize, usize) -> *mut std::ffi::c_void;

/// A block for `layout` from mimalloc's `plain` function when that aligns
/// it, else from the `aligned` one.
///
/// # Safety
/// As [`GlobalAlloc::alloc`]; `plain` and `aligned` are a pair of
/// mimalloc's allocation functions.
unsafe fn allocate(layout: Layout, plain: Plain, aligned: Aligned) -> *mut u8 {
    // SAFETY: mimalloc's allocation functions accept any size.
    unsafe {
        if naturally_aligned(layout.align(), layout.size()) {
            plain(layout.size()).cast()
        } else {
            aligned(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: every block comes from mimalloc and goes back to it; a layout
// that the plain functions might misalign goes to the aligned ones.
unsafe impl GlobalAlloc for Mimalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's promises; a pair of mimalloc's functions.
        unsafe { allocate(layout, mi_malloc, mi_malloc_aligned) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe { allocate(layout, mi_zalloc, mi_zalloc_aligned) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, which is mimalloc.
        unsafe { mi_free(ptr.cast()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from mimalloc; a block it moves to is
        // allocated as `alloc` would for the new size.
        unsafe {
            if naturally_aligned(layout.align(), new_size) {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

/// mimalloc commits each arena it reserves whole, by default: on the
/// corpus, 12 MiB of a run's 51 MiB peak that no allocation used. It also
/// keeps freed pages 10 ms (arena memory 100 ms) before returning them;
/// 1 ms saves 6 MiB more at 16 copies of the corpus. Neither costs
/// measured time (returning pages at once, `purge_delay` 0, would save
/// 5 MiB more but cost a fifth of the time, in system calls). The first
/// arena is reserved by the first allocation, before `main`, so the options
/// are set in a constructor: `MIMALLOC_*` variables are read too late to
/// override them.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static LEAN_ALLOCATOR: extern "C" fn() = lean_allocator;

#[cfg(target_os = "linux")]
extern "C" fn lean_allocator() {
    // The option numbers of mimalloc 2's `mi_option_e` (mimalloc.h).
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const ARENA_PURGE_MULT: libmimalloc_sys::mi_option_t = 24;
    // SAFETY: setting an option is allowed at any time, before or after
    // the allocator starts; these change only when memory is committed and
    // returned, never what an allocation gives.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 1);
        libmimalloc_sys::mi_option_set(ARENA_PURGE_MULT, 1);
    }
}

const EXAMPLES: &str = "\
Examples:
  devops-check                        check the current directory
  devops-check deploy/ Dockerfile     check a directory and a file
  devops-check --format json . > findings.json
  devops-check --format sarif --output results.sarif .
                                      SARIF to a file, text to the terminal
  devops-check --format text --format sarif=out.sarif --format junit=out.xml
                                      several reports in one run
  devops-check --fail-on error .      fail the build on errors only
  devops-check --fix-dry-run .        show the safe fixes as a diff
  devops-check --fix --unsafe-fixes . apply safe and unsafe fixes
  helm template ./chart | devops-check -
  devops-check --stdin-filename Dockerfile - < Dockerfile
  devops-check --shard 1/4 --format json . > shard-1.json   (one per machine)
  devops-check merge shard-*.json     one report, as one unsharded run prints it
  devops-check rules                  list every rule
  devops-check explain container-runs-as-root";

#[derive(Parser)]
#[command(
    name = "devops-check",
    version,
    about = "Checks Dockerfiles, Docker Compose files, GitHub Actions workflows, GitLab CI \
             pipelines, Terraform, CloudFormation templates and Kubernetes manifests against \
             security and reliability policies.",
    after_help = EXAMPLES,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Files or directories to check.
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format: text, json, sarif, github, junit, gitlab or rdjsonl.
    /// FORMAT=FILE writes that report to FILE; repeat the option to write
    /// several reports in one run. Text goes to the terminal unless another
    /// format does.
    #[arg(long, value_name = "FORMAT[=FILE]", value_parser = parse_output)]
    format: Vec<OutputSpec>,

    /// Write the report of the one --format without =FILE to FILE. Unless
    /// that report is text, text still goes to the terminal.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// Exit with 1 when a finding is at or above this severity
    /// [default: the config's `fail-on`, else warning].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,

    /// Check only part K of N of the files (grouped by directory), to fan a
    /// large scan out over a CI matrix; the parts' reports together cover
    /// every file once, and `devops-check merge` combines them.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,

    /// Hide the findings recorded in this baseline; only new ones count.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,

    /// Record every present finding in this baseline file (and exit 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,

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

    /// Print the findings only: no summary line, no progress bar. Warnings
    /// that nothing was read still go to standard error.
    #[arg(short, long)]
    quiet: bool,

    /// After the findings, count them per rule.
    #[arg(long)]
    statistics: bool,

    /// Apply the safe fixes in place (each file written atomically), then
    /// report what remains. Safe fixes keep what the file does (a `needs:`
    /// edge, `allowPrivilegeEscalation: false`).
    #[arg(long, conflicts_with_all = ["write_baseline", "fix_dry_run"])]
    fix: bool,

    /// With --fix or --fix-dry-run: apply the unsafe fixes too, which may
    /// change behaviour and need a person's review (a `USER`, `runAsNonRoot`).
    #[arg(long)]
    unsafe_fixes: bool,

    /// Print the fixes --fix would apply as a unified diff, and write
    /// nothing; exit 1 when there is something to fix.
    #[arg(long, conflicts_with = "write_baseline")]
    fix_dry_run: bool,

    /// The name to report standard input (`-`) under; its format comes from
    /// it (default: Kubernetes manifests, as `helm template` prints).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,

    #[command(flatten)]
    policies: PolicyArgs,
}

/// Custom policies, run beside the built-in rules.
#[derive(clap::Args, Clone, Default)]
struct PolicyArgs {
    /// Run the Rego policies in DIR (searched recursively; or one .rego
    /// file) beside the built-in rules; repeatable.
    #[arg(long = "policy", value_name = "DIR")]
    policy: Vec<PathBuf>,

    /// Run the conftest-style packages of this namespace [default: main];
    /// repeatable.
    #[arg(long = "namespace", value_name = "NS")]
    namespace: Vec<String>,

    /// Run the conftest-style packages of every namespace.
    #[arg(long)]
    all_namespaces: bool,
}

impl PolicyArgs {
    fn options(&self) -> custom::Options {
        custom::Options {
            paths: self.policy.clone(),
            namespaces: self.namespace.clone(),
            all_namespaces: self.all_namespaces,
            ..custom::Options::default()
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// List every rule: id, family, default severity, summary (custom
    /// policies' rules too, with --policy or the config's [policies]).
    Rules {
        #[command(flatten)]
        policies: PolicyArgs,
    },
    /// Explain one rule: why it matters, how to fix it, examples.
    Explain {
        /// The rule id, as shown in brackets in findings.
        rule: String,
        #[command(flatten)]
        policies: PolicyArgs,
    },
    /// Run the `test_` rules of Rego policies, as `opa test` does.
    TestPolicies {
        /// Directories (searched recursively) or .rego files.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Print the JSON schema of the model that custom policies annotated
    /// `custom: {input: model}` read as `input`.
    Schema,
    /// Write a commented .devops-check.toml in the current directory.
    Init,
    /// Print a shell completion script (e.g. `devops-check completions bash
    /// > /etc/bash_completion.d/devops-check`).
    Completions { shell: clap_complete::Shell },
    /// Print the man page (roff) on standard output.
    Man,
    /// Combine the JSON or SARIF reports of `--shard K/N` runs into the
    /// report one unsharded run prints.
    Merge {
        /// The shard reports, all of one format.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The reports' format [default: taken from the files].
        #[arg(long, value_enum)]
        format: Option<MergeFormat>,
        /// Write the merged report to FILE instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn parse_shard(value: &str) -> Result<(usize, usize), String> {
    let parsed = value
        .split_once('/')
        .and_then(|(k, n)| Some((k.parse::<usize>().ok()?, n.parse::<usize>().ok()?)));
    match parsed {
        Some((k, n)) if (1..=n).contains(&k) => Ok((k, n)),
        _ => Err(format!("`{value}` is not K/N with 1 <= K <= N (e.g. 2/4)")),
    }
}

/// One `--format` value: a format, and the file it goes to if not stdout.
#[derive(Clone, Debug)]
struct OutputSpec {
    format: OutputFormat,
    file: Option<PathBuf>,
}

fn parse_output(value: &str) -> Result<OutputSpec, String> {
    let (name, file) = match value.split_once('=') {
        Some((name, "")) => {
            return Err(format!("`{name}=` names no file"));
        }
        Some((name, file)) => (name, Some(PathBuf::from(file))),
        None => (value, None),
    };
    let format = OutputFormat::from_str(name, true).map_err(|_| {
        let names: Vec<String> = OutputFormat::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_string()))
            .collect();
        format!("unknown format `{name}`; one of: {}", names.join(", "))
    })?;
    Ok(OutputSpec { format, file })
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
        Some(Command::Rules { policies }) => {
            load_policies(policies).and_then(|()| print_rules().map(|()| ExitCode::SUCCESS))
        }
        Some(Command::Explain { rule, policies }) => {
            load_policies(policies).and_then(|()| explain(rule))
        }
        Some(Command::TestPolicies { paths }) => test_policies(paths),
        Some(Command::Schema) => {
            print!("{}", custom::model_input::schema());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Init) => init(),
        Some(Command::Completions { shell }) => {
            // clap_complete panics when its writer fails: it writes to memory,
            // and a closed pipe is then an ordinary error.
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Cli::command(), "devops-check", &mut script);
            io::stdout()
                .lock()
                .write_all(&script)
                .map(|()| ExitCode::SUCCESS)
                .map_err(Into::into)
        }
        Some(Command::Man) => clap_mangen::Man::new(Cli::command())
            .render(&mut io::stdout().lock())
            .map(|()| ExitCode::SUCCESS)
            .map_err(Into::into),
        Some(Command::Merge {
            files,
            format,
            output,
        }) => merge(files, *format, output.as_deref()),
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
    let outputs = plan_outputs(&cli.format, cli.output.as_deref())?;
    let mut config = Config::discover(cli.config.as_deref(), &cli.paths, &cli.policies.options())?;
    config.without_code_frames = !outputs.iter().any(|(f, _)| f.reads_source_lines());
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
    let baseline = cli.baseline.as_deref().map(Baseline::read).transpose()?;
    let progress = (!cli.quiet && io::stderr().is_terminal()).then(Progress::terminal);
    let options = devops_check::Options {
        shard: cli.shard,
        progress,
        baseline,
        changed,
        paths: cli.paths.clone(),
        threads: cli.threads.or(config.threads).unwrap_or(0),
        stdin_filename: cli.stdin_filename.clone(),
        config,
    };
    if cli.unsafe_fixes && !(cli.fix || cli.fix_dry_run) {
        bail!("--unsafe-fixes applies with --fix or --fix-dry-run");
    }
    let selection = if cli.unsafe_fixes {
        Selection::SafeAndUnsafe
    } else {
        Selection::Safe
    };
    if cli.fix_dry_run {
        return print_fix_diffs(&options, selection);
    }
    let fixed = if cli.fix {
        Some(apply_fixes(&options, selection)?)
    } else {
        None
    };
    let report = devops_check::check(&options)?;
    for notice in &report.notices {
        eprintln!("devops-check: {notice}");
    }
    if let Some(path) = &cli.write_baseline {
        output::write_atomically(path, Baseline::render(&report.findings).as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "devops-check: recorded {} findings in {}",
            report.findings.len(),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let stdout = io::stdout();
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let render_options = RenderOptions {
        color: false,
        quiet: cli.quiet,
        elapsed: started.elapsed(),
        root: source_root(),
    };
    let mut summary = step_summary(&outputs)?;
    // Files first: a reader that closes stdout early must not cost a report.
    for (format, file) in &outputs {
        if let Some(file) = file {
            let mut bytes = Vec::new();
            render(*format, &report, &render_options, &mut bytes, &mut summary)?;
            output::write_atomically(file, &bytes)
                .with_context(|| format!("cannot write {}", file.display()))?;
        }
    }
    for (format, file) in &outputs {
        if file.is_none() {
            let options = RenderOptions {
                color,
                ..render_options.clone()
            };
            // Standard output writes up to each buffer's last line break
            // and then the rest: two calls per buffer, which with the
            // default 8 KiB was a thousand for a few megabytes of report.
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            render(*format, &report, &options, &mut out, &mut summary)?;
            out.flush()?;
        }
    }
    if cli.statistics {
        // Beside text on stdout; on stderr when stdout carries a machine format.
        let text_on_stdout = outputs
            .iter()
            .any(|(format, file)| file.is_none() && *format == OutputFormat::Text);
        if text_on_stdout {
            report::text::render_statistics(&report, &mut stdout.lock())?;
        } else {
            report::text::render_statistics(&report, &mut io::stderr().lock())?;
        }
    }
    if let Some(fixed) = fixed {
        eprintln!("devops-check: {}", fix_summary(&fixed, &report, selection));
    }
    Ok(if devops_check::has_internal_errors(&report) {
        ExitCode::from(2)
    } else if devops_check::fails(&report, threshold.0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--fix-dry-run`: the diffs on stdout, what they would do on stderr.
fn print_fix_diffs(
    options: &devops_check::Options,
    selection: Selection,
) -> anyhow::Result<ExitCode> {
    let fixed = devops_check::fix(options, selection)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    for file in &fixed {
        let diff = unified_diff(
            &file.display,
            &file.original,
            &file.fix.text,
            &file.fix.secrets,
        );
        out.write_all(diff.as_bytes())?;
    }
    out.flush()?;
    let fixes: usize = fixed.iter().map(|f| f.fix.applied).sum();
    let files = fixed.iter().filter(|f| f.fix.applied > 0).count();
    report_refusals(&fixed);
    eprintln!(
        "devops-check: would fix {} in {}",
        count(fixes, "finding"),
        count(files, "file")
    );
    Ok(if fixes > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--fix`: writes every changed file atomically (a temporary file renamed
/// over it, as reports are written), and says which fixes were refused.
fn apply_fixes(
    options: &devops_check::Options,
    selection: Selection,
) -> anyhow::Result<Vec<devops_check::FixedFile>> {
    let fixed = devops_check::fix(options, selection)?;
    for file in fixed.iter().filter(|f| f.fix.text != f.original) {
        output::write_atomically(&file.path, file.fix.text.as_bytes())
            .with_context(|| format!("cannot write {}", file.path.display()))?;
    }
    report_refusals(&fixed);
    Ok(fixed)
}

fn report_refusals(fixed: &[devops_check::FixedFile]) {
    for file in fixed {
        for refusal in &file.fix.refused {
            eprintln!("devops-check: {}: fix not applied: {refusal}", file.display);
        }
    }
}

/// How many fixes were applied, and what is left: findings whose fix needs
/// `--unsafe-fixes`, whose fix is a skeleton to complete, and the rest.
fn fix_summary(
    fixed: &[devops_check::FixedFile],
    report: &devops_check::Report,
    selection: Selection,
) -> String {
    let applied: usize = fixed.iter().map(|f| f.fix.applied).sum();
    let files = fixed.iter().filter(|f| f.fix.applied > 0).count();
    let with = |applicability: Applicability| {
        report
            .findings
            .iter()
            .filter(|f| {
                f.fix
                    .as_ref()
                    .is_some_and(|x| x.applicability == applicability)
            })
            .count()
    };
    let mut left = Vec::new();
    if selection == Selection::Safe && with(Applicability::Unsafe) > 0 {
        left.push(format!(
            "{} with --unsafe-fixes",
            count(with(Applicability::Unsafe), "fixable")
        ));
    }
    if with(Applicability::DisplayOnly) > 0 {
        left.push(format!(
            "{} with a skeleton to complete by hand",
            with(Applicability::DisplayOnly)
        ));
    }
    let detail = if left.is_empty() {
        String::new()
    } else {
        format!(" ({})", left.join(", "))
    };
    let remaining = report.findings.len();
    format!(
        "fixed {} in {}; {} {}{detail}",
        count(applied, "finding"),
        count(files, "file"),
        count(remaining, "finding"),
        if remaining == 1 { "remains" } else { "remain" },
    )
}

fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Where each report goes: `None` is stdout. At most one report goes to
/// stdout; when none would, text does, so a person still sees the findings.
fn plan_outputs(
    specs: &[OutputSpec],
    output: Option<&Path>,
) -> anyhow::Result<Vec<(OutputFormat, Option<PathBuf>)>> {
    let mut plan: Vec<(OutputFormat, Option<PathBuf>)> = if specs.is_empty() {
        vec![(OutputFormat::Text, None)]
    } else {
        specs.iter().map(|s| (s.format, s.file.clone())).collect()
    };
    let bare = plan.iter().filter(|(_, file)| file.is_none()).count();
    if bare > 1 {
        bail!(
            "only one report can go to standard output; write the others to files \
             with --format FORMAT=FILE"
        );
    }
    if let Some(output) = output {
        match plan.iter_mut().find(|(_, file)| file.is_none()) {
            Some((_, file)) => *file = Some(output.to_path_buf()),
            None => bail!(
                "--output needs a --format without =FILE to write; every format here names its file"
            ),
        }
    }
    let mut files: Vec<&PathBuf> = plan.iter().filter_map(|(_, file)| file.as_ref()).collect();
    files.sort();
    if let Some(pair) = files.windows(2).find(|pair| pair[0] == pair[1]) {
        bail!("two reports would be written to {}", pair[0].display());
    }
    // A person still sees the findings, unless text is the report written.
    let text_written = plan.iter().any(|(format, _)| *format == OutputFormat::Text);
    if plan.iter().all(|(_, file)| file.is_some()) && !text_written {
        plan.push((OutputFormat::Text, None));
    }
    Ok(plan)
}

/// The repository root (the nearest directory up from the working directory
/// that holds `.git`), so that reports can name files relative to it.
fn source_root() -> SourceRoot {
    let Ok(cwd) = std::env::current_dir() else {
        return SourceRoot::default();
    };
    let root = cwd
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&cwd);
    SourceRoot::new(root, &cwd)
}

/// $GITHUB_STEP_SUMMARY, opened for appending, when a GitHub report is asked
/// for and the variable is set (GitHub Actions sets it for every step).
fn step_summary(
    outputs: &[(OutputFormat, Option<PathBuf>)],
) -> anyhow::Result<Option<io::BufWriter<File>>> {
    if !outputs.iter().any(|(f, _)| *f == OutputFormat::Github) {
        return Ok(None);
    }
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return Ok(None);
    };
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| {
            format!(
                "cannot open $GITHUB_STEP_SUMMARY ({})",
                Path::new(&path).display()
            )
        })?;
    Ok(Some(io::BufWriter::new(file)))
}

/// Renders one report; the first GitHub report also fills the step summary.
fn render(
    format: OutputFormat,
    report: &devops_check::Report,
    options: &RenderOptions,
    out: &mut dyn Write,
    summary: &mut Option<io::BufWriter<File>>,
) -> anyhow::Result<()> {
    let mut step_summary = if format == OutputFormat::Github {
        summary.take()
    } else {
        None
    };
    report::render(
        format,
        report,
        options,
        out,
        step_summary.as_mut().map(|w| w as &mut dyn Write),
    )?;
    if let Some(mut writer) = step_summary {
        writer
            .flush()
            .context("cannot write $GITHUB_STEP_SUMMARY")?;
    }
    Ok(())
}

fn merge(
    files: &[PathBuf],
    format: Option<MergeFormat>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let merged = devops_check::merge::merge_files(files, format)?;
    match output {
        Some(path) => output::write_atomically(path, merged.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => io::stdout().lock().write_all(merged.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
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

/// Loads the custom policies the command line and the config of the current
/// directory name, so that their rules are listed and explained.
fn load_policies(policies: &PolicyArgs) -> anyhow::Result<()> {
    Config::discover(None, &[PathBuf::from(".")], &policies.options())?;
    Ok(())
}

fn test_policies(paths: &[PathBuf]) -> anyhow::Result<ExitCode> {
    let outcome = custom::testing::run(paths)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    for test in &outcome.tests {
        let verdict = if test.passed { "PASS" } else { "FAIL" };
        write!(out, "{verdict} {}: {}", test.file, test.name)?;
        match &test.error {
            Some(error) => writeln!(out, " ({error})")?,
            None => writeln!(out)?,
        }
    }
    let failed = outcome.tests.iter().filter(|t| !t.passed).count();
    writeln!(
        out,
        "{} passed, {failed} failed",
        outcome.tests.len() - failed
    )?;
    out.flush()?;
    Ok(if failed == 0 && !outcome.tests.is_empty() {
        ExitCode::SUCCESS
    } else {
        if outcome.tests.is_empty() {
            eprintln!("devops-check: no test_ rule found in the policies given");
        }
        ExitCode::from(1)
    })
}

fn print_rules() -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let rules = catalogue::every();
    let id_width = rules.iter().map(|m| m.id.len()).max().unwrap_or(0);
    let family_width = rules.iter().map(|m| m.family.len()).max().unwrap_or(0);
    writeln!(
        out,
        "{:id_width$}  {:family_width$}  {:8}  {:12}  SUMMARY",
        "ID", "FAMILY", "SEVERITY", "FIX"
    )?;
    for meta in rules {
        writeln!(
            out,
            "{:id_width$}  {:family_width$}  {:8}  {:12}  {}",
            meta.id,
            meta.family,
            meta.severity.as_str(),
            meta.fix.map_or("-", Applicability::as_str),
            meta.summary
        )?;
    }
    out.flush()?;
    Ok(())
}

fn explain(rule: &str) -> anyhow::Result<ExitCode> {
    let Some(meta) = catalogue::get(rule) else {
        let suggestions = catalogue::nearest_ids(rule);
        if suggestions.is_empty() {
            eprintln!("devops-check: unknown rule `{rule}`; `devops-check rules` lists them");
        } else {
            eprintln!(
                "devops-check: unknown rule `{rule}`; did you mean {}? `devops-check rules` \
                 lists them all",
                suggestions
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            );
        }
        return Ok(ExitCode::from(2));
    };
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(out, "{} ({}, {})\n", meta.id, meta.family, meta.severity)?;
    writeln!(out, "{}\n", meta.summary)?;
    writeln!(out, "Why:\n{}\n", indent(&meta.rationale))?;
    writeln!(out, "Fix:\n{}\n", indent(&meta.remediation))?;
    if let Some(applicability) = meta.fix {
        let how = match applicability {
            Applicability::Safe => "--fix applies it",
            Applicability::Unsafe => "--fix --unsafe-fixes applies it; review the change",
            Applicability::DisplayOnly => "shown as a skeleton to complete; never applied",
        };
        writeln!(out, "Automatic fix: {applicability} ({how})\n")?;
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every layout the allocator serves with mimalloc's plain functions
    /// gets its alignment, growing and shrinking too; over-aligned layouts
    /// get theirs from the aligned functions. Sizes cover mimalloc's small,
    /// medium and large blocks and the sizes just off each power of two.
    #[test]
    fn the_allocator_gives_every_layout_its_alignment() {
        let mut sizes: Vec<usize> = (1..=1024).collect();
        for shift in 10..=22 {
            let power = 1usize << shift;
            sizes.extend([
                power - 8,
                power - 1,
                power,
                power + 1,
                power + 8,
                power * 3 / 2,
            ]);
        }
        let misaligned =
            |ptr: *mut u8, align: usize| ptr.is_null() || !(ptr as usize).is_multiple_of(align);
        // Bytes a page apart and the last: enough to see a block's contents
        // kept or zeroed, without reading megabytes in a debug build.
        // SAFETY (for callers): `ptr` holds `len` initialised bytes.
        let sampled = |ptr: *mut u8, len: usize| {
            (0..len)
                .step_by(4096)
                .chain([len - 1])
                .map(move |at| unsafe { ptr.add(at).read() })
        };
        for &size in &sizes {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096]
                .into_iter()
                .filter(|&a| a <= size)
            {
                let layout = Layout::from_size_align(size, align).expect("a valid layout");
                // SAFETY: each block is freed once, with the layout it has
                // (after `realloc`, the new size's).
                unsafe {
                    let ptr = ALLOCATOR.alloc(layout);
                    assert!(
                        !misaligned(ptr, align),
                        "alloc({size}, {align}) gave {ptr:p}"
                    );
                    ALLOCATOR.dealloc(ptr, layout);
                    let zeroed = ALLOCATOR.alloc_zeroed(layout);
                    assert!(!misaligned(zeroed, align), "alloc_zeroed({size}, {align})");
                    assert!(sampled(zeroed, size).all(|b| b == 0), "zeroed");
                    ALLOCATOR.dealloc(zeroed, layout);
                    for new_size in [size * 2 + 24, size.div_ceil(2).max(align)] {
                        let ptr = ALLOCATOR.alloc(layout);
                        ptr.write_bytes(0xa5, size);
                        let moved = ALLOCATOR.realloc(ptr, layout, new_size);
                        assert!(
                            !misaligned(moved, align),
                            "realloc({size} -> {new_size}, {align}) gave {moved:p}"
                        );
                        assert!(
                            sampled(moved, size.min(new_size)).all(|b| b == 0xa5),
                            "realloc kept the bytes"
                        );
                        let resized = Layout::from_size_align(new_size, align).expect("valid");
                        ALLOCATOR.dealloc(moved, resized);
                    }
                }
            }
        }
    }

    fn specs(values: &[&str]) -> Vec<OutputSpec> {
        values
            .iter()
            .map(|v| parse_output(v).expect("a valid --format value"))
            .collect()
    }

    fn plan(
        values: &[&str],
        output: Option<&str>,
    ) -> Result<Vec<(OutputFormat, Option<PathBuf>)>, String> {
        plan_outputs(&specs(values), output.map(Path::new)).map_err(|e| e.to_string())
    }

    #[test]
    fn text_goes_to_the_terminal_unless_another_format_does() {
        assert_eq!(plan(&[], None), Ok(vec![(OutputFormat::Text, None)]));
        assert_eq!(plan(&["json"], None), Ok(vec![(OutputFormat::Json, None)]));
        assert_eq!(
            plan(&["sarif=a.sarif"], None),
            Ok(vec![
                (OutputFormat::Sarif, Some(PathBuf::from("a.sarif"))),
                (OutputFormat::Text, None)
            ])
        );
        assert_eq!(
            plan(&["sarif"], Some("a.sarif")),
            Ok(vec![
                (OutputFormat::Sarif, Some(PathBuf::from("a.sarif"))),
                (OutputFormat::Text, None)
            ])
        );
        assert_eq!(
            plan(&[], Some("out.txt")),
            Ok(vec![(OutputFormat::Text, Some(PathBuf::from("out.txt")))]),
            "text written to a file is not printed again"
        );
        assert_eq!(
            plan(&["text=a.txt", "sarif=a.sarif"], None),
            Ok(vec![
                (OutputFormat::Text, Some(PathBuf::from("a.txt"))),
                (OutputFormat::Sarif, Some(PathBuf::from("a.sarif")))
            ])
        );
        assert_eq!(
            plan(&["text", "junit=j.xml=1"], None),
            Ok(vec![
                (OutputFormat::Text, None),
                (OutputFormat::Junit, Some(PathBuf::from("j.xml=1")))
            ])
        );
    }

    #[test]
    fn ambiguous_destinations_are_refused() {
        assert!(plan(&["json", "sarif"], None).is_err());
        assert!(plan(&["json", "sarif"], Some("x")).is_err());
        assert!(plan(&["sarif=x", "junit=x"], None).is_err());
        assert!(plan(&["sarif=x"], Some("y")).is_err());
        assert!(plan(&["sarif=x"], Some("x")).is_err());
        assert!(parse_output("xml").is_err());
        assert!(parse_output("sarif=").is_err());
        assert!(parse_output("SARIF").is_ok());
    }
}
