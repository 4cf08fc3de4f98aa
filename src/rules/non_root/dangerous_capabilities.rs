//! `dangerous-capabilities`: `capabilities.add` of a Linux capability that
//! lets a container break out of its isolation or take over the node. Each
//! capability is named with what it allows; those with a legitimate common
//! use (NET_ADMIN for a service mesh's init container, SYS_PTRACE for a
//! profiler) are warnings, the rest errors.
//!
//! A privileged container holds every capability whatever it adds:
//! `privileged-container` reports it, once, and a capability it adds beside
//! `privileged: true` is judged when that goes (the fix it is told: keep only
//! the capabilities it needs).
//!
//! A capability added by a Compose anchor that several services merge, or
//! by a YAML alias several containers repeat, is reported once at its line,
//! naming them all.

use crate::finding::Severity;
use crate::model::{Container, Origin};
use crate::rules::holders::group;
use crate::rules::{Context, Rule};
use crate::source::Spanned;

pub struct DangerousCapabilities;

pub static DANGEROUS_CAPABILITIES: DangerousCapabilities = DangerousCapabilities;

/// A capability, its severity, and what it lets a container do; `{hostNetwork}`
/// and `{hostPID}` mark where sharing the node's namespace makes it worse,
/// `{it}` and `{its}` the containers that add it.
const DANGEROUS: &[(&str, Severity, &str)] = &[
    (
        "ALL",
        Severity::Error,
        "do nearly all that a privileged container can: mount filesystems, load kernel modules, \
         read any file",
    ),
    (
        "SYS_ADMIN",
        Severity::Error,
        "mount filesystems, create namespaces, use BPF and much more: the classic container escape \
         (a cgroup `release_agent` runs as root on the node)",
    ),
    (
        "SYS_MODULE",
        Severity::Error,
        "load kernel modules, that is, run any code in the node's kernel",
    ),
    (
        "SYS_RAWIO",
        Severity::Error,
        "raw access to I/O ports and `/dev/mem`, that is, to the node's memory and disks",
    ),
    (
        "DAC_READ_SEARCH",
        Severity::Error,
        "bypass read permissions and open files by handle, which reads the node's files from \
         inside a container (the \"shocker\" escape)",
    ),
    (
        "MAC_ADMIN",
        Severity::Error,
        "change the AppArmor or SELinux policy that confines {it}",
    ),
    (
        "MAC_OVERRIDE",
        Severity::Error,
        "bypass the AppArmor or SELinux policy that confines {it}",
    ),
    (
        "NET_ADMIN",
        Severity::Warning,
        "reconfigure interfaces, routes and firewall rules of {its} network namespace{hostNetwork}, \
         and so intercept or redirect traffic",
    ),
    (
        "SYS_PTRACE",
        Severity::Warning,
        "trace and inject code into the other processes visible to {it}{hostPID}",
    ),
    (
        "BPF",
        Severity::Warning,
        "load BPF programs, which can read kernel memory and other processes' traffic",
    ),
    (
        "PERFMON",
        Severity::Warning,
        "use perf events and, with BPF, trace the whole node",
    ),
    (
        "SYS_TIME",
        Severity::Warning,
        "set the clock of the whole node, which breaks certificates, tokens and logs for every pod",
    ),
    (
        "SYSLOG",
        Severity::Warning,
        "read the kernel log, which leaks kernel addresses that exploits need",
    ),
];

impl Rule for DangerousCapabilities {
    fn id(&self) -> &'static str {
        "dangerous-capabilities"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let added = cx
            .model
            .containers
            .iter()
            .filter(|container| !container.security.is_privileged())
            .flat_map(|container| {
                container
                    .security
                    .capabilities_add
                    .iter()
                    .filter_map(move |cap| {
                        let (canonical, severity, why) = judge(container, &cap.value)?;
                        Some(((cap.span, canonical, severity, why), container))
                    })
            });
        for ((span, canonical, severity, why), holders) in group(added) {
            let first = holders.first();
            let capability = match canonical {
                "ALL" => "ALL".to_string(),
                _ => format!("CAP_{canonical}"),
            };
            cx.report(
                span,
                holders.say(&format!(
                    "{{subject}} add{{s}} capability `{capability}`, which lets {{it}} {why}; drop \
                     it, or replace it with the narrower capability the process needs"
                )),
            )
            .severity(severity)
            .object(first.object.clone())
            .place(format!("{}/capabilities/{canonical}", first.place));
        }
    }
}

/// A capability the container adds, if it is dangerous: its canonical name,
/// severity, and what it lets the container do, said of it (`{it}`,
/// `{its}` left for the message to fill).
fn judge(container: &Container, added: &str) -> Option<(&'static str, Severity, String)> {
    let name = added.to_ascii_uppercase();
    let name = name.strip_prefix("CAP_").unwrap_or(&name);
    let (canonical, severity, why) = DANGEROUS.iter().find(|(known, _, _)| *known == name)?;
    // The node's namespace is named only for a container that shares it:
    // the others' is their own.
    let shared = |setting: &Option<Spanned<bool>>, key: &str| {
        if setting.as_ref().is_some_and(|shared| shared.value) {
            format!(" (the node's, given `{}`)", container.spell(key))
        } else {
            String::new()
        }
    };
    let security = &container.security;
    let why = why
        .replace(
            "{hostNetwork}",
            &shared(&security.host_network, "hostNetwork: true"),
        )
        .replace("{hostPID}", &shared(&security.host_pid, "hostPID: true"));
    // The consequences are written for a pod on a node; a Compose service
    // or an ECS task runs on a host among containers.
    let why = match container.origin {
        Origin::Kubernetes => why,
        _ => why
            .replace("node", "host")
            .replace("every pod", "every container"),
    };
    Some((canonical, *severity, why))
}
