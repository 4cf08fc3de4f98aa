//! `liveness-same-as-readiness`: a container whose liveness probe checks
//! exactly what its readiness probe checks (same handler, same endpoint,
//! named ports resolved) and gives up no later than it. When the container
//! is overloaded, readiness rightly fails to shed traffic; a liveness probe
//! that fails as soon then makes Kubernetes restart containers that were
//! only busy, which moves the load onto fewer replicas and can cascade.
//!
//! The same cheap endpoint for both is a pattern the Kubernetes
//! documentation recommends when the liveness probe tolerates more
//! failures: then readiness sheds the traffic first and the load can drain
//! before liveness acts. So the failure windows are compared
//! (`initialDelaySeconds + failureThreshold x periodSeconds`, defaults
//! applied), and a window the file does not spell out reports nothing.

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
        let (Some(liveness_window), Some(readiness_window)) = (
            liveness.timing.failure_window(),
            readiness.timing.failure_window(),
        ) else {
            return;
        };
        if liveness_window > readiness_window {
            return;
        }
        cx.report(
            liveness.span,
            format!(
                "`{}` of {} checks the same thing as its `{}` ({}) and gives up no later \
                 (after {liveness_window}s of failures, readiness after {readiness_window}s): \
                 under load both fail and Kubernetes restarts a container that was only busy; \
                 give the liveness probe a longer failure window (a higher `{}`) or a cheaper \
                 check that fails only when the process is wedged",
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
