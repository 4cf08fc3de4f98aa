//! Services, lowered to the pods they select: what tells a container that
//! serves traffic from one that only works (a queue consumer, a loop).
//! Only a core `Service` with a `selector` selects pods; one without (an
//! `ExternalName`, or endpoints written by hand) selects none.

use super::{Object, text_map};
use crate::model::{FileModel, ServiceSelector};

pub fn lower(object: &Object<'_>, model: &mut FileModel) {
    if object.kind != "Service"
        || object.root.get("apiVersion").and_then(|v| v.as_str()) != Some("v1")
    {
        return;
    }
    let selector = text_map(object.root.path(&["spec", "selector"]));
    if selector.is_empty() {
        return;
    }
    model.services.push(ServiceSelector {
        object: object.label(),
        namespace: object.namespace.map(str::to_owned),
        selector,
    });
}
