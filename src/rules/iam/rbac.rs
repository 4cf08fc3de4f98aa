//! What the Kubernetes RBAC rules share: which role a grant belongs to, and
//! which roles Kubernetes itself defines.

use crate::model::{Grant, GrantSource};

/// The kind and name of the Role or ClusterRole a Kubernetes grant comes
/// from (its object reads `ClusterRole/ops rule 2`).
pub fn role_of(grant: &Grant) -> Option<(&str, &str)> {
    if grant.source != GrantSource::KubernetesRbac {
        return None;
    }
    let role = grant
        .object
        .rsplit_once(" rule ")
        .map_or(grant.object.as_str(), |(role, _)| role);
    role.split_once('/')
}

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
    role_of(grant).is_some_and(|(kind, name)| !is_builtin_role(kind, name))
}
