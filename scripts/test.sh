#!/usr/bin/env bash
# The second of the README's two commands, and what CI runs: install, lint, type-check
# and run the whole test suite on SQLite and PostgreSQL. Any failure fails the script,
# and so does a run in which no test ran (pytest's exit code 5).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh

echo "== ruff"
.venv/bin/ruff check src tests scripts benchmarks
.venv/bin/ruff format --check src tests scripts benchmarks
echo "== mypy --strict"
.venv/bin/mypy
echo "== pytest"
status=0
.venv/bin/python -m pytest -n 2 --dist loadgroup "$@" || status=$?
if [[ $status -eq 5 ]]; then
  echo "error: pytest ran no test" >&2
  exit 1
fi
exit "$status"
