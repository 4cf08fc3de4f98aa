//! Format adapters: one module per format, each parsing its syntax with spans
//! and lowering it into the common model. An adapter knows nothing about
//! policy; it records what it could not read as [`crate::model::Problem`]s.

pub mod aws_auth;
pub mod aws_ecs;
pub mod aws_policy;
pub mod cloudformation;
pub mod compose;
pub mod dockerfile;
pub mod document;
pub mod dotenv;
pub mod embedded;
pub mod github_workflow;
pub mod gitlab_ci;
pub mod host_paths;
pub mod kubernetes;
pub mod shell;
pub mod terraform;
pub mod text_map;
pub mod value;
pub mod yaml;

use std::cell::OnceCell;

use crate::facts::{Facts, FirstPass};
use crate::model::{FileModel, Pipeline, Problem, ProblemKind};
use crate::source::{Format, SourceFile, Span};

/// The SELinux types whose processes the policy does not confine: `spc_t`
/// (Docker's and CRI-O's "super privileged container") and `unconfined_t`.
pub(crate) const UNCONFINED_SELINUX_TYPES: [&str; 2] = ["spc_t", "unconfined_t"];

/// Parses and lowers one file, with what the other files of the scanned set
/// tell (`Facts::default()` for a file on its own). `None` when the file
/// turns out not to be of its candidate format (a YAML file that is not a
/// Kubernetes manifest), so that it is neither counted nor reported.
pub fn load(file: &SourceFile, facts: &Facts) -> Option<FileModel> {
    load_parsed(file, facts, &Syntax::of(&file.text), None)
}

/// [`load`], keeping what the adapters parse in `syntax`, where custom
/// policies find the file's documents again without parsing it twice. In a
/// run's first pass, a GitLab file that [`FirstPass::waits`] for its
/// pipeline is read for its includes only.
pub fn load_parsed(
    file: &SourceFile,
    facts: &Facts,
    syntax: &Syntax,
    first_pass: Option<&FirstPass>,
) -> Option<FileModel> {
    match file.format {
        Format::Dockerfile => Some(dockerfile::load(file)),
        Format::GithubWorkflow => Some(github_workflow::load(file, syntax)),
        // A file named `action.yml` that holds no action may be anything
        // else YAML holds.
        Format::GithubAction => github_workflow::load_action(file, syntax)
            .or_else(|| cloudformation::load(file, false, syntax))
            .or_else(|| kubernetes::load(file, facts, syntax)),
        Format::GitlabCi => Some(gitlab_ci::load(file, facts, first_pass)),
        Format::Terraform | Format::TerraformJson => Some(terraform::load(file, facts, syntax)),
        Format::TerraformVars | Format::TerraformVarsJson => {
            Some(terraform::load_variables(file, facts))
        }
        Format::Kubernetes => cloudformation::load(file, false, syntax)
            .or_else(|| kubernetes::load(file, facts, syntax)),
        // A JSON file named as a template must be one; a YAML one (SAM's
        // `template.yaml`) may be anything else YAML holds.
        Format::CloudFormation if cloudformation::is_json(&file.text) => {
            cloudformation::load(file, true, syntax)
        }
        Format::CloudFormation => cloudformation::load(file, false, syntax)
            .or_else(|| kubernetes::load(file, facts, syntax)),
        Format::Json => cloudformation::load(file, false, syntax),
        Format::Compose => compose::load(file, facts, syntax),
        Format::Dotenv => Some(dotenv::load(file)),
        Format::DotenvTemplate | Format::TerraformVarsTemplate => Some(FileModel {
            illustrative: true,
            ..FileModel::default()
        }),
    }
    .map(note_unorderable_pipelines)
}

/// Says which pipelines are too large for the job-ordering rules, so that
/// their silence is not read as a pass.
fn note_unorderable_pipelines(mut model: FileModel) -> FileModel {
    let notes: Vec<Problem> = model
        .pipelines
        .iter()
        .filter(|pipeline| !pipeline.orderable())
        .map(|pipeline| Problem {
            kind: ProblemKind::Unsupported,
            span: Span::at(pipeline.span.start),
            message: format!(
                "this {} has {} jobs{}, more than the {} jobs and stages the job-ordering rules \
                 read (their analysis grows with the square of the jobs): no job-ordering rule \
                 checked it",
                pipeline.ci.document(),
                pipeline.jobs.len(),
                match pipeline.stages.len() {
                    0 => String::new(),
                    stages => format!(" and {stages} stages"),
                },
                Pipeline::MAX_ORDERED_NODES
            ),
        })
        .collect();
    model.problems.extend(notes);
    model
}

/// A file's text parsed at most once: by the first adapter that reads it
/// (several may try a YAML file), then by custom policies, which read the
/// same documents in conftest's shapes.
pub struct Syntax<'t> {
    text: &'t str,
    yaml: OnceCell<Result<yaml::Stream, yaml::Error>>,
    /// The text read as go-yaml and libyaml read it (see [`yaml::parse_lenient`]).
    lenient_yaml: OnceCell<Result<yaml::Stream, yaml::Error>>,
    /// A Terraform file's body as its adapter left it (references it
    /// resolved replaced by their values).
    terraform: OnceCell<terraform::Body>,
}

impl<'t> Syntax<'t> {
    pub fn of(text: &'t str) -> Self {
        Syntax {
            text,
            yaml: OnceCell::new(),
            lenient_yaml: OnceCell::new(),
            terraform: OnceCell::new(),
        }
    }

    /// The text as a YAML stream.
    pub fn yaml(&self) -> Result<&yaml::Stream, &yaml::Error> {
        self.yaml.get_or_init(|| yaml::parse(self.text)).as_ref()
    }

    /// The text as a YAML stream read as go-yaml and libyaml read it, for
    /// the formats whose tools use them; the same tree as [`Self::yaml`]
    /// wherever that one succeeds, so a strict reading already made is
    /// reused.
    pub fn lenient_yaml(&self) -> Result<&yaml::Stream, &yaml::Error> {
        if let Some(Ok(stream)) = self.yaml.get() {
            return Ok(stream);
        }
        self.lenient_yaml
            .get_or_init(|| yaml::parse_lenient(self.text))
            .as_ref()
    }
}

/// The format of a file by its content, where its name leaves it open: a
/// YAML file that no name marks (a Kubernetes candidate) may be a Compose
/// file under another name (`stack.yml`), or GitLab CI jobs that a
/// `.gitlab-ci.yml` includes (`ci/test.yml`, anything in `.gitlab/`).
pub fn sniff(candidate: Format, path: &str, text: &str) -> Format {
    if candidate != Format::Kubernetes {
        candidate
    } else if compose::sniff(text) {
        Format::Compose
    } else if gitlab_ci::sniff(text) || gitlab_ci::kept_for_gitlab(path, text) {
        Format::GitlabCi
    } else {
        candidate
    }
}

/// The commands of a shell script held in a YAML scalar (`text` is its
/// decoded value), with spans in the file.
fn scalar_commands(file: &SourceFile, node: &yaml::Node, text: &str) -> shell::Split {
    let map = yaml::line_map(&file.text, node, text);
    shell::commands(text, |span| map.span(span.start, span.end))
}
