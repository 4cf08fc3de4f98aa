//! `writable-root-filesystem`: a Kubernetes container that does not set
//! `readOnlyRootFilesystem: true` (a Compose service: `read_only: true`). With a writable root, whoever gets code
//! execution in the container can replace its binaries, plant tools and
//! persist until the container restarts.
//!
//! A note, not a warning: it is hardening rather than a defect, and adopting
//! it needs work (an `emptyDir` for every path the program writes), so it
//! should not fail builds by default.
//!
//! `read_only: false` in a Compose anchor that several services merge is
//! reported once, naming them all.

use crate::model::Origin;
use crate::rules::holders::group;
use crate::rules::{Context, Rule};

pub struct WritableRootFilesystem;

pub static WRITABLE_ROOT_FILESYSTEM: WritableRootFilesystem = WritableRootFilesystem;

impl Rule for WritableRootFilesystem {
    fn id(&self) -> &'static str {
        "writable-root-filesystem"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let writable = cx.model.containers.iter().filter_map(|container| {
            // The API refuses `readOnlyRootFilesystem` in a Windows pod.
            if !matches!(container.origin, Origin::Kubernetes | Origin::Compose)
                || container.security.base_image_windows
            {
                return None;
            }
            match &container.security.read_only_root_filesystem {
                Some(setting) if setting.value => None,
                None if container.is_fragment() => None,
                Some(setting) => Some(((setting.span, true), container)),
                None => Some(((container.span, false), container)),
            }
        });
        for ((span, written), holders) in group(writable) {
            let first = holders.first();
            let read_only = first.spell("readOnlyRootFilesystem: true");
            let empty_dir = first.spell("emptyDir");
            // Compose calls it `tmpfs`: "a `tmpfs`", but "an `emptyDir`".
            let article = if empty_dir.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            let message = if written {
                format!(
                    "{{subject}} keep{{s}} a writable root filesystem (`{}`): an intruder can \
                     replace {{its}} binaries and plant tools; set `{read_only}` and mount \
                     {article} `{empty_dir}` where the program writes",
                    first.spell("readOnlyRootFilesystem: false")
                )
            } else {
                format!(
                    "{{subject}} does not set `{read_only}`: an intruder can replace {{its}} \
                     binaries and plant tools; set it and mount {article} `{empty_dir}` where \
                     the program writes (e.g. /tmp)"
                )
            };
            cx.report(span, holders.say(&message))
                .object(first.object.clone())
                .place(first.place.clone());
        }
    }
}
