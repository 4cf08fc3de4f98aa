//! The rule catalogue: one YAML file per rule under `policies/<family>/`,
//! embedded at build time. It holds everything a person reads about a rule
//! (summary, rationale, remediation, examples); the logic lives in `rules/`.

use std::sync::{Mutex, OnceLock};

use crate::finding::{Applicability, Severity};
use crate::formats::yaml;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

#[derive(Debug, Clone)]
pub struct RuleMeta {
    pub id: String,
    pub family: String,
    pub severity: Severity,
    pub formats: Vec<String>,
    pub summary: String,
    pub rationale: String,
    pub remediation: String,
    pub bad_example: String,
    pub good_example: String,
    pub references: Vec<String>,
    /// Whether the rule's findings carry a fix, and how far it may be
    /// trusted (`fix:` in the entry; absent when the rule has none).
    pub fix: Option<Applicability>,
    /// The catalogue file it came from, for error messages.
    pub source: &'static str,
}

impl RuleMeta {
    /// The first line of the remediation, for one-line displays.
    pub fn short_remediation(&self) -> &str {
        self.remediation.lines().next().unwrap_or("").trim()
    }
}

/// Every catalogue entry, sorted by family then id.
pub fn all() -> &'static [RuleMeta] {
    static CATALOGUE: OnceLock<Vec<RuleMeta>> = OnceLock::new();
    CATALOGUE.get_or_init(|| {
        let mut entries: Vec<RuleMeta> = (0..CATALOGUE_SOURCES.len())
            .map(|index| parsed(index).clone())
            .collect();
        entries.sort_by(|a, b| (&a.family, &a.id).cmp(&(&b.family, &b.id)));
        entries
    })
}

/// The entry of `CATALOGUE_SOURCES[index]`, parsed the first time it is
/// asked for: a run over a few files shows few entries' text.
fn parsed(index: usize) -> &'static RuleMeta {
    static PARSED: OnceLock<Vec<OnceLock<RuleMeta>>> = OnceLock::new();
    let cells = PARSED.get_or_init(|| CATALOGUE_SOURCES.iter().map(|_| OnceLock::new()).collect());
    cells[index].get_or_init(|| {
        let (path, text) = CATALOGUE_SOURCES[index];
        // The catalogue is part of the binary and a test parses every
        // entry, so a malformed one cannot ship.
        parse_entry(path, text).unwrap_or_else(|e| panic!("{path}: {e}"))
    })
}

/// What a run needs of a rule for each finding it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brief {
    pub id: &'static str,
    pub family: &'static str,
    pub severity: Severity,
}

/// The id, family and default severity of a built-in or custom rule. A
/// built-in entry's come from its path (`policies/<family>/<id>.yaml`, which
/// [`parse_entry`] enforces) and its top-level `severity:` line, without
/// parsing the entry: every rule needs its brief for the first file
/// checked, while the full entries (documentation) are parsed only when a
/// report or command shows them, which keeps a run over one small file fast.
pub fn brief(id: &str) -> Option<Brief> {
    static BRIEFS: OnceLock<Vec<Brief>> = OnceLock::new();
    let briefs = BRIEFS.get_or_init(|| {
        CATALOGUE_SOURCES
            .iter()
            .filter_map(|(path, text)| read_brief(path, text))
            .collect()
    });
    briefs.iter().find(|b| b.id == id).copied().or_else(|| {
        get(id).map(|meta| Brief {
            id: meta.id.as_str(),
            family: meta.family.as_str(),
            severity: meta.severity,
        })
    })
}

/// The brief of the entry at `path` holding `text`.
fn read_brief(path: &'static str, text: &str) -> Option<Brief> {
    let (family, id) = family_and_id(path)?;
    let severity = text.lines().find_map(|line| {
        let value = line.strip_prefix("severity:")?.trim();
        Severity::parse(value.trim_matches(['"', '\'']))
    })?;
    Some(Brief {
        id,
        family,
        severity,
    })
}

/// The family and id an entry's path names (`policies/<family>/<id>.yaml`).
fn family_and_id(path: &'static str) -> Option<(&'static str, &'static str)> {
    let (family, file) = path.strip_prefix("policies/")?.split_once('/')?;
    Some((family, file.strip_suffix(".yaml")?))
}

/// The entry of a built-in rule or of a registered custom rule.
pub fn get(id: &str) -> Option<&'static RuleMeta> {
    let built_in = CATALOGUE_SOURCES
        .iter()
        .position(|(path, _)| family_and_id(path).is_some_and(|(_, known)| known == id));
    built_in.map(parsed).or_else(|| {
        CUSTOM
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .find(|meta| meta.id == id)
            .copied()
    })
}

/// The rules of custom policies loaded in this process: their ids are known
/// to configuration, suppressions and every output like built-in ones.
static CUSTOM: Mutex<Vec<&'static RuleMeta>> = Mutex::new(Vec::new());

/// Makes a custom rule known by its id (replacing one registered before
/// under the same id). Entries live as long as the process, like the
/// built-in catalogue; a run registers each of its policies' rules once.
pub fn register(meta: RuleMeta) -> &'static RuleMeta {
    let meta: &'static RuleMeta = Box::leak(Box::new(meta));
    let mut custom = CUSTOM
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    custom.retain(|m| m.id != meta.id);
    custom.push(meta);
    meta
}

/// The registered custom rules, sorted by id.
pub fn custom() -> Vec<&'static RuleMeta> {
    let mut rules = CUSTOM
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone();
    rules.sort_by(|a, b| a.id.cmp(&b.id));
    rules
}

/// Every rule a run may report: the built-in catalogue, then custom rules.
pub fn every() -> Vec<&'static RuleMeta> {
    all().iter().chain(custom()).collect()
}

/// The rule ids closest to a misspelt `id`, nearest first: those within a
/// third of its length in edits (a typo, a missing letter), else those that
/// contain it or that it contains (`root` for `container-runs-as-root`).
pub fn nearest_ids(id: &str) -> Vec<&'static str> {
    const MAX_SUGGESTIONS: usize = 3;
    let wanted = id.to_ascii_lowercase();
    let limit = (wanted.chars().count() / 3).max(1);
    let mut close: Vec<(usize, &'static str)> = all()
        .iter()
        .map(|meta| (strsim::levenshtein(&wanted, &meta.id), meta.id.as_str()))
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    if close.is_empty() && wanted.len() >= 3 {
        close = all()
            .iter()
            .filter(|meta| meta.id.contains(&wanted) || wanted.contains(meta.id.as_str()))
            .map(|meta| (strsim::levenshtein(&wanted, &meta.id), meta.id.as_str()))
            .collect();
    }
    close.sort_unstable();
    close
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, id)| id)
        .collect()
}

/// Reads one catalogue entry.
pub fn parse_entry(path: &'static str, text: &str) -> Result<RuleMeta, String> {
    let stream = yaml::parse(text).map_err(|e| e.message)?;
    let root = stream
        .documents
        .first()
        .map(|d| &d.root)
        .ok_or("empty catalogue entry")?;
    let text_field = |key: &str| -> Result<String, String> {
        root.get(key)
            .and_then(yaml::Node::as_str)
            .map(|s| s.trim_end().to_string())
            .ok_or_else(|| format!("missing `{key}`"))
    };
    let list_field = |key: &str| -> Vec<String> {
        root.get(key)
            .map(|n| {
                n.items()
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let example = |which: &str| -> Result<String, String> {
        root.path(&["example", which])
            .and_then(yaml::Node::as_str)
            .map(|s| s.trim_end().to_string())
            .ok_or_else(|| format!("missing `example.{which}`"))
    };
    let severity = text_field("severity")?;
    let fix = match root.get("fix").and_then(yaml::Node::as_str) {
        None => None,
        Some(text) => Some(
            Applicability::parse(text)
                .ok_or_else(|| format!("unknown fix applicability `{text}`"))?,
        ),
    };
    let meta = RuleMeta {
        id: text_field("id")?,
        family: text_field("family")?,
        severity: Severity::parse(&severity)
            .ok_or_else(|| format!("unknown severity `{severity}`"))?,
        formats: list_field("formats"),
        summary: text_field("summary")?,
        rationale: text_field("rationale")?,
        remediation: text_field("remediation")?,
        bad_example: example("bad")?,
        good_example: example("good")?,
        references: list_field("references"),
        fix,
        source: path,
    };
    let expected = format!("policies/{}/{}.yaml", meta.family, meta.id);
    if path != expected {
        return Err(format!("entry `{}` must live at {expected}", meta.id));
    }
    Ok(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_parses_and_ids_are_unique() {
        for (path, text) in CATALOGUE_SOURCES {
            parse_entry(path, text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
        let mut ids: Vec<&str> = all().iter().map(|m| m.id.as_str()).collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "duplicate rule ids in policies/");
    }

    #[test]
    fn every_brief_agrees_with_its_entry() {
        for meta in all() {
            assert_eq!(
                brief(&meta.id),
                Some(Brief {
                    id: &meta.id,
                    family: &meta.family,
                    severity: meta.severity
                }),
                "{}",
                meta.source
            );
        }
    }

    #[test]
    fn a_misspelt_id_is_answered_with_the_nearest_ones() {
        assert_eq!(
            nearest_ids("container-run-as-root"),
            ["container-runs-as-root"]
        );
        assert_eq!(nearest_ids("PARSE-EROR"), ["parse-error"]);
        assert!(nearest_ids("secret").contains(&"secret-token"));
        assert!(nearest_ids("zzzzzzzz").is_empty());
    }
}
