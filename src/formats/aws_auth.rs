//! EKS's `aws-auth` ConfigMap (`kube-system/aws-auth`): its `mapRoles` and
//! `mapUsers` list AWS identities (`rolearn`, `userarn`) and the Kubernetes
//! groups each joins, everywhere in the cluster. Joining a group is being
//! bound as that group is, so each identity and group becomes a
//! [`RoleBinding`] of the group (`role_kind` `Group`) with the identity as
//! its subject: joining `system:masters` is holding `cluster-admin`. The
//! lists are YAML written in a string (a manifest's block scalar, a
//! Terraform heredoc) or, in Terraform, objects (`yamlencode([...])`, the
//! EKS module's `aws_auth_roles`).

use crate::formats::embedded::OffsetMap;
use crate::formats::yaml::{self, Node};
use crate::model::{FileModel, GrantScope, Provider, RoleBinding};
use crate::source::Spanned;

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
