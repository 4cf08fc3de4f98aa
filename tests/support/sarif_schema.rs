//! Validates SARIF documents against the official SARIF 2.1.0 JSON schema,
//! kept in the repository under `testdata/sarif/` (with its provenance and
//! the OASIS notice) so that a fresh clone's tests need nothing beside it.
//! Shared by the renderer's unit tests and the end-to-end tests.

use std::path::PathBuf;

use serde_json::Value;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata/sarif/sarif-schema-2.1.0.json")
}

/// The schema, made compilable. Its upstream text puts the `anyOf` that
/// requires a region to have `startLine`, `charOffset` or `byteOffset`
/// inside `region.properties`, where a schema is expected; validators that
/// check the schema first (the `jsonschema` crate always does, and offers no
/// switch) reject the whole file. Moving that `anyOf` up one level is what
/// the specification (3.30.2) means, and only makes validation stricter.
fn schema() -> Value {
    let path = schema_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the SARIF 2.1.0 schema must be at {}: {e}", path.display()));
    let mut schema: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    let region = &mut schema["definitions"]["region"];
    let misplaced = region["properties"]
        .as_object_mut()
        .and_then(|properties| properties.remove("anyOf"));
    if let (Some(any_of), Some(region)) = (misplaced, region.as_object_mut()) {
        region.insert("anyOf".into(), any_of);
    }
    schema
}

/// Panics with every schema violation in `document`.
pub fn assert_valid_sarif(document: &Value) {
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema())
        .unwrap_or_else(|e| panic!("the SARIF schema does not compile: {e}"));
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output violates the 2.1.0 schema:\n{}",
        errors.join("\n")
    );
}
