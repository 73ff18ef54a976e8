// Which therapies or strategies counter each resistance mechanism, and how
// strong is the evidence (highest level first), and what did it find?
MATCH (s)-[o:overcomes]->(m:Mechanism)
WITH m, s, o,
     CASE o.evidence
       WHEN 'approved' THEN 6 WHEN 'phase3' THEN 5 WHEN 'phase2' THEN 4
       WHEN 'phase1/2' THEN 3 WHEN 'phase1' THEN 2 WHEN 'preclinical' THEN 1
       ELSE 0 END AS rank
ORDER BY m.name, rank DESC, s.name
RETURN m.axis AS axis, m.name AS mechanism, s.name AS countermeasure,
       labels(s)[0] AS kind, o.evidence AS evidence, o.outcome AS outcome, o.refs AS refs
