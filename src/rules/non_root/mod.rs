//! The `non-root` family: containers that run as root, or with more
//! privilege than a process needs (privileged mode, escalation, dangerous
//! capabilities, the host's namespaces, a writable root filesystem).

pub mod container_runs_as_root;
pub mod dangerous_capabilities;
pub mod host_namespaces;
pub mod privilege_escalation_allowed;
pub mod privileged_container;
pub mod run_as_non_root_not_enforced;
pub mod writable_root_filesystem;
