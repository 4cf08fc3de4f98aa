//! Findings: what a rule reports, and where.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use serde::Serialize;

use crate::source::{Position, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "note" => Some(Severity::Note),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How sure a rule is: `low` where a value it could not resolve decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    /// As reports spell it (serde's name).
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

/// One finding. Rules fill the first block; the pipeline fills the rest once
/// the file's text is at hand. A run keeps every finding until the end in a
/// compact form ([`crate::findings`]); what only some findings need, or only
/// until they are located, is boxed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub family: &'static str,
    pub severity: Severity,
    pub confidence: Confidence,
    pub span: Span,
    pub message: Text,
    /// The object a person would look for: `Deployment/api container web`.
    pub object: Option<Text>,
    /// A byte range holding a secret: masked wherever source text is echoed.
    pub secret: Option<Span>,
    /// The logical place and statement ([`Finding::place`],
    /// [`Finding::statement`]): read until the finding is located, then
    /// dropped.
    anchor: Option<Box<Anchor>>,

    pub path: Text,
    pub start: Position,
    pub end: Position,
    /// The code frame, when an output of the run shows one.
    pub frame: Option<Box<Frame>>,
    pub fingerprint: Fingerprint,
    /// The repair, when the rule knows the one right edit.
    pub fix: Option<Box<Fix>>,
    /// The hash of rule, path and logical place (or normalised source
    /// lines) that the fingerprint is derived from, set when the finding is
    /// located.
    pub(crate) identity: u64,
}

/// What a finding is, beyond its span, until it is located.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Anchor {
    /// A stable logical address (not a line number) for fingerprints;
    /// folded into the finding's identity once it is located.
    place: Option<String>,
    /// What the finding is about when that is more than its span (the
    /// policy statement of a finding on one of its actions): one problem
    /// gives one finding, decided on this ([`Finding::subject`]).
    statement: Option<Span>,
}

/// What the outputs that echo source text need of it: the first line a
/// finding's span covers, with every secret masked, and where the span
/// starts and ends on the lines it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    /// Shared by a report's frames that show the same line.
    pub line: Text,
    /// Where the span starts in `line`, in characters from 0: masks of
    /// secrets before it on its line move it left of `start.column`.
    pub column: usize,
    /// The span's start and end in UTF-8 bytes from 1 on their (masked)
    /// lines, for reviewdog; none where the line is not framed, or a mask
    /// may stand before the position.
    pub start_byte_column: Option<usize>,
    pub end_byte_column: Option<usize>,
}

impl Frame {
    /// The frame of a finding from `start` to `end` whose span covers
    /// `lines` (masked, the first `start`'s; only the first few of a long
    /// span); `masked`: the finding holds a secret.
    pub fn new(
        lines: &[String],
        column: usize,
        start: Position,
        end: Position,
        masked: bool,
    ) -> Frame {
        // A mask changes the text from the secret's start on: past the
        // first line, byte columns are not read from masked text.
        let byte_column = |position: Position| {
            if position.line > start.line && masked {
                return None;
            }
            let line = lines.get(position.line.checked_sub(start.line)?)?;
            let prefix = position.column.checked_sub(1)?;
            if line.chars().count() < prefix {
                return None;
            }
            Some(line.chars().take(prefix).map(char::len_utf8).sum::<usize>() + 1)
        };
        Frame {
            line: lines.first().map(String::as_str).unwrap_or_default().into(),
            column,
            start_byte_column: byte_column(start),
            end_byte_column: byte_column(end),
        }
    }
}

impl Finding {
    pub fn new(rule: &'static str, family: &'static str, severity: Severity, span: Span) -> Self {
        Finding {
            rule,
            family,
            severity,
            confidence: Confidence::High,
            span,
            message: Text::default(),
            object: None,
            secret: None,
            anchor: None,
            path: Text::default(),
            start: Position::default(),
            end: Position::default(),
            frame: None,
            fingerprint: Fingerprint::default(),
            fix: None,
            identity: 0,
        }
    }

    pub fn message(&mut self, message: impl Into<Text>) -> &mut Self {
        self.message = message.into();
        self
    }

    pub fn object(&mut self, object: impl Into<Text>) -> &mut Self {
        self.object = Some(object.into());
        self
    }

    /// A stable logical address (not a line number) for fingerprints.
    pub fn place(&mut self, place: impl Into<String>) -> &mut Self {
        self.anchor.get_or_insert_default().place = Some(place.into());
        self
    }

    /// The logical address given with [`Finding::place`], until the
    /// finding is located.
    pub fn logical_place(&self) -> Option<&str> {
        self.anchor.as_ref()?.place.as_deref()
    }

    /// What the finding is about when that is more than its span.
    pub fn statement(&mut self, span: Span) -> &mut Self {
        self.anchor.get_or_insert_default().statement = Some(span);
        self
    }

    /// Whether it has a logical place, which identifies it.
    pub(crate) fn has_place(&self) -> bool {
        self.anchor
            .as_ref()
            .is_some_and(|anchor| anchor.place.is_some())
    }

    /// Drops what only locating reads, and gives the logical place.
    pub(crate) fn take_place(&mut self) -> Option<String> {
        self.anchor.take().and_then(|anchor| anchor.place)
    }

    pub fn severity(&mut self, severity: Severity) -> &mut Self {
        self.severity = severity;
        self
    }

    pub fn confidence(&mut self, confidence: Confidence) -> &mut Self {
        self.confidence = confidence;
        self
    }

    pub fn secret(&mut self, span: Span) -> &mut Self {
        self.secret = Some(span);
        self
    }

    /// Attaches a repair; a rule without one leaves the finding as it is.
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// The fix a tool may offer to apply (a review bot's suggestion, a SARIF
    /// fix): any but a display-only skeleton.
    pub fn applicable_fix(&self) -> Option<&Fix> {
        self.fix
            .as_deref()
            .filter(|fix| fix.applicability != Applicability::DisplayOnly)
    }

    /// What the finding is about: its statement, or else its span.
    pub fn subject(&self) -> Span {
        self.anchor
            .as_ref()
            .and_then(|anchor| anchor.statement)
            .unwrap_or(self.span)
    }

    /// The deterministic order of every output: path, line, column, rule.
    pub fn sort_key(&self) -> (&str, Position, &str, Position, &str) {
        (&self.path, self.start, self.rule, self.end, &self.message)
    }
}

/// A finding's stable identity across runs, shown as 16 hex digits: kept
/// as the number, not its text, so that a large tree's findings do not each
/// hold one more allocation until the end.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub u64);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Text that many findings may share: a path, a message that a rule words
/// the same way for many objects. One reference-counted allocation, so a run
/// that keeps a large tree's findings until the end keeps each text once
/// ([`crate::findings`]).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Arc<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(text: String) -> Self {
        Text(Arc::from(text))
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text(Arc::from(text))
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Self {
        Text::from(text.as_str())
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// How far a fix may be trusted to keep what the file does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// A skeleton the user must complete (values, endpoints): shown, never applied.
    DisplayOnly,
    /// May change behaviour (the user a process runs as): needs a person's
    /// eye, applied with `--unsafe-fixes` only.
    Unsafe,
    /// Keeps the behaviour users rely on: applied by `--fix`.
    Safe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }

    pub fn parse(text: &str) -> Option<Applicability> {
        match text {
            "display-only" => Some(Applicability::DisplayOnly),
            "unsafe" => Some(Applicability::Unsafe),
            "safe" => Some(Applicability::Safe),
            _ => None,
        }
    }
}

impl fmt::Display for Applicability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A repair: text edits in the finding's file, none overlapping another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, for a person: "add `needs: [lint, test]`".
    pub message: Text,
    /// Sorted by position.
    pub edits: Vec<Edit>,
    /// The lines the edits change, before (`-`, secrets masked) and after
    /// (`+`), filled in with the finding's positions for the text output.
    pub preview: Vec<String>,
}

impl Fix {
    pub fn new(applicability: Applicability, message: impl Into<Text>, edits: Vec<Edit>) -> Fix {
        let mut edits = edits;
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            applicability,
            message: message.into(),
            edits,
            preview: Vec::new(),
        }
    }

    /// The bytes the fix touches, from its first edit to its last.
    pub fn extent(&self) -> Option<Span> {
        let first = self.edits.first()?;
        Some(
            self.edits
                .iter()
                .fold(first.span, |all, edit| all.join(edit.span)),
        )
    }
}

/// Replace the bytes of `span` with `replacement` (an empty span inserts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: Text,
    /// Filled in with the finding's own positions, for outputs.
    pub start: Position,
    pub end: Position,
    /// `start` and `end` with columns in UTF-8 bytes from 1 (reviewdog's).
    pub start_byte_column: usize,
    pub end_byte_column: usize,
}

impl Edit {
    pub fn replace(span: Span, replacement: impl Into<Text>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
            start: Position::default(),
            end: Position::default(),
            start_byte_column: 0,
            end_byte_column: 0,
        }
    }

    pub fn insert(offset: usize, text: impl Into<Text>) -> Edit {
        Edit::replace(Span::at(offset), text)
    }

    pub fn delete(span: Span) -> Edit {
        Edit::replace(span, "")
    }
}

/// Masks a secret for display: its first four characters, then a fixed mask
/// that does not reveal the length.
pub fn redact(secret: &str) -> String {
    if secret.chars().count() < SHOWN_FROM {
        // Passwords: four characters of a nine-letter one would be almost
        // half of it.
        return "*".repeat(8);
    }
    let shown: String = secret.chars().take(4).collect();
    format!("{shown}********")
}

/// The length from which [`redact`] shows a secret's first four
/// characters: a token's, which name its kind (`AKIA`, `ghp_`) and are a
/// quarter of it at most.
const SHOWN_FROM: usize = 16;

/// How many characters [`redact`] shows for a secret of `chars` characters.
pub fn redacted_width(chars: usize) -> usize {
    if chars < SHOWN_FROM { 8 } else { 12 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_four_characters_of_long_secrets_and_hides_length() {
        assert_eq!(redact("AKIAIOSFODNN7EXAMPLE"), "AKIA********");
        assert_eq!(redact("hunter2"), "********");
        assert_eq!(redact("paperless"), "********");
        assert_eq!(redact("ébcdefghijklmnop"), "ébcd********");
        for secret in ["hunter2", "paperless", "AKIAIOSFODNN7EXAMPLE"] {
            assert_eq!(
                redacted_width(secret.chars().count()),
                redact(secret).chars().count()
            );
        }
    }
}
