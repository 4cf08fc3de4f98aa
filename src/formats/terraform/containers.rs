//! Containers declared in Terraform, for the container rules:
//! - the pod templates of the `kubernetes` provider's workloads
//!   (`kubernetes_deployment`, `kubernetes_pod` and the other pod-bearing
//!   kinds, with or without `_v1`): containers and init containers, with the
//!   pod's security context under the container's;
//! - the container definitions of `aws_ecs_task_definition`, written with
//!   `jsonencode([...])` or as JSON in a heredoc or string; a local of the
//!   file that holds the list, a definition or a definition's environment
//!   (`jsonencode(local.containers)`, `environment = local.environment`) is
//!   read where it is written, one level deep, as modules build them;
//! - the manifest of a `kubernetes_manifest` (see `manifest.rs`);
//! - the containers of the terraform-aws-modules ECS modules (see
//!   `ecs_modules.rs`).
//!
//! A value the file does not spell out (`var.privileged`) is left unset
//! rather than guessed.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use super::tree::{Block, Body, Kind, Nested, Value};
use super::{Address, address, collections};
use super::{ecs_modules, manifest};
use crate::formats::aws_policy::{self as policy, source};
use crate::formats::embedded::json_in_string;
use crate::formats::host_paths::{HostMount, mounted, node_takeover_mount, runtime_socket};
use crate::formats::{UNCONFINED_SELINUX_TYPES, aws_ecs};
use crate::model::{
    Container, ContainerRole, EnvValue, EnvVar, FileModel, Origin, Port, PortRef, Probe,
    ProbeHandler, ProbeHandlerKind, ProbeTiming, Probes, Publication, PublishedSecret, Resources,
    Secrecy, Security, ServiceSelector, Spelling, TimingSetting, WorkloadKind,
};
use crate::source::{Span, Spanned};

/// Where each kind keeps its pod spec, below the resource body.
fn pod_spec_path(kind: &str) -> Option<(&'static [&'static str], WorkloadKind)> {
    let base = kind.strip_suffix("_v1").unwrap_or(kind);
    let long = WorkloadKind::LongRunning;
    Some(match base {
        "kubernetes_pod" => (&["spec"], long),
        "kubernetes_deployment"
        | "kubernetes_stateful_set"
        | "kubernetes_daemonset"
        | "kubernetes_daemon_set"
        | "kubernetes_replication_controller" => (&["spec", "template", "spec"], long),
        "kubernetes_job" => (&["spec", "template", "spec"], WorkloadKind::Batch),
        "kubernetes_cron_job" => (
            &["spec", "job_template", "spec", "template", "spec"],
            WorkloadKind::Batch,
        ),
        _ => return None,
    })
}

/// `sensitive` says whether the module declares a variable `sensitive`.
pub fn lower(body: &Body, text: &str, sensitive: &dyn Fn(&str) -> bool, model: &mut FileModel) {
    let mut locals = None;
    for block in body.blocks("module") {
        ecs_modules::lower(block, model);
    }
    for block in body.blocks("resource") {
        let kind = block.labels.first().map_or("", |l| l.value.as_str());
        let at = address(block);
        if kind == "aws_ecs_task_definition" {
            if let Some(defs) = block.body.attr("container_definitions") {
                let task = aws_ecs::Task {
                    object: &at.object,
                    place: &at.place,
                    memory: block.body.attr("memory").map(|m| &m.value),
                    pid_mode: block.body.attr("pid_mode").map(|m| &m.value),
                    ipc_mode: block.body.attr("ipc_mode").map(|m| &m.value),
                    network_mode: block.body.attr("network_mode").map(|m| &m.value),
                    host_paths: Nested::all_in(&block.body, "volume")
                        .into_iter()
                        .filter_map(|volume| {
                            let path = volume.get("host_path")?.literal_str()?;
                            Some((volume.get("name")?.literal_str()?, path))
                        })
                        .collect(),
                    spelling: Spelling::Renamed(aws_ecs::TERRAFORM_SPELLING),
                };
                let locals = locals.get_or_insert_with(|| {
                    let mut all = collections(body);
                    all.retain(|name, _| name.starts_with("local."));
                    all
                });
                let definitions = Definitions {
                    text,
                    locals,
                    sensitive,
                };
                ecs(&defs.value, &task, &definitions, model);
            }
            continue;
        }
        if kind == "kubernetes_manifest" {
            if let Some(manifest) = block.body.attr("manifest") {
                manifest::lower(&manifest.value, text, model);
            }
            continue;
        }
        let namespace = Nested::all_in(&block.body, "metadata")
            .first()
            .and_then(|m| m.get("namespace"))
            .and_then(Value::literal_str)
            .map(str::to_owned);
        if kind.strip_suffix("_v1").unwrap_or(kind) == "kubernetes_service" {
            service(block, &at, namespace, model);
            continue;
        }
        let Some((path, workload)) = pod_spec_path(kind) else {
            continue;
        };
        // The pod template holds the pod's `metadata` beside its `spec`.
        let Some((spec_step, template_path)) = path.split_last() else {
            continue;
        };
        let mut templates = vec![Nested::Block(block)];
        for step in template_path {
            templates = templates.into_iter().flat_map(|n| n.nested(step)).collect();
        }
        for (template, spec) in templates
            .into_iter()
            .flat_map(|t| t.nested(spec_step).into_iter().map(move |spec| (t, spec)))
        {
            let labels = template
                .nested("metadata")
                .first()
                .map(|m| text_map(m.get("labels")))
                .unwrap_or_default();
            // Only run-to-completion pods may restart `Never` or
            // `OnFailure`; every long-running controller requires `Always`.
            let runs_to_completion = matches!(
                spec.get("restart_policy").and_then(Value::literal_str),
                Some("Never" | "OnFailure")
            );
            let pod = Pod {
                at: &at,
                spec,
                workload: if runs_to_completion {
                    WorkloadKind::Batch
                } else {
                    workload
                },
                standalone: kind.strip_suffix("_v1").unwrap_or(kind) == "kubernetes_pod",
                namespace: namespace.clone(),
                labels,
                text,
            };
            let first = model.containers.len();
            for (key, role) in [
                ("init_container", ContainerRole::Init),
                ("container", ContainerRole::Main),
            ] {
                for (index, container) in spec.nested(key).into_iter().enumerate() {
                    model.containers.push(pod.container(container, role, index));
                }
            }
            Container::share_pod_ports(&mut model.containers[first..]);
        }
    }
}

struct Pod<'a> {
    at: &'a Address,
    spec: Nested<'a>,
    workload: WorkloadKind,
    /// A `kubernetes_pod`: no controller replaces it.
    standalone: bool,
    namespace: Option<String>,
    labels: BTreeMap<String, String>,
    text: &'a str,
}

/// A `kubernetes_service`'s pod selector (see [`ServiceSelector`]).
fn service(block: &Block, at: &Address, namespace: Option<String>, model: &mut FileModel) {
    let spec = Nested::all_in(&block.body, "spec");
    let selector = spec
        .first()
        .map(|spec| text_map(spec.get("selector")))
        .unwrap_or_default();
    if selector.is_empty() {
        return;
    }
    model.services.push(ServiceSelector {
        object: at.object.clone(),
        namespace,
        selector,
        targets: spec
            .iter()
            .flat_map(|spec| spec.nested("port"))
            .filter_map(|port| {
                let target = port.get("target_port").or(port.get("port"))?;
                Some(port_ref(target).map(|target| target.value))
            })
            .collect(),
    });
}

/// A map of literal texts (`labels`, `selector`); entries whose value is
/// not spelled out are left out.
fn text_map(value: Option<&Value>) -> BTreeMap<String, String> {
    value
        .map(Value::entries)
        .unwrap_or_default()
        .iter()
        .filter_map(|(key, value)| Some((key.value.clone(), value.literal_str()?.to_owned())))
        .collect()
}

impl Pod<'_> {
    /// The `host_path` volumes of the pod that the container's
    /// `volume_mount`s mount, with their `sub_path` applied; spanned over the
    /// mount.
    fn host_mounts(&self, c: Nested<'_>) -> Vec<HostMount> {
        c.nested("volume_mount")
            .into_iter()
            .filter_map(|mount| {
                // Known at run time only, as in a manifest: not judged.
                if mount.get("sub_path_expr").is_some() {
                    return None;
                }
                let name = mount.get("name")?.literal_str()?;
                let volume = self
                    .spec
                    .nested("volume")
                    .into_iter()
                    .find(|v| v.get("name").and_then(Value::literal_str) == Some(name))?;
                let host = volume
                    .nested("host_path")
                    .first()?
                    .get("path")?
                    .literal_str()?;
                Some(HostMount {
                    path: mounted(host, mount.get("sub_path").and_then(Value::literal_str)),
                    read_only: mount
                        .get("read_only")
                        .is_some_and(|r| r.boolean().is_none_or(|r| r.value)),
                    span: mount.span(),
                })
            })
            .collect()
    }

    fn container(&self, c: Nested<'_>, role: ContainerRole, index: usize) -> Container {
        let text = self.text;
        // An init container that keeps running beside the main ones.
        let role = match role {
            ContainerRole::Init
                if c.get("restart_policy").and_then(Value::literal_str) == Some("Always") =>
            {
                ContainerRole::Sidecar
            }
            role => role,
        };
        let name = c.get("name").and_then(Value::spanned_literal);
        let word = match role {
            ContainerRole::Init => "init container",
            ContainerRole::Sidecar => "sidecar container",
            _ => "container",
        };
        let list = match role {
            ContainerRole::Init | ContainerRole::Sidecar => "init_containers",
            _ => "containers",
        };
        // An unnamed container (a `dynamic` block's) by its place in the list.
        let shown = name
            .as_ref()
            .map_or_else(|| format!("{list}[{index}]"), |n| n.value.clone());
        let pod_context = self.spec.nested("security_context");
        let own_context = c.nested("security_context");
        // Settings written here span their whole `key = value`, as in
        // manifests; a value that stands for a resolved reference keeps the
        // reference's span, where its finding says where it comes from.
        let at = |span: Span, value: &Value| {
            let written = source(text, value.span).trim().trim_matches('"');
            let literal = match &value.kind {
                Kind::Bool(b) => written == b.to_string(),
                Kind::Number(n) => written == n,
                _ => value.literal_str() == Some(written),
            };
            if literal { span } else { value.span }
        };
        let whole = |found: Option<(Span, &Value)>, read: fn(&Value) -> Option<Spanned<bool>>| {
            found.and_then(|(span, value)| Some(Spanned::new(read(value)?.value, at(span, value))))
        };
        let from = |key: &str| {
            own_context
                .iter()
                .chain(pod_context.iter())
                .find_map(|sc| sc.entry(key))
        };
        let own = |key: &str| own_context.iter().find_map(|sc| sc.entry(key));
        // A `seccomp_profile` or `se_linux_options` block of the container's
        // security context, else of the pod's: whether its `type` leaves the
        // container unconfined, spanned over the `type`.
        let confinement = |block: &str, leaves_unconfined: fn(&str) -> bool| {
            let (span, kind) = own_context
                .iter()
                .chain(pod_context.iter())
                .find_map(|sc| sc.nested(block).into_iter().next()?.entry("type"))?;
            Some(Spanned::new(leaves_unconfined(kind.literal_str()?), span))
        };
        let mounts = self.host_mounts(c);
        let mut security = Security {
            run_as_non_root: whole(from("run_as_non_root"), Value::boolean),
            run_as_user: from("run_as_user")
                .and_then(|(span, v)| Some(Spanned::new(v.integer()?.value, at(span, v)))),
            // A uid the file does not spell out (`var.uid`) is unknown, not
            // absent: rules say they cannot tell rather than that it is unset.
            user: from("run_as_user")
                .filter(|(_, v)| v.integer().is_none() && !matches!(v.kind, Kind::Null))
                .map(|(_, v)| Spanned::new(source(text, v.span).trim().to_string(), v.span)),
            run_as_group: from("run_as_group").and_then(|(_, v)| v.integer()),
            privileged: whole(own("privileged"), Value::boolean),
            allow_privilege_escalation: whole(own("allow_privilege_escalation"), Value::boolean),
            read_only_root_filesystem: whole(own("read_only_root_filesystem"), Value::boolean),
            host_pid: whole(self.spec.entry("host_pid"), Value::boolean),
            host_ipc: whole(self.spec.entry("host_ipc"), Value::boolean),
            host_network: whole(self.spec.entry("host_network"), Value::boolean),
            seccomp_unconfined: confinement("seccomp_profile", |kind| kind == "Unconfined"),
            selinux_unconfined: confinement("se_linux_options", |kind| {
                UNCONFINED_SELINUX_TYPES.contains(&kind)
            }),
            // `proc_mount` is the container's only.
            system_paths_unmasked: own("proc_mount").and_then(|(span, mount)| {
                Some(Spanned::new(mount.literal_str()? == "Unmasked", span))
            }),
            runtime_socket: runtime_socket(&mounts),
            node_takeover_mount: node_takeover_mount(&mounts),
            ..Security::default()
        };
        security.user_unresolved = security.user.is_some();
        for capabilities in own_context.iter().flat_map(|sc| sc.nested("capabilities")) {
            for (key, out) in [
                ("add", &mut security.capabilities_add),
                ("drop", &mut security.capabilities_drop),
            ] {
                if let Some(list) = capabilities.get(key) {
                    policy::strings(list, text, out);
                }
            }
        }
        let ports: Vec<Port> = c
            .nested("port")
            .into_iter()
            .map(|p| Port {
                name: p.get("name").and_then(Value::spanned_literal),
                number: p.get("container_port").and_then(Value::integer),
            })
            .collect();
        let probe_at = |key: &str| c.nested(key).first().map(|p| probe(*p, &ports, text));
        let mut resources = Resources::default();
        if let Some(block) = c.nested("resources").first() {
            resources.span = Some(block.head());
            let quantity = |group: &str, key: &str| {
                // `limits = var.limits`: every value of the map is unknown.
                if let Some(whole) = block
                    .get(group)
                    .filter(|v| !matches!(v.kind, Kind::Object(_) | Kind::Null | Kind::Array(_)))
                {
                    return quantity(whole, text);
                }
                block
                    .nested(group)
                    .iter()
                    .find_map(|g| g.get(key))
                    .and_then(|v| quantity(v, text))
            };
            resources.requests_cpu = quantity("requests", "cpu");
            resources.requests_memory = quantity("requests", "memory");
            resources.limits_cpu = quantity("limits", "cpu");
            resources.limits_memory = quantity("limits", "memory");
        }
        let env = c
            .nested("env")
            .into_iter()
            .filter_map(|e| {
                let name = e.get("name")?.spanned_literal()?;
                let value = match e.get("value") {
                    Some(v) if v.literal_str().is_some() => EnvValue::Literal(v.spanned_literal()?),
                    Some(v) => EnvValue::Reference(v.span),
                    None => EnvValue::Reference(e.nested("value_from").first()?.span()),
                };
                Some(EnvVar { name, value })
            })
            .collect();
        Container {
            origin: Origin::Kubernetes,
            role,
            workload: self.workload,
            object: format!("{} {word} {shown}", self.at.object),
            place: format!("{}/{list}/{shown}", self.at.place),
            span: name.as_ref().map_or(c.head(), |n| n.span),
            image: c.get("image").and_then(Value::spanned_literal),
            name,
            namespace: self.namespace.clone(),
            security,
            probes: Probes {
                liveness: probe_at("liveness_probe"),
                readiness: probe_at("readiness_probe"),
                startup: probe_at("startup_probe"),
                ..Probes::default()
            },
            resources,
            env,
            env_files: Vec::new(),
            ports,
            pod_labels: self.labels.clone(),
            pod_ports: Vec::new(),
            standalone: self.standalone,
            fragment: false,
            spelling: Spelling::Snake,
        }
    }
}

fn probe(p: Nested<'_>, ports: &[Port], text: &str) -> Probe {
    let handler = [
        ("http_get", ProbeHandlerKind::HttpGet),
        ("tcp_socket", ProbeHandlerKind::TcpSocket),
        ("exec", ProbeHandlerKind::Exec),
        ("grpc", ProbeHandlerKind::Grpc),
    ]
    .into_iter()
    .find_map(|(key, kind)| Some((kind, *p.nested(key).first()?)));
    let timing = probe_timing(p);
    let Some((kind, h)) = handler else {
        return Probe {
            span: p.head(),
            handler: None,
            signature: String::new(),
            timing,
        };
    };
    let port = h.get("port").and_then(port_ref);
    Probe {
        span: p.head(),
        signature: signature(kind, h, port.as_ref().map(|p| &p.value), ports, text),
        handler: Some(ProbeHandler {
            kind,
            span: h.head(),
            port,
        }),
        timing,
    }
}

/// A port written where the provider types it as a string (a probe's
/// `port`, a Service's `target_port`): `"8080"` is a number, `"http"` a
/// name; a value not spelled out is unknown.
fn port_ref(v: &Value) -> Option<Spanned<PortRef>> {
    match &v.kind {
        Kind::Number(n) => n
            .parse()
            .ok()
            .map(|n| Spanned::new(PortRef::Number(n), v.span)),
        Kind::Str(s) if s.literal => Some(Spanned::new(
            s.text
                .parse()
                .map_or_else(|_| PortRef::Name(s.text.clone()), PortRef::Number),
            v.span,
        )),
        _ => None,
    }
}

fn probe_timing(p: Nested<'_>) -> ProbeTiming {
    let setting = |key: &str| match p.get(key) {
        None => TimingSetting::Unset,
        Some(value) => value
            .integer()
            .map_or(TimingSetting::Unknown, |n| TimingSetting::Seconds(n.value)),
    };
    ProbeTiming {
        initial_delay_seconds: setting("initial_delay_seconds"),
        period_seconds: setting("period_seconds"),
        failure_threshold: setting("failure_threshold"),
    }
}

/// What a probe checks, in the form the Kubernetes adapter gives it
/// (`httpGet port 8080 path /healthz`): the API's defaults applied, a named
/// port resolved, timings left out.
fn signature(
    kind: ProbeHandlerKind,
    handler: Nested<'_>,
    port: Option<&PortRef>,
    ports: &[Port],
    text: &str,
) -> String {
    let setting = |key: &str, default: &str| {
        handler.get(key).map_or_else(
            || default.to_string(),
            |v| {
                v.literal_str()
                    .map_or_else(|| source(text, v.span).to_string(), str::to_string)
            },
        )
    };
    let optional = |key: &str, shown: &str| {
        let value = setting(key, "");
        if value.is_empty() {
            String::new()
        } else {
            format!(" {shown} {value}")
        }
    };
    let port = match port {
        Some(PortRef::Number(n)) => n.to_string(),
        Some(PortRef::Name(name)) => ports
            .iter()
            .find(|p| p.name.as_ref().is_some_and(|n| &n.value == name))
            .and_then(|p| p.number.as_ref())
            .map_or_else(|| name.clone(), |n| n.value.to_string()),
        None => String::new(),
    };
    match kind {
        ProbeHandlerKind::HttpGet => {
            let headers: Vec<String> = handler
                .nested("http_header")
                .into_iter()
                .map(|h| {
                    let field = |key: &str| h.get(key).and_then(Value::literal_str).unwrap_or("");
                    format!("{}={}", field("name").to_ascii_lowercase(), field("value"))
                })
                .collect();
            Probe::http_get_signature(
                &port,
                &setting("path", "/"),
                &setting("scheme", "HTTP"),
                &optional("host", "host"),
                headers,
            )
        }
        ProbeHandlerKind::TcpSocket => format!("tcpSocket port {port}{}", optional("host", "host")),
        ProbeHandlerKind::Grpc => format!("grpc port {port}{}", optional("service", "service")),
        ProbeHandlerKind::Exec => {
            let mut command = Vec::new();
            if let Some(list) = handler.get("command") {
                policy::strings(list, text, &mut command);
            }
            let command: Vec<&str> = command.iter().map(|c| c.value.as_str()).collect();
            format!("exec {command:?}")
        }
    }
}

/// A Kubernetes quantity as written (`"500m"`, `1`). A value the file
/// does not spell out is set all the same, to what Terraform will
/// interpolate (`${var.memory}`): unknown, not absent.
fn quantity(value: &Value, text: &str) -> Option<Spanned<String>> {
    let shown = match &value.kind {
        Kind::Null => return None,
        Kind::Number(n) => n.clone(),
        Kind::Str(s) => s.text.clone(),
        _ => format!("${{{}}}", source(text, value.span).trim()),
    };
    Some(Spanned::new(shown, value.span))
}

/// What reading a task's container definitions needs of its file.
struct Definitions<'a> {
    text: &'a str,
    /// The file's locals that hold lists or objects, by reference.
    locals: &'a HashMap<String, &'a Value>,
    sensitive: &'a dyn Fn(&str) -> bool,
}

impl<'a> Definitions<'a> {
    /// The list or object held by the local a value names (`local.containers`).
    fn local(&self, value: &Value) -> Option<&'a Value> {
        match value.kind {
            Kind::Expr => self
                .locals
                .get(source(self.text, value.span).trim())
                .copied(),
            _ => None,
        }
    }

    fn followed(&self, value: &'a Value) -> &'a Value {
        self.local(value).unwrap_or(value)
    }

    /// A container definition whose `environment` is a local's list, with
    /// that list in its place.
    fn with_environment(&self, def: &'a Value) -> Cow<'a, Value> {
        let Kind::Object(entries) = &def.kind else {
            return Cow::Borrowed(def);
        };
        let Some((at, environment)) = entries
            .iter()
            .enumerate()
            .filter(|(_, (key, _))| key.value == "environment")
            .find_map(|(at, (_, value))| Some((at, self.local(value)?)))
        else {
            return Cow::Borrowed(def);
        };
        let mut entries = entries.clone();
        entries[at].1 = environment.clone();
        Cow::Owned(Value {
            span: def.span,
            kind: Kind::Object(entries),
        })
    }
}

/// ECS container definitions: `jsonencode([...])` or a JSON array string.
fn ecs(value: &Value, task: &aws_ecs::Task<'_>, file: &Definitions<'_>, model: &mut FileModel) {
    let parsed;
    let definitions = match &value.kind {
        Kind::Call { name, args } if name == "jsonencode" => match args.first() {
            Some(arg) => file.followed(arg),
            None => return,
        },
        Kind::Str(s) => match json_in_string(file.text, s, "") {
            Some(doc) => {
                parsed = doc;
                &parsed
            }
            None => return,
        },
        _ => return,
    };
    let Kind::Array(items) = &definitions.kind else {
        return;
    };
    for (index, def) in items.iter().enumerate() {
        let def = file.followed(def);
        if !matches!(def.kind, Kind::Object(_)) {
            continue;
        }
        let def = file.with_environment(def);
        model.containers.push(aws_ecs::container(&def, index, task));
        sensitive_environment(&def, task, file.text, file.sensitive, model);
    }
}

/// The plain `environment` variables of a container definition whose value
/// holds a variable the module declares `sensitive` (`var.db_password`), or
/// any other reference, which the variable's name may say is a secret: ECS
/// shows them to whoever may describe the task definition, where only
/// `secrets` would hide them. A literal is `hardcoded-secret`'s.
fn sensitive_environment(
    def: &Value,
    task: &aws_ecs::Task<'_>,
    text: &str,
    sensitive: &dyn Fn(&str) -> bool,
    model: &mut FileModel,
) {
    let container = def.get("name").and_then(Value::literal_str).unwrap_or("");
    for variable in def.get("environment").map_or(&[][..], Value::items) {
        let (Some(name), Some(value)) = (
            variable.get("name").and_then(Value::literal_str),
            variable.get("value"),
        ) else {
            continue;
        };
        // A literal written in place is `hardcoded-secret`'s; a reference
        // replaced by the default it resolved to reads as written.
        let resolved = model
            .resolutions
            .iter()
            .any(|r| value.span.contains(r.span));
        let literal = value.literal_str().is_some()
            || matches!(value.kind, Kind::Null | Kind::Bool(_) | Kind::Number(_));
        if literal && !resolved {
            continue;
        }
        let written = match &value.kind {
            Kind::Str(s) if !s.literal => s.text.as_str(),
            _ => source(text, value.span),
        };
        let mut publish = |secret: String, secrecy: Secrecy| {
            model.published_secrets.push(PublishedSecret {
                object: task.object.to_owned(),
                span: value.span,
                secret,
                place: Publication::ContainerEnvironment {
                    container: container.to_owned(),
                    variable: name.to_owned(),
                    secrets: "secrets",
                },
                secrecy,
            });
        };
        let mut declared_sensitive = false;
        let mut undeclared = Vec::new();
        for input in variables_in(written) {
            if sensitive(input) {
                declared_sensitive = true;
                publish(
                    format!("the value of sensitive variable `{input}`"),
                    Secrecy::SensitiveInput(input.to_owned()),
                );
            } else {
                undeclared.push(input.to_owned());
            }
        }
        if !declared_sensitive {
            publish(
                format!("`{}`, a secret by its name", written.trim()),
                Secrecy::Named {
                    inputs: undeclared.clone(),
                },
            );
        }
        // Another file of the module may declare one `sensitive`, and have
        // this one read again.
        model.inputs_used.extend(undeclared);
    }
}

/// The input variables an expression's text names (`var.db_password`),
/// each once.
fn variables_in(written: &str) -> impl Iterator<Item = &str> {
    let mut seen = Vec::new();
    written
        .match_indices("var.")
        .filter(move |&(at, _)| {
            !written[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.')
        })
        .filter_map(move |(at, _)| {
            let rest = &written[at + 4..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            let name = &rest[..end];
            (!name.is_empty() && !seen.contains(&name)).then(|| {
                seen.push(name);
                name
            })
        })
}

#[cfg(test)]
mod tests {
    use crate::formats::terraform::load;
    use crate::model::{
        ContainerRole, EnvValue, Healthcheck, Origin, PortRef, ProbeHandlerKind, WorkloadKind,
    };
    use crate::source::{Format, SourceFile};

    #[test]
    fn kubernetes_workloads_lower_with_pod_settings_under_container_ones() {
        let text = r#"
resource "kubernetes_deployment_v1" "api" {
  metadata {
    name      = "api"
    namespace = "prod"
  }
  spec {
    template {
      metadata {}
      spec {
        host_network = true
        security_context {
          run_as_non_root = true
          run_as_user     = 1000
        }
        init_container {
          name  = "migrate"
          image = "api:1"
        }
        container {
          name  = "web"
          image = "api:1"
          security_context {
            run_as_user                = 0
            allow_privilege_escalation = false
            privileged                 = var.privileged
            capabilities {
              add = ["NET_ADMIN"]
            }
          }
          liveness_probe {
            http_get {
              path = "/healthz"
              port = "http"
            }
          }
          readiness_probe {
            tcp_socket {
              port = 8080
            }
          }
          resources {
            limits = {
              memory = "512Mi"
            }
            requests = {
              cpu = "250m"
            }
          }
          env {
            name  = "DB_PASSWORD"
            value = "hunter2"
          }
          env {
            name = "TOKEN"
            value_from {
              secret_key_ref {
                name = "s"
                key  = "t"
              }
            }
          }
          port {
            name           = "http"
            container_port = 8080
          }
        }
      }
    }
  }
}
"#;
        let file = SourceFile::new("main.tf", Format::Terraform, text);
        let model = load(
            &file,
            &Default::default(),
            &crate::formats::Syntax::of(&file.text),
        );
        assert_eq!(model.containers.len(), 2);
        let init = &model.containers[0];
        assert_eq!(init.role, ContainerRole::Init);
        assert_eq!(
            init.object,
            "kubernetes_deployment_v1.api init container migrate"
        );
        let web = &model.containers[1];
        assert_eq!(
            (web.origin, web.workload),
            (Origin::Kubernetes, WorkloadKind::LongRunning)
        );
        assert_eq!(web.place, "kubernetes_deployment_v1.api/containers/web");
        assert_eq!(web.namespace.as_deref(), Some("prod"));
        let s = &web.security;
        assert_eq!(s.run_as_user.as_ref().map(|u| u.value), Some(0));
        assert_eq!(s.run_as_non_root.as_ref().map(|u| u.value), Some(true));
        assert_eq!(
            s.allow_privilege_escalation.as_ref().map(|u| u.value),
            Some(false)
        );
        assert!(s.privileged.is_none());
        assert_eq!(s.host_network.as_ref().map(|u| u.value), Some(true));
        assert_eq!(s.capabilities_add[0].value, "NET_ADMIN");
        let live = web
            .probes
            .liveness
            .as_ref()
            .and_then(|p| p.handler.as_ref())
            .expect("liveness");
        assert_eq!(live.kind, ProbeHandlerKind::HttpGet);
        assert_eq!(
            live.port.as_ref().map(|p| &p.value),
            Some(&PortRef::Name("http".into()))
        );
        let ready = web
            .probes
            .readiness
            .as_ref()
            .and_then(|p| p.handler.as_ref())
            .expect("readiness");
        assert_eq!(
            ready.port.as_ref().map(|p| &p.value),
            Some(&PortRef::Number(8080))
        );
        assert_eq!(
            web.resources
                .limits_memory
                .as_ref()
                .map(|q| q.value.as_str()),
            Some("512Mi")
        );
        assert_eq!(
            web.resources
                .requests_cpu
                .as_ref()
                .map(|q| q.value.as_str()),
            Some("250m")
        );
        assert!(web.resources.limits_cpu.is_none());
        assert!(matches!(&web.env[0].value, EnvValue::Literal(v) if v.value == "hunter2"));
        assert!(matches!(web.env[1].value, EnvValue::Reference(_)));
        assert_eq!(web.ports[0].number.as_ref().map(|n| n.value), Some(8080));
        assert_eq!(file.slice(web.span), "\"web\"");
    }

    #[test]
    fn ecs_container_definitions_lower_from_jsonencode_and_heredoc() {
        let text = r#"
resource "aws_ecs_task_definition" "a" {
  container_definitions = jsonencode([{
    name        = "app"
    image       = "app:1"
    user        = "root"
    privileged  = true
    cpu         = 256
    memory      = 512
    environment = [{ name = "API_KEY", value = "abc" }]
    healthCheck = { command = ["CMD-SHELL", "curl -f localhost"] }
  }])
}
resource "aws_ecs_task_definition" "b" {
  container_definitions = <<-EOF
    [{"name": "side", "image": "side:1", "user": "1000:1000", "secrets": [{"name": "PW", "valueFrom": "arn:x"}]}]
    EOF
}
"#;
        let file = SourceFile::new("main.tf", Format::Terraform, text);
        let model = load(
            &file,
            &Default::default(),
            &crate::formats::Syntax::of(&file.text),
        );
        assert_eq!(model.containers.len(), 2);
        let app = &model.containers[0];
        assert_eq!(app.origin, Origin::EcsTask);
        assert_eq!(app.object, "aws_ecs_task_definition.a container app");
        assert_eq!(
            app.security.user.as_ref().map(|u| u.value.as_str()),
            Some("root")
        );
        assert_eq!(
            app.security.privileged.as_ref().map(|p| p.value),
            Some(true)
        );
        assert_eq!(
            app.resources
                .limits_memory
                .as_ref()
                .map(|q| q.value.as_str()),
            Some("512Mi")
        );
        assert_eq!(
            app.resources
                .requests_cpu
                .as_ref()
                .map(|q| q.value.as_str()),
            Some("250m")
        );
        assert!(matches!(
            app.probes.healthcheck,
            Some(Healthcheck::Command(_))
        ));
        assert!(matches!(&app.env[0].value, EnvValue::Literal(v) if v.value == "abc"));
        let side = &model.containers[1];
        assert_eq!(
            file.slice(
                side.security
                    .user
                    .as_ref()
                    .map_or_else(Default::default, |u| u.span)
            ),
            "1000:1000"
        );
        assert!(matches!(side.env[0].value, EnvValue::Reference(_)));
        assert!(side.probes.healthcheck.is_none());
    }
}
