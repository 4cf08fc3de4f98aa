//! `anonymous-binding`: a binding whose subjects include `system:anonymous`
//! (the user of unauthenticated requests) or `system:unauthenticated` (their
//! group). Whatever the role allows, anyone who can reach the API server
//! can do, without credentials.
//!
//! Kubernetes' own bindings of this kind are not reported:
//! `system:public-info-viewer` (health and version endpoints) and kubeadm's
//! `kubeadm:bootstrap-signer-clusterinfo` (the public cluster-info
//! ConfigMap that joining nodes read).

use crate::model::{Provider, RoleBinding};
use crate::rules::{Context, Rule};

pub struct AnonymousBinding;

pub static ANONYMOUS_BINDING: AnonymousBinding = AnonymousBinding;

const ANONYMOUS: &[&str] = &["system:anonymous", "system:unauthenticated"];

const PUBLIC_BY_DESIGN: &[&str] = &[
    "system:public-info-viewer",
    "kubeadm:bootstrap-signer-clusterinfo",
];

impl Rule for AnonymousBinding {
    fn id(&self) -> &'static str {
        "anonymous-binding"
    }

    fn check_role_binding(&self, binding: &RoleBinding, cx: &mut Context<'_>) {
        if binding.provider != Provider::Kubernetes
            || PUBLIC_BY_DESIGN.contains(&binding.role.value.as_str())
        {
            return;
        }
        for subject in &binding.subjects {
            let name = subject
                .value
                .split_once('/')
                .map_or(subject.value.as_str(), |(_, n)| n);
            if !ANONYMOUS.contains(&name) {
                continue;
            }
            cx.report(
                subject.span,
                format!(
                    "{} grants `{}` to `{}`: anyone who can reach the API server gets it \
                     without credentials; bind it to named users, groups or service accounts",
                    binding.object, binding.role.value, subject.value
                ),
            )
            .object(binding.object.clone())
            .place(format!("{}/subjects/{name}", binding.place));
        }
    }
}
