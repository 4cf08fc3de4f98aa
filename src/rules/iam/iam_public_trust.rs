//! `iam-public-trust`: an AWS trust or resource policy statement that allows
//! `Principal: "*"` (or `{"AWS": "*"}`) without any `Condition`. For a
//! trust policy that lets any AWS account in the world assume the role; for
//! a resource policy (bucket, queue, key, topic) it opens the resource to
//! anyone. A condition (`aws:PrincipalOrgID`, `aws:SourceVpce`,
//! `sts:ExternalId` ...) is how such a statement is made safe, so its
//! presence silences the rule.

use super::aws_actions::is_aws_allow;
use crate::model::{Grant, GrantSource};
use crate::rules::{Context, Rule};

pub struct IamPublicTrust;

pub static IAM_PUBLIC_TRUST: IamPublicTrust = IamPublicTrust;

impl Rule for IamPublicTrust {
    fn id(&self) -> &'static str {
        "iam-public-trust"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !is_aws_allow(grant) || grant.has_condition {
            return;
        }
        let Some(public) = grant
            .principals
            .iter()
            .find(|p| matches!(p.value.trim(), "*" | "AWS:*"))
        else {
            return;
        };
        let message = match grant.source {
            GrantSource::AwsTrustPolicy => {
                "this trust policy lets any AWS account assume the role (principal `*`, no \
                 `Condition`): name the trusted accounts or roles, or add a condition such as \
                 `aws:PrincipalOrgID` or `sts:ExternalId`"
            }
            GrantSource::AwsResourcePolicy => {
                "this resource policy allows anyone (principal `*`, no `Condition`): name the \
                 principals, or add a condition such as `aws:PrincipalOrgID` or `aws:SourceVpce`"
            }
            _ => return,
        };
        cx.report(public.span, message)
            .object(grant.object.clone())
            .place(format!("{}/principal", grant.place));
    }
}
