-- Fragment (s3-calls-listed.sql): the source identity of a listed call c (its event found again by its raw record's
-- place), when it contains --actor's text; NULL otherwise. Only events with one are looked at.
SELECT any_value(e.source_identity)
FROM events e
WHERE e.raw_chunk = c.raw_chunk AND e.raw_offset = c.raw_offset AND contains(lower(e.source_identity), $person_text)
