//! A file's documents as the values that custom policies written for
//! conftest read as `input` (a YAML or JSON document, a Terraform body in
//! conftest's `hcl2` shape, a Dockerfile's list of instructions), with where
//! in the file each part is written, so that a result naming a path
//! (`["spec", "template", ...]`) points at the exact place.

use serde_json::{Map, Value};

use super::{Syntax, dockerfile, terraform, yaml};
use crate::model::Resolution;
use crate::source::{Format, SourceFile, Span};

/// The file's documents in conftest's shapes, from what its adapter parsed
/// (`syntax`, with the `resolutions` it made); empty when the file does not
/// parse (its parse error is reported already).
pub fn conftest_documents(
    file: &SourceFile,
    syntax: &Syntax,
    resolutions: &[Resolution],
) -> Vec<Located> {
    match file.format {
        Format::Dockerfile => vec![dockerfile::conftest_document(file)],
        Format::Terraform => terraform::conftest_document(file, syntax, resolutions)
            .into_iter()
            .collect(),
        // Everything else is YAML or JSON (which YAML reads), as conftest
        // reads a `.tf.json` file: as JSON.
        _ => yaml_documents(syntax),
    }
}

/// The conftest parser name a file name implies (`hcl2` for `main.tf`).
pub fn parser_of(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    if file.ends_with(".tf") {
        "hcl2".into()
    } else if file == "dockerfile"
        || file.ends_with(".dockerfile")
        || file.starts_with("dockerfile")
    {
        "dockerfile".into()
    } else {
        "yaml".into()
    }
}

/// Text read as conftest's `parse_config(parser, text)` reads it: the first
/// document for YAML and JSON.
pub fn conftest_parse(parser: &str, text: &str) -> Option<regorus::Value> {
    let format = match parser {
        "hcl2" | "hcl" | "tf" => Format::Terraform,
        "dockerfile" => Format::Dockerfile,
        "yaml" | "yml" | "json" => Format::Kubernetes,
        _ => return None,
    };
    let file = SourceFile::new("(parse_config)", format, text);
    conftest_documents(&file, &Syntax::of(&file.text), &[])
        .into_iter()
        .next()
        .map(|d| d.value)
}

/// Every document of a YAML stream, typed as YAML 1.2's core schema types
/// plain scalars (quoted ones are strings), merge keys applied. Where each
/// part is written is found again from the text when a result asks
/// ([`Places::YamlDocument`]). Read leniently, as conftest's go-yaml does.
fn yaml_documents(syntax: &Syntax) -> Vec<Located> {
    let Ok(stream) = syntax.lenient_yaml() else {
        return Vec::new();
    };
    stream
        .documents
        .iter()
        .enumerate()
        .filter(|(_, d)| !d.root.is_null())
        .map(|(i, document)| {
            let named = |key: &[&str]| document.root.path(key).and_then(yaml::Node::as_str);
            let object = match (named(&["kind"]), named(&["metadata", "name"])) {
                (Some(kind), Some(name)) => format!("{kind}/{name}"),
                (Some(kind), None) => kind.to_string(),
                _ => format!("document {}", i + 1),
            };
            Located {
                value: yaml_value(&document.root),
                places: Places::YamlDocument(i),
                object,
            }
        })
        .collect()
}

/// The spans of the parts of the `index`th document of a YAML file.
pub fn yaml_spans(syntax: &Syntax, index: usize) -> SpanTree {
    syntax
        .lenient_yaml()
        .ok()
        .and_then(|stream| stream.documents.get(index).map(|d| yaml_tree(&d.root)))
        .unwrap_or_default()
}

fn yaml_value(node: &yaml::Node) -> regorus::Value {
    match &node.kind {
        yaml::NodeKind::Scalar(scalar) => yaml_scalar(scalar),
        yaml::NodeKind::Seq(items) => {
            regorus::Value::from(items.iter().map(yaml_value).collect::<Vec<_>>())
        }
        // A duplicated key: the last one wins, as most loaders do.
        yaml::NodeKind::Map(_) => regorus::Value::from(
            node.entries()
                .into_iter()
                .filter_map(|entry| {
                    let key = entry.key.as_scalar()?.value.as_str();
                    Some((regorus::Value::from(key), yaml_value(&entry.value)))
                })
                .collect::<std::collections::BTreeMap<_, _>>(),
        ),
    }
}

/// The spans of [`yaml_value`]'s parts.
fn yaml_tree(node: &yaml::Node) -> SpanTree {
    match &node.kind {
        yaml::NodeKind::Scalar(_) => SpanTree::Leaf(node.span),
        yaml::NodeKind::Seq(items) => {
            SpanTree::Seq(Some(node.span), items.iter().map(yaml_tree).collect())
        }
        yaml::NodeKind::Map(_) => {
            let mut spans: Vec<(String, SpanTree)> = Vec::new();
            for entry in node.entries() {
                if let Some(scalar) = entry.key.as_scalar() {
                    spans.retain(|(k, _)| *k != scalar.value);
                    spans.push((scalar.value.clone(), yaml_tree(&entry.value)));
                }
            }
            SpanTree::Map(Some(node.span), spans)
        }
    }
}

fn yaml_scalar(scalar: &yaml::Scalar) -> regorus::Value {
    let text = scalar.value.as_str();
    if scalar.style != yaml::Style::Plain {
        return regorus::Value::from(text);
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return regorus::Value::Null,
        "true" | "True" | "TRUE" => return regorus::Value::from(true),
        "false" | "False" | "FALSE" => return regorus::Value::from(false),
        _ => {}
    }
    if let Ok(integer) = text.parse::<i64>() {
        return regorus::Value::from(integer);
    }
    let numeric = text.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.'));
    match text.parse::<f64>() {
        Ok(float) if numeric && float.is_finite() => regorus::Value::from(float),
        _ => regorus::Value::from(text),
    }
}

/// Adds a block's value under its key; a second block under the same key
/// turns the value into a list of both, as conftest's `hcl2` parser does.
pub(crate) fn push_repeated(
    values: &mut Map<String, Value>,
    spans: &mut Vec<(String, SpanTree)>,
    key: &str,
    value: Value,
    tree: SpanTree,
) {
    match values.get_mut(key) {
        None => {
            values.insert(key.to_string(), value);
            spans.push((key.to_string(), tree));
        }
        Some(existing) => {
            let slot = spans.iter_mut().rev().find(|(k, _)| k == key);
            if let Value::Array(items) = existing
                && let Some((_, SpanTree::Seq(_, trees))) = slot
            {
                items.push(value);
                trees.push(tree);
                return;
            }
            let first = std::mem::replace(existing, Value::Null);
            *existing = Value::Array(vec![first, value]);
            if let Some((_, slot)) = slot {
                let first = std::mem::take(slot);
                *slot = SpanTree::Seq(None, vec![first, tree]);
            }
        }
    }
}

/// An `input` document and where each of its parts is written.
#[derive(Debug, Clone)]
pub struct Located {
    pub value: regorus::Value,
    pub places: Places,
    /// How findings about the document as a whole name it
    /// (`Deployment/api`, `Dockerfile`).
    pub object: String,
}

/// Where a document's parts are written: known when it was built, or found
/// again only for the documents that a policy reports on (most files give
/// no result, and building the spans of every part costs as much as the
/// value).
#[derive(Debug, Clone)]
pub enum Places {
    Known(SpanTree),
    /// The document of this index in the file's YAML stream.
    YamlDocument(usize),
    /// The model of the file (`custom::model_input`).
    Model,
}

/// The spans of a value's parts, in the value's shape. A part without a span
/// of its own (a derived value) is `Unplaced`: a path through it resolves to
/// its nearest placed ancestor.
#[derive(Debug, Clone, Default)]
pub enum SpanTree {
    #[default]
    Unplaced,
    Leaf(Span),
    Map(Option<Span>, Vec<(String, SpanTree)>),
    Seq(Option<Span>, Vec<SpanTree>),
}

/// One step of a path a policy names: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl SpanTree {
    fn own(&self) -> Option<Span> {
        match self {
            SpanTree::Unplaced => None,
            SpanTree::Leaf(span) => Some(*span),
            SpanTree::Map(span, _) | SpanTree::Seq(span, _) => *span,
        }
    }

    fn child(&self, step: &Step) -> Option<&SpanTree> {
        match (self, step) {
            (SpanTree::Map(_, entries), Step::Key(key)) => {
                entries.iter().rev().find(|(k, _)| k == key).map(|(_, t)| t)
            }
            (SpanTree::Seq(_, items), Step::Index(i)) => items.get(*i),
            // A path may index an object by a number written as text.
            (SpanTree::Map(_, entries), Step::Index(i)) => {
                let key = i.to_string();
                entries.iter().find(|(k, _)| *k == key).map(|(_, t)| t)
            }
            (SpanTree::Seq(_, items), Step::Key(key)) => {
                key.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            _ => None,
        }
    }

    /// The span of the deepest placed part on `path`: as far as the path
    /// exists, the nearest part that has a place.
    pub fn locate(&self, path: &[Step]) -> Option<Span> {
        let mut found = self.own();
        let mut node = self;
        for step in path {
            match node.child(step) {
                Some(next) => {
                    node = next;
                    found = next.own().or(found);
                }
                None => break,
            }
        }
        found
    }

    /// The tree of a value serialised twice: once plainly (`value`) and once
    /// with every span in its place (`spans`, where a span is an object of
    /// exactly `start` and `end`, and an object's own `span` key places it).
    pub fn from_spans(spans: &regorus::Value) -> SpanTree {
        match spans {
            regorus::Value::Object(map) => {
                if let Some(span) = as_span(map) {
                    return SpanTree::Leaf(span);
                }
                let mut own = None;
                let mut entries = Vec::with_capacity(map.len());
                for (key, value) in map.iter() {
                    let regorus::Value::String(key) = key else {
                        continue;
                    };
                    if &**key == "span"
                        && let regorus::Value::Object(span) = value
                    {
                        own = as_span(span);
                    }
                    entries.push((key.to_string(), SpanTree::from_spans(value)));
                }
                SpanTree::Map(own, entries)
            }
            regorus::Value::Array(items) => {
                SpanTree::Seq(None, items.iter().map(SpanTree::from_spans).collect())
            }
            _ => SpanTree::Unplaced,
        }
    }
}

/// An object of exactly `start` and `end` as the span it is.
fn as_span(map: &regorus::value::Object) -> Option<Span> {
    if map.len() != 2 {
        return None;
    }
    let (mut start, mut end) = (None, None);
    for (key, value) in map.iter() {
        let (regorus::Value::String(key), regorus::Value::Number(number)) = (key, value) else {
            return None;
        };
        let offset = usize::try_from(number.as_u64()?).ok();
        match &**key {
            "start" => start = offset,
            "end" => end = offset,
            _ => return None,
        }
    }
    Some(Span::new(start?, end?))
}

/// A path as a policy writes it: an array of keys and indices, or a dotted
/// string (`spec.template.spec.containers.0.image`).
pub fn path_of(value: &Value) -> Option<Vec<Step>> {
    let step = |v: &Value| match v {
        Value::String(s) => Some(Step::Key(s.clone())),
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .map(Step::Index),
        _ => None,
    };
    match value {
        Value::Array(items) => items.iter().map(step).collect(),
        Value::String(text) => Some(
            text.split('.')
                .filter(|s| !s.is_empty())
                .map(|s| match s.parse::<usize>() {
                    Ok(i) => Step::Index(i),
                    Err(_) => Step::Key(s.to_string()),
                })
                .collect(),
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_path_resolves_to_its_deepest_placed_part() {
        let spans = json!({
            "span": {"start": 0, "end": 50},
            "name": {"start": 5, "end": 9},
            "derived": {"count": 3},
            "items": [{"start": 20, "end": 25}, {"start": 30, "end": 35}]
        });
        let tree = SpanTree::from_spans(&regorus::Value::from(spans));
        let key = |k: &str| Step::Key(k.to_string());
        assert_eq!(tree.locate(&[key("name")]), Some(Span::new(5, 9)));
        assert_eq!(
            tree.locate(&[key("items"), Step::Index(1)]),
            Some(Span::new(30, 35))
        );
        // Past what exists, and through unplaced parts: the nearest placed one.
        assert_eq!(
            tree.locate(&[key("items"), Step::Index(7)]),
            Some(Span::new(0, 50))
        );
        assert_eq!(
            tree.locate(&[key("derived"), key("count")]),
            Some(Span::new(0, 50))
        );
    }

    #[test]
    fn paths_are_arrays_or_dotted_strings() {
        let expected = vec![
            Step::Key("spec".into()),
            Step::Key("containers".into()),
            Step::Index(0),
        ];
        assert_eq!(
            path_of(&json!(["spec", "containers", 0])),
            Some(expected.clone())
        );
        assert_eq!(path_of(&json!("spec.containers.0")), Some(expected));
        assert_eq!(path_of(&json!({"spec": 1})), None);
    }
}
