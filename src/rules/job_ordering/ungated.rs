//! `ungated-deploy` and `ungated-build`: a job that deploys, or builds or
//! publishes an artifact, must wait (through `needs`, transitively) for
//! every lint and test job of its workflow; otherwise a change that fails
//! them is deployed or published anyway, and the failure arrives too late.
//!
//! One template, two catalogue entries. A lint or test job is not required
//! when it cannot run in the same run as the job (their `if:` conditions
//! exclude each other: tests on pull requests, deploys on pushes to main;
//! a job that wants a branch in a workflow that runs for tags only never
//! runs), when it waits for the job itself and needs it or is named for
//! checking a deployment (smoke tests after a deploy), when a test job is declared
//! in a later stage than a build or a push (GitLab end-to-end tests of the
//! pushed image; a lint there reads the sources, not the image; a deploy in
//! an earlier stage than the tests that surely run there is out untested
//! and reported, unless they gate a later deploy: tests of staging), or when
//! the job runs that kind of check itself before it deploys. A step's own
//! `if:` counts with its job's (an apply step that runs on pushes only).
//! Roles that rest on names only (a reusable workflow, a script's file name)
//! give notes with low confidence: unknown is not guilty. So is a GitLab
//! job on a stage the pipeline does not list: when it starts is unknown, so
//! it is neither judged nor named as a missing gate (`unknown-stage`
//! reports the stage where GitLab surely rejects the pipeline). Nor is a
//! job that needs a job the workflow does not have: the platform rejects
//! it (`unknown-needs`), and the missing job may be the gate. A
//! documentation site deployed before the tests (what `deploy-without-tests`
//! exempts) is a note: it is no release of the product.

use bit_set::BitSet;

use super::analysis::{Analysis, job_object, job_place, names};
use super::conditions::{Answers, may_run_together_when};
use super::graph::wait_remedy;
use super::needs_fix::add_needs;
use super::roles::{Evidence, Role, RoleTable};
use crate::finding::{Confidence, Severity};
use crate::model::{Condition, Pipeline};
use crate::rules::{Context, Rule};

pub struct Ungated {
    id: &'static str,
    /// The roles that must be gated.
    roles: &'static [Role],
}

pub static UNGATED_DEPLOY: Ungated = Ungated {
    id: "ungated-deploy",
    roles: &[Role::Deploy],
};

pub static UNGATED_BUILD: Ungated = Ungated {
    id: "ungated-build",
    roles: &[Role::Push, Role::Build],
};

/// A lint or test job the checked job does not wait for.
struct Missing {
    job: usize,
    sure: bool,
}

impl Rule for Ungated {
    fn id(&self) -> &'static str {
        self.id
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        let Some(analysis) = cx.analysis() else {
            return;
        };
        let mut answers = Answers::new(pipeline);
        for (index, job) in pipeline.jobs.iter().enumerate() {
            let span = job.needs_span.unwrap_or(job.id.span);
            // Another file of the pipeline reports its own jobs: the
            // scenario search is costly, so it runs for this file's only.
            if !cx.file.reports(span) {
                continue;
            }
            // On a stage the pipeline does not list, its start is unknown
            // (`unknown-stage` reports it where GitLab surely rejects it);
            // a job it needs that is missing may be the gate.
            if analysis.graph.unplaced(index) || analysis.graph.needs_unknown(index) {
                continue;
            }
            let profile = &analysis.profiles[index];
            // A job that also deploys is `ungated-deploy`'s.
            if !self.roles.contains(&Role::Deploy) && profile.has(Role::Deploy) {
                continue;
            }
            // A publish is what makes a build matter: name it when there is one.
            let Some(action) = self.roles.iter().find_map(|r| profile.first(*r)) else {
                continue;
            };
            // The steps that do it, by their own `if:` (an apply step that
            // runs on pushes only); job-level evidence has none.
            let steps: Vec<Option<&Condition>> = profile
                .evidence
                .iter()
                .filter(|e| self.roles.contains(&e.role))
                .map(|e| {
                    e.step
                        .and_then(|i| job.steps.get(i))
                        .and_then(|s| s.condition.as_ref())
                })
                .collect();
            let missing = missing_gates(&analysis, &mut answers, index, action.order, &steps);
            if missing.is_empty() {
                continue;
            }
            // Name only the gates not already implied by another missing
            // one: those no other missing gate waits for.
            let mut implied = BitSet::with_capacity(pipeline.jobs.len());
            for other in &missing {
                let mut waited = analysis.graph.ancestors(other.job).into_owned();
                waited.remove(other.job);
                implied.union_with(&waited);
            }
            let direct: Vec<&Missing> = missing
                .iter()
                .filter(|m| !implied.contains(m.job))
                .collect();
            let ids: Vec<&str> = direct
                .iter()
                .map(|m| pipeline.jobs[m.job].id.value.as_str())
                .collect();
            let all: Vec<&str> = missing
                .iter()
                .map(|m| pipeline.jobs[m.job].id.value.as_str())
                .collect();
            let gates_sure = missing.iter().any(|m| m.sure);
            let later_gate = direct
                .iter()
                .any(|m| analysis.graph.in_later_stage(m.job, index));
            let pushes = profile.has(Role::Push) || profile.has(Role::Deploy);
            // A documentation site is no release of the product, which
            // `deploy-without-tests` does not hold to tests either: that it
            // may go out before the code's tests fail is worth a note.
            let documentation = self.roles.contains(&Role::Deploy)
                && profile
                    .evidence
                    .iter()
                    .filter(|e| e.role == Role::Deploy)
                    .all(Evidence::deploys_documentation);
            let (severity, confidence) = if !gates_sure {
                (Some(Severity::Note), Confidence::Low)
            } else if self.roles.contains(&Role::Deploy) {
                if action.guess {
                    (Some(Severity::Note), Confidence::Low)
                } else if documentation {
                    (Some(Severity::Note), Confidence::High)
                } else {
                    (None, Confidence::High)
                }
            } else if profile.is_sure(Role::Push) {
                (None, Confidence::High)
            } else if profile.has(Role::Push) && profile.is_sure(Role::Build) {
                // A sure build whose push an expression decides.
                (None, Confidence::Medium)
            } else if profile.is_sure(Role::Build) {
                // A build that publishes nothing costs runner time, ships nothing.
                (Some(Severity::Note), Confidence::High)
            } else {
                (Some(Severity::Note), Confidence::Low)
            };
            let message = format!(
                "job `{}` {}{} ({}) without waiting for {}: {}{}{}",
                job.id.value,
                if action.guess { "probably " } else { "" },
                action.role.verb(),
                action.what,
                names(all.iter().copied()),
                wait_remedy(pipeline, job, &ids, later_gate),
                if documentation {
                    " (a documentation or Pages site, which the code's tests rarely concern)"
                } else if pushes {
                    ""
                } else {
                    " (it publishes nothing: this costs runner time, not safety)"
                },
                if gates_sure {
                    String::new()
                } else {
                    format!(
                        " (that {} lint or test is only a guess)",
                        names(all.iter().copied())
                    )
                },
            );
            // A staged job without `needs:` waits for every earlier stage;
            // a new `needs:` would end that wait, so the remedy is a later
            // stage, which is not a text edit to make for its author. Nor
            // is one that needs a job of a later stage, which GitLab rejects.
            // A build that publishes nothing costs time, not safety: no
            // edge that would serialise it behind every check.
            let fix = if (job.stage.is_some() && job.needs_span.is_none()) || later_gate || !pushes
            {
                None
            } else {
                add_needs(cx.file, cx.model, pipeline, job, &ids)
            };
            let finding = cx
                .report(span, message)
                .object(job_object(job))
                .place(job_place(job))
                .confidence(confidence);
            if let Some(severity) = severity {
                finding.severity(severity);
            }
            if let Some(fix) = fix {
                finding.fix(fix);
            }
        }
    }
}

/// The lint and test jobs `job` should wait for and does not.
fn missing_gates(
    analysis: &Analysis<'_>,
    answers: &mut Answers<'_>,
    job: usize,
    before: (usize, usize),
    steps: &[Option<&Condition>],
) -> Vec<Missing> {
    let ancestors = analysis.graph.ancestors(job);
    let own = &analysis.profiles[job];
    // What a later test may check: an artifact built or pushed (end-to-end
    // tests of an image). A deploy before the tests is out untested,
    // whatever runs after it.
    let testable_later = !own.has(Role::Deploy);
    let table = RoleTable::builtin();
    let mut missing = Vec::new();
    for (other, profile) in analysis.profiles.iter().enumerate() {
        // A check whose start is unknown may run before it or not.
        if other == job || ancestors.contains(other) || analysis.graph.unplaced(other) {
            continue;
        }
        // A check that waits for the job verifies what it shipped when it
        // needs it (smoke tests after a deploy), says so by its name, or
        // gates a later deploy in turn (integration tests of staging before
        // production); one that only comes in a later stage (unit tests)
        // could have gated it.
        let verifies = || {
            analysis.graph.needs_reach(other, job)
                || analysis
                    .jobs_with(&[Role::Deploy])
                    .any(|later| later != job && analysis.graph.waits_for(later, other))
                || table.checks_a_deployment(&analysis.pipeline.jobs[other].id.value)
                || profile
                    .evidence
                    .iter()
                    .any(|e| e.role == Role::Test && table.checks_a_deployment(&e.what))
        };
        let after = analysis.graph.waits_for(other, job);
        if after && (testable_later || verifies()) {
            continue;
        }
        let later_stage = analysis.graph.in_later_stage(other, job);
        // After the deploy, or in a later stage, only what surely checks (a
        // name alone may be a benchmark, a provisioning job, a test of the
        // released packages).
        let shown = |r: Role| match after || later_stage {
            true => profile.is_sure(r),
            false => profile.has(r),
        };
        let roles: Vec<Role> = [Role::Lint, Role::Test]
            .into_iter()
            .filter(|r| !(later_stage && testable_later && *r == Role::Test))
            .filter(|r| shown(*r) && !own.does_before(*r, before))
            .collect();
        // Only a gate can be missing: the scenario search is costly, so it
        // runs for lint and test jobs only.
        if roles.is_empty()
            || !steps.iter().any(|step| {
                may_run_together_when(
                    answers,
                    analysis.graph,
                    analysis.literals,
                    job,
                    *step,
                    other,
                )
            })
        {
            continue;
        }
        let sure = roles.iter().any(|r| profile.is_sure(*r));
        missing.push(Missing { job: other, sure });
    }
    missing
}
