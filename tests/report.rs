//! The machine output formats end to end, on the small tree in
//! `testdata/report/` (a broken Kubernetes manifest, a Helm template and a
//! Service with a duplicate key), copied into a fresh repository (a temporary
//! directory with `.git/`) so that repository-relative paths are known:
//! SARIF against the official schema, GitHub annotations and step summary,
//! JUnit, GitLab Code Quality, rdjsonl, and the flags that write several
//! reports in one run.

#[path = "support/sarif_schema.rs"]
mod sarif_schema;

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn devops_check() -> Command {
    let mut command = Command::cargo_bin("devops-check").expect("binary is built");
    command
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY")
        .args(["--color", "never"]);
    command
}

/// A repository holding `testdata/report/` under `infra/`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join(".git")).expect("create .git");
    copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/report"),
        &dir.path().join("infra"),
    );
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    for entry in fs::read_dir(from).expect("read testdata") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Runs from `infra/` on `.`, as a CI step in a subdirectory would.
fn run_in_infra(repo: &Path, args: &[&str]) -> (Option<i32>, String) {
    let output = devops_check()
        .current_dir(repo.join("infra"))
        .args(args)
        .arg(".")
        .output()
        .expect("runs");
    assert!(
        output.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("UTF-8 output"),
    )
}

/// The parse-family rule ids the tree is built to trigger, by path.
const EXPECTED: [(&str, &str); 3] = [
    (
        "infra/chart/templates/deployment.yaml",
        "unrendered-template",
    ),
    ("infra/deploy/broken.yaml", "parse-error"),
    ("infra/service.yaml", "duplicate-key"),
];

#[test]
fn sarif_is_valid_and_names_files_from_the_repository_root() {
    let repo = repository();
    let (code, stdout) = run_in_infra(repo.path(), &["--format", "sarif"]);
    assert_eq!(code, Some(1));
    let log: Value = serde_json::from_str(&stdout).expect("SARIF is JSON");
    sarif_schema::assert_valid_sarif(&log);

    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("SRCROOT has a uri");
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for meta in devops_check::catalogue::all() {
        let rule = rules
            .iter()
            .find(|r| r["id"] == meta.id.as_str())
            .unwrap_or_else(|| panic!("{} missing from driver.rules", meta.id));
        assert_eq!(rule["shortDescription"]["text"], meta.summary.as_str());
        assert!(rule["properties"]["security-severity"].is_string());
    }
    let results = run["results"].as_array().expect("results");
    for (path, rule) in EXPECTED {
        let result = results
            .iter()
            .find(|r| r["ruleId"] == rule)
            .unwrap_or_else(|| panic!("no {rule} result"));
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], path);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], rule);
        assert!(result["partialFingerprints"]["devopsCheck/v1"].is_string());
        assert!(result["partialFingerprints"]["primaryLocationLineHash"].is_null());
    }
    let duplicate = results
        .iter()
        .find(|r| r["ruleId"] == "duplicate-key")
        .expect("duplicate-key result");
    let region = &duplicate["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ),
        (&12.into(), &3.into(), &12.into(), &11.into())
    );
}

#[test]
fn github_annotates_and_writes_the_step_summary() {
    let repo = repository();
    let summary = repo.path().join("summary.md");
    fs::write(&summary, "earlier step\n").expect("write summary");
    let output = devops_check()
        .current_dir(repo.path().join("infra"))
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args(["--format", "github", "."])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with(
            "::error file=infra/deploy/broken.yaml,line=5,endLine=5,col=10,endColumn=10,\
             title=devops-check (parse-error)::"
        ),
        "{stdout}"
    );
    assert!(stdout.contains(
        "::warning file=infra/service.yaml,line=12,endLine=12,col=3,endColumn=11,\
         title=devops-check (duplicate-key)::duplicate key `selector`"
    ));
    assert!(stdout.contains("::notice file=infra/chart/templates/deployment.yaml,line=4,"));

    let written = fs::read_to_string(&summary).expect("summary written");
    assert!(written.starts_with("earlier step\n### devops-check: 1 error, 1 warning, 1 note"));
    assert!(written.contains("| infra/deploy/broken.yaml:5 | error | parse-error |"));
    assert!(written.contains("| infra/service.yaml:12 | warning | duplicate-key |"));
}

#[test]
fn github_without_a_step_summary_prints_annotations_only() {
    let repo = repository();
    let (code, stdout) = run_in_infra(repo.path(), &["--format", "github"]);
    assert_eq!(code, Some(1));
    assert_eq!(stdout.lines().count(), 3, "{stdout}");
    assert!(stdout.lines().all(|l| l.starts_with("::")));
}

#[test]
fn junit_has_a_failing_testcase_per_rule_and_file() {
    let repo = repository();
    let (code, stdout) = run_in_infra(repo.path(), &["--format", "junit"]);
    assert_eq!(code, Some(1));
    assert!(stdout.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?>"#));
    assert!(stdout.contains(
        r#"<testcase name="infra/deploy/broken.yaml" classname="parse.parse-error" file="infra/deploy/broken.yaml">"#
    ));
    assert!(stdout.contains(r#"<failure type="error" message="invalid YAML"#));
    assert!(stdout.contains(r#"<failure type="warning" message="duplicate key `selector`"#));
    // The Helm note does not fail; `<chart>` in its message is escaped.
    assert!(stdout.contains("<system-out>infra/chart/templates/deployment.yaml:4:9: note"));
    assert!(stdout.contains("helm template &lt;chart&gt;"));
    assert_eq!(
        stdout.matches("<testsuite ").count(),
        stdout.matches("</testsuite>").count()
    );
    assert_eq!(
        stdout.matches("<testcase ").count(),
        stdout.matches("</testcase>").count() + stdout.matches("\"/>").count()
    );
}

#[test]
fn gitlab_code_quality_lists_every_finding() {
    let repo = repository();
    let (code, stdout) = run_in_infra(repo.path(), &["--format", "gitlab"]);
    assert_eq!(code, Some(1));
    let issues: Value = serde_json::from_str(&stdout).expect("JSON");
    let issues = issues.as_array().expect("an array");
    for (path, rule) in EXPECTED {
        let issue = issues
            .iter()
            .find(|i| i["check_name"] == rule)
            .unwrap_or_else(|| panic!("no {rule} issue"));
        assert_eq!(issue["location"]["path"], path);
        assert!(issue["location"]["lines"]["begin"].is_u64());
        assert!(issue["fingerprint"].as_str().is_some_and(|f| !f.is_empty()));
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().expect("severity"))
        );
    }
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .filter_map(|i| i["fingerprint"].as_str())
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(
        fingerprints.len(),
        issues.len(),
        "fingerprints must be unique"
    );
}

#[test]
fn rdjsonl_is_one_diagnostic_per_line() {
    let repo = repository();
    let (code, stdout) = run_in_infra(repo.path(), &["--format", "rdjsonl"]);
    assert_eq!(code, Some(1));
    let diagnostics: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let duplicate = diagnostics
        .iter()
        .find(|d| d["code"]["value"] == "duplicate-key")
        .expect("duplicate-key diagnostic");
    assert_eq!(duplicate["location"]["path"], "service.yaml");
    assert_eq!(duplicate["severity"], "WARNING");
    assert_eq!(duplicate["source"]["name"], "devops-check");
    assert_eq!(
        duplicate["location"]["range"],
        serde_json::json!({"start": {"line": 12, "column": 3}, "end": {"line": 12, "column": 11}})
    );
    assert!(diagnostics.iter().all(|d| d["message"].is_string()));
}

#[test]
fn several_reports_in_one_run_and_text_still_on_the_terminal() {
    let repo = repository();
    fs::create_dir(repo.path().join("out")).expect("mkdir");
    let (code, stdout) = run_in_infra(
        repo.path(),
        &[
            "--format",
            "text",
            "--format",
            "sarif=../out/report.sarif",
            "--format",
            "junit=../junit.xml",
        ],
    );
    assert_eq!(code, Some(1), "exit code as without report files");
    assert!(stdout.contains("error[parse-error]"), "{stdout}");
    let sarif = fs::read_to_string(repo.path().join("out/report.sarif")).expect("SARIF written");
    sarif_schema::assert_valid_sarif(&serde_json::from_str(&sarif).expect("JSON"));
    let junit = fs::read_to_string(repo.path().join("junit.xml")).expect("JUnit written");
    assert!(junit.contains("<testsuites"));
    assert_no_temporary_files(&repo.path().join("out"));
    assert_no_temporary_files(repo.path());

    // Without a format for the terminal, text goes there.
    let (code, stdout) = run_in_infra(repo.path(), &["--format", "gitlab=../gl.json"]);
    assert_eq!(code, Some(1));
    assert!(stdout.contains("error[parse-error]"), "{stdout}");
    assert!(repo.path().join("gl.json").is_file());
}

#[test]
fn a_missing_report_directory_is_an_io_error() {
    let repo = repository();
    devops_check()
        .current_dir(repo.path().join("infra"))
        .args(["--format", "sarif=../nowhere/report.sarif", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "cannot write ../nowhere/report.sarif",
        ));
}

#[test]
fn output_writes_the_chosen_report_while_text_goes_to_the_terminal() {
    let repo = repository();
    fs::write(repo.path().join("report.json"), "old report").expect("write");
    let (code, stdout) = run_in_infra(
        repo.path(),
        &["--format", "json", "--output", "../report.json"],
    );
    assert_eq!(code, Some(1));
    assert!(stdout.contains("error[parse-error]"));
    let json: Value = serde_json::from_str(
        &fs::read_to_string(repo.path().join("report.json")).expect("written"),
    )
    .expect("the old report was replaced by JSON");
    assert_eq!(json["version"], 1);
    assert_no_temporary_files(repo.path());
}

#[test]
fn conflicting_destinations_are_usage_errors() {
    let cases: [&[&str]; 4] = [
        &["--format", "json", "--format", "sarif"],
        &["--format", "sarif=a.out", "--format", "junit=a.out"],
        &["--format", "sarif=a.out", "--output", "b.out"],
        &["--format", "xml"],
    ];
    for args in cases {
        devops_check()
            .args(args)
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/report"))
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty());
    }
    devops_check()
        .args(["--format", "xml", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "text, json, sarif, github, junit, gitlab, rdjsonl",
        ));
}

#[test]
fn no_report_leaks_a_secret() {
    let dir = tempfile::tempdir().expect("temp dir");
    let token = "ghp_Zq9xW2vB7nK4mT1rY8sD3fH6jL0pA5cE2gU7";
    fs::write(
        dir.path().join("pod.yaml"),
        format!(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    \
             - name: web\n      image: nginx:1.27\n      env:\n        - name: GITHUB_TOKEN\n          \
             value: {token}\n"
        ),
    )
    .expect("write");
    for format in [
        "text", "json", "sarif", "github", "junit", "gitlab", "rdjsonl",
    ] {
        let output = devops_check()
            .current_dir(dir.path())
            .args(["--format", format, "."])
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            !stdout.contains(token),
            "{format} printed the token:\n{stdout}"
        );
        assert!(
            !stdout.contains(&token[8..]),
            "{format} printed part of the token"
        );
    }
}

fn assert_no_temporary_files(dir: &Path) {
    let leftovers: Vec<String> = fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}
