// Events between two countries through the people who held office for them (HOLDS_ROLE).
// params: c1: str = "Q159" (country actor id); c2: str = "Q858" (country actor id)
// backends: neo4j
// note: grand-cypher 1.2 cannot run RETURN DISTINCT with aliases, and without DISTINCT a person
// holding two offices of one country would list each event twice.
MATCH (c:Country)<-[:HOLDS_ROLE]-(p:Person)<-[:INVOLVES]-(e:Event)-[:INVOLVES]->(q:Person)-[:HOLDS_ROLE]->(d:Country)
WHERE c.id = $c1 AND d.id = $c2
RETURN DISTINCT e.date AS date, e.type AS type, p.name AS actor1, q.name AS actor2, e.id AS event
ORDER BY event
