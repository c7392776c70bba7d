// Phone calls between two dates (ISO strings; month- and year-precision dates compare as prefixes).
// params: start: str = "2025-01-01" (first day); end: str = "2025-12-31" (last day)
// backends: embedded, neo4j
MATCH (a:Actor)-[r:CALLED]->(b:Actor)
WHERE r.date >= $start AND r.date <= $end
RETURN r.date AS date, a.name AS caller, b.name AS callee, r.event_id AS event
ORDER BY event
