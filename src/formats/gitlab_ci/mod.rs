//! GitLab CI pipelines (`.gitlab-ci.yml`, `*.gitlab-ci.yml`): YAML lowered
//! into a [`Pipeline`] whose jobs run in stages. Each job is first
//! assembled as GitLab assembles it (`resolve`: `extends:`, `default:`,
//! `!reference`; anchors are the YAML layer's, merge keys applied in turn
//! as Ruby's Psych applies them), then lowered: its stage and `needs:`,
//! its run condition from `rules:`/`only:`/`when:` (`conditions`),
//! `allow_failure:` as the model's continue-on-error,
//! `environment:`, a `trigger:` as a call of another pipeline, and its
//! `before_script`, `script` and `after_script` as three steps whose
//! commands are split like any shell script. Variables (top-level, job and
//! service) become settings for secret scanning.
//!
//! Hidden jobs (`.name`) are templates, not jobs. Files pulled in with
//! `include:` are not read: each is named in a note, and the pipeline is
//! marked as having jobs this scan does not see.

mod conditions;
pub(crate) mod moved;
mod resolve;

use std::borrow::Cow;
use std::sync::Arc;

use super::shell;
use super::yaml::{self, Entry, Node, NodeKind, pairs, scalar};
use crate::FastMap;
use crate::facts::{Facts, FirstPass, GitlabPipeline, LoweredPipeline};
use crate::model::{
    Ci, Derived, Expr, FileModel, Job, Pipeline, Problem, ProblemKind, Script, Setting,
    SettingContext, SharedPipeline, Step,
};
use crate::source::{Format, SourceFile, Span, Spanned};

use moved::{Bounds, Move};

pub use conditions::parse_if;

/// What GitLab does with a file that repeats a key.
const DUPLICATE_KEY_CONSEQUENCE: &str =
    "GitLab keeps the last one and ignores the others without a warning";

/// Top-level keys that configure the pipeline rather than name a job.
const KEYWORDS: &[&str] = &[
    "default",
    "include",
    "stages",
    "types",
    "variables",
    "workflow",
    "image",
    "services",
    "before_script",
    "after_script",
    "cache",
    "spec",
];

/// The stages of a pipeline that declares none.
const DEFAULT_STAGES: &[&str] = &["build", "test", "deploy"];

/// The job sections that hold shell scripts, in the order they run.
const SCRIPT_SECTIONS: &[&str] = &["before_script", "script", "after_script"];

/// A file that `first_pass` says [`FirstPass::waits`] for its pipeline
/// is read for its includes only.
pub fn load(file: &SourceFile, facts: &Facts, first_pass: Option<&FirstPass>) -> FileModel {
    let mut model = FileModel::default();
    // Waiting whatever it includes, and unable to include anything: not
    // even parsed until its pipeline's check.
    if first_pass.is_some_and(|first_pass| first_pass.below_root(&file.path))
        && !may_include(&file.text)
    {
        return model;
    }
    let pipeline = facts.gitlab_pipeline(&file.path);
    let own_index = pipeline.and_then(|pipeline| pipeline.index_of(&file.path));
    // A file of a pipeline is read as the pipeline's other files read it,
    // once; unless it changed since.
    let member = pipeline
        .zip(own_index)
        .and_then(|(pipeline, index)| pipeline.members.get(index))
        .filter(|member| member.text() == file.text);
    let unchanged = member.is_some();
    let root = match member {
        Some(member) => {
            let (root, problems) = member.parsed(parse_config);
            model.problems.extend(problems.iter().cloned());
            root.as_ref().map(Cow::Borrowed)
        }
        None => config_document(&file.text, &mut model.problems).map(Cow::Owned),
    };
    let Some(root) = root else {
        if let Some(pipeline) = pipeline {
            pipeline.lowered_one();
        }
        return model;
    };
    let own = includes(&root);
    model.includes = own
        .iter()
        .filter(|i| i.merged())
        .map(|i| i.target.clone())
        .collect();
    if first_pass.is_some_and(|first_pass| first_pass.waits(&file.path, &model)) {
        return model;
    }
    if let (Some(pipeline), Some(index), true) = (pipeline, own_index, unchanged) {
        let whole = pipeline.lowered(|| lower_whole(pipeline));
        pipeline.lowered_one();
        let moved = Move::to_start(Merged::place_of(pipeline, index), file.text.len());
        model
            .problems
            .extend(whole.problems.iter().cloned().map(|p| moved.problem(p)));
        let mut lowered = whole.pipeline.clone();
        moved.pipeline(&mut lowered, &whole.job_bounds);
        lowered.shared = Some(SharedPipeline {
            derived: Arc::clone(&whole.derived),
            relocation: moved.relocation(),
        });
        if !whole.named {
            lowered.name = file_name(&file.path).to_string();
        }
        model.pipelines.push(lowered);
        model.settings = whole
            .settings
            .iter()
            .cloned()
            .map(|s| moved.setting(s))
            .collect();
        return model;
    }
    // The pipeline this file is part of, when the file changed since it
    // was gathered (laid out first, before the others as they were), or
    // this file alone.
    let (combined, root, notes, partial, stages_sure) = match pipeline {
        Some(pipeline) => {
            let merged = Merged::of(Some((file, &root, own_index)), pipeline);
            let partial = !merged.notes.is_empty();
            (
                Some(merged.file),
                merged.root,
                merged.notes,
                partial,
                !partial,
            )
        }
        None => {
            // `.gitlab-ci.yml` starts a pipeline, and so does a file no
            // scanned file includes that declares its own `stages:` (GitLab's
            // own templates, a pipeline kept under another name); any other
            // file may be a fragment that another file includes, with
            // templates and jobs there.
            let fragment = !is_pipeline_root(&file.path) && root.get("stages").is_none();
            let partial = fragment || !own.is_empty();
            // Where it starts a pipeline, its own `stages:` are the
            // pipeline's: what it includes is merged under its keys.
            let stages_sure =
                !partial || root.get("stages").is_some() || root.get("types").is_some();
            (None, root.into_owned(), own, partial, stages_sure)
        }
    };
    model.problems.extend(include_problems(&notes));
    let (mut lowered, settings) = lower(
        combined.as_ref().unwrap_or(file),
        &root,
        partial,
        &mut model.problems,
    );
    if let Some(pipeline) = pipeline {
        pipeline.lowered_one();
    }
    lowered.stages_sure = stages_sure;
    model.pipelines.push(lowered);
    model.settings = settings;
    model
}

/// The pipeline the configuration `root` read from `file` holds, and the
/// settings of its jobs.
fn lower(
    file: &SourceFile,
    root: &Node,
    partial: bool,
    problems: &mut Vec<Problem>,
) -> (Pipeline, Vec<Setting>) {
    let mut lower = Lower {
        file,
        settings: Vec::new(),
        workflow: workflow_of(root),
        splits: FastMap::default(),
        service_images: Vec::new(),
    };
    let pipeline = lower.pipeline(root, partial, problems);
    (pipeline, lower.settings)
}

/// The pipeline with every file in its place past the longest file's end,
/// lowered once for all its files ([`GitlabPipeline::lowered`]).
fn lower_whole(pipeline: &GitlabPipeline) -> LoweredPipeline {
    let merged = Merged::of(None, pipeline);
    let mut problems: Vec<Problem> = include_problems(&merged.notes).collect();
    let partial = !merged.notes.is_empty();
    let (mut pipeline, settings) = lower(&merged.file, &merged.root, partial, &mut problems);
    let job_bounds = pipeline
        .jobs
        .iter_mut()
        .map(|job| Bounds::of(Arc::make_mut(job)))
        .collect();
    LoweredPipeline {
        pipeline,
        job_bounds,
        settings,
        problems,
        named: workflow_name(&merged.root).is_some(),
        derived: Derived::default(),
    }
}

/// A note for each include the pipeline does not merge.
fn include_problems(notes: &[Include]) -> impl Iterator<Item = Problem> + '_ {
    notes.iter().map(|include| {
        let message = if include.conditional {
            format!(
                "{} is not merged: GitLab includes it in some pipelines only; its jobs are \
                 checked in its own file, and jobs here are checked without them",
                include.describe()
            )
        } else {
            format!(
                "{} is not read: the jobs and templates it defines are not checked, and \
                 jobs here are checked without them",
                include.describe()
            )
        };
        Problem {
            kind: ProblemKind::Unsupported,
            span: include.span,
            message,
        }
    })
}

/// When `workflow: rules` create the pipeline, at the rules.
fn workflow_of(root: &Node) -> Option<Spanned<Expr>> {
    conditions::workflow_condition(root).map(|expr| {
        let span = root
            .path(&["workflow", "rules"])
            .map_or(root.span, |r| r.span);
        Spanned::new(expr, span)
    })
}

/// The pipeline's `workflow: name:`.
fn workflow_name(root: &Node) -> Option<Spanned<String>> {
    scalar(root.path(&["workflow", "name"]))
}

/// A file's name, without its directories: a pipeline's name when its
/// `workflow:` names none.
fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Whether a YAML file lies in a `.gitlab` directory, where projects keep
/// what their `.gitlab-ci.yml` includes, and holds no Kubernetes object: a
/// file of variables, `include:`s or templates (`.services:`) that holds no
/// job is GitLab CI there too.
pub fn kept_for_gitlab(path: &str, text: &str) -> bool {
    path.split(['/', '\\'])
        .rev()
        .skip(1)
        .any(|dir| dir == ".gitlab")
        && !text
            .lines()
            .any(|line| line.starts_with("apiVersion:") || line.starts_with("kind:"))
}

/// Whether a YAML file that no name marks holds GitLab CI jobs: a mapping
/// at the top (no Kubernetes object) whose entries include a job, a key at
/// the left margin with `script:` or `trigger:` as its first-level key, or
/// a template (a hidden `.key`) with a job keyword there.
pub fn sniff(text: &str) -> bool {
    const TEMPLATE_KEYS: &[&str] = &[
        "script:",
        "before_script:",
        "after_script:",
        "extends:",
        "stage:",
        "image:",
        "rules:",
        "needs:",
        "only:",
        "except:",
    ];
    // A job key, or a hidden key at the left margin for a template key,
    // must be in the text: most YAML files are passed over by a few fast
    // searches.
    let may_hold_job = ["script:", "trigger:", "extends:", "\n."]
        .iter()
        .any(|needle| crate::source::holds(text, needle));
    if !may_hold_job && !text.starts_with('.') {
        return false;
    }
    let mut in_entry = false;
    let mut hidden = false;
    let mut indent: Option<usize> = None;
    for line in text.lines() {
        let content = line.trim_start();
        if content.is_empty() || content.starts_with('#') || line.starts_with("---") {
            continue;
        }
        if line.starts_with("apiVersion:") || line.starts_with("kind:") || line.starts_with('-') {
            return false;
        }
        let depth = line.len() - content.len();
        if depth == 0 {
            in_entry = content.ends_with(':') || content.contains(": &");
            hidden = content.starts_with('.');
            indent = None;
            continue;
        }
        let first_level = *indent.get_or_insert(depth) == depth;
        // A job that takes its script from a template elsewhere: `extends:`
        // (Compose's `extends:` sits under `services:`, a level deeper).
        let job_key = content.starts_with("script:")
            || content.starts_with("trigger:")
            || (!hidden && content.starts_with("extends:"));
        let template_key = hidden && TEMPLATE_KEYS.iter().any(|k| content.starts_with(k));
        if in_entry && first_level && (job_key || template_key) {
            return true;
        }
    }
    false
}

/// Whether a path names the file that starts a pipeline.
pub fn is_pipeline_root(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case(".gitlab-ci.yml"))
}

/// The document of a file that holds its configuration and the file's
/// syntax problems, as [`config_document`] reads them.
fn parse_config(text: &str) -> (Option<Node>, Vec<Problem>) {
    let mut problems = Vec::new();
    let root = config_document(text, &mut problems);
    (root, problems)
}

/// Whether `text` may hold an `include:` key: it holds the word, or a
/// double-quoted escape that could spell one of its letters.
fn may_include(text: &str) -> bool {
    ["include", "\\x", "\\u", "\\U"]
        .iter()
        .any(|needle| crate::source::holds(text, needle))
}

/// The document of a file that holds its configuration, with the file's
/// syntax problems; `None` when there is none to check.
fn config_document(text: &str, problems: &mut Vec<Problem>) -> Option<Node> {
    // GitLab reads YAML as libyaml does.
    let stream = match yaml::parse_lenient(text) {
        Ok(stream) => stream,
        Err(error) => {
            problems.push(yaml::syntax_problem(&error));
            return None;
        }
    };
    // GitLab's reader (Ruby's Psych) applies each `<<` of a mapping in
    // turn: a second one merges another template, it is no repeated key.
    problems.extend(yaml::duplicate_key_problems(
        stream.warnings.iter().filter(|warning| !warning.merge),
        DUPLICATE_KEY_CONSEQUENCE,
    ));
    // A CI/CD component or a file with inputs starts with a `spec:` header
    // document; the configuration is the next one.
    let mut documents = stream.documents.into_iter();
    let mut document = documents.next()?;
    if document.root.get("spec").is_some() && document.root.entries().len() == 1 {
        document = documents.next().unwrap_or(document);
    }
    let mut root = document.root;
    root.apply_merges_in_turn();
    if root.as_map().is_none() {
        if !root.is_null() {
            problems.push(Problem {
                kind: ProblemKind::Syntax,
                span: root.span,
                message: "a GitLab CI file is a mapping of jobs and keywords; this document is \
                          not a mapping"
                    .into(),
            });
        }
        return None;
    }
    Some(root)
}

/// A pipeline assembled from its files as GitLab merges them, laid out in
/// one address space: every file of the pipeline in merge order from past
/// the longest one's end, at the same places whichever file is checked.
/// Before them lies the checked file's text when it changed since the
/// pipeline was gathered (the others read it as it was), so that its
/// spans are its own; an unchanged file's model is moved there from its
/// place ([`Move`]). What the others wrote lies past the checked file's
/// end, where its findings are dropped (those files report them).
struct Merged {
    file: SourceFile,
    root: Node,
    /// The includes no file of the set answers, from every file.
    notes: Vec<Include>,
}

/// A file that changed since its pipeline was gathered: its text, its
/// document, and where it comes among the pipeline's files.
type Changed<'a> = (&'a SourceFile, &'a Node, Option<usize>);

impl Merged {
    fn of(changed: Option<Changed<'_>>, pipeline: &GitlabPipeline) -> Merged {
        let first = changed.map_or("", |(file, ..)| file.text.as_str());
        let mut text = first.to_string();
        // Blanks, not lines: the combined text's line index stays the
        // size of the files' own.
        text.push('\n');
        text.push_str(&" ".repeat(Self::others_at(pipeline, first) - text.len()));
        let mut roots: Vec<(Node, &[String])> = Vec::new();
        for (index, member) in pipeline.members.iter().enumerate() {
            let base = text.len();
            text.push_str(member.text());
            text.push('\n');
            if let Some((_, own, Some(own_index))) = changed
                && own_index == index
            {
                roots.push((own.clone(), &member.unmatched));
                continue;
            }
            // Its problems are its own to report.
            if let (Some(root), _) = member.parsed(parse_config) {
                let mut root = root.clone();
                root.shift(base);
                roots.push((root, &member.unmatched));
            }
        }
        let mut notes = Vec::new();
        let mut merged: Option<Node> = None;
        for (root, unmatched) in roots {
            notes.extend(
                includes(&root)
                    .into_iter()
                    .filter(|i| !i.merged() || unmatched.contains(&i.target)),
            );
            merged = Some(match merged {
                None => root,
                Some(base) => resolve::merge_files(base, &root),
            });
        }
        let root = merged.unwrap_or_else(|| match changed {
            Some((_, own, _)) => own.clone(),
            None => Node {
                span: Span::at(0),
                kind: NodeKind::Map(Vec::new()),
                tag: None,
            },
        });
        let path = changed.map_or_else(String::new, |(file, ..)| file.path.clone());
        Merged {
            file: SourceFile::new(path, Format::GitlabCi, text),
            root,
            notes,
        }
    }

    /// Where the pipeline's files start: past the longest of them and of
    /// the text laid out `first`.
    fn others_at(pipeline: &GitlabPipeline, first: &str) -> usize {
        let longest = pipeline.members.iter().map(|m| m.text().len());
        longest.chain([first.len()]).max().unwrap_or(0) + 1
    }

    /// Where the file at `index` among the pipeline's lies in the layout.
    fn place_of(pipeline: &GitlabPipeline, index: usize) -> usize {
        let before: usize = pipeline.members[..index]
            .iter()
            .map(|m| m.text().len() + 1)
            .sum();
        Self::others_at(pipeline, "") + before
    }
}

/// One `include:` entry: what kind of source it names, and which.
struct Include {
    span: Span,
    /// `local`, `project`, `remote`, `template` or `component`; empty when
    /// the entry names none of them.
    kind: &'static str,
    target: String,
    /// It has `rules:`: whether GitLab includes it depends on the pipeline
    /// (two such files are often alternatives), so it is not merged.
    conditional: bool,
}

impl Include {
    /// How a note names it.
    fn describe(&self) -> String {
        match (self.kind, self.conditional) {
            ("", _) => "an `include:`".into(),
            (kind, false) => format!("`include: {kind}` `{}`", self.target),
            (kind, true) => format!("`include: {kind}` `{}` with `rules:`", self.target),
        }
    }

    /// Whether the scan may merge it: a local file, included always.
    fn merged(&self) -> bool {
        self.kind == "local" && !self.conditional
    }
}

/// Each `include:` entry. A string is a local path, or a remote one when
/// it is a URL.
fn includes(root: &Node) -> Vec<Include> {
    let Some(include) = root.get("include") else {
        return Vec::new();
    };
    let items: Vec<&Node> = match &include.kind {
        NodeKind::Seq(items) => items.iter().collect(),
        _ => vec![include],
    };
    items
        .into_iter()
        .map(|item| {
            let (kind, target) = match item.as_str() {
                Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                    ("remote", url.to_string())
                }
                Some(path) => ("local", path.to_string()),
                None => ["local", "project", "remote", "template", "component"]
                    .into_iter()
                    .find_map(|kind| {
                        let target = item.get(kind)?;
                        let target = target
                            .as_str()
                            .map_or_else(|| kind.to_string(), str::to_string);
                        Some((kind, target))
                    })
                    .unwrap_or_default(),
            };
            Include {
                span: item.span,
                kind,
                target,
                conditional: item.get("rules").is_some(),
            }
        })
        .collect()
}

struct Lower<'a> {
    file: &'a SourceFile,
    settings: Vec<Setting>,
    /// When `workflow: rules` create the pipeline, at the rules.
    workflow: Option<Spanned<Expr>>,
    /// The script lines split so far that lie outside the job that ran
    /// them, by span: a line's span tells its text, and the jobs that
    /// extend one template all hold its lines. Splitting them again for
    /// each job was a twelfth of a GitLab run. A job's own lines are split
    /// for it alone: kept here too, they were a fifth of the memory of a
    /// generated pipeline of a hundred thousand jobs.
    splits: FastMap<Span, shell::Split>,
    /// The images of the services the jobs start, `default:` ones included.
    service_images: Vec<String>,
}

impl<'a> Lower<'a> {
    fn pipeline(&mut self, root: &Node, partial: bool, problems: &mut Vec<Problem>) -> Pipeline {
        let name =
            workflow_name(root).map_or_else(|| file_name(&self.file.path).into(), |n| n.value);
        let declared: Vec<String> = root
            .get("stages")
            .or_else(|| root.get("types"))
            .map(|s| {
                s.items()
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_else(|| DEFAULT_STAGES.iter().map(|s| s.to_string()).collect());
        let mut stages = vec![".pre".to_string()];
        stages.extend(declared.into_iter().filter(|s| s != ".pre" && s != ".post"));
        stages.push(".post".into());
        let env = variables(root.get("variables"));
        let first = self.settings.len();
        self.settings_from(&env, "variables", |_| SettingContext::PipelineVariable);
        let pipeline_variables = first..self.settings.len();
        let mut resolver = resolve::Resolver::new(root, partial);
        let defined: Vec<&str> = root
            .entries()
            .iter()
            .filter_map(|e| e.key.as_str())
            .collect();
        let mut jobs = Vec::new();
        for entry in root.entries() {
            let Some(id) = scalar(Some(&entry.key)) else {
                continue;
            };
            if id.value.starts_with('.')
                || KEYWORDS.contains(&id.value.as_str())
                || entry.value.as_map().is_none()
            {
                continue;
            }
            let resolved = resolver.job(&id.value, &entry.value);
            let job = self.job(id, entry, &resolved, &defined);
            jobs.push(Arc::new(job));
        }
        // GitLab hands the pipeline's variables to the services of every
        // job as well: a `POSTGRES_PASSWORD` at the top configures the
        // `postgres` service the jobs start (from `default:` or their own),
        // as a job's own variable does.
        for setting in &mut self.settings[pipeline_variables] {
            if self
                .service_images
                .iter()
                .any(|image| configures_image(&setting.key.value, image))
            {
                setting.context = SettingContext::ServiceContainerEnv;
            }
        }
        problems.extend(resolver.troubles.into_iter().map(|t| Problem {
            kind: ProblemKind::Syntax,
            span: t.span,
            message: t.message,
        }));
        // `workflow: rules` say which pipelines are created at all (each
        // job's condition holds them); a pipeline created for tags only
        // builds whatever commit a tag points at, as `on: push: tags`.
        let tags_only = conditions::tags_only(root);
        Pipeline {
            ci: Ci::GitlabCi,
            name,
            span: root.span,
            triggers_span: None,
            triggers: Vec::new(),
            on_tags: tags_only,
            tags_only,
            permissions: None,
            jobs,
            env,
            stages,
            partial,
            stages_sure: !partial,
            shared: None,
        }
    }

    /// `defined`: the file's top-level keys, so that an optional need of a
    /// job that is not there (GitLab ignores it) is dropped.
    fn job(&mut self, id: Spanned<String>, entry: &Entry, node: &Node, defined: &[&str]) -> Job {
        let label = format!("job {}", id.value);
        let needs_node = node.get("needs");
        let needs = needs_node
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|need| match &need.kind {
                NodeKind::Map(_)
                    if need.get("pipeline").is_some() || need.get("project").is_some() =>
                {
                    None
                }
                NodeKind::Map(_) => scalar(need.get("job")).filter(|job| {
                    need.get("optional").and_then(Node::as_bool) != Some(true)
                        || defined.contains(&job.value.as_str())
                }),
                _ => scalar(Some(need)),
            })
            .collect();
        // `type:` is the old name of `stage:`.
        let stage = scalar(node.get("stage"))
            .or_else(|| scalar(node.get("type")))
            .unwrap_or_else(|| Spanned::new("test".into(), id.span));
        let services = node.get("services").map(Node::items).unwrap_or_default();
        let service_images: Vec<String> = services
            .iter()
            .filter_map(|service| scalar(service.get("name")).or_else(|| scalar(Some(service))))
            .map(|image| image.value)
            .collect();
        self.service_images.extend(service_images.iter().cloned());
        let env = variables(node.get("variables"));
        self.settings_from(&env, &format!("{label} variables"), |key| {
            if service_images
                .iter()
                .any(|image| configures_image(key, image))
            {
                SettingContext::ServiceContainerEnv
            } else {
                SettingContext::PipelineVariable
            }
        });
        for service in services {
            let service_name = scalar(service.get("name")).map_or_else(String::new, |n| n.value);
            let service_env = variables(service.get("variables"));
            self.settings_from(
                &service_env,
                &format!("{label} service {service_name}"),
                |_| SettingContext::ServiceContainerEnv,
            );
        }
        let own_span = entry.span();
        let mut steps = Vec::new();
        for section in SCRIPT_SECTIONS {
            if let Some(entry) = node.entry(section) {
                steps.push(self.step(section, own_span, &entry.key, &entry.value));
            }
        }
        // A job has one to three: a vector's first room is for four steps
        // (1.9 KB), most of a generated pipeline's memory.
        steps.shrink_to_fit();
        Job {
            span: entry.span(),
            name: None,
            needs,
            needs_span: needs_node.map(|n| n.span),
            stage: Some(stage),
            condition: conditions::within_workflow(
                conditions::job_condition(node),
                self.workflow.as_ref(),
            ),
            manual: conditions::manual(node),
            continue_on_error: conditions::allow_failure(node),
            environment: environment(node.entry("environment")),
            // Only the job's own: a template's reports reach every job
            // that extends it, whatever that job runs.
            reports: reports(&entry.value),
            release_assets: release_assets(node),
            permissions: None,
            runs_on: Vec::new(),
            uses: trigger(node.get("trigger")),
            with: Vec::new(),
            steps,
            env,
            id,
        }
    }

    /// One script section as a step: its lines (after `!reference`
    /// splicing, lists of lists included) run one after the other.
    fn step(&mut self, section: &str, own: Span, key: &Node, value: &Node) -> Step {
        let mut lines = Vec::new();
        collect_lines(value, &mut lines, 0);
        let mut commands = Vec::new();
        let mut heredoc_commands = Vec::new();
        for line in &lines {
            let Some(text) = line.as_str() else {
                continue;
            };
            if own.contains(line.span) {
                let split = super::scalar_commands(self.file, line, text);
                commands.extend(split.commands);
                heredoc_commands.extend(split.heredoc_commands);
            } else {
                let split = self
                    .splits
                    .entry(line.span)
                    .or_insert_with(|| super::scalar_commands(self.file, line, text));
                commands.extend_from_slice(&split.commands);
                heredoc_commands.extend_from_slice(&split.heredoc_commands);
            }
        }
        let text: Vec<&str> = lines.iter().filter_map(|l| l.as_str()).collect();
        Step {
            span: key.span.join(value.span),
            name: Some(Spanned::new(section.to_string(), key.span)),
            run: Some(Script {
                text: Spanned::new(text.join("\n"), value.span),
                shell: None,
                commands,
                heredoc_commands,
            }),
            ..Step::default()
        }
    }

    fn settings_from(
        &mut self,
        pairs: &[(Spanned<String>, Spanned<String>)],
        object: &str,
        context: impl Fn(&str) -> SettingContext,
    ) {
        for (key, value) in pairs {
            self.settings.push(Setting {
                context: context(&key.value),
                object: object.to_string(),
                key: key.clone(),
                value: value.clone(),
                literal: !expands_a_variable(&value.value),
                in_list: false,
            });
        }
    }
}

/// Whether a variable is named for the image of a service container
/// (`POSTGRES_PASSWORD` for `postgres:16`, `MYSQL_ROOT_PASSWORD` for
/// `mysql`, `POSTGRES_USER` for `bitnami/postgresql`): GitLab hands a job's
/// variables to its services, and these configure that one. MariaDB's image
/// reads MySQL's variables too (`MYSQL_ROOT_PASSWORD` for `mariadb:10`).
fn configures_image(key: &str, image: &str) -> bool {
    let name = image.rsplit('/').next().unwrap_or(image);
    let name = name.split([':', '@']).next().unwrap_or(name);
    let prefix = key.split('_').next().unwrap_or(key);
    let starts_with = |word: &str| {
        name.get(..word.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(word))
    };
    key.contains('_')
        && prefix.len() >= 4
        && (starts_with(prefix) || (prefix.eq_ignore_ascii_case("mysql") && starts_with("mariadb")))
}

/// The scalars of a script: a string, or a list whose items may be lists
/// (a `!reference` to a list, nested a few levels at most).
fn collect_lines<'n>(node: &'n Node, out: &mut Vec<&'n Node>, depth: usize) {
    match &node.kind {
        NodeKind::Scalar(_) => out.push(node),
        NodeKind::Seq(items) if depth < resolve::MAX_REFERENCE_DEPTH => {
            for item in items {
                collect_lines(item, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// `variables:` pairs; a variable may be a mapping with its `value:`.
fn variables(node: Option<&Node>) -> Vec<(Spanned<String>, Spanned<String>)> {
    let mut out = pairs(node);
    for entry in node.map(Node::entries).unwrap_or_default() {
        if let (Some(key), Some(value)) =
            (scalar(Some(&entry.key)), scalar(entry.value.get("value")))
        {
            out.push((key, value));
        }
    }
    out
}

/// Whether GitLab expands a variable in the value (`$X`, `${X}`), so that
/// what runs is not what is written.
fn expands_a_variable(value: &str) -> bool {
    value
        .split('$')
        .skip(1)
        .any(|rest| rest.starts_with(|c: char| c == '{' || c == '_' || c.is_ascii_alphabetic()))
}

/// The kinds of `artifacts:reports:` a job mapping declares, at their keys.
fn reports(job: &Node) -> Vec<Spanned<String>> {
    job.get("artifacts")
        .and_then(|artifacts| artifacts.get("reports"))
        .map(Node::entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| {
            Some(Spanned::new(
                entry.key.as_str()?.to_string(),
                entry.key.span,
            ))
        })
        .collect()
}

/// The links a job's `release:` attaches to the release, each link's `url`
/// (a link without one is GitLab's error, no asset).
fn release_assets(job: &Node) -> Vec<Spanned<String>> {
    job.get("release")
        .and_then(|release| release.get("assets"))
        .and_then(|assets| assets.get("links"))
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|link| scalar(link.get("url")))
        .collect()
}

/// The environment a job deploys to: `environment: production`, or its
/// `name:`. An environment with `action: stop`, `prepare`, `verify` or
/// `access` is not deployed to by the job.
fn environment(entry: Option<&Entry>) -> Option<Spanned<String>> {
    let entry = entry?;
    let value = &entry.value;
    if value.as_map().is_some() {
        let action = value
            .get("action")
            .and_then(Node::as_str)
            .unwrap_or("start");
        if action != "start" {
            return None;
        }
        return scalar(value.get("name")).map(|n| Spanned::new(n.value, entry.key.span));
    }
    scalar(Some(value)).map(|n| Spanned::new(n.value, entry.span()))
}

/// A `trigger:` of another pipeline: the project, or the file it includes.
fn trigger(node: Option<&Node>) -> Option<Spanned<String>> {
    let node = node?;
    if node.as_str().is_some() {
        return scalar(Some(node));
    }
    if let Some(project) = scalar(node.get("project")) {
        return Some(project);
    }
    let include = node.get("include")?;
    let first = include.items().first().unwrap_or(include);
    scalar(Some(first)).or_else(|| {
        ["local", "file", "template", "component", "project"]
            .into_iter()
            .find_map(|kind| scalar(first.get(kind)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Switch;
    use crate::source::Format;

    fn load_text(text: &str) -> (SourceFile, FileModel) {
        let file = SourceFile::new(".gitlab-ci.yml", Format::GitlabCi, text);
        let model = load(&file, &Facts::default(), None);
        (file, model)
    }

    #[test]
    fn only_a_text_that_spells_include_may_include() {
        assert!(!may_include("build:\n  script: [make]\n"));
        assert!(may_include("include:\n  - local: ci/test.yml\n"));
        assert!(may_include("\"\\x69nclude\": ci/test.yml\n"));
        assert!(may_include("\"\\u0069nclude\": ci/test.yml\n"));
    }

    #[test]
    fn lowers_stages_needs_templates_and_scripts() {
        let text = "\
stages: [build, test, deploy]
variables:
  REGISTRY_USER: bot
default:
  image: alpine
.deploy-base:
  stage: deploy
  environment:
    name: production
  before_script:
    - echo start
build:
  stage: build
  script:
    - docker build -t app .
    - docker push app
unit:
  script: [make test]
  allow_failure: true
deploy:
  extends: .deploy-base
  needs: [build, {job: unit, optional: true}, {pipeline: other}, {job: gone, optional: true}]
  script:
    - kubectl apply -f k8s/
stop:
  stage: deploy
  environment: {name: production, action: stop}
  script: [kubectl delete -f k8s/]
";
        let (file, model) = load_text(text);
        assert!(model.problems.is_empty(), "{:?}", model.problems);
        let p = &model.pipelines[0];
        assert_eq!(p.ci, Ci::GitlabCi);
        assert_eq!(p.stages, [".pre", "build", "test", "deploy", ".post"]);
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.value.as_str()).collect();
        assert_eq!(ids, ["build", "unit", "deploy", "stop"]);
        let unit = &p.jobs[1];
        assert_eq!(unit.stage.as_ref().unwrap().value, "test");
        assert_eq!(
            unit.continue_on_error.as_ref().unwrap().value,
            Switch::Literal(true)
        );
        let deploy = &p.jobs[2];
        let needs: Vec<&str> = deploy.needs.iter().map(|n| n.value.as_str()).collect();
        assert_eq!(needs, ["build", "unit"]);
        assert_eq!(deploy.stage.as_ref().unwrap().value, "deploy");
        assert_eq!(deploy.environment.as_ref().unwrap().value, "production");
        let sections: Vec<&str> = deploy
            .steps
            .iter()
            .map(|s| s.name.as_ref().unwrap().value.as_str())
            .collect();
        assert_eq!(sections, ["before_script", "script"]);
        let command = &deploy.steps[1].run.as_ref().unwrap().commands[0];
        assert_eq!(file.slice(command.span), "kubectl apply -f k8s/");
        assert!(p.jobs[3].environment.is_none());
        let settings: Vec<_> = model
            .settings
            .iter()
            .map(|s| (s.object.as_str(), s.key.value.as_str(), s.literal))
            .collect();
        assert_eq!(settings, [("variables", "REGISTRY_USER", true)]);
    }

    #[test]
    fn includes_are_notes_and_mark_the_pipeline() {
        let text = "\
include:
  - local: ci/test.yml
  - project: group/templates
    file: deploy.yml
  - https://example.com/ci.yml
  - template: Security/SAST.gitlab-ci.yml
job:
  extends: .from-elsewhere
  script: [make]
";
        let (_, model) = load_text(text);
        let messages: Vec<&str> = model.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[0].starts_with("`include: local` `ci/test.yml`"));
        assert!(messages[1].starts_with("`include: project` `group/templates`"));
        assert!(messages[2].starts_with("`include: remote`"));
        assert!(messages[3].starts_with("`include: template`"));
        assert!(model.pipelines[0].partial);
        assert_eq!(model.includes, ["ci/test.yml"]);
        let (_, model) = load_text("include:\n  - local: a.yml\n    rules: [{if: $X}]\n");
        assert!(model.includes.is_empty());
        assert!(model.problems[0].message.contains("`a.yml` with `rules:`"));
    }

    #[test]
    fn workflow_rules_hold_every_job_and_mark_tag_pipelines() {
        let job = "build:\n  script: [make]\n";
        let (_, tags) = load_text(&format!(
            "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG =~ /^v/\n{job}"
        ));
        let pipeline = &tags.pipelines[0];
        assert!(pipeline.on_tags);
        let condition = pipeline.jobs[0].condition.as_ref().expect("the workflow's");
        assert_eq!(condition.text.value, "workflow: rules");
        let (_, branches) = load_text(&format!(
            "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG\n      when: never\n    - when: always\n{job}"
        ));
        assert!(!branches.pipelines[0].on_tags);
        let (_, none) = load_text(job);
        assert!(none.pipelines[0].jobs[0].condition.is_none());
    }

    #[test]
    fn files_kept_in_a_gitlab_directory_are_gitlab_ci_without_a_job() {
        let variables = "variables:\n  GO_VERSION: \"1.22\"\n";
        assert!(!sniff(variables));
        assert!(kept_for_gitlab(".gitlab/variables.yml", variables));
        assert!(kept_for_gitlab(
            "repo/.gitlab/ci/services.yml",
            ".services:\n  db:\n    name: x\n"
        ));
        assert!(kept_for_gitlab(
            r"repo\.gitlab\includes.yml",
            "include:\n  - remote: https://x/y.yml\n"
        ));
        // A manifest kept there stays one; a directory named like it is not it.
        assert!(!kept_for_gitlab(
            ".gitlab/agent.yaml",
            "apiVersion: v1\nkind: ConfigMap\n"
        ));
        assert!(!kept_for_gitlab("my.gitlab/variables.yml", variables));
        assert!(!kept_for_gitlab(".gitlab", variables));
    }

    #[test]
    fn fragments_are_sniffed_from_their_jobs() {
        assert!(sniff(
            "# jobs\n.base: &base\n  image: x\nunit:\n  stage: test\n  script: [make]\n"
        ));
        assert!(sniff("deploy:\n  trigger:\n    project: a/b\n"));
        assert!(!sniff("apiVersion: v1\nkind: Pod\nscript:\n  script: x\n"));
        assert!(!sniff("- name: play\n  script: run.sh\n"));
        assert!(!sniff("values:\n  nested:\n    script: x\n"));
        assert!(sniff(
            ".cuda-image:\n  image: nvidia/cuda:12\n  tags: [gpu]\n"
        ));
        assert!(!sniff(".hidden:\n  name: x\nimage:\n  tag: v1\n"));
        // A template with no job key, after another key or on CRLF lines.
        assert!(sniff("variables:\n  A: b\n.base:\n  extends: .x\n"));
        assert!(sniff("variables:\r\n  A: b\r\n.base:\r\n  needs: []\r\n"));
        // A job whose script comes from a template in another file.
        assert!(sniff("validate:\n  extends: .validate\n  stage: tests\n"));
        // Compose's `extends:` sits a level deeper, under a service.
        assert!(!sniff(
            "services:\n  web:\n    extends:\n      file: common.yml\n"
        ));
    }

    #[test]
    fn invalid_documents_are_problems() {
        let (_, model) = load_text("job: [unclosed\n");
        assert_eq!(model.problems[0].kind, ProblemKind::Syntax);
        let (_, model) = load_text("- a\n");
        assert_eq!(model.problems[0].kind, ProblemKind::Syntax);
        let (file, model) = load_text("job:\n  extends: .missing\n  script: [x]\n");
        assert_eq!(model.problems[0].kind, ProblemKind::Syntax);
        assert_eq!(file.slice(model.problems[0].span), ".missing");
        let (_, model) = load_text("spec:\n  inputs: {}\n---\njob:\n  script: [x]\n");
        assert_eq!(model.pipelines[0].jobs.len(), 1);
    }

    #[test]
    fn variables_with_values_and_expansions() {
        let (_, model) = load_text(
            "variables:\n  A: {value: literal, description: x}\n  B: $CI_JOB_TOKEN\n  C: price$5\n",
        );
        let settings: Vec<_> = model
            .settings
            .iter()
            .map(|s| (s.key.value.as_str(), s.value.value.as_str(), s.literal))
            .collect();
        assert_eq!(
            settings,
            [
                ("B", "$CI_JOB_TOKEN", false),
                ("C", "price$5", true),
                ("A", "literal", true)
            ]
        );
    }
}
