//! Maps between a decoded text and the file it is written in, for adapters
//! that split decoded text (a script in a YAML scalar or a heredoc) and must
//! point into the file.

use crate::source::Span;

/// Maps offsets in a decoded text (a YAML block scalar, a de-indented
/// heredoc) back to the file. Its lines appear verbatim in the file after
/// their indentation, so each is found by searching forward; where a line
/// cannot be found (folded or escaped text), offsets fall back to the whole
/// region.
pub struct LineMap {
    /// Decoded start of each line, and where that line is in the file.
    lines: Vec<(usize, Option<usize>)>,
    whole: Span,
}

/// The first place of `line` in `rest`, as `str::find` gives it. A decoded
/// line nearly always stands right after the next indentation: the places
/// up to the first non-blank are tried before a search of the whole rest.
fn find_line(rest: &str, line: &str) -> Option<usize> {
    let blank = rest.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
    (0..=blank)
        .find(|&at| rest.as_bytes()[at..].starts_with(line.as_bytes()))
        .or_else(|| rest.find(line))
}

impl LineMap {
    /// `region` is where the text is written; `plain` says a one-line
    /// text may be the region itself (a plain YAML scalar).
    pub fn new(file: &str, region: Span, decoded: &str, plain: bool) -> Self {
        let text = file.get(region.start..region.end).unwrap_or("").trim_end();
        let whole = Span::new(region.start, region.start + text.len());
        let region = text;
        let plain_single_line = plain && !decoded.contains('\n');
        let mut lines = Vec::new();
        let mut cursor = 0;
        let mut decoded_offset = 0;
        for line in decoded.split_inclusive('\n') {
            let content = line.trim_end_matches(['\n', '\r']);
            let found = if content.is_empty() {
                None
            } else if plain_single_line && region == content {
                Some(0)
            } else {
                region
                    .get(cursor..)
                    .and_then(|rest| find_line(rest, content))
                    .map(|p| p + cursor)
            };
            if let Some(at) = found {
                cursor = at + content.len();
            }
            lines.push((decoded_offset, found.map(|at| whole.start + at)));
            decoded_offset += line.len();
        }
        LineMap { lines, whole }
    }

    fn offset(&self, decoded: usize) -> Option<usize> {
        let index = self.lines.partition_point(|&(start, _)| start <= decoded);
        let (start, file) = self.lines.get(index.checked_sub(1)?)?;
        Some(file.as_ref()? + (decoded - start))
    }

    /// The file span of decoded `[start, end)`.
    pub fn span(&self, start: usize, end: usize) -> Span {
        let last = end.saturating_sub(1).max(start);
        match (self.offset(start), self.offset(last)) {
            (Some(s), Some(e)) if e >= s => Span::new(s, (e + usize::from(end > start)).max(s)),
            _ => self.whole,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_found_where_a_search_finds_it() {
        for (rest, line) in [
            ("\n    echo hi\n", "echo hi"),
            ("  echo hi", "  echo hi"),
            ("    x = 1\n    echo hi\n", "echo hi"),
            ("echo\n", "echo hi"),
            ("", ""),
            ("  ", "x"),
        ] {
            assert_eq!(find_line(rest, line), rest.find(line), "{rest:?} {line:?}");
        }
    }
}
