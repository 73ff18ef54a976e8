"""Times rustworkx's exact ways to a unit-weight shortest path with a target on
one size's 100 pairs and checks they agree: `bench/.venv/bin/python
bench/rustworkx_paths.py bench/data/large`. bench/peers.py uses the fastest."""
import csv
import sys
import time

import rustworkx as rx
from rustworkx.visit import BFSVisitor, StopSearch
data = sys.argv[1]
def read_csv(p):
    with open(p, newline="") as f:
        r = csv.reader(f); next(r); return [tuple(x) for x in r]
nodes = read_csv(f"{data}/nodes.csv")
g = rx.PyDiGraph(multigraph=True)
ix = g.add_nodes_from([{"id": i} for i, n, c in nodes])
index = {row[0]: i for row, i in zip(nodes, ix)}
g.add_edges_from([(index[s], index[o], p) for s, p, o in read_csv(f"{data}/edges.csv")])
pairs = [(index[s], index[t]) for s, t in read_csv(f"{data}/pairs.csv")]
def dij_paths(s, t):
    f = rx.digraph_dijkstra_shortest_paths(g, s, target=t, default_weight=1.0)
    return len(f[t]) - 1 if t in f else None
def dij_len(s, t):
    f = rx.digraph_dijkstra_shortest_path_lengths(g, s, lambda e: 1.0, goal=t)
    return int(f[t]) if t in f else None
def layers(s, t):
    for d, layer in enumerate(rx.digraph_bfs_layers(g, [s])):
        if t in layer: return d
    return None
class V(BFSVisitor):
    def __init__(self, t): self.t = t; self.dist = {}
    def tree_edge(self, e):
        u, v, _ = e
        self.dist[v] = self.dist.get(u, 0) + 1
        if v == self.t: raise StopSearch
def bfs_visit(s, t):
    if s == t: return 0
    vis = V(t)
    rx.digraph_bfs_search(g, [s], vis)
    return vis.dist.get(t)
fns = [dij_paths, dij_len, layers, bfs_visit]
ref = None
for f in fns:
    t0 = time.perf_counter(); out = [f(s, t) for s, t in pairs]; dt = time.perf_counter() - t0
    if ref is None: ref = out
    print(f.__name__, f"{dt*1000:.0f} ms", "same" if out == ref else "DIFFERENT", flush=True)
