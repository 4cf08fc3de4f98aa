//! Micro-benchmarks: each parser (parse and lower one small file of its
//! format into the model), and the rules of each family over those models.
//! The inputs are fixtures of this repository, embedded at build time, so
//! the benchmarks need nothing beside the checkout.
//!
//! `cargo bench --bench micro` runs them; `cargo bench --bench micro --
//! parse/terraform` runs one. Whole-tree figures and the comparison with
//! other tools are `benches/compare.sh`'s.
//!
//! `parse-corpus/<kind>` parses and lowers every real file of a YAML kind
//! listed in `../shared/corpus/lists/<kind>.txt` (no rules), when that
//! corpus is beside the checkout; without it the group is skipped.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

use devops_check::catalogue;
use devops_check::config::Config;
use devops_check::discover::classify;
use devops_check::facts::Facts;
use devops_check::formats;
use devops_check::model::FileModel;
use devops_check::rules::{self, registry::RULES};
use devops_check::source::{Format, SourceFile};
use std::path::Path;

/// One small input per format: (name, format, path, text).
const INPUTS: &[(&str, Format, &str, &str)] = &[
    (
        "dockerfile",
        Format::Dockerfile,
        "api/Dockerfile",
        include_str!("../testdata/examples/api/Dockerfile"),
    ),
    (
        "workflow",
        Format::GithubWorkflow,
        ".github/workflows/release.yml",
        include_str!("../testdata/rules/ungated-deploy/fire/project-scripts.workflow.yml"),
    ),
    (
        "terraform",
        Format::Terraform,
        "infra/iam.tf",
        include_str!("../testdata/rules/iam-wildcard-action/fire/composed-statements.tf"),
    ),
    (
        "kubernetes",
        Format::Kubernetes,
        "deploy/api.yaml",
        include_str!("../testdata/examples/deploy/api.yaml"),
    ),
    (
        "compose",
        Format::Compose,
        "compose.yaml",
        include_str!("../testdata/rules/missing-healthcheck/clean/compose.healthchecks.yaml"),
    ),
    (
        "cloudformation",
        Format::CloudFormation,
        "stack.template.yaml",
        include_str!("../testdata/rules/iam-wildcard-action/clean/cloudformation.template.yaml"),
    ),
    // Files that need the lenient reading's repair (go-yaml's and
    // CloudFormation's relaxed indentation): its cost over a clean parse.
    (
        "compose-relaxed",
        Format::Compose,
        "compose.yaml",
        include_str!("../testdata/rules/hardcoded-secret/fire/compose.flow-under-key.yaml"),
    ),
    (
        "cloudformation-relaxed",
        Format::CloudFormation,
        "stack.template.yaml",
        include_str!(
            "../testdata/rules/iam-wildcard-action/fire/cfn-sub-json-under-indented.template.yaml"
        ),
    ),
    (
        "gitlab",
        Format::GitlabCi,
        ".gitlab-ci.yml",
        include_str!("../testdata/rules/ungated-deploy/clean/stages.gitlab-ci.yml"),
    ),
];

fn files() -> Vec<(&'static str, SourceFile)> {
    INPUTS
        .iter()
        .map(|(name, format, path, text)| (*name, SourceFile::new(*path, *format, *text)))
        .collect()
}

fn load(file: &SourceFile) -> FileModel {
    formats::load(file, &Facts::default()).unwrap_or_default()
}

fn parsers(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for (name, file) in files() {
        group.throughput(Throughput::Bytes(file.text.len() as u64));
        group.bench_function(name, |b| b.iter(|| load(black_box(&file))));
    }
    group.finish();
}

/// The YAML kinds of the corpus, by list name.
const CORPUS_KINDS: [&str; 4] = ["kubernetes", "compose", "cloudformation", "gitlab"];

/// The real files of one kind, formats sniffed as the scan does.
fn corpus(kind: &str) -> Vec<SourceFile> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let Ok(list) = std::fs::read_to_string(shared.join("lists").join(format!("{kind}.txt"))) else {
        return Vec::new();
    };
    list.lines()
        .filter_map(|name| {
            let path = shared.join("real").join(name);
            let text = std::fs::read_to_string(&path).ok()?;
            let format = formats::sniff(classify(Path::new(name))?, name, &text);
            Some(SourceFile::new(name, format, text))
        })
        .collect()
}

fn corpus_parsers(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse-corpus");
    group.sample_size(10);
    for kind in CORPUS_KINDS {
        let files = corpus(kind);
        if files.is_empty() {
            continue;
        }
        let bytes: usize = files.iter().map(|f| f.text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(kind, |b| {
            b.iter(|| {
                files
                    .iter()
                    .map(|f| load(black_box(f)).containers.len())
                    .sum::<usize>()
            })
        });
    }
    group.finish();
}

fn families(c: &mut Criterion) {
    let models: Vec<(SourceFile, FileModel)> = files()
        .into_iter()
        .map(|(_, file)| {
            let model = load(&file);
            (file, model)
        })
        .collect();
    let family_of = |rule: &&dyn rules::Rule| catalogue::brief(rule.id()).map(|b| b.family);
    let mut names: Vec<&str> = RULES.iter().filter_map(family_of).collect();
    names.sort_unstable();
    names.dedup();
    let (config, facts) = (Config::default(), Facts::default());
    let mut group = c.benchmark_group("rules");
    for family in names {
        let members: Vec<&dyn rules::Rule> = RULES
            .iter()
            .filter(|rule| family_of(rule) == Some(family))
            .copied()
            .collect();
        group.bench_function(family, |b| {
            b.iter(|| {
                let mut found = 0;
                for (file, model) in &models {
                    for rule in &members {
                        found += rules::run(*rule, file, model, &config, &facts).len();
                    }
                }
                found
            });
        });
    }
    group.finish();
}

criterion_group!(benches, parsers, corpus_parsers, families);
criterion_main!(benches);
