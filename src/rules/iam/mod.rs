//! The `iam` family: grants broader than the work needs.

pub mod aws_actions;
pub mod cloud_privileged_role;
pub mod iam_allow_not_action;
pub mod iam_privilege_escalation;
pub mod iam_public_trust;
pub mod iam_wildcard_action;
pub mod iam_wildcard_resource;
