#!/usr/bin/env bash
# Benchmark: the cost of custom Rego policies. Runs the release binary over
# ../shared/corpus without and with the example policies (examples/policies),
# alternating the two so that load on a shared machine falls on both alike,
# and prints the median wall time and CPU time (user + system, steadier than
# wall time on a loaded machine) of each and their ratios (the target of
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
import resource, statistics, subprocess, sys, time

binary, corpus, threads, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
base = [binary, "--format", "json", "--fail-on", "never", "-j", threads]
variants = {"without": base + [corpus],
            "with": base + ["--policy", "examples/policies", corpus]}

def cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

def run(command):
    start, start_cpu = time.perf_counter(), cpu()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start, cpu() - start_cpu

run(variants["without"])  # warm the page cache
times = {name: [] for name in variants}
for _ in range(runs):
    for name, command in variants.items():
        times[name].append(run(command))
for i, kind in enumerate(["wall", "CPU"]):
    median = {name: statistics.median(t[i] for t in ts) for name, ts in times.items()}
    for name, ts in times.items():
        runs_text = ", ".join(f"{t[i]:.2f}" for t in ts)
        print(f"{kind:4} {name:8} policies: median {median[name]:6.2f} s  (runs: {runs_text})")
    print(f"{kind:4} ratio: {median['with'] / median['without']:.2f}x (target: at most 2x)")
PY
