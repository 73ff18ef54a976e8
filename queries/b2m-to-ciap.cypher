// How is β2M connected to cIAP1/2? The three shortest routes in either
// direction (Yen's k shortest paths), as chains of names and predicates.
MATCH p = SHORTEST 3 (a:Gene {name: 'β2M'})-[*..6]-(b {id: 'ici:ciap'})
RETURN length(p) AS hops,
       [n IN nodes(p) | n.name] AS route,
       [r IN relationships(p) | type(r)] AS predicates
ORDER BY hops, route
