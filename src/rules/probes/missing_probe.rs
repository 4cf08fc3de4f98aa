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

use crate::finding::{Applicability, Fix};
use crate::model::{Container, ContainerRole, Origin, Probe, Spelling, WorkloadKind};
use crate::rules::fixes::add_mapping;
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
};

pub static MISSING_LIVENESS_PROBE: MissingProbe = MissingProbe {
    id: "missing-liveness-probe",
    key: "livenessProbe",
    probe: |c| c.probes.liveness.as_ref(),
    supplied: |c| c.probes.liveness_supplied,
    consequence: "if the process hangs or deadlocks without exiting, Kubernetes never restarts it",
    advice: |_| "fails only when a restart would help".to_string(),
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
        {
            return;
        }
        let fix = self.skeleton(container, cx);
        let finding = cx
            .report(
                container.span,
                format!(
                    "{} has no `{key}`: {}; add a `{key}` that {}",
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
