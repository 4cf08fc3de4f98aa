//! Test support: runs one check function of the secrets family over a file
//! and a model built by hand, as the rule runner would.

use crate::catalogue;
use crate::config::Config;
use crate::facts::Facts;
use crate::finding::Finding;
use crate::model::FileModel;
use crate::rules::Context;
use crate::rules::job_ordering::analysis::FileAnalyses;
use crate::source::SourceFile;

pub fn run_with(
    file: &SourceFile,
    model: &FileModel,
    id: &str,
    check: impl FnOnce(&mut Context<'_>),
) -> Vec<Finding> {
    let meta = catalogue::brief(id).expect("the rule has a catalogue entry");
    let config = Config::default();
    let facts = Facts::default();
    let analyses = FileAnalyses::new(model);
    let mut cx = Context {
        file,
        model,
        config: &config,
        facts: &facts,
        analyses: &analyses,
        pipeline: 0,
        meta,
        findings: Vec::new(),
    };
    check(&mut cx);
    cx.findings
}
