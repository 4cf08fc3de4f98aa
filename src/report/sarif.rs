//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it.
//!
//! One run. `tool.driver.rules` holds every catalogue rule (id, a PascalCase
//! name, summary, rationale, help with remediation, examples and links,
//! default level, tags and `security-severity`); results point into it by
//! `ruleIndex`. Locations are relative to the repository root under the
//! `%SRCROOT%` base id, regions are 1-based with exclusive ends, and
//! `columnKind` says columns count Unicode code points, as ours do. Each
//! result carries our stable fingerprint under `partialFingerprints`
//! (`devopsCheck/v1`); `primaryLocationLineHash` is left to the upload
//! action, which computes it from the file.
//!
//! `security-severity` maps the rule's default level: `error` "9.0"
//! (critical: a reviewer would block the merge, so it must trip even a code
//! scanning check narrowed to critical alerts), `warning` "5.0" (medium:
//! shown, and devops-check's own exit code already fails the step), `note`
//! "2.0" (low). GitHub reads it only for rules tagged `security`, which only
//! the security families are: probes or a parse error are not
//! vulnerabilities, and should not be ranked as such.
//!
//! GitHub keeps at most 25,000 results per run: beyond that the most severe
//! are kept and a run-level notification says how many were left out.
//!
//! Hand-written structs: the serde-sarif crate generates the whole schema and
//! costs more to build than the rest of the program.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use super::{RenderOptions, full_message, homepage, rule_url};
use crate::Report;
use crate::catalogue::RuleMeta;
use crate::finding::{Confidence, Finding, Fingerprint, Severity};

/// GitHub code scanning's limit on results per run.
pub const MAX_RESULTS: usize = 25_000;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const SRCROOT: &str = "%SRCROOT%";
const FINGERPRINT_KEY: &str = "devopsCheck/v1";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    invocations: Vec<Invocation>,
    original_uri_base_ids: BTreeMap<&'static str, ArtifactLocation>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Help>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help_uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    default_configuration: Option<Configuration>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RuleProperties>,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<String>,
    #[serde(rename = "security-severity")]
    security_severity: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Text,
    properties: CapProperties,
}

/// The counts behind a "results left out" notification, for `merge` to add
/// up across shard reports.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CapProperties {
    findings: usize,
    left_out: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, Fingerprint>,
    /// A fix a tool may apply: never a display-only skeleton.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
    properties: ResultProperties,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: InsertedContent,
}

#[derive(Serialize)]
struct InsertedContent {
    text: String,
}

/// What SARIF has no field for: how sure the rule is, and the object a
/// person would look for.
#[derive(Serialize)]
struct ResultProperties {
    confidence: Confidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    object: Option<crate::finding::Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

pub fn render(
    report: &Report,
    options: &RenderOptions,
    rules: &[RuleMeta],
    out: &mut dyn Write,
) -> io::Result<()> {
    render_capped(report, options, rules, MAX_RESULTS, out)
}

fn render_capped(
    report: &Report,
    options: &RenderOptions,
    rules: &[RuleMeta],
    cap: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut descriptors: Vec<Rule> = rules.iter().map(describe).collect();
    let mut index: BTreeMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, meta)| (meta.id.as_str(), i))
        .collect();
    // A finding from a rule without a catalogue entry still gets a
    // descriptor, so that every ruleIndex is valid.
    let severities: Vec<Severity> = report
        .findings
        .rules_and_severities()
        .map(|(rule, severity)| {
            if !index.contains_key(rule) {
                index.insert(rule, descriptors.len());
                descriptors.push(bare_descriptor(rule));
            }
            severity
        })
        .collect();

    let kept = most_severe(&severities, |severity| *severity, cap);
    let left_out = severities.len() - kept.len();
    let results = kept
        .into_iter()
        .filter_map(|i| report.findings.get(i))
        .map(|finding| SarifResult {
            rule_id: finding.rule,
            rule_index: index.get(finding.rule).copied().unwrap_or_default(),
            level: level(finding.severity),
            message: Text {
                text: full_message(&finding),
            },
            locations: [Location {
                physical_location: physical_location(&finding, options),
            }],
            partial_fingerprints: BTreeMap::from([(FINGERPRINT_KEY, finding.fingerprint)]),
            fixes: fixes(&finding, options),
            properties: ResultProperties {
                confidence: finding.confidence,
                object: finding.object,
            },
        })
        .collect();
    let invocations = cap_notice(left_out, severities.len(), cap);
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "devops-check",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: homepage(),
                    rules: descriptors,
                },
            },
            invocations,
            original_uri_base_ids: BTreeMap::from([(
                SRCROOT,
                ArtifactLocation {
                    uri: options.root.uri(),
                    uri_base_id: None,
                    description: Some(Text {
                        text: "The root of the repository that was checked.".into(),
                    }),
                },
            )]),
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    super::write_json_document(out, &log)
}

/// The indexes of at most `cap` items, the most severe first chosen, in
/// report order.
fn most_severe<T>(items: &[T], severity: impl Fn(&T) -> Severity, cap: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| Reverse(severity(&items[i])));
    order.truncate(cap);
    order.sort_unstable();
    order
}

/// The run's invocation saying how many of `total` findings the cap left out.
fn cap_notice(left_out: usize, total: usize, cap: usize) -> Vec<Invocation> {
    if left_out == 0 {
        return Vec::new();
    }
    vec![Invocation {
        execution_successful: true,
        tool_execution_notifications: vec![Notification {
            level: "warning",
            message: Text {
                text: format!(
                    "{left_out} of {total} findings are not in this file: GitHub code scanning \
                     accepts at most {cap} results per run, so the most severe were kept. \
                     `--format json` lists every finding."
                ),
            },
            properties: CapProperties {
                findings: total,
                left_out,
            },
        }],
    }]
}

/// Combines the logs of `--shard K/N` runs into the log one unsharded run
/// writes. Each file's results come whole from one shard, in report order,
/// so a stable sort by file interleaves them as one run orders them. Fields
/// this version does not know are carried through: everything but the
/// results, the rules they index and the cap notice is the first log's.
pub fn merge(logs: Vec<serde_json::Value>) -> Result<serde_json::Value, String> {
    merge_capped(logs, MAX_RESULTS)
}

fn merge_capped(logs: Vec<serde_json::Value>, cap: usize) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    let mut logs = logs.into_iter();
    let mut merged = logs.next().ok_or("no SARIF log to merge")?;
    let mut rules: Vec<Value> = Vec::new();
    let mut results: Vec<Value> = Vec::new();
    let mut total = 0;
    for mut log in std::iter::once(merged.clone()).chain(logs) {
        let run = single_run(&mut log)?;
        total += run["invocations"][0]["toolExecutionNotifications"][0]["properties"]["findings"]
            .as_u64()
            .map_or_else(
                || run["results"].as_array().map_or(0, Vec::len),
                |n| n as usize,
            );
        if let Some(Value::Array(log_rules)) = run.pointer_mut(RULES).map(Value::take) {
            for rule in log_rules {
                if !rules.iter().any(|known| known["id"] == rule["id"]) {
                    rules.push(rule);
                }
            }
        }
        if let Value::Array(run_results) = run["results"].take() {
            results.extend(run_results);
        }
    }
    results.sort_by_cached_key(|result| {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        percent_decode(location["uri"].as_str().unwrap_or_default())
    });
    for result in &mut results {
        let index = rules.iter().position(|rule| rule["id"] == result["ruleId"]);
        if let (Some(index), Some(result)) = (index, result.as_object_mut()) {
            result.insert("ruleIndex".into(), index.into());
        }
    }
    let kept = most_severe(&results, result_severity, cap);
    let results: Vec<Value> = kept.into_iter().map(|i| results[i].take()).collect();
    let invocations = cap_notice(total - results.len(), total, cap);
    let run = single_run(&mut merged)?;
    if let Some(slot) = run.pointer_mut(RULES) {
        *slot = Value::Array(rules);
    }
    let run = run.as_object_mut().ok_or("a SARIF run is not an object")?;
    run.insert("results".into(), Value::Array(results));
    run.remove("invocations");
    if !invocations.is_empty() {
        let invocations = serde_json::to_value(invocations).map_err(|e| e.to_string())?;
        // Where the renderer puts them: right after the tool.
        for (key, value) in std::mem::take(run) {
            let after_tool = key == "tool";
            run.insert(key, value);
            if after_tool {
                run.insert("invocations".into(), invocations.clone());
            }
        }
    }
    Ok(merged)
}

/// Where a run lists its rules.
const RULES: &str = "/tool/driver/rules";

/// The one run a devops-check log holds.
fn single_run(log: &mut serde_json::Value) -> Result<&mut serde_json::Value, String> {
    match log
        .pointer_mut("/runs")
        .and_then(|runs| runs.as_array_mut())
    {
        Some(runs) if runs.len() == 1 && runs[0].is_object() => Ok(&mut runs[0]),
        _ => Err("a devops-check SARIF log holds exactly one run".into()),
    }
}

fn result_severity(result: &serde_json::Value) -> Severity {
    match result["level"].as_str() {
        Some("error") => Severity::Error,
        Some("warning") => Severity::Warning,
        _ => Severity::Note,
    }
}

/// Undoes [`super::encode_uri_path`], so that results sort by the path.
fn percent_decode(uri: &str) -> Vec<u8> {
    let bytes = uri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// The finding's fix as SARIF `fixes`, each edit a replacement of a region
/// (empty to insert) by its text.
fn fixes(finding: &Finding, options: &RenderOptions) -> Vec<SarifFix> {
    let Some(fix) = finding.applicable_fix() else {
        return Vec::new();
    };
    vec![SarifFix {
        description: Text {
            text: format!("{} ({} fix)", fix.message, fix.applicability),
        },
        artifact_changes: [ArtifactChange {
            artifact_location: artifact_location(finding, options),
            replacements: fix
                .edits
                .iter()
                .map(|edit| Replacement {
                    deleted_region: Region {
                        start_line: edit.start.line.max(1),
                        start_column: edit.start.column.max(1),
                        end_line: edit.end.line.max(edit.start.line).max(1),
                        end_column: edit.end.column.max(1),
                    },
                    inserted_content: InsertedContent {
                        text: edit.replacement.to_string(),
                    },
                })
                .collect(),
        }],
    }]
}

fn physical_location(finding: &Finding, options: &RenderOptions) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact_location(finding, options),
        region: Region {
            start_line: finding.start.line.max(1),
            start_column: finding.start.column.max(1),
            end_line: finding.end.line.max(finding.start.line).max(1),
            end_column: finding.end.column.max(1),
        },
    }
}

fn artifact_location(finding: &Finding, options: &RenderOptions) -> ArtifactLocation {
    let path = options.root.relative(&finding.path);
    if super::is_absolute(&path) {
        ArtifactLocation {
            uri: Some(super::file_uri(&path, false)),
            uri_base_id: None,
            description: None,
        }
    } else {
        ArtifactLocation {
            uri: Some(super::encode_uri_path(&path)),
            uri_base_id: Some(SRCROOT),
            description: None,
        }
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "9.0",
        Severity::Warning => "5.0",
        Severity::Note => "2.0",
    }
}

/// The kind of problem a family finds; `security` is what GitHub keys on.
fn category(family: &str) -> Option<&'static str> {
    match family {
        "non-root" | "secrets" | "iam" | "supply-chain" | "network" => Some("security"),
        "probes" | "resource-limits" | "job-ordering" => Some("reliability"),
        "parse" => Some("correctness"),
        "suppression" => Some("maintainability"),
        _ => None,
    }
}

fn describe(meta: &RuleMeta) -> Rule {
    let mut tags = vec![meta.family.clone()];
    tags.extend(category(&meta.family).map(str::to_string));
    Rule {
        id: meta.id.clone(),
        name: Some(pascal_case(&meta.id)),
        short_description: Some(Text {
            text: meta.summary.clone(),
        }),
        full_description: Some(Text {
            text: meta.rationale.clone(),
        }),
        help: Some(help(meta)),
        help_uri: rule_url(meta),
        default_configuration: Some(Configuration {
            level: level(meta.severity),
        }),
        properties: Some(RuleProperties {
            tags,
            security_severity: security_severity(meta.severity),
        }),
    }
}

fn bare_descriptor(id: &str) -> Rule {
    Rule {
        id: id.to_string(),
        name: None,
        short_description: None,
        full_description: None,
        help: None,
        help_uri: None,
        default_configuration: None,
        properties: None,
    }
}

/// `container-runs-as-root` → `ContainerRunsAsRoot`, SARIF's style of name.
fn pascal_case(id: &str) -> String {
    id.split(['-', '_'])
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .chain(chars)
        })
        .collect()
}

/// The help GitHub shows under an alert (it does not show `helpUri`, so the
/// links are in the text too).
fn help(meta: &RuleMeta) -> Help {
    let mut links: Vec<String> = rule_url(meta).into_iter().collect();
    for reference in &meta.references {
        if !links.contains(reference) {
            links.push(reference.clone());
        }
    }
    let explain = format!("devops-check explain {}", meta.id);
    let mut text = format!(
        "{}\n\nExample of the problem:\n{}\n\nInstead:\n{}\n",
        meta.remediation, meta.bad_example, meta.good_example
    );
    let language = match meta.formats.first().map(String::as_str) {
        Some("dockerfile") => "dockerfile",
        Some("terraform") => "hcl",
        _ => "yaml",
    };
    let mut markdown = format!(
        "{}\n\nExample of the problem:\n\n{}\n\nInstead:\n\n{}\n",
        meta.remediation,
        fenced(&meta.bad_example, language),
        fenced(&meta.good_example, language)
    );
    if !links.is_empty() {
        text.push_str("\nReferences:\n");
        markdown.push_str("\nReferences:\n\n");
        for link in &links {
            text.push_str(&format!("- {link}\n"));
            markdown.push_str(&format!("- <{link}>\n"));
        }
    }
    text.push_str(&format!("\nFull entry: `{explain}`."));
    markdown.push_str(&format!("\nFull entry: `{explain}`."));
    Help { text, markdown }
}

/// A fenced code block whose fence no line of `code` can close.
fn fenced(code: &str, language: &str) -> String {
    let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!("{fence}{language}\n{code}\n{fence}")
}

#[cfg(test)]
#[path = "../../tests/support/sarif_schema.rs"]
mod sarif_schema;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures;

    fn render_to_string(report: &Report, cap: usize) -> String {
        let mut out = Vec::new();
        render_capped(
            report,
            &fixtures::options(),
            &fixtures::rules(),
            cap,
            &mut out,
        )
        .expect("writing to memory");
        String::from_utf8(out).expect("SARIF is UTF-8")
    }

    #[test]
    fn snapshot() {
        let output = render_to_string(&fixtures::report(), MAX_RESULTS);
        fixtures::assert_no_source_text(&output);
        insta::assert_snapshot!(output);
    }

    #[test]
    fn output_is_valid_sarif() {
        for cap in [MAX_RESULTS, 2] {
            let output = render_to_string(&fixtures::report(), cap);
            let document = serde_json::from_str(&output).expect("valid JSON");
            super::sarif_schema::assert_valid_sarif(&document);
        }
        let mut unrooted = Vec::new();
        render(
            &fixtures::report(),
            &RenderOptions::default(),
            crate::catalogue::all(),
            &mut unrooted,
        )
        .expect("writing to memory");
        let document = serde_json::from_slice(&unrooted).expect("valid JSON");
        super::sarif_schema::assert_valid_sarif(&document);
    }

    #[test]
    fn the_schema_test_rejects_a_broken_document() {
        let output = render_to_string(&fixtures::report(), MAX_RESULTS);
        let mut document: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
        document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
            0.into();
        let outcome = std::panic::catch_unwind(|| {
            super::sarif_schema::assert_valid_sarif(&document);
        });
        assert!(outcome.is_err(), "a zero column passed the schema");
    }

    #[test]
    fn rule_indexes_point_at_their_rules() {
        let output = render_to_string(&fixtures::report(), MAX_RESULTS);
        let log: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
        let run = &log["runs"][0];
        let results = run["results"].as_array().expect("results");
        assert_eq!(results.len(), 5);
        for result in results {
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(
                run["tool"]["driver"]["rules"][index]["id"],
                result["ruleId"]
            );
        }
    }

    #[test]
    fn too_many_results_keep_the_most_severe_and_say_so() {
        let output = render_to_string(&fixtures::report(), 3);
        let log: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
        let run = &log["runs"][0];
        let levels: Vec<&str> = run["results"]
            .as_array()
            .expect("results")
            .iter()
            .map(|r| r["level"].as_str().expect("level"))
            .collect();
        assert_eq!(levels, ["error", "error", "error"]);
        let notification = &run["invocations"][0]["toolExecutionNotifications"][0];
        assert_eq!(notification["level"], "warning");
        let text = notification["message"]["text"].as_str().expect("text");
        assert!(text.starts_with("2 of 5 findings"), "{text}");
    }

    #[test]
    fn merged_logs_are_capped_as_one_run_is() {
        let mut findings = fixtures::findings();
        findings.sort_by(|a, b| a.path.cmp(&b.path));
        let whole = Report {
            findings: findings.clone().into(),
            ..fixtures::report()
        };
        let mut paths: Vec<String> = findings.iter().map(|f| f.path.to_string()).collect();
        paths.dedup();
        assert!(paths.len() >= 3, "{paths:?}");
        // Two shards, each holding every other file.
        let shard = |parity: usize| Report {
            findings: findings
                .iter()
                .filter(|f| paths.iter().position(|p| f.path == *p).unwrap_or(0) % 2 == parity)
                .cloned()
                .collect::<Vec<_>>()
                .into(),
            ..Report::default()
        };
        let log = |report: &Report, cap: usize| -> serde_json::Value {
            serde_json::from_str(&render_to_string(report, cap)).expect("valid JSON")
        };
        for cap in [MAX_RESULTS, 3] {
            let merged = merge_capped(
                vec![log(&shard(1), MAX_RESULTS), log(&shard(0), MAX_RESULTS)],
                cap,
            )
            .expect("merges");
            assert_eq!(merged, log(&whole, cap), "cap {cap}");
        }
        // A shard that was capped itself still counts what it left out.
        let merged =
            merge_capped(vec![log(&shard(0), 1), log(&shard(1), MAX_RESULTS)], 3).expect("merges");
        let notice = &merged["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
        assert_eq!(notice["properties"]["findings"], whole.findings.len());
    }

    #[test]
    fn names_and_fences() {
        assert_eq!(pascal_case("container-runs-as-root"), "ContainerRunsAsRoot");
        assert_eq!(fenced("a ```` b", "yaml"), "`````yaml\na ```` b\n`````");
        assert_eq!(fenced("plain", "hcl"), "```hcl\nplain\n```");
    }

    #[test]
    fn absolute_paths_outside_the_root_are_file_uris() {
        let mut findings = fixtures::findings();
        findings.truncate(1);
        findings[0].path = "/other place/x.yaml".into();
        let report = Report {
            findings: findings.into(),
            ..fixtures::report()
        };
        let output = render_to_string(&report, MAX_RESULTS);
        let log: serde_json::Value = serde_json::from_str(&output).expect("valid JSON");
        let location = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert_eq!(
            location["artifactLocation"]["uri"],
            "file:///other%20place/x.yaml"
        );
        assert!(location["artifactLocation"].get("uriBaseId").is_none());
    }
}
