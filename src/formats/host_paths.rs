//! Host paths whose mounting the model records, named once for every
//! format that mounts host paths (Compose volumes, Kubernetes `hostPath`).

use crate::source::{Span, Spanned};

/// A host path mounted into a container, as a pod spec writes it (a
/// manifest's `volumeMounts`, Terraform's `volume_mount`).
pub struct HostMount {
    /// The host path reached, its `subPath` applied (see [`mounted`]).
    pub path: String,
    /// Mounted read-only, or with a `readOnly` the file does not spell out
    /// (a variable): not known to be writable.
    pub read_only: bool,
    /// The mount.
    pub span: Span,
}

/// The host's container runtime socket among `mounts` (see
/// [`is_runtime_socket`]), read-only or not: the API still takes requests.
pub fn runtime_socket(mounts: &[HostMount]) -> Option<Spanned<String>> {
    mounts
        .iter()
        .find(|m| is_runtime_socket(&m.path))
        .map(|m| Spanned::new(m.path.clone(), m.span))
}

/// A directory among `mounts` whose writing takes over the node (see
/// [`takes_over_node_when_written`]), mounted writable.
pub fn node_takeover_mount(mounts: &[HostMount]) -> Option<Spanned<String>> {
    mounts
        .iter()
        .find(|m| !m.read_only && takes_over_node_when_written(&m.path))
        .map(|m| Spanned::new(m.path.clone(), m.span))
}

/// Whether mounting the host's `path` hands the container a container
/// runtime's API: the socket of Docker, containerd, CRI-O or Podman (or a
/// CRI shim's), Docker's named pipe on Windows, or a directory that holds
/// one of them (`/var/run`, `/run/containerd`). Through that API a process
/// starts privileged containers on the host, whatever its own settings say.
pub fn is_runtime_socket(path: &str) -> bool {
    if let Some(pipe) = path.strip_prefix(r"\\.\pipe\") {
        return matches!(pipe, "docker_engine" | "containerd-containerd");
    }
    let path = path.trim_end_matches('/');
    if !path.starts_with('/') {
        return false;
    }
    let (parent, name) = path.rsplit_once('/').unwrap_or_default();
    // k3s keeps its containerd under `/run/k3s`.
    let in_run = |dir: &str| matches!(dir, "/run" | "/var/run" | "/run/k3s");
    matches!(
        name,
        "docker.sock"
            | "containerd.sock"
            | "crio.sock"
            | "podman.sock"
            | "dockershim.sock"
            | "cri-dockerd.sock"
    ) || in_run(path)
        || (matches!(name, "containerd" | "crio" | "podman") && in_run(parent))
}

/// Whether the runtime socket at the host's `path` is a rootless daemon's:
/// one under a user's runtime directory (`/run/user/1000/docker.sock`,
/// `${XDG_RUNTIME_DIR}/podman/podman.sock`). That daemon runs as the user,
/// so its API reaches what the user can, not root's.
pub fn is_rootless_socket(path: &str) -> bool {
    let in_user_runtime_dir = path
        .strip_prefix("/run/user/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(uid, _)| !uid.is_empty() && uid.bytes().all(|b| b.is_ascii_digit()));
    let from_runtime_dir = ["$XDG_RUNTIME_DIR/", "${XDG_RUNTIME_DIR}/"]
        .iter()
        .any(|prefix| path.starts_with(prefix));
    in_user_runtime_dir || from_runtime_dir
}

/// Whether writing into the host's `path` takes over the node: its root
/// filesystem, its configuration and root's home (a user, a cron job, an
/// SSH key), its boot files and programs, the kernel's settings (`/proc`,
/// `/sys`: `core_pattern` and `uevent_helper` make the kernel run a program
/// of the writer's as root), the kubelet's directory (every pod's volumes,
/// the kubelet's credentials) and the control plane's (`/etc/kubernetes`,
/// whose `manifests` the kubelet runs as static pods, with any privilege).
/// Only these directories themselves: a narrower entry (`/etc/cni/net.d`,
/// `/var/log`, `/var/lib/kubelet/plugins`) is what node agents mount, and
/// it gives no more than its contents.
pub fn takes_over_node_when_written(path: &str) -> bool {
    let path = match path.trim_end_matches('/') {
        "" if path.starts_with('/') => "/",
        trimmed => trimmed,
    };
    matches!(
        path,
        "/" | "/etc"
            | "/root"
            | "/boot"
            | "/usr"
            | "/bin"
            | "/sbin"
            | "/lib"
            | "/lib64"
            | "/proc"
            | "/proc/sys"
            | "/sys"
            | "/sys/kernel"
            | "/var/lib/kubelet"
            | "/var/lib/kubelet/pki"
            | "/etc/kubernetes"
            | "/etc/kubernetes/manifests"
    )
}

/// The host path a mount reaches: the volume's `host` path, or the entry
/// `sub_path` names inside it (Kubernetes' `subPath`).
pub fn mounted(host: &str, sub_path: Option<&str>) -> String {
    match sub_path.filter(|sub| !sub.is_empty()) {
        Some(sub) => format!("{}/{}", host.trim_end_matches('/'), sub.trim_matches('/')),
        None => host.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_rootless_socket, is_runtime_socket, takes_over_node_when_written};

    #[test]
    fn sockets_and_the_directories_that_hold_them() {
        for path in [
            "/var/run/docker.sock",
            "/run/containerd/containerd.sock",
            "/run/k3s/containerd/containerd.sock",
            "/var/run/crio/crio.sock",
            "/run/podman/podman.sock",
            "/var/run",
            "/run/",
            "/run/containerd",
            "/var/run/crio",
            "/run/k3s/containerd",
            r"\\.\pipe\docker_engine",
        ] {
            assert!(is_runtime_socket(path), "{path}");
        }
        for path in [
            "/var/run/calico",
            "/run/xtables.lock",
            "/var/run/netns",
            "/var/lib/docker",
            "/var/lib/containerd",
            "/run/containerd/io.containerd.runtime.v2.task",
            "docker.sock",
            "./docker.sock",
            "/",
            "/var",
            r"\\.\pipe\other",
        ] {
            assert!(!is_runtime_socket(path), "{path}");
        }
    }

    #[test]
    fn sockets_of_rootless_daemons() {
        for path in [
            "/run/user/1000/docker.sock",
            "/run/user/1000/podman/podman.sock",
            "$XDG_RUNTIME_DIR/docker.sock",
            "${XDG_RUNTIME_DIR}/docker.sock",
        ] {
            assert!(is_rootless_socket(path), "{path}");
        }
        for path in [
            "/var/run/docker.sock",
            "/run/user/docker.sock",
            "/run/user/x/docker.sock",
            "${DOCKER_SOCKET}",
            "/run/podman/podman.sock",
        ] {
            assert!(!is_rootless_socket(path), "{path}");
        }
    }

    #[test]
    fn directories_whose_writing_takes_over_the_node() {
        for path in [
            "/",
            "//",
            "/etc",
            "/etc/",
            "/root",
            "/proc",
            "/sys",
            "/usr",
            "/var/lib/kubelet",
            "/etc/kubernetes/manifests",
        ] {
            assert!(takes_over_node_when_written(path), "{path}");
        }
        for path in [
            "/etc/cni/net.d",
            "/etc/localtime",
            "/var/log",
            "/var/lib/kubelet/plugins",
            "/var/lib/kubelet/pods",
            "/run/flannel",
            "/dev",
            "/data",
            "",
            "etc",
        ] {
            assert!(!takes_over_node_when_written(path), "{path}");
        }
    }
}
