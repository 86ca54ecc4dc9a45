-- Fragment (object-reads.sql, for the report: report-data-reads.sql): the reader a call is counted under: the
-- principal that made it.
principal_arn
