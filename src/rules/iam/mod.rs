//! The `iam` family: grants broader than the work needs. Cloud IAM (AWS
//! policy documents, GCP and Azure role assignments), GitHub workflow tokens
//! (`workflow_*`, `excessive_job_permissions`, `untrusted_checkout`) and
//! Kubernetes RBAC (`rbac_*`, `cluster_admin_binding`, `anonymous_binding`).

pub mod anonymous_binding;
pub mod aws_actions;
pub mod aws_managed_policies;
pub mod cloud_privileged_role;
pub mod cluster_admin_binding;
pub mod excessive_job_permissions;
pub mod gcp;
pub mod iam_allow_not_action;
pub mod iam_privilege_escalation;
pub mod iam_public_trust;
pub mod iam_wildcard_action;
pub mod iam_wildcard_resource;
pub mod rbac;
pub mod rbac_escalation_verbs;
pub mod rbac_pod_exec;
pub mod rbac_secrets_read;
pub mod rbac_wildcard;
pub mod untrusted_checkout;
pub mod workflow_permissions_missing;
pub mod workflow_permissions_write_all;
