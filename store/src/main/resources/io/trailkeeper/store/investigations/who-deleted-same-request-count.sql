-- who-deleted: how many network activity events who-deleted-same-request.sql found to record the same request as a
-- management or data event found (left out of the deletions, named by their endpoint), for the answer's note.
SELECT count(DISTINCT network_twin) AS paired FROM tk_same_request
