//! `missing-readiness-probe`, `missing-liveness-probe`: a long-running
//! workload's main container without the probe.
//!
//! One template, two catalogue entries. Exempt: Jobs, CronJobs and pods that
//! run to completion (a probe there has nothing to route or restart), init
//! and ephemeral containers (the API forbids them probes), and sidecars
//! (their probes are optional helpers of the main container's), and
//! containers whose operator adds the probe itself (KubeRay's Ray
//! container, Knative's readiness probe). A
//! `startupProbe` counts as neither: it only delays the other two. A
//! container of a kustomize patch is a fragment and is not judged; one that
//! merely names no image (a minimal example, a test fixture) is.
//!
//! A readiness probe gates a Service's traffic (and paces rolling updates):
//! a container that declares no port is reported only when a Service of the
//! scanned set selects its pod and targets a port number that no container
//! of the pod declares (a named target reaches only a container that
//! declares the name); one that serves nothing (a queue consumer, a loop, a
//! log shipper beside the container that declares the Service's port) gets
//! little from the probe. A bare Pod is judged so for liveness too: one
//! that serves nothing is a demo, a test or a debugging session (`sleep
//! 3600`, a volume mounted to show it mounts), with no process worth a
//! restart. A container whose command only waits (`sleep infinity`, `tail
//! -f /dev/null`) is judged by neither: a toolbox kept up for `kubectl
//! exec`, whose process a probe could only find alive.

use crate::finding::{Applicability, Fix};
use crate::model::{
    Container, ContainerRole, Origin, Probe, ServiceSelector, Spelling, WorkloadKind,
};
use crate::rules::fixes::add_mapping;
use crate::rules::probes::only_waits;
use crate::rules::{Context, Rule};

pub struct MissingProbe {
    id: &'static str,
    key: &'static str,
    probe: fn(&Container) -> Option<&Probe>,
    /// Whether the platform adds the probe where none is declared.
    supplied: fn(&Container) -> bool,
    consequence: &'static str,
    /// What the probe to add should do, spelled for the container.
    advice: fn(&Container) -> String,
    /// The probe only matters to a container that gets traffic.
    gates_traffic: bool,
}

pub static MISSING_READINESS_PROBE: MissingProbe = MissingProbe {
    id: "missing-readiness-probe",
    key: "readinessProbe",
    probe: |c| c.probes.readiness.as_ref(),
    supplied: |c| c.probes.readiness_supplied,
    consequence: "Kubernetes sends it traffic as soon as the process starts, before it can serve, \
                  and keeps sending while it is overloaded or broken",
    advice: |c| {
        format!(
            "asks it whether it can take requests (e.g. `{}` on a health endpoint)",
            c.spell("httpGet")
        )
    },
    gates_traffic: true,
};

pub static MISSING_LIVENESS_PROBE: MissingProbe = MissingProbe {
    id: "missing-liveness-probe",
    key: "livenessProbe",
    probe: |c| c.probes.liveness.as_ref(),
    supplied: |c| c.probes.liveness_supplied,
    consequence: "if the process hangs or deadlocks without exiting, Kubernetes never restarts it",
    advice: |_| "fails only when a restart would help".to_string(),
    gates_traffic: false,
};

impl Rule for MissingProbe {
    fn id(&self) -> &'static str {
        self.id
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        if container.origin != Origin::Kubernetes
            || container.role != ContainerRole::Main
            || container.workload != WorkloadKind::LongRunning
            || container.is_fragment()
            || (self.probe)(container).is_some()
            || (self.supplied)(container)
            || only_waits(container, cx.model)
        {
            return;
        }
        // A container that declares a port serves on it; one that declares
        // none is judged served only when a Service selects its pod.
        let served_by =
            if container.ports.is_empty() && (self.gates_traffic || container.standalone) {
                match serving_service(container, cx) {
                    Some(service) => format!("{service} selects its pod, and "),
                    None => return,
                }
            } else {
                String::new()
            };
        let fix = self.skeleton(container, cx);
        let finding = cx
            .report(
                container.span,
                format!(
                    "{} has no `{key}`: {served_by}{}; add a `{key}` that {}",
                    container.described(),
                    self.consequence,
                    (self.advice)(container),
                    key = container.spell(self.key),
                ),
            )
            .object(container.object.clone())
            .place(container.place.clone());
        if let Some(fix) = fix {
            finding.fix(fix);
        }
    }
}

/// The Service that may send traffic to the port-less container, as a
/// message names it: one that selects its pod and targets a port no
/// container of the pod declares (traffic to a declared port goes to the
/// container that declares it, not to a sidecar beside it). One of its own
/// file, else of another file of the scanned set (see `facts.rs` for which).
fn serving_service(container: &Container, cx: &Context<'_>) -> Option<String> {
    let namespace = container.namespace.as_deref();
    let labels = &container.pod_labels;
    let reaches = |service: &ServiceSelector| {
        service.selects(namespace, labels) && service.reaches_undeclared(&container.pod_ports)
    };
    match cx.model.services.iter().find(|service| reaches(service)) {
        Some(service) => Some(format!("`{}`", service.object)),
        None => cx
            .facts
            .selecting_services(&cx.file.path, namespace, labels)
            .find(|shared| shared.fact.reaches_undeclared(&container.pod_ports))
            .map(|shared| format!("`{}` in {}", shared.fact.object, shared.path)),
    }
}

impl MissingProbe {
    /// An httpGet probe on the container's first declared port, its path
    /// left for the user: display-only, since only they know the endpoint
    /// (and whether HTTP is the right check at all).
    fn skeleton(&self, container: &Container, cx: &Context<'_>) -> Option<Fix> {
        if container.spelling != Spelling::Camel {
            return None;
        }
        let point = cx.model.insertion_point(container.span, "")?;
        let port = container
            .ports
            .iter()
            .find_map(|p| {
                p.name
                    .as_ref()
                    .map(|n| n.value.clone())
                    .or_else(|| p.number.as_ref().map(|n| n.value.to_string()))
            })
            .unwrap_or_else(|| "<port>".to_string());
        let handler = format!("{{path: <health endpoint>, port: {port}}}");
        Some(Fix::new(
            Applicability::DisplayOnly,
            format!("add a `{}` and fill in its endpoint (and port)", self.key),
            vec![add_mapping(point, self.key, &[("httpGet", &handler)])],
        ))
    }
}
