#!/usr/bin/env bash
# Set up (if needed) and run the whole test suite, real-browser tests included, on two worker processes
# (pytest-xdist; `-n 0` among the arguments runs it in one).
#   usage: bash scripts/test.sh [PYTEST_ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
exec .venv/bin/python -m pytest -n 2 "$@"
