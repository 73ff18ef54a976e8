// Which countermeasures does the review only file under a mechanism's
// heading, without a sentence saying they counter that mechanism?
MATCH (s)-[o:overcomes]->(m)
WHERE o.support = 'section'
RETURN o.section AS section, s.name AS countermeasure, m.name AS mechanism,
       o.setting AS setting, o.refs AS refs
ORDER BY section, countermeasure
