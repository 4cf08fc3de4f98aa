//! Baselines: the findings a team has accepted for now. `--write-baseline`
//! records every present finding's fingerprint; `--baseline` hides the
//! findings recorded there, so only new ones are shown and fail the run.
//!
//! Fingerprints are keyed by rule, file and the finding's logical place
//! (`Deployment/shop/api/containers/web`), not its line, so they survive
//! unrelated edits; the path is part of the key, so an entry never absorbs
//! a finding in another file.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::findings::Findings;

/// Bumped when the file's shape or the fingerprint's recipe changes.
pub const VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
}

#[derive(Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Entry {
    path: String,
    rule: String,
    fingerprint: String,
}

#[derive(Debug, Default, Clone)]
pub struct Baseline {
    known: HashSet<(String, String)>,
}

impl Baseline {
    pub fn read(path: &Path) -> Result<Baseline, Error> {
        let error = |message: String| Error::Read {
            path: path.display().to_string(),
            message,
        };
        let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
        let file: File = serde_json::from_str(&text)
            .map_err(|e| error(format!("not a devops-check baseline: {e}")))?;
        if file.version != VERSION {
            return Err(error(format!(
                "baseline version {} is not {VERSION}; write it again with --write-baseline",
                file.version
            )));
        }
        Ok(Baseline {
            known: file
                .findings
                .into_iter()
                .map(|e| (e.path, e.fingerprint))
                .collect(),
        })
    }

    pub fn contains(&self, finding: &Finding) -> bool {
        self.known
            .contains(&(finding.path.to_string(), finding.fingerprint.to_string()))
    }

    /// The baseline file recording `findings`, sorted for stable diffs.
    pub fn render(findings: &Findings) -> String {
        let mut entries: Vec<Entry> = findings
            .iter()
            .map(|f| Entry {
                path: f.path.to_string(),
                rule: f.rule.to_string(),
                fingerprint: f.fingerprint.to_string(),
            })
            .collect();
        entries.sort();
        entries.dedup();
        let file = File {
            version: VERSION,
            findings: entries,
        };
        let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
        text.push('\n');
        text
    }
}
