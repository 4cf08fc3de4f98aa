//! `iam-allow-not-action`: an AWS policy statement that allows with
//! `NotAction` or `NotResource`. Allowing "everything except" grants every
//! action (or resource) the list forgets, including those AWS adds later;
//! an allow list says what is meant.

use super::aws_actions::is_aws_allow;
use crate::model::Grant;
use crate::rules::{Context, Rule};

pub struct IamAllowNotAction;

pub static IAM_ALLOW_NOT_ACTION: IamAllowNotAction = IamAllowNotAction;

impl Rule for IamAllowNotAction {
    fn id(&self) -> &'static str {
        "iam-allow-not-action"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !is_aws_allow(grant) {
            return;
        }
        let lists = [
            (&grant.not_actions, "NotAction", "action", "Action"),
            (&grant.not_resources, "NotResource", "resource", "Resource"),
        ];
        for (list, key, what, instead) in lists {
            let Some(first) = list.first() else {
                continue;
            };
            cx.report(
                first.span,
                format!(
                    "this statement allows every {what} except those in `{key}`, including \
                     any added later: list the allowed {what}s in `{instead}` instead"
                ),
            )
            .object(grant.object.clone())
            .place(format!("{}/{key}", grant.place));
        }
    }
}
