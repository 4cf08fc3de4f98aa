//! The `needs` graph of a pipeline: which jobs a job waits for, directly
//! and transitively, and the cycles that make a workflow invalid. Job ids
//! compare case-insensitively, as on GitHub.
//!
//! Where jobs run in stages (GitLab), a job that declares no `needs` waits
//! for every job of the earlier stages. Those waits go through one barrier
//! node per stage (the stage's jobs, and the barrier before it), so the
//! graph stays linear in the jobs however many share a stage.
//!
//! The rules ask the same reachability questions of a pipeline many times
//! (which tests each shipping job waits for, for every test job): each
//! job's reach is worked out once, when first asked, and kept, one bit per
//! node, for every pipeline the job-ordering rules read
//! ([`Pipeline::MAX_ORDERED_NODES`]: two megabytes at most).

use std::borrow::Cow;
use std::sync::OnceLock;

use bit_set::BitSet;

use crate::model::{Job, Pipeline};
use crate::{FastMap, FastSet};

use super::MAX_NAMED;

pub struct Graph {
    /// For each job, the jobs it needs that exist.
    needs: Vec<Vec<usize>>,
    /// For each job, then each stage's barrier, what it waits for directly:
    /// its needs, or the barrier of the stage before its own.
    waits: Vec<Vec<usize>>,
    /// Each job's stage, by its place in the pipeline's stages.
    stage_of: Vec<Option<usize>>,
    /// Jobs whose start is unknown: they wait by stage (no `needs:`), on a
    /// stage the pipeline does not list. GitLab rejects such a pipeline
    /// when the list is all there is (`unknown-stage`); when a file the
    /// scan did not read may declare it, its place is unknown.
    unplaced: Vec<bool>,
    /// Jobs that need a job the pipeline, read whole, does not have.
    needs_unknown: Vec<bool>,
    index: FastMap<String, usize>,
    /// Each job's `ancestors` and `needs` reach, once asked; none kept for
    /// a pipeline too large to order, whose reaches are worked out on every
    /// question (only `unknown-needs` reads its graph, and asks none).
    kept_ancestors: Vec<OnceLock<BitSet>>,
    kept_needs_reach: Vec<OnceLock<BitSet>>,
}

impl Graph {
    pub fn new(pipeline: &Pipeline) -> Graph {
        let mut index = FastMap::default();
        for (i, job) in pipeline.jobs.iter().enumerate() {
            index.entry(job.id.value.to_ascii_lowercase()).or_insert(i);
        }
        // Each job's needs that exist, and whether one does not, in one
        // lookup of each need.
        let (needs, needs_unknown): (Vec<Vec<usize>>, Vec<bool>) = pipeline
            .jobs
            .iter()
            .map(|job| {
                let mut direct = Vec::with_capacity(job.needs.len());
                let mut unknown = false;
                for need in &job.needs {
                    match index.get(&need.value.to_ascii_lowercase()) {
                        Some(&found) => direct.push(found),
                        None => unknown = true,
                    }
                }
                direct.sort_unstable();
                direct.dedup();
                (direct, unknown && !pipeline.partial)
            })
            .unzip();
        let jobs = pipeline.jobs.len();
        let barrier = |stage: usize| jobs + stage;
        let mut waits = needs.clone();
        waits.extend((0..pipeline.stages.len()).map(|stage| match stage {
            0 => Vec::new(),
            _ => vec![barrier(stage - 1)],
        }));
        let stage_of: Vec<Option<usize>> = pipeline
            .jobs
            .iter()
            .map(|job| {
                let stage = &job.stage.as_ref()?.value;
                pipeline.stages.iter().position(|name| name == stage)
            })
            .collect();
        let unplaced = pipeline
            .jobs
            .iter()
            .zip(&stage_of)
            .map(|(job, stage)| {
                !pipeline.stages.is_empty()
                    && stage.is_none()
                    && job.stage.is_some()
                    && job.needs_span.is_none()
            })
            .collect();
        for (i, job) in pipeline.jobs.iter().enumerate() {
            let Some(stage) = stage_of[i] else {
                continue;
            };
            waits[barrier(stage)].push(i);
            if job.needs_span.is_none() && stage > 0 {
                waits[i].push(barrier(stage - 1));
            }
        }
        let kept = match pipeline.orderable() {
            true => jobs,
            false => 0,
        };
        Graph {
            needs,
            waits,
            stage_of,
            unplaced,
            needs_unknown,
            index,
            kept_ancestors: (0..kept).map(|_| OnceLock::new()).collect(),
            kept_needs_reach: (0..kept).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The job with this id.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.index.get(&id.to_ascii_lowercase()).copied()
    }

    pub fn direct(&self, job: usize) -> &[usize] {
        self.needs.get(job).map_or(&[], Vec::as_slice)
    }

    /// Every job `job` waits for, transitively, through its needs or its
    /// stage (itself excluded unless on a cycle), and the stages' barriers
    /// (numbered after the jobs, never asked for).
    pub fn ancestors(&self, job: usize) -> Cow<'_, BitSet> {
        kept_or_worked_out(&self.kept_ancestors, job, || reachable(&self.waits, job))
    }

    /// Whether `later` waits, transitively, for `earlier`.
    pub fn waits_for(&self, later: usize, earlier: usize) -> bool {
        self.ancestors(later).contains(earlier)
    }

    /// Whether `job` is declared to run in a later stage than `other`: a
    /// check placed there tests what `other` shipped (end-to-end tests of a
    /// pushed image), whatever its `needs` start it after.
    pub fn in_later_stage(&self, job: usize, other: usize) -> bool {
        match (self.stage_of.get(job), self.stage_of.get(other)) {
            (Some(Some(a)), Some(Some(b))) => a > b,
            _ => false,
        }
    }

    /// Whether when `job` starts is unknown: it waits by stage, on a stage
    /// the pipeline does not list. What it waits for, and what waits for
    /// it, cannot be judged.
    pub fn unplaced(&self, job: usize) -> bool {
        self.unplaced.get(job).copied().unwrap_or(false)
    }

    /// Whether `job` needs a job that the pipeline, read whole, does not
    /// have: the platform rejects the pipeline (`unknown-needs`), and the
    /// missing job may be the very check `job` was meant to wait for. A
    /// pipeline the scan read in part may declare it in a file not read:
    /// not counted here.
    pub fn needs_unknown(&self, job: usize) -> bool {
        self.needs_unknown.get(job).copied().unwrap_or(false)
    }

    /// Whether `later` reaches `earlier` through `needs` alone.
    pub fn needs_reach(&self, later: usize, earlier: usize) -> bool {
        kept_or_worked_out(&self.kept_needs_reach, later, || {
            reachable(&self.needs, later)
        })
        .contains(earlier)
    }

    /// The cycles of the graph, each as the jobs on it in order, starting
    /// from its earliest job; one cycle per strongly connected component.
    pub fn cycles(&self) -> Vec<Vec<usize>> {
        let mut cycles = Vec::new();
        let mut reported = vec![false; self.needs.len()];
        let may_cycle = self.between_cycles();
        for start in 0..self.needs.len() {
            if reported[start] || !may_cycle[start] {
                continue;
            }
            if let Some(path) = self.path(start, start) {
                for &job in &path {
                    reported[job] = true;
                }
                // Jobs that reach `start` and back are on the same knot.
                for (other, done) in reported.iter_mut().enumerate() {
                    if !*done && self.needs_reach(start, other) && self.needs_reach(other, start) {
                        *done = true;
                    }
                }
                cycles.push(path);
            }
        }
        cycles
    }

    /// The jobs that a cycle of needs reaches and that reach one: those on
    /// a cycle, and the few between two. The others are peeled off, from
    /// both ends, in time linear in the graph, so that the search for
    /// cycles starts from none of the jobs of an acyclic pipeline, however
    /// many (each search costs as much as the pipeline).
    fn between_cycles(&self) -> Vec<bool> {
        let count = self.needs.len();
        let mut needed_by: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (job, needs) in self.needs.iter().enumerate() {
            for &need in needs {
                needed_by[need].push(job);
            }
        }
        // Jobs no kept job needs go first, then jobs that need no kept job.
        let reached = peel(&needed_by, &self.needs);
        let reaching = peel(&self.needs, &needed_by);
        reached
            .iter()
            .zip(&reaching)
            .map(|(a, b)| *a && *b)
            .collect()
    }

    /// A shortest chain of `needs` from `from` back to `to` (breadth first),
    /// as the jobs from `from` on.
    fn path(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let mut previous: Vec<Option<usize>> = vec![None; self.needs.len()];
        let mut queue = std::collections::VecDeque::from([from]);
        let mut visited = vec![false; self.needs.len()];
        while let Some(job) = queue.pop_front() {
            for &next in self.direct(job) {
                if next == to {
                    let mut path = vec![job];
                    let mut at = job;
                    while let Some(p) = previous[at] {
                        path.push(p);
                        at = p;
                    }
                    path.reverse();
                    return Some(path);
                }
                if !visited[next] {
                    visited[next] = true;
                    previous[next] = Some(job);
                    queue.push_back(next);
                }
            }
        }
        None
    }
}

/// `job`'s entry of `kept`, worked out by `work_out` the first time; worked
/// out every time where the graph keeps none.
fn kept_or_worked_out(
    kept: &[OnceLock<BitSet>],
    job: usize,
    work_out: impl FnOnce() -> BitSet,
) -> Cow<'_, BitSet> {
    match kept.get(job) {
        Some(cell) => Cow::Borrowed(cell.get_or_init(work_out)),
        None => Cow::Owned(work_out()),
    }
}

/// The jobs left once every job with no edge in (`edges_in`) is taken off,
/// and with it its edges out (`edges_out`, the same edges the other way),
/// until none is left to take: those on a cycle, and those its edges reach.
fn peel(edges_in: &[Vec<usize>], edges_out: &[Vec<usize>]) -> Vec<bool> {
    let mut remaining: Vec<usize> = edges_in.iter().map(Vec::len).collect();
    let mut kept = vec![true; remaining.len()];
    let mut free: Vec<usize> = (0..remaining.len())
        .filter(|&job| remaining[job] == 0)
        .collect();
    while let Some(job) = free.pop() {
        kept[job] = false;
        for &next in &edges_out[job] {
            remaining[next] -= 1;
            if remaining[next] == 0 {
                free.push(next);
            }
        }
    }
    kept
}

/// The nodes reachable from `from` along `edges`.
fn reachable(edges: &[Vec<usize>], from: usize) -> BitSet {
    let mut seen = BitSet::with_capacity(edges.len());
    let mut stack: Vec<usize> = edges.get(from).cloned().unwrap_or_default();
    while let Some(next) = stack.pop() {
        if next < edges.len() && seen.insert(next) {
            stack.extend_from_slice(&edges[next]);
        }
    }
    seen
}

/// How `job` comes to wait for the jobs `add` too: `add `needs: [a, b]``;
/// for a job that waits by stage (it declares no `needs`), moving it to a
/// stage after theirs, which keeps its other waits (a `needs:` would drop
/// them); and so, with the needs, for one whose gates are in a later stage
/// (`later_stage`: `needs:` may name only jobs of its own stage or earlier).
pub fn wait_remedy(pipeline: &Pipeline, job: &Job, add: &[&str], later_stage: bool) -> String {
    match latest_stage(pipeline, add) {
        Some(stage) if job.needs_span.is_none() && job.stage.is_some() => {
            format!("move it to a stage after `{}`", pipeline.stages[stage])
        }
        // `needs:` may name jobs of its own stage or earlier ones only.
        Some(stage) if later_stage => format!(
            "move it to a stage after `{}` and {}",
            pipeline.stages[stage],
            add_to_needs(job, add)
        ),
        _ => add_to_needs(job, add),
    }
}

/// `add `needs: [a, b]``; for a list longer than a message names, the
/// advice to add them (a generated pipeline's thousands of gates would make
/// each finding as long as the file).
fn add_to_needs(job: &Job, add: &[&str]) -> String {
    match add.len() > MAX_NAMED {
        true => format!(
            "add these {} jobs to its `needs:` (or one job that needs them all)",
            add.len()
        ),
        false => format!("add `{}`", needs_list(job, add)),
    }
}

/// The latest stage of the jobs `ids`, by its place in the pipeline's.
fn latest_stage(pipeline: &Pipeline, ids: &[&str]) -> Option<usize> {
    // The first job of each id, as `find` does.
    let mut wanted: FastSet<String> = ids.iter().map(|id| id.to_ascii_lowercase()).collect();
    pipeline
        .jobs
        .iter()
        .filter(|job| wanted.remove(&job.id.value.to_ascii_lowercase()))
        .filter_map(|job| {
            let stage = &job.stage.as_ref()?.value;
            pipeline.stages.iter().position(|s| s == stage)
        })
        .max()
}

/// `needs: [a, b]` as a person would write it, existing needs first.
fn needs_list(job: &Job, add: &[&str]) -> String {
    let mut ids: Vec<&str> = job.needs.iter().map(|n| n.value.as_str()).collect();
    let mut named: FastSet<String> = ids.iter().map(|id| id.to_ascii_lowercase()).collect();
    for id in add {
        if named.insert(id.to_ascii_lowercase()) {
            ids.push(id);
        }
    }
    format!("needs: [{}]", ids.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Spanned;

    fn pipeline(jobs: &[(&str, &[&str])]) -> Pipeline {
        Pipeline {
            jobs: jobs
                .iter()
                .map(|(id, needs)| Job {
                    id: Spanned::new(id.to_string(), Default::default()),
                    needs: needs
                        .iter()
                        .map(|n| Spanned::new(n.to_string(), Default::default()))
                        .collect(),
                    ..Job::default()
                })
                .map(std::sync::Arc::new)
                .collect(),
            ..Pipeline::default()
        }
    }

    #[test]
    fn ancestors_are_transitive_and_case_insensitive() {
        let p = pipeline(&[
            ("lint", &[]),
            ("Build", &["LINT"]),
            ("deploy", &["build", "nope"]),
        ]);
        let g = Graph::new(&p);
        assert!(g.waits_for(2, 0));
        assert!(!g.waits_for(0, 2));
        assert!(g.cycles().is_empty());
        assert_eq!(
            needs_list(&p.jobs[2], &["test", "build"]),
            "needs: [build, nope, test]"
        );
    }

    /// Past `MAX_ORDERED_NODES` nothing is kept, and the answers are the same.
    #[test]
    fn reach_is_the_same_kept_or_not() {
        for length in [3, Pipeline::MAX_ORDERED_NODES + 1] {
            let ids: Vec<String> = (0..length).map(|i| format!("job{i}")).collect();
            let needs: Vec<[&str; 1]> = ids.iter().map(|id| [id.as_str()]).collect();
            let jobs: Vec<(&str, &[&str])> = (0..length)
                .map(|i| match i {
                    0 => (ids[0].as_str(), &[][..]),
                    _ => (ids[i].as_str(), &needs[i - 1][..]),
                })
                .collect();
            let g = Graph::new(&pipeline(&jobs));
            assert_eq!(g.kept_ancestors.len(), if length == 3 { 3 } else { 0 });
            for _ in 0..2 {
                assert!(g.waits_for(length - 1, 0));
                assert!(g.needs_reach(length - 1, 0));
                assert!(!g.waits_for(0, length - 1));
                assert!(!g.needs_reach(1, 2));
            }
        }
    }

    #[test]
    fn cycles_are_found_once_each() {
        let p = pipeline(&[
            ("a", &["c"]),
            ("b", &["a"]),
            ("c", &["b"]),
            ("d", &["d"]),
            ("e", &["a"]),
        ]);
        let g = Graph::new(&p);
        assert_eq!(g.cycles(), vec![vec![0, 2, 1], vec![3]]);
    }

    #[test]
    fn only_jobs_between_cycles_are_searched_from() {
        let p = pipeline(&[
            ("build", &[]),
            ("a", &["build", "b"]),
            ("b", &["a"]),
            ("deploy", &["a"]),
            ("self", &["self"]),
        ]);
        let g = Graph::new(&p);
        assert_eq!(g.between_cycles(), [false, true, true, false, true]);
        assert_eq!(g.cycles(), vec![vec![1, 2], vec![4]]);
    }
}
