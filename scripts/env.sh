# Sourced by the other scripts: makes sure the project's one environment (.venv) exists and
# holds exactly the versions pinned, with their hashes, in requirements/*.lock.txt.
# EXTRAS selects what is needed: "" (the desk and the district server: desk.lock.txt) or
# "dev" (also tests, linters, benchmarks, the installer build: dev.lock.txt, a superset with
# the same versions). An environment with the dev extras serves a plain run as it is.
# Nothing is installed when nothing changed: the stamp (.venv/.installed) names the lock
# installed and a hash of it and pyproject.toml, and comparing them takes milliseconds.
# pip's output goes to .venv/install.log; on a failure its end is shown.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"
EXTRAS="${EXTRAS:-}"
STAMP="$VENV/.installed"
# When this command started, for the elapsed time on each step (scripts/desk hands it to the
# desk, which goes on counting from it: see desktop/startup_steps.py).
STARTED="${EPOCHREALTIME/,/.}"

step() {
  local now=${EPOCHREALTIME/,/.}
  awk -v a="$STARTED" -v b="$now" -v m="$*" \
    'BEGIN { printf "[%6.1f s] %s\n", b - a, m }' >&2
}

lock_hash() { cat "$ROOT/pyproject.toml" "$ROOT/requirements/$1.lock.txt" | sha256sum | cut -c1-16; }

installed=""
[ -f "$STAMP" ] && installed="$(cat "$STAMP")"
want=desk
if [ "$EXTRAS" = dev ] || [ "${installed%% *}" = dev ]; then
  want=dev  # asked for, or already there: the dev lock is the desk's plus the tools
fi

if [ ! -x "$VENV/bin/python" ] || [ "$installed" != "$want $(lock_hash "$want")" ]; then
  LOCK="requirements/$want.lock.txt"
  LOG="$VENV/install.log"
  if [ ! -x "$VENV/bin/python" ]; then
    step "Creating the environment in $VENV …"
    "$PYTHON" -m venv "$VENV"
  fi
  rm -f "$STAMP"
  : >"$LOG"
  pip_install() {
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input "$@" \
      >>"$LOG" 2>&1; then
      tail -n 25 "$LOG" >&2
      echo "Installing failed; pip's whole output is in $LOG" >&2
      exit 1
    fi
  }
  counts="$("$VENV/bin/python" "$ROOT/scripts/lock_count.py" "$ROOT/$LOCK" 2>>"$LOG")" ||
    counts=""
  missing="${counts% *}" total="${counts#* }"
  if [ -z "$counts" ]; then
    step "Installing the packages of $LOCK …"
  elif [ "$missing" = 0 ]; then
    step "The $total packages of $LOCK are there; confirming with pip …"
  elif [ "$missing" = "$total" ]; then
    step "Installing the $total packages of $LOCK (the first time takes a few minutes) …"
  else
    step "Installing $missing of the $total packages of $LOCK (the others are there) …"
  fi
  pip_install --require-hashes --only-binary=:all: -r "$ROOT/$LOCK"
  step "Installing the project itself …"
  pip_install --no-deps --no-build-isolation --editable "$ROOT"
  echo "$want $(lock_hash "$want")" >"$STAMP"
  step "Environment ready."
fi
