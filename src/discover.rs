//! Finding the files to check: a gitignore-aware parallel walk (the `ignore`
//! crate, as ripgrep does) that never skips `.github/`, and classification of
//! each file by its name and path.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use ignore::{WalkBuilder, WalkState};

use crate::finding::Text;
use crate::source::Format;

/// A file to read, and the format its name suggests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// How to report it: as given or relative to the scanned root, `/`-separated.
    /// A run keeps every candidate until the end, so neither path has spare
    /// capacity, and the rare second one costs the others a pointer only;
    /// the file's findings share it.
    pub display: Text,
    /// Where to read it, when `display` does not name it: most need one
    /// path, not two.
    elsewhere: Option<Box<PathBuf>>,
    pub format: Format,
}

impl Candidate {
    pub fn new(path: &Path, format: Format) -> Candidate {
        let display = display(path);
        // `display` only drops leading `./`, unless the path has a `\` (a
        // separator on Windows, part of a name elsewhere) or is not UTF-8.
        let named = path.to_str().is_some_and(|text| !text.contains('\\'));
        Candidate {
            display: Text::from(display),
            elsewhere: (!named).then(|| Box::new(path.to_path_buf())),
            format,
        }
    }

    /// Copies its path into memory of the calling thread. The walk's
    /// threads allocate every candidate's path, side by side; most are
    /// dropped once checked, and the pages of those left held the few kept
    /// (a run over 16 copies of the corpus peaked 6 to 7 MiB higher). Copied by
    /// the thread that checks the file, every path the walk allocated is
    /// freed.
    pub fn copy_path_here(&mut self) {
        self.display = Text::from(&*self.display);
    }

    /// Where to read it.
    pub fn path(&self) -> &Path {
        self.elsewhere
            .as_deref()
            .map_or_else(|| Path::new(&*self.display), PathBuf::as_path)
    }
}

/// Something the walk could not enter or read (a permission error, a
/// symlink loop); reported as a note, the walk goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkIssue {
    pub display: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: no such file or directory")]
    NotFound(String),
}

#[derive(Debug, Default)]
pub struct Discovered {
    pub candidates: Vec<Candidate>,
    pub issues: Vec<WalkIssue>,
}

/// Directories that hold tool state, never configuration written by people.
const SKIPPED_DIRS: &[&str] = &[".git", ".hg", ".svn", ".terraform", ".terragrunt-cache"];

/// Walks `roots`. Files named explicitly are always taken, even if ignored;
/// one whose name says nothing is taken as a Kubernetes candidate when it
/// ends in `.yml`/`.yaml` and otherwise reported as unrecognised.
pub fn discover(roots: &[PathBuf], threads: usize) -> Result<Discovered, Error> {
    let mut found = Discovered::default();
    for root in roots {
        let metadata = std::fs::metadata(root).map_err(|_| Error::NotFound(display(root)))?;
        if metadata.is_file() {
            match classify(root) {
                Some(format) => found.candidates.push(Candidate::new(root, format)),
                None => found.issues.push(WalkIssue {
                    display: display(root),
                    message: "not a Dockerfile, GitHub workflow, GitLab CI, Terraform, \
                              Kubernetes, Compose, CloudFormation or dotenv file by its name; \
                              nothing was checked"
                        .into(),
                }),
            }
        } else {
            walk(root, threads, &mut found);
        }
    }
    found.candidates.sort_by(|a, b| a.display.cmp(&b.display));
    found.candidates.dedup_by(|a, b| a.display == b.display);
    found.issues.sort_by(|a, b| a.display.cmp(&b.display));
    found.issues.dedup();
    Ok(found)
}

fn walk(root: &Path, threads: usize, found: &mut Discovered) {
    let collected = Mutex::new(Discovered::default());
    WalkBuilder::new(root)
        // Hidden files matter (`.github/`); tool state is skipped by name.
        .hidden(false)
        // Honour .gitignore even outside a git repository (a fresh export).
        .require_git(false)
        .follow_links(false)
        .threads(threads)
        .filter_entry(|entry| {
            !(entry.file_type().is_some_and(|t| t.is_dir())
                && entry
                    .file_name()
                    .to_str()
                    .is_some_and(|name| SKIPPED_DIRS.contains(&name)))
        })
        .build_parallel()
        .run(|| {
            let collected = &collected;
            Box::new(move |entry| {
                match entry {
                    Ok(entry) => {
                        let found = take(&entry);
                        if let Ok(mut c) = collected.lock() {
                            match found {
                                Some(Ok(candidate)) => c.candidates.push(candidate),
                                Some(Err(issue)) => c.issues.push(issue),
                                None => {}
                            }
                        }
                    }
                    Err(error) => {
                        let issue = walk_issue(root, &error);
                        if let Ok(mut c) = collected.lock() {
                            c.issues.push(issue);
                        }
                    }
                }
                WalkState::Continue
            })
        });
    let collected = collected.into_inner().unwrap_or_default();
    found.candidates.extend(collected.candidates);
    found.issues.extend(collected.issues);
}

/// What the walk makes of one entry: a file to check, a link it cannot
/// follow, or nothing. Links to files are read (a `Dockerfile` link is
/// common); links to directories are not followed, so link loops cannot
/// trap the walk; sockets, FIFOs and devices are never opened.
fn take(entry: &ignore::DirEntry) -> Option<Result<Candidate, WalkIssue>> {
    let file_type = entry.file_type()?;
    let format = classify(entry.path())?;
    if file_type.is_symlink() {
        match std::fs::metadata(entry.path()) {
            Ok(target) if target.is_file() => {}
            Ok(_) => return None,
            Err(error) => {
                return Some(Err(WalkIssue {
                    display: display(entry.path()),
                    message: format!("symbolic link not followed: {error}"),
                }));
            }
        }
    } else if !file_type.is_file() {
        return None;
    }
    Some(Ok(Candidate::new(entry.path(), format)))
}

fn walk_issue(root: &Path, error: &ignore::Error) -> WalkIssue {
    fn path_of(error: &ignore::Error) -> Option<&Path> {
        match error {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    let path = path_of(error).unwrap_or(root);
    let message = match error {
        ignore::Error::WithPath { err, .. } => err.to_string(),
        other => other.to_string(),
    };
    WalkIssue {
        display: display(path),
        message: format!("not read: {message}"),
    }
}

/// The format a file's name and path suggest.
pub fn classify(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?;
    let lower = name.to_ascii_lowercase();
    if let Some(format) = tfvars_format(&lower) {
        return Some(format);
    }
    if lower.ends_with(".tf") {
        return Some(Format::Terraform);
    }
    if lower.ends_with(".tf.json") {
        return Some(Format::TerraformJson);
    }
    if lower == ".gitlab-ci.yml" || lower.ends_with(".gitlab-ci.yml") {
        return Some(Format::GitlabCi);
    }
    // `.env.template` is a dotenv template, not a CloudFormation one.
    let dotenv = dotenv_format(&lower);
    if dotenv == Some(Format::DotenvTemplate) {
        return dotenv;
    }
    if is_cloudformation_name(&lower) {
        return Some(Format::CloudFormation);
    }
    if lower == "action.yml" || lower == "action.yaml" {
        return Some(Format::GithubAction);
    }
    if lower.ends_with(".yml") || lower.ends_with(".yaml") {
        return Some(if is_workflow_dir(path) {
            Format::GithubWorkflow
        } else if is_compose_name(&lower) {
            Format::Compose
        } else {
            Format::Kubernetes
        });
    }
    if is_dockerfile_name(&lower) {
        return Some(Format::Dockerfile);
    }
    if lower.ends_with(".json") {
        return Some(Format::Json);
    }
    dotenv
}

/// `.env`, `.env.<stage>` (`.env.local`, `.env.production`) and
/// `<name>.env` (`db.env`), the names Compose, `docker run --env-file` and
/// dotenv libraries load, or a template of one meant to be committed
/// (`.env.example`, `sample.env`), whose values are placeholders and
/// examples that a secret's name alone would report. Not an encrypted copy
/// (`.env.vault`, `.env.gpg`), nor source code (`.env.ts`).
fn dotenv_format(lower: &str) -> Option<Format> {
    let parts = || lower.split('.');
    if parts().any(|part| NOT_DOTENV_PARTS.contains(&part)) {
        return None;
    }
    // `app.env.example`: a template part after the name of a dotenv file.
    let untemplated = lower
        .rsplit_once('.')
        .filter(|(_, last)| is_dotenv_template_part(last))
        .map(|(stem, _)| stem);
    if untemplated.is_some_and(is_dotenv_name) {
        Some(Format::DotenvTemplate)
    } else if !is_dotenv_name(lower) {
        None
    } else if parts().any(is_dotenv_template_part) {
        Some(Format::DotenvTemplate)
    } else {
        Some(Format::Dotenv)
    }
}

fn is_dotenv_name(lower: &str) -> bool {
    lower
        .strip_prefix(".env")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        || lower
            .strip_suffix(".env")
            .is_some_and(|stem| !stem.is_empty())
}

/// The parts of a file's name (between dots) that make it an example to
/// copy rather than a file a tool loads.
const EXAMPLE_PARTS: &[&str] = &[
    "example", "examples", "sample", "samples", "template", "tmpl", "tpl", "dist",
];

/// The parts of a dotenv name that make it a template: an example's, and
/// the names of files that document the variables (`.env.defaults`,
/// `.env.schema`). Not a variables file's: `default.tfvars` is the values
/// of the `default` workspace.
fn is_dotenv_template_part(part: &str) -> bool {
    EXAMPLE_PARTS.contains(&part) || ["default", "defaults", "schema"].contains(&part)
}

/// A Terraform variables file (`*.tfvars`, `*.tfvars.json`), or an example
/// of one: an example part anywhere in the name (`example.tfvars`,
/// `prod.example.tfvars`, `terraform.tfvars.sample`). Not an encrypted copy
/// (`secrets.tfvars.enc`) nor anything else after the extension.
fn tfvars_format(lower: &str) -> Option<Format> {
    let parts: Vec<&str> = lower.split('.').collect();
    let trailing = parts
        .iter()
        .rev()
        .take_while(|part| EXAMPLE_PARTS.contains(part))
        .count();
    let format = match &parts[..parts.len() - trailing] {
        [_, .., "tfvars"] => Format::TerraformVars,
        [_, .., "tfvars", "json"] => Format::TerraformVarsJson,
        _ => return None,
    };
    if parts.iter().any(|part| EXAMPLE_PARTS.contains(part)) {
        Some(Format::TerraformVarsTemplate)
    } else {
        Some(format)
    }
}

/// The parts of a dotenv name that make it something else: an encrypted
/// copy, source code, documentation, structured data.
const NOT_DOTENV_PARTS: &[&str] = &[
    "yml", "yaml", "json", "vault", "gpg", "enc", "age", "asc", "sops", "js", "mjs", "cjs", "ts",
    "py", "rb", "go", "rs", "php", "sh", "md",
];

/// The names CloudFormation tools give templates: `*.template`,
/// `*.template.json`/`.yaml`/`.yml` (`cdk synth` writes
/// `cdk.out/<Stack>.template.json`), SAM's `template.yaml`/`template.yml`.
fn is_cloudformation_name(lower: &str) -> bool {
    let stem = [".json", ".yaml", ".yml"]
        .iter()
        .find_map(|ext| lower.strip_suffix(ext))
        .unwrap_or(lower);
    stem.ends_with(".template")
        || (stem == "template" && stem != lower && !lower.ends_with(".json"))
}

fn is_workflow_dir(path: &Path) -> bool {
    let mut parents = path.parent().into_iter().flat_map(Path::components).rev();
    let dir = parents.next().and_then(|c| c.as_os_str().to_str());
    let parent = parents.next().and_then(|c| c.as_os_str().to_str());
    dir == Some("workflows") && parent == Some(".github")
}

/// `compose.yaml`, `docker-compose.yml` and their variants for overrides and
/// environments: `docker-compose.override.yml`, `compose.dev.yaml`,
/// `docker-compose-test.yml`. Other names are recognised by content
/// (`formats::sniff`).
fn is_compose_name(lower: &str) -> bool {
    let stem = lower
        .strip_suffix(".yml")
        .or_else(|| lower.strip_suffix(".yaml"))
        .unwrap_or(lower);
    let rest = stem.strip_prefix("docker-").unwrap_or(stem);
    match rest.strip_prefix("compose") {
        Some(variant) => {
            variant.is_empty()
                || (variant.starts_with(['.', '-']) && variant.len() > 1 && !variant.contains('/'))
        }
        None => false,
    }
}

/// The names Docker, Podman and editors take for a Dockerfile: `Dockerfile`
/// and `Containerfile`, any case, alone, with a suffix (`Dockerfile.prod`,
/// `Dockerfile-dev`, `Dockerfile_alpine`) or as an extension
/// (`dev.dockerfile`).
const DOCKERFILE_STEMS: &[&str] = &["dockerfile", "containerfile"];

/// Extensions that make a Dockerfile-like name something else: ignore
/// files, documentation, and the source files of tools that handle
/// Dockerfiles (`dockerfile.go`, `dockerfile_parser.py`).
const NOT_DOCKERFILE_EXTENSIONS: &[&str] = &[
    "dockerignore",
    "md",
    "rst",
    "txt",
    "html",
    "json",
    "toml",
    "go",
    "rs",
    "py",
    "js",
    "ts",
    "java",
    "rb",
    "sh",
    "ps1",
    "snap",
];

fn is_dockerfile_name(lower: &str) -> bool {
    let extension = lower.rsplit_once('.').map(|(_, extension)| extension);
    if extension.is_some_and(|e| NOT_DOCKERFILE_EXTENSIONS.contains(&e)) {
        return false;
    }
    DOCKERFILE_STEMS.iter().any(|stem| {
        let suffixed = lower
            .strip_prefix(stem)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '-', '_']));
        let extended = lower
            .strip_suffix(stem)
            .is_some_and(|rest| rest.ends_with('.'));
        suffixed || extended
    })
}

/// The path as reported: `/`-separated, without a leading `./`.
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut rest = text.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    if rest.is_empty() {
        ".".into()
    } else {
        rest.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name_and_path() {
        let cases = [
            ("Dockerfile", Some(Format::Dockerfile)),
            ("app/Containerfile", Some(Format::Dockerfile)),
            ("api.Dockerfile", Some(Format::Dockerfile)),
            ("Dockerfile.prod", Some(Format::Dockerfile)),
            ("Dockerfile.prod.dockerignore", None),
            ("Dockerfile.dockerignore", None),
            ("Dockerfile_alpine", Some(Format::Dockerfile)),
            ("Dockerfile-dev", Some(Format::Dockerfile)),
            ("dev.dockerfile", Some(Format::Dockerfile)),
            ("dockerfile", Some(Format::Dockerfile)),
            ("build/Containerfile.fedora", Some(Format::Dockerfile)),
            ("Containerfile-builder", Some(Format::Dockerfile)),
            ("dockerfile.go", None),
            ("dockerfile_test.go", None),
            ("Dockerfile.md", None),
            ("dockerfiles", None),
            ("my-dockerfile", None),
            (".github/workflows/ci.yml", Some(Format::GithubWorkflow)),
            ("x/.github/workflows/ci.yaml", Some(Format::GithubWorkflow)),
            (".github/ci.yml", Some(Format::Kubernetes)),
            (
                ".github/actions/test/action.yml",
                Some(Format::GithubAction),
            ),
            ("action.yaml", Some(Format::GithubAction)),
            (".gitlab-ci.yml", Some(Format::GitlabCi)),
            ("ci/release.gitlab-ci.yml", Some(Format::GitlabCi)),
            ("ci/.GITLAB-CI.yml", Some(Format::GitlabCi)),
            ("deploy/api.yaml", Some(Format::Kubernetes)),
            ("compose.yaml", Some(Format::Compose)),
            ("app/docker-compose.yml", Some(Format::Compose)),
            ("docker-compose.override.yml", Some(Format::Compose)),
            ("docker-compose.prod.yml", Some(Format::Compose)),
            ("compose.dev.yaml", Some(Format::Compose)),
            ("docker-compose-test.yml", Some(Format::Compose)),
            ("Docker-Compose.YML", Some(Format::Compose)),
            ("composer.yaml", Some(Format::Kubernetes)),
            ("docker-composed.yml", Some(Format::Kubernetes)),
            ("compose-.yml", Some(Format::Kubernetes)),
            (
                ".github/workflows/compose.yml",
                Some(Format::GithubWorkflow),
            ),
            ("main.tf", Some(Format::Terraform)),
            ("main.tf.json", Some(Format::TerraformJson)),
            ("terraform.tfvars", Some(Format::TerraformVars)),
            ("envs/prod.auto.tfvars", Some(Format::TerraformVars)),
            ("terraform.tfvars.json", Some(Format::TerraformVarsJson)),
            (
                "terraform.tfvars.example",
                Some(Format::TerraformVarsTemplate),
            ),
            ("example.tfvars", Some(Format::TerraformVarsTemplate)),
            (
                "prod.sample.tfvars.json",
                Some(Format::TerraformVarsTemplate),
            ),
            ("default.tfvars", Some(Format::TerraformVars)),
            ("secrets.tfvars.enc", None),
            ("tfvars", None),
            ("stack.template", Some(Format::CloudFormation)),
            ("cdk.out/App.template.json", Some(Format::CloudFormation)),
            ("sam-app/template.yaml", Some(Format::CloudFormation)),
            ("template.yml", Some(Format::CloudFormation)),
            ("infra/vpc.template.yaml", Some(Format::CloudFormation)),
            ("package.json", Some(Format::Json)),
            ("template.json", Some(Format::Json)),
            (".env", Some(Format::Dotenv)),
            ("backend/.env.production", Some(Format::Dotenv)),
            (".env.local", Some(Format::Dotenv)),
            ("docker/db.env", Some(Format::Dotenv)),
            (".env.example", Some(Format::DotenvTemplate)),
            (".env.production.sample", Some(Format::DotenvTemplate)),
            ("example.env", Some(Format::DotenvTemplate)),
            ("app.env.example", Some(Format::DotenvTemplate)),
            (".env.tmpl", Some(Format::DotenvTemplate)),
            (".env.dist", Some(Format::DotenvTemplate)),
            (".env.defaults", Some(Format::DotenvTemplate)),
            (".env.example.ts", None),
            (".env.template", Some(Format::DotenvTemplate)),
            ("sample.env", Some(Format::DotenvTemplate)),
            ("prod.env.sample", Some(Format::DotenvTemplate)),
            (".env.example.yml", Some(Format::Kubernetes)),
            (".env.vault", None),
            (".env.d.ts", None),
            (".envrc", None),
            ("env", None),
            (".env.yml", Some(Format::Kubernetes)),
            ("README.md", None),
        ];
        for (path, expected) in cases {
            assert_eq!(classify(Path::new(path)), expected, "{path}");
        }
    }

    #[test]
    fn display_strips_leading_dot_slash() {
        assert_eq!(display(Path::new("./a/b.yaml")), "a/b.yaml");
        assert_eq!(display(Path::new(".//a")), "a");
        assert_eq!(display(Path::new(".")), ".");
        assert_eq!(display(Path::new("../x/Dockerfile")), "../x/Dockerfile");
    }
}
