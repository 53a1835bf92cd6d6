#!/usr/bin/env bash
# Set up (if needed) and start the dashboard on seeds/ (or the folder given as the first argument).
#   usage: bash scripts/run.sh [ARTICLE_FOLDER]   then open http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
corpus=${1:-seeds}
exec .venv/bin/streamlit run dashboard/app.py --server.headless true -- --corpus "$corpus"
