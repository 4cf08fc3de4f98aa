//! The places a template publishes secrets in clear: its `Outputs`, which
//! CloudFormation shows to whoever may describe the stack (console,
//! `describe-stacks`, the stack's events), redacting nothing, and an
//! exported one to every stack that imports it; and the plain `Environment`
//! of ECS container definitions, which ECS shows to whoever may describe the
//! task definition. An output or variable that holds an IAM access key's
//! secret, an app client's secret or a `NoEcho` parameter undoes the
//! secrecy the resource or parameter had.
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
    // are secret: in most templates, none, and no value is read.
    let types: HashMap<&str, (&str, String)> = typed_resources(root)
        .filter(|(_, kind, _)| SECRET_ATTRIBUTES.iter().any(|(k, _, _)| k == kind))
        .map(|(id, kind, _)| (id.value.as_str(), (kind, [kind, "/", &id.value].concat())))
        .collect();
    let no_echo: Vec<&str> = root
        .get("Parameters")
        .map_or(&[][..], Value::entries)
        .iter()
        .filter(|(_, parameter)| parameter.get("NoEcho").is_some_and(is_true))
        .map(|(name, _)| name.value.as_str())
        .collect();
    if types.is_empty() && no_echo.is_empty() {
        return;
    }
    let secrets_in = |value: &Value, model: &FileModel| {
        let mut secrets = Vec::new();
        for reference in references(value) {
            let secret = match reference.split_once('.') {
                Some((id, attribute)) => types.get(id).and_then(|(kind, object)| {
                    SECRET_ATTRIBUTES
                        .iter()
                        .find(|(k, a, _)| k == kind && *a == attribute)
                        .map(|(_, _, what)| format!("{what} `{object}`"))
                }),
                None => no_echo
                    .contains(&reference.as_str())
                    .then(|| no_echo_parameter(&reference)),
            };
            secrets.extend(secret);
        }
        // A `NoEcho` parameter with a default reads as the default.
        secrets.extend(
            model
                .resolutions
                .iter()
                .filter(|r| value.span.contains(r.span) && no_echo.contains(&r.key.as_str()))
                .map(|r| no_echo_parameter(&r.key)),
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
        for secret in secrets_in(value, model) {
            published.push(PublishedSecret {
                object: object.clone(),
                span: value.span,
                secret,
                place: place.clone(),
                secrecy: Secrecy::Referred,
            });
        }
    }
    model.published_secrets = published;
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

fn no_echo_parameter(name: &str) -> String {
    format!("the value of `NoEcho` parameter `{name}`")
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

    use crate::model::Publication;

    fn published(text: &str) -> Vec<(String, String, Publication)> {
        let file = SourceFile::new("stack.template.yaml", Format::CloudFormation, text);
        formats::load(&file, &Facts::default())
            .map(|m| m.published_secrets)
            .unwrap_or_default()
            .into_iter()
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
}
