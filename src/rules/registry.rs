//! Every rule, in one list. Adding a rule: write its file, add its catalogue
//! entry under `policies/`, and add it here.

use super::Rule;
use super::iam::cloud_privileged_role::{
    AZURE_PRIVILEGED_ROLE_ASSIGNMENT, GCP_PRIMITIVE_ROLE, IAM_ADMIN_POLICY_ATTACHED,
};
use super::iam::iam_allow_not_action::IAM_ALLOW_NOT_ACTION;
use super::iam::iam_privilege_escalation::IAM_PRIVILEGE_ESCALATION;
use super::iam::iam_public_trust::IAM_PUBLIC_TRUST;
use super::iam::iam_wildcard_action::IAM_WILDCARD_ACTION;
use super::iam::iam_wildcard_resource::IAM_WILDCARD_RESOURCE;
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
    // iam: cloud
    &IAM_WILDCARD_ACTION,
    &IAM_WILDCARD_RESOURCE,
    &IAM_ALLOW_NOT_ACTION,
    &IAM_PRIVILEGE_ESCALATION,
    &IAM_PUBLIC_TRUST,
    &IAM_ADMIN_POLICY_ATTACHED,
    &GCP_PRIMITIVE_ROLE,
    &AZURE_PRIVILEGED_ROLE_ASSIGNMENT,
    // suppression
    &UNUSED_SUPPRESSION,
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
