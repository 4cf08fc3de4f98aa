//! CloudFormation templates, YAML or JSON, SAM and `cdk synth` output
//! included: read into one value tree whose intrinsic functions have one
//! form (`template.rs`), then lowered:
//! - IAM policy documents to grants, managed policies to role bindings
//!   (`iam.rs`);
//! - every string a resource property, SAM's `Globals` or a parameter's
//!   default holds to settings, for the secrets rules (`settings.rs`);
//! - ECS task definitions' container definitions to containers
//!   (`containers.rs`);
//! - the secrets its `Outputs` publish (`outputs.rs`).
//!
//! A YAML or JSON file is a template when it says so
//! ([`template::is_template`]): other YAML files go to the Kubernetes
//! adapter, other JSON files are not configuration we read.

mod containers;
mod iam;
mod outputs;
mod settings;
mod template;

pub use template::is_json;

use crate::formats::Syntax;
use crate::formats::value::Value;
use crate::model::FileModel;
use crate::source::{SourceFile, holds};

/// Whether a text may be a template, before it is parsed: it names the
/// format version or an `AWS::` resource type. Cheap, so that a scan does
/// not parse every JSON file of a tree.
pub fn may_be_template(text: &str) -> bool {
    holds(text, "AWSTemplateFormatVersion") || holds(text, "AWS::")
}

/// Whether a text that does not parse was meant as a template: it names
/// the format version, or has a top-level `Resources` and `AWS::` types.
fn looks_like_template(text: &str) -> bool {
    holds(text, "AWSTemplateFormatVersion")
        || (holds(text, "AWS::")
            && text
                .lines()
                .any(|line| line.starts_with("Resources:") || line.contains("\"Resources\"")))
}

/// Lowers a template; `None` when the file turns out not to be one. A file
/// that does not parse is a template (with its syntax error) when its name
/// says it must be one (`strict`) or its text looks like one.
pub fn load(file: &SourceFile, strict: bool, syntax: &Syntax) -> Option<FileModel> {
    let text = file.text.as_str();
    if !strict && !may_be_template(text) {
        return None;
    }
    let (root, problems) = match template::parse(syntax) {
        Ok((Some(root), problems)) => (root, problems),
        Ok((None, _)) => return strict.then(FileModel::default),
        Err(problem) => {
            return (strict || looks_like_template(text)).then(|| FileModel {
                problems: vec![problem],
                ..FileModel::default()
            });
        }
    };
    if !template::is_template(&root) {
        return strict.then(FileModel::default);
    }
    let read = template::read(&root, text);
    let mut model = FileModel {
        problems,
        resolutions: read.resolutions,
        branches: read.branches,
        ..FileModel::default()
    };
    iam::lower(&read.root, text, &mut model);
    settings::lower(&read.root, &mut model);
    containers::lower(&read.root, &mut model);
    outputs::lower(&read.root, &mut model);
    Some(model)
}

/// A resource of the template: its logical id, type and properties.
struct Resource<'a> {
    /// `AWS::IAM::Role/DeployRole`: how findings name it.
    object: String,
    /// `Resources/DeployRole`: its logical address, for fingerprints.
    place: String,
    kind: &'a str,
    properties: Option<&'a Value>,
    /// The logical id, where it is written.
    id: &'a crate::source::Spanned<String>,
}

fn resources(root: &Value) -> impl Iterator<Item = Resource<'_>> {
    typed_resources(root).map(|(id, kind, properties)| Resource {
        // Joined, not formatted: every resource is named twice.
        object: [kind, "/", &id.value].concat(),
        place: ["Resources/", &id.value].concat(),
        kind,
        properties,
        id,
    })
}

/// Each resource's logical id, type and properties, without the names
/// [`resources`] builds: for the passes that look for a few types.
fn typed_resources(
    root: &Value,
) -> impl Iterator<Item = (&crate::source::Spanned<String>, &str, Option<&Value>)> {
    root.get("Resources")
        .map_or(&[][..], Value::entries)
        .iter()
        .map(|(id, resource)| {
            let kind = resource
                .get("Type")
                .and_then(Value::literal_str)
                .unwrap_or("");
            (id, kind, resource.get("Properties"))
        })
}

/// The names a value refers to, as read (`Key.SecretAccessKey` for a
/// `!GetAtt`, `Password` for a `!Ref` that stays a reference), in every
/// string it is made of.
pub(super) fn references(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    value.each_str(&mut |_, s| {
        if s.literal {
            return;
        }
        let mut rest = s.text.as_str();
        while let Some(start) = rest.find("${") {
            rest = &rest[start + 2..];
            let Some(end) = rest.find('}') else {
                break;
            };
            // `${!Literal}` is Fn::Sub's escape, not a reference.
            if !rest.starts_with('!') {
                out.push(rest[..end].trim().to_string());
            }
            rest = &rest[end + 1..];
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use crate::facts::Facts;
    use crate::formats;
    use crate::source::{Format, SourceFile};

    /// What a YAML file found by the walk is read as.
    fn read_as(text: &str) -> (bool, usize) {
        let file = SourceFile::new("deploy/x.yaml", Format::Kubernetes, text);
        let template = super::load(&file, false, &formats::Syntax::of(&file.text)).is_some();
        let model = formats::load(&file, &Facts::default());
        (template, model.map_or(0, |m| m.settings.len()))
    }

    #[test]
    fn other_yaml_files_are_not_taken_for_templates() {
        let configmap = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfn}\ndata:\n  \
                         template: |\n    Resources:\n      B: {Type: AWS::S3::Bucket}\n";
        let compose = "services:\n  web:\n    image: nginx\n    environment:\n      \
                       NOTE: uses AWS::S3 buckets\n";
        let template = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      \
                        BucketName: data\n";
        assert_eq!(read_as(configmap), (false, 1));
        assert!(!read_as(compose).0);
        assert_eq!(read_as(template), (true, 1));
    }
}
