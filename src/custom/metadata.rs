//! Rego `METADATA` annotations: YAML in a comment block that starts with
//! `# METADATA`, placed before the package (scope `package`) or before a
//! rule (scope `rule`, the default), as OPA defines them. devops-check reads
//! `title`, `description`, `related_resources` and, under `custom`, `id`,
//! `severity`, `remediation` and the package's `input` (`model`).

use crate::formats::yaml;

/// One annotation block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Annotation {
    /// The 1-based line of the first line after the block.
    pub before_line: u32,
    pub package_scope: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub references: Vec<String>,
    pub id: Option<String>,
    pub severity: Option<String>,
    pub remediation: Option<String>,
    pub input: Option<String>,
}

/// A block that is not valid YAML, with its 1-based line.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub line: u32,
    pub message: String,
}

/// Every annotation block of a policy's text.
pub fn annotations(text: &str) -> Result<Vec<Annotation>, Invalid> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut at = 0;
    while at < lines.len() {
        if lines[at].trim() != "# METADATA" {
            at += 1;
            continue;
        }
        let first = at + 1;
        let mut end = first;
        while end < lines.len() && lines[end].trim_start().starts_with('#') {
            end += 1;
        }
        let body: String = lines[first..end]
            .iter()
            .map(|l| {
                let l = l.trim_start().trim_start_matches('#');
                format!("{}\n", l.strip_prefix(' ').unwrap_or(l))
            })
            .collect();
        let stream = yaml::parse(&body).map_err(|e| {
            let within = body.get(..e.span.start).unwrap_or("").matches('\n').count();
            Invalid {
                // An error at the end of the text is on the block's last line.
                line: u32::try_from((first + 1 + within).min(end)).unwrap_or(u32::MAX),
                message: e.message,
            }
        })?;
        let mut annotation = stream
            .documents
            .first()
            .map(|d| read(&d.root))
            .unwrap_or_default();
        annotation.before_line = u32::try_from(end + 1).unwrap_or(u32::MAX);
        let next_code = lines[end..].iter().find(|l| !l.trim().is_empty());
        if next_code.is_some_and(|l| l.trim_start().starts_with("package ")) {
            annotation.package_scope = true;
        }
        out.push(annotation);
        at = end;
    }
    Ok(out)
}

fn read(root: &yaml::Node) -> Annotation {
    let text = |node: Option<&yaml::Node>| node.and_then(yaml::Node::as_str).map(str::to_string);
    let custom = root.get("custom");
    let custom_text = |key: &str| text(custom.and_then(|c| c.get(key)));
    Annotation {
        before_line: 0,
        package_scope: root.get("scope").and_then(yaml::Node::as_str) == Some("package"),
        title: text(root.get("title")),
        description: text(root.get("description")),
        references: root
            .get("related_resources")
            .map(|r| {
                r.items()
                    .iter()
                    .filter_map(|item| item.as_str().or_else(|| item.get("ref")?.as_str()))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        id: custom_text("id"),
        severity: custom_text("severity"),
        remediation: custom_text("remediation"),
        input: custom_text("input"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_before_the_package_and_before_rules_are_read() {
        let text = "# METADATA\n# title: Images\n# custom:\n#   input: model\npackage images\n\n# METADATA\n# title: No latest tag\n# description: |\n#   Pin a version.\n# related_resources:\n# - ref: https://example.com/tags\n# custom:\n#   id: no-latest-tag\n#   severity: warning\ndeny_latest contains msg if {\n  false\n}\n";
        let found = annotations(text).expect("valid blocks");
        assert_eq!(found.len(), 2);
        assert!(found[0].package_scope);
        assert_eq!(found[0].input.as_deref(), Some("model"));
        assert_eq!(found[1].before_line, 16);
        assert!(!found[1].package_scope);
        assert_eq!(found[1].title.as_deref(), Some("No latest tag"));
        assert_eq!(found[1].description.as_deref(), Some("Pin a version.\n"));
        assert_eq!(found[1].references, vec!["https://example.com/tags"]);
        assert_eq!(found[1].id.as_deref(), Some("no-latest-tag"));
        assert_eq!(found[1].severity.as_deref(), Some("warning"));
    }

    #[test]
    fn an_invalid_block_names_its_line() {
        let error = annotations("package p\n# METADATA\n# title: [unclosed\ndeny := 1\n")
            .expect_err("invalid YAML");
        assert_eq!(error.line, 3);
    }
}
