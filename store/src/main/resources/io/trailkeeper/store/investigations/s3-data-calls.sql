-- Fragment (s3-customer-key.sql, in the s3 investigation): the bucket's object calls that are data events, as
-- s3-data-scope.sql left them.
SELECT * FROM tk_scope
