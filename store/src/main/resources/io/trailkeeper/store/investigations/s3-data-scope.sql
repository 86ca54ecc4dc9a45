-- s3: the bucket's object calls that are data events (tk_calls, s3-scope.sql), which the sections operations,
-- by_principal, by_ip and deletes count. The network activity events are apart (s3-network-scope.sql): a call
-- through a VPC endpoint is recorded as one in the endpoint owner's account, and as a data event too only where a
-- trail's data event selector logs it; counting both would count that call twice.
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT * FROM tk_calls WHERE event_category = 'Data'
