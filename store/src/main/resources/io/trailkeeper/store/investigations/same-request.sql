-- Fragment: a network activity event n (a call through a VPC endpoint, recorded in the endpoint owner's account) and
-- a management or data event k record the same request: the same event source, call and requestID (the value the
-- called service generates for the request, which both records carry: each side's request_id, '' or NULL when it has
-- none), within 5 minutes of each other. One rule for who-deleted (who-deleted-same-request.sql) and the report's
-- destructive calls (ReportEndpointCalls).
k.event_source = n.event_source AND k.event_name = n.event_name AND k.request_id = n.request_id
    AND abs(epoch(k.event_time) - epoch(n.event_time)) <= 300
