//! `rbac-pod-exec`: a ClusterRole that lets its subjects run commands in
//! other pods: `create` on `pods/exec` or `pods/attach` (a shell in any pod
//! of every namespace), `patch` or `update` on `pods/ephemeralcontainers`
//! (what `kubectl debug` does: a container of their choosing added to any
//! running pod, sharing its volumes, network and service account), or
//! `get` or `create` on `nodes/proxy` (every node's
//! kubelet API, which runs commands in the pods of its node: a websocket
//! `exec` asks it only for `get`, and neither admission control nor the API
//! server's audit log sees what it runs). Whoever holds the grant acts as
//! each pod it reaches: with its service account token, its mounted
//! Secrets, its network access, and as root on the node through a
//! privileged one.
//!
//! Judged as `rbac-secrets-read` judges Secrets: namespaced Roles, rules
//! narrowed by `resourceNames` and a ClusterRole that only RoleBindings
//! grant are not reported (exec in its own namespace is a CI runner's or an
//! operator's ordinary need, and a RoleBinding grants nothing of the
//! cluster-scoped `nodes/proxy`), nor is a `*` resource (`rbac-wildcard`'s).
//! A ClusterRole that no binding in sight grants is reported for what a
//! ClusterRoleBinding of it would grant.

use super::rbac::{cluster_wide_core, reach};
use crate::facts::Reach;
use crate::model::Grant;
use crate::rules::{Context, Rule};

pub struct RbacPodExec;

pub static RBAC_POD_EXEC: RbacPodExec = RbacPodExec;

/// The remedy for a grant on pods: the namespaces that need it.
const IN_NAMESPACES: &str =
    "grant it only in the namespaces that need it (a Role, or RoleBindings of this ClusterRole)";

/// A subresource, the verbs that run commands through it, what it reaches,
/// and what to grant instead.
const EXEC: &[(&str, &[&str], &str, &str)] = &[
    (
        "pods/exec",
        &["create", "*"],
        "run commands in any pod of every namespace",
        IN_NAMESPACES,
    ),
    (
        "pods/attach",
        &["create", "*"],
        "attach to the running process of any pod of every namespace",
        IN_NAMESPACES,
    ),
    (
        "pods/ephemeralcontainers",
        &["patch", "update", "*"],
        "add a container of their choosing to any pod of every namespace",
        IN_NAMESPACES,
    ),
    (
        "nodes/proxy",
        &["get", "create", "*"],
        "run commands in any pod of every node through its kubelet API (a websocket `exec` \
         needs only `get`, and admission control and the audit log never see it)",
        "to scrape metrics, scrape the kubelet itself with `get` on `nodes/metrics` and \
         `nodes/stats` instead of through the API server's node proxy",
    ),
];

impl Rule for RbacPodExec {
    fn id(&self) -> &'static str {
        "rbac-pod-exec"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !cluster_wide_core(grant) {
            return;
        }
        let granted: Vec<_> = grant
            .resources
            .iter()
            .filter_map(|resource| {
                let (name, verbs, reaches, instead) =
                    EXEC.iter().find(|(name, ..)| *name == resource.value)?;
                let how: Vec<&str> = grant
                    .actions
                    .iter()
                    .map(|v| v.value.as_str())
                    .filter(|v| verbs.contains(v))
                    .collect();
                (!how.is_empty()).then_some((resource, name, how, reaches, instead))
            })
            .collect();
        if granted.is_empty() {
            return;
        }
        let reach = reach(grant, cx);
        if reach == Reach::Namespaced {
            return;
        }
        for (resource, name, how, reaches, instead) in granted {
            let how = format!("`{}` on `{name}`", how.join("`/`"));
            let message = if reach == Reach::ClusterWide {
                format!(
                    "{} grants {how}: its subjects can {reaches} and act with each pod's \
                     service account token and Secrets; {instead}",
                    grant.object
                )
            } else {
                format!(
                    "{} grants {how}: bound with a ClusterRoleBinding, its subjects could \
                     {reaches} and act with each pod's service account token and Secrets; no \
                     binding of it is in sight: {instead}",
                    grant.object
                )
            };
            cx.report(resource.span, message)
                .object(grant.object.clone())
                .place(format!("{}/{name}", grant.place));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::EXEC;
    use crate::facts::REACH_JUDGED;

    /// The facts must carry the bindings of every ClusterRole this rule
    /// judges, or a binding in another file would go unseen.
    #[test]
    fn the_facts_follow_the_bindings_of_every_judged_resource() {
        for (resource, ..) in EXEC {
            assert!(REACH_JUDGED.contains(resource), "{resource}");
        }
    }
}
