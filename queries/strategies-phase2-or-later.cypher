// Which strategies and agents have reached phase 2 or later against acquired
// resistance, for what, and did the study find the effect?
MATCH (s)-[r]->(x)
WHERE r.evidence IN ['phase2', 'phase3', 'approved']
  AND (s:Strategy OR s:Drug)
  AND type(r) IN ['overcomes', 'studied_for', 'enhances']
RETURN r.evidence AS evidence, s.name AS strategy, type(r) AS relation, x.name AS target,
       r.outcome AS outcome
ORDER BY CASE evidence WHEN 'approved' THEN 0 WHEN 'phase3' THEN 1 ELSE 2 END,
         strategy, target
