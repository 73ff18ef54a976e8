#!/usr/bin/env bash
# Proves the interchange exports with the tools that read them: kgx validate,
# networkx, python-igraph, Kùzu and ndex2 (tests/interchange/), in a virtual
# environment with pinned versions (.venv-interchange/, created on first run).
set -euo pipefail
cd "$(dirname "$0")/../.."

VENV=.venv-interchange
REQS=tests/interchange/requirements.txt
if [ ! -x "$VENV/bin/python" ] || ! cmp -s "$REQS" "$VENV/.requirements"; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$REQS" -c tests/interchange/constraints.txt
  cp "$REQS" "$VENV/.requirements"
fi

cargo build --quiet
export ICIGRAPH_BIN="$PWD/target/debug/icigraph"

set +e
# A private --basetemp: pytest prunes other runs' folders in the shared /tmp.
BASETEMP="$PWD/target/interchange-pytest"
(cd tests/interchange && "../../$VENV/bin/python" -m pytest -q -p no:cacheprovider \
  --basetemp="$BASETEMP" --durations=5)
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "interchange: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
