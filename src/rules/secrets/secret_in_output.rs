//! `secret-in-output`: a CloudFormation template publishes in clear a
//! secret the stack makes or is given (an IAM access key's secret access
//! key, a Cognito app client's secret, a `NoEcho` parameter), in a stack
//! output or in the plain `Environment` of an ECS container definition; or
//! a Terraform module puts a variable it declares `sensitive` in the plain
//! `environment` of an `aws_ecs_task_definition`'s container definitions.
//! CloudFormation redacts nothing in outputs: anyone allowed
//! `cloudformation:DescribeStacks` reads the secret in clear, in the console
//! or the CLI, for as long as the stack lives, and an export hands it to
//! every stack of the account and region that imports it. ECS shows a task
//! definition's environment to anyone allowed `ecs:DescribeTaskDefinition`;
//! only `Secrets` (`ValueFrom` a Secrets Manager secret or SecureString
//! parameter) keeps it out. A Secrets Manager dynamic reference there
//! (`{{resolve:secretsmanager:...}}`) is resolved into the task definition
//! by CloudFormation, in clear. What the template writes is a reference, so no
//! scan of its text finds the secret. A `sensitive` variable whose name
//! says it is a user name or an identifier (`db_username`, `tenant_id`) is
//! not a secret, though Terraform hides it from plans. Any other reference
//! (`var.db_password` declared nowhere in sight,
//! `random_password.jwt.result`, a CloudFormation parameter that is not
//! `NoEcho`) is a secret where the environment variable's name, or the
//! input's, says so (`DB_PASSWORD`, `JWT_SECRET`, `!Ref ApiToken`).

use super::names::{self, Strength};
use crate::model::{Publication, PublishedSecret, Secrecy};
use crate::rules::{Context, Rule};

pub struct SecretInOutput;

pub static SECRET_IN_OUTPUT: SecretInOutput = SecretInOutput;

impl Rule for SecretInOutput {
    fn id(&self) -> &'static str {
        "secret-in-output"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let secret = |published: &&PublishedSecret| match &published.secrecy {
            Secrecy::Referred => true,
            Secrecy::SensitiveInput(input) => names::sensitive_input_is_secret(input),
            Secrecy::Named { inputs } => match &published.place {
                Publication::ContainerEnvironment { variable, .. } => {
                    std::iter::once(variable).chain(inputs).any(|name| {
                        names::secret_name(name)
                            .is_some_and(|name| name.strength == Strength::Strong)
                    })
                }
                Publication::Output { .. } => false,
            },
        };
        for published in cx.model.published_secrets.iter().filter(secret) {
            let (message, place) = match &published.place {
                Publication::Output { exported } => {
                    let readers = if *exported {
                        "anyone who may describe the stack, and every stack that imports the \
                         export, reads it in clear"
                    } else {
                        "anyone who may describe the stack reads it in clear"
                    };
                    (
                        format!(
                            "output `{}` publishes {}: CloudFormation does not hide outputs, \
                             {readers}; leave it out of the outputs (a secret the stack makes \
                             belongs in an `AWS::SecretsManager::Secret`, whose ARN may be \
                             output)",
                            published.object.trim_start_matches("Outputs/"),
                            published.secret,
                        ),
                        [&published.object, "/Value"].concat(),
                    )
                }
                Publication::ContainerEnvironment {
                    container,
                    variable,
                    secrets,
                } => (
                    format!(
                        "environment variable `{variable}` of container `{container}` holds {}: \
                         anyone who may describe the task definition reads it in clear; pass it \
                         in the container's `{secrets}` instead, from a Secrets Manager secret or \
                         an SSM SecureString parameter",
                        published.secret,
                    ),
                    format!(
                        "{}/ContainerDefinitions/{container}/Environment/{variable}",
                        published.object
                    ),
                ),
            };
            cx.report(published.span, message)
                .object(published.object.clone())
                .place(place);
        }
    }
}
