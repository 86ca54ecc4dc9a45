-- Fragment (story-find.sql): the subject's events in the window, testing every event.
SELECT rowid AS rid
FROM events
WHERE {{who}} AND {{window}}
