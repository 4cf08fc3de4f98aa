//! One file's text moved to the start of a pipeline's layout: the files of
//! a pipeline share one lowering, with every file past the longest one's
//! end ([`super::Merged`]); each file's model is that one with what the
//! file wrote moved to where its own text is, at the start, so that its
//! spans are its own and what the other files wrote stays past its end.

use crate::model::{Command, Condition, Job, Pipeline, Problem, Script, Setting, Step, Word};
use crate::source::{Relocation, Span, Spanned};

/// Moves the spans of one file's text, at [`Relocation::from`] in the
/// layout, to the start; the others stay.
#[derive(Clone, Copy)]
pub struct Move(Relocation);

type Pairs = [(Spanned<String>, Spanned<String>)];

impl Move {
    pub fn to_start(from: usize, len: usize) -> Move {
        Move(Relocation { from, len })
    }

    pub fn relocation(self) -> Relocation {
        self.0
    }

    fn span(self, span: &mut Span) {
        *span = self.0.to_file(*span);
    }

    fn spanned<T>(self, spanned: &mut Spanned<T>) {
        self.span(&mut spanned.span);
    }

    fn pairs(self, pairs: &mut Pairs) {
        pairs.iter_mut().for_each(|(key, value)| {
            self.spanned(key);
            self.spanned(value);
        });
    }

    fn condition(self, condition: &mut Condition) {
        self.spanned(&mut condition.text);
    }

    pub fn problem(self, mut problem: Problem) -> Problem {
        self.span(&mut problem.span);
        problem
    }

    pub fn setting(self, mut setting: Setting) -> Setting {
        self.spanned(&mut setting.key);
        self.spanned(&mut setting.value);
        setting
    }

    /// Every span of a GitLab pipeline; GitLab has no token permissions,
    /// which the model's GitLab pipelines never hold.
    pub fn pipeline(self, pipeline: &mut Pipeline) {
        self.span(&mut pipeline.span);
        pipeline.triggers_span.iter_mut().for_each(|s| self.span(s));
        pipeline.triggers.iter_mut().for_each(|t| self.spanned(t));
        self.pairs(&mut pipeline.env);
        pipeline.jobs.iter_mut().for_each(|job| self.job(job));
    }

    fn job(self, job: &mut Job) {
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
        job.uses.iter_mut().for_each(|u| self.spanned(u));
        self.pairs(&mut job.with);
        job.steps.iter_mut().for_each(|step| self.step(step));
        self.pairs(&mut job.env);
    }

    fn step(self, step: &mut Step) {
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

    fn script(self, script: &mut Script) {
        self.spanned(&mut script.text);
        script.shell.iter_mut().for_each(|s| self.spanned(s));
        for commands in [&mut script.commands, &mut script.heredoc_commands] {
            commands
                .iter_mut()
                .for_each(|command| self.command(command));
        }
    }

    fn command(self, command: &mut Command) {
        self.span(&mut command.span);
        for words in [&mut command.words, &mut command.assignments] {
            words.iter_mut().for_each(|word: &mut Word| {
                self.span(&mut word.span);
                self.span(&mut word.inner);
            });
        }
    }
}
