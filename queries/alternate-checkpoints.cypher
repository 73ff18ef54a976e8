// Which alternate checkpoints are switched on when tumors escape PD-1
// blockade, and which agents or strategies target them?
MATCH (:Mechanism {id: 'ici:alternate_checkpoint_activation'})-[:involves]->(k:ImmuneCheckpoint)
OPTIONAL MATCH (s)-[:targets]->(k)
WITH k, s ORDER BY s.name
RETURN k.name AS checkpoint, collect(s.name) AS targeted_by
ORDER BY checkpoint
