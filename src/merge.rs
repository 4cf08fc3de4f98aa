//! `devops-check merge`: combines the reports of `--shard K/N` runs into the
//! report one unsharded run prints (same findings, same order, one summary).
//! It works on the JSON values, not on our own structs, so that fields a
//! newer version adds are carried through rather than dropped.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::report;

/// The report formats that can be merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MergeFormat {
    Json,
    Sarif,
}

impl MergeFormat {
    pub fn name(self) -> &'static str {
        match self {
            MergeFormat::Json => "JSON",
            MergeFormat::Sarif => "SARIF",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("{path}: not a devops-check JSON or SARIF report")]
    NotAReport { path: String },
    #[error(
        "{path} is a {} report, not {}; merge reports of one format",
        found.name(),
        expected.name()
    )]
    MixedFormats {
        path: String,
        found: MergeFormat,
        expected: MergeFormat,
    },
    #[error("cannot merge: {0}")]
    Merge(String),
}

/// Reads the reports at `paths` and merges them; the format is `format` if
/// given, else that of the first report, and every report must have it.
/// Returns the merged report's text, as the renderer prints it.
pub fn merge_files(paths: &[PathBuf], format: Option<MergeFormat>) -> Result<String, Error> {
    let mut expected = format;
    let mut reports = Vec::with_capacity(paths.len());
    for path in paths {
        let report = read(path)?;
        let found = detect(&report).ok_or_else(|| Error::NotAReport {
            path: path.display().to_string(),
        })?;
        let expected = *expected.get_or_insert(found);
        if found != expected {
            return Err(Error::MixedFormats {
                path: path.display().to_string(),
                found,
                expected,
            });
        }
        reports.push(report);
    }
    let merged = match expected {
        Some(MergeFormat::Json) => report::json::merge(reports),
        Some(MergeFormat::Sarif) => report::sarif::merge(reports),
        None => Err("no report to merge".into()),
    }
    .map_err(Error::Merge)?;
    let mut text =
        serde_json::to_string_pretty(&merged).map_err(|e| Error::Merge(e.to_string()))?;
    text.push('\n');
    Ok(text)
}

fn read(path: &Path) -> Result<Value, Error> {
    let failed = |message: String| Error::Read {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read(path).map_err(|e| failed(e.to_string()))?;
    serde_json::from_slice(&text).map_err(|e| failed(format!("not JSON: {e}")))
}

/// A SARIF log holds `runs`; our JSON report holds `version` and `findings`.
fn detect(report: &Value) -> Option<MergeFormat> {
    let object = report.as_object()?;
    if object.get("runs").is_some_and(Value::is_array) {
        Some(MergeFormat::Sarif)
    } else if object.contains_key("version") && object.get("findings").is_some_and(Value::is_array)
    {
        Some(MergeFormat::Json)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_shape() {
        let json = serde_json::json!({"version": 1, "files_scanned": 0, "findings": []});
        let sarif = serde_json::json!({"version": "2.1.0", "runs": []});
        assert_eq!(detect(&json), Some(MergeFormat::Json));
        assert_eq!(detect(&sarif), Some(MergeFormat::Sarif));
        assert_eq!(detect(&serde_json::json!([1])), None);
        assert_eq!(detect(&serde_json::json!({"version": 1})), None);
    }

    #[test]
    fn unknown_fields_are_carried_through() {
        let shard = |path: &str, files: u64| {
            serde_json::json!({
                "version": 1,
                "files_scanned": files,
                "findings": [{"path": path, "rule": "r", "fix": {"edits": [path]}}],
                "extra": "kept"
            })
        };
        let merged =
            report::json::merge(vec![shard("b.yaml", 2), shard("a.yaml", 3)]).expect("merges");
        assert_eq!(merged["files_scanned"], 5);
        assert_eq!(merged["extra"], "kept");
        assert_eq!(merged["findings"][0]["path"], "a.yaml");
        assert_eq!(merged["findings"][0]["fix"]["edits"][0], "a.yaml");
        let keys: Vec<&String> = merged.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["version", "files_scanned", "findings", "extra"]);
    }

    #[test]
    fn reports_that_do_not_fit_are_refused() {
        let one = serde_json::json!({"version": 1, "files_scanned": 0, "findings": []});
        let two = serde_json::json!({"version": 2, "files_scanned": 0, "findings": []});
        assert!(report::json::merge(vec![one, two]).is_err());
        assert!(report::json::merge(vec![serde_json::json!("x")]).is_err());
        assert!(report::sarif::merge(vec![serde_json::json!({"runs": [1, 2]})]).is_err());
        assert!(report::sarif::merge(vec![serde_json::json!({"runs": "x"})]).is_err());
    }
}
