//! Placeholder until this part of the Kubernetes adapter lands.

use super::Object;
use crate::model::FileModel;

pub fn lower(_object: &Object<'_>, _model: &mut FileModel) {}
