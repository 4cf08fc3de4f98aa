//! `check-wait-ignores-failure`: a job that waits for another workflow's
//! checks (tests on the same commit) gates what needs it only if it fails
//! when they fail. A wait that lets a failure through reads as a gate in the
//! `needs` graph and stops nothing.
//!
//! Known shapes, from their documented inputs:
//! - `lewagon/wait-on-check-action` fails on any conclusion outside
//!   `allowed-conclusions` (by default `success,skipped`): weak when that
//!   input allows `failure`, `cancelled` or `timed_out`;
//! - `fountainhead/action-wait-for-check` never fails: it only outputs the
//!   `conclusion`; weak unless the job reads that output;
//! - `gh run watch` exits 0 whatever the run's result unless given
//!   `--exit-status`.
//!
//! A wait gates something only when a job waits for its job, or a later
//! step of its job builds, publishes or deploys; a wait that nothing
//! follows (watching a cancelled run finish before rerunning it) is not
//! reported.
//!
//! The job still counts as a test for the other rules (`roles.yaml`), so
//! the wait is reported here once. Reading inputs and outputs by name is
//! sound but may miss a check made elsewhere (a later script that queries
//! the API): medium confidence.

use super::analysis::{action_of, names, step_object, step_place};
use crate::finding::Confidence;
use crate::model::{Job, Pipeline, Step};
use crate::rules::{Context, Rule};
use crate::source::{SourceFile, Span};

pub struct CheckWaitIgnoresFailure;

pub static CHECK_WAIT_IGNORES_FAILURE: CheckWaitIgnoresFailure = CheckWaitIgnoresFailure;

/// Conclusions that a gate must not accept, the worst first.
const FAILED: &[&str] = &["failure", "cancelled", "timed_out"];

impl Rule for CheckWaitIgnoresFailure {
    fn id(&self) -> &'static str {
        "check-wait-ignores-failure"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        for (at, job) in pipeline.jobs.iter().enumerate() {
            for (index, step) in job.steps.iter().enumerate() {
                let Some((span, why)) = weak_wait(job, step, cx.file) else {
                    continue;
                };
                let Some(analysis) = cx.analysis() else {
                    return;
                };
                let needed = (0..pipeline.jobs.len())
                    .any(|other| other != at && analysis.graph.waits_for(other, at));
                let followed = analysis.profiles[at].evidence.iter().any(|evidence| {
                    !evidence.role.is_gate() && evidence.step.is_some_and(|later| later > index)
                });
                let gated = match (needed, followed) {
                    (true, _) => "the jobs that need it run anyway",
                    (false, true) => "the steps after it run anyway",
                    (false, false) => continue,
                };
                let message = format!(
                    "job `{}` waits for other checks but {why}: it succeeds when they fail, so \
                     {gated}",
                    job.id.value
                );
                cx.report(span, message)
                    .object(step_object(job, index))
                    .place(step_place(job, index))
                    .confidence(Confidence::Medium);
            }
        }
    }
}

/// Where and why a step's wait for checks lets a failure through.
fn weak_wait(job: &Job, step: &Step, file: &SourceFile) -> Option<(Span, String)> {
    if let Some(uses) = &step.uses {
        let action = action_of(&uses.value);
        return match action.as_str() {
            "lewagon/wait-on-check-action" => {
                let (key, allowed) = step.input("allowed-conclusions")?;
                let lowered = allowed.value.to_ascii_lowercase();
                let given: Vec<&str> = lowered.split(',').map(str::trim).collect();
                // The worst first: `failure` before `cancelled`.
                let accepted: Vec<&str> = FAILED
                    .iter()
                    .copied()
                    .filter(|c| given.contains(c))
                    .collect();
                if accepted.is_empty() {
                    return None;
                }
                Some((
                    key.span.join(allowed.span),
                    format!("`allowed-conclusions` accepts {}", names(accepted)),
                ))
            }
            "fountainhead/action-wait-for-check" => {
                let read = step.id.as_ref().is_some_and(|id| {
                    file.slice(job.span)
                        .contains(&format!("steps.{}.outputs.conclusion", id.value))
                });
                (!read).then(|| {
                    (
                        uses.span,
                        "`fountainhead/action-wait-for-check` never fails and nothing reads its \
                         `conclusion` output"
                            .to_string(),
                    )
                })
            }
            _ => None,
        };
    }
    step.run.as_ref()?.commands.iter().find_map(|command| {
        let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
        let watches = words.starts_with(&["gh", "run", "watch"]);
        (watches && !words.contains(&"--exit-status")).then(|| {
            (
                command.span,
                "`gh run watch` runs without `--exit-status`".to_string(),
            )
        })
    })
}
