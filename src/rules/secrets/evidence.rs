//! How sure a finding is that a value is a real, working credential, and
//! the severity that follows. Every secrets rule grades its findings here,
//! so the same literal gets the same severity whatever the format or rule
//! that found it: the evidence decides, not where the file sits.

use crate::finding::{Confidence, Severity};
use crate::model::{Setting, SettingContext};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evidence {
    /// A token of a known format, or a random-looking literal under a
    /// credential's name: a secret someone can use.
    Credential,
    /// A literal under a credential's name that could also be a stand-in
    /// (short, or of few distinct characters), or a credential-shaped value
    /// (`user:password`, `Bearer ...`) under a name that often is none.
    LikelyCredential,
    /// A documented example of a real format (`AKIAIOSFODNN7EXAMPLE`) where
    /// a credential goes: it cannot authenticate, but the configuration is
    /// built to hold a key.
    ExampleInCredentialPlace,
    /// A well-known default (`postgres`, `changeme`, `root`) that anyone
    /// can guess: what throwaway service containers and local stacks use.
    GuessableDefault,
    /// A literal under a name that is often not a credential (`auth:
    /// sso-v2`): worth a look, no more.
    Unclear,
    /// A literal credential of a service container that a CI job starts
    /// for itself and discards with it (a test database): it guards
    /// nothing outside the job, unless the same value is used elsewhere.
    ThrowawayService,
}

impl Evidence {
    pub fn severity(self) -> Severity {
        match self {
            Evidence::Credential | Evidence::LikelyCredential => Severity::Error,
            Evidence::ExampleInCredentialPlace => Severity::Warning,
            Evidence::GuessableDefault | Evidence::Unclear | Evidence::ThrowawayService => {
                Severity::Note
            }
        }
    }

    pub fn confidence(self) -> Confidence {
        match self {
            Evidence::Credential => Confidence::High,
            Evidence::LikelyCredential
            | Evidence::ExampleInCredentialPlace
            | Evidence::GuessableDefault
            | Evidence::ThrowawayService => Confidence::Medium,
            Evidence::Unclear => Confidence::Low,
        }
    }
}

/// The object of a GitLab pipeline's own `variables`, which every job and
/// its services are given.
pub const PIPELINE_VARIABLES: &str = "variables";

/// `job test` of a setting's object (`job test service postgres`, `job
/// test variables`, a workflow step's `job test step 3 (Run tests)`).
pub fn job_of(object: &str) -> &str {
    let step = object
        .match_indices(" step ")
        .find(|(at, cut)| object[at + cut.len()..].starts_with(|c: char| c.is_ascii_digit()));
    [" service ", " variables"]
        .iter()
        .filter_map(|cut| object.find(cut))
        .chain(step.map(|(at, _)| at))
        .min()
        .map_or(object, |end| &object[..end])
}

/// Whether `secret`, written in `object`, is a literal that a service
/// container of the same job is given (`DB_PASSWORD: iwpass` and
/// `postgres://iwuser:iwpass@postgres/db` beside `POSTGRES_PASSWORD: iwpass`
/// of `services: [postgres]`): the job's own way into the throwaway service
/// it starts, as throwaway as the service's copy. A pipeline's own
/// variables configure the services of every job.
pub fn opens_own_service(secret: &str, object: &str, settings: &[Setting]) -> bool {
    let job = job_of(object);
    let started_here = |object: &str| {
        let starter = job_of(object);
        starter == job || starter == PIPELINE_VARIABLES
    };
    settings.iter().any(|service| {
        service.literal
            && service.context == SettingContext::ServiceContainerEnv
            && service.value.value == secret
            && started_here(&service.object)
    })
}
