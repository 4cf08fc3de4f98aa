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
//! for it by stage. A job that needs it waits for a person: gated. A ship
//! started by hand too is a note: whoever starts it may start the check.
//!
//! `allow_failure:` or `when: manual` set by some of a job's `rules:` holds
//! in the pipelines those rules match: reported where one of them runs the
//! check with a job that ships, a note when the check gates that job in
//! its other pipelines.

use std::cell::OnceCell;
use std::sync::Arc;

use super::analysis::{Analysis, job_object, job_place, step_object, step_place};
use super::conditions::{Answers, may_run_together_when};
use super::roles::Role;
use crate::finding::{Confidence, Severity};
use crate::model::{Condition, Expr, Job, Pipeline, Switch};
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
        let mut answers = Answers::new(pipeline);
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
            let gate = profile.first_of(&[Role::Lint, Role::Test]);
            // A manual job that lets later stages go on gates nothing until
            // someone starts it; one that a job needs holds that job. One
            // made manual by some of its rules only does so in the runs of
            // those rules. Written `allow_failure: true` lets it fail in
            // every run: reported as such below.
            let manual = job
                .manual
                .as_ref()
                .filter(|m| !m.blocking)
                .filter(|_| {
                    job.continue_on_error
                        .as_ref()
                        .is_none_or(|s| s.value != Switch::Literal(true))
                })
                .zip(gate)
                .and_then(|(manual, gate)| {
                    let goes_on = analysis.jobs_with(SHIPPING).filter(|&other| {
                        other != index
                            && analysis.graph.waits_for(other, index)
                            && !analysis.graph.needs_reach(other, index)
                    });
                    let (next, everywhere) = match &manual.by_rule {
                        Some(manual_when) => {
                            relying(&analysis, &mut answers, index, manual_when, goes_on)?
                        }
                        None => (&*pipeline.jobs[goes_on.min()?], true),
                    };
                    Some((manual, gate, next, everywhere))
                });
            if let Some((manual, gate, next, everywhere)) = manual {
                // Whoever starts a manual ship may start the check first.
                let shipped_by_hand = next.manual.is_some();
                let next = &next.id.value;
                let message = format!(
                    "job `{}` {} ({}) only when someone starts it (`when: manual`){}, and \
                     `{next}` goes on without it: a failure, or no run at all, no longer stops \
                     `{next}`; remove `when: manual`, or add `allow_failure: false` so that the \
                     pipeline waits for it",
                    job.id.value,
                    gate.role.verb(),
                    gate.what,
                    under(manual.by_rule.as_ref()),
                );
                let finding = cx
                    .report(manual.span, message)
                    .object(job_object(job))
                    .place(job_place(job));
                if gate.guess {
                    finding.severity(Severity::Note).confidence(Confidence::Low);
                } else if !everywhere || shipped_by_hand {
                    // Its other runs gate what ships in them.
                    finding
                        .severity(Severity::Note)
                        .confidence(Confidence::Medium);
                }
            } else if let Some(switch) = &job.continue_on_error
                && switch.value != Switch::Literal(false)
                && let Some(gate) = gate
                && let Some((next, everywhere)) = match &switch.value {
                    Switch::When(allowed) => relying(
                        &analysis,
                        &mut answers,
                        index,
                        allowed,
                        analysis.jobs_with(SHIPPING).filter(|&other| {
                            other != index && analysis.graph.waits_for(other, index)
                        }),
                    ),
                    _ => downstream().map(|next| (&**next, true)),
                }
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
                let (allowed, there, from) = match &switch.value {
                    Switch::When(allowed) => (Some(allowed), " there", " from that rule"),
                    _ => (None, "", ""),
                };
                let message = format!(
                    "job `{}` {} ({}) with `{setting}`{}, yet `{}` {waits} it{there}: a failure \
                     no longer stops `{}`; remove `{setting}`{from}, or {stop_waiting} if it is \
                     informational",
                    job.id.value,
                    gate.role.verb(),
                    gate.what,
                    under(allowed),
                    next.id.value,
                    next.id.value
                );
                // A value computed at run time may be off.
                let certain = !gate.guess && !matches!(switch.value, Switch::Expression(_));
                let finding = cx
                    .report(switch.span, message)
                    .object(job_object(job))
                    .place(job_place(job));
                if !everywhere {
                    // Its other runs gate what ships in them.
                    finding
                        .severity(Severity::Note)
                        .confidence(Confidence::Medium);
                } else if !certain {
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

/// Reports a step's `continue-on-error` that is (or may be) on; `None` when
/// off.
fn report<'c>(
    cx: &'c mut Context<'_>,
    switch: &Spanned<Switch>,
    message: String,
    guess: bool,
) -> Option<&'c mut crate::finding::Finding> {
    let certain = match &switch.value {
        Switch::Literal(false) => return None,
        Switch::Literal(true) => !guess,
        Switch::Expression(_) | Switch::When(_) => false,
    };
    let finding = cx.report(switch.span, message);
    if !certain {
        finding.severity(Severity::Note).confidence(Confidence::Low);
    }
    Some(finding)
}

/// Where the rule `condition` names decides: ` where its rule `if: $X`
/// matches`; nothing for every run. A rule without a test (`- when:
/// manual` last) decides where no earlier rule did.
fn under(condition: Option<&Condition>) -> String {
    condition.map_or_else(String::new, |c| match c.text.value.as_str() {
        "rules" => " where none of its earlier rules matches".to_string(),
        text => format!(" where its rule `{text}` matches"),
    })
}

/// The first of the shipping jobs `waiting` for job `index` that some run
/// starts together with it where `only_when` holds (its rules let it fail,
/// or make it manual), and whether every run that starts both is such a
/// run: elsewhere it gates that job.
fn relying<'p>(
    analysis: &Analysis<'p>,
    answers: &mut Answers<'p>,
    index: usize,
    only_when: &Condition,
    mut waiting: impl Iterator<Item = usize>,
) -> Option<(&'p Job, bool)> {
    let together = |answers: &mut Answers<'p>, condition: &Condition, next: usize| {
        may_run_together_when(
            answers,
            analysis.graph,
            analysis.literals,
            index,
            Some(condition),
            next,
        )
    };
    let next = waiting.find(|&next| together(answers, only_when, next))?;
    let otherwise = Condition {
        text: only_when.text.clone(),
        expr: only_when
            .expr
            .as_ref()
            .map(|expr| Arc::new(Expr::Not(Box::new(Expr::clone(expr))))),
    };
    let everywhere = !together(answers, &otherwise, next);
    Some((&analysis.pipeline.jobs[next], everywhere))
}
