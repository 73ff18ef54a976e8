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

# Bioconductor annotation packages: the gene links and GO answers are checked
# against their sqlite files (about 80 s and 570 MB with R's base packages).
if [ ! -f /usr/lib/R/site-library/GO.db/extdata/GO.sqlite ] ||
   [ ! -f /usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends r-bioc-org.hs.eg.db r-bioc-go.db >/dev/null
  else
    echo "note: sudo apt-get install r-bioc-org.hs.eg.db r-bioc-go.db to run the gene-link checks" >&2
  fi
fi

cargo test --workspace

# Each further suite is one script that installs what it needs and runs its tests.
for suite in scripts/test.d/*.sh; do
  [ -e "$suite" ] || continue
  echo "== $suite"
  bash "$suite"
done
