//! Host paths whose mounting the model records, named once for every
//! format that mounts host paths (Compose volumes, Kubernetes `hostPath`).

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
    use super::is_runtime_socket;

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
}
