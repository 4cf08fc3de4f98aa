//! What a job's `if:` allows, asked of imagined runs ("scenarios"): can
//! this deploy run when a test failed? Can these two jobs run in the same
//! run? Can this job run when the triggering workflow failed?
//!
//! Conditions are evaluated in three-valued logic: anything a scenario does
//! not fix (a branch name, an output, a secret) is unknown, and an unknown
//! condition may be true. A job runs when its condition may be true and its
//! needs ran (or its condition tolerates skipped needs, as `always()` does).

use std::borrow::Cow;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};

use bit_set::BitSet;

use crate::model::{CompareOp, Condition, Expr, Job, Pipeline};

use super::graph::Graph;

/// A value in an evaluation; `Unknown` is what the scenario does not fix.
/// Strings borrow from the expression or the scenario where they can: the
/// scenario search evaluates the same conditions many times.
#[derive(Debug, Clone, PartialEq)]
enum Value<'a> {
    Unknown,
    Null,
    Bool(bool),
    Number(f64),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
}

impl Value<'_> {
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
/// The scenario search borrows its paths and values from the conditions.
#[derive(Debug, Clone)]
pub struct Scenario<'a> {
    /// Context paths (`github.event_name`, `needs.test.result`) and values.
    pub facts: BTreeMap<Cow<'a, str>, Cow<'a, str>>,
    pub status: Status,
}

impl<'a> Scenario<'a> {
    pub fn new(status: Status) -> Scenario<'a> {
        Scenario {
            facts: BTreeMap::new(),
            status,
        }
    }

    pub fn with(mut self, path: &str, value: &str) -> Scenario<'a> {
        self.facts
            .insert(Cow::Owned(path.to_string()), Cow::Owned(value.to_string()));
        self
    }

    /// Whether `condition` may be true. No condition is `success()`, and a
    /// condition that calls no status function is `success() && (...)`, as
    /// on GitHub. A condition that does not parse may be true.
    pub fn allows(&self, condition: Option<&Condition>) -> bool {
        self.allows_in(self.status, condition)
    }

    /// [`Scenario::allows`] with the status functions' values of `status`.
    fn allows_in(&self, status: Status, condition: Option<&Condition>) -> bool {
        let Some(condition) = condition else {
            return status.success != Some(false);
        };
        let Some(expr) = &condition.expr else {
            return true;
        };
        if status.success == Some(false) && !calls_status(expr) {
            return false;
        }
        Eval {
            scenario: self,
            status,
        }
        .eval(expr)
        .truthy()
            != Some(false)
    }

    /// The value the scenario fixes for a context path.
    fn fact(&self, path: &[String]) -> Option<&str> {
        // A variable (GitLab's) is a path of one part: its own key.
        if let [name] = path {
            return self.facts.get(name.as_str()).map(|value| value.as_ref());
        }
        self.facts
            .iter()
            .find(|(key, _)| joined_is(key, path))
            .map(|(_, value)| value.as_ref())
    }
}

/// Whether `key` is the parts of `path` joined with dots.
fn joined_is(key: &str, path: &[String]) -> bool {
    let mut rest = key;
    for (i, part) in path.iter().enumerate() {
        if i > 0 {
            let Some(after) = rest.strip_prefix('.') else {
                return false;
            };
            rest = after;
        }
        let Some(after) = rest.strip_prefix(part.as_str()) else {
            return false;
        };
        rest = after;
    }
    rest.is_empty()
}

/// One evaluation: a scenario's facts with the status its job sees (a job
/// whose needs were skipped sees [`Status::SKIPPED`]).
struct Eval<'s, 'a> {
    scenario: &'s Scenario<'a>,
    status: Status,
}

impl<'s> Eval<'s, '_> {
    fn eval<'e>(&self, expr: &'e Expr) -> Value<'e>
    where
        's: 'e,
    {
        match expr {
            Expr::Null => Value::Null,
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Number(n) => Value::Number(*n),
            Expr::String(s) => Value::String(Cow::Borrowed(s)),
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

    fn path<'e>(&self, path: &[String]) -> Value<'e>
    where
        's: 'e,
    {
        if let Some(value) = self.scenario.fact(path) {
            return Value::String(Cow::Borrowed(value));
        }
        // `needs.*.result`: the results the scenario fixes, and unknowns.
        if path.len() == 3 && path[0] == "needs" && path[1] == "*" {
            let suffix = &path[2];
            let known: Vec<Value> = self
                .scenario
                .facts
                .iter()
                .filter(|(k, _)| {
                    k.starts_with("needs.")
                        && k.strip_suffix(suffix.as_str())
                            .is_some_and(|k| k.ends_with('.'))
                })
                .map(|(_, v)| Value::String(Cow::Borrowed(v.as_ref())))
                .chain(std::iter::once(Value::Unknown))
                .collect();
            return Value::Array(known);
        }
        Value::Unknown
    }

    fn call<'e>(&self, name: &str, args: &'e [Expr]) -> Value<'e>
    where
        's: 'e,
    {
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
                        Value::Bool(text_test(name, &text(&haystack), &text(&needle)))
                    }
                }
            }
            // GitLab's `=~`: only an empty or unset value is judged (a branch
            // in a tag pipeline), against a pattern that needs a character.
            "matches" if args.len() == 2 => match (self.eval(&args[0]), &args[1]) {
                (Value::String(value), Expr::String(pattern))
                    if value.is_empty() && !matches_empty(pattern) =>
                {
                    Value::Bool(false)
                }
                _ => Value::Unknown,
            },
            _ => Value::Unknown,
        }
    }
}

/// Whether a GitLab `/pattern/flags` may match the empty text; a pattern
/// that does not compile may. Remembered per thread: every scenario of
/// every job asks again of the same few patterns, and compiling one costs
/// far more than the rest of an evaluation.
fn matches_empty(pattern: &str) -> bool {
    /// Enough for any pipeline's patterns; past it, the cache starts afresh.
    const REMEMBERED: usize = 256;
    thread_local! {
        static ANSWERS: RefCell<HashMap<String, bool>> = RefCell::new(HashMap::new());
    }
    if let Some(known) = ANSWERS.with(|answers| answers.borrow().get(pattern).copied()) {
        return known;
    }
    let answer = compile_and_match_empty(pattern);
    ANSWERS.with(|answers| {
        let mut answers = answers.borrow_mut();
        if answers.len() >= REMEMBERED {
            answers.clear();
        }
        answers.insert(pattern.to_string(), answer);
    });
    answer
}

fn compile_and_match_empty(pattern: &str) -> bool {
    let Some((body, flags)) = pattern
        .strip_prefix('/')
        .and_then(|rest| rest.rsplit_once('/'))
    else {
        return true;
    };
    let case = if flags.contains('i') { "(?i)" } else { "" };
    regex::Regex::new(&format!("{case}{body}")).map_or(true, |re| re.is_match(""))
}

/// The text of a scalar value, as GitHub converts it for string functions.
fn text<'v>(value: &'v Value<'_>) -> Cow<'v, str> {
    match value {
        Value::Null => Cow::Borrowed(""),
        Value::Bool(b) => Cow::Owned(b.to_string()),
        Value::Number(n) => Cow::Owned(n.to_string()),
        Value::String(s) => Cow::Borrowed(s),
        Value::Unknown | Value::Array(_) => Cow::Borrowed(""),
    }
}

/// `contains`, `startsWith` or `endsWith` (`name`), case-insensitively.
fn text_test(name: &str, haystack: &str, needle: &str) -> bool {
    if haystack.is_ascii() && needle.is_ascii() {
        let (h, n) = (haystack.as_bytes(), needle.as_bytes());
        return match name {
            "contains" => n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n)),
            "startswith" => h.len() >= n.len() && h[..n.len()].eq_ignore_ascii_case(n),
            _ => h.len() >= n.len() && h[h.len() - n.len()..].eq_ignore_ascii_case(n),
        };
    }
    let (h, n) = (haystack.to_lowercase(), needle.to_lowercase());
    match name {
        "contains" => h.contains(&n),
        "startswith" => h.starts_with(&n),
        _ => h.ends_with(&n),
    }
}

/// Two strings' order ignoring case, as `str::to_lowercase` gives it; ASCII
/// text (nearly all of it) is compared without lowering copies.
fn cmp_ignoring_case(x: &str, y: &str) -> Ordering {
    if x.is_ascii() && y.is_ascii() {
        let (x, y) = (x.bytes(), y.bytes());
        return x
            .map(|b| b.to_ascii_lowercase())
            .cmp(y.map(|b| b.to_ascii_lowercase()));
    }
    x.to_lowercase().cmp(&y.to_lowercase())
}

/// GitHub's loose comparison: strings case-insensitively, mixed types as numbers.
fn compare(op: CompareOp, a: &Value, b: &Value) -> Value<'static> {
    if matches!(a, Value::Unknown) || matches!(b, Value::Unknown) {
        return Value::Unknown;
    }
    let ordering = match (a, b) {
        // Most comparisons are for equality: tested without an order.
        (Value::String(x), Value::String(y))
            if matches!(op, CompareOp::Eq | CompareOp::Ne) && x.is_ascii() && y.is_ascii() =>
        {
            return Value::Bool(x.eq_ignore_ascii_case(y) == matches!(op, CompareOp::Eq));
        }
        (Value::String(x), Value::String(y)) => Some(cmp_ignoring_case(x, y)),
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
    let mut paths = Vec::new();
    paths_in(expr, &mut paths);
    paths
        .iter()
        .any(|path| path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| a == b))
}

/// Whether a job may run in a scenario, its needs included: a job whose
/// need did not run runs only if its condition tolerates skipped needs.
pub fn may_run(pipeline: &Pipeline, graph: &Graph, job: usize, scenario: &Scenario) -> bool {
    let mut memo = Memo::sized(pipeline.jobs.len());
    let mut allows = |job: usize, needs_ran: bool| {
        scenario.allows_in(
            status_seen(scenario, needs_ran),
            pipeline.jobs[job].condition.as_ref(),
        )
    };
    may_run_memo(pipeline, graph, job, &mut allows, &mut memo)
}

/// The status a job sees in a scenario: its own, or, when a need did not
/// run, that of skipped needs.
fn status_seen(scenario: &Scenario, needs_ran: bool) -> Status {
    if needs_ran {
        scenario.status
    } else {
        Status::SKIPPED
    }
}

/// [`may_run`] with what is known of other jobs in the same scenario;
/// `allows` tells whether a job's own condition may be true, whether its
/// needs ran or not.
///
/// Depth first on a stack of its own: a chain of needs thousands of jobs
/// long must not overflow the thread's. A job met again before its answer
/// is known is on a cycle, and counts as running: do not guess that it
/// cannot (answering it again along the cycle took time in the square of
/// the pipeline, and as much stack).
fn may_run_memo(
    pipeline: &Pipeline,
    graph: &Graph,
    job: usize,
    allows: &mut dyn FnMut(usize, bool) -> bool,
    memo: &mut Memo,
) -> bool {
    if let Some(known) = memo.get(job) {
        return known;
    }
    if job >= pipeline.jobs.len() {
        return false;
    }
    memo.set(job, true);
    // Each job being answered, the next of its needs to look at, and
    // whether the needs looked at so far ran.
    let mut stack = vec![(job, 0, true)];
    while let Some(top) = stack.last_mut() {
        let (at, next, needs_ran) = *top;
        match graph.direct(at).get(next) {
            Some(&need) if needs_ran => {
                top.1 += 1;
                match memo.get(need) {
                    Some(known) => top.2 = known,
                    None => {
                        memo.set(need, true);
                        stack.push((need, 0, true));
                    }
                }
            }
            _ => {
                let runs = allows(at, needs_ran);
                memo.set(at, runs);
                stack.pop();
                if let Some(parent) = stack.last_mut() {
                    parent.2 = runs;
                }
            }
        }
    }
    memo.get(job).unwrap_or(true)
}

/// Whether each job looked at may run in the scenario being tried. Kept
/// with the [`Answers`] and forgotten entry by entry between scenarios: a
/// search reads a few jobs of a pipeline that may have thousands, for many
/// scenarios and pairs of jobs, and clearing all of it each time took time
/// in the cube of the jobs.
#[derive(Default)]
struct Memo {
    known: Vec<Option<bool>>,
    written: Vec<usize>,
}

impl Memo {
    fn sized(jobs: usize) -> Memo {
        Memo {
            known: vec![None; jobs],
            written: Vec::new(),
        }
    }

    fn get(&self, job: usize) -> Option<bool> {
        self.known.get(job).copied().flatten()
    }

    fn set(&mut self, job: usize, runs: bool) {
        if let Some(slot) = self.known.get_mut(job) {
            if slot.is_none() {
                self.written.push(job);
            }
            *slot = Some(runs);
        }
    }

    fn forget(&mut self) {
        for job in self.written.drain(..) {
            self.known[job] = None;
        }
    }
}

/// What the jobs' conditions answered in the scenarios searched, kept by
/// what the answer turns on: the status the job sees (whether its needs
/// ran) and the values the scenario gives the paths its condition reads.
/// A scenario that differs from one tried only in other paths (of this
/// search, or of another search of the same check) gets the answer again
/// without evaluating the condition: most searches evaluate the same gate
/// jobs, and GitLab's conditions (workflow rules and each `rules:` entry)
/// run to 150-200 nodes.
pub struct Answers<'p> {
    pipeline: &'p Pipeline,
    /// By job, the distinct paths its condition reads, once looked at.
    reads: Vec<Option<Vec<&'p [String]>>>,
    /// By reading: what a condition's answer turns on, written out as
    /// bytes: the job, the status it sees (`success()`, `failure()`,
    /// `cancelled()`), the values of its paths.
    known: crate::FastMap<Vec<u8>, bool>,
    /// The reading being looked up, written in place: most are found, and
    /// only a new one is copied into `known`.
    reading: Vec<u8>,
    /// Which jobs may run in the scenario a search is trying.
    memo: Memo,
    /// The searches made so far ([`MAX_SEARCHES`]).
    searches: usize,
}

/// The most scenario searches one rule makes of one pipeline; past it the
/// answer is unknown, as for conditions too rich to enumerate. A search
/// takes microseconds, and a rule makes one for each pair of a shipping
/// job and a check beside it: real pipelines make thousands, a generated
/// one of thousands of shipping jobs and checks millions.
const MAX_SEARCHES: usize = 200_000;

impl<'p> Answers<'p> {
    pub fn new(pipeline: &'p Pipeline) -> Self {
        Answers {
            pipeline,
            reads: vec![None; pipeline.jobs.len()],
            known: crate::FastMap::default(),
            reading: Vec::new(),
            memo: Memo::sized(pipeline.jobs.len()),
            searches: 0,
        }
    }

    /// Whether `job`'s condition may be true in `scenario`, its needs
    /// having run or not.
    fn allows(&mut self, scenario: &Scenario, job: usize, needs_ran: bool) -> bool {
        let condition = self.pipeline.jobs[job].condition.as_ref();
        let reads = self.reads[job].get_or_insert_with(|| {
            let mut paths = Vec::new();
            if let Some(expr) = expr_of(condition) {
                paths_in(expr, &mut paths);
            }
            paths
        });
        let status = status_seen(scenario, needs_ran);
        // The job and the status, then each value read with its length
        // before it (0 for none): no two different readings write the same
        // bytes.
        let values = &mut self.reading;
        values.clear();
        values.extend_from_slice(&(job as u64).to_le_bytes());
        values.extend(
            [status.success, status.failure, status.cancelled].map(|s| match s {
                None => 0,
                Some(false) => 1,
                Some(true) => 2,
            }),
        );
        let mut write = |value: Option<&str>| match value {
            Some(value) => {
                values.extend_from_slice(&(value.len() as u64 + 1).to_le_bytes());
                values.extend_from_slice(value.as_bytes());
            }
            None => values.extend_from_slice(&0u64.to_le_bytes()),
        };
        for path in reads.iter() {
            if path.iter().any(|p| p == "*") {
                // `needs.*.result` reads every result the scenario fixes.
                for (key, value) in &scenario.facts {
                    write(Some(key));
                    write(Some(value));
                }
            } else {
                write(scenario.fact(path));
            }
        }
        if let Some(&known) = self.known.get(self.reading.as_slice()) {
            return known;
        }
        let answer = scenario.allows_in(status, condition);
        self.known.insert(self.reading.clone(), answer);
        answer
    }
}

/// The distinct context paths of an expression.
fn paths_in<'e>(expr: &'e Expr, out: &mut Vec<&'e [String]>) {
    match expr {
        Expr::Path(path) => {
            if !out.contains(&path.as_slice()) {
                out.push(path);
            }
        }
        Expr::Call(_, args) => args.iter().for_each(|a| paths_in(a, out)),
        Expr::Not(e) | Expr::Member(e, _) => paths_in(e, out),
        Expr::And(a, b) | Expr::Or(a, b) | Expr::Compare(_, a, b) => {
            paths_in(a, out);
            paths_in(b, out);
        }
        Expr::Null | Expr::Bool(_) | Expr::Number(_) | Expr::String(_) => {}
    }
}

/// Whether two jobs may both run in one run of the workflow: some scenario
/// (a trigger, and values for the context paths their conditions compare)
/// lets both run, job `a` counted only when `step` (the condition of one of
/// its steps, if it has one) lets that step run too. Conditions too rich to
/// enumerate are assumed compatible.
pub fn may_run_together_when(
    answers: &mut Answers<'_>,
    graph: &Graph,
    job_literals: &[Literals],
    a: usize,
    step: Option<&Condition>,
    b: usize,
) -> bool {
    find_scenario(
        answers,
        graph,
        job_literals,
        &[a, b],
        step,
        |scenario, runs| runs(a) && scenario.allows(step) && runs(b),
    )
    .unwrap_or(true)
}

/// Whether no run of the workflow can run job `a`: its condition and the
/// pipeline's (GitLab `workflow: rules`, the workflow's triggers) exclude
/// each other, such as tests on merge request pipelines in a pipeline whose
/// `workflow: rules` create branch pipelines only. Conditions too rich to
/// enumerate say no: unknown is not guilty.
pub fn never_runs(
    answers: &mut Answers<'_>,
    graph: &Graph,
    job_literals: &[Literals],
    a: usize,
) -> bool {
    find_scenario(answers, graph, job_literals, &[a], None, |_, runs| runs(a))
        .is_some_and(|found| !found)
}

/// Whether some run for a tag (a tag pipeline, a push of a tag, a release)
/// may run job `a` while none of `others` can run: tests that leave tag
/// pipelines out (`except: [tags]`, `if: github.event_name ==
/// 'pull_request'`) beside a publish for tags. Conditions too rich to
/// enumerate say no: unknown is not guilty.
pub fn tag_run_without(
    answers: &mut Answers<'_>,
    graph: &Graph,
    job_literals: &[Literals],
    a: usize,
    others: &[usize],
) -> bool {
    let pipeline = answers.pipeline;
    let jobs: Vec<usize> = std::iter::once(a).chain(others.iter().copied()).collect();
    find_scenario(
        answers,
        graph,
        job_literals,
        &jobs,
        None,
        |scenario, runs| {
            is_tag_run(pipeline, scenario) && runs(a) && others.iter().all(|&other| !runs(other))
        },
    )
    .unwrap_or(false)
}

/// Searches the consistent scenarios that tell the conditions of `jobs`
/// (and of the jobs they need) and of `step` apart, each context path they
/// compare taking each literal they compare it with and one value unlike
/// all, for one that `wanted` accepts; `wanted` is given the scenario and
/// whether a job may run in it. `None` when there are too many to try, or
/// the rule has searched too often already ([`MAX_SEARCHES`]).
/// What `answers` keeps serves every search of its pipeline. GitLab's
/// branch and tag may also be unset: a merge request pipeline has neither,
/// a tag pipeline no branch.
fn find_scenario(
    answers: &mut Answers<'_>,
    graph: &Graph,
    job_literals: &[Literals],
    jobs: &[usize],
    step: Option<&Condition>,
    mut wanted: impl FnMut(&Scenario, &mut dyn FnMut(usize) -> bool) -> bool,
) -> Option<bool> {
    answers.searches += 1;
    if answers.searches > MAX_SEARCHES {
        return None;
    }
    let pipeline = answers.pipeline;
    let mut step_literals = Literals::new();
    if let Some(expr) = step.and_then(|c| c.expr.as_deref()) {
        literals(expr, &mut step_literals);
    }
    let mut candidates: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    add_literals(&mut candidates, &step_literals);
    // The jobs and what they wait for, each once: a search for a shipping
    // job and every test job beside it read each job's literals for each.
    let mut read = BitSet::with_capacity(job_literals.len());
    for &job in jobs {
        read.insert(job);
        read.union_with(&graph.ancestors(job));
    }
    for found in read.iter().filter_map(|i| job_literals.get(i)) {
        add_literals(&mut candidates, found);
    }
    share_ref_names(&mut candidates);
    let events: Vec<&str> = pipeline.triggers.iter().map(|t| t.value.as_str()).collect();
    // A called workflow runs under its caller's event: any name is possible.
    if !events.is_empty() && !events.contains(&"workflow_call") {
        candidates.insert("github.event_name", events);
    }
    // The scenarios are every combination of one value per path.
    let mut dimensions: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut count = 1usize;
    for (path, mut values) in candidates {
        if path != "github.event_name" {
            // A value unlike every literal.
            values.push("\u{0}other");
        }
        // GitLab leaves the branch unset in tag and merge request
        // pipelines, the tag in all others: `consistent` needs them unset
        // for such a pipeline to be tried.
        if matches!(path, "CI_COMMIT_BRANCH" | "CI_COMMIT_TAG") {
            values.push("");
        }
        values.sort_unstable();
        values.dedup();
        if count * values.len() > 512 {
            return None;
        }
        count *= values.len();
        dimensions.push((path, values));
    }
    if count == 0 {
        return Some(false);
    }
    let mut scenario = Scenario::new(Status::SUCCEEDED);
    for (path, values) in &dimensions {
        scenario
            .facts
            .insert(Cow::Borrowed(*path), Cow::Borrowed(values[0]));
    }
    let mut digits = vec![0usize; dimensions.len()];
    let mut memo = std::mem::take(&mut answers.memo);
    let found = loop {
        if consistent(&scenario) && (!pipeline.tags_only || has_tag_ref(&scenario)) {
            memo.forget();
            let mut allows =
                |job: usize, needs_ran: bool| answers.allows(&scenario, job, needs_ran);
            let mut runs = |job: usize| may_run_memo(pipeline, graph, job, &mut allows, &mut memo);
            if wanted(&scenario, &mut runs) {
                break Some(true);
            }
        }
        // The next combination, the last path's values turning fastest.
        let mut turned = false;
        for (d, (path, values)) in dimensions.iter().enumerate().rev() {
            digits[d] += 1;
            let wrapped = digits[d] == values.len();
            if wrapped {
                digits[d] = 0;
            }
            if let Some(value) = scenario.facts.get_mut(*path) {
                *value = Cow::Borrowed(values[digits[d]]);
            }
            if !wrapped {
                turned = true;
                break;
            }
        }
        if !turned {
            break Some(false);
        }
    };
    answers.memo = memo;
    found
}

/// GitLab's ref name is the branch in a branch pipeline and the tag in a
/// tag pipeline (`consistent` holds them equal): a name compared with one
/// is a candidate for the other. A branch name written for the ref
/// (`only: [master]`) is no candidate for the tag, though: tags are not
/// named like branches, and a tag pipeline that runs the jobs of `master`
/// is none that anyone meant.
fn share_ref_names(candidates: &mut BTreeMap<&str, Vec<&str>>) {
    let Some(names) = candidates.get("CI_COMMIT_REF_NAME").cloned() else {
        return;
    };
    let refs: Vec<&str> = ["CI_COMMIT_BRANCH", "CI_COMMIT_TAG"]
        .iter()
        .filter_map(|r| candidates.get(r))
        .flatten()
        .copied()
        .collect();
    if let Some(ref_names) = candidates.get_mut("CI_COMMIT_REF_NAME") {
        ref_names.extend(refs);
    }
    if let Some(branches) = candidates.get_mut("CI_COMMIT_BRANCH") {
        branches.extend(names);
    }
}

/// Whether a scenario is a run for a tag: the pipeline runs for tags only,
/// or the scenario sets GitLab's tag, a `refs/tags/` ref or a release.
fn is_tag_run(pipeline: &Pipeline, scenario: &Scenario) -> bool {
    let fact = |path: &str| scenario.facts.get(path).map(|value| value.as_ref());
    pipeline.on_tags
        || fact("CI_COMMIT_TAG").is_some_and(|tag| !tag.is_empty())
        || fact("github.ref").is_some_and(|r| r.starts_with("refs/tags/"))
        || fact("github.ref_type") == Some("tag")
        || fact("github.event_name") == Some("release")
}

/// Adds candidate values, borrowed, to those of the scenario search.
fn add_literals<'l>(candidates: &mut BTreeMap<&'l str, Vec<&'l str>>, found: &'l Literals) {
    for (path, values) in found {
        candidates
            .entry(path)
            .or_default()
            .extend(values.iter().map(String::as_str));
    }
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
/// request pipeline has neither a branch nor a tag, a tag pipeline no
/// branch, and the ref name is the branch or tag that is set.
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
    // The ref name is the branch or the tag, whichever is set.
    if let Some(name) = scenario.facts.get("CI_COMMIT_REF_NAME")
        && ["CI_COMMIT_BRANCH", "CI_COMMIT_TAG"].iter().any(|r| {
            scenario
                .facts
                .get(*r)
                .is_some_and(|v| !v.is_empty() && v != name)
        })
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
    if PULL_REQUEST_EVENTS.contains(&event.as_ref()) {
        // `refs/` and `refs/pull/1/merge` both fit a pull request's ref.
        reference.starts_with("refs/pull/") || "refs/pull/".starts_with(&reference)
    } else {
        !reference.starts_with("refs/pull/")
    }
}

/// Whether a scenario's ref may be a tag, as in every run of a pipeline
/// that runs for tags only: no branch's ref (`github.ref ==
/// 'refs/heads/main'`, `startsWith(github.ref, 'refs/heads/')`), ref type
/// or GitLab branch. A value that is no whole ref (`contains(github.ref,
/// 'release')`) may be part of a tag's.
fn has_tag_ref(scenario: &Scenario) -> bool {
    let fact = |path: &str| {
        scenario
            .facts
            .get(path)
            .map(|value| value.to_ascii_lowercase())
            .filter(|value| !value.starts_with('\u{0}'))
    };
    fact("github.ref").is_none_or(|r| {
        !r.starts_with("refs/") || r.starts_with("refs/tags/") || "refs/tags/".starts_with(&r)
    }) && fact("github.ref_type").is_none_or(|t| t == "tag")
        && fact("CI_COMMIT_BRANCH").is_none_or(|b| b.is_empty())
}

/// Candidate values by context path (`github.ref`, `CI_COMMIT_TAG`).
pub type Literals = BTreeMap<String, Vec<String>>;

/// The literals of a job's condition, read once per pipeline: the scenario
/// search of every pair of jobs combines them.
pub fn job_literals(job: &Job) -> Literals {
    let mut out = Literals::new();
    if let Some(expr) = job.condition.as_ref().and_then(|c| c.expr.as_deref()) {
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
        // No literal matches a pattern, but GitLab's branch or tag left
        // unset (a tag pipeline's branch) may not: tried unset too.
        Expr::Call(name, args) if name == "matches" && args.len() == 2 => {
            if let Expr::Path(path) = &args[0]
                && let [name] = path.as_slice()
                && matches!(name.as_str(), "CI_COMMIT_BRANCH" | "CI_COMMIT_TAG")
            {
                out.entry(name.clone()).or_default();
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
    condition.and_then(|c| c.expr.as_deref())
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
            expr: parse_condition(text).map(std::sync::Arc::new),
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

    #[test]
    fn strings_compare_ignoring_case() {
        let push = Scenario::new(Status::SUCCEEDED).with("github.ref_name", "Main");
        for (condition, allowed) in [
            ("github.ref_name == 'main'", true),
            ("github.ref_name != 'MAIN'", false),
            ("github.ref_name == 'mainline'", false),
            ("github.ref_name != 'dev'", true),
            ("github.ref_name >= 'main'", true),
            ("github.ref_name < 'main'", false),
        ] {
            assert_eq!(push.allows(Some(&cond(condition))), allowed, "{condition}");
        }
        let accented = Scenario::new(Status::SUCCEEDED).with("github.ref_name", "ÉTÉ");
        assert!(accented.allows(Some(&cond("github.ref_name == 'été'"))));
        assert!(!accented.allows(Some(&cond("github.ref_name != 'été'"))));
    }

    fn pipeline(text: &str) -> Pipeline {
        let file =
            crate::source::SourceFile::new("ci.yml", crate::source::Format::GithubWorkflow, text);
        crate::formats::github_workflow::load(&file, &crate::formats::Syntax::of(&file.text))
            .pipelines
            .remove(0)
    }

    #[test]
    fn a_job_that_wants_a_branch_never_runs_in_a_workflow_for_tags_only() {
        let never = |p: &Pipeline, job: usize| {
            let l: Vec<Literals> = p.jobs.iter().map(|job| job_literals(job)).collect();
            never_runs(&mut Answers::new(p), &Graph::new(p), &l, job)
        };
        let tags = pipeline(
            "on:\n  push:\n    tags: ['v*']\n  release:\njobs:\n  \
             main: {if: \"github.ref == 'refs/heads/main'\", steps: []}\n  \
             branches: {if: \"startsWith(github.ref, 'refs/heads/')\", steps: []}\n  \
             branch: {if: \"github.ref_type == 'branch'\", steps: []}\n  \
             tag: {if: \"startsWith(github.ref, 'refs/tags/')\", steps: []}\n  \
             either: {if: \"github.ref == 'refs/heads/main' || github.ref_type == 'tag'\", steps: []}\n  \
             refs: {if: \"startsWith(github.ref, 'refs/')\", steps: []}\n  \
             part: {if: \"contains(github.ref, 'release')\", steps: []}\n",
        );
        assert!(tags.tags_only);
        assert!((0..3).all(|job| never(&tags, job)));
        assert!((3..7).all(|job| !never(&tags, job)));
        let branches_too = pipeline(
            "on:\n  push:\n    branches: [main]\n    tags: ['v*']\njobs:\n  \
             main: {if: \"github.ref == 'refs/heads/main'\", steps: []}\n",
        );
        assert!(!branches_too.tags_only && !never(&branches_too, 0));
        let by_hand_too = pipeline(
            "on:\n  push:\n    tags: ['v*']\n  workflow_dispatch:\njobs:\n  \
             main: {if: \"github.ref == 'refs/heads/main'\", steps: []}\n",
        );
        assert!(!by_hand_too.tags_only && !never(&by_hand_too, 0));
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
        let l: Vec<Literals> = p.jobs.iter().map(|job| job_literals(job)).collect();
        let together =
            |a: usize, b: usize| may_run_together_when(&mut Answers::new(&p), &g, &l, a, None, b);
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
        let l: Vec<Literals> = p.jobs.iter().map(|job| job_literals(job)).collect();
        let together =
            |a: usize, b: usize| may_run_together_when(&mut Answers::new(&p), &g, &l, a, None, b);
        assert!(together(0, 1) && together(0, 2));
        let push_only = Condition {
            text: Spanned::new(String::new(), Default::default()),
            expr: parse_condition("github.event_name == 'push'").map(std::sync::Arc::new),
        };
        assert!(!may_run_together_when(
            &mut Answers::new(&p),
            &g,
            &l,
            1,
            Some(&push_only),
            0
        ));
    }

    #[test]
    fn a_condition_answers_again_only_for_the_same_paths_and_needs() {
        // `deploy` reads `github.ref` alone, but what it answers also turns
        // on whether `gate` ran. The search meets it first on a pull
        // request (gate skipped: no), then on a push with the same ref
        // (gate ran: yes); an answer kept by its paths alone would be no.
        // The searches share what they learn: the pull request's answers,
        // kept by the first, are the second's.
        let p = pipeline(
            "on: [push, pull_request]\njobs:\n  \
             gate: {if: github.event_name == 'push', steps: []}\n  \
             deploy: {needs: gate, if: \"success() && github.ref != 'refs/heads/main'\", steps: []}\n  \
             pr: {if: github.event_name == 'pull_request', steps: []}\n  \
             any: {steps: []}\n",
        );
        let g = Graph::new(&p);
        let l: Vec<Literals> = p.jobs.iter().map(|job| job_literals(job)).collect();
        // One keeper of answers for every search, as a rule's check has.
        let mut answers = Answers::new(&p);
        let mut together =
            |a: usize, b: usize| may_run_together_when(&mut answers, &g, &l, a, None, b);
        assert!(together(1, 3), "a push to another branch runs both");
        assert!(!together(1, 2), "on a pull request the gate is skipped");
        assert!(together(1, 3) && together(3, 1) && together(2, 3));
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

    /// A chain of needs longer than a thread's stack holds frames, and a
    /// cycle, are answered (the search recursed once per need, and along a
    /// cycle until the chain was as long as the pipeline).
    #[test]
    fn long_chains_and_cycles_of_needs_are_answered() {
        let mut text =
            String::from("on: push\njobs:\n  j0: {if: github.event_name == 'push', steps: []}\n");
        for i in 1..60_000 {
            text.push_str(&format!("  j{i}: {{needs: j{}, steps: []}}\n", i - 1));
        }
        text.push_str("  a: {needs: b, steps: []}\n  b: {needs: a, steps: []}\n");
        let p = pipeline(&text);
        let g = Graph::new(&p);
        let push = Scenario::new(Status::SUCCEEDED).with("github.event_name", "push");
        let pull = Scenario::new(Status::SUCCEEDED).with("github.event_name", "pull_request");
        assert!(may_run(&p, &g, 59_999, &push));
        assert!(
            !may_run(&p, &g, 59_999, &pull),
            "skipped with its first need"
        );
        assert!(
            may_run(&p, &g, 60_000, &pull),
            "a cycle is not guessed never to run"
        );
    }

    /// Past its budget of searches a rule's answer is unknown: jobs may run
    /// together, and none is said never to run.
    #[test]
    fn searches_past_the_budget_answer_unknown() {
        let p = pipeline(
            "on: [push, pull_request]\njobs:\n  \
             test: {if: github.event_name == 'pull_request', steps: []}\n  \
             deploy: {if: \"github.event_name == 'push'\", steps: []}\n",
        );
        let g = Graph::new(&p);
        let l: Vec<Literals> = p.jobs.iter().map(|job| job_literals(job)).collect();
        let mut answers = Answers::new(&p);
        assert!(!may_run_together_when(&mut answers, &g, &l, 0, None, 1));
        answers.searches = MAX_SEARCHES;
        assert!(may_run_together_when(&mut answers, &g, &l, 0, None, 1));
        assert!(!never_runs(&mut answers, &g, &l, 0));
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
