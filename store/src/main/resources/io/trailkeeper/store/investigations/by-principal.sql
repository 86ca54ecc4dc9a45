-- Fragment: a call by people and their roles and keys, not by an AWS service (AWSService, or a call a service made
-- for a principal, whose sourceIPAddress is the service's name), which touch every region every day. One rule for
-- regions' window (regions-scope.sql) and its 30 days before (regions-baseline-scope.sql), and for the report's calls
-- made by services (CallingService, which reads userIdentity.invokedBy besides).
NOT (identity_type = 'AWSService' OR coalesce(source_ip, '') LIKE '%.amazonaws.com' OR source_ip = 'AWS Internal')
