//! `healthcheck-disabled`: the final stage of a Dockerfile says
//! `HEALTHCHECK NONE`, switching off any check the base image defines.

use crate::model::{Container, Healthcheck};
use crate::rules::{Context, Rule};

pub struct HealthcheckDisabled;

pub static HEALTHCHECK_DISABLED: HealthcheckDisabled = HealthcheckDisabled;

impl Rule for HealthcheckDisabled {
    fn id(&self) -> &'static str {
        "healthcheck-disabled"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        let Some(Healthcheck::Disabled(span)) = container.probes.healthcheck else {
            return;
        };
        cx.report(
            span,
            format!(
                "{} disables health checking (`HEALTHCHECK NONE`), including any check its \
                 base image defines; replace it with `HEALTHCHECK CMD <command>`",
                container.subject()
            ),
        )
        .object(container.object.clone())
        .place(container.place.clone());
    }
}
