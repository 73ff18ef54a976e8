#!/usr/bin/env bash
# Runs every test of the project — Rust (the engine and the CLI, the TCK, the
# goldens), then each suite under scripts/test.d/ (Python, browser, …) —
# installing what those suites need first. This is the README's test command
# and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

# Graphviz: the DOT tests check that every figure renders with `dot`.
if ! command -v dot >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq graphviz >/dev/null
  else
    echo "note: Graphviz is not installed (sudo apt-get install graphviz); its tests are skipped" >&2
  fi
fi

cargo test --workspace

# Each further suite is one script that installs what it needs and runs its tests.
for suite in scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
