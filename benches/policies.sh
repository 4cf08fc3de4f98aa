#!/usr/bin/env bash
# Benchmark: the cost of custom Rego policies. Runs the release binary over
# ../shared/corpus without and with the example policies (examples/policies),
# alternating the two so that load on a shared machine falls on both alike,
# and prints the median wall time of each and their ratio (the target of
# issue #12: at most 2x).
#
# Usage: benches/policies.sh [--runs N] [--threads N] [--corpus DIR] [--binary PATH]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=5 threads=2 corpus=../shared/corpus binary=
while [ $# -gt 0 ]; do
  case $1 in
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --corpus) corpus=$2; shift 2 ;;
    --binary) binary=$2; shift 2 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -d "$corpus" ] || { echo "corpus not found: $corpus" >&2; exit 2; }
if [ -z "$binary" ]; then
  cargo build --release --quiet
  binary=target/release/devops-check
fi
python3 - "$binary" "$corpus" "$threads" "$runs" <<'PY'
import statistics, subprocess, sys, time

binary, corpus, threads, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
base = [binary, "--format", "json", "--fail-on", "never", "-j", threads]
variants = {"without": base + [corpus],
            "with": base + ["--policy", "examples/policies", corpus]}

def run(command):
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start

run(variants["without"])  # warm the page cache
times = {name: [] for name in variants}
for _ in range(runs):
    for name, command in variants.items():
        times[name].append(run(command))
median = {name: statistics.median(t) for name, t in times.items()}
for name, t in times.items():
    print(f"{name:8} policies: median {median[name]:6.2f} s  (runs: {', '.join(f'{x:.2f}' for x in t)})")
print(f"ratio: {median['with'] / median['without']:.2f}x (target: at most 2x)")
PY
