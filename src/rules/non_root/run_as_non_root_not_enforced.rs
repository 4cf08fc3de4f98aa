//! `run-as-non-root-not-enforced`: a Kubernetes container for which neither
//! its securityContext nor its pod's sets `runAsNonRoot: true` or a non-zero
//! `runAsUser`. It then runs as whatever user its image names, which is root
//! for most images; `runAsNonRoot: true` makes the kubelet refuse to start it
//! as root instead.
//!
//! An explicit `runAsNonRoot: false` fires too, at that line. `runAsUser: 0`
//! (and a Windows pod's `runAsUserName`, which names its user outright) is
//! left to `container-runs-as-root`, which says it better. A `runAsUser`
//! that is an unresolved placeholder gives a low-confidence note. A container
//! of a kustomize patch is a fragment: its absent fields prove nothing.
//!
//! A Compose service that sets no `user:` and pulls its image by name (or
//! builds one the scan does not hold) is in the same position, with nothing
//! like `runAsNonRoot` to enforce a non-root user: a note of medium
//! confidence, since many images start as root only to drop to their own
//! user, which the file cannot show. When the service's own command shows
//! it (`exec gosu app server`, also inside `sh -c "..."`), no note; nor
//! when the image is an official one whose entrypoint steps down (postgres,
//! redis, mysql ...) and the service runs that entrypoint with the image's
//! server or its options (`command: --save 60 1`), not a command of its own.

use super::root_account;
use crate::finding::{Applicability, Confidence, Fix, Severity};
use crate::model::{Container, Origin};
use crate::rules::fixes::{NON_ROOT_UID, set_in_security_context};
use crate::rules::{Context, Rule};

pub struct RunAsNonRootNotEnforced;

pub static RUN_AS_NON_ROOT_NOT_ENFORCED: RunAsNonRootNotEnforced = RunAsNonRootNotEnforced;

impl Rule for RunAsNonRootNotEnforced {
    fn id(&self) -> &'static str {
        "run-as-non-root-not-enforced"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        let security = &container.security;
        // A user named outright (Windows' `runAsUserName`) decides, as a uid
        // does: `container-runs-as-root` judges it.
        let named_user = security.user.is_some() && !security.user_unresolved;
        if container.origin == Origin::Compose {
            image_user(container, cx);
            return;
        }
        if container.origin != Origin::Kubernetes
            || security.run_as_user.is_some()
            || named_user
            || security.run_as_non_root.as_ref().is_some_and(|s| s.value)
        {
            return;
        }
        let who = container.described();
        let enforce = container.spell("runAsNonRoot: true");
        let uid = container.spell("runAsUser");
        let finding = if let Some(user) =
            security.user.as_ref().filter(|_| security.user_unresolved)
        {
            cx.report(
                user.span,
                format!(
                    "{who} runs as user `{}`, which devops-check cannot resolve: if it can be 0 the \
                     container runs as root; also set `{enforce}` so that the kubelet refuses root",
                    user.value
                ),
            )
            .severity(Severity::Note)
            .confidence(Confidence::Low)
        } else if let Some(explicit) = &security.run_as_non_root {
            cx.report(
                explicit.span,
                format!(
                    "`{}` lets {who} run as root whenever its image's user is root; set \
                     `{enforce}` (and a non-zero `{uid}` if the image names its user by name)",
                    container.spell("runAsNonRoot: false")
                ),
            )
        } else if container.is_fragment() {
            return;
        } else {
            // Unsafe: an image whose user is root by name stops starting
            // under `runAsNonRoot`; the uid keeps it running, as a user the
            // image may not expect (file ownership, writable paths). None
            // for a privileged container or one that adds capabilities: it
            // needs root for them, and no edit gives it both.
            let needs_root = security.is_privileged() || !security.capabilities_add.is_empty();
            let fix = (!needs_root)
                .then(|| {
                    set_in_security_context(
                        cx.model,
                        container,
                        &[("runAsNonRoot", "true"), ("runAsUser", NON_ROOT_UID)],
                    )
                })
                .flatten()
                .map(|edit| {
                    Fix::new(
                        Applicability::Unsafe,
                        format!(
                            "add `runAsNonRoot: true` and `runAsUser: {NON_ROOT_UID}` to the \
                         container's `securityContext`; check that the image runs as that uid"
                        ),
                        vec![edit],
                    )
                });
            let finding = cx.report(
                container.span,
                format!(
                    "{who} sets neither `{enforce}` nor a non-zero `{uid}`, in its \
                     `{context}` or the pod's: it runs as whatever user its image names, root for \
                     most images; set `{context}.{enforce}` on the pod",
                    context = container.spell("securityContext"),
                ),
            );
            if let Some(fix) = fix {
                finding.fix(fix);
            }
            finding
        };
        finding
            .object(container.object.clone())
            .place(container.place.clone());
    }
}

/// A Compose service whose user is its image's, unknown to the scan.
fn image_user(container: &Container, cx: &mut Context<'_>) {
    let security = &container.security;
    if security.default_user_is_root
        || security.base_image_nonroot
        || security.base_image_steps_down
        || container.is_fragment()
    {
        return;
    }
    // Its command starts as root to drop to a named user (`exec gosu app
    // server`): the file shows whom the program runs as.
    if security.user.is_none()
        && security
            .drops_to
            .as_ref()
            .is_some_and(|user| root_account(&user.value).is_none())
    {
        return;
    }
    let who = container.described();
    let (span, message, confidence) = match &security.user {
        Some(user) if security.user_unresolved => (
            user.span,
            format!(
                "{who} runs as user `{}`, which the environment decides: if it is unset or 0 the \
                 container runs as root; give it a non-root default (`${{UID:-10001}}`)",
                user.value
            ),
            Confidence::Low,
        ),
        Some(_) => return,
        None => {
            let image = container.image.as_ref().map_or_else(
                || "its image".to_string(),
                |i| format!("image `{}`", i.value),
            );
            let message = match &security.base_image_unprivileged_variant {
                Some(variant) => format!(
                    "{who} sets no `user:`: it runs as root, which {image} needs to bind port 80 \
                     and write its cache and pid file; use `{variant}` instead, which runs as a \
                     non-root user on port 8080"
                ),
                None => format!(
                    "{who} sets no `user:`: it runs as whatever user {image} names, root for most \
                     images; set `user: \"10001\"` if the image runs as any user, or use a \
                     variant of the image that runs as non-root"
                ),
            };
            (container.span, message, Confidence::Medium)
        }
    };
    cx.report(span, message)
        .severity(Severity::Note)
        .confidence(confidence)
        .object(container.object.clone())
        .place(container.place.clone());
}
