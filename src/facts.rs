//! Facts: what the files of the scanned set tell about each other, for the
//! checks whose answer in one file depends on another.
//! - Kubernetes: a LimitRange's defaults fill the requests and limits that
//!   containers of its namespace leave unset, wherever the LimitRange is.
//! - Terraform: a module is a directory; `var.x` and `local.x` in one `.tf`
//!   file name a variable default or a local declared in a sibling file.
//! - Kustomize: a kustomization names the files that patch its resources;
//!   the objects in those files are partial, wherever the files are.
//! - Compose: a service's `build:` names a Dockerfile; the USER and
//!   HEALTHCHECK of its final stage apply where the service sets none.
//! - GitHub Actions: a job that calls a local reusable workflow
//!   (`uses: ./.github/workflows/tests.yml`) runs what that file runs; the
//!   file offers the roles its jobs show (test, push ...), by name.
//!
//! The pipeline keeps its per-file design (memory bounded by the largest
//! file, not by the tree) with at most two checks of a file:
//! 1. Every file is parsed, lowered and checked on its own, as always, and
//!    leaves an [`Exchange`] beside its findings: what it offers the others
//!    (LimitRange defaults, literal declarations) and what it would take from
//!    them (its containers' namespaces, the references it left unresolved).
//!    The model is dropped; an exchange holds a few short strings.
//! 2. The exchanges are merged into [`Facts`] in path order, so the facts do
//!    not depend on which thread finished first: the first declaration of a
//!    name in a directory (by path) wins.
//! 3. Only a file that [`Facts::concern`]s is read and checked again, with
//!    the facts at hand (the Terraform adapter resolves references while
//!    lowering; rules read namespace defaults through their context); its
//!    second outcome replaces the first. A tree without such facts costs
//!    nothing more, and one with them re-reads only the files they change.
//!
//! A value is shared only when it is a literal of at most
//! [`MAX_VALUE_BYTES`], which bounds the facts by the number of
//! declarations, not by their size. What no file declares stays unknown,
//! and an unknown value is never guilty.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use crate::model::{DeclaredValue, FileModel, Healthcheck, Literal, Origin, ResourceDefaults};

/// The longest declared value shared with other files: longer literals are
/// documents, not the settings the rules compare.
pub const MAX_VALUE_BYTES: usize = 4096;

/// What one file offers the others, and what it would take from them.
#[derive(Debug, Default)]
pub struct Exchange {
    path: String,
    defaults: Vec<ResourceDefaults>,
    declared: Vec<DeclaredValue>,
    /// The namespaces of its Kubernetes containers (`None`: not written).
    namespaces: Vec<Option<String>>,
    /// The references it could not resolve alone.
    unresolved: Vec<String>,
    /// The files it names as patches, as reported paths.
    patches: Vec<String>,
    /// What the image its final stage builds runs as (a Dockerfile).
    image: Option<BuiltImage>,
    /// The Dockerfiles its containers are built from, as reported paths.
    builds: Vec<String>,
    /// What its jobs show they do, when it is a reusable workflow: role
    /// names, as the job-ordering rules classify them.
    workflow_roles: Vec<String>,
    /// The local reusable workflows it calls, as normalized paths.
    calls: Vec<String>,
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
        let image = model
            .containers
            .iter()
            .find(|c| c.origin == Origin::DockerImage)
            .map(|c| BuiltImage {
                user: c.security.user.as_ref().map(|u| u.value.clone()),
                user_unresolved: c.security.user_unresolved,
                base_image_nonroot: c.security.base_image_nonroot,
                drops_to: c.security.drops_to.as_ref().map(|d| d.value.clone()),
                healthcheck: matches!(c.probes.healthcheck, Some(Healthcheck::Command(_))),
            });
        Exchange {
            image,
            builds: model
                .built_from
                .iter()
                .map(|dockerfile| relative_to(path, dockerfile))
                .collect(),
            path: path.to_owned(),
            defaults: model.resource_defaults.clone(),
            declared: model
                .declared
                .iter()
                .filter(|d| match &d.value {
                    Literal::Str(text) | Literal::Number(text) => text.len() <= MAX_VALUE_BYTES,
                    Literal::Bool(_) => true,
                })
                .cloned()
                .collect(),
            namespaces,
            unresolved,
            patches: model
                .patches
                .iter()
                .map(|patch| relative_to(path, patch))
                .collect(),
            workflow_roles: Vec::new(),
            calls: model
                .pipelines
                .iter()
                .flat_map(|p| &p.jobs)
                .filter_map(|job| job.uses.as_ref())
                .filter_map(|uses| local_workflow(path, &uses.value))
                .collect(),
        }
    }

    /// Whether the file offers the others nothing and takes nothing from
    /// them: a run need not keep such an exchange.
    pub fn says_nothing(&self) -> bool {
        self.defaults.is_empty()
            && self.declared.is_empty()
            && self.namespaces.is_empty()
            && self.unresolved.is_empty()
            && self.patches.is_empty()
            && self.image.is_none()
            && self.builds.is_empty()
            && self.workflow_roles.is_empty()
            && self.calls.is_empty()
    }

    /// Records what the file's reusable workflow runs (role names): the
    /// classification is the rules' business, the facts only carry it.
    pub fn offer_workflow_roles(&mut self, roles: Vec<String>) {
        self.workflow_roles = roles;
    }
}

/// A fact and the file it comes from.
#[derive(Debug)]
pub struct Shared<T> {
    /// The file, as reported.
    pub path: String,
    pub fact: T,
}

/// The facts of the whole scanned set.
#[derive(Debug, Default)]
pub struct Facts {
    /// LimitRange defaults, in path order.
    defaults: Vec<Shared<ResourceDefaults>>,
    /// Declared values by module directory, then by name.
    modules: BTreeMap<String, BTreeMap<String, Shared<DeclaredValue>>>,
    /// The files some kustomization names as patches (normalized paths).
    patches: BTreeSet<String>,
    /// The images the Dockerfiles of the set build, by normalized path.
    images: BTreeMap<String, BuiltImage>,
    /// What each reusable workflow runs (role names), by normalized path.
    workflows: BTreeMap<String, Vec<String>>,
}

impl Facts {
    /// Merges the exchanges of a run; they come in path order (discovery
    /// sorts the files), which makes the first declaration win everywhere.
    pub fn merge<'a>(exchanges: impl IntoIterator<Item = &'a Exchange>) -> Facts {
        let mut facts = Facts::default();
        for exchange in exchanges {
            facts.patches.extend(exchange.patches.iter().cloned());
            if let Some(image) = &exchange.image {
                facts
                    .images
                    .insert(normalize(Path::new(&exchange.path)), image.clone());
            }
            if !exchange.workflow_roles.is_empty() {
                facts.workflows.insert(
                    normalize(Path::new(&exchange.path)),
                    exchange.workflow_roles.clone(),
                );
            }
            for defaults in &exchange.defaults {
                facts.defaults.push(Shared {
                    path: exchange.path.clone(),
                    fact: defaults.clone(),
                });
            }
            if exchange.declared.is_empty() {
                continue;
            }
            let module = facts
                .modules
                .entry(directory(&exchange.path).to_owned())
                .or_default();
            for declared in &exchange.declared {
                module
                    .entry(declared.name.clone())
                    .or_insert_with(|| Shared {
                        path: exchange.path.clone(),
                        fact: declared.clone(),
                    });
            }
        }
        facts
    }

    pub fn is_empty(&self) -> bool {
        self.defaults.is_empty()
            && self.modules.is_empty()
            && self.patches.is_empty()
            && self.images.is_empty()
            && self.workflows.is_empty()
    }

    /// Whether a file checked alone would be checked differently with the
    /// facts: another file gives defaults to one of its namespaces, or
    /// declares a name it could not resolve.
    pub fn concern(&self, exchange: &Exchange) -> bool {
        let defaults = exchange.namespaces.iter().any(|namespace| {
            self.namespace_defaults(&exchange.path, namespace.as_deref())
                .next()
                .is_some()
        });
        let patched = !exchange.namespaces.is_empty() && self.is_patch(&exchange.path);
        let builds_known_image = exchange.builds.iter().any(|b| self.images.contains_key(b));
        let calls = exchange
            .calls
            .iter()
            .any(|called| self.workflows.contains_key(called));
        defaults
            || patched
            || builds_known_image
            || calls
            || exchange
                .unresolved
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
            shared.path != path
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

    /// The value a file's module declares under `name` (`var.region`).
    pub fn declared(&self, path: &str, name: &str) -> Option<&Shared<DeclaredValue>> {
        self.modules.get(directory(path))?.get(name)
    }
}

impl Facts {
    /// What the local reusable workflow that the workflow at `caller` calls
    /// with `uses` runs (role names), if the scanned set holds it.
    pub fn called_workflow_roles(&self, caller: &str, uses: &str) -> Option<&[String]> {
        self.workflows
            .get(&local_workflow(caller, uses)?)
            .map(Vec::as_slice)
    }
}

/// The path of the local reusable workflow `uses` (`./.github/workflows/
/// x.yml`) called from the workflow at `caller`: local paths start at the
/// repository's root, the directory above `.github/`.
fn local_workflow(caller: &str, uses: &str) -> Option<String> {
    let relative = uses.strip_prefix("./")?.split('@').next()?;
    let marker = ".github/workflows/";
    let root = if caller.starts_with(marker) {
        ""
    } else {
        &caller[..caller.find(&format!("/{marker}"))? + 1]
    };
    Some(normalize(&Path::new(root).join(relative)))
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
    use crate::model::Resources;

    fn declared(name: &str, value: &str) -> DeclaredValue {
        DeclaredValue {
            name: name.to_owned(),
            key: name.trim_start_matches("var.").to_owned(),
            value: Literal::Str(value.to_owned()),
            span: crate::source::Span::at(0),
            origin: format!("the default of variable `{name}`"),
            overridable: true,
        }
    }

    fn exchange(path: &str, declared: Vec<DeclaredValue>, unresolved: &[&str]) -> Exchange {
        Exchange {
            path: path.to_owned(),
            declared,
            unresolved: unresolved.iter().map(|s| (*s).to_owned()).collect(),
            ..Exchange::default()
        }
    }

    fn limit_range(path: &str, namespace: Option<&str>) -> Exchange {
        Exchange {
            path: path.to_owned(),
            defaults: vec![ResourceDefaults {
                object: "LimitRange/d".to_owned(),
                namespace: namespace.map(str::to_owned),
                resources: Resources::default(),
            }],
            ..Exchange::default()
        }
    }

    #[test]
    fn the_first_declaration_by_path_wins_within_a_directory_only() {
        let facts = Facts::merge(&[
            exchange("m/a.tf", vec![declared("var.x", "first")], &[]),
            exchange("m/b.tf", vec![declared("var.x", "second")], &[]),
            exchange("other/c.tf", vec![declared("var.y", "y")], &[]),
        ]);
        let x = facts.declared("m/main.tf", "var.x").expect("declared");
        assert_eq!(
            (x.path.as_str(), &x.fact.value),
            ("m/a.tf", &Literal::Str("first".into()))
        );
        assert!(facts.declared("m/main.tf", "var.y").is_none());
        assert!(facts.declared("main.tf", "var.x").is_none());
    }

    #[test]
    fn a_file_is_concerned_only_by_what_it_could_not_resolve() {
        let facts = Facts::merge(&[exchange("m/v.tf", vec![declared("var.x", "1")], &[])]);
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
        assert!(Facts::merge(&[Exchange::of("v.tf", &model)]).is_empty());
    }

    #[test]
    fn patches_are_named_relative_to_their_kustomization() {
        let model = FileModel {
            patches: vec!["patch.yaml".into(), "../base/fix.yaml".into()],
            ..FileModel::default()
        };
        let facts = Facts::merge(&[Exchange::of("k8s/overlays/prod/kustomization.yaml", &model)]);
        assert!(facts.is_patch("k8s/overlays/prod/patch.yaml"));
        assert!(facts.is_patch("./k8s/overlays/base/fix.yaml"));
        assert!(!facts.is_patch("k8s/overlays/prod/deployment.yaml"));
        let pod = Exchange {
            path: "k8s/overlays/prod/patch.yaml".into(),
            namespaces: vec![None],
            ..Exchange::default()
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
        let facts = Facts::merge(&[
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
    fn local_workflows_resolve_from_the_repository_root() {
        assert_eq!(
            local_workflow(
                "./repo/.github/workflows/release.yml",
                "./.github/workflows/ci.yml@main"
            )
            .as_deref(),
            Some("repo/.github/workflows/ci.yml")
        );
        assert_eq!(
            local_workflow(
                ".github/workflows/release.yml",
                "./.github/workflows/ci.yml"
            )
            .as_deref(),
            Some(".github/workflows/ci.yml")
        );
        assert_eq!(local_workflow("ci.yml", "./.github/workflows/ci.yml"), None);
        assert_eq!(
            local_workflow(
                ".github/workflows/a.yml",
                "org/repo/.github/workflows/ci.yml@v1"
            ),
            None
        );
    }
}
