//! Cloud IAM in Terraform: AWS policy documents wherever they are written
//! (resources, modules, locals, outputs), and statement objects given to
//! modules in the policy document data source's form, become grants; managed policy
//! attachments, GCP IAM members and bindings, and Azure role assignments
//! become role bindings.

use std::collections::{HashMap, HashSet};

use super::policy::{documents, lower_policy_document, lower_statements, statement_objects};
use super::tree::{Block, Body, Kind, Nested, Value};
use super::{Address, address, collections};
use crate::formats::aws_policy::{self as policy, Owner, element, lower_document, source};
use crate::formats::embedded::json_in_string;
use crate::model::{Effect, FileModel, Grant, GrantScope, GrantSource, Provider, RoleBinding};
use crate::source::Spanned;

/// Resource types whose policy is not a grant: an organization's service
/// control policies only bound what accounts may do (the default
/// `FullAWSAccess` SCP allows `*` on `*` by design), and a VPC endpoint's
/// policy only bounds what may be done through the endpoint (AWS's default
/// one allows `*` to `*`, and lets no one in who had no access already).
const NOT_GRANTS: &[&str] = &[
    "aws_organizations_policy",
    "aws_vpc_endpoint",
    "aws_vpc_endpoint_policy",
];

/// Whether a block may hold AWS policy documents: AWS resources and data
/// sources, and the blocks that pass values around (modules, locals,
/// outputs). Other providers' resources are left alone even where their
/// policy grammar looks alike (Alibaba Cloud RAM, MinIO).
fn may_hold_aws_policy(block: &Block, kind: &str) -> bool {
    match block.kind.value.as_str() {
        "resource" | "data" => kind.starts_with("aws_") && !NOT_GRANTS.contains(&kind),
        _ => true,
    }
}

pub fn lower(body: &Body, text: &str, model: &mut FileModel) {
    let usage = document_usage(body, text);
    let boundaries = boundary_policies(body, text);
    let bounds_only = documents_of_non_grants(body, text, &boundaries);
    let looked_up = looked_up_roles(body);
    let collections = collections(body);
    for block in &body.blocks {
        let at = address(block);
        let kind = block.labels.first().map_or("", |l| l.value.as_str());
        if block.kind.value == "data" && kind == "aws_iam_policy_document" {
            let name = block.labels.get(1).map_or("", |l| l.value.as_str());
            if bounds_only.contains(name) {
                continue;
            }
            let owner = Owner {
                object: &at.object,
                place: at.place.clone(),
                source: usage.get(name).copied(),
                known: &collections,
            };
            lower_policy_document(&block.body, &owner, text, &mut model.grants);
        }
        let boundary = block.kind.value == "resource"
            && kind == "aws_iam_policy"
            && block
                .labels
                .get(1)
                .is_some_and(|name| boundaries.contains(&name.value));
        if may_hold_aws_policy(block, kind) && !boundary {
            let module = block.kind.value == "module";
            lower_documents(&block.body, &at, "", module, text, &collections, model);
        }
        let known = Known {
            looked_up: &looked_up,
            collections: &collections,
        };
        bindings(block, &at, kind, text, &known, model);
        if block.kind.value == "resource" && kind == "aws_lambda_permission" {
            lambda_permission(block, &at, text, model);
        }
        if block.kind.value == "resource" && kind == "azurerm_role_definition" {
            azure_role_definition(block, &at, text, model);
        }
    }
    name_identity_providers(body, model);
}

/// Principals that refer to an OpenID Connect provider of the file
/// (`aws_iam_openid_connect_provider.github.arn`) take the provider's
/// address (`Federated:oidc-provider/token.actions.githubusercontent.com`),
/// as the ARN AWS gives it ends: what the provider is decides who can
/// present its tokens.
fn name_identity_providers(body: &Body, model: &mut FileModel) {
    let mut providers = HashMap::new();
    for block in &body.blocks {
        let labels: Vec<&str> = block.labels.iter().map(|l| l.value.as_str()).collect();
        let prefix = match (block.kind.value.as_str(), labels.as_slice()) {
            ("resource", ["aws_iam_openid_connect_provider", name]) => {
                format!("aws_iam_openid_connect_provider.{name}")
            }
            ("data", ["aws_iam_openid_connect_provider", name]) => {
                format!("data.aws_iam_openid_connect_provider.{name}")
            }
            _ => continue,
        };
        let Some(url) = block.body.attr("url").and_then(|a| a.value.literal_str()) else {
            continue;
        };
        let host = url.trim_start_matches("https://").trim_end_matches('/');
        providers.insert(format!("{prefix}.arn"), format!("oidc-provider/{host}"));
    }
    if providers.is_empty() {
        return;
    }
    for grant in &mut model.grants {
        for principal in &mut grant.principals {
            let Some(reference) = principal.value.strip_prefix("Federated:") else {
                continue;
            };
            let reference = reference
                .trim()
                .trim_start_matches("${")
                .trim_end_matches('}');
            if let Some(address) = providers.get(reference) {
                principal.value = format!("Federated:{address}");
            }
        }
    }
}

/// `aws_lambda_permission` is one statement of the function's resource
/// policy: `principal` may call `action`; `source_arn`, `source_account`
/// and `principal_org_id` are its conditions.
fn lambda_permission(block: &Block, at: &Address, text: &str, model: &mut FileModel) {
    let body = &block.body;
    let Some(principal) = body.attr("principal") else {
        return;
    };
    let mut actions = Vec::new();
    if let Some(action) = body.attr("action") {
        policy::strings(&action.value, text, &mut actions);
    }
    let mut resources = Vec::new();
    if let Some(function) = body.attr("function_name") {
        policy::strings(&function.value, text, &mut resources);
    }
    let has_condition = [
        "source_arn",
        "source_account",
        "principal_org_id",
        "event_source_token",
    ]
    .iter()
    .any(|key| {
        body.attr(key)
            .is_some_and(|a| !matches!(a.value.kind, Kind::Null))
    });
    model.grants.push(Grant {
        source: GrantSource::AwsResourcePolicy,
        object: at.object.clone(),
        place: at.place.clone(),
        span: block.span,
        cluster_wide: None,
        effect: Spanned::new(Effect::Allow, block.kind.span),
        actions,
        not_actions: Vec::new(),
        resources,
        not_resources: Vec::new(),
        api_groups: Vec::new(),
        principals: vec![element(&principal.value, text)],
        not_principals: Vec::new(),
        has_condition,
        conditions: Vec::new(),
        unconditioned_branch: None,
    });
}

/// An Azure custom role: each `permissions` block is what the role allows,
/// wherever it is assigned (its `assignable_scopes`).
fn azure_role_definition(block: &Block, at: &Address, text: &str, model: &mut FileModel) {
    let mut scopes = Vec::new();
    if let Some(attr) = block.body.attr("assignable_scopes") {
        policy::strings(&attr.value, text, &mut scopes);
    }
    for (index, permissions) in Nested::all_in(&block.body, "permissions")
        .into_iter()
        .enumerate()
    {
        let list = |key: &str| {
            let mut out = Vec::new();
            if let Some(value) = permissions.get(key) {
                policy::strings(value, text, &mut out);
            }
            out
        };
        model.grants.push(Grant {
            source: GrantSource::AzureRoleDefinition,
            object: format!("{} permissions {}", at.object, index + 1),
            place: format!("{}/permissions/{index}", at.place),
            span: permissions.span(),
            cluster_wide: None,
            effect: Spanned::new(Effect::Allow, permissions.head()),
            actions: list("actions"),
            not_actions: list("not_actions"),
            resources: scopes.clone(),
            not_resources: Vec::new(),
            api_groups: Vec::new(),
            principals: Vec::new(),
            not_principals: Vec::new(),
            has_condition: false,
            conditions: Vec::new(),
            unconditioned_branch: None,
        });
    }
}

/// Every policy document in a body's attributes and nested blocks, and in
/// a module's inputs the statements it is given as objects (each input's
/// one policy).
fn lower_documents(
    body: &Body,
    at: &Address,
    path: &str,
    module: bool,
    text: &str,
    known: &HashMap<String, &Value>,
    model: &mut FileModel,
) {
    for attr in &body.attributes {
        let key = attr.key.value.as_str();
        let owner = || Owner {
            object: &at.object,
            place: format!("{}/{path}{key}", at.place),
            source: trust_by_name(key).then_some(GrantSource::AwsTrustPolicy),
            known,
        };
        let mut docs = Vec::new();
        documents(&attr.value, text, &mut docs);
        for doc in docs {
            lower_document(&doc, &owner(), text, &mut model.grants);
        }
        let mut statements = Vec::new();
        if module {
            statement_objects(&attr.value, &mut statements);
        }
        if !statements.is_empty() {
            lower_statements(statements, &owner(), text, &mut model.grants);
        }
    }
    for block in &body.blocks {
        let path = format!("{path}{}/", block.kind.value);
        lower_documents(&block.body, at, &path, false, text, known, model);
    }
}

/// Attribute names that hold a trust policy (`assume_role_policy`, and the
/// `trust_policy` inputs of common modules).
fn trust_by_name(key: &str) -> bool {
    key.contains("assume_role_policy") || key.contains("trust_policy")
}

/// Which `aws_iam_policy_document` data sources the file uses as trust
/// policies (`assume_role_policy = data.aws_iam_policy_document.x.json`).
fn document_usage(body: &Body, text: &str) -> HashMap<String, GrantSource> {
    let mut usage = HashMap::new();
    let mut visit = |key: &str, value: &Value| {
        if !trust_by_name(key) {
            return;
        }
        for name in referenced_documents(source(text, value.span)) {
            usage.insert(name, GrantSource::AwsTrustPolicy);
        }
    };
    fn walk(body: &Body, visit: &mut impl FnMut(&str, &Value)) {
        for attr in &body.attributes {
            visit(&attr.key.value, &attr.value);
        }
        for block in &body.blocks {
            walk(&block.body, visit);
        }
    }
    walk(body, &mut visit);
    usage
}

/// The `aws_iam_policy_document` data sources named in a value's source.
fn referenced_documents(used: &str) -> impl Iterator<Item = String> + '_ {
    const PREFIX: &str = "data.aws_iam_policy_document.";
    used.match_indices(PREFIX).map(|(at, _)| {
        used[at + PREFIX.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
            .collect()
    })
}

/// The policy documents that only resources whose policy is not a grant
/// use (a VPC endpoint's `policy = data.aws_iam_policy_document.x.json`,
/// a permissions boundary's), and those named as a permissions boundary
/// that no grant of the file uses.
fn documents_of_non_grants(
    body: &Body,
    text: &str,
    boundaries: &HashSet<String>,
) -> HashSet<String> {
    let non_grant = |block: &Block| {
        block.kind.value == "resource"
            && match block.labels.as_slice() {
                [kind, ..] if NOT_GRANTS.contains(&kind.value.as_str()) => true,
                [kind, name, ..] => {
                    kind.value == "aws_iam_policy" && boundaries.contains(&name.value)
                }
                _ => false,
            }
    };
    let named_boundary = |block: &Block| match block.labels.as_slice() {
        [kind, name, ..] => {
            block.kind.value == "data"
                && kind.value == "aws_iam_policy_document"
                && names_boundary(&name.value)
        }
        _ => false,
    };
    // Most files hold none: their blocks' text is not searched.
    if !body
        .blocks
        .iter()
        .any(|block| non_grant(block) || named_boundary(block))
    {
        return HashSet::new();
    }
    let mut bounding: HashSet<String> = body
        .blocks
        .iter()
        .filter(|block| named_boundary(block))
        .filter_map(|block| block.labels.get(1).map(|name| name.value.clone()))
        .collect();
    let mut granting = HashSet::new();
    for block in &body.blocks {
        // An output hands a document on; it grants nothing here.
        if block.kind.value == "output" {
            continue;
        }
        let uses = if non_grant(block) {
            &mut bounding
        } else {
            &mut granting
        };
        uses.extend(referenced_documents(source(text, block.span)));
    }
    &bounding - &granting
}

/// Whether a name says it is a permissions boundary
/// (`permissions_boundary`, `DeveloperBoundary`).
fn names_boundary(name: &str) -> bool {
    name.to_ascii_lowercase().contains("boundary")
}

/// The `aws_iam_policy` resources of the file that are permissions
/// boundaries: a boundary caps what its role or user may do and grants
/// nothing, so its `Allow *` is the ceiling, not a permission. One is a
/// policy that a `permissions_boundary` argument names, or whose label or
/// `name` says it is a boundary, and that nothing else of the file
/// attaches (`policy_arn = aws_iam_policy.x.arn`); an output only hands it
/// on.
fn boundary_policies(body: &Body, text: &str) -> HashSet<String> {
    let policies: Vec<(&str, &Block)> = body
        .blocks
        .iter()
        .filter_map(|block| match block.labels.as_slice() {
            [kind, name, ..]
                if block.kind.value == "resource" && kind.value == "aws_iam_policy" =>
            {
                Some((name.value.as_str(), block))
            }
            _ => None,
        })
        .collect();
    if policies.is_empty() {
        return HashSet::new();
    }
    let mut bounding = HashSet::new();
    let mut granting = HashSet::new();
    fn walk(
        body: &Body,
        text: &str,
        bounding: &mut HashSet<String>,
        granting: &mut HashSet<String>,
    ) {
        for attr in &body.attributes {
            let uses = if attr.key.value.contains("permissions_boundary") {
                &mut *bounding
            } else {
                &mut *granting
            };
            uses.extend(referenced_policies(source(text, attr.value.span)));
        }
        for block in &body.blocks {
            walk(&block.body, text, bounding, granting);
        }
    }
    for block in &body.blocks {
        if block.kind.value != "output" {
            walk(&block.body, text, &mut bounding, &mut granting);
        }
    }
    policies
        .into_iter()
        .filter(|(name, block)| {
            let named = names_boundary(name)
                || block
                    .body
                    .attr("name")
                    .and_then(|n| n.value.literal_str())
                    .is_some_and(names_boundary);
            (bounding.contains(*name) || named) && !granting.contains(*name)
        })
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// The `aws_iam_policy` resources named in a value's source
/// (`aws_iam_policy.x.arn`, not `data.aws_iam_policy.x`).
fn referenced_policies(used: &str) -> impl Iterator<Item = String> + '_ {
    const PREFIX: &str = "aws_iam_policy.";
    used.match_indices(PREFIX)
        .filter(|(at, _)| {
            !used[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c == '.' || c.is_ascii_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            used[at + PREFIX.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect()
        })
}

/// Roles that data sources of the file look up by name, so that a reference
/// to them resolves in the same file: `data "aws_iam_policy" "x" { name =
/// "AdministratorAccess" }` (or `arn`) for `data.aws_iam_policy.x.arn`, and
/// `data "azurerm_role_definition" "x" { name = "Owner" }` (or its
/// `role_definition_id`) for `data.azurerm_role_definition.x.id`, and
/// `data "google_iam_role" "x" { name = "roles/owner" }` for
/// `data.google_iam_role.x.name` (or `.id`).
fn looked_up_roles(body: &Body) -> HashMap<String, String> {
    let mut names = HashMap::new();
    for block in &body.blocks {
        let labels: Vec<&str> = block.labels.iter().map(|l| l.value.as_str()).collect();
        let literal = |key: &str| {
            block
                .body
                .attr(key)
                .and_then(|a| a.value.literal_str())
                .map(str::to_owned)
        };
        match (block.kind.value.as_str(), labels.as_slice()) {
            ("data", ["aws_iam_policy", label]) => {
                let arn = literal("arn").or_else(|| {
                    literal("name").map(|name| format!("arn:aws:iam::aws:policy/{name}"))
                });
                if let Some(arn) = arn {
                    names.insert(format!("data.aws_iam_policy.{label}.arn"), arn);
                }
            }
            ("data", ["google_iam_role", label]) => {
                if let Some(role) = literal("name") {
                    for attribute in ["id", "name"] {
                        names.insert(
                            format!("data.google_iam_role.{label}.{attribute}"),
                            role.clone(),
                        );
                    }
                }
            }
            ("data", ["azurerm_role_definition", label]) => {
                if let Some(role) = literal("name").or_else(|| literal("role_definition_id")) {
                    for attribute in ["id", "role_definition_id", "name"] {
                        names.insert(
                            format!("data.azurerm_role_definition.{label}.{attribute}"),
                            role.clone(),
                        );
                    }
                }
            }
            _ => {}
        }
    }
    names
}

/// What the file declares that a binding's role may refer to.
struct Known<'a> {
    /// `data.aws_iam_policy.x.arn` to the managed policy's ARN,
    /// `data.azurerm_role_definition.x.id` and `data.google_iam_role.x.name`
    /// to the role's name.
    looked_up: &'a HashMap<String, String>,
    /// `var.roles` and `local.roles` to their literal lists and maps.
    collections: &'a HashMap<String, &'a Value>,
}

/// Records the condition an assignment carries (an Azure ABAC `condition`,
/// a GCP condition's `expression`) on the bindings it was lowered to.
fn limit(bindings: &mut [RoleBinding], condition: Option<&Value>, text: &str) {
    if let Some(condition) = condition {
        let condition = element(condition, text).value;
        for binding in bindings {
            binding.condition = Some(condition.clone());
        }
    }
}

/// What an Azure role assignment's `scope` holds, from the ARM id it is
/// written as (`/subscriptions/<id>/resourceGroups/<name>`), from the
/// resource whose id it takes (`azurerm_key_vault.main.id`), or from a
/// module's output that names a Kubernetes cluster's id; none where it is
/// an input (`var.scope`) or another module output, or a path below an AKS
/// cluster (`<cluster id>/namespaces/apps`), whose reach the model has no
/// word for.
fn azure_scope(written: &str) -> Option<GrantScope> {
    let written = written.trim();
    let reference = written
        .strip_prefix("${")
        .and_then(|inner| inner.strip_suffix('}'))
        .filter(|inner| !inner.contains("${"))
        .unwrap_or(written);
    if let Some(output) = reference.strip_prefix("module.") {
        return cluster_output(output).then_some(GrantScope::KubernetesCluster);
    }
    if !reference.starts_with('/') {
        let resource = reference.strip_prefix("data.").unwrap_or(reference);
        let (kind, attribute) = resource.split_once('.')?;
        if !(attribute.ends_with(".id") || attribute.ends_with(".resource_manager_id")) {
            return None;
        }
        return match kind {
            "azurerm_management_group" => Some(GrantScope::AboveAccount),
            "azurerm_subscription" => Some(GrantScope::Account),
            "azurerm_resource_group" => Some(GrantScope::ResourceGroup),
            "azurerm_kubernetes_cluster" => Some(GrantScope::KubernetesCluster),
            _ if kind.starts_with("azurerm_") => Some(GrantScope::Resource),
            _ => None,
        };
    }
    let segments: Vec<String> = written
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        [] | ["providers", "microsoft.management", "managementgroups", _] => {
            Some(GrantScope::AboveAccount)
        }
        ["subscriptions", _] => Some(GrantScope::Account),
        ["subscriptions", _, "resourcegroups", _] => Some(GrantScope::ResourceGroup),
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            "microsoft.containerservice",
            "managedclusters",
            _,
            below @ ..,
        ] => below.is_empty().then_some(GrantScope::KubernetesCluster),
        [
            "subscriptions",
            _,
            "resourcegroups",
            _,
            "providers",
            _,
            _,
            _,
            ..,
        ]
        | ["subscriptions", _, "providers", _, _, _, ..] => Some(GrantScope::Resource),
        _ => None,
    }
}

/// Whether a module's output (`aks.aks_id`, `platform.aks_cluster_id`,
/// `aks.id`) is, by its names, a Kubernetes cluster's id: an output named
/// for the cluster, or the bare `id` (`resource_id`) of a module named so.
/// Modules hand clusters' ids out under such names (the AKS module's
/// `aks_id`), and an AKS role is assigned on nothing else; an id of a
/// resource group or subscription says so in its name.
fn cluster_output(output: &str) -> bool {
    let Some((module, output)) = output.split_once('.') else {
        return false;
    };
    let Some(of) = output.strip_suffix("id") else {
        return false;
    };
    let of = of.trim_end_matches('_');
    let named = match of {
        "" | "resource" => module,
        _ => of,
    }
    .to_ascii_lowercase();
    !output.contains(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        && ["aks", "kubernetes", "cluster"]
            .iter()
            .any(|word| named.contains(word))
        && !["resource_group", "subscription", "management_group"]
            .iter()
            .any(|wider| named.contains(wider))
}

fn bindings(
    block: &Block,
    at: &Address,
    kind: &str,
    text: &str,
    known: &Known<'_>,
    model: &mut FileModel,
) {
    let body = &block.body;
    // Returns where the bindings it pushed lie in `model.role_bindings`.
    let mut push =
        |provider: Provider, role: &Value, subjects: Vec<Spanned<String>>, place: String| {
            let first = model.role_bindings.len();
            let roles = for_each_values(role, body, text, known.collections);
            let expanded = !roles.is_empty();
            let roles = if expanded {
                roles
            } else {
                vec![element(role, text)]
            };
            for mut role in roles {
                if let Some(arn) = known.looked_up.get(role.value.trim()) {
                    role.value = arn.clone();
                }
                let place = if expanded {
                    format!("{place}[{}]", role.value)
                } else {
                    place.clone()
                };
                model.role_bindings.push(RoleBinding {
                    provider,
                    object: at.object.clone(),
                    place,
                    span: block.span,
                    role,
                    role_kind: None,
                    subjects: subjects.clone(),
                    condition: None,
                    scope: None,
                });
            }
            first..model.role_bindings.len()
        };
    let subjects_of = |keys: &[&str]| {
        let mut subjects = Vec::new();
        for key in keys {
            if let Some(attr) = body.attr(key) {
                let mut found = Vec::new();
                policy::strings(&attr.value, text, &mut found);
                subjects.extend(found.into_iter().map(|s| s.map(|s| format!("{key}:{s}"))));
            }
        }
        subjects
    };
    match (block.kind.value.as_str(), kind) {
        (
            "resource",
            "aws_iam_role_policy_attachment"
            | "aws_iam_user_policy_attachment"
            | "aws_iam_group_policy_attachment"
            | "aws_iam_policy_attachment",
        ) => {
            if let Some(arn) = body.attr("policy_arn") {
                let subjects = subjects_of(&["role", "user", "group", "roles", "users", "groups"]);
                push(Provider::Aws, &arn.value, subjects, at.place.clone());
            }
        }
        ("resource", "aws_ssoadmin_managed_policy_attachment") => {
            if let Some(arn) = body.attr("managed_policy_arn") {
                let subjects = subjects_of(&["permission_set_arn"]);
                push(Provider::Aws, &arn.value, subjects, at.place.clone());
            }
        }
        ("resource", "aws_iam_role" | "aws_iam_role_policy_attachments_exclusive") => {
            let key = if kind == "aws_iam_role" {
                "managed_policy_arns"
            } else {
                "policy_arns"
            };
            if let Some(arns) = body.attr(key) {
                let named_at = block.labels.first().map_or(block.kind.span, |l| l.span);
                let subject = Spanned::new(format!("role:{}", at.object), named_at);
                for arn in items(&arns.value) {
                    let place = format!("{}/{key}/{}", at.place, source(text, arn.span));
                    push(Provider::Aws, arn, vec![subject.clone()], place);
                }
            }
        }
        ("resource", "azurerm_role_assignment") => {
            let role = body
                .attr("role_definition_name")
                .or_else(|| body.attr("role_definition_id"));
            if let Some(role) = role {
                let pushed = push(
                    Provider::Azure,
                    &role.value,
                    subjects_of(&["principal_id"]),
                    at.place.clone(),
                );
                let scope = body
                    .attr("scope")
                    .and_then(|s| azure_scope(&element(&s.value, text).value));
                let condition = body.attr("condition").map(|c| &c.value);
                let bindings = &mut model.role_bindings[pushed];
                limit(bindings, condition, text);
                for binding in bindings {
                    binding.scope = scope;
                }
            }
        }
        ("resource", google)
            if google.starts_with("google_")
                && (google.ends_with("_iam_member") || google.ends_with("_iam_binding")) =>
        {
            if let Some(role) = body.attr("role") {
                let pushed = push(
                    Provider::Gcp,
                    &role.value,
                    subjects_of(&["member", "members"]),
                    at.place.clone(),
                );
                let expression = Nested::all_in(body, "condition")
                    .into_iter()
                    .find_map(|c| c.get("expression"));
                limit(&mut model.role_bindings[pushed], expression, text);
            }
        }
        ("module", _) => {
            // Modules take managed policies to attach under many names
            // (`iam_role_policies`, `policy_arns`, `role_policy_arns` ...);
            // an AWS managed policy ARN passed in is attached by it.
            let module = Spanned::new(format!("module:{}", at.object), block.kind.span);
            let mut gcp = Vec::new();
            for attr in &body.attributes {
                let mut arns = Vec::new();
                attr.value.each_str(&mut |value, s| {
                    if s.text.contains(":iam::aws:policy/") {
                        arns.push(value);
                    }
                });
                for arn in arns {
                    let place =
                        format!("{}/{}/{}", at.place, attr.key.value, source(text, arn.span));
                    push(Provider::Aws, arn, vec![module.clone()], place);
                }
                // GCP roles, as a list (`roles = ["roles/owner"]`,
                // `project_roles = ["p=>roles/owner"]`) or as the keys of a
                // map of members (`iam = { "roles/editor" = [...] }`, as
                // cloud-foundation-fabric's modules take them).
                let mut roles = Vec::new();
                gcp_roles(&attr.value, text, &mut roles);
                gcp.extend(roles.into_iter().map(|role| (&attr.key.value, role)));
            }
            for (input, (role, members)) in gcp {
                let subjects = if members.is_empty() {
                    vec![module.clone()]
                } else {
                    members
                };
                model.role_bindings.push(RoleBinding {
                    provider: Provider::Gcp,
                    object: at.object.clone(),
                    place: format!("{}/{input}/{}", at.place, role.value),
                    span: block.span,
                    role,
                    role_kind: None,
                    subjects,
                    condition: None,
                    scope: None,
                });
            }
        }
        ("resource", google)
            if google.starts_with("google_") && google.ends_with("_iam_policy") =>
        {
            // `policy_data` written out as JSON rather than taken from a
            // `data "google_iam_policy"` (which is lowered on its own).
            let Some(data) = body.attr("policy_data") else {
                return;
            };
            let document = match &data.value.kind {
                Kind::Call { name, args } if name == "jsonencode" => args.first().cloned(),
                Kind::Str(s) => json_in_string(text, s, "bindings"),
                _ => None,
            };
            let bindings = document.as_ref().and_then(|d| d.get("bindings"));
            for (index, binding) in bindings
                .map(Value::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let Some(role) = binding.get("role") else {
                    continue;
                };
                let mut members = Vec::new();
                if let Some(value) = binding.get("members") {
                    policy::strings(value, text, &mut members);
                }
                let subjects = members
                    .into_iter()
                    .map(|m| m.map(|m| format!("members:{m}")))
                    .collect();
                push(
                    Provider::Gcp,
                    role,
                    subjects,
                    format!("{}/bindings/{index}", at.place),
                );
            }
        }
        ("resource", "google_bigquery_dataset" | "google_bigquery_dataset_access") => {
            // A dataset's `access` blocks, or one access entry as a resource:
            // a role (`READER`, `roles/bigquery.dataEditor`) for a member.
            let entries = if kind == "google_bigquery_dataset" {
                Nested::all_in(body, "access")
            } else {
                vec![Nested::Block(block)]
            };
            for (index, entry) in entries.into_iter().enumerate() {
                let Some(role) = entry.get("role") else {
                    continue;
                };
                let mut subjects = Vec::new();
                for key in [
                    "special_group",
                    "iam_member",
                    "user_by_email",
                    "group_by_email",
                ] {
                    if let Some(value) = entry.get(key) {
                        let mut found = Vec::new();
                        policy::strings(value, text, &mut found);
                        subjects.extend(found.into_iter().map(|s| s.map(|s| format!("{key}:{s}"))));
                    }
                }
                let place = match kind {
                    "google_bigquery_dataset" => format!("{}/access/{index}", at.place),
                    _ => at.place.clone(),
                };
                push(Provider::Gcp, role, subjects, place);
            }
        }
        (
            "resource",
            "google_storage_bucket_access_control"
            | "google_storage_object_access_control"
            | "google_storage_default_object_access_control",
        ) => {
            if let (Some(role), Some(entity)) = (body.attr("role"), body.attr("entity")) {
                let mut found = Vec::new();
                policy::strings(&entity.value, text, &mut found);
                let subjects = found
                    .into_iter()
                    .map(|s| s.map(|s| format!("entity:{s}")))
                    .collect();
                push(Provider::Gcp, &role.value, subjects, at.place.clone());
            }
        }
        (
            "resource",
            "google_storage_bucket_acl"
            | "google_storage_object_acl"
            | "google_storage_default_object_acl",
        ) => {
            // `role_entity = ["READER:allUsers"]`, or a canned ACL that
            // grants as much (`publicRead` is `READER` for `allUsers`).
            let mut entries = Vec::new();
            if let Some(attr) = body.attr("role_entity") {
                policy::strings(&attr.value, text, &mut entries);
            }
            if let Some(attr) = body.attr("predefined_acl") {
                let mut canned = Vec::new();
                policy::strings(&attr.value, text, &mut canned);
                entries.extend(canned.into_iter().filter_map(|acl| {
                    let grant = match acl.value.as_str() {
                        "publicRead" => "READER:allUsers",
                        "publicReadWrite" => "WRITER:allUsers",
                        "authenticatedRead" => "READER:allAuthenticatedUsers",
                        _ => return None,
                    };
                    Some(Spanned::new(grant.to_string(), acl.span))
                }));
            }
            for entry in entries {
                let Some((role, entity)) = entry.value.split_once(':') else {
                    continue;
                };
                model.role_bindings.push(RoleBinding {
                    provider: Provider::Gcp,
                    object: at.object.clone(),
                    place: format!("{}/{}", at.place, entry.value),
                    span: block.span,
                    role: Spanned::new(role.to_string(), entry.span),
                    role_kind: None,
                    subjects: vec![Spanned::new(format!("entity:{entity}"), entry.span)],
                    condition: None,
                    scope: None,
                });
            }
        }
        ("data", "google_iam_policy") => {
            for (index, binding) in Nested::all_in(body, "binding").into_iter().enumerate() {
                let Some(role) = binding.get("role") else {
                    continue;
                };
                let mut members = Vec::new();
                if let Some(value) = binding.get("members") {
                    policy::strings(value, text, &mut members);
                }
                let subjects = members
                    .into_iter()
                    .map(|m| m.map(|m| format!("members:{m}")))
                    .collect();
                push(
                    Provider::Gcp,
                    role,
                    subjects,
                    format!("{}/binding/{index}", at.place),
                );
            }
        }
        _ => {}
    }
}

/// What `each.value` (or `each.key`) stands for, when the block's
/// `for_each` spells it out: the strings of a literal list or set, or the
/// values (keys) of a literal map. Each is located where it is written.
/// A `for_each` over a variable or local of the file reads its default or
/// value. So does the older idiom `count = length(local.arns)` with
/// `local.arns[count.index]`, whose instances take every element. Empty
/// when the value is not such a reference or the collection is computed.
fn for_each_values(
    value: &Value,
    body: &Body,
    text: &str,
    collections: &HashMap<String, &Value>,
) -> Vec<Spanned<String>> {
    let reference = source(text, value.span).trim();
    let reference = reference
        .strip_prefix("\"${")
        .and_then(|r| r.strip_suffix("}\""))
        .unwrap_or(reference)
        .trim();
    let iterated = match reference {
        "each.value" => body.attr("for_each").map(|f| (&f.value, false)),
        "each.key" => body.attr("for_each").map(|f| (&f.value, true)),
        _ => counted(reference, body, text).map(|c| (c, false)),
    };
    let Some((mut collection, keys)) = iterated else {
        return Vec::new();
    };
    while let Kind::Call { name, args } = &collection.kind
        && matches!(name.as_str(), "toset" | "tolist" | "tomap")
        && let [inner] = args.as_slice()
    {
        collection = inner;
    }
    if let Kind::Expr = collection.kind
        && let Some(named) = collections.get(source(text, collection.span).trim())
    {
        collection = named;
    }
    let mut out = Vec::new();
    match &collection.kind {
        // A set's or list's elements are both its keys and its values.
        Kind::Array(items) => {
            for item in items {
                if let Some(text) = item.literal_str() {
                    out.push(Spanned::new(text.to_owned(), item.span));
                }
            }
        }
        Kind::Object(entries) if keys => {
            out.extend(entries.iter().map(|(key, _)| key.clone()));
        }
        Kind::Object(entries) => {
            for (_, item) in entries {
                if let Some(text) = item.literal_str() {
                    out.push(Spanned::new(text.to_owned(), item.span));
                }
            }
        }
        _ => {}
    }
    out
}

/// The collection `<name>[count.index]` indexes, when the block's `count`
/// is `length(<name>)`: then its instances take every element.
fn counted<'v>(reference: &str, body: &'v Body, text: &str) -> Option<&'v Value> {
    let name = reference.strip_suffix("[count.index]")?.trim();
    let Kind::Call { name: call, args } = &body.attr("count")?.value.kind else {
        return None;
    };
    match args.as_slice() {
        [collection] if call == "length" && source(text, collection.span).trim() == name => {
            Some(collection)
        }
        _ => None,
    }
}

/// Whether `text` names a predefined or basic GCP role (`roles/owner`,
/// `roles/storage.admin`), not prose that mentions one.
fn is_gcp_role(text: &str) -> bool {
    text.strip_prefix("roles/").is_some_and(|name| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
    })
}

/// The GCP roles a module input names, at any depth, each with the members
/// it is given to when the role is a map's key (`"roles/editor" =
/// ["group:ops@example.com"]`); a role in a list is given to whom the module
/// decides.
fn gcp_roles(value: &Value, text: &str, out: &mut Vec<(Spanned<String>, Vec<Spanned<String>>)>) {
    match &value.kind {
        Kind::Str(s) => {
            // terraform-google-modules write `"<project>=>roles/owner"`,
            // often with the project interpolated.
            let role = match s.text.rsplit_once("=>") {
                Some((_, role)) => role,
                None if s.literal => s.text.as_str(),
                None => return,
            };
            if is_gcp_role(role) {
                out.push((Spanned::new(role.to_string(), value.span), Vec::new()));
            }
        }
        Kind::Array(items) | Kind::Either(items) | Kind::Call { args: items, .. } => {
            for item in items {
                gcp_roles(item, text, out);
            }
        }
        Kind::Object(entries) => {
            for (key, inner) in entries {
                if is_gcp_role(&key.value) {
                    let mut members = Vec::new();
                    policy::strings(inner, text, &mut members);
                    out.push((key.clone(), members));
                } else {
                    gcp_roles(inner, text, out);
                }
            }
        }
        _ => {}
    }
}

/// A list's items (each a binding of its own), or the value itself.
fn items(value: &Value) -> Vec<&Value> {
    match &value.kind {
        Kind::Array(items) => items.iter().collect(),
        Kind::Null => Vec::new(),
        _ => vec![value],
    }
}
