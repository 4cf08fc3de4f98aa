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
//!
//! The failing step may also sit in a job the deploy needs (a `checks` job
//! that exits when the conclusion is not `success`): the failed job skips
//! the deploy, unless the deploy's `if:` runs it after failed needs too
//! (`always()`), as may a job in between.
//!
//! A conclusion may also be worked out by a needed job, from the triggering
//! run's own jobs (`actions/github-script` calling `listJobsForWorkflowRun`
//! and reading each job's `conclusion`), and handed on as an output: an
//! `if:` that reads `needs.<job>.outputs` of a needed job with a step that
//! reads both the `workflow_run` and a `conclusion` checks it too. An output
//! of a job that reads no conclusion (the pull request's number) does not.

use super::analysis::{job_object, job_place};
use super::conditions::{Scenario, Status, may_run, mentions};
use super::graph::Graph;
use super::roles::{Order, Role};
use crate::finding::{Confidence, Severity};
use crate::model::{Condition, Pipeline, Script, Step};
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
            if !may_run(pipeline, analysis.graph, index, &failed_upstream)
                || needs_stop(pipeline, analysis.graph, index)
            {
                continue;
            }
            let summaries: Vec<[&str; 3]> = job
                .needs
                .iter()
                .filter(|need| {
                    pipeline
                        .jobs
                        .iter()
                        .find(|j| j.id.value == need.value)
                        .is_some_and(|j| j.steps.iter().any(reads_conclusions))
                })
                .map(|need| ["needs", need.value.as_str(), "outputs"])
                .collect();
            // The job's own `if:` on the conclusion was weighed by `may_run`;
            // an output has no value to weigh.
            let reads_summary = |condition: Option<&Condition>| {
                condition
                    .and_then(|c| c.expr.as_deref())
                    .is_some_and(|e| summaries.iter().any(|s| mentions(e, s)))
            };
            if reads_summary(job.condition.as_ref()) {
                continue;
            }
            let guarded = |step: &Step| reads_summary(step.condition.as_ref()) || checks(step);
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

/// Whether a job that `job` needs, directly or through jobs that run only
/// after their needs succeeded, fails the run when the triggering workflow
/// did not succeed (a step whose `if:` reads the conclusion exits), so
/// that `job` is skipped.
fn needs_stop(pipeline: &Pipeline, graph: &Graph, job: usize) -> bool {
    let after_failures =
        |job: usize| Scenario::new(Status::FAILED).allows(pipeline.jobs[job].condition.as_ref());
    let stops = |step: &Step| checks(step) && step.run.as_ref().is_some_and(fails);
    // Each job once: needs that join again (or form a cycle, which
    // `cyclic-needs` reports) are not walked twice.
    let mut seen = vec![false; pipeline.jobs.len()];
    let mut waiting = Vec::new();
    if !after_failures(job) {
        seen[job] = true;
        waiting.push(job);
    }
    while let Some(next) = waiting.pop() {
        for &need in graph.direct(next) {
            if pipeline.jobs[need].steps.iter().any(stops) {
                return true;
            }
            if !seen[need] && !after_failures(need) {
                seen[need] = true;
                waiting.push(need);
            }
        }
    }
    false
}

/// Whether a step's `if:` reads the triggering workflow's conclusion.
fn checks(step: &Step) -> bool {
    step.condition
        .as_ref()
        .and_then(|c| c.expr.as_deref())
        .is_some_and(|e| mentions(e, CONCLUSION))
}

/// Whether a step reads the conclusions of the triggering run (or of its
/// jobs): its script or inputs name both.
fn reads_conclusions(step: &Step) -> bool {
    step.run
        .iter()
        .map(|script| &script.text.value)
        .chain(step.with.iter().map(|(_, value)| &value.value))
        .any(|text| text.contains("workflow_run") && text.contains("conclusion"))
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

#[cfg(test)]
mod tests {
    use crate::source::{Format, SourceFile};

    /// A deploy after a chain of jobs each needing every earlier one: the
    /// paths through their needs double with each job, and the search for a
    /// needed check visits each job once (the walk of every path did not
    /// end on 40 jobs).
    #[test]
    fn needs_that_join_again_are_searched_once() {
        let mut text = String::from(
            "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n",
        );
        for job in 0..40 {
            let needs: Vec<String> = (0..job).map(|n| format!("j{n}")).collect();
            text.push_str(&format!(
                "  j{job}:\n    needs: [{}]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo {job}\n",
                needs.join(", ")
            ));
        }
        let all: Vec<String> = (0..40).map(|n| format!("j{n}")).collect();
        text.push_str(&format!(
            "  deploy:\n    needs: [{}]\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f k8s/\n",
            all.join(", ")
        ));
        let file = SourceFile::new(".github/workflows/deploy.yml", Format::GithubWorkflow, text);
        let findings = crate::check_source(file).findings;
        assert_eq!(
            findings
                .iter()
                .filter(|f| f.rule == "workflow-run-unchecked-conclusion")
                .count(),
            1,
            "{findings:#?}"
        );
    }
}
