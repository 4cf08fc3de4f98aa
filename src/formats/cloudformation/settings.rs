//! Every string a template sets, for the secrets rules: resource
//! properties at any depth (a Lambda function's `Environment.Variables`,
//! an ECS container's `Environment`, a database's `MasterUserPassword`),
//! SAM's `Globals`, and parameters' literal defaults. An object key names
//! the strings under it, and so does a sibling `Name` (ECS's `{Name:
//! DB_PASSWORD, Value: ...}`) or `Key` (`Tags`, SSM `Parameters`).

use super::resources;
use crate::formats::value::{Kind, Value};
use crate::model::{FileModel, Setting, SettingContext};
use crate::source::Spanned;

/// Properties whose strings are not settings: a Lambda function's inline
/// source code (`Code.ZipFile`, SAM's `InlineCode`), where `token =
/// event['token']` is code, and an API's OpenAPI definition (`Body`,
/// `DefinitionBody`), where `credentials` is a role ARN and `security`
/// lists scopes. Known token formats in them are still found by the scan
/// of the whole file (`secret-token`). Cognito's `TokenValidityUnits`
/// holds units (`AccessToken: hours`); a Lambda permission's
/// `EventSourceToken` is an Alexa skill's id.
const NOT_SETTINGS: &[&str] = &[
    "ZipFile",
    "InlineCode",
    "Body",
    "DefinitionBody",
    "TokenValidityUnits",
    "EventSourceToken",
];

pub fn lower(root: &Value, model: &mut FileModel) {
    for (name, parameter) in root.get("Parameters").map_or(&[][..], Value::entries) {
        let Some(default) = parameter.get("Default") else {
            continue;
        };
        // An SSM-typed parameter's default names a Parameter Store entry
        // (`/app/db/password`, `dbPassword`) that CloudFormation reads when
        // deploying: a reference, never the value.
        let ssm = parameter
            .get("Type")
            .and_then(Value::literal_str)
            .is_some_and(|kind| kind.starts_with("AWS::SSM::Parameter::"));
        if ssm {
            continue;
        }
        // Templates hide user names too (`MasterUsername`): those are
        // judged by their name, as any parameter is.
        let no_echo = parameter
            .get("NoEcho")
            .is_some_and(|v| matches!(v.kind, Kind::Bool(true)) || v.literal_str() == Some("true"))
            && !names_a_user(&name.value);
        let context = if no_echo {
            SettingContext::CloudFormationNoEchoDefault
        } else {
            SettingContext::CloudFormationParameterDefault
        };
        let object = format!("Parameters/{}", name.value);
        value(&object, context, name, default, false, model);
    }
    for resource in resources(root) {
        if let Some(properties) = resource.properties {
            value(
                &resource.object,
                SettingContext::CloudFormationProperty,
                resource.id,
                properties,
                false,
                model,
            );
        }
    }
    for (section, globals) in root.get("Globals").map_or(&[][..], Value::entries) {
        let object = format!("Globals/{}", section.value);
        value(
            &object,
            SettingContext::CloudFormationProperty,
            section,
            globals,
            false,
            model,
        );
    }
}

/// Lowers one value under `key`; `in_list` when it is an item of a list.
fn value(
    object: &str,
    context: SettingContext,
    key: &Spanned<String>,
    value_of: &Value,
    in_list: bool,
    model: &mut FileModel,
) {
    match &value_of.kind {
        Kind::Str(s) => model.settings.push(Setting {
            context,
            object: object.to_string(),
            key: key.clone(),
            value: Spanned::new(s.text.clone(), s.content),
            literal: s.literal,
            in_list,
        }),
        Kind::Array(items) => {
            for item in items {
                value(object, context, key, item, true, model);
            }
        }
        Kind::Either(items) => {
            for item in items {
                value(object, context, key, item, in_list, model);
            }
        }
        Kind::Object(entries) => {
            let named = ["Name", "Key"]
                .iter()
                .find_map(|k| value_of.get(k))
                .and_then(|n| n.literal_str().map(|s| Spanned::new(s.to_string(), n.span)));
            for (inner_key, inner) in entries {
                if NOT_SETTINGS.contains(&inner_key.value.as_str()) {
                    continue;
                }
                let inner_key = match &named {
                    Some(name) if inner_key.value == "Value" => name,
                    _ => inner_key,
                };
                value(object, context, inner_key, inner, false, model);
            }
        }
        // A function's arguments are not the value it computes (`Fn::Select`
        // picks one of them; `Fn::Base64` encodes its argument, which is).
        Kind::Call { name, args } if name == "Fn::Base64" => {
            for arg in args {
                value(object, context, key, arg, in_list, model);
            }
        }
        Kind::Call { .. } | Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::Expr => {}
    }
}

/// `MasterUsername`, `DBUser`, `AdminLogin`: a parameter that names an
/// account rather than a credential.
fn names_a_user(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("username") || lower.ends_with("user") || lower.ends_with("login")
}
