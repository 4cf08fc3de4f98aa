//! `workflow-permissions-missing`: no top-level `permissions:` and a job
//! without its own. Such jobs get the repository's default token, which is
//! read-write on repositories and organisations created before February
//! 2023 (and wherever an admin chose it): the workflow file alone does not
//! say what its jobs may do.
//!
//! Workflows that only run when called (`workflow_call`) are exempt: the
//! caller's permissions bound theirs.

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
        // Unsafe: a job that pushes, publishes or comments with the token
        // loses that right until it is granted in the job's own
        // `permissions:`.
        let fix = cx.model.insertion_point(pipeline.span, "").map(|point| {
            Fix::new(
                Applicability::Unsafe,
                "add `permissions: {contents: read}` at the top of the workflow; grant \
                     more to the jobs that write",
                vec![add_mapping(point, "permissions", &[("contents", "read")])],
            )
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
