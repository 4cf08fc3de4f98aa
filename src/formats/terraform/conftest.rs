//! A Terraform file as conftest's `hcl2` parser shapes it, for custom
//! policies written for conftest: blocks nest by type and labels
//! (`input.resource.aws_s3_bucket.logs.acl`), a block written twice under
//! the same key becomes a list, literals keep their JSON types and any
//! other expression is its source text inside `${...}`.

use serde_json::{Map, Value as Json};

use super::hcl;
use super::tree::{Body, Kind, Value};
use crate::formats::document::{Located, Places, SpanTree, push_repeated};
use crate::source::SourceFile;

pub fn conftest_document(file: &SourceFile) -> Option<Located> {
    let (body, _) = hcl::parse(&file.text);
    let (value, spans) = body_value(&body?, &file.text);
    Some(Located {
        value: regorus::Value::from(value),
        places: Places::Known(spans),
        object: file.path.clone(),
    })
}

fn body_value(body: &Body, text: &str) -> (Json, SpanTree) {
    let mut values = Map::new();
    let mut spans = Vec::new();
    for attribute in &body.attributes {
        let (value, tree) = value_json(&attribute.value, text);
        values.insert(attribute.key.value.clone(), value);
        spans.push((attribute.key.value.clone(), tree));
    }
    for block in &body.blocks {
        let (value, mut tree) = body_value(&block.body, text);
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

fn value_json(value: &Value, text: &str) -> (Json, SpanTree) {
    let leaf = SpanTree::Leaf(value.span);
    let source = || {
        let written = text.get(value.span.start..value.span.end).unwrap_or("");
        Json::String(format!("${{{written}}}"))
    };
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
            let (values, trees) = items.iter().map(|i| value_json(i, text)).unzip();
            (Json::Array(values), SpanTree::Seq(Some(value.span), trees))
        }
        Kind::Object(entries) => {
            let mut values = Map::new();
            let mut trees = Vec::new();
            for (key, inner) in entries {
                let (v, t) = value_json(inner, text);
                values.insert(key.value.clone(), v);
                trees.push((key.value.clone(), t));
            }
            (Json::Object(values), SpanTree::Map(Some(value.span), trees))
        }
        Kind::Call { .. } | Kind::Either(_) | Kind::Expr => (source(), leaf),
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
        let document = conftest_document(&file).expect("valid HCL");
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
}
