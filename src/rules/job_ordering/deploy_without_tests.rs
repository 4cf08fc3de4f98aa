//! `deploy-without-tests`: a workflow that deploys but runs no tests at
//! all. `ungated-deploy` cannot see the problem (there is no test job to
//! wait for), yet every change goes out untested.
//!
//! Not reported for workflows that only run when called (`workflow_call`:
//! the caller orders them) or after another workflow (`workflow_run`: that
//! workflow is the gate, and `workflow-run-unchecked-conclusion` checks that
//! its result is used), nor for documentation sites (`actions/deploy-pages`,
//! `mkdocs gh-deploy`), which tests rarely concern. A workflow that only
//! runs by hand (`workflow_dispatch`) deploys a ref that a person chose,
//! usually one that passed CI elsewhere: a note with medium confidence.

use super::analysis::{job_object, job_place};
use super::roles::{Role, Target};
use crate::finding::{Confidence, Severity};
use crate::model::Pipeline;
use crate::rules::{Context, Rule};

pub struct DeployWithoutTests;

pub static DEPLOY_WITHOUT_TESTS: DeployWithoutTests = DeployWithoutTests;

impl Rule for DeployWithoutTests {
    fn id(&self) -> &'static str {
        "deploy-without-tests"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        let triggers: Vec<&str> = pipeline.triggers.iter().map(|t| t.value.as_str()).collect();
        if triggers.contains(&"workflow_run")
            || (!triggers.is_empty() && triggers.iter().all(|t| *t == "workflow_call"))
        {
            return;
        }
        let Some(analysis) = cx.analysis() else {
            return;
        };
        if analysis.jobs_with(&[Role::Test]).next().is_some() {
            return;
        }
        let deploy = pipeline
            .jobs
            .iter()
            .zip(analysis.profiles)
            .find_map(|(job, profile)| {
                profile
                    .evidence
                    .iter()
                    .find(|e| e.role == Role::Deploy && !e.guess && e.target != Some(Target::Pages))
                    .map(|e| (job, e))
            });
        let Some((job, evidence)) = deploy else {
            return;
        };
        let by_hand = !triggers.is_empty()
            && triggers
                .iter()
                .all(|t| matches!(*t, "workflow_dispatch" | "repository_dispatch"));
        let finding = cx
            .report(
                evidence.span,
                format!(
                    "this workflow deploys (job `{}`: {}) but runs no tests at all: add a job that \
                 runs them and make `{}` need it",
                    job.id.value, evidence.what, job.id.value
                ),
            )
            .object(job_object(job))
            .place(job_place(job));
        if by_hand {
            finding
                .severity(Severity::Note)
                .confidence(Confidence::Medium);
        }
    }
}
