//! Pod-bearing workloads lowered into [`Container`]s: every container, init
//! container and ephemeral container of a pod template, with its effective
//! security settings (container `securityContext` over the pod's), probes,
//! resources, environment and ports, and the command lines of its `command`
//! and `args`; and LimitRanges, whose container
//! defaults stand in for requests and limits a container leaves unset.
//!
//! The adapter records what is written, each value with the span where it was
//! set; judging is the rules' business. It applies the API's own defaulting
//! only where a value's meaning depends on it (a LimitRange's `default`
//! falling back to `max`).

use std::collections::BTreeMap;

use super::{Object, text_map};
use crate::formats::host_paths::{HostMount, mounted, node_takeover_mount, runtime_socket};
use crate::formats::yaml::{self, Node, NodeKind, Style};
use crate::formats::{UNCONFINED_SELINUX_TYPES, shell};
use crate::model::{
    Command, CommandLines, Container, ContainerRole, EnvValue, EnvVar, FileModel, Origin, Port,
    PortRef, Probe, ProbeHandler, ProbeHandlerKind, ProbeTiming, Probes, ResourceDefaults,
    Resources, Security, Setting, SettingContext, TimingSetting, Word, WorkloadKind,
};
use crate::source::{Span, Spanned};

/// The lists of a pod spec that hold containers, and the role of each.
const CONTAINER_LISTS: [(&str, ContainerRole); 3] = [
    ("containers", ContainerRole::Main),
    ("initContainers", ContainerRole::Init),
    ("ephemeralContainers", ContainerRole::Ephemeral),
];

pub fn lower(object: &Object<'_>, text: &str, model: &mut FileModel) {
    if object.kind == "LimitRange" && api_group(object).is_empty() {
        lower_limit_range(object, model);
        return;
    }
    for site in pod_sites(object) {
        let pod = Pod::read(object, &site);
        let first = model.containers.len();
        for list in &site.lists {
            for (index, node) in list.items.iter().enumerate() {
                let container = lower_container(object, &pod, list, index, node);
                for var in &container.env {
                    if let EnvValue::Literal(value) = &var.value {
                        model.settings.push(Setting {
                            context: SettingContext::KubernetesEnv,
                            object: container.object.clone(),
                            key: var.name.clone(),
                            value: value.clone(),
                            literal: true,
                            in_list: false,
                        });
                    }
                }
                let argv: Vec<&Node> = ["command", "args"]
                    .iter()
                    .flat_map(|field| node.get(field).map(Node::items).unwrap_or_default())
                    .collect();
                let expands = |word: &str| word.contains("$(");
                if let Some(lines) = command_lines(text, &container.object, &argv, expands) {
                    model.command_lines.push(lines);
                }
                model.containers.push(container);
            }
        }
        Container::share_pod_ports(&mut model.containers[first..]);
    }
}

/// Where fixes put new keys into each container of a YAML manifest: after
/// its last key, after the last key of its `securityContext`, and in place
/// of an env var's literal `value:` (a `valueFrom:` instead). Only for
/// YAML text: a manifest another format embeds (`lower_embedded`) is laid
/// out in that format's syntax.
pub fn insertion_points(object: &Object<'_>, layout: &yaml::Layout<'_>, model: &mut FileModel) {
    for site in pod_sites(object) {
        for node in site.lists.iter().flat_map(|list| list.items) {
            let span = container_span(node);
            let last = yaml::Placement::Last;
            model
                .insertion_points
                .extend(yaml::insertion_point(layout, node, last, span, ""));
            // A literal env value may become a reference: the point is at
            // its `value:` key, keyed by the value's span.
            for var in node.get("env").map(Node::items).unwrap_or_default() {
                if let Some(entry) = var.entry("value").filter(|e| e.value.as_scalar().is_some()) {
                    let mut point =
                        yaml::insertion_point(layout, var, last, entry.value.span, "valueFrom");
                    if let Some(point) = &mut point {
                        point.at = entry.key.span.start;
                        (point.before, point.after) = (String::new(), String::new());
                    }
                    model.insertion_points.extend(point);
                }
            }
            if let Some(security) = node.get("securityContext") {
                model.insertion_points.extend(yaml::insertion_point(
                    layout,
                    security,
                    last,
                    span,
                    "securityContext",
                ));
            }
        }
    }
}

/// The span findings about a container point at: its name, else its mapping.
fn container_span(node: &Node) -> Span {
    node.get("name").map_or(node.span, |name| name.span)
}

/// A container's argument vector (Kubernetes' `command` and `args`, a
/// Compose service's `entrypoint` and `command` lists) as the one command it
/// makes (no shell reads it: each item is a word), plus the commands of a
/// script given to a shell (`["sh", "-c", "..."]`). `expands` tells the
/// words whose value is decided at run time (Kubernetes' `$(VAR)`).
pub(crate) fn command_lines(
    text: &str,
    object: &str,
    items: &[&Node],
    expands: fn(&str) -> bool,
) -> Option<CommandLines> {
    let mut words: Vec<Word> = items
        .iter()
        .filter_map(|item| {
            let value = item.as_str()?;
            Some(Word {
                value: value.to_string(),
                span: item.span,
                inner: inside_quotes(text, item.span),
                dynamic: expands(value),
            })
        })
        .collect();
    let first = words.first()?.span;
    let mut commands = Vec::new();
    // The script is read as its commands, not as one argument.
    if let Some(at) = shell::script_argument(&words) {
        let script = words.remove(at);
        let map = yaml::line_map(text, items[at], &script.value);
        commands
            .extend(shell::commands(&script.value, |span| map.span(span.start, span.end)).commands);
    }
    let span = words.last().map_or(first, |w| first.join(w.span));
    commands.insert(
        0,
        Command {
            words,
            span,
            ..Command::default()
        },
    );
    Some(CommandLines {
        object: object.to_string(),
        span: items.iter().fold(first, |span, item| span.join(item.span)),
        commands,
    })
}

/// A quoted scalar's span without its quotes.
pub(crate) fn inside_quotes(text: &str, span: Span) -> Span {
    let raw = text.get(span.start..span.end).unwrap_or("");
    let quoted = raw.len() >= 2
        && ((raw.starts_with('"') && raw.ends_with('"'))
            || (raw.starts_with('\'') && raw.ends_with('\'')));
    if quoted {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// `apps` of `apps/v1`; the core group of `v1` is "".
fn api_group<'a>(object: &Object<'a>) -> &'a str {
    let version = object
        .root
        .get("apiVersion")
        .and_then(Node::as_str)
        .unwrap_or("");
    version.rsplit_once('/').map_or("", |(group, _)| group)
}

/// The pod template of a built-in pod-bearing object: the pod spec and the
/// pod's metadata. Kinds are matched with their API group, so that a custom
/// resource that happens to be called `Job` is not read as a batch Job.
fn built_in_pod<'a>(object: &Object<'a>) -> Option<(&'a Node, Option<&'a Node>)> {
    let path: &[&str] = match (object.kind, api_group(object)) {
        ("Pod", "") => &["spec"],
        ("PodTemplate", "") => &["template", "spec"],
        ("ReplicationController", "")
        | ("Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet", "apps" | "extensions")
        | ("Job", "batch")
        | ("Rollout", "argoproj.io")
        | ("DeploymentConfig", "apps.openshift.io" | "") => &["spec", "template", "spec"],
        ("CronJob", "batch") => &["spec", "jobTemplate", "spec", "template", "spec"],
        _ => return None,
    };
    let (spec, template) = path.split_last()?;
    let template = object.root.path(template)?;
    let spec = template.get(spec).filter(|spec| spec.as_map().is_some())?;
    Some((spec, template.get("metadata")))
}

/// One place in an object where containers are declared: a pod spec, or an
/// Argo Workflows template.
pub(super) struct PodSite<'a> {
    /// Where the pod-level settings are (`restartPolicy`, `hostNetwork`).
    settings: &'a Node,
    /// The pod's `securityContext`, which its containers inherit.
    security: Option<&'a Node>,
    /// How findings name the site inside its object (`workerGroupSpecs[gpu]`,
    /// `templates[main]`); empty for the one pod of a built-in kind.
    at: String,
    lists: Vec<ContainerList<'a>>,
    /// The containers run to completion whatever the pod spec says (an
    /// Argo Workflows step).
    batch: bool,
    /// The pod's volumes, which its containers' `volumeMounts` name.
    volumes: Vec<&'a Node>,
    /// The pod's labels; unknown (empty) for a custom resource's pods,
    /// which its operator labels.
    labels: BTreeMap<String, String>,
    /// The pod's annotations, where they are known (a built-in kind's).
    annotations: Option<&'a Node>,
}

impl<'a> PodSite<'a> {
    fn pod(spec: &'a Node, at: String) -> Self {
        PodSite {
            settings: spec,
            security: spec.get("securityContext"),
            at,
            lists: CONTAINER_LISTS
                .iter()
                .map(|&(key, role)| ContainerList::under(spec, key, role))
                .collect(),
            batch: false,
            volumes: volumes(spec).iter().collect(),
            labels: BTreeMap::new(),
            annotations: None,
        }
    }
}

/// The `volumes` a pod spec (or an Argo template) declares.
fn volumes(spec: &Node) -> &[Node] {
    spec.get("volumes").map(Node::items).unwrap_or_default()
}

/// A list of containers, by the key that holds it.
struct ContainerList<'a> {
    key: &'static str,
    role: ContainerRole,
    items: &'a [Node],
    /// The name the platform gives an unnamed container (Argo's `main`);
    /// else findings name it by its place in the list.
    unnamed: Option<&'static str>,
}

impl<'a> ContainerList<'a> {
    fn under(node: &'a Node, key: &'static str, role: ContainerRole) -> Self {
        ContainerList {
            key,
            role,
            items: node.get(key).map(Node::items).unwrap_or_default(),
            unnamed: None,
        }
    }
}

/// The places an object declares containers in: the pod spec of a built-in
/// kind; the steps of an Argo Workflow; and, in any other object but a
/// CustomResourceDefinition (whose spec is a schema), every pod spec under
/// its `spec`, found by shape (a `containers` list whose items name an
/// `image`): JobSet, LeaderWorkerSet, KubeRay, Kubeflow training jobs,
/// Knative Services, KEDA ScaledJobs and the operators like them.
pub(super) fn pod_sites<'a>(object: &Object<'a>) -> Vec<PodSite<'a>> {
    if let Some((spec, metadata)) = built_in_pod(object) {
        return vec![PodSite {
            labels: text_map(metadata.and_then(|m| m.get("labels"))),
            annotations: metadata.and_then(|m| m.get("annotations")),
            ..PodSite::pod(spec, String::new())
        }];
    }
    let group = api_group(object);
    if group == "apiextensions.k8s.io" || !group.contains('.') {
        return Vec::new();
    }
    let Some(spec) = object.root.get("spec") else {
        return Vec::new();
    };
    let mut sites = Vec::new();
    if group == "argoproj.io" && ARGO_WORKFLOW_KINDS.contains(&object.kind) {
        let workflow = spec.get("workflowSpec").unwrap_or(spec);
        argo_templates(workflow, &mut sites);
    }
    if sites.is_empty() {
        find_pod_specs(spec, &mut String::new(), MAX_POD_SPEC_DEPTH, &mut sites);
    }
    sites
}

/// Argo Workflows' kinds, whose `templates` run one container each (`container`
/// or `script`), beside `initContainers` and `sidecars`.
const ARGO_WORKFLOW_KINDS: &[&str] = &[
    "Workflow",
    "WorkflowTemplate",
    "ClusterWorkflowTemplate",
    "CronWorkflow",
];

/// How deep under `spec` a pod spec may be: JobSet's is at
/// `replicatedJobs[].template.spec.template.spec`, the deepest known.
const MAX_POD_SPEC_DEPTH: usize = 12;

fn argo_templates<'a>(workflow: &'a Node, sites: &mut Vec<PodSite<'a>>) {
    let inherited = workflow.get("securityContext");
    for (index, template) in workflow
        .get("templates")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        // Argo runs a template's `container` or `script` as the pod's
        // container `main`.
        let steps = ["container", "script"]
            .iter()
            .filter_map(|&key| Some((key, template.entry(key)?)))
            .map(|(key, entry)| ContainerList {
                key,
                role: ContainerRole::Main,
                items: std::slice::from_ref(&entry.value),
                unnamed: Some("main"),
            })
            .chain([
                ContainerList::under(template, "initContainers", ContainerRole::Init),
                ContainerList::under(template, "sidecars", ContainerRole::Sidecar),
            ])
            .filter(|list| !list.items.is_empty())
            .collect::<Vec<_>>();
        if steps.is_empty() {
            continue;
        }
        sites.push(PodSite {
            settings: template,
            security: template.get("securityContext").or(inherited),
            at: format!("templates[{}]", item_label(template, index)),
            lists: steps,
            batch: true,
            // A step's pod holds the workflow's volumes beside its own.
            volumes: volumes(template).iter().chain(volumes(workflow)).collect(),
            labels: BTreeMap::new(),
            annotations: None,
        });
    }
}

/// Walks `node` for pod specs: maps whose `containers` list holds at least
/// one item naming an `image`, the shape no other field of the known
/// operators takes. `at` is the path so far, for naming the site: one
/// buffer the walk extends and cuts back, since most steps find nothing.
fn find_pod_specs<'a>(node: &'a Node, at: &mut String, depth: usize, sites: &mut Vec<PodSite<'a>>) {
    let Some(depth) = depth.checked_sub(1) else {
        return;
    };
    // A scalar holds no pod spec.
    let within = |node: &Node| !matches!(node.kind, NodeKind::Scalar(_));
    match &node.kind {
        NodeKind::Map(_) => {
            let holds_pod = node
                .get("containers")
                .and_then(Node::as_seq)
                .is_some_and(|items| items.iter().any(|item| item.get("image").is_some()));
            if holds_pod {
                let mut site = PodSite::pod(node, site_label(at));
                // A pod template under a job (`jobTargetRef`, an
                // AnalysisRun's `provider.job`, `broadcastJobTemplate`)
                // runs to completion.
                site.batch = at.to_ascii_lowercase().contains("job");
                sites.push(site);
                return;
            }
            for entry in node.entries() {
                if let Some(key) = entry.key.as_str()
                    && within(&entry.value)
                {
                    let before = at.len();
                    if before > 0 {
                        at.push('.');
                    }
                    at.push_str(key);
                    find_pod_specs(&entry.value, at, depth, sites);
                    at.truncate(before);
                }
            }
        }
        NodeKind::Seq(items) => {
            for (index, item) in items.iter().enumerate().filter(|(_, item)| within(item)) {
                let before = at.len();
                at.push('[');
                at.push_str(&item_label(item, index));
                at.push(']');
                find_pod_specs(item, at, depth, sites);
                at.truncate(before);
            }
        }
        NodeKind::Scalar(_) => {}
    }
}

/// A list item as a person names it: by its `name` (`groupName` in KubeRay)
/// when it has one, else by its index.
fn item_label(item: &Node, index: usize) -> String {
    ["name", "groupName"]
        .iter()
        .find_map(|key| item.get(key).and_then(Node::as_str))
        .map_or_else(|| index.to_string(), str::to_string)
}

/// A pod spec's path as findings name it: without the `template`/`spec`
/// steps that every pod template repeats (`workerGroupSpecs[gpu]`, not
/// `workerGroupSpecs[gpu].template.spec`).
fn site_label(path: &str) -> String {
    let mut steps: Vec<&str> = path.split('.').collect();
    while steps
        .last()
        .is_some_and(|s| matches!(*s, "template" | "spec"))
    {
        steps.pop();
    }
    steps.join(".")
}

/// What a pod spec gives all of its containers.
struct Pod<'a> {
    security: Option<&'a Node>,
    workload: WorkloadKind,
    /// A bare Pod, which no controller owns.
    standalone: bool,
    /// How findings name the pod inside its object (see [`PodSite`]).
    at: String,
    /// Probes the object's operator adds to a container that declares none.
    supplied: SuppliedProbes,
    /// The containers are parts of others (see [`OVERLAY_GROUPS`]): what
    /// they leave unset says nothing.
    overlay: bool,
    host_pid: Option<Spanned<bool>>,
    host_ipc: Option<Spanned<bool>>,
    host_network: Option<Spanned<bool>>,
    /// The pod runs on Windows nodes (see [`runs_on_windows`]).
    windows: bool,
    /// The pod's `hostPath` volumes: name and host path.
    host_paths: Vec<(&'a str, &'a str)>,
    labels: BTreeMap<String, String>,
    annotations: Option<&'a Node>,
}

/// Custom resources whose pods run to completion, as a Job's do: JobSet,
/// KubeRay's RayJob, Kubeflow's training jobs (PyTorchJob, TFJob, MPIJob,
/// TrainJob and their runtimes), KEDA's ScaledJob, Volcano's Job, and Argo
/// Workflows'. Matched by name, as their groups vary across versions.
fn is_batch_kind(kind: &str) -> bool {
    kind.ends_with("Job")
        || matches!(
            kind,
            "JobSet" | "TrainingRuntime" | "ClusterTrainingRuntime"
        )
        || ARGO_WORKFLOW_KINDS.contains(&kind)
}

/// API groups whose custom resources hold parts of pods, not whole pods:
/// overlays an operator merges by container name into the pods it builds
/// (the Grafana operator's `deployment`, the Prometheus operator's
/// `containers`), and patterns a policy matches objects against, field by
/// field (Open Cluster Management's `objectDefinition`).
const OVERLAY_GROUPS: &[&str] = &[
    "grafana.integreatly.org",
    "monitoring.coreos.com",
    "policy.open-cluster-management.io",
];

/// Which probes an operator adds to the containers of a pod it creates,
/// where the template declares none.
#[derive(Debug, Clone, Copy, Default)]
struct SuppliedProbes {
    /// Added to the first container only (KubeRay's Ray container) or to
    /// every main container (Knative).
    first_only: bool,
    liveness: bool,
    readiness: bool,
}

impl SuppliedProbes {
    /// KubeRay (since 1.1) gives the Ray container of every Ray pod
    /// liveness and readiness probes, as Altinity's operator does the
    /// ClickHouse (Keeper) container; Knative Serving gives a container a
    /// TCP readiness probe on its port.
    fn of(object: &Object<'_>) -> Self {
        match api_group(object) {
            "ray.io" | "clickhouse.altinity.com" | "clickhouse-keeper.altinity.com" => {
                SuppliedProbes {
                    first_only: true,
                    liveness: true,
                    readiness: true,
                }
            }
            "serving.knative.dev" => SuppliedProbes {
                first_only: false,
                liveness: false,
                readiness: true,
            },
            _ => SuppliedProbes::default(),
        }
    }

    /// Istio's proxy (`istio-proxy`, image `proxyv2`) ships without a
    /// liveness probe by design: its agent, pilot-agent, supervises Envoy
    /// and exits when Envoy fails, so the kubelet restarts the container
    /// without one. Written as `image: auto`, the container is a placeholder
    /// that Istio's injector fills in at admission, readiness probe included.
    fn of_mesh_proxy(container: &Node) -> Self {
        let image = container.get("image").and_then(Node::as_str);
        let named_proxy = is_named_mesh_proxy(container);
        let proxy_image = image.is_some_and(|image| {
            let without_digest = image.split('@').next().unwrap_or(image);
            let last_segment = without_digest.rsplit('/').next().unwrap_or(without_digest);
            last_segment.split(':').next() == Some("proxyv2")
        });
        SuppliedProbes {
            first_only: false,
            liveness: named_proxy || proxy_image,
            readiness: is_injected_mesh_proxy(container),
        }
    }

    fn or(self, other: Self) -> Self {
        SuppliedProbes {
            first_only: self.first_only,
            liveness: self.liveness || other.liveness,
            readiness: self.readiness || other.readiness,
        }
    }
}

fn is_named_mesh_proxy(container: &Node) -> bool {
    container.get("name").and_then(Node::as_str) == Some("istio-proxy")
}

/// `istio-proxy` with `image: auto`: a placeholder that Istio's injector
/// merges with its own template at admission (image, probes, resources and
/// security context): what the manifest writes of it is a fragment.
fn is_injected_mesh_proxy(container: &Node) -> bool {
    is_named_mesh_proxy(container) && container.get("image").and_then(Node::as_str) == Some("auto")
}

impl<'a> Pod<'a> {
    fn read(object: &Object<'a>, site: &PodSite<'a>) -> Self {
        let spec = site.settings;
        let owners = object
            .root
            .path(&["metadata", "ownerReferences"])
            .map(Node::items)
            .unwrap_or_default();
        let owned_by_batch = owners.iter().any(|owner| {
            matches!(
                owner.get("kind").and_then(Node::as_str),
                Some("Job" | "CronJob")
            )
        });
        // Only run-to-completion pods may restart `Never` or `OnFailure`; the
        // API requires `Always` of every long-running controller.
        let runs_to_completion = matches!(
            spec.get("restartPolicy").and_then(Node::as_str),
            Some("Never" | "OnFailure")
        );
        // Helm and Argo CD hooks (`helm test` pods among them) run at one
        // point of a release and are waited on to complete.
        let hook = object
            .root
            .path(&["metadata", "annotations"])
            .is_some_and(|a| {
                a.get("helm.sh/hook").is_some() || a.get("argocd.argoproj.io/hook").is_some()
            });
        let batch = is_batch_kind(object.kind)
            || site.batch
            || owned_by_batch
            || runs_to_completion
            || hook;
        Pod {
            security: site.security,
            workload: if batch {
                WorkloadKind::Batch
            } else {
                WorkloadKind::LongRunning
            },
            standalone: object.kind == "Pod" && owners.is_empty(),
            at: site.at.clone(),
            supplied: SuppliedProbes::of(object),
            overlay: OVERLAY_GROUPS.contains(&api_group(object)),
            host_pid: flag(Some(spec), "hostPID"),
            host_ipc: flag(Some(spec), "hostIPC"),
            host_network: flag(Some(spec), "hostNetwork"),
            windows: runs_on_windows(spec, site.security),
            host_paths: site
                .volumes
                .iter()
                .filter_map(|volume| {
                    let name = volume.get("name")?.as_str()?;
                    Some((name, volume.path(&["hostPath", "path"])?.as_str()?))
                })
                .collect(),
            labels: site.labels.clone(),
            annotations: site.annotations,
        }
    }
}

/// A pod for Windows nodes: `os.name: windows`, a node selector on the OS
/// label, or `windowsOptions` in its security context. Windows has no
/// setuid and no read-only root filesystem: the API refuses those Linux
/// settings in a pod whose `os.name` is `windows`.
fn runs_on_windows(spec: &Node, pod_security: Option<&Node>) -> bool {
    let windows = |node: Option<&Node>| node.and_then(Node::as_str) == Some("windows");
    windows(spec.path(&["os", "name"]))
        || ["kubernetes.io/os", "beta.kubernetes.io/os"]
            .iter()
            .any(|label| windows(spec.path(&["nodeSelector", label])))
        || pod_security.is_some_and(|sc| sc.get("windowsOptions").is_some())
}

fn lower_container(
    object: &Object<'_>,
    pod: &Pod<'_>,
    list: &ContainerList<'_>,
    index: usize,
    node: &Node,
) -> Container {
    let role = match list.role {
        ContainerRole::Init
            if node.get("restartPolicy").and_then(Node::as_str) == Some("Always") =>
        {
            ContainerRole::Sidecar
        }
        role => role,
    };
    let name = string(node.get("name"));
    let shown = match (&name, list.unnamed) {
        (Some(name), _) => name.value.clone(),
        (None, Some(unnamed)) => unnamed.to_string(),
        (None, None) => format!("{}[{index}]", list.key),
    };
    let list = list.key;
    let word = match role {
        ContainerRole::Main => "container",
        ContainerRole::Init => "init container",
        ContainerRole::Sidecar => "sidecar container",
        ContainerRole::Ephemeral => "ephemeral container",
    };
    let ports = lower_ports(node);
    let mounts = host_mounts(pod, node);
    let (label, place) = if pod.at.is_empty() {
        (object.label(), object.place())
    } else {
        (
            format!("{} {}", object.label(), pod.at),
            format!("{}/{}", object.place(), pod.at),
        )
    };
    let supplied = Some(pod.supplied)
        .filter(|s| role == ContainerRole::Main && (index == 0 || !s.first_only))
        .unwrap_or_default()
        .or(SuppliedProbes::of_mesh_proxy(node));
    Container {
        origin: Origin::Kubernetes,
        role,
        workload: pod.workload,
        object: format!("{label} {word} {shown}"),
        place: format!("{place}/{list}/{shown}"),
        span: container_span(node),
        image: string(node.get("image")),
        namespace: object.namespace.map(str::to_string),
        security: Security {
            runtime_socket: runtime_socket(&mounts),
            node_takeover_mount: node_takeover_mount(&mounts),
            ..lower_security(pod, node.get("securityContext"), name.as_ref())
        },
        probes: Probes {
            liveness: lower_probe(node, "livenessProbe", &ports),
            readiness: lower_probe(node, "readinessProbe", &ports),
            startup: lower_probe(node, "startupProbe", &ports),
            healthcheck: None,
            liveness_supplied: supplied.liveness,
            readiness_supplied: supplied.readiness,
            ..Probes::default()
        },
        resources: lower_resources(node),
        env: lower_env(node),
        env_files: Vec::new(),
        ports,
        pod_labels: pod.labels.clone(),
        pod_ports: Vec::new(),
        standalone: pod.standalone,
        name,
        fragment: pod.overlay || is_injected_mesh_proxy(node),
        spelling: Default::default(),
    }
}

/// Container settings over pod settings where the API lets both set them;
/// the rest are the container's own (or, for host namespaces, the pod's).
fn lower_security(pod: &Pod<'_>, own: Option<&Node>, name: Option<&Spanned<String>>) -> Security {
    let either_flag = |key: &str| flag(own, key).or_else(|| flag(pod.security, key));
    let either_entry = |key: &str| {
        own.and_then(|sc| sc.entry(key))
            .filter(|e| !e.value.is_null())
            .or_else(|| pod.security.and_then(|sc| sc.entry(key)))
            .filter(|e| !e.value.is_null())
    };
    let mut security = Security {
        run_as_non_root: either_flag("runAsNonRoot"),
        privileged: flag(own, "privileged"),
        allow_privilege_escalation: flag(own, "allowPrivilegeEscalation"),
        read_only_root_filesystem: flag(own, "readOnlyRootFilesystem"),
        host_pid: pod.host_pid.clone(),
        host_ipc: pod.host_ipc.clone(),
        host_network: pod.host_network.clone(),
        base_image_windows: pod.windows || own.is_some_and(|sc| sc.get("windowsOptions").is_some()),
        ..Security::default()
    };
    if let Some(entry) = either_entry("runAsUser") {
        // A quoted number (`"1000"`) says which uid was meant, although the
        // API wants it unquoted; only a placeholder leaves the user unknown.
        let uid = entry.value.as_i64().or_else(|| {
            let scalar = entry.value.as_scalar()?;
            match scalar.style {
                Style::Plain => yaml11_integer(&scalar.value),
                _ => scalar.value.trim().parse::<i64>().ok(),
            }
        });
        match uid {
            Some(uid) => security.run_as_user = Some(Spanned::new(uid, entry.span())),
            // `${UID}` from a substitution step: keep the text so a rule can
            // say it cannot tell.
            None => {
                security.user =
                    string(Some(&entry.value)).map(|s| Spanned::new(s.value, entry.span()));
                security.user_unresolved = true;
            }
        }
    }
    // Windows pods name their user (`ContainerUser`, `ContainerAdministrator`)
    // under `windowsOptions`, container over pod like the rest.
    let windows_user = |sc: Option<&Node>| string(sc?.get("windowsOptions")?.get("runAsUserName"));
    let host_process = |sc: Option<&Node>| flag(sc?.get("windowsOptions"), "hostProcess");
    security.host_process = host_process(own).or_else(|| host_process(pod.security));
    if security.run_as_user.is_none()
        && !security.user_unresolved
        && let Some(user) = windows_user(own).or_else(|| windows_user(pod.security))
    {
        security.user = Some(user);
    }
    if let Some(entry) = either_entry("runAsGroup") {
        security.run_as_group = entry
            .value
            .as_i64()
            .map(|gid| Spanned::new(gid, entry.span()));
    }
    let capabilities = own.and_then(|sc| sc.get("capabilities"));
    let names = |key: &str| -> Vec<Spanned<String>> {
        capabilities
            .and_then(|c| c.get(key))
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|item| string(Some(item)))
            .collect()
    };
    security.capabilities_add = names("add");
    security.capabilities_drop = names("drop");
    security.seccomp_unconfined =
        confinement(pod, own, "seccompProfile", unconfined).or_else(|| {
            annotated_confinement(pod, "seccomp.security.alpha.kubernetes.io/pod").or_else(|| {
                let name = name?;
                let key = format!(
                    "container.seccomp.security.alpha.kubernetes.io/{}",
                    name.value
                );
                annotated_confinement(pod, &key)
            })
        });
    security.apparmor_unconfined =
        confinement(pod, own, "appArmorProfile", unconfined).or_else(|| {
            let key = format!(
                "container.apparmor.security.beta.kubernetes.io/{}",
                name?.value
            );
            annotated_confinement(pod, &key)
        });
    security.selinux_unconfined = confinement(pod, own, "seLinuxOptions", |kind| {
        UNCONFINED_SELINUX_TYPES.contains(&kind)
    });
    // `procMount` is the container's only.
    security.system_paths_unmasked = own.and_then(|sc| sc.entry("procMount")).and_then(|entry| {
        Some(Spanned::new(
            entry.value.as_str()? == "Unmasked",
            entry.span(),
        ))
    });
    security
}

/// A `seccompProfile`, `appArmorProfile` or `seLinuxOptions` of the
/// container's security context, else of the pod's: whether its `type`
/// leaves the container unconfined, spanned over the `type`.
fn confinement(
    pod: &Pod<'_>,
    own: Option<&Node>,
    key: &str,
    leaves_unconfined: fn(&str) -> bool,
) -> Option<Spanned<bool>> {
    let read = |context: Option<&Node>| {
        let entry = context?.get(key)?.entry("type")?;
        let kind = entry.value.as_str()?;
        Some(Spanned::new(leaves_unconfined(kind), entry.span()))
    };
    read(own).or_else(|| read(pod.security))
}

/// The type of seccomp and AppArmor profiles that switches them off.
fn unconfined(kind: &str) -> bool {
    kind == "Unconfined"
}

/// The profile a pod annotation names, which clusters before the
/// `seccompProfile` and `appArmorProfile` fields read (and still read where
/// no field is set): whether it is `unconfined`.
fn annotated_confinement(pod: &Pod<'_>, key: &str) -> Option<Spanned<bool>> {
    let entry = pod.annotations?.entry(key)?;
    let profile = entry.value.as_str()?;
    Some(Spanned::new(profile == "unconfined", entry.span()))
}

/// The `hostPath` volumes of the pod that the container's `volumeMounts`
/// mount, with their `subPath` applied; spanned over the mount.
fn host_mounts(pod: &Pod<'_>, container: &Node) -> Vec<HostMount> {
    container
        .get("volumeMounts")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|mount| {
            let name = mount.get("name")?.as_str()?;
            let &(_, host) = pod.host_paths.iter().find(|(volume, _)| *volume == name)?;
            // What a `subPathExpr` mounts is known at run time only (a
            // directory named for the pod, as a rule): not judged.
            if mount.get("subPathExpr").is_some() {
                return None;
            }
            Some(HostMount {
                path: mounted(host, mount.get("subPath").and_then(Node::as_str)),
                read_only: mount.get("readOnly").is_some()
                    && flag(Some(mount), "readOnly").is_none_or(|r| r.value),
                span: mount.span,
            })
        })
        .collect()
}

/// An integer as kubectl's YAML 1.1 reader takes a plain scalar that YAML
/// 1.2 would not: `0x0`, `0o17`, `0b1`, `1_000`, and a leading zero for
/// octal (`0755`).
fn yaml11_integer(text: &str) -> Option<i64> {
    let digits: String = text.trim().chars().filter(|&c| c != '_').collect();
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, digits.trim_start_matches('+').to_string()),
    };
    let (radix, body) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(octal) = digits.strip_prefix("0o") {
        (8, octal)
    } else if let Some(binary) = digits.strip_prefix("0b") {
        (2, binary)
    } else if digits.len() > 1 && digits.starts_with('0') {
        (8, &digits[1..])
    } else {
        (10, digits.as_str())
    };
    let value = i64::from_str_radix(body, radix).ok()?;
    Some(if negative { -value } else { value })
}

/// A plain boolean under `key`, spanned over the whole `key: value` pair.
/// kubectl reads manifests as YAML 1.1 (go-yaml v2), where a plain `yes`,
/// `on` or `y` is true too: `privileged: yes` runs privileged.
pub(crate) fn flag(map: Option<&Node>, key: &str) -> Option<Spanned<bool>> {
    let entry = map?.entry(key)?;
    let value = entry.value.as_bool().or_else(|| {
        let scalar = entry
            .value
            .as_scalar()
            .filter(|s| s.style == Style::Plain)?;
        match scalar.value.as_str() {
            "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y" => Some(true),
            "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N" => Some(false),
            _ => None,
        }
    })?;
    Some(Spanned::new(value, entry.span()))
}

/// A scalar's text (plain numbers and booleans included), spanned over the value.
pub(crate) fn string(node: Option<&Node>) -> Option<Spanned<String>> {
    let node = node.filter(|n| !n.is_null())?;
    Some(Spanned::new(node.as_str()?.to_string(), node.span))
}

fn lower_ports(container: &Node) -> Vec<Port> {
    container
        .get("ports")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .map(|port| Port {
            name: string(port.get("name")),
            number: port
                .get("containerPort")
                .and_then(|n| Some(Spanned::new(n.as_i64()?, n.span))),
        })
        .collect()
}

const HANDLERS: [(&str, ProbeHandlerKind); 4] = [
    ("httpGet", ProbeHandlerKind::HttpGet),
    ("tcpSocket", ProbeHandlerKind::TcpSocket),
    ("exec", ProbeHandlerKind::Exec),
    ("grpc", ProbeHandlerKind::Grpc),
];

fn lower_probe(container: &Node, key: &str, ports: &[Port]) -> Option<Probe> {
    let entry = container.entry(key).filter(|e| !e.value.is_null())?;
    let handler = HANDLERS.iter().find_map(|&(name, kind)| {
        let handler = entry.value.entry(name).filter(|e| !e.value.is_null())?;
        Some((kind, handler))
    });
    let timing = probe_timing(&entry.value);
    let Some((kind, handler)) = handler else {
        return Some(Probe {
            span: entry.key.span,
            handler: None,
            signature: String::new(),
            timing,
        });
    };
    let settings = &handler.value;
    let port = settings.get("port").and_then(|port| {
        let value = match port.as_i64() {
            Some(number) => PortRef::Number(number),
            None => port_by_text(port.as_str()?)?,
        };
        Some(Spanned::new(value, port.span))
    });
    Some(Probe {
        span: entry.key.span,
        signature: signature(kind, settings, port.as_ref().map(|p| &p.value), ports),
        handler: Some(ProbeHandler {
            kind,
            span: handler.key.span,
            port,
        }),
        timing,
    })
}

fn probe_timing(probe: &Node) -> ProbeTiming {
    let setting = |key: &str| match probe.get(key).filter(|n| !n.is_null()) {
        None => TimingSetting::Unset,
        Some(node) => node
            .as_i64()
            .map_or(TimingSetting::Unknown, TimingSetting::Seconds),
    };
    ProbeTiming {
        initial_delay_seconds: setting("initialDelaySeconds"),
        period_seconds: setting("periodSeconds"),
        failure_threshold: setting("failureThreshold"),
    }
}

/// A port written as text: a name, or a placeholder that a tool such as
/// `envsubst` replaces before the manifest is applied (`${PORT:-9003}`),
/// which is its default when it has one (a number or a name) and unknown
/// otherwise: the placeholder itself is never the port's name.
pub(super) fn port_by_text(text: &str) -> Option<PortRef> {
    let Some(variable) = text.strip_prefix("${").and_then(|t| t.strip_suffix('}')) else {
        return Some(PortRef::Name(text.to_string()));
    };
    let (_, default) = variable
        .split_once(":-")
        .or_else(|| variable.split_once('-'))?;
    Some(
        default
            .parse()
            .map_or_else(|_| PortRef::Name(default.to_string()), PortRef::Number),
    )
}

/// What a probe checks, with the API's defaults applied and a named port
/// resolved to its number, so that `port: http` and `port: 8080` compare equal.
fn signature(
    kind: ProbeHandlerKind,
    settings: &Node,
    port: Option<&PortRef>,
    ports: &[Port],
) -> String {
    let text = |key: &str, default: &str| {
        settings
            .get(key)
            .and_then(Node::as_str)
            .unwrap_or(default)
            .to_string()
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
    let optional = |key: &str, default: &str| {
        let value = text(key, default);
        if value == default {
            String::new()
        } else {
            format!(" {key} {value}")
        }
    };
    match kind {
        ProbeHandlerKind::HttpGet => {
            let headers: Vec<String> = settings
                .get("httpHeaders")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .map(|h| {
                    format!(
                        "{}={}",
                        h.get("name")
                            .and_then(Node::as_str)
                            .unwrap_or("")
                            .to_ascii_lowercase(),
                        h.get("value").and_then(Node::as_str).unwrap_or("")
                    )
                })
                .collect();
            Probe::http_get_signature(
                &port,
                &text("path", "/"),
                &text("scheme", "HTTP"),
                &optional("host", ""),
                headers,
            )
        }
        ProbeHandlerKind::TcpSocket => format!("tcpSocket port {port}{}", optional("host", "")),
        ProbeHandlerKind::Grpc => format!("grpc port {port}{}", optional("service", "")),
        ProbeHandlerKind::Exec => {
            let command: Vec<&str> = settings
                .get("command")
                .map(Node::items)
                .unwrap_or_default()
                .iter()
                .map(|arg| arg.as_str().unwrap_or(""))
                .collect();
            format!("exec {command:?}")
        }
    }
}

/// Requests and limits as written, each spanned over its value.
fn lower_resources(container: &Node) -> Resources {
    let Some(entry) = container.entry("resources").filter(|e| !e.value.is_null()) else {
        return Resources::default();
    };
    let quantity = |group: &str, resource: &str| quantity(entry.value.path(&[group, resource]));
    Resources {
        span: Some(entry.key.span),
        requests_cpu: quantity("requests", "cpu"),
        requests_memory: quantity("requests", "memory"),
        limits_cpu: quantity("limits", "cpu"),
        limits_memory: quantity("limits", "memory"),
    }
}

/// A quantity's text; a collection where a quantity belongs keeps an empty
/// text (no quantity is empty, so a rule reports it as invalid).
fn quantity(node: Option<&Node>) -> Option<Spanned<String>> {
    let node = node.filter(|n| !n.is_null())?;
    Some(Spanned::new(
        node.as_str().unwrap_or_default().to_string(),
        node.span,
    ))
}

fn lower_env(container: &Node) -> Vec<EnvVar> {
    container
        .get("env")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|var| {
            let name = string(var.get("name"))?;
            let value = if let Some(from) = var.entry("valueFrom").filter(|e| !e.value.is_null()) {
                EnvValue::Reference(from.span())
            } else {
                EnvValue::Literal(string(var.get("value"))?)
            };
            Some(EnvVar { name, value })
        })
        .collect()
}

/// A LimitRange's defaults for containers, with the API's fallbacks applied:
/// an unset `default` takes `max`; an unset `defaultRequest` takes `default`,
/// then `min`.
fn lower_limit_range(object: &Object<'_>, model: &mut FileModel) {
    let limits = object.root.path(&["spec", "limits"]).map(Node::items);
    for item in limits.unwrap_or_default() {
        if item.get("type").and_then(Node::as_str) != Some("Container") {
            continue;
        }
        let value = |key: &str, resource: &str| quantity(item.path(&[key, resource]));
        let limit = |resource: &str| value("default", resource).or_else(|| value("max", resource));
        let request = |resource: &str| {
            value("defaultRequest", resource)
                .or_else(|| limit(resource))
                .or_else(|| value("min", resource))
        };
        model.resource_defaults.push(ResourceDefaults {
            object: object.label(),
            namespace: object.namespace.map(str::to_string),
            resources: Resources {
                span: Some(item.span),
                requests_cpu: request("cpu"),
                requests_memory: request("memory"),
                limits_cpu: limit("cpu"),
                limits_memory: limit("memory"),
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{ContainerRole, EnvValue, PortRef, WorkloadKind};
    use crate::source::{Format, SourceFile};

    fn load(text: &str) -> crate::model::FileModel {
        let file = SourceFile::new("k.yaml", Format::Kubernetes, text);
        crate::formats::load(&file, &Default::default()).expect("a manifest")
    }

    const DEPLOYMENT: &str = "\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: prod}
spec:
  template:
    spec:
      hostNetwork: true
      securityContext: {runAsNonRoot: true, runAsUser: 1000}
      initContainers:
        - name: migrate
          image: migrate:1
        - name: proxy
          restartPolicy: Always
      containers:
        - name: web
          image: web:1
          securityContext:
            runAsUser: 2000
            capabilities: {add: [NET_ADMIN]}
          ports: [{name: http, containerPort: 8080}]
          livenessProbe: {httpGet: {port: http, path: /healthz}}
          readinessProbe: {httpGet: {port: 8080, path: /healthz}, periodSeconds: 5}
          startupProbe: {}
          resources: {requests: {cpu: 500m}, limits: {memory: 1Gi}}
          env:
            - {name: MODE, value: fast}
            - name: TOKEN
              valueFrom: {secretKeyRef: {name: s, key: k}}
";

    #[test]
    fn a_deployment_lowers_every_container_with_effective_settings() {
        let model = load(DEPLOYMENT);
        let names: Vec<(&str, ContainerRole)> = model
            .containers
            .iter()
            .map(|c| (c.object.as_str(), c.role))
            .collect();
        assert_eq!(
            names,
            [
                ("Deployment/api container web", ContainerRole::Main),
                ("Deployment/api init container migrate", ContainerRole::Init),
                (
                    "Deployment/api sidecar container proxy",
                    ContainerRole::Sidecar
                ),
            ]
        );
        let web = &model.containers[0];
        assert_eq!(web.place, "Deployment/prod/api/containers/web");
        assert_eq!(web.workload, WorkloadKind::LongRunning);
        assert_eq!(
            web.security.run_as_user.as_ref().map(|u| u.value),
            Some(2000)
        );
        assert_eq!(
            web.security.run_as_non_root.as_ref().map(|u| u.value),
            Some(true)
        );
        assert_eq!(
            web.security.host_network.as_ref().map(|u| u.value),
            Some(true)
        );
        assert_eq!(web.security.capabilities_add[0].value, "NET_ADMIN");
        let migrate = &model.containers[1];
        assert_eq!(
            migrate.security.run_as_user.as_ref().map(|u| u.value),
            Some(1000)
        );
        let liveness = web.probes.liveness.as_ref().expect("liveness");
        let readiness = web.probes.readiness.as_ref().expect("readiness");
        assert_eq!(liveness.signature, readiness.signature);
        assert_eq!(
            liveness
                .handler
                .as_ref()
                .and_then(|h| h.port.as_ref())
                .map(|p| &p.value),
            Some(&PortRef::Name("http".into()))
        );
        assert!(
            web.probes
                .startup
                .as_ref()
                .is_some_and(|p| p.handler.is_none())
        );
        assert_eq!(
            web.resources
                .requests_cpu
                .as_ref()
                .map(|q| q.value.as_str()),
            Some("500m")
        );
        assert_eq!(
            web.resources
                .limits_memory
                .as_ref()
                .map(|q| q.value.as_str()),
            Some("1Gi")
        );
        assert!(web.resources.requests_memory.is_none());
        assert!(matches!(web.env[1].value, EnvValue::Reference(_)));
        let env: Vec<_> = model
            .settings
            .iter()
            .filter(|s| s.context == crate::model::SettingContext::KubernetesEnv)
            .collect();
        assert_eq!(env.len(), 1);
        assert_eq!(env[0].object, "Deployment/api container web");
        assert_eq!(env[0].value.value, "fast");
    }

    #[test]
    fn spans_point_at_what_was_written() {
        let model = load(DEPLOYMENT);
        let web = &model.containers[0];
        let at = |span: crate::source::Span| &DEPLOYMENT[span.start..span.end];
        assert_eq!(at(web.span), "web");
        assert_eq!(
            at(web.security.run_as_user.as_ref().unwrap().span),
            "runAsUser: 2000"
        );
        assert_eq!(
            at(web.security.run_as_non_root.as_ref().unwrap().span),
            "runAsNonRoot: true"
        );
        assert_eq!(
            at(web.security.host_network.as_ref().unwrap().span),
            "hostNetwork: true"
        );
        assert_eq!(
            at(web.probes.liveness.as_ref().unwrap().span),
            "livenessProbe"
        );
        assert_eq!(
            at(web.resources.requests_cpu.as_ref().unwrap().span),
            "500m"
        );
    }

    #[test]
    fn batch_workloads_are_told_apart() {
        let cron = "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers: [{name: run, image: x}]\n";
        let owned = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ownerReferences: [{kind: Job, name: j}]\nspec:\n  containers: [{name: run}]\n";
        let never = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  restartPolicy: Never\n  containers: [{name: run}]\n";
        let pod =
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: run}]\n";
        let hook = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: t\n  annotations: {helm.sh/hook: test}\nspec:\n  containers: [{name: t}]\n";
        for (text, kind) in [
            (hook, WorkloadKind::Batch),
            (cron, WorkloadKind::Batch),
            (owned, WorkloadKind::Batch),
            (never, WorkloadKind::Batch),
            (pod, WorkloadKind::LongRunning),
        ] {
            assert_eq!(load(text).containers[0].workload, kind, "{text}");
        }
    }

    #[test]
    fn custom_resources_named_like_workloads_are_not_pods() {
        let text = "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: x}]\n";
        assert!(load(text).containers.is_empty());
    }

    #[test]
    fn limit_ranges_apply_the_api_fallbacks() {
        let text = "apiVersion: v1\nkind: LimitRange\nmetadata: {name: d, namespace: prod}\nspec:\n  limits:\n    - type: Container\n      max: {memory: 2Gi}\n      min: {cpu: 100m}\n    - type: Pod\n      max: {cpu: 4}\n";
        let model = load(text);
        assert_eq!(model.resource_defaults.len(), 1);
        let defaults = &model.resource_defaults[0].resources;
        let value =
            |q: &Option<crate::source::Spanned<String>>| q.as_ref().map(|q| q.value.clone());
        assert_eq!(value(&defaults.limits_memory).as_deref(), Some("2Gi"));
        assert_eq!(value(&defaults.requests_memory).as_deref(), Some("2Gi"));
        assert_eq!(value(&defaults.requests_cpu).as_deref(), Some("100m"));
        assert_eq!(value(&defaults.limits_cpu), None);
    }

    #[test]
    fn unresolved_run_as_user_keeps_its_text() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: \"${UID}\"}\n  containers: [{name: x}]\n";
        let security = &load(text).containers[0].security;
        assert!(security.user_unresolved);
        assert_eq!(
            security.user.as_ref().map(|u| u.value.as_str()),
            Some("${UID}")
        );
        assert!(security.run_as_user.is_none());
    }

    #[test]
    fn yaml_1_1_integers() {
        for (text, value) in [
            ("0x0", Some(0)),
            ("0o17", Some(15)),
            ("0b11", Some(3)),
            ("1_000", Some(1000)),
            ("0755", Some(493)),
            ("-1", Some(-1)),
            ("1000", Some(1000)),
            ("0", Some(0)),
            ("${UID}", None),
            ("0x", None),
        ] {
            assert_eq!(super::yaml11_integer(text), value, "{text}");
        }
    }

    #[test]
    fn a_quoted_run_as_user_is_the_uid_it_names() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: \"1000\"}\n  containers: [{name: x}]\n";
        let security = &load(text).containers[0].security;
        assert!(!security.user_unresolved);
        assert_eq!(security.run_as_user.as_ref().map(|u| u.value), Some(1000));
    }
}
