//! The `probes` family: containers the platform cannot health-check —
//! Kubernetes liveness, readiness and startup probes that are missing, empty,
//! aimed at nothing, or set where the API forbids them, and Dockerfile
//! HEALTHCHECKs that are missing or disabled.

pub mod healthcheck_disabled;
pub mod liveness_same_as_readiness;
pub mod missing_healthcheck;
pub mod missing_probe;
pub mod probe_on_init_container;
pub mod probe_port_not_declared;
pub mod probe_without_handler;

use crate::formats::shell::is_shell;
use crate::model::{Command, Container, FileModel, Probe};

/// The probes a container sets, with the key each is written under.
pub fn probes(container: &Container) -> impl Iterator<Item = (&'static str, &Probe)> {
    [
        ("livenessProbe", container.probes.liveness.as_ref()),
        ("readinessProbe", container.probes.readiness.as_ref()),
        ("startupProbe", container.probes.startup.as_ref()),
    ]
    .into_iter()
    .filter_map(|(key, probe)| Some((key, probe?)))
}

/// Whether the container's command only waits (`sleep infinity`, `tail -f
/// /dev/null`, `while true; do sleep 30; done`): a toolbox or debugging
/// container kept up for `exec`. A health check of a process that only
/// sleeps tells nothing, and a restart gives nothing back.
pub fn only_waits(container: &Container, model: &FileModel) -> bool {
    let commands: Vec<&Command> = model
        .command_lines
        .iter()
        .filter(|lines| lines.object == container.object)
        .flat_map(|lines| &lines.commands)
        .collect();
    commands.iter().any(|command| waits(command))
        && commands
            .iter()
            .all(|command| waits(command) || keeps_waiting(command))
}

/// `sleep N` and `tail -f /dev/null` (run directly or through `exec`).
fn waits(command: &Command) -> bool {
    let words: Vec<&str> = program_words(command);
    match words.as_slice() {
        ["sleep", _, ..] => true,
        ["tail", flag, "/dev/null"] => matches!(*flag, "-f" | "-F" | "--follow"),
        _ => false,
    }
}

/// What may surround a wait without doing any work: a loop's condition
/// (`true`, `:`), `wait`, a signal trap, a message, and the shell that runs
/// the script (its flags only: the script leaves its command).
fn keeps_waiting(command: &Command) -> bool {
    let words = program_words(command);
    match words.as_slice() {
        [program, flags @ ..] if is_shell(program) => flags.iter().all(|f| f.starts_with('-')),
        [program, ..] => matches!(*program, "true" | ":" | "wait" | "trap" | "echo" | "printf"),
        [] => true,
    }
}

/// The command's words, its program named without its directory and
/// without an `exec` before it.
fn program_words(command: &Command) -> Vec<&str> {
    let mut words: Vec<&str> = command.words.iter().map(|w| w.value.as_str()).collect();
    if words.first() == Some(&"exec") {
        words.remove(0);
    }
    if let Some(program) = words.first_mut() {
        *program = program.rsplit('/').next().unwrap_or(program);
    }
    words
}
