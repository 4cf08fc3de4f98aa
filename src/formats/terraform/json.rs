//! Reads `.tf.json` files: Terraform's JSON syntax, where the block structure
//! is spelled as nested objects (`{"resource": {"aws_iam_role": {"ci": {...}}}}`)
//! and every string is a template. The top levels are unfolded into blocks
//! as Terraform's JSON syntax specification prescribes; inside a block every
//! property stays an attribute, and `tree::Nested` lets the lowering read
//! object-valued ones as nested blocks.

use super::tree::{Attribute, Block, Body, Kind, Value};
use crate::formats::embedded::{OffsetMap, parse_json};
use crate::model::{Problem, ProblemKind};
use crate::source::{Span, Spanned};

pub fn parse(text: &str) -> (Option<Body>, Vec<Problem>) {
    let root = match root_object(text) {
        Ok(Some(root)) => root,
        Ok(None) => return (Some(Body::default()), Vec::new()),
        Err(problem) => return (None, vec![problem]),
    };
    let mut body = Body::default();
    for (key, value) in root.entries() {
        let labels = match key.value.as_str() {
            "resource" | "data" => 2,
            "provider" | "variable" | "output" | "module" => 1,
            "locals" | "terraform" => 0,
            _ => continue,
        };
        unfold(key, value, labels, &mut Vec::new(), &mut body.blocks);
    }
    (Some(body), Vec::new())
}

/// The object a Terraform JSON file holds at its root (`None` for an empty
/// file).
pub fn root_object(text: &str) -> Result<Option<Value>, Problem> {
    let root = match parse_json(text, &OffsetMap::Shift(0)) {
        Ok(Some(root)) => root,
        Ok(None) => return Ok(None),
        Err(error) => {
            return Err(Problem {
                kind: ProblemKind::Syntax,
                span: Span::new(error.start, error.end.max(error.start)),
                message: format!("invalid JSON: {}", error.message),
            });
        }
    };
    if !matches!(root.kind, Kind::Object(_)) {
        return Err(Problem {
            kind: ProblemKind::Syntax,
            span: root.span,
            message: "a Terraform JSON file must hold one object at its root".to_owned(),
        });
    }
    Ok(Some(root))
}

/// Peels `labels` levels of object keys off `value`, then makes a block of
/// each object (or each object of an array) found there.
fn unfold(
    kind: &Spanned<String>,
    value: &Value,
    labels: usize,
    path: &mut Vec<Spanned<String>>,
    out: &mut Vec<Block>,
) {
    if labels == 0 {
        for item in value.items() {
            if matches!(item.kind, Kind::Object(_)) {
                out.push(Block {
                    kind: kind.clone(),
                    labels: path.clone(),
                    span: item.span,
                    body: object_body(item),
                });
            }
        }
        return;
    }
    for (key, inner) in value.entries() {
        path.push(key.clone());
        unfold(kind, inner, labels - 1, path, out);
        path.pop();
    }
}

pub fn object_body(object: &Value) -> Body {
    Body {
        attributes: object
            .entries()
            .iter()
            .filter(|(key, _)| key.value != "//")
            .map(|(key, value)| Attribute {
                key: key.clone(),
                value: value.clone(),
            })
            .collect(),
        blocks: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::terraform::tree::Nested;

    #[test]
    fn blocks_unfold_from_nested_objects() {
        let text = r#"{"resource": {"aws_iam_role": {"ci": {"name": "ci"}}},
            "data": {"aws_iam_policy_document": {"d": {"statement": [{"actions": ["s3:*"]}]}}},
            "variable": {"v": {"default": "x"}}, "locals": [{"a": 1}]}"#;
        let (body, problems) = parse(text);
        assert!(problems.is_empty());
        let body = body.expect("parses");
        let kinds: Vec<_> = body
            .blocks
            .iter()
            .map(|b| {
                let labels: Vec<_> = b.labels.iter().map(|l| l.value.as_str()).collect();
                format!("{} {}", b.kind.value, labels.join(" "))
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "resource aws_iam_role ci",
                "data aws_iam_policy_document d",
                "variable v",
                "locals "
            ]
        );
        let statements = Nested::all_in(&body.blocks[1].body, "statement");
        assert_eq!(statements.len(), 1);
    }

    #[test]
    fn errors_have_a_span() {
        let (body, problems) = parse("{\"a\": }");
        assert!(body.is_none());
        assert_eq!(problems[0].kind, ProblemKind::Syntax);
        assert_eq!(problems[0].span.start, 6);
    }
}
