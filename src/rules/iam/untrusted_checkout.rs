//! `untrusted-checkout`: a job of a `pull_request_target`, `workflow_run` or
//! `issue_comment` workflow that checks out the pull request's head. Those
//! triggers run with the base repository's secrets and, unless
//! `permissions:` narrow it, a write token (the message says which);
//! checking out the head brings in code that anyone who opens a pull request
//! from a fork controls, and the next build or test step runs it ("pwn
//! request"). A `git fetch` of the head counts only when a later command of
//! the job checks out, merges or resets: fetched to be diffed, the head's
//! code stays out of the working tree. Nor does a head checked out beside
//! the workspace (`path: pr`) that no later step runs: no step works in it,
//! runs a program or script of it, or points a build tool, an action or a
//! copy at it (a script of the base branch reading one of its files, the
//! pattern GitHub recommends, runs nothing of it).
//!
//! A job restricted to pull requests from the repository itself (`if:`
//! comparing `head.repo.full_name`, or `head.repo.fork`) is not reported,
//! nor a `workflow_run` job restricted to runs that no pull request
//! started (`github.event.workflow_run.event == 'push'`): a fork reaches
//! those only through a `pull_request` run.
//! Pull requests authored by a given account (`pull_request.user.login`, as
//! for Dependabot) or by one the repository trusts
//! (`pull_request.author_association` of `OWNER`, `MEMBER`, `COLLABORATOR`)
//! come from the repository too. A job gated by an
//! environment, a label, the triggering actor or the commenter's association
//! with the repository, or by a step before the checkout that fails unless
//! the commenter is a collaborator (someone approves each run), is a warning
//! with medium confidence.

use crate::finding::{Confidence, Severity};
use crate::model::{Command, CompareOp, Expr, Job, Permissions, Pipeline, Step};
use crate::rules::job_ordering::analysis::{action_of, step_object, step_place};
use crate::rules::job_ordering::conditions::{Scenario, Status, may_run, mentions};
use crate::rules::job_ordering::graph::Graph;
use crate::rules::{Context, Rule};
use crate::source::Span;
use crate::source::glob;

pub struct UntrustedCheckout;

pub static UNTRUSTED_CHECKOUT: UntrustedCheckout = UntrustedCheckout;

/// A trigger that runs with the base repository's secrets and a write
/// token while a pull request from a fork can start it.
struct Privileged {
    trigger: &'static str,
    /// Expressions that name the pull request's head.
    heads: &'static [&'static str],
    /// What the context says in a run a fork started.
    attack: &'static [(&'static str, &'static str)],
}

const PRIVILEGED: &[Privileged] = &[
    Privileged {
        trigger: "pull_request_target",
        heads: &[
            "github.event.pull_request.head.sha",
            "github.event.pull_request.head.ref",
            "github.event.pull_request.merge_commit_sha",
            "github.event.pull_request.head.repo.full_name",
            "github.head_ref",
            "refs/pull/",
        ],
        attack: &[],
    },
    // A comment on a pull request (`/test`): the workflow runs in the base
    // repository, and `refs/pull/N/head` is the fork's code. The event
    // names no head, so workflows look it up and pass it on as a step's
    // output (`steps.pr.outputs.head_sha`), a field of the pull request
    // it read (`fromJSON(...).head.sha`; the event's own
    // `pull_request.head.sha` is empty here) or `gh pr view --json headRefName`.
    Privileged {
        trigger: "issue_comment",
        heads: &[
            "refs/pull/",
            "outputs.head",
            ").head.sha",
            ").head.ref",
            "headrefname",
            "headrefoid",
        ],
        attack: &[],
    },
    Privileged {
        trigger: "workflow_run",
        heads: &[
            "github.event.workflow_run.head_sha",
            "github.event.workflow_run.head_commit.id",
            "github.event.workflow_run.head_branch",
            "github.event.workflow_run.head_repository.full_name",
            "refs/pull/",
        ],
        attack: &[("github.event.workflow_run.event", "pull_request")],
    },
];

/// Actions that look up the pull request an `issue_comment` is on: every
/// output but the base's (`base_ref`, `base_sha`) names its head.
const COMMENT_BRANCH_ACTIONS: &[&str] = &["*/pull-request-comment-branch"];

/// What a script that looks the pull request up reads of its head: an
/// `actions/github-script` step that returns it (`return
/// response.data.head.sha`) hands it on as its outputs
/// (`steps.sha.outputs.result`).
const SCRIPT_HEADS: &[&str] = &[".head.sha", ".head.ref"];

/// What a `run:` step that looks the pull request up reads of its head
/// (`gh pr view N --json headRefName,headRepository`, `gh api
/// repos/o/r/pulls/N --jq .head.sha`), lowercase: the outputs it writes
/// hand the head on (`steps.pr.outputs.pr_head_ref`).
const SHELL_HEADS: &[&str] = &[
    "headrefname",
    "headrefoid",
    "headrepository",
    ".head.sha",
    ".head.ref",
    ".head.repo",
];

/// What a step that checks the commenter's access to the repository calls
/// (`GET /repos/{owner}/{repo}/collaborators/{username}`, octokit's
/// `getCollaboratorPermissionLevel`), lowercase: the step fails, and the
/// job stops, for anyone else.
const ACCESS_CHECKS: &[&str] = &[
    "/collaborators/",
    "getcollaboratorpermissionlevel",
    "checkcollaborator",
];

impl Rule for UntrustedCheckout {
    fn id(&self) -> &'static str {
        "untrusted-checkout"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        for Privileged {
            trigger,
            heads,
            attack,
        } in PRIVILEGED
        {
            if !pipeline.triggers.iter().any(|t| t.value == *trigger) {
                continue;
            }
            let Some(analysis) = cx.analysis() else {
                return;
            };
            let graph = analysis.graph;
            let scenario = attack.iter().fold(
                Scenario::new(Status::SUCCEEDED).with("github.event_name", trigger),
                |scenario, (path, value)| scenario.with(path, value),
            );
            for (index, job) in pipeline.jobs.iter().enumerate() {
                if !may_run(pipeline, graph, index, &scenario)
                    || same_repository_only(pipeline, graph, index)
                {
                    continue;
                }
                let mut heads: Vec<String> = heads.iter().map(|h| h.to_string()).collect();
                heads.extend(head_outputs(job));
                for (step_index, span, how) in head_checkouts(pipeline, job, &heads) {
                    let approved = job.environment.is_some()
                        || gated_by_person(pipeline, graph, index)
                        || job.steps[..step_index].iter().any(checks_access);
                    let finding = cx
                        .report(
                            span,
                            format!(
                                "job `{}` runs on `{trigger}`, with the repository's secrets{}, \
                                 and checks out the pull request's head ({how}): code from any \
                                 fork then runs with them; check out the base branch, or build \
                                 untrusted code in a `pull_request` workflow without secrets",
                                job.id.value,
                                token(pipeline, job)
                            ),
                        )
                        .object(step_object(job, step_index))
                        .place(step_place(job, step_index));
                    if approved {
                        finding
                            .severity(Severity::Warning)
                            .confidence(Confidence::Medium);
                    }
                }
            }
        }
    }
}

/// What the job's token adds to the secrets, as its `permissions:` (the
/// job's, else the workflow's) grant it.
fn token(pipeline: &Pipeline, job: &Job) -> &'static str {
    let permissions = job.permissions.as_ref().or(pipeline.permissions.as_ref());
    match permissions.map(Permissions::may_write) {
        Some(Some(false)) => "",
        Some(_) => " and a write token",
        // Unset, the token is the repository's default: read-write on
        // repositories created before February 2023.
        None => " and the default token, which may write",
    }
}

/// The steps that fetch the head: `actions/checkout` with a head `ref` or
/// `repository`, or `git checkout` / `git fetch` / `gh pr checkout` (or `hub`'s) of it.
fn head_checkouts(pipeline: &Pipeline, job: &Job, heads: &[String]) -> Vec<(usize, Span, String)> {
    let names_head = |text: &str| {
        let text = text.to_ascii_lowercase();
        heads.iter().any(|h| text.contains(h.as_str()))
    };
    let mut found = Vec::new();
    for (index, step) in job.steps.iter().enumerate() {
        let is_checkout = step.uses.as_ref().is_some_and(|u| {
            u.value
                .to_ascii_lowercase()
                .starts_with("actions/checkout@")
        });
        if is_checkout
            && let Some((key, value)) = step.with.iter().find(|(k, v)| {
                matches!(k.value.as_str(), "ref" | "repository") && names_head(&v.value)
            })
        {
            if let Some(directory) = checkout_directory(step)
                && !job.steps[index + 1..]
                    .iter()
                    .any(|later| runs_from(later, &directory))
            {
                continue;
            }
            found.push((
                index,
                value.span,
                format!("`{}: {}`", key.value, value.value),
            ));
            continue;
        }
        let Some(run) = &step.run else { continue };
        // Scripts read the head from the environment (`HEAD_SHA: ${{
        // github.event.pull_request.head.sha }}`, then `git checkout
        // "$HEAD_SHA"`), as the advice against expressions in scripts has it.
        let head_variables: Vec<String> = pipeline
            .env
            .iter()
            .chain(&job.env)
            .chain(&step.env)
            .filter(|(_, value)| names_head(&value.value))
            .flat_map(|(name, _)| [format!("${}", name.value), format!("${{{}}}", name.value)])
            .collect();
        let names_head = |word: &str| {
            names_head(word) || head_variables.iter().any(|v| word.contains(v.as_str()))
        };
        for (at, command) in run.commands.iter().enumerate() {
            let words = words_of(command);
            let fetches = match words.as_slice() {
                ["gh" | "hub", "pr", "checkout", ..] => true,
                ["git", verb, rest @ ..]
                    if matches!(*verb, "checkout" | "switch" | "fetch" | "pull") =>
                {
                    let names = rest.iter().any(|w| names_head(w) || w.starts_with("pull/"));
                    // Fetched objects stay out of the working tree (a
                    // diff of the head reads them, runs nothing) until a
                    // later command puts them there.
                    names && (*verb != "fetch" || checks_out_later(job, index, at))
                }
                _ => false,
            };
            if fetches {
                found.push((index, command.span, format!("`{}`", words.join(" "))));
                break;
            }
        }
    }
    found
}

/// The directory of the workspace a checkout writes to (`path: pr`), when
/// it is not the workspace itself.
fn checkout_directory(step: &Step) -> Option<String> {
    let (_, path) = step.input("path")?;
    let directory = path
        .value
        .trim()
        .trim_start_matches("./")
        .trim_end_matches('/');
    (!directory.is_empty() && directory != "." && !directory.contains("${{"))
        .then(|| directory.to_string())
}

/// Programs that run what a directory they are pointed at holds (its build
/// files, install scripts, Dockerfile), wherever in their arguments it is
/// named; and those that copy it where something else may run it.
const RUNS_A_DIRECTORY: &[&str] = &[
    "npm", "npx", "yarn", "pnpm", "bun", "pip", "pip3", "pipx", "poetry", "uv", "tox", "nox",
    "cargo", "go", "make", "cmake", "mvn", "gradle", "ant", "bundle", "rake", "composer", "dotnet",
    "docker", "podman", "bazel", "just", "task", "cp", "mv", "rsync", "ln", "tar", "source", ".",
    "cd", "pushd", "sudo", "env", "xargs", "find",
];

/// Interpreters, which run the script their first argument names.
const INTERPRETERS: &[&str] = &[
    "bash", "sh", "zsh", "python", "python3", "node", "ruby", "perl", "php", "deno", "pwsh",
];

/// Whether a step may run code of `directory`, where the pull request's
/// head is checked out beside the workspace: a command or an action run
/// there or pointed at it, a program or script of it. Only a step that
/// reads it as data (a trusted script given one of its files, an upload)
/// leaves it unrun: the pattern GitHub recommends for these triggers.
fn runs_from(step: &Step, directory: &str) -> bool {
    let names = |word: &str| {
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        let path = word.rsplit_once('=').map_or(word, |(_, value)| value);
        let path = path.trim_start_matches("./");
        path == directory
            || path
                .strip_prefix(directory)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    if step
        .working_directory
        .as_ref()
        .is_some_and(|w| names(&w.value))
    {
        return true;
    }
    if let Some(uses) = &step.uses {
        let action = action_of(&uses.value);
        return names(&uses.value)
            || (action != "actions/upload-artifact"
                && step.with.iter().any(|(_, value)| names(&value.value)));
    }
    let Some(run) = &step.run else {
        return false;
    };
    run.commands
        .iter()
        .chain(&run.heredoc_commands)
        .any(|command| {
            let words = words_of(command);
            let Some((program, arguments)) = words.split_first() else {
                return false;
            };
            let program = *program;
            names(program)
                || (RUNS_A_DIRECTORY.contains(&program) && arguments.iter().any(|w| names(w)))
                || (INTERPRETERS.contains(&program)
                    && arguments
                        .iter()
                        .find(|w| !w.starts_with('-'))
                        .is_some_and(|w| names(w)))
        })
}

/// The head outputs of the job's steps that look up the pull request: an
/// action that looks up a comment's (`steps.branch.outputs.sha`;
/// `head_sha` is an `outputs.head`), or a script that reads its head.
fn head_outputs(job: &Job) -> Vec<String> {
    job.steps
        .iter()
        .filter_map(|step| {
            let id = step.id.as_ref()?.value.to_ascii_lowercase();
            let action = action_of(&step.uses.as_ref()?.value);
            if COMMENT_BRANCH_ACTIONS.iter().any(|p| glob(p, &action)) {
                Some(
                    ["ref", "sha"]
                        .map(|output| format!("steps.{id}.outputs.{output}"))
                        .to_vec(),
                )
            } else if action == "actions/github-script"
                && step.input("script").is_some_and(|(_, script)| {
                    SCRIPT_HEADS.iter().any(|h| script.value.contains(h))
                })
            {
                Some(vec![format!("steps.{id}.outputs.")])
            } else {
                None
            }
        })
        .flatten()
        .chain(job.steps.iter().flat_map(shell_head_outputs))
        .collect()
}

/// The outputs of a `run:` step that looks up the pull request's head: the
/// names it writes to `$GITHUB_OUTPUT` but those of the base, or all of
/// them when it writes none that can be read.
fn shell_head_outputs(step: &Step) -> Vec<String> {
    let (Some(id), Some(run)) = (&step.id, &step.run) else {
        return Vec::new();
    };
    let script = run.text.value.to_ascii_lowercase();
    if !SHELL_HEADS.iter().any(|h| script.contains(h)) {
        return Vec::new();
    }
    let id = id.value.to_ascii_lowercase();
    let written: Vec<&str> = script
        .lines()
        .filter(|line| line.contains("github_output"))
        .filter_map(|line| {
            let (before, _) = line.split_once('=')?;
            let start = before
                .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .map_or(0, |at| at + 1);
            Some(&before[start..]).filter(|name| !name.is_empty())
        })
        .collect();
    if written.is_empty() {
        return vec![format!("steps.{id}.outputs.")];
    }
    written
        .into_iter()
        .filter(|name| !name.contains("base"))
        .map(|name| format!("steps.{id}.outputs.{name}"))
        .collect()
}

/// Whether a step checks the commenter's access to the repository.
fn checks_access(step: &Step) -> bool {
    let checks = |text: &str| {
        let text = text.to_ascii_lowercase();
        ACCESS_CHECKS.iter().any(|call| text.contains(call))
    };
    step.with.iter().any(|(_, value)| checks(&value.value))
        || step.run.as_ref().is_some_and(|run| checks(&run.text.value))
}

fn words_of(command: &Command) -> Vec<&str> {
    command.words.iter().map(|w| w.value.as_str()).collect()
}

/// Whether a command after the one at `command` of step `step` changes the
/// working tree to other commits: a checkout, a merge, a reset.
fn checks_out_later(job: &Job, step: usize, command: usize) -> bool {
    let later = job.steps[step..]
        .iter()
        .enumerate()
        .filter_map(|(offset, s)| Some((offset, s.run.as_ref()?)))
        .flat_map(|(offset, run)| {
            let skip = if offset == 0 { command + 1 } else { 0 };
            run.commands.iter().skip(skip)
        });
    later.map(words_of).any(|words| match words.as_slice() {
        ["gh" | "hub", "pr", "checkout", ..] => true,
        ["git", verb, ..] => matches!(
            *verb,
            "checkout"
                | "switch"
                | "merge"
                | "reset"
                | "rebase"
                | "cherry-pick"
                | "pull"
                | "worktree"
                | "restore"
        ),
        _ => false,
    })
}

/// Conditions on the job or what it needs, as expressions.
fn conditions<'p>(
    pipeline: &'p Pipeline,
    graph: &Graph,
    job: usize,
) -> Vec<&'p crate::model::Expr> {
    let ancestors = graph.ancestors(job);
    pipeline
        .jobs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == job || ancestors.contains(*i))
        .filter_map(|(_, j)| j.condition.as_ref().and_then(|c| c.expr.as_deref()))
        .collect()
}

/// Restricted to pull requests that no fork can open: from the repository
/// itself, or authored by a given account (`pull_request.user.login` is the
/// author and cannot be spoofed, unlike `github.actor`).
fn same_repository_only(pipeline: &Pipeline, graph: &Graph, job: usize) -> bool {
    conditions(pipeline, graph, job)
        .iter()
        .any(|e| restricts_to_repository(e))
}

/// The head repository's context (`github.event.pull_request.head.repo`).
const HEAD_REPOSITORIES: &[&[&str]] = &[
    &["github", "event", "pull_request", "head", "repo"],
    &["github", "event", "workflow_run", "head_repository"],
];

const AUTHOR: &[&str] = &["github", "event", "pull_request", "user", "login"];

/// The pull request author's standing in the repository.
const ASSOCIATION: &[&str] = &["github", "event", "pull_request", "author_association"];

/// Standings of accounts that own, belong to or may push to the
/// repository: their pull requests bring in their own code, as a push would.
const TRUSTED_ASSOCIATIONS: &[&str] = &["owner", "member", "collaborator"];

/// Whether a condition holds only for heads from the repository itself:
/// the head repository equal to something (`== github.repository`), not a
/// fork (`!...head.repo.fork`), a named author, or an author the repository
/// trusts (`author_association == 'MEMBER'`). Every branch of an `||` must
/// restrict; one side of an `&&` is enough. A condition that only mentions
/// them (`!= github.repository`: forks only) does not.
fn restricts_to_repository(expr: &Expr) -> bool {
    let under = |path: &[String], prefix: &[&str]| {
        path.len() > prefix.len() && path.iter().zip(prefix).all(|(a, b)| a == b)
    };
    let head = |path: &[String]| HEAD_REPOSITORIES.iter().any(|p| under(path, p));
    let fork = |path: &[String]| head(path) && path.last().is_some_and(|l| l == "fork");
    let is = |path: &[String], expected: &[&str]| {
        path.iter().map(String::as_str).eq(expected.iter().copied())
    };
    let author = |path: &[String]| is(path, AUTHOR);
    let trusted = |standings: &str| {
        let standings = standings.to_ascii_lowercase();
        let mut words = standings
            .split(|c: char| !c.is_ascii_alphabetic() && c != '_')
            .filter(|w| !w.is_empty())
            .peekable();
        words.peek().is_some() && words.all(|w| TRUSTED_ASSOCIATIONS.contains(&w))
    };
    match expr {
        Expr::And(a, b) => restricts_to_repository(a) || restricts_to_repository(b),
        Expr::Or(a, b) => restricts_to_repository(a) && restricts_to_repository(b),
        Expr::Not(inner) => matches!(inner.as_ref(), Expr::Path(p) if fork(p)),
        Expr::Compare(op, a, b) => [(a, b), (b, a)].iter().any(|(x, y)| {
            let Expr::Path(path) = x.as_ref() else {
                return false;
            };
            match (op, y.as_ref()) {
                (CompareOp::Eq, Expr::Bool(false)) | (CompareOp::Ne, Expr::Bool(true)) => {
                    fork(path)
                }
                (CompareOp::Eq, Expr::String(standing)) if is(path, ASSOCIATION) => {
                    trusted(standing)
                }
                (CompareOp::Eq, Expr::Path(_) | Expr::String(_)) => {
                    (head(path) && !fork(path)) || author(path)
                }
                _ => false,
            }
        }),
        // `contains(fromJSON('["dependabot[bot]"]'), ...user.login)`,
        // `contains(fromJSON('["OWNER", "MEMBER"]'), ...author_association)`
        Expr::Call(name, args) if name == "contains" => match (args.first(), args.get(1)) {
            (_, Some(Expr::Path(p))) if author(p) => true,
            (Some(Expr::Call(from, list)), Some(Expr::Path(p))) if is(p, ASSOCIATION) => {
                from == "fromjson" && matches!(list.as_slice(), [Expr::String(s)] if trusted(s))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Gated by someone's decision: a label a maintainer sets, or the account
/// that triggered the run (`github.actor`, which a re-run can change).
fn gated_by_person(pipeline: &Pipeline, graph: &Graph, job: usize) -> bool {
    conditions(pipeline, graph, job).iter().any(|e| {
        mentions(e, &["github", "event", "pull_request", "labels"])
            || mentions(e, &["github", "event", "label"])
            || mentions(e, &["github", "actor"])
            || mentions(e, &["github", "triggering_actor"])
            || mentions(e, &["github", "event", "comment", "author_association"])
    })
}
