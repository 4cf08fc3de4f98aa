//! The `job-ordering` family: in a CI workflow, lint and test must gate
//! what builds, publishes and deploys. Shared analysis first (roles from
//! `roles.yaml`, the `needs` graph, condition scenarios), then one rule per
//! file.

pub mod analysis;
pub mod conditions;
pub mod foreign;
pub mod graph;
pub mod needs_fix;
pub mod roles;

pub mod check_wait_ignores_failure;
pub mod cyclic_needs;
pub mod deploy_if_always;
pub mod gate_after_build;
pub mod gate_continue_on_error;
pub mod ungated;
pub mod unknown_needs;
pub mod unknown_stage;
pub mod without_tests;
pub mod workflow_run_unchecked_conclusion;

/// The most jobs a message names in a list: a generated pipeline's
/// thousands of gates would make each of its findings as long as the file.
const MAX_NAMED: usize = 20;
