//! `probe-on-init-container`: a liveness, readiness or startup probe on an
//! init container or an ephemeral container. The API rejects the pod ("may
//! not be set for init containers"): an init container runs to completion
//! before the pod is ready, so there is nothing to probe. Sidecars (init
//! containers with `restartPolicy: Always`) may have probes and are exempt.

use super::probes;
use crate::model::{Container, ContainerRole};
use crate::rules::{Context, Rule};

pub struct ProbeOnInitContainer;

pub static PROBE_ON_INIT_CONTAINER: ProbeOnInitContainer = ProbeOnInitContainer;

impl Rule for ProbeOnInitContainer {
    fn id(&self) -> &'static str {
        "probe-on-init-container"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        let fix = match container.role {
            ContainerRole::Init => format!(
                "remove it, or add `{}` if this is a sidecar meant to run beside the main \
                 containers",
                container.spell("restartPolicy: Always")
            ),
            ContainerRole::Ephemeral => "remove it".to_string(),
            ContainerRole::Main | ContainerRole::Sidecar => return,
        };
        for (key, probe) in probes(container) {
            cx.report(
                probe.span,
                format!(
                    "{} has a `{}`: the API rejects probes on {} containers; {fix}",
                    container.described(),
                    container.spell(key),
                    if container.role == ContainerRole::Init {
                        "init"
                    } else {
                        "ephemeral"
                    }
                ),
            )
            .object(container.object.clone())
            .place(format!("{}/{key}", container.place));
        }
    }
}
