//! Custom Rego policies end to end: conftest's examples run unchanged and
//! report what conftest reports, the shipped example policies pass their own
//! tests and report at the exact place, and custom findings flow through
//! configuration, suppressions, baselines and every output like built-in
//! ones. Broken or runaway policies are errors that name the place.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn devops_check() -> Command {
    let mut command = Command::cargo_bin("devops-check").expect("binary is built");
    command
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn findings_of(output: &[u8]) -> Vec<serde_json::Value> {
    let report: serde_json::Value = serde_json::from_slice(output).expect("JSON report");
    report["findings"].as_array().cloned().unwrap_or_default()
}

/// What `conftest test` prints for the findings of the custom family:
/// `FAIL - file - msg` (errors) and `WARN - file - msg` (warnings), sorted.
fn as_conftest_prints(findings: &[serde_json::Value], root: &Path) -> Vec<String> {
    let mut lines: Vec<String> = findings
        .iter()
        .filter(|f| f["family"] == "custom")
        .map(|f| {
            let verdict = if f["severity"] == "error" {
                "FAIL"
            } else {
                "WARN"
            };
            let path = f["path"].as_str().unwrap_or("");
            let shown = Path::new(path)
                .strip_prefix(root)
                .map_or(path.to_string(), |p| p.display().to_string());
            format!(
                "{verdict} - {shown} - {}",
                f["message"].as_str().unwrap_or("")
            )
        })
        .collect();
    lines.sort();
    lines
}

fn expected(path: &Path) -> Vec<String> {
    let mut lines: Vec<String> = fs::read_to_string(path)
        .expect("expected output")
        .lines()
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

fn conftest_example(name: &str, extra: &[&str]) -> Vec<String> {
    let root = repo(&format!("testdata/custom/conftest/{name}"));
    let output = devops_check()
        .current_dir(&root)
        .args([
            "--format",
            "json",
            "--fail-on",
            "never",
            "--policy",
            "policy",
        ])
        .args(extra)
        .arg(".")
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    as_conftest_prints(&findings_of(&output.stdout), Path::new("."))
}

#[test]
fn conftest_examples_report_what_conftest_reports() {
    for name in ["docker", "hcl2", "kubernetes"] {
        let root = repo(&format!("testdata/custom/conftest/{name}"));
        assert_eq!(
            conftest_example(name, &[]),
            expected(&root.join("expected.txt")),
            "conftest example `{name}`"
        );
    }
}

#[test]
fn namespaces_select_conftest_packages_as_conftest_does() {
    let root = repo("testdata/custom/conftest/docker");
    assert_eq!(
        conftest_example("docker", &["--all-namespaces"]),
        expected(&root.join("expected-all-namespaces.txt"))
    );
    let only_commands = conftest_example("docker", &["--namespace", "commands"]);
    assert_eq!(
        only_commands,
        vec![r#"FAIL - Dockerfile - unallowed commands found ["apk add --no-cache curl"]"#]
    );
}

#[test]
fn example_policies_pass_their_own_tests() {
    devops_check()
        .args(["test-policies"])
        .arg(repo("examples/policies"))
        .assert()
        .success()
        .stdout(predicate::str::contains("17 passed, 0 failed"))
        .stdout(predicate::str::contains("FAIL").not());
}

#[test]
fn a_failing_policy_test_fails_the_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("p.rego"),
        "package p\nimport rego.v1\nallow if input.user == \"admin\"\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("p_test.rego"),
        "package p\nimport rego.v1\ntest_admin if allow with input as {\"user\": \"admin\"}\ntest_guest if allow with input as {\"user\": \"guest\"}\n",
    )
    .expect("write");
    devops_check()
        .arg("test-policies")
        .arg(dir.path())
        .assert()
        .code(1)
        .stdout(predicate::str::contains("PASS"))
        .stdout(predicate::str::contains("data.p.test_guest"))
        .stdout(predicate::str::contains("1 passed, 1 failed"));
}

/// The example policies over the example project, as text: every custom
/// finding at its exact line and column.
#[test]
fn example_policies_report_at_the_exact_place() {
    let output = devops_check()
        .current_dir(repo(""))
        .args(["--color", "never", "--fail-on", "never"])
        .args(["--policy", "examples/policies", "testdata/examples"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&output.stdout);
    let custom: Vec<&str> = text
        .lines()
        .filter(|l| {
            [
                "[approved-registries]",
                "[no-latest-tag]",
                "[pinned-actions]",
                "[required-labels]",
                "[iam-role-naming]",
            ]
            .iter()
            .any(|id| l.contains(id))
        })
        .collect();
    insta::assert_snapshot!(custom.join("\n"));
}

#[test]
fn custom_rules_are_listed_and_explained() {
    devops_check()
        .args(["rules", "--policy"])
        .arg(repo("examples/policies"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "no-latest-tag                      custom",
        ))
        .stdout(predicate::str::contains("container-runs-as-root"));
    devops_check()
        .args(["explain", "pinned-actions", "--policy"])
        .arg(repo("examples/policies"))
        .assert()
        .success()
        .stdout(predicate::str::contains("only a full commit SHA"));
}

fn workspace(policy: &str, files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::create_dir(dir.path().join("policy")).expect("mkdir");
    fs::write(dir.path().join("policy/p.rego"), policy).expect("write");
    for (name, text) in files {
        fs::write(dir.path().join(name), text).expect("write");
    }
    dir
}

const NO_LATEST: &str = r#"package main
import rego.v1
deny contains {"msg": "no latest", "path": ["spec", "containers", 0, "image"]} if {
	endswith(input.spec.containers[0].image, ":latest")
}
"#;

const POD: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n";

#[test]
fn custom_findings_honour_config_suppressions_and_baselines() {
    let dir = workspace(NO_LATEST, &[("pod.yaml", POD)]);
    let run = |args: &[&str]| {
        devops_check()
            .current_dir(dir.path())
            .args([
                "--format",
                "json",
                "--fail-on",
                "never",
                "--policy",
                "policy",
            ])
            .args(args)
            .arg("pod.yaml")
            .output()
            .expect("runs")
    };
    let custom = |output: &std::process::Output| {
        findings_of(&output.stdout)
            .into_iter()
            .filter(|f| f["rule"] == "main.deny")
            .collect::<Vec<_>>()
    };
    let found = custom(&run(&[]));
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(8), Some(14))
    );
    // A baseline hides it.
    assert!(run(&["--write-baseline", "base.json"]).status.success());
    assert!(custom(&run(&["--baseline", "base.json"])).is_empty());
    // Configuration names custom rules like built-in ones.
    fs::write(
        dir.path().join(".devops-check.toml"),
        "[rules]\nseverity = { \"main.deny\" = \"note\" }\n",
    )
    .expect("write");
    assert_eq!(custom(&run(&[]))[0]["severity"], "note");
    fs::write(
        dir.path().join(".devops-check.toml"),
        "[rules]\ndisable = [\"main.deny\"]\n",
    )
    .expect("write");
    assert!(custom(&run(&[])).is_empty());
    fs::remove_file(dir.path().join(".devops-check.toml")).expect("remove");
    // An inline suppression silences it, and an unused one is reported.
    let suppressed = POD.replace(
        "      image: nginx:latest\n",
        "      # devops-check: ignore[main.deny] pinned by the registry's mirror\n      image: nginx:latest\n",
    );
    fs::write(dir.path().join("pod.yaml"), suppressed).expect("write");
    let output = run(&[]);
    assert!(custom(&output).is_empty());
    assert!(
        !findings_of(&output.stdout)
            .iter()
            .any(|f| f["rule"] == "unused-suppression")
    );
}

#[test]
fn policies_from_the_config_file_run_and_sarif_describes_them() {
    let policy = format!(
        "# METADATA\n# title: Latest tags are banned\n# description: Pin images.\n# custom:\n#   id: org-no-latest\n#   severity: warning\n{}",
        NO_LATEST.replace("package main\nimport rego.v1\n", "")
    );
    let policy = format!("package main\nimport rego.v1\n\n{policy}");
    let dir = workspace(&policy, &[("pod.yaml", POD)]);
    fs::write(
        dir.path().join(".devops-check.toml"),
        "[policies]\npaths = [\"policy\"]\n",
    )
    .expect("write");
    let output = devops_check()
        .current_dir(dir.path())
        .args(["--format", "sarif", "--fail-on", "never", "pod.yaml"])
        .output()
        .expect("runs");
    let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).expect("SARIF");
    let run = &sarif["runs"][0];
    let rule = run["tool"]["driver"]["rules"]
        .as_array()
        .and_then(|rules| rules.iter().find(|r| r["id"] == "org-no-latest"))
        .expect("the custom rule is described");
    assert_eq!(rule["shortDescription"]["text"], "Latest tags are banned");
    let result = run["results"]
        .as_array()
        .and_then(|results| results.iter().find(|r| r["ruleId"] == "org-no-latest"))
        .expect("the custom finding is a result");
    assert_eq!(result["level"], "warning");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"]["startLine"],
        8
    );
}

#[test]
fn a_policy_that_does_not_compile_names_its_place() {
    let dir = workspace(
        "package main\n\ndeny contains msg if {\n  msg := \n}\n",
        &[("pod.yaml", POD)],
    );
    devops_check()
        .current_dir(dir.path())
        .args(["--policy", "policy", "pod.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("policy/p.rego:4:7: expecting `}`"))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

/// The JSON findings of a run over `pod.yaml` with the policies of `dir`.
fn pod_findings(dir: &tempfile::TempDir) -> Vec<serde_json::Value> {
    let output = devops_check()
        .current_dir(dir.path())
        .args(["--format", "json", "--fail-on", "never"])
        .args(["--policy", "policy", "pod.yaml"])
        .output()
        .expect("runs");
    findings_of(&output.stdout)
}

fn reports_internal_error(findings: &[serde_json::Value], naming: &str) -> bool {
    findings.iter().any(|f| {
        f["rule"] == "internal-error" && f["message"].as_str().is_some_and(|m| m.contains(naming))
    })
}

#[test]
fn a_policy_that_fails_on_a_file_is_an_internal_error_there_and_the_run_goes_on() {
    // Two values for one complete rule: an error OPA reports at evaluation,
    // and only for inputs that make both bodies true.
    let failing = "package main\nimport rego.v1\nkind_id := 1 if input.kind == \"Pod\"\nkind_id := 2 if input.kind == \"Pod\"\ndeny contains \"x\" if kind_id == 3\n";
    let dir = workspace(failing, &[("pod.yaml", POD)]);
    let findings = pod_findings(&dir);
    assert!(reports_internal_error(
        &findings,
        "custom policy `main.deny`"
    ));
    assert!(findings.iter().any(|f| f["rule"] == "missing-memory-limit"));
}

#[test]
fn a_runaway_policy_is_stopped_by_the_time_limit() {
    // Nine million iterations: far past the limit the config sets, in
    // small steps (no single huge allocation).
    let runaway = "package main\nimport rego.v1\ndeny contains msg if {\n  input.kind == \"Pod\"\n  n := count([1 | some a in numbers.range(1, 3000); some b in numbers.range(1, 3000)])\n  msg := sprintf(\"%d\", [n])\n}\n";
    let dir = workspace(runaway, &[("pod.yaml", POD)]);
    fs::write(
        dir.path().join(".devops-check.toml"),
        "[policies]\ntimeout-ms = 200\n",
    )
    .expect("write");
    let findings = pod_findings(&dir);
    assert!(reports_internal_error(&findings, "main.deny"));
}

#[test]
fn the_published_model_schema_is_the_generated_one() {
    let output = devops_check().arg("schema").output().expect("runs");
    let published = fs::read_to_string(repo("docs/model-input.schema.json"))
        .expect("the schema is published under docs/");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        published,
        "regenerate it: devops-check schema > docs/model-input.schema.json"
    );
}
