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

use crate::finding::Severity;
use crate::formats::host_paths::is_rootless_socket;
use crate::model::{Container, Origin};
use crate::rules::{Context, Rule};

pub struct PrivilegedContainer;

pub static PRIVILEGED_CONTAINER: PrivilegedContainer = PrivilegedContainer;

impl Rule for PrivilegedContainer {
    fn id(&self) -> &'static str {
        "privileged-container"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        if let Some(host_process) = container.security.host_process.as_ref().filter(|h| h.value) {
            cx.report(
                host_process.span,
                format!(
                    "{} is a Windows HostProcess container: it runs as a process of the node, \
                     with the node's files, network and devices and no isolation, so whoever \
                     controls it controls the node; keep `hostProcess: true` to node agents \
                     that need it, run as the least account that works \
                     (`NT AUTHORITY\\Local service`), or run it as an ordinary container",
                    container.described()
                ),
            )
            .object(container.object.clone())
            .place(container.place.clone());
        }
        let privileged = container.security.privileged.as_ref().filter(|p| p.value);
        // Privileged, the container controls the host already: one finding.
        if let Some(socket) = container
            .security
            .runtime_socket
            .as_ref()
            .filter(|_| privileged.is_none())
        {
            let rootless = is_rootless_socket(&socket.value);
            let reach = if rootless {
                format!(
                    "a rootless container runtime's socket (host path `{}`): through its API it \
                     can start containers with any of that user's files mounted, so whoever \
                     controls it controls that user's account on the host",
                    socket.value
                )
            } else {
                format!(
                    "the host's container runtime socket (host path `{}`): through its API it \
                     can start a privileged container with the host's disk mounted, so whoever \
                     controls it controls the host",
                    socket.value
                )
            };
            let finding = cx
                .report(
                    socket.span,
                    format!(
                        "{} mounts {reach} (a read-only mount does not limit the API); remove \
                         the mount, or put a socket proxy in front that allows only the calls it \
                         needs",
                        container.described(),
                    ),
                )
                .object(container.object.clone())
                .place(container.place.clone());
            if rootless {
                finding.severity(Severity::Warning);
            }
        }
        let Some(privileged) = privileged else {
            return;
        };
        // The API refuses the pod as written when it also asks for no
        // escalation: worth saying, since the author meant to harden it.
        let privileged_key = container.spell("privileged: true");
        // Docker accepts both; only the Kubernetes API refuses the pair.
        let refused = if container.origin != Origin::Compose
            && container
                .security
                .allow_privilege_escalation
                .as_ref()
                .is_some_and(|a| !a.value)
        {
            format!(
                " (as written the API rejects the pod: it refuses `{}` beside `{privileged_key}`)",
                container.spell("allowPrivilegeEscalation: false")
            )
        } else {
            String::new()
        };
        cx.report(
            privileged.span,
            format!(
                "{} runs privileged: it gets every capability and the node's devices, so whoever \
                 controls it controls the node; remove `{privileged_key}` and add only the \
                 capabilities it needs{refused}",
                container.described()
            ),
        )
        .object(container.object.clone())
        .place(container.place.clone());
    }
}
