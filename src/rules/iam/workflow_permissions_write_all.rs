//! `workflow-permissions-write-all`: `permissions: write-all` gives the
//! workflow token (and every action and script of the job) write access to
//! code, packages, releases, issues and more: one compromised dependency
//! can push to the default branch. Grant the scopes the jobs use instead.

use super::super::job_ordering::analysis::{job_object, job_place};
use super::excessive_job_permissions::written_scopes;
use crate::finding::{Applicability, Edit, Fix};
use crate::model::{Job, PermissionLevel, Permissions, Pipeline};
use crate::rules::{Context, Rule};
use crate::source::Span;

pub struct WorkflowPermissionsWriteAll;

pub static WORKFLOW_PERMISSIONS_WRITE_ALL: WorkflowPermissionsWriteAll =
    WorkflowPermissionsWriteAll;

impl Rule for WorkflowPermissionsWriteAll {
    fn id(&self) -> &'static str {
        "workflow-permissions-write-all"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        if let Some(level) = write_all(pipeline.permissions.as_ref()) {
            // The jobs that inherit the workflow's token.
            let inheriting: Vec<&Job> = pipeline
                .jobs
                .iter()
                .filter(|j| j.permissions.is_none())
                .map(|job| &**job)
                .collect();
            let fix = scopes_fix(level, &inheriting);
            let finding = cx
                .report(
                    level,
                    "the workflow token gets `write-all`: every job, and every action it runs, can \
                 push code, publish packages and edit releases; grant only the scopes used \
                 (`permissions: {contents: read}` at the top, more per job)",
                )
                .object(format!("workflow {}", pipeline.name))
                .place("permissions");
            if let Some(fix) = fix {
                finding.fix(fix);
            }
        }
        for job in &pipeline.jobs {
            if let Some(level) = write_all(job.permissions.as_ref()) {
                let fix = scopes_fix(level, &[job]);
                let finding = cx.report(
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
                if let Some(fix) = fix {
                    finding.fix(fix);
                }
            }
        }
    }
}

/// `write-all` replaced by the scopes `jobs` visibly write (from the
/// actions and commands they run), and `contents: read` for checking out.
/// Unsafe: a step may write with the token in a way no table knows (a
/// release action, a push to a registry), and would lose that right.
/// `None` when a job may write anything (the GitHub CLI, a script action).
fn scopes_fix(level: Span, jobs: &[&Job]) -> Option<Fix> {
    let mut written: Vec<&str> = Vec::new();
    for job in jobs {
        written.extend(written_scopes(job)?);
    }
    written.sort_unstable();
    written.dedup();
    let mut scopes: Vec<String> = written.iter().map(|s| format!("{s}: write")).collect();
    if !written.contains(&"contents") {
        scopes.insert(0, "contents: read".to_string());
    }
    let value = format!("{{{}}}", scopes.join(", "));
    Some(Fix::new(
        Applicability::Unsafe,
        format!("replace `write-all` by `{value}`, the scopes the jobs' steps are known to write"),
        vec![Edit::replace(level, value)],
    ))
}

fn write_all(permissions: Option<&Permissions>) -> Option<crate::source::Span> {
    match &permissions?.level {
        PermissionLevel::All(level) if level.value == "write-all" => Some(level.span),
        _ => None,
    }
}
