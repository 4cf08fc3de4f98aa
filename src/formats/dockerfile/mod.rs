//! Dockerfiles: a hand-written lexer that follows BuildKit's rules
//! (`parse.rs`, with word splitting and variable substitution in
//! `words.rs`), and the lowering of the final build stage into the common
//! model (`lower.rs`, with the list of non-root base images in `images.rs`).
//!
//! No crate reads heredocs and keeps spans (see DESIGN.md), hence our own.
//! The syntax tree (`parse`) is public, with every span, for what needs more
//! than the model (the commands of RUN, the sources of COPY --from).

mod images;
mod lower;
pub mod parse;
pub mod words;

use crate::model::FileModel;
use crate::source::SourceFile;

pub fn load(file: &SourceFile) -> FileModel {
    let parsed = parse::parse(&file.text);
    let mut model = FileModel::default();
    lower::lower(&parsed, &mut model);
    let mut problems = parsed.problems;
    problems.append(&mut model.problems);
    problems.sort_by_key(|p| (p.span.start, p.span.end));
    model.problems = problems;
    model.comments = parsed.comments;
    model
}
