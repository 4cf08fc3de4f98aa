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

use crate::finding::{Applicability, Fix, Severity};
use crate::model::{Container, Origin};
use crate::rules::fixes::set_in_security_context;
use crate::rules::{Context, Rule};

pub struct PrivilegeEscalationAllowed;

pub static PRIVILEGE_ESCALATION_ALLOWED: PrivilegeEscalationAllowed = PrivilegeEscalationAllowed;

impl Rule for PrivilegeEscalationAllowed {
    fn id(&self) -> &'static str {
        "privilege-escalation-allowed"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        if !matches!(container.origin, Origin::Kubernetes | Origin::Compose) {
            return;
        }
        let security = &container.security;
        // Windows has no setuid binaries to escalate through, and the API
        // refuses the field in a Windows pod.
        if security.base_image_windows {
            return;
        }
        let who = container.described();
        let field = container.spell("allowPrivilegeEscalation: false");
        let implied = if security.is_privileged() {
            Some(format!("`{}`", container.spell("privileged: true")))
        } else {
            security
                .capabilities_add
                .iter()
                .find(|c| {
                    c.value
                        .trim_start_matches("CAP_")
                        .eq_ignore_ascii_case("SYS_ADMIN")
                })
                .map(|cap| format!("capability `{}`", cap.value))
        };
        let then = match &implied {
            Some(cause) => format!(
                "; it also has {cause}, which allows escalation whatever the field says: remove \
                 it first (the API refuses `{field}` beside it)"
            ),
            None => String::new(),
        };
        let (span, message) = match &security.allow_privilege_escalation {
            Some(allow) if !allow.value => return,
            None if container.is_fragment() => return,
            Some(allow) => (
                allow.span,
                format!(
                    "{who} allows privilege escalation: a process in it can gain root through \
                     setuid binaries or file capabilities; set `{field}`{then}"
                ),
            ),
            None => (
                container.span,
                format!(
                    "{who} does not set `{field}`: a process in it can gain privileges through \
                     setuid binaries or file capabilities; {}{then}",
                    match container.origin {
                        Origin::Compose => "add it to the service".to_string(),
                        _ => format!(
                            "set it in the container's `{}`",
                            container.spell("securityContext")
                        ),
                    }
                ),
            ),
        };
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
