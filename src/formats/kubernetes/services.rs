//! Services, lowered to the pods they select: what tells a container that
//! serves traffic from one that only works (a queue consumer, a loop).
//! Only a core `Service` with a `selector` selects pods; one without (an
//! `ExternalName`, or endpoints written by hand) selects none.

use super::workloads::port_by_text;
use super::{Object, text_map};
use crate::formats::yaml::Node;
use crate::model::{FileModel, PortRef, ServiceSelector};

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
        targets: object
            .root
            .path(&["spec", "ports"])
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|port| Some(target(port.get("targetPort").or(port.get("port"))?)))
            .collect(),
    });
}

/// A Service port's target as the API reads it: a number, or the name of a
/// container port. A placeholder without a default (`${PORT}`, `{{ .Values.port }}`)
/// is not known: not a name the API accepts, it may stand for any port.
fn target(port: &Node) -> Option<PortRef> {
    match port.as_i64() {
        Some(number) => Some(PortRef::Number(number)),
        None => port_by_text(port.as_str()?).filter(|target| match target {
            PortRef::Name(name) => is_port_name(name),
            PortRef::Number(_) => true,
        }),
    }
}

/// Whether `text` is a name a container port may have (an IANA service
/// name: lower-case letters, digits and dashes, a letter among them).
fn is_port_name(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_lowercase())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}
