//! `workflow-permissions-write-all`: `permissions: write-all` gives the
//! workflow token (and every action and script of the job) write access to
//! code, packages, releases, issues and more: one compromised dependency
//! can push to the default branch. Grant the scopes the jobs use instead.

use super::super::job_ordering::analysis::{job_object, job_place};
use crate::model::{PermissionLevel, Permissions, Pipeline};
use crate::rules::{Context, Rule};

pub struct WorkflowPermissionsWriteAll;

pub static WORKFLOW_PERMISSIONS_WRITE_ALL: WorkflowPermissionsWriteAll =
    WorkflowPermissionsWriteAll;

impl Rule for WorkflowPermissionsWriteAll {
    fn id(&self) -> &'static str {
        "workflow-permissions-write-all"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        if let Some(level) = write_all(pipeline.permissions.as_ref()) {
            cx.report(
                level,
                "the workflow token gets `write-all`: every job, and every action it runs, can \
                 push code, publish packages and edit releases; grant only the scopes used \
                 (`permissions: {contents: read}` at the top, more per job)",
            )
            .object(format!("workflow {}", pipeline.name))
            .place("permissions");
        }
        for job in &pipeline.jobs {
            if let Some(level) = write_all(job.permissions.as_ref()) {
                cx.report(
                    level,
                    format!(
                        "job `{}` gets a `write-all` token: every action and script it runs can \
                         push code, publish packages and edit releases; list the scopes it \
                         needs (`contents: write` to push, `packages: write` to publish ...)",
                        job.id.value
                    ),
                )
                .object(job_object(job))
                .place(format!("{}.permissions", job_place(job)));
            }
        }
    }
}

fn write_all(permissions: Option<&Permissions>) -> Option<crate::source::Span> {
    match &permissions?.level {
        PermissionLevel::All(level) if level.value == "write-all" => Some(level.span),
        _ => None,
    }
}
