//! `iam-wildcard-action`: an AWS policy statement that allows every action
//! (`Action: "*"`, administrator access: error) or every action of one
//! service (`s3:*`, which includes deleting data and rewriting its access
//! policies: warning). Least privilege starts with naming the actions.

use super::aws_actions::{Action, is_any_resource, is_aws_allow, parse};
use crate::finding::Severity;
use crate::model::Grant;
use crate::rules::{Context, Rule};

pub struct IamWildcardAction;

pub static IAM_WILDCARD_ACTION: IamWildcardAction = IamWildcardAction;

impl Rule for IamWildcardAction {
    fn id(&self) -> &'static str {
        "iam-wildcard-action"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !is_aws_allow(grant) {
            return;
        }
        let everywhere = if grant.resources.iter().any(|r| is_any_resource(&r.value)) {
            " on every resource"
        } else {
            ""
        };
        for action in &grant.actions {
            let (message, severity) = match parse(&action.value) {
                Some(Action::All) => (
                    format!(
                        "this statement allows every AWS action (`*`){everywhere}, which is \
                         administrator access: list the actions it needs instead"
                    ),
                    Severity::Error,
                ),
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
}
