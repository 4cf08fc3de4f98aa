//! `rbac-wildcard`: `*` in a Role or ClusterRole rule's verbs, resources or
//! apiGroups. A wildcard grants everything that exists now and everything
//! added later (new verbs, subresources such as `pods/exec`, custom
//! resources), so the role's reach cannot be reviewed. One finding per
//! wildcard, at its place.
//!
//! Errors where the wildcard reaches writes or Secrets; warnings where
//! names still bound it: a wildcard only in apiGroups, `*` verbs on
//! `.../status` subresources only, rules narrowed by `resourceNames`,
//! `*/scale` and `*/status` (an autoscaler setting the replica count of any
//! kind), and wildcards confined to named custom API groups (an operator
//! managing its own custom resources: nothing of Kubernetes' own, no
//! Secret, workload or role, is in them). Reading every kind of named
//! non-core groups (a controller watching its own custom resources) reaches
//! neither writes nor Secrets: a note. Kubernetes' own roles
//! (`cluster-admin`, `system:*`) are not the author's choice and are not
//! reported.
//!
//! `*` verbs are said to include the escalation verbs only where the rule
//! reaches what they act on (roles for `escalate` and `bind`, users, groups
//! and service accounts for `impersonate`).

use super::rbac::{authored, custom_groups_only};
use crate::finding::Severity;
use crate::model::Grant;
use crate::rules::{Context, Rule};
use crate::source::Spanned;

pub struct RbacWildcard;

pub static RBAC_WILDCARD: RbacWildcard = RbacWildcard;

impl Rule for RbacWildcard {
    fn id(&self) -> &'static str {
        "rbac-wildcard"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !authored(grant) {
            return;
        }
        let role = grant.kubernetes_role().map_or("the role", |(_, name)| name);
        let core = grant
            .api_groups
            .iter()
            .any(|g| g.value.is_empty() || g.value == "*");
        let read_only = grant
            .actions
            .iter()
            .all(|v| matches!(v.value.as_str(), "get" | "list" | "watch"));
        let status_only = !grant.resources.is_empty()
            && grant.resources.iter().all(|r| r.value.ends_with("/status"));
        let custom = custom_groups_only(grant);
        let fields = [
            ("verbs", &grant.actions),
            ("resources", &grant.resources),
            ("apiGroups", &grant.api_groups),
        ];
        // The severity where names still bound the wildcard.
        let bounded = |serious: bool| {
            if serious {
                Severity::Error
            } else {
                Severity::Warning
            }
        };
        for (field, items) in fields {
            for item in items.iter().filter(|i| i.value.contains('*')) {
                let (what, severity) = match (field, item.value.as_str()) {
                    ("verbs", _) => (
                        if reaches_escalation_verbs(grant) {
                            "every verb, delete and escalation verbs included"
                        } else {
                            "every verb, delete and deletecollection included"
                        }
                        .to_string(),
                        bounded(!status_only && !custom),
                    ),
                    ("resources", "*") if core => (
                        "every resource, Secrets included".to_string(),
                        Severity::Error,
                    ),
                    ("resources", "*") if read_only => (
                        "read access to every resource of its named API groups, and those \
                         added later"
                            .to_string(),
                        Severity::Note,
                    ),
                    ("resources", "*") => (
                        "every resource of its API groups, and those added later".to_string(),
                        bounded(!custom),
                    ),
                    ("resources", sub) if sub.ends_with("/*") => (
                        format!(
                            "every subresource of `{}` (such as `pods/exec`)",
                            sub.trim_end_matches("/*")
                        ),
                        bounded(!read_only && !custom),
                    ),
                    ("resources", other) => (
                        format!("every resource matching `{other}`"),
                        bounded(!read_only && !custom && !replicas_or_status(other)),
                    ),
                    _ => (
                        "every API group, custom resources added later included".to_string(),
                        bounded(
                            has_wildcard(&grant.actions)
                                || grant.resources.iter().any(|r| {
                                    r.value.contains('*') && !replicas_or_status(&r.value)
                                }),
                        ),
                    ),
                };
                let severity = if grant.has_condition {
                    severity.min(Severity::Warning)
                } else {
                    severity
                };
                cx.report(
                    item.span,
                    format!(
                        "`{}` in {field} of {} grants {what}: list the {field} `{role}` needs",
                        item.value, grant.object
                    ),
                )
                .severity(severity)
                .object(grant.object.clone())
                .place(format!("{}/{field}", grant.place));
            }
        }
    }
}

fn has_wildcard(items: &[Spanned<String>]) -> bool {
    items.iter().any(|i| i.value.contains('*'))
}

/// `*/scale` or `*/status`: one subresource of every kind, which sets only
/// replica counts or reported status (an autoscaler's grant), never a
/// Secret, a command or a role.
fn replicas_or_status(resource: &str) -> bool {
    matches!(resource, "*/scale" | "*/status")
}

/// Whether a rule reaches what the escalation verbs act on: roles
/// (`escalate`, `bind`), users, groups and service accounts
/// (`impersonate`). A wildcard resource may be any of them.
fn reaches_escalation_verbs(grant: &Grant) -> bool {
    let in_groups = |groups: &[&str]| {
        grant
            .api_groups
            .iter()
            .any(|g| g.value == "*" || groups.contains(&g.value.as_str()))
    };
    let on = |kinds: &[&str]| {
        grant.resources.iter().any(|r| {
            r.value.contains('*')
                || r.value.starts_with("userextras")
                || kinds.contains(&r.value.as_str())
        })
    };
    (in_groups(&["rbac.authorization.k8s.io"]) && on(&["roles", "clusterroles"]))
        || (in_groups(&["", "authentication.k8s.io"])
            && on(&["users", "groups", "serviceaccounts", "uids"]))
}
