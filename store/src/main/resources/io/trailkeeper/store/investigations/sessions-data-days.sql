-- key / actor: the data events the store holds (day_counts, pruned days included) on the days the issued sessions
-- could be used ($sessions_from to $sessions_to): with none, a session that made no management call may still have
-- read objects or invoked functions, which the event history never records.
SELECT coalesce(sum(events), 0) AS data_events
FROM day_counts
WHERE data AND day BETWEEN CAST($sessions_from AS DATE) AND CAST($sessions_to AS DATE)
