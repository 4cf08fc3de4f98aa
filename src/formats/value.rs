//! A syntax-neutral value with spans: what a Terraform attribute, a JSON
//! document (a `.tf.json` file, a policy written in a string, a
//! CloudFormation JSON template) or a CloudFormation YAML template holds.
//! Adapters that read AWS documents (policies, ECS container definitions)
//! lower them from this one shape, whatever syntax wrote them.

use crate::source::{Span, Spanned};

#[derive(Debug, Clone)]
pub struct Value {
    pub span: Span,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Null,
    Bool(bool),
    /// As written: `512`, `0.5`, `1e3`.
    Number(String),
    Str(Str),
    Array(Vec<Value>),
    Object(Vec<(Spanned<String>, Value)>),
    /// A function call: `jsonencode({...})`, `concat(a, b)`, a
    /// CloudFormation intrinsic function (`Fn::Select`).
    Call {
        name: String,
        args: Vec<Value>,
    },
    /// `cond ? a : b`: either branch may be the value.
    Either(Vec<Value>),
    /// Anything else: a reference, a `for` expression, an operation. Its
    /// source text is the file's text under the span.
    Expr,
}

/// How a string was written, which decides how its raw content decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrSyntax {
    /// `"..."` in HCL: backslash escapes.
    HclQuoted,
    /// `<<EOF` / `<<-EOF`: no escapes.
    Heredoc,
    /// A JSON string (in `.tf.json`, or in an embedded policy document).
    Json,
    /// Text decoded by another parser (a YAML scalar) or computed from
    /// several values (a CloudFormation `Fn::Join`): it maps to the file
    /// where the file holds its lines as they read, else only through the
    /// value's span (`embedded::json_in_string`).
    Decoded,
}

#[derive(Debug, Clone)]
pub struct Str {
    /// The decoded text of a literal; the raw source of a template.
    pub text: String,
    /// Written without any interpolation (`${...}`) or directive (`%{...}`).
    pub literal: bool,
    /// The characters between the quotes (or heredoc markers), undecoded.
    pub content: Span,
    pub syntax: StrSyntax,
}

impl Value {
    pub fn as_str(&self) -> Option<&Str> {
        match &self.kind {
            Kind::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The text of a string written without interpolation.
    pub fn literal_str(&self) -> Option<&str> {
        self.as_str().filter(|s| s.literal).map(|s| s.text.as_str())
    }

    /// A literal string's text, with the value's span.
    pub fn spanned_literal(&self) -> Option<Spanned<String>> {
        self.literal_str()
            .map(|s| Spanned::new(s.to_owned(), self.span))
    }

    /// A boolean, or a string that spells one (`"true"`), as Terraform and
    /// CloudFormation both read them.
    pub fn boolean(&self) -> Option<Spanned<bool>> {
        let b = match (&self.kind, self.literal_str()) {
            (Kind::Bool(b), _) => *b,
            (_, Some("true")) => true,
            (_, Some("false")) => false,
            _ => return None,
        };
        Some(Spanned::new(b, self.span))
    }

    /// An integer, written as a number or as a string of one.
    pub fn integer(&self) -> Option<Spanned<i64>> {
        let written = match &self.kind {
            Kind::Number(n) => n.as_str(),
            _ => self.literal_str()?,
        };
        written
            .trim()
            .parse()
            .ok()
            .map(|n| Spanned::new(n, self.span))
    }

    pub fn entries(&self) -> &[(Spanned<String>, Value)] {
        match &self.kind {
            Kind::Object(entries) => entries,
            _ => &[],
        }
    }

    /// The value of an object's key.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries()
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, v)| v)
    }

    /// Calls `visit` with each string the value is made of, at any depth
    /// (list items, object values, function arguments, either branch), in
    /// the order written, with the value that holds it.
    pub fn each_str<'v>(&'v self, visit: &mut impl FnMut(&'v Value, &'v Str)) {
        match &self.kind {
            Kind::Str(s) => visit(self, s),
            Kind::Array(items) | Kind::Either(items) | Kind::Call { args: items, .. } => {
                for item in items {
                    item.each_str(visit);
                }
            }
            Kind::Object(entries) => {
                for (_, inner) in entries {
                    inner.each_str(visit);
                }
            }
            Kind::Null | Kind::Bool(_) | Kind::Number(_) | Kind::Expr => {}
        }
    }

    /// An array's items, or the value itself: where IAM accepts "a string or
    /// a list of strings", both read the same.
    pub fn items(&self) -> &[Value] {
        match &self.kind {
            Kind::Array(items) => items,
            _ => std::slice::from_ref(self),
        }
    }
}
