//! A container's requests and limits as the cluster will see them: what the
//! container writes, else what its namespace's defaults (a LimitRange in the
//! same file or elsewhere in the scanned set, see `facts.rs`) fill in.
//! Shared by the rules of this family.

use crate::model::{Container, Origin, Resources};
use crate::rules::Context;
use crate::source::Spanned;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    Cpu,
    Memory,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    Request,
    Limit,
}

impl Resource {
    pub fn key(self) -> &'static str {
        match self {
            Resource::Cpu => "cpu",
            Resource::Memory => "memory",
        }
    }
}

impl Bound {
    pub fn key(self) -> &'static str {
        match self {
            Bound::Request => "requests",
            Bound::Limit => "limits",
        }
    }
}

/// `resources.limits.memory`, as a person looks for it.
pub fn key(resource: Resource, bound: Bound) -> String {
    format!("resources.{}.{}", bound.key(), resource.key())
}

/// Whether requests and limits mean anything for this container: Kubernetes
/// containers, but not ephemeral ones (the API forbids them resources).
/// Compose services are judged by `missing-memory-limit` alone: their
/// quantities have units of their own (`512m` is 512 MiB) and Docker
/// schedules on no request.
pub fn applies(container: &Container) -> bool {
    container.origin == Origin::Kubernetes
        && container.role != crate::model::ContainerRole::Ephemeral
}

/// The value as written in `resources`.
pub fn written(
    resources: &Resources,
    resource: Resource,
    bound: Bound,
) -> Option<&Spanned<String>> {
    match (resource, bound) {
        (Resource::Cpu, Bound::Request) => resources.requests_cpu.as_ref(),
        (Resource::Memory, Bound::Request) => resources.requests_memory.as_ref(),
        (Resource::Cpu, Bound::Limit) => resources.limits_cpu.as_ref(),
        (Resource::Memory, Bound::Limit) => resources.limits_memory.as_ref(),
    }
}

/// The namespace default that fills the value when the container leaves it
/// unset: a LimitRange of the container's namespace in the same file, else
/// in another file of the scanned set. Returns how a message names the
/// LimitRange, and the value (whose span may be in another file: quote it,
/// never point at it).
pub fn namespace_default<'m>(
    cx: &Context<'m>,
    container: &Container,
    resource: Resource,
    bound: Bound,
) -> Option<(String, &'m Spanned<String>)> {
    let namespace = container.namespace.as_deref();
    let own = cx
        .model
        .resource_defaults
        .iter()
        .filter(|defaults| defaults.namespace.as_deref() == namespace)
        .find_map(|defaults| {
            Some((
                defaults.object.clone(),
                written(&defaults.resources, resource, bound)?,
            ))
        });
    own.or_else(|| {
        cx.facts
            .namespace_defaults(&cx.file.path, namespace)
            .find_map(|shared| {
                let value = written(&shared.fact.resources, resource, bound)?;
                Some((format!("{} in {}", shared.fact.object, shared.path), value))
            })
    })
}
