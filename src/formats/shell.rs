//! A small offset-keeping splitter for POSIX shell scripts: it finds the
//! simple commands of a script (`run:` of a workflow step) and their words,
//! each with its byte range, so that a rule can tell `kubectl apply` at a
//! command position from the same words inside `echo "..."`, a comment or a
//! here-document.
//!
//! It is not a shell parser: it splits on newlines and the operators `&&`,
//! `||`, `;`, `|`, `&`, `(` and `)`, removes quotes, keeps `$(...)`,
//! `${...}` and backquotes inside their word, drops redirections and the
//! bodies of here-documents, and strips leading keywords (`if`, `then`, `!`
//! ...); variable assignments before a command are kept apart from its
//! words (`PGPASSWORD=x psql`). It notes which words hold an expansion
//! (their value is not in the text) and which commands read the previous
//! one's output through a pipe. shell-words and shlex keep no offsets and
//! read operators as words; tree-sitter-bash would be a large dependency for
//! what rules need: the words at command positions.

use crate::model::{Command, Word};
use crate::source::Span;

/// Words that open or continue a compound command: the command follows them.
const LEADING_KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "fi", "done", "esac",
    "}",
];

/// Compound commands whose own words are not a command (`for x in a b`).
const NON_COMMANDS: &[&str] = &["for", "case", "select", "function", "in"];

/// How deep here-documents inside here-documents are read.
const MAX_HEREDOC_DEPTH: usize = 4;

/// A script's simple commands, in order.
#[derive(Debug, Default, Clone)]
pub struct Split {
    /// The commands the script runs.
    pub commands: Vec<Command>,
    /// The commands in the bodies of its here-documents.
    pub heredoc_commands: Vec<Command>,
}

/// Splits a script into simple commands. Spans are offsets in the script,
/// passed through `locate` (which maps them into the file).
pub fn commands(script: &str, locate: impl Fn(Span) -> Span) -> Split {
    let mut splitter = Splitter::new(script.as_bytes(), 0);
    splitter.run(0);
    // Without spare room: a script's commands live as long as the model,
    // and a generated pipeline has a hundred thousand scripts.
    let relocate = |commands: Vec<Command>| -> Vec<Command> {
        let mut commands: Vec<Command> = commands
            .into_iter()
            .filter_map(|mut command| {
                for word in command.assignments.iter_mut().chain(&mut command.words) {
                    word.span = locate(word.span);
                    word.inner = locate(word.inner);
                }
                let first = command.assignments.first().or(command.words.first())?;
                let last = command.words.last().or(command.assignments.last())?;
                command.span = first.span.join(last.span);
                Some(command)
            })
            .collect();
        commands.shrink_to_fit();
        commands
    };
    Split {
        commands: relocate(splitter.out),
        heredoc_commands: relocate(splitter.heredoc_out),
    }
}

struct Splitter<'a> {
    bytes: &'a [u8],
    out: Vec<Command>,
    /// Commands of here-document bodies.
    heredoc_out: Vec<Command>,
    /// How many here-documents this text is inside.
    depth: usize,
    words: Vec<Word>,
    /// The word being read.
    word: Option<PartialWord>,
    /// The next word is a redirection's target, not an argument.
    redirect_target: bool,
    /// The next word is a here-document's delimiter; `true` for `<<-`.
    heredoc_delimiter: Option<bool>,
    /// Here-documents whose bodies start after the current line.
    heredocs: Vec<(String, bool)>,
    /// The next command reads the previous one's output (`a | b`).
    piped: bool,
}

/// A word as it is read: its start, its bytes so far, and its parts.
struct PartialWord {
    start: usize,
    text: Vec<u8>,
    /// The inside of its first quoted part, and how many quoted parts.
    quoted: Option<Span>,
    quoted_parts: usize,
    /// Has characters outside quotes.
    unquoted: bool,
    dynamic: bool,
}

/// How a piece of a word was written.
#[derive(Clone, Copy)]
enum Part {
    Unquoted,
    /// In quotes; the span of what is inside them.
    Quoted(Span),
}

impl<'a> Splitter<'a> {
    fn new(bytes: &'a [u8], depth: usize) -> Self {
        Splitter {
            bytes,
            out: Vec::new(),
            heredoc_out: Vec::new(),
            depth,
            words: Vec::new(),
            word: None,
            redirect_target: false,
            heredoc_delimiter: None,
            heredocs: Vec::new(),
            piped: false,
        }
    }

    /// Splits the text from `from` to its end.
    fn run(&mut self, from: usize) {
        let mut i = from;
        while i < self.bytes.len() {
            i = self.step(i);
        }
        self.end_word(self.bytes.len());
        self.end_command();
    }

    /// Reads from `i`; returns where to continue.
    fn step(&mut self, i: usize) -> usize {
        let bytes = self.bytes;
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        match c {
            b'\\' if next == Some(b'\n') => i + 2,
            b'\\' if next == Some(b'\r') && bytes.get(i + 2) == Some(&b'\n') => i + 3,
            b'\\' => {
                let end = char_end(bytes, i + 1);
                self.push(i, &bytes[(i + 1).min(end)..end], Part::Unquoted);
                end
            }
            b' ' | b'\t' | b'\r' => {
                self.end_word(i);
                i + 1
            }
            b'\n' => {
                self.end_word(i);
                self.end_command();
                self.heredoc_bodies(i + 1)
            }
            b'#' if self.word.is_none() => memchr(b'\n', bytes, i).unwrap_or(bytes.len()),
            b'\'' => {
                let close = memchr(b'\'', bytes, i + 1).unwrap_or(bytes.len());
                let inside = Span::new(i + 1, close);
                self.push(i, &bytes[i + 1..close], Part::Quoted(inside));
                (close + 1).min(bytes.len())
            }
            b'"' => self.double_quoted(i),
            b'$' if matches!(next, Some(b'(' | b'{')) => {
                let end = skip_balanced(bytes, i + 1);
                self.push(i, &bytes[i..end], Part::Unquoted);
                self.mark_dynamic();
                end
            }
            b'`' => {
                let close = memchr(b'`', bytes, i + 1).unwrap_or(bytes.len());
                let end = (close + 1).min(bytes.len());
                self.push(i, &bytes[i..end], Part::Unquoted);
                self.mark_dynamic();
                end
            }
            b'&' if next == Some(b'>') => {
                self.end_word(i);
                self.redirection(i + 1)
            }
            b'|' => {
                self.end_word(i);
                self.end_command();
                // `||` runs the next command on failure; `|&` pipes stderr too.
                self.piped = next != Some(b'|');
                i + if matches!(next, Some(b'|' | b'&')) {
                    2
                } else {
                    1
                }
            }
            b';' | b'&' => {
                self.end_word(i);
                self.end_command();
                self.piped = false;
                i + 1
            }
            b'(' | b')' => {
                self.end_word(i);
                self.end_command();
                i + 1
            }
            b'>' | b'<' => {
                // `2>&1`: a file descriptor number belongs to the redirection.
                if self
                    .word
                    .as_ref()
                    .is_some_and(|w| w.text.iter().all(u8::is_ascii_digit))
                {
                    self.word = None;
                }
                self.end_word(i);
                self.redirection(i)
            }
            b'$' => {
                let end = char_end(bytes, i);
                self.push(i, &bytes[i..end], Part::Unquoted);
                if expands(next) {
                    self.mark_dynamic();
                }
                end
            }
            _ => {
                // A run of characters no arm reads: one push, where each
                // would have joined the same word.
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| !continues_plain_run(b))
                    .map_or(bytes.len(), |at| i + 1 + at);
                self.push(i, &bytes[i..end], Part::Unquoted);
                end
            }
        }
    }

    /// Reads a redirection operator at `i`; its target or here-document
    /// delimiter is the next word.
    fn redirection(&mut self, i: usize) -> usize {
        let bytes = self.bytes;
        if bytes[i..].starts_with(b"<<<") {
            self.redirect_target = true;
            return i + 3;
        }
        if bytes[i..].starts_with(b"<<") {
            let strip = bytes.get(i + 2) == Some(&b'-');
            self.heredoc_delimiter = Some(strip);
            return i + 2 + usize::from(strip);
        }
        let mut j = i + 1;
        while j < bytes.len() && matches!(bytes[j], b'>' | b'&' | b'|') {
            j += 1;
        }
        self.redirect_target = true;
        j
    }

    fn double_quoted(&mut self, i: usize) -> usize {
        let bytes = self.bytes;
        let mut j = i + 1;
        let mut text = Vec::new();
        let mut dynamic = false;
        while j < bytes.len() && bytes[j] != b'"' {
            match bytes[j] {
                b'\\' if matches!(bytes.get(j + 1), Some(b'"' | b'\\' | b'$' | b'`')) => {
                    text.push(bytes[j + 1]);
                    j += 2;
                }
                b'\\' if bytes.get(j + 1) == Some(&b'\n') => j += 2,
                b'$' if matches!(bytes.get(j + 1), Some(b'(' | b'{')) => {
                    let end = skip_balanced(bytes, j + 1);
                    text.extend_from_slice(&bytes[j..end]);
                    dynamic = true;
                    j = end;
                }
                b => {
                    dynamic |= b == b'`' || (b == b'$' && expands(bytes.get(j + 1).copied()));
                    text.push(b);
                    j += 1;
                }
            }
        }
        self.push(i, &text, Part::Quoted(Span::new(i + 1, j)));
        if dynamic {
            self.mark_dynamic();
        }
        (j + 1).min(bytes.len())
    }

    /// Appends a part to the current word, starting one at `at` if none.
    fn push(&mut self, at: usize, text: &[u8], part: Part) {
        let word = self.word.get_or_insert_with(|| PartialWord {
            start: at,
            text: Vec::new(),
            quoted: None,
            quoted_parts: 0,
            unquoted: false,
            dynamic: false,
        });
        word.text.extend_from_slice(text);
        match part {
            Part::Unquoted => word.unquoted = true,
            Part::Quoted(inside) => {
                word.quoted.get_or_insert(inside);
                word.quoted_parts += 1;
            }
        }
    }

    fn mark_dynamic(&mut self) {
        if let Some(word) = &mut self.word {
            word.dynamic = true;
        }
    }

    fn end_word(&mut self, end: usize) {
        let Some(word) = self.word.take() else {
            return;
        };
        // The bytes become the word's text as they are: copied only to be
        // mended, should they not be UTF-8.
        let text = String::from_utf8(word.text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        if let Some(strip) = self.heredoc_delimiter.take() {
            self.heredocs.push((text, strip));
        } else if self.redirect_target {
            self.redirect_target = false;
        } else {
            let span = Span::new(word.start, end);
            let inner = match word.quoted {
                Some(inside) if word.quoted_parts == 1 && !word.unquoted => inside,
                _ => span,
            };
            self.words.push(Word {
                value: text,
                span,
                inner,
                dynamic: word.dynamic,
            });
        }
    }

    fn end_command(&mut self) {
        self.redirect_target = false;
        self.heredoc_delimiter = None;
        let mut words = std::mem::take(&mut self.words);
        if words.is_empty() {
            // `a |` at the end of a line: the pipeline goes on below.
            return;
        }
        words.shrink_to_fit();
        let piped = std::mem::take(&mut self.piped);
        let skip = words
            .iter()
            .take_while(|w| LEADING_KEYWORDS.contains(&w.value.as_str()) || is_assignment(&w.value))
            .count();
        let assignments: Vec<Word> = words
            .drain(..skip)
            .filter(|w| is_assignment(&w.value))
            .collect();
        match words.first() {
            None if assignments.is_empty() => {}
            Some(first) if NON_COMMANDS.contains(&first.value.as_str()) => {}
            _ => self.out.push(Command {
                words,
                assignments,
                span: Span::default(),
                piped,
            }),
        }
    }

    /// Reads the bodies of the here-documents opened on the line that just
    /// ended, as scripts of their own; returns where the script goes on.
    fn heredoc_bodies(&mut self, mut i: usize) -> usize {
        for (delimiter, _strip_tabs) in std::mem::take(&mut self.heredocs) {
            let body = i;
            let mut body_end = self.bytes.len();
            while i < self.bytes.len() {
                let end = memchr(b'\n', self.bytes, i).unwrap_or(self.bytes.len());
                let line = String::from_utf8_lossy(&self.bytes[i..end]);
                let line_start = i;
                i = (end + 1).min(self.bytes.len());
                // Bash wants the delimiter alone (tabs stripped for `<<-`);
                // accepting surrounding blanks errs towards ending the body.
                if line.trim() == delimiter {
                    body_end = line_start;
                    break;
                }
            }
            // Bounded: a body within a body within ... is rare, and each
            // level would read the text again.
            if self.depth < MAX_HEREDOC_DEPTH {
                let mut nested = Splitter::new(&self.bytes[..body_end], self.depth + 1);
                nested.run(body);
                self.heredoc_out.append(&mut nested.out);
                self.heredoc_out.append(&mut nested.heredoc_out);
            }
        }
        i
    }
}

/// Shells whose `-c` argument is a script.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh"];

/// Whether `program` (a name or a path) is a POSIX shell.
pub fn is_shell(program: &str) -> bool {
    SHELLS.contains(&program.rsplit('/').next().unwrap_or(program))
}

/// In an argument vector run without a shell (`["sh", "-c", "..."]`), the
/// index of the script a shell is told to run: the word after `-c` (or a
/// flag group holding `c`, `-ec`).
pub fn script_argument(argv: &[Word]) -> Option<usize> {
    if !is_shell(&argv.first()?.value) {
        return None;
    }
    let flag = argv.iter().skip(1).position(|w| {
        w.value.starts_with('-') && !w.value.starts_with("--") && w.value.contains('c')
    })?;
    let script = flag + 2;
    (script < argv.len()).then_some(script)
}

/// The commands of the script word `script` (the argument of `sh -c`), in
/// the file whose text is `file`. Where the word's characters are the
/// script itself, each command points at its own place; where they are not
/// (escapes, folded lines), each word is found by its text, in order, and
/// what cannot be found points at the whole word.
pub fn script_word_commands(file: &str, script: &Word) -> Vec<Command> {
    let inner = script.inner;
    let region = file.get(inner.start..inner.end).unwrap_or("");
    let verbatim = region == script.value;
    let cursor = std::cell::Cell::new(0);
    commands(&script.value, |span| {
        if verbatim {
            return Span::new(inner.start + span.start, inner.start + span.end);
        }
        let wanted = script.value.get(span.start..span.end).unwrap_or("");
        let found = (!wanted.is_empty() && !wanted.contains('\n'))
            .then(|| {
                region
                    .get(cursor.get()..)?
                    .find(wanted)
                    .map(|at| at + cursor.get())
            })
            .flatten();
        match found {
            Some(at) => {
                cursor.set(at);
                Span::new(inner.start + at, inner.start + at + wanted.len())
            }
            None => inner,
        }
    })
    .commands
}

/// Reads the scripts that the shells among `commands` are told to run
/// (`sh -c "chown app /data && exec gosu app server"`) as commands of their
/// own, appended, one level deep; the script word leaves its shell's
/// command, so that nothing in it is read twice.
pub fn expand_shell_scripts(file: &str, commands: &mut Vec<Command>) {
    let mut nested = Vec::new();
    for command in commands.iter_mut() {
        if let Some(at) = script_argument(&command.words) {
            let script = command.words.remove(at);
            nested.extend(script_word_commands(file, &script));
        }
    }
    commands.extend(nested);
}

/// Whether `byte` may continue a run of [`Splitter::step`]'s last arm:
/// letters, digits, the bytes of multi-byte characters and the punctuation
/// of paths, options and assignments, none of which has an arm of its own.
/// The list names what plainly needs none rather than what does: a run
/// that stops early only starts another in the same word, so an arm added
/// to `step` cannot be skipped by a run.
fn continues_plain_run(byte: u8) -> bool {
    byte.is_ascii_alphanumeric()
        || !byte.is_ascii()
        || matches!(
            byte,
            b'-' | b'_' | b'.' | b'/' | b':' | b'=' | b'@' | b'+' | b',' | b'%'
        )
}

/// Whether a `$` followed by `next` starts an expansion (`$VAR`, `$1`,
/// `$?`, `${...}`, `$(...)`); a `$` before anything else is itself.
fn expands(next: Option<u8>) -> bool {
    next.is_some_and(|b| {
        b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'_' | b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-' | b'{' | b'('
            )
    })
}

/// `NAME=value` (also `NAME+=value`, `NAME[i]=value`).
fn is_assignment(word: &str) -> bool {
    let Some(eq) = word.find('=') else {
        return false;
    };
    let name = word[..eq].trim_end_matches('+');
    let name = name.split('[').next().unwrap_or(name);
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn memchr(needle: u8, bytes: &[u8], from: usize) -> Option<usize> {
    bytes
        .get(from..)?
        .iter()
        .position(|&b| b == needle)
        .map(|p| p + from)
}

/// The end of the UTF-8 character starting at `i`.
fn char_end(bytes: &[u8], i: usize) -> usize {
    let mut end = (i + 1).min(bytes.len());
    while end < bytes.len() && (bytes[end] & 0xC0) == 0x80 {
        end += 1;
    }
    end
}

/// From an opening `(` or `{` at `open`, the index after its matching
/// closer, skipping quoted text; the end of the script if unbalanced.
fn skip_balanced(bytes: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b'\\' => i += 1,
            b'\'' => i = memchr(b'\'', bytes, i + 1).unwrap_or(bytes.len()),
            b'"' => {
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The commands of a script, spans as offsets in it.
    fn split(script: &str) -> Vec<Command> {
        commands(script, |span| span).commands
    }

    fn names(script: &str) -> Vec<String> {
        split(script)
            .iter()
            .map(|c| {
                c.words
                    .iter()
                    .map(|w| w.value.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn splits_on_operators_and_newlines() {
        assert_eq!(
            names("npm ci && npm test || exit 1; make lint | tee out\nkubectl apply -f k8s/ &"),
            [
                "npm ci",
                "npm test",
                "exit 1",
                "make lint",
                "tee out",
                "kubectl apply -f k8s/"
            ]
        );
        assert_eq!(
            names("a b 'c d' \"e $F\" # note\ng && h | i; j \\\n  k"),
            ["a b c d e $F", "g", "h", "i", "j k"]
        );
    }

    #[test]
    fn quotes_are_removed_and_echoed_text_stays_an_argument() {
        assert_eq!(
            names("echo \"kubectl apply\" 'x y'\nFOO=\"a b\" BAR=1 pytest -k \"not slow\""),
            ["echo kubectl apply x y", "pytest -k not slow"]
        );
    }

    #[test]
    fn assignments_are_kept_apart_from_the_words() {
        let script = "PGPASSWORD='p w' psql -c x\nTOKEN=abc\nif A=1 make; then :; fi";
        let split = split(script);
        let texts = |words: &[Word]| -> Vec<String> {
            words
                .iter()
                .map(|w| script[w.span.start..w.span.end].to_string())
                .collect()
        };
        assert_eq!(texts(&split[0].assignments), ["PGPASSWORD='p w'"]);
        assert_eq!(split[0].assignments[0].value, "PGPASSWORD=p w");
        assert_eq!(texts(&split[0].words), ["psql", "-c", "x"]);
        assert!(split[1].words.is_empty());
        assert_eq!(&script[split[1].span.start..split[1].span.end], "TOKEN=abc");
        assert_eq!(texts(&split[2].assignments), ["A=1"]);
        assert_eq!(texts(&split[2].words), ["make"]);
    }

    #[test]
    fn comments_heredocs_and_redirections_are_not_commands() {
        let script = "# kubectl apply\ncat <<'EOF' > job.yaml\nkubectl apply -f x\nEOF\n\
                      go test ./... 2>&1 > out.txt\ncat <<-END\n\tdocker push x\n\tEND\nls";
        assert_eq!(
            names(script),
            ["cat", "go test ./...", "cat", "ls"],
            "{:?}",
            split(script)
        );
    }

    #[test]
    fn heredoc_bodies_are_split_apart() {
        let script = "ssh host <<EOF\ndocker login -p x\nsh <<'IN'\nls\nIN\nEOF\ncat <<A <<B\na 1\nA\nb 2\nB\nend";
        let split = commands(script, |span| span);
        let texts = |commands: &[Command]| -> Vec<String> {
            commands
                .iter()
                .map(|c| script[c.span.start..c.span.end].to_string())
                .collect()
        };
        assert_eq!(texts(&split.commands), ["ssh host", "cat", "end"]);
        assert_eq!(
            texts(&split.heredoc_commands),
            ["docker login -p x", "sh", "ls", "a 1", "b 2"]
        );
    }

    #[test]
    fn keywords_and_compound_commands() {
        let script = "if ! pytest; then\n  exit 1\nfi\nfor f in a b; do helm upgrade $f; done\n\
                      while true; do sleep 1; done";
        assert_eq!(
            names(script),
            ["pytest", "exit 1", "helm upgrade $f", "true", "sleep 1"]
        );
    }

    #[test]
    fn substitutions_stay_inside_their_word() {
        assert_eq!(
            names(
                "TAG=$(git rev-parse --short HEAD) docker build -t \"img:$(date +%s)\" .\n\
                   echo ${{ github.sha }} && ${{ matrix.cmd }} --flag"
            ),
            [
                "docker build -t img:$(date +%s) .",
                "echo ${{ github.sha }}",
                "${{ matrix.cmd }} --flag"
            ]
        );
    }

    #[test]
    fn continuations_join_lines_and_ranges_point_into_the_script() {
        let script = "docker buildx build \\\n  --push .";
        let cmds = split(script);
        assert_eq!(names(script), ["docker buildx build --push ."]);
        let push = &cmds[0].words[3];
        assert_eq!(&script[push.span.start..push.span.end], "--push");
        assert_eq!(&script[cmds[0].span.start..cmds[0].span.end], script);
        let quoted = split("echo 'é' \"x\"");
        assert_eq!(quoted[0].words[1].value, "é");
        assert_eq!(quoted[0].words[2].span, Span::new(10, 13));
    }

    #[test]
    fn quoted_words_have_an_inner_span() {
        let script = "x 'abc' d\"e\" \"a\"'b' \"unterminated";
        let words = &split(script)[0].words;
        let inner = |i: usize| &script[words[i].inner.start..words[i].inner.end];
        assert_eq!(inner(1), "abc");
        assert_eq!(words[2].inner, words[2].span);
        assert_eq!(words[3].inner, words[3].span);
        assert_eq!(inner(4), "unterminated");
    }

    #[test]
    fn expansions_stay_whole_and_are_dynamic() {
        let script = "login -p ${{ secrets.X }} -q $(cat f) -r \"$P\" -s lit \
                      '$NOT' \\$NOT `date` \"`date`\" 5$ pa$$ \"${X}\"";
        let shown: Vec<(String, bool)> = split(script)[0]
            .words
            .iter()
            .map(|w| (w.value.clone(), w.dynamic))
            .collect();
        let expected = [
            ("login", false),
            ("-p", false),
            ("${{ secrets.X }}", true),
            ("-q", false),
            ("$(cat f)", true),
            ("-r", false),
            ("$P", true),
            ("-s", false),
            ("lit", false),
            ("$NOT", false),
            ("$NOT", false),
            ("`date`", true),
            ("`date`", true),
            ("5$", false),
            ("pa$$", true),
            ("${X}", true),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(w, d)| (w.to_string(), *d)).collect();
        assert_eq!(shown, expected);
    }

    #[test]
    fn pipes_mark_the_command_they_feed() {
        let piped = |script: &str| -> Vec<bool> { split(script).iter().map(|c| c.piped).collect() };
        assert_eq!(
            piped("echo x | docker login --password-stdin"),
            [false, true]
        );
        assert_eq!(piped("a || b; c && d"), [false, false, false, false]);
        assert_eq!(
            piped("a |& b\na |\n  b\na | (b)"),
            [false, true, false, true, false, true]
        );
        assert_eq!(piped("a | b; c\nd & e"), [false, true, false, false, false]);
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for script in [
            "echo 'x",
            "echo \"x",
            "$(",
            "${{",
            "cat <<EOF",
            "a\\",
            "`x",
            "é\\é",
            "$",
            "é$",
            "a |",
            "'",
        ] {
            let _ = split(script);
        }
    }
}
