//! Terraform: `.tf` (HCL, read with hcl-edit) and `.tf.json` (JSON, read
//! with jsonc-parser), both turned into one syntax-neutral tree (`tree.rs`)
//! and lowered from it:
//! - AWS policy documents to grants, attachments and GCP/Azure role
//!   assignments to role bindings (`iam.rs`, `policy.rs`), Kubernetes RBAC
//!   roles and bindings to grants and role bindings (`rbac.rs`);
//! - string attributes, provider arguments and variable defaults to
//!   settings (`settings.rs`);
//! - `kubernetes_*` workloads and ECS task definitions to containers
//!   (`containers.rs`).
//!
//! Before lowering, references to the module's literal variable defaults and
//! locals, in this file or a sibling, are replaced by their values
//! (`resolve.rs`), so that every lowering reads `privileged = var.priv` as
//! the `true` it defaults to.

mod conftest;
mod containers;
mod ecs_modules;
mod hcl;
mod iam;
mod json;
mod manifest;
mod policy;
mod rbac;
mod resolve;
mod scripts;
mod settings;
mod tree;
mod vars;

pub use conftest::conftest_document;
pub(super) use tree::Body;
pub use vars::{load as load_variables, load_order as variables_file_order};

use std::collections::HashMap;

use super::Syntax;
use crate::facts::Facts;
use crate::model::FileModel;
use crate::source::{Format, SourceFile, Spanned};
use tree::Block;

/// Reads a Terraform file; an HCL file's body stays in `syntax` for the
/// conftest document of custom policies.
pub fn load(file: &SourceFile, facts: &Facts, syntax: &Syntax) -> FileModel {
    let text = file.text.as_str();
    let (body, problems) = match file.format {
        Format::TerraformJson => json::parse(text),
        _ => hcl::parse(text),
    };
    let mut model = FileModel {
        problems,
        ..FileModel::default()
    };
    if let Some(mut body) = body {
        let secret_inputs = sensitive_variables(&body);
        resolve::resolve(&mut body, file, facts, &mut model);
        iam::lower(&body, text, &mut model);
        rbac::lower(&body, text, &mut model);
        settings::lower(&body, text, &mut model);
        scripts::lower(&body, text, &mut model);
        let sensitive = |name: &str| {
            secret_inputs.iter().any(|declared| declared == name)
                || facts.is_secret_input(&file.path, name)
        };
        containers::lower(&body, text, &sensitive, &mut model);
        model.secret_inputs = secret_inputs;
        if file.format == Format::Terraform {
            // Set once per file: a second body would be the same text's.
            let _ = syntax.terraform.set(body);
        }
    }
    model
}

/// The variables declared `sensitive`: whatever value a variables file
/// gives one is a secret.
fn sensitive_variables(body: &Body) -> Vec<String> {
    body.blocks("variable")
        .filter(|block| {
            block
                .body
                .attr("sensitive")
                .is_some_and(|s| matches!(s.value.kind, tree::Kind::Bool(true)))
        })
        .filter_map(|block| Some(block.labels.first()?.value.clone()))
        .collect()
}

/// A `variable` block's name and default value, when it has both.
pub fn variable_default(block: &Block) -> Option<(&Spanned<String>, &tree::Value)> {
    if block.kind.value != "variable" {
        return None;
    }
    let default = block.body.attr("default")?;
    Some((block.labels.first()?, &default.value))
}

/// The variables (defaults) and locals of the file that are lists or maps,
/// by reference (`var.roles`, `local.containers`): for `for_each` over
/// them, and for documents built from them. A list of literals is already
/// in place (`resolve.rs`, from a sibling file too); maps and lists of
/// objects or expressions are read from here, in this file only.
pub(super) fn collections(body: &tree::Body) -> HashMap<String, &tree::Value> {
    let mut out = HashMap::new();
    for block in &body.blocks {
        if let Some((name, default)) = variable_default(block) {
            out.insert(format!("var.{}", name.value), default);
        } else if block.kind.value == "locals" {
            for attr in &block.body.attributes {
                out.insert(format!("local.{}", attr.key.value), &attr.value);
            }
        }
    }
    out.retain(|_, v| matches!(v.kind, tree::Kind::Array(_) | tree::Kind::Object(_)));
    out
}

/// How findings name a top-level block.
pub struct Address {
    /// As Terraform addresses it: `aws_iam_role.ci`, `data.aws_iam_policy_document.x`,
    /// `module.vpc`, `provider.aws`, `variable.db_password`, `locals`.
    pub object: String,
    /// The same, as a stable logical address for fingerprints.
    pub place: String,
}

pub fn address(block: &Block) -> Address {
    let labels = block.labels.iter().map(|l| l.value.as_str());
    let kind = block.kind.value.as_str();
    // A resource is named by its type and name; other blocks by their kind
    // and labels. Joined into one string: every block is addressed, and
    // formatting each was half a percent of a run.
    let parts: Vec<&str> = if kind == "resource" && block.labels.len() >= 2 {
        labels.take(2).collect()
    } else {
        std::iter::once(kind).chain(labels).collect()
    };
    let object = parts.join(".");
    Address {
        place: object.clone(),
        object,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Effect, GrantSource, Provider, SettingContext};

    fn load_tf(text: &str) -> (SourceFile, FileModel) {
        let file = SourceFile::new("main.tf", Format::Terraform, text);
        let model = load(
            &file,
            &Facts::default(),
            &crate::formats::Syntax::of(&file.text),
        );
        (file, model)
    }

    #[test]
    fn policies_from_every_form_keep_element_spans() {
        let text = r#"
resource "aws_iam_policy" "a" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:*"], Resource = "*" }]
  })
}
resource "aws_iam_role_policy" "b" {
  policy = <<-EOF
    {"Statement": {"Effect": "Deny", "Action": "iam:*", "NotResource": ["arn:x"]}}
    EOF
}
resource "aws_iam_user_policy" "c" {
  policy = "{\"Statement\": [{\"Sid\": \"S\", \"Effect\": \"Allow\", \"NotAction\": \"ec2:*\", \"Resource\": \"${aws_s3_bucket.b.arn}\"}]}"
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:PrincipalOrgID"
      values   = ["o-1"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.d.json
}
"#;
        let (file, model) = load_tf(text);
        assert!(model.problems.is_empty(), "{:?}", model.problems);
        let g = &model.grants;
        assert_eq!(g.len(), 4);
        assert_eq!(g[0].object, "aws_iam_policy.a statement 1");
        assert_eq!(g[0].source, GrantSource::AwsIdentityPolicy);
        assert_eq!(file.slice(g[0].actions[0].span), "\"s3:*\"");
        assert_eq!(file.slice(g[0].resources[0].span), "\"*\"");
        assert_eq!(g[1].effect.value, Effect::Deny);
        assert_eq!(file.slice(g[1].actions[0].span), "\"iam:*\"");
        assert_eq!(file.slice(g[1].not_resources[0].span), "\"arn:x\"");
        assert_eq!(g[2].object, "aws_iam_user_policy.c statement `S`");
        assert_eq!(file.slice(g[2].not_actions[0].span), "\\\"ec2:*\\\"");
        assert_eq!(g[2].resources[0].value, "${aws_s3_bucket.b.arn}");
        assert_eq!(g[3].source, GrantSource::AwsTrustPolicy);
        assert_eq!(g[3].effect.value, Effect::Allow);
        assert_eq!(g[3].principals[0].value, "AWS:*");
        assert_eq!(file.slice(g[3].principals[0].span), "\"*\"");
        assert!(g[3].has_condition);
    }

    #[test]
    fn principals_make_a_resource_policy_and_scps_are_not_grants() {
        let text = r#"
resource "aws_s3_bucket_policy" "p" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::b/*" }]
  })
}
resource "aws_organizations_policy" "scp" {
  content = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
"#;
        let (_, model) = load_tf(text);
        assert_eq!(model.grants.len(), 1);
        assert_eq!(model.grants[0].source, GrantSource::AwsResourcePolicy);
        assert_eq!(model.grants[0].principals[0].value, "*");
        assert!(!model.grants[0].has_condition);
    }

    #[test]
    fn unknown_effects_and_statements_are_not_guessed() {
        let text = r#"
resource "aws_iam_policy" "a" {
  policy = jsonencode({
    Statement = [
      { Effect = var.effect, Action = "*", Resource = "*" },
      { Effect = "Allow", Action = var.actions, Resource = local.arns },
    ]
  })
}
resource "aws_iam_policy" "b" {
  policy = data.aws_iam_policy_document.x.json
}
"#;
        let (_, model) = load_tf(text);
        assert_eq!(model.grants.len(), 1);
        assert_eq!(model.grants[0].actions[0].value, "var.actions");
    }

    #[test]
    fn conditions_keep_operator_key_and_values_and_providers_name_their_issuer() {
        let text = r#"
resource "aws_iam_openid_connect_provider" "gh" {
  url = "https://token.actions.githubusercontent.com"
}
data "aws_iam_policy_document" "d" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [aws_iam_openid_connect_provider.gh.arn]
    }
    condition {
      test     = "StringLike"
      variable = "token.actions.githubusercontent.com:sub"
      values   = ["repo:org/app:*"]
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = "x" }
      Condition = { StringEquals = { "aws:PrincipalOrgID" = ["o-1", "o-2"] } }
    }]
  })
}
"#;
        let (file, model) = load_tf(text);
        let g = &model.grants;
        assert_eq!(
            g[0].principals[0].value,
            "Federated:oidc-provider/token.actions.githubusercontent.com"
        );
        assert_eq!(
            file.slice(g[0].principals[0].span),
            "aws_iam_openid_connect_provider.gh.arn"
        );
        let c = &g[0].conditions[0];
        assert_eq!(c.operator, "StringLike");
        assert_eq!(c.key.value, "token.actions.githubusercontent.com:sub");
        assert_eq!(c.values[0].value, "repo:org/app:*");
        let c = &g[1].conditions[0];
        assert_eq!(
            (c.operator.as_str(), c.key.value.as_str()),
            ("StringEquals", "aws:PrincipalOrgID")
        );
        assert_eq!(c.values.len(), 2);
        assert_eq!(file.slice(c.values[1].span), "\"o-2\"");
    }

    #[test]
    fn dynamic_statements_count_and_other_clouds_are_left_alone() {
        let text = r#"
data "aws_iam_policy_document" "d" {
  dynamic "statement" {
    for_each = var.enabled ? [1] : []
    content {
      actions   = ["iam:PassRole"]
      resources = ["*"]
      dynamic "condition" {
        for_each = var.conditions
        content {
          test = condition.value.test
        }
      }
    }
  }
}
resource "alicloud_ram_policy" "p" {
  document = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
"#;
        let (_, model) = load_tf(text);
        assert_eq!(model.grants.len(), 1);
        assert_eq!(model.grants[0].actions[0].value, "iam:PassRole");
        assert!(model.grants[0].has_condition);
    }

    #[test]
    fn attachments_and_assignments_become_role_bindings() {
        let text = r#"
data "aws_iam_policy" "admin" {
  name = "AdministratorAccess"
}
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = data.aws_iam_policy.admin.arn
}
resource "aws_iam_role" "r" {
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", aws_iam_policy.p.arn]
}
resource "google_project_iam_member" "m" {
  role   = "roles/owner"
  member = "user:a@example.com"
}
resource "azurerm_role_assignment" "z" {
  role_definition_name = "Owner"
  principal_id         = var.id
}
module "capability" {
  source            = "./capability"
  iam_role_policies = { Admin = "arn:aws:iam::aws:policy/AdministratorAccess" }
}
"#;
        let (file, model) = load_tf(text);
        let b = &model.role_bindings;
        assert_eq!(b.len(), 6);
        assert_eq!(
            b[0].role.value,
            "arn:aws:iam::aws:policy/AdministratorAccess"
        );
        assert_eq!(file.slice(b[0].role.span), "data.aws_iam_policy.admin.arn");
        assert_eq!(b[0].subjects[0].value, "role:aws_iam_role.r.name");
        assert_eq!(b[1].role.value, "arn:aws:iam::aws:policy/ReadOnlyAccess");
        assert_eq!(b[2].role.value, "aws_iam_policy.p.arn");
        assert_eq!(
            (b[3].provider, b[3].role.value.as_str()),
            (Provider::Gcp, "roles/owner")
        );
        assert_eq!(b[3].subjects[0].value, "member:user:a@example.com");
        assert_eq!(
            (b[4].provider, b[4].role.value.as_str()),
            (Provider::Azure, "Owner")
        );
    }

    #[test]
    fn settings_cover_attributes_providers_and_variable_defaults() {
        let text = r#"
provider "aws" {
  secret_key = "abc"
}
variable "db_password" {
  default = "hunter22"
}
resource "aws_lambda_function" "f" {
  environment {
    variables = { API_TOKEN = "t0k", URL = "https://${var.host}" }
  }
  password = lookup(var.m, "password")
}
resource "kubernetes_pod" "p" {
  spec {
    container {
      env {
        name  = "DB_PASSWORD"
        value = "pw"
      }
    }
  }
}
"#;
        let (file, model) = load_tf(text);
        let s: Vec<_> = model
            .settings
            .iter()
            .map(|s| {
                (
                    s.context,
                    s.object.as_str(),
                    s.key.value.as_str(),
                    file.slice(s.value.span),
                    s.literal,
                )
            })
            .collect();
        assert_eq!(
            s,
            [
                (
                    SettingContext::TerraformProvider,
                    "provider.aws",
                    "secret_key",
                    "abc",
                    true
                ),
                (
                    SettingContext::TerraformVariableDefault,
                    "variable.db_password",
                    "db_password",
                    "hunter22",
                    true
                ),
                (
                    SettingContext::TerraformAttribute,
                    "aws_lambda_function.f",
                    "API_TOKEN",
                    "t0k",
                    true
                ),
                (
                    SettingContext::TerraformAttribute,
                    "aws_lambda_function.f",
                    "URL",
                    "https://${var.host}",
                    false
                ),
                (
                    SettingContext::TerraformAttribute,
                    "kubernetes_pod.p",
                    "name",
                    "DB_PASSWORD",
                    true
                ),
                (
                    SettingContext::TerraformAttribute,
                    "kubernetes_pod.p",
                    "DB_PASSWORD",
                    "pw",
                    true
                ),
            ]
        );
    }

    #[test]
    fn json_documents_in_strings_lower_as_objects() {
        let text = "resource \"aws_ecs_task_definition\" \"t\" {\n  container_definitions = <<DEF\n[{\"environment\": [{\"name\": \"API_TOKEN\", \"value\": \"t0k\"}]}]\nDEF\n  note = \"{not json\"\n}\n";
        let (file, model) = load_tf(text);
        let s: Vec<_> = model
            .settings
            .iter()
            .map(|s| (s.key.value.as_str(), file.slice(s.value.span)))
            .collect();
        assert_eq!(
            s,
            [
                ("name", "API_TOKEN"),
                ("API_TOKEN", "t0k"),
                ("note", "{not json")
            ]
        );
    }

    #[test]
    fn terraform_json_lowers_the_same_concepts() {
        let text = r#"{
  "resource": {
    "aws_iam_policy": {"p": {"policy": "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}]}"}},
    "google_project_iam_binding": {"b": {"role": "roles/editor", "members": ["user:x"]}}
  },
  "data": {"aws_iam_policy_document": {"d": {"statement": [{"actions": ["iam:PassRole"], "resources": ["*"]}]}}},
  "provider": {"aws": {"access_key": "AKIA"}}
}"#;
        let file = SourceFile::new("main.tf.json", Format::TerraformJson, text);
        let model = load(
            &file,
            &Facts::default(),
            &crate::formats::Syntax::of(&file.text),
        );
        assert!(model.problems.is_empty());
        assert_eq!(model.grants.len(), 2);
        assert_eq!(file.slice(model.grants[0].actions[0].span), "\\\"*\\\"");
        assert_eq!(
            file.slice(model.grants[1].actions[0].span),
            "\"iam:PassRole\""
        );
        assert_eq!(model.role_bindings[0].role.value, "roles/editor");
        assert!(
            model
                .settings
                .iter()
                .any(|s| s.context == SettingContext::TerraformProvider)
        );
    }

    #[test]
    fn syntax_errors_become_problems() {
        let (_, model) = load_tf("# devops-check: ignore[x]\nresource \"a\" {\n");
        assert_eq!(model.problems.len(), 1);
    }
}
