//! `kubernetes_manifest`: a whole Kubernetes object in Terraform, written as
//! an HCL object (`manifest = { apiVersion = "apps/v1", kind = "Deployment",
//! spec = { ... } }`) or as YAML (`manifest = yamldecode(<<-EOT ... EOT)`).
//! Either becomes the span-keeping YAML tree the Kubernetes adapter reads,
//! so that its containers, roles and bindings are judged as a manifest
//! file's are.
//!
//! A value the file does not spell out (`var.replicas`, a `for`
//! expression) becomes a quoted string of its source text: it reads as
//! text, never as the number or boolean it may evaluate to.

use super::tree::{Kind, Value};
use crate::formats::aws_policy::source;
use crate::formats::kubernetes;
use crate::formats::yaml::{self, Entry, Node, NodeKind, Scalar, Style};
use crate::model::FileModel;
use crate::source::Span;

pub fn lower(value: &Value, text: &str, model: &mut FileModel) {
    match &value.kind {
        Kind::Object(_) => kubernetes::lower_embedded(&node(value, text), text, model),
        Kind::Call { name, args } if name == "yamldecode" => {
            let Some(Kind::Str(s)) = args.first().map(|a| &a.kind) else {
                return;
            };
            if !s.literal {
                return;
            }
            // The raw slice, so that spans point into the file; YAML
            // accepts the uniform indentation of an indented heredoc.
            let raw = source(text, s.content);
            if let Ok(stream) = yaml::parse(raw) {
                for document in stream.documents {
                    let mut root = document.root;
                    shift(&mut root, s.content.start);
                    kubernetes::lower_embedded(&root, text, model);
                }
            }
        }
        _ => {}
    }
}

/// The YAML tree an HCL value stands for.
fn node(value: &Value, text: &str) -> Node {
    let scalar = |text: String, style: Style| NodeKind::Scalar(Scalar { value: text, style });
    let kind = match &value.kind {
        Kind::Object(entries) => NodeKind::Map(
            entries
                .iter()
                .map(|(key, item)| Entry {
                    key: Node {
                        span: key.span,
                        kind: scalar(key.value.clone(), Style::Plain),
                        tag: None,
                    },
                    value: node(item, text),
                })
                .collect(),
        ),
        Kind::Array(items) => NodeKind::Seq(items.iter().map(|i| node(i, text)).collect()),
        Kind::Str(s) => scalar(s.text.clone(), Style::Quoted),
        Kind::Number(n) => scalar(n.clone(), Style::Plain),
        Kind::Bool(b) => scalar(b.to_string(), Style::Plain),
        Kind::Null => scalar("null".into(), Style::Plain),
        Kind::Call { .. } | Kind::Either(_) | Kind::Expr => {
            scalar(source(text, value.span).to_string(), Style::Quoted)
        }
    };
    Node {
        span: value.span,
        kind,
        tag: None,
    }
}

/// Moves a tree parsed from a slice to the slice's place in the file.
fn shift(node: &mut Node, by: usize) {
    node.span = Span::new(node.span.start + by, node.span.end + by);
    match &mut node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Seq(items) => items.iter_mut().for_each(|i| shift(i, by)),
        NodeKind::Map(entries) => {
            for entry in entries {
                shift(&mut entry.key, by);
                shift(&mut entry.value, by);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::formats::terraform::load;
    use crate::source::{Format, SourceFile};

    #[test]
    fn manifests_as_objects_and_as_yaml_lower_their_containers() {
        let text = r#"
resource "kubernetes_manifest" "api" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "Deployment"
    metadata   = { name = "api", namespace = "prod" }
    spec = {
      template = {
        spec = {
          containers = [{
            name            = "api"
            image           = "api:1"
            securityContext = { privileged = true, runAsUser = var.uid }
          }]
        }
      }
    }
  }
}

resource "kubernetes_manifest" "job" {
  manifest = yamldecode(<<-EOT
    apiVersion: batch/v1
    kind: Job
    metadata:
      name: migrate
    spec:
      template:
        spec:
          containers:
            - name: migrate
              image: migrate:1
              resources:
                limits: {memory: 1Gi}
  EOT
  )
}
"#;
        let file = SourceFile::new("main.tf", Format::Terraform, text);
        let model = load(
            &file,
            &Default::default(),
            &crate::formats::Syntax::of(&file.text),
        );
        assert_eq!(model.containers.len(), 2);
        let api = &model.containers[0];
        assert_eq!(api.object, "Deployment/api container api");
        assert_eq!(api.namespace.as_deref(), Some("prod"));
        let privileged = api.security.privileged.as_ref().expect("privileged");
        assert!(privileged.value);
        assert_eq!(file.slice(privileged.span), "privileged = true");
        assert!(api.security.run_as_user.is_none());
        let job = &model.containers[1];
        assert_eq!(job.object, "Job/migrate container migrate");
        let memory = job.resources.limits_memory.as_ref().expect("limit");
        assert_eq!(file.slice(memory.span), "1Gi");
        assert_eq!(file.slice(job.span), "migrate");
    }
}
