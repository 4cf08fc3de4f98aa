//! `missing-healthcheck`: a Dockerfile's final stage has no HEALTHCHECK.
//!
//! Without one, Docker, Compose and Swarm see a hung process as healthy:
//! `depends_on: condition: service_healthy` never gates, and nothing is
//! restarted. Kubernetes ignores HEALTHCHECK (it uses probes), hence a note.

use crate::model::{Container, Origin, WorkloadKind};
use crate::rules::{Context, Rule};

pub struct MissingHealthcheck;

pub static MISSING_HEALTHCHECK: MissingHealthcheck = MissingHealthcheck;

impl Rule for MissingHealthcheck {
    fn id(&self) -> &'static str {
        "missing-healthcheck"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
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
