#!/usr/bin/env bash
# Set up (if needed) and run the benchmarks.
#   bash scripts/bench.sh [--out FILE]        extraction scores, load time and memory -> benchmarks/results/latest.json
#   bash scripts/bench.sh load [OPTIONS]      20 readers: a page load each, then reruns in that page, against a
#                                             local server -> benchmarks/results/load.json (see benchmarks/load.py)
#   bash scripts/bench.sh scale [N…]          raw fugashi, cold, warm, +5 % loads of N generated articles (default
#                                             1000) -> benchmarks/results/scale.json and the table in docs/performance.md
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = load ]; then
  shift
  bash scripts/setup.sh test  # Playwright and Debian chromium drive the sessions
  exec .venv/bin/python benchmarks/load.py "$@"
fi
bash scripts/setup.sh
if [ "${1:-}" = scale ]; then
  shift
  exec .venv/bin/python benchmarks/scale.py "$@"
fi
exec .venv/bin/python benchmarks/run.py "$@"
