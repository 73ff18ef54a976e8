#!/usr/bin/env bash
# The gene links and the GO folder: regenerating them from the Debian
# Bioconductor packages is byte-identical to what is committed, and two runs
# into a fresh folder give the same bytes. scripts/test-all.sh installs the
# packages (as root) before the Rust tests, which check the answers.
set -euo pipefail
cd "$(dirname "$0")/../.."
orgdb=${ICIGRAPH_ORGDB:-/usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite}
godb=${ICIGRAPH_GODB:-/usr/lib/R/site-library/GO.db/extdata/GO.sqlite}
if [ ! -f "$orgdb" ] || [ ! -f "$godb" ]; then
  if [ -n "${CI:-}" ]; then
    echo "error: r-bioc-org.hs.eg.db and r-bioc-go.db are not installed" >&2
    exit 1
  fi
  echo "skipped: apt-get install r-bioc-org.hs.eg.db r-bioc-go.db to run the golink checks" >&2
  exit 0
fi
python3 scripts/golink/golink.py --check
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for run in 1 2; do
  python3 scripts/golink/golink.py --xrefs "$tmp/$run/xrefs.csv" --go "$tmp/$run/go" >/dev/null
done
diff -r "$tmp/1" "$tmp/2"
echo "golink: committed files up to date; two runs byte-identical"
