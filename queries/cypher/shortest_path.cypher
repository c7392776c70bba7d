// The shortest chain of events linking two actors (through dated event edges).
// params: a: str = "Q7747" (actor id); b: str = "Q858" (actor id)
// backends: neo4j
MATCH (x:Actor {id: $a}), (y:Actor {id: $b})
MATCH p = shortestPath((x)-[:CALLED|VISITED|MET|INVITED|MESSAGED|AGREED_WITH|STATED_ABOUT|APPEALED_TO|CONDEMNED*..6]-(y))
RETURN [n IN nodes(p) | n.name] AS actors, [r IN relationships(p) | type(r) + " " + coalesce(r.date, "?")] AS events
