//! One file's text moved to the start of a pipeline's layout: the files of
//! a pipeline share one lowering, with every file past the longest one's
//! end ([`super::Merged`]); each file's model is that one with what the
//! file wrote moved to where its own text is, at the start, so that its
//! spans are its own and what the other files wrote stays past its end.

use std::sync::Arc;

use crate::model::{Command, Condition, Job, Pipeline, Problem, Script, Setting, Step, Word};
use crate::source::{Relocation, Span, Spanned};

/// Moves the spans of one file's text, at [`Relocation::from`] in the
/// layout, to the start; the others stay.
#[derive(Clone, Copy)]
pub struct Move(Relocation);

/// The least and the greatest offset of a job's spans in the layout: a
/// file's copy shares the jobs none of whose spans lie in its text.
#[derive(Clone, Copy, Debug)]
pub struct Bounds {
    least: usize,
    greatest: usize,
}

impl Bounds {
    /// The bounds of every span of `job`.
    pub fn of(job: &mut Job) -> Bounds {
        let mut bounds = Bounds {
            least: usize::MAX,
            greatest: 0,
        };
        Spans(|span: &mut Span| {
            bounds.least = bounds.least.min(span.start.min(span.end));
            bounds.greatest = bounds.greatest.max(span.start.max(span.end));
        })
        .job(job);
        bounds
    }
}

impl Move {
    pub fn to_start(from: usize, len: usize) -> Move {
        Move(Relocation { from, len })
    }

    pub fn relocation(self) -> Relocation {
        self.0
    }

    fn spans(self) -> Spans<impl FnMut(&mut Span)> {
        Spans(move |span: &mut Span| *span = self.0.to_file(*span))
    }

    pub fn problem(self, mut problem: Problem) -> Problem {
        self.spans().span(&mut problem.span);
        problem
    }

    pub fn setting(self, mut setting: Setting) -> Setting {
        let mut spans = self.spans();
        spans.spanned(&mut setting.key);
        spans.spanned(&mut setting.value);
        setting
    }

    /// Every span of a GitLab pipeline; GitLab has no token permissions,
    /// which the model's GitLab pipelines never hold. A job whose `bounds`
    /// (one per job) hold no offset of the file's text is shared as it is.
    pub fn pipeline(self, pipeline: &mut Pipeline, bounds: &[Bounds]) {
        let mut spans = self.spans();
        spans.span(&mut pipeline.span);
        pipeline
            .triggers_span
            .iter_mut()
            .for_each(|s| spans.span(s));
        pipeline.triggers.iter_mut().for_each(|t| spans.spanned(t));
        spans.pairs(&mut pipeline.env);
        let moved = self.0.in_file();
        for (index, job) in pipeline.jobs.iter_mut().enumerate() {
            let untouched = bounds
                .get(index)
                .is_some_and(|b| b.greatest < *moved.start() || b.least > *moved.end());
            if !untouched {
                spans.job(Arc::make_mut(job));
            }
        }
    }
}

/// Hands every span of what it walks to its function.
struct Spans<F>(F);

type Pairs = [(Spanned<String>, Spanned<String>)];

impl<F: FnMut(&mut Span)> Spans<F> {
    fn span(&mut self, span: &mut Span) {
        (self.0)(span);
    }

    fn spanned<T>(&mut self, spanned: &mut Spanned<T>) {
        self.span(&mut spanned.span);
    }

    fn pairs(&mut self, pairs: &mut Pairs) {
        pairs.iter_mut().for_each(|(key, value)| {
            self.spanned(key);
            self.spanned(value);
        });
    }

    fn condition(&mut self, condition: &mut Condition) {
        self.spanned(&mut condition.text);
    }

    fn job(&mut self, job: &mut Job) {
        self.spanned(&mut job.id);
        self.span(&mut job.span);
        job.name.iter_mut().for_each(|n| self.spanned(n));
        job.needs.iter_mut().for_each(|n| self.spanned(n));
        job.needs_span.iter_mut().for_each(|s| self.span(s));
        job.stage.iter_mut().for_each(|s| self.spanned(s));
        job.condition.iter_mut().for_each(|c| self.condition(c));
        job.continue_on_error
            .iter_mut()
            .for_each(|c| self.spanned(c));
        job.environment.iter_mut().for_each(|e| self.spanned(e));
        job.reports
            .iter_mut()
            .chain(&mut job.release_assets)
            .for_each(|r| self.spanned(r));
        job.uses.iter_mut().for_each(|u| self.spanned(u));
        self.pairs(&mut job.with);
        job.steps.iter_mut().for_each(|step| self.step(step));
        self.pairs(&mut job.env);
    }

    fn step(&mut self, step: &mut Step) {
        self.span(&mut step.span);
        for spanned in [&mut step.id, &mut step.name, &mut step.uses] {
            spanned.iter_mut().for_each(|s| self.spanned(s));
        }
        step.run.iter_mut().for_each(|run| self.script(run));
        self.pairs(&mut step.with);
        self.pairs(&mut step.env);
        step.condition.iter_mut().for_each(|c| self.condition(c));
        step.continue_on_error
            .iter_mut()
            .for_each(|c| self.spanned(c));
        step.working_directory
            .iter_mut()
            .for_each(|w| self.spanned(w));
    }

    fn script(&mut self, script: &mut Script) {
        self.spanned(&mut script.text);
        script.shell.iter_mut().for_each(|s| self.spanned(s));
        for commands in [&mut script.commands, &mut script.heredoc_commands] {
            commands
                .iter_mut()
                .for_each(|command| self.command(command));
        }
    }

    fn command(&mut self, command: &mut Command) {
        self.span(&mut command.span);
        for words in [&mut command.words, &mut command.assignments] {
            words.iter_mut().for_each(|word: &mut Word| {
                self.span(&mut word.span);
                self.span(&mut word.inner);
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(id: &str, at: usize, step_at: Option<usize>) -> Job {
        Job {
            id: Spanned::new(id.into(), Span::new(at, at + 2)),
            span: Span::new(at, at + 8),
            steps: step_at
                .map(|s| Step {
                    span: Span::new(s, s + 4),
                    ..Step::default()
                })
                .into_iter()
                .collect(),
            ..Job::default()
        }
    }

    /// A file's copy moves the jobs with a span in its text (its own, and
    /// one whose step its template wrote) and shares the others.
    #[test]
    fn a_file_copy_shares_the_jobs_outside_its_text() {
        let mut whole = Pipeline {
            jobs: [
                job("own", 104, None),
                job("other", 200, None),
                job("extended", 300, Some(102)),
            ]
            .into_iter()
            .map(Arc::new)
            .collect(),
            ..Pipeline::default()
        };
        let bounds: Vec<Bounds> = whole
            .jobs
            .iter_mut()
            .map(|job| Bounds::of(Arc::make_mut(job)))
            .collect();
        let mut copy = whole.clone();
        Move::to_start(100, 10).pipeline(&mut copy, &bounds);
        assert_eq!(copy.jobs[0].id.span, Span::new(4, 6));
        assert!(Arc::ptr_eq(&copy.jobs[1], &whole.jobs[1]));
        assert_eq!(copy.jobs[1].id.span, Span::new(200, 202));
        assert!(!Arc::ptr_eq(&copy.jobs[2], &whole.jobs[2]));
        assert_eq!(copy.jobs[2].steps[0].span, Span::new(2, 6));
        assert_eq!(copy.jobs[2].id.span, Span::new(300, 302));
        assert_eq!(
            whole.jobs[0].id.span,
            Span::new(104, 106),
            "the shared lowering stays"
        );
    }
}
