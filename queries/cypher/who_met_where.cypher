// Who met whom at a given place (meetings with an IN_PLACE edge).
// params: place: str = "Q3766" (actor id of a city or country)
// backends: embedded, neo4j
MATCH (x:Actor)<-[:INVOLVES]-(e:Meet)-[:IN_PLACE]->(p:Actor)
WHERE p.id = $place
RETURN e.date AS date, x.name AS participant, e.id AS event
ORDER BY event
