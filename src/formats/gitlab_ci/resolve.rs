//! What GitLab does to a job's mapping before it runs it: `!reference`
//! tags replaced by the parts of other jobs they name, `extends:` merged in
//! (templates first, deeply for mappings, the job's own keys winning) and
//! the `default:` keywords the job leaves unset. Merged values keep the
//! spans where they are written, so findings point at the template line.
//!
//! Bounds, as GitLab's own: `extends` nests at most [`MAX_EXTENDS_DEPTH`]
//! levels and `!reference` [`MAX_REFERENCE_DEPTH`]; a cycle stops where it
//! closes. Each template is resolved once, so wide or long chains cost
//! their size, not more.

use std::rc::Rc;

use crate::FastMap;
use crate::formats::yaml::{Entry, Node, NodeKind, Style, count_nodes, expansion_budget};
use crate::source::Span;

/// GitLab rejects `extends` chains deeper than this.
pub const MAX_EXTENDS_DEPTH: usize = 11;
/// GitLab resolves `!reference` nested at most this deep.
pub const MAX_REFERENCE_DEPTH: usize = 10;

/// The keywords `default:` gives every job that does not set them.
const DEFAULT_KEYWORDS: &[&str] = &[
    "after_script",
    "artifacts",
    "before_script",
    "cache",
    "hooks",
    "id_tokens",
    "image",
    "interruptible",
    "retry",
    "services",
    "tags",
    "timeout",
];

/// Why a job's configuration could not be assembled as GitLab would.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trouble {
    pub span: Span,
    pub message: String,
}

pub struct Resolver<'a> {
    /// The top-level entries by key: jobs, templates and keywords.
    top: FastMap<&'a str, &'a Node>,
    default: Option<&'a Node>,
    /// Whether `default:` holds a `!reference`: only then is it resolved
    /// for each job that inherits it (with the troubles and the budget that
    /// costs); any other is used as written, not copied per job.
    default_references: bool,
    /// Templates already resolved, shared by every job that extends them.
    done: FastMap<String, Rc<Node>>,
    /// Whether templates may come from files this scan does not read: an
    /// unknown one is then no error.
    partial: bool,
    /// The nodes `!reference` expansion may still add, so that references
    /// of references cannot multiply a small file into gigabytes.
    budget: usize,
    pub troubles: Vec<Trouble>,
}

impl<'a> Resolver<'a> {
    pub fn new(root: &'a Node, partial: bool) -> Self {
        let mut top = FastMap::default();
        for entry in root.entries() {
            if let Some(key) = entry.key.as_str() {
                top.insert(key, &entry.value);
            }
        }
        let default = top.get("default").copied();
        Resolver {
            top,
            default,
            default_references: default.is_some_and(holds_reference),
            done: FastMap::default(),
            partial,
            budget: expansion_budget(root.span.end),
            troubles: Vec::new(),
        }
    }

    /// A job's mapping as GitLab runs it.
    pub fn job(&mut self, name: &str, node: &Node) -> Node {
        let mut job = self.extended(name, node, &mut Vec::new());
        let inherits_default = !matches!(
            job.path(&["inherit", "default"]).and_then(Node::as_bool),
            Some(false)
        );
        if inherits_default && let Some(default) = self.default {
            let resolved;
            let default = if self.default_references {
                resolved = self.references(default, 0);
                &resolved
            } else {
                default
            };
            for entry in default.entries() {
                if entry
                    .key
                    .as_str()
                    .is_some_and(|k| DEFAULT_KEYWORDS.contains(&k) && job.get(k).is_none())
                    && let NodeKind::Map(entries) = &mut job.kind
                {
                    entries.push(entry.clone());
                }
            }
        }
        job
    }

    /// `node` with its `extends:` merged in; `chain` holds the templates
    /// being resolved, to stop cycles.
    fn extended(&mut self, name: &str, node: &Node, chain: &mut Vec<String>) -> Node {
        let own = self.references(node, 0);
        let Some(extends) = own.entry("extends") else {
            return own;
        };
        let parents: Vec<(String, Span)> = match &extends.value.kind {
            NodeKind::Seq(items) => items
                .iter()
                .filter_map(|i| Some((i.as_str()?.to_string(), i.span)))
                .collect(),
            _ => extends
                .value
                .as_str()
                .map(|s| (s.to_string(), extends.value.span))
                .into_iter()
                .collect(),
        };
        chain.push(name.to_string());
        let mut merged: Option<Rc<Node>> = None;
        for (parent, span) in parents {
            let Some(template) = self.template(&parent, span, chain) else {
                continue;
            };
            merged = Some(match merged {
                None => template,
                Some(base) => Rc::new(merge(&base, &template)),
            });
        }
        chain.pop();
        match merged {
            Some(base) => merge(&base, &own),
            None => own,
        }
    }

    /// The resolved mapping of the template `name`, or `None` (with a
    /// trouble) when it cannot be had.
    fn template(&mut self, name: &str, span: Span, chain: &mut Vec<String>) -> Option<Rc<Node>> {
        if let Some(done) = self.done.get(name) {
            return Some(Rc::clone(done));
        }
        if chain.iter().any(|c| c == name) {
            self.troubles.push(Trouble {
                span,
                message: format!(
                    "`extends: {name}` closes a cycle ({} → {name}): GitLab rejects the pipeline",
                    chain.join(" → ")
                ),
            });
            return None;
        }
        if chain.len() >= MAX_EXTENDS_DEPTH {
            self.troubles.push(Trouble {
                span,
                message: format!(
                    "`extends:` nests deeper than {MAX_EXTENDS_DEPTH} levels: GitLab rejects \
                     the pipeline"
                ),
            });
            return None;
        }
        let Some(node) = self.top.get(name).copied() else {
            if !self.partial {
                self.troubles.push(Trouble {
                    span,
                    message: format!(
                        "`extends: {name}` names no job or template of this file: GitLab \
                         rejects the pipeline"
                    ),
                });
            }
            return None;
        };
        let resolved = Rc::new(self.extended(name, node, chain));
        self.done.insert(name.to_string(), Rc::clone(&resolved));
        Some(resolved)
    }

    /// `node` with every `!reference [job, key, ...]` replaced by what it
    /// names; a sequence item that is a reference to a sequence is spliced
    /// in, as GitLab does for scripts.
    fn references(&mut self, node: &Node, depth: usize) -> Node {
        let kind = match &node.kind {
            NodeKind::Scalar(_) => return node.clone(),
            NodeKind::Map(entries) => NodeKind::Map(
                entries
                    .iter()
                    .map(|e| Entry {
                        key: e.key.clone(),
                        value: self.value(&e.value, depth),
                    })
                    .collect(),
            ),
            NodeKind::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    let value = self.value(item, depth);
                    match (is_reference(item), value.kind) {
                        (true, NodeKind::Seq(spliced)) => {
                            out.extend(spliced);
                        }
                        (_, kind) => out.push(Node {
                            span: value.span,
                            kind,
                            tag: value.tag,
                        }),
                    }
                }
                NodeKind::Seq(out)
            }
        };
        Node {
            span: node.span,
            kind,
            tag: node.tag.clone(),
        }
    }

    /// A value, itself resolved when it is a `!reference`.
    fn value(&mut self, node: &Node, depth: usize) -> Node {
        if !is_reference(node) {
            return self.references(node, depth);
        }
        if depth >= MAX_REFERENCE_DEPTH {
            self.troubles.push(Trouble {
                span: node.span,
                message: format!(
                    "`!reference` nests deeper than {MAX_REFERENCE_DEPTH} levels: GitLab \
                     rejects the pipeline"
                ),
            });
            return empty(node.span);
        }
        // GitLab takes names only: a list index (`[.job, script, 0]`) is
        // an integer, not a name, and makes the tag invalid.
        let index = node.items().iter().find(|item| {
            item.as_scalar()
                .is_none_or(|s| s.style == Style::Plain && s.value.parse::<i64>().is_ok())
        });
        if let Some(index) = index {
            self.troubles.push(Trouble {
                span: index.span,
                message: "`!reference` takes key names only, not a list index or a \
                          collection: GitLab rejects the pipeline"
                    .into(),
            });
            return empty(node.span);
        }
        let keys: Vec<&str> = node.items().iter().filter_map(Node::as_str).collect();
        let target = keys
            .split_first()
            .and_then(|(first, rest)| self.top.get(first).and_then(|job| job.path(rest)).cloned());
        match target {
            Some(target) if count_nodes(&target) > self.budget => {
                if self.budget > 0 {
                    self.troubles.push(Trouble {
                        span: node.span,
                        message: "`!reference` expansion exceeds the limit for this file's size"
                            .into(),
                    });
                }
                self.budget = 0;
                empty(node.span)
            }
            Some(target) => {
                self.budget -= count_nodes(&target);
                self.references(&target, depth + 1)
            }
            None => {
                if !self.partial {
                    self.troubles.push(Trouble {
                        span: node.span,
                        message: format!(
                            "`!reference [{}]` names nothing in this file: GitLab rejects the \
                             pipeline",
                            keys.join(", ")
                        ),
                    });
                }
                empty(node.span)
            }
        }
    }
}

fn empty(span: Span) -> Node {
    Node {
        span,
        kind: NodeKind::Seq(Vec::new()),
        tag: None,
    }
}

/// `over` merged onto `base` as `extends` merges: mappings key by key,
/// recursively; anything else (lists included) replaced whole.
fn merge(base: &Node, over: &Node) -> Node {
    let (Some(_), Some(_)) = (base.as_map(), over.as_map()) else {
        return over.clone();
    };
    let mut entries: Vec<Entry> = Vec::new();
    for entry in base.entries() {
        let key = entry.key.as_str();
        let value = match key.and_then(|k| over.get(k)) {
            Some(own) => merge(&entry.value, own),
            None => entry.value.clone(),
        };
        entries.push(Entry {
            key: entry.key.clone(),
            value,
        });
    }
    for entry in over.entries() {
        let key = entry.key.as_str();
        if key.is_none() || base.get(key.unwrap_or_default()).is_none() {
            entries.push(entry.clone());
        }
    }
    Node {
        span: over.span,
        kind: NodeKind::Map(entries),
        tag: None,
    }
}

/// The configuration of an included file (`base`) and of the file that
/// includes it, as GitLab merges them: deeply, the including file winning.
/// A job both write is placed where the including file writes it, so that
/// findings on it point there.
///
/// `base` is taken by value: a pipeline folds its files into one
/// configuration, and the entries of the fold so far move into the next
/// instead of being copied once per file.
pub fn merge_files(base: Node, over: &Node) -> Node {
    // Merge keys applied: the fold's own output has none, a file may.
    let base = match base.kind {
        NodeKind::Map(entries) if !entries.iter().any(Entry::is_merge) => entries,
        kind => {
            let node = Node { kind, ..base };
            node.entries().into_iter().cloned().collect()
        }
    };
    // The last entry of a key wins, as `Node::get` reads it.
    let inherited = |key: &str| base.iter().rev().find(|e| e.key.as_str() == Some(key));
    let overriding: Vec<Entry> = over
        .entries()
        .into_iter()
        .map(|entry| Entry {
            key: entry.key.clone(),
            value: entry
                .key
                .as_str()
                .and_then(inherited)
                .map_or_else(|| entry.value.clone(), |b| merge(&b.value, &entry.value)),
        })
        .collect();
    let mut entries: Vec<Entry> = base
        .into_iter()
        .filter(|entry| entry.key.as_str().and_then(|k| over.entry(k)).is_none())
        .collect();
    entries.extend(overriding);
    Node {
        span: over.span,
        kind: NodeKind::Map(entries),
        tag: None,
    }
}

/// Whether a `!reference` tag stands anywhere in the tree.
fn holds_reference(node: &Node) -> bool {
    is_reference(node)
        || match &node.kind {
            NodeKind::Scalar(_) => false,
            NodeKind::Seq(items) => items.iter().any(holds_reference),
            NodeKind::Map(entries) => entries
                .iter()
                .any(|e| holds_reference(&e.key) || holds_reference(&e.value)),
        }
}

/// Whether a node is tagged `!reference`.
fn is_reference(node: &Node) -> bool {
    node.tag.as_ref().map(|t| t.name.as_str()) == Some("!reference")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::yaml;

    fn resolve(text: &str, job: &str) -> (Node, Vec<Trouble>) {
        let root = yaml::parse(text).unwrap().documents.remove(0).root;
        let mut resolver = Resolver::new(&root, false);
        let node = root.get(job).unwrap().clone();
        let resolved = resolver.job(job, &node);
        (resolved, resolver.troubles)
    }

    fn strings(node: Option<&Node>) -> Vec<String> {
        node.map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect()
    }

    #[test]
    fn extends_merges_deeply_in_order_and_own_keys_win() {
        let text = "\
.base:
  image: alpine
  variables: {A: base, B: base}
  script: [make base]
.middle:
  extends: .base
  variables: {B: middle}
.other:
  stage: deploy
  script: [make other]
job:
  extends: [.middle, .other]
  variables: {C: job}
";
        let (job, troubles) = resolve(text, "job");
        assert!(troubles.is_empty(), "{troubles:?}");
        assert_eq!(job.get("image").unwrap().as_str(), Some("alpine"));
        assert_eq!(job.get("stage").unwrap().as_str(), Some("deploy"));
        assert_eq!(strings(job.get("script")), ["make other"]);
        let variables = job.get("variables").unwrap();
        assert_eq!(variables.get("A").unwrap().as_str(), Some("base"));
        assert_eq!(variables.get("B").unwrap().as_str(), Some("middle"));
        assert_eq!(variables.get("C").unwrap().as_str(), Some("job"));
    }

    #[test]
    fn references_splice_into_scripts_and_defaults_fill_gaps() {
        let text = "\
default:
  image: ruby
  before_script: [bundle install]
.setup:
  script: [echo one, echo two]
job:
  script:
    - !reference [.setup, script]
    - rake test
opted-out:
  inherit: {default: false}
  script: [true]
";
        let (job, troubles) = resolve(text, "job");
        assert!(troubles.is_empty(), "{troubles:?}");
        assert_eq!(
            strings(job.get("script")),
            ["echo one", "echo two", "rake test"]
        );
        assert_eq!(strings(job.get("before_script")), ["bundle install"]);
        assert_eq!(job.get("image").unwrap().as_str(), Some("ruby"));
        let (opted_out, _) = resolve(text, "opted-out");
        assert!(opted_out.get("image").is_none());
    }

    #[test]
    fn cycles_depth_and_unknown_names_are_troubles() {
        let (_, troubles) = resolve(
            ".a: {extends: .b}\n.b: {extends: .a}\njob: {extends: .a}\n",
            "job",
        );
        assert!(troubles[0].message.contains("cycle"), "{troubles:?}");
        let mut text = String::from(".t0: {script: [x]}\n");
        for i in 1..30 {
            text.push_str(&format!(".t{i}: {{extends: .t{}}}\n", i - 1));
        }
        text.push_str("job: {extends: .t29}\n");
        let (_, troubles) = resolve(&text, "job");
        assert!(troubles[0].message.contains("deeper"), "{troubles:?}");
        let (_, troubles) = resolve(
            "job: {extends: .nope, script: [!reference [.x, y]]}\n",
            "job",
        );
        assert_eq!(troubles.len(), 2, "{troubles:?}");
        let (_, troubles) = resolve(
            ".t: {script: [a, b]}\njob: {script: [!reference [.t, script, 0]]}\n",
            "job",
        );
        assert!(troubles[0].message.contains("list index"), "{troubles:?}");
    }

    #[test]
    fn reference_fan_out_is_bounded() {
        let mut text = String::from(".r0: {script: [a, b, c, d, e, f, g, h, i, j]}\n");
        for i in 1..10 {
            let refs = vec![format!("!reference [.r{}, script]", i - 1); 10].join(", ");
            text.push_str(&format!(".r{i}: {{script: [{refs}]}}\n"));
        }
        text.push_str("job: {script: [!reference [.r9, script]]}\n");
        let (job, troubles) = resolve(&text, "job");
        assert!(
            troubles.iter().any(|t| t.message.contains("limit")),
            "{troubles:?}"
        );
        assert!(count_nodes(&job) < 1_000_000);
    }
}
