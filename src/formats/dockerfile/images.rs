//! Base images and the user they run their process as when a Dockerfile
//! sets no USER. Kept as data: a list a reviewer can read and extend, not
//! logic.
//!
//! An image counts as non-root when its name or tag *says* so, or when its
//! maintainers document a non-root default user for the whole repository.
//! Images that merely happen to set a non-root USER today (many Bitnami
//! images) are not listed: we cannot see their configuration offline, and a
//! guess would hide a real finding when a tag changes.

/// Images with no user database and no tools to create a user with:
/// `FROM scratch` holds only what the Dockerfile copies in, and distroless
/// images hold no shell. Their process still runs as uid 0 unless a USER
/// says otherwise, and the way to say so is a numeric user, which needs no
/// /etc/passwd entry.
const EMPTY_IMAGES: &[&str] = &["scratch"];

/// Repositories (prefixes) of bare images: Google's distroless, whose
/// default tags (`:latest`, `:debug`) run as root and whose `:nonroot`
/// tags do not.
const BARE_REPOSITORIES: &[&str] = &["gcr.io/distroless/"];

/// Words that, in an image's name or tag, promise a non-root default user:
/// distroless `:nonroot` and `:debug-nonroot`, `*-nonroot` tags,
/// `nginxinc/nginx-unprivileged`, Docker's `dind-rootless`, BuildKit's
/// `:rootless`.
const NONROOT_WORDS: &[&str] = &["nonroot", "non-root", "rootless", "unprivileged"];

/// Repositories (prefixes, Docker Hub's `docker.io/` removed) whose images
/// are documented to run as a non-root user although no name or tag says so:
/// - Jupyter Docker Stacks run as `jovyan` (uid 1000), on Quay since 2023
///   and on Docker Hub before: <https://jupyter-docker-stacks.readthedocs.io/en/latest/using/common.html>
/// - Chainguard's images run as `nonroot` (uid 65532), for every
///   organisation's repositories on `cgr.dev`, except the ones listed in
///   [`CHAINGUARD_ROOT_IMAGES`] and the `-dev` variants:
///   <https://edu.chainguard.dev/chainguard/migration/porting-apps-to-chainguard/>
const DOCUMENTED_NONROOT_REPOSITORIES: &[&str] = &["quay.io/jupyter/", "jupyter/", "cgr.dev/"];

/// Chainguard images meant to be built upon, which run as root, like the
/// `-dev` variants of the others (`python:latest-dev`): they carry a shell
/// and `apk`.
const CHAINGUARD_ROOT_IMAGES: &[&str] = &["wolfi-base", "chainguard-base"];

/// An image reference taken apart: lower-cased, without a digest (which
/// says nothing about the user; the name and tag before it do) or Docker
/// Hub's registry prefix.
struct Reference {
    repository: String,
    /// The last path segment: name and tag (a registry may carry a port:
    /// `localhost:5000/app:nonroot`).
    last: String,
}

impl Reference {
    fn new(image: &str) -> Self {
        let image = image.trim().to_ascii_lowercase();
        let without_digest = image.split('@').next().unwrap_or("");
        let repository = without_digest
            .strip_prefix("docker.io/")
            .or_else(|| without_digest.strip_prefix("index.docker.io/"))
            .unwrap_or(without_digest)
            .to_string();
        let last = repository.rsplit('/').next().unwrap_or("").to_string();
        Reference { repository, last }
    }

    fn name(&self) -> &str {
        self.last.split(':').next().unwrap_or("")
    }

    fn tag(&self) -> &str {
        self.last.split_once(':').map_or("", |(_, tag)| tag)
    }
}

/// Whether `image` starts empty (`scratch`): it holds only what the
/// Dockerfile copies in.
pub fn is_empty(image: &str) -> bool {
    EMPTY_IMAGES.contains(&Reference::new(image).repository.as_str())
}

/// Whether `image` (as resolved from FROM) holds no user database and no
/// tools to add one (`scratch`, distroless).
pub fn is_bare(image: &str) -> bool {
    let reference = Reference::new(image);
    is_empty(image)
        || BARE_REPOSITORIES
            .iter()
            .any(|prefix| reference.repository.starts_with(prefix))
}

/// Whether `image` (as resolved from FROM) promises a non-root user.
pub fn is_nonroot(image: &str) -> bool {
    let reference = Reference::new(image);
    if NONROOT_WORDS
        .iter()
        .any(|word| reference.last.contains(word))
    {
        return true;
    }
    let documented = DOCUMENTED_NONROOT_REPOSITORIES
        .iter()
        .any(|prefix| reference.repository.starts_with(prefix));
    let chainguard_root = reference.repository.starts_with("cgr.dev/")
        && (CHAINGUARD_ROOT_IMAGES.contains(&reference.name())
            || reference.tag().split('-').any(|part| part == "dev"));
    documented && !chainguard_root
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonroot_images_by_name_or_tag() {
        for image in [
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
            "cgr.dev/chainguard/static",
            "cgr.dev/chainguard/python:latest",
            "cgr.dev/example.com/node:20@sha256:abcd",
        ] {
            assert!(is_nonroot(image), "{image}");
        }
    }

    #[test]
    fn other_images_are_not() {
        for image in [
            "scratch",
            "alpine:3.19",
            "gcr.io/distroless/base-debian12:latest",
            "gcr.io/distroless/python3:debug",
            "cgr.dev/chainguard/python:latest-dev",
            "cgr.dev/chainguard/go:1.22-dev",
            "cgr.dev/chainguard/wolfi-base",
            "cgr.dev/chainguard/chainguard-base:latest",
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

    #[test]
    fn bare_images_have_no_user_database() {
        for image in [
            "scratch",
            "SCRATCH",
            "gcr.io/distroless/static",
            "gcr.io/distroless/base-debian12:latest",
            "gcr.io/distroless/static:nonroot@sha256:abcd",
        ] {
            assert!(is_bare(image), "{image}");
        }
        for image in [
            "alpine",
            "scratchy/app",
            "example.com/gcr.io/distroless/static",
        ] {
            assert!(!is_bare(image), "{image}");
        }
    }
}
