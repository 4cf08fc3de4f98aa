//! The `probes` family: containers the platform cannot health-check.

mod healthcheck_disabled;
mod missing_healthcheck;

pub use healthcheck_disabled::HEALTHCHECK_DISABLED;
pub use missing_healthcheck::MISSING_HEALTHCHECK;
