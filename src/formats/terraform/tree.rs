//! A syntax-neutral view of a Terraform configuration: blocks, attributes and
//! values, each with its span. The HCL reader (`hcl.rs`) and the JSON reader
//! (`json.rs`) both produce it, so that one lowering serves `.tf` and
//! `.tf.json`; a JSON policy document embedded in a string becomes the same
//! kind of [`Value`] too, with spans that point into the file.

pub use crate::formats::value::{Kind, Str, StrSyntax, Value};
use crate::source::{Span, Spanned};

#[derive(Debug, Default, Clone)]
pub struct Body {
    pub attributes: Vec<Attribute>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub struct Block {
    /// `resource`, `statement`, `principals` ...
    pub kind: Spanned<String>,
    pub labels: Vec<Spanned<String>>,
    pub span: Span,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub key: Spanned<String>,
    pub value: Value,
}

impl Body {
    pub fn attr(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.key.value == name)
    }

    pub fn blocks<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.kind.value == kind)
    }
}

/// A block's body, or an object that stands for one: `.tf.json` writes nested
/// blocks (`statement`, `principals`) as objects or arrays of objects, and
/// only the resource's schema could tell them from attributes.
#[derive(Clone, Copy)]
pub enum Nested<'a> {
    Block(&'a Block),
    Object(&'a Value),
}

impl<'a> Nested<'a> {
    /// The nested blocks of `kind` in a body, whichever syntax wrote them,
    /// including the `content` of `dynamic "<kind>"` blocks: a generated
    /// block may be absent, but what it grants when present is written here.
    pub fn all_in(body: &'a Body, kind: &'a str) -> Vec<Nested<'a>> {
        let mut out: Vec<Nested<'a>> = Vec::new();
        for block in &body.blocks {
            if block.kind.value == kind {
                out.push(Nested::Block(block));
            } else if block.kind.value == "dynamic"
                && block.labels.first().is_some_and(|l| l.value == kind)
            {
                out.extend(block.body.blocks("content").map(Nested::Block));
            }
        }
        if let Some(attr) = body.attr(kind) {
            push_objects(&attr.value, &mut out);
        }
        out
    }

    pub fn span(self) -> Span {
        match self {
            Nested::Block(block) => block.span,
            Nested::Object(value) => value.span,
        }
    }

    /// Where the nested block is named: the block's keyword, or the object.
    pub fn head(self) -> Span {
        match self {
            Nested::Block(block) => block.kind.span,
            Nested::Object(value) => value.span,
        }
    }

    pub fn get(self, key: &str) -> Option<&'a Value> {
        match self {
            Nested::Block(block) => block.body.attr(key).map(|a| &a.value),
            Nested::Object(value) => value.get(key),
        }
    }

    /// A key's value with the span of the whole `key = value` (or
    /// `"key": value`), where a finding about the setting points.
    pub fn entry(self, key: &str) -> Option<(Span, &'a Value)> {
        let (name, value) = match self {
            Nested::Block(block) => {
                let attr = block.body.attr(key)?;
                (attr.key.span, &attr.value)
            }
            Nested::Object(value) => value
                .entries()
                .iter()
                .find(|(k, _)| k.value == key)
                .map(|(k, v)| (k.span, v))?,
        };
        Some((Span::new(name.start, value.span.end), value))
    }

    pub fn nested(self, kind: &'a str) -> Vec<Nested<'a>> {
        match self {
            Nested::Block(block) => Nested::all_in(&block.body, kind),
            Nested::Object(value) => {
                let mut out = Vec::new();
                if let Some(inner) = value.get(kind) {
                    push_objects(inner, &mut out);
                }
                out
            }
        }
    }
}

fn push_objects<'a>(value: &'a Value, out: &mut Vec<Nested<'a>>) {
    for item in value.items() {
        if matches!(item.kind, Kind::Object(_)) {
            out.push(Nested::Object(item));
        }
    }
}
