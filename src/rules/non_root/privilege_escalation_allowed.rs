//! `privilege-escalation-allowed`: a Kubernetes container that does not set
//! `allowPrivilegeEscalation: false`, or a Compose service without
//! `security_opt: ["no-new-privileges:true"]` (a note there). Unless it is false, the kernel's
//! `no_new_privs` flag stays off and a process can gain privileges through
//! setuid binaries or file capabilities (`sudo`, `su`, `ping` on old images).
//!
//! The rule judges the field, as written: `false` is clean, `true` fires at
//! it, absence fires at the container. `privileged: true` and
//! `CAP_SYS_ADMIN` also imply escalation, but they have rules of their own
//! (`privileged-container`, `dangerous-capabilities`) that say so at their
//! line; reporting them here too would give one line two findings for one
//! cause. When the field is absent beside them, the message says that
//! setting it is not enough (the API refuses `false` beside them).
//!
//! `no-new-privileges:false` in a Compose anchor that several services
//! merge is reported once, naming them all.

use crate::finding::{Applicability, Fix, Severity};
use crate::model::{Container, Origin};
use crate::rules::fixes::set_in_security_context;
use crate::rules::holders::{Holders, group};
use crate::rules::{Context, Rule};
use crate::source::Span;

pub struct PrivilegeEscalationAllowed;

pub static PRIVILEGE_ESCALATION_ALLOWED: PrivilegeEscalationAllowed = PrivilegeEscalationAllowed;

impl Rule for PrivilegeEscalationAllowed {
    fn id(&self) -> &'static str {
        "privilege-escalation-allowed"
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let allowing = cx.model.containers.iter().filter_map(|container| {
            // Windows has no setuid binaries to escalate through, and the
            // API refuses the field in a Windows pod.
            if !matches!(container.origin, Origin::Kubernetes | Origin::Compose)
                || container.security.base_image_windows
            {
                return None;
            }
            let span = match &container.security.allow_privilege_escalation {
                Some(allow) if !allow.value => return None,
                None if container.is_fragment() => return None,
                Some(allow) => allow.span,
                None => container.span,
            };
            Some(((span, implied(container)), container))
        });
        for ((span, implied), holders) in group(allowing) {
            self.report(cx, span, implied, &holders);
        }
    }
}

/// What allows escalation in the container whatever the field says:
/// `privileged: true`, or capability SYS_ADMIN.
fn implied(container: &Container) -> Option<String> {
    let security = &container.security;
    if security.is_privileged() {
        return Some(format!("`{}`", container.spell("privileged: true")));
    }
    security
        .capabilities_add
        .iter()
        .find(|c| {
            c.value
                .trim_start_matches("CAP_")
                .eq_ignore_ascii_case("SYS_ADMIN")
        })
        .map(|cap| format!("capability `{}`", cap.value))
}

impl PrivilegeEscalationAllowed {
    fn report(
        &self,
        cx: &mut Context<'_>,
        span: Span,
        implied: Option<String>,
        holders: &Holders<'_>,
    ) {
        let container = holders.first();
        let security = &container.security;
        let field = container.spell("allowPrivilegeEscalation: false");
        let then = match &implied {
            Some(cause) => format!(
                "; {{they}} also {{has}} {cause}, which allows escalation whatever the field \
                 says: remove it first (the API refuses `{field}` beside it)"
            ),
            None => String::new(),
        };
        let message = if security.allow_privilege_escalation.is_some() {
            format!(
                "{{subject}} allow{{s}} privilege escalation: a process in {{it}} can gain root \
                 through setuid binaries or file capabilities; set `{field}`{then}"
            )
        } else {
            format!(
                "{{subject}} does not set `{field}`: a process in it can gain privileges through \
                 setuid binaries or file capabilities; {}{then}",
                match container.origin {
                    Origin::Compose => "add it to the service".to_string(),
                    _ => format!(
                        "set it in the container's `{}`",
                        container.spell("securityContext")
                    ),
                }
            )
        };
        let message = holders.say(&message);
        // Setting the field keeps what the container does unless it relies
        // on setuid binaries, which a hardened container must not; absent
        // beside `privileged` or SYS_ADMIN, the API would refuse it.
        let fix = if security.allow_privilege_escalation.is_none() && implied.is_none() {
            set_in_security_context(
                cx.model,
                container,
                &[("allowPrivilegeEscalation", "false")],
            )
            .map(|edit| {
                Fix::new(
                    Applicability::Safe,
                    "add `allowPrivilegeEscalation: false` to the container's `securityContext`",
                    vec![edit],
                )
            })
        } else {
            None
        };
        let finding = cx
            .report(span, message)
            .object(container.object.clone())
            .place(container.place.clone());
        // Compose stacks mostly run on a developer's machine, and almost
        // none sets the option: hardening to suggest, not a defect.
        if container.origin == Origin::Compose {
            finding.severity(Severity::Note);
        }
        if let Some(fix) = fix {
            finding.fix(fix);
        }
    }
}
