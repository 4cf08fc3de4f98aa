//! Base images that do not run their process as root when a Dockerfile sets
//! no USER. Kept as data: a list a reviewer can read and extend, not logic.
//!
//! An image counts only when its name or tag *says* so. Images that happen
//! to set a non-root USER without saying it (many Bitnami and Chainguard
//! images) are not listed: we cannot see their configuration offline, and a
//! guess would hide a real finding when a tag changes.

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
            "",
        ] {
            assert!(!is_nonroot(image), "{image}");
        }
    }
}
