//! The binary under test, with the environment that would change its
//! output (colour, the GitHub step summary) cleared.

use assert_cmd::Command;

pub fn devops_check() -> Command {
    let mut command = Command::cargo_bin("devops-check").expect("binary is built");
    command
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}
