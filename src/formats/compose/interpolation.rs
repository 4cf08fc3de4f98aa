//! Compose's variable interpolation, as far as a file alone can tell it:
//! `${VAR:-default}` and `${VAR-default}` are the default whenever the
//! variable is unset (what a fresh clone runs with), `${VAR}`, `$VAR` and
//! `${VAR:?error}` are whatever the environment says, and `$$` is a `$`.

/// What a scalar means once interpolated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Interpolated {
    /// No variable: the text, `$$` unescaped.
    Literal(String),
    /// Every variable has a default: the text they give when unset, which
    /// the environment may replace.
    Defaulted(String),
    /// A variable without a default: the value is not in the file.
    Unresolved,
}

impl Interpolated {
    /// The value when the file tells it, defaults included.
    pub fn value(self) -> Option<String> {
        match self {
            Interpolated::Literal(text) | Interpolated::Defaulted(text) => Some(text),
            Interpolated::Unresolved => None,
        }
    }
}

/// Interpolates `text` with every variable unset.
pub fn interpolate(text: &str) -> Interpolated {
    if !text.contains('$') {
        return Interpolated::Literal(text.to_string());
    }
    let mut out = String::with_capacity(text.len());
    let mut defaulted = false;
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(braced) = after.strip_prefix('{') {
            let Some(close) = braced.find('}') else {
                return Interpolated::Unresolved;
            };
            let inner = &braced[..close];
            let name_end = inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(inner.len());
            let operator = &inner[name_end..];
            let default = operator
                .strip_prefix(":-")
                .or_else(|| operator.strip_prefix('-'));
            match default {
                Some(default) if !default.contains('$') => {
                    out.push_str(default);
                    defaulted = true;
                }
                _ => return Interpolated::Unresolved,
            }
            rest = &braced[close + 1..];
        } else if after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
            return Interpolated::Unresolved;
        } else {
            // A lone `$` (`price: 5$`) is kept as written.
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    if defaulted {
        Interpolated::Defaulted(out)
    } else {
        Interpolated::Literal(out)
    }
}

/// Whether the text names a variable (Compose replaces it before the
/// container sees it).
pub fn has_variable(text: &str) -> bool {
    !matches!(interpolate(text), Interpolated::Literal(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_escapes_and_references() {
        use Interpolated::*;
        for (text, expected) in [
            ("postgres:16", Literal("postgres:16".into())),
            ("${UID:-1000}:${GID-1000}", Defaulted("1000:1000".into())),
            ("pa$$word", Literal("pa$word".into())),
            ("5$", Literal("5$".into())),
            ("${UID}", Unresolved),
            ("$UID", Unresolved),
            ("${UID:?set UID}", Unresolved),
            ("${A:-${B}}", Unresolved),
            ("${UNCLOSED", Unresolved),
            ("${TAG:-}", Defaulted(String::new())),
        ] {
            assert_eq!(interpolate(text), expected, "{text}");
        }
    }

    #[test]
    fn variables_are_told_from_escaped_dollars() {
        assert!(has_variable("${DB_PASSWORD:-changeme}"));
        assert!(has_variable("$TOKEN"));
        assert!(!has_variable("pa$$word"));
        assert!(!has_variable("5$"));
        assert!(!has_variable("plain"));
    }
}
