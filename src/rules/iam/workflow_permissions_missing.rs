//! `workflow-permissions-missing`: no top-level `permissions:` and a job
//! without its own. Such jobs get the repository's default token, which is
//! read-write on repositories and organisations created before February
//! 2023 (and wherever an admin chose it): the workflow file alone does not
//! say what its jobs may do.
//!
//! Workflows that only run when called (`workflow_call`) are exempt: the
//! caller's permissions bound theirs.

use super::excessive_job_permissions::known_scopes;
use crate::finding::{Applicability, Fix};
use crate::model::Pipeline;
use crate::rules::fixes::add_mapping;
use crate::rules::job_ordering::analysis::names;
use crate::rules::{Context, Rule};
use crate::source::Span;

pub struct WorkflowPermissionsMissing;

pub static WORKFLOW_PERMISSIONS_MISSING: WorkflowPermissionsMissing = WorkflowPermissionsMissing;

impl Rule for WorkflowPermissionsMissing {
    fn id(&self) -> &'static str {
        "workflow-permissions-missing"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        if !pipeline.ci.scopes_token() || pipeline.permissions.is_some() || pipeline.jobs.is_empty()
        {
            return;
        }
        let triggers = &pipeline.triggers;
        if !triggers.is_empty() && triggers.iter().all(|t| t.value == "workflow_call") {
            return;
        }
        let bare: Vec<&str> = pipeline
            .jobs
            .iter()
            .filter(|j| j.permissions.is_none())
            .map(|j| j.id.value.as_str())
            .collect();
        if bare.is_empty() {
            return;
        }
        let message = if bare.len() == pipeline.jobs.len() {
            "the workflow sets no `permissions:`, at the top or on its jobs: they get the \
             repository's default token, read-write in many repositories; add `permissions: \
             {contents: read}` at the top and grant more to the jobs that need it"
                .to_string()
        } else {
            let (jobs, verb, pronoun) = if bare.len() == 1 {
                ("job", "sets", "it gets")
            } else {
                ("jobs", "set", "they get")
            };
            format!(
                "the workflow sets no top-level `permissions:` and {jobs} {} {verb} none: \
                 {pronoun} the repository's default token, read-write in many repositories; \
                 add `permissions: {{contents: read}}` at the top",
                names(bare.iter().copied())
            )
        };
        let span = pipeline
            .triggers_span
            .unwrap_or(Span::at(pipeline.span.start));
        // The scopes the jobs without their own visibly write, and
        // `contents: read` for checking out. Unsafe: a step may write with
        // the token in a way no table knows. None when a job may write
        // unseen (an action the tables do not know, the GitHub CLI).
        let written: Option<Vec<Vec<&str>>> = pipeline
            .jobs
            .iter()
            .filter(|j| j.permissions.is_none())
            .map(|job| known_scopes(job))
            .collect();
        let fix = written.and_then(|written| {
            let mut written: Vec<&str> = written.into_iter().flatten().collect();
            written.sort_unstable();
            written.dedup();
            let mut scopes: Vec<(&str, &str)> = written.iter().map(|s| (*s, "write")).collect();
            if !written.contains(&"contents") {
                scopes.insert(0, ("contents", "read"));
            }
            let shown: Vec<String> = scopes.iter().map(|(s, l)| format!("{s}: {l}")).collect();
            let point = cx.model.insertion_point(pipeline.span, "")?;
            Some(Fix::new(
                Applicability::Unsafe,
                format!(
                    "add `permissions: {{{}}}` at the top of the workflow, the scopes its jobs' \
                     steps are known to write",
                    shown.join(", ")
                ),
                vec![add_mapping(point, "permissions", &scopes)],
            ))
        });
        let finding = cx
            .report(span, message)
            .object(format!("workflow {}", pipeline.name))
            .place("permissions");
        if let Some(fix) = fix {
            finding.fix(fix);
        }
    }
}
