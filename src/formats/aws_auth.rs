//! EKS's `aws-auth` ConfigMap (`kube-system/aws-auth`): its `mapRoles` and
//! `mapUsers` list AWS identities (`rolearn`, `userarn`) and the Kubernetes
//! groups each joins, everywhere in the cluster. Joining a group is being
//! bound as that group is, so each identity and group becomes a
//! [`RoleBinding`] of the group (`role_kind` `Group`) with the identity as
//! its subject: joining `system:masters` is holding `cluster-admin`. The
//! lists are YAML written in a string (a manifest's block scalar, a
//! Terraform heredoc) or, in Terraform, objects (`yamlencode([...])`, the
//! EKS module's `aws_auth_roles`).
//!
//! EKS access entries, the API that replaces the ConfigMap, associate
//! access policies with an identity instead: each association is a binding
//! of the policy's ARN, reaching the cluster or namespaces as its access
//! scope's `type` says ([`access_policy`]), however the file writes it
//! (Terraform, CloudFormation).

use crate::formats::embedded::OffsetMap;
use crate::formats::yaml::{self, Node};
use crate::model::{FileModel, GrantScope, Provider, RoleBinding};
use crate::source::{Span, Spanned};

/// The ConfigMap's name; it lives in `kube-system`.
pub const NAME: &str = "aws-auth";

/// The keys of its `data` that map identities.
pub const KEYS: &[&str] = &["mapRoles", "mapUsers"];

/// The keys that name an entry's identity.
pub const IDENTITY_KEYS: &[&str] = &["rolearn", "userarn"];

/// One entry: the identity as written and the groups it joins.
pub struct Mapping {
    pub identity: Spanned<String>,
    pub groups: Vec<Spanned<String>>,
}

/// The entries a `mapRoles` or `mapUsers` text lists; `map` takes its
/// offsets to the file. Text that is not such a list gives none.
pub fn from_yaml(text: &str, map: &OffsetMap) -> Vec<Mapping> {
    let Ok(stream) = yaml::parse(text) else {
        return Vec::new();
    };
    let spanned = |node: &Node| {
        let value = node.as_str()?;
        Some(Spanned::new(
            value.to_owned(),
            map.span(node.span.start, node.span.end),
        ))
    };
    stream
        .documents
        .iter()
        .flat_map(|document| document.root.items())
        .filter_map(|entry| {
            let identity = IDENTITY_KEYS.iter().find_map(|key| entry.get(key))?;
            Some(Mapping {
                identity: spanned(identity)?,
                groups: entry
                    .get("groups")
                    .map(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(spanned)
                    .collect(),
            })
        })
        .collect()
}

/// Adds a binding of each group an entry joins, in `object` (`ConfigMap/aws-auth`).
pub fn lower(object: &str, place: &str, mappings: Vec<Mapping>, model: &mut FileModel) {
    for mapping in mappings {
        for group in mapping.groups {
            model.role_bindings.push(RoleBinding {
                provider: Provider::Kubernetes,
                object: object.to_owned(),
                place: format!("{place}/{}/{}", mapping.identity.value, group.value),
                span: mapping.identity.span,
                role: group,
                role_kind: Some("Group".to_owned()),
                subjects: vec![mapping.identity.clone()],
                condition: None,
                scope: Some(GrantScope::Account),
            });
        }
    }
}

/// Binds an access policy association's policy (its ARN, as written) to
/// its principal, in `object`, with the reach its access scope's `type`
/// gives: the cluster or namespaces; none where the type is not written.
pub fn access_policy(
    object: &str,
    place: String,
    span: Span,
    policy: Spanned<String>,
    principal: Spanned<String>,
    scope_type: Option<&str>,
    model: &mut FileModel,
) {
    let scope = scope_type.and_then(|kind| match kind {
        "cluster" => Some(GrantScope::Account),
        "namespace" => Some(GrantScope::ResourceGroup),
        _ => None,
    });
    model.role_bindings.push(RoleBinding {
        provider: Provider::Kubernetes,
        object: object.to_owned(),
        place,
        span,
        role: policy,
        role_kind: None,
        subjects: vec![principal],
        condition: None,
        scope,
    });
}
