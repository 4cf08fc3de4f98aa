//! The `non-root` family: containers that run as root, or with more
//! privilege than a process needs (privileged mode, escalation, dangerous
//! capabilities, the host's namespaces, a writable mount of the host's
//! system directories, no seccomp or AppArmor confinement, a writable root
//! filesystem).

pub mod container_runs_as_root;
pub mod dangerous_capabilities;
pub mod host_namespaces;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod run_as_non_root_not_enforced;
pub mod sensitive_host_mount;
pub mod unconfined_security_profile;
pub mod writable_root_filesystem;

/// How a message names the account when `user` is the superuser: `root`,
/// `0`, and either with a group (the user part decides; a root group alone,
/// `1000:0`, does not make the process root); or Windows containers'
/// `ContainerAdministrator`, whose names are case-insensitive.
pub fn root_account(user: &str) -> Option<&'static str> {
    let name = user.split(':').next().unwrap_or("").trim();
    if name == "root" || (!name.is_empty() && name.bytes().all(|b| b == b'0')) {
        Some("root")
    } else if name.eq_ignore_ascii_case("ContainerAdministrator") {
        Some("the Windows administrator")
    } else {
        None
    }
}
