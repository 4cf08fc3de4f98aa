//! Job roles: what a CI job does (lint, test, build an image, push an
//! artifact, deploy), classified from the commands its steps run and the
//! actions they use. The knowledge is data (`roles.yaml`, parsed once, at
//! first use); this module only matches it. A configuration's `[job-roles]`
//! adds patterns beside the table ([`Extension`]) without touching it.
//!
//! Every classification carries its evidence (the command or action, with
//! its span and order in the job), so that rules can say what they saw and
//! where, and whether it is sure or only a guess from a name (a reusable
//! workflow's path, a script's file name).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::FastMap;
use crate::config::Config;
use crate::facts::Facts;
use crate::formats::shell;
use crate::formats::yaml::{self, Node};
use crate::memo::Memo;
use crate::model::{Ci, Command, FileModel, Job, PermissionLevel, Pipeline, Step, Switch, Word};
use crate::source::{Span, Spanned, glob};

use super::conditions::{Scenario, Status};
use super::foreign::ForeignCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Lint,
    Test,
    Build,
    Push,
    Deploy,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Lint,
        Role::Test,
        Role::Build,
        Role::Push,
        Role::Deploy,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Role::Lint => "lint",
            Role::Test => "test",
            Role::Build => "build",
            Role::Push => "push",
            Role::Deploy => "deploy",
        }
    }

    /// What a job with the role does, for messages.
    pub fn verb(self) -> &'static str {
        match self {
            Role::Lint => "lints",
            Role::Test => "tests",
            Role::Build => "builds an image",
            Role::Push => "publishes",
            Role::Deploy => "deploys",
        }
    }

    /// Lint and test are the gates that the other roles should wait for.
    pub fn is_gate(self) -> bool {
        matches!(self, Role::Lint | Role::Test)
    }

    fn parse(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// Where a deploy goes, when that changes its meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A Kubernetes cluster: a throwaway local cluster absorbs it.
    Kubernetes,
    /// A documentation site.
    Pages,
}

/// Where in a job something happens: (step index, command index). Job-level
/// evidence (an environment, a reusable workflow call) comes after every step.
pub type Order = (usize, usize);

/// The commands of the given steps' `run:` scripts, each with its order in
/// the job.
fn ordered_commands<'j>(
    steps: impl Iterator<Item = (usize, &'j Step)>,
) -> impl Iterator<Item = (Order, &'j Command)> {
    steps
        .filter_map(|(index, step)| step.run.as_ref().map(|run| (index, run)))
        .flat_map(|(index, run)| {
            run.commands
                .iter()
                .enumerate()
                .map(move |(n, command)| ((index, n), command))
        })
}

/// Why a job has a role.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub role: Role,
    /// The command, action or key that shows it.
    pub span: Span,
    /// How to name it in a message: `` `kubectl apply` ``.
    pub what: String,
    /// Only a name suggests it (a script, a reusable workflow).
    pub guess: bool,
    pub target: Option<Target>,
    pub order: Order,
    /// The step it comes from; `None` for job-level evidence.
    pub step: Option<usize>,
}

impl Evidence {
    /// It deploys a documentation site (`mkdocs gh-deploy`, a site built
    /// by Sphinx and sent to Netlify): the code's tests rarely concern it,
    /// so no rule holds it to them as a release of the product.
    pub fn deploys_documentation(&self) -> bool {
        self.target == Some(Target::Pages)
    }
}

/// What a command's words show, as [`RoleTable::classify`] finds it.
#[derive(Debug, Default)]
struct Shown {
    /// Where the command proper starts among its words (after wrappers).
    first: usize,
    found: Vec<Found>,
    /// It starts a throwaway cluster.
    sandbox: bool,
}

#[derive(Debug)]
struct Found {
    role: Role,
    what: String,
    guess: bool,
    target: Option<Target>,
}

impl Found {
    /// What was found as a job's evidence, shown at `span`, in the step
    /// `order` names.
    fn evidence(&self, span: Span, order: Order) -> Evidence {
        Evidence {
            role: self.role,
            span,
            what: self.what.clone(),
            guess: self.guess,
            target: self.target,
            order,
            step: Some(order.0),
        }
    }
}

/// The commands of one pipeline classified so far, by where they are
/// written.
type Classified<'p> = Memo<Span, &'p Command, Shown>;

/// A job's roles, with their evidence in job order.
#[derive(Debug, Clone, Default)]
pub struct JobProfile {
    pub evidence: Vec<Evidence>,
    /// Lint and test that run inside a clone of another repository
    /// ([`ForeignCode`]): they check that code, so they are no evidence of
    /// the job's role. Kept to say why a job that runs them is no gate.
    pub foreign_checks: Vec<Evidence>,
    /// Lint and test of steps switched off (`if: false`): they never run,
    /// so they are no evidence either. Kept to say why the job is no gate.
    pub switched_off_checks: Vec<Evidence>,
    /// Lint and test that a job's name claims while its steps only print or
    /// wait (`echo "Running tests..."`): a placeholder, no evidence. Kept
    /// to say why the job is no gate.
    pub placeholder_checks: Vec<Evidence>,
}

impl JobProfile {
    /// The profile with the spans of its evidence moved with `to`: this
    /// one, shared, when none moves.
    pub fn relocated(self: &Arc<Self>, to: impl Fn(Span) -> Span) -> Arc<Self> {
        let mut evidence = self
            .evidence
            .iter()
            .chain(&self.foreign_checks)
            .chain(&self.switched_off_checks)
            .chain(&self.placeholder_checks);
        if evidence.all(|e| to(e.span) == e.span) {
            return Arc::clone(self);
        }
        let mut moved = JobProfile::clone(self);
        for evidence in moved
            .evidence
            .iter_mut()
            .chain(&mut moved.foreign_checks)
            .chain(&mut moved.switched_off_checks)
            .chain(&mut moved.placeholder_checks)
        {
            evidence.span = to(evidence.span);
        }
        Arc::new(moved)
    }

    pub fn has(&self, role: Role) -> bool {
        self.evidence.iter().any(|e| e.role == role)
    }

    /// The role rests on more than a name.
    pub fn is_sure(&self, role: Role) -> bool {
        self.evidence.iter().any(|e| e.role == role && !e.guess)
    }

    /// The first evidence of a role, sure evidence first; a documentation
    /// site's deploy after any other, which matters more.
    pub fn first(&self, role: Role) -> Option<&Evidence> {
        let of_role = || self.evidence.iter().filter(move |e| e.role == role);
        let rank = |e: &&Evidence| (e.deploys_documentation(), e.order);
        of_role()
            .filter(|e| !e.guess)
            .min_by_key(rank)
            .or_else(|| of_role().min_by_key(rank))
    }

    /// The first evidence of any of `roles`.
    pub fn first_of(&self, roles: &[Role]) -> Option<&Evidence> {
        roles
            .iter()
            .filter_map(|r| self.first(*r))
            .min_by_key(|e| (e.guess, e.order))
    }

    /// Whether the job does `role` before `order`: in an earlier step, or,
    /// for what only the job as a whole shows (a reusable workflow that
    /// builds and tests), anywhere in it.
    pub fn does_before(&self, role: Role, order: Order) -> bool {
        self.evidence
            .iter()
            .any(|e| e.role == role && (e.order < order || (e.step.is_none() && e.order == order)))
    }

    /// Only lint and test, as far as its steps show.
    pub fn only_gates(&self) -> bool {
        !self.evidence.is_empty() && self.evidence.iter().all(|e| e.role.is_gate())
    }
}

/// The profile of every job of a pipeline, in job order, by the builtin
/// table, the configuration's `[job-roles]` and what the local reusable
/// workflows it calls run.
pub fn profiles(pipeline: &Pipeline, config: &Config, called: &Called<'_>) -> Vec<JobProfile> {
    let table = RoleTable::builtin();
    let extension = Extension::new(&config.job_roles);
    // The jobs of a GitLab pipeline run their templates' commands
    // (`extends:`, `!reference`), written once; a workflow's jobs write
    // their own, and keeping them would only cost.
    let mut seen = (pipeline.ci == Ci::GitlabCi).then(Classified::default);
    let mut profiles: Vec<JobProfile> = pipeline
        .jobs
        .iter()
        .map(|job| {
            // A GitLab job with no script of its own, in a pipeline that
            // includes files the scan does not read, runs one from them
            // (`extends:` a project include's template).
            let script_elsewhere = pipeline.partial && job.steps.is_empty() && job.uses.is_none();
            let mut profile =
                table.profile(job, &extension, called, script_elsewhere, seen.as_mut());
            // A job that builds and may write packages pushes what it
            // builds, most likely: the scope exists for that. A guess.
            let build = profile.first(Role::Build).map(|e| e.what.clone());
            if let (Some(span), Some(build)) = (packages_write(pipeline, job), build)
                && !profile.has(Role::Push)
            {
                profile.evidence.push(Evidence {
                    role: Role::Push,
                    span,
                    what: format!("`packages: write` beside a build, {build}"),
                    guess: true,
                    target: None,
                    order: (job.steps.len(), 0),
                    step: None,
                });
            }
            profile
        })
        .collect();
    table.documentation_handed_over(pipeline, &mut profiles);
    profiles
}

/// The `packages: write` scope that the job's token holds, from its own
/// permissions or, without them, the workflow's: the registry write that a
/// push to GitHub Packages (ghcr.io) needs.
pub fn packages_write(pipeline: &Pipeline, job: &Job) -> Option<Span> {
    let permissions = job.permissions.as_ref().or(pipeline.permissions.as_ref())?;
    match &permissions.level {
        PermissionLevel::All(level) => (level.value == "write-all").then_some(level.span),
        PermissionLevel::Scopes(scopes) => scopes
            .iter()
            .find(|(scope, level)| scope.value == "packages" && level.value == "write")
            .map(|(scope, _)| scope.span),
        PermissionLevel::Unknown(_) => None,
    }
}

/// The roles that the steps of a file's reusable workflows (`on:
/// workflow_call`), or of its composite action, surely show, by name, for
/// the facts that their callers read: a caller's job runs what the called
/// file runs. A job-level environment is left out: in a reusable workflow
/// the caller usually names it (`environment: ${{ inputs.environment }}`),
/// often only for secrets.
pub fn reusable_workflow_roles(model: &FileModel, config: &Config) -> Vec<String> {
    let called = |p: &Pipeline| p.triggers.iter().any(|t| t.value == "workflow_call");
    // Most files run nothing that others call: the role table, read once
    // per run, is not needed for them.
    if model.action.is_none() && !model.pipelines.iter().any(called) {
        return Vec::new();
    }
    let table = RoleTable::builtin();
    let extension = Extension::new(&config.job_roles);
    let action = model
        .action
        .iter()
        .map(|job| table.profile(job, &extension, &Called::nothing(), false, None));
    let mut roles: Vec<Role> = model
        .pipelines
        .iter()
        .filter(|p| called(p))
        .flat_map(|pipeline| profiles(pipeline, config, &Called::nothing()))
        .chain(action)
        .flat_map(|profile| profile.evidence)
        .filter(|e| !e.guess && e.step.is_some() && !e.deploys_documentation())
        .map(|e| e.role)
        .collect();
    roles.sort();
    roles.dedup();
    roles.into_iter().map(|r| r.name().to_string()).collect()
}

/// What the local reusable workflows and composite actions called from one
/// file run, as the scanned set's facts tell.
pub struct Called<'f> {
    facts: Option<&'f Facts>,
    caller: &'f str,
}

impl<'f> Called<'f> {
    pub fn from(facts: &'f Facts, caller: &'f str) -> Self {
        Called {
            facts: Some(facts),
            caller,
        }
    }

    /// Nothing is known of other files.
    pub fn nothing() -> Self {
        Called {
            facts: None,
            caller: "",
        }
    }

    /// The roles of the workflow or action that `uses` names, if it is in
    /// the scan.
    fn roles(&self, uses: &str) -> Option<Vec<Role>> {
        let names = self.facts?.called_roles(self.caller, uses)?;
        Some(names.iter().filter_map(|n| Role::parse(n)).collect())
    }
}

/// Patterns a configuration adds to the table (`[job-roles]`): role name
/// to entries. Each entry is a command pattern, read as the table's are (at
/// a command position, from the first word, after wrappers). An entry of
/// one word with a `/` (`my-org/deploy-action`, `./.github/actions/ship`)
/// also matches a step's `uses:`, both compared without their `@ref`. What
/// a team declares is sure evidence, never a guess.
#[derive(Debug, Default)]
pub struct Extension {
    commands: Vec<CommandRule>,
    actions: Vec<ActionRule>,
}

impl Extension {
    /// Unknown roles and entries that are not patterns are skipped: the
    /// configuration rejects them when it is read ([`check_pattern`]).
    pub fn new(job_roles: &BTreeMap<String, Vec<String>>) -> Extension {
        let mut extension = Extension::default();
        for (name, entries) in job_roles {
            let Some(role) = Role::parse(name) else {
                continue;
            };
            for entry in entries {
                if let Ok(pattern) = Pattern::parse(entry) {
                    extension.commands.push(CommandRule {
                        role,
                        pattern,
                        unless: Vec::new(),
                        guess: false,
                        target: None,
                    });
                }
                let entry = entry.trim();
                if entry.contains('/') && !entry.contains(char::is_whitespace) {
                    extension.actions.push(ActionRule {
                        role,
                        action: strip_ref(entry).to_ascii_lowercase(),
                        with: Vec::new(),
                        guess: false,
                        target: None,
                    });
                }
            }
        }
        extension
    }
}

/// Whether a `[job-roles]` entry is a pattern; why not, if it is not.
pub fn check_pattern(entry: &str) -> Result<(), String> {
    Pattern::parse(entry).map(|_| ())
}

/// A section's `commands` (patterns) and `actions` (lowercased globs).
fn commands_and_actions(section: Option<&Node>) -> Result<(Vec<Pattern>, Vec<String>), String> {
    let commands = strings(section.and_then(|s| s.get("commands")))?
        .into_iter()
        .map(Pattern::parse)
        .collect::<Result<_, _>>()?;
    let actions = strings(section.and_then(|s| s.get("actions")))?
        .into_iter()
        .map(str::to_ascii_lowercase)
        .collect();
    Ok((commands, actions))
}

// --------------------------------------------------------------- the table

/// Whether a deploy step sends a directory named for documentation: one of
/// its action's inputs or its command's words is such a path (`./docs/build`,
/// `--dir=docs/_build/html`).
fn deploys_documentation(job: &Job, deploy: &Evidence) -> bool {
    let Some(step) = deploy.step.and_then(|index| job.steps.get(index)) else {
        return false;
    };
    let inputs = step.with.iter().map(|(_, value)| value.value.as_str());
    let words = step
        .run
        .iter()
        .filter_map(|run| run.commands.get(deploy.order.1))
        .flat_map(|command| &command.words)
        .map(|word| word.value.as_str());
    inputs.chain(words).any(names_documentation)
}

/// Whether a path (or an option that sets one, `--dir=docs/build`) names a
/// directory for documentation.
fn names_documentation(value: &str) -> bool {
    let path = value.rsplit('=').next().unwrap_or(value);
    path.split(['/', '\\']).any(|part| {
        ["docs", "doc", "documentation"]
            .iter()
            .any(|name| part.eq_ignore_ascii_case(name))
    })
}

/// The artifacts a job uploads for the later jobs of its run, by name, with
/// the paths they hold (`actions/upload-artifact`, and the site that
/// `actions/upload-pages-artifact` packs).
fn uploaded_artifacts(job: &Job) -> impl Iterator<Item = (&str, Option<&str>)> {
    job.steps.iter().filter_map(|step| {
        let action = strip_ref(&step.uses.as_ref()?.value).to_ascii_lowercase();
        let default = match action.as_str() {
            "actions/upload-artifact" => "artifact",
            "actions/upload-pages-artifact" => "github-pages",
            _ => return None,
        };
        let input = |name| step.input(name).map(|(_, value)| value.value.as_str());
        Some((input("name").unwrap_or(default), input("path")))
    })
}

/// Whether a download's name or `pattern:` takes an uploaded artifact: a
/// name computed in the upload (`docs-${{ matrix.format }}`) may be any
/// value of its expressions.
fn takes_artifact(wanted: &str, uploaded: &str) -> bool {
    if glob(wanted, uploaded) {
        return true;
    }
    let mut pattern = String::new();
    let mut rest = uploaded;
    while let Some((before, after)) = rest.split_once("${{") {
        pattern.push_str(before);
        pattern.push('*');
        rest = after.split_once("}}").map_or("", |(_, after)| after);
    }
    pattern.push_str(rest);
    pattern != uploaded && glob(&pattern, wanted)
}

/// The artifacts a job downloads, as `actions/download-artifact` names
/// them (`name:`, or a `pattern:` glob); `None` for a download of every
/// artifact of the run. Empty when it downloads none.
fn downloaded_artifacts(job: &Job) -> Vec<Option<&str>> {
    job.steps
        .iter()
        .filter(|step| {
            step.uses.as_ref().is_some_and(|uses| {
                strip_ref(&uses.value).eq_ignore_ascii_case("actions/download-artifact")
            })
        })
        .map(|step| {
            step.input("name")
                .or_else(|| step.input("pattern"))
                .map(|(_, value)| value.value.as_str())
        })
        .collect()
}

/// An action that runs an input as a shell command, or as the arguments of
/// `program`.
#[derive(Debug)]
struct CommandInput {
    action: String,
    input: String,
    program: Option<String>,
}

/// The classification knowledge, as read from `roles.yaml`.
#[derive(Debug, Default)]
pub struct RoleTable {
    wrappers: Vec<Wrapper>,
    sandbox_commands: Vec<Pattern>,
    sandbox_actions: Vec<String>,
    registry_login_commands: Vec<Pattern>,
    registry_login_actions: Vec<String>,
    placeholder_commands: Vec<Pattern>,
    placeholder_actions: Vec<String>,
    command_inputs: Vec<CommandInput>,
    /// Actions that run a script of an input on another host, and the
    /// commands that deploy there.
    remote_inputs: Vec<(String, String)>,
    remote_deploys: Vec<Pattern>,
    deploy_environments: Vec<String>,
    /// Label tokens that name a server, commands that leave a service
    /// running on a self-hosted runner and those that stop it again.
    server_labels: Vec<String>,
    self_hosted_deploys: Vec<Pattern>,
    self_hosted_stops: Vec<Pattern>,
    /// Commands that run a command in a container.
    containers: Vec<Pattern>,
    publish_credentials: Vec<String>,
    interpreters: Vec<String>,
    teardowns: Vec<Pattern>,
    previews: Vec<Pattern>,
    documentation_commands: Vec<Pattern>,
    documentation_actions: Vec<String>,
    deployment_checks: Vec<String>,
    check_workflows: Vec<String>,
    hints: Vec<(Role, Vec<String>)>,
    hint_questions: Vec<String>,
    commands: Vec<CommandRule>,
    actions: Vec<ActionRule>,
    /// `commands`, `wrappers` and `sandbox_commands` by their first word,
    /// built once with the table: a command is compared only with the
    /// patterns that can match its program.
    command_index: FirstWords,
    wrapper_index: FirstWords,
    sandbox_index: FirstWords,
    action_index: FirstWords,
}

/// The patterns of a list that can match a command, by its program name:
/// those whose first word names it literally, and those whose first word is
/// a glob or a path (few), which every command is compared with. The first
/// word is matched whole, so a map of exact names is the whole index (an
/// automaton over substrings, aho-corasick, would answer a question the
/// patterns do not ask).
#[derive(Debug, Default)]
struct FirstWords {
    named: FastMap<String, Vec<usize>>,
    always: Vec<usize>,
}

impl FirstWords {
    fn new<'p>(patterns: impl IntoIterator<Item = &'p Pattern>) -> FirstWords {
        FirstWords::of_names(patterns.into_iter().map(|pattern| match pattern.0.first() {
            Some(PatternWord::Word { alternatives, .. })
                if !alternatives.iter().any(|a| a.contains(['*', '/'])) =>
            {
                Some(alternatives.as_slice())
            }
            _ => None,
        }))
    }

    /// Action rules by the action they name, when it holds no `*`.
    fn of_actions(rules: &[ActionRule]) -> FirstWords {
        FirstWords::of_names(
            rules.iter().map(|rule| {
                (!rule.action.contains('*')).then_some(std::slice::from_ref(&rule.action))
            }),
        )
    }

    /// Each entry's literal names; `None` for one that any name may match.
    fn of_names<'n>(entries: impl IntoIterator<Item = Option<&'n [String]>>) -> FirstWords {
        let mut index = FirstWords::default();
        for (at, names) in entries.into_iter().enumerate() {
            let Some(names) = names else {
                index.always.push(at);
                continue;
            };
            for name in names {
                let entry = index.named.entry(name.clone()).or_default();
                if entry.last() != Some(&at) {
                    entry.push(at);
                }
            }
        }
        index
    }

    /// Whether some pattern names `name` literally as its program.
    fn knows(&self, name: &str) -> bool {
        self.named.contains_key(name)
    }

    /// The indexes of the patterns that may match a command run as `name`,
    /// in list order: the two lists, each in order, merged as they are read
    /// (every command of every job asks).
    fn candidates(&self, name: &str) -> impl Iterator<Item = usize> + '_ {
        let named = self.named.get(name).map_or(&[][..], Vec::as_slice);
        let mut named = named.iter().copied().peekable();
        let mut always = self.always.iter().copied().peekable();
        std::iter::from_fn(move || match (named.peek(), always.peek()) {
            (Some(n), Some(a)) if a < n => always.next(),
            (Some(_), _) => named.next(),
            (None, _) => always.next(),
        })
    }
}

#[derive(Debug)]
struct Wrapper {
    pattern: Pattern,
    args: usize,
    /// The programs it wraps, when only some: empty for any.
    programs: Vec<String>,
}

#[derive(Debug)]
struct CommandRule {
    role: Role,
    pattern: Pattern,
    /// Each entry's words: globs that cancel the match where they follow
    /// each other in the command's arguments.
    unless: Vec<Vec<String>>,
    guess: bool,
    target: Option<Target>,
}

#[derive(Debug)]
struct ActionRule {
    role: Role,
    action: String,
    with: Vec<(String, Vec<String>)>,
    guess: bool,
    target: Option<Target>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum PatternWord {
    /// `...`: any number of words.
    Any,
    /// `-...`: options, each perhaps with a value.
    Options,
    /// `_`: one word that is not an option (an operand: a tag, a file).
    Operand,
    Word {
        alternatives: Vec<String>,
        /// `!glob` alternatives: a word they match is not this word, even
        /// if another alternative matches it (`*Test|!spotbugs*`).
        except: Vec<String>,
        optional: bool,
    },
}

impl PatternWord {
    /// A word written `a|b|!c`: one of its alternatives, none of its
    /// exceptions.
    fn word(body: &str, optional: bool) -> PatternWord {
        let (except, alternatives): (Vec<&str>, Vec<&str>) =
            body.split('|').partition(|a| a.starts_with('!'));
        PatternWord::Word {
            alternatives: alternatives.into_iter().map(String::from).collect(),
            except: except.iter().map(|e| e[1..].to_string()).collect(),
            optional,
        }
    }
}

/// Whether a command word is one that a pattern word's alternatives and
/// exceptions allow.
fn word_matches(alternatives: &[String], except: &[String], word: &str) -> bool {
    alternatives.iter().any(|a| glob(a, word)) && !except.iter().any(|e| glob(e, word))
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern(Vec<PatternWord>);

const BUILTIN: &str = include_str!("roles.yaml");

impl RoleTable {
    /// The table shipped in the binary.
    pub fn builtin() -> &'static RoleTable {
        static TABLE: OnceLock<RoleTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            // Embedded data: the tests parse it, so a broken table cannot ship.
            RoleTable::from_yaml(BUILTIN).unwrap_or_else(|e| panic!("roles.yaml: {e}"))
        })
    }

    /// Reads a table in the format of `roles.yaml`.
    pub fn from_yaml(text: &str) -> Result<RoleTable, String> {
        let stream = yaml::parse(text).map_err(|e| e.message)?;
        let root = stream
            .documents
            .first()
            .map(|d| &d.root)
            .ok_or("empty table")?;
        let mut table = RoleTable::default();
        for entry in root.get("wrappers").map(Node::items).unwrap_or_default() {
            let (pattern, args) = match entry.as_str() {
                Some(p) => (p, 0),
                None => (
                    str_at(entry, "pattern")?,
                    entry.get("args").and_then(Node::as_i64).unwrap_or(0),
                ),
            };
            table.wrappers.push(Wrapper {
                pattern: Pattern::parse(pattern)?,
                args: usize::try_from(args).map_err(|_| "negative args")?,
                programs: strings(entry.get("programs"))?
                    .into_iter()
                    .map(String::from)
                    .collect(),
            });
        }
        (table.sandbox_commands, table.sandbox_actions) =
            commands_and_actions(root.get("sandboxes"))?;
        (table.registry_login_commands, table.registry_login_actions) =
            commands_and_actions(root.get("registry_logins"))?;
        (table.placeholder_commands, table.placeholder_actions) =
            commands_and_actions(root.get("placeholders"))?;
        (table.documentation_commands, table.documentation_actions) =
            commands_and_actions(root.get("documentation_builds"))?;
        table.command_inputs = root
            .get("command_inputs")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .map(|entry| {
                Ok(CommandInput {
                    action: str_at(entry, "action")?.to_ascii_lowercase(),
                    input: str_at(entry, "input")?.to_string(),
                    program: entry
                        .get("program")
                        .and_then(Node::as_str)
                        .map(String::from),
                })
            })
            .collect::<Result<_, String>>()?;
        let remote = root.get("remote");
        table.remote_inputs = action_inputs(remote.and_then(|r| r.get("actions")))?;
        for p in strings(remote.and_then(|r| r.get("deploys")))? {
            table.remote_deploys.push(Pattern::parse(p)?);
        }
        let self_hosted = root.get("self_hosted");
        table.server_labels = strings(self_hosted.and_then(|r| r.get("server_labels")))?
            .into_iter()
            .map(str::to_ascii_lowercase)
            .collect();
        for p in strings(self_hosted.and_then(|r| r.get("deploys")))? {
            table.self_hosted_deploys.push(Pattern::parse(p)?);
        }
        for p in strings(self_hosted.and_then(|r| r.get("stops")))? {
            table.self_hosted_stops.push(Pattern::parse(p)?);
        }
        for p in strings(root.get("containers"))? {
            table.containers.push(Pattern::parse(p)?);
        }
        table.interpreters = strings(root.get("interpreters"))?
            .into_iter()
            .map(String::from)
            .collect();
        table.deploy_environments = strings(root.get("deploy_environments"))?
            .into_iter()
            .map(str::to_ascii_lowercase)
            .collect();
        table.publish_credentials = strings(root.get("publish_credentials"))?
            .into_iter()
            .map(String::from)
            .collect();
        for p in strings(root.get("teardowns"))? {
            table.teardowns.push(Pattern::parse(p)?);
        }
        for p in strings(root.get("previews"))? {
            table.previews.push(Pattern::parse(p)?);
        }
        table.check_workflows = strings(root.get("check_workflows"))?
            .into_iter()
            .map(str::to_ascii_lowercase)
            .collect();
        table.deployment_checks = strings(root.get("deployment_checks"))?
            .into_iter()
            .map(str::to_ascii_lowercase)
            .collect();
        table.hint_questions = strings(root.get("hint_questions"))?
            .into_iter()
            .map(str::to_ascii_lowercase)
            .collect();
        for hint in root.get("hints").map(Node::entries).unwrap_or_default() {
            let role = role_of(&hint.key)?;
            for tokens in hint.value.items() {
                table.hints.push((
                    role,
                    strings(Some(tokens))?
                        .into_iter()
                        .map(String::from)
                        .collect(),
                ));
            }
        }
        for section in root.get("roles").map(Node::entries).unwrap_or_default() {
            let role = role_of(&section.key)?;
            for entry in section
                .value
                .get("commands")
                .map(Node::items)
                .unwrap_or_default()
            {
                table.commands.push(CommandRule {
                    role,
                    pattern: Pattern::parse(
                        entry
                            .as_str()
                            .map_or_else(|| str_at(entry, "pattern"), Ok)?,
                    )?,
                    unless: strings(entry.get("unless"))?
                        .into_iter()
                        .map(|unless| unless.split(' ').map(String::from).collect())
                        .collect(),
                    guess: entry.get("guess").and_then(Node::as_bool).unwrap_or(false),
                    target: target_of(entry)?,
                });
            }
            for entry in section
                .value
                .get("actions")
                .map(Node::items)
                .unwrap_or_default()
            {
                let action = entry.as_str().map_or_else(|| str_at(entry, "action"), Ok)?;
                let with = entry
                    .get("with")
                    .map(Node::entries)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|e| {
                        let key = e.key.as_str().ok_or("`with` keys are strings")?;
                        let value = e.value.as_str().ok_or("`with` values are strings")?;
                        Ok((
                            key.to_ascii_lowercase(),
                            value.split('|').map(str::to_ascii_lowercase).collect(),
                        ))
                    })
                    .collect::<Result<_, String>>()?;
                table.actions.push(ActionRule {
                    role,
                    action: action.to_ascii_lowercase(),
                    with,
                    guess: entry.get("guess").and_then(Node::as_bool).unwrap_or(false),
                    target: target_of(entry)?,
                });
            }
        }
        table.command_index = FirstWords::new(table.commands.iter().map(|r| &r.pattern));
        table.wrapper_index = FirstWords::new(table.wrappers.iter().map(|w| &w.pattern));
        table.sandbox_index = FirstWords::new(&table.sandbox_commands);
        table.action_index = FirstWords::of_actions(&table.actions);
        Ok(table)
    }

    /// Classifies one job, with a configuration's extra patterns.
    fn profile<'p>(
        &self,
        job: &'p Job,
        extension: &Extension,
        called: &Called<'_>,
        script_elsewhere: bool,
        mut seen: Option<&mut Classified<'p>>,
    ) -> JobProfile {
        let mut evidence = Vec::new();
        let mut sandboxed = false;
        // What a step switched off with `if: false` (a flaky suite, a
        // publish not ready yet) would show: the job does none of it.
        let mut switched_off = Vec::new();
        for (index, step) in job.steps.iter().enumerate() {
            if !Scenario::new(Status::UNKNOWN).allows(step.condition.as_ref()) {
                self.step(step, index, extension, called, None, &mut switched_off);
                continue;
            }
            sandboxed |= self.step(
                step,
                index,
                extension,
                called,
                seen.as_deref_mut(),
                &mut evidence,
            );
            self.confirm_publish(step, index, &mut evidence);
        }
        let foreign = ForeignCode::of(job);
        let foreign_checks = evidence
            .extract_if(.., |e| {
                if !e.role.is_gate() || e.step.is_none() {
                    return false;
                }
                let Some(directory) = foreign.directory(e.order) else {
                    return false;
                };
                e.what = format!("{} in `{directory}`", e.what);
                true
            })
            .collect();
        let end = (job.steps.len(), 0);
        if let Some(uses) = &job.uses {
            // A reusable workflow: its steps are elsewhere. What the scan
            // shows of the file is sure; its path, and the caller's id and
            // name for it, hint at the rest (a test suite run by a script).
            let resolved = called.roles(&uses.value).unwrap_or_default();
            for role in &resolved {
                evidence.push(Evidence {
                    role: *role,
                    span: uses.span,
                    what: format!("`{}`", strip_ref(&uses.value)),
                    guess: false,
                    target: None,
                    order: end,
                    step: None,
                });
            }
            let mut names = vec![stem(&uses.value), job.id.value.as_str()];
            names.extend(job.name.as_ref().map(|n| n.value.as_str()));
            let mut hinted = self.hinted(&names);
            let outside = !uses.value.starts_with("./");
            let checks = self
                .check_workflows
                .iter()
                .any(|c| c.eq_ignore_ascii_case(stem(&uses.value)));
            if outside && checks && !hinted.contains(&Role::Test) {
                hinted.push(Role::Test);
            }
            for role in hinted.into_iter().filter(|r| !resolved.contains(r)) {
                evidence.push(Evidence {
                    role,
                    span: uses.span,
                    what: if outside {
                        format!(
                            "`{}` (outside the scan: only its name says so)",
                            strip_ref(&uses.value)
                        )
                    } else {
                        format!("`{}`", strip_ref(&uses.value))
                    },
                    guess: true,
                    target: None,
                    order: end,
                    step: None,
                });
            }
        }
        // A test or lint report the job publishes was written by the checks
        // it ran, in a script that may show nothing known (`docker run
        // $TEST_IMAGE`): a guess, where its steps show no such check, placed
        // before them (where in the job the checks ran is unknown).
        for report in &job.reports {
            let Some(&(_, role)) = CHECK_REPORTS.iter().find(|(kind, _)| *kind == report.value)
            else {
                continue;
            };
            if !evidence.iter().any(|e| e.role == role) {
                evidence.push(Evidence {
                    role,
                    span: report.span,
                    what: format!("its `{}` report", report.value),
                    guess: true,
                    target: None,
                    order: (0, 0),
                    step: None,
                });
            }
        }
        // GitLab creates the release after the job's script, with the
        // files its links name as downloads; a tag and notes alone ship
        // nothing.
        if let Some(asset) = job.release_assets.first() {
            evidence.push(Evidence {
                role: Role::Push,
                span: asset.span,
                what: "a release with asset links".to_string(),
                guess: false,
                target: None,
                order: end,
                step: None,
            });
        }
        self.absorb_throwaway_stacks(job, &mut evidence);
        self.documentation_deploys(job, &mut evidence);
        self.self_hosted_deploys(job, &mut evidence);
        // A job whose steps only print or wait (`echo "Deploying..."`)
        // deploys nothing to the environment it names, and tests nothing
        // by its name.
        let placeholder = self.placeholder(job);
        let mut placeholder_checks = Vec::new();
        if let Some(environment) = job.environment.as_ref().filter(|_| !placeholder) {
            // Jobs that only lint or test may take secrets from an
            // environment, a cleanup names the environment it empties, a
            // plan the one it previews and a package's publish the one that
            // holds its registry's trust (PyPI's trusted publishing asks for
            // one, often named `deploy` or `release`; an image pushed under
            // an environment may be what a server runs); for the others an
            // environment is a deployment, sure when its name says so.
            let gates_only = !evidence.is_empty() && evidence.iter().all(|e| e.role.is_gate());
            let deploys = evidence.iter().any(|e| e.role == Role::Deploy);
            let publishes = evidence
                .iter()
                .any(|e| e.role == Role::Push && !e.guess && e.step.is_some())
                && !evidence.iter().any(|e| e.role == Role::Build);
            let names_only = publishes
                || self.runs_any(job, &self.teardowns)
                || self.runs_any(job, &self.previews);
            if !gates_only && (deploys || !names_only) {
                let name = environment.value.to_ascii_lowercase();
                let named_deploy = name.contains("${{")
                    || name
                        .split(|c: char| !c.is_ascii_alphanumeric())
                        .any(|t| self.deploy_environments.iter().any(|d| d == t));
                evidence.push(Evidence {
                    role: Role::Deploy,
                    span: environment.span,
                    what: format!("environment `{}`", environment.value),
                    guess: !named_deploy,
                    target: name.contains("pages").then_some(Target::Pages),
                    order: end,
                    step: None,
                });
            }
        }
        if evidence.is_empty()
            && switched_off.is_empty()
            && job.uses.is_none()
            && (!job.steps.is_empty() || script_elsewhere)
        {
            // Steps and environment that show nothing known (`./ci/check`, a custom action)
            // in a job named for its purpose (`test`, `unit-tests`, `name:
            // Lint`), or placed in a GitLab stage named so (`stage: test`):
            // the name is the evidence, a guess. Not when its steps show
            // what it would do, but are switched off, nor when they only
            // print or wait: the name claims what a placeholder does not do.
            let named = job.name.as_ref().unwrap_or(&job.id);
            let mut names = vec![job.id.value.as_str()];
            names.extend(job.name.as_ref().map(|n| n.value.as_str()));
            // `build_dd_agent_testing` builds an image called testing: a
            // name that also says the job builds, ships, deploys or
            // prepares something hints at no gate.
            let by_name = match names_other_work(&names) {
                true => Vec::new(),
                false => self.hinted(&names),
            };
            // A stage GitLab gives by default (`test`, spanned at the job's
            // id) says nothing of the job's purpose: only a written one does,
            // and not for a job allowed to fail there (Auto DevOps' scanners),
            // which its author made informational.
            let may_fail = job
                .continue_on_error
                .as_ref()
                .is_some_and(|s| s.value != Switch::Literal(false));
            let written_stage = job
                .stage
                .as_ref()
                .filter(|s| s.span != job.id.span && !may_fail);
            let (roles, what) = match written_stage {
                // A script that is not in the file could do anything: only
                // a name and a stage that agree say what, as a test job
                // that extends a shared template does (`unit-tests`,
                // `stage: test`, `extends: .go-test` of a project include).
                // So are a publish or a deploy (`publish-npm` in `stage:
                // publish`, `deploy-prod` in `stage: deploy`): guesses,
                // which rules report as notes at most.
                Some(stage) if script_elsewhere => {
                    let by_stage = self.hinted(&[stage.value.as_str()]);
                    let ships = self
                        .hinted(&names)
                        .into_iter()
                        .filter(|r| matches!(r, Role::Push | Role::Deploy));
                    (
                        by_name
                            .into_iter()
                            .chain(ships)
                            .filter(|r| by_stage.contains(r))
                            .collect(),
                        format!(
                            "job `{}` of stage `{}`, whose script is in a file outside the scan",
                            named.value, stage.value
                        ),
                    )
                }
                _ if script_elsewhere => (Vec::new(), String::new()),
                Some(stage) if by_name.is_empty() => (
                    self.hinted(&[stage.value.as_str()]),
                    format!("job `{}` of stage `{}`", named.value, stage.value),
                ),
                _ => (by_name, format!("job named `{}`", named.value)),
            };
            let claimed = roles
                .into_iter()
                .filter(|r| r.is_gate() || script_elsewhere)
                .map(|role| Evidence {
                    role,
                    span: named.span,
                    what: what.clone(),
                    guess: true,
                    target: None,
                    order: end,
                    step: None,
                });
            match placeholder {
                true => placeholder_checks.extend(claimed),
                false => evidence.extend(claimed),
            }
        }
        if sandboxed {
            evidence.retain(|e| e.target != Some(Target::Kubernetes));
        }
        evidence.sort_by_key(|e| e.order);
        switched_off.retain(|e| e.role.is_gate());
        JobProfile {
            evidence,
            foreign_checks,
            switched_off_checks: switched_off,
            placeholder_checks,
        }
    }

    /// Whether a test command checks a deployment rather than the code: a
    /// smoke or end-to-end suite, which has to run after the deploy.
    pub fn checks_a_deployment(&self, command: &str) -> bool {
        let command = command.to_ascii_lowercase();
        self.deployment_checks.iter().any(|m| command.contains(m))
    }

    /// A deploy that a later step of the same job tears down again with the
    /// same tool (`terraform apply` ... `terraform destroy`, `helm install`
    /// ... `helm uninstall`, `cdk deploy` ... `cdk destroy`, often in an
    /// always-run cleanup step) stands up a throwaway stack to test against:
    /// it becomes test evidence, a guess. `kubectl` and `oc` are left out:
    /// real deploys delete old pods and jobs with them too.
    fn absorb_throwaway_stacks(&self, job: &Job, evidence: &mut [Evidence]) {
        let deploys_in_steps = |e: &Evidence| e.role == Role::Deploy && e.step.is_some();
        // Most jobs deploy nothing: their commands are not matched against
        // every teardown.
        if !evidence.iter().any(deploys_in_steps) {
            return;
        }
        let teardowns: Vec<(Order, &str)> = ordered_commands(job.steps.iter().enumerate())
            .filter_map(|(order, command)| {
                let words = self.unwrap(&command.words);
                let texts: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
                let name = program(texts.first()?);
                self.teardowns
                    .iter()
                    .any(|p| p.matches(name, &texts).is_some())
                    .then_some((order, name))
            })
            .filter(|(_, name)| !matches!(*name, "kubectl" | "oc"))
            .collect();
        for deploy in evidence.iter_mut().filter(|e| deploys_in_steps(e)) {
            let tool = deploy
                .what
                .trim_start_matches('`')
                .split(['`', ' '])
                .next()
                .unwrap_or("");
            let Some((_, name)) = teardowns
                .iter()
                .find(|(order, name)| *order > deploy.order && *name == tool)
            else {
                continue;
            };
            deploy.role = Role::Test;
            deploy.what = format!(
                "{} torn down by a later `{name}` (a throwaway stack)",
                deploy.what
            );
            deploy.guess = true;
            deploy.target = None;
        }
    }

    /// How a job's runner may be the server it deploys to: `Some(false)`
    /// on a `self-hosted` runner, `Some(true)` (a guess) on one chosen by
    /// a label naming a server, `None` otherwise (a GitHub-hosted runner,
    /// one an expression picks, or none written).
    fn self_hosted(&self, job: &Job) -> Option<bool> {
        let labels = || job.runs_on.iter().map(|l| l.value.to_ascii_lowercase());
        if labels().any(|l| l == "self-hosted") {
            return Some(false);
        }
        let hosted = |l: &str| {
            l.contains("${{")
                || ["ubuntu", "windows", "macos"]
                    .iter()
                    .any(|os| l.contains(os))
        };
        if job.runs_on.is_empty() || labels().any(|l| hosted(&l)) {
            return None;
        }
        labels()
            .any(|l| {
                l.split(|c: char| !c.is_ascii_alphanumeric())
                    .any(|t| self.server_labels.iter().any(|s| s == t))
            })
            .then_some(true)
    }

    /// A deploy on the runner's own host: on a self-hosted runner, a
    /// service started that outlives the job, neither stopped later in it
    /// nor followed by tests (a stack for them).
    fn self_hosted_deploys(&self, job: &Job, evidence: &mut Vec<Evidence>) {
        let Some(guess) = self.self_hosted(job) else {
            return;
        };
        let commands: Vec<(Order, &Command)> =
            ordered_commands(job.steps.iter().enumerate().filter(|(_, step)| {
                Scenario::new(Status::UNKNOWN).allows(step.condition.as_ref())
            }))
            .collect();
        let matching = |patterns: &[Pattern], command: &Command| {
            let words = self.unwrap(&command.words);
            let texts: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
            let name = program(texts.first()?);
            patterns
                .iter()
                .find_map(|p| p.literal_words(name, &texts))
                .map(|(_, named)| named_words(name, &texts, &named))
        };
        let labels: Vec<&str> = job.runs_on.iter().map(|l| l.value.as_str()).collect();
        let runner = match (guess, labels.as_slice()) {
            (false, [_]) => "on its self-hosted runner".to_string(),
            (false, all) => format!("on its self-hosted runner `[{}]`", all.join(", ")),
            (true, [one]) => format!("on its runner `{one}`, named as a server"),
            (true, all) => format!("on its runner `[{}]`, named as a server", all.join(", ")),
        };
        let mut found = Vec::new();
        for (order, command) in &commands {
            let Some(what) = matching(&self.self_hosted_deploys, command) else {
                continue;
            };
            let stopped = commands
                .iter()
                .any(|(o, c)| o > order && matching(&self.self_hosted_stops, c).is_some());
            let tested = evidence
                .iter()
                .any(|e| e.role == Role::Test && e.order > *order);
            let known = evidence
                .iter()
                .any(|e| e.role == Role::Deploy && e.order == *order);
            if stopped || tested || known {
                continue;
            }
            let words = self.unwrap(&command.words);
            let Some(first) = words.first() else {
                continue;
            };
            found.push(Evidence {
                role: Role::Deploy,
                span: first.span.join(command.span),
                what: format!("{what} {runner}"),
                guess,
                target: None,
                order: *order,
                step: Some(order.0),
            });
        }
        evidence.extend(found);
    }

    /// Whether a job's steps only print, wait or succeed, after a checkout
    /// at most (`placeholders` of the table): it checks nothing, whatever
    /// it is named.
    fn placeholder(&self, job: &Job) -> bool {
        let placeholder_command = |command: &Command| {
            let words = self.unwrap(&command.words);
            let texts: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
            let Some(first) = texts.first() else {
                // Assignments only (`TESTS=none`).
                return true;
            };
            // A command substitution runs a command of its own.
            !texts.iter().any(|t| t.contains("$(") || t.contains('`'))
                && self
                    .placeholder_commands
                    .iter()
                    .any(|p| p.matches(program(first), &texts).is_some())
        };
        job.steps.iter().all(|step| {
            let action = step
                .uses
                .as_ref()
                .map(|uses| strip_ref(&uses.value).to_ascii_lowercase());
            action.is_none_or(|action| self.placeholder_actions.iter().any(|a| glob(a, &action)))
                && step
                    .run
                    .as_ref()
                    .is_none_or(|run| run.commands.iter().all(placeholder_command))
        }) && job.steps.iter().any(|step| step.run.is_some())
    }

    /// Whether a job logs in to a container or package registry.
    pub fn logs_into_registry(&self, job: &Job) -> bool {
        self.runs_any(job, &self.registry_login_commands)
            || job
                .steps
                .iter()
                .filter_map(|s| s.uses.as_ref())
                .any(|uses| {
                    let action = strip_ref(&uses.value).to_ascii_lowercase();
                    self.registry_login_actions.iter().any(|a| glob(a, &action))
                })
    }

    /// Whether a job runs a command of `patterns` (a teardown, a preview).
    fn runs_any(&self, job: &Job, patterns: &[Pattern]) -> bool {
        job.steps
            .iter()
            .filter_map(|s| s.run.as_ref())
            .flat_map(|r| &r.commands)
            .any(|command| self.is_any(command, patterns))
    }

    /// Whether a command is one of `patterns`.
    fn is_any(&self, command: &Command, patterns: &[Pattern]) -> bool {
        let words = self.unwrap(&command.words);
        let texts: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
        texts.first().is_some_and(|first| {
            patterns
                .iter()
                .any(|p| p.matches(program(first), &texts).is_some())
        })
    }

    /// A job that builds no image or package, and deploys after it builds
    /// a documentation site (`mkdocs build`, a Sphinx action) or from a
    /// directory named for one (`publish-dir: ./docs/build`, `netlify
    /// deploy --dir docs/_build/html`), deploys that site, whatever the
    /// host (Netlify, a bucket): a documentation site, as `mkdocs
    /// gh-deploy` deploys one.
    fn documentation_deploys(&self, job: &Job, evidence: &mut [Evidence]) {
        let untargeted_deploy = |e: &Evidence| e.role == Role::Deploy && e.target.is_none();
        if !evidence.iter().any(untargeted_deploy)
            || evidence
                .iter()
                .any(|e| matches!(e.role, Role::Build | Role::Push))
        {
            return;
        }
        let built = self.first_documentation_build(job);
        for deploy in evidence.iter_mut().filter(|e| untargeted_deploy(e)) {
            if built.is_some_and(|built| deploy.order > built) || deploys_documentation(job, deploy)
            {
                deploy.target = Some(Target::Pages);
            }
        }
    }

    /// A job that builds no image or package and deploys the artifacts
    /// that jobs of its run built as a documentation site (`build-docs`
    /// runs `mkdocs build` and uploads `site`, `deploy` needs it, downloads
    /// `site` and sends it to Netlify) deploys that site, as
    /// [`Self::documentation_deploys`] finds in one job. Every job that
    /// uploads what it downloads (by name, or, downloading everything, every
    /// job it needs that uploads) has to build documentation, or upload a
    /// directory named for it, and nothing else shipped: an application
    /// built beside the docs keeps its deploy.
    fn documentation_handed_over(&self, pipeline: &Pipeline, profiles: &mut [JobProfile]) {
        let untargeted_deploy = |e: &Evidence| e.role == Role::Deploy && e.target.is_none();
        let ships = |profile: &JobProfile| profile.has(Role::Build) || profile.has(Role::Push);
        for (index, job) in pipeline.jobs.iter().enumerate() {
            let profile = &profiles[index];
            if job.needs.is_empty()
                || !profile.evidence.iter().any(untargeted_deploy)
                || ships(profile)
            {
                continue;
            }
            let downloads = downloaded_artifacts(job);
            let needed = |other: &Job| job.needs.iter().any(|need| need.value == other.id.value);
            let jobs = pipeline.jobs.iter().map(|other| other.as_ref());
            let mut providers = jobs.enumerate().filter(|(_, other)| {
                uploaded_artifacts(other).any(|(name, _)| {
                    downloads.iter().any(|download| match download {
                        Some(wanted) => takes_artifact(wanted, name),
                        None => needed(other),
                    })
                })
            });
            let documentation = |(provider, other): (usize, &Job)| {
                !ships(&profiles[provider])
                    && (self.first_documentation_build(other).is_some()
                        || uploaded_artifacts(other)
                            .all(|(_, path)| path.is_some_and(names_documentation)))
            };
            let Some(first) = providers.next() else {
                continue;
            };
            if documentation(first) && providers.all(documentation) {
                for deploy in profiles[index]
                    .evidence
                    .iter_mut()
                    .filter(|e| untargeted_deploy(e))
                {
                    deploy.target = Some(Target::Pages);
                }
            }
        }
    }

    /// Where a job first builds a documentation site.
    fn first_documentation_build(&self, job: &Job) -> Option<Order> {
        job.steps.iter().enumerate().find_map(|(index, step)| {
            let action = step
                .uses
                .as_ref()
                .map(|uses| strip_ref(&uses.value).to_ascii_lowercase());
            if action.is_some_and(|a| self.documentation_actions.iter().any(|d| glob(d, &a))) {
                return Some((index, 0));
            }
            step.run
                .iter()
                .flat_map(|run| run.commands.iter().enumerate())
                .find(|(_, command)| self.is_any(command, &self.documentation_commands))
                .map(|(n, _)| (index, n))
        })
    }

    /// Adds a step's evidence; returns whether it starts a throwaway cluster.
    fn step<'p>(
        &self,
        step: &'p Step,
        index: usize,
        extension: &Extension,
        called: &Called<'_>,
        mut seen: Option<&mut Classified<'p>>,
        out: &mut Vec<Evidence>,
    ) -> bool {
        let mut sandbox = false;
        if let Some(run) = &step.run {
            for (n, command) in run.commands.iter().enumerate() {
                sandbox |= self.command(command, (index, n), extension, seen.as_deref_mut(), out);
                // `ssh host <<EOF`: the here-document written under the
                // command is the script the host runs.
                if run.heredoc_commands.is_empty() {
                    continue;
                }
                let words = self.unwrap(&command.words);
                if words.first().is_none_or(|w| program(&w.value) != "ssh") {
                    continue;
                }
                let next = run.commands.get(n + 1).map_or(usize::MAX, |c| c.span.start);
                let body = run
                    .heredoc_commands
                    .iter()
                    .filter(|h| h.span.start > command.span.end && h.span.start < next);
                if let Some((found, _)) = self.remote_deploy_among(body, "`ssh`", extension) {
                    out.push(found.evidence(command.span, (index, n)));
                }
            }
        }
        let Some(uses) = &step.uses else {
            return sandbox;
        };
        let action = strip_ref(&uses.value).to_ascii_lowercase();
        let order = (index, 0);
        let what = format!("`{}`", strip_ref(&uses.value));
        let local = action.starts_with("./");
        // Only its name tells what a local action does, unless configured.
        let table = self
            .action_index
            .candidates(&action)
            .filter(|_| !local)
            .map(|i| &self.actions[i]);
        let rules = extension.actions.iter().chain(table);
        for rule in rules.filter(|r| glob(&r.action, &action)) {
            let Some(guess_input) = inputs_match(&rule.with, &step.with) else {
                continue;
            };
            out.push(Evidence {
                role: rule.role,
                span: uses.span,
                what: what.clone(),
                guess: rule.guess || guess_input,
                target: rule.target,
                order,
                step: Some(index),
            });
        }
        if local {
            // A composite action of the scan runs what its steps show, surely.
            for role in called.roles(&uses.value).unwrap_or_default() {
                out.push(Evidence {
                    role,
                    span: uses.span,
                    what: format!("{what} (a composite action of the scan)"),
                    guess: false,
                    target: None,
                    order,
                    step: Some(index),
                });
            }
            for role in self.hinted(&[stem(&action)]) {
                if out.iter().any(|e| e.order == order && e.role == role) {
                    continue;
                }
                out.push(Evidence {
                    role,
                    span: uses.span,
                    what: what.clone(),
                    guess: true,
                    target: None,
                    order,
                    step: Some(index),
                });
            }
            return sandbox;
        }
        sandbox |= self.sandbox_actions.iter().any(|a| glob(a, &action));
        for entry in &self.command_inputs {
            if !glob(&entry.action, &action) {
                continue;
            }
            let commands = match &entry.program {
                Some(program) => arguments_command(step, &entry.input, program).map(Cow::Owned),
                None => input_commands(step, &entry.input),
            };
            let Some(commands) = commands else {
                continue;
            };
            for (n, command) in commands.iter().enumerate() {
                sandbox |= self.command(command, (index, n + 1), extension, None, out);
            }
        }
        for (remote_action, input) in &self.remote_inputs {
            let Some(commands) =
                input_commands(step, input).filter(|_| glob(remote_action, &action))
            else {
                continue;
            };
            out.extend(
                self.remote_deploy_among(commands.iter(), &what, extension)
                    .map(|(found, span)| found.evidence(span, order)),
            );
        }
        sandbox
    }

    /// A publish that only a script's name hints at (`scripts/publish`) is
    /// sure when the step hands it a package registry's credential
    /// (`TWINE_PASSWORD`); so is an action of another repository named for
    /// a publish (`tu6ge/publish-action` with `CARGO_REGISTRY_TOKEN`),
    /// whose name alone says nothing here.
    fn confirm_publish(&self, step: &Step, index: usize, out: &mut Vec<Evidence>) {
        let Some((key, _)) = step
            .env
            .iter()
            .find(|(key, _)| self.publish_credentials.contains(&key.value))
        else {
            return;
        };
        let mut confirmed = false;
        for e in out
            .iter_mut()
            .filter(|e| e.role == Role::Push && e.step == Some(index))
        {
            confirmed = true;
            if e.guess {
                e.guess = false;
                e.what = format!("{} with `{}`", e.what, key.value);
            }
        }
        let Some(uses) = step.uses.as_ref().filter(|_| !confirmed) else {
            return;
        };
        if !uses.value.starts_with("./") && self.hinted(&[stem(&uses.value)]).contains(&Role::Push)
        {
            out.push(Evidence {
                role: Role::Push,
                span: uses.span,
                what: format!("`{}` with `{}`", strip_ref(&uses.value), key.value),
                guess: false,
                target: None,
                order: (index, 0),
                step: Some(index),
            });
        }
    }

    /// Adds a command's evidence; returns whether it starts a throwaway cluster.
    /// Adds what a command shows; returns whether it starts a throwaway
    /// cluster. A command the pipeline already classified where it is
    /// written (the jobs that extend one template run its commands) is not
    /// matched again.
    fn command<'p>(
        &self,
        command: &'p Command,
        order: Order,
        extension: &Extension,
        seen: Option<&mut Classified<'p>>,
        out: &mut Vec<Evidence>,
    ) -> bool {
        let add = |shown: &Shown, out: &mut Vec<Evidence>| {
            if let Some(first) = command.words.get(shown.first) {
                let span = first.span.join(command.span);
                out.extend(shown.found.iter().map(|found| found.evidence(span, order)));
            }
            shown.sandbox
        };
        match seen {
            Some(seen) => seen.with(
                command.span,
                command,
                || self.classify(&command.words, extension),
                |shown| add(shown, out),
            ),
            None => add(&self.classify(&command.words, extension), out),
        }
    }

    /// What a command's words show: the roles its patterns and its script's
    /// name give, after wrappers and run-time prefixes.
    fn classify(&self, all_words: &[Word], extension: &Extension) -> Shown {
        let mut words = self.unwrap(all_words);
        // `${{ matrix.sudo }} make test`: a prefix computed at run time. What
        // follows may be the command; only a guess.
        let mut prefixed = false;
        while words.len() > 1 && words[0].value.starts_with("${{") && words[0].value.ends_with("}}")
        {
            let options = words[1..]
                .iter()
                .take_while(|w| w.value.starts_with('-') || shell_assignment(&w.value))
                .count();
            words = self.unwrap(&words[1 + options..]);
            prefixed = true;
        }
        let mut shown = Shown {
            first: all_words.len() - words.len(),
            ..Shown::default()
        };
        if words.is_empty() {
            return shown;
        }
        let texts: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
        let name = program(texts[0]);
        shown.sandbox = self
            .sandbox_index
            .candidates(name)
            .any(|i| self.sandbox_commands[i].matches(name, &texts).is_some());
        let rules = self
            .command_index
            .candidates(name)
            .map(|i| &self.commands[i])
            .chain(&extension.commands);
        for rule in rules {
            let Some((_, named)) = rule.pattern.literal_words(name, &texts) else {
                continue;
            };
            if rule
                .unless
                .iter()
                .any(|unless| cancels(unless, &texts[1..]))
            {
                continue;
            }
            shown.found.push(Found {
                role: rule.role,
                what: named_words(name, &texts, &named),
                guess: rule.guess || prefixed,
                target: rule.target,
            });
        }
        // What a command surely does it does not also do by guess (a site's
        // build output synced to a bucket, also any sync to a bucket).
        let sure: Vec<Role> = shown
            .found
            .iter()
            .filter(|f| !f.guess)
            .map(|f| f.role)
            .collect();
        shown.found.retain(|f| !f.guess || !sure.contains(&f.role));
        if name == "ssh"
            && let Some(remote) = ssh_remote_command(&texts)
        {
            shown
                .found
                .extend(self.remote_deploy(&remote, "`ssh`", extension));
        }
        if let Some(covered) = self.containers.iter().find_map(|p| p.matches(name, &texts)) {
            let inner = (covered + 1..words.len()).find_map(|at| {
                self.classify(&words[at..], extension)
                    .found
                    .into_iter()
                    .find(|f| matches!(f.role, Role::Test | Role::Lint))
            });
            shown.found.extend(inner);
        }
        // A script's file name: `./scripts/deploy.sh`, `hack/run-tests.sh`,
        // also when an interpreter runs it (`bash scripts/deploy.sh`).
        let at = match self.interpreters.iter().any(|i| i == name) {
            true => (1..texts.len()).find(|&at| !texts[at].starts_with('-')),
            false => Some(0),
        };
        if let Some(at) = at.filter(|&at| looks_like_script(texts[at])) {
            let script = texts[at];
            let mut roles = self.script_roles(script);
            let mut what = format!("`{script}`");
            // A script whose name says nothing (`./scripts.sh`, `./x.py`)
            // run with a subcommand that names a check (`test-backend`,
            // `lint`) runs that check, as a make target does. Not for a
            // program the table knows, whose patterns already read its
            // subcommands (`./mvnw test-compile` compiles the tests). Checks
            // only: an argument naming a release or a deploy (`./run.sh
            // deploy`) is too weak a sign that the job ships to report it.
            if roles.is_empty()
                && !self.command_index.knows(program(script))
                && let Some(subcommand) = texts[at + 1..]
                    .iter()
                    .find(|w| !w.starts_with('-') && !shell_assignment(w))
                    .filter(|w| looks_like_subcommand(w))
            {
                roles = self.hinted(&[subcommand]);
                roles.retain(|r| r.is_gate());
                what = format!("`{script} {subcommand}`");
            }
            for role in roles {
                if shown.found.iter().any(|found| found.role == role) {
                    continue;
                }
                shown.found.push(Found {
                    role,
                    what: what.clone(),
                    guess: true,
                    target: None,
                });
            }
        }
        shown
    }

    /// The deploy of a script run on another host (over `via`): a deploy
    /// of the table or of the remote `deploys`, sure (a server runs it, not
    /// the job's runner; a script named for a deploy too).
    fn remote_deploy(&self, script: &str, via: &str, extension: &Extension) -> Option<Found> {
        self.remote_deploy_among(
            &shell::commands(script, |span| span).commands,
            via,
            extension,
        )
        .map(|(found, _)| found)
    }

    /// The deploy among commands run on another host, and where it is
    /// written: the last one, as what a server's script does first
    /// (`docker pull`, `git pull`, `systemctl start docker`) prepares
    /// what it starts last (`docker run`, `pm2 restart`).
    fn remote_deploy_among<'c>(
        &self,
        commands: impl IntoIterator<Item = &'c Command>,
        via: &str,
        extension: &Extension,
    ) -> Option<(Found, Span)> {
        commands
            .into_iter()
            .filter_map(|command| {
                let shown = self.classify(&command.words, extension);
                let table = shown.found.into_iter().find(|f| f.role == Role::Deploy);
                let found = table.or_else(|| {
                    let words = self.unwrap(&command.words);
                    let texts: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
                    let name = program(texts.first()?);
                    let (_, named) = self
                        .remote_deploys
                        .iter()
                        .find_map(|p| p.literal_words(name, &texts))?;
                    Some(Found {
                        role: Role::Deploy,
                        what: named_words(name, &texts, &named),
                        guess: false,
                        target: None,
                    })
                })?;
                let found = Found {
                    what: format!("{} over {via}", found.what),
                    guess: false,
                    ..found
                };
                Some((found, command.span))
            })
            .last()
    }

    /// The words of a command after wrappers (`sudo -E`, `npx`, `timeout 5m`).
    fn unwrap<'w>(&self, words: &'w [Word]) -> &'w [Word] {
        let mut words = words;
        // Bounded: each pass removes at least one word.
        for _ in 0..8 {
            let Some(first) = words.first() else {
                break;
            };
            let name = program(&first.value);
            let mut candidates = self.wrapper_index.candidates(name).peekable();
            if candidates.peek().is_none() {
                break;
            }
            let texts: Vec<&str> = words.iter().map(|w| w.value.as_str()).collect();
            let skip_options = |mut at: usize| {
                while at < words.len()
                    && (words[at].value.starts_with('-') || shell_assignment(&words[at].value))
                {
                    at += 1;
                }
                at
            };
            let Some(at) = candidates.find_map(|i| {
                let wrapper = &self.wrappers[i];
                let used = wrapper.pattern.matches(name, &texts)?;
                let at = skip_options(used.max(1));
                let at = skip_options((at + wrapper.args).min(words.len()));
                let wrapped = texts.get(at).map(|w| program(w));
                (wrapper.programs.is_empty()
                    || wrapped.is_some_and(|w| wrapper.programs.iter().any(|p| p == w)))
                .then_some(at)
            }) else {
                break;
            };
            words = &words[at..];
        }
        words
    }

    /// Roles that a script's path suggests: a script kept under `test/`
    /// or `tests/` tests, whatever its own name (`bash test/run.sh`).
    fn script_roles(&self, script: &str) -> Vec<Role> {
        let mut directories = script.rsplit('/').skip(1);
        if directories.any(|d| d == "test" || d == "tests") {
            return vec![Role::Test];
        }
        self.hinted(&[stem(script)])
    }

    /// Roles that names suggest.
    fn hinted(&self, names: &[&str]) -> Vec<Role> {
        let tokens: Vec<String> = names
            .iter()
            .flat_map(|n| {
                n.split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|t| !t.is_empty())
                    .map(str::to_ascii_lowercase)
            })
            .collect();
        let asks = tokens.iter().any(|t| self.hint_questions.contains(t));
        let mut roles: Vec<Role> = self
            .hints
            .iter()
            .filter(|(_, required)| required.iter().all(|t| tokens.contains(t)))
            .map(|(role, _)| *role)
            .filter(|role| !(asks && matches!(role, Role::Push | Role::Deploy)))
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }
}

impl Pattern {
    fn parse(text: &str) -> Result<Pattern, String> {
        let words: Vec<PatternWord> = text
            .split_whitespace()
            .map(|w| match w {
                "..." => PatternWord::Any,
                "-..." => PatternWord::Options,
                "_" => PatternWord::Operand,
                _ => {
                    let (body, optional) = match w.strip_suffix('?') {
                        Some(body) => (body, true),
                        None => (w, false),
                    };
                    PatternWord::word(body, optional)
                }
            })
            .collect();
        if !matches!(
            words.first(),
            Some(PatternWord::Word {
                optional: false,
                ..
            })
        ) {
            return Err(format!("pattern `{text}` must start with a command name"));
        }
        // A word of exceptions only would match nothing.
        if words
            .iter()
            .any(|w| matches!(w, PatternWord::Word { alternatives, .. } if alternatives.is_empty()))
        {
            return Err(format!(
                "pattern `{text}` has a word with only `!` exceptions: name what it matches too"
            ));
        }
        Ok(Pattern(words))
    }

    /// How many words of the command the pattern covers, if it matches its
    /// start; `name` stands for the first word.
    fn matches(&self, name: &str, words: &[&str]) -> Option<usize> {
        self.literal_words(name, words).map(|(covered, _)| covered)
    }

    /// The words covered, and the indexes of those that the pattern names
    /// (not skipped by `...` or `-...`): what a message shows. A first
    /// pattern word with a `/` names a path: it is compared to the first
    /// word as written, a leading `./` aside on both sides.
    fn literal_words(&self, name: &str, words: &[&str]) -> Option<(usize, Vec<usize>)> {
        let PatternWord::Word {
            alternatives,
            except,
            ..
        } = self.0.first()?
        else {
            return None;
        };
        let matches_first = alternatives.iter().any(|a| {
            if a.contains('/') {
                let written = words.first().copied().unwrap_or(name);
                glob(a.trim_start_matches("./"), written.trim_start_matches("./"))
            } else {
                glob(a, name)
            }
        }) && !except.iter().any(|e| glob(e, name));
        if !matches_first {
            return None;
        }
        let mut named = vec![0];
        let covered = match_words(&self.0[1..], words.get(1..)?, 1, &mut named, 0)?;
        Some((covered + 1, named))
    }
}

/// Whether an `unless` entry cancels a match on a command's arguments: its
/// words, each a glob, found one after the other.
fn cancels(words: &[String], arguments: &[&str]) -> bool {
    arguments.windows(words.len()).any(|run| {
        run.iter()
            .zip(words)
            .all(|(word, pattern)| glob(pattern, word))
    })
}

/// Matches pattern words against command words (the first of which is at
/// `at` in the command); pushes the indexes of named words onto `named`.
/// `depth` bounds backtracking.
fn match_words(
    pattern: &[PatternWord],
    words: &[&str],
    at: usize,
    named: &mut Vec<usize>,
    depth: usize,
) -> Option<usize> {
    if depth > 64 {
        return None;
    }
    let Some((head, rest)) = pattern.split_first() else {
        return Some(0);
    };
    let mark = named.len();
    let result = match head {
        PatternWord::Any => (0..=words.len()).find_map(|skip| {
            named.truncate(mark);
            match_words(rest, &words[skip..], at + skip, named, depth + 1).map(|n| n + skip)
        }),
        PatternWord::Options => {
            if let Some(n) = match_words(rest, words, at, named, depth + 1) {
                return Some(n);
            }
            named.truncate(mark);
            let first = words.first()?;
            if !first.starts_with('-') {
                return None;
            }
            // An option alone, or an option and its value (which is no
            // option itself: `--generate-notes --title x`).
            let with_value =
                !first.contains('=') && words.get(1).is_some_and(|w| !w.starts_with('-'));
            match_words(pattern, &words[1..], at + 1, named, depth + 1)
                .map(|n| n + 1)
                .or_else(|| {
                    named.truncate(mark);
                    with_value
                        .then(|| {
                            match_words(pattern, &words[2..], at + 2, named, depth + 1)
                                .map(|n| n + 2)
                        })
                        .flatten()
                })
        }
        PatternWord::Operand => {
            words.first().filter(|w| !w.starts_with('-'))?;
            match_words(rest, &words[1..], at + 1, named, depth + 1).map(|n| n + 1)
        }
        PatternWord::Word {
            alternatives,
            except,
            optional,
        } => {
            let here = words
                .first()
                .filter(|w| word_matches(alternatives, except, w))
                .and_then(|_| {
                    named.push(at);
                    match_words(rest, &words[1..], at + 1, named, depth + 1).map(|n| n + 1)
                });
            here.or_else(|| {
                named.truncate(mark);
                optional
                    .then(|| match_words(rest, words, at, named, depth + 1))
                    .flatten()
            })
        }
    };
    if result.is_none() {
        named.truncate(mark);
    }
    result
}

/// Whether a job's names say it builds, ships or deploys something, or
/// prepares what tests need (`provision integration kubernetes`, `clone
/// test repo`).
fn names_other_work(names: &[&str]) -> bool {
    const VERBS: &[&str] = &[
        "build",
        "push",
        "publish",
        "release",
        "deploy",
        "package",
        "provision",
        "clone",
        "setup",
        "prepare",
        "install",
    ];
    names.iter().any(|name| {
        name.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| VERBS.iter().any(|verb| word.eq_ignore_ascii_case(verb)))
    })
}

/// Whether a step's inputs satisfy an action rule's conditions: `None` when
/// they do not; `Some(true)` when an input is an expression (a guess).
fn inputs_match(
    conditions: &[(String, Vec<String>)],
    with: &[(Spanned<String>, Spanned<String>)],
) -> Option<bool> {
    let mut guess = false;
    for (key, alternatives) in conditions {
        let (_, value) = with
            .iter()
            .find(|(k, _)| k.value.eq_ignore_ascii_case(key))?;
        let value = value.value.trim().to_ascii_lowercase();
        // `!glob` alternatives are exceptions, as in command patterns
        // (`*|!$web`: any container but a static website's).
        let wanted = || alternatives.iter().filter(|a| !a.starts_with('!'));
        if let Some(at) = value.find("${{") {
            // Text before the expression may already decide:
            // `build --snapshot ${{ x }}` is no `release*`.
            let prefix = &value[..at];
            let compatible = wanted().any(|a| {
                let literal = a.split('*').next().unwrap_or("");
                literal.starts_with(prefix) || prefix.starts_with(literal)
            });
            if !compatible {
                return None;
            }
            guess = true;
            continue;
        }
        let excepted = alternatives
            .iter()
            .filter_map(|a| a.strip_prefix('!'))
            .any(|e| glob(e, &value));
        if excepted || !wanted().any(|a| glob(a, &value)) {
            return None;
        }
    }
    Some(guess)
}

/// A command's name as patterns see it: file name, no `@version`, no `.exe`.
fn program(word: &str) -> &str {
    let base = word.rsplit(['/', '\\']).next().unwrap_or(word);
    let base = base.split('@').next().unwrap_or(base);
    base.strip_suffix(".exe").unwrap_or(base)
}

/// The last path component without its extension.
fn stem(path: &str) -> &str {
    let base = strip_ref(path)
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(path);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem)
}

fn strip_ref(uses: &str) -> &str {
    uses.split('@').next().unwrap_or(uses)
}

fn looks_like_script(word: &str) -> bool {
    !word.contains("${")
        && (word.contains('/')
            || [".sh", ".bash", ".py", ".ps1"]
                .iter()
                .any(|ext| word.ends_with(ext)))
}

/// Reports that only checks write: test results and the coverage of tests
/// (GitLab's `junit`, `coverage_report` and the older `cobertura`), a
/// linter's findings (`codequality`).
const CHECK_REPORTS: &[(&str, Role)] = &[
    ("junit", Role::Test),
    ("coverage_report", Role::Test),
    ("cobertura", Role::Test),
    ("codequality", Role::Lint),
];

/// A word written as a subcommand (`test`, `test-backend`, `test:unit`),
/// not a value: a path, an image, a variable or a constant
/// (`registry/app:$TAG`, `MOCK_THE_TEST`) may hold any word.
fn looks_like_subcommand(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase())
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | ':'))
}

fn shell_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// The commands of a step's input `name`, where they are written: those of
/// a script over several lines one by one, a one-line input's at the input
/// as a whole.
fn input_commands<'s>(step: &'s Step, name: &str) -> Option<Cow<'s, [Command]>> {
    if let Some(script) = step.input_script(name) {
        return Some(Cow::Borrowed(&script.commands));
    }
    let (_, value) = step.input(name)?;
    Some(Cow::Owned(
        shell::commands(&value.value, |_| value.span).commands,
    ))
}

/// The command line an action runs with an input as the arguments of
/// `program`: the program takes the whole input, over however many lines it
/// is written, as one command (`arguments: build --scan`).
fn arguments_command(step: &Step, name: &str, program: &str) -> Option<Vec<Command>> {
    let (_, value) = step.input(name)?;
    let line = format!("{program} {}", value.value.replace('\n', " "));
    Some(shell::commands(&line, |_| value.span).commands)
}

/// A list of `{action, input}` entries: the action lowercased.
fn action_inputs(node: Option<&Node>) -> Result<Vec<(String, String)>, String> {
    node.map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|entry| {
            Ok((
                str_at(entry, "action")?.to_ascii_lowercase(),
                str_at(entry, "input")?.to_string(),
            ))
        })
        .collect()
}

/// The command that `ssh [options] destination command...` runs on the
/// host, as the remote shell reads it: its words joined by spaces. `None`
/// for a login or a connection test (`ssh -T git@github.com`), which runs
/// none.
fn ssh_remote_command(texts: &[&str]) -> Option<String> {
    // The options of ssh(1) that take a value.
    const WITH_VALUE: &str = "BbcDEeFIiJLlmOoPpQRSWw";
    // Where the options that start at `at` end, and whether `--` ended them.
    let options = |mut at: usize| {
        while let Some(word) = texts.get(at) {
            at += 1;
            if *word == "--" {
                return (at, true);
            }
            let Some(flags) = word.strip_prefix('-') else {
                return (at - 1, false);
            };
            // `-tt`, `-i key`, `-ikey`: the first letter that takes a value
            // takes the rest of the word, or else the next word.
            if flags.find(|c| WITH_VALUE.contains(c)) == Some(flags.len() - 1) {
                at += 1;
            }
        }
        (at, false)
    };
    let (host, ended) = options(1);
    // OpenSSH reads options after the destination too (`ssh host -p 2222
    // 'docker pull ...'`), until a `--` or the first other word.
    let command = if ended { host + 1 } else { options(host + 1).0 };
    let command = texts.get(command..)?;
    (!command.is_empty()).then(|| command.join(" "))
}

/// How a message names a matched command: the words its pattern names, up
/// to four (`` `helm upgrade` ``, not the options and values between).
fn named_words(name: &str, texts: &[&str], named: &[usize]) -> String {
    let words: Vec<&str> = named
        .iter()
        .map(|&i| if i == 0 { name } else { texts[i] })
        .take(4)
        .collect();
    format!("`{}`", words.join(" "))
}

fn str_at<'n>(node: &'n Node, key: &str) -> Result<&'n str, String> {
    node.get(key)
        .and_then(Node::as_str)
        .ok_or_else(|| format!("entry without `{key}`"))
}

fn strings(node: Option<&Node>) -> Result<Vec<&str>, String> {
    node.map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|n| n.as_str().ok_or_else(|| "expected a string".to_string()))
        .collect()
}

fn role_of(key: &Node) -> Result<Role, String> {
    key.as_str()
        .and_then(Role::parse)
        .ok_or_else(|| format!("unknown role {:?}", key.as_str()))
}

fn target_of(entry: &Node) -> Result<Option<Target>, String> {
    match entry.get("target").and_then(Node::as_str) {
        None => Ok(None),
        Some("kubernetes") => Ok(Some(Target::Kubernetes)),
        Some("pages") => Ok(Some(Target::Pages)),
        Some(other) => Err(format!("unknown target `{other}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::github_workflow;
    use crate::source::{Format, SourceFile};

    /// The roles of each job of a workflow, as `id: role role`.
    fn roles_of(workflow: &str) -> Vec<String> {
        roles_with(workflow, &Config::default())
    }

    /// The roles of each job, with a configuration's `[job-roles]`.
    fn roles_with(workflow: &str, config: &Config) -> Vec<String> {
        let file = SourceFile::new("ci.yml", Format::GithubWorkflow, workflow);
        let model = github_workflow::load(&file, &crate::formats::Syntax::of(&file.text));
        let pipeline = &model.pipelines[0];
        pipeline
            .jobs
            .iter()
            .zip(profiles(pipeline, config, &Called::nothing()))
            .map(|(job, profile)| {
                let mut roles: Vec<String> = profile
                    .evidence
                    .iter()
                    .map(|e| format!("{}{}", e.role.name(), if e.guess { "?" } else { "" }))
                    .collect();
                roles.dedup();
                format!("{}: {}", job.id.value, roles.join(" "))
            })
            .collect()
    }

    fn run(script: &str) -> String {
        let workflow = format!(
            "on: push\njobs:\n  j:\n    steps:\n      - run: |\n{}\n",
            script
                .lines()
                .map(|l| format!("          {l}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        roles_of(&workflow).remove(0)
    }

    #[test]
    fn the_builtin_table_parses() {
        let table = RoleTable::builtin();
        assert!(table.commands.len() > 100 && table.actions.len() > 40);
    }

    #[test]
    fn the_first_word_index_offers_every_pattern_that_can_match() {
        let table = RoleTable::builtin();
        for (at, rule) in table.commands.iter().enumerate() {
            let Some(PatternWord::Word { alternatives, .. }) = rule.pattern.0.first() else {
                continue;
            };
            for name in alternatives {
                assert!(
                    table.command_index.candidates(name).any(|i| i == at),
                    "{name}: pattern {at} not offered"
                );
            }
        }
        // A program no literal pattern names is compared with the globbed ones only.
        assert_eq!(
            table
                .command_index
                .candidates("no-such-program")
                .collect::<Vec<_>>(),
            table.command_index.always
        );
        // Both lists, in list order.
        let docker: Vec<usize> = table.command_index.candidates("docker").collect();
        assert!(docker.is_sorted() && docker.len() > table.command_index.always.len());
        assert!(
            table
                .command_index
                .always
                .iter()
                .all(|i| docker.contains(i))
        );
    }

    #[test]
    fn signing_and_make_targets_publish() {
        assert_eq!(run("cosign sign --yes ghcr.io/o/app@sha256:1"), "j: push");
        assert_eq!(run("cosign sign --upload=false img"), "j: ");
        // A throwaway registry of a test: signed there, published nowhere.
        assert_eq!(
            run("./cosign sign --yes --allow-http-registry ${img}"),
            "j: "
        );
        assert_eq!(run("make sign-ci-containers"), "j: push?");
        assert_eq!(run("make docker-push"), "j: push?");
    }

    #[test]
    fn commands_at_command_positions() {
        assert_eq!(run("npm ci\nnpm test"), "j: test");
        assert_eq!(run("echo \"kubectl apply -f x\"\n# helm upgrade x"), "j: ");
        assert_eq!(run("sudo -E kubectl -n prod apply -f k8s/"), "j: deploy");
        assert_eq!(run("kubectl apply --dry-run=client -f k8s/"), "j: ");
        assert_eq!(run("kubectl get pods"), "j: ");
        assert_eq!(
            run("python -m pytest -q && docker build -t x ."),
            "j: test build"
        );
        assert_eq!(run("docker buildx build --push -t x ."), "j: build push");
        assert_eq!(run("docker push localhost:5000/x"), "j: ");
        assert_eq!(run("cargo +nightly fmt --all -- --check"), "j: lint");
        assert_eq!(run("cargo fmt --all"), "j: ");
        assert_eq!(
            run("terraform -chdir=infra apply -auto-approve"),
            "j: deploy"
        );
        assert_eq!(run("terraform plan"), "j: ");
        assert_eq!(run("./gradlew --no-daemon check"), "j: test");
        assert_eq!(
            run("go run github.com/golangci/golangci-lint/cmd/golangci-lint@v1.60 run"),
            "j: lint"
        );
        assert_eq!(run("timeout 10m make test"), "j: test");
        assert_eq!(run("./scripts/deploy.sh prod"), "j: deploy?");
        assert_eq!(run("bash -e scripts/deploy.sh prod"), "j: deploy?");
        assert_eq!(run("python3 tools/run_tests.py"), "j: test?");
        assert_eq!(run("bash -c 'echo hi'"), "j: ");
        assert_eq!(run("python manage.py test"), "j: test");
        assert_eq!(run("npx nx affected -t lint,test"), "j: lint test");
        assert_eq!(run("nx run-many -t build"), "j: ");
        assert_eq!(run("python -m coverage run -m pytest"), "j: test");
        assert_eq!(run("aws s3 sync --delete ./dist s3://site"), "j: deploy");
        assert_eq!(run("aws s3 sync ./backups s3://archive"), "j: deploy?");
        assert_eq!(run("rsync -az public/ deploy@host:/srv/www"), "j: deploy");
        assert_eq!(run("scp -r logs host:/tmp"), "j: deploy?");
        assert_eq!(run("aws s3 sync s3://data ./data"), "j: ");
        assert_eq!(run("npm run deploy:prod"), "j: deploy");
        assert_eq!(run("cat <<EOF\nkubectl apply -f x\nEOF"), "j: ");
    }

    #[test]
    fn test_commands_of_gitlab_pipelines() {
        for script in [
            "/bin/herokuish buildpack test",
            "bundle exec rspec",
            "python setup.py test",
            "nosetests -v",
            "ninja -C build test_install",
            "julia -e 'using Pkg; Pkg.build(\"A\"); Pkg.test(\"A\"; coverage = true)'",
            "R CMD check --as-cran pkg.tar.gz",
            "mvn verify",
            "gradle check",
            "tox -e py312",
            "vendor/bin/phpunit",
            "make check",
        ] {
            assert_eq!(run(script), "j: test", "{script}");
        }
        assert_eq!(run("herokuish buildpack build"), "j: ");
        for test in [
            "tox",
            "tox -e py311,py312",
            "tox run -e 3.12",
            "tox -e \"${{ matrix.toxenv }}\"",
            "tox -e docs,py312-django42",
            "tox -epypy3",
            "nox",
            "nox -s tests-3.12",
        ] {
            assert_eq!(run(test), "j: test", "{test}");
        }
        for other in [
            "tox -e generate-gh-release-notes -- 1.2.3 notes.md",
            "tox -e docs",
            "tox -e build,release",
            "nox -s docs",
        ] {
            assert_eq!(run(other), "j: ", "{other}");
        }
        assert_eq!(run("tox -e lint"), "j: lint");
        assert_eq!(run("julia docs/make.jl"), "j: ");
    }

    #[test]
    fn releases_publish_when_they_carry_files() {
        assert_eq!(
            run("gh release create \"$TAG\" --generate-notes --title \"$TAG\""),
            "j: "
        );
        assert_eq!(
            run("gh release create v1 --notes x dist/app.tar.gz"),
            "j: push"
        );
        assert_eq!(run("gh release upload v1 app.zip"), "j: push");
        assert_eq!(
            run("snapcraft upload *.snap --release=latest/stable"),
            "j: push"
        );
    }

    #[test]
    fn sbt_tests_publishes_and_releases() {
        for test in [
            "sbt test",
            "sbt +test",
            "sbt \"+test\"",
            "sbt clean coverage test coverageReport",
            "sbt ++2.13.12 test",
            "sbt \"++2.13.12 test\"",
            "sbt \"testOnly com.example.*\"",
            "sbt it:test",
            "sbt IntegrationTest/test",
            "sbt \"project core\" test",
            "sbt \";clean;test\"",
            "sbt -v -Dfile.encoding=UTF8 test",
        ] {
            assert_eq!(run(test), "j: test", "{test}");
        }
        for publish in [
            "sbt publish",
            "sbt publishSigned",
            "sbt +publish",
            "sbt \"+publishSigned\"",
            "sbt ci-release",
            "sbt \"; +publishSigned; sonatypeBundleRelease\"",
            "sbt \"release with-defaults skip-tests\"",
            "sbt 'release skip-tests'",
        ] {
            assert_eq!(run(publish), "j: push", "{publish}");
        }
        for release in [
            "sbt release",
            "sbt \"release with-defaults\"",
            "sbt release with-defaults",
        ] {
            assert_eq!(run(release), "j: test push", "{release}");
        }
        for other in [
            "sbt publishLocal",
            "sbt +publishLocal",
            "sbt compile",
            "sbt assembly",
        ] {
            assert_ne!(run(other), "j: push", "{other}");
        }
    }

    #[test]
    fn registries_release_tools_and_platforms_beyond_the_common_ones() {
        for publish in [
            "bun publish",
            "npx lerna publish from-package --yes",
            "pnpm changeset publish",
            "npx nx release publish",
            "npx jsr publish",
            "cargo release --execute --no-confirm",
            "./mvnw -B jreleaser:full-release",
            "./gradlew jreleaserDeploy",
            "jreleaser full-release",
            "sbt +publishSigned",
            "sbt ci-release",
            "lein deploy clojars",
            "mix hex.publish --yes",
            "pod trunk push App.podspec",
            "dart pub publish --force",
            "conan upload \"*\" -r remote --confirm",
            "choco push app.nupkg",
            "cr upload --owner o --git-repo charts",
            "ghr -t \"$TOKEN\" v1.0.0 dist/",
            "eas submit --platform ios",
            "dist host --steps=upload --steps=release --output-format=json",
            "pdm publish --no-build",
            "maturin publish --skip-existing",
            "maturin upload --skip-existing wheels/*",
        ] {
            assert_eq!(run(publish), "j: push", "{publish}");
        }
        assert_eq!(run("bundle exec fastlane ios beta"), "j: push?");
        // Maven and Gradle test on their way to a package, unless told not to.
        assert_eq!(run("mvn -B package"), "j: test");
        assert_eq!(run("mvn -B package -DskipTests"), "j: ");
        assert_eq!(run("./mvnw -B deploy"), "j: test push");
        assert_eq!(run("./gradlew build"), "j: test");
        assert_eq!(run("./gradlew build -x test"), "j: ");
        assert_eq!(run("./gradlew test -x integrationTest"), "j: test");
        for rehearsal in [
            "cargo release 1.2.0",
            "npx nx release publish --dry-run",
            "dart pub publish --dry-run",
            "npx lerna run test",
        ] {
            assert_ne!(run(rehearsal), "j: push", "{rehearsal}");
        }
        for deploy in [
            "npx sst deploy --stage production",
            "doctl apps create-deployment \"$APP_ID\"",
            "nomad job run deploy/app.nomad",
            "ecs-deploy -c prod -n api -i \"$IMAGE\"",
            "supabase functions deploy",
            "dpl --provider=heroku --app=$APP --api-key=$KEY",
        ] {
            assert_eq!(run(deploy), "j: deploy", "{deploy}");
        }
        assert_eq!(
            run(
                "curl --header \"JOB-TOKEN: $CI_JOB_TOKEN\" --upload-file bin/app \"${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/generic/app/1.0/app\""
            ),
            "j: push"
        );
        assert_eq!(run("curl -T report.xml https://example.com/upload"), "j: ");
        let workflow = "\
on: push
jobs:
  charts:
    steps:
      - uses: helm/chart-releaser-action@v1
  assets:
    steps:
      - uses: svenstaro/upload-release-action@v2
        with:
          file: dist/*
  java:
    steps:
      - uses: jreleaser/release-action@v2
        with:
          arguments: full-release
  java-config:
    steps:
      - uses: jreleaser/release-action@v2
        with:
          arguments: config
  app:
    steps:
      - uses: digitalocean/app_action/deploy@v2
  binaries:
    steps:
      - uses: taiki-e/upload-rust-binary-action@v1
        with:
          bin: tool
  crates:
    steps:
      - uses: release-plz/action@v0.5
        with:
          command: release
  release-pr:
    steps:
      - uses: release-plz/action@v0.5
        with:
          command: release-pr
";
        assert_eq!(
            roles_of(workflow),
            [
                "charts: push",
                "assets: push",
                "java: push",
                "java-config: ",
                "app: deploy",
                "binaries: push",
                "crates: push",
                "release-pr: "
            ]
        );
    }

    #[test]
    fn commands_run_over_ssh_deploy_when_they_update_the_host() {
        for deploy in [
            "ssh -o StrictHostKeyChecking=no deploy@$HOST \"cd /srv/app && docker compose pull && docker compose up -d\"",
            "sshpass -p \"$SSH_PASSWORD\" ssh -o StrictHostKeyChecking=no $U@$H \"docker pull $IMG && docker run -d $IMG\"",
            "ssh -i key -p 2222 -tt host 'sudo systemctl restart app'",
            "ssh -ikey host cd /srv/app \\&\\& git pull",
            "ssh host ./deploy.sh production",
            "ssh host kubectl apply -f k8s/",
            "ssh -i key $U@$H -p 28189 \"docker pull $IMAGE\"",
            "ssh -i key deploy@host <<'EOF'\ncd /srv/app\ngit pull\nsudo systemctl restart app\nEOF",
        ] {
            assert_eq!(run(deploy), "j: deploy", "{deploy}");
        }
        for other in [
            "ssh $HOST uptime",
            "ssh -T git@github.com",
            "ssh-keyscan github.com >> ~/.ssh/known_hosts",
            "ssh-add - <<< \"$KEY\"",
            "ssh -p 22 host",
            "ssh host -p 22",
            "ssh host -- -p docker pull",
            "ssh -o docker=run host 'ls /srv'",
            "ssh host <<EOF\nuptime\nEOF\ncat <<EOF > notes\ndocker compose up -d\nEOF",
            "docker compose up -d\nnpm test",
        ] {
            assert_ne!(run(other), "j: deploy", "{other}");
        }
        let workflow = "\
on: push
jobs:
  compose:
    steps:
      - uses: appleboy/ssh-action@v1
        with:
          script: |
            cd /srv/app
            docker compose up -d --build
  unknown:
    steps:
      - uses: appleboy/ssh-action@v1
        with:
          script: df -h
";
        assert_eq!(
            roles_of(workflow),
            ["compose: deploy? deploy", "unknown: deploy?"]
        );
    }

    #[test]
    fn throwaway_stacks_and_named_tests_are_tests() {
        assert_eq!(
            run("terraform apply -auto-approve\n./probe.sh\nterraform destroy -auto-approve"),
            "j: test?"
        );
        assert_eq!(run("helm install x ./chart\nhelm uninstall x"), "j: test?");
        // Real deploys clean up with kubectl too: no throwaway stack.
        assert_eq!(
            run("kubectl apply -f k8s/\nkubectl delete job migrate"),
            "j: deploy"
        );
        assert_eq!(run("bash test/run.sh"), "j: test?");
        assert_eq!(run("./tests/deploy-fixtures.sh"), "j: test?");
        let workflow = "\
on: push
jobs:
  unit-tests:
    steps:
      - run: ./ci/check
  deploy-test:
    environment: test
    steps:
      - run: ./ci/ship
  lint:
    name: Lint
    uses: ./.github/workflows/style.yml
";
        assert_eq!(
            roles_of(workflow),
            ["unit-tests: test?", "deploy-test: deploy", "lint: lint?"]
        );
    }

    #[test]
    fn local_clusters_absorb_kubernetes_deploys() {
        assert_eq!(
            run(
                "kind create cluster\nkubectl apply -f k8s/\nhelm install x ./chart\ngo test ./e2e"
            ),
            "j: test"
        );
    }

    #[test]
    fn trusted_publishers_of_python_and_ruby_packages_publish() {
        let workflow = "\
on: push
jobs:
  wheels:
    steps:
      - uses: PyO3/maturin-action@v1
        with:
          command: build
      - uses: PyO3/maturin-action@v1
        with:
          command: upload
  built:
    steps:
      - uses: PyO3/maturin-action@v1
        with:
          command: build
  gem:
    steps:
      - uses: rubygems/release-gem@v1
";
        assert_eq!(roles_of(workflow), ["wheels: push", "built: ", "gem: push"]);
    }

    #[test]
    fn actions_inputs_environments_and_reusable_workflows() {
        let workflow = "\
on: push
jobs:
  image:
    steps:
      - uses: docker/build-push-action@v6
        with:
          push: ${{ github.event_name != 'pull_request' }}
  local:
    steps:
      - uses: docker/build-push-action@v6
  release:
    environment: production
    steps:
      - uses: actions/checkout@v4
  integration:
    environment: staging-secrets
    steps:
      - run: npm test
  tests:
    uses: ./.github/workflows/run-tests.yml
  retry:
    steps:
      - uses: nick-fields/retry@v3
        with:
          command: npm run lint
";
        assert_eq!(
            roles_of(workflow),
            [
                "image: build push?",
                "local: build",
                "release: deploy",
                "integration: test",
                "tests: test?",
                "retry: lint"
            ]
        );
    }

    #[test]
    fn environments_teardowns_prefixes_and_wrappers() {
        let workflow = "\
on: push
jobs:
  secrets-only:
    environment: pgo-upload
    steps:
      - run: ./upload.sh
  computed:
    environment: ${{ inputs.environment }}
    steps: []
  cleanup:
    environment: staging
    steps:
      - run: kubectl delete namespace preview
  plan:
    environment: production
    steps:
      - run: terraform -chdir=infra plan -out tfplan
  pypi:
    environment: deploy
    steps:
      - uses: pypa/gh-action-pypi-publish@release/v1
  image:
    environment: production
    steps:
      - run: docker build -t ghcr.io/o/app . && docker push ghcr.io/o/app
  matrix-sudo:
    steps:
      - run: ${{ matrix.sudo }} -E PATH=$PATH make integration
  vm:
    steps:
      - run: |
          lima sudo RUNC=1 script/vm/test-integration.sh
          runuser -u builder -- make test
          mingw32-make.exe test
          python -m tests.run_tests
";
        assert_eq!(
            roles_of(workflow),
            [
                "secrets-only: deploy?",
                "computed: deploy",
                "cleanup: ",
                "plan: ",
                "pypi: push",
                "image: build push deploy",
                "matrix-sudo: test?",
                "vm: test? test test?"
            ]
        );
    }

    #[test]
    fn messages_show_the_words_a_pattern_names() {
        let file = SourceFile::new(
            "ci.yml",
            Format::GithubWorkflow,
            "on: push\njobs:\n  j:\n    steps:\n      - run: helm --kube-context prod upgrade --install api ./chart\n",
        );
        let model = github_workflow::load(&file, &crate::formats::Syntax::of(&file.text));
        let profile = &profiles(&model.pipelines[0], &Config::default(), &Called::nothing())[0];
        assert_eq!(profile.evidence[0].what, "`helm upgrade`");
        assert_eq!(
            file.slice(profile.evidence[0].span),
            "helm --kube-context prod upgrade --install api ./chart"
        );
    }

    #[test]
    fn configured_patterns_extend_the_table() {
        let workflow = "\
on: push
jobs:
  check:
    steps:
      - run: make ci && echo make ci
  ship:
    steps:
      - run: sudo ./scripts/release.sh prod
  remote:
    steps:
      - uses: My-Org/Ship-Action@v2
  local:
    steps:
      - uses: ./.github/actions/ship
  unrelated:
    steps:
      - run: make cid && scripts/release.sh.bak && other/scripts/release.sh
";
        let before = roles_of(workflow);
        assert_eq!(
            before,
            [
                "check: ",
                "ship: push?",
                "remote: ",
                "local: ",
                "unrelated: push?"
            ]
        );
        let mut config = Config::default();
        config.job_roles = [
            ("test".to_string(), vec!["make ci".to_string()]),
            (
                "deploy".to_string(),
                vec![
                    "scripts/release.sh".to_string(),
                    "my-org/ship-action@v1".to_string(),
                    "./.github/actions/ship".to_string(),
                ],
            ),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            roles_with(workflow, &config),
            [
                "check: test",
                "ship: deploy push?",
                "remote: deploy",
                "local: deploy",
                "unrelated: push?"
            ]
        );
        // The table itself is untouched.
        assert_eq!(roles_of(workflow), before);
        assert!(check_pattern("make ci").is_ok());
        assert!(check_pattern("... ci").is_err());
        assert!(check_pattern(" ").is_err());
    }

    #[test]
    fn globs_and_patterns() {
        assert!(glob("lint*", "lint:fix"));
        assert!(glob("*:check", "ts:check"));
        assert!(glob("a*b*c", "aXbYc"));
        assert!(!glob("a*b", "ab c"));
        assert!(!glob("lint", "linter"));
        assert!(
            !glob("a*b*b", "ab"),
            "a middle part and the last may not overlap"
        );
        assert!(glob("a**b", "ab") && glob("*", "") && glob("x*", "x"));
        assert!(Pattern::parse("... x").is_err());
        let p = Pattern::parse("kubectl -... apply").unwrap();
        assert_eq!(
            p.matches("kubectl", &["kubectl", "--context", "x", "apply"]),
            Some(4)
        );
        assert_eq!(
            p.matches("kubectl", &["kubectl", "--insecure", "apply"]),
            Some(3)
        );
        assert_eq!(p.matches("kubectl", &["kubectl", "get", "apply"]), None);
        // `!` alternatives are exceptions to the others.
        let p = Pattern::parse("gradle ... test|*Test|!spotbugs*").unwrap();
        assert_eq!(p.matches("gradle", &["gradle", "integrationTest"]), Some(2));
        assert_eq!(p.matches("gradle", &["gradle", "spotbugsTest"]), None);
        assert_eq!(
            p.matches("gradle", &["gradle", "spotbugsTest", "test"]),
            Some(3)
        );
        assert!(Pattern::parse("gradle !spotbugs*").is_err());
    }
}
