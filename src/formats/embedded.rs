//! JSON with spans: a policy document written in a Terraform string (heredoc
//! JSON or a JSON string literal), and whole JSON files (`.tf.json`,
//! CloudFormation JSON templates). The string's raw
//! content is decoded with a map from decoded offsets back to file offsets,
//! so that every element of the embedded document keeps an exact span in
//! the file even through `\"` escapes.

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions};

use crate::formats::text_map::LineMap;
use crate::formats::value::{Kind, Str, StrSyntax, Value};
use crate::source::{Span, Spanned};

/// Maps offsets in a decoded text back to offsets in the file.
pub enum OffsetMap {
    /// The text is a verbatim slice of the file starting at this offset.
    Shift(usize),
    /// One file offset per decoded byte, plus one for the end.
    Table(Vec<usize>),
    /// The text's lines are written in the file after their indentation (a
    /// YAML block scalar); lines not found map to the whole region.
    Lines(LineMap),
}

impl OffsetMap {
    fn at(&self, decoded: usize) -> usize {
        match self {
            OffsetMap::Shift(base) => base + decoded,
            OffsetMap::Table(table) => table
                .get(decoded)
                .or(table.last())
                .copied()
                .unwrap_or_default(),
            OffsetMap::Lines(lines) => lines.span(decoded, decoded).start,
        }
    }

    pub fn span(&self, start: usize, end: usize) -> Span {
        match self {
            OffsetMap::Lines(lines) => lines.span(start, end.max(start)),
            _ => Span::new(self.at(start), self.at(end.max(start))),
        }
    }
}

/// JSON exactly as Terraform and AWS read it: no comments, no trailing commas.
fn strict() -> ParseOptions {
    ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// An error in a JSON text: its byte range in that text and a message.
pub struct JsonError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Parses JSON text into a [`Value`] whose spans go through `map`.
pub fn parse_json(text: &str, map: &OffsetMap) -> Result<Option<Value>, JsonError> {
    match jsonc_parser::parse_to_ast(text, &CollectOptions::default(), &strict()) {
        Ok(result) => Ok(result.value.as_ref().map(|v| lower(v, map))),
        Err(error) => {
            let range = error.range();
            Err(JsonError {
                start: range.start,
                end: range.end,
                message: error.kind().to_string(),
            })
        }
    }
}

/// The JSON document a string holds, if it starts like one (`{` or `[`) and
/// mentions `needle`. `None` for anything else, including JSON that only a
/// template's rendering would complete (`${jsonencode(var.x)}` in a heredoc).
pub fn json_in_string(file_text: &str, s: &Str, needle: &str) -> Option<Value> {
    let raw = file_text.get(s.content.start..s.content.end)?;
    // Decoded text is judged as it reads: a join's pieces are not JSON.
    let shown = if s.syntax == StrSyntax::Decoded {
        s.text.as_str()
    } else {
        raw
    };
    if !shown.trim_start().starts_with(['{', '[']) || !shown.contains(needle) {
        return None;
    }
    let (text, map) = match s.syntax {
        StrSyntax::Heredoc => (raw.to_owned(), OffsetMap::Shift(s.content.start)),
        StrSyntax::HclQuoted | StrSyntax::Json => decode(raw, s.content.start, s.syntax),
        StrSyntax::Decoded => (s.text.clone(), decoded_map(file_text, s)),
    };
    parse_json(&text, &map).ok().flatten()
}

/// How text that another parser decoded (a YAML scalar, a CloudFormation
/// `Fn::Join`) maps back to the file: verbatim where the file holds it as
/// is (a single-quoted or plain scalar), through its escapes where it is
/// a double-quoted scalar with `\"`, line by line where it is a block
/// scalar; a line the file does not hold as is (joined parts, folded text)
/// maps to the whole string.
fn decoded_map(file_text: &str, s: &Str) -> OffsetMap {
    let raw = file_text.get(s.content.start..s.content.end).unwrap_or("");
    if raw == s.text {
        return OffsetMap::Shift(s.content.start);
    }
    if raw.contains('\\') {
        let (unescaped, table) = decode(raw, s.content.start, StrSyntax::Json);
        if unescaped == s.text {
            return table;
        }
    }
    OffsetMap::Lines(LineMap::new(file_text, s.content, &s.text, false))
}

/// Decodes the backslash escapes of a quoted string's raw content.
/// Unknown or truncated escapes are kept as written: this text is only ever
/// read for an embedded document, never executed.
pub fn decode(raw: &str, base: usize, syntax: StrSyntax) -> (String, OffsetMap) {
    let mut out = String::with_capacity(raw.len());
    let mut table = Vec::with_capacity(raw.len() + 1);
    let mut chars = raw.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let decoded = if c == '\\' {
            escape(raw, at, syntax)
        } else {
            None
        };
        let (ch, width) = decoded.unwrap_or((c, c.len_utf8()));
        for _ in 0..ch.len_utf8() {
            table.push(base + at);
        }
        out.push(ch);
        // Skip the rest of the escape sequence.
        while chars.peek().is_some_and(|&(next, _)| next < at + width) {
            chars.next();
        }
    }
    table.push(base + raw.len());
    (out, OffsetMap::Table(table))
}

/// The character an escape at `at` stands for, and how many bytes it spans.
fn escape(raw: &str, at: usize, syntax: StrSyntax) -> Option<(char, usize)> {
    let rest = raw.get(at + 1..)?;
    let next = rest.chars().next()?;
    let simple = match next {
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        '"' => Some('"'),
        '\\' => Some('\\'),
        '/' if syntax == StrSyntax::Json => Some('/'),
        'b' if syntax == StrSyntax::Json => Some('\u{8}'),
        'f' if syntax == StrSyntax::Json => Some('\u{c}'),
        _ => None,
    };
    if let Some(c) = simple {
        return Some((c, 2));
    }
    let digits = match next {
        'u' => 4,
        'U' if syntax == StrSyntax::HclQuoted => 8,
        _ => return None,
    };
    let hex = rest.get(1..1 + digits)?;
    let code = u32::from_str_radix(hex, 16).ok()?;
    if let Some(c) = char::from_u32(code) {
        return Some((c, 2 + digits));
    }
    // A JSON surrogate pair: `\uD83D\uDE00`.
    let low = rest.get(1 + digits..).filter(|r| r.starts_with("\\u"))?;
    let low = u32::from_str_radix(low.get(2..6)?, 16).ok()?;
    let combined = 0x10000 + ((code.checked_sub(0xD800)?) << 10) + low.checked_sub(0xDC00)?;
    char::from_u32(combined).map(|c| (c, 12))
}

/// Whether a decoded string is a Terraform template rather than a literal.
pub fn has_template(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .windows(2)
        .enumerate()
        .any(|(i, pair)| (pair == b"${" || pair == b"%{") && (i == 0 || bytes[i - 1] != pair[0]))
}

fn lower(value: &ast::Value<'_>, map: &OffsetMap) -> Value {
    let (range, kind) = match value {
        ast::Value::StringLit(lit) => (lit.range, Kind::Str(string(lit, map))),
        ast::Value::NumberLit(lit) => (lit.range, Kind::Number(lit.value.to_owned())),
        ast::Value::BooleanLit(lit) => (lit.range, Kind::Bool(lit.value)),
        ast::Value::NullKeyword(lit) => (lit.range, Kind::Null),
        ast::Value::Array(array) => (
            array.range,
            Kind::Array(array.elements.iter().map(|e| lower(e, map)).collect()),
        ),
        ast::Value::Object(object) => (
            object.range,
            Kind::Object(
                object
                    .properties
                    .iter()
                    .map(|prop| {
                        let (name, range) = match &prop.name {
                            ast::ObjectPropName::String(lit) => (lit.value.to_string(), lit.range),
                            ast::ObjectPropName::Word(lit) => (lit.value.to_owned(), lit.range),
                        };
                        let key = Spanned::new(name, map.span(range.start, range.end));
                        (key, lower(&prop.value, map))
                    })
                    .collect(),
            ),
        ),
    };
    Value {
        span: map.span(range.start, range.end),
        kind,
    }
}

fn string(lit: &ast::StringLit<'_>, map: &OffsetMap) -> Str {
    let inner_end = lit.range.end.saturating_sub(1).max(lit.range.start + 1);
    Str {
        text: lit.value.to_string(),
        literal: !has_template(&lit.value),
        content: map.span(lit.range.start + 1, inner_end),
        syntax: StrSyntax::Json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_map_back_to_the_raw_text() {
        let raw = r#"{\"Action\": \"s3:*\"}"#;
        let (text, map) = decode(raw, 10, StrSyntax::HclQuoted);
        assert_eq!(text, r#"{"Action": "s3:*"}"#);
        let at = text.find("\"s3").unwrap_or_default();
        let span = map.span(at, at + 6);
        assert_eq!(&raw[span.start - 10..span.end - 10], r#"\"s3:*\""#);
    }

    #[test]
    fn unicode_escapes_decode_and_bad_ones_stay() {
        let (text, _) = decode(r"\u0041\U0001F600\q\u12", 0, StrSyntax::HclQuoted);
        assert_eq!(text, "A\u{1F600}\\q\\u12");
        let (text, _) = decode(r"\ud83d\ude00\/", 0, StrSyntax::Json);
        assert_eq!(text, "\u{1F600}/");
    }

    #[test]
    fn templates_are_told_from_escaped_markers() {
        assert!(has_template("arn:${var.x}"));
        assert!(has_template("%{ if x }a%{ endif }"));
        assert!(!has_template("$${literal}"));
        assert!(!has_template("cost: $5 {x}"));
    }

    #[test]
    fn json_values_keep_spans() {
        let text = r#"{"Statement": [{"Action": "*"}]}"#;
        let value = parse_json(text, &OffsetMap::Shift(100))
            .ok()
            .flatten()
            .expect("valid JSON");
        let statement = value.get("Statement").expect("has Statement");
        let action = statement.items()[0].get("Action").expect("has Action");
        assert_eq!(action.span, Span::new(100 + 26, 100 + 29));
        assert_eq!(action.literal_str(), Some("*"));
    }
}
