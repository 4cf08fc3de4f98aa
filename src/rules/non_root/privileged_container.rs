//! `privileged-container`: `privileged: true`. A privileged container has
//! every capability, the host's devices and no seccomp or AppArmor
//! confinement: root in it is root on the node, and escaping takes one
//! `mount`. It also implies privilege escalation, which the API then refuses
//! to turn off.

use crate::model::Container;
use crate::rules::{Context, Rule};

pub struct PrivilegedContainer;

pub static PRIVILEGED_CONTAINER: PrivilegedContainer = PrivilegedContainer;

impl Rule for PrivilegedContainer {
    fn id(&self) -> &'static str {
        "privileged-container"
    }

    fn check_container(&self, container: &Container, cx: &mut Context<'_>) {
        let Some(privileged) = container.security.privileged.as_ref().filter(|p| p.value) else {
            return;
        };
        cx.report(
            privileged.span,
            format!(
                "{} runs privileged: it gets every capability and the node's devices, so whoever \
                 controls it controls the node; remove `privileged: true` and add only the \
                 capabilities it needs",
                container.described()
            ),
        )
        .object(container.object.clone())
        .place(container.place.clone());
    }
}
