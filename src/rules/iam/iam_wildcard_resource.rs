//! `iam-wildcard-resource`: an AWS policy statement that allows write or
//! permissions-management actions on every resource (`Resource: "*"`).
//! Read access to everything is a smaller risk; being able to change or
//! re-permission every bucket, queue or key is not. Actions are classified
//! by the table in `aws_access_levels.txt`; actions that accept no resource
//! but `*` (`cloudwatch:PutMetricData`) are not reported, nor the log
//! writing AWS's own AWSLambdaBasicExecutionRole grants on `*` (it can only
//! append log events), and whole-service
//! or global wildcards are left to `iam-wildcard-action`. A statement with a
//! `Condition` is not reported: conditions on tags or source are how
//! attribute-based policies scope `*`; but conditions that say only how or
//! when the call is made (TLS, MFA, time, source network, region) scope
//! nothing, and a statement whose conditions are all of that kind is. Resource policies (a bucket's, a
//! key's) are not judged: there `*` is the resource they are attached to.

use super::aws_actions::{
    Access, Action, access, fine_on_star, glob, is_any_resource, is_identity_allow, parse,
};
use crate::model::Grant;
use crate::rules::{Context, Rule};

pub struct IamWildcardResource;

pub static IAM_WILDCARD_RESOURCE: IamWildcardResource = IamWildcardResource;

/// Condition keys that do not narrow which resources a statement reaches
/// (IAM's `*` wildcards, ASCII case ignored).
const RESOURCE_BLIND_KEYS: &[&str] = &[
    "aws:SecureTransport",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:TokenIssueTime",
    "aws:SourceIp",
    "aws:SourceVpc",
    "aws:SourceVpce",
    "aws:VpcSourceIp",
    "aws:RequestedRegion",
    "aws:UserAgent",
    "aws:PrincipalTag/*",
    "aws:PrincipalOrgID",
    "aws:PrincipalAccount",
    "aws:ViaAWSService",
];

/// Whether a condition may scope the statement's `*`: any condition that
/// could not be read, or one on a key that is about the resource or request.
fn scoped_by_condition(grant: &Grant) -> bool {
    grant.has_condition
        && (grant.conditions.is_empty()
            || grant.conditions.iter().any(|c| {
                let key = c.key.value.trim();
                !RESOURCE_BLIND_KEYS.iter().any(|blind| glob(blind, key))
            }))
}

/// How many actions a message names before it says "and N more".
const SHOWN: usize = 3;

impl Rule for IamWildcardResource {
    fn id(&self) -> &'static str {
        "iam-wildcard-resource"
    }

    /// A statement with a privilege-escalation path on `*` is reported
    /// there, with the same remedy (scope `Resource`) and a graver reason.
    fn subsumed_by(&self) -> &'static [&'static str] {
        &["iam-privilege-escalation"]
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !is_identity_allow(grant) || scoped_by_condition(grant) {
            return;
        }
        let Some(star) = grant.resources.iter().find(|r| is_any_resource(&r.value)) else {
            return;
        };
        let mut risky: Vec<(&str, Access)> = Vec::new();
        for action in &grant.actions {
            let Some(Action::Service { service, name }) = parse(&action.value) else {
                continue;
            };
            if name == "*" || fine_on_star(service, name) {
                continue;
            }
            let level = access(service, name);
            if level >= Access::Write {
                risky.push((action.value.trim(), level));
            }
        }
        if risky.is_empty() {
            return;
        }
        let mut named: Vec<String> = risky
            .iter()
            .take(SHOWN)
            .map(|(action, _)| format!("`{action}`"))
            .collect();
        if risky.len() > SHOWN {
            named.push(format!("and {} more", risky.len() - SHOWN));
        }
        let has = |level| risky.iter().any(|(_, l)| *l == level);
        let kind = match (has(Access::Write), has(Access::Permissions)) {
            (true, true) => "write and permissions-management",
            (false, true) => "permissions-management",
            _ => "write",
        };
        cx.report(
            star.span,
            format!(
                "this statement allows {kind} actions on every resource (`*`): {}; scope \
                 `Resource` to the ARNs these actions need",
                named.join(", ")
            ),
        )
        .object(grant.object.clone())
        .place(format!("{}/resource/*", grant.place));
    }
}
