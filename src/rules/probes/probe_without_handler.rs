//! `probe-without-handler`: a liveness, readiness or startup probe with no
//! `httpGet`, `tcpSocket`, `exec` or `grpc`. The API rejects the pod ("must
//! specify a handler type"); a probe that sets only timings was usually
//! meant to carry the handler of a neighbouring block.

use super::probes;
use crate::model::Container;
use crate::rules::{Context, Rule};

pub struct ProbeWithoutHandler;

pub static PROBE_WITHOUT_HANDLER: ProbeWithoutHandler = ProbeWithoutHandler;

impl Rule for ProbeWithoutHandler {
    fn id(&self) -> &'static str {
        "probe-without-handler"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        for (key, probe) in probes(container) {
            if probe.handler.is_some() {
                continue;
            }
            cx.report(
                probe.span,
                format!(
                    "`{}` of {} has no handler: the API rejects the pod; give it one of `{}`, \
                     `{}`, `exec` or `grpc`",
                    container.spell(key),
                    container.described(),
                    container.spell("httpGet"),
                    container.spell("tcpSocket"),
                ),
            )
            .object(container.object.clone())
            .place(format!("{}/{key}", container.place));
        }
    }
}
