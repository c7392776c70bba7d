// Events between two countries through the people who held office for them (HOLDS_ROLE).
// params: c1: str = "Q159" (country actor id); c2: str = "Q858" (country actor id)
// backends: embedded, neo4j
MATCH (c:Country)<-[:HOLDS_ROLE]-(p:Person)<-[:INVOLVES]-(e:Event)-[:INVOLVES]->(q:Person)-[:HOLDS_ROLE]->(d:Country)
WHERE c.id = $c1 AND d.id = $c2
RETURN DISTINCT e.date AS date, e.type AS type, p.name AS actor1, q.name AS actor2, e.id AS event
ORDER BY event
