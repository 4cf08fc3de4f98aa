//! `excessive-job-permissions`: write scopes on a job that only lints or
//! tests. Such a job runs the most third-party code (linters, test
//! frameworks, their plugins) and needs only to read; a write token there
//! turns any compromised tool into a push to the repository.
//!
//! A scope is not reported when a step of the job visibly uses the token
//! (`secrets.GITHUB_TOKEN`, `github.token`) or uses an action known to need
//! that scope (uploading SARIF needs `security-events: write`, test
//! reporters need `checks: write`), or runs `git push` (the credentials
//! `actions/checkout` leaves need `contents: write`) or the GitHub CLI.
//! `id-token: write` mints cloud credentials rather than repository access
//! and is left to other checks.

use std::collections::BTreeMap;

use crate::model::{Job, PermissionLevel, Pipeline};
use crate::rules::job_ordering::analysis::{action_of, job_object, job_place, names};
use crate::rules::job_ordering::roles::Role;
use crate::rules::{Context, Rule};
use crate::source::Span;
use crate::source::glob;

pub struct ExcessiveJobPermissions;

pub static EXCESSIVE_JOB_PERMISSIONS: ExcessiveJobPermissions = ExcessiveJobPermissions;

/// Actions that need write scopes to do their work; `*` for any scope.
const WRITERS: &[(&str, &[&str])] = &[
    ("github/codeql-action/*", &["security-events", "actions"]),
    ("reviewdog/*", &["checks", "pull-requests"]),
    (
        "enricomi/publish-unit-test-result-action*",
        &["checks", "pull-requests", "issues"],
    ),
    ("dorny/test-reporter", &["checks"]),
    ("mikepenz/action-junit-report", &["checks"]),
    ("5monkeys/cobertura-action", &["checks", "pull-requests"]),
    ("marocchino/sticky-pull-request-comment", &["pull-requests"]),
    (
        "thollander/actions-comment-pull-request",
        &["pull-requests"],
    ),
    (
        "peter-evans/create-or-update-comment",
        &["pull-requests", "issues"],
    ),
    ("github/super-linter*", &["statuses"]),
    ("super-linter/super-linter*", &["statuses"]),
    ("actions/github-script", &["*"]),
    ("golangci/golangci-lint-action", &["checks"]),
    ("zizmorcore/zizmor-action", &["security-events"]),
    ("ossf/scorecard-action", &["security-events", "id-token"]),
    ("stefanzweifel/git-auto-commit-action", &["contents"]),
    ("endbug/add-and-commit", &["contents"]),
    ("ad-m/github-push-action", &["contents"]),
    (
        "peter-evans/create-pull-request",
        &["contents", "pull-requests"],
    ),
    (
        "benchmark-action/github-action-benchmark",
        &["contents", "pull-requests"],
    ),
    ("mishakav/pytest-coverage-comment", &["pull-requests"]),
    ("mishakav/jest-coverage-comment", &["pull-requests"]),
    (
        "py-cov-action/python-coverage-comment-action",
        &["pull-requests", "contents"],
    ),
    (
        "artiomtr/jest-coverage-report-action",
        &["pull-requests", "checks"],
    ),
    ("romeovs/lcov-reporter-action", &["pull-requests"]),
    ("madrapps/jacoco-report", &["pull-requests"]),
    ("orgoro/coverage", &["pull-requests"]),
    ("phoenix-actions/test-reporting", &["checks"]),
    ("danger/danger-js", &["pull-requests", "statuses"]),
    ("actions/labeler", &["pull-requests"]),
];

/// Commands of a `run:` script that use the job's token, when given one of
/// the options (if any are listed): `git push` sends the credentials
/// `actions/checkout` leaves behind; the GitHub CLI reads the token it is
/// given for any scope.
const COMMAND_WRITERS: &[(&[&str], &[&str], &[&str])] = &[
    (&["git", "push"], &[], &["contents"]),
    // mkdocs' versioned sites: `mike deploy --push` pushes gh-pages; without
    // it the commit stays in the runner (a docs build checked on pull requests).
    (&["mike", "deploy"], &["--push", "-p"], &["contents"]),
    (&["gh"], &[], &["*"]),
];

/// Actions that write nothing with the job's token: they check out, set
/// up, cache, pass artifacts, or build and push images with credentials of
/// their own (a login with the token hands it over, which `uses_token`
/// sees).
const READERS: &[&str] = &[
    "actions/checkout",
    "actions/setup-*",
    "actions/cache*",
    "actions/upload-artifact",
    "actions/download-artifact",
    "docker/setup-*",
    "docker/login-action",
    "docker/metadata-action",
    "docker/build-push-action",
];

impl Rule for ExcessiveJobPermissions {
    fn id(&self) -> &'static str {
        "excessive-job-permissions"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        let Some(analysis) = cx.analysis() else {
            return;
        };
        // Findings grouped by the scope they are about: several jobs may
        // inherit one top-level scope.
        let mut by_scope: BTreeMap<Span, (String, Vec<usize>, bool)> = BTreeMap::new();
        for (index, (job, profile)) in pipeline.jobs.iter().zip(analysis.profiles).enumerate() {
            // Asked first: most jobs (all of GitLab's) grant no permissions.
            let (permissions, inherited) = match (&job.permissions, &pipeline.permissions) {
                (Some(own), _) => (own, false),
                (None, Some(top)) => (top, true),
                (None, None) => continue,
            };
            if job.uses.is_some()
                || !profile.only_gates()
                || !profile.evidence.iter().any(|e| !e.guess)
                || uses_token(job)
            {
                continue;
            }
            let PermissionLevel::Scopes(scopes) = &permissions.level else {
                continue;
            };
            for (scope, level) in scopes {
                if level.value != "write"
                    || scope.value == "id-token"
                    || needed_by_step(job, &scope.value)
                {
                    continue;
                }
                by_scope
                    .entry(scope.span.join(level.span))
                    .or_insert_with(|| (scope.value.clone(), Vec::new(), inherited))
                    .1
                    .push(index);
            }
        }
        for (span, (scope, jobs, inherited)) in by_scope {
            let ids = names(jobs.iter().map(|&j| pipeline.jobs[j].id.value.as_str()));
            let tests = jobs.iter().any(|&j| analysis.profiles[j].has(Role::Test));
            let lints = jobs.iter().any(|&j| analysis.profiles[j].has(Role::Lint));
            let only = match (lints, tests) {
                (true, true) => "lint and test only",
                (false, true) => "test only",
                _ => "lint only",
            };
            let plural = jobs.len() > 1;
            let message = if inherited {
                format!(
                    "`{scope}: write` from the workflow's permissions reaches {} {ids} ({only}): \
                     give {} `permissions: {{contents: read}}` and grant `{scope}: write` only \
                     to the jobs that need it",
                    if plural { "jobs" } else { "job" },
                    if plural { "them" } else { "it" },
                )
            } else {
                format!(
                    "job {ids} ({only}) has `{scope}: write`: a compromised linter or test \
                     dependency could use it; use `{scope}: read` or drop it"
                )
            };
            let first = &pipeline.jobs[jobs[0]];
            cx.report(span, message)
                .object(job_object(first))
                .place(format!("{}.permissions.{scope}", job_place(first)));
        }
    }
}

/// A step that visibly hands the token to something.
fn uses_token(job: &Job) -> bool {
    let mentions = |text: &str| {
        let text = text.to_ascii_lowercase();
        text.contains("secrets.github_token") || text.contains("github.token")
    };
    job.env.iter().any(|(_, v)| mentions(&v.value))
        || job.steps.iter().any(|step| {
            step.with
                .iter()
                .chain(&step.env)
                .any(|(_, v)| mentions(&v.value))
                || step.run.as_ref().is_some_and(|r| mentions(&r.text.value))
        })
}

/// The scopes a job visibly writes with its token, from the actions and
/// commands above; `None` when it may write any (the GitHub CLI, a script
/// action, the token handed to a step), so that no list can be inferred.
pub fn written_scopes(job: &Job) -> Option<Vec<&'static str>> {
    // A `*` grant needs every scope, so it needs one that no table names.
    if uses_token(job) || needed_by_step(job, UNLISTED_SCOPE) {
        return None;
    }
    Some(
        ALL_SCOPES
            .iter()
            .copied()
            .filter(|scope| needed_by_step(job, scope))
            .collect(),
    )
}

/// The scopes a job writes when every action it uses is one the tables
/// know (a reader or a writer); `None` when one may write unseen: an action
/// they do not name, a local action, a reusable workflow, or what makes
/// [`written_scopes`] `None`.
pub fn known_scopes(job: &Job) -> Option<Vec<&'static str>> {
    let known = |uses: &str| {
        let action = action_of(uses);
        READERS
            .iter()
            .chain(WRITERS.iter().map(|(pattern, _)| pattern))
            .any(|pattern| glob(pattern, &action))
    };
    let all_known = job.uses.is_none()
        && job
            .steps
            .iter()
            .filter_map(|s| s.uses.as_ref())
            .all(|uses| known(&uses.value));
    all_known.then(|| written_scopes(job)).flatten()
}

/// The scopes `WRITERS` and `COMMAND_WRITERS` name.
const ALL_SCOPES: &[&str] = &[
    "actions",
    "checks",
    "contents",
    "id-token",
    "issues",
    "packages",
    "pull-requests",
    "security-events",
    "statuses",
];

/// A scope no table names: only a `*` grant (any scope) needs it.
const UNLISTED_SCOPE: &str = "*any*";

fn needed_by_step(job: &Job, scope: &str) -> bool {
    let grants = |scopes: &[&str]| scopes.iter().any(|s| *s == "*" || *s == scope);
    let by_command = job
        .steps
        .iter()
        .filter_map(|s| s.run.as_ref())
        .flat_map(|r| &r.commands)
        .any(|command| {
            COMMAND_WRITERS.iter().any(|(words, options, scopes)| {
                words.len() <= command.words.len()
                    && words.iter().zip(&command.words).all(|(w, c)| c.value == *w)
                    && (options.is_empty()
                        || command.words[words.len()..]
                            .iter()
                            .any(|w| options.contains(&w.value.as_str())))
                    && grants(scopes)
            })
        });
    by_command
        || job
            .steps
            .iter()
            .filter_map(|s| s.uses.as_ref())
            .any(|uses| {
                let action = action_of(&uses.value);
                WRITERS
                    .iter()
                    .any(|(pattern, scopes)| glob(pattern, &action) && grants(scopes))
            })
}
