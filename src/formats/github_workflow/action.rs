//! GitHub Action metadata (`action.yml`, `action.yaml`). A composite
//! action (`runs.using: composite`) runs its `runs.steps` inside the job
//! that uses it (`uses: ./.github/actions/test`): its steps are lowered as
//! one [`Job`] that no pipeline holds ([`FileModel::action`]), so that the
//! job-ordering rules can classify its callers by what it runs while
//! reporting nothing on the action itself. Its input defaults and every
//! `env:` and `with:` are settings for secret scanning, as in a workflow.
//! A file of that name without `runs:` is not an action (`None`).

use super::{Lower, RunDefaults, input_defaults};
use crate::formats::Syntax;
use crate::formats::yaml::{self, Node, pairs, scalar};
use crate::model::{FileModel, Job, SettingContext};
use crate::source::{SourceFile, Spanned};

/// What GitHub does with an action whose metadata repeats a key.
const ACTION_DUPLICATE_CONSEQUENCE: &str =
    "GitHub cannot load the action, and every job that uses it fails";

pub fn load(file: &SourceFile, syntax: &Syntax) -> Option<FileModel> {
    let stream = syntax.yaml().ok()?;
    let root = &stream.documents.first()?.root;
    let runs = root.get("runs").filter(|r| r.as_map().is_some())?;
    let mut model = FileModel::default();
    model.problems.extend(yaml::duplicate_key_problems(
        &stream.warnings,
        ACTION_DUPLICATE_CONSEQUENCE,
    ));
    let mut lower = Lower {
        file,
        settings: Vec::new(),
    };
    let defaults = input_defaults(root.get("inputs"));
    lower.settings_from(&defaults, SettingContext::WorkflowWith, "action inputs");
    // A Docker action's environment.
    lower.settings_from(
        &pairs(runs.get("env")),
        SettingContext::WorkflowEnv,
        "action",
    );
    let composite = scalar(runs.get("using")).is_some_and(|u| u.value == "composite");
    if composite {
        let name = scalar(root.get("name"));
        let id = name
            .clone()
            .unwrap_or_else(|| Spanned::new(file.path.clone(), root.span));
        let steps = runs
            .get("steps")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(index, step)| lower.step(step, index, "action", &RunDefaults::default()))
            .collect();
        model.action = Some(Job {
            id,
            span: root.span,
            name,
            steps,
            ..Job::default()
        });
    }
    model.settings = lower.settings;
    Some(model)
}
