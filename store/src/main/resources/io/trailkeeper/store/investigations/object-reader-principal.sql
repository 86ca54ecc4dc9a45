-- Fragment (object-reads.sql and launches.sql, for the report: report-data-reads.sql, report-launches.sql,
-- report-launchers.sql): the reader a call is counted under: the principal that made it, named as the report names
-- principals where the record gives no ARN: an AWS service's call by the service (userIdentity.invokedBy), another
-- account's principal by its account and principal id (AWSAccount), both kept in user_name; else the identity type.
coalesce(principal_arn, user_name, identity_type)
