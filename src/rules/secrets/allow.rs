//! The secrets allow-list: values a team has vetted (a test fixture's fake
//! key, a public demo token), named by the SHA-256 of the value so that the
//! configuration does not itself hold the secret, and paths (globs) whose
//! files are not scanned for secrets at all.
//!
//! Every secrets rule consults [`current`] before it reports. The
//! configuration loader builds an [`AllowList`] and calls [`install`] once,
//! before checking; without it the list is empty.

use std::collections::HashSet;
use std::sync::OnceLock;

use globset::{Glob, GlobSet, GlobSetBuilder};
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Default)]
pub struct AllowList {
    /// Lower-case hex SHA-256 digests of allowed values.
    values: HashSet<String>,
    paths: GlobSet,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("secrets allow-list: `{0}` is not a SHA-256 digest (64 hex digits)")]
    Digest(String),
    #[error("secrets allow-list: {0}")]
    Glob(#[from] globset::Error),
}

impl AllowList {
    /// An allow-list from value digests (`sha256sum` of the exact value, no
    /// newline: `printf %s 'value' | sha256sum`) and path globs.
    pub fn new<'a>(
        digests: impl IntoIterator<Item = &'a str>,
        path_globs: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, Error> {
        let mut values = HashSet::new();
        for digest in digests {
            let digest = digest.trim().to_ascii_lowercase();
            let digest = digest
                .strip_prefix("sha256:")
                .unwrap_or(&digest)
                .to_string();
            if digest.len() != 64 || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(Error::Digest(digest));
            }
            values.insert(digest);
        }
        let mut builder = GlobSetBuilder::new();
        for glob in path_globs {
            builder.add(Glob::new(glob)?);
        }
        Ok(AllowList {
            values,
            paths: builder.build()?,
        })
    }

    /// Whether secrets in the file at `path` (as reported) are allowed.
    pub fn allows_path(&self, path: &str) -> bool {
        !self.paths.is_empty() && self.paths.is_match(path)
    }

    /// Whether a secret `value` found in the file at `path` is allowed.
    pub fn allows(&self, path: &str, value: &str) -> bool {
        self.allows_path(path) || self.allows_value(value)
    }

    /// Whether this exact value was vetted.
    pub fn allows_value(&self, value: &str) -> bool {
        !self.values.is_empty() && self.values.contains(&digest(value))
    }
}

/// The lower-case hex SHA-256 of a value, as the allow-list names values.
pub fn digest(value: &str) -> String {
    Sha256::digest(value.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

static CURRENT: OnceLock<AllowList> = OnceLock::new();

/// Sets the allow-list for the process. Returns the list back when one was
/// already installed (the configuration is read once per run).
pub fn install(list: AllowList) -> Result<(), AllowList> {
    CURRENT.set(list)
}

/// The installed allow-list, or an empty one.
pub fn current() -> &'static AllowList {
    static EMPTY: OnceLock<AllowList> = OnceLock::new();
    CURRENT
        .get()
        .unwrap_or_else(|| EMPTY.get_or_init(AllowList::default))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_by_digest_and_paths_by_glob() {
        let fake = "not-a-real-password-1";
        let list = AllowList::new([digest(fake).as_str()], ["tests/fixtures/**"]).unwrap();
        assert!(list.allows_value(fake));
        assert!(!list.allows_value("another"));
        assert!(list.allows_path("tests/fixtures/k8s/secret.yaml"));
        assert!(!list.allows_path("deploy/secret.yaml"));
        assert!(!AllowList::default().allows_path("anything"));
    }

    #[test]
    fn digests_are_the_standard_sha256() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let upper = digest("abc").to_uppercase();
        let prefixed = format!("sha256:{upper}");
        assert!(
            AllowList::new([prefixed.as_str()], [])
                .unwrap()
                .allows_value("abc")
        );
        assert!(matches!(AllowList::new(["abc"], []), Err(Error::Digest(_))));
    }
}
