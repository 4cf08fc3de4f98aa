//! `deploy-without-tests` and `publish-without-tests`: a workflow that
//! deploys, or publishes an artifact (an image pushed, a package uploaded,
//! a release with files), but runs no tests at all. `ungated-deploy` and
//! `ungated-build` cannot see the problem (there is no test job to wait
//! for), yet every change goes out untested.
//!
//! A workflow or pipeline with tests is reported too when none of them
//! runs for a tag while the job ships for tags (`except: [tags]` on the
//! tests, `only: [tags]` on the push; tests on pull requests only, a
//! publish on `refs/tags/`): a tag can point at any commit. Branch runs are
//! not held to this: tests on pull requests gating what merges to main is
//! the accepted split.
//!
//! One template, two catalogue entries. A workflow that deploys is
//! `deploy-without-tests`' only, even if it also publishes: one finding per
//! problem. Not reported for workflows that only run when called
//! (`workflow_call`: the caller orders them) or after another workflow
//! (`workflow_run`: that workflow is the gate, and
//! `workflow-run-unchecked-conclusion` checks that its result is used), nor
//! for documentation sites (`actions/deploy-pages`, `mkdocs gh-deploy`,
//! a Netlify deploy after `mkdocs build` or of `./docs/build`), which
//! tests rarely concern. A workflow that only runs by hand
//! (`workflow_dispatch`) ships whatever ref the person who starts it picks,
//! often one that passed CI elsewhere but nothing here checks that: a
//! warning with medium confidence (a deploy too). A publish that rests
//! on a name only (a reusable workflow `release.yml`, a script
//! `publish.sh`) is a note with low confidence; a deploy guessed from a name
//! is reported only where a step's name suggests it in a job that logs in
//! to a registry (`scripts/deploy_docker.sh` after `docker login`): a
//! warning with medium confidence.
//!
//! A job that ships only in runs for a pull request (`on: pull_request`,
//! a comment on one, `issue_comment` with `if: github.event.issue.pull_request`,
//! or an `if:` that no other trigger's run meets), and ships while it is
//! open, ships a preview of it: a deploy to a preview URL, a package or
//! image built for reviewers to try. The pull request's own checks judge
//! that code, and nothing goes out to users until it merges: such a job is
//! not held to tests. A job that ships only once the pull request is merged
//! (`if: github.event.pull_request.merged == true` on `types: [closed]`)
//! ships the merged code: it is.
//!
//! Not reported either where a job needs a job that the workflow does not
//! have: the platform rejects it (`unknown-needs`), and the missing job may
//! be the tests.
//!
//! Tests that run only after a job has deployed or published (a job that
//! needs it: release notes, smoke tests) gate nothing: the workflow is
//! reported as if they were not there, and the message names them. After an
//! image is pushed, later tests may check that image: they count.
//!
//! A job named for tests whose steps only print or wait (`echo "Running
//! tests..."`, `true`, `exit 0`) tests nothing: the workflow is reported
//! as if it had no tests, and the message names the placeholder. A note:
//! a template may leave one for its user to fill in.
//!
//! Tests that run inside a clone of another repository (a build tool
//! fetched and patched, then `go test` in its directory) check that code,
//! not this repository's: they are no tests here, and the message names
//! them so that the reader sees why. So are tests of a step switched off
//! by an `if:` that is never true (`if: false` on a flaky suite), and of
//! a job that no run starts: tests on merge request pipelines where the
//! `workflow: rules` create branch pipelines only, tests on pull requests
//! in a workflow that runs on pushes.

use super::analysis::{Analysis, job_object, job_place, names};
use super::conditions::{Answers, Scenario, Status, may_run, never_runs, tag_run_without};
use super::roles::{Evidence, JobProfile, Role, RoleTable, packages_write};
use crate::finding::{Confidence, Severity};
use crate::model::{Ci, Job, Pipeline};
use crate::rules::{Context, Rule};

pub struct WithoutTests {
    id: &'static str,
    /// What the workflow ships: `Deploy` or `Push`.
    ships: Role,
}

pub static DEPLOY_WITHOUT_TESTS: WithoutTests = WithoutTests {
    id: "deploy-without-tests",
    ships: Role::Deploy,
};

pub static PUBLISH_WITHOUT_TESTS: WithoutTests = WithoutTests {
    id: "publish-without-tests",
    ships: Role::Push,
};

impl Rule for WithoutTests {
    fn id(&self) -> &'static str {
        self.id
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
        // A job needed but missing may be the tests: until the need is
        // mended (`unknown-needs`), nothing says what the workflow runs.
        if (0..pipeline.jobs.len()).any(|job| analysis.graph.needs_unknown(job)) {
            return;
        }
        let (mut tests, after) = gating_tests(&analysis);
        // Tests that no run can start gate nothing: named in the message.
        // Another file of a partial pipeline may change the conditions.
        let mut never = Vec::new();
        if !pipeline.partial {
            let mut answers = Answers::new(pipeline);
            never = tests
                .extract_if(.., |&mut test| {
                    never_runs(&mut answers, analysis.graph, analysis.literals, test)
                })
                .collect();
        }
        if !tests.is_empty() {
            self.check_tag_runs(&analysis, &tests, cx);
            return;
        }
        // A workflow that deploys is reported for that, the graver problem.
        if self.ships == Role::Push
            && first_shipping(&analysis, Role::Deploy, deploy_guess).is_some()
        {
            return;
        }
        // What only a name says publishes (a reusable workflow called
        // `release.yml`, `./scripts/publish.sh`) is worth a note; a deploy
        // guessed from a name only when a second sign agrees.
        let Some(Shipping {
            job,
            evidence,
            for_tags,
        }) = (match self.ships {
            Role::Deploy => first_shipping(&analysis, Role::Deploy, deploy_guess),
            _ => first_shipping(&analysis, self.ships, |_, _, _| true),
        })
        else {
            return;
        };
        // A guessed deploy beside a sure publish: `publish-without-tests`
        // reports the workflow for what it surely does.
        if evidence.guess && first_shipping(&analysis, Role::Push, |_, _, _| false).is_some() {
            return;
        }
        // What it ships may come from a successful run of another workflow
        // (an artifact downloaded from it), which may have tested it.
        let downloaded = downloaded_from(pipeline, analysis.graph, job);
        let by_hand = !triggers.is_empty()
            && triggers
                .iter()
                .all(|t| matches!(*t, "workflow_dispatch" | "repository_dispatch"));
        // A guessed publish in a job whose token may write packages, or
        // that logs in to a registry: two signs that agree, worth a warning.
        let second_sign = if !evidence.guess {
            None
        } else if packages_write(pipeline, job).is_some() {
            Some("`packages: write`")
        } else if RoleTable::builtin().logs_into_registry(job) {
            Some("a registry login")
        } else {
            None
        };
        let id = &job.id.value;
        let foreign = analysis
            .profiles
            .iter()
            .flat_map(|p| &p.foreign_checks)
            .find(|e| e.role == Role::Test);
        let switched_off = pipeline
            .jobs
            .iter()
            .zip(analysis.profiles)
            .find_map(|(job, p)| {
                let e = p
                    .switched_off_checks
                    .iter()
                    .find(|e| e.role == Role::Test)?;
                Some((&job.id.value, e))
            });
        // Where nothing else explains the missing tests, a job named for
        // them that only prints or waits (`echo "Running tests..."`): a
        // placeholder, which a template may leave for its user to fill.
        let placeholder =
            (foreign.is_none() && after.is_empty() && switched_off.is_none() && never.is_empty())
                .then(|| {
                    pipeline
                        .jobs
                        .iter()
                        .zip(analysis.profiles)
                        .find_map(|(job, p)| {
                            p.placeholder_checks
                                .iter()
                                .any(|e| e.role == Role::Test)
                                .then_some(&job.id.value)
                        })
                })
                .flatten();
        // Whether the job that ships waits for the test job named.
        let waits_for = |test_job: &str| {
            let graph = analysis.graph;
            graph
                .find(id)
                .zip(graph.find(test_job))
                .is_some_and(|(shipper, test)| graph.waits_for(shipper, test))
        };
        let remedy = match (foreign, after.as_slice(), switched_off, placeholder) {
            // The tests are a placeholder: filling it in is the repair.
            (_, _, _, Some(test_job)) => match waits_for(test_job) {
                true => format!("make `{test_job}` run the tests"),
                false => format!("make `{test_job}` run the tests and `{id}` wait for it"),
            },
            // The test is there, only switched off: turning it back on is
            // the repair, not a new job.
            (None, [], Some((test_job, test)), None) => match waits_for(test_job) {
                true => format!("turn {} back on", test.what),
                false => format!(
                    "turn {} back on and make `{id}` need `{test_job}`",
                    test.what
                ),
            },
            // The tests are there, only never started: letting them run is
            // the repair.
            (None, [], None, None) if !never.is_empty() => {
                let (its, it) = match never.len() {
                    1 => ("its", "it"),
                    _ => ("their", "them"),
                };
                let what = match pipeline.ci {
                    Ci::GitlabCi => "`rules:` or the `workflow: rules`",
                    Ci::GithubActions => "`if:` or the workflow's triggers",
                };
                let graph = analysis.graph;
                let waits = graph
                    .find(id)
                    .is_some_and(|shipper| never.iter().all(|&t| graph.waits_for(shipper, t)));
                format!(
                    "let {} run where `{id}` ships (change {its} {what}){}",
                    names(never.iter().map(|&t| pipeline.jobs[t].id.value.as_str())),
                    match waits {
                        true => String::new(),
                        false => format!(" and make `{id}` wait for {it}"),
                    },
                )
            }
            _ => match (pipeline.ci, &job.stage) {
                (Ci::GitlabCi, Some(stage)) if job.needs_span.is_none() => {
                    format!(
                        "add a job that runs them in a stage before `{}`",
                        stage.value
                    )
                }
                (Ci::GitlabCi, _) => format!("add a job that runs them and make `{id}` need it"),
                (Ci::GithubActions, _) => format!(
                    "add a test job and make `{id}` need it, or gate the workflow on the one \
                     that tests (`on: workflow_run` with a check of \
                     `github.event.workflow_run.conclusion == 'success'`, or call it with \
                     `uses: ./.github/workflows/<tests>.yml` from a job that `{id}` needs)"
                ),
            },
        };
        let no_tests = match (foreign, after.as_slice(), switched_off) {
            (_, [(test, shipper), ..], _) => format!(
                "runs no tests before that (`{}` runs only after `{}`)",
                pipeline.jobs[*test].id.value, pipeline.jobs[*shipper].id.value
            ),
            (Some(foreign), [], _) => format!(
                "runs no tests of its own code ({} tests a clone of another repository)",
                foreign.what
            ),
            (None, [], Some((test_job, test))) => format!(
                "runs no tests at all ({} of job `{test_job}` is switched off by its `if:`, \
                 which is never true)",
                test.what
            ),
            (None, [], None) => match never.as_slice() {
                [] => match placeholder {
                    Some(test_job) => format!(
                        "runs no tests at all (job `{test_job}` only prints or waits: a \
                         placeholder)"
                    ),
                    None => "runs no tests at all".to_string(),
                },
                [test] => format!(
                    "runs no tests at all (job `{}` tests, but no run meets its {})",
                    pipeline.jobs[*test].id.value,
                    conditions_of(pipeline.ci),
                ),
                _ => format!(
                    "runs no tests at all (jobs {} test, but no run meets their {})",
                    names(never.iter().map(|&t| pipeline.jobs[t].id.value.as_str())),
                    conditions_of(pipeline.ci),
                ),
            },
        };
        let message = format!(
            "this {} {}{} (job `{id}`: {}{}){} but {no_tests}{}: {remedy}",
            pipeline.ci.document(),
            if evidence.guess { "probably " } else { "" },
            self.ships.verb(),
            evidence.what,
            match second_sign {
                Some(sign) if !evidence.what.contains(sign) => format!(", with {sign}"),
                _ => String::new(),
            },
            when(&analysis, job, evidence, for_tags),
            if pipeline.partial {
                " (unless another file of the pipeline runs them)".to_string()
            } else if let Some(workflow) = downloaded {
                format!(
                    " (unless the successful run of `{workflow}` whose artifact it downloads \
                     tested it)"
                )
            } else if for_tags {
                format!(
                    " (tests that run in another {} on push do not gate it: a tag can point at \
                     any commit)",
                    pipeline.ci.document()
                )
            } else if by_hand {
                " (whoever starts it picks the branch or tag, and nothing checks that it passed \
                 tests)"
                    .to_string()
            } else {
                String::new()
            },
        );
        let finding = cx
            .report(evidence.span, message)
            .object(job_object(job))
            .place(job_place(job));
        // A placeholder may stand for tests that a template's user is to
        // write: worth a note.
        if placeholder.is_some() {
            finding
                .severity(Severity::Note)
                .confidence(match evidence.guess || pipeline.partial {
                    true => Confidence::Low,
                    false => Confidence::Medium,
                });
        } else if second_sign.is_some() && !pipeline.partial && !by_hand {
            // Run by hand, a guessed publish stays a note even when
            // corroborated: such workflows often push what the tests pull
            // (fixture images).
            finding.confidence(Confidence::Medium);
            // Two signs make a deploy likely, not sure: no error.
            if self.ships == Role::Deploy {
                finding.severity(Severity::Warning);
            }
        } else if evidence.guess || pipeline.partial || downloaded.is_some() {
            finding.severity(Severity::Note).confidence(Confidence::Low);
        } else if by_hand {
            finding
                .severity(Severity::Warning)
                .confidence(Confidence::Medium);
        }
    }
}

impl WithoutTests {
    /// Tests that never run for a tag beside a job that ships for tags: in
    /// those runs nothing is tested, and a tag can point at any commit.
    fn check_tag_runs(&self, analysis: &Analysis<'_>, tests: &[usize], cx: &mut Context<'_>) {
        let pipeline = analysis.pipeline;
        // Another file of the pipeline may hold tests that run for tags.
        if pipeline.partial {
            return;
        }
        let mut answers = Answers::new(pipeline);
        let shipping = pipeline
            .jobs
            .iter()
            .zip(analysis.profiles)
            .enumerate()
            .filter(|(_, (_, profile))| self.ships == Role::Deploy || !profile.has(Role::Deploy))
            .find_map(|(index, (job, profile))| {
                let evidence = profile
                    .evidence
                    .iter()
                    .find(|e| e.role == self.ships && !e.guess && !e.deploys_documentation())?;
                tag_run_without(
                    &mut answers,
                    analysis.graph,
                    analysis.literals,
                    index,
                    tests,
                )
                .then_some((job, evidence))
            });
        let Some((job, evidence)) = shipping else {
            return;
        };
        let id = &job.id.value;
        let test_ids = names(tests.iter().map(|&t| pipeline.jobs[t].id.value.as_str()));
        let them = if tests.len() == 1 { "it" } else { "them" };
        let (runs, remedy) = match pipeline.ci {
            Ci::GitlabCi => (
                "tag pipelines",
                format!(
                    "let {test_ids} run in tag pipelines too (drop the rule or `except: [tags]` \
                     that leaves {them} out), in a stage before `{id}`'s"
                ),
            ),
            Ci::GithubActions => (
                "runs for a tag",
                format!("let {test_ids} run for tags too, and make `{id}` need {them}"),
            ),
        };
        let untested = match tests {
            [_] => format!("where {test_ids}, the only test job, does not run"),
            _ => format!("where none of the test jobs ({test_ids}) runs"),
        };
        let message = format!(
            "job `{id}` {} ({}) in {runs}, {untested}: a tag can point at any commit, so what \
             ships there was never tested; {remedy}",
            self.ships.verb(),
            evidence.what,
        );
        cx.report(evidence.span, message)
            .object(job_object(job))
            .place(job_place(job))
            .confidence(Confidence::Medium);
    }
}

/// The workflow whose successful run `job`, or a job it waits for,
/// downloads an artifact from (`dawidd6/action-download-artifact` with
/// `workflow_conclusion: success`, its default): what ships was built, and
/// perhaps tested, there.
fn downloaded_from<'p>(
    pipeline: &'p Pipeline,
    graph: &super::graph::Graph,
    job: &Job,
) -> Option<&'p str> {
    let index = graph.find(&job.id.value)?;
    let ancestors = graph.ancestors(index);
    pipeline
        .jobs
        .iter()
        .enumerate()
        .filter(|(i, _)| *i == index || ancestors.contains(*i))
        .flat_map(|(_, job)| &job.steps)
        .filter(|step| {
            step.uses.as_ref().is_some_and(|uses| {
                super::analysis::action_of(&uses.value) == "dawidd6/action-download-artifact"
            }) && step
                .input("workflow_conclusion")
                .is_none_or(|(_, value)| value.value.contains("success"))
        })
        .find_map(|step| step.input("workflow").map(|(_, w)| w.value.as_str()))
}

/// What decides whether a job runs, as a message names it.
fn conditions_of(ci: Ci) -> &'static str {
    match ci {
        Ci::GitlabCi => "`rules:` together with the pipeline's `workflow: rules`",
        Ci::GithubActions => "`if:` together with the workflow's triggers",
    }
}

/// The test jobs that may gate what ships, and those that cannot, each with
/// a job that ships before it: a test job that needs a deploy or a publish
/// (release notes generated with tox after the upload, smoke tests after a
/// deploy) runs when it is out, unless something that ships waits for it in
/// turn or the job ships after its tests itself. After an image pushed, a
/// test may check that very image (end-to-end tests): it counts.
fn gating_tests(analysis: &Analysis<'_>) -> (Vec<usize>, Vec<(usize, usize)>) {
    let profiles = analysis.profiles;
    let shipping: Vec<usize> = analysis.jobs_with(&[Role::Push, Role::Deploy]).collect();
    let untestable =
        |job: usize| profiles[job].has(Role::Deploy) || !profiles[job].has(Role::Build);
    let mut tests = Vec::new();
    let mut after = Vec::new();
    for test in analysis.jobs_with(&[Role::Test]) {
        let before = shipping
            .iter()
            .copied()
            .find(|&s| s != test && untestable(s) && analysis.graph.needs_reach(test, s));
        let gates = shipping
            .iter()
            .any(|&s| s != test && analysis.graph.waits_for(s, test))
            || profiles[test]
                .evidence
                .iter()
                .filter(|e| matches!(e.role, Role::Push | Role::Deploy))
                .any(|e| profiles[test].does_before(Role::Test, e.order));
        match before {
            Some(shipper) if !gates => after.push((test, shipper)),
            _ => tests.push(test),
        }
    }
    (tests, after)
}

/// A job that ships, what shows it, and whether it ships in a run for a tag.
struct Shipping<'a> {
    job: &'a Job,
    evidence: &'a Evidence,
    for_tags: bool,
}

/// The first job that surely ships with `role`, and the evidence; else the
/// first that a name says ships, where `guess_counts` accepts that guess. In
/// a workflow that
/// also runs for tags, a job that ships in a tag's run comes first: the
/// message says what ships for tags, and a publish to a test index on
/// pushes to main only (`if: github.ref == 'refs/heads/main'`) is not it.
fn first_shipping<'a>(
    analysis: &Analysis<'a>,
    role: Role,
    guess_counts: impl Fn(&Job, &JobProfile, &Evidence) -> bool,
) -> Option<Shipping<'a>> {
    let pipeline = analysis.pipeline;
    let tag = |event: &str| {
        Scenario::new(Status::SUCCEEDED)
            .with("github.event_name", event)
            .with("github.ref", "refs/tags/v1.0.0")
            .with("github.ref_type", "tag")
    };
    let tag_runs = match pipeline.ci {
        Ci::GithubActions => vec![tag("push"), tag("release")],
        Ci::GitlabCi => vec![Scenario::new(Status::SUCCEEDED).with("CI_COMMIT_TAG", "v1.0.0")],
    };
    let for_tags = |index: usize| {
        pipeline.on_tags
            && tag_runs
                .iter()
                .any(|run| may_run(pipeline, analysis.graph, index, run))
    };
    // In a workflow that runs for tags only, a job that wants a branch
    // (`if: github.ref == 'refs/heads/main'`) never runs: it ships nothing.
    let mut answers = Answers::new(pipeline);
    let never: Vec<bool> = analysis
        .profiles
        .iter()
        .enumerate()
        .map(|(index, profile)| {
            pipeline.tags_only
                && !pipeline.partial
                && profile.has(role)
                && never_runs(&mut answers, analysis.graph, analysis.literals, index)
        })
        .collect();
    let shipping = |guess: bool, only_for_tags: bool| {
        pipeline
            .jobs
            .iter()
            .zip(analysis.profiles)
            .enumerate()
            .find_map(|(index, (job, profile))| {
                let evidence = profile.evidence.iter().find(|e| {
                    e.role == role
                        && e.guess == guess
                        && !e.deploys_documentation()
                        && (!guess || guess_counts(job, profile, e))
                })?;
                // Asked of the jobs that ship only: a scenario search each.
                if never[index] || previews_only(pipeline, analysis.graph, index) {
                    return None;
                }
                let for_tags = for_tags(index);
                (for_tags || !only_for_tags).then_some(Shipping {
                    job,
                    evidence,
                    for_tags,
                })
            })
    };
    let first = |guess: bool| shipping(guess, true).or_else(|| shipping(guess, false));
    first(false).or_else(|| first(true))
}

/// A deploy that a step's name suggests (`scripts/deploy_docker.sh`) in a
/// job that logs in to a registry and shows no publish that would explain
/// the login: two signs that agree. An environment's name alone is none (it
/// may only hold secrets), nor a step's without the login (`./deploy.sh`
/// may as well print instructions).
fn deploy_guess(job: &Job, profile: &JobProfile, evidence: &Evidence) -> bool {
    evidence.step.is_some()
        && !profile.has(Role::Push)
        && RoleTable::builtin().logs_into_registry(job)
}

/// Events of runs for a pull request.
const PULL_REQUEST_EVENTS: &[&str] = &["pull_request", "pull_request_target"];

/// Whether job `index` of a workflow ships previews only: no run of another
/// trigger may start it, and a run for an open pull request may.
fn previews_only(pipeline: &Pipeline, graph: &super::graph::Graph, index: usize) -> bool {
    let (pull_requests, others): (Vec<&str>, Vec<&str>) = pipeline
        .triggers
        .iter()
        .map(|t| t.value.as_str())
        .partition(|t| PULL_REQUEST_EVENTS.contains(t));
    let runs = |run: Scenario<'_>| may_run(pipeline, graph, index, &run);
    // An empty string is `false` to GitHub's comparisons and truth tests.
    let open = |event: &&str| {
        runs(
            Scenario::new(Status::SUCCEEDED)
                .with("github.event_name", event)
                .with("github.event.action", "synchronize")
                .with("github.event.pull_request.merged", ""),
        )
    };
    // A comment's run is for a pull request where the job asks that the
    // comment be on one (`if: github.event.issue.pull_request`).
    let elsewhere = |event: &&str| {
        let run = Scenario::new(Status::SUCCEEDED).with("github.event_name", event);
        if *event == "issue_comment" {
            runs(run.with("github.event.issue.pull_request", ""))
        } else {
            runs(run)
        }
    };
    let on_pull_request_comment = || {
        others.contains(&"issue_comment")
            && runs(
                Scenario::new(Status::SUCCEEDED)
                    .with("github.event_name", "issue_comment")
                    .with("github.event.issue.pull_request", "{url}"),
            )
    };
    pipeline.ci == Ci::GithubActions
        && (pull_requests.iter().any(open) || on_pull_request_comment())
        && !others.iter().any(elsewhere)
}

/// When the workflow runs, for the message: what starts the untested ship
/// (`for_tags`: it ships in a run for a tag), or the triggers whose runs may
/// reach it, past the `if:` of its job and of the step that ships (a
/// `terraform apply` kept to pushes is not shipped on `pull_request`).
/// Empty for a GitLab pipeline, whose `rules:` say when each job runs.
fn when(analysis: &Analysis<'_>, job: &Job, evidence: &Evidence, for_tags: bool) -> String {
    let pipeline = analysis.pipeline;
    if pipeline.ci == Ci::GitlabCi {
        return String::new();
    }
    if for_tags {
        return " for every tag or release".to_string();
    }
    let step = evidence
        .step
        .and_then(|s| job.steps.get(s))
        .and_then(|s| s.condition.as_ref());
    let ships_on = |event: &str| {
        let run = Scenario::new(Status::SUCCEEDED).with("github.event_name", event);
        analysis
            .graph
            .find(&job.id.value)
            .is_none_or(|index| may_run(pipeline, analysis.graph, index, &run))
            && run.allows(step)
    };
    let events: Vec<String> = pipeline
        .triggers
        .iter()
        .filter(|t| ships_on(&t.value))
        .map(|t| format!("`{}`", t.value))
        .collect();
    match events.as_slice() {
        [] => " on its triggers".to_string(),
        [one] => format!(" on {one}"),
        [rest @ .., last] => format!(" on {} or {last}", rest.join(", ")),
    }
}
