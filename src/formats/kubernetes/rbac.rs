//! Kubernetes RBAC: each rule of a Role or ClusterRole becomes a
//! [`Grant`] (verbs as actions, resources, apiGroups), each RoleBinding or
//! ClusterRoleBinding a [`RoleBinding`] (the role it grants, its subjects as
//! `User/alice`, `Group/system:unauthenticated`, `ServiceAccount/ns/name`).
//!
//! `resourceNames` narrow a rule to named objects: the grant records that as
//! a condition (`has_condition`), as a condition narrows an AWS statement;
//! its resources stay the kinds of object granted.
//!
//! A ClusterRole with an `aggregationRule` is filled by the controller from
//! the roles its selectors match; rules written in it are overwritten, so
//! they are not what the cluster grants and are not lowered. The roles that
//! feed it (labelled `aggregate-to-...`) are lowered like any other.
//!
//! EKS's `aws-auth` ConfigMap binds the groups its AWS identities join
//! (see [`aws_auth`]).

use super::Object;
use crate::formats::aws_auth;
use crate::formats::embedded::OffsetMap;
use crate::formats::yaml::{self, Node};
use crate::model::{Effect, FileModel, Grant, GrantSource, Provider, RoleBinding};
use crate::source::Spanned;

const RBAC_API: &str = "rbac.authorization.k8s.io/";

pub fn lower(object: &Object<'_>, text: &str, model: &mut FileModel) {
    if object.kind == "ConfigMap"
        && object.name == aws_auth::NAME
        && object.namespace.is_none_or(|ns| ns == "kube-system")
    {
        aws_auth_mappings(object, text, model);
        return;
    }
    let api = object
        .root
        .get("apiVersion")
        .and_then(Node::as_str)
        .unwrap_or("");
    if !api.starts_with(RBAC_API) {
        return;
    }
    match object.kind {
        "Role" | "ClusterRole" => roles(object, model),
        "RoleBinding" | "ClusterRoleBinding" => binding(object, model),
        _ => {}
    }
}

/// EKS's `aws-auth` ConfigMap: each group its entries join is bound.
fn aws_auth_mappings(object: &Object<'_>, text: &str, model: &mut FileModel) {
    for key in aws_auth::KEYS {
        let Some(node) = object.root.path(&["data", key]) else {
            continue;
        };
        let Some(written) = node.as_str() else {
            continue;
        };
        let map = OffsetMap::Lines(yaml::line_map(text, node, written));
        let mappings = aws_auth::from_yaml(written, &map);
        aws_auth::lower(&object.label(), &object.place(), mappings, model);
    }
}

fn roles(object: &Object<'_>, model: &mut FileModel) {
    if object.kind == "ClusterRole" && object.root.get("aggregationRule").is_some() {
        return;
    }
    let cluster_wide = object.kind == "ClusterRole";
    let rules = object
        .root
        .get("rules")
        .map(Node::items)
        .unwrap_or_default();
    for (index, rule) in rules.iter().enumerate() {
        if rule.as_map().is_none() {
            continue;
        }
        let list = |key: &str| -> Vec<Spanned<String>> {
            rule.get(key)
                .map(|n| match n.as_seq() {
                    Some(items) => items.iter().filter_map(scalar).collect(),
                    // A single string where a list belongs: the API rejects
                    // it, but what it means is plain.
                    None => scalar(n).into_iter().collect(),
                })
                .unwrap_or_default()
        };
        model.grants.push(Grant {
            source: GrantSource::KubernetesRbac,
            object: format!("{} rule {}", object.label(), index + 1),
            place: format!("{}/rules/{index}", object.place()),
            span: rule.span,
            cluster_wide: Some(cluster_wide),
            effect: Spanned::new(Effect::Allow, rule.span),
            actions: list("verbs"),
            not_actions: Vec::new(),
            resources: list("resources"),
            not_resources: Vec::new(),
            api_groups: list("apiGroups"),
            principals: Vec::new(),
            not_principals: Vec::new(),
            has_condition: !list("resourceNames").is_empty(),
            conditions: Vec::new(),
            unconditioned_branch: None,
        });
    }
}

fn binding(object: &Object<'_>, model: &mut FileModel) {
    let Some(role) = object.root.path(&["roleRef", "name"]).and_then(scalar) else {
        return;
    };
    let subjects = object
        .root
        .get("subjects")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|subject| {
            let kind = subject.get("kind").and_then(Node::as_str)?;
            let name = subject.get("name").and_then(Node::as_str)?;
            // Without a namespace here or on the binding, a tool fills it in
            // (kustomize's `namespace:`): `default` would be a guess.
            let text = match subject
                .get("namespace")
                .and_then(Node::as_str)
                .or(object.namespace)
            {
                Some(namespace) if kind == "ServiceAccount" => {
                    format!("ServiceAccount/{namespace}/{name}")
                }
                _ => format!("{kind}/{name}"),
            };
            let span = subject.get("name").map_or(subject.span, |n| n.span);
            Some(Spanned::new(text, span))
        })
        .collect();
    model.role_bindings.push(RoleBinding {
        provider: Provider::Kubernetes,
        object: object.label(),
        place: object.place(),
        span: object.span(),
        role,
        role_kind: object
            .root
            .path(&["roleRef", "kind"])
            .and_then(Node::as_str)
            .map(str::to_owned),
        subjects,
        condition: None,
        scope: None,
    });
}

fn scalar(node: &Node) -> Option<Spanned<String>> {
    node.as_str()
        .map(|text| Spanned::new(text.to_string(), node.span))
}

#[cfg(test)]
mod tests {
    use crate::source::{Format, SourceFile};

    fn load(text: &str) -> crate::model::FileModel {
        let file = SourceFile::new("rbac.yaml", Format::Kubernetes, text);
        super::super::load(
            &file,
            &Default::default(),
            &crate::formats::Syntax::of(&file.text),
        )
        .unwrap_or_default()
    }

    #[test]
    fn rules_become_grants_and_bindings_name_their_subjects() {
        let model = load(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: app}\n\
             rules:\n- apiGroups: ['']\n  resources: [secrets]\n  resourceNames: [db]\n  verbs: [get]\n\
             ---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\n\
             metadata: {name: b, namespace: app}\nroleRef: {kind: Role, name: r}\n\
             subjects:\n- {kind: ServiceAccount, name: api}\n- {kind: Group, name: devs}\n",
        );
        let grant = &model.grants[0];
        assert_eq!(grant.object, "Role/r rule 1");
        assert_eq!(grant.cluster_wide, Some(false));
        assert!(grant.has_condition);
        assert_eq!(grant.api_groups[0].value, "");
        let binding = &model.role_bindings[0];
        assert_eq!(binding.role.value, "r");
        assert_eq!(binding.role_kind.as_deref(), Some("Role"));
        let subjects: Vec<&str> = binding.subjects.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(subjects, ["ServiceAccount/app/api", "Group/devs"]);
    }

    #[test]
    fn aggregated_cluster_roles_and_other_api_groups_grant_nothing() {
        let model = load(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: agg}\n\
             aggregationRule: {clusterRoleSelectors: [{matchLabels: {a: b}}]}\n\
             rules: [{apiGroups: ['*'], resources: ['*'], verbs: ['*']}]\n\
             ---\napiVersion: example.com/v1\nkind: ClusterRole\nmetadata: {name: x}\n\
             rules: [{verbs: ['*']}]\n",
        );
        assert!(model.grants.is_empty());
    }
}
