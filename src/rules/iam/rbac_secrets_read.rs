//! `rbac-secrets-read`: a ClusterRole that lets its subjects get, list or
//! watch Secrets. Bound with a ClusterRoleBinding, it reads every Secret of
//! every namespace: service account tokens, registry and database
//! credentials, TLS keys. `list` and `watch` return the values too, not only
//! the names.
//!
//! Rules narrowed by `resourceNames` and namespaced Roles are not reported;
//! a `*` resource is `rbac-wildcard`'s. Nor is a ClusterRole that only
//! RoleBindings grant (in this file or another of its directory tree, see
//! `facts.rs`): each grants it in its own namespace, as a Role would. One
//! that no binding in sight grants is reported for what a
//! ClusterRoleBinding of it would grant, which is what most such roles are
//! written for.

use super::rbac::{cluster_wide_core, reach};
use crate::facts::Reach;
use crate::model::Grant;
use crate::rules::{Context, Rule};

pub struct RbacSecretsRead;

pub static RBAC_SECRETS_READ: RbacSecretsRead = RbacSecretsRead;

const READ_VERBS: &[&str] = &["get", "list", "watch", "*"];

impl Rule for RbacSecretsRead {
    fn id(&self) -> &'static str {
        "rbac-secrets-read"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !cluster_wide_core(grant) {
            return;
        }
        let verbs: Vec<&str> = grant
            .actions
            .iter()
            .map(|v| v.value.as_str())
            .filter(|v| READ_VERBS.contains(v))
            .collect();
        let Some(secrets) = grant.resources.iter().find(|r| r.value == "secrets") else {
            return;
        };
        if verbs.is_empty() {
            return;
        }
        let reach = reach(grant, cx);
        if reach == Reach::Namespaced {
            return;
        }
        // `*` is every verb, which the sentence cannot take as one.
        let reads = if verbs.contains(&"*") {
            "get, list and watch (`*`)".to_string()
        } else {
            verbs.join("/")
        };
        cx.report(
            secrets.span,
            if reach == Reach::ClusterWide {
                format!(
                    "{} lets its subjects {reads} Secrets in every namespace (tokens, passwords, \
                     keys): grant it with a Role in the namespaces that need it, or name the \
                     Secrets in `resourceNames`",
                    grant.object
                )
            } else {
                format!(
                    "{}, bound with a ClusterRoleBinding, would let its subjects {reads} Secrets \
                     in every namespace (tokens, passwords, keys); no binding of it is in sight: \
                     bind it with RoleBindings in the namespaces that need it, or name the \
                     Secrets in `resourceNames`",
                    grant.object
                )
            },
        )
        .object(grant.object.clone())
        .place(format!("{}/secrets", grant.place));
    }
}
