# Sourced by the other scripts: makes sure the project's own environment (.venv) exists
# and matches pyproject.toml. EXTRAS selects optional dependencies ("" or "dev").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"
EXTRAS="${EXTRAS:-}"
stamp_of() { { cat "$ROOT/pyproject.toml"; echo "extras=$EXTRAS"; } | sha256sum | cut -c1-16; }
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating the app's environment in $VENV …" >&2
  "$PYTHON" -m venv "$VENV"
fi
STAMP="$VENV/.installed-$(stamp_of)"
if [ ! -f "$STAMP" ]; then
  echo "Installing dependencies (first run takes a minute) …" >&2
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  if [ -n "$EXTRAS" ]; then
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT[$EXTRAS]"
  else
    "$VENV/bin/python" -m pip install --quiet -e "$ROOT"
  fi
  rm -f "$VENV"/.installed-*
  touch "$STAMP"
fi
