//! `--format json`: the versioned contract of DESIGN.md.

use std::io::{self, Write};

use serde::Serialize;

use crate::Report;
use crate::finding::{Applicability, Confidence, Fix, Severity};

/// Bumped on any change that could break a consumer.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files_scanned: usize,
    findings: Vec<JsonFinding<'a>>,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    family: &'a str,
    severity: Severity,
    confidence: Confidence,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    object: Option<&'a str>,
    fingerprint: &'a str,
    /// Absent when the rule knows no fix for the finding.
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

/// Replace the text from line/column to end_line/end_column (exclusive) by
/// `replacement`; an empty range inserts.
#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    replacement: &'a str,
}

fn json_fix(fix: &Fix) -> JsonFix<'_> {
    JsonFix {
        applicability: fix.applicability,
        message: &fix.message,
        edits: fix
            .edits
            .iter()
            .map(|e| JsonEdit {
                line: e.start.line,
                column: e.start.column,
                end_line: e.end.line,
                end_column: e.end.column,
                replacement: &e.replacement,
            })
            .collect(),
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: VERSION,
        files_scanned: report.files_scanned,
        findings: report
            .findings
            .iter()
            .map(|f| JsonFinding {
                rule: f.rule,
                family: f.family,
                severity: f.severity,
                confidence: f.confidence,
                path: &f.path,
                line: f.start.line,
                column: f.start.column,
                end_line: f.end.line,
                end_column: f.end.column,
                message: &f.message,
                object: f.object.as_deref(),
                fingerprint: &f.fingerprint,
                fix: f.fix.as_ref().map(json_fix),
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
