//! `cyclic-needs`: jobs whose `needs` form a cycle can never start; GitHub
//! rejects the whole workflow. The message shows the cycle.

use super::analysis::{job_object, job_place};
use crate::model::Pipeline;
use crate::rules::{Context, Rule};

pub struct CyclicNeeds;

pub static CYCLIC_NEEDS: CyclicNeeds = CyclicNeeds;

impl Rule for CyclicNeeds {
    fn id(&self) -> &'static str {
        "cyclic-needs"
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        let Some(analysis) = cx.analysis() else {
            return;
        };
        for cycle in analysis.graph.cycles() {
            let (Some(&first), Some(&second)) = (cycle.first(), cycle.get(1).or(cycle.first()))
            else {
                continue;
            };
            let job = &pipeline.jobs[first];
            let next = &pipeline.jobs[second].id.value;
            let Some(edge) = job
                .needs
                .iter()
                .find(|n| n.value.eq_ignore_ascii_case(next))
            else {
                continue;
            };
            let message = if cycle.len() == 1 {
                format!(
                    "job `{}` needs itself: it can never start, and {} rejects the {}; remove \
                     `{}` from its needs",
                    job.id.value,
                    pipeline.ci.platform(),
                    pipeline.ci.document(),
                    edge.value
                )
            } else {
                let chain: Vec<String> = cycle
                    .iter()
                    .chain(std::iter::once(&first))
                    .map(|&i| format!("`{}`", pipeline.jobs[i].id.value))
                    .collect();
                format!(
                    "jobs wait for each other in a cycle ({}, each needing the next): none can \
                     start, and {} rejects the {}; remove one of these needs",
                    chain.join(" → "),
                    pipeline.ci.platform(),
                    pipeline.ci.document()
                )
            };
            cx.report(edge.span, message)
                .object(job_object(job))
                .place(format!("{}.needs.{}", job_place(job), edge.value));
        }
    }
}
