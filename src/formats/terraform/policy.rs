//! AWS IAM policy documents in the forms only Terraform has, lowered to one
//! [`Grant`] per statement:
//! - JSON documents found in values: `jsonencode({...})` objects, objects
//!   with a `Statement` (a local encoded where it is used), heredoc JSON,
//!   JSON string literals (`formats::embedded` gives them spans in the
//!   file), which `formats::aws_policy` lowers;
//! - `data "aws_iam_policy_document"` statement blocks.

use std::borrow::Cow;

use super::tree::{Body, Kind, Nested, Value};
use crate::formats::aws_policy::{
    Owner, effect_of, element, finish, statement_name, statement_place, strings, strings_at,
    typed_principal,
};
use crate::formats::embedded::json_in_string;
use crate::model::{Effect, Grant, GrantCondition, GrantSource};
use crate::source::Spanned;

/// The policy documents a value holds, at any depth: `jsonencode` of an
/// object with `Statement`, or a string of JSON with one.
pub fn documents<'v>(value: &'v Value, text: &str, out: &mut Vec<Cow<'v, Value>>) {
    match &value.kind {
        Kind::Call { name, args } if name == "jsonencode" => {
            for arg in args {
                if arg.get("Statement").is_some() {
                    out.push(Cow::Borrowed(arg));
                } else {
                    documents(arg, text, out);
                }
            }
        }
        Kind::Call { args, .. } | Kind::Array(args) | Kind::Either(args) => {
            for arg in args {
                documents(arg, text, out);
            }
        }
        // An object in a document's shape before it is encoded (`locals {
        // policy = { Statement = [...] } }`, then `jsonencode(local.policy)`).
        Kind::Object(_) if value.get("Statement").is_some() => out.push(Cow::Borrowed(value)),
        Kind::Object(entries) => {
            for (_, inner) in entries {
                documents(inner, text, out);
            }
        }
        Kind::Str(s) => {
            if let Some(doc) = json_in_string(text, s, "Statement")
                && doc.get("Statement").is_some()
            {
                out.push(Cow::Owned(doc));
            }
        }
        Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::Expr => {}
    }
}

/// Lowers the statement blocks of a `data "aws_iam_policy_document"`.
pub fn lower_policy_document(body: &Body, owner: &Owner<'_>, text: &str, out: &mut Vec<Grant>) {
    lower_statements(Nested::all_in(body, "statement"), owner, text, out);
}

/// Statements written as the policy document data source's, given to a
/// module as objects (`iam_role_policy_statements = [{ actions = [...],
/// resources = ["*"] }]`, `inline_policy_permissions = { Admin = {...} }`,
/// the terraform-aws-modules inputs): an object with `actions` or
/// `not_actions` of IAM's form, at any depth of the value.
pub fn statement_objects<'v>(value: &'v Value, out: &mut Vec<Nested<'v>>) {
    match &value.kind {
        Kind::Object(entries) => {
            let actions = ["actions", "not_actions"]
                .iter()
                .filter_map(|key| value.get(key))
                .flat_map(Value::items)
                .filter_map(Value::literal_str)
                .collect::<Vec<_>>();
            let names_actions =
                !actions.is_empty() && actions.iter().all(|a| *a == "*" || a.contains(':'));
            if names_actions {
                out.push(Nested::Object(value));
                return;
            }
            for (_, inner) in entries {
                statement_objects(inner, out);
            }
        }
        Kind::Call { args, .. } | Kind::Array(args) | Kind::Either(args) => {
            for arg in args {
                statement_objects(arg, out);
            }
        }
        Kind::Str(_) | Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::Expr => {}
    }
}

/// Lowers statements in the policy document data source's form, blocks or
/// objects.
pub fn lower_statements(
    statements: Vec<Nested<'_>>,
    owner: &Owner<'_>,
    text: &str,
    out: &mut Vec<Grant>,
) {
    let mut grants = Vec::new();
    let mut has_principal = false;
    for (index, statement) in statements.into_iter().enumerate() {
        let effect = match statement.get("effect") {
            None => Spanned::new(Effect::Allow, statement.head()),
            Some(value) => match effect_of(value) {
                Some(effect) => effect,
                None => continue,
            },
        };
        let list = |key: &str| strings_at(statement.get(key), owner.known, text);
        let principals = principal_blocks(statement, "principals", text);
        let not_principals = principal_blocks(statement, "not_principals", text);
        has_principal |= !principals.is_empty() || !not_principals.is_empty();
        let sid = statement.get("sid").and_then(Value::literal_str);
        grants.push(Grant {
            source: GrantSource::AwsIdentityPolicy,
            object: statement_name(owner.object, index, sid),
            place: statement_place(&owner.place, index, sid),
            span: statement.span(),
            cluster_wide: None,
            effect,
            actions: list("actions"),
            not_actions: list("not_actions"),
            resources: list("resources"),
            not_resources: list("not_resources"),
            api_groups: Vec::new(),
            principals,
            not_principals,
            has_condition: !conditions(statement).is_empty(),
            conditions: conditions(statement)
                .into_iter()
                .filter_map(|c| {
                    Some(GrantCondition {
                        operator: element(c.get("test")?, text).value,
                        key: element(c.get("variable")?, text),
                        values: strings_at(c.get("values"), owner.known, text),
                    })
                })
                .collect(),
            unconditioned_branch: None,
        });
    }
    finish(grants, owner.source, has_principal, out);
}

/// The principals of a statement's `principals` or `not_principals`
/// blocks, as `TYPE:identifier`.
fn principal_blocks(statement: Nested<'_>, blocks: &str, text: &str) -> Vec<Spanned<String>> {
    let mut principals = Vec::new();
    for block in statement.nested(blocks) {
        let kind = block.get("type").map(|t| element(t, text));
        let mut identifiers = Vec::new();
        if let Some(ids) = block.get("identifiers") {
            strings(ids, text, &mut identifiers);
        }
        for id in identifiers {
            principals.push(typed_principal(kind.as_ref().map(|k| k.value.as_str()), id));
        }
    }
    principals
}

/// A statement's conditions: `condition` blocks, or the `conditions` list
/// some modules take.
fn conditions(statement: Nested<'_>) -> Vec<Nested<'_>> {
    let mut all = statement.nested("condition");
    all.extend(statement.nested("conditions"));
    all
}
