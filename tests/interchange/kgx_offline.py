"""Runs the `kgx` command line offline.

kgx and its bmt dependency load the Biolink model (and bmt's predicate map)
from raw.githubusercontent.com when they start; these machines reach only the
package registries. This wrapper points every bmt Toolkit at the schema the
PyPI `biolink-model` package ships (`biolink_model/schema/biolink_model.yaml`)
at an empty predicate map (used by kgx only to map non-Biolink predicates,
which icigraph never writes), and gives kgx the package's prefix map as its
JSON-LD `biolink` context instead of downloading context.jsonld; then it
runs kgx's own CLI.

    python kgx_offline.py [--prefix NAME=IRI]... validate -i tsv nodes.tsv edges.tsv

`--prefix` declares a CURIE prefix the Biolink context does not list, as a
KG's own JSON-LD context would: icigraph's ids use its project prefix `ici:`,
declared by the tests as `urn:icigraph:` (a namespace that claims no
registration).
"""

import sys
from importlib.resources import files

import json

import bmt.toolkit

SCHEMA = str(files("biolink_model") / "schema" / "biolink_model.yaml")
PREFIXES = files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"
_init = bmt.toolkit.Toolkit.__init__


def _offline_init(self, schema=None, predicate_map=None, **kwargs):
    if schema is None or (isinstance(schema, str) and "://" in schema):
        schema = SCHEMA
    if predicate_map is None or (isinstance(predicate_map, str) and "://" in predicate_map):
        predicate_map = {"predicate mappings": []}
    _init(self, schema, predicate_map, **kwargs)


bmt.toolkit.Toolkit.__init__ = _offline_init

if __name__ == "__main__":
    import kgx.config

    context = json.loads(PREFIXES.read_text())
    args = sys.argv[1:]
    while len(args) >= 2 and args[0] == "--prefix":
        name, _, iri = args[1].partition("=")
        context[name] = iri
        args = args[2:]
    kgx.config.jsonld_context_map["biolink"] = context
    sys.argv = [sys.argv[0], *args]
    from kgx.cli import cli

    sys.exit(cli())
