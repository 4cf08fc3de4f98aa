//! Properties that must hold for any input: spans lie inside their file on
//! character boundaries, rendering is deterministic whatever order findings
//! arrive in, redaction never lets a marked secret through any format, and
//! fixing never adds a finding and is done after one run.

use devops_check::Report;
use devops_check::catalogue;
use devops_check::config::Config;
use devops_check::facts::Facts;
use devops_check::finding::Finding;
use devops_check::fix::{Selection, fix_file};
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

/// YAML lines at any indentation, rich in what the lenient reading pads:
/// flow brackets, quotes, tags, keys and document markers.
fn yaml_lines() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("key: "),
        Just("- "),
        Just("["),
        Just("]"),
        Just("{"),
        Just("}"),
        Just("'"),
        Just("\""),
        Just("''"),
        Just("\\"),
        Just(", "),
        Just(": "),
        Just("!Sub "),
        Just("&a "),
        Just("*a"),
        Just(" # c"),
        Just("---"),
        Just("é"),
        Just("x"),
        Just("\t"),
    ];
    let line = (
        0..8usize,
        proptest::collection::vec(piece, 0..6),
        prop_oneof![Just("\n"), Just("\r\n")],
    )
        .prop_map(|(indent, pieces, end)| {
            format!("{}{}{end}", " ".repeat(indent), pieces.concat())
        });
    proptest::collection::vec(line, 0..24).prop_map(|lines| lines.concat())
}

/// Block-style YAML as manifests and workflows write it, with the edge
/// cases of what the block-style reader takes: block scalars with
/// every chomping and blank or dedented lines around them, flow
/// collections on one line, quotes, comments, empty values and items,
/// indentless sequences, document markers and lines at odd indentation.
fn block_yaml() -> impl Strategy<Value = String> {
    let content = prop_oneof![
        Just("key: value"),
        Just("key2: x:y # c"),
        Just("key:"),
        Just("key: # c"),
        Just("- item"),
        Just("- key: value"),
        Just("- - x"),
        Just("-"),
        Just("- # c"),
        Just("key: |"),
        Just("- |-"),
        Just("key: |+ # c"),
        Just("key: |2"),
        Just("key: >"),
        Just("key: >- # c"),
        Just("text line"),
        Just("more: text"),
        Just("# comment"),
        Just("#{ x }"),
        Just(""),
        Just("key: [a, \"b\" , [c], {}]  # c"),
        Just("- {a: b, 'c': \"d\"}"),
        Just("key: !reference [.a:b, c#d, e :f]"),
        Just("- {k: http://x/y, l: [m:n]}"),
        Just("key: [a,"),
        Just("key: []"),
        Just("key: {}"),
        Just("\"q\": \"it's\" "),
        Just("'k': 'it''s'  "),
        Just("key: \"a\\\"b\""),
        Just("key: \"\\x4g \\u00e9 \\q\""),
        Just("key: a # c: d"),
        Just("key: a: b"),
        Just("key: &a x"),
        Just("key: *a"),
        Just("- *a # c"),
        Just("<<: *a"),
        Just("- &b"),
        Just("key: &b !Ref"),
        Just("- !Ref &a [x, *b]"),
        Just("key: &a &b x"),
        Just("key: |2-"),
        Just("- >1"),
        Just("key: !Ref x"),
        Just("- !If [a, !Ref b]"),
        Just("key: !Sub |"),
        Just("key: !If"),
        Just("key: 'two"),
        Just("lines'"),
        Just("---"),
        Just("--- # c"),
        Just("..."),
        Just("é: ü"),
        Just("key: [ # c"),
        Just("- {k: v,"),
        Just("a, 'b',"),
        Just("c]"),
        Just("d}  # c"),
        Just("[e, f]]"),
        Just("k: *a}"),
    ];
    let line = (0..7usize, content)
        .prop_map(|(indent, content)| format!("{}{content}", " ".repeat(indent)));
    (
        proptest::collection::vec(line, 0..30),
        prop_oneof![Just(""), Just("\n"), Just("\n  ")],
    )
        .prop_map(|(lines, end)| lines.join("\n") + end)
}

/// A YAML tree as [`render_block`] writes it: scalars as written (some over
/// two lines), block scalars (header, lines), one-line flow collections,
/// mappings
/// with a blank or comment line before some keys, and sequences written
/// at their key's indentation or past it.
#[derive(Clone, Debug)]
enum Tree {
    Scalar(&'static str),
    BlockScalar(&'static str, Vec<&'static str>),
    Map(Vec<(&'static str, &'static str, Tree)>),
    Seq(bool, Vec<Tree>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let scalar = prop_oneof![
        Just("value"),
        Just("x:y"),
        Just("a # c"),
        Just("a#b"),
        Just("\"q\""),
        Just("\"q\"  # c"),
        Just("'it''s'"),
        Just(""),
        Just("é ü"),
        Just("[a, 'b' , [c], {}]"),
        Just("{a: b, \"c\": 'd'}  # e"),
        Just("[]"),
        Just("{ }"),
        Just("[a:b, c#d, http://x/y, e :f]"),
        Just("\"a\\\"b\""),
        Just("\"\\t\\u00e9\\x41\\/\\N\""),
        Just("\"\\x4\""),
        Just("&a x"),
        Just("*a"),
        Just("!Ref &b [*a, &c y]"),
        Just("&b\n    k: *b"),
        Just("first\n  second"),
        Just("first\n\n  second # c"),
        Just("first\n  - second"),
        Just("'one\n  two'"),
        Just("\"one \n\n   two\\\" \"  # c"),
        Just("!Sub 'x'"),
        Just("!Sub\n    a: b"),
        Just("!If\n  - a"),
        Just("!Join ['', [a, !Ref b]]"),
    ]
    .prop_map(Tree::Scalar);
    let block_scalar = (
        prop_oneof![
            Just("|"),
            Just("|-"),
            Just("|+"),
            Just("| # c"),
            Just(">"),
            Just(">-"),
            Just(">+"),
            Just("|2"),
            Just("|-1"),
            Just(">2+"),
            Just("&a |1")
        ],
        proptest::collection::vec(
            prop_oneof![
                Just("line"),
                Just("folded"),
                Just(""),
                Just("  more"),
                Just("# text"),
                Just("x: y")
            ],
            1..5,
        ),
    )
        .prop_map(|(chomp, lines)| Tree::BlockScalar(chomp, lines));
    prop_oneof![3 => scalar, 1 => block_scalar].prop_recursive(4, 40, 4, |inner| {
        let key = prop_oneof![
            Just("key"),
            Just("other"),
            Just("\"quoted\""),
            Just("'k'"),
            Just("a b")
        ];
        let gap =
            prop_oneof![4 => Just(""), 1 => Just("\n"), 1 => Just("# note\n"), 1 => Just("   \n")];
        prop_oneof![
            proptest::collection::vec((gap, key, inner.clone()), 1..4).prop_map(Tree::Map),
            (any::<bool>(), proptest::collection::vec(inner, 1..4))
                .prop_map(|(indentless, items)| Tree::Seq(indentless, items)),
        ]
    })
}

/// `tree` in block style at column `indent`, `step` spaces a level.
fn render_block(tree: &Tree, indent: usize, step: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    let block_lines = |lines: &[&str], at: usize, out: &mut String| {
        for line in lines {
            if !line.is_empty() {
                out.push_str(&" ".repeat(at));
                out.push_str(line);
            }
            out.push('\n');
        }
    };
    match tree {
        Tree::Map(entries) => {
            for (gap, key, value) in entries {
                out.push_str(gap);
                out.push_str(&format!("{pad}{key}:"));
                match value {
                    Tree::Scalar(s) => out.push_str(&format!(" {s}\n")),
                    Tree::BlockScalar(chomp, lines) => {
                        out.push_str(&format!(" {chomp}\n"));
                        block_lines(lines, indent + step, out);
                    }
                    Tree::Map(_) => {
                        out.push('\n');
                        render_block(value, indent + step, step, out);
                    }
                    Tree::Seq(indentless, _) => {
                        out.push('\n');
                        let at = if *indentless { indent } else { indent + step };
                        render_block(value, at, step, out);
                    }
                }
            }
        }
        Tree::Seq(_, items) => {
            for item in items {
                match item {
                    Tree::Scalar(s) => out.push_str(&format!("{pad}- {s}\n")),
                    Tree::BlockScalar(chomp, lines) => {
                        out.push_str(&format!("{pad}- {chomp}\n"));
                        block_lines(lines, indent + 2, out);
                    }
                    Tree::Map(_) | Tree::Seq(..) => {
                        let mut nested = String::new();
                        render_block(item, indent + 2, step, &mut nested);
                        // The item's first line starts after its `- `.
                        let first = nested.find(|c| c != ' ' && c != '\n').unwrap_or(0);
                        let first_line = nested[..first].rfind('\n').map_or(0, |i| i + 1);
                        out.push_str(&nested[..first_line]);
                        out.push_str(&format!("{pad}- "));
                        out.push_str(&nested[first_line + indent + 2..]);
                    }
                }
            }
        }
        Tree::Scalar(_) | Tree::BlockScalar(..) => {}
    }
}

/// One to three documents, each after a `---` or a `...`, some empty,
/// each a mapping whose first value is anchored (`&a`) for the aliases of
/// the tree after it.
fn block_document() -> impl Strategy<Value = String> {
    let document = (
        tree(),
        1..4usize,
        prop_oneof![Just(""), Just("---\n"), Just("---\n---\n"), Just("...\n")],
    );
    (
        proptest::collection::vec(document, 1..4),
        prop_oneof![Just(""), Just("...\n"), Just("---\n")],
        any::<bool>(),
    )
        .prop_map(|(documents, end, trim)| {
            let mut text = String::new();
            for (tree, step, marker) in documents {
                text.push_str(marker);
                let anchored =
                    Tree::Map(vec![("", "first", Tree::Scalar("&a x")), ("", "key", tree)]);
                render_block(&anchored, 0, step, &mut text);
            }
            text.push_str(end);
            if trim {
                text.pop();
            }
            text
        })
}

/// A mapping under `top:` whose values are flow lists, flow mappings and
/// quoted strings written over several lines, as (lines indented past their
/// key, the same lines at `column`, at or left of the key's column 2).
fn multiline_values() -> impl Strategy<Value = (String, String)> {
    let item = prop_oneof![
        Just("a"),
        Just("\"b c\""),
        Just("'it''s'"),
        Just("!Ref D"),
        Just("é")
    ];
    let value = (0..3usize, proptest::collection::vec(item, 1..4));
    (proptest::collection::vec(value, 1..5), 0..3usize).prop_map(|(values, column)| {
        let write = |indent: usize| {
            let pad = " ".repeat(indent);
            let mut text = String::from("top:\n");
            for (i, (kind, items)) in values.iter().enumerate() {
                let lines: Vec<String> = match kind {
                    0 => items.iter().map(|item| format!("{pad}{item},")).collect(),
                    1 => items
                        .iter()
                        .enumerate()
                        .map(|(j, item)| format!("{pad}k{j}: {item},"))
                        .collect(),
                    _ => items
                        .iter()
                        .map(|item| format!("{pad}{}", item.replace(['\'', '"'], "")))
                        .collect(),
                };
                let (open, close) = match kind {
                    0 => ("[", "]"),
                    1 => ("{", "}"),
                    _ => ("\"", "\""),
                };
                text.push_str(&format!(
                    "  v{i}: {open}\n{}\n{pad}{close}\n",
                    lines.join("\n")
                ));
            }
            text
        };
        (write(4), write(column))
    })
}

/// A tree's values without their spans.
fn shape(node: &devops_check::formats::yaml::Node) -> String {
    match node.as_map() {
        Some(entries) => entries
            .iter()
            .map(|e| format!("{}={};", shape(&e.key), shape(&e.value)))
            .collect(),
        None if node.as_seq().is_some() => node.items().iter().map(|i| shape(i) + ",").collect(),
        None => format!("{:?}{:?}", node.as_scalar(), node.tag_name()),
    }
}

fn format() -> impl Strategy<Value = (Format, &'static str)> {
    prop_oneof![
        Just((Format::Dockerfile, "Dockerfile")),
        Just((Format::Kubernetes, "k.yaml")),
        Just((Format::GithubWorkflow, ".github/workflows/w.yml")),
        Just((Format::GithubAction, ".github/actions/a/action.yml")),
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
    fn lenient_yaml_never_panics_and_agrees_with_strict_yaml(text in yaml_lines()) {
        fuzzing::check_yaml(&text);
    }

    #[test]
    fn the_block_style_reader_reads_as_saphyr_does(text in block_yaml()) {
        if let Err(trees) = devops_check::formats::yaml::block_reader_agrees(&text) {
            prop_assert!(false, "{}\n{}", text, trees);
        }
    }

    #[test]
    fn the_block_style_reader_reads_block_documents_as_saphyr_does(text in block_document()) {
        if let Err(trees) = devops_check::formats::yaml::block_reader_agrees(&text) {
            prop_assert!(false, "{}\n{}", text, trees);
        }
    }

    #[test]
    fn lines_left_of_their_key_read_as_if_indented((indented, dedented) in multiline_values()) {
        use devops_check::formats::yaml;
        prop_assert!(yaml::parse(&dedented).is_err(), "YAML 1.2 refuses {}", dedented);
        let expected = yaml::parse(&indented).expect("indented past the key: YAML 1.2");
        let read = yaml::parse_lenient(&dedented).expect("dedented: as go-yaml reads it");
        prop_assert_eq!(shape(&read.documents[0].root), shape(&expected.documents[0].root));
        fuzzing::check_yaml(&dedented);
    }

    #[test]
    fn rendering_is_deterministic_whatever_the_order(
        text in source_text(),
        picks in proptest::collection::vec((0usize..1000, 0.0f64..1.0, 0.0f64..1.0), 1..12),
        rotation in 0usize..12,
    ) {
        let file = SourceFile::new("deploy/app.yaml", Format::Kubernetes, text.clone());
        let rules = catalogue::all();
        let findings: Vec<_> = picks
            .iter()
            .map(|&(rule, a, b)| {
                fuzzing::located(&file, &rules[rule % rules.len()].id, span_in(&text, a, b), None)
            })
            .collect();
        let mut rotated = findings.clone();
        let shift = rotation % rotated.len();
        rotated.rotate_left(shift);
        rotated.reverse();
        let one = Report { files_scanned: 1, findings: fuzzing::finish(findings), ..Report::default() };
        let other = Report { files_scanned: 1, findings: fuzzing::finish(rotated), ..Report::default() };
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
        let findings = vec![fuzzing::located(&file, "parse-error", finding_span, Some(secret_span))];
        let report = Report { files_scanned: 1, findings: fuzzing::finish(findings), ..Report::default() };
        fuzzing::assert_secrets_never_rendered(&file, &report);
    }
}

fn counts(findings: &[Finding]) -> std::collections::BTreeMap<&'static str, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for finding in findings {
        *counts.entry(finding.rule).or_insert(0) += 1;
    }
    counts
}

/// Fixes `text` as `path`; asserts that no rule gained a finding and that
/// fixing the result again changes nothing. Returns the fixed text.
fn fix_checked(text: &str, format: Format, path: &str) -> String {
    let file = SourceFile::new(path, format, text);
    let before = counts(&devops_check::check_source(SourceFile::new(path, format, text)).findings);
    let once = fix_file(
        &file,
        &Config::default(),
        &Facts::default(),
        Selection::SafeAndUnsafe,
    );
    let after_findings =
        devops_check::check_source(SourceFile::new(path, format, once.text.clone())).findings;
    for (rule, n) in counts(&after_findings) {
        assert!(
            n <= before.get(rule).copied().unwrap_or(0),
            "fixing added a {rule} finding:\n{}",
            once.text
        );
    }
    let fixed = SourceFile::new(path, format, once.text.clone());
    let twice = fix_file(
        &fixed,
        &Config::default(),
        &Facts::default(),
        Selection::SafeAndUnsafe,
    );
    assert_eq!(twice.text, once.text, "a second fix changed the text");
    once.text
}

/// A pod with containers laid out as people write them: two or four
/// spaces, LF or CRLF, securityContext absent, empty, block or flow, a
/// trailing comment, and a last line with or without its line end.
fn pod_manifest() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(2usize), Just(4usize)],
        any::<bool>(),
        proptest::collection::vec(0..4u8, 1..4),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(step, crlf, contexts, comment, final_newline)| {
            let i = |n: usize| " ".repeat(step * n);
            let mut text = format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n{}name: p\nspec:\n{}containers:\n",
                i(1),
                i(1)
            );
            for (n, context) in contexts.iter().enumerate() {
                text.push_str(&format!("{}- name: c{n}\n{}  image: app:{n}\n", i(2), i(2)));
                match context {
                    0 => {}
                    1 => text.push_str(&format!("{}  securityContext: {{}}\n", i(2))),
                    2 => text.push_str(&format!(
                        "{}  securityContext:\n{}  {}readOnlyRootFilesystem: true\n",
                        i(2),
                        i(2),
                        i(1)
                    )),
                    _ => text.push_str(&format!(
                        "{}  securityContext: {{readOnlyRootFilesystem: true}}\n",
                        i(2)
                    )),
                }
                if comment {
                    text.push_str(&format!("{}  # next\n", i(2)));
                }
            }
            if !final_newline {
                text.pop();
            }
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

/// A workflow whose deploy job waits for nothing or for part of its gates,
/// with `needs:` as a flow list, a block list or one id.
fn workflow() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just(2usize), Just(4usize)],
        any::<bool>(),
        0..4u8,
        any::<bool>(),
    )
        .prop_map(|(step, crlf, needs, permissions)| {
            let i = |n: usize| " ".repeat(step * n);
            let mut text = String::from("on: push\n");
            if permissions {
                text.push_str(&format!("permissions:\n{}contents: read\n", i(1)));
            }
            text.push_str("jobs:\n");
            for (id, command) in [("lint", "npx eslint ."), ("test", "go test ./...")] {
                text.push_str(&format!(
                    "{}{id}:\n{}runs-on: ubuntu-latest\n{}steps:\n{}- run: {command}\n",
                    i(1),
                    i(2),
                    i(2),
                    i(3)
                ));
            }
            text.push_str(&format!("{}deploy:\n", i(1)));
            match needs {
                0 => {}
                1 => text.push_str(&format!("{}needs: [lint]\n", i(2))),
                2 => text.push_str(&format!("{}needs:\n{}- lint\n", i(2), i(3))),
                _ => text.push_str(&format!("{}needs: lint\n", i(2))),
            }
            text.push_str(&format!(
                "{}runs-on: ubuntu-latest\n{}steps:\n{}- run: kubectl apply -f k8s/\n",
                i(2),
                i(2),
                i(3)
            ));
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fixing_any_input_adds_no_finding_and_is_done_at_once(
        text in source_text(),
        (format, path) in format(),
    ) {
        fix_checked(&text, format, path);
    }

    #[test]
    fn fixed_pods_keep_their_layout_and_escalate_no_more(text in pod_manifest()) {
        let fixed = fix_checked(&text, Format::Kubernetes, "pod.yaml");
        let crlf = text.contains("\r\n");
        prop_assert_eq!(fixed.contains("\r\n"), crlf);
        if crlf {
            prop_assert!(!fixed.replace("\r\n", "").contains('\n'));
        }
        let left = devops_check::check_source(SourceFile::new("pod.yaml", Format::Kubernetes, fixed.clone()))
            .findings
            .into_iter()
            .filter(|f| matches!(f.rule, "privilege-escalation-allowed" | "run-as-non-root-not-enforced"))
            .count();
        prop_assert_eq!(left, 0, "{}", fixed);
    }

    #[test]
    fn fixed_workflows_gate_their_deploy(text in workflow()) {
        let fixed = fix_checked(&text, Format::GithubWorkflow, ".github/workflows/ci.yml");
        let left = devops_check::check_source(SourceFile::new(
            ".github/workflows/ci.yml",
            Format::GithubWorkflow,
            fixed.clone(),
        ))
        .findings
        .into_iter()
        .filter(|f| matches!(f.rule, "ungated-deploy" | "workflow-permissions-missing"))
        .count();
        prop_assert_eq!(left, 0, "{}", fixed);
    }
}
