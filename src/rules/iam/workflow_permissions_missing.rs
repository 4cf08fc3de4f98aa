//! `workflow-permissions-missing`: no top-level `permissions:` and a job
//! without its own. Such jobs get the repository's default token, which is
//! read-write on repositories and organisations created before February
//! 2023 (and wherever an admin chose it): the workflow file alone does not
//! say what its jobs may do.
//!
//! Workflows that only run when called (`workflow_call`) are exempt: the
//! caller's permissions bound theirs.

use crate::model::Pipeline;
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
        if pipeline.permissions.is_some() || pipeline.jobs.is_empty() {
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
        let who = if bare.len() == pipeline.jobs.len() {
            "its jobs get".to_string()
        } else {
            format!(
                "{} {} no `permissions:` and get",
                names(bare.iter().copied()),
                if bare.len() == 1 { "sets" } else { "set" }
            )
        };
        let span = pipeline
            .triggers_span
            .unwrap_or(Span::at(pipeline.span.start));
        cx.report(
            span,
            format!(
                "the workflow sets no top-level `permissions:`, so {who} the repository's \
                 default token, read-write in many repositories; add `permissions: {{contents: \
                 read}}` at the top and grant more to the jobs that need it"
            ),
        )
        .object(format!("workflow {}", pipeline.name))
        .place("permissions");
    }
}
