-- Fragment (s3-customer-key.sql, in who-deleted of a bucket): per successful object write (writes), when at most
-- $key_limit, whether it was made with a key the caller provided (customer-key-write.sql) and onto itself
-- (copied-onto-itself.sql), from its raw record. An aggregate over the rows sorted by raw chunk: each record is decoded
-- above the sort, its chunk decompressed once for all of its writes (DuckDB's optimizer would push a projection below
-- the ORDER BY).
SELECT *, coalesce({{customer_key_write}}, false) AS customer_key, coalesce({{copied_onto_itself}}, false) AS in_place
FROM (
    SELECT any_value(principal_arn) AS principal_arn, any_value(user_name) AS user_name,
           any_value(identity_type) AS identity_type, any_value(event_name) AS event_name,
           any_value(source_ip) AS source_ip, any_value(event_time) AS event_time,
           any_value(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))) AS record
    FROM (SELECT * FROM writes WHERE (SELECT count(*) FROM writes) <= $key_limit ORDER BY raw_chunk, raw_offset)
    GROUP BY call_id
) AS decoded
