//! Kubernetes manifests: multi-document YAML, `kind: List`, and the objects
//! we lower: pod-bearing workloads (`workloads.rs`), RBAC (`rbac.rs`), and
//! ConfigMap / Secret data (`config.rs`).
//!
//! A `*.yaml` file is a manifest when one of its documents has `apiVersion`
//! and `kind`. Go/Helm templates are refused before parsing: a template may
//! parse "successfully" as nonsense, and what it parses to is never what the
//! cluster receives.

mod config;
mod rbac;
mod workloads;

use super::yaml::{self, Node};
use crate::model::{Exemption, FileModel, Problem, ProblemKind};
use crate::source::{SourceFile, Span, Spanned};

/// A manifest object: its kind, name, namespace and root node.
pub struct Object<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub namespace: Option<&'a str>,
    pub root: &'a Node,
}

impl Object<'_> {
    /// `Deployment/api`, as people name objects.
    pub fn label(&self) -> String {
        format!("{}/{}", self.kind, self.name)
    }

    /// A stable address for fingerprints: `Deployment/default/api`.
    pub fn place(&self) -> String {
        format!(
            "{}/{}/{}",
            self.kind,
            self.namespace.unwrap_or("-"),
            self.name
        )
    }

    /// Where a finding about the object as a whole points: its `kind:` value.
    pub fn span(&self) -> Span {
        self.root.get("kind").map_or(self.root.span, |k| k.span)
    }
}

pub fn load(file: &SourceFile) -> Option<FileModel> {
    let text = file.text.as_str();
    let manifest_like = looks_like_manifest(text);
    if let Some(span) = template_marker(text) {
        return manifest_like.then(|| {
            problem(
                ProblemKind::UnrenderedTemplate,
                span,
                "Go/Helm template syntax: this file is not YAML until rendered; \
             not checked (render it first: `helm template <chart> | devops-check -`)"
                    .into(),
            )
        });
    }
    let stream = match yaml::parse(text) {
        Ok(stream) => stream,
        Err(error) => {
            return manifest_like.then(|| {
                problem(
                    ProblemKind::Syntax,
                    error.span,
                    format!("invalid YAML: {}", error.message),
                )
            });
        }
    };
    let mut objects = Vec::new();
    for document in &stream.documents {
        collect_objects(&document.root, &mut objects);
    }
    if objects.is_empty() {
        return None;
    }
    let mut model = FileModel::default();
    for warning in stream.warnings {
        model.problems.push(Problem {
            kind: ProblemKind::DuplicateKey,
            span: warning.span,
            message: format!(
                "{}: kubectl keeps the last value silently, YAML 1.2 forbids it",
                warning.message
            ),
        });
    }
    for object in &objects {
        model.exemptions.extend(exemption(file, object));
        workloads::lower(object, &mut model);
        rbac::lower(object, &mut model);
        config::lower(object, &mut model);
    }
    Some(model)
}

/// The annotation that exempts an object from rules:
/// `devops-check.io/ignore: "rule-a,rule-b reason"`.
pub const IGNORE_ANNOTATION: &str = "devops-check.io/ignore";

fn exemption(file: &SourceFile, object: &Object<'_>) -> Option<Exemption> {
    let value = object
        .root
        .path(&["metadata", "annotations", IGNORE_ANNOTATION])?;
    let text = value.as_str()?.trim();
    let (list, reason) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
    // Locate each id in the raw value (quotes and folding may shift it).
    let raw = file.slice(value.span);
    let mut cursor = 0;
    let rules = list
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| {
            let at = raw[cursor..].find(id).map_or(0, |i| cursor + i);
            cursor = at + id.len();
            let start = value.span.start + at;
            Spanned::new(id.to_string(), Span::new(start, start + id.len()))
        })
        .collect();
    Some(Exemption {
        object: object.root.span,
        rules,
        reason: Some(reason.trim().to_string()).filter(|r| !r.is_empty()),
    })
}

fn problem(kind: ProblemKind, span: Span, message: String) -> FileModel {
    FileModel {
        problems: vec![Problem {
            kind,
            span,
            message,
        }],
        ..FileModel::default()
    }
}

/// Objects of a document, `kind: List` items included.
fn collect_objects<'a>(root: &'a Node, out: &mut Vec<Object<'a>>) {
    let (Some(kind), Some(_)) = (
        root.get("kind").and_then(Node::as_str),
        root.get("apiVersion").and_then(Node::as_str),
    ) else {
        return;
    };
    if kind.ends_with("List") && root.get("items").is_some() {
        for item in root.get("items").map(Node::items).unwrap_or_default() {
            collect_objects(item, out);
        }
        return;
    }
    let metadata = root.get("metadata");
    out.push(Object {
        kind,
        name: metadata
            .and_then(|m| m.get("name"))
            .and_then(Node::as_str)
            .unwrap_or("unnamed"),
        namespace: metadata
            .and_then(|m| m.get("namespace"))
            .and_then(Node::as_str),
        root,
    });
}

/// Top-level `apiVersion:` and `kind:` lines: a manifest, even if broken.
fn looks_like_manifest(text: &str) -> bool {
    let has = |key: &str| text.lines().any(|l| l.starts_with(key));
    has("apiVersion:") && has("kind:")
}

/// The first `{{` that stands outside a quoted string, a comment and a block
/// scalar: there the template engine, not YAML, decides the text.
pub fn template_marker(text: &str) -> Option<Span> {
    let mut block_indent: Option<usize> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start().len();
        if let Some(parent) = block_indent {
            if content.trim().is_empty() || indent > parent {
                continue;
            }
            block_indent = None;
        }
        if let Some(at) = unquoted_braces(content) {
            return Some(Span::new(start + at, start + at + 2));
        }
        if opens_block_scalar(strip_comment(content).trim_end()) {
            block_indent = Some(indent);
        }
    }
    None
}

/// The byte index of `{{` outside quotes and comments in one line.
fn unquoted_braces(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(b'"') if b == b'\\' => i += 1,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' if i == 0 || b" \t:[{,-".contains(&bytes[i - 1]) => quote = Some(b),
                b'#' if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => return None,
                b'{' if bytes.get(i + 1) == Some(&b'{') => return Some(i),
                _ => {}
            },
        }
        i += 1;
    }
    None
}

/// A line whose last token is a block scalar header (`|`, `>-`, `|2+`).
fn opens_block_scalar(code: &str) -> bool {
    let last = code.rsplit([' ', '\t']).next().unwrap_or("");
    let mut chars = last.chars();
    matches!(chars.next(), Some('|' | '>')) && chars.all(|c| matches!(c, '+' | '-' | '0'..='9'))
}

fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'#' && (i == 0 || bytes[i - 1] == b' ') => return &line[..i],
            None => {}
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_markers_outside_quotes_and_blocks() {
        assert!(template_marker("replicas: {{ .Values.n }}\n").is_some());
        assert!(template_marker("{{- range .Values.x }}\n").is_some());
        assert!(template_marker("name: \"{{ .Release.Name }}\"\n").is_none());
        assert!(template_marker("# {{ comment }}\nname: x\n").is_none());
        assert!(template_marker("script: |\n  echo {{ x }}\nname: y\n").is_none());
        assert!(template_marker("script: |\n  echo ok\nname: {{ y }}\n").is_some());
        assert!(template_marker("msg: it's {{ x }}\n").is_some());
    }
}
