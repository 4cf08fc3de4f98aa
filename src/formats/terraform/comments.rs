//! HCL comments (`#`, `//`, `/* */`) with their spans, for inline
//! suppressions. hcl-edit keeps comments only as text in each node's
//! decoration, without positions, so a small scanner finds them: it skips
//! quoted strings (with `${ ... }` interpolations that may hold strings of
//! their own) and heredocs, where `#` is content, not a comment.

use crate::source::{Span, Spanned};

enum Context {
    /// Expression text; the brace depth inside an interpolation.
    Code(usize),
    Quoted,
}

/// Every comment: the span covers the markers, the text excludes them.
pub fn scan(text: &str) -> Vec<Spanned<String>> {
    let bytes = text.as_bytes();
    let mut comments = Vec::new();
    let mut stack = vec![Context::Code(0)];
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        match stack.last_mut() {
            Some(Context::Code(depth)) => {
                if rest[0] == b'#' || rest.starts_with(b"//") {
                    let marker = if rest[0] == b'#' { 1 } else { 2 };
                    let end = line_end(bytes, i);
                    comments.push(comment(text, i, i + marker, end, end));
                    i = end;
                    continue;
                }
                if rest.starts_with(b"/*") {
                    let close = find(bytes, i + 2, b"*/");
                    let end = close.map_or(bytes.len(), |c| c + 2);
                    let inner_end = close.unwrap_or(bytes.len());
                    comments.push(comment(text, i, i + 2, inner_end, end));
                    i = end;
                    continue;
                }
                if let Some(end) = heredoc_end(bytes, i) {
                    i = end;
                    continue;
                }
                match rest[0] {
                    b'"' => stack.push(Context::Quoted),
                    b'{' => *depth += 1,
                    b'}' if *depth > 0 => *depth -= 1,
                    b'}' if stack.len() > 1 => {
                        stack.pop();
                    }
                    _ => {}
                }
                i += 1;
            }
            Some(Context::Quoted) => {
                if rest.starts_with(b"$${") || rest.starts_with(b"%%{") {
                    i += 3;
                } else if rest.starts_with(b"${") || rest.starts_with(b"%{") {
                    stack.push(Context::Code(0));
                    i += 2;
                } else {
                    match rest[0] {
                        b'\\' => i += 1,
                        // A quoted string cannot span lines: recover at the break.
                        b'"' | b'\n' => {
                            stack.pop();
                        }
                        _ => {}
                    }
                    i += 1;
                }
            }
            None => break,
        }
    }
    comments
}

fn comment(
    text: &str,
    start: usize,
    inner: usize,
    inner_end: usize,
    end: usize,
) -> Spanned<String> {
    let body = text.get(inner..inner_end).unwrap_or_default();
    Spanned::new(
        body.trim_end_matches('\r').to_owned(),
        Span::new(start, end),
    )
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// If a heredoc (`<<ID` or `<<-ID`, then a line break) starts at `at`, the
/// offset just past its closing delimiter line.
fn heredoc_end(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?.strip_prefix(b"<<")?;
    let rest = rest.strip_prefix(b"-").unwrap_or(rest);
    let id_len = rest
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'))
        .unwrap_or(rest.len());
    if id_len == 0 {
        return None;
    }
    let id = &rest[..id_len];
    let after_id = &rest[id_len..];
    let trailing = after_id
        .iter()
        .position(|&b| b != b' ' && b != b'\t' && b != b'\r')
        .unwrap_or(after_id.len());
    if after_id.get(trailing) != Some(&b'\n') {
        return None;
    }
    let mut line = at + (bytes.len() - at - after_id.len()) + trailing + 1;
    while line < bytes.len() {
        let end = line_end(bytes, line);
        if bytes[line..end].trim_ascii() == id {
            return Some(end);
        }
        line = end + 1;
    }
    Some(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        scan(text).into_iter().map(|c| c.value).collect()
    }

    #[test]
    fn finds_the_three_comment_forms() {
        let text = "# one\na = 1 // two\n/* three\n*/ b = 2\n";
        assert_eq!(texts(text), [" one", " two", " three\n"]);
        let spans: Vec<_> = scan(text)
            .iter()
            .map(|c| &text[c.span.start..c.span.end])
            .collect();
        assert_eq!(spans, ["# one", "// two", "/* three\n*/"]);
    }

    #[test]
    fn markers_inside_strings_and_heredocs_are_not_comments() {
        let text = concat!(
            "a = \"#no ${lookup(m, \"#no\")} //no\" # yes\n",
            "b = <<-EOT\n  # no\n  EOT\n",
            "c = \"\\\"#no\" // yes too\n",
        );
        assert_eq!(texts(text), [" yes", " yes too"]);
    }

    #[test]
    fn an_unclosed_block_comment_runs_to_the_end() {
        assert_eq!(texts("a = 1 /* open"), [" open"]);
    }
}
