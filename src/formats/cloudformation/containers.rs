//! ECS task definitions: each of `ContainerDefinitions` is a container,
//! lowered by the ECS lowering Terraform's task definitions use
//! (`formats::aws_ecs`). CloudFormation spells the ECS API's properties
//! with a capital (`User`, `HealthCheck`, `MemoryReservation`); they are
//! read in the API's own spelling.
//!
//! A task definition that the template runs only as one-off tasks runs to
//! completion: one that some resource refers to (an EventBridge rule's or a
//! schedule's `EcsParameters`, a state machine, a function or custom
//! resource that calls `RunTask`) and no `AWS::ECS::Service` or `TaskSet`
//! does. One that nothing in the template uses may be a service's in
//! another stack, and is read as running until stopped.

use std::collections::HashSet;

use super::{references, resources, typed_resources};
use crate::formats::aws_ecs;
use crate::formats::value::{Kind, Value};
use crate::model::{FileModel, Spelling, WorkloadKind};
use crate::source::Spanned;

/// The resources that keep a task definition's tasks running.
const SERVICES: &[&str] = &["AWS::ECS::Service", "AWS::ECS::TaskSet"];

pub fn lower(root: &Value, model: &mut FileModel) {
    let batch = batch_tasks(root);
    for resource in resources(root) {
        if resource.kind != "AWS::ECS::TaskDefinition" {
            continue;
        }
        let Some(definitions) = resource
            .properties
            .and_then(|p| p.get("ContainerDefinitions"))
        else {
            continue;
        };
        for (index, definition) in definitions.items().iter().enumerate() {
            if matches!(definition.kind, Kind::Object(_)) {
                let definition = api_spelling(definition);
                let task = aws_ecs::Task {
                    object: &resource.object,
                    place: &resource.place,
                    memory: resource.properties.and_then(|p| p.get("Memory")),
                    pid_mode: resource.properties.and_then(|p| p.get("PidMode")),
                    ipc_mode: resource.properties.and_then(|p| p.get("IpcMode")),
                    network_mode: resource.properties.and_then(|p| p.get("NetworkMode")),
                    host_paths: resource
                        .properties
                        .and_then(|p| p.get("Volumes"))
                        .map_or(&[][..], Value::items)
                        .iter()
                        .filter_map(|volume| {
                            let path = volume.get("Host")?.get("SourcePath")?.literal_str()?;
                            Some((volume.get("Name")?.literal_str()?, path))
                        })
                        .collect(),
                    spelling: Spelling::Renamed(aws_ecs::CLOUDFORMATION_SPELLING),
                };
                let mut container = aws_ecs::container(&definition, index, &task);
                if batch.contains(resource.id.value.as_str()) {
                    container.workload = WorkloadKind::Batch;
                }
                model.containers.push(container);
            }
        }
    }
}

/// The logical ids of the task definitions the template runs only as
/// one-off tasks (see the module's documentation).
fn batch_tasks(root: &Value) -> HashSet<&str> {
    let tasks: HashSet<&str> = typed_resources(root)
        .filter(|(_, kind, _)| *kind == "AWS::ECS::TaskDefinition")
        .map(|(id, _, _)| id.value.as_str())
        .collect();
    // Most templates define no task: their references are not read.
    if tasks.is_empty() {
        return tasks;
    }
    let mut run = HashSet::new();
    let mut served = HashSet::new();
    for (_, kind, properties) in typed_resources(root) {
        let Some(properties) = properties else {
            continue;
        };
        let users = if SERVICES.contains(&kind) {
            &mut served
        } else {
            &mut run
        };
        for reference in references(properties) {
            let id = reference
                .split_once('.')
                .map_or(reference.as_str(), |(id, _)| id);
            if let Some(task) = tasks.get(id) {
                users.insert(*task);
            }
        }
    }
    run.retain(|task| !served.contains(task));
    run
}

/// The value with every object key in the ECS API's spelling: `HealthCheck`
/// is `healthCheck`.
fn api_spelling(value: &Value) -> Value {
    let kind = match &value.kind {
        Kind::Object(entries) => Kind::Object(
            entries
                .iter()
                .map(|(key, inner)| {
                    let mut chars = key.value.chars();
                    let spelled = chars
                        .next()
                        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
                        .unwrap_or_default();
                    (Spanned::new(spelled, key.span), api_spelling(inner))
                })
                .collect(),
        ),
        Kind::Array(items) => Kind::Array(items.iter().map(api_spelling).collect()),
        Kind::Either(items) => Kind::Either(items.iter().map(api_spelling).collect()),
        other => other.clone(),
    };
    Value {
        span: value.span,
        kind,
    }
}
