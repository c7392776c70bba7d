// Visits whose destination is a country or a place in it (by ISO 3166 alpha-3 code).
// params: country: str = "SYR" (ISO 3166 alpha-3)
// backends: embedded, neo4j
MATCH (v:Actor)-[r:VISITED]->(d:Actor)
WHERE d.country = $country
RETURN r.date AS date, v.name AS visitor, d.name AS destination, r.event_id AS event
ORDER BY event
