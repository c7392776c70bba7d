// Invitations and whether the invitee visited the inviter's country within N days after.
// params: days: int = 90 (window after the invitation)
// backends: neo4j
MATCH (inviter:Actor)-[inv:INVITED]->(guest:Actor)
WHERE inv.date IS NOT NULL AND size(inv.date) = 10
OPTIONAL MATCH (guest)-[v:VISITED]->(dest:Actor)
WHERE v.date IS NOT NULL AND size(v.date) = 10
  AND dest.country = inviter.country
  AND date(v.date) >= date(inv.date) AND date(v.date) <= date(inv.date) + duration({days: $days})
RETURN inv.date AS invited_on, inviter.name AS inviter, guest.name AS guest,
       min(v.date) AS visited_on, min(v.date) IS NOT NULL AS followed
ORDER BY invited_on
