//! Inline suppressions: `# devops-check: ignore[rule-a, rule-b] reason` (or
//! `//` in HCL) on a finding's line, the line before it, or any line inside
//! its span; `ignore-file[rule]` for the whole file; and object exemptions
//! from the model (the `devops-check.io/ignore` Kubernetes annotation).
//!
//! Directives are found in the raw text: every format we read has `#` (and
//! HCL `//`) comments, and reading them here keeps the adapters free of it.
//! A directive that suppresses nothing, or names an unknown rule, becomes a
//! problem that the `unused-suppression` rule reports.

use std::sync::OnceLock;

use regex::Regex;

use crate::catalogue;
use crate::config::SuppressionPolicy;
use crate::finding::Finding;
use crate::model::{Exemption, Problem, ProblemKind};
use crate::source::{SourceFile, Span, Spanned};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub scope: Scope,
    pub rules: Vec<Spanned<String>>,
    pub reason: Option<String>,
}

/// What a directive covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// A comment on this 0-based line: findings on it, on the next line, or
    /// spanning it.
    Line(usize),
    File,
    /// Findings inside an object.
    Object(Span),
}

impl Scope {
    fn covers(self, file: &SourceFile, finding: &Finding) -> bool {
        match self {
            Scope::File => true,
            Scope::Object(object) => object.contains(finding.span),
            Scope::Line(line) => {
                let first = file.line_index(finding.span.start);
                let last = file.line_index(finding.span.end).max(first);
                line + 1 == first || (first..=last).contains(&line)
            }
        }
    }
}

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(r"(?:#|//)\s*devops-check:\s*(ignore|ignore-file)\[([^\]]*)\]([^\r\n]*)")
            .expect("the pattern is valid")
    })
}

/// Every directive in a file.
pub fn directives(file: &SourceFile) -> Vec<Directive> {
    if !crate::source::holds(&file.text, "devops-check:") {
        return Vec::new();
    }
    pattern()
        .captures_iter(&file.text)
        .filter_map(|captures| {
            let whole = captures.get(0)?;
            let list = captures.get(2)?;
            let mut rules = Vec::new();
            let mut offset = list.start();
            for part in list.as_str().split(',') {
                let trimmed = part.trim();
                if !trimmed.is_empty() {
                    let start = offset + (part.len() - part.trim_start().len());
                    rules.push(Spanned::new(
                        trimmed.to_string(),
                        Span::new(start, start + trimmed.len()),
                    ));
                }
                offset += part.len() + 1;
            }
            let reason = captures
                .get(3)
                .map(|m| m.as_str().trim().trim_end_matches("*/").trim())
                .filter(|r| !r.is_empty())
                .map(str::to_string);
            Some(Directive {
                scope: if &captures[1] == "ignore-file" {
                    Scope::File
                } else {
                    Scope::Line(file.line_index(whole.start()))
                },
                rules,
                reason,
            })
        })
        .collect()
}

/// Drops the findings that a directive covers and returns, as problems, the
/// directive entries that covered nothing, name no rule, or break `policy`.
pub fn apply(
    file: &SourceFile,
    exemptions: &[Exemption],
    findings: &mut Vec<Finding>,
    policy: &SuppressionPolicy,
) -> Vec<Problem> {
    let mut directives = directives(file);
    directives.extend(exemptions.iter().map(|e| Directive {
        scope: Scope::Object(e.object),
        rules: e.rules.clone(),
        reason: e.reason.clone(),
    }));
    let mut problems = Vec::new();
    let mut report = |span: Span, message: String| {
        problems.push(Problem {
            kind: ProblemKind::UnusedSuppression,
            span,
            message,
        });
    };
    // Entries that may suppress: (directive, rule) pairs, and whether used.
    let mut entries: Vec<(&Directive, &Spanned<String>, bool)> = Vec::new();
    for directive in &directives {
        for rule in &directive.rules {
            if policy.forbid_inline {
                report(
                    rule.span,
                    "inline suppressions are turned off by configuration; this one has no effect"
                        .into(),
                );
            } else if catalogue::get(&rule.value).is_none() {
                report(
                    rule.span,
                    format!(
                        "`{}` is not a rule; `devops-check rules` lists them",
                        rule.value
                    ),
                );
            } else if policy.unsuppressible.contains(&rule.value) {
                report(
                    rule.span,
                    format!(
                        "`{}` may not be suppressed inline (configuration); this has no effect",
                        rule.value
                    ),
                );
            } else if policy.require_reason && directive.reason.is_none() {
                report(
                    rule.span,
                    format!(
                        "suppression of `{}` gives no reason, which configuration requires; it has no effect",
                        rule.value
                    ),
                );
            } else {
                entries.push((directive, rule, false));
            }
        }
    }
    if !entries.is_empty() {
        findings.retain(|finding| {
            let mut suppressed = false;
            for (directive, rule, used) in &mut entries {
                if rule.value == finding.rule && directive.scope.covers(file, finding) {
                    *used = true;
                    suppressed = true;
                }
            }
            !suppressed
        });
    }
    for (_, rule, used) in entries {
        if !used {
            report(
                rule.span,
                format!("suppression of `{}` matches no finding here", rule.value),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    #[test]
    fn reads_rules_spans_and_reasons() {
        let text =
            "x\n# devops-check: ignore[a, b-c] vendor image\n// devops-check: ignore-file[d]\n";
        let file = SourceFile::new("f", Format::Terraform, text);
        let found = directives(&file);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].scope, Scope::Line(1));
        let names: Vec<&str> = found[0].rules.iter().map(|r| file.slice(r.span)).collect();
        assert_eq!(names, ["a", "b-c"]);
        assert_eq!(found[0].reason.as_deref(), Some("vendor image"));
        assert_eq!(found[1].scope, Scope::File);
        assert_eq!(found[1].reason, None);
    }
}
