#!/usr/bin/env bash
# The first of the README's two commands: install everything, load the demo data into the
# embedded store (SQLite in ./liaison-data) and serve Liaison. Extra arguments go to
# `liaison demo` (e.g. --port 8080).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/liaison demo "$@"
