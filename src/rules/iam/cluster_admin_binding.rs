//! `cluster-admin-binding`: a binding that grants the `cluster-admin`
//! ClusterRole, which allows every verb on every resource. Bound cluster
//! wide (ClusterRoleBinding), its subjects own the cluster: every Secret,
//! every node, every workload. Bound in a namespace (RoleBinding), they own
//! that namespace, Secrets and RBAC included: a warning.
//!
//! Two other ways to the same power are judged alike: an identity that
//! joins the group `system:masters` (EKS's `aws-auth` ConfigMap), which
//! Kubernetes binds to `cluster-admin` and which no RBAC change can
//! narrow, and EKS's access policy `AmazonEKSClusterAdminPolicy`, which is
//! `cluster-admin` on the cluster or on the namespaces it is scoped to.
//!
//! The bootstrap binding of `cluster-admin` to `Group/system:masters` is
//! Kubernetes' own and is not reported.

use crate::finding::Severity;
use crate::model::{GrantScope, Provider, RoleBinding};
use crate::rules::{Context, Rule};

pub struct ClusterAdminBinding;

pub static CLUSTER_ADMIN_BINDING: ClusterAdminBinding = ClusterAdminBinding;

/// The group Kubernetes binds to `cluster-admin` and lets past every
/// authorizer.
const MASTERS: &str = "system:masters";

/// How a binding grants `cluster-admin`.
enum Grants {
    ClusterRole,
    MastersGroup,
    EksAccessPolicy,
}

fn grants(binding: &RoleBinding) -> Option<Grants> {
    let role = binding.role.value.trim();
    if binding.role_kind.as_deref() == Some("Group") {
        return (role == MASTERS).then_some(Grants::MastersGroup);
    }
    if role == "cluster-admin" {
        Some(Grants::ClusterRole)
    } else if role.ends_with(":cluster-access-policy/AmazonEKSClusterAdminPolicy") {
        Some(Grants::EksAccessPolicy)
    } else {
        None
    }
}

impl Rule for ClusterAdminBinding {
    fn id(&self) -> &'static str {
        "cluster-admin-binding"
    }

    fn check_role_binding(&self, binding: &RoleBinding, cx: &mut Context<'_>) {
        if binding.provider != Provider::Kubernetes {
            return;
        }
        let Some(grants) = grants(binding) else {
            return;
        };
        if !binding.subjects.is_empty()
            && binding
                .subjects
                .iter()
                .all(|s| s.value == format!("Group/{MASTERS}"))
        {
            return;
        }
        let subjects: Vec<&str> = binding.subjects.iter().map(|s| s.value.as_str()).collect();
        let whom = if subjects.is_empty() {
            "its subjects".to_string()
        } else {
            subjects.join(", ")
        };
        let object = &binding.object;
        let cluster_wide = match grants {
            // An access scope not written out is judged as the cluster.
            Grants::EksAccessPolicy => binding.scope != Some(GrantScope::ResourceGroup),
            _ => {
                object.starts_with("ClusterRoleBinding/")
                    || binding.scope == Some(GrantScope::Account)
            }
        };
        let message = match grants {
            Grants::MastersGroup => format!(
                "{object} puts {whom} in the group `{MASTERS}`, which holds `cluster-admin` \
                 (every verb on every resource of the cluster) and which no RBAC change can \
                 narrow: map it to a group bound to a ClusterRole with the verbs and resources \
                 needed"
            ),
            Grants::EksAccessPolicy if cluster_wide => format!(
                "{object} gives {whom} `AmazonEKSClusterAdminPolicy`, which is `cluster-admin` \
                 on every resource of the cluster: associate `AmazonEKSEditPolicy` or \
                 `AmazonEKSViewPolicy`, scoped to the namespaces needed"
            ),
            Grants::EksAccessPolicy => format!(
                "{object} gives {whom} `AmazonEKSClusterAdminPolicy`, which is `cluster-admin` \
                 in the namespaces of its access scope, Secrets and RBAC included: associate \
                 `AmazonEKSEditPolicy` or `AmazonEKSViewPolicy`"
            ),
            Grants::ClusterRole if cluster_wide => format!(
                "{object} gives {whom} `cluster-admin`, every verb on every resource of the \
                 cluster: bind a ClusterRole with the verbs and resources needed"
            ),
            Grants::ClusterRole => format!(
                "{object} gives {whom} `cluster-admin` in its namespace, Secrets and RBAC \
                 included: bind a Role with the verbs and resources needed (or the built-in \
                 `edit`)"
            ),
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
