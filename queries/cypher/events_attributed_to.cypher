// Events reported on the authority of a given source (news agency, presidency …).
// params: source: str = "media:tass" (actor id of the source)
// backends: embedded, neo4j
MATCH (e:Event)-[:ATTRIBUTED_TO]->(s:Actor)
WHERE s.id = $source
RETURN e.date AS date, e.type AS type, e.summary AS evidence, e.id AS event
ORDER BY event
