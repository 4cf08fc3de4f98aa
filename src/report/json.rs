//! `--format json`: the versioned contract of DESIGN.md.

use std::io::{self, Write};

use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

use crate::Report;
use crate::finding::{Finding, Fingerprint, Fix};
use crate::source::Position;

/// Bumped on any change that could break a consumer.
pub const VERSION: u32 = 1;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut json = Writer {
        buffer: Vec::with_capacity(FLUSH_AT + 4096),
        out,
    };
    json.raw("{");
    json.member(1, true, "version");
    json.number(u64::from(VERSION));
    json.member(1, false, "files_scanned");
    json.number(report.files_scanned as u64);
    json.member(1, false, "findings");
    json.array(1, report.findings.iter(), |json, finding| {
        json.finding(&finding)?;
        json.flush_when_full()
    })?;
    json.raw("\n}\n");
    json.flush_when_full()?;
    json.out.write_all(&json.buffer)?;
    json.out.flush()
}

/// The buffer is handed on once this full.
const FLUSH_AT: usize = 1 << 16;

/// Writes the report's JSON exactly as `serde_json::to_writer_pretty`
/// writes the same document (two spaces per level; the tests hold the two
/// side by side), into a buffer it hands on by large pieces. serde_json
/// writes each token, each level's indentation and each byte's escape test
/// apart; rendering the report is the one part of a run no other work
/// overlaps, and this takes a third of its time.
struct Writer<'w> {
    buffer: Vec<u8>,
    out: &'w mut dyn Write,
}

impl Writer<'_> {
    fn finding(&mut self, f: &Finding) -> io::Result<()> {
        self.raw("{");
        self.member(3, true, "rule");
        self.string(f.rule);
        self.member(3, false, "family");
        self.string(f.family);
        self.member(3, false, "severity");
        self.string(f.severity.as_str());
        self.member(3, false, "confidence");
        self.string(f.confidence.as_str());
        self.member(3, false, "path");
        self.string(&f.path);
        self.position(3, "line", "column", f.start);
        self.position(3, "end_line", "end_column", f.end);
        self.member(3, false, "message");
        self.string(&f.message);
        self.member(3, false, "object");
        match f.object.as_deref() {
            Some(object) => self.string(object),
            None => self.raw("null"),
        }
        self.member(3, false, "fingerprint");
        self.fingerprint(f.fingerprint);
        // Absent when the rule knows no fix for the finding.
        if let Some(fix) = f.fix.as_deref() {
            self.member(3, false, "fix");
            self.fix(fix)?;
        }
        self.close(2, "}");
        Ok(())
    }

    fn fix(&mut self, fix: &Fix) -> io::Result<()> {
        self.raw("{");
        self.member(4, true, "applicability");
        self.string(fix.applicability.as_str());
        self.member(4, false, "message");
        self.string(&fix.message);
        self.member(4, false, "edits");
        // Replace the text from line/column to end_line/end_column
        // (exclusive) by `replacement`; an empty range inserts.
        self.array(4, fix.edits.iter(), |json, edit| {
            json.raw("{");
            json.member(6, true, "line");
            json.number(edit.start.line as u64);
            json.member(6, false, "column");
            json.number(edit.start.column as u64);
            json.position(6, "end_line", "end_column", edit.end);
            json.member(6, false, "replacement");
            json.string(&edit.replacement);
            json.close(5, "}");
            Ok(())
        })?;
        self.close(3, "}");
        Ok(())
    }

    /// Two members: a position's line and column.
    fn position(&mut self, depth: usize, line: &str, column: &str, at: Position) {
        self.member(depth, false, line);
        self.number(at.line as u64);
        self.member(depth, false, column);
        self.number(at.column as u64);
    }

    /// The items of an array whose `[` is at `depth`.
    fn array<T>(
        &mut self,
        depth: usize,
        items: impl Iterator<Item = T>,
        mut item: impl FnMut(&mut Self, T) -> io::Result<()>,
    ) -> io::Result<()> {
        self.raw("[");
        let mut empty = true;
        for value in items {
            self.separate(depth + 1, empty);
            empty = false;
            item(self, value)?;
        }
        if empty {
            self.raw("]");
        } else {
            self.close(depth, "]");
        }
        Ok(())
    }

    /// A member's key at `depth`, after the member before it unless `first`.
    fn member(&mut self, depth: usize, first: bool, key: &str) {
        // Keys are this file's own words: nothing in them needs escaping.
        self.separate(depth, first);
        self.raw("\"");
        self.raw(key);
        self.raw("\": ");
    }

    fn separate(&mut self, depth: usize, first: bool) {
        self.raw(if first { "\n" } else { ",\n" });
        self.indent(depth);
    }

    /// The line break, indentation and bracket that end a non-empty
    /// object or array opened at `depth`.
    fn close(&mut self, depth: usize, bracket: &str) {
        self.raw("\n");
        self.indent(depth);
        self.raw(bracket);
    }

    fn indent(&mut self, depth: usize) {
        const SPACES: &str = "                ";
        self.raw(&SPACES[..(2 * depth).min(SPACES.len())]);
    }

    /// Quoted, as its 16 lowercase hex digits ([`Fingerprint`]'s display)
    /// without formatting machinery, which took as long as the rest of a
    /// finding's numbers.
    fn fingerprint(&mut self, fingerprint: Fingerprint) {
        self.buffer.push(b'"');
        for shift in (0..16).rev() {
            let digit = (fingerprint.0 >> (4 * shift)) & 0xf;
            self.buffer.push(b"0123456789abcdef"[digit as usize]);
        }
        self.buffer.push(b'"');
    }

    fn raw(&mut self, text: &str) {
        self.buffer.extend_from_slice(text.as_bytes());
    }

    fn number(&mut self, value: u64) {
        let written = CompactFormatter.write_u64(&mut self.buffer, value);
        debug_assert!(written.is_ok(), "a Vec takes every write");
    }

    /// `text` quoted and escaped as serde_json escapes it, a chunk of
    /// [`CHUNK`] bytes at a time where none needs it.
    fn string(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.buffer.push(b'"');
        let mut run = 0;
        let (chunks, tail) = bytes.as_chunks::<CHUNK>();
        for (index, chunk) in chunks.iter().enumerate() {
            if needs_escape(chunk) {
                self.escape(bytes, index * CHUNK..index * CHUNK + CHUNK, &mut run);
            }
        }
        if needs_escape(tail) {
            self.escape(bytes, bytes.len() - tail.len()..bytes.len(), &mut run);
        }
        self.buffer.extend_from_slice(&bytes[run..]);
        self.buffer.push(b'"');
    }

    /// Writes the bytes of `bytes` from `run` up to each byte of `within`
    /// that JSON escapes, and its escape; `run` moves past it.
    fn escape(&mut self, bytes: &[u8], within: std::ops::Range<usize>, run: &mut usize) {
        for at in within {
            if let Some(escape) = escape(bytes[at]) {
                self.buffer.extend_from_slice(&bytes[*run..at]);
                let written = CompactFormatter.write_char_escape(&mut self.buffer, escape);
                debug_assert!(written.is_ok(), "a Vec takes every write");
                *run = at + 1;
            }
        }
    }

    fn flush_when_full(&mut self) -> io::Result<()> {
        if self.buffer.len() >= FLUSH_AT {
            self.out.write_all(&self.buffer)?;
            self.buffer.clear();
        }
        Ok(())
    }
}

/// How many bytes of a string are tested at once: a vector register of the
/// baseline x86-64 (SSE2). Eight (a word) and 32 cost more instructions.
const CHUNK: usize = 16;

/// Whether one of `bytes` is a quote, a backslash or a control character:
/// the bytes JSON escapes. Every byte is tested, with no early exit, so
/// that the compiler tests them as vectors.
fn needs_escape(bytes: &[u8]) -> bool {
    bytes.iter().fold(false, |found, &b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    })
}

/// How serde_json writes `byte` in a string, when not as itself.
fn escape(byte: u8) -> Option<CharEscape> {
    Some(match byte {
        b'"' => CharEscape::Quote,
        b'\\' => CharEscape::ReverseSolidus,
        b'\n' => CharEscape::LineFeed,
        b'\r' => CharEscape::CarriageReturn,
        b'\t' => CharEscape::Tab,
        0x08 => CharEscape::Backspace,
        0x0c => CharEscape::FormFeed,
        0x00..=0x1f => CharEscape::AsciiControl(byte),
        _ => return None,
    })
}

/// Combines the reports of `--shard K/N` runs into the report one unsharded
/// run prints: `files_scanned` summed, findings in report order. Each file's
/// findings come whole from one shard, already in order, so a stable sort by
/// path interleaves them as one run orders them. Fields this version does
/// not know (in the document or in findings) are carried through untouched.
pub fn merge(reports: Vec<serde_json::Value>) -> Result<serde_json::Value, String> {
    use serde_json::Value;
    if reports.iter().any(|report| !report.is_object()) {
        return Err("a JSON report is not an object".into());
    }
    let mut reports = reports.into_iter();
    let mut merged = reports.next().ok_or("no JSON report to merge")?;
    let version = merged["version"].clone();
    let mut files_scanned = 0;
    let mut findings: Vec<Value> = Vec::new();
    for mut report in std::iter::once(merged.clone()).chain(reports) {
        if report["version"] != version {
            return Err(format!(
                "the reports have different versions ({} and {})",
                version, report["version"]
            ));
        }
        files_scanned += report["files_scanned"]
            .as_u64()
            .ok_or("a report has no `files_scanned`")?;
        match report["findings"].take() {
            Value::Array(report_findings) => findings.extend(report_findings),
            _ => return Err("a report has no `findings` list".into()),
        }
    }
    findings.sort_by(|a, b| a["path"].as_str().cmp(&b["path"].as_str()));
    merged["files_scanned"] = files_scanned.into();
    merged["findings"] = Value::Array(findings);
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// The document as serde_json writes it, for the writer to match.
    #[derive(Serialize)]
    struct Document {
        version: u32,
        files_scanned: usize,
        findings: Vec<JsonFinding>,
    }

    #[derive(Serialize)]
    struct JsonFinding {
        rule: String,
        family: String,
        severity: crate::finding::Severity,
        confidence: crate::finding::Confidence,
        path: String,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        message: String,
        object: Option<String>,
        fingerprint: crate::finding::Fingerprint,
        #[serde(skip_serializing_if = "Option::is_none")]
        fix: Option<JsonFix>,
    }

    #[derive(Serialize)]
    struct JsonFix {
        applicability: crate::finding::Applicability,
        message: String,
        edits: Vec<JsonEdit>,
    }

    #[derive(Serialize)]
    struct JsonEdit {
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        replacement: String,
    }

    fn by_serde(report: &Report) -> String {
        let findings = report.findings.iter().map(|f| JsonFinding {
            rule: f.rule.into(),
            family: f.family.into(),
            severity: f.severity,
            confidence: f.confidence,
            path: f.path.to_string(),
            line: f.start.line,
            column: f.start.column,
            end_line: f.end.line,
            end_column: f.end.column,
            message: f.message.to_string(),
            object: f.object.as_deref().map(String::from),
            fingerprint: f.fingerprint,
            fix: f.fix.as_deref().map(|fix| JsonFix {
                applicability: fix.applicability,
                message: fix.message.to_string(),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        line: e.start.line,
                        column: e.start.column,
                        end_line: e.end.line,
                        end_column: e.end.column,
                        replacement: e.replacement.to_string(),
                    })
                    .collect(),
            }),
        });
        let document = Document {
            version: VERSION,
            files_scanned: report.files_scanned,
            findings: findings.collect(),
        };
        serde_json::to_string_pretty(&document).expect("serializes") + "\n"
    }

    #[test]
    fn the_report_is_written_as_serde_json_writes_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
        let report = crate::check(&crate::Options {
            paths: vec![root.join("rules"), root.join("examples")],
            threads: 1,
            ..crate::Options::default()
        })
        .expect("the test data is readable");
        let fixes = report.findings.iter().filter(|f| f.fix.is_some()).count();
        assert!(
            fixes > 10 && report.findings.len() > 100,
            "too little to compare"
        );
        for report in [report, Report::default()] {
            let mut out = Vec::new();
            render(&report, &mut out).expect("writes to memory");
            assert_eq!(String::from_utf8(out).expect("UTF-8"), by_serde(&report));
        }
    }

    fn written(text: &str) -> String {
        let mut out = Vec::new();
        let mut json = Writer {
            buffer: Vec::new(),
            out: &mut out,
        };
        json.string(text);
        String::from_utf8(json.buffer).expect("UTF-8 in, UTF-8 out")
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        let mut samples = vec![
            String::new(),
            "plain text longer than one word of eight bytes".to_string(),
            "é\"\\\u{1}\u{7f}日本語\t\r\n\u{8}\u{c}\u{1f} ".repeat(5),
        ];
        // Every ASCII byte at every place within and across tested chunks.
        for byte in 0u8..0x80 {
            for before in 0..2 * CHUNK + 1 {
                let mut sample = "x".repeat(before);
                sample.push(char::from(byte));
                sample.push_str("yyyyyyyyy");
                samples.push(sample);
            }
        }
        for sample in samples {
            let expected = serde_json::to_string(&sample).expect("serializes");
            assert_eq!(written(&sample), expected, "{sample:?}");
        }
    }
}
