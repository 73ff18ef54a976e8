// What counters defective antigen presentation, including every more
// specific mechanism filed under it (β2M loss, MHC-I loss, …)?
MATCH (top:Mechanism {id: 'ici:antigen_presentation_defect'})<-[:subclass_of*0..]-(m:Mechanism)
MATCH (s)-[o:overcomes]->(m)
RETURN DISTINCT m.name AS mechanism, s.name AS countermeasure, o.evidence AS evidence
ORDER BY mechanism, countermeasure
