//! Reads `.tf` files with hcl-edit, which keeps the span of every body,
//! block, attribute, expression and object key, and converts its tree into
//! the syntax-neutral one of `tree.rs`.
//!
//! hcl-edit 0.10 rejects one construct Terraform accepts: a conditional whose
//! `?` or `:` starts a new line inside a `{ for ... }` object expression.
//! Joining that line break with a space (same length, so every span stays
//! true) lets it read the file; the file gets a `parser-limitation` note
//! rather than a syntax error that would blame the user.

use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

use hcl_edit::Span as _;
use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{self, BlockLabel};
use hcl_edit::template::{Element, Template};

use super::tree::{Attribute, Block, Body, Kind, Str, StrSyntax, Value};
use crate::model::{Problem, ProblemKind};
use crate::source::{Span, Spanned};

/// How many split conditionals one file may need joined; past this the file
/// is reported as unreadable rather than re-parsed again and again.
const MAX_JOINS: usize = 32;

/// Parses HCL text; `None` when it could not be read, with the reasons.
pub fn parse(text: &str) -> (Option<Body>, Vec<Problem>) {
    let mut problems = Vec::new();
    let mut joins: Vec<Span> = Vec::new();
    let mut joined: Option<String> = None;
    loop {
        let input = joined.as_deref().unwrap_or(text);
        let failure = match guarded_parse(input) {
            Ok(parsed) => {
                if let Some(&first) = joins.first() {
                    problems.push(limitation(first, joins.len(), true));
                }
                return (Some(body(&parsed, text)), problems);
            }
            Err(failure) => failure,
        };
        let split = split_conditional(input, failure.offset);
        match split {
            Some(split) if split.joinable && joins.len() < MAX_JOINS => {
                joins.push(split.operator);
                let mut bytes = input.as_bytes().to_vec();
                for byte in &mut bytes[split.gap] {
                    if matches!(byte, b'\n' | b'\r') {
                        *byte = b' ';
                    }
                }
                // Only ASCII line breaks became ASCII spaces: still UTF-8.
                joined = String::from_utf8(bytes).ok();
                if joined.is_none() {
                    return (None, problems);
                }
            }
            Some(split) => {
                let first = joins.first().copied().unwrap_or(split.operator);
                problems.push(limitation(first, joins.len() + 1, false));
                return (None, problems);
            }
            None => {
                let start = failure.offset.min(text.len());
                let width = text
                    .get(start..)
                    .unwrap_or_default()
                    .chars()
                    .next()
                    .filter(|c| *c != '\n')
                    .map_or(0, char::len_utf8);
                problems.push(Problem {
                    kind: ProblemKind::Syntax,
                    span: Span::new(start, start + width),
                    message: format!("invalid HCL: {}", failure.message),
                });
                return (None, problems);
            }
        }
    }
}

struct Failure {
    offset: usize,
    message: String,
}

/// hcl-edit's parser behind a panic guard: a bug in a dependency must cost
/// one file, never the run.
fn guarded_parse(input: &str) -> Result<structure::Body, Failure> {
    match catch_unwind(AssertUnwindSafe(|| hcl_edit::parser::parse_body(input))) {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(error)) => {
            let mut offset = error.location().offset().min(input.len());
            while !input.is_char_boundary(offset) {
                offset -= 1;
            }
            Err(Failure {
                offset,
                message: error.message().to_owned(),
            })
        }
        Err(_) => Err(Failure {
            offset: 0,
            message: "the HCL parser failed on this file".to_owned(),
        }),
    }
}

fn limitation(operator: Span, count: usize, recovered: bool) -> Problem {
    let places = if count > 1 {
        format!(" ({count} places in this file)")
    } else {
        String::new()
    };
    let outcome = if recovered {
        "devops-check read it as if the operator continued the previous line, so the file \
         was still checked"
    } else {
        "this file could not be checked: keep `cond ? a : b` on one line"
    };
    Problem {
        kind: ProblemKind::Unsupported,
        span: operator,
        message: format!(
            "devops-check's HCL parser (hcl-edit 0.10) cannot read a conditional split across \
             lines inside a `{{ for ... }}` expression{places}, which Terraform accepts; {outcome}"
        ),
    }
}

struct Split {
    /// The `?` or `:` that starts a line.
    operator: Span,
    /// The whitespace between the previous token and the operator.
    gap: Range<usize>,
    /// Whether joining the gap keeps the meaning (no comment ends the
    /// previous line).
    joinable: bool,
}

/// Recognises the limitation at a parse failure: after the failure offset,
/// only whitespace with a line break, then `?` or `:`, inside a `{ for`.
fn split_conditional(text: &str, offset: usize) -> Option<Split> {
    let bytes = text.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let mut op = offset;
    while op < bytes.len() && is_space(bytes[op]) {
        op += 1;
    }
    let operator = *bytes.get(op)?;
    if operator != b'?' && operator != b':' {
        return None;
    }
    let mut gap_start = op;
    while gap_start > 0 && is_space(bytes[gap_start - 1]) {
        gap_start -= 1;
    }
    if !bytes[gap_start..op].contains(&b'\n') || !inside_for_object(bytes, gap_start) {
        return None;
    }
    let line_start = bytes[..gap_start]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let previous_line = &text[line_start..gap_start];
    let joinable = !previous_line.contains('#') && !previous_line.contains("//");
    Some(Split {
        operator: Span::new(op, op + 1),
        gap: gap_start..op,
        joinable,
    })
}

/// Whether the innermost unclosed `{` before `at` opens a `for` expression.
fn inside_for_object(bytes: &[u8], at: usize) -> bool {
    let mut depth = 0usize;
    for i in (0..at).rev() {
        match bytes[i] {
            b'}' => depth += 1,
            b'{' if depth > 0 => depth -= 1,
            b'{' => {
                let rest = &bytes[i + 1..at];
                let start = rest.iter().position(|b| !b.is_ascii_whitespace());
                return start.is_some_and(|s| {
                    rest[s..].starts_with(b"for")
                        && rest.get(s + 3).is_some_and(|b| b.is_ascii_whitespace())
                });
            }
            _ => {}
        }
    }
    false
}

fn span_of(node: &impl hcl_edit::Span) -> Span {
    node.span()
        .map_or_else(Span::default, |r| Span::new(r.start, r.end))
}

fn body(parsed: &structure::Body, text: &str) -> Body {
    let mut out = Body::default();
    for structure in parsed.iter() {
        if let Some(attr) = structure.as_attribute() {
            out.attributes.push(Attribute {
                key: Spanned::new(attr.key.as_str().to_owned(), span_of(&attr.key)),
                value: expr(&attr.value, text),
            });
        } else if let Some(block) = structure.as_block() {
            out.blocks.push(Block {
                kind: Spanned::new(block.ident.as_str().to_owned(), span_of(&block.ident)),
                labels: block
                    .labels
                    .iter()
                    .map(|label| {
                        let name = match label {
                            BlockLabel::Ident(ident) => ident.as_str().to_owned(),
                            BlockLabel::String(s) => s.value().clone(),
                        };
                        Spanned::new(name, span_of(label))
                    })
                    .collect(),
                span: span_of(block),
                body: body(&block.body, text),
            });
        }
    }
    out
}

fn expr(expression: &Expression, text: &str) -> Value {
    let span = span_of(expression);
    let kind = match expression {
        Expression::Null(_) => Kind::Null,
        Expression::Bool(b) => Kind::Bool(*b.value()),
        Expression::Number(_) => Kind::Number(
            text.get(span.start..span.end)
                .unwrap_or_default()
                .trim()
                .to_owned(),
        ),
        Expression::String(s) => Kind::Str(Str {
            text: s.value().clone(),
            literal: true,
            content: inside_quotes(span),
            syntax: StrSyntax::HclQuoted,
        }),
        Expression::StringTemplate(template) => Kind::Str(template_str(
            template,
            inside_quotes(span),
            StrSyntax::HclQuoted,
            text,
        )),
        Expression::HeredocTemplate(heredoc) => {
            let content = heredoc
                .template
                .span()
                .map_or(Span::at(span.end), |r| Span::new(r.start, r.end));
            Kind::Str(template_str(
                &heredoc.template,
                content,
                StrSyntax::Heredoc,
                text,
            ))
        }
        Expression::Array(array) => Kind::Array(array.iter().map(|e| expr(e, text)).collect()),
        Expression::Object(object) => Kind::Object(
            object
                .iter()
                .map(|(key, value)| (object_key(key, text), expr(value.expr(), text)))
                .collect(),
        ),
        Expression::FuncCall(call) => {
            let mut name = String::new();
            for part in &call.name.namespace {
                name.push_str(part.as_str());
                name.push_str("::");
            }
            name.push_str(call.name.name.as_str());
            Kind::Call {
                name,
                args: call.args.iter().map(|e| expr(e, text)).collect(),
            }
        }
        Expression::Parenthesis(inner) => return expr(inner.inner(), text),
        Expression::Conditional(cond) => Kind::Either(vec![
            expr(&cond.true_expr, text),
            expr(&cond.false_expr, text),
        ]),
        _ => Kind::Expr,
    };
    Value { span, kind }
}

fn inside_quotes(span: Span) -> Span {
    if span.len() >= 2 {
        Span::new(span.start + 1, span.end - 1)
    } else {
        Span::at(span.start)
    }
}

fn template_str(template: &Template, content: Span, syntax: StrSyntax, text: &str) -> Str {
    let literal = template.iter().all(Element::is_literal);
    let text = if literal {
        template
            .iter()
            .filter_map(|e| e.as_literal().map(|l| l.as_str()))
            .collect()
    } else {
        text.get(content.start..content.end)
            .unwrap_or_default()
            .to_owned()
    };
    Str {
        text,
        literal,
        content,
        syntax,
    }
}

fn object_key(key: &ObjectKey, text: &str) -> Spanned<String> {
    let span = span_of(key);
    let name = match key {
        ObjectKey::Ident(ident) => ident.as_str().to_owned(),
        ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
        // A template key (`"${local.issuer}:sub"`) reads as a template value
        // does: its source between the quotes.
        ObjectKey::Expression(Expression::StringTemplate(_)) => {
            let inner = inside_quotes(span);
            text.get(inner.start..inner.end).unwrap_or("").to_owned()
        }
        ObjectKey::Expression(_) => text.get(span.start..span.end).unwrap_or("").to_owned(),
    };
    Spanned::new(name, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(ProblemKind, String)> {
        parse(text)
            .1
            .into_iter()
            .map(|p| (p.kind, text[p.span.start..p.span.end].to_owned()))
            .collect()
    }

    #[test]
    fn syntax_errors_point_at_the_offending_character() {
        let text = "resource \"a\" \"b\" {\n  x = = 1\n}\n";
        let (body, found) = parse(text);
        assert!(body.is_none());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, ProblemKind::Syntax);
        assert_eq!(found[0].span.start, text.find("= 1").unwrap_or_default());
    }

    #[test]
    fn a_split_conditional_in_a_for_object_is_a_limitation_and_still_read() {
        for text in [
            "locals {\n  x = { for k, v in var.m : k => v != null\n    ? v : \"off\" }\n}\n",
            "locals {\n  x = { for k, v in var.m : k => v != null ? v\n    : \"off\" }\n}\n",
        ] {
            let (body, _) = parse(text);
            assert!(body.is_some(), "{text}");
            let found = problems(text);
            assert_eq!(found.len(), 1, "{text}");
            assert_eq!(found[0].0, ProblemKind::Unsupported);
        }
    }

    #[test]
    fn a_split_conditional_outside_for_is_the_users_error() {
        let found = problems("locals {\n  x = { a = var.b\n ? 1 : 2 }\n}\n");
        assert_eq!(found[0].0, ProblemKind::Syntax);
    }

    #[test]
    fn a_comment_before_the_split_blocks_the_join() {
        let text = "locals {\n  x = { for k, v in var.m : k => v # why\n    ? v : 1 }\n}\n";
        let (body, found) = parse(text);
        assert!(body.is_none());
        assert_eq!(found[0].kind, ProblemKind::Unsupported);
    }

    #[test]
    fn spans_cover_values_and_string_contents() {
        let text = "a = \"x${var.y}\"\nb = <<-EOT\n  hi\n  EOT\n";
        let (body, _) = parse(text);
        let body = body.expect("parses");
        let a = body.attr("a").and_then(|a| a.value.as_str()).expect("a");
        assert!(!a.literal);
        assert_eq!(&text[a.content.start..a.content.end], "x${var.y}");
        let b = body.attr("b").and_then(|a| a.value.as_str()).expect("b");
        assert!(b.literal);
        assert_eq!(b.text, "hi\n");
        assert_eq!(&text[b.content.start..b.content.end], "  hi\n");
    }
}
