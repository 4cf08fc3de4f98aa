//! Rules that report problems recorded outside the rules: the `parse` family
//! (what a format adapter met while reading a file) and `unused-suppression`
//! (what the suppression pass found). Reporting them through rules lets
//! configuration (disable, severity) apply to them like to any other rule.
//!
//! One template, one catalogue entry per kind of problem.

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
pub static INTERNAL_ERROR: ProblemRule = ProblemRule {
    id: "internal-error",
    kind: ProblemKind::InternalError,
};
pub static UNUSED_SUPPRESSION: ProblemRule = ProblemRule {
    id: "unused-suppression",
    kind: ProblemKind::UnusedSuppression,
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
