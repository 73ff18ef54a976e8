"""Side-by-side Cypher benchmark: icigraph against Kùzu (see bench/README.md).

Run via bench/cypher.sh. On the 2.25M-edge generated graph, every query runs
in icigraph (`icigraph --db large.icg --format json query --timing Q`: the
execute time it prints on stderr, measured inside the process) and in Kùzu
(`time.perf_counter` around `conn.execute` after the database is loaded and
each query has run once untimed). Each tool gets the formulation a user tuning
it would write; the answers must be equal or the run fails. Medians of
`--repeat` runs go into bench/RESULTS.md, in a section of their own.
"""

import argparse
import importlib.metadata
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "bench")
DATA = os.path.join(BENCH, "data")
BIN = os.path.join(ROOT, "target", "release", "icigraph")
RESULTS = os.path.join(BENCH, "RESULTS.md")
SECTION = "## Cypher queries: icigraph and Kùzu"

NODES, EDGES, SEED, PAIRS = 47_031, 2_250_197, 1, 100

# The metapath: two real relationship types and three labels of the generated
# graph (`engine/src/generate.rs`), frequent enough that the count is large.
SRC, HOP1, MID, HOP2, DST = "SmallMolecule", "regulates", "Gene", "participates_in", "Pathway"
PREFIX = "gene 12"
# Ladybug 0.22.0 is left out by default: its two-hop metapath counts on this
# graph are wrong and change from run to run (see bench/README.md).
PEERS = ["kuzu"]


def queries(hub, start):
    """(name, icigraph query, Kùzu query, whether row order is part of the answer, formulation note).

    Kùzu holds one node table `Node(id, name, category)` and one relationship
    table `Rel(predicate)` (as bench/peers.py loads it), so a label is
    `n.category` and a type `r.predicate` there. `hub` and `start` are node ids
    found by the first queries."""
    k_pair = (f"MATCH (a:Node)-[r:Rel]->(b:Node) WHERE r.predicate = '{HOP1}' "
              f"AND a.category = '{SRC}' AND b.category = '{MID}' RETURN count(*)")
    k_meta = ("MATCH (a:Node)-[r1:Rel]->(b:Node)-[r2:Rel]->(c:Node) "
              f"WHERE a.category = '{SRC}' AND r1.predicate = '{HOP1}' AND b.category = '{MID}' "
              f"AND r2.predicate = '{HOP2}' AND c.category = '{DST}' RETURN count(*)")
    return [
        ("count edges per relationship type",
         "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t",
         "MATCH ()-[r:Rel]->() RETURN r.predicate AS t, count(*) AS n ORDER BY t",
         True, "icigraph: `count_by_type` rewrite (one pass over the edge arrays); Kùzu: group by the type property"),
        ("top 10 nodes by out-degree",
         "MATCH (n)-->() RETURN n.id AS id, count(*) AS d ORDER BY d DESC, id LIMIT 10",
         ["MATCH (n:Node)-[r:Rel]->() RETURN n.id AS id, count(r) AS d ORDER BY d DESC, id LIMIT 10",
          "MATCH (n:Node)-[:Rel]->() RETURN n.id AS id, count(*) AS d ORDER BY d DESC, id LIMIT 10"],
         True, "icigraph: degree from the CSR arrays, and only the nodes with the largest degrees become groups (`count_last_hop`, `top_k`, `top_by_count`); Kùzu: aggregate + ORDER BY LIMIT, the faster of count(r) and count(*)"),
        ("count nodes per label",
         "MATCH (n) RETURN labels(n)[0] AS l, count(*) AS c ORDER BY l",
         "MATCH (n:Node) RETURN n.category AS l, count(*) AS c ORDER BY l",
         True, "icigraph: `count_by_label` rewrite (counts per label set from the category array); Kùzu: one scan grouped by the category column"),
        (f"typed pair ({SRC})-[:{HOP1}]->({MID})",
         f"MATCH (:{SRC})-[:{HOP1}]->(:{MID}) RETURN count(*) AS n",
         k_pair,
         True, "icigraph: last hop counted (`count_last_hop`); Kùzu: filtered join"),
        (f"metapath {SRC}-{HOP1}-{MID}-{HOP2}-{DST}, whole graph",
         f"MATCH (:{SRC})-[:{HOP1}]->(:{MID})-[:{HOP2}]->(:{DST}) RETURN count(*) AS n",
         k_meta,
         True, "icigraph: last hop counted; Kùzu: filtered joins"),
        (f"metapath from one node ({start})",
         f"MATCH (a {{id: '{start}'}})-[:{HOP1}]->(:{MID})-[:{HOP2}]->(c:{DST}) RETURN count(DISTINCT c) AS n",
         ["MATCH (a:Node)-[r1:Rel]->(b:Node)-[r2:Rel]->(c:Node) "
          f"WHERE a.id = '{start}' AND r1.predicate = '{HOP1}' AND b.category = '{MID}' "
          f"AND r2.predicate = '{HOP2}' AND c.category = '{DST}' RETURN count(DISTINCT c)",
          f"MATCH (a:Node {{id: '{start}'}})-[r1:Rel {{predicate: '{HOP1}'}}]->(b:Node {{category: '{MID}'}})"
          f"-[r2:Rel {{predicate: '{HOP2}'}}]->(c:Node {{category: '{DST}'}}) RETURN count(DISTINCT c)"],
         True, "icigraph: id lookup; Kùzu: primary key, the faster of WHERE and pattern properties"),
        (f"names starting with '{PREFIX}'",
         f"MATCH (n:{MID}) WHERE n.name STARTS WITH '{PREFIX}' RETURN count(*) AS n",
         f"MATCH (n:Node) WHERE n.category = '{MID}' AND n.name STARTS WITH '{PREFIX}' RETURN count(*)",
         True, "both: label-restricted scan with STARTS WITH"),
        (f"distinct two-hop neighbours of the biggest hub ({hub})",
         f"MATCH (a {{id: '{hub}'}})-->(b) WITH DISTINCT b MATCH (b)-->(c) RETURN count(DISTINCT c) AS n",
         [f"MATCH (a:Node)-[:Rel*2..2]->(c:Node) WHERE a.id = '{hub}' RETURN count(DISTINCT c)",
          f"MATCH (a:Node)-[:Rel]->(:Node)-[:Rel]->(c:Node) WHERE a.id = '{hub}' RETURN count(DISTINCT c)"],
         True, "icigraph: first hop made distinct, then the second hop's end nodes marked in a set over node indices (`count_last_hop`); Kùzu: the faster of `*2..2` and two joins"),
        (f"triangles through the biggest hub ({hub})",
         f"MATCH (a {{id: '{hub}'}})<--(c)<--(b)<--(a) RETURN count(*) AS n",
         [f"MATCH (a:Node)-[:Rel]->(b:Node)-[:Rel]->(c:Node)-[:Rel]->(a) WHERE a.id = '{hub}' RETURN count(*)",
          f"MATCH (a:Node)<-[:Rel]-(c:Node)<-[:Rel]-(b:Node)<-[:Rel]-(a) WHERE a.id = '{hub}' RETURN count(*)"],
         True, "icigraph: walked against the edges from the hub (its in-degree is far below its "
         "out-degree); Kùzu: the faster of both directions"),
        (f"neighbours of {DST} nodes named '{DST.lower()} 1…', grouped by label",
         f"MATCH (n:{DST}) WHERE n.name STARTS WITH '{DST.lower()} 1' MATCH (n)-->(m) "
         "RETURN labels(m)[0] AS l, count(*) AS c ORDER BY l",
         f"MATCH (n:Node)-[:Rel]->(m:Node) WHERE n.category = '{DST}' AND n.name STARTS WITH '{DST.lower()} 1' "
         "RETURN m.category AS l, count(*) AS c ORDER BY l",
         True, "icigraph: the filter in a MATCH of its own, the last hop counted per label set of its end node (`count_last_hop`); Kùzu: one MATCH"),
    ]


def sh(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True)


def prepare():
    folder = os.path.join(DATA, "large")
    if not os.path.exists(os.path.join(folder, "pairs.csv")):
        sh([BIN, "generate", "--nodes", str(NODES), "--edges", str(EDGES), "--seed", str(SEED),
            "--pairs", str(PAIRS), "--out", folder])
    snapshot = os.path.join(DATA, "large.icg")
    if not os.path.exists(snapshot):
        sh([BIN, "--data", folder, "build", "-o", snapshot])
    return folder, snapshot


def icigraph(snapshot, query):
    """One run in its own process: (rows as lists, execute seconds)."""
    proc = subprocess.run([BIN, "--db", snapshot, "--format", "json", "query", "--timing", query],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"icigraph failed on {query}:\n{proc.stderr[-2000:]}")
    found = re.search(r"execute ([0-9.]+) ms", proc.stderr)
    if not found:
        raise RuntimeError(f"no execute time in icigraph's stderr: {proc.stderr[-500:]}")
    rows = [list(row.values()) for row in json.loads(proc.stdout)]
    return rows, float(found.group(1)) / 1000


def icigraph_warm(snapshot, query, repeat):
    """In one `icigraph shell` process, as Kùzu runs: one untimed run, then
    `repeat` timed ones (the execute time `:timing on` prints)."""
    script = ":timing on\n" + f"{query};\n" * (repeat + 1)
    proc = subprocess.run([BIN, "--db", snapshot, "--format", "json", "shell"],
                          input=script, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"icigraph shell failed on {query}:\n{proc.stderr[-2000:]}")
    times = [float(t) for t in re.findall(r"^parse .* execute ([0-9.]+) ms$", proc.stdout, re.M)]
    if len(times) != repeat + 1:
        raise RuntimeError(f"expected {repeat + 1} timings from the shell: {proc.stdout[-1000:]}")
    return [t / 1000 for t in times[1:]]


class Peer:
    """Kùzu or Ladybug (a Kùzu fork with the same Python API), in this process."""

    def __init__(self, module, folder, workdir):
        self.db = module.Database(os.path.join(workdir, "db"), buffer_pool_size=4 << 30)
        self.conn = module.Connection(self.db)
        c = self.conn
        c.execute("CREATE NODE TABLE Node(id STRING, name STRING, category STRING, PRIMARY KEY (id))")
        c.execute("CREATE REL TABLE Rel(FROM Node TO Node, predicate STRING)")
        t0 = time.perf_counter()
        c.execute(f"COPY Node FROM '{os.path.abspath(folder)}/nodes.csv' (header=true)")
        c.execute(f"COPY Rel FROM (LOAD FROM '{os.path.abspath(folder)}/edges.csv' (header=true) "
                  "RETURN subject, object, predicate)")
        self.load_seconds = time.perf_counter() - t0

    def run(self, query):
        t0 = time.perf_counter()
        result = self.conn.execute(query)
        elapsed = time.perf_counter() - t0
        rows = []
        while result.has_next():
            rows.append(result.get_next())
        return rows, elapsed

    def close(self):
        self.conn.close()
        self.db.close()


def same(a, b):
    if len(a) != len(b):
        return False
    for ra, rb in zip(a, b):
        if len(ra) != len(rb):
            return False
        for x, y in zip(ra, rb):
            if isinstance(x, float) or isinstance(y, float):
                if not math.isclose(x, y, rel_tol=1e-9):
                    return False
            elif x != y:
                return False
    return True


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def worker():
    """One peer in this process: loads the graph, runs every query, prints JSON."""
    job = json.load(sys.stdin)
    module = __import__(job["peer"])
    workdir = tempfile.mkdtemp(prefix=f"{job['peer']}-cypher-", dir=DATA)
    try:
        db = Peer(module, job["folder"], workdir)
        out = {"load_seconds": db.load_seconds, "queries": []}
        for kq in job["queries"]:
            # Several formulations: each is kept for the check, the fastest warm one is timed.
            candidates = kq if isinstance(kq, list) else [kq]
            tries, answers = [], []
            for cand in candidates:
                db.run(cand)  # warm-up, untimed
                rows, s = db.run(cand)
                tries.append(s)
                answers.append((cand, rows))
            best = candidates[tries.index(min(tries))]
            runs = [db.run(best)[1] for _ in range(job["repeat"])]
            out["queries"].append({"best": best, "runs": runs, "tries": tries, "answers": answers})
        db.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    json.dump(out, sys.stdout)


def main():
    if sys.argv[1:] == ["--worker"]:
        return worker()
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peers", default=",".join(PEERS))
    parser.add_argument("--no-write", action="store_true", help="print the table, leave RESULTS.md alone")
    args = parser.parse_args()
    peers = args.peers.split(",")

    load_before = loadavg()
    folder, snapshot = prepare()
    # The hub and the metapath's start node come from the data itself.
    hub = icigraph(snapshot, queries("", "")[1][1])[0][0][0]
    start = icigraph(snapshot, f"MATCH (a:{SRC})-[r:{HOP1}]->() RETURN a.id AS id, count(r) AS d "
                     "ORDER BY d DESC, id LIMIT 1")[0][0][0]
    qs = queries(hub, start)
    mine = []
    for name, iq, *_ in qs:
        runs = [icigraph(snapshot, iq) for _ in range(args.repeat)]
        warm = icigraph_warm(snapshot, iq, args.repeat)
        mine.append((runs[0][0], warm, [s for _, s in runs]))
        print(f"  icigraph {name}: warm {[round(s * 1000, 1) for s in warm]} ms, "
              f"cold {[round(s * 1000, 1) for _, s in runs]} ms", file=sys.stderr)
    theirs, loads, failures = {}, {}, []
    for peer in peers:
        # Kùzu and Ladybug cannot be imported into one process: each runs in its own.
        job = {"peer": peer, "folder": folder, "repeat": args.repeat, "queries": [q[2] for q in qs]}
        proc = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker"],
                              input=json.dumps(job), capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"{peer} failed:\n{proc.stderr[-3000:]}")
        answer = json.loads(proc.stdout)
        loads[peer] = answer["load_seconds"]
        print(f"{peer} loaded in {loads[peer]:.1f} s", file=sys.stderr)
        theirs[peer] = []
        for (name, *_), (i_rows, *_), got in zip(qs, mine, answer["queries"]):
            for cand, rows in got["answers"]:
                if not same(i_rows, rows):
                    failures.append(f"{peer}, {name}: icigraph {i_rows[:5]} vs {rows[:5]} ({cand})")
            theirs[peer].append((got["runs"], got["best"]))
            print(f"  {peer} {name}: {[round(s * 1000, 1) for s in got['runs']]} ms "
                  f"(warm tries {[round(s * 1000, 1) for s in got['tries']]})", file=sys.stderr)
    load_after = loadavg()

    text = report(qs, mine, theirs, loads, args.repeat, load_before, load_after)
    print(text)
    if failures:
        sys.exit("answers differ:\n" + "\n".join(failures))
    if not args.no_write:
        write_section(text)


def report(qs, mine, theirs, loads, repeat, before, after):
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), "unknown")
    version = sh([BIN, "--version"]).stdout.strip()
    med = lambda runs: statistics.median(runs) * 1000
    peers = list(theirs)
    names = {"kuzu": "Kùzu", "ladybug": "Ladybug"}
    vers = ", ".join(f"{names[p]} {importlib.metadata.version(p)} (`COPY` {loads[p]:.1f} s)" for p in peers)
    out = [SECTION, "",
           f"`bench/cypher.sh` (bench/cypher.py) on the large graph (`icigraph generate --nodes {NODES} "
           f"--edges {EDGES} --seed {SEED} --pairs {PAIRS}`, snapshot from `icigraph build`). "
           f"{version}, release build, from the snapshot, the execute time it prints itself: "
           f"*warm* in one `icigraph --db large.icg shell` process with `:timing on`, after one "
           f"untimed run of the query (as Kùzu is timed), and *cold* from `icigraph --db large.icg "
           f"query --timing`, one process per run (the first touch of the memory-mapped snapshot "
           f"included). Speed-ups are of warm against warm. "
           f"{vers} in process, one node table `Node(id, name, category)` and one relationship "
           f"table `Rel(predicate)`, default threads, 4 GiB buffer pool, "
           f"`time.perf_counter` around `conn.execute` after one untimed run of each query. "
           f"Medians of {repeat} runs; every answer equal in all tools. Speed-up = peer / icigraph "
           f"(above 1× icigraph is ahead). {cpu}, {os.cpu_count()} cores, shared; load average "
           f"before {before}, after {after}.", "",
           "| query | answer | icigraph warm (ms) | icigraph cold (ms) | "
           + " | ".join(f"{names[p]} (ms)" for p in peers) + " | formulation |",
           "|---|---|---:|---:|" + "---:|" * len(peers) + "---|"]
    for k, (name, _iq, _kq, _ordered, note) in enumerate(qs):
        rows, runs, cold = mine[k]
        answer = rows[0][-1] if len(rows) == 1 else f"{len(rows)} rows"
        i_ms = med(runs)
        cells = []
        for p in peers:
            p_ms = med(theirs[p][k][0])
            cells.append(f"{p_ms:.1f} ({p_ms / i_ms:.2f}×)")
        out.append(f"| {name} | {answer} | {i_ms:.1f} | {med(cold):.1f} | " + " | ".join(cells)
                   + f" | {note} |")
    out.append("")
    for p in peers:
        for label, which in (("warm", 1), ("cold", 2)):
            ratios = [med(theirs[p][k][0]) / med(mine[k][which]) for k in range(len(qs))]
            geo = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
            out.append(f"Geometric-mean speed-up of icigraph {label} against {names[p]} over the "
                       f"{len(qs)} queries: {geo:.2f}×; icigraph {label} at least as fast on "
                       f"{sum(r >= 1 for r in ratios)} of {len(qs)}.")
    out += ["", "The queries as run:", ""]
    for k, (name, iq, *_) in enumerate(qs):
        out += [f"* {name}", f"  * icigraph: `{iq}`"]
        out += [f"  * {names[p]}: `{theirs[p][k][1]}`" for p in peers]
    out.append("")
    return "\n".join(out)


def write_section(text):
    old = open(RESULTS).read()
    if SECTION in old:
        head, rest = old.split(SECTION, 1)
        nxt = rest.find("\n## ")
        tail = rest[nxt + 1:] if nxt >= 0 else ""
        new = head + text + ("\n" + tail if tail else "")
    else:
        new = old.rstrip("\n") + "\n\n" + text
    with open(RESULTS, "w") as f:
        f.write(new)


if __name__ == "__main__":
    main()
