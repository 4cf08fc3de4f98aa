//! `healthcheck-disabled`: the final stage of a Dockerfile says
//! `HEALTHCHECK NONE`, or a Compose service's healthcheck says `disable:
//! true` or `test: ["NONE"]`, switching off any check the image defines.
//! One written in a Compose anchor that several services merge is reported
//! once, naming them all.

use crate::finding::{Applicability, Fix};
use crate::model::{Container, Healthcheck, Origin};
use crate::rules::fixes::remove_lines;
use crate::rules::holders::sharing;
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
        // A Compose anchor's healthcheck is each service's that merges it.
        let disabled_at = |c: &Container| match c.probes.healthcheck {
            Some(Healthcheck::Disabled(span)) => Some(span),
            _ => None,
        };
        let Some(holders) = sharing(&cx.model.containers, container, disabled_at) else {
            return;
        };
        let (written, image, replacement) = match container.origin {
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
        // Removing the line is a Dockerfile's repair; a Compose healthcheck
        // mapping needs a command of the user's own.
        let fix = (container.origin != Origin::Compose)
            .then(|| remove_lines(cx.file, span))
            .flatten()
            .map(|edit| {
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
                    "{} health checking (`{written}`), including any check {} {image} \
                     defines; replace it with {replacement}",
                    if holders.is_many() {
                        holders.say("{subject} disable{s}")
                    } else {
                        format!("{} disables", container.subject())
                    },
                    holders.say("{its}"),
                ),
            )
            .object(container.object.clone())
            .place(container.place.clone());
        if let Some(fix) = fix {
            finding.fix(fix);
        }
    }
}
