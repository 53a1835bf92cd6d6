#!/usr/bin/env bash
# Set up (if needed) and run the benchmarks.
#   bash scripts/bench.sh [--out FILE]        extraction scores, load time and memory -> benchmarks/results/latest.json
#   bash scripts/bench.sh load [OPTIONS]      20 browser sessions with different filters for 2 minutes against a
#                                             local server -> benchmarks/results/load.json (see benchmarks/load.py)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = load ]; then
  shift
  bash scripts/setup.sh test  # Playwright and Debian chromium drive the sessions
  exec .venv/bin/python benchmarks/load.py "$@"
fi
bash scripts/setup.sh
exec .venv/bin/python benchmarks/run.py "$@"
