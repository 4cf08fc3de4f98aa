//! AWS IAM policy documents in the forms only Terraform has, lowered to one
//! [`Grant`] per statement:
//! - JSON documents found in values: `jsonencode({...})` objects, heredoc
//!   JSON, JSON string literals (`formats::embedded` gives them spans in
//!   the file), which `formats::aws_policy` lowers;
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
    let mut grants = Vec::new();
    let mut has_principal = false;
    for (index, statement) in Nested::all_in(body, "statement").into_iter().enumerate() {
        let effect = match statement.get("effect") {
            None => Spanned::new(Effect::Allow, statement.head()),
            Some(value) => match effect_of(value) {
                Some(effect) => effect,
                None => continue,
            },
        };
        let list = |key: &str| strings_at(statement.get(key), owner.known, text);
        let mut principals = Vec::new();
        for block in statement.nested("principals") {
            let kind = block.get("type").map(|t| element(t, text));
            let mut identifiers = Vec::new();
            if let Some(ids) = block.get("identifiers") {
                strings(ids, text, &mut identifiers);
            }
            for id in identifiers {
                principals.push(typed_principal(kind.as_ref().map(|k| k.value.as_str()), id));
            }
        }
        has_principal |= !principals.is_empty() || !statement.nested("not_principals").is_empty();
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
            has_condition: !statement.nested("condition").is_empty(),
            conditions: statement
                .nested("condition")
                .into_iter()
                .filter_map(|c| {
                    Some(GrantCondition {
                        operator: element(c.get("test")?, text).value,
                        key: element(c.get("variable")?, text),
                        values: strings_at(c.get("values"), owner.known, text),
                    })
                })
                .collect(),
        });
    }
    finish(grants, owner.source, has_principal, out);
}
