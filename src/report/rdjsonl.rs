//! `--format rdjsonl`: reviewdog's diagnostic format, one JSON object per
//! line: `{message, location: {path, range: {start, end}}, severity, code:
//! {value, url}, source: {name}}`, for `reviewdog -f=rdjsonl`.
//!
//! Paths are as given (reviewdog resolves them from its working directory).
//! Ranges are 1-based with an exclusive end, as reviewdog defines them, and
//! its columns count UTF-8 bytes where ours count characters: the byte
//! column is worked out from the finding's own line text. Where that text
//! is not at hand or was altered by secret redaction before the column, the
//! character column is sent instead (the same for ASCII lines).

use std::io::{self, Write};

use serde::Serialize;

use super::{full_message, rule_of, rule_url};
use crate::Report;
use crate::catalogue::RuleMeta;
use crate::finding::{Finding, Severity};

#[derive(Serialize)]
struct Diagnostic<'a> {
    message: String,
    location: Location<'a>,
    severity: &'static str,
    source: Source,
    code: Code<'a>,
    /// The fix, which reviewdog posts as a suggested change; never a
    /// display-only skeleton.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    suggestions: Vec<Suggestion<'a>>,
}

#[derive(Serialize)]
struct Suggestion<'a> {
    range: Range,
    text: &'a str,
}

#[derive(Serialize)]
struct Location<'a> {
    path: &'a str,
    range: Range,
}

#[derive(Serialize)]
struct Range {
    start: RdPosition,
    end: RdPosition,
}

#[derive(Serialize)]
struct RdPosition {
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Source {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'static str>,
}

#[derive(Serialize)]
struct Code<'a> {
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
}

pub fn render(report: &Report, rules: &[RuleMeta], out: &mut dyn Write) -> io::Result<()> {
    // A buffer of a known type: see `super::write_json_document`.
    let mut out = io::BufWriter::new(out);
    for finding in report.findings.iter() {
        let diagnostic = Diagnostic {
            message: full_message(&finding),
            location: Location {
                path: &finding.path,
                range: range(&finding),
            },
            severity: match finding.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                Severity::Note => "INFO",
            },
            source: Source {
                name: "devops-check",
                url: super::homepage(),
            },
            code: Code {
                value: finding.rule,
                url: rule_of(rules, finding.rule).and_then(rule_url),
            },
            suggestions: suggestions(&finding),
        };
        serde_json::to_writer(&mut out, &diagnostic)?;
        writeln!(out)?;
    }
    out.flush()
}

/// Each edit of the finding's fix, with byte columns as reviewdog counts.
fn suggestions(finding: &Finding) -> Vec<Suggestion<'_>> {
    let Some(fix) = finding.applicable_fix() else {
        return Vec::new();
    };
    fix.edits
        .iter()
        .map(|edit| Suggestion {
            range: Range {
                start: RdPosition {
                    line: edit.start.line.max(1),
                    column: edit.start_byte_column.max(1),
                },
                end: RdPosition {
                    line: edit.end.line.max(1),
                    column: edit.end_byte_column.max(1),
                },
            },
            text: &edit.replacement,
        })
        .collect()
}

fn range(finding: &Finding) -> Range {
    let start = RdPosition {
        line: finding.start.line.max(1),
        column: start_byte_column(finding),
    };
    let end = if finding.end.line == finding.start.line {
        // On one line the span's byte length is exact whatever the text.
        RdPosition {
            line: start.line,
            column: start.column + finding.span.len(),
        }
    } else {
        RdPosition {
            line: finding.end.line.max(start.line),
            column: finding
                .frame
                .as_ref()
                .and_then(|frame| frame.end_byte_column)
                .unwrap_or(finding.end.column.max(1)),
        }
    };
    Range { start, end }
}

fn start_byte_column(finding: &Finding) -> usize {
    // Redaction changes the text from the secret's start on; before it the
    // snippet is the source itself.
    let redacted_before = finding
        .secret
        .is_some_and(|secret| secret.start < finding.span.start);
    if redacted_before {
        return finding.start.column.max(1);
    }
    finding
        .frame
        .as_ref()
        .and_then(|frame| frame.start_byte_column)
        .unwrap_or(finding.start.column.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Frame;
    use crate::report::fixtures;
    use crate::source::{Position, Span};

    #[test]
    fn snapshot() {
        let mut out = Vec::new();
        render(&fixtures::report(), &fixtures::rules(), &mut out).expect("writing to memory");
        let output = String::from_utf8(out).expect("UTF-8");
        fixtures::assert_no_source_text(&output);
        for line in output.lines() {
            serde_json::from_str::<serde_json::Value>(line).expect("each line is JSON");
        }
        insta::assert_snapshot!(output);
    }

    #[test]
    fn columns_count_utf8_bytes() {
        let mut finding = fixtures::findings().remove(0);
        // `x` after two 2-byte characters and a space.
        let lines = ["çé x = 1".to_string(), "ü = 2".to_string()];
        finding.span = Span::new(10, 20);
        finding.start = Position { line: 1, column: 4 };
        finding.end = Position { line: 2, column: 2 };
        let frame = |f: &Finding| Some(Box::new(Frame::new(&lines, 0, f.start, f.end, false)));
        finding.frame = frame(&finding);
        let range = range(&finding);
        assert_eq!((range.start.line, range.start.column), (1, 6));
        assert_eq!((range.end.line, range.end.column), (2, 3));

        finding.end = Position { line: 1, column: 5 };
        finding.span = Span::new(10, 11);
        finding.frame = frame(&finding);
        let range = super::range(&finding);
        assert_eq!((range.end.line, range.end.column), (1, 7));
    }
}
