#!/usr/bin/env bash
# Set up (if needed) and run the benchmarks; figures go to benchmarks/results/latest.json.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python benchmarks/run.py "$@"
