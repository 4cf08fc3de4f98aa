//! `--format gitlab`: GitLab Code Quality JSON, for the merge request widget
//! and diff annotations (`artifacts: reports: codequality:`).
//!
//! A JSON array of `{description, check_name, fingerprint, severity,
//! location: {path, lines: {begin, end}}}`. Paths are relative to the
//! repository root, as GitLab requires. Severities: `error` → `critical`
//! (a reviewer would block the merge), `warning` → `major`, `note` →
//! `info`; `blocker` and `minor` are not used. The fingerprint is our stable
//! one, so GitLab's new/fixed comparison between branches survives
//! unrelated edits.

use std::io::{self, Write};

use serde::Serialize;

use super::{Each, RenderOptions, full_message, last_line};
use crate::Report;
use crate::finding::{Fingerprint, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: Fingerprint,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let issues = Each(report.findings.iter().map(|finding| {
        let begin = finding.start.line.max(1);
        Issue {
            description: full_message(&finding),
            check_name: finding.rule,
            fingerprint: finding.fingerprint,
            severity: severity(finding.severity),
            location: Location {
                path: options.root.relative(&finding.path),
                lines: Lines {
                    begin,
                    end: last_line(&finding).max(begin),
                },
            },
        }
    }));
    super::write_json_document(out, &issues)
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Note => "info",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    #[test]
    fn snapshot() {
        let mut out = Vec::new();
        render(&fixtures::report(), &fixtures::options(), &mut out).expect("writing to memory");
        let output = String::from_utf8(out).expect("UTF-8");
        fixtures::assert_no_source_text(&output);
        let issues: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
        assert_eq!(issues.as_array().map(Vec::len), Some(5));
        insta::assert_snapshot!(output);
    }
}
