//! `hardcoded-secret`: a setting whose name denotes a credential (`password`,
//! `api_key`, `client_secret` ...) bound to a literal value: Dockerfile ENV
//! and ARG defaults, Kubernetes env values and ConfigMap data, workflow
//! env/with, Compose environments, committed dotenv files, Terraform
//! attributes, variable defaults, provider blocks and variables files
//! (`terraform.tfvars`, `prod.tfvars`), where the value of a variable the
//! module declares `sensitive` is a secret whatever its name.
//!
//! The name decides whether a value is a credential ([`super::names`]); the
//! value decides whether it is written out ([`super::values`]): references,
//! placeholders, paths and secret-store addresses never are. Entropy only
//! breaks ties for names that are often not credentials (`auth`). A value
//! holding a token of a known format is left to `secret-token`, and a
//! committed Kubernetes Secret to `committed-kubernetes-secret`, so that one
//! secret gives one finding.
//!
//! A value that holds a file, a script or a connection string (a ConfigMap's
//! `application.properties`, a `user_data` heredoc, `Server=...;Password=...`,
//! `-Ddb.password=...` in `JAVA_OPTS`) is judged by the settings written in
//! it, each reported where its value is written.
//!
//! A Terraform reference resolved to a literal (`password = var.bootstrap`,
//! whose default is declared in a sibling file) is judged under the name it
//! is used as, and reported where it is used, unless the declaration's own
//! name already makes it a secret: then the declaration is the one finding.

use super::evidence::{self, Evidence, PIPELINE_VARIABLES, job_of};
use super::names::{self, Strength};
use super::values::{self, Value};
use super::{command_line, docker_login_password, tokens};
use crate::FastSet;
use crate::finding::{Applicability, Confidence, Edit, Fix, redact};
use crate::memo::Memo;
use crate::model::{Command, Container, Pipeline, Resolution, Setting, SettingContext};
use crate::rules::fixes::newline;
use crate::rules::holders::{Holders, group};
use crate::rules::{Context, Rule};
use crate::source::{Format, SourceFile, Span, Spanned};

pub struct HardcodedSecret;

pub static HARDCODED_SECRET: HardcodedSecret = HardcodedSecret;

impl Rule for HardcodedSecret {
    fn id(&self) -> &'static str {
        "hardcoded-secret"
    }

    /// A value of a known token format is `secret-token`'s, which says what
    /// the token is and how to revoke it.
    fn subsumed_by(&self) -> &'static [&'static str] {
        &["secret-token"]
    }

    fn check_file(&self, cx: &mut Context<'_>) {
        let model = cx.model;
        // A setting that YAML merge keys (`<<: *env`) copy into several
        // services is written once: one finding, for the first of them,
        // naming them all. Kept only once reported: most settings report
        // nothing, and an empty set answers without hashing.
        let merged = merged_into_services(cx);
        let mut reported = FastSet::<(Span, Span)>::default();
        for setting in &model.settings {
            let spans = (setting.key.span, setting.value.span);
            // A setting another file of a GitLab pipeline wrote is that
            // file's to report: its findings lie in its value, past this
            // file's end.
            if (cx.file.reports(spans.0) || cx.file.reports(spans.1)) && !reported.contains(&spans)
            {
                let before = cx.reported();
                let holders = merged.iter().find(|(at, _)| *at == spans);
                let owner = holders.map(|(_, holders)| holders.subject());
                check(setting, owner.as_deref().unwrap_or(&setting.object), cx);
                if cx.reported() > before {
                    reported.insert(spans);
                }
            }
        }
        // Commands that an alias (`healthcheck: *health`) gives several
        // services are written once, like merged settings.
        let mut judged_lines = FastSet::<Span>::default();
        for lines in &model.command_lines {
            if judged_lines.insert(lines.span) {
                check_commands(&lines.commands, &lines.object, &lines.object, None, cx);
            }
        }
    }

    fn check_pipeline(&self, pipeline: &Pipeline, cx: &mut Context<'_>) {
        let mut judged = Judged::default();
        for job in &pipeline.jobs {
            for (index, step) in job.steps.iter().enumerate() {
                let Some(run) = &step.run else {
                    continue;
                };
                // A step that another file of a GitLab pipeline wrote is
                // that file's to report: its findings here would be dropped.
                let commands = run.commands.iter().chain(&run.heredoc_commands);
                if !commands.clone().any(|c| written_in(cx.file, c)) {
                    continue;
                }
                let object = match &step.name {
                    Some(name) => format!("job `{}` step `{}`", job.id.value, name.value),
                    None => format!("job `{}` step {}", job.id.value, index + 1),
                };
                let place = format!("{}/jobs/{}/steps/{index}", pipeline.name, job.id.value);
                for commands in [&run.commands, &run.heredoc_commands] {
                    check_commands(commands, &object, &place, Some(&mut judged), cx);
                }
            }
        }
    }
}

/// The Compose settings that merge keys copy into several services, by the
/// spans of their key and value, with those services.
fn merged_into_services<'m>(cx: &Context<'m>) -> Vec<((Span, Span), Holders<'m>)> {
    let model = cx.model;
    let service_settings = model.settings.iter().filter(|setting| {
        matches!(
            setting.context,
            SettingContext::ComposeEnv | SettingContext::ComposeBuildArg
        )
    });
    let mut merged = group(service_settings.filter_map(|setting| {
        let service = model
            .containers
            .iter()
            .find(|c| c.object == setting.object)?;
        Some(((setting.key.span, setting.value.span), service))
    }));
    merged.retain(|(_, holders)| holders.is_many());
    merged
}

/// The credentials judged on each command of a pipeline so far, by the
/// spans of the command and its feeder: the jobs that extend one template
/// all run its commands, and judging them again for each job was a third
/// of this rule's time on GitLab pipelines. What a job's object names (a
/// job, never a secret store's resource) does not change the judgement.
type Judged<'p> = Memo<(Span, Option<Span>), (&'p Command, Option<&'p Command>), Vec<Given>>;

/// A credential given on a command line, as judged.
struct Given {
    label: String,
    key: String,
    /// Where the value is written: the default of `${PW:-s3cret}` alone.
    span: Span,
    what: String,
    evidence: Evidence,
}

/// Reports the literal credentials given on command lines. In a pipeline
/// (`judged` given, to share across its jobs), registry logins are
/// `docker-login-password`'s.
fn check_commands<'p>(
    commands: &'p [Command],
    object: &str,
    place: &str,
    mut judged: Option<&mut Judged<'p>>,
    cx: &mut Context<'_>,
) {
    let pipeline = judged.is_some();
    for (at, command) in commands.iter().enumerate() {
        if pipeline && docker_login_password::login_position(command).is_some() {
            continue;
        }
        let feeder = at
            .checked_sub(1)
            .filter(|_| command.piped)
            .map(|p| &commands[p]);
        if !written_in(cx.file, command) && !feeder.is_some_and(|f| written_in(cx.file, f)) {
            continue;
        }
        let file = cx.file;
        let mut report = |given: &Vec<Given>| {
            for given in given {
                let message = format!(
                    "`{}` is given {} in a command run by {object}: {}",
                    given.label,
                    given.what,
                    command_advice(file.format)
                );
                cx.report(given.span, message)
                    .secret(given.span)
                    .severity(given.evidence.severity())
                    .confidence(given.evidence.confidence())
                    .object(object.to_string())
                    .place(format!("{place}/{}", given.key));
            }
        };
        let derive = || given(file, command, feeder, object);
        match judged.as_deref_mut() {
            Some(judged) => judged.with(
                (command.span, feeder.map(|f| f.span)),
                (command, feeder),
                derive,
                report,
            ),
            None => report(&derive()),
        }
    }
}

/// The credentials `command` (fed by `feeder`, run by `object`) is given
/// literally.
fn given(
    file: &SourceFile,
    command: &Command,
    feeder: Option<&Command>,
    object: &str,
) -> Vec<Given> {
    let mut out = Vec::new();
    for mut argument in command_line::arguments(file, command, feeder) {
        // `${PW:-s3cret}`: the literal default is what is committed.
        if let Some((_, offset, default)) = values::fallback(&argument.value) {
            let verbatim = file.slice(argument.span) == argument.value;
            if verbatim {
                let start = argument.span.start + offset;
                argument.span = Span::new(start, start + default.len());
            }
            argument.value = default.to_string();
        }
        if is_keyword(&argument.value) {
            continue;
        }
        let setting = Setting {
            context: SettingContext::Other,
            object: object.to_string(),
            key: Spanned::new(argument.key.clone(), argument.span),
            value: Spanned::new(argument.value.clone(), argument.span),
            literal: true,
            in_list: false,
        };
        let Some(evidence) = judge(&setting) else {
            continue;
        };
        out.push(Given {
            what: what(&setting, evidence),
            label: argument.label,
            key: argument.key,
            span: argument.span,
            evidence,
        });
    }
    out
}

/// Whether a word of `command` is written in `file`: an argument's span
/// lies inside its word, so a command written wholly past the file's end
/// (by another file of its pipeline) gives no finding the file reports.
fn written_in(file: &SourceFile, command: &Command) -> bool {
    command
        .words
        .iter()
        .chain(&command.assignments)
        .any(|word| file.reports(word.span) || file.reports(word.inner))
}

/// What to do instead of a credential on a command line, per format.
fn command_advice(format: Format) -> &'static str {
    match format {
        Format::Dockerfile => {
            "it stays in the Dockerfile and the image history; use a BuildKit secret mount \
             (`RUN --mount=type=secret,id=...`) and read it from the file"
        }
        Format::GithubWorkflow | Format::GithubAction => {
            "it is committed with the workflow and visible to every process on the runner; \
             store it as a secret and pass it through `env:` from `${{ secrets.NAME }}`"
        }
        Format::GitlabCi => {
            "it is committed with the pipeline and visible to every process on the runner; \
             define it as a masked CI/CD variable and write `$NAME` in the command"
        }
        Format::Kubernetes => {
            "anyone who can read the manifest or the pod spec sees it; put it in an env var \
             from `valueFrom.secretKeyRef` and write `$(VAR)` in the arguments"
        }
        Format::Compose => {
            "anyone who can read the repository sees it; write `$${VAR}` in the command and set \
             VAR from the environment or an `env_file` kept out of the repository"
        }
        _ => {
            "it is committed and shows in plan output; pass it from a `sensitive` variable \
             or read it from a secret store"
        }
    }
}

/// `owner` names the containers the setting is given to, as a Compose
/// setting's message names them.
fn check(setting: &Setting, owner: &str, cx: &mut Context<'_>) {
    if setting.context == SettingContext::SecretData {
        return;
    }
    // A value that holds a file, a script or a connection string is judged
    // by the settings inside it; under a secret's own name, as a whole only
    // when none of them is one.
    let name = names::secret_name(&setting.key.value);
    let document = holds_document(&setting.value.value);
    // A script the adapter split into commands is judged as commands.
    let script = cx
        .model
        .command_lines
        .iter()
        .any(|lines| lines.span.contains(setting.value.span));
    if (name.is_none() || document) && !script && check_document(setting, cx) {
        return;
    }
    if document && name.as_ref().is_some_and(|n| n.strength == Strength::Weak) {
        return;
    }
    if !setting.literal {
        // A document's settings were judged one by one; its literal part
        // around them is key names and punctuation, not one secret.
        if !check_fallback(setting, cx) && !document {
            check_literal_part(setting, cx);
        }
        return;
    }
    let Some(evidence) = judge_named(setting, name) else {
        return;
    };
    let evidence = match evidence {
        Evidence::Credential | Evidence::LikelyCredential
            if setting.context == SettingContext::ServiceContainerEnv
                || evidence::opens_own_service(
                    &setting.value.value,
                    &setting.object,
                    &cx.model.settings,
                ) =>
        {
            Evidence::ThrowawayService
        }
        // `POSTGRES_USER: airflow` beside `POSTGRES_PASSWORD: airflow`: the
        // first guess anyone makes, as `user:user@` in a URL is.
        Evidence::Credential | Evidence::LikelyCredential
            if guessed_from_user_beside(setting, &cx.model.settings)
                || named_after_object(setting, &cx.model.containers)
                || guessed_under_another_name(setting, &cx.model.settings) =>
        {
            Evidence::GuessableDefault
        }
        evidence => evidence,
    };
    let resolved = cx.model.resolution_at(setting.value.span);
    let message = match resolved {
        Some(resolved) if declared_as_secret(setting, resolved) => return,
        Some(resolved) => format!(
            "`{}` is set to {} through `{}`: it is committed where it is declared and shows in \
             plan output; remove it there and supply the value when applying or from a secret \
             store",
            setting.key.value,
            what(setting, evidence),
            resolved.name
        ),
        None => message(setting, owner, evidence, cx.file.format),
    };
    let span = values::unquoted_span(cx.file, setting.value.span);
    // A throwaway service's password moved to a secret on the job's side
    // alone would no longer open the service, whose copy stays literal.
    let fix = (resolved.is_none() && evidence != Evidence::ThrowawayService)
        .then(|| secret_reference(setting, span, cx))
        .flatten();
    let finding = cx
        .report(span, message)
        .secret(span)
        .severity(evidence.severity())
        .confidence(evidence.confidence())
        .object(setting.object.clone())
        .place(format!("{}/{}", setting.object, setting.key.value));
    if let Some(fix) = fix {
        finding.fix(fix);
    }
}

/// Whether a user name set beside the secret (in the same object) is the
/// same word, or the word it abbreviates (Debezium's examples give user
/// `debezium` the password `dbz`).
fn guessed_from_user_beside(secret: &Setting, settings: &[Setting]) -> bool {
    const USER: &[&str] = &["user", "username", "login"];
    let password = secret.value.value.trim().to_ascii_lowercase();
    settings.iter().any(|other| {
        let user = other.value.value.trim().to_ascii_lowercase();
        other.literal
            && other.object == secret.object
            && (user == password || abbreviates(&password, &user))
            && names::words(&other.key.value)
                .last()
                .is_some_and(|word| USER.contains(&word.as_str()))
    })
}

/// Whether the same password, set in the same object under another
/// secret's name, is a guess there (`POSTGRES_PASSWORD: Pg1234` beside
/// `DB_PASSWORD: Pg1234`): one password, as easy to guess under either
/// name.
fn guessed_under_another_name(secret: &Setting, settings: &[Setting]) -> bool {
    settings.iter().any(|other| {
        other.literal
            && other.object == secret.object
            && other.key.value != secret.key.value
            && other.value.value == secret.value.value
            && names::secret_name(&other.key.value).is_some_and(|name| {
                values::classify(&other.value.value, &name.words) == Value::WeakDefault
            })
    })
}

/// Whether `short` abbreviates `word`: at least two of its letters, the
/// first among them, in their order (`dbz` of `debezium`, `pg` of
/// `postgres`).
fn abbreviates(short: &str, word: &str) -> bool {
    let mut letters = word.chars();
    short.len() >= 2
        && short.len() < word.len()
        && short.chars().next() == word.chars().next()
        && short.chars().all(|c| letters.any(|l| l == c))
}

/// Whether the secret is named after what holds it (`GF_SECURITY_ADMIN_PASSWORD:
/// grafana` in service grafana, `POSTGRES_PASSWORD: orderpw` in service
/// order-db) or after the image that runs it (`DB_PASSWORD: mongopwd` in a
/// service of `mongo:7`): a guess as near as its own variable's name.
fn named_after_object(secret: &Setting, containers: &[Container]) -> bool {
    let guessed_from = |name: &str| {
        values::classify(&secret.value.value, &names::words(name)) == Value::WeakDefault
    };
    // The image's own name, without the registry, owner and tag around it.
    let image = containers
        .iter()
        .find(|container| container.object == secret.object)
        .and_then(|container| container.image.as_ref())
        .and_then(|image| image.value.rsplit('/').next())
        .and_then(|last| last.split([':', '@']).next());
    guessed_from(&secret.object) || image.is_some_and(guessed_from)
}

/// The literal replaced by a reference to where secrets belong, where the
/// file's format has one: a workflow's secrets, a Terraform variable.
fn secret_reference(setting: &Setting, span: Span, cx: &Context<'_>) -> Option<Fix> {
    if cx.file.slice(setting.value.span).contains('\n') {
        return None;
    }
    match setting.context {
        SettingContext::WorkflowEnv | SettingContext::WorkflowWith => {
            workflow_secret_reference(setting, span)
        }
        SettingContext::KubernetesEnv => secret_key_reference(setting, cx),
        SettingContext::TerraformAttribute | SettingContext::TerraformProvider
            if cx.file.format == Format::Terraform =>
        {
            terraform_variable_reference(setting, cx)
        }
        _ => None,
    }
}

/// A container's literal env value replaced by a `secretKeyRef` to the key
/// of the same name in the Secret `<workload>-secrets`. Unsafe: the pod does
/// not start until that Secret holds the key.
fn secret_key_reference(setting: &Setting, cx: &Context<'_>) -> Option<Fix> {
    let point = cx.model.insertion_point(setting.value.span, "valueFrom")?;
    // `Deployment/api container web`: the workload's name.
    let workload = setting.object.split_once('/')?.1.split(' ').next()?;
    let secret = format!("{}-secrets", identifier(workload).to_ascii_lowercase()).replace('_', "-");
    let key = &setting.key.value;
    let valid_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid_key || !secret.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(Fix::new(
        Applicability::Unsafe,
        format!(
            "read `{key}` from key `{key}` of Secret `{secret}` (create it first, e.g. \
             `kubectl create secret generic {secret} --from-literal={key}=...`, and rotate \
             the value: it is in the history)"
        ),
        vec![Edit::replace(
            Span::new(point.at, setting.value.span.end),
            format!("valueFrom: {{secretKeyRef: {{name: {secret}, key: {key}}}}}"),
        )],
    ))
}

/// A Terraform literal replaced by `var.NAME`, with `variable "NAME"`
/// declared `sensitive` at the end of the file (unless the file declares
/// it already); NAME is the object's type without its provider, its name
/// and the key (`db_instance_app_password` for `password` of
/// `aws_db_instance.app`): two resources of one name (`example`) get two
/// variables, and one the module declares elsewhere (`db_password` in
/// `variables.tf`) is not declared again.
/// Unsafe: every use of the module must now give the value.
fn terraform_variable_reference(setting: &Setting, cx: &Context<'_>) -> Option<Fix> {
    // The items of a list share its key: one variable for each would give
    // them all one value.
    if setting.in_list {
        return None;
    }
    let key = &setting.key.value;
    let mut parts = setting.object.rsplitn(2, '.');
    let object = parts.next().unwrap_or("");
    // `aws_db_instance`, `data.aws_secretsmanager_secret`: the type, as
    // `db_instance`; blocks without one (`provider.aws`) have none.
    let kind = parts
        .next()
        .and_then(|kind| kind.rsplit(['.', ' ']).next())
        .and_then(|kind| kind.split_once('_'))
        .map(|(_, kind)| kind);
    // An output is named by its key already.
    let qualified = match kind {
        _ if object == key => key.clone(),
        Some(kind) => format!("{kind}_{object}_{key}"),
        None => format!("{object}_{key}"),
    };
    let name = identifier(&qualified).to_ascii_lowercase();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // A whole quoted HCL literal becomes the bare reference (`"${var.x}"`
    // alone is the interpolation Terraform 0.12 deprecated); inside other
    // text (a heredoc's JSON, an escaped JSON string) it is an interpolation.
    let edit = match whole_hcl_string(&cx.file.text, setting.value.span) {
        Some(quoted) => Edit::replace(quoted, format!("var.{name}")),
        None => Edit::replace(setting.value.span, format!("${{var.{name}}}")),
    };
    let mut edits = vec![edit];
    let declared = cx.file.text.contains(&format!("variable \"{name}\""));
    if !declared {
        let nl = newline(cx.file);
        let separator = if cx.file.text.ends_with('\n') || cx.file.text.is_empty() {
            nl.to_string()
        } else {
            format!("{nl}{nl}")
        };
        edits.push(Edit::insert(
            cx.file.text.len(),
            format!(
                "{separator}variable \"{name}\" {{{nl}  type      = string{nl}  sensitive = true{nl}}}{nl}"
            ),
        ));
    }
    Some(Fix::new(
        Applicability::Unsafe,
        format!(
            "read `{}` from the sensitive variable `{name}` and give its value when applying \
             (rotate it: it is in the history)",
            setting.key.value
        ),
        edits,
    ))
}

/// The span of the HCL string literal whose content is `content`, quotes
/// included: `None` when the content is not the whole of a quoted string
/// (an interpolated part), is a JSON string escaped inside one (`\"`), or
/// lies in a heredoc's body, where quotes are the document's.
fn whole_hcl_string(text: &str, content: Span) -> Option<Span> {
    let before = text.get(..content.start)?;
    let quoted = before.ends_with('"')
        && !before.ends_with("\\\"")
        && text.get(content.end..)?.starts_with('"');
    (quoted && !in_heredoc(before)).then(|| Span::new(content.start - 1, content.end + 1))
}

/// Whether the end of `before` lies in the body of a heredoc (`<<EOT` or
/// `<<-EOT` closing a line, until a line holding only `EOT`).
fn in_heredoc(before: &str) -> bool {
    let mut marker: Option<&str> = None;
    let mut lines = before.split('\n').peekable();
    while let Some(line) = lines.next() {
        // The line the content is on: a marker there opens after it.
        let last = lines.peek().is_none();
        match marker {
            Some(open) if !last && line.trim() == open => marker = None,
            Some(_) => {}
            None if last => {}
            None => {
                marker = line.rsplit_once("<<").and_then(|(_, rest)| {
                    let name = rest.trim_start_matches('-').trim_end();
                    let plain = !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    plain.then_some(name)
                });
            }
        }
    }
    marker.is_some()
}

/// `text` with every character but ASCII letters and digits made `_`, as
/// variable and secret names allow.
fn identifier(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// A workflow's literal `env:` or `with:` value replaced by a reference to
/// a repository secret named after its key (`api-key` reads
/// `secrets.API_KEY`). Unsafe: until someone stores the value under that
/// name, the reference is empty. Not for the defaults of a workflow's
/// inputs, where `secrets` is not available.
fn workflow_secret_reference(setting: &Setting, span: Span) -> Option<Fix> {
    if setting.object.ends_with(" inputs") {
        return None;
    }
    let name = identifier(setting.key.value.trim()).to_ascii_uppercase();
    // GitHub refuses secret names that start with a digit or `GITHUB_`.
    if name.is_empty()
        || name.starts_with(|c: char| c.is_ascii_digit())
        || name.starts_with("GITHUB_")
    {
        return None;
    }
    Some(Fix::new(
        Applicability::Unsafe,
        format!(
            "read `{}` from the repository secret `{name}` (store the value there first, and \
             rotate it: it is in the history)",
            setting.key.value
        ),
        vec![Edit::replace(span, format!("${{{{ secrets.{name} }}}}"))],
    ))
}

/// A value that expands a variable with a literal default
/// (`${DB_PASS:-s3cret}`): the default is committed, and is the value
/// whenever the variable is unset.
fn check_fallback(setting: &Setting, cx: &mut Context<'_>) -> bool {
    let value = setting.value.value.trim();
    let Some((variable, offset, default)) = values::fallback(value) else {
        return false;
    };
    let inner = Setting {
        value: Spanned::new(default.to_string(), setting.value.span),
        literal: true,
        ..setting.clone()
    };
    let Some(evidence) = judge(&inner) else {
        return true;
    };
    let raw = cx.file.slice(setting.value.span);
    let span = match raw.find(value) {
        Some(at) => {
            let start = setting.value.span.start + at + offset;
            Span::new(start, start + default.len())
        }
        None => setting.value.span,
    };
    let message = format!(
        "`{}` falls back to {} when `{variable}` is unset: {}",
        setting.key.value,
        what(&inner, evidence),
        advice(setting.context, &setting.key.value)
    );
    // Whether the variable is set where it runs is unknown: no more than
    // likely.
    cx.report(span, message)
        .secret(span)
        .severity(evidence.severity())
        .confidence(evidence.confidence().min(Confidence::Medium))
        .object(setting.object.clone())
        .place(format!("{}/{}", setting.object, setting.key.value));
    true
}

/// A value that interpolates but writes a secret-sized random literal
/// around the interpolation (`"Xr4-pL9q!Zt2${var.suffix}"`, a Django key
/// with a `$` BuildKit expands): the literal part is committed whatever
/// the rest expands to.
fn check_literal_part(setting: &Setting, cx: &mut Context<'_>) {
    let Some(name) = names::secret_name(&setting.key.value) else {
        return;
    };
    let part = values::literal_part(&setting.value.value);
    let part = part.trim();
    let random = matches!(
        values::classify(part, &name.words),
        Value::Literal { entropy } if entropy >= 3.0
    );
    if name.strength != Strength::Strong
        || part.chars().count() < 12
        || part.contains(char::is_whitespace)
        || !random
        || !tokens::scan(part).is_empty()
    {
        return;
    }
    let span = values::unquoted_span(cx.file, setting.value.span);
    let message = format!(
        "`{}` is set to a value with a literal secret part (`{}`) around its \
         interpolations: {}",
        setting.key.value,
        redact(part),
        advice(setting.context, &setting.key.value)
    );
    let evidence = Evidence::LikelyCredential;
    cx.report(span, message)
        .secret(span)
        .severity(evidence.severity())
        .confidence(evidence.confidence())
        .object(setting.object.clone())
        .place(format!("{}/{}", setting.object, setting.key.value));
}

/// Whether a value is a document (a file, a script, a JSON object) rather
/// than a single value.
fn holds_document(value: &str) -> bool {
    let value = value.trim();
    value.contains('\n') || value.starts_with(['{', '['])
}

/// Reports the secrets written inside a value's text (`password=...` in an
/// `application.properties`, `export TOKEN=...` in a script, `Password=...;`
/// in a connection string); whether there were any.
fn check_document(setting: &Setting, cx: &mut Context<'_>) -> bool {
    let text = setting.value.value.as_str();
    // Without a separator or a second line, a value holds no pairs; without
    // a piece of a secret name, none that names a secret.
    if !text.contains(['=', ':', '\n']) || !names::may_be_secret(text) {
        return false;
    }
    let raw = cx.file.slice(setting.value.span);
    let mut found = false;
    for pair in values::pairs(text) {
        let (key, value) = (&text[pair.key], &text[pair.value]);
        // Four words or more are prose (`Pass: Skips all further rules`).
        if names::secret_name(key).is_none() || value.split_whitespace().nth(3).is_some() {
            continue;
        }
        if is_keyword(value) {
            continue;
        }
        let inner = Setting {
            key: Spanned::new(key.to_string(), setting.key.span),
            value: Spanned::new(value.to_string(), setting.value.span),
            literal: true,
            ..setting.clone()
        };
        let Some(evidence) = judge(&inner) else {
            continue;
        };
        let span = locate(raw, setting.value.span, key, value)
            .unwrap_or_else(|| values::unquoted_span(cx.file, setting.value.span));
        cx.report(span, document_message(setting, &inner, evidence))
            .secret(span)
            .severity(evidence.severity())
            .confidence(evidence.confidence())
            .object(setting.object.clone())
            .place(format!("{}/{}/{key}", setting.object, setting.key.value));
        found = true;
    }
    found
}

/// Where `value`, written after `key`, is in the raw text of a setting's
/// value (which may be indented, quoted or escaped where the decoded text is
/// not); `None` when it is not written verbatim.
fn locate(raw: &str, span: Span, key: &str, value: &str) -> Option<Span> {
    if value.is_empty() {
        return None;
    }
    let after_key = raw.find(key).map_or(0, |at| at + key.len());
    let at = after_key + raw.get(after_key..)?.find(value)?;
    Some(Span::new(span.start + at, span.start + at + value.len()))
}

/// Whether a value resolved from a declaration (a Terraform variable
/// default, a local) is a secret under the declaration's own name too: then
/// it is reported there, where it is written and must be removed, and one
/// secret gives one finding.
fn declared_as_secret(setting: &Setting, resolved: &Resolution) -> bool {
    let declared = Setting {
        key: Spanned::new(resolved.key.clone(), setting.key.span),
        ..setting.clone()
    };
    judge(&declared).is_some()
}

/// Terraform resources that store a secret, and the argument that holds it:
/// whatever that argument is called, its value is the secret. (A Key Vault
/// secret's `value` is named after its `name` by the adapter, as for every
/// `name`/`value` pair; it is listed for the rare one without a `name`.)
const SECRET_STORE_VALUES: &[(&str, &str)] = &[
    ("github_actions_secret", "plaintext_value"),
    ("github_actions_environment_secret", "plaintext_value"),
    ("github_actions_organization_secret", "plaintext_value"),
    ("github_dependabot_secret", "plaintext_value"),
    ("github_dependabot_organization_secret", "plaintext_value"),
    ("github_codespaces_secret", "plaintext_value"),
    ("github_codespaces_organization_secret", "plaintext_value"),
    ("aws_secretsmanager_secret_version", "secret_string"),
    ("google_secret_manager_secret_version", "secret_data"),
    ("azurerm_key_vault_secret", "value"),
    ("vault_kv_secret", "data_json"),
    ("vault_kv_secret_v2", "data_json"),
    ("vault_generic_secret", "data_json"),
];

/// CloudFormation resource types that store a secret, and the property
/// that holds it.
const CLOUDFORMATION_SECRET_STORE_VALUES: &[(&str, &str)] =
    &[("AWS::SecretsManager::Secret", "SecretString")];

/// Whether a setting is a secret store's value (see [`SECRET_STORE_VALUES`]),
/// or the value of an input its module declares secret (a `NoEcho`
/// parameter's default, a `sensitive` variable's value in a variables file,
/// unless its name says it is a user name or an identifier).
fn is_secret_store_value(setting: &Setting) -> bool {
    let (kind, stores) = match setting.context {
        SettingContext::CloudFormationNoEchoDefault => return true,
        SettingContext::TerraformSensitiveVariableValue => {
            return names::sensitive_input_is_secret(&setting.key.value);
        }
        SettingContext::CloudFormationProperty => (
            setting.object.split('/').next(),
            CLOUDFORMATION_SECRET_STORE_VALUES,
        ),
        _ => (setting.object.split('.').next(), SECRET_STORE_VALUES),
    };
    let kind = kind.unwrap_or("");
    stores
        .iter()
        .any(|(resource, key)| *resource == kind && *key == setting.key.value)
}

/// How sure the setting makes us that its value is a working credential;
/// `None` when it is not one.
fn judge(setting: &Setting) -> Option<Evidence> {
    judge_named(setting, names::secret_name(&setting.key.value))
}

/// [`judge`], with what the setting's key names read already.
fn judge_named(setting: &Setting, name: Option<names::SecretName>) -> Option<Evidence> {
    if !setting.literal {
        return None;
    }
    let value = setting.value.value.as_str();
    let Some(name) = name.or_else(|| {
        is_secret_store_value(setting).then(|| names::SecretName {
            strength: Strength::Strong,
            words: names::words(&setting.key.value),
        })
    }) else {
        // `Bearer eyJ...` says what it is under any name (`AUTH_HEADER`).
        return values::is_http_credential(value).then_some(Evidence::LikelyCredential);
    };
    if !tokens::scan(value).is_empty() {
        return None;
    }
    // A field of an object often names where a secret is kept
    // (`secretKey: password`, `tokenKey: token`): only a value that could
    // not be such a name counts there.
    if setting.context == SettingContext::ManifestField && names_a_key(value) {
        return None;
    }
    // `secrets = ["env_key"]`, `auth: [admin, viewer]`: a list of the names
    // of secrets, keys or roles, not of their values.
    let listed_name = setting.in_list && names_a_key(value);
    if listed_name
        || values::list_items(value).is_some_and(|items| items.iter().all(|i| names_a_key(i)))
    {
        return None;
    }
    // The structure is the finding: a credential written in the
    // configuration, which the next commit fills with a working key.
    if values::is_aws_documentation_key(value) {
        return Some(Evidence::ExampleInCredentialPlace);
    }
    match (values::classify(value, &name.words), name.strength) {
        (Value::NotSecret(_), _) | (Value::WeakDefault, Strength::Weak) => None,
        (Value::WeakDefault, Strength::Strong) => Some(Evidence::GuessableDefault),
        (Value::Literal { entropy }, Strength::Strong) => {
            let clear = value.chars().count() >= 8 && entropy >= 2.5;
            Some(if clear {
                Evidence::Credential
            } else {
                Evidence::LikelyCredential
            })
        }
        (Value::Literal { entropy }, Strength::Weak) => {
            if is_auth_mode(value) {
                None
            } else if carries_credential(value, entropy) {
                Some(Evidence::LikelyCredential)
            } else {
                Some(Evidence::Unclear)
            }
        }
    }
}

/// A lower-case name (`password`, `api_key`, `prod/db-credentials`): a
/// key's, a variable's or an object's, as fields give them. Lower-case
/// letters and digits without separators (`hunter2`, a hex token) are not
/// read as one.
fn names_a_key(value: &str) -> bool {
    let value = value.trim();
    let separated = value.contains(['_', '-', '.', '/']);
    let digits = value.contains(|c: char| c.is_ascii_digit());
    value.starts_with(|c: char| c.is_ascii_lowercase())
        && value.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.' | '/')
        })
        && (separated || !digits)
}

/// Whether a value written inside a file or a command line under a
/// secret's name is a keyword of that file (nsswitch.conf's `passwd:
/// compat`, written by `echo 'passwd: files' >> /etc/nsswitch.conf`):
/// lower-case words without digits or symbols, and not a guessable default
/// password, which still is one.
fn is_keyword(value: &str) -> bool {
    let value = value.trim();
    !value.is_empty()
        && value.chars().all(|c| c.is_ascii_lowercase() || c == ' ')
        && !values::is_weak_default(value)
}

/// Values of `auth`-like settings that name a mechanism, not a credential.
fn is_auth_mode(value: &str) -> bool {
    const MODES: &[&str] = &[
        "basic",
        "bearer",
        "digest",
        "oauth",
        "oauth2",
        "jwt",
        "ntlm",
        "kerberos",
        "ldap",
        "saml",
        "oidc",
        "iam",
        "aws_iam",
        "anonymous",
        "trust",
        "md5",
        "scram-sha-256",
        "internal",
        "external",
        "password",
        "token",
        "none",
        "cert",
        "certificate",
        "tls",
        "mtls",
        "apikey",
        "api_key",
        "htpasswd",
        "github",
        "google",
        "azure",
        "aws",
        "gcp",
        "local",
        "static",
    ];
    MODES.contains(&value.trim().to_ascii_lowercase().as_str())
}

/// For names that are often not credentials: an HTTP credential
/// (`Basic ...`, `Bearer ...`), `user:password`, or a random-looking string
/// long enough to be a key. Entropy is the tiebreaker here, never the sole
/// reason to report.
fn carries_credential(value: &str, entropy: f64) -> bool {
    let value = value.trim();
    let lower = value.to_ascii_lowercase();
    let scheme = ["basic ", "bearer ", "token ", "digest "]
        .iter()
        .any(|s| lower.starts_with(s));
    let user_password = value.split_once(':').is_some_and(|(u, p)| {
        !u.is_empty()
            && !p.is_empty()
            && !value.contains(char::is_whitespace)
            && !value.contains('/')
    });
    let random = value.chars().count() >= 16 && entropy >= 3.5;
    scheme || user_password || random
}

/// What the value is, redacted.
fn what(setting: &Setting, evidence: Evidence) -> String {
    let shown = redact(&setting.value.value);
    match evidence {
        Evidence::GuessableDefault => {
            format!("a well-known default (`{shown}`) that anyone can guess")
        }
        Evidence::ExampleInCredentialPlace => format!(
            "a documentation example key (`{shown}`): it cannot authenticate, but a literal \
             credential is written here"
        ),
        _ => format!("a literal secret (`{shown}`)"),
    }
}

fn message(setting: &Setting, owner: &str, evidence: Evidence, format: Format) -> String {
    let key = &setting.key.value;
    let what = what(setting, evidence);
    let service = SettingContext::ServiceContainerEnv;
    if evidence == Evidence::ThrowawayService && setting.context != service {
        return format!(
            "`{key}` is set to {what} that {} also gives its service container: {}",
            service_starter(&setting.object),
            advice(service, key)
        );
    }
    let advice = advice_for(setting.context, key, evidence);
    match setting.context {
        SettingContext::DockerEnv => format!("ENV `{key}` is set to {what}: {advice}"),
        SettingContext::DockerArg => format!("ARG `{key}` defaults to {what}: {advice}"),
        SettingContext::KubernetesEnv => format!("env `{key}` holds {what}: {advice}"),
        SettingContext::ComposeEnv => {
            format!("environment `{key}` of {owner} holds {what}: {advice}")
        }
        SettingContext::ComposeBuildArg => {
            format!("build argument `{key}` of {owner} is set to {what}: {advice}")
        }
        SettingContext::EnvFile => format!(
            "`{key}` is set to {what} in committed env file `{}`: {advice}",
            setting.object
        ),
        SettingContext::ConfigMapData => format!("ConfigMap key `{key}` holds {what}: {advice}"),
        SettingContext::WorkflowEnv | SettingContext::WorkflowWith => {
            let document = if format == Format::GithubAction {
                "action"
            } else {
                "workflow"
            };
            format!("`{key}` is set to {what} in the {document}: {advice}")
        }
        SettingContext::PipelineVariable => {
            format!("variable `{key}` is set to {what} in the pipeline: {advice}")
        }
        SettingContext::ServiceContainerEnv => format!(
            "`{key}` of the service container that {} starts is set to {what}: {advice}",
            service_starter(&setting.object)
        ),
        SettingContext::TerraformAttribute => format!("`{key}` is set to {what}: {advice}"),
        SettingContext::TerraformVariableDefault => {
            format!("variable `{key}` defaults to {what}: {advice}")
        }
        SettingContext::TerraformVariableValue => format!(
            "`{key}` is set to {what} in variables file `{}`: {advice}",
            setting.object
        ),
        SettingContext::TerraformSensitiveVariableValue => format!(
            "variable `{key}`, which the module declares `sensitive`, is set to {what} in \
             variables file `{}`: {advice}",
            setting.object
        ),
        SettingContext::TerraformProvider => {
            format!("provider argument `{key}` holds {what}: {advice}")
        }
        SettingContext::ManifestField => format!("field `{key}` holds {what}: {advice}"),
        SettingContext::CloudFormationProperty => {
            format!("property `{key}` is set to {what}: {advice}")
        }
        SettingContext::CloudFormationParameterDefault => {
            format!("parameter `{key}` defaults to {what}: {advice}")
        }
        SettingContext::CloudFormationNoEchoDefault => {
            format!("`NoEcho` parameter `{key}` defaults to {what}: {advice}")
        }
        SettingContext::SecretData | SettingContext::Other => {
            format!("`{key}` is set to {what}: {advice}")
        }
    }
}

/// What starts the service container a setting of `object` configures, for
/// messages: its job, or the pipeline for a GitLab pipeline's own
/// `variables`, which the services of every job are given.
fn service_starter(object: &str) -> &str {
    match job_of(object) {
        PIPELINE_VARIABLES => "the pipeline",
        job => job,
    }
}

/// The message for a secret inside a value that holds a file, a script or a
/// connection string: `inner` is the name it has there.
fn document_message(outer: &Setting, inner: &Setting, evidence: Evidence) -> String {
    let key = &outer.key.value;
    let holder = match outer.context {
        SettingContext::DockerEnv => format!("ENV `{key}`"),
        SettingContext::DockerArg => format!("ARG `{key}`"),
        SettingContext::KubernetesEnv => format!("env `{key}`"),
        SettingContext::ComposeEnv => format!("environment `{key}`"),
        SettingContext::ComposeBuildArg => format!("build argument `{key}`"),
        SettingContext::EnvFile => format!("env file variable `{key}`"),
        SettingContext::ConfigMapData => format!("ConfigMap key `{key}`"),
        SettingContext::WorkflowEnv | SettingContext::WorkflowWith => {
            format!("workflow setting `{key}`")
        }
        SettingContext::PipelineVariable => format!("pipeline variable `{key}`"),
        SettingContext::ServiceContainerEnv => format!("service container setting `{key}`"),
        SettingContext::TerraformVariableDefault => format!("the default of variable `{key}`"),
        SettingContext::TerraformVariableValue
        | SettingContext::TerraformSensitiveVariableValue => {
            format!("variables file value `{key}`")
        }
        SettingContext::TerraformProvider => format!("provider argument `{key}`"),
        SettingContext::ManifestField => format!("field `{key}`"),
        SettingContext::CloudFormationProperty => format!("property `{key}`"),
        SettingContext::CloudFormationParameterDefault
        | SettingContext::CloudFormationNoEchoDefault => {
            format!("the default of parameter `{key}`")
        }
        SettingContext::TerraformAttribute | SettingContext::SecretData | SettingContext::Other => {
            format!("`{key}`")
        }
    };
    format!(
        "`{}` in {holder} is set to {}: {}",
        inner.key.value,
        what(inner, evidence),
        advice_for(outer.context, key, evidence)
    )
}

/// The advice for `evidence`: a guessable default needs no one to read the
/// file, so what says who can read it (before the `; `) is left out.
fn advice_for(context: SettingContext, key: &str, evidence: Evidence) -> String {
    let advice = advice(context, key);
    match advice.split_once("; ") {
        Some((_, remedy)) if evidence == Evidence::GuessableDefault => remedy.to_string(),
        _ => advice,
    }
}

/// What to do instead, in each context.
fn advice(context: SettingContext, key: &str) -> String {
    match context {
        SettingContext::DockerEnv => "it is stored in the image's layers and history for anyone \
             who pulls the image; pass it at run time (`docker run -e`, an orchestrator secret) \
             instead"
            .to_string(),
        SettingContext::DockerArg => format!(
            "build arguments are recorded in the image history; use a BuildKit secret mount \
             (`RUN --mount=type=secret,id={key}`)"
        ),
        SettingContext::KubernetesEnv => "anyone who can read the manifest or the pod spec sees \
             it; use `valueFrom.secretKeyRef` to a Secret fed from a secret store"
            .to_string(),
        SettingContext::ComposeEnv => "anyone who can read the repository sees it; read it from \
             the environment (`${VAR:?set VAR}`), an `env_file` kept out of the repository, or a \
             Compose `secrets:` entry"
            .to_string(),
        SettingContext::ComposeBuildArg => format!(
            "a build argument is baked into the image: `docker history` shows it to anyone who \
             pulls the image, and the repository holds it; pass a secret to the build instead \
             (`build.secrets:` and `RUN --mount=type=secret,id={key}`)"
        ),
        SettingContext::EnvFile => "anyone who can read the repository sees it; remove the file \
             from the repository (`git rm --cached`, and list it in `.gitignore`), commit a \
             `.env.example` with placeholders instead, and change the value"
            .to_string(),
        SettingContext::ConfigMapData => "ConfigMaps are neither encrypted nor access-controlled \
             like Secrets; move it to a Secret fed from a secret store"
            .to_string(),
        SettingContext::WorkflowEnv | SettingContext::WorkflowWith => {
            "anyone who can read the repository sees it; store it as a repository or \
             environment secret and use `${{ secrets.NAME }}`"
                .to_string()
        }
        SettingContext::ServiceContainerEnv => "the container lives and dies with the job, so \
             this guards a throwaway test service; if the same value guards anything else, \
             store it as a CI secret"
            .to_string(),
        SettingContext::PipelineVariable => "anyone who can read the repository sees it; \
             remove it from the file, define it as a masked CI/CD variable in the project's \
             settings and use `$NAME`"
            .to_string(),
        SettingContext::TerraformAttribute => "it is committed and shows in plan output; pass it \
             from a `sensitive` variable or read it from a secret store (e.g. \
             `aws_secretsmanager_secret_version`)"
            .to_string(),
        SettingContext::TerraformVariableDefault => format!(
            "the default is committed; remove it and supply the value at apply time \
             (`TF_VAR_{key}`, a secret store)"
        ),
        SettingContext::TerraformVariableValue
        | SettingContext::TerraformSensitiveVariableValue => format!(
            "anyone who can read the repository sees it; keep the file out of the repository \
             (list it in `.gitignore`, commit an example with placeholders) or supply the value \
             at apply time (`TF_VAR_{key}`, a secret store), and change it"
        ),
        SettingContext::TerraformProvider => {
            "use the provider's environment variables or a credentials profile instead".to_string()
        }
        SettingContext::ManifestField => "anyone who can read the manifest sees it; keep it in a \
             Secret fed from a secret store and reference that Secret"
            .to_string(),
        SettingContext::CloudFormationProperty => "anyone who can read the template, or \
             describe the stack, sees it; use a dynamic reference \
             (`{{resolve:secretsmanager:NAME}}`) or a `NoEcho` parameter without a default"
            .to_string(),
        SettingContext::CloudFormationParameterDefault
        | SettingContext::CloudFormationNoEchoDefault => "the default is committed (`NoEcho` \
             only hides it in the console); remove it and supply the value when deploying, or \
             use a dynamic reference (`{{resolve:secretsmanager:NAME}}`)"
            .to_string(),
        SettingContext::SecretData | SettingContext::Other => {
            "load it from a secret store instead".to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Severity};
    use crate::model::FileModel;
    use crate::source::{Format, SourceFile, Span, Spanned};

    /// A setting `key = value` in a one-line file, with its spans.
    fn setting(context: SettingContext, key: &str, value: &str) -> (SourceFile, Setting) {
        let text = format!("{key} = {value}\n");
        let file = SourceFile::new("f", Format::Terraform, text);
        let value_start = key.len() + 3;
        let setting = Setting {
            context,
            object: "thing".into(),
            key: Spanned::new(key.into(), Span::new(0, key.len())),
            value: Spanned::new(
                value.into(),
                Span::new(value_start, value_start + value.len()),
            ),
            literal: true,
            in_list: false,
        };
        (file, setting)
    }

    fn findings(context: SettingContext, key: &str, value: &str) -> Vec<Finding> {
        let (file, setting) = setting(context, key, value);
        let model = FileModel::default();
        super::super::testing::run_with(&file, &model, "hardcoded-secret", |cx| {
            check(&setting, &setting.object, cx)
        })
    }

    fn severity(context: SettingContext, key: &str, value: &str) -> Option<Severity> {
        let found = findings(context, key, value);
        assert!(found.len() <= 1);
        found.first().map(|f| f.severity)
    }

    const ALL: &[SettingContext] = &[
        SettingContext::DockerEnv,
        SettingContext::DockerArg,
        SettingContext::KubernetesEnv,
        SettingContext::ConfigMapData,
        SettingContext::WorkflowEnv,
        SettingContext::WorkflowWith,
        SettingContext::TerraformAttribute,
        SettingContext::TerraformVariableDefault,
        SettingContext::TerraformVariableValue,
        SettingContext::TerraformProvider,
        SettingContext::Other,
    ];

    /// Asserts that each `(key, value)` gets `expected` in every context.
    fn assert_severity_everywhere(settings: &[(&str, &str)], expected: Severity) {
        for &context in ALL {
            for &(key, value) in settings {
                assert_eq!(
                    severity(context, key, value),
                    Some(expected),
                    "{context:?} {key}"
                );
            }
        }
    }

    #[test]
    fn literal_secrets_under_secret_names_fire_in_every_context() {
        assert_severity_everywhere(
            &[
                ("DB_PASSWORD", "Tr0ub4dor&3-horse"),
                ("client_secret", "q8Vw2LxZr5NmTb7KdJ3s"),
                ("api_key", "d41d8cd98f00b204e9800998ecf8427e"),
                ("password", "hunter2"),
            ],
            Severity::Error,
        );
    }

    #[test]
    fn findings_point_at_the_value_and_never_show_it() {
        let value = "Tr0ub4dor&3-horse";
        let (file, _) = setting(SettingContext::KubernetesEnv, "DB_PASSWORD", value);
        let found = findings(SettingContext::KubernetesEnv, "DB_PASSWORD", value);
        assert_eq!(file.slice(found[0].span), value);
        assert_eq!(found[0].secret, Some(found[0].span));
        assert!(!found[0].message.contains(value));
        assert!(
            found[0].message.contains("Tr0u********"),
            "{}",
            found[0].message
        );
        assert_eq!(found[0].logical_place(), Some("thing/DB_PASSWORD"));
    }

    #[test]
    fn defaults_are_notes_in_every_format() {
        assert_severity_everywhere(
            &[
                ("ADMIN_PASSWORD", "changeme"),
                ("db_password", "admin"),
                ("POSTGRES_PASSWORD", "postgres"),
            ],
            Severity::Note,
        );
        let found = findings(SettingContext::DockerEnv, "ADMIN_PASSWORD", "changeme");
        assert!(!found[0].message.contains("changeme"));
    }

    #[test]
    fn aws_documentation_keys_in_a_credential_place_are_warnings_in_every_format() {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assert_severity_everywhere(
            &[
                ("secret_key", secret),
                ("AWS_SECRET_ACCESS_KEY", secret),
                ("access_key", "AKIAIOSFODNN7EXAMPLE"),
            ],
            Severity::Warning,
        );
    }

    #[test]
    fn lists_of_names_are_not_secrets() {
        for (key, value) in [
            ("secrets", r#"["env_key", "db_password"]"#),
            ("auth", "[admin, viewer]"),
            ("auth", "- admin\n- viewer"),
        ] {
            assert_eq!(
                severity(SettingContext::TerraformAttribute, key, value),
                None,
                "{key}"
            );
        }
        assert_eq!(
            severity(
                SettingContext::TerraformAttribute,
                "secrets",
                r#"["Zq8vR2mLx9tK"]"#
            ),
            Some(Severity::Error)
        );
    }

    #[test]
    fn weak_names_need_a_credential_shaped_value() {
        assert_eq!(
            severity(SettingContext::ConfigMapData, "auth", "basic"),
            None
        );
        assert_eq!(
            severity(SettingContext::ConfigMapData, "auth", "admin"),
            None
        );
        assert_eq!(
            severity(SettingContext::ConfigMapData, "auth", "admin:S3cr3tPw"),
            Some(Severity::Error)
        );
        assert_eq!(
            severity(
                SettingContext::KubernetesEnv,
                "AUTHORIZATION",
                "Bearer abc.def.ghi"
            ),
            Some(Severity::Error)
        );
        assert_eq!(
            severity(
                SettingContext::ConfigMapData,
                "credentials",
                "k9PqZ2mX7vLw4RtY8nBc"
            ),
            Some(Severity::Error)
        );
        assert_eq!(
            severity(SettingContext::ConfigMapData, "auth", "somemode"),
            Some(Severity::Note)
        );
    }

    #[test]
    fn near_misses_stay_clean() {
        let clean = [
            ("password_length", "12"),
            ("password_min_length", "16"),
            ("author", "Jane Doe <jane@example.org>"),
            ("tokenizer", "bert-base-uncased"),
            ("secret_name", "db-credentials"),
            (
                "db_secret_arn",
                "arn:aws:secretsmanager:eu-west-1:1:secret:x",
            ),
            ("token_ttl", "3600"),
            ("password", "${{ secrets.DB_PASSWORD }}"),
            ("password", "${var.db_password}"),
            ("password", "$DB_PASSWORD"),
            ("password", "${DB_PASSWORD}"),
            ("password", "{{ .Values.password }}"),
            ("password", "<password>"),
            ("password", ""),
            ("password", "***"),
            ("password", "xxx"),
            ("password", "REDACTED"),
            ("password_file", "/run/secrets/db"),
            ("DB_PASSWORD", "/run/secrets/db_password"),
            (
                "GOOGLE_APPLICATION_CREDENTIALS",
                "/var/secrets/google/key.json",
            ),
            ("MYSQL_ALLOW_EMPTY_PASSWORD", "yes"),
            ("automountServiceAccountToken", "false"),
            ("SECRET_KEY_BASE", "dummy"),
            ("token", "vault:secret/data/ci#token"),
            ("public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me@host"),
        ];
        for &context in ALL {
            for (key, value) in clean {
                assert_eq!(
                    severity(context, key, value),
                    None,
                    "{context:?} {key}={value}"
                );
            }
        }
    }

    #[test]
    fn secret_data_references_and_tokens_are_left_to_other_rules() {
        assert_eq!(
            severity(SettingContext::SecretData, "password", "Tr0ub4dor&3-horse"),
            None
        );
        let (file, mut reference) = setting(SettingContext::TerraformAttribute, "password", "x");
        reference.literal = false;
        let found = super::super::testing::run_with(
            &file,
            &FileModel::default(),
            "hardcoded-secret",
            |cx| check(&reference, &reference.object, cx),
        );
        assert!(found.is_empty());
        let body: String = (0..36)
            .map(|i| b"Q7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe6"[(i * 7 + 3) % 32] as char)
            .collect();
        assert_eq!(
            severity(
                SettingContext::WorkflowEnv,
                "GITHUB_TOKEN",
                &format!("ghp_{body}")
            ),
            None
        );
    }
}
