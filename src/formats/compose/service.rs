//! One Compose service lowered into a [`Container`]: its user and
//! privileges, healthcheck, resources, environment, and the command lines
//! of its `entrypoint`, `command` and healthcheck `test`.
//!
//! A service that builds an image the scan holds (`build:` naming a
//! Dockerfile, or `build.dockerfile_inline`, read by the Dockerfile adapter
//! with its spans mapped into this file) takes that Dockerfile's USER and
//! HEALTHCHECK where it sets none, as Docker does; one that pulls an image
//! by name runs as the image says, which the file does not tell. A service
//! whose own `entrypoint` or `command` switches users (`gosu app`,
//! `su-exec 1000`, `setpriv --reuid`) runs its program as that user.
//!
//! `build.args` are settings for secret scanning: a build argument ends up
//! in the image's history. `env_file:` names files whose values are not in
//! this file; they are recorded on the container (`env_files`), not read.

use super::interpolation::{Interpolated, has_variable, interpolate};
use crate::facts::{BuiltImage, ComposeService, Facts};
use crate::formats::dockerfile::{self, BaseImage, drops_to, steps_down_for};
use crate::formats::host_paths::{HostMount, is_runtime_socket, node_takeover_mount};
use crate::formats::kubernetes::{command_lines, flag, inside_quotes, string};
use crate::formats::yaml::{self, Node};
use crate::formats::{UNCONFINED_SELINUX_TYPES, shell};
use crate::model::{
    CommandLines, Container, ContainerRole, EnvValue, EnvVar, FileModel, Healthcheck, Origin,
    Probes, Resources, Security, Setting, SettingContext, Spelling, WorkloadKind,
};
use crate::source::{Format, SourceFile, Span, Spanned};

/// How Compose writes the settings that rules name in Kubernetes' words.
const SPELLING: &[(&str, &str)] = &[
    (
        "allowPrivilegeEscalation: false",
        "security_opt: [\"no-new-privileges:true\"]",
    ),
    ("readOnlyRootFilesystem: true", "read_only: true"),
    ("readOnlyRootFilesystem: false", "read_only: false"),
    ("emptyDir", "tmpfs"),
    ("hostPID: true", "pid: host"),
    ("hostIPC: true", "ipc: host"),
    ("hostNetwork: true", "network_mode: host"),
    ("runAsUser", "user"),
    ("readOnly: true", ":ro"),
];

/// A service as `services:` declares it.
pub struct Service<'a> {
    /// Its key under `services:`.
    pub name: &'a Node,
    pub node: &'a Node,
    /// Another service waits for it to exit (a one-off job).
    pub batch: bool,
    /// Its file adds to the base file of its directory, not a stack alone.
    pub merged: bool,
}

pub fn lower(file: &SourceFile, facts: &Facts, service: &Service<'_>, model: &mut FileModel) {
    let node = service.node;
    let text = file.text.as_str();
    let name = string(Some(service.name)).unwrap_or_default();
    let object = format!("service {}", name.value);
    let build = build(node);
    let inline = build
        .as_ref()
        .and_then(|b| b.inline)
        .and_then(|dockerfile| inline_image(file, &object, dockerfile, model));
    let built = match (&build, &inline) {
        (_, Some(inline)) => Some(("dockerfile_inline".to_string(), &inline.image)),
        (
            Some(Build {
                path: Some(dockerfile),
                ..
            }),
            None,
        ) => {
            model.built_from.push(dockerfile.clone());
            facts.built_image(&file.path, dockerfile)
        }
        _ => None,
    };
    // A `target:` names the stage whose image the service runs; one the
    // Dockerfile does not have (or that runs nothing) is not known.
    let target = build.as_ref().and_then(|b| b.target.as_deref());
    // The final stage of a Dockerfile of the scan, which that file's own
    // findings judge (not an inline one, which no other file reports).
    let final_of_file = inline.is_none()
        && built
            .as_ref()
            .is_some_and(|(_, image)| image.stage_of(target) == Some(0));
    let built = built.and_then(|(from, image)| Some((from, image.for_target(target)?)));
    let inline_spans = inline.as_ref().and_then(|i| i.spans(target));
    let mut security = lower_security(node, text);
    let image = string(node.get("image"));
    // An image whose name promises a non-root user (`-unprivileged`,
    // distroless `:nonroot`) runs as one when the service sets none; one
    // that needs root (`nginx`) may have a variant that does not. The
    // image's name is read once for both.
    if let Some(base) = image.as_ref().map(|i| BaseImage::of(&i.value)) {
        security.base_image_nonroot = base.nonroot;
        security.base_image_unprivileged_variant = base.unprivileged_variant.map(str::to_string);
    }
    let (healthcheck, test_lines, tunes) = lower_healthcheck(text, &object, node);
    let mut probes = Probes {
        healthcheck,
        ..Probes::default()
    };
    let own_entrypoint = node.get("entrypoint").is_some_and(|e| !e.is_null());
    // In an override file, the base file of the directory may give what the
    // service leaves unset.
    let base = facts.compose_base(&file.path, &name.value);
    match (built, &build) {
        (Some((dockerfile, image)), Some(build)) => {
            // Findings point where the inline Dockerfile writes the value,
            // else at `build:`.
            let at = |written: Option<Span>| written.unwrap_or(build.at);
            let spans = Inherited {
                user: at(inline_spans.and_then(|s| s.user)),
                healthcheck: at(inline_spans.and_then(|s| s.healthcheck)),
                build: build.at,
                takes_user: base.is_none_or(|b| !b.user),
                final_of_file,
            };
            // What the findings name: the Dockerfile, and the stage built.
            let source = match target {
                Some(target) => format!("{dockerfile} --target {target}"),
                None => dockerfile,
            };
            inherit(
                &mut security,
                &mut probes,
                source,
                image,
                &spans,
                own_entrypoint,
            );
        }
        _ => {
            // Timings alone tune the pulled image's own check: whoever wrote
            // them knows the image has one.
            if probes.healthcheck.is_none() {
                probes.healthcheck = tunes.map(Healthcheck::Command);
            }
            probes.image_healthcheck_unknown = probes.healthcheck.is_none();
            // A pulled official database image whose entrypoint still runs
            // steps down to its own user for its server.
            security.base_image_steps_down = !own_entrypoint
                && image
                    .as_ref()
                    .is_some_and(|i| steps_down_for(&i.value, first_argument(node).as_deref()));
        }
    }
    let environment = pairs(node.get("environment"), text);
    push_settings(model, SettingContext::ComposeEnv, &object, &environment);
    let args = pairs(node.path(&["build", "args"]), text);
    push_settings(model, SettingContext::ComposeBuildArg, &object, &args);
    let env = lower_env(environment);
    let argv = argv_lines(text, &object, node);
    // The service's own command decides whom its program runs as.
    if let Some(user) = argv
        .iter()
        .flat_map(|lines| &lines.commands)
        .find_map(|command| {
            let words: Vec<Spanned<String>> = command
                .words
                .iter()
                .map(|w| Spanned::new(w.value.clone(), w.inner))
                .collect();
            drops_to(&words)
        })
    {
        security.drops_to = Some(user);
    }
    let one_off = service.batch || exits_when_done(node) || named_as_job(&name.value, node);
    model
        .command_lines
        .extend(argv.into_iter().chain(test_lines));
    let mut container = Container {
        origin: Origin::Compose,
        role: ContainerRole::Main,
        workload: if one_off {
            WorkloadKind::Batch
        } else {
            WorkloadKind::LongRunning
        },
        place: format!("services/{}", name.value),
        object,
        span: name.span,
        image,
        namespace: None,
        security,
        probes,
        resources: lower_resources(node),
        env,
        env_files: env_files(node),
        ports: Vec::new(),
        pod_labels: Default::default(),
        pod_ports: Vec::new(),
        standalone: false,
        // Without an image or a build, the service only adds to one declared
        // elsewhere (an override file, `extends:`).
        fragment: node.get("image").is_none() && node.get("build").is_none(),
        spelling: Spelling::Renamed(SPELLING),
        name: Some(name),
    };
    // Merged onto the base's service, the service is judged for what it
    // writes only: what it leaves unset is the base's, reported there. A
    // file that may be a stack of its own is taken as merged only where
    // the base would fill every absence.
    let merged = base.is_some_and(|base| {
        service.merged || ComposeService::of(&container).is_some_and(|own| base.fills(&own))
    });
    container.fragment |= merged;
    model.containers.push(container);
}

/// Whether the service is a one-off job by its own declaration: it asks
/// not to be restarted (`restart: "no"`, or a deploy's restart policy
/// `condition: none`, which only jobs write out), or its command's script
/// ends by exiting (`sh -c "mc mb ...; exit 0"`).
fn exits_when_done(service: &Node) -> bool {
    let no_restart = service.get("restart").and_then(Node::as_str) == Some("no")
        || service
            .path(&["deploy", "restart_policy", "condition"])
            .and_then(Node::as_str)
            == Some("none");
    let exits = ["entrypoint", "command"]
        .iter()
        .filter_map(|key| service.get(key))
        .any(|part| {
            let text = match part.as_str() {
                Some(text) => text.to_string(),
                None => part
                    .items()
                    .iter()
                    .filter_map(Node::as_str)
                    .collect::<Vec<_>>()
                    .join(" "),
            };
            let script = text.trim_end_matches(|c: char| c.is_whitespace() || "\"';".contains(c));
            let last = script.rsplit([';', '\n', '&', '|']).next().unwrap_or("");
            let mut words = last.split_whitespace();
            words.next() == Some("exit") && words.next().is_none_or(|code| code == "0")
        });
    no_restart || exits
}

/// Whether the service's name says it is a one-off job (`mongodb-init`,
/// `setup`, `migrate`, `seed`, `createbuckets`, `ollama-pull-models`) and
/// nothing in it says it serves: no published port, and no restart policy
/// that starts it again whenever it exits.
fn named_as_job(name: &str, service: &Node) -> bool {
    const JOBS: &[&str] = &[
        "init",
        "setup",
        "migrate",
        "migration",
        "migrations",
        "migrator",
        "seed",
        "seeder",
        "pull",
    ];
    let named = name
        .to_ascii_lowercase()
        .split(['-', '_', '.'])
        .any(|word| JOBS.contains(&word) || word.starts_with("create"));
    let restarted = matches!(
        service.get("restart").and_then(Node::as_str),
        Some("always" | "unless-stopped")
    );
    let serves = service.get("ports").is_some_and(|p| !p.items().is_empty());
    named && !restarted && !serves
}

/// What a service's `build:` names.
struct Build<'a> {
    /// The Dockerfile, relative to the Compose file's directory; `None` for
    /// a remote context (a Git URL) or an inline Dockerfile.
    path: Option<String>,
    /// `build.dockerfile_inline`: the Dockerfile written in this file.
    inline: Option<&'a Node>,
    /// Where `build:` is written.
    at: Span,
    /// The stage it builds (`target:`), lower-cased; `None` for the final
    /// one.
    target: Option<String>,
}

fn build(service: &Node) -> Option<Build<'_>> {
    let entry = service.entry("build").filter(|e| !e.value.is_null())?;
    let at = entry.key.span;
    let target = entry
        .value
        .get("target")
        .and_then(Node::as_str)
        .map(|target| {
            interpolate(target)
                .value()
                .unwrap_or_else(|| target.to_string())
                .to_ascii_lowercase()
        });
    let (context, dockerfile) = match entry.value.as_str() {
        Some(context) => (context.to_string(), None),
        None => {
            if let Some(inline) = entry.value.get("dockerfile_inline") {
                return Some(Build {
                    path: None,
                    inline: Some(inline),
                    at,
                    target,
                });
            }
            let context = entry.value.get("context").and_then(Node::as_str);
            let dockerfile = entry.value.get("dockerfile").and_then(Node::as_str);
            (context.unwrap_or(".").to_string(), dockerfile)
        }
    };
    let path = (|| {
        let context = interpolate(&context).value()?;
        let dockerfile = interpolate(dockerfile.unwrap_or("Dockerfile")).value()?;
        let remote = context.contains("://") || context.starts_with("git@");
        if remote || dockerfile.starts_with('/') {
            return None;
        }
        let path = std::path::Path::new(&context).join(&dockerfile);
        Some(path.to_string_lossy().replace('\\', "/"))
    })();
    Some(Build {
        path,
        inline: None,
        at,
        target,
    })
}

/// An inline Dockerfile, read by the Dockerfile adapter: what its image
/// runs as, and where each stage's USER and HEALTHCHECK are written in this
/// file.
struct InlineImage {
    image: BuiltImage,
    stages: Vec<StageSpans>,
}

#[derive(Clone, Copy)]
struct StageSpans {
    user: Option<Span>,
    healthcheck: Option<Span>,
}

impl InlineImage {
    /// Where the stage that a build of `target` makes writes its USER and
    /// HEALTHCHECK.
    fn spans(&self, target: Option<&str>) -> Option<StageSpans> {
        self.stages.get(self.image.stage_of(target)?).copied()
    }
}

/// Reads `build.dockerfile_inline` as a Dockerfile. Its settings (ENV and
/// ARG values) join this file's, at their place in the scalar; a line
/// the scalar does not hold as written (escapes, folding) maps to the
/// whole scalar.
fn inline_image(
    file: &SourceFile,
    object: &str,
    node: &Node,
    model: &mut FileModel,
) -> Option<InlineImage> {
    let text = node.as_str()?;
    let inline = SourceFile::new(file.path.clone(), Format::Dockerfile, text);
    let built = dockerfile::load(&inline);
    let map = yaml::line_map(&file.text, node, text);
    let at = |span: Span| map.span(span.start, span.end);
    let image = BuiltImage::of(&built)?;
    let final_stage = built.containers.first()?;
    let stages = std::iter::once(final_stage)
        .chain(&built.build_targets)
        .map(|stage| StageSpans {
            user: stage.security.user.as_ref().map(|u| at(u.span)),
            healthcheck: match stage.probes.healthcheck {
                Some(Healthcheck::Command(span)) => Some(at(span)),
                _ => None,
            },
        })
        .collect();
    let inline = InlineImage { image, stages };
    for setting in built.settings {
        model.settings.push(Setting {
            object: format!("{object} dockerfile_inline"),
            key: Spanned::new(setting.key.value, at(setting.key.span)),
            value: Spanned::new(setting.value.value, at(setting.value.span)),
            ..setting
        });
    }
    Some(inline)
}

/// Where findings about what a service inherits from the image it builds
/// point.
struct Inherited {
    user: Span,
    healthcheck: Span,
    /// `build:`, for what the Dockerfile does not write in this file.
    build: Span,
    /// Whether an unset `user:` is the image's: not in an override, whose
    /// base file may set it.
    takes_user: bool,
    /// The image is the final stage of a Dockerfile of the scan.
    final_of_file: bool,
}

/// What a service that sets no user (or no healthcheck) takes from the
/// image it builds.
fn inherit(
    security: &mut Security,
    probes: &mut Probes,
    dockerfile: String,
    image: &BuiltImage,
    at: &Inherited,
    own_entrypoint: bool,
) {
    if security.user.is_none() && at.takes_user {
        security.user = image.user.clone().map(|user| Spanned::new(user, at.user));
        security.user_unresolved = image.user_unresolved;
        security.default_user_is_root = true;
        security.base_image_nonroot = image.base_image_nonroot;
        security.user_source = Some(dockerfile);
        // Run as built, the Dockerfile's findings say how it runs; an
        // entrypoint of the service's own may not switch users as the
        // image's does.
        security.user_judged_in_dockerfile =
            at.final_of_file && (!own_entrypoint || image.drops_to.is_none());
        // The image's entrypoint switches users only if it still runs.
        if !own_entrypoint {
            security.drops_to = image
                .drops_to
                .clone()
                .map(|user| Spanned::new(user, at.build));
        }
    }
    if probes.healthcheck.is_none() && image.healthcheck {
        probes.healthcheck = Some(Healthcheck::Command(at.healthcheck));
    }
}

fn lower_security(service: &Node, text: &str) -> Security {
    let mut security = Security {
        privileged: flag(Some(service), "privileged"),
        read_only_root_filesystem: flag(Some(service), "read_only"),
        capabilities_add: strings(service.get("cap_add")),
        capabilities_drop: strings(service.get("cap_drop")),
        host_pid: host_mode(service, "pid"),
        host_ipc: host_mode(service, "ipc"),
        host_network: host_mode(service, "network_mode"),
        ..Security::default()
    };
    let binds = binds(service);
    security.runtime_socket = runtime_socket(&binds);
    security.node_takeover_mount = node_takeover_mount(&host_mounts(&binds));
    if let Some(mut user) = string(service.get("user")) {
        // Where the value is written, so that messages quote it as such.
        user.span = inside_quotes(text, user.span);
        match interpolate(&user.value) {
            Interpolated::Unresolved => {
                security.user_unresolved = true;
                security.user = Some(user);
            }
            resolved => security.user = resolved.value().map(|v| Spanned::new(v, user.span)),
        }
    }
    for option in service
        .get("security_opt")
        .map(Node::items)
        .unwrap_or_default()
    {
        let Some(text) = option.as_str() else {
            continue;
        };
        let (key, value) = text.split_once([':', '=']).unwrap_or((text, "true"));
        let unconfined = Spanned::new(value.trim() == "unconfined", option.span);
        match key.trim() {
            "no-new-privileges" => {
                let allowed = value.trim() == "false";
                security.allow_privilege_escalation = Some(Spanned::new(allowed, option.span));
            }
            "seccomp" => security.seccomp_unconfined = Some(unconfined),
            "apparmor" => security.apparmor_unconfined = Some(unconfined),
            "systempaths" => security.system_paths_unmasked = Some(unconfined),
            "label" => {
                let label = value.trim();
                let off = label == "disable"
                    || label
                        .strip_prefix("type:")
                        .is_some_and(|kind| UNCONFINED_SELINUX_TYPES.contains(&kind.trim()));
                security.selinux_unconfined = Some(Spanned::new(off, option.span));
            }
            _ => {}
        }
    }
    security
}

/// The first word of the service's `command:` (a string is split as
/// Compose splits it), which the image's entrypoint gets first; `None`
/// when the image's own CMD runs.
fn first_argument(service: &Node) -> Option<String> {
    let command = service.get("command").filter(|c| !c.is_null())?;
    let first = match command.as_str() {
        Some(line) => shell::commands(line, |span| span)
            .commands
            .first()?
            .words
            .first()
            .map(|word| word.value.clone()),
        None => command.items().first()?.as_str().map(str::to_string),
    };
    // An empty command leaves the image's CMD to run.
    first.filter(|word| !word.is_empty())
}

/// A volume of the service as written: the short syntax
/// (`/var/run/docker.sock:/var/run/docker.sock:ro`) or the long one
/// (`source:`, `target:`, `read_only:` of a bind).
struct Bind {
    source: String,
    /// The host path, a variable's default read; `None` when a variable
    /// without one names it.
    host: Option<String>,
    target: Option<String>,
    /// Mounted read-only (`:ro`, `read_only: true`), or with a mode or a
    /// `read_only` the file does not spell out (a variable): not known to
    /// be writable.
    read_only: bool,
    span: Span,
}

fn binds(service: &Node) -> Vec<Bind> {
    service
        .get("volumes")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|volume| {
            let bind = match volume.as_str() {
                Some(short) => {
                    let (source, target, mode) = short_volume(short);
                    let read_only = mode.is_some_and(|mode| {
                        has_variable(mode) || mode.split(',').any(|option| option == "ro")
                    });
                    Bind {
                        host: interpolate(&source).value(),
                        source,
                        target,
                        read_only,
                        span: volume.span,
                    }
                }
                None => {
                    let source = volume.get("source")?.as_str()?.to_string();
                    Bind {
                        host: interpolate(&source).value(),
                        source,
                        target: volume
                            .get("target")
                            .and_then(Node::as_str)
                            .map(str::to_string),
                        read_only: volume.get("read_only").is_some()
                            && flag(Some(volume), "read_only").is_none_or(|r| r.value),
                        span: volume.span,
                    }
                }
            };
            Some(bind)
        })
        .collect()
}

/// The host's container runtime socket, when a volume of the service binds
/// it or its directory, a variable's default read. A host path from a
/// variable without a default (`${DOCKER_SOCKET}`) is the socket when it is
/// mounted where the runtime's socket goes: the image expects that API
/// there.
fn runtime_socket(binds: &[Bind]) -> Option<Spanned<String>> {
    binds.iter().find_map(|bind| {
        let socket = match &bind.host {
            Some(host) => is_runtime_socket(host).then(|| host.clone()),
            None => bind
                .target
                .as_ref()
                .and_then(|t| interpolate(t).value())
                .filter(|t| t.ends_with(".sock") && is_runtime_socket(t))
                .map(|_| bind.source.clone()),
        };
        socket.map(|socket| Spanned::new(socket, bind.span))
    })
}

/// The host paths the service's volumes bind, a variable's default read; a
/// path from a variable without one is not known.
fn host_mounts(binds: &[Bind]) -> Vec<HostMount> {
    binds
        .iter()
        .filter_map(|bind| {
            Some(HostMount {
                path: bind.host.clone()?,
                read_only: bind.read_only,
                span: bind.span,
            })
        })
        .collect()
}

/// A short-syntax volume's source, target and mode (`ro`, `rw,z`) as
/// written: the first `:` outside a `${...}` ends the source
/// (`${SOCK:-/var/run/docker.sock}` holds one).
fn short_volume(short: &str) -> (String, Option<String>, Option<&str>) {
    let mut depth = 0usize;
    let mut end = None;
    for (at, c) in short.char_indices() {
        match c {
            '{' if short[..at].ends_with('$') => depth += 1,
            '}' if depth > 0 => depth -= 1,
            ':' if depth == 0 => {
                end = Some(at);
                break;
            }
            _ => {}
        }
    }
    let Some(end) = end else {
        return (short.to_string(), None, None);
    };
    let rest = &short[end + 1..];
    let (target, mode) = match rest.split_once(':') {
        Some((target, mode)) => (target, Some(mode)),
        None => (rest, None),
    };
    (short[..end].to_string(), Some(target.to_string()), mode)
}

/// `pid: host` (and `ipc`, `network_mode`): the service shares the host's
/// namespace; spanned over the whole setting.
fn host_mode(service: &Node, key: &str) -> Option<Spanned<bool>> {
    let entry = service.entry(key)?;
    let host = entry.value.as_str() == Some("host");
    host.then(|| Spanned::new(true, entry.span()))
}

fn strings(list: Option<&Node>) -> Vec<Spanned<String>> {
    list.map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| string(Some(item)))
        .collect()
}

/// `healthcheck:` as the model's healthcheck, and the command lines of its
/// `test`. One that only sets timings keeps the image's test: it is given
/// apart (where it is written), for only the image can tell whether there
/// is one.
fn lower_healthcheck(
    text: &str,
    object: &str,
    service: &Node,
) -> (Option<Healthcheck>, Option<CommandLines>, Option<Span>) {
    let Some(check) = service.get("healthcheck").filter(|h| !h.is_null()) else {
        return (None, None, None);
    };
    if let Some(disable) = flag(Some(check), "disable").filter(|d| d.value) {
        return (Some(Healthcheck::Disabled(disable.span)), None, None);
    }
    let Some(entry) = check.entry("test").filter(|t| !t.value.is_null()) else {
        return (None, None, Some(check.span));
    };
    let test = &entry.value;
    let object = format!("{object} healthcheck");
    let items: Vec<&Node> = test.items().iter().collect();
    let lines = match items.first().and_then(|first| first.as_str()) {
        Some("NONE") => return (Some(Healthcheck::Disabled(entry.span())), None, None),
        Some("CMD") => command_lines(text, &object, &items[1..], expands),
        Some("CMD-SHELL") => items
            .get(1)
            .and_then(|script| script_lines(text, &object, script)),
        _ => script_lines(text, &object, test),
    };
    (Some(Healthcheck::Command(test.span)), lines, None)
}

/// `entrypoint` and `command`: lists are argument vectors (one command when
/// both are lists), strings are split as a shell would.
fn argv_lines(text: &str, object: &str, service: &Node) -> Vec<CommandLines> {
    let parts: Vec<&Node> = ["entrypoint", "command"]
        .iter()
        .filter_map(|key| service.get(key).filter(|n| !n.is_null()))
        .collect();
    if parts.iter().all(|part| part.as_seq().is_some()) {
        let items: Vec<&Node> = parts.iter().flat_map(|part| part.items()).collect();
        return command_lines(text, object, &items, expands)
            .into_iter()
            .collect();
    }
    parts
        .iter()
        .filter_map(|part| match part.as_seq() {
            Some(items) => {
                let items: Vec<&Node> = items.iter().collect();
                command_lines(text, object, &items, expands)
            }
            None => script_lines(text, object, part),
        })
        .collect()
}

/// Whether a word of an argument vector takes part of its value at run
/// time: Compose's own variables (`$VAR`), and `$$VAR`, which Compose turns
/// into `$VAR` for the container's shell to expand.
fn expands(word: &str) -> bool {
    word.contains('$')
}

/// A command written as one string, split into its commands.
fn script_lines(text: &str, object: &str, node: &Node) -> Option<CommandLines> {
    let script = node.as_str()?;
    let map = yaml::line_map(text, node, script);
    let mut commands = shell::commands(script, |span| map.span(span.start, span.end)).commands;
    // `sh -c "chown app /data && exec gosu app server"`: what the shell runs.
    shell::expand_shell_scripts(text, &mut commands);
    Some(CommandLines {
        object: object.to_string(),
        span: node.span,
        commands,
    })
}

/// Memory and CPU as `deploy.resources` or the older service keys set them.
/// Values keep Compose's units (`512m` is 512 MiB): only their presence is
/// judged. A memory limit of zero or less is Docker's "unlimited", so none.
fn lower_resources(service: &Node) -> Resources {
    let deploy = service.path(&["deploy", "resources"]);
    let value = |bound: &str, resource: &str, older: Option<&str>| {
        let node = deploy
            .and_then(|d| d.path(&[bound, resource]))
            .or_else(|| older.and_then(|key| service.get(key)));
        string(node)
    };
    let limits_memory =
        value("limits", "memory", Some("mem_limit")).filter(|limit| !is_unlimited(&limit.value));
    let block = service
        .entry("deploy")
        .and_then(|d| d.value.entry("resources"))
        .map(|r| r.key.span)
        .or(limits_memory.as_ref().map(|m| m.span));
    Resources {
        span: block,
        requests_cpu: value("reservations", "cpus", None),
        requests_memory: value("reservations", "memory", Some("mem_reservation")),
        limits_cpu: value("limits", "cpus", Some("cpus")),
        limits_memory,
    }
}

/// `0`, `0m`, `-1`, `"${MEMORY:-0}"`: a size Docker reads as "unlimited"
/// (zero bytes, or a negative one), as Compose interpolates it. A variable
/// without a default is left to whoever deploys the file, who sets it: a
/// limit.
fn is_unlimited(size: &str) -> bool {
    let Some(size) = interpolate(size).value() else {
        return false;
    };
    let size = size.trim();
    let (negative, magnitude) = match size.strip_prefix('-') {
        Some(magnitude) => (true, magnitude),
        None => (false, size),
    };
    let digits = magnitude.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (negative || digits.bytes().all(|b| b == b'0'))
}

/// The environment's literal values; a variable taken from the shell
/// (`- TOKEN`, `TOKEN:`) or interpolated is a reference.
fn lower_env(pairs: Vec<(Spanned<String>, Option<Spanned<String>>)>) -> Vec<EnvVar> {
    pairs
        .into_iter()
        .map(|(name, value)| {
            let value = match value {
                Some(value) if !has_variable(&value.value) => {
                    let unescaped = interpolate(&value.value).value().unwrap_or_default();
                    EnvValue::Literal(Spanned::new(unescaped, value.span))
                }
                Some(value) => EnvValue::Reference(value.span),
                None => EnvValue::Reference(name.span),
            };
            EnvVar { name, value }
        })
        .collect()
}

/// The settings that secret scanning reads from `pairs`: literal values,
/// and interpolated ones, which are judged by their default if they have one.
fn push_settings(
    model: &mut FileModel,
    context: SettingContext,
    object: &str,
    pairs: &[(Spanned<String>, Option<Spanned<String>>)],
) {
    for (key, value) in pairs {
        let Some(value) = value else {
            continue;
        };
        let literal = !has_variable(&value.value);
        let shown = if literal {
            interpolate(&value.value).value().unwrap_or_default()
        } else {
            value.value.clone()
        };
        model.settings.push(Setting {
            context,
            object: object.to_string(),
            key: key.clone(),
            value: Spanned::new(shown, value.span),
            literal,
            in_list: false,
        });
    }
}

/// `env_file:` as a path, a list of paths, or a list of `{path, required}`.
fn env_files(service: &Node) -> Vec<Spanned<String>> {
    service
        .get("env_file")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .filter_map(|item| string(Some(item)).or_else(|| string(item.get("path"))))
        .collect()
}

/// `environment:` (or `build.args`) as a map or a list of `KEY=value`,
/// each name and value with its span; `None` for a name without a value.
fn pairs(node: Option<&Node>, text: &str) -> Vec<(Spanned<String>, Option<Spanned<String>>)> {
    let Some(environment) = node else {
        return Vec::new();
    };
    if environment.as_map().is_some() {
        return environment
            .entries()
            .into_iter()
            .filter_map(|entry| Some((string(Some(&entry.key))?, string(Some(&entry.value)))))
            .collect();
    }
    environment
        .items()
        .iter()
        .filter_map(|item| {
            let written = item.as_str()?;
            let Some((key, value)) = written.split_once('=') else {
                return Some((Spanned::new(written.to_string(), item.span), None));
            };
            // Sub-spans only where the text is written as it reads
            // (no escapes); else the whole item.
            let inner = inside_quotes(text, item.span);
            let verbatim = text.get(inner.start..inner.end) == Some(written);
            let (key_span, value_span) = if verbatim {
                let split = inner.start + key.len();
                (
                    Span::new(inner.start, split),
                    Span::new(split + 1, inner.end),
                )
            } else {
                (item.span, item.span)
            };
            Some((
                Spanned::new(key.to_string(), key_span),
                Some(Spanned::new(value.to_string(), value_span)),
            ))
        })
        .collect()
}
