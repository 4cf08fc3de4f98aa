//! The Dockerfile lexer, following BuildKit's parser
//! (`frontend/dockerfile/parser` in moby/buildkit) line by line:
//!
//! - parser directives (`# escape=`, `# syntax=`, `# check=`) are read only
//!   at the top, until the first line that is not one (a blank line, another
//!   comment, an instruction);
//! - a line ending in the escape character (default `\`, then optional
//!   blanks) continues on the next; comment lines and blank lines inside a
//!   continuation are dropped;
//! - an instruction is its keyword (any case), leading `--flag[=value]`
//!   words, and its arguments; RUN, CMD, ENTRYPOINT, SHELL, COPY, ADD and
//!   VOLUME take a JSON string array (exec form) or plain text (shell form);
//! - RUN, COPY and ADD in shell form read heredocs (`<<EOF`, `<<-EOF`,
//!   `<<"EOF"`, several per line) from the lines after the instruction.
//!
//! Every piece keeps its byte span in the file, even when an argument runs
//! across continuation lines. Nothing here panics: what BuildKit would
//! reject becomes a [`Problem`] with the span of the offending text.

use std::ops::Range;

use super::words;
use crate::model::{Problem, ProblemKind};
use crate::source::{Span, Spanned};

pub const DEFAULT_ESCAPE: char = '\\';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
}

impl Keyword {
    fn parse(word: &str) -> Option<Keyword> {
        Some(match word.to_ascii_lowercase().as_str() {
            "add" => Keyword::Add,
            "arg" => Keyword::Arg,
            "cmd" => Keyword::Cmd,
            "copy" => Keyword::Copy,
            "entrypoint" => Keyword::Entrypoint,
            "env" => Keyword::Env,
            "expose" => Keyword::Expose,
            "from" => Keyword::From,
            "healthcheck" => Keyword::Healthcheck,
            "label" => Keyword::Label,
            "maintainer" => Keyword::Maintainer,
            "onbuild" => Keyword::Onbuild,
            "run" => Keyword::Run,
            "shell" => Keyword::Shell,
            "stopsignal" => Keyword::Stopsignal,
            "user" => Keyword::User,
            "volume" => Keyword::Volume,
            "workdir" => Keyword::Workdir,
            _ => return None,
        })
    }

    /// Instructions whose arguments may be a JSON array.
    fn takes_exec_form(self) -> bool {
        matches!(
            self,
            Keyword::Run
                | Keyword::Cmd
                | Keyword::Entrypoint
                | Keyword::Shell
                | Keyword::Copy
                | Keyword::Add
                | Keyword::Volume
        )
    }

    fn takes_heredocs(self) -> bool {
        matches!(self, Keyword::Run | Keyword::Copy | Keyword::Add)
    }

    /// Instructions BuildKit rejects without arguments.
    fn needs_arguments(self) -> bool {
        !matches!(self, Keyword::Cmd | Keyword::Entrypoint)
    }
}

/// A parser directive: `# escape=\``.
#[derive(Debug, Clone)]
pub struct Directive {
    pub name: Spanned<String>,
    pub value: Spanned<String>,
}

/// A `--name[=value]` flag (`--from=builder`, `--mount=type=cache,...`).
#[derive(Debug, Clone)]
pub struct Flag {
    /// Without the leading `--`.
    pub name: Spanned<String>,
    /// Quotes removed; the span covers the value as written.
    pub value: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
pub struct Heredoc {
    /// The delimiter word as written: `<<-"EOF"`.
    pub marker: Span,
    pub name: String,
    /// `<<-`: leading tabs are stripped from the body and the terminator.
    pub chomp: bool,
    /// A quoted delimiter: the body is not expanded.
    pub quoted: bool,
    /// The body lines, terminator excluded.
    pub body: Spanned<String>,
}

/// A logical line: physical lines joined where they continue, with the map
/// back to file offsets.
#[derive(Debug, Clone, Default)]
struct Logical {
    text: String,
    /// `(offset in text, offset in file)` where each joined piece starts.
    pieces: Vec<(usize, usize)>,
}

impl Logical {
    fn push(&mut self, piece: &str, file_offset: usize) {
        self.pieces.push((self.text.len(), file_offset));
        self.text.push_str(piece);
    }

    /// The file offset of a start position (the piece that holds it).
    fn start(&self, at: usize) -> usize {
        let index = self.pieces.partition_point(|&(l, _)| l <= at);
        self.pieces
            .get(index.saturating_sub(1))
            .map_or(at, |&(l, f)| f + (at - l))
    }

    /// The file offset of an end position (the piece that holds the byte
    /// before it, so a span never runs onto the next line's start).
    fn end(&self, at: usize) -> usize {
        if at == 0 {
            return self.start(0);
        }
        let index = self.pieces.partition_point(|&(l, _)| l < at);
        self.pieces
            .get(index.saturating_sub(1))
            .map_or(at, |&(l, f)| f + (at - l))
    }

    fn span(&self, range: Range<usize>) -> Span {
        let start = self.start(range.start);
        Span::new(start, self.end(range.end).max(start))
    }
}

/// One instruction.
#[derive(Debug, Clone)]
pub struct Instruction {
    pub keyword: Keyword,
    /// The keyword as written.
    pub keyword_span: Span,
    /// From the keyword to the end of the last argument (heredocs excluded).
    pub span: Span,
    pub flags: Vec<Flag>,
    /// The arguments after the flags, continuation lines joined.
    pub args: Spanned<String>,
    /// The decoded strings of the exec (JSON) form, each with its span.
    pub exec: Option<Vec<Spanned<String>>>,
    pub heredocs: Vec<Heredoc>,
    /// The file's escape character.
    pub escape: char,
    line: Logical,
    /// Where `args` starts in the logical line.
    args_at: usize,
}

impl Instruction {
    /// The keyword in upper case, as messages name it.
    pub fn keyword_text(&self) -> String {
        format!("{:?}", self.keyword).to_ascii_uppercase()
    }

    /// The arguments' words as BuildKit splits them (quotes kept), with
    /// their spans in the file.
    pub fn words(&self) -> Vec<Spanned<String>> {
        self.word_ranges()
            .into_iter()
            .map(|r| self.spanned(r))
            .collect()
    }

    /// The words' ranges within `args.value`.
    pub fn word_ranges(&self) -> Vec<Range<usize>> {
        words::split(&self.args.value, self.escape)
    }

    /// A piece of the arguments (a range of `args.value`) with its span.
    pub fn spanned(&self, range: Range<usize>) -> Spanned<String> {
        let text = self.args.value.get(range.clone()).unwrap_or("").to_string();
        Spanned::new(text, self.span_of(range))
    }

    /// The span in the file of a range of `args.value`.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        self.line
            .span(self.args_at + range.start..self.args_at + range.end)
    }
}

/// A parsed Dockerfile.
#[derive(Debug, Default)]
pub struct Dockerfile {
    pub directives: Vec<Directive>,
    pub escape: char,
    pub instructions: Vec<Instruction>,
    /// Every comment line (directives included), `#` to end of line.
    pub comments: Vec<Spanned<String>>,
    pub problems: Vec<Problem>,
    /// Where the content starts (after a UTF-8 byte order mark).
    pub start: usize,
}

/// A physical line: its start and the end of its content (no terminator).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn lines(text: &str, from: usize) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = from;
    let bytes = text.as_bytes();
    while start < text.len() {
        let newline = memchr::memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let next = newline.map_or(text.len(), |n| n + 1);
        let mut end = newline.unwrap_or(text.len());
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        out.push(Line { start, end });
        start = next;
    }
    out
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn is_comment(s: &str) -> bool {
    s.trim_start().starts_with('#')
}

/// Strips a trailing escape character (and the blanks after it): whether
/// the line continues.
fn strip_continuation(s: &str, escape: char) -> (&str, bool) {
    let trimmed = s.trim_end_matches([' ', '\t']);
    match trimmed.strip_suffix(escape) {
        Some(rest) => (rest, true),
        None => (s, false),
    }
}

/// `# name=value` at the top of the file: the directive's name and value
/// ranges within `line`.
fn directive(line: &str) -> Option<(Range<usize>, Range<usize>)> {
    let rest = line.strip_prefix('#')?;
    let lead = rest.len() - rest.trim_start().len();
    let name_start = 1 + lead;
    let name_len = line[name_start..]
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(line.len() - name_start);
    let name = &line[name_start..name_start + name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after = &line[name_start + name_len..];
    let eq = after.trim_start().strip_prefix('=')?;
    let value = eq.trim();
    if value.is_empty() {
        return None;
    }
    let value_start = line.len() - eq.len() + (eq.len() - eq.trim_start().len());
    Some((
        name_start..name_start + name_len,
        value_start..value_start + value.len(),
    ))
}

const DIRECTIVES: &[&str] = &["syntax", "escape", "check"];

/// Reads a whole Dockerfile.
pub fn parse(text: &str) -> Dockerfile {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut file = Dockerfile {
        escape: DEFAULT_ESCAPE,
        start,
        ..Dockerfile::default()
    };
    let lines = lines(text, start);
    let line_text = |l: Line| &text[l.start..l.end];

    let mut i = 0;
    // Parser directives: only at the very top, each name at most once.
    while let Some(&line) = lines.get(i) {
        let content = line_text(line);
        let lead = content.len() - content.trim_start().len();
        let Some((name, value)) = directive(&content[lead..]) else {
            break;
        };
        let at = line.start + lead;
        let name_text = content[lead..][name.clone()].to_ascii_lowercase();
        if !DIRECTIVES.contains(&name_text.as_str()) {
            break;
        }
        let value_text = &content[lead..][value.clone()];
        let name_span = Span::new(at + name.start, at + name.end);
        let value_span = Span::new(at + value.start, at + value.end);
        if file.directives.iter().any(|d| d.name.value == name_text) {
            file.problems.push(syntax(
                name_span,
                format!("only one `{name_text}` parser directive can be used"),
            ));
        } else if name_text == "escape" {
            match value_text {
                "\\" => file.escape = '\\',
                "`" => file.escape = '`',
                _ => file.problems.push(syntax(
                    value_span,
                    format!("invalid escape character `{value_text}`: use `\\` or `` ` ``"),
                )),
            }
        }
        file.directives.push(Directive {
            name: Spanned::new(name_text, name_span),
            value: Spanned::new(value_text.to_string(), value_span),
        });
        file.comments.push(comment(text, line, lead));
        i += 1;
    }

    let mut previous_end_line: Option<usize> = None;
    while let Some(&line) = lines.get(i) {
        let content = line_text(line);
        let lead = content.len() - content.trim_start().len();
        if is_comment(content) {
            file.comments.push(comment(text, line, lead));
            i += 1;
            continue;
        }
        let first = &content[lead..];
        let (piece, mut continues) = strip_continuation(first, file.escape);
        if !continues && is_blank(piece) {
            i += 1;
            continue;
        }
        let first_line = i;
        let mut logical = Logical::default();
        logical.push(piece, line.start + lead);
        while continues && i + 1 < lines.len() {
            i += 1;
            let next = lines[i];
            let content = line_text(next);
            if is_comment(content) {
                let lead = content.len() - content.trim_start().len();
                file.comments.push(comment(text, next, lead));
                continue;
            }
            if is_blank(content) {
                continue;
            }
            let (piece, more) = strip_continuation(content, file.escape);
            logical.push(piece, next.start);
            continues = more;
        }
        i += 1;
        let after_previous = previous_end_line.is_some_and(|end| end + 1 == first_line);
        previous_end_line = Some(i - 1);
        if let Some(mut instruction) = instruction(logical, file.escape, after_previous, &mut file)
        {
            if instruction.keyword.takes_heredocs() && instruction.exec.is_none() {
                i = read_heredocs(&mut instruction, text, &lines, i, &mut file);
                previous_end_line = Some(i.saturating_sub(1));
            }
            file.instructions.push(instruction);
        }
    }
    check_structure(&mut file);
    file
}

fn comment(text: &str, line: Line, lead: usize) -> Spanned<String> {
    let start = line.start + lead;
    let body = text[start..line.end].trim_end();
    Spanned::new(body.to_string(), Span::new(start, start + body.len()))
}

fn syntax(span: Span, message: String) -> Problem {
    Problem {
        kind: ProblemKind::Syntax,
        span,
        message,
    }
}

/// Splits a logical line into keyword, flags and arguments.
fn instruction(
    line: Logical,
    escape: char,
    after_previous: bool,
    file: &mut Dockerfile,
) -> Option<Instruction> {
    let text = line.text.as_str();
    let lead = text.len() - text.trim_start().len();
    let keyword_end = text[lead..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| lead + i);
    let keyword_text = &text[lead..keyword_end];
    let keyword_span = line.span(lead..keyword_end);
    let Some(keyword) = Keyword::parse(keyword_text) else {
        let hint = if after_previous {
            format!(" (if it continues the previous instruction, end that line with `{escape}`)")
        } else {
            String::new()
        };
        file.problems.push(syntax(
            keyword_span,
            format!("unknown instruction `{keyword_text}`{hint}"),
        ));
        return None;
    };
    let (flags, after_flags) = flags(&line, keyword_end);
    let args_at = text.len() - text[after_flags..].trim_start().len();
    let args_text = text[args_at..].trim_end().to_string();
    let args_span = line.span(args_at..args_at + args_text.len());
    let span = line.span(lead..(args_at + args_text.len()).max(keyword_end));
    if args_text.is_empty() && keyword.needs_arguments() {
        file.problems.push(syntax(
            keyword_span,
            format!("`{}` needs arguments", keyword_text.to_ascii_uppercase()),
        ));
    }
    let mut instruction = Instruction {
        keyword,
        keyword_span,
        span,
        flags,
        args: Spanned::new(args_text, args_span),
        exec: None,
        heredocs: Vec::new(),
        escape,
        line,
        args_at,
    };
    let args_text = instruction.args.value.as_str();
    if keyword.takes_exec_form() && args_text.starts_with('[') {
        match exec_form(args_text) {
            Exec::Strings(ranges) => {
                instruction.exec = Some(
                    ranges
                        .into_iter()
                        .map(|(value, range)| Spanned::new(value, instruction.spanned(range).span))
                        .collect(),
                );
            }
            Exec::NotStrings => file.problems.push(syntax(
                args_span,
                "the JSON (exec) form must be an array of strings".into(),
            )),
            // Not JSON: BuildKit reads it as the shell form, and so do we.
            Exec::NotJson => {}
        }
    }
    Some(instruction)
}

/// Leading `--name[=value]` words after the keyword, as BuildKit's
/// `extractBuilderFlags` reads them; returns the flags and where the
/// arguments start.
fn flags(line: &Logical, from: usize) -> (Vec<Flag>, usize) {
    let text = line.text.as_str();
    let mut flags = Vec::new();
    let mut at = from;
    loop {
        let rest = &text[at..];
        let word_start = at + (rest.len() - rest.trim_start().len());
        if !text[word_start..].starts_with("--") {
            return (flags, word_start);
        }
        // The word: up to unquoted whitespace; quotes and backslashes
        // removed from the value.
        let mut value = String::new();
        let mut quote: Option<char> = None;
        let mut end = text.len();
        let mut eq: Option<(usize, usize)> = None;
        let mut chars = text[word_start..].char_indices();
        while let Some((offset, c)) = chars.next() {
            let i = word_start + offset;
            match quote {
                Some(q) if c == q => quote = None,
                _ if c == '\\' => {
                    if let Some((_, next)) = chars.next() {
                        value.push(next);
                    }
                }
                Some(_) => value.push(c),
                None if c.is_whitespace() => {
                    end = i;
                    break;
                }
                None if c == '"' || c == '\'' => quote = Some(c),
                None => {
                    if c == '=' && eq.is_none() {
                        eq = Some((i, value.len()));
                    }
                    value.push(c);
                }
            }
        }
        let word = &text[word_start..end];
        if word == "--" {
            return (flags, end);
        }
        let (name, value) = match eq {
            Some((eq_at, cut)) => (
                Spanned::new(
                    value.get(2..cut).unwrap_or("").to_string(),
                    line.span(word_start + 2..eq_at),
                ),
                Some(Spanned::new(
                    value.get(cut + 1..).unwrap_or("").to_string(),
                    line.span(eq_at + 1..end),
                )),
            ),
            None => (
                Spanned::new(
                    value.get(2..).unwrap_or("").to_string(),
                    line.span(word_start + 2..end),
                ),
                None,
            ),
        };
        flags.push(Flag { name, value });
        at = end;
    }
}

enum Exec {
    /// Each string's decoded value and its range, quotes included.
    Strings(Vec<(String, Range<usize>)>),
    NotStrings,
    NotJson,
}

/// Reads the exec form. serde_json decides validity (exactly as BuildKit's
/// `json.Unmarshal`); a scan of the valid text finds each string's range.
fn exec_form(text: &str) -> Exec {
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return Exec::NotJson;
    };
    let mut strings = Vec::with_capacity(values.len());
    for value in values {
        match value {
            serde_json::Value::String(s) => strings.push(s),
            _ => return Exec::NotStrings,
        }
    }
    let mut ranges = Vec::with_capacity(strings.len());
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match (c, start) {
            ('"', None) => start = Some(i),
            ('\\', Some(_)) => {
                chars.next();
            }
            ('"', Some(s)) => {
                ranges.push(s..i + 1);
                start = None;
            }
            _ => {}
        }
    }
    Exec::Strings(strings.into_iter().zip(ranges).collect())
}

/// Heredoc markers in the arguments: words like `<<EOF`, `<<-EOF`,
/// `<<"EOF"`, `3<<EOF` (BuildKit's `^(\d*)<<(-?)([^<]*)$` on each word).
/// The bodies are read afterwards, by [`read_heredocs`].
fn heredoc_markers(instruction: &Instruction) -> Vec<Heredoc> {
    let mut out = Vec::new();
    // Splitting the arguments into words is most of reading an
    // instruction; few hold a `<<`.
    if memchr::memmem::find(instruction.args.value.as_bytes(), b"<<").is_none() {
        return out;
    }
    for word in instruction.words() {
        let text = word.value.trim_start_matches(|c: char| c.is_ascii_digit());
        let Some(rest) = text.strip_prefix("<<") else {
            continue;
        };
        let (chomp, rest) = match rest.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, rest),
        };
        if rest.is_empty() || rest.contains('<') {
            continue;
        }
        let quoted = rest.contains(['"', '\'']);
        let name: String = rest.chars().filter(|c| *c != '"' && *c != '\'').collect();
        if name.is_empty() {
            continue;
        }
        out.push(Heredoc {
            marker: word.span,
            name,
            chomp,
            quoted,
            body: Spanned::default(),
        });
    }
    out
}

/// Reads the bodies of the instruction's heredocs from line `next` on;
/// returns the line after the last terminator.
fn read_heredocs(
    instruction: &mut Instruction,
    text: &str,
    lines: &[Line],
    mut next: usize,
    file: &mut Dockerfile,
) -> usize {
    for mut heredoc in heredoc_markers(instruction) {
        let body_start = lines.get(next).map_or(text.len(), |l| l.start);
        let mut terminated = false;
        let mut body_end = body_start;
        while let Some(&line) = lines.get(next) {
            next += 1;
            let content = &text[line.start..line.end];
            let candidate = if heredoc.chomp {
                content.trim_start_matches('\t')
            } else {
                content
            };
            if candidate == heredoc.name {
                terminated = true;
                break;
            }
            body_end = lines.get(next).map_or(text.len(), |l| l.start);
        }
        if !terminated {
            let name = &heredoc.name;
            file.problems.push(syntax(
                heredoc.marker,
                format!(
                    "heredoc `{name}` is never terminated: add a line holding only `{name}` \
                     after its content"
                ),
            ));
        }
        let body = Span::new(body_start, body_end.max(body_start));
        heredoc.body = Spanned::new(body_text(&text[body.start..body.end], heredoc.chomp), body);
        instruction.heredocs.push(heredoc);
    }
    next
}

/// A heredoc's content: with `<<-`, each line loses its leading tabs.
fn body_text(raw: &str, chomp: bool) -> String {
    if !chomp {
        return raw.to_string();
    }
    raw.split_inclusive('\n')
        .map(|line| line.trim_start_matches('\t'))
        .collect()
}

/// What BuildKit checks across instructions: a FROM exists, and only ARG
/// comes before the first FROM.
fn check_structure(file: &mut Dockerfile) {
    let first_from = file
        .instructions
        .iter()
        .position(|i| i.keyword == Keyword::From);
    let before = first_from.unwrap_or(file.instructions.len());
    let mut problems = Vec::new();
    for instruction in &file.instructions[..before] {
        if instruction.keyword != Keyword::Arg {
            problems.push(syntax(
                instruction.keyword_span,
                format!(
                    "`{}` comes before the first FROM: only ARG may precede FROM",
                    instruction.keyword_text()
                ),
            ));
        }
    }
    if first_from.is_none() && problems.is_empty() {
        let span = file
            .instructions
            .first()
            .map_or(Span::at(file.start), |i| i.keyword_span);
        problems.push(syntax(
            span,
            "no FROM instruction: a Dockerfile must start its first build stage with \
             `FROM <image>`"
                .into(),
        ));
    }
    file.problems.extend(problems);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    fn kinds(file: &Dockerfile) -> Vec<Keyword> {
        file.instructions.iter().map(|i| i.keyword).collect()
    }

    #[test]
    fn keywords_any_case_and_spans() {
        let text = "from alpine AS base\nRun echo hi\n  user app\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(kinds(&file), [Keyword::From, Keyword::Run, Keyword::User]);
        let user = &file.instructions[2];
        assert_eq!(slice(text, user.keyword_span), "user");
        assert_eq!(slice(text, user.args.span), "app");
        assert_eq!(slice(text, user.span), "user app");
        let words: Vec<String> = file.instructions[0]
            .words()
            .into_iter()
            .map(|w| slice(text, w.span).to_string())
            .collect();
        assert_eq!(words, ["alpine", "AS", "base"]);
    }

    #[test]
    fn continuations_join_lines_and_keep_spans() {
        let text = "FROM x\nRUN apt-get update \\\n    && apt-get install -y curl \\  \n    && rm -rf /var/lib/apt\nUSER 1000\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let run = &file.instructions[1];
        assert_eq!(
            run.args.value,
            "apt-get update     && apt-get install -y curl     && rm -rf /var/lib/apt"
        );
        let words = run.words();
        let curl = words.iter().find(|w| w.value == "curl").expect("curl");
        assert_eq!(slice(text, curl.span), "curl");
        let rm = words.iter().find(|w| w.value == "rm").expect("rm");
        assert_eq!(slice(text, rm.span), "rm");
        // The whole instruction spans three physical lines.
        assert!(slice(text, run.span).starts_with("RUN apt-get"));
        assert!(slice(text, run.span).ends_with("/var/lib/apt"));
        assert_eq!(file.instructions[2].keyword, Keyword::User);
    }

    #[test]
    fn comments_and_blank_lines_inside_continuations_are_dropped() {
        let text = "FROM x\nRUN a \\\n# a comment\n\n   b \\\n  # indented\n c\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(file.instructions.len(), 2);
        assert_eq!(file.instructions[1].args.value, "a    b  c");
        let comments: Vec<&str> = file.comments.iter().map(|c| c.value.as_str()).collect();
        assert_eq!(comments, ["# a comment", "# indented"]);
        assert_eq!(slice(text, file.comments[1].span), "# indented");
    }

    #[test]
    fn escape_directive_switches_the_continuation_character() {
        let text = "# escape=`\nFROM mcr.microsoft.com/windows\nRUN dir C:\\ `\n  && echo done\nCOPY a\\ C:\\b\\\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(file.escape, '`');
        assert_eq!(file.directives[0].name.value, "escape");
        assert_eq!(slice(text, file.directives[0].value.span), "`");
        assert_eq!(file.instructions[1].args.value, "dir C:\\   && echo done");
        // With a backtick escape, a trailing backslash is just text.
        assert_eq!(file.instructions[2].args.value, "a\\ C:\\b\\");
        assert_eq!(file.instructions.len(), 3);
    }

    #[test]
    fn directives_end_at_the_first_other_line() {
        let file = parse("# syntax=docker/dockerfile:1\n\n# escape=`\nFROM x\nRUN a `\n");
        assert_eq!(file.escape, '\\');
        assert_eq!(file.directives.len(), 1);
        let file = parse("# a comment\n# escape=`\nFROM x\n");
        assert_eq!(file.escape, '\\');
        assert!(file.directives.is_empty());
        let file = parse("#escape = `\n#  syntax=x\nFROM x\n");
        assert_eq!(file.escape, '`');
        assert_eq!(file.directives.len(), 2);
        let file = parse("# escape=|\nFROM x\n");
        assert_eq!(file.problems.len(), 1);
    }

    #[test]
    fn exec_form_strings_keep_spans() {
        let text =
            "FROM x\nCMD [\"node\", \"server.js\", \"a\\\"b\"]\nENTRYPOINT [\"sh\",\n  \"-c\"]\n";
        let file = parse(text);
        let cmd = file.instructions[1].exec.as_ref().expect("exec form");
        let values: Vec<&str> = cmd.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(values, ["node", "server.js", "a\"b"]);
        assert_eq!(slice(text, cmd[1].span), "\"server.js\"");
        assert_eq!(slice(text, cmd[2].span), "\"a\\\"b\"");
        // Not JSON: BuildKit falls back to the shell form.
        let file = parse("FROM x\nCMD [not json\nRUN [\"a\", 1]\n");
        assert!(file.instructions[1].exec.is_none());
        assert_eq!(file.problems.len(), 1);
    }

    #[test]
    fn exec_form_across_continuations() {
        let text = "FROM x\nCMD [\"a\", \\\n     \"b\"]\n";
        let file = parse(text);
        let cmd = file.instructions[1].exec.as_ref().expect("exec form");
        assert_eq!(slice(text, cmd[1].span), "\"b\"");
    }

    #[test]
    fn flags_are_read_before_arguments() {
        let text = "FROM --platform=$BUILDPLATFORM golang AS build\nCOPY --from=build --chown=app:app /a /b\nRUN --mount=type=cache,target=/root/.cache --network=none go build\nCOPY --link -- --weird /x\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let from = &file.instructions[0];
        assert_eq!(from.flags[0].name.value, "platform");
        let value = from.flags[0].value.as_ref().expect("value");
        assert_eq!(value.value, "$BUILDPLATFORM");
        assert_eq!(slice(text, value.span), "$BUILDPLATFORM");
        assert_eq!(from.args.value, "golang AS build");
        let copy = &file.instructions[1];
        assert_eq!(copy.flags.len(), 2);
        assert_eq!(slice(text, copy.flags[1].name.span), "chown");
        assert_eq!(copy.args.value, "/a /b");
        let run = &file.instructions[2];
        assert_eq!(
            run.flags[0].value.as_ref().map(|v| v.value.as_str()),
            Some("type=cache,target=/root/.cache")
        );
        assert_eq!(run.args.value, "go build");
        let link = &file.instructions[3];
        assert_eq!(link.flags.len(), 1);
        assert!(link.flags[0].value.is_none());
        assert_eq!(link.args.value, "--weird /x");
    }

    #[test]
    fn heredocs_read_bodies_after_the_line() {
        let text = "FROM x\nRUN <<EOF\napt-get update\nUSER root\nEOF\nUSER app\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(kinds(&file), [Keyword::From, Keyword::Run, Keyword::User]);
        let heredoc = &file.instructions[1].heredocs[0];
        assert_eq!(heredoc.name, "EOF");
        assert_eq!(heredoc.body.value, "apt-get update\nUSER root\n");
        assert_eq!(slice(text, heredoc.marker), "<<EOF");
        assert_eq!(file.instructions[2].args.value, "app");
    }

    #[test]
    fn heredoc_variants() {
        let text = "FROM x\nRUN <<-\"END\" bash\n\techo $HOME\n\tEND\nCOPY <<one.txt <<'two' /dest/\n1\none.txt\n2\ntwo\nRUN echo \"<<NOT\" && cat <<<here\nRUN [\"<<NOPE\"]\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        let run = &file.instructions[1].heredocs[0];
        assert!(run.chomp && run.quoted);
        assert_eq!(run.name, "END");
        assert_eq!(run.body.value, "echo $HOME\n");
        assert_eq!(slice(text, run.body.span), "\techo $HOME\n");
        let copy = &file.instructions[2].heredocs;
        assert_eq!(copy.len(), 2);
        assert_eq!(copy[0].body.value, "1\n");
        assert_eq!(copy[1].body.value, "2\n");
        assert!(!copy[0].quoted && copy[1].quoted);
        assert!(file.instructions[3].heredocs.is_empty());
        assert!(file.instructions[4].heredocs.is_empty());
        assert_eq!(file.instructions.len(), 5);
    }

    #[test]
    fn unterminated_heredoc_is_a_problem_at_its_marker() {
        let text = "FROM x\nRUN cat <<EOF > /etc/motd\nhello\n";
        let file = parse(text);
        assert_eq!(file.problems.len(), 1);
        assert_eq!(slice(text, file.problems[0].span), "<<EOF");
        assert!(file.problems[0].message.contains("never terminated"));
    }

    #[test]
    fn unknown_instructions_are_reported_and_skipped() {
        let text = "FROM x\nRUN apt-get update &&\n    apt-get install curl\nUSER app\n";
        let file = parse(text);
        assert_eq!(file.problems.len(), 1);
        assert_eq!(slice(text, file.problems[0].span), "apt-get");
        assert!(file.problems[0].message.contains("end that line with `\\`"));
        assert_eq!(kinds(&file), [Keyword::From, Keyword::Run, Keyword::User]);
    }

    #[test]
    fn structure_needs_from_first() {
        let file = parse("ARG V=1\nFROM x:$V\n");
        assert!(file.problems.is_empty());
        let text = "RUN x\nFROM y\n";
        let file = parse(text);
        assert_eq!(file.problems.len(), 1);
        assert_eq!(slice(text, file.problems[0].span), "RUN");
        let file = parse("# only a comment\n");
        assert_eq!(file.problems.len(), 1);
        assert!(file.problems[0].message.contains("no FROM"));
    }

    #[test]
    fn byte_order_mark_keeps_offsets() {
        let text = "\u{feff}FROM alpine\nUSER app\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(slice(text, file.instructions[0].keyword_span), "FROM");
        assert_eq!(slice(text, file.instructions[1].args.span), "app");
        let file = parse("\u{feff}# escape=`\nFROM x\n");
        assert_eq!(file.escape, '`');
    }

    #[test]
    fn crlf_lines() {
        let text = "FROM x\r\nRUN a \\\r\n  b\r\nUSER app\r\n";
        let file = parse(text);
        assert!(file.problems.is_empty(), "{:?}", file.problems);
        assert_eq!(file.instructions[1].args.value, "a   b");
        assert_eq!(slice(text, file.instructions[2].args.span), "app");
    }

    #[test]
    fn hostile_input_never_panics() {
        for text in [
            "",
            "\\",
            "FROM",
            "FROM x\nRUN \\",
            "FROM x\nRUN <<",
            "FROM x\nRUN <<-\n",
            "\u{feff}",
            "#",
            "# escape=",
            "FROM x\nENV é=ü \\\n",
            "FROM x\nCMD [\"\\u00e9\"",
            "FROM x\nCOPY --from=\"a b",
            "FROM x\nRUN --",
            "\r\n\r\n",
            "FROM x\nRUN a\\\n\\\n",
        ] {
            let file = parse(text);
            for instruction in &file.instructions {
                let _ = instruction.words();
                assert!(instruction.span.end <= text.len());
            }
        }
    }
}
