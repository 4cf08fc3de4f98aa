//! `docker-login-password`: a registry login in a workflow `run:` step with
//! the password written into the command (`docker login -p hunter2`,
//! `--password=hunter2`, or `echo hunter2 | docker login --password-stdin`).
//! The password is committed with the workflow and shows in the runner's
//! process list. `--password-stdin` fed from a secret, `-p
//! ${{ secrets.X }}` and `-p "$PASSWORD"` are fine: the value is not in the
//! repository.

use super::shell::{self, Command, Word};
use super::values;
use crate::finding::redact;
use crate::model::{Job, Pipeline, Step};
use crate::rules::{Context, Rule};
use crate::source::Span;

pub struct DockerLoginPassword;

pub static DOCKER_LOGIN_PASSWORD: DockerLoginPassword = DockerLoginPassword;

impl Rule for DockerLoginPassword {
    fn id(&self) -> &'static str {
        "docker-login-password"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        check(pipeline, cx);
    }
}

/// Registry clients whose `login` subcommand takes `-p`/`--password`, and
/// the words that lead to it (`helm registry login`, `crane auth login`).
const LOGIN_TOOLS: &[&str] = &[
    "docker", "podman", "buildah", "nerdctl", "finch", "skopeo", "oras", "registry", "auth",
];

fn check(pipeline: &Pipeline, cx: &mut Context<'_>) {
    for job in &pipeline.jobs {
        for (index, step) in job.steps.iter().enumerate() {
            let Some(run) = &step.run else {
                continue;
            };
            let (script, base) = script_of(cx, run.text.span, &run.text.value);
            let commands = shell::commands(script);
            for (at, command) in commands.iter().enumerate() {
                let Some(login) = login_position(command) else {
                    continue;
                };
                let previous = at.checked_sub(1).map(|p| &commands[p]);
                let Some((word, stdin)) = literal_password(command, login, previous) else {
                    continue;
                };
                let span = match base {
                    Some(offset) => word.inner.shift(run.text.span.start + offset),
                    None => run.text.span,
                };
                report(cx, pipeline, job, index, step, span, &word.text, stdin);
            }
        }
    }
}

/// The script as written in the file, and its offset inside the `run:`
/// value's span; the decoded value (offsets unknown) when the file's text
/// does not hold it.
fn script_of<'a>(cx: &Context<'a>, span: Span, value: &'a str) -> (&'a str, Option<usize>) {
    let raw = cx.file.slice(span);
    // A quoted scalar's span includes its quotes.
    let (inner, offset) = match raw.as_bytes().first() {
        Some(b'"' | b'\'') if raw.len() >= 2 && !value.starts_with(&raw[..1]) => {
            (&raw[1..raw.len() - 1], 1)
        }
        _ => (raw, 0),
    };
    if inner.trim().is_empty() {
        (value, None)
    } else {
        (inner, Some(offset))
    }
}

/// The index of `login` when the command is a registry login.
fn login_position(command: &Command) -> Option<usize> {
    let words = &command.words;
    let at = words.iter().position(|w| w.text == "login")?;
    let tool = words.get(at.checked_sub(1)?)?;
    let tool_name = tool.text.rsplit('/').next().unwrap_or("");
    LOGIN_TOOLS.contains(&tool_name).then_some(at)
}

/// The literal password given to a login, and whether it came through
/// standard input (`echo pw | docker login --password-stdin`).
fn literal_password(
    command: &Command,
    login: usize,
    previous: Option<&Command>,
) -> Option<(Word, bool)> {
    const INLINE: &str = "--password=";
    let args = &command.words[login + 1..];
    let mut stdin = false;
    for (i, word) in args.iter().enumerate() {
        match word.text.as_str() {
            "-p" | "--password" => {
                let value = args.get(i + 1)?;
                return is_literal(value).then(|| (value.clone(), false));
            }
            "--password-stdin" => stdin = true,
            text if text.starts_with(INLINE) => {
                // `--password=value`: the value starts after the `=`.
                let value = Word {
                    text: text[INLINE.len()..].to_string(),
                    inner: Span::new(word.span.start + INLINE.len(), word.span.end),
                    ..word.clone()
                };
                return is_literal(&value).then_some((value, false));
            }
            _ => {}
        }
    }
    if !(stdin && command.piped) {
        return None;
    }
    let feeder = previous?;
    let first = feeder.words.first()?;
    if first.text != "echo" && first.text != "printf" {
        return None;
    }
    let value = feeder
        .words
        .iter()
        .skip(1)
        .find(|w| !w.text.starts_with('-'))?;
    is_literal(value).then(|| (value.clone(), true))
}

fn is_literal(word: &Word) -> bool {
    !word.dynamic && !word.text.is_empty() && values::is_literal_password(&word.text)
}

#[allow(clippy::too_many_arguments)]
fn report(
    cx: &mut Context<'_>,
    pipeline: &Pipeline,
    job: &Job,
    index: usize,
    step: &Step,
    span: Span,
    password: &str,
    stdin: bool,
) {
    let shown = redact(password);
    let how = if stdin {
        "is fed a literal password through standard input"
    } else {
        "is given a literal password"
    };
    let message = format!(
        "the registry login {how} (`{shown}`): it is committed with the workflow and, on \
         the command line, visible to every process on the runner; use \
         `echo \"${{{{ secrets.REGISTRY_PASSWORD }}}}\" | docker login --password-stdin` or \
         docker/login-action with a secret"
    );
    let step_name = step.name.as_ref().map_or_else(
        || format!("step {}", index + 1),
        |n| format!("step `{}`", n.value),
    );
    cx.report(span, message)
        .secret(span)
        .object(format!("job `{}` {step_name}", job.id.value))
        .place(format!(
            "{}/jobs/{}/steps/{index}",
            pipeline.name, job.id.value
        ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;
    use crate::model::{FileModel, Script};
    use crate::source::{Format, SourceFile, Spanned};

    /// A workflow whose only step runs `script` as a block scalar.
    fn run(script: &str) -> (SourceFile, Vec<Finding>) {
        let indented: String = script.lines().map(|l| format!("          {l}\n")).collect();
        let text = format!("jobs:\n  push:\n    steps:\n      - run: |\n{indented}");
        let start = text.find("          ").unwrap_or(0);
        let file = SourceFile::new("w.yml", Format::GithubWorkflow, text.clone());
        let pipeline = Pipeline {
            name: "ci".into(),
            jobs: vec![Job {
                id: Spanned::new("push".into(), Span::new(8, 12)),
                steps: vec![Step {
                    run: Some(Script {
                        text: Spanned::new(script.to_string(), Span::new(start, text.len())),
                        ..Script::default()
                    }),
                    ..Step::default()
                }],
                ..Job::default()
            }],
            ..Pipeline::default()
        };
        let model = FileModel::default();
        let findings =
            super::super::testing::run_with(&file, &model, "docker-login-password", |cx| {
                check(&pipeline, cx)
            });
        (file, findings)
    }

    #[test]
    fn literal_passwords_fire_at_the_password() {
        for (script, password) in [
            (
                "docker login -u me -p hunter2-and-more registry.io",
                "hunter2-and-more",
            ),
            (
                "set -e\ndocker login --password 'S3cr3t pass' ghcr.io",
                "S3cr3t pass",
            ),
            ("podman login --password=Zq8vR2mLx quay.io", "Zq8vR2mLx"),
            (
                "echo \"Zq8vR2mLx\" | docker login -u me --password-stdin",
                "Zq8vR2mLx",
            ),
            ("helm registry login r.io -u me -p Zq8vR2mLx", "Zq8vR2mLx"),
        ] {
            let (file, findings) = run(script);
            assert_eq!(findings.len(), 1, "{script}");
            assert_eq!(file.slice(findings[0].span), password, "{script}");
            assert_eq!(findings[0].secret, Some(findings[0].span));
            assert!(!findings[0].message.contains(password));
            assert_eq!(findings[0].object.as_deref(), Some("job `push` step 1"));
        }
    }

    #[test]
    fn references_and_stdin_from_secrets_stay_clean() {
        for script in [
            "docker login -u me -p ${{ secrets.DOCKER_PASSWORD }} ghcr.io",
            "docker login -u me -p \"$DOCKER_PASSWORD\" ghcr.io",
            "docker login -u me --password \"${DOCKER_PASSWORD}\"",
            "echo \"${{ secrets.TOKEN }}\" | docker login ghcr.io -u me --password-stdin",
            "cat ~/pw.txt | docker login --password-stdin",
            "docker login ghcr.io",
            "docker run -p 8080:80 nginx",
            "docker login -u me -p $(aws ecr get-login-password) r.io",
            "aws ecr get-login-password | docker login --username AWS --password-stdin r.io",
            "echo login -p notreally",
        ] {
            let (_, findings) = run(script);
            assert!(findings.is_empty(), "{script}: {findings:?}");
        }
    }
}
