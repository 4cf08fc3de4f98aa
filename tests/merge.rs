//! `devops-check merge`: the reports of `--shard K/N` runs, merged, are
//! byte for byte the report of one unsharded run, in JSON and in SARIF.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;

#[path = "support/command.rs"]
mod command;
use command::devops_check;

const FORMATS: [&str; 2] = ["json", "sarif"];

/// Runs the checker over `tree` from `workdir`, writing one report per
/// format into `out` as `<name>.<format>`.
fn reports(workdir: &Path, tree: &str, out: &Path, name: &str, extra: &[&str]) {
    let mut command = devops_check();
    command
        .current_dir(workdir)
        .args(["--fail-on", "never", "--quiet"])
        .args(extra);
    for format in FORMATS {
        let file = out.join(format!("{name}.{format}"));
        command
            .arg("--format")
            .arg(format!("{format}={}", file.display()));
    }
    command.arg(tree).assert().success();
}

/// Checks that merging `parts` shards of `tree` gives the unsharded reports.
fn assert_shards_merge_to_one_run(workdir: &Path, tree: &str, parts: usize) {
    let out = tempfile::tempdir().expect("temp dir");
    reports(workdir, tree, out.path(), "whole", &[]);
    for part in 1..=parts {
        let shard = format!("{part}/{parts}");
        reports(
            workdir,
            tree,
            out.path(),
            &format!("shard-{part}"),
            &["--shard", &shard],
        );
    }
    for format in FORMATS {
        let shards: Vec<PathBuf> = (1..=parts)
            .map(|part| out.path().join(format!("shard-{part}.{format}")))
            .collect();
        let merged = devops_check()
            .current_dir(workdir)
            .arg("merge")
            .args(&shards)
            .output()
            .expect("runs");
        assert!(merged.status.success(), "{merged:?}");
        let whole = fs::read_to_string(out.path().join(format!("whole.{format}"))).expect("read");
        let merged = String::from_utf8(merged.stdout).expect("UTF-8");
        assert!(
            merged == whole,
            "{format}: {parts} merged shards differ from one run"
        );
    }
}

#[test]
fn merged_shards_of_the_examples_are_one_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let whole = devops_check()
        .current_dir(root)
        .args([
            "--format",
            "json",
            "--fail-on",
            "never",
            "testdata/examples",
        ])
        .output()
        .expect("runs");
    let json: serde_json::Value = serde_json::from_slice(&whole.stdout).expect("JSON");
    assert!(
        json["findings"].as_array().is_some_and(|f| f.len() > 5),
        "the examples have findings to merge"
    );
    for parts in [2, 3, 7] {
        assert_shards_merge_to_one_run(root, "testdata/examples", parts);
    }
}

/// A tree of 10,000 small files in 250 directories: Dockerfiles,
/// manifests and workflows, most with findings.
fn generated_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for d in 0..250 {
        let service = dir.path().join(format!("services/svc-{d:03}"));
        fs::create_dir_all(&service).expect("mkdir");
        for f in 0..40 {
            let (name, text) = match f % 4 {
                0 => (
                    format!("Dockerfile.{f}"),
                    format!("FROM alpine:3.{f}\nRUN echo {d}\n"),
                ),
                1 => (
                    format!("pod-{f}.yaml"),
                    format!(
                        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{d}-{f}\nspec:\n  \
                         containers:\n  - name: app\n    image: registry/app:{f}\n"
                    ),
                ),
                2 => (
                    format!("broken-{f}.yaml"),
                    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n".to_string(),
                ),
                _ => (format!("notes-{f}.txt"), format!("service {d}, file {f}\n")),
            };
            fs::write(service.join(name), text).expect("write");
        }
    }
    dir
}

#[test]
fn merged_shards_of_ten_thousand_files_are_one_run() {
    let tree = generated_tree();
    assert_shards_merge_to_one_run(tree.path(), ".", 4);
}

#[test]
fn merge_writes_to_output_and_refuses_what_does_not_fit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let examples = root.join("testdata/examples");
    reports(
        dir.path(),
        &examples.to_string_lossy(),
        dir.path(),
        "r",
        &[],
    );
    devops_check()
        .current_dir(dir.path())
        .args(["merge", "r.json", "r.json", "--output", "merged.json"])
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
    let single: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("r.json")).expect("read"))
            .expect("JSON");
    let merged: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("merged.json")).expect("read"))
            .expect("JSON");
    assert_eq!(
        merged["files_scanned"].as_u64(),
        single["files_scanned"].as_u64().map(|n| n * 2)
    );
    let refused = |args: &[&str], message: &str| {
        devops_check()
            .current_dir(dir.path())
            .arg("merge")
            .args(args)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(message));
    };
    refused(
        &["r.json", "r.sarif"],
        "r.sarif is a SARIF report, not JSON",
    );
    refused(
        &["--format", "sarif", "r.json"],
        "r.json is a JSON report, not SARIF",
    );
    fs::write(dir.path().join("other.json"), "{\"a\": 1}").expect("write");
    refused(
        &["other.json"],
        "other.json: not a devops-check JSON or SARIF report",
    );
}
