//! A light YAML tree in which every key and value keeps its byte span, built
//! from `saphyr-parser`'s events, or from the same events read by
//! `block` when the file is all in the block style it reads (most are;
//! it is several times faster). Shared by every YAML format's adapter.
//!
//! Why our own tree: saphyr counts positions in characters, applies no budget
//! to alias expansion, and its loaders drop the scalar style we need to tell
//! `"true"` from `true`. The tree converts positions to bytes once, bounds
//! alias expansion and nesting, and reports duplicate keys without failing the
//! document (kubectl and the Actions runner accept them, last one wins).
//!
//! [`parse`] reads YAML 1.2; [`parse_lenient`] also reads what go-yaml and
//! CloudFormation accept beyond it (see [`lenient`]).

mod block;
mod lenient;

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::formats::text_map::LineMap;
use crate::model::{InsertionPoint, Problem, ProblemKind};
use crate::source::{Span, Spanned};

pub use lenient::parse_lenient;

/// How deep collections may nest before the document is refused.
pub const MAX_DEPTH: usize = 200;

/// The nodes alias expansion may add, per byte of input (with a floor), so
/// that a small file cannot expand into gigabytes ("billion laughs") while a
/// large file that reuses anchors legitimately still loads.
const ALIAS_NODES_PER_BYTE: usize = 4;
const ALIAS_NODES_FLOOR: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: NodeKind,
    /// The node's tag, when one is written (`!Ref`, `!!str`): YAML
    /// dialects give local tags a meaning (CloudFormation's `!Sub`).
    pub tag: Option<Box<Tag>>,
}

/// A node's tag: `!Ref` (handle `!`, suffix `Ref`), `!!str`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The handle and suffix together: `!Ref`; a standard tag resolved
    /// (`!!str` is `tag:yaml.org,2002:str`).
    pub name: String,
    /// The tag itself, where the node's span starts.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    pub value: String,
    pub style: Style,
}

/// Whether a scalar was written plain (so `true`, `0` and `~` are typed) or
/// quoted / as a block (always a string).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

/// One document of a stream.
#[derive(Clone, Debug)]
pub struct Document {
    pub root: Node,
}

/// A problem that does not stop the document from loading.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub span: Span,
    pub message: String,
    /// The repeated key is a merge key (`<<`), which some readers apply
    /// every time it appears.
    pub merge: bool,
}

/// A syntax error, or a bound that the input exceeded.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub span: Span,
    pub message: String,
}

/// A parsed stream: every document, plus non-fatal warnings.
#[derive(Debug, Default)]
pub struct Stream {
    pub documents: Vec<Document>,
    pub warnings: Vec<Warning>,
}

impl Node {
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The tag's name (`!Ref`), when the node has one.
    pub fn tag_name(&self) -> Option<&str> {
        self.tag.as_deref().map(|t| t.name.as_str())
    }

    /// The scalar's text, whatever its style.
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    /// A plain `true`/`false` (YAML 1.2 core schema; `"true"` is a string).
    pub fn as_bool(&self) -> Option<bool> {
        let scalar = self.as_scalar()?;
        if scalar.style != Style::Plain {
            return None;
        }
        match scalar.value.as_str() {
            "true" | "True" | "TRUE" => Some(true),
            "false" | "False" | "FALSE" => Some(false),
            _ => None,
        }
    }

    /// A plain integer.
    pub fn as_i64(&self) -> Option<i64> {
        let scalar = self.as_scalar()?;
        if scalar.style != Style::Plain {
            return None;
        }
        scalar.value.parse().ok()
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s)
            if s.style == Style::Plain && matches!(s.value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.kind {
            NodeKind::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// Whether this key is the merge key `<<` (a plain scalar: a quoted
    /// `"<<"` is an ordinary key).
    pub fn is_merge_key(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s) if s.style == Style::Plain && s.value == "<<")
    }

    /// The items of a sequence; nothing for any other node.
    pub fn items(&self) -> &[Node] {
        self.as_seq().unwrap_or_default()
    }

    /// The entries of a mapping, merge keys (`<<`) applied: an entry written
    /// in the mapping wins over a merged one.
    pub fn entries(&self) -> Vec<&Entry> {
        let Some(own) = self.as_map() else {
            return Vec::new();
        };
        let mut out: Vec<&Entry> = own.iter().filter(|e| !e.is_merge()).collect();
        for merge in own.iter().filter(|e| e.is_merge()) {
            let sources: Vec<&Node> = match &merge.value.kind {
                NodeKind::Seq(items) => items.iter().collect(),
                _ => vec![&merge.value],
            };
            for source in sources {
                for entry in source.entries() {
                    let key = entry.key.as_str();
                    if key.is_none() || !out.iter().any(|e| e.key.as_str() == key) {
                        out.push(entry);
                    }
                }
            }
        }
        out
    }

    /// Applies every merge key (`<<`) of the tree in the order it is
    /// written, as Ruby's Psych does: each entry of a mapping, merged or
    /// written, replaces what the entries before it set under its key, at
    /// that key's place; of a list of sources, the first wins. Readers that
    /// let a mapping's own keys win wherever they are written (go-yaml,
    /// PyYAML) read such a tree as [`Node::entries`] does.
    pub fn apply_merges_in_turn(&mut self) {
        let NodeKind::Map(entries) = &mut self.kind else {
            if let NodeKind::Seq(items) = &mut self.kind {
                items.iter_mut().for_each(Node::apply_merges_in_turn);
            }
            return;
        };
        // A source is merged with its own merge keys applied.
        for entry in entries.iter_mut() {
            entry.value.apply_merges_in_turn();
        }
        if !entries.iter().any(Entry::is_merge) {
            return;
        }
        let mut out = InTurn::default();
        for entry in std::mem::take(entries) {
            if !entry.is_merge() {
                out.set(entry);
                continue;
            }
            let sources = match entry.value.kind {
                NodeKind::Map(source) => vec![source],
                NodeKind::Seq(items)
                    if items
                        .iter()
                        .all(|item| matches!(item.kind, NodeKind::Map(_))) =>
                {
                    items
                        .into_iter()
                        .rev()
                        .filter_map(|item| match item.kind {
                            NodeKind::Map(source) => Some(source),
                            _ => None,
                        })
                        .collect()
                }
                // Nothing Psych can merge: an ordinary entry under `<<`.
                kind => {
                    out.entries.push(Entry {
                        key: entry.key,
                        value: Node {
                            kind,
                            ..entry.value
                        },
                    });
                    continue;
                }
            };
            for merged in sources.into_iter().flatten() {
                out.set(merged);
            }
        }
        *entries = out.entries;
    }

    /// The entry under a scalar key (the last one, as most loaders do, when
    /// the key is duplicated), merge keys applied.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        let own = self.as_map()?;
        if let Some(entry) = own.iter().rev().find(|e| e.key.as_str() == Some(key)) {
            return Some(entry);
        }
        if own.iter().any(Entry::is_merge) {
            return self.merged_entry(key);
        }
        None
    }

    /// The first entry under `key` in the order [`Node::entries`] gives
    /// them, found without collecting them: lookups of keys a mapping does
    /// not write are frequent where merge keys are (`<<: *defaults` in
    /// every job of a pipeline), and each would allocate the whole list.
    fn merged_entry(&self, key: &str) -> Option<&Entry> {
        let own = self.as_map()?;
        if let Some(entry) = own
            .iter()
            .find(|e| !e.is_merge() && e.key.as_str() == Some(key))
        {
            return Some(entry);
        }
        own.iter().filter(|e| e.is_merge()).find_map(|merge| {
            let sources = match &merge.value.kind {
                NodeKind::Seq(items) => items.as_slice(),
                _ => std::slice::from_ref(&merge.value),
            };
            sources.iter().find_map(|source| source.merged_entry(key))
        })
    }

    /// The value under a scalar key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Follows a path of keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// Whether any part of the node (keys and tags included) starts before
    /// `offset`.
    pub fn starts_before(&self, offset: usize) -> bool {
        self.span.start < offset
            || self.tag.as_ref().is_some_and(|tag| tag.span.start < offset)
            || match &self.kind {
                NodeKind::Scalar(_) => false,
                NodeKind::Seq(items) => items.iter().any(|item| item.starts_before(offset)),
                NodeKind::Map(entries) => entries
                    .iter()
                    .any(|e| e.key.starts_before(offset) || e.value.starts_before(offset)),
            }
    }

    /// Moves every span of the tree `by` bytes on: a document parsed alone
    /// and laid out after another file's text in one address space.
    pub fn shift(&mut self, by: usize) {
        let move_span = |span: &mut Span| *span = Span::new(span.start + by, span.end + by);
        move_span(&mut self.span);
        if let Some(tag) = &mut self.tag {
            move_span(&mut tag.span);
        }
        match &mut self.kind {
            NodeKind::Scalar(_) => {}
            NodeKind::Seq(items) => items.iter_mut().for_each(|item| item.shift(by)),
            NodeKind::Map(entries) => {
                for entry in entries {
                    entry.key.shift(by);
                    entry.value.shift(by);
                }
            }
        }
    }
}

/// A mapping's entries as merge keys are applied in turn, with where each
/// scalar key sits, so that a mapping of many keys is rebuilt in linear
/// time.
#[derive(Default)]
struct InTurn {
    entries: Vec<Entry>,
    slots: HashMap<String, usize>,
}

impl InTurn {
    /// Sets `entry`: it replaces an entry under the same scalar key, in that
    /// entry's place, or goes after the others.
    fn set(&mut self, entry: Entry) {
        let Some(key) = entry.key.as_str() else {
            self.entries.push(entry);
            return;
        };
        match self.slots.get(key) {
            Some(&slot) => self.entries[slot] = entry,
            None => {
                self.slots.insert(key.to_string(), self.entries.len());
                self.entries.push(entry);
            }
        }
    }
}

impl Entry {
    /// Whether this is a merge key (`<<: *defaults`).
    pub fn is_merge(&self) -> bool {
        self.key.is_merge_key()
    }

    /// The span of the whole `key: value` pair.
    pub fn span(&self) -> Span {
        self.key.span.join(self.value.span)
    }
}

/// Converts saphyr's character indices to byte offsets in the file.
struct Offsets<'a> {
    /// The text as written (what spans index, after `base`).
    text: &'a str,
    /// Bytes before `text` in the file (a byte order mark).
    base: usize,
    /// The text parsed: `text`, or its repaired copy.
    parsed: &'a str,
    /// The byte offset of every [`CHARS_PER_MARK`]th character of the text
    /// parsed, present only when it is not ASCII; the characters between
    /// are counted from the mark before them. Made when first needed: the
    /// block-style reader gives byte offsets.
    marks: OnceCell<Option<Vec<usize>>>,
    /// The repaired copy parsed instead of `text`, whose offsets map back.
    repaired: Option<&'a lenient::Repaired>,
}

/// Characters between two marks of [`Offsets`]: one `usize` per 16
/// characters instead of one per character.
const CHARS_PER_MARK: usize = 16;

impl<'a> Offsets<'a> {
    fn new(text: &'a str, base: usize, repaired: Option<&'a lenient::Repaired>) -> Self {
        let parsed = repaired.map_or(text, |r| r.text.as_str());
        Offsets {
            text,
            base,
            parsed,
            marks: OnceCell::new(),
            repaired,
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        let marks = self.marks.get_or_init(|| {
            (!self.parsed.is_ascii()).then(|| {
                self.parsed
                    .char_indices()
                    .step_by(CHARS_PER_MARK)
                    .map(|(i, _)| i)
                    .collect()
            })
        });
        let parsed = match marks {
            None => char_index.min(self.parsed.len()),
            Some(marks) => marks
                .get(char_index / CHARS_PER_MARK)
                .and_then(|&mark| {
                    let (within, _) = self.parsed[mark..]
                        .char_indices()
                        .nth(char_index % CHARS_PER_MARK)?;
                    Some(mark + within)
                })
                .unwrap_or(self.parsed.len()),
        };
        self.base + self.repaired.map_or(parsed, |r| r.original(parsed))
    }

    fn span(&self, span: saphyr_parser::Span) -> Span {
        Span::new(self.byte(span.start.index()), self.byte(span.end.index()))
    }
}

/// A collection being built.
enum Frame {
    Seq {
        start: Span,
        anchor: usize,
        tag: Option<Box<Tag>>,
        items: Vec<Node>,
    },
    Map {
        start: Span,
        anchor: usize,
        tag: Option<Box<Tag>>,
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        /// Scalar keys seen so far, for duplicate detection in linear time
        /// in a large mapping; a small one (most) scans its entries instead.
        keys: Option<HashSet<String>>,
    },
}

struct Builder<'a> {
    offsets: Offsets<'a>,
    anchors: HashMap<usize, Node>,
    stack: Vec<Frame>,
    alias_budget: usize,
    warnings: Vec<Warning>,
}

/// Parses a YAML stream into documents, as YAML 1.2 reads it.
pub fn parse(text: &str) -> Result<Stream, Error> {
    load(text, None).map_err(|failure| failure.error)
}

/// Why a load stopped: the error, and where the outermost flow collection
/// open at that point starts (the construct a lenient reader may repair).
struct Failure {
    error: Error,
    flow_start: Option<usize>,
}

/// Parses `text`, or its `repaired` copy with spans mapped back to `text`.
fn load(text: &str, repaired: Option<&lenient::Repaired>) -> Result<Stream, Failure> {
    // A byte order mark is not content; spans still count it.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if repaired.is_none()
        && let Some(stream) = read_block_style(text, body)
    {
        return Ok(stream);
    }
    read_with_saphyr(text, body, repaired)
}

/// Whether the block-style reader took `text` (`Ok(true)`) or left it to
/// saphyr (`Ok(false)`); `Err` shows both trees when it took the text and
/// read it otherwise than saphyr does. For tests and fuzzing.
pub fn block_reader_agrees(text: &str) -> Result<bool, String> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(fast) = read_block_style(text, body) else {
        return Ok(false);
    };
    let fast = format!("{fast:#?}");
    let saphyr = match read_with_saphyr(text, body, None) {
        Ok(stream) => format!("{stream:#?}"),
        Err(failure) => format!("{:#?}", failure.error),
    };
    if fast == saphyr {
        Ok(true)
    } else {
        Err(format!("block reader:\n{fast}\nsaphyr:\n{saphyr}"))
    }
}

/// The stream saphyr's parser reads, or why it stops.
fn read_with_saphyr(
    text: &str,
    body: &str,
    repaired: Option<&lenient::Repaired>,
) -> Result<Stream, Failure> {
    let mut builder = Builder::new(text, body, repaired);
    let mut documents = Vec::new();
    let mut parser = Parser::new_from_str(repaired.map_or(body, |r| r.text.as_str()));
    let fail = |builder: &Builder<'_>, error: Error| Failure {
        error,
        flow_start: builder.flow_start(),
    };
    while let Some(next) = parser.next_event() {
        let (event, span) = match next {
            Ok(next) => next,
            Err(e) => {
                let offset = builder.offsets.byte(e.marker().index());
                let message = match e.info() {
                    "recursion limit exceeded" => format!("nesting deeper than {MAX_DEPTH} levels"),
                    info => info.to_string(),
                };
                let error = Error {
                    span: Span::new(offset, offset),
                    message,
                };
                return Err(fail(&builder, error));
            }
        };
        let span = builder.offsets.span(span);
        match builder.event(event, span) {
            Ok(Some(root)) => documents.push(Document { root }),
            Ok(None) => {}
            Err(error) => return Err(fail(&builder, error)),
        }
    }
    Ok(Stream {
        documents,
        warnings: builder.warnings,
    })
}

/// The stream [`block::read`] reads, when the text is all in the style it
/// reads and holds no error.
fn read_block_style(text: &str, body: &str) -> Option<Stream> {
    let mut builder = Builder::new(text, body, None);
    let mut documents = Vec::new();
    let mut emit = |event, span| match builder.event(event, span) {
        Ok(root) => {
            documents.extend(root.map(|root| Document { root }));
            Ok(())
        }
        // Errors are worded as saphyr's reading finds them.
        Err(_) => Err(block::Unsupported),
    };
    block::read(body, text.len() - body.len(), &mut emit).ok()?;
    Some(Stream {
        documents,
        warnings: builder.warnings,
    })
}

impl<'a> Builder<'a> {
    fn new(text: &str, body: &'a str, repaired: Option<&'a lenient::Repaired>) -> Self {
        Builder {
            offsets: Offsets::new(body, text.len() - body.len(), repaired),
            anchors: HashMap::new(),
            stack: Vec::new(),
            alias_budget: expansion_budget(text.len()),
            warnings: Vec::new(),
        }
    }

    /// Feeds one event; returns a document root when one completes.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<Option<Node>, Error> {
        let node = match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {
                return Ok(None);
            }
            Event::DocumentStart(_) => {
                self.anchors.clear();
                return Ok(None);
            }
            Event::SequenceStart(anchor, tag) => {
                let tag = self.tag(tag.as_deref(), span);
                self.open(
                    Frame::Seq {
                        start: span,
                        anchor,
                        tag,
                        items: Vec::new(),
                    },
                    span,
                )?;
                return Ok(None);
            }
            Event::MappingStart(anchor, tag) => {
                let tag = self.tag(tag.as_deref(), span);
                self.open(
                    Frame::Map {
                        start: span,
                        anchor,
                        tag,
                        entries: Vec::new(),
                        pending_key: None,
                        keys: None,
                    },
                    span,
                )?;
                return Ok(None);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(None);
                };
                let (node, anchor) = match frame {
                    Frame::Seq {
                        start,
                        anchor,
                        tag,
                        items,
                    } => {
                        let end = items.last().map_or(start, |n| n.span);
                        (
                            Node {
                                span: start.join(end).join(span),
                                kind: NodeKind::Seq(items),
                                tag,
                            },
                            anchor,
                        )
                    }
                    Frame::Map {
                        start,
                        anchor,
                        tag,
                        entries,
                        ..
                    } => {
                        let end = entries.last().map_or(start, |e| e.value.span);
                        (
                            Node {
                                span: start.join(end).join(span),
                                kind: NodeKind::Map(entries),
                                tag,
                            },
                            anchor,
                        )
                    }
                };
                // Block collections end where the next token starts, often on a
                // later line: end them at their last child instead.
                let node = self.trim_end(node);
                self.remember(anchor, &node);
                node
            }
            Event::Scalar(value, style, anchor, tag) => {
                let node = Node {
                    tag: self.tag(tag.as_deref(), span),
                    span,
                    kind: NodeKind::Scalar(Scalar {
                        value: value.into_owned(),
                        style: match style {
                            ScalarStyle::Plain => Style::Plain,
                            ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => Style::Quoted,
                            ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                        },
                    }),
                };
                self.remember(anchor, &node);
                node
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(Error {
                        span,
                        message: "alias to an unknown anchor".into(),
                    });
                };
                let cost = count_nodes(target);
                if cost > self.alias_budget {
                    return Err(Error {
                        span,
                        message: "alias expansion exceeds the limit for this file's size \
                                  (a \"billion laughs\" document?)"
                            .into(),
                    });
                }
                self.alias_budget -= cost;
                target.clone()
            }
        };
        Ok(self.attach(node))
    }

    /// Where the outermost open flow collection starts: its `[` or `{`,
    /// past any tag or anchor written before it.
    fn flow_start(&self) -> Option<usize> {
        let Offsets { text, base, .. } = self.offsets;
        self.stack.iter().find_map(|frame| {
            let (Frame::Seq { start, .. } | Frame::Map { start, .. }) = frame;
            let mut rest = text.get(start.start.checked_sub(base)?..)?;
            while rest.starts_with(['!', '&']) {
                let property = rest.find(char::is_whitespace).unwrap_or(rest.len());
                rest = rest[property..].trim_start();
            }
            rest.starts_with(['[', '{'])
                .then(|| base + text.len() - rest.len())
        })
    }

    /// A tag as written. saphyr's span of a tagged node starts at its tag,
    /// which ends at the first space or flow indicator.
    fn tag(&self, tag: Option<&saphyr_parser::Tag>, node: Span) -> Option<Box<Tag>> {
        let tag = tag?;
        let Offsets { text, base, .. } = self.offsets;
        let written = text
            .get(node.start.saturating_sub(base)..)
            .unwrap_or_default();
        let length = written
            .find(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | '{' | '}' | ','))
            .unwrap_or(written.len());
        let length = if written.starts_with('!') { length } else { 0 };
        Some(Box::new(Tag {
            name: [tag.handle.as_str(), tag.suffix.as_str()].concat(),
            span: Span::new(node.start, node.start + length),
        }))
    }

    fn open(&mut self, frame: Frame, span: Span) -> Result<(), Error> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Error {
                span,
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        self.stack.push(frame);
        Ok(())
    }

    /// Adds a finished node to its parent; returns it when it is a root.
    fn attach(&mut self, node: Node) -> Option<Node> {
        match self.stack.last_mut() {
            None => Some(node),
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                None
            }
            Some(Frame::Map {
                entries,
                pending_key,
                keys,
                ..
            }) => {
                match pending_key.take() {
                    None => *pending_key = Some(node),
                    Some(key) => {
                        if let Some(name) = key.as_str()
                            && seen_before(keys, entries, name)
                        {
                            self.warnings.push(Warning {
                                span: key.span,
                                message: format!("duplicate key `{name}`"),
                                merge: key.is_merge_key(),
                            });
                        }
                        entries.push(Entry { key, value: node });
                    }
                }
                None
            }
        }
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    fn trim_end(&self, mut node: Node) -> Node {
        let last_child_end = match &node.kind {
            NodeKind::Seq(items) => items.last().map(|n| n.span.end),
            NodeKind::Map(entries) => entries.last().map(|e| e.value.span.end),
            NodeKind::Scalar(_) => None,
        };
        if let Some(end) = last_child_end {
            let Offsets { text, base, .. } = self.offsets;
            // Flow collections end with their closing bracket: keep it.
            let closes = text
                .get(node.span.end.saturating_sub(base + 1)..node.span.end.saturating_sub(base))
                .is_some_and(|c| c == "]" || c == "}");
            if !closes && end >= node.span.start {
                node.span.end = end;
            }
        }
        node
    }
}

/// A mapping this large keeps its key names in a set.
const KEY_SET_FROM: usize = 32;

/// Whether a mapping being built already has the key `name`: a scan of its
/// entries while it is small, a set once it is large.
fn seen_before(keys: &mut Option<HashSet<String>>, entries: &[Entry], name: &str) -> bool {
    if keys.is_none() && entries.len() >= KEY_SET_FROM {
        *keys = Some(
            entries
                .iter()
                .filter_map(|e| e.key.as_str().map(str::to_string))
                .collect(),
        );
    }
    match keys {
        Some(keys) => !keys.insert(name.to_string()),
        None => entries.iter().any(|e| e.key.as_str() == Some(name)),
    }
}

/// A syntax error as the `parse` family reports it.
pub fn syntax_problem(error: &Error) -> Problem {
    Problem {
        kind: ProblemKind::Syntax,
        span: error.span,
        message: format!("invalid YAML: {}", error.message),
    }
}

/// Duplicate-key warnings as problems; `consequence` says what the file's
/// consumer does with them (kubectl keeps the last value, GitHub rejects
/// the workflow).
pub fn duplicate_key_problems<'a>(
    warnings: impl IntoIterator<Item = &'a Warning> + 'a,
    consequence: &'a str,
) -> impl Iterator<Item = Problem> + 'a {
    warnings.into_iter().map(move |warning| Problem {
        kind: ProblemKind::DuplicateKey,
        span: warning.span,
        message: format!("{}: {consequence}", warning.message),
    })
}

/// How many nodes expanding references (aliases, or a tool's own reuse
/// tags) may add to a document of `bytes` bytes.
pub fn expansion_budget(bytes: usize) -> usize {
    ALIAS_NODES_FLOOR.max(bytes.saturating_mul(ALIAS_NODES_PER_BYTE))
}

/// The nodes of a tree, keys included.
pub fn count_nodes(node: &Node) -> usize {
    1 + match &node.kind {
        NodeKind::Scalar(_) => 0,
        NodeKind::Seq(items) => items.iter().map(count_nodes).sum(),
        NodeKind::Map(entries) => entries
            .iter()
            .map(|e| count_nodes(&e.key) + count_nodes(&e.value))
            .sum(),
    }
}

/// A scalar's text with its span.
pub fn scalar(node: Option<&Node>) -> Option<Spanned<String>> {
    let node = node?;
    node.as_str()
        .map(|text| Spanned::new(text.to_string(), node.span))
}

/// The scalar key/value pairs of a mapping (`env:`, `with:`, `variables:`).
pub fn pairs(node: Option<&Node>) -> Vec<(Spanned<String>, Spanned<String>)> {
    node.map(Node::entries)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|e| Some((scalar(Some(&e.key))?, scalar(Some(&e.value))?)))
        .collect()
}

/// The [`LineMap`] of a scalar node's decoded text.
pub fn line_map(file: &str, node: &Node, decoded: &str) -> LineMap {
    let plain = matches!(&node.kind, NodeKind::Scalar(s) if s.style == Style::Plain);
    LineMap::new(file, node.span, decoded, plain)
}

/// Where in a mapping a new key goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Before the first key (`needs:` leads a job).
    First,
    /// After the last entry (`securityContext:` follows a container's name
    /// and image).
    Last,
    /// Before this key, or last when the mapping lacks it (`permissions:`
    /// before `jobs:`).
    Before(&'static str),
}

/// Where a fix writes a new key into `map`, laid out as the mapping is;
/// `None` when `map` is not a mapping or its layout is not one a new line can
/// join (a key that shares its line with something other than `- `).
pub fn insertion_point(
    layout: &Layout<'_>,
    map: &Node,
    placement: Placement,
    object: Span,
    within: &'static str,
) -> Option<InsertionPoint> {
    let text = layout.text;
    let entries = map.as_map()?;
    let flow = text.get(map.span.start..)?.starts_with('{');
    let placement = match placement {
        Placement::Before(key) if !entries.iter().any(|e| e.key.as_str() == Some(key)) => {
            Placement::Last
        }
        other => other,
    };
    let first = entries.first();
    let line_start = |offset: usize| {
        text.get(..offset)
            .map_or(0, |t| t.rfind('\n').map_or(0, |i| i + 1))
    };
    // Keys of a block mapping line up; the first one may follow a `- `.
    let indent = match first {
        Some(entry) => {
            let start = entry.key.span.start;
            let before = text.get(line_start(start)..start)?;
            if !flow && !before.chars().all(|c| c == ' ' || c == '-') {
                return None;
            }
            " ".repeat(before.chars().count())
        }
        None => String::new(),
    };
    let (newline, step) = (layout.newline(), layout.step());
    let point = |at: usize, before: &str, after: &str| InsertionPoint {
        object,
        within,
        at,
        before: before.to_string(),
        after: after.to_string(),
        indent: indent.clone(),
        step: " ".repeat(step),
        flow,
        newline,
    };
    let (Some(first), Some(last)) = (first, entries.last()) else {
        // Only a flow mapping is empty: `{}`.
        return flow.then(|| point(map.span.start + 1, "", ""));
    };
    match (placement, flow) {
        (Placement::First, true) => Some(point(first.key.span.start, "", ", ")),
        (Placement::First, false) => Some(point(
            first.key.span.start,
            "",
            &format!("{newline}{indent}"),
        )),
        (Placement::Before(key), _) => {
            let entry = entries.iter().find(|e| e.key.as_str() == Some(key))?;
            let start = entry.key.span.start;
            if flow {
                return Some(point(start, "", ", "));
            }
            let line = line_start(start);
            if text.get(line..start)?.chars().all(|c| c == ' ') {
                Some(point(line, &indent, newline))
            } else {
                Some(point(start, "", &format!("{newline}{indent}")))
            }
        }
        (Placement::Last, true) => Some(point(last.span().end, ", ", "")),
        (Placement::Last, false) => {
            // After the line the last value ends on (a block value's span
            // may reach into the blank lines after it).
            let content_end = text.get(..last.span().end)?.trim_end().len();
            match text.get(content_end..)?.find('\n') {
                Some(i) => Some(point(content_end + i + 1, &indent, newline)),
                None => Some(point(text.len(), &format!("{newline}{indent}"), "")),
            }
        }
    }
}

/// How a YAML file is laid out, read once per file for all the insertion
/// points in it (a manifest may hold thousands of containers), and only
/// when a point is asked for: most files hold none (a `ConfigMap`, a
/// `Service`), and reading every line of them was 3% of a Kubernetes run.
#[derive(Debug)]
pub struct Layout<'a> {
    text: &'a str,
    /// `"\n"`, or `"\r\n"` in a file with CRLF line endings.
    newline: OnceCell<&'static str>,
    /// Spaces per level of indentation.
    step: OnceCell<usize>,
}

impl<'a> Layout<'a> {
    pub fn of(text: &'a str) -> Self {
        Layout {
            text,
            newline: OnceCell::new(),
            step: OnceCell::new(),
        }
    }

    fn newline(&self) -> &'static str {
        self.newline.get_or_init(|| {
            if crate::source::holds(self.text, "\r\n") {
                "\r\n"
            } else {
                "\n"
            }
        })
    }

    fn step(&self) -> usize {
        *self.step.get_or_init(|| indentation_step(self.text))
    }
}

/// How many spaces one level of indentation is in `text`: the smallest
/// indentation of a line that has content, two when there is none.
fn indentation_step(text: &str) -> usize {
    // Every line of every manifest is read here: lines are found with
    // `memchr` and spaces counted as bytes, and one space is the least
    // there is. A line's `\r` is whitespace, as trimming reads it.
    let mut step = None;
    let mut start = 0;
    for end in memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]) {
        let line = &text[start..end];
        start = end + 1;
        let width = line.bytes().take_while(|&b| b == b' ').count();
        // Only a line indented less than the least so far can lower it.
        if width == 0 || step.is_some_and(|least| width >= least) {
            continue;
        }
        let content = &line[width..];
        if !content.trim().is_empty() && !content.starts_with('#') {
            step = Some(step.map_or(width, |least: usize| least.min(width)));
            if width == 1 {
                break;
            }
        }
    }
    step.unwrap_or(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of<'a>(text: &'a str, node: &Node) -> &'a str {
        &text[node.span.start..node.span.end]
    }

    #[test]
    fn spans_cover_keys_and_values() {
        let text = "a: 1\nb: \"two\"\nc:\n  - x\n  - {y: z}\nd: |\n  block\n  text\ne: é\n";
        let root = &parse(text).unwrap().documents[0].root;
        let dump: Vec<String> = root
            .entries()
            .iter()
            .map(|e| format!("{}={:?}", text_of(text, &e.key), text_of(text, &e.value)))
            .collect();
        assert_eq!(
            dump,
            [
                "a=\"1\"",
                "b=\"\\\"two\\\"\"",
                "c=\"- x\\n  - {y: z}\"",
                "d=\"block\\n  text\\n\"",
                "e=\"é\""
            ]
        );
        assert_eq!(root.get("a").unwrap().as_i64(), Some(1));
        assert_eq!(
            root.path(&["c"]).unwrap().items()[1]
                .get("y")
                .unwrap()
                .as_str(),
            Some("z")
        );
    }

    /// The block-style reader takes the styles it reads, with saphyr's
    /// spans where they are odd (a quoted scalar's span runs over the
    /// comment after it, a block scalar's over the indentation of the line
    /// that ends it), and leaves the rest to saphyr.
    #[test]
    fn the_block_style_reader_takes_block_style_and_reads_it_as_saphyr_does() {
        for text in [
            "a:\n  b: 1\n  c:\n  - x\nd:\ne: |\n  l1\n\n  l2\n\n\nf: end",
            "a:\n- b: 1\n  c: 2\nd: x",
            "a:\n-\n  x\n- \n- y",
            "a: |\n  x\n# c\nb: 1",
            "a: |-\n  x\n\n  # y\n\nb: 1",
            "a: |+\n  x\n\n",
            "a:\n  b: |\n    x\n  c: 1\n",
            "k: \"q\" # c\nj: 'it''s'\n",
            "- a\n-\n- - b\n",
            "- # c\n- x",
            "d:  # c\ne:  \nf:",
            "a: [x, \"y\" , z ]  # c\nb: {k: v, \"q\": 'w'}\nc: [a,b]\n",
            "a: [x, [y], {}]\nb:\n- [a, b]\n",
            "a: [] # x\nb: { }\n",
            "a:\n  - !reference [.auth:oidc, before_script]\n",
            "- { remote: https://x.y/z.yml }\n- [u:v:w, x#y, a :b]\n",
            "b: {k: a:b, l: [c:d], m: e:f }\n",
            "a: [x,\n  y]\n",
            "a: [x #y\n  ]\n",
            "job:\n  needs: [\n    \"a\",  # c\n\n    b, [c,\n      d], {e: f,\n     g: h}\n   ]\n  k: 1\n",
            "- [\n  a, b\n  ]\n- {\n   k: v\n  }\n",
            "a:\n- [\n  x]\n",
            "--- # c\na: 1\n---\nb: 2\n",
            "# only a comment\n",
            "\u{feff}a: é\nb: x:y\n",
            "a: 1\na: 2\n",
            "a: >\n  x\n  y\n\n  z\n\n\nb: 1",
            "- >-\n  one\n  two\n- >+\n  x\n\n",
            "a: >\n  x\n    more indented\n",
            "a: >\n  x\n    more\n  y\n  z\n",
            "a: >-\n  x\n\n    more\n\n\n  y\n  z\n    w\n    v\n\n  u\n",
            "a:\n- >\n  cmd \\\n    --flag\n    --other\nb: >+\n  x\n     y\n\n",
            "a: x\n  y\n\n  z\nb: 1",
            "- a\n  b # c\n-  c\n   d",
            "k:\n  a\n  b\n",
            "key:\n- # c\n- x\nother:\n-\n  y\n",
            "a: 'x\n  y\n\n  z '\nb: \"p \n   q\\\" r\"  # c\n",
            "a: !Ref x\nb: !Sub 'y'  # c\nc: !Join ['', [a, !GetAtt b.c]]\n",
            "- !If [a, !Ref b]\n- !Sub \"z\"\n",
            "a: !Sub |\n  x\nb: !If  # c\n  - x\n  - y\nc: !Base64\n  Fn::Sub: x\n",
            "- !Sub >-\n  x\n  y\n- !Ref\n  z\n",
            "a: \"x\\ty\\u00e9\\x41\\\"q\\\\\\N\\_\\L\\P\\e\\0\\/\\ \\U0001F600\"\n",
            "a: &x 1\nb: *x\n",
            ".base: &base\n  image: x\njob:\n  <<: *base  # c\n  script: [y, *base]\n",
            "- &a [1, &b 2]\n- *b\n- &c !Ref x\n- !Sub &d |\n  y\n- &e\n  - z\n- [*a, *e]\n",
            "a: &x 1\n---\nb: &x 2\nc: *x\n",
            "a: x\n  - y\n  *z [w] 'v' #u\n",
            "a: |2\n  x\n",
            "a:\n  b: |2-\n\n\n     x\n    y\n  c: >1\n   z\n",
            "- |-2\n   x\n",
            "---\n",
            "---\n---\na: 1\n--- # c\n",
            "a: 1\n...\n",
            "a: 1\n... # c\nb: 2\n...\n---\nc: 3\n",
        ] {
            assert_eq!(block_reader_agrees(text), Ok(true), "{text:?}");
        }
        for text in [
            "a: &x\nb: 1\n",
            "a: &x &y 1\n",
            "a: &x *y\n",
            "a: *x\n",
            "a: &é 1\nb: *é\n",
            "- &a k: v\n",
            "*a : 1\n",
            "a: !Sub\nb: 1\n",
            "a: !Sub\n- x\n",
            "a: !Sub !Ref x\n",
            "a: [!Ref]\n",
            "a: !!str x\n",
            "a: 'x\nb: 1'\n",
            "a:\n  b: 'x\n  y'\n",
            "a: \"x\\\n  y\"\n",
            "a: x\n  y: z\n",
            "a: |2\n x\n",
            "a: >2\n\n  x\n",
            "a: |\n\n  x\n",
            "a: \"x\\qy\"\n",
            "a: \"\\x+1\"\n",
            "a: \"\\uD800\"\n",
            "a: [x -]\n",
            "[a,\n b]\n",
            "a: [x\n  y]\n",
            "job:\n  needs: [\n  a]\n",
            "job:\n  needs: [\n    a\n  ]\n",
            "job:\n  needs: [a,\n b]\n",
            "a: {k:\n  v}\n",
            "a:\n  - b:\n      {\n        k: 1,\n      }\n",
            "a:\n  - b: {\n      k: 1, }\n",
            "a: [-, x]\n",
            "a: [x: y]\n",
            "a:\tb\n",
            "a: 1\r\n",
            "a: b\u{feff}c\n",
            "a: b\0c\n",
            "...\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: 1\n... x\n",
            "a: b: c\n",
            "- a\nb: 1\n",
            "a: |\n  x\n  ",
            "plain scalar\n",
        ] {
            assert_eq!(block_reader_agrees(text), Ok(false), "{text:?}");
        }
    }

    /// What the block-style reader takes in the test data, it reads as
    /// saphyr does; the property tests generate more.
    #[test]
    fn the_block_style_reader_agrees_with_saphyr_on_the_test_data() {
        let mut taken = 0;
        let mut dirs = vec![std::path::PathBuf::from("testdata"), "tests".into()];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    match block_reader_agrees(&text) {
                        Ok(took) => taken += usize::from(took),
                        Err(trees) => panic!("{}:\n{trees}", path.display()),
                    }
                }
            }
        }
        assert!(taken > 100, "only {taken} files read in block style");
    }

    /// Plain scalars are read a run of characters at a time (the patch of
    /// `vendor/saphyr-parser`): each ends where YAML ends it, and its span
    /// counts characters, not bytes.
    #[test]
    fn plain_scalars_end_where_yaml_ends_them() {
        let text = "image: nginx:1.27-alpine\nurl: http://x.y/z?q=1#frag\nnote: a # comment\n\
                    name: été:日本 x\nflow: {k: a:b, l: [c,d]}\ntab: t\tu\n";
        let root = &parse(text).unwrap().documents[0].root;
        let plain = |key: &str| {
            let node = root.get(key).unwrap();
            (
                node.as_str().unwrap().to_string(),
                text_of(text, node).to_string(),
            )
        };
        let same = |value: &str| (value.to_string(), value.to_string());
        assert_eq!(plain("image"), same("nginx:1.27-alpine"));
        assert_eq!(plain("url"), same("http://x.y/z?q=1#frag"));
        assert_eq!(plain("note"), same("a"));
        assert_eq!(plain("name"), same("été:日本 x"));
        assert_eq!(plain("tab"), same("t\tu"));
        let flow = root.get("flow").unwrap();
        assert_eq!(flow.get("k").unwrap().as_str(), Some("a:b"));
        let items: Vec<&str> = flow
            .get("l")
            .unwrap()
            .items()
            .iter()
            .filter_map(Node::as_str)
            .collect();
        assert_eq!(items, ["c", "d"]);
        // In a flow collection, `:` before a flow indicator ends a key.
        let pair = parse("[c:,d]\n").unwrap();
        let items = pair.documents[0].root.items();
        assert_eq!(items[0].get("c").and_then(Node::as_str), Some(""));
        assert_eq!(items[1].as_str(), Some("d"));
        assert!(
            parse("k: {m: e: f}\n").is_err(),
            "`: ` in a flow value starts no mapping"
        );
        // A byte order mark ends a scalar, where it must not stand.
        let bom = parse("a: b\u{feff}c\n").unwrap_err();
        assert_eq!(bom.span, Span::new(4, 4));
    }

    #[test]
    fn the_indentation_step_is_the_least_indentation_of_content() {
        assert_eq!(indentation_step("a:\n  b: 1\n    c: 2\n"), 2);
        assert_eq!(indentation_step("a:\r\n   b: 1\r\n"), 3);
        // Comments, blank lines and lines of blanks do not count.
        assert_eq!(indentation_step("a:\n # note\n  \n \r\n    b: 1"), 4);
        assert_eq!(indentation_step("a:\n \tb\n    c\n"), 1);
        assert_eq!(indentation_step("a: 1\n"), 2);
    }

    #[test]
    fn duplicate_keys_warn_and_last_wins() {
        let stream = parse("a: 1\na: 2\n").unwrap();
        assert_eq!(stream.warnings.len(), 1);
        assert_eq!(stream.warnings[0].span, Span::new(5, 6));
        assert_eq!(stream.documents[0].root.get("a").unwrap().as_i64(), Some(2));
    }

    #[test]
    fn merge_keys_apply_with_own_keys_winning() {
        let text = "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n";
        let root = &parse(text).unwrap().documents[0].root;
        let derived = root.get("derived").unwrap();
        assert_eq!(derived.get("x").unwrap().as_i64(), Some(1));
        assert_eq!(derived.get("y").unwrap().as_i64(), Some(3));
    }

    #[test]
    fn a_key_under_merge_keys_is_the_one_entries_lists_first() {
        // Merges of merges, a list of sources, a key written twice: a
        // lookup finds what the merged list finds.
        let text = "\
a: &a {p: 1, q: 2, q: 3}
b: &b {<<: *a, r: 4}
c: &c {q: 5, s: 6}
m:
  <<: [*b, *c]
  t: 7
";
        let root = &parse(text).unwrap().documents[0].root;
        let m = root.get("m").unwrap();
        for key in ["p", "q", "r", "s", "t", "u"] {
            let listed = m
                .entries()
                .into_iter()
                .find(|e| e.key.as_str() == Some(key));
            let value = |e: &Entry| e.value.as_i64();
            assert_eq!(m.entry(key).map(value), listed.map(value), "{key}");
        }
        assert_eq!(m.get("q").and_then(Node::as_i64), Some(2));
    }

    #[test]
    fn merges_in_turn_replace_what_was_set_before_them() {
        // Each compared with Ruby 3.1's Psych 4.0.3 (`YAML.load(text,
        // aliases: true)`).
        let text = "\
b: &b {x: 1, y: 2}
c: &c {y: 5, z: 6}
m:
  y: 3
  <<: *b
  x: 9
  <<: *c
n:
  <<: [*b, *c]
  <<: {x: 7}
d:
  x: 1
  x: 2
  <<: *b
";
        let mut root = parse(text).unwrap().documents.remove(0).root;
        root.apply_merges_in_turn();
        let read = |key: &str| -> Vec<(String, i64)> {
            root.get(key)
                .unwrap()
                .as_map()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e.key.as_str().unwrap().to_string(),
                        e.value.as_i64().unwrap(),
                    )
                })
                .collect()
        };
        let pairs = |list: &[(&str, i64)]| -> Vec<(String, i64)> {
            list.iter().map(|(k, v)| (k.to_string(), *v)).collect()
        };
        assert_eq!(read("m"), pairs(&[("y", 5), ("x", 9), ("z", 6)]));
        assert_eq!(read("n"), pairs(&[("y", 2), ("z", 6), ("x", 7)]));
        assert_eq!(read("d"), pairs(&[("x", 1), ("y", 2)]));
    }

    #[test]
    fn billion_laughs_is_refused() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            text.push_str(&format!(
                "{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
            ));
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("alias expansion"), "{error:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let flow = "[".repeat(10_000);
        let block: String = (0..1_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        for text in [flow, block] {
            let error = parse(&text).unwrap_err();
            assert!(error.message.contains("nesting deeper"), "{error:?}");
        }
    }

    #[test]
    fn tags_are_kept_with_their_spans() {
        let text =
            "a: !Ref X\nb: !Join\n  - ''\n  - [!GetAtt R.Arn, y]\nc: !!str 1\nd: !If {x: 1}\n";
        let root = &parse(text).unwrap().documents[0].root;
        let tag_of = |node: &Node| {
            let tag = node.tag.as_deref().unwrap();
            (
                tag.name.clone(),
                text_of(text, node).to_string(),
                &text[tag.span.start..tag.span.end],
            )
        };
        let join = root.get("b").unwrap();
        let get_att = &join.items()[1].items()[0];
        let dump: Vec<_> = [
            root.get("a").unwrap(),
            join,
            get_att,
            root.get("c").unwrap(),
        ]
        .into_iter()
        .chain(root.get("d"))
        .map(|n| {
            let (name, node, tag) = tag_of(n);
            format!("{name}|{node}|{tag}")
        })
        .collect();
        assert_eq!(
            dump,
            [
                "!Ref|!Ref X|!Ref",
                "!Join|!Join\n  - ''\n  - [!GetAtt R.Arn, y]|!Join",
                "!GetAtt|!GetAtt R.Arn|!GetAtt",
                "tag:yaml.org,2002:str|!!str 1|!!str",
                "!If|!If {x: 1}|!If"
            ]
        );
        assert_eq!(root.get("a").unwrap().tag_name(), Some("!Ref"));
        assert!(root.get("missing").is_none());
    }

    #[test]
    fn byte_order_mark_keeps_offsets() {
        let text = "\u{feff}a: b\n";
        let root = &parse(text).unwrap().documents[0].root;
        assert_eq!(text_of(text, root.get("a").unwrap()), "b");
    }

    /// Each construct go-yaml and CloudFormation read with a line at (or
    /// left of) its key's column: the values they read, at their spans.
    #[test]
    fn lenient_reads_under_indented_flow_and_quoted_continuations() {
        let cases = [
            // Compose: a flow sequence closed under its key.
            (
                "svc:\n  command: [\n    \"start\",\n    \"--uri\"\n  ]\n  ports: [1]\n",
                "command",
                "[\n    \"start\",\n    \"--uri\"\n  ]",
            ),
            // CloudFormation: a flow mapping closed left of its key.
            (
                "R:\n  P:\n    KeyPolicy: {\n        \"a\": [\"é\"]\n  }\n    Other: x\n",
                "KeyPolicy",
                "{\n        \"a\": [\"é\"]\n  }",
            ),
            // kubectl: a quoted string continued at its key's column.
            (
                "s:\n  - m: 'one\n    two'\n    r: x\n",
                "m",
                "'one\n    two'",
            ),
            // CloudFormation: `!Sub` JSON in a quoted string, under-indented.
            (
                "P:\n  - D: !Sub '{\n    \"a\": 1\n  }'\n",
                "D",
                "!Sub '{\n    \"a\": 1\n  }'",
            ),
            // Tagged flow items left of the key.
            (
                "A:\n  R: [\n  !GetAtt X.Arn,\n  \"b\"\n  ]\n",
                "R",
                "[\n  !GetAtt X.Arn,\n  \"b\"\n  ]",
            ),
        ];
        for (text, key, written) in cases {
            assert!(parse(text).is_err(), "{text}");
            let stream = parse_lenient(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            let root = &stream.documents[0].root;
            let mut found = None;
            let mut pending = vec![root];
            while let Some(node) = pending.pop() {
                for entry in node.entries() {
                    if entry.key.as_str() == Some(key) {
                        found = Some(&entry.value);
                    }
                    pending.push(&entry.value);
                }
                pending.extend(node.items());
            }
            let value = found.unwrap_or_else(|| panic!("{key} in {text}"));
            assert_eq!(text_of(text, value), written);
            check_spans(text, root);
        }
        let quoted = parse_lenient("s:\n  - m: 'one\n    two'\n").unwrap();
        let item = &quoted.documents[0].root.get("s").unwrap().items()[0];
        assert_eq!(item.get("m").unwrap().as_str(), Some("one two"));
    }

    fn check_spans(text: &str, node: &Node) {
        assert!(node.span.start <= node.span.end && node.span.end <= text.len());
        assert!(text.is_char_boundary(node.span.start) && text.is_char_boundary(node.span.end));
        for item in node.items() {
            check_spans(text, item);
        }
        for entry in node.as_map().unwrap_or_default() {
            check_spans(text, &entry.key);
            check_spans(text, &entry.value);
        }
    }

    /// What go-yaml refuses too stays the strict parser's error, at its
    /// position in the file.
    #[test]
    fn lenient_keeps_real_errors_where_they_are() {
        for text in [
            // An unclosed flow sequence.
            "a:\n  b: [\n  c\n",
            // A document marker inside a quoted string.
            "a:\n  b: 'x\n---\n  y'\n",
            // Block content under-indented: not a relaxation.
            "a:\n    b: 1\n  c: 2\n",
            "a: 'x\n",
            // An unclosed quote that a later line's quote seems to close.
            "a:\n  b: \"x\n  c: [\"y\"]\n",
        ] {
            let strict = parse(text).expect_err(text);
            assert_eq!(parse_lenient(text).expect_err(text), strict, "{text}");
        }
        // A relaxed construct, then a real error: the error is the later one.
        let text = "a:\n  b: [\n  1\n  ]\n  c: [d\n";
        let error = parse_lenient(text).unwrap_err();
        assert!(error.span.start > text.find("c:").unwrap(), "{error:?}");
    }

    #[test]
    fn errors_carry_byte_offsets() {
        let text = "é: [\n";
        let error = parse(text).unwrap_err();
        assert!(error.span.start <= text.len());
    }
}
