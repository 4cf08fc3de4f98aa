//! ECS task definitions: each of `ContainerDefinitions` is a container,
//! lowered by the ECS lowering Terraform's task definitions use
//! (`formats::aws_ecs`). CloudFormation spells the ECS API's properties
//! with a capital (`User`, `HealthCheck`, `MemoryReservation`); they are
//! read in the API's own spelling.

use super::resources;
use crate::formats::aws_ecs;
use crate::formats::value::{Kind, Value};
use crate::model::{FileModel, Spelling};
use crate::source::Spanned;

pub fn lower(root: &Value, model: &mut FileModel) {
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
                model
                    .containers
                    .push(aws_ecs::container(&definition, index, &task));
            }
        }
    }
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
