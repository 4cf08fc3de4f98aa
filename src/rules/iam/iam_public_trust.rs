//! `iam-public-trust`: an AWS trust or resource policy statement that allows
//! `Principal: "*"` (or `{"AWS": "*"}`) without any `Condition`. For a
//! trust policy that lets any AWS account in the world assume the role; for
//! a resource policy (bucket, queue, key, topic) it opens the resource to
//! anyone. A condition (`aws:PrincipalOrgID`, `aws:SourceVpce`,
//! `sts:ExternalId` ...) is how such a statement is made safe, so its
//! presence silences the rule.
//!
//! The same holds for a trust policy that trusts a shared OpenID Connect
//! issuer (GitHub Actions, GitLab.com, HCP Terraform, Google, Cognito)
//! without a condition on the claim that says whose token it is: every
//! GitHub repository's workflows get tokens from the same issuer, so
//! trusting it with only `aud` checked lets any of them assume the role.
//! A value that a variable holds is not judged: unknown is not guilty.
//!
//! Less open, and a warning: a Kubernetes cluster's issuer (EKS IAM roles
//! for service accounts) whose `sub` condition matches every service
//! account (`system:serviceaccount:*:*`) lets any pod of the cluster, in
//! any namespace, assume the role, where the role was meant for one. So,
//! a warning too, does one that fixes the name but not the namespace
//! (`system:serviceaccount:*:loki`): anyone who may create a service
//! account in some namespace (the built-in `edit` and `admin` roles may)
//! can name it `loki` and take the role. A trust in a cluster's issuer with
//! no condition on `sub` at all (only `aud`, or none) names no service
//! account and lets every one in: a warning too, where the provider is
//! known to be an EKS cluster's (its ARN or condition keys name
//! `oidc.eks.`, or a reference to it says `eks` and `oidc`:
//! `module.eks.oidc_provider_arn`); an issuer the file does not say is not
//! judged. A trust with `sub` and no `aud` condition is not reported: STS
//! accepts only tokens whose audience the provider lists, so the `aud`
//! condition AWS's examples add repeats that check.
//!
//! EKS Pod Identity trusts the service principal `pods.eks.amazonaws.com`
//! (`sts:AssumeRole` and `sts:TagSession`), which takes the role only for
//! the service accounts that associations of the role's own account name:
//! no account or pod outside them can use it, and it is not reported.
//!
//! Conditions that say nothing about who is calling (`aws:SecureTransport`,
//! `aws:CurrentTime`, encryption headers) leave `*` open: a statement whose
//! conditions are all of that kind is still reported. So is one whose only
//! condition is on `aws:Referer` or `aws:UserAgent`: those are headers the
//! caller writes, and AWS warns that `aws:Referer` must not be used to keep
//! unauthorized callers out; the message says so.
//!
//! An `Allow` with `NotPrincipal` grants everyone but the principals it
//! names, so it is judged as `*` is (AWS documents the pair as a mistake to
//! avoid; `NotPrincipal` belongs with `Deny`).
//!
//! A statement of the same document may fence the `*` in: a private API's
//! policy allows `*` to invoke it and denies `*` every call that does not
//! come through its VPC endpoint (a `Deny` with a condition on who calls,
//! covering the allowed actions). Such an Allow is not reported.
//!
//! A statement whose condition the file may leave out (CloudFormation's
//! `Condition: !If [UseOrgId, {...}, !Ref AWS::NoValue]`) is judged in
//! both cases: where only the branch without a condition leaves `*` open,
//! the finding says when that is ("only when condition `UseOrgId` is
//! false").

use super::aws_actions::{glob, is_aws_allow};
use crate::finding::Severity;
use crate::model::{Effect, Grant, GrantCondition, GrantSource};
use crate::rules::{Context, Rule, only_when};
use crate::source::{Span, Spanned};

pub struct IamPublicTrust;

pub static IAM_PUBLIC_TRUST: IamPublicTrust = IamPublicTrust;

/// An identity provider whose tokens anyone can obtain.
struct SharedIssuer {
    host: &'static str,
    /// The claims that say whose token it is; a condition on one of them
    /// with a value that names someone closes the trust.
    claims: &'static [&'static str],
    /// What a subject starts with before the owner it names (`repo:` in
    /// `repo:my-org/app:ref:refs/heads/main`).
    owner_prefix: &'static str,
    /// Who can assume the role when the claims are left open.
    anyone: &'static str,
    /// A condition that closes it.
    fix: &'static str,
}

const SHARED_ISSUERS: &[SharedIssuer] = &[
    SharedIssuer {
        host: "token.actions.githubusercontent.com",
        claims: &["sub", "repository", "repository_owner", "job_workflow_ref"],
        owner_prefix: "repo:",
        anyone: "any GitHub Actions workflow of any repository",
        fix: "`StringLike` on `token.actions.githubusercontent.com:sub` with \
              `repo:<org>/<repo>:*`",
    },
    SharedIssuer {
        host: "gitlab.com",
        claims: &["sub", "project_path", "namespace_path"],
        owner_prefix: "project_path:",
        anyone: "any GitLab.com pipeline of any project",
        fix: "`StringLike` on `gitlab.com:sub` with `project_path:<group>/<project>:*`",
    },
    SharedIssuer {
        host: "app.terraform.io",
        claims: &["sub"],
        owner_prefix: "organization:",
        anyone: "any HCP Terraform run of any organization",
        fix: "`StringLike` on `app.terraform.io:sub` with `organization:<org>:*`",
    },
    SharedIssuer {
        host: "accounts.google.com",
        claims: &["aud", "oaud", "sub"],
        owner_prefix: "",
        anyone: "any Google account",
        fix: "`StringEquals` on `accounts.google.com:aud` with your OAuth client id",
    },
    SharedIssuer {
        host: "cognito-identity.amazonaws.com",
        claims: &["aud"],
        owner_prefix: "",
        anyone: "identities of any Cognito identity pool",
        fix: "`StringEquals` on `cognito-identity.amazonaws.com:aud` with your identity pool id",
    },
];

impl Rule for IamPublicTrust {
    fn id(&self) -> &'static str {
        "iam-public-trust"
    }

    fn check_grant(&self, grant: &Grant, cx: &mut Context<'_>) {
        if !is_aws_allow(grant) {
            return;
        }
        open_federation(grant, cx);
        open_to_the_cluster(grant, cx);
        if !narrowed(grant) {
            return open_to_anyone(grant, None, cx);
        }
        if let Some(branch) = grant.unconditioned_branch {
            let bare = Grant {
                has_condition: false,
                conditions: Vec::new(),
                unconditioned_branch: None,
                ..grant.clone()
            };
            open_to_anyone(&bare, Some(branch), cx);
        }
    }
}

/// Reports a `*` principal (or an `Allow` with `NotPrincipal`) that no
/// condition narrows; `unconditioned` is the branch that leaves the
/// condition out, when only that branch does.
fn open_to_anyone(grant: &Grant, unconditioned: Option<Span>, cx: &mut Context<'_>) {
    if fenced_by_deny(grant, &cx.model.grants) {
        return;
    }
    let at = grant
        .not_principals
        .first()
        .or_else(|| {
            grant
                .principals
                .iter()
                .find(|p| matches!(p.value.trim(), "*" | "AWS:*"))
        })
        .map(|p| p.span);
    let Some(at) = at else {
        return;
    };
    // The branches the reported value lies in are told by the run itself.
    let when = match unconditioned {
        None => String::new(),
        Some(branch) => {
            let own: Vec<_> = cx
                .model
                .branches_at(branch)
                .into_iter()
                .filter(|b| !b.span.contains(at))
                .collect();
            if own.is_empty() {
                " (in the case that leaves the `Condition` out)".to_string()
            } else {
                format!(" {}", only_when(&own))
            }
        }
    };
    if !grant.not_principals.is_empty() {
        return everyone_but(grant, at, &when, cx);
    }
    let forged = forgeable_condition(grant)
        .map(|key| {
            format!(
                ": `{key}` is a header the caller sets and anyone can forge, and AWS warns \
                 it must not be used to keep unauthorized callers out"
            )
        })
        .unwrap_or_default();
    let message = match grant.source {
        GrantSource::AwsTrustPolicy => format!(
            "this trust policy lets any AWS account assume the role (principal `*`, no \
             `Condition` on who calls{forged}): name the trusted accounts or roles, or add \
             a condition such as `aws:PrincipalOrgID` or `sts:ExternalId`"
        ),
        GrantSource::AwsResourcePolicy => format!(
            "this resource policy allows anyone (principal `*`, no `Condition` on who \
             calls{forged}): name the principals, or add a condition such as \
             `aws:PrincipalOrgID` or `aws:SourceVpce`"
        ),
        _ => return,
    };
    cx.report(at, format!("{message}{when}"))
        .object(grant.object.clone())
        .place(format!("{}/principal", grant.place));
}

/// Reports an `Allow` with `NotPrincipal`: it grants everyone the
/// principals it names are not, anonymous callers included.
fn everyone_but(grant: &Grant, excepted: Span, when: &str, cx: &mut Context<'_>) {
    let granted = match grant.source {
        GrantSource::AwsTrustPolicy => "lets every AWS account assume the role",
        GrantSource::AwsResourcePolicy => "allows everyone, anonymous callers included,",
        _ => return,
    };
    cx.report(
        excepted,
        format!(
            "this statement {granted} except the principals `NotPrincipal` names (`Allow` with \
             `NotPrincipal`, no `Condition` on who calls): name the principals to allow in \
             `Principal`; `NotPrincipal` is for `Deny`{when}"
        ),
    )
    .object(grant.object.clone())
    .place(format!("{}/principal", grant.place));
}

/// Condition keys that do not say who calls (IAM's `*` wildcards, ASCII
/// case ignored): a `*` principal stays anyone with them.
const CALLER_BLIND_KEYS: &[&str] = &[
    "aws:Referer",
    "aws:UserAgent",
    "aws:SecureTransport",
    "aws:CurrentTime",
    "aws:EpochTime",
    "aws:RequestedRegion",
    "aws:TokenIssueTime",
    "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge",
    "aws:RequestTag/*",
    "aws:ResourceTag/*",
    "aws:TagKeys",
    "s3:x-amz-*",
    "s3:TlsVersion",
    "s3:signatureversion",
    "s3:authType",
    "s3:prefix",
    "s3:delimiter",
    "s3:max-keys",
    "s3:ExistingObjectTag/*",
    "s3:RequestObjectTag*",
];

/// Condition keys whose value the caller writes into the request: they look
/// like they say who calls, but anyone can send any value.
const FORGEABLE_KEYS: &[&str] = &["aws:Referer", "aws:UserAgent"];

/// The first condition key of the grant that the caller can forge, as the
/// file spells it.
fn forgeable_condition(grant: &Grant) -> Option<&str> {
    grant.conditions.iter().find_map(|c| {
        let key = c.key.value.trim();
        FORGEABLE_KEYS
            .iter()
            .any(|forgeable| glob(forgeable, key))
            .then_some(key)
    })
}

/// Whether a condition may narrow who matches the principal: any condition
/// the adapter could not read, or one on a key that says who calls.
fn narrowed(grant: &Grant) -> bool {
    grant.has_condition
        && (grant.conditions.is_empty()
            || grant.conditions.iter().any(|c| {
                let key = c.key.value.trim();
                !CALLER_BLIND_KEYS.iter().any(|blind| glob(blind, key))
            }))
}

/// Whether a `Deny` to `*` of the same document, under a condition on who
/// calls, covers every action the grant allows.
fn fenced_by_deny(grant: &Grant, grants: &[Grant]) -> bool {
    let document = |place: &str| place.rsplit_once("/statement/").map(|(d, _)| d.to_owned());
    let Some(own) = document(&grant.place) else {
        return false;
    };
    grants.iter().any(|other| {
        other.effect.value == Effect::Deny
            && document(&other.place).as_ref() == Some(&own)
            && other
                .principals
                .iter()
                .any(|p| matches!(p.value.trim(), "*" | "AWS:*"))
            && narrowed(other)
            && !grant.actions.is_empty()
            && grant.actions.iter().all(|allowed| {
                other
                    .actions
                    .iter()
                    .any(|denied| glob(denied.value.trim(), allowed.value.trim()))
            })
    })
}

/// Reports a trust in a shared issuer whose identifying claims no condition
/// narrows.
fn open_federation(grant: &Grant, cx: &mut Context<'_>) {
    let federated = grant
        .principals
        .iter()
        .filter_map(|p| Some((p.value.trim().strip_prefix("Federated:")?, p.span)));
    let mut found: Option<(&SharedIssuer, Span)> = None;
    for (id, span) in federated {
        if let Some(issuer) = SHARED_ISSUERS.iter().find(|i| {
            let id = id.trim().trim_end_matches('/');
            id == i.host || id.ends_with(&format!("/{}", i.host))
        }) {
            found = Some((issuer, span));
            break;
        }
        // A provider the file does not spell out: the condition keys name it.
        if let Some(issuer) = SHARED_ISSUERS
            .iter()
            .find(|i| grant.conditions.iter().any(|c| names_issuer(c, i)))
        {
            found = Some((issuer, span));
            break;
        }
    }
    let Some((issuer, span)) = found else {
        return;
    };
    if grant.conditions.iter().any(|c| narrows(c, issuer)) {
        return;
    }
    // Conditions written as an expression may narrow it: not judged.
    if grant.has_condition && grant.conditions.is_empty() {
        return;
    }
    // A wildcard where an owner belongs is where the trust opens.
    let open = grant
        .conditions
        .iter()
        .filter(|c| on_claim(c, issuer) && c.operator.to_ascii_lowercase().contains("like"))
        .flat_map(|c| &c.values)
        .find(|v| !names_owner(&v.value, issuer));
    let (span, checked) = match open {
        Some(value) => (
            value.span,
            format!("lets `{}` match any subject", value.value.trim()),
        ),
        None => (span, "no condition says whose token it is".to_string()),
    };
    cx.report(
        span,
        format!(
            "this trust policy trusts `{}` and {checked}: {} can assume the role; add a \
             condition such as {}",
            issuer.host, issuer.anyone, issuer.fix
        ),
    )
    .object(grant.object.clone())
    .place(format!("{}/principal/{}", grant.place, issuer.host));
}

/// How far a `sub` pattern reaches past the service account a role is for.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    /// Within one namespace, the boundary Kubernetes RBAC draws.
    Namespace,
    /// An account of a given name (or pattern) in any namespace.
    AnyNamespace,
    /// Every service account of the cluster.
    Cluster,
}

/// `system:serviceaccount:*:*` and `system:serviceaccount:*` leave both
/// the namespace and the name open, as `*` does in a cluster's trust;
/// `system:serviceaccount:*:loki` the namespace.
fn reach(value: &str, cluster: bool) -> Reach {
    let value = value.trim();
    if cluster && value == "*" {
        return Reach::Cluster;
    }
    let Some(rest) = value.strip_prefix("system:serviceaccount:") else {
        return Reach::Namespace;
    };
    match rest.split_once(':') {
        None if rest == "*" => Reach::Cluster,
        Some(("*", "*")) => Reach::Cluster,
        Some(("*", _)) => Reach::AnyNamespace,
        _ => Reach::Namespace,
    }
}

/// Reports a trust whose conditions on `sub` all let a value through that
/// matches service accounts of every namespace.
fn open_to_the_cluster(grant: &Grant, cx: &mut Context<'_>) {
    if grant.source != GrantSource::AwsTrustPolicy {
        return;
    }
    let cluster = cluster_issuer(grant);
    let subjects: Vec<&GrantCondition> = grant
        .conditions
        .iter()
        .filter(|c| c.key.value.trim().ends_with(":sub"))
        .collect();
    if subjects.is_empty() {
        if cluster && only_audience(grant) {
            any_service_account(grant, cx);
        }
        return;
    }
    // Conditions are all required: the narrowest decides. Within one, any
    // value matches: the widest decides.
    let mut open: Option<(Reach, &Spanned<String>)> = None;
    for condition in subjects {
        let operator = condition.operator.to_ascii_lowercase();
        let wildcards = operator.contains("like") && !operator.contains("not");
        let widest = condition
            .values
            .iter()
            .filter(|_| wildcards)
            .map(|v| (reach(&v.value, cluster), v))
            .rev()
            .max_by_key(|(reach, _)| *reach)
            .filter(|(reach, _)| *reach != Reach::Namespace);
        let Some(widest) = widest else {
            return;
        };
        if open.is_none_or(|(narrowest, _)| widest.0 < narrowest) {
            open = Some(widest);
        }
    }
    let Some((reach, value)) = open else {
        return;
    };
    let pattern = value.value.trim();
    let message = if reach == Reach::Cluster {
        format!(
            "this trust policy lets `{pattern}` match any subject of the cluster's identity \
             provider: every service account, in every namespace, can assume the role; name \
             the one it is for (`system:serviceaccount:<namespace>:<name>`, with `StringEquals`)"
        )
    } else {
        format!(
            "this trust policy lets `{pattern}` match in every namespace: whoever can create a \
             service account in any namespace of the cluster, named to match, can assume the \
             role; name the namespace it is for (`system:serviceaccount:<namespace>:<name>`, \
             with `StringEquals`)"
        )
    };
    cx.report(value.span, message)
        .object(grant.object.clone())
        .place(format!("{}/principal/serviceaccount", grant.place))
        .severity(Severity::Warning);
}

/// Whether a trust's identity provider is an EKS cluster's: a federated
/// principal, and its ARN or a condition key names the issuer's host
/// (`oidc.eks.<region>.amazonaws.com`) or is a reference that says so
/// (`module.eks.oidc_provider_arn`, `${local.eks_oidc_provider}:aud`).
fn cluster_issuer(grant: &Grant) -> bool {
    let names_cluster = |text: &str| {
        let text = text.to_ascii_lowercase();
        text.contains("oidc.eks.") || (text.contains("eks") && text.contains("oidc"))
    };
    let mut federated = grant
        .principals
        .iter()
        .filter_map(|p| p.value.trim().strip_prefix("Federated:"))
        .peekable();
    federated.peek().is_some()
        && (federated.any(names_cluster)
            || grant.conditions.iter().any(|c| names_cluster(&c.key.value)))
}

/// Whether the trust's conditions, all read, check no claim but the
/// token's audience, which every token asked for AWS carries.
fn only_audience(grant: &Grant) -> bool {
    if grant.has_condition && grant.conditions.is_empty() {
        return false;
    }
    grant
        .conditions
        .iter()
        .all(|c| c.key.value.trim().ends_with(":aud"))
}

/// Reports a cluster's trust that names no service account.
fn any_service_account(grant: &Grant, cx: &mut Context<'_>) {
    let Some(principal) = grant
        .principals
        .iter()
        .find(|p| p.value.trim().starts_with("Federated:"))
    else {
        return;
    };
    cx.report(
        principal.span,
        "this trust policy trusts the cluster's identity provider with no condition on \
         `sub`: every service account, in every namespace, can assume the role; name the \
         one it is for (`StringEquals` on `<issuer>:sub` with \
         `system:serviceaccount:<namespace>:<name>`)",
    )
    .object(grant.object.clone())
    .place(format!("{}/principal/serviceaccount", grant.place))
    .severity(Severity::Warning);
}

/// A condition on one of the issuer's claims (`<host>:sub`); a key whose
/// issuer part is an interpolation (`${local.provider}:sub`) counts.
fn names_issuer(condition: &GrantCondition, issuer: &SharedIssuer) -> bool {
    let key = condition.key.value.trim().to_ascii_lowercase();
    key.starts_with(&format!("{}:", issuer.host))
}

/// A condition on one of the claims that say whose token it is.
fn on_claim(condition: &GrantCondition, issuer: &SharedIssuer) -> bool {
    let key = condition.key.value.trim().to_ascii_lowercase();
    key.rsplit_once(':').is_some_and(|(prefix, claim)| {
        (prefix == issuer.host || prefix.contains("${")) && issuer.claims.contains(&claim)
    })
}

fn narrows(condition: &GrantCondition, issuer: &SharedIssuer) -> bool {
    if !on_claim(condition, issuer) {
        return false;
    }
    let operator = condition.operator.to_ascii_lowercase();
    if operator.contains("not") || operator.starts_with("null") || condition.values.is_empty() {
        return false;
    }
    let wildcards = operator.contains("like");
    condition
        .values
        .iter()
        .all(|v| !wildcards || names_owner(&v.value, issuer))
}

/// Whether a `StringLike` value names an owner: `repo:my-org/*` does,
/// `repo:*` and `*` do not.
fn names_owner(value: &str, issuer: &SharedIssuer) -> bool {
    let value = value.trim();
    let rest = value
        .get(..issuer.owner_prefix.len())
        .filter(|p| p.eq_ignore_ascii_case(issuer.owner_prefix))
        .map_or(value, |_| &value[issuer.owner_prefix.len()..]);
    !rest.is_empty() && !rest.starts_with(['*', '?'])
}
