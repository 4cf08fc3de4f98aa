//! Every rule, in one list. Adding a rule: write its file, add its catalogue
//! entry under `policies/`, and add it here.

use std::sync::OnceLock;

use super::Rule;
use super::iam::anonymous_binding::ANONYMOUS_BINDING;
use super::iam::cloud_privileged_role::{
    AZURE_PRIVILEGED_ROLE_ASSIGNMENT, GCP_PRIMITIVE_ROLE, IAM_ADMIN_POLICY_ATTACHED,
};
use super::iam::cluster_admin_binding::CLUSTER_ADMIN_BINDING;
use super::iam::excessive_job_permissions::EXCESSIVE_JOB_PERMISSIONS;
use super::iam::iam_allow_not_action::IAM_ALLOW_NOT_ACTION;
use super::iam::iam_privilege_escalation::IAM_PRIVILEGE_ESCALATION;
use super::iam::iam_public_trust::IAM_PUBLIC_TRUST;
use super::iam::iam_wildcard_action::IAM_WILDCARD_ACTION;
use super::iam::iam_wildcard_resource::IAM_WILDCARD_RESOURCE;
use super::iam::rbac_escalation_verbs::RBAC_ESCALATION_VERBS;
use super::iam::rbac_pod_exec::RBAC_POD_EXEC;
use super::iam::rbac_secrets_read::RBAC_SECRETS_READ;
use super::iam::rbac_wildcard::RBAC_WILDCARD;
use super::iam::untrusted_checkout::UNTRUSTED_CHECKOUT;
use super::iam::workflow_permissions_missing::WORKFLOW_PERMISSIONS_MISSING;
use super::iam::workflow_permissions_write_all::WORKFLOW_PERMISSIONS_WRITE_ALL;
use super::job_ordering::check_wait_ignores_failure::CHECK_WAIT_IGNORES_FAILURE;
use super::job_ordering::cyclic_needs::CYCLIC_NEEDS;
use super::job_ordering::deploy_if_always::DEPLOY_IF_ALWAYS;
use super::job_ordering::gate_after_build::GATE_AFTER_BUILD;
use super::job_ordering::gate_continue_on_error::GATE_CONTINUE_ON_ERROR;
use super::job_ordering::ungated::{UNGATED_BUILD, UNGATED_DEPLOY};
use super::job_ordering::unknown_needs::UNKNOWN_NEEDS;
use super::job_ordering::unknown_stage::UNKNOWN_STAGE;
use super::job_ordering::without_tests::{DEPLOY_WITHOUT_TESTS, PUBLISH_WITHOUT_TESTS};
use super::job_ordering::workflow_run_unchecked_conclusion::WORKFLOW_RUN_UNCHECKED_CONCLUSION;
use super::non_root::container_runs_as_root::CONTAINER_RUNS_AS_ROOT;
use super::non_root::dangerous_capabilities::DANGEROUS_CAPABILITIES;
use super::non_root::host_namespaces::HOST_NAMESPACES;
use super::non_root::privilege_escalation_allowed::PRIVILEGE_ESCALATION_ALLOWED;
use super::non_root::privileged_container::PRIVILEGED_CONTAINER;
use super::non_root::run_as_non_root_not_enforced::RUN_AS_NON_ROOT_NOT_ENFORCED;
use super::non_root::sensitive_host_mount::SENSITIVE_HOST_MOUNT;
use super::non_root::unconfined_security_profile::UNCONFINED_SECURITY_PROFILE;
use super::non_root::writable_root_filesystem::WRITABLE_ROOT_FILESYSTEM;
use super::probes::healthcheck_disabled::HEALTHCHECK_DISABLED;
use super::probes::liveness_same_as_readiness::LIVENESS_SAME_AS_READINESS;
use super::probes::missing_healthcheck::MISSING_HEALTHCHECK;
use super::probes::missing_probe::{MISSING_LIVENESS_PROBE, MISSING_READINESS_PROBE};
use super::probes::probe_on_init_container::PROBE_ON_INIT_CONTAINER;
use super::probes::probe_port_not_declared::PROBE_PORT_NOT_DECLARED;
use super::probes::probe_without_handler::PROBE_WITHOUT_HANDLER;
use super::problems::{
    DUPLICATE_KEY, FILE_SKIPPED, INTERNAL_ERROR, PARSE_ERROR, PARSER_LIMITATION,
    UNRENDERED_TEMPLATE, UNUSED_SUPPRESSION,
};
use super::resource_limits::invalid_resource_quantity::INVALID_RESOURCE_QUANTITY;
use super::resource_limits::missing_resource::{
    MISSING_CPU_LIMIT, MISSING_CPU_REQUEST, MISSING_MEMORY_LIMIT, MISSING_MEMORY_REQUEST,
};
use super::resource_limits::request_exceeds_limit::REQUEST_EXCEEDS_LIMIT;
use super::secrets::committed_kubernetes_secret::COMMITTED_KUBERNETES_SECRET;
use super::secrets::docker_login_password::DOCKER_LOGIN_PASSWORD;
use super::secrets::hardcoded_secret::HARDCODED_SECRET;
use super::secrets::secret_in_output::SECRET_IN_OUTPUT;
use super::secrets::secret_token::SECRET_TOKEN;
use crate::catalogue::{self, Brief};

pub static RULES: &[&dyn Rule] = &[
    // parse
    &PARSE_ERROR,
    &DUPLICATE_KEY,
    &UNRENDERED_TEMPLATE,
    &PARSER_LIMITATION,
    &FILE_SKIPPED,
    &INTERNAL_ERROR,
    // iam: cloud
    &IAM_WILDCARD_ACTION,
    &IAM_WILDCARD_RESOURCE,
    &IAM_ALLOW_NOT_ACTION,
    &IAM_PRIVILEGE_ESCALATION,
    &IAM_PUBLIC_TRUST,
    &IAM_ADMIN_POLICY_ATTACHED,
    &GCP_PRIMITIVE_ROLE,
    &AZURE_PRIVILEGED_ROLE_ASSIGNMENT,
    // suppression
    &UNUSED_SUPPRESSION,
    // iam: workflow token
    &WORKFLOW_PERMISSIONS_WRITE_ALL,
    &WORKFLOW_PERMISSIONS_MISSING,
    &EXCESSIVE_JOB_PERMISSIONS,
    &UNTRUSTED_CHECKOUT,
    // iam: Kubernetes RBAC
    &RBAC_WILDCARD,
    &CLUSTER_ADMIN_BINDING,
    &RBAC_SECRETS_READ,
    &RBAC_ESCALATION_VERBS,
    &RBAC_POD_EXEC,
    &ANONYMOUS_BINDING,
    // job-ordering
    &UNGATED_DEPLOY,
    &UNGATED_BUILD,
    &GATE_AFTER_BUILD,
    &UNKNOWN_NEEDS,
    &UNKNOWN_STAGE,
    &CYCLIC_NEEDS,
    &DEPLOY_WITHOUT_TESTS,
    &PUBLISH_WITHOUT_TESTS,
    &GATE_CONTINUE_ON_ERROR,
    &DEPLOY_IF_ALWAYS,
    &WORKFLOW_RUN_UNCHECKED_CONCLUSION,
    &CHECK_WAIT_IGNORES_FAILURE,
    // non-root
    &CONTAINER_RUNS_AS_ROOT,
    &RUN_AS_NON_ROOT_NOT_ENFORCED,
    &PRIVILEGED_CONTAINER,
    &PRIVILEGE_ESCALATION_ALLOWED,
    &DANGEROUS_CAPABILITIES,
    &HOST_NAMESPACES,
    &SENSITIVE_HOST_MOUNT,
    &UNCONFINED_SECURITY_PROFILE,
    &WRITABLE_ROOT_FILESYSTEM,
    // probes
    &MISSING_READINESS_PROBE,
    &MISSING_LIVENESS_PROBE,
    &PROBE_WITHOUT_HANDLER,
    &PROBE_PORT_NOT_DECLARED,
    &LIVENESS_SAME_AS_READINESS,
    &PROBE_ON_INIT_CONTAINER,
    &MISSING_HEALTHCHECK,
    &HEALTHCHECK_DISABLED,
    // resource-limits
    &MISSING_CPU_REQUEST,
    &MISSING_MEMORY_REQUEST,
    &MISSING_MEMORY_LIMIT,
    &MISSING_CPU_LIMIT,
    &INVALID_RESOURCE_QUANTITY,
    &REQUEST_EXCEEDS_LIMIT,
    // secrets
    &SECRET_TOKEN,
    &HARDCODED_SECRET,
    &SECRET_IN_OUTPUT,
    &COMMITTED_KUBERNETES_SECRET,
    &DOCKER_LOGIN_PASSWORD,
];

/// Every rule with its catalogue brief, looked up once: each file runs every
/// rule, and a lookup per rule per file was half a percent of a run.
pub fn with_briefs() -> &'static [(&'static dyn Rule, Brief)] {
    static WITH_BRIEFS: OnceLock<Vec<(&'static dyn Rule, Brief)>> = OnceLock::new();
    WITH_BRIEFS.get_or_init(|| {
        RULES
            .iter()
            // The test below proves every rule has an entry.
            .filter_map(|rule| Some((*rule, catalogue::brief(rule.id())?)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_catalogue_entry_and_every_entry_a_rule() {
        for rule in RULES {
            assert!(
                catalogue::get(rule.id()).is_some(),
                "rule `{}` has no policies/<family>/{}.yaml",
                rule.id(),
                rule.id()
            );
        }
        for meta in catalogue::all() {
            assert!(
                RULES.iter().any(|r| r.id() == meta.id),
                "catalogue entry `{}` has no rule in registry.rs",
                meta.id
            );
        }
    }
}
