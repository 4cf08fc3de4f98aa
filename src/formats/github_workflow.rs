//! GitHub Actions workflows (`.github/workflows/*.yml`): YAML lowered into a
//! [`Pipeline`] (triggers, token permissions, jobs with their `needs`,
//! conditions and steps, each run script split into commands), plus every
//! `env:` and `with:` value as a [`Setting`] for secret scanning.
//!
//! Only the first YAML document counts, as on GitHub. Values the runner
//! computes (`${{ }}` expressions) are kept as written; rules decide what an
//! unknown value means.

mod action;
mod expression;

use std::sync::Arc;

use super::Syntax;
use super::kubernetes::template_markers;
use super::yaml::{self, Entry, Node, NodeKind, Placement, pairs, scalar};
use crate::model::{
    Ci, Condition, FileModel, InsertionPoint, Job, PermissionLevel, Permissions, Pipeline, Problem,
    ProblemKind, Script, Setting, SettingContext, Step, Switch,
};
use crate::source::{SourceFile, Spanned};

pub use action::load as load_action;
pub use expression::{parse as parse_expression, parse_condition};

/// What GitHub does with a workflow that repeats a key.
const DUPLICATE_KEY_CONSEQUENCE: &str =
    "GitHub rejects the whole workflow (\"is already defined\") and runs none of its jobs";

pub fn load(file: &SourceFile, syntax: &Syntax) -> FileModel {
    let mut model = FileModel::default();
    let stream = match syntax.yaml() {
        Ok(stream) => stream,
        Err(error) => {
            // A template (Handlebars, Jinja, Go) that renders to a workflow is
            // not YAML yet: say so rather than blame its syntax. A template
            // that happens to parse is what GitHub would read, so it is checked.
            let markers = template_markers(&mask_expressions(&file.text));
            let problem = match markers.structural.or(markers.inline) {
                Some(span) => Problem {
                    kind: ProblemKind::UnrenderedTemplate,
                    span,
                    message: "template syntax (`{{ }}` outside a GitHub `${{ }}` expression): \
                              this file is not a workflow until rendered; not checked"
                        .into(),
                },
                None => yaml::syntax_problem(error),
            };
            model.problems.push(problem);
            return model;
        }
    };
    model.problems.extend(yaml::duplicate_key_problems(
        &stream.warnings,
        DUPLICATE_KEY_CONSEQUENCE,
    ));
    let Some(document) = stream.documents.first() else {
        return model;
    };
    let root = &document.root;
    if root.as_map().is_none() {
        if !root.is_null() {
            model.problems.push(Problem {
                kind: ProblemKind::Syntax,
                span: root.span,
                message: "a workflow is a mapping with `on:` and `jobs:`; this document is not a \
                          mapping"
                    .into(),
            });
        }
        return model;
    }
    let mut lower = Lower {
        file,
        settings: Vec::new(),
    };
    let pipeline = lower.pipeline(root);
    model.pipelines.push(pipeline);
    model.insertion_points = insertion_points(&file.text, root);
    model.settings = lower.settings;
    model
}

struct Lower<'a> {
    file: &'a SourceFile,
    settings: Vec<Setting>,
}

impl Lower<'_> {
    fn pipeline(&mut self, root: &Node) -> Pipeline {
        let name = scalar(root.get("name")).map_or_else(
            || {
                self.file
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or(&self.file.path)
                    .to_string()
            },
            |n| n.value,
        );
        let on = root.entry("on");
        let defaults = RunDefaults::of(root, &RunDefaults::default());
        let env = pairs(root.get("env"));
        self.settings_from(&env, SettingContext::WorkflowEnv, "workflow env");
        // The defaults of manual and reusable workflows' inputs, under the
        // inputs' names.
        for trigger in ["workflow_dispatch", "workflow_call"] {
            let defaults = input_defaults(on.and_then(|e| e.value.path(&[trigger, "inputs"])));
            self.settings_from(
                &defaults,
                SettingContext::WorkflowWith,
                &format!("{trigger} inputs"),
            );
        }
        let jobs = root
            .get("jobs")
            .map(Node::entries)
            .unwrap_or_default()
            .into_iter()
            .filter_map(|entry| self.job(entry, &defaults))
            .map(Arc::new)
            .collect();
        let events = on.map(|e| triggers(&e.value)).unwrap_or_default();
        Pipeline {
            name,
            span: root.span,
            triggers_span: on.map(|e| e.key.span),
            on_tags: on.is_some_and(|e| on_tags(&e.value)),
            tags_only: on.is_some_and(|e| tags_only(&e.value, &events)),
            triggers: events,
            permissions: root.entry("permissions").map(permissions),
            jobs,
            env,
            ci: Ci::GithubActions,
            stages: Vec::new(),
            partial: false,
            stages_sure: true,
            shared: None,
        }
    }

    fn job(&mut self, entry: &Entry, workflow_defaults: &RunDefaults) -> Option<Job> {
        let id = scalar(Some(&entry.key))?;
        let node = &entry.value;
        let label = format!("job {}", id.value);
        let needs_node = node.get("needs");
        let needs = match needs_node {
            Some(n) if n.as_seq().is_some() => {
                n.items().iter().filter_map(|i| scalar(Some(i))).collect()
            }
            Some(n) => scalar(Some(n)).into_iter().collect(),
            None => Vec::new(),
        };
        let environment = node.entry("environment").and_then(|e| {
            let name = match &e.value.kind {
                NodeKind::Map(_) => scalar(e.value.get("name"))?.value,
                _ => scalar(Some(&e.value))?.value,
            };
            let span = if e.value.as_map().is_some() {
                e.key.span
            } else {
                e.span()
            };
            Some(Spanned::new(name, span))
        });
        let runs_on = runner_labels(node.get("runs-on"));
        let env = pairs(node.get("env"));
        self.settings_from(&env, SettingContext::WorkflowEnv, &label);
        let with = pairs(node.get("with"));
        self.settings_from(&with, SettingContext::WorkflowWith, &label);
        let secrets = pairs(node.get("secrets"));
        self.settings_from(&secrets, SettingContext::WorkflowWith, &label);
        let mut containers: Vec<(String, &Node, SettingContext)> = Vec::new();
        if let Some(container) = node.get("container") {
            containers.push((
                format!("{label} container"),
                container,
                SettingContext::WorkflowEnv,
            ));
        }
        for service in node.get("services").map(Node::entries).unwrap_or_default() {
            if let Some(name) = service.key.as_str() {
                containers.push((
                    format!("{label} service {name}"),
                    &service.value,
                    SettingContext::ServiceContainerEnv,
                ));
            }
        }
        for (object, container, context) in containers {
            let env = pairs(container.get("env"));
            self.settings_from(&env, context, &object);
            let credentials = pairs(container.get("credentials"));
            self.settings_from(&credentials, SettingContext::WorkflowWith, &object);
        }
        let defaults = RunDefaults::of(node, workflow_defaults);
        let steps = node
            .get("steps")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(index, step)| self.step(step, index, &label, &defaults))
            .collect();
        Some(Job {
            span: entry.span(),
            name: scalar(node.get("name")),
            needs,
            needs_span: needs_node.map(|n| n.span),
            stage: None,
            condition: condition(node.get("if")),
            manual: None,
            continue_on_error: switch(node.get("continue-on-error")),
            environment,
            // GitHub shows reports through actions, which are steps.
            reports: Vec::new(),
            // GitHub attaches files to releases through actions and `gh`.
            release_assets: Vec::new(),
            permissions: node.entry("permissions").map(permissions),
            runs_on,
            uses: scalar(node.get("uses")),
            with,
            steps,
            env,
            id,
        })
    }

    fn step(&mut self, node: &Node, index: usize, job_label: &str, defaults: &RunDefaults) -> Step {
        let id = scalar(node.get("id"));
        let name = scalar(node.get("name"));
        let uses = scalar(node.get("uses"));
        // Named as the rules name steps: `job build step 2 (Login)`.
        let label = match name.as_ref().or(id.as_ref()).or(uses.as_ref()) {
            Some(l) => format!("{job_label} step {} ({})", index + 1, l.value),
            None => format!("{job_label} step {}", index + 1),
        };
        let env = pairs(node.get("env"));
        self.settings_from(&env, SettingContext::WorkflowEnv, &label);
        let with = pairs(node.get("with"));
        self.settings_from(&with, SettingContext::WorkflowWith, &label);
        let shell = scalar(node.get("shell")).or_else(|| defaults.shell.clone());
        // Only an action's own steps can run an input as a script; the
        // script actions (`actions/github-script`) run theirs as JavaScript.
        let input_scripts = match (&uses, node.get("with")) {
            (Some(action), Some(inputs)) if !runs_javascript(&action.value) => inputs
                .entries()
                .into_iter()
                .filter(|e| matches!(&e.value.kind, NodeKind::Scalar(s) if s.value.contains('\n')))
                .filter_map(|e| Some((scalar(Some(&e.key))?.value, self.script(&e.value, None)?)))
                .collect(),
            _ => Vec::new(),
        };
        Step {
            span: node.span,
            run: node
                .get("run")
                .and_then(|run| self.script(run, shell.clone())),
            id,
            name,
            uses,
            with,
            input_scripts,
            env,
            condition: condition(node.get("if")),
            continue_on_error: switch(node.get("continue-on-error")),
            working_directory: scalar(node.get("working-directory"))
                .or_else(|| defaults.working_directory.clone()),
        }
    }

    fn script(&self, node: &Node, shell: Option<Spanned<String>>) -> Option<Script> {
        let text = scalar(Some(node))?;
        // Python or other interpreters read the script as their own language.
        let posix = shell.as_ref().is_none_or(|s| {
            let program = s.value.split_whitespace().next().unwrap_or("");
            matches!(program, "bash" | "sh" | "pwsh" | "powershell" | "cmd")
                || program.ends_with("/bash")
                || program.ends_with("/sh")
        });
        let split = if posix {
            super::scalar_commands(self.file, node, &text.value)
        } else {
            super::shell::Split::default()
        };
        Some(Script {
            text,
            shell,
            commands: split.commands,
            heredoc_commands: split.heredoc_commands,
        })
    }

    fn settings_from(
        &mut self,
        pairs: &[(Spanned<String>, Spanned<String>)],
        context: SettingContext,
        object: &str,
    ) {
        for (key, value) in pairs {
            self.settings.push(Setting {
                context,
                object: object.to_string(),
                key: key.clone(),
                value: value.clone(),
                literal: !value.value.contains("${{"),
                in_list: false,
            });
        }
    }
}

/// The text with every GitHub expression (`${{ ... }}`) blanked out, byte
/// for byte, so that the template scan sees only other `{{`.
fn mask_expressions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("${{") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("}}").map_or(rest.len(), |e| at + e + 2);
        out.extend(
            rest[at..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        out.extend(std::iter::repeat_n(
            ' ',
            rest[at..end].len() - rest[at..end].chars().count(),
        ));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `on: push`, `on: [push, pull_request]`, or `on: {push: ..., ...}`.
fn triggers(node: &Node) -> Vec<Spanned<String>> {
    match &node.kind {
        NodeKind::Scalar(_) => scalar(Some(node)).into_iter().collect(),
        NodeKind::Seq(items) => items.iter().filter_map(|i| scalar(Some(i))).collect(),
        NodeKind::Map(_) => node
            .entries()
            .into_iter()
            .filter_map(|e| scalar(Some(&e.key)))
            .collect(),
    }
}

/// `on: release`, or `on: push: tags: [...]`.
fn on_tags(node: &Node) -> bool {
    let named = |name: &str| triggers(node).iter().any(|t| t.value == name);
    named("release")
        || node
            .get("push")
            .is_some_and(|push| push.get("tags").is_some())
}

/// Every trigger runs for a tag: `release`, or `push` filtered by tags
/// and not by branches (GitHub then runs it for no branch at all).
fn tags_only(node: &Node, events: &[Spanned<String>]) -> bool {
    !events.is_empty()
        && events.iter().all(|event| match event.value.as_str() {
            "release" => true,
            "push" => node.get("push").is_some_and(|push| {
                ["tags", "tags-ignore"]
                    .iter()
                    .any(|k| push.get(k).is_some())
                    && ["branches", "branches-ignore"]
                        .iter()
                        .all(|k| push.get(k).is_none())
            }),
            _ => false,
        })
}

fn permissions(entry: &Entry) -> Permissions {
    let value = &entry.value;
    let level = match &value.kind {
        NodeKind::Map(_) => PermissionLevel::Scopes(pairs(Some(value))),
        NodeKind::Scalar(s) if matches!(s.value.as_str(), "read-all" | "write-all") => {
            PermissionLevel::All(Spanned::new(s.value.clone(), value.span))
        }
        _ => PermissionLevel::Unknown(value.span),
    };
    Permissions {
        span: entry.key.span,
        level,
    }
}

/// Where fixes put new keys: `permissions:` before `jobs:` in the
/// workflow, `needs:` first in a job, where people write them.
fn insertion_points(text: &str, root: &Node) -> Vec<InsertionPoint> {
    let layout = yaml::Layout::of(text);
    let workflow = yaml::insertion_point(&layout, root, Placement::Before("jobs"), root.span, "");
    let jobs = root
        .get("jobs")
        .map(Node::entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|job| {
            yaml::insertion_point(&layout, &job.value, Placement::First, job.span(), "")
        });
    workflow.into_iter().chain(jobs).collect()
}

/// The labels of `runs-on:`: a label, a list of them, or a mapping with a
/// runner `group:` and `labels:` (a label or a list).
fn runner_labels(node: Option<&Node>) -> Vec<Spanned<String>> {
    let Some(node) = node else {
        return Vec::new();
    };
    let listed = |node: &Node| -> Vec<Spanned<String>> {
        match node.as_seq() {
            Some(items) => items.iter().filter_map(|i| scalar(Some(i))).collect(),
            None => scalar(Some(node)).into_iter().collect(),
        }
    };
    if node.as_map().is_some() {
        let mut labels: Vec<Spanned<String>> = scalar(node.get("group")).into_iter().collect();
        labels.extend(node.get("labels").map(listed).unwrap_or_default());
        return labels;
    }
    listed(node)
}

fn condition(node: Option<&Node>) -> Option<Condition> {
    let text = scalar(node)?;
    let expr = parse_condition(&text.value).map(Arc::new);
    Some(Condition { text, expr })
}

fn switch(node: Option<&Node>) -> Option<Spanned<Switch>> {
    let node = node?;
    let value = match node.as_bool() {
        Some(b) => Switch::Literal(b),
        None => {
            let text = node.as_str()?;
            match text.trim() {
                "true" => Switch::Literal(true),
                "false" => Switch::Literal(false),
                other => Switch::Expression(other.to_string()),
            }
        }
    };
    Some(Spanned::new(value, node.span))
}

/// What `defaults.run` sets for the steps under it (a workflow's, a job's,
/// which overrides it).
#[derive(Default)]
struct RunDefaults {
    shell: Option<Spanned<String>>,
    working_directory: Option<Spanned<String>>,
}

impl RunDefaults {
    /// The defaults `node` sets, over `outer`'s.
    fn of(node: &Node, outer: &RunDefaults) -> RunDefaults {
        let set = |key| {
            node.path(&["defaults", "run", key])
                .and_then(|n| scalar(Some(n)))
        };
        RunDefaults {
            shell: set("shell").or_else(|| outer.shell.clone()),
            working_directory: set("working-directory").or_else(|| outer.working_directory.clone()),
        }
    }
}

/// The literal defaults of an `inputs:` mapping (a reusable workflow's, a
/// manual trigger's, an action's), by input name.
fn input_defaults(inputs: Option<&Node>) -> Vec<(Spanned<String>, Spanned<String>)> {
    inputs
        .map(Node::entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|input| {
            Some((
                scalar(Some(&input.key))?,
                scalar(input.value.get("default"))?,
            ))
        })
        .collect()
}

/// Whether an action runs its inputs as JavaScript: GitHub's script action
/// and the copies of it (`owner/repo/github-script`).
fn runs_javascript(action: &str) -> bool {
    let path = action.split('@').next().unwrap_or(action);
    path.rsplit('/').next() == Some("github-script")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    fn load_text(text: &str) -> (SourceFile, FileModel) {
        let file = SourceFile::new("ci.yml", Format::GithubWorkflow, text);
        let model = load(&file, &crate::formats::Syntax::of(&file.text));
        (file, model)
    }

    #[test]
    fn lowers_the_runner_labels_of_each_form() {
        let text = "\
on: push
jobs:
  one:
    runs-on: self-hosted
    steps: [{run: make}]
  list:
    runs-on: [self-hosted, linux, prod]
    steps: [{run: make}]
  group:
    runs-on:
      group: deployers
      labels: [linux, prod]
    steps: [{run: make}]
  matrix:
    runs-on: ${{ matrix.os }}
    steps: [{run: make}]
  none:
    uses: ./.github/workflows/deploy.yml
";
        let (_, model) = load_text(text);
        let labels: Vec<Vec<&str>> = model.pipelines[0]
            .jobs
            .iter()
            .map(|j| j.runs_on.iter().map(|l| l.value.as_str()).collect())
            .collect();
        assert_eq!(
            labels,
            [
                vec!["self-hosted"],
                vec!["self-hosted", "linux", "prod"],
                vec!["deployers", "linux", "prod"],
                vec!["${{ matrix.os }}"],
                vec![],
            ]
        );
    }

    #[test]
    fn lowers_triggers_permissions_jobs_and_steps() {
        let text = "\
name: CI
on:
  push:
    branches: [main]
  pull_request_target:
permissions: read-all
env:
  MODE: ci
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    continue-on-error: ${{ matrix.experimental }}
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - name: Test
        run: |
          npm ci
          npm test && echo \"kubectl apply\"
  deploy:
    needs: test
    if: github.ref == 'refs/heads/main'
    environment:
      name: production
      url: https://example.com
    uses: ./.github/workflows/deploy.yml
    secrets: inherit
";
        let (file, model) = load_text(text);
        assert!(model.problems.is_empty(), "{:?}", model.problems);
        let p = &model.pipelines[0];
        assert_eq!(p.name, "CI");
        let triggers: Vec<_> = p.triggers.iter().map(|t| t.value.as_str()).collect();
        assert_eq!(triggers, ["push", "pull_request_target"]);
        assert_eq!(file.slice(p.triggers_span.unwrap()), "on");
        assert!(
            matches!(&p.permissions.as_ref().unwrap().level, PermissionLevel::All(l) if l.value == "read-all")
        );
        let test = &p.jobs[0];
        assert_eq!(test.id.value, "test");
        assert!(matches!(
            &test.continue_on_error.as_ref().unwrap().value,
            Switch::Expression(e) if e.contains("matrix.experimental")
        ));
        let run = test.steps[1].run.as_ref().unwrap();
        let words: Vec<Vec<&str>> = run
            .commands
            .iter()
            .map(|c| c.words.iter().map(|w| file.slice(w.span)).collect())
            .collect();
        assert_eq!(
            words,
            [
                vec!["npm", "ci"],
                vec!["npm", "test"],
                vec!["echo", "\"kubectl apply\""]
            ]
        );
        let deploy = &p.jobs[1];
        assert_eq!(deploy.needs[0].value, "test");
        assert_eq!(deploy.environment.as_ref().unwrap().value, "production");
        assert!(deploy.condition.as_ref().unwrap().expr.is_some());
        assert_eq!(
            deploy.uses.as_ref().unwrap().value,
            "./.github/workflows/deploy.yml"
        );
        let settings: Vec<_> = model
            .settings
            .iter()
            .map(|s| (s.object.as_str(), s.key.value.as_str(), s.literal))
            .collect();
        assert_eq!(
            settings,
            [
                ("workflow env", "MODE", true),
                ("job test step 1 (actions/checkout@v4)", "ref", false)
            ]
        );
    }

    #[test]
    fn trigger_shapes_and_needs_lists() {
        let (_, model) = load_text(
            "on: [push, workflow_dispatch]\njobs:\n  a:\n    needs: [b, c]\n    steps: []\n",
        );
        let p = &model.pipelines[0];
        assert_eq!(p.triggers.len(), 2);
        assert_eq!(p.jobs[0].needs.len(), 2);
        let (_, model) = load_text("on: push\njobs: {}\n");
        assert_eq!(model.pipelines[0].triggers[0].value, "push");
    }

    #[test]
    fn permissions_switches_services_and_interpreters() {
        let text = "\
on: push
permissions: {}
jobs:
  a:
    permissions: ${{ fromJSON(inputs.perms) }}
    continue-on-error: true
    services:
      db:
        image: postgres
        env:
          POSTGRES_PASSWORD: hunter2
    container:
      image: ghcr.io/acme/ci
      credentials:
        username: bot
        password: ${{ secrets.GHCR }}
    steps:
      - shell: python
        run: import os
      - continue-on-error: false
        run: make test
";
        let (_, model) = load_text(text);
        let p = &model.pipelines[0];
        assert!(
            matches!(&p.permissions.as_ref().unwrap().level, PermissionLevel::Scopes(s) if s.is_empty())
        );
        let job = &p.jobs[0];
        assert!(matches!(
            job.permissions.as_ref().unwrap().level,
            PermissionLevel::Unknown(_)
        ));
        assert_eq!(
            job.continue_on_error.as_ref().unwrap().value,
            Switch::Literal(true)
        );
        assert!(job.steps[0].run.as_ref().unwrap().commands.is_empty());
        assert_eq!(job.steps[1].run.as_ref().unwrap().commands.len(), 1);
        let settings: Vec<_> = model
            .settings
            .iter()
            .map(|s| (s.object.as_str(), s.key.value.as_str(), s.literal))
            .collect();
        assert_eq!(
            settings,
            [
                ("job a container", "username", true),
                ("job a container", "password", false),
                ("job a service db", "POSTGRES_PASSWORD", true),
            ]
        );
    }

    #[test]
    fn syntax_errors_and_duplicate_keys_are_problems() {
        let (_, model) = load_text("on: [push\njobs: {}\n");
        assert_eq!(model.problems[0].kind, ProblemKind::Syntax);
        let (file, model) =
            load_text("on: push\njobs:\n  a:\n    steps: []\n  a:\n    steps: []\n");
        assert_eq!(model.problems[0].kind, ProblemKind::DuplicateKey);
        assert_eq!(file.slice(model.problems[0].span), "a");
        let (_, model) = load_text("{{{{raw}}}}\non: push\n");
        assert_eq!(model.problems[0].kind, ProblemKind::UnrenderedTemplate);
        let (_, model) = load_text("- a\n- b\n");
        assert_eq!(model.problems[0].kind, ProblemKind::Syntax);
        let (_, model) = load_text("");
        assert!(model.problems.is_empty() && model.pipelines.is_empty());
    }

    #[test]
    fn command_spans_point_into_flow_and_quoted_scalars() {
        let text = "on: push\njobs:\n  a:\n    steps:\n      - run: docker push img\n      - run: \"cargo test\"\n      - run: >-\n          helm upgrade\n          x\n";
        let (file, model) = load_text(text);
        let steps = &model.pipelines[0].jobs[0].steps;
        let first = |i: usize| file.slice(steps[i].run.as_ref().unwrap().commands[0].span);
        assert_eq!(first(0), "docker push img");
        assert_eq!(first(1), "cargo test");
        // Folded text is not verbatim in the file: the whole scalar stands in.
        assert_eq!(first(2), "helm upgrade\n          x");
    }

    #[test]
    fn inputs_over_several_lines_are_scripts_unless_javascript() {
        let text = "on: push\njobs:\n  a:\n    steps:\n      - uses: appleboy/ssh-action@v1\n        with:\n          script: |\n            cd app\n            docker compose up -d\n      - uses: actions/github-script@v7\n        with:\n          script: |\n            const x = 1\n            core.info(x)\n";
        let (file, model) = load_text(text);
        let steps = &model.pipelines[0].jobs[0].steps;
        let script = steps[0].input_script("script").unwrap();
        assert_eq!(file.slice(script.commands[1].span), "docker compose up -d");
        assert!(steps[1].input_script("script").is_none());
    }
}
