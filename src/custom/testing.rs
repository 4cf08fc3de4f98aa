//! `devops-check test-policies`: runs the `test_` rules of Rego policies as
//! `opa test` does (a test passes when its rule is true), so that teams test
//! their policies in CI with the binary that runs them. conftest's
//! `parse_config(parser, text)` and `parse_config_file(path)` are provided,
//! reading text in the shapes policies see (`formats::document`).

use std::path::{Path, PathBuf};

use regorus::Value;

use super::{DEFAULT_TIMEOUT, Error, compile, declared_rules};
use crate::formats::document;

/// One test's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The policy file that declares it.
    pub file: String,
    /// `data.<package>.test_<name>`.
    pub name: String,
    pub passed: bool,
    /// Why it could not be evaluated.
    pub error: Option<String>,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub tests: Vec<TestResult>,
}

/// Runs every test of the policies under `paths`.
pub fn run(paths: &[PathBuf]) -> Result<Outcome, Error> {
    let (mut engine, _) = compile(paths, DEFAULT_TIMEOUT)?;
    let bases: Vec<PathBuf> = paths
        .iter()
        .map(|p| {
            if p.is_dir() {
                p.clone()
            } else {
                p.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        })
        .collect();
    add_conftest_builtins(&mut engine, bases)?;
    let mut outcome = Outcome::default();
    let mut seen = std::collections::HashSet::new();
    for rule in declared_rules(&mut engine) {
        if !rule.name.starts_with("test_") {
            continue;
        }
        let name = format!("data.{}.{}", rule.package, rule.name);
        if !seen.insert(name.clone()) {
            continue;
        }
        let (passed, error) = match engine.eval_rule(name.clone()) {
            Ok(value) => (value == Value::Bool(true), None),
            Err(e) => (
                false,
                Some(e.to_string().lines().next().unwrap_or("").to_string()),
            ),
        };
        outcome.tests.push(TestResult {
            file: rule.file,
            name,
            passed,
            error,
        });
    }
    Ok(outcome)
}

fn add_conftest_builtins(engine: &mut regorus::Engine, bases: Vec<PathBuf>) -> Result<(), Error> {
    let registered = |e: anyhow::Error| Error::Compile(e.to_string());
    engine
        .add_extension(
            "parse_config".to_string(),
            2,
            Box::new(|args: Vec<Value>| {
                let parser = args[0].as_string()?.to_string();
                let text = args[1].as_string()?.to_string();
                parsed(&parser, &text)
            }),
        )
        .map_err(registered)?;
    engine
        .add_extension(
            "parse_config_file".to_string(),
            1,
            Box::new(move |args: Vec<Value>| {
                let name = args[0].as_string()?.to_string();
                let path = bases
                    .iter()
                    .map(|base| base.join(&name))
                    .find(|p| p.is_file())
                    .unwrap_or_else(|| PathBuf::from(&name));
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                parsed(&document::parser_of(&name), &text)
            }),
        )
        .map_err(registered)
}

fn parsed(parser: &str, text: &str) -> anyhow::Result<Value> {
    document::conftest_parse(parser, text)
        .ok_or_else(|| anyhow::anyhow!("cannot parse the text as `{parser}`"))
}
