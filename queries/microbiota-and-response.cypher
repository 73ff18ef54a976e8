// Which gut microbes are linked to response to checkpoint therapy or to an
// unfavourable microbiota, and with which references?
MATCH (o:Organism)-[r:associated_with]->(x)
RETURN x.name AS linked_to, o.name AS organism, r.refs AS refs
ORDER BY linked_to, organism
