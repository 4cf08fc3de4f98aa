//! The `iam` family: permissions granted too widely. GitHub workflow tokens
//! (`workflow_*`, `excessive_job_permissions`, `untrusted_checkout`) and
//! Kubernetes RBAC (`rbac_*`, `cluster_admin_binding`, `anonymous_binding`).

pub mod anonymous_binding;
pub mod cluster_admin_binding;
pub mod excessive_job_permissions;
pub mod rbac;
pub mod rbac_escalation_verbs;
pub mod rbac_secrets_read;
pub mod rbac_wildcard;
pub mod untrusted_checkout;
pub mod workflow_permissions_missing;
pub mod workflow_permissions_write_all;
