//! The `parse` family: problems met while reading a file. The format adapters
//! record them in the model; these rules report them, so that configuration
//! (disable, severity) applies to them like to any other rule.
//!
//! One template, five catalogue entries: each rule reports one kind of problem.

use super::{Context, Rule};
use crate::model::ProblemKind;

pub struct ProblemRule {
    id: &'static str,
    kind: ProblemKind,
}

pub static PARSE_ERROR: ProblemRule = ProblemRule {
    id: "parse-error",
    kind: ProblemKind::Syntax,
};
pub static DUPLICATE_KEY: ProblemRule = ProblemRule {
    id: "duplicate-key",
    kind: ProblemKind::DuplicateKey,
};
pub static UNRENDERED_TEMPLATE: ProblemRule = ProblemRule {
    id: "unrendered-template",
    kind: ProblemKind::UnrenderedTemplate,
};
pub static PARSER_LIMITATION: ProblemRule = ProblemRule {
    id: "parser-limitation",
    kind: ProblemKind::Unsupported,
};
pub static FILE_SKIPPED: ProblemRule = ProblemRule {
    id: "file-skipped",
    kind: ProblemKind::Skipped,
};

impl Rule for ProblemRule {
    fn id(&self) -> &'static str {
        self.id
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let problems: Vec<_> = cx
            .model
            .problems
            .iter()
            .filter(|p| p.kind == self.kind)
            .collect();
        for problem in problems {
            cx.report(problem.span, problem.message.clone());
        }
    }
}
