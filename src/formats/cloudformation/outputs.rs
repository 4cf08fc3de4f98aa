//! The places a template publishes secrets in clear: its `Outputs`, which
//! CloudFormation shows to whoever may describe the stack (console,
//! `describe-stacks`, the stack's events), redacting nothing, and an
//! exported one to every stack that imports it; and the plain `Environment`
//! of ECS container definitions, which ECS shows to whoever may describe the
//! task definition. An output or variable that holds an IAM access key's
//! secret, an app client's secret or a `NoEcho` parameter undoes the
//! secrecy the resource or parameter had. In an environment, so does a
//! dynamic reference to a stored secret (`{{resolve:secretsmanager:...}}`),
//! and another parameter may be a secret by its name
//! ([`Secrecy::Named`]).
//!
//! A value is read after the template's intrinsics are (`template.rs`):
//! `!GetAtt Key.SecretAccessKey` is the interpolation
//! `${Key.SecretAccessKey}`, in a `Fn::Sub` or `Fn::Join` too, and a `Ref`
//! to a parameter with a default is that default, recorded as a
//! [`Resolution`](crate::model::Resolution).

use std::collections::HashMap;

use super::{references, typed_resources};
use crate::formats::value::{Kind, Value};
use crate::model::{FileModel, Publication, PublishedSecret, Secrecy};

/// Resource attributes that are secrets: the resource type, the attribute,
/// and what the secret is.
const SECRET_ATTRIBUTES: &[(&str, &str, &str)] = &[
    (
        "AWS::IAM::AccessKey",
        "SecretAccessKey",
        "the secret access key of",
    ),
    (
        "AWS::Cognito::UserPoolClient",
        "ClientSecret",
        "the client secret of",
    ),
];

pub fn lower(root: &Value, model: &mut FileModel) {
    let outputs = root.get("Outputs").map_or(&[][..], Value::entries);
    let environments = container_environments(root);
    if outputs.is_empty() && environments.is_empty() {
        return;
    }
    // The resources that have a secret attribute, and the parameters that
    // are secret: in most templates, none.
    let types: HashMap<&str, (&str, String)> = typed_resources(root)
        .filter(|(_, kind, _)| SECRET_ATTRIBUTES.iter().any(|(k, _, _)| k == kind))
        .map(|(id, kind, _)| (id.value.as_str(), (kind, [kind, "/", &id.value].concat())))
        .collect();
    let parameters = root.get("Parameters").map_or(&[][..], Value::entries);
    let (no_echo, plain): (Vec<_>, Vec<_>) = parameters
        .iter()
        .partition(|(_, parameter)| parameter.get("NoEcho").is_some_and(is_true));
    let no_echo: Vec<&str> = no_echo
        .iter()
        .map(|(name, _)| name.value.as_str())
        .collect();
    let plain: Vec<&str> = plain.iter().map(|(name, _)| name.value.as_str()).collect();
    // The parameters of `names` that a value reads: a reference left as
    // written, or one replaced by the parameter's default.
    let parameters_in = |value: &Value, names: &[&str], model: &FileModel| {
        let resolved = model
            .resolutions
            .iter()
            .filter(|r| value.span.contains(r.span))
            .map(|r| r.key.clone());
        let mut read: Vec<String> = Vec::new();
        for name in references(value).into_iter().chain(resolved) {
            if names.contains(&name.as_str()) && !read.contains(&name) {
                read.push(name);
            }
        }
        read
    };
    let secrets_in = |value: &Value, model: &FileModel| {
        let mut secrets = Vec::new();
        for reference in references(value) {
            if let Some((id, attribute)) = reference.split_once('.') {
                secrets.extend(types.get(id).and_then(|(kind, object)| {
                    SECRET_ATTRIBUTES
                        .iter()
                        .find(|(k, a, _)| k == kind && *a == attribute)
                        .map(|(_, _, what)| format!("{what} `{object}`"))
                }));
            }
        }
        secrets.extend(
            parameters_in(value, &no_echo, model)
                .iter()
                .map(|name| format!("the value of `NoEcho` parameter `{name}`")),
        );
        secrets.dedup();
        secrets
    };
    let outputs = outputs.iter().filter_map(|(name, output)| {
        let place = Publication::Output {
            exported: output.get("Export").is_some(),
        };
        Some((
            ["Outputs/", &name.value].concat(),
            place,
            output.get("Value")?,
        ))
    });
    let mut published = Vec::new();
    for (object, place, value) in outputs.chain(environments) {
        let mut secrets: Vec<(String, Secrecy)> = secrets_in(value, model)
            .into_iter()
            .map(|secret| (secret, Secrecy::Referred))
            .collect();
        if matches!(place, Publication::ContainerEnvironment { .. }) {
            secrets.extend(
                stored_secrets(value)
                    .into_iter()
                    .map(|secret| (secret, Secrecy::Referred)),
            );
            let inputs = parameters_in(value, &plain, model);
            if secrets.is_empty() && !inputs.is_empty() {
                let secret = format!(
                    "the value of parameter `{}`, a secret by its name",
                    inputs.join("`, `")
                );
                secrets.push((secret, Secrecy::Named { inputs }));
            }
        }
        for (secret, secrecy) in secrets {
            published.push(PublishedSecret {
                object: object.clone(),
                span: value.span,
                secret,
                place: place.clone(),
                secrecy,
            });
        }
    }
    model.published_secrets = published;
}

/// The stores whose secrets a dynamic reference reads, how a finding names
/// each, and what CloudFormation does with it in a task definition: it
/// writes a `secretsmanager` secret's value there, where `Secrets` would
/// have ECS read it at launch; it refuses `ssm-secure` outside the few
/// properties documented to take it, and the stack fails to deploy (a plain
/// environment variable is still the wrong place for the parameter).
const SECRET_STORES: &[(&str, &str, &str)] = &[
    (
        "{{resolve:secretsmanager:",
        "the Secrets Manager secret",
        ", which CloudFormation resolves into the task definition",
    ),
    (
        "{{resolve:ssm-secure:",
        "the SecureString parameter",
        " (CloudFormation refuses `ssm-secure` in a task definition)",
    ),
];

/// What each secret a value's dynamic references read is, with the
/// reference as written (`{{resolve:secretsmanager:prod/db:SecretString:password}}`).
fn stored_secrets(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    value.each_str(&mut |_, s| {
        let text = s.text.as_str();
        for (head, what, fate) in SECRET_STORES {
            for (at, _) in text.match_indices(head) {
                let end = text[at..].find("}}").map_or(text.len(), |end| at + end + 2);
                out.push(format!("{what} `{}`{fate}", &text[at..end]));
            }
        }
    });
    out
}

/// The `Value` of each plain environment variable of each ECS container
/// definition, with the task definition and the place that publishes it.
fn container_environments(root: &Value) -> Vec<(String, Publication, &Value)> {
    let mut out = Vec::new();
    let task_definitions = typed_resources(root)
        .filter(|(_, kind, _)| *kind == "AWS::ECS::TaskDefinition")
        .filter_map(|(id, kind, properties)| Some(([kind, "/", &id.value].concat(), properties?)));
    for (object, properties) in task_definitions {
        let containers = properties
            .get("ContainerDefinitions")
            .map_or(&[][..], Value::items);
        for container in containers {
            let name = container
                .get("Name")
                .and_then(Value::literal_str)
                .unwrap_or("");
            let variables = container.get("Environment").map_or(&[][..], Value::items);
            for variable in variables {
                let (Some(key), Some(value)) = (
                    variable.get("Name").and_then(Value::literal_str),
                    variable.get("Value"),
                ) else {
                    continue;
                };
                let place = Publication::ContainerEnvironment {
                    container: name.to_string(),
                    variable: key.to_string(),
                    secrets: "Secrets",
                };
                out.push((object.clone(), place, value));
            }
        }
    }
    out
}

fn is_true(value: &Value) -> bool {
    matches!(value.kind, Kind::Bool(true))
        || value
            .literal_str()
            .is_some_and(|s| s.eq_ignore_ascii_case("true"))
}

#[cfg(test)]
mod tests {
    use crate::facts::Facts;
    use crate::formats;
    use crate::source::{Format, SourceFile};

    use crate::model::{Publication, PublishedSecret, Secrecy};

    fn all_published(text: &str) -> Vec<PublishedSecret> {
        let file = SourceFile::new("stack.template.yaml", Format::CloudFormation, text);
        formats::load(&file, &Facts::default())
            .map(|m| m.published_secrets)
            .unwrap_or_default()
    }

    /// What is published that is a secret whatever its name.
    fn published(text: &str) -> Vec<(String, String, Publication)> {
        all_published(text)
            .into_iter()
            .filter(|p| p.secrecy == Secrecy::Referred)
            .map(|p| (p.object, p.secret, p.place))
            .collect()
    }

    const KEY: &str = "Resources:\n  User:\n    Type: AWS::IAM::User\n  Key:\n    \
                       Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref User\n";

    #[test]
    fn secret_attributes_are_found_in_every_spelling() {
        for value in [
            "!GetAtt Key.SecretAccessKey",
            "!GetAtt [Key, SecretAccessKey]",
            "{'Fn::GetAtt': [Key, SecretAccessKey]}",
            "!Sub '${Key}:${Key.SecretAccessKey}'",
            "!Join [':', [!Ref Key, !GetAtt Key.SecretAccessKey]]",
        ] {
            let text = format!("{KEY}Outputs:\n  Secret:\n    Value: {value}\n");
            assert_eq!(
                published(&text),
                [(
                    "Outputs/Secret".to_string(),
                    "the secret access key of `AWS::IAM::AccessKey/Key`".to_string(),
                    Publication::Output { exported: false }
                )],
                "{value}"
            );
        }
    }

    #[test]
    fn ids_arns_and_other_attributes_are_not_secrets() {
        let text = format!(
            "{KEY}  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      \
             SecretString: !Sub '${{Key.SecretAccessKey}}'\nOutputs:\n  Id:\n    Value: !Ref Key\n  \
             Arn:\n    Value: !Ref Secret\n  User:\n    Value: !GetAtt User.Arn\n  Escaped:\n    \
             Value: !Sub '${{!Key.SecretAccessKey}}'\n"
        );
        assert!(published(&text).is_empty());
    }

    #[test]
    fn no_echo_parameters_are_secrets_with_or_without_a_default() {
        let text = "Parameters:\n  Password:\n    Type: String\n    NoEcho: true\n  \
                    Token:\n    Type: String\n    NoEcho: 'true'\n    Default: abc\n  \
                    Name:\n    Type: String\n    Default: app\n\
                    Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n\
                    Outputs:\n  Password:\n    Value: !Ref Password\n    Export:\n      \
                    Name: pw\n  Url:\n    Value: !Sub 'https://${Name}:${Token}@host'\n  \
                    Name:\n    Value: !Ref Name\n";
        assert_eq!(
            published(text),
            [
                (
                    "Outputs/Password".to_string(),
                    "the value of `NoEcho` parameter `Password`".to_string(),
                    Publication::Output { exported: true }
                ),
                (
                    "Outputs/Url".to_string(),
                    "the value of `NoEcho` parameter `Token`".to_string(),
                    Publication::Output { exported: false }
                ),
            ]
        );
    }

    #[test]
    fn container_environments_publish_what_they_reference() {
        let text = "Parameters:\n  Password:\n    Type: String\n    NoEcho: true\n  \
                    Stage:\n    Type: String\nResources:\n  Task:\n    \
                    Type: AWS::ECS::TaskDefinition\n    Properties:\n      \
                    ContainerDefinitions:\n        - Name: api\n          Image: api:1\n          \
                    Environment:\n            - Name: STAGE\n              Value: !Ref Stage\n            \
                    - Name: DB_URL\n              Value: !Sub 'postgres://app:${Password}@db'\n";
        assert_eq!(
            published(text),
            [(
                "AWS::ECS::TaskDefinition/Task".to_string(),
                "the value of `NoEcho` parameter `Password`".to_string(),
                Publication::ContainerEnvironment {
                    container: "api".to_string(),
                    variable: "DB_URL".to_string(),
                    secrets: "Secrets",
                }
            )]
        );
    }

    #[test]
    fn environments_publish_stored_secrets_and_leave_other_parameters_to_their_names() {
        let text = "Parameters:\n  ApiToken:\n    Type: String\n  Stage:\n    Type: String\n    \
                    Default: prod\nResources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    \
                    Properties:\n      ContainerDefinitions:\n        - Name: api\n          \
                    Environment:\n            - Name: DB_URL\n              \
                    Value: !Sub 'postgres://app:{{resolve:secretsmanager:db:SecretString:pw}}@${Stage}'\n            \
                    - Name: PLAIN\n              Value: '{{resolve:ssm:/app/plain}}'\n            \
                    - Name: TOKEN\n              Value: !Ref ApiToken\n            \
                    - Name: STAGE\n              Value: !Ref Stage\n";
        let found: Vec<(String, Secrecy)> = all_published(text)
            .into_iter()
            .map(|p| (p.secret, p.secrecy))
            .collect();
        let named = |input: &str| Secrecy::Named {
            inputs: vec![input.to_string()],
        };
        assert_eq!(
            found,
            [
                (
                    "the Secrets Manager secret `{{resolve:secretsmanager:db:SecretString:pw}}`, \
                     which CloudFormation resolves into the task definition"
                        .to_string(),
                    Secrecy::Referred
                ),
                (
                    "the value of parameter `ApiToken`, a secret by its name".to_string(),
                    named("ApiToken")
                ),
                (
                    "the value of parameter `Stage`, a secret by its name".to_string(),
                    named("Stage")
                ),
            ]
        );
    }
}
