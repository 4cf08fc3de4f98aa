//! Another project's code inside a job: a directory that a step clones from
//! another repository (`git clone URL dir`, `git remote add origin URL` in
//! a fresh `git init`, `actions/checkout` with another `repository:` and a
//! `path:`). What a later command runs in there checks that project, a
//! build tool patched and tested before it is built, not the code the
//! workflow ships: its tests gate nothing of this repository.

use std::collections::HashMap;

use crate::model::{Job, Step};

/// Where in a job another project's code runs: the commands, by step and
/// command index (action steps at `(step, 0)`), whose directory lies inside
/// a clone of another repository, with that directory.
#[derive(Debug, Default)]
pub struct ForeignCode {
    directories: HashMap<(usize, usize), String>,
}

impl ForeignCode {
    /// Follows the job's steps in order: where each starts
    /// (`working-directory:`), where its script moves (`cd`), and which
    /// directories earlier steps filled with other repositories.
    pub fn of(job: &Job) -> ForeignCode {
        let mut clones: Vec<String> = Vec::new();
        let mut directories = HashMap::new();
        for (index, step) in job.steps.iter().enumerate() {
            let start = step
                .working_directory
                .as_ref()
                .map_or(Some(String::new()), |w| {
                    relative(&w.value).map(|d| join("", d))
                });
            if let Some(clone) = checked_out_elsewhere(step) {
                clones.push(clone);
            }
            if let Some(start) = start
                .as_ref()
                .filter(|d| step.run.is_none() && inside(d, &clones))
            {
                directories.insert((index, 0), start.clone());
            }
            let mut here = start;
            for (n, command) in step.run.iter().flat_map(|r| r.commands.iter()).enumerate() {
                let words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
                match words.as_slice() {
                    ["cd" | "pushd", target, ..] => {
                        here = here.and_then(|h| relative(target).map(|t| join(&h, t)));
                    }
                    ["git", "clone", rest @ ..] | ["gh", "repo", "clone", rest @ ..] => {
                        if let (Some(h), Some(dir)) = (&here, cloned_into(rest)) {
                            clones.push(join(h, &dir));
                        }
                    }
                    ["git", "remote", "add", _, url, ..] if !own(url) => {
                        clones.extend(here.clone());
                    }
                    _ => {
                        if let Some(here) = here.as_ref().filter(|h| inside(h, &clones)) {
                            directories.insert((index, n), here.clone());
                        }
                    }
                }
            }
        }
        ForeignCode { directories }
    }

    /// The clone that the command at `(step, command)` runs in, if any.
    pub fn directory(&self, at: (usize, usize)) -> Option<&str> {
        self.directories.get(&at).map(String::as_str)
    }
}

/// The directory an `actions/checkout` of another repository fills.
fn checked_out_elsewhere(step: &Step) -> Option<String> {
    let action = step.uses.as_ref()?.value.to_ascii_lowercase();
    if !action.starts_with("actions/checkout@") {
        return None;
    }
    let input = |name: &str| step.input(name).map(|(_, value)| value.value.as_str());
    let repository = input("repository").filter(|r| !r.is_empty() && !own(r))?;
    let path = join("", relative(input("path")?)?);
    if path.is_empty() {
        return None;
    }
    // `owner/repo` names a repository, not this one unless it says so.
    repository.contains('/').then_some(path)
}

/// The directory `git clone URL [DIR]` (or `gh repo clone REPO [DIR]`)
/// makes, when the repository is another one.
fn cloned_into(arguments: &[&str]) -> Option<String> {
    // The options of `git clone` that take their value as the next word.
    const VALUED: [&str; 16] = [
        "-b",
        "--branch",
        "--depth",
        "-c",
        "--config",
        "-o",
        "--origin",
        "--filter",
        "--reference",
        "--reference-if-able",
        "--separate-git-dir",
        "-j",
        "--jobs",
        "--shallow-since",
        "--shallow-exclude",
        "--template",
    ];
    let mut positional = Vec::new();
    let mut words = arguments.iter();
    while let Some(word) = words.next() {
        if *word == "--" {
            positional.extend(words.by_ref());
        } else if VALUED.contains(word) {
            words.next();
        } else if !word.starts_with('-') {
            positional.push(*word);
        }
    }
    let url = positional.first().filter(|u| !own(u))?;
    match positional.get(1) {
        Some(dir) => relative(dir).map(String::from),
        None => {
            let name = url.trim_end_matches('/').rsplit(['/', ':']).next()?;
            let name = name.strip_suffix(".git").unwrap_or(name);
            (!name.is_empty() && !name.contains('$')).then(|| name.to_string())
        }
    }
}

/// Whether a repository reference names the repository the pipeline runs
/// for: GitHub's and GitLab's own-project variables.
fn own(reference: &str) -> bool {
    [
        "github.repository",
        "GITHUB_REPOSITORY",
        "CI_PROJECT_",
        "CI_REPOSITORY_URL",
    ]
    .iter()
    .any(|own| reference.contains(own))
}

/// A directory as written relative to the workspace, or to where a `cd`
/// stands (unresolved: `..` climbs from there); `None` where it is
/// elsewhere or decided at run time.
fn relative(directory: &str) -> Option<&str> {
    let mut rest = directory.trim();
    for workspace in [
        "${{ github.workspace }}",
        "${{github.workspace}}",
        "${GITHUB_WORKSPACE}",
        "$GITHUB_WORKSPACE",
        "${CI_PROJECT_DIR}",
        "$CI_PROJECT_DIR",
    ] {
        if let Some(below) = rest.strip_prefix(workspace) {
            rest = below.trim_start_matches('/');
            break;
        }
    }
    if rest.starts_with('/') || rest.starts_with('~') || rest.contains('$') || rest == "-" {
        return None;
    }
    Some(rest)
}

/// `base` then `path`, with `.` and `..` resolved.
fn join(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Whether `directory` is one of `clones` or below one.
fn inside(directory: &str, clones: &[String]) -> bool {
    clones.iter().any(|clone| {
        directory == clone
            || directory
                .strip_prefix(clone.as_str())
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clone_goes_where_git_puts_it() {
        let into = |words: &str| cloned_into(&words.split(' ').collect::<Vec<_>>());
        assert_eq!(
            into("https://example.com/org/tool.git").as_deref(),
            Some("tool")
        );
        assert_eq!(into("git@example.com:org/tool").as_deref(), Some("tool"));
        assert_eq!(
            into("--depth 1 -b main https://example.com/org/tool.git src/tool").as_deref(),
            Some("src/tool")
        );
        assert_eq!(
            into("--filter=blob:none -- https://x/y z").as_deref(),
            Some("z")
        );
        // This repository, cloned again, is no other project's code.
        assert_eq!(
            into("https://github.com/${GITHUB_REPOSITORY}.git copy"),
            None
        );
        // A name decided at run time cannot be followed.
        assert_eq!(into("$TOOL_URL"), None);
    }

    #[test]
    fn directories_are_resolved_below_the_workspace() {
        assert_eq!(
            relative("${{ github.workspace }}/a/b")
                .map(|d| join("", d))
                .as_deref(),
            Some("a/b")
        );
        assert_eq!(relative("/opt/tool"), None);
        assert_eq!(join("a/b", "../c/./d"), "a/c/d");
        let clones = ["a/b".to_string()];
        assert!(inside("a/b", &clones) && inside("a/b/c", &clones));
        assert!(!inside("a/bc", &clones) && !inside("a", &clones));
    }
}
