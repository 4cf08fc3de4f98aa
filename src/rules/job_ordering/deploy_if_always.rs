//! `deploy-if-always`: a deploy that waits for lint or test jobs but whose
//! `if:` runs it even when they fail (`always()`, `!cancelled()`,
//! `failure()`, with nothing else that checks their result). The `needs`
//! edge is there, and gates nothing. Also a deploy step with such a
//! condition after a lint or test step of its own job.
//!
//! The condition is evaluated in the scenario where a gate failed: a check
//! such as `needs.test.result == 'success'` or `!contains(needs.*.result,
//! 'failure')` makes it false, and the deploy is then correctly gated.

use super::analysis::{Analysis, job_object, job_place, step_object, step_place};
use super::conditions::{Scenario, Status, calls_status};
use super::roles::Role;
use crate::finding::{Confidence, Severity};
use crate::model::{Ci, Condition, Pipeline};
use crate::rules::{Context, Rule};

pub struct DeployIfAlways;

pub static DEPLOY_IF_ALWAYS: DeployIfAlways = DeployIfAlways;

impl Rule for DeployIfAlways {
    fn id(&self) -> &'static str {
        "deploy-if-always"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        let Some(analysis) = cx.analysis() else {
            return;
        };
        for (index, job) in pipeline.jobs.iter().enumerate() {
            let profile = &analysis.profiles[index];
            let Some(deploy) = profile.first(Role::Deploy) else {
                continue;
            };
            // Reported where the condition is written: another file of a
            // GitLab pipeline reports its own, and the search is costly.
            let written_here = |c: &&Condition| cx.file.reports(c.text.span);
            if let Some(condition) = with_status(job.condition.as_ref().filter(written_here))
                && let Some((gate, via)) = failed_gate_allows(&analysis, index, condition)
            {
                let gate_id = &pipeline.jobs[gate].id.value;
                let message = match pipeline.ci {
                    Ci::GithubActions => {
                        let how = if via.eq_ignore_ascii_case(gate_id) {
                            "after a failed need".to_string()
                        } else {
                            format!("after `{via}` is skipped for it")
                        };
                        format!(
                            "job `{}` deploys even when `{gate_id}` fails: `if: {}` lets it run \
                             {how}; use `if: ${{{{ !failure() && !cancelled() }}}}`, or check \
                             `needs.{via}.result == 'success'`",
                            job.id.value, condition.text.value
                        )
                    }
                    Ci::GitlabCi => format!(
                        "job `{}` deploys even when `{gate_id}` fails: `{}` runs it {}; remove \
                         it, so that the default `when: on_success` applies",
                        job.id.value,
                        condition.text.value,
                        if condition.text.value.ends_with("on_failure") {
                            "only when a job it waits for failed"
                        } else {
                            "whatever the jobs it waits for did"
                        }
                    ),
                };
                let finding = cx
                    .report(condition.text.span, message)
                    .object(job_object(job))
                    .place(job_place(job));
                let gate_sure = analysis.profiles[gate].is_sure(Role::Test)
                    || analysis.profiles[gate].is_sure(Role::Lint);
                if deploy.guess || !gate_sure {
                    finding.severity(Severity::Note).confidence(Confidence::Low);
                }
            }
            for evidence in profile.evidence.iter().filter(|e| e.role == Role::Deploy) {
                let Some(step_index) = evidence.step else {
                    continue;
                };
                let condition = job.steps.get(step_index).and_then(|s| s.condition.as_ref());
                let Some(condition) = with_status(condition.filter(written_here)) else {
                    continue;
                };
                let Some(gate) = profile
                    .evidence
                    .iter()
                    .find(|e| e.role.is_gate() && e.step.is_some() && e.order < evidence.order)
                else {
                    continue;
                };
                if !Scenario::new(Status::FAILED).allows(Some(condition)) {
                    continue;
                }
                let message = format!(
                    "deploy step {} runs even when the {} step {} before it fails: `if: {}` \
                     ignores earlier failures; drop the status function or use `success() && ...`",
                    evidence.what,
                    gate.role.name(),
                    gate.what,
                    condition.text.value
                );
                let finding = cx
                    .report(condition.text.span, message)
                    .object(step_object(job, step_index))
                    .place(step_place(job, step_index));
                if evidence.guess || gate.guess {
                    finding.severity(Severity::Note).confidence(Confidence::Low);
                }
            }
        }
    }
}

/// A condition that calls a status function: without one, GitHub adds
/// `success() &&` and a failed need skips the job.
fn with_status(condition: Option<&Condition>) -> Option<&Condition> {
    condition.filter(|c| c.expr.as_deref().is_some_and(calls_status))
}

/// The first lint or test job that `job` waits for and whose failure its
/// condition lets through; with the need through which the failure arrives.
fn failed_gate_allows(
    analysis: &Analysis<'_>,
    job: usize,
    condition: &Condition,
) -> Option<(usize, String)> {
    let pipeline = analysis.pipeline;
    let graph = analysis.graph;
    let ancestors = graph.ancestors(job);
    for gate in analysis.jobs_with(&[Role::Lint, Role::Test]) {
        if gate == job || !ancestors.contains(gate) {
            continue;
        }
        let mut scenario = Scenario::new(Status::FAILED);
        let mut via = None;
        for &need in graph.direct(job) {
            let id = pipeline.jobs[need].id.value.to_ascii_lowercase();
            let result = if need == gate {
                "failure"
            } else if graph.waits_for(need, gate)
                && with_status(pipeline.jobs[need].condition.as_ref()).is_none()
            {
                "skipped"
            } else {
                continue;
            };
            if via.is_none() {
                via = Some(pipeline.jobs[need].id.value.clone());
            }
            scenario = scenario.with(&format!("needs.{id}.result"), result);
        }
        if scenario.allows(Some(condition)) {
            let via = via.unwrap_or_else(|| pipeline.jobs[gate].id.value.clone());
            return Some((gate, via));
        }
    }
    None
}
