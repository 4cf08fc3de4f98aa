//! Checks whose answer in one file depends on another of the scanned set
//! (`src/facts.rs`), end to end over `testdata/facts/` (its README says what
//! each file is for): a LimitRange's defaults reach the containers of its
//! namespace in other files, and a Terraform module's variable defaults and
//! locals resolve the references of its sibling files. Each file alone reads
//! differently, which is why these are not rule fixtures.

use assert_cmd::Command;

const TREE: &str = "testdata/facts";

/// The binary, run from the crate root so that paths read `testdata/facts/...`.
fn devops_check() -> Command {
    let mut command = Command::cargo_bin("devops-check").expect("binary is built");
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("GITHUB_STEP_SUMMARY");
    command
}

fn json(args: &[&str]) -> serde_json::Value {
    let output = devops_check()
        .args(["--format", "json", "--fail-on", "never"])
        .args(args)
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("--format json prints JSON")
}

/// `rule path:line` of every finding, probes left out (they do not depend on
/// other files and would only hide what does).
fn located(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .filter(|f| !f["rule"].as_str().unwrap_or_default().contains("probe"))
        .map(|f| {
            format!(
                "{} {}:{}",
                f["rule"].as_str().unwrap_or(""),
                f["path"].as_str().unwrap_or(""),
                f["line"]
            )
        })
        .collect()
}

/// The finding of `rule` at `at` (`path:line` below the tree).
fn finding<'r>(report: &'r serde_json::Value, rule: &str, at: &str) -> &'r serde_json::Value {
    let at = format!("{TREE}/{at}");
    report["findings"]
        .as_array()
        .and_then(|all| {
            all.iter().find(|f| {
                f["rule"] == rule
                    && format!("{}:{}", f["path"].as_str().unwrap_or(""), f["line"]) == at
            })
        })
        .unwrap_or_else(|| panic!("no {rule} at {at}: {:#?}", located(report)))
}

fn message(finding: &serde_json::Value) -> &str {
    finding["message"].as_str().unwrap_or_default()
}

#[test]
fn the_tree_reads_as_one() {
    let report = json(&[TREE]);
    insta::assert_snapshot!(located(&report).join("\n"));
}

#[test]
fn a_limit_range_fills_in_the_values_of_its_namespace_in_other_files() {
    let report = json(&[TREE]);
    let all = located(&report);
    let missing = |path: &str| {
        all.iter()
            .filter(|f| f.starts_with("missing-") && f.contains(path))
            .count()
    };
    assert_eq!(missing("kubernetes/shop/"), 0, "{all:#?}");
    assert_eq!(missing("kubernetes/base/app/"), 0, "{all:#?}");
    assert_eq!(
        missing("kubernetes/other/"),
        4,
        "another namespace: {all:#?}"
    );
    assert_eq!(
        missing("kubernetes/standalone/"),
        4,
        "outside the directory: {all:#?}"
    );
    let exceeds = finding(
        &report,
        "request-exceeds-limit",
        "kubernetes/shop/web.yaml:19",
    );
    assert!(
        message(exceeds).contains(
            "(`512Mi`, the default of LimitRange/defaults in testdata/facts/kubernetes/limits.yaml)"
        ),
        "{exceeds:#}"
    );
}

#[test]
fn a_service_in_the_tree_makes_a_container_without_ports_served() {
    let report = json(&[TREE]);
    let readiness: Vec<&str> = report["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .filter(|f| f["rule"] == "missing-readiness-probe")
        .filter_map(|f| f["path"].as_str())
        .filter(|path| path.contains("/served/") || path.contains("/unserved/"))
        .collect();
    assert_eq!(
        readiness,
        ["testdata/facts/kubernetes/served/api/deployment.yaml"],
        "only the served container: {readiness:#?}"
    );
    let served = finding(
        &report,
        "missing-readiness-probe",
        "kubernetes/served/api/deployment.yaml:13",
    );
    assert!(
        message(served)
            .contains("`Service/orders` in testdata/facts/kubernetes/served/service.yaml selects"),
        "{served:#}"
    );
    let alone = json(&["testdata/facts/kubernetes/served/api/deployment.yaml"]);
    assert!(
        alone["findings"]
            .as_array()
            .expect("a findings array")
            .iter()
            .all(|f| f["rule"] != "missing-readiness-probe"),
        "alone, no Service is known: {alone:#}"
    );
}

#[test]
fn a_cluster_role_reads_secrets_as_far_as_the_bindings_of_its_tree_grant_it() {
    let report = json(&[TREE]);
    let bound = finding(
        &report,
        "rbac-secrets-read",
        "kubernetes/rbac/operator/role.yaml:7",
    );
    assert!(
        message(bound).contains("lets its subjects get/list/watch Secrets in every namespace"),
        "{bound:#}"
    );
    let lone = finding(
        &report,
        "rbac-secrets-read",
        "kubernetes/rbac/lone/role.yaml:9",
    );
    assert!(
        message(lone).contains("no binding of it is in sight"),
        "{lone:#}"
    );
    let all = located(&report);
    assert!(
        !all.iter().any(|f| f.contains("kubernetes/rbac/tenant/")),
        "bound in one namespace: {all:#?}"
    );
    let alone = json(&[&format!("{TREE}/kubernetes/rbac/operator/role.yaml")]);
    let alone = finding(
        &alone,
        "rbac-secrets-read",
        "kubernetes/rbac/operator/role.yaml:7",
    );
    assert!(
        message(alone).contains("no binding of it is in sight"),
        "{alone:#}"
    );
}

#[test]
fn a_file_a_kustomization_names_as_a_patch_is_a_fragment() {
    let patch = "kubernetes/kustomize/overlays/prod/production.yaml";
    let in_tree = located(&json(&[TREE]));
    assert!(!in_tree.iter().any(|f| f.contains(patch)), "{in_tree:#?}");
    let alone = located(&json(&[&format!("{TREE}/{patch}")]));
    assert!(
        alone
            .iter()
            .any(|f| f.starts_with("run-as-non-root-not-enforced")),
        "{alone:#?}"
    );
}

#[test]
fn references_resolve_to_the_modules_declarations_in_sibling_files() {
    let report = json(&[TREE]);
    let privileged = finding(
        &report,
        "privileged-container",
        "terraform/module/main.tf:10",
    );
    assert_eq!(privileged["column"], 23, "at the reference");
    assert_eq!(
        privileged["confidence"], "medium",
        "a default may be overridden"
    );
    assert!(
        message(privileged).ends_with(
            "(`var.privileged` is the default of variable `privileged` in variables.tf, unless a \
             value given when applying replaces it)"
        ),
        "{privileged:#}"
    );
    let root = finding(
        &report,
        "container-runs-as-root",
        "terraform/module/main.tf:11",
    );
    assert_eq!(root["confidence"], "high", "a local is what it says");
    finding(
        &report,
        "iam-wildcard-action",
        "terraform/module/main.tf:31",
    );
    let secret = finding(&report, "hardcoded-secret", "terraform/module/main.tf:20");
    assert!(
        message(secret).starts_with(
            "`password` is set to a literal secret (`********`) through `var.bootstrap`"
        ),
        "{secret:#}"
    );
    // A secret under its own secret-like name is reported where it is
    // declared, once, not again where it is used.
    finding(
        &report,
        "hardcoded-secret",
        "terraform/module/variables.tf:15",
    );
    let all = located(&report);
    assert!(
        !all.contains(&"hardcoded-secret testdata/facts/terraform/module/main.tf:26".to_owned()),
        "{all:#?}"
    );
    // The same names in another module are declared nowhere: unknown.
    assert!(
        !all.iter().any(|f| f.contains("other-module")
            && (f.starts_with("privileged-container") || f.starts_with("hardcoded-secret"))),
        "{all:#?}"
    );
}

#[test]
fn lists_a_module_declares_in_a_sibling_file_resolve_where_they_are_used() {
    let report = json(&[TREE]);
    let owner = finding(&report, "gcp-primitive-role", "terraform/iam/main.tf:2");
    assert_eq!(owner["column"], 20, "at the reference in `for_each`");
    assert!(
        message(owner).contains(
            "(`var.ci_roles` is the default of variable `ci_roles` in variables.tf, unless a \
             value given when applying replaces it)"
        ),
        "{owner:#}"
    );
    let pass_role = finding(
        &report,
        "iam-privilege-escalation",
        "terraform/iam/main.tf:18",
    );
    assert!(
        message(pass_role)
            .contains("(`local.deploy_actions` is local `deploy_actions` in variables.tf)"),
        "{pass_role:#}"
    );
    // An empty default is an input the callers fill: unknown.
    let all = located(&report);
    assert_eq!(
        all.iter().filter(|f| f.contains("terraform/iam/")).count(),
        2,
        "{all:#?}"
    );
}

#[test]
fn values_of_the_variables_files_terraform_loads_replace_the_defaults() {
    let report = json(&["testdata/facts/terraform/applied"]);
    let privileged = finding(
        &report,
        "privileged-container",
        "terraform/applied/main.tf:10",
    );
    assert_eq!(privileged["column"], 23, "at the reference");
    assert_eq!(privileged["confidence"], "high", "the value applied");
    assert!(
        message(privileged)
            .ends_with("(`var.privileged` is variable `privileged` as set in terraform.tfvars)"),
        "{privileged:#}"
    );
    let seed = finding(
        &report,
        "hardcoded-secret",
        "terraform/applied/terraform.tfvars:3",
    );
    assert!(
        message(seed).starts_with("variable `seed`, which the module declares `sensitive`"),
        "{seed:#}"
    );
    finding(
        &report,
        "hardcoded-secret",
        "terraform/applied/prod.tfvars:3",
    );
    // `b.auto.tfvars` is loaded last: `run_as = 1001`.
    let all = located(&report);
    assert!(
        !all.iter().any(|f| f.starts_with("container-runs-as-root")),
        "{all:#?}"
    );
    assert_eq!(
        all.iter()
            .filter(|f| f.starts_with("hardcoded-secret"))
            .count(),
        2
    );
}

#[test]
fn a_variable_declared_sensitive_in_a_sibling_file_is_published_by_an_ecs_environment() {
    let report = json(&["testdata/facts/terraform/applied"]);
    let seed = finding(&report, "secret-in-output", "terraform/applied/ecs.tf:11");
    assert!(
        message(seed).starts_with(
            "environment variable `SEED` of container `worker` holds the value of sensitive \
             variable `seed`"
        ),
        "{seed:#}"
    );
    // `admin_username` is hidden from plans, but a user name.
    let all = located(&report);
    assert_eq!(
        all.iter()
            .filter(|f| f.starts_with("secret-in-output"))
            .count(),
        1,
        "{all:#?}"
    );
}

#[test]
fn a_compose_service_takes_the_user_and_healthcheck_of_the_dockerfile_it_builds() {
    let report = json(&["testdata/facts/compose"]);
    // `api` runs the final stage of api/Dockerfile as built: that file's
    // finding is the one report of the image's root user.
    finding(
        &report,
        "container-runs-as-root",
        "compose/api/Dockerfile:1",
    );
    let rules_at = |line: u32| -> Vec<String> {
        let at = format!("{TREE}/compose/docker-compose.yml");
        report["findings"]
            .as_array()
            .expect("a findings array")
            .iter()
            .filter(|f| f["path"] == at.as_str() && f["line"] == line)
            .map(|f| f["rule"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(!rules_at(3).contains(&"container-runs-as-root".to_string()));
    let web = rules_at(6);
    for absent in [
        "container-runs-as-root",
        "run-as-non-root-not-enforced",
        "missing-healthcheck",
    ] {
        assert!(!web.contains(&absent.to_string()), "web: {web:?}");
    }
    assert!(!rules_at(11).contains(&"container-runs-as-root".to_string()));
    assert!(rules_at(15).contains(&"run-as-non-root-not-enforced".to_string()));
    // A `target:` builds that stage: root here, whatever the final stage is.
    let tools = finding(
        &report,
        "container-runs-as-root",
        "compose/docker-compose.yml:19",
    );
    assert!(
        message(tools).contains("builds `testdata/facts/compose/tools/Dockerfile --target dev`"),
        "{tools}"
    );
    // Its own entrypoint replaces the one that stepped down: root, which
    // the Dockerfile, run as built, is not.
    finding(
        &report,
        "container-runs-as-root",
        "compose/docker-compose.yml:25",
    );
    assert!(
        !located(&report)
            .iter()
            .any(|f| f.starts_with("container-runs-as-root") && f.contains("gosu/Dockerfile")),
        "{report:#}"
    );
    // Alone, the Compose file knows none of the Dockerfiles.
    let alone = json(&["testdata/facts/compose/docker-compose.yml"]);
    assert!(
        !located(&alone)
            .iter()
            .any(|f| f.starts_with("container-runs-as-root")),
        "{alone}"
    );
}

#[test]
fn a_gitlab_pipeline_reads_the_files_it_includes() {
    let report = json(&["testdata/facts/gitlab"]);
    let ordering: Vec<String> = located(&report)
        .into_iter()
        .filter(|f| !f.starts_with("parser-limitation"))
        .collect();
    assert_eq!(
        ordering,
        ["ungated-deploy testdata/facts/gitlab/bypass/.gitlab/ci/deploy.yml:3"]
    );
    // Alternatives chosen by `rules:` are not merged into one pipeline.
    let alternative = finding(
        &report,
        "parser-limitation",
        "gitlab/alternatives/.gitlab-ci.yml:6",
    );
    assert!(
        message(alternative).contains("with `rules:` is not merged"),
        "{alternative}"
    );
    let bypass = finding(
        &report,
        "ungated-deploy",
        "gitlab/bypass/.gitlab/ci/deploy.yml:3",
    );
    assert_eq!(bypass["severity"], "error", "{bypass}");
    assert!(
        message(bypass).contains("without waiting for `unit`"),
        "{bypass}"
    );
    // The template is not in the scan: the pipeline stays partial, and says so.
    let template = finding(
        &report,
        "parser-limitation",
        "gitlab/gated/.gitlab-ci.yml:8",
    );
    assert!(
        message(template).contains("`include: template`"),
        "{template}"
    );
    // Alone, an included file is a fragment of a pipeline it cannot see.
    let alone = json(&["testdata/facts/gitlab/bypass/.gitlab/ci/deploy.yml"]);
    let severities: Vec<&str> = alone["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .filter_map(|f| f["severity"].as_str())
        .collect();
    assert_eq!(severities, ["note"], "{alone}");
    // A file with local includes waits for the facts before its rules run
    // (the run checks it again with them); alone, with none of its
    // includes in the scan, it is still checked, once.
    let root = json(&["testdata/facts/gitlab/gated/.gitlab-ci.yml"]);
    assert_eq!(root["files_scanned"], 1, "{root}");
    assert_eq!(
        located(&root),
        [
            "parser-limitation testdata/facts/gitlab/gated/.gitlab-ci.yml:6",
            "parser-limitation testdata/facts/gitlab/gated/.gitlab-ci.yml:7",
            "parser-limitation testdata/facts/gitlab/gated/.gitlab-ci.yml:8",
            "publish-without-tests testdata/facts/gitlab/gated/.gitlab-ci.yml:17",
        ]
    );
    // A GitLab file below a `.gitlab-ci.yml` waits for that pipeline, which
    // may include it; when it does not, the file is still checked, once.
    let unincluded = json(&["testdata/facts/gitlab-unincluded"]);
    assert_eq!(unincluded["files_scanned"], 2, "{unincluded}");
    assert_eq!(
        located(&unincluded),
        ["hardcoded-secret testdata/facts/gitlab-unincluded/ci/nightly.yml:3"]
    );
    // An included file's own includes join the pipeline: the deploy's need
    // is a job of the file it includes, which the tests gate.
    let nested = json(&["testdata/facts/gitlab-nested"]);
    assert_eq!(nested["files_scanned"], 3, "{nested}");
    assert_eq!(located(&nested), Vec::<String>::new());
}

/// A test job whose script comes from a template of an included file gates
/// as one that writes its script.
#[test]
fn a_gitlab_test_job_extending_an_included_template_is_a_gate() {
    let report = json(&["testdata/facts/gitlab-extends"]);
    assert_eq!(
        located(&report),
        ["ungated-build testdata/facts/gitlab-extends/bypass/.gitlab-ci.yml:12"]
    );
    let bypass = finding(
        &report,
        "ungated-build",
        "gitlab-extends/bypass/.gitlab-ci.yml:12",
    );
    assert!(
        message(bypass).contains("without waiting for `unit`"),
        "{bypass}"
    );
}

#[test]
fn a_gitlab_job_is_reported_where_each_of_its_parts_is_written() {
    let report = json(&["testdata/facts/gitlab-inherited"]);
    let secrets: Vec<String> = located(&report)
        .into_iter()
        .filter(|f| f.starts_with("hardcoded-secret"))
        .collect();
    assert_eq!(
        secrets,
        [
            "hardcoded-secret testdata/facts/gitlab-inherited/.gitlab-ci.yml:11",
            "hardcoded-secret testdata/facts/gitlab-inherited/ci/jobs.yml:5",
            "hardcoded-secret testdata/facts/gitlab-inherited/ci/templates.yml:4",
        ]
    );
    let inherited = finding(
        &report,
        "hardcoded-secret",
        "gitlab-inherited/ci/templates.yml:4",
    );
    assert_eq!(inherited["object"], "job migrate variables", "{inherited}");
}

#[test]
fn a_compose_override_is_judged_for_what_it_writes_when_its_base_declares_the_service() {
    let override_rules = |report: &serde_json::Value| -> Vec<String> {
        located(report)
            .into_iter()
            .filter(|f| f.contains("docker-compose.override.yml"))
            .collect()
    };
    let together = override_rules(&json(&["testdata/facts/compose-override"]));
    let at = |rule: &str, line: u32| {
        format!("{rule} {TREE}/compose-override/docker-compose.override.yml:{line}")
    };
    // `web` and `db` take their user, healthcheck and limit from the base;
    // the value the override writes is reported where it writes it, and a
    // service only the override declares is judged as any other.
    for line in [3, 7] {
        assert!(
            !together.iter().any(|f| f.ends_with(&format!(":{line}"))
                && !f.starts_with("privileged-container")),
            "{together:#?}"
        );
    }
    assert!(
        together.contains(&at("privileged-container", 6)),
        "{together:#?}"
    );
    assert!(
        together.contains(&at("missing-healthcheck", 10)),
        "{together:#?}"
    );
    // `cache` lacks a healthcheck in both: merged, it still has none, which
    // the base reports; the override, which changes only its image, not.
    assert!(
        !together.iter().any(|f| f.ends_with(":13")),
        "{together:#?}"
    );
    // Alone, the override's services are judged as written.
    let alone = override_rules(&json(&[
        "testdata/facts/compose-override/docker-compose.override.yml",
    ]));
    assert!(alone.contains(&at("missing-healthcheck", 3)), "{alone:#?}");
    assert!(alone.contains(&at("missing-memory-limit", 7)), "{alone:#?}");
}

#[test]
fn a_compose_file_beside_a_base_is_merged_onto_it_only_when_it_is_no_stack_of_its_own() {
    let report = json(&["testdata/facts/compose-alternatives"]);
    let in_file = |file: &str| -> Vec<String> {
        located(&report)
            .into_iter()
            .filter(|f| f.contains(&format!("compose-alternatives/{file}:")))
            .collect()
    };
    // Another stack, run alone with `-f`: judged whole, as the base is.
    let postgres = in_file("docker-compose.postgres.yml");
    let base = in_file("docker-compose.yml");
    for rule in ["missing-healthcheck", "missing-memory-limit"] {
        let count = |findings: &[String]| findings.iter().filter(|f| f.starts_with(rule)).count();
        assert_eq!(count(&postgres), 2, "{postgres:#?}");
        assert_eq!(count(&base), 2, "{base:#?}");
    }
    // An overlay (its `db` has no image): `web` is judged for what it
    // writes only, `read_only: false`.
    let prod = in_file("docker-compose.prod.yml");
    assert_eq!(
        prod,
        [format!(
            "writable-root-filesystem {TREE}/compose-alternatives/docker-compose.prod.yml:6"
        )],
        "{prod:#?}"
    );
    // An overlay (its `worker` waits for the base's `db`): `web` merges, the
    // `worker` it adds is judged whole.
    let worker = in_file("docker-compose.worker.yml");
    assert!(!worker.iter().any(|f| f.ends_with(":3")), "{worker:#?}");
    assert!(
        worker.contains(&format!(
            "missing-healthcheck {TREE}/compose-alternatives/docker-compose.worker.yml:5"
        )),
        "{worker:#?}"
    );
}

#[test]
fn a_file_alone_takes_nothing_from_files_not_scanned() {
    let module = json(&["testdata/facts/terraform/module/main.tf"]);
    let all = located(&module);
    assert!(
        !all.iter()
            .any(|f| f.starts_with("privileged-container") || f.starts_with("hardcoded-secret")),
        "{all:#?}"
    );
    let web = json(&["testdata/facts/kubernetes/shop/web.yaml"]);
    assert_eq!(
        located(&web)
            .iter()
            .filter(|f| f.starts_with("missing-memory-limit"))
            .count(),
        2
    );
}

#[test]
fn standard_input_takes_the_facts_of_the_files_beside_it() {
    let output = devops_check()
        .args(["--format", "json", "--fail-on", "never"])
        .args(["--stdin-filename", "piped/web.yaml", "-", "testdata/facts/kubernetes/limits.yaml"])
        .write_stdin(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  containers:\n    - {name: c, image: c:1}\n",
        )
        .output()
        .expect("runs");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let all = located(&report);
    assert!(!all.iter().any(|f| f.starts_with("missing-")), "{all:#?}");
}

#[test]
fn facts_do_not_depend_on_the_thread_count() {
    let run = |threads: &str| {
        devops_check()
            .args(["--format", "json", "-j", threads, TREE])
            .output()
            .expect("runs")
            .stdout
    };
    let one = run("1");
    assert!(!one.is_empty());
    for threads in ["2", "8"] {
        assert_eq!(one, run(threads), "-j{threads} differs from -j1");
    }
}

#[test]
fn a_resolved_secret_is_never_printed_whole() {
    for format in [
        "text", "json", "sarif", "github", "junit", "gitlab", "rdjsonl",
    ] {
        let output = devops_check()
            .args(["--format", format, "--fail-on", "never", TREE])
            .output()
            .expect("runs");
        let shown = String::from_utf8_lossy(&output.stdout);
        for secret in ["Zq8-hunter2-Lx4", "S3cure-Pa55w0rd-9"] {
            assert!(!shown.contains(secret), "--format {format} prints {secret}");
        }
    }
}

#[test]
fn a_job_runs_what_the_local_composite_actions_it_uses_run() {
    let report = json(&[&format!("{TREE}/github")]);
    // Each workflow's job-ordering findings, with what they rest on; the
    // actions themselves get none (their callers' edges are checked).
    let shown: Vec<String> = report["findings"]
        .as_array()
        .expect("a findings array")
        .iter()
        .filter(|f| {
            f["path"]
                .as_str()
                .unwrap_or_default()
                .contains("/workflows/")
        })
        .map(|f| {
            format!(
                "{} {} {}/{} {}",
                f["path"].as_str().unwrap_or(""),
                f["rule"].as_str().unwrap_or(""),
                f["severity"].as_str().unwrap_or(""),
                f["confidence"].as_str().unwrap_or(""),
                message(f)
            )
        })
        .collect();
    insta::assert_snapshot!(shown.join("\n"));
    // The action's input default is scanned for secrets, and never printed whole.
    let secret = finding(
        &report,
        "hardcoded-secret",
        "github/.github/actions/setup/action.yaml:8",
    );
    assert!(message(secret).contains("in the action"));
    assert!(!message(secret).contains("Xk29vLq7TzP4mWn8"));
}

#[test]
fn fixes_are_made_with_what_the_other_files_tell() {
    // The deploy of `bypass/` is written in an included file: the report
    // finds it ungated only with the pipeline, and so must the fix.
    let output = devops_check()
        .args(["--fix-dry-run", "testdata/facts/gitlab/bypass"])
        .output()
        .expect("runs");
    let diff = String::from_utf8_lossy(&output.stdout);
    assert!(
        diff.contains("+++ b/testdata/facts/gitlab/bypass/.gitlab/ci/deploy.yml")
            && diff.contains("+  needs: [build, unit]"),
        "{diff}"
    );
    // Alone, the file is no pipeline with tests: nothing to add.
    let alone = devops_check()
        .args([
            "--fix-dry-run",
            "testdata/facts/gitlab/bypass/.gitlab/ci/deploy.yml",
        ])
        .output()
        .expect("runs");
    assert!(
        !String::from_utf8_lossy(&alone.stdout).contains("needs: [build, unit]"),
        "{}",
        String::from_utf8_lossy(&alone.stdout)
    );
}
