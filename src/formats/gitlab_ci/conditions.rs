//! When a GitLab job runs, as one [`Condition`] in the model's expression
//! language: `rules:` (first match wins, `when: never` excludes),
//! `only:`/`except:` and `when:`. The status GitLab waits for is written
//! out as the status functions: `when: on_success` (the default) is
//! `success()`, `when: always` is `always()`, `when: on_failure` is
//! `failure()`; `manual` and `delayed` also wait for success.
//!
//! Variables become context paths (`$CI_COMMIT_TAG` is `CI_COMMIT_TAG`); a
//! bare variable is "set and not empty", `null` is the empty value.
//! `$CI_DEFAULT_BRANCH` is fixed for a project, so it is kept as an opaque
//! literal: `$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH` then excludes other
//! branch literals. Regular expression matches (`=~`), `changes:` and
//! `exists:` are unknown to the evaluator.

use std::sync::Arc;

use crate::formats::yaml::{Node, NodeKind, scalar};
use crate::model::{CompareOp, Condition, Expr, Manual, Switch};
use crate::source::Spanned;

/// The run condition of a resolved job mapping; `None` when it runs
/// whenever the jobs it waits for succeed.
pub fn job_condition(job: &Node) -> Option<Condition> {
    let when = scalar(job.get("when"));
    let default_outcome = when.as_ref().map_or_else(success, |w| outcome(&w.value));
    if let Some(rules) = job.get("rules").filter(|r| r.as_seq().is_some()) {
        return Some(rules_condition(rules, &default_outcome, when.as_ref()));
    }
    let refs = [("only", false), ("except", true)]
        .into_iter()
        .filter_map(|(key, negate)| {
            let expr = refs_expr(job.get(key)?)?;
            Some(if negate { not(expr) } else { expr })
        })
        .reduce(and);
    let text = when
        .clone()
        .filter(|w| matches!(w.value.as_str(), "always" | "on_failure"))
        .map(|w| Spanned::new(format!("when: {}", w.value), w.span))
        .or_else(|| {
            let key = job.entry("only").or_else(|| job.entry("except"))?;
            Some(Spanned::new(
                key.key.as_str().unwrap_or("only").to_string(),
                key.key.span,
            ))
        })?;
    let expr = match refs {
        Some(refs) => and(default_outcome, refs),
        None => default_outcome,
    };
    Some(Condition {
        text,
        expr: Some(Arc::new(expr)),
    })
}

/// Whether a failure of the job lets the pipeline go on: the `allow_failure:`
/// of the `rules:` entry that matches, else the job's own. Only `true` or
/// `false` counts: with `exit_codes:` only the codes it names pass (the
/// job's own marker for "skipped", "flaky"), any other failure still fails
/// the job. Set by a rule, on in the runs whose matching rule allows it:
/// a rule may also keep the job to runs where nothing ships.
pub fn allow_failure(job: &Node) -> Option<Spanned<Switch>> {
    let own = flag(job, "allow_failure");
    let rules = rules_of(job);
    if !rules
        .iter()
        .any(|rule| flag(rule, "allow_failure").is_some())
    {
        return own.map(|own| Spanned::new(Switch::Literal(own.value), own.span));
    }
    let set = |rule: &Node| flag(rule, "allow_failure").or_else(|| own.clone());
    let allowed = |rule: &Node| creates(rule) && set(rule).is_some_and(|f| f.value);
    let first = rules.iter().find(|rule| allowed(rule))?;
    let span = set(first)?.span;
    let condition = Condition {
        text: Spanned::new(rule_text(first), span),
        expr: Some(Arc::new(decided_by(rules, allowed))),
    };
    Some(Spanned::new(Switch::When(condition), span))
}

/// Whether the job is manual, in which runs, and whether it then blocks the
/// later stages. A rule's `when:` (else the job's) makes it manual. A job
/// whose own `when:` is `manual` is allowed to fail unless it says
/// otherwise, whatever its rules say; one made manual by a rule only is not
/// (GitLab: the rule's `allow_failure:`, else the job's, decides). Where
/// some rules make it a manual job that blocks and others one that does
/// not, it is the latter, in the runs of those rules.
pub fn manual(job: &Node) -> Option<Manual> {
    let own_when = scalar(job.get("when")).filter(|w| w.value == "manual");
    let own_allowed = flag(job, "allow_failure").map(|f| f.value);
    let rules = rules_of(job);
    if job.get("rules").is_none_or(|r| r.as_seq().is_none()) {
        let when = own_when?;
        return Some(Manual {
            span: when.span,
            blocking: own_allowed == Some(false),
            by_rule: None,
        });
    }
    let manual_when = |rule: &Node| {
        scalar(rule.get("when"))
            .or_else(|| own_when.clone())
            .filter(|w| w.value == "manual")
    };
    let optional = |rule: &Node| {
        manual_when(rule).is_some()
            && flag(rule, "allow_failure")
                .map(|f| f.value)
                .or(own_allowed)
                .unwrap_or(own_when.is_some())
    };
    let blocking = !rules.iter().any(&optional);
    let made = |rule: &Node| manual_when(rule).is_some() && (blocking || optional(rule));
    let first = rules.iter().find(|rule| made(rule))?;
    let span = manual_when(first)?.span;
    let everywhere = rules.iter().filter(|rule| creates(rule)).all(made);
    Some(Manual {
        span,
        blocking,
        by_rule: (!everywhere).then(|| Condition {
            text: Spanned::new(rule_text(first), span),
            expr: Some(Arc::new(decided_by(rules, made))),
        }),
    })
}

/// The entries of a job's `rules:`; none when it has no list of them.
fn rules_of(job: &Node) -> &[Node] {
    job.get("rules").map(Node::items).unwrap_or_default()
}

/// A `true` or `false` under `key`, where it is written.
fn flag(node: &Node, key: &str) -> Option<Spanned<bool>> {
    let value = node.get(key)?;
    Some(Spanned::new(value.as_bool()?, value.span))
}

/// Whether a rule that matches adds the job to the pipeline.
fn creates(rule: &Node) -> bool {
    scalar(rule.get("when")).is_none_or(|w| w.value != "never")
}

/// How a message names a rule: its `if:`, else what else it tests
/// (`changes:`, `exists:`), else `rules` (a rule that always matches).
fn rule_text(rule: &Node) -> String {
    if let Some(condition) = scalar(rule.get("if")) {
        return format!("if: {}", condition.value);
    }
    ["changes", "exists"]
        .into_iter()
        .find(|key| rule.get(key).is_some())
        .map_or_else(|| "rules".to_string(), |key| format!("{key}: ..."))
}

/// True in the runs whose first matching rule `holds` for; false where no
/// rule matches.
fn decided_by(rules: &[Node], holds: impl Fn(&Node) -> bool) -> Expr {
    rules
        .iter()
        .rev()
        .fold(Expr::Bool(false), |otherwise, rule| {
            if_then_else(rule_matches(rule), Expr::Bool(holds(rule)), otherwise)
        })
}

/// `rules:` as nested if-then-else: the first rule whose clauses match
/// decides; no match leaves the job out of the pipeline.
fn rules_condition(
    rules: &Node,
    default_outcome: &Expr,
    when: Option<&Spanned<String>>,
) -> Condition {
    let mut expr = Expr::Bool(false);
    // The `when: always` (or `on_failure`) that lets the job run after a
    // failure: the condition's text and place, when there is one.
    let mut status_text = when
        .filter(|w| matches!(w.value.as_str(), "always" | "on_failure"))
        .map(|w| Spanned::new(format!("when: {}", w.value), w.span));
    for rule in rules.items().iter().rev() {
        let matches = rule_matches(rule);
        let rule_when = scalar(rule.get("when"));
        let then = match &rule_when {
            Some(w) => outcome(&w.value),
            None => default_outcome.clone(),
        };
        if let Some(w) = rule_when.filter(|w| matches!(w.value.as_str(), "always" | "on_failure")) {
            status_text = Some(Spanned::new(format!("when: {}", w.value), w.span));
        }
        expr = if_then_else(matches, then, expr);
    }
    let text = status_text.unwrap_or_else(|| Spanned::new("rules".into(), rules.span));
    Condition {
        text,
        expr: Some(Arc::new(expr)),
    }
}

/// Whether a pipeline is created at all, from `workflow: rules` (first
/// match wins; `when: never` refuses it, no match too): `None` without them.
pub fn workflow_condition(root: &Node) -> Option<Expr> {
    let rules = root
        .path(&["workflow", "rules"])
        .filter(|r| r.as_seq().is_some())?;
    let mut expr = Expr::Bool(false);
    for rule in rules.items().iter().rev() {
        let admits = scalar(rule.get("when")).is_none_or(|w| w.value != "never");
        expr = if_then_else(rule_matches(rule), Expr::Bool(admits), expr);
    }
    Some(expr)
}

/// A job's condition within the pipelines that `workflow: rules` create.
pub fn within_workflow(
    condition: Option<Condition>,
    workflow: Option<&Spanned<Expr>>,
) -> Option<Condition> {
    let Some(workflow) = workflow else {
        return condition;
    };
    Some(match condition {
        Some(own) => Condition {
            expr: own
                .expr
                .map(|e| Arc::new(and(workflow.value.clone(), Arc::unwrap_or_clone(e)))),
            text: own.text,
        },
        None => Condition {
            text: Spanned::new("workflow: rules".into(), workflow.span),
            expr: Some(Arc::new(and(workflow.value.clone(), success()))),
        },
    })
}

/// Whether `workflow: rules` create pipelines for tags only: every rule
/// that admits one asks for `$CI_COMMIT_TAG` to be set (or to match).
pub fn tags_only(root: &Node) -> bool {
    let rules = root
        .path(&["workflow", "rules"])
        .map(Node::items)
        .unwrap_or_default();
    let admitting: Vec<&Node> = rules
        .iter()
        .filter(|rule| scalar(rule.get("when")).is_none_or(|w| w.value != "never"))
        .collect();
    !admitting.is_empty()
        && admitting.iter().all(|rule| {
            scalar(rule.get("if")).is_some_and(|condition| {
                let text = condition.value.trim();
                text.starts_with("$CI_COMMIT_TAG")
                    && !text.contains("||")
                    && !text.contains("null")
                    && !text.contains("!=")
                    && !text.contains("!~")
            })
        })
}

/// Whether one rule's clauses match: its `if:`, and `changes:`/`exists:`
/// (unknown to the evaluator).
fn rule_matches(rule: &Node) -> Expr {
    let mut clauses = Vec::new();
    if let Some(condition) = scalar(rule.get("if")) {
        clauses.push(parse_if(&condition.value).unwrap_or_else(unknown));
    }
    if rule.get("changes").is_some() || rule.get("exists").is_some() {
        clauses.push(unknown());
    }
    clauses.into_iter().reduce(and).unwrap_or(Expr::Bool(true))
}

fn if_then_else(condition: Expr, then: Expr, otherwise: Expr) -> Expr {
    Expr::Or(
        Box::new(and(condition.clone(), then)),
        Box::new(and(not(condition), otherwise)),
    )
}

/// What a `when:` value lets run.
fn outcome(when: &str) -> Expr {
    match when {
        "never" => Expr::Bool(false),
        "always" => Expr::Call("always".into(), Vec::new()),
        "on_failure" => Expr::Call("failure".into(), Vec::new()),
        _ => success(),
    }
}

fn success() -> Expr {
    Expr::Call("success".into(), Vec::new())
}

/// What the evaluator cannot know.
fn unknown() -> Expr {
    Expr::Call("unknown".into(), Vec::new())
}

fn and(a: Expr, b: Expr) -> Expr {
    Expr::And(Box::new(a), Box::new(b))
}

fn not(a: Expr) -> Expr {
    Expr::Not(Box::new(a))
}

fn var(name: &str) -> Expr {
    Expr::Path(vec![name.to_string()])
}

fn equals(name: &str, value: &str) -> Expr {
    Expr::Compare(
        CompareOp::Eq,
        Box::new(var(name)),
        Box::new(Expr::String(value.into())),
    )
}

fn is_set(name: &str) -> Expr {
    Expr::Compare(
        CompareOp::Ne,
        Box::new(var(name)),
        Box::new(Expr::String(String::new())),
    )
}

/// `only:`/`except:`: a list of refs, or a mapping of `refs:` and
/// `variables:` (any variable expression matches).
fn refs_expr(node: &Node) -> Option<Expr> {
    let (refs, variables) = match &node.kind {
        NodeKind::Map(_) => (node.get("refs"), node.get("variables")),
        _ => (Some(node), None),
    };
    let mut parts = Vec::new();
    let names: Vec<String> = match refs {
        Some(n) if n.as_seq().is_some() => n
            .items()
            .iter()
            .filter_map(|i| Some(i.as_str()?.to_string()))
            .collect(),
        Some(n) => n.as_str().map(str::to_string).into_iter().collect(),
        None => Vec::new(),
    };
    if let Some(refs) = names
        .iter()
        .map(|r| ref_expr(r))
        .reduce(|a, b| Expr::Or(Box::new(a), Box::new(b)))
    {
        parts.push(refs);
    }
    if let Some(variables) = variables {
        let any = variables
            .items()
            .iter()
            .filter_map(Node::as_str)
            .map(|v| parse_if(v).unwrap_or_else(unknown))
            .reduce(|a, b| Expr::Or(Box::new(a), Box::new(b)));
        parts.extend(any);
    }
    if node.as_map().is_some()
        && (node.get("changes").is_some() || node.get("kubernetes").is_some())
    {
        parts.push(unknown());
    }
    parts.into_iter().reduce(and)
}

/// One `only:` ref: a keyword, a branch or tag name, or a `/regex/`.
fn ref_expr(name: &str) -> Expr {
    let source = |s: &str| equals("CI_PIPELINE_SOURCE", s);
    match name {
        "branches" => is_set("CI_COMMIT_BRANCH"),
        "tags" => is_set("CI_COMMIT_TAG"),
        "merge_requests" => source("merge_request_event"),
        "schedules" => source("schedule"),
        "pushes" => source("push"),
        "web" => source("web"),
        "api" => source("api"),
        "triggers" => source("trigger"),
        "pipelines" => source("pipeline"),
        "external" => source("external"),
        "chat" => source("chat"),
        "external_pull_requests" => source("external_pull_request_event"),
        regex if regex.len() > 1 && regex.starts_with('/') => Expr::Call(
            "matches".into(),
            vec![var("CI_COMMIT_REF_NAME"), Expr::String(regex.into())],
        ),
        branch => equals("CI_COMMIT_REF_NAME", branch),
    }
}

/// Parses a `rules: if:` expression: variables, string literals, `null`,
/// `==`, `!=`, `=~`, `!~`, `&&`, `||` and parentheses.
pub fn parse_if(text: &str) -> Option<Expr> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.or()?;
    (parser.at == parser.tokens.len()).then_some(expr)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Var(String),
    Str(String),
    Regex(String),
    Null,
    Op(&'static str),
    Open,
    Close,
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..chars.len().min(i + 2)].iter().collect();
        match c {
            _ if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            '$' => {
                let braced = chars.get(i + 1) == Some(&'{');
                let start = i + 1 + usize::from(braced);
                let mut end = start;
                while end < chars.len() && (chars[end].is_ascii_alphanumeric() || chars[end] == '_')
                {
                    end += 1;
                }
                if end == start {
                    return None;
                }
                tokens.push(Token::Var(chars[start..end].iter().collect()));
                i = end + usize::from(braced && chars.get(end) == Some(&'}'));
            }
            '"' | '\'' => {
                let end = (i + 1..chars.len()).find(|&j| chars[j] == c)?;
                tokens.push(Token::Str(chars[i + 1..end].iter().collect()));
                i = end + 1;
            }
            '/' => {
                let mut end = i + 1;
                while end < chars.len() && chars[end] != '/' {
                    end += usize::from(chars[end] == '\\') + 1;
                }
                if end >= chars.len() {
                    return None;
                }
                tokens.push(Token::Regex(chars[i..=end].iter().collect()));
                // Flags (`/main/i`).
                i = end + 1;
                while i < chars.len() && chars[i].is_ascii_alphabetic() {
                    i += 1;
                }
            }
            _ => {
                let op = ["==", "!=", "=~", "!~", "&&", "||"]
                    .into_iter()
                    .find(|op| rest == *op);
                if let Some(op) = op {
                    tokens.push(Token::Op(op));
                    i += 2;
                } else if chars[i..].starts_with(&['n', 'u', 'l', 'l']) {
                    tokens.push(Token::Null);
                    i += 4;
                } else {
                    return None;
                }
            }
        }
    }
    Some(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, op: &'static str) -> bool {
        let found = self.peek() == Some(&Token::Op(op));
        self.at += usize::from(found);
        found
    }

    fn or(&mut self) -> Option<Expr> {
        let mut left = self.and()?;
        while self.eat("||") {
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Some(left)
    }

    fn and(&mut self) -> Option<Expr> {
        let mut left = self.comparison()?;
        while self.eat("&&") {
            left = and(left, self.comparison()?);
        }
        Some(left)
    }

    fn comparison(&mut self) -> Option<Expr> {
        let left = self.operand()?;
        let op = match self.peek() {
            Some(Token::Op(op @ ("==" | "!=" | "=~" | "!~"))) => *op,
            _ => {
                // A bare variable: set and not empty.
                return Some(match left {
                    Expr::Path(path) => is_set(&path.join(".")),
                    other => other,
                });
            }
        };
        self.at += 1;
        let right = self.operand()?;
        Some(match op {
            "==" => Expr::Compare(CompareOp::Eq, Box::new(left), Box::new(right)),
            "!=" => Expr::Compare(CompareOp::Ne, Box::new(left), Box::new(right)),
            "=~" => Expr::Call("matches".into(), vec![left, right]),
            _ => not(Expr::Call("matches".into(), vec![left, right])),
        })
    }

    fn operand(&mut self) -> Option<Expr> {
        let token = self.peek()?.clone();
        self.at += 1;
        Some(match token {
            Token::Var(name) if name == "CI_DEFAULT_BRANCH" => Expr::String(format!("${name}")),
            Token::Var(name) => var(&name),
            Token::Str(s) | Token::Regex(s) => Expr::String(s),
            Token::Null => Expr::String(String::new()),
            Token::Open => {
                let inner = self.or()?;
                if self.peek() != Some(&Token::Close) {
                    return None;
                }
                self.at += 1;
                inner
            }
            Token::Op(_) | Token::Close => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::yaml;
    use crate::rules::job_ordering::conditions::{Scenario, Status};

    fn condition(text: &str) -> Option<Condition> {
        let root = yaml::parse(text).unwrap().documents.remove(0).root;
        job_condition(&root)
    }

    fn runs(condition: Option<&Condition>, facts: &[(&str, &str)], status: Status) -> bool {
        let scenario = facts
            .iter()
            .fold(Scenario::new(status), |s, (k, v)| s.with(k, v));
        scenario.allows(condition)
    }

    #[test]
    fn if_expressions_parse_into_comparisons() {
        let tag = parse_if("$CI_COMMIT_TAG").unwrap();
        assert_eq!(tag, is_set("CI_COMMIT_TAG"));
        let complex = parse_if(
            "($CI_COMMIT_BRANCH == \"main\" || $CI_COMMIT_REF_NAME =~ /^release/i) && $X != null",
        );
        assert!(matches!(complex, Some(Expr::And(..))));
        assert!(parse_if("$A == ").is_none());
        assert!(parse_if("banana").is_none());
    }

    #[test]
    fn rules_decide_by_first_match() {
        let c = condition(
            "rules:\n  - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"\n    when: never\n  - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n",
        );
        let c = c.as_ref();
        let main = [
            ("CI_PIPELINE_SOURCE", "push"),
            ("CI_COMMIT_BRANCH", "$CI_DEFAULT_BRANCH"),
        ];
        assert!(runs(c, &main, Status::SUCCEEDED));
        assert!(!runs(c, &main, Status::FAILED));
        let mr = [("CI_PIPELINE_SOURCE", "merge_request_event")];
        assert!(!runs(c, &mr, Status::SUCCEEDED));
        let other = [("CI_PIPELINE_SOURCE", "push"), ("CI_COMMIT_BRANCH", "dev")];
        assert!(!runs(c, &other, Status::SUCCEEDED));
    }

    #[test]
    fn when_always_and_only_refs() {
        let always = condition("when: always\n").unwrap();
        assert_eq!(always.text.value, "when: always");
        assert!(runs(Some(&always), &[], Status::FAILED));
        assert!(condition("when: manual\n").is_none());
        let tags = condition("only: [tags]\nexcept: [/^wip/]\n").unwrap();
        assert!(runs(
            Some(&tags),
            &[("CI_COMMIT_TAG", "v1")],
            Status::SUCCEEDED
        ));
        assert!(!runs(
            Some(&tags),
            &[("CI_COMMIT_TAG", "")],
            Status::SUCCEEDED
        ));
        let rule_always = condition("rules:\n  - if: $CI_COMMIT_TAG\n    when: always\n").unwrap();
        assert_eq!(rule_always.text.value, "when: always");
        assert!(condition("script: [x]\n").is_none());
    }
}
