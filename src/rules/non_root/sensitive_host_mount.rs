//! `sensitive-host-mount`: a container mounts, writable, a host directory
//! whose writing takes over the node: the host's `/`, `/etc`, `/root`, its
//! programs and boot files, the kernel's settings under `/proc` and `/sys`
//! (`core_pattern`, `uevent_helper`), the kubelet's `/var/lib/kubelet` or
//! `/etc/kubernetes` (whose `manifests` the kubelet runs as static pods).
//! A process in it that runs as root (uid 0 owns those files on the node)
//! can then make the node run a program of its choosing as root, whatever
//! capabilities the container drops. A Compose service's bind mounts are
//! read the same way, with its Docker host as the node.
//!
//! Written read-only these mounts are what node agents need (a metrics
//! exporter reads the host's `/`, `/proc` and `/sys`), and a narrower entry
//! (`/etc/cni/net.d`, `/var/log`) gives no more than its contents: neither
//! is reported. Nor is a container kept off root (`runAsNonRoot: true`, a
//! non-zero `runAsUser`, a non-root `user:`, an image that promises one),
//! which the node's file modes then stop, or a privileged one:
//! `privileged-container` says already that it controls the node. A user
//! from a variable (`user: ${PUID}`) is not known to be root.
//!
//! A mount that several services share (a Compose anchor merged into each)
//! is reported once, naming them all.

use super::root_account;
use crate::model::{Container, Origin};
use crate::rules::holders::group;
use crate::rules::{Context, Rule};

pub struct SensitiveHostMount;

pub static SENSITIVE_HOST_MOUNT: SensitiveHostMount = SensitiveHostMount;

impl Rule for SensitiveHostMount {
    fn id(&self) -> &'static str {
        "sensitive-host-mount"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let exposed = cx.model.containers.iter().filter_map(|container| {
            let mount = container.security.node_takeover_mount.as_ref()?;
            may_run_as_root(container).then_some(((mount.span, &mount.value), container))
        });
        for ((span, path), holders) in group(exposed) {
            let first = holders.first();
            // A Compose service runs on a Docker host, where no kubelet runs.
            let (node, runs) = match first.origin {
                Origin::Compose => ("host", ""),
                _ => ("node", ", the kubelet's static pods"),
            };
            cx.report(
                span,
                holders.say(&format!(
                    "{{subject}} mount{{s}} the host's `{path}` writable and may run as root: a \
                     process in {{it}} can rewrite what the {node} runs (its programs and \
                     configuration, kernel settings such as `core_pattern`{runs}), so whoever \
                     controls {{it}} controls the {node}; mount it `{}`, or mount only the entry \
                     the program needs",
                    first.spell("readOnly: true"),
                )),
            )
            .object(first.object.clone())
            .place(first.place.clone());
        }
    }
}

/// Neither kept off root nor privileged (which `privileged-container`
/// reports).
fn may_run_as_root(container: &Container) -> bool {
    let security = &container.security;
    let kept_off_root = security.run_as_non_root.as_ref().is_some_and(|s| s.value)
        || security.run_as_user.as_ref().is_some_and(|u| u.value != 0)
        || match &security.user {
            Some(user) => security.user_unresolved || root_account(&user.value).is_none(),
            None => security.base_image_nonroot,
        };
    !security.is_privileged() && !kept_off_root
}
