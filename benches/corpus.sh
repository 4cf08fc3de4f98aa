#!/usr/bin/env bash
# Benchmark: the release binary over the shared corpus of real files
# (../shared/corpus/real, read in place, never copied into the repository).
# Prints files/s, MB/s and peak memory beside the time `cat` takes to read
# the same files, plus findings per family and rule.
#
# Usage: benches/corpus.sh [CORPUS_DIR] [THREADS]   (THREADS 0 = all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/real}
threads=${2:-0}
[ -d "$corpus" ] || { echo "corpus not found: $corpus" >&2; exit 2; }
cargo build --release --quiet
python3 - "$corpus" "$threads" <<'PY'
import collections, json, os, resource, subprocess, sys, time

corpus, threads = sys.argv[1], sys.argv[2]
files = sorted(os.path.join(d, f) for d, _, fs in os.walk(corpus) for f in fs)
size = sum(os.path.getsize(f) for f in files)

def cat_all():
    # Chunks keep each command line well under the kernel's limit.
    for i in range(0, len(files), 1000):
        subprocess.run(["cat", *files[i:i + 1000]], stdout=subprocess.DEVNULL, check=True)

cat_all()  # warm the page cache so both timings read from memory
start = time.perf_counter(); cat_all(); cat_s = time.perf_counter() - start

start = time.perf_counter()
run = subprocess.run(
    ["target/release/devops-check", "--format", "json", "--fail-on", "never", "-j", threads, corpus],
    stdout=subprocess.PIPE, check=True)
run_s = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
data = json.loads(run.stdout)

mb = size / 1e6
print(f"corpus: {len(files)} files, {mb:.2f} MB; devops-check parsed {data['files_scanned']} "
      f"(threads: {threads if threads != '0' else 'all cores'})")
print(f"cat:          {cat_s:7.3f} s")
print(f"devops-check: {run_s:7.3f} s = {run_s / cat_s:.1f}x cat, {len(files) / run_s:,.0f} files/s, "
      f"{mb / run_s:.1f} MB/s, peak memory {peak_mb:.0f} MB")
families = collections.Counter(f["family"] for f in data["findings"])
rules = collections.Counter(f["rule"] for f in data["findings"])
print("findings per family: " + ", ".join(f"{k} {v}" for k, v in sorted(families.items())))
print("findings per rule:")
for rule, count in sorted(rules.items(), key=lambda kv: (-kv[1], kv[0])):
    print(f"  {count:6d}  {rule}")
PY
