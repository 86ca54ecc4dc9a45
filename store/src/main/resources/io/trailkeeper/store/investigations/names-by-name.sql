-- Fragment: the event names a non-S3 ARN's resource by its bare name ($name: role/Admin's Admin, instance/i-x's
-- i-x), as IAM and EC2 records do (roleName, instanceId; no resources[]). Loose on its own: name-service.sql must
-- hold too. $name is '' for any other subject, and no name in resources is ''.
($name <> '' AND list_contains(resources, $name))
