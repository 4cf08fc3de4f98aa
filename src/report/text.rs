//! `--format text`: for a person at a terminal. Each finding as
//! `path:line:col: severity[rule] message`, a code frame with the span
//! underlined, and a one-line remediation; then a summary.

use std::io::{self, Write};

use owo_colors::{OwoColorize, Style};

use super::RenderOptions;
use crate::Report;
use crate::catalogue;
use crate::finding::{Applicability, Finding, Severity};

pub fn render(report: &Report, options: &RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let paint = Paint {
        enabled: options.color,
    };
    for finding in report.findings.iter() {
        render_one(&finding, &paint, out)?;
    }
    if options.quiet {
        return Ok(());
    }
    let count = |severity| {
        report
            .findings
            .rules_and_severities()
            .filter(|(_, s)| *s == severity)
            .count()
    };
    let files = report.files_scanned;
    let baselined = match report.baselined {
        0 => String::new(),
        n => format!(" ({} in the baseline not shown)", plural(n, "finding")),
    };
    // "Checked 0 files: 6 errors" must say that the errors are why.
    let unchecked = match report.files_unchecked {
        0 => String::new(),
        1 => " 1 file was found but not checked: it could not be parsed or read (see above)."
            .to_string(),
        n => format!(
            " {n} files were found but not checked: they could not be parsed or read (see above)."
        ),
    };
    writeln!(
        out,
        "{} {} {} in {:.2}s: {}, {}, {}.{baselined}{unchecked}",
        paint.bold("Checked"),
        files,
        if files == 1 { "file" } else { "files" },
        options.elapsed.as_secs_f64(),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
        plural(count(Severity::Note), "note"),
    )
}

/// `--statistics`: findings per rule, most frequent first.
pub fn render_statistics(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: Vec<(usize, &str, Severity)> = Vec::new();
    for (rule, severity) in report.findings.rules_and_severities() {
        match counts.iter_mut().find(|(_, known, _)| *known == rule) {
            Some((count, _, most)) => {
                *count += 1;
                *most = (*most).max(severity);
            }
            None => counts.push((1, rule, severity)),
        }
    }
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    for (count, rule, severity) in counts {
        writeln!(out, "{count:6}  {:7}  {rule}", severity.as_str())?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// One finding with its code frame and remediation.
pub fn render_finding(finding: &Finding, color: bool, out: &mut dyn Write) -> io::Result<()> {
    render_one(finding, &Paint { enabled: color }, out)
}

fn render_one(finding: &Finding, paint: &Paint, out: &mut dyn Write) -> io::Result<()> {
    let location = format!(
        "{}:{}:{}",
        finding.path, finding.start.line, finding.start.column
    );
    let severity_style = match finding.severity {
        Severity::Error => Style::new().red().bold(),
        Severity::Warning => Style::new().yellow().bold(),
        Severity::Note => Style::new().cyan().bold(),
    };
    let object = finding
        .object
        .as_deref()
        .map(|o| format!(" ({o})"))
        .unwrap_or_default();
    writeln!(
        out,
        "{}: {}{} {}{}",
        paint.bold(&location),
        paint.style(finding.severity.as_str(), severity_style),
        paint.style(&format!("[{}]", finding.rule), Style::new().dimmed()),
        finding.message,
        paint.style(&object, Style::new().dimmed()),
    )?;
    if let Some(frame) = &finding.frame {
        let line = &*frame.line;
        let number = finding.start.line.to_string();
        let gutter = " ".repeat(number.len());
        let bar = paint.style("|", Style::new().blue().bold());
        writeln!(out, "{gutter} {bar}")?;
        writeln!(
            out,
            "{} {bar} {line}",
            paint.style(&number, Style::new().blue().bold())
        )?;
        let start = frame.column;
        let width = if finding.end.line == finding.start.line {
            let width = finding.end.column.saturating_sub(finding.start.column);
            if finding.secret == Some(finding.span) {
                // The line shows the secret masked: underline the mask.
                crate::finding::redacted_width(width)
            } else {
                width
            }
        } else {
            line.chars().count().saturating_sub(start)
        }
        .max(1);
        // Tabs before the span keep their width so the carets line up.
        let indent: String = line
            .chars()
            .take(start)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        writeln!(
            out,
            "{gutter} {bar} {indent}{}",
            paint.style(&"^".repeat(width), severity_style)
        )?;
        if let Some(meta) = catalogue::get(finding.rule) {
            writeln!(
                out,
                "{gutter} {} {} {}",
                paint.style("=", Style::new().blue().bold()),
                paint.bold("fix:"),
                meta.short_remediation()
            )?;
        }
        if let Some(fix) = &finding.fix {
            let how = match fix.applicability {
                Applicability::Safe => "--fix applies it",
                Applicability::Unsafe => "--fix --unsafe-fixes applies it",
                Applicability::DisplayOnly => "complete it by hand",
            };
            writeln!(
                out,
                "{gutter} {} {} {} ({}, {how}):",
                paint.style("=", Style::new().blue().bold()),
                paint.bold("suggested change:"),
                fix.message,
                fix.applicability,
            )?;
            for line in &fix.preview {
                let style = if line.starts_with('-') {
                    Style::new().red()
                } else {
                    Style::new().green()
                };
                writeln!(out, "{gutter} {bar} {}", paint.style(line, style))?;
            }
        }
    }
    writeln!(out)
}

/// Applies styles only when colour is on.
struct Paint {
    enabled: bool,
}

impl Paint {
    fn style(&self, text: &str, style: Style) -> String {
        if self.enabled {
            text.style(style).to_string()
        } else {
            text.to_string()
        }
    }

    fn bold(&self, text: &str) -> String {
        self.style(text, Style::new().bold())
    }
}
