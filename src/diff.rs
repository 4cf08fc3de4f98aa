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
        let failed = |message: String| Error::Git {
            rev: rev.to_string(),
            message,
        };
        // Outside a repository `git diff` falls back to comparing two paths
        // and prints its whole usage text; one line says more.
        let inside = git(&["rev-parse", "--is-inside-work-tree"]).map_err(&failed)?;
        if !inside.status.success() {
            return Err(failed(
                "the current directory is not inside a git repository".to_string(),
            ));
        }
        let output = git(&[
            "diff",
            "--relative",
            "--no-color",
            "--no-ext-diff",
            "-U0",
            rev,
            "--",
        ])
        .map_err(&failed)?;
        if !output.status.success() {
            return Err(failed(first_error_line(&output.stderr)));
        }
        Ok(ChangedLines::parse(&String::from_utf8_lossy(
            &output.stdout,
        )))
    }

    /// Reads the `+++` file names and the hunks of a unified diff. Only a
    /// hunk's `+` lines are added or changed: its context lines (three by
    /// default in `git diff`) are untouched, and a review bot must not be
    /// told about them. The header's counts say where each hunk ends, so a
    /// `+++` line inside a hunk is content, not a new file.
    pub fn parse(diff: &str) -> ChangedLines {
        let mut files: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        let mut current: Option<String> = None;
        let mut hunk: Option<Hunk> = None;
        for line in diff.lines() {
            if let Some(body) = hunk.as_mut().filter(|h| !h.is_done()) {
                if let (Some(added), Some(file)) = (body.advance(line), &current) {
                    let ranges = files.entry(file.clone()).or_default();
                    match ranges.last_mut() {
                        Some((_, end)) if *end + 1 == added => *end = added,
                        _ => ranges.push((added, added)),
                    }
                }
                continue;
            }
            hunk = None;
            if let Some(name) = line.strip_prefix("+++ ") {
                let name = name.split('\t').next().unwrap_or(name).trim();
                current = (name != "/dev/null")
                    .then(|| normalise(name.strip_prefix("b/").unwrap_or(name)).to_string());
            } else if let Some(header) = line.strip_prefix("@@ ") {
                hunk = Hunk::from_header(header);
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

fn git(args: &[&str]) -> Result<std::process::Output, String> {
    Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))
}

/// The line of git's error output that says what went wrong (`fatal: ...`),
/// without the usage text some errors append.
fn first_error_line(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.clone().next().unwrap_or("git exited with an error");
    lines
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .unwrap_or(first)
        .to_string()
}

/// Where a hunk stands while its lines are read: the next line number in
/// the new file, and how many old and new lines are still to come.
struct Hunk {
    next_new_line: usize,
    old_left: usize,
    new_left: usize,
}

impl Hunk {
    /// From the `-a,b +c,d @@` part of a header (a count left out is 1).
    fn from_header(header: &str) -> Option<Hunk> {
        let mut ranges = header.split_whitespace();
        let (_, old_left) = range(ranges.next()?.strip_prefix('-')?)?;
        let (start, new_left) = range(ranges.next()?.strip_prefix('+')?)?;
        Some(Hunk {
            next_new_line: start,
            old_left,
            new_left,
        })
    }

    fn is_done(&self) -> bool {
        self.old_left == 0 && self.new_left == 0
    }

    /// Reads one body line; returns its new-file line number if it adds one.
    fn advance(&mut self, line: &str) -> Option<usize> {
        match line.as_bytes().first() {
            Some(b'+') => {
                let added = self.next_new_line;
                self.next_new_line += 1;
                self.new_left = self.new_left.saturating_sub(1);
                Some(added)
            }
            Some(b'-') => {
                self.old_left = self.old_left.saturating_sub(1);
                None
            }
            // `\ No newline at end of file` belongs to the line before.
            Some(b'\\') => None,
            // Context; some tools strip the space of an empty context line.
            _ => {
                self.next_new_line += 1;
                self.old_left = self.old_left.saturating_sub(1);
                self.new_left = self.new_left.saturating_sub(1);
                None
            }
        }
    }
}

/// `start[,count]` of a hunk header.
fn range(text: &str) -> Option<(usize, usize)> {
    let mut parts = text.splitn(2, ',');
    let start: usize = parts.next()?.parse().ok()?;
    let count: usize = match parts.next() {
        Some(count) => count.parse().ok()?,
        None => 1,
    };
    Some((start, count))
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
-a
-b
-c
diff --git a/gone.tf b/gone.tf
--- a/gone.tf
+++ /dev/null
@@ -1,2 +0,0 @@
-x
-y
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

    /// `git diff`'s default: three lines of context around each change.
    const WITH_CONTEXT: &str = "\
--- a/Dockerfile
+++ b/Dockerfile
@@ -1,7 +1,8 @@
 FROM alpine:3.20
 RUN apk add curl
 WORKDIR /app
-COPY . .
+COPY app /app
+USER 65534
 ENV A=1
 ENV B=2

\\ No newline at end of file
@@ -20,3 +21,3 @@ CMD
 a
-+++ b
++++ c
 d
--- a/other.yaml
+++ b/other.yaml
@@ -1 +1 @@
-x: 1
+x: 2
";

    #[test]
    fn context_lines_are_not_changed_lines() {
        let changed = ChangedLines::parse(WITH_CONTEXT);
        assert!(!changed.touches("Dockerfile", 1, 3), "leading context");
        assert!(changed.touches("Dockerfile", 4, 4));
        assert!(changed.touches("Dockerfile", 5, 5));
        assert!(!changed.touches("Dockerfile", 6, 21), "trailing context");
        assert!(changed.touches("Dockerfile", 22, 22), "`+++ c` is content");
        assert!(!changed.touches("Dockerfile", 23, 40));
        assert!(
            !changed.touches("b", 1, 100),
            "a `+++` line in a hunk names no file"
        );
        assert!(changed.touches("other.yaml", 1, 1));
    }

    #[test]
    fn a_git_error_is_told_in_its_one_line() {
        let stderr = b"fatal: ambiguous argument 'x': unknown revision\nUse '--' to separate\n";
        assert_eq!(
            first_error_line(stderr),
            "fatal: ambiguous argument 'x': unknown revision"
        );
        assert_eq!(first_error_line(b"\n  oops\n"), "oops");
        assert_eq!(first_error_line(b""), "git exited with an error");
    }
}
