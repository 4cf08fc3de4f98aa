//! `--format json`: the versioned contract of DESIGN.md.

use std::io::{self, Write};

use serde::Serialize;

use crate::Report;
use crate::finding::{Confidence, Severity};

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
            })
            .collect(),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}
