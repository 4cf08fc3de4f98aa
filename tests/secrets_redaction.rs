//! No output format ever prints a secret whole: every `secrets` finding on
//! the firing fixtures is rendered in every output format (text with and
//! without colour, JSON, SARIF, GitHub annotations and step summary, JUnit,
//! GitLab, rdjsonl), and neither the secret as written nor its decoded form (a Secret's
//! base64 `data`) appears beyond the four characters `redact` shows.

use std::fs;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use devops_check::config::{Config, secret_hash};
use devops_check::report::{self, OutputFormat, RenderOptions};
use devops_check::source::SourceFile;
use devops_check::{Options, check, discover, formats};

const RULES: &[&str] = &[
    "secret-token",
    "hardcoded-secret",
    "committed-kubernetes-secret",
    "docker-login-password",
];

fn fire_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    RULES
        .iter()
        .map(|rule| root.join(rule).join("fire"))
        .filter(|dir| dir.is_dir())
        .collect()
}

/// The secret behind every finding that marks one: its text in the file, and
/// the decoded value of the setting written there, if any.
fn secrets_of(report: &devops_check::Report) -> Vec<String> {
    let mut secrets = Vec::new();
    for finding in report.findings.iter() {
        if finding.family != "secrets" {
            continue;
        }
        let secret = finding.secret.unwrap_or_else(|| {
            panic!(
                "{} at {}:{} marks no secret",
                finding.rule, finding.path, finding.start.line
            )
        });
        let path = Path::new(finding.path.as_str());
        let text = fs::read_to_string(path).expect("fixture is readable");
        let format = discover::classify(path).or_else(|| {
            finding
                .path
                .ends_with(".workflow.yml")
                .then_some(devops_check::source::Format::GithubWorkflow)
        });
        let written = text.get(secret.start..secret.end).unwrap_or("").to_string();
        secrets.push(written);
        if let Some(format) = format
            && let Some(model) = formats::load(
                &SourceFile::new(finding.path.as_str(), format, text),
                &Default::default(),
            )
        {
            secrets.extend(
                model
                    .settings
                    .iter()
                    .filter(|s| s.value.span.contains(secret) || secret.contains(s.value.span))
                    .map(|s| s.value.value.clone()),
            );
        }
    }
    secrets
}

#[test]
fn rendered_findings_never_hold_a_secret() {
    let dirs = fire_dirs();
    assert!(!dirs.is_empty());
    let report = check(&Options {
        paths: dirs,
        threads: 1,
        ..Options::default()
    })
    .expect("fixtures are readable");
    let secrets = secrets_of(&report);
    assert!(
        secrets.len() >= 10,
        "too few secrets found to prove anything"
    );
    let mut outputs = Vec::new();
    let formats = OutputFormat::value_variants()
        .iter()
        .map(|format| (*format, false))
        .chain([(OutputFormat::Text, true)]);
    for (format, color) in formats {
        let (mut out, mut summary) = (Vec::new(), Vec::new());
        let options = RenderOptions {
            color,
            ..RenderOptions::default()
        };
        report::render(format, &report, &options, &mut out, Some(&mut summary))
            .expect("renders to memory");
        outputs.push(String::from_utf8(out).expect("UTF-8 output"));
        outputs.push(String::from_utf8(summary).expect("UTF-8 output"));
    }
    for secret in &secrets {
        // Everything past the four characters `redact` shows, line by line
        // (a multi-line secret is masked per line); PEM armour lines name
        // the kind of key and are shown on purpose.
        for line in secret
            .lines()
            .map(str::trim)
            .filter(|l| l.chars().count() > 8 && !l.starts_with("-----"))
        {
            let hidden: String = line.chars().skip(4).collect();
            for output in &outputs {
                assert!(
                    !output.contains(&hidden),
                    "`{hidden}` (of a secret) appears in the output"
                );
            }
        }
    }
}

/// The configuration's allow-list drops a finding by the SHA-256 of the
/// secret it marks, and by path.
#[test]
fn allow_list_drops_vetted_secrets() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules/secret-token/fire");
    let file = dir.join("aws-pair.tf");
    let run = |config: Config| {
        check(&Options {
            paths: vec![file.clone()],
            threads: 1,
            config,
            ..Options::default()
        })
        .expect("fixture is readable")
        .findings
        .iter()
        .filter(|f| f.rule == "secret-token")
        .count()
    };
    assert_eq!(run(Config::default()), 2);
    let text = fs::read_to_string(&file).expect("fixture is readable");
    let key_id = text
        .split('"')
        .find(|s| s.starts_with("AKIA"))
        .expect("the fixture holds a key id");
    let by_hash = format!(
        "[secrets]\nallow-hashes = [\"sha256:{}\"]\n",
        secret_hash(key_id)
    );
    let config = Config::parse(".devops-check.toml", &by_hash, dir.clone()).expect("valid config");
    assert_eq!(run(config), 1);
    let by_path = "[secrets]\nallow-paths = [\"*.tf\"]\n";
    let config = Config::parse(".devops-check.toml", by_path, dir.clone()).expect("valid config");
    assert_eq!(run(config), 0);
}
