//! `cluster-admin-binding`: a binding that grants the `cluster-admin`
//! ClusterRole, which allows every verb on every resource. Bound cluster
//! wide (ClusterRoleBinding), its subjects own the cluster: every Secret,
//! every node, every workload. Bound in a namespace (RoleBinding), they own
//! that namespace, Secrets and RBAC included: a warning.
//!
//! The bootstrap binding of `cluster-admin` to `Group/system:masters` is
//! Kubernetes' own and is not reported.

use crate::finding::Severity;
use crate::model::{Provider, RoleBinding};
use crate::rules::{Context, Rule};

pub struct ClusterAdminBinding;

pub static CLUSTER_ADMIN_BINDING: ClusterAdminBinding = ClusterAdminBinding;

impl Rule for ClusterAdminBinding {
    fn id(&self) -> &'static str {
        "cluster-admin-binding"
    }

    fn check_role_binding(&self, binding: &RoleBinding, cx: &mut Context<'_>) {
        if binding.provider != Provider::Kubernetes || binding.role.value != "cluster-admin" {
            return;
        }
        if !binding.subjects.is_empty()
            && binding
                .subjects
                .iter()
                .all(|s| s.value == "Group/system:masters")
        {
            return;
        }
        let subjects: Vec<&str> = binding.subjects.iter().map(|s| s.value.as_str()).collect();
        let whom = if subjects.is_empty() {
            "its subjects".to_string()
        } else {
            subjects.join(", ")
        };
        let cluster_wide = binding.object.starts_with("ClusterRoleBinding/");
        let message = if cluster_wide {
            format!(
                "{} gives {whom} `cluster-admin`, every verb on every resource of the \
                 cluster: bind a ClusterRole with the verbs and resources needed",
                binding.object
            )
        } else {
            format!(
                "{} gives {whom} `cluster-admin` in its namespace, Secrets and RBAC included: \
                 bind a Role with the verbs and resources needed (or the built-in `edit`)",
                binding.object
            )
        };
        let finding = cx
            .report(binding.role.span, message)
            .object(binding.object.clone())
            .place(binding.place.clone());
        if !cluster_wide {
            finding.severity(Severity::Warning);
        }
    }
}
