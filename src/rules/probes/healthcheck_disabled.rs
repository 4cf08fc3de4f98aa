//! `healthcheck-disabled`: the final stage of a Dockerfile says
//! `HEALTHCHECK NONE`, switching off any check the base image defines.

use crate::finding::{Applicability, Fix};
use crate::model::{Container, Healthcheck};
use crate::rules::fixes::remove_lines;
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
        let fix = remove_lines(cx.file, span).map(|edit| {
            Fix::new(
                Applicability::Unsafe,
                "remove `HEALTHCHECK NONE`, so that the check of the base image or an earlier \
                 stage applies again; check that it suits this image",
                vec![edit],
            )
        });
        let finding = cx
            .report(
                span,
                format!(
                    "{} disables health checking (`HEALTHCHECK NONE`), including any check its \
                 base image defines; replace it with `HEALTHCHECK CMD <command>`",
                    container.subject()
                ),
            )
            .object(container.object.clone())
            .place(container.place.clone());
        if let Some(fix) = fix {
            finding.fix(fix);
        }
    }
}
