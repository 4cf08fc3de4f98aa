//! The containers that one written setting applies to. A pod's setting
//! applies to each of its containers, and a Compose anchor merged into
//! several services (`<<: *defaults`) puts one written setting into each of
//! them: a rule reports such a setting once, at its place, naming every
//! container it applies to, rather than once per container at one line.

use std::hash::Hash;

use crate::FastMap;
use crate::model::{Container, Origin};
use crate::source::Span;

/// The containers one setting applies to, in the order they are declared;
/// never empty.
pub struct Holders<'a>(Vec<&'a Container>);

impl<'a> Holders<'a> {
    /// The first of them, whose object and place a finding carries.
    pub fn first(&self) -> &'a Container {
        self.0[0]
    }

    pub fn is_many(&self) -> bool {
        self.0.len() > 1
    }

    /// How a message names them as its subject: `service `db`` for one,
    /// `the services (`a`, `b`)`, `the pod's containers (`web`, `proxy`)`
    /// for several.
    pub fn subject(&self) -> String {
        if self.is_many() {
            format!("{} {}", self.collective(), self.listed())
        } else {
            self.first().described()
        }
    }

    /// What they are together, before their names: `the services`, `the
    /// pod's containers`; a single Compose service's is `the service's
    /// containers` (its replicas).
    pub fn collective(&self) -> &'static str {
        let first = self.first();
        match first.origin {
            Origin::Compose if self.is_many() => "the services",
            Origin::Compose => "the service's containers",
            Origin::EcsTask => "the task's containers",
            // A YAML alias can repeat one setting in several pods.
            _ if self.0.iter().any(|c| pod_of(c) != pod_of(first)) => "the containers",
            _ => "the pod's containers",
        }
    }

    /// Their names in parentheses: `(`a`, `b`)`.
    pub fn listed(&self) -> String {
        let names: Vec<String> = self.0.iter().map(|c| c.listed()).collect();
        format!("({})", names.join(", "))
    }

    /// A message written for them: `{subject}`, the pronouns `{it}`,
    /// `{its}`, `{they}`, and the verb endings `{s}`, `{is}`, `{has}` take
    /// the form that agrees with one container or several ("{subject}
    /// run{s} privileged: {they} get{s} every capability").
    pub fn say(&self, template: &str) -> String {
        let many = self.is_many();
        let mut said = String::with_capacity(template.len() + 16);
        let mut rest = template;
        // One pass: a rule's message is built for each of its findings.
        while let Some(open) = rest.find('{') {
            said.push_str(&rest[..open]);
            rest = &rest[open..];
            let mark = if rest.starts_with("{subject}") {
                said.push_str(&self.subject());
                "{subject}"
            } else if let Some(&(mark, one, several)) =
                MARKS.iter().find(|(mark, ..)| rest.starts_with(mark))
            {
                said.push_str(if many { several } else { one });
                mark
            } else {
                said.push('{');
                "{"
            };
            rest = &rest[mark.len()..];
        }
        said.push_str(rest);
        said
    }
}

/// The marks of [`Holders::say`] with their forms for one container and
/// for several.
const MARKS: [(&str, &str, &str); 6] = [
    ("{it}", "it", "them"),
    ("{its}", "its", "their"),
    ("{they}", "it", "they"),
    ("{s}", "s", ""),
    ("{is}", "is", "are"),
    ("{has}", "has", "have"),
];

/// The pod a container's place lies in: `Deployment/default/api` of
/// `Deployment/default/api/containers/web`.
fn pod_of(container: &Container) -> &str {
    container
        .place
        .rsplitn(3, '/')
        .nth(2)
        .unwrap_or(&container.place)
}

/// Groups containers by what they share, in the order first seen: `key` is
/// the setting's span, with whatever else decides the finding's text.
pub fn group<'a, K: Hash + Eq + Clone>(
    pairs: impl IntoIterator<Item = (K, &'a Container)>,
) -> Vec<(K, Holders<'a>)> {
    let mut groups: Vec<(K, Holders<'a>)> = Vec::new();
    let mut index: FastMap<K, usize> = FastMap::default();
    for (key, container) in pairs {
        match index.get(&key) {
            Some(&at) => groups[at].1.0.push(container),
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, Holders(vec![container])));
            }
        }
    }
    groups
}

/// For a rule that judges one container at a time: the containers of
/// `containers` whose setting (`span_of`) is written at `container`'s, when
/// `container` is the first of them; `None` for the others, whose finding
/// the first one's already is.
pub fn sharing<'a>(
    containers: &'a [Container],
    container: &Container,
    span_of: impl Fn(&Container) -> Option<Span>,
) -> Option<Holders<'a>> {
    let span = span_of(container);
    let holders: Vec<&Container> = containers
        .iter()
        .filter(|c| span.is_some() && span_of(c) == span)
        .collect();
    let first = holders.first()?;
    (first.place == container.place).then_some(Holders(holders))
}
