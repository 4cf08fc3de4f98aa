//! A CloudFormation template, YAML or JSON, read into one [`Value`] tree in
//! which every intrinsic function has one representation, whichever way it
//! was written (`!Sub x`, `Fn::Sub: x`, `{"Fn::Sub": "x"}`):
//! - `Ref` and `Fn::GetAtt` read like a Terraform interpolation: a string
//!   `${Name}` that is not a literal. A `Ref` to a parameter with a literal
//!   default becomes that default, at the reference's span, and a
//!   [`Resolution`] says where it comes from; `AWS::NoValue` is null.
//! - `Fn::Sub` is its template string: literal when it substitutes nothing
//!   (`${!Literal}` escapes included), otherwise not a literal, with its
//!   literal parts as written.
//! - `Fn::Join` of strings is the joined string (a literal if every part
//!   is one); `Fn::Split` of a literal (a parameter's default included) is
//!   the list of its pieces; `Fn::If` is either branch ([`Kind::Either`]),
//!   each recorded with the condition that takes it ([`Branch`]), so that
//!   a finding about one can say when it holds.
//! - Every other function (`Fn::Select`, `Fn::FindInMap`, `Fn::Base64` ...)
//!   is a [`Kind::Call`] named by its long form, arguments read the same way.
//!
//! A string holding a dynamic reference (`{{resolve:secretsmanager:...}}`,
//! `{{resolve:ssm-secure:...}}`) is not a literal: CloudFormation replaces
//! it with a value from a store when it deploys.

use std::collections::HashMap;

use crate::formats::Syntax;
use crate::formats::aws_policy::source;
use crate::formats::embedded::{OffsetMap, parse_json};
use crate::formats::value::{Kind, Str, StrSyntax, Value};
use crate::formats::yaml::{self, Node, NodeKind, Style};
use crate::model::{Branch, Problem, ProblemKind, Resolution};
use crate::source::{Span, Spanned};

/// A template's root, read: its intrinsics in one form, its parameters'
/// references resolved.
pub struct Template {
    pub root: Value,
    pub resolutions: Vec<Resolution>,
    /// The branches of its `Fn::If`s whose condition is named.
    pub branches: Vec<Branch>,
}

/// How deep intrinsic functions may nest before the rest is left as read.
const MAX_DEPTH: usize = 64;

/// Whether a text is a CloudFormation template in JSON (else YAML).
pub fn is_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
}

/// Parses a template's text, with its duplicate keys; `Err` holds the
/// syntax error. Text that starts like JSON is read as JSON; if it is not
/// valid JSON, it is read as YAML, as CloudFormation does (JSON with a
/// trailing comma is YAML), and the JSON error is reported if that fails
/// too.
pub fn parse(syntax: &Syntax) -> Result<(Option<Value>, Vec<Problem>), Problem> {
    let text = syntax.text;
    if is_json(text) {
        return match parse_json(text, &OffsetMap::Shift(0)) {
            Ok(root) => Ok((root, Vec::new())),
            Err(error) => parse_yaml(syntax).map_err(|_| Problem {
                kind: ProblemKind::Syntax,
                span: Span::new(error.start, error.end.max(error.start)),
                message: format!("invalid JSON: {}", error.message),
            }),
        };
    }
    parse_yaml(syntax)
}

fn parse_yaml(syntax: &Syntax) -> Result<(Option<Value>, Vec<Problem>), Problem> {
    // CloudFormation reads YAML as libyaml does.
    let text = syntax.text;
    let stream = syntax.lenient_yaml().map_err(yaml::syntax_problem)?;
    let root = stream
        .documents
        .first()
        .map(|document| from_yaml(&document.root, text));
    let duplicates = yaml::duplicate_key_problems(
        &stream.warnings,
        "`cfn-lint` reports it as an error (E0000), and which value a tool keeps differs",
    );
    Ok((root, duplicates.collect()))
}

/// Whether a parsed document is a template: it declares its format
/// version, or one of its `Resources` is typed `AWS::...` (SAM and CDK
/// output often declare no version).
pub fn is_template(root: &Value) -> bool {
    if root.get("AWSTemplateFormatVersion").is_some() {
        return true;
    }
    root.get("Resources")
        .map_or(&[][..], Value::entries)
        .iter()
        .filter_map(|(_, resource)| resource.get("Type").and_then(Value::literal_str))
        .any(|kind| kind.starts_with("AWS::"))
}

/// Reads the template's intrinsics (see the module's documentation).
pub fn read(root: &Value, text: &str) -> Template {
    let defaults = parameter_defaults(root);
    let mut reader = Reader {
        text,
        defaults: &defaults,
        resolutions: Vec::new(),
        branches: Vec::new(),
    };
    let root = reader.value(root, 0);
    Template {
        root,
        resolutions: reader.resolutions,
        branches: reader.branches,
    }
}

/// The parameters' literal defaults, by parameter name.
fn parameter_defaults(root: &Value) -> HashMap<String, Value> {
    let mut out = HashMap::new();
    for (name, parameter) in root.get("Parameters").map_or(&[][..], Value::entries) {
        let Some(default) = parameter.get("Default") else {
            continue;
        };
        let literal = match &default.kind {
            Kind::Str(s) => s.literal && !is_dynamic_reference(&s.text),
            Kind::Number(_) | Kind::Bool(_) => true,
            _ => false,
        };
        if literal {
            out.insert(name.value.clone(), default.clone());
        }
    }
    out
}

/// `{{resolve:service:...}}`: a value CloudFormation reads from a store.
pub fn is_dynamic_reference(text: &str) -> bool {
    text.contains("{{resolve:")
}

struct Reader<'a> {
    text: &'a str,
    defaults: &'a HashMap<String, Value>,
    resolutions: Vec<Resolution>,
    branches: Vec<Branch>,
}

impl Reader<'_> {
    fn value(&mut self, value: &Value, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return value.clone();
        }
        let kind = match &value.kind {
            Kind::Object(entries) => {
                if let [(name, argument)] = entries.as_slice()
                    && is_intrinsic(&name.value, argument)
                {
                    let args = match &argument.kind {
                        Kind::Array(items) => items.clone(),
                        _ => vec![argument.clone()],
                    };
                    return self.intrinsic(&name.value, &args, value.span, depth);
                }
                Kind::Object(
                    entries
                        .iter()
                        .map(|(key, inner)| (key.clone(), self.value(inner, depth + 1)))
                        .collect(),
                )
            }
            Kind::Array(items) => {
                Kind::Array(items.iter().map(|i| self.value(i, depth + 1)).collect())
            }
            Kind::Call { name, args } => return self.intrinsic(name, args, value.span, depth),
            Kind::Str(s) if s.literal && is_dynamic_reference(&s.text) => Kind::Str(Str {
                literal: false,
                ..s.clone()
            }),
            other => other.clone(),
        };
        Value {
            span: value.span,
            kind,
        }
    }

    fn intrinsic(&mut self, name: &str, args: &[Value], span: Span, depth: usize) -> Value {
        let args: Vec<Value> = args.iter().map(|a| self.value(a, depth + 1)).collect();
        let kind = match (name, args.as_slice()) {
            ("Ref", [target]) => match target.literal_str() {
                Some("AWS::NoValue") => Kind::Null,
                Some(target) => return self.reference(target, span),
                None => call(name, args),
            },
            ("Fn::GetAtt", [path]) => match path.literal_str() {
                Some(path) => interpolation(&format!("${{{path}}}"), span),
                None => call(name, args),
            },
            ("Fn::GetAtt", [resource, attribute]) => {
                match (resource.literal_str(), attribute.literal_str()) {
                    (Some(resource), Some(attribute)) => {
                        interpolation(&format!("${{{resource}.{attribute}}}"), span)
                    }
                    _ => call(name, args),
                }
            }
            // A JSON string with `${` reads as a template already.
            ("Fn::Sub", [template, ..]) => match template.as_str() {
                Some(written) => return self.substitution(&written.text, template, span),
                None => call(name, args),
            },
            ("Fn::Join", [delimiter, parts]) => match join(delimiter, parts) {
                Some(joined) => joined,
                None => call(name, args),
            },
            ("Fn::Split", [delimiter, whole]) => match split(delimiter, whole) {
                Some(pieces) => pieces,
                None => call(name, args),
            },
            ("Fn::If", [condition, branches @ ..]) => {
                if let Some(condition) = condition.literal_str() {
                    for (branch, taken_when) in branches.iter().zip([true, false]) {
                        self.branches.push(Branch {
                            span: branch.span,
                            condition: condition.to_owned(),
                            taken_when,
                        });
                    }
                }
                Kind::Either(branches.to_vec())
            }
            _ => call(name, args),
        };
        Value { span, kind }
    }

    /// `Ref` to a parameter with a literal default: the default, at the
    /// reference; any other `Ref` stays a reference.
    fn reference(&mut self, target: &str, span: Span) -> Value {
        let Some(default) = self.defaults.get(target) else {
            return Value {
                span,
                kind: interpolation(&format!("${{{target}}}"), span),
            };
        };
        let mut value = default.clone();
        value.span = span;
        if let Kind::Str(s) = &mut value.kind {
            s.content = span;
        }
        let shown = match &default.kind {
            Kind::Str(s) => s.text.clone(),
            _ => source(self.text, default.span).to_string(),
        };
        self.resolutions.push(Resolution {
            span,
            name: source(self.text, span).trim().to_string(),
            key: target.to_string(),
            value: shown,
            origin: format!("the default of parameter `{target}`"),
            overridable: true,
            declared_at: Some(default.span),
        });
        value
    }

    /// `Fn::Sub`: `${Name}` alone resolves as `Ref Name` does; a template
    /// with no substitution is the literal it spells.
    fn substitution(&mut self, written: &str, template: &Value, span: Span) -> Value {
        if let Some(name) = written
            .strip_prefix("${")
            .and_then(|rest| rest.strip_suffix('}'))
            .filter(|name| !name.contains(['$', '{', '}', '!']))
        {
            return self.reference(name, span);
        }
        let substitutes = written
            .match_indices("${")
            .any(|(at, _)| !written[at + 2..].starts_with('!'));
        let mut text = template.clone();
        text.span = span;
        if let Kind::Str(s) = &mut text.kind {
            if substitutes {
                s.literal = false;
            } else {
                s.text = written.replace("${!", "${");
                s.literal = !is_dynamic_reference(written);
            }
        }
        text
    }
}

fn call(name: &str, args: Vec<Value>) -> Kind {
    Kind::Call {
        name: name.to_string(),
        args,
    }
}

/// A value computed at deploy time, written as the interpolation it reads
/// like.
fn interpolation(text: &str, span: Span) -> Kind {
    Kind::Str(Str {
        text: text.to_string(),
        literal: false,
        content: span,
        syntax: StrSyntax::Decoded,
    })
}

/// `Fn::Join` of a list whose items are all strings, once read.
fn join(delimiter: &Value, parts: &Value) -> Option<Kind> {
    let delimiter = delimiter.literal_str()?;
    let Kind::Array(items) = &parts.kind else {
        return None;
    };
    let mut texts = Vec::with_capacity(items.len());
    let mut literal = true;
    for item in items {
        let s = item.as_str()?;
        literal &= s.literal;
        texts.push(s.text.as_str());
    }
    Some(Kind::Str(Str {
        text: texts.join(delimiter),
        literal,
        content: parts.span,
        syntax: StrSyntax::Decoded,
    }))
}

/// `Fn::Split` of a literal string: its pieces, each where the string is
/// (a comma-delimited parameter's default, at the `Ref` that reads it).
fn split(delimiter: &Value, whole: &Value) -> Option<Kind> {
    let delimiter = delimiter.literal_str().filter(|d| !d.is_empty())?;
    let text = whole.as_str().filter(|s| s.literal)?;
    let pieces = text.text.split(delimiter).map(|piece| Value {
        span: whole.span,
        kind: Kind::Str(Str {
            text: piece.to_string(),
            literal: true,
            content: text.content,
            syntax: StrSyntax::Decoded,
        }),
    });
    Some(Kind::Array(pieces.collect()))
}

/// A single-key mapping that is an intrinsic function in long form
/// (`Ref: x`, `Fn::Sub: ...`, `{"Condition": "IsProd"}` inside a condition).
fn is_intrinsic(name: &str, argument: &Value) -> bool {
    name == "Ref"
        || name.starts_with("Fn::")
        || (name == "Condition" && argument.literal_str().is_some())
}

/// The [`Value`] a YAML node reads as; a short-form tag (`!Sub`) makes it
/// a call, which [`read`] then reads as its long form does.
fn from_yaml(node: &Node, text: &str) -> Value {
    let kind = match &node.kind {
        NodeKind::Scalar(scalar) => {
            let typed = (scalar.style == Style::Plain && node.tag.is_none())
                .then(|| plain_scalar(node, &scalar.value))
                .flatten();
            typed.unwrap_or_else(|| {
                Kind::Str(Str {
                    text: scalar.value.clone(),
                    literal: true,
                    content: scalar_content(node, text),
                    syntax: StrSyntax::Decoded,
                })
            })
        }
        NodeKind::Seq(items) => Kind::Array(items.iter().map(|i| from_yaml(i, text)).collect()),
        NodeKind::Map(_) => Kind::Object(
            node.entries()
                .into_iter()
                .filter_map(|entry| {
                    let key = entry.key.as_str()?;
                    Some((
                        Spanned::new(key.to_string(), entry.key.span),
                        from_yaml(&entry.value, text),
                    ))
                })
                .collect(),
        ),
    };
    let mut value = Value {
        span: node.span,
        kind,
    };
    if let Some(name) = node.tag_name().and_then(intrinsic_name) {
        let args = match value.kind {
            // `!GetAtt Resource.Attribute`: the short form's string syntax.
            Kind::Str(s) if name == "Fn::GetAtt" => {
                let (resource, attribute) = s.text.split_once('.').unwrap_or((&s.text, ""));
                [resource, attribute]
                    .iter()
                    .filter(|part| !part.is_empty())
                    .map(|part| Value {
                        span: s.content,
                        kind: Kind::Str(Str {
                            text: part.to_string(),
                            ..s.clone()
                        }),
                    })
                    .collect()
            }
            Kind::Array(items) => items,
            kind => vec![Value {
                span: node.span,
                kind,
            }],
        };
        value.kind = Kind::Call {
            name: name.to_string(),
            args,
        };
    }
    value
}

/// The long name of a short-form tag: `!Ref` is `Ref`, `!Condition` is
/// `Condition`, `!Sub` is `Fn::Sub`. Other tags (`!!str`) are not
/// functions.
fn intrinsic_name(tag: &str) -> Option<String> {
    let name = tag.strip_prefix('!')?;
    if name.is_empty() || name.starts_with('!') || name.contains(':') {
        return None;
    }
    Some(match name {
        "Ref" | "Condition" => name.to_string(),
        _ => format!("Fn::{name}"),
    })
}

/// A plain scalar's type in YAML 1.1, as CloudFormation reads it.
fn plain_scalar(node: &Node, text: &str) -> Option<Kind> {
    if node.is_null() {
        return Some(Kind::Null);
    }
    if let Some(b) = node.as_bool() {
        return Some(Kind::Bool(b));
    }
    let number = text.parse::<f64>().is_ok() && !text.contains(['i', 'I', 'n', 'N']);
    number.then(|| Kind::Number(text.to_string()))
}

/// Where a scalar's characters are: inside the quotes of a one-line quoted
/// scalar, after the tag of a tagged one.
fn scalar_content(node: &Node, text: &str) -> Span {
    let mut span = node.span;
    if let Some(tag) = node.tag.as_deref() {
        let after = source(text, Span::new(tag.span.end, span.end));
        span.start = span.end - after.trim_start().len();
    }
    let written = source(text, span);
    let quoted = written.len() >= 2
        && ((written.starts_with('"') && written.ends_with('"'))
            || (written.starts_with('\'') && written.ends_with('\'')))
        && !written.contains('\n');
    if quoted {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each property of the `Check` resource, read, as `Key=kind:text`.
    fn read_properties(text: &str) -> (Vec<String>, Vec<Resolution>) {
        let (root, _) = parse(&crate::formats::Syntax::of(text)).unwrap();
        let root = root.unwrap();
        assert!(is_template(&root));
        let template = read(&root, text);
        let properties = template
            .root
            .get("Resources")
            .and_then(|r| r.get("Check"))
            .and_then(|c| c.get("Properties"))
            .unwrap()
            .entries()
            .iter()
            .map(|(key, value)| {
                let shown = match &value.kind {
                    Kind::Str(s) => format!(
                        "{}:{}@{}",
                        if s.literal { "literal" } else { "computed" },
                        s.text,
                        source(text, value.span)
                    ),
                    Kind::Either(items) => format!("either:{}", items.len()),
                    Kind::Call { name, args } => format!("call:{name}/{}", args.len()),
                    Kind::Null => "null".to_string(),
                    other => format!("{other:?}"),
                };
                format!("{}={shown}", key.value)
            })
            .collect();
        (properties, template.resolutions)
    }

    #[test]
    fn short_and_long_forms_read_alike_in_yaml_and_json() {
        let yaml = "Parameters:\n  Pass: {Type: String, Default: s3cret}\nResources:\n  Check:\n    Type: AWS::X::Y\n    Properties:\n      Ref: !Ref Pass\n      Sub: !Sub 'arn:${AWS::Partition}:s3:::b'\n      Plain: !Sub 'no-${!Literal}'\n      Att: !GetAtt Db.Endpoint.Address\n      Join: !Join ['', ['a', !Ref Other]]\n      If: !If [IsProd, a, b]\n      NoValue: !Ref AWS::NoValue\n      Select: !Select [0, !GetAZs '']\n      Dynamic: '{{resolve:secretsmanager:x}}'\n";
        let json = r#"{"Parameters": {"Pass": {"Type": "String", "Default": "s3cret"}},
 "Resources": {"Check": {"Type": "AWS::X::Y", "Properties": {
  "Ref": {"Ref": "Pass"},
  "Sub": {"Fn::Sub": "arn:${AWS::Partition}:s3:::b"},
  "Plain": {"Fn::Sub": "no-${!Literal}"},
  "Att": {"Fn::GetAtt": ["Db", "Endpoint.Address"]},
  "Join": {"Fn::Join": ["", ["a", {"Ref": "Other"}]]},
  "If": {"Fn::If": ["IsProd", "a", "b"]},
  "NoValue": {"Ref": "AWS::NoValue"},
  "Select": {"Fn::Select": [0, {"Fn::GetAZs": ""}]},
  "Dynamic": "{{resolve:secretsmanager:x}}"}}}}"#;
        let (from_yaml, yaml_resolved) = read_properties(yaml);
        let (from_json, json_resolved) = read_properties(json);
        let kinds = |props: &[String]| -> Vec<String> {
            props
                .iter()
                .map(|p| p.split('@').next().unwrap_or_default().to_string())
                .collect()
        };
        assert_eq!(
            kinds(&from_yaml),
            [
                "Ref=literal:s3cret",
                "Sub=computed:arn:${AWS::Partition}:s3:::b",
                "Plain=literal:no-${Literal}",
                "Att=computed:${Db.Endpoint.Address}",
                "Join=computed:a${Other}",
                "If=either:2",
                "NoValue=null",
                "Select=call:Fn::Select/2",
                "Dynamic=computed:{{resolve:secretsmanager:x}}",
            ]
        );
        assert_eq!(kinds(&from_json), kinds(&from_yaml));
        // The resolved default stands where the reference is written.
        assert!(from_yaml[0].ends_with("@!Ref Pass"), "{}", from_yaml[0]);
        assert!(
            from_json[0].ends_with(r#"@{"Ref": "Pass"}"#),
            "{}",
            from_json[0]
        );
        for resolved in [&yaml_resolved, &json_resolved] {
            assert_eq!(resolved.len(), 1);
            assert_eq!(resolved[0].key, "Pass");
            assert_eq!(resolved[0].value, "s3cret");
            assert!(resolved[0].overridable);
        }
    }

    #[test]
    fn only_templates_are_templates() {
        for (text, expected) in [
            ("AWSTemplateFormatVersion: '2010-09-09'\n", true),
            ("Resources:\n  B:\n    Type: AWS::S3::Bucket\n", true),
            (
                "{\"Resources\": {\"B\": {\"Type\": \"AWS::S3::Bucket\"}}}",
                true,
            ),
            ("apiVersion: v1\nkind: ConfigMap\n", false),
            ("Resources:\n  B:\n    Type: OS::Nova::Server\n", false),
            ("services:\n  web:\n    image: nginx\n", false),
        ] {
            let root = parse(&crate::formats::Syntax::of(text)).unwrap().0.unwrap();
            assert_eq!(is_template(&root), expected, "{text}");
        }
    }
}
