//! The findings of a run as it keeps them until its report is written.
//!
//! A large tree's run keeps hundreds of thousands of findings: held as
//! [`Finding`]s, one list of them (and its growth) was most of the run's
//! peak memory. Here each is a compact record, grouped by file: the path
//! once per file, the rule and the texts as indices into tables that hold
//! each once, positions as 32-bit numbers (files are at most
//! [`crate::MAX_FILE_BYTES`]). Renderers read them back one [`Finding`] at
//! a time.

use std::sync::{Mutex, PoisonError};

use crate::FastMap;
use crate::finding::{
    Applicability, Confidence, Edit, Finding, Fingerprint, Fix, Frame, Severity, Text,
};
use crate::source::{Position, Span};

/// A report's findings, in report order: by path, line, column, rule.
#[derive(Debug, Default)]
pub struct Findings {
    files: Vec<FileFindings>,
    records: Blocks,
    /// Where each file's findings start among all, for [`Findings::get`].
    starts: Vec<usize>,
    /// The rules (id, family) and texts the records name by index.
    rules: Vec<(&'static str, &'static str)>,
    texts: Vec<Text>,
    frames: Vec<StoredFrame>,
}

/// The findings of one file, sorted.
#[derive(Debug)]
struct FileFindings {
    path: Text,
    records: Slot,
}

/// The records of a run, each file's together, in large blocks: a list
/// per file (each rounded up to its allocator's size class, and placed
/// among the short-lived allocations of parsing) kept a large tree's
/// findings in a third more memory than they take.
#[derive(Debug, Default)]
struct Blocks(Vec<Vec<Record>>);

/// Where one file's records are among the blocks.
#[derive(Debug, Clone, Copy)]
struct Slot {
    block: u32,
    start: u32,
    len: u32,
}

/// The records a block holds, unless a file has more.
const BLOCK_RECORDS: usize = 1 << 15;

impl Blocks {
    /// Keeps `records` together, in the last block if they fit there.
    fn add(&mut self, records: Vec<Record>) -> Slot {
        let fits = self
            .0
            .last()
            .is_some_and(|block| block.capacity() - block.len() >= records.len());
        if !fits {
            self.0
                .push(Vec::with_capacity(BLOCK_RECORDS.max(records.len())));
        }
        let block = self.0.len() - 1;
        let start = self.0[block].len();
        let len = records.len();
        self.0[block].extend(records);
        Slot {
            block: narrow(block),
            start: narrow(start),
            len: narrow(len),
        }
    }

    fn get(&self, slot: Slot) -> &[Record] {
        let start = slot.start as usize;
        &self.0[slot.block as usize][start..start + slot.len as usize]
    }

    fn get_mut(&mut self, slot: Slot) -> &mut [Record] {
        let start = slot.start as usize;
        &mut self.0[slot.block as usize][start..start + slot.len as usize]
    }

    /// Frees what the records of a file no longer reported hold; the
    /// records themselves stay, unread, until the run ends.
    fn release(&mut self, slot: Slot) {
        for record in self.get_mut(slot) {
            record.extras = None;
        }
    }
}

/// One finding, without its path, in 56 bytes. Fixes and secrets are rare,
/// so they are boxed; frames, kept only when the text report shows them,
/// are in a list of their own.
#[derive(Debug)]
struct Record {
    extras: Option<Box<Extras>>,
    /// An index into the frames, [`NO_FRAME`] without one: a JSON report
    /// keeps none.
    frame: u32,
    /// The finding's identity until [`Findings::finish`] turns it into its
    /// fingerprint.
    fingerprint: u64,
    message: u32,
    /// [`NO_OBJECT`] when the finding names none.
    object: u32,
    span: [u32; 2],
    start: [u32; 2],
    end: [u32; 2],
    rule: u16,
    severity: Severity,
    confidence: Confidence,
}

impl Record {
    /// The record, leaving one that holds nothing in its place.
    fn take(&mut self) -> Record {
        Record {
            extras: self.extras.take(),
            ..*self
        }
    }
}

/// What few findings have.
#[derive(Debug)]
struct Extras {
    fix: Option<StoredFix>,
    secret: Option<[u32; 2]>,
}

/// A [`Frame`] as a report keeps it, in 16 bytes: every finding of a text
/// report has one.
#[derive(Debug)]
struct StoredFrame {
    line: u32,
    column: u32,
    /// [`NO_COLUMN`] for none.
    byte_columns: [u32; 2],
}

/// A record's frame when it has none.
const NO_FRAME: u32 = u32::MAX;

/// A frame's byte column when it has none.
const NO_COLUMN: u32 = u32::MAX;

/// A [`Fix`] as a report keeps it: texts as indices into the tables,
/// positions narrowed as a record's.
#[derive(Debug)]
struct StoredFix {
    applicability: Applicability,
    message: u32,
    edits: Box<[StoredEdit]>,
    /// Shared through the tables: the lines of a tree's copies repeat.
    preview: Box<[Text]>,
}

#[derive(Debug)]
struct StoredEdit {
    span: [u32; 2],
    start: [u32; 2],
    end: [u32; 2],
    byte_columns: [u32; 2],
    replacement: u32,
}

/// A record's object when it has none: no run holds 2^32 texts.
const NO_OBJECT: u32 = u32::MAX;

/// The tables records index, as files add to them.
#[derive(Default)]
struct Tables {
    records: Blocks,
    rules: Vec<(&'static str, &'static str)>,
    rule_index: FastMap<(&'static str, &'static str), u16>,
    texts: Vec<Text>,
    text_index: FastMap<Text, u32>,
    /// The frames of the records, when the report shows them (a file
    /// checked again leaves its first frames here, unread).
    frames: Vec<StoredFrame>,
}

impl Tables {
    fn rule(&mut self, rule: &'static str, family: &'static str) -> u16 {
        *self.rule_index.entry((rule, family)).or_insert_with(|| {
            self.rules.push((rule, family));
            u16::try_from(self.rules.len() - 1).unwrap_or(u16::MAX)
        })
    }

    fn text(&mut self, text: &Text) -> u32 {
        if let Some(&index) = self.text_index.get(text.as_str()) {
            return index;
        }
        let index = u32::try_from(self.texts.len()).unwrap_or(u32::MAX);
        self.texts.push(text.clone());
        self.text_index.insert(text.clone(), index);
        index
    }

    /// The findings of `files`, whose records these tables hold; not yet
    /// indexed.
    fn into_findings(self, files: Vec<FileFindings>) -> Findings {
        Findings {
            files,
            records: self.records,
            starts: Vec::new(),
            rules: self.rules,
            texts: self.texts,
            frames: self.frames,
        }
    }

    /// The shared copy of `text`.
    fn shared(&mut self, text: &str) -> Text {
        let index = match self.text_index.get(text) {
            Some(&index) => index,
            None => self.text(&Text::from(text)),
        };
        self.texts[index as usize].clone()
    }

    /// Findings as records, grouped by path where consecutive ones share it.
    fn group(&mut self, findings: Vec<Finding>) -> Vec<FileFindings> {
        let mut files = Vec::new();
        let mut findings = findings.into_iter().peekable();
        while let Some(first) = findings.next() {
            let path = first.path.clone();
            let mut records = vec![self.record(first)];
            while let Some(next) = findings.next_if(|f| f.path == path) {
                records.push(self.record(next));
            }
            let records = self.records.add(records);
            files.push(FileFindings { path, records });
        }
        files
    }

    fn fix(&mut self, fix: &Fix) -> StoredFix {
        StoredFix {
            applicability: fix.applicability,
            message: self.text(&fix.message),
            edits: fix
                .edits
                .iter()
                .map(|edit| StoredEdit {
                    span: narrow_span(edit.span),
                    start: narrow_position(edit.start),
                    end: narrow_position(edit.end),
                    byte_columns: [narrow(edit.start_byte_column), narrow(edit.end_byte_column)],
                    replacement: self.text(&edit.replacement),
                })
                .collect(),
            preview: fix.preview.iter().map(|line| self.shared(line)).collect(),
        }
    }

    fn record(&mut self, finding: Finding) -> Record {
        let fix = finding.fix.map(|fix| self.fix(&fix));
        let secret = finding.secret.map(narrow_span);
        Record {
            extras: (fix.is_some() || secret.is_some()).then(|| Box::new(Extras { fix, secret })),
            frame: finding.frame.map_or(NO_FRAME, |frame| {
                let column = |column: Option<usize>| column.map_or(NO_COLUMN, narrow);
                let stored = StoredFrame {
                    line: self.text(&frame.line),
                    column: narrow(frame.column),
                    byte_columns: [
                        column(frame.start_byte_column),
                        column(frame.end_byte_column),
                    ],
                };
                self.frames.push(stored);
                narrow(self.frames.len() - 1)
            }),
            fingerprint: finding.identity,
            message: self.text(&finding.message),
            object: finding
                .object
                .as_ref()
                .map_or(NO_OBJECT, |object| self.text(object)),
            span: narrow_span(finding.span),
            start: narrow_position(finding.start),
            end: narrow_position(finding.end),
            rule: self.rule(finding.rule, finding.family),
            severity: finding.severity,
            confidence: finding.confidence,
        }
    }
}

fn narrow(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn narrow_span(span: Span) -> [u32; 2] {
    [narrow(span.start), narrow(span.end)]
}

fn narrow_position(position: Position) -> [u32; 2] {
    [narrow(position.line), narrow(position.column)]
}

fn widen_span([start, end]: [u32; 2]) -> Span {
    Span::new(start as usize, end as usize)
}

fn widen_position([line, column]: [u32; 2]) -> Position {
    Position {
        line: line as usize,
        column: column as usize,
    }
}

/// Gathers the findings of a run's files as they finish, on any thread and
/// in any order; each file gives its place in report order.
#[derive(Default)]
pub(crate) struct Collector(Mutex<Collected>);

#[derive(Default)]
struct Collected {
    files: Vec<(usize, FileFindings)>,
    tables: Tables,
}

impl Collector {
    /// Adds the findings of the file at `place` in report order (located,
    /// with their identities).
    pub(crate) fn add(&self, place: usize, mut findings: Vec<Finding>) {
        if findings.is_empty() {
            return;
        }
        // Stable: findings that tie keep the order their file gave them.
        let in_order = |a: &Finding, b: &Finding| a.sort_key().cmp(&b.sort_key());
        if !findings.is_sorted_by(|a, b| in_order(a, b).is_le()) {
            findings.sort_by(in_order);
        }
        let mut collected = self.lock();
        let Collected { files, tables } = &mut *collected;
        files.extend(tables.group(findings).into_iter().map(|file| (place, file)));
    }

    /// Drops the findings of the files `places` marks, which are checked
    /// again.
    pub(crate) fn forget(&self, places: &[bool]) {
        let mut collected = self.lock();
        let Collected { files, tables } = &mut *collected;
        files.retain(|(place, file)| {
            let forgotten = places.get(*place).copied().unwrap_or(false);
            if forgotten {
                tables.records.release(file.records);
            }
            !forgotten
        });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.lock().files.is_empty()
    }

    /// The findings in report order, not yet fingerprinted.
    pub(crate) fn into_findings(self) -> Findings {
        let Collected { mut files, tables } =
            self.0.into_inner().unwrap_or_else(PoisonError::into_inner);
        files.sort_by_key(|(place, _)| *place);
        let mut findings = tables.into_findings(files.into_iter().map(|(_, file)| file).collect());
        findings.order();
        findings
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Collected> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Findings {
    pub fn len(&self) -> usize {
        self.files
            .iter()
            .map(|file| file.records.len as usize)
            .sum()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Every finding, in report order.
    pub fn iter(&self) -> impl Iterator<Item = Finding> + Clone + '_ {
        self.files.iter().flat_map(move |file| {
            self.records
                .get(file.records)
                .iter()
                .map(move |record| self.finding(&file.path, record))
        })
    }

    /// The finding at `index` in report order.
    pub fn get(&self, index: usize) -> Option<Finding> {
        let file = self
            .starts
            .partition_point(|&start| start <= index)
            .checked_sub(1)?;
        let record = self
            .records
            .get(self.files[file].records)
            .get(index - self.starts[file])?;
        Some(self.finding(&self.files[file].path, record))
    }

    /// The rule and severity of every finding, in report order, without
    /// reading the rest back.
    pub fn rules_and_severities(&self) -> impl Iterator<Item = (&'static str, Severity)> + '_ {
        self.files
            .iter()
            .flat_map(|file| self.records.get(file.records))
            .map(|record| (self.rules[usize::from(record.rule)].0, record.severity))
    }

    /// Keeps the findings `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&Finding) -> bool) {
        let (rules, texts, frames) = (&self.rules, &self.texts, &self.frames);
        for file in &mut self.files {
            let records = self.records.get_mut(file.records);
            let mut kept = 0;
            for index in 0..records.len() {
                if keep(&finding_of(
                    rules,
                    texts,
                    frames,
                    &file.path,
                    &records[index],
                )) {
                    records.swap(kept, index);
                    kept += 1;
                }
            }
            let dropped = Slot {
                start: file.records.start + narrow(kept),
                len: file.records.len - narrow(kept),
                ..file.records
            };
            self.records.release(dropped);
            file.records.len = narrow(kept);
        }
        self.files.retain(|file| file.records.len > 0);
        self.index();
    }

    /// Gives each finding its stable fingerprint: its identity and how
    /// many findings with that identity come before it. An identity hashes
    /// the path, so only a file's own findings can share it.
    pub(crate) fn finish(&mut self) {
        let mut seen = FastMap::<u64, u32>::default();
        for file in &self.files {
            seen.clear();
            for record in self.records.get_mut(file.records) {
                let base = record.fingerprint;
                let occurrence = seen.entry(base).or_default();
                record.fingerprint =
                    crate::fnv1a([base.to_string().as_str(), occurrence.to_string().as_str()]);
                *occurrence += 1;
            }
        }
    }

    /// Puts the files in path order. They come in report order already,
    /// but for standard input and files the walk could not read, which
    /// follow; a path given twice has its findings merged, in the order
    /// they were added where their sort keys tie.
    fn order(&mut self) {
        let by_path = |a: &FileFindings, b: &FileFindings| a.path.cmp(&b.path);
        if !self.files.is_sorted_by(|a, b| by_path(a, b).is_lt()) {
            self.files.sort_by(by_path);
            let mut merged: Vec<FileFindings> = Vec::with_capacity(self.files.len());
            for file in std::mem::take(&mut self.files) {
                match merged.last_mut() {
                    Some(last) if last.path == file.path => {
                        let mut both = Vec::new();
                        for slot in [last.records, file.records] {
                            both.extend(self.records.get_mut(slot).iter_mut().map(Record::take));
                        }
                        last.records = self.records.add(both);
                    }
                    _ => merged.push(file),
                }
            }
            let (rules, texts) = (&self.rules, &self.texts);
            for file in &merged {
                self.records.get_mut(file.records).sort_by(|a, b| {
                    let key = |r: &Record| {
                        (
                            r.start,
                            rules[usize::from(r.rule)].0,
                            r.end,
                            texts[r.message as usize].as_str(),
                        )
                    };
                    key(a).cmp(&key(b))
                });
            }
            self.files = merged;
        }
        self.index();
    }

    fn index(&mut self) {
        self.starts = self
            .files
            .iter()
            .scan(0, |start, file| {
                let here = *start;
                *start += file.records.len as usize;
                Some(here)
            })
            .collect();
    }

    fn finding(&self, path: &Text, record: &Record) -> Finding {
        finding_of(&self.rules, &self.texts, &self.frames, path, record)
    }
}

fn finding_of(
    rules: &[(&'static str, &'static str)],
    texts: &[Text],
    frames: &[StoredFrame],
    path: &Text,
    record: &Record,
) -> Finding {
    let (rule, family) = rules[usize::from(record.rule)];
    let mut finding = Finding::new(rule, family, record.severity, widen_span(record.span));
    finding.confidence = record.confidence;
    finding.message = texts[record.message as usize].clone();
    finding.object = (record.object != NO_OBJECT).then(|| texts[record.object as usize].clone());
    let extras = record.extras.as_deref();
    finding.secret = extras.and_then(|e| e.secret).map(widen_span);
    finding.path = path.clone();
    finding.start = widen_position(record.start);
    finding.end = widen_position(record.end);
    finding.frame = frames.get(record.frame as usize).map(|frame| {
        let column = |column: u32| (column != NO_COLUMN).then_some(column as usize);
        Box::new(Frame {
            line: texts[frame.line as usize].clone(),
            column: frame.column as usize,
            start_byte_column: column(frame.byte_columns[0]),
            end_byte_column: column(frame.byte_columns[1]),
        })
    });
    finding.fingerprint = Fingerprint(record.fingerprint);
    finding.fix = extras
        .and_then(|e| e.fix.as_ref())
        .map(|fix| Box::new(fix_of(texts, fix)));
    finding
}

fn fix_of(texts: &[Text], fix: &StoredFix) -> Fix {
    Fix {
        applicability: fix.applicability,
        message: texts[fix.message as usize].clone(),
        edits: fix
            .edits
            .iter()
            .map(|edit| Edit {
                span: widen_span(edit.span),
                replacement: texts[edit.replacement as usize].clone(),
                start: widen_position(edit.start),
                end: widen_position(edit.end),
                start_byte_column: edit.byte_columns[0] as usize,
                end_byte_column: edit.byte_columns[1] as usize,
            })
            .collect(),
        preview: fix.preview.iter().map(|line| line.to_string()).collect(),
    }
}

/// Findings already fingerprinted (a test's, a fuzz target's), as a
/// report holds them, in the order given.
impl From<Vec<Finding>> for Findings {
    fn from(mut findings: Vec<Finding>) -> Findings {
        for finding in &mut findings {
            finding.identity = finding.fingerprint.0;
        }
        let mut tables = Tables::default();
        let files = tables.group(findings);
        let mut grouped = tables.into_findings(files);
        grouped.index();
        grouped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A run over a large tree keeps hundreds of thousands of records.
    #[test]
    fn a_record_stays_within_56_bytes() {
        assert!(std::mem::size_of::<Record>() <= 56);
    }

    /// A finding at `line` of `path`; every third has a fix.
    fn finding(path: &str, line: usize) -> Finding {
        let mut finding = Finding::new("rule", "family", Severity::Warning, Span::new(line, line));
        finding.path = path.into();
        finding.message = format!("{path}:{line}").into();
        finding.start = Position { line, column: 1 };
        finding.end = finding.start;
        if line.is_multiple_of(3) {
            finding.fix = Some(Box::new(Fix::new(
                Applicability::Safe,
                format!("fix {path}:{line}"),
                vec![Edit::replace(Span::new(line, line), "x")],
            )));
        }
        finding
    }

    /// Each finding as `path:line`, with its fix's message when it has one.
    fn listed(findings: &Findings) -> Vec<String> {
        findings
            .iter()
            .map(|f| match &f.fix {
                Some(fix) => format!("{} ({})", f.message, fix.message),
                None => f.message.to_string(),
            })
            .collect()
    }

    /// The message of the finding at `index`, read back alone, and how
    /// many findings there are.
    fn read_at(findings: &Findings, index: usize) -> (String, usize) {
        let message = findings.get(index).map(|f| f.message.to_string());
        (message.unwrap_or_default(), findings.len())
    }

    #[test]
    fn a_path_added_twice_is_read_back_once_in_order_with_its_fixes() {
        let run = Collector::default();
        run.add(0, vec![finding("a", 2)]);
        run.add(1, vec![finding("c", 1)]);
        // Standard input named as a file comes after the files.
        run.add(2, vec![finding("b", 3), finding("b", 4)]);
        run.add(3, vec![finding("a", 1), finding("a", 3)]);
        let findings = run.into_findings();
        assert_eq!(
            listed(&findings),
            ["a:1", "a:2", "a:3 (fix a:3)", "b:3 (fix b:3)", "b:4", "c:1"]
        );
        assert_eq!(read_at(&findings, 2), ("a:3".into(), 6));
    }

    #[test]
    fn retained_findings_keep_their_order_and_fixes() {
        let lines = |path: &str| (1..=7).map(|line| finding(path, line)).collect::<Vec<_>>();
        let mut findings = Findings::from([lines("a"), lines("b")].concat());
        findings.retain(|f| !f.start.line.is_multiple_of(2) || f.message.starts_with('b'));
        assert_eq!(
            listed(&findings),
            [
                "a:1",
                "a:3 (fix a:3)",
                "a:5",
                "a:7",
                "b:1",
                "b:2",
                "b:3 (fix b:3)",
                "b:4",
                "b:5",
                "b:6 (fix b:6)",
                "b:7",
            ]
        );
        findings.retain(|f| f.message.starts_with('b'));
        assert_eq!(read_at(&findings, 0), ("b:1".into(), 7));
    }

    #[test]
    fn a_file_checked_again_gives_its_new_findings_only() {
        let run = Collector::default();
        run.add(0, vec![finding("a", 1)]);
        run.add(1, vec![finding("b", 3), finding("b", 5)]);
        run.forget(&[false, true]);
        run.add(1, vec![finding("b", 6)]);
        assert_eq!(listed(&run.into_findings()), ["a:1", "b:6 (fix b:6)"]);
    }
}
