//! Every rule, in one list. Adding a rule: write its file, add its catalogue
//! entry under `policies/`, and add it here.

use super::Rule;
use super::non_root::CONTAINER_RUNS_AS_ROOT;
use super::probes::{HEALTHCHECK_DISABLED, MISSING_HEALTHCHECK};
use super::problems::{
    DUPLICATE_KEY, FILE_SKIPPED, INTERNAL_ERROR, PARSE_ERROR, PARSER_LIMITATION,
    UNRENDERED_TEMPLATE, UNUSED_SUPPRESSION,
};

pub static RULES: &[&dyn Rule] = &[
    // parse
    &PARSE_ERROR,
    &DUPLICATE_KEY,
    &UNRENDERED_TEMPLATE,
    &PARSER_LIMITATION,
    &FILE_SKIPPED,
    &INTERNAL_ERROR,
    // suppression
    &UNUSED_SUPPRESSION,
    // non-root
    &CONTAINER_RUNS_AS_ROOT,
    // probes
    &MISSING_HEALTHCHECK,
    &HEALTHCHECK_DISABLED,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;

    #[test]
    fn every_rule_has_a_catalogue_entry_and_every_entry_a_rule() {
        for rule in RULES {
            assert!(
                catalogue::get(rule.id()).is_some(),
                "rule `{}` has no policies/<family>/{}.yaml",
                rule.id(),
                rule.id()
            );
        }
        for meta in catalogue::all() {
            assert!(
                RULES.iter().any(|r| r.id() == meta.id),
                "catalogue entry `{}` has no rule in registry.rs",
                meta.id
            );
        }
    }
}
