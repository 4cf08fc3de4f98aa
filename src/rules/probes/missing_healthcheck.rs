//! `missing-healthcheck`: a Dockerfile's final stage has no HEALTHCHECK, or
//! a long-running Compose service has no `healthcheck:` and builds no image
//! with one.
//!
//! Compose's `healthcheck:` is the Docker HEALTHCHECK (it overrides the
//! image's): it marks the container unhealthy and gates `depends_on:
//! condition: service_healthy`, but restarts nothing, so it is this rule's
//! and not `missing-liveness-probe`'s. A service that pulls an image by name
//! may inherit a HEALTHCHECK the scan cannot see: medium confidence there.
//! A `healthcheck:` that sets only timings (`interval:`) tunes the image's
//! own check, which its author knows is there: not reported, unless the
//! scan holds the Dockerfile the service builds and that has none. A
//! service whose command only waits (`sleep infinity`, `tail -f /dev/null`)
//! is a toolbox kept up for `docker compose exec`: nothing to check.
//!
//! Without one, Docker, Compose and Swarm see a hung process as healthy:
//! `depends_on: condition: service_healthy` never gates, and nothing is
//! restarted. Kubernetes ignores HEALTHCHECK (it uses probes), hence a note.
//!
//! An essential container of an ECS task definition without `healthCheck`:
//! ECS ignores the image's HEALTHCHECK, so the task only fails when the
//! process exits. A load balancer's target-group check may replace hung
//! tasks of a service behind one, which the task definition does not show:
//! medium confidence. A task definition the template runs only as one-off
//! tasks (a scheduled task, a state machine's step) runs to completion, as
//! a Job does: a hang there is the run's timeout's to catch.

use crate::finding::Confidence;
use crate::model::{Container, ContainerRole, Origin, WorkloadKind};
use crate::rules::probes::only_waits;
use crate::rules::{Context, Rule};

pub struct MissingHealthcheck;

pub static MISSING_HEALTHCHECK: MissingHealthcheck = MissingHealthcheck;

impl Rule for MissingHealthcheck {
    fn id(&self) -> &'static str {
        "missing-healthcheck"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        match container.origin {
            Origin::Compose => return service_without_healthcheck(container, cx),
            Origin::EcsTask => return task_container_without_healthcheck(container, cx),
            _ => {}
        }
        if container.origin != Origin::DockerImage
            || container.workload != WorkloadKind::LongRunning
            || container.probes.healthcheck.is_some()
        {
            return;
        }
        cx.report(
            container.span,
            format!(
                "{} has no HEALTHCHECK: Docker and Compose cannot tell a hung process \
                 from a healthy one; add `HEALTHCHECK CMD <command that fails when unhealthy>`",
                container.subject()
            ),
        )
        .object(container.object.clone())
        .place(container.place.clone());
    }
}

fn service_without_healthcheck(container: &Container, cx: &mut Context<'_>) {
    if container.workload != WorkloadKind::LongRunning
        || container.is_fragment()
        || container.probes.healthcheck.is_some()
        || only_waits(container, cx.model)
    {
        return;
    }
    let unknown = container.probes.image_healthcheck_unknown;
    let image = if unknown {
        "its image may define one, which this scan cannot see"
    } else {
        "nor does the Dockerfile it builds"
    };
    let finding = cx
        .report(
            container.span,
            format!(
                "{} has no `healthcheck:` ({image}): Compose cannot tell a hung process from a \
                 healthy one, and `depends_on: condition: service_healthy` cannot wait for it; \
                 add `healthcheck: {{test: [\"CMD\", <command that fails when unhealthy>]}}`",
                container.described()
            ),
        )
        .object(container.object.clone())
        .place(container.place.clone());
    if unknown {
        finding.confidence(Confidence::Medium);
    }
}

fn task_container_without_healthcheck(container: &Container, cx: &mut Context<'_>) {
    if container.role != ContainerRole::Main
        || container.workload != WorkloadKind::LongRunning
        || container.probes.healthcheck.is_some()
    {
        return;
    }
    cx.report(
        container.span,
        format!(
            "{} has no `{key}`: ECS ignores the image's HEALTHCHECK, so the task is replaced \
             only when the process exits, not when it hangs (a load balancer's target-group \
             check, if the service has one, only stops sending it traffic); add `{key}` with a \
             `{command}` that fails when it is unhealthy",
            container.described(),
            key = container.spell("healthCheck"),
            command = container.spell("command"),
        ),
    )
    .confidence(Confidence::Medium)
    .object(container.object.clone())
    .place(container.place.clone());
}
