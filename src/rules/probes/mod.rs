//! The `probes` family: containers the platform cannot health-check —
//! Kubernetes liveness, readiness and startup probes that are missing, empty,
//! aimed at nothing, or set where the API forbids them, and Dockerfile
//! HEALTHCHECKs that are missing or disabled.

pub mod healthcheck_disabled;
pub mod liveness_same_as_readiness;
pub mod missing_healthcheck;
pub mod missing_probe;
pub mod probe_on_init_container;
pub mod probe_port_not_declared;
pub mod probe_without_handler;

use crate::model::{Container, Probe};

/// The probes a container sets, with the key each is written under.
pub fn probes(container: &Container) -> impl Iterator<Item = (&'static str, &Probe)> {
    [
        ("livenessProbe", container.probes.liveness.as_ref()),
        ("readinessProbe", container.probes.readiness.as_ref()),
        ("startupProbe", container.probes.startup.as_ref()),
    ]
    .into_iter()
    .filter_map(|(key, probe)| Some((key, probe?)))
}
