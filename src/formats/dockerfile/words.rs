//! Words and variable substitution, as BuildKit reads them.
//!
//! [`split`] is BuildKit's `parseWords` (used for ENV, ARG, FROM and heredoc
//! markers): words end at unquoted whitespace; quotes and escapes stay in the
//! word. [`expand`] is the part of BuildKit's shell lexer that decides a
//! value: quote removal, escapes, `$VAR`, `${VAR}` and the `-`, `+`, `?`
//! modifiers (with and without `:`). Substitutions it does not model (`#`,
//! `%`, `/`) leave the result unresolved rather than guessed.

use std::ops::Range;

/// Byte ranges of the words of `text`, quotes and escapes included.
pub fn split(text: &str, escape: char) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some(q) if c == q => quote = None,
            // Nothing escapes inside single quotes.
            Some(q) if c == escape && q != '\'' => {
                chars.next();
            }
            Some(_) => {}
            None if c.is_whitespace() => {
                if let Some(s) = start.take() {
                    words.push(s..i);
                }
            }
            None => {
                start.get_or_insert(i);
                if c == '\'' || c == '"' {
                    quote = Some(c);
                } else if c == escape {
                    chars.next();
                }
            }
        }
    }
    if let Some(s) = start {
        words.push(s..text.len());
    }
    words
}

/// What a variable is known to hold where it is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Var {
    Set(String),
    /// Declared without a default (`ARG NAME`), inherited from the base
    /// image, or undeclared: the build decides, we cannot.
    Unknown,
}

/// The value of a word after substitution and quote removal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expansion {
    pub value: String,
    /// The word refers to at least one variable: it is not a literal.
    pub references: bool,
    /// Some variable the value depends on has no known value.
    pub unresolved: bool,
}

/// Expands `word` with `lookup` deciding each variable. A variable with no
/// known value takes the default of `${VAR:-default}` (defaults decide, as
/// they do in the build when no `--build-arg` is given).
pub fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Var) -> Expansion {
    let mut expander = Expander {
        chars: word.chars().collect(),
        at: 0,
        escape,
        lookup,
        references: false,
        unresolved: false,
    };
    let value = expander.until(None);
    Expansion {
        value,
        references: expander.references,
        unresolved: expander.unresolved,
    }
}

struct Expander<'a> {
    chars: Vec<char>,
    at: usize,
    escape: char,
    lookup: &'a dyn Fn(&str) -> Var,
    references: bool,
    unresolved: bool,
}

impl Expander<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        self.at += usize::from(c.is_some());
        c
    }

    /// Reads up to (not including) an unquoted `stop`, or to the end.
    fn until(&mut self, stop: Option<char>) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                break;
            }
            self.bump();
            match c {
                '\'' => {
                    while let Some(c) = self.bump() {
                        if c == '\'' {
                            break;
                        }
                        out.push(c);
                    }
                }
                '"' => self.double_quoted(&mut out),
                '$' => self.dollar(&mut out),
                c if c == self.escape => {
                    if let Some(next) = self.bump() {
                        out.push(next);
                    }
                }
                c => out.push(c),
            }
        }
        out
    }

    fn double_quoted(&mut self, out: &mut String) {
        while let Some(c) = self.bump() {
            match c {
                '"' => return,
                '$' => self.dollar(out),
                c if c == self.escape => match self.peek() {
                    Some(next) if next == '"' || next == '$' || next == self.escape => {
                        self.bump();
                        out.push(next);
                    }
                    Some(_) => out.push(c),
                    None => {}
                },
                c => out.push(c),
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        {
            self.bump();
            name.push(c);
        }
        name
    }

    /// After a `$`.
    fn dollar(&mut self, out: &mut String) {
        match self.peek() {
            Some('{') => {
                self.bump();
                self.braced(out);
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                self.references = true;
                let name = self.name();
                self.substitute(&name, out);
            }
            _ => out.push('$'),
        }
    }

    fn substitute(&mut self, name: &str, out: &mut String) {
        match (self.lookup)(name) {
            Var::Set(value) => out.push_str(&value),
            Var::Unknown => self.unresolved = true,
        }
    }

    /// After `${`.
    fn braced(&mut self, out: &mut String) {
        self.references = true;
        let name = self.name();
        let colon = self.peek() == Some(':');
        if colon {
            self.bump();
        }
        let modifier = self.peek();
        match modifier {
            Some('}') if !colon && !name.is_empty() => {
                self.bump();
                self.substitute(&name, out);
            }
            Some(m @ ('-' | '+' | '?')) if !name.is_empty() => {
                self.bump();
                let word = self.until(Some('}'));
                self.bump();
                let value = (self.lookup)(&name);
                // With `:`, an empty value counts as unset.
                let set = match &value {
                    Var::Set(v) => Some(v.as_str()).filter(|v| !colon || !v.is_empty()),
                    Var::Unknown => None,
                };
                match (m, set) {
                    ('-' | '?', Some(v)) => out.push_str(v),
                    ('-', None) => out.push_str(&word),
                    ('+', Some(_)) => out.push_str(&word),
                    ('+', None) if value == Var::Unknown => self.unresolved = true,
                    _ => {
                        // `${X:?}` fails the build when X is unset; a set
                        // build argument would pass: either way unknown here.
                        if m == '?' {
                            self.unresolved = true;
                        }
                    }
                }
            }
            _ => {
                // `${X#pattern}`, `${X%pattern}`, `${X/a/b}` or a malformed
                // reference: skip it, the value is not known.
                self.unresolved = true;
                let mut depth = 1;
                while let Some(c) = self.bump() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        split(text, '\\').into_iter().map(|r| &text[r]).collect()
    }

    fn lookup(name: &str) -> Var {
        match name {
            "APP" => Var::Set("app".into()),
            "EMPTY" => Var::Set(String::new()),
            "UID" => Var::Set("1000".into()),
            _ => Var::Unknown,
        }
    }

    fn value(word: &str) -> (String, bool, bool) {
        let e = expand(word, '\\', &lookup);
        (e.value, e.references, e.unresolved)
    }

    #[test]
    fn words_keep_quotes_and_escapes() {
        assert_eq!(words("a=1  b=\"x y\"\tc"), ["a=1", "b=\"x y\"", "c"]);
        assert_eq!(words("k='a b' l=a\\ b"), ["k='a b'", "l=a\\ b"]);
        assert_eq!(words("x=\"a\\\" b\" y"), ["x=\"a\\\" b\"", "y"]);
        assert_eq!(words("  "), Vec::<&str>::new());
        assert_eq!(words("é=ü z"), ["é=ü", "z"]);
    }

    #[test]
    fn words_with_backtick_escape() {
        let text = "a=C:\\dir b=x` y";
        let found: Vec<&str> = split(text, '`').into_iter().map(|r| &text[r]).collect();
        assert_eq!(found, ["a=C:\\dir", "b=x` y"]);
    }

    #[test]
    fn quotes_and_escapes_are_removed() {
        assert_eq!(value("\"v 2\""), ("v 2".into(), false, false));
        assert_eq!(value("'$APP'"), ("$APP".into(), false, false));
        assert_eq!(value("a\\ b"), ("a b".into(), false, false));
        assert_eq!(value("\"a\\\"b\\n\""), ("a\"b\\n".into(), false, false));
        assert_eq!(value("cost$"), ("cost$".into(), false, false));
    }

    #[test]
    fn variables_are_substituted() {
        assert_eq!(value("$APP"), ("app".into(), true, false));
        assert_eq!(value("${APP}:${UID}"), ("app:1000".into(), true, false));
        assert_eq!(value("\"$APP\""), ("app".into(), true, false));
        assert_eq!(value("$NOPE"), ("".into(), true, true));
        assert_eq!(value("\\$APP"), ("$APP".into(), false, false));
    }

    #[test]
    fn modifiers_follow_the_shell() {
        assert_eq!(value("${NOPE:-nobody}").0, "nobody");
        assert_eq!(value("${EMPTY:-x}").0, "x");
        assert_eq!(value("${EMPTY-x}").0, "");
        assert_eq!(value("${APP:-x}").0, "app");
        assert_eq!(value("${APP:+on}").0, "on");
        assert_eq!(value("${EMPTY:+on}").0, "");
        assert!(value("${NOPE:+on}").2);
        assert!(value("${NOPE:?required}").2);
        assert_eq!(value("${NOPE:-${UID}}").0, "1000");
        assert_eq!(value("${NOPE:-'a b'}").0, "a b");
    }

    #[test]
    fn unmodelled_substitutions_are_unresolved() {
        let (_, refs, unresolved) = value("${APP%%.*}");
        assert!(refs && unresolved);
        assert!(value("${").2);
        assert!(value("${}").2);
    }
}
