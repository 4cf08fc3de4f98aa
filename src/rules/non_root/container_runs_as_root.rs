//! `container-runs-as-root`: the container's process runs as uid 0.
//!
//! Root in a container is root on the host's kernel: one kernel or runtime
//! bug, one writable host mount, one extra capability away from the node.
//! The rule reads only the model, so it judges every origin the same way:
//!
//! - an explicit uid (`runAsUser`) decides: 0 fires, anything else is clean;
//!   a pod's uid 0, which each of its containers that sets none inherits, is
//!   one finding at its line naming them, as `host-namespaces` reports a
//!   pod's setting;
//! - else an explicit user (`USER`, Kubernetes' Windows `runAsUserName`)
//!   decides: `root`, `0`, `root:<group>`, `0:<gid>` and Windows'
//!   `ContainerAdministrator` fire; a user from a variable we could not resolve is a
//!   low-confidence note ("unknown is not guilty") where an unset user would
//!   be root (a Dockerfile), and nothing where it would not (a pod, whose
//!   placeholder `run-as-non-root-not-enforced` notes; an ECS task);
//! - a command that starts as root and switches users before it runs the
//!   program (`ENTRYPOINT ["gosu", "app", ...]`, as images that prepare
//!   files as root do) decides instead, when the user above is root or unset;
//! - else the platform's default decides: a Dockerfile without USER runs as
//!   root unless its base image promises otherwise (distroless `:nonroot`,
//!   Chainguard; not `scratch`, whose process has uid 0); one that installs
//!   or runs a tool for switching users (`gosu`, `su-exec`) and starts a
//!   script the scan cannot read inside (the official database images'
//!   `docker-entrypoint.sh`) is a warning of medium confidence, as is one
//!   built on an official image whose own entrypoint steps down (`postgres`);
//!   a Windows image runs as `ContainerAdministrator`; a dev container's
//!   user is `devcontainer.json`'s choice (a note). A USER fix is offered
//!   only where nothing about the image needs root: not for those, nor on
//!   `nginx` or for a server on a port below 1024. A pod without a
//!   user runs as its image says, which other rules judge. A Compose
//!   service that sets no user and builds a Dockerfile of the scan runs as
//!   that Dockerfile's USER (the message names the Dockerfile); one that
//!   pulls an image by name is like a pod. When the service runs the
//!   Dockerfile's final stage as built, the Dockerfile's own finding is the
//!   one report of that image's user (one problem, one fix, at its USER):
//!   the service adds none. It does when it builds another stage (`target:`,
//!   which the Dockerfile's findings do not judge), an inline Dockerfile,
//!   or overrides an entrypoint that switched users.

use super::root_account;
use crate::finding::{Applicability, Confidence, Fix, Severity};
use crate::model::{Container, EnvValue, Origin};
use crate::rules::fixes::{NON_ROOT_UID, add_line};
use crate::rules::holders::sharing;
use crate::rules::{Context, Rule};

pub struct ContainerRunsAsRoot;

pub static CONTAINER_RUNS_AS_ROOT: ContainerRunsAsRoot = ContainerRunsAsRoot;

impl Rule for ContainerRunsAsRoot {
    fn id(&self) -> &'static str {
        "container-runs-as-root"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        let security = &container.security;
        if let Some(uid) = &security.run_as_user {
            if uid.value == 0 {
                // A pod's `runAsUser` is that of each container that sets
                // none: one finding at its line, by the first of them,
                // naming them all.
                let Some(holders) = sharing(&cx.model.containers, container, |c| {
                    c.security.run_as_user.as_ref().map(|u| u.span)
                }) else {
                    return;
                };
                let message = match container.origin {
                    Origin::Kubernetes if holders.is_many() => format!(
                        "`{}` in the pod's securityContext runs its containers {} as root; set \
                         a non-zero `{}` (e.g. 10001) and `{}`, and give root only to a \
                         container that needs it, in its own securityContext",
                        container.spell("runAsUser: 0"),
                        holders.listed(),
                        container.spell("runAsUser"),
                        container.spell("runAsNonRoot: true"),
                    ),
                    Origin::Kubernetes => format!(
                        "{} sets `{}`: the container runs as root; set a non-zero `{}` (e.g. \
                         10001) and `{}`",
                        container.object,
                        container.spell("runAsUser: 0"),
                        container.spell("runAsUser"),
                        container.spell("runAsNonRoot: true"),
                    ),
                    Origin::DockerImage | Origin::EcsTask | Origin::Compose => format!(
                        "{} sets user id 0: the container runs as root; \
                         set a non-zero user id (e.g. 10001)",
                        container.object
                    ),
                };
                cx.report(uid.span, message)
                    .object(container.object.clone())
                    .place(container.place.clone());
            }
            // An explicit uid overrides whatever user the image names.
            return;
        }
        if security.user_judged_in_dockerfile {
            return;
        }
        // A command that switches users (`gosu app`) decides when the
        // container starts as root: as no user, or as root.
        let starts_as_root = match &security.user {
            None => security.default_user_is_root,
            Some(user) => !security.user_unresolved && root_account(&user.value).is_some(),
        };
        if let Some(dropped) = security.drops_to.as_ref().filter(|_| starts_as_root) {
            if let Some(account) = root_account(&dropped.value) {
                cx.report(
                    dropped.span,
                    format!(
                        "{} runs its program as {account}: its command switches to user `{}` \
                         first; name a non-root user there (e.g. `10001`)",
                        container.subject(),
                        dropped.value
                    ),
                )
                .object(container.object.clone())
                .place(container.place.clone());
            }
            return;
        }
        if let Some(user) = &security.user {
            // A user inherited from a built Dockerfile is not written here.
            let written = match &security.user_source {
                Some(_) => user.value.clone(),
                None => cx.file.slice(user.span).trim().to_string(),
            };
            // Where an unset user is not root (a pod, an ECS task), an
            // unknown one is not either: absence is judged by other rules
            // (`run-as-non-root-not-enforced` notes a placeholder itself).
            if security.user_unresolved && !security.default_user_is_root {
                return;
            }
            // A variable of a base image that runs as non-root is that
            // image's user (Jupyter's `USER ${NB_UID}` after `USER root`).
            if security.user_unresolved && security.base_image_nonroot {
                return;
            }
            if security.user_unresolved {
                cx.report(
                    user.span,
                    format!(
                        "{} runs as user `{written}`, which this file does not resolve \
                         (a build argument without a default, or a variable of the base image): \
                         if it is root the container runs as root; give the variable a non-root \
                         default here (e.g. `ARG APP_UID=10001`) or write the uid",
                        container.subject()
                    ),
                )
                .severity(Severity::Note)
                .confidence(Confidence::Low)
                .object(container.object.clone())
                .place(container.place.clone());
            } else if let Some(account) = root_account(&user.value) {
                let mut how = if written == user.value {
                    format!("`{written}`")
                } else {
                    format!("`{written}`, which resolves to `{}`", user.value)
                };
                if let Some(dockerfile) = &security.user_source {
                    how = format!(
                        "`{}`, the USER of `{dockerfile}`, which it builds",
                        user.value
                    );
                } else if container.origin == Origin::DockerImage
                    && user.span.start < container.span.start
                {
                    // A USER before the stage's own declaration was set by
                    // the stage it is built FROM (a Compose service's user
                    // before it comes from an anchor it merges).
                    how.push_str(", inherited from an earlier stage");
                }
                let windows = account != "root";
                let uid = format!(
                    "set a non-zero `{}` (e.g. 10001)",
                    container.spell("runAsUser")
                );
                let ecs_uid = format!(
                    "set `{}` to a non-root uid (e.g. \"10001\")",
                    container.spell("user")
                );
                let fix = match (container.origin, windows) {
                    (Origin::DockerImage, false) => {
                        "switch to a non-root user (e.g. `USER 10001`) once the steps that need \
                         root are done"
                    }
                    (Origin::DockerImage, true) => {
                        "switch to `USER ContainerUser` once the steps that need the \
                         administrator are done"
                    }
                    (Origin::EcsTask, _) => ecs_uid.as_str(),
                    (Origin::Compose, _) if security.user_source.is_some() => {
                        "switch the Dockerfile to a non-root user (e.g. `USER 10001`), or set \
                         `user: \"10001\"` on the service"
                    }
                    (Origin::Compose, _) => {
                        "set `user:` to a non-root uid (e.g. `user: \"10001\"`)"
                    }
                    (Origin::Kubernetes, false) => uid.as_str(),
                    (Origin::Kubernetes, true) => {
                        "set `windowsOptions.runAsUserName: ContainerUser`"
                    }
                };
                // A Compose anchor's user is each service's that merges it.
                let Some(holders) = sharing(&cx.model.containers, container, |c| {
                    c.security.user.as_ref().map(|u| u.span)
                }) else {
                    return;
                };
                let subject = if holders.is_many() {
                    holders.say("{subject} run{s}")
                } else {
                    format!("{} runs", container.subject())
                };
                cx.report(
                    user.span,
                    format!("{subject} as {account} (user {how}); {fix}"),
                )
                .object(container.object.clone())
                .place(container.place.clone());
            }
            return;
        }
        if !security.default_user_is_root || security.base_image_nonroot {
            return;
        }
        let message = match container.origin {
            Origin::DockerImage => return report_dockerfile_without_user(cx, container),
            Origin::Compose => format!(
                "{} builds `{}`, which has no USER instruction: the container runs as root; \
                 add `USER <non-root uid>` there (e.g. `USER 10001`), or set `user: \"10001\"` \
                 on the service",
                container.subject(),
                security.user_source.as_deref().unwrap_or("its image"),
            ),
            Origin::Kubernetes | Origin::EcsTask => format!(
                "{} sets no user: it runs as root; set a non-root user",
                container.object
            ),
        };
        cx.report(container.span, message)
            .object(container.object.clone())
            .place(container.place.clone());
    }
}

/// Environment variables that set the port a server listens on.
const LISTEN_PORT_VARIABLES: &[&str] = &[
    "PORT",
    "HTTP_PORT",
    "HTTPS_PORT",
    "SERVER_PORT",
    "LISTEN_PORT",
    "APP_PORT",
    "WEB_PORT",
    "ASPNETCORE_HTTP_PORTS",
    "ASPNETCORE_HTTPS_PORTS",
];

/// The variables that set the ports of ASP.NET Core's server.
const ASPNETCORE_PORT_VARIABLES: &[&str] = &[
    "ASPNETCORE_URLS",
    "ASPNETCORE_HTTP_PORTS",
    "ASPNETCORE_HTTPS_PORTS",
];

/// A Dockerfile's final stage without USER, whose base image sets none: how
/// its process runs depends on what the base image is, and a USER is the
/// repair only where nothing about the image needs root.
fn report_dockerfile_without_user(cx: &mut Context<'_>, container: &Container) {
    let security = &container.security;
    let image = container
        .image
        .as_ref()
        .map_or("", |image| image.value.as_str());
    let no_user = format!("{} has no USER instruction", container.subject());
    let suggested = suggested_user(cx, container);
    let add_uid = match &suggested {
        SuggestedUser::Created(user) => {
            format!(
                "add `USER {user}`, the user this stage creates, after the steps that need root"
            )
        }
        SuggestedUser::OfImage(user) if user.bytes().all(|b| b.is_ascii_digit() || b == b':') => {
            format!(
                "add `USER {user}`, a numeric user that needs no /etc/passwd entry, after the \
                 steps that need root"
            )
        }
        SuggestedUser::OfImage(user) => format!(
            "add `USER {user}`, a non-root user `{image}` provides, after the steps that need root"
        ),
        SuggestedUser::Any => format!(
            "add `USER <non-root uid>` (e.g. `USER {NON_ROOT_UID}`) after the steps that need root"
        ),
    };
    let mut level = None;
    let mut fixable = false;
    let message = if security.base_image_dev_container || in_dev_container_folder(&cx.file.path) {
        level = Some((Severity::Note, Confidence::Medium));
        format!(
            "{no_user}, and it builds a development container: the user it runs as is chosen by \
             `devcontainer.json` (`remoteUser`, `containerUser`), not by this file; make sure \
             they name a non-root user (the dev container images provide `vscode`)"
        )
    } else if security.base_image_windows {
        format!(
            "{no_user}: the container runs as ContainerAdministrator, the default user of \
             `{image}`; add `USER ContainerUser` after the steps that need the administrator"
        )
    } else if security.base_image_steps_down {
        level = Some((Severity::Warning, Confidence::Medium));
        format!(
            "{no_user}: the container starts as root, and the entrypoint of its base image \
             `{image}` steps down to the image's own user before it starts the server; keep \
             running the server through that entrypoint (a USER here would take the data \
             directory from that user)"
        )
    } else if let Some(tool) = &security.may_step_down_with {
        level = Some((Severity::Warning, Confidence::Medium));
        format!(
            "{no_user}: the container starts as root, and its ENTRYPOINT may step down to \
             another user with `{tool}`, which the image has for it, inside a script this scan \
             cannot read; make sure it steps down on every path (`exec {tool} app \"$@\"`), or \
             add `USER <non-root uid>`",
            tool = tool.value,
        )
    } else if security.base_image_bare {
        // `scratch` and distroless hold no /etc/passwd and no shell to add
        // a user with: only numbers can name one.
        fixable = true;
        format!(
            "{no_user}: the container runs as root (its base image `{image}` sets no user); \
             add `USER {}`, a numeric user that needs no /etc/passwd entry",
            suggested.name()
        )
    } else if let Some(variant) = &security.base_image_unprivileged_variant {
        format!(
            "{no_user}: the container runs as root, which `{image}` needs to bind port 80 and \
             write its cache and pid file; build on `{variant}` instead, which runs as a \
             non-root user on port 8080"
        )
    } else if let Some((port, source)) = privileged_port(container) {
        format!(
            "{no_user}: the container runs as root; it listens on port {port} ({source}), which \
             a non-root user may not bind: move it above port 1023, then {add_uid}"
        )
    } else {
        fixable = true;
        format!("{no_user}: the container runs as root; {add_uid}")
    };
    let fix = fixable
        .then(|| add_user(cx, container, &suggested))
        .flatten();
    let finding = cx
        .report(container.span, message)
        .object(container.object.clone())
        .place(container.place.clone());
    if let Some((severity, confidence)) = level {
        finding.severity(severity).confidence(confidence);
    }
    if let Some(fix) = fix {
        finding.fix(fix);
    }
}

/// A Dockerfile of a `.devcontainer/` folder, which the editor builds.
fn in_dev_container_folder(path: &str) -> bool {
    path.split('/').any(|part| part == ".devcontainer")
}

/// A port below 1024 the container says it listens on, and where it says
/// so: an EXPOSE, a variable that sets the server's port (`PORT=80`,
/// `ASPNETCORE_URLS=http://+:80`), or the base image's default.
fn privileged_port(container: &Container) -> Option<(i64, String)> {
    let exposed = container
        .ports
        .iter()
        .filter_map(|port| port.number.as_ref())
        .map(|number| (number.value, "`EXPOSE`".to_string()));
    let variables = container
        .env
        .iter()
        .filter_map(|var| match &var.value {
            EnvValue::Literal(value) => Some((var.name.value.as_str(), value.value.trim())),
            EnvValue::Reference(_) => None,
        })
        .flat_map(|(name, value)| {
            let ports: Vec<&str> = if name == "ASPNETCORE_URLS" {
                // `http://+:80;https://+:443`: the port ends each URL.
                value
                    .split(';')
                    .filter_map(|url| url.trim_end_matches('/').rsplit_once(':'))
                    .map(|(_, port)| port)
                    .collect()
            } else if LISTEN_PORT_VARIABLES.contains(&name) {
                value.split([',', ';']).collect()
            } else {
                Vec::new()
            };
            ports
                .into_iter()
                .filter_map(move |port| Some((port.trim().parse().ok()?, format!("`{name}`"))))
        });
    let image = container.image.as_ref().map_or("", |i| i.value.as_str());
    // The image's default holds until the file sets the server's URLs.
    let configured = container
        .env
        .iter()
        .any(|var| ASPNETCORE_PORT_VARIABLES.contains(&var.name.value.as_str()));
    let default = container
        .security
        .base_image_port
        .filter(|_| !configured)
        .map(|port| (port, format!("the default of `{image}`")));
    exposed
        .chain(variables)
        .chain(default)
        .find(|(port, _)| (1..1024).contains(port))
}

/// The user a final stage without USER should run as: the one the stage
/// creates, else one the base image is known to have, else a high uid that
/// matches no account.
enum SuggestedUser {
    Created(String),
    OfImage(String),
    Any,
}

impl SuggestedUser {
    fn name(&self) -> &str {
        match self {
            SuggestedUser::Created(user) | SuggestedUser::OfImage(user) => user,
            SuggestedUser::Any => NON_ROOT_UID,
        }
    }
}

fn suggested_user(cx: &Context<'_>, container: &Container) -> SuggestedUser {
    if let Some(user) = created_user(cx, container) {
        SuggestedUser::Created(user)
    } else if let Some(user) = &container.security.base_image_user {
        SuggestedUser::OfImage(user.clone())
    } else {
        SuggestedUser::Any
    }
}

/// A `USER` before the final stage's CMD or ENTRYPOINT, naming the
/// suggested user. Unsafe: files the build wrote as root may not be
/// readable or writable by that user.
fn add_user(cx: &Context<'_>, container: &Container, suggested: &SuggestedUser) -> Option<Fix> {
    let point = cx.model.insertion_point(container.span, "")?;
    let user = suggested.name();
    Some(Fix::new(
        Applicability::Unsafe,
        format!(
            "add `USER {user}` to the final stage, after the steps that need root; check that \
             it can read what it needs"
        ),
        vec![add_line(point, &format!("USER {user}"))],
    ))
}

/// The last user the stage's RUN instructions create (`useradd -r app`,
/// `adduser -D -u 1000 app`): the one the image was made to run as.
fn created_user(cx: &Context<'_>, container: &Container) -> Option<String> {
    cx.model
        .command_lines
        .iter()
        .filter(|lines| lines.object == container.object)
        .flat_map(|lines| &lines.commands)
        .filter(|command| {
            command
                .words
                .first()
                .is_some_and(|w| matches!(w.value.as_str(), "useradd" | "adduser"))
        })
        .filter_map(|command| {
            let name = command.words.last()?;
            let plain = name
                .value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
            (command.words.len() > 1 && plain && !name.value.starts_with('-') && !name.dynamic)
                .then(|| name.value.clone())
        })
        .next_back()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;
    use crate::model::{FileModel, Security};
    use crate::rules::run;
    use crate::source::{Format, SourceFile, Span, Spanned};

    /// A Kubernetes container as the Kubernetes adapter lowers one: no
    /// user, the image decides unless `runAsUser` says otherwise. (Built from
    /// a lowered Dockerfile, so that new model fields need no change here.)
    fn pod_container(security: Security) -> Container {
        let file = SourceFile::new("Dockerfile", Format::Dockerfile, "FROM alpine\n");
        let mut container = crate::formats::dockerfile::load(&file).containers.remove(0);
        container.origin = Origin::Kubernetes;
        container.object = "Deployment/api container web".into();
        container.security = security;
        container
    }

    fn is_root(user: &str) -> bool {
        root_account(user).is_some()
    }

    fn check(container: Container) -> Vec<Finding> {
        let file = SourceFile::new("a.yaml", Format::Kubernetes, "kind: Pod\nrunAsUser: 0\n");
        let model = FileModel {
            containers: vec![container],
            ..FileModel::default()
        };
        run(
            &CONTAINER_RUNS_AS_ROOT,
            &file,
            &model,
            &Default::default(),
            &Default::default(),
        )
    }

    #[test]
    fn run_as_user_zero_fires_at_its_value() {
        let findings = check(pod_container(Security {
            run_as_user: Some(Spanned::new(0, Span::new(21, 22))),
            ..Security::default()
        }));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].span, Span::new(21, 22));
        assert!(findings[0].message.contains("`runAsUser: 0`"));
        assert_eq!(findings[0].severity, Severity::Error);
    }

    #[test]
    fn a_non_zero_run_as_user_overrides_the_image_user() {
        let findings = check(pod_container(Security {
            run_as_user: Some(Spanned::new(1000, Span::new(21, 22))),
            user: Some(Spanned::new("root".into(), Span::new(0, 4))),
            default_user_is_root: true,
            ..Security::default()
        }));
        assert!(findings.is_empty());
    }

    #[test]
    fn a_pod_without_user_is_left_to_other_rules() {
        assert!(check(pod_container(Security::default())).is_empty());
    }

    #[test]
    fn dev_container_folders() {
        assert!(in_dev_container_folder(".devcontainer/Dockerfile"));
        assert!(in_dev_container_folder(
            "repo/.devcontainer/base/Dockerfile"
        ));
        assert!(!in_dev_container_folder("devcontainer/Dockerfile"));
        assert!(!in_dev_container_folder("Dockerfile.devcontainer"));
    }

    #[test]
    fn root_users() {
        for user in [
            "root",
            "0",
            "0:0",
            "root:root",
            "root:wheel",
            "0:1000",
            "00",
        ] {
            assert!(is_root(user), "{user}");
        }
        for user in [
            "1000",
            "app",
            "1000:1000",
            "nobody",
            "1000:0",
            "app:root",
            "",
            "Root",
            "10",
            "ContainerUser",
        ] {
            assert!(!is_root(user), "{user}");
        }
        assert!(is_root("ContainerAdministrator"));
        assert!(is_root("containeradministrator"));
    }
}
