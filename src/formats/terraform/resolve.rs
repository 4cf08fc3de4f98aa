//! References to a module's own values, resolved to what the module
//! declares: `var.x` to a variable's default and `local.x` to a local, when
//! that is a string, number or boolean literal, or a list of them; written
//! bare or as a lone interpolation (`"${var.x}"`, the only way `.tf.json`
//! has). The value takes the reference's span, so that a finding about it
//! points where it is used, and a [`Resolution`] records where it comes from
//! for the message. A list declared in the same file keeps its items where
//! they are written, where a finding about one of them points.
//!
//! A module is a directory: this file's declarations come first, then its
//! siblings' (`crate::facts`), but a value that a variables file Terraform
//! loads on its own (`terraform.tfvars`) gives a variable comes before any
//! default. A reference neither resolves stays as written,
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
    let (own, own_lists) = declarations(body);
    let mut resolver = Resolver {
        own,
        own_lists,
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

/// The literal variable defaults and locals a file declares, and the lists
/// among them as written, by reference.
fn declarations(body: &Body) -> (Vec<DeclaredValue>, Vec<(String, Value)>) {
    let mut out = Vec::new();
    let mut lists = Vec::new();
    let mut declare = |namespace: &str, key: &str, written: &Value, kind: DeclaredKind| {
        let Some(value) = literal(written) else {
            return;
        };
        let declared = DeclaredValue::new(namespace, key, value, written_at(written), kind);
        if let Literal::List(_) = declared.value {
            lists.push((declared.name.clone(), written.clone()));
        }
        out.push(declared);
    };
    for block in &body.blocks {
        match block.kind.value.as_str() {
            "variable" => {
                if let Some((name, default)) = variable_default(block) {
                    declare("var", &name.value, default, DeclaredKind::VariableDefault);
                }
            }
            "locals" => {
                for attribute in &block.body.attributes {
                    declare(
                        "local",
                        &attribute.key.value,
                        &attribute.value,
                        DeclaredKind::Local,
                    );
                }
            }
            _ => {}
        }
    }
    (out, lists)
}

/// A string's characters (inside its quotes), or the value.
pub(super) fn written_at(value: &Value) -> Span {
    value.as_str().map_or(value.span, |s| s.content)
}

/// A scalar literal, or a list of them. An empty list is the usual default
/// of an optional input, which callers fill: it stays unknown.
pub(super) fn literal(value: &Value) -> Option<Literal> {
    match &value.kind {
        Kind::Array(items) if !items.is_empty() => items
            .iter()
            .map(scalar)
            .collect::<Option<_>>()
            .map(Literal::List),
        _ => scalar(value),
    }
}

fn scalar(value: &Value) -> Option<Literal> {
    match &value.kind {
        Kind::Str(s) if s.literal => Some(Literal::Str(s.text.clone())),
        Kind::Number(n) => Some(Literal::Number(n.clone())),
        Kind::Bool(b) => Some(Literal::Bool(*b)),
        _ => None,
    }
}

struct Resolver<'a> {
    own: Vec<DeclaredValue>,
    /// The lists among `own`, as written.
    own_lists: Vec<(String, Value)>,
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
        let shared = self.facts.declared(&self.file.path, name);
        // A value a variables file applies replaces the default, even one
        // this file declares.
        let found = match (self.own.iter().find(|d| d.name == name), shared) {
            (_, Some(shared)) if shared.fact.applied() => Some((&shared.fact, &*shared.path, None)),
            (Some(own), _) => Some((own, self.file.path.as_str(), Some(own.span))),
            (None, shared) => shared.map(|shared| (&shared.fact, &*shared.path, None)),
        };
        let Some((declared, path, declared_at)) = found else {
            self.model.unresolved.push(name.to_owned());
            return;
        };
        self.model.resolutions.push(Resolution {
            span: value.span,
            name: name.to_owned(),
            key: declared.key().to_owned(),
            value: declared.value.text(),
            origin: format!("{} in {}", declared.origin(), facts::file_name(path)),
            overridable: declared.overridable(),
            declared_at,
        });
        let own_list = declared_at.and_then(|_| self.own_lists.iter().find(|(own, _)| own == name));
        value.kind = match own_list {
            Some((_, written)) => written.kind.clone(),
            None => written_at_reference(&declared.value, value.span),
        };
    }
}

/// A declared value as if written at `span`, the reference's.
fn written_at_reference(value: &Literal, span: Span) -> Kind {
    match value {
        // The content span is the reference's: no embedded document is
        // read from it (a reference starts with no `{` or `[`).
        Literal::Str(text) => Kind::Str(Str {
            text: text.clone(),
            literal: true,
            content: span,
            syntax: StrSyntax::HclQuoted,
        }),
        Literal::Number(text) => Kind::Number(text.clone()),
        Literal::Bool(b) => Kind::Bool(*b),
        Literal::List(items) => Kind::Array(
            items
                .iter()
                .map(|item| Value {
                    span,
                    kind: written_at_reference(item, span),
                })
                .collect(),
        ),
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
variable "none" {
  default = []
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
  h = var.none
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
                ("var.list", "a", "the default of variable `list` in main.tf"),
            ]
        );
        assert_eq!(model.unresolved, ["var.unknown", "local.name", "var.none"]);
        assert!(model.resolutions[0].overridable && !model.resolutions[2].overridable);
        let names: Vec<&str> = model.declared.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["var.priv", "var.pw", "var.list", "local.user"]);
        // The list's item is where it is written in this file, as a finding
        // about it points.
        let mut body = super::super::hcl::parse(text).0.expect("valid HCL");
        resolve(
            &mut body,
            &file,
            &Facts::default(),
            &mut FileModel::default(),
        );
        let d = body
            .blocks
            .last()
            .and_then(|b| b.body.attr("d"))
            .expect("d");
        let items: Vec<&str> = d.value.items().iter().map(|i| file.slice(i.span)).collect();
        assert_eq!(
            (file.slice(d.value.span), items),
            ("var.list", vec!["\"a\""])
        );
    }

    #[test]
    fn siblings_declarations_resolve_after_the_files_own() {
        let sibling = SourceFile::new(
            "m/variables.tf.json",
            Format::TerraformJson,
            r#"{"variable": {"user": {"default": 0}, "own": {"default": "theirs"}, "roles": {"default": ["roles/owner", true]}}}"#,
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
        let text = "variable \"own\" {\n  default = \"mine\"\n}\nresource \"x\" \"y\" {\n  a = var.user\n  b = var.own\n  c = toset(var.roles)\n}\n";
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
                (
                    "roles/owner, true",
                    "the default of variable `roles` in variables.tf.json"
                ),
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
            ["var.user", "var.roles"]
        );
    }
}
