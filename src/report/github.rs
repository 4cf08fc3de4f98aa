//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's diff:
//! `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=…::message`
//! (`warning`; `notice` for notes). Columns are sent only when the span
//! starts and ends on one line, as GitHub draws them on one line only.
//! Values are escaped by GitHub's rules: `%`, CR and LF in the message, and
//! also `:` and `,` in properties.
//!
//! GitHub shows about 10 annotations of each level per step and drops the
//! rest silently. So findings go out most severe first, at most 10 errors,
//! 10 warnings and 9 notices (the tenth notice is ours: how many more
//! findings there are, and where to find them). When a step summary writer
//! is given ($GITHUB_STEP_SUMMARY, opened by the caller), the full list is
//! appended to it as a markdown table.

use std::cmp::Reverse;
use std::io::{self, Write};

use super::{RenderOptions, full_message, last_line, rule_of};
use crate::Report;
use crate::catalogue::RuleMeta;
use crate::finding::{Finding, Severity};

/// GitHub's limit on annotations of one level per step.
const PER_LEVEL: usize = 10;

pub fn render(
    report: &Report,
    options: &RenderOptions,
    rules: &[RuleMeta],
    out: &mut dyn Write,
    step_summary: Option<&mut dyn Write>,
) -> io::Result<()> {
    // Places in report order, most severe first: each finding is read
    // back only when it is written.
    let severities: Vec<Severity> = report
        .findings
        .rules_and_severities()
        .map(|(_, severity)| severity)
        .collect();
    let mut ordered: Vec<usize> = (0..severities.len()).collect();
    ordered.sort_by_key(|&i| Reverse(severities[i]));

    let mut shown = [0usize; 3];
    let mut left_out = [0usize; 3];
    for &i in &ordered {
        let slot = slot(severities[i]);
        if shown[slot] < cap(severities[i]) {
            shown[slot] += 1;
            if let Some(finding) = report.findings.get(i) {
                annotate(&finding, options, rules, out)?;
            }
        } else {
            left_out[slot] += 1;
        }
    }
    let more: usize = left_out.iter().sum();
    if more > 0 {
        let counts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Note]
            .into_iter()
            .filter(|s| left_out[slot(*s)] > 0)
            .map(|s| count(left_out[slot(s)], s.as_str()))
            .collect();
        let whereabouts = if step_summary.is_some() {
            "The full list is in this job's summary."
        } else {
            "Run devops-check with `--format text` for the full list."
        };
        writeln!(
            out,
            "::notice title={}::{}",
            property("devops-check"),
            data(&format!(
                "{} not annotated ({}): GitHub shows at most {PER_LEVEL} annotations \
                 of each level per step. {whereabouts}",
                count(more, "more finding"),
                counts.join(", "),
            ))
        )?;
    }
    if let Some(summary) = step_summary {
        write_summary(report, &ordered, options, summary)?;
    }
    Ok(())
}

fn slot(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Note => 2,
    }
}

fn cap(severity: Severity) -> usize {
    match severity {
        // One notice is kept for the count of findings left out.
        Severity::Note => PER_LEVEL - 1,
        Severity::Error | Severity::Warning => PER_LEVEL,
    }
}

fn count(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn annotate(
    finding: &Finding,
    options: &RenderOptions,
    rules: &[RuleMeta],
    out: &mut dyn Write,
) -> io::Result<()> {
    let command = match finding.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let line = finding.start.line.max(1);
    let mut properties = vec![
        ("file", options.root.relative(&finding.path)),
        ("line", line.to_string()),
        ("endLine", last_line(finding).max(line).to_string()),
    ];
    if finding.start.line == finding.end.line {
        properties.push(("col", finding.start.column.max(1).to_string()));
        properties.push(("endColumn", finding.end.column.max(1).to_string()));
    }
    properties.push(("title", format!("devops-check ({})", finding.rule)));
    let properties: Vec<String> = properties
        .into_iter()
        .map(|(key, value)| format!("{key}={}", property(&value)))
        .collect();
    let mut message = full_message(finding);
    if let Some(meta) = rule_of(rules, finding.rule) {
        message.push_str(&format!("\nFix: {}", meta.short_remediation()));
    }
    writeln!(
        out,
        "::{command} {}::{}",
        properties.join(","),
        data(&message)
    )
}

/// Escapes a command's message (GitHub's `escapeData`).
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value (GitHub's `escapeProperty`).
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Every finding, most severe first, as a markdown table.
fn write_summary(
    report: &Report,
    ordered: &[usize],
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let tally = |severity| {
        count(
            report
                .findings
                .rules_and_severities()
                .filter(|(_, s)| *s == severity)
                .count(),
            severity.as_str(),
        )
    };
    writeln!(
        out,
        "### devops-check: {}, {}, {} in {}\n",
        tally(Severity::Error),
        tally(Severity::Warning),
        tally(Severity::Note),
        count(report.files_scanned, "file"),
    )?;
    if ordered.is_empty() {
        return Ok(());
    }
    writeln!(out, "| Location | Severity | Rule | Message |")?;
    writeln!(out, "| --- | --- | --- | --- |")?;
    for finding in ordered.iter().filter_map(|&i| report.findings.get(i)) {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&format!(
                "{}:{}",
                options.root.relative(&finding.path),
                finding.start.line
            )),
            finding.severity,
            cell(finding.rule),
            cell(&full_message(&finding)),
        )?;
    }
    writeln!(out)
}

/// Text that stays inside one markdown table cell and is shown literally.
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("<br>");
                }
            }
            '\n' => out.push_str("<br>"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::report::fixtures;

    fn render_to_strings(report: &Report, with_summary: bool) -> (String, String) {
        let mut out = Vec::new();
        let mut summary = Vec::new();
        render(
            report,
            &fixtures::options(),
            &fixtures::rules(),
            &mut out,
            with_summary.then_some(&mut summary as &mut dyn Write),
        )
        .expect("writing to memory");
        (
            String::from_utf8(out).expect("UTF-8"),
            String::from_utf8(summary).expect("UTF-8"),
        )
    }

    #[test]
    fn snapshot() {
        let (annotations, summary) = render_to_strings(&fixtures::report(), true);
        fixtures::assert_no_source_text(&annotations);
        fixtures::assert_no_source_text(&summary);
        insta::assert_snapshot!("annotations", annotations);
        insta::assert_snapshot!("step_summary", summary);
    }

    #[test]
    fn escaping_follows_github() {
        assert_eq!(data("100% a\r\nb:c,d"), "100%25 a%0D%0Ab:c,d");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(cell("a|b\r\n<c> & `d`"), "a\\|b<br>\\<c\\> &amp; \\`d\\`");
    }

    #[test]
    fn annotations_are_capped_per_level_most_severe_first() {
        let template = fixtures::findings();
        let mut findings = Vec::new();
        for (severity, n) in [
            (Severity::Note, 12),
            (Severity::Warning, 11),
            (Severity::Error, 13),
        ] {
            for _ in 0..n {
                let mut finding = template[0].clone();
                finding.severity = severity;
                findings.push(finding);
            }
        }
        let report = Report {
            files_scanned: 1,
            findings: findings.into(),
            ..Report::default()
        };
        let (annotations, _) = render_to_strings(&report, false);
        let lines: Vec<&str> = annotations.lines().collect();
        let starting = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
        assert_eq!(starting("::error "), 10);
        assert_eq!(starting("::warning "), 10);
        assert_eq!(starting("::notice "), 10);
        assert!(lines[0].starts_with("::error "));
        assert!(lines[19].starts_with("::warning "));
        let last = lines.last().expect("a final notice");
        assert!(
            last.contains("7 more findings not annotated (3 errors, 1 warning, 3 notes)"),
            "{last}"
        );
        assert!(last.contains("--format text"), "{last}");
    }

    #[test]
    fn no_final_notice_when_everything_was_annotated() {
        let (annotations, _) = render_to_strings(&fixtures::report(), false);
        assert_eq!(annotations.lines().count(), 5);
        assert!(!annotations.contains("not annotated"));
    }
}
