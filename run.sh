#!/usr/bin/env bash
# One entry point that sets everything up on a fresh machine, then runs a job.
#   ./run.sh demo [DIR] [OPTIONS]  build a realistic demo workspace end to end (default DIR:
#                         demo-workspace; OPTIONS go to `autopattern demo`, e.g. --now)
#   ./run.sh test [ARGS]  run the whole test suite (extra ARGS go to pytest)
#   ./run.sh bench [ARGS] run the benchmarks (bench/run.py)
set -euo pipefail
cd "$(dirname "$0")"
VENV=.venv
PY="${PYTHON:-python3}"
stamp="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >/dev/null
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e '.[test,bench,docs,fast]'
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
# The miner compiled with mypyc (engine/mining/native.py): built once, rebuilt when its
# source changes; without a C compiler autopattern runs the same code from source, slower.
"$VENV/bin/python" -m engine.mining build --quiet ||
  echo "run.sh: the miner stays uncompiled (see the error above); everything works, slower" >&2
job="${1:-help}"; shift || true
case "$job" in
  demo)  dir=demo-workspace                        # DIR is optional: `./run.sh demo --now ...` too
         case "${1:-}" in ""|-*) ;; *) dir="$1"; shift ;; esac
         exec "$VENV/bin/autopattern" demo --workspace "$dir" "$@" ;;
  test)  exec "$VENV/bin/python" -m pytest "$@" ;;
  bench) exec "$VENV/bin/python" bench/run.py "$@" ;;
  *)     echo "usage: ./run.sh demo [DIR] [OPTIONS] | test [PYTEST ARGS] | bench [ARGS]" >&2; exit 2 ;;
esac
