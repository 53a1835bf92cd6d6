#!/usr/bin/env bash
# Set up kijiscope on this machine: system packages, a virtualenv in .venv, the project and its extras.
# Idempotent: a second run reuses what is there and only installs what changed.
#   usage: bash scripts/setup.sh [test]
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-}

# Debian chromium renders charts to PNG (kaleido) and runs the browser tests; fonts-noto-cjk gives it
# Japanese glyphs. Nothing is downloaded at run time.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_apt+=(fonts-noto-cjk)
if [ ${#need_apt[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing system packages: ${need_apt[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "kijiscope needs Python 3.11 or newer; $python is $("$python" --version 2>&1)" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv

spec="."; [ -n "$extras" ] && spec=".[$extras]"
stamp=".venv/.kijiscope-installed-${extras:-run}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -e "$spec"
  touch "$stamp"
fi
