//! Base images that do not run their process as root when a Dockerfile sets
//! no USER. Kept as data: a list a reviewer can read and extend, not logic.
//!
//! An image counts when its name or tag *says* so, or when its maintainers
//! document a non-root default user for the whole repository. Images that
//! merely happen to set a non-root USER today (many Bitnami and Chainguard
//! images, with root `-dev` variants) are not listed: we cannot see their
//! configuration offline, and a guess would hide a real finding when a tag
//! changes.

/// Images with no user database, no shell and no tools: `FROM scratch`
/// holds only what the Dockerfile copies in. The process still has uid 0,
/// but there is nothing in the image for it to abuse (no shell, no setuid
/// binaries, no package manager), so such a stage is not reported as root.
const EMPTY_IMAGES: &[&str] = &["scratch"];

/// Words that, in an image's name or tag, promise a non-root default user:
/// distroless `:nonroot` and `:debug-nonroot`, `*-nonroot` tags,
/// `nginxinc/nginx-unprivileged`, Docker's `dind-rootless`, BuildKit's
/// `:rootless`.
const NONROOT_WORDS: &[&str] = &["nonroot", "non-root", "rootless", "unprivileged"];

/// Repositories (prefixes, Docker Hub's `docker.io/` removed) whose images
/// are documented to run as a non-root user although no name or tag says so:
/// - Jupyter Docker Stacks run as `jovyan` (uid 1000), on Quay since 2023
///   and on Docker Hub before: <https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html>
const DOCUMENTED_NONROOT_REPOSITORIES: &[&str] = &["quay.io/jupyter/", "jupyter/"];

/// Whether `image` starts empty (`scratch`).
pub fn is_empty(image: &str) -> bool {
    EMPTY_IMAGES.contains(&image.trim().to_ascii_lowercase().as_str())
}

/// Whether `image` (as resolved from FROM) promises a non-root user.
pub fn is_nonroot(image: &str) -> bool {
    let image = image.trim().to_ascii_lowercase();
    // A digest says nothing about the user; the name and tag before it do.
    let without_digest = image.split('@').next().unwrap_or("");
    if is_empty(without_digest) {
        return true;
    }
    let repository = without_digest
        .strip_prefix("docker.io/")
        .or_else(|| without_digest.strip_prefix("index.docker.io/"))
        .unwrap_or(without_digest);
    if DOCUMENTED_NONROOT_REPOSITORIES
        .iter()
        .any(|prefix| repository.starts_with(prefix))
    {
        return true;
    }
    // The last path segment holds the name and tag (a registry may carry a
    // port: `localhost:5000/app:nonroot`).
    let last = without_digest.rsplit('/').next().unwrap_or("");
    NONROOT_WORDS.iter().any(|word| last.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonroot_images_by_name_or_tag() {
        for image in [
            "scratch",
            "gcr.io/distroless/static:nonroot",
            "gcr.io/distroless/static-debian12:nonroot",
            "gcr.io/distroless/base:debug-nonroot",
            "gcr.io/distroless/java17-debian12:nonroot-arm64",
            "gcr.io/distroless/static:nonroot@sha256:abcd",
            "nginxinc/nginx-unprivileged:1.25-alpine",
            "docker:24-dind-rootless",
            "moby/buildkit:rootless",
            "localhost:5000/team/app:1.2-nonroot",
            "quay.io/jupyter/scipy-notebook:2024-01-15",
            "docker.io/jupyter/base-notebook:notebook-6.5.4",
            "jupyter/minimal-notebook",
        ] {
            assert!(is_nonroot(image), "{image}");
        }
    }

    #[test]
    fn other_images_are_not() {
        for image in [
            "alpine:3.19",
            "gcr.io/distroless/static",
            "gcr.io/distroless/static:latest",
            "nginx",
            "scratchy/app",
            "nonroot.example.com/app:1.0",
            "node:20@sha256:nonroot",
            "quay.io/jupyterhub/k8s-hub",
            "example.com/jupyter/notebook",
            "",
        ] {
            assert!(!is_nonroot(image), "{image}");
        }
    }
}
