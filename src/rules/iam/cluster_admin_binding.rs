//! `cluster-admin-binding`: a binding that grants the `cluster-admin`
//! ClusterRole, which allows every verb on every resource. Bound cluster
//! wide (ClusterRoleBinding), its subjects own the cluster: every Secret,
//! every node, every workload. Bound in a namespace (RoleBinding), they own
//! that namespace, Secrets and RBAC included: a warning.
//!
//! Two other ways to the same power are judged alike: an identity that
//! joins the group `system:masters` (EKS's `aws-auth` ConfigMap), which
//! Kubernetes binds to `cluster-admin` and which no RBAC change can
//! narrow, and EKS's access policy `AmazonEKSClusterAdminPolicy`, which is
//! `cluster-admin` on the cluster or on the namespaces it is scoped to.
//!
//! On AKS, Azure role assignments reach inside the cluster: `Azure
//! Kubernetes Service RBAC Cluster Admin` is `cluster-admin`, and `Azure
//! Kubernetes Service Cluster Admin Role` fetches the admin kubeconfig,
//! which is; each is an error assigned on a cluster, a resource group or
//! more (every cluster below). `Azure Kubernetes Service RBAC Admin` there
//! is the built-in `admin` in every namespace, and `Azure Kubernetes
//! Service RBAC Writer` the built-in `edit`: warnings, as those roles bound
//! cluster wide are. Scoped to a namespace, the assignment is what
//! Microsoft recommends. Owner and Contributor assigned on an AKS cluster
//! fetch its admin kubeconfig (enabling local accounts again where they
//! are disabled): an error, as `Azure Kubernetes Service Cluster Admin
//! Role` is; assigned on a resource group or more they are
//! `azure-privileged-role-assignment`'s. On GKE, IAM grants Kubernetes
//! access too: `roles/container.admin` granted on a project, folder or
//! organization is `cluster-admin` of every cluster within (an error), and
//! `roles/container.developer` reads and writes every object but RBAC in
//! them, Secrets included: `edit` everywhere, a warning.
//!
//! The built-in `admin` and `edit` bound cluster wide (ClusterRoleBinding)
//! come near: in every namespace, kube-system included, their subjects read
//! every Secret, exec into any pod and run pods as any service account, so
//! take the powers of every account of the cluster (`admin` also writes
//! Roles and RoleBindings). A warning; bound in a namespace they are what
//! Kubernetes made them for and are not reported. EKS's access policies
//! `AmazonEKSAdminPolicy` and `AmazonEKSEditPolicy` are those two roles,
//! judged alike: a warning with an access scope of type `cluster`, nothing
//! scoped to namespaces or where the scope is not written out. So is
//! `AmazonEKSAdminViewPolicy`, which reads every resource, Secrets
//! included: cluster wide, every account's token and every credential.
//!
//! The bootstrap binding of `cluster-admin` to `Group/system:masters` is
//! Kubernetes' own and is not reported.

use super::gcp::hierarchy_scope;
use crate::finding::Severity;
use crate::model::{GrantScope, Provider, RoleBinding};
use crate::rules::{Context, Rule};

pub struct ClusterAdminBinding;

pub static CLUSTER_ADMIN_BINDING: ClusterAdminBinding = ClusterAdminBinding;

/// The group Kubernetes binds to `cluster-admin` and lets past every
/// authorizer.
const MASTERS: &str = "system:masters";

/// How a binding grants `cluster-admin`.
enum Grants {
    ClusterRole,
    MastersGroup,
    EksAccessPolicy,
    /// The built-in `admin` or `edit`, nearly as strong bound cluster wide.
    BuiltIn(BuiltIn),
    /// EKS's `AmazonEKSAdminViewPolicy`: `view` with every Secret, which
    /// cluster wide holds the credentials of every account of the cluster.
    EksAdminView,
}

const EKS_ADMIN_VIEW: &str = "AmazonEKSAdminViewPolicy";

/// The built-in `admin` or `edit`, and the EKS access policy that grants
/// it, when that is how the binding names it.
#[derive(Clone, Copy)]
struct BuiltIn {
    role: &'static str,
    access_policy: Option<&'static str>,
}

/// EKS's access policies that are Kubernetes' built-in roles.
const EKS_BUILT_INS: &[(&str, &str)] = &[
    ("AmazonEKSAdminPolicy", "admin"),
    ("AmazonEKSEditPolicy", "edit"),
];

/// A cloud's built-in IAM role that acts inside its Kubernetes clusters.
struct CloudRole {
    provider: Provider,
    name: &'static str,
    /// Its role definition id, the same in every tenant (Azure's).
    id: Option<&'static str>,
    severity: Severity,
    /// What it lets its principal do, completing "which ...", with
    /// `{scope}` for the clusters it reaches.
    allows: &'static str,
    fix: &'static str,
    /// Whether it is judged only where assigned on a cluster: a general
    /// role (Azure's Contributor), whose assignment on a resource group or
    /// subscription is `azure-privileged-role-assignment`'s.
    on_a_cluster_only: bool,
}

const CLOUD_ROLES: &[CloudRole] = &[
    CloudRole {
        provider: Provider::Azure,
        name: "Azure Kubernetes Service RBAC Cluster Admin",
        id: Some("b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"),
        severity: Severity::Error,
        allows: "is `cluster-admin` (every verb on every resource) of {scope}",
        fix: "assign `Azure Kubernetes Service RBAC Writer` or `Reader` scoped to the \
              namespaces needed (`<cluster id>/namespaces/<name>`)",
        on_a_cluster_only: false,
    },
    CloudRole {
        provider: Provider::Azure,
        name: "Azure Kubernetes Service Cluster Admin Role",
        id: Some("0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8"),
        severity: Severity::Error,
        allows: "fetches the admin kubeconfig, `cluster-admin`, of {scope}",
        fix: "assign `Azure Kubernetes Service Cluster User Role` with the Kubernetes RBAC \
              needed, and disable local accounts",
        on_a_cluster_only: false,
    },
    CloudRole {
        provider: Provider::Azure,
        name: "Azure Kubernetes Service RBAC Admin",
        id: Some("3498e952-d568-435e-9b2c-8d77e338d7f7"),
        severity: Severity::Warning,
        allows: "is the built-in `admin` in every namespace of {scope}, kube-system \
                 included: it reads every Secret, runs pods as any service account and writes \
                 Roles and RoleBindings",
        fix: "assign it scoped to the namespaces needed (`<cluster id>/namespaces/<name>`)",
        on_a_cluster_only: false,
    },
    CloudRole {
        provider: Provider::Azure,
        name: "Azure Kubernetes Service RBAC Writer",
        id: Some("a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb"),
        severity: Severity::Warning,
        allows: "is the built-in `edit` in every namespace of {scope}, kube-system \
                 included: it reads every Secret and runs pods as any service account",
        fix: "assign it scoped to the namespaces needed (`<cluster id>/namespaces/<name>`)",
        on_a_cluster_only: false,
    },
    CloudRole {
        provider: Provider::Gcp,
        name: "roles/container.admin",
        id: None,
        severity: Severity::Error,
        allows: "is `cluster-admin` (every verb on every resource) of {scope}",
        fix: "grant `roles/container.clusterViewer` (to fetch credentials) and bind the \
              Kubernetes RBAC needed in the cluster",
        on_a_cluster_only: false,
    },
    CloudRole {
        provider: Provider::Gcp,
        name: "roles/container.developer",
        id: None,
        severity: Severity::Warning,
        allows: "reads and writes every Kubernetes object but RBAC in every namespace of \
                 {scope}, kube-system included: it reads every Secret, execs into any pod and \
                 runs pods as any service account",
        fix: "grant `roles/container.clusterViewer` (to fetch credentials) and bind the \
              Kubernetes RBAC needed in each namespace (a RoleBinding of `edit`)",
        on_a_cluster_only: false,
    },
    CloudRole {
        provider: Provider::Azure,
        name: "Owner",
        id: Some("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
        severity: Severity::Error,
        allows: ADMIN_CREDENTIAL,
        fix: TAKE_ADMIN_CREDENTIAL_AWAY,
        on_a_cluster_only: true,
    },
    CloudRole {
        provider: Provider::Azure,
        name: "Contributor",
        id: Some("b24988ac-6180-42a0-ab88-20f7382dd24c"),
        severity: Severity::Error,
        allows: ADMIN_CREDENTIAL,
        fix: TAKE_ADMIN_CREDENTIAL_AWAY,
        on_a_cluster_only: true,
    },
];

/// What Azure's Owner and Contributor allow on an AKS cluster: its
/// `listClusterAdminCredential` action, and the write that enables local
/// accounts again where they are disabled.
const ADMIN_CREDENTIAL: &str = "fetches the admin kubeconfig (`listClusterAdminCredential`, \
     local accounts enabled again if need be), `cluster-admin`, of {scope}";

const TAKE_ADMIN_CREDENTIAL_AWAY: &str = "assign `Azure Kubernetes Service Cluster User Role` \
     with the Kubernetes RBAC needed (`Azure Kubernetes Service RBAC Writer` scoped to \
     namespaces), and disable local accounts";

impl CloudRole {
    /// The role a binding of the provider names, by name or by definition
    /// id (`/providers/Microsoft.Authorization/roleDefinitions/<id>`).
    fn named(provider: Provider, role: &str) -> Option<&'static Self> {
        CLOUD_ROLES.iter().find(|r| {
            r.provider == provider
                && (role.eq_ignore_ascii_case(r.name)
                    || r.id.is_some_and(|id| {
                        role.rsplit('/')
                            .next()
                            .is_some_and(|written| written.eq_ignore_ascii_case(id))
                    }))
        })
    }
}

fn grants(binding: &RoleBinding) -> Option<Grants> {
    let role = binding.role.value.trim();
    if binding.role_kind.as_deref() == Some("Group") {
        return (role == MASTERS).then_some(Grants::MastersGroup);
    }
    if role == "cluster-admin" {
        return Some(Grants::ClusterRole);
    }
    if let Some(role) = ["admin", "edit"].into_iter().find(|b| *b == role) {
        return Some(Grants::BuiltIn(BuiltIn {
            role,
            access_policy: None,
        }));
    }
    let (_, policy) = role.split_once(":cluster-access-policy/")?;
    if policy == "AmazonEKSClusterAdminPolicy" {
        return Some(Grants::EksAccessPolicy);
    }
    if policy == EKS_ADMIN_VIEW {
        return Some(Grants::EksAdminView);
    }
    EKS_BUILT_INS
        .iter()
        .find(|(name, _)| *name == policy)
        .map(|&(name, role)| {
            Grants::BuiltIn(BuiltIn {
                role,
                access_policy: Some(name),
            })
        })
}

/// Whether a binding reaches the whole cluster: a ClusterRoleBinding, or
/// an access policy associated on the cluster. An EKS
/// `AmazonEKSClusterAdminPolicy` whose access scope is not written out is
/// judged as the cluster.
fn cluster_wide(binding: &RoleBinding, grants: &Grants) -> bool {
    match grants {
        Grants::EksAccessPolicy => binding.scope != Some(GrantScope::ResourceGroup),
        _ => {
            binding.object.starts_with("ClusterRoleBinding/")
                || binding.scope == Some(GrantScope::Account)
        }
    }
}

/// Whether another binding of the file gives the same subjects
/// `cluster-admin` on the whole cluster (EKS entries often associate
/// `AmazonEKSAdminPolicy` beside `AmazonEKSClusterAdminPolicy`).
fn cluster_admin_beside(binding: &RoleBinding, cx: &Context<'_>) -> bool {
    let same_subjects = |other: &RoleBinding| {
        other
            .subjects
            .iter()
            .map(|s| &s.value)
            .eq(binding.subjects.iter().map(|s| &s.value))
    };
    !binding.subjects.is_empty()
        && cx.model.role_bindings.iter().any(|other| {
            other.provider == Provider::Kubernetes
                && same_subjects(other)
                && grants(other).is_some_and(|g| {
                    matches!(g, Grants::ClusterRole | Grants::EksAccessPolicy)
                        && cluster_wide(other, &g)
                })
        })
}

impl Rule for ClusterAdminBinding {
    fn id(&self) -> &'static str {
        "cluster-admin-binding"
    }

    fn check_role_binding(&self, binding: &RoleBinding, cx: &mut Context<'_>) {
        if matches!(binding.provider, Provider::Azure | Provider::Gcp) {
            if let Some(role) = CloudRole::named(binding.provider, binding.role.value.trim()) {
                cloud_assignment(binding, role, cx);
            }
            return;
        }
        if binding.provider != Provider::Kubernetes {
            return;
        }
        let Some(grants) = grants(binding) else {
            return;
        };
        if !binding.subjects.is_empty()
            && binding
                .subjects
                .iter()
                .all(|s| s.value == format!("Group/{MASTERS}"))
        {
            return;
        }
        let subjects: Vec<&str> = binding.subjects.iter().map(|s| s.value.as_str()).collect();
        let whom = if subjects.is_empty() {
            "its subjects".to_string()
        } else {
            subjects.join(", ")
        };
        let object = &binding.object;
        let cluster_wide = cluster_wide(binding, &grants);
        let message = match grants {
            // Bound in one namespace, they are what Kubernetes made them for.
            Grants::BuiltIn(_) | Grants::EksAdminView if !cluster_wide => return,
            // `cluster-admin` given to the same subjects is reported, and
            // holds all `admin` and `edit` do.
            Grants::BuiltIn(_) | Grants::EksAdminView if cluster_admin_beside(binding, cx) => {
                return;
            }
            Grants::EksAdminView => format!(
                "{object} gives {whom} `{EKS_ADMIN_VIEW}`, which reads every resource in every \
                 namespace, kube-system included, and every Secret with them: the service \
                 account tokens and credentials stored in the cluster; associate \
                 `AmazonEKSViewPolicy` (no Secrets), or scope the association to the namespaces \
                 needed (an access scope of type `namespace`)"
            ),
            Grants::BuiltIn(BuiltIn {
                role,
                access_policy,
            }) => format!(
                "{object} gives {whom} {granted} in every namespace, kube-system included: it \
                 reads every Secret, execs into any pod and runs pods as any service \
                 account{writes_rbac}; {fix}",
                granted = match access_policy {
                    Some(policy) => format!("`{policy}`, the built-in `{role}`,"),
                    None => format!("the built-in `{role}`"),
                },
                writes_rbac = if role == "admin" {
                    ", and writes Roles and RoleBindings"
                } else {
                    ""
                },
                fix = if access_policy.is_some() {
                    "scope the association to the namespaces needed (an access scope of type \
                     `namespace`)"
                } else {
                    "bind it with a RoleBinding in each namespace needed"
                },
            ),
            Grants::MastersGroup => format!(
                "{object} puts {whom} in the group `{MASTERS}`, which holds `cluster-admin` \
                 (every verb on every resource of the cluster) and which no RBAC change can \
                 narrow: map it to a group bound to a ClusterRole with the verbs and resources \
                 needed"
            ),
            Grants::EksAccessPolicy if cluster_wide => format!(
                "{object} gives {whom} `AmazonEKSClusterAdminPolicy`, which is `cluster-admin` \
                 on every resource of the cluster: associate `AmazonEKSEditPolicy` or \
                 `AmazonEKSViewPolicy`, scoped to the namespaces needed"
            ),
            Grants::EksAccessPolicy => format!(
                "{object} gives {whom} `AmazonEKSClusterAdminPolicy`, which is `cluster-admin` \
                 in the namespaces of its access scope, Secrets and RBAC included: associate \
                 `AmazonEKSEditPolicy` or `AmazonEKSViewPolicy`"
            ),
            Grants::ClusterRole if cluster_wide => format!(
                "{object} gives {whom} `cluster-admin`, every verb on every resource of the \
                 cluster: bind a ClusterRole with the verbs and resources needed"
            ),
            Grants::ClusterRole => format!(
                "{object} gives {whom} `cluster-admin` in its namespace, Secrets and RBAC \
                 included: bind a Role with the verbs and resources needed (or the built-in \
                 `edit`)"
            ),
        };
        let finding = cx
            .report(binding.role.span, message)
            .object(binding.object.clone())
            .place(binding.place.clone());
        if !cluster_wide || matches!(grants, Grants::BuiltIn(_) | Grants::EksAdminView) {
            finding.severity(Severity::Warning);
        }
    }
}

/// Reports an assignment of a cloud role that acts inside clusters, with
/// the clusters its scope reaches. An Azure assignment scoped to a
/// namespace is written as the cluster's id and a path
/// (`"${azurerm_kubernetes_cluster.main.id}/namespaces/apps"`), whose reach
/// the model leaves unknown; so does a scope a variable holds, or a module
/// output not named for a cluster: none is judged. A GCP binding reaches
/// the clusters of the project, folder or organization its resource type
/// grants on.
fn cloud_assignment(binding: &RoleBinding, role: &CloudRole, cx: &mut Context<'_>) {
    if role.on_a_cluster_only && binding.scope != Some(GrantScope::KubernetesCluster) {
        return;
    }
    let clusters = match (binding.provider, binding.scope) {
        (Provider::Gcp, _) => match hierarchy_scope(&binding.object) {
            Some(scope) => format!("every GKE cluster {scope}"),
            None => return,
        },
        // An AKS role is assigned on nothing but a cluster.
        (_, Some(GrantScope::KubernetesCluster | GrantScope::Resource)) => {
            "the cluster it is assigned on".to_string()
        }
        (_, Some(GrantScope::ResourceGroup)) => {
            "every AKS cluster of the resource group".to_string()
        }
        (_, Some(GrantScope::Account)) => "every AKS cluster of the subscription".to_string(),
        (_, Some(GrantScope::AboveAccount)) => {
            "every AKS cluster in the subscriptions below its management group".to_string()
        }
        (_, None) => return,
    };
    let whom = binding
        .subjects
        .first()
        .map_or("its principal", |s| s.value.as_str());
    cx.report(
        binding.role.span,
        format!(
            "{} gives {whom} `{}`, which {}: {}",
            binding.object,
            role.name,
            role.allows.replace("{scope}", &clusters),
            role.fix
        ),
    )
    .severity(role.severity)
    .object(binding.object.clone())
    .place(binding.place.clone());
}
