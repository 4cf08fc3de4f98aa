//! Kubernetes RBAC written with the Terraform `kubernetes` provider:
//! `kubernetes_role` and `kubernetes_cluster_role` (with or without `_v1`)
//! lower each `rule` into a [`Grant`], `kubernetes_role_binding` and
//! `kubernetes_cluster_role_binding` into a [`RoleBinding`]: the same model
//! the Kubernetes adapter gives a manifest, named as the cluster names the
//! objects (`ClusterRole/ops rule 1`, `ClusterRoleBinding/admins`), so the
//! RBAC rules read both alike. A binding whose `role_ref.name` references
//! a role of the file (`kubernetes_cluster_role_v1.ops.metadata[0].name`),
//! or repeats the template that role's computed name is built from, names
//! that role as its grants do.
//!
//! As in a manifest, a ClusterRole with an `aggregation_rule` is filled by
//! the controller and its own rules are not what the cluster grants, and
//! `resource_names` narrow a rule as a condition does.

use super::tree::{Block, Body, Nested, Value};
use super::{Address, address};
use crate::formats::aws_policy::{element, strings};
use crate::model::{Effect, FileModel, Grant, GrantSource, Provider, RoleBinding};
use crate::source::Spanned;

/// The Kubernetes kind each resource type declares.
fn kubernetes_kind(resource: &str) -> Option<&'static str> {
    Some(match resource.strip_suffix("_v1").unwrap_or(resource) {
        "kubernetes_role" => "Role",
        "kubernetes_cluster_role" => "ClusterRole",
        "kubernetes_role_binding" => "RoleBinding",
        "kubernetes_cluster_role_binding" => "ClusterRoleBinding",
        _ => return None,
    })
}

pub fn lower(body: &Body, text: &str, model: &mut FileModel) {
    let objects: Vec<(&Block, &str, Object)> = body
        .blocks("resource")
        .filter_map(|block| {
            let resource = block.labels.first().map_or("", |l| l.value.as_str());
            let kind = kubernetes_kind(resource)?;
            Some((block, kind, Object::read(block, kind, text)))
        })
        .collect();
    let roles: Vec<&Object> = objects
        .iter()
        .filter(|(_, kind, _)| matches!(*kind, "Role" | "ClusterRole"))
        .map(|(_, _, object)| object)
        .collect();
    for (block, kind, object) in &objects {
        match *kind {
            "Role" | "ClusterRole" => rules(block, object, text, model),
            _ => binding(block, object, &roles, text, model),
        }
    }
}

/// What a resource declares about the object it creates.
struct Object {
    /// `ClusterRole/ops`: its kind and `metadata.name`, or the resource's
    /// own name when the metadata name is computed.
    label: String,
    /// `metadata.name` as written, a template or an expression included.
    written_name: Option<String>,
    namespace: Option<String>,
    at: Address,
}

impl Object {
    fn read(block: &Block, kind: &str, text: &str) -> Self {
        let at = address(block);
        let metadata = Nested::all_in(&block.body, "metadata").into_iter().next();
        let literal = |key: &str| {
            metadata
                .and_then(|m| m.get(key))
                .and_then(Value::literal_str)
                .map(str::to_owned)
        };
        let name = literal("name")
            .or_else(|| block.labels.get(1).map(|l| l.value.clone()))
            .unwrap_or_default();
        Object {
            label: format!("{kind}/{name}"),
            written_name: metadata
                .and_then(|m| m.get("name"))
                .map(|name| element(name, text).value),
            namespace: literal("namespace"),
            at,
        }
    }

    /// Whether a binding's `role_ref.name`, as written, names this role:
    /// by a reference to its name (`kubernetes_cluster_role_v1.ops.metadata[0].name`)
    /// or by the same text as its own `metadata.name` (a template both
    /// build from one variable), which the cluster resolves alike.
    fn is_named_by(&self, written: &str) -> bool {
        let by_reference = written
            .strip_prefix(self.at.object.as_str())
            .is_some_and(|rest| matches!(rest, ".metadata[0].name" | ".metadata.0.name"));
        by_reference || self.written_name.as_deref() == Some(written)
    }

    /// The name the cluster gives the object: its label without the kind.
    fn name(&self) -> &str {
        self.label.split_once('/').map_or("", |(_, name)| name)
    }
}

fn rules(block: &Block, object: &Object, text: &str, model: &mut FileModel) {
    if !Nested::all_in(&block.body, "aggregation_rule").is_empty() {
        return;
    }
    let cluster_wide = object.label.starts_with("ClusterRole/");
    for (index, rule) in Nested::all_in(&block.body, "rule").into_iter().enumerate() {
        let list = |key: &str| {
            let mut found = Vec::new();
            if let Some(value) = rule.get(key) {
                strings(value, text, &mut found);
            }
            found
        };
        model.grants.push(Grant {
            source: GrantSource::KubernetesRbac,
            object: format!("{} rule {}", object.label, index + 1),
            place: format!("{}/rule/{index}", object.at.place),
            span: rule.span(),
            cluster_wide: Some(cluster_wide),
            effect: Spanned::new(Effect::Allow, rule.span()),
            actions: list("verbs"),
            not_actions: Vec::new(),
            resources: list("resources"),
            not_resources: Vec::new(),
            api_groups: list("api_groups"),
            principals: Vec::new(),
            not_principals: Vec::new(),
            has_condition: !list("resource_names").is_empty(),
            conditions: Vec::new(),
            unconditioned_branch: None,
        });
    }
}

fn binding(block: &Block, object: &Object, roles: &[&Object], text: &str, model: &mut FileModel) {
    let role_ref = Nested::all_in(&block.body, "role_ref").into_iter().next();
    let Some(role) = role_ref.and_then(|r| r.get("name")) else {
        return;
    };
    let role_kind = role_ref
        .and_then(|r| r.get("kind"))
        .and_then(Value::literal_str)
        .map(str::to_owned);
    let subjects = Nested::all_in(&block.body, "subject")
        .into_iter()
        .filter_map(|subject| {
            let kind = subject.get("kind").and_then(Value::literal_str)?;
            let name = subject.get("name")?;
            let shown = element(name, text).value;
            let text = if kind == "ServiceAccount" {
                // An expression is shown as written: `default` would be a
                // guess.
                let namespace = subject
                    .get("namespace")
                    .map(|ns| element(ns, text).value)
                    .or_else(|| object.namespace.clone());
                match namespace {
                    Some(namespace) => format!("ServiceAccount/{namespace}/{shown}"),
                    None => format!("ServiceAccount/{shown}"),
                }
            } else {
                format!("{kind}/{shown}")
            };
            Some(Spanned::new(text, name.span))
        })
        .collect();
    model.role_bindings.push(RoleBinding {
        provider: Provider::Kubernetes,
        object: object.label.clone(),
        place: object.at.place.clone(),
        span: block.labels.first().map_or(block.span, |l| l.span),
        role: {
            // A role of this file named by reference or by its own
            // template: the name its grants carry, so that the RBAC rules
            // see the binding.
            let written = element(role, text);
            match roles.iter().find(|r| r.is_named_by(&written.value)) {
                Some(declared) => Spanned::new(declared.name().to_owned(), written.span),
                None => written,
            }
        },
        role_kind,
        subjects,
        condition: None,
        scope: None,
    });
}
