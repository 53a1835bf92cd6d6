#!/usr/bin/env bash
# Set up (if needed) and run the benchmarks.
#   bash scripts/bench.sh              extraction scores and load times -> benchmarks/results/latest.json
#   bash scripts/bench.sh scale [N…]   raw fugashi, cold, warm, +5 % loads of N generated articles (default 1000)
#                                      -> benchmarks/results/scale.json and the table in docs/performance.md
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "${1:-}" = scale ]; then
  shift
  exec .venv/bin/python benchmarks/scale.py "$@"
fi
exec .venv/bin/python benchmarks/run.py "$@"
