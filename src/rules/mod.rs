//! Rules: each reads the common model (secret scanning also the raw text)
//! and reports findings. A rule knows nothing about parsing.
//!
//! A rule implements [`Rule`], overriding only the hooks it needs; the
//! registry (`registry.rs`) lists every rule in one place, and the catalogue
//! (`policies/`) holds its documentation.

pub mod fixes;
pub mod holders;
pub mod iam;
pub mod job_ordering;
pub mod non_root;
pub mod probes;
pub mod problems;
pub mod registry;
pub mod resource_limits;
pub mod secrets;

use std::sync::OnceLock;

use crate::FastMap;
use crate::catalogue;
use crate::config::Config;
use crate::facts::Facts;
use crate::finding::{Confidence, Finding, Text};
use crate::model::{Branch, Container, FileModel, Grant, Pipeline, Resolution, RoleBinding};
use crate::source::{SourceFile, Span};
use job_ordering::analysis::{Analysis, FileAnalyses};
use job_ordering::roles::Called;

/// A check. Hooks run once per object of their kind in a file.
pub trait Rule: Send + Sync {
    /// The catalogue id (`policies/<family>/<id>.yaml`).
    fn id(&self) -> &'static str;

    /// The more specific rules whose finding on the same subject (the same
    /// value, the same policy statement) already says what this rule's
    /// would: this rule's is then dropped, so one problem gives one finding.
    fn subsumed_by(&self) -> &'static [&'static str] {
        &[]
    }

    /// The rules whose finding on the very value this rule's points at
    /// (the same span) already says what this rule's would; narrower than
    /// [`Rule::subsumed_by`], for rules whose other findings on the same
    /// statement stand on their own.
    fn subsumed_at_its_value_by(&self) -> &'static [&'static str] {
        &[]
    }

    fn check_file(&self, _cx: &mut Context<'_>) {}
    fn check_container(&self, _container: &Container, _cx: &mut Context<'_>) {}
    fn check_pipeline(&self, _pipeline: &Pipeline, _cx: &mut Context<'_>) {}
    fn check_grant(&self, _grant: &Grant, _cx: &mut Context<'_>) {}
    fn check_role_binding(&self, _binding: &RoleBinding, _cx: &mut Context<'_>) {}
}

/// What a rule sees of one file, and where it reports.
pub struct Context<'a> {
    pub file: &'a SourceFile,
    pub model: &'a FileModel,
    /// The run's configuration, for rules with settings (job roles).
    pub config: &'a Config,
    /// What the other files of the scanned set tell (`facts.rs`).
    pub facts: &'a Facts,
    /// Per-pipeline facts shared by the rules that check this file.
    analyses: &'a FileAnalyses,
    /// The pipeline that `check_pipeline` is checking, by index.
    pipeline: usize,
    meta: catalogue::Brief,
    findings: Vec<Finding>,
}

impl<'a> Context<'a> {
    /// How many findings the rule has reported on this file so far.
    pub fn reported(&self) -> usize {
        self.findings.len()
    }

    /// Reports a finding at `span` with the rule's default severity and high
    /// confidence; chain setters on the result to refine it.
    pub fn report(&mut self, span: Span, message: impl Into<Text>) -> &mut Finding {
        let mut finding = Finding::new(self.meta.id, self.meta.family, self.meta.severity, span);
        finding.message(message);
        self.findings.push(finding);
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    /// The analysis (needs graph, job roles) of the pipeline being checked,
    /// computed by the first rule that asks and shared with the others;
    /// `None` outside `check_pipeline`.
    pub fn analysis(&self) -> Option<Analysis<'a>> {
        let analyses: &'a FileAnalyses = self.analyses;
        let model: &'a FileModel = self.model;
        let called = Called::from(self.facts, &self.file.path);
        analyses.get(model, self.pipeline, self.config, &called)
    }
}

/// Runs one rule over one file's model.
pub fn run(
    rule: &dyn Rule,
    file: &SourceFile,
    model: &FileModel,
    config: &Config,
    facts: &Facts,
) -> Vec<Finding> {
    let Some(meta) = catalogue::brief(rule.id()) else {
        // The registry test proves every rule has an entry.
        return Vec::new();
    };
    run_sharing(
        rule,
        meta,
        file,
        model,
        config,
        facts,
        &FileAnalyses::new(model),
    )
}

/// Runs one rule, whose catalogue brief is `meta`, over one file's model,
/// with the analyses that the rules run before it on the same model derived
/// (and that it may add to).
pub fn run_sharing(
    rule: &dyn Rule,
    meta: catalogue::Brief,
    file: &SourceFile,
    model: &FileModel,
    config: &Config,
    facts: &Facts,
    analyses: &FileAnalyses,
) -> Vec<Finding> {
    let mut cx = Context {
        file,
        model,
        config,
        facts,
        analyses,
        pipeline: 0,
        meta,
        findings: Vec::new(),
    };
    rule.check_file(&mut cx);
    for container in &model.containers {
        rule.check_container(container, &mut cx);
    }
    for (index, pipeline) in model.pipelines.iter().enumerate() {
        cx.pipeline = index;
        rule.check_pipeline(pipeline, &mut cx);
    }
    for grant in &model.grants {
        let before = cx.findings.len();
        rule.check_grant(grant, &mut cx);
        for finding in &mut cx.findings[before..] {
            finding.statement(grant.span);
        }
    }
    for binding in &model.role_bindings {
        rule.check_role_binding(binding, &mut cx);
    }
    for finding in &mut cx.findings {
        if let Some(resolved) = model.resolution_at(finding.span) {
            tell_origin(finding, resolved);
        }
        tell_branch(finding, &model.branches_at(finding.span));
    }
    cx.findings
}

/// Drops the findings that a more specific rule's finding on the same
/// subject, or on the same value, subsumes ([`Rule::subsumed_by`],
/// [`Rule::subsumed_at_its_value_by`]).
pub fn drop_subsumed(findings: &mut Vec<Finding>) {
    // The few rules a finding of another subsumes, by id: a search of the
    // registry for each finding was a percent of a run over small files.
    type Subsumers = (&'static [&'static str], &'static [&'static str]);
    static SUBSUMERS: OnceLock<FastMap<&'static str, Subsumers>> = OnceLock::new();
    let subsumers = SUBSUMERS.get_or_init(|| {
        registry::RULES
            .iter()
            .filter(|rule| {
                !rule.subsumed_by().is_empty() || !rule.subsumed_at_its_value_by().is_empty()
            })
            .map(|rule| {
                (
                    rule.id(),
                    (rule.subsumed_by(), rule.subsumed_at_its_value_by()),
                )
            })
            .collect()
    });
    let subsumed: Vec<bool> = findings
        .iter()
        .map(|finding| {
            let Some((on_subject, on_value)) = subsumers.get(finding.rule) else {
                return false;
            };
            findings.iter().any(|other| {
                (on_subject.contains(&other.rule) && other.subject().overlaps(finding.subject()))
                    || (on_value.contains(&other.rule) && other.span == finding.span)
            })
        })
        .collect();
    let mut keep = subsumed.iter().map(|s| !s);
    findings.retain(|_| keep.next().unwrap_or(true));
}

/// Says under which conditions a finding about a conditional value holds:
/// the other branch may be harmless, and the reader must know which one the
/// finding is about.
fn tell_branch(finding: &mut Finding, branches: &[&Branch]) {
    if branches.is_empty() {
        return;
    }
    finding.message = format!("{} {}", finding.message, only_when(branches)).into();
}

/// When a value inside `branches` is used: "(only when condition `A` is
/// true and `B` is false)".
pub fn only_when(branches: &[&Branch]) -> String {
    let conditions: Vec<String> = branches
        .iter()
        .map(|b| format!("`{}` is {}", b.condition, b.taken_when))
        .collect();
    format!("(only when condition {})", conditions.join(" and "))
}

/// A finding about a value that was written as a reference says where the
/// value comes from, since the place it points at does not show it. A
/// default that the user may replace when applying makes the finding less
/// certain, not void: it is the value used unless someone overrides it.
fn tell_origin(finding: &mut Finding, resolved: &Resolution) {
    let overridden = if resolved.overridable {
        finding.confidence = finding.confidence.min(Confidence::Medium);
        ", unless a value given when applying replaces it"
    } else {
        ""
    };
    finding.message = format!(
        "{} (`{}` is {}{overridden})",
        finding.message, resolved.name, resolved.origin
    )
    .into();
}
