//! `.devops-check.toml`: found upward from the scanned root, or given with
//! `--config`. Rules on or off, severity overrides, path excludes and
//! per-path ignores (globs relative to the file's directory), fail-on,
//! threads, suppression policy and the secrets allow-list.
//!
//! Unknown keys and unknown rule ids are errors that name the key and its
//! line: a misspelt setting that silently does nothing is worse than none.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

use crate::catalogue;
use crate::custom;
use crate::finding::Severity;
use crate::rules::job_ordering::roles;

pub const FILE_NAME: &str = ".devops-check.toml";

/// The config `devops-check init` writes.
pub const TEMPLATE: &str = include_str!("config_template.toml");

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    /// A custom policy that does not load names its own file and line.
    #[error(transparent)]
    Policy(#[from] custom::Error),
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

/// `fail-on`: the lowest severity that fails the run, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Threshold(pub Option<Severity>);

impl Threshold {
    pub fn parse(text: &str) -> Option<Threshold> {
        match text {
            "never" => Some(Threshold(None)),
            other => Severity::parse(other).map(|s| Threshold(Some(s))),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    fail_on: Option<Spanned<String>>,
    threads: Option<usize>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    rules: RawRules,
    #[serde(default)]
    ignore: Vec<RawIgnore>,
    #[serde(default)]
    suppressions: RawSuppressions,
    #[serde(default)]
    secrets: RawSecrets,
    #[serde(default)]
    job_roles: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
    #[serde(default)]
    policies: RawPolicies,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawPolicies {
    /// Directories or `.rego` files, relative to the config's directory.
    #[serde(default)]
    paths: Vec<String>,
    #[serde(default)]
    namespaces: Vec<String>,
    #[serde(default)]
    all_namespaces: bool,
    timeout_ms: Option<u64>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRules {
    #[serde(default)]
    disable: Vec<Spanned<String>>,
    #[serde(default)]
    severity: BTreeMap<Spanned<String>, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawIgnore {
    paths: Vec<Spanned<String>>,
    #[serde(default)]
    rules: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSuppressions {
    #[serde(default = "yes")]
    inline: bool,
    #[serde(default)]
    require_reason: bool,
    #[serde(default)]
    unsuppressible: Vec<Spanned<String>>,
}

impl Default for RawSuppressions {
    fn default() -> Self {
        RawSuppressions {
            inline: true,
            require_reason: false,
            unsuppressible: Vec::new(),
        }
    }
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSecrets {
    #[serde(default)]
    allow_paths: Vec<Spanned<String>>,
    #[serde(default)]
    allow_hashes: Vec<Spanned<String>>,
}

/// How inline suppressions are honoured.
#[derive(Debug, Clone, Default)]
pub struct SuppressionPolicy {
    /// Inline directives are ignored altogether (and reported) when false.
    pub forbid_inline: bool,
    pub require_reason: bool,
    pub unsuppressible: HashSet<String>,
}

/// A checked configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it was read from, if any.
    pub source: Option<PathBuf>,
    /// The directory globs are relative to.
    pub root: PathBuf,
    pub fail_on: Option<Threshold>,
    pub threads: Option<usize>,
    exclude: GlobSet,
    pub disabled: HashSet<String>,
    pub severity: HashMap<String, Severity>,
    ignores: Vec<(GlobSet, HashSet<String>)>,
    pub suppressions: SuppressionPolicy,
    secret_paths: GlobSet,
    secret_hashes: HashSet<String>,
    /// Extra command or action patterns per job role (`lint`, `test`, ...),
    /// checked as patterns; `rules::job_ordering::roles::Extension` reads them.
    pub job_roles: BTreeMap<String, Vec<String>>,
    /// The custom (Rego) policies of the run, compiled once.
    pub custom_policies: Option<Arc<custom::Policies>>,
    /// No output of the run shows code frames or fix previews (set from
    /// the command line's formats, not the file): findings are located
    /// without them, which cost as much as locating them, and a large
    /// tree's run would otherwise hold them until the end.
    pub without_code_frames: bool,
}

/// Loads the custom policies `[policies]` and the command line name, if any.
fn load_policies(
    raw: &RawPolicies,
    root: &Path,
    cli: &custom::Options,
) -> Result<Option<Arc<custom::Policies>>, Error> {
    let mut options = cli.clone();
    options.paths.extend(raw.paths.iter().map(|p| root.join(p)));
    options.namespaces.extend(raw.namespaces.iter().cloned());
    options.all_namespaces |= raw.all_namespaces;
    if let Some(ms) = raw.timeout_ms {
        options.timeout = Duration::from_millis(ms);
    }
    if options.paths.is_empty() {
        return Ok(None);
    }
    Ok(Some(Arc::new(custom::Policies::load(&options)?)))
}

/// The job roles `[job-roles]` may extend.
pub const JOB_ROLES: &[&str] = &["lint", "test", "build", "push", "deploy"];

impl Config {
    /// The config for a run over `roots`: `explicit` if given, else the first
    /// `.devops-check.toml` found upward from the first root.
    /// `policies` are the custom policies named on the command line, run
    /// beside those the config names.
    pub fn discover(
        explicit: Option<&Path>,
        roots: &[PathBuf],
        policies: &custom::Options,
    ) -> Result<Config, Error> {
        if let Some(path) = explicit {
            return Config::load(path, policies);
        }
        let start = roots
            .iter()
            .find(|p| p.as_os_str() != crate::STDIN)
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."));
        let start = std::path::absolute(&start).unwrap_or(start);
        let mut dir = if start.is_dir() {
            Some(start.as_path())
        } else {
            start.parent()
        };
        while let Some(current) = dir {
            let candidate = current.join(FILE_NAME);
            if candidate.is_file() {
                return Config::load(&candidate, policies);
            }
            dir = current.parent();
        }
        let root = std::env::current_dir().unwrap_or_default();
        Config::parse_with("(no config file)", "", root, policies)
    }

    pub fn load(path: &Path, policies: &custom::Options) -> Result<Config, Error> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| Error::Read {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        let root = std::path::absolute(path)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let mut config = Config::parse_with(&shown, &text, root, policies)?;
        config.source = Some(path.to_path_buf());
        Ok(config)
    }

    /// Parses and checks a config's text.
    pub fn parse(path: &str, text: &str, root: PathBuf) -> Result<Config, Error> {
        Config::parse_with(path, text, root, &custom::Options::default())
    }

    /// Parses and checks a config's text, loading the custom policies it and
    /// `policies` name before rule ids are checked, so that configuration
    /// may name custom rules too.
    pub fn parse_with(
        path: &str,
        text: &str,
        root: PathBuf,
        policies: &custom::Options,
    ) -> Result<Config, Error> {
        let invalid = |span: Option<std::ops::Range<usize>>, message: String| {
            let offset = span.map_or(0, |s| s.start).min(text.len());
            let before = &text[..text.floor_char_boundary(offset)];
            Error::Invalid {
                path: path.to_string(),
                line: before.matches('\n').count() + 1,
                column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
                message,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            // toml's message repeats the position and a snippet; keep the gist.
            let message = e.message().trim().to_string();
            invalid(e.span(), message)
        })?;
        let custom_policies = load_policies(&raw.policies, &root, policies)?;
        let rule = |id: &Spanned<String>| -> Result<String, Error> {
            if catalogue::get(id.get_ref()).is_some() {
                Ok(id.get_ref().clone())
            } else {
                Err(invalid(
                    Some(id.span()),
                    format!(
                        "unknown rule `{}`; `devops-check rules` lists them",
                        id.get_ref()
                    ),
                ))
            }
        };
        let globs = |patterns: &[Spanned<String>]| -> Result<GlobSet, Error> {
            let mut builder = GlobSetBuilder::new();
            for pattern in patterns {
                let glob = Glob::new(pattern.get_ref())
                    .map_err(|e| invalid(Some(pattern.span()), format!("invalid glob: {e}")))?;
                builder.add(glob);
            }
            builder
                .build()
                .map_err(|e| invalid(None, format!("invalid globs: {e}")))
        };
        let fail_on = raw
            .fail_on
            .map(|value| {
                Threshold::parse(value.get_ref()).ok_or_else(|| {
                    invalid(
                        Some(value.span()),
                        format!(
                            "fail-on must be error, warning, note or never, not `{}`",
                            value.get_ref()
                        ),
                    )
                })
            })
            .transpose()?;
        let mut severity = HashMap::new();
        for (id, level) in &raw.rules.severity {
            let parsed = Severity::parse(level.get_ref()).ok_or_else(|| {
                invalid(
                    Some(level.span()),
                    format!(
                        "severity must be error, warning or note, not `{}`",
                        level.get_ref()
                    ),
                )
            })?;
            severity.insert(rule(id)?, parsed);
        }
        let mut ignores = Vec::new();
        for ignore in &raw.ignore {
            let rules = ignore.rules.iter().map(rule).collect::<Result<_, _>>()?;
            ignores.push((globs(&ignore.paths)?, rules));
        }
        let mut job_roles = BTreeMap::new();
        for (role, patterns) in raw.job_roles {
            if !JOB_ROLES.contains(&role.get_ref().as_str()) {
                return Err(invalid(
                    Some(role.span()),
                    format!(
                        "unknown job role `{}`; roles are {}",
                        role.get_ref(),
                        JOB_ROLES.join(", ")
                    ),
                ));
            }
            for pattern in &patterns {
                roles::check_pattern(pattern.get_ref()).map_err(|message| {
                    invalid(
                        Some(pattern.span()),
                        format!("[job-roles] {}: {message}", role.get_ref()),
                    )
                })?;
            }
            job_roles.insert(
                role.into_inner(),
                patterns.into_iter().map(Spanned::into_inner).collect(),
            );
        }
        Ok(Config {
            source: None,
            root,
            fail_on,
            threads: raw.threads,
            exclude: globs(&raw.exclude)?,
            disabled: raw
                .rules
                .disable
                .iter()
                .map(rule)
                .collect::<Result<_, _>>()?,
            severity,
            ignores,
            suppressions: SuppressionPolicy {
                forbid_inline: !raw.suppressions.inline,
                require_reason: raw.suppressions.require_reason,
                unsuppressible: raw
                    .suppressions
                    .unsuppressible
                    .iter()
                    .map(rule)
                    .collect::<Result<_, _>>()?,
            },
            secret_paths: globs(&raw.secrets.allow_paths)?,
            secret_hashes: raw
                .secrets
                .allow_hashes
                .iter()
                .map(|h| {
                    h.get_ref()
                        .trim_start_matches("sha256:")
                        .to_ascii_lowercase()
                })
                .collect(),
            job_roles,
            custom_policies,
            without_code_frames: false,
        })
    }

    /// `path` relative to the config's directory, for glob matching.
    fn relative<'a>(&self, path: &'a Path) -> std::borrow::Cow<'a, Path> {
        match std::path::absolute(path) {
            Ok(absolute) => match absolute.strip_prefix(&self.root) {
                Ok(relative) => relative.to_path_buf().into(),
                Err(_) => path.into(),
            },
            Err(_) => path.into(),
        }
    }

    pub fn excludes(&self, path: &Path) -> bool {
        !self.exclude.is_empty() && self.exclude.is_match(self.relative(path))
    }

    pub fn enabled(&self, rule: &str) -> bool {
        !self.disabled.contains(rule)
    }

    /// Whether a per-path ignore covers `rule` at `path`.
    pub fn ignores(&self, path: &Path, rule: &str) -> bool {
        if self.ignores.is_empty() {
            return false;
        }
        let relative = self.relative(path);
        self.ignores.iter().any(|(paths, rules)| {
            (rules.is_empty() || rules.contains(rule)) && paths.is_match(&relative)
        })
    }

    /// Whether the secret `value` found at `path` is allow-listed.
    pub fn allows_secret(&self, path: &Path, value: &str) -> bool {
        if !self.secret_paths.is_empty() && self.secret_paths.is_match(self.relative(path)) {
            return true;
        }
        !self.secret_hashes.is_empty() && self.secret_hashes.contains(&secret_hash(value))
    }
}

/// The allow-list hash of a secret: hex SHA-256, as `printf %s VALUE | sha256sum` prints.
pub fn secret_hash(value: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse(".devops-check.toml", text, PathBuf::from("/repo"))
    }

    #[test]
    fn the_template_is_a_valid_config() {
        parse(TEMPLATE).expect("init's template parses");
    }

    #[test]
    fn unknown_keys_name_the_key_and_line() {
        let error = parse("fail-on = \"error\"\n\n[rules]\ndisabel = [\"parse-error\"]\n")
            .expect_err("unknown key");
        let text = error.to_string();
        assert!(text.starts_with(".devops-check.toml:4:1:"), "{text}");
        assert!(text.contains("disabel"), "{text}");
    }

    #[test]
    fn unknown_rule_ids_name_the_rule_and_line() {
        let error = parse("[rules]\ndisable = [\"parse-error\", \"no-such-rule\"]\n")
            .expect_err("unknown rule");
        assert_eq!(
            error.to_string(),
            ".devops-check.toml:2:27: unknown rule `no-such-rule`; `devops-check rules` lists them"
        );
    }

    #[test]
    fn reads_every_setting() {
        let config = parse(
            r#"
fail-on = "never"
threads = 3
exclude = ["vendor/**"]
[rules]
disable = ["file-skipped"]
severity = { duplicate-key = "error" }
[[ignore]]
paths = ["legacy/**"]
rules = ["parse-error"]
[suppressions]
inline = false
require-reason = true
unsuppressible = ["duplicate-key"]
[secrets]
allow-paths = ["docs/**"]
allow-hashes = ["sha256:ABC"]
[job-roles]
test = ["make check"]
"#,
        )
        .expect("valid");
        assert_eq!(config.fail_on, Some(Threshold(None)));
        assert_eq!(config.threads, Some(3));
        assert!(config.excludes(Path::new("/repo/vendor/x/Dockerfile")));
        assert!(!config.excludes(Path::new("/repo/app/Dockerfile")));
        assert!(!config.enabled("file-skipped"));
        assert_eq!(config.severity["duplicate-key"], Severity::Error);
        assert!(config.ignores(Path::new("/repo/legacy/a.yaml"), "parse-error"));
        assert!(!config.ignores(Path::new("/repo/legacy/a.yaml"), "duplicate-key"));
        assert!(config.suppressions.forbid_inline);
        assert!(config.suppressions.require_reason);
        assert!(config.allows_secret(Path::new("/repo/docs/a.tf"), "x"));
        assert!(config.secret_hashes.contains("abc"));
        assert_eq!(config.job_roles["test"], ["make check"]);
    }

    #[test]
    fn job_role_entries_must_be_patterns() {
        let error = parse("[job-roles]\ntest = [\"make ci\", \"... ci\"]\n")
            .expect_err("a pattern starts with a command");
        assert_eq!(
            error.to_string(),
            ".devops-check.toml:2:20: [job-roles] test: pattern `... ci` must start with a command name"
        );
        let error = parse("[job-roles]\nqa = [\"make qa\"]\n").expect_err("unknown role");
        assert!(
            error.to_string().contains("unknown job role `qa`"),
            "{error}"
        );
    }

    #[test]
    fn secret_hash_is_sha256_hex() {
        assert_eq!(
            secret_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
