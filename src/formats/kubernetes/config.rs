//! ConfigMap and Secret data, lowered into [`Setting`]s for secret scanning:
//! each entry of a ConfigMap's `data` (context `ConfigMapData`) and of a
//! Secret's `stringData` and `data` (context `SecretData`), and the
//! `literals` of a Kustomization's `configMapGenerator` and
//! `secretGenerator`, which become the same objects.
//!
//! A Secret's `data` values are base64: the setting holds the decoded text,
//! so that rules see what the cluster will see, and the span of the encoded
//! value in the file, so that findings point at what is written. A value that
//! is not valid base64 or does not decode to UTF-8 text (a keystore) keeps its
//! encoded form. `binaryData` is not lowered: it holds files, not settings.

use super::Object;
use crate::formats::yaml::{Node, NodeKind};
use crate::model::{FileModel, Setting, SettingContext};
use crate::source::{Span, Spanned};

pub fn lower(object: &Object<'_>, text: &str, model: &mut FileModel) {
    match object.kind {
        "ConfigMap" => entries(object, "data", SettingContext::ConfigMapData, false, model),
        "Kustomization" => {
            generators(
                object,
                text,
                "secretGenerator",
                SettingContext::SecretData,
                model,
            );
            generators(
                object,
                text,
                "configMapGenerator",
                SettingContext::ConfigMapData,
                model,
            );
        }
        "Secret" => {
            entries(
                object,
                "stringData",
                SettingContext::SecretData,
                false,
                model,
            );
            entries(object, "data", SettingContext::SecretData, true, model);
        }
        _ => {}
    }
}

fn entries(
    object: &Object<'_>,
    field: &str,
    context: SettingContext,
    base64: bool,
    model: &mut FileModel,
) {
    let Some(map) = object.root.get(field) else {
        return;
    };
    for entry in map.entries() {
        let (Some(key), Some(value)) = (entry.key.as_str(), scalar_text(&entry.value)) else {
            continue;
        };
        let value = if base64 {
            decode_base64(value)
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .unwrap_or_else(|| value.to_string())
        } else {
            value.to_string()
        };
        model.settings.push(Setting {
            context,
            object: object.label(),
            key: Spanned::new(key.to_string(), entry.key.span),
            value: Spanned::new(value, entry.value.span),
            // The Kubernetes API interpolates nothing in ConfigMap or Secret
            // data: what is written is what the cluster stores.
            literal: true,
            in_list: false,
        });
    }
}

/// A Kustomization's Secret or ConfigMap generators: each `literals` item
/// (`password=s3cret`) is an entry of the object it generates, named
/// `Kustomization/base secretGenerator db`.
fn generators(
    object: &Object<'_>,
    text: &str,
    field: &str,
    context: SettingContext,
    model: &mut FileModel,
) {
    for generator in object.root.get(field).map(Node::items).unwrap_or_default() {
        let name = generator
            .get("name")
            .and_then(Node::as_str)
            .unwrap_or("unnamed");
        let label = format!("{} {field} {name}", object.label());
        for literal in generator
            .get("literals")
            .map(Node::items)
            .unwrap_or_default()
        {
            let Some(item) = literal.as_str() else {
                continue;
            };
            let Some((key, value)) = item.split_once('=') else {
                continue;
            };
            // Spans inside the item when it is written verbatim, quoted or not.
            let raw = text.get(literal.span.start..literal.span.end).unwrap_or("");
            let start = match raw.find(item) {
                Some(at) => literal.span.start + at,
                None => literal.span.start,
            };
            let verbatim = raw.contains(item);
            let (key_span, value_span) = if verbatim {
                let eq = start + key.len();
                (Span::new(start, eq), Span::new(eq + 1, start + item.len()))
            } else {
                (literal.span, literal.span)
            };
            model.settings.push(Setting {
                context,
                object: label.clone(),
                key: Spanned::new(key.trim().to_string(), key_span),
                value: Spanned::new(value.to_string(), value_span),
                literal: true,
                in_list: false,
            });
        }
    }
}

/// A scalar's text; a null (`key:` with nothing after it) is empty.
fn scalar_text(node: &Node) -> Option<&str> {
    if node.is_null() {
        return Some("");
    }
    match &node.kind {
        NodeKind::Scalar(scalar) => Some(&scalar.value),
        _ => None,
    }
}

/// Standard base64 (RFC 4648, `=` padding optional), whitespace ignored, as
/// the API server accepts it; `None` when the text is not base64.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    fn sextet(byte: u8) -> Option<u32> {
        Some(u32::from(match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        }))
    }
    let symbols: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let body = symbols
        .strip_suffix(b"==")
        .or_else(|| symbols.strip_suffix(b"="))
        .unwrap_or(&symbols);
    if body.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    for chunk in body.chunks(4) {
        let mut bits = 0u32;
        for (i, &byte) in chunk.iter().enumerate() {
            bits |= sextet(byte)? << (18 - 6 * i);
        }
        let bytes = bits.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::kubernetes;
    use crate::source::{Format, SourceFile};

    /// The settings this module lowers (not the other fields').
    fn settings(text: &str) -> Vec<Setting> {
        let file = SourceFile::new("m.yaml", Format::Kubernetes, text);
        let mut settings = kubernetes::load(
            &file,
            &Default::default(),
            &crate::formats::Syntax::of(&file.text),
        )
        .expect("a manifest")
        .settings;
        settings.retain(|s| s.context != SettingContext::ManifestField);
        settings
    }

    #[test]
    fn base64_decodes_with_or_without_padding() {
        assert_eq!(decode_base64("aHVudGVyMg==").unwrap(), b"hunter2");
        assert_eq!(decode_base64("aHVudGVyMg").unwrap(), b"hunter2");
        assert_eq!(decode_base64("aHVu\n  dGVy").unwrap(), b"hunter");
        assert_eq!(decode_base64("").unwrap(), b"");
        assert!(decode_base64("not base64!").is_none());
        assert!(decode_base64("abcde").is_none());
    }

    #[test]
    fn secret_data_is_decoded_and_keeps_the_encoded_span() {
        let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ndata:\n  password: aHVudGVyMg==\n  blob: //79/A==\nstringData:\n  user: app\n  empty:\n";
        let found = settings(text);
        let dump: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|s| {
                (
                    s.key.value.as_str(),
                    s.value.value.as_str(),
                    &text[s.value.span.start..s.value.span.end],
                )
            })
            .collect();
        assert_eq!(
            dump,
            [
                ("user", "app", "app"),
                ("empty", "", ""),
                ("password", "hunter2", "aHVudGVyMg=="),
                ("blob", "//79/A==", "//79/A=="),
            ]
        );
        assert!(
            found
                .iter()
                .all(|s| s.context == SettingContext::SecretData && s.literal)
        );
        assert!(found.iter().all(|s| s.object == "Secret/db"));
    }

    #[test]
    fn kustomize_generator_literals_are_entries() {
        let text = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nsecretGenerator:\n  - name: db\n    literals:\n      - password=p w\n      - \"user=app\"\nconfigMapGenerator:\n  - name: cfg\n    literals: [LOG=info]\n";
        let found = settings(text);
        let dump: Vec<(&str, &str, &str, &str)> = found
            .iter()
            .map(|s| {
                (
                    s.object.as_str(),
                    s.key.value.as_str(),
                    &text[s.key.span.start..s.key.span.end],
                    &text[s.value.span.start..s.value.span.end],
                )
            })
            .collect();
        assert_eq!(
            dump,
            [
                (
                    "Kustomization/unnamed secretGenerator db",
                    "password",
                    "password",
                    "p w"
                ),
                (
                    "Kustomization/unnamed secretGenerator db",
                    "user",
                    "user",
                    "app"
                ),
                (
                    "Kustomization/unnamed configMapGenerator cfg",
                    "LOG",
                    "LOG",
                    "info"
                ),
            ]
        );
        assert_eq!(found[0].context, SettingContext::SecretData);
        assert_eq!(found[2].context, SettingContext::ConfigMapData);
    }

    #[test]
    fn config_map_data_is_lowered_and_other_kinds_are_not() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  LOG_LEVEL: info\n  app.properties: |\n    a=1\nbinaryData:\n  x: AAAA\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\ndata:\n  k: v\n";
        let found = settings(text);
        let keys: Vec<&str> = found.iter().map(|s| s.key.value.as_str()).collect();
        assert_eq!(keys, ["LOG_LEVEL", "app.properties"]);
        assert_eq!(found[1].value.value, "a=1\n");
        assert!(
            found
                .iter()
                .all(|s| s.context == SettingContext::ConfigMapData)
        );
    }
}
