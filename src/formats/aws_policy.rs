//! AWS IAM policy documents written as JSON-shaped values (a Terraform
//! `jsonencode` object or JSON string, a CloudFormation `PolicyDocument`),
//! lowered to one [`Grant`] per statement.
//!
//! Values the file does not spell out (`var.actions`, `${local.arn}`,
//! `!Ref Actions`) are kept as their text: they match no pattern a rule
//! looks for, so an unknown value is never guilty, yet a `NotAction` set to
//! one still counts as a NotAction.

use std::collections::HashMap;

use crate::formats::value::{Kind, Value};
use crate::model::{Effect, Grant, GrantCondition, GrantSource};
use crate::source::{Span, Spanned};

/// Where a policy document sits, for naming its statements.
pub struct Owner<'a> {
    /// `aws_iam_policy.admin`
    pub object: &'a str,
    /// `aws_iam_policy.admin/policy`
    pub place: String,
    /// The kind of policy when its location says it (`assume_role_policy`);
    /// otherwise the statements decide (a Principal makes a resource policy).
    pub source: Option<GrantSource>,
    /// Values the file names that are lists or objects, by the reference's
    /// text (Terraform's `local.admin_statement`): a statement may be
    /// written there.
    pub known: &'a HashMap<String, &'a Value>,
}

/// Lowers the statements of a JSON policy document.
pub fn lower_document(doc: &Value, owner: &Owner<'_>, text: &str, out: &mut Vec<Grant>) {
    let Some(statements) = doc.get("Statement") else {
        return;
    };
    let mut grants = Vec::new();
    let mut items = Vec::new();
    statement_objects(statements, owner.known, text, &mut items, 0);
    for (index, statement) in items.iter().enumerate() {
        let Some(effect) = statement.get("Effect").and_then(effect_of) else {
            continue;
        };
        let list = |key: &str| strings_at(statement.get(key), owner.known, text);
        let principals_at = |key: &str| {
            let mut principals = Vec::new();
            if let Some(principal) = statement.get(key) {
                json_principals(principal, text, &mut principals);
            }
            principals
        };
        let (condition, unconditioned_branch) = optional_condition(statement.get("Condition"));
        let has_condition = condition.is_some_and(|c| !is_no_condition(c));
        let mut conditions = Vec::new();
        for (operator, keys) in condition.map(Value::entries).unwrap_or_default() {
            for (key, values) in keys.entries() {
                conditions.push(GrantCondition {
                    operator: operator.value.clone(),
                    key: key.clone(),
                    values: strings_at(Some(values), owner.known, text),
                });
            }
        }
        let sid = statement.get("Sid").and_then(Value::literal_str);
        grants.push(Grant {
            source: GrantSource::AwsIdentityPolicy,
            object: statement_name(owner.object, index, sid),
            place: statement_place(&owner.place, index, sid),
            span: statement.span,
            cluster_wide: None,
            effect,
            actions: list("Action"),
            not_actions: list("NotAction"),
            resources: list("Resource"),
            not_resources: list("NotResource"),
            api_groups: Vec::new(),
            principals: principals_at("Principal"),
            not_principals: principals_at("NotPrincipal"),
            has_condition,
            conditions,
            unconditioned_branch,
        });
    }
    let has_principal = items
        .iter()
        .any(|s| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());
    finish(grants, owner.source, has_principal, out);
}

/// Whether a `Condition` value is none at all: null (CloudFormation's
/// `AWS::NoValue` included) or an empty object.
fn is_no_condition(condition: &Value) -> bool {
    match &condition.kind {
        Kind::Null => true,
        Kind::Object(entries) => entries.is_empty(),
        _ => false,
    }
}

/// A `Condition` that the file gives or leaves out by a choice (an `Fn::If`
/// between conditions and `AWS::NoValue`): the branch with conditions, to
/// be read as the statement's, and the span of the branch without.
fn optional_condition(condition: Option<&Value>) -> (Option<&Value>, Option<Span>) {
    if let Some(Value {
        kind: Kind::Either(branches),
        ..
    }) = condition
        && let Some(without) = branches.iter().find(|b| is_no_condition(b))
        && let [given] = branches
            .iter()
            .filter(|b| !is_no_condition(b))
            .collect::<Vec<_>>()[..]
    {
        return (Some(given), Some(without.span));
    }
    (condition, None)
}

/// The statement objects a `Statement` value holds: one object, a list, a
/// list built with `concat` and its kin, either branch of a conditional,
/// and locals or variable defaults it names.
fn statement_objects<'v>(
    value: &'v Value,
    known: &'v HashMap<String, &'v Value>,
    text: &str,
    out: &mut Vec<&'v Value>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    match &value.kind {
        Kind::Object(_) => out.push(value),
        Kind::Array(items) | Kind::Either(items) => {
            for item in items {
                statement_objects(item, known, text, out, depth + 1);
            }
        }
        Kind::Call { name, args } if LIST_FUNCTIONS.contains(&name.as_str()) => {
            for arg in args {
                statement_objects(arg, known, text, out, depth + 1);
            }
        }
        Kind::Expr => {
            if let Some(named) = known.get(source(text, value.span).trim()) {
                statement_objects(named, known, text, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// Functions whose result holds their arguments' elements.
const LIST_FUNCTIONS: &[&str] = &[
    "concat", "flatten", "distinct", "compact", "tolist", "toset", "sort",
];

/// Gives the document's statements their kind: the owner's when known; a
/// document with principals that only lets them assume a role is a trust
/// policy, one with other principals a resource policy; the rest identity.
pub(crate) fn finish(
    mut grants: Vec<Grant>,
    source: Option<GrantSource>,
    has_principal: bool,
    out: &mut Vec<Grant>,
) {
    let source = source.unwrap_or_else(|| {
        let assumes_only = grants
            .iter()
            .all(|g| !g.actions.is_empty() && g.actions.iter().all(|a| is_trust_action(&a.value)));
        match (has_principal, assumes_only) {
            (false, _) => GrantSource::AwsIdentityPolicy,
            (true, true) => GrantSource::AwsTrustPolicy,
            (true, false) => GrantSource::AwsResourcePolicy,
        }
    });
    for grant in &mut grants {
        grant.source = source;
    }
    out.append(&mut grants);
}

fn is_trust_action(action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    lower.starts_with("sts:assumerole")
        || lower == "sts:tagsession"
        || lower == "sts:setsourceidentity"
}

pub(crate) fn effect_of(value: &Value) -> Option<Spanned<Effect>> {
    let effect = match value.literal_str()? {
        "Allow" => Effect::Allow,
        "Deny" => Effect::Deny,
        _ => return None,
    };
    Some(Spanned::new(effect, value.span))
}

pub(crate) fn statement_name(object: &str, index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) if !sid.is_empty() => format!("{object} statement `{sid}`"),
        _ => format!("{object} statement {}", index + 1),
    }
}

pub(crate) fn statement_place(place: &str, index: usize, sid: Option<&str>) -> String {
    match sid {
        Some(sid) if !sid.is_empty() => format!("{place}/statement/{sid}"),
        _ => format!("{place}/statement/{index}"),
    }
}

/// The strings of an optional value (absent: none), as [`strings`] reads
/// them; a list that names a local or variable of the file (`local.actions`)
/// is read from there.
pub(crate) fn strings_at(
    value: Option<&Value>,
    known: &HashMap<String, &Value>,
    text: &str,
) -> Vec<Spanned<String>> {
    let mut items = Vec::new();
    if let Some(value) = value {
        collect_strings(value, Some(known), text, &mut items, 0);
    }
    items
}

/// The elements of "a string or a list of strings": literals as their text,
/// anything unresolved as its source text. List functions are looked into.
pub fn strings(value: &Value, text: &str, out: &mut Vec<Spanned<String>>) {
    collect_strings(value, None, text, out, 0);
}

fn collect_strings(
    value: &Value,
    known: Option<&HashMap<String, &Value>>,
    text: &str,
    out: &mut Vec<Spanned<String>>,
    depth: usize,
) {
    if depth > 8 {
        return;
    }
    match &value.kind {
        Kind::Null => {}
        Kind::Array(items) | Kind::Either(items) => {
            for item in items {
                collect_strings(item, known, text, out, depth + 1);
            }
        }
        Kind::Call { name, args } if LIST_FUNCTIONS.contains(&name.as_str()) => {
            for arg in args {
                collect_strings(arg, known, text, out, depth + 1);
            }
        }
        Kind::Expr => match known.and_then(|k| k.get(source(text, value.span).trim())) {
            Some(named) => collect_strings(named, known, text, out, depth + 1),
            None => out.push(element(value, text)),
        },
        _ => out.push(element(value, text)),
    }
}

/// One element as a string: a string's text, a `format()` call as the
/// template it builds, or the source text.
pub fn element(value: &Value, text: &str) -> Spanned<String> {
    let shown = match &value.kind {
        Kind::Str(s) => s.text.clone(),
        Kind::Call { name, args } if name == "format" => {
            formatted(args, text).unwrap_or_else(|| source(text, value.span).to_owned())
        }
        _ => source(text, value.span).to_owned(),
    };
    Spanned::new(shown, value.span)
}

/// `format("arn:%s:iam::%s:root", p, a)` written as the template it builds,
/// `arn:${p}:iam::${a}:root`, so that an ARN reads alike however it is
/// built. `None` when the format is not a literal or the verbs and
/// arguments do not pair up.
fn formatted(args: &[Value], text: &str) -> Option<String> {
    let (pattern, rest) = args.split_first()?;
    let mut rest = rest.iter();
    let mut out = String::new();
    let mut chars = pattern.literal_str()?.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            _ => {
                let arg = rest.next()?;
                out.push_str(&format!("${{{}}}", source(text, arg.span).trim()));
            }
        }
    }
    rest.next().is_none().then_some(out)
}

pub fn source(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or_default()
}

/// `"*"`, or `{"AWS": [...], "Service": "..."}` as `TYPE:value` elements.
fn json_principals(value: &Value, text: &str, out: &mut Vec<Spanned<String>>) {
    match &value.kind {
        Kind::Object(entries) => {
            for (kind, ids) in entries {
                let mut identifiers = Vec::new();
                strings(ids, text, &mut identifiers);
                for id in identifiers {
                    out.push(typed_principal(Some(&kind.value), id));
                }
            }
        }
        _ => strings(value, text, out),
    }
}

/// A principal as `*` (everyone) or `TYPE:identifier` (`AWS:*`,
/// `Service:ec2.amazonaws.com`).
pub(crate) fn typed_principal(kind: Option<&str>, id: Spanned<String>) -> Spanned<String> {
    match kind {
        Some("*") | None => id,
        Some(kind) => id.map(|id| format!("{kind}:{id}")),
    }
}
