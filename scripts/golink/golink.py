#!/usr/bin/env python3
"""Links the review's gene nodes to NCBI Gene and writes the Gene Ontology beside the graph.

Reads the two Bioconductor annotation packages Debian ships (r-bioc-org.hs.eg.db,
r-bioc-go.db) and writes, deterministically (same package versions, same bytes):

  graph-data/xrefs/org.Hs.eg.db.csv   verified cross-references and aliases of review nodes,
                                      merged by the loader onto the nodes they name
  graph-data-go/nodes.tsv, edges.tsv  KGX TSV: the GO biological-process terms the linked
                                      genes are annotated to, all their ancestors, the
                                      is_a / part_of / regulates edges among them, and the
                                      annotations themselves (review node -> GO term)
  graph-data-go/report.txt            what was linked, what was not and why

No identifier is typed by hand: scripts/golink/decisions.csv only says which review
nodes stand for a single human gene product; the gene is found from the node's own
name and synonyms, and every id comes from the package tables.

  python3 scripts/golink/golink.py                 # write the files
  python3 scripts/golink/golink.py --check         # exit 1 if any written file would change
  python3 scripts/golink/golink.py --answer FILE   # print what a saved query should return
"""

import argparse
import csv
import io
import os
import re
import sqlite3
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
SITE = Path("/usr/lib/R/site-library")
ORGDB = SITE / "org.Hs.eg.db/extdata/org.Hs.eg.sqlite"
GODB = SITE / "GO.db/extdata/GO.sqlite"
NODE_FILES = ["genes.csv", "checkpoints.csv", "molecules.csv"]

# GO.db relationship types -> Biolink predicates of the KGX edges.
RELATIONS = {
    "isa": "biolink:subclass_of",
    "part of": "biolink:part_of",
    "regulates": "biolink:regulates",
    "positively regulates": "biolink:positively_regulates",
    "negatively regulates": "biolink:negatively_regulates",
}


def connect(path):
    if not path.is_file():
        sys.exit(f"error: {path} not found (apt-get install r-bioc-org.hs.eg.db r-bioc-go.db)")
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def package_version(sqlite_path):
    """Version from the package DESCRIPTION beside extdata/, e.g. 3.16.0."""
    desc = sqlite_path.parent.parent / "DESCRIPTION"
    fields = {}
    if desc.is_file():
        for line in desc.read_text().splitlines():
            if ":" in line and not line.startswith(" "):
                key, value = line.split(":", 1)
                fields[key] = value.strip()
    return fields.get("Package", sqlite_path.stem), fields.get("Version", "unknown")


def key(label):
    """Case-, Greek- and punctuation-insensitive form of a label, for matching only."""
    text = unicodedata.normalize("NFKC", label).lower()
    for greek, latin in (("α", "alpha"), ("β", "beta"), ("γ", "gamma")):
        text = text.replace(greek, latin)
    return re.sub(r"[^a-z0-9]", "", text)


def read_nodes(data):
    nodes = {}
    for name in NODE_FILES:
        with open(data / "nodes" / name, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                labels = [row["name"]] + [s.strip() for s in row["synonyms"].split("|") if s.strip()]
                nodes[row["id"]] = {"category": row["category"], "labels": labels}
    return nodes


def read_decisions():
    with open(HERE / "decisions.csv", newline="", encoding="utf-8") as f:
        return {row["node"]: row for row in csv.DictReader(f)}


def read_evidence():
    with open(HERE / "evidence-codes.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class OrgDb:
    def __init__(self, con):
        self.con = con
        self.symbol = {}  # _id -> symbol
        self.full = {}  # _id -> full name
        self.gene_id = {}
        for _id, gene_id, symbol, full in con.execute(
            "SELECT g._id, g.gene_id, i.symbol, i.gene_name FROM genes g JOIN gene_info i USING (_id)"
        ):
            self.gene_id[_id] = gene_id
            self.symbol[_id] = symbol
            self.full[_id] = full
        self.aliases = {}
        for _id, alias in con.execute("SELECT _id, alias_symbol FROM alias"):
            self.aliases.setdefault(_id, set()).add(alias)
        self.by_symbol, self.by_symbol_key, self.by_full, self.by_alias = {}, {}, {}, {}
        for _id, symbol in self.symbol.items():
            self.by_symbol.setdefault(symbol, set()).add(_id)
            self.by_symbol_key.setdefault(key(symbol), set()).add(_id)
            self.by_full.setdefault(key(self.full[_id]), set()).add(_id)
        for _id, names in self.aliases.items():
            for alias in names:
                self.by_alias.setdefault(key(alias), set()).add(_id)

    def column(self, table, column, _id):
        rows = self.con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE _id = ?", (_id,))
        return sorted(r[0] for r in rows)

    def resolve(self, labels):
        """Tiers, first hit wins: exact symbol, symbol ignoring case and punctuation,
        full name, alias. Returns (tier, {_id: [labels]})."""
        tiers = [
            ("symbol", lambda l: self.by_symbol.get(l, set())),
            ("symbol (case and punctuation ignored)", lambda l: self.by_symbol_key.get(key(l), set())),
            ("full name", lambda l: self.by_full.get(key(l), set())),
            ("alias", lambda l: self.by_alias.get(key(l), set())),
        ]
        for tier, find in tiers:
            hits = {}
            for label in labels:
                for _id in find(label):
                    hits.setdefault(_id, []).append(label)
            if hits:
                return tier, hits
        return None, {}


def link(data, org, version):
    nodes = read_nodes(data)
    decisions = read_decisions()
    report = []
    linked = {}  # node id -> org _id
    for node in sorted(nodes):
        if node not in decisions:
            if nodes[node]["category"] != "Variant":
                report.append(f"{node}: no decision in decisions.csv; left ici: only")
            continue
        decision = decisions[node]
        if decision["decision"] != "gene_product":
            report.append(f"{node}: {decision['decision']} ({decision['reason']}); left ici: only")
            continue
        tier, hits = org.resolve(nodes[node]["labels"])
        if len(hits) == 1:
            (_id,) = hits
            linked[node] = _id
            report.append(
                f"{node}: NCBIGene:{org.gene_id[_id]} {org.symbol[_id]} by {tier} "
                f"({', '.join(hits[_id])})"
            )
        elif not hits:
            report.append(f"{node}: MISSING no symbol, full name or alias matches; left ici: only")
        else:
            found = ", ".join(
                f"{org.symbol[i]} (NCBIGene:{org.gene_id[i]}) from {', '.join(l)}"
                for i, l in sorted(hits.items(), key=lambda kv: org.symbol[kv[0]])
            )
            report.append(f"{node}: AMBIGUOUS by {tier}: {found}; left ici: only")
    # An alias becomes a synonym only when it names this gene alone in the package
    # and no other review node already uses it as a label.
    taken = {}
    for node, info in nodes.items():
        for label in info["labels"]:
            taken.setdefault(key(label), set()).add(node)
    rows = []
    for node in sorted(linked):
        _id = linked[node]
        own = {key(l) for l in nodes[node]["labels"]}
        synonyms = []
        for alias in sorted({org.symbol[_id]} | org.aliases.get(_id, set())):
            k = key(alias)
            if k in own or any(s.lower() == alias.lower() for s in synonyms):
                continue
            if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 .+/-]*", alias):
                report.append(f"{node}: alias {alias} skipped (not a plain name)")
                continue
            genes = org.by_alias.get(k, set()) | org.by_symbol_key.get(k, set())
            if genes != {_id}:
                report.append(f"{node}: alias {alias} skipped (also names another gene)")
                continue
            if taken.get(k, set()) - {node}:
                report.append(f"{node}: alias {alias} skipped (a label of {', '.join(sorted(taken[k]))})")
                continue
            synonyms.append(alias)
        xref = [f"NCBIGene:{org.gene_id[_id]}"]
        xref += [f"ENSEMBL:{e}" for e in org.column("ensembl", "ensembl_id", _id)]
        xref += [f"UniProtKB:{u}" for u in org.column("uniprot", "uniprot_id", _id)]
        rows.append([node, org.symbol[_id], "|".join(xref), "|".join(synonyms), version])
    return nodes, linked, rows, report


def tsv(rows):
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(rows)
    return out.getvalue()


def go_folder(org, go, linked, evidence, go_version):
    rank = {row["evidence_code"]: i for i, row in enumerate(evidence)}
    level = {row["evidence_code"]: row for row in evidence}
    annotations = {}  # (node, go_id) -> codes
    for node, _id in linked.items():
        for go_id, code in org.con.execute(
            "SELECT DISTINCT go_id, evidence FROM go_bp WHERE _id = ?", (_id,)
        ):
            annotations.setdefault((node, go_id), set()).add(code)
    terms = {}
    for _id, go_id, term, definition in go.execute(
        "SELECT _id, go_id, term, definition FROM go_term WHERE ontology = 'BP'"
    ):
        terms[_id] = (go_id, term, definition or "")
    by_go = {v[0]: k for k, v in terms.items()}
    parents = {}
    for child, parent, relation in go.execute(
        "SELECT _id, _parent_id, relationship_type FROM go_bp_parents"
    ):
        parents.setdefault(child, []).append((parent, relation))
    keep, stack = set(), [by_go[g] for (_, g) in annotations if g in by_go]
    missing = sorted({g for (_, g) in annotations if g not in by_go})
    while stack:
        t = stack.pop()
        if t in keep:
            continue
        keep.add(t)
        stack.extend(p for p, _ in parents.get(t, []) if p in terms)
    node_rows = [["id", "category", "name", "description", "provided_by", "knowledge_source_version"]]
    for t in sorted(keep, key=lambda t: terms[t][0]):
        go_id, term, definition = terms[t]
        node_rows.append([go_id, "biolink:BiologicalProcess", term, definition, "infores:go", go_version])
    edge_rows = [[
        "subject", "predicate", "object", "primary_knowledge_source", "knowledge_level",
        "agent_type", "evidence_code", "knowledge_source_version",
    ]]
    dag = []
    for t in keep:
        for p, relation in parents.get(t, []):
            if p in keep:
                dag.append([terms[t][0], RELATIONS[relation], terms[p][0], "infores:go",
                            "knowledge_assertion", "manual_agent", "", go_version])
    unmapped = set()
    notes = []
    for (node, go_id), codes in annotations.items():
        if go_id not in by_go:
            continue
        known = sorted((c for c in codes if c in rank), key=rank.get)
        unmapped |= {c for c in codes if c not in rank}
        best = level[known[0]] if known else {"knowledge_level": "", "agent_type": ""}
        notes.append([node, "biolink:participates_in", go_id, "infores:ncbi-gene",
                      best["knowledge_level"], best["agent_type"], "|".join(sorted(codes)),
                      org.version])
    edge_rows += sorted(dag) + sorted(notes)
    return tsv(node_rows), tsv(edge_rows), missing, sorted(unmapped), len(keep), len(dag), len(notes)


def outputs(args):
    org_con, go_con = connect(args.orgdb), connect(args.godb)
    org_pkg, org_ver = package_version(args.orgdb)
    go_pkg, go_ver = package_version(args.godb)
    meta = dict(org_con.execute("SELECT name, value FROM metadata"))
    go_meta = dict(go_con.execute("SELECT name, value FROM metadata"))
    org = OrgDb(org_con)
    org.version = f"{org_pkg} {org_ver} (Entrez Gene {meta.get('EGSOURCEDATE', '?')})"
    go_version = f"{go_pkg} {go_ver} (go-basic {go_meta.get('GOSOURCEDATE', '?')})"
    nodes, linked, rows, report = link(args.data, org, org.version)
    xrefs = io.StringIO()
    writer = csv.writer(xrefs, lineterminator="\n")
    writer.writerow(["id", "gene_symbol", "xref", "synonym", "xref_source"])
    writer.writerows(rows)
    go_nodes, go_edges, missing, unmapped, n_terms, n_dag, n_notes = go_folder(
        org, go_con, linked, read_evidence(), go_version
    )
    head = [
        f"sources: {org.version}; {go_version}",
        f"review nodes linked to one human gene: {len(linked)}",
        f"GO biological-process terms written: {n_terms}; DAG edges: {n_dag}; annotations: {n_notes}",
        "HGNC ids: not in org.Hs.eg.db, so none are written (gene_symbol is the package's symbol)",
    ]
    if missing:
        head.append(f"annotated GO ids absent from GO.db (skipped): {' '.join(missing)}")
    if unmapped:
        head.append(f"evidence codes without a mapping in evidence-codes.csv: {' '.join(unmapped)}")
    text = "\n".join(head + [""] + report) + "\n"
    return {
        args.xrefs: xrefs.getvalue(),
        args.go / "nodes.tsv": go_nodes,
        args.go / "edges.tsv": go_edges,
        args.go / "report.txt": text,
    }, (org, go_con, linked, nodes)


def answer(path, ctx):
    """The CSV a saved query in queries/go/ must print, computed from the sqlite tables
    and the curated CSV files alone (no icigraph code involved)."""
    org, go, linked, nodes = ctx
    name = Path(path).stem
    by_id = {v: k for k, v in linked.items()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")

    def genes(go_id, table):
        rows = org.con.execute(f"SELECT DISTINCT _id FROM {table} WHERE go_id = ?", (go_id,))
        return sorted(by_id[r[0]] for r in rows if r[0] in by_id)

    def gene_rows(ids):
        writer.writerow(["id", "name", "symbol"])
        for node in ids:
            writer.writerow([node, nodes[node]["labels"][0], org.symbol[linked[node]]])

    if name == "go-mhc-i-presentation-genes":
        # go_bp_all: annotations to the term or any GO.db offspring of it.
        gene_rows(genes("GO:0002474", "go_bp_all"))
    elif name == "go-ifng-signaling-genes":
        gene_rows(genes("GO:0060333", "go_bp"))
    elif name == "go-shared-processes-by-mechanism":
        names = {}
        for f in sorted((ROOT / "graph-data/nodes").glob("*.csv")):
            with open(f, newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    names[row["id"]] = (row["category"], row["name"])
        members = {}
        for f in sorted((ROOT / "graph-data/edges").glob("*.csv")):
            with open(f, newline="", encoding="utf-8") as fh:
                for row in csv.DictReader(fh):
                    subject, obj = row["subject"], row["object"]
                    if (row["predicate"] == "involves" and names[subject][0] == "Mechanism"
                            and obj in linked):
                        members.setdefault(subject, set()).add(obj)
        term = dict(go.execute("SELECT go_id, term FROM go_term"))
        writer.writerow(["mechanism_id", "mechanism", "genes", "go_id", "process"])
        for mech in sorted(members):
            if len(members[mech]) < 2:
                continue
            shared = None
            for node in members[mech]:
                ids = {r[0] for r in org.con.execute(
                    "SELECT go_id FROM go_bp WHERE _id = ?", (linked[node],))}
                shared = ids if shared is None else shared & ids
            for go_id in sorted(g for g in shared if g in term):
                writer.writerow([mech, names[mech][1], len(members[mech]), go_id, term[go_id]])
    else:
        sys.exit(f"error: no reference answer for {name}")
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orgdb", type=Path, default=Path(os.environ.get("ICIGRAPH_ORGDB", ORGDB)))
    parser.add_argument("--godb", type=Path, default=Path(os.environ.get("ICIGRAPH_GODB", GODB)))
    parser.add_argument("--data", type=Path, default=ROOT / "graph-data")
    parser.add_argument("--xrefs", type=Path, default=ROOT / "graph-data/xrefs/org.Hs.eg.db.csv")
    parser.add_argument("--go", type=Path, default=ROOT / "graph-data-go", help="GO folder to write")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file differs")
    parser.add_argument("--answer", metavar="QUERY", help="print the expected answer of a saved query")
    args = parser.parse_args()
    files, ctx = outputs(args)
    if args.answer:
        sys.stdout.write(answer(args.answer, ctx))
        return
    stale = []
    for path, text in files.items():
        old = path.read_text(encoding="utf-8") if path.is_file() else None
        if old != text:
            stale.append(path)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        sys.exit("out of date: " + ", ".join(str(p) for p in stale))
    print(files[args.go / "report.txt"].split("\n\n")[0])


if __name__ == "__main__":
    main()
