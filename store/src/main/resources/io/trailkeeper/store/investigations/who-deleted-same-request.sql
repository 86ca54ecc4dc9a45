-- who-deleted, after the fetch: the network activity events (a call through a VPC endpoint, recorded in the endpoint
-- owner's account) that record the same request as a management or data event found (same-request.sql: the same
-- event source, call and requestID within 5 minutes). The pair is one deletion: who-deleted-same-request-drop.sql
-- leaves the network activity event out and the deletions name its endpoint (through_endpoint). A network activity
-- event with no requestID, or none that a management or data event found shares, stays listed on its own. The
-- records are read for the calls of the names the network activity events found have only.
CREATE OR REPLACE TEMP TABLE tk_same_request AS
WITH names AS (
    SELECT DISTINCT event_source, event_name FROM tk_scope WHERE event_category = 'NetworkActivity'
), calls AS MATERIALIZED (
    SELECT s.record_hash, s.event_time, s.event_source, s.event_name,
           s.event_category = 'NetworkActivity' AS network,
           tk_json(coalesce(s.raw_inline, tk_record(s.raw_chunk, s.raw_offset, s.raw_length))) AS record
    FROM tk_scope s JOIN names USING (event_source, event_name)
), ids AS MATERIALIZED (
    SELECT record_hash, event_time, event_source, event_name, network,
           nullif(record->>'$.requestID', '') AS request_id,
           record->>'$.vpcEndpointId' AS vpc_endpoint_id
    FROM calls
)
SELECT k.record_hash AS kept, n.record_hash AS network_twin, n.request_id, n.vpc_endpoint_id
FROM ids n JOIN ids k ON n.network AND NOT k.network AND {{same_request}}
