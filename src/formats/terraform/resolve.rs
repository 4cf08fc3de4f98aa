//! References to a module's own values, resolved to what the module
//! declares: `var.x` to a variable's default and `local.x` to a local, when
//! that is a string, number or boolean literal; written bare or as a lone
//! interpolation (`"${var.x}"`, the only way `.tf.json` has). The value takes
//! the reference's span, so that a finding about it points where it is used,
//! and a [`Resolution`] records where it comes from for the message.
//!
//! A module is a directory: this file's declarations come first, then its
//! siblings' (`crate::facts`). A reference neither resolves stays as written,
//! an expression no rule judges, and is recorded as unresolved so that the
//! pipeline can offer the siblings' declarations. `variable` blocks are left
//! alone: their attributes describe the variable, they are not values.

use super::tree::{Body, Kind, Str, StrSyntax, Value};
use super::variable_default;
use crate::facts::{self, Facts};
use crate::model::{DeclaredKind, DeclaredValue, FileModel, Literal, Resolution};
use crate::source::{SourceFile, Span};

/// Replaces the references of `body` that resolve, and records in `model`
/// what the file declares, what it resolved and what it could not.
pub fn resolve(body: &mut Body, file: &SourceFile, facts: &Facts, model: &mut FileModel) {
    let mut resolver = Resolver {
        own: declarations(body),
        file,
        facts,
        model,
    };
    for block in &mut body.blocks {
        if block.kind.value != "variable" {
            resolver.body(&mut block.body);
        }
    }
    for attribute in &mut body.attributes {
        resolver.value(&mut attribute.value);
    }
    resolver.model.declared = resolver.own;
}

/// The literal variable defaults and locals a file declares.
fn declarations(body: &Body) -> Vec<DeclaredValue> {
    let mut out = Vec::new();
    for block in &body.blocks {
        match block.kind.value.as_str() {
            "variable" => {
                let Some((name, default)) = variable_default(block) else {
                    continue;
                };
                if let Some(value) = literal(default) {
                    out.push(DeclaredValue::new(
                        "var",
                        &name.value,
                        value,
                        written_at(default),
                        DeclaredKind::VariableDefault,
                    ));
                }
            }
            "locals" => {
                for attribute in &block.body.attributes {
                    if let Some(value) = literal(&attribute.value) {
                        out.push(DeclaredValue::new(
                            "local",
                            &attribute.key.value,
                            value,
                            written_at(&attribute.value),
                            DeclaredKind::Local,
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A string's characters (inside its quotes), or the value.
fn written_at(value: &Value) -> Span {
    value.as_str().map_or(value.span, |s| s.content)
}

fn literal(value: &Value) -> Option<Literal> {
    match &value.kind {
        Kind::Str(s) if s.literal => Some(Literal::Str(s.text.clone())),
        Kind::Number(n) => Some(Literal::Number(n.clone())),
        Kind::Bool(b) => Some(Literal::Bool(*b)),
        _ => None,
    }
}

struct Resolver<'a> {
    own: Vec<DeclaredValue>,
    file: &'a SourceFile,
    facts: &'a Facts,
    model: &'a mut FileModel,
}

impl Resolver<'_> {
    fn body(&mut self, body: &mut Body) {
        for attribute in &mut body.attributes {
            self.value(&mut attribute.value);
        }
        for block in &mut body.blocks {
            self.body(&mut block.body);
        }
    }

    fn value(&mut self, value: &mut Value) {
        let name = match &mut value.kind {
            Kind::Expr => reference(self.file.slice(value.span)),
            Kind::Str(s) if !s.literal && s.syntax != StrSyntax::Heredoc => s
                .text
                .strip_prefix("${")
                .and_then(|inner| inner.strip_suffix('}'))
                .and_then(|inner| reference(inner.trim())),
            Kind::Array(items) | Kind::Either(items) | Kind::Call { args: items, .. } => {
                for item in items {
                    self.value(item);
                }
                None
            }
            Kind::Object(entries) => {
                for (_, inner) in entries {
                    self.value(inner);
                }
                None
            }
            Kind::Str(_) | Kind::Null | Kind::Bool(_) | Kind::Number(_) => None,
        };
        if let Some(name) = name {
            self.substitute(value, &name);
        }
    }

    /// Puts the declared value in place of the reference, or records that
    /// the reference is unresolved.
    fn substitute(&mut self, value: &mut Value, name: &str) {
        let found = match self.own.iter().find(|d| d.name == name) {
            Some(own) => Some((own, self.file.path.as_str(), Some(own.span))),
            None => self
                .facts
                .declared(&self.file.path, name)
                .map(|shared| (&shared.fact, &*shared.path, None)),
        };
        let Some((declared, path, declared_at)) = found else {
            self.model.unresolved.push(name.to_owned());
            return;
        };
        let text = match &declared.value {
            Literal::Str(text) | Literal::Number(text) => text.clone(),
            Literal::Bool(b) => b.to_string(),
        };
        self.model.resolutions.push(Resolution {
            span: value.span,
            name: name.to_owned(),
            key: declared.key().to_owned(),
            value: text.clone(),
            origin: format!("{} in {}", declared.origin(), facts::file_name(path)),
            overridable: declared.overridable(),
            declared_at,
        });
        value.kind = match &declared.value {
            // The content span is the reference's: no embedded document is
            // read from it (a reference starts with no `{` or `[`).
            Literal::Str(_) => Kind::Str(Str {
                text,
                literal: true,
                content: value.span,
                syntax: StrSyntax::HclQuoted,
            }),
            Literal::Number(_) => Kind::Number(text),
            Literal::Bool(b) => Kind::Bool(*b),
        };
    }
}

/// `var.NAME` or `local.NAME` and nothing more: an attribute or index of it
/// (`var.tags.env`, `var.list[0]`) is not a literal's value.
fn reference(text: &str) -> Option<String> {
    let name = text
        .strip_prefix("var.")
        .or_else(|| text.strip_prefix("local."))?;
    let mut chars = name.chars();
    let first = chars.next()?;
    let identifier = (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    identifier.then(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::terraform::load;
    use crate::source::Format;

    #[test]
    fn references_resolve_to_literal_declarations_at_the_reference() {
        let text = r#"
variable "priv" {
  default = true
}
variable "pw" {
  default = "hunter2hunter2"
}
variable "list" {
  default = ["a"]
}
locals {
  user = 1000
  name = "${var.pw}-x"
}
resource "x" "y" {
  a = var.priv
  b = "${var.pw}"
  c = local.user
  d = var.list
  e = var.priv.x
  f = var.unknown
  g = local.name
}
"#;
        let file = SourceFile::new("m/main.tf", Format::Terraform, text);
        let model = load(
            &file,
            &Facts::default(),
            &crate::formats::Syntax::of(&file.text),
        );
        let resolved: Vec<(&str, &str, &str)> = model
            .resolutions
            .iter()
            .map(|r| (file.slice(r.span), r.value.as_str(), r.origin.as_str()))
            .collect();
        assert_eq!(
            resolved,
            [
                (
                    "var.priv",
                    "true",
                    "the default of variable `priv` in main.tf"
                ),
                (
                    "\"${var.pw}\"",
                    "hunter2hunter2",
                    "the default of variable `pw` in main.tf"
                ),
                ("local.user", "1000", "local `user` in main.tf"),
            ]
        );
        assert_eq!(model.unresolved, ["var.list", "var.unknown", "local.name"]);
        assert!(model.resolutions[0].overridable && !model.resolutions[2].overridable);
        let names: Vec<&str> = model.declared.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["var.priv", "var.pw", "local.user"]);
    }

    #[test]
    fn siblings_declarations_resolve_after_the_files_own() {
        let sibling = SourceFile::new(
            "m/variables.tf.json",
            Format::TerraformJson,
            r#"{"variable": {"user": {"default": 0}, "own": {"default": "theirs"}}}"#,
        );
        let mut exchange = crate::facts::Exchange::of(
            &sibling.path,
            &load(
                &sibling,
                &Facts::default(),
                &crate::formats::Syntax::of(&sibling.text),
            ),
        );
        let facts = Facts::merge([&mut exchange]);
        let text = "variable \"own\" {\n  default = \"mine\"\n}\nresource \"x\" \"y\" {\n  a = var.user\n  b = var.own\n}\n";
        let file = SourceFile::new("m/main.tf", Format::Terraform, text);
        let model = load(&file, &facts, &crate::formats::Syntax::of(&file.text));
        let resolved: Vec<(&str, &str)> = model
            .resolutions
            .iter()
            .map(|r| (r.value.as_str(), r.origin.as_str()))
            .collect();
        assert_eq!(
            resolved,
            [
                ("0", "the default of variable `user` in variables.tf.json"),
                ("mine", "the default of variable `own` in main.tf"),
            ]
        );
        let elsewhere = SourceFile::new("other/main.tf", Format::Terraform, text);
        assert_eq!(
            load(
                &elsewhere,
                &facts,
                &crate::formats::Syntax::of(&elsewhere.text)
            )
            .unresolved,
            ["var.user"]
        );
    }
}
