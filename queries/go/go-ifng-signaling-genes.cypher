// Review genes annotated directly to the interferon-gamma-mediated signaling pathway
// (GO:0060333) in NCBI Gene's GO annotations: icigraph --with graph-data-go.
MATCH (g)-[:participates_in]->(:BiologicalProcess {id: 'GO:0060333'})
RETURN g.id AS id, g.name AS name, g.gene_symbol AS symbol
ORDER BY id
