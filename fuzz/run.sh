#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), seeded from the
# fixtures under testdata/, and prints executions and crashes per target.
# Crash inputs land in fuzz/artifacts/<target>/; keep each as a regression
# test in tests/fuzz_regressions.rs.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
targets=(dockerfile yaml kubernetes workflow terraform dotenv pipeline)
seed() {
    local target=$1 dir=corpus/$1
    mkdir -p "$dir"
    case $target in
        dockerfile) find ../testdata -name 'Dockerfile*' -o -name '*.Dockerfile' ;;
        yaml|kubernetes) find ../testdata -name '*.yaml' ;;
        workflow) find ../testdata -name '*.yml' ;;
        terraform) find ../testdata -name '*.tf' ;;
        dotenv) find ../testdata -name '*.env' -o -name '.env*' ;;
        pipeline) find ../testdata -type f ;;
    esac | while read -r file; do cp "$file" "$dir/" 2>/dev/null || true; done
}
for target in "${targets[@]}"; do
    seed "$target"
    log=$(mktemp)
    status=0
    cargo +nightly fuzz run "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
        >"$log" 2>&1 || status=$?
    execs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
    crashes=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
    echo "$target: ${seconds}s, executions ${execs}, exit ${status}, crash files ${crashes}"
    rm -f "$log"
done
