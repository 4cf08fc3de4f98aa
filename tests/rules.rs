//! Every rule's fixtures: each file under `testdata/rules/<id>/fire/` must
//! make rule `<id>` report, each under `clean/` must not; the exact
//! diagnostics of firing fixtures are insta snapshots.
//!
//! A fixture's format comes from its name as in a real tree, except that a
//! GitHub workflow is named `*.workflow.yml` (fixtures do not live under
//! `.github/workflows/`).

use std::fs;
use std::path::{Path, PathBuf};

use devops_check::catalogue;
use devops_check::discover::classify;
use devops_check::finding::Finding;
use devops_check::report::text::render_finding;
use devops_check::source::{Format, SourceFile};

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules")
}

fn fixtures(rule: &str, kind: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(rules_dir().join(rule).join(kind))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

fn format_of(path: &Path) -> Format {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name.ends_with(".workflow.yml") || name.ends_with(".workflow.yaml") {
        return Format::GithubWorkflow;
    }
    classify(path).unwrap_or_else(|| panic!("{}: fixture name gives no format", path.display()))
}

/// The findings of `rule` on one fixture, reported under a stable path.
fn findings_of(rule: &str, path: &Path) -> Vec<Finding> {
    let text = fs::read_to_string(path).expect("fixtures are UTF-8");
    let shown = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    let outcome = devops_check::check_source(SourceFile::new(shown, format_of(path), text));
    outcome
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

fn render(findings: &[Finding]) -> String {
    let mut out = Vec::new();
    for finding in findings {
        render_finding(finding, false, &mut out).expect("writing to memory");
    }
    String::from_utf8(out).expect("renderer writes UTF-8")
}

/// Rules whose findings come from the reading pipeline rather than from a
/// fixture's content alone (a binary file cannot be a text fixture); their
/// behaviour is tested in tests/cli.rs and tests/hostile/.
const PIPELINE_RULES: &[&str] = &["file-skipped", "internal-error"];

#[test]
fn every_rule_has_firing_and_clean_fixtures() {
    let mut missing = Vec::new();
    for meta in catalogue::all() {
        if PIPELINE_RULES.contains(&meta.id.as_str()) {
            continue;
        }
        for kind in ["fire", "clean"] {
            if fixtures(&meta.id, kind).is_empty() {
                missing.push(format!("testdata/rules/{}/{kind}/", meta.id));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fixtures:\n{}",
        missing.join("\n")
    );
}

#[test]
fn firing_fixtures_fire_and_match_their_snapshots() {
    for meta in catalogue::all() {
        for path in fixtures(&meta.id, "fire") {
            let findings = findings_of(&meta.id, &path);
            assert!(
                !findings.is_empty(),
                "{} did not report on {}",
                meta.id,
                path.display()
            );
            let name = format!(
                "{}__{}",
                meta.id,
                path.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("fixture")
            );
            insta::with_settings!({
                snapshot_path => "snapshots/rules",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                insta::assert_snapshot!(name, render(&findings));
            });
        }
    }
}

#[test]
fn clean_fixtures_stay_clean() {
    for meta in catalogue::all() {
        for path in fixtures(&meta.id, "clean") {
            let findings = findings_of(&meta.id, &path);
            assert!(
                findings.is_empty(),
                "{} reported on clean fixture {}:\n{}",
                meta.id,
                path.display(),
                render(&findings)
            );
        }
    }
}
