//! Text for fixes that add keys: an entry or a small mapping written at an
//! [`InsertionPoint`] in the layout its mapping already has (block or flow,
//! its indentation, the file's line endings). Shared by the rules that fix.

use crate::finding::Edit;
use crate::model::{Container, FileModel, InsertionPoint, Spelling};
use crate::source::{SourceFile, Span};

/// The uid a fix runs a container as when its image names no non-root
/// user: high, so that it matches no user of the image or the host.
pub const NON_ROOT_UID: &str = "10001";

/// A line of its own at the point (a Dockerfile instruction).
pub fn add_line(point: &InsertionPoint, line: &str) -> Edit {
    Edit::insert(point.at, format!("{}{line}{}", point.before, point.after))
}

/// `key: value` as a new entry of the point's mapping.
pub fn add_entry(point: &InsertionPoint, key: &str, value: &str) -> Edit {
    Edit::insert(
        point.at,
        format!("{}{key}: {value}{}", point.before, point.after),
    )
}

/// `key:` holding a new mapping of `entries`, as a new entry of the point's
/// mapping: nested one level deeper in block style, `{a: 1}` in flow style.
pub fn add_mapping(point: &InsertionPoint, key: &str, entries: &[(&str, &str)]) -> Edit {
    let value = if point.flow {
        let inner: Vec<String> = entries.iter().map(|(k, v)| format!("{k}: {v}")).collect();
        format!(" {{{}}}", inner.join(", "))
    } else {
        entries
            .iter()
            .map(|(k, v)| format!("{}{}{}{k}: {v}", point.newline, point.indent, point.step))
            .collect()
    };
    Edit::insert(
        point.at,
        format!("{}{key}:{value}{}", point.before, point.after),
    )
}

/// The file's line ending: `\r\n` where it uses them, else `\n`.
pub fn newline(file: &SourceFile) -> &'static str {
    if file.text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// `entries` set in a Kubernetes container's own `securityContext`: added
/// to it, or a new `securityContext:` after the container's last key.
/// `None` for containers whose syntax the model keeps no insertion point
/// for (Terraform's typed resources, embedded manifests).
pub fn set_in_security_context(
    model: &FileModel,
    container: &Container,
    entries: &[(&str, &str)],
) -> Option<Edit> {
    if container.spelling != Spelling::Camel {
        return None;
    }
    if let Some(point) = model.insertion_point(container.span, "securityContext") {
        let text: String = entries
            .iter()
            .map(|(key, value)| add_entry(point, key, value).replacement.to_string())
            .collect();
        return Some(Edit::insert(point.at, text));
    }
    let point = model.insertion_point(container.span, "")?;
    Some(add_mapping(point, "securityContext", entries))
}

/// Deletes the whole lines `span` stands on, line ends included; `None`
/// when something else shares those lines.
pub fn remove_lines(file: &SourceFile, span: Span) -> Option<Edit> {
    let first = file.line_span(file.line_index(span.start));
    let last = file.line_span(file.line_index(span.end));
    let alone = file
        .slice(Span::new(first.start, span.start))
        .trim()
        .is_empty()
        && file.slice(Span::new(span.end, last.end)).trim().is_empty();
    if !alone {
        return None;
    }
    let next = file.line_span(file.line_index(span.end) + 1).start;
    Some(Edit::delete(Span::new(first.start, next.max(last.end))))
}
