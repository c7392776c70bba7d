// Statements made by an actor, with the sentence each was read from.
// params: actor: str = "Q7747" (actor id)
// backends: embedded, neo4j
MATCH (a:Actor)-[:SOURCE_OF]->(e:Statement)
WHERE a.id = $actor
RETURN e.date AS date, e.summary AS evidence, e.id AS event
ORDER BY event
