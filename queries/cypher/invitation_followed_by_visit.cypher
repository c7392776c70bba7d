// Invitations and whether the invitee visited the inviter's country within N days after.
// params: days: int = 90 (window after the invitation)
// backends: neo4j
// Visits are collected once per guest and inviter's country (their distinct days), then matched to each
// invitation: comparing every invitation with every visit of a busy guest does not scale.
MATCH (inviter:Actor)-[inv:INVITED]->(guest:Actor)
WHERE inv.date_value IS NOT NULL
WITH guest, inviter.country AS country, collect({on: inv.date_value, date: inv.date, inviter: inviter.name}) AS invitations
WITH guest, invitations, COLLECT {
  MATCH (guest)-[v:VISITED]->(dest:Actor)
  WHERE v.date_value IS NOT NULL AND dest.country = country
  RETURN DISTINCT v.date_value
} AS visits
UNWIND invitations AS i
WITH i, guest, [d IN visits WHERE i.on <= d <= i.on + duration({days: $days})] AS after
UNWIND CASE WHEN after = [] THEN [null] ELSE after END AS d
RETURN i.date AS invited_on, i.inviter AS inviter, guest.name AS guest,
       toString(min(d)) AS visited_on, min(d) IS NOT NULL AS followed
ORDER BY invited_on
