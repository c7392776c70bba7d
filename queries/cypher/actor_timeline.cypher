// Every event an actor took part in (as source or target), with its date and evidence.
// params: actor: str = "Q7747" (actor id, e.g. a Wikidata QID or person:slug)
// backends: embedded, neo4j
MATCH (e:Event)-[i:INVOLVES]->(a:Actor)
WHERE a.id = $actor
RETURN e.date AS date, e.type AS type, i.role AS role, e.summary AS evidence, e.id AS event
ORDER BY event
