//! A Terraform file as conftest's `hcl2` parser shapes it, for custom
//! policies written for conftest: blocks nest by type and labels
//! (`input.resource.aws_s3_bucket.logs.acl`), a block written twice under
//! the same key becomes a list, literals keep their JSON types and any
//! other expression is its source text inside `${...}`.
//!
//! The body is the one the adapter read (`Syntax`), in which references
//! to literal variables and locals were replaced by their values
//! (`resolutions`): conftest knows nothing of them, so each is written back
//! as its source text.

use serde_json::{Map, Value as Json};

use super::hcl;
use super::tree::{Body, Kind, Value};
use crate::formats::Syntax;
use crate::formats::document::{Located, Places, SpanTree, push_repeated};
use crate::model::Resolution;
use crate::source::{SourceFile, Span};

pub fn conftest_document(
    file: &SourceFile,
    syntax: &Syntax,
    resolutions: &[Resolution],
) -> Option<Located> {
    let parsed;
    let body = match syntax.terraform.get() {
        Some(body) => body,
        None => {
            parsed = hcl::parse(&file.text).0?;
            &parsed
        }
    };
    let written = Written {
        text: &file.text,
        resolved: resolutions.iter().map(|r| r.span).collect(),
    };
    let (value, spans) = written.body(body);
    Some(Located {
        value: regorus::Value::from(value),
        places: Places::Known(spans),
        object: file.path.clone(),
    })
}

/// The file's text, and where a reference was replaced by its value.
struct Written<'a> {
    text: &'a str,
    resolved: Vec<Span>,
}

impl Written<'_> {
    fn body(&self, body: &Body) -> (Json, SpanTree) {
        let mut values = Map::new();
        let mut spans = Vec::new();
        for attribute in &body.attributes {
            let (value, tree) = self.value(&attribute.value);
            values.insert(attribute.key.value.clone(), value);
            spans.push((attribute.key.value.clone(), tree));
        }
        for block in &body.blocks {
            let (value, mut tree) = self.body(&block.body);
            if let SpanTree::Map(own, _) = &mut tree {
                *own = Some(block.span);
            }
            // `resource "a" "b" {}` is `{"resource": {"a": {"b": {...}}}}`.
            let mut path = vec![block.kind.value.as_str()];
            path.extend(block.labels.iter().map(|l| l.value.as_str()));
            insert_nested(&mut values, &mut spans, &path, value, tree);
        }
        (Json::Object(values), SpanTree::Map(None, spans))
    }

    fn value(&self, value: &Value) -> (Json, SpanTree) {
        let leaf = SpanTree::Leaf(value.span);
        let written = self
            .text
            .get(value.span.start..value.span.end)
            .unwrap_or("");
        let source = || Json::String(format!("${{{written}}}"));
        if self.resolved.contains(&value.span) {
            // `var.x` as written, or `"${var.x}"`: a string of that text.
            let quoted = written
                .strip_prefix('"')
                .and_then(|inner| inner.strip_suffix('"'));
            return (
                quoted.map_or_else(source, |inner| Json::String(inner.into())),
                leaf,
            );
        }
        match &value.kind {
            Kind::Null => (Json::Null, leaf),
            Kind::Bool(b) => (Json::Bool(*b), leaf),
            Kind::Number(n) => {
                let number = n.parse::<i64>().map(Json::from).ok().or_else(|| {
                    n.parse::<f64>()
                        .ok()
                        .filter(|f| f.is_finite())
                        .map(Json::from)
                });
                (number.unwrap_or_else(|| Json::String(n.clone())), leaf)
            }
            Kind::Str(s) => (Json::String(s.text.clone()), leaf),
            Kind::Array(items) => {
                let (values, trees) = items.iter().map(|i| self.value(i)).unzip();
                (Json::Array(values), SpanTree::Seq(Some(value.span), trees))
            }
            Kind::Object(entries) => {
                let mut values = Map::new();
                let mut trees = Vec::new();
                for (key, inner) in entries {
                    let (v, t) = self.value(inner);
                    values.insert(key.value.clone(), v);
                    trees.push((key.value.clone(), t));
                }
                (Json::Object(values), SpanTree::Map(Some(value.span), trees))
            }
            Kind::Call { .. } | Kind::Either(_) | Kind::Expr => (source(), leaf),
        }
    }
}

fn insert_nested(
    values: &mut Map<String, Json>,
    spans: &mut Vec<(String, SpanTree)>,
    path: &[&str],
    value: Json,
    tree: SpanTree,
) {
    let [first, rest @ ..] = path else {
        return;
    };
    if rest.is_empty() {
        push_repeated(values, spans, first, value, tree);
        return;
    }
    let slot = values
        .entry(first.to_string())
        .or_insert_with(|| Json::Object(Map::new()));
    if !spans.iter().any(|(k, _)| k == first) {
        spans.push((first.to_string(), SpanTree::Map(None, Vec::new())));
    }
    let inner_spans = spans.iter_mut().rev().find(|(k, _)| k == first);
    if let (Json::Object(inner), Some((_, SpanTree::Map(_, inner_spans)))) = (slot, inner_spans) {
        insert_nested(inner, inner_spans, rest, value, tree);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::document::Step;
    use crate::source::Format;
    use serde_json::json;

    #[test]
    fn blocks_nest_by_type_and_labels_as_conftest_shapes_them() {
        let text = r#"resource "aws_security_group_rule" "open" {
  type        = "ingress"
  cidr_blocks = ["0.0.0.0/0"]
  port        = 443
}

resource "azurerm_managed_disk" "source" {
  encryption_settings {
    enabled = false
  }
}

resource "aws_instance" "web" {
  ami = var.ami
  ebs_block_device { device_name = "a" }
  ebs_block_device { device_name = "b" }
}
"#;
        let file = SourceFile::new("main.tf", Format::Terraform, text);
        let document = conftest_document(&file, &Syntax::of(&file.text), &[]).expect("valid HCL");
        assert_eq!(
            serde_json::to_value(&document.value).expect("JSON"),
            json!({"resource": {
                "aws_security_group_rule": {"open": {
                    "type": "ingress", "cidr_blocks": ["0.0.0.0/0"], "port": 443}},
                "azurerm_managed_disk": {"source": {
                    "encryption_settings": {"enabled": false}}},
                "aws_instance": {"web": {
                    "ami": "${var.ami}",
                    "ebs_block_device": [{"device_name": "a"}, {"device_name": "b"}]}}
            }})
        );
        let path: Vec<Step> = ["resource", "aws_security_group_rule", "open", "cidr_blocks"]
            .iter()
            .map(|k| Step::Key(k.to_string()))
            .collect();
        let Places::Known(spans) = &document.places else {
            panic!("a Terraform file's places are known when it is read");
        };
        let span = spans.locate(&path).expect("placed");
        assert_eq!(&text[span.start..span.end], r#"["0.0.0.0/0"]"#);
        let second_device = [
            Step::Key("resource".into()),
            Step::Key("aws_instance".into()),
            Step::Key("web".into()),
            Step::Key("ebs_block_device".into()),
            Step::Index(1),
        ];
        let span = spans.locate(&second_device).expect("placed");
        assert_eq!(
            &text[span.start..span.end],
            r#"ebs_block_device { device_name = "b" }"#
        );
    }

    #[test]
    fn references_the_adapter_resolved_read_as_written() {
        let text = r#"variable "ami" {
  default = "ami-1"
}
locals {
  user = "ops"
}
resource "aws_instance" "web" {
  ami  = var.ami
  user = "${local.user}"
}
"#;
        let file = SourceFile::new("main.tf", Format::Terraform, text);
        let syntax = Syntax::of(&file.text);
        let model = super::super::load(&file, &crate::facts::Facts::default(), &syntax);
        assert_eq!(model.resolutions.len(), 2);
        let json = |document: Option<Located>| {
            serde_json::to_value(document.expect("valid HCL").value).expect("JSON")
        };
        let kept = json(conftest_document(&file, &syntax, &model.resolutions));
        assert_eq!(
            kept["resource"]["aws_instance"]["web"],
            json!({"ami": "${var.ami}", "user": "${local.user}"})
        );
        let fresh = json(conftest_document(&file, &Syntax::of(&file.text), &[]));
        assert_eq!(kept, fresh);
    }
}
