//! `gate-after-build`: a lint or test step placed after a build, push or
//! deploy step of the same job. A check that runs after the artifact is
//! published or deployed gates nothing; a lint after an image build makes
//! every lint failure cost a full build first.
//!
//! A test after an image build that nothing has published yet is not
//! reported: testing the image just built is the right order. Nor is a
//! check after a push or deploy that a check of the same kind preceded
//! (`mvn install`, then the image pushed, then `mvn deploy`, which runs the
//! tests again): what went out was checked. Smoke and
//! end-to-end suites after a deploy (a command that names `smoke`, `e2e`,
//! `playwright` ...: `deployment_checks` in `roles.yaml`) check the
//! deployment rather than gate it, and are not reported either.

use super::analysis::{step_object, step_place};
use super::roles::{Evidence, JobProfile, Role, RoleTable};
use crate::finding::{Confidence, Severity};
use crate::model::Pipeline;
use crate::rules::{Context, Rule};
use crate::source::SourceFile;

pub struct GateAfterBuild;

pub static GATE_AFTER_BUILD: GateAfterBuild = GateAfterBuild;

impl Rule for GateAfterBuild {
    fn id(&self) -> &'static str {
        "gate-after-build"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        let Some(analysis) = cx.analysis() else {
            return;
        };
        for (job, profile) in pipeline.jobs.iter().zip(analysis.profiles) {
            let late = late_gates(profile, cx.file);
            // One finding per job: a job with seven late checks has one
            // problem (its order), not seven.
            let Some(((first, earlier), rest)) = late.split_first() else {
                continue;
            };
            let Some(step) = first.step else { continue };
            let advice = match earlier.role {
                Role::Build => {
                    "move it before the build, so that a lint failure does not cost a build first"
                }
                _ if job.stage.is_some() => {
                    "by then the change is out; move the check before it, or into a job of an \
                     earlier stage"
                }
                _ => {
                    "by then the change is out; move the check before it, or into a job that it needs"
                }
            };
            let also = if rest.is_empty() {
                String::new()
            } else {
                let others: Vec<String> = rest
                    .iter()
                    .map(|(gate, _)| {
                        let at = gate.step.map_or(0, |s| s + 1);
                        format!("{} step {} (step {at})", gate.role.name(), gate.what)
                    })
                    .collect();
                format!(" (so do {})", others.join(", "))
            };
            let message = format!(
                "{} step {} runs after {} step {} in job `{}`{also}: {advice}",
                first.role.name(),
                first.what,
                earlier.role.name(),
                earlier.what,
                job.id.value,
            );
            let sure = late
                .iter()
                .any(|(gate, earlier)| !gate.guess && !earlier.guess);
            let finding = cx
                .report(first.span, message)
                .object(step_object(job, step))
                .place(step_place(job, step));
            if !sure {
                finding.severity(Severity::Note).confidence(Confidence::Low);
            }
        }
    }
}

/// The lint and test steps of a job that run after a build, push or
/// deploy step they should precede, each once, with that earlier step.
fn late_gates<'e>(profile: &'e JobProfile, file: &SourceFile) -> Vec<(&'e Evidence, &'e Evidence)> {
    let steps: Vec<&Evidence> = profile
        .evidence
        .iter()
        .filter(|e| e.step.is_some())
        .collect();
    let mut late: Vec<(&Evidence, &Evidence)> = Vec::new();
    for gate in steps.iter().filter(|e| e.role.is_gate()) {
        if late.iter().any(|(seen, _)| seen.step == gate.step) {
            continue;
        }
        let earlier = steps.iter().find(|e| {
            e.order < gate.order
                && match e.role {
                    Role::Push | Role::Deploy => true,
                    Role::Build => gate.role == Role::Lint,
                    Role::Lint | Role::Test => false,
                }
        });
        let Some(earlier) = earlier else { continue };
        // What went out had already passed a check of the same kind
        // (`mvn install` tests before the image is pushed, `mvn deploy`
        // tests again after it): nothing was shipped unchecked.
        if matches!(earlier.role, Role::Push | Role::Deploy)
            && steps
                .iter()
                .any(|e| e.role == gate.role && e.order < earlier.order)
        {
            continue;
        }
        if earlier.role == Role::Deploy
            && RoleTable::builtin().checks_a_deployment(file.slice(gate.span))
        {
            continue;
        }
        late.push((gate, earlier));
    }
    late
}
