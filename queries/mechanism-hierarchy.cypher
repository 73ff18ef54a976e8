// The mechanism tree: how far each mechanism sits below the acquired
// resistance phenotype, and through which parent class.
MATCH p = (m:Mechanism)-[:subclass_of|contributes_to*1..6]->(:Phenotype {id: 'ici:acquired_resistance'})
WITH m, min(length(p)) AS depth
OPTIONAL MATCH (m)-[:subclass_of]->(parent:Mechanism)
RETURN depth, m.name AS mechanism, collect(parent.name) AS parents
ORDER BY depth, mechanism
