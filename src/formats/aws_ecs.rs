//! ECS container definitions, however a task definition is written (a
//! Terraform `container_definitions` document, a CloudFormation
//! `ContainerDefinitions` list), lowered to containers for the container
//! rules: user, privileged, read-only root filesystem, Linux capabilities,
//! health check, memory and CPU, environment, environment files and
//! secrets, ports.
//!
//! The task's `pidMode`, `ipcMode` and `networkMode` set to `host` put
//! every container of the task in the host's namespaces, as a pod's
//! `hostPID`, `hostIPC` and `hostNetwork` do. A container whose
//! `mountPoints` mount a task volume on the host's container runtime socket
//! (`sourcePath: /var/run/docker.sock`) gets the runtime's API.
//!
//! A container without a hard `memory` limit of its own is bounded by its
//! task's `memory`, when the task sets one (Fargate always does): that
//! limit is the container's. A container marked `essential: false` (a log
//! router, an X-Ray daemon) is a sidecar: the task lives on without it.

use crate::formats::host_paths::is_runtime_socket;
use crate::formats::value::{Kind, Value};
use crate::model::{
    Container, ContainerRole, EnvValue, EnvVar, Healthcheck, Origin, Port, Probes, Resources,
    Security, Spelling, WorkloadKind,
};
use crate::source::Spanned;

/// The task definition that holds container definitions.
pub struct Task<'a> {
    /// How findings name it: `aws_ecs_task_definition.api`.
    pub object: &'a str,
    /// Its logical address, for fingerprints.
    pub place: &'a str,
    /// Its task-level memory, when set.
    pub memory: Option<&'a Value>,
    /// Its `pidMode`, `ipcMode` and `networkMode`, when set.
    pub pid_mode: Option<&'a Value>,
    pub ipc_mode: Option<&'a Value>,
    pub network_mode: Option<&'a Value>,
    /// The task's volumes on host paths: name and host path, as written.
    pub host_paths: Vec<(&'a str, &'a str)>,
    /// How the file spells the ECS API's keys: CloudFormation capitalizes
    /// them (`MemoryReservation`), Terraform's JSON does not.
    pub spelling: Spelling,
}

/// How CloudFormation spells the keys that messages about ECS containers name.
pub const CLOUDFORMATION_SPELLING: &[(&str, &str)] = &[
    ("memory", "Memory"),
    ("memoryReservation", "MemoryReservation"),
    ("healthCheck", "HealthCheck"),
    ("command", "Command"),
    ("user", "User"),
    ("privileged: true", "Privileged: true"),
    ("hostPID: true", "PidMode: host"),
    ("hostIPC: true", "IpcMode: host"),
    ("hostNetwork: true", "NetworkMode: host"),
];

/// How Terraform spells them: the container definitions are the ECS API's
/// JSON, the task's own arguments are Terraform's.
pub const TERRAFORM_SPELLING: &[(&str, &str)] = &[
    ("hostPID: true", "pid_mode = \"host\""),
    ("hostIPC: true", "ipc_mode = \"host\""),
    ("hostNetwork: true", "network_mode = \"host\""),
];

/// A task-level mode set to `host`, where it is written.
fn host_mode(mode: Option<&Value>) -> Option<Spanned<bool>> {
    let mode = mode?;
    let literal = mode.literal_str()?;
    Some(Spanned::new(
        literal.eq_ignore_ascii_case("host"),
        mode.span,
    ))
}

/// One container definition, in the ECS API's own spelling (`user`,
/// `healthCheck`, `memoryReservation` ...), of the task definition `task`,
/// where it is the `index`th of its list.
pub fn container(def: &Value, index: usize, task: &Task<'_>) -> Container {
    let (object, place) = (task.object, task.place);
    let name = def.get("name").and_then(Value::spanned_literal);
    // A computed name (`"${local.name}"`) is shown as written.
    let written = def
        .get("name")
        .and_then(Value::as_str)
        .map(|s| s.text.as_str());
    // A name that is not a string (`var.app_name`): its place in the list.
    let shown = name
        .as_ref()
        .map(|n| n.value.clone())
        .or(written.map(str::to_owned))
        .unwrap_or_else(|| format!("containerDefinitions[{index}]"));
    let user = def.get("user");
    let security = Security {
        user: user.and_then(|u| match &u.kind {
            Kind::Str(s) => Some(Spanned::new(s.text.clone(), s.content)),
            // ECS wants a string, but `user = 0` in jsonencode says uid 0.
            Kind::Number(n) => Some(Spanned::new(n.clone(), u.span)),
            _ => None,
        }),
        user_unresolved: user.and_then(Value::as_str).is_some_and(|s| !s.literal),
        privileged: def.get("privileged").and_then(Value::boolean),
        read_only_root_filesystem: def.get("readonlyRootFilesystem").and_then(Value::boolean),
        capabilities_add: capabilities(def, "add"),
        capabilities_drop: capabilities(def, "drop"),
        host_pid: host_mode(task.pid_mode),
        host_ipc: host_mode(task.ipc_mode),
        host_network: host_mode(task.network_mode),
        runtime_socket: runtime_socket(def, task),
        ..Security::default()
    };
    let healthcheck = def
        .get("healthCheck")
        .map(|h| Healthcheck::Command(h.get("command").map_or(h.span, |c| c.span)));
    // ECS counts memory in MiB and CPU in units of 1/1024 vCPU; written as
    // Kubernetes quantities so that every container rule reads one unit.
    let mib = |key: &str| def.get(key).and_then(mebibytes);
    let cpu = def.get("cpu").and_then(|v| {
        let units = v.integer()?.value;
        (units > 0).then(|| Spanned::new(format!("{}m", units * 1000 / 1024), v.span))
    });
    let task_memory = task.memory.and_then(mebibytes);
    let mut env = Vec::new();
    for (key, secret) in [("environment", false), ("secrets", true)] {
        for item in def.get(key).map_or(&[][..], Value::items) {
            let Some(name) = item.get("name").and_then(Value::spanned_literal) else {
                continue;
            };
            let value = match (secret, item.get("value")) {
                (false, Some(v)) if v.literal_str().is_some() => match v.spanned_literal() {
                    Some(l) => EnvValue::Literal(l),
                    None => continue,
                },
                (_, Some(v)) => EnvValue::Reference(v.span),
                (_, None) => {
                    EnvValue::Reference(item.get("valueFrom").map_or(item.span, |v| v.span))
                }
            };
            env.push(EnvVar { name, value });
        }
    }
    let ports = def
        .get("portMappings")
        .map_or(&[][..], Value::items)
        .iter()
        .map(|p| Port {
            name: p.get("name").and_then(Value::spanned_literal),
            number: p.get("containerPort").and_then(Value::integer),
        })
        .collect();
    let essential = def.get("essential").and_then(Value::boolean);
    Container {
        origin: Origin::EcsTask,
        role: if essential.is_some_and(|e| !e.value) {
            ContainerRole::Sidecar
        } else {
            ContainerRole::Main
        },
        workload: WorkloadKind::LongRunning,
        object: format!("{object} container {shown}"),
        place: format!("{place}/containers/{shown}"),
        span: name.as_ref().map_or(def.span, |n| n.span),
        image: def.get("image").and_then(Value::spanned_literal),
        name,
        namespace: None,
        security,
        probes: Probes {
            healthcheck,
            ..Probes::default()
        },
        resources: Resources {
            span: None,
            requests_cpu: cpu,
            requests_memory: mib("memoryReservation"),
            limits_cpu: None,
            limits_memory: mib("memory").or(task_memory),
        },
        env,
        env_files: def
            .get("environmentFiles")
            .map_or(&[][..], Value::items)
            .iter()
            .filter_map(|f| f.get("value").and_then(Value::spanned_literal))
            .collect(),
        ports,
        pod_labels: Default::default(),
        pod_ports: Vec::new(),
        standalone: false,
        fragment: false,
        spelling: task.spelling,
    }
}

/// The host's container runtime socket (or its directory), when one of the
/// container's `mountPoints` mounts a task volume on it; spanned over the
/// mount point. `readOnly` does not make the API read-only.
fn runtime_socket(def: &Value, task: &Task<'_>) -> Option<Spanned<String>> {
    def.get("mountPoints")
        .map_or(&[][..], Value::items)
        .iter()
        .find_map(|mount| {
            let volume = mount.get("sourceVolume")?.literal_str()?;
            let &(_, path) = task.host_paths.iter().find(|(name, _)| *name == volume)?;
            is_runtime_socket(path).then(|| Spanned::new(path.to_string(), mount.span))
        })
}

/// `linuxParameters.capabilities.add` (or `drop`): the capabilities as written.
fn capabilities(def: &Value, key: &str) -> Vec<Spanned<String>> {
    let Some(list) = def
        .get("linuxParameters")
        .and_then(|p| p.get("capabilities"))
        .and_then(|c| c.get(key))
    else {
        return Vec::new();
    };
    list.items()
        .iter()
        .filter_map(Value::spanned_literal)
        .collect()
}

/// A memory size, which ECS counts in MiB (a number, or a string of one in
/// CloudFormation), written as a Kubernetes quantity so that every
/// container rule reads one unit. Any other value (a parameter, `"1GB"`
/// at task level) is set all the same, as written.
fn mebibytes(value: &Value) -> Option<Spanned<String>> {
    if let Some(n) = value.integer() {
        return Some(Spanned::new(format!("{}Mi", n.value), value.span));
    }
    let written = match &value.kind {
        Kind::Null => return None,
        Kind::Str(s) => s.text.clone(),
        _ => String::new(),
    };
    Some(Spanned::new(written, value.span))
}
