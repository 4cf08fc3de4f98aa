//! What the Kubernetes RBAC rules share: which roles Kubernetes itself
//! defines, and which grants an author wrote.

use crate::model::Grant;

/// Roles that the API server creates and reconciles itself (`cluster-admin`,
/// `admin`, `edit`, `view`, and the reserved `system:` names). A manifest
/// that carries one is a copy of the cluster's own policy (a dump, test
/// data): its grants are the platform's, not the author's choice.
pub fn is_builtin_role(kind: &str, name: &str) -> bool {
    name.starts_with("system:")
        || (kind == "ClusterRole" && matches!(name, "cluster-admin" | "admin" | "edit" | "view"))
}

/// A Kubernetes grant written by the manifest's author.
pub fn authored(grant: &Grant) -> bool {
    grant
        .kubernetes_role()
        .is_some_and(|(kind, name)| !is_builtin_role(kind, name))
}
