//! `rbac-escalation-verbs`: the verbs that let a subject gain permissions
//! it was not given. `escalate` on roles lets it write rules broader than
//! its own; `bind` on roles lets it bind any role (cluster-admin included)
//! to itself; `impersonate` on users, groups or service accounts lets it act
//! as them. RBAC's privilege-escalation prevention stops at exactly these.
//! `create` on `serviceaccounts/token` (a TokenRequest) is impersonation by
//! another name: it mints a token of any service account the grant reaches,
//! which then acts with all that account may do (CIS Kubernetes 5.1.13).
//!
//! Narrowed by `resourceNames` (bind only these roles, impersonate only this
//! account), as the Kubernetes documentation recommends: a warning.
//! Kubernetes' own roles (`edit` may impersonate service accounts) are not
//! reported.

use super::rbac::authored;
use crate::finding::Severity;
use crate::model::Grant;
use crate::rules::{Context, Rule};
use crate::source::Span;

pub struct RbacEscalationVerbs;

pub static RBAC_ESCALATION_VERBS: RbacEscalationVerbs = RbacEscalationVerbs;

impl Rule for RbacEscalationVerbs {
    fn id(&self) -> &'static str {
        "rbac-escalation-verbs"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !authored(grant) {
            return;
        }
        let verbs = grant.actions.iter().filter_map(|verb| {
            let effect = match verb.value.as_str() {
                "escalate" => Effect {
                    any: "create or update roles with permissions they do not have",
                    named: "create or update the roles it names with permissions they do not have",
                },
                "bind" => Effect {
                    any: "bind any role, cluster-admin included, to anyone, themselves too",
                    named: "bind the roles it names to anyone, themselves too",
                },
                "impersonate" => Effect {
                    any: "act as other users, groups or service accounts",
                    named: "act as the users, groups or service accounts it names",
                },
                _ => return None,
            };
            Some((verb.span, format!("`{}`", verb.value), effect, &verb.value))
        });
        for (span, what, effect, key) in verbs.chain(token_request(grant)) {
            let (effect, advice) = if grant.has_condition {
                (
                    effect.named,
                    "narrowed by `resourceNames`: check that those are the ones meant",
                )
            } else {
                (
                    effect.any,
                    "if it is needed, narrow it with `resourceNames`",
                )
            };
            let finding = cx
                .report(
                    span,
                    format!(
                        "{} grants {what}: its subjects can {effect}; {advice}",
                        grant.object
                    ),
                )
                .object(grant.object.clone())
                .place(format!("{}/verbs/{key}", grant.place));
            if grant.has_condition {
                finding.severity(Severity::Warning);
            }
        }
    }
}

/// What a verb lets the grant's subjects do, on any object or, narrowed by
/// `resourceNames`, on the ones named.
struct Effect {
    any: &'static str,
    named: &'static str,
}

/// `create` on `serviceaccounts/token` in the core group, reported at the
/// resource; a `*` resource is `rbac-wildcard`'s.
fn token_request(grant: &Grant) -> Option<(Span, String, Effect, &String)> {
    let core = grant
        .api_groups
        .iter()
        .any(|g| g.value.is_empty() || g.value == "*");
    let resource = grant
        .resources
        .iter()
        .find(|r| r.value == "serviceaccounts/token")?;
    let verb = grant
        .actions
        .iter()
        .find(|v| v.value == "create" || v.value == "*")?;
    core.then(|| {
        (
            resource.span,
            format!("`{}` on `serviceaccounts/token`", verb.value),
            Effect {
                any: "mint a token for any service account in reach and act with all it may do",
                named: "mint a token for the service accounts it names and act with all they \
                        may do",
            },
            &resource.value,
        )
    })
}
