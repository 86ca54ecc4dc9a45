-- Fragment: the events of one access key ($subject, as given). key_hash (KeyHash: 32 bits of the key's MD5) narrows
-- the scan to a few rows cheaply; access_key_id decides.
key_hash = CAST(md5_number_lower($subject) % 4294967296 AS UINTEGER) AND access_key_id = $subject
