#!/usr/bin/env python3
"""Draw a reproducible sample of curated edges for a review against the text.

    scripts/sample-edges.py --seed 120 --n 30 --untouched-since 414732b

Edges are keyed by (file, subject, predicate, object). With --untouched-since
only edges whose first nine columns (subject … note) are the same as at that
commit are drawn, so a reviewer checks what the last pass did not change.
The sample is printed as file, subject, predicate, object, refs, note.
"""
import argparse
import csv
import glob
import io
import os
import random
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BASE = ["subject", "predicate", "object", "refs", "evidence", "context", "trials", "figures", "note"]


def edges_now():
    out = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "graph-data/edges/*.csv"))):
        name = os.path.basename(path)
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                out[(name, r["subject"], r["predicate"], r["object"])] = r
    return out


def edges_at(commit):
    out = {}
    listing = subprocess.run(
        ["git", "-C", ROOT, "ls-tree", "--name-only", commit, "graph-data/edges/"],
        check=True, capture_output=True, text=True).stdout.split()
    for rel in listing:
        text = subprocess.run(["git", "-C", ROOT, "show", f"{commit}:{rel}"],
                              check=True, capture_output=True, text=True).stdout
        for r in csv.DictReader(io.StringIO(text)):
            out[(os.path.basename(rel), r["subject"], r["predicate"], r["object"])] = r
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--untouched-since")
    args = ap.parse_args()
    now = edges_now()
    keys = sorted(now)
    if args.untouched_since:
        old = edges_at(args.untouched_since)
        keys = [k for k in keys if k in old and all(old[k].get(c, "") == now[k].get(c, "") for c in BASE)]
    sample = random.Random(args.seed).sample(keys, args.n)
    w = csv.writer(os.sys.stdout, lineterminator="\n")
    w.writerow(["file", "subject", "predicate", "object", "refs", "note"])
    for k in sample:
        w.writerow([k[0], k[1], k[2], k[3], now[k]["refs"], now[k]["note"]])
    print(f"# {len(keys)} candidate edges, seed {args.seed}", file=os.sys.stderr)


if __name__ == "__main__":
    main()
