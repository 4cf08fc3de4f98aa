//! Facts: what the files of the scanned set tell about each other, for the
//! checks whose answer in one file depends on another.
//! - Kubernetes: a LimitRange's defaults fill the requests and limits that
//!   containers of its namespace leave unset, wherever the LimitRange is.
//! - Kubernetes: a (Cluster)RoleBinding grants the ClusterRole it names in
//!   every namespace or in its own; a ClusterRole is bound by the bindings
//!   of its file's directory, of those above it and of those below it.
//! - Terraform: a module is a directory; `var.x` and `local.x` in one `.tf`
//!   file name a variable default or a local declared in a sibling file,
//!   and a variables file that Terraform loads on its own
//!   (`terraform.tfvars`, `*.auto.tfvars`) replaces the default: a file that
//!   resolved a reference to a default is checked again with that value. A
//!   variable declared `sensitive` makes the value any variables file of
//!   its directory gives it a secret.
//! - Kubernetes: a Service sends traffic to the pods its selector matches,
//!   in the files of its directory, of those above it and of those below
//!   it (as for ClusterRole bindings), which tells a served container from
//!   a worker.
//! - Kustomize: a kustomization names the files that patch its resources;
//!   the objects in those files are partial, wherever the files are.
//! - Compose: a service's `build:` names a Dockerfile; the USER and
//!   HEALTHCHECK of its final stage apply where the service sets none.
//! - Compose: an override file (`docker-compose.override.yml`,
//!   `compose.prod.yaml`) adds to the services of the base file of its
//!   directory (`compose.yaml`, `docker-compose.yml`), as `docker compose`
//!   merges them: an override's service that the base also declares is
//!   judged only for what it writes, and what it leaves unset is the
//!   base's to report. A file that may be another complete stack (every
//!   service with an image or a build, not named `*.override.*`, run alone
//!   with `-f`) gets its absences reported unless its base would fill
//!   every one of them (user, healthcheck, memory limit, `read_only`,
//!   `no-new-privileges`). Without a base of the scan in its directory, an
//!   override's service is judged as any other: one without an image or a
//!   build is a fragment, one with them is most often a service it adds
//!   (LibreChat's documented `docker-compose.override.yml` adds MCP
//!   servers), complete and judged whole.
//! - GitHub Actions: a job that calls a local reusable workflow
//!   (`uses: ./.github/workflows/tests.yml`) runs what that file runs; the
//!   file offers the roles its jobs show (test, push ...), by name. A step
//!   that uses a local composite action (`uses: ./.github/actions/test`)
//!   runs the steps of that directory's `action.yml`, which offers their
//!   roles the same way.
//! - GitLab CI: `.gitlab-ci.yml` and the files it pulls in with `include:
//!   local` (from the repository's root, the directory holding it) are one
//!   pipeline; every file of it is checked with the texts of the others
//!   and reports what is written in it. GitLab files are the exception to
//!   the short strings below: a pipeline reads its files' texts again, once
//!   for all of them, when the first of them is checked again, as GitLab
//!   merges them whole, bounded by the read limit of a file.
//!
//! The pipeline keeps its per-file design (memory bounded by the largest
//! file, not by the tree) with at most two checks of a file:
//! 1. Every file is parsed, lowered and checked on its own, as always, and
//!    leaves an [`Exchange`] beside its findings: what it offers the others
//!    (LimitRange defaults, literal declarations) and what it would take from
//!    them (its containers' namespaces, the references it left unresolved).
//!    The model is dropped; an exchange holds a few short strings. A GitLab
//!    file that [`FirstPass::waits`] (one of a pipeline of several files)
//!    is only parsed here, for its includes (not even that when its text
//!    cannot hold one): it is lowered and checked in step 3, with its
//!    pipeline.
//! 2. The exchanges are merged into [`Facts`] in path order, so the facts do
//!    not depend on which thread finished first: the first declaration of a
//!    name in a directory (by path) wins.
//! 3. Only a file that [`Facts::concern`]s, or whose rules waited, is read
//!    and checked again, with the facts at hand (the Terraform adapter
//!    resolves references while lowering; rules read namespace defaults
//!    through their context); its second outcome replaces the first. A
//!    tree without such facts costs nothing more, and one with them
//!    re-reads only the files they change.
//!
//! A value is shared only when it is a literal, or a list of literals, of
//! at most [`MAX_VALUE_BYTES`] of text, which bounds the facts by the number of
//! declarations, not by their size. What no file declares stays unknown,
//! and an unknown value is never guilty.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use crate::discover::Candidate;
use crate::finding::Text;
use crate::formats::gitlab_ci::is_pipeline_root;
use crate::formats::gitlab_ci::moved::Bounds;
use crate::formats::terraform::variables_file_order;
use crate::formats::yaml::Node;
use crate::model::{
    Container, DeclaredValue, Derived, FileModel, Grant, Healthcheck, Origin, Pipeline, Problem,
    Provider, ResourceDefaults, RoleBinding, ServiceSelector, Setting,
};

/// The longest declared value shared with other files: longer literals are
/// documents, not the settings the rules compare.
pub const MAX_VALUE_BYTES: usize = 4096;

/// What one file offers the others, and what it would take from them.
#[derive(Debug, Default)]
pub struct Exchange {
    /// As reported: the file's candidate's copy, once it is found
    /// ([`Exchange::found_as`]).
    path: Text,
    /// Only the parts the file has: a run over a large tree keeps tens of
    /// thousands of exchanges, and a structure with room for every part
    /// took 470 bytes for each file that had any one of them (most
    /// Kubernetes and Compose files).
    parts: Box<[Part]>,
}

/// Declares the [`Part`]s that are lists, with the method that reads each
/// (empty when the file has none) where a concern or the merge reads it,
/// and the method that takes it where the merge moves it into the facts.
macro_rules! list_parts {
    ($($(#[$doc:meta])* $part:ident($item:ty) $(read $read:ident)? $(take $take:ident)?;)*) => {
        /// One part of what a file offers or takes that only some files
        /// have. An exchange holds at most one of each.
        #[derive(Debug)]
        enum Part {
            $($(#[$doc])* $part(Vec<$item>),)*
            /// It is an action's metadata: callers name its directory, not
            /// the file.
            Action,
            /// It is a reusable workflow (`on: workflow_call`).
            Reusable,
            /// Its text and local includes, when it is a GitLab CI file.
            Gitlab(Box<GitlabSource>),
            /// What the image its final stage builds runs as (a
            /// Dockerfile).
            Image(Box<BuiltImage>),
        }

        impl Exchange {
            $(
                $(fn $read(&self) -> &[$item] {
                    self.parts
                        .iter()
                        .find_map(|part| match part {
                            Part::$part(items) => Some(items.as_slice()),
                            _ => None,
                        })
                        .unwrap_or(&[])
                })?
                $(
                    fn $take(&mut self) -> Vec<$item> {
                        self.parts
                            .iter_mut()
                            .find_map(|part| match part {
                                Part::$part(items) => Some(std::mem::take(items)),
                                _ => None,
                            })
                            .unwrap_or_default()
                    }
                )?
            )*
        }

        impl Part {
            /// Whether it says something: an empty list says nothing.
            fn says_something(&self) -> bool {
                match self {
                    $(Part::$part(items) => !items.is_empty(),)*
                    Part::Action | Part::Reusable | Part::Gitlab(_) | Part::Image(_) => true,
                }
            }

            /// Without spare room: a run keeps every exchange until the
            /// facts are merged (spare room was a third of their
            /// declarations' memory).
            fn shrunk(mut self) -> Part {
                match &mut self {
                    $(Part::$part(items) => items.shrink_to_fit(),)*
                    Part::Action | Part::Reusable | Part::Gitlab(_) | Part::Image(_) => {}
                }
                self
            }
        }
    };
}

list_parts! {
    /// Its literal declarations, of at most [`MAX_VALUE_BYTES`].
    Declared(DeclaredValue) take take_declared;
    /// The namespaces of its Kubernetes containers (`None`: not written).
    Namespaces(Option<String>) read namespaces;
    /// The references it could not resolve alone.
    Unresolved(String) read unresolved;
    /// LimitRange defaults.
    Defaults(ResourceDefaults) take take_defaults;
    /// The files it names as patches, as reported paths.
    Patches(String) take take_patches;
    /// The Dockerfiles its containers are built from, as reported paths.
    Builds(String) read builds;
    /// What its jobs show they do, when it is a reusable workflow or a
    /// composite action: role names, as the job-ordering rules classify them.
    WorkflowRoles(String) read workflow_roles;
    /// The local reusable workflows and actions it calls, as normalized paths.
    Calls(String) read calls;
    /// Its Compose services, and what each sets.
    Services(ComposeService) read services;
    /// The ClusterRoles its Kubernetes bindings grant, by name, and how far.
    RoleBindings((String, Reach)) take take_role_bindings;
    /// The names of the ClusterRoles it declares that grant on one of
    /// [`REACH_JUDGED`] and that no ClusterRoleBinding of its own binds:
    /// bindings elsewhere may.
    ClusterRoles(String) read cluster_roles;
    /// The pods its Kubernetes Services select.
    Selectors(ServiceSelector) take take_selectors;
    /// The pods (namespace, labels) of its Kubernetes containers that
    /// declare no port: whether a Service elsewhere selects them is what
    /// the other files can tell.
    UnportedPods((Option<String>, BTreeMap<String, String>)) read unported_pods;
    /// The references it resolved to a variable's default, which a
    /// variables file of its module may replace.
    Defaulted(String) read defaulted;
    /// The Terraform variables it declares `sensitive`.
    SecretInputs(String) take take_secret_inputs;
    /// The Terraform variables whose secrecy decides how it is judged (a
    /// variables file gives them values, an ECS container publishes them).
    InputsUsed(String) read inputs_used;
}

/// A GitLab CI file as the others of its pipeline need it. Not its text:
/// most of a tree's GitLab files are read again only when their pipeline
/// is checked, and holding every text until the facts are merged was the
/// largest part of a run's peak memory.
#[derive(Debug)]
struct GitlabSource {
    /// Where to read it again.
    origin: PathBuf,
    /// Its `include: local` patterns, as written.
    includes: Vec<String>,
}

/// What a Compose service sets of what the container rules ask for, by
/// name: what a base file gives the services of its overrides.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComposeService {
    pub name: String,
    pub user: bool,
    pub healthcheck: bool,
    pub memory_limit: bool,
    pub read_only: bool,
    pub no_new_privileges: bool,
}

impl ComposeService {
    pub fn of(container: &Container) -> Option<ComposeService> {
        let name = container.name.as_ref()?.value.clone();
        let security = &container.security;
        Some(ComposeService {
            name,
            user: security.user.is_some(),
            healthcheck: container.probes.healthcheck.is_some(),
            memory_limit: container.resources.limits_memory.is_some(),
            read_only: security.read_only_root_filesystem.is_some(),
            no_new_privileges: security.allow_privilege_escalation.is_some(),
        })
    }

    /// Whether every setting `own` leaves unset is set here.
    pub fn fills(&self, own: &ComposeService) -> bool {
        (own.user || self.user)
            && (own.healthcheck || self.healthcheck)
            && (own.memory_limit || self.memory_limit)
            && (own.read_only || self.read_only)
            && (own.no_new_privileges || self.no_new_privileges)
    }
}

/// The Kubernetes resources whose grants in a ClusterRole the RBAC rules
/// judge by how far the role is bound (`rbac-secrets-read` reads Secrets,
/// `rbac-pod-exec` the subresources that run commands in pods): a binding
/// in another file of the tree can decide their findings.
pub const REACH_JUDGED: &[&str] = &[
    "secrets",
    "pods/exec",
    "pods/attach",
    "pods/ephemeralcontainers",
    "nodes/proxy",
];

/// How far the bindings of a scanned set grant a ClusterRole: a
/// ClusterRoleBinding grants it in every namespace, a RoleBinding only in
/// its own. Ordered: the widest binding is the role's reach.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// No binding of it was seen.
    #[default]
    Unbound,
    /// Only RoleBindings grant it, each in its namespace.
    Namespaced,
    /// A ClusterRoleBinding grants it.
    ClusterWide,
}

impl Reach {
    /// How far a Kubernetes binding grants the ClusterRole it names; `None`
    /// when it names no ClusterRole (a Role, or another provider's role).
    pub fn of(binding: &RoleBinding) -> Option<Reach> {
        if binding.provider != Provider::Kubernetes {
            return None;
        }
        if binding.object.starts_with("ClusterRoleBinding/") {
            Some(Reach::ClusterWide)
        } else if binding.role_kind.as_deref() == Some("ClusterRole") {
            Some(Reach::Namespaced)
        } else {
            None
        }
    }
}

/// A binding of a ClusterRole, as the files of its directory tree see it.
#[derive(Debug)]
struct BoundRole {
    /// The binding's file, as reported.
    path: Text,
    role: String,
    reach: Reach,
}

/// The name of the ClusterRole a Kubernetes grant comes from.
fn cluster_role_of(grant: &Grant) -> Option<&str> {
    match grant.kubernetes_role() {
        Some(("ClusterRole", name)) if grant.cluster_wide == Some(true) => Some(name),
        _ => None,
    }
}

/// What a Dockerfile's final stage tells about the image it builds, for the
/// containers that run it without saying otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltImage {
    /// The USER, as written; `None` without one (root, unless the base
    /// image promises otherwise).
    pub user: Option<String>,
    pub user_unresolved: bool,
    pub base_image_nonroot: bool,
    /// The user its ENTRYPOINT switches to (`gosu app`).
    pub drops_to: Option<String>,
    /// It declares a HEALTHCHECK (`HEALTHCHECK NONE` is none).
    pub healthcheck: bool,
    /// The stage's name (`FROM node:22 AS runtime`), lower-cased.
    pub stage: Option<String>,
    /// What the file's other named stages build, for builds whose `target`
    /// names one.
    pub targets: Vec<BuiltImage>,
}

impl BuiltImage {
    /// What a build of `target` (lower-cased; none: the default, the final
    /// stage) makes, when the file has that stage.
    pub fn for_target(&self, target: Option<&str>) -> Option<&BuiltImage> {
        self.stages().nth(self.stage_of(target)?)
    }

    /// Where `target` is among [`BuiltImage::stages`].
    pub fn stage_of(&self, target: Option<&str>) -> Option<usize> {
        let Some(target) = target else {
            return Some(0);
        };
        self.stages()
            .position(|image| image.stage.as_deref() == Some(target))
    }

    /// The final stage's image, then the other named stages'.
    pub fn stages(&self) -> impl Iterator<Item = &BuiltImage> {
        std::iter::once(self).chain(&self.targets)
    }

    /// What the image a Dockerfile's model builds runs as.
    pub fn of(model: &FileModel) -> Option<BuiltImage> {
        let c = model
            .containers
            .iter()
            .find(|c| c.origin == Origin::DockerImage)?;
        Some(BuiltImage {
            targets: model
                .build_targets
                .iter()
                .map(BuiltImage::of_stage)
                .collect(),
            ..BuiltImage::of_stage(c)
        })
    }

    fn of_stage(c: &Container) -> BuiltImage {
        BuiltImage {
            user: c.security.user.as_ref().map(|u| u.value.clone()),
            user_unresolved: c.security.user_unresolved,
            base_image_nonroot: c.security.base_image_nonroot,
            drops_to: c.security.drops_to.as_ref().map(|d| d.value.clone()),
            healthcheck: matches!(c.probes.healthcheck, Some(Healthcheck::Command(_))),
            stage: c.place.strip_prefix("stage/").map(str::to_string),
            targets: Vec::new(),
        }
    }
}

impl Exchange {
    pub fn of(path: &str, model: &FileModel) -> Exchange {
        let mut namespaces: Vec<Option<String>> = model
            .containers
            .iter()
            .filter(|c| c.origin == Origin::Kubernetes)
            .map(|c| c.namespace.clone())
            .collect();
        namespaces.sort();
        namespaces.dedup();
        let mut unresolved = model.unresolved.clone();
        unresolved.sort();
        unresolved.dedup();
        let declared = model
            .declared
            .iter()
            .filter(|d| d.value.bytes() <= MAX_VALUE_BYTES)
            .cloned()
            .collect();
        let services = model
            .containers
            .iter()
            .filter(|c| c.origin == Origin::Compose)
            .filter_map(ComposeService::of)
            .collect();
        let calls = model
            .pipelines
            .iter()
            .flat_map(|p| p.jobs.iter().map(|job| &**job))
            .chain(&model.action)
            .flat_map(|job| {
                job.uses
                    .iter()
                    .chain(job.steps.iter().flat_map(|s| &s.uses))
            })
            .filter_map(|uses| local_path(path, &uses.value))
            .collect();
        let cluster_roles = {
            // Only a grant on one of those resources asks how far its role
            // reaches, and a ClusterRoleBinding in its own file already
            // says: the others are not checked again for bindings
            // elsewhere.
            let bound_here = |role: &str| {
                model
                    .role_bindings
                    .iter()
                    .any(|b| b.role.value == role && Reach::of(b) == Some(Reach::ClusterWide))
            };
            let mut names: Vec<String> = model
                .grants
                .iter()
                .filter(|g| {
                    g.resources
                        .iter()
                        .any(|r| REACH_JUDGED.contains(&r.value.as_str()))
                })
                .filter_map(cluster_role_of)
                .filter(|role| !bound_here(role))
                .map(str::to_owned)
                .collect();
            names.dedup();
            names
        };
        let unported_pods = {
            let mut pods: Vec<_> = model
                .containers
                .iter()
                .filter(|c| {
                    c.origin == Origin::Kubernetes && c.ports.is_empty() && !c.pod_labels.is_empty()
                })
                .map(|c| (c.namespace.clone(), c.pod_labels.clone()))
                .collect();
            pods.sort();
            pods.dedup();
            pods
        };
        let defaulted = {
            let mut names: Vec<String> = model
                .resolutions
                .iter()
                .filter(|r| r.overridable)
                .map(|r| r.name.clone())
                .collect();
            names.sort();
            names.dedup();
            names
        };
        let is_reusable = model
            .pipelines
            .iter()
            .any(|p| p.triggers.iter().any(|t| t.value == "workflow_call"));
        let parts: Vec<Part> = [
            Part::Declared(declared),
            Part::Namespaces(namespaces),
            Part::Unresolved(unresolved),
            Part::Defaults(model.resource_defaults.clone()),
            Part::Patches(
                model
                    .patches
                    .iter()
                    .map(|patch| relative_to(path, patch))
                    .collect(),
            ),
            Part::Builds(
                model
                    .built_from
                    .iter()
                    .map(|dockerfile| relative_to(path, dockerfile))
                    .collect(),
            ),
            Part::Calls(calls),
            Part::Services(services),
            Part::RoleBindings(
                model
                    .role_bindings
                    .iter()
                    .filter_map(|b| Some((b.role.value.clone(), Reach::of(b)?)))
                    .collect(),
            ),
            Part::ClusterRoles(cluster_roles),
            Part::Selectors(model.services.clone()),
            Part::UnportedPods(unported_pods),
            Part::Defaulted(defaulted),
            Part::SecretInputs(model.secret_inputs.clone()),
            Part::InputsUsed(model.inputs_used.clone()),
        ]
        .into_iter()
        .chain(model.action.is_some().then_some(Part::Action))
        .chain(is_reusable.then_some(Part::Reusable))
        .chain(BuiltImage::of(model).map(|image| Part::Image(Box::new(image))))
        .filter(Part::says_something)
        .map(Part::shrunk)
        .collect();
        Exchange {
            path: Text::from(path),
            parts: parts.into_boxed_slice(),
        }
    }

    /// Adds a part the file's model alone does not give.
    fn add_part(&mut self, part: Part) {
        let mut parts = std::mem::take(&mut self.parts).into_vec();
        parts.push(part);
        self.parts = parts.into_boxed_slice();
    }

    fn is_action(&self) -> bool {
        self.parts.iter().any(|part| matches!(part, Part::Action))
    }

    fn is_reusable(&self) -> bool {
        self.parts.iter().any(|part| matches!(part, Part::Reusable))
    }

    fn gitlab(&self) -> Option<&GitlabSource> {
        self.parts.iter().find_map(|part| match part {
            Part::Gitlab(source) => Some(&**source),
            _ => None,
        })
    }

    /// Whether the file offers the others nothing and takes nothing from
    /// them: a run need not keep such an exchange.
    pub fn says_nothing(&self) -> bool {
        self.parts.is_empty()
    }

    fn take_image(&mut self) -> Option<BuiltImage> {
        let at = self
            .parts
            .iter()
            .position(|part| matches!(part, Part::Image(_)))?;
        let mut parts = std::mem::take(&mut self.parts).into_vec();
        let image = parts.remove(at);
        self.parts = parts.into_boxed_slice();
        match image {
            Part::Image(image) => Some(*image),
            _ => None,
        }
    }

    /// Records what the file's reusable workflow or composite action runs
    /// (role names): the classification is the rules' business, the facts
    /// only carry it.
    pub fn offer_workflow_roles(&mut self, roles: Vec<String>) {
        if !roles.is_empty() {
            self.add_part(Part::WorkflowRoles(roles));
        }
    }

    /// Records that a file is a GitLab CI file, with its local includes,
    /// for the files of its pipeline.
    pub fn offer_gitlab(&mut self, model: &FileModel) {
        self.add_part(Part::Gitlab(Box::new(GitlabSource {
            origin: PathBuf::from(&*self.path),
            includes: model.includes.clone(),
        })));
    }

    /// Takes the path of the candidate the file was found as: the run keeps
    /// the candidate as long, so one copy serves both. A GitLab file is
    /// read again from there (its reported path may not name it: a walked
    /// path that is not UTF-8, or holds a `\`).
    pub fn found_as(&mut self, candidate: &Candidate) {
        if self.path == candidate.display {
            self.path = candidate.display.clone();
        }
        for part in &mut self.parts {
            if let Part::Gitlab(source) = part {
                source.origin = candidate.path().to_path_buf();
            }
        }
    }
}

/// What a run's first pass knows before any file is read: the candidates'
/// paths, and so where GitLab pipelines start (a directory that holds a
/// `.gitlab-ci.yml`, from where its local includes are read).
#[derive(Debug)]
pub struct FirstPass {
    gitlab_roots: BTreeSet<String>,
}

impl FirstPass {
    pub fn new<'p>(paths: impl IntoIterator<Item = &'p str>) -> FirstPass {
        FirstPass {
            gitlab_roots: paths
                .into_iter()
                .filter(|path| is_pipeline_root(path))
                .map(|path| directory(path).to_owned())
                .collect(),
        }
    }

    /// Whether the GitLab file at `path`, read as `model`, is likely one
    /// of a pipeline of several files, which checks it again with the
    /// others: it includes local files, or a `.gitlab-ci.yml` in a
    /// directory above it may include it. Such a file is only read here
    /// for its includes: lowering and checking it alone cost as much as
    /// its check with its pipeline, and was thrown away. A file predicted
    /// wrongly is checked alone in the second pass, read a second time.
    pub fn waits(&self, path: &str, model: &FileModel) -> bool {
        !model.includes.is_empty() || self.below_root(path)
    }

    /// Whether the GitLab file at `path` is no pipeline's root but lies in
    /// or below the directory of one: [`FirstPass::waits`] whatever it
    /// includes.
    pub fn below_root(&self, path: &str) -> bool {
        !is_pipeline_root(path)
            && Path::new(path)
                .ancestors()
                .skip(1)
                .filter_map(Path::to_str)
                .any(|dir| self.gitlab_roots.contains(dir))
    }
}

/// The files of one GitLab pipeline, in the order GitLab merges them:
/// included files first (a file's own includes before it), `.gitlab-ci.yml`
/// last, each later file's keys winning.
#[derive(Debug, Default)]
pub struct GitlabPipeline {
    pub members: Vec<GitlabMember>,
    /// The pipeline lowered once for all its files, by the first of them
    /// to need it, each file laid out in its place past the longest file's
    /// end: each file's model is this one with its own text moved to the
    /// start. Lowering the whole pipeline again for each of its files cost
    /// the pipeline's size once per file.
    lowered: Mutex<Option<Arc<LoweredPipeline>>>,
    /// The files of the pipeline not yet lowered: the last one frees the
    /// lowered pipeline, which would otherwise be held through every other
    /// file's check.
    unlowered: AtomicUsize,
}

/// A GitLab pipeline lowered with every file in its place in the layout
/// its files' checks share, and what lowering it told.
#[derive(Debug)]
pub struct LoweredPipeline {
    pub pipeline: Pipeline,
    /// Where in the layout each job's spans lie: a file's copy of the
    /// pipeline shares the jobs that lie outside its text, and copies and
    /// moves only the others.
    pub job_bounds: Vec<Bounds>,
    pub settings: Vec<Setting>,
    /// Includes not merged, then jobs that could not be assembled.
    pub problems: Vec<Problem>,
    /// Its `workflow: name:` names it; else each file names it by its own.
    pub named: bool,
    /// What the rules derive from it, for every file's copy to share.
    pub derived: Derived,
}

#[derive(Debug)]
pub struct GitlabMember {
    /// The normalized path.
    pub path: String,
    /// Where to read it.
    origin: PathBuf,
    /// Its text, read on first use: a file that reads differently now
    /// than when it was checked is read as it is now by every other file.
    text: OnceLock<String>,
    /// Its `include: local` patterns that name no file of the set.
    pub unmatched: Vec<String>,
    /// Its configuration document and the problems reading it, parsed by
    /// the first of the pipeline's files to need it: each file of the
    /// pipeline is checked with all the others, and parsing each again for
    /// each would cost the pipeline's size once per file.
    parsed: OnceLock<(Option<Node>, Vec<Problem>)>,
}

impl GitlabMember {
    /// Its text, read again on first use (empty if it cannot be read now:
    /// it was read a moment before, to be found a GitLab file).
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            crate::read_bounded(&self.origin)
                .ok()
                .flatten()
                .and_then(|bytes| crate::decode(bytes).ok())
                .unwrap_or_default()
        })
    }

    /// Its configuration document and the problems reading it, parsed
    /// with `parse` on first use.
    pub fn parsed(
        &self,
        parse: impl FnOnce(&str) -> (Option<Node>, Vec<Problem>),
    ) -> &(Option<Node>, Vec<Problem>) {
        self.parsed.get_or_init(|| parse(self.text()))
    }
}

impl GitlabPipeline {
    /// The pipeline as [`LoweredPipeline`] holds it, lowered with `lower`
    /// by the first caller.
    pub fn lowered(&self, lower: impl FnOnce() -> LoweredPipeline) -> Arc<LoweredPipeline> {
        let lowered = || self.lowered.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(pipeline) = &*lowered() {
            return Arc::clone(pipeline);
        }
        // Lowered unlocked: two files may lower it at once, to the same
        // result, rather than wait for each other.
        let pipeline = Arc::new(lower());
        Arc::clone(lowered().get_or_insert(pipeline))
    }

    /// Tells that one of the pipeline's files is lowered; after the last,
    /// the lowered pipeline is freed (a file lowered again, as standard
    /// input named as one of them may be, lowers it anew, alike).
    pub fn lowered_one(&self) {
        let before = self
            .unlowered
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
        if before == Ok(1) {
            *self.lowered.lock().unwrap_or_else(PoisonError::into_inner) = None;
        }
    }

    /// Where the file at `path` comes in the merge order.
    pub fn index_of(&self, path: &str) -> Option<usize> {
        let path = normalize(Path::new(path));
        self.members.iter().position(|m| m.path == path)
    }
}

/// GitLab's bound on the includes of one pipeline.
pub const MAX_GITLAB_INCLUDES: usize = 150;

/// A fact and the file it comes from.
#[derive(Debug)]
pub struct Shared<T> {
    /// The file, as reported: the allocation its candidate and exchange
    /// hold, for all its facts.
    pub path: Text,
    pub fact: T,
}

/// The facts of the whole scanned set.
#[derive(Debug, Default)]
pub struct Facts {
    /// LimitRange defaults, in path order.
    defaults: Vec<Shared<ResourceDefaults>>,
    /// Declared values by module directory, then by name (sorted lists,
    /// not maps: most directories hold a few, and a map's node is sized
    /// for eleven).
    modules: BTreeMap<String, Vec<Shared<DeclaredValue>>>,
    /// The files some kustomization names as patches (normalized paths).
    patches: BTreeSet<String>,
    /// The images the Dockerfiles of the set build, by normalized path.
    images: BTreeMap<String, BuiltImage>,
    /// What each reusable workflow (by normalized path) and each composite
    /// action (by its directory's) runs: role names.
    workflows: BTreeMap<String, Vec<String>>,
    /// The GitLab pipeline each file that includes or is included belongs
    /// to, by normalized path.
    gitlab: BTreeMap<String, Arc<GitlabPipeline>>,
    /// The services base Compose files declare, by directory, then name
    /// (sorted lists, as `modules`).
    compose_bases: BTreeMap<String, Vec<ComposeService>>,
    /// The bindings of ClusterRoles, by the directory of their file.
    role_bindings: BTreeMap<String, Vec<BoundRole>>,
    /// The pod selectors of Services, by the directory of their file.
    selectors: BTreeMap<String, Vec<Shared<ServiceSelector>>>,
    /// The Terraform variables declared `sensitive`, by module directory.
    secret_inputs: BTreeMap<String, BTreeSet<String>>,
}

/// Moves what `exchange` offers and no concern reads (patches, image,
/// defaults, declarations, bindings, selectors, sensitive variables) into
/// `facts`, and gives it back for the rest.
fn exchange_offers<'e>(exchange: &'e mut Exchange, facts: &mut Facts) -> &'e mut Exchange {
    if let Some(image) = exchange.take_image() {
        facts
            .images
            .insert(normalize(Path::new(&*exchange.path)), image);
    }
    facts.patches.extend(exchange.take_patches());
    let path = exchange.path.clone();
    facts
        .defaults
        .extend(exchange.take_defaults().into_iter().map(shared_by(&path)));
    let declared = exchange.take_declared();
    if !declared.is_empty() {
        in_directory(&mut facts.modules, &path).extend(declared.into_iter().map(shared_by(&path)));
    }
    let bindings = exchange.take_role_bindings();
    if !bindings.is_empty() {
        in_directory(&mut facts.role_bindings, &path).extend(bindings.into_iter().map(
            |(role, reach)| BoundRole {
                path: path.clone(),
                role,
                reach,
            },
        ));
    }
    let selectors = exchange.take_selectors();
    if !selectors.is_empty() {
        in_directory(&mut facts.selectors, &path)
            .extend(selectors.into_iter().map(shared_by(&path)));
    }
    let secret_inputs = exchange.take_secret_inputs();
    if !secret_inputs.is_empty() {
        in_directory(&mut facts.secret_inputs, &path).extend(secret_inputs);
    }
    exchange
}

/// What the file at `path` offers, as a fact of the set.
fn shared_by<T>(path: &Text) -> impl Fn(T) -> Shared<T> + '_ {
    move |fact| Shared {
        path: path.clone(),
        fact,
    }
}

/// What `map` holds for the directory of the file at `path`.
fn in_directory<'m, V: Default>(map: &'m mut BTreeMap<String, V>, path: &str) -> &'m mut V {
    map.entry(directory(path).to_owned()).or_default()
}

impl Facts {
    /// Merges the exchanges of a run; they come in path order (discovery
    /// sorts the files), which makes the first declaration win everywhere.
    /// What the exchanges offer is moved into the facts, not copied: they
    /// keep what [`Facts::concern`] reads.
    pub fn merge<'a>(exchanges: impl IntoIterator<Item = &'a mut Exchange>) -> Facts {
        let mut facts = Facts::default();
        let mut gitlab = BTreeMap::new();
        let mut callers = Vec::new();
        for exchange in exchanges {
            let exchange = &*exchange_offers(exchange, &mut facts);
            if exchange.is_action() || exchange.is_reusable() {
                let called = if exchange.is_action() {
                    directory(&exchange.path)
                } else {
                    &*exchange.path
                };
                let called = normalize(Path::new(called));
                if !exchange.calls().is_empty() {
                    callers.push((called.clone(), exchange.calls()));
                }
                if !exchange.workflow_roles().is_empty() {
                    facts
                        .workflows
                        .entry(called)
                        .or_insert_with(|| exchange.workflow_roles().to_vec());
                }
            }
            if let Some(source) = exchange.gitlab() {
                gitlab.insert(normalize(Path::new(&*exchange.path)), source);
            }
            if is_compose_base(&exchange.path) && !exchange.services().is_empty() {
                facts
                    .compose_bases
                    .entry(directory(&exchange.path).to_owned())
                    .or_default()
                    .extend(exchange.services().iter().cloned());
            }
        }
        for module in facts.modules.values_mut() {
            // The first declaration of a name (in path order) wins, after
            // the values variables files apply, the last loaded first: the
            // stable sort by name keeps this order within a name.
            module.sort_by(|a, b| applied_order(b).cmp(&applied_order(a)));
            keep_first_by_name(module, declared_name);
        }
        for services in facts.compose_bases.values_mut() {
            // The last base file to declare a service (in path order) gives
            // it, as when the services were a map filled in that order.
            services.reverse();
            keep_first_by_name(services, service_name);
        }
        facts.gitlab = gitlab_pipelines(&gitlab);
        facts.take_called_roles(&callers);
        facts
    }

    /// Gives each reusable workflow and composite action the roles of the
    /// local ones it calls, through any depth: an action that only runs
    /// another (`uses: ./.github/actions/test`) tests as that one does.
    /// Roles only grow, and there are few of them, so this ends; cycles
    /// (which GitHub rejects) end it too.
    fn take_called_roles(&mut self, callers: &[(String, &[String])]) {
        loop {
            let mut grown = false;
            for (caller, calls) in callers {
                let mut roles = self.workflows.get(caller).cloned().unwrap_or_default();
                let before = roles.len();
                for called in calls.iter() {
                    roles.extend(self.workflows.get(called).into_iter().flatten().cloned());
                }
                roles.sort();
                roles.dedup();
                if roles.len() > before {
                    self.workflows.insert(caller.clone(), roles);
                    grown = true;
                }
            }
            if !grown {
                return;
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.defaults.is_empty()
            && self.modules.is_empty()
            && self.patches.is_empty()
            && self.images.is_empty()
            && self.workflows.is_empty()
            && self.gitlab.is_empty()
            && self.compose_bases.is_empty()
            && self.role_bindings.is_empty()
            && self.selectors.is_empty()
            && self.secret_inputs.is_empty()
    }

    /// Whether a file checked alone would be checked differently with the
    /// facts: another file gives defaults to one of its namespaces, or
    /// declares a name it could not resolve.
    pub fn concern(&self, exchange: &Exchange) -> bool {
        let defaults = exchange.namespaces().iter().any(|namespace| {
            self.namespace_defaults(&exchange.path, namespace.as_deref())
                .next()
                .is_some()
        });
        let patched = !exchange.namespaces().is_empty() && self.is_patch(&exchange.path);
        let builds_known_image = exchange
            .builds()
            .iter()
            .any(|b| self.images.contains_key(b));
        let calls = exchange
            .calls()
            .iter()
            .any(|called| self.workflows.contains_key(called));
        let gitlab = exchange.gitlab().is_some()
            && self
                .gitlab
                .contains_key(&normalize(Path::new(&*exchange.path)));
        let overrides = exchange
            .services()
            .iter()
            .any(|service| self.compose_base(&exchange.path, &service.name).is_some());
        let bound_elsewhere = exchange.cluster_roles().iter().any(|role| {
            self.bindings_in_tree(&exchange.path, role)
                .any(|bound| *bound.path != *exchange.path)
        });
        let served_elsewhere = exchange.unported_pods().iter().any(|(namespace, labels)| {
            self.selecting_services(&exchange.path, namespace.as_deref(), labels)
                .next()
                .is_some()
        });
        let default_replaced = exchange.defaulted().iter().any(|name| {
            self.declared(&exchange.path, name)
                .is_some_and(|shared| shared.fact.applied())
        });
        let uses_secret = exchange
            .inputs_used()
            .iter()
            .any(|name| self.is_secret_input(&exchange.path, name));
        defaults
            || default_replaced
            || uses_secret
            || patched
            || served_elsewhere
            || builds_known_image
            || calls
            || gitlab
            || overrides
            || bound_elsewhere
            || exchange
                .unresolved()
                .iter()
                .any(|name| self.declared(&exchange.path, name).is_some())
    }

    /// Whether a kustomization of the scanned set names the file at `path`
    /// as a patch.
    pub fn is_patch(&self, path: &str) -> bool {
        self.patches.contains(&normalize(Path::new(path)))
    }

    /// The defaults other files give containers of `namespace` in the file
    /// at `path`. A LimitRange that names its namespace applies to that
    /// namespace anywhere in the set; one that does not (its namespace is
    /// chosen when it is applied, as is the container's) applies to
    /// containers without one in its directory and below, the files one
    /// `kubectl apply -R` would send with it. The values' spans are in the
    /// declaring file: messages may quote them, findings never point at them.
    pub fn namespace_defaults<'f>(
        &'f self,
        path: &str,
        namespace: Option<&str>,
    ) -> impl Iterator<Item = &'f Shared<ResourceDefaults>> {
        self.defaults.iter().filter(move |shared| {
            *shared.path != *path
                && shared.fact.namespace.as_deref() == namespace
                && (namespace.is_some()
                    || Path::new(directory(path)).starts_with(directory(&shared.path)))
        })
    }

    /// The image built from `dockerfile`, a path relative to the directory
    /// of the file at `path`, when the scanned set holds that Dockerfile;
    /// with the Dockerfile's path as reported.
    pub fn built_image(&self, path: &str, dockerfile: &str) -> Option<(String, &BuiltImage)> {
        let key = relative_to(path, dockerfile);
        let image = self.images.get(&key)?;
        Some((key, image))
    }

    /// What the base file of the directory of the Compose override at
    /// `path` sets for `service`, when it declares it.
    pub fn compose_base(&self, path: &str, service: &str) -> Option<&ComposeService> {
        if is_compose_base(path) {
            return None;
        }
        by_name(
            self.compose_bases.get(directory(path))?,
            service,
            service_name,
        )
    }

    /// How far the bindings of the scanned set grant the ClusterRole `role`
    /// that the file at `path` declares. A ClusterRole's name is the
    /// cluster's, but a scanned set holds many projects that reuse names
    /// (every kubebuilder operator has a `manager-role`): a binding counts
    /// where its file is in the role's directory, above it, or below it,
    /// the files one `kubectl apply -R` or kustomization would send with it.
    pub fn cluster_role_reach(&self, path: &str, role: &str) -> Reach {
        self.bindings_in_tree(path, role)
            .map(|bound| bound.reach)
            .max()
            .unwrap_or_default()
    }

    fn bindings_in_tree<'f>(
        &'f self,
        path: &str,
        role: &'f str,
    ) -> impl Iterator<Item = &'f BoundRole> + 'f {
        in_tree(&self.role_bindings, path).filter(move |bound| bound.role == role)
    }

    /// The Services of other files of the scanned set that select the pod
    /// of `namespace` with `labels` in the file at `path`. Pod labels are
    /// the project's (every example names its pods `app: web`), so, as for
    /// a ClusterRole's bindings, a Service counts where its file is in the
    /// pod's directory, above it, or below it; in that order (nearest
    /// directory above first, then below by path).
    pub fn selecting_services<'f>(
        &'f self,
        path: &'f str,
        namespace: Option<&'f str>,
        labels: &'f BTreeMap<String, String>,
    ) -> impl Iterator<Item = &'f Shared<ServiceSelector>> + 'f {
        in_tree(&self.selectors, path)
            .filter(move |shared| *shared.path != *path && shared.fact.selects(namespace, labels))
    }

    /// The value a file's module declares under `name` (`var.region`).
    pub fn declared(&self, path: &str, name: &str) -> Option<&Shared<DeclaredValue>> {
        by_name(self.modules.get(directory(path))?, name, declared_name)
    }

    /// Whether the module of the file at `path` declares the variable
    /// `name` `sensitive`.
    pub fn is_secret_input(&self, path: &str, name: &str) -> bool {
        self.secret_inputs
            .get(directory(path))
            .is_some_and(|names| names.contains(name))
    }
}

impl Facts {
    /// What the local reusable workflow (a job's `uses`) or composite action
    /// (a step's) that the workflow at `caller` names with `uses` runs (role
    /// names), if the scanned set holds it.
    pub fn called_roles(&self, caller: &str, uses: &str) -> Option<&[String]> {
        self.workflows
            .get(&local_path(caller, uses)?)
            .map(Vec::as_slice)
    }
}

impl Facts {
    /// Drops what only the file at `path` reads, once it is checked: its
    /// GitLab pipeline goes with the last of its files, and with it the
    /// files' parsed documents, the largest facts a run holds.
    pub fn done_with(&mut self, path: &str) {
        self.gitlab.remove(&normalize(Path::new(path)));
    }

    /// The GitLab pipeline the file at `path` is part of, when it includes
    /// files of the set or is included by one.
    pub fn gitlab_pipeline(&self, path: &str) -> Option<&GitlabPipeline> {
        self.gitlab
            .get(&normalize(Path::new(path)))
            .map(Arc::as_ref)
    }
}

/// The facts of the directory of the file at `path`, of those above it
/// (nearest first) and of those below it (in path order): the files one
/// `kubectl apply -R` or kustomization would send with it.
fn in_tree<'f, T>(
    by_directory: &'f BTreeMap<String, Vec<T>>,
    path: &str,
) -> impl Iterator<Item = &'f T> + 'f {
    let dir = directory(path);
    let above = Path::new(dir)
        .ancestors()
        .filter_map(Path::to_str)
        .filter_map(|d| by_directory.get(d))
        .collect::<Vec<_>>();
    let below_start = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let below = by_directory
        .range::<str, _>((Bound::Excluded(below_start.as_str()), Bound::Unbounded))
        .take_while(move |(d, _)| d.starts_with(&below_start))
        .map(|(_, facts)| facts);
    above.into_iter().chain(below).flatten()
}

/// Sorts `values` by the names `name_of` gives, keeping the first of each
/// name (the sort is stable), for [`by_name`].
fn keep_first_by_name<T>(values: &mut Vec<T>, name_of: fn(&T) -> &str) {
    values.sort_by(|a, b| name_of(a).cmp(name_of(b)));
    values.dedup_by(|later, first| name_of(later) == name_of(first));
    values.shrink_to_fit();
}

/// Where the file of a declaration comes among the variables files
/// Terraform loads on its own; `None` for any other declaration.
fn applied_order(declared: &Shared<DeclaredValue>) -> Option<(u8, &str)> {
    declared
        .fact
        .applied()
        .then(|| variables_file_order(file_name(&declared.path)))
        .flatten()
}

fn declared_name(declared: &Shared<DeclaredValue>) -> &str {
    &declared.fact.name
}

fn service_name(service: &ComposeService) -> &str {
    &service.name
}

/// The value named `name` in `values`, sorted by the names `name_of` gives.
fn by_name<'v, T>(values: &'v [T], name: &str, name_of: fn(&T) -> &str) -> Option<&'v T> {
    let index = values
        .binary_search_by(|value| name_of(value).cmp(name))
        .ok()?;
    Some(&values[index])
}

/// The pipelines of the GitLab files of a set: each `.gitlab-ci.yml` with
/// the files it includes, directly or through others. A file included by
/// two pipelines belongs to the first by path.
fn gitlab_pipelines(
    sources: &BTreeMap<String, &GitlabSource>,
) -> BTreeMap<String, Arc<GitlabPipeline>> {
    let mut out = BTreeMap::new();
    for path in sources.keys() {
        if !is_pipeline_root(path) {
            continue;
        }
        let mut gather = Gather {
            sources,
            root: directory(path),
            order: Vec::new(),
            seen: BTreeSet::new(),
        };
        gather.visit(path);
        if gather.order.len() < 2 {
            continue;
        }
        let pipeline = Arc::new(GitlabPipeline {
            unlowered: AtomicUsize::new(gather.order.len()),
            members: gather.order,
            lowered: Mutex::default(),
        });
        for member in &pipeline.members {
            out.entry(member.path.clone())
                .or_insert_with(|| Arc::clone(&pipeline));
        }
    }
    out
}

/// A walk over the includes of one pipeline.
struct Gather<'s> {
    sources: &'s BTreeMap<String, &'s GitlabSource>,
    /// The repository's root: local includes are paths from there.
    root: &'s str,
    order: Vec<GitlabMember>,
    seen: BTreeSet<String>,
}

impl Gather<'_> {
    /// Adds `path` after the files it includes (GitLab's merge order).
    fn visit(&mut self, path: &str) {
        if self.seen.len() > MAX_GITLAB_INCLUDES || !self.seen.insert(path.to_owned()) {
            return;
        }
        let Some(source) = self.sources.get(path) else {
            return;
        };
        let mut unmatched = Vec::new();
        for pattern in &source.includes {
            let full = normalize(&Path::new(self.root).join(pattern.trim_start_matches('/')));
            // Only paths that start with the pattern's literal part can
            // match: a tree of many repositories holds many pipelines.
            let prefix = &full[..full.find('*').unwrap_or(full.len())];
            let matched: Vec<&String> = self
                .sources
                .range::<str, _>((Bound::Included(prefix), Bound::Unbounded))
                .map(|(candidate, _)| candidate)
                .take_while(|candidate| candidate.starts_with(prefix))
                .filter(|candidate| glob_matches(&full, candidate))
                .collect();
            if matched.is_empty() {
                unmatched.push(pattern.clone());
            }
            for included in matched {
                self.visit(included);
            }
        }
        self.order.push(GitlabMember {
            path: path.to_owned(),
            origin: source.origin.clone(),
            text: OnceLock::new(),
            unmatched,
            parsed: OnceLock::new(),
        });
    }
}

/// Whether a path matches an `include: local` pattern as GitLab reads it:
/// `*` stays within a directory, `**` crosses them. Matched by dynamic
/// programming over (pattern token, path byte), so no pattern is slow.
fn glob_matches(pattern: &str, path: &str) -> bool {
    #[derive(Clone, Copy, PartialEq)]
    enum Token {
        Byte(u8),
        Star,
        Stars,
    }
    let mut tokens = Vec::new();
    let bytes = pattern.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'*' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'*').count();
            tokens.push(if run > 1 { Token::Stars } else { Token::Star });
            i += run;
        } else {
            tokens.push(Token::Byte(bytes[i]));
            i += 1;
        }
    }
    let path = path.as_bytes();
    // matches[j]: the tokens from the current one on match path[j..].
    let mut matches = vec![false; path.len() + 1];
    matches[path.len()] = true;
    for token in tokens.iter().rev() {
        let mut next = vec![false; path.len() + 1];
        for j in (0..=path.len()).rev() {
            next[j] = match token {
                Token::Byte(b) => path.get(j) == Some(b) && matches[j + 1],
                Token::Stars => matches[j] || (j < path.len() && next[j + 1]),
                Token::Star => matches[j] || (j < path.len() && path[j] != b'/' && next[j + 1]),
            };
        }
        matches = next;
    }
    matches[0]
}

/// The path of the local reusable workflow or action `uses`
/// (`./.github/workflows/x.yml`, `./.github/actions/test`) named in the
/// workflow or action at `caller`: local paths start at the repository's
/// root, the directory above `.github/`.
fn local_path(caller: &str, uses: &str) -> Option<String> {
    let relative = uses.strip_prefix("./")?.split('@').next()?;
    let marker = ".github/";
    let root = if caller.starts_with(marker) {
        ""
    } else {
        &caller[..caller.find(&format!("/{marker}"))? + 1]
    };
    Some(normalize(&Path::new(root).join(relative)))
}

/// The names `docker compose` reads first in a directory; other Compose
/// names there (`docker-compose.override.yml`, `compose.prod.yaml`) are
/// merged onto them.
fn is_compose_base(path: &str) -> bool {
    matches!(
        file_name(path),
        "compose.yaml" | "compose.yml" | "docker-compose.yaml" | "docker-compose.yml"
    )
}

/// The names `docker compose` merges onto the base of their directory
/// without being asked (`docker-compose.override.yml`): always an override,
/// never a stack of its own.
pub fn is_compose_override(path: &str) -> bool {
    matches!(
        file_name(path),
        "compose.override.yaml"
            | "compose.override.yml"
            | "docker-compose.override.yaml"
            | "docker-compose.override.yml"
    )
}

/// The directory of a reported path (`` for a file at the root).
fn directory(path: &str) -> &str {
    Path::new(path)
        .parent()
        .and_then(Path::to_str)
        .unwrap_or_default()
}

/// A path named in the file at `path`, relative to its directory, as the
/// normalized path of the set.
fn relative_to(path: &str, named: &str) -> String {
    normalize(&Path::new(directory(path)).join(named))
}

/// A path with `.` and `..` resolved as text, so that `overlay/../base/x`
/// and `base/x` compare equal; a `..` above the start is kept.
fn normalize(path: &Path) -> String {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out.to_string_lossy().into_owned()
}

/// The file name of a reported path, for messages about a sibling.
pub fn file_name(path: &str) -> &str {
    Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Literal, Resources};

    fn declared(name: &str, value: &str) -> DeclaredValue {
        DeclaredValue::new(
            "var",
            name.trim_start_matches("var."),
            Literal::Str(value.to_owned()),
            crate::source::Span::at(0),
            crate::model::DeclaredKind::VariableDefault,
        )
    }

    fn exchange(path: &str, declared: Vec<DeclaredValue>, unresolved: &[&str]) -> Exchange {
        Exchange {
            path: path.into(),
            parts: [
                Part::Declared(declared),
                Part::Unresolved(unresolved.iter().map(|s| (*s).to_owned()).collect()),
            ]
            .into(),
        }
    }

    fn limit_range(path: &str, namespace: Option<&str>) -> Exchange {
        Exchange {
            path: path.into(),
            parts: [Part::Defaults(vec![ResourceDefaults {
                object: "LimitRange/d".to_owned(),
                namespace: namespace.map(str::to_owned),
                resources: Resources::default(),
            }])]
            .into(),
        }
    }

    #[test]
    fn a_cluster_role_is_bound_by_the_bindings_of_its_directory_tree() {
        let bindings = |path: &str, bound: &[(&str, Reach)]| Exchange {
            path: path.into(),
            parts: [Part::RoleBindings(
                bound
                    .iter()
                    .map(|&(role, reach)| (role.to_owned(), reach))
                    .collect(),
            )]
            .into(),
        };
        let facts = Facts::merge(&mut [
            bindings("ops/a/rbac/binding.yaml", &[("r", Reach::ClusterWide)]),
            bindings("ops/a/ns.yaml", &[("r", Reach::Namespaced)]),
            bindings("ops/b/binding.yaml", &[("s", Reach::Namespaced)]),
            bindings("opsx/binding.yaml", &[("s", Reach::ClusterWide)]),
        ]);
        assert_eq!(
            facts.cluster_role_reach("ops/a/role.yaml", "r"),
            Reach::ClusterWide
        );
        assert_eq!(
            facts.cluster_role_reach("ops/a/x/role.yaml", "r"),
            Reach::Namespaced
        );
        assert_eq!(
            facts.cluster_role_reach("ops/b/role.yaml", "r"),
            Reach::Unbound
        );
        assert_eq!(
            facts.cluster_role_reach("ops/role.yaml", "s"),
            Reach::Namespaced
        );
        assert_eq!(
            facts.cluster_role_reach("role.yaml", "s"),
            Reach::ClusterWide
        );
    }

    #[test]
    fn the_first_declaration_by_path_wins_within_a_directory_only() {
        let facts = Facts::merge(&mut [
            exchange("m/a.tf", vec![declared("var.x", "first")], &[]),
            exchange("m/b.tf", vec![declared("var.x", "second")], &[]),
            exchange("other/c.tf", vec![declared("var.y", "y")], &[]),
        ]);
        let x = facts.declared("m/main.tf", "var.x").expect("declared");
        assert_eq!(
            (&*x.path, &x.fact.value),
            ("m/a.tf", &Literal::Str("first".into()))
        );
        assert!(facts.declared("m/main.tf", "var.y").is_none());
        assert!(facts.declared("main.tf", "var.x").is_none());
    }

    #[test]
    fn the_last_base_compose_file_by_path_gives_a_service() {
        let base = |path: &str, services: &[(&str, bool)]| Exchange {
            path: path.into(),
            parts: [Part::Services(
                services
                    .iter()
                    .map(|&(name, user)| ComposeService {
                        name: name.to_owned(),
                        user,
                        ..ComposeService::default()
                    })
                    .collect(),
            )]
            .into(),
        };
        let facts = Facts::merge(&mut [
            base("app/compose.yaml", &[("web", false), ("db", true)]),
            base("app/docker-compose.yml", &[("web", true), ("cache", false)]),
            base("other/compose.yaml", &[("queue", true)]),
        ]);
        let override_file = "app/compose.override.yaml";
        let user = |service| facts.compose_base(override_file, service).map(|s| s.user);
        assert_eq!(
            (user("web"), user("db"), user("cache"), user("queue")),
            (Some(true), Some(true), Some(false), None)
        );
        assert!(facts.compose_base("app/compose.yaml", "web").is_none());
    }

    #[test]
    fn a_file_is_concerned_only_by_what_it_could_not_resolve() {
        let facts = Facts::merge(&mut [exchange("m/v.tf", vec![declared("var.x", "1")], &[])]);
        assert!(facts.concern(&exchange("m/main.tf", vec![], &["var.x"])));
        assert!(!facts.concern(&exchange("m/main.tf", vec![], &["var.z"])));
        assert!(!facts.concern(&exchange("n/main.tf", vec![], &["var.x"])));
    }

    #[test]
    fn long_values_are_not_shared() {
        let model = FileModel {
            declared: vec![declared("var.doc", &"x".repeat(MAX_VALUE_BYTES + 1))],
            ..FileModel::default()
        };
        assert!(Facts::merge(&mut [Exchange::of("v.tf", &model)]).is_empty());
    }

    #[test]
    fn patches_are_named_relative_to_their_kustomization() {
        let model = FileModel {
            patches: vec!["patch.yaml".into(), "../base/fix.yaml".into()],
            ..FileModel::default()
        };
        let facts =
            Facts::merge(&mut [Exchange::of("k8s/overlays/prod/kustomization.yaml", &model)]);
        assert!(facts.is_patch("k8s/overlays/prod/patch.yaml"));
        assert!(facts.is_patch("./k8s/overlays/base/fix.yaml"));
        assert!(!facts.is_patch("k8s/overlays/prod/deployment.yaml"));
        let pod = Exchange {
            path: "k8s/overlays/prod/patch.yaml".into(),
            parts: [Part::Namespaces(vec![None])].into(),
        };
        assert!(facts.concern(&pod));
        let no_containers = Exchange {
            path: "k8s/overlays/prod/patch.yaml".into(),
            ..Exchange::default()
        };
        assert!(!facts.concern(&no_containers));
    }

    #[test]
    fn unnamespaced_defaults_reach_their_directory_and_below_only() {
        let facts = Facts::merge(&mut [
            limit_range("k8s/limits.yaml", None),
            limit_range("other/limits.yaml", Some("prod")),
        ]);
        let count = |path: &'static str, namespace: Option<&'static str>| {
            facts.namespace_defaults(path, namespace).count()
        };
        assert_eq!(count("k8s/app/deploy.yaml", None), 1);
        assert_eq!(count("k8s/deploy.yaml", None), 1);
        assert_eq!(
            count("k8s/limits.yaml", None),
            0,
            "its own file's are in its model"
        );
        assert_eq!(count("apps/deploy.yaml", None), 0);
        assert_eq!(count("apps/deploy.yaml", Some("prod")), 1);
        assert_eq!(count("apps/deploy.yaml", Some("dev")), 0);
    }

    #[test]
    fn a_composite_action_is_called_by_its_directory() {
        let action = Exchange {
            path: "repo/.github/actions/verify/action.yml".into(),
            parts: [Part::WorkflowRoles(vec!["test".into()]), Part::Action].into(),
        };
        let facts = Facts::merge(&mut [action]);
        let caller = "repo/.github/workflows/release.yml";
        assert_eq!(
            facts.called_roles(caller, "./.github/actions/verify/"),
            Some(&["test".to_string()][..])
        );
        assert_eq!(facts.called_roles(caller, "./.github/actions/ship"), None);
        let calling = Exchange {
            path: caller.into(),
            parts: [Part::Calls(vec!["repo/.github/actions/verify".into()])].into(),
        };
        assert!(facts.concern(&calling));
    }

    #[test]
    fn a_called_action_lends_its_roles_to_the_actions_that_call_it() {
        let action = |name: &str, roles: &[&str], calls: &[&str]| Exchange {
            path: format!("repo/.github/actions/{name}/action.yml").into(),
            parts: [
                Part::WorkflowRoles(roles.iter().map(|r| r.to_string()).collect()),
                Part::Action,
                Part::Calls(
                    calls
                        .iter()
                        .map(|c| format!("repo/.github/actions/{c}"))
                        .collect(),
                ),
            ]
            .into(),
        };
        // `all` runs `checks`, which runs `verify` and `lint`; `loop-a` and
        // `loop-b` call each other.
        let facts = Facts::merge(&mut [
            action("all", &["build"], &["checks"]),
            action("checks", &[], &["verify", "lint"]),
            action("lint", &["lint"], &[]),
            action("loop-a", &[], &["loop-b"]),
            action("loop-b", &["test"], &["loop-a"]),
            action("verify", &["test"], &[]),
        ]);
        let caller = "repo/.github/workflows/release.yml";
        let roles = |uses: &str| facts.called_roles(caller, uses).map(<[String]>::to_vec);
        let names = |names: &[&str]| Some(names.iter().map(|n| n.to_string()).collect());
        assert_eq!(roles("./.github/actions/checks"), names(&["lint", "test"]));
        assert_eq!(
            roles("./.github/actions/all"),
            names(&["build", "lint", "test"])
        );
        assert_eq!(roles("./.github/actions/loop-a"), names(&["test"]));
        assert_eq!(roles("./.github/actions/loop-b"), names(&["test"]));
    }

    #[test]
    fn local_paths_resolve_from_the_repository_root() {
        assert_eq!(
            local_path(
                "./repo/.github/workflows/release.yml",
                "./.github/workflows/ci.yml@main"
            )
            .as_deref(),
            Some("repo/.github/workflows/ci.yml")
        );
        assert_eq!(
            local_path(
                ".github/workflows/release.yml",
                "./.github/workflows/ci.yml"
            )
            .as_deref(),
            Some(".github/workflows/ci.yml")
        );
        assert_eq!(
            local_path(
                "repo/.github/actions/checks/action.yml",
                "./.github/actions/verify"
            )
            .as_deref(),
            Some("repo/.github/actions/verify")
        );
        assert_eq!(local_path("ci.yml", "./.github/workflows/ci.yml"), None);
        assert_eq!(
            local_path(
                ".github/workflows/a.yml",
                "org/repo/.github/workflows/ci.yml@v1"
            ),
            None
        );
    }

    #[test]
    fn include_patterns_match_as_gitlab_reads_them() {
        assert!(glob_matches("ci/*.yml", "ci/test.yml"));
        assert!(!glob_matches("ci/*.yml", "ci/sub/test.yml"));
        assert!(glob_matches("ci/**.yml", "ci/sub/test.yml"));
        assert!(glob_matches("ci/**/*.yml", "ci/sub/test.yml"));
        assert!(!glob_matches("ci/*.yml", "ci/test.yaml"));
        assert!(glob_matches("ci/test.yml", "ci/test.yml"));
        let long = "a/".repeat(200) + "b";
        assert!(!glob_matches(&"*a".repeat(100), &long));
    }

    #[test]
    fn a_gitlab_file_waits_for_a_pipeline_that_may_include_it() {
        let first_pass = FirstPass::new([
            "repo/.gitlab-ci.yml",
            "repo/ci/test.yml",
            "repo/ci/nested/deploy.yml",
            "other/jobs.yml",
            "other/sub/.GITLAB-CI.yml",
        ]);
        let waits = |path: &str, includes: &[&str]| {
            let model = FileModel {
                includes: includes.iter().map(|s| (*s).to_owned()).collect(),
                ..FileModel::default()
            };
            first_pass.waits(path, &model)
        };
        assert!(waits("repo/ci/test.yml", &[]));
        assert!(waits("repo/ci/nested/deploy.yml", &[]));
        assert!(waits("other/sub/deeper/jobs.yml", &[]));
        assert!(!waits("other/jobs.yml", &[]), "no pipeline above it");
        assert!(
            !waits("repo/.gitlab-ci.yml", &[]),
            "a root includes nothing"
        );
        assert!(waits("repo/.gitlab-ci.yml", &["ci/*.yml"]));
        assert!(waits("elsewhere/release.gitlab-ci.yml", &["/ci/build.yml"]));
    }

    #[test]
    fn a_gitlab_pipeline_gathers_its_includes_in_merge_order() {
        let gitlab = |path: &str, includes: &[&str]| Exchange {
            path: path.into(),
            parts: [Part::Gitlab(Box::new(GitlabSource {
                origin: PathBuf::from(path),
                includes: includes.iter().map(|s| (*s).to_owned()).collect(),
            }))]
            .into(),
        };
        let facts = Facts::merge(&mut [
            gitlab("repo/.gitlab-ci.yml", &["/ci/*.yml", "missing.yml"]),
            gitlab("repo/ci/a.yml", &["ci/nested/b.yml"]),
            gitlab("repo/ci/nested/b.yml", &["ci/a.yml"]),
            gitlab("repo/lonely.gitlab-ci.yml", &[]),
        ]);
        let pipeline = facts.gitlab_pipeline("./repo/ci/a.yml").expect("a member");
        let order: Vec<&str> = pipeline.members.iter().map(|m| m.path.as_str()).collect();
        assert_eq!(
            order,
            [
                "repo/ci/nested/b.yml",
                "repo/ci/a.yml",
                "repo/.gitlab-ci.yml"
            ]
        );
        assert_eq!(pipeline.members[2].unmatched, ["missing.yml"]);
        assert_eq!(pipeline.index_of("repo/.gitlab-ci.yml"), Some(2));
        assert!(facts.gitlab_pipeline("repo/lonely.gitlab-ci.yml").is_none());
        assert!(facts.concern(&gitlab("repo/ci/nested/b.yml", &[])));
    }
}
