//! Placeholder until the dockerfile adapter lands: reads nothing.

use crate::model::FileModel;
use crate::source::SourceFile;

pub fn load(_file: &SourceFile) -> FileModel {
    FileModel::default()
}
