//! The dotenv syntax that Docker Compose (`env_file:`, the project's `.env`)
//! and python-dotenv document, with spans: one `NAME=value` per line, an
//! optional `export ` prefix, `#` comments (after an unquoted value only
//! with whitespace before them), single-quoted values taken literally but
//! for `\'` and `\\`, double-quoted values with escapes, and quoted values
//! that span lines. Both tools also take `NAME: value` (godotenv's YAML
//! style) and a name alone (a variable to pass through from the
//! environment). A line that is none of these is a problem; the lines after
//! it are still read.

use crate::model::{Problem, ProblemKind};
use crate::source::{Span, Spanned};

/// One line (or, quoted, several) that assigns a variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub name: Spanned<String>,
    /// `None` for a name alone, which takes its value from the environment.
    pub value: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    /// The value once quotes and escapes are removed; references
    /// (`${VAR}`) are left as written.
    pub text: String,
    /// Where it is written, quotes included.
    pub span: Span,
    pub quoting: Quoting,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    Bare,
    /// Literal: no variable is interpolated.
    Single,
    Double,
}

#[derive(Debug, Default)]
pub struct Dotenv {
    pub entries: Vec<Entry>,
    pub problems: Vec<Problem>,
    /// The lines that assign nothing, and where the first is reported.
    unread: usize,
    first_unread: usize,
}

impl Dotenv {
    /// A line that assigns nothing. Only the first is reported, with the
    /// count of the others: a shell script under the name (autoenv's
    /// `.env`) would otherwise give a finding for each of its lines.
    fn unread(&mut self, problem: Problem) {
        if self.unread == 0 {
            self.first_unread = self.problems.len();
            self.problems.push(problem);
        }
        self.unread += 1;
    }
}

pub fn parse(text: &str) -> Dotenv {
    let mut parsed = Dotenv::default();
    let mut at = 0;
    while at < text.len() {
        at = line(text, at, &mut parsed);
    }
    if parsed.unread > 1
        && let Some(first) = parsed.problems.get_mut(parsed.first_unread)
    {
        let more = match parsed.unread - 1 {
            1 => "1 more line assigns nothing".to_string(),
            n => format!("{n} more lines assign nothing"),
        };
        first.message = format!("{} ({more})", first.message);
    }
    parsed
}

/// Reads the assignment that starts on the line at `start`; returns where
/// the next line starts.
fn line(text: &str, start: usize, parsed: &mut Dotenv) -> usize {
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let next = (end + 1).min(text.len());
    let mut at = skip_blanks(text, start, end);
    if at == end || text[at..].starts_with('#') {
        return next;
    }
    if let Some(rest) = text[at..end].strip_prefix("export")
        && rest.starts_with([' ', '\t'])
    {
        at = skip_blanks(text, at + "export".len(), end);
    }
    let name_end = text[at..end]
        .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')))
        .map_or(end, |i| at + i);
    if name_end == at || text.as_bytes()[at].is_ascii_digit() {
        parsed.unread(problem(
            text,
            at,
            end,
            "not a `NAME=value` assignment: a variable name starts with a letter or `_`".into(),
        ));
        return next;
    }
    let name = Spanned::new(text[at..name_end].to_string(), Span::new(at, name_end));
    let after = skip_blanks(text, name_end, end);
    if ends_value(text, after, end, name_end) {
        parsed.entries.push(Entry { name, value: None });
        return next;
    }
    let separated = match text.as_bytes()[after] {
        b'=' => true,
        b':' => text[after + 1..end].starts_with([' ', '\t']) || after + 1 == end,
        _ => false,
    };
    if !separated {
        parsed.unread(problem(
            text,
            after,
            end,
            format!(
                "not a `NAME=value` assignment: expected `=` after `{}`",
                name.value
            ),
        ));
        return next;
    }
    let value_start = skip_blanks(text, after + 1, end);
    match text.as_bytes().get(value_start) {
        Some(&quote @ (b'\'' | b'"')) if value_start < end => {
            quoted(text, name, value_start, quote, end, parsed)
        }
        _ => {
            parsed.entries.push(Entry {
                name,
                value: Some(bare(text, value_start, end)),
            });
            next
        }
    }
}

fn skip_blanks(text: &str, from: usize, end: usize) -> usize {
    text[from..end]
        .find(|c: char| !matches!(c, ' ' | '\t' | '\r'))
        .map_or(end, |i| from + i)
}

/// Whether the line's content ends at `at`: its end, or a comment with
/// whitespace before it (`after` is where the token before ends).
fn ends_value(text: &str, at: usize, end: usize, after: usize) -> bool {
    at == end || (at > after && text[at..].starts_with('#'))
}

/// An unquoted value: up to a `#` with whitespace before it, trimmed.
fn bare(text: &str, start: usize, end: usize) -> Value {
    let line = &text[start..end];
    let cut = line
        .char_indices()
        .find(|&(i, c)| c == '#' && (i == 0 || line[..i].ends_with([' ', '\t'])))
        .map_or(line.len(), |(i, _)| i);
    let value = line[..cut].trim_end();
    Value {
        text: value.to_string(),
        span: Span::new(start, start + value.len()),
        quoting: Quoting::Bare,
    }
}

/// A quoted value from its opening quote at `open`, perhaps over several
/// lines; returns where the line after its closing quote starts.
fn quoted(
    text: &str,
    name: Spanned<String>,
    open: usize,
    quote: u8,
    line_end: usize,
    parsed: &mut Dotenv,
) -> usize {
    let quote = char::from(quote);
    let mut decoded = String::new();
    let mut chars = text[open + 1..].char_indices();
    let mut close = None;
    while let Some((i, c)) = chars.next() {
        if c == quote {
            close = Some(open + 1 + i);
            break;
        }
        if c != '\\' {
            decoded.push(c);
            continue;
        }
        let escaped = chars.clone().next().map(|(_, e)| e);
        match (quote, escaped) {
            ('\'', Some(e @ ('\'' | '\\'))) | ('"', Some(e @ ('"' | '\\' | '\''))) => {
                decoded.push(e);
                chars.next();
            }
            ('"', Some('n')) => {
                decoded.push('\n');
                chars.next();
            }
            ('"', Some('r')) => {
                decoded.push('\r');
                chars.next();
            }
            ('"', Some('t')) => {
                decoded.push('\t');
                chars.next();
            }
            // An escaped `$` is no reference: written as interpolation's
            // own escape, which the lowering reads.
            ('"', Some('$')) => {
                decoded.push_str("$$");
                chars.next();
            }
            _ => decoded.push('\\'),
        }
    }
    let Some(close) = close else {
        parsed.problems.push(problem(
            text,
            open,
            line_end,
            format!("the quoted value of `{}` is never closed", name.value),
        ));
        return (line_end + 1).min(text.len());
    };
    let end = text[close..].find('\n').map_or(text.len(), |i| close + i);
    let after = skip_blanks(text, close + 1, end);
    if !ends_value(text, after, end, close + 1) {
        parsed.problems.push(problem(
            text,
            after,
            end,
            format!(
                "text after the closing quote of `{}`'s value: quote the whole value",
                name.value
            ),
        ));
    }
    let quoting = if quote == '\'' {
        Quoting::Single
    } else {
        Quoting::Double
    };
    parsed.entries.push(Entry {
        name,
        value: Some(Value {
            text: decoded,
            span: Span::new(open, close + 1),
            quoting,
        }),
    });
    (end + 1).min(text.len())
}

/// A syntax problem from `from` to the end of its line.
fn problem(text: &str, from: usize, end: usize, message: String) -> Problem {
    let end = from + text[from..end].trim_end().len();
    Problem {
        kind: ProblemKind::Syntax,
        span: Span::new(from, end),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value as `(decoded, as written, quoting)`.
    type Read = (String, String, Quoting);

    /// Each entry as its name and value.
    fn entries(text: &str) -> Vec<(String, Option<Read>)> {
        let parsed = parse(text);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        parsed
            .entries
            .into_iter()
            .map(|e| {
                assert_eq!(&text[e.name.span.start..e.name.span.end], e.name.value);
                let value = e.value.map(|v| {
                    let written = text[v.span.start..v.span.end].to_string();
                    (v.text, written, v.quoting)
                });
                (e.name.value, value)
            })
            .collect()
    }

    fn one(text: &str) -> Read {
        let mut all = entries(text);
        assert_eq!(all.len(), 1, "{text}");
        all.remove(0).1.expect("a value")
    }

    #[test]
    fn bare_values_end_at_a_comment_with_whitespace_before_it() {
        use Quoting::Bare;
        for (text, value, written) in [
            ("DB_PASSWORD=s3cret\n", "s3cret", "s3cret"),
            ("DB_PASSWORD=s3cret # dev only\n", "s3cret", "s3cret"),
            ("DB_PASSWORD=s3cret#kept\n", "s3cret#kept", "s3cret#kept"),
            ("  export DB_PASSWORD = s3cret  \r\n", "s3cret", "s3cret"),
            (
                "URL=postgres://a:b@h/db?x=1\n",
                "postgres://a:b@h/db?x=1",
                "postgres://a:b@h/db?x=1",
            ),
            ("EMPTY=\n", "", ""),
            ("EMPTY= # nothing\n", "", ""),
            ("KEY: value\n", "value", "value"),
        ] {
            assert_eq!(one(text), (value.into(), written.into(), Bare), "{text}");
        }
    }

    #[test]
    fn quoted_values_decode_their_escapes_and_may_span_lines() {
        use Quoting::{Double, Single};
        for (text, value, written, quoting) in [
            ("A='$OTHER' # c\n", "$OTHER", "'$OTHER'", Single),
            (r"A='Let\'s go\n'", r"Let's go\n", r"'Let\'s go\n'", Single),
            (
                "A=\"x # not a comment\"\n",
                "x # not a comment",
                "\"x # not a comment\"",
                Double,
            ),
            (
                r#"A="{\"k\": \"v\"}\tz""#,
                "{\"k\": \"v\"}\tz",
                r#""{\"k\": \"v\"}\tz""#,
                Double,
            ),
            (r#"A="5\$ \q""#, r"5$$ \q", r#""5\$ \q""#, Double),
            (
                "KEY=\"-----BEGIN\nabc\n-----END\"\n",
                "-----BEGIN\nabc\n-----END",
                "\"-----BEGIN\nabc\n-----END\"",
                Double,
            ),
        ] {
            assert_eq!(one(text), (value.into(), written.into(), quoting), "{text}");
        }
    }

    #[test]
    fn comments_blank_lines_and_names_alone_assign_nothing() {
        let all = entries("# comment\n\n   \nDEBUG\nexport TOKEN # from the shell\nexport=1\n");
        let names: Vec<_> = all.iter().map(|(n, v)| (n.as_str(), v.is_some())).collect();
        assert_eq!(
            names,
            [("DEBUG", false), ("TOKEN", false), ("export", true)]
        );
    }

    #[test]
    fn a_line_that_assigns_nothing_is_a_problem_and_the_rest_is_read() {
        // The second line that assigns nothing (`1X=2`) is counted in the first's problem.
        let text = "A=1\nnot an assignment\n1X=2\nD=\"x\" y\nE=4\nB=\"open\nC=3";
        let parsed = parse(text);
        let problems: Vec<(&str, &str)> = parsed
            .problems
            .iter()
            .map(|p| (&text[p.span.start..p.span.end], p.message.as_str()))
            .collect();
        assert_eq!(
            problems,
            [
                (
                    "an assignment",
                    "not a `NAME=value` assignment: expected `=` after `not` (1 more line \
                     assigns nothing)"
                ),
                (
                    "y",
                    "text after the closing quote of `D`'s value: quote the whole value"
                ),
                ("\"open", "the quoted value of `B` is never closed"),
            ]
        );
        let names: Vec<&str> = parsed
            .entries
            .iter()
            .map(|e| e.name.value.as_str())
            .collect();
        assert_eq!(names, ["A", "D", "E", "C"]);
    }
}
