//! `rbac-escalation-verbs`: the verbs that let a subject gain permissions
//! it was not given. `escalate` on roles lets it write rules broader than
//! its own; `bind` on roles lets it bind any role (cluster-admin included)
//! to itself; `impersonate` on users, groups or service accounts lets it act
//! as them. RBAC's privilege-escalation prevention stops at exactly these.
//!
//! Narrowed by `resourceNames` (bind only these roles, impersonate only this
//! account), as the Kubernetes documentation recommends: a warning.
//! Kubernetes' own roles (`edit` may impersonate service accounts) are not
//! reported.

use super::rbac::authored;
use crate::finding::Severity;
use crate::model::Grant;
use crate::rules::{Context, Rule};

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
        for verb in &grant.actions {
            let effect = match verb.value.as_str() {
                "escalate" => "create or update roles with permissions they do not have",
                "bind" => "bind any role, cluster-admin included, to anyone, themselves too",
                "impersonate" => "act as other users, groups or service accounts",
                _ => continue,
            };
            let advice = if grant.has_condition {
                "narrowed by `resourceNames` to the objects it names; check that those are \
                 the ones meant"
            } else {
                "if it is needed, narrow it with `resourceNames`"
            };
            let finding = cx
                .report(
                    verb.span,
                    format!(
                        "{} grants `{}`: its subjects can {effect}; {advice}",
                        grant.object, verb.value
                    ),
                )
                .object(grant.object.clone())
                .place(format!("{}/verbs/{}", grant.place, verb.value));
            if grant.has_condition {
                finding.severity(Severity::Warning);
            }
        }
    }
}
