//! `unknown-needs`: a job `needs` a job id that the workflow does not have.
//! GitHub rejects the whole workflow, so none of its jobs run: often found
//! only after the merge, when the pipeline silently stops.

use super::analysis::{job_object, job_place};
use super::graph::Graph;
use crate::finding::{Applicability, Edit, Fix};
use crate::model::Pipeline;
use crate::rules::secrets::values::unquoted_span;
use crate::rules::{Context, Rule};

pub struct UnknownNeeds;

pub static UNKNOWN_NEEDS: UnknownNeeds = UnknownNeeds;

impl Rule for UnknownNeeds {
    fn id(&self) -> &'static str {
        "unknown-needs"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        // A job of a file the scan did not read may be the one needed.
        if pipeline.partial {
            return;
        }
        let graph = Graph::new(pipeline);
        for job in &pipeline.jobs {
            for need in &job.needs {
                if graph.find(&need.value).is_some() {
                    continue;
                }
                let nearest = closest(pipeline, &need.value);
                let hint = nearest
                    .map(|id| format!(" (did you mean `{id}`?)"))
                    .unwrap_or_default();
                // Unsafe: the nearest id is a guess a person confirms. A job
                // the list names already would only be named twice.
                let fix = nearest
                    .filter(|id| !job.needs.iter().any(|n| n.value == *id))
                    .map(|id| {
                        Fix::new(
                            Applicability::Unsafe,
                            format!("replace `{}` by `{id}`", need.value),
                            vec![Edit::replace(unquoted_span(cx.file, need.span), id)],
                        )
                    });
                let finding = cx
                    .report(
                        need.span,
                        format!(
                            "job `{}` needs `{}`, which is not a job of this {document}{hint}: \
                             {platform} rejects the {document} and runs none of its jobs",
                            job.id.value,
                            need.value,
                            document = pipeline.ci.document(),
                            platform = pipeline.ci.platform(),
                        ),
                    )
                    .object(job_object(job))
                    .place(format!("{}.needs.{}", job_place(job), need.value));
                if let Some(fix) = fix {
                    finding.fix(fix);
                }
            }
        }
    }
}

/// The job id nearest to a misspelt one, within two edits.
fn closest<'p>(pipeline: &'p Pipeline, wanted: &str) -> Option<&'p str> {
    pipeline
        .jobs
        .iter()
        .map(|j| (distance(&j.id.value, wanted), j.id.value.as_str()))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, id)| id)
}

/// Levenshtein distance over characters, case-insensitive.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance() {
        assert_eq!(distance("test", "tests"), 1);
        assert_eq!(distance("build", "biuld"), 2);
        assert_eq!(distance("Lint", "lint"), 0);
        assert_eq!(distance("", "abc"), 3);
    }
}
