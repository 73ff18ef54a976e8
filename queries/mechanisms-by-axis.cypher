// The resistance mechanisms of each axis (tumor cell-intrinsic or
// -extrinsic) with the genes and gene products (checkpoints, molecules)
// they involve.
MATCH (m:Mechanism)
WHERE m.axis IS NOT NULL
OPTIONAL MATCH (m)-[:involves]->(g)
WHERE g:Gene OR g:ImmuneCheckpoint OR g:Molecule
WITH m, g ORDER BY g.name
RETURN m.axis AS axis, m.name AS mechanism, collect(g.name) AS genes_and_products
ORDER BY axis, mechanism
