//! `liveness-same-as-readiness`: a container whose liveness probe checks
//! exactly what its readiness probe checks (same handler, same endpoint,
//! named ports resolved). When the container is overloaded, readiness rightly
//! fails to shed traffic; an identical liveness probe then fails too, and
//! Kubernetes restarts the containers that were only busy, which moves the
//! load onto fewer replicas and can cascade.
//!
//! Timings are not compared: a liveness probe with a longer period on the
//! same endpoint still restarts a container that is merely slow.

use crate::model::Container;
use crate::rules::{Context, Rule};

pub struct LivenessSameAsReadiness;

pub static LIVENESS_SAME_AS_READINESS: LivenessSameAsReadiness = LivenessSameAsReadiness;

impl Rule for LivenessSameAsReadiness {
    fn id(&self) -> &'static str {
        "liveness-same-as-readiness"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        let (Some(liveness), Some(readiness)) = (
            container.probes.liveness.as_ref(),
            container.probes.readiness.as_ref(),
        ) else {
            return;
        };
        if liveness.handler.is_none() || liveness.signature != readiness.signature {
            return;
        }
        cx.report(
            liveness.span,
            format!(
                "`{}` of {} checks the same thing as its `{}` ({}): under load both fail and \
                 Kubernetes restarts a container that was only busy; make the liveness probe \
                 check only that the process is alive (a cheaper endpoint, or a much higher \
                 `{}`)",
                container.spell("livenessProbe"),
                container.described(),
                container.spell("readinessProbe"),
                readiness.signature,
                container.spell("failureThreshold"),
            ),
        )
        .object(container.object.clone())
        .place(format!("{}/livenessProbe", container.place));
    }
}
