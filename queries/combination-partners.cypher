// What has been combined with PD-1 blockade, with which evidence, and in
// which cancer types was the combination studied?
MATCH (pd1:Strategy {id: 'ici:anti_pd1'})-[c:combined_with]-(partner)
OPTIONAL MATCH (partner)-[:studied_for]->(d:Disease)
WITH partner, c, d ORDER BY d.name
RETURN partner.name AS partner, c.evidence AS evidence, collect(DISTINCT d.name) AS cancers
ORDER BY partner
