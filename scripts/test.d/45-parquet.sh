#!/usr/bin/env bash
# Proves `export parquet` with the engines that read it: PySpark in local mode
# and DuckDB (tests/parquet/), in a virtual environment with pinned versions
# (.venv-parquet/, created on first run). Spark needs Java 17 or later; when
# it is missing and this runs as root, the Debian package is installed.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! java -version >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
  else
    echo "parquet: Java 17 is needed for PySpark (sudo apt-get install openjdk-17-jre-headless)" >&2
    exit 1
  fi
fi

VENV=.venv-parquet
REQS=tests/parquet/requirements.txt
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$REQS" "$VENV/.requirements"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQS"
  cp "$REQS" "$VENV/.requirements"
fi

cargo build --quiet
export ICIGRAPH_BIN="$PWD/target/debug/icigraph"

set +e
BASETEMP="$PWD/target/parquet-pytest"
(cd tests/parquet && "../../$VENV/bin/python" -m pytest -q -p no:cacheprovider \
  --basetemp="$BASETEMP" --durations=5)
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "parquet: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
