//! Lowering a parsed Dockerfile into the common model.
//!
//! - The final stage (the build's default target) becomes one [`Container`]:
//!   the image it starts from, the USER, HEALTHCHECK, ENV and EXPOSE in
//!   effect. A stage `FROM builder` starts from stage `builder`'s image
//!   configuration (its USER, HEALTHCHECK, ENV, ports), as the builder does.
//!   Other stages, whether used by `COPY --from` or not, run nothing.
//! - Every ENV pair and every ARG default, in any stage, becomes a
//!   [`Setting`] for secret scanning: both end up in the image or its
//!   history.
//!
//! Variables are resolved as Docker does: global ARGs (before the first
//! FROM) decide FROM lines and are visible in a stage only when redeclared
//! there (`ARG NAME`); inside a stage ENV wins over ARG; a variable with no
//! known value stays unresolved rather than guessed.

use super::images;
use super::parse::{Dockerfile, Heredoc, Instruction, Keyword};
use super::privileges;
use super::words::{self, Var};
use crate::formats::shell;
use crate::model::{
    Command, CommandLines, Container, ContainerRole, EnvValue, EnvVar, FileModel, Healthcheck,
    InsertionPoint, Origin, Port, Probes, Problem, ProblemKind, Security, Setting, SettingContext,
    Word, WorkloadKind,
};
use crate::source::{Span, Spanned};

/// What a stage's image carries into a stage built `FROM` it.
#[derive(Debug, Clone, Default)]
struct ImageConfig {
    env: Vec<EnvEntry>,
    user: Option<User>,
    healthcheck: Option<Healthcheck>,
    ports: Vec<Port>,
    /// The words of ENTRYPOINT and CMD (quotes removed), each with its span.
    entrypoint: Option<Vec<Spanned<String>>>,
    /// The ENTRYPOINT is in exec form, so the CMD is its arguments (a shell
    /// form ENTRYPOINT ignores the CMD).
    entrypoint_takes_cmd: bool,
    cmd: Option<Vec<Spanned<String>>>,
    /// A tool switching users that the stage's commands (RUN, CMD,
    /// ENTRYPOINT) install or run (`gosu`).
    step_down_tool: Option<Spanned<String>>,
}

#[derive(Debug, Clone)]
struct EnvEntry {
    name: Spanned<String>,
    value: EnvValue,
    resolved: Var,
}

#[derive(Debug, Clone)]
struct User {
    /// The resolved text (or the text as written, when unresolved), with
    /// the span of the USER argument.
    text: Spanned<String>,
    unresolved: bool,
}

#[derive(Debug, Clone)]
struct Stage {
    index: usize,
    /// As written; BuildKit compares stage names case-insensitively.
    name: Option<Spanned<String>>,
    /// The FROM instruction.
    from: Span,
    /// The external image at the root of the `FROM <stage>` chain.
    base: Option<Spanned<String>>,
    base_resolved: bool,
    config: ImageConfig,
    args: Vec<(String, Var)>,
    /// The stage copies a whole root filesystem in (`COPY --from=x / /`, the
    /// layer-squashing idiom): `FROM scratch` then holds that system's
    /// users and tools.
    squashed: bool,
}

/// Files that are packages for another platform or runtime, not programs
/// an empty image could start.
const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".apk", ".aab", ".ipa", ".zip", ".tar", ".tar.gz", ".tgz", ".jar", ".war",
];

impl Stage {
    /// Whether the image runs a Linux process at all. Not when it starts
    /// empty and names nothing to run (an artifact stage, whose files
    /// `docker build --output` exports, or a plugin's layer) or only an
    /// archive, which nothing in an empty image can open (an Android
    /// `app.apk` shipped as an image); nor when its program is a Wasm module
    /// (`ENTRYPOINT ["app.wasm"]`), which a Wasm runtime runs with no uid of
    /// its own.
    fn runs_a_process(&self) -> bool {
        let program = self
            .config
            .entrypoint
            .as_deref()
            .or(self.config.cmd.as_deref());
        let empty = self.base_resolved
            && self
                .base
                .as_ref()
                .is_some_and(|b| images::is_empty(&b.value));
        match program.and_then(<[_]>::first) {
            None => !empty,
            Some(program) => {
                let program = program.value.to_ascii_lowercase();
                let archive = ARCHIVE_EXTENSIONS.iter().any(|e| program.ends_with(e));
                !(program.ends_with(".wasm") || (empty && archive))
            }
        }
    }

    fn label(&self) -> String {
        match &self.name {
            Some(name) => format!("Dockerfile stage {}", name.value),
            None => format!("Dockerfile stage {}", self.index),
        }
    }

    fn lookup(&self, name: &str) -> Var {
        let env = self.config.env.iter().rev().find(|e| e.name.value == name);
        if let Some(entry) = env {
            return entry.resolved.clone();
        }
        // The base image's ENV, where known, wins over an ARG as any ENV does.
        let base = self.base.as_ref().filter(|_| self.base_resolved);
        if let Some(value) = base.and_then(|b| images::variable(&b.value, name)) {
            return Var::Set(value.to_string());
        }
        find(&self.args, name)
    }
}

fn find(vars: &[(String, Var)], name: &str) -> Var {
    vars.iter()
        .rev()
        .find(|(n, _)| n == name)
        .map_or(Var::Unknown, |(_, v)| v.clone())
}

struct Lowering<'a> {
    file: &'a Dockerfile,
    /// The file's text, where exec-form strings and heredoc bodies are
    /// compared with what they decode to.
    text: &'a str,
    model: &'a mut FileModel,
    global_args: Vec<(String, Var)>,
    stages: Vec<Stage>,
}

pub fn lower(file: &Dockerfile, text: &str, model: &mut FileModel) {
    let mut lowering = Lowering {
        file,
        text,
        model,
        global_args: Vec::new(),
        stages: Vec::new(),
    };
    for instruction in &file.instructions {
        lowering.instruction(instruction);
    }
    lowering
        .model
        .insertion_points
        .extend(final_stage_insertion_point(file, text));
    let final_stage = lowering.stages.pop();
    lowering.model.build_targets = lowering
        .stages
        .drain(..)
        .filter(|stage| stage.name.is_some() && stage.runs_a_process())
        .map(final_container)
        .collect();
    if let Some(stage) = final_stage {
        // The final stage's settings name it as its container does.
        let label = stage.label();
        if !stage.runs_a_process() {
            return;
        }
        let container = final_container(stage);
        for setting in &mut lowering.model.settings {
            if setting.object == label {
                setting.object = container.object.clone();
            }
        }
        for lines in &mut lowering.model.command_lines {
            if lines.object == label {
                lines.object = container.object.clone();
            }
        }
        lowering.model.containers.push(container);
    }
}

impl Lowering<'_> {
    fn problem(&mut self, span: Span, message: String) {
        self.model.problems.push(Problem {
            kind: ProblemKind::Syntax,
            span,
            message,
        });
    }

    fn instruction(&mut self, instruction: &Instruction) {
        if instruction.keyword == Keyword::From {
            self.from(instruction);
            return;
        }
        if self.stages.is_empty() {
            if instruction.keyword == Keyword::Arg {
                self.arg(instruction);
            }
            // Anything else before FROM is reported by the parser.
            return;
        }
        match instruction.keyword {
            Keyword::Arg => self.arg(instruction),
            Keyword::Env => self.env(instruction),
            Keyword::User => self.user(instruction),
            Keyword::Healthcheck => {
                self.healthcheck(instruction);
                self.healthcheck_command(instruction);
            }
            Keyword::Expose => self.expose(instruction),
            Keyword::Copy | Keyword::Add => self.copy(instruction),
            Keyword::Entrypoint | Keyword::Cmd => {
                self.command(instruction);
                self.run(instruction);
            }
            Keyword::Run => self.run(instruction),
            _ => {}
        }
    }

    fn expand(&self, text: &str) -> words::Expansion {
        let escape = self.file.escape;
        match self.stages.last() {
            Some(stage) => words::expand(text, escape, &|name| stage.lookup(name)),
            None => words::expand(text, escape, &|name| find(&self.global_args, name)),
        }
    }

    fn from(&mut self, instruction: &Instruction) {
        let words = instruction.words();
        let (image, name) = match words.as_slice() {
            [image] => (image.clone(), None),
            [image, r#as, name] if r#as.value.eq_ignore_ascii_case("as") => {
                (image.clone(), Some(name.clone()))
            }
            _ => {
                self.problem(
                    instruction.args.span,
                    "FROM takes an image and an optional `AS <name>`: \
                     `FROM <image> [AS <name>]`"
                        .into(),
                );
                match words.first() {
                    Some(image) => (image.clone(), None),
                    None => return,
                }
            }
        };
        let expansion = words::expand(&image.value, self.file.escape, &|n| {
            find(&self.global_args, n)
        });
        let resolved = !expansion.unresolved;
        let reference = if resolved {
            expansion.value
        } else {
            image.value.clone()
        };
        let parent = self.stages.iter().find(|s| {
            s.name
                .as_ref()
                .is_some_and(|n| n.value.eq_ignore_ascii_case(&reference))
        });
        let (base, base_resolved, config, squashed) = match parent {
            Some(parent) => (
                parent.base.clone(),
                parent.base_resolved,
                parent.config.clone(),
                parent.squashed,
            ),
            None => (
                Some(Spanned::new(reference, image.span)),
                resolved,
                ImageConfig::default(),
                false,
            ),
        };
        if let Some(name) = &name
            && self.stages.iter().any(|s| {
                s.name
                    .as_ref()
                    .is_some_and(|n| n.value.eq_ignore_ascii_case(&name.value))
            })
        {
            self.problem(
                name.span,
                format!(
                    "duplicate stage name `{}`: rename one of the stages",
                    name.value
                ),
            );
        }
        self.stages.push(Stage {
            index: self.stages.len(),
            name,
            from: instruction.span,
            base,
            base_resolved,
            config,
            args: Vec::new(),
            squashed,
        });
    }

    fn copy(&mut self, instruction: &Instruction) {
        let from_other = instruction.flags.iter().any(|f| f.name.value == "from");
        let words = instruction.words();
        let sources = words.len().saturating_sub(1);
        let whole_root = words[..sources]
            .iter()
            .any(|w| matches!(w.value.as_str(), "/" | "/." | "./"));
        if from_other
            && whole_root
            && let Some(stage) = self.stages.last_mut()
        {
            stage.squashed = true;
        }
    }

    /// The command of `HEALTHCHECK CMD ...` in shell form.
    fn healthcheck_command(&mut self, instruction: &Instruction) {
        let args = &instruction.args.value;
        let Some(rest) = args.strip_prefix("CMD ") else {
            return;
        };
        let at = args.len() - rest.len();
        let commands = shell::commands(rest, |span| {
            instruction.span_of(at + span.start..at + span.end)
        })
        .commands;
        self.push_commands(instruction, commands);
    }

    /// The commands of a RUN, CMD or ENTRYPOINT: its shell-form line, the
    /// scripts its heredocs feed a shell (`RUN <<EOF`, `RUN bash <<EOF`), or
    /// its exec-form vector.
    fn run(&mut self, instruction: &Instruction) {
        let mut commands = match &instruction.exec {
            Some(exec) => self.exec_commands(exec),
            None => {
                shell::commands(&instruction.args.value, |span| {
                    instruction.span_of(span.start..span.end)
                })
                .commands
            }
        };
        let feeds_shell = instruction.exec.is_none()
            && commands
                .iter()
                .all(|c| c.words.first().is_none_or(|w| shell::is_shell(&w.value)));
        if feeds_shell {
            for heredoc in &instruction.heredocs {
                let map = HeredocMap::new(self.file_text(heredoc.body.span), heredoc);
                commands
                    .extend(shell::commands(&heredoc.body.value, |span| map.span(span)).commands);
            }
        }
        if let Some(stage) = self.stages.last_mut()
            && stage.config.step_down_tool.is_none()
        {
            stage.config.step_down_tool = commands
                .iter()
                .find_map(|command| privileges::step_down_tool(&command.words));
        }
        self.push_commands(instruction, commands);
    }

    fn push_commands(&mut self, instruction: &Instruction, commands: Vec<Command>) {
        if commands.is_empty() {
            return;
        }
        let object = match self.stages.last() {
            Some(stage) => stage.label(),
            None => return,
        };
        let span = instruction
            .heredocs
            .iter()
            .fold(instruction.span, |span, heredoc| {
                span.join(heredoc.body.span)
            });
        self.model.command_lines.push(CommandLines {
            object,
            span,
            commands,
        });
    }

    /// The exec form's vector as one command, and the script of `sh -c`.
    fn exec_commands(&self, exec: &[Spanned<String>]) -> Vec<Command> {
        let mut words: Vec<Word> = exec
            .iter()
            .map(|item| Word {
                value: item.value.clone(),
                span: item.span,
                inner: self.inside_quotes(item.span),
                dynamic: false,
            })
            .collect();
        let mut commands = Vec::new();
        // The script is read as its commands, not as one argument.
        if let Some(at) = shell::script_argument(&words) {
            let script = words.remove(at);
            commands.extend(shell::script_word_commands(self.text, &script));
        }
        let span = words.first().map(|w| w.span).unwrap_or_default();
        commands.insert(
            0,
            Command {
                span: words.last().map_or(span, |w| span.join(w.span)),
                words,
                ..Command::default()
            },
        );
        commands
    }

    fn file_text(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }

    /// A JSON string's span without its quotes.
    fn inside_quotes(&self, span: Span) -> Span {
        let raw = self.file_text(span);
        if raw.len() >= 2 && raw.starts_with('"') && raw.ends_with('"') {
            Span::new(span.start + 1, span.end - 1)
        } else {
            span
        }
    }

    fn arg(&mut self, instruction: &Instruction) {
        let mut declared = Vec::new();
        for range in instruction.word_ranges() {
            let Some((key, raw)) = split_pair(instruction, &range) else {
                // `ARG NAME` in a stage brings a global ARG's default into scope.
                let name = instruction.spanned(range).value;
                let value = if self.stages.is_empty() {
                    Var::Unknown
                } else {
                    find(&self.global_args, &name)
                };
                declared.push((name, value));
                continue;
            };
            let expansion = self.expand(&raw.value);
            self.setting(SettingContext::DockerArg, &key, &raw, &expansion);
            let value = if expansion.unresolved {
                Var::Unknown
            } else {
                Var::Set(expansion.value)
            };
            declared.push((key.value, value));
        }
        match self.stages.last_mut() {
            Some(stage) => stage.args.extend(declared),
            None => self.global_args.extend(declared),
        }
    }

    fn env(&mut self, instruction: &Instruction) {
        let words = instruction.words();
        let Some(first) = words.first() else {
            return;
        };
        let pairs: Vec<(Spanned<String>, Spanned<String>)> = match first.value.find('=') {
            // The legacy form `ENV NAME value with spaces`.
            None => {
                let rest = instruction
                    .args
                    .value
                    .get(first.value.len()..)
                    .unwrap_or("");
                let lead = rest.len() - rest.trim_start().len();
                let from = first.value.len() + lead;
                let value = instruction.spanned(from..instruction.args.value.len());
                if value.value.is_empty() {
                    self.problem(
                        instruction.args.span,
                        format!(
                            "ENV `{}` has no value: write `ENV {}=<value>`",
                            first.value, first.value
                        ),
                    );
                    return;
                }
                vec![(first.clone(), value)]
            }
            Some(_) => {
                let mut pairs = Vec::new();
                for range in instruction.word_ranges() {
                    match split_pair(instruction, &range) {
                        Some(pair) => pairs.push(pair),
                        None => {
                            let word = instruction.spanned(range);
                            self.problem(
                                word.span,
                                format!(
                                    "ENV `{}` has no `=`: write `name=value` pairs",
                                    word.value
                                ),
                            );
                        }
                    }
                }
                pairs
            }
        };
        // Every value of one ENV sees the variables as they were before it.
        let expanded: Vec<_> = pairs
            .into_iter()
            .map(|(key, raw)| {
                let expansion = self.expand(&raw.value);
                (key, raw, expansion)
            })
            .collect();
        for (key, raw, expansion) in expanded {
            self.setting(SettingContext::DockerEnv, &key, &raw, &expansion);
            let value = if expansion.references {
                EnvValue::Reference(raw.span)
            } else {
                EnvValue::Literal(Spanned::new(expansion.value.clone(), unquoted_span(&raw)))
            };
            let resolved = if expansion.unresolved {
                Var::Unknown
            } else {
                Var::Set(expansion.value)
            };
            if let Some(stage) = self.stages.last_mut() {
                stage.config.env.retain(|e| e.name.value != key.value);
                stage.config.env.push(EnvEntry {
                    name: key,
                    value,
                    resolved,
                });
            }
        }
    }

    fn setting(
        &mut self,
        context: SettingContext,
        key: &Spanned<String>,
        raw: &Spanned<String>,
        expansion: &words::Expansion,
    ) {
        let object = match self.stages.last() {
            Some(stage) => stage.label(),
            None => "Dockerfile global ARG".to_string(),
        };
        let value = if expansion.references {
            raw.clone()
        } else {
            Spanned::new(expansion.value.clone(), unquoted_span(raw))
        };
        self.model.settings.push(Setting {
            context,
            object,
            key: key.clone(),
            value,
            literal: !expansion.references,
            in_list: false,
        });
    }

    fn user(&mut self, instruction: &Instruction) {
        // `USER` alone is a syntax error the parser reports; the builder
        // refuses it, so it sets no user.
        if instruction.args.value.trim().is_empty() {
            return;
        }
        let expansion = self.expand(&instruction.args.value);
        let value = expansion.value.trim().to_string();
        let unresolved = expansion.unresolved || value.is_empty();
        let text = if unresolved {
            instruction.args.value.clone()
        } else {
            value
        };
        if let Some(stage) = self.stages.last_mut() {
            stage.config.user = Some(User {
                text: Spanned::new(text, instruction.args.span),
                unresolved,
            });
        }
    }

    /// ENTRYPOINT or CMD: its words as the program receives them. Setting
    /// ENTRYPOINT clears an inherited CMD, as the builder does.
    fn command(&mut self, instruction: &Instruction) {
        let words = match &instruction.exec {
            Some(exec) => exec.clone(),
            None => instruction
                .words()
                .into_iter()
                .map(|word| {
                    let value = self.expand(&word.value).value;
                    Spanned::new(value, word.span)
                })
                .collect(),
        };
        if let Some(stage) = self.stages.last_mut() {
            if instruction.keyword == Keyword::Entrypoint {
                stage.config.entrypoint = Some(words);
                stage.config.entrypoint_takes_cmd = instruction.exec.is_some();
                stage.config.cmd = None;
            } else {
                stage.config.cmd = Some(words);
            }
        }
    }

    fn healthcheck(&mut self, instruction: &Instruction) {
        let words = instruction.words();
        let kind = words.first().map(|w| w.value.to_ascii_uppercase());
        let check = match kind.as_deref() {
            Some("NONE") => {
                if words.len() > 1 {
                    self.problem(
                        instruction.args.span,
                        "HEALTHCHECK NONE takes no arguments".into(),
                    );
                }
                Healthcheck::Disabled(instruction.span)
            }
            Some("CMD") if words.len() > 1 => Healthcheck::Command(instruction.span),
            Some("CMD") => {
                self.problem(
                    instruction.span,
                    "HEALTHCHECK CMD needs a command: `HEALTHCHECK CMD <command>`".into(),
                );
                return;
            }
            _ => {
                self.problem(
                    instruction.args.span,
                    "HEALTHCHECK takes `CMD <command>` or `NONE`".into(),
                );
                return;
            }
        };
        if let Some(stage) = self.stages.last_mut() {
            stage.config.healthcheck = Some(check);
        }
    }

    fn expose(&mut self, instruction: &Instruction) {
        let ports: Vec<Port> = instruction
            .words()
            .into_iter()
            .map(|word| {
                let expansion = self.expand(&word.value);
                let number = expansion
                    .value
                    .split('/')
                    .next()
                    .and_then(|n| n.parse::<i64>().ok())
                    .filter(|_| !expansion.unresolved);
                Port {
                    name: None,
                    number: number.map(|n| Spanned::new(n, word.span)),
                }
            })
            .collect();
        if let Some(stage) = self.stages.last_mut() {
            stage.config.ports.extend(ports);
        }
    }
}

/// A `name=value` word (`range` within the arguments) split at its first
/// `=` into the key and the raw value, with spans.
fn split_pair(
    instruction: &Instruction,
    range: &std::ops::Range<usize>,
) -> Option<(Spanned<String>, Spanned<String>)> {
    let eq = range.start + instruction.args.value.get(range.clone())?.find('=')?;
    Some((
        instruction.spanned(range.start..eq),
        instruction.spanned(eq + 1..range.end),
    ))
}

/// The span of a value without the quotes around it, so that a secret's
/// mask starts at its first character.
fn unquoted_span(raw: &Spanned<String>) -> Span {
    let text = raw.value.as_str();
    let quoted = text.len() >= 2
        && ((text.starts_with('"') && text.ends_with('"'))
            || (text.starts_with('\'') && text.ends_with('\'')));
    if quoted && raw.span.len() == text.len() {
        Span::new(raw.span.start + 1, raw.span.end - 1)
    } else {
        raw.span
    }
}

/// Maps offsets in a heredoc body's text to the file: verbatim, but for
/// the leading tabs `<<-` strips from each line.
struct HeredocMap {
    /// Per body line: where it starts in the decoded text and in the file.
    lines: Vec<(usize, usize)>,
}

impl HeredocMap {
    fn new(raw: &str, heredoc: &Heredoc) -> Self {
        let mut lines = Vec::new();
        let (mut decoded, mut file) = (0, heredoc.body.span.start);
        for line in raw.split_inclusive('\n') {
            let tabs = if heredoc.chomp {
                line.len() - line.trim_start_matches('\t').len()
            } else {
                0
            };
            lines.push((decoded, file + tabs));
            decoded += line.len() - tabs;
            file += line.len();
        }
        HeredocMap { lines }
    }

    fn offset(&self, decoded: usize) -> usize {
        let index = self.lines.partition_point(|&(start, _)| start <= decoded);
        match index.checked_sub(1).and_then(|i| self.lines.get(i)) {
            Some(&(start, file)) => file + (decoded - start),
            None => decoded,
        }
    }

    fn span(&self, span: Span) -> Span {
        let start = self.offset(span.start);
        Span::new(start, self.offset(span.end).max(start))
    }
}

/// Where a fix adds an instruction to the final stage (a `USER`): on its own
/// line before the stage's first CMD or ENTRYPOINT, which people keep last,
/// above the comments that describe it; after its last instruction instead
/// when a RUN follows that command (it would run as the new user) or there
/// is none. Keyed by the stage's FROM, the span of its container.
fn final_stage_insertion_point(file: &Dockerfile, text: &str) -> Option<InsertionPoint> {
    let from = file
        .instructions
        .iter()
        .rposition(|i| i.keyword == Keyword::From)?;
    let stage = &file.instructions[from..];
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line_start = |offset: usize| {
        text.get(..offset)
            .map_or(0, |t| t.rfind('\n').map_or(0, |i| i + 1))
    };
    let point = |at: usize, before: &str, after: &str| InsertionPoint {
        object: stage[0].span,
        within: "",
        at,
        before: before.to_string(),
        after: after.to_string(),
        indent: String::new(),
        step: String::new(),
        flow: false,
        newline,
    };
    let command = stage
        .iter()
        .position(|i| matches!(i.keyword, Keyword::Cmd | Keyword::Entrypoint));
    if let Some(command) =
        command.filter(|&at| !stage[at..].iter().any(|i| i.keyword == Keyword::Run))
    {
        let command = &stage[command];
        let mut at = line_start(command.keyword_span.start);
        // Indented or after another instruction's text on its line: no
        // place a new line can go without moving what is there.
        if !text.get(at..command.keyword_span.start)?.trim().is_empty() {
            return None;
        }
        // Above the comment lines right before it, which describe it.
        while at > 0 {
            let above = line_start(at - 1);
            if !text.get(above..at)?.trim_start().starts_with('#') {
                break;
            }
            at = above;
        }
        return Some(point(at, "", newline));
    }
    let last = stage.last()?;
    if !last.heredocs.is_empty() {
        return None;
    }
    match text.get(last.span.end..)?.find('\n') {
        Some(i) => Some(point(last.span.end + i + 1, "", newline)),
        None => Some(point(text.len(), newline, "")),
    }
}

fn final_container(stage: Stage) -> Container {
    let (object, place) = match &stage.name {
        Some(name) => (
            format!("Dockerfile stage {}", name.value),
            format!("stage/{}", name.value.to_ascii_lowercase()),
        ),
        None => (
            "Dockerfile final stage".to_string(),
            "stage/final".to_string(),
        ),
    };
    let resolved_base = stage.base.as_ref().filter(|_| stage.base_resolved);
    let base = resolved_base.map(|b| images::BaseImage::of(&b.value));
    let base_image_nonroot = base.as_ref().is_some_and(|b| b.nonroot);
    let base_image_bare = !stage.squashed && base.as_ref().is_some_and(|b| b.bare);
    let (user, user_unresolved) = match stage.config.user {
        Some(user) => (Some(user.text), user.unresolved),
        None => (None, false),
    };
    // The command line the container starts: an exec-form ENTRYPOINT with
    // the CMD as its arguments (`["su-exec", "app"]` and `["/bin/x"]`), a
    // shell-form one alone, or the CMD when there is none.
    let command_line = match (&stage.config.entrypoint, &stage.config.cmd) {
        (Some(entrypoint), Some(cmd)) if stage.config.entrypoint_takes_cmd => {
            Some([entrypoint.as_slice(), cmd.as_slice()].concat())
        }
        (Some(entrypoint), _) => Some(entrypoint.clone()),
        (None, cmd) => cmd.clone(),
    };
    let drops_to = command_line.as_deref().and_then(privileges::drops_to);
    // A script as the ENTRYPOINT may use the tool the image has for it.
    let may_step_down_with = stage
        .config
        .step_down_tool
        .filter(|_| drops_to.is_none() && stage.config.entrypoint.is_some());
    // The base image's entrypoint steps down while it still runs: no stage
    // replaced it, or one names it again.
    let runs_base_entrypoint = stage.config.entrypoint.as_ref().is_none_or(|words| {
        words
            .iter()
            .any(|w| w.value.rsplit('/').next() == Some("docker-entrypoint.sh"))
    });
    let base_image_steps_down =
        drops_to.is_none() && runs_base_entrypoint && base.as_ref().is_some_and(|b| b.steps_down);
    let base_image_windows = base.as_ref().is_some_and(|b| b.windows);
    let base_image_dev_container = base.as_ref().is_some_and(|b| b.dev_container);
    let base_image_unprivileged_variant = base
        .as_ref()
        .and_then(|b| b.unprivileged_variant)
        .map(str::to_string);
    let base_image_port = base.as_ref().and_then(|b| b.default_port);
    let base_image_user = base.as_ref().and_then(|b| b.known_user).map(str::to_string);
    Container {
        origin: Origin::DockerImage,
        role: ContainerRole::Main,
        workload: WorkloadKind::LongRunning,
        object,
        place,
        span: stage.from,
        name: stage.name,
        image: stage.base,
        namespace: None,
        security: Security {
            user,
            user_unresolved,
            default_user_is_root: true,
            base_image_nonroot,
            base_image_bare,
            drops_to,
            may_step_down_with,
            base_image_steps_down,
            base_image_windows,
            base_image_dev_container,
            base_image_unprivileged_variant,
            base_image_user,
            base_image_port,
            ..Security::default()
        },
        probes: Probes {
            healthcheck: stage.config.healthcheck,
            ..Probes::default()
        },
        resources: Default::default(),
        env: stage
            .config
            .env
            .into_iter()
            .map(|e| EnvVar {
                name: e.name,
                value: e.value,
            })
            .collect(),
        env_files: Vec::new(),
        ports: stage.config.ports,
        pod_labels: Default::default(),
        pod_ports: Vec::new(),
        standalone: false,
        fragment: false,
        spelling: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::parse;
    use super::*;

    fn model(text: &str) -> FileModel {
        let file = parse(text);
        let mut model = FileModel::default();
        lower(&file, text, &mut model);
        model
    }

    fn only(model: &FileModel) -> &Container {
        assert_eq!(model.containers.len(), 1);
        &model.containers[0]
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn final_stage_is_the_container() {
        let text = "FROM golang:1.22 AS build\nUSER root\nRUN go build\n\nFROM alpine:3.19 AS runtime\nCOPY --from=build /app /app\nUSER app\n";
        let model = model(text);
        let c = only(&model);
        assert_eq!(c.object, "Dockerfile stage runtime");
        assert_eq!(c.place, "stage/runtime");
        assert_eq!(slice(text, c.span), "FROM alpine:3.19 AS runtime");
        assert_eq!(
            c.image.as_ref().map(|i| i.value.as_str()),
            Some("alpine:3.19")
        );
        let user = c.security.user.as_ref().expect("user");
        assert_eq!(user.value, "app");
        assert_eq!(slice(text, user.span), "app");
        assert!(c.security.default_user_is_root);
        assert!(!c.security.base_image_nonroot);
        assert!(c.probes.healthcheck.is_none());
    }

    #[test]
    fn unnamed_final_stage() {
        let c = model("FROM alpine\nRUN true\n").containers.remove(0);
        assert_eq!(c.object, "Dockerfile final stage");
        assert_eq!(c.place, "stage/final");
        assert!(c.security.user.is_none());
    }

    #[test]
    fn last_user_wins() {
        let text = "FROM alpine\nUSER app\nRUN x\nUSER 0:0\n";
        let model = model(text);
        let user = only(&model).security.user.as_ref().expect("user");
        assert_eq!(user.value, "0:0");
        assert_eq!(slice(text, user.span), "0:0");
    }

    #[test]
    fn stage_chain_inherits_image_configuration() {
        let text = "FROM node:20 AS base\nENV NODE_ENV=production\nUSER node\nHEALTHCHECK CMD curl -f localhost\nEXPOSE 3000/tcp\n\nFROM base AS deps\nRUN npm ci\n\nFROM deps\nCMD [\"node\"]\n";
        let model = model(text);
        let c = only(&model);
        assert_eq!(c.object, "Dockerfile final stage");
        assert_eq!(c.image.as_ref().map(|i| i.value.as_str()), Some("node:20"));
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("node")
        );
        assert!(matches!(
            c.probes.healthcheck,
            Some(Healthcheck::Command(_))
        ));
        assert_eq!(c.env.len(), 1);
        assert_eq!(c.ports[0].number.as_ref().map(|n| n.value), Some(3000));
    }

    #[test]
    fn stage_names_match_case_insensitively() {
        let c = model("FROM scratch AS Base\nUSER 1\nFROM base\nCMD [\"/app\"]\n")
            .containers
            .remove(0);
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("1")
        );
        assert!(c.security.base_image_bare);
    }

    #[test]
    fn scratch_runs_as_root_and_is_bare_until_a_root_filesystem_is_copied_in() {
        let text = "FROM debian AS full\nRUN apt-get update\nFROM scratch\nCOPY --from=full / /\nCMD [\"/sbin/init\"]\n";
        let c = model(text).containers.remove(0);
        assert!(!c.security.base_image_nonroot);
        assert!(!c.security.base_image_bare);
        let text = "FROM golang AS build\nFROM scratch\nCOPY --from=build /app /app\nCOPY / /x\nENTRYPOINT [\"/app\"]\n";
        let c = model(text).containers.remove(0);
        assert!(!c.security.base_image_nonroot);
        assert!(c.security.base_image_bare);
    }

    #[test]
    fn images_that_run_no_linux_process_are_no_container() {
        for text in [
            // An artifact stage: `docker build --output` exports its files.
            "FROM golang AS build\nRUN go build -o /out/app\nFROM scratch AS export\nCOPY --from=build /out /\n",
            // A Wasm module, run by a Wasm runtime.
            "FROM scratch\nCOPY app.wasm /app.wasm\nENTRYPOINT [\"/app.wasm\"]\n",
            // An Android package carried in an image.
            "FROM scratch\nCOPY app-release.apk /app.apk\nENTRYPOINT [\"/app.apk\"]\n",
        ] {
            assert!(model(text).containers.is_empty(), "{text}");
        }
        for text in [
            "FROM scratch\nCOPY app /app\nCMD [\"/app\"]\n",
            "FROM scratch AS base\nCOPY app /app\nENTRYPOINT [\"/app\"]\nFROM base\n",
            "FROM alpine\n",
            "FROM eclipse-temurin:21\nCOPY app.jar /app.jar\nCMD [\"/app.jar\"]\n",
            "ARG BASE\nFROM $BASE\n",
        ] {
            assert_eq!(model(text).containers.len(), 1, "{text}");
        }
    }

    #[test]
    fn an_exec_form_entrypoint_runs_the_cmd_as_its_arguments() {
        let user = |text: &str| {
            model(text)
                .containers
                .remove(0)
                .security
                .drops_to
                .map(|u| u.value)
        };
        let drops = "FROM alpine\nENTRYPOINT [\"su-exec\", \"app\"]\nCMD [\"/bin/x\"]\n";
        assert_eq!(user(drops).as_deref(), Some("app"));
        // A shell-form ENTRYPOINT ignores the CMD; a later ENTRYPOINT clears it.
        assert_eq!(
            user("FROM alpine\nENTRYPOINT su-exec app\nCMD [\"/bin/x\"]\n"),
            None
        );
        assert_eq!(
            user("FROM alpine\nCMD [\"/bin/x\"]\nENTRYPOINT [\"su-exec\", \"app\"]\n"),
            None
        );
    }

    #[test]
    fn a_base_image_steps_down_while_its_entrypoint_runs() {
        let steps_down = |text: &str| model(text).containers[0].security.base_image_steps_down;
        assert!(steps_down("FROM postgres:16\nCOPY a /b\n"));
        assert!(steps_down(
            "FROM mysql:8\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"mysqld\"]\n"
        ));
        assert!(!steps_down("FROM redis:7\nENTRYPOINT [\"redis-server\"]\n"));
        assert!(!steps_down("FROM debian\nCOPY a /b\n"));
    }

    #[test]
    fn user_resolves_through_arg_and_env() {
        let text = "ARG UID=0\nFROM alpine\nARG UID\nARG NAME=app\nENV HOME_USER=${NAME}\nUSER $HOME_USER:${UID}\n";
        let model = model(text);
        let user = only(&model).security.user.as_ref().expect("user");
        assert_eq!(user.value, "app:0");
        assert!(!only(&model).security.user_unresolved);
        assert_eq!(slice(text, user.span), "$HOME_USER:${UID}");
    }

    #[test]
    fn global_args_need_redeclaring_in_the_stage() {
        let model = model("ARG RUNTIME_USER=app\nFROM alpine\nUSER $RUNTIME_USER\n");
        let c = only(&model);
        assert!(c.security.user_unresolved);
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("$RUNTIME_USER")
        );
    }

    #[test]
    fn a_base_image_variable_names_the_user() {
        let c = model(
            "FROM mcr.microsoft.com/dotnet/aspnet:9.0 AS base\nUSER $APP_UID\n\
             FROM base AS final\nWORKDIR /app\n",
        )
        .containers
        .remove(0);
        assert!(!c.security.user_unresolved);
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("1654")
        );
        let c = model("FROM mcr.microsoft.com/dotnet/aspnet:6.0\nUSER $APP_UID\n")
            .containers
            .remove(0);
        assert!(c.security.user_unresolved);
    }

    #[test]
    fn an_empty_user_sets_none() {
        let c = model("FROM alpine\nUSER app\nUSER\n").containers.remove(0);
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("app")
        );
    }

    #[test]
    fn user_defaults_and_unknowns() {
        let c = model("FROM alpine\nARG U\nUSER ${U:-nobody}\n")
            .containers
            .remove(0);
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("nobody")
        );
        assert!(!c.security.user_unresolved);
        let c = model("FROM alpine\nARG U\nUSER $U\n").containers.remove(0);
        assert!(c.security.user_unresolved);
        let c = model("FROM alpine\nENV U=1000\nENV U=root\nUSER $U\n")
            .containers
            .remove(0);
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("root")
        );
    }

    #[test]
    fn from_resolves_global_args() {
        let text = "ARG BASE=gcr.io/distroless/static\nARG TAG=nonroot\nFROM ${BASE}:${TAG}\n";
        let c = model(text).containers.remove(0);
        assert_eq!(
            c.image.as_ref().map(|i| i.value.as_str()),
            Some("gcr.io/distroless/static:nonroot")
        );
        assert!(c.security.base_image_nonroot);
        let c = model("ARG BASE\nFROM ${BASE}\n").containers.remove(0);
        assert!(!c.security.base_image_nonroot);
        assert_eq!(c.image.as_ref().map(|i| i.value.as_str()), Some("${BASE}"));
    }

    #[test]
    fn from_an_arg_naming_a_stage() {
        let text = "ARG TARGET=prod\nFROM alpine AS prod\nUSER app\nFROM $TARGET\n";
        let c = model(text).containers.remove(0);
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("app")
        );
    }

    #[test]
    fn healthcheck_forms() {
        let text =
            "FROM a\nHEALTHCHECK --interval=5s CMD [\"curl\", \"-f\", \"x\"]\nHEALTHCHECK none\n";
        let model = model(text);
        match &only(&model).probes.healthcheck {
            Some(Healthcheck::Disabled(span)) => assert_eq!(slice(text, *span), "HEALTHCHECK none"),
            other => panic!("{other:?}"),
        }
        let model = super::tests::model("FROM a\nHEALTHCHECK curl\n");
        assert_eq!(model.problems.len(), 1);
    }

    #[test]
    fn env_forms_become_settings() {
        let text = "FROM a\nENV A=1 B=\"v 2\" C='x'\nENV LEGACY some value\nENV REF=$A D=${A}x\n";
        let model = model(text);
        let settings: Vec<(&str, &str, bool)> = model
            .settings
            .iter()
            .map(|s| (s.key.value.as_str(), s.value.value.as_str(), s.literal))
            .collect();
        assert_eq!(
            settings,
            [
                ("A", "1", true),
                ("B", "v 2", true),
                ("C", "x", true),
                ("LEGACY", "some value", true),
                ("REF", "$A", false),
                ("D", "${A}x", false),
            ]
        );
        let b = &model.settings[1];
        assert_eq!(slice(text, b.key.span), "B");
        assert_eq!(slice(text, b.value.span), "v 2");
        assert_eq!(slice(text, model.settings[3].value.span), "some value");
        assert!(
            model
                .settings
                .iter()
                .all(|s| s.context == SettingContext::DockerEnv)
        );
        let c = only(&model);
        assert_eq!(c.env.len(), 6);
        assert!(matches!(c.env[4].value, EnvValue::Reference(_)));
    }

    #[test]
    fn env_values_see_the_previous_instruction_only() {
        let model = model("FROM a\nENV X=old\nENV X=new Y=$X\nUSER $Y\n");
        let c = only(&model);
        assert_eq!(
            c.security.user.as_ref().map(|u| u.value.as_str()),
            Some("old")
        );
    }

    #[test]
    fn arg_defaults_become_settings() {
        let text = "ARG VERSION=1.0\nFROM a\nARG TOKEN=abc123 EMPTY\nARG REF=$VERSION\n";
        let model = model(text);
        let settings: Vec<(&str, &str, bool, &str)> = model
            .settings
            .iter()
            .map(|s| {
                (
                    s.key.value.as_str(),
                    s.value.value.as_str(),
                    s.literal,
                    s.object.as_str(),
                )
            })
            .collect();
        assert_eq!(
            settings,
            [
                ("VERSION", "1.0", true, "Dockerfile global ARG"),
                ("TOKEN", "abc123", true, "Dockerfile final stage"),
                ("REF", "$VERSION", false, "Dockerfile final stage"),
            ]
        );
        assert_eq!(slice(text, model.settings[1].value.span), "abc123");
        assert!(
            model
                .settings
                .iter()
                .all(|s| s.context == SettingContext::DockerArg)
        );
    }

    #[test]
    fn env_across_continuations_keeps_spans() {
        let text = "FROM a\nENV A=1 \\\n    SECRET=\"s3cr3t\" \\\n    C=3\n";
        let model = model(text);
        let secret = &model.settings[1];
        assert_eq!(slice(text, secret.key.span), "SECRET");
        assert_eq!(slice(text, secret.value.span), "s3cr3t");
    }

    #[test]
    fn settings_name_their_stage() {
        let model = model("FROM a AS build\nENV A=1\nFROM b\nENV B=2\n");
        let objects: Vec<&str> = model.settings.iter().map(|s| s.object.as_str()).collect();
        assert_eq!(
            objects,
            ["Dockerfile stage build", "Dockerfile final stage"]
        );
    }

    #[test]
    fn duplicate_stage_names_are_problems() {
        let text = "FROM a AS app\nFROM b AS App\n";
        let model = model(text);
        assert_eq!(model.problems.len(), 1);
        assert_eq!(slice(text, model.problems[0].span), "App");
    }

    #[test]
    fn malformed_from_and_env_are_problems() {
        let model = model("FROM a b\nENV A=1 B\n");
        assert_eq!(model.problems.len(), 2);
        assert_eq!(model.containers.len(), 1);
    }
}
