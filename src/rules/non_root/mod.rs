//! The `non-root` family: containers whose process runs as root.

mod container_runs_as_root;

pub use container_runs_as_root::CONTAINER_RUNS_AS_ROOT;
