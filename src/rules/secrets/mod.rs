//! The `secrets` family: credentials written into configuration.
//!
//! Five rules, and the knowledge they share: which names denote a secret
//! (`names`), which values are references or placeholders (`values`), the
//! token formats that need no context (`tokens`), and how sure a finding is
//! that a value is a working credential, which sets its severity
//! (`evidence`).
//!
//! Every finding on a secret the file writes marks it with `.secret(span)`:
//! the renderers mask it, and the pipeline drops findings whose secret the
//! configuration's allow-list names (by SHA-256 of the value, or by path
//! glob). `secret-in-output` points at a reference to a secret, not at its
//! value, and marks nothing.

pub mod command_line;
pub mod committed_kubernetes_secret;
pub mod docker_login_password;
pub mod evidence;
pub mod hardcoded_secret;
pub mod names;
pub mod secret_in_output;
pub mod secret_token;
#[cfg(test)]
mod testing;
pub mod tokens;
pub mod values;
