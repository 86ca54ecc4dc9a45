-- logins / notes: the successful sign-ins from a network that none of the same user's earlier successful sign-ins
-- (of the window and before it; an IPv4 address's /24, else the whole address: logins-scope.sql), for a user with earlier
-- ones: a stolen password used from somewhere new, when no failure came before it and MFA is not recorded.
SELECT event_time, sign_in_user, source_ip, network, earlier_successes, earlier_before, first_success
FROM tk_scope
WHERE result = 'Success' AND source_ip IS NOT NULL AND earlier_successes > 0 AND earlier_from_network = 0
ORDER BY event_time, record_hash
