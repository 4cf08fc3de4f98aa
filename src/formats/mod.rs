//! Format adapters: one module per format, each parsing its syntax with spans
//! and lowering it into the common model. An adapter knows nothing about
//! policy; it records what it could not read as [`crate::model::Problem`]s.

pub mod dockerfile;
pub mod document;
pub mod github_workflow;
pub mod kubernetes;
pub mod shell;
pub mod terraform;
pub mod text_map;
pub mod yaml;

use crate::facts::Facts;
use crate::model::FileModel;
use crate::source::{Format, SourceFile};

/// Parses and lowers one file, with what the other files of the scanned set
/// tell (`Facts::default()` for a file on its own). `None` when the file
/// turns out not to be of its candidate format (a YAML file that is not a
/// Kubernetes manifest), so that it is neither counted nor reported.
pub fn load(file: &SourceFile, facts: &Facts) -> Option<FileModel> {
    match file.format {
        Format::Dockerfile => Some(dockerfile::load(file)),
        Format::GithubWorkflow => Some(github_workflow::load(file)),
        Format::Terraform | Format::TerraformJson => Some(terraform::load(file, facts)),
        Format::Kubernetes => kubernetes::load(file, facts),
    }
}
