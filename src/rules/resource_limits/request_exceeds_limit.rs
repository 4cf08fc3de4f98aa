//! `request-exceeds-limit`: a container whose CPU or memory request is
//! larger than its limit. The API rejects such a pod ("must be less than or
//! equal to cpu limit"), so the workload never starts; a Deployment's
//! rollout stalls with the error only in its ReplicaSet's events.
//!
//! Values are compared exactly (see `quantity.rs`); a value a LimitRange of
//! the namespace fills in counts, since the API compares after defaulting,
//! whether the LimitRange is in the same file or another of the scanned set.
//! Defaulting goes in the API's order: a written limit first becomes the
//! request the container leaves unset, so a LimitRange's `defaultRequest`
//! only reaches containers that write neither.

use super::effective::{self, Bound, Resource};
use super::quantity::Quantity;
use crate::model::Container;
use crate::rules::{Context, Rule};
use crate::source::Spanned;

pub struct RequestExceedsLimit;

pub static REQUEST_EXCEEDS_LIMIT: RequestExceedsLimit = RequestExceedsLimit;

impl Rule for RequestExceedsLimit {
    fn id(&self) -> &'static str {
        "request-exceeds-limit"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        if !effective::applies(container) {
            return;
        }
        for resource in [Resource::Cpu, Resource::Memory] {
            let request = value(container, resource, Bound::Request, cx);
            let limit = value(container, resource, Bound::Limit, cx);
            let (Some((request, request_from)), Some((limit, limit_from))) = (request, limit)
            else {
                continue;
            };
            // Both from the LimitRange: its own problem, which the API checks
            // when the LimitRange is created.
            if request_from.is_some() && limit_from.is_some() {
                continue;
            }
            let (Ok(request_amount), Ok(limit_amount)) = (
                Quantity::parse(&request.value),
                Quantity::parse(&limit.value),
            ) else {
                continue;
            };
            if request_amount <= limit_amount {
                continue;
            }
            let origin = |from: Option<String>| {
                from.map(|object| format!(", the default of {object}"))
                    .unwrap_or_default()
            };
            let span = if request_from.is_none() {
                request.span
            } else {
                limit.span
            };
            cx.report(
                span,
                format!(
                    "{}: `{}` (`{}`{}) is more than `{}` (`{}`{}): the API rejects the pod; lower \
                     the request or raise the limit",
                    container.described(),
                    effective::key(resource, Bound::Request),
                    request.value,
                    origin(request_from),
                    effective::key(resource, Bound::Limit),
                    limit.value,
                    origin(limit_from),
                ),
            )
            .object(container.object.clone())
            .place(format!("{}/{}", container.place, resource.key()));
        }
    }
}

/// The effective value, and the LimitRange it came from when the container
/// does not write it.
fn value<'m>(
    container: &'m Container,
    resource: Resource,
    bound: Bound,
    cx: &Context<'m>,
) -> Option<(&'m Spanned<String>, Option<String>)> {
    if let Some(written) = effective::written(&container.resources, resource, bound) {
        return Some((written, None));
    }
    // The API copies a written limit into an unset request before a
    // LimitRange is consulted, so its `defaultRequest` never applies then
    // (and a request equal to the limit never exceeds it).
    if bound == Bound::Request
        && effective::written(&container.resources, resource, Bound::Limit).is_some()
    {
        return None;
    }
    let (object, value) = effective::namespace_default(cx, container, resource, bound)?;
    Some((value, Some(object)))
}
