//! Diff-only reporting for review bots: the lines a unified diff adds or
//! changes, per file, read from `--diff FILE` or from `git diff` against
//! `--new-from-rev REV`.

use std::collections::HashMap;
use std::process::Command;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("git diff against `{rev}` failed: {message}")]
    Git { rev: String, message: String },
}

/// The 1-based line ranges each file gained, by path as the diff names it
/// (relative, without `b/`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangedLines {
    files: HashMap<String, Vec<(usize, usize)>>,
}

impl ChangedLines {
    pub fn read(path: &str) -> Result<ChangedLines, Error> {
        let text = std::fs::read(path).map_err(|e| Error::Read {
            path: path.to_string(),
            message: e.to_string(),
        })?;
        Ok(ChangedLines::parse(&String::from_utf8_lossy(&text)))
    }

    /// Asks git for the changes since `rev` (committed, staged and not),
    /// with paths relative to the current directory, as findings report them.
    pub fn since(rev: &str) -> Result<ChangedLines, Error> {
        let output = Command::new("git")
            .args([
                "diff",
                "--relative",
                "--no-color",
                "--no-ext-diff",
                "-U0",
                rev,
                "--",
            ])
            .output()
            .map_err(|e| Error::Git {
                rev: rev.to_string(),
                message: e.to_string(),
            })?;
        if !output.status.success() {
            return Err(Error::Git {
                rev: rev.to_string(),
                message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
            });
        }
        Ok(ChangedLines::parse(&String::from_utf8_lossy(
            &output.stdout,
        )))
    }

    /// Reads the `+++` file names and `@@ -a,b +c,d @@` hunk headers of a
    /// unified diff; a hunk adding `d` lines from `c` changes `c..c+d-1`.
    pub fn parse(diff: &str) -> ChangedLines {
        let mut files: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut current: Option<String> = None;
        for line in diff.lines() {
            if let Some(name) = line.strip_prefix("+++ ") {
                let name = name.split('\t').next().unwrap_or(name).trim();
                current = (name != "/dev/null")
                    .then(|| normalise(name.strip_prefix("b/").unwrap_or(name)).to_string());
            } else if let (Some(file), Some(header)) = (&current, line.strip_prefix("@@ "))
                && let Some(range) = added_range(header)
            {
                files.entry(file.clone()).or_default().push(range);
            }
        }
        ChangedLines { files }
    }

    /// Whether any line of `first..=last` in `path` was added or changed.
    pub fn touches(&self, path: &str, first: usize, last: usize) -> bool {
        self.files.get(normalise(path)).is_some_and(|ranges| {
            ranges
                .iter()
                .any(|&(start, end)| start <= last && first <= end)
        })
    }
}

fn normalise(path: &str) -> &str {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path
}

/// The new-file range of a hunk header's `+c,d` part.
fn added_range(header: &str) -> Option<(usize, usize)> {
    let new = header.split_whitespace().find(|p| p.starts_with('+'))?;
    let mut parts = new[1..].splitn(2, ',');
    let start: usize = parts.next()?.parse().ok()?;
    let count: usize = match parts.next() {
        Some(count) => count.parse().ok()?,
        None => 1,
    };
    (count > 0).then(|| (start, start + count - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIFF: &str = "\
diff --git a/deploy/api.yaml b/deploy/api.yaml
--- a/deploy/api.yaml
+++ b/deploy/api.yaml
@@ -3,0 +4,2 @@ metadata:
+  labels: {}
+  x: y
@@ -10 +12 @@ spec:
-old
+new
@@ -20,3 +22,0 @@
diff --git a/gone.tf b/gone.tf
--- a/gone.tf
+++ /dev/null
@@ -1,2 +0,0 @@
";

    #[test]
    fn added_and_changed_lines_count_removals_do_not() {
        let changed = ChangedLines::parse(DIFF);
        assert!(changed.touches("deploy/api.yaml", 4, 4));
        assert!(changed.touches("./deploy/api.yaml", 5, 9));
        assert!(changed.touches("deploy/api.yaml", 12, 12));
        assert!(!changed.touches("deploy/api.yaml", 6, 11));
        assert!(!changed.touches("deploy/api.yaml", 22, 30));
        assert!(!changed.touches("gone.tf", 1, 2));
        assert!(!changed.touches("other.yaml", 1, 100));
    }
}
