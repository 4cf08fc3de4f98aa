//! `committed-kubernetes-secret`: a Kubernetes Secret manifest whose `data`
//! or `stringData` holds literal values. base64 is an encoding, not
//! encryption: whoever can read the repository can read the Secret. Such
//! manifests belong in a secret store (External Secrets, Sealed Secrets,
//! SOPS), not in Git.
//!
//! One finding per Secret, at its most telling value (a key named like a
//! credential first), listing the other keys: the fix is for the object as a
//! whole. Values that are not secret by nature are not counted: empty values
//! and placeholders, references for a substitution tool (`${DB_PASSWORD}`),
//! certificates and public keys (`tls.crt`, `ca.crt`), and values under names
//! such as `username`, `url`, `namespace` or `POSTGRES_DB`. A value that
//! holds a token of a known format is left to `secret-token`.
//!
//! A `kubernetes.io/service-account-token` Secret normally carries no data
//! (the token controller fills it in the cluster) and so never fires; one
//! committed with its `token` filled in is a live bearer credential for the
//! cluster and is reported like any other.

use super::names;
use super::tokens;
use super::values::{self, NotSecret, Value};
use crate::finding::redact;
use crate::model::{Setting, SettingContext};
use crate::rules::{Context, Rule};

pub struct CommittedKubernetesSecret;

pub static COMMITTED_KUBERNETES_SECRET: CommittedKubernetesSecret = CommittedKubernetesSecret;

impl Rule for CommittedKubernetesSecret {
    fn id(&self) -> &'static str {
        "committed-kubernetes-secret"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        check(cx);
    }
}

fn check(cx: &mut Context<'_>) {
    let model = cx.model;
    // The adapter lowers each Secret's entries together, so a Secret's
    // settings are one run of the list.
    let secret_data: Vec<&Setting> = model
        .settings
        .iter()
        .filter(|s| s.context == SettingContext::SecretData)
        .collect();
    for object in secret_data.chunk_by(|a, b| a.object == b.object) {
        let counted: Vec<&Setting> = object.iter().copied().filter(|s| counts(s)).collect();
        let Some(first) = counted
            .iter()
            .find(|s| names::secret_name(&s.key.value).is_some())
            .or(counted.first())
        else {
            continue;
        };
        let keys: Vec<String> = counted
            .iter()
            .map(|s| format!("`{}`", s.key.value))
            .collect();
        let message = format!(
            "`{}` commits {} ({}; `{}` is `{}`) in plain or base64 form: anyone who can read \
             the repository can read them; keep the Secret out of Git and create it from a \
             secret store (External Secrets, Sealed Secrets, SOPS)",
            first.object,
            if counted.len() == 1 {
                "1 literal value".to_string()
            } else {
                format!("{} literal values", counted.len())
            },
            keys.join(", "),
            first.key.value,
            redact(&first.value.value),
        );
        let span = values::unquoted_span(cx.file, first.value.span);
        cx.report(span, message)
            .secret(span)
            .object(first.object.clone())
            .place(first.object.clone());
    }
}

/// Whether a Secret entry holds something secret written out.
fn counts(setting: &Setting) -> bool {
    if !setting.literal || names::is_public_name(&setting.key.value) {
        return false;
    }
    let value = setting.value.value.as_str();
    if !tokens::scan(value).is_empty() {
        return false;
    }
    // A configuration file or document kept in a Secret (an Alertmanager or
    // Grafana config, a kubeconfig, `.dockerconfigjson`) counts when one of
    // its settings is a secret; a PEM block is judged whole below.
    let trimmed = value.trim();
    let structured = trimmed.contains('\n') || trimmed.starts_with(['{', '[']);
    if structured && !trimmed.starts_with("-----BEGIN") {
        return values::file_holds_secret(value);
    }
    match values::classify(value, &[]) {
        // `pin: "4821"` is a secret, `debug: "true"` is not.
        Value::NotSecret(NotSecret::Scalar) => {
            values::is_number(value.trim()) && names::secret_name(&setting.key.value).is_some()
        }
        Value::NotSecret(_) => false,
        Value::WeakDefault | Value::Literal { .. } => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Finding;
    use crate::model::FileModel;
    use crate::source::{Format, SourceFile, Span, Spanned};

    fn entry(object: &str, key: &str, value: &str, at: usize) -> Setting {
        Setting {
            context: SettingContext::SecretData,
            object: object.into(),
            key: Spanned::new(key.into(), Span::new(at, at + 1)),
            value: Spanned::new(value.into(), Span::new(at + 2, at + 3)),
            literal: true,
            in_list: false,
        }
    }

    fn run(settings: Vec<Setting>) -> Vec<Finding> {
        let file = SourceFile::new("s.yaml", Format::Kubernetes, "x".repeat(200));
        let model = FileModel {
            settings,
            ..FileModel::default()
        };
        super::super::testing::run_with(&file, &model, "committed-kubernetes-secret", check)
    }

    #[test]
    fn one_finding_per_secret_at_the_credential() {
        let found = run(vec![
            entry("Secret/db", "username", "app", 0),
            entry("Secret/db", "host", "db.internal", 10),
            entry("Secret/db", "port", "5432", 20),
            entry("Secret/db", "debug", "true", 25),
            entry("Secret/db", "config", "mode=prod", 27),
            entry("Secret/db", "password", "Tr0ub4dor&3-horse", 30),
            entry(
                "Secret/other",
                "config.json",
                "{\"apiKey\": \"k9PqZ2mX7vLw4RtY\"}",
                40,
            ),
        ]);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].span, Span::new(32, 33));
        assert!(
            found[0].message.contains("`Secret/db` commits 2 literal values (`config`, `password`; `password` is `Tr0u********`)"),
            "{}",
            found[0].message
        );
        assert!(!found[0].message.contains("Tr0ub4dor"));
        assert_eq!(found[1].object.as_deref(), Some("Secret/other"));
    }

    #[test]
    fn placeholders_public_material_and_names_do_not_count() {
        let found = run(vec![
            entry("Secret/a", "password", "", 0),
            entry("Secret/a", "token", "${TOKEN}", 10),
            entry(
                "Secret/a",
                "tls.crt",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
                20,
            ),
            entry("Secret/a", "url", "https://git.example.org/repo", 30),
            entry("Secret/a", "username", "admin", 40),
            entry("Secret/a", "key", "REDACTED", 50),
            entry(
                "Secret/a",
                "sshPrivateKey",
                "-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n",
                60,
            ),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn configuration_files_count_only_with_a_secret_inside() {
        let quiet = run(vec![entry(
            "Secret/grafana",
            "grafana.ini",
            "[date_formats]\ndefault_timezone = UTC\n",
            0,
        )]);
        assert!(quiet.is_empty());
        let loud = run(vec![entry(
            "Secret/grafana",
            "grafana.ini",
            "[security]\nadmin_password = Zq8vR2mLx\n",
            0,
        )]);
        assert_eq!(loud.len(), 1);
    }

    #[test]
    fn other_contexts_are_not_secrets() {
        let mut setting = entry("ConfigMap/a", "password", "Tr0ub4dor&3-horse", 0);
        setting.context = SettingContext::ConfigMapData;
        assert!(run(vec![setting]).is_empty());
    }
}
