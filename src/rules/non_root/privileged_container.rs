//! `privileged-container`: `privileged: true`. A privileged container has
//! every capability, the host's devices and no seccomp or AppArmor
//! confinement: root in it is root on the node, and escaping takes one
//! `mount`. It also implies privilege escalation, which the API then refuses
//! to turn off: beside `allowPrivilegeEscalation: false` the pod is rejected,
//! which the message says (`privilege-escalation-allowed` judges that field
//! alone, so the cause is reported once, here).
//!
//! A Windows HostProcess container (`windowsOptions.hostProcess: true`) is
//! Windows' privileged container, and further: it is a process of the node
//! itself, with the node's files, network and devices, and no isolation.
//!
//! A container that mounts the host's container runtime socket
//! (`/var/run/docker.sock`, containerd's, CRI-O's, Podman's) or the
//! directory holding it (`/var/run`), as a Compose volume, a Kubernetes
//! `hostPath` or an ECS task's host volume, is reported too: through that
//! API it can start a privileged container with the host's root filesystem
//! mounted, whatever its own settings say, and a read-only mount does not
//! make the API read-only. A privileged container that also mounts it is
//! reported once, for `privileged: true`.
//!
//! The socket of a rootless daemon (`/run/user/1000/docker.sock`,
//! `${XDG_RUNTIME_DIR}/docker.sock`) is reported as a warning: its
//! containers run as that user, so its API gives that user's account on
//! the host (their files, their processes), not root.
//!
//! A setting that several containers share (a pod's `hostProcess`, a
//! Compose anchor merged into several services) is reported once, naming
//! them all.

use crate::finding::Severity;
use crate::formats::host_paths::is_rootless_socket;
use crate::model::{Container, Origin};
use crate::rules::holders::group;
use crate::rules::{Context, Rule};

pub struct PrivilegedContainer;

pub static PRIVILEGED_CONTAINER: PrivilegedContainer = PrivilegedContainer;

impl Rule for PrivilegedContainer {
    fn id(&self) -> &'static str {
        "privileged-container"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let containers = &cx.model.containers;
        let host_processes = containers.iter().filter_map(|container| {
            let host_process = container.security.host_process.as_ref()?;
            host_process.value.then_some((host_process.span, container))
        });
        for (span, holders) in group(host_processes) {
            let first = holders.first();
            cx.report(
                span,
                holders.say(
                    "{subject} {is} Windows HostProcess: {they} run{s} on the node as one of its \
                     processes, with the node's files, network and devices and no isolation, so \
                     whoever controls {it} controls the node; keep `hostProcess: true` to node \
                     agents that need it, run as the least account that works \
                     (`NT AUTHORITY\\Local service`), or run {it} isolated, as ordinary \
                     containers run",
                ),
            )
            .object(first.object.clone())
            .place(first.place.clone());
        }
        let sockets = containers.iter().filter_map(|container| {
            let socket = container.security.runtime_socket.as_ref()?;
            (!is_privileged(container)).then_some(((socket.span, &socket.value), container))
        });
        for ((span, path), holders) in group(sockets) {
            let first = holders.first();
            let rootless = is_rootless_socket(path);
            let reach = if rootless {
                format!(
                    "a rootless container runtime's socket (host path `{path}`): through its API \
                     {{they}} can start containers with any of that user's files mounted, so \
                     whoever controls {{it}} controls that user's account on the host"
                )
            } else {
                format!(
                    "the host's container runtime socket (host path `{path}`): through its API \
                     {{they}} can start a privileged container with the host's disk mounted, so \
                     whoever controls {{it}} controls the host"
                )
            };
            let finding = cx
                .report(
                    span,
                    holders.say(&format!(
                        "{{subject}} mount{{s}} {reach} (a read-only mount does not limit the \
                         API); remove the mount, or put a socket proxy in front that allows only \
                         the calls {{they}} need{{s}}"
                    )),
                )
                .object(first.object.clone())
                .place(first.place.clone());
            if rootless {
                finding.severity(Severity::Warning);
            }
        }
        let privileged = containers.iter().filter_map(|container| {
            let privileged = container.security.privileged.as_ref()?;
            privileged
                .value
                .then(|| ((privileged.span, refused(container)), container))
        });
        for ((span, refused), holders) in group(privileged) {
            let first = holders.first();
            // A Compose service or an ECS task runs on a host, not a node.
            let node = match first.origin {
                Origin::Kubernetes => "node",
                _ => "host",
            };
            cx.report(
                span,
                holders.say(&format!(
                    "{{subject}} run{{s}} privileged: {{they}} get{{s}} every capability and the \
                     {node}'s devices, so whoever controls {{it}} controls the {node}; remove \
                     `{}` and add only the capabilities {{they}} need{{s}}{refused}",
                    first.spell("privileged: true")
                )),
            )
            .object(first.object.clone())
            .place(first.place.clone());
        }
    }
}

fn is_privileged(container: &Container) -> bool {
    container
        .security
        .privileged
        .as_ref()
        .is_some_and(|p| p.value)
}

/// Why, as written, the API rejects a privileged container's pod: it
/// refuses `allowPrivilegeEscalation: false` beside `privileged: true`.
fn refused(container: &Container) -> String {
    let forbids_escalation = container
        .security
        .allow_privilege_escalation
        .as_ref()
        .is_some_and(|a| !a.value);
    if container.origin == Origin::Compose || !forbids_escalation {
        return String::new();
    }
    format!(
        " (as written the API rejects the pod: it refuses `{}` beside `{}`)",
        container.spell("allowPrivilegeEscalation: false"),
        container.spell("privileged: true"),
    )
}
