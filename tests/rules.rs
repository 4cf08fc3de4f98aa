//! Every rule's fixtures: each file under `testdata/rules/<id>/fire/` must
//! make rule `<id>` report, each under `clean/` must not; the exact
//! diagnostics of firing fixtures are insta snapshots.
//!
//! A fixture's format comes from its name as in a real tree, except that a
//! GitHub workflow is named `*.workflow.yml` (fixtures do not live under
//! `.github/workflows/`).
//!
//! Fixes are tested over the same fixtures: each rule's catalogue entry says
//! how far its fixes may be trusted, and what its fixes do to its firing
//! fixtures is snapshotted as a diff, checked again, and applied twice.

use std::fs;
use std::path::{Path, PathBuf};

use devops_check::catalogue;
use devops_check::config::Config;
use devops_check::discover::classify;
use devops_check::facts::Facts;
use devops_check::finding::Finding;
use devops_check::fix::{FileFix, Selection, fix_file, unified_diff};
use devops_check::formats;
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

/// A fixture as a source file, under a stable path.
fn source_of(path: &Path) -> SourceFile {
    let text = fs::read_to_string(path).expect("fixtures are UTF-8");
    let shown = path
        .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    SourceFile::new(shown, format_of(path), text)
}

fn all_findings(file: SourceFile) -> Vec<Finding> {
    devops_check::check_source(file).findings
}

/// The findings of `rule` on one fixture, reported under a stable path.
fn findings_of(rule: &str, path: &Path) -> Vec<Finding> {
    all_findings(source_of(path))
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}

/// `<rule>__<fixture file name>`.
fn snapshot_name(rule: &str, path: &Path) -> String {
    let file = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("fixture");
    format!("{rule}__{file}")
}

fn count_of(findings: &[Finding], rule: &str) -> usize {
    findings.iter().filter(|f| f.rule == rule).count()
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
            let name = snapshot_name(&meta.id, &path);
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

/// The format a fixture is read as: its name's, or the one its content
/// shows (a Compose file or GitLab CI file by its keys, a CloudFormation
/// template among YAML and JSON files), as in a run over a tree.
fn format_read(path: &Path) -> &'static str {
    let file = source_of(path);
    let format = formats::sniff(file.format, &file.path, &file.text);
    let may_be_template = matches!(
        format,
        Format::Kubernetes | Format::CloudFormation | Format::Json | Format::GithubAction
    );
    if may_be_template
        && formats::cloudformation::load(&file, false, &formats::Syntax::of(&file.text)).is_some()
    {
        return Format::CloudFormation.name();
    }
    format.name()
}

/// The catalogue's `formats:` (the SARIF help's example language, `explain`)
/// must name every format a rule reports on in any fixture.
#[test]
fn catalogue_formats_name_every_format_a_rule_reports_on() {
    let mut unlisted = std::collections::BTreeSet::new();
    for meta in catalogue::all() {
        for kind in ["fire", "clean"] {
            for path in fixtures(&meta.id, kind) {
                let format = format_read(&path);
                for finding in all_findings(source_of(&path)) {
                    let listed = catalogue::get(finding.rule)
                        .is_some_and(|m| m.formats.iter().any(|f| f == format));
                    if !listed {
                        unlisted.insert(format!("{}: {format}", finding.rule));
                    }
                }
            }
        }
    }
    assert!(
        unlisted.is_empty(),
        "rules reporting on formats their catalogue entry does not list:\n{}",
        unlisted.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// `fixed` checked as the fixture it came from.
fn recheck(original: &SourceFile, fixed: &FileFix) -> Vec<Finding> {
    all_findings(SourceFile::new(
        original.path.clone(),
        original.format,
        fixed.text.clone(),
    ))
}

#[test]
fn fixes_are_as_trusted_as_the_catalogue_says() {
    for meta in catalogue::all() {
        let mut fixed_some = false;
        for kind in ["fire", "clean"] {
            for path in fixtures(&meta.id, kind) {
                for finding in all_findings(source_of(&path)) {
                    let Some(fix) = &finding.fix else { continue };
                    let declared = catalogue::get(finding.rule).and_then(|m| m.fix);
                    assert!(
                        declared.is_some_and(|d| fix.applicability <= d),
                        "{} gives a {} fix on {} but its catalogue entry declares {:?}",
                        finding.rule,
                        fix.applicability,
                        path.display(),
                        declared
                    );
                    assert!(
                        !fix.edits.is_empty(),
                        "{}: a fix without edits",
                        finding.rule
                    );
                    fixed_some |= finding.rule == meta.id;
                }
            }
        }
        assert_eq!(
            fixed_some,
            meta.fix.is_some(),
            "{}: the catalogue's `fix:` and the fixes in its fixtures disagree",
            meta.id
        );
    }
}

#[test]
fn fixes_of_firing_fixtures_match_their_snapshots_and_leave_the_rule_quieter() {
    for meta in catalogue::all().iter().filter(|m| m.fix.is_some()) {
        for path in fixtures(&meta.id, "fire") {
            let file = source_of(&path);
            let before = all_findings(source_of(&path));
            let fixed = fix_file(
                &file,
                &Config::default(),
                &Facts::default(),
                Selection::SafeAndUnsafe,
            );
            let after = recheck(&file, &fixed);
            let fixable = before.iter().any(|f| {
                f.rule == meta.id
                    && f.fix
                        .as_ref()
                        .is_some_and(|x| Selection::SafeAndUnsafe.allows(x.applicability))
            });
            // A fix the engine refused (it would add a finding) is named in
            // the snapshot; any other must quieten the rule.
            if fixable && fixed.refused.is_empty() {
                assert!(
                    count_of(&after, &meta.id) < count_of(&before, &meta.id),
                    "fixing {} left every {} finding:\n{}",
                    path.display(),
                    meta.id,
                    fixed.text
                );
            }
            for finding in &after {
                assert!(
                    count_of(&after, finding.rule) <= count_of(&before, finding.rule),
                    "fixing {} added a {} finding: {}",
                    path.display(),
                    finding.rule,
                    finding.message
                );
            }
            let name = snapshot_name(&meta.id, &path);
            insta::with_settings!({
                snapshot_path => "snapshots/fixes",
                prepend_module_to_snapshot => false,
                omit_expression => true,
            }, {
                let refused: String = fixed
                    .refused
                    .iter()
                    .map(|r| format!("refused: {r}\n"))
                    .collect();
                insta::assert_snapshot!(
                    name,
                    format!("{}{refused}", unified_diff(&file.path, &file.text, &fixed.text, &fixed.secrets))
                );
            });
        }
    }
}

/// The fix property, over every fixture of every rule: fixing never adds a
/// finding or a parse problem, and fixing the result again changes nothing.
#[test]
fn fixing_twice_changes_nothing() {
    for meta in catalogue::all() {
        for kind in ["fire", "clean"] {
            for path in fixtures(&meta.id, kind) {
                let file = source_of(&path);
                let once = fix_file(
                    &file,
                    &Config::default(),
                    &Facts::default(),
                    Selection::SafeAndUnsafe,
                );
                let fixed = SourceFile::new(file.path.clone(), file.format, once.text.clone());
                let twice = fix_file(
                    &fixed,
                    &Config::default(),
                    &Facts::default(),
                    Selection::SafeAndUnsafe,
                );
                assert_eq!(
                    twice.text,
                    once.text,
                    "fixing {} again changed it",
                    path.display()
                );
                assert_eq!(twice.applied, 0, "{}", path.display());
                let before = all_findings(source_of(&path));
                let parse_problems =
                    |findings: &[Finding]| findings.iter().filter(|f| f.family == "parse").count();
                assert!(
                    parse_problems(&recheck(&file, &once)) <= parse_problems(&before),
                    "fixing {} broke its syntax:\n{}",
                    path.display(),
                    once.text
                );
            }
        }
    }
}
