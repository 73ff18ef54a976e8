#!/usr/bin/env bash
# The Python binding's tests: a fresh virtual environment with the pinned
# packages of python/requirements-test.txt, the package built from python/
# and installed with pip (as a user would), then the pytest suite.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=.venv-test
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet -r python/requirements-test.txt

# The dev profile reuses the crates `cargo test --workspace` has just
# compiled, so the build is the binding alone (a release build recompiles
# everything: several minutes on two cores). maturin's build backend is run
# from the venv, hence its bin/ on PATH.
MATURIN_PEP517_ARGS="--profile dev --strip" PATH="$PWD/$venv/bin:$PATH" \
  "$venv/bin/pip" install --quiet --no-build-isolation ./python

# From python/tests, so `import icigraph` finds the installed package rather
# than the source folder next to it.
cd python/tests
status=0
"../../$venv/bin/python" -m pytest -q -p no:cacheprovider . || status=$?
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
