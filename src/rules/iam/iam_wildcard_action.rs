//! `iam-wildcard-action`: an AWS policy statement that allows every action
//! (`Action: "*"`, administrator access: error) or every action of one
//! service (`s3:*`, which includes deleting data and rewriting its access
//! policies: warning). Least privilege starts with naming the actions.
//!
//! `Action: "*"` is administrator access only where it reaches every
//! resource. An identity policy that names its resources (`Resource:
//! arn:aws:s3:::bucket/*`), and a resource policy (a bucket's, a key's,
//! which reaches only what it is attached to), give full control of those
//! resources: as much as `s3:*` on them, a warning.
//!
//! `ssmmessages:*` and `ec2messages:*` name the few channel actions the SSM
//! agent needs, none of which deletes or changes permissions: not reported.
//!
//! A service wildcard that `iam-privilege-escalation` reports on the same
//! value (`iam:*` on every resource) is left to it.
//!
//! A KMS key policy that gives `kms:*` to an account (`arn:aws:iam::ID:root`)
//! is AWS's default key policy: it grants no one anything by itself, it lets
//! that account's IAM policies decide who may use the key. It is not
//! reported.
//!
//! An AWS managed policy attached to a user, group or role grants what its
//! document says: `AmazonS3FullAccess` is `s3:*` on every resource, the same
//! warning as that statement written inline. The policies and their
//! wildcards are listed in `aws_managed_policies`.

use super::aws_actions::{Action, fine_on_star, is_any_resource, is_aws_allow, parse};
use super::aws_managed_policies::service_wildcards;
use crate::finding::Severity;
use crate::model::{Grant, GrantSource, Provider, RoleBinding};
use crate::rules::job_ordering::analysis::names;
use crate::rules::{Context, Rule};

pub struct IamWildcardAction;

pub static IAM_WILDCARD_ACTION: IamWildcardAction = IamWildcardAction;

impl Rule for IamWildcardAction {
    fn id(&self) -> &'static str {
        "iam-wildcard-action"
    }

    /// `iam:*` or `lambda:*` on every resource is reported there too, as the
    /// escalation paths it opens: one finding on the action, the graver.
    fn subsumed_at_its_value_by(&self) -> &'static [&'static str] {
        &["iam-privilege-escalation"]
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !is_aws_allow(grant) {
            return;
        }
        // In a resource policy `*` is the resource the policy is attached to.
        let identity = grant.source == GrantSource::AwsIdentityPolicy;
        let everywhere = if identity && grant.resources.iter().any(|r| is_any_resource(&r.value)) {
            " on every resource"
        } else {
            ""
        };
        let named_resources = identity
            && everywhere.is_empty()
            && !grant.resources.is_empty()
            && grant.not_resources.is_empty();
        for action in &grant.actions {
            let (message, severity) = match parse(&action.value) {
                Some(Action::All) if named_resources => (
                    "this statement allows every AWS action (`*`) on the resources it names, \
                     deletes and permission changes included: list the actions it needs instead"
                        .to_string(),
                    Severity::Warning,
                ),
                Some(Action::All) if grant.source == GrantSource::AwsResourcePolicy => (
                    "this statement allows every action (`*`) on the resource its policy is \
                     attached to, deleting it and rewriting the policy included: list the \
                     actions its principals need instead"
                        .to_string(),
                    Severity::Warning,
                ),
                Some(Action::All) => (
                    format!(
                        "this statement allows every AWS action (`*`){everywhere}, which is \
                         administrator access: list the actions it needs instead"
                    ),
                    Severity::Error,
                ),
                Some(Action::Service { service, name: "*" })
                    if service.eq_ignore_ascii_case("kms") && delegates_to_accounts(grant) =>
                {
                    continue;
                }
                // A service all of whose actions accept only `*` and neither
                // delete nor change permissions (the SSM agent's channels).
                Some(Action::Service { service, name: "*" }) if fine_on_star(service, "*") => {
                    continue;
                }
                Some(Action::Service { service, name: "*" }) => (
                    format!(
                        "this statement allows every `{service}` action (`{service}:*`)\
                         {everywhere}, deletes and permission changes included: list the \
                         `{service}:` actions it needs"
                    ),
                    Severity::Warning,
                ),
                _ => continue,
            };
            cx.report(action.span, message)
                .severity(severity)
                .object(grant.object.clone())
                .place(format!("{}/action/{}", grant.place, action.value));
        }
    }

    fn check_role_binding(&self, binding: &RoleBinding, cx: &mut Context<'_>) {
        if binding.provider != Provider::Aws {
            return;
        }
        let Some((name, wildcards)) = service_wildcards(&binding.role.value) else {
            return;
        };
        let listed = names(wildcards.iter().copied());
        cx.report(
            binding.role.span,
            format!(
                "attaches the AWS managed policy `{name}`, which allows {listed} on every \
                 resource, deletes and permission changes included: attach a policy that \
                 lists the actions it needs, on its own resources"
            ),
        )
        .severity(Severity::Warning)
        .object(binding.object.clone())
        .place(format!("{}/managed/{name}", binding.place));
    }
}

/// A resource policy whose principals are all whole accounts
/// (`arn:aws:iam::123456789012:root`, or the bare account id): the
/// accounts' own IAM policies decide who gets what.
fn delegates_to_accounts(grant: &Grant) -> bool {
    grant.source == GrantSource::AwsResourcePolicy
        && !grant.principals.is_empty()
        && grant.principals.iter().all(|p| {
            let Some(id) = p.value.trim().strip_prefix("AWS:") else {
                return false;
            };
            let account = id
                .strip_prefix("arn:")
                .and_then(|rest| rest.split_once(":iam::"))
                .and_then(|(_, rest)| rest.strip_suffix(":root"))
                .unwrap_or(id);
            !account.is_empty()
                && (account.bytes().all(|b| b.is_ascii_digit())
                    || (account.starts_with("${") && account.ends_with('}')))
        })
}
