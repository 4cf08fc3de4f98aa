//! Invariants that fuzzing and property tests check on any input: the
//! pipeline never panics, every span lies inside its file on character
//! boundaries, and no detected secret appears in any rendered output.
//! Each function panics when an invariant breaks, which is what a fuzzer
//! and a test want.

use crate::Report;
use crate::finding::Finding;
use crate::formats::yaml::{self, Node, NodeKind};
use crate::report::{self, OutputFormat, RenderOptions};
use crate::source::{Format, SourceFile, Span};

/// Bytes to findings for one format, with every invariant checked.
pub fn check_bytes(data: &[u8], format: Format, path: &str) {
    let Ok(text) = crate::decode(data.to_vec()) else {
        return;
    };
    let file = SourceFile::new(path, format, text);
    let outcome = crate::check_source(SourceFile::new(path, format, file.text.clone()));
    for finding in &outcome.findings {
        let span = finding.span;
        assert!(
            span.start <= span.end && span.end <= file.text.len(),
            "{finding:?}"
        );
        assert!(
            file.text.is_char_boundary(span.start) && file.text.is_char_boundary(span.end),
            "{finding:?}"
        );
        assert!(
            finding.start.line >= 1 && finding.start.column >= 1,
            "{finding:?}"
        );
        assert!(finding.start <= finding.end, "{finding:?}");
    }
    assert_secrets_never_rendered(
        &file,
        &Report {
            files_scanned: 1,
            findings: outcome.findings.into(),
            ..Report::default()
        },
    );
}

/// The formats the pipeline fuzz target chooses from, by its first byte.
const FORMATS: [(Format, &str); 9] = [
    (Format::Dockerfile, "Dockerfile"),
    (Format::Kubernetes, "k.yaml"),
    (Format::GithubWorkflow, ".github/workflows/w.yml"),
    (Format::Terraform, "main.tf"),
    (Format::TerraformJson, "main.tf.json"),
    (Format::Compose, "compose.yaml"),
    (Format::CloudFormation, "stack.template"),
    (Format::Json, "cdk.out/App.json"),
    (Format::Dotenv, ".env"),
];

/// Bytes to findings with the format chosen by the first byte.
pub fn check_any(data: &[u8]) {
    if let Some((&selector, rest)) = data.split_first() {
        let (format, path) = FORMATS[usize::from(selector) % FORMATS.len()];
        check_bytes(rest, format, path);
    }
}

/// Renders `report` in every format and checks that no secret a finding
/// marks appears whole.
pub fn assert_secrets_never_rendered(file: &SourceFile, report: &Report) {
    let secrets: Vec<&str> = report
        .findings
        .iter()
        .filter_map(|f| f.secret)
        .map(|span| file.slice(span))
        // Very short values can occur by chance in any text, and a value
        // that could be a name (`postgres`) is masked where it is the
        // secret, not where the same word names something else.
        .filter(|s| s.chars().count() >= 8 && !crate::could_be_a_name(s))
        .collect();
    if secrets.is_empty() {
        return;
    }
    // What every report of a format prints whatever it found (SARIF's rule
    // documentation mentions `postgres`, say) is not a leak.
    let empty = render_all(&Report::default());
    for ((format, rendered), boilerplate) in
        OutputFormat::ALL.iter().zip(render_all(report)).zip(empty)
    {
        let rendered = String::from_utf8_lossy(&rendered);
        let boilerplate = String::from_utf8_lossy(&boilerplate);
        for secret in &secrets {
            assert!(
                !rendered.contains(secret) || boilerplate.contains(secret),
                "{format:?} output shows a secret whole: {secret:?}"
            );
        }
    }
}

/// `report` in every output format (the GitHub step summary appended to
/// the GitHub report), in [`OutputFormat::ALL`]'s order.
pub fn render_all(report: &Report) -> Vec<Vec<u8>> {
    OutputFormat::ALL
        .iter()
        .map(|format| {
            let mut out = Vec::new();
            let mut summary = Vec::new();
            report::render(
                *format,
                report,
                &RenderOptions::default(),
                &mut out,
                Some(&mut summary),
            )
            .expect("rendering to memory cannot fail");
            out.extend(summary);
            out
        })
        .collect()
}

/// The YAML span tree alone, read strictly and leniently: spans and errors
/// inside the text, and the lenient reading of a stream the strict one
/// reads is the same tree.
pub fn check_yaml(text: &str) {
    // What the block-style reader takes, it reads as saphyr does.
    if let Err(trees) = yaml::block_reader_agrees(text) {
        panic!("{trees}");
    }
    let strict = yaml::parse(text);
    let lenient = yaml::parse_lenient(text);
    for stream in [&strict, &lenient].into_iter().flatten() {
        for document in &stream.documents {
            check_node(text, &document.root, 0);
        }
        for warning in &stream.warnings {
            assert!(warning.span.end <= text.len());
        }
    }
    if let Err(error) = &lenient {
        let span = error.span;
        assert!(
            span.start <= span.end && span.end <= text.len(),
            "{error:?}"
        );
        assert!(text.is_char_boundary(span.start), "{error:?}");
    }
    if let Ok(strict) = &strict {
        let lenient = lenient.expect("what YAML 1.2 reads, the lenient reading reads");
        let roots = |stream: &yaml::Stream| -> Vec<Node> {
            stream.documents.iter().map(|d| d.root.clone()).collect()
        };
        assert_eq!(roots(strict), roots(&lenient));
    }
}

fn check_node(text: &str, node: &Node, depth: usize) {
    assert!(depth <= yaml::MAX_DEPTH + 1, "nesting bound broken");
    assert!(
        node.span.start <= node.span.end && node.span.end <= text.len(),
        "{:?}",
        node.span
    );
    assert!(text.is_char_boundary(node.span.start) && text.is_char_boundary(node.span.end));
    match &node.kind {
        NodeKind::Scalar(_) => {}
        NodeKind::Seq(items) => items.iter().for_each(|n| check_node(text, n, depth + 1)),
        NodeKind::Map(entries) => entries.iter().for_each(|e| {
            check_node(text, &e.key, depth + 1);
            check_node(text, &e.value, depth + 1);
        }),
    }
}

/// A finding of `rule` at `span`, located in `file` as the pipeline does,
/// marking `secret` (if any) as a secret.
pub fn located(file: &SourceFile, rule: &str, span: Span, secret: Option<Span>) -> Finding {
    let meta = crate::catalogue::get(rule).expect("a catalogue rule");
    let mut finding = Finding::new(&meta.id, &meta.family, meta.severity, span);
    finding.message(format!("synthetic finding of {rule}"));
    finding.secret = secret;
    let reported = crate::finding::Text::from(file.path.as_str());
    crate::locate(file, &reported, &mut finding, secret.as_slice(), true);
    finding
}

/// One file's findings sorted and fingerprinted as the pipeline does after
/// a run.
pub fn finish(findings: Vec<Finding>) -> crate::findings::Findings {
    let run = crate::findings::Collector::default();
    run.add(0, findings);
    let mut findings = run.into_findings();
    findings.finish();
    findings
}
