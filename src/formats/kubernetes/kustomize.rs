//! Kustomize: which files are patches. A kustomization's `patches` (and the
//! older `patchesStrategicMerge` and `patchesJson6902`) name files whose
//! objects are partial: merged into a resource declared elsewhere, they
//! carry only the fields they change. Their containers are fragments, which
//! rules about absent fields must not judge.
//!
//! A patch is known as such when a kustomization of the scanned set names it
//! (`facts.rs` shares the names across files), or, when none is scanned,
//! when its file name says so (`*-patch.yaml`, `patch_resources.yaml`), as
//! kustomize's own scaffolding names them.

use super::Object;
use crate::facts::Facts;
use crate::formats::yaml::Node;
use crate::model::FileModel;
use crate::source::SourceFile;

/// Records the patch files a Kustomization (or Component) names.
pub fn lower(object: &Object<'_>, model: &mut FileModel) {
    let api = object
        .root
        .get("apiVersion")
        .and_then(Node::as_str)
        .unwrap_or("");
    if !matches!(object.kind, "Kustomization" | "Component")
        || !api.starts_with("kustomize.config.k8s.io/")
    {
        return;
    }
    let items = |key: &str| object.root.get(key).map(Node::items).unwrap_or_default();
    // A strategic merge patch is a path or, written inline, a whole YAML
    // document (which holds a line break).
    let inline = |text: &str| text.contains('\n');
    for item in items("patchesStrategicMerge") {
        if let Some(path) = item.as_str().filter(|p| !inline(p)) {
            model.patches.push(path.trim().to_string());
        }
    }
    for key in ["patches", "patchesJson6902"] {
        for item in items(key) {
            if let Some(path) = item.get("path").and_then(Node::as_str) {
                model.patches.push(path.trim().to_string());
            }
        }
    }
}

/// Whether the objects of `file` are patches: named so by a kustomization
/// of the scanned set, or by their file name.
pub fn is_patch(file: &SourceFile, facts: &Facts) -> bool {
    facts.is_patch(&file.path) || named_as_patch(&file.path)
}

/// `manager_auth_proxy_patch.yaml`, `patch-resources.yml`, `patches.yaml`,
/// `patchReplicas.yaml`; not `dispatcher.yaml`.
fn named_as_patch(path: &str) -> bool {
    let name = std::path::Path::new(path)
        .file_stem()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|word| {
            let lower = word.to_ascii_lowercase();
            lower == "patch"
                || lower == "patches"
                || word
                    .strip_prefix("patch")
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(|c| c.is_ascii_uppercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    #[test]
    fn patch_file_names() {
        for name in [
            "config/default/manager_auth_proxy_patch.yaml",
            "patch-resources.yml",
            "patches.yaml",
            "overlays/prod/patchReplicas.yaml",
            "Patch.yaml",
        ] {
            assert!(named_as_patch(name), "{name}");
        }
        for name in [
            "dispatcher.yaml",
            "deployment.yaml",
            "patcher.yaml",
            "unpatched.yaml",
        ] {
            assert!(!named_as_patch(name), "{name}");
        }
    }

    #[test]
    fn a_kustomization_names_its_patch_files() {
        let text = "\
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: [deployment.yaml]
patchesStrategicMerge:
  - replicas.yaml
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: inline}
patches:
  - path: probes.yaml
    target: {kind: Deployment}
  - patch: |-
      - op: remove
        path: /spec/replicas
patchesJson6902:
  - path: ops.yaml
";
        let file = SourceFile::new("k/kustomization.yaml", Format::Kubernetes, text);
        let model = crate::formats::load(&file, &Facts::default()).expect("a manifest");
        assert_eq!(model.patches, ["replicas.yaml", "probes.yaml", "ops.yaml"]);
    }
}
