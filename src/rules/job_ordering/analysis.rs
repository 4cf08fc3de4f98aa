//! What the job-ordering rules (and the workflow-token rules of `iam`)
//! compute once per pipeline: the `needs` graph and each job's roles; and
//! how findings name jobs and steps.

use std::sync::{Arc, OnceLock};

use crate::config::Config;
use crate::model::{FileModel, Job, Pipeline, SharedPipeline, Step};

use super::MAX_NAMED;
use super::conditions::{self, Literals};
use super::graph::Graph;
use super::roles::{self, Called, JobProfile, Role};

/// What every job-ordering rule reads of one pipeline, derived once: six
/// rules classifying the same jobs again cost most of a workflow's check.
pub struct PipelineFacts {
    pub graph: Arc<Graph>,
    /// Shared: the copy of a pipeline lowered once that each of its files
    /// checks holds the others' jobs as they are in the shared layout, and
    /// copying their profiles for each file cost as much as a rule.
    pub profiles: Vec<Arc<JobProfile>>,
    /// The literals each job's condition compares context paths with.
    pub literals: Arc<[Literals]>,
}

impl PipelineFacts {
    /// `config` may add job roles (`[job-roles]`); `called` tells what the
    /// local reusable workflows that its jobs call run.
    pub fn new(pipeline: &Pipeline, config: &Config, called: &Called<'_>) -> Self {
        match &pipeline.shared {
            Some(shared) => Self::shared(pipeline, shared, config, called),
            None => Self::of(pipeline, config, called),
        }
    }

    fn of(pipeline: &Pipeline, config: &Config, called: &Called<'_>) -> Self {
        PipelineFacts {
            graph: Arc::new(Graph::new(pipeline)),
            profiles: roles::profiles(pipeline, config, called)
                .into_iter()
                .map(Arc::new)
                .collect(),
            literals: pipeline
                .jobs
                .iter()
                .map(|job| conditions::job_literals(job))
                .collect(),
        }
    }

    /// A pipeline lowered once for several files has its facts derived
    /// once, by the first file's check, and kept with the spans of the
    /// jobs' roles in the shared layout's places: deriving them again for
    /// each file was most of a GitLab file's rules. The graph and the
    /// literals hold no spans.
    fn shared(
        pipeline: &Pipeline,
        shared: &SharedPipeline,
        config: &Config,
        called: &Called<'_>,
    ) -> Self {
        let in_layout = shared.derived.get_or_init(|| {
            let mut facts = Self::of(pipeline, config, called);
            for profile in &mut facts.profiles {
                *profile = profile.relocated(|span| shared.relocation.to_layout(span));
            }
            Box::new(facts)
        });
        let Some(in_layout) = in_layout.downcast_ref::<PipelineFacts>() else {
            return Self::of(pipeline, config, called);
        };
        PipelineFacts {
            graph: Arc::clone(&in_layout.graph),
            profiles: in_layout
                .profiles
                .iter()
                .map(|profile| profile.relocated(|span| shared.relocation.to_file(span)))
                .collect(),
            literals: Arc::clone(&in_layout.literals),
        }
    }
}

/// The facts of each pipeline of one file, each computed when a rule first
/// asks for it and then shared by every rule that checks the file.
pub struct FileAnalyses {
    pipelines: Vec<OnceLock<PipelineFacts>>,
}

impl FileAnalyses {
    pub fn new(model: &FileModel) -> Self {
        FileAnalyses {
            pipelines: model.pipelines.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The analysis of `model`'s pipeline number `index`; `None` for a
    /// pipeline too large to order ([`Pipeline::orderable`]).
    pub fn get<'p>(
        &'p self,
        model: &'p FileModel,
        index: usize,
        config: &Config,
        called: &Called<'_>,
    ) -> Option<Analysis<'p>> {
        let pipeline = model
            .pipelines
            .get(index)
            .filter(|pipeline| pipeline.orderable())?;
        let facts = self
            .pipelines
            .get(index)?
            .get_or_init(|| PipelineFacts::new(pipeline, config, called));
        Some(Analysis {
            pipeline,
            graph: &facts.graph,
            profiles: &facts.profiles,
            literals: &facts.literals,
        })
    }
}

/// One pipeline with its facts.
pub struct Analysis<'p> {
    pub pipeline: &'p Pipeline,
    pub graph: &'p Graph,
    pub profiles: &'p [Arc<JobProfile>],
    pub literals: &'p [Literals],
}

impl<'p> Analysis<'p> {
    /// Jobs with any of `roles`, as indexes.
    pub fn jobs_with(&self, roles: &[Role]) -> impl Iterator<Item = usize> + '_ {
        let roles = roles.to_vec();
        self.profiles
            .iter()
            .enumerate()
            .filter(move |(_, p)| roles.iter().any(|r| p.has(*r)))
            .map(|(i, _)| i)
    }

    /// Whether some job with any of `roles` waits for `job` (itself excluded).
    pub fn gates_any(&self, job: usize, roles: &[Role]) -> Option<usize> {
        self.jobs_with(roles)
            .find(|&other| other != job && self.graph.waits_for(other, job))
    }
}

/// The action a step's `uses:` names, as compared: without its `@ref`,
/// lower-cased (`Docker/Login-Action@v3` is `docker/login-action`).
pub fn action_of(uses: &str) -> String {
    uses.split('@').next().unwrap_or("").to_ascii_lowercase()
}

/// How findings name a job: `job deploy`.
pub fn job_object(job: &Job) -> String {
    format!("job {}", job.id.value)
}

/// A stable address for a job: `jobs.deploy`.
pub fn job_place(job: &Job) -> String {
    format!("jobs.{}", job.id.value)
}

/// How findings name a step: `job deploy step 3 (Apply manifests)`.
pub fn step_object(job: &Job, index: usize) -> String {
    let step = job.steps.get(index);
    match step.and_then(step_label) {
        Some(label) => format!("job {} step {} ({label})", job.id.value, index + 1),
        None => format!("job {} step {}", job.id.value, index + 1),
    }
}

/// A stable address for a step: by its id or name when it has one, so that
/// inserting a step above does not change it.
pub fn step_place(job: &Job, index: usize) -> String {
    let step = job.steps.get(index);
    let key = step
        .and_then(|s| s.id.as_ref().or(s.name.as_ref()))
        .map_or_else(|| index.to_string(), |k| k.value.clone());
    format!("jobs.{}.steps.{key}", job.id.value)
}

fn step_label(step: &Step) -> Option<String> {
    step.name
        .as_ref()
        .or(step.id.as_ref())
        .or(step.uses.as_ref())
        .map(|s| s.value.clone())
}

/// `` `a` ``, `` `a` and `b` ``, `` `a`, `b` and `c` ``; past [`MAX_NAMED`],
/// `` `a`, `b`, ... and 7 more ``.
pub fn names<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let mut ids = ids.into_iter();
    let quoted: Vec<String> = ids
        .by_ref()
        .take(MAX_NAMED)
        .map(|id| format!("`{id}`"))
        .collect();
    let more = ids.count();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) if more == 0 => last.clone(),
        Some((last, rest)) if more == 0 => format!("{} and {last}", rest.join(", ")),
        Some(_) => format!("{} and {more} more", quoted.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_a_list() {
        assert_eq!(names(["a"]), "`a`");
        assert_eq!(names(["a", "b", "c"]), "`a`, `b` and `c`");
        let many: Vec<String> = (0..MAX_NAMED + 3).map(|i| format!("j{i}")).collect();
        let listed = names(many.iter().map(String::as_str));
        assert!(listed.starts_with("`j0`, `j1`, "), "{listed}");
        assert!(
            listed.ends_with(&format!("`j{}` and 3 more", MAX_NAMED - 1)),
            "{listed}"
        );
    }
}
