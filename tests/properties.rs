//! Properties that must hold for any input: spans lie inside their file on
//! character boundaries, rendering is deterministic whatever order findings
//! arrive in, and redaction never lets a marked secret through any format.

use devops_check::Report;
use devops_check::catalogue;
use devops_check::fuzzing;
use devops_check::source::{Format, SourceFile, Span};
use proptest::prelude::*;

/// Text with multi-byte characters, tabs, CRLF and YAML/Dockerfile/HCL punctuation.
fn source_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("apiVersion: v1\n".to_string()),
            Just("kind: Pod\n".to_string()),
            Just("FROM alpine\n".to_string()),
            Just("USER root\n".to_string()),
            Just("resource \"x\" \"y\" {\n".to_string()),
            Just("}\n".to_string()),
            Just("  - name: é\r\n".to_string()),
            Just("\t{{ x }}\n".to_string()),
            "[ -~]{0,20}\n",
            "\\PC{0,8}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn format() -> impl Strategy<Value = (Format, &'static str)> {
    prop_oneof![
        Just((Format::Dockerfile, "Dockerfile")),
        Just((Format::Kubernetes, "k.yaml")),
        Just((Format::GithubWorkflow, ".github/workflows/w.yml")),
        Just((Format::Terraform, "main.tf")),
        Just((Format::TerraformJson, "main.tf.json")),
        Just((Format::CloudFormation, "stack.template")),
        Just((Format::Json, "cdk.out/App.json")),
    ]
}

/// A char-boundary span of `text` chosen by two fractions.
fn span_in(text: &str, a: f64, b: f64) -> Span {
    let at = |fraction: f64| {
        let mut offset = ((text.len() as f64) * fraction) as usize;
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    };
    let (start, end) = (at(a.min(b)), at(a.max(b)));
    Span::new(start, end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_input_gives_findings_inside_the_file(text in source_text(), (format, path) in format()) {
        fuzzing::check_bytes(text.as_bytes(), format, path);
    }

    #[test]
    fn rendering_is_deterministic_whatever_the_order(
        text in source_text(),
        picks in proptest::collection::vec((0usize..1000, 0.0f64..1.0, 0.0f64..1.0), 1..12),
        rotation in 0usize..12,
    ) {
        let file = SourceFile::new("deploy/app.yaml", Format::Kubernetes, text.clone());
        let rules = catalogue::all();
        let mut findings: Vec<_> = picks
            .iter()
            .map(|&(rule, a, b)| {
                fuzzing::located(&file, &rules[rule % rules.len()].id, span_in(&text, a, b), None)
            })
            .collect();
        let mut rotated = findings.clone();
        let shift = rotation % rotated.len();
        rotated.rotate_left(shift);
        rotated.reverse();
        fuzzing::finish(&mut findings);
        fuzzing::finish(&mut rotated);
        let one = Report { files_scanned: 1, findings, ..Report::default() };
        let other = Report { files_scanned: 1, findings: rotated, ..Report::default() };
        prop_assert_eq!(fuzzing::render_all(&one), fuzzing::render_all(&other));
        prop_assert_eq!(fuzzing::render_all(&one), fuzzing::render_all(&one));
    }

    #[test]
    fn a_marked_secret_never_reaches_any_output(
        prefix in "[ -~]{0,30}",
        secret in "[A-Za-z0-9_/+]{8,60}",
        suffix in "[ -~]{0,30}",
        around in 0usize..3,
    ) {
        let text = format!("{prefix}\n  token: {secret}{suffix}\nnext: line\n");
        let start = prefix.len() + "\n  token: ".len();
        let secret_span = Span::new(start, start + secret.len());
        // The finding may cover just the secret, its whole line, or more.
        let finding_span = match around {
            0 => secret_span,
            1 => Span::new(prefix.len() + 1, start + secret.len() + suffix.len()),
            _ => Span::new(0, text.len()),
        };
        let file = SourceFile::new("s.yaml", Format::Kubernetes, text);
        let mut findings = vec![fuzzing::located(&file, "parse-error", finding_span, Some(secret_span))];
        fuzzing::finish(&mut findings);
        let report = Report { files_scanned: 1, findings, ..Report::default() };
        fuzzing::assert_secrets_never_rendered(&file, &report);
    }
}
