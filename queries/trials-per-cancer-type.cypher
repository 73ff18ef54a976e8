// Which cancer types have the most clinical trials cited in the review?
MATCH (t:ClinicalTrial)-[:studies]->(c:Disease)
RETURN c.name AS cancer_type, count(DISTINCT t) AS trials
ORDER BY trials DESC, cancer_type
LIMIT 10
