// All events in which two actors both took part, whichever side each was on.
// params: a: str = "Q7747" (actor id); b: str = "Q159" (actor id)
// backends: embedded, neo4j
MATCH (x:Actor)<-[:INVOLVES]-(e:Event)-[:INVOLVES]->(y:Actor)
WHERE x.id = $a AND y.id = $b
RETURN e.date AS date, e.type AS type, e.summary AS evidence, e.id AS event
ORDER BY event
