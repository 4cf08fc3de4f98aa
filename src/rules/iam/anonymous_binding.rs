//! `anonymous-binding`: a binding whose subjects include everyone.
//! - Kubernetes: `system:anonymous` (the user of unauthenticated requests)
//!   or `system:unauthenticated` (their group). Whatever the role allows,
//!   anyone who can reach the API server can do, without credentials.
//! - GCP: `allUsers` (anyone on the internet) or `allAuthenticatedUsers`
//!   (anyone signed in to any Google account, which anyone can create).
//!   A role that only reads (`roles/storage.objectViewer`, BigQuery's
//!   `READER`) on one resource is a warning: a public website's bucket is
//!   one on purpose, but a reviewer should see it. Anything more is an
//!   error, and so is reading a whole project, folder or organization
//!   (`roles/viewer` on the project shows everyone every resource in it).
//!
//! Bindings public by design are not reported: Kubernetes'
//! `system:public-info-viewer` (health and version endpoints), kubeadm's
//! `kubeadm:bootstrap-signer-clusterinfo` (the public cluster-info ConfigMap
//! that joining nodes read), and GCP's invoker roles, which are how a Cloud
//! Run service or Cloud Function is made a public endpoint.

use super::gcp::hierarchy_scope;
use crate::finding::Severity;
use crate::model::{Provider, RoleBinding};
use crate::rules::{Context, Rule};

pub struct AnonymousBinding;

pub static ANONYMOUS_BINDING: AnonymousBinding = AnonymousBinding;

struct Everyone {
    provider: Provider,
    name: &'static str,
    /// Who gets the role.
    who: &'static str,
}

const EVERYONE: &[Everyone] = &[
    Everyone {
        provider: Provider::Kubernetes,
        name: "system:anonymous",
        who: "anyone who can reach the API server gets it without credentials",
    },
    Everyone {
        provider: Provider::Kubernetes,
        name: "system:unauthenticated",
        who: "anyone who can reach the API server gets it without credentials",
    },
    Everyone {
        provider: Provider::Gcp,
        name: "allUsers",
        who: "anyone on the internet gets it without signing in",
    },
    Everyone {
        provider: Provider::Gcp,
        name: "allAuthenticatedUsers",
        who: "anyone signed in to a Google account, which anyone can create, gets it",
    },
];

const PUBLIC_BY_DESIGN: &[&str] = &[
    "system:public-info-viewer",
    "kubeadm:bootstrap-signer-clusterinfo",
    "roles/run.invoker",
    "roles/cloudfunctions.invoker",
];

/// Whether a GCP role only reads: the viewer and reader roles, and
/// BigQuery's and Cloud Storage's legacy `READER`.
fn reads_only(role: &str) -> bool {
    let name = role.rsplit(['/', '.']).next().unwrap_or(role);
    role == "READER"
        || name.ends_with("Viewer")
        || name.ends_with("viewer")
        || name.ends_with("Reader")
}

impl Rule for AnonymousBinding {
    fn id(&self) -> &'static str {
        "anonymous-binding"
    }

    fn check_role_binding(&self, binding: &RoleBinding, cx: &mut Context<'_>) {
        let role = binding.role.value.as_str();
        if PUBLIC_BY_DESIGN.contains(&role) {
            return;
        }
        for subject in &binding.subjects {
            // `Group/system:unauthenticated`, `members:allUsers`.
            let name = match binding.provider {
                Provider::Gcp => subject.value.rsplit_once(':'),
                _ => subject.value.split_once('/'),
            }
            .map_or(subject.value.as_str(), |(_, n)| n);
            let Some(everyone) = EVERYONE
                .iter()
                .find(|e| e.provider == binding.provider && e.name == name)
            else {
                continue;
            };
            let (severity, instead) = match binding.provider {
                Provider::Gcp if reads_only(role) && hierarchy_scope(&binding.object).is_none() => {
                    (
                        Severity::Warning,
                        "unless it is meant to be public, grant it to named users, groups or \
                     service accounts",
                    )
                }
                Provider::Gcp => (
                    Severity::Error,
                    "grant it to named users, groups or service accounts",
                ),
                _ => (
                    Severity::Error,
                    "bind it to named users, groups or service accounts",
                ),
            };
            // Kubernetes subjects keep their kind; GCP's key is Terraform's.
            let shown = match binding.provider {
                Provider::Gcp => name,
                _ => subject.value.as_str(),
            };
            cx.report(
                subject.span,
                format!(
                    "{} grants `{role}` to `{shown}`: {}; {instead}",
                    binding.object, everyone.who
                ),
            )
            .severity(severity)
            .object(binding.object.clone())
            .place(format!("{}/subjects/{name}", binding.place));
        }
    }
}
