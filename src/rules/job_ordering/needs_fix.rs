//! The fix that makes a job wait for more jobs: ids added to its `needs:`
//! as it is written (a flow list, a block list, one id), or a new `needs:`
//! where the job has none. Adding an edge only delays the job until
//! checks pass: a safe fix.

use crate::finding::{Applicability, Edit, Fix};
use crate::model::{FileModel, Job, Pipeline};
use crate::rules::fixes::{add_entry, newline};
use crate::source::{SourceFile, Span};

/// The most jobs a fix leaves a job needing: GitLab rejects a pipeline in
/// which one job needs more than 50 others (its default limit, "one job can
/// only need 50 others"), and a longer list is no edit for a person to
/// review on GitHub either: such a job wants a later stage or a gate job.
const MAX_NEEDS: usize = 50;

/// A fix adding `ids` to `job`'s `needs`; `None` when there is nothing to add,
/// no place the model knows to add it, or the list names a job that does
/// not exist: `unknown-needs` corrects that first (often to one of `ids`),
/// and the next pass adds what is still missing. Nor where the edge would
/// do more than delay the job: a needed job that runs under a condition
/// the job does not share (the job would be skipped, or the pipeline
/// rejected, when it does not run) or that a person starts by hand (the
/// job would wait for them), or an id the author commented out of the job.
/// Nor past [`MAX_NEEDS`].
pub fn add_needs(
    file: &SourceFile,
    model: &FileModel,
    pipeline: &Pipeline,
    job: &Job,
    ids: &[&str],
) -> Option<Fix> {
    if job.needs.len() >= MAX_NEEDS {
        return None;
    }
    let added: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !job.needs.iter().any(|n| n.value.eq_ignore_ascii_case(id)))
        .collect();
    if job.needs.len() + added.len() > MAX_NEEDS {
        return None;
    }
    let unknown = job.needs.iter().any(|n| {
        !pipeline
            .jobs
            .iter()
            .any(|j| j.id.value.eq_ignore_ascii_case(&n.value))
    });
    if unknown {
        return None;
    }
    let needed = |id: &str| {
        pipeline
            .jobs
            .iter()
            .find(|j| j.id.value.eq_ignore_ascii_case(id))
    };
    let conditional = added.iter().any(|id| {
        needed(id)
            .and_then(|needed| needed.condition.as_ref())
            .is_some_and(|needed| {
                // GitLab names every `rules:` condition `rules`: what
                // decides is the expression.
                job.condition.as_ref().is_none_or(|own| {
                    own.text.value != needed.text.value || own.expr != needed.expr
                })
            })
    });
    let commented_out = file.slice(job.span).lines().any(|line| {
        line.trim_start()
            .strip_prefix('#')
            .is_some_and(|comment| added.iter().any(|id| comment.contains(id)))
    });
    // A job that needs a manual one waits until someone starts it.
    let manual = added
        .iter()
        .any(|id| needed(id).is_some_and(|j| j.manual.is_some()));
    if added.is_empty() || conditional || manual || commented_out {
        return None;
    }
    let edit = match job.needs_span {
        None => {
            let point = model.insertion_point(job.span, "")?;
            add_entry(point, "needs", &format!("[{}]", added.join(", ")))
        }
        Some(span) => extend_needs(file, job, span, &added)?,
    };
    let message = format!(
        "add {} to `needs:` of job `{}`",
        quoted(&added),
        job.id.value
    );
    Some(Fix::new(Applicability::Safe, message, vec![edit]))
}

/// Adds ids to a `needs:` value at `span`, in its own style.
fn extend_needs(file: &SourceFile, job: &Job, span: Span, added: &[&str]) -> Option<Edit> {
    let written = file.slice(span);
    let last = job.needs.last().map(|n| n.span);
    if written.starts_with('[') {
        // After the last id, so that a list split over lines stays so.
        return Some(match last {
            Some(last) => Edit::insert(last.end, format!(", {}", added.join(", "))),
            None => Edit::insert(span.end.checked_sub(1)?, added.join(", ")),
        });
    }
    if written.starts_with('-') {
        // A new item line per id, indented and spelt as the last item is
        // (`- build`, `- job: build`), after the whole of that item.
        let last = last?;
        let line = file.line_span(file.line_index(last.start));
        let prefix = file.slice(Span::new(line.start, last.start));
        if !prefix.trim_start().starts_with('-') {
            return None;
        }
        let end = file
            .line_span(file.line_index(span.end.checked_sub(1)?))
            .end;
        let nl = newline(file);
        let items: String = added.iter().map(|id| format!("{nl}{prefix}{id}")).collect();
        return Some(Edit::insert(end, items));
    }
    if written.is_empty() {
        // `needs:` with no value.
        return Some(Edit::insert(span.start, format!(" [{}]", added.join(", "))));
    }
    // One id: a list of it and the others, its quoting kept.
    Some(Edit::replace(
        span,
        format!("[{written}, {}]", added.join(", ")),
    ))
}

fn quoted(ids: &[&str]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::Facts;
    use crate::source::Format;

    /// GitLab rejects a job that needs more than 50 others: no fix writes one.
    #[test]
    fn no_fix_needs_more_than_fifty_jobs() {
        let mut text = String::from(
            "deploy:\n  script: [make deploy]\n  needs: [build]\nbuild:\n  script: [make]\n",
        );
        let ids: Vec<String> = (0..MAX_NEEDS).map(|i| format!("test{i}")).collect();
        for id in &ids {
            text.push_str(&format!("{id}:\n  script: [make test]\n"));
        }
        let file = SourceFile::new(".gitlab-ci.yml", Format::GitlabCi, text);
        let model = crate::formats::gitlab_ci::load(&file, &Facts::default(), None);
        let pipeline = &model.pipelines[0];
        let deploy = &pipeline.jobs[0];
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let fix = |ids: &[&str]| add_needs(&file, &model, pipeline, deploy, ids);
        assert!(fix(&ids[..MAX_NEEDS - 1]).is_some(), "50 needs in all");
        assert!(fix(&ids).is_none(), "51 needs in all");
    }
}
