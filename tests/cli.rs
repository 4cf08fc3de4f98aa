//! The binary end to end: exit codes, subcommands, error messages, the JSON
//! contract, determinism across thread counts, and quiet ends on closed pipes.

use std::fs;
use std::path::Path;
use std::process::{Command as Process, Stdio};

use predicates::prelude::*;

#[path = "support/command.rs"]
mod command;
use command::devops_check;

fn examples() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/examples")
}

fn json_of(output: &[u8]) -> serde_json::Value {
    serde_json::from_slice(output).expect("--format json prints JSON")
}

#[test]
fn missing_path_is_a_usage_error_with_one_line() {
    devops_check()
        .arg("no/such/dir")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "no/such/dir: no such file or directory",
        ))
        .stderr(predicate::function(|s: &str| s.lines().count() == 1));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    devops_check().arg("--no-such-flag").assert().code(2);
}

#[test]
fn rules_lists_every_catalogue_entry() {
    let output = devops_check().arg("rules").assert().success();
    let stdout = String::from_utf8_lossy(&output.get_output().stdout).into_owned();
    for meta in devops_check::catalogue::all() {
        assert!(stdout.contains(&meta.id), "`rules` misses {}", meta.id);
    }
}

#[test]
fn explain_prints_a_rule_and_refuses_unknown_ones() {
    devops_check()
        .args(["explain", "parse-error"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Why:"))
        .stdout(predicate::str::contains("Fix:"))
        .stdout(predicate::str::contains("Bad:"))
        .stdout(predicate::str::contains("Good:"));
    devops_check()
        .args(["explain", "no-such-rule"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown rule `no-such-rule`"));
    devops_check()
        .args(["explain", "container-run-as-root"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "did you mean `container-runs-as-root`?",
        ));
}

#[test]
fn json_follows_the_contract() {
    let output = devops_check()
        .args(["--format", "json", examples()])
        .output()
        .expect("runs");
    let json = json_of(&output.stdout);
    assert_eq!(json["version"], 1);
    assert!(json["files_scanned"].as_u64().is_some_and(|n| n > 0));
    let findings = json["findings"].as_array().expect("findings array");
    for finding in findings {
        for key in [
            "rule",
            "family",
            "severity",
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "message",
            "object",
            "fingerprint",
        ] {
            assert!(
                finding.get(key).is_some(),
                "finding lacks `{key}`: {finding}"
            );
        }
    }
}

#[test]
fn output_is_identical_whatever_the_thread_count() {
    let run = |threads: &str| {
        devops_check()
            .args(["--format", "json", "-j", threads, examples()])
            .output()
            .expect("runs")
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    for threads in ["2", "8", "16"] {
        assert_eq!(one, run(threads), "-j{threads} differs from -j1");
    }
}

/// Every report of a run over all of testdata (rule fixtures, facts, fleet
/// examples) is the same byte for byte on one thread and on eight.
#[test]
fn every_report_is_identical_whatever_the_thread_count() {
    let testdata = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata");
    let formats = ["json", "sarif", "github", "junit", "gitlab", "rdjsonl"];
    let run = |threads: &str| {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut args = vec!["--quiet".to_string(), "-j".into(), threads.into()];
        for format in formats {
            args.push("--format".into());
            args.push(format!("{format}={}", dir.path().join(format).display()));
        }
        args.extend(["--format".into(), "text".into(), testdata.into()]);
        let output = devops_check().args(&args).output().expect("runs");
        let mut reports = vec![("text", output.stdout)];
        for format in formats {
            reports.push((format, fs::read(dir.path().join(format)).expect("written")));
        }
        reports
    };
    let one = run("1");
    assert!(one.iter().all(|(_, report)| !report.is_empty()));
    for ((format, a), (_, b)) in one.iter().zip(run("8")) {
        assert!(*a == b, "the {format} report of -j8 differs from -j1");
    }
}

#[test]
fn fail_on_decides_the_exit_code_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A Helm template yields a note and nothing else.
    fs::write(
        dir.path().join("chart.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n",
    )
    .expect("write");
    let path = dir.path().to_str().expect("UTF-8 temp path");
    devops_check()
        .arg(path)
        .assert()
        .success()
        .stdout(predicate::str::contains("unrendered-template"));
    devops_check()
        .args(["--fail-on", "note", path])
        .assert()
        .code(1);
    devops_check()
        .args(["--fail-on", "never", path])
        .assert()
        .success();
}

#[test]
fn broken_files_are_reported_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("broken.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
    )
    .expect("write");
    fs::write(dir.path().join("utf16.yaml"), [0xFF, 0xFE, b'a', 0]).expect("write");
    fs::write(dir.path().join("Dockerfile"), b"FROM x\n\0\0binary").expect("write");
    fs::write(
        dir.path().join("dup.yaml"),
        "apiVersion: v1\nkind: Pod\nkind: Pod\n",
    )
    .expect("write");
    let output = devops_check()
        .args(["--format", "json", dir.path().to_str().expect("UTF-8")])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let json = json_of(&output.stdout);
    let found: Vec<(String, String)> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap_or_default();
            let name = Path::new(path).file_name().and_then(|n| n.to_str());
            (
                name.unwrap_or_default().to_string(),
                f["rule"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    for expected in [
        ("broken.yaml", "parse-error"),
        ("utf16.yaml", "file-skipped"),
        ("Dockerfile", "file-skipped"),
        ("dup.yaml", "duplicate-key"),
    ] {
        assert!(
            found.contains(&(expected.0.to_string(), expected.1.to_string())),
            "missing {expected:?} in {found:?}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Enough findings to overflow a pipe buffer before the reader leaves.
    for i in 0..400 {
        fs::write(
            dir.path().join(format!("broken{i}.yaml")),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
        )
        .expect("write");
    }
    let binary = assert_cmd::cargo::cargo_bin("devops-check");
    let mut child = Process::new(binary)
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("waits");
    assert!(
        output.stderr.is_empty(),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_ne!(output.status.code(), Some(2));
}

#[test]
fn text_output_has_location_frame_fix_and_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("broken.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
    )
    .expect("write");
    devops_check()
        .current_dir(dir.path())
        .args(["--color", "never", "."])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("broken.yaml:"))
        .stdout(predicate::str::contains("error[parse-error]"))
        .stdout(predicate::str::contains("^"))
        .stdout(predicate::str::contains("= fix:"))
        .stdout(predicate::str::contains("Checked 0 files in"))
        .stdout(predicate::str::contains("1 error, 0 warnings, 0 notes."))
        .stdout(predicate::str::contains("\u{1b}[").not());
}

#[test]
fn standard_input_is_read_as_manifests_or_as_named() {
    devops_check()
        .args(["--format", "json", "-"])
        .write_stdin("apiVersion: v1\nkind: Pod\nkind: Pod\n")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("\"path\": \"-\""))
        .stdout(predicate::str::contains("duplicate-key"));
    devops_check()
        .args([
            "--format",
            "json",
            "--stdin-filename",
            "deploy/pod.yaml",
            "-",
        ])
        .write_stdin("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.name }}\n")
        .assert()
        .stdout(predicate::str::contains("\"path\": \"deploy/pod.yaml\""))
        .stdout(predicate::str::contains("unrendered-template"));
}

/// A tree with one duplicate-key warning and one Helm template note.
fn tree_with_config(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(
        dir.path().join("dup.yaml"),
        "apiVersion: v1\nkind: Pod\nkind: Pod\n",
    )
    .expect("write");
    fs::create_dir(dir.path().join("charts")).expect("mkdir");
    fs::write(
        dir.path().join("charts/t.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Values.n }}\n",
    )
    .expect("write");
    fs::write(dir.path().join(".devops-check.toml"), config).expect("write");
    dir
}

fn rules_found(dir: &Path, extra: &[&str]) -> (Option<i32>, Vec<String>) {
    let output = devops_check()
        .current_dir(dir)
        .args(["--format", "json"])
        .args(extra)
        .arg(".")
        .output()
        .expect("runs");
    let json = json_of(&output.stdout);
    let rules = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["rule"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or("")
            )
        })
        .collect();
    (output.status.code(), rules)
}

#[test]
fn config_found_upward_disables_overrides_and_excludes() {
    let dir = tree_with_config(
        "fail-on = \"error\"\nexclude = [\"charts/**\"]\n[rules.severity]\nduplicate-key = \"note\"\n",
    );
    let (code, rules) = rules_found(dir.path(), &[]);
    assert_eq!(rules, ["duplicate-key note"]);
    assert_eq!(code, Some(0));
    // Found upward from a sub-directory too.
    let (_, rules) = rules_found(&dir.path().join("charts"), &["--fail-on", "note"]);
    assert!(rules.is_empty(), "charts/ is excluded: {rules:?}");
}

#[test]
fn config_ignores_per_path_and_disables_rules() {
    let dir = tree_with_config(
        "[rules]\ndisable = [\"duplicate-key\"]\n[[ignore]]\npaths = [\"charts/**\"]\n",
    );
    let (code, rules) = rules_found(dir.path(), &[]);
    assert!(rules.is_empty(), "{rules:?}");
    assert_eq!(code, Some(0));
}

#[test]
fn config_errors_name_the_file_line_and_key() {
    let dir = tree_with_config("[rules]\ndisable = [\"duplicate-keys\"]\n");
    devops_check()
        .current_dir(dir.path())
        .arg(".")
        .assert()
        .code(2)
        .stderr(predicate::str::contains(".devops-check.toml:2:"))
        .stderr(predicate::str::contains("unknown rule `duplicate-keys`"));
    devops_check()
        .args(["--config", "no/such.toml", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no/such.toml"));
}

/// The job-ordering findings on `release.yml` beside a reusable workflow
/// `checks.yml` (whose name says nothing) that runs `checks` in an
/// environment its caller chooses.
fn release_calling(checks: &str, publish_needs: bool) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let workflows = dir.path().join(".github/workflows");
    fs::create_dir_all(&workflows).expect("mkdir");
    let called = format!(
        "on: workflow_call\npermissions: {{}}\njobs:\n  run:\n    runs-on: ubuntu-latest\n    environment: ${{{{ inputs.environment }}}}\n    steps:\n      - run: {checks}\n"
    );
    fs::write(workflows.join("checks.yml"), called).expect("write");
    let release = r"on:
  push:
    tags: ['v*']
permissions: {}
jobs:
  checks:
    uses: ./.github/workflows/checks.yml
  pypi:
NEEDS    runs-on: ubuntu-latest
    steps:
      - run: python -m build && twine upload dist/*
"
    .replace(
        "NEEDS",
        if publish_needs {
            "    needs: checks\n"
        } else {
            ""
        },
    );
    fs::write(workflows.join("release.yml"), release).expect("write");
    let (_, rules) = rules_found(dir.path(), &[]);
    rules
        .into_iter()
        .filter(|r| r.contains("tests") || r.contains("ungated"))
        .collect()
}

#[test]
fn a_called_local_workflow_runs_what_its_file_shows() {
    // Read in the same scan, `checks.yml` tests: the publish that needs it is gated ...
    assert!(release_calling("pytest -q", true).is_empty());
    // ... the one that does not is ungated, surely (not a guess from a name) ...
    assert_eq!(
        release_calling("pytest -q", false),
        ["ungated-build warning"]
    );
    // ... and a called workflow that tests nothing gates nothing; the
    // environment its caller names (for secrets, here) deploys nothing.
    assert_eq!(
        release_calling("echo checked", true),
        ["publish-without-tests warning"]
    );
}

/// The rules that fire on a workflow whose `deploy` job needs, or
/// not, a `checks` job that runs `make ci`, under a config.
fn job_ordering_found(needs: bool, config: Option<&str>) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let workflows = dir.path().join(".github/workflows");
    fs::create_dir_all(&workflows).expect("mkdir");
    let workflow = r"on: push
permissions: {}
jobs:
  checks:
    runs-on: ubuntu-latest
    steps:
      - run: make ci
  deploy:
NEEDS    runs-on: ubuntu-latest
    steps:
      - run: kubectl apply -f k8s/
"
    .replace("NEEDS", if needs { "    needs: [checks]\n" } else { "" });
    fs::write(workflows.join("ci.yml"), workflow).expect("write");
    if let Some(config) = config {
        fs::write(dir.path().join(".devops-check.toml"), config).expect("write");
    }
    let (_, rules) = rules_found(dir.path(), &[]);
    rules
}

#[test]
fn configured_job_roles_extend_the_classification() {
    // `make ci` means nothing to the builtin table: the workflow tests nothing.
    assert_eq!(
        job_ordering_found(true, None),
        ["deploy-without-tests error"]
    );
    assert_eq!(
        job_ordering_found(false, None),
        ["deploy-without-tests error"]
    );
    // Declared a test, it gates the deploy that needs it ...
    let config = "[job-roles]\ntest = [\"make ci\"]\n";
    assert!(job_ordering_found(true, Some(config)).is_empty());
    // ... and the deploy that does not need it runs ungated.
    assert_eq!(
        job_ordering_found(false, Some(config)),
        ["ungated-deploy error"]
    );
}

#[test]
fn suppressions_follow_the_configured_policy() {
    let manifest = "apiVersion: v1\nkind: Pod\n# devops-check: ignore[duplicate-key]\nkind: Pod\n";
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("dup.yaml"), manifest).expect("write");
    let (_, rules) = rules_found(dir.path(), &[]);
    assert!(rules.is_empty(), "the directive suppresses: {rules:?}");
    fs::write(
        dir.path().join(".devops-check.toml"),
        "[suppressions]\nrequire-reason = true\n",
    )
    .expect("write");
    let (_, rules) = rules_found(dir.path(), &[]);
    assert_eq!(
        rules,
        ["unused-suppression warning", "duplicate-key warning"]
    );
}

#[test]
fn init_writes_a_config_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    devops_check()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .success();
    assert!(dir.path().join(".devops-check.toml").is_file());
    devops_check()
        .current_dir(dir.path())
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists already"));
}

#[test]
fn diff_only_reports_findings_on_changed_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let manifest = "apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata:\n  name: a\n  name: b\n";
    fs::write(dir.path().join("dup.yaml"), manifest).expect("write");
    let only_line_six = "--- a/dup.yaml\n+++ b/dup.yaml\n@@ -5,0 +6 @@\n+  name: b\n";
    fs::write(dir.path().join("change.diff"), only_line_six).expect("write");
    let (_, rules) = rules_found(dir.path(), &[]);
    assert_eq!(rules.len(), 2, "{rules:?}");
    let output = devops_check()
        .current_dir(dir.path())
        .args(["--format", "json", "--diff", "change.diff", "."])
        .output()
        .expect("runs");
    let json = json_of(&output.stdout);
    let lines: Vec<u64> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["line"].as_u64())
        .collect();
    assert_eq!(lines, [6]);
}

#[test]
fn new_from_rev_asks_git() {
    let dir = tempfile::tempdir().expect("temp dir");
    let git = |args: &[&str]| {
        let status = Process::new("git")
            .current_dir(dir.path())
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    fs::write(
        dir.path().join("dup.yaml"),
        "apiVersion: v1\nkind: Pod\nkind: Pod\n",
    )
    .expect("write");
    git(&["add", "."]);
    git(&["commit", "-qm", "base"]);
    fs::write(
        dir.path().join("dup.yaml"),
        "apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata: {}\nmetadata: {}\n",
    )
    .expect("write");
    let (_, rules) = rules_found(dir.path(), &["--new-from-rev", "HEAD"]);
    assert_eq!(rules, ["duplicate-key warning"], "only the new duplicate");
    devops_check()
        .current_dir(dir.path())
        .args(["--new-from-rev", "no-such-rev", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "git diff against `no-such-rev` failed",
        ));
}

#[test]
fn the_projects_own_dockerfile_passes() {
    devops_check()
        .args([
            "--format",
            "json",
            concat!(env!("CARGO_MANIFEST_DIR"), "/Dockerfile"),
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"findings\": []"));
}

#[test]
fn a_baseline_hides_known_findings_and_survives_unrelated_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n";
    fs::write(dir.path().join("pod.yaml"), pod).expect("write");
    devops_check()
        .current_dir(dir.path())
        .args(["--write-baseline", "baseline.json", "."])
        .assert()
        .success()
        .stderr(predicate::str::contains("recorded"));
    let baseline = fs::read_to_string(dir.path().join("baseline.json")).expect("written");
    assert!(baseline.contains("\"version\": 1"), "{baseline}");
    // Unrelated lines above move every finding down: still known.
    fs::write(
        dir.path().join("pod.yaml"),
        format!("# moved\n# down\n{pod}"),
    )
    .expect("write");
    let (code, rules) = rules_found(dir.path(), &["--baseline", "baseline.json"]);
    assert!(rules.is_empty(), "{rules:?}");
    assert_eq!(code, Some(0));
    devops_check()
        .current_dir(dir.path())
        .args(["--baseline", "baseline.json", "."])
        .assert()
        .success()
        .stdout(predicate::str::contains("in the baseline not shown"));
    // The same problems in another file are new.
    fs::write(dir.path().join("copy.yaml"), pod).expect("write");
    let (code, rules) = rules_found(dir.path(), &["--baseline", "baseline.json"]);
    assert!(!rules.is_empty());
    assert_eq!(code, Some(1));
    devops_check()
        .current_dir(dir.path())
        .args(["--baseline", "pod.yaml", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a devops-check baseline"));
}

#[test]
fn statistics_count_findings_per_rule() {
    let dir = tree_with_config("");
    fs::write(
        dir.path().join("dup2.yaml"),
        "apiVersion: v1\nkind: Pod\nkind: Pod\n",
    )
    .expect("write");
    devops_check()
        .current_dir(dir.path())
        .args(["--statistics", "--color", "never", "."])
        .assert()
        .stdout(predicate::str::contains("     2  warning  duplicate-key"))
        .stdout(predicate::str::contains(
            "     1  note     unrendered-template",
        ));
    // With a machine format on stdout, statistics go to stderr.
    devops_check()
        .current_dir(dir.path())
        .args(["--statistics", "--format", "json", "."])
        .assert()
        .stderr(predicate::str::contains("duplicate-key"))
        .stdout(predicate::function(|s: &str| {
            serde_json::from_str::<serde_json::Value>(s).is_ok()
        }));
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        devops_check()
            .args(["completions", shell])
            .assert()
            .success()
            .stdout(predicate::str::contains("fail-on"));
    }
    devops_check()
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH devops-check 1"))
        .stdout(predicate::str::contains("fail\\-on"));
}

#[test]
fn color_is_on_only_when_asked_or_at_a_terminal() {
    let dir = tree_with_config("");
    devops_check()
        .current_dir(dir.path())
        .args(["--color", "always", "."])
        .assert()
        .stdout(predicate::str::contains("\u{1b}["));
    // Not a terminal: auto means no colour, NO_COLOR or not.
    devops_check()
        .current_dir(dir.path())
        .arg(".")
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
    devops_check()
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["--color", "auto", "."])
        .assert()
        .stdout(predicate::str::contains("\u{1b}[").not());
}

/// At a real terminal (a pseudo-terminal from util-linux's `script`), auto
/// colours, and NO_COLOR turns it off.
#[cfg(target_os = "linux")]
#[test]
fn at_a_terminal_auto_colours_unless_no_color_is_set() {
    let dir = tree_with_config("");
    let binary = assert_cmd::cargo::cargo_bin("devops-check");
    let at_terminal = |no_color: bool| {
        let mut command = Process::new("script");
        command
            .current_dir(dir.path())
            .args(["-qec", &format!("{} .", binary.display()), "/dev/null"])
            .env_remove("NO_COLOR");
        if no_color {
            command.env("NO_COLOR", "1");
        }
        let output = command.output().expect("script (util-linux) runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let coloured = at_terminal(false);
    assert!(coloured.contains("duplicate-key"), "{coloured}");
    assert!(coloured.contains("\u{1b}["), "{coloured}");
    let plain = at_terminal(true);
    assert!(plain.contains("duplicate-key"), "{plain}");
    assert!(!plain.contains("\u{1b}["), "{plain}");
}

#[test]
fn shards_partition_the_files_by_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..12 {
        let sub = dir.path().join(format!("d{i}"));
        fs::create_dir(&sub).expect("mkdir");
        for name in ["a.yaml", "b.yaml"] {
            fs::write(sub.join(name), "apiVersion: v1\nkind: Pod\nkind: Pod\n").expect("write");
        }
    }
    let paths = |extra: &[&str]| -> Vec<String> {
        let output = devops_check()
            .current_dir(dir.path())
            .args(["--format", "json"])
            .args(extra)
            .arg(".")
            .output()
            .expect("runs");
        json_of(&output.stdout)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f["path"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let all = paths(&[]);
    assert_eq!(all.len(), 24);
    let mut union = Vec::new();
    for part in ["1/3", "2/3", "3/3"] {
        let shard = paths(&["--shard", part]);
        assert!(shard.len() < all.len(), "{part} holds everything");
        for path in &shard {
            let sibling = if path.ends_with("a.yaml") {
                path.replace("a.yaml", "b.yaml")
            } else {
                path.replace("b.yaml", "a.yaml")
            };
            assert!(shard.contains(&sibling), "{path} and {sibling} split");
        }
        union.extend(shard);
    }
    union.sort();
    assert_eq!(union, all, "the shards cover every file once");
    devops_check()
        .args(["--shard", "4/3", "."])
        .assert()
        .code(2);
}

/// A tree with fixable findings: a workflow written with CRLF line endings
/// whose deploy does not wait for its tests, and a manifest without
/// `allowPrivilegeEscalation: false` or a non-root user.
fn fixable_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    let workflows = dir.path().join(".github/workflows");
    fs::create_dir_all(&workflows).expect("mkdir");
    let workflow = "on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n  deploy:\n    runs-on: ubuntu-latest # the runner\n    steps:\n      - run: kubectl apply -f k8s/\n";
    fs::write(workflows.join("ci.yml"), workflow.replace('\n', "\r\n")).expect("write");
    let manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: api\n      image: api:1\n      # probes come later\n";
    fs::write(dir.path().join("pod.yaml"), manifest).expect("write");
    dir
}

fn rules_in(dir: &Path, rule: &str) -> usize {
    let output = devops_check()
        .args(["--format", "json"])
        .arg(dir)
        .output()
        .expect("runs");
    json_of(&output.stdout)["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == rule)
        .count()
}

#[test]
fn fix_dry_run_prints_a_diff_and_writes_nothing() {
    let dir = fixable_tree();
    let before = fs::read(dir.path().join("pod.yaml")).expect("read");
    let output = devops_check()
        .arg("--fix-dry-run")
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    let diff = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(diff.contains("+    needs: [test]\r\n"), "{diff}");
    assert!(
        diff.contains("+      securityContext:\n+        allowPrivilegeEscalation: false\n"),
        "{diff}"
    );
    // Unsafe fixes only with --unsafe-fixes.
    assert!(!diff.contains("runAsNonRoot"), "{diff}");
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("would fix 2 findings in 2 files"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(fs::read(dir.path().join("pod.yaml")).expect("read"), before);
}

#[test]
fn fix_writes_in_place_keeps_line_endings_and_a_second_run_changes_nothing() {
    let dir = fixable_tree();
    assert_eq!(rules_in(dir.path(), "run-as-non-root-not-enforced"), 1);
    devops_check()
        .args(["--fix", "--unsafe-fixes"])
        .arg(dir.path())
        .assert()
        .stderr(predicate::str::contains("fixed 3 findings in 2 files"));
    let workflow = fs::read_to_string(dir.path().join(".github/workflows/ci.yml")).expect("read");
    assert!(
        workflow.contains(
            "  deploy:\r\n    needs: [test]\r\n    runs-on: ubuntu-latest # the runner\r\n"
        ),
        "{workflow:?}"
    );
    assert!(!workflow.replace("\r\n", "").contains('\n'), "{workflow:?}");
    let manifest = fs::read_to_string(dir.path().join("pod.yaml")).expect("read");
    assert!(
        // After the last key, before the comment about what comes next.
        manifest.ends_with(
            "      image: api:1\n      securityContext:\n        \
             allowPrivilegeEscalation: false\n        runAsNonRoot: true\n        \
             runAsUser: 10001\n      # probes come later\n"
        ),
        "{manifest}"
    );
    for rule in [
        "ungated-deploy",
        "privilege-escalation-allowed",
        "run-as-non-root-not-enforced",
    ] {
        assert_eq!(rules_in(dir.path(), rule), 0, "{rule}");
    }
    devops_check()
        .args(["--fix", "--unsafe-fixes"])
        .arg(dir.path())
        .assert()
        .stderr(predicate::str::contains("fixed 0 findings in 0 files"));
    assert_eq!(
        fs::read_to_string(dir.path().join("pod.yaml")).expect("read"),
        manifest
    );
}

#[test]
fn unsafe_fixes_needs_a_fix_flag() {
    devops_check()
        .arg("--unsafe-fixes")
        .arg(examples())
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--unsafe-fixes applies with --fix",
        ));
}

#[test]
fn json_carries_a_fix_with_positions() {
    let dir = fixable_tree();
    let output = devops_check()
        .args(["--format", "json"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let json = json_of(&output.stdout);
    let finding = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "ungated-deploy")
        .expect("the deploy is ungated");
    assert_eq!(finding["fix"]["applicability"], "safe");
    assert_eq!(
        finding["fix"]["edits"][0],
        serde_json::json!({"line": 10, "column": 5, "end_line": 10, "end_column": 5,
                           "replacement": "needs: [test]\r\n    "})
    );
}

#[test]
fn a_fix_diff_never_shows_the_secret_it_moves() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let workflows = dir.path().join(".github/workflows");
    fs::create_dir_all(&workflows).expect("mkdir");
    let secret = "Qw3rTy7uIo9pAs2dFg";
    fs::write(
        workflows.join("ci.yml"),
        format!(
            "on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      API_KEY: {secret}\n    steps:\n      - run: make test\n"
        ),
    )
    .expect("write");
    let output = devops_check()
        .args(["--fix-dry-run", "--unsafe-fixes"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(
        diff.contains("+      API_KEY: ${{ secrets.API_KEY }}"),
        "{diff}"
    );
    assert!(diff.contains("-      API_KEY: Qw3r********"), "{diff}");
    assert!(!diff.contains(secret), "{diff}");
}

/// A first run tells the truth: when nothing was read, stderr says why.
mod first_run {
    use super::*;

    const DOCKERFILE: &str = "# syntax=docker/dockerfile:1\nFROM alpine:3.20\nRUN true\n";

    #[test]
    fn a_dockerfile_on_standard_input_is_known_by_its_content() {
        let output = devops_check()
            .args(["--format", "json", "-"])
            .write_stdin(DOCKERFILE)
            .output()
            .expect("runs");
        assert_eq!(json_of(&output.stdout)["files_scanned"], 1);
        assert!(output.stderr.is_empty(), "{output:?}");
    }

    /// The standard error of a successful run in `dir` with `args`.
    fn warning_of(dir: &Path, args: &[&str], stdin: &str) -> String {
        let output = devops_check()
            .current_dir(dir)
            .args(args)
            .write_stdin(stdin)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    #[test]
    fn standard_input_of_no_known_format_is_said_to_be_unchecked() {
        let here = Path::new(".");
        let warning = warning_of(here, &["-"], "just some notes\n");
        assert!(
            warning.contains("standard input was not checked")
                && warning.contains("--stdin-filename"),
            "{warning}"
        );
        let warning = warning_of(here, &["--stdin-filename", "notes.txt", "-"], "notes\n");
        assert!(
            warning.contains("--stdin-filename `notes.txt` names no format"),
            "{warning}"
        );
        // A name without a format leaves the content to decide.
        let output = devops_check()
            .args(["--format", "json", "--stdin-filename", "build.txt", "-"])
            .write_stdin(DOCKERFILE)
            .output()
            .expect("runs");
        assert_eq!(json_of(&output.stdout)["files_scanned"], 1);
    }

    #[test]
    fn a_directory_with_nothing_to_check_is_named() {
        let dir = tree(&[("notes.md", "# notes\n")]);
        let warning = warning_of(dir.path(), &["."], "");
        assert!(
            warning.contains("nothing to check in .: no Dockerfile, GitHub Actions workflow"),
            "{warning}"
        );
        // Every format read is named, GitLab CI too.
        assert!(warning.contains(", GitLab CI file, "), "{warning}");
        let output = devops_check()
            .current_dir(dir.path())
            .args(["--format", "json", "notes.md"])
            .output()
            .expect("runs");
        let skipped = &json_of(&output.stdout)["findings"][0]["message"];
        assert!(
            skipped
                .as_str()
                .is_some_and(|m| m.starts_with("not a Dockerfile, GitHub workflow, GitLab CI, ")),
            "{skipped}"
        );
        let dir = tree(&[("settings.yaml", "colour: blue\n")]);
        let warning = warning_of(dir.path(), &["."], "");
        assert!(
            warning.contains(
                "nothing was checked in .: 1 file was found there, but it is no Dockerfile"
            ),
            "{warning}"
        );
        let output = devops_check()
            .args(["--format", "json", examples()])
            .output()
            .expect("runs");
        assert!(output.stderr.is_empty(), "{output:?}");
    }

    /// A temporary directory holding `files` (name, text).
    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            fs::write(dir.path().join(name), text).expect("write");
        }
        dir
    }

    #[test]
    fn files_that_all_failed_to_parse_are_counted_as_unchecked() {
        let dir = tree(&[
            ("Dockerfile", "FROM\n"),
            (
                "pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n",
            ),
        ]);
        let output = devops_check()
            .current_dir(dir.path())
            .args(["--color", "never", "."])
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains(
                "2 files were found but not checked: they could not be parsed or read (see above)."
            ),
            "{stdout}"
        );
        assert!(stdout.contains("Checked 0 files"), "{stdout}");
        // The Dockerfile's fix names no other format's tool.
        assert!(stdout.contains("= fix:"), "{stdout}");
        assert!(!stdout.contains("kubectl"), "{stdout}");
    }

    #[test]
    fn completions_to_a_closed_pipe_end_without_a_panic() {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let output = Process::new(assert_cmd::cargo::cargo_bin("devops-check"))
            .args(["completions", "bash"])
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        assert!(output.stderr.is_empty(), "{output:?}");
    }

    #[test]
    fn new_from_rev_outside_a_repository_says_so_in_one_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        devops_check()
            .current_dir(dir.path())
            .env("GIT_CEILING_DIRECTORIES", dir.path())
            .args(["--new-from-rev", "main", "."])
            .assert()
            .code(2)
            .stderr(predicate::str::contains("not inside a git repository"))
            .stderr(predicate::function(|s: &str| s.lines().count() == 1));
    }

    #[test]
    fn text_written_to_a_file_is_not_printed_again() {
        let dir = tree_with_config("");
        devops_check()
            .current_dir(dir.path())
            .args(["--output", "report.txt", "."])
            .assert()
            .code(1)
            .stdout(predicate::str::is_empty());
        let written = fs::read_to_string(dir.path().join("report.txt")).expect("report");
        assert!(written.contains("[duplicate-key]"), "{written}");
        assert!(written.contains("Checked 1 file"), "{written}");
    }

    #[test]
    fn quiet_prints_the_findings_and_nothing_else() {
        let dir = tree_with_config("");
        let output = devops_check()
            .current_dir(dir.path())
            .args(["--quiet", "--color", "never", "."])
            .output()
            .expect("runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(stdout.contains("[duplicate-key]"), "{stdout}");
        assert!(!stdout.contains("Checked"), "{stdout}");
        let clean = tree(&[(
            "Dockerfile",
            "FROM alpine:3.20\nUSER 65534\nHEALTHCHECK CMD true\n",
        )]);
        devops_check()
            .current_dir(clean.path())
            .args(["--quiet", "."])
            .assert()
            .success()
            .stdout(predicate::str::is_empty());
    }

    #[test]
    fn a_diffs_context_lines_are_not_changed_lines() {
        let manifest = "apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata:\n  name: a\n  name: b\n";
        // `git diff`'s three lines of context: lines 3 to 5 are untouched.
        let with_context = "--- a/dup.yaml\n+++ b/dup.yaml\n@@ -3,3 +3,4 @@\n \
                            kind: Pod\n metadata:\n   name: a\n+  name: b\n";
        let dir = tree(&[("dup.yaml", manifest), ("change.diff", with_context)]);
        let output = devops_check()
            .current_dir(dir.path())
            .args(["--format", "json", "--diff", "change.diff", "."])
            .output()
            .expect("runs");
        let lines: Vec<u64> = json_of(&output.stdout)["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter_map(|f| f["line"].as_u64())
            .collect();
        assert_eq!(lines, [6]);
    }
}
