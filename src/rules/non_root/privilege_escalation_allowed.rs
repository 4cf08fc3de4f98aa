//! `privilege-escalation-allowed`: a Kubernetes container that does not set
//! `allowPrivilegeEscalation: false`. Unless it is false, the kernel's
//! `no_new_privs` flag stays off and a process can gain privileges through
//! setuid binaries or file capabilities (`sudo`, `su`, `ping` on old images).
//!
//! `privileged: true` and `CAP_SYS_ADMIN` imply escalation whatever the field
//! says (the API rejects `false` beside them), so then the finding points at
//! them and asks to remove them instead.

use crate::model::{Container, Origin};
use crate::rules::{Context, Rule};

pub struct PrivilegeEscalationAllowed;

pub static PRIVILEGE_ESCALATION_ALLOWED: PrivilegeEscalationAllowed = PrivilegeEscalationAllowed;

impl Rule for PrivilegeEscalationAllowed {
    fn id(&self) -> &'static str {
        "privilege-escalation-allowed"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        if container.origin != Origin::Kubernetes {
            return;
        }
        let security = &container.security;
        let who = container.described();
        let sys_admin = security.capabilities_add.iter().find(|c| {
            c.value
                .trim_start_matches("CAP_")
                .eq_ignore_ascii_case("SYS_ADMIN")
        });
        let (span, message) = if let Some(privileged) =
            security.privileged.as_ref().filter(|p| p.value)
        {
            (
                privileged.span,
                format!(
                    "{who} runs privileged, which always allows privilege escalation: remove \
                     `privileged: true`, then set `allowPrivilegeEscalation: false`"
                ),
            )
        } else if let Some(cap) = sys_admin {
            (
                cap.span,
                format!(
                    "{who} adds `{}`, which always allows privilege escalation: drop the \
                     capability, then set `allowPrivilegeEscalation: false`",
                    cap.value
                ),
            )
        } else {
            match &security.allow_privilege_escalation {
                Some(allow) if !allow.value => return,
                None if container.is_fragment() => return,
                Some(allow) => (
                    allow.span,
                    format!(
                        "{who} allows privilege escalation: a process in it can gain root through \
                         setuid binaries or file capabilities; set \
                         `allowPrivilegeEscalation: false`"
                    ),
                ),
                None => (
                    container.span,
                    format!(
                        "{who} does not set `allowPrivilegeEscalation: false`: a process in it can \
                         gain privileges through setuid binaries or file capabilities; set it in \
                         the container's securityContext"
                    ),
                ),
            }
        };
        cx.report(span, message)
            .object(container.object.clone())
            .place(container.place.clone());
    }
}
