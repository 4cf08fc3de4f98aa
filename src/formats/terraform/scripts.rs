//! Shell scripts in Terraform arguments, lowered into command lines: a
//! `local-exec` provisioner's `command`, a `remote-exec` provisioner's
//! `inline` lines, and the boot scripts of instances (`user_data`,
//! `custom_data`, `metadata_startup_script`, a `startup-script` metadata
//! key) that start with a POSIX shell's `#!` line. A boot script that is a
//! cloud-config or PowerShell document is not a shell script: it stays a
//! setting, read as the document it is.

use super::tree::{Block, Body, Kind, Str, Value};
use super::{Address, address};
use crate::formats::shell;
use crate::formats::text_map::LineMap;
use crate::model::{Command, CommandLines, FileModel};
use crate::source::Span;

/// Arguments that hold an instance's boot script.
const BOOT_SCRIPTS: &[&str] = &[
    "user_data",
    "custom_data",
    "metadata_startup_script",
    "startup-script",
    "startup_script",
];

/// Functions whose argument is the script, encoded.
const ENCODINGS: &[&str] = &["base64encode", "base64gzip", "trimspace"];

pub fn lower(body: &Body, text: &str, model: &mut FileModel) {
    for block in &body.blocks {
        let at = address(block);
        let mut commands = Vec::new();
        let mut span: Option<Span> = None;
        collect(block, text, &mut commands, &mut span);
        if let Some(span) = span
            && !commands.is_empty()
        {
            push(&at, span, commands, model);
        }
    }
}

fn push(at: &Address, span: Span, commands: Vec<Command>, model: &mut FileModel) {
    model.command_lines.push(CommandLines {
        object: at.object.clone(),
        span,
        commands,
    });
}

/// The commands of a block's scripts, and where they are written.
fn collect(block: &Block, text: &str, commands: &mut Vec<Command>, span: &mut Option<Span>) {
    let provisioner = match block.kind.value.as_str() {
        "provisioner" => block.labels.first().map(|l| l.value.as_str()),
        _ => None,
    };
    let mut add = |s: &Str| {
        let map = LineMap::new(text, s.content, &s.text, false);
        commands.extend(shell::commands(&s.text, |at| map.span(at.start, at.end)).commands);
        *span = Some(span.map_or(s.content, |known| known.join(s.content)));
    };
    for attr in &block.body.attributes {
        let key = attr.key.value.as_str();
        let always = match (provisioner, key) {
            (Some("local-exec"), "command") => posix_interpreter(&block.body),
            (Some("remote-exec"), "inline") => true,
            (_, key) if BOOT_SCRIPTS.contains(&key) => false,
            // `metadata = { startup-script = ... }` on Google instances.
            _ => {
                for (inner, value) in attr.value.entries() {
                    if BOOT_SCRIPTS.contains(&inner.value.as_str()) {
                        strings(value)
                            .into_iter()
                            .filter(|s| starts_with_shell(&s.text))
                            .for_each(&mut add);
                    }
                }
                continue;
            }
        };
        strings(&attr.value)
            .into_iter()
            .filter(|s| always || starts_with_shell(&s.text))
            .for_each(&mut add);
    }
    for nested in &block.body.blocks {
        collect(nested, text, commands, span);
    }
}

/// A `local-exec` runs `/bin/sh -c` unless its `interpreter` says otherwise.
fn posix_interpreter(body: &Body) -> bool {
    let Some(interpreter) = body.attr("interpreter") else {
        return true;
    };
    interpreter
        .value
        .items()
        .first()
        .and_then(Value::literal_str)
        .is_some_and(shell::is_shell)
}

/// A boot script in a POSIX shell: `#!/bin/bash`, `#!/usr/bin/env sh`.
fn starts_with_shell(script: &str) -> bool {
    let Some(line) = script.trim_start().strip_prefix("#!") else {
        return false;
    };
    let mut words = line.split_whitespace();
    match words.next() {
        Some(program) if program.ends_with("/env") => words.next().is_some_and(shell::is_shell),
        Some(program) => shell::is_shell(program),
        None => false,
    }
}

/// The strings a value holds: itself, a list's items, an encoding's argument.
fn strings(value: &Value) -> Vec<&Str> {
    match &value.kind {
        Kind::Str(s) => vec![s],
        Kind::Array(items) => items.iter().flat_map(strings).collect(),
        Kind::Call { name, args } if ENCODINGS.contains(&name.as_str()) => {
            args.iter().flat_map(strings).collect()
        }
        _ => Vec::new(),
    }
}
