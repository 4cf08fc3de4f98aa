//! YAML as go-yaml (kubectl, Docker Compose, GitLab) and CloudFormation
//! read it, where that differs from YAML 1.2 as `saphyr-parser` reads it.
//!
//! libyaml and its ports (go-yaml, PyYAML, SnakeYAML) check indentation in
//! block context only: inside a flow collection (`[` ... `]`, `{` ... `}`)
//! and inside a quoted scalar no line has to be indented deeper than the
//! key that holds it. So `command: [` ... `]` with the `]` under `command`,
//! or `PolicyDocument: !Sub '{` ... `}'` with the JSON at the key's column,
//! load there and fail here. Nothing else is relaxed: a document marker at
//! column 0 inside such a construct stays an error, as it is for libyaml.
//!
//! How: when the strict parse fails with an indentation error inside one of
//! these constructs, the construct's under-indented lines get the spaces
//! they lack in a copy of the text, and the copy is parsed again. Indentation
//! inside these constructs carries no meaning (quoted scalars fold the
//! leading spaces of their lines away), so the values are those go-yaml
//! reads, and every span is mapped back into the original text.
//!
//! Bounded: each retry must add spaces, and at most [`MAX_REPAIRS`]
//! constructs are repaired (fewer in a file so large that the parses would
//! read more than [`REPARSE_BYTES`]), so hostile input costs a bounded
//! number of linear parses.

use std::collections::BTreeMap;

use super::{Error, Failure, Stream, load};

/// How many constructs one file may have repaired before its error stands.
pub const MAX_REPAIRS: usize = 64;

/// How many bytes the retries of one file may parse in all, beyond a first
/// retry that every file gets.
pub const REPARSE_BYTES: usize = 64 << 20;

/// What the strict parser says about the indentation this module relaxes.
const RELAXED: [&str; 3] = [
    "invalid indentation",
    "invalid indentation in flow construct",
    "invalid indentation in quoted scalar",
];

/// Parses a YAML stream as go-yaml and CloudFormation do (see the module
/// documentation); errors name what they would name too.
pub fn parse_lenient(text: &str) -> Result<Stream, Error> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let base = text.len() - body.len();
    // Spaces to insert at line starts of `body`, by the line's offset.
    let mut padding: BTreeMap<usize, usize> = BTreeMap::new();
    let mut attempt = load(text, None);
    let retries = MAX_REPAIRS.min(1 + REPARSE_BYTES / text.len().max(1));
    for _ in 0..retries {
        let failure = match attempt {
            Ok(stream) => return Ok(stream),
            Err(failure) => failure,
        };
        if !repair(body, base, &failure, &mut padding) {
            return Err(failure.error);
        }
        let repaired = Repaired::new(body, &padding);
        attempt = load(text, Some(&repaired));
    }
    attempt.map_err(|failure| {
        let mut error = failure.error;
        if RELAXED.contains(&error.message.as_str()) {
            error.message = format!(
                "{} (after {retries} flow collections or quoted strings with lines not indented \
                 past their key, devops-check reads no more of them in one file)",
                error.message
            );
        }
        error
    })
}

/// Pads the lines of the construct `failure` stopped in; whether any line
/// changed.
fn repair(
    body: &str,
    base: usize,
    failure: &Failure,
    padding: &mut BTreeMap<usize, usize>,
) -> bool {
    let message = failure.error.message.as_str();
    if !RELAXED.contains(&message) {
        return false;
    }
    let at = failure.error.span.start.saturating_sub(base);
    // The outermost flow collection holds every line the error may be on;
    // outside one, only a quoted scalar (where the error points) is relaxed.
    let opener = match failure.flow_start {
        Some(start) => start.saturating_sub(base),
        None if message.ends_with("quoted scalar") => at,
        None => return false,
    };
    let Some(end) = construct_end(body.as_bytes(), opener) else {
        return false;
    };
    if !(opener..=end).contains(&at) || !body.get(end..).is_some_and(ends_its_line) {
        return false;
    }
    pad(body, opener, end, padding)
}

/// Whether what follows a construct's end on its line may follow a node
/// (a separator, a comment, `: value` of a key): otherwise the construct
/// was never closed where it seems to be (`image: "web` swallowing the
/// next line up to its first quote), and padding would only move the
/// error away from where it was made.
fn ends_its_line(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with(['\r', '\n', '#', ',', ']', '}', ':'])
}

/// Gives every line of the construct from `opener` to `end` that is not
/// deeper than its key's column the spaces that make it so.
fn pad(body: &str, opener: usize, end: usize, padding: &mut BTreeMap<usize, usize>) -> bool {
    let (Some(before), Some(construct)) = (body.get(..opener), body.get(..end)) else {
        return false;
    };
    let first = before.rfind('\n').map_or(0, |i| i + 1);
    let indent = |start: usize, width: usize| width + padding.get(&start).copied().unwrap_or(0);
    // The key's column: past the indentation and any `- ` of sequence items.
    let line = &before[first..];
    let mut key = line.trim_start_matches([' ', '\t']);
    while let Some(rest) = key.strip_prefix('-').filter(|r| r.starts_with([' ', '\t'])) {
        key = rest.trim_start_matches([' ', '\t']);
    }
    let required = indent(first, line.len() - key.len()) + 1;
    let mut wanted = Vec::new();
    let mut start = first;
    while let Some(newline) = construct[start..].find('\n') {
        start += newline + 1;
        let line = body[start..].split('\n').next().unwrap_or_default();
        let content = line.trim_start_matches([' ', '\t']);
        if content.trim_end().is_empty() {
            continue;
        }
        if line.len() == content.len() && is_document_marker(content) {
            return false;
        }
        let width = indent(start, line.len() - content.len());
        if width < required {
            wanted.push((start, required - width));
        }
    }
    for (start, spaces) in &wanted {
        *padding.entry(*start).or_default() += spaces;
    }
    !wanted.is_empty()
}

/// `---` or `...` alone: libyaml ends the document there, quoted or not.
fn is_document_marker(line: &str) -> bool {
    (line.starts_with("---") || line.starts_with("..."))
        && line[3..].chars().next().is_none_or(char::is_whitespace)
}

/// Where the quoted scalar or flow collection that starts at `start` ends
/// (past its closing character); `None` when it does not close.
fn construct_end(text: &[u8], start: usize) -> Option<usize> {
    match text.get(start)? {
        b'\'' | b'"' => quoted_end(text, start),
        b'[' | b'{' => flow_end(text, start),
        _ => None,
    }
}

fn quoted_end(text: &[u8], start: usize) -> Option<usize> {
    let quote = text[start];
    let mut i = start + 1;
    while let Some(&b) = text.get(i) {
        match b {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && text.get(i + 1) == Some(&b'\'') => i += 2,
            _ if b == quote => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of a flow collection: brackets counted outside quoted scalars
/// and comments. A quote starts a scalar only where a token may start (a
/// plain scalar such as `it's` may hold one).
fn flow_end(text: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    let mut token_start = true;
    let mut after_space = true;
    while let Some(&b) = text.get(i) {
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => {
                after_space = true;
                i += 1;
                continue;
            }
            b'#' if after_space => {
                i = text[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(text.len(), |n| i + n);
                continue;
            }
            b'[' | b'{' => {
                depth += 1;
                token_start = true;
            }
            b']' | b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
                token_start = false;
            }
            b',' => token_start = true,
            b'\'' | b'"' if token_start => {
                i = quoted_end(text, i)?;
                token_start = false;
                after_space = false;
                continue;
            }
            // A tag or an anchor: the node it belongs to follows.
            b'!' | b'&' if token_start => {
                i += text[i..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || b",[]{}".contains(c))
                    .unwrap_or(text.len() - i);
                after_space = false;
                continue;
            }
            b':' => {
                token_start = text
                    .get(i + 1)
                    .is_none_or(|c| c.is_ascii_whitespace() || b",[]{}'\"".contains(c));
            }
            _ => token_start = false,
        }
        after_space = false;
        i += 1;
    }
    None
}

/// The text parsed after a repair, and where its inserted spaces are.
pub(super) struct Repaired {
    pub text: String,
    shifts: Vec<Shift>,
}

/// Spaces inserted at one line start.
#[derive(Clone, Copy, Debug)]
struct Shift {
    /// Where the spaces start in the repaired text.
    at: usize,
    spaces: usize,
    /// Spaces inserted before these.
    before: usize,
}

impl Repaired {
    fn new(body: &str, padding: &BTreeMap<usize, usize>) -> Self {
        let mut text = String::with_capacity(body.len() + padding.values().sum::<usize>());
        let mut shifts = Vec::with_capacity(padding.len());
        let mut copied = 0;
        for (&line, &spaces) in padding {
            text.push_str(&body[copied..line]);
            shifts.push(Shift {
                at: text.len(),
                spaces,
                before: text.len() - line,
            });
            text.extend(std::iter::repeat_n(' ', spaces));
            copied = line;
        }
        text.push_str(&body[copied..]);
        Repaired { text, shifts }
    }

    /// The offset in the original text of an offset in the repaired one; an
    /// inserted space maps to the start of its line.
    pub fn original(&self, offset: usize) -> usize {
        match self.shifts.partition_point(|s| s.at <= offset) {
            0 => offset,
            i => {
                let shift = self.shifts[i - 1];
                if offset < shift.at + shift.spaces {
                    shift.at - shift.before
                } else {
                    offset - shift.before - shift.spaces
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_across_inserted_spaces() {
        let body = "a\nb\nc\n";
        let padding = BTreeMap::from([(2, 2), (4, 1)]);
        let repaired = Repaired::new(body, &padding);
        assert_eq!(repaired.text, "a\n  b\n c\n");
        let mapped: Vec<usize> = (0..repaired.text.len())
            .map(|i| repaired.original(i))
            .collect();
        assert_eq!(mapped, [0, 1, 2, 2, 2, 3, 4, 4, 5]);
    }

    #[test]
    fn repairs_stop_at_the_cap() {
        let constructs =
            |n: usize| -> String { (0..n).map(|i| format!("k{i}: [\n1\n]\n")).collect() };
        let read = parse_lenient(&constructs(MAX_REPAIRS)).expect("as many as the cap");
        assert_eq!(read.documents[0].root.entries().len(), MAX_REPAIRS);
        let text = constructs(MAX_REPAIRS + 1);
        let error = parse_lenient(&text).expect_err("one more than the cap");
        let last = text.rfind("k").unwrap();
        assert!(error.span.start > last, "{error:?}");
        assert!(error.message.contains("reads no more of them"), "{error:?}");
    }

    #[test]
    fn constructs_end_past_quotes_comments_and_nesting() {
        fn end(text: &str) -> Option<&str> {
            construct_end(text.as_bytes(), 0).map(|e| &text[..e])
        }
        assert_eq!(end("'it''s' x"), Some("'it''s'"));
        assert_eq!(end("\"a\\\"b\" x"), Some("\"a\\\"b\""));
        assert_eq!(
            end("[a, \"]\", # ]\n {b: [c]}] x"),
            Some("[a, \"]\", # ]\n {b: [c]}]")
        );
        assert_eq!(end("[it's, b] x"), Some("[it's, b]"));
        assert_eq!(end("{\"k\":\"}\"} x"), Some("{\"k\":\"}\"}"));
        assert_eq!(end("[!Sub 'a]', b] x"), Some("[!Sub 'a]', b]"));
        assert_eq!(end("[a, 'b"), None);
        assert_eq!(end("x"), None);
    }
}
