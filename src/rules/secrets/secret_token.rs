//! `secret-token`: a credential of a well-known format (AWS access keys,
//! GitHub, GitLab, Slack, Stripe, Google and npm tokens, private keys,
//! passwords in URLs) anywhere in a file's text, whatever the format, the key
//! or the comment it sits in. These formats are specific enough that the
//! match itself is the evidence: no name or context is needed.
//!
//! In a dotenv template (`.env.example`) only tokens of an issuer's own
//! format count: a password in a URL there is an example of what to write.
//!
//! The raw text is scanned once; values the adapter decoded (a Kubernetes
//! Secret's base64 `data`) are scanned again after decoding, since there the
//! raw text hides the token. Documentation examples of the right shape
//! (`AKIAIOSFODNN7EXAMPLE`) are skipped, not reported as notes: they can
//! never authenticate, and a finding nobody can act on teaches people to
//! ignore the rule.

use super::evidence::{self, Evidence};
use super::tokens::{self, Kind, Token};
use super::values;
use crate::finding::{Confidence, redact};
use crate::model::Setting;
use crate::rules::{Context, Rule};
use crate::source::{SourceFile, Span};

pub struct SecretToken;

pub static SECRET_TOKEN: SecretToken = SecretToken;

impl Rule for SecretToken {
    fn id(&self) -> &'static str {
        "secret-token"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        check(cx);
    }
}

fn check(cx: &mut Context<'_>) {
    let found = tokens::scan(&cx.file.text);
    for token in &found {
        // `# Format: mongodb://username:password@host/db`: a comment
        // configures nothing, and a guessable password written in one
        // shows a format. A leaked credential there is leaked all the same.
        let shown_format = token.weak && on_comment_line(cx.file, token.span);
        // A template's `postgres://user:pass@localhost` shows what to
        // write; its chosen password is an example, an issued token is not.
        let example = cx.model.illustrative && !token.kind.is_issued();
        if !(shown_format || example) {
            report(cx, token, None);
        }
    }
    let model = cx.model;
    for setting in &model.settings {
        let span = setting.value.span;
        // Another file of the pipeline wrote it: that file's check scans
        // it (a GitLab pipeline's settings are in each of its files' models).
        if !cx.file.reports(span) || found.iter().any(|t| span.contains(t.span)) {
            continue;
        }
        // A value resolved from a declaration: the raw scan of the declaring
        // file sees it where it is written.
        if model.resolution_at(span).is_some() {
            continue;
        }
        // A value that stands verbatim in the text was seen by the raw scan.
        // Most are all the text they stand in, and most others hold no
        // token: a substring search of the text for each was a percent of a
        // run, and comes last.
        let (written, value) = (cx.file.slice(span), setting.value.value.as_str());
        if written == value {
            continue;
        }
        let decoded = tokens::scan(value);
        if decoded.is_empty() || written.contains(value) {
            continue;
        }
        for token in decoded {
            let value = slice(&setting.value.value, token.secret);
            let at = values::unquoted_span(cx.file, span);
            let decoded = Token {
                span: at,
                secret: at,
                pair: None,
                ..token
            };
            report(cx, &decoded, Some((setting, value)));
        }
    }
}

/// Whether `span` lies on a comment line: one that starts with `#` (YAML,
/// HCL, Dockerfiles, shell) or `//` (HCL).
fn on_comment_line(file: &SourceFile, span: Span) -> bool {
    let line = file.line_span(file.line_index(span.start));
    let before = file
        .slice(Span::new(line.start, span.start.max(line.start)))
        .trim_start();
    before.starts_with('#') || before.starts_with("//")
}

fn slice(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// Reports one token. `decoded` is the setting whose decoded value held it,
/// with the token's text there (the file holds only its encoding).
fn report(cx: &mut Context<'_>, token: &Token, decoded: Option<(&Setting, &str)>) {
    let file = cx.file;
    let secret_text = match decoded {
        Some((_, value)) => value,
        None => file.slice(token.secret),
    };
    let shown = match token.kind {
        // The BEGIN line says what kind of key it is and is not secret.
        Kind::PrivateKey if decoded.is_none() => format!("`{}`", file.slice(token.span)),
        Kind::PrivateKey => "a PEM block".to_string(),
        _ => format!("`{}`", redact(secret_text)),
    };
    let line_of = |span: Span| file.position(span.start).line;
    let what = match (token.kind, token.pair) {
        (Kind::AwsAccessKeyId, Some(pair)) => format!(
            "{} ({shown}) with its secret access key on line {}",
            token.kind.describe(),
            line_of(pair)
        ),
        (Kind::AwsSecretAccessKey, Some(pair)) => format!(
            "{} ({shown}) paired with the access key id on line {}",
            token.kind.describe(),
            line_of(pair)
        ),
        _ => format!("{} ({shown})", token.kind.describe()),
    };
    let setting = decoded
        .map(|(s, _)| s)
        .or_else(|| enclosing_setting(cx, token.span));
    let service = setting
        .filter(|s| evidence::opens_own_service(secret_text, &s.object, &cx.model.settings))
        .map(|s| evidence::job_of(&s.object));
    let where_ = match decoded {
        Some((s, _)) => format!(
            " is committed base64-encoded in `{}` key `{}`",
            s.object, s.key.value
        ),
        None => " is committed in this file".to_string(),
    };
    let message = if token.weak {
        format!(
            "{what} is a well-known default password: anyone can guess it; \
             set a strong one and load it from a secret store"
        )
    } else if let Some(job) = service {
        format!(
            "{what} is the password that {job} also gives its service container: the \
             container lives and dies with the job, so this guards a throwaway test service; \
             if the same value guards anything else, store it as a CI secret"
        )
    } else {
        format!(
            "{what}{where_}: anyone who can read the repository can use it; {}, \
             then load it from a secret store",
            token.kind.revoke_hint()
        )
    };
    let object = setting.map(|s| (s.object.clone(), format!("{}/{}", s.object, s.key.value)));
    let evidence = if token.weak {
        // `postgres://postgres:postgres@db`: a throwaway service's default.
        Evidence::GuessableDefault
    } else if service.is_some() {
        Evidence::ThrowawayService
    } else {
        Evidence::Credential
    };
    let finding = cx
        .report(token.span, message)
        .secret(token.secret)
        .severity(evidence.severity())
        .confidence(evidence.confidence());
    if token.kind == Kind::AwsAccessKeyId && token.pair.is_none() {
        // An id alone does not authenticate; its secret is usually near,
        // but not in this file.
        finding.confidence(Confidence::Medium);
    }
    if let Some((object, place)) = object {
        finding.object(object).place(place);
    }
}

/// The innermost setting whose value holds `span`, to name the object.
fn enclosing_setting<'m>(cx: &Context<'m>, span: Span) -> Option<&'m Setting> {
    cx.model
        .settings
        .iter()
        .filter(|s| s.value.span.contains(span))
        .min_by_key(|s| s.value.span.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;
    use crate::model::{FileModel, SettingContext};
    use crate::source::{Format, SourceFile, Spanned};

    fn run(file: &SourceFile, model: &FileModel) -> Vec<Finding> {
        super::super::testing::run_with(file, model, "secret-token", check)
    }

    fn fake_github() -> String {
        let body: String = (0..36)
            .map(|i| b"Q7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe6"[(i * 7 + 3) % 32] as char)
            .collect();
        format!("ghp_{body}")
    }

    #[test]
    fn reports_raw_tokens_redacted() {
        let token = fake_github();
        let file = SourceFile::new("a.tf", Format::Terraform, format!("x = \"{token}\"\n"));
        let findings = run(&file, &FileModel::default());
        assert_eq!(findings.len(), 1);
        let finding = &findings[0];
        assert_eq!(file.slice(finding.span), token);
        assert_eq!(finding.secret, Some(finding.span));
        assert!(
            !finding.message.contains(&token[4..]),
            "{}",
            finding.message
        );
        assert!(finding.message.contains("ghp_********"));
    }

    #[test]
    fn decoded_values_are_scanned_at_the_encoded_span() {
        let token = fake_github();
        // What an adapter gives for `data: {t: <base64 of the token>}`.
        let text = "data:\n  t: ZW5jb2RlZA==\n";
        let file = SourceFile::new("s.yaml", Format::Kubernetes, text);
        let value_span = Span::new(11, 23);
        let model = FileModel {
            settings: vec![Setting {
                context: SettingContext::SecretData,
                object: "Secret/s".into(),
                key: Spanned::new("t".into(), Span::new(8, 9)),
                value: Spanned::new(token.clone(), value_span),
                literal: true,
                in_list: false,
            }],
            ..FileModel::default()
        };
        let findings = run(&file, &model);
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].span, value_span);
        assert_eq!(findings[0].secret, Some(value_span));
        assert_eq!(findings[0].object.as_deref(), Some("Secret/s"));
        assert!(findings[0].message.contains("base64-encoded"));
        assert!(!findings[0].message.contains(&token[4..]));
    }
}
