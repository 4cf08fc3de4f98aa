//! A reader for the block-style YAML that nearly every manifest, workflow
//! and pipeline is written in: block mappings and sequences, plain and
//! quoted scalars (over several lines too), literal and folded block
//! scalars, flow collections (over several lines too, each scalar in them
//! on one line), local tags (`!Ref`), anchors and aliases, comments.
//! It gives the tree builder the events saphyr gives, with the same spans,
//! in a single pass over the bytes; saphyr's scanner reads a character at
//! a time through a token queue, and was most of a run's time.
//!
//! Whatever else YAML allows (other tags, block scalars that start with
//! empty lines, but for literal ones with an indentation indicator,
//! escaped line breaks, scalars over several lines in a flow collection,
//! directives, tabs,
//! carriage returns, NULs), and anything that is an error, makes it stop
//! with [`Unsupported`]: the caller then reads the file with saphyr, which
//! also words the errors. So this reader only has to be exact on what it
//! accepts, and the tests hold its trees equal to saphyr's.

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, ScalarStyle, Tag};

use crate::source::Span;

/// The text holds something this reader leaves to saphyr.
#[derive(Debug)]
pub(super) struct Unsupported;

type Read<T = ()> = Result<T, Unsupported>;

/// Where the next content is: a line's first character that is neither a
/// space nor the start of a comment.
#[derive(Clone, Copy)]
struct Next {
    at: usize,
    /// Its column; a document marker (`---`, `...`) ends every collection,
    /// whatever its indentation, so it has none.
    indent: Option<usize>,
}

/// Reads `body` (the text after any byte order mark, which is `base` bytes
/// long), handing each event and its byte span to `emit`.
pub(super) fn read<'a>(
    body: &'a str,
    base: usize,
    emit: &mut dyn FnMut(Event<'a>, Span) -> Read,
) -> Read {
    let bytes = body.as_bytes();
    // saphyr reads a NUL as the end of the input and a byte order mark
    // inside the text as an error.
    if memchr::memchr3(b'\t', b'\r', 0, bytes).is_some()
        || memchr::memmem::find(bytes, "\u{feff}".as_bytes()).is_some()
    {
        return Err(Unsupported);
    }
    let mut reader = Reader {
        body,
        bytes,
        base,
        emit,
        properties: None,
        anchors: HashMap::new(),
        last_anchor: 0,
    };
    reader.stream()
}

struct Reader<'a, 'e> {
    body: &'a str,
    bytes: &'a [u8],
    base: usize,
    emit: &'e mut dyn FnMut(Event<'a>, Span) -> Read,
    /// The tag and anchor read, for the node after them.
    properties: Option<Properties>,
    /// The anchors of the document read so far, by name, with the ids
    /// saphyr gives them: numbered from 1 on through the whole stream, and
    /// a name defined again naming the later node.
    anchors: HashMap<&'a str, usize>,
    /// The last anchor's id.
    last_anchor: usize,
}

/// A node's tag (`!Ref`) and anchor (`&defaults`), in either order.
struct Properties {
    /// Where the first of them starts: where saphyr's span of the node does.
    at: usize,
    tag: Option<Tag>,
    /// The anchor's id, 0 for none.
    anchor: usize,
}

impl<'a> Reader<'a, '_> {
    fn emit(&mut self, mut event: Event<'a>, start: usize, end: usize) -> Read {
        let mut start = start;
        if let Some(properties) = self.properties.take() {
            let (Event::Scalar(_, _, anchor, tag)
            | Event::SequenceStart(anchor, tag)
            | Event::MappingStart(anchor, tag)) = &mut event
            else {
                return Err(Unsupported);
            };
            *tag = properties.tag.map(Cow::Owned);
            *anchor = properties.anchor;
            // saphyr's span of a node with properties starts at them.
            start = properties.at;
        }
        (self.emit)(event, Span::new(self.base + start, self.base + end))
    }

    /// A node's properties, a local tag (`!Ref`, `!GetAtt`) or an anchor
    /// or both, starting at `at`: kept for the node they belong to;
    /// returns where that node starts on their line, or `None` when they
    /// end their line (the node is on the lines below).
    fn properties(&mut self, at: usize) -> Read<Option<usize>> {
        let mut properties = Properties {
            at,
            tag: None,
            anchor: 0,
        };
        let mut end = at;
        loop {
            end = match self.bytes.get(end) {
                Some(b'!') if properties.tag.is_none() => {
                    let suffix = self.bytes[end + 1..]
                        .iter()
                        .take_while(|&&b| {
                            b.is_ascii_alphanumeric() || matches!(b, b':' | b'.' | b'_' | b'-')
                        })
                        .count();
                    if suffix == 0 {
                        return Err(Unsupported);
                    }
                    let after = end + 1 + suffix;
                    properties.tag = Some(Tag {
                        handle: "!".to_string(),
                        suffix: self.body[end + 1..after].to_string(),
                    });
                    after
                }
                Some(b'&') if properties.anchor == 0 => {
                    let name_end = self.anchor_name_end(end)?;
                    self.last_anchor += 1;
                    properties.anchor = self.last_anchor;
                    self.anchors
                        .insert(&self.body[end + 1..name_end], properties.anchor);
                    name_end
                }
                // A second tag or anchor on one node: left to saphyr.
                Some(b'!' | b'&') => return Err(Unsupported),
                _ => break,
            };
            if !self.ends_indicator(end) {
                return Err(Unsupported);
            }
            if self.blank_or_comment(end) {
                self.properties = Some(properties);
                return Ok(None);
            }
            end = self.skip_spaces(end);
        }
        self.properties = Some(properties);
        Ok(Some(end))
    }

    /// Where the name of the anchor or alias whose `&` or `*` is at `at`
    /// ends. Names of other characters than ASCII letters, digits and
    /// punctuation are left to saphyr.
    fn anchor_name_end(&self, at: usize) -> Read<usize> {
        let length = self.bytes[at + 1..]
            .iter()
            .take_while(|&&b| b.is_ascii_graphic() && !is_flow_indicator(b))
            .count();
        match self.bytes.get(at + 1 + length) {
            _ if length == 0 => Err(Unsupported),
            None | Some(b' ' | b'\n' | b',' | b']' | b'}') => Ok(at + 1 + length),
            Some(_) => Err(Unsupported),
        }
    }

    /// The alias whose `*` is at `at`: emitted; returns where it ends. One
    /// to an anchor not defined before it is an error, which saphyr words,
    /// as is a tag or an anchor before an alias ([`Reader::emit`] refuses
    /// them).
    fn alias(&mut self, at: usize) -> Read<usize> {
        let end = self.anchor_name_end(at)?;
        let id = *self
            .anchors
            .get(&self.body[at + 1..end])
            .ok_or(Unsupported)?;
        self.emit(Event::Alias(id), at, end)?;
        Ok(end)
    }

    fn stream(&mut self) -> Read {
        self.emit(Event::StreamStart, 0, 0)?;
        let mut next = self.next_content(0);
        // A document without a `---` may start the stream or follow a
        // `...`, which ends the document before it.
        let mut bare = true;
        while let Some(content) = next {
            let explicit = match content.indent {
                None if self.bytes[content.at] == b'-' => true,
                // `...` with no document before it.
                None => return Err(Unsupported),
                Some(_) if bare => false,
                Some(_) => return Err(Unsupported),
            };
            let root = if explicit {
                self.after_marker(content.at)?
            } else {
                Some(content)
            };
            self.anchors.clear();
            self.emit(Event::DocumentStart(explicit), 0, 0)?;
            next = match root {
                Some(Next {
                    at,
                    indent: Some(indent),
                }) if self.starts_item(at) => self.sequence(at, indent, false)?,
                Some(Next {
                    at,
                    indent: Some(_),
                }) => match self.node(at, None, true)? {
                    Parsed::Mapping(next) => next,
                    Parsed::Scalar(_) | Parsed::Below(_) => return Err(Unsupported),
                },
                // An empty document is a null scalar, which saphyr places
                // on the marker after it or at the end.
                marker => {
                    let (start, end) = match marker {
                        Some(Next { at, .. }) => (at, at + 3),
                        None => (self.bytes.len(), self.bytes.len()),
                    };
                    self.emit(
                        Event::Scalar("".into(), ScalarStyle::Plain, 0, None),
                        start,
                        end,
                    )?;
                    marker
                }
            };
            if next.is_some_and(|n| n.indent.is_some()) {
                return Err(Unsupported);
            }
            self.emit(Event::DocumentEnd, 0, 0)?;
            bare = false;
            if let Some(end) = next.filter(|n| self.bytes[n.at] == b'.') {
                next = self.after_marker(end.at)?;
                bare = true;
            }
        }
        self.emit(Event::StreamEnd, 0, 0)
    }

    /// The first content after the document marker (`---`, `...`) at `at`,
    /// which only a comment may follow on its line.
    fn after_marker(&self, at: usize) -> Read<Option<Next>> {
        if !self.blank_or_comment(at + 3) {
            return Err(Unsupported);
        }
        Ok(self.next_content(self.line_after(at + 3)))
    }

    /// The first content at or after `from` (a line's start), skipping
    /// blank lines and comment lines.
    fn next_content(&self, from: usize) -> Option<Next> {
        let bytes = self.bytes;
        let mut line = from;
        while line < bytes.len() {
            let at = self.skip_spaces(line);
            match bytes.get(at) {
                None => return None,
                Some(b'\n') => line = at + 1,
                Some(b'#') => line = self.line_after(at),
                Some(_) => {
                    let indent = at - line;
                    let marker = indent == 0
                        && (bytes[at..].starts_with(b"---") || bytes[at..].starts_with(b"..."))
                        && self.ends_indicator(at + 3);
                    return Some(Next {
                        at,
                        indent: (!marker).then_some(indent),
                    });
                }
            }
        }
        None
    }

    /// Where the line holding `at` ends: its line break, or the end.
    fn line_end(&self, at: usize) -> usize {
        memchr::memchr(b'\n', &self.bytes[at..]).map_or(self.bytes.len(), |i| at + i)
    }

    /// Where the line after the one holding `at` starts.
    fn line_after(&self, at: usize) -> usize {
        (self.line_end(at) + 1).min(self.bytes.len())
    }

    /// Whether `at` is a space, a line break or the end: what makes `-`,
    /// `:` and `---` indicators rather than characters of a scalar.
    fn ends_indicator(&self, at: usize) -> bool {
        matches!(self.bytes.get(at), None | Some(b' ' | b'\n'))
    }

    /// Whether a sequence's item starts at `at`: a `-` and a space or the
    /// line's end.
    fn starts_item(&self, at: usize) -> bool {
        self.bytes[at] == b'-' && self.ends_indicator(at + 1)
    }

    /// Whether only spaces and a comment follow `at` on its line.
    fn blank_or_comment(&self, at: usize) -> bool {
        let rest = &self.bytes[at..self.line_end(at)];
        let text = rest.iter().position(|&b| b != b' ');
        text.is_none_or(|i| rest[i] == b'#' && (i > 0 || at == 0 || self.bytes[at - 1] == b' '))
    }

    /// Where the content after `at` on its line starts, past spaces.
    fn skip_spaces(&self, at: usize) -> usize {
        at + self.bytes[at..].iter().take_while(|&&b| b == b' ').count()
    }

    /// Reads the node at `at`. `parent` is the indentation of the
    /// collection it belongs to (`None` for a document's root); `compact`
    /// is false for a value on its key's line, where no mapping may start.
    /// A mapping is read whole; a scalar is emitted.
    fn node(&mut self, at: usize, parent: Option<usize>, compact: bool) -> Read<Parsed> {
        let bytes = self.bytes;
        if matches!(bytes[at], b'!' | b'&') {
            let Some(node) = self.properties(at)? else {
                let parent = parent.ok_or(Unsupported)?;
                return match self.next_content(self.line_after(at)) {
                    Some(Next {
                        at,
                        indent: Some(indent),
                    }) if indent > parent => self.block(at, indent, parent).map(Parsed::Below),
                    _ => Err(Unsupported),
                };
            };
            return match self.node(node, parent, false)? {
                Parsed::Scalar(next_line) => Ok(Parsed::Scalar(next_line)),
                Parsed::Mapping(_) | Parsed::Below(_) => Err(Unsupported),
            };
        }
        match bytes[at] {
            b'"' | b'\'' => {
                let (value, style, close) = self.quoted(at, parent)?;
                if bytes.get(close) == Some(&b':') && self.ends_indicator(close + 1) {
                    return self.mapping_if(compact, at).map(Parsed::Mapping);
                }
                if !self.blank_or_comment(close) {
                    return Err(Unsupported);
                }
                let end = self.trailing(close);
                self.emit(Event::Scalar(value, style, 0, None), at, end)?;
                Ok(Parsed::Scalar(self.line_after(end)))
            }
            b'|' | b'>' => {
                let parent = parent.ok_or(Unsupported)?;
                self.block_scalar(at, parent).map(Parsed::Scalar)
            }
            b'[' | b'{' => {
                let after = self.flow(at, parent)?;
                if !self.blank_or_comment(after) {
                    return Err(Unsupported);
                }
                Ok(Parsed::Scalar(self.line_after(after)))
            }
            b'*' => {
                let end = self.alias(at)?;
                if !self.blank_or_comment(end) {
                    return Err(Unsupported);
                }
                Ok(Parsed::Scalar(self.line_after(end)))
            }
            b'-' | b'?' | b':' if self.ends_indicator(at + 1) => Err(Unsupported),
            b if starts_no_plain_scalar(b) => Err(Unsupported),
            _ => match self.plain(at)? {
                Plain::Key(_) => self.mapping_if(compact, at).map(Parsed::Mapping),
                Plain::Value(end) => {
                    let (value, end) = match parent {
                        Some(parent) => self.plain_lines(at, end, parent)?,
                        None => (Cow::Borrowed(&self.body[at..end]), end),
                    };
                    self.emit(Event::Scalar(value, ScalarStyle::Plain, 0, None), at, end)?;
                    Ok(Parsed::Scalar(self.line_after(end)))
                }
            },
        }
    }

    /// Where saphyr ends a token that closes at `at` (a quote, a bracket):
    /// past the spaces after it, and past a comment that follows them.
    fn trailing(&self, at: usize) -> usize {
        let after = self.skip_spaces(at);
        if after > at && self.bytes.get(after) == Some(&b'#') {
            self.line_end(after)
        } else {
            after
        }
    }

    /// A flow collection whose bracket is at `at`, in a block collection
    /// indented `parent` (`None` for a document's root, which must be on
    /// one line): emitted; returns the position after its closing bracket.
    fn flow(&mut self, at: usize, parent: Option<usize>) -> Read<usize> {
        let mapping = self.bytes[at] == b'{';
        let (start, finish, close) = if mapping {
            (Event::MappingStart(0, None), Event::MappingEnd, b'}')
        } else {
            (Event::SequenceStart(0, None), Event::SequenceEnd, b']')
        };
        self.emit(start, at, at + 1)?;
        let mut item = self.flow_gap(at + 1, parent)?;
        while self.bytes.get(item) != Some(&close) {
            if mapping {
                let colon = self.flow_scalar(item, true)?;
                if self.bytes.get(colon) != Some(&b':') || !self.ends_indicator(colon + 1) {
                    return Err(Unsupported);
                }
                item = self.skip_spaces(colon + 1);
            }
            if let Some(b'!' | b'&') = self.bytes.get(item) {
                item = self.properties(item)?.ok_or(Unsupported)?;
            }
            let after = match self.bytes.get(item) {
                Some(b'[' | b'{') => self.flow(item, parent)?,
                Some(b'*') => self.alias(item)?,
                _ => self.flow_scalar(item, false)?,
            };
            item = self.flow_gap(after, parent)?;
            match self.bytes.get(item) {
                Some(b',') => {
                    item = self.flow_gap(item + 1, parent)?;
                    // A comma before the bracket of a collection over
                    // several lines: the block collections around it end
                    // at the comma in saphyr's spans, a quirk left to it.
                    if self.bytes[item] == close && self.line_end(at) < item {
                        return Err(Unsupported);
                    }
                }
                Some(&b) if b == close => {}
                _ => return Err(Unsupported),
            }
        }
        self.emit(finish, item, self.trailing(item + 1))?;
        Ok(item + 1)
    }

    /// Where the next token of a flow collection is, from `at`: past
    /// spaces, a comment, and line breaks with the blank and comment lines
    /// between ([`Reader::next_content`]). A token on a later line must be
    /// indented past the block collection (`parent`), a closing bracket
    /// too: YAML 1.2 reads `key: [\n  a\n]` as an error, which the lenient
    /// reading repairs (go-yaml takes it). Lines in a flow collection at a
    /// document's root are left to saphyr.
    fn flow_gap(&self, at: usize, parent: Option<usize>) -> Read<usize> {
        let bytes = self.bytes;
        let at = self.skip_spaces(at);
        let line_end = match bytes.get(at) {
            Some(b'#') if at > 0 && matches!(bytes[at - 1], b' ' | b'\n') => self.line_end(at),
            Some(b'\n') => at,
            Some(_) => return Ok(at),
            None => return Err(Unsupported),
        };
        let parent = parent.ok_or(Unsupported)?;
        match self.next_content(line_end + 1) {
            Some(Next {
                at,
                indent: Some(indent),
            }) if indent > parent => Ok(at),
            _ => Err(Unsupported),
        }
    }

    /// A scalar in a flow collection: emitted; returns where the indicator
    /// after it (`,`, a bracket, or a key's `:`) is.
    fn flow_scalar(&mut self, at: usize, key: bool) -> Read<usize> {
        let bytes = self.bytes;
        let (value, style, end, after) = match bytes.get(at) {
            Some(b'"' | b'\'') => {
                let (value, style, close) = self.quoted(at, None)?;
                if key {
                    (value, style, close, close)
                } else {
                    let after = self.skip_spaces(close);
                    (value, style, self.trailing(close), after)
                }
            }
            Some(b'-' | b'?' | b':') if self.ends_indicator(at + 1) => return Err(Unsupported),
            None | Some(b'\n') => return Err(Unsupported),
            Some(&b) if starts_no_plain_scalar(b) => return Err(Unsupported),
            Some(_) => {
                let stop = self.flow_plain_end(at)?;
                // A key ends at its `:`, a value at the indicator after it;
                // `[a: b]` (a pair in a sequence) and `{a}` (a key alone)
                // are left to saphyr.
                let ends = match bytes.get(stop) {
                    Some(b':') => key && self.ends_indicator(stop + 1),
                    _ => !key,
                };
                if !ends {
                    return Err(Unsupported);
                }
                let end = at + self.body[at..stop].trim_end_matches(' ').len();
                (
                    Cow::Borrowed(&self.body[at..end]),
                    ScalarStyle::Plain,
                    end,
                    stop,
                )
            }
        };
        self.emit(Event::Scalar(value, style, 0, None), at, end)?;
        Ok(after)
    }

    /// Where the plain scalar at `at` in a flow collection ends: at a flow
    /// indicator, or at a `:` that a space, a line break or a flow
    /// indicator follows, at a comment (`#` after a space) or at the line's
    /// end (the caller leaves a scalar that goes on to the next line to
    /// saphyr). `a:b` (a job named `.auth:oidc`, a URL) and `a#b` are one
    /// scalar, as YAML reads them in flow; a `-` after a space before an
    /// indicator is an error, left to saphyr.
    fn flow_plain_end(&self, at: usize) -> Read<usize> {
        let bytes = &self.bytes[..self.line_end(at)];
        if matches!(bytes[at], b'-' | b'?' | b':')
            && bytes.get(at + 1).copied().is_some_and(is_flow_indicator)
        {
            return Err(Unsupported);
        }
        for (offset, &b) in bytes[at..].iter().enumerate() {
            let here = at + offset;
            let next = bytes.get(here + 1).copied();
            let after_space = offset > 0 && bytes[here - 1] == b' ';
            match b {
                b if is_flow_indicator(b) => return Ok(here),
                b':' if next.is_none_or(|n| n == b' ' || is_flow_indicator(n)) => return Ok(here),
                b'#' if after_space => return Ok(here),
                b'-' if after_space && next.is_some_and(is_flow_indicator) => {
                    return Err(Unsupported);
                }
                _ => {}
            }
        }
        Ok(bytes.len())
    }

    fn mapping_if(&mut self, compact: bool, at: usize) -> Read<Option<Next>> {
        if !compact {
            return Err(Unsupported);
        }
        self.mapping(at)
    }

    /// A plain scalar on one line: a key (its end, before the `:`) or a
    /// value (its end, before trailing spaces and any comment).
    fn plain(&self, at: usize) -> Read<Plain> {
        let bytes = self.bytes;
        let line_end = self.line_end(at);
        let mut from = at;
        let end = loop {
            let Some(i) = memchr::memchr2(b':', b'#', &bytes[from..line_end]) else {
                break line_end;
            };
            let i = from + i;
            if bytes[i] == b':' {
                if self.ends_indicator(i + 1) {
                    if self.body[at..i].ends_with(' ') || i - at > MAX_KEY {
                        return Err(Unsupported);
                    }
                    return Ok(Plain::Key(i));
                }
            } else if bytes[i - 1] == b' ' {
                break i;
            }
            from = i + 1;
        };
        let end = at + self.body[at..end].trim_end_matches(' ').len();
        Ok(Plain::Value(end))
    }

    /// A plain scalar whose first line is `at..end`, with the lines that
    /// continue it (indented past `parent`), folded as YAML folds them: its
    /// value and where its last line's text ends.
    fn plain_lines(&self, at: usize, end: usize, parent: usize) -> Read<(Cow<'a, str>, usize)> {
        let bytes = self.bytes;
        let mut value: Option<String> = None;
        let mut last = end;
        let mut breaks = 0;
        let mut line = self.line_after(end);
        // A comment ends a scalar.
        let commented = |end: usize| bytes[end..self.line_end(end)].contains(&b'#');
        if !commented(end) {
            while line < bytes.len() {
                let text = self.skip_spaces(line);
                match bytes.get(text) {
                    None => break,
                    Some(b'\n') => {
                        breaks += 1;
                        line = text + 1;
                        continue;
                    }
                    Some(b'#') => break,
                    Some(_) if text - line <= parent => break,
                    // Any other character goes on the scalar, indicators
                    // too (`- `, `*`, `[`): only its first line's first
                    // character may not be one.
                    Some(_) => {}
                }
                let Plain::Value(text_end) = self.plain(text)? else {
                    return Err(Unsupported);
                };
                let folded = value.get_or_insert_with(|| self.body[at..end].to_string());
                fold(folded, breaks);
                folded.push_str(&self.body[text..text_end]);
                breaks = 0;
                last = text_end;
                if commented(text_end) {
                    break;
                }
                line = self.line_after(text_end);
            }
        }
        let value = value.map_or(Cow::Borrowed(&self.body[at..end]), Cow::Owned);
        Ok((value, last))
    }

    /// A quoted scalar: its value, style and the position after the
    /// closing quote. With a `parent` indentation it may go on over lines
    /// indented past it, folded as YAML folds them; without, it ends on its
    /// line.
    fn quoted(&self, at: usize, parent: Option<usize>) -> Read<(Cow<'a, str>, ScalarStyle, usize)> {
        let (bytes, body) = (self.bytes, self.body);
        let quote = bytes[at];
        let style = if quote == b'"' {
            ScalarStyle::DoubleQuoted
        } else {
            ScalarStyle::SingleQuoted
        };
        let mut value: Option<String> = None;
        let mut from = at + 1;
        let mut line_end = self.line_end(at);
        loop {
            let stop = if quote == b'"' {
                memchr::memchr2(b'"', b'\\', &bytes[from..line_end])
            } else {
                memchr::memchr(b'\'', &bytes[from..line_end])
            };
            let Some(stop) = stop.map(|i| from + i) else {
                // The line ends inside the scalar: its trailing spaces go,
                // and the line break is a space, or gives way to the empty
                // lines after it.
                let parent = parent.ok_or(Unsupported)?;
                let folded = value.get_or_insert_with(String::new);
                folded.push_str(body[from..line_end].trim_end_matches(' '));
                let mut breaks = 0;
                let mut line = line_end + 1;
                let text = loop {
                    if line >= bytes.len() {
                        return Err(Unsupported);
                    }
                    let text = self.skip_spaces(line);
                    if bytes.get(text) != Some(&b'\n') {
                        break text;
                    }
                    breaks += 1;
                    line = text + 1;
                };
                if text - line <= parent || text == bytes.len() {
                    return Err(Unsupported);
                }
                fold(folded, breaks);
                from = text;
                line_end = self.line_end(text);
                continue;
            };
            if bytes[stop] == quote {
                if quote == b'\'' && bytes.get(stop + 1) == Some(&b'\'') {
                    let value = value.get_or_insert_with(String::new);
                    value.push_str(&body[from..=stop]);
                    from = stop + 2;
                    continue;
                }
                let value = match value {
                    Some(mut value) => {
                        value.push_str(&body[from..stop]);
                        Cow::Owned(value)
                    }
                    None => Cow::Borrowed(&body[at + 1..stop]),
                };
                return Ok((value, style, stop + 1));
            }
            let value = value.get_or_insert_with(String::new);
            value.push_str(&body[from..stop]);
            // An escaped line break: left to saphyr.
            let (escaped, length) = escape(&bytes[stop + 1..line_end])?;
            value.push(escaped);
            from = stop + 1 + length;
        }
    }

    /// A key (plain or quoted) at `at`: emitted, and the position of its `:`.
    fn key(&mut self, at: usize) -> Read<usize> {
        let (value, style, end) = match self.bytes[at] {
            b'"' | b'\'' => self.quoted(at, None)?,
            b'-' | b'?' | b':' if self.ends_indicator(at + 1) => return Err(Unsupported),
            b if starts_no_plain_scalar(b) => return Err(Unsupported),
            _ => match self.plain(at)? {
                Plain::Key(end) => (Cow::Borrowed(&self.body[at..end]), ScalarStyle::Plain, end),
                Plain::Value(_) => return Err(Unsupported),
            },
        };
        if self.bytes.get(end) != Some(&b':') || !self.ends_indicator(end + 1) {
            return Err(Unsupported);
        }
        self.emit(Event::Scalar(value, style, 0, None), at, end)?;
        Ok(end)
    }

    /// A block mapping whose first key is at `at`; its keys line up there.
    fn mapping(&mut self, at: usize) -> Read<Option<Next>> {
        let indent = self.column(at);
        self.emit(Event::MappingStart(0, None), at, at)?;
        let mut key = at;
        let next = loop {
            let colon = self.key(key)?;
            let value = self.skip_spaces(colon + 1);
            let next = if self.blank_or_comment(value) {
                let next = self.next_content(self.line_after(value));
                match next {
                    Some(Next {
                        at,
                        indent: Some(i),
                    }) if i > indent => self.block(at, i, indent)?,
                    Some(Next {
                        at,
                        indent: Some(i),
                    }) if i == indent && self.starts_item(at) => self.sequence(at, i, true)?,
                    _ => {
                        self.empty(colon)?;
                        next
                    }
                }
            } else {
                match self.node(value, Some(indent), false)? {
                    Parsed::Scalar(next_line) => self.next_content(next_line),
                    Parsed::Below(next) => next,
                    Parsed::Mapping(_) => return Err(Unsupported),
                }
            };
            match next {
                Some(Next {
                    at,
                    indent: Some(i),
                }) if i == indent => key = at,
                Some(Next {
                    indent: Some(i), ..
                }) if i > indent => return Err(Unsupported),
                next => break next,
            }
        };
        self.close(Event::MappingEnd, next)?;
        Ok(next)
    }

    /// A node that starts on a line of its own at column `indent`, inside
    /// a collection indented `parent`.
    fn block(&mut self, at: usize, indent: usize, parent: usize) -> Read<Option<Next>> {
        if self.starts_item(at) {
            return self.sequence(at, indent, false);
        }
        match self.node(at, Some(parent), true)? {
            Parsed::Mapping(next) | Parsed::Below(next) => Ok(next),
            Parsed::Scalar(next_line) => Ok(self.next_content(next_line)),
        }
    }

    /// A block sequence whose first `-` is at `at`, in column `indent`;
    /// `indentless` when it is a mapping's value at the mapping's own
    /// indentation.
    fn sequence(&mut self, at: usize, indent: usize, indentless: bool) -> Read<Option<Next>> {
        // An indentless sequence starts where its first item does: past
        // the `- `, or at the end of the line when the item is on the next
        // lines or empty.
        let start = match self.skip_spaces(at + 1) {
            _ if !indentless => at,
            item if self.blank_or_comment(item) => self.line_end(item),
            item => item,
        };
        self.emit(Event::SequenceStart(0, None), start, start)?;
        let mut dash = at;
        let next = loop {
            let item = self.skip_spaces(dash + 1);
            let next = if self.blank_or_comment(item) {
                let end = self.line_end(item);
                let next = self.next_content(self.line_after(item));
                match next {
                    Some(Next {
                        at,
                        indent: Some(i),
                    }) if i > indent => self.block(at, i, indent)?,
                    _ => {
                        self.empty(end)?;
                        next
                    }
                }
            } else if self.starts_item(item) {
                let column = self.column(item);
                self.sequence(item, column, false)?
            } else {
                match self.node(item, Some(indent), true)? {
                    Parsed::Mapping(next) | Parsed::Below(next) => next,
                    Parsed::Scalar(next_line) => self.next_content(next_line),
                }
            };
            match next {
                Some(Next {
                    at,
                    indent: Some(i),
                }) if i == indent && self.starts_item(at) => {
                    dash = at;
                }
                Some(Next {
                    indent: Some(i), ..
                }) if i > indent => return Err(Unsupported),
                next => break next,
            }
        };
        self.close(Event::SequenceEnd, next)?;
        Ok(next)
    }

    /// A value or item that is left empty, a null scalar saphyr places at
    /// `at`.
    fn empty(&mut self, at: usize) -> Read {
        self.emit(
            Event::Scalar("".into(), ScalarStyle::Plain, 0, None),
            at,
            at,
        )
    }

    /// Ends a block collection where the next content starts, as saphyr's
    /// block end token does.
    fn close(&mut self, event: Event<'a>, next: Option<Next>) -> Read {
        let at = next.map_or(self.bytes.len(), |n| n.at);
        self.emit(event, at, at)
    }

    /// The column of `at`: only spaces and `- ` come before it on its line.
    fn column(&self, at: usize) -> usize {
        at - self.bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    }

    /// A literal or folded block scalar (`|`, `>`, with `-` or `+`) whose
    /// indicator is at `at`, in a collection indented `parent`; returns
    /// where the line after it starts.
    fn block_scalar(&mut self, at: usize, parent: usize) -> Read<usize> {
        let bytes = self.bytes;
        let folded = bytes[at] == b'>';
        // The header: a chomping indicator and an indentation indicator,
        // in either order.
        let (mut chomp, mut indentation, mut header_end) = (b' ', 0, at + 1);
        while let Some(&c) = bytes.get(header_end) {
            match c {
                b'-' | b'+' if chomp == b' ' => chomp = c,
                b'1'..=b'9' if indentation == 0 => indentation = usize::from(c - b'0'),
                _ => break,
            }
            header_end += 1;
        }
        if !self.ends_indicator(header_end) || !self.blank_or_comment(header_end) {
            return Err(Unsupported);
        }
        let mut line = self.line_after(header_end);
        // A literal scalar with an indentation indicator may start with
        // empty lines (no longer than the indentation: longer ones are
        // content).
        let mut first_line = line;
        if indentation > 0 && !folded {
            loop {
                let text = self.skip_spaces(first_line);
                if bytes.get(text) != Some(&b'\n') {
                    break;
                }
                if text - first_line > parent + indentation {
                    return Err(Unsupported);
                }
                first_line = text + 1;
            }
        }
        let content_start = self.skip_spaces(first_line);
        // Without an indentation indicator, the first line's sets it.
        let first_indent = match indentation {
            0 => content_start - first_line,
            n => parent + n,
        };
        // Leading empty lines otherwise, an empty scalar, one that is not
        // indented more than its parent and one whose first line is
        // indented less than its indicator says: left to saphyr.
        if first_line >= bytes.len()
            || matches!(bytes.get(content_start), None | Some(b'\n'))
            || first_indent <= parent
            || content_start - first_line < first_indent
        {
            return Err(Unsupported);
        }
        // saphyr's span starts past the first line's indentation, not past
        // more spaces.
        let start = first_line + first_indent;
        let mut value = String::new();
        let mut empty_lines = 0;
        let mut after_more_indented = false;
        let mut end = line;
        while line < bytes.len() {
            let text = self.skip_spaces(line);
            let spaces = text - line;
            let line_end = self.line_end(line);
            if text == line_end {
                // saphyr reads a last line of spaces without a line break
                // as content.
                if spaces > first_indent || line_end == bytes.len() {
                    return Err(Unsupported);
                }
                empty_lines += 1;
            } else if spaces >= first_indent {
                // A more indented line (a command's continuation under
                // `>`) keeps the line breaks before and after it.
                let more_indented = spaces > first_indent;
                if !folded || value.is_empty() {
                    (0..empty_lines).for_each(|_| value.push('\n'));
                } else if more_indented || after_more_indented {
                    (0..=empty_lines).for_each(|_| value.push('\n'));
                } else {
                    fold(&mut value, empty_lines);
                }
                after_more_indented = more_indented;
                empty_lines = 0;
                value.push_str(&self.body[line + first_indent..line_end]);
                if !folded {
                    value.push('\n');
                }
            } else {
                // saphyr ends the scalar past the indentation of the line
                // that ends it.
                end = text;
                break;
            }
            line = (line_end + 1).min(bytes.len());
            end = line;
        }
        if folded {
            value.push('\n');
        }
        match chomp {
            b'-' => {
                value.pop();
            }
            b'+' => (0..empty_lines).for_each(|_| value.push('\n')),
            _ => {}
        }
        let style = if folded {
            ScalarStyle::Folded
        } else {
            ScalarStyle::Literal
        };
        self.emit(Event::Scalar(Cow::Owned(value), style, 0, None), start, end)?;
        Ok(line)
    }
}

/// What [`Reader::node`] read.
enum Parsed {
    /// A mapping, read whole: the content after it.
    Mapping(Option<Next>),
    /// A node on the lines below its tag or anchor, read whole: the
    /// content after it.
    Below(Option<Next>),
    /// A scalar or an empty flow collection: where the line after it
    /// starts.
    Scalar(usize),
}

enum Plain {
    Key(usize),
    Value(usize),
}

/// Joins two lines of a folded scalar: the line break between them is a
/// space, or gives way to the `empty_lines` between them, one line break
/// each.
fn fold(value: &mut String, empty_lines: usize) {
    if empty_lines == 0 {
        value.push(' ');
    }
    (0..empty_lines).for_each(|_| value.push('\n'));
}

/// Whether `byte` opens, closes or separates a flow collection's entries.
fn is_flow_indicator(byte: u8) -> bool {
    matches!(byte, b',' | b'[' | b']' | b'{' | b'}')
}

/// Whether `byte` is one of YAML's indicators that no plain scalar starts
/// with; `-`, `?` and `:` start one unless a space or a line break follows.
fn starts_no_plain_scalar(byte: u8) -> bool {
    is_flow_indicator(byte)
        || matches!(
            byte,
            b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`'
        )
}

/// The character a double-quoted scalar's escape stands for (`bytes` follow
/// the backslash), and how many bytes the escape takes after it.
fn escape(bytes: &[u8]) -> Read<(char, usize)> {
    let hex = |digits: usize| -> Read<(char, usize)> {
        let text = bytes.get(1..=digits).ok_or(Unsupported)?;
        if !text.iter().all(u8::is_ascii_hexdigit) {
            return Err(Unsupported);
        }
        let text = std::str::from_utf8(text).map_err(|_| Unsupported)?;
        let code = u32::from_str_radix(text, 16).map_err(|_| Unsupported)?;
        Ok((char::from_u32(code).ok_or(Unsupported)?, digits + 1))
    };
    let simple = match bytes.first().ok_or(Unsupported)? {
        b'0' => '\0',
        b'a' => '\u{7}',
        b'b' => '\u{8}',
        b't' => '\t',
        b'n' => '\n',
        b'v' => '\u{b}',
        b'f' => '\u{c}',
        b'r' => '\r',
        b'e' => '\u{1b}',
        b' ' => ' ',
        b'"' => '"',
        b'/' => '/',
        b'\\' => '\\',
        b'N' => '\u{85}',
        b'_' => '\u{a0}',
        b'L' => '\u{2028}',
        b'P' => '\u{2029}',
        b'x' => return hex(2),
        b'u' => return hex(4),
        b'U' => return hex(8),
        _ => return Err(Unsupported),
    };
    Ok((simple, 1))
}

/// YAML's bound on an implicit key's length.
const MAX_KEY: usize = 1024;
