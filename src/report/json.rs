//! `--format json`: the versioned contract of DESIGN.md.

use std::io::{self, Write};

use serde::Serialize;

use super::Each;
use crate::Report;
use crate::finding::{Applicability, Confidence, Finding, Fingerprint, Fix, Severity};

/// Bumped on any change that could break a consumer.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<F> {
    version: u32,
    files_scanned: usize,
    findings: F,
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
    fingerprint: Fingerprint,
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
        findings: Each(report.findings.iter().map(Json)),
    };
    super::write_json_document(out, &document)
}

/// A finding read back from the report, serialized as the contract says.
struct Json(Finding);

impl Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        json_finding(&self.0).serialize(serializer)
    }
}

fn json_finding(f: &Finding) -> JsonFinding<'_> {
    JsonFinding {
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
        fingerprint: f.fingerprint,
        fix: f.fix.as_deref().map(json_fix),
    }
}

/// Combines the reports of `--shard K/N` runs into the report one unsharded
/// run prints: `files_scanned` summed, findings in report order. Each file's
/// findings come whole from one shard, already in order, so a stable sort by
/// path interleaves them as one run orders them. Fields this version does
/// not know (in the document or in findings) are carried through untouched.
pub fn merge(reports: Vec<serde_json::Value>) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    if reports.iter().any(|report| !report.is_object()) {
        return Err("a JSON report is not an object".into());
    }
    let mut reports = reports.into_iter();
    let mut merged = reports.next().ok_or("no JSON report to merge")?;
    let version = merged["version"].clone();
    let mut files_scanned = 0;
    let mut findings: Vec<Value> = Vec::new();
    for mut report in std::iter::once(merged.clone()).chain(reports) {
        if report["version"] != version {
            return Err(format!(
                "the reports have different versions ({} and {})",
                version, report["version"]
            ));
        }
        files_scanned += report["files_scanned"]
            .as_u64()
            .ok_or("a report has no `files_scanned`")?;
        match report["findings"].take() {
            Value::Array(report_findings) => findings.extend(report_findings),
            _ => return Err("a report has no `findings` list".into()),
        }
    }
    findings.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
    merged["files_scanned"] = files_scanned.into();
    merged["findings"] = Value::Array(findings);
    Ok(merged)
}
