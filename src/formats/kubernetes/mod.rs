//! Kubernetes manifests: multi-document YAML, `kind: List`, and the objects
//! we lower: pod-bearing workloads (`workloads.rs`), the Services that send
//! them traffic (`services.rs`), RBAC (`rbac.rs`), ConfigMap / Secret data
//! (`config.rs`), and the patch files kustomizations name (`kustomize.rs`).
//!
//! A `*.yaml` file is a manifest when one of its documents has `apiVersion`
//! and `kind`. Go/Helm templates are refused before parsing: a template may
//! parse "successfully" as nonsense, and what it parses to is never what the
//! cluster receives.

mod config;
mod kustomize;
mod leaves;
mod rbac;
mod services;
mod workloads;

pub(crate) use workloads::{command_lines, flag, inside_quotes, string};

use std::collections::BTreeMap;

use super::Syntax;
use super::yaml::{self, Node};
use crate::facts::Facts;
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

pub fn load(file: &SourceFile, facts: &Facts, syntax: &Syntax) -> Option<FileModel> {
    let text = file.text.as_str();
    let manifest_like = looks_like_manifest(text);
    let markers = template_markers(text);
    let template = |span: Span| {
        problem(
            ProblemKind::UnrenderedTemplate,
            span,
            "template syntax (`{{ }}` or `{% %}`): this file is not YAML until rendered; \
             not checked (render it first, e.g. `helm template <chart> | devops-check -`)"
                .into(),
        )
    };
    if let Some(span) = markers.structural {
        return manifest_like.then(|| template(span));
    }
    // kubectl reads YAML with go-yaml.
    let stream = match syntax.lenient_yaml() {
        Ok(stream) => stream,
        Err(error) => {
            let first = [markers.inline, jinja_statement(text)]
                .into_iter()
                .flatten()
                .min_by_key(|span| span.start);
            return manifest_like.then(|| match first {
                // A template after all: what fails to parse is its output's
                // shape, not the user's YAML.
                Some(span) => template(span),
                None => FileModel {
                    problems: vec![yaml::syntax_problem(error)],
                    ..FileModel::default()
                },
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
    let layout = yaml::Layout::of(text);
    model.problems.extend(yaml::duplicate_key_problems(
        &stream.warnings,
        "kubectl keeps the last value silently, YAML 1.2 forbids it",
    ));
    for object in &objects {
        model.exemptions.extend(exemption(file, object));
        workloads::lower(object, text, &mut model);
        workloads::insertion_points(object, &layout, &mut model);
        services::lower(object, &mut model);
        rbac::lower(object, text, &mut model);
        config::lower(object, text, &mut model);
        leaves::lower(object, &mut model);
        kustomize::lower(object, &mut model);
    }
    if !model.containers.is_empty() && kustomize::is_patch(file, facts) {
        for container in &mut model.containers {
            container.fragment = true;
        }
    }
    Some(model)
}

/// Lowers the workloads and RBAC objects of a manifest that another format
/// embeds (a Terraform `kubernetes_manifest`), given as a span-keeping
/// tree: the same containers, roles and bindings a YAML file declaring it
/// would give. `text` is the file the
/// tree's spans point into.
pub fn lower_embedded(root: &Node, text: &str, model: &mut FileModel) {
    let mut objects = Vec::new();
    collect_objects(root, &mut objects);
    for object in &objects {
        workloads::lower(object, text, model);
        services::lower(object, model);
        rbac::lower(object, text, model);
    }
}

/// A mapping of text to text (`labels`, a Service's `selector`): the
/// entries whose value is a scalar.
fn text_map(node: Option<&Node>) -> BTreeMap<String, String> {
    node.map(Node::entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| Some((e.key.as_str()?.to_owned(), e.value.as_str()?.to_owned())))
        .collect()
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

/// The first Jinja statement on a line of its own (`{% for x in xs %}`),
/// which shapes the YAML it encloses: asked only of a file that does not
/// parse, which such a line makes sure of.
fn jinja_statement(text: &str) -> Option<Span> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_start();
        if content.starts_with("{%") {
            let at = offset + line.len() - content.len();
            return Some(Span::new(at, at + 2));
        }
        offset += line.len();
    }
    None
}

/// Where template actions (`{{ ... }}`) stand outside quoted strings,
/// comments and block scalars.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TemplateMarkers {
    /// The first action that shapes the YAML, one that starts a node (`key:
    /// {{ .x }}`, `- {{ .x }}`, a line of its own), or a Helm action
    /// (`.Values`, `.Release`, `include`) anywhere. Such a file is not YAML
    /// until rendered, whatever the parser says.
    pub structural: Option<Span>,
    /// The first other action, inside a plain scalar (`host: api.{{ .ns
    /// }}.svc`, a PrometheusRule's `description: {{ $labels.pod }} is down
    /// {{ with $labels.cluster -}} ...`, an ApplicationSet's `path:
    /// apps/{{.cluster}}`): text to YAML whatever it renders to, often data
    /// for a controller's own templating. The file is read as YAML; only if
    /// it fails to parse is it taken for a template.
    pub inline: Option<Span>,
}

/// Finds template actions line by line, tracking block scalars and quoted
/// strings that continue over several lines.
pub fn template_markers(text: &str) -> TemplateMarkers {
    let mut markers = TemplateMarkers::default();
    // Most manifests hold no action at all: a substring search is far
    // cheaper than the line scan.
    if !crate::source::holds(text, "{{") {
        return markers;
    }
    let mut block_indent: Option<usize> = None;
    let mut quote: Option<u8> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = || content.len() - content.trim_start().len();
        if let Some(parent) = block_indent {
            if content.trim().is_empty() || indent() > parent {
                continue;
            }
            block_indent = None;
        }
        // Outside a quoted string, only a brace or a quote changes what the
        // scan knows, and only `|` or `>` opens a block: most lines of a
        // large manifest hold none of them.
        let bytes = content.as_bytes();
        if quote.is_some() || memchr::memchr3(b'{', b'"', b'\'', bytes).is_some() {
            scan_line(content, start, &mut quote, &mut markers);
            if markers.structural.is_some() {
                return markers;
            }
        }
        if quote.is_none()
            && memchr::memchr2(b'|', b'>', bytes).is_some()
            && opens_block_scalar(strip_comment(content).trim_end())
        {
            block_indent = Some(indent());
        }
    }
    markers
}

/// What only Helm templates read: its objects and helpers. An action that
/// names one needs rendering wherever it stands.
const HELM_ACTIONS: &[&str] = &[
    ".Values",
    ".Release",
    ".Chart",
    ".Capabilities",
    ".Files",
    "include ",
    "toYaml",
    "tpl ",
    "template ",
];

/// Scans one line, continuing a quoted string opened on an earlier line.
/// A quote opens a quoted scalar only where a node starts; elsewhere it is a
/// character of a plain scalar (`it's`).
fn scan_line(line: &str, start: usize, quote: &mut Option<u8>, markers: &mut TemplateMarkers) {
    let bytes = line.as_bytes();
    let mut node_start = true;
    let mut flow_depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if let Some(q) = *quote {
            if q == b'"' && b == b'\\' {
                i += 2;
                continue;
            }
            if b == q {
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                *quote = None;
                node_start = false;
            }
            i += 1;
            continue;
        }
        match b {
            b' ' | b'\t' => {}
            b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => return,
            b'"' | b'\'' if node_start => *quote = Some(b),
            b'{' if bytes.get(i + 1) == Some(&b'{') => {
                let action = &line[i + 2..];
                let inside = &action[..action.find("}}").unwrap_or(action.len())];
                let structural = node_start || HELM_ACTIONS.iter().any(|a| inside.contains(a));
                let span = Span::new(start + i, start + i + 2);
                if structural {
                    markers.structural = Some(span);
                    return;
                }
                markers.inline.get_or_insert(span);
                // Skip the action, so that its braces and quotes are not
                // read as YAML.
                i = action.find("}}").map_or(bytes.len(), |end| i + 2 + end + 2);
                node_start = false;
                continue;
            }
            b'[' | b'{' if node_start => {
                flow_depth += 1;
            }
            b']' | b'}' if flow_depth > 0 => {
                flow_depth -= 1;
                node_start = false;
            }
            b',' if flow_depth > 0 => node_start = true,
            b'-' if node_start && matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => {}
            b':' if matches!(bytes.get(i + 1), None | Some(b' ' | b'\t')) => node_start = true,
            _ => node_start = false,
        }
        i += 1;
    }
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
        let structural = |text: &str| template_markers(text).structural.is_some();
        assert!(structural("replicas: {{ .Values.n }}\n"));
        assert!(structural("{{- range .Values.x }}\n"));
        assert!(structural("items:\n  - {{ .Address }}\n"));
        assert!(structural("image: repo/app:{{ .Values.tag }}\n"));
        assert!(structural(
            "name: {{ .Release.Name }}-{{ include \"x\" . }}\n"
        ));
        assert!(structural("a: [x, {{ .y }}]\n"));
        assert!(!structural("name: \"{{ .Release.Name }}\"\n"));
        assert!(!structural("# {{ comment }}\nname: x\n"));
        assert!(!structural("script: |\n  echo {{ x }}\nname: y\n"));
        assert!(structural("script: |\n  echo ok\nname: {{ y }}\n"));
        assert!(!structural("msg: \"one\n  two {{ x }}\"\n"));
        assert!(!structural("msg: 'it''s\n  {{ x }}'\n"));
    }

    #[test]
    fn actions_inside_plain_scalars_are_text() {
        for text in [
            "description: Pod {{ $labels.namespace }}/{{ $labels.pod }} is down\n",
            "path: guestbook/{{.cluster}}\n",
            "host: external.{{.Namespace}}.svc.cluster.local\n",
            "msg: it's {{ x }}\n",
            "api: policy/v1{{if .Legacy}}beta1{{end}}\n",
            "description: free {{ with $labels.cluster -}} on {{ . }} {{- end }}\n",
        ] {
            let markers = template_markers(text);
            assert_eq!(markers.structural, None, "{text}");
            assert!(markers.inline.is_some(), "{text}");
        }
    }
}
