//! The README documents every rule, every output format and the fleet
//! examples, so the docs cannot drift from the binary.

use devops_check::catalogue;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn every_rule_is_in_the_readme_table_with_its_family_severity_and_summary() {
    let readme = readme();
    for meta in catalogue::all() {
        let row = format!(
            "| `{}` | {} | {} | {} |",
            meta.id, meta.family, meta.severity, meta.summary
        );
        assert!(readme.contains(&row), "README.md lacks the row `{row}`");
    }
}

#[test]
fn every_output_format_is_documented() {
    let readme = readme();
    for format in [
        "text", "json", "sarif", "github", "junit", "gitlab", "rdjsonl",
    ] {
        assert!(
            readme.contains(&format!("`{format}`"))
                || readme.contains(&format!("--format {format}")),
            "README.md does not document --format {format}"
        );
    }
}

/// The fleet examples are files a test can check: the README shows them
/// verbatim, and devops-check finds nothing at warning or above in them.
#[test]
fn the_fleet_examples_are_in_the_readme_and_pass_the_checker() {
    let readme = readme();
    let fleet = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/fleet");
    for example in [
        ".github/workflows/devops-check-shards.yml",
        "kubernetes/devops-check-fleet.yaml",
    ] {
        let text = std::fs::read_to_string(format!("{fleet}/{example}")).expect("example");
        assert!(
            readme.contains(&format!("```yaml\n{text}```")),
            "README.md does not show {example} as it is"
        );
    }
    let output = assert_cmd::Command::cargo_bin("devops-check")
        .expect("binary is built")
        .args(["--format", "json", "--fail-on", "never", fleet])
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["files_scanned"], 2, "both examples are read");
    let serious: Vec<&serde_json::Value> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["severity"] != "note")
        .collect();
    assert!(serious.is_empty(), "{serious:#?}");
}
