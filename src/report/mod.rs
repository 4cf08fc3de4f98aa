//! Renderers: one module per output format. Each writes a sorted
//! [`crate::Report`]; none decides what is found or in what order.

pub mod json;
pub mod text;

use std::io::{self, Write};
use std::time::Duration;

use crate::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

impl OutputFormat {
    /// Every format, for tests that must hold for all of them.
    pub const ALL: &[OutputFormat] = &[OutputFormat::Text, OutputFormat::Json];
}

/// What a renderer may need beyond the findings.
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    pub color: bool,
    /// Omit the summary (text) when nothing was found.
    pub quiet: bool,
    pub elapsed: Duration,
}

pub fn render(
    format: OutputFormat,
    report: &Report,
    options: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        OutputFormat::Text => text::render(report, options, out),
        OutputFormat::Json => json::render(report, out),
    }
}
