//! Hostile input: every bound has a test. Each case yields a finding or a
//! note naming the file, never a hang or a panic, and the rest of the tree is
//! still checked. Runs in CI (seconds); the long fuzz runs live in fuzz/.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// The JSON report of a run over `dir`, with its exit code.
fn check(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let output = Command::cargo_bin("devops-check")
        .expect("binary is built")
        .args(["--format", "json"])
        .args(extra)
        .arg(dir)
        .output()
        .expect("runs");
    let json = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}); stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output.status.code().unwrap_or(-1), json)
}

/// (file name, rule, message) of every finding.
fn findings(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap_or_default();
            let name = Path::new(path)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            (
                name.to_string(),
                f["rule"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn has(json: &serde_json::Value, file: &str, rule: &str, words: &str) -> bool {
    findings(json)
        .iter()
        .any(|(f, r, m)| f == file && r == rule && m.contains(words))
}

/// A manifest that parses, so each test can prove the rest of the tree is
/// still checked.
const GOOD: &str =
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fine\ndata:\n  a: b\n  a: c\n";

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("good.yaml"), GOOD).expect("write");
    dir
}

fn assert_rest_checked(json: &serde_json::Value) {
    assert!(
        has(json, "good.yaml", "duplicate-key", "duplicate key `a`"),
        "the good file was not checked: {:?}",
        findings(json)
    );
}

#[test]
fn alias_bombs_are_refused() {
    let dir = tree();
    let mut bomb =
        String::from("apiVersion: v1\nkind: List\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 0..12u8 {
        let (prev, next) = ((b'a' + level) as char, (b'a' + level + 1) as char);
        let refs = vec![format!("*{prev}"); 10].join(", ");
        bomb.push_str(&format!("{next}: &{next} [{refs}]\n"));
    }
    fs::write(dir.path().join("bomb.yaml"), bomb).expect("write");
    let (_, json) = check(dir.path(), &[]);
    assert!(
        has(&json, "bomb.yaml", "parse-error", "alias expansion"),
        "{:?}",
        findings(&json)
    );
    assert_rest_checked(&json);
}

#[test]
fn deep_nesting_is_refused() {
    let dir = tree();
    let deep = format!("apiVersion: v1\nkind: Pod\nspec: {}\n", "[".repeat(100_000));
    fs::write(dir.path().join("deep.yaml"), deep).expect("write");
    let block: String = (0..1_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    fs::write(
        dir.path().join("deep-block.yaml"),
        format!("apiVersion: v1\nkind: Pod\n{block}"),
    )
    .expect("write");
    let (_, json) = check(dir.path(), &[]);
    assert!(
        has(&json, "deep.yaml", "parse-error", "nesting deeper"),
        "{:?}",
        findings(&json)
    );
    assert!(
        has(&json, "deep-block.yaml", "parse-error", ""),
        "{:?}",
        findings(&json)
    );
    assert_rest_checked(&json);
}

/// Each flow list closed at its key's column costs the lenient YAML reading
/// one more parse: past its cap the file is a parse error at the first
/// construct left unread, not a long loop.
#[test]
fn under_indented_flow_lists_past_the_repair_cap() {
    let dir = tree();
    let lists: String = (0..2_000).map(|i| format!("k{i}: [\n1\n]\n")).collect();
    fs::write(
        dir.path().join("lists.yaml"),
        format!("apiVersion: v1\nkind: ConfigMap\n{lists}"),
    )
    .expect("write");
    let (_, json) = check(dir.path(), &[]);
    let line = |f: &serde_json::Value| f["line"].as_u64();
    let error = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| {
            f["rule"] == "parse-error"
                && f["path"]
                    .as_str()
                    .is_some_and(|p| p.ends_with("lists.yaml"))
        });
    // The 65th list (three lines each, after two header lines) is the first
    // one past the cap of 64 repairs; its item is its first line left of
    // its key.
    assert_eq!(
        error.and_then(line),
        Some(2 + 64 * 3 + 2),
        "{:?}",
        findings(&json)
    );
    assert_rest_checked(&json);
}

#[test]
fn files_over_the_size_limit_are_named_not_read() {
    let dir = tree();
    let line = "# padding padding padding padding padding padding padding padding\n";
    let big = line.repeat((8 << 20) / line.len() + 1);
    fs::write(dir.path().join("huge.yaml"), big).expect("write");
    let (_, json) = check(dir.path(), &[]);
    assert!(
        has(&json, "huge.yaml", "file-skipped", "larger than 8 MiB"),
        "{:?}",
        findings(&json)
    );
    assert_rest_checked(&json);
}

#[test]
fn very_long_lines_are_read() {
    let dir = tree();
    let items = vec!["1"; 1_000_000].join(",");
    fs::write(
        dir.path().join("long.yaml"),
        format!("apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: long}}\ndata: {{x: [{items}], x: 1}}\n"),
    )
    .expect("write");
    let (_, json) = check(dir.path(), &[]);
    assert!(
        has(&json, "long.yaml", "duplicate-key", "`x`"),
        "{:?}",
        findings(&json)
    );
    assert_rest_checked(&json);
}

#[test]
fn undecodable_files_are_named() {
    let dir = tree();
    fs::write(
        dir.path().join("latin1.yaml"),
        b"apiVersion: v1\nkind: Pod\n# caf\xe9\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("utf16.yaml"),
        [0xFF, 0xFE, b'k', 0, b':', 0],
    )
    .expect("write");
    fs::write(dir.path().join("Dockerfile"), b"FROM alpine\n\0\0\0").expect("write");
    let (_, json) = check(dir.path(), &[]);
    assert!(
        has(&json, "latin1.yaml", "file-skipped", "not valid UTF-8"),
        "{:?}",
        findings(&json)
    );
    assert!(
        has(&json, "utf16.yaml", "file-skipped", "UTF-16"),
        "{:?}",
        findings(&json)
    );
    assert!(
        has(&json, "Dockerfile", "file-skipped", "binary"),
        "{:?}",
        findings(&json)
    );
    assert_rest_checked(&json);
}

#[test]
fn a_utf8_byte_order_mark_is_not_content() {
    let dir = tree();
    fs::write(dir.path().join("bom.yaml"), format!("\u{feff}{GOOD}")).expect("write");
    let (_, json) = check(dir.path(), &[]);
    assert!(
        has(&json, "bom.yaml", "duplicate-key", "`a`"),
        "{:?}",
        findings(&json)
    );
    let bom = &json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with("bom.yaml")))
        .expect("bom finding");
    assert_eq!(
        (bom["line"].as_u64(), bom["column"].as_u64()),
        (Some(7), Some(3))
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_named() {
    use std::os::unix::fs::symlink;
    let dir = tree();
    symlink("b.yaml", dir.path().join("a.yaml")).expect("link");
    symlink("a.yaml", dir.path().join("b.yaml")).expect("link");
    symlink("nowhere.yaml", dir.path().join("dangling.yaml")).expect("link");
    fs::create_dir(dir.path().join("sub")).expect("mkdir");
    symlink("..", dir.path().join("sub/up")).expect("link");
    symlink("../good.yaml", dir.path().join("sub/linked.yaml")).expect("link");
    let (_, json) = check(dir.path(), &[]);
    for name in ["a.yaml", "b.yaml", "dangling.yaml"] {
        assert!(
            has(&json, name, "file-skipped", "symbolic link not followed"),
            "{name}: {:?}",
            findings(&json)
        );
    }
    assert!(
        has(&json, "linked.yaml", "duplicate-key", "`a`"),
        "links to files are read"
    );
    assert_rest_checked(&json);
}

#[cfg(unix)]
#[test]
fn fifos_are_never_opened() {
    let dir = tree();
    let fifo = dir.path().join("pipe.yaml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
    let (_, json) = check(dir.path(), &[]);
    assert!(findings(&json).iter().all(|(f, _, _)| f != "pipe.yaml"));
    assert_rest_checked(&json);
}

#[test]
fn a_hundred_thousand_empty_files() {
    let dir = tree();
    let many = dir.path().join("many");
    fs::create_dir(&many).expect("mkdir");
    for i in 0..100_000 {
        fs::write(many.join(format!("{i}.yaml")), "").expect("write");
    }
    let (code, json) = check(dir.path(), &[]);
    assert_eq!(code, 1, "the good file's warning");
    assert_eq!(json["files_scanned"], 1);
    assert_eq!(findings(&json).len(), 1, "{:?}", &findings(&json)[..3]);
}

#[test]
fn hostile_trees_give_identical_output_whatever_the_thread_count() {
    let dir = tree();
    fs::write(
        dir.path().join("broken.yaml"),
        "apiVersion: v1\nkind: Pod\nspec: [\n",
    )
    .expect("write");
    fs::write(dir.path().join("utf16.yaml"), [0xFF, 0xFE]).expect("write");
    for i in 0..50 {
        fs::write(dir.path().join(format!("dup{i}.yaml")), GOOD).expect("write");
    }
    let run = |threads: &str| {
        Command::cargo_bin("devops-check")
            .expect("binary")
            .args(["--format", "json", "-j", threads])
            .arg(dir.path())
            .output()
            .expect("runs")
            .stdout
    };
    let first = run("1");
    for _ in 0..3 {
        for threads in ["1", "2", "16"] {
            assert_eq!(first, run(threads), "-j{threads} differs");
        }
    }
}

#[test]
fn a_terraform_file_with_ten_thousand_resources() {
    let dir = tree();
    let mut text = String::new();
    for i in 0..10_000 {
        text.push_str(&format!(
            "resource \"aws_iam_role_policy\" \"p{i}\" {{\n  name   = \"p{i}\"\n  role   = \"r\"\n  policy = jsonencode({{\n    Statement = [{{ Effect = \"Allow\", Action = \"s3:GetObject\", Resource = \"arn:aws:s3:::b{i}/*\" }}]\n  }})\n}}\n"
        ));
    }
    // One bad statement among them must still be found.
    text.push_str(
        "resource \"aws_iam_role_policy\" \"admin\" {\n  role   = \"r\"\n  policy = jsonencode({\n    Statement = [{ Effect = \"Allow\", Action = \"*\", Resource = \"*\" }]\n  })\n}\n",
    );
    fs::write(dir.path().join("main.tf"), text).expect("write");
    let (_, json) = check(dir.path(), &[]);
    let found = findings(&json);
    assert!(
        found
            .iter()
            .any(|(f, r, _)| f == "main.tf" && r == "iam-wildcard-action"),
        "{found:?}"
    );
    assert_eq!(
        found.iter().filter(|(f, _, _)| f == "main.tf").count(),
        1,
        "only the admin statement: {found:?}"
    );
    assert_rest_checked(&json);
}

/// Permission bits do not stop root (CI runs as root), so an unreadable file
/// is simulated with one whose reads fail: /proc/self/mem at offset 0.
#[cfg(target_os = "linux")]
#[test]
fn unreadable_files_are_named_and_fatal_only_when_named_explicitly() {
    use std::os::unix::fs::symlink;
    let dir = tree();
    symlink("/proc/self/mem", dir.path().join("unreadable.yaml")).expect("link");
    let (_, json) = check(dir.path(), &[]);
    assert!(
        has(&json, "unreadable.yaml", "file-skipped", "not read"),
        "{:?}",
        findings(&json)
    );
    assert_rest_checked(&json);
    let explicit = dir.path().join("unreadable.yaml");
    Command::cargo_bin("devops-check")
        .expect("binary")
        .arg(&explicit)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unreadable.yaml"));
}

/// Every file under `dir` with its length and modification time.
fn listing(dir: &Path) -> Vec<(std::path::PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next).expect("readable").flatten() {
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                stack.push(entry.path());
            }
            out.push((entry.path(), meta.len(), meta.modified().expect("mtime")));
        }
    }
    out.sort();
    out
}

#[test]
fn a_run_writes_nothing_but_the_reports_it_is_asked_for() {
    let dir = tree();
    fs::write(
        dir.path().join("broken.yaml"),
        "apiVersion: v1\nkind: Pod\nspec: [\n",
    )
    .expect("write");
    let before = listing(dir.path());
    for format in [
        "text", "json", "sarif", "github", "junit", "gitlab", "rdjsonl",
    ] {
        Command::cargo_bin("devops-check")
            .expect("binary")
            .current_dir(dir.path())
            .env_remove("GITHUB_STEP_SUMMARY")
            .args(["--format", format, "."])
            .assert()
            .code(1);
    }
    assert_eq!(before, listing(dir.path()), "a run changed the tree");
    let report = dir.path().join("report.sarif");
    Command::cargo_bin("devops-check")
        .expect("binary")
        .current_dir(dir.path())
        .args(["--format", "sarif=report.sarif", "."])
        .assert()
        .code(1);
    let after: Vec<_> = listing(dir.path()).into_iter().map(|(p, _, _)| p).collect();
    let mut expected: Vec<_> = before.into_iter().map(|(p, _, _)| p).collect();
    expected.push(report);
    expected.sort();
    assert_eq!(
        after, expected,
        "only the report is new; no temporary file is left"
    );
}

/// A generated pipeline within the job-ordering rules' reach: a chain of
/// needs thousands of jobs long (the scenario search recursed once per
/// need, and overflowed its thread's stack past about 20,000), among
/// two-job cycles (answered again along each cycle until the chain was as
/// long as the pipeline). Past 1,024 jobs each question walked the graph
/// again: 4,000 chained jobs took minutes, 2,000 half a minute.
#[test]
fn a_pipeline_of_a_thousand_chained_jobs_among_cycles() {
    let dir = tree();
    let mut text = String::from("stages: [build, test, deploy]\n");
    for i in 0..1_100 {
        let stage = ["build", "test", "deploy"][i % 3];
        text.push_str(&format!(
            "j{i}:\n  stage: {stage}\n  script: [make {stage}]\n"
        ));
        if i > 0 {
            text.push_str(&format!("  needs: [j{}]\n", i - 1));
        }
    }
    for i in 0..100 {
        let other = if i % 2 == 0 { i + 1 } else { i - 1 };
        text.push_str(&format!(
            "c{i}:\n  stage: test\n  script: [make test]\n  needs: [c{other}]\n"
        ));
    }
    fs::write(dir.path().join(".gitlab-ci.yml"), text).expect("write");
    let (_, json) = check(dir.path(), &[]);
    let cycles = findings(&json)
        .iter()
        .filter(|(f, r, _)| f == ".gitlab-ci.yml" && r == "cyclic-needs")
        .count();
    assert_eq!(cycles, 50, "{:?}", findings(&json));
    assert_rest_checked(&json);
}

/// Past `Pipeline::MAX_ORDERED_NODES` jobs and stages the job-ordering
/// rules do not read a pipeline, and a note says so.
#[test]
fn a_pipeline_too_large_to_order_is_named() {
    let dir = tree();
    let mut text = String::new();
    for i in 0..4_200 {
        text.push_str(&format!(
            "j{i}:\n  script: [make deploy]\n  needs: [j{i}]\n"
        ));
    }
    fs::write(dir.path().join(".gitlab-ci.yml"), text).expect("write");
    let (_, json) = check(dir.path(), &[]);
    let found: Vec<_> = findings(&json)
        .into_iter()
        .filter(|(f, _, _)| f == ".gitlab-ci.yml")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        has(
            &json,
            ".gitlab-ci.yml",
            "parser-limitation",
            "4200 jobs and 5 stages, more than the 4096 jobs and stages"
        ),
        "{found:?}"
    );
    assert_rest_checked(&json);
}
