// Review genes annotated to antigen processing and presentation of peptide antigen
// via MHC class I (GO:0002474) or to any term below it (is_a, part_of, regulates),
// from the Gene Ontology loaded beside the review: icigraph --with graph-data-go.
MATCH (:BiologicalProcess {id: 'GO:0002474'})<-[:subclass_of|part_of|regulates|positively_regulates|negatively_regulates*0..30]-(t:BiologicalProcess)<-[:participates_in]-(g)
RETURN DISTINCT g.id AS id, g.name AS name, g.gene_symbol AS symbol
ORDER BY id
