//! What the Kubernetes RBAC rules share: which roles Kubernetes itself
//! defines, which grants an author wrote, and how far a ClusterRole is
//! bound.

use crate::facts::Reach;
use crate::model::Grant;
use crate::rules::Context;

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

/// Whether a grant is judged for what it reaches across the cluster: a
/// ClusterRole's rule on the core API group, written by the manifest's
/// author, that no condition narrows.
pub fn cluster_wide_core(grant: &Grant) -> bool {
    grant.cluster_wide == Some(true)
        && !grant.has_condition
        && authored(grant)
        && grant
            .api_groups
            .iter()
            .any(|g| g.value.is_empty() || g.value == "*")
}

/// Kubernetes' own API groups, core (`""`) included. Any other group
/// holds a project's custom resources (or an aggregated API such as
/// `metrics.k8s.io`): Secrets, workloads, nodes and RBAC are never in it.
const BUILT_IN_GROUPS: &[&str] = &[
    "",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "apiregistration.k8s.io",
    "apps",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "coordination.k8s.io",
    "discovery.k8s.io",
    "events.k8s.io",
    "extensions",
    "flowcontrol.apiserver.k8s.io",
    "internal.apiserver.k8s.io",
    "networking.k8s.io",
    "node.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "resource.k8s.io",
    "scheduling.k8s.io",
    "storage.k8s.io",
    "storagemigration.k8s.io",
];

/// Whether every API group a grant names is a custom one (not Kubernetes'
/// own, not `*`): what it reaches is the custom resources of those groups.
/// OpenShift's `*.openshift.io` groups are its platform's own (roles,
/// security context constraints, OAuth tokens, deployment configs), not a
/// project's.
pub fn custom_groups_only(grant: &Grant) -> bool {
    !grant.api_groups.is_empty()
        && grant.api_groups.iter().all(|g| {
            g.value != "*"
                && !g.value.ends_with(".openshift.io")
                && !BUILT_IN_GROUPS.contains(&g.value.as_str())
        })
}

/// How far the bindings of the grant's file and of its directory tree grant
/// the ClusterRole it comes from (see `facts.rs`); a Role's grant is
/// [`Reach::Unbound`].
pub fn reach(grant: &Grant, cx: &Context<'_>) -> Reach {
    let Some((_, role)) = grant.kubernetes_role() else {
        return Reach::Unbound;
    };
    let own = cx
        .model
        .role_bindings
        .iter()
        .filter(|binding| binding.role.value == role)
        .filter_map(Reach::of)
        .max()
        .unwrap_or_default();
    own.max(cx.facts.cluster_role_reach(&cx.file.path, role))
}
