#!/usr/bin/env bash
# Set up (if needed) and start the dashboard on seeds/ (or the folder given), reachable from this machine only.
#   usage: bash scripts/run.sh [--share] [ARTICLE_FOLDER]   then open http://localhost:8501
#
#   --share (or KIJISCOPE_SHARE=1)  listen on the network (KIJISCOPE_SHARE_ADDRESS, default 0.0.0.0; use
#                                   127.0.0.1 behind a reverse proxy on this machine). Requires a login: an
#                                   [auth] table or a passphrase hash (see README, "Sharing on a network");
#                                   without one the script refuses to start.
#   KIJISCOPE_NO_SETUP=1            skip the setup step (the machine is already set up).
#   STREAMLIT_SERVER_PORT=N         another port than 8501.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,10s/^# \{0,1\}//p' "$0"; }

case ${KIJISCOPE_SHARE:-0} in
  1|true|yes) share=1 ;;
  0|false|no|"") share=0 ;;
  *) echo "KIJISCOPE_SHARE must be 1 or 0, not '${KIJISCOPE_SHARE}'" >&2; exit 2 ;;
esac
folders=()
for arg in "$@"; do
  case $arg in
    --share) share=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $arg" >&2; usage >&2; exit 2 ;;
    *) folders+=("$arg") ;;
  esac
done
if [ ${#folders[@]} -gt 1 ]; then
  echo "one article folder at most, not ${#folders[@]}" >&2; usage >&2; exit 2
fi
corpus=${folders[0]:-seeds}

[ "${KIJISCOPE_NO_SETUP:-0}" = 1 ] || bash scripts/setup.sh

address=127.0.0.1
if [ "$share" = 1 ]; then
  # Prints the login mode; exits 2 with a message in Japanese and English when there is none.
  .venv/bin/python -m dashboard.auth check --share >/dev/null
  address=${KIJISCOPE_SHARE_ADDRESS:-0.0.0.0}
fi
exec .venv/bin/streamlit run dashboard/app.py --server.headless true --server.address "$address" \
  -- --corpus "$corpus"
