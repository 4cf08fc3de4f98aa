//! Source files, byte spans and the line/column index that turns spans into
//! the 1-based, character-counted positions every output format reports.

use std::cell::Cell;
use std::fmt;
use std::ops::RangeInclusive;

use schemars::JsonSchema;

/// A half-open byte range `[start, end)` into a [`SourceFile`]'s text.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, JsonSchema,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `offset`, for findings about something that is absent.
    pub const fn at(offset: usize) -> Self {
        Span {
            start: offset,
            end: offset,
        }
    }

    /// The smallest span that covers both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.len() == 0
    }

    /// The same span moved `by` bytes to the right (for sub-parsers of a slice).
    pub fn shift(self, by: usize) -> Span {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }

    pub fn contains(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Whether the two share a byte, or are the same empty position.
    pub fn overlaps(self, other: Span) -> bool {
        self == other || (self.start < other.end && other.start < self.end)
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A file's text that lies at `from..=from + len` in a layout several
/// files share (a GitLab pipeline lowered once for its files) and at the
/// start of the file's own copy, where what the others wrote stays past
/// its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Relocation {
    pub from: usize,
    pub len: usize,
}

impl Relocation {
    /// The offsets of the shared layout that lie in the file's text: those
    /// [`Relocation::to_file`] moves.
    pub fn in_file(self) -> RangeInclusive<usize> {
        self.from..=self.from + self.len
    }

    /// Where a span of the shared layout lies in the file's copy. Each end
    /// on its own: a span that joins what two files wrote (a key from one,
    /// its merged value from another) keeps the other end.
    pub fn to_file(self, span: Span) -> Span {
        let end = |offset: usize| {
            if self.in_file().contains(&offset) {
                offset - self.from
            } else {
                offset
            }
        };
        Span::new(end(span.start), end(span.end))
    }

    /// Where a span of the file's copy lies in the shared layout: the
    /// others' text lies past the file's end in both.
    pub fn to_layout(self, span: Span) -> Span {
        let end = |offset: usize| {
            if offset <= self.len {
                offset + self.from
            } else {
                offset
            }
        };
        Span::new(end(span.start), end(span.end))
    }
}

/// A value with the span it was read from.
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Spanned<U> {
        Spanned {
            value: f(self.value),
            span: self.span,
        }
    }

    pub fn as_ref(&self) -> Spanned<&T> {
        Spanned {
            value: &self.value,
            span: self.span,
        }
    }
}

thread_local! {
    /// Whether [`Spanned`] values serialise as their spans (see [`spans_of`]).
    static SERIALIZE_SPANS: Cell<bool> = const { Cell::new(false) };
}

/// Whether `text` holds `needle` anywhere: memchr's vectorized search,
/// several times faster than `str::contains` over a whole file, which the
/// run asks of every file some format might claim.
pub fn holds(text: &str, needle: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), needle.as_bytes()).is_some()
}

/// `*` matches any run of characters; everything else is literal.
/// Without allocating, and rejecting at the first byte where it can: the
/// job-role tables meet every word of every command with their patterns.
pub fn glob(pattern: &str, text: &str) -> bool {
    // Most words meet patterns they do not match, and differ at once.
    if let (Some(&p), Some(&t)) = (pattern.as_bytes().first(), text.as_bytes().first())
        && p != b'*'
        && p != t
    {
        return false;
    }
    // Patterns are a few bytes long: a plain loop finds the `*` sooner
    // than `split_once`'s vectorised search, which it is mostly set up for.
    let Some(star) = pattern.bytes().position(|b| b == b'*') else {
        return pattern == text;
    };
    let (first, after) = (&pattern[..star], &pattern[star + 1..]);
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let (middle, last) = after.rsplit_once('*').unwrap_or(("", after));
    for part in middle.split('*').filter(|part| !part.is_empty()) {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// Serialises a value with every [`Spanned`] part written as its span
/// (`{"start": .., "end": ..}`) instead of its value: the same shape as the
/// plain serialisation, so that a path into one finds the place in the other.
pub fn spans_of<T: serde::Serialize, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            SERIALIZE_SPANS.with(|on| on.set(false));
        }
    }
    SERIALIZE_SPANS.with(|on| on.set(true));
    let _reset = Reset;
    value.serialize(serializer)
}

impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if SERIALIZE_SPANS.with(Cell::get) {
            self.span.serialize(serializer)
        } else {
            self.value.serialize(serializer)
        }
    }
}

/// For `#[serde(skip_serializing_if)]` on the span fields of the model:
/// a span is written only where spans are asked for ([`spans_of`]). The
/// model that policies read leaves them out, since a result finds its
/// place through its path, and the offsets of every word doubled the
/// input's size.
pub fn unless_spans_asked<T>(_: &T) -> bool {
    !SERIALIZE_SPANS.with(Cell::get)
}

/// A spanned value is documented as its value: that is what policies read.
impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

impl<T: fmt::Debug> fmt::Debug for Spanned<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} @ {:?}", self.value, self.span)
    }
}

/// The formats devops-check understands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Dockerfile,
    GithubWorkflow,
    /// A GitHub Action's metadata (`action.yml`, `action.yaml`): a composite
    /// action's steps run inside the job that uses it.
    GithubAction,
    /// `.gitlab-ci.yml` and `*.gitlab-ci.yml`.
    GitlabCi,
    Terraform,
    /// Terraform's JSON syntax (`*.tf.json`).
    TerraformJson,
    /// A Terraform variables file (`*.tfvars`): values for a module's
    /// input variables, in HCL's attribute syntax.
    TerraformVars,
    /// A variables file in JSON (`*.tfvars.json`).
    TerraformVarsJson,
    /// A variables file meant to be committed as an example
    /// (`terraform.tfvars.example`, `example.tfvars`): its values are
    /// examples to copy, read only for tokens of an issuer's own format.
    TerraformVarsTemplate,
    /// A `*.yml`/`*.yaml` file that is Kubernetes if its documents say so
    /// (or CloudFormation, if it says that).
    Kubernetes,
    /// A Docker Compose file, by its name or by its content.
    Compose,
    /// A file named as a CloudFormation template (`*.template`,
    /// `*.template.json`, SAM's `template.yaml`).
    CloudFormation,
    /// Any other `*.json` file: a CloudFormation template if its content
    /// says so, else not read.
    Json,
    /// A dotenv file (`.env`, `.env.production`, `db.env`).
    Dotenv,
    /// A dotenv template meant to be committed (`.env.example`,
    /// `sample.env`): its values are examples to copy, read only for tokens
    /// of an issuer's own format.
    DotenvTemplate,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Dockerfile => "dockerfile",
            Format::GithubWorkflow => "github-workflow",
            Format::GithubAction => "github-action",
            Format::GitlabCi => "gitlab-ci",
            Format::Terraform | Format::TerraformJson => "terraform",
            Format::TerraformVars | Format::TerraformVarsJson => "terraform-vars",
            Format::TerraformVarsTemplate => "terraform-vars-template",
            Format::Kubernetes => "kubernetes",
            Format::Compose => "compose",
            Format::CloudFormation | Format::Json => "cloudformation",
            Format::Dotenv => "dotenv",
            Format::DotenvTemplate => "dotenv-template",
        }
    }
}

/// A 1-based position; `column` counts characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One file's text, the name it is reported under, and its line index.
pub struct SourceFile {
    /// The path as given on the command line or relative to the scanned root,
    /// always with `/` separators.
    pub path: String,
    pub format: Format,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, format: Format, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        SourceFile {
            path: path.into(),
            format,
            text,
            line_starts,
        }
    }

    /// The text under `span`, or "" when the span does not lie on character
    /// boundaries inside the file (a parser bug must never become a panic).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// Whether a finding at `span` is this file's to report. A model may hold
    /// what other files wrote (a GitLab pipeline's included files), laid out
    /// after this file's text: those files report what lies there.
    pub fn reports(&self, span: Span) -> bool {
        span.start <= self.text.len()
    }

    /// Clamps an offset into the file and back onto a character boundary.
    pub fn clamp(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The 0-based line that holds `offset`.
    pub fn line_index(&self, offset: usize) -> usize {
        let offset = self.clamp(offset);
        self.line_starts.partition_point(|&start| start <= offset) - 1
    }

    pub fn position(&self, offset: usize) -> Position {
        let offset = self.clamp(offset);
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        Position {
            line: line + 1,
            column: self.text[start..offset].chars().count() + 1,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte span of a 0-based line, without its line terminator.
    pub fn line_span(&self, line: usize) -> Span {
        let Some(&start) = self.line_starts.get(line) else {
            return Span::at(self.text.len());
        };
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if end > start && self.text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        Span::new(start, end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relocation_moves_the_ends_inside_the_file_only_and_back() {
        let relocation = Relocation { from: 100, len: 10 };
        let cases = [
            (Span::new(100, 110), Span::new(0, 10)),
            (Span::new(104, 106), Span::new(4, 6)),
            (Span::new(105, 120), Span::new(5, 120)),
            (Span::new(111, 115), Span::new(111, 115)),
        ];
        for (in_layout, in_file) in cases {
            assert_eq!(relocation.to_file(in_layout), in_file, "{in_layout:?}");
            assert_eq!(relocation.to_layout(in_file), in_layout, "{in_file:?}");
        }
    }

    #[test]
    fn positions_count_characters_from_one() {
        let file = SourceFile::new("a", Format::Dockerfile, "ab\nçé x\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
        // 'x' sits after two 2-byte characters and a space.
        assert_eq!(file.position(8), Position { line: 2, column: 4 });
        assert_eq!(file.position(999), Position { line: 3, column: 1 });
    }

    #[test]
    fn offsets_inside_a_character_are_clamped_back() {
        let file = SourceFile::new("a", Format::Dockerfile, "é");
        assert_eq!(file.clamp(1), 0);
        assert_eq!(file.slice(Span::new(1, 2)), "");
    }

    #[test]
    fn line_spans_exclude_terminators() {
        let file = SourceFile::new("a", Format::Dockerfile, "one\r\ntwo\n");
        assert_eq!(file.slice(file.line_span(0)), "one");
        assert_eq!(file.slice(file.line_span(1)), "two");
        assert_eq!(file.slice(file.line_span(2)), "");
    }
}
