-- Fragment (object-reads.sql and launches.sql, for the report: report-data-reads.sql, report-launches.sql): the
-- reader a call is counted under: the principal that made it.
principal_arn
