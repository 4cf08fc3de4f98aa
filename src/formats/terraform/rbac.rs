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
//! EKS cluster access is bound the same way: the `aws-auth` entries of a
//! `kubernetes_config_map` of that name or of the EKS module's inputs
//! (`aws_auth_roles` ...) bind the groups their identities join (see
//! [`aws_auth`]), and an access policy association (the resource, or the
//! EKS module's `access_entries`) binds its policy to its principal, on
//! the cluster (`access_scope` `cluster`) or on namespaces.
//!
//! As in a manifest, a ClusterRole with an `aggregation_rule` is filled by
//! the controller and its own rules are not what the cluster grants, and
//! `resource_names` narrow a rule as a condition does.

use super::tree::{Block, Body, Kind, Nested, StrSyntax, Value};
use super::{Address, address};
use crate::formats::aws_auth::{self, Mapping};
use crate::formats::aws_policy::{element, strings};
use crate::formats::embedded::{OffsetMap, decode};
use crate::formats::text_map::LineMap;
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
    for block in &body.blocks {
        eks_access(block, text, model);
    }
}

/// The inputs of the EKS module that become `aws-auth` entries.
const AWS_AUTH_INPUTS: &[&str] = &["aws_auth_roles", "aws_auth_users", "map_roles", "map_users"];

/// EKS cluster access granted from Terraform: the `aws-auth` ConfigMap (a
/// `kubernetes_config_map` of that name, or the EKS module's inputs) binds
/// the groups its identities join, and an access policy association binds
/// its policy (`AmazonEKSClusterAdminPolicy` ...) to its principal, on the
/// cluster or on namespaces.
fn eks_access(block: &Block, text: &str, model: &mut FileModel) {
    let at = address(block);
    let kind = block.labels.first().map_or("", |l| l.value.as_str());
    match (block.kind.value.as_str(), kind) {
        (
            "resource",
            "kubernetes_config_map" | "kubernetes_config_map_v1" | "kubernetes_config_map_v1_data",
        ) => {
            let named = Nested::all_in(&block.body, "metadata")
                .into_iter()
                .next()
                .and_then(|m| m.get("name"))
                .and_then(Value::literal_str)
                == Some(aws_auth::NAME);
            let Some(data) = block.body.attr("data").filter(|_| named) else {
                return;
            };
            for key in aws_auth::KEYS {
                if let Some(value) = data.value.get(key) {
                    let place = format!("{}/{key}", at.place);
                    aws_auth::lower(&at.object, &place, mappings(value, text), model);
                }
            }
        }
        ("module", _) => {
            for key in AWS_AUTH_INPUTS {
                if let Some(attr) = block.body.attr(key) {
                    let place = format!("{}/{key}", at.place);
                    aws_auth::lower(&at.object, &place, objects(&attr.value, text), model);
                }
            }
            // The EKS module's access entries: `{ name = { principal_arn,
            // policy_associations = { name = { policy_arn, access_scope } } } }`.
            let entries = block.body.attr("access_entries").map(|a| a.value.entries());
            for (name, entry) in entries.unwrap_or_default() {
                let Some(principal) = entry.get("principal_arn") else {
                    continue;
                };
                let associations = entry.get("policy_associations").map(Value::entries);
                for (_, association) in associations.unwrap_or_default() {
                    let place = format!("{}/access_entries/{}", at.place, name.value);
                    access_policy(
                        Nested::Object(association),
                        principal,
                        &at.object,
                        place,
                        text,
                        model,
                    );
                }
            }
        }
        ("resource", "aws_eks_access_policy_association") => {
            if let Some(principal) = block.body.attr("principal_arn") {
                let association = Nested::Block(block);
                access_policy(
                    association,
                    &principal.value,
                    &at.object,
                    at.place.clone(),
                    text,
                    model,
                );
            }
        }
        _ => {}
    }
}

/// Binds an access policy association's policy to its principal, with the
/// reach its `access_scope` gives: the cluster or namespaces.
fn access_policy(
    association: Nested<'_>,
    principal: &Value,
    object: &str,
    place: String,
    text: &str,
    model: &mut FileModel,
) {
    let Some(policy) = association.get("policy_arn") else {
        return;
    };
    let scope_type = association
        .nested("access_scope")
        .into_iter()
        .next()
        .and_then(|s| s.get("type"))
        .and_then(Value::literal_str);
    aws_auth::access_policy(
        object,
        place,
        association.span(),
        element(policy, text),
        element(principal, text),
        scope_type,
        model,
    );
}

/// The `aws-auth` entries a value lists: YAML in a string, or objects
/// (`yamlencode([...])`).
fn mappings(value: &Value, text: &str) -> Vec<Mapping> {
    match &value.kind {
        Kind::Str(s) => {
            let raw = text.get(s.content.start..s.content.end).unwrap_or_default();
            let (written, map) = match s.syntax {
                StrSyntax::Heredoc => (raw.to_owned(), OffsetMap::Shift(s.content.start)),
                StrSyntax::Decoded => (
                    s.text.clone(),
                    OffsetMap::Lines(LineMap::new(text, s.content, &s.text, false)),
                ),
                syntax => decode(raw, s.content.start, syntax),
            };
            aws_auth::from_yaml(&written, &map)
        }
        Kind::Call { name, args } if name == "yamlencode" => args
            .first()
            .map(|list| objects(list, text))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `aws-auth` entries written as objects (`{ rolearn = ..., groups = [...] }`).
fn objects(value: &Value, text: &str) -> Vec<Mapping> {
    value
        .items()
        .iter()
        .filter_map(|entry| {
            let identity = aws_auth::IDENTITY_KEYS
                .iter()
                .find_map(|key| entry.get(key))?;
            let groups = entry.get("groups").map(Value::items).unwrap_or_default();
            Some(Mapping {
                identity: element(identity, text),
                groups: groups.iter().map(|g| element(g, text)).collect(),
            })
        })
        .collect()
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
