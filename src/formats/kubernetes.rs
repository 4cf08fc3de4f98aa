//! Placeholder until the Kubernetes adapter lands: reads nothing.

use crate::model::FileModel;
use crate::source::SourceFile;

pub fn load(_file: &SourceFile) -> Option<FileModel> {
    None
}
