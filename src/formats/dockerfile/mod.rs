//! Dockerfiles: a hand-written lexer that follows BuildKit's rules
//! (`parse.rs`, with word splitting and variable substitution in
//! `words.rs`), and the lowering of the final build stage into the common
//! model (`lower.rs`, with the list of non-root base images in `images.rs`).
//!
//! No crate reads heredocs and keeps spans (see DESIGN.md), hence our own.
//! The syntax tree (`parse`) is public, with every span, for what needs more
//! than the model (the commands of RUN, the sources of COPY --from).

mod conftest;
mod images;
mod lower;
pub mod parse;
mod privileges;
pub mod words;

pub use conftest::conftest_document;
pub(crate) use images::{BaseImage, steps_down_for};
pub(crate) use privileges::drops_to;

use crate::model::FileModel;
use crate::source::SourceFile;

pub fn load(file: &SourceFile) -> FileModel {
    let parsed = parse::parse(&file.text);
    let mut model = FileModel::default();
    lower::lower(&parsed, &file.text, &mut model);
    let mut problems = parsed.problems;
    problems.append(&mut model.problems);
    problems.sort_by_key(|p| (p.span.start, p.span.end));
    model.problems = problems;
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Format, Span};

    /// Every span a lowering produces, to check it against the text.
    fn spans(model: &FileModel) -> Vec<Span> {
        let mut out: Vec<Span> = model.problems.iter().map(|p| p.span).collect();
        for s in &model.settings {
            out.extend([s.key.span, s.value.span]);
        }
        for c in &model.containers {
            out.push(c.span);
            out.extend(c.image.iter().map(|i| i.span));
            out.extend(c.security.user.iter().map(|u| u.span));
            out.extend(c.env.iter().map(|e| e.name.span));
        }
        out
    }

    /// Random Dockerfile-ish text from the characters that drive the lexer:
    /// no input may panic, and every span must be a valid slice.
    #[test]
    fn random_input_never_panics_and_spans_slice() {
        const PIECES: &[&str] = &[
            "FROM ",
            "RUN ",
            "USER ",
            "ENV ",
            "ARG ",
            "COPY ",
            "HEALTHCHECK ",
            "CMD ",
            " AS ",
            "<<EOF",
            "<<-'X'",
            "EOF",
            "X",
            "\\",
            "`",
            "\n",
            "\r\n",
            "\t",
            " ",
            "#",
            "# escape=`",
            "=",
            "\"",
            "'",
            "$",
            "${",
            "}",
            ":-",
            "[",
            "]",
            ",",
            "--from=",
            "é",
            "\u{feff}",
            "0",
            "root",
            "a",
            "\n",
            "\n",
            "\nFROM x AS y\n",
            "\nRUN <<EOF\n",
            "\nUSER $",
            "\n\t",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 40) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
            }
            let file = SourceFile::new("Dockerfile", Format::Dockerfile, text.clone());
            let model = load(&file);
            for span in spans(&model) {
                assert!(
                    text.get(span.start..span.end).is_some(),
                    "span {span:?} does not slice {text:?}"
                );
            }
        }
    }
}
