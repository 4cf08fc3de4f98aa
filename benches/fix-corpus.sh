#!/usr/bin/env bash
# Fixes over the shared corpus of real files: copies ../shared/corpus/real
# to a temporary directory (never into the repository), checks the copy,
# applies `--fix --unsafe-fixes`, and checks it again. Fails when a file
# that parsed no longer does, when a rule that fixed something did not
# lose findings, when any rule gains one, or when a second run would fix
# more; prints each rule's counts.
#
# Usage: benches/fix-corpus.sh [CORPUS_DIR] [PROFILE]   (PROFILE: debug or release)
# Skips (exit 0) when the corpus is absent, as in a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/real}
profile=${2:-debug}
if [ ! -d "$corpus" ]; then
  echo "corpus not found: $corpus; skipped" >&2
  exit 0
fi
if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
binary=target/$profile/devops-check
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$corpus" "$work/corpus"
# Paths relative to the copy, so that both runs name files alike.
cd "$work/corpus"
"$OLDPWD/$binary" --format json --fail-on never . > "$work/before.json"
"$OLDPWD/$binary" --fix --unsafe-fixes --format json --fail-on never . > "$work/after.json" 2> "$work/fix.log"
# Fixing twice changes nothing: nothing is left to apply.
again=0
"$OLDPWD/$binary" --fix-dry-run --unsafe-fixes . > "$work/again.diff" 2>/dev/null || again=$?
if [ "$again" -ne 0 ] || [ -s "$work/again.diff" ]; then
  echo "FAILED: a second run would still fix:" >&2
  head -40 "$work/again.diff" >&2
  exit 1
fi
python3 - "$work/before.json" "$work/after.json" "$work/fix.log" <<'PY'
import collections, json, sys

before, after = (json.load(open(p))["findings"] for p in sys.argv[1:3])
log = open(sys.argv[3]).read().splitlines()
count = lambda fs: collections.Counter(f["rule"] for f in fs)
b, a = count(before), count(after)
fixable = collections.Counter(
    f["rule"] for f in before
    if f.get("fix") and f["fix"]["applicability"] in ("safe", "unsafe"))
parse_rules = {"parse-error", "unrendered-template", "parser-limitation", "duplicate-key"}
unparsed = lambda fs: {f["path"] for f in fs if f["rule"] in parse_rules}
failures = []
print(f"{'rule':40} {'before':>7} {'after':>7} {'fixable':>8}")
for rule in sorted(set(b) | set(a)):
    print(f"{rule:40} {b[rule]:7} {a[rule]:7} {fixable[rule]:8}")
    if a[rule] > b[rule]:
        failures.append(f"{rule} gained {a[rule] - b[rule]} findings")
    if fixable[rule] and a[rule] >= b[rule]:
        failures.append(f"{rule} had {fixable[rule]} fixable findings and lost none")
broken = unparsed(after) - unparsed(before)
if broken:
    failures.append(f"{len(broken)} files no longer parse: {sorted(broken)[:5]}")
print("\n".join(line for line in log if "fixed" in line or "not applied" in line))
if failures:
    print("FAILED:\n  " + "\n  ".join(failures))
    sys.exit(1)
print("ok: every file still parses, every fixed rule lost findings, no rule gained one")
PY
