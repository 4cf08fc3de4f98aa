//! `docker-login-password`: a registry login in a workflow `run:` step with
//! the password written into the command (`docker login -p hunter2`,
//! `--password=hunter2`, or `echo hunter2 | docker login --password-stdin`).
//! The password is committed with the workflow and shows in the runner's
//! process list. `--password-stdin` fed from a secret, `-p
//! ${{ secrets.X }}` and `-p "$PASSWORD"` are fine: the value is not in the
//! repository.

use super::values;
use crate::finding::redact;
use crate::model::{Ci, Command, Job, Pipeline, Step, Word};
use crate::rules::{Context, Rule};
use crate::source::{SourceFile, Span};

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

/// A password written into a script.
struct Password {
    text: String,
    span: Span,
    /// Given through standard input (`echo pw | docker login --password-stdin`).
    stdin: bool,
}

fn check(pipeline: &Pipeline, cx: &mut Context<'_>) {
    for job in &pipeline.jobs {
        for (index, step) in job.steps.iter().enumerate() {
            let Some(run) = &step.run else {
                continue;
            };
            // A login in a here-document (`ssh host <<EOF`) commits its
            // password just the same.
            for commands in [&run.commands, &run.heredoc_commands] {
                for (at, command) in commands.iter().enumerate() {
                    let Some(login) = login_position(command) else {
                        continue;
                    };
                    let feeder = at
                        .checked_sub(1)
                        .filter(|_| command.piped)
                        .map(|p| &commands[p]);
                    if let Some(password) = literal_password(cx.file, command, login, feeder) {
                        report(cx, pipeline, job, index, step, &password);
                    }
                }
            }
        }
    }
}

/// The index of `login` when the command is a registry login.
pub(super) fn login_position(command: &Command) -> Option<usize> {
    let words = &command.words;
    let at = words.iter().position(|w| w.value == "login")?;
    let tool = words.get(at.checked_sub(1)?)?;
    let tool_name = tool.value.rsplit('/').next().unwrap_or("");
    LOGIN_TOOLS.contains(&tool_name).then_some(at)
}

/// The literal password given to a login, on its command line or by the
/// command that feeds its standard input.
fn literal_password(
    file: &SourceFile,
    command: &Command,
    login: usize,
    feeder: Option<&Command>,
) -> Option<Password> {
    const INLINE: &str = "--password=";
    let args = &command.words[login + 1..];
    let mut stdin = false;
    for (i, word) in args.iter().enumerate() {
        match word.value.as_str() {
            "-p" | "--password" => {
                let value = args.get(i + 1)?;
                return is_literal(value).then(|| Password {
                    text: value.value.clone(),
                    span: value.inner,
                    stdin: false,
                });
            }
            "--password-stdin" => stdin = true,
            text if text.starts_with(INLINE) => {
                let value = &text[INLINE.len()..];
                return (!word.dynamic && is_literal_text(value)).then(|| Password {
                    text: value.to_string(),
                    span: after_prefix(file, word, INLINE),
                    stdin: false,
                });
            }
            _ => {}
        }
    }
    if !stdin {
        return None;
    }
    let feeder = feeder?;
    let first = feeder.words.first()?;
    if first.value != "echo" && first.value != "printf" {
        return None;
    }
    let mut arguments = feeder
        .words
        .iter()
        .skip(1)
        .filter(|w| !w.value.starts_with('-'));
    let mut value = arguments.next()?;
    // `printf '%s' pw`: the format, then the password.
    if first.value == "printf" && value.value.contains('%') {
        value = arguments.next()?;
    }
    is_literal(value).then(|| Password {
        text: value.value.clone(),
        span: value.inner,
        stdin: true,
    })
}

/// Where the value of `--password=value` is: after the prefix, inside its
/// quotes if any; the whole word when the file does not hold it verbatim
/// (a folded or escaped YAML scalar).
fn after_prefix(file: &SourceFile, word: &Word, prefix: &str) -> Span {
    let written = file.slice(word.span);
    let Some(value) = written.strip_prefix(prefix) else {
        return word.inner;
    };
    let start = word.span.start + prefix.len();
    let quoted = value.len() >= 2
        && matches!(value.as_bytes()[0], b'"' | b'\'')
        && value.ends_with(&value[..1]);
    if quoted {
        Span::new(start + 1, word.span.end - 1)
    } else {
        Span::new(start, word.span.end)
    }
}

fn is_literal(word: &Word) -> bool {
    !word.dynamic && is_literal_text(&word.value)
}

fn is_literal_text(text: &str) -> bool {
    !text.is_empty() && values::is_literal_password(text)
}

fn report(
    cx: &mut Context<'_>,
    pipeline: &Pipeline,
    job: &Job,
    index: usize,
    step: &Step,
    password: &Password,
) {
    let shown = redact(&password.text);
    let how = if password.stdin {
        "is fed a literal password through standard input"
    } else {
        "is given a literal password"
    };
    let ci = pipeline.ci;
    let alternative = match ci {
        Ci::GithubActions => "or docker/login-action with a secret",
        Ci::GitlabCi => "with `REGISTRY_PASSWORD` a masked CI/CD variable",
    };
    let message = format!(
        "the registry login {how} (`{shown}`): it is committed with the {} and, on the \
         command line, visible to every process on the runner; use \
         `echo \"{}\" | docker login --password-stdin` {alternative}",
        ci.document(),
        ci.secret_reference("REGISTRY_PASSWORD"),
    );
    let step_name = step.name.as_ref().map_or_else(
        || format!("step {}", index + 1),
        |n| format!("step `{}`", n.value),
    );
    cx.report(password.span, message)
        .secret(password.span)
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
    use crate::formats::github_workflow;
    use crate::source::Format;

    /// A workflow whose only step runs `script` as a block scalar.
    fn run(script: &str) -> (SourceFile, Vec<Finding>) {
        let indented: String = script.lines().map(|l| format!("          {l}\n")).collect();
        let text = format!("on: push\njobs:\n  push:\n    steps:\n      - run: |\n{indented}");
        let file = SourceFile::new("w.yml", Format::GithubWorkflow, text);
        let model = github_workflow::load(&file, &crate::formats::Syntax::of(&file.text));
        let findings =
            super::super::testing::run_with(&file, &model, "docker-login-password", |cx| {
                for pipeline in &model.pipelines {
                    check(pipeline, cx);
                }
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
            (
                "ssh deploy@host <<EOF\n  docker login -u me -p Zq8vR2mLx r.io\nEOF",
                "Zq8vR2mLx",
            ),
            (
                "echo 'Zq8vR2mLx' |\n  docker login -u me --password-stdin",
                "Zq8vR2mLx",
            ),
            (
                "printf '%s' 'Zq8vR2mLx' | docker login -u me --password-stdin",
                "Zq8vR2mLx",
            ),
            ("docker login --password='Zq8vR2mLx' r.io", "Zq8vR2mLx"),
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
            "echo Zq8vR2mLx || docker login --password-stdin",
            "echo Zq8vR2mLx; docker login --password-stdin",
            "docker login -u me -p \"\" r.io",
            "printf '%s' \"$PW\" | docker login -u me --password-stdin",
        ] {
            let (_, findings) = run(script);
            assert!(findings.is_empty(), "{script}: {findings:?}");
        }
    }
}
