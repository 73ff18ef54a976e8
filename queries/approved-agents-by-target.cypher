// Table 1 at a glance: each checkpoint, the approved agents that target it,
// their makers and how many indications each agent is approved for.
MATCH (d:Drug)-[:targets]->(k:ImmuneCheckpoint)
WHERE (d)-[:approved_for]->()
OPTIONAL MATCH (maker:Organization)-[:manufactures]->(d)
RETURN k.name AS target, d.name AS agent, maker.name AS maker,
       size([(d)-[:approved_for]->(c) | c]) AS indications
ORDER BY target, indications DESC, agent
