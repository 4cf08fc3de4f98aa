//! A Dockerfile as conftest's `dockerfile` parser shapes it, for custom
//! policies written for conftest: a list of instructions, each with its
//! lower-case command (`Cmd`), flags, the values BuildKit splits its
//! arguments into, the build stage it belongs to and its original text.

use serde_json::{Map, Value as Json, json};

use super::parse::{Instruction, Keyword, parse};
use crate::formats::document::{Located, Places, SpanTree};
use crate::source::{SourceFile, Spanned};

pub fn conftest_document(file: &SourceFile) -> Located {
    let parsed = parse(&file.text);
    let mut stage: i64 = -1;
    let mut values = Vec::new();
    let mut trees = Vec::new();
    for instruction in &parsed.instructions {
        if instruction.keyword == Keyword::From {
            stage += 1;
        }
        let (value, tree) = instruction_json(file, instruction, stage.max(0));
        values.push(value);
        trees.push(tree);
    }
    Located {
        value: regorus::Value::from(Json::Array(values)),
        places: Places::Known(SpanTree::Seq(None, trees)),
        object: file.path.clone(),
    }
}

fn instruction_json(file: &SourceFile, instruction: &Instruction, stage: i64) -> (Json, SpanTree) {
    let command = instruction.keyword_text().to_ascii_lowercase();
    let (sub_command, arguments) = match instruction.keyword {
        // `ONBUILD RUN make`: the sub-command and its own arguments.
        Keyword::Onbuild => {
            let words = instruction.words();
            let sub = words
                .first()
                .map(|w| w.value.to_ascii_lowercase())
                .unwrap_or_default();
            (sub, words.into_iter().skip(1).collect())
        }
        _ => (String::new(), values_of(instruction)),
    };
    let flags: Vec<Json> = instruction
        .flags
        .iter()
        .map(|flag| {
            let written = file.slice(match &flag.value {
                Some(value) => flag.name.span.join(value.span),
                None => flag.name.span,
            });
            Json::String(format!("--{}", written.trim_start_matches('-')))
        })
        .collect();
    let position = |offset: usize| file.position(offset).line;
    let mut object = Map::new();
    object.insert("Cmd".into(), Json::String(command));
    object.insert("SubCmd".into(), Json::String(sub_command));
    object.insert("JSON".into(), Json::Bool(instruction.exec.is_some()));
    object.insert(
        "Original".into(),
        Json::String(file.slice(instruction.span).to_string()),
    );
    object.insert("StartLine".into(), json!(position(instruction.span.start)));
    object.insert("EndLine".into(), json!(position(instruction.span.end)));
    object.insert("Flags".into(), Json::Array(flags));
    object.insert(
        "Value".into(),
        Json::Array(
            arguments
                .iter()
                .map(|w| Json::String(w.value.clone()))
                .collect(),
        ),
    );
    object.insert("Stage".into(), json!(stage));
    let tree = SpanTree::Map(
        Some(instruction.span),
        vec![
            ("Cmd".into(), SpanTree::Leaf(instruction.keyword_span)),
            (
                "Value".into(),
                SpanTree::Seq(
                    Some(instruction.args.span),
                    arguments.iter().map(|w| SpanTree::Leaf(w.span)).collect(),
                ),
            ),
        ],
    );
    (Json::Object(object), tree)
}

/// The arguments as BuildKit splits them: the strings of the exec form; a
/// shell-form command as one string; `KEY=value` pairs of ENV and LABEL as
/// key and value; other instructions word by word.
fn values_of(instruction: &Instruction) -> Vec<Spanned<String>> {
    if let Some(exec) = &instruction.exec {
        return exec.clone();
    }
    match instruction.keyword {
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Maintainer => {
            vec![instruction.args.clone()]
        }
        Keyword::Env | Keyword::Label => {
            let ranges = instruction.word_ranges();
            let text = &instruction.args.value;
            if !ranges.iter().all(|r| text[r.clone()].contains('=')) {
                // The legacy form `ENV KEY value with spaces`.
                let value = match (ranges.get(1), ranges.last()) {
                    (Some(first), Some(last)) => Some(first.start..last.end),
                    _ => None,
                };
                return ranges
                    .first()
                    .cloned()
                    .into_iter()
                    .chain(value)
                    .map(|r| instruction.spanned(r))
                    .collect();
            }
            ranges
                .into_iter()
                .flat_map(|r| {
                    let eq = r.start + text[r.clone()].find('=').unwrap_or(0);
                    [r.start..eq, eq + 1..r.end]
                })
                .map(|r| instruction.spanned(r))
                .collect()
        }
        _ => instruction.words(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Format;

    #[test]
    fn instructions_read_as_conftest_gives_them() {
        let text = "FROM golang:1.22 AS build\nRUN go build \\\n  ./...\nFROM gcr.io/distroless/static\nCOPY --from=build /out /app\nENV MODE=prod LEVEL=2\nCMD [\"/app\"]\n";
        let file = SourceFile::new("Dockerfile", Format::Dockerfile, text);
        let document = conftest_document(&file);
        let value = serde_json::to_value(&document.value).expect("JSON");
        let items = value.as_array().expect("a list");
        assert_eq!(items.len(), 6);
        assert_eq!(items[0]["Cmd"], "from");
        assert_eq!(items[0]["Value"], json!(["golang:1.22", "AS", "build"]));
        // Continuation lines joined, as BuildKit joins them.
        assert_eq!(items[1]["Value"], json!(["go build   ./..."]));
        assert_eq!(items[1]["StartLine"], 2);
        assert_eq!(items[1]["EndLine"], 3);
        assert_eq!(items[2]["Stage"], 1);
        assert_eq!(items[3]["Flags"], json!(["--from=build"]));
        assert_eq!(items[4]["Value"], json!(["MODE", "prod", "LEVEL", "2"]));
        assert_eq!(items[5]["JSON"], true);
        assert_eq!(items[5]["Value"], json!(["/app"]));
        let Places::Known(spans) = &document.places else {
            panic!("a Dockerfile's places are known when it is read");
        };
        let span = spans
            .locate(&[crate::formats::document::Step::Index(3)])
            .expect("placed");
        assert_eq!(&text[span.start..span.end], "COPY --from=build /out /app");
    }
}
