//! `writable-root-filesystem`: a Kubernetes container that does not set
//! `readOnlyRootFilesystem: true` (a Compose service: `read_only: true`). With a writable root, whoever gets code
//! execution in the container can replace its binaries, plant tools and
//! persist until the container restarts.
//!
//! A note, not a warning: it is hardening rather than a defect, and adopting
//! it needs work (an `emptyDir` for every path the program writes), so it
//! should not fail builds by default.

use crate::model::{Container, Origin};
use crate::rules::{Context, Rule};

pub struct WritableRootFilesystem;

pub static WRITABLE_ROOT_FILESYSTEM: WritableRootFilesystem = WritableRootFilesystem;

impl Rule for WritableRootFilesystem {
    fn id(&self) -> &'static str {
        "writable-root-filesystem"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        // The API refuses `readOnlyRootFilesystem` in a Windows pod.
        if !matches!(container.origin, Origin::Kubernetes | Origin::Compose)
            || container.security.base_image_windows
        {
            return;
        }
        let who = container.described();
        let read_only = container.spell("readOnlyRootFilesystem: true");
        let empty_dir = container.spell("emptyDir");
        // Compose calls it `tmpfs`: "a `tmpfs`", but "an `emptyDir`".
        let article = if empty_dir.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        let (span, message) = match &container.security.read_only_root_filesystem {
            Some(setting) if setting.value => return,
            None if container.is_fragment() => return,
            Some(setting) => (
                setting.span,
                format!(
                    "{who} keeps a writable root filesystem (`{}`): an intruder can replace its \
                     binaries and plant tools; set `{read_only}` and mount {article} \
                     `{empty_dir}` where the program writes",
                    container.spell("readOnlyRootFilesystem: false")
                ),
            ),
            None => (
                container.span,
                format!(
                    "{who} does not set `{read_only}`: an intruder can replace its binaries and \
                     plant tools; set it and mount {article} `{empty_dir}` where the program \
                     writes (e.g. /tmp)"
                ),
            ),
        };
        cx.report(span, message)
            .object(container.object.clone())
            .place(container.place.clone());
    }
}
