// For each review mechanism that involves two or more linked genes, the GO biological
// processes every one of those genes is annotated to: icigraph --with graph-data-go.
MATCH (m:Mechanism)-[:involves]->(g)
WHERE g.xref IS NOT NULL
WITH m, count(DISTINCT g) AS n
WHERE n >= 2
MATCH (m)-[:involves]->(g)-[:participates_in]->(t:BiologicalProcess)
WITH m, n, t, count(DISTINCT g) AS k
WHERE k = n
RETURN m.id AS mechanism_id, m.name AS mechanism, n AS genes, t.id AS go_id, t.name AS process
ORDER BY mechanism_id, go_id
