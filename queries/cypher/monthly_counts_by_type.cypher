// Monthly counts of events by type between two countries (through their people, or the countries themselves).
// params: c1: str = "Q159" (country actor id); c2: str = "Q858" (country actor id)
// backends: neo4j
MATCH (e:Event)-[:INVOLVES]->(x:Actor), (e)-[:INVOLVES]->(y:Actor)
WHERE e.date IS NOT NULL AND size(e.date) >= 7
  AND (x.id = $c1 OR (x)-[:HOLDS_ROLE]->(:Country {id: $c1}))
  AND (y.id = $c2 OR (y)-[:HOLDS_ROLE]->(:Country {id: $c2}))
RETURN substring(e.date, 0, 7) AS month, e.type AS type, count(DISTINCT e) AS events
ORDER BY month, type
