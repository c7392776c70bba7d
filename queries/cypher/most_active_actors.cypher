// The actors taking part in most events between two dates.
// params: start: str = "1900-01-01" (first day, ISO); end: str = "2100-12-31" (last day, ISO)
// backends: embedded, neo4j
MATCH (e:Event)-[:INVOLVES]->(a:Actor)
WHERE e.date >= $start AND e.date <= $end
RETURN a.id AS actor, a.name AS name, COUNT(e) AS events
ORDER BY events DESC, actor
LIMIT 10
