//! `gate-continue-on-error`: a lint or test job or step with
//! `continue-on-error: true` whose result something downstream relies on
//! (a build, push or deploy that needs the job, or that follows the step in
//! its job). The check then gates nothing: a failure is shown in yellow and
//! the artifact ships anyway.
//!
//! A value computed at run time (`${{ matrix.experimental }}`, the usual
//! allowed-failure matrix) is reported as a note with low confidence.
//!
//! A GitLab `when: manual` job is allowed to fail unless it says
//! `allow_failure: false` (a manual rule is not): the later stages go on
//! while no one has started it, so a manual check gates nothing that waits
//! for it by stage. A job that needs it waits for a person: gated.

use std::cell::OnceCell;

use super::analysis::{job_object, job_place, step_object, step_place};
use super::roles::Role;
use crate::finding::{Confidence, Severity};
use crate::model::{Pipeline, Switch};
use crate::rules::{Context, Rule};
use crate::source::Spanned;

pub struct GateContinueOnError;

pub static GATE_CONTINUE_ON_ERROR: GateContinueOnError = GateContinueOnError;

const SHIPPING: &[Role] = &[Role::Build, Role::Push, Role::Deploy];

impl Rule for GateContinueOnError {
    fn id(&self) -> &'static str {
        "gate-continue-on-error"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        let Some(analysis) = cx.analysis() else {
            return;
        };
        for (index, job) in pipeline.jobs.iter().enumerate() {
            let profile = &analysis.profiles[index];
            // Searched for the few jobs that let a failure pass: it is a
            // walk of every job's waits.
            let downstream = OnceCell::new();
            let downstream = || {
                *downstream.get_or_init(|| {
                    analysis
                        .gates_any(index, SHIPPING)
                        .map(|d| &pipeline.jobs[d])
                })
            };
            let setting = pipeline.ci.continue_on_error();
            if let Some(switch) = &job.continue_on_error
                && let Some(gate) = profile.first_of(&[Role::Lint, Role::Test])
                && let Some(next) = downstream()
            {
                // On GitLab a later stage waits without naming the job.
                let (waits, stop_waiting) = if next
                    .needs
                    .iter()
                    .any(|n| n.value.eq_ignore_ascii_case(&job.id.value))
                    || next.stage.is_none()
                {
                    ("needs", "stop needing the job")
                } else {
                    ("waits for", "leave it out of what gates the release")
                };
                let message = format!(
                    "job `{}` {} ({}) with `{setting}`, yet `{}` {waits} it: a failure no \
                     longer stops `{}`; remove `{setting}`, or {stop_waiting} if it is \
                     informational",
                    job.id.value,
                    gate.role.verb(),
                    gate.what,
                    next.id.value,
                    next.id.value
                );
                if let Some(finding) = report(cx, switch, message, gate.guess) {
                    finding.object(job_object(job)).place(job_place(job));
                }
            }
            // A manual job that lets later stages go on gates nothing until
            // someone starts it; one that a job needs holds that job. One
            // manual under some of its rules only starts on its own in the
            // other pipelines.
            if job.continue_on_error.is_none()
                && let Some(manual) = job.manual.as_ref().filter(|m| !m.blocking && !m.by_rule)
                && let Some(gate) = profile.first_of(&[Role::Lint, Role::Test])
                && let Some(next) = analysis.jobs_with(SHIPPING).find(|&other| {
                    other != index
                        && analysis.graph.waits_for(other, index)
                        && !analysis.graph.needs_reach(other, index)
                })
            {
                let next = &pipeline.jobs[next].id.value;
                let message = format!(
                    "job `{}` {} ({}) only when someone starts it (`when: manual`), and `{next}` \
                     goes on without it: a failure, or no run at all, no longer stops `{next}`; \
                     remove `when: manual`, or add `allow_failure: false` so that the pipeline \
                     waits for it",
                    job.id.value,
                    gate.role.verb(),
                    gate.what,
                );
                let finding = cx
                    .report(manual.span, message)
                    .object(job_object(job))
                    .place(job_place(job));
                if gate.guess {
                    finding.severity(Severity::Note).confidence(Confidence::Low);
                }
            }
            for (step_index, step) in job.steps.iter().enumerate() {
                let Some(switch) = &step.continue_on_error else {
                    continue;
                };
                let Some(gate) = profile
                    .evidence
                    .iter()
                    .find(|e| e.step == Some(step_index) && e.role.is_gate())
                else {
                    continue;
                };
                let later = profile
                    .evidence
                    .iter()
                    .find(|e| e.order > gate.order && SHIPPING.contains(&e.role));
                let relying = match later {
                    Some(later) => {
                        format!("the {} step {} follows it", later.role.name(), later.what)
                    }
                    None => match downstream() {
                        Some(next) => format!("job `{}` needs this job", next.id.value),
                        None => continue,
                    },
                };
                let message = format!(
                    "{} step {} has `{setting}`, yet {relying}: a failure no longer \
                     stops it; remove `{setting}` from the step",
                    gate.role.name(),
                    gate.what,
                );
                let guess = gate.guess || later.is_some_and(|l| l.guess);
                if let Some(finding) = report(cx, switch, message, guess) {
                    finding
                        .object(step_object(job, step_index))
                        .place(step_place(job, step_index));
                }
            }
        }
    }
}

/// Reports a `continue-on-error` that is (or may be) on; `None` when off.
fn report<'c>(
    cx: &'c mut Context<'_>,
    switch: &Spanned<Switch>,
    message: String,
    guess: bool,
) -> Option<&'c mut crate::finding::Finding> {
    let certain = match &switch.value {
        Switch::Literal(false) => return None,
        Switch::Literal(true) => !guess,
        Switch::Expression(_) => false,
    };
    let finding = cx.report(switch.span, message);
    if !certain {
        finding.severity(Severity::Note).confidence(Confidence::Low);
    }
    Some(finding)
}
