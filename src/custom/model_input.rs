//! The model of a file as custom policies read it (`input` of a package
//! annotated `custom: {input: model}`): what the file declares, in
//! devops-check's format-neutral terms, with the file's path and format.
//! Its JSON schema is generated from these types (`devops-check schema`).

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::Serialize;

use crate::formats::document::{Located, Places, SpanTree};
use crate::model::{CommandLines, Container, FileModel, Grant, Pipeline, RoleBinding, Setting};
use crate::source::SourceFile;

/// One file's model. Every value a file wrote carries its place: a result
/// whose `path` leads to it (`["containers", 0, "security", "user"]`) is
/// reported there. A setting the file leaves unset is absent (undefined in
/// Rego), never `null`.
#[derive(Serialize, JsonSchema)]
#[schemars(title = "devops-check model input")]
pub struct ModelInput<'a> {
    /// The file, as reported.
    pub path: &'a str,
    /// `dockerfile`, `github-workflow`, `terraform`, `kubernetes`, ...
    pub format: &'a str,
    /// What runs a process from an image: a Dockerfile's final stage, each
    /// container of a Kubernetes pod template, an ECS container definition.
    pub containers: &'a [Container],
    /// CI workflows: jobs, steps, needs, triggers, token permissions.
    pub pipelines: &'a [Pipeline],
    /// Permission statements: AWS policy statements, Kubernetes RBAC rules.
    pub grants: &'a [Grant],
    /// Roles granted as a whole: RBAC bindings, AWS managed policy
    /// attachments, GCP and Azure role assignments.
    pub role_bindings: &'a [RoleBinding],
    /// Every scalar key/value leaf, with where it sits.
    pub settings: &'a [Setting],
    /// Command lines run outside pipeline steps (RUN, container commands).
    pub command_lines: &'a [CommandLines],
}

/// The parts of the model that policies read: every part, or only the
/// top-level fields they name (`input.containers`). The
/// others are left empty when the model is given as input, since building
/// them (every setting of a large manifest) costs more than evaluating.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fields {
    All,
    Only(BTreeSet<String>),
}

impl Fields {
    /// The fields that the Rego `sources` may read of `input`: a reference
    /// that names no field by `.name` (`input` alone, `input[x]`,
    /// `walk(input, ...)`) may read any. Comments and strings are not
    /// references; `with input as ...` replaces the input, it does not read it.
    pub fn read_by<'s>(sources: impl IntoIterator<Item = &'s str>) -> Fields {
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        let mut fields = BTreeSet::new();
        for source in sources {
            let code = code_of(source);
            let mut rest = code.as_str();
            while let Some(at) = rest.find("input") {
                let before = &rest[..at];
                let after = &rest[at + "input".len()..];
                rest = after;
                let preceding = before.chars().next_back();
                if word(preceding) || preceding == Some('.') || word(after.chars().next()) {
                    continue;
                }
                if before.trim_end().ends_with("with") {
                    continue;
                }
                match field_after(after) {
                    Some(field) => fields.insert(field.to_string()),
                    None => return Fields::All,
                };
            }
        }
        Fields::Only(fields)
    }

    /// One field.
    pub fn only(field: &str) -> Fields {
        Fields::Only(BTreeSet::from([field.to_string()]))
    }

    pub fn has(&self, field: &str) -> bool {
        match self {
            Fields::All => true,
            Fields::Only(fields) => fields.contains(field),
        }
    }
}

/// Rego text with comments removed and every string literal emptied.
fn code_of(source: &str) -> String {
    let mut code = String::with_capacity(source.len());
    let mut chars = source.chars();
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                chars.by_ref().find(|&c| c == '\n');
                code.push('\n');
            }
            '"' => {
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                code.push_str("\"\"");
            }
            '`' => {
                chars.by_ref().find(|&c| c == '`');
                code.push_str("\"\"");
            }
            c => code.push(c),
        }
    }
    code
}

/// The field a reference names right after `input`: `.name`.
fn field_after(after: &str) -> Option<&str> {
    let name = after.strip_prefix('.')?;
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    (end > 0).then(|| &name[..end])
}

/// The fields of [`ModelInput`] that [`Fields`] selects.
pub const FIELDS: [&str; 6] = [
    "containers",
    "pipelines",
    "grants",
    "role_bindings",
    "settings",
    "command_lines",
];

impl<'a> ModelInput<'a> {
    pub fn of(file: &'a SourceFile, model: &'a FileModel) -> Self {
        ModelInput {
            path: &file.path,
            format: file.format.name(),
            containers: &model.containers,
            pipelines: &model.pipelines,
            grants: &model.grants,
            role_bindings: &model.role_bindings,
            settings: &model.settings,
            command_lines: &model.command_lines,
        }
    }
}

/// The model as a policy's input. Where its values are written is found
/// only for the results that ask ([`spans`]).
pub fn document(file: &SourceFile, model: &FileModel, read: &Fields) -> Located {
    // Serialising plain data cannot fail; an empty object stands in if it did.
    let value = super::rego_value::to_rego(&selected(file, model, read))
        .unwrap_or_else(|_| regorus::Value::new_object());
    Located {
        value,
        places: Places::Model,
        object: file.path.clone(),
    }
}

/// The place of each value of [`document`] in the fields `read`.
pub fn spans(file: &SourceFile, model: &FileModel, read: &Fields) -> SpanTree {
    super::rego_value::spans_to_rego(&selected(file, model, read))
        .map_or(SpanTree::Unplaced, |spans| SpanTree::from_spans(&spans))
}

/// The model with the fields that are not `read` left empty.
fn selected<'a>(file: &'a SourceFile, model: &'a FileModel, read: &Fields) -> ModelInput<'a> {
    let mut input = ModelInput::of(file, model);
    let unread = |field: &str| !read.has(field);
    if unread("containers") {
        input.containers = &[];
    }
    if unread("pipelines") {
        input.pipelines = &[];
    }
    if unread("grants") {
        input.grants = &[];
    }
    if unread("role_bindings") {
        input.role_bindings = &[];
    }
    if unread("settings") {
        input.settings = &[];
    }
    if unread("command_lines") {
        input.command_lines = &[];
    }
    input
}

/// The JSON schema of [`ModelInput`], as `devops-check schema` prints it.
pub fn schema() -> String {
    let schema = schemars::schema_for!(ModelInput<'static>);
    serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::document::Step;
    use crate::source::Format;

    #[test]
    fn a_path_into_the_model_finds_where_the_value_is_written() {
        let text = "FROM alpine:3.20\nUSER root\nCMD [\"sh\"]\n";
        let file = SourceFile::new("Dockerfile", Format::Dockerfile, text);
        let model = crate::formats::dockerfile::load(&file);
        let located = document(&file, &model, &Fields::All);
        let value = serde_json::to_value(&located.value).expect("JSON");
        assert_eq!(value["format"], "dockerfile");
        assert_eq!(value["containers"][0]["security"]["user"], "root");
        assert_eq!(value["containers"][0]["image"], "alpine:3.20");
        let path = [
            Step::Key("containers".into()),
            Step::Index(0),
            Step::Key("security".into()),
            Step::Key("user".into()),
        ];
        let span = spans(&file, &model, &Fields::All)
            .locate(&path)
            .expect("placed");
        assert_eq!(&text[span.start..span.end], "root");
    }

    #[test]
    fn the_selectable_fields_are_the_model_inputs_lists() {
        let schema: serde_json::Value = serde_json::from_str(&schema()).expect("JSON");
        let mut listed: Vec<&str> = schema["properties"]
            .as_object()
            .expect("properties")
            .iter()
            .filter(|(_, property)| property["type"] == "array")
            .map(|(name, _)| name.as_str())
            .collect();
        listed.sort_unstable();
        let mut selectable = FIELDS.to_vec();
        selectable.sort_unstable();
        assert_eq!(selectable, listed);
    }

    #[test]
    fn only_the_fields_a_policy_names_are_read() {
        let policy = r#"
            # input alone in a comment reads nothing
            deny contains msg if {
                some c in input.containers
                msg := sprintf("input %v", [c.image])
            }
            test_it if { deny with input as {"grants": []} }
            import input.pipelines as p
        "#;
        let only = |names: &[&str]| Fields::Only(names.iter().map(|n| n.to_string()).collect());
        assert_eq!(
            Fields::read_by([policy]),
            only(&["containers", "pipelines"])
        );
        for reads_all in [
            "x := input",
            "some k, v in input",
            "walk(input, [p, v])",
            "input[k]",
        ] {
            assert_eq!(
                Fields::read_by([policy, reads_all]),
                Fields::All,
                "{reads_all}"
            );
        }
        let text = "FROM alpine:3.20\nUSER root\n";
        let file = SourceFile::new("Dockerfile", Format::Dockerfile, text);
        let model = crate::formats::dockerfile::load(&file);
        let located = document(&file, &model, &only(&["pipelines"]));
        let value = serde_json::to_value(&located.value).expect("JSON");
        assert_eq!(value["containers"], serde_json::json!([]));
        assert_eq!(value["format"], "dockerfile");
    }

    #[test]
    fn the_schema_names_the_model_fields() {
        let schema = schema();
        for field in ["containers", "pipelines", "grants", "run_as_non_root"] {
            assert!(schema.contains(field), "schema lacks {field}");
        }
    }
}
