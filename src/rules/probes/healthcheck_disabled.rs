//! `healthcheck-disabled`: the final stage of a Dockerfile says
//! `HEALTHCHECK NONE`, or a Compose service's healthcheck says `disable:
//! true` or `test: ["NONE"]`, switching off any check the image defines.

use crate::model::{Container, Healthcheck, Origin};
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
        let (written, image, fix) = match container.origin {
            Origin::Compose => (
                cx.file.slice(span).trim().to_string(),
                "image",
                "`test: [\"CMD\", <command>]`",
            ),
            _ => (
                "HEALTHCHECK NONE".to_string(),
                "base image",
                "`HEALTHCHECK CMD <command>`",
            ),
        };
        cx.report(
            span,
            format!(
                "{} disables health checking (`{written}`), including any check its \
                 {image} defines; replace it with {fix}",
                container.subject()
            ),
        )
        .object(container.object.clone())
        .place(container.place.clone());
    }
}
