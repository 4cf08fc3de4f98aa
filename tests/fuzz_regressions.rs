//! Every input a fuzz run found a crash with, kept and replayed through the
//! same invariants (`tests/fuzz-regressions/<target>-<hash>`; `fuzz/run.sh`
//! says how they are found).

use std::fs;
use std::path::Path;

use devops_check::fuzzing;
use devops_check::source::Format;

#[test]
fn every_kept_crash_input_now_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut inputs: Vec<_> = fs::read_dir(&dir)
        .expect("tests/fuzz-regressions exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no regression inputs in {}",
        dir.display()
    );
    for input in inputs {
        let name = input
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let data = fs::read(&input).expect("readable");
        let target = name.split('-').next().unwrap_or_default();
        match target {
            "dockerfile" => fuzzing::check_bytes(&data, Format::Dockerfile, "Dockerfile"),
            "kubernetes" => fuzzing::check_bytes(&data, Format::Kubernetes, "k.yaml"),
            "workflow" => {
                fuzzing::check_bytes(&data, Format::GithubWorkflow, ".github/workflows/w.yml")
            }
            "terraform" => fuzzing::check_bytes(&data, Format::Terraform, "main.tf"),
            "yaml" => {
                if let Ok(text) = std::str::from_utf8(&data) {
                    fuzzing::check_yaml(text);
                }
            }
            "pipeline" => fuzzing::check_any(&data),
            other => panic!("{name}: unknown fuzz target `{other}`"),
        }
    }
}
