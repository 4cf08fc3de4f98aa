//! Every string an attribute is set to, for the secrets rules: attributes of
//! resources, data sources, modules, locals, outputs and the `terraform`
//! block (backends take credentials too), provider arguments, and variable
//! defaults. Object keys inside a value (`environment { variables = {
//! DB_PASSWORD = "..." } }`) name the strings they hold, and so does a
//! sibling `name` (`env { name = "DB_PASSWORD" value = "..." }`). A JSON
//! document written in a string (an ECS `container_definitions` heredoc, a
//! Vault `data_json`) is read as the object it encodes, as `jsonencode` is.

use super::tree::{Body, Kind, Value};
use super::{Address, address, variable_default};
use crate::formats::embedded::json_in_string;
use crate::model::{FileModel, Setting, SettingContext};
use crate::source::Spanned;

/// Functions whose arguments become the value (encoded or wrapped, or a
/// fallback: `coalesce(var.x, "...")`, `try(...)`; `templatefile`'s map
/// names the values it renders into the template). Others
/// (`lookup(m, "password")`, `format(...)`) take keys and patterns, which
/// are not the value the attribute is set to.
const PASS_THROUGH: &[&str] = &[
    "coalesce",
    "try",
    "templatefile",
    "sensitive",
    "nonsensitive",
    "base64encode",
    "base64decode",
    "jsonencode",
    "yamlencode",
    "trimspace",
    "tostring",
    "tomap",
    "tolist",
    "toset",
    "merge",
    "concat",
    "flatten",
];

pub fn lower(body: &Body, text: &str, model: &mut FileModel) {
    let mut cx = Lowering { text, model };
    for block in &body.blocks {
        let at = address(block);
        match block.kind.value.as_str() {
            "variable" => {
                if let Some((name, default)) = variable_default(block) {
                    cx.value(
                        &at,
                        SettingContext::TerraformVariableDefault,
                        name,
                        default,
                        false,
                    );
                }
            }
            "provider" => cx.attributes(&at, SettingContext::TerraformProvider, &block.body),
            // An output's value is named by the output.
            "output" => {
                if let (Some(name), Some(value)) = (block.labels.first(), block.body.attr("value"))
                {
                    cx.value(
                        &at,
                        SettingContext::TerraformAttribute,
                        name,
                        &value.value,
                        false,
                    );
                }
            }
            _ => cx.attributes(&at, SettingContext::TerraformAttribute, &block.body),
        }
    }
}

/// Every string a variables file gives a module's variables, each named by
/// its variable (or by its key inside an object value). A string given to a
/// variable that `secret` says the module declares secret is one, whatever
/// its name; inside an object, the keys still tell.
pub fn lower_variable_values(
    body: &Body,
    file_name: &str,
    secret: impl Fn(&str) -> bool,
    text: &str,
    model: &mut FileModel,
) {
    let at = Address {
        object: file_name.to_owned(),
        place: file_name.to_owned(),
    };
    let mut cx = Lowering { text, model };
    for attribute in &body.attributes {
        let context = match attribute.value.kind {
            Kind::Str(_) if secret(&attribute.key.value) => {
                SettingContext::TerraformSensitiveVariableValue
            }
            _ => SettingContext::TerraformVariableValue,
        };
        cx.value(&at, context, &attribute.key, &attribute.value, false);
    }
}

struct Lowering<'a> {
    /// The file's text, where strings holding JSON are read raw.
    text: &'a str,
    model: &'a mut FileModel,
}

impl Lowering<'_> {
    fn attributes(&mut self, at: &Address, context: SettingContext, body: &Body) {
        let named = body.attr("name").and_then(|n| named_key(&n.value));
        for attr in &body.attributes {
            let key = match &named {
                Some(name) if attr.key.value == "value" => name,
                _ => &attr.key,
            };
            self.value(at, context, key, &attr.value, false);
        }
        for block in &body.blocks {
            self.attributes(at, context, &block.body);
        }
    }

    /// Lowers one value under `key`; `in_list` when it is an item of a list.
    fn value(
        &mut self,
        at: &Address,
        context: SettingContext,
        key: &Spanned<String>,
        value_of: &Value,
        in_list: bool,
    ) {
        match &value_of.kind {
            Kind::Str(s) => match json_in_string(self.text, s, "") {
                Some(document) if matches!(document.kind, Kind::Object(_) | Kind::Array(_)) => {
                    self.value(at, context, key, &document, in_list);
                }
                _ => self.model.settings.push(Setting {
                    context,
                    object: at.object.clone(),
                    key: key.clone(),
                    value: Spanned::new(s.text.clone(), s.content),
                    literal: s.literal,
                    in_list,
                }),
            },
            Kind::Array(items) => {
                for item in items {
                    self.value(at, context, key, item, true);
                }
            }
            Kind::Either(items) => {
                for item in items {
                    self.value(at, context, key, item, in_list);
                }
            }
            Kind::Call { name, args } if PASS_THROUGH.contains(&name.as_str()) => {
                for arg in args {
                    self.value(at, context, key, arg, in_list);
                }
            }
            Kind::Object(entries) => {
                let named = value_of.get("name").and_then(named_key);
                for (inner_key, inner) in entries {
                    let inner_key = match &named {
                        Some(name) if inner_key.value == "value" => name,
                        _ => inner_key,
                    };
                    self.value(at, context, inner_key, inner, false);
                }
            }
            Kind::Call { .. } | Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::Expr => {}
        }
    }
}

/// In `env { name = "DB_PASSWORD" value = "..." }` (and ECS's
/// `{ name = ..., value = ... }`), the name is what the value is called.
fn named_key(name: &Value) -> Option<Spanned<String>> {
    name.literal_str()
        .map(|n| Spanned::new(n.to_owned(), name.span))
}
