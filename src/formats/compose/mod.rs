//! Docker Compose files: each service of `services:` lowered into a
//! [`crate::model::Container`] (`service.rs`), with the values Compose
//! interpolates read as a fresh clone runs them (`interpolation.rs`).
//!
//! A file is Compose by its name (`discover.rs`) or, under any other YAML
//! name, by its content ([`sniff`]): top-level `services:` whose entries
//! name an `image:` or a `build:`, and no `apiVersion:`/`kind:`. Anchors,
//! merge keys (`<<: *defaults`) and `x-` extension fields are resolved by
//! the YAML layer, so a setting merged from `x-defaults` keeps the span
//! where it is written.

pub mod interpolation;
mod service;

use std::collections::BTreeSet;

use super::Syntax;
use super::yaml::{self, Node};
use crate::facts::Facts;
use crate::model::FileModel;
use crate::source::{Format, SourceFile};

/// Whether a YAML file that no name marks as Compose looks like one: a
/// top-level `services:` line, an `image:` or `build:` key under it, and no
/// top-level `apiVersion:` (a Kubernetes object with a `services` field).
/// Text only, so that it costs next to nothing on the many YAML files that
/// are neither; [`load`] confirms on the tree.
pub fn sniff(text: &str) -> bool {
    // Without the key no line can start with it: most YAML files are
    // passed over by one fast search.
    if !crate::source::holds(text, "services:") {
        return false;
    }
    let mut services = false;
    let mut keyed = false;
    for line in text.lines() {
        if line.starts_with("apiVersion:") || line.starts_with("kind:") {
            return false;
        }
        services |= line.starts_with("services:");
        let key = line.trim_start();
        keyed |= line.starts_with(' ') && (key.starts_with("image:") || key.starts_with("build:"));
    }
    services && keyed
}

/// Whether a root without `services:` is a version 1 file: every entry a
/// mapping, none a key of later versions or an extension (`x-base:`, which
/// a file of templates for `extends` holds), one with an image or a build.
fn lists_services(root: &yaml::Node) -> bool {
    const LATER_KEYS: &[&str] = &[
        "version", "services", "networks", "volumes", "secrets", "configs", "name", "include",
    ];
    let entries = root.entries();
    entries.iter().all(|e| {
        e.value.as_map().is_some()
            && e.key
                .as_str()
                .is_some_and(|key| !LATER_KEYS.contains(&key) && !key.starts_with("x-"))
    }) && entries
        .iter()
        .any(|e| e.value.get("image").is_some() || e.value.get("build").is_some())
}

/// Reads a Compose file. `None` when a file sniffed by content is not one
/// after all (its `services:` entries name no image or build).
pub fn load(file: &SourceFile, facts: &Facts, syntax: &Syntax) -> Option<FileModel> {
    let named =
        crate::discover::classify(std::path::Path::new(&file.path)) == Some(Format::Compose);
    // Docker Compose reads YAML with go-yaml.
    let stream = match syntax.lenient_yaml() {
        Ok(stream) => stream,
        Err(error) => {
            return Some(FileModel {
                problems: vec![yaml::syntax_problem(error)],
                ..FileModel::default()
            });
        }
    };
    // Version 1 files (before 2016) list the services at the top, without
    // `services:`; Compose v2 no longer reads them, but docker-compose 1 does.
    let services = stream.documents.iter().find_map(|document| {
        document
            .root
            .get("services")
            .or_else(|| (named && lists_services(&document.root)).then_some(&document.root))
    });
    let declares_images = services.is_some_and(|services| {
        services.entries().iter().any(|service| {
            service.value.get("image").is_some() || service.value.get("build").is_some()
        })
    });
    if !named && !declares_images {
        return None;
    }
    let mut model = FileModel::default();
    model.problems.extend(yaml::duplicate_key_problems(
        &stream.warnings,
        "Docker Compose refuses the file (YAML 1.2 forbids duplicate keys)",
    ));
    if let Some(services) = services {
        let batch = run_to_completion(services);
        let merged = merges_onto_base(&file.path, services, facts);
        for entry in services.entries() {
            let Some(name) = entry.key.as_str() else {
                continue;
            };
            if entry.value.as_map().is_none() {
                continue;
            }
            let service = service::Service {
                name: &entry.key,
                node: &entry.value,
                batch: batch.contains(name),
                merged,
            };
            service::lower(file, facts, &service, &mut model);
        }
    }
    model.built_from.sort();
    model.built_from.dedup();
    if model.containers.is_empty() && !named {
        return None;
    }
    Some(model)
}

/// Whether the file adds to the base file of its directory rather than
/// standing alone: Compose merges it by its name
/// (`docker-compose.override.yml`), or a service of it is incomplete
/// without the base's (no image, no build: Compose refuses it alone), or
/// waits for one only the base declares. Without such a sign, a file of
/// complete services that the base also names (`docker-compose.postgres.yml`
/// beside `docker-compose.yml`) is likely another stack, run alone with `-f`.
fn merges_onto_base(path: &str, services: &Node, facts: &Facts) -> bool {
    if crate::facts::is_compose_override(path) {
        return true;
    }
    let entries = services.entries();
    let own: BTreeSet<&str> = entries.iter().filter_map(|e| e.key.as_str()).collect();
    let in_base = |name: &str| facts.compose_base(path, name).is_some();
    entries.iter().any(|service| {
        let incomplete = service.value.get("image").is_none()
            && service.value.get("build").is_none()
            && service.key.as_str().is_some_and(in_base);
        let waits_for_base = service.value.get("depends_on").is_some_and(|depends_on| {
            let listed = depends_on.items().iter().filter_map(Node::as_str);
            let keyed = depends_on
                .entries()
                .into_iter()
                .filter_map(|e| e.key.as_str());
            listed
                .chain(keyed)
                .any(|name| !own.contains(name) && in_base(name))
        });
        incomplete || waits_for_base
    })
}

/// The services another waits for to exit successfully (`depends_on:
/// {migrate: {condition: service_completed_successfully}}`): one-off jobs,
/// not servers.
fn run_to_completion(services: &Node) -> BTreeSet<String> {
    let mut batch = BTreeSet::new();
    for service in services.entries() {
        for dependency in service
            .value
            .get("depends_on")
            .map(Node::entries)
            .unwrap_or_default()
        {
            let condition = dependency.value.get("condition").and_then(Node::as_str);
            if condition == Some("service_completed_successfully")
                && let Some(name) = dependency.key.as_str()
            {
                batch.insert(name.to_string());
            }
        }
    }
    batch
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EnvValue, Healthcheck, Origin, ProblemKind, WorkloadKind};

    fn load_as(path: &str, text: &str) -> Option<FileModel> {
        let format = crate::formats::sniff(
            crate::discover::classify(std::path::Path::new(path)).expect("a YAML name"),
            path,
            text,
        );
        crate::formats::load(&SourceFile::new(path, format, text), &Facts::default())
    }

    const STACK: &str = "\
x-defaults: &defaults
  read_only: true
  security_opt: [no-new-privileges:true]
services:
  web:
    <<: *defaults
    image: example/web:1
    user: \"${UID:-1000}\"
    environment:
      - MODE=fast
      - TOKEN
      - DB_PASSWORD=${DB_PASSWORD:-changeme}
    env_file:
      - .env
      - path: ./local.env
        required: false
    healthcheck:
      test: [\"CMD-SHELL\", \"curl -f http://localhost/ || exit 1\"]
    deploy:
      resources:
        limits: {memory: 512M}
    depends_on:
      migrate: {condition: service_completed_successfully}
  migrate:
    build:
      context: ./db
      dockerfile: Migrate.Dockerfile
    command: [\"migrate\", \"up\"]
";

    #[test]
    fn services_lower_with_merged_settings_at_their_spans() {
        let model = load_as("compose.yaml", STACK).expect("a Compose file");
        let at = |span: crate::source::Span| &STACK[span.start..span.end];
        let web = &model.containers[0];
        assert_eq!(web.origin, Origin::Compose);
        assert_eq!(web.object, "service web");
        assert_eq!(at(web.span), "web");
        let read_only = web.security.read_only_root_filesystem.as_ref().unwrap();
        assert!(read_only.value);
        assert_eq!(at(read_only.span), "read_only: true");
        let no_new = web.security.allow_privilege_escalation.as_ref().unwrap();
        assert!(!no_new.value);
        assert_eq!(at(no_new.span), "no-new-privileges:true");
        let user = web.security.user.as_ref().unwrap();
        assert_eq!(
            (user.value.as_str(), at(user.span)),
            ("1000", "${UID:-1000}")
        );
        assert_eq!(
            web.resources
                .limits_memory
                .as_ref()
                .map(|m| m.value.as_str()),
            Some("512M")
        );
        assert!(matches!(
            web.probes.healthcheck,
            Some(Healthcheck::Command(_))
        ));
        let env: Vec<(&str, bool)> = web
            .env
            .iter()
            .map(|v| {
                (
                    v.name.value.as_str(),
                    matches!(v.value, EnvValue::Literal(_)),
                )
            })
            .collect();
        assert_eq!(
            env,
            [("MODE", true), ("TOKEN", false), ("DB_PASSWORD", false)]
        );
        let migrate = &model.containers[1];
        assert_eq!(migrate.workload, WorkloadKind::Batch);
        assert!(!migrate.is_fragment());
        assert_eq!(model.built_from, ["./db/Migrate.Dockerfile"]);
        let literal: Vec<(&str, &str, bool)> = model
            .settings
            .iter()
            .map(|s| (s.key.value.as_str(), at(s.value.span), s.literal))
            .collect();
        assert_eq!(
            literal,
            [
                ("MODE", "fast", true),
                ("DB_PASSWORD", "${DB_PASSWORD:-changeme}", false),
            ]
        );
        let env_files: Vec<&str> = web.env_files.iter().map(|f| at(f.span)).collect();
        assert_eq!(env_files, [".env", "./local.env"]);
        let commands: Vec<&str> = model
            .command_lines
            .iter()
            .map(|lines| lines.object.as_str())
            .collect();
        assert_eq!(commands, ["service web healthcheck", "service migrate"]);
    }

    #[test]
    fn yaml_under_other_names_is_compose_only_by_content() {
        let stack = "services:\n  web:\n    image: nginx\n";
        let model = load_as("deploy/stack.yml", stack).expect("sniffed as Compose");
        assert_eq!(model.containers.len(), 1);
        for not_compose in [
            "services:\n  - name: web\n",
            "services:\n  web:\n    port: 80\n",
            "apiVersion: v1\nkind: ConfigMap\nservices:\n  web:\n    image: x\n",
        ] {
            let model = load_as("config.yml", not_compose);
            assert!(
                model.is_none_or(|m| m.containers.is_empty()),
                "{not_compose}"
            );
        }
    }

    #[test]
    fn broken_and_hostile_files_are_problems_not_panics() {
        let model = load_as("docker-compose.yml", "services:\n  web: [\n").unwrap();
        assert_eq!(model.problems[0].kind, ProblemKind::Syntax);
        let empty = load_as("compose.yaml", "").unwrap();
        assert!(empty.containers.is_empty() && empty.problems.is_empty());
        let odd = "services:\n  web: ~\n  api: 3\n  x:\n    image: [a]\n    user: {a: b}\n    environment: 7\n    healthcheck: {test: []}\n";
        assert_eq!(load_as("compose.yaml", odd).unwrap().containers.len(), 1);
    }
}
