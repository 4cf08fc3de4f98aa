//! Applying fixes: the text surgery behind `--fix`, `--unsafe-fixes` and
//! `--fix-dry-run`. It knows findings and their edits, never a rule.
//!
//! One file at a time: check it, choose the fixes allowed (each dropped when
//! it overlaps one chosen before it: the next pass picks it up), apply them
//! together, check again. A pass that would add a finding of any rule or a
//! parse problem is retried one fix at a time, and each fix that would is
//! dropped and named. Passes stop when nothing is left to apply, or after
//! [`MAX_PASSES`]: fixes that keep producing fixes (a bug in a rule) cannot
//! loop forever.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::facts::Facts;
use crate::finding::{Applicability, Edit, Finding, Fix, Text, redact};
use crate::source::SourceFile;

/// Enough for fixes that enable one another (a `securityContext:` added by
/// one, a key inside it by the next), bounded against loops.
pub const MAX_PASSES: usize = 8;

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selection {
    /// `--fix`: safe fixes only.
    Safe,
    /// `--fix --unsafe-fixes`: safe and unsafe; display-only fixes never.
    SafeAndUnsafe,
}

impl Selection {
    pub fn allows(self, applicability: Applicability) -> bool {
        match applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => self == Selection::SafeAndUnsafe,
            Applicability::DisplayOnly => false,
        }
    }
}

/// What fixing one file gave.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFix {
    /// The text after every accepted fix; equal to the input when none was.
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// Fixes refused because they would have added a finding or a parse
    /// problem: `rule: fix message (why)`.
    pub refused: Vec<String>,
    /// The secrets detected in the input, masked wherever its text is shown.
    pub secrets: Vec<String>,
}

/// Applies the chosen fixes to one file's text, checking it again after
/// every pass with `config` and what the other files tell (`facts`).
pub fn fix_file(
    file: &SourceFile,
    config: &Config,
    facts: &Facts,
    selection: Selection,
) -> FileFix {
    let mut text = file.text.clone();
    let mut applied = 0;
    let mut refused: Vec<String> = Vec::new();
    // Refused fixes by rule and message: spans move between passes.
    let mut refused_keys: Vec<(&'static str, Text)> = Vec::new();
    let mut findings = recheck(file, &text, config, facts);
    let mut secrets: Vec<String> = findings
        .iter()
        .filter_map(|f| f.secret)
        .map(|span| file.slice(span).to_string())
        .filter(|value| !value.is_empty())
        .collect();
    secrets.sort();
    secrets.dedup();
    for _ in 0..MAX_PASSES {
        let chosen = choose(&findings, selection, &refused_keys);
        if chosen.is_empty() {
            break;
        }
        let edits: Vec<&Edit> = chosen.iter().flat_map(|(_, fix)| &fix.edits).collect();
        let candidate = apply_edits(&text, &edits);
        let rechecked = recheck(file, &candidate, config, facts);
        if worsens(&findings, &rechecked).is_some() {
            // One at a time, to keep the fixes that are fine; those that
            // worsen the file alone are refused for good.
            for (rule, fix) in chosen {
                let one = apply_edits(&text, &fix.edits.iter().collect::<Vec<_>>());
                let after = recheck(file, &one, config, facts);
                match worsens(&findings, &after) {
                    Some(why) => {
                        refused.push(format!("{rule}: {} ({why})", fix.message));
                        refused_keys.push((rule, fix.message.clone()));
                    }
                    None => {
                        // The rest of this pass's fixes point into the old
                        // text: the next pass finds them again.
                        text = one;
                        findings = after;
                        applied += 1;
                        break;
                    }
                }
            }
            continue;
        }
        applied += chosen.len();
        text = candidate;
        findings = rechecked;
    }
    FileFix {
        text,
        applied,
        refused,
        secrets,
    }
}

/// The findings of `text` checked as `file`.
fn recheck(file: &SourceFile, text: &str, config: &Config, facts: &Facts) -> Vec<Finding> {
    let file = SourceFile::new(file.path.clone(), file.format, text);
    crate::check_known(file, config, facts).findings
}

/// The fixes to apply in one pass, in file order, each with its rule: those
/// the selection allows and not refused before, minus any that overlaps
/// (or touches at the same insertion point) one chosen before it.
pub fn choose<'a>(
    findings: &'a [Finding],
    selection: Selection,
    refused: &[(&'static str, Text)],
) -> Vec<(&'static str, &'a Fix)> {
    let mut candidates: Vec<(&'static str, &Fix)> = findings
        .iter()
        .filter_map(|f| f.fix.as_deref().map(|fix| (f.rule, fix)))
        .filter(|(rule, fix)| {
            selection.allows(fix.applicability)
                && !fix.edits.is_empty()
                && !refused.iter().any(|(r, m)| r == rule && *m == fix.message)
        })
        .collect();
    candidates.sort_by_key(|(rule, fix)| (fix.extent().map(|s| (s.start, s.end)), *rule));
    let mut chosen: Vec<(&'static str, &Fix)> = Vec::new();
    for (rule, fix) in candidates {
        let clashes = chosen.iter().any(|(_, earlier)| {
            fix.edits.iter().any(|edit| {
                earlier
                    .edits
                    .iter()
                    .any(|other| overlaps(edit.span, other.span))
            })
        });
        if !clashes {
            chosen.push((rule, fix));
        }
    }
    chosen
}

/// Whether two edits cannot both apply: their bytes overlap, or both insert
/// at one offset (their order would be a guess).
fn overlaps(a: crate::source::Span, b: crate::source::Span) -> bool {
    (a.start < b.end && b.start < a.end) || a.start == b.start
}

/// `text` with `edits` (sorted or not, non-overlapping) applied. An edit
/// whose span is not on character boundaries inside the text is skipped: a
/// rule's bug must never become a panic or a corrupted file.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for edit in sorted {
        let span = edit.span;
        let inside = span.start >= cursor
            && span.end >= span.start
            && text.get(cursor..span.start).is_some()
            && text.get(span.start..span.end).is_some();
        if !inside {
            continue;
        }
        out.push_str(&text[cursor..span.start]);
        out.push_str(&edit.replacement);
        cursor = span.end;
    }
    out.push_str(text.get(cursor..).unwrap_or(""));
    out
}

/// Why `after` is worse than `before`, if it is: a rule reports more than it
/// did (a fix added a finding), counting parse problems as any rule.
fn worsens(before: &[Finding], after: &[Finding]) -> Option<String> {
    let count = |findings: &[Finding]| {
        let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
        for finding in findings {
            *counts.entry(finding.rule).or_default() += 1;
        }
        counts
    };
    let before = count(before);
    count(after)
        .into_iter()
        .find(|(rule, n)| *n > before.get(rule).copied().unwrap_or(0))
        .map(|(rule, _)| format!("it would add a `{rule}` finding"))
}

/// A unified diff of one file's change, as `git diff` prints it, with
/// every value of `secrets` masked (a fix removes the line that holds one).
pub fn unified_diff(path: &str, before: &str, after: &str, secrets: &[String]) -> String {
    let diff = similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    // Longest first, so that a secret inside another is not half masked.
    let mut secrets: Vec<&String> = secrets.iter().collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    // The file names are the user's; a value that could be a name
    // (`minio`) is masked where the file had it, not in what a fix writes
    // (`minio-deployment-secrets`, the Secret that now holds it).
    diff.split_inclusive('\n')
        .map(|line| {
            let header = line.starts_with("--- ") || line.starts_with("+++ ");
            let written = line.starts_with('+');
            let mut line = line.to_string();
            for secret in secrets.iter().filter(|_| !header) {
                if (!written || !crate::could_be_a_name(secret)) && line.contains(secret.as_str()) {
                    line = line.replace(secret.as_str(), &redact(secret));
                }
            }
            line
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Severity;
    use crate::source::Span;

    fn finding_with(rule: &'static str, applicability: Applicability, edits: Vec<Edit>) -> Finding {
        let mut finding = Finding::new(rule, "test", Severity::Warning, Span::at(0));
        finding.fix(Fix::new(applicability, format!("fix of {rule}"), edits));
        finding
    }

    #[test]
    fn edits_apply_in_order_and_broken_spans_are_skipped() {
        let text = "one two three";
        let replace = Edit::replace(Span::new(4, 7), "2");
        let insert = Edit::insert(0, ">");
        let inside_char = Edit::replace(Span::new(99, 100), "x");
        assert_eq!(
            apply_edits(text, &[&replace, &insert, &inside_char]),
            ">one 2 three"
        );
        assert_eq!(apply_edits("é", &[&Edit::insert(1, "x")]), "é");
    }

    #[test]
    fn overlapping_fixes_and_the_unselected_are_left_for_later() {
        let findings = [
            finding_with(
                "b",
                Applicability::Safe,
                vec![Edit::replace(Span::new(2, 6), "x")],
            ),
            finding_with(
                "a",
                Applicability::Safe,
                vec![Edit::replace(Span::new(0, 3), "y")],
            ),
            finding_with("c", Applicability::Safe, vec![Edit::insert(0, "z")]),
            finding_with(
                "d",
                Applicability::Unsafe,
                vec![Edit::replace(Span::new(8, 9), "u")],
            ),
            finding_with(
                "e",
                Applicability::DisplayOnly,
                vec![Edit::insert(10, "skeleton")],
            ),
        ];
        let rules = |selection| -> Vec<&str> {
            choose(&findings, selection, &[])
                .into_iter()
                .map(|(rule, _)| rule)
                .collect()
        };
        // `a` replaces where `c` inserts; `b` overlaps `a`, not `c`.
        assert_eq!(rules(Selection::Safe), ["c", "b"]);
        assert_eq!(rules(Selection::SafeAndUnsafe), ["c", "b", "d"]);
        let refused = [("c", Text::from("fix of c"))];
        let after_refusal: Vec<&str> = choose(&findings, Selection::Safe, &refused)
            .into_iter()
            .map(|(rule, _)| rule)
            .collect();
        assert_eq!(after_refusal, ["a"]);
    }

    #[test]
    fn a_diff_names_the_file_keeps_line_endings_and_masks_secrets() {
        let diff = unified_diff(
            "a.yml",
            "x: 1\r\ny: hunter2-long-pass\r\n",
            "x: 1\r\nz: 3\r\ny: ${{ secrets.Y }}\r\n",
            &["hunter2-long-pass".to_string()],
        );
        assert!(diff.starts_with("--- a/a.yml\n+++ b/a.yml\n"), "{diff}");
        assert!(diff.contains("+z: 3\r\n"), "{diff:?}");
        assert!(diff.contains("-y: hunt********\r\n"), "{diff:?}");
        assert!(!diff.contains("hunter2"), "{diff:?}");
    }

    #[test]
    fn a_secret_that_could_be_a_name_is_masked_where_the_file_had_it() {
        let diff = unified_diff(
            "minio/deploy.yaml",
            "name: minio\npassword: minio\n",
            "name: minio\npassword:\n  secretKeyRef: {name: minio-secrets}\n",
            &["minio".to_string(), "s3cr3t-value".to_string()],
        );
        assert!(
            diff.starts_with("--- a/minio/deploy.yaml\n+++ b/minio/deploy.yaml\n"),
            "{diff}"
        );
        assert!(diff.contains("-password: ********\n"), "{diff}");
        assert!(diff.contains(" name: ********\n"), "{diff}");
        assert!(
            diff.contains("+  secretKeyRef: {name: minio-secrets}\n"),
            "{diff}"
        );
        // A random-looking secret is masked wherever it stands.
        let written = unified_diff("a", "k: 1\n", "k: s3cr3t-value\n", &["s3cr3t-value".into()]);
        assert!(!written.contains("s3cr3t-value"), "{written}");
    }
}
