//! `secret-in-output`: a CloudFormation stack output that holds a secret
//! the stack makes or is given: an IAM access key's secret access key, a
//! Cognito app client's secret, a `NoEcho` parameter. CloudFormation
//! redacts nothing in outputs: anyone allowed `cloudformation:
//! DescribeStacks` reads the secret in clear, in the console or the CLI,
//! for as long as the stack lives, and an export hands it to every stack
//! of the account and region that imports it. What the template writes is
//! a reference, so no scan of its text finds the secret.

use crate::rules::{Context, Rule};

pub struct SecretInOutput;

pub static SECRET_IN_OUTPUT: SecretInOutput = SecretInOutput;

impl Rule for SecretInOutput {
    fn id(&self) -> &'static str {
        "secret-in-output"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        for published in &cx.model.published_secrets {
            let readers = if published.exported {
                "anyone who may describe the stack, and every stack that imports the export, \
                 reads it in clear"
            } else {
                "anyone who may describe the stack reads it in clear"
            };
            cx.report(
                published.span,
                format!(
                    "output `{}` publishes {}: CloudFormation does not hide outputs, {readers}; \
                     leave it out of the outputs (a secret the stack makes belongs in an \
                     `AWS::SecretsManager::Secret`, whose ARN may be output)",
                    published.object.trim_start_matches("Outputs/"),
                    published.secret,
                ),
            )
            .object(published.object.clone())
            .place([&published.object, "/Value"].concat());
        }
    }
}
