//! `--format junit`: JUnit XML, for CI systems that show test reports
//! (GitLab, Jenkins, Azure Pipelines, CircleCI).
//!
//! One `<testsuite>` per rule family; in it, one `<testcase>` per rule and
//! file with findings (`classname` `family.rule`, `name` the file), whose
//! single `<failure>` lists every finding of that rule in that file with its
//! location (one failure per testcase, as the JUnit schema allows). A rule
//! and file with notes only is a passing testcase with the notes in
//! `<system-out>`: notes never fail a build. A catalogue rule with no
//! findings at all is one passing testcase named `all files`, so that a
//! clean run shows what was checked. No times or timestamps: the output is
//! deterministic.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::{RenderOptions, full_message};
use crate::Report;
use crate::catalogue::RuleMeta;
use crate::finding::{Finding, Severity};

/// One `<testcase>`: a rule and a file, with that rule's findings in it.
struct Case<'a> {
    rule: &'a str,
    path: String,
    findings: Vec<Finding>,
}

impl Case<'_> {
    fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    fn fails(&self) -> bool {
        self.worst().is_some_and(|s| s > Severity::Note)
    }
}

pub fn render(
    report: &Report,
    options: &RenderOptions,
    rules: &[RuleMeta],
    out: &mut dyn Write,
) -> io::Result<()> {
    // family → rule → cases, every level sorted so the output is stable.
    let mut families: BTreeMap<&str, BTreeMap<&str, Vec<Case>>> = BTreeMap::new();
    for meta in rules {
        families
            .entry(meta.family.as_str())
            .or_default()
            .entry(meta.id.as_str())
            .or_default();
    }
    for finding in report.findings.iter() {
        let cases = families
            .entry(finding.family)
            .or_default()
            .entry(finding.rule)
            .or_default();
        let path = options.root.relative(&finding.path);
        match cases.iter_mut().find(|case| case.path == path) {
            Some(case) => case.findings.push(finding),
            None => cases.push(Case {
                rule: finding.rule,
                path,
                findings: vec![finding],
            }),
        }
    }

    let tests = |rules: &BTreeMap<&str, Vec<Case>>| -> usize {
        rules.values().map(|cases| cases.len().max(1)).sum()
    };
    let failures = |rules: &BTreeMap<&str, Vec<Case>>| -> usize {
        rules.values().flatten().filter(|case| case.fails()).count()
    };
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="devops-check" tests="{}" failures="{}" errors="0">"#,
        families.values().map(tests).sum::<usize>(),
        families.values().map(failures).sum::<usize>(),
    )?;
    for (family, rules) in &families {
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{}" failures="{}" errors="0" skipped="0">"#,
            attribute(family),
            tests(rules),
            failures(rules),
        )?;
        for (rule, cases) in rules {
            let classname = attribute(&format!("{family}.{rule}"));
            if cases.is_empty() {
                writeln!(
                    out,
                    r#"    <testcase name="all files" classname="{classname}"/>"#
                )?;
            }
            for case in cases {
                write_case(case, &classname, out)?;
            }
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

fn write_case(case: &Case, classname: &str, out: &mut dyn Write) -> io::Result<()> {
    let path = attribute(&case.path);
    writeln!(
        out,
        r#"    <testcase name="{path}" classname="{classname}" file="{path}">"#
    )?;
    let body: String = case
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {}[{}] {}\n",
                case.path,
                f.start.line,
                f.start.column,
                f.severity,
                f.rule,
                full_message(f)
            )
        })
        .collect();
    match case.worst() {
        Some(worst) if case.fails() => {
            let message = match case.findings.as_slice() {
                [only] => full_message(only),
                many => format!("{} findings of {} in {}", many.len(), case.rule, case.path),
            };
            writeln!(
                out,
                r#"      <failure type="{worst}" message="{}">{}</failure>"#,
                attribute(&message),
                text(&body)
            )?;
        }
        _ => writeln!(out, "      <system-out>{}</system-out>", text(&body))?,
    }
    writeln!(out, "    </testcase>")
}

/// Escapes XML character data; CR is kept as a reference, which a parser
/// would otherwise turn into LF.
fn text(value: &str) -> String {
    escape(value, false)
}

/// Escapes an attribute value; line breaks and tabs become references,
/// which attribute normalisation would otherwise turn into spaces.
fn attribute(value: &str) -> String {
    escape(value, true)
}

fn escape(value: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' | '\t' => out.push(c),
            // Characters XML 1.0 cannot hold at all, even as references.
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn render_to_string(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &fixtures::options(), &fixtures::rules(), &mut out)
            .expect("writing to memory");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn snapshot() {
        let output = render_to_string(&fixtures::report());
        fixtures::assert_no_source_text(&output);
        insta::assert_snapshot!(output);
    }

    #[test]
    fn escaping() {
        assert_eq!(
            attribute("a<b>&\"c\" 'd'\r\n\t\u{1}"),
            "a&lt;b&gt;&amp;&quot;c&quot; &apos;d&apos;&#13;&#10;&#9;\u{fffd}"
        );
        assert_eq!(text("a<b>\"c\"\r\n\t"), "a&lt;b&gt;\"c\"&#13;\n\t");
    }

    #[test]
    fn several_findings_of_one_rule_in_one_file_are_one_testcase() {
        let mut findings = fixtures::findings();
        let mut again = findings[0].clone();
        again.start.line = 9;
        findings.insert(1, again);
        let report = Report {
            findings: findings.into(),
            ..fixtures::report()
        };
        let output = render_to_string(&report);
        assert_eq!(
            output
                .matches(r#"<testcase name="infra/deploy/broken.yaml""#)
                .count(),
            1
        );
        assert!(
            output.contains(r#"message="2 findings of parse-error in infra/deploy/broken.yaml""#)
        );
        assert!(output.contains("infra/deploy/broken.yaml:9:5: error[parse-error]"));
    }
}
