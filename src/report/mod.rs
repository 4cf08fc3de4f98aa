//! Renderers: one module per output format. Each writes a sorted
//! [`crate::Report`]; none decides what is found or in what order, and none
//! reads source text: they print messages and metadata only (the text
//! format's code frame comes from [`crate::finding::Finding::frame`], which
//! the pipeline has already redacted). This module holds what several
//! formats share: repository-relative paths, the message with its object,
//! and rule documentation links.

pub mod github;
pub mod gitlab;
pub mod json;
pub mod junit;
pub mod rdjsonl;
pub mod sarif;
pub mod text;

use std::io::{self, Write};
use std::path::{Component, Path};
use std::time::Duration;

use crate::Report;
use crate::catalogue::{self, RuleMeta};
use crate::finding::Finding;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Code frames for a person at a terminal.
    Text,
    /// The versioned JSON contract.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, for CI test report viewers.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// reviewdog's rdjsonl.
    Rdjsonl,
}

impl OutputFormat {
    /// Every format, for tests that must hold for all of them.
    pub const ALL: &[OutputFormat] = &[
        OutputFormat::Text,
        OutputFormat::Json,
        OutputFormat::Sarif,
        OutputFormat::Github,
        OutputFormat::Junit,
        OutputFormat::Gitlab,
        OutputFormat::Rdjsonl,
    ];

    /// Whether the format reads the source lines findings carry
    /// ([`Finding::snippet`]): text shows them as code frames, rdjsonl
    /// counts byte columns on them.
    pub fn reads_source_lines(self) -> bool {
        matches!(self, OutputFormat::Text | OutputFormat::Rdjsonl)
    }
}

/// What a renderer may need beyond the findings.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
    /// Print the findings only, without the summary line (text).
    pub quiet: bool,
    pub elapsed: Duration,
    /// Where the repository root is, for formats whose consumers want paths
    /// relative to it (SARIF, GitHub annotations, GitLab Code Quality).
    pub root: SourceRoot,
}

/// Renders `report` in `format`. `step_summary` receives the GitHub step
/// summary (markdown) when the format is `github`; other formats ignore it.
pub fn render(
    format: OutputFormat,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
    step_summary: Option<&mut dyn Write>,
) -> io::Result<()> {
    // The documentation of every rule, for the formats that carry it; text
    // looks up the rules it shows, so one small file's run parses few.
    let rules = || -> Vec<RuleMeta> { catalogue::every().into_iter().cloned().collect() };
    match format {
        OutputFormat::Text => text::render(report, options, out),
        OutputFormat::Json => json::render(report, out),
        OutputFormat::Sarif => sarif::render(report, options, &rules(), out),
        OutputFormat::Github => github::render(report, options, &rules(), out, step_summary),
        OutputFormat::Junit => junit::render(report, options, &rules(), out),
        OutputFormat::Gitlab => gitlab::render(report, options, out),
        OutputFormat::Rdjsonl => rdjsonl::render(report, &rules(), out),
    }
}

/// The repository that reported paths belong to. Findings carry paths as
/// given on the command line (relative to the working directory, or
/// absolute); code scanning, annotations and merge-request widgets want them
/// relative to the repository root.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceRoot {
    /// The root as an absolute path with `/` separators and no trailing
    /// slash; `None` when unknown (paths are then reported as given).
    pub dir: Option<String>,
    /// The working directory relative to the root: "" or "sub/dir/".
    pub prefix: String,
}

impl SourceRoot {
    /// The root `root` seen from the working directory `cwd` (both absolute).
    /// A `cwd` outside `root` leaves paths relative to `cwd`.
    pub fn new(root: &Path, cwd: &Path) -> SourceRoot {
        let prefix = cwd
            .strip_prefix(root)
            .map(|inside| {
                inside
                    .components()
                    .filter_map(|c| match c {
                        Component::Normal(name) => Some(format!("{}/", name.to_string_lossy())),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let dir = slashes(&root.to_string_lossy());
        SourceRoot {
            dir: Some(dir.trim_end_matches('/').to_string()),
            prefix,
        }
    }

    /// `path` relative to the root, with `.` and `..` resolved, or the path
    /// unchanged when it is absolute and outside the root.
    pub fn relative(&self, path: &str) -> String {
        let path = slashes(path);
        if is_absolute(&path) {
            return match &self.dir {
                Some(dir) => path
                    .strip_prefix(dir.as_str())
                    .and_then(|rest| rest.strip_prefix('/'))
                    .map_or(path.clone(), normalize),
                None => path,
            };
        }
        normalize(&format!("{}{path}", self.prefix))
    }

    /// The root as a `file:` URI ending in `/`, when known.
    pub fn uri(&self) -> Option<String> {
        self.dir.as_deref().map(|dir| file_uri(dir, true))
    }
}

/// An absolute path as a `file:` URI; a directory's ends in `/`.
pub(crate) fn file_uri(path: &str, directory: bool) -> String {
    let path = path.trim_matches('/');
    // A drive letter's colon is part of the path, not a scheme.
    let (drive, rest) = match path.as_bytes() {
        [letter, b':', ..] if letter.is_ascii_alphabetic() => path.split_at(2),
        _ => ("", path),
    };
    let path = format!("{drive}{}", encode_uri_path(rest));
    if path.is_empty() || !directory {
        format!("file:///{path}")
    } else {
        format!("file:///{path}/")
    }
}

fn slashes(path: &str) -> String {
    path.replace('\\', "/")
}

/// `/x`, or a Windows drive path `C:/x`.
pub(crate) fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || (bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":/")
}

/// Resolves `.` and `..` segments; a `..` that climbs above the start stays.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Percent-encodes a `/`-separated path for use in a URI (RFC 3986): every
/// byte outside the unreserved set and `/`. A `:` is encoded too, so that a
/// relative path like `a:b.yaml` cannot read as a URI scheme.
pub(crate) fn encode_uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A JSON array of what `each` makes of every item, serialized one item at
/// a time: a large report is never held a second time as a list of
/// documents (`Iterator::map` over the findings is cheap to clone).
pub(crate) struct Each<I>(pub I);

impl<I> serde::Serialize for Each<I>
where
    I: Iterator + Clone,
    I::Item: serde::Serialize,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.clone())
    }
}

/// `document` as pretty JSON and a line break, through a buffer of a known
/// type: serde_json writes each token apart, and through `dyn Write` each
/// was a call of its own, a third of the time a large report took.
pub(crate) fn write_json_document(
    out: &mut dyn Write,
    document: &impl serde::Serialize,
) -> io::Result<()> {
    let mut out = io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, document)?;
    writeln!(out)?;
    out.flush()
}

/// The message as people read it: what is wrong, then which object.
pub(crate) fn full_message(finding: &Finding) -> String {
    match &finding.object {
        Some(object) => format!("{} ({object})", finding.message),
        None => finding.message.to_string(),
    }
}

/// The last line a finding covers: a span that ends at the start of a line
/// (after a line break) does not cover that line.
pub(crate) fn last_line(finding: &Finding) -> usize {
    if finding.end.line > finding.start.line && finding.end.column == 1 {
        finding.end.line - 1
    } else {
        finding.end.line.max(finding.start.line)
    }
}

pub(crate) fn rule_of<'a>(rules: &'a [RuleMeta], id: &str) -> Option<&'a RuleMeta> {
    rules.iter().find(|meta| meta.id == id)
}

/// A page that documents the rule: its catalogue entry in the project's
/// repository when Cargo.toml names one, else the entry's first reference.
pub(crate) fn rule_url(meta: &RuleMeta) -> Option<String> {
    let repository = env!("CARGO_PKG_REPOSITORY").trim_end_matches('/');
    if repository.is_empty() {
        meta.references.first().cloned()
    } else {
        Some(format!("{repository}/blob/main/{}", meta.source))
    }
}

/// The project's home page, when Cargo.toml names one.
pub(crate) fn homepage() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|url| !url.is_empty())
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! The fixed finding set every renderer's snapshot tests share: it holds
    //! the cases that break careless renderers.

    use super::*;
    use crate::finding::{Applicability, Confidence, Edit, Fix, Frame, Severity};
    use crate::source::{Position, Span};

    /// The raw text of the secret in [`findings`]: no output may contain it.
    pub const SECRET: &str = "hunter2-AKIAIOSFODNN7EXAMPLE";

    fn finding(
        rule: &'static str,
        family: &'static str,
        severity: Severity,
        path: &str,
        (line, column): (usize, usize),
        (end_line, end_column): (usize, usize),
        message: &str,
    ) -> Finding {
        // Byte spans as the pipeline would give them (the texts are ASCII).
        let span = if line == end_line {
            Span::new(100, 100 + end_column - column)
        } else {
            Span::new(100, 200)
        };
        let mut finding = Finding::new(rule, family, severity, span);
        finding.message(message);
        finding.path = path.into();
        finding.start = Position { line, column };
        finding.end = Position {
            line: end_line,
            column: end_column,
        };
        finding.fingerprint =
            crate::finding::Fingerprint((line * 1000 + column + message.len()) as u64);
        finding
    }

    /// The code frame `locate` would give `finding` over `lines`, with
    /// the span at the start of the first.
    fn frame(finding: &Finding, lines: &[&str]) -> Option<Box<Frame>> {
        let lines: Vec<String> = lines.iter().map(|line| line.to_string()).collect();
        let masked = finding.secret.is_some();
        Some(Box::new(Frame::new(
            &lines,
            0,
            finding.start,
            finding.end,
            masked,
        )))
    }

    pub fn report() -> Report {
        Report {
            files_scanned: 5,
            findings: findings().into(),
            ..Report::default()
        }
    }

    /// The findings of [`report`], in its order.
    pub fn findings() -> Vec<Finding> {
        let mut multi_line = finding(
            "parse-error",
            "parse",
            Severity::Error,
            "deploy/broken.yaml",
            (3, 5),
            (5, 1),
            "mapping values are not allowed here",
        );
        multi_line.frame = frame(&multi_line, &["    labels: {app: web}", "  x: y"]);
        let mut escapes = finding(
            "duplicate-key",
            "parse",
            Severity::Warning,
            "k8s/naïve app,v2.yaml",
            (7, 3),
            (7, 12),
            "key `a:b,c` repeats 100% of\r\nthe first <one> & \"that\" 'one' — ünïcödé 🚀",
        );
        escapes.object("Service/web,api");
        escapes.confidence = Confidence::Medium;
        let mut secret = finding(
            "secret-in-env",
            "secrets",
            Severity::Error,
            "deploy/api.yaml",
            (12, 16),
            (12, 44),
            "container `web` sets `API_TOKEN` to a literal credential: read it from a Secret",
        );
        secret.object("Deployment/api container web");
        secret.place("Deployment/api/containers/web/env/API_TOKEN");
        secret.secret(Span::new(200, 228));
        secret.frame = frame(
            &secret,
            &[&format!(
                "          value: {}",
                crate::finding::redact(SECRET)
            )],
        );
        let mut note = finding(
            "unrendered-template",
            "parse",
            Severity::Note,
            "chart/templates/deployment.yaml",
            (1, 1),
            (1, 12),
            "a Helm template is not YAML until rendered: check `helm template` output instead",
        );
        // Positions as `locate` fills them: a replacement on a line with a
        // two-byte character before it, and an insertion.
        let mut replace = Edit::replace(Span::new(103, 107), "ünï");
        (replace.start, replace.end) = (
            Position { line: 1, column: 3 },
            Position { line: 1, column: 7 },
        );
        (replace.start_byte_column, replace.end_byte_column) = (4, 8);
        let mut insert = Edit::insert(130, "key: value\n");
        (insert.start, insert.end) = (
            Position { line: 2, column: 1 },
            Position { line: 2, column: 1 },
        );
        (insert.start_byte_column, insert.end_byte_column) = (1, 1);
        note.fix(Fix::new(
            Applicability::Unsafe,
            "rename it and add a key",
            vec![insert, replace],
        ));
        note.frame = frame(&note, &["{{ x }}"]);
        if let Some(fix) = &mut note.fix {
            fix.preview = vec!["-{{ x }}".into(), "+ünï".into(), "+key: value".into()];
        }
        let mut empty_file = finding(
            "parse-error",
            "parse",
            Severity::Error,
            "empty.tf",
            (1, 1),
            (1, 1),
            "the file is empty",
        );
        // A skeleton: in JSON and text, never in SARIF or rdjsonl.
        let mut skeleton = Edit::insert(0, "terraform {}\n");
        (skeleton.start, skeleton.end) = (
            Position { line: 1, column: 1 },
            Position { line: 1, column: 1 },
        );
        empty_file.fix(Fix::new(
            Applicability::DisplayOnly,
            "declare the module",
            vec![skeleton],
        ));
        vec![multi_line, escapes, secret, note, empty_file]
    }

    fn meta(id: &str, family: &str, severity: Severity) -> RuleMeta {
        RuleMeta {
            id: id.into(),
            family: family.into(),
            severity,
            formats: vec!["kubernetes".into()],
            summary: format!("Summary of {id}."),
            rationale: format!("Why {id} matters."),
            remediation: format!("Fix {id} like this.\nSecond line of the fix."),
            bad_example: "bad: <yes> & more".into(),
            good_example: "good: true".into(),
            references: vec![format!("https://example.com/{id}")],
            fix: None,
            source: "policies/test/rule.yaml",
        }
    }

    /// A fixed catalogue, so that snapshots do not change when real
    /// catalogue entries do. `secret-in-env` is deliberately absent.
    pub fn rules() -> Vec<RuleMeta> {
        vec![
            meta("duplicate-key", "parse", Severity::Warning),
            meta("parse-error", "parse", Severity::Error),
            meta("unrendered-template", "parse", Severity::Note),
            meta("unused-rule", "iam", Severity::Error),
        ]
    }

    pub fn root() -> SourceRoot {
        SourceRoot {
            dir: Some("/work/repo".into()),
            prefix: "infra/".into(),
        }
    }

    pub fn options() -> RenderOptions {
        RenderOptions {
            root: root(),
            ..RenderOptions::default()
        }
    }

    /// Asserts that a rendered report echoes neither the secret nor, for
    /// formats other than text, any source text at all.
    pub fn assert_no_source_text(output: &str) {
        assert!(!output.contains(SECRET), "the secret leaked:\n{output}");
        assert!(!output.contains("hunter2"), "part of the secret leaked");
        for finding in findings() {
            for line in finding.frame.iter().map(|frame| &frame.line) {
                assert!(
                    !output.contains(line.trim()),
                    "source text `{line}` printed:\n{output}"
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_relative_to_the_repository_root() {
        let root = SourceRoot {
            dir: Some("/work/repo".into()),
            prefix: "infra/".into(),
        };
        assert_eq!(root.relative("deploy/a.yaml"), "infra/deploy/a.yaml");
        assert_eq!(root.relative("./deploy/../b.yaml"), "infra/b.yaml");
        assert_eq!(root.relative("../top.yaml"), "top.yaml");
        assert_eq!(root.relative("../../outside.yaml"), "../outside.yaml");
        assert_eq!(root.relative("/work/repo/x/Dockerfile"), "x/Dockerfile");
        assert_eq!(
            root.relative("/elsewhere/Dockerfile"),
            "/elsewhere/Dockerfile"
        );
        assert_eq!(root.relative("sub\\win.tf"), "infra/sub/win.tf");
        assert_eq!(
            SourceRoot::default().relative("deploy/a.yaml"),
            "deploy/a.yaml"
        );
    }

    #[test]
    fn root_from_directories() {
        let root = SourceRoot::new(Path::new("/work/repo"), Path::new("/work/repo/infra/k8s"));
        assert_eq!(root.prefix, "infra/k8s/");
        assert_eq!(root.uri().as_deref(), Some("file:///work/repo/"));
        let outside = SourceRoot::new(Path::new("/work/repo"), Path::new("/tmp"));
        assert_eq!(outside.prefix, "");
        let spaced = SourceRoot::new(Path::new("/a b/ré"), Path::new("/a b/ré"));
        assert_eq!(spaced.uri().as_deref(), Some("file:///a%20b/r%C3%A9/"));
        let windows = SourceRoot {
            dir: Some("C:/src/repo".into()),
            prefix: String::new(),
        };
        assert_eq!(windows.uri().as_deref(), Some("file:///C:/src/repo/"));
    }

    #[test]
    fn a_span_ending_at_a_line_start_does_not_cover_that_line() {
        let findings = fixtures::findings();
        assert_eq!(last_line(&findings[0]), 4);
        assert_eq!(last_line(&findings[4]), 1);
    }
}
