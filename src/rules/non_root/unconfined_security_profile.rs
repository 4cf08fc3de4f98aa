//! `unconfined-security-profile`: a container whose seccomp filter or
//! AppArmor profile a setting switches off: Compose's
//! `security_opt: [seccomp:unconfined]` (or `seccomp=unconfined`,
//! `apparmor:unconfined`), a pod's or container's `seccompProfile.type:
//! Unconfined` or `appArmorProfile.type: Unconfined` (Terraform's
//! `seccomp_profile`), and the annotations that clusters read before those
//! fields (`seccomp.security.alpha.kubernetes.io/pod: unconfined`,
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

use crate::model::{Container, Origin, Security};
use crate::rules::{Context, Rule};
use crate::source::{Span, Spanned};

pub struct UnconfinedSecurityProfile;

pub static UNCONFINED_SECURITY_PROFILE: UnconfinedSecurityProfile = UnconfinedSecurityProfile;

type Field = fn(&Security) -> Option<&Spanned<bool>>;

/// A confinement: its name, where the model holds it, and what turning it
/// off opens.
const PROFILES: [(&str, Field, &str); 2] = [
    (
        "seccomp",
        |s| s.seccomp_unconfined.as_ref(),
        "every system call is allowed, among them those kernel exploits and container \
         escapes go through (`keyctl`, `bpf`, `unshare`, `ptrace`)",
    ),
    (
        "AppArmor",
        |s| s.apparmor_unconfined.as_ref(),
        "the runtime's default profile, which forbids mounting and writing under `/proc` \
         and `/sys`, no longer applies",
    ),
];

impl Rule for UnconfinedSecurityProfile {
    fn id(&self) -> &'static str {
        "unconfined-security-profile"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let model = cx.model;
        for (name, field, opens) in PROFILES {
            // Containers of one pod share a pod-level setting's span.
            let mut settings: Vec<(Span, Vec<&Container>)> = Vec::new();
            for container in &model.containers {
                let Some(setting) = field(&container.security).filter(|s| s.value) else {
                    continue;
                };
                if container.security.is_privileged() {
                    continue;
                }
                match settings.iter_mut().find(|(span, _)| *span == setting.span) {
                    Some((_, containers)) => containers.push(container),
                    None => settings.push((setting.span, vec![container])),
                }
            }
            for (span, containers) in settings {
                let first = containers[0];
                let subject = match containers.len() {
                    1 => format!("{} runs", first.described()),
                    _ => {
                        // A pod's setting, or a Compose anchor merged into
                        // several services.
                        let holder = match first.origin {
                            Origin::Compose => "the services",
                            _ => "the pod's containers",
                        };
                        let names: Vec<String> = containers.iter().map(|c| c.listed()).collect();
                        format!("{holder} ({}) run", names.join(", "))
                    }
                };
                cx.report(
                    span,
                    format!(
                        "{subject} without {name} confinement: {opens}; remove the setting to \
                         get the runtime's default profile, or write a profile that allows \
                         only what the program needs"
                    ),
                )
                .object(first.object.clone())
                .place(format!("{}/{name}", first.place));
            }
        }
    }
}
