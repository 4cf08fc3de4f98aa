//! What the AWS iam rules know about actions: how an action pattern reads
//! (`service:Name`, with IAM's `*` and `?` wildcards, case-insensitive), and
//! each action's access level, from the table in `aws_access_levels.txt`.

use std::sync::LazyLock;

use crate::model::{Effect, Grant, GrantSource};

const TABLE: &str = include_str!("aws_access_levels.txt");

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Access {
    List,
    Read,
    Tagging,
    Write,
    Permissions,
}

impl Access {
    pub fn describe(self) -> &'static str {
        match self {
            Access::List => "list",
            Access::Read => "read",
            Access::Tagging => "tagging",
            Access::Write => "write",
            Access::Permissions => "permissions-management",
        }
    }
}

/// An action as written: `s3:GetObject`, `s3:Get*`, `*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// `*` (or `*:*`): every action of every service.
    All,
    Service {
        service: &'a str,
        /// The name part, possibly a pattern (`Put*`); `*` is the whole service.
        name: &'a str,
    },
}

/// Reads a literal action; `None` for anything else (an interpolation, a
/// reference's source text), which no rule may judge.
pub fn parse(text: &str) -> Option<Action<'_>> {
    let text = text.trim();
    if text == "*" || text == "*:*" {
        return Some(Action::All);
    }
    let (service, name) = text.split_once(':')?;
    let service_ok = !service.is_empty()
        && service
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let name_ok = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'*' | b'?' | b'-' | b'_'));
    (service_ok && name_ok).then_some(Action::Service { service, name })
}

/// IAM's wildcard match: `*` any run, `?` one character, ASCII case ignored.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi].eq_ignore_ascii_case(&t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            resume = Some((pi, ti));
            pi += 1;
        } else if let Some((star, from)) = resume {
            pi = star + 1;
            ti = from + 1;
            resume = Some((star, from + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&b| b == b'*')
}

/// Whether an action pattern as written covers the action `service:name`.
pub fn covers(pattern: &Action<'_>, service: &str, name: &str) -> bool {
    match pattern {
        Action::All => true,
        Action::Service {
            service: s,
            name: n,
        } => glob(s, service) && glob(n, name),
    }
}

struct Entry {
    service: Option<String>,
    level: Option<Access>,
    /// `star-only` or `routine`: granting it on `*` is not reported.
    fine_on_star: bool,
    pattern: String,
}

static ENTRIES: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let mut entries = Vec::new();
    for line in TABLE.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(service), Some(level)) = (words.next(), words.next()) else {
            continue;
        };
        let (level, fine_on_star) = match level {
            "list" => (Some(Access::List), false),
            "read" => (Some(Access::Read), false),
            "tagging" => (Some(Access::Tagging), false),
            "write" => (Some(Access::Write), false),
            "permissions" => (Some(Access::Permissions), false),
            "star-only" | "routine" => (None, true),
            _ => continue,
        };
        for pattern in words {
            entries.push(Entry {
                service: (service != "*").then(|| service.to_ascii_lowercase()),
                level,
                fine_on_star,
                pattern: pattern.to_owned(),
            });
        }
    }
    entries
});

/// How specific an entry is for `name`: exact names beat patterns, a
/// service's lines beat global ones, longer patterns beat shorter ones.
fn rank(entry: &Entry, name: &str) -> Option<(bool, bool, usize)> {
    let exact = !entry.pattern.contains(['*', '?']);
    let matches = if exact {
        entry.pattern.eq_ignore_ascii_case(name)
    } else {
        glob(&entry.pattern, name)
    };
    matches.then(|| (exact, entry.service.is_some(), entry.pattern.len()))
}

fn applies(entry: &Entry, service: &str) -> bool {
    entry
        .service
        .as_deref()
        .is_none_or(|s| s.eq_ignore_ascii_case(service))
}

/// The access level of `service:name` (the name may be a pattern, read as
/// written: `Get*` is read, `Put*` write). Unknown actions are `Write`.
pub fn access(service: &str, name: &str) -> Access {
    ENTRIES
        .iter()
        .filter(|e| e.level.is_some() && applies(e, service))
        .filter_map(|e| Some((rank(e, name)?, e.level?)))
        .max_by_key(|(rank, _)| *rank)
        .map_or(Access::Write, |(_, level)| level)
}

/// Whether granting the action on `*` is not worth reporting: it accepts
/// no resource but `*`, or it is routine (the table says which and why).
pub fn fine_on_star(service: &str, name: &str) -> bool {
    ENTRIES
        .iter()
        .any(|e| e.fine_on_star && applies(e, service) && rank(e, name).is_some())
}

/// An AWS policy statement that allows (the AWS rules judge only these).
pub fn is_aws_allow(grant: &Grant) -> bool {
    grant.effect.value == Effect::Allow
        && matches!(
            grant.source,
            GrantSource::AwsIdentityPolicy
                | GrantSource::AwsTrustPolicy
                | GrantSource::AwsResourcePolicy
        )
}

/// An AWS statement of a policy attached to an identity: there `Resource =
/// "*"` means every resource of the account. In a resource policy (bucket,
/// key, queue, secret) it means the resource the policy is attached to, so
/// the rules about actions on every resource judge identity policies only.
pub fn is_identity_allow(grant: &Grant) -> bool {
    is_aws_allow(grant) && grant.source == GrantSource::AwsIdentityPolicy
}

/// Whether a resource element is the wildcard `*`.
pub fn is_any_resource(resource: &str) -> bool {
    resource.trim() == "*"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_parse_only_when_literal() {
        assert_eq!(parse("*"), Some(Action::All));
        assert_eq!(
            parse("s3:Get*"),
            Some(Action::Service {
                service: "s3",
                name: "Get*"
            })
        );
        assert_eq!(parse("${var.service}:*"), None);
        assert_eq!(parse("var.actions"), None);
    }

    #[test]
    fn globs_follow_iam() {
        assert!(glob("iam:*Policy", "iam:putrolepolicy"));
        assert!(glob("Get*", "GetObject"));
        assert!(glob("s?", "s3"));
        assert!(!glob("Get*", "PutObject"));
        assert!(glob("*", ""));
    }

    #[test]
    fn access_levels_come_from_the_table() {
        assert_eq!(access("s3", "GetObject"), Access::Read);
        assert_eq!(access("s3", "ListBucket"), Access::List);
        assert_eq!(access("s3", "PutObject"), Access::Write);
        assert_eq!(access("s3", "PutBucketPolicy"), Access::Permissions);
        assert_eq!(access("iam", "AttachRolePolicy"), Access::Permissions);
        assert_eq!(access("sqs", "ReceiveMessage"), Access::Read);
        assert_eq!(access("ec2", "CreateTags"), Access::Tagging);
        assert_eq!(access("s3", "Get*"), Access::Read);
        assert_eq!(access("s3", "Put*"), Access::Write);
        assert_eq!(access("newservice", "DoThing"), Access::Write);
    }

    #[test]
    fn actions_fine_on_star_are_known() {
        assert!(fine_on_star("cloudwatch", "PutMetricData"));
        assert!(fine_on_star("ec2", "DescribeInstances"));
        assert!(fine_on_star("logs", "PutLogEvents"));
        assert!(!fine_on_star("logs", "DeleteLogGroup"));
        assert!(!fine_on_star("logs", "*"));
        assert!(!fine_on_star("s3", "PutObject"));
        assert_eq!(access("iam", "CreateServiceLinkedRole"), Access::Write);
    }
}
