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
//! ...) and variable assignments. shell-words and shlex keep no offsets and
//! read operators as words; tree-sitter-bash would be a large dependency for
//! what rules need: the words at command positions.

/// One word of a command, quotes removed, with its byte range in the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// A simple command: its words, the first being the command name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimpleCommand {
    pub words: Vec<Word>,
}

/// Words that open or continue a compound command: the command follows them.
const LEADING_KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "fi", "done", "esac",
    "}",
];

/// Compound commands whose own words are not a command (`for x in a b`).
const NON_COMMANDS: &[&str] = &["for", "case", "select", "function", "in"];

/// The simple commands of a script, in order.
pub fn commands(script: &str) -> Vec<SimpleCommand> {
    let mut splitter = Splitter {
        bytes: script.as_bytes(),
        out: Vec::new(),
        words: Vec::new(),
        word: None,
        redirect_target: false,
        heredoc_delimiter: None,
        heredocs: Vec::new(),
    };
    splitter.run();
    splitter.out
}

struct Splitter<'a> {
    bytes: &'a [u8],
    out: Vec<SimpleCommand>,
    words: Vec<Word>,
    /// The word being read: its start and bytes so far.
    word: Option<(usize, Vec<u8>)>,
    /// The next word is a redirection's target, not an argument.
    redirect_target: bool,
    /// The next word is a here-document's delimiter; `true` for `<<-`.
    heredoc_delimiter: Option<bool>,
    /// Here-documents whose bodies start after the current line.
    heredocs: Vec<(String, bool)>,
}

impl Splitter<'_> {
    fn run(&mut self) {
        let mut i = 0;
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
                self.push(i, &bytes[(i + 1).min(end)..end]);
                end
            }
            b' ' | b'\t' | b'\r' => {
                self.end_word(i);
                i + 1
            }
            b'\n' => {
                self.end_word(i);
                self.end_command();
                self.skip_heredocs(i + 1)
            }
            b'#' if self.word.is_none() => memchr(b'\n', bytes, i).unwrap_or(bytes.len()),
            b'\'' => {
                let close = memchr(b'\'', bytes, i + 1).unwrap_or(bytes.len());
                self.push(i, &bytes[i + 1..close]);
                (close + 1).min(bytes.len())
            }
            b'"' => self.double_quoted(i),
            b'$' if matches!(next, Some(b'(' | b'{')) => {
                let end = skip_balanced(bytes, i + 1);
                self.push(i, &bytes[i..end]);
                end
            }
            b'`' => {
                let close = memchr(b'`', bytes, i + 1).unwrap_or(bytes.len());
                let end = (close + 1).min(bytes.len());
                self.push(i, &bytes[i..end]);
                end
            }
            b'&' if next == Some(b'>') => {
                self.end_word(i);
                self.redirection(i + 1)
            }
            b';' | b'&' | b'|' | b'(' | b')' => {
                self.end_word(i);
                self.end_command();
                i + 1
            }
            b'>' | b'<' => {
                // `2>&1`: a file descriptor number belongs to the redirection.
                if self
                    .word
                    .as_ref()
                    .is_some_and(|(_, w)| w.iter().all(u8::is_ascii_digit))
                {
                    self.word = None;
                }
                self.end_word(i);
                self.redirection(i)
            }
            _ => {
                let end = char_end(bytes, i);
                self.push(i, &bytes[i..end]);
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
                    j = end;
                }
                b => {
                    text.push(b);
                    j += 1;
                }
            }
        }
        self.push(i, &text);
        (j + 1).min(bytes.len())
    }

    /// Appends bytes to the current word, starting one at `at` if none.
    fn push(&mut self, at: usize, text: &[u8]) {
        self.word
            .get_or_insert_with(|| (at, Vec::new()))
            .1
            .extend_from_slice(text);
    }

    fn end_word(&mut self, end: usize) {
        let Some((start, bytes)) = self.word.take() else {
            return;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if let Some(strip) = self.heredoc_delimiter.take() {
            self.heredocs.push((text, strip));
        } else if self.redirect_target {
            self.redirect_target = false;
        } else {
            self.words.push(Word { text, start, end });
        }
    }

    fn end_command(&mut self) {
        self.redirect_target = false;
        self.heredoc_delimiter = None;
        let mut words = std::mem::take(&mut self.words);
        let skip = words
            .iter()
            .take_while(|w| LEADING_KEYWORDS.contains(&w.text.as_str()) || is_assignment(&w.text))
            .count();
        words.drain(..skip);
        match words.first() {
            None => {}
            Some(first) if NON_COMMANDS.contains(&first.text.as_str()) => {}
            Some(_) => self.out.push(SimpleCommand { words }),
        }
    }

    /// Skips the bodies of the here-documents opened on the line that just
    /// ended; returns where the script goes on.
    fn skip_heredocs(&mut self, mut i: usize) -> usize {
        for (delimiter, _strip_tabs) in std::mem::take(&mut self.heredocs) {
            while i < self.bytes.len() {
                let end = memchr(b'\n', self.bytes, i).unwrap_or(self.bytes.len());
                let line = String::from_utf8_lossy(&self.bytes[i..end]);
                i = (end + 1).min(self.bytes.len());
                // Bash wants the delimiter alone (tabs stripped for `<<-`);
                // accepting surrounding blanks errs towards skipping data.
                if line.trim() == delimiter {
                    break;
                }
            }
        }
        i
    }
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

    fn names(script: &str) -> Vec<String> {
        commands(script)
            .iter()
            .map(|c| {
                c.words
                    .iter()
                    .map(|w| w.text.as_str())
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
    }

    #[test]
    fn quotes_are_removed_and_echoed_text_stays_an_argument() {
        assert_eq!(
            names("echo \"kubectl apply\" 'x y'\nFOO=\"a b\" BAR=1 pytest -k \"not slow\""),
            ["echo kubectl apply x y", "pytest -k not slow"]
        );
    }

    #[test]
    fn comments_heredocs_and_redirections_are_not_commands() {
        let script = "# kubectl apply\ncat <<'EOF' > job.yaml\nkubectl apply -f x\nEOF\n\
                      go test ./... 2>&1 > out.txt\ncat <<-END\n\tdocker push x\n\tEND\nls";
        assert_eq!(
            names(script),
            ["cat", "go test ./...", "cat", "ls"],
            "{:?}",
            commands(script)
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
        let cmds = commands(script);
        assert_eq!(names(script), ["docker buildx build --push ."]);
        let push = &cmds[0].words[3];
        assert_eq!(&script[push.start..push.end], "--push");
        let quoted = commands("echo 'é' \"x\"");
        assert_eq!(quoted[0].words[1].text, "é");
        assert_eq!((quoted[0].words[2].start, quoted[0].words[2].end), (10, 13));
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
        ] {
            let _ = commands(script);
        }
    }
}
