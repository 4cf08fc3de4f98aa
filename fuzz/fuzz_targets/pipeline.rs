//! Bytes to findings with the format chosen by the first byte: exercises the
//! whole pipeline (decoding, every adapter, rules, suppressions, locating).
#![no_main]

use devops_check::source::Format;
use libfuzzer_sys::fuzz_target;

const FORMATS: [(Format, &str); 5] = [
    (Format::Dockerfile, "Dockerfile"),
    (Format::Kubernetes, "k.yaml"),
    (Format::GithubWorkflow, ".github/workflows/w.yml"),
    (Format::Terraform, "main.tf"),
    (Format::TerraformJson, "main.tf.json"),
];

fuzz_target!(|data: &[u8]| {
    if let Some((&selector, rest)) = data.split_first() {
        let (format, path) = FORMATS[usize::from(selector) % FORMATS.len()];
        devops_check::fuzzing::check_bytes(rest, format, path);
    }
});
