//! Every rule, in one list. Adding a rule: write its file, add its catalogue
//! entry under `policies/`, and add it here.

use super::Rule;
use super::problems::{
    DUPLICATE_KEY, FILE_SKIPPED, INTERNAL_ERROR, PARSE_ERROR, PARSER_LIMITATION,
    UNRENDERED_TEMPLATE, UNUSED_SUPPRESSION,
};
use super::secrets::committed_kubernetes_secret::COMMITTED_KUBERNETES_SECRET;
use super::secrets::docker_login_password::DOCKER_LOGIN_PASSWORD;
use super::secrets::hardcoded_secret::HARDCODED_SECRET;
use super::secrets::secret_token::SECRET_TOKEN;

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
    // secrets
    &SECRET_TOKEN,
    &HARDCODED_SECRET,
    &COMMITTED_KUBERNETES_SECRET,
    &DOCKER_LOGIN_PASSWORD,
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
