//! `missing-cpu-request`, `missing-memory-request`, `missing-memory-limit`,
//! `missing-cpu-limit`: a container (init and sidecar containers too) that
//! leaves a request or limit unset, with no LimitRange of its namespace in
//! the scanned set to fill it in (see `facts.rs` for which LimitRange
//! reaches which container).
//!
//! One template, four catalogue entries (as kube-linter's
//! `unset-cpu-requirements` family): the logic is the same, only the field
//! and the consequence told in the message differ.
//!
//! A request left unset while its limit is set is reported as a note: the API
//! copies the limit into the request, so the container is scheduled on a
//! known amount, just not a deliberate one. A container of a kustomize patch
//! is a fragment whose resources may come from its base: not judged.
//!
//! A Compose service is judged for its memory limit alone, as a note; so
//! is an ECS container, whose hard limit is its own `memory` or its task's.

use super::effective::{self, Bound, Resource};
use super::quantity::Quantity;
use crate::finding::Confidence;
use crate::finding::Severity;
use crate::model::{Container, Origin, WorkloadKind};
use crate::rules::{Context, Rule};

pub struct MissingResource {
    id: &'static str,
    resource: Resource,
    bound: Bound,
    /// What goes wrong without the value, and what to write: the second half
    /// of the message.
    consequence: &'static str,
    /// A value to suggest in place of `{example}`, as a manifest spells it.
    example: &'static str,
}

pub static MISSING_CPU_REQUEST: MissingResource = MissingResource {
    id: "missing-cpu-request",
    resource: Resource::Cpu,
    bound: Bound::Request,
    consequence: "the scheduler counts it as needing no CPU, so it can be packed onto a busy node and \
                  starved; set it to the CPU the container uses under normal load (e.g. `{example}`)",
    example: "cpu: 100m",
};

pub static MISSING_MEMORY_REQUEST: MissingResource = MissingResource {
    id: "missing-memory-request",
    resource: Resource::Memory,
    bound: Bound::Request,
    consequence: "the scheduler counts it as needing no memory, and under memory pressure it is among \
                  the first evicted; set it to the memory the container uses under normal load \
                  (e.g. `{example}`)",
    example: "memory: 256Mi",
};

pub static MISSING_MEMORY_LIMIT: MissingResource = MissingResource {
    id: "missing-memory-limit",
    resource: Resource::Memory,
    bound: Bound::Limit,
    consequence: "a leak or a spike can use up the node's memory and get other pods OOM-killed; set a \
                  limit a little above its peak use (e.g. `{example}`)",
    example: "memory: 512Mi",
};

pub static MISSING_CPU_LIMIT: MissingResource = MissingResource {
    id: "missing-cpu-limit",
    resource: Resource::Cpu,
    bound: Bound::Limit,
    consequence: "it may take every idle core of the node from its neighbours; set a limit (e.g. \
                  `{example}`), or disable this rule if your clusters deliberately rely on requests \
                  alone",
    example: "cpu: 500m",
};

impl Rule for MissingResource {
    fn id(&self) -> &'static str {
        self.id
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        let memory_limit = self.resource == Resource::Memory && self.bound == Bound::Limit;
        match container.origin {
            Origin::Compose if memory_limit => return service_without_memory_limit(container, cx),
            Origin::EcsTask if memory_limit => {
                return task_container_without_memory_limit(container, cx);
            }
            Origin::Compose | Origin::EcsTask => return,
            _ => {}
        }
        if !effective::applies(container)
            || container.is_fragment()
            || effective::written(&container.resources, self.resource, self.bound).is_some()
            || effective::namespace_default(cx, container, self.resource, self.bound).is_some()
        {
            return;
        }
        let key = effective::key(self.resource, self.bound);
        // A limit that is no quantity is reported as such; what the API
        // would copy from it is moot.
        let limit = effective::written(&container.resources, self.resource, Bound::Limit)
            .filter(|_| self.bound == Bound::Request);
        if limit.is_some_and(|l| Quantity::parse(&l.value).is_err()) {
            return;
        }
        let finding = match limit {
            Some(limit) => cx
                .report(
                    container.span,
                    format!(
                        "{} does not set `{key}`: Kubernetes uses `{}` (`{}`) as the request; \
                         set the request to what the container needs, which may be less",
                        container.described(),
                        effective::key(self.resource, Bound::Limit),
                        limit.value
                    ),
                )
                .severity(Severity::Note),
            None => cx.report(
                container.span,
                format!(
                    "{} does not set `{key}`: {}",
                    container.described(),
                    self.consequence
                        .replace("{example}", &container.spell(self.example))
                ),
            ),
        };
        finding
            .object(container.object.clone())
            .place(container.place.clone());
    }
}

/// A Compose service without a memory limit: a note, since most Compose
/// stacks run on a developer's machine, where the limit matters little.
fn service_without_memory_limit(container: &Container, cx: &mut Context<'_>) {
    if container.is_fragment()
        || container.workload != WorkloadKind::LongRunning
        || container.resources.limits_memory.is_some()
    {
        return;
    }
    cx.report(
        container.span,
        format!(
            "{} sets no memory limit: a leak or a spike can use up the host's memory and get \
             other services killed; set `deploy.resources.limits.memory` (e.g. `512M`), or \
             disable this rule for Compose files that only run locally",
            container.described()
        ),
    )
    .severity(Severity::Note)
    .confidence(Confidence::Medium)
    .object(container.object.clone())
    .place(container.place.clone());
}

/// An ECS container with no hard memory limit, its own or its task's. A
/// `memoryReservation` alone is a soft limit: the container may grow past
/// it until the instance runs out.
fn task_container_without_memory_limit(container: &Container, cx: &mut Context<'_>) {
    if container.resources.limits_memory.is_some() {
        return;
    }
    let reservation = match &container.resources.requests_memory {
        Some(_) => format!(
            " (`{}` is a soft limit: the container may grow past it)",
            container.spell("memoryReservation")
        ),
        None => String::new(),
    };
    cx.report(
        container.span,
        format!(
            "{} sets no `{memory}`, nor does its task definition{reservation}: a leak or a spike \
             can use up the instance's memory and get other tasks killed; set the container's \
             `{memory}` (MiB, e.g. `512`) or the task's",
            container.described(),
            memory = container.spell("memory"),
        ),
    )
    .object(container.object.clone())
    .place(container.place.clone());
}
