//! `iam-privilege-escalation`: an AWS policy statement that allows, on every
//! resource (`*`, or an ARN that names every one of the action's targets:
//! `arn:aws:iam::123456789012:role/*` for `iam:PassRole`), an action known
//! to let its holder gain more permissions than
//! it was given: pass any role to a service, rewrite or attach policies,
//! edit trust policies, mint credentials for other users, or assume any
//! role. The list follows Rhino Security Labs' published AWS privilege
//! escalation methods. Patterns count (`iam:Put*` covers `iam:PutRolePolicy`);
//! the bare `*` is left to `iam-wildcard-action`. A `Condition` may or may
//! not close the path (`iam:PassedToService` still lets any role be passed),
//! so a conditioned statement is reported as a warning of medium confidence.
//! Only identity policies are judged: a resource policy's `*` is the
//! resource it is attached to, never every role of the account. A role
//! name pattern (`role/app-*`) narrows as AWS advises, unless the statement
//! also writes the trust and the permissions of the roles it covers.

use super::aws_actions::{Action, covers, is_any_resource, is_identity_allow, parse};
use crate::finding::{Confidence, Severity};
use crate::model::{Effect, Grant};
use crate::rules::{Context, Rule};

pub struct IamPrivilegeEscalation;

pub static IAM_PRIVILEGE_ESCALATION: IamPrivilegeEscalation = IamPrivilegeEscalation;

struct Escalation {
    service: &'static str,
    name: &'static str,
    severity: Severity,
    /// What the action lets its holder do, completing "it lets the holder ...".
    how: &'static str,
    /// The resources it acts on, as an ARN's service and resource part
    /// with `*` for any name (`iam`, `role/*`): an ARN of that shape names
    /// every one of them, as `*` does.
    every: (&'static str, &'static str),
}

const fn esc(
    service: &'static str,
    name: &'static str,
    how: &'static str,
    every: (&'static str, &'static str),
) -> Escalation {
    Escalation {
        service,
        name,
        severity: Severity::Error,
        how,
        every,
    }
}

const ESCALATIONS: &[Escalation] = &[
    esc(
        "iam",
        "PassRole",
        "hand any role, an administrator's included, to a service it launches",
        ("iam", "role/*"),
    ),
    esc(
        "iam",
        "CreatePolicyVersion",
        "rewrite any managed policy, its own included",
        ("iam", "policy/*"),
    ),
    esc(
        "iam",
        "SetDefaultPolicyVersion",
        "switch any policy to a more permissive version",
        ("iam", "policy/*"),
    ),
    esc(
        "iam",
        "AttachUserPolicy",
        "attach AdministratorAccess to any user",
        ("iam", "user/*"),
    ),
    esc(
        "iam",
        "AttachRolePolicy",
        "attach AdministratorAccess to any role",
        ("iam", "role/*"),
    ),
    esc(
        "iam",
        "AttachGroupPolicy",
        "attach AdministratorAccess to any group",
        ("iam", "group/*"),
    ),
    esc(
        "iam",
        "PutUserPolicy",
        "write an administrator inline policy on any user",
        ("iam", "user/*"),
    ),
    esc(
        "iam",
        "PutRolePolicy",
        "write an administrator inline policy on any role",
        ("iam", "role/*"),
    ),
    esc(
        "iam",
        "PutGroupPolicy",
        "write an administrator inline policy on any group",
        ("iam", "group/*"),
    ),
    esc(
        "iam",
        "UpdateAssumeRolePolicy",
        "rewrite any role's trust policy and assume it",
        ("iam", "role/*"),
    ),
    esc(
        "iam",
        "CreateAccessKey",
        "create access keys for any user",
        ("iam", "user/*"),
    ),
    esc(
        "iam",
        "CreateLoginProfile",
        "set a console password for any user",
        ("iam", "user/*"),
    ),
    esc(
        "iam",
        "UpdateLoginProfile",
        "reset any user's console password",
        ("iam", "user/*"),
    ),
    esc(
        "iam",
        "AddUserToGroup",
        "join any group, administrator groups included",
        ("iam", "group/*"),
    ),
    esc(
        "iam",
        "DeleteRolePermissionsBoundary",
        "lift the permissions boundary of any role",
        ("iam", "role/*"),
    ),
    esc(
        "iam",
        "DeleteUserPermissionsBoundary",
        "lift the permissions boundary of any user",
        ("iam", "user/*"),
    ),
    esc(
        "lambda",
        "UpdateFunctionCode",
        "run its own code as any function, with that function's role",
        ("lambda", "function:*"),
    ),
    esc(
        "glue",
        "UpdateDevEndpoint",
        "log in to any Glue development endpoint and use its role",
        ("glue", "devEndpoint/*"),
    ),
    Escalation {
        service: "sts",
        name: "AssumeRole",
        severity: Severity::Warning,
        how: "assume any role whose trust policy trusts this account",
        every: ("iam", "role/*"),
    },
];

impl Rule for IamPrivilegeEscalation {
    fn id(&self) -> &'static str {
        "iam-privilege-escalation"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !is_identity_allow(grant) {
            return;
        }
        roles_within_a_pattern(grant, cx);
        for action in &grant.actions {
            let Some(pattern @ Action::Service { .. }) = parse(&action.value) else {
                continue;
            };
            // The first resource that names every target of the action.
            let mut reach: Option<&str> = None;
            let found: Vec<&Escalation> = ESCALATIONS
                .iter()
                .filter(|e| covers(&pattern, e.service, e.name))
                .filter(|e| {
                    let every = grant
                        .resources
                        .iter()
                        .map(|r| r.value.trim())
                        .find(|r| is_any_resource(r) || names_every(r, e.every));
                    reach = reach.or(every);
                    every.is_some()
                })
                .collect();
            let Some(reach) = reach else {
                continue;
            };
            let Some(first) = found.first() else {
                continue;
            };
            let mut severity = found
                .iter()
                .map(|e| e.severity)
                .max()
                .unwrap_or(first.severity);
            let mut confidence = Confidence::High;
            let mut caveat = "";
            if grant.has_condition {
                severity = severity.min(Severity::Warning);
                confidence = Confidence::Medium;
                caveat = " unless its `Condition` rules that out";
            }
            let written = action.value.trim();
            let what = if found.len() == 1
                && written.eq_ignore_ascii_case(&format!("{}:{}", first.service, first.name))
            {
                format!("`{written}`")
            } else {
                let names: Vec<String> = found
                    .iter()
                    .map(|e| format!("{}:{}", e.service, e.name))
                    .collect();
                format!("`{written}` (which covers {})", names.join(", "))
            };
            cx.report(
                action.span,
                format!(
                    "this statement allows {what} on {}: it lets the holder {}{caveat}, a \
                     known privilege-escalation path; scope `Resource` to the specific ARNs",
                    if is_any_resource(reach) {
                        "every resource (`*`)".to_string()
                    } else {
                        format!("every resource of its kind (`{reach}`)")
                    },
                    first.how
                ),
            )
            .severity(severity)
            .confidence(confidence)
            .object(grant.object.clone())
            .place(format!("{}/action/{written}", grant.place));
        }
    }
}

/// Actions that give a role any permission.
const ROLE_POLICY_WRITES: &[&str] = &["AttachRolePolicy", "PutRolePolicy"];

/// Actions that write a role's trust policy, making it the holder's to use.
const ROLE_TRUST_WRITES: &[&str] = &["CreateRole", "UpdateAssumeRolePolicy"];

/// Roles a name pattern scopes (`role/app-*`): a scope that narrows
/// `iam:PassRole` as AWS advises, but not a statement that also writes the
/// trust and the permissions of the roles it covers. Its holder creates
/// `app-x` (or rewrites an existing one's trust) to trust itself and
/// attaches AdministratorAccess to it: the pattern only names the door.
/// A `Condition`, or a `Deny` of those actions in the file, is where the
/// remedy goes, and is trusted.
fn roles_within_a_pattern(grant: &Grant, cx: &mut Context<'_>) {
    // A condition is where the remedy goes (a permissions boundary, the
    // policies allowed): with a pattern already narrowing, it is trusted.
    if grant.has_condition {
        return;
    }
    let resources = || grant.resources.iter().map(|r| r.value.trim());
    if resources().any(|r| is_any_resource(r) || names_every(r, ("iam", "role/*"))) {
        return;
    }
    let Some(pattern) = resources().find(|r| names_roles_by_pattern(r)) else {
        return;
    };
    let allows = |names: &[&'static str]| {
        grant.actions.iter().find_map(|action| {
            let parsed @ Action::Service { .. } = parse(&action.value)? else {
                return None;
            };
            names
                .iter()
                .find(|name| covers(&parsed, "iam", name))
                .map(|name| (action, *name))
        })
    };
    let (Some((write, granted)), Some((_, trust))) =
        (allows(ROLE_POLICY_WRITES), allows(ROLE_TRUST_WRITES))
    else {
        return;
    };
    // A `Deny` of either action in the file (`iam:CreateRole` unless the
    // role gets the team's permissions boundary) is the guard, written
    // beside the grant.
    let guarded = cx.model.grants.iter().any(|other| {
        other.effect.value == Effect::Deny
            && other.actions.iter().any(|denied| {
                parse(&denied.value).is_some_and(|denied| {
                    [granted, trust].iter().any(|n| covers(&denied, "iam", n))
                })
            })
    });
    if guarded {
        return;
    }
    let making = if trust == "CreateRole" {
        "create a role the pattern covers, trusting itself,"
    } else {
        "make any role the pattern covers trust itself"
    };
    let written = write.value.trim();
    let what = if written.eq_ignore_ascii_case(&format!("iam:{granted}")) {
        format!("`{written}`")
    } else {
        format!("`{written}` (which covers iam:{granted})")
    };
    cx.report(
        write.span,
        format!(
            "this statement allows {what} with `iam:{trust}` on `{pattern}`: the holder can \
             {making} and give it administrator permissions, a known privilege-escalation path \
             that a name pattern does not close; require a permissions boundary \
             (`iam:PermissionsBoundary`) or limit the policies (`iam:PolicyARN`) in a \
             `Condition`, or split the actions between principals"
        ),
    )
    .object(grant.object.clone())
    .place(format!("{}/action/{written}", grant.place));
}

/// Whether an ARN names the roles of a name or path pattern
/// (`arn:aws:iam::123456789012:role/app-*`), not every role.
fn names_roles_by_pattern(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, _partition, service, _region, _account, resource] = parts.as_slice() else {
        return false;
    };
    *prefix == "arn"
        && (service.eq_ignore_ascii_case("iam") || *service == "*")
        && resource
            .strip_prefix("role/")
            .is_some_and(|name| name.contains('*'))
}

/// Whether an ARN names every resource of a kind, in any account
/// (`arn:aws:iam::123456789012:role/*`, `arn:aws:iam::*:*`), when `every` is
/// `("iam", "role/*")`.
fn names_every(arn: &str, every: (&str, &str)) -> bool {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [prefix, _partition, service, _region, _account, resource] = parts.as_slice() else {
        return false;
    };
    let (service_wanted, kind) = every;
    *prefix == "arn"
        && (service.eq_ignore_ascii_case(service_wanted) || *service == "*")
        && (*resource == "*" || *resource == kind)
}
