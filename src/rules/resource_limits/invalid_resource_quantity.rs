//! `invalid-resource-quantity`: a request or limit that is not a Kubernetes
//! quantity (`1GB`, `1K`, `-1`, `half`), which the API rejects, or a memory
//! amount written in fractions of a byte that no container can run in
//! (`128m` is 0.128 bytes: `m` is milli, not mega; `1.5` is 1.5 bytes). A
//! large amount with a fraction (`0.3Mi`) is rounded up and runs.
//!
//! A value still holding a substitution placeholder (`${MEMORY}`) is not
//! judged: it is reported as a low-confidence note, since what it becomes is
//! unknown here. A Terraform reference the module does not resolve is not
//! reported at all: passing values so is how Terraform is written.

use super::effective::{self, Bound, Resource};
use super::quantity::{Quantity, QuantityError};
use crate::finding::{Confidence, Severity};
use crate::model::{Container, Resources};
use crate::rules::{Context, Rule};
use crate::source::{Format, Spanned};

pub struct InvalidResourceQuantity;

pub static INVALID_RESOURCE_QUANTITY: InvalidResourceQuantity = InvalidResourceQuantity;

const FIELDS: [(Resource, Bound); 4] = [
    (Resource::Cpu, Bound::Request),
    (Resource::Memory, Bound::Request),
    (Resource::Cpu, Bound::Limit),
    (Resource::Memory, Bound::Limit),
];

impl Rule for InvalidResourceQuantity {
    fn id(&self) -> &'static str {
        "invalid-resource-quantity"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let model = cx.model;
        for defaults in &model.resource_defaults {
            check(&defaults.resources, &defaults.object, None, cx);
        }
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        if effective::applies(container) {
            check(
                &container.resources,
                &container.object,
                Some(&container.place),
                cx,
            );
        }
    }
}

/// Checks a container's values (with its `place`) or a LimitRange's defaults
/// (without), where one written value may stand for both a request and a
/// limit and is named by its resource alone.
fn check(resources: &Resources, object: &str, place: Option<&str>, cx: &mut Context<'_>) {
    let mut seen = Vec::new();
    for (resource, bound) in FIELDS {
        let Some(value) = effective::written(resources, resource, bound) else {
            continue;
        };
        if seen.contains(&value.span) {
            continue;
        }
        seen.push(value.span);
        let key = match place {
            Some(_) => effective::key(resource, bound),
            None => resource.key().to_string(),
        };
        let Some((message, unresolved)) = problem(value, resource, &key) else {
            continue;
        };
        // In Terraform a reference (`var.memory`, `"${var.cpu}m"`) is the
        // language's own way to pass a value, resolved when applying: not a
        // leftover of some other templating, so not worth a note.
        if unresolved && matches!(cx.file.format, Format::Terraform | Format::TerraformJson) {
            continue;
        }
        let finding = cx.report(value.span, message).object(object);
        if let Some(place) = place {
            finding.place(format!("{place}/{key}"));
        }
        if unresolved {
            finding.severity(Severity::Note).confidence(Confidence::Low);
        }
    }
}

/// What is wrong with a quantity, and whether it is an unresolved placeholder.
fn problem(value: &Spanned<String>, resource: Resource, key: &str) -> Option<(String, bool)> {
    let text = value.value.as_str();
    if text.contains("${") || text.contains("$(") || text.contains("{{") || text.starts_with('$') {
        return Some((
            format!(
                "`{key}` is `{text}`, a placeholder that is substituted later: devops-check \
                 cannot check the quantity it becomes"
            ),
            true,
        ));
    }
    let grammar = "a number with an optional suffix: `500m`, `0.5`, `2` for CPU; `256Mi`, `1Gi`, \
                   `1G` for memory";
    let message = match Quantity::parse(text) {
        // Fractions of a byte are rounded up by the kubelet, so `0.3Mi` runs;
        // a milli-, micro- or nano-byte suffix, or a few bytes and a
        // fraction (`1.5`), is a mistake for `Mi` or `Gi` that leaves the
        // container no memory at all.
        Ok(quantity)
            if resource == Resource::Memory
                && quantity.has_fraction()
                && (text.ends_with(['m', 'u', 'n']) || quantity.below(1024)) =>
        {
            if let Some(number) = text.strip_suffix('m') {
                format!(
                    "`{key}: {text}` is {number} thousandths of a byte (`m` means milli): the \
                     container cannot start; write `{number}Mi` for mebibytes"
                )
            } else {
                format!(
                    "`{key}: {text}` is {text} bytes (memory is counted in bytes): the \
                     container cannot start; write it with a suffix such as `Mi` or `Gi`"
                )
            }
        }
        Ok(_) | Err(QuantityError::OutOfRange) => return None,
        Err(QuantityError::Negative) => {
            format!("`{key}` is `{text}`: a negative amount, which the API rejects")
        }
        Err(QuantityError::Suffix(suffix)) => {
            let hint = match suffix.as_str() {
                "K" | "KB" | "kB" | "Kb" | "kb" => " (write `k` for 1000, `Ki` for 1024)",
                "MB" | "Mb" | "mb" | "mi" => " (write `M` for 10^6, `Mi` for 2^20)",
                "GB" | "Gb" | "gb" | "g" | "gi" => " (write `G` for 10^9, `Gi` for 2^30)",
                "TB" | "Tb" | "tb" | "t" | "ti" => " (write `T` for 10^12, `Ti` for 2^40)",
                _ => "",
            };
            format!(
                "`{key}` is `{text}`: `{suffix}` is not a quantity suffix{hint}; the API rejects \
                 it"
            )
        }
        Err(QuantityError::Syntax) if text.is_empty() => {
            format!("`{key}` is not a quantity: write {grammar}")
        }
        Err(QuantityError::Syntax) => {
            format!("`{key}` is `{text}`, not a quantity: write {grammar}")
        }
    };
    Some((message, false))
}
