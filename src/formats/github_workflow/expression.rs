//! GitHub Actions expressions (`${{ ... }}` and bare `if:` conditions) parsed
//! into the model's [`Expr`] tree: literals, context paths, function calls,
//! `!`, comparisons, `&&` and `||`, with GitHub's precedence.
//! <https://docs.github.com/actions/learn-github-actions/expressions>

use crate::model::{CompareOp, Expr};

/// Parses an `if:` value: a bare expression, or one wrapped whole in
/// `${{ }}`. `None` when it does not parse (text around `${{ }}` makes the
/// condition a string, which GitHub treats as always true; a rule must not
/// guess either way).
pub fn parse_condition(text: &str) -> Option<Expr> {
    let trimmed = text.trim();
    let inner = match trimmed.strip_prefix("${{") {
        Some(rest) => {
            let inner = rest.strip_suffix("}}")?;
            if inner.contains("${{") {
                return None;
            }
            inner
        }
        None if trimmed.contains("${{") => return None,
        None => trimmed,
    };
    parse(inner)
}

/// Parses one expression.
pub fn parse(text: &str) -> Option<Expr> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, at: 0 };
    let expr = parser.or(0)?;
    (parser.at == parser.tokens.len()).then_some(expr)
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    String(String),
    Number(f64),
    Op(&'static str),
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    const OPS: &[&str] = &[
        "&&", "||", "==", "!=", "<=", ">=", "<", ">", "!", "(", ")", "[", "]", ".", ",", "*",
    ];
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if c.is_whitespace() {
            rest = &rest[c.len_utf8()..];
        } else if c == '\'' {
            // '' escapes a quote inside a string.
            let mut value = String::new();
            let mut chars = rest[1..].char_indices();
            let mut end = None;
            while let Some((i, ch)) = chars.next() {
                if ch == '\'' {
                    if rest[1 + i + 1..].starts_with('\'') {
                        value.push('\'');
                        chars.next();
                    } else {
                        end = Some(1 + i + 1);
                        break;
                    }
                } else {
                    value.push(ch);
                }
            }
            tokens.push(Token::String(value));
            rest = &rest[end?..];
        } else if c.is_ascii_digit()
            || (c == '-' && rest[1..].starts_with(|d: char| d.is_ascii_digit()))
        {
            let len = rest[1..]
                .find(|d: char| !(d.is_ascii_alphanumeric() || d == '.' || d == '_'))
                .map_or(rest.len(), |p| p + 1);
            let number = &rest[..len];
            let value = if let Some(hex) = number.strip_prefix("0x") {
                i64::from_str_radix(hex, 16).ok()? as f64
            } else {
                number.parse().ok()?
            };
            tokens.push(Token::Number(value));
            rest = &rest[len..];
        } else if c.is_alphabetic() || c == '_' {
            let len = rest
                .find(|d: char| !(d.is_alphanumeric() || d == '_' || d == '-'))
                .unwrap_or(rest.len());
            tokens.push(Token::Ident(rest[..len].to_string()));
            rest = &rest[len..];
        } else {
            let op = OPS.iter().find(|op| rest.starts_with(**op))?;
            tokens.push(Token::Op(op));
            rest = &rest[op.len()..];
        }
    }
    Some(tokens)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

/// How deep expressions may nest: deeper input is refused, not a stack overflow.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn eat(&mut self, op: &str) -> bool {
        if matches!(self.peek(), Some(Token::Op(o)) if *o == op) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn or(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut left = self.and(depth)?;
        while self.eat("||") {
            left = Expr::Or(Box::new(left), Box::new(self.and(depth)?));
        }
        Some(left)
    }

    fn and(&mut self, depth: usize) -> Option<Expr> {
        let mut left = self.equality(depth)?;
        while self.eat("&&") {
            left = Expr::And(Box::new(left), Box::new(self.equality(depth)?));
        }
        Some(left)
    }

    fn equality(&mut self, depth: usize) -> Option<Expr> {
        let mut left = self.relation(depth)?;
        loop {
            let op = if self.eat("==") {
                CompareOp::Eq
            } else if self.eat("!=") {
                CompareOp::Ne
            } else {
                return Some(left);
            };
            left = Expr::Compare(op, Box::new(left), Box::new(self.relation(depth)?));
        }
    }

    fn relation(&mut self, depth: usize) -> Option<Expr> {
        let mut left = self.unary(depth)?;
        loop {
            let op = if self.eat("<=") {
                CompareOp::Le
            } else if self.eat(">=") {
                CompareOp::Ge
            } else if self.eat("<") {
                CompareOp::Lt
            } else if self.eat(">") {
                CompareOp::Gt
            } else {
                return Some(left);
            };
            left = Expr::Compare(op, Box::new(left), Box::new(self.unary(depth)?));
        }
    }

    fn unary(&mut self, depth: usize) -> Option<Expr> {
        if depth > MAX_DEPTH {
            return None;
        }
        if self.eat("!") {
            return Some(Expr::Not(Box::new(self.unary(depth + 1)?)));
        }
        self.postfix(depth)
    }

    fn postfix(&mut self, depth: usize) -> Option<Expr> {
        let mut expr = self.primary(depth)?;
        loop {
            let key = if self.eat(".") {
                match self.tokens.get(self.at).cloned() {
                    Some(Token::Ident(name)) => name,
                    Some(Token::Op("*")) => "*".to_string(),
                    _ => return None,
                }
            } else if self.eat("[") {
                let key = match self.tokens.get(self.at).cloned() {
                    Some(Token::String(s)) => s,
                    Some(Token::Number(n)) => n.to_string(),
                    Some(Token::Op("*")) => "*".to_string(),
                    Some(Token::Ident(name)) => format!("[{name}]"),
                    _ => return None,
                };
                self.at += 1;
                if !self.eat("]") {
                    return None;
                }
                expr = member(expr, key);
                continue;
            } else {
                return Some(expr);
            };
            self.at += 1;
            expr = member(expr, key);
        }
    }

    fn primary(&mut self, depth: usize) -> Option<Expr> {
        let token = self.tokens.get(self.at).cloned()?;
        self.at += 1;
        match token {
            Token::String(s) => Some(Expr::String(s)),
            Token::Number(n) => Some(Expr::Number(n)),
            Token::Op("(") => {
                let inner = self.or(depth + 1)?;
                self.eat(")").then_some(inner)
            }
            Token::Ident(name) if self.eat("(") => {
                let mut args = Vec::new();
                if !self.eat(")") {
                    loop {
                        args.push(self.or(depth + 1)?);
                        if self.eat(")") {
                            break;
                        }
                        if !self.eat(",") {
                            return None;
                        }
                    }
                }
                Some(Expr::Call(name.to_ascii_lowercase(), args))
            }
            Token::Ident(name) => Some(match name.as_str() {
                "true" => Expr::Bool(true),
                "false" => Expr::Bool(false),
                "null" => Expr::Null,
                _ => Expr::Path(vec![name.to_ascii_lowercase()]),
            }),
            Token::Op(_) => None,
        }
    }
}

/// `base.key`: extends a context path (lower-cased: GitHub compares
/// context and property names case-insensitively), or reads a property of a
/// computed value.
fn member(base: Expr, key: String) -> Expr {
    match base {
        Expr::Path(mut path) => {
            path.push(key.to_ascii_lowercase());
            Expr::Path(path)
        }
        other => Expr::Member(Box::new(other), key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Expr {
        Expr::Path(p.split('.').map(String::from).collect())
    }

    fn s(v: &str) -> Expr {
        Expr::String(v.into())
    }

    #[test]
    fn precedence_and_shapes() {
        let expr =
            parse_condition("${{ always() && (needs.test.result == 'success' || !cancelled()) }}")
                .unwrap();
        assert_eq!(
            expr,
            Expr::And(
                Box::new(Expr::Call("always".into(), vec![])),
                Box::new(Expr::Or(
                    Box::new(Expr::Compare(
                        CompareOp::Eq,
                        Box::new(path("needs.test.result")),
                        Box::new(s("success"))
                    )),
                    Box::new(Expr::Not(Box::new(Expr::Call("cancelled".into(), vec![]))))
                ))
            )
        );
    }

    #[test]
    fn paths_indexes_and_calls() {
        assert_eq!(
            parse("contains(needs.*.result, 'failure')").unwrap(),
            Expr::Call(
                "contains".into(),
                vec![path("needs.*.result"), s("failure")]
            )
        );
        assert_eq!(
            parse("github.event['pull_request'].head.sha").unwrap(),
            path("github.event.pull_request.head.sha")
        );
        assert_eq!(
            parse("fromJSON(x).a").unwrap(),
            Expr::Member(
                Box::new(Expr::Call("fromjson".into(), vec![path("x")])),
                "a".into()
            )
        );
        assert_eq!(parse("'it''s'").unwrap(), s("it's"));
        assert_eq!(
            parse("startsWith(github.ref, 'refs/tags/v')").unwrap(),
            Expr::Call(
                "startswith".into(),
                vec![path("github.ref"), s("refs/tags/v")]
            )
        );
    }

    #[test]
    fn bare_and_wrapped_conditions() {
        assert_eq!(
            parse_condition("github.event_name == 'push'"),
            parse_condition("${{ github.event_name == 'push' }}")
        );
        assert_eq!(parse_condition("${{ a }} && ${{ b }}"), None);
        assert_eq!(parse_condition("x == 'unterminated"), None);
        assert_eq!(parse_condition("a ==="), None);
        assert_eq!(parse("(".repeat(500).as_str()), None);
    }
}
