-- Fragment: the events of one access key ($subject, as given).
access_key_id = $subject
