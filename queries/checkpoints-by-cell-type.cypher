// Which inhibitory checkpoints does each cell type express?
MATCH (c:CellType)-[:expresses]->(k:ImmuneCheckpoint)
WITH c, k ORDER BY k.name
RETURN c.name AS cell_type, collect(k.name) AS checkpoints, count(k) AS n
ORDER BY n DESC, cell_type
