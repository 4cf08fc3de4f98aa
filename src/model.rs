//! The common model: concepts, not formats. Format adapters (`formats/`)
//! lower their syntax trees into these types; rules (`rules/`) read only
//! these types. Nothing here knows which format a value came from beyond the
//! [`Origin`] a message may need to phrase itself.
//!
//! Every optional field distinguishes "absent" (`None`) from "set" (`Some`,
//! with the span it was set at). A finding about an absent field points at
//! the `span` of the object that lacks it.

use std::any::Any;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use schemars::JsonSchema;
use serde::Serialize;

use crate::source::{Relocation, Span, Spanned};

/// Everything one file lowered to.
#[derive(Debug, Default)]
pub struct FileModel {
    pub containers: Vec<Container>,
    pub pipelines: Vec<Pipeline>,
    pub grants: Vec<Grant>,
    pub role_bindings: Vec<RoleBinding>,
    pub settings: Vec<Setting>,
    /// Resource defaults that apply to containers of a namespace (Kubernetes
    /// LimitRange), for the rules that ask whether a container leaves a
    /// request or limit unset.
    pub resource_defaults: Vec<ResourceDefaults>,
    /// The pods Kubernetes Services send traffic to, for the rules that ask
    /// whether a container is served.
    pub services: Vec<ServiceSelector>,
    /// Values this file declares for the other files of its module to use
    /// by name (Terraform variable defaults and locals that are literals).
    pub declared: Vec<DeclaredValue>,
    /// Values written as a reference that the adapter replaced with what the
    /// reference names; rules see the value, at the reference's span.
    pub resolutions: Vec<Resolution>,
    /// Values the file chooses by a condition it names (CloudFormation's
    /// `Fn::If`): rules judge every branch, and a finding about a value
    /// inside one holds only when the condition has that branch's truth.
    pub branches: Vec<Branch>,
    /// References (`var.region`) the adapter met but could not resolve from
    /// what it knew; the pipeline offers it the other files' declarations.
    pub unresolved: Vec<String>,
    /// The inputs this file declares secret (Terraform variables declared
    /// `sensitive`), by name: a value another file gives one is a secret
    /// whatever the name.
    pub secret_inputs: Vec<String>,
    /// The inputs whose secrecy decides how this file is judged, by name:
    /// those a Terraform variables file gives values to, and those an ECS
    /// container's plain environment publishes. Whether one is secret is
    /// declared in another file.
    pub inputs_used: Vec<String>,
    /// Problems met while reading the file; the `parse` family reports them.
    pub problems: Vec<Problem>,
    /// Rules an object exempts itself from (a Kubernetes annotation, which
    /// survives Helm and Kustomize rendering where comments do not).
    pub exemptions: Vec<Exemption>,
    /// Files this file names as patches of objects declared elsewhere (a
    /// kustomization's `patches`), as written: relative to this file's
    /// directory. The objects in those files are partial.
    pub patches: Vec<String>,
    /// Command lines the file makes run outside a pipeline's steps, for the
    /// rules that read arguments (a credential given on the command line).
    pub command_lines: Vec<CommandLines>,
    /// The Dockerfiles its containers are built from (a Compose service's
    /// `build:`), as paths relative to this file's directory: what the
    /// image's USER and HEALTHCHECK are is in those files.
    pub built_from: Vec<String>,
    /// The images that a build of another named stage of this file
    /// (`docker build --target`, Compose's `build.target`) makes: no
    /// container of this file runs them, a service that builds one does.
    pub build_targets: Vec<Container>,
    /// Where fixes put new keys into the mappings of this file's objects.
    pub insertion_points: Vec<InsertionPoint>,
    /// A composite GitHub Action's steps (`runs.steps` of `action.yml`), as
    /// the one job that runs them: they run inside each job that uses the
    /// action, whose roles they are. No pipeline of their own.
    pub action: Option<Job>,
    /// The files of the repository this file pulls in (GitLab's `include:
    /// local`), as written: from the repository's root, wildcards kept.
    pub includes: Vec<String>,
    /// Secrets the deployment makes and then shows to whoever may read it
    /// (a CloudFormation stack output).
    pub published_secrets: Vec<PublishedSecret>,
    /// The file's values are examples for people to copy (a dotenv
    /// template), not configuration anything loads: only a credential that
    /// works wherever it is written, a token of its issuer's own format,
    /// matters in it.
    pub illustrative: bool,
}

/// A secret a deployment publishes in clear: what the file writes there is
/// a reference to it (an IAM access key's secret, a `NoEcho` parameter, a
/// Terraform variable declared `sensitive`), not its value, so no secret
/// scan of the text finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedSecret {
    /// What publishes it: `Outputs/SecretKey`, `AWS::ECS::TaskDefinition/Task`,
    /// `aws_ecs_task_definition.api`.
    pub object: String,
    /// The value that holds it.
    pub span: Span,
    /// What the secret is: "the secret access key of `AWS::IAM::AccessKey/Key`",
    /// "the value of sensitive variable `db_password`".
    pub secret: String,
    pub place: Publication,
    pub secrecy: Secrecy,
}

/// What makes a published value a secret, which decides whether it is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Secrecy {
    /// What it refers to is one: an access key's secret, a `NoEcho`
    /// parameter.
    Referred,
    /// It holds a Terraform variable declared `sensitive`: modules hide user
    /// names from plan output too, so the variable's name has the last word.
    SensitiveInput(String),
    /// Only a name says so: the one it is published under, or that of an
    /// input it reads (`inputs`), in an ECS container's plain environment
    /// (`DB_PASSWORD = var.db_password`, `Value: !Ref DbPassword`) with no
    /// `sensitive` or `NoEcho` declaration in sight.
    Named { inputs: Vec<String> },
}

/// Where a secret is published, which says who reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Publication {
    /// A stack output, read by whoever may describe the stack; an exported
    /// one by any stack of the account and region that imports it.
    Output { exported: bool },
    /// A plain environment variable of an ECS container definition, read by
    /// whoever may describe the task definition (`Secrets` hides it).
    ContainerEnvironment {
        container: String,
        variable: String,
        /// How the file spells the container's list of secrets: `Secrets`
        /// in CloudFormation, `secrets` in the ECS API's JSON.
        secrets: &'static str,
    },
}

/// Where a fix writes a new key into a mapping, laid out as the mapping
/// already is: beside its siblings, at their indentation, in block or flow
/// style, with the file's line endings. Adapters compute it from the
/// syntax, so that a rule adds a key without knowing the format's layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsertionPoint {
    /// The object the mapping belongs to: a container's, job's or
    /// workflow's `span`.
    pub object: Span,
    /// The key, in the model's (Kubernetes) spelling, that holds the mapping
    /// within the object; empty for the object's own mapping.
    pub within: &'static str,
    /// The byte offset new text goes at.
    pub at: usize,
    /// Text before and after one new entry: an indentation and a line end
    /// after a block mapping's last entry, `", "` in a flow mapping.
    pub before: String,
    pub after: String,
    /// The indentation of the mapping's keys, for the lines of a nested
    /// value, and one level more as the file indents (two or four spaces).
    pub indent: String,
    pub step: String,
    /// A flow mapping (`{a: 1}`): a nested value is written in flow style too.
    pub flow: bool,
    /// `"\n"`, or `"\r\n"` in a file with CRLF line endings.
    pub newline: &'static str,
}

/// The commands one object runs: a Dockerfile's RUN, CMD, ENTRYPOINT or
/// HEALTHCHECK instruction, a
/// Kubernetes container's `command` and `args` (as one command, and the
/// script of `sh -c` split into its own), a Terraform provisioner's command
/// or an instance's boot script.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct CommandLines {
    /// How findings name it: `Dockerfile stage build`, `Deployment/api
    /// container web`.
    pub object: String,
    /// Where the commands are written: the RUN instruction, the `command`
    /// and `args`, the string holding a script.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    pub commands: Vec<Command>,
}

/// A value a module declares under a name, when it is a literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredValue {
    /// How a reference names it: `var.db_password`, `local.region`.
    pub name: String,
    /// Where in `name` the name it is declared under starts: a run keeps
    /// every literal declaration of the scanned set until the facts are
    /// merged, so the key is not a copy.
    key_at: usize,
    pub value: Literal,
    /// Where the value is written, in the declaring file.
    pub span: Span,
    pub kind: DeclaredKind,
}

/// What declares a value. Not a phrase: a run keeps every declaration of
/// the scanned set until the facts are merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredKind {
    /// A variable's default: it may be replaced when the module is used
    /// (`-var`, a `.tfvars` file).
    VariableDefault,
    /// A local value: fixed.
    Local,
    /// A variable's value in a variables file that Terraform loads on its
    /// own in the module's directory (`terraform.tfvars`, `*.auto.tfvars`):
    /// the value the module is applied with, in place of the default,
    /// unless `-var` or `-var-file` replaces it.
    AutoLoaded,
}

impl DeclaredValue {
    /// The value declared under `key`, which a reference names
    /// `{namespace}.{key}` (`var.db_password`).
    pub fn new(
        namespace: &str,
        key: &str,
        value: Literal,
        span: Span,
        kind: DeclaredKind,
    ) -> DeclaredValue {
        DeclaredValue {
            name: format!("{namespace}.{key}"),
            key_at: namespace.len() + 1,
            value,
            span,
            kind,
        }
    }

    /// The name it is declared under: `db_password`.
    pub fn key(&self) -> &str {
        &self.name[self.key_at..]
    }

    /// Whether the value may be replaced when the module is used.
    pub fn overridable(&self) -> bool {
        self.kind == DeclaredKind::VariableDefault
    }

    /// Whether the value is the one the module is applied with, which
    /// replaces a default declared anywhere in the module.
    pub fn applied(&self) -> bool {
        self.kind == DeclaredKind::AutoLoaded
    }

    /// Where it comes from, for messages: "the default of variable `db_password`".
    pub fn origin(&self) -> String {
        match self.kind {
            DeclaredKind::VariableDefault => format!("the default of variable `{}`", self.key()),
            DeclaredKind::Local => format!("local `{}`", self.key()),
            DeclaredKind::AutoLoaded => format!("variable `{}` as set", self.key()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    Str(String),
    /// As written: `512`, `0.5`.
    Number(String),
    Bool(bool),
    /// A list or set of the literals above (`["roles/owner"]`), which
    /// `for_each`, policy actions and role lists take whole.
    List(Vec<Literal>),
}

impl Literal {
    /// As a message or an allowlist reads it: a list's items joined.
    pub fn text(&self) -> String {
        match self {
            Literal::Str(text) | Literal::Number(text) => text.clone(),
            Literal::Bool(b) => b.to_string(),
            Literal::List(items) => items
                .iter()
                .map(Literal::text)
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The bytes of text it holds, which bounds what a module shares.
    pub fn bytes(&self) -> usize {
        match self {
            Literal::Str(text) | Literal::Number(text) => text.len(),
            Literal::Bool(_) => 5,
            Literal::List(items) => items.iter().map(Literal::bytes).sum(),
        }
    }
}

/// A reference replaced by the value it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// The reference, where the value is used: findings about the value
    /// point here.
    pub span: Span,
    /// What the reference names (`var.db_password`).
    pub name: String,
    /// The name the value is declared under (`db_password`): where it is
    /// declared, it is judged under that name.
    pub key: String,
    /// The value it resolved to, as text.
    pub value: String,
    /// Where the value comes from: "the default of variable `db_password` in variables.tf".
    pub origin: String,
    pub overridable: bool,
    /// Where the value is written, when it is in this file.
    pub declared_at: Option<Span>,
}

/// One branch of a value chosen by a named condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Branch {
    /// The branch's value as written.
    pub span: Span,
    /// The condition's name (`IsProduction`).
    pub condition: String,
    /// Whether the branch is taken when the condition is true.
    pub taken_when: bool,
}

impl FileModel {
    /// The branches a span lies in, outermost first: the conditions under
    /// which a value there is used.
    pub fn branches_at(&self, span: Span) -> Vec<&Branch> {
        let mut inside: Vec<&Branch> = self
            .branches
            .iter()
            .filter(|b| b.span.contains(span))
            .collect();
        inside.sort_by_key(|b| std::cmp::Reverse(b.span.len()));
        inside
    }

    /// The resolution a span lies in: the value there was not written there.
    pub fn resolution_at(&self, span: Span) -> Option<&Resolution> {
        self.resolutions.iter().find(|r| r.span.contains(span))
    }

    /// Where a new key goes in the mapping `within` of the object at `object`.
    pub fn insertion_point(&self, object: Span, within: &str) -> Option<&InsertionPoint> {
        self.insertion_points
            .iter()
            .find(|p| p.object == object && p.within == within)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exemption {
    /// The whole object: findings inside it are exempt.
    pub object: Span,
    pub rules: Vec<Spanned<String>>,
    pub reason: Option<String>,
}

/// Why a file, or part of it, could not be read as intended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// The file is not valid in its format.
    Syntax,
    /// A mapping repeats a key: the file's meaning depends on the loader.
    DuplicateKey,
    /// Template syntax (Go/Helm `{{ }}`, Jinja `{% %}`): the file is not YAML until rendered.
    UnrenderedTemplate,
    /// Valid input that our parser cannot read (a known parser limitation).
    Unsupported,
    /// Not read at all: too large, binary, not UTF-8.
    Skipped,
    /// An inline suppression that matched no finding or names no rule.
    UnusedSuppression,
    /// A parser or rule crashed (a bug): the file's report is incomplete.
    InternalError,
}

// ---------------------------------------------------------------- containers

/// Where a container was declared, for phrasing messages and for the rules
/// whose meaning differs by platform (a Dockerfile with no USER runs as root;
/// a pod with no runAsNonRoot runs as whatever its image says).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The final stage of a Dockerfile.
    DockerImage,
    /// A container of a Kubernetes pod template (also from Terraform's
    /// `kubernetes_*` resources).
    Kubernetes,
    /// An ECS task definition's container definition.
    EcsTask,
    /// A service of a Docker Compose file: like a pod's container, it runs
    /// as whatever user its image names unless it sets one.
    Compose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContainerRole {
    /// The workload's main containers.
    Main,
    /// Runs to completion before the main containers start.
    Init,
    /// Starts before the main containers and then runs beside them (a
    /// Kubernetes init container with `restartPolicy: Always`).
    Sidecar,
    /// Attached for debugging (`ephemeralContainers`).
    Ephemeral,
}

/// What kind of workload runs the container; decides which rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkloadKind {
    /// Runs until stopped: Deployment, StatefulSet, DaemonSet, ReplicaSet,
    /// bare Pod, PodTemplate, an image.
    LongRunning,
    /// Runs to completion: Job, CronJob, or a pod owned by one.
    Batch,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Container {
    pub origin: Origin,
    pub role: ContainerRole,
    pub workload: WorkloadKind,
    /// How a person names it: `Deployment/api container web`, `Dockerfile stage runtime`.
    pub object: String,
    /// A stable logical address for fingerprints: `Deployment/default/api/containers/web`.
    pub place: String,
    /// The declaration a finding about an absent field points at.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub image: Option<Spanned<String>>,
    pub namespace: Option<String>,
    pub security: Security,
    pub probes: Probes,
    pub resources: Resources,
    pub env: Vec<EnvVar>,
    /// Files whose variables the container's environment is loaded from,
    /// as written (Compose `env_file:`, ECS `environmentFiles`): their
    /// values are not in this file.
    pub env_files: Vec<Spanned<String>>,
    pub ports: Vec<Port>,
    /// The labels of its pod (a Kubernetes pod template's `metadata.labels`),
    /// by which Services select it; empty where none are written.
    pub pod_labels: BTreeMap<String, String>,
    /// The ports its pod's containers declare, its own among them (those of
    /// the containers and sidecars, which a Service's named `targetPort`
    /// finds): a Service's traffic to one of them goes to the container
    /// that declares it.
    pub pod_ports: Vec<Port>,
    /// Run by itself, not by a controller that replaces it (a bare
    /// Kubernetes Pod): how demos, tests and debugging sessions run a
    /// container, and what nothing recreates when its node goes.
    pub standalone: bool,
    /// A partial declaration: a patch whose fields are merged into a
    /// container declared elsewhere (a kustomize patch, which names no
    /// image). That it leaves a field unset proves nothing.
    pub fragment: bool,
    /// How the declaration spells its settings, so that a message names a
    /// key the way its reader wrote it.
    #[serde(skip)]
    pub spelling: Spelling,
}

/// How settings are written where a container is declared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Spelling {
    /// `allowPrivilegeEscalation: false`: Kubernetes manifests (and the
    /// spelling messages are written in).
    #[default]
    Camel,
    /// `allow_privilege_escalation = false`: the Terraform Kubernetes
    /// provider's typed resources (`kubernetes_deployment`).
    Snake,
    /// Settings the declaration names otherwise, Kubernetes spelling first
    /// (`readOnlyRootFilesystem: true` is `read_only: true` in Compose);
    /// settings the table does not name keep the Kubernetes spelling.
    Renamed(&'static [(&'static str, &'static str)]),
}

impl Container {
    /// How a message names the container: a Dockerfile's final stage by its
    /// stage name (`final stage `runtime``), others by their object name.
    pub fn subject(&self) -> String {
        match (self.origin, &self.name) {
            (Origin::DockerImage, Some(name)) => format!("final stage `{}`", name.value),
            (Origin::DockerImage, None) => "final stage".to_string(),
            _ => self.object.clone(),
        }
    }

    /// A setting as the declaration writes it, from its Kubernetes
    /// spelling: `allowPrivilegeEscalation: false` stays so in a manifest
    /// and reads `allow_privilege_escalation = false` in Terraform, where
    /// text values are quoted (`restart_policy = "Always"`).
    pub fn spell(&self, setting: &str) -> String {
        match self.spelling {
            Spelling::Camel => return setting.to_string(),
            Spelling::Renamed(table) => {
                let renamed = table.iter().find(|(camel, _)| *camel == setting);
                return renamed.map_or(setting, |(_, own)| own).to_string();
            }
            Spelling::Snake => {}
        }
        let (key, value) = match setting.split_once(": ") {
            Some((key, value)) => (key, Some(value)),
            None => (setting, None),
        };
        let mut snake = String::with_capacity(key.len() + 4);
        let mut previous: Option<char> = None;
        for c in key.chars() {
            if c.is_ascii_uppercase()
                && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit())
            {
                snake.push('_');
            }
            snake.push(c.to_ascii_lowercase());
            previous = Some(c);
        }
        match value {
            None => snake,
            Some(value) => {
                let bare =
                    matches!(value, "true" | "false") || value.bytes().all(|b| b.is_ascii_digit());
                if bare {
                    format!("{snake} = {value}")
                } else {
                    format!("{snake} = \"{value}\"")
                }
            }
        }
    }

    /// Whether the container is a patch fragment (see `fragment`): rules
    /// about absent fields skip it.
    pub fn is_fragment(&self) -> bool {
        self.fragment
    }

    /// Gives each container of one pod the ports its containers and
    /// sidecars declare (see `pod_ports`).
    pub fn share_pod_ports(pod: &mut [Container]) {
        let ports: Vec<Port> = pod
            .iter()
            .filter(|c| matches!(c.role, ContainerRole::Main | ContainerRole::Sidecar))
            .flat_map(|c| c.ports.iter().cloned())
            .collect();
        for container in pod {
            container.pod_ports.clone_from(&ports);
        }
    }

    /// How a message lists it among the containers a pod's setting reaches:
    /// "`web`", or its object when it has no name.
    pub fn listed(&self) -> String {
        self.name
            .as_ref()
            .map_or_else(|| self.object.clone(), |n| format!("`{}`", n.value))
    }

    /// How a message names it beside its object: "container `web`",
    /// "init container `migrate`", "service `db`".
    pub fn described(&self) -> String {
        let role = match self.role {
            _ if self.origin == Origin::Compose => "service",
            ContainerRole::Main => "container",
            ContainerRole::Init => "init container",
            ContainerRole::Sidecar => "sidecar container",
            ContainerRole::Ephemeral => "ephemeral container",
        };
        match &self.name {
            Some(name) => format!("{role} `{}`", name.value),
            // The object names an unnamed container by its place in the
            // list (`Pod/p container containers[1]`).
            None => self.object.clone(),
        }
    }
}

/// The effective security settings (container over pod), each with the span
/// of the place it was set.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Security {
    /// The user the process runs as, as written: `root`, `0`, `app:app`,
    /// `1000:1000`. Unresolvable values (`$USER` with no default) keep their
    /// text and set `user_unresolved`.
    pub user: Option<Spanned<String>>,
    pub user_unresolved: bool,
    /// Where the user, or its absence, comes from when the declaration does
    /// not write it but builds an image the scan holds: that image's
    /// Dockerfile (`api/Dockerfile`). The user's span is then where the
    /// declaration names the build.
    pub user_source: Option<String>,
    /// The user comes from the final stage of a Dockerfile of the scan, as
    /// that file runs it (its entrypoint too): the Dockerfile's own findings
    /// judge that user, at the USER that sets it or should.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub user_judged_in_dockerfile: bool,
    /// When no user is set: whether the platform runs the process as root
    /// (a Dockerfile) or as whatever the image says (a pod).
    pub default_user_is_root: bool,
    /// The base image promises a non-root user (distroless `:nonroot`,
    /// Chainguard). `scratch` does not: its process runs as uid 0.
    pub base_image_nonroot: bool,
    /// The base image holds no user database and no tools to add a user
    /// with (`scratch`, distroless): a user must be given as numbers
    /// (`USER 65534:65534`), which need no /etc/passwd entry.
    pub base_image_bare: bool,
    /// The user the container's command switches to before it runs the
    /// program (`ENTRYPOINT ["gosu", "app", ...]`, `su-exec 1000`), as
    /// written: the program runs as that user when the container starts as
    /// root.
    pub drops_to: Option<Spanned<String>>,
    /// A tool that switches users (`gosu`, `su-exec`) which the image
    /// installs or runs, where its command is one this scan cannot read
    /// inside (`docker-entrypoint.sh`): the program may run as another user
    /// (the official database images step down this way).
    pub may_step_down_with: Option<Spanned<String>>,
    /// The base image's own entrypoint, which the image still runs, starts
    /// as root and steps down to the image's user before it runs the server
    /// (the official database images' `docker-entrypoint.sh`): a USER would
    /// take the data directory from that user.
    pub base_image_steps_down: bool,
    /// The base image is a Windows one (a Dockerfile's base, a pod's for
    /// Windows nodes): its default user is `ContainerAdministrator`, its
    /// users are names, not uids, and Linux-only settings do not apply.
    pub base_image_windows: bool,
    /// The base image is made for development containers, whose user the
    /// editor's `devcontainer.json` chooses (`remoteUser`).
    pub base_image_dev_container: bool,
    /// The image to build on instead of the base image, which needs root as
    /// it is configured (`nginxinc/nginx-unprivileged` for `nginx`).
    pub base_image_unprivileged_variant: Option<String>,
    /// A non-root user the base image is known to have (`node`).
    pub base_image_user: Option<String>,
    /// The port the base image's server listens on unless told otherwise
    /// (80 in ASP.NET Core's images before .NET 8).
    pub base_image_port: Option<i64>,
    pub run_as_non_root: Option<Spanned<bool>>,
    pub run_as_user: Option<Spanned<i64>>,
    pub run_as_group: Option<Spanned<i64>>,
    pub privileged: Option<Spanned<bool>>,
    /// A Windows HostProcess container (`windowsOptions.hostProcess`): a
    /// process of the node itself, outside any container isolation.
    pub host_process: Option<Spanned<bool>>,
    pub allow_privilege_escalation: Option<Spanned<bool>>,
    pub read_only_root_filesystem: Option<Spanned<bool>>,
    pub capabilities_add: Vec<Spanned<String>>,
    pub capabilities_drop: Vec<Spanned<String>>,
    pub host_pid: Option<Spanned<bool>>,
    pub host_ipc: Option<Spanned<bool>>,
    pub host_network: Option<Spanned<bool>>,
    /// The seccomp profile the container runs with, where a setting names
    /// one: `true` when it turns seccomp filtering off (Compose's
    /// `seccomp:unconfined`, a pod's `seccompProfile.type: Unconfined`),
    /// `false` for a profile that filters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seccomp_unconfined: Option<Spanned<bool>>,
    /// The AppArmor profile, likewise: `true` when it is `unconfined`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub apparmor_unconfined: Option<Spanned<bool>>,
    /// The SELinux label, likewise: `true` when a setting turns labelling
    /// off (Compose's `label:disable`) or names a type the policy leaves
    /// unconfined (`spc_t`, `unconfined_t`), `false` for another label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub selinux_unconfined: Option<Spanned<bool>>,
    /// Whether the paths under `/proc` and `/sys` that the runtime masks or
    /// makes read-only in every container are exposed: `true` for Compose's
    /// `systempaths=unconfined` and a container's `procMount: Unmasked`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system_paths_unmasked: Option<Spanned<bool>>,
    /// The host's container runtime socket mounted into the container
    /// (`/var/run/docker.sock`), or a directory that holds it (`/var/run`):
    /// the host path mounted, spanned over the mount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runtime_socket: Option<Spanned<String>>,
    /// A host directory whose writing takes over the node (the host's `/`,
    /// `/etc`, `/proc`, the kubelet's `/var/lib/kubelet`) mounted writable
    /// into the container: the host path mounted, spanned over the mount.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_takeover_mount: Option<Spanned<String>>,
}

impl Security {
    /// Whether the container runs privileged (`privileged: true`).
    pub fn is_privileged(&self) -> bool {
        self.privileged.as_ref().is_some_and(|p| p.value)
    }
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Probes {
    pub liveness: Option<Probe>,
    pub readiness: Option<Probe>,
    pub startup: Option<Probe>,
    /// A Dockerfile HEALTHCHECK, or a Compose service's `healthcheck:`.
    pub healthcheck: Option<Healthcheck>,
    /// Where `healthcheck` is unset, the image's own HEALTHCHECK applies,
    /// and the scan does not hold that image's Dockerfile (an image pulled
    /// by name): whether the container is health-checked is not known.
    pub image_healthcheck_unknown: bool,
    /// The platform adds a liveness probe when none is declared (KubeRay's
    /// Ray containers): its absence here is not a missing probe.
    pub liveness_supplied: bool,
    /// The platform adds a readiness probe when none is declared (Knative
    /// Serving, KubeRay).
    pub readiness_supplied: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Probe {
    /// The probe's key (`readinessProbe:`).
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    pub handler: Option<ProbeHandler>,
    /// What the probe checks, normalised to compare two probes: the handler
    /// and its settings with defaults applied and named ports resolved
    /// (`httpGet port 8080 path /healthz`). Timing settings are not part
    /// of it: two probes of one endpoint check the same thing however often.
    /// Empty when the probe has no handler.
    pub signature: String,
    /// When the probe gives up on the container.
    pub timing: ProbeTiming,
}

/// A probe's timing settings as written: what decides how long a failing
/// container lasts before the kubelet acts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct ProbeTiming {
    pub initial_delay_seconds: TimingSetting,
    pub period_seconds: TimingSetting,
    pub failure_threshold: TimingSetting,
}

/// One timing setting of a probe.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimingSetting {
    /// Not written: the API's default applies.
    #[default]
    Unset,
    Seconds(i64),
    /// Written as something the file does not spell out (a variable, a
    /// template): unknown.
    Unknown,
}

impl TimingSetting {
    fn or_default(self, default: i64) -> Option<i64> {
        match self {
            TimingSetting::Unset => Some(default),
            TimingSetting::Seconds(n) => Some(n),
            TimingSetting::Unknown => None,
        }
    }
}

impl ProbeTiming {
    /// Seconds from the container's start until a probe failing from the
    /// start gives up (`initialDelaySeconds + failureThreshold x
    /// periodSeconds`), with the Kubernetes defaults (0, 3, 10s); `None`
    /// when a setting is unknown.
    pub fn failure_window(&self) -> Option<i64> {
        let delay = self.initial_delay_seconds.or_default(0)?;
        let period = self.period_seconds.or_default(10)?;
        let threshold = self.failure_threshold.or_default(3)?;
        Some(delay.saturating_add(threshold.saturating_mul(period)))
    }
}

impl Probe {
    /// The signature of an httpGet handler, written alike whatever syntax
    /// declared it (a manifest, a Terraform block), so probes compare.
    /// `host` is the adapter's ` host NAME` part, empty when unset.
    pub fn http_get_signature(
        port: &dyn std::fmt::Display,
        path: &str,
        scheme: &str,
        host: &str,
        mut headers: Vec<String>,
    ) -> String {
        headers.sort();
        let headers = if headers.is_empty() {
            String::new()
        } else {
            format!(" headers {}", headers.join(","))
        };
        let scheme = scheme.to_ascii_uppercase();
        let scheme = if scheme == "HTTP" {
            String::new()
        } else {
            format!(" scheme {scheme}")
        };
        format!("httpGet port {port} path {path}{scheme}{host}{headers}")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct ProbeHandler {
    pub kind: ProbeHandlerKind,
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    pub port: Option<Spanned<PortRef>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProbeHandlerKind {
    HttpGet,
    TcpSocket,
    Exec,
    Grpc,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PortRef {
    Number(i64),
    Name(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Healthcheck {
    /// `HEALTHCHECK CMD ...`
    Command(Span),
    /// `HEALTHCHECK NONE` (Compose: `disable: true`, `test: [NONE]`):
    /// disables a check inherited from the base image.
    Disabled(Span),
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Resources {
    /// The `resources:` block, when present.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Option<Span>,
    pub requests_cpu: Option<Spanned<String>>,
    pub requests_memory: Option<Spanned<String>>,
    pub limits_cpu: Option<Spanned<String>>,
    pub limits_memory: Option<Spanned<String>>,
}

/// Requests and limits that a namespace gives containers which leave them
/// unset (a Kubernetes LimitRange of type Container, after the API's own
/// defaulting: `default` falls back to `max`, `defaultRequest` to `default`,
/// then `min`).
#[derive(Debug, Clone)]
pub struct ResourceDefaults {
    /// `LimitRange/defaults`.
    pub object: String,
    pub namespace: Option<String>,
    pub resources: Resources,
}

/// A Kubernetes Service's pod selector: every pod of its namespace whose
/// labels include all of `selector` gets the Service's traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSelector {
    /// `Service/web`.
    pub object: String,
    pub namespace: Option<String>,
    /// Never empty: a Service without a selector sends traffic to the
    /// endpoints written for it, no pod's.
    pub selector: BTreeMap<String, String>,
    /// The pod ports its ports send traffic to (each one's `targetPort`,
    /// else its `port`); empty when it lists none (a headless Service that
    /// only names its pods in DNS). `None` for one not written out (a
    /// placeholder without a default, an unresolved variable), which may be
    /// any port.
    pub targets: Vec<Option<PortRef>>,
}

impl ServiceSelector {
    /// Whether the Service sends traffic to a pod of `namespace` with
    /// `labels`: they hold the selector, in the same namespace. A namespace
    /// left unwritten on either side is the one they are applied to, which
    /// may be the other's.
    pub fn selects(&self, namespace: Option<&str>, labels: &BTreeMap<String, String>) -> bool {
        let namespaces_meet = match (self.namespace.as_deref(), namespace) {
            (Some(own), Some(theirs)) => own == theirs,
            _ => true,
        };
        namespaces_meet
            && self
                .selector
                .iter()
                .all(|(key, value)| labels.get(key) == Some(value))
    }

    /// Whether some of its traffic may reach a container of a pod whose
    /// containers declare `pod_ports` that declares no port itself: a
    /// number one of them declares is that one's, since containers share
    /// the pod's network and one port has one listener, and any other
    /// number may be anyone's. A name is never: Kubernetes finds it among
    /// the declared ports, and leaves a pod where none has it out of the
    /// Service's endpoints. Nor is a Service that lists no port (a headless
    /// one that only names the pods in DNS): it forwards no traffic.
    pub fn reaches_undeclared(&self, pod_ports: &[Port]) -> bool {
        self.targets.iter().any(|target| match target {
            None => true,
            Some(PortRef::Number(n)) => !pod_ports
                .iter()
                .any(|port| port.number.as_ref().is_some_and(|p| p.value == *n)),
            Some(PortRef::Name(_)) => false,
        })
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EnvVar {
    pub name: Spanned<String>,
    pub value: EnvValue,
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EnvValue {
    Literal(Spanned<String>),
    /// From a secret, config map, field or resource reference.
    Reference(Span),
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Port {
    pub name: Option<Spanned<String>>,
    pub number: Option<Spanned<i64>>,
}

// ----------------------------------------------------------------- pipelines

/// A CI workflow or pipeline.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Pipeline {
    /// The CI system that runs it, for messages that name its keywords.
    pub ci: Ci,
    /// The workflow's `name:`, or its file name.
    pub name: String,
    /// The whole workflow document.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    /// Where the triggers are declared (the `on:` key): findings about the
    /// workflow as a whole point here.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub triggers_span: Option<Span>,
    /// Event names (`push`, `pull_request_target`, `workflow_run`), with spans.
    pub triggers: Vec<Spanned<String>>,
    /// Runs for a tag (a pushed tag, a published release): it builds
    /// whatever commit the tag points at, which no branch's CI vouches for.
    pub on_tags: bool,
    /// Runs for tags only: every run's ref is a tag (`on: push: tags:`
    /// without `branches:`, `on: release`; GitLab `workflow: rules` that
    /// create tag pipelines only). A job that wants a branch never runs.
    pub tags_only: bool,
    pub permissions: Option<Permissions>,
    pub jobs: Vec<Arc<Job>>,
    pub env: Vec<(Spanned<String>, Spanned<String>)>,
    /// The stages jobs run in, in order (GitLab `stages:`): a job that
    /// declares no `needs` waits for every job of the earlier stages.
    /// Empty where jobs wait only for what they `needs`.
    pub stages: Vec<String>,
    /// Only part of the pipeline is in this file: it includes files this
    /// scan does not read (GitLab `include:`), or it is itself a fragment
    /// that another file includes. A job or template missing here may exist.
    pub partial: bool,
    /// `stages` is the whole pipeline's list even where it is `partial`:
    /// every file was read, or the file that starts the pipeline
    /// (`.gitlab-ci.yml`, or a file with `stages:` that no scanned file
    /// includes) declares `stages:` itself, which no file it includes can
    /// override (GitLab merges included files under the including file's
    /// own keys).
    pub stages_sure: bool,
    /// Set when the pipeline was lowered once for several files (a GitLab
    /// pipeline and the files it includes), this copy being one file's.
    #[serde(skip)]
    #[schemars(skip)]
    pub shared: Option<SharedPipeline>,
}

impl Pipeline {
    /// The most jobs and stages a pipeline may have for the rules that
    /// order its jobs (the `needs` graph, each job's reach, the `rules:`
    /// scenarios) to read it: their questions grow with the square of the
    /// jobs, and past this only a generated or hostile pipeline goes (the
    /// largest in the corpus has about 570 jobs). A larger one gets a
    /// `parser-limitation` note where it is lowered, and no job-ordering
    /// finding.
    pub const MAX_ORDERED_NODES: usize = 4096;

    /// Whether the job-ordering rules read this pipeline
    /// ([`Self::MAX_ORDERED_NODES`]).
    pub fn orderable(&self) -> bool {
        self.jobs.len() + self.stages.len() <= Self::MAX_ORDERED_NODES
    }
}

/// One file's copy of a pipeline lowered once for several files: its own
/// text moved from its place in the shared layout to the start. What rules
/// derive from the pipeline alike for every file they keep in `derived`,
/// once, with its spans in the layout's places.
#[derive(Clone)]
pub struct SharedPipeline {
    pub derived: Derived,
    pub relocation: Relocation,
}

/// What rules derive once from a pipeline several files share, of a type
/// only the rules that keep it know.
pub type Derived = Arc<OnceLock<Box<dyn Any + Send + Sync>>>;

impl std::fmt::Debug for SharedPipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedPipeline")
            .field("relocation", &self.relocation)
            .finish_non_exhaustive()
    }
}

/// The CI system a [`Pipeline`] is written for: rules phrase their
/// remedies in its keywords.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Ci {
    #[default]
    GithubActions,
    GitlabCi,
}

impl Ci {
    /// `GitHub`, `GitLab`: who runs (or rejects) the file.
    pub fn platform(self) -> &'static str {
        match self {
            Ci::GithubActions => "GitHub",
            Ci::GitlabCi => "GitLab",
        }
    }

    /// What the file defines: a `workflow`, a `pipeline`.
    pub fn document(self) -> &'static str {
        match self {
            Ci::GithubActions => "workflow",
            Ci::GitlabCi => "pipeline",
        }
    }

    /// The setting that lets a job fail without failing what waits for it.
    pub fn continue_on_error(self) -> &'static str {
        match self {
            Ci::GithubActions => "continue-on-error",
            Ci::GitlabCi => "allow_failure",
        }
    }

    /// How a script reads a secret the CI stores (`NAME` in upper case).
    pub fn secret_reference(self, name: &str) -> String {
        match self {
            Ci::GithubActions => format!("${{{{ secrets.{name} }}}}"),
            Ci::GitlabCi => format!("${name}"),
        }
    }

    /// Whether the file declares the scopes of the job token
    /// (`permissions:`); GitLab's job token is configured outside the file.
    pub fn scopes_token(self) -> bool {
        self == Ci::GithubActions
    }
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Job {
    pub id: Spanned<String>,
    /// The whole job mapping.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    pub name: Option<Spanned<String>>,
    /// `needs:` as written; unknown ids are kept (a rule reports them).
    pub needs: Vec<Spanned<String>>,
    /// The `needs:` key; `None` when the job declares no needs (on GitLab
    /// it then waits for the earlier stages, see [`Pipeline::stages`]).
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub needs_span: Option<Span>,
    /// The stage it runs in (GitLab `stage:`, default `test`).
    pub stage: Option<Spanned<String>>,
    pub condition: Option<Condition>,
    /// Started only by a person where its condition holds (GitLab's `when:
    /// manual`, on the job or on one of its `rules:`): a job that needs it
    /// waits until someone starts it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub manual: Option<Manual>,
    pub continue_on_error: Option<Spanned<Switch>>,
    /// The deployment environment's name (`environment: production`, or
    /// its `name:`), with the span of the `environment:` key.
    pub environment: Option<Spanned<String>>,
    /// The kinds of report the job hands the CI platform to show (GitLab's
    /// `artifacts:reports:` keys: `junit`, `coverage_report`,
    /// `codequality`), each at its key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reports: Vec<Spanned<String>>,
    /// The files attached to the release the job creates (GitLab's
    /// `release:assets:links:`), each link's `url` at its span: they become
    /// the release's downloads.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub release_assets: Vec<Spanned<String>>,
    pub permissions: Option<Permissions>,
    /// The runner labels a GitHub job asks for (`runs-on:` as a string, a
    /// list, or a mapping's `group:` and `labels:`), each as written
    /// (`self-hosted`, `ubuntu-latest`, `${{ matrix.os }}`). Empty when
    /// the file names none (GitLab: runners are chosen by tags elsewhere).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub runs_on: Vec<Spanned<String>>,
    /// A reusable workflow call (`uses:` at job level): its steps are not
    /// in this file.
    pub uses: Option<Spanned<String>>,
    /// Inputs of a reusable workflow call.
    pub with: Vec<(Spanned<String>, Spanned<String>)>,
    pub steps: Vec<Step>,
    pub env: Vec<(Spanned<String>, Spanned<String>)>,
}

#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Step {
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    /// An action reference: `actions/checkout@v4`, `./local`, `docker://img`.
    pub uses: Option<Spanned<String>>,
    pub run: Option<Script>,
    pub with: Vec<(Spanned<String>, Spanned<String>)>,
    /// The `with:` inputs written over several lines, each split as a
    /// shell script with its commands located in the file, by input name.
    /// Some actions run an input as a script (`appleboy/ssh-action`'s
    /// `script:`, on a server); which ones is the rules' knowledge.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub input_scripts: Vec<(String, Script)>,
    pub env: Vec<(Spanned<String>, Spanned<String>)>,
    pub condition: Option<Condition>,
    pub continue_on_error: Option<Spanned<Switch>>,
    /// The directory its commands start in, as written: its
    /// `working-directory:`, or the job's or workflow's
    /// `defaults.run.working-directory`. `None` is the workspace.
    pub working_directory: Option<Spanned<String>>,
}

impl Step {
    /// The input `name` of its `with:`, key and value.
    pub fn input(&self, name: &str) -> Option<&(Spanned<String>, Spanned<String>)> {
        self.with.iter().find(|(key, _)| key.value == name)
    }

    /// The input `name` split as a script, when it is written over several
    /// lines.
    pub fn input_script(&self, name: &str) -> Option<&Script> {
        self.input_scripts
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, script)| script)
    }
}

/// A shell script (a step's `run:`), with the simple commands it runs.
#[derive(Debug, Clone, Default, Serialize, JsonSchema)]
pub struct Script {
    /// The script as the shell receives it (block scalars de-indented).
    pub text: Spanned<String>,
    /// The interpreter, when set (`shell: pwsh`); `None` is the platform's
    /// default shell.
    pub shell: Option<Spanned<String>>,
    pub commands: Vec<Command>,
    /// The commands in its here-documents' bodies, split the same way: text
    /// fed to another program, which often runs it as a script of its own
    /// (`ssh host <<EOF`, `docker exec -i app sh <<EOF`) and often does not
    /// (`cat <<EOF > notes.md`). Not run by this script itself.
    pub heredoc_commands: Vec<Command>,
}

/// One simple command of a script, as run: a command position's words
/// after keywords (`if`, `then`, `!`) and variable assignments, each with
/// its span in the file. What `echo` prints is words of the `echo` command,
/// never commands of its own; comments, here-document bodies and
/// redirections are not words at all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Command {
    pub words: Vec<Word>,
    /// The variable assignments before the command (`PGPASSWORD=x psql`),
    /// or all of a command that only assigns (`TOKEN=x`); `words` is empty
    /// then.
    pub assignments: Vec<Word>,
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    /// Its standard input is the previous command's output (`a | b`): the
    /// previous command in the script's list feeds it.
    pub piped: bool,
}

/// One word of a command.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Word {
    /// The word as the command receives it: quotes removed, expansions kept
    /// as written (`$HOME`, `$(date)`, `${{ secrets.X }}`).
    pub value: String,
    /// The whole word, quotes included.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    /// Its characters inside the quotes when the word is one quoted string
    /// (`'abc'`); else `span`.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub inner: Span,
    /// Holds an expansion (`$VAR`, `$(...)`, backquotes, a CI expression):
    /// part of its value is decided at run time.
    pub dynamic: bool,
}

/// A boolean setting that may be computed at run time.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Switch {
    Literal(bool),
    /// An expression the platform evaluates (`${{ matrix.experimental }}`).
    Expression(String),
    /// On in the runs where the condition holds, off in the others (GitLab's
    /// `allow_failure:` of `rules:` entries: the rule that matches decides).
    /// The condition's text names the first rule that turns it on.
    When(Condition),
}

/// A run condition (`if:`), as written and, when it parses, as an
/// expression tree.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Condition {
    pub text: Spanned<String>,
    /// Not shown to custom policies: the text is the stable contract.
    /// Shared: a GitLab pipeline lowered once is copied for each of its
    /// files, and its conditions (workflow rules and-ed into every job's)
    /// were most of what that copy cost.
    #[serde(skip)]
    pub expr: Option<Arc<Expr>>,
}

/// A CI expression (GitHub's `${{ }}` language; GitLab's `rules: if:`
/// compare variables to literals with the same shapes).
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    /// A context path: `github.event_name`, `needs.*.result`,
    /// `matrix['os']` (as `matrix.os`).
    Path(Vec<String>),
    /// A property of a computed value: `fromJSON(x).key`.
    Member(Box<Expr>, String),
    /// A function call; names are lower-cased (`startswith`).
    Call(String, Vec<Expr>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Compare(CompareOp, Box<Expr>, Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// How a job that a person starts holds up the jobs after it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Manual {
    /// Where it is made manual (the `when: manual` value).
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    /// Whether the jobs of later stages wait until someone starts it and it
    /// succeeds (GitLab: `allow_failure: false`, the default of a manual
    /// rule); otherwise they go on without it.
    pub blocking: bool,
    /// Made manual (as `blocking` says) by some of its rules only: the runs
    /// in which one of them matches. In the other runs it starts on its
    /// own. `None` when it is so in every run.
    pub by_rule: Option<Condition>,
}

/// A `permissions:` block of the CI token.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Permissions {
    /// The `permissions:` key.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    pub level: PermissionLevel,
}

impl Permissions {
    /// Whether the token may write to anything (`write-all`, a scope at
    /// `write`); `None` when an expression or an unknown shape decides.
    pub fn may_write(&self) -> Option<bool> {
        match &self.level {
            PermissionLevel::All(level) => Some(level.value == "write-all"),
            PermissionLevel::Scopes(scopes) => {
                Some(scopes.iter().any(|(_, level)| level.value == "write"))
            }
            PermissionLevel::Unknown(_) => None,
        }
    }
}

#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PermissionLevel {
    /// `read-all` or `write-all`.
    All(Spanned<String>),
    /// Per-scope levels: `contents: read`; `{}` is no scope at all.
    Scopes(Vec<(Spanned<String>, Spanned<String>)>),
    /// An expression or a shape the platform would reject.
    Unknown(Span),
}

// -------------------------------------------------------------------- grants

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantSource {
    /// An AWS policy attached to an identity (user, group, role, policy).
    AwsIdentityPolicy,
    /// An AWS trust (assume-role) policy.
    AwsTrustPolicy,
    /// An AWS resource policy (S3 bucket, KMS key, SQS queue ...).
    AwsResourcePolicy,
    /// A Kubernetes Role or ClusterRole rule.
    KubernetesRbac,
    /// The permissions of an Azure custom role definition (actions as
    /// `Microsoft.Storage/*/read`, resources as its assignable scopes).
    AzureRoleDefinition,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    Allow,
    Deny,
}

/// One permission statement.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Grant {
    pub source: GrantSource,
    /// `aws_iam_policy.admin statement 1`, `ClusterRole/ops rule 2`.
    pub object: String,
    pub place: String,
    /// The whole statement or rule.
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    /// Cluster-wide (ClusterRole) or namespaced (Role); AWS grants are `None`.
    pub cluster_wide: Option<bool>,
    pub effect: Spanned<Effect>,
    /// AWS actions, or Kubernetes verbs.
    pub actions: Vec<Spanned<String>>,
    pub not_actions: Vec<Spanned<String>>,
    /// AWS resources (ARNs), or Kubernetes resources.
    pub resources: Vec<Spanned<String>>,
    pub not_resources: Vec<Spanned<String>>,
    /// Kubernetes apiGroups.
    pub api_groups: Vec<Spanned<String>>,
    /// AWS principals: `*` (anyone) or `TYPE:identifier` (`AWS:*`,
    /// `Service:ec2.amazonaws.com`, `AWS:arn:aws:iam::123:root`).
    pub principals: Vec<Spanned<String>>,
    /// The AWS principals a statement excepts (`NotPrincipal`), in the
    /// same form: an `Allow` with them grants everyone else.
    pub not_principals: Vec<Spanned<String>>,
    pub has_condition: bool,
    /// The AWS conditions that could be read (`StringLike` on
    /// `token.actions.githubusercontent.com:sub` ...); a condition written
    /// as an expression sets `has_condition` without appearing here.
    pub conditions: Vec<GrantCondition>,
    /// Where the file chooses whether the statement has a condition at all
    /// (a conditional whose one branch is a condition and the other none):
    /// the branch without one. `has_condition` and `conditions` describe the
    /// other branch; a rule that a condition silences judges this one too,
    /// and says when it holds ([`FileModel::branches_at`]).
    #[schemars(skip)]
    #[serde(skip)]
    pub unconditioned_branch: Option<Span>,
}

impl Grant {
    /// The kind and name of the Role or ClusterRole a Kubernetes grant
    /// comes from (its object reads `ClusterRole/ops rule 2`).
    pub fn kubernetes_role(&self) -> Option<(&str, &str)> {
        if self.source != GrantSource::KubernetesRbac {
            return None;
        }
        let role = self
            .object
            .rsplit_once(" rule ")
            .map_or(self.object.as_str(), |(role, _)| role);
        role.split_once('/')
    }
}

/// One condition of an AWS statement: an operator on one key.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct GrantCondition {
    /// `StringEquals`, `StringLike`, `ForAnyValue:StringLike` ...
    pub operator: String,
    /// `aws:PrincipalOrgID`, `token.actions.githubusercontent.com:sub`.
    pub key: Spanned<String>,
    pub values: Vec<Spanned<String>>,
}

/// A role granted to subjects as a whole: a Kubernetes (Cluster)RoleBinding,
/// an AWS managed policy attachment, a GCP or Azure role assignment.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RoleBinding {
    pub provider: Provider,
    pub object: String,
    pub place: String,
    #[schemars(skip)]
    #[serde(skip_serializing_if = "crate::source::unless_spans_asked")]
    pub span: Span,
    /// `cluster-admin`, `arn:aws:iam::aws:policy/AdministratorAccess`, `roles/owner`, `Owner`.
    pub role: Spanned<String>,
    /// The kind of role a Kubernetes binding names (`roleRef.kind`: `Role`
    /// or `ClusterRole`); none elsewhere. A RoleBinding may grant either.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_kind: Option<String>,
    /// `User/alice`, `Group/system:unauthenticated`, `serviceAccount:x@y`.
    pub subjects: Vec<Spanned<String>>,
    /// The condition that limits what the grant allows, as written: an
    /// Azure role assignment's ABAC `condition` or a GCP binding's
    /// `condition` expression (either may say which roles a role-assigning
    /// role can assign).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    /// What the grant reaches, where the file says it (an Azure role
    /// assignment's `scope`); none where it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<GrantScope>,
}

/// How much a role is granted on, from widest to narrowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GrantScope {
    /// Many accounts at once: an Azure management group or the tenant root.
    AboveAccount,
    /// One account and everything in it: an Azure subscription, a whole
    /// Kubernetes cluster (an EKS access policy scoped to it).
    Account,
    /// A group of resources: an Azure resource group, Kubernetes
    /// namespaces.
    ResourceGroup,
    /// One resource that is a Kubernetes cluster (an Azure assignment on an
    /// AKS cluster's id): the cloud's roles that act inside clusters reach
    /// into this one.
    KubernetesCluster,
    /// One resource: a storage account, a key vault.
    Resource,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    Aws,
    Gcp,
    Azure,
    Kubernetes,
}

// ------------------------------------------------------------------ settings

/// Where a key/value pair sits, which decides how a secret-like name bound to
/// a literal is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SettingContext {
    DockerEnv,
    DockerArg,
    KubernetesEnv,
    ConfigMapData,
    /// `data`/`stringData` of a committed Kubernetes Secret.
    SecretData,
    WorkflowEnv,
    WorkflowWith,
    /// A CI pipeline's `variables:` (GitLab: top-level or job).
    PipelineVariable,
    /// The environment of a service container that a CI job starts beside
    /// itself and discards with it (GitHub's `services.<id>.env`, GitLab's
    /// `services:` variables and a job's variables named for its service's
    /// image, `POSTGRES_PASSWORD` beside `services: [postgres]`): the
    /// credentials of a throwaway test database.
    ServiceContainerEnv,
    /// A Compose service's `environment:`.
    ComposeEnv,
    /// A variable of a dotenv file (`.env`, `db.env`), which Compose's
    /// `env_file:`, `docker run --env-file` and dotenv libraries load into a
    /// program's environment.
    EnvFile,
    /// A Compose service's `build.args`: values the image's build sees,
    /// which `ARG` records in the image's history.
    ComposeBuildArg,
    TerraformAttribute,
    TerraformVariableDefault,
    /// A value a variables file (`terraform.tfvars`, `prod.tfvars`) gives a
    /// module's variable, or a key inside it.
    TerraformVariableValue,
    /// The value a variables file gives a variable that the module declares
    /// `sensitive`: a secret, whatever its name.
    TerraformSensitiveVariableValue,
    TerraformProvider,
    /// Any other field of a Kubernetes object: a custom resource's
    /// `spec.auth.password`, a probe's `httpHeaders` entry, an annotation.
    /// Such fields often name where a secret is (`secretKey: password`).
    ManifestField,
    /// A CloudFormation resource property (at any depth) or SAM global.
    CloudFormationProperty,
    /// A CloudFormation parameter's `Default`.
    CloudFormationParameterDefault,
    /// The `Default` of a parameter declared `NoEcho`: a secret, whatever
    /// its name.
    CloudFormationNoEchoDefault,
    Other,
}

/// A scalar key/value leaf, for secret scanning.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Setting {
    pub context: SettingContext,
    pub object: String,
    pub key: Spanned<String>,
    pub value: Spanned<String>,
    /// Written as a literal, not a reference, expression or interpolation.
    pub literal: bool,
    /// One item of a list written under the key (`secrets = ["a", "b"]`):
    /// the key names the list, whose items may be names rather than values.
    pub in_list: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_spelled_as_the_declaration_writes_them() {
        let file = crate::source::SourceFile::new(
            "Dockerfile",
            crate::source::Format::Dockerfile,
            "FROM alpine\n",
        );
        let mut container = crate::formats::dockerfile::load(&file).containers.remove(0);
        assert_eq!(container.spell("runAsNonRoot: true"), "runAsNonRoot: true");
        container.spelling = Spelling::Snake;
        for (camel, snake) in [
            (
                "allowPrivilegeEscalation: false",
                "allow_privilege_escalation = false",
            ),
            ("hostPID: true", "host_pid = true"),
            ("runAsUser: 0", "run_as_user = 0"),
            ("restartPolicy: Always", "restart_policy = \"Always\""),
            ("securityContext", "security_context"),
            ("livenessProbe", "liveness_probe"),
        ] {
            assert_eq!(container.spell(camel), snake);
        }
    }
}
