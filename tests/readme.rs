//! The README documents every rule and every output format, so the docs
//! cannot drift from the binary.

use devops_check::catalogue;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README.md")
}

#[test]
fn every_rule_is_in_the_readme_table_with_its_family_and_severity() {
    let readme = readme();
    for meta in catalogue::all() {
        let row = format!("| `{}` | {} | {} |", meta.id, meta.family, meta.severity);
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
