-- who-deleted, after who-deleted-same-request.sql: a network activity event that records the same request as a
-- management or data event found is that call, seen again through the VPC endpoint: left out, so that the call is
-- listed and counted once (its deletion names the endpoint).
DELETE FROM tk_scope WHERE record_hash IN (SELECT network_twin FROM tk_same_request)
