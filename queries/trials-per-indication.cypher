// For each agent approved in Table 1, which cancer types was it approved
// for and on the strength of which trials?
MATCH (d:Drug)-[a:approved_for]->(c:Disease)
OPTIONAL MATCH (t:ClinicalTrial)-[:tests]->(d)
WHERE t.id IN a.trials AND (t)-[:studies]->(c)
RETURN d.name AS agent, c.name AS indication, collect(t.name) AS trials
ORDER BY agent, indication
