//! Just enough shell to find a command's arguments in a `run:` script with
//! their byte spans: words, quotes, comments, line continuations, and the
//! operators that separate commands. Expansions (`$VAR`, `$(...)`, `` `...` ``,
//! and GitHub's `${{ ... }}`) are kept whole and marked dynamic: their value
//! is not in the text. Not a shell parser: no here-documents, no aliases.

use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The word with quotes removed (expansions kept as written).
    pub text: String,
    /// The whole word in the script, quotes included.
    pub span: Span,
    /// The value's characters in the script: inside the quotes when the word
    /// is one quoted string.
    pub inner: Span,
    /// Holds an expansion: its value is decided at run time.
    pub dynamic: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<Word>,
    /// Its standard input is the previous command's output (`a | b`).
    pub piped: bool,
}

/// Splits a script into simple commands.
pub fn commands(script: &str) -> Vec<Command> {
    let bytes = script.as_bytes();
    let mut out = Vec::new();
    let mut current = Command::default();
    let mut i = 0;
    let end_command = |current: &mut Command, out: &mut Vec<Command>, piped: bool| {
        let done = std::mem::take(current);
        if !done.words.is_empty() {
            out.push(done);
        }
        current.piped = piped;
    };
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'\n' | b';' | b'&' | b'(' | b')' => {
                end_command(&mut current, &mut out, false);
                i += 1;
            }
            b'|' => {
                let double = bytes.get(i + 1) == Some(&b'|');
                end_command(&mut current, &mut out, !double);
                i += if double { 2 } else { 1 };
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            _ => {
                let (word, next) = read_word(script, i);
                current.words.push(word);
                i = next;
            }
        }
    }
    end_command(&mut current, &mut out, false);
    out
}

/// Reads one word starting at `start`; returns it and the offset after it.
fn read_word(script: &str, start: usize) -> (Word, usize) {
    let bytes = script.as_bytes();
    let mut text = String::new();
    let mut dynamic = false;
    let mut i = start;
    let mut quoted_parts = 0;
    let mut plain_parts = 0;
    while i < bytes.len() {
        match bytes[i] {
            b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'(' | b')' => break,
            b'\\' if bytes.get(i + 1) == Some(&b'\n') => break,
            b'\'' => {
                quoted_parts += 1;
                let close = find_from(bytes, i + 1, b'\'');
                text.push_str(slice(script, i + 1, close));
                i = close + 1;
            }
            b'"' => {
                quoted_parts += 1;
                let mut j = i + 1;
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\\' {
                        j += 1;
                    } else if bytes[j] == b'$' || bytes[j] == b'`' {
                        dynamic = true;
                    }
                    j += 1;
                }
                let close = j.min(bytes.len());
                text.push_str(slice(script, i + 1, close));
                i = close + 1;
            }
            b'$' | b'`' => {
                plain_parts += 1;
                dynamic = true;
                let next = skip_expansion(bytes, i);
                text.push_str(slice(script, i, next));
                i = next;
            }
            b'\\' => {
                plain_parts += 1;
                text.push_str(slice(script, i + 1, (i + 2).min(bytes.len())));
                i += 2;
            }
            _ => {
                plain_parts += 1;
                let c = script[i..].chars().next().unwrap_or(' ');
                text.push(c);
                i += c.len_utf8();
            }
        }
    }
    let end = i.min(bytes.len());
    let span = Span::new(start, end);
    let inner = if quoted_parts == 1 && plain_parts == 0 && end >= start + 2 {
        Span::new(start + 1, end - 1)
    } else {
        span
    };
    (
        Word {
            text,
            span,
            inner,
            dynamic,
        },
        end,
    )
}

/// The offset after an expansion starting at `$` or a backtick: `${{ }}`,
/// `${...}`, `$(...)`, `$NAME`, `` `...` ``.
fn skip_expansion(bytes: &[u8], start: usize) -> usize {
    let rest = &bytes[start..];
    if rest.starts_with(b"${{") {
        return find_pair(bytes, start + 3, b"}}").map_or(bytes.len(), |at| at + 2);
    }
    if rest.starts_with(b"$(") || rest.starts_with(b"${") || rest[0] == b'`' {
        let (open, close) = match rest.get(1) {
            _ if rest[0] == b'`' => (b'`', b'`'),
            Some(b'(') => (b'(', b')'),
            _ => (b'{', b'}'),
        };
        if open == b'`' {
            return find_from(bytes, start + 1, b'`') + 1;
        }
        let mut depth = 0usize;
        for (offset, &b) in bytes[start + 1..].iter().enumerate() {
            if b == open {
                depth += 1;
            } else if b == close {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return start + 1 + offset + 1;
                }
            }
        }
        return bytes.len();
    }
    let name_len = rest[1..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    start + 1 + name_len.max(1).min(rest.len() - 1)
}

fn find_from(bytes: &[u8], from: usize, needle: u8) -> usize {
    (from..bytes.len())
        .find(|&i| bytes[i] == needle)
        .unwrap_or(bytes.len())
}

fn find_pair(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    (from..bytes.len().saturating_sub(needle.len() - 1)).find(|&i| bytes[i..].starts_with(needle))
}

fn slice(script: &str, start: usize, end: usize) -> &str {
    script
        .get(start.min(script.len())..end.min(script.len()))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(script: &str) -> Vec<Vec<String>> {
        commands(script)
            .into_iter()
            .map(|c| c.words.into_iter().map(|w| w.text).collect())
            .collect()
    }

    #[test]
    fn splits_commands_and_words() {
        assert_eq!(
            texts("a b 'c d' \"e $F\" # note\ng && h | i; j \\\n  k"),
            [
                vec!["a", "b", "c d", "e $F"],
                vec!["g"],
                vec!["h"],
                vec!["i"],
                vec!["j", "k"]
            ]
        );
        let piped = commands("echo x | docker login --password-stdin");
        assert!(!piped[0].piped && piped[1].piped);
    }

    #[test]
    fn expansions_stay_whole_and_dynamic() {
        let script = "login -p ${{ secrets.X }} -q $(cat f) -r \"$P\" -s lit";
        let words = &commands(script)[0].words;
        let shown: Vec<(&str, bool)> = words.iter().map(|w| (w.text.as_str(), w.dynamic)).collect();
        assert_eq!(
            shown,
            [
                ("login", false),
                ("-p", false),
                ("${{ secrets.X }}", true),
                ("-q", false),
                ("$(cat f)", true),
                ("-r", false),
                ("$P", true),
                ("-s", false),
                ("lit", false)
            ]
        );
    }

    #[test]
    fn quoted_words_have_an_inner_span() {
        let script = "x 'abc' d\"e\"";
        let words = &commands(script)[0].words;
        assert_eq!(&script[words[1].inner.start..words[1].inner.end], "abc");
        assert_eq!(words[2].inner, words[2].span);
    }

    #[test]
    fn never_panics_on_unterminated_input() {
        for script in ["'abc", "\"abc", "${{ x", "$(a", "`a", "a\\", "$", "é$"] {
            let _ = commands(script);
        }
    }
}
