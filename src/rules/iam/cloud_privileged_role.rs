//! Privileged roles granted whole, one template for three clouds:
//! - `iam-admin-policy-attached`: AWS managed policies AdministratorAccess
//!   (error), PowerUserAccess and IAMFullAccess (warning) attached to a
//!   user, group or role;
//! - `gcp-primitive-role`: the basic roles `roles/owner` (error) and
//!   `roles/editor` (warning) in `google_*_iam_member`/`_binding`/policies,
//!   and the roles as strong as Owner by another road (warning): those that
//!   set IAM policies (`roles/resourcemanager.projectIamAdmin`,
//!   `roles/iam.securityAdmin` ...), unless a condition on
//!   `modifiedGrantsByRole` limits what they may grant, and those that act
//!   as any service account (`roles/iam.serviceAccountUser`,
//!   `roles/iam.serviceAccountTokenCreator`) granted on a whole project,
//!   folder or organization rather than on the accounts needed, and so
//!   are those that can give themselves that
//!   (`roles/iam.serviceAccountAdmin`) or let workload identities act as
//!   any service account (`roles/iam.workloadIdentityUser`);
//! - `azure-privileged-role-assignment`: Owner, User Access Administrator
//!   and Role Based Access Control Administrator (error: each can grant
//!   itself anything) and Contributor (warning), by name or by their
//!   built-in role definition id, and custom role definitions that allow
//!   `*` (Owner by another name) or `Microsoft.Authorization/*` (User Access
//!   Administrator's power). A role-assigning role whose assignment carries
//!   a condition on the roles it may assign, none of them these, is the
//!   delegation Microsoft recommends and is not reported. Assigned on one
//!   resource (a storage account, a key vault) rather than a subscription
//!   or resource group, an assigning role is a warning, and Contributor,
//!   the usual way to let an identity manage that resource, is not
//!   reported. Either assigned on an AKS cluster is `cluster-admin`
//!   of it, which `cluster-admin-binding` reports.
//!
//! A role the file does not spell out (`var.role`) matches nothing: unknown
//! is not guilty.

use super::gcp::hierarchy_scope;
use crate::finding::Severity;
use crate::model::{Grant, GrantScope, GrantSource, Provider, RoleBinding};
use crate::rules::{Context, Rule};

pub struct PrivilegedRole {
    id: &'static str,
    /// The rules whose finding on the same role says more: Owner assigned
    /// on an AKS cluster is `cluster-admin-binding`'s, for it makes its
    /// principal `cluster-admin`.
    subsumed_at_its_value_by: &'static [&'static str],
    provider: Provider,
    /// How an assignment's condition says a role-assigning role may assign
    /// only lesser roles; none where the provider has no such condition.
    delegation: Option<Delegation>,
    /// Whether a role may also be written as a path or ARN ending in a
    /// spelling (`arn:aws:iam::aws:policy/...`, `.../roleDefinitions/<id>`).
    suffix: bool,
    ignore_case: bool,
    roles: &'static [Role],
    /// Actions that make a custom role as strong as a built-in one (Azure's
    /// `*` is Owner's), matched case-insensitively.
    custom: &'static [Custom],
}

/// The condition a provider documents for delegating role assignment:
/// it names every one of `markers` and none of the roles in `stronger`,
/// matched case-insensitively.
struct Delegation {
    markers: &'static [&'static str],
    stronger: &'static [&'static str],
}

struct Custom {
    action: &'static str,
    /// The built-in role it amounts to.
    like: &'static str,
    severity: Severity,
    allows: &'static str,
}

struct Role {
    /// The ways the role is written.
    spellings: &'static [&'static str],
    /// How messages name it.
    name: &'static str,
    severity: Severity,
    /// What the role allows, completing "which ...".
    allows: &'static str,
    fix: &'static str,
    /// Whether its power is assigning roles, which an assignment's
    /// condition can narrow to named roles.
    assigns_roles: bool,
    /// Whether it is reported only where granted on a GCP project, folder
    /// or organization: granted on one resource (a service account) it is
    /// the narrow grant to prefer.
    above_resources: bool,
    /// How it is reported where the binding says it reaches one resource
    /// (an Azure assignment scoped to a storage account): none where that
    /// is the narrow grant to prefer.
    on_one_resource: Option<Severity>,
}

pub static IAM_ADMIN_POLICY_ATTACHED: PrivilegedRole = PrivilegedRole {
    id: "iam-admin-policy-attached",
    subsumed_at_its_value_by: &[],
    provider: Provider::Aws,
    delegation: None,
    custom: &[],
    suffix: true,
    ignore_case: false,
    roles: &[
        Role {
            spellings: &["iam::aws:policy/AdministratorAccess"],
            name: "AdministratorAccess",
            severity: Severity::Error,
            allows: "allows every action on every resource",
            fix: "attach a policy that lists the actions it needs",
            assigns_roles: false,
            above_resources: false,
            on_one_resource: Some(Severity::Error),
        },
        Role {
            spellings: &["iam::aws:policy/PowerUserAccess"],
            name: "PowerUserAccess",
            severity: Severity::Warning,
            allows: "allows every action outside IAM and Organizations on every resource",
            fix: "attach a policy that lists the actions it needs",
            assigns_roles: false,
            above_resources: false,
            on_one_resource: Some(Severity::Warning),
        },
        Role {
            spellings: &["iam::aws:policy/IAMFullAccess"],
            name: "IAMFullAccess",
            severity: Severity::Warning,
            allows: "can grant itself any permission",
            fix: "attach a policy with the IAM actions it needs, scoped to its own resources",
            assigns_roles: false,
            above_resources: false,
            on_one_resource: Some(Severity::Warning),
        },
    ],
};

pub static GCP_PRIMITIVE_ROLE: PrivilegedRole = PrivilegedRole {
    id: "gcp-primitive-role",
    subsumed_at_its_value_by: &[],
    provider: Provider::Gcp,
    delegation: Some(Delegation {
        markers: &["iam.googleapis.com/modifiedgrantsbyrole"],
        stronger: &[
            "roles/owner",
            "roles/resourcemanager.projectiamadmin",
            "roles/resourcemanager.folderiamadmin",
            "roles/resourcemanager.folderadmin",
            "roles/resourcemanager.organizationadmin",
            "roles/iam.securityadmin",
        ],
    }),
    custom: &[],
    suffix: false,
    ignore_case: false,
    roles: &[
        Role {
            spellings: &["roles/owner"],
            name: "roles/owner",
            severity: Severity::Error,
            allows: "allows every action on {all} and can change IAM policies",
            fix: "grant the predefined roles of the services it uses",
            assigns_roles: false,
            above_resources: false,
            on_one_resource: Some(Severity::Error),
        },
        Role {
            spellings: &["roles/editor"],
            name: "roles/editor",
            severity: Severity::Warning,
            allows: "allows changing {most}",
            fix: "grant the predefined roles of the services it uses",
            assigns_roles: false,
            above_resources: false,
            on_one_resource: Some(Severity::Warning),
        },
        gcp_iam_admin(&["roles/resourcemanager.projectIamAdmin"]),
        gcp_iam_admin(&["roles/resourcemanager.folderIamAdmin"]),
        gcp_iam_admin(&["roles/resourcemanager.folderAdmin"]),
        gcp_iam_admin(&["roles/resourcemanager.organizationAdmin"]),
        gcp_iam_admin(&["roles/iam.securityAdmin"]),
        Role {
            spellings: &["roles/iam.serviceAccountTokenCreator"],
            name: "roles/iam.serviceAccountTokenCreator",
            severity: Severity::Warning,
            allows: "can mint tokens for {accounts} and act with their roles",
            fix: GRANT_ON_ACCOUNTS,
            assigns_roles: false,
            above_resources: true,
            on_one_resource: None,
        },
        Role {
            spellings: &["roles/iam.serviceAccountUser"],
            name: "roles/iam.serviceAccountUser",
            severity: Severity::Warning,
            allows: "can run workloads as {accounts} and so use their roles",
            fix: GRANT_ON_ACCOUNTS,
            assigns_roles: false,
            above_resources: true,
            on_one_resource: None,
        },
        Role {
            spellings: &["roles/iam.serviceAccountAdmin"],
            name: "roles/iam.serviceAccountAdmin",
            severity: Severity::Warning,
            allows: "can set the IAM policy of {accounts}, so grant itself their use and act \
                     with their roles",
            fix: GRANT_ON_ACCOUNTS,
            assigns_roles: false,
            above_resources: true,
            on_one_resource: None,
        },
        Role {
            spellings: &["roles/iam.workloadIdentityUser"],
            name: "roles/iam.workloadIdentityUser",
            severity: Severity::Warning,
            allows: "lets the workload identities it names act as {accounts} and use their roles",
            fix: GRANT_ON_ACCOUNTS,
            assigns_roles: false,
            above_resources: true,
            on_one_resource: None,
        },
    ],
};

/// A GCP role whose holder can set IAM policies, so grant itself
/// `roles/owner`.
const fn gcp_iam_admin(spellings: &'static [&'static str]) -> Role {
    Role {
        spellings,
        name: spellings[0],
        severity: Severity::Warning,
        allows: "can grant any role {scope}, roles/owner included",
        fix: "grant it to a reviewed pipeline only, or add a `condition` on \
              `iam.googleapis.com/modifiedGrantsByRole` that limits the roles it may grant",
        assigns_roles: true,
        above_resources: false,
        on_one_resource: Some(Severity::Warning),
    }
}

const GRANT_ON_ACCOUNTS: &str =
    "grant it on the service accounts it needs (`google_service_account_iam_member`)";

pub static AZURE_PRIVILEGED_ROLE_ASSIGNMENT: PrivilegedRole = PrivilegedRole {
    id: "azure-privileged-role-assignment",
    subsumed_at_its_value_by: &["cluster-admin-binding"],
    provider: Provider::Azure,
    delegation: Some(Delegation {
        markers: &["roleassignments/write", "roledefinitionid"],
        stronger: &[
            OWNER_ID,
            USER_ACCESS_ADMINISTRATOR_ID,
            RBAC_ADMINISTRATOR_ID,
        ],
    }),
    custom: &[
        Custom {
            action: "*",
            like: "Owner",
            severity: Severity::Error,
            allows: "allows every action, role assignments included",
        },
        Custom {
            action: "Microsoft.Authorization/*",
            like: "User Access Administrator",
            severity: Severity::Error,
            allows: "can assign any role, Owner included",
        },
        Custom {
            action: "Microsoft.Authorization/roleAssignments/write",
            like: "User Access Administrator",
            severity: Severity::Error,
            allows: "can assign any role, Owner included",
        },
    ],
    suffix: true,
    ignore_case: true,
    roles: &[
        Role {
            spellings: &["Owner", OWNER_ID],
            name: "Owner",
            severity: Severity::Error,
            allows: "allows every action {scope}, role assignments included",
            fix: "assign a built-in role for the service it manages, at the narrowest scope",
            assigns_roles: false,
            above_resources: false,
            on_one_resource: Some(Severity::Warning),
        },
        Role {
            spellings: &["User Access Administrator", USER_ACCESS_ADMINISTRATOR_ID],
            name: "User Access Administrator",
            severity: Severity::Error,
            allows: ASSIGNS_ANY_ROLE,
            fix: CONSTRAIN_ASSIGNMENTS,
            assigns_roles: true,
            above_resources: false,
            on_one_resource: Some(Severity::Warning),
        },
        Role {
            spellings: &[
                "Role Based Access Control Administrator",
                RBAC_ADMINISTRATOR_ID,
            ],
            name: "Role Based Access Control Administrator",
            severity: Severity::Error,
            allows: ASSIGNS_ANY_ROLE,
            fix: CONSTRAIN_ASSIGNMENTS,
            assigns_roles: true,
            above_resources: false,
            on_one_resource: Some(Severity::Warning),
        },
        Role {
            spellings: &["Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"],
            name: "Contributor",
            severity: Severity::Warning,
            allows: "allows changing everything {scope}",
            fix: "assign a built-in role for the service it manages, at the narrowest scope",
            assigns_roles: false,
            above_resources: false,
            on_one_resource: None,
        },
    ],
};

// Azure's built-in role definition ids, the same in every tenant.
const OWNER_ID: &str = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";
const USER_ACCESS_ADMINISTRATOR_ID: &str = "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9";
const RBAC_ADMINISTRATOR_ID: &str = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

const ASSIGNS_ANY_ROLE: &str = "can assign any role, Owner included, to anyone {scope}";
const CONSTRAIN_ASSIGNMENTS: &str = "assign roles from a reviewed pipeline instead, or add a \
     `condition` that limits the roles it may assign";

impl Delegation {
    /// Whether an assignment's condition limits the roles it may assign to
    /// named ones, none of which can assign roles in turn: Microsoft's
    /// "delegate role assignment management with conditions", Google's
    /// conditions on `modifiedGrantsByRole`.
    fn assigns_only_lesser_roles(&self, condition: &str) -> bool {
        let condition = condition.to_ascii_lowercase();
        self.markers.iter().all(|m| condition.contains(m))
            && !self.stronger.iter().any(|role| condition.contains(role))
    }
}

/// What a role's description (`allows`) reaches, where a GCP binding
/// grants it: `{all}`, `{most}`, `{accounts}` and `{scope}` become the
/// resources, service accounts or extent of the project, folder or
/// organization, or the one resource (a service account, a bucket) whose
/// IAM policy holds the binding.
fn gcp_reach(allows: &str, object: &str) -> String {
    let scope = match hierarchy_scope(object) {
        Some(scope) => scope,
        None if object.starts_with("google_") && object.contains("_iam_") => {
            let on = "the resource it is granted on";
            return allows
                .replace("{all}", on)
                .replace("{most}", on)
                .replace("{scope}", &format!("on {on}"));
        }
        None => "where it is granted",
    };
    allows
        .replace("{all}", &format!("every resource {scope}"))
        .replace("{most}", &format!("almost every resource {scope}"))
        .replace("{accounts}", &format!("every service account {scope}"))
        .replace("{scope}", scope)
}

/// What a role's description reaches where the binding says its scope
/// (an Azure assignment's), or else as [`gcp_reach`] reads it.
fn reach(allows: &str, binding: &RoleBinding) -> String {
    let scope = match binding.scope {
        Some(GrantScope::AboveAccount) => "in every subscription below its management group",
        Some(GrantScope::Account) => "in the subscription",
        Some(GrantScope::ResourceGroup) => "in the resource group",
        Some(GrantScope::KubernetesCluster) => "on the AKS cluster it is assigned on",
        Some(GrantScope::Resource) => "on the one resource it is assigned on",
        None => return gcp_reach(allows, &binding.object),
    };
    allows.replace("{scope}", scope)
}

impl PrivilegedRole {
    fn matches(&self, role: &str, spelling: &str) -> bool {
        let role = role.trim();
        let same = |a: &str, b: &str| {
            if self.ignore_case {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        if same(role, spelling) {
            return true;
        }
        if !self.suffix || role.len() <= spelling.len() {
            return false;
        }
        let cut = role.len() - spelling.len();
        role.is_char_boundary(cut)
            && same(&role[cut..], spelling)
            && role[..cut].ends_with(['/', ':'])
    }
}

impl Rule for PrivilegedRole {
    fn id(&self) -> &'static str {
        self.id
    }

    fn subsumed_at_its_value_by(&self) -> &'static [&'static str] {
        self.subsumed_at_its_value_by
    }

    fn check_role_binding(&self, binding: &RoleBinding, cx: &mut Context<'_>) {
        if binding.provider != self.provider {
            return;
        }
        let role = &binding.role;
        let Some(found) = self
            .roles
            .iter()
            .find(|r| r.spellings.iter().any(|s| self.matches(&role.value, s)))
        else {
            return;
        };
        if found.above_resources && hierarchy_scope(&binding.object).is_none() {
            return;
        }
        let severity = if matches!(
            binding.scope,
            Some(GrantScope::Resource | GrantScope::KubernetesCluster)
        ) {
            let Some(severity) = found.on_one_resource else {
                return;
            };
            severity
        } else {
            found.severity
        };
        if found.assigns_roles
            && self.delegation.as_ref().is_some_and(|d| {
                binding
                    .condition
                    .as_deref()
                    .is_some_and(|c| d.assigns_only_lesser_roles(c))
            })
        {
            return;
        }
        cx.report(
            role.span,
            format!(
                "grants `{}`, which {}: {}",
                found.name,
                reach(found.allows, binding),
                found.fix
            ),
        )
        .severity(severity)
        .object(binding.object.clone())
        .place(format!("{}/role/{}", binding.place, found.name));
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if grant.source != GrantSource::AzureRoleDefinition || self.provider != Provider::Azure {
            return;
        }
        for action in &grant.actions {
            let written = action.value.trim();
            let Some(found) = self
                .custom
                .iter()
                .find(|c| c.action.eq_ignore_ascii_case(written))
            else {
                continue;
            };
            cx.report(
                action.span,
                format!(
                    "this custom role {} (`{written}`): it is {} by another name, and every \
                     assignment of it grants that; list the actions the role needs",
                    found.allows, found.like
                ),
            )
            .severity(found.severity)
            .object(grant.object.clone())
            .place(format!("{}/actions/{written}", grant.place));
        }
    }
}
