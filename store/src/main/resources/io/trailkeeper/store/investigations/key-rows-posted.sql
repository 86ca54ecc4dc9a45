-- Fragment (story-find.sql): one access key's events, in a store whose key postings cover its events (key_postings,
-- see KeyPostings): the row ids posted under the key's hash on the window's days, read from the few row groups of
-- the postings that can hold them, and the lake's rows (row id below 0; not posted) tested as in story-rows.sql.
-- Another key of the same hash, and events of those days outside the window, are dropped once fetched
-- (key-verify.sql).
SELECT rid
FROM key_postings
WHERE key_hash = CAST(md5_number_lower($subject) % 4294967296 AS UINTEGER)
  AND (day IS NULL OR day BETWEEN CAST($since AS DATE) AND CAST($until AS DATE))
UNION ALL
SELECT rowid AS rid
FROM events
WHERE rowid < 0 AND {{who}} AND {{window}}
