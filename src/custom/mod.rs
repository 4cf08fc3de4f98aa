//! Custom policies: an organisation's own rules, written in Rego and
//! evaluated in-process by `regorus` (no OPA binary, no network).
//!
//! A package reads one of two inputs:
//! - conftest's (the default): `input` is a document of the file as conftest
//!   gives it (`formats::document`), and the package must be in one of the
//!   selected namespaces (`main` unless told otherwise), so that a team's
//!   conftest policy directory runs unchanged;
//! - the model's (a package annotated `custom: {input: model}`): `input` is
//!   devops-check's model of the file (`model_input`), so that one policy
//!   covers a Dockerfile, a Kubernetes manifest and a Terraform ECS task.
//!
//! Rules named `deny`, `violation` and `warn` (or prefixed `deny_`, ...)
//! report what they return: a message, or an object with `msg` and
//! optionally `path` (a path into `input`, where the finding points).
//! Policies are compiled once per run; each worker thread evaluates with a
//! clone of the compiled engine, under a time limit per file.

mod metadata;
pub mod model_input;
mod rego_value;
pub mod testing;

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::thread::ThreadId;
use std::time::Duration;

use regorus::Engine;
use regorus::utils::limits::ExecutionTimerConfig;
use serde_json::Value as Json;

use crate::catalogue::{self, RuleMeta};
use crate::finding::{Finding, Severity};
use crate::formats::Syntax;
use crate::formats::document::{self, Located, Places, SpanTree, Step, path_of};
use crate::model::{FileModel, Problem, ProblemKind};
use crate::source::{SourceFile, Span};

/// The family every custom rule belongs to.
pub const FAMILY: &str = "custom";

/// How long one file's evaluation may take, by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// How many steps of evaluation pass between two readings of the clock:
/// reading it at every step was a fifth of the evaluation's cost, and a few
/// dozen steps take microseconds, well within any time limit.
const TIME_CHECK_INTERVAL: NonZeroU32 = NonZeroU32::new(32).expect("not zero");

/// Where policies come from and which of them run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Directories (searched recursively) or single `.rego` files.
    pub paths: Vec<PathBuf>,
    /// The conftest packages to run; `main` when empty.
    pub namespaces: Vec<String>,
    pub all_namespaces: bool,
    pub timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            paths: Vec::new(),
            namespaces: Vec::new(),
            all_namespaces: false,
            timeout: DEFAULT_TIMEOUT,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    /// regorus's message names the file, line and column.
    #[error("{0}")]
    Compile(String),
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
}

/// Which document a package reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    Conftest,
    Model,
}

/// One reporting rule of a package (`data.main.deny`).
#[derive(Debug)]
struct CustomRule {
    meta: &'static RuleMeta,
    query: String,
    input: Input,
}

/// The compiled policies of a run.
pub struct Policies {
    compiled: Engine,
    /// Engines ready for another file: cloned once per thread, then reused
    /// by that thread only. What an evaluation allocates (the input, rule
    /// values) is then freed by the thread that allocated it: memory freed
    /// by another thread waits for the allocator's lock of the thread that
    /// allocated it, and that waiting cost more wall time than building
    /// the input.
    idle: Mutex<HashMap<ThreadId, Engine>>,
    rules: Vec<CustomRule>,
    /// What the policies read of the model input.
    model_fields: model_input::Fields,
}

impl std::fmt::Debug for Policies {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Policies")
            .field("rules", &self.rules)
            .finish_non_exhaustive()
    }
}

/// The `.rego` files under `paths`, in a stable order.
pub(crate) fn rego_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    fn walk(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
        let read_error = |e: std::io::Error| Error::Read {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        if path.is_file() {
            out.push(path.to_path_buf());
            return Ok(());
        }
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(read_error)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for entry in entries {
            if entry.is_dir() {
                walk(&entry, out)?;
            } else if entry.extension().is_some_and(|e| e == "rego") {
                out.push(entry);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in paths {
        walk(path, &mut out)?;
    }
    Ok(out)
}

/// Adds one policy, read as Rego v1 or, where v1 says a keyword it requires
/// is missing, as v0 (the syntax of conftest policies written before OPA
/// 1.0, `deny[msg] { ... }`).
pub(crate) fn add_policy(engine: &mut Engine, path: &str, text: &str) -> Result<(), Error> {
    engine.set_rego_v0(false);
    let v1 = match engine.add_policy(path.to_string(), text.to_string()) {
        Ok(_) => return Ok(()),
        Err(error) => error.to_string(),
    };
    if !v1.contains("keyword is required") {
        return Err(Error::Compile(compile_message(&v1)));
    }
    engine.set_rego_v0(true);
    let v0 = engine.add_policy(path.to_string(), text.to_string());
    engine.set_rego_v0(false);
    v0.map(|_| ())
        .map_err(|e| Error::Compile(compile_message(&e.to_string())))
}

/// regorus's message (`--> file:line:col`, a source excerpt, `error: ...`)
/// as one line that starts with the place: `file:line:col: ...`.
fn compile_message(message: &str) -> String {
    let place = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("--> "))
        .map(str::trim);
    let what = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .map(str::trim);
    match (place, what) {
        (Some(place), Some(what)) => format!("{place}: {what}"),
        _ => one_line(message),
    }
}

/// Compiles the policies in `paths` into one engine.
pub(crate) fn compile(
    paths: &[PathBuf],
    timeout: Duration,
) -> Result<(Engine, Vec<(String, String)>), Error> {
    let mut engine = Engine::new();
    // As OPA does by default: a builtin given a value of the wrong type
    // (`startswith(null, ...)`) makes its expression undefined, not the
    // whole evaluation fail.
    engine.set_strict_builtin_errors(false);
    engine.set_execution_timer_config(ExecutionTimerConfig {
        limit: timeout,
        check_interval: TIME_CHECK_INTERVAL,
    });
    let mut sources = Vec::new();
    for path in rego_files(paths)? {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(&path).map_err(|e| Error::Read {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        add_policy(&mut engine, &shown, &text)?;
        sources.push((shown, text));
    }
    Ok((engine, sources))
}

/// A rule of a module as written: its name, its 1-based line.
pub(crate) struct DeclaredRule {
    pub package: String,
    pub name: String,
    pub line: u32,
    pub file: String,
}

/// Every rule head of the compiled modules, in source order.
pub(crate) fn declared_rules(engine: &mut Engine) -> Vec<DeclaredRule> {
    let mut out = Vec::new();
    for module in engine.get_modules() {
        let package_span = module.package.refr.span();
        let package = package_span.text().to_string();
        let file = package_span.source.file().clone();
        for rule in &module.policy {
            let span = rule.span();
            let name: String = span
                .text()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(DeclaredRule {
                    package: package.clone(),
                    name,
                    line: span.line,
                    file: file.clone(),
                });
            }
        }
    }
    out
}

/// What a reporting rule's name says of its findings, as conftest reads it.
fn verdict(name: &str) -> Option<Severity> {
    let kind = name.split_once('_').map_or(name, |(kind, _)| kind);
    match kind {
        "deny" | "violation" => Some(Severity::Error),
        "warn" => Some(Severity::Warning),
        _ => None,
    }
}

/// Whether an id is one a suppression comment and a config file can name.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

impl Policies {
    /// Reads, compiles and checks the policies `options` names, and registers
    /// their rules in the catalogue.
    pub fn load(options: &Options) -> Result<Policies, Error> {
        let (mut engine, sources) = compile(&options.paths, options.timeout)?;
        let mut annotations = HashMap::new();
        for (path, text) in &sources {
            let found = metadata::annotations(text).map_err(|e| Error::Invalid {
                path: path.clone(),
                line: e.line,
                column: 1,
                message: format!("invalid METADATA annotation: {}", e.message),
            })?;
            annotations.insert(path.clone(), found);
        }
        let namespaces: Vec<&str> = if options.namespaces.is_empty() {
            vec!["main"]
        } else {
            options.namespaces.iter().map(String::as_str).collect()
        };
        let declared = declared_rules(&mut engine);
        let mut rules: Vec<CustomRule> = Vec::new();
        for rule in &declared {
            let Some(default_severity) = verdict(&rule.name) else {
                continue;
            };
            let query = format!("data.{}.{}", rule.package, rule.name);
            if rules.iter().any(|r| r.query == query) {
                continue;
            }
            let file_annotations = annotations.get(&rule.file).map_or(&[][..], Vec::as_slice);
            let package_input = declared
                .iter()
                .filter(|r| r.package == rule.package)
                .filter_map(|r| annotations.get(&r.file))
                .flatten()
                .find(|a| a.package_scope && a.input.is_some())
                .and_then(|a| a.input.as_deref());
            let input = match package_input {
                Some("model") => Input::Model,
                Some("conftest") | None => Input::Conftest,
                Some(other) => {
                    return Err(Error::Invalid {
                        path: rule.file.clone(),
                        line: rule.line,
                        column: 1,
                        message: format!(
                            "unknown input `{other}` in the package's METADATA: use `model` or `conftest`"
                        ),
                    });
                }
            };
            if input == Input::Conftest
                && !options.all_namespaces
                && !namespaces.contains(&rule.package.as_str())
            {
                continue;
            }
            let own = file_annotations
                .iter()
                .find(|a| !a.package_scope && a.before_line == rule.line);
            let invalid = |message: String| Error::Invalid {
                path: rule.file.clone(),
                line: rule.line,
                column: 1,
                message,
            };
            let id = own
                .and_then(|a| a.id.clone())
                .unwrap_or_else(|| format!("{}.{}", rule.package, rule.name));
            if !valid_id(&id) {
                return Err(invalid(format!(
                    "rule id `{id}` may hold only letters, digits and `-_./`"
                )));
            }
            if catalogue::get(&id).is_some_and(|meta| meta.family != FAMILY)
                || rules.iter().any(|r| r.meta.id == id)
            {
                return Err(invalid(format!(
                    "rule id `{id}` is taken: give this rule another `custom.id`"
                )));
            }
            let severity = match own.and_then(|a| a.severity.as_deref()) {
                Some(text) => Severity::parse(text).ok_or_else(|| {
                    invalid(format!(
                        "unknown severity `{text}`: use error, warning or note"
                    ))
                })?,
                None => default_severity,
            };
            let meta = RuleMeta {
                id,
                family: FAMILY.to_string(),
                severity,
                formats: Vec::new(),
                summary: own
                    .and_then(|a| a.title.clone())
                    .unwrap_or_else(|| format!("Custom policy `{query}`.")),
                rationale: own.and_then(|a| a.description.clone()).unwrap_or_default(),
                remediation: own.and_then(|a| a.remediation.clone()).unwrap_or_default(),
                bad_example: String::new(),
                good_example: String::new(),
                references: own.map(|a| a.references.clone()).unwrap_or_default(),
                // Custom policies report; they do not repair.
                fix: None,
                source: Box::leak(rule.file.clone().into_boxed_str()),
            };
            rules.push(CustomRule {
                meta: catalogue::register(meta),
                query,
                input,
            });
        }
        // Errors that only evaluation finds (an unknown function, a type
        // error on any input) are the policy's, not a file's: find them now.
        engine.set_input(regorus::Value::new_object());
        for rule in &rules {
            engine
                .eval_rule(rule.query.clone())
                .map_err(|e| Error::Compile(compile_message(&e.to_string())))?;
        }
        Ok(Policies {
            compiled: engine,
            idle: Mutex::new(HashMap::new()),
            rules,
            model_fields: model_input::Fields::read_by(
                sources.iter().map(|(_, text)| text.as_str()),
            ),
        })
    }

    /// The rules the policies report under, for `devops-check rules`.
    pub fn rules(&self) -> impl Iterator<Item = &'static RuleMeta> + '_ {
        self.rules.iter().map(|r| r.meta)
    }

    /// Evaluates every policy on one file, whose documents are read from
    /// what its adapter parsed (`syntax`). A policy that fails on it (an
    /// error, the time limit) is a problem for that file; the others still
    /// report.
    pub fn check(
        &self,
        file: &SourceFile,
        syntax: &Syntax,
        model: &FileModel,
    ) -> (Vec<Finding>, Vec<Problem>) {
        let thread = std::thread::current().id();
        let mut engine = self
            .idle
            .lock()
            .ok()
            .and_then(|mut idle| idle.remove(&thread))
            .unwrap_or_else(|| self.compiled.clone());
        let mut findings = Vec::new();
        let mut problems = Vec::new();
        for input in [Input::Conftest, Input::Model] {
            let rules: Vec<&CustomRule> = self.rules.iter().filter(|r| r.input == input).collect();
            if rules.is_empty() {
                continue;
            }
            let documents = match input {
                Input::Conftest => document::conftest_documents(file, syntax, &model.resolutions),
                Input::Model => vec![model_input::document(file, model, &self.model_fields)],
            };
            for located in &documents {
                // Values share their parts: this clone copies no document.
                engine.set_input(located.value.clone());
                // Found only for a document that a policy reports on; for
                // the model, only in the top-level field a result's path
                // leads into.
                let found = std::cell::OnceCell::new();
                let found_in_field: [std::cell::OnceCell<SpanTree>; model_input::FIELDS.len()] =
                    Default::default();
                let spans = |path: &[Step]| match (&located.places, path.first()) {
                    (Places::Known(tree), _) => tree,
                    (Places::YamlDocument(index), _) => {
                        found.get_or_init(|| document::yaml_spans(syntax, *index))
                    }
                    (Places::Model, Some(Step::Key(field))) => {
                        match model_input::FIELDS.iter().position(|f| f == field) {
                            Some(at) => found_in_field[at].get_or_init(|| {
                                model_input::spans(file, model, &model_input::Fields::only(field))
                            }),
                            None => &SpanTree::Unplaced,
                        }
                    }
                    (Places::Model, _) => &SpanTree::Unplaced,
                };
                for rule in &rules {
                    match engine.eval_rule(rule.query.clone()) {
                        Ok(value) => report(rule.meta, &value, located, spans, &mut findings),
                        Err(error) => problems.push(Problem {
                            kind: ProblemKind::InternalError,
                            span: Span::at(0),
                            message: format!(
                                "custom policy `{}` failed on {} ({}); its findings here are missing",
                                rule.meta.id,
                                located.object,
                                one_line(&error.to_string())
                            ),
                        }),
                    }
                }
            }
        }
        if let Ok(mut idle) = self.idle.lock() {
            idle.insert(thread, engine);
        }
        (findings, problems)
    }
}

/// The name of the deepest part on `path` that says how findings name it
/// (a model container's `object`: `Deployment/api container web`).
fn object_on<'a>(value: &'a regorus::Value, path: &[Step]) -> Option<&'a str> {
    let object = |node: &'a regorus::Value| match &node["object"] {
        regorus::Value::String(name) => Some(&**name),
        _ => None,
    };
    let mut named = None;
    let mut node = value;
    for step in path {
        named = object(node).or(named);
        node = match step {
            Step::Key(key) => &node[key.as_str()],
            Step::Index(i) => &node[*i],
        };
    }
    object(node).or(named)
}

/// An error message of several lines (regorus adds the policy's source
/// excerpt) as one line.
fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('|'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The findings of one rule's value: a set (or array) of messages or of
/// objects with `msg` and optionally `path`; `true` for a rule that only
/// says whether it failed.
fn report<'a>(
    meta: &'static RuleMeta,
    value: &regorus::Value,
    located: &Located,
    spans: impl Fn(&[Step]) -> &'a SpanTree,
    out: &mut Vec<Finding>,
) {
    let Ok(json) = serde_json::to_value(value) else {
        return;
    };
    let results = match json {
        Json::Array(items) => items,
        Json::Bool(false) | Json::Null => Vec::new(),
        Json::Object(ref map) if map.is_empty() => Vec::new(),
        other => vec![other],
    };
    for result in results {
        let message = match &result {
            Json::String(text) => text.clone(),
            Json::Object(map) => match map.get("msg") {
                Some(Json::String(text)) => text.clone(),
                Some(other) => other.to_string(),
                None => result.to_string(),
            },
            Json::Bool(true) => meta.summary.clone(),
            other => other.to_string(),
        };
        let path = result.get("path").and_then(path_of).unwrap_or_default();
        let span = spans(&path).locate(&path).unwrap_or_default();
        let object = object_on(&located.value, &path).unwrap_or(&located.object);
        let mut finding = Finding::new(meta.id.as_str(), meta.family.as_str(), meta.severity, span);
        finding
            .message(message.clone())
            .object(object.to_string())
            .place(format!("{object}/{message}"));
        out.push(finding);
    }
}
