//! `workflow-run-unchecked-conclusion`: a deploy in a workflow triggered by
//! `workflow_run` that does not check that the triggering workflow
//! succeeded. `workflow_run` fires when the other workflow completes,
//! whatever its result: without `github.event.workflow_run.conclusion ==
//! 'success'`, the deploy follows failed tests as readily as passing ones.
//!
//! The check may sit on the deploy job, on a job it needs, on each step that
//! deploys (its own `if:`), or in an earlier step of its job: a script that
//! reads the conclusion, or a step whose `if:` reads it and that fails the
//! job (`exit 1`). A step that only reports the failure (`echo`) stops
//! nothing.

use super::analysis::{job_object, job_place};
use super::conditions::{Scenario, Status, may_run, mentions};
use super::roles::{Order, Role};
use crate::finding::{Confidence, Severity};
use crate::model::{Pipeline, Script, Step};
use crate::rules::{Context, Rule};

pub struct WorkflowRunUncheckedConclusion;

pub static WORKFLOW_RUN_UNCHECKED_CONCLUSION: WorkflowRunUncheckedConclusion =
    WorkflowRunUncheckedConclusion;

const CONCLUSION: &[&str] = &["github", "event", "workflow_run", "conclusion"];

impl Rule for WorkflowRunUncheckedConclusion {
    fn id(&self) -> &'static str {
        "workflow-run-unchecked-conclusion"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        if !pipeline.triggers.iter().any(|t| t.value == "workflow_run") {
            return;
        }
        let Some(analysis) = cx.analysis() else {
            return;
        };
        let failed_upstream = Scenario::new(Status::SUCCEEDED)
            .with("github.event_name", "workflow_run")
            .with("github.event.workflow_run.conclusion", "failure");
        for (index, job) in pipeline.jobs.iter().enumerate() {
            let profile = &analysis.profiles[index];
            let Some(deploy) = profile.first(Role::Deploy) else {
                continue;
            };
            if !may_run(pipeline, analysis.graph, index, &failed_upstream) {
                continue;
            }
            let checked_before = |order: Order| {
                job.steps.iter().enumerate().any(|(i, step)| {
                    let script = step.run.as_ref();
                    (i, usize::MAX) < order
                        && ((guarded(step) && script.is_some_and(fails))
                            || script
                                .is_some_and(|r| r.text.value.contains("workflow_run.conclusion")))
                })
            };
            // Each step that deploys is behind the check: its own `if:`, or
            // an earlier step that fails the job. Without such steps (an
            // environment only), the job's steps before its end.
            let mut in_steps = profile
                .evidence
                .iter()
                .filter(|e| e.role == Role::Deploy)
                .filter_map(|e| Some((job.steps.get(e.step?)?, e.order)))
                .peekable();
            let checked = match in_steps.peek() {
                Some(_) => in_steps.all(|(step, order)| guarded(step) || checked_before(order)),
                None => checked_before(deploy.order),
            };
            if checked {
                continue;
            }
            let span = job.condition.as_ref().map_or(job.id.span, |c| c.text.span);
            let finding = cx
                .report(
                    span,
                    format!(
                        "job `{}` deploys ({}) after `workflow_run` without checking that the \
                         triggering workflow succeeded: it deploys after failed runs too; add \
                         `github.event.workflow_run.conclusion == 'success'` to its `if:`",
                        job.id.value, deploy.what
                    ),
                )
                .object(job_object(job))
                .place(job_place(job));
            if deploy.guess {
                finding.severity(Severity::Note).confidence(Confidence::Low);
            }
        }
    }
}

/// Whether a step's `if:` reads the triggering workflow's conclusion.
fn guarded(step: &Step) -> bool {
    step.condition
        .as_ref()
        .and_then(|c| c.expr.as_deref())
        .is_some_and(|e| mentions(e, CONCLUSION))
}

/// Whether a script ends the job in failure: `exit` with a non-zero status,
/// or `false`.
fn fails(script: &Script) -> bool {
    script.commands.iter().any(|command| {
        let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
        match words.as_slice() {
            ["exit", code, ..] => code.trim() != "0",
            ["false"] => true,
            _ => false,
        }
    })
}
