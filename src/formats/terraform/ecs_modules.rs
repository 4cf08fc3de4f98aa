//! The containers of the terraform-aws-modules ECS modules, lowered as
//! `aws_ecs_task_definition`'s are so that every container rule applies:
//! - `terraform-aws-modules/ecs/aws`: each of `services`' entries is a
//!   service, whose `container_definitions` map holds its containers;
//! - `//modules/service`: one service, `container_definitions` as above;
//! - `//modules/container-definition`: the module's own inputs are one
//!   container.
//!
//! A container's inputs are the ECS API's keys: camelCase since the
//! modules' v6 (`readonlyRootFilesystem`, `healthCheck`), snake_case before
//! (`readonly_root_filesystem`, `health_check`); both are read, and
//! messages name them as the file writes them. The modules' documented
//! defaults are the model's where the file says nothing: a container's
//! root filesystem is read-only, a service's task has `memory = 2048`
//! (and its containers a limit). A lone container definition's task is
//! declared elsewhere, so its memory limit is not judged.
//!
//! Registry, `git::` and GitHub sources of the module are recognised; any
//! other module is not guessed at.

use super::address;
use super::tree::{Block, Kind, Str, StrSyntax, Value};
use crate::formats::aws_ecs;
use crate::model::{FileModel, Spelling};
use crate::source::{Span, Spanned};

/// Which of the modules a `source` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EcsModule {
    Root,
    Service,
    ContainerDefinition,
}

fn ecs_module(source: &str) -> Option<EcsModule> {
    let source = source.trim();
    let source = source.split_once('?').map_or(source, |(s, _)| s);
    // The subdirectory follows the first `//` that is not a URL's own
    // (`git::https://github.com/...//modules/service`).
    let (base, sub) = match source
        .match_indices("//")
        .find(|(i, _)| !source[..*i].ends_with(':'))
    {
        Some((i, _)) => (&source[..i], &source[i + 2..]),
        None => (source, ""),
    };
    let base = base.trim_end_matches('/').to_ascii_lowercase();
    let registry =
        base == "terraform-aws-modules/ecs/aws" || base.ends_with("/terraform-aws-modules/ecs/aws");
    let repository = base.contains("terraform-aws-modules/terraform-aws-ecs");
    if !registry && !repository {
        return None;
    }
    match sub.trim_matches('/') {
        "" => Some(EcsModule::Root),
        "modules/service" => Some(EcsModule::Service),
        "modules/container-definition" => Some(EcsModule::ContainerDefinition),
        _ => None,
    }
}

/// The modules' v5 inputs, in the ECS API's spelling; a key not here is
/// the API's already (v6 writes them all so).
const SNAKE_INPUTS: &[(&str, &str)] = &[
    ("readonly_root_filesystem", "readonlyRootFilesystem"),
    ("health_check", "healthCheck"),
    ("linux_parameters", "linuxParameters"),
    ("memory_reservation", "memoryReservation"),
    ("port_mappings", "portMappings"),
    ("environment_files", "environmentFiles"),
];

/// How v5 inputs are named in messages.
const SNAKE_SPELLING: &[(&str, &str)] = &[
    ("healthCheck", "health_check"),
    ("memoryReservation", "memory_reservation"),
    ("hostPID: true", "pid_mode = \"host\""),
    ("hostIPC: true", "ipc_mode = \"host\""),
    ("hostNetwork: true", "network_mode = \"host\""),
];

/// The service module's task `memory` when it sets none (MiB).
const DEFAULT_TASK_MEMORY: &str = "2048";

pub fn lower(block: &Block, model: &mut FileModel) {
    let Some(kind) = block
        .body
        .attr("source")
        .and_then(|s| s.value.literal_str())
        .and_then(ecs_module)
    else {
        return;
    };
    let at = address(block);
    let inputs = Value {
        span: block.span,
        kind: Kind::Object(
            block
                .body
                .attributes
                .iter()
                .map(|a| (a.key.clone(), a.value.clone()))
                .collect(),
        ),
    };
    match kind {
        EcsModule::ContainerDefinition => {
            let label = block.labels.first().map_or(block.kind.span, |l| l.span);
            // Its task is declared where its output is used: its memory
            // and modes are not known here.
            let task_inputs = Value {
                span: block.span,
                kind: Kind::Object(Vec::new()),
            };
            let elsewhere = Value {
                span: block.kind.span,
                kind: Kind::Expr,
            };
            let task = task_of(&at.object, &at.place, &task_inputs, &elsewhere, &inputs);
            let name = block.labels.first().map_or("?", |l| l.value.as_str());
            push(&inputs, &label_str(name, label), &task, model);
        }
        EcsModule::Service => service(&inputs, &at.object, &at.place, model),
        EcsModule::Root => {
            let Some(services) = inputs.get("services") else {
                return;
            };
            for (name, svc) in services.entries() {
                let object = format!("{}.services[\"{}\"]", at.object, name.value);
                let place = format!("{}/services/{}", at.place, name.value);
                service(svc, &object, &place, model);
            }
        }
    }
}

/// A service's containers, with its task's settings.
fn service(svc: &Value, object: &str, place: &str, model: &mut FileModel) {
    let Some(definitions) = svc.get("container_definitions") else {
        return;
    };
    let memory = Value {
        span: svc.span,
        kind: Kind::Number(DEFAULT_TASK_MEMORY.to_owned()),
    };
    for (name, def) in definitions.entries() {
        if !matches!(def.kind, Kind::Object(_)) {
            continue;
        }
        let task = task_of(object, place, svc, &memory, def);
        push(def, &label_str(&name.value, name.span), &task, model);
    }
}

/// The task a container belongs to: the service's `memory` (else the
/// default given), `pid_mode`, `ipc_mode`, `network_mode`.
fn task_of<'a>(
    object: &'a str,
    place: &'a str,
    inputs: &'a Value,
    default_memory: &'a Value,
    def: &Value,
) -> aws_ecs::Task<'a> {
    aws_ecs::Task {
        object,
        place,
        memory: inputs.get("memory").or(Some(default_memory)),
        pid_mode: inputs.get("pid_mode"),
        ipc_mode: inputs.get("ipc_mode"),
        network_mode: inputs.get("network_mode"),
        // The modules' `volume` input is not read yet.
        host_paths: Vec::new(),
        spelling: Spelling::Renamed(if snake_inputs(def) {
            SNAKE_SPELLING
        } else {
            aws_ecs::TERRAFORM_SPELLING
        }),
    }
}

/// Whether a container's inputs are the v5 modules' (`health_check`): a
/// snake_case key other than the log group's and exec's, which both
/// versions name so. Without one, the current (camelCase) spelling.
fn snake_inputs(def: &Value) -> bool {
    def.entries().iter().any(|(key, _)| {
        let key = key.value.as_str();
        key.contains('_')
            && !["enable_", "create_", "cloudwatch_", "operating_system"]
                .iter()
                .any(|both| key.starts_with(both))
    })
}

/// The container, with the modules' default of a read-only root.
fn push(def: &Value, name: &Value, task: &aws_ecs::Task<'_>, model: &mut FileModel) {
    // Named by its key or block label, so its place in a list is never shown.
    let mut container = aws_ecs::container(&api_spelled(def, name), 0, task);
    if container.security.read_only_root_filesystem.is_none() {
        container.security.read_only_root_filesystem = Some(Spanned::new(true, container.span));
    }
    model.containers.push(container);
}

/// A name the module gives a container that the file does not name: the
/// map key, or the module's label.
fn label_str(name: &str, span: Span) -> Value {
    Value {
        span,
        kind: Kind::Str(Str {
            text: name.to_owned(),
            literal: true,
            content: span,
            syntax: StrSyntax::Decoded,
        }),
    }
}

/// A container definition's inputs under the ECS API's keys, named by
/// `name` when it has no `name` of its own.
fn api_spelled(def: &Value, name: &Value) -> Value {
    let mut entries: Vec<(Spanned<String>, Value)> = def
        .entries()
        .iter()
        .map(|(key, value)| {
            let api = SNAKE_INPUTS
                .iter()
                .find(|(snake, _)| key.value == *snake)
                .map_or(key.value.as_str(), |(_, api)| api);
            (Spanned::new(api.to_owned(), key.span), value.clone())
        })
        .collect();
    if !entries.iter().any(|(k, _)| k.value == "name") {
        entries.push((Spanned::new("name".to_owned(), name.span), name.clone()));
    }
    Value {
        span: def.span,
        kind: Kind::Object(entries),
    }
}

#[cfg(test)]
mod tests {
    use super::{EcsModule, ecs_module};

    #[test]
    fn sources_name_the_modules() {
        for (source, kind) in [
            ("terraform-aws-modules/ecs/aws", Some(EcsModule::Root)),
            (
                "terraform-aws-modules/ecs/aws//modules/service",
                Some(EcsModule::Service),
            ),
            (
                "registry.terraform.io/terraform-aws-modules/ecs/aws//modules/container-definition",
                Some(EcsModule::ContainerDefinition),
            ),
            (
                "git::https://github.com/terraform-aws-modules/terraform-aws-ecs.git//modules/service?ref=v5.11.0",
                Some(EcsModule::Service),
            ),
            (
                "github.com/terraform-aws-modules/terraform-aws-ecs//modules/container-definition",
                Some(EcsModule::ContainerDefinition),
            ),
            ("terraform-aws-modules/ecs/aws//modules/cluster", None),
            ("cloudposse/ecs-container-definition/aws", None),
            ("./modules/service", None),
        ] {
            assert_eq!(ecs_module(source), kind, "{source}");
        }
    }
}
