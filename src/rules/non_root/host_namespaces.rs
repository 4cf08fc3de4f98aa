//! `host-namespaces`: a pod with `hostPID`, `hostIPC` or `hostNetwork` set to
//! true, which puts its containers in the node's process, IPC or network
//! namespace (a Compose service's `pid`, `ipc` and `network_mode`, an ECS
//! task's `pidMode`, `ipcMode` and `networkMode` set to `host`). The setting belongs to the pod, so it is reported once at its
//! line, naming the containers it affects.
//!
//! hostPID and hostIPC are errors; hostNetwork is a warning, since CNI
//! plugins, ingress controllers and node agents need it and its reach (node
//! ports, node-local services, bypassing NetworkPolicy) is narrower.
//!
//! A Windows HostProcess pod must set `hostNetwork: true` (the API rejects
//! it otherwise): there it is part of running on the node, which
//! `privileged-container` reports, and removing it is no remedy.

use crate::finding::Severity;
use crate::model::{Container, Origin, Security};
use crate::rules::holders::group;
use crate::rules::{Context, Rule};
use crate::source::Spanned;

pub struct HostNamespaces;

pub static HOST_NAMESPACES: HostNamespaces = HostNamespaces;

type Field = fn(&Security) -> Option<&Spanned<bool>>;

/// A namespace: its key, where the model holds it, the severity, and what
/// sharing it gives a pod's containers and a Compose service's.
const NAMESPACES: [(&str, Field, Severity, [&str; 2]); 3] = [
    (
        "hostPID",
        |s| s.host_pid.as_ref(),
        Severity::Error,
        [
            "see every process on the node with its command line and environment (secrets \
             included), and can signal or trace those of the same user",
            "see every process on the host with its command line and environment (secrets \
             included), and can signal or trace those of the same user",
        ],
    ),
    (
        "hostIPC",
        |s| s.host_ipc.as_ref(),
        Severity::Error,
        [
            "share the node's shared memory and IPC objects, and can read or corrupt those of \
             other processes",
            "share the host's shared memory and IPC objects, and can read or corrupt those of \
             other processes",
        ],
    ),
    (
        "hostNetwork",
        |s| s.host_network.as_ref(),
        Severity::Warning,
        [
            "use the node's network stack: they can bind its ports, reach services listening \
             only on its loopback, and are not subject to NetworkPolicies",
            "use the host's network stack: they can bind its ports and reach services listening \
             only on its loopback, and the project's networks no longer separate them",
        ],
    ),
];

impl Rule for HostNamespaces {
    fn id(&self) -> &'static str {
        "host-namespaces"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let model = cx.model;
        for (key, field, severity, consequences) in NAMESPACES {
            // Containers of one pod share the setting's span.
            let shared = model.containers.iter().filter_map(|container| {
                let setting = field(&container.security).filter(|s| s.value)?;
                let part_of_host_process = key == "hostNetwork" && is_host_process(container);
                (!part_of_host_process).then_some((setting.span, container))
            });
            for (span, holders) in group(shared) {
                let first = holders.first();
                let (consequence, agent) = match first.origin {
                    Origin::Compose | Origin::EcsTask => (consequences[1], "host"),
                    _ => (consequences[0], "node"),
                };
                cx.report(
                    span,
                    format!(
                        "`{}`: {} {} {consequence}; remove it unless this is a {agent} agent \
                         that needs it",
                        first.spell(&format!("{key}: true")),
                        holders.collective(),
                        holders.listed(),
                    ),
                )
                .severity(severity)
                .object(first.object.clone())
                .place(format!("{}/{key}", first.place));
            }
        }
    }
}

/// A Windows HostProcess container, which runs on the node's network by
/// necessity.
fn is_host_process(container: &Container) -> bool {
    container
        .security
        .host_process
        .as_ref()
        .is_some_and(|h| h.value)
}
