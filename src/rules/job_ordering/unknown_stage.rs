//! `unknown-stage`: a GitLab job runs in a stage that the pipeline's
//! `stages:` does not list (or, where it lists none, is not one of
//! GitLab's defaults `build`, `test` and `deploy`). GitLab rejects the
//! whole pipeline, so none of its jobs run; a job without `stage:` runs in
//! `test`, which must be listed too.
//!
//! A file the scan did not read (an `include:` of another project, a
//! template, a URL) may declare the stages, or give a job its stage. The
//! stages are sure all the same where `.gitlab-ci.yml` declares them
//! itself: GitLab merges what a file includes under the file's own keys.
//! A job's stage is sure where the job writes `stage:` itself: a job of
//! the same name in an included file is merged under it, and `extends:`
//! fills only the keys a job lacks. Anything else is not reported in a
//! pipeline partly read. The ordering rules do not judge such a job either
//! way (see [`super::graph::Graph::unplaced`]).

use super::analysis::{job_object, job_place, names};
use crate::model::{Ci, Pipeline};
use crate::rules::{Context, Rule};

pub struct UnknownStage;

pub static UNKNOWN_STAGE: UnknownStage = UnknownStage;

impl Rule for UnknownStage {
    fn id(&self) -> &'static str {
        "unknown-stage"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        if pipeline.ci != Ci::GitlabCi || !pipeline.stages_sure || pipeline.stages.is_empty() {
            return;
        }
        let listed = names(
            pipeline
                .stages
                .iter()
                .filter(|s| *s != ".pre" && *s != ".post")
                .map(String::as_str),
        );
        for job in &pipeline.jobs {
            let Some(stage) = &job.stage else {
                continue;
            };
            // A variable may name a listed stage once expanded.
            if stage.value.contains('$') || pipeline.stages.contains(&stage.value) {
                continue;
            }
            // A job without `stage:` has its stage at its id.
            let implicit = stage.span == job.id.span;
            if pipeline.partial && (implicit || !job.span.contains(stage.span)) {
                continue;
            }
            let runs_in = match implicit {
                true => format!("has no `stage:`, so runs in `{}`", stage.value),
                false => format!("runs in stage `{}`", stage.value),
            };
            let listed = match listed.is_empty() {
                true => "none but `.pre` and `.post`".to_string(),
                false => listed.clone(),
            };
            cx.report(
                stage.span,
                format!(
                    "job `{}` {runs_in}, which is not a stage of this pipeline (its stages: \
                     {listed}): GitLab rejects the pipeline and runs none of its jobs; \
                     add `{}` to `stages:` or move the job to a listed stage",
                    job.id.value, stage.value,
                ),
            )
            .object(job_object(job))
            .place(format!("{}.stage", job_place(job)));
        }
    }
}
