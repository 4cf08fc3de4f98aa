//! The other strings an object sets, lowered into [`Setting`]s for secret
//! scanning: custom resources carry credentials in fields of their own
//! (`spec.auth.password`, Argo CD's Helm `parameters`, a Knative or Tekton
//! container's `env`), and so may any field of a built-in kind (an
//! `httpHeaders` entry of a probe, an annotation).
//!
//! Every string under a key becomes a setting named by that key; a list
//! item `{name: X, value: Y}` is named `X`. ConfigMap and Secret data
//! (`config.rs`) and the `env` of pod templates (`workloads.rs`) are lowered
//! by their own modules and skipped here; so are typed scalars (numbers,
//! booleans, nulls), which hold no credential, and ciphertext.

use super::Object;
use super::workloads::pod_sites;
use crate::formats::yaml::{Node, NodeKind, Style};
use crate::model::{FileModel, Setting, SettingContext};
use crate::source::Spanned;

/// Fields that hold ciphertext, not values: a SealedSecret's
/// `encryptedData`, the metadata SOPS adds to a file it encrypted.
const CIPHERTEXT: &[&str] = &["encryptedData", "sops"];

pub fn lower(object: &Object<'_>, model: &mut FileModel) {
    // A CustomResourceDefinition holds a schema and its prose, not values.
    if matches!(
        object.kind,
        "ConfigMap" | "Secret" | "CustomResourceDefinition"
    ) {
        return;
    }
    let mut walk = Walk {
        object: object.label(),
        pod_bearing: !pod_sites(object).is_empty(),
        model,
    };
    for entry in object.root.entries() {
        match entry.key.as_str() {
            Some("apiVersion" | "kind") => {}
            Some("metadata") => {
                if let Some(annotations) = entry.value.get("annotations") {
                    walk.node(annotations);
                }
            }
            _ => walk.node(&entry.value),
        }
    }
}

struct Walk<'m> {
    object: String,
    /// Its containers' `env` was lowered with the containers.
    pod_bearing: bool,
    model: &'m mut FileModel,
}

impl Walk<'_> {
    fn node(&mut self, node: &Node) {
        match &node.kind {
            NodeKind::Map(_) => {
                for entry in node.entries() {
                    let Some(key) = entry.key.as_str() else {
                        continue;
                    };
                    if (key == "env" && self.pod_bearing) || CIPHERTEXT.contains(&key) {
                        continue;
                    }
                    if is_string(&entry.value) {
                        self.push(Spanned::new(key.to_string(), entry.key.span), &entry.value);
                    } else {
                        self.node(&entry.value);
                    }
                }
            }
            NodeKind::Seq(items) => {
                for item in items {
                    let named = item.get("name").and_then(Node::as_str);
                    let value = item.get("value").filter(|v| is_string(v));
                    match (named, value, item.get("name")) {
                        (Some(name), Some(value), Some(name_node)) => {
                            self.push(Spanned::new(name.to_string(), name_node.span), value);
                        }
                        _ => self.node(item),
                    }
                }
            }
            NodeKind::Scalar(_) => {}
        }
    }

    fn push(&mut self, key: Spanned<String>, value: &Node) {
        let Some(text) = value.as_str() else {
            return;
        };
        self.model.settings.push(Setting {
            context: SettingContext::ManifestField,
            object: self.object.clone(),
            key,
            value: Spanned::new(text.to_string(), value.span),
            literal: true,
            in_list: false,
        });
    }
}

/// A scalar that is a string: quoted, a block, or plain but not a number,
/// a boolean or a null.
fn is_string(node: &Node) -> bool {
    let NodeKind::Scalar(scalar) = &node.kind else {
        return false;
    };
    if scalar.style != Style::Plain {
        return true;
    }
    let value = scalar.value.as_str();
    !(value.is_empty()
        || node.is_null()
        || node.as_bool().is_some()
        || value.parse::<f64>().is_ok())
}
