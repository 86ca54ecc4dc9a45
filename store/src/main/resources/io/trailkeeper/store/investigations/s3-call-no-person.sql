-- Fragment (s3-calls-listed.sql): no source identity is needed (no --actor, or an ARN, which names a principal).
CAST(NULL AS VARCHAR)
