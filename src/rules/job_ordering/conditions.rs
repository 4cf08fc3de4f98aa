//! What a job's `if:` allows, asked of imagined runs ("scenarios"): can
//! this deploy run when a test failed? Can these two jobs run in the same
//! run? Can this job run when the triggering workflow failed?
//!
//! Conditions are evaluated in three-valued logic: anything a scenario does
//! not fix (a branch name, an output, a secret) is unknown, and an unknown
//! condition may be true. A job runs when its condition may be true and its
//! needs ran (or its condition tolerates skipped needs, as `always()` does).

use std::collections::BTreeMap;

use crate::model::{CompareOp, Condition, Expr, Job, Pipeline};

use super::graph::Graph;

/// A value in an evaluation; `Unknown` is what the scenario does not fix.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Unknown,
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Value>),
}

impl Value {
    fn truthy(&self) -> Option<bool> {
        match self {
            Value::Unknown => None,
            Value::Null => Some(false),
            Value::Bool(b) => Some(*b),
            Value::Number(n) => Some(*n != 0.0 && !n.is_nan()),
            Value::String(s) => Some(!s.is_empty()),
            Value::Array(_) => Some(true),
        }
    }

    fn number(&self) -> f64 {
        match self {
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Number(n) => *n,
            Value::String(s) if s.trim().is_empty() => 0.0,
            Value::String(s) => s.trim().parse().unwrap_or(f64::NAN),
            Value::Unknown | Value::Array(_) => f64::NAN,
        }
    }
}

/// The status functions' values in a scenario.
#[derive(Debug, Clone, Copy)]
pub struct Status {
    pub success: Option<bool>,
    pub failure: Option<bool>,
    pub cancelled: Option<bool>,
}

impl Status {
    /// Nothing known about the jobs before.
    pub const UNKNOWN: Status = Status {
        success: None,
        failure: None,
        cancelled: None,
    };
    /// Everything before succeeded.
    pub const SUCCEEDED: Status = Status {
        success: Some(true),
        failure: Some(false),
        cancelled: Some(false),
    };
    /// Something before failed.
    pub const FAILED: Status = Status {
        success: Some(false),
        failure: Some(true),
        cancelled: Some(false),
    };
    /// A job needed was skipped: neither success nor failure.
    pub const SKIPPED: Status = Status {
        success: Some(false),
        failure: Some(false),
        cancelled: Some(false),
    };
}

/// An imagined run: the values some context paths have, and the status.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Context paths (`github.event_name`, `needs.test.result`) and values.
    pub facts: BTreeMap<String, String>,
    pub status: Status,
}

impl Scenario {
    pub fn new(status: Status) -> Scenario {
        Scenario {
            facts: BTreeMap::new(),
            status,
        }
    }

    pub fn with(mut self, path: &str, value: &str) -> Scenario {
        self.facts.insert(path.to_string(), value.to_string());
        self
    }

    /// Whether `condition` may be true. No condition is `success()`, and a
    /// condition that calls no status function is `success() && (...)`, as
    /// on GitHub. A condition that does not parse may be true.
    pub fn allows(&self, condition: Option<&Condition>) -> bool {
        let Some(condition) = condition else {
            return self.status.success != Some(false);
        };
        let Some(expr) = &condition.expr else {
            return true;
        };
        if !calls_status(expr) && self.status.success == Some(false) {
            return false;
        }
        self.eval(expr).truthy() != Some(false)
    }

    fn eval(&self, expr: &Expr) -> Value {
        match expr {
            Expr::Null => Value::Null,
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Number(n) => Value::Number(*n),
            Expr::String(s) => Value::String(s.clone()),
            Expr::Path(path) => self.path(path),
            Expr::Member(..) => Value::Unknown,
            Expr::Not(inner) => match self.eval(inner).truthy() {
                Some(b) => Value::Bool(!b),
                None => Value::Unknown,
            },
            Expr::And(a, b) => {
                let left = self.eval(a);
                match left.truthy() {
                    Some(false) => left,
                    Some(true) => self.eval(b),
                    None => match self.eval(b).truthy() {
                        Some(false) => Value::Bool(false),
                        _ => Value::Unknown,
                    },
                }
            }
            Expr::Or(a, b) => {
                let left = self.eval(a);
                match left.truthy() {
                    Some(true) => left,
                    Some(false) => self.eval(b),
                    None => match self.eval(b) {
                        right if right.truthy() == Some(true) => right,
                        _ => Value::Unknown,
                    },
                }
            }
            Expr::Compare(op, a, b) => compare(*op, &self.eval(a), &self.eval(b)),
            Expr::Call(name, args) => self.call(name, args),
        }
    }

    fn path(&self, path: &[String]) -> Value {
        let key = path.join(".");
        if let Some(value) = self.facts.get(&key) {
            return Value::String(value.clone());
        }
        // `needs.*.result`: the results the scenario fixes, and unknowns.
        if path.len() == 3 && path[0] == "needs" && path[1] == "*" {
            let suffix = format!(".{}", path[2]);
            let known: Vec<Value> = self
                .facts
                .iter()
                .filter(|(k, _)| k.starts_with("needs.") && k.ends_with(&suffix))
                .map(|(_, v)| Value::String(v.clone()))
                .chain(std::iter::once(Value::Unknown))
                .collect();
            return Value::Array(known);
        }
        Value::Unknown
    }

    fn call(&self, name: &str, args: &[Expr]) -> Value {
        let status = |v: Option<bool>| v.map_or(Value::Unknown, Value::Bool);
        match name {
            "always" => Value::Bool(true),
            "success" => status(self.status.success),
            "failure" => status(self.status.failure),
            "cancelled" => status(self.status.cancelled),
            "contains" | "startswith" | "endswith" if args.len() == 2 => {
                let haystack = self.eval(&args[0]);
                let needle = self.eval(&args[1]);
                match (name, haystack, needle) {
                    (_, Value::Unknown, _) | (_, _, Value::Unknown) => Value::Unknown,
                    ("contains", Value::Array(items), needle) => {
                        let mut result = Value::Bool(false);
                        for item in &items {
                            match compare(CompareOp::Eq, item, &needle) {
                                Value::Bool(true) => return Value::Bool(true),
                                Value::Unknown => result = Value::Unknown,
                                _ => {}
                            }
                        }
                        result
                    }
                    (_, Value::Array(_), _) => Value::Unknown,
                    (name, haystack, needle) => {
                        let (h, n) = (text(&haystack).to_lowercase(), text(&needle).to_lowercase());
                        Value::Bool(match name {
                            "contains" => h.contains(&n),
                            "startswith" => h.starts_with(&n),
                            _ => h.ends_with(&n),
                        })
                    }
                }
            }
            _ => Value::Unknown,
        }
    }
}

/// The text of a scalar value, as GitHub converts it for string functions.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Unknown | Value::Array(_) => String::new(),
    }
}

/// GitHub's loose comparison: strings case-insensitively, mixed types as numbers.
fn compare(op: CompareOp, a: &Value, b: &Value) -> Value {
    if matches!(a, Value::Unknown) || matches!(b, Value::Unknown) {
        return Value::Unknown;
    }
    let ordering = match (a, b) {
        (Value::String(x), Value::String(y)) => Some(x.to_lowercase().cmp(&y.to_lowercase())),
        (Value::Array(_), _) | (_, Value::Array(_)) => {
            return Value::Bool(matches!(op, CompareOp::Ne));
        }
        _ => a.number().partial_cmp(&b.number()),
    };
    let result = match (op, ordering) {
        (CompareOp::Ne, None) => true,
        (_, None) => false,
        (CompareOp::Eq, Some(o)) => o.is_eq(),
        (CompareOp::Ne, Some(o)) => o.is_ne(),
        (CompareOp::Lt, Some(o)) => o.is_lt(),
        (CompareOp::Le, Some(o)) => o.is_le(),
        (CompareOp::Gt, Some(o)) => o.is_gt(),
        (CompareOp::Ge, Some(o)) => o.is_ge(),
    };
    Value::Bool(result)
}

/// Whether an expression calls a status function (else GitHub adds `success() &&`).
pub fn calls_status(expr: &Expr) -> bool {
    match expr {
        Expr::Call(name, args) => {
            matches!(
                name.as_str(),
                "always" | "success" | "failure" | "cancelled"
            ) || args.iter().any(calls_status)
        }
        Expr::Not(e) | Expr::Member(e, _) => calls_status(e),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Compare(_, a, b) => {
            calls_status(a) || calls_status(b)
        }
        _ => false,
    }
}

/// Whether an expression reads a context path that starts with `prefix`.
pub fn mentions(expr: &Expr, prefix: &[&str]) -> bool {
    match expr {
        Expr::Path(path) => {
            path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a == b)
        }
        Expr::Call(_, args) => args.iter().any(|a| mentions(a, prefix)),
        Expr::Not(e) | Expr::Member(e, _) => mentions(e, prefix),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Compare(_, a, b) => {
            mentions(a, prefix) || mentions(b, prefix)
        }
        _ => false,
    }
}

/// Whether a job may run in a scenario, its needs included: a job whose
/// need did not run runs only if its condition tolerates skipped needs.
pub fn may_run(pipeline: &Pipeline, graph: &Graph, job: usize, scenario: &Scenario) -> bool {
    let mut memo = vec![None; pipeline.jobs.len()];
    may_run_memo(pipeline, graph, job, scenario, &mut memo, 0)
}

fn may_run_memo(
    pipeline: &Pipeline,
    graph: &Graph,
    job: usize,
    scenario: &Scenario,
    memo: &mut Vec<Option<bool>>,
    depth: usize,
) -> bool {
    if let Some(known) = memo.get(job).copied().flatten() {
        return known;
    }
    let Some(this) = pipeline.jobs.get(job) else {
        return false;
    };
    // A cycle or a very deep chain: do not guess that it cannot run.
    if depth > pipeline.jobs.len() {
        return true;
    }
    let needs_ran = graph
        .direct(job)
        .iter()
        .all(|&need| may_run_memo(pipeline, graph, need, scenario, memo, depth + 1));
    let runs = if needs_ran {
        scenario.allows(this.condition.as_ref())
    } else {
        let skipped = Scenario {
            facts: scenario.facts.clone(),
            status: Status::SKIPPED,
        };
        skipped.allows(this.condition.as_ref())
    };
    memo[job] = Some(runs);
    runs
}

/// Whether two jobs may both run in one run of the workflow: some scenario
/// (a trigger, and values for the context paths their conditions compare)
/// lets both run, job `a` counted only when `step` (the condition of one of
/// its steps, if it has one) lets that step run too. Conditions too rich to
/// enumerate are assumed compatible.
pub fn may_run_together_when(
    pipeline: &Pipeline,
    graph: &Graph,
    job_literals: &[Literals],
    a: usize,
    step: Option<&Condition>,
    b: usize,
) -> bool {
    let mut candidates = Literals::new();
    if let Some(expr) = step.and_then(|c| c.expr.as_ref()) {
        literals(expr, &mut candidates);
    }
    for job in [a, b] {
        let ancestors = graph.ancestors(job);
        for (i, found) in job_literals.iter().enumerate() {
            if i == job || ancestors.get(i).copied().unwrap_or(false) {
                for (path, values) in found {
                    candidates
                        .entry(path.clone())
                        .or_default()
                        .extend(values.iter().cloned());
                }
            }
        }
    }
    let events: Vec<String> = pipeline.triggers.iter().map(|t| t.value.clone()).collect();
    // A called workflow runs under its caller's event: any name is possible.
    if !events.is_empty() && !events.iter().any(|e| e == "workflow_call") {
        candidates.insert("github.event_name".into(), events);
    }
    let mut scenarios = vec![Scenario::new(Status::SUCCEEDED)];
    for (path, mut values) in candidates {
        if path != "github.event_name" {
            // A value unlike every literal.
            values.push("\u{0}other".into());
        }
        values.sort();
        values.dedup();
        if scenarios.len() * values.len() > 512 {
            return true;
        }
        scenarios = scenarios
            .into_iter()
            .flat_map(|s| {
                let path = &path;
                values.iter().map(move |v| s.clone().with(path, v))
            })
            .collect();
    }
    scenarios
        .iter()
        .filter(|s| consistent(s))
        .any(|s| may_run(pipeline, graph, a, s) && s.allows(step) && may_run(pipeline, graph, b, s))
}

/// Events whose runs check out a pull request's merge ref (`github.ref` is
/// `refs/pull/N/merge`); every other event runs on a branch or tag.
const PULL_REQUEST_EVENTS: &[&str] = &[
    "pull_request",
    "pull_request_review",
    "pull_request_review_comment",
];

/// Whether a scenario's facts can hold in one run: a pull request's run has
/// a `refs/pull/` ref, and no other event has one; on GitLab a merge
/// request pipeline has neither a branch nor a tag, and a tag pipeline no
/// branch.
fn consistent(scenario: &Scenario) -> bool {
    let set = |name: &str| scenario.facts.get(name).is_some_and(|v| !v.is_empty());
    let merge_request = scenario
        .facts
        .get("CI_PIPELINE_SOURCE")
        .is_some_and(|s| s == "merge_request_event");
    if set("CI_COMMIT_TAG") && (merge_request || set("CI_COMMIT_BRANCH"))
        || merge_request && set("CI_COMMIT_BRANCH")
    {
        return false;
    }
    let (Some(event), Some(reference)) = (
        scenario.facts.get("github.event_name"),
        scenario.facts.get("github.ref"),
    ) else {
        return true;
    };
    if reference.starts_with('\u{0}') {
        return true;
    }
    let reference = reference.to_ascii_lowercase();
    if PULL_REQUEST_EVENTS.contains(&event.as_str()) {
        // `refs/` and `refs/pull/1/merge` both fit a pull request's ref.
        reference.starts_with("refs/pull/") || "refs/pull/".starts_with(&reference)
    } else {
        !reference.starts_with("refs/pull/")
    }
}

/// Candidate values by context path (`github.ref`, `CI_COMMIT_TAG`).
pub type Literals = BTreeMap<String, Vec<String>>;

/// The literals of a job's condition, read once per pipeline: the scenario
/// search of every pair of jobs combines them.
pub fn job_literals(job: &Job) -> Literals {
    let mut out = Literals::new();
    if let Some(expr) = job.condition.as_ref().and_then(|c| c.expr.as_ref()) {
        literals(expr, &mut out);
    }
    for values in out.values_mut() {
        values.sort();
        values.dedup();
    }
    out
}

/// Literals compared with context paths (`github.ref == 'refs/heads/main'`,
/// `startsWith(github.ref, 'refs/tags/')`, `contains(github.event.pull_request.title,
/// '[skip]')`), as candidate values: the literal itself satisfies each test.
fn literals(expr: &Expr, out: &mut Literals) {
    match expr {
        Expr::Compare(CompareOp::Eq | CompareOp::Ne, a, b) => {
            for (x, y) in [(a, b), (b, a)] {
                if let (Expr::Path(path), Expr::String(value)) = (x.as_ref(), y.as_ref())
                    && !path.iter().any(|p| p == "*")
                {
                    out.entry(path.join(".")).or_default().push(value.clone());
                }
            }
        }
        Expr::Call(name, args)
            if matches!(name.as_str(), "startswith" | "endswith" | "contains")
                && args.len() == 2 =>
        {
            if let (Expr::Path(path), Expr::String(value)) = (&args[0], &args[1]) {
                out.entry(path.join(".")).or_default().push(value.clone());
            }
        }
        Expr::Not(e) => literals(e, out),
        Expr::And(a, b) | Expr::Or(a, b) => {
            literals(a, out);
            literals(b, out);
        }
        Expr::Call(_, args) => args.iter().for_each(|a| literals(a, out)),
        _ => {}
    }
}

/// The condition of a job or step, if it has one that parsed.
pub fn expr_of(condition: Option<&Condition>) -> Option<&Expr> {
    condition.and_then(|c| c.expr.as_ref())
}

/// A job's display id for messages.
pub fn id(job: &Job) -> &str {
    &job.id.value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::github_workflow::parse_condition;
    use crate::source::Spanned;

    fn cond(text: &str) -> Condition {
        Condition {
            text: Spanned::new(text.into(), Default::default()),
            expr: parse_condition(text),
        }
    }

    #[test]
    fn failed_gate_scenario() {
        let failed = Scenario::new(Status::FAILED).with("needs.test.result", "failure");
        assert!(!failed.allows(None));
        assert!(failed.allows(Some(&cond("always()"))));
        assert!(failed.allows(Some(&cond("${{ !cancelled() }}"))));
        assert!(failed.allows(Some(&cond("always() && github.ref == 'refs/heads/main'"))));
        assert!(!failed.allows(Some(&cond("always() && needs.test.result == 'success'"))));
        assert!(!failed.allows(Some(&cond("!cancelled() && !failure()"))));
        assert!(!failed.allows(Some(&cond(
            "always() && !contains(needs.*.result, 'failure')"
        ))));
        assert!(!failed.allows(Some(&cond("github.ref == 'refs/heads/main'"))));
        assert!(failed.allows(Some(&cond("${{ a }} && ${{ b }}"))));
    }

    fn pipeline(text: &str) -> Pipeline {
        let file =
            crate::source::SourceFile::new("ci.yml", crate::source::Format::GithubWorkflow, text);
        crate::formats::github_workflow::load(&file, &crate::formats::Syntax::of(&file.text))
            .pipelines
            .remove(0)
    }

    #[test]
    fn jobs_that_exclude_each_other_never_run_together() {
        let p = pipeline(
            "on: [push, pull_request]\njobs:\n  \
             test: {if: github.event_name == 'pull_request', steps: []}\n  \
             build: {needs: test, steps: []}\n  \
             deploy: {if: \"github.event_name == 'push'\", steps: []}\n  \
             tag: {if: \"startsWith(github.ref, 'refs/tags/')\", steps: []}\n  \
             main: {if: \"github.ref == 'refs/heads/main'\", steps: []}\n  \
             fast: {if: \"contains(github.event.pull_request.title, '[fast]')\", steps: []}\n  \
             slow: {if: \"!contains(github.event.pull_request.title, '[fast]')\", steps: []}\n  \
             any: {steps: []}\n",
        );
        let g = Graph::new(&p);
        let l: Vec<Literals> = p.jobs.iter().map(job_literals).collect();
        let together = |a: usize, b: usize| may_run_together_when(&p, &g, &l, a, None, b);
        assert!(!together(0, 2), "pull_request tests, push deploys");
        assert!(!together(1, 2), "a need's condition binds the job");
        assert!(!together(3, 4), "a tag is not main");
        assert!(!together(5, 6));
        assert!(together(2, 4) && together(7, 0) && together(3, 2));
        assert!(
            !together(0, 3),
            "a pull request runs on refs/pull/, not a tag"
        );
        assert!(!together(0, 4), "nor on main");
        let p = pipeline(
            "on: [push, pull_request]\njobs:\n  \
             test: {if: github.event_name == 'pull_request', steps: []}\n  \
             refs: {if: \"startsWith(github.ref, 'refs/')\", steps: []}\n  \
             merge: {if: \"github.ref == 'refs/pull/1/merge'\", steps: []}\n",
        );
        let g = Graph::new(&p);
        let l: Vec<Literals> = p.jobs.iter().map(job_literals).collect();
        let together = |a: usize, b: usize| may_run_together_when(&p, &g, &l, a, None, b);
        assert!(together(0, 1) && together(0, 2));
        let push_only = Condition {
            text: Spanned::new(String::new(), Default::default()),
            expr: parse_condition("github.event_name == 'push'"),
        };
        assert!(!may_run_together_when(&p, &g, &l, 1, Some(&push_only), 0));
    }

    #[test]
    fn skipped_needs_skip_a_job_unless_it_tolerates_them() {
        let p = pipeline(
            "on: workflow_run\njobs:\n  \
             gate: {if: \"github.event.workflow_run.conclusion == 'success'\", steps: []}\n  \
             deploy: {needs: gate, steps: []}\n  \
             always: {needs: gate, if: always(), steps: []}\n",
        );
        let g = Graph::new(&p);
        let failed = Scenario::new(Status::SUCCEEDED)
            .with("github.event.workflow_run.conclusion", "failure");
        assert!(!may_run(&p, &g, 1, &failed));
        assert!(may_run(&p, &g, 2, &failed));
    }

    #[test]
    fn event_and_ref_literals() {
        let push = Scenario::new(Status::SUCCEEDED).with("github.event_name", "push");
        assert!(!push.allows(Some(&cond("github.event_name == 'pull_request'"))));
        assert!(push.allows(Some(&cond("github.event_name != 'pull_request'"))));
        assert!(push.allows(Some(&cond("github.event_name == 'PUSH'"))));
        let tag = Scenario::new(Status::SUCCEEDED).with("github.ref", "refs/tags/v1");
        assert!(tag.allows(Some(&cond("startsWith(github.ref, 'refs/tags/')"))));
        assert!(!tag.allows(Some(&cond("github.ref == 'refs/heads/main'"))));
    }
}
