//! IAM in a template: every policy document a resource's properties hold
//! (roles' trust and inline policies, managed policies, bucket, queue,
//! topic and key policies ...) becomes grants through the lowering shared
//! with Terraform (`formats::aws_policy`); managed policies attached by
//! ARN (`ManagedPolicyArns`) or, in SAM, by name (`Policies:
//! AdministratorAccess`) become role bindings, and so do the access
//! policies an EKS access entry associates with its principal.
//!
//! A managed policy that is a permissions boundary caps what its roles may
//! do and grants nothing: one that a `PermissionsBoundary` names, or whose
//! logical id or `ManagedPolicyName` says it is a boundary, and that no
//! `Roles`, `Users`, `Groups` or `ManagedPolicyArns` attaches, is not read
//! as a grant.
//!
//! SAM's policy templates (`Policies: [{S3CrudPolicy: {BucketName: x}}]`)
//! grant a fixed set of actions on the resource named by their parameter;
//! none grants administrator access, so they are not lowered.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::{Resource, resources};
use crate::formats::aws_auth;
use crate::formats::aws_policy::{Owner, element, lower_document, source, strings};
use crate::formats::embedded::json_in_string;
use crate::formats::value::{Kind, Value};
use crate::model::{FileModel, GrantSource, Provider, RoleBinding};
use crate::source::Spanned;

/// Resource types whose policy is not a grant: an organization's service
/// control policies only bound what accounts may do, and a VPC endpoint's
/// policy only bounds what may be done through the endpoint (its usual
/// `Principal: "*"` lets no one in who had no access already).
const NOT_GRANTS: &[&str] = &["AWS::Organizations::Policy", "AWS::EC2::VPCEndpoint"];

/// SAM resources whose `Policies` attach policies to the role SAM creates.
const SAM_POLICY_HOLDERS: &[&str] = &[
    "AWS::Serverless::Function",
    "AWS::Serverless::StateMachine",
    "AWS::Serverless::Connector",
];

pub fn lower(root: &Value, text: &str, model: &mut FileModel) {
    let known = HashMap::new();
    let boundaries = boundary_policies(root, text);
    for resource in resources(root) {
        let Some(properties) = resource.properties else {
            continue;
        };
        if !NOT_GRANTS.contains(&resource.kind) && !boundaries.contains(resource.id.value.as_str())
        {
            let mut place = [&resource.place, "/Properties"].concat();
            documents(properties, &resource, &mut place, text, &known, model);
        }
        if let Some(arns) = properties.get("ManagedPolicyArns") {
            attach(arns, &resource, "ManagedPolicyArns", text, model);
        }
        if resource.kind == "AWS::EKS::AccessEntry" {
            access_entry(properties, &resource, text, model);
        }
        if SAM_POLICY_HOLDERS.contains(&resource.kind)
            && let Some(policies) = properties.get("Policies")
        {
            sam_managed_policies(policies, &resource, text, model);
        }
    }
}

/// The logical ids of the template's managed policies that are permissions
/// boundaries (see the module's documentation).
fn boundary_policies<'a>(root: &'a Value, text: &str) -> HashSet<&'a str> {
    let mut bounding = Vec::new();
    let mut granting = Vec::new();
    let mut candidates = Vec::new();
    for resource in resources(root) {
        let Some(properties) = resource.properties else {
            continue;
        };
        if let Some(boundary) = properties.get("PermissionsBoundary") {
            bounding.push(source(text, boundary.span));
        }
        for key in ["ManagedPolicyArns", "Policies"] {
            if let Some(attached) = properties.get(key) {
                granting.push(source(text, attached.span));
            }
        }
        let attached = ["Roles", "Users", "Groups"]
            .iter()
            .any(|key| properties.get(key).is_some());
        if resource.kind == "AWS::IAM::ManagedPolicy" && !attached {
            candidates.push((resource.id.value.as_str(), properties));
        }
    }
    let mentioned = |texts: &[&str], id: &str| texts.iter().any(|t| mentions(t, id));
    candidates
        .into_iter()
        .filter(|(id, properties)| {
            let named = names_boundary(id)
                || properties
                    .get("ManagedPolicyName")
                    .and_then(Value::literal_str)
                    .is_some_and(names_boundary);
            (named || mentioned(&bounding, id)) && !mentioned(&granting, id)
        })
        .map(|(id, _)| id)
        .collect()
}

/// Whether a name says it is a permissions boundary.
fn names_boundary(name: &str) -> bool {
    name.to_ascii_lowercase().contains("boundary")
}

/// Whether `text` names the logical id `id` as a whole word (`!Ref Id`,
/// `{"Ref": "Id"}`, `${Id}`).
fn mentions(text: &str, id: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric();
    text.match_indices(id).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(word)
            && !text[at + id.len()..].chars().next().is_some_and(word)
    })
}

/// Every policy document (an object with a `Statement`) in a value, at any
/// depth; one under `AssumeRolePolicyDocument` is a trust policy, the
/// others are told apart by their principals. `place` is where `value` is:
/// one buffer the walk extends and cuts back, since most values hold none.
fn documents(
    value: &Value,
    resource: &Resource<'_>,
    place: &mut String,
    text: &str,
    known: &HashMap<String, &Value>,
    model: &mut FileModel,
) {
    match &value.kind {
        Kind::Object(entries) => {
            if value.get("Statement").is_some() {
                // A role holds several documents: its trust policy and its
                // inline policies. The path says which one a statement is in.
                let path = place
                    .strip_prefix(&resource.place)
                    .and_then(|p| p.strip_prefix("/Properties/"))
                    .unwrap_or(place.as_str());
                let object = format!("{} {path}", resource.object);
                let owner = Owner {
                    object: &object,
                    place: place.to_string(),
                    source: place
                        .ends_with("/AssumeRolePolicyDocument")
                        .then_some(GrantSource::AwsTrustPolicy),
                    known,
                };
                lower_document(value, &owner, text, &mut model.grants);
                return;
            }
            for (key, inner) in entries
                .iter()
                .filter(|(_, inner)| may_hold_documents(inner))
            {
                let before = place.len();
                place.push('/');
                place.push_str(&key.value);
                documents(inner, resource, place, text, known, model);
                place.truncate(before);
            }
        }
        Kind::Array(items) | Kind::Either(items) | Kind::Call { args: items, .. } => {
            for (index, item) in items.iter().enumerate() {
                if may_hold_documents(item) {
                    let before = place.len();
                    // A `String`'s write cannot fail.
                    let _ = write!(place, "/{index}");
                    documents(item, resource, place, text, known, model);
                    place.truncate(before);
                }
            }
        }
        // A document written as JSON text: its statements keep their spans
        // in the string where the file holds the JSON as it reads (quoted,
        // escaped or block scalars); a joined one points at the whole join.
        Kind::Str(s) => {
            if let Some(document) = json_in_string(text, s, "Statement") {
                documents(&document, resource, place, text, known, model);
            }
        }
        _ => {}
    }
}

/// Whether [`documents`] can find a document in `value`: numbers, booleans,
/// nulls and references hold none.
fn may_hold_documents(value: &Value) -> bool {
    !matches!(
        value.kind,
        Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::Expr
    )
}

/// An EKS access entry's `AccessPolicies`, each bound to its
/// `PrincipalArn` as Terraform's `aws_eks_access_policy_association` is.
fn access_entry(properties: &Value, resource: &Resource<'_>, text: &str, model: &mut FileModel) {
    let Some(principal) = properties.get("PrincipalArn") else {
        return;
    };
    let principal = element(principal, text);
    let associations = properties
        .get("AccessPolicies")
        .map_or(&[][..], Value::items);
    for association in associations {
        let Some(policy) = association.get("PolicyArn") else {
            continue;
        };
        let policy = element(policy, text);
        let scope_type = association
            .get("AccessScope")
            .and_then(|scope| scope.get("Type"))
            .and_then(Value::literal_str);
        aws_auth::access_policy(
            &resource.object,
            format!("{}/AccessPolicies/{}", resource.place, policy.value),
            association.span,
            policy,
            principal.clone(),
            scope_type,
            model,
        );
    }
}

/// Managed policies attached by ARN.
fn attach(arns: &Value, resource: &Resource<'_>, key: &str, text: &str, model: &mut FileModel) {
    let mut roles = Vec::new();
    strings(arns, text, &mut roles);
    for role in roles {
        push_binding(role, resource, key, model);
    }
}

/// SAM's `Policies`: a managed policy's name or ARN, a list of them, policy
/// documents (lowered with the other documents) and policy templates.
/// SAM turns a bare name into the AWS managed policy's ARN.
fn sam_managed_policies(
    policies: &Value,
    resource: &Resource<'_>,
    text: &str,
    model: &mut FileModel,
) {
    let mut named = Vec::new();
    for item in policies.items() {
        if let Kind::Str(_) | Kind::Either(_) = item.kind {
            strings(item, text, &mut named);
        }
    }
    for role in named {
        let role = if role.value.starts_with("arn:") || role.value.contains("${") {
            role
        } else {
            role.map(|name| format!("arn:aws:iam::aws:policy/{name}"))
        };
        push_binding(role, resource, "Policies", model);
    }
}

fn push_binding(role: Spanned<String>, resource: &Resource<'_>, key: &str, model: &mut FileModel) {
    model.role_bindings.push(RoleBinding {
        provider: Provider::Aws,
        object: resource.object.clone(),
        place: format!("{}/{key}/{}", resource.place, role.value),
        span: resource.id.span,
        role_kind: None,
        subjects: vec![Spanned::new(resource.object.clone(), resource.id.span)],
        condition: None,
        scope: None,
        role,
    });
}
