//! devops-check: a policy checker for Dockerfiles, Docker Compose files,
//! GitHub Actions workflows, GitLab CI pipelines, Terraform, CloudFormation
//! templates and Kubernetes manifests.
//!
//! The pipeline: discover → read → parse and lower (per file, in parallel) →
//! check → locate → sort. See `DESIGN.md` in the shared folder.
//!
//! Files are checked one at a time and their models dropped, so memory is
//! bounded by the largest file, not by the tree. Where one file's meaning
//! depends on another (a LimitRange's defaults for a namespace, a Terraform
//! variable default declared in a sibling file), each file's check leaves
//! small facts beside its findings; once all are merged in path order, the
//! few files those facts concern are checked again with them (`facts.rs`).

pub mod baseline;
pub mod catalogue;
pub mod config;
pub mod custom;
pub mod diff;
pub mod discover;
pub mod facts;
pub mod finding;
pub mod findings;
pub mod fix;
pub mod formats;
#[doc(hidden)]
pub mod fuzzing;
pub mod memo;
pub mod merge;
pub mod model;
pub mod output;
pub mod progress;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;

use std::io::Read;
use std::path::PathBuf;

use rayon::prelude::*;
use rules::Rule;

use facts::{Exchange, Facts, FirstPass};
use finding::{Finding, Severity, Text};
use findings::Collector;
use model::{FileModel, Problem, ProblemKind};
use rules::job_ordering::analysis::FileAnalyses;
use rules::job_ordering::roles::reusable_workflow_roles;
use source::{Format, SourceFile, Span};

/// How many files a run checks again at a time with the facts of all
/// (see [`check`]): many, so that the wait for each batch's last file costs
/// little; few, so that a batch's facts are dropped early.
const RECHECK_BATCH: usize = 512;

/// How many files the first check takes at a time (see [`check`]).
const FIRST_CHECK_PART: usize = 4096;

/// Files larger than this are named in a note instead of being parsed.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub paths: Vec<PathBuf>,
    /// Worker threads; 0 lets rayon choose (one per core).
    pub threads: usize,
    pub config: config::Config,
    /// Check only this part of the files: `(k, n)` is part k of n (1-based).
    pub shard: Option<(usize, usize)>,
    /// Shown while files are checked (a terminal only).
    pub progress: Option<progress::Progress>,
    /// Hide the findings recorded here (accepted for now).
    pub baseline: Option<baseline::Baseline>,
    /// Report only findings on these lines (diff-only mode for review bots).
    pub changed: Option<diff::ChangedLines>,
    /// The name standard input (path `-`) is reported under; its format
    /// comes from it. Without one, stdin is read as Kubernetes manifests,
    /// the output of `helm template` and `kustomize build`.
    pub stdin_filename: Option<String>,
}

/// The path that means standard input.
pub const STDIN: &str = "-";

/// The outcome of a run.
#[derive(Debug, Default)]
pub struct Report {
    /// Files parsed as one of the supported formats.
    pub files_scanned: usize,
    /// Sorted by path, line, column, rule.
    pub findings: findings::Findings,
    /// Findings hidden because the baseline records them.
    pub baselined: usize,
    /// Files found but not checked: they did not parse, or were not read
    /// (binary, too large, unreadable). Their findings say why.
    pub files_unchecked: usize,
    /// What the person running the check must know although no finding
    /// says it, such as that nothing was read at all (for standard error).
    pub notices: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Discover(#[from] discover::Error),
    #[error(transparent)]
    Diff(#[from] diff::Error),
    #[error(transparent)]
    Baseline(#[from] baseline::Error),
    #[error("{path}: {message}")]
    Unreadable { path: String, message: String },
    #[error("could not start worker threads: {0}")]
    Threads(String),
}

/// What checking one file gave.
#[derive(Debug, Default)]
pub struct FileOutcome {
    pub scanned: bool,
    pub findings: Vec<Finding>,
    /// What the file tells the others, and what it would take from them.
    pub exchange: Exchange,
    /// Its rules wait for the other files' facts (in a run's first pass, a
    /// GitLab file that [`FirstPass::waits`] for its pipeline): it has no
    /// findings yet.
    pub deferred: bool,
}

/// What a check knows of the other files of the run.
#[derive(Clone, Copy)]
enum Others<'f> {
    /// Only their paths: the run's first pass. A GitLab file that
    /// [`FirstPass::waits`] for its pipeline is only read for what it
    /// offers: its rules would run twice.
    NotYet(&'f FirstPass),
    Known(&'f Facts),
}

/// One file's outcome as a run keeps it until every file is checked: its
/// findings go to the run's ([`Collector`]), its exchange is kept only when
/// it says something, and with it the file's candidate, for the file may
/// be checked again. A file that says nothing keeps neither: most files of
/// a large tree, whose paths were the largest part of a run's memory.
struct Kept {
    scanned: bool,
    /// It gave findings (a file not scanned that gave some is unchecked).
    reported: bool,
    /// Its rules are yet to run.
    deferred: bool,
    exchange: Option<Box<(discover::Candidate, Exchange)>>,
}

impl Kept {
    /// Hands the findings of the file at `file` in report order to the
    /// run, and keeps the rest with its `candidate`. A file checked again
    /// gives none: the facts are merged, so what it offers again is read by
    /// no one.
    fn of(
        outcome: FileOutcome,
        candidate: Option<discover::Candidate>,
        file: usize,
        run: &Collector,
    ) -> Kept {
        let reported = !outcome.findings.is_empty();
        run.add(file, outcome.findings);
        let exchange = outcome.exchange;
        Kept {
            scanned: outcome.scanned,
            reported,
            deferred: outcome.deferred,
            exchange: candidate
                .filter(|_| !exchange.says_nothing())
                .map(|candidate| Box::new((candidate, exchange))),
        }
    }

    /// Whether the file is checked again: the facts concern it, or its
    /// rules waited for them.
    fn checked_again(&self, facts: &Facts) -> bool {
        self.deferred || self.concerns(facts)
    }

    fn concerns(&self, facts: &Facts) -> bool {
        self.exchange
            .as_deref()
            .is_some_and(|(_, exchange)| facts.concern(exchange))
    }
}

/// Checks every file under `options.paths`.
pub fn check(options: &Options) -> Result<Report, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    pool.install(|| {
        let (stdin, paths): (Vec<PathBuf>, Vec<PathBuf>) = options
            .paths
            .iter()
            .cloned()
            .partition(|p| p.as_os_str() == STDIN);
        let (discovered, found) = discover_files(options, &paths, pool.current_num_threads())?;
        let explicit = named_paths(options);
        let config = &options.config;
        let progress = options.progress.as_ref();
        if let Some(progress) = progress {
            progress.start(discovered.candidates.len());
        }
        let named = |candidate: &discover::Candidate| explicit.contains(&candidate.display);
        let first_pass = FirstPass::new(discovered.candidates.iter().map(|c| &*c.display));
        let run = Collector::default();
        let files = discovered.candidates.len();
        let mut outcomes: Vec<Kept> = Vec::with_capacity(files);
        // In parts, each list freed when its files are checked: the list of
        // every candidate was a sixteenth of a large tree's peak.
        let mut candidates = discovered.candidates.into_iter();
        let parts = std::iter::from_fn(|| {
            let part: Vec<discover::Candidate> =
                candidates.by_ref().take(FIRST_CHECK_PART).collect();
            (!part.is_empty()).then_some(part)
        })
        .collect::<Vec<_>>();
        drop(candidates);
        for part in parts {
            let start = outcomes.len();
            let checked: Vec<Kept> = part
                .into_par_iter()
                .enumerate()
                .map(|(offset, mut candidate)| {
                    candidate.copy_path_here();
                    let by_name = named(&candidate);
                    let outcome =
                        read_and_check(&candidate, by_name, config, Others::NotYet(&first_pass));
                    if let Some(progress) = progress {
                        progress.advance();
                    }
                    outcome.map(|o| Kept::of(o, Some(candidate), start + offset, &run))
                })
                .collect::<Result<_, _>>()?;
            outcomes.extend(checked);
        }
        if let Some(progress) = progress {
            progress.finish();
        }
        let mut facts = Facts::merge(
            outcomes
                .iter_mut()
                .filter_map(|o| o.exchange.as_deref_mut().map(|(_, exchange)| exchange)),
        );
        if !facts.is_empty() || outcomes.iter().any(|o| o.deferred) {
            let concerned: Vec<bool> = outcomes.iter().map(|o| o.checked_again(&facts)).collect();
            run.forget(&concerned);
            // The facts hold what the rechecks need: the exchanges are done
            // with, and their memory goes to the files checked again.
            let again: Vec<(usize, discover::Candidate)> = outcomes
                .iter_mut()
                .enumerate()
                .filter_map(|(i, outcome)| {
                    let (candidate, _) = *outcome.exchange.take()?;
                    concerned[i].then_some((i, candidate))
                })
                .collect();
            // Standard input, checked last, may be named as a file is.
            let stdin_name = (!stdin.is_empty()).then_some(options.stdin_filename.as_deref());
            // In batches, so that what the facts hold for a batch's files
            // alone goes when the batch is done, not at the end of the run.
            for batch in again.chunks(RECHECK_BATCH) {
                let rechecked: Vec<(usize, &discover::Candidate, Kept)> = batch
                    .par_iter()
                    .map(|(i, candidate)| {
                        read_and_check(candidate, named(candidate), config, Others::Known(&facts))
                            .map(|o| (*i, candidate, Kept::of(o, None, *i, &run)))
                    })
                    .collect::<Result<_, _>>()?;
                for (i, candidate, outcome) in rechecked {
                    let display = &*candidate.display;
                    if stdin_name != Some(Some(display)) {
                        facts.done_with(display);
                    }
                    outcomes[i] = outcome;
                }
            }
        }
        let mut report = Report {
            files_unchecked: discovered.issues.len(),
            ..Report::default()
        };
        for outcome in &outcomes {
            report.count(outcome.scanned, outcome.reported);
        }
        // A shard of a tree may hold nothing; the tree as a whole is what counts.
        let shard_of_something = options.shard.is_some() && found > 0;
        if !paths.is_empty() && !shard_of_something && report.files_scanned == 0 && run.is_empty() {
            let paths: Vec<String> = paths.iter().map(|p| discover::display(p)).collect();
            report.notices.push(nothing_found(&paths.join(", "), found));
        }
        if !stdin.is_empty() {
            let name = options.stdin_filename.as_deref();
            let outcome = check_stdin(name, config, &facts)?;
            if !outcome.scanned && outcome.findings.is_empty() {
                report.notices.push(stdin_not_checked(name));
            }
            report.count(outcome.scanned, !outcome.findings.is_empty());
            run.add(files, outcome.findings);
        }
        // After the files and standard input, as they were found.
        for (i, issue) in discovered.issues.into_iter().enumerate() {
            let file = SourceFile::new(issue.display, Format::Dockerfile, String::new());
            let findings = skipped(&file, issue.message, config).findings;
            run.add(files + 1 + i, findings);
        }
        report.findings = run.into_findings();
        if let Some(changed) = &options.changed {
            report
                .findings
                .retain(|f| changed.touches(&f.path, f.start.line, f.end.line));
        }
        report.findings.finish();
        if let Some(baseline) = &options.baseline {
            let before = report.findings.len();
            report.findings.retain(|f| !baseline.contains(f));
            report.baselined = before - report.findings.len();
        }
        Ok(report)
    })
}

/// The paths the user named, as candidates report them.
fn named_paths(options: &Options) -> Vec<Text> {
    options
        .paths
        .iter()
        .map(|p| Text::from(discover::display(p)))
        .collect()
}

/// The files of `paths` to check: discovered, minus configured excludes
/// (unless named), minus other shards' files and walk issues; with how many
/// were found before sharding.
fn discover_files(
    options: &Options,
    paths: &[PathBuf],
    threads: usize,
) -> Result<(discover::Discovered, usize), Error> {
    let mut discovered = discover::discover(paths, threads)?;
    let explicit = named_paths(options);
    discovered
        .candidates
        .retain(|c| explicit.contains(&c.display) || !options.config.excludes(c.path()));
    let found = discovered.candidates.len();
    if let Some((part, parts)) = options.shard {
        discovered
            .candidates
            .retain(|c| shard_of(&c.display, parts) == part);
        // Each shard reports its own walk issues, so merged shards list
        // each once.
        discovered
            .issues
            .retain(|issue| shard_of(&issue.display, parts) == part);
    }
    Ok((discovered, found))
}

/// A file `--fix` changed, or would change.
#[derive(Debug)]
pub struct FixedFile {
    /// Where it is written.
    pub path: PathBuf,
    /// How reports name it.
    pub display: String,
    pub original: String,
    pub fix: fix::FileFix,
}

/// Computes the fixes of every file under `options.paths` (standard input
/// is never fixed: there is nothing to write back). Nothing is written:
/// the caller writes the files or prints their diffs. Files that cannot be
/// read are left to [`check`], which reports them.
pub fn fix(options: &Options, selection: fix::Selection) -> Result<Vec<FixedFile>, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads)
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    pool.install(|| {
        let paths: Vec<PathBuf> = options
            .paths
            .iter()
            .filter(|p| p.as_os_str() != STDIN)
            .cloned()
            .collect();
        let (discovered, _) = discover_files(options, &paths, pool.current_num_threads())?;
        let read = |candidate: &discover::Candidate| {
            let text = decode(read_bounded(candidate.path()).ok()??).ok()?;
            let format = formats::sniff(candidate.format, &candidate.display, &text);
            Some(SourceFile::new(candidate.display.to_string(), format, text))
        };
        // What the files tell each other, as a check learns it: each file is
        // fixed and checked again as the report judges it (a GitLab file
        // with the files it includes).
        let first_pass = FirstPass::new(discovered.candidates.iter().map(|c| &*c.display));
        let mut exchanges: Vec<Exchange> = discovered
            .candidates
            .par_iter()
            .filter_map(|candidate| {
                read_and_check(
                    candidate,
                    false,
                    &options.config,
                    Others::NotYet(&first_pass),
                )
                .ok()
                .map(|outcome| outcome.exchange)
            })
            .collect();
        let facts = Facts::merge(exchanges.iter_mut());
        drop(exchanges);
        let mut fixed: Vec<FixedFile> = discovered
            .candidates
            .par_iter()
            .filter_map(|candidate| {
                let file = read(candidate)?;
                let outcome = fix::fix_file(&file, &options.config, &facts, selection);
                (outcome.applied > 0 || !outcome.refused.is_empty()).then(|| FixedFile {
                    path: candidate.path().to_path_buf(),
                    display: candidate.display.to_string(),
                    original: file.text,
                    fix: outcome,
                })
            })
            .collect();
        fixed.sort_by(|a, b| a.display.cmp(&b.display));
        Ok(fixed)
    })
}

impl Report {
    /// Counts a file as scanned, or as unchecked when it was not and says
    /// why in its findings.
    fn count(&mut self, scanned: bool, reported: bool) {
        self.files_scanned += usize::from(scanned);
        self.files_unchecked += usize::from(!scanned && reported);
    }
}

/// The formats devops-check reads, for messages that say what it looked for.
const FORMATS_READ: &str = "Dockerfile, GitHub Actions workflow, GitLab CI file, Terraform \
     file, Kubernetes manifest, Compose file or CloudFormation template";

/// What makes a YAML or JSON file that is not named as a workflow, a GitLab
/// CI file or a Compose file one that is read.
const YAML_READ: &str = "a YAML or JSON file not named as a workflow or a pipeline must hold \
     Kubernetes objects, a Compose file's `services:` or a CloudFormation template";

/// What standard input without a name that says its format is recognised
/// as, by its content.
const CONTENT_READ: &str =
    "Dockerfile, Kubernetes manifest, Compose file, GitLab CI file or CloudFormation template";

/// Why a run over `paths` checked nothing, when it found `found` candidates.
fn nothing_found(paths: &str, found: usize) -> String {
    match found {
        0 => format!("nothing to check in {paths}: no {FORMATS_READ} was found there"),
        1 => format!(
            "nothing was checked in {paths}: 1 file was found there, but it is no \
             {FORMATS_READ} ({YAML_READ})"
        ),
        n => format!(
            "nothing was checked in {paths}: {n} files were found there, but none is a \
             {FORMATS_READ} ({YAML_READ})"
        ),
    }
}

/// Why standard input gave nothing, given the name it was to be reported under.
fn stdin_not_checked(name: Option<&str>) -> String {
    match name {
        None => format!(
            "standard input was not checked: it holds no {CONTENT_READ}; name its format with \
             --stdin-filename (e.g. `main.tf`, `.github/workflows/ci.yml`)"
        ),
        Some(name) if discover::classify(std::path::Path::new(name)).is_none() => format!(
            "standard input was not checked: --stdin-filename `{name}` names no format \
             devops-check reads, and the text holds no {CONTENT_READ}; give a name such as \
             `Dockerfile`, `main.tf`, `.github/workflows/ci.yml` or `deploy.yaml`"
        ),
        Some(name) => {
            format!("standard input (`{name}`) holds no {FORMATS_READ}; nothing was checked")
        }
    }
}

/// Reads one discovered file within the bounds, then checks it. An unreadable
/// file the user named is an error; one found by the walk is a note.
fn read_and_check(
    candidate: &discover::Candidate,
    named: bool,
    config: &config::Config,
    others: Others<'_>,
) -> Result<FileOutcome, Error> {
    let placeholder = || SourceFile::new(candidate.display.to_string(), candidate.format, "");
    let bytes = match read_bounded(candidate.path()) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Ok(skipped(
                &placeholder(),
                format!("larger than {} MiB; not read", MAX_FILE_BYTES >> 20),
                config,
            ));
        }
        Err(error) if named => {
            return Err(Error::Unreadable {
                path: candidate.display.to_string(),
                message: error.to_string(),
            });
        }
        Err(error) => {
            return Ok(skipped(
                &placeholder(),
                format!("not read: {error}"),
                config,
            ));
        }
    };
    match decode(bytes) {
        Ok(text) => {
            let file = SourceFile::new(
                candidate.display.to_string(),
                formats::sniff(candidate.format, &candidate.display, &text),
                text,
            );
            let mut outcome = check_with(file, config, others);
            outcome.exchange.found_as(candidate);
            // A run keeps both the candidate and its findings to the end:
            // one copy of the path serves them all.
            for finding in &mut outcome.findings {
                if finding.path == candidate.display {
                    finding.path = candidate.display.clone();
                }
            }
            Ok(outcome)
        }
        Err(reason) => Ok(skipped(&placeholder(), reason, config)),
    }
}

/// Checks standard input, reported under `name` (default `-`), with the
/// facts of the files scanned beside it (it offers none: it is read once).
/// Its format comes from `name`; without a name that says one, a Dockerfile
/// is recognised by its first instruction, and anything else is read as
/// YAML or JSON files are: Kubernetes manifests (the output of `helm
/// template`), a CloudFormation template, a Compose file or a GitLab CI file,
/// whichever its content shows.
fn check_stdin(
    name: Option<&str>,
    config: &config::Config,
    facts: &Facts,
) -> Result<FileOutcome, Error> {
    let display = name.unwrap_or(STDIN).to_string();
    let named_format = name.and_then(|n| discover::classify(std::path::Path::new(n)));
    let placeholder = || {
        let format = named_format.unwrap_or(Format::Kubernetes);
        SourceFile::new(display.clone(), format, "")
    };
    let bytes = match read_limited(std::io::stdin().lock()) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Ok(skipped(
                &placeholder(),
                format!(
                    "standard input is larger than {} MiB; not read",
                    MAX_FILE_BYTES >> 20
                ),
                config,
            ));
        }
        Err(error) => {
            return Err(Error::Unreadable {
                path: display,
                message: error.to_string(),
            });
        }
    };
    Ok(match decode(bytes) {
        Ok(text) => {
            let format = named_format.unwrap_or(if looks_like_dockerfile(&text) {
                Format::Dockerfile
            } else {
                Format::Kubernetes
            });
            let format = formats::sniff(format, &display, &text);
            check_with(
                SourceFile::new(display, format, text),
                config,
                Others::Known(facts),
            )
        }
        Err(reason) => skipped(&placeholder(), reason, config),
    })
}

/// Whether a text is a Dockerfile: a `# syntax=` parser directive first, or
/// a first instruction (after comments and blank lines) of `FROM` or `ARG`,
/// the only ones a Dockerfile may begin with.
pub fn looks_like_dockerfile(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|line| !line.is_empty());
    let Some(first) = lines.clone().next() else {
        return false;
    };
    let directive = first
        .strip_prefix('#')
        .and_then(|rest| rest.trim_start().split_once('='))
        .is_some_and(|(key, _)| key.trim().eq_ignore_ascii_case("syntax"));
    if directive {
        return true;
    }
    lines
        .find(|line| !line.starts_with('#'))
        .is_some_and(|line| {
            let mut words = line.split_whitespace();
            let instruction = words.next().unwrap_or_default();
            (instruction.eq_ignore_ascii_case("FROM") || instruction.eq_ignore_ascii_case("ARG"))
                && words.next().is_some()
        })
}

/// Reads at most [`MAX_FILE_BYTES`]; `None` when the file is larger. A
/// file is read as large as its metadata says it is: one read fills the
/// buffer and no second one is needed to see the end (a system call per
/// file, most of a small file's cost after opening it). A file that grows
/// meanwhile is read as it was when measured; one whose metadata says
/// nothing (empty, or a pipe, or a file of `/proc`) is read to its end.
fn read_bounded(path: &std::path::Path) -> std::io::Result<Option<Vec<u8>>> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > MAX_FILE_BYTES {
        return Ok(None);
    }
    if size == 0 {
        return read_limited(file);
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(size).read_to_end(&mut bytes)?;
    Ok(Some(bytes))
}

/// Reads at most [`MAX_FILE_BYTES`] of a reader whose size is not known.
fn read_limited(reader: impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes))
}

/// Text from bytes, or why the file is not text we read.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err("encoded as UTF-16; save it as UTF-8 to have it checked".into());
    }
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes); not checked".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "not valid UTF-8 (at byte {}); save it as UTF-8 to have it checked",
            e.utf8_error().valid_up_to()
        )
    })
}

/// A note that a file was not read.
fn skipped(file: &SourceFile, reason: String, config: &config::Config) -> FileOutcome {
    let model = FileModel {
        problems: vec![Problem {
            kind: ProblemKind::Skipped,
            span: Span::at(0),
            message: reason,
        }],
        ..FileModel::default()
    };
    FileOutcome {
        scanned: false,
        findings: run_rules(
            file,
            &formats::Syntax::of(&file.text),
            &model,
            config,
            &Facts::default(),
        ),
        exchange: Exchange::default(),
        deferred: false,
    }
}

/// Parses, lowers and checks one file held in memory, with no configuration.
pub fn check_source(file: SourceFile) -> FileOutcome {
    check_source_with(file, &config::Config::default())
}

/// Parses, lowers and checks one file held in memory.
pub fn check_source_with(file: SourceFile, config: &config::Config) -> FileOutcome {
    check_known(file, config, &Facts::default())
}

/// Parses, lowers and checks one file with what the others told.
pub(crate) fn check_known(file: SourceFile, config: &config::Config, facts: &Facts) -> FileOutcome {
    check_with(file, config, Others::Known(facts))
}

/// Parses, lowers and checks one file with what the other files tell.
fn check_with(file: SourceFile, config: &config::Config, others: Others<'_>) -> FileOutcome {
    let no_facts = Facts::default();
    let (facts, first_pass) = match others {
        Others::NotYet(first_pass) => (&no_facts, Some(first_pass)),
        Others::Known(facts) => (facts, None),
    };
    let syntax = formats::Syntax::of(&file.text);
    let loaded = guarded(|| formats::load_parsed(&file, facts, &syntax, first_pass));
    let loaded = loaded.unwrap_or_else(|panic| {
        Some(FileModel {
            problems: vec![internal_error(format!(
                "the {} parser crashed on this file ({panic}); nothing in it was checked. \
                 Please report this as a bug",
                file.format.name()
            ))],
            ..FileModel::default()
        })
    });
    match loaded {
        None => FileOutcome::default(),
        Some(model) => {
            let parsed = !model.problems.iter().any(|p| {
                matches!(
                    p.kind,
                    ProblemKind::Syntax
                        | ProblemKind::UnrenderedTemplate
                        | ProblemKind::InternalError
                )
            });
            let mut exchange = Exchange::of(&file.path, &model);
            exchange.offer_workflow_roles(reusable_workflow_roles(&model, config));
            if file.format == Format::GitlabCi {
                exchange.offer_gitlab(&model);
            }
            let deferred = file.format == Format::GitlabCi
                && first_pass.is_some_and(|first_pass| first_pass.waits(&file.path, &model));
            FileOutcome {
                scanned: parsed,
                findings: if deferred {
                    Vec::new()
                } else {
                    run_rules(&file, &syntax, &model, config, facts)
                },
                exchange,
                deferred,
            }
        }
    }
}

/// Runs every enabled rule, applies configuration and inline suppressions,
/// and reports the suppressions that did nothing. Custom policies read the
/// file's documents from what its adapter parsed (`syntax`).
fn run_rules(
    file: &SourceFile,
    syntax: &formats::Syntax,
    model: &FileModel,
    config: &config::Config,
    facts: &Facts,
) -> Vec<Finding> {
    let mut crashes = Vec::new();
    let analyses = FileAnalyses::new(model);
    let mut findings: Vec<Finding> = rules::registry::with_briefs()
        .iter()
        .filter(|(rule, _)| config.enabled(rule.id()))
        .flat_map(|&(rule, meta)| {
            run_guarded(rule, meta, file, model, config, facts, &analyses).unwrap_or_else(
                |problem| {
                    crashes.push(problem);
                    Vec::new()
                },
            )
        })
        .collect();
    if let Some(policies) = &config.custom_policies {
        let (custom, failures) = policies.check(file, syntax, model);
        findings.extend(custom.into_iter().filter(|f| config.enabled(f.rule)));
        crashes.extend(failures);
    }
    if !crashes.is_empty() {
        let crashes = FileModel {
            problems: crashes,
            ..FileModel::default()
        };
        findings.extend(rules::run(
            &rules::problems::INTERNAL_ERROR,
            file,
            &crashes,
            config,
            facts,
        ));
    }
    findings.retain(|finding| file.reports(finding.span));
    rules::drop_subsumed(&mut findings);
    let path = std::path::Path::new(&file.path);
    // A secret resolved from a reference is allowed (or not) by its value,
    // which is not at the reference.
    let secret_text = |span: Span| {
        model
            .resolution_at(span)
            .map_or_else(|| file.slice(span), |r| r.value.as_str())
    };
    findings.retain(|finding| {
        !config.ignores(path, finding.rule)
            && !finding
                .secret
                .is_some_and(|span| config.allows_secret(path, secret_text(span)))
    });
    let unused = suppress::apply(file, &model.exemptions, &mut findings, &config.suppressions);
    if !unused.is_empty() && config.enabled(rules::problems::UNUSED_SUPPRESSION.id()) {
        let unused = FileModel {
            problems: unused,
            ..FileModel::default()
        };
        findings.extend(rules::run(
            &rules::problems::UNUSED_SUPPRESSION,
            file,
            &unused,
            config,
            facts,
        ));
    }
    for finding in &mut findings {
        // A reference to a secret is no secret: mask the value where it is
        // written if that is in this file (and so wherever else it stands).
        if let Some(resolved) = finding.secret.and_then(|span| model.resolution_at(span)) {
            finding.secret = resolved.declared_at;
        }
    }
    let secrets: Vec<Span> = findings.iter().filter_map(|f| f.secret).collect();
    // Each secret long enough to mask in messages, and whether it could be
    // a name, judged once for all the file's findings.
    let maskable: Vec<(Span, &str, bool)> = secrets
        .iter()
        .map(|&secret| (secret, file.slice(secret)))
        .filter(|(_, value)| value.chars().count() >= MIN_MASKED_IN_TEXT)
        .map(|(secret, value)| (secret, value, could_be_a_name(value)))
        .collect();
    let reported = Text::from(file.path.as_str());
    for finding in &mut findings {
        if let Some(&severity) = config.severity.get(finding.rule) {
            finding.severity = severity;
        }
        locate(
            file,
            &reported,
            finding,
            &secrets,
            !config.without_code_frames,
        );
        // Messages quote source text (a parse error quotes the token it
        // stopped at, an object is named by a key): never a secret's value.
        // A secret that could be an ordinary name is masked only in another
        // rule's finding on it (a parse error quoting it): elsewhere the
        // same word names something else (a container `postgres` beside the
        // password `postgres`), and a secret's own finding quotes it redacted.
        let mut values: Vec<&str> = maskable
            .iter()
            .filter(|(secret, _, name)| {
                !name || (finding.secret.is_none() && secret.overlaps(finding.span))
            })
            .map(|&(_, value, _)| value)
            .collect();
        values.sort_unstable();
        values.dedup();
        for value in values {
            mask_in(&mut finding.message, value);
            if let Some(object) = &mut finding.object {
                mask_in(object, value);
            }
        }
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings
}

/// Secret values shorter than this are not masked inside messages, where
/// they would match ordinary words; code frames mask them at any length.
const MIN_MASKED_IN_TEXT: usize = 6;

/// Whether a secret's text could also be an ordinary name in the file
/// (`postgres`, `admin`, `change-me`): letters and separators, no digit or
/// symbol. Such a value is masked where it was found, not wherever it
/// stands; a random-looking one is the same secret wherever it stands.
pub(crate) fn could_be_a_name(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '_' | '.'))
}

fn mask_in(text: &mut Text, value: &str) {
    if text.contains(value) {
        *text = text.replace(value, &finding::redact(value)).into();
    }
}

/// Runs a rule, turning a panic (a bug) into a problem that names the rule,
/// so that one rule's crash on one file never hides the other findings.
fn run_guarded(
    rule: &dyn Rule,
    meta: catalogue::Brief,
    file: &SourceFile,
    model: &FileModel,
    config: &config::Config,
    facts: &Facts,
    analyses: &FileAnalyses,
) -> Result<Vec<Finding>, Problem> {
    guarded(|| rules::run_sharing(rule, meta, file, model, config, facts, analyses)).map_err(
        |panic| {
            internal_error(format!(
                "rule `{}` crashed on this file ({panic}); its findings here are missing. \
             Please report this as a bug",
                rule.id()
            ))
        },
    )
}

fn guarded<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".into())
    })
}

fn internal_error(message: String) -> Problem {
    Problem {
        kind: ProblemKind::InternalError,
        span: Span::at(0),
        message,
    }
}

/// Whether the run met a bug (exit code 2: the report is incomplete).
pub fn has_internal_errors(report: &Report) -> bool {
    report
        .findings
        .rules_and_severities()
        .any(|(rule, _)| rule == rules::problems::INTERNAL_ERROR.id())
}

/// Fills in the path (`reported`: the file's, shared by its findings),
/// positions, the identity that fingerprints derive from and, with
/// `frames`, the code frame (redacted source lines) and fix previews.
pub(crate) fn locate(
    file: &SourceFile,
    reported: &Text,
    finding: &mut Finding,
    secrets: &[Span],
    frames: bool,
) {
    let start = file.clamp(finding.span.start);
    let end = file.clamp(finding.span.end.max(start));
    finding.span = Span::new(start, end);
    finding.path = reported.clone();
    finding.start = file.position(start);
    finding.end = file.position(end);
    let first = file.line_index(start);
    let last = file.line_index(end).max(first);
    // The lines shown, which also identify a finding without a place.
    let lines: Vec<String> = if frames || !finding.has_place() {
        (first..=last.min(first + 5))
            .map(|line| redact_line(file, file.line_span(line), secrets))
            .collect()
    } else {
        Vec::new()
    };
    if frames {
        // Masks before the span on its line shorten what the frame shows.
        let column = redact_until(file, file.line_span(first), secrets, start)
            .chars()
            .count();
        finding.frame = Some(Box::new(finding::Frame::new(
            &lines,
            column,
            finding.start,
            finding.end,
            finding.secret.is_some(),
        )));
    }
    if let Some(fix) = &mut finding.fix {
        for edit in &mut fix.edits {
            let (start, end) = (edit.span.start, edit.span.end.max(edit.span.start));
            edit.start = file.position(start);
            edit.end = file.position(end);
            let byte_column = |offset: usize| {
                let offset = file.clamp(offset);
                offset - file.line_span(file.line_index(offset)).start + 1
            };
            edit.start_byte_column = byte_column(start);
            edit.end_byte_column = byte_column(end);
        }
        if frames {
            fix.preview = fix_preview(file, fix, secrets);
        }
    }
    finding.identity = identity(finding, &lines);
}

/// The hash of rule, path and logical place that a finding's fingerprint
/// derives from. Without a logical place, the normalised text of the
/// flagged lines identifies the finding independently of line numbers. The
/// place is dropped once folded in: no output shows it.
fn identity(finding: &mut Finding, lines: &[String]) -> u64 {
    let anchor = finding.take_place().unwrap_or_else(|| {
        lines
            .iter()
            .flat_map(|l| l.split_whitespace())
            .collect::<Vec<_>>()
            .join(" ")
    });
    fnv1a([finding.rule, finding.path.as_str(), anchor.as_str()])
}

/// The lines a fix changes, before (`-`) and after (`+`), with every secret
/// the file holds masked on both sides.
fn fix_preview(file: &SourceFile, fix: &finding::Fix, secrets: &[Span]) -> Vec<String> {
    let Some(extent) = fix.extent() else {
        return Vec::new();
    };
    let first = file.line_index(extent.start);
    let last = file.line_index(extent.end).max(first);
    let lines = Span::new(file.line_span(first).start, file.line_span(last).end);
    // Edits outside the file are dropped by `apply_edits`, as when applying.
    let edits: Vec<finding::Edit> = fix
        .edits
        .iter()
        .map(|edit| {
            let mut shifted = edit.clone();
            shifted.span = Span::new(
                edit.span.start.saturating_sub(lines.start),
                edit.span.end.saturating_sub(lines.start),
            );
            shifted
        })
        .collect();
    let before = file.slice(lines);
    let after = fix::apply_edits(before, &edits.iter().collect::<Vec<_>>());
    let values: Vec<&str> = secrets
        .iter()
        .map(|span| file.slice(*span))
        .filter(|value| !value.is_empty() && !value.contains('\n'))
        .collect();
    // Only the lines that change, as a diff shows them.
    similar::TextDiff::from_lines(before, after.as_str())
        .iter_all_changes()
        .filter_map(|change| {
            let sign = match change.tag() {
                similar::ChangeTag::Equal => return None,
                similar::ChangeTag::Delete => '-',
                similar::ChangeTag::Insert => '+',
            };
            let mut line = change.value().trim_end_matches(['\n', '\r']).to_string();
            for value in &values {
                if line.contains(value) {
                    line = line.replace(value, &finding::redact(value));
                }
            }
            Some(format!("{sign}{line}"))
        })
        .collect()
}

/// A source line with every secret on it masked: any finding's code frame
/// may show a line that holds a secret another finding detected, and a
/// random-looking value may stand again elsewhere in the file (a value that
/// could be a name is masked only where it was found: see
/// [`could_be_a_name`]).
fn redact_line(file: &SourceFile, line: Span, secrets: &[Span]) -> String {
    redact_until(file, line, secrets, line.end)
}

/// The line's text up to `offset`, masked as [`redact_line`] masks it.
fn redact_until(file: &SourceFile, line: Span, secrets: &[Span], offset: usize) -> String {
    let text = file.slice(line);
    let mut masks: Vec<Span> = Vec::new();
    for secret in secrets {
        if secret.start < line.end && line.start < secret.end {
            masks.push(Span::new(
                file.clamp(secret.start.max(line.start)),
                file.clamp(secret.end.min(line.end)),
            ));
        }
        let value = file.slice(*secret);
        // Most lines cannot hold the value: a line shorter than it, or
        // without its first byte, is passed over before a substring search
        // is set up for it (once per line of every frame of the file).
        let may_hold = |first: &u8| {
            value.len() <= text.len() && memchr::memchr(*first, text.as_bytes()).is_some()
        };
        if value.as_bytes().first().is_some_and(may_hold)
            && !value.contains('\n')
            && !could_be_a_name(value)
        {
            masks.extend(
                text.match_indices(value)
                    .map(|(at, _)| Span::new(line.start + at, line.start + at + value.len())),
            );
        }
    }
    masks.sort();
    let end = offset.clamp(line.start, line.end);
    let mut out = String::new();
    let mut cursor = line.start;
    for mask in masks {
        let start = mask.start.max(cursor);
        if mask.end <= start {
            continue;
        }
        if start >= end {
            break;
        }
        out.push_str(file.slice(Span::new(cursor, start)));
        out.push_str(&finding::redact(file.slice(Span::new(start, mask.end))));
        cursor = mask.end;
    }
    if cursor < end {
        out.push_str(file.slice(Span::new(cursor, end)));
    }
    out
}

/// The shard (1-based, of `parts`) a file belongs to. Files are grouped by
/// directory, so that a Terraform module's files, which resolve each other's
/// variables, stay in one shard; the hash of the path, not the walk order,
/// decides, so every machine of a CI matrix agrees.
pub fn shard_of(display: &str, parts: usize) -> usize {
    let directory = display.rsplit_once('/').map_or("", |(dir, _)| dir);
    (fnv1a([directory]) % parts.max(1) as u64) as usize + 1
}

/// A hash map for keys the run itself makes (no one chooses them to
/// collide), hashed fast: SipHash, the standard one, was a twentieth of a
/// run over small files. Iteration order is random either way.
pub(crate) type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// FNV-1a over the parts, separated: a stable hash (std's hashers are not
/// guaranteed stable across releases, and fingerprints live in baselines).
pub(crate) fn fnv1a<'a>(parts: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xff)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Whether any finding is at or above `threshold`.
pub fn fails(report: &Report, threshold: Option<Severity>) -> bool {
    threshold.is_some_and(|t| {
        report
            .findings
            .rules_and_severities()
            .any(|(_, severity)| severity >= t)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Crashes;

    impl Rule for Crashes {
        fn id(&self) -> &'static str {
            "parse-error"
        }

        fn check_file(&self, _cx: &mut rules::Context<'_>) {
            panic!("index out of bounds");
        }
    }

    #[test]
    fn a_resolved_secret_is_allowed_and_masked_by_its_value_not_its_reference() {
        let text = "variable \"bootstrap\" {\n  default = \"Zq8-hunter2-Lx4\"\n}\n\
                    resource \"aws_db_instance\" \"a\" {\n  password = var.bootstrap\n}\n";
        let findings = |config: &config::Config| {
            let file = SourceFile::new("main.tf", Format::Terraform, text);
            check_source_with(file, config)
                .findings
                .into_iter()
                .filter(|f| f.rule == "hardcoded-secret")
                .collect::<Vec<_>>()
        };
        let found = findings(&config::Config::default());
        assert_eq!(found.len(), 1);
        let secret = found[0].secret.map(|s| &text[s.start..s.end]);
        assert_eq!(
            secret,
            Some("Zq8-hunter2-Lx4"),
            "masked where it is written"
        );
        let frame = found[0].frame.as_deref().map(|f| &*f.line);
        assert_eq!(frame, Some("  password = var.bootstrap"));
        let allowed = config::Config::parse(
            ".devops-check.toml",
            &format!(
                "[secrets]\nallow-hashes = [\"{}\"]\n",
                config::secret_hash("Zq8-hunter2-Lx4")
            ),
            PathBuf::from("/repo"),
        )
        .expect("valid");
        assert!(findings(&allowed).is_empty());
    }

    #[test]
    fn code_frames_mask_a_random_looking_secret_wherever_it_stands() {
        let text = "token: ghp_a8bc7d6ef5g4hij3k2\nother: 1\nagain ghp_a8bc7d6ef5g4hij3k2, ok\n";
        let file = SourceFile::new("x.yaml", Format::Kubernetes, text);
        let secret = Span::new(7, 29);
        assert_eq!(file.slice(secret), "ghp_a8bc7d6ef5g4hij3k2");
        assert_eq!(
            redact_line(&file, file.line_span(0), &[secret]),
            "token: ghp_********"
        );
        assert_eq!(redact_line(&file, file.line_span(1), &[secret]), "other: 1");
        assert_eq!(
            redact_line(&file, file.line_span(2), &[secret]),
            "again ghp_********, ok"
        );
    }

    #[test]
    fn a_file_is_read_whole_as_its_metadata_measures_it_or_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Dockerfile");
        for text in ["", "FROM alpine\n", &"RUN true\n".repeat(100_000)] {
            std::fs::write(&path, text).unwrap();
            assert_eq!(read_bounded(&path).unwrap().unwrap(), text.as_bytes());
        }
        std::fs::write(&path, vec![b'#'; MAX_FILE_BYTES as usize + 1]).unwrap();
        assert_eq!(read_bounded(&path).unwrap(), None);
        // Files whose metadata gives no size are read to their end.
        #[cfg(target_os = "linux")]
        assert!(
            String::from_utf8(read_bounded("/proc/self/status".as_ref()).unwrap().unwrap())
                .unwrap()
                .contains("Name:")
        );
    }

    #[test]
    fn a_dockerfile_is_known_by_its_first_instruction() {
        assert!(looks_like_dockerfile("FROM alpine:3.20\nRUN true\n"));
        assert!(looks_like_dockerfile(
            "\n# build image\n\narg BASE=alpine\nFROM $BASE\n"
        ));
        assert!(looks_like_dockerfile(
            "# syntax=docker/dockerfile:1\nFROM x\n"
        ));
        assert!(looks_like_dockerfile("#  Syntax = docker/dockerfile:1\n"));
        assert!(!looks_like_dockerfile("apiVersion: v1\nkind: Pod\n"));
        assert!(!looks_like_dockerfile("FROM: image\n"));
        assert!(!looks_like_dockerfile("# a comment\nRUN true\nFROM x\n"));
        assert!(!looks_like_dockerfile(""));
    }

    #[test]
    fn a_secret_that_could_be_a_name_is_masked_only_where_it_was_found() {
        let text = "env:
  DB_PASSWORD: postgres
containers:
  - name: postgres
";
        let file = SourceFile::new("x.yaml", Format::Kubernetes, text);
        let at = text.find("postgres").unwrap_or_default();
        let secret = Span::new(at, at + "postgres".len());
        assert_eq!(
            redact_line(&file, file.line_span(1), &[secret]),
            "  DB_PASSWORD: ********"
        );
        assert_eq!(
            redact_line(&file, file.line_span(3), &[secret]),
            "  - name: postgres"
        );
    }

    #[test]
    fn a_crashing_rule_becomes_a_problem_naming_it() {
        let file = SourceFile::new("x.yaml", Format::Kubernetes, "a: 1\n");
        let problem = run_guarded(
            &Crashes,
            catalogue::brief(Crashes.id()).expect("the id has a catalogue entry"),
            &file,
            &FileModel::default(),
            &config::Config::default(),
            &Facts::default(),
            &FileAnalyses::new(&FileModel::default()),
        )
        .unwrap_err();
        assert_eq!(problem.kind, ProblemKind::InternalError);
        assert!(
            problem.message.contains("rule `parse-error` crashed"),
            "{}",
            problem.message
        );
        assert!(
            problem.message.contains("index out of bounds"),
            "{}",
            problem.message
        );
    }
}
