//! `probe-port-not-declared`: an `httpGet` or `tcpSocket` probe aimed at a
//! port by name (`port: http`) when the container declares no `containerPort`
//! of that name. The kubelet cannot resolve the name, so the probe fails
//! every time: a readiness probe keeps the pod out of service for ever, a
//! liveness probe restarts it in a loop.
//!
//! Numbered ports are not checked: declaring a port is informational, and a
//! process may listen on any port.

use super::probes;
use crate::model::{Container, PortRef};
use crate::rules::{Context, Rule};

pub struct ProbePortNotDeclared;

pub static PROBE_PORT_NOT_DECLARED: ProbePortNotDeclared = ProbePortNotDeclared;

impl Rule for ProbePortNotDeclared {
    fn id(&self) -> &'static str {
        "probe-port-not-declared"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        for (key, probe) in probes(container) {
            let Some(port) = probe.handler.as_ref().and_then(|h| h.port.as_ref()) else {
                continue;
            };
            let PortRef::Name(name) = &port.value else {
                continue;
            };
            let declared: Vec<&str> = container
                .ports
                .iter()
                .filter_map(|p| p.name.as_ref().map(|n| n.value.as_str()))
                .collect();
            if declared.contains(&name.as_str()) {
                continue;
            }
            let probe_key = container.spell(key);
            let message = if name.bytes().all(|b| b.is_ascii_digit()) {
                // `port: "8080"`: a string is a port name to the API, and a
                // name needs a letter, so the pod is rejected.
                format!(
                    "`{probe_key}` of {} targets port `\"{name}\"`, a quoted number: the API \
                     reads a string as a port name, which needs a letter, and rejects the pod; \
                     write the number unquoted (`port: {name}`)",
                    container.described()
                )
            } else {
                let known = if declared.is_empty() {
                    "it declares no named ports".to_string()
                } else {
                    format!("its named ports are `{}`", declared.join("`, `"))
                };
                format!(
                    "`{probe_key}` of {} targets port `{name}`, but {known}: the probe can never \
                     succeed; name the `{}` `{name}` or use the port number",
                    container.described(),
                    container.spell("containerPort"),
                )
            };
            cx.report(port.span, message)
                .object(container.object.clone())
                .place(format!("{}/{key}", container.place));
        }
    }
}
