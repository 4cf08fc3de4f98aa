//! `unconfined-security-profile`: a container whose seccomp filter,
//! AppArmor profile or SELinux label a setting switches off, or that
//! unmasks the kernel's files under `/proc` and `/sys`: Compose's
//! `security_opt: [seccomp:unconfined]` (or `seccomp=unconfined`,
//! `apparmor:unconfined`, `label:disable`, `label:type:spc_t`,
//! `systempaths=unconfined`), a pod's or container's `seccompProfile.type:
//! Unconfined`, `appArmorProfile.type: Unconfined` or `seLinuxOptions.type:
//! spc_t` (Terraform's `seccomp_profile`), a container's `procMount:
//! Unmasked`, and the annotations that clusters read before those fields
//! (`seccomp.security.alpha.kubernetes.io/pod: unconfined`,
//! `container.apparmor.security.beta.kubernetes.io/<name>: unconfined`).
//!
//! The runtime's default profiles block the system calls and files that
//! kernel exploits and container escapes go through (`keyctl`, `bpf`,
//! `unshare`, `mount`, writes under `/proc` and `/sys`); without them one
//! kernel bug is a way out. A warning: debuggers, sandboxes that nest
//! containers and some system agents need it, and no other isolation goes
//! with it. A privileged container runs unconfined anyway, which
//! `privileged-container` reports: not again here.
//!
//! A setting of the pod applies to each of its containers that sets none of
//! its own: it is reported once, at its line, naming them (as is a Compose
//! setting that an anchor merges into several services).

use crate::model::Security;
use crate::rules::holders::group;
use crate::rules::{Context, Rule};
use crate::source::Spanned;

pub struct UnconfinedSecurityProfile;

pub static UNCONFINED_SECURITY_PROFILE: UnconfinedSecurityProfile = UnconfinedSecurityProfile;

type Field = fn(&Security) -> Option<&Spanned<bool>>;

/// A confinement: its name (for the finding's place), where the model holds
/// it, what a container runs without, what that opens, and the remedy.
struct Confinement {
    name: &'static str,
    field: Field,
    without: &'static str,
    opens: &'static str,
    remedy: &'static str,
}

const PROFILE_REMEDY: &str = "remove the setting to get the runtime's default profile, or \
                              write a profile that allows only what the program needs";

const CONFINEMENTS: [Confinement; 4] = [
    Confinement {
        name: "seccomp",
        field: |s| s.seccomp_unconfined.as_ref(),
        without: "seccomp confinement",
        opens: "every system call is allowed, among them those kernel exploits and container \
                escapes go through (`keyctl`, `bpf`, `unshare`, `ptrace`)",
        remedy: PROFILE_REMEDY,
    },
    Confinement {
        name: "AppArmor",
        field: |s| s.apparmor_unconfined.as_ref(),
        without: "AppArmor confinement",
        opens: "the runtime's default profile, which forbids mounting and writing under `/proc` \
                and `/sys`, no longer applies",
        remedy: PROFILE_REMEDY,
    },
    Confinement {
        name: "SELinux",
        field: |s| s.selinux_unconfined.as_ref(),
        without: "SELinux confinement",
        opens: "on a host that enforces SELinux, the container type (`container_t`) is what \
                keeps its processes off the host's files and other containers' once they get \
                out of their mounts",
        remedy: "remove the setting so that the runtime labels the container, or write a policy \
                 module that allows only what the program needs (e.g. with `udica`)",
    },
    Confinement {
        name: "system-paths",
        field: |s| s.system_paths_unmasked.as_ref(),
        without: "the masking of `/proc` and `/sys`",
        opens: "the kernel files the runtime hides or makes read-only (`/proc/sys`, \
                `/proc/sysrq-trigger`, `/proc/kcore`, `/sys/firmware`) are exposed, and with \
                root some are writable kernel settings of the whole host",
        remedy: "remove the setting so that the runtime masks them again, and mount only a path \
                 the program needs",
    },
];

impl Rule for UnconfinedSecurityProfile {
    fn id(&self) -> &'static str {
        "unconfined-security-profile"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let model = cx.model;
        for confinement in &CONFINEMENTS {
            let unconfined = model.containers.iter().filter_map(|container| {
                let setting = (confinement.field)(&container.security).filter(|s| s.value)?;
                (!container.security.is_privileged()).then_some((setting.span, container))
            });
            for (span, holders) in group(unconfined) {
                let first = holders.first();
                cx.report(
                    span,
                    holders.say(&format!(
                        "{{subject}} run{{s}} without {}: {}; {}",
                        confinement.without, confinement.opens, confinement.remedy
                    )),
                )
                .object(first.object.clone())
                .place(format!("{}/{}", first.place, confinement.name));
            }
        }
    }
}
