//! Variables files (`*.tfvars`, `*.tfvars.json`): the values a module's
//! input variables are given, written as `name = value` attributes (a JSON
//! object's properties). Every string in them is a setting for the secrets
//! rules, named by its variable or by its key inside an object value; the
//! value of a variable that the module declares `sensitive` is a secret
//! whatever its name.
//!
//! Terraform loads `terraform.tfvars`, `terraform.tfvars.json` and then
//! `*.auto.tfvars` / `*.auto.tfvars.json` (in lexical order) of the
//! directory it runs in on its own, a later file replacing what an earlier
//! one gives: their literal values are declared for the module's
//! references, in place of the defaults (`crate::facts` orders them). Any
//! other variables file (`prod.tfvars`, `envs/dev.tfvars`) applies only
//! when `-var-file` names it, and nothing in the repository says which one
//! a run names: it is read for secrets only, and a variable's default stays
//! the value the other rules judge, as uncertain as before. A file that
//! Ansible Vault encrypted whole is not read, and a template that renders
//! one is not one yet.

use super::resolve::{literal, written_at};
use super::tree::{Body, Kind};
use super::{hcl, json, settings};
use crate::facts::{self, Facts};
use crate::model::{DeclaredKind, DeclaredValue, FileModel, Literal, Problem, ProblemKind};
use crate::source::{Format, SourceFile, Span};

pub fn load(file: &SourceFile, facts: &Facts) -> FileModel {
    // Encrypted whole by Ansible Vault, decrypted before Terraform runs:
    // nothing in it is readable, nor committed in clear.
    if file.text.starts_with("$ANSIBLE_VAULT;") {
        return FileModel::default();
    }
    let (body, problems) = match file.format {
        Format::TerraformVarsJson => match json::root_object(&file.text) {
            Ok(root) => (
                Some(
                    root.map(|root| json::object_body(&root))
                        .unwrap_or_default(),
                ),
                Vec::new(),
            ),
            Err(problem) => (None, vec![problem]),
        },
        _ => hcl::parse(&file.text),
    };
    let Some(body) = body else {
        return FileModel {
            problems: unrendered(&file.text).map_or(problems, |problem| vec![problem]),
            ..FileModel::default()
        };
    };
    let mut model = FileModel {
        problems,
        ..FileModel::default()
    };
    let name = facts::file_name(&file.path);
    if load_order(name).is_some() {
        model.declared = applied_values(&body);
    }
    model.inputs_used = body
        .attributes
        .iter()
        .map(|attribute| attribute.key.value.clone())
        .collect();
    settings::lower_variable_values(
        &body,
        name,
        |variable| facts.is_secret_input(&file.path, variable),
        &file.text,
        &mut model,
    );
    model
}

/// A template (Go, Jinja) that renders to a variables file is not one yet:
/// what fails to parse is its markers, not the user's syntax.
fn unrendered(text: &str) -> Option<Problem> {
    let at = ["{{", "{%"]
        .iter()
        .filter_map(|marker| text.find(marker))
        .min()?;
    Some(Problem {
        kind: ProblemKind::UnrenderedTemplate,
        span: Span::new(at, at + 2),
        message: "template syntax (`{{ }}` or `{% %}`): this file is not a variables file until \
                  rendered; not checked"
            .to_owned(),
    })
}

/// Where a variables file named `name` comes in the files Terraform loads
/// on its own, later ones replacing what earlier ones give; `None` for a
/// file it loads only when told to.
pub fn load_order(name: &str) -> Option<(u8, &str)> {
    match name {
        "terraform.tfvars" => Some((0, name)),
        "terraform.tfvars.json" => Some((1, name)),
        _ if name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json") => {
            Some((2, name))
        }
        _ => None,
    }
}

/// The literal values a file Terraform loads on its own gives variables.
/// An empty list is a value here, not an input left for callers to fill:
/// it replaces the default all the same.
fn applied_values(body: &Body) -> Vec<DeclaredValue> {
    body.attributes
        .iter()
        .filter_map(|attribute| {
            let value = match &attribute.value.kind {
                Kind::Array(items) if items.is_empty() => Literal::List(Vec::new()),
                _ => literal(&attribute.value)?,
            };
            Some(DeclaredValue::new(
                "var",
                &attribute.key.value,
                value,
                written_at(&attribute.value),
                DeclaredKind::AutoLoaded,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_named(path: &str, format: Format, text: &str) -> FileModel {
        load(&SourceFile::new(path, format, text), &Facts::default())
    }

    #[test]
    fn only_the_files_terraform_loads_declare_values() {
        let text = "privileged = true\ncidrs = []\ntags = { team = \"ops\" }\n";
        let declared = |path: &str| -> Vec<(String, String)> {
            load_named(path, Format::TerraformVars, text)
                .declared
                .iter()
                .map(|d| (d.name.clone(), d.value.text()))
                .collect()
        };
        let applied = [
            ("var.privileged".to_owned(), "true".to_owned()),
            ("var.cidrs".to_owned(), String::new()),
        ];
        assert_eq!(declared("m/terraform.tfvars"), applied);
        assert_eq!(declared("m/z.auto.tfvars"), applied);
        assert!(declared("m/prod.tfvars").is_empty());
        assert!(declared("m/terraform.tfvars.bak").is_empty());
        let mut order: Vec<_> = [
            "b.auto.tfvars.json",
            "terraform.tfvars.json",
            "a.auto.tfvars",
            "terraform.tfvars",
        ]
        .into_iter()
        .filter_map(load_order)
        .collect();
        order.sort();
        let names: Vec<&str> = order.iter().map(|(_, name)| *name).collect();
        assert_eq!(
            names,
            [
                "terraform.tfvars",
                "terraform.tfvars.json",
                "a.auto.tfvars",
                "b.auto.tfvars.json"
            ]
        );
    }

    #[test]
    fn json_files_encrypted_files_and_templates() {
        let model = load_named(
            "terraform.tfvars.json",
            Format::TerraformVarsJson,
            r#"{"//": "note", "db_password": "x", "n": 1}"#,
        );
        assert_eq!(model.inputs_used, ["db_password", "n"]);
        assert_eq!(model.settings.len(), 1);
        let vault = load_named(
            "secrets.auto.tfvars",
            Format::TerraformVars,
            "$ANSIBLE_VAULT;1.1;AES256\n3964\n",
        );
        assert!(vault.problems.is_empty() && vault.settings.is_empty());
        let template = load_named(
            "terraform.tfvars",
            Format::TerraformVars,
            "token = {{ .Values.token | quote }}\n",
        );
        assert_eq!(template.problems[0].kind, ProblemKind::UnrenderedTemplate);
        assert_eq!(template.problems[0].span, Span::new(8, 10));
        let broken = load_named("terraform.tfvars", Format::TerraformVars, "a = = 1\n");
        assert_eq!(broken.problems[0].kind, ProblemKind::Syntax);
    }
}
