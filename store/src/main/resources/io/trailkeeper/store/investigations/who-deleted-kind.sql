-- who-deleted, after the fetch: a call found by an IAM ARN's bare name only (names-by-name.sql) is dropped when its
-- request does not give that name under the key of the ARN's type ($name_key: roleName for role/..., userName for
-- user/..., groupName, instanceProfileName, serverCertificateName; '' for any other ARN, kept as found). A role, a
-- user and a group of one account may share a name, and a record's resources do not say which it is: given
-- role/Admin's ARN, DeleteUser's userName Admin is another resource's deletion. The record is read for those calls
-- only; the key is a JSON pointer ('/roleName'), valid even when '' (a path built from '' is refused at binding).
DELETE FROM tk_scope
WHERE $name_key <> ''
  AND NOT {{names_resource}}
  AND coalesce(json_extract_string(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
          -> '$.requestParameters', '/' || $name_key), '') <> $name
